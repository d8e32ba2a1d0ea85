//! Time to fidelity: how long each practitioner took from training to practice with fidelity,
//! and their fidelity trajectory, from the coaching and training records of the event log.
//!
//! Training alone rarely changes practice, coaching in the practitioner's setting does (Joyce &
//! Showers 2002, DOMAIN §4), so the time from a practitioner's first training to their first
//! observation at fidelity is measured: the days from their first training for an innovation
//! to the first coaching observation ([`CycleStep::Observation`]) whose practice-profile
//! ratings meet the innovation's fidelity criterion. Which trainings count for an innovation
//! is **this crate's choice** (see [`time_to_fidelity`]).
//!
//! - [`time_to_fidelity`]: days from first training to the first coaching observation that
//!   meets the innovation's fidelity criterion, with each practitioner's fidelity trajectory
//!   ([`TimeToFidelity`], [`FidelityPoint`]);
//! - [`FidelityMeasure`]: the same, derived one event at a time.
//!
//! Coaching as planned and as delivered is in [`measures`](super::measures).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use super::measures::{CoachingReport, push_exact};
use crate::coaching::{CoachingEvent, CoachingPlan, CoachingStep, CycleStep, Training};
use crate::id::{EventId, PractitionerId};
use crate::innovation::{Innovation, ProfileLevel};
use crate::measure::{AsKind, Measure, fold};
use crate::score::instruments::fidelity::rate;
#[cfg(doc)]
use crate::score::instruments::fidelity::{FidelityObservation, fidelity_score};
use crate::share::Share;
use crate::system::IdTable;

/// One practitioner's path from training to fidelity. Made by [`time_to_fidelity`].
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::coaching::fidelity::time_to_fidelity;
/// use implsci::event::{parse_log, Event};
///
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let log = parse_log(&std::fs::read("tests/fixtures/events/valid.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// let t1 = &time_to_fidelity(&events, &cico)[0];
/// assert_eq!(t1.first_training.map(|d| d.to_string()).as_deref(), Some("2024-08-20"));
/// // One observation: check-in expected, feedback developmental (1 of 2, check-out unrated).
/// assert_eq!(t1.trajectory[0].expected.percent(), Some(50.0));
/// assert_eq!((t1.first_met, t1.days), (None, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct TimeToFidelity {
    /// The practitioner.
    pub practitioner: PractitionerId,
    /// Their first training for the innovation (see [`time_to_fidelity`]), if any.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub first_training: Option<Date>,
    /// The first observation on or after that training whose ratings meet the innovation's
    /// fidelity criterion; with no training, the first such observation at all.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub first_met: Option<Date>,
    /// Days from `first_training` to `first_met`; `None` when either is missing.
    pub days: Option<i32>,
    /// Every scored observation, oldest first.
    pub trajectory: Vec<FidelityPoint>,
    /// Observations the innovation could not score (a function it does not have, a
    /// function rated twice, a criterion it cannot apply): left out of the trajectory.
    pub unscored: Vec<EventId>,
}

/// One observation on a practitioner's fidelity trajectory. Part of [`TimeToFidelity`].
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::coaching::fidelity::time_to_fidelity;
/// use implsci::coaching::{CoachingStep, CycleStep};
/// use implsci::event::Event;
/// use implsci::innovation::ProfileLevel::Expected;
/// use implsci::score::instruments::fidelity::FunctionRating;
///
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let mut s = CoachingStep::new("e-1".parse()?, "2024-10-01".parse()?, "plan-1".parse()?,
///     "cycle-1".parse()?, "p-1".parse()?, CycleStep::Observation);
/// s.ratings = vec![FunctionRating::new("ef-checkin".parse()?, Expected),
///                  FunctionRating::new("ef-checkout".parse()?, Expected)];
/// let point = &time_to_fidelity(&[Event::CoachingStep(s)], &cico)[0].trajectory[0];
/// assert_eq!(point.expected.percent(), Some(100.0));
/// assert_eq!(point.criterion_met, Some(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct FidelityPoint {
    /// The observation's date.
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The observation (coaching step).
    pub observation: EventId,
    /// Rated essential functions at expected, out of the functions rated.
    pub expected: Share,
    /// Whether the innovation's fidelity criterion is met; `None` when the innovation has no
    /// fidelity assessment.
    pub criterion_met: Option<bool>,
}

/// The coaching report with each practitioner's time to fidelity beside it: what
/// `implsci coaching --innovation FILE --format json` writes. On the wire it is the coaching
/// report's fields and `time_to_fidelity`.
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::coaching::fidelity::{CoachingWithFidelity, time_to_fidelity};
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::event::{Event, parse_log};
///
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
/// let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
/// let as_of = "2024-11-30".parse()?;
/// let window = Window::new("2024-09-01".parse()?, as_of).ok_or("empty window")?;
/// let both = CoachingWithFidelity::new(coaching_report(&events, window, as_of), time_to_fidelity(&events, &cico));
/// let json = serde_json::to_value(&both)?;
/// assert!(json["practitioners"].is_array() && json["time_to_fidelity"].is_array());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CoachingWithFidelity {
    /// The coaching report.
    #[serde(flatten)]
    pub coaching: CoachingReport,
    /// Per practitioner, by id: days from training to fidelity, and the trajectory.
    pub time_to_fidelity: Vec<TimeToFidelity>,
}

impl CoachingWithFidelity {
    /// The two reports together.
    ///
    /// ```
    /// use implsci::coaching::fidelity::CoachingWithFidelity;
    /// use implsci::coaching::measures::{coaching_report, Window};
    /// use implsci::event::Event;
    ///
    /// let w = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
    /// let both = CoachingWithFidelity::new(coaching_report::<Event>(&[], w, w.end()), Vec::new());
    /// assert!(both.time_to_fidelity.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(coaching: CoachingReport, time_to_fidelity: Vec<TimeToFidelity>) -> Self {
        Self {
            coaching,
            time_to_fidelity,
        }
    }
}

/// Days from each practitioner's first training for `innovation` to their first coaching
/// observation that meets its fidelity criterion, with their fidelity trajectory.
///
/// - **Observations**: coaching steps of kind [`CycleStep::Observation`] with ratings, whose
///   plan does not name another innovation (a plan naming none, or missing from the log,
///   counts). Each is scored with
///   [`fidelity_score`] on a
///   [`FidelityObservation`] built from its ratings.
/// - **Trainings for the innovation** (this crate's choice): the trainings that name it; when
///   no training in the log names it, the trainings that name no innovation. A training
///   naming another innovation never counts.
/// - **First met**: the first observation on or after the first training whose criterion is
///   met (of two on one day, the earlier in the log); with no training, the first met at all,
///   and `days` is `None`. An innovation without a fidelity assessment is never met.
/// - **Days**: calendar days between the two dates (jiff), so training on 1 September and
///   fidelity on 1 October is 30.
///
/// Practitioners are listed, by id, when they have an observation or a training for the
/// innovation.
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::coaching::fidelity::time_to_fidelity;
/// use implsci::coaching::{CoachingStep, CycleStep, Training};
/// use implsci::event::Event;
/// use implsci::innovation::ProfileLevel::Expected;
/// use implsci::score::instruments::fidelity::FunctionRating;
///
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let mut training = Training::new("e-1".parse()?, "2024-09-01".parse()?, "CICO", vec!["p-1".parse()?]);
/// training.innovation = Some(cico.id.clone());
/// let mut s = CoachingStep::new("e-2".parse()?, "2024-10-01".parse()?, "plan-1".parse()?,
///     "cycle-1".parse()?, "p-1".parse()?, CycleStep::Observation);
/// s.ratings = vec![FunctionRating::new("ef-checkin".parse()?, Expected),
///                  FunctionRating::new("ef-checkout".parse()?, Expected)];
/// let result = time_to_fidelity(&[Event::Training(training), Event::CoachingStep(s)], &cico);
/// assert_eq!(result[0].days, Some(30));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn time_to_fidelity<E: CoachingEvent>(
    events: &[E],
    innovation: &Innovation,
) -> Vec<TimeToFidelity> {
    fold(events, FidelityMeasure::new(innovation))
}

/// [`time_to_fidelity`] derived one event at a time: the one-pass form, as a [`Measure`] (see
/// [`event::measure`](crate::event::measure)). Each observation is scored as it is added; what
/// a later event can still decide (the innovation of a plan not yet seen, whether some training
/// names the innovation) is settled at the end.
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::coaching::fidelity::FidelityMeasure;
/// use implsci::event::measure::measure_log;
///
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let log = std::fs::File::open("tests/fixtures/events/valid.jsonl")?;
/// let fidelity = measure_log(log, FidelityMeasure::new(&cico))?.report;
/// assert_eq!(fidelity[0].trajectory[0].expected.percent(), Some(50.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct FidelityMeasure<'i> {
    innovation: &'i Innovation,
    /// The first plan with each id, and whether its observations count (it names no
    /// innovation, or this one), found through `plan_ids`.
    plans: Vec<(EventId, bool)>,
    plan_ids: IdTable,
    /// Whether some training names the innovation.
    named: bool,
    /// Every practitioner trained or observed, found through `practitioner_ids`.
    practitioners: Vec<Observations>,
    practitioner_ids: IdTable,
    seen: u64,
    /// A buffer for rating observations.
    levels: Vec<Option<ProfileLevel>>,
}

/// One practitioner's first trainings and observations.
#[derive(Debug, Clone)]
struct Observations {
    id: PractitionerId,
    /// The first training naming the innovation, and naming none.
    first_named: Option<Date>,
    first_unnamed: Option<Date>,
    /// Scored, in log order.
    observed: Vec<Observed>,
}

/// An observation, scored.
#[derive(Debug, Clone)]
struct Observed {
    date: Date,
    /// Its place in the log, to order observations of one day.
    seq: u64,
    id: EventId,
    plan: EventId,
    /// Expected and rated functions, and the criterion; `None` when it cannot be scored.
    scored: Option<(u32, u32, Option<bool>)>,
}

impl<'i> FidelityMeasure<'i> {
    /// A measure of time to fidelity for `innovation`.
    ///
    /// ```
    /// use implsci::{Document, Innovation};
    /// use implsci::coaching::fidelity::FidelityMeasure;
    /// use implsci::event::{measure::Measure, parse_log};
    ///
    /// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let mut measure = FidelityMeasure::new(&cico);
    /// for record in parse_log(&std::fs::read("tests/fixtures/events/valid.jsonl")?).records {
    ///     measure.add(&record.value);
    /// }
    /// assert_eq!(measure.finish()[0].practitioner.as_str(), "lincoln-t1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(innovation: &'i Innovation) -> Self {
        Self {
            innovation,
            plans: Vec::new(),
            plan_ids: IdTable::default(),
            named: false,
            practitioners: Vec::new(),
            practitioner_ids: IdTable::default(),
            seen: 0,
            levels: Vec::new(),
        }
    }

    /// A practitioner's observations, added when new.
    fn practitioner(&mut self, id: &PractitionerId) -> &mut Observations {
        let make = || Observations {
            id: id.clone(),
            first_named: None,
            first_unnamed: None,
            observed: Vec::new(),
        };
        let (p, _) = self.practitioner_ids.find_or_push(
            &mut self.practitioners,
            id.as_str(),
            |o: &Observations| o.id.as_str(),
            make,
        );
        &mut self.practitioners[p as usize]
    }

    fn plan(&mut self, p: &CoachingPlan) {
        // The first plan with an id is used.
        let counts = p
            .innovation
            .as_ref()
            .is_none_or(|i| i == &self.innovation.id);
        self.plan_ids.find_or_push(
            &mut self.plans,
            p.id.as_str(),
            |plan| plan.0.as_str(),
            || (p.id.clone(), counts),
        );
    }

    fn training(&mut self, t: &Training) {
        let named = match &t.innovation {
            Some(i) if i == &self.innovation.id => true,
            Some(_) => return,
            None => false,
        };
        self.named |= named;
        for p in &t.attendees {
            let facts = self.practitioner(p);
            let first = if named {
                &mut facts.first_named
            } else {
                &mut facts.first_unnamed
            };
            *first = Some(first.map_or(t.date, |d| d.min(t.date)));
        }
    }

    fn observation(&mut self, s: &CoachingStep) {
        let scored = rate(self.innovation, &s.ratings, &mut self.levels)
            .ok()
            .map(|rated| (rated.expected, rated.rated, rated.criterion_met));
        let observed = Observed {
            date: s.date,
            seq: self.seen,
            id: s.id.clone(),
            plan: s.plan.clone(),
            scored,
        };
        push_exact(&mut self.practitioner(&s.practitioner).observed, observed);
    }
}

impl<E: CoachingEvent> Measure<E> for FidelityMeasure<'_> {
    type Report = Vec<TimeToFidelity>;

    fn add(&mut self, event: &E) {
        if let Some(p) = AsKind::<CoachingPlan>::as_kind(event) {
            self.plan(p);
        } else if let Some(t) = AsKind::<Training>::as_kind(event) {
            self.training(t);
        } else if let Some(s) = AsKind::<CoachingStep>::as_kind(event)
            && s.step == CycleStep::Observation
            && !s.ratings.is_empty()
        {
            self.observation(s);
        }
        self.seen += 1;
    }

    fn finish(self) -> Vec<TimeToFidelity> {
        FidelityMeasure::finish(self)
    }
}

impl FidelityMeasure<'_> {
    /// The report over every event added: what [`Measure::finish`] gives, callable without
    /// naming the event type.
    ///
    /// ```
    /// use implsci::{Document, Innovation};
    /// use implsci::coaching::fidelity::FidelityMeasure;
    ///
    /// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// assert!(FidelityMeasure::new(&cico).finish().is_empty()); // no event added
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn finish(self) -> Vec<TimeToFidelity> {
        let Self {
            plans,
            plan_ids,
            named,
            mut practitioners,
            ..
        } = self;
        // An observation counts unless its plan names another innovation.
        let counts = |o: &Observed| {
            plan_ids
                .get(o.plan.as_str(), |i| plans[i as usize].0.as_str())
                .is_none_or(|i| plans[i as usize].1)
        };
        practitioners.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let mut out = Vec::new();
        for facts in practitioners {
            let first_training = if named {
                facts.first_named
            } else {
                facts.first_unnamed
            };
            let mut observed = facts.observed;
            observed.retain(|o| counts(o));
            if observed.is_empty() && first_training.is_none() {
                continue;
            }
            observed.sort_unstable_by_key(|o| (o.date, o.seq));
            let mut row = TimeToFidelity::new(facts.id, first_training);
            for o in observed {
                let Some((expected, rated, criterion_met)) = o.scored else {
                    row.unscored.push(o.id);
                    continue;
                };
                if row.first_met.is_none()
                    && criterion_met == Some(true)
                    && row.first_training.is_none_or(|t| t <= o.date)
                {
                    row.first_met = Some(o.date);
                    row.days = row
                        .first_training
                        .and_then(|t| o.date.since(t).ok())
                        .map(|span| span.get_days());
                }
                row.trajectory.push(FidelityPoint {
                    date: o.date,
                    observation: o.id,
                    expected: Share::new(u64::from(expected), u64::from(rated)),
                    criterion_met,
                });
            }
            out.push(row);
        }
        out
    }
}

impl TimeToFidelity {
    fn new(practitioner: PractitionerId, first_training: Option<Date>) -> Self {
        Self {
            practitioner,
            first_training,
            first_met: None,
            days: None,
            trajectory: Vec::new(),
            unscored: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;

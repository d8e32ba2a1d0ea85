//! PDSA cycles read from the event log: what each cycle recorded, whether it recorded every
//! component, how cycles chain, and a summary over them.
//!
//! Source: NIRN Active Implementation Hub, module 5 "Improvement Cycles" (PDSA(C) rapid-cycle
//! problem solving). Taylor et al. (2014),
//! "Systematic review of the application of the plan–do–study–act method to improve quality in
//! healthcare", *BMJ Quality & Safety* 23:290–298, audited published PDSA reports for their
//! components and found that only 2 of 73 used all of them; [`Completeness`] is this crate's
//! component check in that spirit (its five components are the fields of
//! [`PdsaStep`]: question, prediction, data, result, decision), not the review's instrument.
//!
//! [`PdsaMeasure`] derives the cycles in one pass over a log; [`pdsa_cycles`] folds it over a
//! slice.
//!
//! Usability tests, run as a series of small PDSA cycles, are read by the
//! [`usability`](super::usability) module.
//!
//! ```
//! use implsci::event::Event;
//! use implsci::improvement::{PdsaDecision, PdsaPhase, PdsaStep};
//! use implsci::improvement::pdsa::{pdsa_chains, pdsa_cycles, pdsa_summary, CompletenessStatus};
//!
//! let mut plan = PdsaStep::new("e-1".parse()?, "2025-01-06".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Plan);
//! plan.question = Some("Does a check-in script raise daily check-ins?".into());
//! let mut act = PdsaStep::new("e-2".parse()?, "2025-01-20".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Act);
//! act.decision = Some(PdsaDecision::Adapt);
//! act.next = Some("pdsa-2".parse()?);
//! let events = [Event::PdsaStep(plan), Event::PdsaStep(act)];
//!
//! let cycles = pdsa_cycles(&events);
//! assert_eq!(cycles[0].completeness.status, CompletenessStatus::Incomplete);
//! assert_eq!(cycles[0].completeness.missing.len(), 3); // prediction, data, result
//! assert_eq!(pdsa_summary(&cycles).complete.numerator, 0);
//! assert_eq!(pdsa_chains(&cycles)[0].cycles.len(), 1); // `pdsa-2` is not in the log
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PdsaDecision, PdsaPhase, PdsaStep};
use crate::id::{EventId, UnitId};
use crate::measure::{AsKind, Measure, fold};
mod chains;
mod summary;

pub use chains::{ChainEnd, PdsaChain, pdsa_chains};
pub use summary::{ComponentShares, PdsaSummary, pdsa_summary};

/// A count as `u64` (a `usize` always fits on the platforms Rust supports; saturates if not).
pub(super) fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// True when a text field holds more than whitespace.
fn is_recorded(text: Option<&str>) -> bool {
    text.is_some_and(|t| !t.trim().is_empty())
}

/// Whether a cycle recorded a component.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{ComponentStatus, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// let pdsa2 = &cycles[1].completeness; // a plan with a question, then an act
/// assert_eq!(pdsa2.plan_question, ComponentStatus::Present);
/// assert_eq!(pdsa2.study_result, ComponentStatus::Missing);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    /// Some phase of the cycle recorded it.
    Present,
    /// No phase of the cycle recorded it.
    Missing,
}

impl ComponentStatus {
    fn of(present: bool) -> Self {
        if present {
            Self::Present
        } else {
            Self::Missing
        }
    }
}

/// The components of a PDSA cycle checked by [`Completeness`], in cycle order.
///
/// Source: NIRN module 5 (plan, do, study, act); Taylor et al. (2014) on reporting them.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{PdsaComponent, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// use PdsaComponent::{DoData, PlanPrediction, StudyResult};
/// assert_eq!(cycles[1].completeness.missing, [PlanPrediction, DoData, StudyResult]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PdsaComponent {
    /// Plan: the question the cycle asks.
    PlanQuestion,
    /// Plan: the prediction it tests.
    PlanPrediction,
    /// Do: the data collected.
    DoData,
    /// Study: the result against the prediction.
    StudyResult,
    /// Act: adopt, adapt or abandon.
    ActDecision,
}

impl PdsaComponent {
    /// All five, in cycle order.
    ///
    /// ```
    /// use implsci::improvement::pdsa::PdsaComponent;
    /// assert_eq!(PdsaComponent::ALL.len(), 5);
    /// assert_eq!(PdsaComponent::ALL[0], PdsaComponent::PlanQuestion);
    /// assert!(PdsaComponent::ALL.is_sorted()); // cycle order is also their order
    /// ```
    pub const ALL: [Self; 5] = [
        Self::PlanQuestion,
        Self::PlanPrediction,
        Self::DoData,
        Self::StudyResult,
        Self::ActDecision,
    ];
}

/// Whether every component is present.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{CompletenessStatus, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// let statuses: Vec<_> = cycles.iter().map(|c| c.completeness.status).collect();
/// assert_eq!(statuses, [CompletenessStatus::Complete, CompletenessStatus::Incomplete]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompletenessStatus {
    /// All five components are present.
    Complete,
    /// At least one is missing.
    Incomplete,
}

/// A cycle's components, present or missing: a quality indicator of the PDSA record.
///
/// A text component counts as present when some step of the cycle (in any phase) holds more than
/// whitespace; data when some data entry does; the decision when some step records one.
///
/// Source: Taylor et al. (2014), *BMJ Qual Saf* 23:290–298: 2 of 73 published PDSA studies
/// reported all components.
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::{PdsaPhase, PdsaStep};
/// use implsci::improvement::pdsa::{pdsa_cycles, ComponentStatus, PdsaComponent};
///
/// let mut plan = PdsaStep::new("e-1".parse()?, "2025-01-06".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Plan);
/// plan.question = Some("Does the script help?".into());
/// plan.prediction = Some("   ".into()); // blank: not a prediction
/// let c = &pdsa_cycles(&[Event::PdsaStep(plan)])[0].completeness;
/// assert_eq!(c.plan_question, ComponentStatus::Present);
/// assert_eq!(c.plan_prediction, ComponentStatus::Missing);
/// assert_eq!(c.missing[0], PdsaComponent::PlanPrediction);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Completeness {
    /// Plan: the question.
    pub plan_question: ComponentStatus,
    /// Plan: the prediction.
    pub plan_prediction: ComponentStatus,
    /// Do: the data.
    pub do_data: ComponentStatus,
    /// Study: the result.
    pub study_result: ComponentStatus,
    /// Act: the decision.
    pub act_decision: ComponentStatus,
    /// Complete when none is missing.
    pub status: CompletenessStatus,
    /// The missing components, in cycle order.
    pub missing: Vec<PdsaComponent>,
}

impl Completeness {
    /// The status of one component.
    ///
    /// ```
    /// use implsci::event::Event;
    /// use implsci::improvement::{PdsaPhase, PdsaStep};
    /// use implsci::improvement::pdsa::{pdsa_cycles, ComponentStatus, PdsaComponent};
    /// let step = PdsaStep::new("e-1".parse()?, "2025-01-06".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Do);
    /// let c = &pdsa_cycles(&[Event::PdsaStep(step)])[0].completeness;
    /// assert_eq!(c.component(PdsaComponent::DoData), ComponentStatus::Missing);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn component(&self, component: PdsaComponent) -> ComponentStatus {
        match component {
            PdsaComponent::PlanQuestion => self.plan_question,
            PdsaComponent::PlanPrediction => self.plan_prediction,
            PdsaComponent::DoData => self.do_data,
            PdsaComponent::StudyResult => self.study_result,
            PdsaComponent::ActDecision => self.act_decision,
        }
    }

    /// From the five statuses, in cycle order.
    fn new(statuses: [ComponentStatus; 5]) -> Self {
        let [
            plan_question,
            plan_prediction,
            do_data,
            study_result,
            act_decision,
        ] = statuses;
        let missing: Vec<PdsaComponent> = PdsaComponent::ALL
            .into_iter()
            .zip(statuses)
            .filter(|&(_, status)| status == ComponentStatus::Missing)
            .map(|(k, _)| k)
            .collect();
        Self {
            plan_question,
            plan_prediction,
            do_data,
            study_result,
            act_decision,
            status: if missing.is_empty() {
                CompletenessStatus::Complete
            } else {
                CompletenessStatus::Incomplete
            },
            missing,
        }
    }
}

/// Whether a cycle's `next` names a cycle of the log.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{NextStatus, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// // `pdsa-1` names `pdsa-2`, which has steps in the log.
/// assert_eq!(cycles[0].next.as_ref().map(|n| n.status), Some(NextStatus::Known));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NextStatus {
    /// The named cycle has steps in the log.
    Known,
    /// No step of the log belongs to the named cycle.
    Unknown,
}

/// The cycle an Act phase names as the next one.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// let next = cycles[0].next.as_ref().unwrap();
/// assert_eq!(next.cycle, cycles[1].cycle);
/// assert!(cycles[1].next.is_none()); // `pdsa-2` adopted the change
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct NextCycle {
    /// The cycle named.
    pub cycle: EventId,
    /// Whether the log knows it.
    pub status: NextStatus,
}

/// One PDSA cycle, gathered from its dated phases.
///
/// Steps are taken in date order (log order among equal dates). The question and the prediction
/// are the first recorded; the result, the decision and the next cycle the last recorded (a later
/// Act supersedes an earlier one); the data are all entries, in step order.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// use implsci::improvement::{PdsaDecision, PdsaPhase};
/// let pdsa1 = &cycles[0];
/// assert_eq!(pdsa1.first.to_string(), "2025-01-06");
/// assert_eq!(pdsa1.last.to_string(), "2025-01-31");
/// assert_eq!(pdsa1.phases, [PdsaPhase::Plan, PdsaPhase::Do, PdsaPhase::Study, PdsaPhase::Act]);
/// assert_eq!(pdsa1.decision, Some(PdsaDecision::Adapt));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PdsaCycle {
    /// The cycle's id.
    pub cycle: EventId,
    /// Where it runs: the unit of its first step.
    pub unit: UnitId,
    /// Other units its steps name, when they disagree with `unit` (a data-entry problem).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_units: Vec<UnitId>,
    /// The date of its first step.
    #[schemars(schema_with = "crate::date::schema")]
    pub first: Date,
    /// The date of its last step.
    #[schemars(schema_with = "crate::date::schema")]
    pub last: Date,
    /// The step events, in date order.
    pub steps: Vec<EventId>,
    /// The phases recorded, each once, in cycle order.
    pub phases: Vec<PdsaPhase>,
    /// Plan: the question.
    pub question: Option<String>,
    /// Plan: the prediction.
    pub prediction: Option<String>,
    /// Do: the data.
    pub data: Vec<String>,
    /// Study: the result.
    pub result: Option<String>,
    /// Act: the decision.
    pub decision: Option<PdsaDecision>,
    /// Act: the next cycle, and whether the log knows it.
    pub next: Option<NextCycle>,
    /// Which components are present.
    pub completeness: Completeness,
}

/// The PDSA cycles of an event log, one per `cycle` id, in order of first appearance in the log.
///
/// Events other than [`PdsaStep`] are ignored. A `next` naming a cycle with no step in the log is
/// reported as [`NextStatus::Unknown`].
///
/// Source: NIRN module 5, "Improvement Cycles" (PDSA(C)); Taylor et al. (2014) for the
/// components.
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::{PdsaPhase, PdsaStep};
/// use implsci::improvement::pdsa::{pdsa_cycles, NextStatus};
///
/// let mut act = PdsaStep::new("e-1".parse()?, "2025-01-20".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Act);
/// act.next = Some("pdsa-9".parse()?);
/// let plan = PdsaStep::new("e-2".parse()?, "2025-01-06".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Plan);
/// let cycles = pdsa_cycles(&[Event::PdsaStep(act), Event::PdsaStep(plan)]);
/// assert_eq!(cycles[0].first.to_string(), "2025-01-06");
/// assert_eq!(cycles[0].last.to_string(), "2025-01-20");
/// assert_eq!(cycles[0].phases, [PdsaPhase::Plan, PdsaPhase::Act]);
/// assert_eq!(cycles[0].next.as_ref().map(|n| n.status), Some(NextStatus::Unknown));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn pdsa_cycles<E: AsKind<PdsaStep>>(events: &[E]) -> Vec<PdsaCycle> {
    fold(events, PdsaMeasure::new())
}

/// [`pdsa_cycles`] derived one event at a time: the one-pass form of it, as a [`Measure`] over a
/// log read once, with the same cycles for the same events in the same order.
///
/// It keeps only the [`PdsaStep`] events, grouped by cycle; any other event costs only a match.
///
/// Source: NIRN module 5, "Improvement Cycles" (PDSA(C)); Taylor et al. (2014) for the
/// components.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{pdsa_summary, CompletenessStatus, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// assert_eq!(cycles[0].cycle.as_str(), "pdsa-1");
/// assert_eq!(cycles[0].completeness.status, CompletenessStatus::Complete);
/// assert_eq!(pdsa_summary(&cycles).cycles, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct PdsaMeasure {
    /// The steps of each cycle, in log order; cycles in order of first appearance.
    groups: Vec<Vec<PdsaStep>>,
    /// The position of each cycle in `groups`.
    index: HashMap<EventId, usize>,
}

impl PdsaMeasure {
    /// A measure of the PDSA cycles of a log.
    ///
    /// ```
    /// use implsci::event::{measure::Measure, Event};
    /// use implsci::improvement::pdsa::PdsaMeasure;
    /// use implsci::improvement::{PdsaPhase, PdsaStep};
    ///
    /// let mut measure = PdsaMeasure::new();
    /// measure.add(&Event::PdsaStep(PdsaStep::new("e-1".parse()?, "2025-01-06".parse()?, "pdsa-1".parse()?, "wake".parse()?, PdsaPhase::Plan)));
    /// let cycles = measure.finish();
    /// assert_eq!((cycles.len(), cycles[0].cycle.as_str()), (1, "pdsa-1"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a step to its group, starting the group at its first step.
    fn keep(&mut self, step: &PdsaStep) {
        let i = if let Some(&i) = self.index.get(&step.cycle) {
            i
        } else {
            // Cloned once per group, not once per event.
            self.index.insert(step.cycle.clone(), self.groups.len());
            self.groups.push(Vec::new());
            self.groups.len() - 1
        };
        self.groups[i].push(step.clone());
    }
}

impl<E: AsKind<PdsaStep>> Measure<E> for PdsaMeasure {
    type Report = Vec<PdsaCycle>;

    /// Any other event costs only a match; a step is kept out of line.
    #[inline]
    fn add(&mut self, event: &E) {
        if let Some(step) = event.as_kind() {
            self.keep(step);
        }
    }

    fn finish(self) -> Vec<PdsaCycle> {
        PdsaMeasure::finish(self)
    }
}

impl PdsaMeasure {
    /// The report over every event added: what [`Measure::finish`] gives, callable without
    /// naming the event type.
    ///
    /// ```
    /// use implsci::improvement::pdsa::PdsaMeasure;
    /// assert!(PdsaMeasure::new().finish().is_empty()); // no event added
    /// ```
    #[must_use]
    pub fn finish(self) -> Vec<PdsaCycle> {
        let Self { groups, index } = self;
        groups
            .into_iter()
            .map(|mut steps| {
                steps.sort_by_key(|s| s.date); // stable: log order among equal dates
                let next = steps.iter().rev().find_map(|s| s.next.as_ref());
                let next = next.map(|n| NextCycle {
                    cycle: n.clone(),
                    status: if index.contains_key(n) {
                        NextStatus::Known
                    } else {
                        NextStatus::Unknown
                    },
                });
                build_cycle(&steps, next)
            })
            .collect()
    }
}

/// One cycle from its steps, sorted by date (never empty: a group exists because a step does).
fn build_cycle(steps: &[PdsaStep], next: Option<NextCycle>) -> PdsaCycle {
    let first_step = &steps[0];
    let mut other_units: Vec<UnitId> = Vec::new();
    for s in steps {
        if s.unit != first_step.unit && !other_units.contains(&s.unit) {
            other_units.push(s.unit.clone());
        }
    }
    let mut phases: Vec<PdsaPhase> = steps.iter().map(|s| s.phase).collect();
    phases.sort_unstable();
    phases.dedup();
    let first_text = |f: fn(&PdsaStep) -> Option<&str>| {
        steps
            .iter()
            .find_map(|s| f(s).filter(|t| is_recorded(Some(t))))
            .map(str::to_owned)
    };
    let question = first_text(|s| s.question.as_deref());
    let prediction = first_text(|s| s.prediction.as_deref());
    let result = steps
        .iter()
        .rev()
        .find_map(|s| s.result.as_deref().filter(|t| is_recorded(Some(t))))
        .map(str::to_owned);
    let decision = steps.iter().rev().find_map(|s| s.decision);
    let data: Vec<String> = steps.iter().flat_map(|s| s.data.iter().cloned()).collect();
    let completeness = Completeness::new(
        [
            question.is_some(),
            prediction.is_some(),
            data.iter().any(|d| is_recorded(Some(d))),
            result.is_some(),
            decision.is_some(),
        ]
        .map(ComponentStatus::of),
    );
    PdsaCycle {
        cycle: first_step.cycle.clone(),
        unit: first_step.unit.clone(),
        other_units,
        first: first_step.date,
        last: steps[steps.len() - 1].date,
        steps: steps.iter().map(|s| s.id.clone()).collect(),
        phases,
        question,
        prediction,
        data,
        result,
        decision,
        next,
        completeness,
    }
}

/// Its tests; their log helpers are shared with the usability tests.
#[cfg(test)]
pub(super) mod tests;

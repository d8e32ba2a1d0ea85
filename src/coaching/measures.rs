//! Coaching measures: what the coaching and training records of the event log say about
//! coaching as it was planned and as it was delivered.
//!
//! NIRN's Coaching driver (Active Implementation Hub, module 2) asks for a coaching service
//! delivery plan and for data on whether coaching happens as planned; the coaching cycle is
//! plan, observation, feedback, action steps, follow-up ([`CycleStep`]). The counting rules
//! below (which cycles count in a window, how many cycles a plan plans, when a plan is overdue)
//! are **this crate's choices**: the sources name the measures, not their arithmetic.
//!
//! - [`coaching_report`]: per practitioner, cycles, complete cycles, hours, planned cycles,
//!   the share of planned cycles delivered, incomplete cycles and overdue plans; per coach,
//!   cycles, hours and practitioners; each practitioner's first training.
//!
//! How long practitioners took from training to practice with fidelity is measured in
//! [`fidelity`](super::fidelity).
//!
//! ```
//! use implsci::coaching::measures::{coaching_report, Window};
//! use implsci::event::{parse_log, Event};
//!
//! let log = parse_log(&std::fs::read("tests/fixtures/events/valid.jsonl")?);
//! let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
//! // September 2024: the plan (every 14 days) is active from the 2nd, 29 days, so 2 cycles
//! // are planned; cycle-1 has all five steps by the 30th.
//! let window = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty window")?;
//! let report = coaching_report(&events, window, "2024-09-30".parse()?);
//! let t1 = &report.practitioners[0];
//! assert_eq!(t1.practitioner.as_str(), "lincoln-t1");
//! assert_eq!((t1.cycles, t1.cycles_complete, t1.planned_cycles), (1, 1, 2));
//! assert_eq!(t1.delivered.percent(), Some(50.0));
//! assert_eq!(t1.hours, 1.5);
//! assert!(t1.overdue.is_empty()); // a step on the 30th
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use hashbrown::HashMap;

use crate::system::IdTable;

use jiff::civil::Date;

use crate::coaching::{CoachingEvent, CoachingPlan, CoachingStep, CycleStep, Training};
use crate::id::{CoachId, EventId, PractitionerId};
use crate::measure::{AsKind, Measure, fold};
use crate::share::Share;

mod report;
mod rules;

use rules::{active_days, overdue, planned_cycles};

pub use report::{
    CoachCoaching, CoachingReport, FirstTraining, IncompleteCycle, OverduePlan,
    PractitionerCoaching, Window,
};

/// Coaching as planned and as delivered in `window`, with plans overdue as of `as_of`.
///
/// Only coaching plans, coaching steps and trainings are read; other events are ignored. The
/// rules, all **this crate's choices** (the NIRN Coaching driver names the measures, not
/// their arithmetic):
///
/// - **Cycles**: the distinct `cycle` ids of a practitioner's steps dated in the window. A
///   cycle is **complete** when all five [`CycleStep`]s are recorded for it on or before the
///   window's end (steps before the window count, so a cycle that straddles the start is not
///   called incomplete; steps after the end do not). Others are listed as incomplete, with
///   the steps they miss.
/// - **Hours**: the hours of the practitioner's steps dated in the window; a step without
///   hours, or with hours that are negative or not finite, counts 0.
/// - **Planned cycles**: for each plan naming the practitioner, its active days in the window
///   (from the later of its start and the window's start to the earlier of its end and the
///   window's end, inclusive; an open plan runs to the window's end), divided by
///   `every_days`, rounded down; summed over the plans. A plan with `every_days` 0 plans
///   nothing. So a 14-day plan over a 28-day window plans 2 cycles, over 27 days 1.
/// - **Delivered**: complete cycles out of planned cycles ([`Share`]; not computable when
///   none is planned).
/// - **Overdue**: a plan naming the practitioner is overdue as of `as_of` when it is active
///   on `as_of`, has been active for at least `every_days` days by then (a new plan gets one
///   full period), and none of the practitioner's steps under the plan falls in the last
///   `every_days` days up to and including `as_of`. Overdue does not depend on the window.
/// - **Per coach**: the steps in the window whose plan is one of the coach's; a step whose
///   plan is not in the log is counted in `steps_without_plan`.
/// - **Training**: each attendee's first training in the whole log (not limited to the
///   window).
///
/// A practitioner is listed when they have a step in the window, or a plan names them that
/// is active for some day of the window or is overdue. If the log holds two plans with one
/// id, the first is used.
///
/// Source: NIRN Active Implementation Hub, module 2 (Coaching driver: coaching service
/// delivery plan, coaching cycle).
///
/// ```
/// use implsci::coaching::measures::{coaching_report, Window};
/// use implsci::coaching::{CoachingFormat, CoachingPlan, CoachingStep, CycleStep};
/// use implsci::event::Event;
///
/// let plan = CoachingPlan::new("plan-1".parse()?, "2024-09-01".parse()?, "coach-1".parse()?,
///     vec!["p-1".parse()?], CoachingFormat::InPerson, 14, "2024-09-01".parse()?);
/// let mut events = vec![Event::CoachingPlan(plan)];
/// for (i, step) in CycleStep::ALL.into_iter().enumerate() {
///     let mut s = CoachingStep::new(format!("s-{i}").parse()?, "2024-09-05".parse()?,
///         "plan-1".parse()?, "cycle-1".parse()?, "p-1".parse()?, step);
///     s.hours = Some(0.5);
///     events.push(Event::CoachingStep(s));
/// }
/// let w = Window::new("2024-09-01".parse()?, "2024-09-28".parse()?).ok_or("empty")?;
/// let report = coaching_report(&events, w, "2024-09-28".parse()?);
/// let p = &report.practitioners[0];
/// assert_eq!((p.cycles_complete, p.planned_cycles, p.hours), (1, 2, 2.5));
/// assert_eq!(p.delivered.percent(), Some(50.0));
/// assert_eq!(p.overdue.len(), 1); // nothing since the 5th, 14-day plan
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn coaching_report<E: CoachingEvent>(
    events: &[E],
    window: Window,
    as_of: Date,
) -> CoachingReport {
    fold(events, CoachingMeasure::new(window, as_of))
}

/// [`coaching_report`] derived one event at a time: the one-pass form, as a [`Measure`] (see
/// [`event::measure`](crate::event::measure)). It keeps per plan what the report needs, per
/// (practitioner, cycle) the steps recorded and the hours, and per practitioner the first
/// training; never the events themselves.
///
/// ```
/// use implsci::coaching::measures::{CoachingMeasure, Window};
/// use implsci::event::measure::measure_log;
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let as_of = "2024-11-30".parse()?;
/// let window = Window::new("2024-09-01".parse()?, as_of).ok_or("empty window")?;
/// let report = measure_log(log, CoachingMeasure::new(window, as_of))?.report;
/// assert!(report.practitioners.iter().any(|p| p.cycles > 0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CoachingMeasure {
    window: Window,
    as_of: Date,
    /// The first plan with each id, in the order plans first came, found through `plan_ids`.
    plans: Vec<PlanFacts>,
    plan_ids: IdTable,
    /// Every practitioner a plan, step or training names, found through `practitioner_ids`.
    practitioners: Vec<PractitionerFacts>,
    practitioner_ids: IdTable,
    /// Every coach a plan names, found through `coach_ids`.
    coaches: Vec<CoachId>,
    coach_ids: IdTable,
}

/// What the report needs of a plan.
#[derive(Debug, Clone)]
struct PlanFacts {
    id: EventId,
    /// A position in `coaches`.
    coach: u32,
    /// Positions in `practitioners`, distinct: a practitioner named twice counts once.
    practitioners: Vec<u32>,
    every_days: u32,
    start: Date,
    end: Option<Date>,
}

#[cfg(test)]
impl PlanFacts {
    /// A plan's dates and frequency, for the tests of the counting rules.
    fn of(p: &CoachingPlan) -> Self {
        Self {
            id: p.id.clone(),
            coach: 0,
            practitioners: Vec::new(),
            every_days: p.every_days,
            start: p.start,
            end: p.end,
        }
    }
}

/// One practitioner's first training and cycles.
#[derive(Debug, Clone)]
struct PractitionerFacts {
    id: PractitionerId,
    /// The first training (of two on a date, the earlier in the log).
    first_training: Option<(Date, EventId)>,
    /// Cycles with a step that counts, in the order their first steps came.
    cycles: Vec<CycleFacts>,
    /// Positions in `cycles` by cycle id, built once a practitioner has many cycles, so that
    /// finding a cycle stays constant time.
    index: Option<Box<HashMap<EventId, usize>>>,
}

/// Practitioners with more cycles than this find them through an index, not a scan.
const SCAN_LIMIT: usize = 32;

/// One (practitioner, cycle)'s steps.
#[derive(Debug, Clone)]
struct CycleFacts {
    cycle: EventId,
    /// The steps recorded up to the window's end, one bit per [`CycleStep::ALL`] entry.
    recorded: u8,
    /// The steps naming the plan the cycle's first step named, and (rarely) others.
    plan: PlanSteps,
    other_plans: Vec<PlanSteps>,
}

/// One (practitioner, cycle, plan)'s steps.
#[derive(Debug, Clone)]
struct PlanSteps {
    plan: EventId,
    /// Steps in the window, and their hours.
    in_window: u64,
    hours: f64,
    /// The latest step on or before `as_of`.
    last: Option<Date>,
}

impl PlanSteps {
    fn new(plan: &EventId) -> Self {
        Self {
            plan: plan.clone(),
            in_window: 0,
            hours: 0.0,
            last: None,
        }
    }
}

impl CycleFacts {
    fn plans(&self) -> impl Iterator<Item = &PlanSteps> {
        std::iter::once(&self.plan).chain(&self.other_plans)
    }

    fn plan_mut(&mut self, plan: &EventId) -> &mut PlanSteps {
        if &self.plan.plan == plan {
            return &mut self.plan;
        }
        let found = self.other_plans.iter().position(|p| &p.plan == plan);
        let i = found.unwrap_or_else(|| {
            self.other_plans.push(PlanSteps::new(plan));
            self.other_plans.len() - 1
        });
        &mut self.other_plans[i]
    }
}

impl PractitionerFacts {
    /// The cycle with this id, added when new.
    fn cycle_mut(&mut self, cycle: &EventId, plan: &EventId) -> &mut CycleFacts {
        let found = match &self.index {
            Some(index) => index.get(cycle).copied(),
            // Steps of one cycle come together: look from the latest.
            None => self.cycles.iter().rposition(|c| &c.cycle == cycle),
        };
        let i = found.unwrap_or_else(|| {
            push_exact(
                &mut self.cycles,
                CycleFacts {
                    cycle: cycle.clone(),
                    recorded: 0,
                    plan: PlanSteps::new(plan),
                    other_plans: Vec::new(),
                },
            );
            let i = self.cycles.len() - 1;
            if let Some(index) = &mut self.index {
                index.insert(cycle.clone(), i);
            } else if self.cycles.len() > SCAN_LIMIT {
                let index = self
                    .cycles
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.cycle.clone(), i))
                    .collect();
                self.index = Some(Box::new(index));
            }
            i
        });
        &mut self.cycles[i]
    }
}

/// Pushes with room for exactly the next few: most practitioners have one or two cycles, and a
/// `Vec`'s first allocation would hold four.
pub(super) fn push_exact<T>(list: &mut Vec<T>, item: T) {
    if list.len() == list.capacity() {
        list.reserve_exact(list.len().max(1));
    }
    list.push(item);
}

impl CoachingMeasure {
    /// A measure of coaching in `window`, with overdue plans judged on `as_of`.
    ///
    /// ```
    /// use implsci::coaching::measures::{CoachingMeasure, Window};
    /// use implsci::event::measure::fold;
    ///
    /// let window = Window::new("2024-09-01".parse()?, "2024-09-30".parse()?).ok_or("empty")?;
    /// let report = fold(&[], CoachingMeasure::new(window, "2024-10-15".parse()?));
    /// assert_eq!((report.window, report.as_of.to_string()), (window, "2024-10-15".to_string()));
    /// assert!(report.practitioners.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(window: Window, as_of: Date) -> Self {
        Self {
            window,
            as_of,
            plans: Vec::new(),
            plan_ids: IdTable::default(),
            practitioners: Vec::new(),
            practitioner_ids: IdTable::default(),
            coaches: Vec::new(),
            coach_ids: IdTable::default(),
        }
    }

    /// The position of a practitioner, added when new.
    fn practitioner(&mut self, id: &PractitionerId) -> u32 {
        let make = || PractitionerFacts {
            id: id.clone(),
            first_training: None,
            cycles: Vec::new(),
            index: None,
        };
        self.practitioner_ids
            .find_or_push(
                &mut self.practitioners,
                id.as_str(),
                |p: &PractitionerFacts| p.id.as_str(),
                make,
            )
            .0
    }

    fn plan(&mut self, p: &CoachingPlan) {
        // A placeholder, filled below: the first plan with an id is used.
        let make = || PlanFacts {
            id: p.id.clone(),
            coach: 0,
            practitioners: Vec::new(),
            every_days: p.every_days,
            start: p.start,
            end: p.end,
        };
        let (at, new) = self.plan_ids.find_or_push(
            &mut self.plans,
            p.id.as_str(),
            |plan: &PlanFacts| plan.id.as_str(),
            make,
        );
        if !new {
            return;
        }
        let (coach, _) = self.coach_ids.find_or_push(
            &mut self.coaches,
            p.coach.as_str(),
            CoachId::as_str,
            || p.coach.clone(),
        );
        let mut practitioners: Vec<u32> = p
            .practitioners
            .iter()
            .map(|q| self.practitioner(q))
            .collect();
        practitioners.sort_unstable();
        practitioners.dedup();
        let plan = &mut self.plans[at as usize];
        plan.coach = coach;
        plan.practitioners = practitioners;
    }

    fn step(&mut self, s: &CoachingStep) {
        let (window, as_of) = (self.window, self.as_of);
        if s.date > window.end() && s.date > as_of {
            return; // counts for nothing
        }
        let p = self.practitioner(&s.practitioner) as usize;
        let facts = self.practitioners[p].cycle_mut(&s.cycle, &s.plan);
        if s.date <= window.end() {
            facts.recorded |= step_bit(s.step);
        }
        let plan = facts.plan_mut(&s.plan);
        if window.contains(s.date) {
            plan.in_window += 1;
            plan.hours += hours(s);
        }
        if s.date <= as_of {
            plan.last = Some(plan.last.map_or(s.date, |d| d.max(s.date)));
        }
    }

    fn training(&mut self, t: &Training) {
        for p in &t.attendees {
            let p = self.practitioner(p) as usize;
            let first = &mut self.practitioners[p].first_training;
            if first.as_ref().is_none_or(|f| t.date < f.0) {
                *first = Some((t.date, t.id.clone()));
            }
        }
    }
}

/// A position in one of the measure's lists; a log cannot hold 2^32 distinct ids in memory.
pub(super) fn position(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

fn step_bit(step: CycleStep) -> u8 {
    1 << (step as u8)
}

impl<E: CoachingEvent> Measure<E> for CoachingMeasure {
    type Report = CoachingReport;

    fn add(&mut self, event: &E) {
        if let Some(p) = AsKind::<CoachingPlan>::as_kind(event) {
            self.plan(p);
        } else if let Some(s) = AsKind::<CoachingStep>::as_kind(event) {
            self.step(s);
        } else if let Some(t) = AsKind::<Training>::as_kind(event) {
            self.training(t);
        }
    }

    fn finish(self) -> CoachingReport {
        CoachingMeasure::finish(self)
    }
}

impl CoachingMeasure {
    /// The report over every event added: what [`Measure::finish`] gives, callable without
    /// naming the event type.
    ///
    /// ```
    /// use implsci::coaching::measures::{CoachingMeasure, Window};
    ///
    /// let as_of = "2024-09-30".parse()?;
    /// let window = Window::new("2024-09-01".parse()?, as_of).ok_or("empty window")?;
    /// let report = CoachingMeasure::new(window, as_of).finish(); // no event added
    /// assert!(report.practitioners.is_empty() && report.coaches.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn finish(self) -> CoachingReport {
        let Self {
            window,
            as_of,
            plans,
            plan_ids,
            mut practitioners,
            coaches: coach_ids,
            ..
        } = self;
        // Practitioners by id, and each one's cycles by id, so that sums are taken in one order
        // whatever the log's, and each coach's practitioners come out sorted.
        let mut order: Vec<u32> = (0..position(practitioners.len())).collect();
        order.sort_unstable_by(|&a, &b| {
            practitioners[a as usize]
                .id
                .cmp(&practitioners[b as usize].id)
        });
        for p in &mut practitioners {
            p.cycles.sort_unstable_by(|a, b| a.cycle.cmp(&b.cycle));
        }

        let mut tallies: Vec<Tally<'_>> = practitioners.iter().map(Tally::new).collect();
        let mut coaches: Vec<CoachTally<'_>> = coach_ids.iter().map(CoachTally::new).collect();
        let mut steps_without_plan = 0u64;
        for &p in &order {
            let facts = &practitioners[p as usize];
            steps_without_plan += tally_cycles(
                facts,
                &mut tallies[p as usize],
                &plans,
                &plan_ids,
                &mut coaches,
            );
        }

        // Plans: planned cycles and overdue plans, for practitioners with a step in the window
        // and for those a plan active in the window or overdue names.
        for plan in &plans {
            let planned = planned_cycles(plan, window);
            let in_window = active_days(plan, window) > 0;
            for &p in &plan.practitioners {
                let tally = &mut tallies[p as usize];
                let overdue = overdue(plan, tally.last_of(&plan.id), as_of);
                if !(in_window || overdue.is_some() || tally.listed) {
                    continue;
                }
                tally.listed = true;
                tally.planned += planned;
                tally.overdue.extend(overdue);
            }
        }

        let mut listed: Vec<Option<Tally<'_>>> = tallies.into_iter().map(Some).collect();
        let practitioners_out = order
            .iter()
            .filter_map(|&p| listed[p as usize].take().filter(|t| t.listed))
            .map(practitioner_coaching)
            .collect();
        let mut coaches_out: Vec<CoachCoaching> = coaches
            .into_iter()
            .filter(|c| !c.practitioners.is_empty())
            .map(|tally| CoachCoaching {
                coach: tally.coach.clone(),
                cycles: tally.cycles,
                hours: finite(tally.hours),
                practitioners: tally.practitioners.into_iter().cloned().collect(),
            })
            .collect();
        coaches_out.sort_unstable_by(|a, b| a.coach.cmp(&b.coach));
        let training = order
            .iter()
            .filter_map(|&p| {
                let facts = &practitioners[p as usize];
                facts
                    .first_training
                    .as_ref()
                    .map(|(date, training)| FirstTraining {
                        practitioner: facts.id.clone(),
                        date: *date,
                        training: training.clone(),
                    })
            })
            .collect();

        CoachingReport {
            window,
            as_of,
            practitioners: practitioners_out,
            coaches: coaches_out,
            training,
            steps_without_plan,
        }
    }
}

/// A practitioner's row, from their tally and the steps recorded per cycle.
/// Adds a practitioner's cycles to their tally and to their coaches'; gives the steps in the
/// window whose plan is not in the log.
fn tally_cycles<'a>(
    facts: &'a PractitionerFacts,
    tally: &mut Tally<'a>,
    plans: &[PlanFacts],
    plan_ids: &IdTable,
    coaches: &mut [CoachTally<'a>],
) -> u64 {
    let mut steps_without_plan = 0;
    for cycle in &facts.cycles {
        for steps in cycle.plans() {
            if let Some(date) = steps.last {
                tally.lasts.push((&steps.plan, date));
            }
        }
        if cycle.plans().all(|s| s.in_window == 0) {
            continue;
        }
        tally.listed = true;
        tally.cycles.push((&cycle.cycle, cycle.recorded));
        let mut cycle_coaches: Vec<u32> = Vec::new();
        for steps in cycle.plans().filter(|s| s.in_window > 0) {
            tally.hours += steps.hours;
            let Some(plan) = plan_ids.get(steps.plan.as_str(), |i| plans[i as usize].id.as_str())
            else {
                steps_without_plan += steps.in_window;
                continue;
            };
            let c = plans[plan as usize].coach;
            let coach = &mut coaches[c as usize];
            coach.hours += steps.hours;
            if coach.practitioners.last() != Some(&&facts.id) {
                coach.practitioners.push(&facts.id);
            }
            if !cycle_coaches.contains(&c) {
                cycle_coaches.push(c);
                coach.cycles += 1;
            }
        }
    }
    // The latest step per plan, for the overdue check.
    tally
        .lasts
        .sort_unstable_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)));
    tally.lasts.dedup_by(|later, first| later.0 == first.0);
    steps_without_plan
}

fn practitioner_coaching(tally: Tally<'_>) -> PractitionerCoaching {
    let mut complete = 0u64;
    let mut incomplete = Vec::new();
    for (cycle, recorded) in &tally.cycles {
        let missing: Vec<CycleStep> = CycleStep::ALL
            .into_iter()
            .filter(|step| recorded & step_bit(*step) == 0)
            .collect();
        if missing.is_empty() {
            complete += 1;
        } else {
            incomplete.push(IncompleteCycle {
                cycle: (*cycle).clone(),
                missing,
            });
        }
    }
    PractitionerCoaching {
        practitioner: tally.practitioner.clone(),
        cycles: wide(tally.cycles.len()),
        cycles_complete: complete,
        hours: finite(tally.hours),
        planned_cycles: tally.planned,
        delivered: Share::new(complete, tally.planned),
        incomplete,
        overdue: tally.overdue,
    }
}

/// A practitioner's running counts.
struct Tally<'a> {
    practitioner: &'a PractitionerId,
    /// Whether the report lists them: a step in the window, or a plan that names them active
    /// in the window or overdue.
    listed: bool,
    /// Cycles with a step in the window, by id, with the steps recorded up to its end.
    cycles: Vec<(&'a EventId, u8)>,
    hours: f64,
    planned: u64,
    overdue: Vec<OverduePlan>,
    /// The latest step on or before the analysis date per plan, sorted by plan.
    lasts: Vec<(&'a EventId, Date)>,
}

impl<'a> Tally<'a> {
    fn new(facts: &'a PractitionerFacts) -> Self {
        Self {
            practitioner: &facts.id,
            listed: false,
            cycles: Vec::new(),
            hours: 0.0,
            planned: 0,
            overdue: Vec::new(),
            lasts: Vec::new(),
        }
    }

    fn last_of(&self, plan: &EventId) -> Option<Date> {
        self.lasts
            .binary_search_by(|(p, _)| (*p).cmp(plan))
            .ok()
            .map(|i| self.lasts[i].1)
    }
}

/// A coach's running counts.
struct CoachTally<'a> {
    coach: &'a CoachId,
    /// Distinct (practitioner, cycle) pairs with a step in the window under the coach's plans.
    cycles: u64,
    hours: f64,
    /// Sorted and distinct: practitioners are visited in order.
    practitioners: Vec<&'a PractitionerId>,
}

impl<'a> CoachTally<'a> {
    fn new(coach: &'a CoachId) -> Self {
        Self {
            coach,
            cycles: 0,
            hours: 0.0,
            practitioners: Vec::new(),
        }
    }
}

/// A step's hours; missing hours, and hours that reading refuses (negative, non-finite or
/// above [`MAX_STEP_HOURS`](super::MAX_STEP_HOURS)) in a step made in Rust, count 0.
fn hours(step: &CoachingStep) -> f64 {
    step.hours
        .filter(|h| (0.0..=super::MAX_STEP_HOURS).contains(h))
        .unwrap_or(0.0)
}

/// A sum of finite, non-negative hours, kept finite should it overflow.
fn finite(sum: f64) -> f64 {
    if sum.is_finite() { sum } else { f64::MAX }
}

fn wide(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
pub(super) mod tests;

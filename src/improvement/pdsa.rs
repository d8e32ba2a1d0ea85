//! PDSA cycles and usability tests read from the event log: what each cycle recorded, whether
//! it recorded every component, how cycles chain, and how many users each usability-test cycle
//! had.
//!
//! Source: NIRN Active Implementation Hub, module 5 "Improvement Cycles" (PDSA(C) rapid-cycle
//! problem solving; usability testing as a series of small PDSA cycles, 4–5 users per cycle,
//! 4–5 cycles, about 20 users). Taylor et al. (2014),
//! "Systematic review of the application of the plan–do–study–act method to improve quality in
//! healthcare", *BMJ Quality & Safety* 23:290–298, audited published PDSA reports for their
//! components and found that only 2 of 73 used all of them; [`Completeness`] is this crate's
//! component check in that spirit (its five components are the fields of
//! [`PdsaStep`]: question, prediction, data, result, decision), not the review's instrument.
//!
//! Nothing here judges a usability test as a pass or a failure: [`usability_tests`] reports the
//! counts, and [`UsabilityGuideline`] is a parameter a caller may compare them with.
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

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PdsaDecision, PdsaPhase, PdsaStep, UsabilityCycle};
use crate::event::{Event, EventId};
use crate::id::{InnovationId, UnitId};
use crate::share::Share;

/// A count as `u64` (a `usize` always fits on the platforms Rust supports; saturates if not).
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// True when a text field holds more than whitespace.
fn is_recorded(text: Option<&str>) -> bool {
    text.is_some_and(|t| !t.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// PDSA cycles
// ---------------------------------------------------------------------------------------------

/// Whether a cycle recorded a component.
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
    pub const ALL: [Self; 5] = [
        Self::PlanQuestion,
        Self::PlanPrediction,
        Self::DoData,
        Self::StudyResult,
        Self::ActDecision,
    ];
}

/// Whether every component is present.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NextStatus {
    /// The named cycle has steps in the log.
    Known,
    /// No step of the log belongs to the named cycle.
    Unknown,
}

/// The cycle an Act phase names as the next one.
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
pub fn pdsa_cycles(events: &[Event]) -> Vec<PdsaCycle> {
    let mut groups: Vec<Vec<&PdsaStep>> = Vec::new();
    let mut index: HashMap<&EventId, usize> = HashMap::new();
    for event in events {
        if let Event::PdsaStep(step) = event {
            let i = *index.entry(&step.cycle).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[i].push(step);
        }
    }
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

/// One cycle from its steps, sorted by date (never empty: a group exists because a step does).
fn build_cycle(steps: &[&PdsaStep], next: Option<NextCycle>) -> PdsaCycle {
    let first_step = steps[0];
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

/// How a chain of cycles ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "end", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChainEnd {
    /// The last cycle names no next cycle.
    NoNext,
    /// The last cycle names a next cycle the log does not know.
    UnknownNext {
        /// The cycle named.
        next: EventId,
    },
    /// The last cycle names a cycle already in the chain.
    Loops {
        /// The cycle named, already in the chain.
        to: EventId,
    },
}

/// A sequence of cycles linked by `next`: each cycle names the following one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PdsaChain {
    /// The cycle ids, first to last.
    pub cycles: Vec<EventId>,
    /// How the chain ends.
    #[serde(flatten)]
    pub end: ChainEnd,
}

/// The chains of cycles linked by `next`, in order of their first cycle's appearance.
///
/// A chain starts at each cycle no cycle names as next, and follows `next` until a cycle names
/// none, names a cycle the log does not know, or names one already in the chain. Two cycles
/// naming the same next give two chains sharing their tail. Cycles that only form a loop (every
/// one named by another) are reported as a chain starting at the first of them to appear, so
/// every cycle is in some chain.
///
/// Each cycle names at most one next, so a chain is a walk along single links; no graph search
/// is needed.
///
/// Source: NIRN module 5: the Act phase leads into the next cycle (PDSA(C)).
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::{PdsaPhase, PdsaStep};
/// use implsci::improvement::pdsa::{pdsa_chains, pdsa_cycles, ChainEnd};
///
/// let step = |id: &str, cycle: &str, next: Option<&str>| -> Result<Event, Box<dyn std::error::Error>> {
///     let mut s = PdsaStep::new(id.parse()?, "2025-01-06".parse()?, cycle.parse()?, "wake".parse()?, PdsaPhase::Act);
///     s.next = next.map(str::parse).transpose()?;
///     Ok(Event::PdsaStep(s))
/// };
/// let events = [step("e-1", "c-1", Some("c-2"))?, step("e-2", "c-2", Some("c-3"))?, step("e-3", "c-3", None)?];
/// let chains = pdsa_chains(&pdsa_cycles(&events));
/// assert_eq!(chains.len(), 1);
/// let ids: Vec<&str> = chains[0].cycles.iter().map(|c| c.as_str()).collect();
/// assert_eq!(ids, ["c-1", "c-2", "c-3"]);
/// assert_eq!(chains[0].end, ChainEnd::NoNext);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn pdsa_chains(cycles: &[PdsaCycle]) -> Vec<PdsaChain> {
    let position: HashMap<&EventId, usize> = cycles
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.cycle, i))
        .collect();
    let named: HashSet<&EventId> = cycles
        .iter()
        .filter_map(|c| c.next.as_ref().map(|n| &n.cycle))
        .collect();
    let walk = |start: usize, covered: &mut [bool]| {
        let mut in_chain = vec![false; cycles.len()];
        let mut ids = Vec::new();
        let mut at = start;
        loop {
            in_chain[at] = true;
            covered[at] = true;
            ids.push(cycles[at].cycle.clone());
            let end = match &cycles[at].next {
                None => ChainEnd::NoNext,
                Some(next) => match position.get(&next.cycle) {
                    None => ChainEnd::UnknownNext {
                        next: next.cycle.clone(),
                    },
                    Some(&i) if in_chain[i] => ChainEnd::Loops {
                        to: next.cycle.clone(),
                    },
                    Some(&i) => {
                        at = i;
                        continue;
                    }
                },
            };
            return PdsaChain { cycles: ids, end };
        }
    };
    let mut covered = vec![false; cycles.len()];
    let mut chains: Vec<PdsaChain> = (0..cycles.len())
        .filter(|&i| !named.contains(&cycles[i].cycle))
        .map(|i| walk(i, &mut covered))
        .collect();
    // Pure loops: no cycle of theirs starts a chain above.
    for i in 0..cycles.len() {
        if !covered[i] {
            chains.push(walk(i, &mut covered));
        }
    }
    chains
}

/// Shares of cycles with each component present.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct ComponentShares {
    /// Cycles with a question.
    pub plan_question: Share,
    /// Cycles with a prediction.
    pub plan_prediction: Share,
    /// Cycles with data.
    pub do_data: Share,
    /// Cycles with a result.
    pub study_result: Share,
    /// Cycles with a decision.
    pub act_decision: Share,
}

/// A summary of PDSA cycles: how many, how many complete, and each component's share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct PdsaSummary {
    /// Cycles.
    pub cycles: u64,
    /// Cycles with all five components; not computable when there is no cycle.
    pub complete: Share,
    /// Cycles with each component.
    pub by_component: ComponentShares,
    /// Cycles whose `next` names a cycle the log does not know.
    pub unknown_next: u64,
}

/// Summarizes cycles built by [`pdsa_cycles`].
///
/// Source: Taylor et al. (2014), who report the share of PDSA studies using all components
/// (2 of 73).
///
/// ```
/// use implsci::improvement::pdsa::pdsa_summary;
/// let s = pdsa_summary(&[]);
/// assert_eq!(s.cycles, 0);
/// assert_eq!(s.complete.value(), None); // not computable, not 0%
/// ```
#[must_use]
pub fn pdsa_summary(cycles: &[PdsaCycle]) -> PdsaSummary {
    let total = count(cycles.len());
    let share = |k: PdsaComponent| {
        let n = cycles
            .iter()
            .filter(|c| c.completeness.component(k) == ComponentStatus::Present)
            .count();
        Share::new(count(n), total)
    };
    let complete = cycles
        .iter()
        .filter(|c| c.completeness.status == CompletenessStatus::Complete)
        .count();
    let unknown_next = cycles
        .iter()
        .filter(|c| matches!(&c.next, Some(n) if n.status == NextStatus::Unknown))
        .count();
    PdsaSummary {
        cycles: total,
        complete: Share::new(count(complete), total),
        by_component: ComponentShares {
            plan_question: share(PdsaComponent::PlanQuestion),
            plan_prediction: share(PdsaComponent::PlanPrediction),
            do_data: share(PdsaComponent::DoData),
            study_result: share(PdsaComponent::StudyResult),
            act_decision: share(PdsaComponent::ActDecision),
        },
        unknown_next: count(unknown_next),
    }
}

// ---------------------------------------------------------------------------------------------
// Usability tests
// ---------------------------------------------------------------------------------------------

/// One cycle of a usability test, as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UsabilityTestCycle {
    /// The cycle's event id.
    pub id: EventId,
    /// When it ended.
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// Its users.
    pub users: u32,
    /// What changed after it.
    pub changes: Vec<String>,
}

/// A usability test: its cycles in date order and the counts.
///
/// The counts are reported, not judged; compare them with a [`UsabilityGuideline`] if wanted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UsabilityTest {
    /// The test's id.
    pub test: EventId,
    /// The innovation tested: the first one its cycles name.
    pub innovation: Option<InnovationId>,
    /// Cycles run.
    pub cycle_count: u64,
    /// Users in each cycle, in date order.
    pub users_per_cycle: Vec<u32>,
    /// Users over all cycles.
    pub total_users: u64,
    /// The cycles, in date order (log order among equal dates).
    pub cycles: Vec<UsabilityTestCycle>,
}

/// The usability tests of an event log, one per `test` id, in order of first appearance.
///
/// Events other than [`UsabilityCycle`] are ignored.
///
/// Source: NIRN module 5, "Improvement Cycles": usability testing as a series of small PDSA
/// cycles.
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::UsabilityCycle;
/// use implsci::improvement::pdsa::usability_tests;
///
/// let events = [
///     Event::UsabilityCycle(UsabilityCycle::new("e-2".parse()?, "2024-02-15".parse()?, "ut-1".parse()?, 4)),
///     Event::UsabilityCycle(UsabilityCycle::new("e-1".parse()?, "2024-02-01".parse()?, "ut-1".parse()?, 5)),
/// ];
/// let tests = usability_tests(&events);
/// assert_eq!(tests[0].cycle_count, 2);
/// assert_eq!(tests[0].users_per_cycle, [5, 4]);
/// assert_eq!(tests[0].total_users, 9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn usability_tests(events: &[Event]) -> Vec<UsabilityTest> {
    let mut groups: Vec<Vec<&UsabilityCycle>> = Vec::new();
    let mut index: HashMap<&EventId, usize> = HashMap::new();
    for event in events {
        if let Event::UsabilityCycle(cycle) = event {
            let i = *index.entry(&cycle.test).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[i].push(cycle);
        }
    }
    groups
        .into_iter()
        .map(|mut cycles| {
            cycles.sort_by_key(|c| c.date); // stable: log order among equal dates
            UsabilityTest {
                // A group exists because a cycle does.
                test: cycles[0].test.clone(),
                innovation: cycles.iter().find_map(|c| c.innovation.clone()),
                cycle_count: count(cycles.len()),
                users_per_cycle: cycles.iter().map(|c| c.users).collect(),
                total_users: cycles.iter().map(|c| u64::from(c.users)).sum(),
                cycles: cycles
                    .iter()
                    .map(|c| UsabilityTestCycle {
                        id: c.id.clone(),
                        date: c.date,
                        users: c.users,
                        changes: c.changes.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A guideline for usability tests: users per cycle and number of cycles, each an inclusive
/// range `(low, high)`. A parameter, not a rule of this crate: the sources give it as guidance.
///
/// Source: NIRN module 5, "Improvement Cycles" (4–5 users per cycle, 4–5 cycles, about 20 users);
/// the default.
///
/// ```
/// use implsci::improvement::pdsa::UsabilityGuideline;
/// let g = UsabilityGuideline::default();
/// assert_eq!((g.users_per_cycle, g.cycles), ((4, 5), (4, 5)));
/// let wider = UsabilityGuideline { users_per_cycle: (3, 6), cycles: (3, 6) };
/// assert_eq!(serde_json::to_string(&wider)?, r#"{"users_per_cycle":[3,6],"cycles":[3,6]}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsabilityGuideline {
    /// Users per cycle, `(low, high)` inclusive.
    pub users_per_cycle: (u32, u32),
    /// Cycles per test, `(low, high)` inclusive.
    pub cycles: (u32, u32),
}

impl Default for UsabilityGuideline {
    /// 4–5 users per cycle, 4–5 cycles (NIRN module 5).
    fn default() -> Self {
        Self {
            users_per_cycle: (4, 5),
            cycles: (4, 5),
        }
    }
}

/// Where a count falls against an inclusive range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RangeFit {
    /// Under the low end.
    Below,
    /// From the low end to the high end.
    Within,
    /// Over the high end.
    Above,
}

impl RangeFit {
    /// Where `n` falls in `(low, high)`; with `low > high` nothing is within.
    fn of(n: u64, (low, high): (u32, u32)) -> Self {
        if n < u64::from(low) {
            Self::Below
        } else if n > u64::from(high) {
            Self::Above
        } else {
            Self::Within
        }
    }
}

/// A usability test compared with a [`UsabilityGuideline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct GuidelineCheck {
    /// The number of cycles against the guideline's range.
    pub cycles: RangeFit,
    /// Each cycle's users against the guideline's range, in date order.
    pub users_per_cycle: Vec<RangeFit>,
    /// Within when the cycle count and every cycle's users are within.
    pub overall: RangeFit,
}

impl GuidelineCheck {
    /// True when the test is within the guideline on every count.
    #[must_use]
    pub fn is_within(&self) -> bool {
        self.overall == RangeFit::Within
    }
}

impl UsabilityGuideline {
    /// Compares a test with the guideline. `overall` is `Within` when everything is, else
    /// `Below` when the cycle count or any cycle falls below and none above, else `Above`.
    ///
    /// ```
    /// use implsci::event::Event;
    /// use implsci::improvement::UsabilityCycle;
    /// use implsci::improvement::pdsa::{usability_tests, RangeFit, UsabilityGuideline};
    ///
    /// let events: Vec<Event> = [("e-1", "2024-02-01", 5), ("e-2", "2024-02-08", 4), ("e-3", "2024-02-15", 5)]
    ///     .into_iter()
    ///     .map(|(id, date, users)| -> Result<Event, Box<dyn std::error::Error>> {
    ///         Ok(Event::UsabilityCycle(UsabilityCycle::new(id.parse()?, date.parse()?, "ut-1".parse()?, users)))
    ///     })
    ///     .collect::<Result<_, _>>()?;
    /// let test = &usability_tests(&events)[0];
    /// let check = UsabilityGuideline::default().check(test);
    /// assert_eq!(check.cycles, RangeFit::Below); // 3 cycles, 4–5 suggested
    /// assert!(!check.is_within());
    /// assert!(UsabilityGuideline { users_per_cycle: (4, 5), cycles: (3, 5) }.check(test).is_within());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn check(&self, test: &UsabilityTest) -> GuidelineCheck {
        let cycles = RangeFit::of(test.cycle_count, self.cycles);
        let users_per_cycle: Vec<RangeFit> = test
            .users_per_cycle
            .iter()
            .map(|&u| RangeFit::of(u64::from(u), self.users_per_cycle))
            .collect();
        let all = || std::iter::once(cycles).chain(users_per_cycle.iter().copied());
        let overall = if all().any(|f| f == RangeFit::Above) {
            RangeFit::Above
        } else if all().any(|f| f == RangeFit::Below) {
            RangeFit::Below
        } else {
            RangeFit::Within
        };
        GuidelineCheck {
            cycles,
            users_per_cycle,
            overall,
        }
    }
}

#[cfg(test)]
mod tests;

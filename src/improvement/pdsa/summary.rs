//! A summary across PDSA cycles: how many record each component, and how many are complete.

use schemars::JsonSchema;
use serde::Serialize;

use super::{CompletenessStatus, ComponentStatus, NextStatus, PdsaComponent, PdsaCycle, count};
use crate::share::Share;

/// Shares of cycles with each component present.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{pdsa_summary, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// let shares = pdsa_summary(&cycles).by_component;
/// assert_eq!((shares.plan_question.numerator, shares.plan_question.denominator), (2, 2));
/// assert_eq!(shares.do_data.value(), Some(0.5)); // `pdsa-2` recorded no data
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::improvement::pdsa::{pdsa_summary, PdsaMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let cycles = measure_log(log, PdsaMeasure::new())?.report;
/// let summary = pdsa_summary(&cycles);
/// assert_eq!(summary.cycles, 2);
/// assert_eq!((summary.complete.numerator, summary.complete.denominator), (1, 2));
/// assert_eq!(summary.unknown_next, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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

/// Summarizes cycles built by [`pdsa_cycles`](super::pdsa_cycles).
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

//! The report's summary in plain words: one [`Finding`] per question a state leader asks.

use std::fmt::Write as _;

use hashbrown::HashMap;

use super::{Computed, ScoreSet};
use crate::id::UnitId;
use crate::period::{Calendar, PeriodKind};
use crate::score::rollup::{Aggregate, RollupParams, RowStatus};
use crate::share::Share;
use crate::system::{BreakReason, Chain, System, UnitAlignment};

/// Break points listed by name in the summary; the rest are counted, and listed in the
/// tables. The crate's choice, to keep the summary short.
const NAMED_BREAKS: usize = 8;

/// What a finding answers.
///
/// ```
/// use implsci::report::Topic;
/// assert_eq!(Topic::Chain.label(), "Where the chain of support breaks");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Topic {
    /// Where the chain of implementation teams breaks (the alignment report).
    Chain,
    /// How many practitioners a broken chain leaves without support.
    Support,
    /// Who is in a coach's caseload, and coaching delivered against plans.
    Coaching,
    /// Practice–policy feedback loops: open, stuck, closed.
    Loops,
    /// An instrument's scores per unit against its criterion.
    Scores,
    /// When the units reach Full Implementation under each plan of a scenario (the
    /// simulation's forecast, feature `simulate`).
    Forecast,
}

impl Topic {
    /// The heading the finding is written under.
    ///
    /// ```
    /// use implsci::report::Topic;
    /// assert_eq!(Topic::Loops.label(), "Feedback loops from practice to policy");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Chain => "Where the chain of support breaks",
            Self::Support => "Practitioners without support",
            Self::Coaching => "Coaching coverage",
            Self::Loops => "Feedback loops from practice to policy",
            Self::Scores => "Scores against criterion",
            Self::Forecast => "What the plans would bring",
        }
    }
}

/// One sentence or a few, in plain words, answering one question.
///
/// ```
/// use implsci::report::{ReportInputs, ReportParams, Topic, report};
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
/// let page = report(&ReportInputs::new(&system), &params)?;
/// let support = page.findings().iter().find(|f| f.topic == Topic::Support).ok_or("support")?;
/// assert!(support.text.starts_with("19 of the 46 practitioners (41%) work in units"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// What it answers.
    pub topic: Topic,
    /// The answer.
    pub text: String,
}

impl Finding {
    pub(super) fn new(topic: Topic, text: String) -> Self {
        Self { topic, text }
    }
}

/// A unit's name, or its id when it has none.
pub(super) fn name_of(system: &System, unit: &UnitId) -> String {
    system
        .unit(unit.as_str())
        .and_then(|u| u.name.clone())
        .unwrap_or_else(|| unit.to_string())
}

/// "12 of the 45 practitioners (27%)", or "none of 0 practitioners".
pub(super) fn share_words(share: Share, noun: &str) -> String {
    match share.percent() {
        Some(p) => format!(
            "{} of the {} ({p:.0}%)",
            share.numerator,
            count(share.denominator, noun)
        ),
        None => format!("none of 0 {noun}s"),
    }
}

/// `n` and the noun, plural unless one.
pub(super) fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Why a chain breaks, in plain words with names.
pub(super) fn reason_words(system: &System, reason: &BreakReason) -> String {
    match reason {
        BreakReason::NoTeamAtOrAbove => "no unit at or above it has a team".to_string(),
        BreakReason::NoTopTeam => "the top unit has no team".to_string(),
        BreakReason::NotSupported { expected_from } => format!(
            "no team of {} supports its team",
            name_of(system, expected_from)
        ),
        BreakReason::NoRequiredTeam { level } => {
            format!("it has no team, which the system requires at the {level} level")
        }
    }
}

pub(super) fn findings(c: &Computed<'_>) -> Vec<Finding> {
    let mut out = vec![chain(c), support(c), coaching(c), loops(c)];
    for set in c.inputs.scores {
        out.push(scores(c, set));
    }
    #[cfg(feature = "simulate")]
    out.extend(super::forecast::finding(c));
    out
}

/// A break point: where, why, and the units and practitioners whose chain breaks there.
pub(super) struct BreakPoint<'r> {
    pub(super) at: &'r UnitId,
    pub(super) reason: &'r BreakReason,
    pub(super) units: u64,
    pub(super) practitioners: u64,
}

/// The break points in the alignment report's unit order (top-down), each once.
pub(super) fn break_points<'r>(units: &'r [UnitAlignment]) -> Vec<BreakPoint<'r>> {
    let mut index: HashMap<&UnitId, usize> = HashMap::new();
    let mut points: Vec<BreakPoint<'r>> = Vec::new();
    for unit in units {
        let Chain::Broken { at, reason } = &unit.chain else {
            continue;
        };
        let i = *index.entry(at).or_insert_with(|| {
            points.push(BreakPoint {
                at,
                reason,
                units: 0,
                practitioners: 0,
            });
            points.len() - 1
        });
        points[i].units += 1;
        points[i].practitioners += unit.practitioners;
    }
    points
}

fn chain(c: &Computed<'_>) -> Finding {
    let system = c.inputs.system;
    let report = &c.alignment;
    let total = report.units.len() as u64;
    let points = break_points(&report.units);
    if points.is_empty() {
        let own = report.units_own_team.numerator;
        let covered = report.units_covered_from_above.numerator;
        return Finding::new(
            super::Topic::Chain,
            format!(
                "The chain of support is unbroken: a connected team reaches every one of the \
                 {} ({own} with a connected team of their own, {covered} covered from above).",
                count(total, "unit")
            ),
        );
    }
    let broken = report.units_broken.numerator;
    let mut text = format!(
        "The chain of support breaks at {}, leaving {} of {total} units without one:",
        count(points.len() as u64, "place"),
        broken
    );
    for (i, p) in points.iter().take(NAMED_BREAKS).enumerate() {
        let level = system
            .unit(p.at.as_str())
            .map_or_else(String::new, |u| format!(" ({})", u.level));
        let sep = if i == 0 { " " } else { "; " };
        let _ = write!(
            text,
            "{sep}at {}{level}, where {} ({} affected)",
            name_of(system, p.at),
            reason_words(system, p.reason),
            count(p.units, "unit")
        );
    }
    if points.len() > NAMED_BREAKS {
        let _ = write!(
            text,
            "; and at {} more, listed in the tables",
            points.len() - NAMED_BREAKS
        );
    }
    text.push('.');
    Finding::new(super::Topic::Chain, text)
}

fn support(c: &Computed<'_>) -> Finding {
    let covered = c.alignment.practitioners_covered;
    let total = covered.denominator;
    if total == 0 {
        return Finding::new(
            super::Topic::Support,
            "The system lists no active practitioners, so how many are left without support \
             is not known."
                .to_string(),
        );
    }
    let without = Share::new(total - covered.numerator, total);
    let text = if without.numerator == 0 {
        format!(
            "Every one of the {total} practitioners works in a unit whose chain of support is unbroken."
        )
    } else {
        format!(
            "{} work in units whose chain of support is broken, so support from the teams \
             above does not reach them through a connected team.",
            share_words(without, "practitioner")
        )
    };
    Finding::new(super::Topic::Support, text)
}

fn coaching(c: &Computed<'_>) -> Finding {
    let report = &c.alignment;
    let mut text = format!(
        "{} are in a coach's caseload",
        share_words(report.practitioners_coached, "practitioner")
    );
    let over: Vec<&str> = report
        .overloaded_coaches()
        .map(|l| l.coach.as_str())
        .collect();
    match over.len() {
        0 => text.push_str(", and no coach carries more than their capacity."),
        n => {
            let _ = write!(
                text,
                "; {} more than their capacity ({}).",
                if n == 1 {
                    "1 coach carries".to_string()
                } else {
                    format!("{n} coaches carry")
                },
                over.iter()
                    .take(NAMED_BREAKS)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    match &c.coaching {
        None => text.push_str(" No event log was given, so coaching delivered is not known."),
        Some(coaching) => {
            let coached = coaching
                .practitioners
                .iter()
                .filter(|p| p.cycles > 0)
                .count() as u64;
            let planned: u64 = coaching
                .practitioners
                .iter()
                .map(|p| p.planned_cycles)
                .sum();
            let delivered: u64 = coaching
                .practitioners
                .iter()
                .map(|p| p.cycles_complete.min(p.planned_cycles))
                .sum();
            let _ = write!(
                text,
                " From {} to {}, the event log shows coaching for {} of the system's {}",
                coaching.window.start(),
                coaching.window.end(),
                coached,
                count(report.practitioners_covered.denominator, "practitioner"),
            );
            if planned == 0 {
                text.push_str("; no coaching was planned in that time.");
            } else {
                let _ = write!(
                    text,
                    ", and {} were delivered.",
                    share_words(Share::new(delivered, planned), "planned coaching cycle")
                );
            }
        }
    }
    if let Some(innovation) = c.inputs.innovation.filter(|_| c.coaching.is_some()) {
        let observed = c
            .fidelity
            .iter()
            .filter(|f| !f.trajectory.is_empty())
            .count() as u64;
        let met = c.fidelity.iter().filter(|f| f.first_met.is_some()).count() as u64;
        if observed == 0 {
            let _ = write!(
                text,
                " No practitioner has a fidelity observation of {}.",
                innovation.name
            );
        } else {
            let _ = write!(
                text,
                " Of the {} observed for fidelity to {}, {met} {} met its fidelity \
                 criterion at least once.",
                count(observed, "practitioner"),
                innovation.name,
                if met == 1 { "has" } else { "have" }
            );
        }
    }
    Finding::new(super::Topic::Coaching, text)
}

fn loops(c: &Computed<'_>) -> Finding {
    let Some(loops) = &c.loops else {
        return Finding::new(
            super::Topic::Loops,
            "No event log was given, so the practice–policy loops are not known.".to_string(),
        );
    };
    let raised = loops.items.len() as u64;
    if raised == 0 {
        return Finding::new(
            super::Topic::Loops,
            format!(
                "The event log records no barrier or success raised from practice up to {}.",
                loops.as_of
            ),
        );
    }
    let mut stuck_at: Vec<String> = Vec::new();
    for item in &loops.items {
        if let Some(at) = item.stuck_at() {
            let name = name_of(c.inputs.system, at);
            if !stuck_at.contains(&name) && stuck_at.len() < NAMED_BREAKS {
                stuck_at.push(name);
            }
        }
    }
    let was = if raised == 1 { "was" } else { "were" };
    let mut text = format!(
        "{} {was} raised from practice up to {}: {} open",
        count(raised, "item"),
        loops.as_of,
        loops.open
    );
    if loops.stuck > 0 {
        let _ = write!(
            text,
            ", {} of them stuck where the chain of support breaks (at {})",
            loops.stuck,
            stuck_at.join(", ")
        );
    }
    let _ = write!(
        text,
        "; {} resolved, {} closed",
        loops.resolved, loops.closed
    );
    if let Some(days) = loops.median_closure_days {
        let _ = write!(text, " (median {days:.0} days from raised to closed)");
    }
    text.push('.');
    Finding::new(super::Topic::Loops, text)
}

fn scores(c: &Computed<'_>, set: &ScoreSet<'_>) -> Finding {
    let system = c.inputs.system;
    if set.scores.is_empty() {
        return Finding::new(
            super::Topic::Scores,
            format!("{}: no administrations were scored.", set.name),
        );
    }
    let params = RollupParams::default()
        .as_of(c.params.as_of)
        .by(Calendar::new(PeriodKind::SchoolYear));
    let rollup = match system.rollup_with(set.scores, Aggregate::ShareMeetingCriterion, &params) {
        Ok(r) => r,
        Err(e) => {
            return Finding::new(
                super::Topic::Scores,
                format!("{}: the scores could not be rolled up ({e}).", set.name),
            );
        }
    };
    let last = rollup
        .rows
        .iter()
        .filter_map(|r| r.period.as_ref())
        .next_back();
    let Some(period) = last else {
        return Finding::new(
            super::Topic::Scores,
            format!(
                "{}: no score is dated on or before {}.",
                set.name, c.params.as_of
            ),
        );
    };
    let mut text = format!(
        "{}, school year {}: the share of assessed units meeting the instrument's criterion,",
        set.name, period.label
    );
    let rows = rollup
        .rows
        .iter()
        .filter(|r| r.period.as_ref() == Some(period) && r.level == c.params.level);
    let mut any = false;
    for (i, row) in rows.enumerate() {
        any = true;
        let name = row
            .name
            .as_deref()
            .map_or_else(|| row.unit.to_string(), String::from);
        let value = match (row.status, row.value) {
            (RowStatus::Computed, Some(v)) => {
                format!("{:.0}% of {} assessed", v * 100.0, row.coverage.numerator)
            }
            (RowStatus::NoEligibleSubjects, _) => "nothing assessed on this level".to_string(),
            _ => "no scores".to_string(),
        };
        let sep = if i == 0 { " " } else { "; " };
        let _ = write!(text, "{sep}{name} {value}");
    }
    if !any {
        let _ = write!(text, " no unit on the {} level", c.params.level);
    }
    text.push('.');
    Finding::new(super::Topic::Scores, text)
}

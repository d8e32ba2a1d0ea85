//! What the rollup property tests share: the aggregates, the walk up the unit tree their brute
//! forces count with, and the brute force of a dated rollup (`System::rollup_with`) from the
//! definitions in `src/score/rollup/mod.rs`: for each period and unit, every subject and every
//! score looked at afresh.

#![allow(
    clippy::cast_precision_loss,
    reason = "counts in these tests are far below 2^53"
)]

use std::collections::{HashMap, HashSet};

use implsci::id::LevelId;
use implsci::period::{MaxAge, Period};
use implsci::score::rollup::{Aggregate, Rollup, RollupParams, RowStatus, Subjects};
use implsci::score::{Score, ScoreSubject};
use implsci::share::Share;
use implsci::system::{Practitioner, SystemDocument};
use jiff::civil::Date;
use proptest::prelude::*;

use super::close_opt;
use super::systems::parents;

/// Every aggregate a rollup takes.
pub const AGGREGATES: [Aggregate; 5] = [
    Aggregate::Mean,
    Aggregate::MeanWeightedByPractitioners,
    Aggregate::ShareMeetingCriterion,
    Aggregate::Minimum,
    Aggregate::Count,
];

/// True when `unit` is `ancestor` or below it (walking parents; see
/// [`parents`](super::systems::parents)).
pub fn at_or_below(parents: &HashMap<&str, Option<&str>>, unit: &str, ancestor: &str) -> bool {
    let mut cur = Some(unit);
    while let Some(u) = cur {
        if u == ancestor {
            return true;
        }
        cur = parents[u];
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Brute force, from the definitions in src/score/rollup/mod.rs
// ---------------------------------------------------------------------------------------------

/// A practitioner is a subject on `on`: started on or before it and not yet ended (the end is
/// the first day no longer there); with no date, one with no end.
fn active(p: &Practitioner, on: Option<Date>) -> bool {
    match on {
        None => p.end.is_none(),
        Some(d) => p.start.unwrap_or(Date::MIN) <= d && p.end.is_none_or(|e| d < e),
    }
}

/// A date looked at, with its period when the rollup is by period.
#[derive(Debug, Clone)]
struct Look {
    period: Option<Period>,
    on: Option<Date>,
}

/// The dates looked at: with periods and a date, every period holding a day from the earliest
/// score on or before the as-of date (the as-of date itself when there is none) to the as-of
/// date, each on its last day or on the as-of date if earlier; otherwise the as-of date alone.
fn expected_looks(scores: &[Score], params: &RollupParams, as_of: Option<Date>) -> Vec<Look> {
    let (Some(calendar), Some(as_of)) = (params.by, as_of) else {
        return vec![Look {
            period: None,
            on: as_of,
        }];
    };
    let first = scores
        .iter()
        .map(|s| s.date)
        .filter(|&d| d <= as_of)
        .min()
        .unwrap_or(as_of);
    let mut periods: Vec<Period> = Vec::new();
    let mut d = first;
    loop {
        let p = calendar.period_of(d);
        if periods.last() != Some(&p) {
            periods.push(p);
        }
        if d == as_of {
            break;
        }
        d = d.tomorrow().unwrap();
    }
    periods
        .into_iter()
        .map(|p| Look {
            on: Some(p.end.min(as_of)),
            period: Some(p),
        })
        .collect()
}

/// What a look finds for one subject.
#[derive(Debug, Clone, Copy)]
enum Found {
    /// No score on or before the date.
    Unscored,
    /// A latest score older than the maximum age.
    Stale,
    /// A latest score that counts: its finite value, its verdict, its date.
    Fresh(Option<f64>, Option<bool>, Date),
}

/// The subject's latest score on or before the date (of two on one day, the later in the
/// input), and whether it counts.
fn find(scores: &[Score], who: &ScoreSubject, look: &Look, max_age: Option<MaxAge>) -> Found {
    let mut latest: Option<&Score> = None;
    for s in scores {
        if &s.subject == who
            && look.on.is_none_or(|d| s.date <= d)
            && latest.is_none_or(|l| l.date <= s.date)
        {
            latest = Some(s);
        }
    }
    let Some(s) = latest else {
        return Found::Unscored;
    };
    let fresh = match max_age {
        None => true,
        Some(MaxAge::Days(n)) => look
            .on
            .is_none_or(|d| d.duration_since(s.date).as_secs() <= i64::from(n) * 86_400),
        Some(MaxAge::OnePeriod) => look
            .period
            .as_ref()
            .is_none_or(|p| p.start <= s.date && s.date <= p.end),
        Some(other) => unreachable!("a maximum age this test does not know: {other:?}"),
    };
    if fresh {
        let value = s.percent.or(s.points).filter(|v| v.is_finite());
        Found::Fresh(value, s.criterion_met, s.date)
    } else {
        Found::Stale
    }
}

/// One subject on a look: the unit it sits at (its own, for a unit), what was found, and its
/// weight.
struct Subject<'a> {
    unit: &'a str,
    found: Found,
    weight: f64,
}

/// Everything a row needs, over the subjects at or below one unit.
#[derive(Debug, Default)]
struct Tally {
    subjects: u64,
    stale: u64,
    /// (value, weight) of each fresh subject with a finite value.
    values: Vec<(f64, f64)>,
    judged: u64,
    met: u64,
    date: Option<Date>,
}

/// What a row should say.
#[derive(Debug)]
struct Expected {
    value: Option<f64>,
    coverage: Share,
    stale: u64,
    date: Option<Date>,
    status: RowStatus,
}

impl Tally {
    fn of(parents: &HashMap<&str, Option<&str>>, subjects: &[Subject], unit: &str) -> Self {
        let mut t = Tally::default();
        for s in subjects {
            if !at_or_below(parents, s.unit, unit) {
                continue;
            }
            t.subjects += 1;
            match s.found {
                Found::Unscored => {}
                Found::Stale => t.stale += 1,
                Found::Fresh(value, criterion, date) => {
                    if let Some(v) = value {
                        t.values.push((v, s.weight));
                    }
                    if let Some(met) = criterion {
                        t.judged += 1;
                        t.met += u64::from(met);
                    }
                    if value.is_some() || criterion.is_some() {
                        t.date = t.date.max(Some(date));
                    }
                }
            }
        }
        t
    }

    fn expected(&self, aggregate: Aggregate) -> Expected {
        let n = self.subjects;
        let count = self.values.len() as u64;
        let scored = Share::new(count, n);
        let (value, coverage) = match aggregate {
            Aggregate::Mean => (
                (count > 0).then(|| self.values.iter().map(|(v, _)| v).sum::<f64>() / count as f64),
                scored,
            ),
            Aggregate::MeanWeightedByPractitioners => {
                let total: f64 = self.values.iter().map(|(_, w)| w).sum();
                (
                    (total > 0.0)
                        .then(|| self.values.iter().map(|(v, w)| v * w).sum::<f64>() / total),
                    scored,
                )
            }
            // A share is a fraction, of the judged.
            Aggregate::ShareMeetingCriterion => (
                (self.judged > 0).then(|| self.met as f64 / self.judged as f64),
                Share::new(self.judged, n),
            ),
            Aggregate::Minimum => (self.values.iter().map(|(v, _)| *v).reduce(f64::min), scored),
            // A count is a value even when it is zero, where there are subjects.
            Aggregate::Count => ((n > 0).then_some(count as f64), scored),
            other => unreachable!("an aggregate this test does not know: {other:?}"),
        };
        let status = if n == 0 {
            RowStatus::NoEligibleSubjects
        } else if value.is_none() {
            RowStatus::NoScores
        } else {
            RowStatus::Computed
        };
        Expected {
            value,
            coverage,
            stale: self.stale,
            date: self.date,
            status,
        }
    }
}

/// The levels whose units are the subjects of unit scores, in the document's order (top to
/// bottom): those asked for, else every level of a unit with a score in the input.
fn expected_subject_levels(
    doc: &SystemDocument,
    scores: &[Score],
    params: &RollupParams,
) -> Vec<LevelId> {
    let on: HashSet<&LevelId> = match &params.subject_levels {
        Some(levels) => levels.iter().collect(),
        None => doc
            .units
            .iter()
            .filter(|u| {
                scores
                    .iter()
                    .any(|s| s.subject == ScoreSubject::Unit(u.id.clone()))
            })
            .map(|u| &u.level)
            .collect(),
    };
    doc.levels
        .iter()
        .filter(|l| on.contains(&l.id))
        .map(|l| l.id.clone())
        .collect()
}

/// The subjects of one look, each with what it finds.
fn look_subjects<'a>(
    doc: &'a SystemDocument,
    scores: &[Score],
    subject_levels: Option<&[LevelId]>,
    look: &Look,
    max_age: Option<MaxAge>,
) -> Vec<Subject<'a>> {
    let parents = parents(doc);
    match subject_levels {
        None => doc
            .practitioners
            .iter()
            .filter(|p| active(p, look.on))
            .map(|p| Subject {
                unit: p.unit.as_str(),
                found: find(
                    scores,
                    &ScoreSubject::Practitioner(p.id.clone()),
                    look,
                    max_age,
                ),
                weight: 1.0,
            })
            .collect(),
        Some(levels) => doc
            .units
            .iter()
            .filter(|u| levels.contains(&u.level))
            .map(|u| Subject {
                unit: u.id.as_str(),
                found: find(scores, &ScoreSubject::Unit(u.id.clone()), look, max_age),
                // As many as the practitioners active on the date at or below it.
                weight: doc
                    .practitioners
                    .iter()
                    .filter(|p| active(p, look.on))
                    .filter(|p| at_or_below(&parents, p.unit.as_str(), u.id.as_str()))
                    .count() as f64,
            })
            .collect(),
    }
}

/// The brute force of a whole rollup: what it records beside its rows, and per look, a tally
/// per unit (by unit id).
pub struct Brute<'a> {
    as_of: Option<Date>,
    max_age: Option<MaxAge>,
    subjects: Subjects,
    looks: Vec<(Look, HashMap<&'a str, Tally>)>,
}

pub fn brute<'a>(doc: &'a SystemDocument, scores: &[Score], params: &RollupParams) -> Brute<'a> {
    let parents = parents(doc);
    let unit_scores = matches!(
        scores.first().map(|s| &s.subject),
        Some(ScoreSubject::Unit(_))
    );
    let subject_levels = unit_scores.then(|| expected_subject_levels(doc, scores, params));
    let as_of = params.as_of.or_else(|| scores.iter().map(|s| s.date).max());
    // With periods and none given: one period; with none and no periods, no limit.
    let max_age = match (params.max_age, params.by) {
        (Some(m), _) => Some(m),
        (None, Some(_)) => Some(MaxAge::OnePeriod),
        (None, None) => None,
    };
    let looks = expected_looks(scores, params, as_of)
        .into_iter()
        .map(|look| {
            let subjects = look_subjects(doc, scores, subject_levels.as_deref(), &look, max_age);
            let tallies = doc
                .units
                .iter()
                .map(|u| (u.id.as_str(), Tally::of(&parents, &subjects, u.id.as_str())))
                .collect();
            (look, tallies)
        })
        .collect();
    Brute {
        as_of,
        max_age,
        subjects: match subject_levels {
            Some(levels) => Subjects::Units { levels },
            None => Subjects::Practitioners,
        },
        looks,
    }
}

/// The rollup has, per look in order, one row per unit top-down (every parent's before its
/// children's) with the look's period and date, and the brute force's numbers.
pub fn check(
    doc: &SystemDocument,
    rollup: &Rollup,
    aggregate: Aggregate,
    params: &RollupParams,
    brute: &Brute,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(rollup.aggregate, aggregate);
    prop_assert_eq!(rollup.as_of, brute.as_of);
    prop_assert_eq!(rollup.by, params.by.map(|c| c.kind));
    prop_assert_eq!(rollup.max_age, brute.max_age);
    prop_assert_eq!(&rollup.subjects, &brute.subjects);
    let units = doc.units.len();
    prop_assert_eq!(
        rollup.rows.len(),
        brute.looks.len() * units,
        "rows: {} looks of {} units",
        brute.looks.len(),
        units
    );
    for (rows, (look, tallies)) in rollup.rows.chunks(units).zip(&brute.looks) {
        let row_of: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.unit.as_str(), i))
            .collect();
        prop_assert_eq!(row_of.len(), units, "a unit has two rows in one period");
        for unit in &doc.units {
            let u = unit.id.as_str();
            let Some(&i) = row_of.get(u) else {
                return Err(TestCaseError::fail(format!("no row for unit {u}")));
            };
            let row = &rows[i];
            prop_assert_eq!(&row.level, &unit.level);
            prop_assert_eq!(&row.parent, &unit.parent);
            if let Some(parent) = &unit.parent {
                prop_assert!(
                    row_of[parent.as_str()] < i,
                    "{} is listed before its parent",
                    u
                );
            }
            prop_assert_eq!(&row.period, &look.period, "period of {}", u);
            prop_assert_eq!(
                row.as_of,
                look.on,
                "as-of date of {} in {:?}",
                u,
                look.period
            );
            let e = tallies[u].expected(aggregate);
            let at = || format!("{u} on {:?} ({aggregate:?})", look.on);
            prop_assert_eq!(row.coverage, e.coverage, "coverage of {}", at());
            prop_assert_eq!(row.stale, e.stale, "stale of {}", at());
            prop_assert_eq!(row.date, e.date, "date of {}", at());
            prop_assert_eq!(row.status, e.status, "status of {}", at());
            prop_assert!(
                close_opt(row.value, e.value),
                "value of {}: {:?}, brute force {:?}",
                at(),
                row.value,
                e.value
            );
            if let Some(v) = row.value {
                prop_assert!(v.is_finite(), "value of {} is not finite", at());
            }
        }
    }
    // `Rollup::row` gives the last period's row.
    if let Some(last) = rollup.rows.len().checked_sub(units) {
        for unit in &doc.units {
            let row = rollup.row(&unit.id).map(|r| (&r.period, r.as_of));
            let rows = &rollup.rows[last..];
            let expected = rows
                .iter()
                .find(|r| r.unit == unit.id)
                .map(|r| (&r.period, r.as_of));
            prop_assert_eq!(row, expected);
        }
    }
    Ok(())
}

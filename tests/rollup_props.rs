//! Property tests for rollups: practitioner, unit and administration scores over random
//! hierarchies roll up to what a brute-force recomputation from the definitions in
//! `src/score/rollup.rs` gives, each subject counted with its latest score; scores of the
//! wrong number or of subjects the system does not have are refused.

#![allow(
    clippy::cast_precision_loss,
    reason = "counts and half points in these tests are far below 2^53"
)]
mod common;

use common::rollups::{AGGREGATES, at_or_below};
use common::scores::{Answer, administer};
use common::systems::{levels, parents, place};
use common::{close_opt, id, shuffle};

use std::collections::{HashMap, HashSet};

use implsci::score::rollup::{Aggregate, Rollup, RollupError, Scored};
use implsci::score::{Instrument, Score, ScoreSubject};
use implsci::share::Share;
use implsci::system::{Practitioner, System, SystemDocument, Unit, When};
use jiff::ToSpan;
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::Index;

// ---------------------------------------------------------------------------------------------
// Random hierarchies
// ---------------------------------------------------------------------------------------------

/// The random choices behind a unit tree with practitioners.
#[derive(Debug, Clone)]
struct RawTree {
    levels: usize,
    /// (level choice, parent choice) of each unit below the root.
    units: Vec<(Index, Index)>,
    /// The unit of each practitioner.
    practitioners: Vec<Index>,
    shuffle: Option<u64>,
}

fn raw_tree(units: usize, practitioners: usize) -> impl Strategy<Value = RawTree> {
    (
        prop_oneof![1 => Just(1usize), 6 => 2usize..=5],
        prop::collection::vec((any::<Index>(), any::<Index>()), 0..units),
        prop::collection::vec(any::<Index>(), 0..=practitioners),
        prop::option::of(any::<u64>()),
    )
        .prop_map(|(levels, units, practitioners, shuffle)| RawTree {
            levels,
            units,
            practitioners,
            shuffle,
        })
}

/// A valid system: a rooted unit tree whose parents sit on strictly higher levels (levels may
/// be skipped), practitioners on random units, no teams, links or coaches.
fn build_tree(raw: RawTree) -> SystemDocument {
    let mut doc = SystemDocument::new(id("sys"), "A random hierarchy");
    doc.levels.extend(levels(raw.levels));
    let placed = place(
        raw.levels,
        (),
        raw.units
            .into_iter()
            .map(|(level, parent)| (level, parent, ())),
    );
    for (i, (level, parent, ())) in placed.into_iter().enumerate() {
        doc.units.push(Unit::new(
            id(&format!("u{i}")),
            doc.levels[level].id.clone(),
            parent.map(|p| doc.units[p].id.clone()),
        ));
    }
    let units = doc.units.len();
    for (i, unit) in raw.practitioners.into_iter().enumerate() {
        doc.practitioners.push(Practitioner::new(
            id(&format!("p{i}")),
            doc.units[unit.index(units)].id.clone(),
            id("teacher"),
        ));
    }
    if let Some(seed) = raw.shuffle {
        shuffle(&mut doc.units, seed);
        shuffle(&mut doc.practitioners, seed ^ 1);
    }
    doc
}

/// A valid hierarchy of 1–40 units and 0–60 practitioners.
fn tree_doc() -> impl Strategy<Value = SystemDocument> {
    raw_tree(40, 60).prop_map(build_tree)
}

/// A subject's score as rollups take it: no value, a value in 0–100 (sometimes a whole or
/// boundary one), now and then a non-finite value (which counts as no value), and a criterion
/// verdict or none.
fn scored() -> impl Strategy<Value = Scored> {
    let value = prop_oneof![
        3 => Just(None),
        6 => (0.0f64..=100.0).prop_map(Some),
        2 => prop_oneof![Just(0.0), Just(100.0), (0u8..=100).prop_map(f64::from)].prop_map(Some),
        1 => prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)].prop_map(Some),
    ];
    (value, prop::option::of(any::<bool>())).prop_map(|(value, criterion_met)| Scored {
        value,
        criterion_met,
    })
}

// ---------------------------------------------------------------------------------------------
// Brute-force rollups, from the definitions in rollup.rs
// ---------------------------------------------------------------------------------------------

/// One subject: the unit it sits at, its score, and its weight.
struct Subject<'a> {
    unit: &'a str,
    scored: Scored,
    weight: f64,
}

/// The value and coverage of every unit, by unit id, recomputed from scratch: for each unit,
/// every subject at or below it.
fn brute_rollup<'a>(
    doc: &'a SystemDocument,
    subjects: &[Subject<'a>],
    aggregate: Aggregate,
) -> HashMap<&'a str, (Option<f64>, Share)> {
    let parents = parents(doc);
    doc.units
        .iter()
        .map(|unit| {
            let under: Vec<&Subject> = subjects
                .iter()
                .filter(|s| at_or_below(&parents, s.unit, unit.id.as_str()))
                .collect();
            let n = under.len() as u64;
            let valued: Vec<(f64, f64)> = under
                .iter()
                .filter_map(|s| {
                    s.scored
                        .value
                        .filter(|v| v.is_finite())
                        .map(|v| (v, s.weight))
                })
                .collect();
            let count = valued.len() as u64;
            let judged = under
                .iter()
                .filter(|s| s.scored.criterion_met.is_some())
                .count() as u64;
            let met = under
                .iter()
                .filter(|s| s.scored.criterion_met == Some(true))
                .count() as u64;
            let coverage = Share::new(count, n);
            let result = match aggregate {
                Aggregate::Mean => (
                    (count > 0).then(|| valued.iter().map(|(v, _)| v).sum::<f64>() / count as f64),
                    coverage,
                ),
                Aggregate::MeanWeightedByPractitioners => {
                    let total: f64 = valued.iter().map(|(_, w)| w).sum();
                    (
                        (total > 0.0)
                            .then(|| valued.iter().map(|(v, w)| v * w).sum::<f64>() / total),
                        coverage,
                    )
                }
                // A share is a fraction.
                Aggregate::ShareMeetingCriterion => (
                    (judged > 0).then(|| met as f64 / judged as f64),
                    Share::new(judged, n),
                ),
                Aggregate::Minimum => (valued.iter().map(|(v, _)| *v).reduce(f64::min), coverage),
                // A count is a value even when it is zero, where there are subjects.
                Aggregate::Count => ((n > 0).then_some(count as f64), coverage),
                other => unreachable!("an aggregate this test does not know: {other:?}"),
            };
            (unit.id.as_str(), result)
        })
        .collect()
}

fn practitioner_subjects<'a>(doc: &'a SystemDocument, scores: &[Scored]) -> Vec<Subject<'a>> {
    doc.practitioners
        .iter()
        .zip(scores)
        .map(|(p, &scored)| Subject {
            unit: p.unit.as_str(),
            scored,
            weight: 1.0,
        })
        .collect()
}

/// One subject per unit on the levels `subject_level` picks, each weighing as many as the
/// practitioners at or below it (the documented weight of
/// `Aggregate::MeanWeightedByPractitioners` for unit scores).
fn unit_subjects<'a>(
    doc: &'a SystemDocument,
    scores: &[Scored],
    subject_level: &dyn Fn(&str) -> bool,
) -> Vec<Subject<'a>> {
    let parents = parents(doc);
    doc.units
        .iter()
        .zip(scores)
        .filter(|(u, _)| subject_level(u.level.as_str()))
        .map(|(u, &scored)| Subject {
            unit: u.id.as_str(),
            scored,
            weight: doc
                .practitioners
                .iter()
                .filter(|p| at_or_below(&parents, p.unit.as_str(), u.id.as_str()))
                .count() as f64,
        })
        .collect()
}

/// The rollup has one row per unit, top-down (every parent's row before its children's), each
/// with its unit's level, and the brute force's value and coverage.
fn check_rollup(
    system: &System,
    rollup: &Rollup,
    aggregate: Aggregate,
    expected: &HashMap<&str, (Option<f64>, Share)>,
) -> Result<(), TestCaseError> {
    let doc = system.document();
    prop_assert_eq!(rollup.aggregate, aggregate);
    prop_assert_eq!(rollup.rows.len(), doc.units.len());
    let row_of: HashMap<&str, usize> = rollup
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.unit.as_str(), i))
        .collect();
    prop_assert_eq!(row_of.len(), doc.units.len(), "a unit has two rows");
    for unit in &doc.units {
        let Some(&i) = row_of.get(unit.id.as_str()) else {
            return Err(TestCaseError::fail(format!("no row for unit {}", unit.id)));
        };
        let row = &rollup.rows[i];
        prop_assert_eq!(&row.level, &unit.level);
        if let Some(parent) = &unit.parent {
            prop_assert!(
                row_of[parent.as_str()] < i,
                "{} is listed before its parent",
                unit.id
            );
        }
        let (value, coverage) = expected[unit.id.as_str()];
        prop_assert_eq!(
            row.coverage,
            coverage,
            "coverage of {} ({:?})",
            unit.id,
            aggregate
        );
        prop_assert!(
            close_opt(row.value, value),
            "value of {} ({:?}): {:?}, brute force {:?}",
            unit.id,
            aggregate,
            row.value,
            value
        );
        if let Some(v) = row.value {
            prop_assert!(v.is_finite(), "value of {} is not finite", unit.id);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Scores per subject for a tree, as a pair so shrinking keeps them together.
fn tree_and_scores() -> impl Strategy<Value = (SystemDocument, Vec<Scored>, Vec<Scored>)> {
    tree_doc().prop_flat_map(|doc| {
        let ps = doc.practitioners.len();
        let us = doc.units.len();
        (
            Just(doc),
            prop::collection::vec(scored(), ps),
            prop::collection::vec(scored(), us),
        )
    })
}

/// One administration of the two-subscale rollup assessment: a subject choice, a day, and the
/// answers to its five items (mostly complete, so that most scores are computable).
type RawAdministration = (Index, u16, Vec<Answer>, u64);

fn raw_administrations() -> impl Strategy<Value = Vec<RawAdministration>> {
    let answer = prop_oneof![
        18 => (0u8..=4).prop_map(Answer::Half),
        1 => Just(Answer::Omitted),
        1 => Just(Answer::Unanswered),
    ];
    prop::collection::vec(
        (
            any::<Index>(),
            0u16..120,
            prop::collection::vec(answer, 5),
            any::<u64>(),
        ),
        0..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// Practitioner and unit rollups equal the brute force, for every aggregate.
    #[test]
    fn rollups_equal_brute_force((doc, by_practitioner, by_unit) in tree_and_scores()) {
        let system = System::build(doc).expect("generated hierarchies are valid");
        let doc = system.document();
        let ps = practitioner_subjects(doc, &by_practitioner);
        // The subjects of unit scores: the units on every level that has a score (all units
        // when none has).
        let has = |s: &Scored| s.value.is_some() || s.criterion_met.is_some();
        let scored_levels: HashSet<&str> = doc
            .units
            .iter()
            .zip(&by_unit)
            .filter(|(_, s)| has(s))
            .map(|(u, _)| u.level.as_str())
            .collect();
        let us = unit_subjects(doc, &by_unit, &|l| scored_levels.is_empty() || scored_levels.contains(l));
        for aggregate in AGGREGATES {
            let rollup = system.rollup_practitioners(&by_practitioner, aggregate, When::Current).unwrap();
            check_rollup(&system, &rollup, aggregate, &brute_rollup(doc, &ps, aggregate))?;
            let rollup = system.rollup_units(&by_unit, aggregate).unwrap();
            check_rollup(&system, &rollup, aggregate, &brute_rollup(doc, &us, aggregate))?;
        }
        // One score too many or too few is refused, not misread.
        let mut longer = by_practitioner.clone();
        longer.push(Scored::default());
        prop_assert_eq!(
            system.rollup_practitioners(&longer, Aggregate::Mean, When::Current).unwrap_err(),
            RollupError::Length { expected: by_practitioner.len(), found: longer.len() }
        );
        prop_assert_eq!(
            system.rollup_units(&by_unit[1..], Aggregate::Mean).unwrap_err(),
            RollupError::Length { expected: by_unit.len(), found: by_unit.len() - 1 }
        );
    }

    /// Rolling up scored administrations counts each subject with its latest score.
    #[test]
    fn score_rollups_use_each_subjects_latest_score(
        doc in tree_doc(),
        units in any::<bool>(),
        raw in raw_administrations(),
        order in any::<u64>(),
    ) {
        let system = System::build(doc).expect("generated hierarchies are valid");
        let doc = system.document();
        let ca = common::scores::half_point_assessment(
            "Rollup assessment",
            &[("s0", &["s0-i0", "s0-i1"]), ("s1", &["s1-i0", "s1-i1", "s1-i2"])],
        );
        let subjects = if units { doc.units.len() } else { doc.practitioners.len() };
        let base = Date::new(2024, 1, 1).unwrap();
        // Distinct dates per subject, so "latest" is never a tie.
        let mut seen = HashSet::new();
        let mut scores: Vec<(usize, Score)> = Vec::new();
        if subjects > 0 {
            for (who, day, answers, seed) in raw {
                let who = who.index(subjects);
                if !seen.insert((who, day)) {
                    continue;
                }
                let subject = if units {
                    ScoreSubject::Unit(doc.units[who].id.clone())
                } else {
                    ScoreSubject::Practitioner(doc.practitioners[who].id.clone())
                };
                let answers = vec![answers[..2].to_vec(), answers[2..].to_vec()];
                let date = base.checked_add(i32::from(day).days()).unwrap();
                let score = ca.score(&administer(&answers, date, subject, seed)).unwrap();
                scores.push((who, score));
            }
        }
        shuffle(&mut scores, order);
        let mut latest: Vec<Option<&Score>> = vec![None; subjects];
        for (who, score) in &scores {
            if latest[*who].is_none_or(|s| s.date < score.date) {
                latest[*who] = Some(score);
            }
        }
        let reduced: Vec<Scored> = latest
            .iter()
            .map(|s| s.map_or_else(Scored::default, |s| Scored {
                value: s.percent.or(s.points),
                criterion_met: s.criterion_met,
            }))
            .collect();
        let scored_subjects: Vec<bool> = latest.iter().map(Option::is_some).collect();
        let scores: Vec<Score> = scores.into_iter().map(|(_, s)| s).collect();
        for aggregate in AGGREGATES {
            let rollup = system.rollup(&scores, aggregate).unwrap();
            // With no scores at all the kind of subject is unknown: the crate rolls up
            // practitioners, each without a score.
            let expected = if units && !scores.is_empty() {
                // The subjects: the units on every level with a score in the input.
                let levels: HashSet<&str> = scored_subjects
                    .iter()
                    .zip(&doc.units)
                    .filter(|(s, _)| **s)
                    .map(|(_, u)| u.level.as_str())
                    .collect();
                brute_rollup(doc, &unit_subjects(doc, &reduced, &|l| levels.contains(l)), aggregate)
            } else if units {
                brute_rollup(doc, &practitioner_subjects(doc, &vec![Scored::default(); doc.practitioners.len()]), aggregate)
            } else {
                brute_rollup(doc, &practitioner_subjects(doc, &reduced), aggregate)
            };
            check_rollup(&system, &rollup, aggregate, &expected)?;
        }

        // A subject not in the system, or of the other kind, is refused.
        if let Some(first) = scores.first() {
            let mut stranger = first.clone();
            stranger.subject = if units {
                ScoreSubject::Unit(id("nowhere"))
            } else {
                ScoreSubject::Practitioner(id("nobody"))
            };
            let mut with_stranger = scores.clone();
            with_stranger.push(stranger);
            prop_assert_eq!(
                system.rollup(&with_stranger, Aggregate::Mean).unwrap_err(),
                RollupError::UnknownSubject {
                    what: if units { "unit" } else { "practitioner" },
                    id: (if units { "nowhere" } else { "nobody" }).to_string(),
                }
            );
            let mut other = first.clone();
            other.subject = if units {
                ScoreSubject::Practitioner(id("p0"))
            } else {
                ScoreSubject::Unit(doc.units[0].id.clone())
            };
            let mut mixed = scores.clone();
            mixed.push(other);
            prop_assert_eq!(
                system.rollup(&mixed, Aggregate::Mean).unwrap_err(),
                RollupError::MixedSubjects
            );
        }
    }
}

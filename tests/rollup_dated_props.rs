//! Property tests for rollups of dated administrations (`System::rollup_with`): over random
//! hierarchies whose practitioners start and leave, random dated scores of practitioners or of
//! units, and random as-of dates, periods, maximum ages and subject levels, every row equals
//! a brute-force recomputation from the definitions in `src/score/rollup/mod.rs`: for each
//! period and unit, every subject and every score looked at afresh. Parameters that do not fit
//! and scores that do not line up with the system are refused.

#![allow(
    clippy::cast_precision_loss,
    reason = "counts and half points in these tests are far below 2^53"
)]
mod common;

use common::rollups::{AGGREGATES, brute, check};
use common::scores::{Answer, administer};
use common::systems::{levels, place};
use common::{id, shuffle};

use implsci::id::LevelId;
use implsci::period::{Calendar, MaxAge, PeriodKind, YearStart};
use implsci::score::rollup::{Aggregate, RollupError, RollupParams};
use implsci::score::{Instrument, Score, ScoreSubject};
use implsci::system::{Practitioner, System, SystemDocument, Unit};
use jiff::ToSpan;
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::Index;

/// The days the scores are spread over: three years from [`base`].
const SPAN: i32 = 3 * 365 + 1;

/// The first day scores may be dated.
fn base() -> Date {
    Date::new(2023, 1, 1).unwrap()
}

/// The day `offset` days after [`base`] (before it when negative).
fn day(offset: i32) -> Date {
    base().checked_add(offset.days()).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Random hierarchies with dated practitioners
// ---------------------------------------------------------------------------------------------

/// A practitioner's unit choice, first day (days from [`base`]) and end: after the first day
/// when there is one (by 1 day or more), anywhere otherwise.
type RawPractitioner = (Index, Option<i32>, Option<(i32, i32)>);

/// The random choices behind a unit tree with dated practitioners.
#[derive(Debug, Clone)]
struct RawTree {
    levels: usize,
    /// (level choice, parent choice) of each unit below the root.
    units: Vec<(Index, Index)>,
    practitioners: Vec<RawPractitioner>,
    shuffle: Option<u64>,
}

fn raw_tree() -> impl Strategy<Value = RawTree> {
    let practitioner = (
        any::<Index>(),
        prop::option::weighted(0.6, -400..SPAN + 200),
        prop::option::weighted(0.4, (-400..SPAN + 400, 0..900)),
    );
    (
        prop_oneof![1 => Just(1usize), 6 => 2usize..=5],
        prop::collection::vec((any::<Index>(), any::<Index>()), 0..30),
        prop::collection::vec(practitioner, 0..=40),
        prop::option::of(any::<u64>()),
    )
        .prop_map(|(levels, units, practitioners, shuffle)| RawTree {
            levels,
            units,
            practitioners,
            shuffle,
        })
}

/// A valid system of 1–30 units (parents on strictly higher levels, levels may be skipped)
/// and 0–40 practitioners with optional first and end days, no teams, links or coaches.
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
    for (i, (unit, start, end)) in raw.practitioners.into_iter().enumerate() {
        let mut p = Practitioner::new(
            id(&format!("p{i}")),
            doc.units[unit.index(units)].id.clone(),
            id("teacher"),
        );
        p.start = start.map(day);
        p.end = end.map(|(anywhere, after)| day(start.map_or(anywhere, |s| s + 1 + after)));
        doc.practitioners.push(p);
    }
    if let Some(seed) = raw.shuffle {
        shuffle(&mut doc.units, seed);
        shuffle(&mut doc.practitioners, seed ^ 1);
    }
    doc
}

fn tree_doc() -> impl Strategy<Value = SystemDocument> {
    raw_tree().prop_map(build_tree)
}

// ---------------------------------------------------------------------------------------------
// Random dated scores
// ---------------------------------------------------------------------------------------------

/// What is done to a computed score before it is rolled up, so that values without verdicts,
/// verdicts without values, points without percents and non-finite values all occur.
#[derive(Debug, Clone, Copy)]
enum Tweak {
    Keep,
    NoCriterion,
    /// No percent: the value is the points.
    NoPercent,
    /// Neither percent nor points: a verdict alone, if any.
    NoValue,
    /// A percent that is not finite (no value), the verdict kept.
    NonFinite(f64),
}

fn tweak() -> impl Strategy<Value = Tweak> {
    prop_oneof![
        10 => Just(Tweak::Keep),
        2 => Just(Tweak::NoCriterion),
        2 => Just(Tweak::NoPercent),
        2 => Just(Tweak::NoValue),
        1 => prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY)]
            .prop_map(Tweak::NonFinite),
    ]
}

/// One administration of the two-subscale assessment: a subject choice, a day (days from
/// [`base`]), the answers to its five items, the order of its responses, and a tweak.
type RawScore = (Index, i32, Vec<Answer>, u64, Tweak);

fn raw_scores() -> impl Strategy<Value = Vec<RawScore>> {
    // Mostly high answers, so that the criterion (80% in total and in every subscale) is met
    // now and then; a few missing, so that some scores are not computable.
    let answer = prop_oneof![
        12 => (0u8..=4).prop_map(Answer::Half),
        24 => (3u8..=4).prop_map(Answer::Half),
        1 => Just(Answer::Omitted),
        1 => Just(Answer::Unanswered),
    ];
    // Now and then one of a few days, so that a subject has two scores on one day.
    let day = prop_oneof![3 => 0..SPAN, 1 => (0i32..8).prop_map(|k| k * 137)];
    let score = (
        any::<Index>(),
        day,
        prop::collection::vec(answer, 5),
        any::<u64>(),
        tweak(),
    );
    prop_oneof![
        1 => Just(Vec::new()),
        9 => prop::collection::vec(score, 1..60),
    ]
}

/// The assessment the scores are of: two subscales of two and three items.
fn assessment() -> impl Instrument {
    common::scores::half_point_assessment(
        "Rollup assessment",
        &[
            ("s0", &["s0-i0", "s0-i1"]),
            ("s1", &["s1-i0", "s1-i1", "s1-i2"]),
        ],
    )
}

/// One score of `subject`, dated `offset` days from [`base`], tweaked.
fn score_of(
    ca: &impl Instrument,
    subject: ScoreSubject,
    offset: i32,
    answers: &[Answer],
    seed: u64,
    tweak: Tweak,
) -> Score {
    let answers = vec![answers[..2].to_vec(), answers[2..].to_vec()];
    let mut score = ca
        .score(&administer(&answers, day(offset), subject, seed))
        .unwrap();
    match tweak {
        Tweak::Keep => {}
        Tweak::NoCriterion => score.criterion_met = None,
        Tweak::NoPercent => score.percent = None,
        Tweak::NoValue => (score.percent, score.points) = (None, None),
        Tweak::NonFinite(v) => score.percent = Some(v),
    }
    score
}

/// The scores the choices give, of units or of practitioners, in the order chosen.
fn make_scores(doc: &SystemDocument, units: bool, raw: Vec<RawScore>) -> Vec<Score> {
    let ca = assessment();
    let subjects = if units {
        doc.units.len()
    } else {
        doc.practitioners.len()
    };
    if subjects == 0 {
        return Vec::new();
    }
    raw.into_iter()
        .map(|(who, offset, answers, seed, tweak)| {
            let who = who.index(subjects);
            let subject = if units {
                ScoreSubject::Unit(doc.units[who].id.clone())
            } else {
                ScoreSubject::Practitioner(doc.practitioners[who].id.clone())
            };
            score_of(&ca, subject, offset, &answers, seed, tweak)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Random parameters
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum RawMaxAge {
    Default,
    Days(u32),
    /// One period with periods; without, the test asks for days instead (one period without
    /// periods is refused, which is checked on its own).
    OnePeriod(u32),
}

/// The choices behind rollup parameters.
#[derive(Debug, Clone)]
struct RawParams {
    /// Days from [`base`]: before the first score now and then, after the last now and then.
    as_of: Option<i32>,
    /// The kind of period, and the month and day choice of the first day of a school year.
    by: Option<(PeriodKind, i8, Index)>,
    max_age: RawMaxAge,
    /// Per level from the top, whether it is a subject level, and the order they are given in.
    subject_levels: Option<(Vec<bool>, u64)>,
}

fn raw_params() -> impl Strategy<Value = RawParams> {
    let days = prop_oneof![0u32..=3, 0u32..800];
    let max_age = prop_oneof![
        1 => Just(RawMaxAge::Default),
        2 => days.clone().prop_map(RawMaxAge::Days),
        1 => days.prop_map(RawMaxAge::OnePeriod),
    ];
    (
        prop::option::weighted(0.6, -60..SPAN + 200),
        prop::option::weighted(
            0.75,
            (
                prop::sample::select(PeriodKind::ALL.to_vec()),
                0i8..=12,
                any::<Index>(),
            ),
        ),
        max_age,
        prop::option::weighted(0.5, (prop::collection::vec(any::<bool>(), 5), any::<u64>())),
    )
        .prop_map(|(as_of, by, max_age, subject_levels)| RawParams {
            as_of,
            by,
            max_age,
            subject_levels,
        })
}

/// The parameters the choices give for `doc`.
fn make_params(doc: &SystemDocument, raw: RawParams) -> RollupParams {
    let mut params = RollupParams::default();
    if let Some(offset) = raw.as_of {
        params = params.as_of(day(offset));
    }
    if let Some((kind, month, d)) = raw.by {
        // Month 0 stands for 1 January, the school year that is a calendar year.
        let start = if month == 0 {
            YearStart::new(1, 1)
        } else {
            let days = Date::new(2023, month, 1).unwrap().days_in_month();
            let d = i8::try_from(d.index(usize::try_from(days).unwrap())).unwrap() + 1;
            YearStart::new(month, d)
        };
        params = params.by(Calendar::new(kind).school_year_start(start.unwrap()));
    }
    params.max_age = match raw.max_age {
        RawMaxAge::Default => None,
        RawMaxAge::OnePeriod(_) if params.by.is_some() => Some(MaxAge::OnePeriod),
        RawMaxAge::Days(n) | RawMaxAge::OnePeriod(n) => Some(MaxAge::Days(n)),
    };
    if let Some((on, seed)) = raw.subject_levels {
        let mut chosen: Vec<LevelId> = doc
            .levels
            .iter()
            .zip(on)
            .filter(|(_, on)| *on)
            .map(|(l, _)| l.id.clone())
            .collect();
        shuffle(&mut chosen, seed);
        params = params.subject_levels(chosen);
    }
    params
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Every row of a dated rollup, for every aggregate, equals the brute force; one period
    /// without periods, subjects not in the system, mixed kinds of subjects and unknown
    /// subject levels are refused.
    #[test]
    fn dated_rollups_equal_brute_force(
        doc in tree_doc(),
        units in any::<bool>(),
        raw in raw_scores(),
        raw_params in raw_params(),
        order in any::<u64>(),
    ) {
        let system = System::build(doc).expect("generated hierarchies are valid");
        let doc = system.document();
        let mut scores = make_scores(doc, units, raw);
        shuffle(&mut scores, order);
        let params = make_params(doc, raw_params);
        let expected = brute(doc, &scores, &params);
        for aggregate in AGGREGATES {
            let rollup = system.rollup_with(&scores, aggregate, &params).unwrap();
            check(doc, &rollup, aggregate, &params, &expected)?;
        }

        // One period as the maximum age needs periods.
        let mut unbounded = params.clone();
        unbounded.by = None;
        unbounded.max_age = Some(MaxAge::OnePeriod);
        prop_assert_eq!(
            system.rollup_with(&scores, Aggregate::Mean, &unbounded).unwrap_err(),
            RollupError::MaxAgeNeedsPeriods
        );

        // A subject not in the system is refused.
        let unit_scores = matches!(scores.first().map(|s| &s.subject), Some(ScoreSubject::Unit(_)));
        let template = scores.first().cloned().unwrap_or_else(|| {
            let subject = ScoreSubject::Unit(doc.units[0].id.clone());
            score_of(&assessment(), subject, 0, &[Answer::Half(4); 5], 0, Tweak::Keep)
        });
        let mut stranger = template.clone();
        stranger.subject = if unit_scores {
            ScoreSubject::Practitioner(id("nobody"))
        } else {
            ScoreSubject::Unit(id("nowhere"))
        };
        let (what, who) = if unit_scores { ("practitioner", "nobody") } else { ("unit", "nowhere") };
        if scores.is_empty() {
            // Alone, a stranger sets the kind of subject.
            let alone = [stranger.clone()];
            prop_assert_eq!(
                system.rollup_with(&alone, Aggregate::Mean, &params).unwrap_err(),
                RollupError::UnknownSubject { what, id: who.to_string() }
            );
        } else {
            // After scores of the other kind, it mixes kinds.
            let mut mixed = scores.clone();
            mixed.push(stranger);
            prop_assert_eq!(
                system.rollup_with(&mixed, Aggregate::Mean, &params).unwrap_err(),
                RollupError::MixedSubjects
            );
            let mut other = template.clone();
            other.subject = if unit_scores {
                ScoreSubject::Practitioner(id("p0"))
            } else {
                ScoreSubject::Unit(doc.units[0].id.clone())
            };
            let mut mixed = scores.clone();
            mixed.insert(mixed.len() / 2 + 1, other);
            prop_assert_eq!(
                system.rollup_with(&mixed, Aggregate::Count, &params).unwrap_err(),
                RollupError::MixedSubjects
            );
            // Of the same kind, it is unknown.
            let mut unknown = template.clone();
            unknown.subject = if unit_scores {
                ScoreSubject::Unit(id("nowhere"))
            } else {
                ScoreSubject::Practitioner(id("nobody"))
            };
            let mut with_unknown = scores.clone();
            with_unknown.insert(with_unknown.len() / 2, unknown);
            prop_assert_eq!(
                system.rollup_with(&with_unknown, Aggregate::Minimum, &params).unwrap_err(),
                RollupError::UnknownSubject {
                    what: if unit_scores { "unit" } else { "practitioner" },
                    id: (if unit_scores { "nowhere" } else { "nobody" }).to_string(),
                }
            );
        }

        // A subject level the system does not have is refused (for unit scores, whose
        // subjects are on levels).
        if unit_scores {
            let mut levels = params.subject_levels.clone().unwrap_or_default();
            levels.push(id("nowhere"));
            let asking = params.clone().subject_levels(levels);
            prop_assert_eq!(
                system.rollup_with(&scores, Aggregate::Mean, &asking).unwrap_err(),
                RollupError::UnknownLevel("nowhere".to_string())
            );
        }
    }
}

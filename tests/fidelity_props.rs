//! Property tests for practice-profile fidelity: from random innovations and observations,
//! every score finite and in range, the criterion recomputed by brute force, faults refused;
//! and the unit share from each practitioner's latest score.

mod common;

use common::instruments::{check_score, check_share, count, day, lincoln};
use common::{close, close_opt, id, shuffle};

use implsci::innovation::{
    EssentialFunction, FidelityAssessment, FidelityCriterion, Innovation, ProfileLevel,
};
use implsci::score::instruments::fidelity::{FidelityObservation, fidelity_score, unit_fidelity};
use implsci::score::{Administration, MissingRule, NotComputable, Score, ScoreError, ScoreSubject};
use implsci::share::Share;
use jiff::civil::date;
use proptest::prelude::*;
use proptest::sample::Index;

const LEVELS: [ProfileLevel; 3] = [
    ProfileLevel::Expected,
    ProfileLevel::Developmental,
    ProfileLevel::Unacceptable,
];

fn function_id(i: usize) -> String {
    format!("ef-{i}")
}

/// A criterion threshold in 0..=100: whole, anywhere, at the ends, or a fraction `k/r`
/// computed in `f64`, often with `r` the number of functions `rated` (where the rounding of
/// `threshold × rated` matters).
fn threshold(rated: u32) -> impl Strategy<Value = f64> {
    let fraction = |r: u32| (0..=r).prop_map(move |k| f64::from(k) * 100.0 / f64::from(r));
    prop_oneof![
        3 => (0u8..=100).prop_map(f64::from),
        3 => 0.0f64..=100.0,
        1 => prop_oneof![Just(0.0), Just(100.0), Just(f64::MIN_POSITIVE), Just(100.0 - 1e-13)],
        1 => (1u32..=8).prop_flat_map(fraction),
        3 => fraction(rated.max(1)),
    ]
}

/// The functions required, as a bit mask: none, one, or any.
fn required() -> impl Strategy<Value = u8> {
    prop_oneof![
        2 => Just(0u8),
        1 => (0u8..8).prop_map(|f| 1 << f),
        1 => any::<u8>(),
    ]
}

/// A fault to add to an observation or an innovation, now and then.
#[derive(Debug, Clone, Copy)]
enum FidelityJunk {
    UnknownFunction,
    RatedTwice(Index),
    BadThreshold(f64),
    UnknownRequired,
}

fn fidelity_junk() -> impl Strategy<Value = Option<FidelityJunk>> {
    prop_oneof![
        12 => Just(None),
        1 => Just(Some(FidelityJunk::UnknownFunction)),
        1 => any::<Index>().prop_map(|i| Some(FidelityJunk::RatedTwice(i))),
        1 => prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-1.0),
            Just(100.5),
            Just(-f64::MIN_POSITIVE),
            Just(100.0 + 1e-13),
        ]
        .prop_map(|t| Some(FidelityJunk::BadThreshold(t))),
        1 => Just(Some(FidelityJunk::UnknownRequired)),
    ]
}

/// An innovation of `n` essential functions, with a fidelity assessment when `criterion` is
/// given: its threshold, and a bit mask of the functions required.
fn innovation(n: usize, criterion: Option<(f64, u8)>) -> Innovation {
    let mut i = Innovation::new(id("inn"), "An innovation");
    for f in 0..n {
        i.essential_functions.push(EssentialFunction::new(
            id(&function_id(f)),
            format!("Function {f}"),
        ));
    }
    if let Some((threshold, required)) = criterion {
        let mut c = FidelityCriterion::new(threshold);
        c.required_functions = (0..n)
            .filter(|f| required & (1 << f) != 0)
            .map(|f| id(&function_id(f)))
            .collect();
        i.fidelity_assessment = Some(FidelityAssessment::new("Observation", c));
    }
    i
}

/// `expected × 100 ≥ threshold × rated` in exact rational arithmetic (the threshold's exact
/// binary value), for a finite threshold from 0 to 100.
fn exactly_at_least(expected: u32, rated: u32, threshold: f64) -> bool {
    if threshold == 0.0 {
        return true;
    }
    // threshold = mantissa × 2^exponent exactly.
    let bits = threshold.to_bits();
    let raw_exponent = i32::try_from((bits >> 52) & 0x7ff).unwrap();
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if raw_exponent == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), raw_exponent - 1075)
    };
    let lhs = u128::from(expected) * 100;
    let rhs = u128::from(mantissa) * u128::from(rated);
    if exponent >= 0 {
        return lhs >= rhs << exponent;
    }
    let shift = u32::try_from(-exponent).unwrap();
    if shift > 64 {
        // threshold × rated < 2^-11: met by any function at expected, not by none.
        return expected > 0;
    }
    lhs << shift >= rhs
}

/// A random innovation (1–8 functions, a fidelity assessment or none) and an observation of
/// it, with now and then a fault.
type FidelityCase = (
    usize,
    Option<(f64, u8)>,
    Vec<Option<usize>>,
    Option<FidelityJunk>,
    u64,
);

fn fidelity_case() -> impl Strategy<Value = FidelityCase> {
    (1usize..=8)
        .prop_flat_map(|n| {
            (
                Just(n),
                prop::collection::vec(
                    prop_oneof![1 => Just(None), 4 => (0usize..3).prop_map(Some)],
                    n,
                ),
            )
        })
        .prop_flat_map(|(n, levels)| {
            let rated = count(levels.iter().flatten().count());
            (
                Just(n),
                prop::option::weighted(0.85, (threshold(rated), required())),
                Just(levels),
                fidelity_junk(),
                any::<u64>(),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Fidelity scores have points = functions at expected out of functions rated, a percent
    /// in 0–100, and the verdict the documented rule gives (recomputed by brute force); nothing
    /// rated is not computable; faults are errors.
    #[test]
    fn fidelity_scores_are_in_range_and_the_verdict_follows_the_rule(
        (n, criterion, levels, junk, order) in fidelity_case(),
    ) {
        let mut inn = innovation(n, criterion);
        let mut obs = FidelityObservation::new(id("inn"), id("p-1"), date(2025, 2, 10));
        for (f, level) in levels.iter().enumerate() {
            if let Some(l) = level {
                obs = obs.rate(id(&function_id(f)), LEVELS[*l]);
            }
        }
        match junk {
            Some(FidelityJunk::UnknownFunction) => {
                obs = obs.rate(id("ef-99"), ProfileLevel::Expected);
            }
            Some(FidelityJunk::RatedTwice(i)) if !obs.ratings.is_empty() => {
                let r = obs.ratings[i.index(obs.ratings.len())].clone();
                obs = obs.rate(r.function, ProfileLevel::Unacceptable);
            }
            Some(FidelityJunk::BadThreshold(t)) => {
                inn.fidelity_assessment = Some(FidelityAssessment::new("Observation", FidelityCriterion::new(t)));
            }
            Some(FidelityJunk::UnknownRequired) => {
                let mut c = FidelityCriterion::new(50.0);
                c.required_functions.push(id("ef-99"));
                inn.fidelity_assessment = Some(FidelityAssessment::new("Observation", c));
            }
            _ => {}
        }
        shuffle(&mut obs.ratings, order);
        let result = fidelity_score(&inn, &obs);

        match junk {
            Some(FidelityJunk::UnknownFunction) => {
                prop_assert!(matches!(&result, Err(ScoreError::UnknownItem(i)) if i.as_str() == "ef-99"), "{:?}", result);
                return Ok(());
            }
            Some(FidelityJunk::RatedTwice(_)) if levels.iter().any(Option::is_some) => {
                prop_assert!(matches!(&result, Err(ScoreError::DuplicateResponse(_))), "{:?}", result);
                return Ok(());
            }
            Some(FidelityJunk::BadThreshold(_) | FidelityJunk::UnknownRequired) => {
                prop_assert!(matches!(&result, Err(ScoreError::Invalid(_))), "{:?}", result);
                return Ok(());
            }
            _ => {}
        }
        let score = result.expect("a valid observation is scored");
        check_score(&score)?;
        prop_assert_eq!(score.instrument.as_str(), "inn");
        prop_assert_eq!(&score.subject, &ScoreSubject::Practitioner(id("p-1")));
        prop_assert_eq!(score.date, date(2025, 2, 10));

        let rated = count(levels.iter().flatten().count());
        let expected = count(levels.iter().flatten().filter(|&&l| l == 0).count());
        prop_assert_eq!(score.missing.rule, MissingRule::ProRate { max_missing: count(n) });
        prop_assert_eq!(score.missing.missing_items, count(n) - rated);
        prop_assert_eq!(score.points_possible, Some(f64::from(rated)));
        if rated == 0 {
            prop_assert_eq!(score.points, None);
            prop_assert_eq!(score.percent, None);
            prop_assert_eq!(score.criterion_met, None);
            prop_assert_eq!(score.not_computable.clone(), Some(NotComputable::ZeroDenominator));
        } else {
            prop_assert_eq!(score.not_computable.clone(), None);
            prop_assert_eq!(score.points, Some(f64::from(expected)));
            let percent = f64::from(expected) * 100.0 / f64::from(rated);
            prop_assert!(close_opt(score.percent, Some(percent)));
            prop_assert!(score.percent.is_some_and(|p| (0.0..=100.0).contains(&p)));
        }

        // The verdict, by brute force: the share at expected (inclusive) and every required
        // function rated at expected.
        let verdict = criterion.filter(|_| rated > 0).map(|(t, required)| {
            let required_met = (0..n)
                .filter(|f| required & (1 << f) != 0)
                .all(|f| levels[f] == Some(0));
            // The documented comparison, `expected × 100 ≥ threshold × rated`.
            let documented = f64::from(expected) * 100.0 >= t * f64::from(rated);
            (documented && required_met, exactly_at_least(expected, rated, t) && required_met)
        });
        prop_assert_eq!(score.criterion_met, verdict.map(|(documented, _)| documented),
            "{} of {} at expected, criterion {:?}", expected, rated, criterion);
        // In exact arithmetic the verdict is the same, except where the threshold is the
        // `f64` nearest a fraction `expected × 100 ÷ rated` and the product rounds onto it.
        if let (Some((documented, exact)), Some((t, _))) = (verdict, criterion)
            && documented != exact
        {
            let boundary = f64::from(expected) * 100.0 / f64::from(rated);
            prop_assert!(close(t, boundary), "{} of {} at {}%: {} exactly", expected, rated, t, exact);
        }

        // One class per function.
        prop_assert_eq!(score.classes.len(), n);
        for (f, (class, level)) in score.classes.iter().zip(&levels).enumerate() {
            prop_assert_eq!(class.item.as_str(), function_id(f));
            let expected = level.map_or("missing", |l| ["expected", "developmental", "unacceptable"][l]);
            prop_assert_eq!(class.class.as_str(), expected);
        }
    }

    /// A unit's share with fidelity counts each intended practitioner once, by their latest
    /// score (by date, later in the list on one date); its value is in 0–1, or `None` when no
    /// one is intended, and Full Implementation is 50% or more.
    #[test]
    fn unit_fidelity_is_a_share_of_the_intended(
        intended in prop::collection::vec(0usize..8, 0..10),
        observations in prop::collection::vec((0usize..10, 0i32..60, 0usize..3, 0usize..3), 0..24),
        unit_scores in prop::collection::vec(0i32..60, 0..3),
    ) {
        // Every function at one level: expected meets the criterion (80%), others do not;
        // the third kind rates nothing, which is not computable.
        let inn = innovation(3, Some((80.0, 0)));
        let pool = |p: usize| format!("t{p}");
        let intended_ids: Vec<implsci::id::PractitionerId> = intended.iter().map(|&p| id(&pool(p))).collect();
        let mut scores = Vec::new();
        for &(p, offset, level, kind) in &observations {
            let mut obs = FidelityObservation::new(id("inn"), id(&pool(p)), day(offset));
            if kind < 2 {
                for f in 0..3 {
                    obs = obs.rate(id(&function_id(f)), LEVELS[level]);
                }
            }
            scores.push(fidelity_score(&inn, &obs).unwrap());
        }
        // Scores about a unit, which are ignored.
        for &offset in &unit_scores {
            let admin = Administration::new(id("inn"), day(offset), lincoln());
            let mut s = Score::new(&admin, implsci::score::MissingApplied::new(MissingRule::Refuse, 0));
            s.criterion_met = Some(true);
            scores.push(s);
        }
        let unit = unit_fidelity(&intended_ids, &scores);

        // Brute force.
        let mut order: Vec<usize> = Vec::new();
        for &p in &intended {
            if !order.contains(&p) {
                order.push(p);
            }
        }
        let mut met = 0u64;
        let mut not_observed = Vec::new();
        for &p in &order {
            let mut latest: Option<&Score> = None;
            for s in &scores {
                if s.subject == ScoreSubject::Practitioner(id(&pool(p)))
                    && latest.is_none_or(|l| l.date <= s.date)
                {
                    latest = Some(s);
                }
            }
            match latest {
                None => not_observed.push(pool(p)),
                Some(s) if s.criterion_met == Some(true) => met += 1,
                Some(_) => {}
            }
        }
        let den = u64::try_from(order.len()).unwrap();
        prop_assert_eq!(unit.with_fidelity, Share::new(met, den));
        check_share(unit.with_fidelity)?;
        prop_assert!(unit.with_fidelity.value().is_none_or(|v| (0.0..=1.0).contains(&v)));
        prop_assert_eq!(unit.full_implementation, (den > 0).then_some(met * 2 >= den));
        let got: Vec<&str> = unit.not_observed.iter().map(implsci::id::PractitionerId::as_str).collect();
        prop_assert_eq!(got, not_observed.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

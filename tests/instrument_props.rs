//! Property tests for the built-in instruments: every score any of them returns is finite and in
//! range, and "not computable" is never dressed up as a number.
//!
//! - The Hexagon Tool 2013 and 2018, from random administrations with junk mixed in (values
//!   off the scale or not whole, NaN and infinities, unknown items, duplicates): an error that
//!   fits one of the faults, never a panic, and otherwise a score of the documented shape.
//! - The drivers assessment, from random dated ratings of random drivers: percents and points
//!   equal a brute force over the latest rating of each driver as of the date.
//! - Practice-profile fidelity, from random innovations and observations: the criterion
//!   recomputed by brute force, and the unit share from each practitioner's latest score.
//! - The TFI, for each version and tier: percents and the inclusive criterion; the 2.1 ↔ 3.0
//!   conversions for any `f64` at all.
//! - RE-AIM and Proctor shares from any counts, SIC reports from random dated activities, and
//!   CFIR matrices from random ratings.

#![allow(
    clippy::too_many_lines,
    reason = "strategies and checks read best whole"
)]
#![allow(
    clippy::float_cmp,
    reason = "the values compared exactly are small whole numbers or sums of them, exact in f64"
)]

mod common;

use common::{close, close_opt, id, shuffle};

use std::collections::{HashMap, HashSet};

use implsci::SiteRecord;
use implsci::driver::{Driver, DriverCategory, DriverState, DriverStatus};
use implsci::innovation::{
    EssentialFunction, FidelityAssessment, FidelityCriterion, Innovation, ProfileLevel,
};
use implsci::score::instruments::cfir::{CfirRatings, Construct, Rating, SiteRatings};
use implsci::score::instruments::drivers::{
    category_subscale, driver_item, drivers_instrument, score_driver_status, score_site_drivers,
};
use implsci::score::instruments::fidelity::{FidelityObservation, fidelity_score, unit_fidelity};
use implsci::score::instruments::full_implementation;
use implsci::score::instruments::hexagon::{
    INDICATORS_2013, PROGRAM_INDICATORS_2018, SITE_INDICATORS_2018, hexagon_2013, hexagon_2018,
};
use implsci::score::instruments::reaim::{
    Adoption, MaintenanceWindow, implementation_fidelity, penetration, reach, reach_sensitivity,
    service_penetration,
};
use implsci::score::instruments::sic::{SicRecord, StageActivityCount};
use implsci::score::instruments::tfi::{
    self, TfiVersion, Tier, convert_percent_2_1_to_3_0, convert_percent_3_0_to_2_1,
    criterion_percent, item_count, item_scale, percent_to_points, points_possible, round_half_up,
    tier_instrument,
};
use implsci::score::{
    Administration, Instrument, MissingRule, NotComputable, Response, Score, ScoreError,
    ScoreSubject,
};
use implsci::share::Share;
use implsci::stage::SicStage;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use proptest::sample::Index;

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap()
}

/// The day `offset` days after 2024-01-01.
fn day(offset: i32) -> Date {
    date(2024, 1, 1).checked_add(offset.days()).unwrap()
}

fn lincoln() -> ScoreSubject {
    ScoreSubject::Unit(id("lincoln"))
}

/// Invariants of every score: each number finite and in range, and a score that is not
/// computable has no points, no percent and no verdict.
fn check_score(score: &Score) -> Result<(), TestCaseError> {
    if let Some(possible) = score.points_possible {
        prop_assert!(
            possible.is_finite() && possible >= 0.0,
            "points possible {}",
            possible
        );
    }
    if let Some(p) = score.points {
        prop_assert!(p.is_finite() && p >= 0.0, "points {}", p);
        if let Some(possible) = score.points_possible {
            prop_assert!(p <= possible, "points {} of {}", p, possible);
        }
    }
    if let Some(p) = score.percent {
        prop_assert!(p.is_finite() && (0.0..=100.0).contains(&p), "percent {}", p);
        prop_assert!(score.points.is_some(), "a percent of no points");
    }
    if score.not_computable.is_some() {
        prop_assert_eq!(score.points, None, "not computable, yet points");
        prop_assert_eq!(score.percent, None, "not computable, yet a percent");
        prop_assert_eq!(score.criterion_met, None, "not computable, yet a verdict");
    }
    for s in &score.subscales {
        prop_assert!(s.points_possible.is_finite() && s.points_possible >= 0.0);
        if let Some(p) = s.points {
            prop_assert!(
                p.is_finite() && (0.0..=s.points_possible).contains(&p),
                "subscale {} points {} of {}",
                s.subscale,
                p,
                s.points_possible
            );
        }
        if let Some(p) = s.percent {
            prop_assert!(
                p.is_finite() && (0.0..=100.0).contains(&p),
                "subscale {} percent {}",
                s.subscale,
                p
            );
        }
        prop_assert_eq!(s.points.is_some(), s.percent.is_some());
        if s.points.is_none() {
            prop_assert_eq!(s.criterion_met, None);
        }
    }
    Ok(())
}

/// A share's value is `None` exactly when nothing is divided by, and otherwise finite, not
/// negative, and at most 1 when the numerator is at most the denominator; the percent and the
/// JSON agree.
fn check_share(share: Share) -> Result<(), TestCaseError> {
    let value = share.value();
    prop_assert_eq!(value.is_none(), share.denominator == 0, "{:?}", share);
    if let Some(v) = value {
        prop_assert!(v.is_finite() && v >= 0.0, "{:?}: {}", share, v);
        if share.numerator <= share.denominator {
            prop_assert!(v <= 1.0, "{:?}: {}", share, v);
        }
    }
    let percent = share.percent();
    prop_assert_eq!(percent.is_none(), value.is_none());
    if let Some(p) = percent {
        prop_assert!(p.is_finite() && p >= 0.0);
        if share.numerator <= share.denominator {
            prop_assert!(p <= 100.0, "{:?}: {}%", share, p);
        }
    }
    let json = serde_json::to_value(share).unwrap();
    prop_assert_eq!(json["value"].is_null(), value.is_none(), "{}", json);
    prop_assert_eq!(json["value"].as_f64(), value);
    prop_assert!(!share.to_string().contains("NaN"));
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The Hexagon Tool
// ---------------------------------------------------------------------------------------------

/// An indicator's place in a generated Hexagon administration.
#[derive(Debug, Clone, Copy)]
enum HexAnswer {
    /// Not listed.
    Absent,
    /// Listed with `value: None`.
    Unanswered,
    /// A whole rating, 1 to 5.
    Whole(u8),
    /// Any other value: off the scale, not whole, not finite.
    Junk(f64),
}

fn junk_rating() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(6.0),
        Just(2.5),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        Just(1.0 - f64::EPSILON),
        Just(5.0 + 4.0 * f64::EPSILON),
        Just(3.0 + 2.0 * f64::EPSILON),
        (1.0f64..=5.0),
        any::<f64>(),
    ]
}

fn hex_answer() -> impl Strategy<Value = HexAnswer> {
    prop_oneof![
        1 => Just(HexAnswer::Absent),
        1 => Just(HexAnswer::Unanswered),
        12 => (1u8..=5).prop_map(HexAnswer::Whole),
        1 => junk_rating().prop_map(HexAnswer::Junk),
    ]
}

/// An extra response: an item of either version (so a known one is a duplicate and the other
/// version's one is unknown) or no Hexagon item at all, with a whole rating, none, or junk.
fn hex_extra() -> impl Strategy<Value = (&'static str, Option<f64>)> {
    let item = prop_oneof![
        Just("zz"),
        Just("Need"),
        Just("supports"),
        Just("capacity"),
        Just("resource_availability"),
        Just("need"),
        Just("fit"),
        Just("evidence"),
    ];
    let value = prop_oneof![
        3 => (1u8..=5).prop_map(|r| Some(f64::from(r))),
        1 => Just(None),
        1 => junk_rating().prop_map(Some),
    ];
    (item, value)
}

/// A whole rating from 1 to 5.
fn whole_rating(v: f64) -> Option<u8> {
    (1..=5u8).find(|&r| f64::from(r) == v)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Random Hexagon 2013 and 2018 administrations are scored only when they have no fault,
    /// with the documented shape (2013: a total of 6–30 out of 30 and no percent; 2018: one
    /// class per indicator and no total), and otherwise refused with an error that fits one of
    /// their faults.
    #[test]
    fn hexagon_scores_have_their_shape_and_junk_is_refused(
        version_2018 in any::<bool>(),
        answers in prop_oneof![
            6 => prop::collection::vec(hex_answer(), 6),
            1 => (1u8..=5).prop_map(|r| vec![HexAnswer::Whole(r); 6]),
        ],
        extras in prop_oneof![4 => Just(Vec::new()), 1 => prop::collection::vec(hex_extra(), 1..=3)],
        wrong_instrument in prop::bool::weighted(0.05),
        order in any::<u64>(),
    ) {
        let (instrument_id, items): (&str, Vec<&str>) = if version_2018 {
            ("hexagon-2018", PROGRAM_INDICATORS_2018.iter().chain(&SITE_INDICATORS_2018).copied().collect())
        } else {
            ("hexagon-2013", INDICATORS_2013.to_vec())
        };
        let mut admin = Administration::new(
            id(if wrong_instrument { "other" } else { instrument_id }),
            date(2024, 2, 1),
            lincoln(),
        );
        for (item, answer) in items.iter().zip(&answers) {
            let mut r = Response::new(id(item), 0.0);
            r.value = match *answer {
                HexAnswer::Absent => continue,
                HexAnswer::Unanswered => None,
                HexAnswer::Whole(w) => Some(f64::from(w)),
                HexAnswer::Junk(v) => Some(v),
            };
            admin.responses.push(r);
        }
        for (item, value) in &extras {
            let mut r = Response::new(id(item), 0.0);
            r.value = *value;
            admin.responses.push(r);
        }
        shuffle(&mut admin.responses, order);

        let known: HashSet<&str> = items.iter().copied().collect();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for r in &admin.responses {
            *counts.entry(r.item.as_str()).or_default() += 1;
        }
        let off_scale = |v: f64| !(v.is_finite() && (1.0..=5.0).contains(&v));
        let faulty = wrong_instrument
            || admin.responses.iter().any(|r| {
                !known.contains(r.item.as_str()) || r.value.is_some_and(|v| whole_rating(v).is_none())
            })
            || counts.values().any(|&c| c > 1);

        let result = if version_2018 {
            hexagon_2018(id("hexagon-2018")).score(&admin)
        } else {
            hexagon_2013(id("hexagon-2013")).score(&admin)
        };
        match result {
            Ok(score) => {
                prop_assert!(!faulty, "a faulty administration was scored: {:?}", admin.responses);
                check_score(&score)?;
                prop_assert_eq!(score.instrument.as_str(), instrument_id);
                prop_assert_eq!(score.date, date(2024, 2, 1));
                prop_assert_eq!(&score.subject, &lincoln());
                // The ratings, in the instrument's item order.
                let ratings: Vec<Option<u8>> = items
                    .iter()
                    .map(|item| {
                        admin
                            .responses
                            .iter()
                            .find(|r| r.item.as_str() == *item)
                            .and_then(|r| r.value)
                            .and_then(whole_rating)
                    })
                    .collect();
                let missing = count(ratings.iter().filter(|r| r.is_none()).count());
                prop_assert_eq!(score.missing.rule, MissingRule::Refuse);
                prop_assert_eq!(score.missing.missing_items, missing);
                let expected_nc = (missing > 0).then_some(NotComputable::TooManyMissing { missing, allowed: 0 });
                prop_assert_eq!(score.not_computable.clone(), expected_nc);
                prop_assert_eq!(score.criterion_met, None);
                prop_assert_eq!(score.percent, None, "the Hexagon Tool has no percent");
                prop_assert!(score.subscales.is_empty());
                if version_2018 {
                    prop_assert_eq!(score.points, None);
                    prop_assert_eq!(score.points_possible, None);
                    prop_assert_eq!(score.classes.len(), 6);
                    for ((class, item), rating) in score.classes.iter().zip(&items).zip(&ratings) {
                        prop_assert_eq!(class.item.as_str(), *item);
                        let expected = rating.map_or_else(|| "missing".to_owned(), |r| r.to_string());
                        prop_assert_eq!(&class.class, &expected);
                    }
                } else {
                    prop_assert_eq!(score.points_possible, Some(30.0));
                    prop_assert!(score.classes.is_empty());
                    if missing == 0 {
                        let total: u32 = ratings.iter().flatten().map(|&r| u32::from(r)).sum();
                        prop_assert_eq!(score.points, Some(f64::from(total)));
                        prop_assert!((6..=30).contains(&total));
                    } else {
                        prop_assert_eq!(score.points, None);
                    }
                }
            }
            Err(ScoreError::WrongInstrument { expected, found }) => {
                prop_assert!(wrong_instrument);
                prop_assert_eq!(expected.as_str(), instrument_id);
                prop_assert_eq!(found.as_str(), "other");
            }
            Err(ScoreError::UnknownItem(item)) => {
                prop_assert!(!known.contains(item.as_str()) && counts.contains_key(item.as_str()),
                    "`{}` is not an unknown item of the administration", item);
            }
            Err(ScoreError::DuplicateResponse(item)) => {
                prop_assert!(known.contains(item.as_str()) && counts[item.as_str()] > 1,
                    "`{}` is not answered twice", item);
            }
            Err(ScoreError::OutOfScale { item, value, min, max }) => {
                prop_assert_eq!((min, max), (1.0, 5.0));
                prop_assert!(
                    admin.responses.iter().any(|r| r.item == item
                        && r.value.is_some_and(|v| off_scale(v) && v.to_bits() == value.to_bits())),
                    "`{}` has no response {} off the scale", item, value
                );
            }
            Err(ScoreError::Invalid(message)) => {
                prop_assert!(
                    admin.responses.iter().any(|r| known.contains(r.item.as_str())
                        && message.contains(&format!("`{}`", r.item))
                        && r.value.is_some_and(|v| !off_scale(v) && whole_rating(v).is_none())),
                    "no response fits `{}`", message
                );
            }
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The drivers assessment
// ---------------------------------------------------------------------------------------------

const STATES: [DriverState; 3] = [
    DriverState::NotInPlace,
    DriverState::Partially,
    DriverState::InPlace,
];

fn state_points(state: DriverState) -> u32 {
    match state {
        DriverState::InPlace => 2,
        DriverState::Partially => 1,
        DriverState::NotInPlace => 0,
    }
}

fn state_class(state: DriverState) -> &'static str {
    match state {
        DriverState::InPlace => "in_place",
        DriverState::Partially => "partially",
        DriverState::NotInPlace => "not_in_place",
    }
}

/// Random dated ratings of random drivers (often a subset of the nine, sometimes re-rated),
/// and the date to score them as of.
fn driver_ratings() -> impl Strategy<Value = (Vec<DriverStatus>, i32)> {
    let rating = (0usize..9, 0usize..3, 0i32..400)
        .prop_map(|(d, s, offset)| DriverStatus::new(Driver::ALL[d], STATES[s], day(offset)));
    (
        prop::collection::vec(rating, 0..24),
        prop_oneof![1 => Just(-1i32), 1 => Just(399i32), 6 => 0i32..400],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Drivers scores equal a brute force over each driver's latest rating as of the date:
    /// percent and points in range overall and per category, and nothing rated is not
    /// computable (never 0%).
    #[test]
    fn drivers_scores_are_in_range_and_equal_brute_force(
        (ratings, as_of) in driver_ratings(),
        through_site in any::<bool>(),
    ) {
        let as_of = day(as_of);
        let instrument = drivers_instrument(id("drivers"));
        let score = if through_site {
            let mut site = SiteRecord::new(id("lincoln"));
            site.drivers.clone_from(&ratings);
            score_site_drivers(&instrument, &site, as_of)
        } else {
            score_driver_status(&instrument, lincoln(), &ratings, as_of)
        }
        .expect("the drivers instrument scores any ratings");
        check_score(&score)?;
        prop_assert_eq!(score.date, as_of);
        prop_assert_eq!(&score.subject, &lincoln());

        // Brute force: each driver's latest rating on or before the date; of two on one date,
        // the later in the list.
        let latest: Vec<Option<DriverState>> = Driver::ALL
            .iter()
            .map(|&d| {
                let mut best: Option<&DriverStatus> = None;
                for r in ratings.iter().filter(|r| r.driver == d && r.date <= as_of) {
                    if best.is_none_or(|b| b.date <= r.date) {
                        best = Some(r);
                    }
                }
                best.map(|r| r.state)
            })
            .collect();
        let rated = count(latest.iter().flatten().count());
        let points: u32 = latest.iter().flatten().map(|&s| state_points(s)).sum();

        prop_assert_eq!(score.points_possible, Some(18.0));
        prop_assert_eq!(score.criterion_met, None);
        prop_assert_eq!(score.missing.missing_items, 9 - rated);
        if rated == 0 {
            prop_assert_eq!(score.points, None);
            prop_assert_eq!(score.percent, None);
            prop_assert_eq!(score.not_computable.clone(), Some(NotComputable::ZeroDenominator));
        } else {
            prop_assert_eq!(score.not_computable.clone(), None);
            let percent = f64::from(points) * 100.0 / f64::from(2 * rated);
            prop_assert!(close_opt(score.percent, Some(percent)), "percent {:?}, exactly {}", score.percent, percent);
            let pro_rated = f64::from(points) * 18.0 / f64::from(2 * rated);
            prop_assert!(close_opt(score.points, Some(pro_rated)), "points {:?}, exactly {}", score.points, pro_rated);
            prop_assert!(score.percent.is_some_and(|p| (0.0..=100.0).contains(&p)));
            prop_assert!(score.points.is_some_and(|p| (0.0..=18.0).contains(&p)));
        }

        // Every category.
        prop_assert_eq!(score.subscales.len(), 3);
        for (sub, category) in score.subscales.iter().zip(DriverCategory::ALL) {
            prop_assert_eq!(sub.subscale.as_str(), category_subscale(category));
            let in_category: Vec<Option<DriverState>> = Driver::ALL
                .iter()
                .zip(&latest)
                .filter(|(d, _)| d.category() == category)
                .map(|(_, s)| *s)
                .collect();
            let n = count(in_category.len());
            prop_assert_eq!(sub.points_possible, f64::from(2 * n));
            let rated = count(in_category.iter().flatten().count());
            let points: u32 = in_category.iter().flatten().map(|&s| state_points(s)).sum();
            prop_assert_eq!(sub.criterion_met, None);
            if rated == 0 {
                prop_assert_eq!(sub.points, None, "{}: nothing rated", category_subscale(category));
                prop_assert_eq!(sub.percent, None, "{}: nothing rated", category_subscale(category));
            } else {
                let percent = f64::from(points) * 100.0 / f64::from(2 * rated);
                prop_assert!(close_opt(sub.percent, Some(percent)));
                prop_assert!(sub.percent.is_some_and(|p| (0.0..=100.0).contains(&p)));
                prop_assert!(sub.points.is_some_and(|p| (0.0..=sub.points_possible).contains(&p)));
            }
        }

        // One class per driver.
        prop_assert_eq!(score.classes.len(), 9);
        for ((class, &driver), state) in score.classes.iter().zip(&Driver::ALL).zip(&latest) {
            prop_assert_eq!(class.item.as_str(), driver_item(driver));
            prop_assert_eq!(class.class.as_str(), state.map_or("missing", state_class));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Practice-profile fidelity
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// The TFI
// ---------------------------------------------------------------------------------------------

fn tfi_item(tier: Tier, i: u32) -> String {
    format!("{}.{i}", tier.number())
}

/// A version, a tier, and a complete set of answers on the version's scale: mostly whole
/// ratings, now and then any number on the scale.
fn tfi_case() -> impl Strategy<Value = (TfiVersion, Tier, Vec<f64>)> {
    (0usize..2, 0usize..3).prop_flat_map(|(v, t)| {
        let version = TfiVersion::ALL[v];
        let tier = Tier::ALL[t];
        let max = item_scale(version).max;
        let whole_max = points_possible(version, tier) / item_count(version, tier);
        let n = usize::try_from(item_count(version, tier)).unwrap();
        let answer = prop_oneof![
            12 => (0..=whole_max).prop_map(f64::from),
            1 => 0.0..=max,
            1 => Just(max),
        ];
        // Strong administrations, so that 70% on TFI 2.1 is often met and often just missed.
        let strong = prop_oneof![
            12 => (whole_max - 1..=whole_max).prop_map(f64::from),
            3 => (0..=whole_max).prop_map(f64::from),
            1 => 0.0..=max,
        ];
        let answers = prop_oneof![
            prop::collection::vec(answer, n),
            prop::collection::vec(strong, n),
        ];
        (Just(version), Just(tier), answers)
    })
}

/// A TFI percent conversion.
type Conversion = fn(Tier, f64) -> Option<f64>;

/// Any `f64`, with the ends of the percent scale and just past them drawn often.
fn any_percent() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => 0.0f64..=100.0,
        2 => any::<f64>(),
        1 => prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(100.0),
            Just(-f64::MIN_POSITIVE),
            Just(100.0 + 1e-13),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::MAX),
            Just(f64::MIN),
            Just(f64::MIN_POSITIVE),
        ],
        1 => (0u8..=100).prop_map(f64::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// Complete TFI administrations of every version and tier score in range, and meet the
    /// criterion exactly when the percent is at least 70 (2.1) or 50 (3.0).
    #[test]
    fn tfi_scores_are_in_range_and_meet_criterion_at_the_threshold(
        (version, tier, answers) in tfi_case(),
        order in any::<u64>(),
    ) {
        let names: Vec<String> = (1..=item_count(version, tier)).map(|i| tfi_item(tier, i)).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let instrument = tier_instrument(version, tier, id("tfi"), &refs).unwrap();
        let mut admin = Administration::new(id("tfi"), date(2025, 10, 1), lincoln());
        for (name, &value) in names.iter().zip(&answers) {
            admin.responses.push(Response::new(id(name), value));
        }
        shuffle(&mut admin.responses, order);
        let score = instrument.score(&admin).expect("complete answers on the scale are scored");
        check_score(&score)?;

        let possible = f64::from(points_possible(version, tier));
        prop_assert_eq!(score.points_possible, Some(possible));
        prop_assert_eq!(score.not_computable.clone(), None);
        prop_assert_eq!(score.missing.missing_items, 0);
        let sum: f64 = answers.iter().sum();
        prop_assert!(close_opt(score.points, Some(sum)), "points {:?}, answers sum to {}", score.points, sum);
        let percent = score.percent.expect("a complete administration has a percent");
        prop_assert!(percent.is_finite() && (0.0..=100.0).contains(&percent));
        prop_assert!(close(percent, sum * 100.0 / possible));
        let threshold = f64::from(criterion_percent(version));
        prop_assert_eq!(score.criterion_met, Some(percent >= threshold),
            "TFI {} {}: {}% against {}%", version, tier, percent, threshold);
        if answers.iter().all(|a| a.fract() == 0.0) {
            // Whole ratings: the verdict in integers.
            let whole: u32 = answers.iter().filter_map(|&a| whole_tfi(a)).sum();
            let met = whole * 100 >= criterion_percent(version) * points_possible(version, tier);
            prop_assert_eq!(score.criterion_met, Some(met));
        }
    }

    /// The 2.1 ↔ 3.0 conversions, percent to points and rounding take any `f64`: a result is
    /// finite and in range, and there is one exactly when the input is a finite percent.
    #[test]
    fn tfi_conversions_are_in_range_or_none(x in any_percent(), y in any_percent()) {
        let is_percent = |v: f64| v.is_finite() && (0.0..=100.0).contains(&v);
        for tier in Tier::ALL {
            let conversions: [(&str, Conversion); 2] = [
                ("2.1 to 3.0", convert_percent_2_1_to_3_0),
                ("3.0 to 2.1", convert_percent_3_0_to_2_1),
            ];
            for (name, convert) in conversions {
                let cx = convert(tier, x);
                prop_assert_eq!(cx.is_some(), is_percent(x), "{} {} of {}: {:?}", name, tier, x, cx);
                if let Some(c) = cx {
                    prop_assert!(is_percent(c), "{} {} of {}: {}", name, tier, x, c);
                    // Monotone: a higher percent never converts lower.
                    if let Some(cy) = convert(tier, y)
                        && x <= y
                    {
                        prop_assert!(c <= cy, "{} {}: {} → {}, {} → {}", name, tier, x, c, y, cy);
                    }
                }
            }
            for version in TfiVersion::ALL {
                let possible = f64::from(points_possible(version, tier));
                let points = percent_to_points(version, tier, x);
                prop_assert_eq!(points.is_some(), is_percent(x));
                if let Some(p) = points {
                    prop_assert!(p.is_finite() && (0.0..=possible).contains(&p), "{} {} at {}%: {} points", version, tier, x, p);
                }
            }
        }
        let rounded = round_half_up(x);
        prop_assert_eq!(rounded.is_some(), x.is_finite());
        if let Some(r) = rounded {
            prop_assert!(r.is_finite() && r.fract() == 0.0, "{} rounds to {}", x, r);
            prop_assert!((r - x).abs() <= 0.5, "{} rounds to {}", x, r);
        }
        prop_assert_eq!(tfi::SUSTAINED_AFTER_MEETINGS, 3);
    }
}

/// A whole TFI rating (0–4).
fn whole_tfi(v: f64) -> Option<u32> {
    (0..=4u32).find(|&r| f64::from(r) == v)
}

// ---------------------------------------------------------------------------------------------
// RE-AIM and Proctor
// ---------------------------------------------------------------------------------------------

/// A count: zero, small, near another count, or huge.
fn any_count() -> impl Strategy<Value = u64> {
    prop_oneof![
        2 => Just(0u64),
        4 => 0u64..50,
        2 => any::<u64>(),
        1 => prop_oneof![Just(u64::MAX), Just(u64::MAX - 1), Just(1u64 << 53), Just((1u64 << 53) + 1)],
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Every RE-AIM and Proctor rate from any counts is a share whose value is `None` exactly
    /// when the denominator is zero, and otherwise finite and within 0–1 when the numerator is
    /// at most the denominator.
    #[test]
    fn reaim_and_proctor_shares_are_never_nan(
        num in any_count(),
        den in any_count(),
        lost in any_count(),
        staff in any_count(),
    ) {
        for (name, share) in [
            ("reach", reach(num, den)),
            ("reach_sensitivity", reach_sensitivity(num, den, lost)),
            ("implementation_fidelity", implementation_fidelity(num, den)),
            ("penetration", penetration(num, den)),
            ("service_penetration", service_penetration(num, den)),
        ] {
            prop_assert_eq!(share.numerator, num, "{}", name);
            check_share(share)?;
        }
        prop_assert_eq!(reach(num, den), Share::new(num, den));
        prop_assert_eq!(reach_sensitivity(num, den, lost).denominator, den.saturating_add(lost));
        // The sensitivity version is never above the plain one.
        if let (Some(s), Some(r)) = (reach_sensitivity(num, den, lost).value(), reach(num, den).value()) {
            prop_assert!(s <= r, "{} of {} (+{}): {} > {}", num, den, lost, s, r);
        }
        let adoption = Adoption::new(Share::new(num, den), Share::new(lost, staff));
        check_share(adoption.settings)?;
        check_share(adoption.staff)?;
        let json = serde_json::to_value(adoption).unwrap();
        prop_assert_eq!(json["settings"]["value"].is_null(), den == 0);
        prop_assert_eq!(json["staff"]["value"].is_null(), staff == 0);
        // Full Implementation, in integers.
        let share = Share::new(num, den);
        let full = (den > 0).then(|| u128::from(num) * 100 >= 50 * u128::from(den));
        prop_assert_eq!(full_implementation(share), full);
    }

    /// The maintenance window never panics, opens on or after its reference date, and counts
    /// only measures on or after it; with no contact there is no verdict.
    #[test]
    fn maintenance_windows_open_after_the_reference_date(
        months in prop_oneof![0u16..=24, any::<u16>()],
        from in prop_oneof![-4_000_000i32..4_000_000, Just(-4_000_000i32), Just(4_000_000i32)],
        measured in -4_000_000i32..4_000_000,
        contacts in prop::collection::vec(-4_000_000i32..4_000_000, 0..4),
    ) {
        let clamp = |offset: i32| {
            date(2024, 1, 1)
                .checked_add(offset.days())
                .unwrap_or(if offset < 0 { Date::MIN } else { Date::MAX })
        };
        let window = MaintenanceWindow::months(months);
        let from = clamp(from);
        let measured = clamp(measured);
        if let Some(opens) = window.opens(from) {
            prop_assert!(opens >= from);
            prop_assert_eq!(window.counts(from, measured), measured >= opens);
        } else {
            prop_assert!(!window.counts(from, measured));
        }
        prop_assert_eq!(window.setting(from, measured), window.counts(from, measured));
        let contacts: Vec<Date> = contacts.into_iter().map(clamp).collect();
        let verdict = window.individual(&contacts, measured);
        prop_assert_eq!(verdict.is_none(), contacts.is_empty());
        if verdict == Some(true) {
            prop_assert!(contacts.iter().all(|&c| c <= measured));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stages of Implementation Completion
// ---------------------------------------------------------------------------------------------

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`), an
/// independent count to check durations against.
fn days_from_civil(d: Date) -> i64 {
    let (m, dd) = (i64::from(d.month()), i64::from(d.day()));
    let y = i64::from(d.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A completion date: mostly within a few years, now and then at the ends of the calendar.
fn completion() -> impl Strategy<Value = Option<Date>> {
    prop_oneof![
        2 => Just(None),
        6 => (-800i32..2_000).prop_map(|o| Some(day(o))),
        1 => prop_oneof![Just(Date::MIN), Just(Date::MAX), Just(date(-4, 2, 29)), Just(date(0, 12, 31))]
            .prop_map(Some),
    ]
}

/// Random activities (stage and completion), defined counts (stage, and activities beyond
/// those listed, sometimes fewer) and now and then a repeated activity id.
type SicCase = (
    Vec<(usize, Option<Date>)>,
    Vec<(usize, i64)>,
    Option<(Index, Index)>,
);

fn sic_case() -> impl Strategy<Value = SicCase> {
    (
        prop::collection::vec((0usize..8, completion()), 0..30),
        prop::collection::vec((0usize..8, prop_oneof![8 => 0i64..6, 1 => -2i64..0]), 0..4),
        prop::option::weighted(0.08, (any::<Index>(), any::<Index>())),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// SIC reports from random dated activities: per stage a proportion in 0–1 (not computable
    /// when no activity is defined), a non-negative duration (none when nothing is completed)
    /// that equals a brute force, and the highest stage reached; invalid records are refused.
    #[test]
    fn sic_reports_are_in_range_and_equal_brute_force((activities, defined, repeat) in sic_case()) {
        let mut record = SicRecord::new();
        for (i, (stage, completed)) in activities.iter().enumerate() {
            record.record(SicStage::ALL[*stage], id(&format!("a{i}")), *completed);
        }
        let mut listed = [0u64; 8];
        for (stage, _) in &activities {
            listed[*stage] += 1;
        }
        let defined: Vec<(usize, u64)> = defined
            .iter()
            .map(|&(stage, extra)| {
                let n = i64::try_from(listed[stage]).unwrap() + extra;
                (stage, u64::try_from(n.max(0)).unwrap())
            })
            .collect();
        for &(stage, n) in &defined {
            record.defined.push(StageActivityCount::new(SicStage::ALL[stage], u32::try_from(n).unwrap()));
        }
        let mut repeated = false;
        if let Some((from, to)) = repeat.filter(|_| activities.len() >= 2) {
            let n = record.activities.len();
            let (from, to) = (from.index(n), to.index(n));
            if from != to {
                record.activities[to].activity = record.activities[from].activity.clone();
                repeated = true;
            }
        }
        let stages_defined: Vec<usize> = defined.iter().map(|(s, _)| *s).collect();
        let defined_twice = (0..8).any(|s| stages_defined.iter().filter(|&&d| d == s).count() > 1);
        let too_few = defined.iter().any(|&(stage, n)| n < listed[stage]);
        let invalid = repeated || defined_twice || too_few;

        let report = match record.report() {
            Ok(report) => report,
            Err(errors) => {
                prop_assert!(invalid, "a valid record was refused: {:?}", errors);
                return Ok(());
            }
        };
        prop_assert!(!invalid, "an invalid record was scored");

        // Brute force per stage.
        let mut denominators = listed;
        for &(stage, n) in &defined {
            denominators[stage] = n;
        }
        prop_assert_eq!(report.stages.len(), 8);
        for (i, row) in report.stages.iter().enumerate() {
            let stage = SicStage::ALL[i];
            let dates: Vec<Date> = activities
                .iter()
                .filter(|(s, _)| *s == i)
                .filter_map(|(_, d)| *d)
                .collect();
            prop_assert_eq!(row.stage, stage);
            prop_assert_eq!(usize::from(row.number), i + 1);
            prop_assert_eq!(row.phase, stage.phase());
            prop_assert_eq!(row.proportion, Share::new(u64::try_from(dates.len()).unwrap(), denominators[i]));
            check_share(row.proportion)?;
            prop_assert!(row.proportion.value().is_none_or(|v| (0.0..=1.0).contains(&v)), "stage {}: {:?}", i + 1, row.proportion);
            let first = dates.iter().min().copied();
            let last = dates.iter().max().copied();
            prop_assert_eq!(row.first_completed, first);
            prop_assert_eq!(row.last_completed, last);
            let duration = first.zip(last).map(|(a, b)| days_from_civil(b) - days_from_civil(a));
            prop_assert_eq!(row.duration_days.map(i64::from), duration, "stage {}: {:?} to {:?}", i + 1, first, last);
            prop_assert!(row.duration_days.is_none_or(|d| d >= 0));
        }
        let final_stage = (0..8).rev().find(|&i| report.stages[i].proportion.numerator > 0);
        prop_assert_eq!(report.final_stage, final_stage.map(|i| SicStage::ALL[i]));
        prop_assert_eq!(report.final_phase, report.final_stage.map(SicStage::phase));
        prop_assert_eq!(
            final_stage,
            (0..8).rev().find(|&i| activities.iter().any(|(s, d)| *s == i && d.is_some()))
        );
    }
}

/// The whole calendar in one stage: the longest duration there is, counted in full.
#[test]
fn sic_duration_spans_the_whole_calendar() {
    let mut record = SicRecord::new();
    record.record(SicStage::Competency, id("8.1"), Some(Date::MAX));
    record.record(SicStage::Competency, id("8.2"), Some(Date::MIN));
    record.record(SicStage::Competency, id("8.3"), None);
    let report = record.report().unwrap();
    let row = report.stage(SicStage::Competency);
    let days = days_from_civil(Date::MAX) - days_from_civil(Date::MIN);
    assert_eq!(row.duration_days.map(i64::from), Some(days));
    assert_eq!(row.proportion, Share::new(2, 3));
    assert_eq!(report.final_stage, Some(SicStage::Competency));
}

// ---------------------------------------------------------------------------------------------
// CFIR construct ratings
// ---------------------------------------------------------------------------------------------

/// A rating, or the construct left unlisted at the site.
fn cfir_cell() -> impl Strategy<Value = Option<Rating>> {
    prop_oneof![
        1 => Just(None),
        4 => (0usize..8).prop_map(|r| Some(Rating::ALL[r])),
    ]
}

/// A fault: a rating of a construct not listed, or a construct rated twice at a site.
#[derive(Debug, Clone, Copy)]
enum CfirJunk {
    Dangling(Index),
    RatedTwice(Index),
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// CFIR matrices from random ratings: one row per site, each cell the rating given or
    /// missing, and per construct counts that sum to the number of sites and match a count by
    /// hand; faulty ratings are refused.
    #[test]
    fn cfir_counts_sum_to_the_sites(
        (constructs, cells) in (0usize..=6, 0usize..=8).prop_flat_map(|(n, m)| {
            (Just(n), prop::collection::vec(prop::collection::vec(cfir_cell(), n), m))
        }),
        junk in prop_oneof![
            10 => Just(None),
            1 => any::<Index>().prop_map(|i| Some(CfirJunk::Dangling(i))),
            1 => any::<Index>().prop_map(|i| Some(CfirJunk::RatedTwice(i))),
        ],
        groups in prop::collection::vec(0u8..3, 8),
        order in any::<u64>(),
    ) {
        let mut ratings = CfirRatings::new();
        let construct_id = |c: usize| format!("c{c}");
        for c in 0..constructs {
            ratings.constructs.push(Construct::new(id(&construct_id(c)), format!("Construct {c}"), "Inner Setting"));
        }
        let site_id = |s: usize| format!("s{s}");
        for (s, row) in cells.iter().enumerate() {
            let mut site = SiteRatings::new(id(&site_id(s)));
            for (c, cell) in row.iter().enumerate() {
                if let Some(r) = cell {
                    site.ratings.push(implsci::score::instruments::cfir::ConstructRating::new(id(&construct_id(c)), *r));
                }
            }
            shuffle(&mut site.ratings, order ^ u64::try_from(s).unwrap());
            ratings.sites.push(site);
        }
        let faulty = match junk {
            Some(CfirJunk::Dangling(i)) if !cells.is_empty() => {
                ratings.rate(id(&site_id(i.index(cells.len()))), id("c99"), Rating::Neutral);
                true
            }
            Some(CfirJunk::RatedTwice(i)) if !cells.is_empty() && constructs > 0 => {
                let s = i.index(cells.len());
                let c = i.index(constructs);
                // Rate it twice: once more if listed, twice if not.
                if cells[s][c].is_none() {
                    ratings.rate(id(&site_id(s)), id(&construct_id(c)), Rating::Missing);
                }
                ratings.rate(id(&site_id(s)), id(&construct_id(c)), Rating::PlusOne);
                true
            }
            _ => false,
        };

        let matrix = match ratings.matrix() {
            Ok(m) => m,
            Err(errors) => {
                prop_assert!(faulty, "valid ratings were refused: {:?}", errors);
                return Ok(());
            }
        };
        prop_assert!(!faulty, "faulty ratings were accepted");
        let sites = count(cells.len());
        prop_assert_eq!(matrix.rows.len(), cells.len());
        prop_assert_eq!(matrix.counts.len(), constructs);
        for (s, (row, given)) in matrix.rows.iter().zip(&cells).enumerate() {
            prop_assert_eq!(row.site.as_str(), site_id(s));
            let expected: Vec<Rating> = given.iter().map(|r| r.unwrap_or(Rating::Missing)).collect();
            prop_assert_eq!(&row.ratings, &expected);
            let classes = matrix.classes(&row.site).unwrap();
            let codes: Vec<&str> = classes.iter().map(|c| c.class.as_str()).collect();
            prop_assert_eq!(codes, expected.iter().map(|r| r.code()).collect::<Vec<_>>());
        }
        for (c, counts) in matrix.counts.iter().enumerate() {
            prop_assert_eq!(counts.construct.as_str(), construct_id(c));
            let total: u32 = Rating::ALL.iter().map(|&r| counts.counts.count(r)).sum();
            prop_assert_eq!(total, sites, "construct {}", c);
            for r in Rating::ALL {
                let by_hand = count(cells.iter().filter(|row| row[c].unwrap_or(Rating::Missing) == r).count());
                prop_assert_eq!(counts.counts.count(r), by_hand, "construct {}, rating {}", c, r);
            }
            let rated = count(cells.iter().filter(|row| row[c].is_some_and(Rating::is_rated)).count());
            prop_assert_eq!(counts.counts.rated(), rated);
        }

        // A contrast of two random groups lists only constructs both groups rated.
        let first: Vec<implsci::id::UnitId> = (0..cells.len()).filter(|&s| groups[s] == 1).map(|s| id(&site_id(s))).collect();
        let second: Vec<implsci::id::UnitId> = (0..cells.len()).filter(|&s| groups[s] == 2).map(|s| id(&site_id(s))).collect();
        for contrast in matrix.contrast(&first, &second).unwrap() {
            prop_assert!(contrast.first.rated() > 0 && contrast.second.rated() > 0);
            prop_assert!(contrast.first.rated() <= count(first.len()));
            prop_assert!(contrast.second.rated() <= count(second.len()));
        }
    }
}

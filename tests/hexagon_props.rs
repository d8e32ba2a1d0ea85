//! Property tests for the Hexagon Tool 2013 and 2018: from random administrations with junk
//! mixed in (values off the scale or not whole, NaN and infinities, unknown items,
//! duplicates), an error that fits one of the faults, never a panic, and otherwise a score of
//! the documented shape, every number finite and in range.

#![allow(
    clippy::float_cmp,
    reason = "the values compared exactly are small whole numbers or sums of them, exact in f64"
)]

mod common;

use common::instruments::{check_score, count, lincoln};
use common::{id, shuffle};

use std::collections::{HashMap, HashSet};

use implsci::score::instruments::hexagon::{
    INDICATORS_2013, PROGRAM_INDICATORS_2018, SITE_INDICATORS_2018, hexagon_2013, hexagon_2018,
};
use implsci::score::{
    Administration, Instrument, MissingRule, NotComputable, Response, ScoreError,
};
use jiff::civil::date;
use proptest::prelude::*;

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

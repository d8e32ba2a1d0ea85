//! Property tests for the TFI, for each version and tier: complete administrations score in
//! range and meet the inclusive criterion at the threshold; the 2.1 ↔ 3.0 conversions, percent
//! to points and rounding take any `f64` at all.

#![allow(
    clippy::float_cmp,
    reason = "the values compared exactly are small whole numbers or sums of them, exact in f64"
)]

mod common;

use common::instruments::{check_score, lincoln};
use common::{close, close_opt, id, shuffle};

use implsci::score::instruments::tfi::{
    self, TfiVersion, Tier, convert_percent_2_1_to_3_0, convert_percent_3_0_to_2_1,
    criterion_percent, item_count, item_scale, percent_to_points, points_possible, round_half_up,
    tier_instrument,
};
use implsci::score::{Administration, Instrument, Response};
use jiff::civil::date;
use proptest::prelude::*;

fn tfi_item(tier: Tier, i: u32) -> String {
    format!("{}.{i}", tier.number())
}

/// A version, a tier, and a complete set of answers on the version's scale: whole ratings, as
/// the TFI takes (a half point is refused; `a_half_point_is_refused` below).
fn tfi_case() -> impl Strategy<Value = (TfiVersion, Tier, Vec<f64>)> {
    (0usize..2, 0usize..3).prop_flat_map(|(v, t)| {
        let version = TfiVersion::ALL[v];
        let tier = Tier::ALL[t];
        let max = item_scale(version).max;
        let whole_max = points_possible(version, tier) / item_count(version, tier);
        let n = usize::try_from(item_count(version, tier)).unwrap();
        let answer = prop_oneof![
            12 => (0..=whole_max).prop_map(f64::from),
            1 => Just(max),
        ];
        // Strong administrations, so that 70% on TFI 2.1 is often met and often just missed.
        let strong = prop_oneof![
            12 => (whole_max - 1..=whole_max).prop_map(f64::from),
            3 => (0..=whole_max).prop_map(f64::from),
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

#[test]
fn a_half_point_is_refused() {
    use implsci::score::{ScoreError, ScoreSubject};
    for version in TfiVersion::ALL {
        let tier = Tier::ALL[0];
        let names: Vec<String> = (1..=item_count(version, tier))
            .map(|i| tfi_item(tier, i))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let instrument = tier_instrument(version, tier, id("tfi"), &refs).unwrap();
        let mut admin = Administration::new(
            instrument.definition().id.clone(),
            date(2025, 3, 1),
            ScoreSubject::Unit(id("lincoln")),
        );
        for item in &instrument.definition().items {
            admin.responses.push(Response::new(item.id.clone(), 1.0));
        }
        admin.responses[0].value = Some(1.5);
        assert!(
            matches!(instrument.score(&admin), Err(ScoreError::NotWhole { value, .. }) if value == 1.5),
            "{version:?}"
        );
    }
}

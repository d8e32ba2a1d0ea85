//! Helpers shared by the property tests of the built-in instruments: dates, the subject they
//! score, and the invariants every score and every share must keep.

use implsci::score::{Score, ScoreSubject};
use implsci::share::Share;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::id;

/// A count as the scores report it.
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap()
}

/// The day `offset` days after 2024-01-01.
pub fn day(offset: i32) -> Date {
    date(2024, 1, 1).checked_add(offset.days()).unwrap()
}

/// The unit the generated administrations are about.
pub fn lincoln() -> ScoreSubject {
    ScoreSubject::Unit(id("lincoln"))
}

/// Invariants of every score: each number finite and in range, and a score that is not
/// computable has no points, no percent and no verdict.
pub fn check_score(score: &Score) -> Result<(), TestCaseError> {
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
pub fn check_share(share: Share) -> Result<(), TestCaseError> {
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

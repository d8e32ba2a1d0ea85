//! Property tests for the drivers assessment: from random dated ratings of random drivers,
//! percents and points equal a brute force over the latest rating of each driver as of the
//! date, every number finite and in range.

#![allow(
    clippy::float_cmp,
    reason = "the values compared exactly are small whole numbers or sums of them, exact in f64"
)]

mod common;

use common::close_opt;
use common::id;
use common::instruments::{check_score, count, day, lincoln};

use implsci::SiteRecord;
use implsci::driver::{Driver, DriverCategory, DriverState, DriverStatus};
use implsci::score::NotComputable;
use implsci::score::instruments::drivers::{
    category_subscale, driver_item, drivers_instrument, score_driver_status, score_site_drivers,
};
use proptest::prelude::*;

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

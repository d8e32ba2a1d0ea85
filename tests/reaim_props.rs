//! Property tests for the RE-AIM and Proctor rates: from any counts, a share whose value is
//! `None` exactly when nothing is divided by and otherwise finite and in range; and maintenance
//! windows from any dates, never a panic.

mod common;

use common::instruments::check_share;

use implsci::score::instruments::full_implementation;
use implsci::score::instruments::reaim::{
    Adoption, MaintenanceWindow, implementation_fidelity, penetration, reach, reach_sensitivity,
    service_penetration,
};
use implsci::share::Share;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

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

//! Property tests for time series: a series of item-sum scores is sustained on the date a
//! brute force finds, with the runs at criterion and the changes a brute force gives, whatever
//! the order of the administrations.

mod common;

use common::scores::{Answer, administer};
use common::{id, shuffle};

use implsci::score::instruments::capacity_assessment;
use implsci::score::{
    Administration, Instrument, InstrumentExt, ItemSum, Score, ScoreSubject, TimeSeries,
};
use jiff::ToSpan;
use jiff::civil::Date;
use proptest::prelude::*;

/// A one-item assessment whose verdict a code picks: 0 meets the criterion (100%), 1 and 2
/// do not (50%, 0%), 3 is not computable (no verdict).
fn verdict_admin(code: u8, date: Date, seed: u64) -> Administration {
    let answer = match code {
        0 => Answer::Half(4),
        1 => Answer::Half(2),
        2 => Answer::Half(0),
        _ => Answer::Omitted,
    };
    administer(&[vec![answer]], date, ScoreSubject::Unit(id("wake")), seed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `sustained_on` is the date of the first administration that completes `n` consecutive
    /// administrations at criterion; the runs and changes match a brute force too.
    #[test]
    fn time_series_is_sustained_where_brute_force_says(
        raw in prop::collection::vec((prop_oneof![3 => Just(0u8), 1 => 1u8..=3], 1u16..20), 0..16),
        sustained_after in prop::option::of(0u32..=5),
        order in any::<u64>(),
    ) {
        let mut ca = capacity_assessment(id("ca"), "One item", &[("s0", &["s0-i0"])])
            .unwrap()
            .definition()
            .clone();
        ca.sustained_after = sustained_after;
        let instrument = ItemSum::new(ca).unwrap();
        // Strictly increasing dates.
        let mut date = Date::new(2020, 1, 1).unwrap();
        let mut admins = Vec::new();
        for (code, gap) in &raw {
            date = date.checked_add(i32::from(*gap).days()).unwrap();
            admins.push(verdict_admin(*code, date, 0));
        }
        let scores: Vec<Score> = admins.iter().map(|a| instrument.score(a).unwrap()).collect();

        // Brute force.
        let met: Vec<bool> = scores.iter().map(|s| s.criterion_met == Some(true)).collect();
        let expected = sustained_after.filter(|&n| n > 0).and_then(|n| {
            let n = n as usize;
            (0..scores.len())
                .find(|&i| i + 1 >= n && met[i + 1 - n..=i].iter().all(|&m| m))
                .map(|i| scores[i].date)
        });

        let series = TimeSeries::new(scores.clone(), sustained_after);
        prop_assert_eq!(series.sustained_on, expected);
        prop_assert_eq!(series.is_sustained(), expected.is_some());
        prop_assert_eq!(series.sustained_after, sustained_after);
        prop_assert_eq!(series.points.len(), scores.len());
        let mut last_percent: Option<(Date, f64)> = None;
        for (i, point) in series.points.iter().enumerate() {
            prop_assert_eq!(&point.score, &scores[i]);
            let run = met[..=i].iter().rev().take_while(|&&m| m).count();
            prop_assert_eq!(point.run_at_criterion as usize, run);
            let change = point.score.percent.and_then(|p| {
                let change = last_percent.map(|(since, q)| (since, p - q));
                last_percent = Some((point.score.date, p));
                change
            });
            prop_assert_eq!(point.change.map(|c| (c.since, c.percentage_points)), change);
        }

        // The same through the instrument, from administrations in any order.
        let mut shuffled = admins.clone();
        shuffle(&mut shuffled, order);
        let series = instrument.time_series(&shuffled).unwrap();
        prop_assert_eq!(series.sustained_on, expected);
        prop_assert_eq!(series.sustained_after, sustained_after);
        let dates: Vec<Date> = series.points.iter().map(|p| p.score.date).collect();
        prop_assert_eq!(dates, scores.iter().map(|s| s.date).collect::<Vec<_>>());
    }
}

/// A TFI 3.0 Tier 1 administration of the built-in tier, every item rated `value`.
fn tfi_admin(school: &str, date: &str, value: f64) -> Administration {
    let tier = implsci::score::instruments::builtin("tfi-3.0-tier-1").unwrap();
    let mut a = Administration::new(
        id("tfi-3.0-tier-1"),
        date.parse().unwrap(),
        ScoreSubject::Unit(id(school)),
    );
    for item in &tier.definition().items {
        a.responses
            .push(implsci::score::Response::new(item.id.clone(), value));
    }
    a
}

#[test]
fn passes_at_two_schools_do_not_read_as_one_school_sustaining() {
    let tier = implsci::score::instruments::builtin("tfi-3.0-tier-1").unwrap();
    // Three passes in a row by date, but Adams has two and Lincoln one: neither has the
    // TFI's three consecutive administrations at criterion.
    let admins = [
        tfi_admin("adams", "2024-09-15", 4.0),
        tfi_admin("lincoln", "2024-12-01", 4.0),
        tfi_admin("adams", "2025-03-01", 4.0),
    ];
    let series = tier.time_series_by_subject(&admins).unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[0].subject(), Some(&ScoreSubject::Unit(id("adams"))));
    assert_eq!(series[0].points.len(), 2);
    assert_eq!(series[1].points.len(), 1);
    assert!(series.iter().all(|s| !s.is_sustained()));
    assert_eq!(series[0].points[1].run_at_criterion, 2);
    // One series of several subjects is refused, naming both.
    let err = tier.time_series(&admins).unwrap_err();
    assert!(
        matches!(err, implsci::score::ScoreError::MixedSubjects { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("unit `lincoln`"), "{err}");
    // A third pass at Adams sustains Adams, on that date.
    let mut more = admins.to_vec();
    more.push(tfi_admin("adams", "2025-05-20", 4.0));
    let series = tier.time_series_by_subject(&more).unwrap();
    assert_eq!(series[0].sustained_on, Some("2025-05-20".parse().unwrap()));
    assert!(!series[1].is_sustained());
    // A school below criterion in between breaks its own run only.
    more.push(tfi_admin("lincoln", "2025-01-10", 0.0));
    let series = TimeSeries::by_subject(
        more.iter().map(|a| tier.score(a).unwrap()).collect(),
        tier.definition().sustained_after,
    );
    assert_eq!(series[0].sustained_on, Some("2025-05-20".parse().unwrap()));
    assert_eq!(series[1].points[1].run_at_criterion, 0);
}

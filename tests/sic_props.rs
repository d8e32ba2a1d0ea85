//! Property tests for the Stages of Implementation Completion: reports from random dated
//! activities have per stage a proportion in 0–1 and a duration that equals a brute force, and
//! invalid records are refused.

mod common;

use common::id;
use common::instruments::{check_share, day};

use implsci::score::instruments::sic::{SicRecord, StageActivityCount};
use implsci::share::Share;
use implsci::stage::SicStage;
use jiff::civil::{Date, date};
use proptest::prelude::*;
use proptest::sample::Index;

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

//! Tests of `usability`.

use super::*;
use crate::event::Event;
use crate::event::example_log;
use crate::event::measure::measure_log_bytes;
use crate::improvement::pdsa::tests::{feed, interleave};

fn usability(id: &str, date: &str, test: &str, users: u32, changes: &[&str]) -> Event {
    let mut c = UsabilityCycle::new(
        id.parse().unwrap(),
        date.parse().unwrap(),
        test.parse().unwrap(),
        users,
    );
    c.changes = changes.iter().map(|&s| s.to_owned()).collect();
    Event::UsabilityCycle(c)
}

#[test]
fn a_usability_test_of_three_cycles_with_5_4_5_users_has_14() {
    let events = [
        usability("e-3", "2024-02-15", "ut-1", 5, &[]),
        usability("e-1", "2024-02-01", "ut-1", 5, &["shorter form"]),
        usability("e-9", "2024-02-02", "ut-2", 3, &[]),
        usability("e-2", "2024-02-08", "ut-1", 4, &["script", "timing"]),
    ];
    let tests = usability_tests(&events);
    assert_eq!(tests.len(), 2);
    let t = &tests[0];
    assert_eq!(t.test.as_str(), "ut-1");
    assert_eq!(t.cycle_count, 3);
    assert_eq!(t.users_per_cycle, [5, 4, 5]);
    assert_eq!(t.total_users, 14);
    let changes: Vec<&[String]> = t.cycles.iter().map(|c| c.changes.as_slice()).collect();
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[0], ["shorter form"]);
    assert_eq!(changes[1], ["script", "timing"]);
    assert!(changes[2].is_empty());
    assert_eq!(tests[1].total_users, 3);

    // Reported, not judged; the guideline is a parameter.
    let check = UsabilityGuideline::default().check(t);
    assert_eq!(check.cycles, RangeFit::Below);
    assert_eq!(check.users_per_cycle, [RangeFit::Within; 3]);
    assert_eq!(check.overall, RangeFit::Below);
    let relaxed = UsabilityGuideline {
        users_per_cycle: (4, 5),
        cycles: (3, 5),
    };
    assert!(relaxed.check(t).is_within());
    let strict = UsabilityGuideline {
        users_per_cycle: (3, 4),
        cycles: (3, 5),
    };
    let check = strict.check(t);
    assert_eq!(
        check.users_per_cycle,
        [RangeFit::Above, RangeFit::Within, RangeFit::Above]
    );
    assert_eq!(check.overall, RangeFit::Above);
}

#[test]
fn guideline_reads_back_and_refuses_unknown_fields() {
    let g: UsabilityGuideline =
        serde_json::from_str(r#"{"users_per_cycle": [4, 5], "cycles": [4, 5]}"#).unwrap();
    assert_eq!(g, UsabilityGuideline::default());
    assert!(
        serde_json::from_str::<UsabilityGuideline>(
            r#"{"users_per_cycle": [4, 5], "cycles": [4, 5], "users": 20}"#
        )
        .is_err()
    );
}

#[test]
fn empty_log() {
    assert!(usability_tests::<Event>(&[]).is_empty());
}

#[test]
fn output_types_have_schemas() {
    let _ = schemars::schema_for!(UsabilityTest);
    let _ = schemars::schema_for!(GuidelineCheck);
}

// The measure fed one event at a time over a log with other events interleaved.

#[test]
fn usability_measure_over_interleaved_events_equals_usability_tests_of_the_cycles() {
    let example = example_log();
    let (mut cycles, others): (Vec<Event>, Vec<Event>) = example
        .into_iter()
        .partition(|e| matches!(e, Event::UsabilityCycle(_)));
    // A second test, out of date order, with two cycles on one date.
    let cycle = |id: &str, date: &str, users: u32| {
        Event::UsabilityCycle(UsabilityCycle::new(
            id.parse().unwrap(),
            date.parse().unwrap(),
            "ut-2".parse().unwrap(),
            users,
        ))
    };
    cycles.extend([
        cycle("u-1", "2024-03-15", 3),
        cycle("u-2", "2024-03-01", 4),
        cycle("u-3", "2024-03-15", 6),
    ]);
    let expected = usability_tests(&cycles);
    assert_eq!(expected.len(), 2);
    assert_eq!(expected[1].users_per_cycle, [4, 3, 6]);
    for seed in 1..=25 {
        let log = interleave(&cycles, &others, seed);
        assert_eq!(feed(&log, UsabilityMeasure::new()), expected, "seed {seed}");
    }
    let text: String = interleave(&cycles, &others, 99)
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect();
    let measured = measure_log_bytes(text.as_bytes(), UsabilityMeasure::new());
    assert_eq!(measured.report, expected);
}

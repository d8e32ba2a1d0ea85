//! The event log fixtures: one valid line per event kind, and malformed lines reported with
//! their line numbers while the rest is still read.

mod common;

use std::sync::LazyLock;

use implsci::event::{Event, parse_log};
use implsci::system::System;

static SYSTEM: LazyLock<System> = LazyLock::new(|| {
    System::from_json(
        &std::fs::read_to_string(common::root().join("examples/data/state_system.json")).unwrap(),
    )
    .unwrap()
});

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(common::root().join("tests/fixtures/events").join(name)).unwrap()
}

#[test]
fn every_event_kind_reads_and_round_trips() {
    let log = parse_log(&fixture("valid.jsonl"));
    assert!(log.refused.is_empty(), "{:?}", log.refused);
    let mut kinds: Vec<&str> = log.records.iter().map(|r| r.value.kind()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds.len(), 9, "every kind has a valid line: {kinds:?}");
    let schema = common::validator_for_name("Event");
    for r in &log.records {
        let json = serde_json::to_value(&r.value).unwrap();
        let back: Event = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, r.value, "line {}", r.line);
        assert!(
            schema.is_valid(&json),
            "line {} does not match the Event schema",
            r.line
        );
        assert!(r.value.id().as_str().starts_with("e-"));
    }
}

#[test]
fn malformed_lines_are_reported_with_their_numbers_and_the_rest_is_read() {
    let log = parse_log(&fixture("malformed.jsonl"));
    let expected: std::collections::BTreeMap<String, serde_json::Value> =
        serde_json::from_slice(&fixture("malformed.expected.json")).unwrap();
    let refused: std::collections::BTreeMap<String, (String, String)> = log
        .refused
        .iter()
        .map(|p| {
            (
                p.line.to_string(),
                (p.problem.path.clone(), p.problem.kind.to_string()),
            )
        })
        .collect();
    assert_eq!(refused.len(), expected.len(), "{:?}", log.refused);
    for (line, want) in &expected {
        let got = &refused[line];
        assert_eq!(
            (got.0.as_str(), got.1.as_str()),
            (
                want["path"].as_str().unwrap(),
                want["kind"].as_str().unwrap()
            ),
            "line {line}"
        );
    }
    assert_eq!(
        log.records.len(),
        2,
        "the valid lines around the bad ones are read"
    );
    assert_eq!(log.blank, 1);
    assert_eq!(
        log.records.len() as u64 + log.refused.len() as u64 + log.blank,
        log.lines
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Reading the fixtures' lines, shuffled together, in any chunking gives the same log.
    #[test]
    fn any_chunking_of_a_log_reads_the_same(
        seed in proptest::prelude::any::<u64>(),
        cuts in proptest::collection::vec(0usize..8192, 0..16),
    ) {
        let valid = fixture("valid.jsonl");
        let malformed = fixture("malformed.jsonl");
        let mut lines: Vec<&[u8]> = valid.split(|&b| b == b'\n').chain(malformed.split(|&b| b == b'\n')).collect();
        common::shuffle(&mut lines, seed);
        let text = lines.join(&b'\n');
        let whole = parse_log(&text);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
        cuts.sort_unstable();
        let mut reader = implsci::event::reader();
        let mut at = 0;
        for c in cuts.into_iter().chain([text.len()]) {
            reader.feed(&text[at..c]);
            at = c;
        }
        let chunked = reader.finish();
        proptest::prop_assert_eq!(&chunked, &whole);
        // And so the same measures.
        let measures = |log: implsci::event::EventLog| {
            let events: Vec<Event> = log.records.into_iter().map(|r| r.value).collect();
            let as_of: jiff::civil::Date = "2025-02-01".parse().unwrap();
            let window = implsci::coaching::measures::Window::new("2024-08-01".parse().unwrap(), as_of).unwrap();
            (
                implsci::coaching::measures::coaching_report(&events, window, as_of),
                implsci::improvement::loops::loop_report(&SYSTEM, &events, as_of),
                implsci::improvement::pdsa::pdsa_summary(&implsci::improvement::pdsa::pdsa_cycles(&events)),
                implsci::stage::stages_as_of(&events, as_of),
            )
        };
        proptest::prop_assert_eq!(measures(chunked), measures(whole.clone()));
        proptest::prop_assert_eq!(whole.records.len(), 14 + 2);
        proptest::prop_assert_eq!(whole.records.len() as u64 + whole.refused.len() as u64 + whole.blank, whole.lines);
    }
}

static CICO: LazyLock<implsci::Innovation> = LazyLock::new(|| {
    use implsci::Document;
    implsci::Innovation::from_json(
        &std::fs::read_to_string(common::root().join("examples/data/innovation.json")).unwrap(),
    )
    .unwrap()
});

/// The reports of every measure of the crate.
type AllReports = (
    implsci::coaching::measures::CoachingReport,
    Vec<implsci::coaching::fidelity::TimeToFidelity>,
    implsci::improvement::loops::LoopReport,
    Vec<implsci::improvement::pdsa::PdsaCycle>,
    Vec<implsci::improvement::usability::UsabilityTest>,
    Vec<implsci::stage::SiteStage>,
    Vec<implsci::error::Problem>,
);

/// Every measure of the crate, as one tuple, for the one-pass reader.
fn all_measures(
    as_of: jiff::civil::Date,
) -> impl implsci::event::measure::Measure<implsci::event::Event, Report = AllReports> {
    use implsci::coaching::fidelity::FidelityMeasure;
    use implsci::coaching::measures::{CoachingMeasure, Window};
    let window = Window::new("2024-08-01".parse().unwrap(), as_of).unwrap();
    (
        CoachingMeasure::new(window, as_of),
        FidelityMeasure::new(&CICO),
        implsci::improvement::loops::LoopMeasure::new(&SYSTEM, as_of),
        implsci::improvement::pdsa::PdsaMeasure::new(),
        implsci::improvement::usability::UsabilityMeasure::new(),
        implsci::stage::StagesMeasure::new(as_of),
        implsci::event::references::ReferenceCheck::new(&SYSTEM),
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// The example state's log, its lines shuffled among malformed ones, measured in one pass
    /// in any chunking: the same reports as the slice functions over the log read whole.
    #[test]
    fn one_pass_in_any_chunking_gives_the_slice_functions_measures(
        seed in proptest::prelude::any::<u64>(),
        cuts in proptest::collection::vec(0usize..65_536, 0..24),
        as_of in proptest::sample::select(vec!["2024-09-15", "2024-10-20", "2024-12-01", "2025-06-30"]),
    ) {
        use implsci::coaching::fidelity::time_to_fidelity;
        use implsci::coaching::measures::{Window, coaching_report};
        let state = std::fs::read(common::root().join("examples/data/state_events.jsonl")).unwrap();
        let malformed = fixture("malformed.jsonl");
        let mut lines: Vec<&[u8]> = state.split(|&b| b == b'\n').chain(malformed.split(|&b| b == b'\n')).collect();
        common::shuffle(&mut lines, seed);
        let text = lines.join(&b'\n');
        let as_of: jiff::civil::Date = as_of.parse().unwrap();

        let mut measuring = implsci::event::measure::Measuring::new(all_measures(as_of));
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
        cuts.sort_unstable();
        let mut at = 0;
        for c in cuts.into_iter().chain([text.len()]) {
            measuring.feed(&text[at..c]);
            at = c;
        }
        let one_pass = measuring.finish();

        let whole = parse_log(&text);
        let events: Vec<Event> = whole.records.into_iter().map(|r| r.value).collect();
        let window = Window::new("2024-08-01".parse().unwrap(), as_of).unwrap();
        let slices = (
            coaching_report(&events, window, as_of),
            time_to_fidelity(&events, &CICO),
            implsci::improvement::loops::loop_report(&SYSTEM, &events, as_of),
            implsci::improvement::pdsa::pdsa_cycles(&events),
            implsci::improvement::usability::usability_tests(&events),
            implsci::stage::stages_as_of(&events, as_of),
            implsci::event::references::check_references(&SYSTEM, &events),
        );
        proptest::prop_assert_eq!(&one_pass.report, &slices);
        proptest::prop_assert_eq!(one_pass.events, events.len() as u64);
        proptest::prop_assert_eq!(&one_pass.refused, &whole.refused);
        proptest::prop_assert_eq!((one_pass.lines, one_pass.blank), (whole.lines, whole.blank));
        // The log is not trivial: there is coaching, and loop items once the first is raised.
        proptest::prop_assert!(!slices.0.practitioners.is_empty());
        proptest::prop_assert_eq!(slices.2.items.is_empty(), as_of < "2024-10-01".parse().unwrap());
    }
}

/// A log of many chunks, read on two threads (where the machine has them) and on one: the same
/// reports, counts and refused lines, and the same as the slice functions.
#[test]
fn a_log_of_many_chunks_measures_the_same_on_two_threads_and_one() {
    let state = std::fs::read(common::root().join("examples/data/state_events.jsonl")).unwrap();
    let malformed = fixture("malformed.jsonl");
    let mut text = Vec::new();
    for round in 0..40u64 {
        let mut lines: Vec<&[u8]> = state
            .split(|&b| b == b'\n')
            .chain(malformed.split(|&b| b == b'\n'))
            .collect();
        common::shuffle(&mut lines, round);
        text.extend_from_slice(&lines.join(&b'\n'));
        text.push(b'\n');
    }
    assert!(text.len() > 6 * 64 * 1024, "several chunks: {}", text.len());
    let as_of: jiff::civil::Date = "2024-12-01".parse().unwrap();

    let two = implsci::event::measure::measure_log_bytes(&text, all_measures(as_of));
    let from_reader = implsci::event::measure::measure_log(&text[..], all_measures(as_of)).unwrap();
    let mut one = implsci::event::measure::Measuring::new(all_measures(as_of));
    one.feed(&text);
    let one = one.finish();
    assert_eq!(two, one);
    assert_eq!(from_reader, one);

    let whole = parse_log(&text);
    assert_eq!(one.events, whole.records.len() as u64);
    assert_eq!(one.refused, whole.refused);
    let events: Vec<Event> = whole.records.into_iter().map(|r| r.value).collect();
    let window =
        implsci::coaching::measures::Window::new("2024-08-01".parse().unwrap(), as_of).unwrap();
    assert_eq!(
        one.report.0,
        implsci::coaching::measures::coaching_report(&events, window, as_of)
    );
    assert_eq!(
        one.report.2,
        implsci::improvement::loops::loop_report(&SYSTEM, &events, as_of)
    );
}

/// A reader that fails part-way: the error comes back, not a report of half the log.
#[test]
fn an_io_error_part_way_is_returned() {
    struct Failing(usize);
    impl std::io::Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk gone"));
            }
            self.0 -= 1;
            let line = b"{\"kind\": \"stage_change\", \"id\": \"e\", \"date\": \"2024-04-01\", \"site\": \"s\", \"innovation\": \"i\", \"stage\": \"installation\"}\n";
            let n = line.len().min(buf.len());
            buf[..n].copy_from_slice(&line[..n]);
            Ok(n)
        }
    }
    let result = implsci::event::measure::measure_log(
        Failing(100),
        implsci::stage::StagesMeasure::new("2024-12-01".parse().unwrap()),
    );
    assert_eq!(result.unwrap_err().to_string(), "disk gone");
}

#[test]
fn the_example_states_log_reads_whole() {
    let bytes = std::fs::read(common::root().join("examples/data/state_events.jsonl")).unwrap();
    let log = implsci::event::read_log(&bytes[..]).unwrap();
    assert!(log.refused.is_empty(), "{:?}", log.refused);
    assert_eq!(log.records.len() as u64, log.lines);
}

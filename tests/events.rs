//! The event log fixtures: one valid line per event kind, and malformed lines reported with
//! their line numbers while the rest is still read.

mod common;

use implsci::event::{Event, parse_log};

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

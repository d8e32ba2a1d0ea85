//! A coaching plan given twice is refused as the loop report refuses a loop item raised twice.

use implsci::error::ProblemKind;
use implsci::event::{Event, parse_log, references::check_references};
use implsci::system::System;

const PLAN: &str = r#"{"kind": "coaching_plan", "id": "e-0003", "date": "2024-09-02", "coach": "coach-wake-1", "practitioners": ["lincoln-t1"], "innovation": "check-in-check-out", "format": "in_person", "every_days": 14, "start": "2024-09-02", "end": "2025-06-13"}"#;

fn system() -> System {
    System::from_json(&std::fs::read_to_string("examples/data/state_system.json").unwrap()).unwrap()
}

fn events(log: &str) -> Vec<Event> {
    let read = parse_log(log.as_bytes());
    assert!(read.refused.is_empty(), "{:?}", read.refused);
    read.records.into_iter().map(|r| r.value).collect()
}

#[test]
fn a_plan_id_given_twice_is_a_duplicate_at_the_second() {
    let once = events(&format!("{PLAN}\n"));
    assert!(check_references(&system(), &once).is_empty());
    let twice = events(&format!("{PLAN}\n{PLAN}\n"));
    let problems = check_references(&system(), &twice);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "$.events[1].id");
    assert_eq!(problems[0].kind, ProblemKind::DuplicateId);
    assert_eq!(
        problems[0].message,
        "coaching plan `e-0003` was already given; this one is ignored"
    );
}

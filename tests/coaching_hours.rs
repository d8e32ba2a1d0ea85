//! A coaching step's hours: refused when negative, non-finite or above a day, so that the
//! hours a report sums are real and finite.

use implsci::coaching::MAX_STEP_HOURS;
use implsci::event::{Event, parse_log};

fn step(hours: &str) -> String {
    format!(
        r#"{{"kind": "coaching_step", "id": "e-6", "date": "2024-09-09", "plan": "plan-1", "cycle": "cycle-1", "practitioner": "p-1", "step": "plan", "hours": {hours}}}"#
    )
}

#[test]
fn negative_and_huge_hours_are_refused_at_their_path() {
    for hours in ["-1", "-0.25", "1e308", "24.5", "1e400"] {
        let problem = Event::from_json_line(step(hours).as_bytes()).unwrap_err();
        assert_eq!(problem.path, "$.hours", "{hours}: {problem}");
        assert!(
            problem.message.contains("from 0 to 24") || hours == "1e400",
            "{hours}: {problem}"
        );
    }
}

#[test]
fn hours_from_0_to_a_day_are_read() {
    assert!(Event::from_json_line(step(&MAX_STEP_HOURS.to_string()).as_bytes()).is_ok());
    for (text, hours) in [("0", 0.0), ("1.5", 1.5), ("24", 24.0)] {
        match Event::from_json_line(step(text).as_bytes()) {
            Ok(Event::CoachingStep(s)) => assert_eq!(s.hours, Some(hours)),
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn a_log_line_with_refused_hours_is_refused_with_its_line() {
    let log = format!("{}\n{}\n", step("1"), step("1e308"));
    let read = parse_log(log.as_bytes());
    assert_eq!(read.records.len(), 1);
    assert_eq!(read.refused.len(), 1);
    assert_eq!(read.refused[0].line, 2);
    assert_eq!(read.refused[0].problem.path, "$.hours");
}

//! `implsci impact`: each district's IMPACT profile from the command line, its formats and
//! its refusals.

mod run;

use run::{implsci, stdout};

const SYSTEM: &str = "examples/data/state_system.json";

fn impact(extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "impact",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-01-31",
    ];
    args.extend_from_slice(extra);
    implsci(&args)
}

/// The standard output of a run that succeeded, failing with its stderr otherwise.
fn succeeded(o: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    stdout(o)
}

#[test]
fn the_table_names_every_component_and_says_no_data() {
    let o = impact(&["--events", "examples/data/state_events.jsonl"]);
    let text = succeeded(&o);
    for component in [
        "Inclusion",
        "Meaningful Leadership",
        "Professional Learning",
        "Assess & Adjust",
        "Collective Efficacy",
        "Teams",
    ] {
        assert!(text.contains(component), "{component} missing:\n{text}");
    }
    // No site records were given: leadership is no data, never 0%.
    let leadership = text
        .lines()
        .find(|l| l.contains("Technical leadership in place"))
        .unwrap();
    assert_eq!(leadership.matches("no data").count(), 4, "{leadership}");
    assert!(text.contains("this crate's reading"));
    // The districts, one column each, their names as the system gives them.
    assert!(text.contains("Wake County Schools") && text.contains("Buncombe County Schools"));
    // Practitioners trained at Wake: 11 of 18.
    let trained = text
        .lines()
        .find(|l| l.contains("Practitioners trained"))
        .unwrap();
    assert!(trained.contains("11/18 (61.1%)"), "{trained}");
    assert!(!text.contains("Some(") && !text.contains("None"));
}

#[test]
fn csv_is_tidy_and_json_names_the_framework() {
    let o = impact(&["--format", "csv"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("as_of,level,unit,name,component,item,value,"));
    assert_eq!(text.lines().count(), 1 + 4 * 17);
    let o = impact(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["basis"], "by_definition");
    assert_eq!(json["units"].as_array().map(Vec::len), Some(4));
}

#[test]
fn a_self_assessment_gives_every_component_its_subscale() {
    let o = impact(&[
        "--administrations",
        "examples/data/impact_self_assessment_administrations.json",
        "--instrument",
        "examples/data/impact_self_assessment.json",
    ]);
    let text = succeeded(&o);
    assert_eq!(
        text.matches("Self-assessment (mean %)").count(),
        6,
        "{text}"
    );
}

#[test]
fn refusals_name_what_is_wrong() {
    // A level the system lacks: a usage error naming its levels.
    let o = implsci(&[
        "impact",
        SYSTEM,
        "--level",
        "county",
        "--as-of",
        "2025-01-31",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no level `county`") && err.contains("state, region, district, school"),
        "{err}"
    );
    // A site record for a site the system does not have: named, not counted, status 1.
    let o = impact(&["--sites", "examples/data/site_record.json"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("site_record.json: $.site: site `lincoln-elementary`"),
        "{err}"
    );
    // Administrations without their instrument.
    let o = impact(&[
        "--administrations",
        "examples/data/dca_administrations.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // An assessment interval longer than the calendar reaches back to its first day.
    let o = impact(&[
        "--events",
        "examples/data/state_events.jsonl",
        "--assessment-days",
        "4294967295",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A date that is not one.
    let o = implsci(&[
        "impact",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-02-30",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

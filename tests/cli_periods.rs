//! The command line over time: `--as-of`, `--by`, `--school-year-start` and `--max-age` on
//! `rollup`, `coaching --rollup` and `score`, and the mistakes they refuse.

mod run;

use run::{implsci, stdout};

const SYSTEM: &str = "examples/data/pbis/system.json";
const TFI: &str = "examples/data/pbis/tfi_tier1.json";

fn rollup(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["rollup", SYSTEM, TFI, "--instrument", "tfi-2.1-tier-1"];
    args.extend(extra);
    implsci(&args)
}

/// The distinct values of a CSV column, in order of first appearance.
fn column(csv: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let i = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    let mut seen: Vec<String> = Vec::new();
    for record in reader.records() {
        let value = record.unwrap()[i].to_string();
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen
}

#[test]
fn periods_follow_the_calendar_asked_for() {
    let quarters = stdout(&rollup(&["--by", "quarter", "--format", "csv"]));
    let labels = column(&quarters, "period");
    assert_eq!(labels.first().map(String::as_str), Some("2023-Q1"));
    assert_eq!(labels.last().map(String::as_str), Some("2025-Q2"));
    assert_eq!(
        labels.len(),
        10,
        "every quarter from the first score to the last: {labels:?}"
    );
    // School years that start on 1 August: a score of 2024-07-15 would fall in 2023-24.
    let august = stdout(&rollup(&[
        "--by",
        "school-year",
        "--school-year-start",
        "08-01",
        "--format",
        "csv",
    ]));
    assert_eq!(column(&august, "period_start")[0], "2022-08-01");
}

#[test]
fn a_maximum_age_in_days_counts_an_older_score_and_reports_the_rest_stale() {
    let csv = stdout(&rollup(&[
        "--aggregate",
        "share-meeting-criterion",
        "--as-of",
        "2025-06-30",
        "--max-age",
        "400",
        "--format",
        "csv",
    ]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let state = reader.records().next().unwrap().unwrap();
    let get = |name: &str| state[header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(get("unit"), "state");
    assert_eq!(get("as_of"), "2025-06-30");
    // Scored within 400 days of 30 June 2025: every school but Birch Valley Middle (last
    // scored in April 2023, stale).
    assert_eq!(
        (get("scored"), get("stale"), get("subjects")),
        ("11".into(), "1".into(), "12".into())
    );
}

#[test]
fn the_mistakes_are_refused_with_a_reason() {
    let o = rollup(&["--max-age", "period"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs periods"));
    let o = rollup(&["--subject-level", "county"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no level `county`"));
    let o = rollup(&["--by", "month", "--as-of", "2199-01-01"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("more than the 1000"));
    let o = rollup(&["--by", "fortnight"]);
    assert_eq!(o.status.code(), Some(2));
    let o = rollup(&["--by", "school-year", "--school-year-start", "02-29"]);
    assert_eq!(o.status.code(), Some(2));
    let o = implsci(&[
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--by",
        "month",
    ]);
    assert_eq!(o.status.code(), Some(2), "--by needs --rollup");
}

#[test]
fn score_as_of_leaves_later_administrations_out_and_says_how_many() {
    let o = implsci(&[
        "score",
        "tfi-2.1-tier-1",
        TFI,
        "--as-of",
        "2023-12-31",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let dates = column(&stdout(&o), "date");
    assert!(
        dates.iter().all(|d| d.as_str() <= "2023-12-31"),
        "{dates:?}"
    );
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("22 administrations dated after 2023-12-31 are not counted")
    );
}

#[test]
fn coaching_rolls_up_by_school_year() {
    let o = implsci(&[
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--rollup",
        "--by",
        "school-year",
        "--format",
        "csv",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let csv = stdout(&o);
    assert_eq!(column(&csv, "period"), ["2023-24", "2024-25"]);
    // The 2023-24 rows are looked at on that school year's last day.
    assert!(column(&csv, "as_of").contains(&"2024-06-30".to_string()));
    let table = stdout(&implsci(&[
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--rollup",
        "--by",
        "school-year",
    ]));
    assert!(
        table.contains("2024-25 (2024-07-01 to 2025-06-30)"),
        "{table}"
    );
}

#[test]
fn rollups_by_period_write_json_the_committed_schemas_accept() {
    let validator = |name: &str| {
        let path = format!("{}/schemas/{name}.schema.json", env!("CARGO_MANIFEST_DIR"));
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    };
    let json = |o: std::process::Output| -> serde_json::Value {
        assert_eq!(o.status.code(), Some(0));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let scores = json(rollup(&["--by", "school-year", "--format", "json"]));
    assert!(validator("Rollup").is_valid(&scores));
    assert_eq!(scores["by"], "school_year");
    assert_eq!(scores["rows"][0]["period"]["label"], "2022-23");
    assert_eq!(scores["rows"][0]["ancestors"], serde_json::json!({}));
    let coaching = json(implsci(&[
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--rollup",
        "--by",
        "quarter",
        "--format",
        "json",
    ]));
    assert!(validator("CoachingRollup").is_valid(&coaching));
}

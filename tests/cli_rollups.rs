//! Rollups on the command line: `rollup` and `coaching --rollup` per level with coverage, and
//! over time (`--as-of`, `--by`, `--school-year-start` and `--max-age`, also on `score`), with
//! the mistakes they refuse.

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

#[test]
fn rollup_prints_per_level_results_with_coverage() {
    let args = [
        "rollup",
        "examples/data/state_system.json",
        "examples/data/dca_administrations.json",
        "--instrument",
        "examples/data/dca_instrument.json",
        "--aggregate",
        "mean-weighted-by-practitioners",
    ];
    let o = implsci(&args);
    assert_eq!(o.status.code(), Some(0));
    let table = stdout(&o);
    for level in ["State", "Region", "District", "School"] {
        assert!(table.contains(level), "{level} missing:\n{table}");
    }
    // The subjects are the districts, the level scored: 3 of the 4 have a score.
    assert!(table.contains("3 of 4 scored"), "{table}");
    // Central region on 2025-04-01: Wake (93.75, 18 practitioners active of 19 listed) and
    // Durham (50, 9 practitioners).
    assert!(table.contains("79.2"), "{table}");
    assert!(table.contains("School: no eligible subjects"), "{table}");

    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let text = stdout(&implsci(&csv_args));
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "unit,name,level,parent,state,region,district,measure,period,period_start,\
             period_end,as_of,date,aggregate,value,status,scored,stale,subjects"
        )
    );
    assert_eq!(lines.count(), 17, "one row per unit");
}

/// The JSON the CLI writes validates against the committed report schemas.

#[test]
fn coaching_adds_time_to_fidelity_and_rolls_up_every_level() {
    let base = [
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--innovation",
        "examples/data/innovation.json",
        "--from",
        "2024-08-01",
        "--as-of",
        "2024-12-31",
    ];
    let csv = stdout(&implsci(&[&base[..], &["--format", "csv"]].concat()));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert_eq!(header.last(), Some(&"days_to_fidelity"));
    // Lincoln's teacher: trained 20 August, first observation at fidelity 14 October.
    let lincoln = csv.lines().find(|l| l.starts_with("lincoln-t1,")).unwrap();
    assert_eq!(lincoln.split(',').next_back(), Some("55"), "{lincoln}");

    let o = implsci(&[&base[..], &["--rollup", "--format", "csv"]].concat());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = stdout(&o);
    let mut lines = rows.lines();
    assert_eq!(
        lines.next(),
        Some(
            "unit,name,level,parent,state,region,district,measure,period,period_start,\
             period_end,as_of,date,aggregate,value,status,scored,stale,subjects"
        )
    );
    // 17 units × 6 requested rollups.
    assert_eq!(lines.count(), 17 * 6, "{rows}");
    // Wake: 2 of its 18 active practitioners observed, Lincoln's at fidelity, Roosevelt's
    // not.
    assert!(
        rows.contains(
            "wake,Wake County Schools,district,central,state,central,,latest_fidelity_percent,\
             ,,,2024-12-31,2024-12-31,share_meeting_criterion,0.5,computed,2,0,18"
        ),
        "{rows}"
    );
    // Without an innovation, only the dose and delivery rollups.
    let plain = stdout(&implsci(&[
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--rollup",
        "--format",
        "csv",
    ]));
    assert_eq!(plain.lines().count(), 1 + 17 * 3, "{plain}");
    let table = stdout(&implsci(&[&base[..], &["--rollup"]].concat()));
    assert!(table.contains("% at fidelity"), "{table}");
}

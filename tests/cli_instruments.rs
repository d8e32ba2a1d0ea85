//! `implsci instruments`, `implsci instrument NAME`, every built-in by name in `score`, and
//! `score --series`.

mod run;

use run::{implsci, stdout};

mod common;

use std::path::PathBuf;
use std::process::Output;

use implsci::score::instruments::BUILTINS;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch directory of this test run.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("implsci-instruments-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An administrations document of `instrument`: each subject on each date, every item rated
/// `value`.
fn administrations(
    instrument: &serde_json::Value,
    subjects: &[(&str, &[&str])],
    value: f64,
) -> serde_json::Value {
    let def = &instrument["instrument"];
    let responses: Vec<serde_json::Value> = def["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| serde_json::json!({"item": item["id"], "value": value}))
        .collect();
    let mut list = Vec::new();
    for (subject, dates) in subjects {
        for date in *dates {
            list.push(serde_json::json!({
                "instrument": def["id"],
                "date": date,
                "subject": {"unit": subject},
                "responses": responses,
            }));
        }
    }
    serde_json::json!({
        "kind": "administrations",
        "schema_version": "1.0.0",
        "administrations": list,
    })
}

#[test]
fn instruments_lists_every_built_in_and_the_shapes() {
    let o = implsci(&["instruments"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = stdout(&o);
    for b in BUILTINS {
        let line = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(b.name))
            .unwrap_or_else(|| panic!("{} is not listed:\n{table}", b.name));
        assert!(line.contains(b.title) && line.contains(b.version), "{line}");
    }
    for s in implsci::score::instruments::SHAPES {
        assert!(table.contains(s.name) && table.contains(s.usage), "{table}");
    }
}

#[test]
fn every_built_in_prints_validates_and_scores_its_own_items() {
    let dir = scratch("all");
    for b in BUILTINS {
        let o = implsci(&["instrument", b.name]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", b.name, stderr(&o));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(doc["instrument"]["id"], b.name);
        let path = dir.join(format!("{}.json", b.name));
        std::fs::write(&path, &o.stdout).unwrap();
        let v = implsci(&["validate", path.to_str().unwrap()]);
        assert_eq!(v.status.code(), Some(0), "{}: {}", b.name, stdout(&v));

        let max = doc["instrument"]["scale"]["max"].as_f64().unwrap();
        let admins = administrations(&doc, &[("lincoln-es", &["2025-10-01"])], max);
        let admins_path = dir.join(format!("{}-administrations.json", b.name));
        std::fs::write(&admins_path, admins.to_string()).unwrap();
        let s = implsci(&["score", b.name, admins_path.to_str().unwrap()]);
        assert_eq!(s.status.code(), Some(0), "{}: {}", b.name, stderr(&s));
        assert!(stdout(&s).contains("lincoln-es"), "{}", stdout(&s));
        assert!(!stdout(&s).contains("not computable"), "{}", stdout(&s));
        // The administrations validate against the built-in they name, too.
        let v = implsci(&["validate", admins_path.to_str().unwrap()]);
        assert_eq!(v.status.code(), Some(0), "{}: {}", b.name, stdout(&v));
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_unknown_name_exits_2_listing_the_names() {
    for args in [
        &["instrument", "tfi-4.0-tier-1"][..],
        &[
            "score",
            "tfi-4.0-tier-1",
            "examples/data/hexagon_administrations.json",
        ][..],
    ] {
        let o = implsci(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        for b in BUILTINS {
            assert!(stderr(&o).contains(b.name), "{args:?}: {}", stderr(&o));
        }
    }
    // A shape is named as such, with how to use it.
    let o = implsci(&["instrument", "capacity-assessment"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("capacity_assessment"), "{}", stderr(&o));
}

#[test]
fn score_series_gives_each_school_its_own_series_and_sustained_date() {
    let dir = scratch("series");
    let doc: serde_json::Value =
        serde_json::from_slice(&implsci(&["instrument", "tfi-3.0-tier-1"]).stdout).unwrap();
    // Adams meets criterion three times; Lincoln once.
    let admins = administrations(
        &doc,
        &[
            ("adams", &["2024-09-15", "2024-12-01", "2025-03-01"]),
            ("lincoln", &["2024-10-01"]),
        ],
        4.0,
    );
    let path = dir.join("administrations.json");
    std::fs::write(&path, admins.to_string()).unwrap();
    let path = path.to_str().unwrap();

    let o = implsci(&["score", "tfi-3.0-tier-1", path, "--series"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(
        table.contains("unit `adams`: sustained on 2025-03-01"),
        "{table}"
    );
    assert!(table.contains("unit `lincoln`: not sustained"), "{table}");

    let o = implsci(&[
        "score",
        "tfi-3.0-tier-1",
        path,
        "--series",
        "--format",
        "csv",
    ]);
    let csv = stdout(&o);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(
        rows[3].starts_with("tfi-3.0-tier-1,unit,adams,2025-03-01,100,80,true,0,3,3,2025-03-01"),
        "{csv}"
    );
    assert!(rows[4].ends_with(",1,3,"), "{csv}");

    let o = implsci(&[
        "score",
        "tfi-3.0-tier-1",
        path,
        "--series",
        "--format",
        "json",
    ]);
    let series: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = series.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["sustained_on"], "2025-03-01");
    assert_eq!(list[1]["sustained_on"], serde_json::Value::Null);
    // Each element is a `TimeSeries`, as its committed schema says.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::schemas_dir().join("TimeSeries.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for s in list {
        assert!(validator.is_valid(s), "{s}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

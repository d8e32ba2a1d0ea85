//! `implsci plot stages` and `implsci plot capacity`: charts written as SVG files from the
//! example data, the same bytes twice, and the inputs that cannot make a chart refused.

mod run;

use run::{implsci, stdout};

fn out_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("implsci-cli-plot-stages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir.join(name)
}

fn ok(o: &std::process::Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(o).starts_with("wrote "));
}

fn count(doc: &roxmltree::Document<'_>, class: &str) -> usize {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .count()
}

fn stages_args<'a>(source: &[&'a str], out: &'a str) -> Vec<&'a str> {
    let mut args = vec![
        "plot",
        "stages",
        "examples/data/state_system.json",
        "--level",
        "district",
        "--count-level",
        "school",
        "--innovation",
        "check-in-check-out",
    ];
    args.extend_from_slice(source);
    args.extend_from_slice(&[
        "--from",
        "2023-07-01",
        "--to",
        "2025-06-30",
        "--period",
        "quarter",
        "-o",
        out,
    ]);
    args
}

#[test]
fn stages_from_the_example_log_one_panel_per_district() {
    let out = out_path("stages.svg");
    let out_str = out.to_str().expect("a UTF-8 path");
    let args = stages_args(&["--events", "examples/data/state_events.jsonl"], out_str);
    let o = implsci(&args);
    ok(&o);
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(count(&doc, "panel"), 4);
    // Lincoln Elementary moved back to Installation in 2024-Q4.
    assert!(doc.descendants().any(|n| {
        n.attribute("data-group") == Some("wake")
            && n.attribute("data-period") == Some("2024-Q4")
            && n.attribute("data-segment") == Some("installation")
            && n.attribute("data-value") == Some("1")
    }));
    // Every district's bars hold all its schools: 9 schools in 8 quarters.
    let total: f64 = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("segment"))
        .filter_map(|n| n.attribute("data-value")?.parse::<f64>().ok())
        .sum();
    assert!((total - 9.0 * 8.0).abs() < 1e-9, "{total}");
    let again = implsci(&args);
    ok(&again);
    assert_eq!(std::fs::read_to_string(&out).expect("the chart"), svg);
}

#[test]
fn stages_from_site_records_and_what_is_refused() {
    let out = out_path("sites.svg");
    let out_str = out.to_str().expect("a UTF-8 path");
    // The example site record's site is not a unit of the system: drawn, and said.
    let o = implsci(&stages_args(
        &["--sites", "examples/data/site_record.json"],
        out_str,
    ));
    ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("lincoln-elementary"), "{err}");
    // Site records with no history of the innovation: refused, not drawn empty.
    let o = implsci(&stages_args(
        &["--sites", "examples/data/sites/wake.json"],
        out_str,
    ));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no stage history of innovation `check-in-check-out`"),
        "{err}"
    );
    // Neither --sites nor --events.
    let mut args = stages_args(&[], out_str);
    args.retain(|a| *a != "--count-level" && *a != "school");
    let o = implsci(&args);
    assert_eq!(o.status.code(), Some(2));
    // A level the system lacks.
    let mut args = stages_args(&["--events", "examples/data/state_events.jsonl"], out_str);
    args[4] = "county";
    let o = implsci(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no level `county`"));
}

fn capacity_args<'a>(extra: &[&'a str], out: &'a str) -> Vec<&'a str> {
    let mut args = vec![
        "plot",
        "capacity",
        "examples/data/dca_instrument.json",
        "examples/data/dca_administrations.json",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["-o", out]);
    args
}

#[test]
fn capacity_from_the_example_dca_one_row_per_district() {
    let out = out_path("capacity.svg");
    let out_str = out.to_str().expect("a UTF-8 path");
    let args = capacity_args(
        &[
            "--system",
            "examples/data/state_system.json",
            "--level",
            "district",
        ],
        out_str,
    );
    let o = implsci(&args);
    ok(&o);
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(count(&doc, "row"), 4);
    // Four columns (three subscales and the total) per district; Brunswick's data subscale
    // and total are not computable: "no data", never 0.
    assert_eq!(count(&doc, "cell") + count(&doc, "no-data"), 16);
    assert!(doc.descendants().any(|n| {
        n.attribute("class") == Some("no-data") && n.attribute("data-unit") == Some("brunswick")
    }));
    // Every outlined cell is at or above 80%.
    for m in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("meets"))
    {
        let cell = doc
            .descendants()
            .find(|n| {
                n.attribute("class") == Some("cell")
                    && n.attribute("data-unit") == m.attribute("data-unit")
                    && n.attribute("data-column") == m.attribute("data-column")
            })
            .expect("the outlined cell");
        let v: f64 = cell
            .attribute("data-value")
            .and_then(|v| v.parse().ok())
            .expect("a value");
        assert!(v >= 80.0, "{v}");
    }
    assert!(count(&doc, "meets") > 0);
    let again = implsci(&args);
    ok(&again);
    assert_eq!(std::fs::read_to_string(&out).expect("the chart"), svg);
}

#[test]
fn capacity_without_a_system_groups_past_the_cap_and_refuses_what_cannot_be_drawn() {
    let out = out_path("capacity-subjects.svg");
    let out_str = out.to_str().expect("a UTF-8 path");
    let o = implsci(&capacity_args(&["--max-rows", "2"], out_str));
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("grouped by all units together"));
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(count(&doc, "row"), 1);
    // A level the system lacks.
    let o = implsci(&capacity_args(
        &[
            "--system",
            "examples/data/state_system.json",
            "--level",
            "county",
        ],
        out_str,
    ));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no level `county`"));
    // A level the administrations are not about: refused rather than drawn as "no data".
    let o = implsci(&capacity_args(
        &[
            "--system",
            "examples/data/state_system.json",
            "--level",
            "school",
        ],
        out_str,
    ));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("level `school`"));
    // --system needs --level.
    let o = implsci(&capacity_args(
        &["--system", "examples/data/state_system.json"],
        out_str,
    ));
    assert_eq!(o.status.code(), Some(2));
}

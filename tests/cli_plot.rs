//! `implsci plot`: charts written as SVG files from the example data.

mod run;

use run::{implsci, stdout};

const DATA: &str = "examples/data/pbis";

fn out_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("implsci-cli-plot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir.join(name)
}

#[test]
fn tiers_writes_one_bar_per_district_with_a_score() {
    let out = out_path("tiers.svg");
    let o = implsci(&[
        "plot",
        "tiers",
        &format!("{DATA}/system.json"),
        "--level",
        "district",
        "--tier1",
        &format!("{DATA}/tfi_tier1.json"),
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o).starts_with("wrote "));
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let bars = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar"))
        .count();
    assert!(bars > 1, "{bars} bars");
    assert!(svg.contains(r#"class="criterion" data-value="70""#));
    // The same input gives the same bytes.
    let again = implsci(&[
        "plot",
        "tiers",
        &format!("{DATA}/system.json"),
        "--level",
        "district",
        "--tier1",
        &format!("{DATA}/tfi_tier1.json"),
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out).expect("the chart"), svg);
}

#[test]
fn run_chart_draws_a_schools_scores_with_the_instruments_criterion() {
    let out = out_path("run.svg");
    let o = implsci(&[
        "plot",
        "run-chart",
        "tfi-2.1-tier-1",
        &format!("{DATA}/tfi_tier1.json"),
        "--unit",
        "orchard-es",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let points = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("point"))
        .count();
    assert_eq!(points, 4);
    assert!(svg.contains(r#"class="criterion" data-value="70""#));
}

#[test]
fn tiers_without_administrations_is_a_usage_error() {
    let out = out_path("none.svg");
    let o = implsci(&[
        "plot",
        "tiers",
        &format!("{DATA}/system.json"),
        "--level",
        "district",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--tier1"));
}

#[test]
fn a_unit_or_level_the_data_lacks_is_refused_not_drawn_empty() {
    let out = out_path("missing.svg");
    let o = implsci(&[
        "plot",
        "run-chart",
        "tfi-2.1-tier-1",
        &format!("{DATA}/tfi_tier1.json"),
        "--unit",
        "ashford-elm",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no administration has unit `ashford-elm`"),
        "{err}"
    );
    assert!(err.contains("its units are ashford-ms, "), "{err}");
    let o = implsci(&[
        "plot",
        "tiers",
        &format!("{DATA}/system.json"),
        "--level",
        "county",
        "--tier1",
        &format!("{DATA}/tfi_tier1.json"),
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no level `county`; its levels are state, region"),
        "{err}"
    );
}

#[test]
fn run_chart_names_the_unit_from_its_system_and_spaces_points_by_date() {
    // Ashford's three administrations, the middle one moved to 30 days after the first.
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{DATA}/tfi_tier1.json")).expect("the administrations"),
    )
    .expect("JSON");
    let list = doc["administrations"].as_array_mut().expect("a list");
    list.retain(|a| a["subject"]["unit"] == "ashford-ms");
    assert_eq!(list.len(), 3);
    list.sort_by_key(|a| a["date"].as_str().unwrap_or_default().to_string());
    assert_eq!(list[0]["date"], "2023-03-22");
    list[1]["date"] = "2023-04-21".into();
    let administrations = out_path("ashford.json");
    std::fs::write(&administrations, doc.to_string()).expect("written");
    let out = out_path("ashford-calendar.svg");
    let run = |spacing: &str, system: &str| {
        implsci(&[
            "plot",
            "run-chart",
            "tfi-2.1-tier-1",
            administrations.to_str().expect("a UTF-8 path"),
            "--unit",
            "ashford-ms",
            "--system",
            &format!("{DATA}/{system}"),
            "--spacing",
            spacing,
            "-o",
            out.to_str().expect("a UTF-8 path"),
        ])
    };
    let gaps = |svg: &str| {
        let doc = roxmltree::Document::parse(svg).expect("well-formed XML");
        let x: Vec<f64> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("point"))
            .map(|n| n.attribute("cx").and_then(|v| v.parse().ok()).expect("cx"))
            .collect();
        assert_eq!(x.len(), 3);
        (x[1] - x[0], x[2] - x[1])
    };
    let o = run("calendar", "system.json");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let svg = std::fs::read_to_string(&out).expect("the chart");
    assert!(svg.contains(">PBIS Tiered Fidelity Inventory 2.1, Tier 1 at Ashford Middle</text>"));
    // 30 days, then 698 (2023-04-21 to 2025-03-19): the gaps keep that ratio.
    let (a, b) = gaps(&svg);
    assert!((b / a - 698.0 / 30.0).abs() < 0.05, "{a} {b}");
    // Evenly spaced, the two gaps are equal.
    assert_eq!(run("even", "system.json").status.code(), Some(0));
    let (a, b) = gaps(&std::fs::read_to_string(&out).expect("the chart"));
    assert!((a - b).abs() < 0.02, "{a} {b}");

    // A system without the unit is refused, naming the unit.
    let o = run("even", "../state_system.json");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the system has no unit `ashford-ms`"));
}

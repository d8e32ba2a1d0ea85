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

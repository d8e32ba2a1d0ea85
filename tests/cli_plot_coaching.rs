//! `implsci plot coaching` and `implsci plot hierarchy`: charts written as SVG files from the
//! example state, checked as XML for their marks, the same bytes for the same input, and the
//! usage errors.

mod run;

use run::{implsci, stdout};

const SYSTEM: &str = "examples/data/state_system.json";
const EVENTS: &str = "examples/data/state_events.jsonl";

fn out_path(name: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("implsci-cli-plot-coaching-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir.join(name)
}

fn classed<'a>(doc: &'a roxmltree::Document<'a>, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .collect()
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

#[test]
fn coaching_draws_each_district_and_each_coach() {
    let out = out_path("coaching.svg");
    let args = [
        "plot",
        "coaching",
        SYSTEM,
        "--events",
        EVENTS,
        "--level",
        "district",
        "--as-of",
        "2024-11-30",
        "--sites",
        "examples/data/sites/buncombe.json",
        "examples/data/sites/lincoln-es.json",
        "examples/data/sites/wake.json",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ];
    let o = implsci(&args);
    ok(&o);
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    // One row per district: a bar where a plan is, "no plan" where none is.
    let planned: Vec<&str> = classed(&doc, "planned")
        .iter()
        .filter_map(|n| n.attribute("data-unit"))
        .collect();
    let no_plan: Vec<&str> = classed(&doc, "no-data")
        .iter()
        .filter_map(|n| n.attribute("data-unit"))
        .collect();
    assert_eq!(planned, ["wake", "buncombe"]);
    assert_eq!(no_plan, ["durham", "brunswick"]);
    // One load bar per coach; coach-wake-1 over capacity.
    let over: Vec<(&str, &str)> = classed(&doc, "load")
        .iter()
        .map(|n| {
            (
                n.attribute("data-coach").unwrap_or(""),
                n.attribute("data-over").unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        over,
        [
            ("coach-wake-1", "true"),
            ("coach-durham-1", "false"),
            ("coach-buncombe-1", "false")
        ]
    );
    assert!(
        svg.contains(" to 2024-11-30</text>"),
        "the window in the subtitle"
    );
    // The same input gives the same bytes.
    ok(&implsci(&args));
    assert_eq!(std::fs::read_to_string(&out).expect("the chart"), svg);
}

#[test]
fn coaching_past_the_coach_cap_draws_districts() {
    let out = out_path("coaching-grouped.svg");
    let o = implsci(&[
        "plot",
        "coaching",
        SYSTEM,
        "--events",
        EVENTS,
        "--level",
        "district",
        "--max-coaches",
        "1",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    ok(&o);
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let units: Vec<&str> = classed(&doc, "load")
        .iter()
        .filter_map(|n| n.attribute("data-unit"))
        .collect();
    assert_eq!(units, ["wake", "durham", "buncombe"]);
    assert_eq!(classed(&doc, "over-badge").len(), 1);
}

#[test]
fn coaching_refuses_a_level_the_system_lacks() {
    let out = out_path("coaching-county.svg");
    let o = implsci(&[
        "plot",
        "coaching",
        SYSTEM,
        "--events",
        EVENTS,
        "--level",
        "county",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no level `county`; its levels are state, region"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn hierarchy_draws_every_unit_and_marks_the_breaks() {
    let out = out_path("hierarchy.svg");
    let args = [
        "plot",
        "hierarchy",
        SYSTEM,
        "--as-of",
        "2025-01-15",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ];
    let o = implsci(&args);
    ok(&o);
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(classed(&doc, "unit").len(), 17);
    let broken: Vec<&str> = classed(&doc, "break-symbol")
        .iter()
        .filter_map(|n| n.attribute("data-unit"))
        .collect();
    assert_eq!(broken.len(), 3);
    for unit in ["brunswick", "parkwood-es", "roosevelt-es"] {
        assert!(broken.contains(&unit), "{unit}");
    }
    assert!(svg.contains("as of 2025-01-15"));
    ok(&implsci(&args));
    assert_eq!(std::fs::read_to_string(&out).expect("the chart"), svg);
}

#[test]
fn hierarchy_of_a_subtree_and_with_a_cap() {
    let out = out_path("hierarchy-wake.svg");
    let o = implsci(&[
        "plot",
        "hierarchy",
        SYSTEM,
        "--root",
        "wake",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    ok(&o);
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(classed(&doc, "unit").len(), 4);

    let o = implsci(&[
        "plot",
        "hierarchy",
        SYSTEM,
        "--max-nodes",
        "4",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    ok(&o);
    let svg = std::fs::read_to_string(&out).expect("the chart");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
    assert_eq!(classed(&doc, "unit").len(), 4); // the state and its 3 regions
    let held: u32 = classed(&doc, "summary")
        .iter()
        .filter_map(|n| n.attribute("data-units")?.parse::<u32>().ok())
        .sum();
    assert_eq!(held, 13); // 4 districts and 9 schools, none dropped
}

#[test]
fn hierarchy_refuses_an_unknown_root() {
    let out = out_path("hierarchy-atlantis.svg");
    let o = implsci(&[
        "plot",
        "hierarchy",
        SYSTEM,
        "--root",
        "atlantis",
        "-o",
        out.to_str().expect("a UTF-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no unit has the id `atlantis`"));
    assert!(!out.exists());
}

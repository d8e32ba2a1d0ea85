//! The hierarchy chart drawn and checked: one box per unit with its category in
//! `data-category`, the example state's broken links marked, wrapped rows inside the page,
//! the levels past the cap folded into summaries that count every unit, well-formed XML, a
//! resvg render of the declared size that is not blank, and the same bytes twice.

#![allow(
    clippy::float_cmp,
    clippy::cast_precision_loss,
    reason = "counts and values written with at most two decimals read back exactly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use implsci::plot::Svg;
use implsci::plot::hierarchy::{Category, DEFAULT_MAX_NODES, HierarchyChart};
use implsci::system::generate::{Shape, generate};
use implsci::system::{AlignmentParams, AlignmentReport, System};

#[path = "svg_check/mod.rs"]
mod svg_check;

use svg_check::{Result, marks, renders};

fn num(node: roxmltree::Node<'_, '_>, attr: &str) -> f64 {
    node.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attr} on {node:?}"))
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.attribute(name).unwrap_or("")
}

/// The box (`rect class="box"`) of a unit or summary group: x, y, width, height.
fn rect(group: roxmltree::Node<'_, '_>) -> (f64, f64, f64, f64) {
    let b = group
        .children()
        .find(|n| n.attribute("class") == Some("box"))
        .expect("a box");
    (num(b, "x"), num(b, "y"), num(b, "width"), num(b, "height"))
}

fn example() -> Result<(System, AlignmentReport)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/state_system.json");
    let system = System::from_json(&std::fs::read_to_string(path)?)?;
    let report = system.alignment(&AlignmentParams::default());
    Ok((system, report))
}

/// Every box inside the page, and no two boxes overlapping.
fn inside_and_apart(doc: &roxmltree::Document<'_>, svg: &Svg) {
    let boxes: Vec<(f64, f64, f64, f64)> = marks(doc, "unit")
        .into_iter()
        .chain(marks(doc, "summary"))
        .map(rect)
        .collect();
    for &(x, y, w, h) in &boxes {
        assert!(x >= 0.0 && x + w <= f64::from(svg.width()), "x {x} w {w}");
        assert!(y >= 0.0 && y + h <= f64::from(svg.height()), "y {y} h {h}");
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn one_box_per_unit_of_the_example_state_with_its_category() -> Result {
    let (system, report) = example()?;
    let chart = HierarchyChart::new("Example State <draft> & co");
    let svg = chart.draw(&system, &report)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let units = marks(&doc, "unit");
    let drawn: BTreeMap<&str, &str> = units
        .iter()
        .map(|u| (attr(*u, "data-unit"), attr(*u, "data-category")))
        .collect();
    assert_eq!(units.len(), system.document().units.len());
    for unit in &report.units {
        assert_eq!(
            drawn.get(unit.unit.as_str()),
            Some(&Category::of(unit).as_str()),
            "{}",
            unit.unit
        );
    }
    // The example's categories as `implsci align` reports them.
    let with = |category: &str| -> BTreeSet<&str> {
        drawn
            .iter()
            .filter(|(_, c)| **c == category)
            .map(|(u, _)| *u)
            .collect()
    };
    assert_eq!(
        with("broken-here"),
        BTreeSet::from(["brunswick", "parkwood-es", "roosevelt-es"])
    );
    assert_eq!(
        with("broken-above"),
        BTreeSet::from(["leland-ms", "southport-es"])
    );
    assert_eq!(
        with("covered"),
        BTreeSet::from(["coastal", "durham", "jefferson-ms"])
    );
    assert!(with("no-chain").is_empty());
    // A team marker on each unit with a team, and only there.
    for u in &units {
        let teams = num(*u, "data-teams");
        let marker = u
            .children()
            .any(|n| n.attribute("class") == Some("team-marker"));
        assert_eq!(marker, teams > 0.0, "{}", attr(*u, "data-unit"));
    }
    assert_eq!(
        units
            .iter()
            .filter(|u| u
                .children()
                .any(|n| n.attribute("class") == Some("team-marker")))
            .count(),
        13
    );
    assert!(svg.as_str().contains("&lt;draft&gt; &amp; co"));
    assert_eq!(svg, chart.draw(&system, &report)?);
    inside_and_apart(&doc, &svg);
    renders(&svg)
}

#[test]
fn the_example_states_broken_links_are_marked() -> Result {
    let (system, report) = example()?;
    let svg = HierarchyChart::new("Example State").draw(&system, &report)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    // Each missing supports link: dashed vermillion, from the unit expected to support.
    let missing: BTreeMap<&str, &str> = marks(&doc, "link missing")
        .iter()
        .map(|l| (attr(*l, "data-unit"), attr(*l, "data-from")))
        .collect();
    assert_eq!(
        missing,
        BTreeMap::from([
            ("brunswick", "state"),
            ("parkwood-es", "central"),
            ("roosevelt-es", "wake"),
        ])
    );
    for link in marks(&doc, "link missing") {
        assert_eq!(link.attribute("stroke"), Some("#D55E00"));
        assert!(link.attribute("stroke-dasharray").is_some());
    }
    let symbols: BTreeSet<&str> = marks(&doc, "break-symbol")
        .iter()
        .map(|s| attr(*s, "data-unit"))
        .collect();
    assert_eq!(
        symbols,
        BTreeSet::from(["brunswick", "parkwood-es", "roosevelt-es"])
    );
    // Supports links into each unit whose team the team above supports; Hillside across
    // Durham, which has no team.
    let supports: BTreeMap<&str, &str> = marks(&doc, "link supports")
        .iter()
        .map(|l| (attr(*l, "data-unit"), attr(*l, "data-from")))
        .collect();
    assert_eq!(supports.get("hillside-es"), Some(&"central"));
    assert_eq!(supports.get("lincoln-es"), Some(&"wake"));
    // Southport's team is supported by Brunswick's: the link is drawn, though the chain
    // breaks above it (Brunswick's own team is not supported).
    assert_eq!(supports.get("southport-es"), Some(&"brunswick"));
    assert!(!supports.contains_key("roosevelt-es"));
    let linked = report
        .units
        .iter()
        .filter(|u| u.linked_from_ancestor == Some(true))
        .count();
    assert_eq!(supports.len(), linked);
    renders(&svg)
}

#[test]
fn a_system_without_teams_is_drawn_as_no_chain() -> Result {
    let doc = generate(&Shape::new(1, 2, 2, 1).team_probability([0.0; 4]), 3)?;
    let system = System::build(doc)?;
    let report = system.alignment(&AlignmentParams::default());
    let svg = HierarchyChart::new("No teams").draw(&system, &report)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let units = marks(&doc, "unit");
    assert_eq!(units.len(), system.document().units.len());
    assert!(
        units
            .iter()
            .all(|u| attr(*u, "data-category") == "no-chain")
    );
    assert!(marks(&doc, "team-marker").is_empty());
    renders(&svg)
}

#[test]
fn a_hundred_schools_wrap_inside_the_page_in_their_parents_order() -> Result {
    // 2 regions, 10 districts, 100 schools: 113 units, all drawn.
    let doc = generate(&Shape::new(2, 5, 10, 2), 11)?;
    let system = System::build(doc)?;
    let report = system.alignment(&AlignmentParams::default());
    let svg = HierarchyChart::new("A hundred schools").draw(&system, &report)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let units = marks(&doc, "unit");
    assert_eq!(units.len(), 113);
    assert!(marks(&doc, "summary").is_empty());
    assert_eq!(svg.width(), 800);
    // A portrait page: taller than wide, not more than about one and a half.
    assert!(
        svg.height() > 800 && svg.height() < 1300,
        "{}",
        svg.height()
    );
    inside_and_apart(&doc, &svg);
    // Schools wrap into several rows, and read in their districts' order.
    let district_order: Vec<&str> = units
        .iter()
        .filter(|u| attr(**u, "data-level") == "district")
        .map(|u| attr(*u, "data-unit"))
        .collect();
    let mut schools: Vec<(f64, f64, &str)> = units
        .iter()
        .filter(|u| attr(**u, "data-level") == "school")
        .map(|u| {
            let (x, y, _, _) = rect(*u);
            (y, x, attr(*u, "data-parent"))
        })
        .collect();
    schools.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let rows: BTreeSet<u64> = schools.iter().map(|s| s.0.to_bits()).collect();
    assert!(rows.len() >= 10, "{} rows", rows.len());
    let mut seen: Vec<&str> = schools.iter().map(|s| s.2).collect();
    seen.dedup();
    assert_eq!(seen, district_order);
    // Each run of a district's schools is framed and labelled with the district.
    assert!(marks(&doc, "group").len() >= 10);
    renders(&svg)
}

#[test]
fn a_subtree_and_a_tiny_cap() -> Result {
    let (system, report) = example()?;
    let svg = HierarchyChart::new("Wake")
        .root("wake".parse()?)
        .draw(&system, &report)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let drawn: BTreeSet<&str> = marks(&doc, "unit")
        .iter()
        .map(|u| attr(*u, "data-unit"))
        .collect();
    assert_eq!(
        drawn,
        BTreeSet::from(["jefferson-ms", "lincoln-es", "roosevelt-es", "wake"])
    );
    // The subtree's top has no connector up.
    assert!(
        !marks(&doc, "link supports")
            .iter()
            .any(|l| attr(*l, "data-unit") == "wake")
    );
    renders(&svg)?;

    let svg = HierarchyChart::new("Only the top")
        .max_nodes(0)
        .draw(&system, &report)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "unit").len(), 1);
    let summaries = marks(&doc, "summary");
    assert_eq!(summaries.len(), 1);
    assert_eq!(num(summaries[0], "data-units"), 16.0);
    assert_eq!(num(summaries[0], "data-broken"), 5.0);
    assert!(
        marks(&doc, "note")[0]
            .text()
            .is_some_and(|t| t.contains("16 units"))
    );
    renders(&svg)
}

#[test]
fn a_million_practitioner_state_is_folded_into_a_page() -> Result {
    // 10 regions × 10 districts × 50 schools × 200 practitioners.
    let doc = generate(&Shape::new(10, 10, 50, 200), 2024)?;
    assert_eq!(doc.practitioners.len(), 1_000_000);
    let system = System::build(doc)?;
    let report = system.alignment(&AlignmentParams::default());
    let svg = HierarchyChart::new("A large state").draw(&system, &report)?;
    assert!(
        svg.as_str().len() < 1_000_000,
        "{} bytes",
        svg.as_str().len()
    );
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let units = marks(&doc, "unit");
    assert_eq!(units.len(), 1 + 10 + 100);
    assert!(units.len() <= DEFAULT_MAX_NODES);
    let summaries = marks(&doc, "summary");
    assert_eq!(summaries.len(), 100);
    // Nothing dropped: the summaries hold every school, unbroken and broken as reported.
    let folded: f64 = summaries.iter().map(|s| num(*s, "data-units")).sum();
    assert_eq!(folded, 5000.0);
    let broken: f64 = summaries.iter().map(|s| num(*s, "data-broken")).sum();
    let school = report.level(&"school".parse()?).ok_or("a school level")?;
    assert_eq!(broken, school.units_broken.numerator as f64);
    assert!(
        svg.as_str()
            .contains("5000 units on the School level and below folded")
    );
    inside_and_apart(&doc, &svg);
    renders(&svg)
}

/// A system of `n` levels with one unit on each, a chain, and no team.
fn chain(n: usize) -> String {
    use std::fmt::Write as _;
    let mut json = String::from(
        r#"{"kind": "implementation_system", "schema_version": "1.0.0", "id": "deep", "name": "Deep", "levels": ["#,
    );
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(json, r#"{sep}{{"id": "l{i}", "name": "L{i}"}}"#);
    }
    json.push_str(r#"], "units": [{"id": "u0", "level": "l0"}"#);
    for i in 1..n {
        let _ = write!(
            json,
            r#",{{"id": "u{i}", "level": "l{i}", "parent": "u{}"}}"#,
            i - 1
        );
    }
    json.push_str("]}");
    json
}

#[test]
fn a_chain_of_20000_levels_is_drawn_on_a_small_stack_within_bounds() -> Result {
    let system = System::from_json(&chain(20_000))?;
    let report = system.alignment(&AlignmentParams::default());
    let svg = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || HierarchyChart::new("Deep").draw(&system, &report))?
        .join()
        .map_err(|_| "the chart is drawn on a small stack")??;
    assert!(svg.as_str().len() < 300_000, "{} bytes", svg.as_str().len());
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "unit").len(), DEFAULT_MAX_NODES);
    let summaries = marks(&doc, "summary");
    assert_eq!(summaries.len(), 1);
    assert_eq!(
        num(summaries[0], "data-units"),
        (20_000 - DEFAULT_MAX_NODES) as f64
    );
    // Two levels named, the rest added up on one line.
    let lines = summaries[0]
        .descendants()
        .filter(|n| n.attribute("class") == Some("summary-line"))
        .count();
    assert_eq!(lines, 6);
    assert!(svg.as_str().contains("Further levels: 19848"));
    Ok(())
}

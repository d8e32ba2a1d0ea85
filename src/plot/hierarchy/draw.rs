//! The hierarchy chart written out: the title and legend, each level's label, the frames of
//! wrapped rows, the connectors, the boxes, and the note on folded levels.

use super::layout::{
    self, BOX_HEIGHT, GROUP_LABEL, Kind, LEVEL_GAP, Layout, NONE, Node, SUMMARY_LINE,
};
use super::{Category, HierarchyChart};
use crate::plot::frame::{LABEL_SIZE, LegendEntry, Swatch, TICK_SIZE, fit};
use crate::plot::legend::{Hatch, legend_height, legend_rows, pattern};
use crate::plot::palette::{BLACK, BLUE, GREEN, GREY, OKABE_ITO, ORANGE, PURPLE, VERMILLION};
use crate::plot::svg::{SvgWriter, points};
use crate::plot::{Svg, estimate_text_width};
use crate::system::{AlignmentReport, Chain, System, UnitAlignment};

const MARGIN: f64 = 16.0;
/// The width of the patterned strip at a box's left.
const STRIP: f64 = 12.0;
/// Text sizes in a box.
const NAME_SIZE: f64 = 9.0;
const SMALL_SIZE: f64 = 8.0;
/// Sky blue.
const SKY: &str = OKABE_ITO[2];
/// The dash of a missing link.
const MISSING_DASH: &str = "5 3";

/// A category's colour and its pattern (`None`: solid).
fn style(c: Category) -> (&'static str, Option<Hatch>) {
    match c {
        Category::OwnTeam => (GREEN, None),
        Category::Covered => (SKY, None),
        Category::BrokenHere => (VERMILLION, Some(Hatch::Cross)),
        Category::BrokenAbove => (ORANGE, Some(Hatch::Lines)),
        _ => (PURPLE, Some(Hatch::Dots)),
    }
}

fn fill(c: Category) -> String {
    match style(c) {
        (colour, None) => colour.to_string(),
        (_, Some(_)) => format!("url(#category-{})", c.as_str()),
    }
}

/// The border's dash: dashed for a broken chain, dotted for none.
fn border_dash(c: Category) -> Option<&'static str> {
    match c {
        Category::BrokenHere | Category::BrokenAbove => Some("4 2"),
        Category::NoChain => Some("1.5 2"),
        _ => None,
    }
}

fn legend() -> Vec<LegendEntry<'static>> {
    let mut entries: Vec<LegendEntry<'static>> = Category::ALL
        .iter()
        .map(|&c| LegendEntry {
            label: c.label().to_string(),
            swatch: Swatch::Fill { fill: fill(c) },
        })
        .collect();
    entries.extend([
        LegendEntry {
            label: "has a team".to_string(),
            swatch: Swatch::Fill {
                fill: BLACK.to_string(),
            },
        },
        LegendEntry {
            label: "supported from above".to_string(),
            swatch: Swatch::Line {
                colour: BLUE,
                dash: None,
                marker: None,
            },
        },
        LegendEntry {
            label: "✕ missing link: the chain breaks".to_string(),
            swatch: Swatch::Line {
                colour: VERMILLION,
                dash: Some(MISSING_DASH),
                marker: None,
            },
        },
        LegendEntry {
            label: "unit under its parent".to_string(),
            swatch: Swatch::Line {
                colour: GREY,
                dash: None,
                marker: None,
            },
        },
    ]);
    entries
}

/// The link into a unit from above: `supports` (with the unit it comes from), `missing`, or
/// the unit tree.
fn link_of(unit: &UnitAlignment, category: Category) -> (&'static str, Option<&str>) {
    if category == Category::BrokenHere {
        let from = match &unit.chain {
            Chain::Broken {
                reason: crate::system::BreakReason::NotSupported { expected_from },
                ..
            } => Some(expected_from.as_str()),
            _ => None,
        };
        return ("missing", from);
    }
    if unit.linked_from_ancestor == Some(true) {
        return (
            "supports",
            unit.ancestor_team_unit
                .as_ref()
                .map(crate::id::UnitId::as_str),
        );
    }
    ("tree", None)
}

#[allow(clippy::too_many_lines)] // the page's parts, top to bottom
pub(super) fn draw(
    chart: &HierarchyChart,
    system: &System,
    report: &AlignmentReport,
    root: Option<usize>,
) -> Svg {
    let width = f64::from(chart.width);
    let (left, right) = (MARGIN, width - MARGIN);
    let categories: Vec<Category> = report.units.iter().map(Category::of).collect();
    let entries = legend();
    let mut top = MARGIN + 16.0;
    if chart.subtitle.is_some() {
        top += 18.0;
    }
    let legend_top = top + 10.0;
    top = legend_top + legend_height(&entries, left, right) + 4.0;
    let laid = layout::layout(
        report,
        &categories,
        root,
        chart.max_nodes,
        (left, right, top),
    );
    // Each level's name, looked up once.
    let doc_names: std::collections::HashMap<&str, &str> = system
        .document()
        .levels
        .iter()
        .map(|l| (l.id.as_str(), l.name.as_str()))
        .collect();
    let names: Vec<&str> = report
        .levels
        .iter()
        .map(|l| {
            doc_names
                .get(l.level.as_str())
                .copied()
                .unwrap_or(l.level.as_str())
        })
        .collect();
    let level_name = |l: usize| -> String {
        if l == NONE {
            "Further levels".to_string()
        } else {
            names.get(l).map_or_else(String::new, |n| (*n).to_string())
        }
    };
    let note = note(&laid, report, chart.max_nodes, &level_name);
    let height = laid.bottom + 12.0 + if note.is_some() { 18.0 } else { 0.0 } + MARGIN;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a height of rows of boxes, bounded by the cap on boxes"
    )]
    let height_px = height.ceil().clamp(200.0, f64::from(u32::MAX)) as u32;

    let mut w = SvgWriter::new(chart.width, height_px, &chart.title);
    w.open("defs", Vec::new());
    for c in Category::ALL {
        if let (colour, Some(hatch)) = style(c) {
            pattern(&mut w, &format!("category-{}", c.as_str()), colour, hatch);
        }
    }
    w.close();
    text(
        &mut w,
        "title",
        MARGIN,
        MARGIN + 16.0,
        16.0,
        &chart.title,
        true,
    );
    if let Some(sub) = &chart.subtitle {
        text(
            &mut w,
            "subtitle",
            MARGIN,
            MARGIN + 34.0,
            LABEL_SIZE,
            sub,
            false,
        );
    }
    legend_rows(&mut w, &entries, left, right, legend_top);

    w.open("g", vec![("class", "levels".into())]);
    for &(l, y) in &laid.bands {
        let name = match laid.folded_from {
            Some(f) if l >= f => "Folded below (summaries)".to_string(),
            _ => level_name(l),
        };
        text(
            &mut w,
            "level-label",
            MARGIN,
            y + 12.0,
            TICK_SIZE,
            &name,
            true,
        );
    }
    w.close();

    groups(&mut w, &laid, report);
    connectors(&mut w, &laid, report, &categories);
    w.open("g", vec![("class", "boxes".into())]);
    for node in &laid.nodes {
        match &node.kind {
            Kind::Unit(i) => unit_box(&mut w, node, &report.units[*i], categories[*i]),
            Kind::Summary(counts) => summary_box(&mut w, node, &laid, report, counts, &level_name),
        }
    }
    w.close();
    if report.units.is_empty() {
        text(
            &mut w,
            "no-data",
            MARGIN,
            top + LEVEL_GAP,
            TICK_SIZE,
            "No units.",
            false,
        );
    }
    if let Some(note) = note {
        text(
            &mut w,
            "note",
            MARGIN,
            laid.bottom + 24.0,
            TICK_SIZE,
            &note,
            false,
        );
    }
    w.finish()
}

fn note(
    laid: &Layout,
    report: &AlignmentReport,
    max_nodes: usize,
    level_name: &dyn Fn(usize) -> String,
) -> Option<String> {
    let from = laid.folded_from?;
    let summaries = laid
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, Kind::Summary(_)))
        .count();
    let _ = report;
    Some(format!(
        "{} units on the {} level and below folded into {summaries} summaries: drawing them \
         all would pass {max_nodes} boxes.",
        laid.folded,
        level_name(from)
    ))
}

fn label_of(unit: &UnitAlignment) -> &str {
    unit.name.as_deref().unwrap_or(unit.unit.as_str())
}

fn groups(w: &mut SvgWriter, laid: &Layout, report: &AlignmentReport) {
    w.open("g", vec![("class", "groups".into())]);
    for g in &laid.groups {
        let parent = laid.nodes.get(g.parent).map_or("", |n| match n.kind {
            Kind::Unit(i) => label_of(&report.units[i]),
            Kind::Summary(_) => "",
        });
        let frame_width = g.right - g.left + 8.0;
        w.empty(
            "rect",
            vec![
                ("class", "group".into()),
                ("x", (g.left - 4.0).into()),
                ("y", (g.top + 1.0).into()),
                ("width", frame_width.into()),
                ("height", (GROUP_LABEL + BOX_HEIGHT + 3.0).into()),
                ("rx", 4.0.into()),
                ("fill", "none".into()),
                ("stroke", GREY.into()),
                ("stroke-width", 0.6.into()),
            ],
        );
        w.text_element(
            "text",
            vec![
                ("class", "group-label".into()),
                ("x", g.left.into()),
                ("y", (g.top + 10.5).into()),
                ("font-size", SMALL_SIZE.into()),
                ("fill", BLACK.into()),
            ],
            &fit(&format!("under {parent}"), frame_width - 6.0, SMALL_SIZE),
        );
    }
    w.close();
}

fn connectors(w: &mut SvgWriter, laid: &Layout, report: &AlignmentReport, cats: &[Category]) {
    w.open("g", vec![("class", "links".into())]);
    for node in &laid.nodes {
        let (kind, from, unit) = match node.kind {
            Kind::Unit(i) => {
                let (kind, from) = link_of(&report.units[i], cats[i]);
                (kind, from, Some(report.units[i].unit.as_str()))
            }
            Kind::Summary(_) => ("tree", None, None),
        };
        let (colour, stroke, dash) = match kind {
            "supports" => (BLUE, 2.0, None),
            "missing" => (VERMILLION, 2.0, Some(MISSING_DASH)),
            _ => (GREY, 1.0, None),
        };
        let cx = node.x + node.width / 2.0;
        let line: Vec<(f64, f64)> = match laid.nodes.get(node.parent) {
            Some(p) if !node.wrapped && node.parent != NONE => {
                let px = p.x + p.width / 2.0;
                let mid = node.y - LEVEL_GAP / 2.0;
                vec![(px, p.y + p.height), (px, mid), (cx, mid), (cx, node.y)]
            }
            // A wrapped row: the link runs along the box's top edge.
            Some(_) if kind != "tree" => {
                vec![(node.x + STRIP, node.y), (node.x + node.width, node.y)]
            }
            _ => Vec::new(),
        };
        if line.is_empty() {
            continue;
        }
        let mut attrs = vec![("class", format!("link {kind}").into())];
        if let Some(unit) = unit {
            attrs.push(("data-unit", unit.into()));
        }
        if let Some(from) = from {
            attrs.push(("data-from", from.into()));
        }
        attrs.extend([
            ("points", points(&line).into()),
            ("fill", "none".into()),
            ("stroke", colour.into()),
            (
                "stroke-width",
                (if node.wrapped { 3.0 } else { stroke }).into(),
            ),
        ]);
        if let Some(d) = dash {
            attrs.push(("stroke-dasharray", d.into()));
        }
        w.empty("polyline", attrs);
    }
    w.close();
}

fn unit_box(w: &mut SvgWriter, node: &Node, unit: &UnitAlignment, category: Category) {
    let (colour, _) = style(category);
    w.open(
        "g",
        vec![
            ("class", "unit".into()),
            ("data-unit", unit.unit.as_str().into()),
            ("data-category", category.as_str().into()),
            ("data-level", unit.level.as_str().into()),
            (
                "data-parent",
                unit.parent.as_ref().map_or("", |p| p.as_str()).into(),
            ),
            ("data-teams", f64::from(unit.teams).into()),
        ],
    );
    let mut attrs = vec![
        ("class", "box".into()),
        ("x", node.x.into()),
        ("y", node.y.into()),
        ("width", node.width.into()),
        ("height", node.height.into()),
        ("fill", "#FFFFFF".into()),
        ("stroke", colour.into()),
        ("stroke-width", 1.5.into()),
    ];
    if let Some(d) = border_dash(category) {
        attrs.push(("stroke-dasharray", d.into()));
    }
    w.empty("rect", attrs);
    w.empty(
        "rect",
        vec![
            ("class", "strip".into()),
            ("x", node.x.into()),
            ("y", node.y.into()),
            ("width", STRIP.into()),
            ("height", node.height.into()),
            ("fill", fill(category).into()),
            ("stroke", colour.into()),
            ("stroke-width", 0.5.into()),
        ],
    );
    // Bold text runs wider than the estimate: room to spare, and the team marker's on the
    // first line.
    let first_width = (node.width - STRIP - 16.0) / 1.08;
    let second_width = (node.width - STRIP - 6.0) / 1.08;
    let (first, second) = two_lines(label_of(unit), (first_width, second_width), NAME_SIZE);
    let x = node.x + STRIP + 3.0;
    text(w, "name", x, node.y + 12.0, NAME_SIZE, &first, true);
    if let Some(second) = second {
        text(w, "name", x, node.y + 23.0, NAME_SIZE, &second, true);
    }
    let what = fit(short_label(category), node.width - STRIP - 5.0, SMALL_SIZE);
    text(w, "category", x, node.y + 36.0, SMALL_SIZE, &what, false);
    if unit.teams > 0 {
        w.empty(
            "rect",
            vec![
                ("class", "team-marker".into()),
                ("x", (node.x + node.width - 10.0).into()),
                ("y", (node.y + 3.0).into()),
                ("width", 7.0.into()),
                ("height", 7.0.into()),
                ("fill", BLACK.into()),
            ],
        );
    }
    if category == Category::BrokenHere {
        break_symbol(w, node.x + node.width / 2.0, node.y, unit.unit.as_str());
    }
    w.close();
}

/// The category as a box says it (the legend has the long form).
fn short_label(c: Category) -> &'static str {
    match c {
        Category::OwnTeam => "own team",
        Category::Covered => "covered",
        Category::BrokenHere => "breaks here",
        Category::BrokenAbove => "broken above",
        _ => "no chain",
    }
}

/// `name` on one line, or broken at a space into two, each fitted to its width.
fn two_lines(name: &str, (first, second): (f64, f64), size: f64) -> (String, Option<String>) {
    if estimate_text_width(name, size) <= first {
        return (name.to_string(), None);
    }
    // The last space at which the first part fits; a name without one is cut.
    let mut split = None;
    for (at, c) in name.char_indices() {
        if c == ' ' {
            if estimate_text_width(&name[..at], size) <= first {
                split = Some(at);
            } else {
                break;
            }
        }
    }
    match split {
        Some(at) => (
            name[..at].to_string(),
            Some(fit(name[at + 1..].trim_start(), second, size)),
        ),
        None => (fit(name, first, size), None),
    }
}

/// ✕ in a white circle, drawn as lines (no font needed), centred on `(x, y)`.
fn break_symbol(w: &mut SvgWriter, x: f64, y: f64, unit: &str) {
    w.open(
        "g",
        vec![("class", "break-symbol".into()), ("data-unit", unit.into())],
    );
    w.empty(
        "circle",
        vec![
            ("cx", x.into()),
            ("cy", y.into()),
            ("r", 6.5.into()),
            ("fill", "#FFFFFF".into()),
            ("stroke", VERMILLION.into()),
            ("stroke-width", 1.5.into()),
        ],
    );
    for (dx1, dy1, dx2, dy2) in [(-3.5, -3.5, 3.5, 3.5), (-3.5, 3.5, 3.5, -3.5)] {
        w.empty(
            "line",
            vec![
                ("x1", (x + dx1).into()),
                ("y1", (y + dy1).into()),
                ("x2", (x + dx2).into()),
                ("y2", (y + dy2).into()),
                ("stroke", VERMILLION.into()),
                ("stroke-width", 2.0.into()),
            ],
        );
    }
    w.close();
}

fn summary_box(
    w: &mut SvgWriter,
    node: &Node,
    laid: &Layout,
    report: &AlignmentReport,
    counts: &[(usize, u64, u64, u64)],
    level_name: &dyn Fn(usize) -> String,
) {
    let parent = laid.nodes.get(node.parent).and_then(|n| match n.kind {
        Kind::Unit(i) => Some(&report.units[i]),
        Kind::Summary(_) => None,
    });
    let units: u64 = counts.iter().map(|c| c.1).sum();
    let unbroken: u64 = counts.iter().map(|c| c.2).sum();
    w.open(
        "g",
        vec![
            ("class", "summary".into()),
            ("data-parent", parent.map_or("", |p| p.unit.as_str()).into()),
            ("data-units", fmt_count(units).into()),
            ("data-unbroken", fmt_count(unbroken).into()),
            ("data-broken", fmt_count(units - unbroken).into()),
        ],
    );
    w.empty(
        "rect",
        vec![
            ("class", "box".into()),
            ("x", node.x.into()),
            ("y", node.y.into()),
            ("width", node.width.into()),
            ("height", node.height.into()),
            ("fill", "#F4F4F4".into()),
            ("stroke", GREY.into()),
            ("stroke-width", 1.0.into()),
        ],
    );
    let room = node.width - 8.0;
    let head = format!("under {}", parent.map_or("", label_of));
    text(
        w,
        "summary-head",
        node.x + 4.0,
        node.y + 11.0,
        SMALL_SIZE,
        &fit(&head, room, SMALL_SIZE),
        true,
    );
    let mut y = node.y + 11.0;
    for &(level, n, ok, broken) in counts {
        let lines = [
            format!("{}: {}", level_name(level), fmt_count(n)),
            format!("{} unbroken, {} broken", fmt_count(ok), fmt_count(broken)),
        ];
        for line in lines {
            y += SUMMARY_LINE;
            text(
                w,
                "summary-line",
                node.x + 4.0,
                y,
                SMALL_SIZE,
                &fit(&line, room, SMALL_SIZE),
                false,
            );
        }
    }
    w.close();
}

fn fmt_count(n: u64) -> String {
    n.to_string()
}

fn text(w: &mut SvgWriter, class: &str, x: f64, y: f64, size: f64, s: &str, bold: bool) {
    let mut attrs = vec![
        ("class", class.into()),
        ("x", x.into()),
        ("y", y.into()),
        ("font-size", size.into()),
    ];
    if bold {
        attrs.push(("font-weight", "bold".into()));
    }
    attrs.push(("fill", BLACK.into()));
    w.text_element("text", attrs, s);
}

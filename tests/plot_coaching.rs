//! The coaching chart drawn and checked: one delivery bar per district of the example state,
//! with the planned outline and the delivered fill as wide as the axis's scale says; "no
//! plan" where a district has none; over-capacity coaches marked in colour, pattern and text;
//! coaches drawn per district past the cap; a generated state of a million practitioners drawn
//! within bounds; well-formed XML, a resvg render of the declared size that is not blank, and
//! the same bytes twice.

#![allow(
    clippy::float_cmp,
    clippy::cast_precision_loss,
    reason = "counts and values written with at most two decimals read back exactly"
)]

use std::collections::BTreeMap;
use std::path::Path;

use implsci::Document;
use implsci::SiteRecord;
use implsci::coaching::measures::{Window, coaching_report};
use implsci::coaching::{CoachingFormat, CoachingPlan, CoachingStep, CycleStep};
use implsci::event::{Event, parse_log};
use implsci::plot::coaching::{
    CoachingChart, CoachingData, DEFAULT_MAX_COACHES, DeliveryRow, LoadGrouping, LoadRow,
    coaching_data,
};
use implsci::system::generate::{Shape, generate};
use implsci::system::{AlignmentParams, System, When};

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

/// The pixels per unit of the `n`th x axis (0: delivery, 1: loads), and where 0 is, from its
/// first and last tick labels.
fn scale(doc: &roxmltree::Document<'_>, n: usize) -> (f64, f64) {
    let axis = marks(doc, "axis x")[n];
    let ticks: Vec<(f64, f64)> = axis
        .children()
        .filter(|t| t.attribute("class") == Some("tick"))
        .map(|t| {
            (
                num(t, "x"),
                t.text().and_then(|v| v.parse().ok()).expect("a number"),
            )
        })
        .collect();
    let (first, last) = (ticks[0], ticks[ticks.len() - 1]);
    assert_eq!(first.1, 0.0, "the axis starts at 0");
    ((last.0 - first.0) / (last.1 - first.1), first.0)
}

fn example() -> Result<(System, Vec<Event>, Vec<SiteRecord>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let system = System::from_json(&std::fs::read_to_string(dir.join("state_system.json"))?)?;
    let log = parse_log(&std::fs::read(dir.join("state_events.jsonl"))?);
    let events = log.records.into_iter().map(|r| r.value).collect();
    let mut sites = Vec::new();
    for name in ["buncombe", "lincoln-es", "wake"] {
        let text = std::fs::read_to_string(dir.join(format!("sites/{name}.json")))?;
        sites.push(SiteRecord::from_json(&text)?);
    }
    Ok((system, events, sites))
}

fn example_data(max_coaches: usize) -> Result<CoachingData> {
    let (system, events, sites) = example()?;
    let as_of = "2024-11-30".parse()?;
    let window = Window::new("2024-09-01".parse()?, as_of).ok_or("a window")?;
    let report = coaching_report(&events, window, as_of);
    let alignment =
        system.alignment_with(&AlignmentParams::default().when(When::On(as_of)), &sites);
    coaching_data(
        &system,
        &report,
        &alignment,
        &"district".parse()?,
        max_coaches,
    )
    .ok_or_else(|| "the district level".into())
}

#[test]
fn one_delivery_bar_per_district_as_wide_as_the_scale_says() -> Result {
    let data = example_data(DEFAULT_MAX_COACHES)?;
    let ids: Vec<&str> = data.delivery.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["wake", "durham", "brunswick", "buncombe"]);
    let chart = CoachingChart::new("Coaching <autumn> & \"winter\"", data.clone());
    let svg = chart.draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let (per, zero) = scale(&doc, 0);
    let planned = marks(&doc, "planned");
    let delivered: BTreeMap<&str, roxmltree::Node<'_, '_>> = marks(&doc, "delivered")
        .into_iter()
        .map(|d| (attr(d, "data-unit"), d))
        .collect();
    // Bars for the districts with a plan; "no plan" for the others, never a zero bar.
    let with_plan: Vec<&str> = data
        .delivery
        .iter()
        .filter(|r| r.planned > 0)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        planned
            .iter()
            .map(|p| attr(*p, "data-unit"))
            .collect::<Vec<_>>(),
        with_plan
    );
    assert_eq!(with_plan, ["wake", "buncombe"]);
    for row in data.delivery.iter().filter(|r| r.planned > 0) {
        let p = planned
            .iter()
            .find(|p| attr(**p, "data-unit") == row.id)
            .ok_or("a planned bar")?;
        assert_eq!(num(*p, "data-value"), row.planned as f64);
        assert!((num(*p, "x") - zero).abs() < 0.02);
        assert!((num(*p, "width") - row.planned as f64 * per).abs() < 0.05);
        let d = delivered.get(row.id.as_str()).ok_or("a delivered bar")?;
        assert_eq!(num(*d, "data-value"), row.delivered as f64);
        assert!((num(*d, "width") - row.delivered as f64 * per).abs() < 0.05);
        // Delivered sits inside the planned outline.
        assert!(num(*d, "y") >= num(*p, "y") && num(*d, "width") <= num(*p, "width"));
    }
    let no_plan: Vec<&str> = marks(&doc, "no-data")
        .iter()
        .map(|n| attr(*n, "data-unit"))
        .collect();
    assert_eq!(no_plan, ["durham", "brunswick"]);
    assert!(
        marks(&doc, "no-data")
            .iter()
            .all(|n| n.text() == Some("no plan"))
    );
    // The share is written beside each bar.
    let wake = &data.delivery[0];
    let share = marks(&doc, "share")[0].text().ok_or("a share")?;
    assert!(
        share.starts_with(&format!("{} of {} planned (", wake.delivered, wake.planned)),
        "{share}"
    );
    assert!(
        svg.as_str()
            .contains("&lt;autumn&gt; &amp; &quot;winter&quot;")
    );
    assert_eq!(svg, chart.draw());
    renders(&svg)
}

#[test]
fn over_capacity_coaches_are_marked_in_colour_pattern_and_text() -> Result {
    let data = example_data(DEFAULT_MAX_COACHES)?;
    assert_eq!(data.grouping, LoadGrouping::PerCoach);
    let svg = CoachingChart::new("Coach loads", data.clone()).draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let (per, zero) = scale(&doc, 1);
    let loads = marks(&doc, "load");
    assert_eq!(loads.len(), 3);
    let capacity = marks(&doc, "capacity");
    for (bar, row) in loads.iter().zip(&data.loads) {
        assert_eq!(attr(*bar, "data-coach"), row.id);
        assert!((num(*bar, "width") - row.load as f64 * per).abs() < 0.05);
        let mark = capacity
            .iter()
            .find(|c| attr(**c, "data-coach") == row.id)
            .ok_or("a capacity mark")?;
        assert!((num(*mark, "x1") - (zero + row.capacity as f64 * per)).abs() < 0.05);
        let over = row.load > row.capacity;
        assert_eq!(attr(*bar, "data-over"), if over { "true" } else { "false" });
        assert_eq!(attr(*bar, "fill") == "url(#over-capacity)", over);
    }
    // coach-wake-1: 11 practitioners, capacity 8.
    let wake = loads
        .iter()
        .find(|b| attr(**b, "data-coach") == "coach-wake-1")
        .ok_or("coach-wake-1")?;
    assert_eq!(attr(*wake, "data-over"), "true");
    let label = marks(&doc, "load-label")
        .into_iter()
        .find(|l| attr(*l, "data-coach") == "coach-wake-1")
        .and_then(|l| l.text())
        .ok_or("a label")?;
    assert!(label.ends_with("over capacity"), "{label}");
    let pattern = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("over-capacity"))
        .ok_or("the pattern")?;
    assert_eq!(pattern.attribute("data-hatch"), Some("hatch"));
    renders(&svg)
}

#[test]
fn coaches_past_the_cap_are_drawn_per_district() -> Result {
    let data = example_data(2)?;
    assert_eq!(data.grouping, LoadGrouping::PerUnit);
    let by_unit: BTreeMap<&str, &LoadRow> = data.loads.iter().map(|l| (l.id.as_str(), l)).collect();
    // coach-wake-1 is a Wake team member; coach-durham-1 a Hillside practitioner.
    assert_eq!(
        by_unit.keys().copied().collect::<Vec<_>>(),
        ["buncombe", "durham", "wake"]
    );
    assert_eq!(data.loads.iter().map(|l| l.coaches).sum::<u64>(), 3);
    assert_eq!(by_unit["wake"].over_capacity, 1);
    assert_eq!(by_unit["durham"].over_capacity, 0);
    let svg = CoachingChart::new("Per district", data).draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let loads = marks(&doc, "load");
    assert_eq!(loads.len(), 3);
    assert!(loads.iter().all(|l| l.attribute("data-unit").is_some()));
    assert!(svg.as_str().contains("per district (3 coaches)"));
    // Wake's coach over capacity: a hatched badge and the words, though Wake's total is not
    // hidden.
    let badges = marks(&doc, "over-badge");
    assert_eq!(badges.len(), 1);
    assert_eq!(attr(badges[0], "data-unit"), "wake");
    assert_eq!(num(badges[0], "data-value"), 1.0);
    assert_eq!(attr(badges[0], "fill"), "url(#over-capacity)");
    let wake = marks(&doc, "load-label")
        .into_iter()
        .find(|l| attr(*l, "data-unit") == "wake")
        .and_then(|l| l.text())
        .ok_or("a label")?;
    assert!(wake.contains("1 over capacity"), "{wake}");
    renders(&svg)
}

#[test]
fn empty_zero_and_extreme_inputs_draw_without_fault() -> Result {
    let svg = CoachingChart::new(
        "Nothing",
        CoachingData::new("District", LoadGrouping::PerCoach),
    )
    .draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "no-data").len(), 2);
    renders(&svg)?;

    let mut data = CoachingData::new("District", LoadGrouping::PerCoach);
    data.delivery.push(DeliveryRow::new("a", "A", 0, 3));
    data.delivery
        .push(DeliveryRow::new("b", "B", u64::MAX, u64::MAX));
    data.loads.push(LoadRow::coach("zero", 0, 0));
    data.loads.push(LoadRow::coach("none-free", 3, 0));
    let svg = CoachingChart::new("Edges", data).width(0).draw();
    assert_eq!(svg.width(), 400);
    let text = svg.as_str();
    assert!(!text.contains("NaN") && !text.contains("inf"));
    let doc = roxmltree::Document::parse(text)?;
    assert_eq!(
        marks(&doc, "no-data")[0].text(),
        Some("no plan (3 delivered)")
    );
    let over: Vec<&str> = marks(&doc, "load")
        .iter()
        .map(|l| attr(*l, "data-over"))
        .collect();
    assert_eq!(over, ["false", "true"]); // zero capacity: over as soon as anyone is coached
    renders(&svg)
}

#[test]
fn a_million_practitioner_state_stays_bounded() -> Result {
    // 5,000 schools, 1,000,000 practitioners, coaches of 8.
    let doc = generate(&Shape::new(10, 10, 50, 200), 2024)?;
    assert_eq!(doc.practitioners.len(), 1_000_000);
    // A plan for the first practitioner of each coach's caseload, and one complete cycle for
    // every other plan.
    let start = "2024-09-02".parse()?;
    let mut events = Vec::new();
    let (mut plans, mut cycles) = (0u64, 0u64);
    for (i, coach) in doc.coaches.iter().enumerate() {
        let Some(p) = coach.caseload.first() else {
            continue;
        };
        let plan: implsci::id::EventId = format!("plan-{i}").parse()?;
        events.push(Event::CoachingPlan(CoachingPlan::new(
            plan.clone(),
            start,
            coach.id.clone(),
            vec![p.clone()],
            CoachingFormat::InPerson,
            14,
            start,
        )));
        plans += 1;
        if i % 2 == 0 {
            cycles += 1;
            for (k, step) in CycleStep::ALL.into_iter().enumerate() {
                events.push(Event::CoachingStep(CoachingStep::new(
                    format!("s-{i}-{k}").parse()?,
                    "2024-09-10".parse()?,
                    plan.clone(),
                    format!("cycle-{i}").parse()?,
                    p.clone(),
                    step,
                )));
            }
        }
    }
    let coaches = doc.coaches.len();
    assert!(coaches > 50_000, "{coaches} coaches");
    let system = System::build(doc)?;
    let as_of = "2024-11-30".parse()?;
    let window = Window::new(start, as_of).ok_or("a window")?;
    let report = coaching_report(&events, window, as_of);
    let alignment = system.alignment(&AlignmentParams::default().when(When::On(as_of)));
    let data = coaching_data(
        &system,
        &report,
        &alignment,
        &"district".parse()?,
        DEFAULT_MAX_COACHES,
    )
    .ok_or("a district level")?;
    assert_eq!(data.delivery.len(), 100);
    assert_eq!(data.grouping, LoadGrouping::PerUnit);
    // Every coach is counted in a district's bar.
    assert_eq!(
        data.loads.iter().map(|l| l.coaches).sum::<u64>(),
        coaches as u64
    );
    let planned: u64 = data.delivery.iter().map(|r| r.planned).sum();
    let delivered: u64 = data.delivery.iter().map(|r| r.delivered).sum();
    assert_eq!(delivered, cycles);
    assert_eq!(planned, 6 * plans); // 90 days, every 14 days: 6 cycles a plan
    let svg = CoachingChart::new("A large state", data).draw();
    assert!(svg.as_str().len() < 500_000, "{} bytes", svg.as_str().len());
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert!(marks(&doc, "load").len() <= 100);
    // Every coach over capacity is counted in a badge.
    let over: f64 = marks(&doc, "over-badge")
        .iter()
        .map(|b| num(*b, "data-value"))
        .sum();
    assert_eq!(over, alignment.overloaded_coaches().count() as f64);
    assert!(over > 0.0);
    assert_eq!(marks(&doc, "planned").len(), 100);
    renders(&svg)
}

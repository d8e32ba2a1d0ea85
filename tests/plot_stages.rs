//! The stages chart: the counts behind it (every unit in exactly one segment of every period,
//! de-implemented and no-stage units apart), the marks drawn from them (one segment per
//! non-empty count, its height from the shared scale), the same bytes for the same input, and
//! a bounded file for a state of a million practitioners.

#![allow(
    clippy::float_cmp,
    reason = "counts written as whole numbers read back exactly"
)]

mod svg_check;

use std::collections::BTreeMap;
use std::path::Path;

use implsci::event::{Event, parse_log};
use implsci::id::UnitId;
use implsci::period::{Calendar, PeriodKind};
use implsci::plot::LinearScale;
use implsci::plot::stages::{
    Segment, StageChart, StageCountError, StageHistories, StageQuery, StageTable, count_stages,
};
use implsci::stage::{DeImplementation, Stage, StageHistory};
use implsci::system::System;
use implsci::system::generate::{Shape, generate};
use implsci::{Document, SiteRecord};
use svg_check::{Result, attr, marks, num, renders};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
}

fn state() -> Result<System> {
    Ok(System::from_json(&std::fs::read_to_string(data(
        "state_system.json",
    ))?)?)
}

fn history(entries: &[(Stage, &str)]) -> Result<StageHistory> {
    let mut h = StageHistory::new("cico".parse()?);
    for (stage, date) in entries {
        h.record(*stage, date.parse()?);
    }
    Ok(h)
}

fn school_years(from: &str, to: &str) -> Result<StageQuery> {
    Ok(StageQuery::new(
        "district".parse()?,
        Calendar::new(PeriodKind::SchoolYear),
        from.parse()?,
        to.parse()?,
    )
    .count_level("school".parse()?))
}

/// Wake's three schools: Lincoln de-implements in June 2024, Roosevelt reaches Full
/// Implementation, Jefferson has no history; a site outside the system has one too.
fn wake_histories() -> Result<StageHistories> {
    let mut set = StageHistories::new("cico".parse()?);
    let mut lincoln = history(&[
        (Stage::Exploration, "2023-09-05"),
        (Stage::Installation, "2024-01-08"),
    ])?;
    lincoln.de_implemented = Some(DeImplementation::new("2024-06-30".parse()?, "poor fit"));
    set.insert("lincoln-es".parse()?, lincoln);
    set.insert(
        "roosevelt-es".parse()?,
        history(&[
            (Stage::InitialImplementation, "2023-08-01"),
            (Stage::FullImplementation, "2025-01-15"),
        ])?,
    );
    set.insert(
        "hillside-es".parse()?,
        history(&[(Stage::Exploration, "2025-06-01")])?,
    );
    set.insert(
        "atlantis-es".parse()?,
        history(&[(Stage::Exploration, "2024-01-01")])?,
    );
    Ok(set)
}

#[test]
fn every_unit_is_in_one_segment_of_every_period() -> Result {
    let system = state()?;
    let table = count_stages(
        &system,
        &wake_histories()?,
        &school_years("2023-07-01", "2025-06-30")?,
    )?;
    let labels: Vec<&str> = table.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["2023-24", "2024-25"]);
    assert_eq!(table.dates[0].to_string(), "2024-06-30");
    let ids: Vec<&str> = table.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["wake", "durham", "brunswick", "buncombe"]);
    let wake = &table.groups[0];
    assert_eq!(wake.units, 3);
    let (y1, y2) = (wake.tallies[0], wake.tallies[1]);
    // 30 June 2024: Lincoln de-implemented that day, Roosevelt in Initial Implementation.
    assert_eq!(y1.get(Segment::DeImplemented), 1);
    assert_eq!(y1.get(Segment::Stage(Stage::InitialImplementation)), 1);
    assert_eq!(y1.get(Segment::NoStage), 1);
    assert_eq!(y1.get(Segment::Stage(Stage::Installation)), 0);
    // 30 June 2025: Roosevelt in Full Implementation.
    assert_eq!(y2.get(Segment::Stage(Stage::FullImplementation)), 1);
    assert_eq!(y2.get(Segment::DeImplemented), 1);
    // Durham: Hillside explores from June 2025 only.
    let durham = &table.groups[1];
    assert_eq!(durham.tallies[0].get(Segment::NoStage), 2);
    assert_eq!(durham.tallies[1].get(Segment::Stage(Stage::Exploration)), 1);
    for g in &table.groups {
        assert!(g.tallies.iter().all(|t| t.total() == g.units), "{}", g.id);
    }
    // The site outside the system is listed, not silently dropped.
    let outside: Vec<&str> = table.not_counted.iter().map(UnitId::as_str).collect();
    assert_eq!(outside, ["atlantis-es"]);
    Ok(())
}

#[test]
fn the_last_period_is_looked_at_on_the_last_date_not_after() -> Result {
    let system = state()?;
    // `to` falls inside 2024-25: Roosevelt's move of 2025-01-15 is after it.
    let table = count_stages(
        &system,
        &wake_histories()?,
        &school_years("2024-07-01", "2024-12-31")?,
    )?;
    assert_eq!(table.periods.len(), 1);
    assert_eq!(table.dates[0].to_string(), "2024-12-31");
    let t = table.groups[0].tallies[0];
    assert_eq!(t.get(Segment::Stage(Stage::InitialImplementation)), 1);
    assert_eq!(t.get(Segment::Stage(Stage::FullImplementation)), 0);
    Ok(())
}

#[test]
fn levels_the_system_lacks_or_in_the_wrong_order_are_refused() -> Result {
    let system = state()?;
    let set = StageHistories::new("cico".parse()?);
    let q = StageQuery::new(
        "school".parse()?,
        Calendar::new(PeriodKind::Month),
        "2024-01-01".parse()?,
        "2024-02-01".parse()?,
    )
    .count_level("district".parse()?);
    let err = count_stages(&system, &set, &q).unwrap_err();
    assert!(matches!(err, StageCountError::CountLevelAbove { .. }));
    let q = q.count_level("ward".parse()?);
    let err = count_stages(&system, &set, &q).unwrap_err();
    assert!(err.to_string().contains("no level `ward`"), "{err}");
    Ok(())
}

/// Per panel and period, the segments drawn: their kind and count, bottom-up.
fn drawn(doc: &roxmltree::Document<'_>) -> BTreeMap<(String, String), Vec<(String, f64)>> {
    let mut out: BTreeMap<(String, String), Vec<(String, f64)>> = BTreeMap::new();
    for s in marks(doc, "segment") {
        out.entry((attr(s, "data-group").into(), attr(s, "data-period").into()))
            .or_default()
            .push((attr(s, "data-segment").into(), num(s, "data-value")));
    }
    out
}

fn check_marks(table: &StageTable, svg: &implsci::plot::Svg) -> Result {
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let panels = marks(&doc, "panel");
    assert_eq!(panels.len(), table.groups.len());
    let segments = drawn(&doc);
    for group in &table.groups {
        for (period, tally) in table.periods.iter().zip(&group.tallies) {
            let expected: Vec<(String, f64)> = Segment::ALL
                .iter()
                .filter(|s| tally.get(**s) > 0)
                .map(|s| {
                    (
                        s.as_str().to_string(),
                        f64::from(u32::try_from(tally.get(*s)).unwrap_or(u32::MAX)),
                    )
                })
                .collect();
            let got = segments
                .get(&(group.id.to_string(), period.label.clone()))
                .cloned()
                .unwrap_or_default();
            assert_eq!(got, expected, "{} {}", group.id, period.label);
        }
    }
    // Each segment stands on the one below it, its height its count on the panel's scale.
    for panel in &panels {
        let area = panel
            .children()
            .find(|n| n.attribute("class") == Some("panel-area"))
            .ok_or("a panel area")?;
        let top = num(area, "y");
        let bottom = top + num(area, "height");
        let y = LinearScale::new(0.0, num(area, "data-domain-max"), bottom, top);
        let mut base: BTreeMap<&str, f64> = BTreeMap::new();
        for s in panel
            .children()
            .filter(|n| n.attribute("class") == Some("segment"))
        {
            let below = base.entry(attr(s, "data-period")).or_insert(0.0);
            let value = num(s, "data-value");
            assert!((num(s, "y") + num(s, "height") - y.map(*below)).abs() < 0.02);
            assert!((num(s, "height") - (y.map(0.0) - y.map(value))).abs() < 0.02);
            *below += value;
        }
    }
    Ok(())
}

#[test]
fn one_segment_per_count_each_as_tall_as_its_count() -> Result {
    let system = state()?;
    let table = count_stages(
        &system,
        &wake_histories()?,
        &school_years("2023-07-01", "2025-06-30")?,
    )?;
    let chart = StageChart::new("CICO stages by district, 2023–25 <draft>");
    let svg = chart.draw(&table);
    check_marks(&table, &svg)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let legend: Vec<&str> = marks(&doc, "legend-entry")
        .iter()
        .map(|n| attr(*n, "data-label"))
        .collect();
    assert_eq!(
        legend,
        [
            "Exploration",
            "Installation",
            "Initial Implementation",
            "Full Implementation",
            "De-implemented",
            "No stage recorded"
        ]
    );
    // No stage recorded is drawn with its own hatch, not as a stage colour.
    let no_stage = doc
        .descendants()
        .find(|n| n.attribute("data-segment") == Some("no_stage"))
        .ok_or("a no-stage segment")?;
    assert_eq!(attr(no_stage, "fill"), "url(#stage-no-stage)");
    assert!(svg.as_str().contains("&lt;draft&gt;"));
    assert!(svg.as_str().contains("not counted"));
    assert_eq!(svg, chart.draw(&table));
    renders(&svg)
}

#[test]
fn from_the_example_log_and_site_record() -> Result {
    let system = state()?;
    let log = std::fs::read(data("state_events.jsonl"))?;
    let events: Vec<Event> = parse_log(&log)
        .records
        .into_iter()
        .map(|r| r.value)
        .collect();
    let cico = "check-in-check-out".parse()?;
    let from_log = StageHistories::from_events(&events, &cico);
    assert_eq!(from_log.len(), 2); // Lincoln Elementary and Erwin Middle
    let mut q = school_years("2023-07-01", "2025-06-30")?;
    q.calendar = Calendar::new(PeriodKind::Quarter);
    let table = count_stages(&system, &from_log, &q)?;
    assert_eq!(table.periods.len(), 8);
    let wake = &table.groups[0];
    // Lincoln moved back to Installation on 2024-10-14: 2024-Q4 shows it.
    let q4 = table
        .periods
        .iter()
        .position(|p| p.label == "2024-Q4")
        .ok_or("2024-Q4")?;
    assert_eq!(wake.tallies[q4].get(Segment::Stage(Stage::Installation)), 1);
    let buncombe = &table.groups[3];
    assert_eq!(
        buncombe.tallies[q4].get(Segment::Stage(Stage::InitialImplementation)),
        1
    );
    let svg = StageChart::new("CICO stages by district").draw(&table);
    check_marks(&table, &svg)?;
    renders(&svg)?;

    // The example site record is the same school's history under its own id, not a unit of
    // the system: listed as not counted.
    let record = SiteRecord::from_json(&std::fs::read_to_string(data("site_record.json"))?)?;
    let from_sites = StageHistories::from_sites(&[record], &cico);
    let table = count_stages(&system, &from_sites, &q)?;
    assert_eq!(table.not_counted.len(), 1);
    // The example site records of examples/data/sites hold no stage history.
    let mut sites = Vec::new();
    for name in ["buncombe.json", "lincoln-es.json", "wake.json"] {
        let text = std::fs::read_to_string(data(&format!("sites/{name}")))?;
        sites.push(SiteRecord::from_json(&text)?);
    }
    assert!(StageHistories::from_sites(&sites, &cico).is_empty());
    Ok(())
}

#[test]
fn one_period_zero_units_and_no_period_draw_without_panic() -> Result {
    // A shape with no schools: every district counts zero schools.
    let system = System::build(generate(&Shape::new(1, 2, 0, 0), 3)?)?;
    let set = StageHistories::new("cico".parse()?);
    let table = count_stages(&system, &set, &school_years("2024-07-01", "2024-07-01")?)?;
    assert_eq!((table.groups.len(), table.periods.len()), (2, 1));
    assert!(table.groups.iter().all(|g| g.units == 0));
    let svg = StageChart::new("No schools").draw(&table);
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert!(marks(&doc, "segment").is_empty());
    assert_eq!(marks(&doc, "no-data").len(), 2);
    renders(&svg)?;
    // No period at all.
    let table = count_stages(&system, &set, &school_years("2025-07-01", "2024-07-01")?)?;
    let svg = StageChart::new("Backwards").draw(&table);
    assert!(svg.as_str().contains("No period"));
    roxmltree::Document::parse(svg.as_str())?;
    renders(&svg)
}

#[test]
fn panels_beyond_the_cap_are_counted_in_a_note() -> Result {
    let system = state()?;
    let q = StageQuery::new(
        "school".parse()?,
        Calendar::new(PeriodKind::SchoolYear),
        "2023-07-01".parse()?,
        "2025-06-30".parse()?,
    );
    let table = count_stages(&system, &wake_histories()?, &q)?;
    let svg = StageChart::new("Schools").max_panels(5).draw(&table);
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "panel").len(), 5);
    let note = marks(&doc, "note")[0].text().unwrap_or("");
    assert!(note.contains("4 more school units not drawn"), "{note}");
    renders(&svg)
}

#[test]
fn a_state_of_a_million_practitioners_draws_a_bounded_chart() -> Result {
    let shape = Shape::new(10, 10, 50, 200);
    let doc = generate(&shape, 11)?;
    assert_eq!(doc.practitioners.len(), 1_000_000);
    let system = System::build(doc)?;
    // A synthetic history for every school, by its position: all four stages, moves back,
    // de-implementations, and schools with no history.
    let mut set = StageHistories::new("cico".parse()?);
    let schools: Vec<UnitId> = system
        .document()
        .units
        .iter()
        .filter(|u| u.level.as_str() == "school")
        .map(|u| u.id.clone())
        .collect();
    assert_eq!(schools.len(), 5_000);
    for (i, id) in schools.iter().enumerate() {
        let mut h = StageHistory::new("cico".parse()?);
        match i % 6 {
            0 => continue,
            1 => h.record(Stage::Exploration, "2023-09-01".parse()?),
            2 => {
                h.record(Stage::Exploration, "2023-09-01".parse()?);
                h.record(Stage::Installation, "2024-02-01".parse()?);
            }
            3 => {
                h.record(Stage::Installation, "2023-08-01".parse()?);
                h.record(Stage::InitialImplementation, "2024-09-01".parse()?);
            }
            4 => {
                h.record(Stage::InitialImplementation, "2023-08-01".parse()?);
                h.record(Stage::FullImplementation, "2024-10-01".parse()?);
                h.record(Stage::InitialImplementation, "2025-03-01".parse()?);
            }
            _ => {
                h.record(Stage::Exploration, "2023-08-01".parse()?);
                h.de_implemented = Some(DeImplementation::new("2024-05-01".parse()?, "fit"));
            }
        }
        set.insert(id.clone(), h);
    }
    let mut q = school_years("2023-07-01", "2025-06-30")?;
    q.calendar = Calendar::new(PeriodKind::Quarter);
    let table = count_stages(&system, &set, &q)?;
    let (groups, periods) = (table.groups.len(), table.periods.len());
    assert_eq!((groups, periods), (100, 8));
    for k in 0..periods {
        let total: u64 = table.groups.iter().map(|g| g.tallies[k].total()).sum();
        assert_eq!(total, 5_000);
    }
    assert!(table.not_counted.is_empty());
    let svg = StageChart::new("CICO stages by district").draw(&table);
    let bytes = svg.as_str().len();
    assert!(bytes < 3_000_000, "{bytes} bytes");
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let segments = marks(&doc, "segment").len();
    assert!(segments <= groups * periods * Segment::ALL.len());
    // Per bar: a rect and a label per segment, and the period's label; per panel: its title,
    // area, group and ticks; and the frame.
    let elements = doc
        .descendants()
        .filter(roxmltree::Node::is_element)
        .count();
    let bound = groups * periods * (Segment::ALL.len() * 2 + 1) + groups * 12 + 200;
    assert!(elements <= bound, "{elements} elements, bound {bound}");
    check_marks(&table, &svg)?;
    assert_eq!(svg, StageChart::new("CICO stages by district").draw(&table));
    renders(&svg)
}

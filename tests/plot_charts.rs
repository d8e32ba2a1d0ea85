//! Charts drawn and checked: each SVG is well-formed XML (roxmltree), renders with a real SVG
//! renderer (resvg) at its declared size and is not blank, carries the marks its data calls
//! for (found by their `class` and `data-*` attributes), and is the same bytes for the same
//! input.

#![allow(
    clippy::float_cmp,
    reason = "values written with at most two decimals read back exactly"
)]

use std::path::Path;

use implsci::Document;
use implsci::jiff::civil::{Date, date};
use implsci::period::{Calendar, PeriodKind};
use implsci::plot::run_chart::{Direction, RunChart, SignalKind};
use implsci::plot::tiers::TierBars;
use implsci::plot::{LinearScale, Svg};
use implsci::score::instruments::builtin;
use implsci::score::instruments::tfi::{TfiVersion, criterion_percent};
use implsci::score::rollup::{Aggregate, RollupParams};
use implsci::score::{AdministrationsDocument, Instrument, Score, ScoreSubject};
use implsci::system::System;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Renders the SVG and checks its size and that some pixel is not white.
fn renders(svg: &Svg) -> Result {
    let tree = resvg::usvg::Tree::from_str(svg.as_str(), &resvg::usvg::Options::default())?;
    let size = tree.size().to_int_size();
    assert_eq!((size.width(), size.height()), (svg.width(), svg.height()));
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("a pixmap")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    assert_eq!(
        (pixmap.width(), pixmap.height()),
        (svg.width(), svg.height())
    );
    let inked = pixmap
        .pixels()
        .iter()
        .filter(|p| p.alpha() > 0 && (p.red() < 200 || p.green() < 200 || p.blue() < 200))
        .count();
    assert!(
        inked > 100,
        "the chart rendered nearly blank ({inked} inked pixels)"
    );
    Ok(())
}

/// The elements whose `class` attribute is exactly `class`.
fn marks<'a>(doc: &'a roxmltree::Document<'a>, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .collect()
}

fn num(node: roxmltree::Node<'_, '_>, attr: &str) -> f64 {
    node.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attr} on {node:?}"))
}

/// The y scale of a chart with a fixed domain, rebuilt from its plot area.
fn y_scale(doc: &roxmltree::Document<'_>, min: f64, max: f64) -> LinearScale {
    let area = marks(doc, "plot-area")[0];
    let top = num(area, "y");
    LinearScale::new(min, max, top + num(area, "height"), top)
}

fn monthly(values: &[Option<f64>]) -> Vec<(Date, Option<f64>)> {
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let month = i8::try_from(i % 12 + 1).expect("a month");
            let year = 2023 + i16::try_from(i / 12).expect("a year");
            (date(year, month, 1), v)
        })
        .collect()
}

#[test]
fn tier_bars_one_bar_per_unit_and_tier_with_data() -> Result {
    let chart = TierBars::new(
        "TFI by district, 2023–24 <draft> & \"final\"",
        TfiVersion::V2_1,
    )
    .unit("wake", "Wake", [Some(82.0), Some(64.0), None])
    .unit("durham", "Durham & Orange", [Some(71.5), None, Some(40.0)])
    .unit("surry", "Surry", [None, None, None]);
    let svg = chart.draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let bars = marks(&doc, "bar");
    let found: Vec<(&str, &str)> = bars
        .iter()
        .map(|b| {
            (
                b.attribute("data-unit").unwrap_or(""),
                b.attribute("data-tier").unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("wake", "1"),
            ("wake", "2"),
            ("durham", "1"),
            ("durham", "3")
        ]
    );
    let no_data = marks(&doc, "no-data");
    assert_eq!(no_data.len(), 5);
    assert!(no_data.iter().all(|n| n.text() == Some("no data")));
    // A bar stands from the axis up to its value.
    let y = y_scale(&doc, 0.0, 100.0);
    for bar in &bars {
        assert!((num(*bar, "y") - y.map(num(*bar, "data-value"))).abs() < 0.02);
        assert!((num(*bar, "y") + num(*bar, "height") - y.map(0.0)).abs() < 0.02);
    }
    // The criterion line is the version's, at its place on the scale.
    let criterion = marks(&doc, "criterion");
    assert_eq!(criterion.len(), 1);
    let c = f64::from(criterion_percent(TfiVersion::V2_1));
    assert_eq!(num(criterion[0], "data-value"), c);
    assert!((num(criterion[0], "y1") - y.map(c)).abs() < 0.02);
    // Title escaped, legend has every tier and the criterion.
    assert!(
        svg.as_str()
            .contains("&lt;draft&gt; &amp; &quot;final&quot;")
    );
    let legend: Vec<&str> = marks(&doc, "legend-entry")
        .iter()
        .filter_map(|n| n.attribute("data-label"))
        .collect();
    assert_eq!(legend, ["Tier 1", "Tier 2", "Tier 3", "criterion 70%"]);
    assert_eq!(svg, chart.draw());
    renders(&svg)
}

#[test]
fn tier_bars_criterion_follows_the_version() -> Result {
    let svg = TierBars::new("TFI 3.0", TfiVersion::V3_0)
        .unit("a", "A", [Some(55.0), None, None])
        .draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let criterion = marks(&doc, "criterion")[0];
    assert_eq!(num(criterion, "data-value"), 50.0);
    let y = y_scale(&doc, 0.0, 100.0);
    assert!((num(criterion, "y1") - y.map(50.0)).abs() < 0.02);
    renders(&svg)
}

fn example_scores() -> Result<(System, Vec<Score>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/pbis");
    let system = System::from_json(&std::fs::read_to_string(dir.join("system.json"))?)?;
    let doc =
        AdministrationsDocument::from_json(&std::fs::read_to_string(dir.join("tfi_tier1.json"))?)?;
    let tfi = builtin("tfi-2.1-tier-1").ok_or("TFI 2.1 Tier 1 is built in")?;
    let scores = doc
        .administrations
        .iter()
        .map(|a| tfi.score(a))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok((system, scores))
}

#[test]
fn tier_bars_from_the_example_districts() -> Result {
    let (system, scores) = example_scores()?;
    let params = RollupParams::default().by(Calendar::new(PeriodKind::SchoolYear));
    let rollup = system.rollup_with(&scores, Aggregate::Mean, &params)?;
    let last = rollup
        .rows
        .iter()
        .filter_map(|r| r.period.as_ref().map(|p| p.label.clone()))
        .max()
        .ok_or("a period")?;
    let mut chart = TierBars::new(format!("TFI Tier 1 by district, {last}"), TfiVersion::V2_1);
    let mut with_data = 0;
    let mut districts = 0;
    for row in rollup.rows.iter().filter(|r| {
        r.level.as_str() == "district" && r.period.as_ref().is_some_and(|p| p.label == last)
    }) {
        districts += 1;
        with_data += usize::from(row.value.is_some());
        assert!(
            row.value.is_none_or(|v| (0.0..=100.0).contains(&v)),
            "{row:?}"
        );
        chart = chart.unit(
            row.unit.to_string(),
            row.unit.to_string(),
            [row.value, None, None],
        );
    }
    assert!(districts > 1);
    let svg = chart.draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "bar").len(), with_data);
    assert_eq!(marks(&doc, "no-data").len(), districts * 3 - with_data);
    renders(&svg)
}

#[test]
fn run_chart_marks_a_shift_where_the_data_has_one() -> Result {
    // Six months below the median, then six above.
    let values: Vec<Option<f64>> = [
        40.0, 42.0, 41.0, 43.0, 40.0, 42.0, 70.0, 72.0, 71.0, 74.0, 73.0, 75.0,
    ]
    .iter()
    .map(|&v| Some(v))
    .collect();
    let points = monthly(&values);
    let chart = RunChart::new("Tier 1 at Maple ES", "TFI Tier 1 total", "%").criterion(70.0);
    let found = chart.analyse(&points);
    let (median, signals) = (found.median, found.signals);
    assert_eq!(median, Some(56.5));
    let shifts: Vec<_> = signals
        .iter()
        .filter(|s| s.kind == SignalKind::Shift)
        .collect();
    assert_eq!(shifts.len(), 2);
    assert_eq!(
        (shifts[0].direction, shifts[0].first, shifts[0].last),
        (Direction::Down, 0, 5)
    );
    assert_eq!(
        (shifts[1].direction, shifts[1].first, shifts[1].last),
        (Direction::Up, 6, 11)
    );

    let svg = chart.draw(&points);
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let drawn = marks(&doc, "signal shift");
    assert_eq!(drawn.len(), 2);
    assert_eq!(drawn[1].attribute("data-first"), Some("2023-07-01"));
    assert_eq!(drawn[1].attribute("data-last"), Some("2023-12-01"));
    assert_eq!(drawn[1].attribute("data-direction"), Some("up"));
    assert_eq!(
        drawn[1]
            .children()
            .filter(roxmltree::Node::is_element)
            .count(),
        6
    );
    assert_eq!(marks(&doc, "point").len(), 12);
    assert_eq!(num(marks(&doc, "median")[0], "data-value"), 56.5);
    assert_eq!(num(marks(&doc, "criterion")[0], "data-value"), 70.0);
    // The median and the criterion stand where the points' scale puts them.
    let p0 = marks(&doc, "point")[0];
    let p6 = marks(&doc, "point")[6];
    let per_unit = (num(p0, "cy") - num(p6, "cy")) / (70.0 - 40.0);
    let at = |v: f64| num(p0, "cy") - (v - 40.0) * per_unit;
    assert!((num(marks(&doc, "median")[0], "y1") - at(56.5)).abs() < 0.05);
    assert!((num(marks(&doc, "criterion")[0], "y1") - at(70.0)).abs() < 0.05);
    assert_eq!(svg, chart.draw(&points));
    renders(&svg)
}

#[test]
fn run_chart_without_a_run_marks_no_signal_and_labels_gaps() -> Result {
    // Alternating around the median, one month missing: no shift, no trend.
    let values = [
        Some(50.0),
        Some(60.0),
        None,
        Some(52.0),
        Some(58.0),
        Some(51.0),
        Some(59.0),
        Some(53.0),
    ];
    let points = monthly(&values);
    let chart = RunChart::new("Coaching sessions", "Sessions", "per month");
    let signals = chart.analyse(&points).signals;
    assert!(signals.is_empty(), "{signals:?}");
    let svg = chart.draw(&points);
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert!(marks(&doc, "signal shift").is_empty());
    assert!(marks(&doc, "signal trend").is_empty());
    let gaps = marks(&doc, "no-data");
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].attribute("data-date"), Some("2023-03-01"));
    assert_eq!(marks(&doc, "note")[0].text(), Some("No data: 2023-03-01."));
    // The line breaks at the gap: two pieces, no zero drawn for the missing month.
    assert_eq!(marks(&doc, "line").len(), 2);
    assert_eq!(marks(&doc, "point").len(), 7);
    renders(&svg)
}

#[test]
fn run_chart_marks_a_trend() -> Result {
    let values: Vec<Option<f64>> = [30.0, 35.0, 35.0, 41.0, 48.0, 55.0, 20.0]
        .iter()
        .map(|&v| Some(v))
        .collect();
    let svg = RunChart::new("Trend", "Score", "%").draw(&monthly(&values));
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let trends = marks(&doc, "signal trend");
    assert_eq!(trends.len(), 1);
    assert_eq!(trends[0].attribute("data-points"), Some("5"));
    assert_eq!(trends[0].attribute("data-first"), Some("2023-01-01"));
    assert_eq!(trends[0].attribute("data-last"), Some("2023-06-01"));
    renders(&svg)
}

#[test]
fn run_chart_of_no_data_says_so() -> Result {
    let points = monthly(&[None, None]);
    let svg = RunChart::new("Nothing yet", "Score", "%").draw(&points);
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert!(marks(&doc, "point").is_empty());
    assert!(marks(&doc, "median").is_empty());
    assert_eq!(marks(&doc, "note")[0].text(), Some("No data."));
    renders(&svg)
}

#[test]
fn run_chart_from_the_example_school() -> Result {
    let (_, scores) = example_scores()?;
    let school: implsci::id::UnitId = "orchard-es".parse()?;
    let points: Vec<(Date, Option<f64>)> = scores
        .iter()
        .filter(|s| s.subject == ScoreSubject::Unit(school.clone()))
        .map(|s| (s.date, s.percent))
        .collect();
    assert_eq!(points.len(), 4);
    let chart = RunChart::new("TFI Tier 1 at Orchard ES", "TFI Tier 1 total", "%")
        .criterion(f64::from(criterion_percent(TfiVersion::V2_1)));
    let signals = chart.analyse(&points).signals;
    assert!(
        signals.iter().all(|s| s.kind != SignalKind::Shift),
        "four points make no shift"
    );
    let svg = chart.draw(&points);
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "point").len(), 4);
    assert_eq!(svg, chart.draw(&points));
    renders(&svg)
}

#[test]
fn extreme_values_give_well_formed_charts() -> Result {
    let values = [
        Some(f64::NAN),
        Some(f64::INFINITY),
        Some(1e300),
        Some(-1e300),
        Some(0.0),
        None,
    ];
    let points = monthly(&values);
    let run = RunChart::new("Extremes", "Score", "%")
        .criterion(f64::NAN)
        .draw(&points);
    let tiers = TierBars::new("Extremes", TfiVersion::V3_0)
        .unit("a", "A", [Some(f64::NAN), Some(1e9), Some(-5.0)])
        .draw();
    for svg in [&run, &tiers] {
        let doc = roxmltree::Document::parse(svg.as_str())?;
        assert!(!svg.as_str().contains("NaN") && !svg.as_str().contains("inf"));
        assert!(!marks(&doc, "no-data").is_empty());
        renders(svg)?;
    }
    // Values that are not finite are no data: two gaps besides the missing month.
    let doc = roxmltree::Document::parse(run.as_str())?;
    assert_eq!(marks(&doc, "no-data").len(), 3);
    assert!(marks(&doc, "criterion").is_empty());
    Ok(())
}

#[test]
fn long_unit_labels_are_cut_to_their_group() -> Result {
    let mut chart = TierBars::new("Many schools", TfiVersion::V2_1).unit_title("School");
    for i in 0..12 {
        chart = chart.unit(
            format!("s{i}"),
            format!("Elementary School Number {i}"),
            [Some(50.0), None, None],
        );
    }
    let svg = chart.draw();
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class") == Some("tick") && n.attribute("text-anchor") == Some("middle")
        })
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(labels.len(), 12);
    assert!(labels.iter().all(|l| l.ends_with('…')), "{labels:?}");
    renders(&svg)
}

//! The run chart and the tier bars drawn from a generated state of 1,000,000 practitioners in
//! 5,000 schools: the charts aggregate (a rollup per district or per period, units counted by
//! criterion past `MAX_UNITS`), so their size is bounded by what they show, not by the state.

use implsci::jiff::civil::date;
use implsci::period::{Calendar, PeriodKind};
use implsci::plot::Svg;
use implsci::plot::run_chart::RunChart;
use implsci::plot::tiers::{MAX_UNITS, TierBars};
use implsci::score::instruments::builtin;
use implsci::score::instruments::tfi::{TfiVersion, Tier};
use implsci::score::rollup::{Aggregate, RollupParams};
use implsci::score::{Administration, Instrument, Response, Score, ScoreSubject};
use implsci::system::System;
use implsci::system::generate::{Shape, generate};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Renders the SVG and checks its size and that it is not blank.
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
    let inked = pixmap
        .pixels()
        .iter()
        .filter(|p| p.alpha() > 0 && (p.red() < 200 || p.green() < 200 || p.blue() < 200))
        .count();
    assert!(inked > 100, "nearly blank ({inked} inked pixels)");
    Ok(())
}

/// The generated state and, for each school, a TFI 2.1 Tier 1 score on each date: school
/// `i` rates its items so that its percent climbs with the date and varies with `i`.
fn large_state(dates: &[implsci::jiff::civil::Date]) -> Result<(System, Vec<Score>)> {
    let shape = Shape::new(10, 10, 50, 200);
    let doc = generate(&shape, 11)?;
    assert_eq!(doc.practitioners.len(), 1_000_000);
    let schools: Vec<_> = doc
        .units
        .iter()
        .filter(|u| u.level.as_str() == "school")
        .map(|u| u.id.clone())
        .collect();
    assert_eq!(schools.len(), 5_000);
    let system = System::build(doc)?;
    let tfi = builtin("tfi-2.1-tier-1").ok_or("built in")?;
    let items: Vec<_> = tfi
        .definition()
        .items
        .iter()
        .map(|i| i.id.clone())
        .collect();
    let mut scores = Vec::with_capacity(schools.len() * dates.len());
    for (k, &on) in dates.iter().enumerate() {
        for (i, school) in schools.iter().enumerate() {
            let mut a = Administration::new(
                tfi.definition().id.clone(),
                on,
                ScoreSubject::Unit(school.clone()),
            );
            for (j, item) in items.iter().enumerate() {
                // 0, 1 or 2: more items in place at later dates.
                let value = ((i + j + 2 * k) % 5).min(2);
                a.responses.push(Response::new(
                    item.clone(),
                    f64::from(u8::try_from(value).unwrap_or(2)),
                ));
            }
            scores.push(tfi.score(&a)?);
        }
    }
    Ok((system, scores))
}

#[test]
fn charts_of_a_million_practitioners_stay_bounded() -> Result {
    let dates = [
        date(2023, 10, 1),
        date(2024, 1, 15),
        date(2024, 4, 15),
        date(2024, 10, 1),
        date(2025, 1, 15),
        date(2025, 4, 15),
    ];
    let (system, scores) = large_state(&dates)?;

    // Tier bars per district: 100 districts, more than MAX_UNITS, so counted by criterion.
    let rollup = system.rollup_with(&scores, Aggregate::Mean, &RollupParams::default())?;
    let mut districts =
        TierBars::new("TFI 2.1 Tier 1 by district", TfiVersion::V2_1).tiers(&[Tier::Tier1]);
    let mut schools = TierBars::new("TFI 2.1 Tier 1 by school", TfiVersion::V2_1)
        .tiers(&[Tier::Tier1])
        .unit_title("School");
    let (mut n_districts, mut n_schools) = (0, 0);
    for row in &rollup.rows {
        match row.level.as_str() {
            "district" => {
                n_districts += 1;
                districts = districts.unit(
                    row.unit.as_str(),
                    row.unit.as_str(),
                    [row.value, None, None],
                );
            }
            "school" => {
                n_schools += 1;
                schools = schools.unit(
                    row.unit.as_str(),
                    row.unit.as_str(),
                    [row.value, None, None],
                );
            }
            _ => {}
        }
    }
    assert_eq!((n_districts, n_schools), (100, 5_000));
    assert!(n_districts > MAX_UNITS);
    for (chart, total) in [(districts, 100), (schools, 5_000)] {
        let svg = chart.draw();
        let text = svg.as_str();
        // Three stacked counts (at, below, no data) for the one tier shown, and no bar per unit.
        let doc = roxmltree::Document::parse(text)?;
        let counts: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("count"))
            .collect();
        assert_eq!(counts.len(), 3);
        let sum: usize = counts
            .iter()
            .map(|n| {
                n.attribute("data-value")
                    .unwrap_or("0")
                    .parse::<usize>()
                    .unwrap_or(0)
            })
            .sum();
        assert_eq!(sum, total, "every unit is counted once");
        assert!(!text.contains(r#"class="bar""#));
        assert!(text.len() < 20_000, "{} bytes", text.len());
        renders(&svg)?;
    }

    // The state's mean over quarters: one point per quarter with scores, whatever the size.
    let quarters = RollupParams::default().by(Calendar::new(PeriodKind::Quarter));
    let by_quarter = system.rollup_with(&scores, Aggregate::Mean, &quarters)?;
    let points: Vec<_> = by_quarter
        .rows_of(&"state".parse()?)
        .filter_map(|r| r.period.as_ref().map(|p| (p.end, r.value)))
        .collect();
    assert!(
        points.len() >= dates.len() && points.len() <= 8,
        "{} quarters",
        points.len()
    );
    let svg = RunChart::new("Mean TFI Tier 1 across the state", "Mean total score", "%")
        .criterion(70.0)
        .draw(&points);
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let drawn = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("point")))
        .count();
    assert_eq!(drawn, points.iter().filter(|p| p.1.is_some()).count());
    assert!(svg.as_str().len() < 20_000);
    renders(&svg)?;
    Ok(())
}

//! The capacity heat map: each cell the unit's latest percent, written in it, outlined at or
//! above the threshold (inclusive); units without an administration rows of "no data"; past
//! the row cap, groups with the share of their units at or above it; the same bytes for the
//! same input, and a bounded file for a state of a million practitioners.

#![allow(
    clippy::float_cmp,
    reason = "percents written with at most two decimals read back exactly"
)]

mod svg_check;

use std::path::Path;

use implsci::Document;
use implsci::plot::capacity::{
    CapacityCell, CapacityChart, CapacityParams, CapacityRows, CapacityScope, CapacityTable,
    MINIMUM_CAPACITY_PERCENT, capacity_table,
};
use implsci::plot::{Svg, fmt_number};
use implsci::score::instruments::capacity_assessment;
use implsci::score::{
    Administration, AdministrationsDocument, Instrument, InstrumentDocument, ItemSum, Response,
    Score, ScoreSubject,
};
use implsci::system::System;
use implsci::system::generate::{Shape, generate};
use svg_check::{Result, attr, marks, num, renders};

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
}

fn example() -> Result<(ItemSum, Vec<Score>)> {
    let dca = ItemSum::new(
        InstrumentDocument::from_json(&std::fs::read_to_string(data("dca_instrument.json"))?)?
            .instrument,
    )?;
    let admins = AdministrationsDocument::from_json(&std::fs::read_to_string(data(
        "dca_administrations.json",
    ))?)?;
    let scores = admins
        .administrations
        .iter()
        .map(|a| dca.score(a))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok((dca, scores))
}

/// Every cell of the table is drawn as the table says: a shaded cell with its value written
/// and an outline when at or above the threshold, or "no data".
fn check_cells(table: &CapacityTable, svg: &Svg) -> Result {
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let grouped = !matches!(table.rows_are, CapacityRows::Units);
    let cells = marks(&doc, "cell");
    let values = marks(&doc, "cell-value");
    let empty = marks(&doc, "no-data");
    let meets = marks(&doc, "meets");
    let find = |list: &[roxmltree::Node<'_, '_>], unit: &str, column: &str| {
        list.iter()
            .filter(|n| attr(**n, "data-unit") == unit && attr(**n, "data-column") == column)
            .count()
    };
    let mut expected_cells = 0;
    let mut expected_meets = 0;
    for row in &table.rows {
        for (cell, column) in row.cells.iter().zip(&table.columns) {
            let (unit, col) = (row.id.as_str(), column.id.as_str());
            match cell.percent() {
                None => {
                    assert_eq!(find(&empty, unit, col), 1, "{unit} {col}");
                    assert_eq!(find(&cells, unit, col), 0, "{unit} {col}");
                }
                Some(p) => {
                    expected_cells += 1;
                    let value = values
                        .iter()
                        .find(|n| attr(**n, "data-unit") == unit && attr(**n, "data-column") == col)
                        .ok_or("a value")?;
                    let text = value.text().unwrap_or("");
                    if grouped {
                        assert!(text.starts_with(&format!("{}%", fmt_number(p))), "{text}");
                    } else {
                        assert_eq!(text, fmt_number(p));
                    }
                    let outlined = !grouped && p >= table.threshold;
                    expected_meets += usize::from(outlined);
                    assert_eq!(
                        find(&meets, unit, col),
                        usize::from(outlined),
                        "{unit} {col}"
                    );
                }
            }
        }
    }
    assert_eq!(cells.len(), expected_cells);
    assert_eq!(meets.len(), expected_meets);
    Ok(())
}

#[test]
fn each_cell_is_the_units_latest_percent_outlined_at_80() -> Result {
    let (dca, scores) = example()?;
    let table = capacity_table(
        dca.definition(),
        &scores,
        CapacityScope::Subjects,
        &CapacityParams::default(),
    )?;
    assert_eq!(table.threshold, MINIMUM_CAPACITY_PERCENT);
    let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["brunswick", "buncombe", "durham", "wake"]);
    // Wake's latest (2025-04-01) is drawn, not its first.
    let wake = &table.rows[3];
    let latest = scores
        .iter()
        .filter(|s| s.subject == ScoreSubject::Unit("wake".parse().expect("an id")))
        .max_by_key(|s| s.date)
        .ok_or("a score")?;
    assert_eq!(wake.date, Some(latest.date));
    assert_eq!(
        wake.cells[3],
        CapacityCell::Percent(latest.percent.ok_or("a total")?)
    );
    for (cell, sub) in wake.cells.iter().zip(&latest.subscales) {
        assert_eq!(cell.percent(), sub.percent);
    }
    let svg = CapacityChart::new("District capacity <spring> & fall")
        .row_title("District")
        .draw(&table);
    check_cells(&table, &svg)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let caption: String = marks(&doc, "caption")
        .iter()
        .filter_map(roxmltree::Node::text)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(caption.contains("every subscale at least 80%"), "{caption}");
    assert!(
        caption.contains("source: NIRN capacity assessments"),
        "{caption}"
    );
    let columns: Vec<&str> = marks(&doc, "column-label")
        .iter()
        .filter_map(roxmltree::Node::text)
        .collect();
    assert_eq!(
        columns,
        ["Leadership", "Alignment", "Data", "Total", "Date"]
    );
    assert!(svg.as_str().contains("&lt;spring&gt; &amp; fall"));
    assert_eq!(
        svg,
        CapacityChart::new("District capacity <spring> & fall")
            .row_title("District")
            .draw(&table)
    );
    renders(&svg)
}

#[test]
fn units_without_an_administration_are_rows_of_no_data() -> Result {
    let (dca, scores) = example()?;
    let system = System::from_json(&std::fs::read_to_string(data("state_system.json"))?)?;
    let without_brunswick: Vec<Score> = scores
        .into_iter()
        .filter(|s| s.subject != ScoreSubject::Unit("brunswick".parse().expect("an id")))
        .collect();
    let level = "district".parse()?;
    let scope = CapacityScope::Level {
        system: &system,
        level: &level,
    };
    let table = capacity_table(
        dca.definition(),
        &without_brunswick,
        scope,
        &CapacityParams::default(),
    )?;
    let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["wake", "durham", "brunswick", "buncombe"]); // the system's order
    let brunswick = &table.rows[2];
    assert_eq!((brunswick.assessed, brunswick.date), (0, None));
    assert!(brunswick.cells.iter().all(|c| *c == CapacityCell::NoData));
    let svg = CapacityChart::new("DCA by district").draw(&table);
    check_cells(&table, &svg)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let empty: Vec<_> = marks(&doc, "no-data")
        .into_iter()
        .filter(|n| attr(*n, "data-unit") == "brunswick")
        .collect();
    assert_eq!(empty.len(), 4);
    assert!(empty.iter().all(|n| n.text() == Some("no data")));
    // Never a zero where there is no data.
    assert!(
        marks(&doc, "cell")
            .iter()
            .all(|n| attr(*n, "data-unit") != "brunswick")
    );
    // A level the system lacks is refused.
    let ward = "ward".parse()?;
    let bad = CapacityScope::Level {
        system: &system,
        level: &ward,
    };
    assert!(capacity_table(dca.definition(), &[], bad, &CapacityParams::default()).is_err());
    renders(&svg)
}

/// An instrument with one subscale of five items (10 points), and a score per unit.
fn five_items(points: &[(&str, u32)]) -> Result<(ItemSum, Vec<Score>)> {
    let items = ["a1", "a2", "a3", "a4", "a5"];
    let sca = capacity_assessment("sca".parse()?, "State capacity", &[("a", &items)])?;
    let mut scores = Vec::new();
    for (unit, p) in points {
        let mut admin = Administration::new(
            "sca".parse()?,
            "2025-03-01".parse()?,
            ScoreSubject::Unit(unit.parse()?),
        );
        let mut left = *p;
        for item in items {
            let v = left.min(2);
            left -= v;
            admin
                .responses
                .push(Response::new(item.parse()?, f64::from(v)));
        }
        scores.push(sca.score(&admin)?);
    }
    Ok((sca, scores))
}

#[test]
fn the_threshold_is_inclusive_and_a_parameter() -> Result {
    let (sca, scores) = five_items(&[("at", 8), ("below", 7), ("full", 10)])?;
    let table = capacity_table(
        sca.definition(),
        &scores,
        CapacityScope::Subjects,
        &CapacityParams::default(),
    )?;
    let svg = CapacityChart::new("SCA").draw(&table);
    check_cells(&table, &svg)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let outlined: Vec<&str> = marks(&doc, "meets")
        .iter()
        .map(|n| attr(*n, "data-unit"))
        .collect();
    // Exactly 80% meets it: the subscale and the total of `at` and `full`.
    assert_eq!(outlined, ["at", "at", "full", "full"]);
    let mut params = CapacityParams::default();
    params.threshold = 90.0;
    let table = capacity_table(sca.definition(), &scores, CapacityScope::Subjects, &params)?;
    let svg = CapacityChart::new("SCA").draw(&table);
    check_cells(&table, &svg)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "meets").len(), 2);
    assert!(svg.as_str().contains("at or above 90%"));
    // The published rule is still stated as it is: 80%.
    assert!(svg.as_str().contains("every subscale at least 80%"));
    // A threshold that is not finite is the default; a row cap of 0 is 1.
    params.threshold = f64::NAN;
    params.max_rows = 0;
    let table = capacity_table(sca.definition(), &scores, CapacityScope::Subjects, &params)?;
    assert_eq!(table.threshold, 80.0);
    assert_eq!(table.rows.len(), 1);
    let svg = CapacityChart::new("SCA").draw(&table);
    assert!(!svg.as_str().contains("NaN"));
    renders(&svg)
}

#[test]
fn past_the_row_cap_rows_are_groups_with_the_share_at_80() -> Result {
    let (dca, scores) = example()?;
    let system = System::from_json(&std::fs::read_to_string(data("state_system.json"))?)?;
    let level = "district".parse()?;
    let scope = CapacityScope::Level {
        system: &system,
        level: &level,
    };
    let units = capacity_table(dca.definition(), &scores, scope, &CapacityParams::default())?;
    let mut params = CapacityParams::default();
    params.max_rows = 3;
    let table = capacity_table(dca.definition(), &scores, scope, &params)?;
    assert!(matches!(
        &table.rows_are,
        CapacityRows::Groups { level: Some(l), units: 4 } if l.as_str() == "region"
    ));
    let ids: Vec<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["central", "coastal", "mountain"]);
    // Central holds Wake and Durham: each cell counts those of the two at or above 80%.
    let central = &table.rows[0];
    assert_eq!((central.units, central.assessed), (2, 2));
    for (c, cell) in central.cells.iter().enumerate() {
        let members = [&units.rows[0], &units.rows[1]];
        let scored_units = members
            .iter()
            .filter(|r| r.cells[c].percent().is_some())
            .count() as u64;
        let meeting = members
            .iter()
            .filter(|r| r.cells[c].percent().is_some_and(|p| p >= 80.0))
            .count() as u64;
        assert_eq!(
            *cell,
            CapacityCell::Share {
                meeting,
                scored: scored_units
            }
        );
    }
    let svg = CapacityChart::new("DCA by region").draw(&table);
    check_cells(&table, &svg)?;
    let doc = roxmltree::Document::parse(svg.as_str())?;
    assert_eq!(marks(&doc, "row").len(), 3);
    assert!(marks(&doc, "meets").is_empty());
    let caption: String = marks(&doc, "caption")
        .iter()
        .filter_map(roxmltree::Node::text)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(caption.contains("grouped by region"), "{caption}");
    // Without a system, the one group is all units.
    let table = capacity_table(dca.definition(), &scores, CapacityScope::Subjects, &params)?;
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].label, "All units");
    renders(&svg)
}

#[test]
fn no_administration_and_no_subscale_draw_without_panic() -> Result {
    let (sca, _) = five_items(&[])?;
    let table = capacity_table(
        sca.definition(),
        &[],
        CapacityScope::Subjects,
        &CapacityParams::default(),
    )?;
    assert!(table.rows.is_empty());
    let svg = CapacityChart::new("Nothing yet").draw(&table);
    roxmltree::Document::parse(svg.as_str())?;
    assert!(svg.as_str().contains("No unit has an administration"));
    renders(&svg)?;
    // Scores dated after the date looked at: the unit is a row of no data.
    let (sca, scores) = five_items(&[("late", 10)])?;
    let mut params = CapacityParams::default();
    params.as_of = Some("2025-01-01".parse()?);
    let table = capacity_table(sca.definition(), &scores, CapacityScope::Subjects, &params)?;
    assert_eq!(table.rows.len(), 1);
    assert!(
        table.rows[0]
            .cells
            .iter()
            .all(|c| *c == CapacityCell::NoData)
    );
    let svg = CapacityChart::new("Later").draw(&table);
    check_cells(&table, &svg)?;
    renders(&svg)
}

#[test]
fn a_state_of_a_million_practitioners_draws_a_bounded_chart() -> Result {
    let doc = generate(&Shape::new(10, 10, 50, 200), 11)?;
    assert_eq!(doc.practitioners.len(), 1_000_000);
    let system = System::build(doc)?;
    let subscales: [(&str, &[&str]); 3] = [
        ("leadership", &["l1", "l2", "l3"]),
        ("competency", &["c1", "c2"]),
        ("organization", &["o1", "o2", "o3"]),
    ];
    let dca = capacity_assessment("dca".parse()?, "District capacity", &subscales)?;
    // One synthetic administration per school, in every district but one in ten, with
    // ratings that vary by position; two dates, the later one counting.
    let mut scores = Vec::new();
    let schools: Vec<_> = system
        .document()
        .units
        .iter()
        .filter(|u| u.level.as_str() == "school")
        .map(|u| u.id.clone())
        .collect();
    for (i, id) in schools.iter().enumerate() {
        if (i / 50) % 10 == 9 {
            continue;
        }
        for (k, date) in ["2024-10-01", "2025-04-01"].iter().enumerate() {
            let mut admin = Administration::new(
                "dca".parse()?,
                date.parse()?,
                ScoreSubject::Unit(id.clone()),
            );
            for (j, item) in subscales
                .iter()
                .flat_map(|(_, items)| items.iter())
                .enumerate()
            {
                let v = u32::try_from((i + j + k) % 3)?;
                admin
                    .responses
                    .push(Response::new(item.parse()?, f64::from(v)));
            }
            scores.push(dca.score(&admin)?);
        }
    }
    let level = "school".parse()?;
    let scope = CapacityScope::Level {
        system: &system,
        level: &level,
    };
    let table = capacity_table(dca.definition(), &scores, scope, &CapacityParams::default())?;
    // 5,000 schools and 100 districts are both past the cap: rows are the 10 regions.
    assert!(matches!(
        &table.rows_are,
        CapacityRows::Groups { level: Some(l), units: 5_000 } if l.as_str() == "region"
    ));
    assert_eq!(table.rows.len(), 10);
    let assessed: u64 = table.rows.iter().map(|r| r.assessed).sum();
    assert_eq!(assessed, 4_500);
    assert_eq!(table.rows.iter().map(|r| r.units).sum::<u64>(), 5_000);
    let svg = CapacityChart::new("District capacity by region").draw(&table);
    let bytes = svg.as_str().len();
    assert!(bytes < 200_000, "{bytes} bytes");
    let parsed = roxmltree::Document::parse(svg.as_str())?;
    let elements = parsed
        .descendants()
        .filter(roxmltree::Node::is_element)
        .count();
    let bound = table.rows.len() * (table.columns.len() * 3 + 3) + 100;
    assert!(elements <= bound, "{elements} elements, bound {bound}");
    check_cells(&table, &svg)?;
    assert_eq!(num(marks(&parsed, "row")[0], "data-units"), 500.0);
    renders(&svg)
}

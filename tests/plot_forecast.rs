//! The forecast chart: a panel per district of the example scenario with each plan's median
//! line, band and date first at Full Implementation where the forecast puts them, "not
//! reached" where it has none, the same bytes for the same input, and a single bounded level
//! panel for a state of a million practitioners.

mod svg_check;

use std::sync::OnceLock;

use implsci::Document;
use implsci::plot::Svg;
use implsci::plot::forecast::ForecastChart;
use implsci::scenario::Scenario;
use implsci::sim::{Cohort, Forecast, Setup, Simulation, Step, simulations};
use implsci::system::SystemDocument;
use implsci::system::generate::{Shape, generate};
use svg_check::{Result, attr, marks, num, renders};

/// The example scenario's three plans, forecast once for every test.
fn example() -> &'static [(String, Forecast)] {
    static FORECASTS: OnceLock<Vec<(String, Forecast)>> = OnceLock::new();
    FORECASTS.get_or_init(|| {
        let read = |name: &str| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("examples/data")
                    .join(name),
            )
            .unwrap()
        };
        let mut scenario = Scenario::from_json(&read("scenario.json")).unwrap();
        let system = SystemDocument::from_json(&read("state_system.json")).unwrap();
        scenario.replicates = 40;
        simulations(&scenario, &system)
            .unwrap()
            .into_iter()
            .map(|(name, sim)| (name, sim.forecast(scenario.seed, 40)))
            .collect()
    })
}

fn chart<'a>(title: &str, plans: &'a [(String, Forecast)]) -> ForecastChart<'a> {
    plans
        .iter()
        .fold(ForecastChart::new(title), |c, (name, f)| {
            c.plan(name.as_str(), f)
        })
}

/// Keeps a drawn chart where it can be looked at.
fn keep(svg: &Svg, name: &str) {
    let _ = std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name),
        svg.as_str(),
    );
}

/// The x of `date` in a panel's plot area, from its `data-from`/`data-to` and its bounds.
fn x_of(area: roxmltree::Node<'_, '_>, date: &str) -> Result<f64> {
    let from: implsci::jiff::civil::Date = attr(area, "data-from").parse()?;
    let to: implsci::jiff::civil::Date = attr(area, "data-to").parse()?;
    let date: implsci::jiff::civil::Date = date.parse()?;
    let days = |d: implsci::jiff::civil::Date| f64::from((d - from).get_days());
    Ok(num(area, "x") + days(date) / days(to) * num(area, "width"))
}

#[test]
fn a_panel_per_district_with_each_plan_where_the_forecast_puts_it() -> Result {
    let plans = example();
    assert_eq!(plans.len(), 3);
    let svg = chart("Check-In/Check-Out at fidelity, by district", plans)
        .level("district".parse()?)
        .draw();
    keep(&svg, "forecast_districts.svg");
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let districts: Vec<&str> = plans[0]
        .1
        .units
        .iter()
        .filter(|u| u.level.as_str() == "district")
        .map(|u| u.unit.as_str())
        .collect();
    // Wake, Durham, Brunswick and Buncombe: the example state's four districts.
    assert_eq!(districts, ["wake", "durham", "brunswick", "buncombe"]);
    let panels = marks(&doc, "panel");
    let drawn: Vec<&str> = panels.iter().map(|p| attr(*p, "data-unit")).collect();
    assert_eq!(drawn, districts);

    let legend: Vec<&str> = marks(&doc, "legend-entry")
        .iter()
        .map(|e| attr(*e, "data-label"))
        .collect();
    let names: Vec<&str> = plans.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(legend, names);

    for panel in &panels {
        let unit = attr(*panel, "data-unit");
        let in_panel = |class: &str| -> Vec<roxmltree::Node<'_, '_>> {
            panel
                .descendants()
                .filter(|n| n.attribute("class") == Some(class))
                .collect()
        };
        assert_eq!(in_panel("median").len(), 3, "{unit}");
        assert_eq!(in_panel("band").len(), 3, "{unit}");
        let area = in_panel("panel-area")[0];
        // The 50% line halfway up the plot area.
        let line = in_panel("full-implementation");
        assert_eq!(line.len(), 1);
        let half = num(area, "y") + num(area, "height") / 2.0;
        assert!((num(line[0], "y1") - half).abs() < 0.01, "{unit}");
        assert!((num(line[0], "y2") - half).abs() < 0.01, "{unit}");
        assert!(
            in_panel("full-implementation-label")[0]
                .text()
                .unwrap_or("")
                .contains("Full Implementation")
        );
        dates_drawn(*panel, plans)?;
    }
    // Brunswick has no coach under the current plan: not reached, and the panel says so.
    let brunswick = panels
        .iter()
        .find(|p| attr(**p, "data-unit") == "brunswick")
        .ok_or("a Brunswick panel")?;
    let note = brunswick
        .descendants()
        .find(|n| n.attribute("class") == Some("not-reached"))
        .ok_or("not reached in Brunswick")?;
    assert_eq!(attr(note, "data-plan"), "current plan");
    assert!(
        plans[0]
            .1
            .units
            .iter()
            .any(|u| u.unit.as_str() == "brunswick" && u.full_implementation.median.is_none())
    );
    // No "0%" stands in for missing data: every district has practitioners.
    assert!(marks(&doc, "no-data").is_empty());
    let axis_titles: Vec<&str> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("axis-title"))
        })
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(axis_titles, ["date (years)", "share at fidelity (%)"]);
    renders(&svg)
}

/// Per plan, in a panel: a vertical line at the forecast's median date first at Full
/// Implementation, or "not reached" when it has none.
fn dates_drawn(panel: roxmltree::Node<'_, '_>, plans: &[(String, Forecast)]) -> Result {
    let unit = attr(panel, "data-unit");
    let in_panel = |class: &str| -> Vec<roxmltree::Node<'_, '_>> {
        panel
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .collect()
    };
    let area = in_panel("panel-area")[0];
    for (name, forecast) in plans {
        let reached = &forecast
            .units
            .iter()
            .find(|u| u.unit.as_str() == unit)
            .ok_or("the unit is forecast")?
            .full_implementation;
        let lines: Vec<_> = in_panel("reached")
            .into_iter()
            .filter(|n| attr(*n, "data-plan") == name)
            .collect();
        let notes: Vec<_> = in_panel("not-reached")
            .into_iter()
            .filter(|n| attr(*n, "data-plan") == name)
            .collect();
        let Some(date) = reached.median else {
            assert_eq!((lines.len(), notes.len()), (0, 1), "{unit} {name}");
            assert!(notes[0].text().unwrap_or("").contains("not reached"));
            continue;
        };
        assert_eq!((lines.len(), notes.len()), (1, 0), "{unit} {name}");
        assert_eq!(attr(lines[0], "data-date"), date.to_string());
        let x = x_of(area, &date.to_string())?;
        assert!((num(lines[0], "x1") - x).abs() < 0.02, "{unit} {name}");
        assert!((num(lines[0], "x1") - num(lines[0], "x2")).abs() < f64::EPSILON);
    }
    Ok(())
}

#[test]
fn the_same_input_gives_the_same_bytes() -> Result {
    let plans = example();
    let a = chart("Forecast", plans).level("district".parse()?).draw();
    let b = chart("Forecast", plans).level("district".parse()?).draw();
    assert_eq!(a.as_str(), b.as_str());
    Ok(())
}

#[test]
fn by_default_the_top_level_and_the_first_innovation() -> Result {
    let plans = example();
    let svg = chart("Forecast for the state", plans).draw();
    keep(&svg, "forecast_state.svg");
    let doc = roxmltree::Document::parse(svg.as_str())?;
    let panels = marks(&doc, "panel");
    assert_eq!(panels.len(), 1);
    assert_eq!(attr(panels[0], "data-unit"), "state");
    assert!(svg.as_str().contains("Innovation: check-in-check-out."));
    // One plan: no legend.
    let one = ForecastChart::new("One plan")
        .plan("current plan", &plans[0].1)
        .draw();
    let doc = roxmltree::Document::parse(one.as_str())?;
    assert!(marks(&doc, "legend-entry").is_empty());
    renders(&svg)?;
    renders(&one)
}

#[test]
fn a_state_of_a_million_practitioners_draws_one_level_panel() -> Result {
    let doc = generate(
        &Shape::new(10, 20, 100, 50)
            .team_probability([1.0; 4])
            .link_probability(1.0),
        3,
    )?;
    assert_eq!(doc.practitioners.len(), 1_000_000);
    let pbis: implsci::id::InnovationId = "pbis".parse()?;
    let mut setup = Setup::new(
        vec![pbis.clone()],
        "2026-07-01".parse()?,
        "2027-07-01".parse()?,
    );
    setup.step = Step::Month;
    setup.level = Some("district".parse()?);
    let state = doc.units[0].id.clone();
    let cohorts = [Cohort::train("2026-08-01".parse()?, pbis, vec![state], 3)];
    let sim = Simulation::with_effects(&setup, vec![(setup.start, doc)], &cohorts)?;
    let forecast = sim.forecast(7, 1);
    let districts = forecast
        .units
        .iter()
        .filter(|u| u.level.as_str() == "district")
        .count();
    assert_eq!(districts, 200);

    let draw = || {
        ForecastChart::new("PBIS across a state of a million practitioners")
            .plan("train every school", &forecast)
            .plan("the same, again", &forecast)
            .level("district".parse().unwrap())
            .draw()
    };
    let svg = draw();
    keep(&svg, "forecast_million.svg");
    assert_eq!(svg, draw());
    let bytes = svg.as_str().len();
    assert!(bytes < 200_000, "{bytes} bytes");
    let parsed = roxmltree::Document::parse(svg.as_str())?;
    let panels = marks(&parsed, "panel");
    assert_eq!(panels.len(), 1);
    assert_eq!(attr(panels[0], "data-unit"), "district");
    let caption = marks(&parsed, "caption");
    assert_eq!(caption.len(), 1);
    let text = caption[0].text().unwrap_or("");
    assert!(text.contains("200 district units"), "{text}");
    assert_eq!(marks(&parsed, "median").len(), 2);
    assert_eq!(marks(&parsed, "band").len(), 2);
    let elements = parsed
        .descendants()
        .filter(roxmltree::Node::is_element)
        .count();
    assert!(elements <= 120, "{elements} elements");
    renders(&svg)
}

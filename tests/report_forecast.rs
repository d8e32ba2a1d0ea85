//! The forecast in the report: the summary names every plan, counts the units of the level
//! that reach Full Implementation and the units each plan brings earlier, all from the
//! forecast itself; the chart is drawn; without a forecast neither is there.

#[path = "report/example.rs"]
mod example;

use implsci::Document;
use implsci::report::{ReportInputs, ReportParams, Topic, report};
use implsci::scenario::Scenario;
use implsci::sim::{Forecast, simulations};
use implsci::system::SystemDocument;

use example::{data, inputs};

fn plans() -> Vec<(String, Forecast)> {
    let mut scenario = Scenario::from_json(&data("scenario.json")).unwrap();
    scenario.replicates = 20;
    let system = SystemDocument::from_json(&data("state_system.json")).unwrap();
    simulations(&scenario, &system)
        .unwrap()
        .into_iter()
        .map(|(name, sim)| (name, sim.forecast(scenario.seed, 20)))
        .collect()
}

fn month(d: jiff::civil::Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

#[test]
fn the_summary_tells_each_plan_from_the_forecast() {
    let x = inputs();
    let plans = plans();
    let params = ReportParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap());
    let page = report(&ReportInputs::new(&x.system).forecast(&plans), &params).unwrap();
    let finding = page
        .findings()
        .iter()
        .find(|f| f.topic == Topic::Forecast)
        .expect("a forecast finding");
    let text = &finding.text;
    assert!(text.starts_with("Forecast over 20 runs (seed 2025), 2025-07-01 to 2031-07-01"));
    let (base_name, base) = &plans[0];
    let districts = |f: &Forecast| -> Vec<implsci::sim::UnitForecast> {
        f.units
            .iter()
            .filter(|u| u.level.as_str() == "district")
            .cloned()
            .collect()
    };
    for (name, forecast) in &plans {
        let units = districts(forecast);
        let reached = units
            .iter()
            .filter(|u| u.full_implementation.median.is_some())
            .count();
        let said = format!(
            "under “{name}”, {reached} of {} district units reach Full Implementation",
            units.len()
        )
        .replacen(
            "under",
            if name == base_name { "under" } else { "Under" },
            1,
        );
        assert!(text.contains(&said), "{said}: {text}");
        if name == base_name {
            continue;
        }
        // This plan's sentences: from its name to the next plan's.
        let from = text.find(&format!("Under “{name}”")).unwrap();
        let part = &text[from..];
        let part = part[1..].find("Under “").map_or(part, |end| &part[..=end]);
        // Each unit whose median comes earlier than the baseline's is named with its month.
        for u in &units {
            let b = districts(base)
                .into_iter()
                .find(|b| b.unit == u.unit)
                .unwrap();
            let earlier = match (u.full_implementation.median, b.full_implementation.median) {
                (Some(o), Some(b)) => o < b,
                (Some(_), None) => true,
                _ => false,
            };
            let Some(median) = u.full_implementation.median else {
                assert!(!earlier);
                continue;
            };
            let named = format!("{} {}", u.name.as_deref().unwrap(), month(median));
            assert_eq!(part.contains(&named), earlier, "{named}: {part}");
        }
    }
    assert!(!text.contains("Some("), "{text}");
    // The page reads the forecast among its inputs and draws its chart.
    let html = page.to_html();
    assert!(html.contains("a forecast of 3 plans, 20 runs each"));
    assert!(html.contains("Forecast: share of practitioners at fidelity, per district unit"));
    assert!(html.contains("What the plans would bring"));
}

#[test]
fn without_a_forecast_there_is_no_forecast() {
    let x = inputs();
    let params = ReportParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap());
    let page = report(&ReportInputs::new(&x.system), &params).unwrap();
    assert!(page.findings().iter().all(|f| f.topic != Topic::Forecast));
    let html = page.to_html();
    assert!(!html.contains("What the plans would bring"));
    assert!(!html.contains("Forecast: share of practitioners"));
}

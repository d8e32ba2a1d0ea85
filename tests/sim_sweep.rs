//! Sweeps in the library: a cell under common random numbers is exactly the forecast of the
//! scenario with the cell's values; independent streams differ and still do not depend on
//! how the runs are divided; the sensitivity table orders parameters by their swing; records
//! missing or twice are refused.

// The cells' values are the sweep's own numbers, compared exactly.
#![allow(clippy::float_cmp)]

mod sim_support;

use implsci::scenario::{Streams, Sweep};
use implsci::sim::{RecordError, Shard, SweepRun, simulations};
use sim_support::example;

fn sweep(json: serde_json::Value) -> Sweep {
    serde_json::from_value(json).unwrap()
}

#[test]
fn a_cell_under_common_random_numbers_is_the_forecast_with_its_values() {
    let (mut scenario, system) = example();
    scenario.replicates = 6;
    scenario.sweep = Some(sweep(serde_json::json!({
        "parameters": [
            {"parameter": "turnover.practitioners", "values": [0.14, 0.30]},
            {"parameter": "drift", "values": [0.1, 0.4]}
        ],
        "plans": ["form the missing teams"]
    })));
    let run = SweepRun::new(&scenario, &system).unwrap();
    // Plans first, the last parameter fastest: cell 1 is 0.14 with drift 0.4.
    let cell = &run.cells()[1];
    assert_eq!(cell.plan, "form the missing teams");
    assert_eq!(cell.values[0].1, 0.14);
    assert_eq!(cell.values[1].1, 0.4);
    let result = run.summarise(run.run_all(0..run.runs(), &|| {})).unwrap();

    let mut plain = scenario.clone();
    plain.sweep = None;
    plain.parameters.turnover = Some(plain.parameters.resolve().turnover);
    if let Some(t) = &mut plain.parameters.turnover {
        t.practitioners = 0.14;
    }
    plain.parameters.drift = Some(0.4);
    let sims = simulations(&plain, &system).unwrap();
    let (_, sim) = sims
        .iter()
        .find(|(name, _)| name == "form the missing teams")
        .unwrap();
    let mut direct = sim.forecast(plain.seed, 6);
    if let Some(rates) = &plain.costs {
        direct = direct.with_costs(rates);
    }
    assert_eq!(result.cells[1].forecast, direct);
}

#[test]
fn independent_streams_differ_from_common_ones_and_still_divide_freely() {
    let (mut scenario, system) = example();
    scenario.replicates = 8;
    let mut s = sweep(serde_json::json!({
        "parameters": [{"parameter": "drift", "values": [0.2, 0.3]}],
        "plans": ["form the missing teams"]
    }));
    scenario.sweep = Some(s.clone());
    let common = SweepRun::new(&scenario, &system).unwrap();
    let common = common
        .summarise(common.run_all(0..common.runs(), &|| {}))
        .unwrap();
    s.streams = Streams::Independent;
    scenario.sweep = Some(s);
    let run = SweepRun::new(&scenario, &system).unwrap();
    let whole = run.summarise(run.run_all(0..run.runs(), &|| {})).unwrap();
    assert_ne!(
        whole.cells[0].forecast.series,
        common.cells[0].forecast.series
    );
    let mut records = Vec::new();
    for i in [3, 1, 2] {
        records.extend(run.run_all(Shard::new(i, 3).unwrap().runs(run.runs()), &|| {}));
    }
    assert_eq!(run.summarise(records).unwrap(), whole);
}

#[test]
fn a_lower_full_implementation_share_is_reached_no_later_and_swings_most() {
    let (mut scenario, system) = example();
    scenario.replicates = 8;
    scenario.sweep = Some(sweep(serde_json::json!({
        "parameters": [
            {"parameter": "barriers.lift", "values": [0.25, 0.3]},
            {"parameter": "full_implementation", "values": [0.3, 0.7]}
        ],
        "plans": ["form the missing teams"]
    })));
    let run = SweepRun::new(&scenario, &system).unwrap();
    let result = run.summarise(run.run_all(0..run.runs(), &|| {})).unwrap();
    let district: Vec<_> = result
        .sensitivity
        .iter()
        .filter(|s| s.level.as_str() == "district")
        .collect();
    assert_eq!(district.len(), 2);
    // Under common random numbers the runs at 0.3 and 0.7 are the same runs judged by two
    // thresholds: every unit reaches 30% no later than 70%.
    let full = district
        .iter()
        .find(|s| s.parameter.as_str() == "full_implementation")
        .unwrap();
    let (low, high) = (&full.points[0], &full.points[1]);
    assert!(low.median.is_some(), "{full:?}");
    assert!(
        high.median.is_none_or(|h| low.median.unwrap() <= h),
        "{full:?}"
    );
    assert!(low.reached.numerator >= high.reached.numerator);
    // The threshold moves the date more than a small change of the lift: it comes first.
    assert_eq!(district[0].parameter.as_str(), "full_implementation");
    // Every cell of the same full_implementation value shares its runs, whatever the lift:
    // the level's median at 0.3 is the pooled median of both lifts' cells.
    assert_eq!(full.points[0].reached.denominator, 2 * 8);
}

#[test]
fn records_missing_or_twice_are_refused() {
    let (mut scenario, system) = example();
    scenario.replicates = 2;
    scenario.horizon = "2026-07-01".parse().unwrap();
    scenario.sweep = Some(sweep(serde_json::json!({"plans": ["current plan"]})));
    let run = SweepRun::new(&scenario, &system).unwrap();
    assert_eq!(run.runs(), 2);
    let one = run.run_all([1], &|| {});
    assert_eq!(
        run.summarise(one.clone()).unwrap_err(),
        RecordError::Missing {
            run: 0,
            cell: 0,
            replicate: 0
        }
    );
    let twice = [one.clone(), one].concat();
    assert!(matches!(
        run.summarise(twice).unwrap_err(),
        RecordError::Duplicate { run: 1, .. }
    ));
}

//! The example state's report, as the README's main job writes it, for the report tests.

#![allow(dead_code)]

use implsci::event::{Event, parse_log};
use implsci::report::{Report, ReportInputs, ReportParams, ScoreSet, report};
use implsci::score::{
    AdministrationsDocument, Instrument, InstrumentDefinition, InstrumentDocument, ItemSum, Score,
};
use implsci::system::System;
use implsci::{Document, Innovation, SiteRecord};

/// Reads a file of the example data.
pub fn data(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every input the example state has.
pub struct ExampleInputs {
    pub system: System,
    pub events: Vec<Event>,
    pub sites: Vec<SiteRecord>,
    pub innovation: Innovation,
    /// The capacity assessment's definition and its scores.
    pub dca: (InstrumentDefinition, Vec<Score>),
}

pub fn inputs() -> ExampleInputs {
    let system = System::from_json(&data("state_system.json")).expect("the example system");
    let log = parse_log(data("state_events.jsonl").as_bytes());
    assert!(log.refused.is_empty());
    let events = log.records.into_iter().map(|r| r.value).collect();
    let sites = ["wake", "lincoln-es", "buncombe"]
        .iter()
        .map(|s| SiteRecord::from_json(&data(&format!("sites/{s}.json"))).expect("a site record"))
        .collect();
    let innovation = Innovation::from_json(&data("innovation.json")).expect("the innovation");
    let instrument = InstrumentDocument::from_json(&data("dca_instrument.json")).expect("the DCA");
    let instrument = ItemSum::new(instrument.instrument).expect("an item sum");
    let administrations = AdministrationsDocument::from_json(&data("dca_administrations.json"))
        .expect("the DCA administrations");
    let scores = administrations
        .administrations
        .iter()
        .map(|a| instrument.score(a))
        .collect::<Result<Vec<_>, _>>()
        .expect("scores");
    ExampleInputs {
        system,
        events,
        sites,
        innovation,
        dca: (instrument.definition().clone(), scores),
    }
}

/// The example state's report on 31 January 2025, by district, from every input.
pub fn example_report(x: &ExampleInputs) -> Report {
    let sets = [ScoreSet::of(&x.dca.0, &x.dca.1)];
    let inputs = ReportInputs::new(&x.system)
        .events(&x.events)
        .sites(&x.sites)
        .scores(&sets)
        .innovation(&x.innovation);
    let params = ReportParams::new("district".parse().unwrap(), "2025-01-31".parse().unwrap());
    report(&inputs, &params).expect("the example report")
}

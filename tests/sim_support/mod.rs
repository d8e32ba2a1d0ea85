//! What the simulation's tests share.

#![allow(dead_code)]

use implsci::Document;
use implsci::scenario::{Barriers, ModelParameters, Scenario, Turnover};
use implsci::system::SystemDocument;

/// `p` with no one leaving and no barrier raised: only training and coaching act.
pub fn still(mut p: ModelParameters) -> ModelParameters {
    p.turnover = Turnover {
        practitioners: 0.0,
        coaches: 0.0,
        team_members: 0.0,
    };
    p.barriers = Barriers {
        per_year: 0.0,
        ..Barriers::default()
    };
    p
}

/// The example scenario and the example state it names.
pub fn example() -> (Scenario, SystemDocument) {
    let scenario =
        Scenario::from_json(&std::fs::read_to_string("examples/data/scenario.json").unwrap())
            .unwrap();
    let system = SystemDocument::from_json(
        &std::fs::read_to_string("examples/data/state_system.json").unwrap(),
    )
    .unwrap();
    (scenario, system)
}

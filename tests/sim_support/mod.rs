//! What the simulation's tests share.

#![allow(dead_code)]

use implsci::scenario::{Barriers, ModelParameters, Turnover};

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

//! A scenario: what to simulate, on which system, with which parameters and plans.

mod document;
pub mod estimate;
mod parameters;
mod step;
mod sweep;

pub use document::{CostRates, Scenario, ScenarioPlan, SystemSource};
pub use parameters::{
    Barriers, ModelParameters, Parameters, Preset, ScaleAttenuation, SupportTable, Turnover,
    Workforce,
};
pub use step::Step;
pub use sweep::{
    MAX_SWEEP_CELLS, MAX_SWEEP_RUNS, MAX_SWEEP_VALUES, Streams, Sweep, SweepAxis, SweepParameter,
    SweepRange,
};

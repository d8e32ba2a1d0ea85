//! A scenario: what to simulate, on which system, with which parameters and plans.

mod parameters;
mod step;

pub use parameters::{
    Barriers, ModelParameters, Parameters, Preset, ScaleAttenuation, SupportTable, Turnover,
    Workforce,
};
pub use step::Step;

//! A scenario's plans as simulations: each plan's system documents over time and the effects
//! it has on practitioners.
//!
//! The system changes on the dates of the plan's actions and of the document's own dated
//! teams, memberships and links within the run: each such date opens an epoch whose document
//! is [`Plan::apply`](crate::plan::Plan::apply) as of that date. Trainings,
//! de-implementations and starts of an innovation are effects on the units' practitioners.

use std::collections::BTreeSet;

use jiff::civil::Date;

use super::{Cohort, CohortKind, Setup, SimError, Simulation};
use crate::error::ValidationErrors;
use crate::plan::{Action, TrainingComponent};
use crate::scenario::{Scenario, ScenarioPlan};
use crate::system::SystemDocument;

/// Why a scenario cannot be simulated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The scenario or one of its plans is invalid against the system.
    #[error("the scenario is invalid: {0}")]
    Invalid(ValidationErrors),
    /// A plan's system does not simulate.
    #[error("plan `{plan}`: {error}")]
    Simulation {
        /// The plan.
        plan: String,
        /// Why.
        error: SimError,
    },
}

/// The setup a scenario describes.
#[must_use]
pub fn setup_of(scenario: &Scenario) -> Setup {
    let mut setup = Setup::new(
        scenario.innovations.clone(),
        scenario.start,
        scenario.horizon,
    );
    setup.step = scenario.step;
    setup.parameters = scenario.parameters.resolve();
    setup.level.clone_from(&scenario.level);
    setup
}

/// Each of the scenario's plans ([`Scenario::plans_to_run`]) as a prepared simulation, with
/// its name.
///
/// ```
/// use implsci::{Document, scenario::Scenario, system::SystemDocument};
/// let scenario = Scenario::from_json(&std::fs::read_to_string("examples/data/scenario.json")?)?;
/// let system = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let sims = implsci::sim::simulations(&scenario, &system)?;
/// assert_eq!(sims.len(), scenario.plans.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ScenarioError::Invalid`] with every problem of [`Scenario::validate_with`];
/// [`ScenarioError::Simulation`] when a plan's system cannot be simulated.
pub fn simulations(
    scenario: &Scenario,
    system: &SystemDocument,
) -> Result<Vec<(String, Simulation)>, ScenarioError> {
    scenario
        .validate_with(system)
        .map_err(ScenarioError::Invalid)?;
    let setup = setup_of(scenario);
    scenario
        .plans_to_run()
        .iter()
        .map(|plan| {
            prepare(&setup, system, plan)
                .map(|sim| (plan.name.clone(), sim))
                .map_err(|error| ScenarioError::Simulation {
                    plan: plan.name.clone(),
                    error,
                })
        })
        .collect()
}

/// One plan as a simulation.
fn prepare(
    setup: &Setup,
    system: &SystemDocument,
    plan: &ScenarioPlan,
) -> Result<Simulation, SimError> {
    let as_plan = plan.to_plan();
    let inside = |d: Date| setup.start < d && d < setup.horizon;
    let mut dates: BTreeSet<Date> = BTreeSet::new();
    for action in &plan.actions {
        if !matches!(action, Action::TrainCohort { .. }) {
            dates.insert(action.date());
        }
    }
    for team in &system.teams {
        dates.extend(team.start.into_iter().chain(team.end));
        for m in &team.members {
            dates.extend(std::iter::once(m.start).chain(m.end));
        }
    }
    for link in &system.links {
        dates.extend(std::iter::once(link.start).chain(link.end));
    }
    let mut epochs = Vec::new();
    let first = as_plan
        .apply(system, setup.start)
        .map_err(SimError::System)?;
    epochs.push((setup.start, first));
    for date in dates.into_iter().filter(|&d| inside(d)) {
        let doc = as_plan.apply(system, date).map_err(SimError::System)?;
        epochs.push((date, doc));
    }
    let mut cohorts = Vec::new();
    for action in &plan.actions {
        let cohort = match action {
            Action::TrainCohort {
                date,
                innovation,
                units,
                components,
                ..
            } => {
                let level = components
                    .iter()
                    .map(|c| match c {
                        TrainingComponent::Theory => 1,
                        TrainingComponent::Demonstration => 2,
                        TrainingComponent::Practice => 3,
                    })
                    .max()
                    .unwrap_or(0);
                Cohort::train(*date, innovation.clone(), units.clone(), level)
            }
            Action::Deimplement {
                date,
                innovation,
                units,
                ..
            } => Cohort {
                date: *date,
                innovation: innovation.clone(),
                units: units.clone(),
                kind: CohortKind::Deimplement,
            },
            Action::StartInnovation {
                date,
                innovation,
                units,
                ..
            } => Cohort {
                date: *date,
                innovation: innovation.clone(),
                units: units.clone(),
                kind: CohortKind::Start,
            },
            _ => continue,
        };
        if cohort.date < setup.horizon {
            cohorts.push(cohort);
        }
    }
    Simulation::with_effects(setup, epochs, &cohorts)
}

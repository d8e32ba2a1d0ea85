//! The scale-up simulation: will a system reach Full Implementation, when, and with what.
//!
//! A seeded, discrete-time simulation over the crate's own model. Every practitioner's post,
//! for each innovation, holds a training level (Joyce & Showers' components: theory,
//! demonstration, practice with feedback) and a status: not using → using → at fidelity, with
//! drift back without coaching. Each step:
//!
//! - practitioners leave at a yearly rate and untrained hires refill their posts after a
//!   vacancy ([`ModelParameters::turnover`](crate::scenario::ModelParameters), NCES);
//! - a trained practitioner starts routine use, and one in use reaches fidelity, with the
//!   chance within a school year of [`ModelParameters::use_given`] and
//!   [`ModelParameters::fidelity_given`](crate::scenario::ModelParameters) (Joyce & Showers
//!   2002), turned into a chance per step ([`hazard`](self) rules: `1 − (1 − p)^(1/n)`);
//! - coaching comes from the coaches whose caseload holds the practitioner, up to capacity
//!   (a caseload over capacity shares the dose), with its effect halved at scale in the
//!   realistic preset (Kraft, Blazar & Hogan 2018);
//! - training and coaching reach a unit at full effect only while its chain of support is
//!   unbroken (the alignment report's definitions) and every team on its communication path
//!   has the members it needs, and at [`ModelParameters::broken_chain_effect`] otherwise;
//! - barriers raised in practice travel the communication path a hop per step, stall where
//!   the chain breaks, and once resolved lift the raising unit for a while;
//! - a unit is at Full Implementation while 50% or more of its intended practitioners are at
//!   fidelity (NIRN module 4); the first step it is, is its date.
//!
//! [`ModelParameters::use_given`]: crate::scenario::ModelParameters::use_given
//! [`ModelParameters::broken_chain_effect`]: crate::scenario::ModelParameters::broken_chain_effect
//!
//! Randomness: `ChaCha8` seeded from the root seed, one stream per replicate and purpose
//! (`replicate × 4 + purpose`), posts visited in a fixed order, so a replicate's result
//! depends on its seed and number alone, never on threads.
//!
//! ```
//! use implsci::sim::{Setup, Simulation, Step};
//! use implsci::system::generate::{generate, Shape};
//!
//! let doc = generate(&Shape::new(1, 1, 2, 10), 1)?;
//! let mut setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
//! setup.step = Step::Week;
//! let sim = Simulation::new(&setup, doc)?;
//! let a = sim.replicate(7, 0);
//! assert_eq!(a, sim.replicate(7, 0)); // the same seed, the same run
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::Arc;

use jiff::civil::Date;

use crate::error::ValidationErrors;
use crate::id::{InnovationId, LevelId, UnitId};
use crate::period::{Calendar, PeriodKind};
use crate::scenario::ModelParameters;
pub use crate::scenario::Step;
use crate::system::SystemDocument;

mod caseloads;
mod forecast;
mod hazard;
mod output;
mod plans;
mod run;
mod sweep;
mod synthetic;
mod world;

pub use forecast::{
    Forecast, LevelForecast, LevelSeriesRow, Measure, Reached, SeriesRow, UnitForecast,
};
pub use output::{Comparison, Cost};
pub use plans::{ScenarioError, setup_of, simulations};
pub use sweep::{
    Cell, CellForecast, MergeError, RecordError, RunRecord, Sensitivity, SensitivityPoint, Shard,
    ShardError, ShardManifest, SweepForecast, SweepRun, SweptParameter, merge_shards,
    read_manifest, read_runs, read_shard, write_shard,
};
pub use synthetic::{CYCLE_DAYS, Staffing, SyntheticLog};

/// What to simulate, beside the system and the plan.
///
/// ```
/// use implsci::sim::Setup;
/// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2031-07-01".parse()?);
/// assert_eq!(setup.parameters.full_implementation, 0.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Setup {
    /// The innovations simulated, each with its own statuses; they share coaches.
    pub innovations: Vec<InnovationId>,
    /// The first day.
    pub start: Date,
    /// The first day not simulated.
    pub horizon: Date,
    /// The step.
    pub step: Step,
    /// The model's values.
    pub parameters: ModelParameters,
    /// Results per unit down to this level; `None`: every unit.
    pub level: Option<LevelId>,
    /// Counts are recorded at the end of each period of this kind (and of the last step).
    pub record: PeriodKind,
}

impl Setup {
    /// A setup with the default parameters, weekly steps and quarterly records.
    #[must_use]
    pub fn new(innovations: Vec<InnovationId>, start: Date, horizon: Date) -> Self {
        Self {
            innovations,
            start,
            horizon,
            step: Step::Week,
            parameters: ModelParameters::default(),
            level: None,
            record: PeriodKind::Quarter,
        }
    }
}

/// What a dated effect does to the units it names and those below them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EffectKind {
    /// Trains the practitioners in post to this level (1 theory, 2 demonstration, 3 practice).
    Train(u8),
    /// The innovation stops: statuses and training for it are cleared, and the units no
    /// longer count it.
    Deimplement,
    /// The innovation starts at the units; with any start effect for an innovation, it runs
    /// only where one has started it.
    Start,
}

/// A dated effect that changes practitioners rather than the system's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Effect {
    pub(crate) step: u32,
    pub(crate) innovation: usize,
    pub(crate) units: Vec<u32>,
    pub(crate) kind: EffectKind,
}

/// Why a simulation cannot be prepared.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// A system document of the run does not build.
    #[error("the system does not build: {0}")]
    System(ValidationErrors),
    /// No system document was given.
    #[error("no system to simulate")]
    NoEpoch,
    /// The level results are asked for is not in the system.
    #[error("level `{0}` is not in the system")]
    UnknownLevel(LevelId),
    /// A unit named by an effect is not in the system.
    #[error("unit `{0}` is not in the system")]
    UnknownUnit(UnitId),
    /// A unit's practitioners have more coaches for one innovation than the simulation
    /// keeps per unit (65,535).
    #[error("unit `{0}`: its practitioners have more than 65,535 coaches for one innovation")]
    TooManyCoaches(UnitId),
    /// An effect names an innovation the setup does not simulate.
    #[error("innovation `{0}` is not simulated")]
    UnknownInnovation(InnovationId),
}

/// One dated training of a cohort, or another effect on practitioners, for
/// [`Simulation::with_effects`].
///
/// ```
/// use implsci::sim::{Cohort, CohortKind};
/// let cohort = Cohort::train("2026-08-01".parse()?, "pbis".parse()?, vec!["state".parse()?], 3);
/// assert_eq!(cohort.kind, CohortKind::Train(3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Cohort {
    /// When.
    pub date: Date,
    /// For which innovation.
    pub innovation: InnovationId,
    /// The units; the units below them are included.
    pub units: Vec<UnitId>,
    /// What happens.
    pub kind: CohortKind,
}

/// What a [`Cohort`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CohortKind {
    /// Training to a level: 1 theory, 2 demonstration, 3 practice with feedback.
    Train(u8),
    /// De-implementation.
    Deimplement,
    /// The innovation starts there.
    Start,
}

impl Cohort {
    /// A training of the practitioners in post under `units` on `date`, to `level`.
    #[must_use]
    pub fn train(date: Date, innovation: InnovationId, units: Vec<UnitId>, level: u8) -> Self {
        Self {
            date,
            innovation,
            units,
            kind: CohortKind::Train(level),
        }
    }
}

/// A prepared simulation: the world every replicate shares, and the dated effects.
pub struct Simulation {
    world: Arc<world::World>,
    rules: world::Rules,
    effects: Vec<Effect>,
    /// Training sessions: per cohort, one per unit with practitioners of its own it trains.
    sessions: u64,
    setup: Setup,
}

impl Simulation {
    /// Prepares a simulation of `system` as it stands through the whole run, with no effects.
    ///
    /// # Errors
    ///
    /// [`SimError::System`] when the document does not build.
    pub fn new(setup: &Setup, system: SystemDocument) -> Result<Self, SimError> {
        Self::with_effects(setup, vec![(setup.start, system)], &[])
    }

    /// Prepares a simulation over `epochs` (each document from its date on, the first on or
    /// before the start) with dated effects on practitioners.
    ///
    /// # Errors
    ///
    /// [`SimError`] when a document does not build or an effect names an unknown unit or
    /// innovation.
    pub fn with_effects(
        setup: &Setup,
        epochs: Vec<(Date, SystemDocument)>,
        cohorts: &[Cohort],
    ) -> Result<Self, SimError> {
        let world = world::World::new(setup, epochs)?;
        let mut effects = Vec::with_capacity(cohorts.len());
        let mut sessions = 0u64;
        for c in cohorts {
            let innovation = setup
                .innovations
                .iter()
                .position(|i| *i == c.innovation)
                .ok_or_else(|| SimError::UnknownInnovation(c.innovation.clone()))?;
            let units = c
                .units
                .iter()
                .map(|u| {
                    world
                        .system
                        .unit_position(u.as_str())
                        .ok_or_else(|| SimError::UnknownUnit(u.clone()))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let kind = match c.kind {
                CohortKind::Train(level) => EffectKind::Train(level.min(3)),
                CohortKind::Deimplement => EffectKind::Deimplement,
                CohortKind::Start => EffectKind::Start,
            };
            if let EffectKind::Train(_) = kind {
                sessions += units
                    .iter()
                    .flat_map(|&u| world.subtree(u))
                    .filter(|&u| world.unit_posts[u as usize + 1] > world.unit_posts[u as usize])
                    .count() as u64;
            }
            effects.push(Effect {
                step: setup.step.index_of(setup.start, c.date),
                innovation,
                units,
                kind,
            });
        }
        // Stable: effects of one step keep their listed order.
        effects.sort_by_key(|e| e.step);
        let rules = world.rules(setup.parameters);
        Ok(Self {
            world: Arc::new(world),
            rules,
            effects,
            sessions,
            setup: setup.clone(),
        })
    }

    /// The setup.
    #[must_use]
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// The same simulation with other model values: the world (posts, units, epochs,
    /// coaches) is shared and only the thresholds are made anew, so a sweep's cells cost
    /// little beyond their runs.
    ///
    /// ```
    /// use implsci::sim::{Cohort, Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 1, 2, 10), 1)?;
    /// let mut setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let train = Cohort::train("2026-08-01".parse()?, "pbis".parse()?, vec![doc.units[0].id.clone()], 3);
    /// let sim = Simulation::with_effects(&setup, vec![(setup.start, doc.clone())], &[train.clone()])?;
    /// setup.parameters.drift = 0.5;
    /// let direct = Simulation::with_effects(&setup, vec![(setup.start, doc)], &[train])?;
    /// let derived = sim.with_parameters(setup.parameters);
    /// assert_eq!(derived.replicate(7, 0), direct.replicate(7, 0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_parameters(&self, parameters: ModelParameters) -> Self {
        let mut setup = self.setup.clone();
        setup.parameters = parameters;
        Self {
            world: Arc::clone(&self.world),
            rules: self.world.rules(parameters),
            effects: self.effects.clone(),
            sessions: self.sessions,
            setup,
        }
    }

    /// Bytes the simulation keeps beyond the built system: the world every replicate shares
    /// (posts, units, each epoch's chains, paths and coaches) and one replicate's state, which
    /// each running replicate holds once.
    ///
    /// ```
    /// use implsci::sim::{Setup, Simulation};
    /// use implsci::system::generate::{generate, Shape};
    /// let doc = generate(&Shape::new(1, 2, 10, 50), 1)?;
    /// let setup = Setup::new(vec!["pbis".parse()?], "2026-07-01".parse()?, "2027-07-01".parse()?);
    /// let sim = Simulation::new(&setup, doc)?;
    /// let per_post = (sim.shared_bytes() + sim.replicate_bytes()) / 1000;
    /// assert!(per_post <= 32, "{per_post} bytes per practitioner");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn shared_bytes(&self) -> usize {
        self.world.heap_bytes()
            + self.rules.heap_bytes()
            + self
                .effects
                .iter()
                .map(|e| e.units.capacity() * 4)
                .sum::<usize>()
    }

    /// Bytes one replicate's state takes while it runs, and its outcome.
    #[must_use]
    pub fn replicate_bytes(&self) -> usize {
        let w = &self.world;
        let (posts, units, kinds) = (w.posts(), w.parent.len(), w.innovations.len());
        let members: usize = w.team_slots.iter().map(|t| t.members as usize * 2).sum();
        let points = w.record_points().len();
        posts * 2
            + posts * kinds * 2
            + members
            + w.coach_ids.len() * 2
            + units * kinds * 4
            + units * 8
            + units * kinds * (run::MEASURES + 1) * 4
            + units * kinds * 4
            + points * kinds * w.out_units.len() * (run::MEASURES + 1) * 4
    }

    /// Runs one replicate.
    #[must_use]
    pub fn replicate(&self, seed: u64, replicate: u64) -> Replicate {
        Replicate(run::run(
            &self.world,
            &self.rules,
            &self.effects,
            seed,
            replicate,
            &mut (),
        ))
    }
}

/// The result of one replicate.
#[derive(Debug, Clone, PartialEq)]
pub struct Replicate(run::Outcome);

impl world::World {
    /// Steps in `weeks` weeks, rounded up.
    pub(crate) fn steps_of_weeks(&self, weeks: u32) -> u32 {
        let steps = (f64::from(weeks) * self.steps_per_year / 52.0).ceil();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let steps = steps.clamp(0.0, f64::from(u32::MAX)) as u32;
        steps
    }

    /// The steps whose end is recorded: the last of each period, and the last step.
    pub(crate) fn record_points(&self) -> Vec<u32> {
        let calendar = Calendar::new(self.record);
        (0..self.steps)
            .filter(|&s| {
                s + 1 == self.steps
                    || calendar.period_of(self.step.last_day(self.start, s))
                        != calendar.period_of(self.step.last_day(self.start, s + 1))
            })
            .collect()
    }

    /// Unit `u` and every unit below it.
    pub(crate) fn subtree(&self, u: u32) -> Vec<u32> {
        let mut out = vec![u];
        let mut head = 0;
        while head < out.len() {
            let at = out[head] as usize;
            head += 1;
            out.extend_from_slice(
                &self.children[self.child_start[at] as usize..self.child_start[at + 1] as usize],
            );
        }
        out
    }
}

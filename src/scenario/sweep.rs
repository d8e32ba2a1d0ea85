//! A scenario's `sweep`: parameters with lists or ranges of values, the plans to run at each,
//! and replicates per cell. Cells are the Cartesian product, numbered in a fixed order:
//! plans first (in the sweep's order), then each parameter in the order listed, the last
//! varying fastest, as the digits of a number do.
//!
//! Every default in the simulation has a wide published range (teachers' turnover from 14% to
//! 30% a year, the coaching transfer from 75% to 95%: `SIMULATION.md` in the project's
//! reference notes), so a credible forecast sweeps them.
//!
//! ```
//! use implsci::scenario::{Sweep, SweepParameter};
//! let sweep: Sweep = serde_json::from_str(r#"{
//!     "parameters": [
//!         {"parameter": "turnover.practitioners", "values": [0.14, 0.30]},
//!         {"parameter": "use_given.coaching", "range": {"from": 0.75, "to": 0.95, "count": 3}}
//!     ],
//!     "replicates": 20
//! }"#)?;
//! assert_eq!(sweep.parameters[1].values(), vec![0.75, 0.85, 0.95]);
//! assert_eq!(sweep.parameters[0].parameter, SweepParameter::TurnoverPractitioners);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ModelParameters;
use super::parameters::{probability, rate};
use crate::error::{Problem, ProblemKind, Problems};

/// The most values one parameter takes in a sweep (the crate's own bound).
pub const MAX_SWEEP_VALUES: u32 = 10_000;

/// The most cells of a sweep (the crate's own bound: every cell's summaries are kept).
pub const MAX_SWEEP_CELLS: u64 = 1_000_000;

/// The most runs (cells × replicates) of a sweep (the crate's own bound: a merge keeps one
/// record per run).
pub const MAX_SWEEP_RUNS: u64 = 10_000_000;

/// How the runs of a sweep draw their random numbers.
///
/// Either way the stream of run (cell `c`, replicate `r`) is derived from the root seed, `c`
/// and `r` alone, so a result never depends on how the work is divided, on thread counts or
/// on the order tasks run in.
///
/// ```
/// use implsci::scenario::Streams;
/// assert_eq!(Streams::default(), Streams::Common);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Streams {
    /// Common random numbers: replicate `r` of every cell draws from the streams of
    /// replicate `r` of the root seed, as the plans of one forecast already do, so the
    /// difference between two cells is the parameters' and not the draws' (common random
    /// numbers, the variance reduction for comparing alternatives: Law, *Simulation
    /// Modeling and Analysis*, ch. 11). A cell's forecast is then exactly
    /// `implsci simulate` of the scenario with the cell's values.
    #[default]
    Common,
    /// Independent cells: cell `c` draws from a seed mixed from the root seed and `c`
    /// (SplitMix64's finaliser), replicate `r` from its streams.
    Independent,
}

/// A value of the model a sweep can vary: the path of a [`ModelParameters`] value.
///
/// ```
/// use implsci::scenario::{ModelParameters, SweepParameter};
/// let mut p = ModelParameters::default();
/// SweepParameter::Drift.set(&mut p, 0.1);
/// assert_eq!(p.drift, 0.1);
/// assert_eq!(SweepParameter::Drift.as_str(), "drift");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub enum SweepParameter {
    /// [`ModelParameters::use_given`]`.theory`.
    #[serde(rename = "use_given.theory")]
    UseGivenTheory,
    /// [`ModelParameters::use_given`]`.demonstration`.
    #[serde(rename = "use_given.demonstration")]
    UseGivenDemonstration,
    /// [`ModelParameters::use_given`]`.practice`.
    #[serde(rename = "use_given.practice")]
    UseGivenPractice,
    /// [`ModelParameters::use_given`]`.coaching`.
    #[serde(rename = "use_given.coaching")]
    UseGivenCoaching,
    /// [`ModelParameters::fidelity_given`]`.theory`.
    #[serde(rename = "fidelity_given.theory")]
    FidelityGivenTheory,
    /// [`ModelParameters::fidelity_given`]`.demonstration`.
    #[serde(rename = "fidelity_given.demonstration")]
    FidelityGivenDemonstration,
    /// [`ModelParameters::fidelity_given`]`.practice`.
    #[serde(rename = "fidelity_given.practice")]
    FidelityGivenPractice,
    /// [`ModelParameters::fidelity_given`]`.coaching`.
    #[serde(rename = "fidelity_given.coaching")]
    FidelityGivenCoaching,
    /// [`ModelParameters::drift`].
    #[serde(rename = "drift")]
    Drift,
    /// The factor of [`ModelParameters::scale`]; with no attenuation in the preset, the
    /// factor applies at every size.
    #[serde(rename = "scale.factor")]
    ScaleFactor,
    /// The program size of [`ModelParameters::scale`]: a whole number.
    #[serde(rename = "scale.program_size")]
    ScaleProgramSize,
    /// [`ModelParameters::turnover`]`.practitioners`.
    #[serde(rename = "turnover.practitioners")]
    TurnoverPractitioners,
    /// [`ModelParameters::turnover`]`.coaches`.
    #[serde(rename = "turnover.coaches")]
    TurnoverCoaches,
    /// [`ModelParameters::turnover`]`.team_members`.
    #[serde(rename = "turnover.team_members")]
    TurnoverTeamMembers,
    /// [`ModelParameters::vacancy_weeks`]: a whole number.
    #[serde(rename = "vacancy_weeks")]
    VacancyWeeks,
    /// [`ModelParameters::broken_chain_effect`].
    #[serde(rename = "broken_chain_effect")]
    BrokenChainEffect,
    /// [`ModelParameters::barriers`]`.per_year`.
    #[serde(rename = "barriers.per_year")]
    BarriersPerYear,
    /// [`ModelParameters::barriers`]`.lift`.
    #[serde(rename = "barriers.lift")]
    BarriersLift,
    /// [`ModelParameters::barriers`]`.lift_weeks`: a whole number.
    #[serde(rename = "barriers.lift_weeks")]
    BarriersLiftWeeks,
    /// [`ModelParameters::full_implementation`].
    #[serde(rename = "full_implementation")]
    FullImplementation,
}

/// What kind of number a parameter takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Domain {
    Probability,
    Rate,
    Whole,
}

impl SweepParameter {
    /// Its path, as the scenario and the outputs' column names write it.
    ///
    /// ```
    /// use implsci::scenario::SweepParameter;
    /// assert_eq!(SweepParameter::TurnoverPractitioners.as_str(), "turnover.practitioners");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UseGivenTheory => "use_given.theory",
            Self::UseGivenDemonstration => "use_given.demonstration",
            Self::UseGivenPractice => "use_given.practice",
            Self::UseGivenCoaching => "use_given.coaching",
            Self::FidelityGivenTheory => "fidelity_given.theory",
            Self::FidelityGivenDemonstration => "fidelity_given.demonstration",
            Self::FidelityGivenPractice => "fidelity_given.practice",
            Self::FidelityGivenCoaching => "fidelity_given.coaching",
            Self::Drift => "drift",
            Self::ScaleFactor => "scale.factor",
            Self::ScaleProgramSize => "scale.program_size",
            Self::TurnoverPractitioners => "turnover.practitioners",
            Self::TurnoverCoaches => "turnover.coaches",
            Self::TurnoverTeamMembers => "turnover.team_members",
            Self::VacancyWeeks => "vacancy_weeks",
            Self::BrokenChainEffect => "broken_chain_effect",
            Self::BarriersPerYear => "barriers.per_year",
            Self::BarriersLift => "barriers.lift",
            Self::BarriersLiftWeeks => "barriers.lift_weeks",
            Self::FullImplementation => "full_implementation",
        }
    }

    fn domain(self) -> Domain {
        match self {
            Self::ScaleProgramSize | Self::VacancyWeeks | Self::BarriersLiftWeeks => Domain::Whole,
            Self::BarriersPerYear | Self::BarriersLift => Domain::Rate,
            _ => Domain::Probability,
        }
    }

    /// Sets the value in `p`. A whole-number parameter takes `value` rounded and bounded to
    /// its type; a sweep's validation refuses any value that is not already a whole number
    /// in range.
    pub fn set(self, p: &mut ModelParameters, value: f64) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = value.round().clamp(0.0, f64::from(u32::MAX)) as u32;
        match self {
            Self::UseGivenTheory => p.use_given.theory = value,
            Self::UseGivenDemonstration => p.use_given.demonstration = value,
            Self::UseGivenPractice => p.use_given.practice = value,
            Self::UseGivenCoaching => p.use_given.coaching = value,
            Self::FidelityGivenTheory => p.fidelity_given.theory = value,
            Self::FidelityGivenDemonstration => p.fidelity_given.demonstration = value,
            Self::FidelityGivenPractice => p.fidelity_given.practice = value,
            Self::FidelityGivenCoaching => p.fidelity_given.coaching = value,
            Self::Drift => p.drift = value,
            Self::ScaleFactor => {
                let mut s = p.scale.unwrap_or(super::ScaleAttenuation::AT_SCALE);
                s.factor = value;
                p.scale = Some(s);
            }
            Self::ScaleProgramSize => {
                let mut s = p.scale.unwrap_or(super::ScaleAttenuation::AT_SCALE);
                s.program_size = whole;
                p.scale = Some(s);
            }
            Self::TurnoverPractitioners => p.turnover.practitioners = value,
            Self::TurnoverCoaches => p.turnover.coaches = value,
            Self::TurnoverTeamMembers => p.turnover.team_members = value,
            Self::VacancyWeeks => p.vacancy_weeks = whole,
            Self::BrokenChainEffect => p.broken_chain_effect = value,
            Self::BarriersPerYear => p.barriers.per_year = value,
            Self::BarriersLift => p.barriers.lift = value,
            Self::BarriersLiftWeeks => p.barriers.lift_weeks = whole,
            Self::FullImplementation => p.full_implementation = value,
        }
    }

    fn check(self, problems: &mut Problems, path: String, value: f64) {
        match self.domain() {
            Domain::Probability => probability(problems, path, value),
            Domain::Rate => rate(problems, path, value),
            Domain::Whole => {
                if !value.is_finite()
                    || value < 0.0
                    || value.fract() != 0.0
                    || value > f64::from(u32::MAX)
                {
                    problems.push(Problem::new(
                        path,
                        ProblemKind::OutOfRange,
                        format!("{value} is not a whole number from 0 to {}", u32::MAX),
                    ));
                }
            }
        }
    }
}

/// Evenly spaced values from `from` to `to`, both included.
///
/// ```
/// use implsci::scenario::SweepRange;
/// let r = SweepRange { from: 0.0, to: 1.0, count: 5 };
/// assert_eq!(r.values(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SweepRange {
    /// The first value.
    pub from: f64,
    /// The last value.
    pub to: f64,
    /// How many values: at least 2.
    pub count: u32,
}

impl SweepRange {
    /// The values, rounded to ten decimals; `from` alone when `count` is below 2.
    #[must_use]
    pub fn values(&self) -> Vec<f64> {
        if self.count < 2 {
            return vec![self.from];
        }
        let last = f64::from(self.count - 1);
        (0..self.count)
            .map(|i| {
                if i == self.count - 1 {
                    self.to
                } else {
                    // Rounded to ten decimals, so 0.75 to 0.95 in three is 0.85 and not
                    // 0.8500000000000001.
                    let v = self.from + (self.to - self.from) * f64::from(i) / last;
                    (v * 1e10).round() / 1e10
                }
            })
            .collect()
    }
}

/// One parameter of a sweep and its values: a list, or a range.
///
/// ```
/// use implsci::scenario::SweepAxis;
/// let axis: SweepAxis = serde_json::from_str(r#"{"parameter": "drift", "values": [0.1, 0.2]}"#)?;
/// assert_eq!(axis.values(), vec![0.1, 0.2]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SweepAxis {
    /// The parameter.
    pub parameter: SweepParameter,
    /// Its values, in order; give this or `range`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<f64>>,
    /// Evenly spaced values; give this or `values`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<SweepRange>,
}

impl SweepAxis {
    /// The values the parameter takes, in order.
    #[must_use]
    pub fn values(&self) -> Vec<f64> {
        match (&self.values, &self.range) {
            (Some(v), _) => v.clone(),
            (None, Some(r)) => r.values(),
            (None, None) => Vec::new(),
        }
    }
}

impl SweepAxis {
    /// Every problem of the axis at `at`.
    fn check(&self, at: &str, problems: &mut Problems) {
        let axis = self;
        match (&axis.values, &axis.range) {
            (Some(_), Some(_)) | (None, None) => problems.push(Problem::new(
                at,
                ProblemKind::OutOfRange,
                "gives its values as a list (`values`) or as a `range`: one of the two",
            )),
            (Some(values), None) => {
                if values.is_empty() || values.len() > MAX_SWEEP_VALUES as usize {
                    problems.push(Problem::new(
                        format!("{at}.values"),
                        ProblemKind::OutOfRange,
                        format!(
                            "holds {} values: from 1 to {MAX_SWEEP_VALUES}",
                            values.len()
                        ),
                    ));
                }
                let mut distinct = HashSet::new();
                for (v, &value) in values.iter().enumerate() {
                    let path = format!("{at}.values[{v}]");
                    if !distinct.insert(value.to_bits()) {
                        problems.push(Problem::new(
                            path.clone(),
                            ProblemKind::DuplicateId,
                            format!("{value} is listed twice"),
                        ));
                    }
                    axis.parameter.check(problems, path, value);
                }
            }
            (None, Some(range)) => {
                if !(2..=MAX_SWEEP_VALUES).contains(&range.count) {
                    problems.push(Problem::new(
                        format!("{at}.range.count"),
                        ProblemKind::OutOfRange,
                        format!("is {}: from 2 to {MAX_SWEEP_VALUES}", range.count),
                    ));
                }
                axis.parameter
                    .check(problems, format!("{at}.range.from"), range.from);
                axis.parameter
                    .check(problems, format!("{at}.range.to"), range.to);
                if range.from.to_bits() == range.to.to_bits() {
                    problems.push(Problem::new(
                        format!("{at}.range.to"),
                        ProblemKind::OutOfRange,
                        "is the range's `from`: a range spans two values or more",
                    ));
                }
                if axis.parameter.domain() == Domain::Whole && range.count >= 2 {
                    for (v, value) in range.values().into_iter().enumerate() {
                        if value.fract() != 0.0 {
                            problems.push(Problem::new(
                                format!("{at}.range"),
                                ProblemKind::OutOfRange,
                                format!("its value {} is {value}, not a whole number", v + 1),
                            ));
                            break;
                        }
                    }
                }
            }
        }
    }
}

fn default_true() -> bool {
    true
}

/// A sweep: parameters with their values, the plans run at each combination, and replicates
/// per cell. An empty sweep (`{}`) has one cell per plan.
///
/// ```
/// use implsci::scenario::Sweep;
/// let sweep: Sweep = serde_json::from_str("{}")?;
/// assert!(sweep.parameters.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Sweep {
    /// The parameters varied, each with its values; absent: none (one cell per plan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<SweepAxis>,
    /// The scenario's plans run at each combination, by name; absent: every plan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<String>,
    /// Replicates per cell; absent: the scenario's replicates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicates: Option<u32>,
    /// How the runs draw their random numbers; absent: common random numbers.
    #[serde(default)]
    pub streams: Streams,
    /// Whether the outputs hold the time series (`series.csv`); absent: true. A large sweep
    /// of a large state may leave it out.
    #[serde(default = "default_true")]
    pub series: bool,
}

impl Default for Sweep {
    fn default() -> Self {
        Self {
            parameters: Vec::new(),
            plans: Vec::new(),
            replicates: None,
            streams: Streams::Common,
            series: true,
        }
    }
}

impl Sweep {
    /// Cells: the plans run times the product of the parameters' value counts (saturating).
    #[must_use]
    pub fn cells(&self, scenario_plans: usize) -> u64 {
        let plans = if self.plans.is_empty() {
            scenario_plans.max(1)
        } else {
            self.plans.len()
        };
        self.parameters.iter().fold(plans as u64, |n, a| {
            n.saturating_mul(a.values().len() as u64)
        })
    }

    /// Every problem of the sweep, under `$.sweep`; `plans` are the scenario's plan names,
    /// `replicates` the scenario's own.
    pub(crate) fn check(&self, plans: &[&str], replicates: u32, problems: &mut Problems) {
        let mut seen = HashSet::new();
        for (a, axis) in self.parameters.iter().enumerate() {
            problems.unique(
                &mut seen,
                axis.parameter.as_str(),
                || format!("$.sweep.parameters[{a}].parameter"),
                "parameter swept twice",
            );
            axis.check(&format!("$.sweep.parameters[{a}]"), problems);
        }
        let mut named = HashSet::new();
        for (i, name) in self.plans.iter().enumerate() {
            let path = || format!("$.sweep.plans[{i}]");
            problems.unique(&mut named, name, path, "plan named twice");
            if !plans.contains(&name.as_str()) {
                problems.dangling(
                    format!("$.sweep.plans[{i}]"),
                    "the scenario has no plan of this name",
                    name,
                    "plan",
                    || plans.iter().copied(),
                );
            }
        }
        if self.replicates == Some(0) {
            problems.push(Problem::new(
                "$.sweep.replicates",
                ProblemKind::OutOfRange,
                "is 0: at least one replicate is run",
            ));
        }
        let cells = self.cells(plans.len());
        let runs = cells.saturating_mul(u64::from(self.replicates.unwrap_or(replicates)));
        if cells > MAX_SWEEP_CELLS {
            problems.push(Problem::new(
                "$.sweep",
                ProblemKind::OutOfRange,
                format!("has {cells} cells: at most {MAX_SWEEP_CELLS}"),
            ));
        } else if runs > MAX_SWEEP_RUNS {
            problems.push(Problem::new(
                "$.sweep",
                ProblemKind::OutOfRange,
                format!(
                    "has {runs} runs (cells × replicates): at most {MAX_SWEEP_RUNS}; divide it \
                     into several sweeps"
                ),
            ));
        }
    }
}

impl Sweep {
    /// The sweep's cells for `plans` (names, in order) as a sweep run numbers them (plans first, the last parameter
    /// varying fastest); a
    /// way to read a cell number without running anything.
    ///
    /// ```
    /// use implsci::scenario::Sweep;
    /// let sweep: Sweep = serde_json::from_str(r#"{"parameters": [{"parameter": "drift", "values": [0.1, 0.2, 0.3]}]}"#)?;
    /// let cells = sweep.cell_values(&["a", "b"]);
    /// assert_eq!(cells.len(), 6);
    /// assert_eq!(cells[4].0, "b");
    /// assert_eq!(cells[4].1[0].1, 0.2);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn cell_values<'a>(&self, plans: &[&'a str]) -> Vec<(&'a str, Vec<(SweepParameter, f64)>)> {
        let axes: Vec<(SweepParameter, Vec<f64>)> = self
            .parameters
            .iter()
            .map(|a| (a.parameter, a.values()))
            .collect();
        let per_plan: u64 = axes.iter().map(|(_, v)| v.len() as u64).product();
        let mut out = Vec::new();
        for &plan in plans {
            for i in 0..per_plan {
                let mut values = Vec::with_capacity(axes.len());
                let mut rest = i;
                for (parameter, vals) in axes.iter().rev() {
                    let n = vals.len() as u64;
                    values.push((*parameter, vals[usize::try_from(rest % n).unwrap_or(0)]));
                    rest /= n;
                }
                values.reverse();
                out.push((plan, values));
            }
        }
        out
    }
}

//! The `scenario` document: the system (a path beside the scenario, or embedded), the
//! innovations, the clock, the replicates and seed, the parameters, the plans to compare, and
//! the cost rates.

use std::collections::HashSet;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Parameters, Step};
use crate::Extensions;
use crate::document::{Document, Kind, SchemaVersion};
use crate::error::{Problem, ProblemKind, Problems, ValidationErrors};
use crate::id::{InnovationId, LevelId};
use crate::plan::{Action, Plan};
use crate::system::SystemDocument;

/// Where a scenario's system is.
///
/// ```
/// use implsci::scenario::SystemSource;
/// let source: SystemSource = serde_json::from_str(r#"{"path": "state_system.json"}"#)?;
/// assert_eq!(source, SystemSource::Path("state_system.json".into()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SystemSource {
    /// A system document's path, relative to the scenario's folder.
    Path(String),
    /// The system document itself.
    Document(Box<SystemDocument>),
}

/// One plan of a scenario: a name and its dated actions ([`Plan`]'s actions).
///
/// ```
/// use implsci::scenario::ScenarioPlan;
/// let plan = ScenarioPlan::new("as it stands");
/// assert!(plan.actions.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScenarioPlan {
    /// What the plan is called in the forecast.
    pub name: String,
    /// Its actions, in any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
}

impl ScenarioPlan {
    /// A plan with no action: the system as it stands.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            actions: Vec::new(),
        }
    }

    /// The actions as a [`Plan`].
    #[must_use]
    pub fn to_plan(&self) -> Plan {
        let mut plan = Plan::new(self.actions.clone());
        plan.name = Some(self.name.clone());
        plan
    }
}

/// What things cost, at the user's own rates.
///
/// ```
/// use implsci::scenario::CostRates;
/// let rates: CostRates = serde_json::from_str(r#"{"coach_fte_year": 80000, "training_session": 2500, "currency": "USD"}"#)?;
/// assert_eq!(rates.coach_fte_year, 80000.0);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CostRates {
    /// A coach's year in post, full time.
    pub coach_fte_year: f64,
    /// One training session: one cohort's training at one unit it names.
    pub training_session: f64,
    /// The currency the rates are in, for the output's labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

fn default_replicates() -> u32 {
    100
}

/// A scenario: what to simulate. The top-level document of kind `scenario`.
///
/// ```
/// use implsci::{Document, scenario::Scenario};
/// let json = std::fs::read_to_string("examples/data/scenario.json")?;
/// let scenario = Scenario::from_json(&json)?;
/// assert_eq!(scenario.plans.len(), 3);
/// assert!(scenario.horizon > scenario.start);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Scenario {
    /// Always `"scenario"`.
    pub kind: Kind<Scenario>,
    /// The contract version the document was written against.
    pub schema_version: SchemaVersion,
    /// The scenario's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The system.
    pub system: SystemSource,
    /// The innovations simulated: at least one.
    pub innovations: Vec<InnovationId>,
    /// The first day simulated.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub start: Date,
    /// The first day not simulated: after the start.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub horizon: Date,
    /// The step; absent: a week.
    #[serde(default)]
    pub step: Step,
    /// Replicates per plan; absent: 100.
    #[serde(default = "default_replicates")]
    pub replicates: u32,
    /// The root seed; absent: 0.
    #[serde(default)]
    pub seed: u64,
    /// Results per unit down to this level; absent: every level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<LevelId>,
    /// The parameters: a preset and overrides.
    #[serde(default)]
    pub parameters: Parameters,
    /// The plans compared; absent or empty: the system as it stands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<ScenarioPlan>,
    /// Cost rates; absent: no cost is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostRates>,
    /// A parameter sweep: with it, `implsci simulate` runs every cell (parameter values ×
    /// plans) and may divide the runs into shards; absent: the plans are compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<super::Sweep>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl crate::document::Tagged for Scenario {
    const KIND: &'static str = "scenario";
}

impl crate::document::sealed::Sealed for Scenario {}

impl Document for Scenario {
    /// Refuses a horizon on or before the start, no innovation or one twice, no replicate,
    /// a probability outside 0–1, a negative rate or cost, plans without a name or with the
    /// same name, a sweep's problems, and the plans' own problems; all at once, each with its path. References
    /// to the system are checked by [`Scenario::validate_with`].
    fn validate(&self) -> Result<(), ValidationErrors> {
        self.problems().finish()
    }
}

impl Scenario {
    /// The plans to run: the scenario's, or one named "as it stands" when it gives none.
    ///
    /// ```
    /// use implsci::{Document, scenario::Scenario};
    /// let mut scenario = Scenario::from_json(&std::fs::read_to_string("examples/data/scenario.json")?)?;
    /// scenario.plans.clear();
    /// assert_eq!(scenario.plans_to_run()[0].name, "as it stands");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn plans_to_run(&self) -> Vec<ScenarioPlan> {
        if self.plans.is_empty() {
            vec![ScenarioPlan::new("as it stands")]
        } else {
            self.plans.clone()
        }
    }

    /// [`Document::validate`], and every reference to the system resolved: the level, and
    /// each plan's actions against the system as the plan builds it (paths such as
    /// `$.plans[1].actions[0].team.unit`); an action's innovation must be one the scenario
    /// simulates.
    ///
    /// # Errors
    ///
    /// Every problem at once.
    pub fn validate_with(&self, system: &SystemDocument) -> Result<(), ValidationErrors> {
        let mut problems = self.problems();
        if let Some(level) = &self.level
            && !system.levels.iter().any(|l| l.id == *level)
        {
            problems.dangling(
                "$.level",
                "no such level in the system",
                level.as_str(),
                "level",
                || system.levels.iter().map(|l| l.id.as_str()),
            );
        }
        for (i, plan) in self.plans.iter().enumerate() {
            if let Err(e) = plan.to_plan().validate_against(system) {
                for mut p in e.into_problems() {
                    p.path = p.path.replacen("$.", &format!("$.plans[{i}]."), 1);
                    problems.push(p);
                }
            }
            for (a, action) in plan.actions.iter().enumerate() {
                if let Some(innovation) = action.innovation()
                    && !self.innovations.contains(innovation)
                {
                    problems.push(
                        Problem::new(
                            format!("$.plans[{i}].actions[{a}].innovation"),
                            ProblemKind::DanglingReference,
                            "the scenario does not simulate this innovation",
                        )
                        .with_id(innovation.as_str()),
                    );
                }
            }
        }
        problems.finish()
    }

    fn problems(&self) -> Problems {
        let mut problems = Problems::default();
        if let Some(name) = &self.name {
            problems.text(|| "$.name".into(), name);
        }
        problems.date(|| "$.start".into(), self.start);
        problems.date(|| "$.horizon".into(), self.horizon);
        if self.horizon <= self.start {
            problems.push(Problem::new(
                "$.horizon",
                ProblemKind::DatesOutOfOrder,
                format!("{} is not after the start, {}", self.horizon, self.start),
            ));
        }
        if self.innovations.is_empty() {
            problems.push(Problem::new(
                "$.innovations",
                ProblemKind::OutOfRange,
                "names no innovation: at least one is simulated",
            ));
        }
        let mut seen = HashSet::new();
        for (i, k) in self.innovations.iter().enumerate() {
            problems.unique(
                &mut seen,
                k.as_str(),
                || format!("$.innovations[{i}]"),
                "innovation listed twice",
            );
        }
        if self.replicates == 0 {
            problems.push(Problem::new(
                "$.replicates",
                ProblemKind::OutOfRange,
                "is 0: at least one replicate is run",
            ));
        }
        self.parameters.check("$.parameters", &mut problems);
        let mut names = HashSet::new();
        for (i, plan) in self.plans.iter().enumerate() {
            problems.text(|| format!("$.plans[{i}].name"), &plan.name);
            problems.unique(
                &mut names,
                plan.name.as_str(),
                || format!("$.plans[{i}].name"),
                "plan name used twice",
            );
        }
        if let Some(costs) = &self.costs {
            super::parameters::rate(
                &mut problems,
                "$.costs.coach_fte_year".into(),
                costs.coach_fte_year,
            );
            super::parameters::rate(
                &mut problems,
                "$.costs.training_session".into(),
                costs.training_session,
            );
        }
        if let SystemSource::Path(path) = &self.system {
            problems.text(|| "$.system.path".into(), path);
        }
        if let Some(sweep) = &self.sweep {
            let plans = self.plans_to_run();
            let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
            sweep.check(&names, self.replicates, &mut problems);
        }
        problems
    }
}

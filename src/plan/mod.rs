//! A plan: dated actions on an implementation system, and the system as it will stand.
//!
//! A state or district team plans its next years as changes to its system: form the teams a
//! level lacks, link them into the chain of support, add coaches and give them caseloads, take
//! an innovation up or de-implement it, train cohorts. NIRN's linked implementation teams
//! (NIRN Active Implementation Hub, module 3) give the teams and links; the Coaching driver
//! (module 2) the coaches; Joyce & Showers (2002) the components of training. A [`Plan`] lists
//! those changes as [`Action`]s, each on a date, and answers "what if" without chance:
//! [`Plan::apply`] gives the [`SystemDocument`] as it will stand on a date, which every
//! analysis of the crate reads like any other ([`System::alignment`](crate::system::System::alignment),
//! the IMPACT profile). What the actions do to a system document, and the order they are applied
//! in, are this crate's choices, said on each.
//!
//! A plan is the document of kind `plan`. It is checked twice: on its own
//! ([`Document::validate`]: dates, empty and repeated lists), and against the system it is
//! for ([`Plan::validate_against`]: every reference resolved against the system as the plan
//! builds it).
//!
//! ```
//! use implsci::{Document, plan::Plan, system::{AlignmentParams, System, SystemDocument}};
//!
//! let system = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let plan = Plan::from_json(&std::fs::read_to_string("examples/data/plan_coastal.json")?)?;
//! plan.validate_against(&system)?;
//! let broken = |doc: SystemDocument| -> Result<Vec<String>, Box<dyn std::error::Error>> {
//!     let report = System::build(doc)?.alignment(&AlignmentParams::default());
//!     Ok(report.broken_units().map(|u| u.unit.to_string()).collect())
//! };
//! assert!(broken(system.clone())?.contains(&"brunswick".to_string())); // no regional team above it
//! let planned = plan.apply(&system, "2025-09-01".parse()?)?;
//! assert!(!broken(planned)?.contains(&"brunswick".to_string())); // the coastal team links it in
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod action;
mod apply;

pub use action::{Action, TrainingComponent};

use std::collections::HashSet;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::document::{Document, Kind, SchemaVersion};
use crate::error::{Problem, ProblemKind, Problems, ValidationErrors};
use crate::system::SystemDocument;

/// Dated actions on an implementation system. The top-level document of kind `plan`.
///
/// The actions may be listed in any order; they are applied in date order, and actions on the
/// same date in the order listed ([`Plan::in_order`]; this crate's rule).
///
/// ```
/// use implsci::{Document, plan::{Action, Plan}};
///
/// let plan = Plan::new(vec![Action::EndTeam {
///     date: "2025-06-30".parse()?,
///     team: "roosevelt-bit".parse()?,
/// }]);
/// plan.validate()?;
/// assert_eq!(Plan::from_json(&plan.to_json()?)?, plan);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Plan {
    /// Always `"plan"`.
    pub kind: Kind<Plan>,
    /// The contract version the document was written against.
    pub schema_version: SchemaVersion,
    /// The plan's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The actions, in any order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Plan {
    /// A plan of these actions, without a name.
    ///
    /// ```
    /// use implsci::{SchemaVersion, plan::Plan};
    /// let plan = Plan::new(Vec::new());
    /// assert!(plan.actions.is_empty() && plan.name.is_none());
    /// assert_eq!(plan.schema_version, SchemaVersion::CURRENT);
    /// ```
    #[must_use]
    pub fn new(actions: Vec<Action>) -> Self {
        Self {
            kind: Kind::default(),
            schema_version: SchemaVersion::CURRENT,
            name: None,
            actions,
            extensions: Extensions::new(),
        }
    }

    /// The actions in application order: by date, and on one date in the order listed, each
    /// with its position in [`actions`](Plan::actions).
    ///
    /// ```
    /// use implsci::plan::{Action, Plan};
    /// let end = |date: &str, team: &str| -> Result<Action, Box<dyn std::error::Error>> {
    ///     Ok(Action::EndTeam { date: date.parse()?, team: team.parse()? })
    /// };
    /// let plan = Plan::new(vec![end("2026-06-30", "a")?, end("2025-06-30", "b")?, end("2025-06-30", "c")?]);
    /// let order: Vec<usize> = plan.in_order().into_iter().map(|(i, _)| i).collect();
    /// assert_eq!(order, [1, 2, 0]); // by date; the two of 2025-06-30 as listed
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn in_order(&self) -> Vec<(usize, &Action)> {
        let mut order: Vec<(usize, &Action)> = self.actions.iter().enumerate().collect();
        // A stable sort keeps the listed order of actions on one date.
        order.sort_by_key(|(_, a)| a.date());
        order
    }

    /// The system as it will stand on `as_of`: every action dated on or before it applied, in
    /// [`in_order`](Plan::in_order) order, to a copy of `system`.
    ///
    /// ```
    /// use implsci::{Document, plan::{Action, Plan}, system::{System, SystemDocument, When}};
    ///
    /// let system = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let plan = Plan::new(vec![Action::EndTeam { date: "2025-06-30".parse()?, team: "roosevelt-bit".parse()? }]);
    /// let before = plan.apply(&system, "2025-06-29".parse()?)?;
    /// assert_eq!(before, system); // the action is not due yet
    /// let after = System::build(plan.apply(&system, "2025-06-30".parse()?)?)?;
    /// assert_eq!(after.team("roosevelt-bit").unwrap().end, Some("2025-06-30".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Every problem at once: the plan's own ([`Document::validate`]), each applied action's
    /// references that resolve to nothing (with its path in the plan, such as
    /// `$.actions[3].team`), and whatever keeps the result from building as a system
    /// ([`System::build`](crate::system::System::build)); a problem of something an action
    /// added is given at that action (`$.actions[0].team.unit`).
    pub fn apply(
        &self,
        system: &SystemDocument,
        as_of: Date,
    ) -> Result<SystemDocument, ValidationErrors> {
        let mut problems = self.own_problems();
        let result = apply::run(self, system, Some(as_of), &mut problems);
        problems.finish().map(|()| result)
    }

    /// Every reference of every action resolved against the system as the plan builds it: a
    /// team formed by an earlier action can be linked by a later one, and one formed later
    /// cannot. Every problem at once, each with its path in the plan, with "did you mean"
    /// where an id is close to one that exists; then whatever keeps the system at the plan's
    /// end from building.
    ///
    /// ```
    /// use implsci::{Document, plan::Plan, system::SystemDocument};
    ///
    /// let system = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let plan: Plan = serde_json::from_str(r#"{"kind": "plan", "schema_version": "1.0.0", "actions": [
    ///     {"action": "link_teams", "date": "2025-01-06", "from": "sit", "to": "coastal-rit"},
    ///     {"action": "form_team", "date": "2025-02-03", "team": {"id": "coastal-rit", "unit": "coastal"}},
    ///     {"action": "train_cohort", "date": "2025-03-03", "innovation": "cico", "units": ["leland-es"], "components": ["theory"]}
    /// ]}"#)?;
    /// let problems = plan.validate_against(&system).unwrap_err().into_problems();
    /// let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
    /// assert_eq!(paths, ["$.actions[0].to", "$.actions[2].units[0]"]); // linked before it is formed
    /// assert!(problems[1].message.ends_with("did you mean `leland-ms`?"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Plan::apply`], over every action whatever its date.
    pub fn validate_against(&self, system: &SystemDocument) -> Result<(), ValidationErrors> {
        let mut problems = self.own_problems();
        apply::run(self, system, None, &mut problems);
        problems.finish()
    }

    /// The problems of the plan on its own.
    fn own_problems(&self) -> Problems {
        let mut problems = Problems::default();
        if let Some(name) = &self.name {
            problems.text(|| "$.name".into(), name);
        }
        for (i, action) in self.actions.iter().enumerate() {
            check_action(i, action, &mut problems);
        }
        problems
    }
}

/// An action's own problems: a date that cannot be written, a list that is empty or names a
/// thing twice, a team formed with another start than the action's date.
fn check_action(i: usize, action: &Action, problems: &mut Problems) {
    problems.date(|| format!("$.actions[{i}].date"), action.date());
    match action {
        Action::FormTeam { date, team } => {
            if let Some(start) = team.start.filter(|s| s != date) {
                problems.push(
                    Problem::new(
                        format!("$.actions[{i}].team.start"),
                        ProblemKind::DatesOutOfOrder,
                        format!(
                            "the team is formed on {date} but starts on {start}: leave `start` \
                             out, or make it the action's date"
                        ),
                    )
                    .with_id(team.id.as_str()),
                );
            }
        }
        Action::AssignCaseload { practitioners, .. } => {
            list(
                i,
                "practitioners",
                "practitioner",
                practitioners.iter().map(AsRef::as_ref),
                problems,
            );
        }
        Action::StartInnovation { units, .. } | Action::Deimplement { units, .. } => {
            list(
                i,
                "units",
                "unit",
                units.iter().map(AsRef::as_ref),
                problems,
            );
        }
        Action::TrainCohort {
            units, components, ..
        } => {
            list(
                i,
                "units",
                "unit",
                units.iter().map(AsRef::as_ref),
                problems,
            );
            let names = components.iter().map(|c| match c {
                TrainingComponent::Theory => "theory",
                TrainingComponent::Demonstration => "demonstration",
                TrainingComponent::Practice => "practice",
            });
            list(i, "components", "component", names, problems);
        }
        _ => {}
    }
}

/// Flags an empty list at `$.actions[i].{field}`, and an entry that repeats an earlier one.
fn list<'a>(
    i: usize,
    field: &str,
    what: &str,
    entries: impl ExactSizeIterator<Item = &'a str>,
    problems: &mut Problems,
) {
    if entries.len() == 0 {
        problems.push(Problem::new(
            format!("$.actions[{i}].{field}"),
            ProblemKind::OutOfRange,
            format!("the action names at least one {what}"),
        ));
        return;
    }
    let mut seen = HashSet::new();
    for (j, entry) in entries.enumerate() {
        problems.unique(
            &mut seen,
            entry,
            || format!("$.actions[{i}].{field}[{j}]"),
            &format!("this {what} is already listed"),
        );
    }
}

impl crate::document::Tagged for Plan {
    const KIND: &'static str = "plan";
}

impl crate::document::sealed::Sealed for Plan {}

impl Document for Plan {
    /// Refuses a blank name, a date outside 0000–9999, an empty or repeating list of units,
    /// practitioners or training components, and a team formed with a `start` other than its
    /// action's date; all at once, each with its path. References into a system are
    /// [`Plan::validate_against`]'s.
    fn validate(&self) -> Result<(), ValidationErrors> {
        self.own_problems().finish()
    }
}

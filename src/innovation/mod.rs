//! Usable innovations: description, essential functions, practice profiles, fidelity, and
//! adaptations.
//!
//! An innovation is *usable* when it meets four criteria (Fixsen, Blase, Metz & Van Dyke 2013,
//! "Statewide implementation of evidence-based programs", *Exceptional Children* 79(2); NIRN
//! Active Implementation Hub, module 1 "Usable Innovations"):
//!
//! 1. a clear description: philosophy, values and principles; inclusion and exclusion criteria
//!    ([`Description`]);
//! 2. clear essential functions, the core components that must be present
//!    ([`EssentialFunction`]);
//! 3. operational definitions of each essential function: a practice profile
//!    ([`PracticeProfile`]);
//! 4. a practical fidelity (performance) assessment, with evidence that fidelity goes with
//!    outcomes ([`FidelityAssessment`]).
//!
//! [`Innovation::usability`] reports, per criterion, whether it is met, partly met or missing,
//! and why: what an Exploration team needs to know before it adopts.
//!
//! ```
//! use implsci::{Innovation, innovation::{EssentialFunction, Status}};
//!
//! let mut innovation = Innovation::new("cico".parse()?, "Check-in/check-out");
//! innovation.essential_functions.push(EssentialFunction::new("ef-checkin".parse()?, "Morning check-in"));
//! let report = innovation.usability();
//! assert_eq!(report.criteria[0].status, Status::Missing); // no description yet
//! assert!(!report.is_usable());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod adaptation;
mod fidelity;
mod profile;
mod usability;

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use adaptation::{
    Adaptation, AdaptationGoal, ContextualModification, DecisionMaker, DeliveryLevel,
    FidelityConsistency, ImplementationPhase, Modified, Planning,
};
pub use fidelity::{FidelityAssessment, FidelityCriterion, FidelityItem, OutcomeEvidence};
pub use profile::{
    FourthLevel, FourthLevelPosition, FunctionRating, PracticeProfile, ProfileLevel, ProfileRow,
};
pub use usability::{
    CriterionReport, Status, UsabilityCriterion, UsabilityGap, UsabilityParams, UsabilityReport,
};

use crate::Extensions;
use crate::document::{Document, Kind, SchemaVersion};
use crate::error::{Problems, ValidationErrors};
use crate::id::{EssentialFunctionId, InnovationId};

/// An evidence-based innovation (program, practice, policy, procedure or product) described
/// as a usable innovation.
///
/// Source: Fixsen, Blase, Metz & Van Dyke (2013); NIRN Active Implementation Hub, module 1.
/// The top-level document of kind `innovation`.
///
/// ```
/// use implsci::{Document, Innovation};
///
/// let json = std::fs::read_to_string("examples/data/innovation.json")?;
/// let innovation = Innovation::from_json(&json)?;
/// assert!(!innovation.essential_functions.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Innovation {
    /// Always `"innovation"`.
    pub kind: Kind<Innovation>,
    /// The contract version the document was written against.
    pub schema_version: SchemaVersion,
    /// The innovation's identifier.
    pub id: InnovationId,
    /// Its name.
    pub name: String,
    /// Criterion 1: philosophy, values, principles, inclusion and exclusion criteria.
    #[serde(default, skip_serializing_if = "Description::is_empty")]
    pub description: Description,
    /// Criterion 2: the essential functions (core components).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub essential_functions: Vec<EssentialFunction>,
    /// Criterion 3: the operational definition of each essential function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_profile: Option<PracticeProfile>,
    /// Criterion 4: the fidelity (performance) assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fidelity_assessment: Option<FidelityAssessment>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Innovation {
    /// A new innovation with only an id and a name; every criterion is still missing.
    ///
    /// ```
    /// use implsci::Innovation;
    /// let innovation = Innovation::new("cico".parse()?, "Check-in/check-out");
    /// assert_eq!(innovation.name, "Check-in/check-out");
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(id: InnovationId, name: impl Into<String>) -> Self {
        Self {
            kind: Kind::default(),
            schema_version: SchemaVersion::CURRENT,
            id,
            name: name.into(),
            description: Description::default(),
            essential_functions: Vec::new(),
            practice_profile: None,
            fidelity_assessment: None,
            extensions: Extensions::new(),
        }
    }

    /// The essential function with this id, if any.
    ///
    /// ```
    /// use implsci::{Innovation, innovation::EssentialFunction};
    /// let mut innovation = Innovation::new("x".parse()?, "X");
    /// innovation.essential_functions.push(EssentialFunction::new("ef-1".parse()?, "Feedback"));
    /// assert_eq!(innovation.essential_function("ef-1").map(|f| f.name.as_str()), Some("Feedback"));
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn essential_function(&self, id: &str) -> Option<&EssentialFunction> {
        self.essential_functions
            .iter()
            .find(|f| f.id.as_str() == id)
    }

    /// The usability report with the default parameters ([`UsabilityParams::default`]).
    ///
    /// ```
    /// use implsci::{Document, Innovation, innovation::{UsabilityCriterion, UsabilityGap, UsabilityParams}};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let report = innovation.usability();
    /// assert_eq!(report.params, UsabilityParams::default());
    /// let fidelity = report.criterion(UsabilityCriterion::FidelityAssessment).ok_or("no criterion")?;
    /// assert!(fidelity.gaps.contains(&UsabilityGap::WeakOutcomeCorrelation { best: 0.58, threshold: 0.70 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn usability(&self) -> UsabilityReport {
        self.usability_with(&UsabilityParams::default())
    }

    /// The usability report with explicit parameters.
    ///
    /// ```
    /// use implsci::{Innovation, innovation::UsabilityParams};
    /// let innovation = Innovation::new("x".parse()?, "X");
    /// let report = innovation.usability_with(&UsabilityParams { min_outcome_correlation: 0.5 });
    /// assert_eq!(report.params.min_outcome_correlation, 0.5);
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn usability_with(&self, params: &UsabilityParams) -> UsabilityReport {
        usability::report(self, *params)
    }

    /// The ids of the essential functions, for reference checks.
    pub(crate) fn function_ids(&self) -> FunctionIds<'_> {
        FunctionIds {
            set: self
                .essential_functions
                .iter()
                .map(|f| f.id.as_str())
                .collect(),
            functions: &self.essential_functions,
        }
    }
}

/// An innovation's essential-function ids, for reference checks: a set to look them up, and
/// the list in document order, to suggest the closest.
pub(crate) struct FunctionIds<'a> {
    set: HashSet<&'a str>,
    functions: &'a [EssentialFunction],
}

impl crate::document::Tagged for Innovation {
    const KIND: &'static str = "innovation";
}

impl crate::document::sealed::Sealed for Innovation {}

impl Document for Innovation {
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut problems = Problems::default();
        problems.text(|| "$.name".into(), &self.name);
        let mut seen = HashSet::new();
        for (i, f) in self.essential_functions.iter().enumerate() {
            problems.unique(
                &mut seen,
                f.id.as_str(),
                || format!("$.essential_functions[{i}].id"),
                "two essential functions share this id",
            );
            problems.text(|| format!("$.essential_functions[{i}].name"), &f.name);
        }
        let functions = self.function_ids();
        if let Some(profile) = &self.practice_profile {
            profile.check(&functions, &mut problems);
        }
        if let Some(assessment) = &self.fidelity_assessment {
            assessment.check(&functions, &mut problems);
        }
        problems.finish()
    }
}

/// Flags a reference to an essential function that the innovation does not define.
pub(crate) fn check_function_ref(
    functions: &FunctionIds<'_>,
    id: &EssentialFunctionId,
    path: impl FnOnce() -> String,
    problems: &mut Problems,
) {
    if !functions.set.contains(id.as_str()) {
        problems.dangling(
            path(),
            "no essential function has this id",
            id.as_str(),
            "essential function",
            || functions.functions.iter().map(|f| f.id.as_str()),
        );
    }
}

/// Usable-innovation criterion 1: a clear description of the innovation.
///
/// Source: Fixsen, Blase, Metz & Van Dyke (2013): "clear description of the program:
/// philosophy, values and principles; inclusion and exclusion criteria".
///
/// ```
/// use implsci::innovation::Description;
/// let mut d = Description::default();
/// assert!(d.is_empty());
/// d.inclusion_criteria.push("Students with 3+ office referrals".into());
/// assert!(!d.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Description {
    /// The philosophy behind the innovation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub philosophy: Option<String>,
    /// Its values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Its guiding principles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<String>,
    /// Who the innovation is for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inclusion_criteria: Vec<String>,
    /// Who it is not for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusion_criteria: Vec<String>,
}

impl Description {
    /// True when nothing is described.
    ///
    /// ```
    /// use implsci::{Document, Innovation};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// assert!(!innovation.description.is_empty());
    /// assert!(Innovation::new("x".parse()?, "X").description.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// True when a philosophy, a value or a principle is stated.
    ///
    /// ```
    /// use implsci::innovation::Description;
    /// let mut d = Description::default();
    /// d.values.push("  ".into());
    /// assert!(!d.has_philosophy_values_or_principles()); // blank text does not count
    /// d.principles.push("Daily structure".into());
    /// assert!(d.has_philosophy_values_or_principles());
    /// ```
    #[must_use]
    pub fn has_philosophy_values_or_principles(&self) -> bool {
        self.philosophy
            .as_deref()
            .is_some_and(|p| !p.trim().is_empty())
            || has_text(&self.values)
            || has_text(&self.principles)
    }
}

pub(crate) fn has_text(items: &[String]) -> bool {
    items.iter().any(|s| !s.trim().is_empty())
}

/// Usable-innovation criterion 2: an essential function (core component), one of the
/// features that must be present to say the innovation is in use.
///
/// Source: Fixsen, Blase, Metz & Van Dyke (2013); NIRN Active Implementation Hub, module 1.
///
/// ```
/// use implsci::innovation::EssentialFunction;
/// let f = EssentialFunction::new("ef-1".parse()?, "Daily feedback to the student");
/// assert!(f.description.is_none());
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EssentialFunction {
    /// Its identifier, unique within the innovation.
    pub id: EssentialFunctionId,
    /// A short name.
    pub name: String,
    /// What the function is and why it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl EssentialFunction {
    /// A function with an id and a name, no description.
    ///
    /// ```
    /// use implsci::innovation::EssentialFunction;
    /// let f = EssentialFunction::new("ef-home".parse()?, "Home connection");
    /// assert_eq!(f.name, "Home connection");
    /// assert!(f.description.is_none() && f.extensions.is_empty());
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(id: EssentialFunctionId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            description: None,
            extensions: Extensions::new(),
        }
    }
}

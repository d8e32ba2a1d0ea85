//! The fidelity (performance) assessment of an innovation.
//!
//! Source: Fixsen, Blase, Metz & Van Dyke (2013), usable-innovation criterion 4: "a practical
//! assessment of the performance of practitioners who are using the program", with evidence
//! that fidelity is correlated with outcomes. NIRN quotes the correlation expected as 0.70 on
//! one page and 0.50 on another, so the threshold is a parameter of the usability report
//! ([`UsabilityParams`](super::UsabilityParams)), not part of the document.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::error::Problems;
use crate::id::{EssentialFunctionId, FidelityItemId};

/// A fidelity assessment: which observations score which essential function, the criterion
/// for "used with fidelity", and the evidence that fidelity goes with outcomes.
///
/// ```
/// use implsci::innovation::{FidelityAssessment, FidelityCriterion, FidelityItem};
/// let mut assessment = FidelityAssessment::new("CICO fidelity observation", FidelityCriterion::new(80.0));
/// assessment.items.push(FidelityItem::new("fi-1".parse()?, "Student checks in", vec!["ef-checkin".parse()?]));
/// assert!(assessment.assesses("ef-checkin"));
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FidelityAssessment {
    /// The instrument's name.
    pub name: String,
    /// The observations or items, each tied to the essential functions it scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<FidelityItem>,
    /// When a practitioner counts as using the innovation with fidelity.
    pub criterion: FidelityCriterion,
    /// Published or local evidence that fidelity goes with outcomes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcome_evidence: Vec<OutcomeEvidence>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl FidelityAssessment {
    /// An assessment with a name and a criterion, no items and no evidence yet.
    ///
    /// ```
    /// use implsci::innovation::{FidelityAssessment, FidelityCriterion};
    /// let a = FidelityAssessment::new("CICO fidelity observation", FidelityCriterion::new(80.0));
    /// assert!(a.items.is_empty() && a.outcome_evidence.is_empty());
    /// assert_eq!(a.criterion.min_percent_expected, 80.0);
    /// ```
    #[must_use]
    pub fn new(name: impl Into<String>, criterion: FidelityCriterion) -> Self {
        Self {
            name: name.into(),
            items: Vec::new(),
            criterion,
            outcome_evidence: Vec::new(),
            extensions: Extensions::new(),
        }
    }

    /// True when at least one item scores this essential function.
    ///
    /// ```
    /// use implsci::{Document, Innovation};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let assessment = innovation.fidelity_assessment.as_ref().ok_or("no assessment")?;
    /// assert!(assessment.assesses("ef-checkin"));
    /// assert!(!assessment.assesses("ef-home")); // no item scores the home connection
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn assesses(&self, function: &str) -> bool {
        self.items
            .iter()
            .any(|item| item.functions.iter().any(|f| f.as_str() == function))
    }

    /// The strongest fidelity–outcome correlation reported, if any.
    ///
    /// ```
    /// use implsci::{Document, Innovation, innovation::OutcomeEvidence};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let mut assessment = innovation.fidelity_assessment.ok_or("no assessment")?;
    /// assert_eq!(assessment.best_correlation(), Some(0.58));
    /// assessment.outcome_evidence.push(OutcomeEvidence::new("attendance", 0.31, "local data"));
    /// assert_eq!(assessment.best_correlation(), Some(0.58)); // the strongest is kept
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn best_correlation(&self) -> Option<f64> {
        self.outcome_evidence
            .iter()
            .map(|e| e.correlation)
            .filter(|r| r.is_finite())
            .reduce(f64::max)
    }

    pub(crate) fn check(&self, functions: &super::FunctionIds<'_>, problems: &mut Problems) {
        problems.text(|| "$.fidelity_assessment.name".into(), &self.name);
        let mut seen = HashSet::new();
        for (i, item) in self.items.iter().enumerate() {
            let at = |field: &str| format!("$.fidelity_assessment.items[{i}].{field}");
            problems.unique(
                &mut seen,
                item.id.as_str(),
                || at("id"),
                "two fidelity items share this id",
            );
            problems.text(|| at("text"), &item.text);
            for (j, f) in item.functions.iter().enumerate() {
                super::check_function_ref(
                    functions,
                    f,
                    || format!("{}[{j}]", at("functions")),
                    problems,
                );
            }
        }
        let criterion = &self.criterion;
        problems.number(
            || "$.fidelity_assessment.criterion.min_percent_expected".into(),
            criterion.min_percent_expected,
            0.0,
            100.0,
        );
        for (j, f) in criterion.required_functions.iter().enumerate() {
            super::check_function_ref(
                functions,
                f,
                || format!("$.fidelity_assessment.criterion.required_functions[{j}]"),
                problems,
            );
        }
        for (i, evidence) in self.outcome_evidence.iter().enumerate() {
            let at = |field: &str| format!("$.fidelity_assessment.outcome_evidence[{i}].{field}");
            problems.number(|| at("correlation"), evidence.correlation, -1.0, 1.0);
            problems.text(|| at("outcome"), &evidence.outcome);
            problems.text(|| at("source"), &evidence.source);
        }
    }
}

/// One item (observation, rating) of a fidelity assessment.
///
/// ```
/// use implsci::innovation::FidelityItem;
/// let item = FidelityItem::new("fi-1".parse()?, "Adult greets the student by name", vec!["ef-checkin".parse()?]);
/// assert_eq!(item.functions.len(), 1);
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FidelityItem {
    /// Its identifier, unique within the assessment.
    pub id: FidelityItemId,
    /// The item as the rater reads it.
    pub text: String,
    /// The essential functions this item scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<EssentialFunctionId>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl FidelityItem {
    /// An item scoring the given functions.
    ///
    /// ```
    /// use implsci::innovation::FidelityItem;
    /// let item = FidelityItem::new("fi-5".parse()?, "Report went home", vec!["ef-home".parse()?]);
    /// assert_eq!(item.text, "Report went home");
    /// assert_eq!(item.functions[0].as_str(), "ef-home");
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(
        id: FidelityItemId,
        text: impl Into<String>,
        functions: Vec<EssentialFunctionId>,
    ) -> Self {
        Self {
            id,
            text: text.into(),
            functions,
            extensions: Extensions::new(),
        }
    }
}

/// The fidelity criterion: when one observation counts as use with fidelity.
///
/// A practitioner meets it when at least `min_percent_expected` percent (inclusive, DOMAIN
/// convention "70% or higher") of the rated essential functions are at the expected level of
/// the practice profile *and* every function in `required_functions` is at the expected level.
/// The threshold is the innovation developer's; no default is published.
///
/// ```
/// use implsci::innovation::FidelityCriterion;
/// let c = FidelityCriterion::new(80.0);
/// assert_eq!(c.min_percent_expected, 80.0);
/// assert!(c.required_functions.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FidelityCriterion {
    /// Minimum share of rated essential functions at expected, in percent (0–100, inclusive).
    pub min_percent_expected: f64,
    /// Functions that must be at expected whatever the share.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_functions: Vec<EssentialFunctionId>,
    /// The criterion in the developer's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

impl FidelityCriterion {
    /// A criterion on the share of functions at expected, nothing required individually.
    ///
    /// ```
    /// use implsci::innovation::FidelityCriterion;
    /// let c = FidelityCriterion::new(70.0);
    /// assert_eq!(c.min_percent_expected, 70.0);
    /// assert!(c.required_functions.is_empty() && c.statement.is_none());
    /// ```
    #[must_use]
    pub fn new(min_percent_expected: f64) -> Self {
        Self {
            min_percent_expected,
            required_functions: Vec::new(),
            statement: None,
        }
    }
}

/// Evidence that fidelity goes with outcomes: a correlation and where it was reported.
///
/// ```
/// use implsci::innovation::OutcomeEvidence;
/// let e = OutcomeEvidence::new("office discipline referrals", -0.55, "Local evaluation 2023");
/// assert_eq!(e.correlation, -0.55);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct OutcomeEvidence {
    /// The outcome measured.
    pub outcome: String,
    /// The fidelity–outcome correlation, −1 to 1. State it in the direction where positive
    /// means higher fidelity goes with better outcomes.
    pub correlation: f64,
    /// Number of practitioners or sites in the study.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_size: Option<u32>,
    /// Where it was reported (citation).
    pub source: String,
}

impl OutcomeEvidence {
    /// Evidence with no sample size.
    ///
    /// ```
    /// use implsci::innovation::OutcomeEvidence;
    /// let e = OutcomeEvidence::new("Reduction in office discipline referrals", 0.58, "Local evaluation");
    /// assert_eq!(e.correlation, 0.58);
    /// assert_eq!(e.sample_size, None);
    /// ```
    #[must_use]
    pub fn new(outcome: impl Into<String>, correlation: f64, source: impl Into<String>) -> Self {
        Self {
            outcome: outcome.into(),
            correlation,
            sample_size: None,
            source: source.into(),
        }
    }
}

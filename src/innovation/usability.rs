//! The usability report: the four usable-innovation criteria, met, partly met or missing.
//!
//! Source: Fixsen, Blase, Metz & Van Dyke (2013); NIRN Active Implementation Hub, module 1
//! "Usable Innovations". The report is what an Exploration team needs: which criteria an
//! innovation meets and exactly what is missing.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Innovation, has_text};
use crate::id::{EssentialFunctionId, InnovationId};
use crate::text::Table;

/// Parameters of the usability report.
///
/// ```
/// use implsci::innovation::UsabilityParams;
/// assert_eq!(UsabilityParams::default().min_outcome_correlation, 0.70);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsabilityParams {
    /// The fidelity–outcome correlation that counts as evidence (inclusive).
    ///
    /// Default 0.70. NIRN quotes 0.70 on one page and 0.50 on another (usable innovations,
    /// criterion 4); the default takes the stricter reading, so "met" holds under both.
    pub min_outcome_correlation: f64,
}

impl Default for UsabilityParams {
    fn default() -> Self {
        Self {
            min_outcome_correlation: 0.70,
        }
    }
}

/// The four usable-innovation criteria (Fixsen, Blase, Metz & Van Dyke 2013).
///
/// ```
/// use implsci::innovation::UsabilityCriterion;
/// assert_eq!(UsabilityCriterion::ALL.len(), 4);
/// assert_eq!(UsabilityCriterion::ALL[2].number(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UsabilityCriterion {
    /// 1. Clear description: philosophy, values, principles; inclusion and exclusion criteria.
    ClearDescription,
    /// 2. Clear essential functions.
    EssentialFunctions,
    /// 3. Operational definitions of the essential functions (practice profiles).
    OperationalDefinitions,
    /// 4. A practical fidelity assessment correlated with outcomes.
    FidelityAssessment,
}

impl UsabilityCriterion {
    /// The criteria in their published order.
    ///
    /// ```
    /// use implsci::innovation::UsabilityCriterion;
    /// let numbers: Vec<u8> = UsabilityCriterion::ALL.iter().map(|c| c.number()).collect();
    /// assert_eq!(numbers, [1, 2, 3, 4]);
    /// ```
    pub const ALL: [Self; 4] = [
        Self::ClearDescription,
        Self::EssentialFunctions,
        Self::OperationalDefinitions,
        Self::FidelityAssessment,
    ];

    /// Its number, 1–4.
    ///
    /// ```
    /// use implsci::innovation::UsabilityCriterion;
    /// assert_eq!(UsabilityCriterion::ClearDescription.number(), 1);
    /// assert_eq!(UsabilityCriterion::FidelityAssessment.number(), 4);
    /// ```
    #[must_use]
    pub fn number(self) -> u8 {
        match self {
            Self::ClearDescription => 1,
            Self::EssentialFunctions => 2,
            Self::OperationalDefinitions => 3,
            Self::FidelityAssessment => 4,
        }
    }

    /// Its name for a report.
    ///
    /// ```
    /// use implsci::innovation::UsabilityCriterion;
    /// assert_eq!(UsabilityCriterion::OperationalDefinitions.label(), "Operational definitions (practice profile)");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::ClearDescription => "Clear description",
            Self::EssentialFunctions => "Essential functions",
            Self::OperationalDefinitions => "Operational definitions (practice profile)",
            Self::FidelityAssessment => "Fidelity assessment",
        }
    }
}

/// Met, partly met, or missing.
///
/// ```
/// use implsci::innovation::Status;
/// assert_eq!(Status::Partly.to_string(), "partly");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The criterion is met.
    Met,
    /// Some of it is there.
    Partly,
    /// None of it is there.
    Missing,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Met => "met",
            Self::Partly => "partly",
            Self::Missing => "missing",
        })
    }
}

/// Why a criterion is not (fully) met.
///
/// ```
/// use implsci::innovation::UsabilityGap;
/// let gap = UsabilityGap::FunctionWithoutProfile { function: "ef-2".parse()? };
/// assert_eq!(gap.to_string(), "essential function `ef-2` has no practice-profile row");
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "gap", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum UsabilityGap {
    /// No philosophy, values or principles are stated.
    NoPhilosophyValuesOrPrinciples,
    /// No inclusion criteria.
    NoInclusionCriteria,
    /// No exclusion criteria.
    NoExclusionCriteria,
    /// No essential functions are named.
    NoEssentialFunctions,
    /// An essential function has a name but no description.
    FunctionWithoutDescription {
        /// The function.
        function: EssentialFunctionId,
    },
    /// There is no practice profile.
    NoPracticeProfile,
    /// An essential function has no practice-profile row.
    FunctionWithoutProfile {
        /// The function.
        function: EssentialFunctionId,
    },
    /// There is no fidelity assessment.
    NoFidelityAssessment,
    /// The fidelity assessment has no items.
    NoFidelityItems,
    /// No fidelity item scores this essential function.
    FunctionNotAssessed {
        /// The function.
        function: EssentialFunctionId,
    },
    /// No evidence that fidelity goes with outcomes is recorded.
    NoOutcomeEvidence,
    /// The strongest recorded fidelity–outcome correlation is below the threshold.
    WeakOutcomeCorrelation {
        /// The strongest correlation recorded.
        best: f64,
        /// The threshold applied ([`UsabilityParams::min_outcome_correlation`]).
        threshold: f64,
    },
}

impl fmt::Display for UsabilityGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoPhilosophyValuesOrPrinciples => {
                f.write_str("no philosophy, values or principles stated")
            }
            Self::NoInclusionCriteria => f.write_str("no inclusion criteria"),
            Self::NoExclusionCriteria => f.write_str("no exclusion criteria"),
            Self::NoEssentialFunctions => f.write_str("no essential functions named"),
            Self::FunctionWithoutDescription { function } => {
                write!(f, "essential function `{function}` has no description")
            }
            Self::NoPracticeProfile => f.write_str("no practice profile"),
            Self::FunctionWithoutProfile { function } => {
                write!(
                    f,
                    "essential function `{function}` has no practice-profile row"
                )
            }
            Self::NoFidelityAssessment => f.write_str("no fidelity assessment"),
            Self::NoFidelityItems => f.write_str("the fidelity assessment has no items"),
            Self::FunctionNotAssessed { function } => {
                write!(f, "no fidelity item scores essential function `{function}`")
            }
            Self::NoOutcomeEvidence => f.write_str("no evidence that fidelity goes with outcomes"),
            Self::WeakOutcomeCorrelation { best, threshold } => write!(
                f,
                "strongest fidelity-outcome correlation {best:.2} is below {threshold:.2}"
            ),
        }
    }
}

/// One criterion's verdict and its gaps.
///
/// ```
/// use implsci::{Document, Innovation, innovation::{Status, UsabilityCriterion, UsabilityGap}};
///
/// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let description = &innovation.usability().criteria[0];
/// assert_eq!(description.criterion, UsabilityCriterion::ClearDescription);
/// assert_eq!(description.status, Status::Partly);
/// assert_eq!(description.gaps, [UsabilityGap::NoExclusionCriteria]); // the list is empty
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CriterionReport {
    /// Which criterion.
    pub criterion: UsabilityCriterion,
    /// Met, partly, missing.
    pub status: Status,
    /// What is missing; empty when met.
    pub gaps: Vec<UsabilityGap>,
}

/// The usability of an innovation, per criterion.
///
/// ```
/// use implsci::{Document, Innovation, innovation::Status};
///
/// let json = std::fs::read_to_string("examples/data/innovation.json")?;
/// let report = Innovation::from_json(&json)?.usability();
/// for c in &report.criteria {
///     println!("{}: {}", c.criterion.label(), c.status);
/// }
/// assert_eq!(report.criteria.len(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct UsabilityReport {
    /// The innovation assessed.
    pub innovation: InnovationId,
    /// The parameters applied.
    pub params: UsabilityParams,
    /// The four criteria, in order.
    pub criteria: Vec<CriterionReport>,
}

impl UsabilityReport {
    /// True when all four criteria are met.
    ///
    /// ```
    /// use implsci::{Document, Innovation, innovation::Status};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let report = innovation.usability();
    /// let statuses: Vec<_> = report.criteria.iter().map(|c| c.status).collect();
    /// assert_eq!(statuses, [Status::Partly; 4]);
    /// assert!(!report.is_usable());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_usable(&self) -> bool {
        self.criteria.iter().all(|c| c.status == Status::Met)
    }

    /// The verdict on one criterion.
    ///
    /// ```
    /// use implsci::{Document, Innovation, innovation::{UsabilityCriterion, UsabilityGap}};
    ///
    /// let innovation = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
    /// let report = innovation.usability();
    /// let profile = report.criterion(UsabilityCriterion::OperationalDefinitions).ok_or("no verdict")?;
    /// assert_eq!(profile.gaps, [UsabilityGap::FunctionWithoutProfile { function: "ef-home".parse()? }]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn criterion(&self, criterion: UsabilityCriterion) -> Option<&CriterionReport> {
        self.criteria.iter().find(|c| c.criterion == criterion)
    }
}

impl fmt::Display for UsabilityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Usability of `{}`", self.innovation)?;
        let mut criteria = Table::new().indent(2);
        for c in &self.criteria {
            criteria.row([
                format!("{}. {}", c.criterion.number(), c.criterion.label()),
                c.status.to_string(),
            ]);
            for gap in &c.gaps {
                criteria.line(format!("       - {gap}"));
            }
        }
        write!(f, "{criteria}")?;
        let verdict = if self.is_usable() {
            "usable: all four criteria met"
        } else {
            "not yet usable: see the gaps above"
        };
        writeln!(f, "  => {verdict}")
    }
}

fn verdict(
    criterion: UsabilityCriterion,
    gaps: Vec<UsabilityGap>,
    missing: bool,
) -> CriterionReport {
    let status = if missing {
        Status::Missing
    } else if gaps.is_empty() {
        Status::Met
    } else {
        Status::Partly
    };
    CriterionReport {
        criterion,
        status,
        gaps,
    }
}

pub(super) fn report(innovation: &Innovation, params: UsabilityParams) -> UsabilityReport {
    let functions = &innovation.essential_functions;

    // 1. Clear description: three parts; missing when none is there.
    let d = &innovation.description;
    let mut gaps = Vec::new();
    if !d.has_philosophy_values_or_principles() {
        gaps.push(UsabilityGap::NoPhilosophyValuesOrPrinciples);
    }
    if !has_text(&d.inclusion_criteria) {
        gaps.push(UsabilityGap::NoInclusionCriteria);
    }
    if !has_text(&d.exclusion_criteria) {
        gaps.push(UsabilityGap::NoExclusionCriteria);
    }
    let none = gaps.len() == 3;
    let description = verdict(UsabilityCriterion::ClearDescription, gaps, none);

    // 2. Essential functions: named, and each described.
    let essential = if functions.is_empty() {
        verdict(
            UsabilityCriterion::EssentialFunctions,
            vec![UsabilityGap::NoEssentialFunctions],
            true,
        )
    } else {
        let gaps = functions
            .iter()
            .filter(|f| f.description.as_deref().is_none_or(|s| s.trim().is_empty()))
            .map(|f| UsabilityGap::FunctionWithoutDescription {
                function: f.id.clone(),
            })
            .collect();
        verdict(UsabilityCriterion::EssentialFunctions, gaps, false)
    };

    // 3. Operational definitions: a profile row for every essential function.
    let operational = match &innovation.practice_profile {
        _ if functions.is_empty() => verdict(
            UsabilityCriterion::OperationalDefinitions,
            vec![UsabilityGap::NoEssentialFunctions],
            true,
        ),
        None => verdict(
            UsabilityCriterion::OperationalDefinitions,
            vec![UsabilityGap::NoPracticeProfile],
            true,
        ),
        Some(profile) => {
            let gaps: Vec<_> = functions
                .iter()
                .filter(|f| profile.row(f.id.as_str()).is_none())
                .map(|f| UsabilityGap::FunctionWithoutProfile {
                    function: f.id.clone(),
                })
                .collect();
            let none = gaps.len() == functions.len();
            verdict(UsabilityCriterion::OperationalDefinitions, gaps, none)
        }
    };

    // 4. Fidelity assessment: items covering every function, and outcome evidence.
    let fidelity = match &innovation.fidelity_assessment {
        None => verdict(
            UsabilityCriterion::FidelityAssessment,
            vec![UsabilityGap::NoFidelityAssessment],
            true,
        ),
        Some(assessment) => {
            let mut gaps = Vec::new();
            if assessment.items.is_empty() {
                gaps.push(UsabilityGap::NoFidelityItems);
            }
            gaps.extend(
                functions
                    .iter()
                    .filter(|f| !assessment.items.is_empty() && !assessment.assesses(f.id.as_str()))
                    .map(|f| UsabilityGap::FunctionNotAssessed {
                        function: f.id.clone(),
                    }),
            );
            match assessment.best_correlation() {
                None => gaps.push(UsabilityGap::NoOutcomeEvidence),
                Some(best) if best < params.min_outcome_correlation => {
                    gaps.push(UsabilityGap::WeakOutcomeCorrelation {
                        best,
                        threshold: params.min_outcome_correlation,
                    });
                }
                Some(_) => {}
            }
            verdict(UsabilityCriterion::FidelityAssessment, gaps, false)
        }
    };

    UsabilityReport {
        innovation: innovation.id.clone(),
        params,
        criteria: vec![description, essential, operational, fidelity],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::innovation::{
        EssentialFunction, FidelityAssessment, FidelityCriterion, FidelityItem, OutcomeEvidence,
        PracticeProfile, ProfileRow,
    };

    fn id<T: std::str::FromStr>(s: &str) -> T
    where
        T::Err: fmt::Debug,
    {
        s.parse().unwrap()
    }

    fn complete() -> Innovation {
        let mut i = Innovation::new(id("x"), "X");
        i.description.philosophy = Some("Every student belongs".into());
        i.description.inclusion_criteria.push("Grades K-5".into());
        i.description
            .exclusion_criteria
            .push("Students in crisis".into());
        for n in ["a", "b"] {
            let mut f = EssentialFunction::new(id(n), n);
            f.description = Some(format!("function {n}"));
            i.essential_functions.push(f);
        }
        let mut profile = PracticeProfile::default();
        profile.rows.push(ProfileRow::new(id("a"), "e", "d", "u"));
        profile.rows.push(ProfileRow::new(id("b"), "e", "d", "u"));
        i.practice_profile = Some(profile);
        let mut fa = FidelityAssessment::new("obs", FidelityCriterion::new(80.0));
        fa.items
            .push(FidelityItem::new(id("i1"), "t", vec![id("a"), id("b")]));
        fa.outcome_evidence
            .push(OutcomeEvidence::new("o", 0.72, "study"));
        i.fidelity_assessment = Some(fa);
        i
    }

    #[test]
    fn complete_innovation_is_usable() {
        let r = complete().usability();
        assert!(r.is_usable(), "{r}");
    }

    #[test]
    fn correlation_threshold_is_a_parameter_and_inclusive() {
        let mut i = complete();
        i.fidelity_assessment.as_mut().unwrap().outcome_evidence[0].correlation = 0.5;
        let strict = i.usability();
        assert_eq!(
            strict
                .criterion(UsabilityCriterion::FidelityAssessment)
                .unwrap()
                .gaps,
            vec![UsabilityGap::WeakOutcomeCorrelation {
                best: 0.5,
                threshold: 0.7
            }]
        );
        let lenient = i.usability_with(&UsabilityParams {
            min_outcome_correlation: 0.5,
        });
        assert!(lenient.is_usable());
    }

    #[test]
    fn partial_profile_and_assessment() {
        let mut i = complete();
        i.practice_profile.as_mut().unwrap().rows.pop();
        i.fidelity_assessment.as_mut().unwrap().items[0]
            .functions
            .pop();
        i.description.exclusion_criteria.clear();
        let r = i.usability();
        let status: Vec<_> = r.criteria.iter().map(|c| c.status).collect();
        assert_eq!(
            status,
            [Status::Partly, Status::Met, Status::Partly, Status::Partly]
        );
        assert_eq!(
            r.criteria[2].gaps,
            vec![UsabilityGap::FunctionWithoutProfile { function: id("b") }]
        );
        assert_eq!(
            r.criteria[3].gaps,
            vec![UsabilityGap::FunctionNotAssessed { function: id("b") }]
        );
    }

    #[test]
    fn bare_innovation_is_missing_everything() {
        let r = Innovation::new(id("x"), "X").usability();
        assert!(
            r.criteria.iter().all(|c| c.status == Status::Missing),
            "{r}"
        );
    }
}

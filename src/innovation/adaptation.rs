//! Adaptations, recorded as FRAME does.
//!
//! Source: Wiltsey Stirman, Baumann & Miller (2019), "The FRAME: an expanded framework for
//! reporting adaptations and modifications to evidence-based interventions", *Implementation
//! Science* 14:58. FRAME records when a modification happened, whether it was planned, who
//! decided, what was modified, at what level of delivery, its nature (content or context),
//! whether it is fidelity-consistent, and the reasons (goals and contextual factors).
//!
//! The coded lists below follow FRAME's figure as reproduced in Table 3 of "Methods for
//! capturing and analyzing adaptations: implications for implementation research",
//! *Implementation Science* 2022 (doi:10.1186/s13012-022-01218-3). FRAME's lists of content
//! modification types and of contextual reasons were not confirmed in a primary source, so
//! they are free text here, for the user to code with FRAME's own labels.
//!
//! Context and culture matter: an adaptation is often right. One that changes an essential
//! function and is not fidelity-consistent must be visible as such:
//! [`Adaptation::breaks_essential_function`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::id::{AdaptationId, EssentialFunctionId, InnovationId};

/// FRAME: when the modification occurred.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::ImplementationPhase};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!(record.adaptations[0].phase, ImplementationPhase::Implementation);
/// assert_eq!(serde_json::from_str::<ImplementationPhase>(r#""scale_up""#)?, ImplementationPhase::ScaleUp);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImplementationPhase {
    /// Pre-implementation or planning.
    PreImplementation,
    /// Implementation.
    Implementation,
    /// Scale-up.
    ScaleUp,
    /// Maintenance or sustainment.
    Maintenance,
}

/// FRAME: whether the modification was planned.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::Planning};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!(record.adaptations[0].planning, Planning::UnplannedReactive);
/// assert_eq!(record.adaptations[1].planning, Planning::PlannedProactive);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Planning {
    /// Planned and proactive (an adaptation).
    PlannedProactive,
    /// Planned in reaction to something (an adaptation).
    PlannedReactive,
    /// Unplanned, reactive (a modification).
    UnplannedReactive,
}

/// FRAME: who participated in the decision to modify.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::DecisionMaker};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!(record.adaptations[0].decided_by, [DecisionMaker::IndividualPractitioner]);
/// assert_eq!(record.adaptations[1].decided_by, [DecisionMaker::InterventionTeam, DecisionMaker::Administrator]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionMaker {
    /// Political leaders.
    PoliticalLeaders,
    /// Program leaders.
    ProgramLeaders,
    /// Funders.
    Funders,
    /// An administrator.
    Administrator,
    /// A program manager.
    ProgramManager,
    /// The intervention developer or purveyor.
    DeveloperOrPurveyor,
    /// A researcher.
    Researcher,
    /// The treatment or intervention team.
    InterventionTeam,
    /// An individual practitioner.
    IndividualPractitioner,
    /// Community members.
    CommunityMembers,
    /// Recipients.
    Recipients,
}

/// FRAME: what is modified.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::Modified};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!(record.adaptations[0].modified, Modified::Content);
/// assert_eq!(record.adaptations[1].modified, Modified::Contextual);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Modified {
    /// The content of the innovation.
    Content,
    /// The context of delivery (format, setting, personnel, population).
    Contextual,
    /// Training and evaluation.
    TrainingAndEvaluation,
    /// Implementation and scale-up activities.
    ImplementationAndScaleUp,
}

/// FRAME: the level of delivery the modification is made for.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::DeliveryLevel};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!(record.adaptations[0].level, Some(DeliveryLevel::Cohort));
/// assert_eq!(record.adaptations[1].level, Some(DeliveryLevel::ClinicOrUnit));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryLevel {
    /// An individual recipient.
    Individual,
    /// The target intervention group.
    TargetGroup,
    /// A cohort of individuals who share a characteristic.
    Cohort,
    /// An individual practitioner.
    Practitioner,
    /// A clinic or unit.
    ClinicOrUnit,
    /// An organization.
    Organization,
    /// A network, system or community.
    NetworkOrCommunity,
}

/// FRAME: the contextual modifications.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::ContextualModification};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// // the counselor, not the office clerk, does check-in
/// assert_eq!(record.adaptations[1].contextual, [ContextualModification::Personnel]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContextualModification {
    /// The format of delivery.
    Format,
    /// The setting.
    Setting,
    /// Who delivers.
    Personnel,
    /// Who receives.
    Population,
}

/// FRAME: whether the modification is consistent with fidelity (preserves the core elements).
///
/// Source: Wiltsey Stirman, Baumann & Miller (2019), FRAME, *Implementation Science* 14:58:
/// fidelity-consistent or fidelity-inconsistent. [`FidelityConsistency::Unknown`] is **this
/// crate's addition** (FRAME has no such value), for a record written before anyone judged
/// the modification.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::FidelityConsistency};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!(record.adaptations[0].fidelity, FidelityConsistency::Inconsistent);
/// assert_eq!(record.adaptations[1].fidelity, FidelityConsistency::Consistent);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FidelityConsistency {
    /// Fidelity-consistent: the essential functions are preserved.
    Consistent,
    /// Fidelity-inconsistent: an essential function is changed.
    Inconsistent,
    /// Not known: this crate's addition, not a FRAME value.
    Unknown,
}

/// FRAME: the goal of the modification.
///
/// ```
/// use implsci::{Document, SiteRecord, innovation::AdaptationGoal};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!(record.adaptations[0].goals, [AdaptationGoal::ImproveFeasibility]);
/// assert_eq!(serde_json::to_string(&AdaptationGoal::ImproveFit)?, r#""improve_fit""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdaptationGoal {
    /// Increase reach or engagement.
    IncreaseReachOrEngagement,
    /// Increase retention.
    IncreaseRetention,
    /// Improve feasibility.
    ImproveFeasibility,
    /// Improve fit with recipients.
    ImproveFit,
    /// Improve effectiveness or outcomes.
    ImproveOutcomes,
    /// Reduce cost.
    ReduceCost,
    /// Increase satisfaction.
    IncreaseSatisfaction,
}

/// One adaptation or modification of an innovation, coded with FRAME.
///
/// ```
/// use implsci::innovation::{Adaptation, FidelityConsistency, ImplementationPhase, Modified, Planning};
///
/// let mut a = Adaptation::new(
///     "adapt-1".parse()?,
///     "cico".parse()?,
///     "2024-10-01".parse()?,
///     ImplementationPhase::Implementation,
///     Planning::UnplannedReactive,
///     Modified::Content,
///     FidelityConsistency::Inconsistent,
/// );
/// a.essential_functions.push("ef-feedback".parse()?);
/// assert!(a.breaks_essential_function());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Adaptation {
    /// Its identifier, unique within the record.
    pub id: AdaptationId,
    /// The innovation adapted.
    pub innovation: InnovationId,
    /// When it was made or first observed.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: jiff::civil::Date,
    /// FRAME: when in the implementation process.
    pub phase: ImplementationPhase,
    /// FRAME: planned or not.
    pub planning: Planning,
    /// FRAME: who decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<DecisionMaker>,
    /// FRAME: what is modified.
    pub modified: Modified,
    /// FRAME: at what level of delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<DeliveryLevel>,
    /// FRAME: contextual modifications, when `modified` is contextual.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contextual: Vec<ContextualModification>,
    /// FRAME: the nature of a content modification, coded by the user with FRAME's labels
    /// ("tailoring", "removing elements", …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub content: Vec<String>,
    /// The essential functions the modification touches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub essential_functions: Vec<EssentialFunctionId>,
    /// FRAME: fidelity-consistent or not.
    pub fidelity: FidelityConsistency,
    /// FRAME: the goals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<AdaptationGoal>,
    /// FRAME: the contextual reasons (sociopolitical, organizational, provider, recipient), in
    /// the user's coding.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// What was done, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Adaptation {
    /// An adaptation with its required FRAME codes; lists empty.
    ///
    /// ```
    /// use implsci::innovation::{Adaptation, FidelityConsistency, ImplementationPhase, Modified, Planning};
    ///
    /// let a = Adaptation::new("adapt-3".parse()?, "cico".parse()?, "2025-02-03".parse()?,
    ///     ImplementationPhase::ScaleUp, Planning::PlannedProactive,
    ///     Modified::TrainingAndEvaluation, FidelityConsistency::Unknown);
    /// assert!(a.decided_by.is_empty() && a.essential_functions.is_empty() && a.goals.is_empty());
    /// assert!(!a.breaks_essential_function()); // it touches no essential function
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: AdaptationId,
        innovation: InnovationId,
        date: jiff::civil::Date,
        phase: ImplementationPhase,
        planning: Planning,
        modified: Modified,
        fidelity: FidelityConsistency,
    ) -> Self {
        Self {
            id,
            innovation,
            date,
            phase,
            planning,
            decided_by: Vec::new(),
            modified,
            level: None,
            contextual: Vec::new(),
            content: Vec::new(),
            essential_functions: Vec::new(),
            fidelity,
            goals: Vec::new(),
            reasons: Vec::new(),
            description: None,
            extensions: Extensions::new(),
        }
    }

    /// True when the adaptation touches an essential function and is not known to be
    /// fidelity-consistent: the adaptation a fidelity assessment must look at.
    ///
    /// An adaptation of unknown consistency that touches an essential function counts: until
    /// someone checks, the function may be broken.
    ///
    /// ```
    /// use implsci::innovation::{Adaptation, FidelityConsistency, ImplementationPhase, Modified, Planning};
    ///
    /// let mut a = Adaptation::new("adapt-4".parse()?, "cico".parse()?, "2025-02-03".parse()?,
    ///     ImplementationPhase::Implementation, Planning::PlannedReactive, Modified::Content,
    ///     FidelityConsistency::Unknown);
    /// a.essential_functions.push("ef-checkout".parse()?);
    /// assert!(a.breaks_essential_function()); // unknown consistency counts until checked
    /// a.fidelity = FidelityConsistency::Consistent;
    /// assert!(!a.breaks_essential_function());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn breaks_essential_function(&self) -> bool {
        !self.essential_functions.is_empty() && self.fidelity != FidelityConsistency::Consistent
    }
}

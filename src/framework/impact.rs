//! The IMPACT Framework: six components a system needs to scale an innovation, and the
//! evidence of each the crate's data holds.
//!
//! Source: IMPACT Learning and Leading Group, *The IMPACT Framework*
//! (<https://impactlearnandlead.com/framework>); Pizzuto, J. & Carney, S. (2024), *Implement
//! with IMPACT: A Strategic Framework for Leading School and District Initiatives*, Solution
//! Tree Press. The framework is written for implementation teams; each component says what the
//! team members do ([`Component::definition`] paraphrases the framework's page).
//!
//! The framework publishes **no scoring rubric and no crosswalk** to the Active Implementation
//! Frameworks. What this module maps each component to ([`Component::aif`], and the evidence
//! items of [`EvidenceItem`]) is **this crate's reading**, by the components' definitions
//! ([`MappingBasis::ByDefinition`]): a reading to start from and to refine, not the authors'.
//! Collective efficacy has no measure in the crate; it is read from an instrument the user
//! supplies ([`ImpactInputs::instrument_scores`]), and the crate ships no IMPACT items as
//! published: [`self_assessment`] gives the shape of a self-assessment grouped by component,
//! and `examples/data/impact_self_assessment.json` is an illustrative example of it.
//!
//! ```
//! use implsci::framework::impact::{Component, EvidenceItem};
//! use implsci::stage::MappingBasis;
//!
//! let teams = Component::Teams;
//! assert!(teams.definition().contains("vertical and horizontal teams"));
//! assert_eq!(teams.basis(), MappingBasis::ByDefinition);
//! assert!(teams.aif().contains(&"Implementation Teams (linked teams at every level)"));
//! assert_eq!(EvidenceItem::OwnConnectedTeam.component(), teams);
//! ```

mod assessment;
mod evidence;
mod inputs;
mod profile;
mod table;
mod tally;

pub use assessment::{SelfAssessmentError, is_self_assessment, self_assessment};
pub use evidence::{Evidence, EvidenceItem, EvidenceSource};
pub use inputs::{DEFAULT_ASSESSMENT_DAYS, ImpactInputs, ImpactParams};
pub use profile::{ComponentEvidence, ImpactError, ImpactProfile, UnitProfile, impact_profile};
pub use table::CSV_HEADER;

use schemars::JsonSchema;
use serde::Serialize;

use crate::stage::MappingBasis;

/// The source of the framework's components, as outputs cite it.
pub const SOURCE: &str = "IMPACT Learning and Leading Group, The IMPACT Framework \
    (impactlearnandlead.com/framework); Pizzuto & Carney (2024), Implement with IMPACT";

/// What outputs say of the mapping from components to the crate's measures.
pub const READING: &str = "The IMPACT Framework publishes no rubric and no crosswalk to AIF: \
    the evidence under each component is this crate's reading, by the components' definitions";

/// A component of the IMPACT Framework, in the order the framework's name spells them.
///
/// ```
/// use implsci::framework::impact::Component;
/// let initials: String = Component::ALL.iter().map(|c| c.label().chars().next().unwrap()).collect();
/// assert_eq!(initials, "IMPACT");
/// assert_eq!(serde_json::to_string(&Component::AssessAndAdjust)?, r#""assess_and_adjust""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Component {
    /// Inclusion.
    Inclusion,
    /// Meaningful leadership.
    MeaningfulLeadership,
    /// Professional learning.
    ProfessionalLearning,
    /// Assess & adjust.
    AssessAndAdjust,
    /// Collective efficacy.
    CollectiveEfficacy,
    /// Teams.
    Teams,
}

impl Component {
    /// Every component, in the framework's order.
    ///
    /// ```
    /// use implsci::framework::impact::Component;
    /// assert_eq!(Component::ALL[5], Component::Teams);
    /// ```
    pub const ALL: [Self; 6] = [
        Self::Inclusion,
        Self::MeaningfulLeadership,
        Self::ProfessionalLearning,
        Self::AssessAndAdjust,
        Self::CollectiveEfficacy,
        Self::Teams,
    ];

    /// The component's name as the framework writes it.
    ///
    /// ```
    /// use implsci::framework::impact::Component;
    /// assert_eq!(Component::AssessAndAdjust.label(), "Assess & Adjust");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Inclusion => "Inclusion",
            Self::MeaningfulLeadership => "Meaningful Leadership",
            Self::ProfessionalLearning => "Professional Learning",
            Self::AssessAndAdjust => "Assess & Adjust",
            Self::CollectiveEfficacy => "Collective Efficacy",
            Self::Teams => "Teams",
        }
    }

    /// The component's identifier in JSON, CSV and a self-assessment's subscales
    /// (`assess_and_adjust`).
    ///
    /// ```
    /// use implsci::framework::impact::Component;
    /// assert_eq!(Component::MeaningfulLeadership.id(), "meaningful_leadership");
    /// ```
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Inclusion => "inclusion",
            Self::MeaningfulLeadership => "meaningful_leadership",
            Self::ProfessionalLearning => "professional_learning",
            Self::AssessAndAdjust => "assess_and_adjust",
            Self::CollectiveEfficacy => "collective_efficacy",
            Self::Teams => "teams",
        }
    }

    /// The component with this [`id`](Self::id).
    ///
    /// ```
    /// use implsci::framework::impact::Component;
    /// assert_eq!(Component::from_id("teams"), Some(Component::Teams));
    /// assert_eq!(Component::from_id("Teams"), None);
    /// ```
    #[must_use]
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.id() == id)
    }

    /// What the component asks of implementation team members, paraphrasing the framework's
    /// page (IMPACT Learning and Leading Group, *The IMPACT Framework*).
    ///
    /// ```
    /// use implsci::framework::impact::Component;
    /// assert!(Component::AssessAndAdjust.definition().contains("improvement cycle"));
    /// ```
    #[must_use]
    pub fn definition(self) -> &'static str {
        match self {
            Self::Inclusion => {
                "Team members make room for the perspectives and contributions of every \
                 stakeholder, building on the needs, assets and views of staff and community \
                 so that people belong and are respected and valued."
            }
            Self::MeaningfulLeadership => {
                "Team members plan and grow leadership expertise and systems that carry change \
                 through every stage of implementation, with everyone engaged in ongoing \
                 learning and improvement."
            }
            Self::ProfessionalLearning => {
                "Team members design professional learning in which implementers take part in \
                 iterative processes that build capacity and scale the innovation."
            }
            Self::AssessAndAdjust => {
                "Team members design monitoring plans that measure the implementation, and the \
                 structures that let teams use an improvement cycle for planning and decisions \
                 in real time."
            }
            Self::CollectiveEfficacy => {
                "Team members set the conditions in which collective efficacy develops across \
                 the organization."
            }
            Self::Teams => {
                "Team members build, lead and facilitate vertical and horizontal teams that \
                 monitor, support and adjust the innovation and its implementation together."
            }
        }
    }

    /// The Active Implementation Frameworks constructs the component reads as, by its
    /// definition: **this crate's reading** ([`basis`](Self::basis)); no published crosswalk
    /// exists. Sources of the AIF constructs: NIRN modules 1–5 (drivers, teams, improvement
    /// cycles).
    ///
    /// ```
    /// use implsci::framework::impact::Component;
    /// assert!(Component::MeaningfulLeadership.aif().contains(&"Leadership drivers: technical and adaptive"));
    /// assert!(Component::CollectiveEfficacy.aif().is_empty()); // no AIF construct
    /// ```
    #[must_use]
    pub fn aif(self) -> &'static [&'static str] {
        match self {
            Self::Inclusion => &[
                "Implementation Teams: engage the community",
                "Practice–policy communication loops (practice-informed policy)",
            ],
            Self::MeaningfulLeadership => &["Leadership drivers: technical and adaptive"],
            Self::ProfessionalLearning => &[
                "Competency drivers: training and coaching",
                "Coaching service delivery plans",
            ],
            Self::AssessAndAdjust => &[
                "Competency driver: fidelity assessment",
                "Organization driver: decision support data system",
                "Improvement cycles: PDSA",
            ],
            Self::CollectiveEfficacy => &[],
            Self::Teams => &[
                "Implementation Teams (linked teams at every level)",
                "Team size (3–5 or 5–7 members)",
            ],
        }
    }

    /// How the component was mapped to the AIF and to the crate's measures: always
    /// [`MappingBasis::ByDefinition`], this crate's reading.
    ///
    /// ```
    /// use implsci::framework::impact::Component;
    /// use implsci::stage::MappingBasis;
    /// assert!(Component::ALL.iter().all(|c| c.basis() == MappingBasis::ByDefinition));
    /// ```
    #[must_use]
    pub fn basis(self) -> MappingBasis {
        MappingBasis::ByDefinition
    }

    /// The evidence items read for the component, in the order profiles list them.
    ///
    /// ```
    /// use implsci::framework::impact::{Component, EvidenceItem};
    /// assert_eq!(Component::MeaningfulLeadership.evidence(),
    ///     [EvidenceItem::TechnicalLeadership, EvidenceItem::AdaptiveLeadership]);
    /// ```
    #[must_use]
    pub fn evidence(self) -> Vec<EvidenceItem> {
        EvidenceItem::ALL
            .into_iter()
            .filter(|i| i.component() == self)
            .collect()
    }
}

impl std::fmt::Display for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

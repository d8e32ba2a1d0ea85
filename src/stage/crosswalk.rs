//! The crosswalks from the NIRN stages to EPIS phases and SIC stages, lined up by the stages'
//! definitions ([`MappingBasis::ByDefinition`]): no published crosswalk was found.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// EPIS phases (Aarons, Hurlburt & Horwitz 2011; Moullin et al. 2019).
///
/// ```
/// use implsci::stage::{EpisPhase, Stage};
/// assert_eq!(Stage::Exploration.epis().targets, [EpisPhase::Exploration]);
/// assert_eq!(Stage::FullImplementation.epis().targets, [EpisPhase::Implementation, EpisPhase::Sustainment]);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EpisPhase {
    /// Exploration.
    Exploration,
    /// Preparation (adoption decision and preparation).
    Preparation,
    /// Implementation.
    Implementation,
    /// Sustainment.
    Sustainment,
}

/// The three SIC phases (Chamberlain, Brown & Saldana 2011).
///
/// ```
/// use implsci::stage::{SicPhase, SicStage};
/// let pre = SicStage::ALL.iter().filter(|s| s.phase() == SicPhase::PreImplementation).count();
/// assert_eq!(pre, 3); // stages 1–3
/// assert_eq!(SicStage::Competency.phase(), SicPhase::Sustainability);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SicPhase {
    /// Stages 1–3.
    PreImplementation,
    /// Stages 4–7.
    Implementation,
    /// Stage 8.
    Sustainability,
}

/// The eight Stages of Implementation Completion, in the 2011 wording (Chamberlain, Brown &
/// Saldana 2011, *Implementation Science* 6:116, Table 1).
///
/// ```
/// use implsci::stage::{SicPhase, SicStage};
/// assert_eq!(SicStage::StaffHiredAndTrained.number(), 4);
/// assert_eq!(SicStage::StaffHiredAndTrained.phase(), SicPhase::Implementation);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SicStage {
    /// 1. Engagement.
    Engagement,
    /// 2. Consideration of feasibility.
    ConsiderationOfFeasibility,
    /// 3. Readiness planning.
    ReadinessPlanning,
    /// 4. Staff hired and trained.
    StaffHiredAndTrained,
    /// 5. Adherence monitoring processes in place.
    AdherenceMonitoringInPlace,
    /// 6. Services and consultation begin.
    ServicesAndConsultationBegin,
    /// 7. Ongoing services, consultation, fidelity monitoring and feedback.
    OngoingServicesAndFidelityMonitoring,
    /// 8. Competency (certification).
    Competency,
}

impl SicStage {
    /// The stages in order.
    ///
    /// ```
    /// use implsci::stage::SicStage;
    /// let numbers: Vec<u8> = SicStage::ALL.iter().map(|s| s.number()).collect();
    /// assert_eq!(numbers, (1..=8).collect::<Vec<u8>>());
    /// ```
    pub const ALL: [Self; 8] = [
        Self::Engagement,
        Self::ConsiderationOfFeasibility,
        Self::ReadinessPlanning,
        Self::StaffHiredAndTrained,
        Self::AdherenceMonitoringInPlace,
        Self::ServicesAndConsultationBegin,
        Self::OngoingServicesAndFidelityMonitoring,
        Self::Competency,
    ];

    /// Its number, 1–8.
    ///
    /// ```
    /// use implsci::stage::SicStage;
    /// assert_eq!(SicStage::Engagement.number(), 1);
    /// assert_eq!(SicStage::Competency.number(), 8);
    /// ```
    #[must_use]
    pub fn number(self) -> u8 {
        match self {
            Self::Engagement => 1,
            Self::ConsiderationOfFeasibility => 2,
            Self::ReadinessPlanning => 3,
            Self::StaffHiredAndTrained => 4,
            Self::AdherenceMonitoringInPlace => 5,
            Self::ServicesAndConsultationBegin => 6,
            Self::OngoingServicesAndFidelityMonitoring => 7,
            Self::Competency => 8,
        }
    }

    /// Its phase: pre-implementation 1–3, implementation 4–7, sustainability 8.
    ///
    /// ```
    /// use implsci::stage::{SicPhase, SicStage};
    /// assert_eq!(SicStage::ReadinessPlanning.phase(), SicPhase::PreImplementation); // 3
    /// assert_eq!(SicStage::OngoingServicesAndFidelityMonitoring.phase(), SicPhase::Implementation); // 7
    /// ```
    #[must_use]
    pub fn phase(self) -> SicPhase {
        match self.number() {
            1..=3 => SicPhase::PreImplementation,
            4..=7 => SicPhase::Implementation,
            _ => SicPhase::Sustainability,
        }
    }
}

/// On what the correspondence between two frameworks' stages rests.
///
/// ```
/// use implsci::stage::{MappingBasis, Stage};
/// // No published crosswalk was found, so every mapping rests on the definitions.
/// assert!(Stage::ALL.iter().all(|s| s.epis().basis == MappingBasis::ByDefinition));
/// assert!(Stage::ALL.iter().all(|s| s.sic().basis == MappingBasis::ByDefinition));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MappingBasis {
    /// Lined up by the stages' published definitions; no published crosswalk was found.
    ByDefinition,
}

/// A stage's counterparts in another framework.
///
/// ```
/// use implsci::stage::{MappingBasis, Stage};
/// let c = Stage::FullImplementation.epis();
/// assert_eq!(c.basis, MappingBasis::ByDefinition);
/// assert!(c.note.unwrap().starts_with("partial"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Crosswalk<T> {
    /// The corresponding stages or phases.
    pub targets: Vec<T>,
    /// On what the correspondence rests.
    pub basis: MappingBasis,
    /// Where the correspondence is partial, why.
    pub note: Option<&'static str>,
}

impl<T> Crosswalk<T> {
    pub(super) fn by_definition(targets: Vec<T>, note: Option<&'static str>) -> Self {
        Self {
            targets,
            basis: MappingBasis::ByDefinition,
            note,
        }
    }
}

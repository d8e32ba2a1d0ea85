//! The evidence items of an IMPACT profile: what each measures, under which component, and
//! from which of the crate's measures.

use schemars::JsonSchema;
use serde::Serialize;

use super::Component;
use crate::share::Share;

/// One item of evidence the crate's data can hold for an IMPACT component. Which items stand
/// under which component is **this crate's reading** (see the [module](super) notes).
///
/// Every item is read over a unit's part of the system: the unit and every unit below it.
///
/// ```
/// use implsci::framework::impact::{Component, EvidenceItem, EvidenceSource};
/// let item = EvidenceItem::PractitionersTrained;
/// assert_eq!(item.component(), Component::ProfessionalLearning);
/// assert_eq!(item.source(), EvidenceSource::EventLog);
/// assert_eq!(item.label(), "Practitioners trained");
/// assert!(EvidenceItem::ALL.iter().all(|i| !i.describe().is_empty()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceItem {
    /// Inclusion: active team members who are practitioners of the system.
    PractitionersOnTeams,
    /// Inclusion: loop items raised at practice-level units.
    PracticeItemsRaised,
    /// Inclusion: of those, the share closed (resolved and the answer carried back).
    PracticeItemsClosed,
    /// Meaningful leadership: the technical leadership driver in place.
    TechnicalLeadership,
    /// Meaningful leadership: the adaptive leadership driver in place.
    AdaptiveLeadership,
    /// Professional learning: active practitioners trained.
    PractitionersTrained,
    /// Professional learning: coaching hours per active practitioner in the window.
    CoachingHours,
    /// Professional learning: coaching cycles delivered against plans.
    CyclesDelivered,
    /// Assess & adjust: active practitioners observed for fidelity in the assessment interval.
    FidelityAssessed,
    /// Assess & adjust: PDSA cycles with every phase (plan, do, study, act).
    PdsaEveryPhase,
    /// Assess & adjust: the decision support data system driver in place.
    DecisionSupportData,
    /// Collective efficacy: the mean score of the user's instrument.
    InstrumentScore,
    /// A self-assessment's subscale for the component (any component).
    SelfAssessment,
    /// Teams: the unit has its own team, connected to the top team by supports links.
    OwnConnectedTeam,
    /// Teams: units with an unbroken chain of support to the top team.
    ChainUnbroken,
    /// Teams: active supports links reaching the teams (vertical).
    VerticalLinks,
    /// Teams: active collaborates-with links of the teams (horizontal).
    HorizontalLinks,
    /// Teams: teams whose active members are within the team-size range.
    TeamsWithinSize,
}

impl EvidenceItem {
    /// Every item but [`SelfAssessment`](Self::SelfAssessment) (which stands under each
    /// component a self-assessment scores), grouped by component in [`Component::ALL`]'s
    /// order.
    ///
    /// ```
    /// use implsci::framework::impact::EvidenceItem;
    /// assert_eq!(EvidenceItem::ALL.len(), 17);
    /// ```
    pub const ALL: [Self; 17] = [
        Self::PractitionersOnTeams,
        Self::PracticeItemsRaised,
        Self::PracticeItemsClosed,
        Self::TechnicalLeadership,
        Self::AdaptiveLeadership,
        Self::PractitionersTrained,
        Self::CoachingHours,
        Self::CyclesDelivered,
        Self::FidelityAssessed,
        Self::PdsaEveryPhase,
        Self::DecisionSupportData,
        Self::InstrumentScore,
        Self::OwnConnectedTeam,
        Self::ChainUnbroken,
        Self::VerticalLinks,
        Self::HorizontalLinks,
        Self::TeamsWithinSize,
    ];

    /// The component the item is read under (this crate's reading); a self-assessment's
    /// subscale stands under its own component, given with it in [`Evidence::component`].
    ///
    /// ```
    /// use implsci::framework::impact::{Component, EvidenceItem};
    /// assert_eq!(EvidenceItem::PdsaEveryPhase.component(), Component::AssessAndAdjust);
    /// ```
    #[must_use]
    pub fn component(self) -> Component {
        match self {
            Self::PractitionersOnTeams | Self::PracticeItemsRaised | Self::PracticeItemsClosed => {
                Component::Inclusion
            }
            Self::TechnicalLeadership | Self::AdaptiveLeadership => Component::MeaningfulLeadership,
            Self::PractitionersTrained | Self::CoachingHours | Self::CyclesDelivered => {
                Component::ProfessionalLearning
            }
            Self::FidelityAssessed | Self::PdsaEveryPhase | Self::DecisionSupportData => {
                Component::AssessAndAdjust
            }
            Self::InstrumentScore | Self::SelfAssessment => Component::CollectiveEfficacy,
            Self::OwnConnectedTeam
            | Self::ChainUnbroken
            | Self::VerticalLinks
            | Self::HorizontalLinks
            | Self::TeamsWithinSize => Component::Teams,
        }
    }

    /// The item's id, as JSON and CSV write it (`own_connected_team`).
    ///
    /// ```
    /// use implsci::framework::impact::EvidenceItem;
    /// assert_eq!(EvidenceItem::PdsaEveryPhase.id(), "pdsa_every_phase");
    /// ```
    #[must_use]
    pub fn id(self) -> &'static str {
        use EvidenceItem as I;
        match self {
            I::PractitionersOnTeams => "practitioners_on_teams",
            I::PracticeItemsRaised => "practice_items_raised",
            I::PracticeItemsClosed => "practice_items_closed",
            I::TechnicalLeadership => "technical_leadership",
            I::AdaptiveLeadership => "adaptive_leadership",
            I::PractitionersTrained => "practitioners_trained",
            I::CoachingHours => "coaching_hours",
            I::CyclesDelivered => "cycles_delivered",
            I::FidelityAssessed => "fidelity_assessed",
            I::PdsaEveryPhase => "pdsa_every_phase",
            I::DecisionSupportData => "decision_support_data",
            I::InstrumentScore => "instrument_score",
            I::SelfAssessment => "self_assessment",
            I::OwnConnectedTeam => "own_connected_team",
            I::ChainUnbroken => "chain_unbroken",
            I::VerticalLinks => "vertical_links",
            I::HorizontalLinks => "horizontal_links",
            I::TeamsWithinSize => "teams_within_size",
        }
    }

    /// A short name for tables.
    ///
    /// ```
    /// use implsci::framework::impact::EvidenceItem;
    /// assert_eq!(EvidenceItem::ChainUnbroken.label(), "Units with an unbroken chain");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::PractitionersOnTeams => "Practitioners on teams",
            Self::PracticeItemsRaised => "Loop items raised in practice",
            Self::PracticeItemsClosed => "Of those, closed",
            Self::TechnicalLeadership => "Technical leadership in place",
            Self::AdaptiveLeadership => "Adaptive leadership in place",
            Self::PractitionersTrained => "Practitioners trained",
            Self::CoachingHours => "Coaching hours per practitioner",
            Self::CyclesDelivered => "Coaching cycles delivered",
            Self::FidelityAssessed => "Practitioners assessed for fidelity",
            Self::PdsaEveryPhase => "PDSA cycles with every phase",
            Self::DecisionSupportData => "Decision support data in place",
            Self::InstrumentScore => "Instrument score (mean %)",
            Self::SelfAssessment => "Self-assessment (mean %)",
            Self::OwnConnectedTeam => "Own connected team",
            Self::ChainUnbroken => "Units with an unbroken chain",
            Self::VerticalLinks => "Vertical links (supports)",
            Self::HorizontalLinks => "Horizontal links (collaborates with)",
            Self::TeamsWithinSize => "Teams within the size range",
        }
    }

    /// What the item counts, and over whom, in one sentence.
    ///
    /// ```
    /// use implsci::framework::impact::EvidenceItem;
    /// assert!(EvidenceItem::PractitionersOnTeams.describe().contains("practitioner"));
    /// ```
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::PractitionersOnTeams => {
                "active members of the teams of the unit and below whose person id is a \
                 practitioner of the system, out of all their active members"
            }
            Self::PracticeItemsRaised => {
                "practice-policy loop items raised on or before the date at units of the \
                 system's lowest level, at or below the unit"
            }
            Self::PracticeItemsClosed => {
                "of the items raised in practice, those closed (resolved, and the answer \
                 carried back to the governing team) by the date"
            }
            Self::TechnicalLeadership => {
                "units at or below with a site record rating technical leadership in place on \
                 the date, out of those rating it; coverage: units rating it, of all units"
            }
            Self::AdaptiveLeadership => {
                "units at or below with a site record rating adaptive leadership in place on \
                 the date, out of those rating it; coverage: units rating it, of all units"
            }
            Self::PractitionersTrained => {
                "active practitioners at or below the unit with a training on or before the \
                 date, out of all active practitioners there"
            }
            Self::CoachingHours => {
                "coaching hours recorded in the window, per active practitioner at or below \
                 the unit; coverage: practitioners with any coaching"
            }
            Self::CyclesDelivered => {
                "coaching cycles delivered in the window out of the cycles the plans of the \
                 practitioners at or below the unit planned"
            }
            Self::FidelityAssessed => {
                "active practitioners at or below the unit with a coaching observation in the \
                 assessment interval before the date, out of all active practitioners there"
            }
            Self::PdsaEveryPhase => {
                "PDSA cycles begun on or before the date at the unit or below that recorded \
                 all four phases, out of those cycles"
            }
            Self::DecisionSupportData => {
                "units at or below with a site record rating the decision support data system \
                 in place on the date, out of those rating it; coverage: units rating it"
            }
            Self::InstrumentScore => {
                "the mean percent of the user's instrument over its subjects at or below the \
                 unit, each at its latest administration on or before the date"
            }
            Self::SelfAssessment => {
                "the mean percent of the self-assessment's subscale for the component over its \
                 subjects at or below the unit, each at its latest administration"
            }
            Self::OwnConnectedTeam => {
                "1 when the unit has its own team on the date, reached from the top team by a \
                 chain of active supports links; 0 otherwise"
            }
            Self::ChainUnbroken => {
                "units at or below with their own connected team or covered from above, out \
                 of all units there (the alignment report's chains)"
            }
            Self::VerticalLinks => {
                "active supports links whose supported team belongs to a unit at or below"
            }
            Self::HorizontalLinks => {
                "active collaborates-with links with a team of a unit at or below at either end"
            }
            Self::TeamsWithinSize => {
                "teams of the unit and below whose active members are within the system's \
                 team-size range, out of those teams"
            }
        }
    }

    /// The measure the item comes from.
    ///
    /// ```
    /// use implsci::framework::impact::{EvidenceItem, EvidenceSource};
    /// assert_eq!(EvidenceItem::VerticalLinks.source(), EvidenceSource::System);
    /// ```
    #[must_use]
    pub fn source(self) -> EvidenceSource {
        match self {
            Self::PractitionersOnTeams
            | Self::OwnConnectedTeam
            | Self::ChainUnbroken
            | Self::VerticalLinks
            | Self::HorizontalLinks
            | Self::TeamsWithinSize => EvidenceSource::System,
            Self::PracticeItemsRaised
            | Self::PracticeItemsClosed
            | Self::PractitionersTrained
            | Self::CoachingHours
            | Self::CyclesDelivered
            | Self::FidelityAssessed
            | Self::PdsaEveryPhase => EvidenceSource::EventLog,
            Self::TechnicalLeadership | Self::AdaptiveLeadership | Self::DecisionSupportData => {
                EvidenceSource::SiteRecords
            }
            Self::InstrumentScore | Self::SelfAssessment => EvidenceSource::Administrations,
        }
    }
}

/// Where an evidence item's data comes from: the input that must be given for it to have a
/// value.
///
/// ```
/// use implsci::framework::impact::EvidenceSource;
/// assert_eq!(EvidenceSource::SiteRecords.label(), "site records");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceSource {
    /// The implementation system (the alignment report).
    System,
    /// The event log (coaching, training, PDSA, practice-policy loops).
    EventLog,
    /// Site records (driver ratings).
    SiteRecords,
    /// Administrations of an instrument.
    Administrations,
}

impl EvidenceSource {
    /// The source's name in outputs.
    ///
    /// ```
    /// use implsci::framework::impact::EvidenceSource;
    /// assert_eq!(EvidenceSource::EventLog.label(), "event log");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::EventLog => "event log",
            Self::SiteRecords => "site records",
            Self::Administrations => "administrations",
        }
    }
}

/// One item of evidence for one unit: its value, the share it rests on and how much of the
/// unit's part of the system it covers. "No data" is `value: None`, never zero: the input was
/// not given, or holds nothing to compute the item from (a share of nobody).
///
/// ```
/// use implsci::framework::impact::{Component, Evidence, EvidenceItem};
/// use implsci::share::Share;
/// let e = Evidence::share(EvidenceItem::PractitionersTrained, Share::new(3, 4), None);
/// assert_eq!((e.component, e.value), (Component::ProfessionalLearning, Some(0.75)));
/// let none = Evidence::share(EvidenceItem::PractitionersTrained, Share::new(0, 0), None);
/// assert_eq!(none.value, None); // a share of nobody is no data
/// assert_eq!(Evidence::no_data(EvidenceItem::CoachingHours).to_string(), "no data");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Evidence {
    /// The component it stands under.
    pub component: Component,
    /// What it is.
    pub item: EvidenceItem,
    /// Its value: a fraction from 0 to 1 for a share, a count, hours, a percent for a score;
    /// `None` when the data holds none.
    pub value: Option<f64>,
    /// The share the value is, where it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
    /// Of the subjects the item is about, those the data covers, where that differs from the
    /// share itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Share>,
    /// Where the data comes from.
    pub source: EvidenceSource,
}

impl Evidence {
    /// An item whose input was not given.
    ///
    /// ```
    /// use implsci::framework::impact::{Evidence, EvidenceItem};
    /// assert_eq!(Evidence::no_data(EvidenceItem::VerticalLinks).value, None);
    /// ```
    #[must_use]
    pub fn no_data(item: EvidenceItem) -> Self {
        Self {
            component: item.component(),
            item,
            value: None,
            share: None,
            coverage: None,
            source: item.source(),
        }
    }

    /// An item that is a share (its value the share's fraction, no data when the share is of
    /// nobody), with its coverage where that differs.
    ///
    /// ```
    /// use implsci::framework::impact::{Evidence, EvidenceItem};
    /// use implsci::share::Share;
    /// let e = Evidence::share(EvidenceItem::TechnicalLeadership, Share::new(1, 2), Some(Share::new(2, 7)));
    /// assert_eq!(e.value, Some(0.5));
    /// assert_eq!(e.coverage, Some(Share::new(2, 7)));
    /// ```
    #[must_use]
    pub fn share(item: EvidenceItem, share: Share, coverage: Option<Share>) -> Self {
        Self {
            value: share.value(),
            share: Some(share),
            coverage,
            ..Self::no_data(item)
        }
    }

    /// An item that is a number (a count, hours, a percent), with its coverage.
    ///
    /// ```
    /// use implsci::framework::impact::{Evidence, EvidenceItem};
    /// assert_eq!(Evidence::number(EvidenceItem::VerticalLinks, Some(3.0), None).value, Some(3.0));
    /// ```
    #[must_use]
    pub fn number(item: EvidenceItem, value: Option<f64>, coverage: Option<Share>) -> Self {
        Self {
            value: value.filter(|v| v.is_finite()),
            coverage,
            ..Self::no_data(item)
        }
    }
}

impl std::fmt::Display for Evidence {
    /// The value as a table shows it: a share as `n/d (p%)`, a yes-or-no item as `yes` or
    /// `no`, a count whole, hours to two decimals, percents to one, and `no data`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(value) = self.value else {
            return f.write_str("no data");
        };
        if let Some(share) = self.share {
            return write!(f, "{share}");
        }
        match self.item {
            EvidenceItem::OwnConnectedTeam => f.write_str(if value > 0.0 { "yes" } else { "no" }),
            EvidenceItem::PracticeItemsRaised
            | EvidenceItem::VerticalLinks
            | EvidenceItem::HorizontalLinks => write!(f, "{value:.0}"),
            EvidenceItem::InstrumentScore | EvidenceItem::SelfAssessment => {
                write!(f, "{value:.1}%")
            }
            _ => write!(f, "{value:.2}"),
        }
    }
}

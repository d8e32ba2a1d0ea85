//! Implementation drivers: the nine drivers in three categories, and their status at a site.
//!
//! Source: NIRN Active Implementation Hub, module 2 "Implementation Drivers" (Fixsen, Blase et
//! al.): drivers are *integrated* (each supports the others) and *compensatory* (strength in one
//! can make up for weakness in another).
//!
//! - Competency: Selection, Training, Coaching, Fidelity (performance) Assessment;
//! - Organization: Decision Support Data System, Facilitative Administration (the policy an
//!   organization controls), Systems Intervention (policy beyond its authority);
//! - Leadership: Technical, Adaptive.
//!
//! A site's status per driver is in place, partially in place, or not in place, dated, with
//! evidence notes. These three labels are this crate's model; the rating labels of NIRN's
//! "Implementation Drivers: Assessing Best Practices" (Fixsen et al. 2015) were not confirmed.
//!
//! ```
//! use implsci::driver::{Driver, DriverCategory};
//!
//! let competency: Vec<_> = Driver::ALL.iter().filter(|d| d.category() == DriverCategory::Competency).collect();
//! assert_eq!(competency.len(), 4);
//! assert_eq!(Driver::ALL.len(), 9);
//! ```

use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::id::InnovationId;

/// The three driver categories.
///
/// ```
/// use implsci::driver::{Driver, DriverCategory};
/// assert_eq!(Driver::SystemsIntervention.category(), DriverCategory::Organization);
/// assert_eq!(serde_json::to_string(&DriverCategory::Leadership)?, r#""leadership""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DriverCategory {
    /// Competency drivers: build practitioners' competence and confidence.
    Competency,
    /// Organization drivers: create a hospitable environment.
    Organization,
    /// Leadership drivers.
    Leadership,
}

impl DriverCategory {
    /// The categories in NIRN's order.
    ///
    /// ```
    /// use implsci::driver::DriverCategory;
    /// assert_eq!(DriverCategory::ALL[0], DriverCategory::Competency);
    /// let drivers: usize = DriverCategory::ALL.iter().map(|c| c.drivers().count()).sum();
    /// assert_eq!(drivers, 9); // every driver is in exactly one category
    /// ```
    pub const ALL: [Self; 3] = [Self::Competency, Self::Organization, Self::Leadership];

    /// The category's name as NIRN writes it.
    ///
    /// ```
    /// assert_eq!(implsci::driver::DriverCategory::Organization.label(), "Organization");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Competency => "Competency",
            Self::Organization => "Organization",
            Self::Leadership => "Leadership",
        }
    }

    /// The drivers in this category.
    ///
    /// ```
    /// use implsci::driver::{Driver, DriverCategory};
    /// assert_eq!(DriverCategory::Leadership.drivers().collect::<Vec<_>>(), [Driver::TechnicalLeadership, Driver::AdaptiveLeadership]);
    /// ```
    pub fn drivers(self) -> impl Iterator<Item = Driver> {
        Driver::ALL
            .into_iter()
            .filter(move |d| d.category() == self)
    }
}

/// The nine implementation drivers.
///
/// ```
/// use implsci::driver::Driver;
/// let driver: Driver = serde_json::from_str(r#""decision_support_data_system""#)?;
/// assert_eq!(driver, Driver::DecisionSupportDataSystem);
/// assert_eq!(driver.to_string(), "Decision Support Data System");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// Selection of staff.
    Selection,
    /// Training.
    Training,
    /// Coaching.
    Coaching,
    /// Fidelity (performance) assessment.
    FidelityAssessment,
    /// Decision support data system.
    DecisionSupportDataSystem,
    /// Facilitative administration: internal policy the organization controls.
    FacilitativeAdministration,
    /// Systems intervention: external policy beyond the organization's authority.
    SystemsIntervention,
    /// Technical leadership.
    TechnicalLeadership,
    /// Adaptive leadership.
    AdaptiveLeadership,
}

impl Driver {
    /// The drivers in NIRN's order.
    ///
    /// ```
    /// use implsci::driver::Driver;
    /// assert_eq!(Driver::ALL.len(), 9);
    /// assert_eq!(Driver::ALL[0], Driver::Selection);
    /// assert_eq!(Driver::ALL[8], Driver::AdaptiveLeadership);
    /// ```
    pub const ALL: [Self; 9] = [
        Self::Selection,
        Self::Training,
        Self::Coaching,
        Self::FidelityAssessment,
        Self::DecisionSupportDataSystem,
        Self::FacilitativeAdministration,
        Self::SystemsIntervention,
        Self::TechnicalLeadership,
        Self::AdaptiveLeadership,
    ];

    /// The category the driver belongs to.
    ///
    /// ```
    /// use implsci::driver::{Driver, DriverCategory};
    /// assert_eq!(Driver::Coaching.category(), DriverCategory::Competency);
    /// assert_eq!(Driver::FacilitativeAdministration.category(), DriverCategory::Organization);
    /// ```
    #[must_use]
    pub fn category(self) -> DriverCategory {
        match self {
            Self::Selection | Self::Training | Self::Coaching | Self::FidelityAssessment => {
                DriverCategory::Competency
            }
            Self::DecisionSupportDataSystem
            | Self::FacilitativeAdministration
            | Self::SystemsIntervention => DriverCategory::Organization,
            Self::TechnicalLeadership | Self::AdaptiveLeadership => DriverCategory::Leadership,
        }
    }

    /// The driver's name as NIRN writes it.
    ///
    /// ```
    /// use implsci::driver::Driver;
    /// assert_eq!(Driver::FidelityAssessment.label(), "Fidelity Assessment");
    /// assert_eq!(Driver::FidelityAssessment.to_string(), "Fidelity Assessment");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Selection => "Selection",
            Self::Training => "Training",
            Self::Coaching => "Coaching",
            Self::FidelityAssessment => "Fidelity Assessment",
            Self::DecisionSupportDataSystem => "Decision Support Data System",
            Self::FacilitativeAdministration => "Facilitative Administration",
            Self::SystemsIntervention => "Systems Intervention",
            Self::TechnicalLeadership => "Technical Leadership",
            Self::AdaptiveLeadership => "Adaptive Leadership",
        }
    }
}

impl fmt::Display for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How far a driver is in place at a site.
///
/// ```
/// use implsci::{Document, SiteRecord, driver::{Driver, DriverState}};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// assert_eq!((record.drivers[0].driver, record.drivers[0].state), (Driver::Training, DriverState::InPlace));
/// assert!(DriverState::NotInPlace < DriverState::Partially && DriverState::Partially < DriverState::InPlace);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DriverState {
    /// Not in place.
    NotInPlace,
    /// Partially in place.
    Partially,
    /// In place.
    InPlace,
}

impl DriverState {
    /// The state in words.
    ///
    /// ```
    /// assert_eq!(implsci::driver::DriverState::Partially.label(), "partially in place");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::NotInPlace => "not in place",
            Self::Partially => "partially in place",
            Self::InPlace => "in place",
        }
    }
}

impl fmt::Display for DriverState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One dated rating of one driver at a site.
///
/// ```
/// use implsci::driver::{Driver, DriverState, DriverStatus};
/// let s = DriverStatus::new(Driver::Coaching, DriverState::Partially, "2024-05-01".parse()?);
/// assert_eq!(s.driver.to_string(), "Coaching");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DriverStatus {
    /// The driver rated.
    pub driver: Driver,
    /// In place, partially, not in place.
    pub state: DriverState,
    /// When it was rated.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// What the rating rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The innovation the rating is about, when it is about one. Absent: the rating is about
    /// the site as a whole, so it holds for every innovation the site runs.
    ///
    /// Source: DOMAIN.md §5 (NIRN module 4: a stage belongs to a (site, innovation) pair, and
    /// an organization runs several innovations at once); the drivers assessment rates the
    /// drivers for a given innovation (Fixsen et al. 2015). The reading of absence is this
    /// crate's choice, and keeps records written before the field readable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub innovation: Option<InnovationId>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl DriverStatus {
    /// A rating without evidence notes.
    ///
    /// ```
    /// use implsci::driver::{Driver, DriverState, DriverStatus};
    /// let s = DriverStatus::new(Driver::Training, DriverState::InPlace, "2024-03-15".parse()?);
    /// assert!(s.evidence.is_empty());
    /// assert_eq!(s.date.to_string(), "2024-03-15");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(driver: Driver, state: DriverState, date: Date) -> Self {
        Self {
            driver,
            state,
            date,
            evidence: Vec::new(),
            innovation: None,
            extensions: Extensions::new(),
        }
    }
}

/// The latest rating of each driver on or before `date`, in [`Driver::ALL`] order; `None` for
/// a driver not yet rated. Of two ratings on the same date, the later in the list wins. Every
/// rating counts, whatever innovation it names; [`latest_as_of_for`] looks at one innovation.
///
/// ```
/// use implsci::driver::{latest_as_of, Driver, DriverState, DriverStatus};
/// let ratings = vec![
///     DriverStatus::new(Driver::Coaching, DriverState::NotInPlace, "2024-01-01".parse()?),
///     DriverStatus::new(Driver::Coaching, DriverState::InPlace, "2024-06-01".parse()?),
/// ];
/// let march = latest_as_of(&ratings, "2024-03-01".parse()?);
/// assert_eq!(march[2], (Driver::Coaching, Some(&ratings[0])));
/// assert_eq!(march[0], (Driver::Selection, None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn latest_as_of(ratings: &[DriverStatus], date: Date) -> [(Driver, Option<&DriverStatus>); 9] {
    let mut latest = Driver::ALL.map(|d| (d, None));
    for r in ratings.iter().filter(|r| r.date <= date) {
        if let Some((_, slot)) = latest.iter_mut().find(|(d, _)| *d == r.driver)
            && slot.is_none_or(|s: &DriverStatus| s.date <= r.date)
        {
            *slot = Some(r);
        }
    }
    latest
}

/// The latest rating of each driver on or before `date` that holds for `innovation`: ratings
/// that name it, and ratings that name no innovation (about the site as a whole); ratings about
/// another innovation are left out. Otherwise as [`latest_as_of`]: in [`Driver::ALL`] order,
/// `None` for a driver not yet rated, of two on the same date the later in the list.
///
/// Source: DOMAIN.md §5 (several innovations at once); which ratings hold for an innovation is
/// this crate's reading of [`DriverStatus::innovation`].
///
/// ```
/// use implsci::driver::{latest_as_of_for, Driver, DriverState, DriverStatus};
/// let mut gbg = DriverStatus::new(Driver::Coaching, DriverState::InPlace, "2024-06-01".parse()?);
/// gbg.innovation = Some("good-behavior-game".parse()?);
/// let site = DriverStatus::new(Driver::Coaching, DriverState::NotInPlace, "2024-01-01".parse()?);
/// let ratings = vec![site, gbg];
/// let cico = latest_as_of_for(&ratings, &"cico".parse()?, "2024-09-01".parse()?);
/// assert_eq!(cico[2].1.map(|s| s.state), Some(DriverState::NotInPlace)); // the site-wide rating
/// let game = latest_as_of_for(&ratings, &"good-behavior-game".parse()?, "2024-09-01".parse()?);
/// assert_eq!(game[2].1.map(|s| s.state), Some(DriverState::InPlace));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn latest_as_of_for<'a>(
    ratings: &'a [DriverStatus],
    innovation: &InnovationId,
    date: Date,
) -> [(Driver, Option<&'a DriverStatus>); 9] {
    let mut latest = Driver::ALL.map(|d| (d, None));
    let holds = |r: &DriverStatus| r.innovation.as_ref().is_none_or(|i| i == innovation);
    for r in ratings.iter().filter(|r| r.date <= date && holds(r)) {
        if let Some((_, slot)) = latest.iter_mut().find(|(d, _)| *d == r.driver)
            && slot.is_none_or(|s: &DriverStatus| s.date <= r.date)
        {
            *slot = Some(r);
        }
    }
    latest
}

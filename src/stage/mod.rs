//! Implementation stages, held per (site, innovation) as a dated history.
//!
//! Source: NIRN Active Implementation Hub, module 4 "Implementation Stages": Exploration,
//! Installation, Initial Implementation, Full Implementation. The stages are not linear: a
//! site can move back (staff turnover, a change of leadership), and a stage belongs to a
//! (site, innovation) pair, since an organization runs several innovations at once in different
//! stages. Reaching Full Implementation takes 2–4 years.
//!
//! A [`StageHistory`] is a dated list of stage entries; moving back is allowed and recorded
//! ([`Direction::Back`]).
//!
//! ## Crosswalk to EPIS and SIC
//!
//! No published crosswalk between the NIRN stages and EPIS phases (Aarons, Hurlburt & Horwitz
//! 2011; Moullin et al. 2019, *Implementation Science* 14:1) or SIC stages (Chamberlain, Brown &
//! Saldana 2011, *Implementation Science* 6:116) was found. [`Stage::epis`] and
//! [`Stage::sic`] therefore give a mapping *by the stages' definitions*, marked
//! [`MappingBasis::ByDefinition`] with a note where the match is partial. Use them to line up
//! data, not as a published equivalence.
//!
//! ```
//! use implsci::stage::{Direction, Stage, StageHistory};
//!
//! let mut history = StageHistory::new("cico".parse()?);
//! history.record(Stage::Exploration, "2023-01-10".parse()?);
//! history.record(Stage::Installation, "2023-06-01".parse()?);
//! history.record(Stage::InitialImplementation, "2023-09-01".parse()?);
//! history.record(Stage::Installation, "2024-01-15".parse()?); // coaches left
//! assert_eq!(history.stage_on("2023-12-31".parse()?), Some(Stage::InitialImplementation));
//! assert_eq!(history.transitions().last().unwrap().direction, Direction::Back);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::id::InnovationId;

mod change;
mod crosswalk;
mod deimplementation;

pub use change::{SiteStage, StageChange, StagesMeasure, stages_as_of};
pub use crosswalk::{Crosswalk, EpisPhase, MappingBasis, SicPhase, SicStage};
pub use deimplementation::DeImplementation;

/// The four implementation stages (NIRN module 4).
///
/// ```
/// use implsci::stage::Stage;
/// assert!(Stage::Exploration < Stage::FullImplementation); // ordered as the stages run
/// assert_eq!(serde_json::from_str::<Stage>(r#""initial_implementation""#)?, Stage::InitialImplementation);
/// assert_eq!(Stage::InitialImplementation.to_string(), "Initial Implementation");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Exploration: assess need, fit and feasibility; decide whether to adopt.
    Exploration,
    /// Installation: acquire the resources, select and train staff, set up data systems.
    Installation,
    /// Initial Implementation: first use; practitioners learning, the system adjusting.
    InitialImplementation,
    /// Full Implementation: 50% or more of the intended practitioners use the innovation with
    /// fidelity and good outcomes (NIRN module 4). The crate judges the fidelity part only
    /// (`score::instruments::full_implementation`); outcomes, and so the stage a site
    /// records, are left to the user.
    FullImplementation,
}

impl Stage {
    /// The stages in order.
    ///
    /// ```
    /// use implsci::stage::Stage;
    /// assert_eq!(Stage::ALL.len(), 4);
    /// assert_eq!(Stage::ALL[0], Stage::Exploration);
    /// assert!(Stage::ALL.is_sorted());
    /// ```
    pub const ALL: [Self; 4] = [
        Self::Exploration,
        Self::Installation,
        Self::InitialImplementation,
        Self::FullImplementation,
    ];

    /// The stage's name as NIRN writes it.
    ///
    /// ```
    /// assert_eq!(implsci::stage::Stage::InitialImplementation.label(), "Initial Implementation");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Exploration => "Exploration",
            Self::Installation => "Installation",
            Self::InitialImplementation => "Initial Implementation",
            Self::FullImplementation => "Full Implementation",
        }
    }

    /// The EPIS phases this stage corresponds to, by definition (see the module docs).
    ///
    /// ```
    /// use implsci::stage::{EpisPhase, Stage};
    /// assert_eq!(Stage::Installation.epis().targets, vec![EpisPhase::Preparation]);
    /// ```
    #[must_use]
    pub fn epis(self) -> Crosswalk<EpisPhase> {
        match self {
            Self::Exploration => Crosswalk::by_definition(vec![EpisPhase::Exploration], None),
            Self::Installation => Crosswalk::by_definition(vec![EpisPhase::Preparation], None),
            Self::InitialImplementation => {
                Crosswalk::by_definition(vec![EpisPhase::Implementation], None)
            }
            Self::FullImplementation => Crosswalk::by_definition(
                vec![EpisPhase::Implementation, EpisPhase::Sustainment],
                Some(
                    "partial: Full Implementation is use with fidelity by 50% or more of practitioners; \
                     EPIS Sustainment is continued use, which AIF builds into every stage rather than a stage of its own",
                ),
            ),
        }
    }

    /// The SIC stages this stage corresponds to, by definition (see the module docs).
    ///
    /// ```
    /// use implsci::stage::{SicStage, Stage};
    /// assert_eq!(Stage::Exploration.sic().targets, vec![SicStage::Engagement, SicStage::ConsiderationOfFeasibility]);
    /// ```
    #[must_use]
    pub fn sic(self) -> Crosswalk<SicStage> {
        use SicStage as S;
        match self {
            Self::Exploration => {
                Crosswalk::by_definition(vec![S::Engagement, S::ConsiderationOfFeasibility], None)
            }
            Self::Installation => Crosswalk::by_definition(
                vec![
                    S::ReadinessPlanning,
                    S::StaffHiredAndTrained,
                    S::AdherenceMonitoringInPlace,
                ],
                None,
            ),
            Self::InitialImplementation => Crosswalk::by_definition(
                vec![
                    S::ServicesAndConsultationBegin,
                    S::OngoingServicesAndFidelityMonitoring,
                ],
                None,
            ),
            Self::FullImplementation => Crosswalk::by_definition(
                vec![S::Competency],
                Some(
                    "partial: SIC stage 8 is the site's certification as competent; \
                     Full Implementation counts practitioners using the innovation with fidelity",
                ),
            ),
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One dated stage entry: from `date` on, the site is in `stage`.
///
/// ```
/// use implsci::stage::Stage;
/// use implsci::{Document, SiteRecord};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// let history = &record.stages[0]; // Lincoln Elementary, check-in-check-out
/// let back = &history.entries[3];
/// assert_eq!((back.stage, back.date.to_string()), (Stage::Installation, "2024-10-14".to_string()));
/// assert!(back.note.as_deref().unwrap().contains("coordinators left"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StageEntry {
    /// The stage entered.
    pub stage: Stage,
    /// The date it was entered.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// Why (for a move back: turnover, leadership change, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl StageEntry {
    /// An entry without a note.
    ///
    /// ```
    /// use implsci::stage::{Stage, StageEntry};
    /// let e = StageEntry::new(Stage::Installation, "2024-01-08".parse()?);
    /// assert_eq!(e.stage, Stage::Installation);
    /// assert!(e.note.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(stage: Stage, date: Date) -> Self {
        Self {
            stage,
            date,
            note: None,
            extensions: Extensions::new(),
        }
    }
}

/// Whether a transition moves forward, back, or re-records the same stage.
///
/// ```
/// use implsci::stage::Direction::{Back, Forward};
/// use implsci::{Document, SiteRecord};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// let history = &record.stages[0]; // Lincoln Elementary, check-in-check-out
/// let directions: Vec<_> = history.transitions().iter().map(|t| t.direction).collect();
/// assert_eq!(directions, [Forward, Forward, Back, Forward]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// To a later stage.
    Forward,
    /// To an earlier stage.
    Back,
    /// The same stage again (a re-assessment).
    Same,
}

/// A change of stage on a date.
///
/// ```
/// use implsci::stage::{Direction, Stage};
/// use implsci::{Document, SiteRecord};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// let history = &record.stages[0]; // Lincoln Elementary, check-in-check-out
/// let t = history.transitions()[2];
/// assert_eq!((t.from, t.to), (Stage::InitialImplementation, Stage::Installation));
/// assert_eq!((t.date.to_string(), t.direction), ("2024-10-14".to_string(), Direction::Back));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transition {
    /// The stage left.
    pub from: Stage,
    /// The stage entered.
    pub to: Stage,
    /// When.
    pub date: Date,
    /// Forward, back or same.
    pub direction: Direction,
}

/// The dated stage history of one innovation at one site.
///
/// ```
/// use implsci::stage::Stage;
/// use implsci::{Document, SiteRecord};
///
/// let record = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
/// let history = &record.stages[0]; // Lincoln Elementary, check-in-check-out
/// assert_eq!(history.innovation.as_str(), "check-in-check-out");
/// assert_eq!(history.entries.len(), 5);
/// assert_eq!(history.current(), Some(Stage::InitialImplementation));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StageHistory {
    /// The innovation.
    pub innovation: InnovationId,
    /// Entries in date order (equal dates keep their order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<StageEntry>,
    /// The de-implementation that ends the history, if the site stopped using the innovation
    /// ([`DeImplementation`]). Absent: the innovation is still in use (or never began).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub de_implemented: Option<DeImplementation>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl StageHistory {
    /// An empty history.
    ///
    /// ```
    /// use implsci::stage::StageHistory;
    /// let h = StageHistory::new("check-in-check-out".parse()?);
    /// assert!(h.entries.is_empty());
    /// assert_eq!(h.current(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(innovation: InnovationId) -> Self {
        Self {
            innovation,
            entries: Vec::new(),
            de_implemented: None,
            extensions: Extensions::new(),
        }
    }

    /// Appends an entry. Entries must stay in date order for the history to validate.
    ///
    /// ```
    /// use implsci::stage::{Stage, StageHistory};
    /// let mut h = StageHistory::new("cico".parse()?);
    /// h.record(Stage::Exploration, "2023-09-05".parse()?);
    /// assert_eq!(h.entries.len(), 1);
    /// assert!(h.entries[0].note.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(&mut self, stage: Stage, date: Date) {
        self.entries.push(StageEntry::new(stage, date));
    }

    /// The stage on a date: the last entry on or before it; `None` before the first entry.
    ///
    /// ```
    /// use implsci::stage::{Stage, StageHistory};
    /// let mut h = StageHistory::new("cico".parse()?);
    /// h.record(Stage::Exploration, "2023-09-05".parse()?);
    /// assert_eq!(h.stage_on("2023-09-04".parse()?), None);
    /// assert_eq!(h.stage_on("2023-09-05".parse()?), Some(Stage::Exploration)); // on the day itself
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn stage_on(&self, date: Date) -> Option<Stage> {
        let n = self.entries.partition_point(|e| e.date <= date);
        n.checked_sub(1).map(|i| self.entries[i].stage)
    }

    /// The current stage: the last entry's.
    ///
    /// ```
    /// use implsci::stage::{Stage, StageHistory};
    /// let mut h = StageHistory::new("cico".parse()?);
    /// h.record(Stage::InitialImplementation, "2024-04-01".parse()?);
    /// h.record(Stage::Installation, "2024-10-14".parse()?); // moved back
    /// assert_eq!(h.current(), Some(Stage::Installation));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn current(&self) -> Option<Stage> {
        self.entries.last().map(|e| e.stage)
    }

    /// Each change between consecutive entries, with its direction.
    ///
    /// ```
    /// use implsci::stage::{Direction, Stage, StageHistory};
    /// let mut h = StageHistory::new("cico".parse()?);
    /// h.record(Stage::Installation, "2024-01-08".parse()?);
    /// h.record(Stage::Installation, "2024-03-01".parse()?); // re-assessed
    /// let t = h.transitions();
    /// assert_eq!((t.len(), t[0].direction), (1, Direction::Same));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn transitions(&self) -> Vec<Transition> {
        self.entries
            .windows(2)
            .map(|w| Transition {
                from: w[0].stage,
                to: w[1].stage,
                date: w[1].date,
                direction: match w[1].stage.cmp(&w[0].stage) {
                    std::cmp::Ordering::Greater => Direction::Forward,
                    std::cmp::Ordering::Less => Direction::Back,
                    std::cmp::Ordering::Equal => Direction::Same,
                },
            })
            .collect()
    }

    /// Days spent in each entry up to `until` (the last entry runs to `until`); entries that
    /// start after `until` are left out.
    ///
    /// ```
    /// use implsci::stage::{Stage, StageHistory};
    /// let mut h = StageHistory::new("x".parse()?);
    /// h.record(Stage::Exploration, "2024-01-01".parse()?);
    /// h.record(Stage::Installation, "2024-03-01".parse()?);
    /// let days = h.days_in_entries("2024-03-11".parse()?);
    /// assert_eq!(days, vec![(Stage::Exploration, 60), (Stage::Installation, 10)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn days_in_entries(&self, until: Date) -> Vec<(Stage, i32)> {
        let starts: Vec<_> = self.entries.iter().filter(|e| e.date <= until).collect();
        starts
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let end = starts.get(i + 1).map_or(until, |next| next.date);
                (e.stage, days_between(e.date, end))
            })
            .collect()
    }
}

/// Whole days from `a` to `b` (jiff's civil date arithmetic).
pub(crate) fn days_between(a: Date, b: Date) -> i32 {
    // Civil dates span at most 19,999 years, so the day count always fits an i32.
    a.until(b).map_or(0, |span| span.get_days())
}

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
    /// fidelity (NIRN module 4).
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
    fn by_definition(targets: Vec<T>, note: Option<&'static str>) -> Self {
        Self {
            targets,
            basis: MappingBasis::ByDefinition,
            note,
        }
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

/// A site's move to a stage, as an event of the [`event`](crate::event) log: the log form of a
/// [`StageEntry`], so that a site's stage on any date can be reconstructed from the log.
///
/// ```
/// use implsci::stage::{Stage, StageChange};
/// let e = StageChange::new("e-9".parse()?, "2024-04-01".parse()?, "lincoln-es".parse()?, "cico".parse()?, Stage::InitialImplementation);
/// assert_eq!(e.stage, Stage::InitialImplementation);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StageChange {
    /// Always `"stage_change"`.
    pub kind: crate::document::Kind<StageChange>,
    /// The event's id.
    pub id: crate::id::EventId,
    /// The date the stage was entered.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// The site.
    pub site: crate::id::UnitId,
    /// The innovation.
    pub innovation: InnovationId,
    /// The stage entered.
    pub stage: Stage,
    /// Why (for a move back: turnover, leadership change, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl StageChange {
    /// A stage change without a note.
    ///
    /// ```
    /// use implsci::stage::{Stage, StageChange};
    /// let e = StageChange::new("e-1".parse()?, "2024-10-14".parse()?, "lincoln-es".parse()?, "cico".parse()?, Stage::Installation);
    /// assert_eq!(e.site.as_str(), "lincoln-es");
    /// assert!(e.note.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(
        id: crate::id::EventId,
        date: Date,
        site: crate::id::UnitId,
        innovation: InnovationId,
        stage: Stage,
    ) -> Self {
        Self {
            kind: crate::document::Kind::default(),
            id,
            date,
            site,
            innovation,
            stage,
            note: None,
            extensions: Extensions::new(),
        }
    }
}

/// A site's stage of an innovation on a date, from its stage-change events.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::stage::{Stage, StagesMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let stages = measure_log(log, StagesMeasure::new("2024-11-01".parse()?))?.report;
/// let erwin = stages.iter().find(|s| s.site.as_str() == "erwin-ms").unwrap();
/// assert_eq!((erwin.stage, erwin.since.to_string()), (Stage::InitialImplementation, "2024-02-01".to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SiteStage {
    /// The site.
    pub site: crate::id::UnitId,
    /// The innovation.
    pub innovation: InnovationId,
    /// The stage on the date.
    pub stage: Stage,
    /// Since when.
    #[schemars(schema_with = "crate::date::schema")]
    pub since: Date,
}

/// The stage each site was in on `date`, per innovation, from the log's stage changes: the
/// latest change on or before the date (of two on the same date, the later in the log). Sorted
/// by site, then innovation.
///
/// ```
/// use implsci::event::{Event, parse_log};
/// use implsci::stage::{stages_as_of, Stage};
///
/// let log = std::fs::read("examples/data/state_events.jsonl")?;
/// let events: Vec<Event> = parse_log(&log).records.into_iter().map(|r| r.value).collect();
/// let november = stages_as_of(&events, "2024-11-01".parse()?);
/// let lincoln = november.iter().find(|s| s.site.as_str() == "lincoln-es").unwrap();
/// assert_eq!(lincoln.stage, Stage::Installation); // moved back in October
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn stages_as_of(events: &[crate::event::Event], date: Date) -> Vec<SiteStage> {
    crate::event::measure::fold(events, StagesMeasure::new(date))
}

/// [`stages_as_of`] derived one event at a time, as a [`Measure`](crate::event::measure::Measure)
/// in a single pass over a log.
///
/// ```
/// use implsci::event::measure::measure_log;
/// use implsci::stage::{Stage, StagesMeasure};
///
/// let log = std::fs::File::open("examples/data/state_events.jsonl")?;
/// let stages = measure_log(log, StagesMeasure::new("2024-11-01".parse()?))?.report;
/// let lincoln = stages.iter().find(|s| s.site.as_str() == "lincoln-es").unwrap();
/// assert_eq!(lincoln.stage, Stage::Installation);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct StagesMeasure {
    date: Date,
    latest: std::collections::BTreeMap<(crate::id::UnitId, InnovationId), (Date, Stage)>,
}

impl StagesMeasure {
    /// A measure of the stages on `date`.
    ///
    /// ```
    /// use implsci::event::{measure::Measure, Event};
    /// use implsci::stage::{Stage, StageChange, StagesMeasure};
    ///
    /// let mut measure = StagesMeasure::new("2024-01-01".parse()?);
    /// measure.add(&Event::StageChange(StageChange::new("e-1".parse()?, "2023-09-05".parse()?, "lincoln-es".parse()?, "cico".parse()?, Stage::Exploration)));
    /// measure.add(&Event::StageChange(StageChange::new("e-2".parse()?, "2024-01-08".parse()?, "lincoln-es".parse()?, "cico".parse()?, Stage::Installation)));
    /// let stages = measure.finish();
    /// assert_eq!(stages[0].stage, Stage::Exploration); // the change after the date is left out
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(date: Date) -> Self {
        Self {
            date,
            latest: std::collections::BTreeMap::new(),
        }
    }
}

impl crate::event::measure::Measure for StagesMeasure {
    type Report = Vec<SiteStage>;

    fn add(&mut self, event: &crate::event::Event) {
        if let crate::event::Event::StageChange(change) = event
            && change.date <= self.date
        {
            let key = (change.site.clone(), change.innovation.clone());
            let slot = self
                .latest
                .entry(key)
                .or_insert((change.date, change.stage));
            if slot.0 <= change.date {
                *slot = (change.date, change.stage);
            }
        }
    }

    fn finish(self) -> Vec<SiteStage> {
        self.latest
            .into_iter()
            .map(|((site, innovation), (since, stage))| SiteStage {
                site,
                innovation,
                stage,
                since,
            })
            .collect()
    }
}

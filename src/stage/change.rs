//! Stage changes as events of the log, and the stage each site is in on a date, derived from
//! them in one pass.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Stage;
use crate::Extensions;
use crate::document::Tagged;
use crate::id::InnovationId;
use crate::measure::{AsKind, Measure, fold};

/// A site's move to a stage, as an event of the [`event`](crate::event) log: the log form of a
/// [`StageEntry`](super::StageEntry), so that a site's stage on any date can be reconstructed from the log.
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

impl Tagged for StageChange {
    const KIND: &'static str = "stage_change";
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
pub fn stages_as_of<E: AsKind<StageChange>>(events: &[E], date: Date) -> Vec<SiteStage> {
    fold(events, StagesMeasure::new(date))
}

/// [`stages_as_of`] derived one event at a time, as a [`Measure`]
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

impl<E: AsKind<StageChange>> Measure<E> for StagesMeasure {
    type Report = Vec<SiteStage>;

    fn add(&mut self, event: &E) {
        if let Some(change) = event.as_kind()
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
        StagesMeasure::finish(self)
    }
}

impl StagesMeasure {
    /// The report over every event added: what [`Measure::finish`] gives, callable without
    /// naming the event type.
    ///
    /// ```
    /// use implsci::stage::StagesMeasure;
    /// assert!(StagesMeasure::new("2024-11-01".parse()?).finish().is_empty()); // no event added
    /// # Ok::<(), jiff::Error>(())
    /// ```
    #[must_use]
    pub fn finish(self) -> Vec<SiteStage> {
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

//! Rolling scores up the unit tree, to every unit of every level, with coverage, as of a date
//! and per period.
//!
//! A score per practitioner (a fidelity observation) or per unit (a school's TFI) is
//! aggregated, for each unit, over every subject at or below it. Each value comes with its
//! coverage: how many subjects had a score, out of how many there are, and how many had only a
//! score too old to count (*stale*).
//!
//! Definitions (this crate's, set out so that a reader can check every number):
//!
//! - The *subjects* of a rollup are what the instrument is about. For practitioner scores,
//!   the practitioners at or below the unit who are active on the date looked at (one who has
//!   left is not a subject). For unit scores, the units at or below the unit that are on a
//!   level the scores are about ([`RollupParams::subject_levels`]; by default every level that
//!   has a score in the input): for a school-level instrument such as the TFI, a district's
//!   subjects are its schools, not the district itself.
//! - The date looked at (*as of*) is [`RollupParams::as_of`], by default the latest
//!   administration in the input, so that a result never depends on the day it is computed.
//!   With periods ([`RollupParams::by`]), each period is looked at on its last day, or on the
//!   as-of date for the period that holds it.
//! - A subject's score is its latest administered on or before that date (of two on one day,
//!   the later in the input). It counts when it is not older than the maximum age
//!   ([`RollupParams::max_age`]: with periods, one period by default, so that a school year's
//!   row rests on that school year's scores; without, no limit); otherwise the subject is
//!   *stale*: reported in the row's `stale` count, never counted as scored.
//! - A row's `date` is the date its values rest on: the latest administration counted for the
//!   unit in that period, not the latest in the file.
//! - A share is a fraction from 0 to 1 ([`Aggregate::ShareMeetingCriterion`] included); a
//!   score's percent (a TFI's 70%) stays on the instrument's 0–100 scale.
//!
//! One pass over the scores, sorted by subject and date, and one over the subjects and units
//! per period: linear in the scores, and in the subjects and units times the periods.
//!
//! ```
//! use implsci::score::rollup::{Aggregate, Scored};
//! use implsci::system::{System, When};
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! // One score per practitioner, in the document's order: here, "meets fidelity" for every other one.
//! let scores: Vec<Scored> = (0..system.document().practitioners.len())
//!     .map(|i| Scored::criterion(i % 2 == 0))
//!     .collect();
//! let rollup = system.rollup_practitioners(&scores, Aggregate::ShareMeetingCriterion, When::Current)?;
//! let state = &rollup.rows[0];
//! assert_eq!(state.unit.as_str(), "state");
//! assert_eq!(state.coverage.numerator, state.coverage.denominator); // 46: one has left
//! assert_eq!(state.coverage.denominator, 46);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod acc;
mod dated;

use std::io;
use std::sync::Arc;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use dated::{MAX_PERIODS, RollupParams};

use super::Score;
use crate::id::{LevelId, UnitId};
use crate::period::{MaxAge, Period, PeriodKind};
use crate::share::Share;
use crate::system::{Ancestors, HierarchyColumns};

/// How scores are aggregated at each unit.
///
/// ```
/// use implsci::score::rollup::{Aggregate, Scored};
/// use implsci::system::{System, When};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// // The 47 practitioners scored 0, 1, …, 46.
/// let scores: Vec<Scored> = (0..system.document().practitioners.len()).map(|i| Scored::value(i as f64)).collect();
/// let on = When::On("2024-01-15".parse()?);
/// let at_state = |a| system.rollup_practitioners(&scores, a, on).map(|r| r.rows[0].value);
/// assert_eq!(at_state(Aggregate::Mean)?, Some(23.0));
/// assert_eq!(at_state(Aggregate::Minimum)?, Some(0.0));
/// assert_eq!(at_state(Aggregate::Count)?, Some(47.0)); // every one active on that day
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregate {
    /// The mean of the values.
    Mean,
    /// The mean weighted by practitioners: for unit scores, each unit weighs as many as the
    /// practitioners at or below it (a district's score counts for its schools' teachers); for
    /// practitioner scores, the plain mean. Not computable (`no_scores`) when the scored units
    /// have no practitioner to weigh them by, although they count as scored.
    MeanWeightedByPractitioners,
    /// The share (a fraction from 0 to 1) of scored subjects that meet their criterion (for
    /// fidelity scores per practitioner, the Full Implementation share; NIRN module 4).
    ShareMeetingCriterion,
    /// The lowest value.
    Minimum,
    /// How many subjects have a value.
    Count,
}

impl Aggregate {
    /// The `snake_case` name.
    ///
    /// ```
    /// use implsci::score::rollup::Aggregate;
    /// assert_eq!(Aggregate::MeanWeightedByPractitioners.as_str(), "mean_weighted_by_practitioners");
    /// assert_eq!(serde_json::to_string(&Aggregate::Minimum)?, format!("\"{}\"", Aggregate::Minimum.as_str()));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mean => "mean",
            Self::MeanWeightedByPractitioners => "mean_weighted_by_practitioners",
            Self::ShareMeetingCriterion => "share_meeting_criterion",
            Self::Minimum => "minimum",
            Self::Count => "count",
        }
    }
}

/// One subject's score, reduced to what rollups use.
///
/// ```
/// use implsci::score::rollup::Scored;
/// assert_eq!(Scored::value(72.5).value, Some(72.5));
/// assert_eq!(Scored::default().value, None); // not scored
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scored {
    /// The value (a percent, points); `None` when the subject has no score. Non-finite values
    /// count as no score.
    pub value: Option<f64>,
    /// Whether the subject meets its criterion, where known.
    pub criterion_met: Option<bool>,
}

impl Scored {
    /// A value without a criterion.
    ///
    /// ```
    /// use implsci::score::rollup::Scored;
    /// let s = Scored::value(80.0);
    /// assert_eq!((s.value, s.criterion_met), (Some(80.0), None));
    /// ```
    #[must_use]
    pub fn value(value: f64) -> Self {
        Self {
            value: Some(value),
            criterion_met: None,
        }
    }

    /// A criterion verdict without a value.
    ///
    /// ```
    /// use implsci::score::rollup::Scored;
    /// let s = Scored::criterion(true);
    /// assert_eq!((s.value, s.criterion_met), (None, Some(true)));
    /// ```
    #[must_use]
    pub fn criterion(met: bool) -> Self {
        Self {
            value: None,
            criterion_met: Some(met),
        }
    }

    /// What a [`Score`] contributes: its percent, or its points where it has no percent, and
    /// its criterion verdict.
    ///
    /// ```
    /// use implsci::score::{Administration, MissingApplied, MissingRule, Score, ScoreSubject};
    /// use implsci::score::rollup::Scored;
    /// let admin = Administration::new("x".parse()?, "2025-01-01".parse()?, ScoreSubject::Unit("u".parse()?));
    /// let mut score = Score::new(&admin, MissingApplied::new(MissingRule::Refuse, 0));
    /// score.set_total(Some(6.0), 8.0);
    /// score.criterion_met = Some(false);
    /// assert_eq!(Scored::from_score(&score), Scored { value: Some(75.0), criterion_met: Some(false) });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn from_score(score: &Score) -> Self {
        Self {
            value: score.percent.or(score.points),
            criterion_met: score.criterion_met,
        }
    }
}

/// Whether a row has a value, and if not, why.
///
/// ```
/// use implsci::score::rollup::RowStatus;
/// assert_eq!(RowStatus::NoEligibleSubjects.to_string(), "no eligible subjects");
/// assert_eq!(serde_json::to_string(&RowStatus::NoScores)?, r#""no_scores""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RowStatus {
    /// The value is computed.
    Computed,
    /// There are subjects, but none has a score that counts (for a share: none with a
    /// criterion verdict).
    NoScores,
    /// Nothing at or below the unit is a subject of the rollup (no active practitioner; no
    /// unit on a scored level).
    NoEligibleSubjects,
}

impl RowStatus {
    /// The `snake_case` name, as in JSON and CSV.
    ///
    /// ```
    /// assert_eq!(implsci::score::rollup::RowStatus::Computed.as_str(), "computed");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Computed => "computed",
            Self::NoScores => "no_scores",
            Self::NoEligibleSubjects => "no_eligible_subjects",
        }
    }
}

impl std::fmt::Display for RowStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Computed => "computed",
            Self::NoScores => "no scores",
            Self::NoEligibleSubjects => "no eligible subjects",
        })
    }
}

/// One unit's rolled-up value in one period.
///
/// ```
/// use implsci::score::rollup::{Aggregate, RowStatus, Scored};
/// use implsci::system::{System, When};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let mut scores = vec![Scored::default(); system.document().practitioners.len()];
/// scores[0] = Scored::value(90.0); // `lincoln-t1`, one of Lincoln Elementary's 6 active practitioners
/// let rollup = system.rollup_practitioners(&scores, Aggregate::Mean, When::Current)?;
/// let lincoln = rollup.row(&"lincoln-es".parse()?).ok_or("no row")?;
/// assert_eq!((lincoln.level.as_str(), lincoln.value), ("school", Some(90.0)));
/// assert_eq!((lincoln.coverage.numerator, lincoln.coverage.denominator), (1, 6));
/// assert_eq!(lincoln.ancestors.get(&"district".parse()?).map(|u| u.as_str()), Some("wake"));
/// assert_eq!(lincoln.status, RowStatus::Computed);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RollupRow {
    /// The unit.
    pub unit: UnitId,
    /// Its name, if the system gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Arc<str>>,
    /// Its level.
    pub level: LevelId,
    /// Its parent; `None` for the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<UnitId>,
    /// The unit above it on each higher level.
    pub ancestors: Ancestors,
    /// The period of the row; `None` when the rollup is not by period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The date looked at: the period's last day, or the as-of date if earlier; `None` for a
    /// rollup with no date (no scores and no as-of date).
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub as_of: Option<Date>,
    /// The date the value rests on: the latest administration counted at or below the unit;
    /// `None` when none is counted.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub date: Option<Date>,
    /// The aggregate over the subjects at or below it; `None` when none has a score that
    /// counts (see `status`), except for [`Aggregate::Count`], which is then 0.
    pub value: Option<f64>,
    /// Whether the value is computed, and if not, why.
    pub status: RowStatus,
    /// Subjects with a score that counts (for a share: with a criterion verdict), out of the
    /// subjects at or below the unit.
    pub coverage: Share,
    /// Subjects whose latest score is older than the maximum age: not counted, not lost.
    pub stale: u64,
}

/// A score rolled up every level, as of a date or per period.
///
/// ```
/// use implsci::score::rollup::{Aggregate, Scored};
/// use implsci::system::{System, When};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let rollup = system.rollup_units(&vec![Scored::default(); system.document().units.len()], Aggregate::Count)?;
/// assert_eq!((rollup.aggregate, rollup.rows.len()), (Aggregate::Count, 17)); // one row per unit
/// assert_eq!(rollup.rows[0].value, Some(0.0)); // a count is 0, not `None`, when nothing is scored
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Rollup {
    /// The aggregate used.
    pub aggregate: Aggregate,
    /// The date looked at (the last period's date, with periods); `None` when there is none.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub as_of: Option<Date>,
    /// The kind of period of the rows; `None` for one row per unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<PeriodKind>,
    /// How old a score may be and still count; `None` for no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age: Option<MaxAge>,
    /// What the subjects are.
    pub subjects: Subjects,
    /// One row per period and unit: periods in time order, units top-down (breadth first from
    /// the root) within each.
    pub rows: Vec<RollupRow>,
    /// The hierarchy columns of the tidy CSV.
    #[serde(skip)]
    #[schemars(skip)]
    columns: HierarchyColumns,
}

/// What a rollup's subjects are.
///
/// ```
/// use implsci::score::rollup::Subjects;
/// assert_eq!(serde_json::to_string(&Subjects::Practitioners)?, r#""practitioners""#);
/// let schools = Subjects::Units { levels: vec!["school".parse()?] };
/// assert_eq!(serde_json::to_string(&schools)?, r#"{"units":{"levels":["school"]}}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Subjects {
    /// The practitioners active on the date looked at.
    Practitioners,
    /// The units on these levels.
    Units {
        /// The levels, top to bottom.
        levels: Vec<LevelId>,
    },
}

impl Rollup {
    /// The row of `unit` (in the last period, with periods); `None` for a unit the system does
    /// not have.
    ///
    /// ```
    /// use implsci::score::rollup::{Aggregate, Scored};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let rollup = system.rollup_units(&vec![Scored::value(80.0); system.document().units.len()], Aggregate::Mean)?;
    /// assert_eq!(rollup.row(&"wake".parse()?).map(|r| r.value), Some(Some(80.0)));
    /// assert!(rollup.row(&"atlantis".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn row(&self, unit: &UnitId) -> Option<&RollupRow> {
        self.rows.iter().rev().find(|r| &r.unit == unit)
    }

    /// The rows of `unit`, one per period, in time order.
    ///
    /// ```
    /// use implsci::score::rollup::{Aggregate, Scored};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let rollup = system.rollup_units(&vec![Scored::value(80.0); system.document().units.len()], Aggregate::Mean)?;
    /// assert_eq!(rollup.rows_of(&"wake".parse()?).count(), 1); // not by period: one row
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rows_of(&self, unit: &UnitId) -> impl Iterator<Item = &RollupRow> + '_ {
        let unit = unit.clone();
        self.rows.iter().filter(move |r| r.unit == unit)
    }

    /// Writes tidy CSV: one row per period × unit × measure, so R and pandas read it as is
    /// and group by any level with no join. Columns: the hierarchy columns (`unit, name, level,
    /// parent`, then one per level above the lowest, named by the level's id:
    /// [`HierarchyColumns`]), then `measure, period, period_start, period_end, as_of, date,
    /// aggregate, value, status, scored, stale, subjects`; a value that is absent is empty.
    ///
    /// ```
    /// use implsci::score::rollup::{Aggregate, Scored};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let rollup = system.rollup_units(&vec![Scored::value(50.0); system.document().units.len()], Aggregate::Mean)?;
    /// let mut csv = Vec::new();
    /// rollup.write_csv(&mut csv, "tfi_tier1")?;
    /// let csv = String::from_utf8(csv)?;
    /// assert!(csv.starts_with(
    ///     "unit,name,level,parent,state,region,district,measure,period,period_start,period_end,as_of,date,aggregate,value,status,scored,stale,subjects\n\
    ///      state,State Department of Public Instruction,state,,,,,tfi_tier1,,,,,,mean,50,computed,17,0,17\n"
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write_csv(&self, out: impl io::Write, measure: &str) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(self.csv_header())?;
        self.write_csv_rows(&mut w, measure)?;
        w.flush()?;
        Ok(())
    }

    /// The header of [`Rollup::write_csv`].
    pub(crate) fn csv_header(&self) -> Vec<&str> {
        let mut header: Vec<&str> = self.columns.header().iter().map(String::as_str).collect();
        header.extend(CSV_COLUMNS);
        header
    }

    /// The rows of [`Rollup::write_csv`] without its header, for a file that stacks several
    /// rollups of one system.
    pub(crate) fn write_csv_rows<W: io::Write>(
        &self,
        w: &mut csv::Writer<W>,
        measure: &str,
    ) -> Result<(), csv::Error> {
        let text = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        for row in &self.rows {
            let mut record = self.columns.record_of(
                &row.unit,
                row.name.as_deref(),
                &row.level,
                row.parent.as_ref(),
                &row.ancestors,
            );
            let period = row.period.as_ref();
            let (start, end) = (text(period.map(|p| p.start)), text(period.map(|p| p.end)));
            let (as_of, date) = (text(row.as_of), text(row.date));
            let value = row.value.map(|v| v.to_string()).unwrap_or_default();
            let scored = row.coverage.numerator.to_string();
            let stale = row.stale.to_string();
            let subjects = row.coverage.denominator.to_string();
            record.extend([
                measure,
                period.map_or("", |p| p.label.as_str()),
                &start,
                &end,
                &as_of,
                &date,
                self.aggregate.as_str(),
                &value,
                row.status.as_str(),
                &scored,
                &stale,
                &subjects,
            ]);
            w.write_record(&record)?;
        }
        Ok(())
    }
}

/// The columns of a rollup's tidy CSV after the hierarchy columns.
const CSV_COLUMNS: [&str; 12] = [
    "measure",
    "period",
    "period_start",
    "period_end",
    "as_of",
    "date",
    "aggregate",
    "value",
    "status",
    "scored",
    "stale",
    "subjects",
];

/// Scores that do not line up with the system, or parameters that do not fit.
///
/// ```
/// use implsci::score::rollup::{Aggregate, RollupError, Scored};
/// use implsci::system::{System, When};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let err = system.rollup_practitioners(&[Scored::value(1.0)], Aggregate::Mean, When::Current).unwrap_err();
/// assert_eq!(err, RollupError::Length { expected: 47, found: 1 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RollupError {
    /// A slice of scores is not one per subject.
    #[error(
        "{found} scores for {expected} subjects: give one per subject, in the document's order"
    )]
    Length {
        /// Subjects in the system.
        expected: usize,
        /// Scores given.
        found: usize,
    },
    /// A score's subject is not in the system.
    #[error("no {what} has the id `{id}`")]
    UnknownSubject {
        /// `practitioner` or `unit`.
        what: &'static str,
        /// The id.
        id: String,
    },
    /// Scores of practitioners and of units, or of teams, in one rollup.
    #[error("a rollup takes scores of practitioners or of units, one kind at a time")]
    MixedSubjects,
    /// A subject level the system does not have.
    #[error("the system has no level `{0}`")]
    UnknownLevel(String),
    /// A maximum age of one period for a rollup that is not by period.
    #[error(
        "a maximum age of one period needs periods: roll up by school year, year, quarter or month"
    )]
    MaxAgeNeedsPeriods,
    /// More periods between the first score and the as-of date than a rollup writes.
    #[error(
        "{periods} periods from {from} to {to}, more than the {max} a rollup writes: check the \
         dates, or roll up by a longer period"
    )]
    TooManyPeriods {
        /// How many there would be.
        periods: u64,
        /// The first date.
        from: Date,
        /// The as-of date.
        to: Date,
        /// [`MAX_PERIODS`].
        max: u64,
    },
}

/// The header of a tidy rollup CSV with no rollup in it: the hierarchy columns without levels,
/// then the rollup's own.
pub(crate) fn empty_csv_header() -> Vec<&'static str> {
    let mut header = vec!["unit", "name", "level", "parent"];
    header.extend(CSV_COLUMNS);
    header
}

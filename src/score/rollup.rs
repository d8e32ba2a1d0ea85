//! Rolling scores up the unit tree, to every unit of every level, with coverage.
//!
//! A score per practitioner (a fidelity observation) or per unit (a school's TFI) is
//! aggregated, for each unit, over every subject at or below it. Each value comes with its
//! coverage: how many subjects had a score, out of how many there are. One pass over the scores
//! and one over the units, bottom up: linear in both.
//!
//! ```
//! use implsci::score::rollup::{Aggregate, Scored};
//! use implsci::system::System;
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! // One score per practitioner, in the document's order: here, "meets fidelity" for every other one.
//! let scores: Vec<Scored> = (0..system.document().practitioners.len())
//!     .map(|i| Scored::criterion(i % 2 == 0))
//!     .collect();
//! let rollup = system.rollup_practitioners(&scores, Aggregate::ShareMeetingCriterion)?;
//! let state = &rollup.rows[0];
//! assert_eq!(state.unit.as_str(), "state");
//! assert_eq!(state.coverage.numerator, state.coverage.denominator);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Score, ScoreSubject};
use crate::id::{LevelId, UnitId};
use crate::share::Share;
use crate::system::System;

/// How scores are aggregated at each unit.
///
/// ```
/// use implsci::score::rollup::{Aggregate, Scored};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// // The 47 practitioners scored 0, 1, …, 46.
/// let scores: Vec<Scored> = (0..system.document().practitioners.len()).map(|i| Scored::value(i as f64)).collect();
/// let at_state = |a| system.rollup_practitioners(&scores, a).map(|r| r.rows[0].value);
/// assert_eq!(at_state(Aggregate::Mean)?, Some(23.0));
/// assert_eq!(at_state(Aggregate::Minimum)?, Some(0.0));
/// assert_eq!(at_state(Aggregate::Count)?, Some(47.0));
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
    /// practitioner scores, the plain mean.
    MeanWeightedByPractitioners,
    /// The percent of scored subjects that meet their criterion (for fidelity scores per
    /// practitioner, the Full Implementation share; NIRN module 4).
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

/// One unit's rolled-up value.
///
/// ```
/// use implsci::score::rollup::{Aggregate, Scored};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let mut scores = vec![Scored::default(); system.document().practitioners.len()];
/// scores[0] = Scored::value(90.0); // `lincoln-t1`, one of Lincoln Elementary's 7 practitioners
/// let rollup = system.rollup_practitioners(&scores, Aggregate::Mean)?;
/// let lincoln = rollup.rows.iter().find(|r| r.unit.as_str() == "lincoln-es").ok_or("no row")?;
/// assert_eq!((lincoln.level.as_str(), lincoln.value), ("school", Some(90.0)));
/// assert_eq!((lincoln.coverage.numerator, lincoln.coverage.denominator), (1, 7));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RollupRow {
    /// The unit.
    pub unit: UnitId,
    /// Its level.
    pub level: LevelId,
    /// The aggregate over the subjects at or below it; `None` when none is scored (not
    /// computable), except for [`Aggregate::Count`], which is then 0.
    pub value: Option<f64>,
    /// Subjects scored, out of the subjects at or below the unit.
    pub coverage: Share,
}

/// A score rolled up every level.
///
/// ```
/// use implsci::score::rollup::{Aggregate, Scored};
/// use implsci::system::System;
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
    /// One row per unit, top-down (breadth first from the root).
    pub rows: Vec<RollupRow>,
}

impl Rollup {
    /// Writes tidy CSV: one row per unit × level × measure × date, so R and pandas read it as
    /// is. Columns: `unit, level, measure, date, aggregate, value, scored, subjects`; `value`
    /// is empty when not computable.
    ///
    /// ```
    /// use implsci::score::rollup::{Aggregate, Scored};
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let rollup = system.rollup_units(&vec![Scored::value(50.0); system.document().units.len()], Aggregate::Mean)?;
    /// let mut csv = Vec::new();
    /// rollup.write_csv(&mut csv, "tfi_tier1", Some("2025-05-01".parse()?))?;
    /// let csv = String::from_utf8(csv)?;
    /// assert!(csv.starts_with("unit,level,measure,date,aggregate,value,scored,subjects\nstate,state,tfi_tier1,2025-05-01,mean,50,17,17\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Errors of the writer.
    pub fn write_csv(
        &self,
        out: impl io::Write,
        measure: &str,
        date: Option<Date>,
    ) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CSV_HEADER)?;
        self.write_csv_rows(&mut w, measure, date)?;
        w.flush()?;
        Ok(())
    }

    /// The rows of [`Rollup::write_csv`] without its header, for a file that stacks several
    /// rollups.
    pub(crate) fn write_csv_rows<W: io::Write>(
        &self,
        w: &mut csv::Writer<W>,
        measure: &str,
        date: Option<Date>,
    ) -> Result<(), csv::Error> {
        let date = date.map(|d| d.to_string()).unwrap_or_default();
        for row in &self.rows {
            w.write_record([
                row.unit.as_str(),
                row.level.as_str(),
                measure,
                &date,
                self.aggregate.as_str(),
                &row.value.map(|v| v.to_string()).unwrap_or_default(),
                &row.coverage.numerator.to_string(),
                &row.coverage.denominator.to_string(),
            ])?;
        }
        Ok(())
    }
}

/// The columns of a rollup's tidy CSV.
pub(crate) const CSV_HEADER: [&str; 8] = [
    "unit",
    "level",
    "measure",
    "date",
    "aggregate",
    "value",
    "scored",
    "subjects",
];

/// Scores that do not line up with the system.
///
/// ```
/// use implsci::score::rollup::{Aggregate, RollupError, Scored};
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let err = system.rollup_practitioners(&[Scored::value(1.0)], Aggregate::Mean).unwrap_err();
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
}

/// What each unit accumulates from the subjects at or below it.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    sum: f64,
    weighted: f64,
    weight: f64,
    count: u64,
    min: Option<f64>,
    met: u64,
    judged: u64,
    subjects: u64,
}

impl Acc {
    fn add(&mut self, s: Scored, weight: f64) {
        self.subjects += 1;
        if let Some(v) = s.value.filter(|v| v.is_finite()) {
            self.sum += v;
            self.weighted += v * weight;
            self.weight += weight;
            self.count += 1;
            self.min = Some(self.min.map_or(v, |m| m.min(v)));
        }
        if let Some(met) = s.criterion_met {
            self.judged += 1;
            self.met += u64::from(met);
        }
    }

    fn merge(&mut self, o: &Acc) {
        self.sum += o.sum;
        self.weighted += o.weighted;
        self.weight += o.weight;
        self.count += o.count;
        self.min = match (self.min, o.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.met += o.met;
        self.judged += o.judged;
        self.subjects += o.subjects;
    }

    #[allow(clippy::cast_precision_loss)] // counts below 2^53
    fn finish(&self, aggregate: Aggregate) -> (Option<f64>, Share) {
        let scored = Share::new(self.count, self.subjects);
        match aggregate {
            Aggregate::Mean => (
                (self.count > 0).then(|| self.sum / self.count as f64),
                scored,
            ),
            Aggregate::MeanWeightedByPractitioners => (
                (self.weight > 0.0).then(|| self.weighted / self.weight),
                scored,
            ),
            Aggregate::ShareMeetingCriterion => (
                Share::new(self.met, self.judged).percent(),
                Share::new(self.judged, self.subjects),
            ),
            Aggregate::Minimum => (self.min, scored),
            Aggregate::Count => (Some(self.count as f64), scored),
        }
    }
}

impl System {
    /// Rolls one score per practitioner up every level. `scores[i]` is the score of
    /// `document().practitioners[i]`; [`Scored::default`] marks a practitioner without one.
    ///
    /// ```
    /// use implsci::{score::rollup::{Aggregate, Scored}, system::System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// // Hillside Elementary's 4 practitioners all meet fidelity; no one else is observed.
    /// let scores: Vec<Scored> = system.document().practitioners.iter()
    ///     .map(|p| if p.unit.as_str() == "hillside-es" { Scored::criterion(true) } else { Scored::default() })
    ///     .collect();
    /// let rollup = system.rollup_practitioners(&scores, Aggregate::ShareMeetingCriterion)?;
    /// let durham = rollup.rows.iter().find(|r| r.unit.as_str() == "durham").ok_or("no row")?;
    /// assert_eq!(durham.value, Some(100.0)); // of those judged…
    /// assert_eq!((durham.coverage.numerator, durham.coverage.denominator), (4, 9)); // …4 of Durham's 9
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RollupError::Length`] when there is not one score per practitioner.
    pub fn rollup_practitioners(
        &self,
        scores: &[Scored],
        aggregate: Aggregate,
    ) -> Result<Rollup, RollupError> {
        let expected = self.document().practitioners.len();
        if scores.len() != expected {
            return Err(RollupError::Length {
                expected,
                found: scores.len(),
            });
        }
        let units = self.document().units.len();
        let mut acc = vec![Acc::default(); units];
        for (u, a) in acc.iter_mut().enumerate() {
            for &p in self
                .index
                .practitioners_by_unit
                .row(crate::system::position(u))
            {
                a.add(scores[p as usize], 1.0);
            }
        }
        Ok(self.finish_rollup(acc, aggregate))
    }

    /// Rolls one score per unit up every level. `scores[i]` is the score of
    /// `document().units[i]`; for [`Aggregate::MeanWeightedByPractitioners`] each unit weighs as
    /// many as the practitioners at or below it.
    ///
    /// ```
    /// use implsci::{score::rollup::{Aggregate, Scored}, system::System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let scores: Vec<Scored> = system.document().units.iter().map(|u| match u.id.as_str() {
    ///     "erwin-ms" => Scored::value(100.0), // 6 practitioners
    ///     "enka-es" => Scored::value(0.0),    // 4 practitioners
    ///     _ => Scored::default(),
    /// }).collect();
    /// let at_buncombe = |a| system.rollup_units(&scores, a).map(|r| r.rows.iter().find(|r| r.unit.as_str() == "buncombe").and_then(|r| r.value));
    /// assert_eq!(at_buncombe(Aggregate::Mean)?, Some(50.0));
    /// assert_eq!(at_buncombe(Aggregate::MeanWeightedByPractitioners)?, Some(60.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RollupError::Length`] when there is not one score per unit.
    pub fn rollup_units(
        &self,
        scores: &[Scored],
        aggregate: Aggregate,
    ) -> Result<Rollup, RollupError> {
        let units = self.document().units.len();
        if scores.len() != units {
            return Err(RollupError::Length {
                expected: units,
                found: scores.len(),
            });
        }
        // Each unit weighs as many as the practitioners at or below it.
        let idx = &self.index;
        #[allow(clippy::cast_precision_loss)] // counts below 2^53
        let mut weight: Vec<f64> = (0..units)
            .map(|u| {
                idx.practitioners_by_unit
                    .row(crate::system::position(u))
                    .len() as f64
            })
            .collect();
        for &u in idx.top_down.iter().rev() {
            let p = idx.parent[u as usize];
            if p != crate::system::NO_POSITION {
                weight[p as usize] += weight[u as usize];
            }
        }
        let mut acc = vec![Acc::default(); units];
        for (u, a) in acc.iter_mut().enumerate() {
            a.add(scores[u], weight[u]);
        }
        Ok(self.finish_rollup(acc, aggregate))
    }

    /// Rolls up scored administrations, matched to practitioners or units by their subject. A
    /// subject scored more than once counts with its latest score. An empty list rolls up
    /// practitioners (none scored).
    ///
    /// ```
    /// use implsci::score::rollup::Aggregate;
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let rollup = system.rollup(&[], Aggregate::Mean)?;
    /// assert_eq!(rollup.rows[0].value, None); // nothing scored: not computable
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RollupError`] for a subject not in the system, or scores of different kinds of
    /// subjects.
    pub fn rollup(&self, scores: &[Score], aggregate: Aggregate) -> Result<Rollup, RollupError> {
        let unit_scores = matches!(
            scores.first().map(|s| &s.subject),
            Some(ScoreSubject::Unit(_))
        );
        let n = if unit_scores {
            self.document().units.len()
        } else {
            self.document().practitioners.len()
        };
        let mut latest: Vec<Option<&Score>> = vec![None; n];
        for score in scores {
            let position = match (&score.subject, unit_scores) {
                (ScoreSubject::Practitioner(p), false) => self
                    .practitioner_position(p.as_str())
                    .ok_or_else(|| RollupError::UnknownSubject {
                        what: "practitioner",
                        id: p.to_string(),
                    })?,
                (ScoreSubject::Unit(u), true) => {
                    self.unit_position(u.as_str())
                        .ok_or_else(|| RollupError::UnknownSubject {
                            what: "unit",
                            id: u.to_string(),
                        })?
                }
                _ => return Err(RollupError::MixedSubjects),
            };
            let slot = &mut latest[position as usize];
            if slot.is_none_or(|s| s.date <= score.date) {
                *slot = Some(score);
            }
        }
        let reduced: Vec<Scored> = latest
            .iter()
            .map(|s| s.map(Scored::from_score).unwrap_or_default())
            .collect();
        if unit_scores {
            self.rollup_units(&reduced, aggregate)
        } else {
            self.rollup_practitioners(&reduced, aggregate)
        }
    }

    /// Adds each unit's totals into its parent's, bottom up, and reads the rows off.
    fn finish_rollup(&self, mut acc: Vec<Acc>, aggregate: Aggregate) -> Rollup {
        let idx = &self.index;
        for &u in idx.top_down.iter().rev() {
            let p = idx.parent[u as usize];
            if p != crate::system::NO_POSITION {
                let child = acc[u as usize];
                acc[p as usize].merge(&child);
            }
        }
        let doc = self.document();
        let rows = idx
            .top_down
            .iter()
            .map(|&u| {
                let (value, coverage) = acc[u as usize].finish(aggregate);
                RollupRow {
                    unit: doc.units[u as usize].id.clone(),
                    level: doc.levels[idx.unit_level[u as usize] as usize].id.clone(),
                    value,
                    coverage,
                }
            })
            .collect();
        Rollup { aggregate, rows }
    }
}

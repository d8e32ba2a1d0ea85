//! The accumulation behind every rollup: each unit adds what its own subjects give, then its
//! totals go into its parent's, bottom up.

use jiff::civil::Date;

use super::{Aggregate, Rollup, RollupError, RollupRow, RowStatus, Scored, Subjects};
use crate::period::{MaxAge, Period, PeriodKind};
use crate::share::Share;
use crate::system::{NO_POSITION, System, When, position};

/// What one subject gives a rollup.
#[derive(Debug, Clone, Copy)]
pub(super) enum Entry {
    /// Not a subject on the date (a practitioner who has left; a unit on another level).
    NotSubject,
    /// A subject with no score that counts, and none too old either.
    Unscored,
    /// A subject whose latest score is older than the maximum age.
    Stale,
    /// A subject with a score that counts, administered on the date given.
    Scored(Scored, Option<Date>),
}

/// What each unit accumulates from the subjects at or below it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Acc {
    sum: f64,
    weighted: f64,
    weight: f64,
    count: u64,
    min: Option<f64>,
    met: u64,
    judged: u64,
    subjects: u64,
    stale: u64,
    latest: Option<Date>,
}

impl Acc {
    #[inline]
    pub(super) fn add(&mut self, entry: Entry, weight: f64) {
        let (s, date) = match entry {
            Entry::NotSubject => return,
            Entry::Unscored => {
                self.subjects += 1;
                return;
            }
            Entry::Stale => {
                self.subjects += 1;
                self.stale += 1;
                return;
            }
            Entry::Scored(s, date) => (s, date),
        };
        self.subjects += 1;
        let mut counted = false;
        if let Some(v) = s.value.filter(|v| v.is_finite()) {
            self.sum += v;
            self.weighted += v * weight;
            self.weight += weight;
            self.count += 1;
            self.min = Some(self.min.map_or(v, |m| m.min(v)));
            counted = true;
        }
        if let Some(met) = s.criterion_met {
            self.judged += 1;
            self.met += u64::from(met);
            counted = true;
        }
        if counted && date > self.latest {
            self.latest = date;
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
        self.stale += o.stale;
        self.latest = self.latest.max(o.latest);
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
                Share::new(self.met, self.judged).value(),
                Share::new(self.judged, self.subjects),
            ),
            Aggregate::Minimum => (self.min, scored),
            Aggregate::Count => ((self.subjects > 0).then_some(self.count as f64), scored),
        }
    }
}

/// How a rollup was asked for: what [`Rollup`] records beside its rows.
pub(super) struct Frame {
    pub(super) aggregate: Aggregate,
    pub(super) as_of: Option<Date>,
    pub(super) by: Option<PeriodKind>,
    pub(super) max_age: Option<MaxAge>,
    pub(super) subjects: Subjects,
}

impl Frame {
    pub(super) fn start(self, system: &System, rows: Vec<RollupRow>) -> Rollup {
        Rollup {
            aggregate: self.aggregate,
            as_of: self.as_of,
            by: self.by,
            max_age: self.max_age,
            subjects: self.subjects,
            rows,
            columns: system.hierarchy_columns(&super::CSV_COLUMNS),
        }
    }
}

impl System {
    /// Rolls one score per practitioner up every level. `scores[i]` is the score of
    /// `document().practitioners[i]`; [`Scored::default`] marks a practitioner without one. The
    /// subjects are the practitioners active `when` (one who has left is not a subject).
    ///
    /// ```
    /// use implsci::{score::rollup::{Aggregate, Scored}, system::{System, When}};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// // Hillside Elementary's 4 practitioners all meet fidelity; no one else is observed.
    /// let scores: Vec<Scored> = system.document().practitioners.iter()
    ///     .map(|p| if p.unit.as_str() == "hillside-es" { Scored::criterion(true) } else { Scored::default() })
    ///     .collect();
    /// let rollup = system.rollup_practitioners(&scores, Aggregate::ShareMeetingCriterion, When::Current)?;
    /// let durham = rollup.row(&"durham".parse()?).ok_or("no row")?;
    /// assert_eq!(durham.value, Some(1.0)); // all of those judged…
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
        when: When,
    ) -> Result<Rollup, RollupError> {
        let doc = self.document();
        let expected = doc.practitioners.len();
        if scores.len() != expected {
            return Err(RollupError::Length {
                expected,
                found: scores.len(),
            });
        }
        let acc = self.practitioner_acc(|p| {
            let s = scores[p];
            if !self.practitioner_active(p, when) {
                Entry::NotSubject
            } else if s.value.is_some() || s.criterion_met.is_some() {
                Entry::Scored(s, None)
            } else {
                Entry::Unscored
            }
        });
        let as_of = match when {
            When::Current => None,
            When::On(d) => Some(d),
        };
        let rows = self.finish_rollup(acc, aggregate, None, as_of, &self.row_places());
        let frame = Frame {
            aggregate,
            as_of,
            by: None,
            max_age: None,
            subjects: Subjects::Practitioners,
        };
        Ok(frame.start(self, rows))
    }

    /// Rolls one score per unit up every level. `scores[i]` is the score of
    /// `document().units[i]`. The subjects are the units on the levels that have a score (every
    /// unit when none has); for [`Aggregate::MeanWeightedByPractitioners`] each unit weighs as
    /// many as the current practitioners at or below it.
    ///
    /// ```
    /// use implsci::{score::rollup::{Aggregate, Scored}, system::System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let scores: Vec<Scored> = system.document().units.iter().map(|u| match u.id.as_str() {
    ///     "erwin-ms" => Scored::value(100.0), // 6 practitioners
    ///     "enka-es" => Scored::value(0.0),    // 4 practitioners
    ///     _ => Scored::default(),
    /// }).collect();
    /// let at_buncombe = |a| system.rollup_units(&scores, a).map(|r| r.row(&"buncombe".parse().unwrap()).and_then(|r| r.value));
    /// assert_eq!(at_buncombe(Aggregate::Mean)?, Some(50.0));
    /// assert_eq!(at_buncombe(Aggregate::MeanWeightedByPractitioners)?, Some(60.0));
    /// // The subjects are the schools: Buncombe's two, not the district itself.
    /// let rollup = system.rollup_units(&scores, Aggregate::Mean)?;
    /// assert_eq!(rollup.row(&"buncombe".parse()?).map(|r| r.coverage.denominator), Some(2));
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
        let doc = self.document();
        let units = doc.units.len();
        if scores.len() != units {
            return Err(RollupError::Length {
                expected: units,
                found: scores.len(),
            });
        }
        let has = |s: &Scored| s.value.is_some() || s.criterion_met.is_some();
        let mut scored_levels = vec![false; doc.levels.len()];
        for (u, s) in scores.iter().enumerate() {
            if has(s) {
                scored_levels[self.index.unit_level[u] as usize] = true;
            }
        }
        if !scored_levels.contains(&true) {
            scored_levels.fill(true);
        }
        let entries = scores.iter().enumerate().map(|(u, s)| {
            if !scored_levels[self.index.unit_level[u] as usize] {
                Entry::NotSubject
            } else if has(s) {
                Entry::Scored(*s, None)
            } else {
                Entry::Unscored
            }
        });
        let acc = self.unit_acc(entries, When::Current);
        let rows = self.finish_rollup(acc, aggregate, None, None, &self.row_places());
        let levels = doc
            .levels
            .iter()
            .zip(&scored_levels)
            .filter(|(_, on)| **on)
            .map(|(l, _)| l.id.clone())
            .collect();
        let frame = Frame {
            aggregate,
            as_of: None,
            by: None,
            max_age: None,
            subjects: Subjects::Units { levels },
        };
        Ok(frame.start(self, rows))
    }

    /// Each unit's own practitioners' entries (`entry(p)` of `document().practitioners[p]`).
    pub(super) fn practitioner_acc(&self, mut entry: impl FnMut(usize) -> Entry) -> Vec<Acc> {
        let mut acc = vec![Acc::default(); self.document().units.len()];
        for (u, a) in acc.iter_mut().enumerate() {
            for &p in self.index.practitioners_by_unit.row(at(u)) {
                a.add(entry(p as usize), 1.0);
            }
        }
        acc
    }

    /// Each unit's own entry (`entries` in document order), weighed by the practitioners active
    /// `when` at or below it.
    pub(super) fn unit_acc(&self, entries: impl Iterator<Item = Entry>, when: When) -> Vec<Acc> {
        let idx = &self.index;
        let doc = self.document();
        let units = doc.units.len();
        #[allow(clippy::cast_precision_loss)] // counts below 2^53
        let mut weight: Vec<f64> = (0..units)
            .map(|u| {
                let row = idx.practitioners_by_unit.row(at(u));
                row.iter()
                    .filter(|&&p| self.practitioner_active(p as usize, when))
                    .count() as f64
            })
            .collect();
        for &u in idx.top_down.iter().rev() {
            let p = idx.parent[u as usize];
            if p != NO_POSITION {
                weight[p as usize] += weight[u as usize];
            }
        }
        let mut acc = vec![Acc::default(); units];
        for ((a, entry), w) in acc.iter_mut().zip(entries).zip(&weight) {
            a.add(entry, *w);
        }
        acc
    }

    /// Each unit's name and ancestors, shared with the system and between siblings, for the
    /// rows of one or more rollups.
    pub(super) fn row_places(&self) -> Places {
        let names = (0..self.document().units.len())
            .map(|u| self.unit_name(at(u)))
            .collect();
        Places {
            names,
            ancestors: self.shared_ancestors(),
        }
    }

    /// Adds each unit's totals into its parent's, bottom up, and reads the rows off, top-down.
    pub(super) fn finish_rollup(
        &self,
        mut acc: Vec<Acc>,
        aggregate: Aggregate,
        period: Option<&Period>,
        as_of: Option<Date>,
        places: &Places,
    ) -> Vec<RollupRow> {
        let idx = &self.index;
        for &u in idx.top_down.iter().rev() {
            let p = idx.parent[u as usize];
            if p != NO_POSITION {
                let child = acc[u as usize];
                acc[p as usize].merge(&child);
            }
        }
        idx.top_down
            .iter()
            .map(|&u| {
                let a = &acc[u as usize];
                let (value, coverage) = a.finish(aggregate);
                let status = if a.subjects == 0 {
                    RowStatus::NoEligibleSubjects
                } else if value.is_none() {
                    RowStatus::NoScores
                } else {
                    RowStatus::Computed
                };
                let unit = &self.document().units[u as usize];
                RollupRow {
                    unit: unit.id.clone(),
                    name: places.names[u as usize].clone(),
                    level: unit.level.clone(),
                    parent: unit.parent.clone(),
                    ancestors: places.ancestors[u as usize].clone(),
                    period: period.cloned(),
                    as_of,
                    date: a.latest,
                    value,
                    status,
                    coverage,
                    stale: a.stale,
                }
            })
            .collect()
    }
}

/// Each unit's name and ancestors, by position, shared by the rows that carry them.
pub(super) struct Places {
    names: Vec<Option<std::sync::Arc<str>>>,
    ancestors: Vec<crate::system::Ancestors>,
}

/// A position from a document index.
pub(super) fn at(i: usize) -> u32 {
    position(i)
}

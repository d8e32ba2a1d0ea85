//! Rollups of scored administrations as of a date, and per period.

use jiff::civil::Date;

use super::acc::{Entry, Frame};
use super::{Aggregate, Rollup, RollupError, Scored, Subjects};
use crate::id::LevelId;
use crate::period::{Calendar, MaxAge, Period};
use crate::score::{Score, ScoreSubject};
use crate::system::{System, When};

/// The most periods one rollup writes (this crate's bound, so that a mistyped year, `1024` for
/// `2024`, gives an error naming the dates instead of a million rows): 1,000 periods is 83
/// years of months.
pub const MAX_PERIODS: u64 = 1_000;

/// How a rollup of administrations looks at time and at its subjects. The default looks at
/// the latest administration's date, with no periods and no maximum age, and takes as
/// subjects the practitioners (for practitioner scores) or the units on every level that has a
/// score (for unit scores).
///
/// ```
/// use implsci::period::{Calendar, MaxAge, PeriodKind};
/// use implsci::score::rollup::RollupParams;
///
/// let params = RollupParams::default()
///     .as_of("2025-06-30".parse()?)
///     .by(Calendar::new(PeriodKind::SchoolYear))
///     .max_age(MaxAge::Days(400));
/// assert_eq!(params.effective_max_age(), Some(MaxAge::Days(400)));
/// // With periods and no maximum age given, a score counts in its own period only.
/// let by_year = RollupParams::default().by(Calendar::new(PeriodKind::Year));
/// assert_eq!(by_year.effective_max_age(), Some(MaxAge::OnePeriod));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RollupParams {
    /// The date looked at; `None`: the latest administration's date. Administrations after it
    /// are not counted.
    pub as_of: Option<Date>,
    /// One row per unit and period, from the period of the first administration to the period
    /// of the as-of date; `None`: one row per unit.
    pub by: Option<Calendar>,
    /// How old a score may be and still count; `None`: one period with periods, no limit
    /// without.
    pub max_age: Option<MaxAge>,
    /// For unit scores, the levels whose units are the subjects; `None`: every level that has a
    /// score in the input.
    pub subject_levels: Option<Vec<LevelId>>,
}

impl RollupParams {
    /// Looks at `date`.
    ///
    /// ```
    /// use implsci::score::rollup::RollupParams;
    /// assert!(RollupParams::default().as_of("2025-01-31".parse()?).as_of.is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn as_of(mut self, date: Date) -> Self {
        self.as_of = Some(date);
        self
    }

    /// One row per unit and period of `calendar`.
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind};
    /// use implsci::score::rollup::RollupParams;
    /// assert!(RollupParams::default().by(Calendar::new(PeriodKind::Month)).by.is_some());
    /// ```
    #[must_use]
    pub fn by(mut self, calendar: Calendar) -> Self {
        self.by = Some(calendar);
        self
    }

    /// Scores older than `max_age` do not count.
    ///
    /// ```
    /// use implsci::period::MaxAge;
    /// use implsci::score::rollup::RollupParams;
    /// assert_eq!(RollupParams::default().max_age(MaxAge::Days(365)).effective_max_age(), Some(MaxAge::Days(365)));
    /// ```
    #[must_use]
    pub fn max_age(mut self, max_age: MaxAge) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// The subjects of unit scores are the units on `levels`.
    ///
    /// ```
    /// use implsci::score::rollup::RollupParams;
    /// let params = RollupParams::default().subject_levels(vec!["school".parse()?]);
    /// assert_eq!(params.subject_levels.map(|l| l.len()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn subject_levels(mut self, levels: Vec<LevelId>) -> Self {
        self.subject_levels = Some(levels);
        self
    }

    /// The maximum age that applies: the one given, else one period with periods, else none.
    ///
    /// ```
    /// use implsci::score::rollup::RollupParams;
    /// assert_eq!(RollupParams::default().effective_max_age(), None);
    /// ```
    #[must_use]
    pub fn effective_max_age(&self) -> Option<MaxAge> {
        self.max_age.or_else(|| self.by.map(|_| MaxAge::OnePeriod))
    }
}

impl System {
    /// Rolls up scored administrations, matched to practitioners or units by their subject,
    /// as of the latest administration (see [`System::rollup_with`] for dates and periods).
    /// A subject scored more than once counts with its latest score. An empty list rolls up
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
        self.rollup_with(scores, aggregate, &RollupParams::default())
    }

    /// Rolls up scored administrations as `params` say: as of a date, per period, with a
    /// maximum age (the definitions are in the [module documentation](super)).
    ///
    /// ```
    /// use implsci::period::{Calendar, PeriodKind};
    /// use implsci::score::rollup::{Aggregate, RollupParams};
    /// use implsci::score::{Administration, Instrument, ScoreSubject, instruments::builtin};
    /// use implsci::system::System;
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let tfi = builtin("tfi-2.1-tier-1").ok_or("built in")?;
    /// // Lincoln Elementary's TFI Tier 1 in two school years, every item fully in place.
    /// let mut scores = Vec::new();
    /// for date in ["2024-03-01", "2025-03-01"] {
    ///     let mut a = Administration::new(tfi.definition().id.clone(), date.parse()?, ScoreSubject::Unit("lincoln-es".parse()?));
    ///     for item in &tfi.definition().items {
    ///         a.responses.push(implsci::score::Response::new(item.id.clone(), 2.0));
    ///     }
    ///     scores.push(tfi.score(&a)?);
    /// }
    /// let params = RollupParams::default().by(Calendar::new(PeriodKind::SchoolYear));
    /// let rollup = system.rollup_with(&scores, Aggregate::ShareMeetingCriterion, &params)?;
    /// let wake: Vec<_> = rollup.rows_of(&"wake".parse()?).collect();
    /// assert_eq!(wake.len(), 2); // 2023-24 and 2024-25
    /// assert_eq!(wake[1].period.as_ref().map(|p| p.label.as_str()), Some("2024-25"));
    /// assert_eq!(wake[1].value, Some(1.0)); // every scored school meets the criterion
    /// assert_eq!((wake[1].coverage.numerator, wake[1].coverage.denominator), (1, 3)); // 1 of Wake's 3 schools
    /// assert_eq!(wake[1].date, "2025-03-01".parse().ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RollupError`] for a subject not in the system, scores of different kinds of subjects,
    /// a subject level the system does not have, a maximum age of one period without periods,
    /// or more than [`MAX_PERIODS`] periods.
    pub fn rollup_with(
        &self,
        scores: &[Score],
        aggregate: Aggregate,
        params: &RollupParams,
    ) -> Result<Rollup, RollupError> {
        let doc = self.document();
        let unit_scores = matches!(
            scores.first().map(|s| &s.subject),
            Some(ScoreSubject::Unit(_))
        );
        let max_age = params.effective_max_age();
        if max_age == Some(MaxAge::OnePeriod) && params.by.is_none() {
            return Err(RollupError::MaxAgeNeedsPeriods);
        }
        // Each score's subject position; then the scores grouped by subject, oldest first (of
        // two on one day, the earlier in the input first, so the later one is the latest).
        let mut positioned: Vec<(u32, usize)> = Vec::with_capacity(scores.len());
        for (i, score) in scores.iter().enumerate() {
            positioned.push((self.subject_position(score, unit_scores)?, i));
        }
        positioned.sort_by_key(|&(p, i)| (p, scores[i].date, i));
        let subjects = if unit_scores {
            doc.units.len()
        } else {
            doc.practitioners.len()
        };
        let mut group_start = vec![0usize; subjects + 1];
        for &(p, _) in &positioned {
            group_start[p as usize + 1] += 1;
        }
        for s in 0..subjects {
            group_start[s + 1] += group_start[s];
        }

        // The subjects: practitioners (active on each date), or units on the subject levels.
        let (on_level, subjects_of) = if unit_scores {
            self.subject_levels(params, &positioned)?
        } else {
            (Vec::new(), Subjects::Practitioners)
        };

        let as_of = params.as_of.or_else(|| scores.iter().map(|s| s.date).max());
        let looks = looks(scores, params, as_of)?;

        let places = self.row_places();
        let mut cursor = group_start[..subjects].to_vec();
        let mut rows = Vec::with_capacity(looks.len() * doc.units.len());
        for (period, on) in looks {
            let when = on.map_or(When::Current, When::On);
            let entry = |s: usize, cursor: &mut usize| -> Entry {
                let end = group_start[s + 1];
                while *cursor < end && on.is_none_or(|d| scores[positioned[*cursor].1].date <= d) {
                    *cursor += 1;
                }
                if *cursor == group_start[s] {
                    return Entry::Unscored;
                }
                let score = &scores[positioned[*cursor - 1].1];
                let fresh = match (max_age, on, &period) {
                    (Some(MaxAge::Days(n)), Some(on), _) => score
                        .date
                        .until(on)
                        .is_ok_and(|age| i64::from(age.get_days()) <= i64::from(n)),
                    (Some(MaxAge::OnePeriod), _, Some(p)) => p.contains(score.date),
                    _ => true,
                };
                if fresh {
                    Entry::Scored(Scored::from_score(score), Some(score.date))
                } else {
                    Entry::Stale
                }
            };
            let acc = if unit_scores {
                let entries: Vec<Entry> = (0..subjects)
                    .map(|u| {
                        if on_level[self.index.unit_level[u] as usize] {
                            entry(u, &mut cursor[u])
                        } else {
                            Entry::NotSubject
                        }
                    })
                    .collect();
                self.unit_acc(entries.into_iter(), when)
            } else {
                self.practitioner_acc(|p| {
                    let e = entry(p, &mut cursor[p]);
                    if self.practitioner_active(p, when) {
                        e
                    } else {
                        Entry::NotSubject
                    }
                })
            };
            rows.extend(self.finish_rollup(acc, aggregate, period.as_ref(), on, &places));
        }
        let frame = Frame {
            aggregate,
            as_of,
            by: params.by.map(|c| c.kind),
            max_age,
            subjects: subjects_of,
        };
        Ok(frame.start(self, rows))
    }

    /// Per level, whether its units are subjects of a rollup of unit scores: the levels asked
    /// for, or every level with a score (`positioned` pairs each score's unit with the score).
    fn subject_levels(
        &self,
        params: &RollupParams,
        positioned: &[(u32, usize)],
    ) -> Result<(Vec<bool>, Subjects), RollupError> {
        let doc = self.document();
        let mut on_level = vec![false; doc.levels.len()];
        if let Some(levels) = &params.subject_levels {
            for level in levels {
                let l = doc
                    .levels
                    .iter()
                    .position(|x| &x.id == level)
                    .ok_or_else(|| RollupError::UnknownLevel(level.to_string()))?;
                on_level[l] = true;
            }
        } else {
            for &(p, _) in positioned {
                on_level[self.index.unit_level[p as usize] as usize] = true;
            }
        }
        let levels = doc
            .levels
            .iter()
            .zip(&on_level)
            .filter(|(_, on)| **on)
            .map(|(l, _)| l.id.clone())
            .collect();
        Ok((on_level, Subjects::Units { levels }))
    }

    /// The position of a score's subject among the units or the practitioners.
    fn subject_position(&self, score: &Score, unit_scores: bool) -> Result<u32, RollupError> {
        match (&score.subject, unit_scores) {
            (ScoreSubject::Practitioner(p), false) => self
                .practitioner_position(p.as_str())
                .ok_or_else(|| RollupError::UnknownSubject {
                    what: "practitioner",
                    id: p.to_string(),
                }),
            (ScoreSubject::Unit(u), true) => {
                self.unit_position(u.as_str())
                    .ok_or_else(|| RollupError::UnknownSubject {
                        what: "unit",
                        id: u.to_string(),
                    })
            }
            _ => Err(RollupError::MixedSubjects),
        }
    }
}

/// A date a rollup looks at, with its period if it is by period.
type Look = (Option<Period>, Option<Date>);

/// The dates a rollup looks at: one per period (the period's last day, or the as-of date in
/// the period that holds it), or the as-of date alone.
fn looks(
    scores: &[Score],
    params: &RollupParams,
    as_of: Option<Date>,
) -> Result<Vec<Look>, RollupError> {
    let (Some(calendar), Some(as_of)) = (params.by, as_of) else {
        return Ok(vec![(None, as_of)]);
    };
    let first = scores
        .iter()
        .map(|s| s.date)
        .filter(|&d| d <= as_of)
        .min()
        .unwrap_or(as_of);
    let periods = calendar.count(first, as_of);
    if periods > MAX_PERIODS {
        return Err(RollupError::TooManyPeriods {
            periods,
            from: first,
            to: as_of,
            max: MAX_PERIODS,
        });
    }
    Ok(calendar
        .periods(first, as_of)
        .map(|p| {
            let on = p.end.min(as_of);
            (Some(p), Some(on))
        })
        .collect())
}

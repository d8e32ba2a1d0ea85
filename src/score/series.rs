//! A subject's scores over time: change between administrations, and sustained criterion.
//!
//! A series is **one subject's**: the TFI's "three consecutive meetings" at criterion are one
//! school's meetings, so passes at two schools must not read as one school sustaining.
//! [`TimeSeries::by_subject`] (and
//! [`InstrumentExt::time_series_by_subject`](super::InstrumentExt::time_series_by_subject))
//! split scores into one series per subject; [`InstrumentExt::time_series`](super::InstrumentExt::time_series)
//! refuses administrations of more than one subject.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Score, ScoreSubject};

/// The change in percent since the previous administration that had one.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, InstrumentDocument, InstrumentExt, ItemSum}};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let series = dca.time_series(&admins[..2])?; // Wake: 50% in October 2024, 93.75% in April 2025
/// let change = series.points[1].change.ok_or("no change")?;
/// assert_eq!((change.since.to_string(), change.percentage_points), ("2024-10-01".to_string(), 43.75));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct Change {
    /// The earlier administration's date.
    #[schemars(schema_with = "crate::date::schema")]
    pub since: Date,
    /// Percentage points gained (negative when lost).
    pub percentage_points: f64,
}

/// One administration in a series.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, InstrumentDocument, InstrumentExt, ItemSum}};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let series = dca.time_series(&admins[5..7])?; // Buncombe: below criterion, then at it
/// assert_eq!((series.points[0].change, series.points[0].run_at_criterion), (None, 0));
/// assert_eq!((series.points[1].score.percent, series.points[1].run_at_criterion), (Some(100.0), 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct SeriesPoint {
    /// Its score.
    pub score: Score,
    /// The change since the previous computable percent; `None` for the first, or when this
    /// one is not computable.
    pub change: Option<Change>,
    /// Administrations at criterion in a row, ending with this one.
    pub run_at_criterion: u32,
}

/// A subject's scores in date order.
///
/// ```
/// use implsci::score::{InstrumentExt, instruments::capacity_assessment, Administration, Response, ScoreSubject};
///
/// let dca = capacity_assessment("dca".parse()?, "DCA", &[("all", &["a", "b"])])?;
/// let admin = |date: &str, a: f64, b: f64| -> Result<Administration, Box<dyn std::error::Error>> {
///     let mut x = Administration::new("dca".parse()?, date.parse()?, ScoreSubject::Unit("wake".parse()?));
///     x.responses = vec![Response::new("a".parse()?, a), Response::new("b".parse()?, b)];
///     Ok(x)
/// };
/// let series = dca.time_series(&[admin("2024-09-01", 1.0, 1.0)?, admin("2025-03-01", 2.0, 2.0)?])?;
/// assert_eq!(series.points[1].change.unwrap().percentage_points, 50.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct TimeSeries {
    /// The administrations, oldest first.
    pub points: Vec<SeriesPoint>,
    /// Consecutive administrations at criterion that count as sustained (the instrument's
    /// rule), if it has one.
    pub sustained_after: Option<u32>,
    /// The date of the administration that first completed that many in a row.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub sustained_on: Option<Date>,
}

impl TimeSeries {
    /// Builds the series from one subject's scores, already in date order; for the scores of
    /// several subjects, use [`by_subject`](Self::by_subject).
    ///
    /// ```
    /// use implsci::score::{Administration, MissingApplied, MissingRule, Score, ScoreSubject, TimeSeries};
    /// let mut scores = Vec::new();
    /// for (date, met) in [("2024-10-01", false), ("2025-01-15", true), ("2025-04-01", true)] {
    ///     let admin = Administration::new("x".parse()?, date.parse()?, ScoreSubject::Unit("u".parse()?));
    ///     let mut score = Score::new(&admin, MissingApplied::new(MissingRule::Refuse, 0));
    ///     score.criterion_met = Some(met);
    ///     scores.push(score);
    /// }
    /// let series = TimeSeries::new(scores, Some(2));
    /// assert_eq!(series.sustained_on, Some("2025-04-01".parse()?)); // the second in a row
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(scores: Vec<Score>, sustained_after: Option<u32>) -> Self {
        let mut points = Vec::with_capacity(scores.len());
        let mut last: Option<(Date, f64)> = None;
        let mut run = 0u32;
        let mut sustained_on = None;
        for score in scores {
            let change = score.percent.and_then(|p| {
                let change = last.map(|(since, q)| Change {
                    since,
                    percentage_points: p - q,
                });
                last = Some((score.date, p));
                change
            });
            run = if score.criterion_met == Some(true) {
                run + 1
            } else {
                0
            };
            if sustained_on.is_none() && sustained_after.is_some_and(|n| n > 0 && run >= n) {
                sustained_on = Some(score.date);
            }
            points.push(SeriesPoint {
                score,
                change,
                run_at_criterion: run,
            });
        }
        Self {
            points,
            sustained_after,
            sustained_on,
        }
    }

    /// One series per subject, sorted by subject, each in date order (scores of one date keep
    /// their order): the way to build series from the scores of many schools or teams.
    ///
    /// ```
    /// use implsci::score::{Administration, MissingApplied, MissingRule, Score, ScoreSubject, TimeSeries};
    /// let mut scores = Vec::new();
    /// for (date, school) in [("2025-04-01", "lincoln"), ("2024-10-01", "adams"), ("2025-01-15", "lincoln")] {
    ///     let admin = Administration::new("x".parse()?, date.parse()?, ScoreSubject::Unit(school.parse()?));
    ///     let mut score = Score::new(&admin, MissingApplied::new(MissingRule::Refuse, 0));
    ///     score.criterion_met = Some(true);
    ///     scores.push(score);
    /// }
    /// let series = TimeSeries::by_subject(scores, Some(2));
    /// assert_eq!(series.len(), 2);
    /// assert_eq!(series[0].subject(), Some(&ScoreSubject::Unit("adams".parse()?)));
    /// assert_eq!(series[0].sustained_on, None); // once is not twice
    /// assert_eq!(series[1].sustained_on, Some("2025-04-01".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn by_subject(mut scores: Vec<Score>, sustained_after: Option<u32>) -> Vec<Self> {
        // Stable: scores of one subject on one date keep their order.
        scores.sort_by(|a, b| a.subject.cmp(&b.subject).then(a.date.cmp(&b.date)));
        let mut out = Vec::new();
        let mut rest = scores.into_iter().peekable();
        while let Some(first) = rest.next() {
            let mut group = vec![first];
            while let Some(next) = rest.next_if(|s| s.subject == group[0].subject) {
                group.push(next);
            }
            out.push(Self::new(group, sustained_after));
        }
        out
    }

    /// The subject of the series: its first administration's (`None` for an empty series).
    ///
    /// ```
    /// use implsci::score::TimeSeries;
    /// assert_eq!(TimeSeries::new(Vec::new(), Some(3)).subject(), None);
    /// ```
    #[must_use]
    pub fn subject(&self) -> Option<&ScoreSubject> {
        self.points.first().map(|p| &p.score.subject)
    }

    /// True when the criterion has been sustained.
    ///
    /// ```
    /// use implsci::{Document, score::{AdministrationsDocument, InstrumentDocument, InstrumentExt, ItemSum}};
    /// let mut def = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument;
    /// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
    /// let buncombe = &admins[5..7]; // below criterion, then at it
    /// def.sustained_after = Some(1);
    /// assert!(ItemSum::new(def.clone())?.time_series(buncombe)?.is_sustained());
    /// def.sustained_after = Some(2);
    /// assert!(!ItemSum::new(def)?.time_series(buncombe)?.is_sustained());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_sustained(&self) -> bool {
        self.sustained_on.is_some()
    }
}

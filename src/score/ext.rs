//! Conveniences every instrument has: scoring many administrations, a subject's time series.

use super::{Administration, Instrument, Score, ScoreError, TimeSeries};

/// Conveniences for every [`Instrument`], implemented once for all.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, InstrumentDocument, InstrumentExt, ItemSum}};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let met: Vec<Option<bool>> = dca.score_many(&admins).map(|s| s.map(|s| s.criterion_met)).collect::<Result<_, _>>()?;
/// assert_eq!(met, [Some(false), Some(true), Some(false), Some(false), None, Some(false), Some(true)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait InstrumentExt: Instrument {
    /// Scores many administrations; each keeps its own result.
    fn score_many<'a>(
        &'a self,
        administrations: &'a [Administration],
    ) -> impl Iterator<Item = Result<Score, ScoreError>> + 'a {
        administrations.iter().map(|a| self.score(a))
    }

    /// Scores one subject's administrations as a time series, in date order, with the change
    /// between administrations and whether the criterion is sustained (met on the instrument's
    /// number of consecutive administrations).
    ///
    /// The administrations must all be of one subject: two schools each at criterion once are
    /// not one school at criterion twice. For administrations of several subjects, use
    /// [`time_series_by_subject`](Self::time_series_by_subject).
    ///
    /// ```
    /// use implsci::{Document, score::{AdministrationsDocument, InstrumentDocument, InstrumentExt, ItemSum, ScoreError}};
    /// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
    /// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
    /// assert_eq!(dca.time_series(&admins[..2])?.points.len(), 2); // Wake, twice
    /// assert!(matches!(dca.time_series(&admins), Err(ScoreError::MixedSubjects { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first administration that cannot be scored; [`ScoreError::MixedSubjects`] when the
    /// administrations are of more than one subject.
    fn time_series(&self, administrations: &[Administration]) -> Result<TimeSeries, ScoreError> {
        if let Some(first) = administrations.first()
            && let Some(other) = administrations.iter().find(|a| a.subject != first.subject)
        {
            return Err(ScoreError::MixedSubjects {
                first: first.subject.clone(),
                other: other.subject.clone(),
            });
        }
        let mut scores = administrations
            .iter()
            .map(|a| self.score(a))
            .collect::<Result<Vec<_>, _>>()?;
        scores.sort_by_key(|s| s.date);
        Ok(TimeSeries::new(scores, self.definition().sustained_after))
    }

    /// Scores administrations of any subjects as one time series per subject, sorted by
    /// subject ([`TimeSeries::by_subject`]): each subject's change and sustained criterion
    /// are its own.
    ///
    /// ```
    /// use implsci::{Document, score::{AdministrationsDocument, InstrumentDocument, InstrumentExt, ItemSum, ScoreSubject}};
    /// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
    /// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
    /// let series = dca.time_series_by_subject(&admins)?;
    /// let subjects: Vec<String> = series.iter().filter_map(|s| s.subject()).map(ToString::to_string).collect();
    /// assert_eq!(subjects.first().map(String::as_str), Some("unit `brunswick`"));
    /// assert!(series.iter().all(|s| s.points.iter().all(|p| Some(&p.score.subject) == s.subject())));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first administration that cannot be scored.
    fn time_series_by_subject(
        &self,
        administrations: &[Administration],
    ) -> Result<Vec<TimeSeries>, ScoreError> {
        let scores = administrations
            .iter()
            .map(|a| self.score(a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TimeSeries::by_subject(
            scores,
            self.definition().sustained_after,
        ))
    }
}

impl<T: Instrument + ?Sized> InstrumentExt for T {}

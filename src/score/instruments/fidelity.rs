//! Practice-profile fidelity: scoring an observation of a practitioner against an innovation's
//! essential functions, and the unit-level Full Implementation rule.
//!
//! An observer rates each essential function they saw at a practice-profile level (expected,
//! developmental, unacceptable variation; NIRN "Practice Profile" handout, after Hall & Hord's
//! innovation configurations). The observation is scored against the innovation's
//! [`FidelityCriterion`]: at least `min_percent_expected` percent of the *rated* functions at
//! expected (inclusive), and every required function at expected. A unit reaches Full
//! Implementation when 50% or more of its intended practitioners use the innovation with
//! fidelity ([`unit_fidelity`]).
//!
//! ```
//! use implsci::{Document, Innovation};
//! use implsci::innovation::ProfileLevel::{Developmental, Expected};
//! use implsci::score::instruments::fidelity::{fidelity_score, FidelityObservation};
//!
//! // Check-in/check-out: 80% of rated functions at expected, check-in and check-out required.
//! let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
//! let observation = FidelityObservation::new(cico.id.clone(), "p-1".parse()?, "2025-02-10".parse()?)
//!     .rate("ef-checkin".parse()?, Expected)
//!     .rate("ef-feedback".parse()?, Expected)
//!     .rate("ef-checkout".parse()?, Expected)
//!     .rate("ef-home".parse()?, Expected)
//!     .rate("ef-data".parse()?, Developmental);
//! let score = fidelity_score(&cico, &observation)?;
//! assert_eq!((score.points, score.points_possible, score.percent), (Some(4.0), Some(5.0), Some(80.0)));
//! assert_eq!(score.criterion_met, Some(true)); // 80% is inclusive
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Extensions;
use crate::id::{
    EssentialFunctionId, InnovationId, InstrumentId, ItemId, PersonId, PractitionerId,
};
use crate::innovation::{FidelityCriterion, Innovation, ProfileLevel};
use crate::score::{
    Administration, ItemClass, MissingApplied, MissingRule, Score, ScoreError, ScoreSubject,
};
use crate::share::Share;

pub use crate::innovation::FunctionRating;

/// An observation of one practitioner's use of an innovation: each essential function seen,
/// rated at a practice-profile level. Functions not rated were not seen; they are left out of
/// the score (see [`fidelity_score`]).
///
/// Source: NIRN Active Implementation Hub, module 1 and "Practice Profile" handout (three
/// levels per essential function); Fixsen, Blase, Metz & Van Dyke (2013), usable-innovation
/// criterion 4 (a practical assessment of practitioners' performance).
///
/// ```
/// use implsci::innovation::ProfileLevel;
/// use implsci::score::instruments::fidelity::FidelityObservation;
///
/// let json = r#"{
///     "innovation": "check-in-check-out",
///     "practitioner": "p-1",
///     "date": "2025-02-10",
///     "ratings": [{"function": "ef-checkin", "level": "expected"}]
/// }"#;
/// let observation: FidelityObservation = serde_json::from_str(json)?;
/// assert_eq!(observation.ratings[0].level, ProfileLevel::Expected);
/// assert!(serde_json::from_str::<FidelityObservation>(&json.replace("\"ratings\"", "\"rating\"")).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct FidelityObservation {
    /// The innovation observed.
    pub innovation: InnovationId,
    /// The practitioner observed.
    pub practitioner: PractitionerId,
    /// When.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// Who observed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub observers: Vec<PersonId>,
    /// The essential functions rated, each once.
    #[serde(default)]
    pub ratings: Vec<FunctionRating>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl FidelityObservation {
    /// An observation with no ratings yet.
    ///
    /// ```
    /// use implsci::score::instruments::fidelity::FidelityObservation;
    /// let o = FidelityObservation::new("cico".parse()?, "p-1".parse()?, "2025-02-10".parse()?);
    /// assert!(o.ratings.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(innovation: InnovationId, practitioner: PractitionerId, date: Date) -> Self {
        Self {
            innovation,
            practitioner,
            date,
            observers: Vec::new(),
            ratings: Vec::new(),
            extensions: Extensions::new(),
        }
    }

    /// The observation with one more rating.
    ///
    /// ```
    /// use implsci::innovation::ProfileLevel;
    /// use implsci::score::instruments::fidelity::FidelityObservation;
    /// let o = FidelityObservation::new("cico".parse()?, "p-1".parse()?, "2025-02-10".parse()?)
    ///     .rate("ef-checkin".parse()?, ProfileLevel::Unacceptable);
    /// assert_eq!(o.ratings.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn rate(mut self, function: EssentialFunctionId, level: ProfileLevel) -> Self {
        self.ratings.push(FunctionRating::new(function, level));
        self
    }
}

/// Scores a practice-profile fidelity observation against an innovation.
///
/// - **Points**: the functions rated at expected; **points possible**: the functions rated;
///   **percent**: points × 100 ÷ points possible.
/// - **Criterion met** (the innovation's [`FidelityCriterion`]): at least
///   `min_percent_expected` percent of the rated functions at expected, inclusive, compared
///   exactly as `expected × 100 ≥ threshold × rated`, **and** every `required_functions` entry
///   rated at expected. A required function left unrated is not known to be at expected, so
///   the criterion is not met (this crate's reading: the criterion says "must be at expected",
///   and an unobserved function is not shown to be). `None` when the innovation has no
///   [`FidelityAssessment`](crate::innovation::FidelityAssessment), or when nothing is rated.
/// - **Classes**: one [`ItemClass`] per essential function, in the innovation's order: the
///   level as in JSON (`"expected"`, `"developmental"`, `"unacceptable"`), or `"missing"` when
///   not rated.
/// - **Missing functions**: left out of both counts, since the criterion reads "percent of
///   the rated functions". The score records [`MissingRule::ProRate`] with `max_missing` equal
///   to the number of essential functions: its percent is the pro-rated one, while points and
///   points possible are counted over the rated functions as the criterion states them.
/// - **Nothing rated**: not computable
///   ([`NotComputable::ZeroDenominator`](crate::score::NotComputable::ZeroDenominator)), points
///   `None`, never 0%.
///
/// The score's instrument is the innovation's id (each innovation's fidelity assessment is
/// its own instrument), its subject the practitioner, its date the observation's.
///
/// Source: NIRN practice profile handout (three levels); Fixsen, Blase, Metz & Van Dyke
/// (2013), criterion 4. The threshold and the required functions are the innovation
/// developer's: no default is published.
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::innovation::ProfileLevel::Expected;
/// use implsci::score::instruments::fidelity::{fidelity_score, FidelityObservation};
///
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// // Every rated function at expected, but check-out (required) was not observed.
/// let observation = FidelityObservation::new(cico.id.clone(), "p-1".parse()?, "2025-02-10".parse()?)
///     .rate("ef-checkin".parse()?, Expected)
///     .rate("ef-feedback".parse()?, Expected);
/// let score = fidelity_score(&cico, &observation)?;
/// assert_eq!(score.percent, Some(100.0));
/// assert_eq!(score.criterion_met, Some(false));
/// assert_eq!(score.classes[2].class, "missing");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// - [`ScoreError::WrongInstrument`] when the observation is of another innovation;
/// - [`ScoreError::UnknownItem`] for a function the innovation does not have;
/// - [`ScoreError::DuplicateResponse`] for a function rated twice;
/// - [`ScoreError::Invalid`] when the innovation's criterion cannot be applied: a threshold
///   that is not a number from 0 to 100, or a required function the innovation does not have.
pub fn fidelity_score(
    innovation: &Innovation,
    observation: &FidelityObservation,
) -> Result<Score, ScoreError> {
    let instrument = as_instrument(&innovation.id)?;
    if observation.innovation != innovation.id {
        return Err(ScoreError::WrongInstrument {
            expected: instrument,
            found: as_instrument(&observation.innovation)?,
        });
    }
    let mut levels = Vec::new();
    let Rated {
        rated,
        expected,
        criterion_met,
    } = rate(innovation, &observation.ratings, &mut levels)?;
    let functions = &innovation.essential_functions;
    let missing = count(functions.len()) - rated;
    let rule = MissingRule::ProRate {
        max_missing: count(functions.len()),
    };
    let admin = Administration::new(
        instrument,
        observation.date,
        ScoreSubject::Practitioner(observation.practitioner.clone()),
    );
    let mut score = Score::new(&admin, MissingApplied::new(rule, missing));
    if rated == 0 {
        score.set_total(None, 0.0);
    } else {
        score.set_total(Some(f64::from(expected)), f64::from(rated));
        score.criterion_met = criterion_met;
    }
    score.classes = functions
        .iter()
        .zip(&levels)
        .map(|(f, l)| {
            Ok(ItemClass::new(
                as_item(&f.id)?,
                l.map_or("missing", level_class),
            ))
        })
        .collect::<Result<_, ScoreError>>()?;
    Ok(score)
}

/// A unit's fidelity: how many of its intended practitioners use the innovation with
/// fidelity, and whether that reaches Full Implementation. Made by [`unit_fidelity`].
///
/// ```
/// use implsci::{Document, Innovation, innovation::ProfileLevel::Expected, share::Share};
/// use implsci::score::instruments::fidelity::{fidelity_score, unit_fidelity, FidelityObservation};
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let intended: [implsci::id::PractitionerId; 2] = ["t-1".parse()?, "t-2".parse()?];
/// let start = FidelityObservation::new(cico.id.clone(), intended[0].clone(), "2025-02-10".parse()?);
/// let observation = cico.essential_functions.iter().fold(start, |o, f| o.rate(f.id.clone(), Expected));
/// let unit = unit_fidelity(&intended, &[fidelity_score(&cico, &observation)?]);
/// assert_eq!(unit.with_fidelity, Share::new(1, 2));
/// assert_eq!(unit.not_observed, [intended[1].clone()]); // counted in the denominator only
/// assert_eq!(unit.full_implementation, Some(true)); // 1 of 2 is 50%
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UnitFidelity {
    /// Intended practitioners whose latest fidelity score meets its criterion, out of all
    /// intended practitioners.
    pub with_fidelity: Share,
    /// Whether the unit has reached Full Implementation
    /// ([`full_implementation`](super::full_implementation)); `None` when no practitioner is
    /// intended.
    pub full_implementation: Option<bool>,
    /// Intended practitioners with no fidelity score: they count in the denominator, not
    /// in the numerator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_observed: Vec<PractitionerId>,
}

/// The AIF Full Implementation rule at unit level: of the unit's intended practitioners, the
/// share whose **latest** fidelity score (by date; of two on the same date, the later in the
/// list) meets its criterion, and whether that share is 50% or more
/// ([`full_implementation`](super::full_implementation)).
///
/// Every intended practitioner counts in the denominator: one never observed, or whose latest
/// score does not meet (or cannot compute) the criterion, is not known to use the innovation
/// with fidelity. Scores of practitioners not in `intended`, and scores about units or teams,
/// are ignored; a practitioner listed twice in `intended` counts once. Pass the scores of one
/// innovation's observations ([`fidelity_score`]).
///
/// Source: NIRN, Implementation Stages (Active Implementation Hub, module 4): Full
/// Implementation is reached when 50% or more of the intended practitioners use the innovation
/// with fidelity (wording as quoted by Indiana IMPACT Inclusion, citing NIRN 2020,
/// *Implementation Stages Planning Tool*). The "5 of 10" case below is module 4's own example:
/// 5 of 10 teachers using the innovation with fidelity reaches Full Implementation.
///
/// **Outcomes are left to the user.** The stage's rule is use "with fidelity and good
/// outcomes"; this function judges the fidelity part only. Whether the outcomes are good is a
/// judgement on data this crate does not hold; combine the two yourself.
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::innovation::ProfileLevel::{Expected, Unacceptable};
/// use implsci::score::instruments::fidelity::{fidelity_score, unit_fidelity, FidelityObservation};
///
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let teachers: Vec<implsci::id::PractitionerId> = (1..=10).map(|i| format!("t-{i}").parse()).collect::<Result<_, _>>()?;
/// let mut scores = Vec::new();
/// for (i, teacher) in teachers.iter().enumerate() {
///     let level = if i < 5 { Expected } else { Unacceptable };
///     let mut observation = FidelityObservation::new(cico.id.clone(), teacher.clone(), "2025-02-10".parse()?);
///     for f in &cico.essential_functions {
///         observation = observation.rate(f.id.clone(), level);
///     }
///     scores.push(fidelity_score(&cico, &observation)?);
/// }
/// let unit = unit_fidelity(&teachers, &scores);
/// assert_eq!(unit.with_fidelity.percent(), Some(50.0));
/// assert_eq!(unit.full_implementation, Some(true)); // 5 of 10 reaches it
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn unit_fidelity(intended: &[PractitionerId], scores: &[Score]) -> UnitFidelity {
    let mut order: Vec<&PractitionerId> = Vec::with_capacity(intended.len());
    let mut latest: HashMap<&PractitionerId, Option<&Score>> =
        HashMap::with_capacity(intended.len());
    for p in intended {
        if latest.insert(p, None).is_none() {
            order.push(p);
        }
    }
    for score in scores {
        let ScoreSubject::Practitioner(p) = &score.subject else {
            continue;
        };
        if let Some(slot) = latest.get_mut(p)
            && slot.is_none_or(|s| s.date <= score.date)
        {
            *slot = Some(score);
        }
    }
    let met = order
        .iter()
        .filter(|p| {
            latest
                .get(*p)
                .copied()
                .flatten()
                .is_some_and(|s| s.criterion_met == Some(true))
        })
        .count();
    let with_fidelity = Share::new(wide(met), wide(order.len()));
    UnitFidelity {
        with_fidelity,
        full_implementation: super::full_implementation(with_fidelity),
        not_observed: order
            .into_iter()
            .filter(|p| latest.get(*p).copied().flatten().is_none())
            .cloned()
            .collect(),
    }
}

/// An observation's ratings against the practice profile. Made by [`rate`].
#[allow(clippy::struct_field_names)] // `rated`: functions rated, as the fidelity docs say
pub(crate) struct Rated {
    /// Functions rated.
    pub(crate) rated: u32,
    /// Functions rated at the expected level or above.
    pub(crate) expected: u32,
    /// Whether the innovation's fidelity criterion is met; `None` without a criterion or
    /// without a rating.
    pub(crate) criterion_met: Option<bool>,
}

/// Rates an observation's ratings as [`fidelity_score`] does, without building its score: the
/// same errors (a function the innovation lacks, a function rated twice, an invalid criterion)
/// and the same criterion. `levels` is a buffer, left holding each essential function's rated
/// level in the innovation's order, so that rating many observations allocates once.
pub(crate) fn rate(
    innovation: &Innovation,
    ratings: &[FunctionRating],
    levels: &mut Vec<Option<ProfileLevel>>,
) -> Result<Rated, ScoreError> {
    let functions = &innovation.essential_functions;
    levels.clear();
    levels.resize(functions.len(), None);
    for rating in ratings {
        let Some(i) = functions.iter().position(|f| f.id == rating.function) else {
            return Err(ScoreError::UnknownItem(as_item(&rating.function)?));
        };
        if levels[i].replace(rating.level).is_some() {
            return Err(ScoreError::DuplicateResponse(as_item(&rating.function)?));
        }
    }
    let criterion = innovation
        .fidelity_assessment
        .as_ref()
        .map(|a| &a.criterion);
    if let Some(criterion) = criterion {
        check_criterion(innovation, criterion)?;
    }
    let rated = count(levels.iter().flatten().count());
    let expected = count(
        levels
            .iter()
            .flatten()
            .filter(|l| l.meets_expectation())
            .count(),
    );
    let criterion_met = criterion.filter(|_| rated > 0).map(|c| {
        let share_met = f64::from(expected) * 100.0 >= c.min_percent_expected * f64::from(rated);
        let required_met = c.required_functions.iter().all(|r| {
            functions
                .iter()
                .zip(levels.iter())
                .any(|(f, l)| &f.id == r && l.is_some_and(ProfileLevel::meets_expectation))
        });
        share_met && required_met
    });
    Ok(Rated {
        rated,
        expected,
        criterion_met,
    })
}

/// Checks that the innovation's criterion can be applied.
fn check_criterion(
    innovation: &Innovation,
    criterion: &FidelityCriterion,
) -> Result<(), ScoreError> {
    let threshold = criterion.min_percent_expected;
    if !(threshold.is_finite() && (0.0..=100.0).contains(&threshold)) {
        return Err(ScoreError::Invalid(format!(
            "innovation `{}`: the fidelity criterion's min_percent_expected {threshold} is not a \
             percent from 0 to 100",
            innovation.id
        )));
    }
    if let Some(r) = criterion
        .required_functions
        .iter()
        .find(|r| !innovation.essential_functions.iter().any(|f| &f.id == *r))
    {
        return Err(ScoreError::Invalid(format!(
            "innovation `{}`: the fidelity criterion requires essential function `{r}`, which \
             the innovation does not have",
            innovation.id
        )));
    }
    Ok(())
}

/// A level's class, as its JSON name.
fn level_class(level: ProfileLevel) -> &'static str {
    match level {
        ProfileLevel::Expected => "expected",
        ProfileLevel::Developmental => "developmental",
        ProfileLevel::Unacceptable => "unacceptable",
    }
}

/// The innovation's id as the instrument id of its fidelity scores. Both id types follow the
/// same identifier rules, so this does not fail in practice; an error is reported, not a panic.
fn as_instrument(id: &InnovationId) -> Result<InstrumentId, ScoreError> {
    id.as_str()
        .parse()
        .map_err(|e: crate::id::IdError| ScoreError::Invalid(e.to_string()))
}

/// An essential function's id as an item id (same identifier rules).
fn as_item(id: &EssentialFunctionId) -> Result<ItemId, ScoreError> {
    id.as_str()
        .parse()
        .map_err(|e: crate::id::IdError| ScoreError::Invalid(e.to_string()))
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn wide(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;

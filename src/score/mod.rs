//! Scoring: instruments other tools implement, their results, and rollups through the
//! hierarchy.
//!
//! Implementation is measured by instruments: fidelity observations, capacity assessments, the
//! Hexagon Tool, the TFI. Following the DOMAIN modelling notes, an instrument's *definition*
//! (items, scale, subscales, points possible, criterion, version, missing-response rule) is kept
//! apart from an *administration* (date, subject, respondents, item responses).
//!
//! - [`Instrument`] is the small, object-safe core trait another crate implements for its own
//!   instrument; `Box<dyn Instrument>` works.
//! - [`InstrumentExt`] is implemented for every instrument and adds conveniences: score many
//!   administrations, score a subject's time series.
//! - [`ItemSum`] is the common scoring rule (items summed to points out of points possible,
//!   subscales, an inclusive percent criterion, a declared missing-response rule), which the
//!   built-in capacity assessment uses and other instruments can reuse.
//! - [`Score`] is the result: points and points possible where they exist, percent, subscales,
//!   criterion met or not, item-level classes where an instrument has no total by design, or
//!   "not computable" with a reason. Never NaN, never a silent 0%.
//! - [`rollup`] rolls a score per practitioner or per unit up every level of a
//!   [`System`](crate::system::System).
//!
//! ```
//! use implsci::score::{Administration, Instrument, ItemSum, Response, ScoreSubject};
//! use implsci::score::instruments::capacity_assessment;
//!
//! // A capacity assessment in the DCA shape: items 0–2 in subscales, 80% criterion.
//! let dca = capacity_assessment(
//!     "my-dca".parse()?,
//!     "District capacity (local items)",
//!     &[("leadership", &["l1", "l2"]), ("data", &["d1", "d2"])],
//! )?;
//! let mut admin = Administration::new(dca.definition().id.clone(), "2025-03-01".parse()?, ScoreSubject::Unit("wake".parse()?));
//! for (item, value) in [("l1", 2.0), ("l2", 2.0), ("d1", 2.0), ("d2", 1.0)] {
//!     admin.responses.push(Response::new(item.parse()?, value));
//! }
//! let score = dca.score(&admin)?;
//! assert_eq!(score.percent, Some(87.5));
//! assert_eq!(score.criterion_met, Some(false)); // the data subscale is at 75%
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod check;
mod decision;
mod definition;
mod document;
mod ext;
pub mod instruments;
pub mod rollup;
mod series;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use check::check_administrations;
pub use decision::ExplorationDecision;
pub use definition::{
    Criterion, InstrumentDefinition, ItemDefinition, ItemSum, MissingRule, Scale,
    SubscaleDefinition,
};
pub use document::{AdministrationsDocument, InstrumentDocument};
pub use ext::InstrumentExt;
pub use series::{Change, SeriesPoint, TimeSeries};

use crate::Extensions;
use crate::id::{InstrumentId, ItemId, PersonId, PractitionerId, SubscaleId, TeamId, UnitId};

/// Whom an administration is about.
///
/// ```
/// use implsci::score::ScoreSubject;
/// let s: ScoreSubject = serde_json::from_str(r#"{"unit": "wake"}"#)?;
/// assert_eq!(s, ScoreSubject::Unit("wake".parse()?));
/// assert_eq!(serde_json::to_string(&ScoreSubject::Practitioner("p-1".parse()?))?, r#"{"practitioner":"p-1"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ScoreSubject {
    /// A practitioner (a fidelity observation).
    Practitioner(PractitionerId),
    /// A unit (a school's TFI, a district's capacity assessment).
    Unit(UnitId),
    /// An implementation team.
    Team(TeamId),
}

impl std::fmt::Display for ScoreSubject {
    /// The kind and the id: ``unit `wake` ``.
    ///
    /// ```
    /// use implsci::score::ScoreSubject;
    /// assert_eq!(ScoreSubject::Unit("wake".parse()?).to_string(), "unit `wake`");
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Practitioner(p) => write!(f, "practitioner `{p}`"),
            Self::Unit(u) => write!(f, "unit `{u}`"),
            Self::Team(t) => write!(f, "team `{t}`"),
        }
    }
}

/// One item's response; `value: None` records that the item was left unanswered.
///
/// ```
/// use implsci::score::Response;
/// let r: Response = serde_json::from_str(r#"{"item": "data-1", "value": null}"#)?;
/// assert_eq!(r.value, None); // left unanswered
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Response {
    /// The item.
    pub item: ItemId,
    /// The rating, on the instrument's scale; `None` when unanswered.
    pub value: Option<f64>,
}

impl Response {
    /// An answered item.
    ///
    /// ```
    /// use implsci::score::Response;
    /// let r = Response::new("lead-1".parse()?, 2.0);
    /// assert_eq!(r.value, Some(2.0));
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(item: ItemId, value: f64) -> Self {
        Self {
            item,
            value: Some(value),
        }
    }
}

/// One administration of an instrument: when, about whom, by whom, and the responses.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, ScoreSubject}};
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let first = &admins[0];
/// assert_eq!((first.subject.clone(), first.date.to_string()), (ScoreSubject::Unit("wake".parse()?), "2024-10-01".to_string()));
/// assert_eq!((first.respondents.len(), first.responses.len()), (2, 8));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Administration {
    /// The instrument administered.
    pub instrument: InstrumentId,
    /// When.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// About whom.
    pub subject: ScoreSubject,
    /// Who answered (a team rating by consensus lists its members).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub respondents: Vec<PersonId>,
    /// The item responses; items not listed are missing.
    #[serde(default)]
    pub responses: Vec<Response>,
    /// The team's decision at the end of an exploration, for an instrument that ends in one
    /// ([`Instrument::takes_decision`]: the Hexagon Tool 2018); `None` when not recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<ExplorationDecision>,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl Administration {
    /// An administration without responses yet.
    ///
    /// ```
    /// use implsci::score::{Administration, ScoreSubject};
    /// let a = Administration::new("dca-local".parse()?, "2025-04-01".parse()?, ScoreSubject::Unit("wake".parse()?));
    /// assert!(a.respondents.is_empty() && a.responses.is_empty());
    /// assert_eq!(a.date.to_string(), "2025-04-01");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(instrument: InstrumentId, date: Date, subject: ScoreSubject) -> Self {
        Self {
            instrument,
            date,
            subject,
            respondents: Vec::new(),
            responses: Vec::new(),
            decision: None,
            extensions: Extensions::new(),
        }
    }
}

/// Why a score could not be computed.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum, NotComputable}};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// // Brunswick left `data-1` unanswered, and this instrument refuses missing items.
/// let score = dca.score(&admins[4])?;
/// assert_eq!(score.not_computable, Some(NotComputable::TooManyMissing { missing: 1, allowed: 0 }));
/// assert_eq!(score.percent, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotComputable {
    /// Nothing to divide by (no items, no points possible, no one eligible).
    ZeroDenominator,
    /// More items are missing than the instrument's rule allows.
    TooManyMissing {
        /// Items missing.
        missing: u32,
        /// Items the rule tolerates.
        allowed: u32,
    },
}

/// The reason in words, as tables and CSV show it.
///
/// ```
/// use implsci::score::NotComputable;
/// assert_eq!(NotComputable::ZeroDenominator.to_string(), "nothing to divide by");
/// assert_eq!(
///     NotComputable::TooManyMissing { missing: 1, allowed: 0 }.to_string(),
///     "too many items missing (1 missing, 0 allowed)"
/// );
/// ```
impl std::fmt::Display for NotComputable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ZeroDenominator => f.write_str("nothing to divide by"),
            Self::TooManyMissing { missing, allowed } => write!(
                f,
                "too many items missing ({missing} missing, {allowed} allowed)"
            ),
        }
    }
}

/// Which missing-response rule was applied, and to how many items.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum, MissingRule}};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let missing = dca.score(&admins[4])?.missing; // Brunswick, `data-1` unanswered
/// assert_eq!((missing.rule, missing.missing_items), (MissingRule::Refuse, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MissingApplied {
    /// The instrument's rule.
    pub rule: MissingRule,
    /// Items with no response.
    pub missing_items: u32,
}

impl MissingApplied {
    /// The rule applied and the items it was applied to.
    ///
    /// ```
    /// use implsci::score::{MissingApplied, MissingRule};
    /// let m = MissingApplied::new(MissingRule::ProRate { max_missing: 2 }, 1);
    /// assert_eq!(serde_json::to_string(&m)?, r#"{"rule":{"rule":"pro_rate","max_missing":2},"missing_items":1}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(rule: MissingRule, missing_items: u32) -> Self {
        Self {
            rule,
            missing_items,
        }
    }
}

/// A subscale's result.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum}};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let score = dca.score(&admins[5])?; // Buncombe, 2024-10-01: 15 of 16 points
/// let data = &score.subscales[2];
/// assert_eq!((data.subscale.as_str(), data.points, data.percent), ("data", Some(3.0), Some(75.0)));
/// assert_eq!(data.criterion_met, Some(false)); // under 80%: so the instrument's criterion is not met
/// assert_eq!((score.percent, score.criterion_met), (Some(93.75), Some(false)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SubscaleScore {
    /// The subscale.
    pub subscale: SubscaleId,
    /// Points, after the missing rule; `None` when not computable.
    pub points: Option<f64>,
    /// Points possible.
    pub points_possible: f64,
    /// Percent of points possible; `None` when not computable.
    pub percent: Option<f64>,
    /// Whether the subscale meets the instrument's subscale criterion, if it has one.
    pub criterion_met: Option<bool>,
}

impl SubscaleScore {
    /// A subscale result; the percent is `points × 100 ÷ possible`, `None` when the points are
    /// not computable or nothing is possible.
    ///
    /// ```
    /// use implsci::score::SubscaleScore;
    /// let s = SubscaleScore::new("coherence".parse()?, Some(3.0), 4.0);
    /// assert_eq!(s.percent, Some(75.0));
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(subscale: SubscaleId, points: Option<f64>, points_possible: f64) -> Self {
        Self {
            subscale,
            points,
            points_possible,
            percent: definition::percent(points, points_possible),
            criterion_met: None,
        }
    }
}

/// An item-level class, for instruments that have no total by design (the Hexagon Tool
/// 2018, CFIR construct ratings).
///
/// ```
/// use implsci::{Document, Innovation};
/// use implsci::innovation::ProfileLevel::Developmental;
/// use implsci::score::ItemClass;
/// use implsci::score::instruments::fidelity::{fidelity_score, FidelityObservation};
/// let cico = Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json")?)?;
/// let observation = FidelityObservation::new(cico.id.clone(), "p-1".parse()?, "2025-02-10".parse()?)
///     .rate("ef-checkin".parse()?, Developmental);
/// let score = fidelity_score(&cico, &observation)?;
/// assert_eq!(score.classes[0], ItemClass::new("ef-checkin".parse()?, "developmental"));
/// assert_eq!(score.classes[1].class, "missing"); // `ef-feedback` was not rated
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ItemClass {
    /// The item.
    pub item: ItemId,
    /// Its class, in the instrument's words (`"high"`, `"+2"`, `"missing"`).
    pub class: String,
}

/// The result of scoring one administration.
///
/// Every number is finite; a rate with nothing to divide by is `None` with
/// [`Score::not_computable`] saying why, never NaN and never 0%.
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum}};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let score = dca.score(&admins[0])?; // Wake, 2024-10-01
/// assert_eq!((score.points, score.points_possible, score.percent), (Some(8.0), Some(16.0), Some(50.0)));
/// assert_eq!((score.criterion_met, score.not_computable), (Some(false), None));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Score {
    /// The instrument.
    pub instrument: InstrumentId,
    /// The administration's date.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// About whom.
    pub subject: ScoreSubject,
    /// Points, where the instrument has a total.
    pub points: Option<f64>,
    /// Points possible, where the instrument has a total.
    pub points_possible: Option<f64>,
    /// Percent of points possible.
    pub percent: Option<f64>,
    /// Subscale results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscales: Vec<SubscaleScore>,
    /// Whether the instrument's criterion is met; `None` when it has none or the score is
    /// not computable.
    pub criterion_met: Option<bool>,
    /// Item-level classes, for instruments without a total.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<ItemClass>,
    /// The missing-response rule applied.
    pub missing: MissingApplied,
    /// Why the total is not computable, when it is not.
    pub not_computable: Option<NotComputable>,
    /// The decision the administration records, carried through as recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<ExplorationDecision>,
}

impl ItemClass {
    /// An item's class.
    ///
    /// ```
    /// use implsci::score::ItemClass;
    /// let c = ItemClass::new("ef-checkin".parse()?, "expected");
    /// assert_eq!(serde_json::to_string(&c)?, r#"{"item":"ef-checkin","class":"expected"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(item: ItemId, class: impl Into<String>) -> Self {
        Self {
            item,
            class: class.into(),
        }
    }
}

impl Score {
    /// An empty score of an administration (no total, no subscales, no criterion), for an
    /// instrument's own rule to fill in.
    ///
    /// ```
    /// use implsci::score::{Administration, MissingApplied, MissingRule, Score, ScoreSubject};
    /// let admin = Administration::new("x".parse()?, "2025-01-01".parse()?, ScoreSubject::Unit("u".parse()?));
    /// let mut score = Score::new(&admin, MissingApplied::new(MissingRule::Refuse, 0));
    /// score.set_total(Some(6.0), 8.0);
    /// assert_eq!(score.percent, Some(75.0));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(administration: &Administration, missing: MissingApplied) -> Self {
        Self {
            instrument: administration.instrument.clone(),
            date: administration.date,
            subject: administration.subject.clone(),
            points: None,
            points_possible: None,
            percent: None,
            subscales: Vec::new(),
            criterion_met: None,
            classes: Vec::new(),
            missing,
            not_computable: None,
            decision: administration.decision,
        }
    }

    /// Sets the total and its percent. Points of `None`, or nothing possible, leave the percent
    /// `None`; nothing possible also records [`NotComputable::ZeroDenominator`].
    ///
    /// ```
    /// use implsci::score::{Administration, MissingApplied, MissingRule, NotComputable, Score, ScoreSubject};
    /// let admin = Administration::new("x".parse()?, "2025-01-01".parse()?, ScoreSubject::Unit("u".parse()?));
    /// let mut score = Score::new(&admin, MissingApplied::new(MissingRule::Refuse, 0));
    /// score.set_total(Some(0.0), 0.0);
    /// assert_eq!(score.percent, None); // never NaN, never 0%
    /// assert_eq!(score.not_computable, Some(NotComputable::ZeroDenominator));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_total(&mut self, points: Option<f64>, points_possible: f64) {
        self.points = points;
        self.points_possible = Some(points_possible);
        self.percent = definition::percent(points, points_possible);
        if points_possible <= 0.0 {
            self.not_computable = Some(NotComputable::ZeroDenominator);
        }
    }
}

/// Why an administration cannot be scored at all (as opposed to a score that is not
/// computable).
///
/// ```
/// use implsci::score::{Administration, Instrument, Response, ScoreError, ScoreSubject};
/// use implsci::score::instruments::capacity_assessment;
/// let dca = capacity_assessment("dca".parse()?, "DCA", &[("all", &["a", "b"])])?;
/// let mut admin = Administration::new("dca".parse()?, "2025-03-01".parse()?, ScoreSubject::Unit("wake".parse()?));
/// admin.responses.push(Response::new("a".parse()?, 3.0));
/// let err = dca.score(&admin).unwrap_err();
/// assert!(matches!(err, ScoreError::OutOfScale { max, .. } if max == 2.0));
/// assert_eq!(err.to_string(), "item `a`: 3 is outside the scale 0 to 2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoreError {
    /// The administration is of another instrument.
    #[error("the administration is of instrument `{found}`, not `{expected}`")]
    WrongInstrument {
        /// The instrument scoring.
        expected: InstrumentId,
        /// The administration's instrument.
        found: InstrumentId,
    },
    /// A response names an item the instrument does not have.
    #[error("the instrument has no item `{0}`")]
    UnknownItem(ItemId),
    /// An item is answered twice.
    #[error("item `{0}` is answered twice")]
    DuplicateResponse(ItemId),
    /// A response lies outside the item's scale, or is not a finite number.
    #[error("item `{item}`: {value} is outside the scale {min} to {max}")]
    OutOfScale {
        /// The item.
        item: ItemId,
        /// The response.
        value: f64,
        /// The scale's minimum.
        min: f64,
        /// The scale's maximum.
        max: f64,
    },
    /// A response is not a whole number on a scale of whole ratings.
    #[error("item `{item}`: {value} is not a whole number; the scale takes whole ratings")]
    NotWhole {
        /// The item.
        item: ItemId,
        /// The response.
        value: f64,
    },
    /// The instrument's own rule refuses the administration.
    #[error("{0}")]
    Invalid(String),
    /// One series was asked for administrations of more than one subject
    /// ([`InstrumentExt::time_series`]); their passes would read as one subject sustaining.
    #[error(
        "the administrations are of more than one subject ({first} and {other}); a series is \
         one subject's, so ask for one series per subject (`time_series_by_subject`)"
    )]
    MixedSubjects {
        /// The first administration's subject.
        first: ScoreSubject,
        /// Another subject found among them.
        other: ScoreSubject,
    },
}

/// An instrument: its definition, and how it scores an administration.
///
/// Small and object-safe, so that a state's data system or a researcher can implement it for an
/// instrument this crate does not ship, and keep instruments as `Box<dyn Instrument>`.
///
/// ```
/// use implsci::score::{Administration, Instrument, InstrumentDefinition, ItemSum, Score, ScoreError};
///
/// /// An instrument scored by the common item-sum rule, with a twist of its own.
/// struct Doubled(ItemSum);
///
/// impl Instrument for Doubled {
///     fn definition(&self) -> &InstrumentDefinition {
///         self.0.definition()
///     }
///     fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
///         self.0.score(administration)
///     }
/// }
///
/// let boxed: Box<dyn Instrument> = Box::new(Doubled(ItemSum::new(InstrumentDefinition::new(
///     "x".parse()?, "X", "1.0", implsci::score::Scale::new(0.0, 2.0),
/// ))?));
/// assert_eq!(boxed.definition().name, "X");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Instrument {
    /// The definition: items, scale, subscales, criterion, version, missing rule.
    fn definition(&self) -> &InstrumentDefinition;

    /// Scores one administration.
    ///
    /// # Errors
    ///
    /// [`ScoreError`] when the administration cannot be scored at all (another instrument's,
    /// unknown items, responses off the scale). A score that cannot be computed (too many
    /// missing items, nothing to divide by) is an `Ok` [`Score`] that says so.
    fn score(&self, administration: &Administration) -> Result<Score, ScoreError>;

    /// Whether an administration of this instrument may record the team's
    /// [`ExplorationDecision`]; `false` unless the instrument says so. The
    /// [Hexagon Tool 2018](instruments::hexagon::Hexagon2018) ends in one (Metz & Louison 2018);
    /// [`check_administrations`] refuses a decision on an administration of any other.
    ///
    /// ```
    /// use implsci::score::Instrument;
    /// use implsci::score::instruments::hexagon::{hexagon_2013, hexagon_2018};
    /// assert!(hexagon_2018("hexagon-2018".parse()?).takes_decision());
    /// assert!(!hexagon_2013("hexagon-2013".parse()?).takes_decision());
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    fn takes_decision(&self) -> bool {
        false
    }
}

impl<T: Instrument + ?Sized> Instrument for Box<T> {
    fn definition(&self) -> &InstrumentDefinition {
        (**self).definition()
    }

    fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
        (**self).score(administration)
    }

    fn takes_decision(&self) -> bool {
        (**self).takes_decision()
    }
}

impl<T: Instrument + ?Sized> Instrument for &T {
    fn definition(&self) -> &InstrumentDefinition {
        (**self).definition()
    }

    fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
        (**self).score(administration)
    }

    fn takes_decision(&self) -> bool {
        (**self).takes_decision()
    }
}

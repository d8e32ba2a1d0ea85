//! Instrument definitions, and the common item-sum scoring rule.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Administration, Instrument, MissingApplied, NotComputable, Score, ScoreError, SubscaleScore,
};
use crate::id::{InstrumentId, ItemId, SubscaleId};

/// The rating scale of an instrument's items, inclusive.
///
/// ```
/// use implsci::score::Scale;
/// let scale = Scale::new(0.0, 2.0);
/// assert!(scale.contains(1.0) && !scale.contains(3.0) && !scale.contains(f64::NAN));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Lowest rating.
    pub min: f64,
    /// Highest rating: the points an item is worth.
    pub max: f64,
    /// Whether ratings are whole numbers only (a 0, 1, 2 item; not 1.5). Absent means
    /// false: any rating from `min` to `max`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub integral: bool,
}

impl Scale {
    /// A scale from `min` to `max`.
    ///
    /// ```
    /// use implsci::score::Scale;
    /// let scale = Scale::new(0.0, 4.0);
    /// assert_eq!((scale.min, scale.max), (0.0, 4.0));
    /// ```
    #[must_use]
    pub fn new(min: f64, max: f64) -> Self {
        Self {
            min,
            max,
            integral: false,
        }
    }

    /// A scale of whole ratings from `min` to `max` (the TFI's 0, 1, 2).
    ///
    /// ```
    /// use implsci::score::Scale;
    /// let scale = Scale::whole(0.0, 2.0);
    /// assert!(scale.integral && scale.admits(1.0) && !scale.admits(1.5));
    /// assert!(scale.contains(1.5)); // on the scale's range, but not a rating it takes
    /// ```
    #[must_use]
    pub fn whole(min: f64, max: f64) -> Self {
        Self {
            min,
            max,
            integral: true,
        }
    }

    /// True when `value` is a rating the scale takes: on its range and, for an integral scale,
    /// a whole number.
    ///
    /// ```
    /// use implsci::score::Scale;
    /// assert!(Scale::new(0.0, 2.0).admits(1.5));
    /// assert!(!Scale::whole(0.0, 2.0).admits(1.5));
    /// ```
    #[must_use]
    pub fn admits(self, value: f64) -> bool {
        self.contains(value) && (!self.integral || value.fract() == 0.0)
    }

    /// The error for a `value` of `item` the scale does not take, if it does not.
    pub(crate) fn refuse(self, item: &crate::id::ItemId, value: f64) -> Option<ScoreError> {
        if !self.contains(value) {
            Some(ScoreError::OutOfScale {
                item: item.clone(),
                value,
                min: self.min,
                max: self.max,
            })
        } else if self.integral && value.fract() != 0.0 {
            Some(ScoreError::NotWhole {
                item: item.clone(),
                value,
            })
        } else {
            None
        }
    }

    /// True when `value` is a finite rating on the scale.
    ///
    /// ```
    /// use implsci::score::Scale;
    /// let scale = Scale::new(0.0, 2.0);
    /// assert!(scale.contains(0.0) && scale.contains(2.0)); // inclusive at both ends
    /// assert!(!scale.contains(-1.0) && !scale.contains(f64::INFINITY));
    /// ```
    #[must_use]
    pub fn contains(self, value: f64) -> bool {
        value.is_finite() && (self.min..=self.max).contains(&value)
    }
}

/// What to do with items left unanswered. Each instrument declares its rule; each score says
/// which applied.
///
/// ```
/// use implsci::score::{Administration, Instrument, InstrumentDefinition, ItemDefinition, ItemSum, MissingRule, Response, Scale, ScoreSubject};
/// let mut def = InstrumentDefinition::new("x".parse()?, "X", "1.0", Scale::new(0.0, 2.0));
/// for id in ["a", "b", "c", "d"] { def.items.push(ItemDefinition::new(id.parse()?, None)); }
/// def.missing = MissingRule::ProRate { max_missing: 1 };
/// let mut admin = Administration::new("x".parse()?, "2025-01-01".parse()?, ScoreSubject::Unit("u".parse()?));
/// for id in ["a", "b", "c"] { admin.responses.push(Response::new(id.parse()?, 2.0)); }
/// let score = ItemSum::new(def)?.score(&admin)?;
/// assert_eq!((score.points, score.percent), (Some(8.0), Some(100.0))); // 6 of 6 answered, pro-rated to 8 of 8
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum MissingRule {
    /// Any missing item makes the score not computable.
    Refuse,
    /// Up to `max_missing` items may be missing; points are pro-rated to the items answered
    /// (`points × possible ÷ possible answered`).
    ProRate {
        /// Items that may be missing.
        max_missing: u32,
    },
    /// Missing items score 0.
    ScoreAsZero,
}

/// Read by hand rather than as serde's internally tagged enum, which buffers the fields where
/// the strict reader cannot reach them (an integral float for `max_missing` would be refused)
/// and ignores `deny_unknown_fields` on the variants without fields (serde-rs/serde#2123): this
/// reads what the schema says, no more and no less.
impl<'de> Deserialize<'de> for MissingRule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Rule {
            Refuse,
            ProRate,
            ScoreAsZero,
        }

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            rule: Rule,
            #[serde(default)]
            max_missing: Option<u32>,
        }

        let wire = Wire::deserialize(deserializer)?;
        match (wire.rule, wire.max_missing) {
            (Rule::ProRate, Some(max_missing)) => Ok(Self::ProRate { max_missing }),
            (Rule::ProRate, None) => Err(D::Error::missing_field("max_missing")),
            (Rule::Refuse, None) => Ok(Self::Refuse),
            (Rule::ScoreAsZero, None) => Ok(Self::ScoreAsZero),
            (Rule::Refuse | Rule::ScoreAsZero, Some(_)) => {
                Err(D::Error::unknown_field("max_missing", &["rule"]))
            }
        }
    }
}

/// An item of an instrument.
///
/// ```
/// use implsci::score::ItemDefinition;
/// let item: ItemDefinition = serde_json::from_str(r#"{"id": "lead-1", "subscale": "leadership"}"#)?;
/// assert_eq!(item.subscale.map(|s| s.to_string()), Some("leadership".to_string()));
/// assert_eq!(item.text, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ItemDefinition {
    /// Its id.
    pub id: ItemId,
    /// The subscale it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscale: Option<SubscaleId>,
    /// Its text, where the instrument's licence allows shipping it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl ItemDefinition {
    /// An item, optionally in a subscale.
    ///
    /// ```
    /// use implsci::score::ItemDefinition;
    /// let item = ItemDefinition::new("lead-1".parse()?, Some("leadership".parse()?));
    /// assert_eq!(item.id.as_str(), "lead-1");
    /// assert!(item.text.is_none());
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(id: ItemId, subscale: Option<SubscaleId>) -> Self {
        Self {
            id,
            subscale,
            text: None,
        }
    }
}

/// A subscale of an instrument.
///
/// ```
/// use implsci::{Document, score::InstrumentDocument};
/// let def = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument;
/// let names: Vec<&str> = def.subscales.iter().map(|s| s.name.as_str()).collect();
/// assert_eq!(names, ["Leadership", "Alignment", "Data"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SubscaleDefinition {
    /// Its id.
    pub id: SubscaleId,
    /// Its name.
    pub name: String,
}

impl SubscaleDefinition {
    /// A subscale.
    ///
    /// ```
    /// use implsci::score::SubscaleDefinition;
    /// let s = SubscaleDefinition::new("data".parse()?, "Data");
    /// assert_eq!((s.id.as_str(), s.name.as_str()), ("data", "Data"));
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(id: SubscaleId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
        }
    }
}

/// An instrument's criterion, inclusive ("80% or more").
///
/// ```
/// use implsci::score::Criterion;
/// let c = Criterion { total_percent: Some(80.0), each_subscale_percent: Some(80.0) };
/// assert_eq!(c.total_percent, Some(80.0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The total percent that meets the criterion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_percent: Option<f64>,
    /// The percent every subscale must reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub each_subscale_percent: Option<f64>,
}

/// An instrument's definition, apart from any administration.
///
/// ```
/// use implsci::{Document, score::{InstrumentDocument, MissingRule}};
/// let def = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument;
/// assert_eq!((def.items.len(), def.subscales.len()), (8, 3));
/// assert_eq!(def.criterion.and_then(|c| c.total_percent), Some(80.0));
/// assert_eq!(def.missing, MissingRule::Refuse);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct InstrumentDefinition {
    /// Its id.
    pub id: InstrumentId,
    /// Its name.
    pub name: String,
    /// Its version ("2.1", "2018").
    pub version: String,
    /// Where its rules are published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The item rating scale.
    pub scale: Scale,
    /// The subscales.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscales: Vec<SubscaleDefinition>,
    /// The items.
    #[serde(default)]
    pub items: Vec<ItemDefinition>,
    /// The criterion, if the instrument has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<Criterion>,
    /// The missing-response rule.
    pub missing: MissingRule,
    /// Consecutive administrations at criterion that count as sustained, if the instrument
    /// says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sustained_after: Option<u32>,
}

impl InstrumentDefinition {
    /// A definition with no items, no criterion, and missing items refused.
    ///
    /// ```
    /// use implsci::score::{InstrumentDefinition, MissingRule, Scale};
    /// let def = InstrumentDefinition::new("x".parse()?, "X", "1.0", Scale::new(0.0, 2.0));
    /// assert!(def.items.is_empty() && def.criterion.is_none());
    /// assert_eq!(def.missing, MissingRule::Refuse);
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(
        id: InstrumentId,
        name: impl Into<String>,
        version: impl Into<String>,
        scale: Scale,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            version: version.into(),
            source: None,
            scale,
            subscales: Vec::new(),
            items: Vec::new(),
            criterion: None,
            missing: MissingRule::Refuse,
            sustained_after: None,
        }
    }

    /// The subscales no item belongs to, with their positions. A subscale with no items has
    /// no points possible, so its percent, and a criterion on every subscale (the capacity
    /// assessments' 80%), could never be judged: [`ItemSum::new`] and the instrument
    /// document's validation refuse them (this crate's rule).
    ///
    /// ```
    /// use implsci::score::{InstrumentDefinition, ItemDefinition, Scale, SubscaleDefinition};
    /// let mut def = InstrumentDefinition::new("dca".parse()?, "DCA", "local", Scale::whole(0.0, 2.0));
    /// def.subscales.push(SubscaleDefinition::new("leadership".parse()?, "Leadership"));
    /// def.subscales.push(SubscaleDefinition::new("competency".parse()?, "Competency"));
    /// def.items.push(ItemDefinition::new("l1".parse()?, Some("leadership".parse()?)));
    /// let empty: Vec<usize> = def.empty_subscales().map(|(i, _)| i).collect();
    /// assert_eq!(empty, [1]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn empty_subscales(&self) -> impl Iterator<Item = (usize, &SubscaleDefinition)> {
        self.subscales.iter().enumerate().filter(|(_, s)| {
            !self
                .items
                .iter()
                .any(|item| item.subscale.as_ref() == Some(&s.id))
        })
    }
}

/// The common scoring rule: each item worth the scale's maximum, points summed overall and per
/// subscale, percent of points possible, an inclusive criterion on the total and on every
/// subscale, and the definition's missing-response rule.
///
/// This is the shape of the NIRN capacity assessments (DCA, RCA, SCA: items in subscales,
/// total and every subscale at least 80%; the 0–2 item scale is unconfirmed, see
/// [`capacity_assessment`](super::instruments::capacity_assessment)) and of the PBIS TFI's tier
/// scores (items 0–2 on TFI 2.1, percent of points possible).
///
/// ```
/// use implsci::{Document, score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum}};
/// let def = InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?.administrations;
/// let dca = ItemSum::new(def)?;
/// // Wake, 2025-04-01: 15 of 16 points, and every subscale at 80% or more.
/// let score = dca.score(&admins[1])?;
/// assert_eq!((score.points, score.percent), (Some(15.0), Some(93.75)));
/// assert_eq!(score.criterion_met, Some(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSum {
    definition: InstrumentDefinition,
    items: HashMap<ItemId, usize>,
}

impl ItemSum {
    /// Checks the definition and makes the scorer.
    ///
    /// ```
    /// use implsci::score::{InstrumentDefinition, ItemDefinition, ItemSum, Scale};
    /// let mut def = InstrumentDefinition::new("x".parse()?, "X", "1.0", Scale::new(0.0, 2.0));
    /// def.items.push(ItemDefinition::new("a".parse()?, Some("undeclared".parse()?)));
    /// assert!(ItemSum::new(def.clone()).is_err()); // the subscale is not in the definition
    /// def.items[0].subscale = None;
    /// assert!(ItemSum::new(def).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ScoreError::Invalid`] for a scale that is not finite with `min < max`, a duplicate
    /// item, an item in a subscale the definition does not declare, or a subscale with no
    /// items ([`InstrumentDefinition::empty_subscales`]).
    pub fn new(definition: InstrumentDefinition) -> Result<Self, ScoreError> {
        let scale = definition.scale;
        if !(scale.min.is_finite()
            && scale.max.is_finite()
            && scale.min < scale.max
            && scale.min >= 0.0)
        {
            return Err(ScoreError::Invalid(format!(
                "the scale {} to {} must be finite, non-negative and increasing",
                scale.min, scale.max
            )));
        }
        let mut items = HashMap::with_capacity(definition.items.len());
        for (i, item) in definition.items.iter().enumerate() {
            if items.insert(item.id.clone(), i).is_some() {
                return Err(ScoreError::Invalid(format!(
                    "item `{}` is defined twice",
                    item.id
                )));
            }
            if let Some(sub) = &item.subscale
                && !definition.subscales.iter().any(|s| &s.id == sub)
            {
                return Err(ScoreError::Invalid(format!(
                    "item `{}` is in subscale `{sub}`, which is not defined",
                    item.id
                )));
            }
        }
        if let Some((i, sub)) = definition.empty_subscales().next() {
            return Err(ScoreError::Invalid(format!(
                "subscale `{}` ($.subscales[{i}]) has no items; its percent would never be \
                 computable",
                sub.id
            )));
        }
        Ok(Self { definition, items })
    }

    /// The responses by item position, checked.
    fn responses(&self, administration: &Administration) -> Result<Vec<Option<f64>>, ScoreError> {
        let def = &self.definition;
        if administration.instrument != def.id {
            return Err(ScoreError::WrongInstrument {
                expected: def.id.clone(),
                found: administration.instrument.clone(),
            });
        }
        let mut values = vec![None; def.items.len()];
        let mut seen = vec![false; def.items.len()];
        for r in &administration.responses {
            let &i = self
                .items
                .get(&r.item)
                .ok_or_else(|| ScoreError::UnknownItem(r.item.clone()))?;
            if std::mem::replace(&mut seen[i], true) {
                return Err(ScoreError::DuplicateResponse(r.item.clone()));
            }
            if let Some(v) = r.value {
                if let Some(refused) = def.scale.refuse(&r.item, v) {
                    return Err(refused);
                }
                values[i] = Some(v);
            }
        }
        Ok(values)
    }
}

/// A set of items summed under a missing rule.
struct Sum {
    /// Points after the rule (pro-rated where it says); `None` when not computable.
    points: Option<f64>,
    /// Points possible over all the items.
    possible: f64,
    /// The exact ratio the percent and the criterion are taken from: answered points over
    /// answered points possible. Pro-rating scales both sides of it alike, so comparing the
    /// unscaled ratio keeps "80% or more" exact where the pro-rated points would round.
    ratio: Option<(f64, f64)>,
    not_computable: Option<NotComputable>,
}

impl Sum {
    /// Sums `values` (each item worth `max`) under `rule`.
    #[allow(clippy::cast_precision_loss)] // item counts are far below 2^53
    fn of(values: &[Option<f64>], max: f64, rule: MissingRule) -> Self {
        let n = values.len();
        let possible = n as f64 * max;
        let answered: Vec<f64> = values.iter().flatten().copied().collect();
        let missing = u32::try_from(n - answered.len()).unwrap_or(u32::MAX);
        let points: f64 = answered.iter().sum();
        let refuse = |reason| Self {
            points: None,
            possible,
            ratio: None,
            not_computable: Some(reason),
        };
        if possible <= 0.0 {
            return refuse(NotComputable::ZeroDenominator);
        }
        match rule {
            MissingRule::Refuse if missing > 0 => refuse(NotComputable::TooManyMissing {
                missing,
                allowed: 0,
            }),
            MissingRule::ProRate { max_missing } if missing > max_missing => {
                refuse(NotComputable::TooManyMissing {
                    missing,
                    allowed: max_missing,
                })
            }
            MissingRule::ProRate { .. } if missing > 0 => {
                if answered.is_empty() {
                    return refuse(NotComputable::ZeroDenominator);
                }
                let answered_possible = answered.len() as f64 * max;
                Self {
                    points: Some(points * possible / answered_possible),
                    possible,
                    ratio: Some((points, answered_possible)),
                    not_computable: None,
                }
            }
            _ => Self {
                points: Some(points),
                possible,
                ratio: Some((points, possible)),
                not_computable: None,
            },
        }
    }

    /// Percent of points possible, `ratio × 100`, computed as `points × 100 ÷ possible` so
    /// that whole-point results land exactly on whole percents.
    fn percent(&self) -> Option<f64> {
        self.ratio.map(|(p, q)| p * 100.0 / q)
    }

    /// Inclusive threshold: `points × 100 ≥ threshold × possible`, free of division rounding.
    fn meets(&self, threshold: f64) -> Option<bool> {
        self.ratio.map(|(p, q)| p * 100.0 >= threshold * q)
    }
}

/// Percent of points possible, computed as `points × 100 ÷ possible` so that whole-point
/// results land exactly on whole percents.
pub(super) fn percent(points: Option<f64>, possible: f64) -> Option<f64> {
    points
        .filter(|_| possible > 0.0)
        .map(|p| p * 100.0 / possible)
}

impl Instrument for ItemSum {
    fn definition(&self) -> &InstrumentDefinition {
        &self.definition
    }

    fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
        let def = &self.definition;
        let values = self.responses(administration)?;
        let total = Sum::of(&values, def.scale.max, def.missing);
        let criterion = def.criterion.unwrap_or_default();
        let subscales: Vec<SubscaleScore> = def
            .subscales
            .iter()
            .map(|s| {
                let in_sub: Vec<Option<f64>> = def
                    .items
                    .iter()
                    .zip(&values)
                    .filter(|(item, _)| item.subscale.as_ref() == Some(&s.id))
                    .map(|(_, v)| *v)
                    .collect();
                let sub = Sum::of(&in_sub, def.scale.max, def.missing);
                SubscaleScore {
                    subscale: s.id.clone(),
                    points: sub.points,
                    points_possible: sub.possible,
                    percent: sub.percent(),
                    criterion_met: criterion.each_subscale_percent.and_then(|t| sub.meets(t)),
                }
            })
            .collect();
        let total_met = criterion.total_percent.map(|t| total.meets(t));
        let subs_met = criterion.each_subscale_percent.map(|_| {
            subscales
                .iter()
                .map(|s| s.criterion_met)
                .collect::<Option<Vec<bool>>>()
        });
        let criterion_met = match (def.criterion, total_met, subs_met) {
            (None, _, _) | (Some(_), Some(None), _) | (Some(_), _, Some(None)) => None,
            (Some(_), total, subs) => Some(
                total.flatten().unwrap_or(true)
                    && subs.flatten().is_none_or(|v| v.iter().all(|m| *m)),
            ),
        };
        Ok(Score {
            instrument: def.id.clone(),
            date: administration.date,
            subject: administration.subject.clone(),
            points: total.points,
            points_possible: Some(total.possible),
            percent: total.percent(),
            subscales,
            criterion_met,
            classes: Vec::new(),
            missing: MissingApplied {
                rule: def.missing,
                missing_items: u32::try_from(values.iter().filter(|v| v.is_none()).count())
                    .unwrap_or(u32::MAX),
            },
            not_computable: total.not_computable,
            decision: administration.decision,
        })
    }
}

//! The Hexagon Tool (NIRN): exploring whether an innovation fits a site, in its 2013 and 2018
//! versions.
//!
//! The Hexagon Tool is used during Exploration: a team rates an innovation and the site that
//! would implement it on six indicators, discusses them, and decides. The two versions differ
//! in what the ratings add up to, so they are two instruments:
//!
//! - [`hexagon_2013`] (Blase, Kiser & Van Dyke 2013): Need, Fit, Resource Availability,
//!   Evidence, Readiness for Replication and Capacity to Implement, each rated 5 (high),
//!   3 (medium) or 1 (low), midpoints 2 and 4 allowed; the form ends with a **Total Score** row,
//!   the sum, 6 to 30. There are no weights and no cut-off scores.
//! - [`hexagon_2018`] (Metz & Louison 2018): program indicators Evidence, Supports and
//!   Usability; implementing-site indicators Need, Fit and Capacity; each rated on a 5-point
//!   scale; no total. The team's recommendation (adopt, replicate, de-implement) comes from the
//!   discussion, not from a formula.
//!
//! ```
//! use implsci::score::{Administration, Instrument, Response, ScoreSubject};
//! use implsci::score::instruments::hexagon::{hexagon_2013, INDICATORS_2013};
//!
//! let hexagon = hexagon_2013("hexagon-2013".parse()?);
//! let mut admin = Administration::new("hexagon-2013".parse()?, "2024-02-01".parse()?, ScoreSubject::Unit("lincoln".parse()?));
//! for (indicator, rating) in INDICATORS_2013.iter().zip([5.0, 4.0, 3.0, 5.0, 2.0, 3.0]) {
//!     admin.responses.push(Response::new(indicator.parse()?, rating));
//! }
//! let score = hexagon.score(&admin)?;
//! assert_eq!((score.points, score.points_possible), (Some(22.0), Some(30.0)));
//! assert_eq!(score.percent, None); // the form has a total, not a percent
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::id::{InstrumentId, ItemId};
use crate::score::{
    Administration, Instrument, InstrumentDefinition, ItemClass, ItemDefinition, MissingApplied,
    MissingRule, NotComputable, Scale, Score, ScoreError,
};

/// The item ids of the Hexagon Tool 2013 indicators, in the form's order: Need, Fit, Resource
/// Availability, Evidence, Readiness for Replication, Capacity to Implement.
///
/// Source: Blase, Kiser & Van Dyke (2013), *The Hexagon Tool: Exploring Context*, NIRN.
///
/// ```
/// use implsci::score::instruments::hexagon::INDICATORS_2013;
/// assert_eq!(INDICATORS_2013[2], "resource_availability");
/// ```
pub const INDICATORS_2013: [&str; 6] = [
    "need",
    "fit",
    "resource_availability",
    "evidence",
    "readiness_for_replication",
    "capacity_to_implement",
];

/// The item ids of the Hexagon Tool 2018 program indicators: Evidence, Supports, Usability.
///
/// Source: Metz & Louison (2018), *The Hexagon: An Exploration Tool*, NIRN; the labels are
/// those of NIRN's "Hexagon Discussion & Analysis Tool" V2-2 ("evidence, supports, and
/// usability"). Other copies write "Support" and call these "practice indicators".
///
/// ```
/// use implsci::score::instruments::hexagon::PROGRAM_INDICATORS_2018;
/// assert_eq!(PROGRAM_INDICATORS_2018, ["evidence", "supports", "usability"]);
/// ```
pub const PROGRAM_INDICATORS_2018: [&str; 3] = ["evidence", "supports", "usability"];

/// The item ids of the Hexagon Tool 2018 implementing-site indicators: Need, Fit, Capacity.
///
/// Source: Metz & Louison (2018); V2-2 labels ("population need, fit, and capacity"; other
/// copies call these "organizational indicators").
///
/// ```
/// use implsci::score::instruments::hexagon::SITE_INDICATORS_2018;
/// assert_eq!(SITE_INDICATORS_2018, ["need", "fit", "capacity"]);
/// ```
pub const SITE_INDICATORS_2018: [&str; 3] = ["need", "fit", "capacity"];

/// The Hexagon Tool 2013: six indicators rated 1 to 5 in whole points, summed to the form's
/// Total Score (6 to 30). Made by [`hexagon_2013`].
///
/// Source: Blase, K., Kiser, L. & Van Dyke, M. (2013). *The Hexagon Tool: Exploring Context*.
/// Chapel Hill, NC: NIRN, FPG Child Development Institute, UNC Chapel Hill. The form reads
/// "5 Point Scale: High=5; medium=3; Low=1. Midpoints can be used and scored 2 or 4" and ends
/// with a "Total Score" row. NCPIC (2012), describing NIRN's earlier version: "a total score
/// would be obtained. The developers' caveat was that they had not weighted the areas or
/// derived cut-off scores."
///
/// The score therefore carries points (the Total Score) and points possible (30), but **no
/// percent and no criterion**: the lowest total is 6, not 0, so `points ÷ 30` would report a
/// team that rated everything low as "20%" of something the form never defines, and the
/// developers published no cut-off to meet. Rollups use the points where a score has no
/// percent.
///
/// Ratings must be whole numbers from 1 to 5: 2.5 is refused ([`ScoreError::Invalid`]), 0 and 6
/// are off the scale ([`ScoreError::OutOfScale`]). The form says nothing about unrated
/// indicators; this crate's rule is [`MissingRule::Refuse`]: a total with an indicator missing
/// is not computable, since the sum would understate the missing one's rating by 1 to 5 points.
///
/// ```
/// use implsci::score::{Administration, Instrument, NotComputable, Response, ScoreSubject};
/// use implsci::score::instruments::hexagon::hexagon_2013;
///
/// let hexagon = hexagon_2013("hexagon".parse()?);
/// let mut admin = Administration::new("hexagon".parse()?, "2024-02-01".parse()?, ScoreSubject::Unit("lincoln".parse()?));
/// admin.responses.push(Response::new("need".parse()?, 5.0));
/// let score = hexagon.score(&admin)?;
/// assert_eq!(score.points, None);
/// assert_eq!(score.not_computable, Some(NotComputable::TooManyMissing { missing: 5, allowed: 0 }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hexagon2013 {
    definition: InstrumentDefinition,
}

/// The Hexagon Tool 2013 as an instrument with the given id.
///
/// Source: Blase, Kiser & Van Dyke (2013), NIRN; see [`Hexagon2013`] for the rules.
///
/// ```
/// use implsci::score::Instrument;
/// use implsci::score::instruments::hexagon::hexagon_2013;
/// let hexagon = hexagon_2013("hexagon".parse()?);
/// let def = hexagon.definition();
/// assert_eq!((def.version.as_str(), def.items.len(), def.scale.min, def.scale.max), ("2013", 6, 1.0, 5.0));
/// assert!(def.criterion.is_none());
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[must_use]
pub fn hexagon_2013(id: InstrumentId) -> Hexagon2013 {
    let mut definition = InstrumentDefinition::new(id, "The Hexagon Tool", "2013", SCALE);
    definition.source = Some(
        "Blase, Kiser & Van Dyke (2013), The Hexagon Tool: Exploring Context, NIRN: six \
         indicators rated 5 high, 3 medium, 1 low, midpoints 2 and 4; Total Score row (sum, \
         6-30); no weights, no cut-offs"
            .into(),
    );
    definition.items = items(
        &INDICATORS_2013,
        &[
            "Need",
            "Fit",
            "Resource Availability",
            "Evidence",
            "Readiness for Replication",
            "Capacity to Implement",
        ],
    );
    definition.missing = MissingRule::Refuse;
    Hexagon2013 { definition }
}

impl Instrument for Hexagon2013 {
    fn definition(&self) -> &InstrumentDefinition {
        &self.definition
    }

    fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
        let ratings = ratings(&self.definition, administration)?;
        let missing = count_missing(&ratings);
        let mut score = Score::new(
            administration,
            MissingApplied::new(self.definition.missing, missing),
        );
        let possible = f64::from(SCALE_MAX) * f64::from(count(ratings.len()));
        score.points_possible = Some(possible);
        if missing == 0 {
            score.points = Some(ratings.iter().flatten().map(|&r| f64::from(r)).sum());
        } else {
            score.not_computable = Some(NotComputable::TooManyMissing {
                missing,
                allowed: 0,
            });
        }
        Ok(score)
    }
}

/// The Hexagon Tool 2018: six indicators rated on a 5-point scale, reported one by one, with
/// **no total** by design. Made by [`hexagon_2018`].
///
/// Source: Metz, A. & Louison, L. (2018). *The Hexagon: An Exploration Tool*. Chapel Hill, NC:
/// NIRN, FPG Child Development Institute, UNC Chapel Hill (based on Kiser, Zabel, Zachik &
/// Smith 2007 and Blase, Kiser & Van Dyke 2013). Program indicators: Evidence, Supports,
/// Usability ([`PROGRAM_INDICATORS_2018`]); implementing-site indicators: Need, Fit, Capacity
/// ([`SITE_INDICATORS_2018`]). NIRN's discussion tool (V2-2): "the team rates the component
/// using the 5-point Likert scale", then "Using the discussion notes and ratings, the team makes
/// recommendations about whether to adopt, replicate, or de-implement".
///
/// The score has no points, no percent, no subscales and no criterion; it carries one
/// [`ItemClass`] per indicator whose class is the rating as text (`"4"`), or `"missing"` for an
/// indicator left unrated. The recommendation is the team's, not computed here: an
/// administration may record it as its [`decision`](Administration::decision)
/// ([`ExplorationDecision`](crate::score::ExplorationDecision)), which the score carries as
/// recorded ([`Score::decision`]). Ratings are
/// whole numbers from 1 to 5. The wording of the five anchors was not confirmed, and no source
/// found says in so many words that the tool has no total; the tool describes discussion and a
/// recommendation, not a sum, and this crate does not add one.
///
/// The tool says nothing about unrated indicators; this crate's rule is
/// [`MissingRule::Refuse`]: every indicator still gets its class, and a score with any
/// indicator missing records [`NotComputable::TooManyMissing`], marking the exploration as
/// incomplete.
///
/// ```
/// use implsci::score::{Administration, Instrument, Response, ScoreSubject};
/// use implsci::score::instruments::hexagon::hexagon_2018;
///
/// let hexagon = hexagon_2018("hexagon-2018".parse()?);
/// let mut admin = Administration::new("hexagon-2018".parse()?, "2024-02-01".parse()?, ScoreSubject::Unit("lincoln".parse()?));
/// for (indicator, rating) in [("evidence", 4.0), ("supports", 3.0), ("usability", 5.0), ("need", 5.0), ("fit", 2.0), ("capacity", 3.0)] {
///     admin.responses.push(Response::new(indicator.parse()?, rating));
/// }
/// let score = hexagon.score(&admin)?;
/// assert_eq!(score.points, None);
/// assert_eq!(score.classes.len(), 6);
/// assert_eq!((score.classes[4].item.as_str(), score.classes[4].class.as_str()), ("fit", "2"));
///
/// // The team decided to adopt: the score carries the decision, as recorded.
/// admin.decision = Some(implsci::score::ExplorationDecision::Adopt);
/// assert_eq!(hexagon.score(&admin)?.decision, admin.decision);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hexagon2018 {
    definition: InstrumentDefinition,
}

/// The Hexagon Tool 2018 as an instrument with the given id.
///
/// Source: Metz & Louison (2018), NIRN; see [`Hexagon2018`] for the rules.
///
/// ```
/// use implsci::score::Instrument;
/// use implsci::score::instruments::hexagon::hexagon_2018;
/// let hexagon = hexagon_2018("hexagon".parse()?);
/// let def = hexagon.definition();
/// assert_eq!((def.version.as_str(), def.items.len()), ("2018", 6));
/// assert!(def.subscales.is_empty() && def.criterion.is_none());
/// # Ok::<(), implsci::id::IdError>(())
/// ```
#[must_use]
pub fn hexagon_2018(id: InstrumentId) -> Hexagon2018 {
    let mut definition =
        InstrumentDefinition::new(id, "The Hexagon: An Exploration Tool", "2018", SCALE);
    definition.source = Some(
        "Metz & Louison (2018), The Hexagon: An Exploration Tool, NIRN: program indicators \
         Evidence, Supports, Usability; implementing-site indicators Need, Fit, Capacity; \
         5-point ratings; no total; the team recommends adopt, replicate or de-implement"
            .into(),
    );
    let ids: Vec<&str> = PROGRAM_INDICATORS_2018
        .iter()
        .chain(&SITE_INDICATORS_2018)
        .copied()
        .collect();
    definition.items = items(
        &ids,
        &[
            "Evidence",
            "Supports",
            "Usability",
            "Need",
            "Fit",
            "Capacity",
        ],
    );
    definition.missing = MissingRule::Refuse;
    Hexagon2018 { definition }
}

impl Instrument for Hexagon2018 {
    fn definition(&self) -> &InstrumentDefinition {
        &self.definition
    }

    /// The team's decision ends the exploration (Metz & Louison 2018): adopt, replicate or
    /// de-implement.
    fn takes_decision(&self) -> bool {
        true
    }

    fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
        let ratings = ratings(&self.definition, administration)?;
        let missing = count_missing(&ratings);
        let mut score = Score::new(
            administration,
            MissingApplied::new(self.definition.missing, missing),
        );
        score.classes = self
            .definition
            .items
            .iter()
            .zip(&ratings)
            .map(|(item, rating)| {
                ItemClass::new(
                    item.id.clone(),
                    rating.map_or_else(|| "missing".to_owned(), |r| r.to_string()),
                )
            })
            .collect();
        if missing > 0 {
            score.not_computable = Some(NotComputable::TooManyMissing {
                missing,
                allowed: 0,
            });
        }
        Ok(score)
    }
}

/// The highest Hexagon rating (both versions).
const SCALE_MAX: u8 = 5;

/// The Hexagon rating scale, 1 to 5 (both versions).
///
/// Whole ratings: the 2013 sheet rates 5 high, 3 medium, 1 low with 2 and 4 between; the 2018
/// tool uses a 5-point rating (Metz & Louison 2018).
const SCALE: Scale = Scale {
    min: 1.0,
    max: 5.0,
    integral: true,
};

/// Item definitions from constant ids and their indicator names.
fn items(ids: &[&str], names: &[&str]) -> Vec<ItemDefinition> {
    ids.iter()
        .zip(names)
        .map(|(id, name)| {
            let mut item = ItemDefinition::new(constant_id(id), None);
            item.text = Some((*name).to_owned());
            item
        })
        .collect()
}

/// An item id from one of this module's constants.
fn constant_id(id: &str) -> ItemId {
    // Only called with the lowercase ASCII constants above, which are non-empty, short and free
    // of control characters: the identifier rules hold (the `constant_ids_are_valid` test).
    id.parse().expect("constant item ids are valid identifiers")
}

/// The checked ratings, in the definition's item order; `None` for an unrated indicator.
fn ratings(
    definition: &InstrumentDefinition,
    administration: &Administration,
) -> Result<Vec<Option<u8>>, ScoreError> {
    if administration.instrument != definition.id {
        return Err(ScoreError::WrongInstrument {
            expected: definition.id.clone(),
            found: administration.instrument.clone(),
        });
    }
    let mut ratings = vec![None; definition.items.len()];
    let mut seen = vec![false; definition.items.len()];
    for response in &administration.responses {
        let i = definition
            .items
            .iter()
            .position(|item| item.id == response.item)
            .ok_or_else(|| ScoreError::UnknownItem(response.item.clone()))?;
        if std::mem::replace(&mut seen[i], true) {
            return Err(ScoreError::DuplicateResponse(response.item.clone()));
        }
        let Some(value) = response.value else {
            continue;
        };
        if !definition.scale.contains(value) {
            return Err(ScoreError::OutOfScale {
                item: response.item.clone(),
                value,
                min: definition.scale.min,
                max: definition.scale.max,
            });
        }
        ratings[i] = Some(whole(value).ok_or_else(|| {
            ScoreError::Invalid(format!(
                "item `{}`: {value} is not a whole rating; the Hexagon Tool rates 1 to 5 in \
                 whole points",
                response.item
            ))
        })?);
    }
    Ok(ratings)
}

/// The rating as a whole number, when it is one from 1 to 5.
#[allow(
    clippy::float_cmp,
    reason = "whole ratings are exact in f64; 2.0000001 is not a rating"
)]
fn whole(value: f64) -> Option<u8> {
    (1..=SCALE_MAX).find(|&r| f64::from(r) == value)
}

fn count_missing(ratings: &[Option<u8>]) -> u32 {
    count(ratings.iter().filter(|r| r.is_none()).count())
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Response, ScoreSubject};

    fn admin(id: &str, values: &[(&str, Option<f64>)]) -> Administration {
        let mut a = Administration::new(
            id.parse().unwrap(),
            "2024-02-01".parse().unwrap(),
            ScoreSubject::Unit("lincoln".parse().unwrap()),
        );
        for (item, value) in values {
            a.responses.push(Response {
                item: item.parse().unwrap(),
                value: *value,
            });
        }
        a
    }

    fn full_2013(values: [f64; 6]) -> Administration {
        let pairs: Vec<(&str, Option<f64>)> = INDICATORS_2013
            .iter()
            .zip(values)
            .map(|(i, v)| (*i, Some(v)))
            .collect();
        admin("hx13", &pairs)
    }

    #[test]
    fn constant_ids_are_valid() {
        for id in INDICATORS_2013
            .iter()
            .chain(&PROGRAM_INDICATORS_2018)
            .chain(&SITE_INDICATORS_2018)
        {
            assert!(id.parse::<ItemId>().is_ok(), "{id}");
        }
    }

    #[test]
    fn a_full_2013_administration_sums_to_its_total() {
        let h = hexagon_2013("hx13".parse().unwrap());
        let s = h.score(&full_2013([5.0, 3.0, 1.0, 4.0, 2.0, 5.0])).unwrap();
        assert_eq!(s.points, Some(20.0));
        assert_eq!(s.points_possible, Some(30.0));
        assert_eq!(s.percent, None, "a 1-5 sum is not a percent of anything");
        assert_eq!(s.criterion_met, None, "the developers derived no cut-off");
        assert_eq!(s.not_computable, None);
        assert_eq!(s.missing, MissingApplied::new(MissingRule::Refuse, 0));
        assert!(s.classes.is_empty() && s.subscales.is_empty());
        let low = h.score(&full_2013([1.0; 6])).unwrap();
        let high = h.score(&full_2013([5.0; 6])).unwrap();
        assert_eq!((low.points, high.points), (Some(6.0), Some(30.0)));
    }

    #[test]
    fn midpoints_are_accepted_half_points_are_not() {
        let h = hexagon_2013("hx13".parse().unwrap());
        let s = h.score(&full_2013([2.0, 4.0, 2.0, 4.0, 2.0, 4.0])).unwrap();
        assert_eq!(s.points, Some(18.0));
        assert!(matches!(
            h.score(&full_2013([2.5, 4.0, 2.0, 4.0, 2.0, 4.0])),
            Err(ScoreError::Invalid(m)) if m.contains("need") && m.contains("2.5")
        ));
    }

    #[test]
    fn zero_and_six_are_off_the_scale() {
        let h = hexagon_2013("hx13".parse().unwrap());
        for bad in [0.0, 6.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(
                    h.score(&full_2013([bad, 3.0, 3.0, 3.0, 3.0, 3.0])),
                    Err(ScoreError::OutOfScale { min, max, .. }) if (min, max) == (1.0, 5.0)
                ),
                "{bad}"
            );
        }
        let h18 = hexagon_2018("hx18".parse().unwrap());
        assert!(matches!(
            h18.score(&admin("hx18", &[("fit", Some(0.0))])),
            Err(ScoreError::OutOfScale { .. })
        ));
        assert!(matches!(
            h18.score(&admin("hx18", &[("fit", Some(3.5))])),
            Err(ScoreError::Invalid(_))
        ));
    }

    #[test]
    fn a_missing_2013_indicator_makes_the_total_not_computable() {
        let h = hexagon_2013("hx13".parse().unwrap());
        let s = h
            .score(&admin(
                "hx13",
                &[
                    ("need", Some(5.0)),
                    ("fit", Some(5.0)),
                    ("resource_availability", None),
                    ("evidence", Some(5.0)),
                    ("readiness_for_replication", Some(5.0)),
                ],
            ))
            .unwrap();
        assert_eq!(s.points, None);
        assert_eq!(s.points_possible, Some(30.0));
        assert_eq!(s.missing.missing_items, 2);
        assert_eq!(
            s.not_computable,
            Some(NotComputable::TooManyMissing {
                missing: 2,
                allowed: 0
            })
        );
    }

    #[test]
    fn the_2018_score_carries_six_classes_and_no_total() {
        let h = hexagon_2018("hx18".parse().unwrap());
        let s = h
            .score(&admin(
                "hx18",
                &[
                    ("capacity", Some(1.0)),
                    ("evidence", Some(4.0)),
                    ("supports", Some(3.0)),
                    ("usability", Some(5.0)),
                    ("need", Some(2.0)),
                    ("fit", Some(4.0)),
                ],
            ))
            .unwrap();
        assert_eq!(
            (s.points, s.points_possible, s.percent, s.criterion_met),
            (None, None, None, None)
        );
        assert!(s.subscales.is_empty());
        assert_eq!(s.not_computable, None);
        let classes: Vec<(&str, &str)> = s
            .classes
            .iter()
            .map(|c| (c.item.as_str(), c.class.as_str()))
            .collect();
        assert_eq!(
            classes,
            [
                ("evidence", "4"),
                ("supports", "3"),
                ("usability", "5"),
                ("need", "2"),
                ("fit", "4"),
                ("capacity", "1"),
            ]
        );
    }

    #[test]
    fn a_missing_2018_indicator_is_classed_missing_and_refused() {
        let h = hexagon_2018("hx18".parse().unwrap());
        let s = h
            .score(&admin("hx18", &[("evidence", Some(4.0)), ("need", None)]))
            .unwrap();
        assert_eq!(s.classes.len(), 6);
        assert_eq!(s.classes[0].class, "4");
        assert!(s.classes[1..].iter().all(|c| c.class == "missing"));
        assert_eq!(s.missing, MissingApplied::new(MissingRule::Refuse, 5));
        assert_eq!(
            s.not_computable,
            Some(NotComputable::TooManyMissing {
                missing: 5,
                allowed: 0
            })
        );
    }

    #[test]
    fn bad_administrations_are_errors() {
        let h = hexagon_2013("hx13".parse().unwrap());
        assert!(matches!(
            h.score(&admin("hx13", &[("supports", Some(3.0))])),
            Err(ScoreError::UnknownItem(i)) if i.as_str() == "supports"
        ));
        assert!(matches!(
            h.score(&admin("hx13", &[("fit", Some(3.0)), ("fit", None)])),
            Err(ScoreError::DuplicateResponse(_))
        ));
        assert!(matches!(
            h.score(&admin("hx18", &[])),
            Err(ScoreError::WrongInstrument { .. })
        ));
        let h18 = hexagon_2018("hx18".parse().unwrap());
        assert!(matches!(
            h18.score(&admin("hx18", &[("resource_availability", Some(3.0))])),
            Err(ScoreError::UnknownItem(_))
        ));
    }

    #[test]
    fn both_versions_work_as_boxed_instruments() {
        let boxed: Vec<Box<dyn Instrument>> = vec![
            Box::new(hexagon_2013("hx13".parse().unwrap())),
            Box::new(hexagon_2018("hx18".parse().unwrap())),
        ];
        let versions: Vec<&str> = boxed
            .iter()
            .map(|i| i.definition().version.as_str())
            .collect();
        assert_eq!(versions, ["2013", "2018"]);
    }
}

//! Built-in instruments and rules from the literature.
//!
//! Each function cites the rule it encodes. Item texts belong to the instruments' authors: the
//! crate ships the scoring shape and lets users supply their items.
//!
//! The instruments with fixed items are listed by name in [`BUILTINS`] and made by
//! [`builtin`]; the shapes that take the user's items are listed in [`SHAPES`].

pub mod cfir;
pub mod drivers;
pub mod fidelity;
pub mod hexagon;
pub mod reaim;
mod registry;
pub mod sic;
pub mod tfi;

pub use registry::{BUILTINS, Builtin, SHAPES, Shape, builtin};

use crate::id::InstrumentId;
use crate::share::Share;

use super::{
    Criterion, InstrumentDefinition, ItemDefinition, ItemSum, MissingRule, Scale, ScoreError,
    SubscaleDefinition,
};

/// A capacity assessment in the shape of NIRN's District, Regional and State Capacity
/// Assessments (DCA, RCA, SCA): a team rates items by consensus, items 0–2 grouped in
/// subscales; minimum capacity is the total **and every subscale** at 80% or more (inclusive).
///
/// Source: DOMAIN §2, NIRN / SISEP capacity assessments (Ward et al. 2015 for the DCA). The
/// 0–2 item scale is the usual one but not confirmed for every version, and the manuals' rule
/// for unanswered items was not confirmed, so this shape refuses incomplete administrations;
/// build an [`ItemSum`] with another [`MissingRule`] where your version says otherwise.
///
/// `subscales` lists each subscale's id with its items' ids, in order.
///
/// ```
/// use implsci::score::instruments::capacity_assessment;
/// use implsci::score::Instrument;
/// let sca = capacity_assessment("sca".parse()?, "State capacity", &[("leadership", &["l1", "l2", "l3"])])?;
/// assert_eq!(sca.definition().items.len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ScoreError::Invalid`] for an id that is not a valid identifier or an item listed twice.
pub fn capacity_assessment(
    id: InstrumentId,
    name: &str,
    subscales: &[(&str, &[&str])],
) -> Result<ItemSum, ScoreError> {
    let invalid = |e: crate::id::IdError| ScoreError::Invalid(e.to_string());
    // Any rating from 0 to 2, half points included: the item range is unconfirmed for each
    // version of the published assessments, and so is whether they take only whole points; a
    // definition of one's own can say `Scale::whole`.
    let mut def = InstrumentDefinition::new(id, name, "user-supplied items", Scale::new(0.0, 2.0));
    def.source = Some("NIRN capacity assessments (DCA/RCA/SCA): items 0-2 in subscales; total and every subscale at least 80%".into());
    def.criterion = Some(Criterion {
        total_percent: Some(80.0),
        each_subscale_percent: Some(80.0),
    });
    def.missing = MissingRule::Refuse;
    for (sub, items) in subscales {
        let sub_id: crate::id::SubscaleId = sub.parse().map_err(invalid)?;
        def.subscales
            .push(SubscaleDefinition::new(sub_id.clone(), *sub));
        for item in *items {
            def.items.push(ItemDefinition::new(
                item.parse().map_err(invalid)?,
                Some(sub_id.clone()),
            ));
        }
    }
    ItemSum::new(def)
}

/// Whether a unit has reached Full Implementation: **50% or more** (inclusive) of its intended
/// practitioners use the innovation with fidelity.
///
/// Source: NIRN Active Implementation Hub, module 4 "Implementation Stages": 5 of 10 teachers
/// reaches it. `None` when no practitioner is intended (not computable).
///
/// ```
/// use implsci::score::instruments::full_implementation;
/// use implsci::share::Share;
/// assert_eq!(full_implementation(Share::new(5, 10)), Some(true));
/// assert_eq!(full_implementation(Share::new(4, 10)), Some(false));
/// assert_eq!(full_implementation(Share::new(0, 0)), None);
/// ```
#[must_use]
pub fn full_implementation(with_fidelity: Share) -> Option<bool> {
    (with_fidelity.denominator > 0)
        .then(|| with_fidelity.at_least_percent(FULL_IMPLEMENTATION_PERCENT))
}

/// The Full Implementation threshold, in percent of intended practitioners (NIRN module 4).
///
/// ```
/// use implsci::score::instruments::FULL_IMPLEMENTATION_PERCENT;
/// use implsci::share::Share;
/// assert_eq!(FULL_IMPLEMENTATION_PERCENT, 50);
/// assert!(Share::new(5, 10).at_least_percent(FULL_IMPLEMENTATION_PERCENT));
/// ```
pub const FULL_IMPLEMENTATION_PERCENT: u32 = 50;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Administration, Instrument, NotComputable, Response, ScoreSubject};

    fn admin(values: &[(&str, Option<f64>)]) -> Administration {
        let mut a = Administration::new(
            "dca".parse().unwrap(),
            "2025-01-10".parse().unwrap(),
            ScoreSubject::Unit("d1".parse().unwrap()),
        );
        for (item, v) in values {
            a.responses.push(Response {
                item: item.parse().unwrap(),
                value: *v,
            });
        }
        a
    }

    fn dca() -> ItemSum {
        capacity_assessment(
            "dca".parse().unwrap(),
            "DCA",
            &[
                ("lead", &["l1", "l2", "l3", "l4", "l5"]),
                ("data", &["d1", "d2", "d3", "d4", "d5"]),
            ],
        )
        .unwrap()
    }

    #[test]
    fn eighty_percent_is_inclusive_on_total_and_every_subscale() {
        // 8 of 10 points in each subscale: exactly 80%, which meets the criterion.
        let s = dca()
            .score(&admin(&[
                ("l1", Some(2.0)),
                ("l2", Some(2.0)),
                ("l3", Some(2.0)),
                ("l4", Some(1.0)),
                ("l5", Some(1.0)),
                ("d1", Some(2.0)),
                ("d2", Some(2.0)),
                ("d3", Some(2.0)),
                ("d4", Some(2.0)),
                ("d5", Some(0.0)),
            ]))
            .unwrap();
        assert_eq!(
            (s.points, s.points_possible, s.percent),
            (Some(16.0), Some(20.0), Some(80.0))
        );
        assert_eq!(s.subscales[0].percent, Some(80.0));
        assert_eq!(s.criterion_met, Some(true));
    }

    #[test]
    fn a_high_total_does_not_hide_a_weak_subscale() {
        let s = dca()
            .score(&admin(&[
                ("l1", Some(2.0)),
                ("l2", Some(2.0)),
                ("l3", Some(2.0)),
                ("l4", Some(2.0)),
                ("l5", Some(2.0)),
                ("d1", Some(2.0)),
                ("d2", Some(2.0)),
                ("d3", Some(2.0)),
                ("d4", Some(1.0)),
                ("d5", Some(0.0)),
            ]))
            .unwrap();
        assert_eq!(s.percent, Some(85.0));
        assert_eq!(s.subscales[1].criterion_met, Some(false));
        assert_eq!(s.criterion_met, Some(false));
    }

    #[test]
    fn missing_items_are_refused_not_scored_as_zero() {
        let s = dca()
            .score(&admin(&[("l1", Some(2.0)), ("d1", None)]))
            .unwrap();
        assert_eq!(s.points, None);
        assert_eq!(s.percent, None);
        assert_eq!(s.criterion_met, None);
        assert_eq!(
            s.not_computable,
            Some(NotComputable::TooManyMissing {
                missing: 9,
                allowed: 0
            })
        );
        assert_eq!(s.missing.missing_items, 9);
    }

    #[test]
    fn pro_rating_and_zero_scoring_when_the_instrument_says_so() {
        let mut def = dca().definition().clone();
        def.missing = MissingRule::ProRate { max_missing: 2 };
        let pro = ItemSum::new(def.clone()).unwrap();
        let answers: Vec<(&str, Option<f64>)> = ["l1", "l2", "l3", "l4", "d1", "d2", "d3", "d4"]
            .iter()
            .map(|i| (*i, Some(2.0)))
            .collect();
        let s = pro.score(&admin(&answers)).unwrap();
        assert_eq!(
            s.points,
            Some(20.0),
            "16 of 16 answered points, pro-rated to 20 possible"
        );
        def.missing = MissingRule::ScoreAsZero;
        let zero = ItemSum::new(def).unwrap();
        assert_eq!(zero.score(&admin(&answers)).unwrap().percent, Some(80.0));
    }

    #[test]
    fn bad_administrations_are_errors() {
        let d = dca();
        assert!(matches!(
            d.score(&admin(&[("zz", Some(1.0))])),
            Err(ScoreError::UnknownItem(_))
        ));
        assert!(matches!(
            d.score(&admin(&[("l1", Some(3.0))])),
            Err(ScoreError::OutOfScale { .. })
        ));
        assert!(matches!(
            d.score(&admin(&[("l1", Some(f64::NAN))])),
            Err(ScoreError::OutOfScale { .. })
        ));
        assert!(matches!(
            d.score(&admin(&[("l1", Some(1.0)), ("l1", Some(2.0))])),
            Err(ScoreError::DuplicateResponse(_))
        ));
        let mut other = admin(&[]);
        other.instrument = "tfi".parse().unwrap();
        assert!(matches!(
            d.score(&other),
            Err(ScoreError::WrongInstrument { .. })
        ));
    }

    #[test]
    fn full_implementation_is_fifty_percent_inclusive() {
        assert_eq!(full_implementation(Share::new(5, 10)), Some(true));
        assert_eq!(full_implementation(Share::new(4, 10)), Some(false));
        assert_eq!(full_implementation(Share::new(1, 2)), Some(true));
        assert_eq!(full_implementation(Share::new(0, 0)), None);
    }
}

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
/// Assessments (DCA, RCA, SCA): a team rates items by consensus, items grouped in subscales;
/// minimum capacity is the total **and every subscale** at 80% or more (inclusive).
///
/// Source: the SISEP capacity assessment pages (SISEP, "District Capacity Assessment (DCA)",
/// implementation.fpg.unc.edu/resource/district-capacity-assessment-dca; Ward et al. 2015,
/// *District Capacity Assessment*; St. Martin et al. 2015, *Regional Capacity Assessment*;
/// Fixsen et al. 2015, *State Capacity Assessment* v25.3). **The 0–2 item scale is
/// unconfirmed**: it is the usual one, but it was not read in a primary source for every
/// version; a version that rates otherwise is a definition of one's own. Ratings are whole
/// points (0, 1, 2; 1.5 is refused as [`ScoreError::NotWhole`], the rule the Hexagon Tool and
/// the TFI follow), this crate's reading of a 0/1/2 rubric. The manuals' rule for unanswered
/// items was not confirmed either, so this shape refuses incomplete administrations; build an
/// [`ItemSum`] with another [`Scale`] or [`MissingRule`] where your version says otherwise.
///
/// `subscales` lists each subscale's id with its items' ids, in order; every subscale needs
/// at least one item (an empty one could never reach the 80%).
///
/// ```
/// use implsci::score::instruments::capacity_assessment;
/// use implsci::score::{Administration, Instrument, Response, ScoreError, ScoreSubject};
/// let sca = capacity_assessment("sca".parse()?, "State capacity", &[("leadership", &["l1", "l2", "l3"])])?;
/// assert_eq!(sca.definition().items.len(), 3);
/// assert!(sca.definition().scale.integral);
///
/// let mut admin = Administration::new("sca".parse()?, "2025-03-01".parse()?, ScoreSubject::Unit("state".parse()?));
/// admin.responses.push(Response::new("l1".parse()?, 1.5));
/// assert!(matches!(sca.score(&admin), Err(ScoreError::NotWhole { .. })));
///
/// // A subscale with no items is refused.
/// assert!(capacity_assessment("sca".parse()?, "SCA", &[("leadership", &["l1"]), ("competency", &[])]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ScoreError::Invalid`] for an id that is not a valid identifier, an item listed twice, or
/// a subscale with no items.
pub fn capacity_assessment(
    id: InstrumentId,
    name: &str,
    subscales: &[(&str, &[&str])],
) -> Result<ItemSum, ScoreError> {
    let invalid = |e: crate::id::IdError| ScoreError::Invalid(e.to_string());
    // Whole ratings from 0 to 2: the range is unconfirmed for each version of the published
    // assessments (see above); a definition of one's own can say otherwise.
    let mut def =
        InstrumentDefinition::new(id, name, "user-supplied items", Scale::whole(0.0, 2.0));
    def.source = Some(
        "NIRN / SISEP capacity assessments (DCA/RCA/SCA; implementation.fpg.unc.edu): items in \
         subscales, total and every subscale at least 80%; the 0-2 item scale is unconfirmed"
            .into(),
    );
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
/// **Fidelity only; outcomes are left to the user.** NIRN's stage is use "with fidelity and
/// good outcomes": this function judges the fidelity share only, and whether the outcomes are
/// good is for the user to judge and combine with it.
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
    fn capacity_ratings_are_whole_points() {
        let d = dca();
        assert!(matches!(
            d.score(&admin(&[("l1", Some(1.5))])),
            Err(ScoreError::NotWhole { value, .. }) if value.to_bits() == 1.5f64.to_bits()
        ));
        // The same rule the Hexagon's scale follows.
        assert_eq!(
            d.definition().scale,
            Scale {
                min: 0.0,
                max: 2.0,
                integral: true
            }
        );
        assert!(!d.definition().scale.admits(0.5));
        let source = d.definition().source.as_deref().unwrap_or("");
        assert!(source.contains("unconfirmed"), "{source}");
    }

    #[test]
    fn a_capacity_subscale_with_no_items_is_refused() {
        let err = capacity_assessment(
            "dca".parse().unwrap(),
            "DCA",
            &[("lead", &["l1"]), ("data", &[])],
        )
        .unwrap_err();
        assert_eq!(
            err,
            ScoreError::Invalid(
                "subscale `data` ($.subscales[1]) has no items; its percent would never be \
                 computable"
                    .into()
            )
        );
        // As a document: a validation problem with its path.
        let mut def = dca().definition().clone();
        def.subscales
            .push(SubscaleDefinition::new("empty".parse().unwrap(), "Empty"));
        let doc = crate::score::InstrumentDocument::new(def);
        let problems = crate::Document::validate(&doc).unwrap_err().into_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "$.instrument.subscales[2]");
        assert_eq!(problems[0].kind, crate::error::ProblemKind::OutOfRange);
    }

    #[test]
    fn full_implementation_is_fifty_percent_inclusive() {
        assert_eq!(full_implementation(Share::new(5, 10)), Some(true));
        assert_eq!(full_implementation(Share::new(4, 10)), Some(false));
        assert_eq!(full_implementation(Share::new(1, 2)), Some(true));
        assert_eq!(full_implementation(Share::new(0, 0)), None);
    }
}

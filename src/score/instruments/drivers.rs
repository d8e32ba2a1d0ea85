//! A drivers assessment: the nine implementation drivers rated in place, partially in place or
//! not in place, scored per driver, per category and overall.
//!
//! Source: NIRN Active Implementation Hub, module 2 "Implementation Drivers" (the nine drivers
//! in three categories, [`crate::driver`]); Fixsen, Blase et al. (2015), *Implementation
//! Drivers: Assessing Best Practices*, NIRN. That instrument rates best practices item by item
//! within each driver; its item texts and its own rating labels were **not confirmed**, so this
//! module scores the crate's per-driver model instead: in place = 2, partially in place = 1,
//! not in place = 0 ([`driver_points`]). These points are this crate's choice, not NIRN's
//! published scoring.
//!
//! Results: each driver's points (from its [`DriverState`]), each category's percent
//! (Competency, Organization, Leadership) and the overall percent, `points ÷ (2 × drivers
//! rated)`. Drivers not rated are missing and do not count against the site (see
//! [`drivers_instrument`] for the rule).
//!
//! ```
//! use implsci::{Document, SiteRecord};
//! use implsci::score::instruments::drivers::{drivers_instrument, score_site_drivers};
//!
//! let site = SiteRecord::from_json(&std::fs::read_to_string("examples/data/site_record.json")?)?;
//! let drivers = drivers_instrument("drivers".parse()?);
//! let score = score_site_drivers(&drivers, &site, "2025-01-01".parse()?)?;
//! // Five drivers rated: training 2, coaching 1, data system 1, facilitative administration 2,
//! // systems intervention 0: 6 of 10 points.
//! assert_eq!(score.percent, Some(60.0));
//! assert_eq!(score.subscales[0].percent, Some(75.0)); // Competency: 3 of 4
//! assert_eq!(score.subscales[1].percent, Some(50.0)); // Organization: 3 of 6
//! assert_eq!(score.subscales[2].percent, None); // Leadership: not rated
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use jiff::civil::Date;

use crate::SiteRecord;
use crate::driver::{Driver, DriverCategory, DriverState, DriverStatus, latest_as_of};
use crate::id::{InstrumentId, ItemId};
use crate::score::{
    Administration, Instrument, InstrumentDefinition, ItemClass, ItemDefinition, ItemSum,
    MissingRule, Response, Scale, Score, ScoreError, ScoreSubject, SubscaleDefinition,
};

/// The points of a driver state in this crate's drivers assessment: in place 2, partially in
/// place 1, not in place 0.
///
/// Source: this crate's model (the three states of [`DriverState`], scored like the 0–2 items
/// of NIRN's capacity assessments); NIRN's own scoring of *Implementation Drivers: Assessing
/// Best Practices* was not confirmed.
///
/// ```
/// use implsci::driver::DriverState;
/// use implsci::score::instruments::drivers::driver_points;
/// assert_eq!(driver_points(DriverState::InPlace), 2);
/// assert_eq!(driver_points(DriverState::Partially), 1);
/// assert_eq!(driver_points(DriverState::NotInPlace), 0);
/// ```
#[must_use]
pub fn driver_points(state: DriverState) -> u8 {
    match state {
        DriverState::InPlace => 2,
        DriverState::Partially => 1,
        DriverState::NotInPlace => 0,
    }
}

/// A driver's item id in [`drivers_instrument`]: its `snake_case` name, as in JSON
/// (`"decision_support_data_system"`).
///
/// ```
/// use implsci::driver::Driver;
/// use implsci::score::instruments::drivers::driver_item;
/// assert_eq!(driver_item(Driver::FidelityAssessment), "fidelity_assessment");
/// ```
#[must_use]
pub fn driver_item(driver: Driver) -> &'static str {
    match driver {
        Driver::Selection => "selection",
        Driver::Training => "training",
        Driver::Coaching => "coaching",
        Driver::FidelityAssessment => "fidelity_assessment",
        Driver::DecisionSupportDataSystem => "decision_support_data_system",
        Driver::FacilitativeAdministration => "facilitative_administration",
        Driver::SystemsIntervention => "systems_intervention",
        Driver::TechnicalLeadership => "technical_leadership",
        Driver::AdaptiveLeadership => "adaptive_leadership",
    }
}

/// A category's subscale id in [`drivers_instrument`]: `competency`, `organization` or
/// `leadership`.
///
/// ```
/// use implsci::driver::DriverCategory;
/// use implsci::score::instruments::drivers::category_subscale;
/// assert_eq!(category_subscale(DriverCategory::Organization), "organization");
/// ```
#[must_use]
pub fn category_subscale(category: DriverCategory) -> &'static str {
    match category {
        DriverCategory::Competency => "competency",
        DriverCategory::Organization => "organization",
        DriverCategory::Leadership => "leadership",
    }
}

/// The drivers assessment as an item-sum instrument: nine items (the drivers'
/// [`driver_item`] names, in [`Driver::ALL`] order), three subscales (the categories, in
/// [`DriverCategory::ALL`] order), scale 0–2 ([`driver_points`]), no criterion.
///
/// Source: NIRN module 2 for the drivers and categories; the 0–2 points are this crate's model
/// (see the [module](self) notes). NIRN publishes no cut-off for this shape, so there is no
/// criterion.
///
/// Missing rule: [`MissingRule::ProRate`] with `max_missing` 9 (this crate's choice). A
/// driver not yet rated is unknown, not "not in place", so it is left out: every percent is
/// points ÷ (2 × drivers rated), overall and per category, and the points are pro-rated to the
/// 18 possible (`points × 18 ÷ (2 × rated)`, the rule [`MissingRule::ProRate`] documents). A
/// category with no driver rated, or an assessment with none, is not computable
/// ([`NotComputable::ZeroDenominator`](crate::score::NotComputable::ZeroDenominator)), never
/// 0%. Build an [`ItemSum`] from this definition with [`MissingRule::ScoreAsZero`] to count
/// unrated drivers as not in place instead.
///
/// ```
/// use implsci::score::{Administration, Instrument, Response, ScoreSubject};
/// use implsci::score::instruments::drivers::drivers_instrument;
///
/// let drivers = drivers_instrument("drivers".parse()?);
/// assert_eq!(drivers.definition().items.len(), 9);
/// let mut admin = Administration::new("drivers".parse()?, "2025-01-01".parse()?, ScoreSubject::Unit("lincoln".parse()?));
/// admin.responses.push(Response::new("coaching".parse()?, 1.0));
/// admin.responses.push(Response::new("training".parse()?, 2.0));
/// let score = drivers.score(&admin)?;
/// assert_eq!(score.percent, Some(75.0)); // 3 of 4 points over the two drivers rated
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Panics
///
/// Never: the definition is fixed (scale 0 to 2, nine distinct items, each in a declared
/// subscale), which is everything [`ItemSum::new`] checks; a unit test builds it.
#[must_use]
pub fn drivers_instrument(id: InstrumentId) -> ItemSum {
    let mut def = InstrumentDefinition::new(
        id,
        "Implementation Drivers assessment",
        "implsci per-driver model: in place 2, partially 1, not in place 0",
        Scale::whole(0.0, 2.0),
    );
    def.source = Some(
        "NIRN Active Implementation Hub, module 2 (nine drivers in three categories); Fixsen, \
         Blase et al. (2015), Implementation Drivers: Assessing Best Practices. Points 2/1/0 \
         per driver are this crate's model, not NIRN's published scoring."
            .into(),
    );
    def.subscales = DriverCategory::ALL
        .iter()
        .map(|&c| SubscaleDefinition::new(constant_id(category_subscale(c)), c.label()))
        .collect();
    def.items = Driver::ALL
        .iter()
        .map(|&d| {
            let mut item = ItemDefinition::new(
                constant_id(driver_item(d)),
                Some(constant_id(category_subscale(d.category()))),
            );
            item.text = Some(d.label().to_owned());
            item
        })
        .collect();
    def.missing = MissingRule::ProRate {
        max_missing: u32::try_from(Driver::ALL.len()).unwrap_or(u32::MAX),
    };
    def.criterion = None;
    // The definition above is fixed: scale 0 to 2, nine distinct items, each in one of the
    // three subscales it declares, which is all `ItemSum::new` checks (the
    // `the_definition_is_valid` test builds it).
    ItemSum::new(def).expect("the drivers definition is valid")
}

/// An identifier from one of this module's constant names.
fn constant_id<T: std::str::FromStr>(id: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    // Only called with the lowercase ASCII names above, which satisfy the identifier rules
    // (the `constant_ids_are_valid` test).
    id.parse().expect("constant ids are valid identifiers")
}

/// A site's driver ratings as an administration of `instrument`: for each driver, its latest
/// rating on or before `as_of` ([`latest_as_of`]) as [`driver_points`], and an unanswered
/// response for a driver not yet rated. The administration is dated `as_of`.
///
/// ```
/// use implsci::driver::{Driver, DriverState, DriverStatus};
/// use implsci::score::ScoreSubject;
/// use implsci::score::instruments::drivers::drivers_administration;
///
/// let ratings = [DriverStatus::new(Driver::Coaching, DriverState::Partially, "2024-12-02".parse()?)];
/// let admin = drivers_administration("drivers".parse()?, ScoreSubject::Unit("lincoln".parse()?), &ratings, "2025-01-01".parse()?);
/// assert_eq!(admin.responses.len(), 9);
/// assert_eq!((admin.responses[2].item.as_str(), admin.responses[2].value), ("coaching", Some(1.0)));
/// assert_eq!(admin.responses[0].value, None); // selection: not rated
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn drivers_administration(
    instrument: InstrumentId,
    subject: ScoreSubject,
    ratings: &[DriverStatus],
    as_of: Date,
) -> Administration {
    let mut admin = Administration::new(instrument, as_of, subject);
    admin.responses = latest_as_of(ratings, as_of)
        .iter()
        .map(|(driver, status)| Response {
            item: constant_id::<ItemId>(driver_item(*driver)),
            value: status.map(|s| f64::from(driver_points(s.state))),
        })
        .collect();
    admin
}

/// Scores a subject's driver ratings as of a date: [`drivers_administration`] scored by
/// `instrument` (normally [`drivers_instrument`]), with one [`ItemClass`] per driver giving its
/// state as in JSON (`"in_place"`, `"partially"`, `"not_in_place"`) or `"missing"` when not
/// rated, so that each driver's result is in the score.
///
/// ```
/// use implsci::driver::{Driver, DriverState, DriverStatus};
/// use implsci::score::ScoreSubject;
/// use implsci::score::instruments::drivers::{drivers_instrument, score_driver_status};
///
/// let ratings = [
///     DriverStatus::new(Driver::TechnicalLeadership, DriverState::InPlace, "2024-09-01".parse()?),
///     DriverStatus::new(Driver::AdaptiveLeadership, DriverState::NotInPlace, "2024-09-01".parse()?),
/// ];
/// let drivers = drivers_instrument("drivers".parse()?);
/// let score = score_driver_status(&drivers, ScoreSubject::Unit("lincoln".parse()?), &ratings, "2025-01-01".parse()?)?;
/// assert_eq!(score.subscales[2].percent, Some(50.0)); // Leadership: 2 of 4
/// assert_eq!(score.classes[7].class, "in_place");
/// assert_eq!(score.classes[0].class, "missing");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ScoreError`] when `instrument` is not shaped like [`drivers_instrument`] (it lacks a
/// driver's item, or its scale does not hold 0 to 2).
pub fn score_driver_status(
    instrument: &ItemSum,
    subject: ScoreSubject,
    ratings: &[DriverStatus],
    as_of: Date,
) -> Result<Score, ScoreError> {
    let admin = drivers_administration(instrument.definition().id.clone(), subject, ratings, as_of);
    let mut score = instrument.score(&admin)?;
    score.classes = latest_as_of(ratings, as_of)
        .iter()
        .map(|(driver, status)| {
            ItemClass::new(
                constant_id(driver_item(*driver)),
                status.map_or("missing", |s| state_class(s.state)),
            )
        })
        .collect();
    Ok(score)
}

/// Scores a site record's driver ratings as of a date ([`score_driver_status`] with the
/// site's unit as subject).
///
/// ```
/// use implsci::SiteRecord;
/// use implsci::driver::{Driver, DriverState, DriverStatus};
/// use implsci::score::instruments::drivers::{drivers_instrument, score_site_drivers};
///
/// let mut site = SiteRecord::new("lincoln".parse()?);
/// site.drivers.push(DriverStatus::new(Driver::Selection, DriverState::InPlace, "2024-09-01".parse()?));
/// let score = score_site_drivers(&drivers_instrument("drivers".parse()?), &site, "2024-08-31".parse()?)?;
/// assert_eq!(score.percent, None); // nothing rated yet on that date
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`score_driver_status`].
pub fn score_site_drivers(
    instrument: &ItemSum,
    site: &SiteRecord,
    as_of: Date,
) -> Result<Score, ScoreError> {
    score_driver_status(
        instrument,
        ScoreSubject::Unit(site.site.clone()),
        &site.drivers,
        as_of,
    )
}

/// A driver state's class, as its JSON name.
fn state_class(state: DriverState) -> &'static str {
    match state {
        DriverState::InPlace => "in_place",
        DriverState::Partially => "partially",
        DriverState::NotInPlace => "not_in_place",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::SubscaleId;
    use crate::score::NotComputable;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn lincoln() -> ScoreSubject {
        ScoreSubject::Unit("lincoln".parse().unwrap())
    }

    #[test]
    fn constant_ids_are_valid() {
        for driver in Driver::ALL {
            assert!(driver_item(driver).parse::<ItemId>().is_ok());
            // The item id is the driver's JSON name.
            assert_eq!(
                serde_json::to_value(driver).unwrap(),
                serde_json::Value::from(driver_item(driver))
            );
        }
        for category in DriverCategory::ALL {
            assert!(category_subscale(category).parse::<SubscaleId>().is_ok());
            assert_eq!(
                serde_json::to_value(category).unwrap(),
                serde_json::Value::from(category_subscale(category))
            );
        }
        for state in [
            DriverState::InPlace,
            DriverState::Partially,
            DriverState::NotInPlace,
        ] {
            assert_eq!(
                serde_json::to_value(state).unwrap(),
                serde_json::Value::from(state_class(state))
            );
        }
    }

    #[test]
    fn the_definition_is_valid() {
        let drivers = drivers_instrument("drivers".parse().unwrap());
        let def = drivers.definition();
        assert_eq!(def.items.len(), 9);
        let subs: Vec<&str> = def.subscales.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(subs, ["competency", "organization", "leadership"]);
        assert_eq!(def.criterion, None);
        assert_eq!(def.missing, MissingRule::ProRate { max_missing: 9 });
    }

    /// Hand-computed: Selection 2, Training 2, Coaching 1, Fidelity Assessment 0 (Competency
    /// 5 of 8 = 62.5%); Decision Support 1, Facilitative Administration 2, Systems
    /// Intervention not rated (Organization 3 of 4 rated points = 75%); Technical 2, Adaptive 1
    /// (Leadership 3 of 4 = 75%). Overall 11 points over 8 rated drivers: 11 ÷ 16 = 68.75%.
    #[test]
    fn a_hand_computed_assessment() {
        use DriverState::{InPlace, NotInPlace, Partially};
        let on = d("2024-10-01");
        let ratings = [
            (Driver::Selection, InPlace),
            (Driver::Training, InPlace),
            (Driver::Coaching, Partially),
            (Driver::FidelityAssessment, NotInPlace),
            (Driver::DecisionSupportDataSystem, Partially),
            (Driver::FacilitativeAdministration, InPlace),
            (Driver::TechnicalLeadership, InPlace),
            (Driver::AdaptiveLeadership, Partially),
        ]
        .map(|(driver, state)| DriverStatus::new(driver, state, on));
        let drivers = drivers_instrument("drivers".parse().unwrap());
        let s = score_driver_status(&drivers, lincoln(), &ratings, d("2024-12-31")).unwrap();
        assert_eq!(s.date, d("2024-12-31"));
        assert_eq!(s.percent, Some(68.75));
        assert_eq!(s.points, Some(12.375), "11 points pro-rated: 11 × 18 ÷ 16");
        assert_eq!(s.points_possible, Some(18.0));
        assert_eq!(s.missing.missing_items, 1);
        assert_eq!(s.not_computable, None);
        assert_eq!(s.criterion_met, None);
        let percents: Vec<Option<f64>> = s.subscales.iter().map(|x| x.percent).collect();
        assert_eq!(percents, [Some(62.5), Some(75.0), Some(75.0)]);
        assert_eq!(s.subscales[0].points, Some(5.0));
        let classes: Vec<&str> = s.classes.iter().map(|c| c.class.as_str()).collect();
        assert_eq!(
            classes,
            [
                "in_place",
                "in_place",
                "partially",
                "not_in_place",
                "partially",
                "in_place",
                "missing",
                "in_place",
                "partially"
            ]
        );
    }

    #[test]
    fn the_latest_rating_as_of_the_date_counts() {
        let ratings = [
            DriverStatus::new(Driver::Coaching, DriverState::NotInPlace, d("2024-01-01")),
            DriverStatus::new(Driver::Coaching, DriverState::InPlace, d("2024-06-01")),
        ];
        let drivers = drivers_instrument("drivers".parse().unwrap());
        let march = score_driver_status(&drivers, lincoln(), &ratings, d("2024-03-01")).unwrap();
        let july = score_driver_status(&drivers, lincoln(), &ratings, d("2024-07-01")).unwrap();
        assert_eq!(march.percent, Some(0.0));
        assert_eq!(july.percent, Some(100.0));
        assert_eq!(july.subscales[0].percent, Some(100.0));
        assert_eq!(july.subscales[1].percent, None);
    }

    #[test]
    fn nothing_rated_is_not_computable_not_zero() {
        let drivers = drivers_instrument("drivers".parse().unwrap());
        let s = score_driver_status(&drivers, lincoln(), &[], d("2024-03-01")).unwrap();
        assert_eq!((s.points, s.percent), (None, None));
        assert_eq!(s.not_computable, Some(NotComputable::ZeroDenominator));
        assert_eq!(s.missing.missing_items, 9);
        assert!(s.subscales.iter().all(|x| x.percent.is_none()));
        assert!(s.classes.iter().all(|c| c.class == "missing"));
    }

    #[test]
    fn another_instrument_is_refused() {
        let other =
            super::super::capacity_assessment("dca".parse().unwrap(), "DCA", &[("lead", &["l1"])])
                .unwrap();
        assert!(matches!(
            score_driver_status(&other, lincoln(), &[], d("2024-03-01")),
            Err(ScoreError::UnknownItem(_))
        ));
    }
}

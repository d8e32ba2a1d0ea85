//! The PBIS Tiered Fidelity Inventory (TFI): tier scores, the criterion, the annual-assessment
//! rule, and PBISApps' conversion between TFI 2.1 and TFI 3.0.
//!
//! A school team rates each item of a tier by consensus; a tier's score is its points as a
//! percent of the tier's points possible. A tier meets criterion at **70% or more** on TFI 2.1
//! and **50% or more** on TFI 3.0; a school that meets it at three consecutive administrations
//! ("meetings") takes the TFI once a year as an annual assessment.
//!
//! | Tier   | 2.1 points possible | 3.0 points possible |
//! |--------|---------------------|---------------------|
//! | Tier 1 | 30                  | 80                  |
//! | Tier 2 | 26                  | 60                  |
//! | Tier 3 | 34                  | 76                  |
//!
//! Sources:
//! - PBISApps, "TFI 3.0 Conversion Tables and Formulas", support.pbisapps.org article
//!   151000209971: points possible, the 2.1 → 3.0 percent formulas, percent to points, and a
//!   table of converted cut points.
//! - PBISApps, "Tiered Fidelity Inventory (TFI)" product page (pbisapps.org/products/tfi): the
//!   criterion (50% for TFI 3, 70% for TFI 2.1) and "three consecutive meetings" to annual.
//! - TFI 2.1: Algozzine, B., Barrett, S., Eber, L., George, H., Horner, R., Lewis, T.,
//!   Putnam, B., Swain-Bradway, J., McIntosh, K., & Sugai, G. (2014). *School-wide PBIS Tiered
//!   Fidelity Inventory*. OSEP Technical Assistance Center on PBIS.
//! - TFI 3.0: Center on PBIS (February 2025). *Tiered Fidelity Inventory (TFI) Manual*.
//!   University of Oregon (pbis.org/resource/tfi-3).
//! - Secondary sources, for what the manuals were not read for: the item scales (0–2 on 2.1,
//!   0–4 on 3.0, the latter inferred) and the item counts ([`item_scale`], [`item_count`]).
//!
//! Item texts belong to the authors: [`tier_instrument`] takes your item ids and checks that
//! they add up to the published points possible.
//!
//! ## Conversion, and two errors on the PBISApps page
//!
//! [`convert_percent_2_1_to_3_0`] applies the published formulas unrounded;
//! [`convert_percent_3_0_to_2_1`] is their exact algebraic inverse. The page's printed reverse
//! formula for Tier 2 (`3.0% / 0.63 + 0.57`) is not the inverse of its forward formula (the
//! inverse adds 0.9 / 0.63 ≈ 1.43), and its Tier 3 row at 80% gives 30.4 TFI 2.1 points where
//! 80 × 34 / 100 = 27.2. The rest of the table is reproduced by this module, with whole
//! numbers rounded at the end by [`round_half_up`] (see there).
//!
//! ```
//! use implsci::score::instruments::tfi::{self, Tier, TfiVersion};
//! use implsci::score::{Administration, Instrument, Response, ScoreSubject};
//!
//! // A school's TFI 3.0 Tier 2: 15 items scored 0–4, 60 points possible, criterion 50%.
//! let ids: Vec<String> = (1..=15).map(|i| format!("2.{i}")).collect();
//! let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
//! let tier2 = tfi::tier_instrument(TfiVersion::V3_0, Tier::Tier2, "tfi3-t2".parse()?, &ids)?;
//!
//! let mut admin = Administration::new("tfi3-t2".parse()?, "2025-10-01".parse()?, ScoreSubject::Unit("lincoln-es".parse()?));
//! for (i, id) in ids.iter().enumerate() {
//!     admin.responses.push(Response::new(id.parse()?, if i < 6 { 4.0 } else { 1.0 }));
//! }
//! let score = tier2.score(&admin)?;
//! assert_eq!((score.points, score.percent), (Some(33.0), Some(55.0)));
//! assert_eq!(score.criterion_met, Some(true));
//!
//! // Last year's TFI 2.1 Tier 2 at 80%, on the 3.0 metric (PBISApps' table: 50%, 30 points).
//! let p3 = tfi::convert_percent_2_1_to_3_0(Tier::Tier2, 80.0).unwrap();
//! assert_eq!(tfi::round_half_up(p3), Some(50.0));
//! let points = tfi::percent_to_points(TfiVersion::V3_0, Tier::Tier2, p3).unwrap();
//! assert_eq!(tfi::round_half_up(points), Some(30.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::id::InstrumentId;
use crate::score::{
    Criterion, InstrumentDefinition, ItemDefinition, ItemSum, MissingRule, Scale, ScoreError,
};

/// A version of the TFI.
///
/// ```
/// use implsci::score::instruments::tfi::TfiVersion;
/// assert_eq!(TfiVersion::V3_0.to_string(), "3.0");
/// assert_eq!(serde_json::to_string(&TfiVersion::V2_1)?, r#""v2_1""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TfiVersion {
    /// TFI 2.1 (Algozzine et al. 2014): items 0–2, criterion 70%.
    V2_1,
    /// TFI 3.0 (Center on PBIS 2025): a 5-point item scale, criterion 50%.
    V3_0,
}

impl TfiVersion {
    /// Both versions, oldest first.
    ///
    /// ```
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// let names: Vec<&str> = TfiVersion::ALL.iter().map(|v| v.as_str()).collect();
    /// assert_eq!(names, ["2.1", "3.0"]);
    /// ```
    pub const ALL: [TfiVersion; 2] = [TfiVersion::V2_1, TfiVersion::V3_0];

    /// The version as the authors number it: `"2.1"`, `"3.0"`.
    ///
    /// ```
    /// use implsci::score::instruments::tfi::TfiVersion;
    /// assert_eq!(TfiVersion::V2_1.as_str(), "2.1");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            TfiVersion::V2_1 => "2.1",
            TfiVersion::V3_0 => "3.0",
        }
    }
}

impl fmt::Display for TfiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A tier of the TFI; each tier is scored as its own scale.
///
/// ```
/// use implsci::score::instruments::tfi::Tier;
/// assert_eq!(Tier::Tier3.to_string(), "Tier 3");
/// assert_eq!(serde_json::to_string(&Tier::Tier1)?, r#""tier1""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Tier 1: universal, school-wide features.
    Tier1,
    /// Tier 2: targeted features.
    Tier2,
    /// Tier 3: intensive, individual features.
    Tier3,
}

impl Tier {
    /// The three tiers, in order.
    ///
    /// ```
    /// use implsci::score::instruments::tfi::{points_possible, Tier, TfiVersion};
    /// let total: u32 = Tier::ALL.iter().map(|&t| points_possible(TfiVersion::V2_1, t)).sum();
    /// assert_eq!(total, 30 + 26 + 34);
    /// ```
    pub const ALL: [Tier; 3] = [Tier::Tier1, Tier::Tier2, Tier::Tier3];

    /// The tier's number: 1, 2 or 3.
    ///
    /// ```
    /// use implsci::score::instruments::tfi::Tier;
    /// assert_eq!(Tier::Tier2.number(), 2);
    /// ```
    #[must_use]
    pub const fn number(self) -> u32 {
        match self {
            Tier::Tier1 => 1,
            Tier::Tier2 => 2,
            Tier::Tier3 => 3,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tier {}", self.number())
    }
}

/// A tier's total points possible.
///
/// TFI 2.1: Tier 1 30, Tier 2 26, Tier 3 34. TFI 3.0: Tier 1 80, Tier 2 60, Tier 3 76.
/// Source: PBISApps, "TFI 3.0 Conversion Tables and Formulas" (support.pbisapps.org article
/// 151000209971), table "Total Possible Points".
///
/// ```
/// use implsci::score::instruments::tfi::{points_possible, Tier, TfiVersion};
/// assert_eq!(points_possible(TfiVersion::V2_1, Tier::Tier1), 30);
/// assert_eq!(points_possible(TfiVersion::V3_0, Tier::Tier3), 76);
/// ```
#[must_use]
pub const fn points_possible(version: TfiVersion, tier: Tier) -> u32 {
    match (version, tier) {
        (TfiVersion::V2_1, Tier::Tier1) => 30,
        (TfiVersion::V2_1, Tier::Tier2) => 26,
        (TfiVersion::V2_1, Tier::Tier3) => 34,
        (TfiVersion::V3_0, Tier::Tier1) => 80,
        (TfiVersion::V3_0, Tier::Tier2) => 60,
        (TfiVersion::V3_0, Tier::Tier3) => 76,
    }
}

/// The highest rating of an item: 2 on TFI 2.1, 4 on TFI 3.0.
const fn item_max(version: TfiVersion) -> u32 {
    match version {
        TfiVersion::V2_1 => 2,
        TfiVersion::V3_0 => 4,
    }
}

/// The item rating scale: 0–2 on TFI 2.1, 0–4 on TFI 3.0.
///
/// **Both scales come from secondary sources**, not from the manuals. TFI 2.1: "Each item is
/// scored 0 (not in place), 1 (partially in place), or 2 (fully in place)" (SW-PBS Central
/// RPDC, University of Central Missouri, a secondary source describing Algozzine et al. 2014).
/// TFI 3.0 has "an expanded 5-point scoring rubric" (PBISApps, "Why was the TFI 3.0
/// created?"); that its points run **0–4 is inferred**, not read in the Center on PBIS 2025
/// manual: 0–4 is the only 5-point scale whose maximum times the item counts (Tier 1 20,
/// Tier 2 15, Tier 3 19, themselves from a secondary source: PBIS Vermont, "Steps to
/// Completing the TFI 3.0") gives PBISApps' points possible 80, 60 and 76.
///
/// Ratings are whole ([`Scale::whole`]): TFI 2.1 items are scored 0, 1 or 2; for 3.0, whole
/// ratings are this crate's assumption, as the 0–4 range is.
///
/// ```
/// use implsci::score::instruments::tfi::{item_scale, TfiVersion};
/// assert_eq!(item_scale(TfiVersion::V3_0).max, 4.0);
/// ```
#[must_use]
pub fn item_scale(version: TfiVersion) -> Scale {
    Scale::whole(0.0, f64::from(item_max(version)))
}

/// The number of items in a tier: points possible ÷ the item scale's maximum.
///
/// TFI 3.0: Tier 1 20, Tier 2 15, Tier 3 19, from a **secondary source** (PBIS Vermont,
/// "Steps to Completing the TFI 3.0", summarising the Center on PBIS 2025 manual; the counts
/// were not read in the manual itself). TFI 2.1: Tier 1 15, Tier 2 13, Tier 3 17,
/// **inferred** from PBISApps' 30, 26 and 34 points possible at 2 per item. The secondary
/// description "each scale has 15–17 items" (SW-PBS Central RPDC, University of Central
/// Missouri) fits Tier 1 and Tier 3 but not Tier 2's 13; the points possible decide here.
///
/// ```
/// use implsci::score::instruments::tfi::{item_count, Tier, TfiVersion};
/// assert_eq!(item_count(TfiVersion::V3_0, Tier::Tier1), 20);
/// assert_eq!(item_count(TfiVersion::V2_1, Tier::Tier2), 13);
/// ```
#[must_use]
pub const fn item_count(version: TfiVersion, tier: Tier) -> u32 {
    points_possible(version, tier) / item_max(version)
}

/// The percent of points possible at which a tier meets criterion, inclusive: 70 on TFI 2.1,
/// 50 on TFI 3.0.
///
/// Source: PBISApps TFI product page: "Sustaining implementers who score at least 50% for
/// TFI 3 or 70% for TFI 2.1 over three consecutive meetings take the TFI once a year as an
/// annual assessment."
///
/// ```
/// use implsci::score::instruments::tfi::{criterion_percent, TfiVersion};
/// assert_eq!(criterion_percent(TfiVersion::V2_1), 70);
/// assert_eq!(criterion_percent(TfiVersion::V3_0), 50);
/// ```
#[must_use]
pub const fn criterion_percent(version: TfiVersion) -> u32 {
    match version {
        TfiVersion::V2_1 => 70,
        TfiVersion::V3_0 => 50,
    }
}

/// Consecutive administrations at criterion after which a school takes the TFI once a year, as
/// an annual assessment: **3**.
///
/// Source: PBISApps TFI product page, "over three consecutive meetings" (the TFI is taken at
/// the beginning of the year and then every third or fourth team meeting, so a "meeting" here is
/// an administration, not a year). [`tier_instrument`] sets it as the definition's
/// `sustained_after`, so [`TimeSeries::sustained_on`](crate::score::TimeSeries::sustained_on)
/// gives the date the third one was reached.
///
/// ```
/// assert_eq!(implsci::score::instruments::tfi::SUSTAINED_AFTER_MEETINGS, 3);
/// ```
pub const SUSTAINED_AFTER_MEETINGS: u32 = 3;

/// A TFI tier as an [`ItemSum`] over your item ids: items on the version's scale
/// ([`item_scale`]), no subscales, the criterion on the tier's total percent
/// ([`criterion_percent`], inclusive), and sustained after [`SUSTAINED_AFTER_MEETINGS`]
/// consecutive administrations at criterion.
///
/// `items` are the ids you give the tier's items, in order (for example `"1.1"` … `"1.20"`);
/// item texts are the authors' and are not shipped. Their points possible (items × the scale's
/// maximum) must equal the published [`points_possible`] for the tier, so a TFI 3.0 Tier 1
/// needs 20 items and a TFI 2.1 Tier 1 needs 15 ([`item_count`]).
///
/// Unanswered items are refused ([`MissingRule::Refuse`]): the score is not computable and says
/// how many items are missing. The TFI is completed by team consensus with every item scored,
/// and the manuals' handling of an unscored item was not confirmed; scoring it 0 would
/// understate fidelity and pro-rating would claim a precision the instrument does not give.
/// Where your source says otherwise, clone the definition, change `missing` and rebuild with
/// [`ItemSum::new`].
///
/// Sources: points possible, PBISApps "TFI 3.0 Conversion Tables and Formulas"
/// (support.pbisapps.org article 151000209971); criterion and the three-meetings rule, the
/// PBISApps TFI product page; the instruments, Algozzine et al. (2014) for 2.1 and the Center
/// on PBIS (2025) TFI manual for 3.0.
///
/// ```
/// use implsci::score::instruments::tfi::{tier_instrument, Tier, TfiVersion};
/// use implsci::score::{Instrument, ScoreError};
///
/// let ids: Vec<String> = (1..=15).map(|i| format!("1.{i}")).collect();
/// let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
/// let tier1 = tier_instrument(TfiVersion::V2_1, Tier::Tier1, "tfi21-t1".parse()?, &ids)?;
/// assert_eq!(tier1.definition().criterion.unwrap().total_percent, Some(70.0));
/// assert_eq!(tier1.definition().sustained_after, Some(3));
///
/// // 14 items are 28 points, not the published 30.
/// let short = tier_instrument(TfiVersion::V2_1, Tier::Tier1, "tfi21-t1".parse()?, &ids[..14]);
/// assert!(matches!(short, Err(ScoreError::Invalid(_))));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ScoreError::Invalid`] when the items' points possible differ from the published points
/// possible (the message names both numbers), when an id is not a valid identifier, or when an
/// item is listed twice.
pub fn tier_instrument(
    version: TfiVersion,
    tier: Tier,
    id: InstrumentId,
    items: &[&str],
) -> Result<ItemSum, ScoreError> {
    let published = u64::from(points_possible(version, tier));
    let max = item_max(version);
    let given = u64::try_from(items.len())
        .unwrap_or(u64::MAX)
        .saturating_mul(u64::from(max));
    if given != published {
        return Err(ScoreError::Invalid(format!(
            "TFI {version} {tier} has {published} points possible (PBISApps), but {n} items \
             scored 0-{max} give {given}; it needs {need} items",
            n = items.len(),
            need = item_count(version, tier),
        )));
    }
    let mut def = InstrumentDefinition::new(
        id,
        format!("PBIS Tiered Fidelity Inventory {version}, {tier}"),
        version.as_str(),
        item_scale(version),
    );
    def.source = Some(format!(
        "PBISApps, TFI product page and \"TFI 3.0 Conversion Tables and Formulas\" \
         (support.pbisapps.org article 151000209971): {published} points possible; at least \
         {c}% meets criterion; {s} consecutive meetings at criterion move to an annual \
         assessment; the item scale and the item counts come from a secondary source ({scale})",
        c = criterion_percent(version),
        s = SUSTAINED_AFTER_MEETINGS,
        scale = match version {
            TfiVersion::V2_1 => "SW-PBS Central RPDC, University of Central Missouri",
            TfiVersion::V3_0 => "PBIS Vermont; the 0-4 scale inferred from the points possible",
        },
    ));
    def.criterion = Some(Criterion {
        total_percent: Some(f64::from(criterion_percent(version))),
        each_subscale_percent: None,
    });
    def.sustained_after = Some(SUSTAINED_AFTER_MEETINGS);
    def.missing = MissingRule::Refuse;
    for item in items {
        let item_id = item
            .parse()
            .map_err(|e: crate::id::IdError| ScoreError::Invalid(format!("item `{item}`: {e}")))?;
        def.items.push(ItemDefinition::new(item_id, None));
    }
    ItemSum::new(def)
}

/// This crate's item ids for a tier, in order: `t{tier}-1` … `t{tier}-{n}`, where `n` is
/// [`item_count`] (TFI 3.0 Tier 1: `t1-1` … `t1-20`; TFI 2.1 Tier 1: `t1-1` … `t1-15`).
///
/// **These ids are this crate's, not the authors'**: no published item numbering was
/// confirmed, so the built-in tiers ([`builtin`](crate::score::instruments::builtin), names
/// such as `tfi-3.0-tier-1`) use these. Administrations of a built-in tier name its items so;
/// with your own numbering, build the tier with [`tier_instrument`] instead.
///
/// ```
/// use implsci::score::instruments::tfi::{builtin_item_ids, Tier, TfiVersion};
/// let ids = builtin_item_ids(TfiVersion::V2_1, Tier::Tier2);
/// assert_eq!((ids.len(), ids[0].as_str(), ids[12].as_str()), (13, "t2-1", "t2-13"));
/// ```
#[must_use]
pub fn builtin_item_ids(version: TfiVersion, tier: Tier) -> Vec<String> {
    (1..=item_count(version, tier))
        .map(|k| format!("t{}-{k}", tier.number()))
        .collect()
}

/// The published 2.1 → 3.0 line for a tier, as (slope, intercept) in hundredths, so that whole
/// percents convert with one rounding (Tier 2 at 80% gives exactly 49.5).
const fn line(tier: Tier) -> (f64, f64) {
    match tier {
        Tier::Tier1 => (75.0, -823.0),
        Tier::Tier2 => (63.0, -90.0),
        Tier::Tier3 => (66.0, 90.0),
    }
}

/// The forward formula, unclamped.
fn forward_raw(tier: Tier, percent_2_1: f64) -> f64 {
    let (slope, intercept) = line(tier);
    (slope * percent_2_1 + intercept) / 100.0
}

/// The exact inverse of [`forward_raw`], unclamped.
fn inverse_raw(tier: Tier, percent_3_0: f64) -> f64 {
    let (slope, intercept) = line(tier);
    (100.0 * percent_3_0 - intercept) / slope
}

/// `Some(x)` when `x` is a finite percent from 0 to 100.
fn percent_in_range(x: f64) -> Option<f64> {
    (x.is_finite() && (0.0..=100.0).contains(&x)).then_some(x)
}

/// A TFI 2.1 tier percent on the TFI 3.0 metric, unrounded.
///
/// Tier 1: `3.0% = 2.1% × 0.75 − 8.23`; Tier 2: `3.0% = 2.1% × 0.63 − 0.9`; Tier 3:
/// `3.0% = 2.1% × 0.66 + 0.9`. Source: PBISApps, "TFI 3.0 Conversion Tables and Formulas"
/// (support.pbisapps.org article 151000209971).
///
/// The lines run past the ends of the scale (a Tier 1 at 0% gives −8.23%); the result is
/// **clamped to 0–100**, since a percent of points possible cannot lie outside it. `None` when
/// `percent_2_1` is not a finite number from 0 to 100. Round for a report only at the end
/// ([`round_half_up`]).
///
/// ```
/// use implsci::score::instruments::tfi::{convert_percent_2_1_to_3_0, round_half_up, Tier};
/// let p3 = convert_percent_2_1_to_3_0(Tier::Tier1, 70.0).unwrap();
/// assert!((p3 - 44.27).abs() < 1e-9);
/// assert_eq!(round_half_up(p3), Some(44.0)); // PBISApps' table: 44%
/// assert_eq!(convert_percent_2_1_to_3_0(Tier::Tier1, 0.0), Some(0.0)); // −8.23, clamped
/// assert_eq!(convert_percent_2_1_to_3_0(Tier::Tier1, f64::NAN), None);
/// ```
#[must_use]
pub fn convert_percent_2_1_to_3_0(tier: Tier, percent_2_1: f64) -> Option<f64> {
    percent_in_range(percent_2_1).map(|p| forward_raw(tier, p).clamp(0.0, 100.0))
}

/// A TFI 3.0 tier percent on the TFI 2.1 metric, unrounded: the **exact algebraic inverse** of
/// [`convert_percent_2_1_to_3_0`], `2.1% = (3.0% − intercept) ÷ slope`.
///
/// The PBISApps page (support.pbisapps.org article 151000209971) also prints reverse formulas.
/// For Tier 1 (`3.0% / 0.75 + 10.97`) and Tier 3 (`3.0% / 0.66 − 1.36`) they agree with the
/// exact inverse to the two decimals printed (8.23 / 0.75 = 10.973…, −0.9 / 0.66 = −1.363…).
/// For Tier 2 the page prints `3.0% / 0.63 + 0.57`, but the inverse of `2.1% × 0.63 − 0.9` adds
/// 0.9 / 0.63 = **1.43** (0.57 is 0.9 × 0.63, a multiplication where a division belongs); this
/// function uses the exact inverse, so it and the forward formula round-trip.
///
/// The result is **clamped to 0–100**: a TFI 3.0 Tier 1 above about 67% lies beyond the 2.1
/// line's top and gives 100. `None` when `percent_3_0` is not a finite number from 0 to 100.
///
/// ```
/// use implsci::score::instruments::tfi::{convert_percent_2_1_to_3_0, convert_percent_3_0_to_2_1, Tier};
/// let p21 = convert_percent_3_0_to_2_1(Tier::Tier2, 49.5).unwrap();
/// assert!((p21 - 80.0).abs() < 1e-9); // not 79.14, as the printed +0.57 would give
/// assert_eq!(convert_percent_3_0_to_2_1(Tier::Tier1, 90.0), Some(100.0)); // 130.97, clamped
/// assert_eq!(convert_percent_3_0_to_2_1(Tier::Tier3, 101.0), None);
/// ```
#[must_use]
pub fn convert_percent_3_0_to_2_1(tier: Tier, percent_3_0: f64) -> Option<f64> {
    percent_in_range(percent_3_0).map(|p| inverse_raw(tier, p).clamp(0.0, 100.0))
}

/// A tier percent as points: `percent × points possible ÷ 100`, unrounded.
///
/// Source: PBISApps, "TFI 3.0 Conversion Tables and Formulas" (support.pbisapps.org article
/// 151000209971): "multiply the percent score by the total number of possible points and divide
/// by 100. For example, a 70% on the TFI 2.1 Tier 1 subscale = 70 x 30/100 or 21 points."
/// The page's table takes the 3.0 points from the *unrounded* converted percent (Tier 1 at
/// 25%: 10.52% × 80 / 100 = 8.4 → 8, where the rounded 11% would give 8.8 → 9). Its Tier 3
/// row at 80% prints 30.4 TFI 2.1 points, a typo: 80 × 34 / 100 = 27.2.
///
/// `None` when `percent` is not a finite number from 0 to 100.
///
/// ```
/// use implsci::score::instruments::tfi::{percent_to_points, Tier, TfiVersion};
/// assert_eq!(percent_to_points(TfiVersion::V2_1, Tier::Tier1, 70.0), Some(21.0));
/// assert_eq!(percent_to_points(TfiVersion::V2_1, Tier::Tier3, 80.0), Some(27.2));
/// assert_eq!(percent_to_points(TfiVersion::V3_0, Tier::Tier1, -1.0), None);
/// ```
#[must_use]
pub fn percent_to_points(version: TfiVersion, tier: Tier, percent: f64) -> Option<f64> {
    percent_in_range(percent).map(|p| p * f64::from(points_possible(version, tier)) / 100.0)
}

/// Rounds to a whole number, halves upward (toward +∞): the rounding for a report, applied
/// once, at the end.
///
/// How PBISApps rounds the percents in its reports is **not published**. This rule reproduces
/// every whole number in the PBISApps conversion table (support.pbisapps.org article
/// 151000209971), including Tier 2 at 80%, whose 3.0 percent 49.5 the table shows as 50, and
/// the table's 3.0 points are computed from the unrounded percent, so convert and compute
/// points unrounded and round only the figure you print. `None` for a value that is not
/// finite.
///
/// ```
/// use implsci::score::instruments::tfi::round_half_up;
/// assert_eq!(round_half_up(49.5), Some(50.0));
/// assert_eq!(round_half_up(10.52), Some(11.0));
/// assert_eq!(round_half_up(8.416), Some(8.0));
/// assert_eq!(round_half_up(-2.5), Some(-2.0));
/// assert_eq!(round_half_up(f64::INFINITY), None);
/// ```
#[must_use]
pub fn round_half_up(x: f64) -> Option<f64> {
    if !x.is_finite() {
        return None;
    }
    // `x - floor(x)` is exact for every finite f64, so a half is detected without error.
    let floor = x.floor();
    Some(if x - floor >= 0.5 { floor + 1.0 } else { floor })
}

#[cfg(test)]
mod tests;

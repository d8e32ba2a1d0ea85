//! The CFIR construct rating codes: valence and strength, mixed, missing, not applicable.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A CFIR construct rating: valence (sign) and strength (1 or 2) of the construct's influence
/// on implementation at a site, or why there is none.
///
/// Source: Damschroder & Lowery 2013, Table 2. −2 and +2: a negative (positive) influence, with
/// the majority of interviewees (at least two) describing explicit examples; −1 and +1: a
/// weaker influence, described in general statements; 0: a neutral influence, including when
/// interviewees contradict each other or positive and negative influences balance out.
///
/// **Mixed, missing and not applicable.** The 2013 rating criteria (Table 2) fold a mixed
/// influence into 0; the 2013 results (Table 3) print such a 0 as "0 (mixed)", and later
/// studies code it apart, as "X" (BMC Public Health 2019, 19:1051, Table 8) or "0 (mixed)"
/// (JMIR 2015, 17(11):e262). [`Rating::Mixed`] is that code, and [`Rating::valence`] gives it
/// 0 as the 2013 criteria would. [`Rating::Missing`] ("M": the construct did not come up in the
/// data) and [`Rating::NotApplicable`] are printed "Missing" and "N/A" in Table 3.
///
/// On the wire (JSON and CSV) each rating is one of the strings `"-2"`, `"-1"`, `"0"`, `"X"`,
/// `"+1"`, `"+2"`, `"M"`, `"NA"` (this crate's choice of spelling; the JSON Schema lists
/// exactly these). Read a CSV's rating column as text: R and pandas read the cell `NA` as
/// their missing value by default, which then stands for *not applicable* only (missing is
/// written `M`, and no cell is ever empty).
///
/// ```
/// use implsci::score::instruments::cfir::Rating;
/// assert_eq!(serde_json::to_string(&Rating::PlusOne)?, r#""+1""#);
/// assert_eq!(serde_json::from_str::<Rating>(r#""X""#)?, Rating::Mixed);
/// assert_eq!("-2".parse::<Rating>()?, Rating::MinusTwo);
/// assert_eq!(Rating::Mixed.valence(), Some(0));
/// assert_eq!(Rating::NotApplicable.valence(), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Rating {
    /// −2: strongly negative influence, with explicit examples.
    #[serde(rename = "-2")]
    MinusTwo,
    /// −1: negative influence, in general statements.
    #[serde(rename = "-1")]
    MinusOne,
    /// 0: neutral influence (in 2013, also a mixed one).
    #[serde(rename = "0")]
    Neutral,
    /// X: mixed influence, coded apart from neutral by later studies; 0 in the 2013 scheme.
    #[serde(rename = "X")]
    Mixed,
    /// +1: positive influence, in general statements.
    #[serde(rename = "+1")]
    PlusOne,
    /// +2: strongly positive influence, with explicit examples.
    #[serde(rename = "+2")]
    PlusTwo,
    /// M: missing; the construct did not come up in the data.
    #[serde(rename = "M")]
    Missing,
    /// NA: the construct does not apply at the site.
    #[serde(rename = "NA")]
    NotApplicable,
}

impl Rating {
    /// Every rating, in the order of the wire codes above.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::Rating;
    /// let codes: Vec<&str> = Rating::ALL.iter().map(|r| r.code()).collect();
    /// assert_eq!(codes, ["-2", "-1", "0", "X", "+1", "+2", "M", "NA"]);
    /// ```
    pub const ALL: [Self; 8] = [
        Self::MinusTwo,
        Self::MinusOne,
        Self::Neutral,
        Self::Mixed,
        Self::PlusOne,
        Self::PlusTwo,
        Self::Missing,
        Self::NotApplicable,
    ];

    /// The wire code: `"-2"`, `"-1"`, `"0"`, `"X"`, `"+1"`, `"+2"`, `"M"` or `"NA"`.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::Rating;
    /// assert_eq!(Rating::NotApplicable.code(), "NA");
    /// ```
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::MinusTwo => "-2",
            Self::MinusOne => "-1",
            Self::Neutral => "0",
            Self::Mixed => "X",
            Self::PlusOne => "+1",
            Self::PlusTwo => "+2",
            Self::Missing => "M",
            Self::NotApplicable => "NA",
        }
    }

    /// The signed rating, −2 to +2, as the 2013 scheme reads it (mixed is 0); `None` for
    /// missing and not applicable. For ordering and display, not for summing across constructs.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::Rating;
    /// assert_eq!(Rating::MinusTwo.valence(), Some(-2));
    /// assert_eq!(Rating::Missing.valence(), None);
    /// ```
    #[must_use]
    pub fn valence(self) -> Option<i8> {
        match self {
            Self::MinusTwo => Some(-2),
            Self::MinusOne => Some(-1),
            Self::Neutral | Self::Mixed => Some(0),
            Self::PlusOne => Some(1),
            Self::PlusTwo => Some(2),
            Self::Missing | Self::NotApplicable => None,
        }
    }

    /// Whether the construct was rated (anything but missing or not applicable).
    ///
    /// ```
    /// use implsci::score::instruments::cfir::Rating;
    /// assert!(Rating::Mixed.is_rated());
    /// assert!(!Rating::Missing.is_rated());
    /// ```
    #[must_use]
    pub fn is_rated(self) -> bool {
        self.valence().is_some()
    }

    /// The mirror rating (−2 ↔ +2, −1 ↔ +1); neutral, mixed, missing and not applicable stay.
    /// For raters who coded a reverse-rated construct's *level* rather than its influence (see
    /// [`RatingDirection`](super::RatingDirection)); the crate never applies it on its own.
    ///
    /// ```
    /// use implsci::score::instruments::cfir::Rating;
    /// assert_eq!(Rating::PlusTwo.reversed(), Rating::MinusTwo);
    /// assert_eq!(Rating::Mixed.reversed(), Rating::Mixed);
    /// ```
    #[must_use]
    pub fn reversed(self) -> Self {
        match self {
            Self::MinusTwo => Self::PlusTwo,
            Self::MinusOne => Self::PlusOne,
            Self::PlusOne => Self::MinusOne,
            Self::PlusTwo => Self::MinusTwo,
            other => other,
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A string that is not one of the rating codes.
///
/// ```
/// use implsci::score::instruments::cfir::Rating;
/// let err = "2".parse::<Rating>().unwrap_err();
/// assert_eq!(err.to_string(), r#"`2` is not a CFIR rating (one of -2, -1, 0, X, +1, +2, M, NA)"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a CFIR rating (one of -2, -1, 0, X, +1, +2, M, NA)")]
pub struct ParseRatingError(String);

impl std::str::FromStr for Rating {
    type Err = ParseRatingError;

    /// Reads exactly the wire codes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| ParseRatingError(s.to_owned()))
    }
}

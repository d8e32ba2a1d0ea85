//! Shares: a count out of a count, never NaN, never a silent 0%.
//!
//! A rate with a zero denominator is *not computable*: [`Share::value`] is `None`, and the JSON
//! says `"value": null`, never `NaN` or `0`.
//!
//! ```
//! use implsci::share::Share;
//!
//! assert_eq!(Share::new(5, 10).percent(), Some(50.0));
//! assert_eq!(Share::new(0, 0).value(), None);
//! assert_eq!(serde_json::to_string(&Share::new(1, 4))?, r#"{"numerator":1,"denominator":4,"value":0.25}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::ser::SerializeStruct;

/// `numerator` out of `denominator`.
///
/// ```
/// use implsci::share::Share;
/// let s = Share { numerator: 3, denominator: 4 };
/// assert_eq!(s.to_string(), "3/4 (75.0%)");
/// assert_eq!(Share::default().to_string(), "0/0 (not computable)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Share {
    /// How many.
    pub numerator: u64,
    /// Out of how many.
    pub denominator: u64,
}

impl Share {
    /// `numerator` out of `denominator`.
    ///
    /// ```
    /// use implsci::share::Share;
    /// let s = Share::new(2, 8);
    /// assert_eq!((s.numerator, s.denominator), (2, 8));
    /// assert_eq!(s.value(), Some(0.25));
    /// ```
    #[must_use]
    pub fn new(numerator: u64, denominator: u64) -> Self {
        Self {
            numerator,
            denominator,
        }
    }

    /// The share as a fraction; `None` when the denominator is zero.
    ///
    /// ```
    /// use implsci::share::Share;
    /// assert_eq!(Share::new(1, 4).value(), Some(0.25));
    /// assert_eq!(Share::new(3, 0).value(), None); // not computable, never NaN
    /// ```
    #[must_use]
    #[allow(clippy::cast_precision_loss)] // counts below 2^53 are exact
    pub fn value(self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }

    /// The share in percent; `None` when the denominator is zero.
    ///
    /// ```
    /// use implsci::share::Share;
    /// assert_eq!(Share::new(1, 8).percent(), Some(12.5));
    /// assert_eq!(Share::new(0, 0).percent(), None);
    /// ```
    #[must_use]
    pub fn percent(self) -> Option<f64> {
        self.value().map(|v| v * 100.0)
    }

    /// True when the share is computable and at least `percent` (inclusive, as the sources'
    /// "50% or more" reads). Compared in integers, so 5 of 10 meets 50 exactly.
    ///
    /// ```
    /// use implsci::share::Share;
    /// assert!(Share::new(5, 10).at_least_percent(50));
    /// assert!(!Share::new(4, 10).at_least_percent(50));
    /// assert!(!Share::new(0, 0).at_least_percent(0));
    /// ```
    #[must_use]
    pub fn at_least_percent(self, percent: u32) -> bool {
        self.denominator > 0
            && u128::from(self.numerator) * 100
                >= u128::from(percent) * u128::from(self.denominator)
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.percent() {
            Some(p) => write!(f, "{}/{} ({p:.1}%)", self.numerator, self.denominator),
            None => write!(
                f,
                "{}/{} (not computable)",
                self.numerator, self.denominator
            ),
        }
    }
}

impl serde::Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Share", 3)?;
        s.serialize_field("numerator", &self.numerator)?;
        s.serialize_field("denominator", &self.denominator)?;
        s.serialize_field("value", &self.value())?;
        s.end()
    }
}

impl schemars::JsonSchema for Share {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Share")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "A count out of a count; `value` is null when the denominator is zero (not computable).",
            "properties": {
                "numerator": {"type": "integer", "minimum": 0, "maximum": u64::MAX},
                "denominator": {"type": "integer", "minimum": 0, "maximum": u64::MAX},
                "value": {"type": ["number", "null"], "minimum": 0},
            },
            "required": ["numerator", "denominator", "value"],
            "additionalProperties": false,
        })
    }
}

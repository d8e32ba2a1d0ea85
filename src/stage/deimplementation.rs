//! The end of a stage history: an innovation the site stopped using on purpose.
//!
//! Source: Metz & Louison (2018), *The Hexagon: An Exploration Tool* (NIRN): a team's
//! recommendation is to adopt, replicate or **de-implement**; DOMAIN.md §2. The sources name the
//! decision, not how it is recorded: a dated end with a reason on the history is this crate's
//! choice.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::StageHistory;
use crate::Extensions;

/// The de-implementation that ends a stage history: from `date` on, the site no longer uses
/// the innovation.
///
/// It is the history's last word: it may not be dated before the history's last entry, and no
/// entry may come after it (a site that takes the innovation up again starts a new history
/// elsewhere, or drops the de-implementation). Both are checked by the site record's
/// validation. The rule is this crate's choice; the decision itself is the Hexagon 2018's
/// (Metz & Louison 2018).
///
/// ```
/// use implsci::stage::{DeImplementation, Stage, StageHistory};
/// let mut history = StageHistory::new("cico".parse()?);
/// history.record(Stage::InitialImplementation, "2023-09-01".parse()?);
/// history.de_implemented = Some(DeImplementation::new("2024-06-30".parse()?, "no longer fits the need"));
/// assert!(!history.de_implemented_on("2024-06-29".parse()?));
/// assert!(history.de_implemented_on("2024-06-30".parse()?)); // from the day itself
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DeImplementation {
    /// The first day the innovation is no longer in use.
    #[serde(deserialize_with = "crate::date::deserialize")]
    #[schemars(schema_with = "crate::date::schema")]
    pub date: Date,
    /// Why the site stopped (the team's decision, a Hexagon review, funding ended, …).
    pub reason: String,
    /// Integrators' own data; round-trips untouched.
    #[serde(default, skip_serializing_if = "Extensions::is_empty")]
    pub extensions: Extensions,
}

impl DeImplementation {
    /// A de-implementation on a date, for a reason.
    ///
    /// ```
    /// use implsci::stage::DeImplementation;
    /// let d = DeImplementation::new("2024-06-30".parse()?, "replaced by a district-wide program");
    /// assert_eq!(d.date.to_string(), "2024-06-30");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn new(date: Date, reason: impl Into<String>) -> Self {
        Self {
            date,
            reason: reason.into(),
            extensions: Extensions::new(),
        }
    }
}

impl StageHistory {
    /// Whether the innovation is de-implemented at the site on `date`: the history ends in a
    /// [`DeImplementation`] dated on or before it. [`stage_on`](StageHistory::stage_on) still
    /// gives the last stage reached.
    ///
    /// ```
    /// use implsci::stage::{DeImplementation, StageHistory};
    /// let mut history = StageHistory::new("cico".parse()?);
    /// assert!(!history.de_implemented_on("2030-01-01".parse()?)); // never de-implemented
    /// history.de_implemented = Some(DeImplementation::new("2024-06-30".parse()?, "funding ended"));
    /// assert!(history.de_implemented_on("2030-01-01".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn de_implemented_on(&self, date: Date) -> bool {
        self.de_implemented.as_ref().is_some_and(|d| d.date <= date)
    }

    /// Whether the innovation is in use at the site on `date`: a stage has begun and it is not
    /// de-implemented.
    ///
    /// ```
    /// use implsci::stage::{DeImplementation, Stage, StageHistory};
    /// let mut history = StageHistory::new("cico".parse()?);
    /// history.record(Stage::Exploration, "2023-09-01".parse()?);
    /// history.de_implemented = Some(DeImplementation::new("2024-06-30".parse()?, "poor fit"));
    /// assert!(!history.active_on("2023-08-31".parse()?)); // not begun
    /// assert!(history.active_on("2024-01-01".parse()?));
    /// assert!(!history.active_on("2024-07-01".parse()?)); // de-implemented
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn active_on(&self, date: Date) -> bool {
        self.stage_on(date).is_some() && !self.de_implemented_on(date)
    }
}

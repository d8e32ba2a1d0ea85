//! A system's settings: the parameters its analyses use, with their sources.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::id::LevelId;

/// Parameters of a system's analyses.
///
/// ```
/// use implsci::{Document, system::{AlignmentParams, Chain, Settings, System, SystemDocument}};
/// let mut doc = SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// assert_eq!(doc.settings, Settings::default()); // the example file sets none
/// // Jefferson Middle has no team, and is covered from Wake's district team; unless schools must have one.
/// doc.settings.require_team_at.push("school".parse()?);
/// let report = System::build(doc)?.alignment(&AlignmentParams::default());
/// let jefferson = report.unit(&"jefferson-ms".parse()?).ok_or("no such unit")?;
/// assert!(matches!(&jefferson.chain, Chain::Broken { at, .. } if at.as_str() == "jefferson-ms"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Settings {
    /// Team sizes outside this range are flagged (never refused).
    #[serde(default)]
    pub team_size: SizeRange,
    /// Levels on which every unit must have a team of its own (ids of `levels`; default
    /// none). In the alignment report a unit on such a level without a team is broken at
    /// itself, and so is every unit without a team below it whose walk up to its governing
    /// unit passes through it, even when that governing unit's team is connected. A unit with
    /// its own connected team is not affected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub require_team_at: Vec<LevelId>,
}

impl Settings {
    pub(super) fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// An inclusive range of team sizes: a minimum and, optionally, a maximum.
///
/// Source: most NIRN pages say implementation teams have 3 to 5 members; a revised page says
/// 5 to 7. The sources are read for the minimum, so `min` is a setting. **The upper bound is
/// this crate's choice** and may be absent: `max: None` (a `team_size` without `max` on the
/// wire) flags no team as too large. The default, used when a system's settings give no
/// `team_size`, is 3 to 5 members, the most common NIRN wording taken as a range.
///
/// ```
/// use implsci::system::SizeRange;
/// let range = SizeRange::default();
/// assert_eq!((range.min, range.max), (3, Some(5)));
/// assert!(range.contains(5) && !range.contains(6));
/// // No upper bound: a team of 12 is not too large.
/// let open: SizeRange = serde_json::from_str(r#"{"min": 5}"#)?;
/// assert_eq!(open, SizeRange::at_least(5));
/// assert!(open.contains(12) && !open.contains(4));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeRange {
    /// Fewest members.
    pub min: u32,
    /// Most members; `None` (absent on the wire) for no upper bound. This crate's choice, not
    /// a published number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

impl SizeRange {
    /// From `min` to `max` members, inclusive.
    ///
    /// ```
    /// use implsci::system::SizeRange;
    /// let range = SizeRange::between(5, 7); // the revised NIRN page's 5 to 7
    /// assert_eq!(range.max, Some(7));
    /// ```
    #[must_use]
    pub fn between(min: u32, max: u32) -> Self {
        Self {
            min,
            max: Some(max),
        }
    }

    /// At least `min` members, with no upper bound.
    ///
    /// ```
    /// use implsci::system::SizeRange;
    /// let range = SizeRange::at_least(3);
    /// assert_eq!(range.max, None);
    /// assert!(range.contains(40));
    /// ```
    #[must_use]
    pub fn at_least(min: u32) -> Self {
        Self { min, max: None }
    }

    /// True when `n` lies in the range.
    ///
    /// ```
    /// use implsci::system::SizeRange;
    /// let range = SizeRange::between(5, 7);
    /// assert!(range.contains(5) && range.contains(7)); // inclusive at both ends
    /// assert!(!range.contains(4) && !range.contains(8));
    /// ```
    #[must_use]
    pub fn contains(self, n: u32) -> bool {
        n >= self.min && !self.above(n)
    }

    /// True when `n` is above the upper bound (never, without one).
    ///
    /// ```
    /// use implsci::system::SizeRange;
    /// assert!(SizeRange::between(3, 5).above(6));
    /// assert!(!SizeRange::at_least(3).above(600));
    /// ```
    #[must_use]
    pub fn above(self, n: u32) -> bool {
        self.max.is_some_and(|max| n > max)
    }
}

impl std::fmt::Display for SizeRange {
    /// `3–5`, or `3 or more` without an upper bound.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.max {
            Some(max) => write!(f, "{}–{max}", self.min),
            None => write!(f, "{} or more", self.min),
        }
    }
}

impl Default for SizeRange {
    /// 3 to 5 members (see the type's documentation).
    fn default() -> Self {
        Self::between(3, 5)
    }
}

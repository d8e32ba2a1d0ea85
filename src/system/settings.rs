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

/// An inclusive range of team sizes.
///
/// Default 3–5 members: most NIRN pages say implementation teams have 3 to 5 members; a
/// revised page says 5 to 7, so the range is a setting.
///
/// ```
/// use implsci::system::SizeRange;
/// let range = SizeRange::default();
/// assert_eq!((range.min, range.max), (3, 5));
/// assert!(range.contains(5) && !range.contains(6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeRange {
    /// Fewest members.
    pub min: u32,
    /// Most members.
    pub max: u32,
}

impl SizeRange {
    /// True when `n` lies in the range.
    ///
    /// ```
    /// use implsci::system::SizeRange;
    /// let range = SizeRange { min: 5, max: 7 };
    /// assert!(range.contains(5) && range.contains(7)); // inclusive at both ends
    /// assert!(!range.contains(4) && !range.contains(8));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn contains(self, n: u32) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

impl Default for SizeRange {
    fn default() -> Self {
        Self { min: 3, max: 5 }
    }
}

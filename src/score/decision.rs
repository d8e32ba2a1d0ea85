//! The team's decision at the end of an exploration.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a team decides at the end of an exploration with the Hexagon Tool 2018: to adopt the
/// innovation, to replicate it, or to de-implement it.
///
/// Source: Metz, A. & Louison, L. (2018). *The Hexagon: An Exploration Tool*. Chapel Hill, NC:
/// NIRN, FPG Child Development Institute, UNC Chapel Hill; NIRN's discussion tool (V2-2):
/// "Using the discussion notes and ratings, the team makes recommendations about whether to
/// adopt, replicate, or de-implement". The decision comes from the team's discussion, not from
/// the ratings: this crate records it and never computes it
/// ([`Hexagon2018`](crate::score::instruments::hexagon::Hexagon2018)).
///
/// In JSON: `"adopt"`, `"replicate"`, `"de_implement"`.
///
/// ```
/// use implsci::score::ExplorationDecision;
/// let d: ExplorationDecision = serde_json::from_str(r#""de_implement""#)?;
/// assert_eq!(d, ExplorationDecision::DeImplement);
/// assert_eq!(d.to_string(), "de_implement");
/// assert!(serde_json::from_str::<ExplorationDecision>(r#""maybe""#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ExplorationDecision {
    /// Adopt the innovation.
    Adopt,
    /// Replicate the innovation.
    Replicate,
    /// De-implement the innovation.
    DeImplement,
}

impl ExplorationDecision {
    /// Every decision, in the source's order.
    ///
    /// ```
    /// use implsci::score::ExplorationDecision;
    /// let names: Vec<&str> = ExplorationDecision::ALL.iter().map(|d| d.as_str()).collect();
    /// assert_eq!(names, ["adopt", "replicate", "de_implement"]);
    /// ```
    pub const ALL: [Self; 3] = [Self::Adopt, Self::Replicate, Self::DeImplement];

    /// The decision's name, as JSON writes it.
    ///
    /// ```
    /// use implsci::score::ExplorationDecision;
    /// assert_eq!(ExplorationDecision::Replicate.as_str(), "replicate");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Adopt => "adopt",
            Self::Replicate => "replicate",
            Self::DeImplement => "de_implement",
        }
    }
}

impl std::fmt::Display for ExplorationDecision {
    /// The decision's name, as JSON writes it.
    ///
    /// ```
    /// use implsci::score::ExplorationDecision;
    /// assert_eq!(ExplorationDecision::Adopt.to_string(), "adopt");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

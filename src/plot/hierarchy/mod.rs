//! The units and teams of an implementation system as a tree drawn for a page: levels top to
//! bottom, each unit a box with its name, coloured *and* patterned by its chain of support,
//! a team marker on units that have a team, and the links between the levels.
//!
//! What is drawn (the alignment report's reading, [`System::alignment_with`]):
//!
//! - each unit's [`Category`]: its own connected team, covered from above, the chain broken
//!   at the unit, the chain broken above it, or no chain at all (no team at or above it, or
//!   none at the top), as the box's coloured, patterned strip, its border and a line of text;
//! - a black square on a unit that has a team (the report's `teams`), with their number in
//!   `data-teams`;
//! - from each unit up to its parent, a connector: **blue** when one of the unit's teams is
//!   supported by a team of the nearest unit above with one (a supports link, perhaps across a
//!   level without a team: `data-from` names that unit); **dashed vermillion with a ✕** where
//!   the chain breaks at the unit (a missing supports link, or a missing required team); thin
//!   grey otherwise (the unit tree). Reports-to and collaborates-with links are not drawn.
//!
//! The layout, this crate's own: each level's boxes in the order of their parents (the
//! report's breadth-first order), a level that fits one row placed with each run of siblings
//! under its parent; a wider level wrapped into rows, each run of siblings kept together
//! and framed under its parent's name, with a short connector stub above each box instead of
//! a line to a parent rows away. A page is 800 pixels wide, its height what the rows need:
//! a state of 100 schools in 10 districts is about one portrait page.
//!
//! **Bounded**: levels are drawn top-down while the unit boxes stay within `max_nodes`
//! ([`DEFAULT_MAX_NODES`]); the first level that would pass it, and every level below, is
//! folded into one summary box per drawn unit above, which counts the units it holds per
//! level, unbroken and broken ("School: 48 (40 unbroken, 8 broken)"). Nothing is dropped
//! silently: a note under the tree says how many units were folded. So a state of 5,000
//! schools draws its state, regions and districts and 100 summaries.
//!
//! Source: NIRN Active Implementation Hub, module 3 (linked implementation teams at every
//! level); the categories are the alignment report's ([`Chain`]); the colours Okabe & Ito
//! (2008).
//!
//! ```
//! use implsci::plot::hierarchy::HierarchyChart;
//! use implsci::system::{AlignmentParams, System};
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let report = system.alignment(&AlignmentParams::default());
//! let svg = HierarchyChart::new("Example State").draw(&system, &report)?;
//! let text = svg.to_svg();
//! assert_eq!(text.matches(r#"class="unit""#).count(), 17);
//! assert!(text.contains(r#"data-unit="roosevelt-es" data-category="broken-here""#));
//! assert_eq!(text.matches(r#"class="break-symbol""#).count(), 3); // roosevelt, parkwood, brunswick
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod draw;
mod layout;

use crate::id::UnitId;
use crate::system::{AlignmentReport, BreakReason, Chain, System, UnitAlignment};

use super::Svg;

/// The default most unit boxes drawn before the levels below are folded into summaries.
/// This crate's choice: about 150 boxes of 84 × 34 pixels fill a portrait page 800 pixels
/// wide.
///
/// ```
/// assert_eq!(implsci::plot::hierarchy::DEFAULT_MAX_NODES, 150);
/// ```
pub const DEFAULT_MAX_NODES: usize = 150;

/// A unit's place in the chain of support, as the hierarchy chart draws it.
///
/// ```
/// use implsci::plot::hierarchy::Category;
/// assert_eq!(Category::BrokenHere.as_str(), "broken-here");
/// assert!(Category::Covered.is_unbroken());
/// assert_eq!(Category::ALL.len(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The unit has its own connected team ([`Chain::OwnTeam`]).
    OwnTeam,
    /// The unit has no team; the team above it covers it ([`Chain::CoveredFromAbove`]).
    Covered,
    /// The chain breaks at this unit: its team is not supported from above, or it lacks a
    /// team its level requires.
    BrokenHere,
    /// The chain breaks at a unit above this one.
    BrokenAbove,
    /// No chain: no team at or above the unit, or none at the top
    /// ([`BreakReason::NoTeamAtOrAbove`], [`BreakReason::NoTopTeam`]).
    NoChain,
}

impl Category {
    /// Every category, in the legend's order.
    ///
    /// ```
    /// use implsci::plot::hierarchy::Category;
    /// assert_eq!(Category::ALL[0], Category::OwnTeam);
    /// ```
    pub const ALL: [Self; 5] = [
        Self::OwnTeam,
        Self::Covered,
        Self::BrokenHere,
        Self::BrokenAbove,
        Self::NoChain,
    ];

    /// A unit's category.
    ///
    /// ```
    /// use implsci::plot::hierarchy::Category;
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let of = |id: &str| report.unit(&id.parse().unwrap()).map(Category::of);
    /// assert_eq!(of("lincoln-es"), Some(Category::OwnTeam));
    /// assert_eq!(of("jefferson-ms"), Some(Category::Covered));
    /// assert_eq!(of("brunswick"), Some(Category::BrokenHere));
    /// assert_eq!(of("leland-ms"), Some(Category::BrokenAbove));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn of(unit: &UnitAlignment) -> Self {
        match &unit.chain {
            Chain::OwnTeam => Self::OwnTeam,
            Chain::CoveredFromAbove { .. } => Self::Covered,
            Chain::Broken {
                reason: BreakReason::NoTeamAtOrAbove | BreakReason::NoTopTeam,
                ..
            } => Self::NoChain,
            Chain::Broken { at, .. } if *at == unit.unit => Self::BrokenHere,
            _ => Self::BrokenAbove,
        }
    }

    /// The name written in `data-category`.
    ///
    /// ```
    /// use implsci::plot::hierarchy::Category;
    /// assert_eq!(Category::NoChain.as_str(), "no-chain");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OwnTeam => "own-team",
            Self::Covered => "covered",
            Self::BrokenHere => "broken-here",
            Self::BrokenAbove => "broken-above",
            Self::NoChain => "no-chain",
        }
    }

    /// The words in the box and the legend.
    ///
    /// ```
    /// use implsci::plot::hierarchy::Category;
    /// assert_eq!(Category::OwnTeam.label(), "own connected team");
    /// ```
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::OwnTeam => "own connected team",
            Self::Covered => "covered from above",
            Self::BrokenHere => "chain breaks here",
            Self::BrokenAbove => "broken above",
            Self::NoChain => "no chain",
        }
    }

    /// Whether the chain reaches the top ([`Chain::is_unbroken`]).
    ///
    /// ```
    /// use implsci::plot::hierarchy::Category;
    /// assert!(!Category::NoChain.is_unbroken());
    /// ```
    #[must_use]
    pub fn is_unbroken(self) -> bool {
        matches!(self, Self::OwnTeam | Self::Covered)
    }
}

/// `--root` names a unit the report does not have.
///
/// ```
/// use implsci::plot::hierarchy::HierarchyChart;
/// use implsci::system::{AlignmentParams, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let e = HierarchyChart::new("T").root("atlantis".parse()?).draw(&system, &report).unwrap_err();
/// assert_eq!(e.to_string(), "no unit has the id `atlantis`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no unit has the id `{id}`")]
#[non_exhaustive]
pub struct UnknownRoot {
    /// The id asked for.
    pub id: String,
}

/// The hierarchy chart: builder and drawing.
///
/// ```
/// use implsci::plot::hierarchy::HierarchyChart;
/// use implsci::system::{AlignmentParams, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let svg = HierarchyChart::new("Wake").root("wake".parse()?).draw(&system, &report)?;
/// assert_eq!(svg.as_str().matches(r#"class="unit""#).count(), 4); // Wake and its schools
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HierarchyChart {
    title: String,
    subtitle: Option<String>,
    root: Option<UnitId>,
    max_nodes: usize,
    width: u32,
}

impl HierarchyChart {
    /// A chart of the whole system, at most [`DEFAULT_MAX_NODES`] unit boxes, 800 pixels
    /// wide.
    ///
    /// ```
    /// use implsci::plot::hierarchy::HierarchyChart;
    /// let chart = HierarchyChart::new("State");
    /// # let _ = chart;
    /// ```
    #[must_use]
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            subtitle: None,
            root: None,
            max_nodes: DEFAULT_MAX_NODES,
            width: 800,
        }
    }

    /// A line under the title (the date looked at, say).
    ///
    /// ```
    /// use implsci::plot::hierarchy::HierarchyChart;
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let svg = HierarchyChart::new("S").subtitle("as of 2025-01-15").draw(&system, &report)?;
    /// assert!(svg.as_str().contains(">as of 2025-01-15</text>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.subtitle = Some(subtitle.into());
        self
    }

    /// Draws only `unit` and the units under it.
    ///
    /// ```
    /// use implsci::plot::hierarchy::HierarchyChart;
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let svg = HierarchyChart::new("Coastal").root("coastal".parse()?).draw(&system, &report)?;
    /// assert!(!svg.as_str().contains(r#"data-unit="wake""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn root(mut self, unit: UnitId) -> Self {
        self.root = Some(unit);
        self
    }

    /// The most unit boxes drawn (at least 1); the levels past it are folded into summaries.
    ///
    /// ```
    /// use implsci::plot::hierarchy::HierarchyChart;
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let svg = HierarchyChart::new("S").max_nodes(8).draw(&system, &report)?;
    /// // State, 3 regions and 4 districts drawn; the 9 schools in 4 summaries.
    /// assert_eq!(svg.as_str().matches(r#"class="unit""#).count(), 8);
    /// assert_eq!(svg.as_str().matches(r#"class="summary""#).count(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn max_nodes(mut self, max_nodes: usize) -> Self {
        self.max_nodes = max_nodes.max(1);
        self
    }

    /// The width in pixels (default 800, at least 300).
    ///
    /// ```
    /// use implsci::plot::hierarchy::HierarchyChart;
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// assert_eq!(HierarchyChart::new("S").width(600).draw(&system, &report)?.width(), 600);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn width(mut self, width: u32) -> Self {
        self.width = width.max(300);
        self
    }

    /// Draws `report` (the alignment report of `system`, whose level names it reads).
    ///
    /// ```
    /// use implsci::plot::hierarchy::HierarchyChart;
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let chart = HierarchyChart::new("S");
    /// assert_eq!(chart.draw(&system, &report)?, chart.draw(&system, &report)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownRoot`] when [`root`](Self::root) names a unit the report does not have.
    pub fn draw(&self, system: &System, report: &AlignmentReport) -> Result<Svg, UnknownRoot> {
        let root = match &self.root {
            Some(id) => Some(
                report
                    .units
                    .iter()
                    .position(|u| &u.unit == id)
                    .ok_or_else(|| UnknownRoot { id: id.to_string() })?,
            ),
            None => None,
        };
        Ok(draw::draw(self, system, report, root))
    }
}

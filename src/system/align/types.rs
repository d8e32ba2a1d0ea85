//! The alignment report's rows: per unit, per level, per team and per coach, and the report
//! that holds them.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;

use super::Chain;
use crate::id::{CoachId, InnovationId, LevelId, TeamId, UnitId};
use crate::share::Share;
use crate::system::{Ancestors, SizeRange};

/// One unit's alignment, with its place in the hierarchy.
///
/// ```
/// use implsci::system::{AlignmentParams, Chain, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let jefferson = report.unit(&"jefferson-ms".parse()?).ok_or("no such unit")?;
/// assert_eq!(jefferson.name.as_deref(), Some("Jefferson Middle"));
/// assert_eq!(jefferson.ancestors.get(&"region".parse()?).map(|u| u.as_str()), Some("central"));
/// assert_eq!(jefferson.teams, 0);
/// // Governed by the Wake district team, which the state team reaches.
/// assert_eq!(jefferson.ancestor_team_unit.as_ref().map(|u| u.as_str()), Some("wake"));
/// assert_eq!(jefferson.skipped_levels.iter().map(|l| l.as_str()).collect::<Vec<_>>(), ["school"]);
/// assert_eq!(jefferson.chain, Chain::CoveredFromAbove { by: "wake".parse()?, levels: 1 });
/// assert_eq!(jefferson.practitioners, 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UnitAlignment {
    /// The unit.
    pub unit: UnitId,
    /// Its name, if the system gives one. Shared with the system.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Arc<str>>,
    /// Its level.
    pub level: LevelId,
    /// Its parent; `None` for the root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<UnitId>,
    /// The unit above it on each higher level, highest first.
    pub ancestors: Ancestors,
    /// How many teams it has (which ones: [`AlignmentReport::teams`], by `unit`).
    pub teams: u32,
    /// The nearest unit above it that has a team: for a unit without a team, its governing
    /// unit; for a unit with one, the unit its teams are expected to be supported from.
    pub ancestor_team_unit: Option<UnitId>,
    /// For a unit with a team: is one of its teams supported by a team of
    /// `ancestor_team_unit`? `None` for a unit without a team, or the top.
    pub linked_from_ancestor: Option<bool>,
    /// Levels from this unit up to the top whose unit on the way has no team, bottom up: the
    /// nearest [`MAX_ANCESTOR_LEVELS`](crate::system::MAX_ANCESTOR_LEVELS) of them, so that the
    /// report stays linear in the system however deep it is. Shared between units with the
    /// same gaps.
    pub skipped_levels: Arc<[LevelId]>,
    /// Its chain of support: own connected team, covered from above, or broken (`chain`, with
    /// `by` and `covered_levels`, or `at`, `reason` and the reason's fields).
    #[serde(flatten)]
    pub chain: Chain,
    /// Active practitioners in this unit (not below it).
    pub practitioners: u64,
}

/// One level's alignment: its units by chain, out of all units on the level.
///
/// ```
/// use implsci::{share::Share, system::{AlignmentParams, System}};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let school = report.level(&"school".parse()?).ok_or("no such level")?;
/// assert_eq!(school.units_with_team, Share::new(7, 9));
/// assert_eq!(school.units_own_team, Share::new(4, 9));
/// assert_eq!(school.units_covered_from_above, Share::new(1, 9)); // Jefferson Middle
/// assert_eq!(school.units_broken, Share::new(4, 9));
/// assert_eq!(school.units_unbroken, Share::new(5, 9)); // own team or covered
/// assert_eq!(school.practitioners_covered, Share::new(26, 45));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct LevelAlignment {
    /// The level.
    pub level: LevelId,
    /// Units on this level that have a team.
    pub units_with_team: Share,
    /// Of those below the top, units linked from the nearest team above.
    pub units_linked: Share,
    /// Units on this level whose chain is unbroken: own connected team or covered from above.
    pub units_unbroken: Share,
    /// Units on this level with their own connected team.
    pub units_own_team: Share,
    /// Units on this level without a team, covered from above.
    pub units_covered_from_above: Share,
    /// Units on this level whose chain breaks.
    pub units_broken: Share,
    /// Active practitioners in units on this level with an unbroken chain.
    pub practitioners_covered: Share,
}

/// A team size outside the configured range.
///
/// ```
/// use implsci::system::{AlignmentParams, SizeFlag, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default()); // flags against 3–5 members
/// let flag = |id: &str| report.teams.iter().find(|t| t.team.as_str() == id).unwrap().size_flag;
/// assert_eq!(flag("roosevelt-bit"), Some(SizeFlag::TooSmall)); // 2 members
/// assert_eq!(flag("erwin-bit"), Some(SizeFlag::TooLarge)); // 7 members
/// assert_eq!(flag("sit"), None); // 5 members
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SizeFlag {
    /// Fewer active members than the range's minimum.
    TooSmall,
    /// More active members than the range's maximum.
    TooLarge,
}

/// A team's span of support.
///
/// ```
/// use implsci::system::{AlignmentParams, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let wake = report.teams.iter().find(|t| t.team.as_str() == "wake-dit").unwrap();
/// assert_eq!(wake.members, 3); // four listed, one membership has ended
/// assert!(wake.connected);
/// assert_eq!(wake.supports, 1); // lincoln-bit
/// // Wake itself (1), Jefferson Middle, which has no team (6), and Lincoln Elementary (6).
/// assert_eq!(wake.practitioners_reached, 13);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct TeamSpan {
    /// The team.
    pub team: TeamId,
    /// Its unit.
    pub unit: UnitId,
    /// Active members.
    pub members: u32,
    /// Set when the size is outside the range.
    pub size_flag: Option<SizeFlag>,
    /// Is a chain of supports links reaching it from a top team?
    pub connected: bool,
    /// Teams it supports directly (active links).
    pub supports: u32,
    /// Units governed by the teams it reaches (itself included) through supports links.
    pub units_reached: u64,
    /// Active practitioners in those units.
    pub practitioners_reached: u64,
    /// It supports no team and governs no practitioner; only ever set where the system lists
    /// practitioners (a system of units and teams alone has no one to count).
    pub no_one_to_support: bool,
}

/// A coach's caseload against capacity.
///
/// ```
/// use implsci::{share::Share, system::{AlignmentParams, System}};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let wake = &report.coaches[0];
/// assert_eq!(wake.coach.as_str(), "coach-wake-1");
/// assert_eq!(wake.load, Share::new(11, 8)); // 11 practitioners, capacity 8
/// assert!(wake.overloaded);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CoachLoad {
    /// The coach.
    pub coach: CoachId,
    /// Active practitioners in the caseload, out of the capacity.
    pub load: Share,
    /// More practitioners than capacity.
    pub overloaded: bool,
    /// Active practitioners in the caseload for every innovation, part of `load`; given only
    /// when the coach has caseloads for single innovations (otherwise it is all of `load`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_innovations: Option<u64>,
    /// Each innovation's caseload, in the coach's order (only the innovation looked at, when
    /// the report is about one); empty when the coach has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_innovation: Vec<InnovationLoad>,
}

/// One innovation's part of a coach's load.
///
/// Source: DOMAIN.md §5; the rules are [`System::alignment_with`](crate::system::System::alignment_with)'s.
///
/// ```
/// use implsci::system::{AlignmentParams, System};
/// let system = System::from_json(&std::fs::read_to_string("tests/fixtures/innovations/system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let parts: Vec<_> = report.coaches[0].by_innovation.iter().map(|l| (l.innovation.as_str(), l.practitioners)).collect();
/// assert_eq!(parts, [("check-in-check-out", 3), ("good-behavior-game", 3)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct InnovationLoad {
    /// The innovation.
    pub innovation: InnovationId,
    /// Active practitioners coached for it, counted in the coach's load.
    pub practitioners: u64,
    /// Active practitioners coached for it at a site that de-implemented it: shown apart,
    /// not counted in the load.
    pub de_implemented: u64,
}

impl InnovationLoad {
    /// An innovation's part with nothing counted yet.
    ///
    /// ```
    /// let part = implsci::system::InnovationLoad::new("cico".parse()?);
    /// assert_eq!((part.practitioners, part.de_implemented), (0, 0));
    /// # Ok::<(), implsci::id::IdError>(())
    /// ```
    #[must_use]
    pub fn new(innovation: InnovationId) -> Self {
        Self {
            innovation,
            practitioners: 0,
            de_implemented: 0,
        }
    }
}

/// The alignment report of a system.
///
/// ```
/// use implsci::{share::Share, system::{AlignmentParams, System}};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// assert_eq!(report.as_of, None); // the current state
/// assert_eq!(report.practitioners_covered, Share::new(27, 46));
/// assert_eq!(report.practitioners_coached, Share::new(29, 46));
/// assert_eq!(report.units_own_team, Share::new(9, 17));
/// assert_eq!(report.units_covered_from_above, Share::new(3, 17));
/// assert_eq!(report.units_broken, Share::new(5, 17));
/// assert_eq!(report.units.len(), system.document().units.len());
/// assert_eq!(report.units[0].unit.as_str(), "state"); // top-down from the root
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct AlignmentReport {
    /// The date looked at; `None` for the current state.
    #[schemars(schema_with = "crate::date::optional_schema")]
    pub as_of: Option<jiff::civil::Date>,
    /// The team-size range applied.
    pub team_size: SizeRange,
    /// Active practitioners with an unbroken chain to a top team.
    pub practitioners_covered: Share,
    /// Units with their own connected team, out of all units.
    pub units_own_team: Share,
    /// Units without a team, covered from above, out of all units.
    pub units_covered_from_above: Share,
    /// Units whose chain breaks, out of all units.
    pub units_broken: Share,
    /// Active practitioners in at least one coach's caseload.
    pub practitioners_coached: Share,
    /// Per level, top to bottom.
    pub levels: Vec<LevelAlignment>,
    /// Per unit, top-down (breadth first from the root).
    pub units: Vec<UnitAlignment>,
    /// Per team, in document order.
    pub teams: Vec<TeamSpan>,
    /// Per coach, in document order.
    pub coaches: Vec<CoachLoad>,
}

impl AlignmentReport {
    /// The units whose chain breaks.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let broken: Vec<_> = report.broken_units().map(|u| u.unit.as_str()).collect();
    /// assert_eq!(broken, ["brunswick", "roosevelt-es", "parkwood-es", "southport-es", "leland-ms"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn broken_units(&self) -> impl Iterator<Item = &UnitAlignment> {
        self.units.iter().filter(|u| !u.chain.is_unbroken())
    }

    /// The coaches with more practitioners than capacity.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let overloaded: Vec<_> = report.overloaded_coaches().map(|c| c.coach.as_str()).collect();
    /// assert_eq!(overloaded, ["coach-wake-1"]); // 11 practitioners, capacity 8
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn overloaded_coaches(&self) -> impl Iterator<Item = &CoachLoad> {
        self.coaches.iter().filter(|c| c.overloaded)
    }

    /// The row of a unit; `None` for an id the report does not have (one look through the
    /// units).
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let wake = report.unit(&"wake".parse()?).ok_or("no such unit")?;
    /// assert!(wake.chain.is_own_team());
    /// assert!(report.unit(&"atlantis".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn unit(&self, id: &UnitId) -> Option<&UnitAlignment> {
        self.units.iter().find(|u| &u.unit == id)
    }

    /// The row of a level; `None` for an id the report does not have.
    ///
    /// ```
    /// use implsci::{share::Share, system::{AlignmentParams, System}};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let region = report.level(&"region".parse()?).ok_or("no such level")?;
    /// assert_eq!(region.units_covered_from_above, Share::new(1, 3)); // Coastal, under the state
    /// assert!(report.level(&"county".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn level(&self, id: &LevelId) -> Option<&LevelAlignment> {
        self.levels.iter().find(|l| &l.level == id)
    }
}

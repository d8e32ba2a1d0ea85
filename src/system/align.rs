//! The alignment report: does every unit have a team, is every team supported by the team
//! above it, where does the chain break, and who is reached.
//!
//! Definitions (NIRN module 3; SISEP linked teams):
//!
//! - The *top teams* are the teams of the root unit.
//! - A team is *connected* when a chain of active `supports` links leads down to it from a top
//!   team. A team may be supported by several teams (links form a DAG); one chain suffices.
//! - A unit's *governing unit* is the nearest unit at or above it that has a team. A unit, and
//!   each practitioner in it, has an *unbroken chain* when some team of its governing unit is
//!   connected.
//! - A unit with a team is *linked* when a team of the nearest ancestor unit that has a team
//!   supports one of its teams (the vertical line). The levels between the two are *skipped*.
//! - Where a chain breaks: walking up the governing units, the highest one that is not
//!   connected although the one above it is (or the top has no team at all).
//!
//! Team sizes outside the configured range (default 3–5, NIRN; 5–7 on a revised page) are
//! flagged, never refused.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Serialize;

use super::structure::{Csr, NONE};
use super::{SizeRange, System, TeamsAt, When};
use crate::id::{CoachId, LevelId, TeamId, UnitId};
use crate::share::Share;

mod chains;
mod report;

pub(crate) use chains::Chains;

/// Parameters of the alignment report.
///
/// ```
/// use implsci::system::{AlignmentParams, When};
/// let params = AlignmentParams::default().when(When::On("2025-01-15".parse()?));
/// assert!(params.team_size.is_none()); // the system's own setting applies
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AlignmentParams {
    /// Which links, memberships and practitioners count: current ones, or those active on a date.
    pub when: When,
    /// The team-size range to flag against; `None` uses the system's `settings.team_size`.
    pub team_size: Option<SizeRange>,
}

/// Why a chain of support breaks.
///
/// ```
/// use implsci::system::{AlignmentParams, BreakReason, Chain, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let roosevelt = report.units.iter().find(|u| u.unit.as_str() == "roosevelt-es").unwrap();
/// // Roosevelt has a building team, but Wake's district team does not support it.
/// let Chain::Broken { reason, .. } = &roosevelt.chain else { panic!("roosevelt-es is broken") };
/// assert_eq!(reason, &BreakReason::NotSupported { expected_from: "wake".parse()? });
/// assert_eq!(reason.to_string(), "no supports link from a team of `wake`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum BreakReason {
    /// Neither the unit nor any unit above it has a team.
    NoTeamAtOrAbove,
    /// The root unit has no team, so no chain can reach the top.
    NoTopTeam,
    /// No team of `expected_from` (the nearest unit above with a team) supports a team of `at`,
    /// and no other chain reaches `at`.
    NotSupported {
        /// The nearest unit above `at` that has a team.
        expected_from: UnitId,
    },
}

impl fmt::Display for BreakReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoTeamAtOrAbove => f.write_str("no team at or above"),
            Self::NoTopTeam => f.write_str("the top unit has no team"),
            Self::NotSupported { expected_from } => {
                write!(f, "no supports link from a team of `{expected_from}`")
            }
        }
    }
}

/// Whether a unit's chain of support reaches the top.
///
/// ```
/// use implsci::system::{AlignmentParams, Chain, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let chain = |id: &str| &report.units.iter().find(|u| u.unit.as_str() == id).unwrap().chain;
/// assert_eq!(chain("lincoln-es"), &Chain::Unbroken);
/// // Leland Middle has no team; Brunswick's district team above it is not supported from the state.
/// assert!(matches!(chain("leland-ms"), Chain::Broken { at, .. } if at.as_str() == "brunswick"));
/// assert_eq!(
///     chain("leland-ms").to_string(),
///     "broken at `brunswick`: no supports link from a team of `state`"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "chain", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Chain {
    /// A chain of active supports links reaches the unit's governing team from a top team.
    Unbroken,
    /// The chain breaks at `at`.
    Broken {
        /// The unit where the chain breaks.
        at: UnitId,
        /// Why.
        #[serde(flatten)]
        reason: BreakReason,
    },
}

impl fmt::Display for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unbroken => f.write_str("unbroken"),
            Self::Broken { at, reason } => write!(f, "broken at `{at}`: {reason}"),
        }
    }
}

impl Chain {
    /// True for [`Chain::Unbroken`].
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let unbroken = report.units.iter().filter(|u| u.chain.is_unbroken()).count();
    /// assert_eq!(unbroken, 12);
    /// assert_eq!(unbroken + report.broken_units().count(), report.units.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_unbroken(&self) -> bool {
        matches!(self, Self::Unbroken)
    }
}

/// One unit's alignment.
///
/// ```
/// use implsci::system::{AlignmentParams, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let jefferson = report.units.iter().find(|u| u.unit.as_str() == "jefferson-ms").unwrap();
/// assert_eq!(jefferson.teams, 0);
/// // Governed by the Wake district team, which the state team reaches.
/// assert_eq!(jefferson.ancestor_team_unit.as_ref().map(|u| u.as_str()), Some("wake"));
/// assert_eq!(jefferson.skipped_levels.iter().map(|l| l.as_str()).collect::<Vec<_>>(), ["school"]);
/// assert!(jefferson.chain.is_unbroken());
/// assert_eq!(jefferson.practitioners, 6);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct UnitAlignment {
    /// The unit.
    pub unit: UnitId,
    /// Its level.
    pub level: LevelId,
    /// How many teams it has (which ones: [`AlignmentReport::teams`], by `unit`).
    pub teams: u32,
    /// The nearest unit above it that has a team.
    pub ancestor_team_unit: Option<UnitId>,
    /// For a unit with a team: is one of its teams supported by a team of
    /// `ancestor_team_unit`? `None` for a unit without a team, or the top.
    pub linked_from_ancestor: Option<bool>,
    /// Levels from this unit up to the top whose unit on the way has no team, bottom up.
    /// Shared between units with the same gaps.
    pub skipped_levels: Arc<[LevelId]>,
    /// Whether the chain of support reaches the top.
    #[serde(flatten)]
    pub chain: Chain,
    /// Active practitioners in this unit (not below it).
    pub practitioners: u64,
}

/// One level's alignment.
///
/// ```
/// use implsci::{share::Share, system::{AlignmentParams, System}};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let school = report.levels.iter().find(|l| l.level.as_str() == "school").unwrap();
/// assert_eq!(school.units_with_team, Share::new(7, 9));
/// assert_eq!(school.units_unbroken, Share::new(5, 9));
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
    /// Of those, units linked from the nearest team above.
    pub units_linked: Share,
    /// Units on this level whose chain is unbroken.
    pub units_unbroken: Share,
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
}

impl AlignmentParams {
    /// Looks at `when` instead of the current state.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System, When};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let date = jiff::civil::date(2024, 1, 15);
    /// let report = system.alignment(&AlignmentParams::default().when(When::On(date)));
    /// assert_eq!(report.as_of, Some(date));
    /// // The state team's supports links start on 2024-08-01: no chain reached anyone yet.
    /// assert_eq!(report.practitioners_covered.numerator, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn when(mut self, when: When) -> Self {
        self.when = when;
        self
    }

    /// Flags team sizes against `range` instead of the system's setting.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, SizeRange, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let range = SizeRange { min: 5, max: 7 };
    /// let report = system.alignment(&AlignmentParams::default().team_size(range));
    /// assert_eq!(report.team_size, range);
    /// let erwin = report.teams.iter().find(|t| t.team.as_str() == "erwin-bit").unwrap();
    /// assert_eq!(erwin.size_flag, None); // 7 members: too many for 3–5, not for 5–7
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn team_size(mut self, range: SizeRange) -> Self {
        self.team_size = Some(range);
        self
    }
}

impl System {
    /// The alignment report.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    ///
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// for unit in report.broken_units() {
    ///     println!("{}: {}", unit.unit, unit.chain);
    /// }
    /// assert!(report.broken_units().count() > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    #[allow(clippy::too_many_lines)] // one pass per list of the system, in order
    pub fn alignment(&self, params: &AlignmentParams) -> AlignmentReport {
        let idx = &self.index;
        let doc = &self.doc;
        let when = params.when;
        let team_size = params.team_size.unwrap_or(doc.settings.team_size);
        let supports = self.active_supports(when);
        let down = Csr::from_pairs(doc.teams.len(), &supports);
        let at = self.teams_at(when);
        let chains = self.chains_with(&down, &at);

        // Practitioners: one pass, unit by unit, counting active ones.
        // Per practitioner: ACTIVE, and COACHED once a caseload names them.
        let mut flags = vec![0u8; doc.practitioners.len()];
        let mut per_unit = vec![0u64; doc.units.len()];
        for (u, count) in per_unit.iter_mut().enumerate() {
            for &p in idx.practitioners_by_unit.row(build_index(u)) {
                let pr = &doc.practitioners[p as usize];
                let on = match (when, pr.start) {
                    (When::Current, _) => pr.end.is_none(),
                    (When::On(_), None) => when.includes(jiff::civil::Date::MIN, pr.end),
                    (When::On(_), Some(start)) => when.includes(start, pr.end),
                };
                if on {
                    flags[p as usize] = ACTIVE;
                    *count += 1;
                }
            }
        }

        // Units: linked from the nearest team above, skipped levels, chain.
        let mut linked = vec![false; doc.units.len()];
        for &(from, to) in &supports {
            let below = idx.team_unit[to as usize];
            let above = match idx.parent[below as usize] {
                NONE => NONE,
                p => at.nearest[p as usize],
            };
            if above != NONE && idx.team_unit[from as usize] == above {
                linked[below as usize] = true;
            }
        }
        let levels = doc.levels.len();
        let mut level_counts = vec![[0u64; 8]; levels];
        let mut units = Vec::with_capacity(doc.units.len());
        let mut skipped = SkippedLevels::default();
        for &u in &idx.top_down {
            let ui = u as usize;
            let has_team = at.has_team(idx, u);
            let above = match idx.parent[ui] {
                NONE => NONE,
                p => at.nearest[p as usize],
            };
            let skipped_levels = skipped.get(self, &at, u);
            let chain = match &chains.broken[ui] {
                None => Chain::Unbroken,
                Some((at, reason)) => Chain::Broken {
                    at: self.unit_id(*at).clone(),
                    reason: reason.clone(),
                },
            };
            let c = &mut level_counts[idx.unit_level[ui] as usize];
            c[0] += 1;
            if has_team {
                c[1] += 1;
                if above != NONE {
                    c[2] += 1;
                    c[3] += u64::from(linked[ui]);
                }
            }
            c[4] += u64::from(chain.is_unbroken());
            c[5] += per_unit[ui];
            c[6] += if chain.is_unbroken() { per_unit[ui] } else { 0 };
            units.push(UnitAlignment {
                unit: doc.units[ui].id.clone(),
                level: doc.levels[idx.unit_level[ui] as usize].id.clone(),
                teams: u32::try_from(at.teams(idx, u).count()).unwrap_or(u32::MAX),
                ancestor_team_unit: (above != NONE).then(|| self.unit_id(above).clone()),
                linked_from_ancestor: (has_team && above != NONE).then_some(linked[ui]),
                skipped_levels,
                chain,
                practitioners: per_unit[ui],
            });
        }
        let levels_report = doc
            .levels
            .iter()
            .zip(&level_counts)
            .map(|(level, c)| LevelAlignment {
                level: level.id.clone(),
                units_with_team: Share::new(c[1], c[0]),
                units_linked: Share::new(c[3], c[2]),
                units_unbroken: Share::new(c[4], c[0]),
                practitioners_covered: Share::new(c[6], c[5]),
            })
            .collect();
        let total: u64 = level_counts.iter().map(|c| c[5]).sum();
        let covered: u64 = level_counts.iter().map(|c| c[6]).sum();

        // Teams: size, supports, reach.
        let mut governed_units = vec![0u64; doc.units.len()];
        let mut governed_practitioners = vec![0u64; doc.units.len()];
        for (&g, &n) in at.nearest.iter().zip(&per_unit) {
            if g != NONE {
                governed_units[g as usize] += 1;
                governed_practitioners[g as usize] += n;
            }
        }
        let lists_practitioners = !doc.practitioners.is_empty();
        let mut seen_team = vec![u32::MAX; doc.teams.len()];
        let mut seen_unit = vec![u32::MAX; doc.units.len()];
        let mut stack = Vec::new();
        let teams = doc
            .teams
            .iter()
            .enumerate()
            // A team not formed yet, or ended, by the date is not a team of the report.
            .filter(|&(t, _)| at.exists(build_index(t)))
            .map(|(t, team)| {
                let stamp = build_index(t);
                let members = u32::try_from(team.active_members(when).count()).unwrap_or(u32::MAX);
                let size_flag = if members < team_size.min {
                    Some(SizeFlag::TooSmall)
                } else if members > team_size.max {
                    Some(SizeFlag::TooLarge)
                } else {
                    None
                };
                let supports = u32::try_from(down.row(stamp).len()).unwrap_or(u32::MAX);
                let (mut units_reached, mut practitioners_reached) = (0, 0);
                stack.push(stamp);
                seen_team[t] = stamp;
                while let Some(s) = stack.pop() {
                    let g = idx.team_unit[s as usize];
                    if seen_unit[g as usize] != stamp {
                        seen_unit[g as usize] = stamp;
                        units_reached += governed_units[g as usize];
                        practitioners_reached += governed_practitioners[g as usize];
                    }
                    for &r in down.row(s) {
                        if seen_team[r as usize] != stamp {
                            seen_team[r as usize] = stamp;
                            stack.push(r);
                        }
                    }
                }
                let own = idx.team_unit[t];
                TeamSpan {
                    team: team.id.clone(),
                    unit: self.unit_id(own).clone(),
                    members,
                    size_flag,
                    connected: chains.connected[t],
                    supports,
                    units_reached,
                    practitioners_reached,
                    // Only where the system lists practitioners: a system of units and teams
                    // alone (scores of schools, no staff) would flag every team otherwise.
                    no_one_to_support: lists_practitioners
                        && supports == 0
                        && governed_practitioners[own as usize] == 0,
                }
            })
            .collect();

        // Coaches.
        let coaches = doc
            .coaches
            .iter()
            .enumerate()
            .map(|(c, coach)| {
                let mut n = 0u64;
                for &p in idx.caseloads.row(build_index(c)) {
                    if flags[p as usize] & ACTIVE != 0 {
                        n += 1;
                        flags[p as usize] |= COACHED;
                    }
                }
                CoachLoad {
                    coach: coach.id.clone(),
                    load: Share::new(n, u64::from(coach.capacity)),
                    overloaded: n > u64::from(coach.capacity),
                }
            })
            .collect();
        let n_coached = flags.iter().filter(|&&f| f & COACHED != 0).count() as u64;

        AlignmentReport {
            as_of: match when {
                When::Current => None,
                When::On(d) => Some(d),
            },
            team_size,
            practitioners_covered: Share::new(covered, total),
            practitioners_coached: Share::new(n_coached, total),
            levels: levels_report,
            units,
            teams,
            coaches,
        }
    }
}

/// The skipped levels of each unit, one shared list per distinct set of gaps.
#[derive(Default)]
struct SkippedLevels(HashMap<u64, Arc<[LevelId]>>);

impl SkippedLevels {
    fn get(&mut self, system: &System, at: &TeamsAt<'_>, u: u32) -> Arc<[LevelId]> {
        let idx = &system.index;
        let gaps = || idx.up(u).filter(|&a| !at.has_team(idx, a));
        let list = || -> Arc<[LevelId]> {
            gaps()
                .map(|a| {
                    system.doc.levels[idx.unit_level[a as usize] as usize]
                        .id
                        .clone()
                })
                .collect()
        };
        if system.doc.levels.len() > 64 {
            return list();
        }
        let mask = gaps().fold(0u64, |m, a| m | 1 << idx.unit_level[a as usize]);
        self.0.entry(mask).or_insert_with(list).clone()
    }
}

/// A practitioner active at the report's date.
const ACTIVE: u8 = 1;
/// A practitioner in some coach's caseload.
const COACHED: u8 = 2;

fn build_index(i: usize) -> u32 {
    super::structure::index(i)
}

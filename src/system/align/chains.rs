//! Where chains of support reach: the connected teams, each unit's chain (its own connected
//! team, covered from above, or broken), and where and why a chain breaks.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

use super::build_index;
use crate::id::{LevelId, UnitId};
use crate::system::structure::{Csr, NONE};
use crate::system::{System, TeamsAt, When};

/// Why a chain of support breaks.
///
/// ```
/// use implsci::system::{AlignmentParams, BreakReason, Chain, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let roosevelt = report.unit(&"roosevelt-es".parse()?).ok_or("no such unit")?;
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
    /// No team of `expected_from` (the nearest unit above `at` with a team) supports a team of
    /// `at`, and no other chain reaches `at`.
    NotSupported {
        /// The nearest unit above `at` that has a team.
        expected_from: UnitId,
    },
    /// `at` has no team although the system requires one on its level
    /// (`settings.require_team_at`).
    ///
    /// ```
    /// use implsci::system::BreakReason;
    /// let reason = BreakReason::NoRequiredTeam { level: "district".parse()? };
    /// assert_eq!(reason.to_string(), "no team, which the system requires at the `district` level");
    /// assert_eq!(
    ///     serde_json::to_string(&reason)?,
    ///     r#"{"reason":"no_required_team","required_level":"district"}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    NoRequiredTeam {
        /// The level of `at`, one the system requires a team on.
        #[serde(rename = "required_level")]
        level: LevelId,
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
            Self::NoRequiredTeam { level } => {
                write!(
                    f,
                    "no team, which the system requires at the `{level}` level"
                )
            }
        }
    }
}

/// A unit's chain of support: its own connected team, covered from above, or broken.
///
/// A chain that is neither of the first two is broken. Where it breaks is this crate's chosen
/// reading, by the first rule that applies:
///
/// 1. the unit has no team, and some unit from it up to its governing unit (that one
///    excluded; none of them has a team) is on a level of `settings.require_team_at`: at the
///    highest such unit ([`BreakReason::NoRequiredTeam`]);
/// 2. no unit at or above it has a team: at the unit itself
///    ([`BreakReason::NoTeamAtOrAbove`]);
/// 3. otherwise, walking up from its governing unit (the unit itself when it has a team)
///    through governing units (each the nearest unit above the last that has a team): at the
///    unit just below the *first connected* one met ([`BreakReason::NotSupported`], expected
///    from that one), or, when the walk reaches the top without meeting one, at the highest
///    unit met ([`BreakReason::NoTopTeam`]).
///
/// With a cross-level link the break in 3 is not the highest unconnected unit: a district
/// team that the state team supports directly is connected though its region's team is not,
/// and a school team below it that no one supports breaks at the school, expected from the
/// district.
///
/// ```
/// use implsci::system::{AlignmentParams, Chain, System};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let report = system.alignment(&AlignmentParams::default());
/// let chain = |id: &str| &report.units.iter().find(|u| u.unit.as_str() == id).unwrap().chain;
/// assert_eq!(chain("lincoln-es"), &Chain::OwnTeam);
/// // Jefferson Middle has no team; Wake's connected district team right above covers it.
/// assert_eq!(chain("jefferson-ms"), &Chain::CoveredFromAbove { by: "wake".parse()?, levels: 1 });
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
    /// The unit has a team on the date, and one of its teams is connected: a chain of active
    /// supports links reaches it from a team of the root.
    OwnTeam,
    /// The unit has no team on the date, and its governing unit `by` (the nearest unit above
    /// it with a team) has a connected team.
    ///
    /// ```
    /// use implsci::system::Chain;
    /// let chain = Chain::CoveredFromAbove { by: "wake".parse()?, levels: 1 };
    /// assert_eq!(chain.to_string(), "covered from above by `wake` across 1 level");
    /// assert_eq!(
    ///     serde_json::to_string(&chain)?,
    ///     r#"{"chain":"covered_from_above","by":"wake","covered_levels":1}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    CoveredFromAbove {
        /// The governing unit, whose connected team covers this one.
        by: UnitId,
        /// Units from this one up to `by`, `by` excluded: 1 for a school without a team right
        /// under a district with a connected team.
        #[serde(rename = "covered_levels")]
        levels: u32,
    },
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
            Self::OwnTeam => f.write_str("own connected team"),
            Self::CoveredFromAbove { by, levels } => {
                let s = if *levels == 1 { "" } else { "s" };
                write!(f, "covered from above by `{by}` across {levels} level{s}")
            }
            Self::Broken { at, reason } => write!(f, "broken at `{at}`: {reason}"),
        }
    }
}

impl Chain {
    /// True when the chain reaches the top: [`Chain::OwnTeam`] or
    /// [`Chain::CoveredFromAbove`].
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
        matches!(self, Self::OwnTeam | Self::CoveredFromAbove { .. })
    }

    /// True for [`Chain::OwnTeam`]: the unit's own team is connected.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let report = system.alignment(&AlignmentParams::default());
    /// let own = report.units.iter().filter(|u| u.chain.is_own_team()).count();
    /// assert_eq!(own, 9); // and 3 covered from above: 12 unbroken
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn is_own_team(&self) -> bool {
        matches!(self, Self::OwnTeam)
    }
}

/// What the report's passes share: connectivity and where chains break.
pub(crate) struct Chains {
    /// Per team: reached from a top team by active supports links.
    pub(crate) connected: Vec<bool>,
    /// Per unit: where its chain of supports links breaks, as (break unit, reason); `None`
    /// when its governing unit has a connected team. Required levels play no part here.
    pub(crate) broken: Vec<Option<(u32, BreakReason)>>,
    /// Per unit without a team: the highest unit on its walk up to its governing unit that
    /// has no team although its level requires one; `NONE` otherwise.
    pub(crate) missing: Vec<u32>,
}

impl Chains {
    /// Whether unit `u`'s chain breaks, for either reason: no chain of links, or a
    /// required team missing on the way up.
    pub(crate) fn breaks(&self, u: u32) -> bool {
        self.broken[u as usize].is_some() || self.missing[u as usize] != NONE
    }
}

impl System {
    /// Which teams are connected at `when`, and where each unit's chain breaks.
    pub(crate) fn chains(&self, when: When) -> Chains {
        let supports = self.active_supports(when);
        let at = self.teams_at(when);
        self.chains_with(&Csr::from_pairs(self.doc.teams.len(), &supports), &at)
    }

    /// [`System::chains`] given the active supports links grouped by supporting team and the
    /// teams that exist then.
    pub(super) fn chains_with(&self, down: &Csr, at: &TeamsAt<'_>) -> Chains {
        let idx = &self.index;
        let teams = self.doc.teams.len();
        let mut connected = vec![false; teams];
        let mut queue: Vec<u32> = at.teams(idx, idx.root).collect();
        for &t in &queue {
            connected[t as usize] = true;
        }
        let mut head = 0;
        while head < queue.len() {
            let t = queue[head];
            head += 1;
            for &s in down.row(t) {
                if !connected[s as usize] {
                    connected[s as usize] = true;
                    queue.push(s);
                }
            }
        }
        let unit_connected = |u: u32| at.teams(idx, u).any(|t| connected[t as usize]);
        let units = self.doc.units.len();
        let required: Vec<bool> = self
            .doc
            .levels
            .iter()
            .map(|l| self.doc.settings.require_team_at.contains(&l.id))
            .collect();
        // One top-down pass: the break point of each unit that has a team (climbing the
        // governing units while they are unconnected), and the highest missing required team
        // above each unit that has none (the parent's, else the unit itself if required).
        let mut team_unit_break: Vec<Option<(u32, BreakReason)>> = vec![None; units];
        let mut missing = vec![NONE; units];
        for &u in &idx.top_down {
            let parent = idx.parent[u as usize];
            if !at.has_team(idx, u) {
                let inherited = match parent {
                    NONE => NONE,
                    p => missing[p as usize],
                };
                missing[u as usize] =
                    if inherited == NONE && required[idx.unit_level[u as usize] as usize] {
                        u
                    } else {
                        inherited
                    };
                continue;
            }
            if unit_connected(u) {
                continue;
            }
            let above = match parent {
                NONE => NONE,
                p => at.nearest[p as usize],
            };
            team_unit_break[u as usize] = Some(if above == NONE {
                (u, BreakReason::NoTopTeam)
            } else if let Some(b) = &team_unit_break[above as usize] {
                b.clone()
            } else {
                (
                    u,
                    BreakReason::NotSupported {
                        expected_from: self.unit_id(above).clone(),
                    },
                )
            });
        }
        let broken = (0..units)
            .map(|u| match at.nearest[u] {
                NONE => Some((build_index(u), BreakReason::NoTeamAtOrAbove)),
                g => team_unit_break[g as usize].clone(),
            })
            .collect();
        Chains {
            connected,
            broken,
            missing,
        }
    }
}

//! Queries over the hierarchy, each in time linear in what it returns, and the communication
//! path of a practice–policy feedback loop.

use hashbrown::{HashMap, HashSet};
use schemars::JsonSchema;
use serde::Serialize;

use super::align::{BreakReason, Chain};
use super::structure::NONE;
use super::{Practitioner, System, Team, Unit, When};
use crate::id::{PractitionerId, TeamId, UnitId};

/// An id that names nothing in the system.
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let err = system.ancestors(&"atlantis".parse()?).err().unwrap();
/// assert_eq!(err.to_string(), "no unit has the id `atlantis`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no {what} has the id `{id}`")]
#[non_exhaustive]
pub struct UnknownId {
    /// What was looked for: `unit`, `team` or `practitioner`.
    pub what: &'static str,
    /// The id.
    pub id: String,
}

impl UnknownId {
    fn new(what: &'static str, id: &str) -> Self {
        Self {
            what,
            id: id.to_string(),
        }
    }
}

/// Where a communication path starts.
///
/// ```
/// use implsci::system::{Subject, System, When};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// // A practitioner's path starts at the team that governs their unit.
/// let teacher = system.communication_path(&Subject::Practitioner("lincoln-t1".parse()?), When::Current)?;
/// let school = system.communication_path(&Subject::Unit("lincoln-es".parse()?), When::Current)?;
/// assert_eq!(teacher.up, school.up);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A unit.
    Unit(UnitId),
    /// A practitioner.
    Practitioner(PractitionerId),
}

/// Everything under a unit or reached by a team.
///
/// ```
/// use implsci::system::System;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let under = system.under_unit(&"brunswick".parse()?)?;
/// assert_eq!(under.units.len(), 3); // Brunswick and its two schools
/// assert_eq!(under.teams.len(), 2); // brunswick-dit, southport-bit
/// assert_eq!(under.practitioners.len(), 9); // 4 at Southport, 5 at Leland
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Under<'a> {
    /// The units.
    pub units: Vec<&'a Unit>,
    /// The teams.
    pub teams: Vec<&'a Team>,
    /// The practitioners.
    pub practitioners: Vec<&'a Practitioner>,
}

/// The route a practice–policy feedback loop travels: from the subject's governing team up to
/// a top team, one supports link per hop, and back down the same way.
///
/// Source: NIRN module 5, practice–policy communication loops (policy-enabled practice,
/// practice-informed policy) travel through the linked implementation teams.
///
/// ```
/// use implsci::system::{Subject, System, When};
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let path = system.communication_path(&Subject::Unit("leland-ms".parse()?), When::Current)?;
/// assert!(path.up.is_empty());
/// assert_eq!(path.hops, None);
/// let why = path.broken.unwrap().to_string();
/// assert_eq!(why, "broken at `brunswick`: no supports link from a team of `state`");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CommunicationPath {
    /// Where the path starts.
    pub subject: Subject,
    /// The teams from the subject's governing team up to a top team; empty when broken.
    pub up: Vec<TeamId>,
    /// Links travelled one way (`up.len() - 1`), `None` when the chain is broken.
    pub hops: Option<u32>,
    /// Why there is no path, when there is none.
    pub broken: Option<Chain>,
}

impl CommunicationPath {
    /// The way back down: the same teams, top first.
    ///
    /// ```
    /// use implsci::system::{Subject, System, When};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// // Jefferson Middle has no team; the Wake district team governs it.
    /// let path = system.communication_path(&Subject::Unit("jefferson-ms".parse()?), When::Current)?;
    /// let down: Vec<_> = path.down().map(|t| t.as_str()).collect();
    /// assert_eq!(down, ["sit", "central-rit", "wake-dit"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn down(&self) -> impl Iterator<Item = &TeamId> {
        self.up.iter().rev()
    }
}

impl System {
    /// The unit and its ancestors, up to the root (the unit first).
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let up: Vec<_> = system.ancestors(&"leland-ms".parse()?)?.map(|u| u.id.as_str()).collect();
    /// assert_eq!(up, ["leland-ms", "brunswick", "coastal", "state"]);
    /// assert!(system.ancestors(&"atlantis".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownId`] when no unit has this id.
    pub fn ancestors(&self, unit: &UnitId) -> Result<impl Iterator<Item = &Unit>, UnknownId> {
        let u = self
            .unit_position(unit.as_str())
            .ok_or_else(|| UnknownId::new("unit", unit.as_str()))?;
        Ok(self.index.up(u).map(|a| &self.doc.units[a as usize]))
    }

    /// The units below a unit (not the unit itself), depth first.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let below = system.descendants(&"wake".parse()?)?.count();
    /// assert_eq!(below, 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownId`] when no unit has this id.
    pub fn descendants(&self, unit: &UnitId) -> Result<impl Iterator<Item = &Unit>, UnknownId> {
        let u = self
            .unit_position(unit.as_str())
            .ok_or_else(|| UnknownId::new("unit", unit.as_str()))?;
        Ok(self.subtree(u).skip(1).map(|d| &self.doc.units[d as usize]))
    }

    /// A unit and every unit below it, depth first. The units form a tree, so the walk needs no
    /// visited set and costs only what it returns.
    fn subtree(&self, u: u32) -> impl Iterator<Item = u32> + '_ {
        let tree = &self.index.unit_tree;
        let mut stack = vec![u];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(
                tree.neighbors(petgraph::graph::NodeIndex::new(next as usize))
                    .map(|n| super::structure::index(n.index())),
            );
            Some(next)
        })
    }

    /// Everything under a unit: the unit and its descendants, their teams and practitioners.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let under = system.under_unit(&"wake".parse()?)?;
    /// assert_eq!(under.units.len(), 4);
    /// // The district's own staff, and the teachers of its three schools.
    /// assert!(under.practitioners.iter().any(|p| p.id.as_str() == "wake-sp1"));
    /// assert!(under.practitioners.iter().any(|p| p.unit.as_str() == "jefferson-ms"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownId`] when no unit has this id.
    pub fn under_unit(&self, unit: &UnitId) -> Result<Under<'_>, UnknownId> {
        let u = self
            .unit_position(unit.as_str())
            .ok_or_else(|| UnknownId::new("unit", unit.as_str()))?;
        let mut under = Under {
            units: Vec::new(),
            teams: Vec::new(),
            practitioners: Vec::new(),
        };
        for d in self.subtree(u) {
            under.units.push(&self.doc.units[d as usize]);
            under.teams.extend(
                self.index
                    .teams_by_unit
                    .row(d)
                    .iter()
                    .map(|&t| &self.doc.teams[t as usize]),
            );
            under.practitioners.extend(
                self.index
                    .practitioners_by_unit
                    .row(d)
                    .iter()
                    .map(|&p| &self.doc.practitioners[p as usize]),
            );
        }
        Ok(under)
    }

    /// The team positions reached from `team` through active supports links, the team first.
    fn reached_teams(&self, team: &TeamId, when: When) -> Result<Vec<u32>, UnknownId> {
        let t = self
            .team_position(team.as_str())
            .ok_or_else(|| UnknownId::new("team", team.as_str()))?;
        let mut seen = HashSet::new();
        seen.insert(t);
        let mut order = vec![t];
        let mut head = 0;
        while head < order.len() {
            let s = order[head];
            head += 1;
            for r in self.supported_by(s, when) {
                if seen.insert(r) {
                    order.push(r);
                }
            }
        }
        Ok(order)
    }

    /// Everything a team reaches: the teams it supports, directly or through others; the units
    /// those teams govern (their own unit and the units below it that have no team of their
    /// own); and the practitioners in those units.
    ///
    /// ```
    /// use implsci::system::{System, When};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let under = system.under_team(&"wake-dit".parse()?, When::Current)?;
    /// let teams: Vec<_> = under.teams.iter().map(|t| t.id.as_str()).collect();
    /// assert_eq!(teams, ["wake-dit", "lincoln-bit"]); // it does not support roosevelt-bit
    /// let mut units: Vec<_> = under.units.iter().map(|u| u.id.as_str()).collect();
    /// units.sort_unstable();
    /// assert_eq!(units, ["jefferson-ms", "lincoln-es", "wake"]); // Jefferson Middle has no team
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownId`] when no team has this id.
    pub fn under_team(&self, team: &TeamId, when: When) -> Result<Under<'_>, UnknownId> {
        let teams = self.reached_teams(team, when)?;
        let mut units_seen = HashSet::new();
        let mut under = Under {
            units: Vec::new(),
            teams: teams.iter().map(|&t| &self.doc.teams[t as usize]).collect(),
            practitioners: Vec::new(),
        };
        for &t in &teams {
            let g = self.index.team_unit[t as usize];
            if units_seen.insert(g) {
                for u in self.governed_units(g) {
                    under.units.push(&self.doc.units[u as usize]);
                    under.practitioners.extend(
                        self.index
                            .practitioners_by_unit
                            .row(u)
                            .iter()
                            .map(|&p| &self.doc.practitioners[p as usize]),
                    );
                }
            }
        }
        Ok(under)
    }

    /// The practitioners a team reaches: those in units governed by the teams it reaches. The
    /// cost is that of the teams and units reached and the practitioners returned.
    ///
    /// ```
    /// use implsci::system::{System, When};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let reached = system.practitioners_reached_by(&"wake-dit".parse()?, When::Current)?.count();
    /// assert!(reached > 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownId`] when no team has this id.
    pub fn practitioners_reached_by(
        &self,
        team: &TeamId,
        when: When,
    ) -> Result<impl Iterator<Item = &Practitioner>, UnknownId> {
        let teams = self.reached_teams(team, when)?;
        let mut units_seen = HashSet::new();
        let units: Vec<u32> = teams
            .iter()
            .map(|&t| self.index.team_unit[t as usize])
            .filter(|&g| units_seen.insert(g))
            .collect();
        Ok(units
            .into_iter()
            .flat_map(move |g| self.governed_units(g))
            .flat_map(move |u| {
                self.index
                    .practitioners_by_unit
                    .row(u)
                    .iter()
                    .map(move |&p| &self.doc.practitioners[p as usize])
            }))
    }

    /// The units governed by team unit `g`: `g` and the units below it, stopping at units that
    /// have a team of their own.
    fn governed_units(&self, g: u32) -> impl Iterator<Item = u32> + '_ {
        let tree = &self.index.unit_tree;
        let idx = &self.index;
        let mut stack = vec![g];
        std::iter::from_fn(move || {
            let next = stack.pop()?;
            stack.extend(
                tree.neighbors(petgraph::graph::NodeIndex::new(next as usize))
                    .map(|n| super::structure::index(n.index()))
                    .filter(|&c| idx.teams_by_unit.row(c).is_empty()),
            );
            Some(next)
        })
    }

    /// The communication path from a unit or practitioner up to a top team, and back down.
    ///
    /// Follows active supports links upward from the subject's governing team (the teams of the
    /// nearest unit at or above it that has one), breadth first, so the path is a shortest one;
    /// ties go to the link listed first in the document.
    ///
    /// ```
    /// use implsci::system::{Subject, System, When};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let path = system.communication_path(&Subject::Unit("lincoln-es".parse()?), When::Current)?;
    /// let ids: Vec<_> = path.up.iter().map(|t| t.as_str()).collect();
    /// assert_eq!(ids, ["lincoln-bit", "wake-dit", "central-rit", "sit"]);
    /// assert_eq!(path.hops, Some(3));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`UnknownId`] when the subject names nothing.
    pub fn communication_path(
        &self,
        subject: &Subject,
        when: When,
    ) -> Result<CommunicationPath, UnknownId> {
        self.communication_path_in(subject, when, &mut None)
    }

    /// [`System::communication_path`], with the chains of the whole system (needed to say
    /// where a broken path breaks) computed at most once across calls: `chains` is `None`
    /// until the first broken path, then holds the chains for `when`, which must not change
    /// between calls sharing it.
    pub(crate) fn communication_path_in(
        &self,
        subject: &Subject,
        when: When,
        chains: &mut Option<super::align::Chains>,
    ) -> Result<CommunicationPath, UnknownId> {
        let unit = match subject {
            Subject::Unit(u) => self
                .unit_position(u.as_str())
                .ok_or_else(|| UnknownId::new("unit", u.as_str()))?,
            Subject::Practitioner(p) => {
                let p = self
                    .practitioner(p.as_str())
                    .ok_or_else(|| UnknownId::new("practitioner", p.as_str()))?;
                // Validation resolved every practitioner's unit.
                self.unit_position(p.unit.as_str())
                    .unwrap_or(self.index.root)
            }
        };
        let broken = |at: u32, reason: BreakReason| CommunicationPath {
            subject: subject.clone(),
            up: Vec::new(),
            hops: None,
            broken: Some(Chain::Broken {
                at: self.unit_id(at).clone(),
                reason,
            }),
        };
        let Some(g) = self.nearest_team_unit(unit, when) else {
            return Ok(broken(unit, BreakReason::NoTeamAtOrAbove));
        };
        let root = self.index.root;
        let mut pred: HashMap<u32, u32> = HashMap::new();
        let mut queue: Vec<u32> = self
            .index
            .teams_by_unit
            .row(g)
            .iter()
            .copied()
            .filter(|&t| self.doc.teams[t as usize].active(when))
            .collect();
        for &t in &queue {
            pred.insert(t, NONE);
        }
        let mut head = 0;
        while head < queue.len() {
            let t = queue[head];
            head += 1;
            if self.index.team_unit[t as usize] == root {
                let mut up = vec![t];
                let mut cur = t;
                while let Some(&p) = pred.get(&cur).filter(|&&p| p != NONE) {
                    up.push(p);
                    cur = p;
                }
                up.reverse();
                let hops = u32::try_from(up.len() - 1).unwrap_or(u32::MAX);
                return Ok(CommunicationPath {
                    subject: subject.clone(),
                    up: up.into_iter().map(|t| self.team_id(t).clone()).collect(),
                    hops: Some(hops),
                    broken: None,
                });
            }
            for s in self.supporters_of(t, when) {
                pred.entry(s).or_insert_with(|| {
                    queue.push(s);
                    t
                });
            }
        }
        let chains = chains.get_or_insert_with(|| self.chains(when));
        let (at, reason) = chains.broken[unit as usize]
            .clone()
            .unwrap_or((g, BreakReason::NoTopTeam));
        Ok(broken(at, reason))
    }
}

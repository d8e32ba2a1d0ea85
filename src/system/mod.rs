//! The implementation system: levels, units, teams, links, practitioners and coaches, as a
//! hierarchy, and where its chain of support breaks.
//!
//! Many systems are not set up to scale an innovation. NIRN's answer is linked implementation
//! teams at every level, each building the capacity of the level below (NIRN Active
//! Implementation Hub, module 3; SISEP's State, Regional, District and Building implementation
//! teams): a district team's job is an effective building team in each building. This module
//! models a whole system and answers: is every practitioner reached by an unbroken chain of
//! implementation teams, and where does the chain break?
//!
//! - [`SystemDocument`] is the wire format: plain lists by domain id (kind
//!   `implementation_system`).
//! - [`System`] is the validated, indexed structure built from it. It holds the document and
//!   positions into it; petgraph holds the unit tree and the team links, privately.
//! - [`System::alignment`] is the alignment report; [`System::communication_path`] the route
//!   of a practice–policy feedback loop; the queries list ancestors, descendants and everything
//!   under a unit or reached by a team; [`System::to_dot`] draws it.
//! - [`generate`] makes seeded synthetic systems of any size.
//!
//! ```
//! use implsci::system::{AlignmentParams, System};
//!
//! let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
//! let report = system.alignment(&AlignmentParams::default());
//! println!("{} of {} practitioners have an unbroken chain of support",
//!     report.practitioners_covered.numerator, report.practitioners_covered.denominator);
//! assert!(report.practitioners_covered.numerator < report.practitioners_covered.denominator);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod align;
mod build;
mod dot;
pub mod generate;
mod innovations;
mod model;
mod query;
mod settings;
mod structure;
mod units;

pub(crate) use align::Chains;
pub use align::{
    AlignmentParams, AlignmentReport, BreakReason, Chain, CoachLoad, InnovationLoad,
    LevelAlignment, SizeFlag, TeamSpan, UnitAlignment,
};
pub use model::{
    Coach, CoachPerson, InnovationCaseload, Level, LinkKind, Member, Practitioner, Settings,
    SizeRange, SystemDocument, Team, TeamLink, Unit, When,
};
pub use query::{CommunicationPath, Subject, Under, UnknownId};
pub(crate) use structure::IdTable;
pub use units::{Ancestor, Ancestors, HierarchyColumns, MAX_ANCESTOR_LEVELS, Place, UnitRow};

use structure::{Index, NONE};

use crate::document::Document;
use crate::error::{Error, ValidationErrors};
use crate::id::{PractitionerId, TeamId, UnitId};

impl crate::document::Tagged for SystemDocument {
    const KIND: &'static str = "implementation_system";
}

impl crate::document::sealed::Sealed for SystemDocument {}

impl Document for SystemDocument {
    /// Refuses unknown references, duplicate ids, a unit whose parent is not on a higher level,
    /// more than one root, cycles of supports / reports-to links, and dates out of order; all
    /// at once, each with its path.
    fn validate(&self) -> Result<(), ValidationErrors> {
        build::build(self).map(|_| ())
    }
}

/// A validated implementation system with its structure built.
///
/// ```
/// use implsci::system::System;
///
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let ancestors: Vec<_> = system.ancestors(&"lincoln-es".parse()?)?.map(|u| u.id.as_str()).collect();
/// assert_eq!(ancestors, ["lincoln-es", "wake", "central", "state"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct System {
    doc: SystemDocument,
    pub(crate) index: Index,
    /// The units' names, shared with the reports that carry them; made on first use.
    unit_names: std::sync::OnceLock<Box<[Option<std::sync::Arc<str>>]>>,
}

/// "No position": the root's parent.
pub(crate) const NO_POSITION: u32 = NONE;

/// A list position as `u32` (lists are refused past `u32::MAX` entries when built).
pub(crate) fn position(i: usize) -> u32 {
    structure::index(i)
}

impl System {
    /// Whether the practitioner at position `p` is active `when` (read from the index's compact
    /// dates, not from the document's practitioners).
    pub(crate) fn practitioner_active(&self, p: usize, when: When) -> bool {
        match self.index.practitioner_dates.get(p) {
            Some(&(start, end)) => when.includes(start, end),
            None => when.includes(jiff::civil::Date::MIN, None),
        }
    }

    /// The name of the unit at position `u`, shared: the first call makes them all.
    pub(crate) fn unit_name(&self, u: u32) -> Option<std::sync::Arc<str>> {
        self.unit_names.get_or_init(|| {
            self.doc
                .units
                .iter()
                .map(|unit| unit.name.as_deref().map(std::sync::Arc::from))
                .collect()
        })[u as usize]
            .clone()
    }

    /// Validates a document and builds the system from it.
    ///
    /// ```
    /// use implsci::system::{System, generate::{generate, Shape}};
    /// let doc = generate(&Shape::new(1, 1, 2, 3), 5)?;
    /// let system = System::build(doc.clone())?;
    /// assert_eq!(system.document(), &doc);
    /// // A unit whose parent does not exist is refused.
    /// let mut bad = doc;
    /// bad.units[1].parent = Some("nowhere".parse()?);
    /// assert!(System::build(bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Every problem [`SystemDocument::validate`](Document::validate) finds.
    pub fn build(mut doc: SystemDocument) -> Result<Self, ValidationErrors> {
        let index = build::build(&doc)?;
        // Lists read from JSON grow by doubling; give the slack back (a realloc in place).
        doc.practitioners.shrink_to_fit();
        doc.units.shrink_to_fit();
        doc.teams.shrink_to_fit();
        doc.links.shrink_to_fit();
        doc.coaches.shrink_to_fit();
        for coach in &mut doc.coaches {
            coach.caseload.shrink_to_fit();
        }
        Ok(Self {
            doc,
            index,
            unit_names: std::sync::OnceLock::new(),
        })
    }

    /// Reads, validates and builds a system from JSON text.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert_eq!(system.document().name, "Example State (illustrative)");
    /// assert!(System::from_json("{}").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Syntax, shape, kind, version or validation problems.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::from_json_slice(json.as_bytes())
    }

    /// Reads, validates and builds a system from JSON bytes; the structure is built by the
    /// same pass that validates it.
    ///
    /// ```
    /// use implsci::system::System;
    /// let bytes = std::fs::read("examples/data/state_system.json")?;
    /// let system = System::from_json_slice(&bytes)?;
    /// assert_eq!(system.document().units.len(), 17);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Syntax, shape, kind, version or validation problems.
    pub fn from_json_slice(bytes: &[u8]) -> Result<Self, Error> {
        let doc = SystemDocument::from_json_slice_unvalidated(bytes)?;
        Ok(Self::build(doc)?)
    }

    /// The document the system was built from.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let doc = system.document();
    /// assert_eq!(doc.id.as_str(), "example-state");
    /// assert_eq!(doc.levels.len(), 4);
    /// assert_eq!(doc.practitioners.len(), 47);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn document(&self) -> &SystemDocument {
        &self.doc
    }

    /// Gives the document back.
    ///
    /// ```
    /// use implsci::{Document, system::{System, SystemDocument}};
    /// let json = std::fs::read_to_string("examples/data/state_system.json")?;
    /// let doc = System::from_json(&json)?.into_document();
    /// assert_eq!(doc, SystemDocument::from_json(&json)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn into_document(self) -> SystemDocument {
        self.doc
    }

    /// The root unit (the state agency, the ministry).
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let root = system.root();
    /// assert_eq!(root.id.as_str(), "state");
    /// assert_eq!(root.parent, None);
    /// assert_eq!(root.name.as_deref(), Some("State Department of Public Instruction"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn root(&self) -> &Unit {
        &self.doc.units[self.index.root as usize]
    }

    /// The unit with this id.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let wake = system.unit("wake").unwrap();
    /// assert_eq!(wake.name.as_deref(), Some("Wake County Schools"));
    /// assert_eq!(wake.parent.as_ref().map(|p| p.as_str()), Some("central"));
    /// assert!(system.unit("atlantis").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_position(id).map(|u| &self.doc.units[u as usize])
    }

    /// The team with this id.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let team = system.team("roosevelt-bit").unwrap();
    /// assert_eq!(team.unit.as_str(), "roosevelt-es");
    /// assert_eq!(team.members.len(), 2);
    /// assert!(system.team("nobody").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn team(&self, id: &str) -> Option<&Team> {
        self.team_position(id).map(|t| &self.doc.teams[t as usize])
    }

    /// The practitioner with this id.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let psychologist = system.practitioner("wake-sp1").unwrap();
    /// assert_eq!(psychologist.unit.as_str(), "wake");
    /// assert_eq!(psychologist.role.as_str(), "school psychologist");
    /// assert!(system.practitioner("nobody").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn practitioner(&self, id: &str) -> Option<&Practitioner> {
        self.practitioner_position(id)
            .map(|p| &self.doc.practitioners[p as usize])
    }

    /// The coach with this id.
    ///
    /// ```
    /// use implsci::system::System;
    /// let state = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let first = &state.document().coaches[0];
    /// assert_eq!(state.coach(first.id.as_str()), Some(first));
    /// assert!(state.coach("nobody").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn coach(&self, id: &str) -> Option<&Coach> {
        let coaches = &self.doc.coaches;
        self.index
            .coach_ids
            .get(id, |c| coaches[c as usize].id.as_str())
            .map(|c| &coaches[c as usize])
    }

    /// The level of a unit.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// assert_eq!(system.level_of(&"wake".parse()?).unwrap().name, "District");
    /// assert_eq!(system.level_of(&"lincoln-es".parse()?).unwrap().name, "School");
    /// assert!(system.level_of(&"atlantis".parse()?).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn level_of(&self, unit: &UnitId) -> Option<&Level> {
        self.unit_position(unit.as_str())
            .map(|u| &self.doc.levels[self.index.unit_level[u as usize] as usize])
    }

    /// The teams that belong to a unit.
    ///
    /// ```
    /// use implsci::system::System;
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let wake: Vec<_> = system.teams_of(&"wake".parse()?).map(|t| t.id.as_str()).collect();
    /// assert_eq!(wake, ["wake-dit"]);
    /// assert_eq!(system.teams_of(&"jefferson-ms".parse()?).count(), 0); // no team of its own
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn teams_of(&self, unit: &UnitId) -> impl Iterator<Item = &Team> {
        let row = self
            .unit_position(unit.as_str())
            .map_or(&[][..], |u| self.index.teams_by_unit.row(u));
        row.iter().map(|&t| &self.doc.teams[t as usize])
    }

    /// An estimate of the bytes the built system owns: the document's lists at their
    /// capacity (ids up to 24 bytes are stored inline), strings and extension maps it points
    /// to, and the index. Allocator overhead is not counted; `examples/memory.rs` measures
    /// resident memory.
    ///
    /// ```
    /// use implsci::system::{System, generate::{generate, Shape}};
    /// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
    /// let bytes = system.heap_bytes();
    /// assert!(bytes > std::mem::size_of::<System>());
    /// // A system of 1,200 practitioners owns more than this one of 47.
    /// let bigger = System::build(generate(&Shape::default(), 1)?)?;
    /// assert!(bigger.heap_bytes() > bytes);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        let d = &self.doc;
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::capacity);
        let members: usize = d
            .teams
            .iter()
            .map(|t| t.members.capacity() * size_of::<Member>())
            .sum();
        let caseloads: usize = d
            .coaches
            .iter()
            .map(|c| c.caseload.capacity() * size_of::<PractitionerId>())
            .sum();
        let names: usize = d.units.iter().map(|u| text(&u.name)).sum::<usize>()
            + d.teams.iter().map(|t| text(&t.name)).sum::<usize>()
            + d.levels.iter().map(|l| l.name.capacity()).sum::<usize>();
        let extensions = d
            .practitioners
            .iter()
            .filter(|p| !p.extensions.is_empty())
            .count()
            + d.units.iter().filter(|u| !u.extensions.is_empty()).count();
        size_of::<Self>()
            + d.levels.capacity() * size_of::<Level>()
            + d.units.capacity() * size_of::<Unit>()
            + d.teams.capacity() * size_of::<Team>()
            + d.links.capacity() * size_of::<TeamLink>()
            + d.practitioners.capacity() * size_of::<Practitioner>()
            + d.coaches.capacity() * size_of::<Coach>()
            + members
            + caseloads
            + names
            // Extension maps are rare; count a nominal 256 bytes for each non-empty one.
            + extensions * 256
            + self.index.heap_bytes()
    }

    pub(crate) fn unit_position(&self, id: &str) -> Option<u32> {
        let units = &self.doc.units;
        self.index
            .unit_ids
            .get(id, |p| units[p as usize].id.as_str())
    }

    pub(crate) fn team_position(&self, id: &str) -> Option<u32> {
        let teams = &self.doc.teams;
        self.index
            .team_ids
            .get(id, |p| teams[p as usize].id.as_str())
    }

    pub(crate) fn practitioner_position(&self, id: &str) -> Option<u32> {
        let practitioners = &self.doc.practitioners;
        self.index
            .practitioner_ids
            .get(id, |p| practitioners[p as usize].id.as_str())
    }

    pub(crate) fn team_id(&self, t: u32) -> &TeamId {
        &self.doc.teams[t as usize].id
    }

    pub(crate) fn unit_id(&self, u: u32) -> &UnitId {
        &self.doc.units[u as usize].id
    }

    /// Whether a link is active at `when`: its own dates hold, and both its teams exist.
    pub(crate) fn link_active(&self, link: u32, when: When) -> bool {
        let l = &self.doc.links[link as usize];
        let exists = |team: &TeamId| {
            !self.index.teams_dated
                || self
                    .team_position(team.as_str())
                    .is_none_or(|t| self.doc.teams[t as usize].active(when))
        };
        when.includes(l.start, l.end) && exists(&l.from) && exists(&l.to)
    }

    /// Teams that team `t` supports at `when`, in link order.
    pub(crate) fn supported_by(&self, t: u32, when: When) -> impl Iterator<Item = u32> + '_ {
        self.active_edges(t, when, petgraph::Direction::Outgoing)
    }

    /// Teams that support team `t` at `when`, in link order.
    pub(crate) fn supporters_of(&self, t: u32, when: When) -> impl Iterator<Item = u32> + '_ {
        self.active_edges(t, when, petgraph::Direction::Incoming)
    }

    fn active_edges(
        &self,
        t: u32,
        when: When,
        dir: petgraph::Direction,
    ) -> impl Iterator<Item = u32> + '_ {
        use petgraph::visit::EdgeRef;
        let g = &self.index.team_graph;
        let mut edges: Vec<(u32, u32)> = g
            .edges_directed(petgraph::graph::NodeIndex::new(t as usize), dir)
            .filter(|e| {
                let link = *e.weight();
                self.doc.links[link as usize].kind == LinkKind::Supports
                    && self.link_active(link, when)
            })
            .map(|e| {
                let other = if dir == petgraph::Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                (*e.weight(), structure::index(other.index()))
            })
            .collect();
        // petgraph lists edges newest first; report them in document order.
        edges.sort_unstable();
        edges.into_iter().map(|(_, other)| other)
    }

    /// The active supports links at `when` as team positions `(from, to)`, in link order.
    pub(crate) fn active_supports(&self, when: When) -> Vec<(u32, u32)> {
        use petgraph::visit::EdgeRef;
        let mut pairs: Vec<(u32, (u32, u32))> = self
            .index
            .team_graph
            .edge_references()
            .filter(|e| {
                let link = *e.weight();
                self.doc.links[link as usize].kind == LinkKind::Supports
                    && self.link_active(link, when)
            })
            .map(|e| {
                (
                    *e.weight(),
                    (
                        structure::index(e.source().index()),
                        structure::index(e.target().index()),
                    ),
                )
            })
            .collect();
        pairs.sort_unstable_by_key(|&(link, _)| link);
        pairs.into_iter().map(|(_, pair)| pair).collect()
    }

    /// The nearest unit at or above `u` that has a team, whatever the team's dates: the
    /// build's own index, so no walk up the tree.
    pub(crate) fn nearest_unit_with_team(&self, u: u32) -> Option<u32> {
        let n = self.index.nearest_team_unit[u as usize];
        (n != NONE).then_some(n)
    }

    /// The nearest unit at or above `u` that has a team at `when`.
    /// One walk up from `u`, so the cost is the path's, not the system's.
    pub(crate) fn nearest_team_unit(&self, u: u32, when: When) -> Option<u32> {
        let idx = &self.index;
        if !idx.teams_dated {
            let n = idx.nearest_team_unit[u as usize];
            return (n != NONE).then_some(n);
        }
        idx.up(u).find(|&a| {
            idx.teams_by_unit
                .row(a)
                .iter()
                .any(|&t| self.doc.teams[t as usize].active(when))
        })
    }

    /// Which teams exist at `when`, and each unit's nearest unit with a team then. When no
    /// team records its dates (the common case), every team exists and the governing units
    /// are those the build found; otherwise one top-down pass over the units.
    pub(crate) fn teams_at(&self, when: When) -> TeamsAt<'_> {
        self.teams_serving(when, None)
    }

    /// The teams that exist at `when` and serve `innovation` ([`Team::serves`]; every team
    /// for `None`), and each unit's nearest unit with such a team.
    pub(crate) fn teams_serving(
        &self,
        when: When,
        innovation: Option<&crate::id::InnovationId>,
    ) -> TeamsAt<'_> {
        let focused =
            innovation.filter(|_| self.doc.teams.iter().any(|t| !t.innovations.is_empty()));
        if !self.index.teams_dated && focused.is_none() {
            return TeamsAt {
                active: None,
                nearest: std::borrow::Cow::Borrowed(&self.index.nearest_team_unit),
            };
        }
        let active: Vec<bool> = self
            .doc
            .teams
            .iter()
            .map(|t| t.active(when) && focused.is_none_or(|i| t.serves(i)))
            .collect();
        let idx = &self.index;
        let mut nearest = vec![NONE; self.doc.units.len()];
        for &u in &idx.top_down {
            let has = idx.teams_by_unit.row(u).iter().any(|&t| active[t as usize]);
            nearest[u as usize] = if has {
                u
            } else {
                match idx.parent[u as usize] {
                    NONE => NONE,
                    p => nearest[p as usize],
                }
            };
        }
        TeamsAt {
            active: Some(active),
            nearest: std::borrow::Cow::Owned(nearest),
        }
    }
}

/// The teams that exist on a date, and each unit's nearest unit with such a team.
pub(crate) struct TeamsAt<'s> {
    /// Per team: it exists at the date; `None` when every team does.
    pub(crate) active: Option<Vec<bool>>,
    /// Per unit: the nearest unit at or above it with a team at the date, or `NONE`.
    pub(crate) nearest: std::borrow::Cow<'s, [u32]>,
}

impl TeamsAt<'_> {
    /// Whether unit `u` has a team of its own at the date.
    pub(crate) fn has_team(&self, index: &structure::Index, u: u32) -> bool {
        index.teams_by_unit.row(u).iter().any(|&t| self.exists(t))
    }

    /// Whether team `t` exists at the date.
    pub(crate) fn exists(&self, t: u32) -> bool {
        self.active.as_ref().is_none_or(|a| a[t as usize])
    }

    /// Unit `u`'s teams at the date.
    pub(crate) fn teams<'a>(
        &'a self,
        index: &'a structure::Index,
        u: u32,
    ) -> impl Iterator<Item = u32> + 'a {
        index
            .teams_by_unit
            .row(u)
            .iter()
            .copied()
            .filter(|&t| self.exists(t))
    }
}

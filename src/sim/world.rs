//! What every replicate shares: the practitioners' posts, the units, and, for each stretch of
//! time in which the system's document does not change (an *epoch*), its chains of support,
//! communication paths, coaches and the thresholds of each support situation.
//!
//! Posts are the practitioners active on the start date, grouped by unit in the system's
//! order (this crate's reading: a practitioner the document dates later is not simulated; a
//! post that empties is refilled by an untrained hire, whoever the document names).

use std::collections::HashMap;

use jiff::civil::Date;

use super::caseloads::Caseloads;
use super::hazard::{Support, Thresholds};
use super::{Setup, SimError};
use crate::id::{CoachId, InnovationId, TeamId};
use crate::scenario::ModelParameters;
use crate::system::{AlignmentParams, Chain, Subject, System, SystemDocument, When};

/// "None" in a `u32` list.
pub(crate) const NONE: u32 = u32::MAX;

/// A stretch of time with one system document.
pub(crate) struct Epoch {
    /// The first step it holds.
    pub(crate) first_step: u32,
    /// Per innovation, per unit: the chain of support is unbroken (the alignment report's
    /// definitions, teams filtered by the innovation).
    pub(crate) chain: Vec<Vec<bool>>,
    /// Per innovation, per unit: a team at or above the unit serves the innovation.
    pub(crate) has_team: Vec<Vec<bool>>,
    /// Per unit: the communication path it uses, an index into `paths`; `NONE` without one.
    pub(crate) path: Vec<u32>,
    /// The team slots of each path, from the governing team up to a top team.
    pub(crate) paths: Vec<Vec<u32>>,
    /// Team slots that exist in the epoch.
    pub(crate) teams: Vec<u32>,
    /// Coach slots that exist in the epoch.
    pub(crate) coaches: Vec<u32>,
    /// Per innovation: who coaches each post.
    pub(crate) caseloads: Vec<Caseloads>,
    /// Per coach slot: its support class (index into `tables`' classes); 0: no coaching.
    pub(crate) coach_class: Vec<u32>,
    /// Per coach slot: the dose each practitioner of its caseload gets (0 when not in the
    /// epoch).
    pub(crate) coach_dose: Vec<f64>,
    /// The coaching doses of the support classes; class 0 is no coaching.
    pub(crate) classes: Vec<f64>,
    /// Per innovation: the practitioners coached in it system-wide (the program's size, for
    /// the attenuation at scale).
    pub(crate) programs: Vec<usize>,
}

/// What depends on the model's values rather than on the system: the values, and per epoch
/// and innovation the thresholds of each support class × chain × lift (4 per class). One
/// world serves many sets of values (a sweep's cells) through its rules.
pub(crate) struct Rules {
    pub(crate) parameters: ModelParameters,
    pub(crate) tables: Vec<Vec<Vec<Thresholds>>>,
}

impl Rules {
    /// Whether `fidelity` of `intended` is Full Implementation.
    pub(crate) fn full(&self, fidelity: u32, intended: u32) -> bool {
        intended > 0
            && f64::from(fidelity) >= self.parameters.full_implementation * f64::from(intended)
    }

    /// Bytes of the tables.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.tables
            .iter()
            .flatten()
            .map(Vec::capacity)
            .sum::<usize>()
            * std::mem::size_of::<Thresholds>()
    }
}

/// A team across epochs: how many members it has and how many it needs to support.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TeamSlot {
    /// Members when it was first seen (the most seen over epochs).
    pub(crate) members: u32,
    /// Members it needs to support: the system's minimum team size, or the members it started
    /// with if fewer (the alignment report flags a small team and does not break its chain;
    /// the simulation does not either, until the team loses members).
    pub(crate) needed: u32,
}

/// The prepared simulation: everything a replicate reads and nothing it writes.
pub(crate) struct World {
    pub(crate) system: System,
    pub(crate) start: Date,
    pub(crate) step: super::Step,
    pub(crate) record: crate::period::PeriodKind,
    pub(crate) steps: u32,
    pub(crate) steps_per_year: f64,
    pub(crate) innovations: Vec<InnovationId>,
    /// Per unit: its parent, `NONE` for the root.
    pub(crate) parent: Vec<u32>,
    /// Units, every parent before its children.
    pub(crate) top_down: Vec<u32>,
    /// Per unit: its children are `children[child_start[u]..child_start[u + 1]]`.
    pub(crate) child_start: Vec<u32>,
    pub(crate) children: Vec<u32>,
    /// Levels in the system.
    pub(crate) levels: usize,
    /// Per level: its units.
    pub(crate) units_on_level: Vec<u32>,
    /// The units reported, down to the setup's level, in the system's order.
    pub(crate) out_units: Vec<u32>,
    /// Per unit: its posts are `unit_posts[u]..unit_posts[u + 1]`.
    pub(crate) unit_posts: Vec<u32>,
    /// Per unit: posts at or below it.
    pub(crate) posts_under: Vec<u32>,
    /// Per practitioner position: its post, or `NONE`.
    pub(crate) post_of: Vec<u32>,
    pub(crate) team_slots: Vec<TeamSlot>,
    pub(crate) team_ids: Vec<TeamId>,
    pub(crate) coach_ids: Vec<CoachId>,
    pub(crate) epochs: Vec<Epoch>,
}

/// Registries of team and coach slots, kept across epochs.
#[derive(Default)]
struct Slots {
    teams: HashMap<TeamId, u32>,
    team_sizes: Vec<TeamSlot>,
    team_ids: Vec<TeamId>,
    coaches: HashMap<CoachId, u32>,
    coach_ids: Vec<CoachId>,
}

impl Slots {
    fn team(&mut self, id: &TeamId, members: u32, minimum: u32) -> u32 {
        if let Some(&s) = self.teams.get(id) {
            let slot = &mut self.team_sizes[s as usize];
            slot.members = slot.members.max(members);
            return s;
        }
        let s = index(self.team_sizes.len());
        self.teams.insert(id.clone(), s);
        self.team_ids.push(id.clone());
        self.team_sizes.push(TeamSlot {
            members,
            needed: minimum.min(members),
        });
        s
    }

    fn coach(&mut self, id: &CoachId) -> u32 {
        if let Some(&s) = self.coaches.get(id) {
            return s;
        }
        let s = index(self.coach_ids.len());
        self.coaches.insert(id.clone(), s);
        self.coach_ids.push(id.clone());
        s
    }
}

/// Each unit's children as compressed rows: the children of `u` are
/// `children[start[u]..start[u + 1]]`.
fn children_of(parent: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let units = parent.len();
    let mut child_start = vec![0u32; units + 1];
    for &p in parent {
        if p != NONE {
            child_start[p as usize + 1] += 1;
        }
    }
    for u in 0..units {
        child_start[u + 1] += child_start[u];
    }
    let mut children = vec![0u32; child_start[units] as usize];
    let mut fill = child_start.clone();
    for (u, &p) in parent.iter().enumerate() {
        if p != NONE {
            children[fill[p as usize] as usize] = index(u);
            fill[p as usize] += 1;
        }
    }
    (child_start, children)
}

/// A list position as `u32`; the system's build refuses lists past `u32::MAX`.
pub(crate) fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

impl World {
    /// Prepares the world from the documents of each epoch, the first on the start date.
    pub(crate) fn new(
        setup: &Setup,
        epochs: Vec<(Date, SystemDocument)>,
    ) -> Result<Self, SimError> {
        let steps_per_year = setup.step.per_year();
        let steps = setup.step.count(setup.start, setup.horizon);
        let mut slots = Slots::default();
        let mut built = Vec::with_capacity(epochs.len());
        let mut first: Option<System> = None;
        for (date, doc) in epochs {
            let system = System::build(doc).map_err(SimError::System)?;
            let first_step = setup.step.index_of(setup.start, date);
            if first.is_none() {
                first = Some(system.clone());
            }
            built.push((first_step, date, system));
        }
        let Some(system) = first else {
            return Err(SimError::NoEpoch);
        };
        let idx = &system.index;
        let units = system.document().units.len();
        let mut unit_posts = Vec::with_capacity(units + 1);
        let mut post_of = vec![NONE; system.document().practitioners.len()];
        let mut posts = 0u32;
        for u in 0..units {
            unit_posts.push(posts);
            for &p in idx.practitioners_by_unit.row(index(u)) {
                if system.practitioner_active(p as usize, When::On(setup.start)) {
                    post_of[p as usize] = posts;
                    posts += 1;
                }
            }
        }
        unit_posts.push(posts);
        let mut posts_under: Vec<u32> = (0..units)
            .map(|u| unit_posts[u + 1] - unit_posts[u])
            .collect();
        for &u in idx.top_down.iter().rev() {
            let p = idx.parent[u as usize];
            if p != NONE {
                posts_under[p as usize] += posts_under[u as usize];
            }
        }
        let (child_start, children) = children_of(&idx.parent);
        let out_units = match &setup.level {
            None => (0..units).map(index).collect(),
            Some(level) => {
                let levels = &system.document().levels;
                let depth = levels
                    .iter()
                    .position(|l| l.id == *level)
                    .ok_or_else(|| SimError::UnknownLevel(level.clone()))?;
                (0..units)
                    .filter(|&u| idx.unit_level[u] as usize <= depth)
                    .map(index)
                    .collect()
            }
        };
        let levels = system.document().levels.len();
        let mut units_on_level = vec![0u32; levels];
        for &l in &idx.unit_level {
            units_on_level[l as usize] += 1;
        }
        let mut world = World {
            levels,
            units_on_level,
            out_units,
            start: setup.start,
            step: setup.step,
            record: setup.record,
            child_start,
            children,
            steps,
            steps_per_year,
            innovations: setup.innovations.clone(),
            parent: idx.parent.clone(),
            top_down: idx.top_down.clone(),
            unit_posts,
            posts_under,
            post_of,
            team_slots: Vec::new(),
            team_ids: Vec::new(),
            coach_ids: Vec::new(),
            epochs: Vec::new(),
            system: system.clone(),
        };
        for (first_step, date, system) in &built {
            let epoch = world.epoch(*first_step, *date, system, &mut slots)?;
            world.epochs.push(epoch);
        }
        world.team_slots = slots.team_sizes;
        world.team_ids = slots.team_ids;
        world.coach_ids = slots.coach_ids;
        Ok(world)
    }

    /// Bytes of the world's own lists (capacities), the built system left out.
    pub(crate) fn heap_bytes(&self) -> usize {
        let u32s = self.parent.capacity()
            + self.top_down.capacity()
            + self.child_start.capacity()
            + self.children.capacity()
            + self.out_units.capacity()
            + self.unit_posts.capacity()
            + self.posts_under.capacity()
            + self.post_of.capacity();
        let epochs: usize = self
            .epochs
            .iter()
            .map(|e| {
                e.chain
                    .iter()
                    .chain(&e.has_team)
                    .map(Vec::capacity)
                    .sum::<usize>()
                    + 4 * (e.path.capacity() + e.teams.capacity() + e.coaches.capacity())
                    + 4 * e.paths.iter().map(Vec::capacity).sum::<usize>()
                    + e.caseloads.iter().map(Caseloads::heap_bytes).sum::<usize>()
                    + 4 * e.coach_class.capacity()
                    + 8 * (e.coach_dose.capacity() + e.classes.capacity())
                    + 8 * e.programs.capacity()
            })
            .sum();
        u32s * 4
            + epochs
            + self.team_slots.capacity() * std::mem::size_of::<TeamSlot>()
            + (self.team_ids.capacity() + self.coach_ids.capacity()) * 24
    }

    /// The level position of unit `u`.
    pub(crate) fn unit_level(&self, u: usize) -> usize {
        self.system.index.unit_level[u] as usize
    }

    /// Posts in total.
    pub(crate) fn posts(&self) -> usize {
        self.unit_posts.last().copied().unwrap_or(0) as usize
    }

    /// The rules of `parameters` on this world: each epoch's thresholds.
    pub(crate) fn rules(&self, parameters: ModelParameters) -> Rules {
        let p = &parameters;
        let tables = self
            .epochs
            .iter()
            .map(|e| {
                e.programs
                    .iter()
                    .map(|&program| {
                        let attenuated =
                            p.scale.is_some_and(|s| program >= s.program_size as usize);
                        let mut table = Vec::with_capacity(e.classes.len() * 4);
                        for &dose in &e.classes {
                            for chain in [false, true] {
                                for lifted in [false, true] {
                                    let support = Support {
                                        dose,
                                        chain,
                                        lifted,
                                        attenuated,
                                    };
                                    table.push(Thresholds::new(&support, p, self.steps_per_year));
                                }
                            }
                        }
                        table
                    })
                    .collect()
            })
            .collect();
        Rules { parameters, tables }
    }

    fn epoch(
        &self,
        first_step: u32,
        date: Date,
        system: &System,
        slots: &mut Slots,
    ) -> Result<Epoch, SimError> {
        let when = When::On(date);
        let doc = system.document();
        let units = doc.units.len();
        let minimum = doc.settings.team_size.min;
        let mut teams = Vec::new();
        let mut team_slot_of = vec![NONE; doc.teams.len()];
        for (t, team) in doc.teams.iter().enumerate() {
            if team.active(when) {
                let members = index(team.active_members(when).count());
                let s = slots.team(&team.id, members, minimum);
                team_slot_of[t] = s;
                teams.push(s);
            }
        }
        let mut chain = Vec::with_capacity(self.innovations.len());
        let mut has_team = Vec::with_capacity(self.innovations.len());
        for k in &self.innovations {
            let report =
                system.alignment(&AlignmentParams::default().when(when).innovation(k.clone()));
            let mut ok = vec![false; units];
            let mut team = vec![false; units];
            for row in &report.units {
                if let Some(u) = system.unit_position(row.unit.as_str()) {
                    ok[u as usize] = !matches!(row.chain, Chain::Broken { .. });
                    team[u as usize] = row.ancestor_team_unit.is_some() || row.teams > 0;
                }
            }
            chain.push(ok);
            has_team.push(team);
        }
        let (path, paths) = Self::paths(system, when, &team_slot_of);
        let (coaches, coach_of, doses) = self.coaching(system, slots);
        let mut classes: Vec<f64> = vec![0.0];
        let mut class_of: HashMap<u64, u32> = HashMap::new();
        class_of.insert(0.0f64.to_bits(), 0);
        let mut coach_class = vec![0; slots.coach_ids.len()];
        let mut coach_dose = vec![0.0; slots.coach_ids.len()];
        for (&c, &dose) in coaches.iter().zip(&doses) {
            coach_dose[c as usize] = dose;
            let class = *class_of.entry(dose.to_bits()).or_insert_with(|| {
                classes.push(dose);
                index(classes.len() - 1)
            });
            coach_class[c as usize] = class;
        }
        let programs = coach_of
            .iter()
            .map(|of| of.iter().filter(|&&c| c != NONE).count())
            .collect();
        let caseloads = coach_of
            .iter()
            .map(|of| {
                Caseloads::new(of, &self.unit_posts, slots.coach_ids.len()).map_err(|u| {
                    SimError::TooManyCoaches(self.system.document().units[u].id.clone())
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Epoch {
            first_step,
            chain,
            has_team,
            path,
            paths,
            teams,
            coaches,
            caseloads,
            coach_class,
            coach_dose,
            classes,
            programs,
        })
    }

    /// Each unit's communication path as team slots, shared between units with the same
    /// governing unit.
    fn paths(system: &System, when: When, team_slot_of: &[u32]) -> (Vec<u32>, Vec<Vec<u32>>) {
        let doc = system.document();
        let mut path = vec![NONE; doc.units.len()];
        let mut paths = Vec::new();
        let mut by_governing: HashMap<u32, u32> = HashMap::new();
        for (u, unit) in doc.units.iter().enumerate() {
            let Some(g) = system.nearest_team_unit(index(u), when) else {
                continue;
            };
            let p = *by_governing.entry(g).or_insert_with(|| {
                let subject = Subject::Unit(unit.id.clone());
                let up = system
                    .communication_path(&subject, when)
                    .map(|c| c.up)
                    .unwrap_or_default();
                let teams: Vec<u32> = up
                    .iter()
                    .filter_map(|t| system.team_position(t.as_str()))
                    .map(|t| team_slot_of[t as usize])
                    .filter(|&s| s != NONE)
                    .collect();
                if teams.is_empty() {
                    NONE
                } else {
                    paths.push(teams);
                    index(paths.len() - 1)
                }
            });
            path[u] = p;
        }
        (path, paths)
    }

    /// The coaches of an epoch, who coaches each post for each innovation, and each coach's
    /// dose: capacity over caseload entries, at most 1 (a caseload over capacity shares the
    /// coach's time evenly: this crate's rule; every entry counts against the one capacity, as
    /// in the alignment report's coach loads). A post in two coaches' caseloads is coached by
    /// the first in the document.
    #[allow(clippy::type_complexity)]
    fn coaching(&self, system: &System, slots: &mut Slots) -> (Vec<u32>, Vec<Vec<u32>>, Vec<f64>) {
        let doc = system.document();
        let posts = self.posts();
        let mut coach_of = vec![vec![NONE; posts]; self.innovations.len()];
        let mut coaches = Vec::with_capacity(doc.coaches.len());
        let mut doses = Vec::with_capacity(doc.coaches.len());
        let post = |id: &str| {
            system
                .practitioner_position(id)
                .map_or(NONE, |p| self.post_of[p as usize])
        };
        for coach in &doc.coaches {
            let c = slots.coach(&coach.id);
            coaches.push(c);
            let entries = coach.caseload.len()
                + coach
                    .innovation_caseloads
                    .iter()
                    .map(|l| l.practitioners.len())
                    .sum::<usize>();
            #[allow(clippy::cast_precision_loss)]
            let dose = if entries == 0 {
                0.0
            } else {
                (f64::from(coach.capacity) / entries as f64).min(1.0)
            };
            doses.push(dose);
            for pr in &coach.caseload {
                let s = post(pr.as_str());
                if s == NONE {
                    continue;
                }
                for of in &mut coach_of {
                    if of[s as usize] == NONE {
                        of[s as usize] = c;
                    }
                }
            }
            for list in &coach.innovation_caseloads {
                let Some(k) = self.innovations.iter().position(|i| *i == list.innovation) else {
                    continue;
                };
                for pr in &list.practitioners {
                    let s = post(pr.as_str());
                    if s != NONE && coach_of[k][s as usize] == NONE {
                        coach_of[k][s as usize] = c;
                    }
                }
            }
        }
        (coaches, coach_of, doses)
    }
}

//! The alignment report: does every unit have a team, is every team supported by the team
//! above it, where does the chain break, and who is reached.
//!
//! Definitions (NIRN module 3; SISEP linked teams):
//!
//! - The *top teams* are the teams of the root unit.
//! - A team is *connected* when a chain of active `supports` links leads down to it from a top
//!   team. A team may be supported by several teams (links form a DAG); one chain suffices.
//! - A unit's *governing unit* is the nearest unit at or above it that has a team.
//! - Each unit's chain, and each practitioner's in it, is one of three ([`Chain`]):
//!   - *own connected team*: the unit has a team on the date and one of its teams is
//!     connected;
//!   - *covered from above*: the unit has no team, and its governing unit has a connected
//!     team; the report says which unit and across how many levels (a school without a team
//!     right under a district with a connected team: 1);
//!   - *broken*, with where and why. The two first are *unbroken*.
//! - `settings.require_team_at` lists levels on which a unit must have a team of its own: a
//!   unit there without a team is broken at itself, and so is every unit without a team below
//!   it that it would otherwise pass up to its governing unit, at the highest such unit.
//!   A unit with its own connected team is not affected by a missing team above it.
//! - Where a chain breaks (the reading this crate chose): walking up from the unit through
//!   governing units, at the unit just below the *first connected* governing unit met; a
//!   missing required team on the way to the governing unit comes first. With a cross-level
//!   link this is not the highest unconnected unit: a school team below a district team that
//!   the state supports directly breaks at the school, expected from the district, even when
//!   the region between them is unconnected. [`Chain`] gives the rule in full.
//! - A unit with a team is *linked* when a team of the nearest ancestor unit that has a team
//!   supports one of its teams (the vertical line). The levels between the two are *skipped*.
//!
//! Team sizes outside the configured range (default 3–5, NIRN; 5–7 on a revised page) are
//! flagged, never refused.

use std::collections::HashMap;
use std::sync::Arc;

use super::structure::{Csr, NONE};
use super::{MAX_ANCESTOR_LEVELS, SizeRange, System, TeamsAt, When};
use crate::SiteRecord;
use crate::id::{InnovationId, LevelId};
use crate::share::Share;

mod chains;
mod coaches;
mod report;
mod types;

pub(crate) use chains::Chains;
pub use chains::{BreakReason, Chain};
pub use types::{
    AlignmentReport, CoachLoad, InnovationLoad, LevelAlignment, SizeFlag, TeamSpan, UnitAlignment,
};

/// Parameters of the alignment report.
///
/// ```
/// use implsci::system::{AlignmentParams, When};
/// let params = AlignmentParams::default().when(When::On("2025-01-15".parse()?));
/// assert!(params.team_size.is_none()); // the system's own setting applies
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AlignmentParams {
    /// Which links, memberships and practitioners count: current ones, or those active on a date.
    pub when: When,
    /// The team-size range to flag against; `None` uses the system's `settings.team_size`.
    pub team_size: Option<SizeRange>,
    /// The innovation to look at ([`AlignmentParams::innovation`]); `None`: every innovation.
    pub innovation: Option<InnovationId>,
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
    /// let range = SizeRange::between(5, 7);
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

    /// Looks at one innovation: only the teams that serve it count ([`Team::serves`]: those
    /// naming it among their `innovations`, and those with no focus list), as if the others did
    /// not exist, links to and from them included; coach loads count the caseload for every
    /// innovation and the innovation's own caseload, not other innovations'. Units and
    /// practitioners are the same for every innovation.
    ///
    /// Source: DOMAIN.md §5 (several innovations at once); the filter is this crate's.
    ///
    /// ```
    /// use implsci::system::{AlignmentParams, System};
    /// let system = System::from_json(&std::fs::read_to_string("tests/fixtures/innovations/system.json")?)?;
    /// let gbg = system.alignment(&AlignmentParams::default().innovation("good-behavior-game".parse()?));
    /// let coach = &gbg.coaches[0];
    /// assert_eq!(coach.by_innovation.len(), 1); // the Good Behavior Game's caseload alone
    /// assert!(gbg.teams.iter().all(|t| t.team.as_str() != "lincoln-cico-team")); // focused on CICO
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`Team::serves`]: crate::system::Team::serves
    #[must_use]
    pub fn innovation(mut self, innovation: InnovationId) -> Self {
        self.innovation = Some(innovation);
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
    pub fn alignment(&self, params: &AlignmentParams) -> AlignmentReport {
        self.alignment_with(params, &[])
    }

    /// The alignment report, with the site records that say where an innovation was
    /// de-implemented.
    ///
    /// Coach loads (this crate's rules; DOMAIN.md §5, Metz & Louison 2018):
    ///
    /// - every entry of a coach's caseload for every innovation, and of each innovation's
    ///   caseload ([`InnovationCaseload`](crate::system::InnovationCaseload)), counts one against
    ///   the coach's one capacity, when the practitioner is active; the load is their sum, and
    ///   [`CoachLoad::by_innovation`] gives each innovation's part;
    /// - an entry for an innovation that a site record de-implemented, at the practitioner's
    ///   unit or a unit above it, stops counting from the de-implementation's date (on a
    ///   [`When::On`] date on or after it; always, for [`When::Current`]); it is shown apart, as
    ///   [`InnovationLoad::de_implemented`], and frees the capacity it took. The caseload for
    ///   every innovation is not freed: the practitioner is still coached for the others.
    ///
    /// Site records of units not in the system are left out. The cost is linear in the system
    /// and the records, plus the units times the innovations de-implemented somewhere.
    ///
    /// ```
    /// use implsci::{Document, SiteRecord, system::{AlignmentParams, System, When}};
    /// let system = System::from_json(&std::fs::read_to_string("tests/fixtures/innovations/system.json")?)?;
    /// let lincoln = SiteRecord::from_json(&std::fs::read_to_string("tests/fixtures/innovations/lincoln.json")?)?;
    /// let sites = [lincoln];
    /// let before = system.alignment_with(&AlignmentParams::default().when(When::On("2025-01-31".parse()?)), &sites);
    /// let after = system.alignment_with(&AlignmentParams::default().when(When::On("2025-02-01".parse()?)), &sites);
    /// assert!(before.coaches[0].overloaded && !after.coaches[0].overloaded);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    #[allow(clippy::too_many_lines)] // one pass per list of the system, in order
    pub fn alignment_with(
        &self,
        params: &AlignmentParams,
        sites: &[SiteRecord],
    ) -> AlignmentReport {
        let idx = &self.index;
        let doc = &self.doc;
        let when = params.when;
        let team_size = params.team_size.unwrap_or(doc.settings.team_size);
        let at = self.teams_serving(when, params.innovation.as_ref());
        let mut supports = self.active_supports(when);
        supports.retain(|&(from, to)| at.exists(from) && at.exists(to));
        let down = Csr::from_pairs(doc.teams.len(), &supports);
        let chains = self.chains_with(&down, &at);

        // Practitioners: one pass, unit by unit, counting active ones.
        // Per practitioner: ACTIVE, and COACHED once a caseload names them.
        let mut flags = vec![0u8; doc.practitioners.len()];
        let mut per_unit = vec![0u64; doc.units.len()];
        for (u, count) in per_unit.iter_mut().enumerate() {
            for &p in idx.practitioners_by_unit.row(build_index(u)) {
                if self.practitioner_active(p as usize, when) {
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
        let (units, level_counts) = self.unit_rows(&at, &chains, &linked, &per_unit);
        let levels_report = doc
            .levels
            .iter()
            .zip(&level_counts)
            .map(|(level, c)| LevelAlignment {
                level: level.id.clone(),
                units_with_team: Share::new(c.with_team, c.units),
                units_linked: Share::new(c.linked, c.below_team),
                units_unbroken: Share::new(c.own_team + c.covered, c.units),
                units_own_team: Share::new(c.own_team, c.units),
                units_covered_from_above: Share::new(c.covered, c.units),
                units_broken: Share::new(c.broken, c.units),
                practitioners_covered: Share::new(c.practitioners_covered, c.practitioners),
            })
            .collect();
        let sum = |f: fn(&LevelCounts) -> u64| level_counts.iter().map(f).sum::<u64>();
        let all_units = sum(|c| c.units);

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
        let reach = forest_reach(self, &down, &governed_units, &governed_practitioners);
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
                } else if team_size.above(members) {
                    Some(SizeFlag::TooLarge)
                } else {
                    None
                };
                let supports = u32::try_from(down.row(stamp).len()).unwrap_or(u32::MAX);
                let (mut units_reached, mut practitioners_reached) = (0, 0);
                if let Some((units, practitioners)) = &reach {
                    (units_reached, practitioners_reached) = (units[t], practitioners[t]);
                } else {
                    stack.push(stamp);
                }
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
        let coaches =
            coaches::coach_loads(self, when, params.innovation.as_ref(), sites, &mut flags);
        let n_coached = flags.iter().filter(|&&f| f & COACHED != 0).count() as u64;

        AlignmentReport {
            as_of: match when {
                When::Current => None,
                When::On(d) => Some(d),
            },
            team_size,
            practitioners_covered: Share::new(
                sum(|c| c.practitioners_covered),
                sum(|c| c.practitioners),
            ),
            units_own_team: Share::new(sum(|c| c.own_team), all_units),
            units_covered_from_above: Share::new(sum(|c| c.covered), all_units),
            units_broken: Share::new(sum(|c| c.broken), all_units),
            practitioners_coached: Share::new(n_coached, sum(|c| c.practitioners)),
            levels: levels_report,
            units,
            teams,
            coaches,
        }
    }
}

impl System {
    /// The units' rows, top-down, and what each level counts of them.
    fn unit_rows(
        &self,
        at: &TeamsAt<'_>,
        chains: &Chains,
        linked: &[bool],
        per_unit: &[u64],
    ) -> (Vec<UnitAlignment>, Vec<LevelCounts>) {
        let idx = &self.index;
        let doc = &self.doc;
        let mut counts = vec![LevelCounts::default(); doc.levels.len()];
        let mut units = Vec::with_capacity(doc.units.len());
        let mut skipped = SkippedLevels::default();
        // Per unit without a team: units from it up to its governing unit, that one excluded.
        let mut below_governing = vec![0u32; doc.units.len()];
        // Per unit: its ancestors, shared by siblings.
        let ancestors = self.shared_ancestors();
        for &u in &idx.top_down {
            let ui = u as usize;
            let has_team = at.has_team(idx, u);
            let parent = idx.parent[ui];
            let above = match parent {
                NONE => NONE,
                p => at.nearest[p as usize],
            };
            if !has_team {
                below_governing[ui] = match parent {
                    NONE => 1,
                    p => below_governing[p as usize].saturating_add(1),
                };
            }
            let chain = match (chains.missing[ui], &chains.broken[ui]) {
                (NONE, Some((at, reason))) => Chain::Broken {
                    at: self.unit_id(*at).clone(),
                    reason: reason.clone(),
                },
                (NONE, None) if has_team => Chain::OwnTeam,
                (NONE, None) => Chain::CoveredFromAbove {
                    by: self.unit_id(at.nearest[ui]).clone(),
                    levels: below_governing[ui],
                },
                (m, _) => Chain::Broken {
                    at: self.unit_id(m).clone(),
                    reason: BreakReason::NoRequiredTeam {
                        level: doc.levels[idx.unit_level[m as usize] as usize].id.clone(),
                    },
                },
            };
            let c = &mut counts[idx.unit_level[ui] as usize];
            c.units += 1;
            if has_team {
                c.with_team += 1;
                if above != NONE {
                    c.below_team += 1;
                    c.linked += u64::from(linked[ui]);
                }
            }
            match chain {
                Chain::OwnTeam => c.own_team += 1,
                Chain::CoveredFromAbove { .. } => c.covered += 1,
                Chain::Broken { .. } => c.broken += 1,
            }
            c.practitioners += per_unit[ui];
            if chain.is_unbroken() {
                c.practitioners_covered += per_unit[ui];
            }
            let unit = &doc.units[ui];
            units.push(UnitAlignment {
                unit: unit.id.clone(),
                name: self.unit_name(u),
                level: unit.level.clone(),
                parent: unit.parent.clone(),
                ancestors: ancestors[ui].clone(),
                teams: u32::try_from(at.teams(idx, u).count()).unwrap_or(u32::MAX),
                ancestor_team_unit: (above != NONE).then(|| self.unit_id(above).clone()),
                linked_from_ancestor: (has_team && above != NONE).then_some(linked[ui]),
                skipped_levels: skipped.get(self, at, u),
                chain,
                practitioners: per_unit[ui],
            });
        }
        (units, counts)
    }
}

/// What one level counts of its units.
#[derive(Debug, Clone, Default)]
struct LevelCounts {
    units: u64,
    with_team: u64,
    /// Units with a team and a unit with a team above them.
    below_team: u64,
    /// Of those, units linked from it.
    linked: u64,
    own_team: u64,
    covered: u64,
    broken: u64,
    practitioners: u64,
    practitioners_covered: u64,
}

/// The skipped levels of each unit, at most [`MAX_ANCESTOR_LEVELS`], the nearest first: in a
/// system of up to 64 levels one shared list per distinct set of gaps; in a deeper one each
/// unit's list made from its parent's in the walk down the tree (units are asked for top
/// down), so the cost stays linear in the units however deep the tree is.
#[derive(Default)]
struct SkippedLevels {
    by_gaps: HashMap<u64, Arc<[LevelId]>>,
    by_unit: Vec<Arc<[LevelId]>>,
}

impl SkippedLevels {
    fn get(&mut self, system: &System, at: &TeamsAt<'_>, u: u32) -> Arc<[LevelId]> {
        let idx = &system.index;
        let level = |a: u32| {
            system.doc.levels[idx.unit_level[a as usize] as usize]
                .id
                .clone()
        };
        if system.doc.levels.len() > 64 {
            if self.by_unit.is_empty() {
                self.by_unit = vec![Arc::from(Vec::new()); system.doc.units.len()];
            }
            let above = match idx.parent[u as usize] {
                NONE => Arc::from(Vec::new()),
                p => self.by_unit[p as usize].clone(),
            };
            let list = if at.has_team(idx, u) {
                above
            } else {
                std::iter::once(level(u))
                    .chain(above.iter().cloned())
                    .take(MAX_ANCESTOR_LEVELS)
                    .collect()
            };
            self.by_unit[u as usize] = list.clone();
            return list;
        }
        let gaps = || {
            idx.up(u)
                .filter(|&a| !at.has_team(idx, a))
                .take(MAX_ANCESTOR_LEVELS)
        };
        let mask = gaps().fold(0u64, |m, a| m | 1 << idx.unit_level[a as usize]);
        self.by_gaps
            .entry(mask)
            .or_insert_with(|| gaps().map(level).collect())
            .clone()
    }
}

/// Each team's reach (units, practitioners) in one pass, when the supports links form a
/// forest (no team supported by two) and no unit has two teams: a team's reach is then its
/// own unit's plus its supported teams' reach, and a chain of teams as long as the input costs
/// linear time, where a walk from every team costs the square. `None` otherwise, and the
/// report walks from each team.
fn forest_reach(
    system: &System,
    down: &Csr,
    governed_units: &[u64],
    governed_practitioners: &[u64],
) -> Option<(Vec<u64>, Vec<u64>)> {
    let idx = &system.index;
    let n = system.doc.teams.len();
    let mut supported = vec![false; n];
    for t in 0..n {
        for &r in down.row(build_index(t)) {
            if std::mem::replace(&mut supported[r as usize], true) {
                return None;
            }
        }
    }
    let mut has_team = vec![false; system.doc.units.len()];
    for &u in &idx.team_unit {
        if std::mem::replace(&mut has_team[u as usize], true) {
            return None;
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<u32> = (0..n).filter(|&t| !supported[t]).map(build_index).collect();
    while let Some(s) = stack.pop() {
        order.push(s);
        stack.extend_from_slice(down.row(s));
    }
    if order.len() != n {
        return None; // a circle of supports, which the build rejects: walk instead
    }
    let (mut units, mut practitioners) = (vec![0u64; n], vec![0u64; n]);
    for &s in order.iter().rev() {
        let g = idx.team_unit[s as usize] as usize;
        let (mut u, mut p) = (governed_units[g], governed_practitioners[g]);
        for &r in down.row(s) {
            u += units[r as usize];
            p += practitioners[r as usize];
        }
        units[s as usize] = u;
        practitioners[s as usize] = p;
    }
    Some((units, practitioners))
}

/// A practitioner active at the report's date.
const ACTIVE: u8 = 1;
/// A practitioner in some coach's caseload.
const COACHED: u8 = 2;

fn build_index(i: usize) -> u32 {
    super::structure::index(i)
}

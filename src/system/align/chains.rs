//! Where chains of support reach: the connected teams, and where each unit's chain breaks.

use super::{BreakReason, build_index};
use crate::system::structure::{Csr, NONE};
use crate::system::{System, TeamsAt, When};

/// What the report's passes share: connectivity and governing units.
pub(crate) struct Chains {
    /// Per team: reached from a top team by active supports links.
    pub(crate) connected: Vec<bool>,
    /// Per unit: the unit's chain, as (break unit, reason); `None` when unbroken.
    pub(crate) broken: Vec<Option<(u32, BreakReason)>>,
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
        // Break point of each unit that has a team, top-down.
        let mut team_unit_break: Vec<Option<(u32, BreakReason)>> = vec![None; units];
        for &u in &idx.top_down {
            if !at.has_team(idx, u) || unit_connected(u) {
                continue;
            }
            let above = match idx.parent[u as usize] {
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
        Chains { connected, broken }
    }
}

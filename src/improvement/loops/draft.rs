//! One loop item while its events are gathered, and how it is finished into a [`LoopItem`]:
//! its governing unit, where it was closed, and the position of an open item on its unit's
//! communication path.

use std::collections::HashMap;

use jiff::civil::Date;

use super::{Hop, LoopItem, LoopStatus, Position, Raised, Resolution, days};
use crate::id::{TeamId, UnitId};
use crate::improvement::HopDirection;
use crate::system::{Chain, Subject, System, When};

/// What an open item's position needs of its unit's communication path: where it breaks, or
/// its first and last team.
pub(super) struct PathEnds {
    broken: Option<Chain>,
    first: Option<TeamId>,
    last: Option<TeamId>,
}

/// An item while its events are gathered.
pub(super) struct Draft<'a> {
    pub(super) raised: &'a Raised,
    pub(super) hops: Vec<Hop>,
    pub(super) resolution: Option<Resolution>,
}

impl Draft<'_> {
    pub(super) fn finish(
        self,
        system: &System,
        as_of: Date,
        chains: &mut Option<crate::system::Chains>,
        paths: &mut HashMap<UnitId, Option<PathEnds>>,
    ) -> LoopItem {
        let r = self.raised;
        // The nearest unit at or above the raising unit that has a team.
        // The build keeps each unit's nearest unit with a team, so this costs no walk up the
        // tree however deep it is.
        let governing = system
            .unit_position(r.unit.as_str())
            .and_then(|u| system.nearest_unit_with_team(u))
            .map(|g| system.unit_id(g).clone());
        let level = system
            .level_of(governing.as_ref().unwrap_or(&r.unit))
            .map(|l| l.id.clone());
        let in_governing = |team: &TeamId| {
            governing
                .as_ref()
                .is_some_and(|g| system.team(team.as_str()).is_some_and(|t| &t.unit == g))
        };

        let closed = self.resolution.as_ref().and_then(|res| {
            if in_governing(&res.team) {
                return Some(res.date);
            }
            self.hops
                .iter()
                .find(|h| {
                    h.direction == HopDirection::Down && h.date >= res.date && in_governing(&h.to)
                })
                .map(|h| h.date)
        });

        let held_by = self.hops.last().map(|h| h.to.clone());
        let (status, position) = match (&self.resolution, closed) {
            (Some(_), Some(_)) => (LoopStatus::Closed, None),
            (Some(_), None) => (LoopStatus::Resolved, None),
            (None, _) => {
                let ends = paths.entry(r.unit.clone()).or_insert_with(|| {
                    let subject = Subject::Unit(r.unit.clone());
                    system
                        .communication_path_in(&subject, When::On(as_of), chains)
                        .ok()
                        .map(|p| PathEnds {
                            broken: p.broken,
                            first: p.up.first().cloned(),
                            last: p.up.last().cloned(),
                        })
                });
                let position = match ends {
                    None => Position::Unknown,
                    Some(PathEnds {
                        broken: Some(chain),
                        ..
                    }) => Position::Stuck {
                        chain: chain.clone(),
                    },
                    Some(ends) => {
                        if held_by
                            .as_ref()
                            .or(ends.first.as_ref())
                            .is_some_and(|h| Some(h) == ends.last.as_ref())
                        {
                            Position::AtTop
                        } else {
                            Position::OnTheWay
                        }
                    }
                };
                let status = LoopStatus::Open {
                    held_by,
                    age_days: days(r.date, as_of),
                };
                (status, Some(position))
            }
        };

        let count = |dir: HopDirection| {
            u32::try_from(self.hops.iter().filter(|h| h.direction == dir).count())
                .unwrap_or(u32::MAX)
        };
        LoopItem {
            id: r.id.clone(),
            raised: r.date,
            unit: r.unit.clone(),
            kind: r.item,
            description: r.description.clone(),
            innovation: r.innovation.clone(),
            level,
            hops_up: count(HopDirection::Up),
            hops_down: count(HopDirection::Down),
            hops: self.hops,
            resolution: self.resolution,
            status,
            position,
            closure_days: closed.map(|c| days(r.date, c)),
            closed,
        }
    }
}

//! Coach loads against capacity, across innovations, with de-implemented load apart.
//!
//! Source: DOMAIN.md §5 (several innovations compete for the same coaches); the Coaching
//! driver (NIRN module 2); de-implementation as the Hexagon 2018's third outcome (Metz &
//! Louison 2018). The counting rules are this crate's choices, stated on
//! [`System::alignment_with`](crate::system::System::alignment_with).

use std::collections::HashMap;

use super::{ACTIVE, COACHED, build_index};
use crate::SiteRecord;
use crate::id::InnovationId;
use crate::share::Share;
use crate::system::structure::NONE;
use crate::system::{CoachLoad, InnovationLoad, System, When};

/// Per innovation de-implemented somewhere (by `when`), whether each unit is at or below a
/// site that de-implemented it; and each practitioner's unit. Built only when some
/// de-implementation applies: its cost is the units times those innovations.
struct Ended<'a> {
    units: HashMap<&'a str, Vec<bool>>,
    practitioner_unit: Vec<u32>,
}

impl<'a> Ended<'a> {
    fn new(system: &System, sites: &'a [SiteRecord], when: When, relevant: &[&str]) -> Self {
        let idx = &system.index;
        let n = system.doc.units.len();
        let mut units: HashMap<&'a str, Vec<bool>> = HashMap::new();
        for site in sites {
            let Some(u) = system.unit_position(site.site.as_str()) else {
                continue;
            };
            for h in &site.stages {
                let applies = h.de_implemented.as_ref().is_some_and(|d| match when {
                    When::Current => true,
                    When::On(date) => d.date <= date,
                });
                if applies && relevant.contains(&h.innovation.as_str()) {
                    units
                        .entry(h.innovation.as_str())
                        .or_insert_with(|| vec![false; n])[u as usize] = true;
                }
            }
        }
        let mut practitioner_unit = Vec::new();
        if !units.is_empty() {
            // Top-down, so each unit inherits its parent's mark: no walk up per practitioner.
            for flags in units.values_mut() {
                for &u in &idx.top_down {
                    let p = idx.parent[u as usize];
                    if p != NONE && flags[p as usize] {
                        flags[u as usize] = true;
                    }
                }
            }
            practitioner_unit = vec![NONE; system.doc.practitioners.len()];
            for u in 0..n {
                for &p in idx.practitioners_by_unit.row(build_index(u)) {
                    practitioner_unit[p as usize] = build_index(u);
                }
            }
        }
        Self {
            units,
            practitioner_unit,
        }
    }

    fn ended(&self, innovation: &str, p: u32) -> bool {
        self.units.get(innovation).is_some_and(|flags| {
            let u = self.practitioner_unit[p as usize];
            u != NONE && flags[u as usize]
        })
    }
}

/// Every coach's load, in document order, marking coached practitioners in `flags`.
pub(super) fn coach_loads(
    system: &System,
    when: When,
    innovation: Option<&InnovationId>,
    sites: &[SiteRecord],
    flags: &mut [u8],
) -> Vec<CoachLoad> {
    let doc = &system.doc;
    let idx = &system.index;
    let wanted = |i: &InnovationId| innovation.is_none_or(|f| f == i);
    let mut relevant: Vec<&str> = doc
        .coaches
        .iter()
        .flat_map(|c| &c.innovation_caseloads)
        .filter(|l| wanted(&l.innovation))
        .map(|l| l.innovation.as_str())
        .collect();
    relevant.sort_unstable();
    relevant.dedup();
    let ended = Ended::new(system, sites, when, &relevant);
    let mut cursor = 0;
    doc.coaches
        .iter()
        .enumerate()
        .map(|(c, coach)| {
            let mut plain = 0u64;
            for &p in idx.caseloads.row(build_index(c)) {
                if flags[p as usize] & ACTIVE != 0 {
                    plain += 1;
                    flags[p as usize] |= COACHED;
                }
            }
            let mut by_innovation = Vec::new();
            for list in &coach.innovation_caseloads {
                let positions =
                    &idx.innovation_caseloads[cursor..cursor + list.practitioners.len()];
                cursor += list.practitioners.len();
                if !wanted(&list.innovation) {
                    continue;
                }
                let mut load = InnovationLoad::new(list.innovation.clone());
                for &p in positions {
                    if p == NONE || flags[p as usize] & ACTIVE == 0 {
                        continue;
                    }
                    if ended.ended(list.innovation.as_str(), p) {
                        load.de_implemented += 1;
                    } else {
                        load.practitioners += 1;
                        flags[p as usize] |= COACHED;
                    }
                }
                by_innovation.push(load);
            }
            let n = plain + by_innovation.iter().map(|l| l.practitioners).sum::<u64>();
            CoachLoad {
                coach: coach.id.clone(),
                load: Share::new(n, u64::from(coach.capacity)),
                overloaded: n > u64::from(coach.capacity),
                all_innovations: (!coach.innovation_caseloads.is_empty()).then_some(plain),
                by_innovation,
            }
        })
        .collect()
}

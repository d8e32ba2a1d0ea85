//! The counts an IMPACT profile gathers per row, each input read once: the system (units,
//! practitioners, chains, teams, links), the event log and the site records.

use jiff::civil::Date;

use super::inputs::ImpactParams;
use crate::SiteRecord;
use crate::coaching::CycleStep;
use crate::coaching::measures::{Window, coaching_report};
use crate::driver::{Driver, DriverState};
use crate::event::Event;
use crate::id::{InnovationId, UnitId};
use crate::improvement::PdsaPhase;
use crate::improvement::loops::{LoopMeasure, LoopStatus};
use crate::improvement::pdsa::PdsaMeasure;
use crate::measure::{Measure, fold};
use crate::share::Share;
use crate::system::{AlignmentParams, Chain, LinkKind, System, When};

/// No unit: the marker of the system's positions.
pub(super) const NONE: u32 = u32::MAX;

/// Counts gathered per profile row while the inputs are read once each.
#[derive(Default, Clone)]
pub(super) struct Tally {
    pub(super) units: u64,
    pub(super) practitioners: u64,
    pub(super) members: Share,
    pub(super) raised: u64,
    pub(super) closed: u64,
    pub(super) drivers: [Share; 3],
    pub(super) trained: u64,
    pub(super) hours: f64,
    pub(super) coached: u64,
    pub(super) delivered: Share,
    pub(super) observed: u64,
    pub(super) pdsa: Share,
    pub(super) unbroken: u64,
    pub(super) own_connected: bool,
    pub(super) vertical: u64,
    pub(super) horizontal: u64,
    pub(super) teams_within: Share,
}

/// The drivers read, in the order of [`Tally::drivers`].
pub(super) const DRIVERS: [Driver; 3] = [
    Driver::TechnicalLeadership,
    Driver::AdaptiveLeadership,
    Driver::DecisionSupportDataSystem,
];

/// The system's evidence: units, active practitioners, chains, teams and links, each read
/// once. Gives each practitioner's row (`NONE` for one not active or outside every row).
pub(super) fn read_system(
    system: &System,
    when: When,
    innovation: Option<&InnovationId>,
    row: &[u32],
    rows: &[u32],
    tally: &mut [Tally],
) -> Vec<u32> {
    let doc = system.document();
    let idx = &system.index;
    let row_of_unit = |u: u32| match row[u as usize] {
        NONE => None,
        r => Some(r as usize),
    };
    let mut practitioner_row = vec![NONE; doc.practitioners.len()];
    for u in 0..position(doc.units.len()) {
        let Some(r) = row_of_unit(u) else { continue };
        tally[r].units += 1;
        for &p in idx.practitioners_by_unit.row(u) {
            if system.practitioner_active(p as usize, when) {
                practitioner_row[p as usize] = position(r);
                tally[r].practitioners += 1;
            }
        }
    }
    // A team counts when it exists on the date and serves the innovation looked at (a team
    // naming no innovation serves every one).
    let serving = |t: usize| {
        let team = &doc.teams[t];
        team.active(when) && innovation.is_none_or(|i| team.serves(i))
    };
    let mut params = AlignmentParams {
        when,
        ..AlignmentParams::default()
    };
    if let Some(innovation) = innovation {
        params = params.innovation(innovation.clone());
    }
    let report = system.alignment(&params);
    for unit in &report.units {
        let Some(u) = system.unit_position(unit.unit.as_str()) else {
            continue;
        };
        let Some(r) = row_of_unit(u) else { continue };
        if !matches!(unit.chain, Chain::Broken { .. }) {
            tally[r].unbroken += 1;
        }
        if rows[r] == u && unit.chain == Chain::OwnTeam {
            tally[r].own_connected = true;
        }
    }
    // The report lists the teams it looks at (with an innovation, those serving it), each
    // found by its id.
    for span in &report.teams {
        let Some(t) = system.team_position(span.team.as_str()).map(|t| t as usize) else {
            continue;
        };
        let team = &doc.teams[t];
        if !serving(t) {
            continue;
        }
        let Some(r) = row_of_unit(idx.team_unit[t]) else {
            continue;
        };
        let within = u64::from(span.size_flag.is_none());
        tally[r].teams_within = add(tally[r].teams_within, within, 1);
        for m in team.active_members(when) {
            let practitioner = u64::from(system.practitioner(m.person.as_str()).is_some());
            tally[r].members = add(tally[r].members, practitioner, 1);
        }
    }
    for (l, link) in doc.links.iter().enumerate() {
        if !system.link_active(position(l), when) {
            continue;
        }
        let team_row = |team: &crate::id::TeamId| {
            system
                .team_position(team.as_str())
                .filter(|&t| serving(t as usize))
                .and_then(|t| row_of_unit(idx.team_unit[t as usize]))
        };
        let ends_serve = [&link.from, &link.to].iter().all(|team| {
            system
                .team_position(team.as_str())
                .is_some_and(|t| serving(t as usize))
        });
        if !ends_serve {
            continue;
        }
        let (from, to) = (team_row(&link.from), team_row(&link.to));
        match link.kind {
            LinkKind::Supports => {
                if let Some(r) = to {
                    tally[r].vertical += 1;
                }
            }
            LinkKind::CollaboratesWith => {
                for r in from.into_iter().chain(to.filter(|&t| Some(t) != from)) {
                    tally[r].horizontal += 1;
                }
            }
            LinkKind::ReportsTo => {}
        }
    }

    practitioner_row
}

/// The event log's evidence, in one pass over the events (and the loop report's own).
#[allow(clippy::too_many_arguments)]
pub(super) fn read_events(
    system: &System,
    events: &[Event],
    window: Window,
    params: &ImpactParams,
    practitioner_row: &[u32],
    row: &[u32],
    lowest: usize,
    tally: &mut [Tally],
) {
    let as_of = params.as_of;
    let row_of = |p: Option<u32>| match p.map(|p| practitioner_row[p as usize]) {
        None | Some(NONE) => None,
        Some(r) => Some(r as usize),
    };
    // An interval longer than the calendar reaches back to its first day, never a panic.
    let assessed_from = jiff::Span::new()
        .try_days(i64::from(params.assessment_days))
        .ok()
        .and_then(|span| as_of.checked_sub(span).ok())
        .unwrap_or(Date::MIN);
    let (mut trained, mut observed) = (
        vec![false; practitioner_row.len()],
        vec![false; practitioner_row.len()],
    );
    let mut pdsa = PdsaMeasure::new();
    for event in events {
        match event {
            Event::Training(t) if t.date <= as_of => {
                for a in &t.attendees {
                    if let Some(p) = system.practitioner_position(a.as_str()) {
                        trained[p as usize] = true;
                    }
                }
            }
            Event::CoachingStep(s)
                if s.step == CycleStep::Observation
                    && s.date > assessed_from
                    && s.date <= as_of =>
            {
                if let Some(p) = system.practitioner_position(s.practitioner.as_str()) {
                    observed[p as usize] = true;
                }
            }
            Event::PdsaStep(s) if s.date <= as_of => pdsa.add(event),
            _ => {}
        }
    }
    for p in 0..practitioner_row.len() {
        if let Some(r) = row_of(Some(position(p))) {
            tally[r].trained += u64::from(trained[p]);
            tally[r].observed += u64::from(observed[p]);
        }
    }
    let coaching = coaching_report(events, window, as_of);
    for c in &coaching.practitioners {
        let Some(r) = row_of(system.practitioner_position(c.practitioner.as_str())) else {
            continue;
        };
        tally[r].hours += c.hours;
        tally[r].coached += u64::from(c.cycles > 0 || c.hours > 0.0);
        tally[r].delivered = add(
            tally[r].delivered,
            c.delivered.numerator,
            c.delivered.denominator,
        );
    }
    let unit_row = |unit: &UnitId| match system.unit_position(unit.as_str()) {
        Some(u) if row[u as usize] != NONE => Some((u, row[u as usize] as usize)),
        _ => None,
    };
    for cycle in pdsa.finish() {
        if let Some((_, r)) = unit_row(&cycle.unit) {
            let every = [
                PdsaPhase::Plan,
                PdsaPhase::Do,
                PdsaPhase::Study,
                PdsaPhase::Act,
            ]
            .iter()
            .all(|p| cycle.phases.contains(p));
            tally[r].pdsa = add(tally[r].pdsa, u64::from(every), 1);
        }
    }
    let mut loops = LoopMeasure::new(system, as_of);
    if let Some(innovation) = &params.innovation {
        loops = loops.innovation(innovation.clone());
    }
    for item in fold(events, loops).items {
        let Some((u, r)) = unit_row(&item.unit) else {
            continue;
        };
        if system.index.unit_level[u as usize] as usize == lowest {
            tally[r].raised += 1;
            tally[r].closed += u64::from(item.status == LoopStatus::Closed);
        }
    }
}

/// The site records' driver ratings: each unit counted once, by its last record given.
pub(super) fn read_sites(
    system: &System,
    sites: &[SiteRecord],
    as_of: Date,
    innovation: Option<&InnovationId>,
    row: &[u32],
    tally: &mut [Tally],
) {
    let mut rated: Vec<[Option<bool>; 3]> = vec![[None; 3]; row.len()];
    for site in sites {
        let Some(u) = system.unit_position(site.site.as_str()) else {
            continue;
        };
        let latest = match innovation {
            Some(i) => site.drivers_as_of_for(i, as_of),
            None => site.drivers_as_of(as_of),
        };
        for (d, driver) in DRIVERS.iter().enumerate() {
            let status = latest
                .iter()
                .find(|(x, _)| x == driver)
                .and_then(|(_, s)| *s);
            rated[u as usize][d] = status.map(|s| s.state == DriverState::InPlace);
        }
    }
    for (u, ratings) in rated.iter().enumerate() {
        let r = row[u];
        if r == NONE {
            continue;
        }
        for (d, rating) in ratings.iter().enumerate() {
            if let Some(in_place) = rating {
                let share = &mut tally[r as usize].drivers[d];
                *share = add(*share, u64::from(*in_place), 1);
            }
        }
    }
}

/// A share with one more subject counted.
pub(super) fn add(share: Share, numerator: u64, denominator: u64) -> Share {
    Share::new(share.numerator + numerator, share.denominator + denominator)
}

/// A position in one of the system's lists.
pub(super) fn position(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

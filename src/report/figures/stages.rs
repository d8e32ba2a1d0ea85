//! The stages chart: per unit of the report's level, its units in each implementation stage,
//! per period from the window's first day to the date looked at, one chart per innovation
//! with a stage history.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use jiff::civil::Date;

use super::super::{Computed, Section};
use crate::event::Event;
use crate::id::{InnovationId, LevelId};
use crate::period::{Calendar, PeriodKind};
use crate::plot::Svg;
use crate::plot::stages::{StageChart, StageHistories, StageQuery, StageTable, count_stages};

/// Up to this many quarters the chart is drawn per quarter; a longer span per school year.
const MAX_QUARTERS: usize = 8;

/// One stages chart per innovation that a site record or the event log has a stage history
/// of, in id order. The histories are the site records' and, for a site without one in its
/// record, the one the event log's stage changes rebuild. No history: no chart.
pub(super) fn stages(c: &Computed<'_>) -> Vec<Section<Svg>> {
    let events = c.inputs.events.unwrap_or_default();
    let mut innovations: BTreeSet<&InnovationId> = BTreeSet::new();
    for site in c.inputs.sites {
        innovations.extend(site.stages.iter().map(|h| &h.innovation));
    }
    for event in events {
        if let Event::StageChange(change) = event {
            innovations.insert(&change.innovation);
        }
    }
    if innovations.is_empty() {
        return Vec::new();
    }
    // The window's first day; a window that would start after the date draws nothing.
    let Ok(window) = c.params.window() else {
        return Vec::new();
    };
    let (from, to) = (window.start(), c.params.as_of);
    let quarters = Calendar::new(PeriodKind::Quarter)
        .periods(from, to)
        .take(MAX_QUARTERS + 1)
        .count();
    let kind = if quarters <= MAX_QUARTERS {
        PeriodKind::Quarter
    } else {
        PeriodKind::SchoolYear
    };
    innovations
        .into_iter()
        .filter_map(|innovation| {
            let mut histories = StageHistories::from_events(events, innovation);
            for site in c.inputs.sites {
                if let Some(h) = site.stage_history(innovation) {
                    histories.insert(site.site.clone(), h.clone());
                }
            }
            let count_level = count_level(c, &histories)?;
            let query = StageQuery::new(c.params.level.clone(), Calendar::new(kind), from, to)
                .count_level(count_level);
            let table = count_stages(c.inputs.system, &histories, &query).ok()?;
            Some(section(c, innovation, &table, from))
        })
        .collect()
}

/// The level counted: of the report's level and those below it, the one most sites with a
/// history are units of (of two as many, the lower); `None` when no such site is.
fn count_level(c: &Computed<'_>, histories: &StageHistories) -> Option<LevelId> {
    let system = c.inputs.system;
    let levels = &system.document().levels;
    let at = levels.iter().position(|l| l.id == c.params.level)?;
    let mut sites = vec![0usize; levels.len()];
    for unit in &system.document().units {
        if histories.get(&unit.id).is_some()
            && let Some(k) = levels.iter().position(|l| l.id == unit.level)
        {
            sites[k] += 1;
        }
    }
    let (best, &most) = sites
        .iter()
        .enumerate()
        .skip(at)
        .max_by_key(|&(k, n)| (*n, k))?;
    (most > 0).then(|| levels[best].id.clone())
}

fn section(
    c: &Computed<'_>,
    innovation: &InnovationId,
    table: &StageTable,
    from: Date,
) -> Section<Svg> {
    let level = &c.params.level;
    let name = c
        .inputs
        .innovation
        .filter(|i| &i.id == innovation)
        .map_or_else(|| innovation.to_string(), |i| i.name.clone());
    let heading = format!("{name} stages by {level}, {from} to {}", c.params.as_of);
    let period = match table.period_kind {
        PeriodKind::Quarter => "quarter",
        _ => "school year",
    };
    let counted = table.count_level_name.to_lowercase();
    let mut measures = format!(
        "Per {level}: its {counted} units in each implementation stage on the last day of each \
         {period} (the last one on {}), stacked; units with no stage recorded by then, and those \
         where the innovation was de-implemented, are segments of their own, so each bar is all \
         the {level}'s {counted} units. The stage histories are the site records' and, for a \
         site without one there, the event log's stage changes.",
        c.params.as_of
    );
    match table.not_counted.len() {
        0 => {}
        1 => {
            let _ = write!(
                measures,
                " 1 site with a history is not a {counted} unit of the system and is not \
                 counted."
            );
        }
        n => {
            let _ = write!(
                measures,
                " {n} sites with a history are not {counted} units of the system and are not \
                 counted."
            );
        }
    }
    Section {
        heading: heading.clone(),
        measures,
        source: "The stages: NIRN Active Implementation Hub, module 4 \"Implementation \
                 Stages\"; de-implementation: Metz & Louison (2018), The Hexagon: An \
                 Exploration Tool (NIRN)."
            .to_string(),
        body: StageChart::new(heading).draw(table),
    }
}

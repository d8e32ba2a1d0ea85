//! The capacity heat map: a capacity assessment's latest subscale and total percentages per
//! unit of the level it assesses.

use std::fmt::Write as _;

use super::super::{Computed, ScoreSet, Section};
use crate::id::LevelId;
use crate::plot::Svg;
use crate::plot::capacity::{
    CapacityChart, CapacityParams, CapacityRows, CapacityScope, DEFAULT_MAX_ROWS,
    MINIMUM_CAPACITY_PERCENT, capacity_table,
};
use crate::score::{InstrumentDefinition, ScoreSubject};

/// Whether a definition has a capacity assessment's shape: subscales, and a criterion on
/// every subscale (minimum capacity is the total and every subscale at the threshold).
fn is_capacity_assessment(definition: &InstrumentDefinition) -> bool {
    !definition.subscales.is_empty()
        && definition
            .criterion
            .as_ref()
            .is_some_and(|c| c.each_subscale_percent.is_some())
}

/// The heat map of one score set, when it is a capacity assessment given with its definition
/// and some unit of the system has an administration on or before the date.
pub(super) fn capacity(c: &Computed<'_>, set: &ScoreSet<'_>) -> Option<Section<Svg>> {
    let definition = set.definition.filter(|d| is_capacity_assessment(d))?;
    let system = c.inputs.system;
    let level = assessed_level(c, set)?;
    let mut params = CapacityParams::default();
    params.as_of = Some(c.params.as_of);
    params.threshold = definition
        .criterion
        .as_ref()
        .and_then(|c| c.each_subscale_percent.or(c.total_percent))
        .filter(|t| t.is_finite())
        .unwrap_or(MINIMUM_CAPACITY_PERCENT);
    let scope = CapacityScope::Level {
        system,
        level: &level,
    };
    let table = capacity_table(definition, set.scores, scope, &params).ok()?;
    if table.rows.iter().all(|r| r.assessed == 0) {
        return None;
    }
    let level_name = system
        .document()
        .levels
        .iter()
        .find(|l| l.id == level)
        .map_or_else(|| level.to_string(), |l| l.name.clone());
    let heading = format!("{} by {level} on {}", set.name, c.params.as_of);
    let threshold = crate::plot::fmt_number(table.threshold);
    let mut measures = format!(
        "Each {level}'s latest administration on or before {}: its percent of points possible \
         per subscale and in total, written in the cell and shaded light (0%) to dark (100%); \
         cells at or above {threshold}% are outlined. A {level} with no administration is a \
         row of \"no data\".",
        c.params.as_of
    );
    if let CapacityRows::Groups { level: groups, .. } = &table.rows_are {
        let by = groups
            .as_ref()
            .map_or_else(|| "all units together".to_string(), ToString::to_string);
        let _ = write!(
            measures,
            " With more than {DEFAULT_MAX_ROWS} {level} units, each row is a group ({by}), \
             each cell the share of its {level} units at or above {threshold}%."
        );
    }
    let mut source = format!(
        "Minimum capacity, the total and every subscale at {threshold}% or more: NIRN / SISEP \
         capacity assessments (Ward et al. 2015 for the DCA)."
    );
    if let Some(own) = definition.source.as_deref().filter(|s| !s.is_empty()) {
        let _ = write!(source, " The instrument: {own}.");
    }
    Some(Section {
        heading: heading.clone(),
        measures,
        source,
        body: CapacityChart::new(heading)
            .row_title(level_name)
            .draw(&table),
    })
}

/// The level whose units are the rows: the report's level when the scores are about one of
/// its units, else the level most scores are about (of two as many, the higher); `None` when
/// no score is about a unit of the system.
fn assessed_level(c: &Computed<'_>, set: &ScoreSet<'_>) -> Option<LevelId> {
    let system = c.inputs.system;
    let levels = &system.document().levels;
    let mut scored = vec![0usize; levels.len()];
    for score in set.scores {
        let ScoreSubject::Unit(unit) = &score.subject else {
            continue;
        };
        if let Some(level) = system.level_of(unit)
            && let Some(k) = levels.iter().position(|l| l.id == level.id)
        {
            scored[k] += 1;
        }
    }
    if let Some(k) = levels.iter().position(|l| l.id == c.params.level)
        && scored[k] > 0
    {
        return Some(levels[k].id.clone());
    }
    let (best, &most) = scored
        .iter()
        .enumerate()
        .max_by_key(|&(k, n)| (*n, std::cmp::Reverse(k)))?;
    (most > 0).then(|| levels[best].id.clone())
}

//! The report's tables, each row with the ancestor columns of the hierarchy (one column per
//! level above the lowest, top first), so a printed table reads without the tree beside it.

use hashbrown::HashMap;

use super::summary::{name_of, reason_words};
use super::{Computed, Section};
use crate::id::{LevelId, UnitId};
use crate::improvement::LoopItemKind;
use crate::improvement::loops::LoopStatus;
use crate::period::{Calendar, PeriodKind};
use crate::score::rollup::{Aggregate, RollupParams, RowStatus};
use crate::share::Share;
use crate::system::{Ancestors, Chain, UnitAlignment};

/// A table as the page writes it: a header and rows of text cells; the columns in `numeric`
/// are right-aligned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct HtmlTable {
    pub(super) header: Vec<String>,
    pub(super) numeric: Vec<usize>,
    pub(super) rows: Vec<Vec<String>>,
    /// Written in place of the rows when there are none.
    pub(super) empty: String,
}

pub(super) fn tables(c: &Computed<'_>) -> Vec<Section<HtmlTable>> {
    let mut out = vec![units(c)];
    if let Some(t) = broken_below(c) {
        out.push(t);
    }
    if let Some(t) = coaching(c) {
        out.push(t);
    }
    if let Some(t) = loops(c) {
        out.push(t);
    }
    for set in c.inputs.scores {
        out.push(scores(c, set));
    }
    out
}

/// The levels that get an ancestor column: every level but the lowest.
fn ancestor_levels(c: &Computed<'_>) -> Vec<LevelId> {
    let levels = &c.inputs.system.document().levels;
    levels
        .iter()
        .take(levels.len().saturating_sub(1))
        .map(|l| l.id.clone())
        .collect()
}

/// The ancestor cells of a row: each level's ancestor by name, blank where there is none.
fn ancestor_cells(c: &Computed<'_>, levels: &[LevelId], ancestors: &Ancestors) -> Vec<String> {
    levels
        .iter()
        .map(|l| {
            ancestors
                .get(l)
                .map_or_else(String::new, |u| name_of(c.inputs.system, u))
        })
        .collect()
}

/// The position of each level, top first.
fn level_rank<'c>(c: &Computed<'c>) -> HashMap<&'c LevelId, usize> {
    c.inputs
        .system
        .document()
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| (&l.id, i))
        .collect()
}

fn chain_words(c: &Computed<'_>, unit: &UnitAlignment) -> String {
    let system = c.inputs.system;
    match &unit.chain {
        Chain::OwnTeam => "own connected team".to_string(),
        Chain::CoveredFromAbove { by, .. } => format!("covered by {}", name_of(system, by)),
        Chain::Broken { at, reason } => {
            format!(
                "broken at {}: {}",
                name_of(system, at),
                reason_words(system, reason)
            )
        }
    }
}

fn unit_table<'u>(c: &Computed<'_>, rows: impl Iterator<Item = &'u UnitAlignment>) -> HtmlTable {
    let levels = ancestor_levels(c);
    let mut header: Vec<String> = levels.iter().map(ToString::to_string).collect();
    header.extend(["unit", "level", "chain of support", "practitioners"].map(String::from));
    let mut table = HtmlTable {
        numeric: vec![header.len() - 1],
        header,
        empty: "No unit.".to_string(),
        ..HtmlTable::default()
    };
    for unit in rows {
        let mut row = ancestor_cells(c, &levels, &unit.ancestors);
        row.push(
            unit.name
                .as_deref()
                .map_or_else(|| unit.unit.to_string(), String::from),
        );
        row.push(unit.level.to_string());
        row.push(chain_words(c, unit));
        row.push(unit.practitioners.to_string());
        table.rows.push(row);
    }
    table
}

fn units(c: &Computed<'_>) -> Section<HtmlTable> {
    let rank = level_rank(c);
    let limit = rank.get(&c.params.level).copied().unwrap_or(0);
    let rows = c
        .alignment
        .units
        .iter()
        .filter(|u| rank.get(&u.level).is_some_and(|&r| r <= limit));
    Section {
        heading: format!(
            "Units down to the {} level and their chain of support",
            c.params.level
        ),
        measures: format!(
            "Each unit at or above the {} level on {}: whether a connected team of its own \
             supports it, a connected team above covers it, or where its chain breaks and why; \
             and its active practitioners (in the unit itself, not below it).",
            c.params.level, c.params.as_of
        ),
        source: "Vertically aligned implementation teams, each linked to the team above \
                 (NIRN, Active Implementation Frameworks: implementation teams; the IMPACT \
                 Framework: teams). Where a chain breaks is this crate's reading, documented \
                 with the alignment report."
            .to_string(),
        body: unit_table(c, rows),
    }
}

fn broken_below(c: &Computed<'_>) -> Option<Section<HtmlTable>> {
    let rank = level_rank(c);
    let limit = rank.get(&c.params.level).copied().unwrap_or(0);
    let below = |u: &&UnitAlignment| rank.get(&u.level).is_some_and(|&r| r > limit);
    if !c.alignment.units.iter().any(|u| below(&u)) {
        return None;
    }
    let rows = c
        .alignment
        .units
        .iter()
        .filter(below)
        .filter(|u| !u.chain.is_unbroken());
    let mut body = unit_table(c, rows);
    body.empty = format!(
        "Every unit below the {} level has an unbroken chain.",
        c.params.level
    );
    Some(Section {
        heading: format!(
            "Units below the {} level whose chain breaks",
            c.params.level
        ),
        measures: "Each unit below the table above whose chain of support breaks, with where \
                   and why: the units whose practitioners the teams above do not reach."
            .to_string(),
        source: "As the table above.".to_string(),
        body,
    })
}

fn coaching(c: &Computed<'_>) -> Option<Section<HtmlTable>> {
    let report = c.coaching.as_ref()?;
    let system = c.inputs.system;
    let level = &c.params.level;
    let by_unit: HashMap<&UnitId, &UnitAlignment> =
        c.alignment.units.iter().map(|u| (&u.unit, u)).collect();
    // The report level's unit of each unit: itself, or its ancestor on the level.
    let group_of = |unit: &UnitId| -> Option<UnitId> {
        let u = by_unit.get(unit)?;
        if &u.level == level {
            Some(u.unit.clone())
        } else {
            u.ancestors.get(level).cloned()
        }
    };
    let mut groups: Vec<(UnitId, [u64; 4], f64)> = c
        .alignment
        .units
        .iter()
        .filter(|u| &u.level == level)
        .map(|u| (u.unit.clone(), [0; 4], 0.0))
        .collect();
    let place: HashMap<UnitId, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.0.clone(), i))
        .collect();
    let unit_of: HashMap<_, _> = system
        .document()
        .practitioners
        .iter()
        .map(|p| (&p.id, &p.unit))
        .collect();
    for p in &system.document().practitioners {
        if let Some(&i) = group_of(&p.unit).and_then(|g| place.get(&g)) {
            groups[i].1[0] += 1;
        }
    }
    for p in &report.practitioners {
        let Some(i) = unit_of
            .get(&p.practitioner)
            .and_then(|u| group_of(u))
            .and_then(|g| place.get(&g).copied())
        else {
            continue;
        };
        let g = &mut groups[i];
        g.1[1] += u64::from(p.cycles > 0);
        g.1[2] += p.planned_cycles;
        g.1[3] += p.cycles_complete.min(p.planned_cycles);
        g.2 += p.hours;
    }
    let table = coaching_table(c, &by_unit, groups);
    Some(Section {
        heading: format!(
            "Coaching per {level}, {} to {}",
            report.window.start(),
            report.window.end()
        ),
        measures: format!(
            "Per {level}: its practitioners (at and below it), those with a coaching cycle in \
             the window, the coaching cycles their plans called for in the window, those \
             delivered complete (at most the planned number per practitioner), and coaching hours."
        ),
        source: "Coaching as an implementation driver delivered to plan (NIRN, Active \
                 Implementation Frameworks: competency drivers); cycles and plans as the \
                 coaching measures define them."
            .to_string(),
        body: table,
    })
}

fn loops(c: &Computed<'_>) -> Option<Section<HtmlTable>> {
    let report = c.loops.as_ref()?;
    let system = c.inputs.system;
    let by_unit: HashMap<&UnitId, &UnitAlignment> =
        c.alignment.units.iter().map(|u| (&u.unit, u)).collect();
    let levels = ancestor_levels(c);
    let mut header: Vec<String> = levels.iter().map(ToString::to_string).collect();
    header.extend(["raised", "at", "kind", "what", "status"].map(String::from));
    let mut table = HtmlTable {
        header,
        empty: "No item was raised.".to_string(),
        ..HtmlTable::default()
    };
    for item in &report.items {
        let mut row = match by_unit.get(&item.unit) {
            Some(u) => ancestor_cells(c, &levels, &u.ancestors),
            None => vec![String::new(); levels.len()],
        };
        row.push(item.raised.to_string());
        row.push(name_of(system, &item.unit));
        row.push(
            match item.kind {
                LoopItemKind::Barrier => "barrier",
                LoopItemKind::Success => "success",
            }
            .to_string(),
        );
        row.push(item.description.clone());
        let status = match (&item.status, item.stuck_at()) {
            (_, Some(at)) => format!("stuck at {}", name_of(system, at)),
            (LoopStatus::Open { held_by, age_days }, None) => match held_by {
                Some(team) => format!("open {age_days} days, with {team}"),
                None => format!("open {age_days} days, not passed on"),
            },
            (LoopStatus::Closed, None) => match item.closure_days {
                Some(d) => format!("closed in {d} days"),
                None => "closed".to_string(),
            },
            (LoopStatus::Resolved, None) => "resolved, response not yet back".to_string(),
        };
        row.push(status);
        table.rows.push(row);
    }
    Some(Section {
        heading: format!("Feedback loops up to {}", report.as_of),
        measures: "Each barrier or success raised from practice: where, what, and what became \
                   of it (open and with whom, stuck where the chain of support breaks, resolved, \
                   or closed once the response reached the raising unit's team)."
            .to_string(),
        source: "Practice–policy communication loops (NIRN, Active Implementation Frameworks: \
                 feedback loops; the IMPACT Framework: inclusion)."
            .to_string(),
        body: table,
    })
}

fn scores(c: &Computed<'_>, set: &super::ScoreSet<'_>) -> Section<HtmlTable> {
    let system = c.inputs.system;
    let rank = level_rank(c);
    let limit = rank.get(&c.params.level).copied().unwrap_or(0);
    let params = RollupParams::default()
        .as_of(c.params.as_of)
        .by(Calendar::new(PeriodKind::SchoolYear));
    let mut table = HtmlTable {
        empty: format!("No administration of {} was scored.", set.name),
        ..HtmlTable::default()
    };
    let rollup = if set.scores.is_empty() {
        None
    } else {
        match system.rollup_with(set.scores, Aggregate::ShareMeetingCriterion, &params) {
            Ok(r) => Some(r),
            Err(e) => {
                table.empty = format!("The scores could not be rolled up: {e}.");
                None
            }
        }
    };
    if let Some(rollup) = rollup {
        let mut periods: Vec<&str> = Vec::new();
        for label in rollup
            .rows
            .iter()
            .filter_map(|r| r.period.as_ref())
            .map(|p| p.label.as_str())
        {
            if periods.last() != Some(&label) && !periods.contains(&label) {
                periods.push(label);
            }
        }
        let levels = ancestor_levels(c);
        let mut header: Vec<String> = levels.iter().map(ToString::to_string).collect();
        header.push("unit".to_string());
        let first = header.len();
        header.extend(periods.iter().map(|p| (*p).to_string()));
        table.numeric = (first..header.len()).collect();
        table.header = header;
        let mut cells: HashMap<&UnitId, Vec<String>> = HashMap::new();
        let mut order: Vec<&crate::score::rollup::RollupRow> = Vec::new();
        for row in rollup
            .rows
            .iter()
            .filter(|r| rank.get(&r.level).is_some_and(|&k| k <= limit))
        {
            let cell = match (row.status, row.value) {
                (RowStatus::Computed, Some(v)) => {
                    format!("{:.0}% of {}", v * 100.0, row.coverage.numerator)
                }
                (RowStatus::NoEligibleSubjects, _) => "not assessed here".to_string(),
                _ => "no scores".to_string(),
            };
            let entry = cells.entry(&row.unit).or_insert_with(|| {
                order.push(row);
                Vec::new()
            });
            entry.push(cell);
        }
        for row in order {
            let mut out = ancestor_cells(c, &levels, &row.ancestors);
            out.push(name_of(system, &row.unit));
            out.extend(cells.remove(&row.unit).unwrap_or_default());
            table.rows.push(out);
        }
    }
    Section {
        heading: format!("{}: share at criterion per school year", set.name),
        measures: format!(
            "Per unit and school year: the share of its assessed units (or practitioners) \
             whose latest score in the year meets the criterion of {}, of how many were \
             assessed.",
            set.name
        ),
        source: format!(
            "The criterion of the instrument `{}`, as its definition gives it, with its source.",
            set.instrument
        ),
        body: table,
    }
}

/// The coaching table from each unit's counts: practitioners, coached, planned and delivered
/// cycles, and hours.
fn coaching_table(
    c: &Computed<'_>,
    by_unit: &HashMap<&UnitId, &UnitAlignment>,
    groups: Vec<(UnitId, [u64; 4], f64)>,
) -> HtmlTable {
    let system = c.inputs.system;
    let level = &c.params.level;
    let levels = ancestor_levels(c);
    let mut header: Vec<String> = levels.iter().map(ToString::to_string).collect();
    let first = header.len();
    header.extend(
        [
            "unit",
            "practitioners",
            "coached",
            "planned cycles",
            "delivered",
            "hours",
        ]
        .map(String::from),
    );
    let mut table = HtmlTable {
        numeric: (first + 1..header.len()).collect(),
        header,
        empty: format!("The system has no {level}."),
        ..HtmlTable::default()
    };
    for (unit, [practitioners, coached, planned, delivered], hours) in groups {
        let Some(u) = by_unit.get(&unit) else {
            continue;
        };
        let mut row = ancestor_cells(c, &levels, &u.ancestors);
        row.push(name_of(system, &unit));
        row.push(practitioners.to_string());
        row.push(coached.to_string());
        if planned == 0 {
            row.push("no plan".to_string());
            row.push("no plan".to_string());
        } else {
            row.push(planned.to_string());
            let share = Share::new(delivered, planned).percent().unwrap_or(0.0);
            row.push(format!("{delivered} ({share:.0}%)"));
        }
        row.push(crate::plot::fmt_number(hours));
        table.rows.push(row);
    }
    table
}

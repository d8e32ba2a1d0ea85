//! The table behind the capacity heat map, apart from any drawing: each unit's latest subscale
//! and total percentages, or, past the row cap, each group's share of units at or above the
//! threshold.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;

use crate::id::{LevelId, UnitId};
use crate::score::{InstrumentDefinition, Score, ScoreSubject};
use crate::system::System;

/// The threshold of minimum capacity, in percent: NIRN's capacity assessments (DCA, RCA, SCA)
/// count a unit at minimum capacity when its total **and every subscale** are at 80% or more
/// (inclusive).
///
/// Source: SISEP, "District Capacity Assessment (DCA)" (Ward et al. 2015) and its Regional
/// and State counterparts; the same 80% as
/// [`capacity_assessment`](crate::score::instruments::capacity_assessment)'s criterion.
///
/// ```
/// assert_eq!(implsci::plot::capacity::MINIMUM_CAPACITY_PERCENT, 80.0);
/// ```
pub const MINIMUM_CAPACITY_PERCENT: f64 = 80.0;

/// The most rows drawn one per unit before the rows are grouped (this crate's choice: 60
/// rows of 22 pixels keep the chart on a screen or two).
///
/// ```
/// assert_eq!(implsci::plot::capacity::DEFAULT_MAX_ROWS, 60);
/// ```
pub const DEFAULT_MAX_ROWS: usize = 60;

/// What the table looks at: the threshold, the row cap, and the date.
///
/// ```
/// use implsci::plot::capacity::CapacityParams;
/// let p = CapacityParams::default();
/// assert_eq!((p.threshold, p.max_rows, p.as_of), (80.0, 60, None));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct CapacityParams {
    /// A cell at or above this percent is marked ([`MINIMUM_CAPACITY_PERCENT`] by default;
    /// a value that is not finite counts as the default).
    pub threshold: f64,
    /// More units than this are grouped ([`DEFAULT_MAX_ROWS`] by default; at least 1).
    pub max_rows: usize,
    /// Each unit counts with its latest score on or before this date; `None`: its latest.
    pub as_of: Option<Date>,
}

impl Default for CapacityParams {
    fn default() -> Self {
        CapacityParams {
            threshold: MINIMUM_CAPACITY_PERCENT,
            max_rows: DEFAULT_MAX_ROWS,
            as_of: None,
        }
    }
}

/// Which units are the rows.
///
/// ```
/// use implsci::plot::capacity::CapacityScope;
/// let scope = CapacityScope::Subjects;
/// # let _ = scope;
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum CapacityScope<'a> {
    /// Every unit some score is about, by id. Past the row cap the rows become one: all units.
    Subjects,
    /// Every unit of `level` in the system, in the system's order, with or without a score.
    /// Past the row cap, rows are the units of the nearest level above with few enough units.
    Level {
        /// The system.
        system: &'a System,
        /// The level whose units are the rows.
        level: &'a LevelId,
    },
}

/// One cell.
///
/// ```
/// use implsci::plot::capacity::CapacityCell;
/// assert_eq!(CapacityCell::Share { meeting: 3, scored: 4 }.percent(), Some(75.0));
/// assert_eq!(CapacityCell::Share { meeting: 0, scored: 0 }.percent(), None); // not computable
/// assert_eq!(CapacityCell::NoData.percent(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum CapacityCell {
    /// A unit's percent of points possible (finite).
    Percent(f64),
    /// A group's units scored in this column, and how many of them are at or above the
    /// threshold.
    Share {
        /// Units at or above the threshold.
        meeting: u64,
        /// Units with a percent in this column.
        scored: u64,
    },
    /// No percent: no administration, or one whose percent here is not computable.
    NoData,
}

impl CapacityCell {
    /// The percent drawn: the unit's percent, or the share of a group's scored units at or
    /// above the threshold (times 100); `None` for no data or a share of none.
    ///
    /// ```
    /// use implsci::plot::capacity::CapacityCell;
    /// assert_eq!(CapacityCell::Percent(87.5).percent(), Some(87.5));
    /// ```
    #[must_use]
    pub fn percent(&self) -> Option<f64> {
        match *self {
            CapacityCell::Percent(p) => Some(p),
            CapacityCell::Share { scored: 0, .. } | CapacityCell::NoData => None,
            CapacityCell::Share { meeting, scored } => Some(count(meeting) * 100.0 / count(scored)),
        }
    }
}

/// A column: a subscale in the definition's order, or the total (id `total`), last.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CapacityColumn {
    /// The subscale's id, or `total`.
    pub id: String,
    /// The subscale's name, or `Total`.
    pub label: String,
}

/// A row: a unit, or past the row cap a group of units.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CapacityRow {
    /// The unit's id, or the group's (`all` for all units).
    pub id: String,
    /// Its name, or its id.
    pub label: String,
    /// The date of the unit's score drawn; `None` for a group or a unit with no score.
    pub date: Option<Date>,
    /// The units in the row: 1 for a unit.
    pub units: u64,
    /// Of them, those with a score.
    pub assessed: u64,
    /// One cell per column of [`CapacityTable::columns`].
    pub cells: Vec<CapacityCell>,
}

/// What the rows are.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CapacityRows {
    /// One row per unit, each cell its percent.
    Units,
    /// One row per group of units, each cell the share of its units at or above the
    /// threshold. `level` is the groups' level; `None`: one group of all units.
    Groups {
        /// The level whose units are the groups.
        level: Option<LevelId>,
        /// The units grouped (more than the row cap).
        units: usize,
    },
}

/// The capacity heat map's table.
///
/// ```
/// use implsci::Document;
/// use implsci::plot::capacity::{CapacityCell, CapacityParams, CapacityScope, capacity_table};
/// use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum};
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?;
/// let scores: Vec<_> = admins.administrations.iter().map(|a| dca.score(a)).collect::<Result<_, _>>()?;
/// let table = capacity_table(dca.definition(), &scores, CapacityScope::Subjects, &CapacityParams::default())?;
/// let labels: Vec<&str> = table.columns.iter().map(|c| c.label.as_str()).collect();
/// assert_eq!(labels, ["Leadership", "Alignment", "Data", "Total"]);
/// let buncombe = table.rows.iter().find(|r| r.id == "buncombe").ok_or("a row")?;
/// assert_eq!(buncombe.date.map(|d| d.to_string()).as_deref(), Some("2025-04-01"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CapacityTable {
    /// The instrument's name.
    pub instrument: String,
    /// Where its rules are published, as its definition says.
    pub source: Option<String>,
    /// The threshold, in percent.
    pub threshold: f64,
    /// The columns: the subscales, then the total.
    pub columns: Vec<CapacityColumn>,
    /// The rows.
    pub rows: Vec<CapacityRow>,
    /// Units or groups.
    pub rows_are: CapacityRows,
}

/// Why the table could not be made.
///
/// ```
/// use implsci::plot::capacity::CapacityError;
/// let e = CapacityError::UnknownLevel { level: "ward".parse()?, levels: "state, district".into() };
/// assert_eq!(e.to_string(), "the system has no level `ward`; its levels are state, district");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CapacityError {
    /// A level the system does not have.
    #[error("the system has no level `{level}`; its levels are {levels}")]
    UnknownLevel {
        /// The level asked for.
        level: LevelId,
        /// The system's levels, comma-separated, top first.
        levels: String,
    },
}

/// The table of the latest score of each unit of `scope` on or before `params.as_of`
/// (of two on one date, the later in `scores`), one row per unit, one column per subscale of
/// `definition` and a total.
///
/// **Rows past the cap.** When there are more units than `params.max_rows`, the rows are
/// groups instead: with a system, the units of the nearest level above the rows' level that
/// has at most `max_rows` units (the root's level, one unit, at the latest); without one, a
/// single group of all units. A group's cell is the share of its units scored in that column
/// that are at or above the threshold ([`CapacityCell::Share`]), and its row says how many of
/// its units were assessed. The rule is this crate's choice: it keeps the chart bounded by the
/// cap, not by the units, and answers the question minimum capacity asks (how many reach it).
///
/// The cost is one pass over the scores and one walk of the unit tree.
///
/// ```
/// use implsci::Document;
/// use implsci::plot::capacity::{CapacityParams, CapacityRows, CapacityScope, capacity_table};
/// use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum};
/// use implsci::system::System;
/// let dca = ItemSum::new(InstrumentDocument::from_json(&std::fs::read_to_string("examples/data/dca_instrument.json")?)?.instrument)?;
/// let admins = AdministrationsDocument::from_json(&std::fs::read_to_string("examples/data/dca_administrations.json")?)?;
/// let scores: Vec<_> = admins.administrations.iter().map(|a| dca.score(a)).collect::<Result<_, _>>()?;
/// let system = System::from_json(&std::fs::read_to_string("examples/data/state_system.json")?)?;
/// let level = "district".parse()?;
/// let scope = CapacityScope::Level { system: &system, level: &level };
/// let mut params = CapacityParams::default();
/// params.max_rows = 3; // four districts: grouped by region
/// let table = capacity_table(dca.definition(), &scores, scope, &params)?;
/// assert!(matches!(&table.rows_are, CapacityRows::Groups { level: Some(l), .. } if l.as_str() == "region"));
/// assert_eq!(table.rows.len(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`CapacityError::UnknownLevel`] for a level the system does not have.
pub fn capacity_table(
    definition: &InstrumentDefinition,
    scores: &[Score],
    scope: CapacityScope<'_>,
    params: &CapacityParams,
) -> Result<CapacityTable, CapacityError> {
    if let CapacityScope::Level { system, level } = scope {
        let levels = &system.document().levels;
        if !levels.iter().any(|l| &l.id == level) {
            return Err(CapacityError::UnknownLevel {
                level: level.clone(),
                levels: levels
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    let threshold = if params.threshold.is_finite() {
        params.threshold
    } else {
        MINIMUM_CAPACITY_PERCENT
    };
    let mut columns: Vec<CapacityColumn> = definition
        .subscales
        .iter()
        .map(|s| CapacityColumn {
            id: s.id.to_string(),
            label: s.name.clone(),
        })
        .collect();
    columns.push(CapacityColumn {
        id: "total".into(),
        label: "Total".into(),
    });
    // Each unit's latest score on or before the date.
    let mut latest: BTreeMap<&UnitId, &Score> = BTreeMap::new();
    let mut subjects: BTreeSet<&UnitId> = BTreeSet::new();
    for s in scores {
        let ScoreSubject::Unit(unit) = &s.subject else {
            continue;
        };
        subjects.insert(unit);
        if params.as_of.is_some_and(|d| s.date > d) {
            continue;
        }
        let slot = latest.entry(unit).or_insert(s);
        if slot.date <= s.date {
            *slot = s;
        }
    }
    let units: Vec<(&UnitId, String)> = match scope {
        CapacityScope::Subjects => subjects.iter().map(|u| (*u, u.to_string())).collect(),
        CapacityScope::Level { system, level } => system
            .document()
            .units
            .iter()
            .filter(|u| &u.level == level)
            .map(|u| (&u.id, u.name.clone().unwrap_or_else(|| u.id.to_string())))
            .collect(),
    };
    let rows: Vec<CapacityRow> = units
        .iter()
        .map(|(id, label)| unit_row(definition, id, label, latest.get(id).copied()))
        .collect();
    let mut table = CapacityTable {
        instrument: definition.name.clone(),
        source: definition.source.clone(),
        threshold,
        columns,
        rows,
        rows_are: CapacityRows::Units,
    };
    if table.rows.len() > params.max_rows.max(1) {
        group_rows(&mut table, scope, params.max_rows.max(1));
    }
    Ok(table)
}

fn unit_row(
    definition: &InstrumentDefinition,
    id: &UnitId,
    label: &str,
    score: Option<&Score>,
) -> CapacityRow {
    let percent = |p: Option<f64>| {
        p.filter(|v| v.is_finite())
            .map_or(CapacityCell::NoData, CapacityCell::Percent)
    };
    let mut cells: Vec<CapacityCell> = definition
        .subscales
        .iter()
        .map(|sub| {
            let found = score.and_then(|s| s.subscales.iter().find(|r| r.subscale == sub.id));
            percent(found.and_then(|r| r.percent))
        })
        .collect();
    cells.push(percent(score.and_then(|s| s.percent)));
    CapacityRow {
        id: id.to_string(),
        label: label.to_string(),
        date: score.map(|s| s.date),
        units: 1,
        assessed: u64::from(score.is_some()),
        cells,
    }
}

/// Replaces the unit rows by group rows (see [`capacity_table`]).
fn group_rows(table: &mut CapacityTable, scope: CapacityScope<'_>, max_rows: usize) {
    let units = table.rows.len();
    let columns = table.columns.len();
    let unit_rows = std::mem::take(&mut table.rows);
    // (id, label, member rows) of each group.
    let mut groups: Vec<(String, String, Vec<usize>)> = Vec::new();
    let mut level_of_groups = None;
    if let CapacityScope::Level { system, level } = scope {
        let levels = &system.document().levels;
        let at = levels.iter().position(|l| &l.id == level).unwrap_or(0);
        let doc_units = &system.document().units;
        let mut per_level: HashMap<&LevelId, usize> = HashMap::new();
        for u in doc_units {
            *per_level.entry(&u.level).or_insert(0) += 1;
        }
        let group_level = levels[..at]
            .iter()
            .rev()
            .find(|l| per_level.get(&l.id).copied().unwrap_or(0) <= max_rows);
        if let Some(group_level) = group_level {
            let row_of: HashMap<&str, usize> = unit_rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect();
            for g in doc_units.iter().filter(|u| u.level == group_level.id) {
                let members = system.descendants(&g.id).map_or_else(
                    |_| Vec::new(),
                    |d| {
                        d.filter_map(|u| row_of.get(u.id.as_str()).copied())
                            .collect()
                    },
                );
                let label = g.name.clone().unwrap_or_else(|| g.id.to_string());
                groups.push((g.id.to_string(), label, members));
            }
            level_of_groups = Some(group_level.id.clone());
        }
    }
    if level_of_groups.is_none() {
        groups.push(("all".into(), "All units".into(), (0..units).collect()));
    }
    let threshold = table.threshold;
    table.rows = groups
        .into_iter()
        .map(|(id, label, members)| {
            let mut cells = vec![(0u64, 0u64); columns];
            let mut assessed = 0;
            for &m in &members {
                let row = &unit_rows[m];
                assessed += row.assessed;
                for (c, cell) in cells.iter_mut().zip(&row.cells) {
                    if let CapacityCell::Percent(p) = cell {
                        c.1 += 1;
                        c.0 += u64::from(*p >= threshold);
                    }
                }
            }
            CapacityRow {
                id,
                label,
                date: None,
                units: members.len() as u64,
                assessed,
                cells: cells
                    .into_iter()
                    .map(|(meeting, scored)| CapacityCell::Share { meeting, scored })
                    .collect(),
            }
        })
        .collect();
    table.rows_are = CapacityRows::Groups {
        level: level_of_groups,
        units,
    };
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts of units are far below 2^52"
)]
fn count(n: u64) -> f64 {
    n as f64
}

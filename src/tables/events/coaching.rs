//! The coaching tables: `coaching_plans`, `coaching_sessions` (the steps of coaching cycles,
//! with a column per rated essential function) and `trainings` (one row per attendee).
//!
//! Source of the events: NIRN Active Implementation Hub, module 2, the Coaching and Training
//! drivers (the coaching service delivery plan, the coaching cycle); practice-profile levels
//! after the NIRN practice profile handout. The tables' layout is the crate's own.

use std::collections::HashMap;

use jiff::civil::Date;
use petgraph::graphmap::DiGraphMap;

use super::cells::{self, RowCells, hours_fit, ids_fit, join_ids, lines_fit, text_fits, wire};
use super::{Import, rating_function};
use crate::coaching::{CoachingFormat, CoachingPlan, CoachingStep, CycleStep, Training};
use crate::event::{Event, EventId};
use crate::id::{CoachId, EssentialFunctionId, InnovationId, PractitionerId};
use crate::innovation::{FunctionRating, ProfileLevel};
use crate::tables::source::Source;
use crate::tables::write::{EXTENSION_PREFIX, ExtensionColumns};
use crate::tables::{Cell, Column, Table, TableOut, TableProblem};

const PLANS: &str = "coaching_plans";
const SESSIONS: &str = "coaching_sessions";
const TRAININGS: &str = "trainings";

const PLAN_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("coach"),
    Column::required("practitioners"),
    Column::optional("innovation"),
    Column::required("format"),
    Column::required("every_days"),
    Column::required("start"),
    Column::optional("end"),
];

const SESSION_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("plan"),
    Column::required("cycle"),
    Column::required("practitioner"),
    Column::required("step"),
    Column::optional("coach"),
    Column::optional("functions"),
    Column::optional("actions"),
    Column::optional("hours"),
    Column::optional("minutes"),
];

const TRAINING_COLUMNS: &[Column] = &[
    Column::optional("id"),
    Column::required("date"),
    Column::required("training"),
    Column::optional("innovation"),
    Column::required("attendee"),
    Column::optional("hours"),
    Column::optional("minutes"),
];

const FORMATS: [CoachingFormat; 3] = [
    CoachingFormat::InPerson,
    CoachingFormat::Remote,
    CoachingFormat::Hybrid,
];

const LEVELS: [ProfileLevel; 3] = [
    ProfileLevel::Expected,
    ProfileLevel::Developmental,
    ProfileLevel::Unacceptable,
];

/// Reads `coaching_plans`; gives each plan's coach by plan id (for the sessions' `coach`
/// check), or `None` when the table is there but cannot be read.
pub(super) fn read_plans(
    import: &mut Import<'_>,
    source: &mut dyn Source,
) -> Option<HashMap<EventId, CoachId>> {
    let before = import.problems.len();
    let Some(reading) = import.open(source, PLANS, PLAN_COLUMNS, |_| false) else {
        return (import.problems.len() == before).then(HashMap::new);
    };
    let mut coaches = HashMap::new();
    import.each_event(reading, PLANS, "coaching plan", |cells| {
        let id = cells.event_id();
        let coach: Option<CoachId> = cells.required_id("coach");
        if let (Some(id), Some(coach)) = (&id, &coach) {
            coaches.entry(id.clone()).or_insert_with(|| coach.clone());
        }
        let date = cells.required_date("date");
        let practitioners = cells.ids("practitioners");
        let innovation = cells.id("innovation");
        let format = cells.required_choice("format", &FORMATS);
        let every_days = cells.whole("every_days", "days");
        let start = cells.required_date("start");
        let end = cells.date("end");
        let extensions = cells.extensions();
        let mut plan = CoachingPlan::new(
            id?,
            date?,
            coach?,
            practitioners,
            format?,
            every_days?,
            start?,
        );
        plan.innovation = innovation;
        plan.end = end;
        plan.extensions = extensions;
        Some(Event::CoachingPlan(plan))
    });
    Some(coaches)
}

/// Reads `coaching_sessions`, checking a filled `coach` cell against the session's plan
/// (`plans`: `None` when the plans could not be read, and so cannot be checked against).
pub(super) fn read_sessions(
    import: &mut Import<'_>,
    source: &mut dyn Source,
    plans: Option<&HashMap<EventId, CoachId>>,
) {
    let is_rating: fn(&str) -> bool = |h| rating_function(h).is_some();
    let Some(reading) = import.open(source, SESSIONS, SESSION_COLUMNS, is_rating) else {
        return;
    };
    let ratings = rating_columns(reading.reader.table(), &mut import.problems);
    import.each_event(reading, SESSIONS, "coaching session", |cells| {
        let id = cells.event_id();
        let date = cells.required_date("date");
        let plan: Option<EventId> = cells.required_id("plan");
        let cycle = cells.required_id("cycle");
        let practitioner = cells.required_id("practitioner");
        let step = cells.required_choice("step", &CycleStep::ALL);
        if let (Some(coach), Some(plans), Some(plan)) = (cells.get("coach"), plans, &plan) {
            check_coach(cells, plans, plan, coach);
        }
        let functions = cells.ids("functions");
        let rated = read_ratings(cells, &ratings);
        let actions = cells.lines("actions");
        let hours = cells.hours();
        let extensions = cells.extensions_except(is_rating);
        let mut step = CoachingStep::new(id?, date?, plan?, cycle?, practitioner?, step?);
        step.functions = functions;
        step.ratings = rated;
        step.actions = actions;
        step.hours = hours;
        step.extensions = extensions;
        Some(Event::CoachingStep(step))
    });
}

/// A session's coach must be its plan's.
fn check_coach(
    cells: &mut RowCells<'_>,
    plans: &HashMap<EventId, CoachId>,
    plan: &EventId,
    coach: &str,
) {
    let message = match plans.get(plan.as_str()) {
        Some(c) if c.as_str() == coach => return,
        Some(c) => format!("`{coach}` is not the coach of plan `{plan}`, which is `{c}`"),
        None => format!(
            "`{coach}` cannot be checked: no plan `{plan}` in {PLANS}; a session's coach is its plan's"
        ),
    };
    cells.refuse("coach", message);
}

/// The rating columns of a sessions table: the header and its function, each function once;
/// a header whose function is not an id, or repeats one, is a problem at the header.
fn rating_columns(
    table: &Table,
    problems: &mut Vec<TableProblem>,
) -> Vec<(String, EssentialFunctionId)> {
    let mut out: Vec<(String, EssentialFunctionId)> = Vec::new();
    for (i, header) in table.headers().iter().enumerate() {
        let Some(function) = rating_function(header) else {
            continue;
        };
        let message = match function.parse::<EssentialFunctionId>() {
            Err(e) => format!("{function:?} is not an essential function's id: {e}"),
            Ok(f) => {
                if let Some((first, _)) = out.iter().find(|(_, g)| *g == f) {
                    format!("the rating of `{f}` again (first under {first:?})")
                } else {
                    out.push((header.clone(), f));
                    continue;
                }
            }
        };
        let mut p = TableProblem::at_row(table.file(), 1, message);
        p.column = Some(i + 1);
        p.header = Some(header.clone());
        problems.push(p);
    }
    out
}

/// A row's ratings, in column order: each non-blank cell under a rating column, a level.
fn read_ratings(
    cells: &mut RowCells<'_>,
    columns: &[(String, EssentialFunctionId)],
) -> Vec<FunctionRating> {
    let mut out = Vec::new();
    for (header, cell) in cells.table.extra(cells.row) {
        let Some((_, function)) = columns.iter().find(|(h, _)| h == header) else {
            continue;
        };
        match cells::pick(cell, "level", &LEVELS) {
            Ok(level) => out.push(FunctionRating::new(function.clone(), level)),
            Err(message) => cells.refuse_at_header(header, message),
        }
    }
    out
}

/// What keys a row of `trainings` to its training: its id, or its date and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Id(EventId),
    Made(Date, String),
}

/// Reads `trainings`, one row per attendee: the rows of one training share its id, or, without
/// an id, its date and name.
pub(super) fn read_trainings(import: &mut Import<'_>, source: &mut dyn Source) {
    let Some(reading) = import.open(source, TRAININGS, TRAINING_COLUMNS, |_| false) else {
        return;
    };
    // Per training: its place among the events, and its first row.
    let mut trainings: HashMap<Key, (usize, u64)> = HashMap::new();
    import.rows(reading, TRAININGS, "training", |cells, events, seen| {
        let date = cells.date("date");
        let name = cells.text("training");
        let key = if cells.get("id").is_some() {
            cells.id("id").map(Key::Id)
        } else {
            for column in ["date", "training"] {
                if cells.get(column).is_none() {
                    let message = format!("blank; a training without an id needs its {column}");
                    cells.refuse(column, message);
                }
            }
            date.zip(name.clone()).map(|(d, n)| Key::Made(d, n))
        };
        let Some(key) = key else { return };
        let attendee: Option<PractitionerId> = cells.id("attendee");
        let innovation = cells.id("innovation");
        let hours = cells.hours();
        if let Some(&(at, first)) = trainings.get(&key) {
            if let Some(Event::Training(t)) = events.get_mut(at) {
                same_training(cells, t, first, (date, name, innovation, hours));
                if cells.ok() {
                    t.attendees.extend(attendee);
                }
            }
            return;
        }
        let id = match &key {
            Key::Id(id) => {
                for column in ["date", "training"] {
                    if cells.get(column).is_none() {
                        let message = format!("blank; a training's first row needs its {column}");
                        cells.refuse(column, message);
                    }
                }
                Some(id.clone())
            }
            Key::Made(..) => cells.made_id(),
        };
        let extensions = cells.extensions();
        let (Some(id), Some(date), Some(name)) = (id, date, name) else {
            return;
        };
        super::first_time(cells, seen, &id);
        let mut training = Training::new(id, date, name, attendee.into_iter().collect());
        training.innovation = innovation;
        training.hours = hours;
        training.extensions = extensions;
        trainings.insert(key, (events.len(), cells.number()));
        events.push(Event::Training(training));
    });
}

/// A later row of a training: each training-level cell blank or as its first row has it.
fn same_training(
    cells: &mut RowCells<'_>,
    t: &Training,
    first: u64,
    (date, name, innovation, hours): (
        Option<Date>,
        Option<String>,
        Option<InnovationId>,
        Option<f64>,
    ),
) {
    let differs = |cells: &mut RowCells<'_>, column: &str, had: Option<String>| {
        let found = cells.get(column).unwrap_or_default().to_string();
        let had = had.map_or_else(|| "it blank".to_string(), |h| format!("`{h}`"));
        let message = format!(
            "`{found}` differs from row {first}, the first of training `{}`, which has {had}",
            t.id
        );
        cells.refuse(column, message);
    };
    if date.is_some_and(|d| d != t.date) {
        differs(cells, "date", Some(t.date.to_string()));
    }
    if name.as_ref().is_some_and(|n| *n != t.training) {
        differs(cells, "training", Some(t.training.clone()));
    }
    if innovation.is_some() && innovation != t.innovation {
        differs(
            cells,
            "innovation",
            t.innovation.as_ref().map(ToString::to_string),
        );
    }
    if hours.is_some() && hours != t.hours {
        let column = if cells.get("hours").is_some() {
            "hours"
        } else {
            "minutes"
        };
        differs(cells, column, t.hours.map(|h| format!("{h} hours")));
    }
    for (key, value, header) in cells.extension_cells(|_| false) {
        let message = match t.extensions.get(&key) {
            Some(v) if *v == value => continue,
            Some(v) => format!(
                "differs from row {first}, the first of training `{}`, which has {v}",
                t.id
            ),
            None => format!(
                "differs from row {first}, the first of training `{}`, which has it blank",
                t.id
            ),
        };
        cells.refuse_at_header(header, message);
    }
}

/// Why a plan cannot be written and read back the same.
pub(super) fn plan_fits(plan: &CoachingPlan) -> Result<(), String> {
    ids_fit("practitioner", &plan.practitioners)?;
    cells::date_fits("start", plan.start)?;
    plan.end.map_or(Ok(()), |end| cells::date_fits("end", end))
}

/// Why a step cannot be written and read back the same (its ratings' order aside).
pub(super) fn step_fits(step: &CoachingStep) -> Result<(), String> {
    ids_fit("function", &step.functions)?;
    lines_fit("actions", &step.actions)?;
    hours_fit(step.hours)
}

/// Why a training cannot be written and read back the same.
pub(super) fn training_fits(training: &Training) -> Result<(), String> {
    text_fits("training", &training.training)?;
    hours_fit(training.hours)
}

/// The order of the rating columns, one per function rated: an order in which every step's
/// ratings come, where there is one (a topological order of the functions, each step's
/// ratings a path). A step that rates a function twice, or whose order contradicts the steps
/// before it, is left out, with the reason.
#[allow(clippy::type_complexity)]
pub(super) fn rating_order(
    steps: Vec<(usize, &CoachingStep)>,
) -> (Vec<(usize, &CoachingStep)>, Vec<&str>, Vec<(usize, String)>) {
    let mut graph: DiGraphMap<&str, ()> = DiGraphMap::new();
    let mut kept = Vec::with_capacity(steps.len());
    let mut left = Vec::new();
    for (i, step) in steps {
        let names: Vec<&str> = step.ratings.iter().map(|r| r.function.as_str()).collect();
        if let Some(twice) = names
            .iter()
            .enumerate()
            .find(|&(j, n)| names[..j].contains(n))
        {
            let reason = format!(
                "it rates `{}` twice, and a session has one rating column per function",
                twice.1
            );
            left.push((i, reason));
            continue;
        }
        let new_nodes: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| !graph.contains_node(n))
            .collect();
        for n in &new_nodes {
            graph.add_node(n);
        }
        let mut new_edges = Vec::new();
        for pair in names.windows(2) {
            if !graph.contains_edge(pair[0], pair[1]) {
                graph.add_edge(pair[0], pair[1], ());
                new_edges.push((pair[0], pair[1]));
            }
        }
        // `toposort` walks with an explicit stack, where `is_cyclic_directed` recurses as deep as
        // the longest chain of columns.
        if !new_edges.is_empty() && petgraph::algo::toposort(&graph, None).is_err() {
            for (a, b) in new_edges {
                graph.remove_edge(a, b);
            }
            for n in new_nodes {
                graph.remove_node(n);
            }
            let reason = "it rates functions in an order that contradicts an earlier session's, \
                          and the rating columns keep one order"
                .to_string();
            left.push((i, reason));
            continue;
        }
        kept.push((i, step));
    }
    // Acyclic by construction; were it not, the nodes in the order they were added.
    let order = petgraph::algo::toposort(&graph, None).unwrap_or_else(|_| graph.nodes().collect());
    (kept, order, left)
}

/// `coaching_plans`, one row per plan.
pub(super) fn write_plans(plans: &[&CoachingPlan]) -> TableOut {
    let ext = ExtensionColumns::of(plans.iter().map(|p| &p.extensions), PLAN_COLUMNS);
    let headers = PLAN_COLUMNS.iter().map(|c| c.name().to_string());
    let mut out = TableOut::new(PLANS, headers.chain(ext.headers()));
    for p in plans {
        let mut row = vec![
            Cell::Text(p.id.to_string()),
            Cell::Date(p.date),
            Cell::Text(p.coach.to_string()),
            list(&p.practitioners),
            Cell::text(p.innovation.as_ref().map(ToString::to_string)),
            Cell::Text(wire(p.format)),
            Cell::Number(f64::from(p.every_days)),
            Cell::Date(p.start),
            Cell::date(p.end),
        ];
        row.extend(ext.cells(&p.extensions));
        out.push(row);
    }
    out
}

/// `coaching_sessions`, one row per step; the coach from the step's plan among `plans`, and a
/// rating column per function of `order`.
pub(super) fn write_sessions(
    steps: &[(usize, &CoachingStep)],
    order: &[&str],
    plans: &[&CoachingPlan],
) -> TableOut {
    let coaches: HashMap<&str, &CoachId> =
        plans.iter().map(|p| (p.id.as_str(), &p.coach)).collect();
    let ext = ExtensionColumns::of(steps.iter().map(|(_, s)| &s.extensions), SESSION_COLUMNS);
    let own = SESSION_COLUMNS
        .iter()
        .map(|c| c.name())
        .filter(|&c| c != "minutes");
    let ratings = order.iter().map(|f| format!("rating: {f}"));
    // An extension whose key reads as a rating column takes the prefix that makes it one.
    let extensions = ext.headers().map(|h| {
        if rating_function(&h).is_some() {
            format!("{EXTENSION_PREFIX}{h}")
        } else {
            h
        }
    });
    let headers = own.map(str::to_string).chain(ratings).chain(extensions);
    let mut out = TableOut::new(SESSIONS, headers);
    for (_, s) in steps {
        let mut row = vec![
            Cell::Text(s.id.to_string()),
            Cell::Date(s.date),
            Cell::Text(s.plan.to_string()),
            Cell::Text(s.cycle.to_string()),
            Cell::Text(s.practitioner.to_string()),
            Cell::Text(wire(s.step)),
            Cell::text(coaches.get(s.plan.as_str()).map(ToString::to_string)),
            list(&s.functions),
            lines(&s.actions),
            s.hours.map_or(Cell::Blank, Cell::Number),
        ];
        row.extend(order.iter().map(|f| {
            let rating = s.ratings.iter().find(|r| r.function.as_str() == *f);
            Cell::text(rating.map(|r| wire(r.level)))
        }));
        row.extend(ext.cells(&s.extensions));
        out.push(row);
    }
    out
}

/// `trainings`, one row per attendee (one row with a blank attendee for a training without).
pub(super) fn write_trainings(trainings: &[&Training]) -> TableOut {
    let ext = ExtensionColumns::of(trainings.iter().map(|t| &t.extensions), TRAINING_COLUMNS);
    let own = TRAINING_COLUMNS
        .iter()
        .map(|c| c.name())
        .filter(|&c| c != "minutes");
    let mut out = TableOut::new(TRAININGS, own.map(str::to_string).chain(ext.headers()));
    for t in trainings {
        let attendees: Vec<Option<&PractitionerId>> = if t.attendees.is_empty() {
            vec![None]
        } else {
            t.attendees.iter().map(Some).collect()
        };
        for attendee in attendees {
            let mut row = vec![
                Cell::Text(t.id.to_string()),
                Cell::Date(t.date),
                Cell::Text(t.training.clone()),
                Cell::text(t.innovation.as_ref().map(ToString::to_string)),
                Cell::text(attendee.map(ToString::to_string)),
                t.hours.map_or(Cell::Blank, Cell::Number),
            ];
            row.extend(ext.cells(&t.extensions));
            out.push(row);
        }
    }
    out
}

/// A cell of ids, `; ` between them; blank for none.
pub(super) fn list<T: AsRef<str>>(ids: &[T]) -> Cell {
    if ids.is_empty() {
        Cell::Blank
    } else {
        Cell::Text(join_ids(ids))
    }
}

/// A cell of text items, one per line; blank for none.
pub(super) fn lines(items: &[String]) -> Cell {
    if items.is_empty() {
        Cell::Blank
    } else {
        Cell::Text(items.join("\n"))
    }
}

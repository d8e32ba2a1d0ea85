//! Event tables: the log's events as the spreadsheets teams keep them (a training sign-in
//! sheet, a coaching log, a practice–policy loop tracker), read into [`Event`]s and written
//! back.
//!
//! The tables' layout and the conventions of reading them are documented on [`import_events`],
//! for users of the crate; one file per family of tables (`coaching`, `improvement`, `stage`),
//! with the reading of cells in `cells`.

mod cells;
mod coaching;
mod improvement;
mod stage;

use std::collections::HashMap;
use std::fmt;

use super::source::{Reading, Source};
use super::{Column, ImportError, Imported, ReadOptions, TableOut, TableProblem, Tally};
use crate::coaching::{CoachingPlan, CoachingStep, Training};
use crate::event::{Event, EventId};

use cells::RowCells;

/// The event tables, in the order they are read and written: the order of the event kinds
/// ([`KINDS`](crate::event::KINDS)).
///
/// ```
/// use implsci::tables::EVENT_TABLES;
/// assert_eq!(EVENT_TABLES[1], "coaching_sessions");
/// assert_eq!(EVENT_TABLES.len(), implsci::event::KINDS.len());
/// ```
pub const EVENT_TABLES: [&str; 9] = [
    "coaching_plans",
    "coaching_sessions",
    "trainings",
    "pdsa_steps",
    "usability_cycles",
    "loop_items",
    "loop_hops",
    "loop_resolutions",
    "stage_changes",
];

/// Reads the events of whichever event tables ([`EVENT_TABLES`]) a source has.
///
/// At least one of them must be there; [`export_events`] writes all of them, so that
/// importing what it wrote gives the events back. One table per event kind, named for what a row is, with the event's fields as
/// columns under their JSON names (**bold**: required; the others may be left out):
///
/// | table | one row per | columns | event |
/// |---|---|---|---|
/// | `coaching_plans` | coaching service delivery plan | id, **date**, **coach**, **practitioners** (ids), innovation, **format**, **`every_days`**, **start**, end | [`CoachingPlan`] |
/// | `coaching_sessions` | step of a coaching cycle | id, **date**, **plan**, **cycle**, **practitioner**, **step**, coach, functions (ids), actions (lines), hours or minutes, `rating: FUNCTION`… | [`CoachingStep`] |
/// | `trainings` | attendee of a training | id, **date**, **training**, innovation, **attendee**, hours or minutes | [`Training`] |
/// | `pdsa_steps` | phase of a PDSA cycle | id, **date**, **cycle**, **unit**, **phase**, question, prediction, data (lines), result, decision, next | [`PdsaStep`] |
/// | `usability_cycles` | cycle of a usability test | id, **date**, **test**, innovation, **users**, changes (lines) | [`UsabilityCycle`] |
/// | `loop_items` | barrier or success raised | id, **date**, **unit**, **item** (`barrier`, `success`), **description** | [`LoopRaised`] |
/// | `loop_hops` | hop of a loop item | id, **date**, **item** (the raised item's id), **from**, **to**, **direction** | [`LoopHop`] |
/// | `loop_resolutions` | loop item resolved | id, **date**, **item**, **team**, **authority**, **policy**, response | [`LoopResolved`] |
/// | `stage_changes` | site's move to a stage | id, **date**, **site**, **innovation**, **stage**, note | [`StageChange`] |
///
/// What each event means, and the source it follows, is documented on its type: coaching plans,
/// cycle steps and trainings after NIRN's Coaching and Training drivers (module 2); PDSA
/// cycles, usability tests and practice–policy communication loops after NIRN module 5;
/// stage changes after NIRN module 4. The layout of the tables is the crate's own convention;
/// so is each rule below.
///
/// - **Ids.** An `id` column is preferred: it is what other rows refer to (a session's `plan`,
///   a hop's `item`) and it round-trips. A row without one (no `id` column, or a blank cell)
///   is given `TABLE-ROW`, the table's name and the row's number as a spreadsheet shows it
///   (`coaching_sessions-7`). An id given twice, in one table or two, is a problem: ids
///   identify events.
/// - **A training is one row per attendee**, as sign-in sheets and attendance exports keep
///   it: the rows with one `id` are one training, the attendees in row order. Without an id,
///   the rows with the same date and training name are one training, whose id is made from its
///   first row. After its first row, a training's date, name, innovation, hours and extension
///   cells may be left blank or repeated, but not changed. A training without attendees is one
///   row with a blank `attendee`.
/// - **A coaching session is a step of a coaching cycle** ([`CoachingStep`]): the coach is the
///   plan's, so a session names its `plan`. Its `coach` column is a check a coaching log may
///   keep: when filled, it must be the coach of that plan in `coaching_plans`.
///   Practice-profile ratings are one column per essential function, headed `rating:` and the
///   function's id (`rating: ef-checkin`), each cell a level (`expected`, `developmental`,
///   `unacceptable`; NIRN practice profile handout) or blank; ratings come in column order.
/// - **Loop items** follow the events of a loop: `loop_items` for the items raised,
///   `loop_hops` for each pass from one team to the next, `loop_resolutions` for the response
///   of the team with authority. A hop or a resolution names its item by the raised item's id.
/// - **Lists.** Ids in one cell are separated by `;` (or one per line): `lincoln-t1;
///   lincoln-t2`. Text items (actions, data, changes), which may hold a `;`, are one per line
///   of the cell (Alt+Enter in a spreadsheet).
/// - **Values** (`step`, `format`, `stage`, …) are matched as headers are: `Action Steps`,
///   `action-steps` and `action_steps` are one step. A value that is none of them is a problem
///   that lists them.
/// - **Durations** are `hours`, or `minutes` (divided by 60); numbers of at least zero.
/// - **Columns the crate does not know** go to the event's `extensions` (a `KEY [json]` column
///   holds JSON values; `extensions.KEY` names an extension whatever its key), or are refused
///   with [`ReadOptions::strict`].
///
/// The events come in the order of the tables above (the order of
/// [`KINDS`](crate::event::KINDS)), and within a table in row order (a training at its first
/// row), whatever their dates: sort them by [`Event::date`] where a date order is wanted.
///
/// ```
/// use implsci::event::Event;
/// use implsci::tables::{Files, ReadOptions, export_events, import_events};
///
/// let dir = std::env::temp_dir().join(format!("implsci-doc-events-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("sign_in.csv"), "Training,Date,Attendee,Hours\n\
///     CICO coordinator training,2024-08-20,lincoln-t1,6\n\
///     CICO coordinator training,2024-08-20,lincoln-t2,6\n")?;
/// let mut source = Files::default().with("trainings", dir.join("sign_in.csv"));
/// let imported = import_events(&mut source, &ReadOptions::default())?;
/// let [Event::Training(training)] = imported.document.as_slice() else { panic!("one training") };
/// assert_eq!(training.id.as_str(), "trainings-2"); // made from its first row
/// assert_eq!(training.attendees.len(), 2);
/// assert_eq!(imported.tallies[0].used, 2);
/// // Written back, every table is there, the id with it.
/// let tables = export_events(&imported.document);
/// assert!(tables.left_out.is_empty());
/// assert_eq!(tables.tables[2].headers[..3], ["id", "date", "training"]);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Every problem of every table is reported, each at its file, row and column: a date that is
/// not one, an id that is not valid or is given twice, a number that is not one, a value that
/// is none of those expected (listed), a required column missing. When there is any, no event
/// is returned. Each table read has a [`Tally`] of its rows.
///
/// References to the system (coaches, practitioners, units, teams) are not checked here: check
/// the events with [`check_references`](crate::event::references::check_references) and the
/// loop report, as a log's.
///
/// ```
/// use implsci::tables::{Files, ReadOptions, import_events};
///
/// let dir = std::env::temp_dir().join(format!("implsci-doc-import-events-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("log.csv"), "id,date,plan,cycle,practitioner,step,minutes\n\
///     s-1,2024-09-16,plan-1,cyc-1,lincoln-t1,observation,45\n\
///     s-2,2024-09-16,plan-1,cyc-1,lincoln-t1,debrief,thirty\n")?;
/// let mut source = Files::default().with("coaching_sessions", dir.join("log.csv"));
/// let err = import_events(&mut source, &ReadOptions::default()).unwrap_err();
/// let file = dir.join("log.csv").display().to_string();
/// assert_eq!(err.problems[0].to_string(), format!("{file}:3:6 (step): \"debrief\" is not a step; \
///     expected one of: plan, observation, feedback, action_steps, follow_up"));
/// assert_eq!(err.problems[1].to_string(), format!("{file}:3:7 (minutes): \"thirty\" is not a number of minutes"));
/// assert_eq!((err.tallies[0].used, err.tallies[0].refused), (1, 1));
///
/// let none = import_events(&mut Files::default(), &ReadOptions::default()).unwrap_err();
/// assert!(none.to_string().contains("no event table"), "{none}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`CoachingPlan`]: crate::coaching::CoachingPlan
/// [`CoachingStep`]: crate::coaching::CoachingStep
/// [`Training`]: crate::coaching::Training
/// [`PdsaStep`]: crate::improvement::PdsaStep
/// [`UsabilityCycle`]: crate::improvement::UsabilityCycle
/// [`LoopRaised`]: crate::improvement::LoopRaised
/// [`LoopHop`]: crate::improvement::LoopHop
/// [`LoopResolved`]: crate::improvement::LoopResolved
/// [`StageChange`]: crate::stage::StageChange
///
/// # Errors
///
/// An [`ImportError`] with every problem and the tally of each table read; a source with none
/// of the event tables is one problem, naming them.
pub fn import_events(
    source: &mut dyn Source,
    options: &ReadOptions,
) -> Result<Imported<Vec<Event>>, ImportError> {
    let mut import = Import {
        options,
        problems: Vec::new(),
        tallies: Vec::new(),
        events: Vec::new(),
        seen: HashMap::new(),
        found: false,
    };
    let plans = coaching::read_plans(&mut import, source);
    coaching::read_sessions(&mut import, source, plans.as_ref());
    coaching::read_trainings(&mut import, source);
    improvement::read_all(&mut import, source);
    stage::read(&mut import, source);
    if !import.found {
        import.problems.push(TableProblem::at_row(
            &source.describe(),
            1,
            format!(
                "no event table: expected one or more of {} (a file `NAME.csv`, or a sheet `NAME`)",
                EVENT_TABLES.join(", ")
            ),
        ));
    }
    // Then each event is checked as a line of a log is, its problem at the row it came from.
    if import.problems.is_empty() {
        for event in &import.events {
            let checked = serde_json::to_vec(event)
                .map_err(|e| e.to_string())
                .and_then(|line| Event::from_json_line(&line).map_err(|p| p.to_string()));
            if let Err(message) = checked {
                let here = import
                    .seen
                    .get(event.id().as_str())
                    .cloned()
                    .unwrap_or_default();
                let (file, row) = here
                    .rsplit_once(':')
                    .and_then(|(f, r)| Some((f.to_string(), r.parse::<u64>().ok()?)))
                    .unwrap_or((here, 1));
                import
                    .problems
                    .push(TableProblem::at_row(&file, row, message));
            }
        }
    }
    if import.problems.is_empty() {
        Ok(Imported {
            document: import.events,
            tallies: import.tallies,
        })
    } else {
        Err(ImportError {
            problems: import.problems,
            tallies: import.tallies,
        })
    }
}

/// Events being read from tables: what has been read, the problems, the tallies.
pub(super) struct Import<'o> {
    options: &'o ReadOptions,
    problems: Vec<TableProblem>,
    tallies: Vec<Tally>,
    events: Vec<Event>,
    /// Every event id read, with where it was read (`file:row`).
    seen: HashMap<EventId, String>,
    /// Whether the source has any event table.
    found: bool,
}

impl Import<'_> {
    /// Opens a table, or records why it cannot be opened; with `--strict`, refuses the columns
    /// the crate does not know, except those `claims` reads (a session's `rating:` columns).
    fn open<'s>(
        &mut self,
        source: &'s mut dyn Source,
        name: &str,
        columns: &[Column],
        claims: fn(&str) -> bool,
    ) -> Option<Reading<'s>> {
        let before = self.problems.len();
        let lenient = ReadOptions {
            strict: false,
            ..self.options.clone()
        };
        let reading = Reading::open(source, name, columns, &lenient, &mut self.problems);
        if reading.is_some() || self.problems.len() > before {
            self.found = true;
        }
        if let Some(r) = &reading
            && self.options.strict
        {
            let refused = r.reader.table().refuse_unknown();
            self.problems.extend(
                refused
                    .into_iter()
                    .filter(|p| !p.header.as_deref().is_some_and(claims)),
            );
        }
        reading
    }

    /// Reads every row of a table with `each`, which makes the row's event (or adds to one it
    /// made before, returning `None`); records the table's tally.
    fn rows(
        &mut self,
        reading: Reading<'_>,
        name: &'static str,
        thing: &'static str,
        mut each: impl FnMut(&mut RowCells<'_>, &mut Vec<Event>, &mut HashMap<EventId, String>),
    ) {
        let Self {
            options,
            problems,
            events,
            seen,
            ..
        } = self;
        let format = &options.date_format;
        let tally = reading.each(problems, |table, row, problems| {
            let mut cells = RowCells::new(table, row, problems, format, name, thing);
            each(&mut cells, events, seen);
        });
        self.tallies.push(tally);
    }

    /// Reads a table of one event per row: `make` reads a row into its event.
    fn simple(
        &mut self,
        source: &mut dyn Source,
        name: &'static str,
        thing: &'static str,
        columns: &[Column],
        make: impl FnMut(&mut RowCells<'_>) -> Option<Event>,
    ) {
        if let Some(reading) = self.open(source, name, columns, |_| false) {
            self.each_event(reading, name, thing, make);
        }
    }

    /// Reads every row of an open table into its event with `make`.
    fn each_event(
        &mut self,
        reading: Reading<'_>,
        name: &'static str,
        thing: &'static str,
        mut make: impl FnMut(&mut RowCells<'_>) -> Option<Event>,
    ) {
        self.rows(reading, name, thing, |cells, events, seen| {
            let event = make(cells);
            if let Some(event) = event
                && first_time(cells, seen, event.id())
                && cells.ok()
            {
                events.push(event);
            }
        });
    }
}

/// Records an event id where it is read; `false`, with a problem at the `id` cell, when it
/// was read before.
fn first_time(cells: &mut RowCells<'_>, seen: &mut HashMap<EventId, String>, id: &EventId) -> bool {
    let here = format!("{}:{}", cells.table.file(), cells.number());
    if let Some(first) = seen.get(id.as_str()) {
        let message = format!("the id `{id}` again (first at {first})");
        cells.refuse("id", message);
        return false;
    }
    seen.insert(id.clone(), here);
    true
}

/// The event tables written from a list of events, and the events that could not be written.
///
/// ```
/// use implsci::coaching::Training;
/// use implsci::event::Event;
/// use implsci::tables::export_events;
///
/// let training = Training::new("e-1".parse()?, "2024-08-20".parse()?, " CICO ", vec![]);
/// let out = export_events(&[Event::Training(training)]);
/// assert_eq!(out.tables.len(), 9); // every table, with its header
/// assert!(out.tables.iter().all(|t| t.rows.is_empty()));
/// assert_eq!(out.left_out[0].to_string(),
///     "event 0 (training `e-1`): its training \" CICO \" starts or ends with whitespace, which a cell trims");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventTables {
    /// Every event table, in the order of [`EVENT_TABLES`], each with its header (a table
    /// without rows is a template).
    pub tables: Vec<TableOut>,
    /// The events not written, because a table would not read them back the same.
    pub left_out: Vec<LeftOut>,
}

/// An event [`export_events`] did not write, and why: a table would not read it back the
/// same (a text a cell trims, an id given twice, ratings in an order the columns cannot keep).
///
/// ```
/// use implsci::event::Event;
/// use implsci::improvement::{HopDirection, LoopHop};
/// use implsci::tables::export_events;
///
/// let hop = LoopHop::new("e-4".parse()?, "2024-11-06".parse()?, "e-1".parse()?,
///     "lincoln-bit".parse()?, "wake-dit".parse()?, HopDirection::Up);
/// let out = export_events(&[Event::LoopHop(hop.clone()), Event::LoopHop(hop)]);
/// let left = &out.left_out[0];
/// assert_eq!((left.index, left.kind), (1, "loop_hop"));
/// assert_eq!(left.to_string(), "event 1 (loop hop `e-4`): the id `e-4` again (event 0)");
/// assert_eq!(out.tables[6].rows.len(), 1); // the first is written
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LeftOut {
    /// The event's position in the list given, from 0.
    pub index: usize,
    /// Its id.
    pub id: EventId,
    /// Its kind on the wire.
    pub kind: &'static str,
    /// Why it was not written.
    pub reason: String,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.replace('_', " ");
        write!(
            f,
            "event {} ({kind} `{}`): {}",
            self.index, self.id, self.reason
        )
    }
}

/// Writes events to the event tables ([`EVENT_TABLES`], laid out as [`import_events`]
/// says), so that [`import_events`] reads them back: the same events, in the order of the
/// tables (each event kind in the order given).
///
/// Every kind of event has its table, so none is dropped for its kind; an event a table would
/// not read back the same is not written, and is listed in [`EventTables::left_out`] with the
/// reason: a text that is empty or starts or ends with whitespace (cells are read trimmed), a
/// text list item with a line break, an id in a list holding a `;`, a date without a
/// four-digit year, hours that are negative or not finite, an id already given to an earlier
/// event, a session that rates one function twice, or rates functions in an order that
/// contradicts an earlier session (the rating columns keep one order).
///
/// ```
/// use implsci::event::parse_log;
/// use implsci::tables::{export_events, write_folder};
///
/// let log = parse_log(&std::fs::read("examples/data/state_events.jsonl")?);
/// let events: Vec<_> = log.records.into_iter().map(|r| r.value).collect();
/// let out = export_events(&events);
/// assert!(out.left_out.is_empty());
/// let sessions = &out.tables[1];
/// assert_eq!(sessions.name, "coaching_sessions");
/// assert!(sessions.headers.iter().any(|h| h == "rating: ef-checkin"));
/// # let dir = std::env::temp_dir().join(format!("implsci-doc-export-events-{}", std::process::id()));
/// write_folder(&dir, &out.tables)?;
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn export_events(events: &[Event]) -> EventTables {
    let mut left_out = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut kept: Vec<(usize, &Event)> = Vec::new();
    for (index, event) in events.iter().enumerate() {
        let reason = fits(event).err().or_else(|| {
            let first = *ids.entry(event.id().as_str()).or_insert(index);
            (first != index).then(|| format!("the id `{}` again (event {first})", event.id()))
        });
        match reason {
            Some(reason) => left_out.push(leave(index, event, reason)),
            None => kept.push((index, event)),
        }
    }
    let plans: Vec<&CoachingPlan> = kept.iter().filter_map(|(_, e)| as_kind(e)).collect();
    let steps: Vec<(usize, &CoachingStep)> = of_kind(&kept);
    let (steps, order, unordered) = coaching::rating_order(steps);
    for (index, reason) in unordered {
        left_out.push(leave(index, &events[index], reason));
    }
    left_out.sort_by_key(|l| l.index);
    let trainings: Vec<&Training> = kept.iter().filter_map(|(_, e)| as_kind(e)).collect();
    let tables = vec![
        coaching::write_plans(&plans),
        coaching::write_sessions(&steps, &order, &plans),
        coaching::write_trainings(&trainings),
        improvement::write_pdsa(&kinds(&kept)),
        improvement::write_usability(&kinds(&kept)),
        improvement::write_raised(&kinds(&kept)),
        improvement::write_hops(&kinds(&kept)),
        improvement::write_resolved(&kinds(&kept)),
        stage::write(&kinds(&kept)),
    ];
    EventTables { tables, left_out }
}

fn leave(index: usize, event: &Event, reason: String) -> LeftOut {
    LeftOut {
        index,
        id: event.id().clone(),
        kind: event.kind(),
        reason,
    }
}

/// The event as `T`, if it is one.
fn as_kind<T>(event: &Event) -> Option<&T>
where
    Event: crate::measure::AsKind<T>,
{
    crate::measure::AsKind::<T>::as_kind(event)
}

/// The kept events of kind `T`, in order.
fn kinds<'e, T>(kept: &[(usize, &'e Event)]) -> Vec<&'e T>
where
    Event: crate::measure::AsKind<T>,
{
    kept.iter().filter_map(|(_, e)| as_kind(e)).collect()
}

/// The kept events of kind `T`, with their positions in the list given.
fn of_kind<'e, T>(kept: &[(usize, &'e Event)]) -> Vec<(usize, &'e T)>
where
    Event: crate::measure::AsKind<T>,
{
    kept.iter()
        .filter_map(|(i, e)| as_kind(e).map(|t| (*i, t)))
        .collect()
}

/// Whether a table would read the event back the same; why not, when it would not.
fn fits(event: &Event) -> Result<(), String> {
    cells::date_fits("date", event.date())?;
    match event {
        Event::CoachingPlan(e) => coaching::plan_fits(e),
        Event::CoachingStep(e) => coaching::step_fits(e),
        Event::Training(e) => coaching::training_fits(e),
        Event::PdsaStep(e) => improvement::pdsa_fits(e),
        Event::UsabilityCycle(e) => improvement::usability_fits(e),
        Event::LoopRaised(e) => improvement::raised_fits(e),
        Event::LoopHop(_) => Ok(()),
        Event::LoopResolved(e) => improvement::resolved_fits(e),
        Event::StageChange(e) => stage::fits(e),
    }
}

/// Whether `header` is a session's rating column (`rating: ef-checkin`); its function.
pub(super) fn rating_function(header: &str) -> Option<&str> {
    let h = header.trim_start();
    let head = h.get(..7)?;
    head.eq_ignore_ascii_case("rating:")
        .then(|| h.get(7..).unwrap_or_default().trim())
}

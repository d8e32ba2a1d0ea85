//! Event tables read as teams keep them (a byte-order mark, CRLF, US dates, renamed columns, a
//! sign-in sheet without ids), checked against the example system; every defect at its cell;
//! the example state's log as tables; and the round trip of any events through the tables.

use std::path::{Path, PathBuf};

use implsci::coaching::{CoachingFormat, CoachingPlan, CoachingStep, CycleStep, Training};
use implsci::event::references::check_references;
use implsci::event::{Event, KINDS, parse_log};
use implsci::improvement::loops::loop_report;
use implsci::improvement::{HopDirection, LoopHop, LoopItemKind, LoopRaised};
use implsci::innovation::{FunctionRating, ProfileLevel};
use implsci::system::System;
use implsci::tables::{
    ColumnMap, DateFormat, Files, Folder, ImportError, ReadOptions, Texts, export_events,
    import_events,
};

#[path = "tables_events/events_gen.rs"]
mod events_gen;

/// A folder of tables written for one test, removed when it ends.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str, files: &[(&str, &str)]) -> Self {
        let dir = std::env::temp_dir().join(format!("implsci-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        Self(dir)
    }

    /// Where a problem in `file` is: `DIR/file:row:column`.
    fn at(&self, file: &str, place: &str) -> String {
        format!("{}:{place}", self.0.join(file).display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn system() -> System {
    System::from_json(&std::fs::read_to_string("examples/data/state_system.json").unwrap()).unwrap()
}

fn us() -> ReadOptions {
    ReadOptions::default()
        .date_format(DateFormat::Pattern("%m/%d/%Y".into()))
        .map(
            ColumnMap::default()
                .with("Plan ID", "id")
                .with("Teacher", "practitioner")
                .with("Session date", "date"),
        )
}

const PLANS: &str = "\u{feff}Plan ID,Date,Coach,Practitioners,Innovation,Format,Every Days,Start,End\r\n\
    plan-l1,9/2/2024,coach-wake-1,lincoln-t1,check-in-check-out,In person,14,9/2/2024,6/13/2025\r\n\
    plan-r1,9/2/2024,coach-wake-1,roosevelt-t1; roosevelt-t2,,Remote,14,9/2/2024,\r\n";

const SESSIONS: &str = "\u{feff}Session date,Coach,Teacher,Plan,Cycle,Step,Minutes,Actions,\
    rating: ef-checkin,Rating: ef-feedback,Notes\r\n\
    9/16/2024,coach-wake-1,lincoln-t1,plan-l1,cyc-1,Observation,45,,expected,Developmental,Sunny\r\n\
    9/16/2024,coach-wake-1,lincoln-t1,plan-l1,cyc-1,Feedback,30,,,,\r\n\
    9/17/2024,,lincoln-t1,plan-l1,cyc-1,Action steps,,\"Rate every period; before the bell\r\nEnter points daily\",,,\r\n";

const TRAININGS: &str = "\u{feff}Training,Date,Attendee,Hours\r\n\
    CICO coordinator training,8/20/2024,lincoln-t1,6\r\n\
    CICO coordinator training,8/20/2024,lincoln-t2,6\r\n\
    ,,,\r\n\
    CICO booster,1/15/2025,lincoln-t1,1.5\r\n";

const ITEMS: &str = "id,date,unit,item,description\r\n\
    li-1,10/1/2024,lincoln-es,Barrier,\"No time for check-out, most days\"\r\n";

const HOPS: &str = "id,date,item,from,to,direction\r\n\
    lh-1,10/8/2024,li-1,lincoln-bit,wake-dit,up\r\n";

fn folder(name: &str) -> TempDir {
    TempDir::new(
        name,
        &[
            ("coaching_plans.csv", PLANS),
            ("coaching_sessions.csv", SESSIONS),
            ("trainings.csv", TRAININGS),
            ("loop_items.csv", ITEMS),
            ("loop_hops.csv", HOPS),
        ],
    )
}

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// The trainings and loop events the spreadsheet folder holds.
fn sign_in_and_loop() -> [Event; 4] {
    // A sign-in sheet: one training per date and name, its id from its first row.
    let mut cico = Training::new(
        "trainings-2".parse().unwrap(),
        date("2024-08-20"),
        "CICO coordinator training",
        vec!["lincoln-t1".parse().unwrap(), "lincoln-t2".parse().unwrap()],
    );
    cico.hours = Some(6.0);
    let mut booster = Training::new(
        "trainings-5".parse().unwrap(),
        date("2025-01-15"),
        "CICO booster",
        vec!["lincoln-t1".parse().unwrap()],
    );
    booster.hours = Some(1.5);
    let raised = LoopRaised::new(
        "li-1".parse().unwrap(),
        date("2024-10-01"),
        "lincoln-es".parse().unwrap(),
        LoopItemKind::Barrier,
        "No time for check-out, most days",
    );
    let hop = LoopHop::new(
        "lh-1".parse().unwrap(),
        date("2024-10-08"),
        "li-1".parse().unwrap(),
        "lincoln-bit".parse().unwrap(),
        "wake-dit".parse().unwrap(),
        HopDirection::Up,
    );
    [
        Event::Training(cico),
        Event::Training(booster),
        Event::LoopRaised(raised),
        Event::LoopHop(hop),
    ]
}

#[test]
fn a_spreadsheet_folder_imports_and_its_references_are_in_the_example_system() {
    let dir = folder("events-ok");
    let imported = import_events(&mut Folder::new(&dir.0), &us()).unwrap();
    let events = &imported.document;

    let mut plan = CoachingPlan::new(
        "plan-l1".parse().unwrap(),
        date("2024-09-02"),
        "coach-wake-1".parse().unwrap(),
        vec!["lincoln-t1".parse().unwrap()],
        CoachingFormat::InPerson,
        14,
        date("2024-09-02"),
    );
    plan.innovation = Some("check-in-check-out".parse().unwrap());
    plan.end = Some(date("2025-06-13"));
    assert_eq!(events[0], Event::CoachingPlan(plan));
    let Event::CoachingPlan(group) = &events[1] else {
        panic!("{:?}", events[1])
    };
    assert_eq!(group.practitioners.len(), 2);

    // Sessions without an id are named by table and row; minutes are hours; ratings in order.
    let step = |row: u32, s: CycleStep| {
        CoachingStep::new(
            format!("coaching_sessions-{row}").parse().unwrap(),
            date(if row == 4 { "2024-09-17" } else { "2024-09-16" }),
            "plan-l1".parse().unwrap(),
            "cyc-1".parse().unwrap(),
            "lincoln-t1".parse().unwrap(),
            s,
        )
    };
    let mut observation = step(2, CycleStep::Observation);
    observation.hours = Some(0.75);
    observation.ratings = vec![
        FunctionRating::new("ef-checkin".parse().unwrap(), ProfileLevel::Expected),
        FunctionRating::new("ef-feedback".parse().unwrap(), ProfileLevel::Developmental),
    ];
    observation
        .extensions
        .insert("Notes".into(), "Sunny".into());
    let mut feedback = step(3, CycleStep::Feedback);
    feedback.hours = Some(0.5);
    let mut actions = step(4, CycleStep::ActionSteps);
    actions.actions = vec![
        "Rate every period; before the bell".into(),
        "Enter points daily".into(),
    ];
    assert_eq!(
        events[2..5],
        [observation, feedback, actions].map(Event::CoachingStep)
    );

    assert_eq!(events[5..], sign_in_and_loop());

    // Every row accounted for: the blank training row too.
    let tallies: Vec<(&str, u64, u64, u64)> = imported
        .tallies
        .iter()
        .map(|t| (t.table.as_str(), t.read, t.used, t.blank))
        .collect();
    assert_eq!(
        tallies,
        [
            ("coaching_plans", 2, 2, 0),
            ("coaching_sessions", 3, 3, 0),
            ("trainings", 4, 3, 1),
            ("loop_items", 1, 1, 0),
            ("loop_hops", 1, 1, 0),
        ]
    );
    assert!(
        imported
            .tallies
            .iter()
            .all(|t| t.balances() && t.refused == 0)
    );

    // The crate's checks of a log hold for the events read from tables.
    let system = system();
    assert_eq!(check_references(&system, events), []);
    let report = loop_report(&system, events, date("2024-12-31"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.items.len(), 1);
}

#[test]
fn every_defect_is_refused_at_its_cell_all_at_once_and_no_event_is_returned() {
    let sessions = SESSIONS
        .replace("Observation,45", "Observation,forty-five")
        .replace("Feedback,30", "Debrief,30")
        .replace(
            "9/16/2024,coach-wake-1,lincoln-t1,plan-l1,cyc-1,Debrief",
            "9/16/2024,coach-wake-2,lincoln-t1,plan-l1,cyc-1,Debrief",
        );
    let trainings = TRAININGS
        .replace("lincoln-t2,6", "lincoln-t2,5")
        .replace("1/15/2025", "2025-01-15");
    let hops = HOPS.replace(",direction", "").replace(",up", "");
    let dir = TempDir::new(
        "events-bad",
        &[
            ("coaching_plans.csv", PLANS),
            ("coaching_sessions.csv", &sessions),
            ("trainings.csv", &trainings),
            ("loop_items.csv", ITEMS),
            ("loop_hops.csv", &hops),
        ],
    );
    let err: ImportError = import_events(&mut Folder::new(&dir.0), &us()).unwrap_err();
    let lines: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    let s = "coaching_sessions.csv";
    let t = "trainings.csv";
    assert_eq!(
        lines,
        [
            format!(
                "{} (Minutes): \"forty-five\" is not a number of minutes",
                dir.at(s, "2:7")
            ),
            format!(
                "{} (Step): \"Debrief\" is not a step; expected one of: plan, observation, feedback, action_steps, follow_up",
                dir.at(s, "3:6")
            ),
            format!(
                "{} (Coach): `coach-wake-2` is not the coach of plan `plan-l1`, which is `coach-wake-1`",
                dir.at(s, "3:2")
            ),
            format!(
                "{} (Hours): `5` differs from row 2, the first of training `trainings-2`, which has `6 hours`",
                dir.at(t, "3:4")
            ),
            format!(
                "{} (Date): {}",
                dir.at(t, "5:2"),
                DateFormat::Pattern("%m/%d/%Y".into())
                    .parse("2025-01-15")
                    .unwrap_err()
            ),
            format!(
                "{}: no column `direction` (the headers are: id, date, item, from, to)",
                dir.at("loop_hops.csv", "1")
            ),
        ]
    );
    // The tables that could be read are accounted for, row by row.
    let tallies: Vec<(&str, u64, u64, u64)> = err
        .tallies
        .iter()
        .map(|t| (t.table.as_str(), t.read, t.used, t.refused))
        .collect();
    assert_eq!(
        tallies,
        [
            ("coaching_plans", 2, 2, 0),
            ("coaching_sessions", 3, 1, 2),
            ("trainings", 4, 1, 2),
            ("loop_items", 1, 1, 0),
        ]
    );
    assert!(err.tallies.iter().all(implsci::tables::Tally::balances));
}

#[test]
fn strict_refuses_unknown_columns_but_reads_the_rating_columns() {
    let dir = folder("events-strict");
    let err = import_events(&mut Folder::new(&dir.0), &us().strict(true)).unwrap_err();
    let lines: Vec<String> = err.problems.iter().map(ToString::to_string).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!(
            "{} (Notes): a column this table does not have",
            dir.at("coaching_sessions.csv", "1:11")
        )),
        "{lines:?}"
    );
}

#[test]
fn a_source_without_event_tables_is_told_their_names() {
    let err = import_events(&mut Files::default(), &ReadOptions::default()).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    let message = &err.problems[0].message;
    for table in implsci::tables::EVENT_TABLES {
        assert!(message.contains(table), "{message}");
    }
    assert!(err.tallies.is_empty());
}

/// Each malformed fixture, the table it is read as, and its one problem: where and what.
const MALFORMED: &[(&str, &str, &str, &str)] = &[
    (
        "trainings_bad_date.csv",
        "trainings",
        "3:2 (date)",
        "\"2024-13-20\" is not a date (YYYY-MM-DD)",
    ),
    (
        "sessions_bad_minutes.csv",
        "coaching_sessions",
        "3:7 (minutes)",
        "\"half an hour\" is not a number of minutes",
    ),
    (
        "sessions_unknown_step.csv",
        "coaching_sessions",
        "3:6 (step)",
        "\"debrief\" is not a step; expected one of: plan, observation, feedback, action_steps, follow_up",
    ),
    (
        "sessions_bad_level.csv",
        "coaching_sessions",
        "2:8 (rating: ef-feedback)",
        "\"proficient\" is not a level; expected one of: expected, developmental, unacceptable",
    ),
    (
        "hops_missing_direction.csv",
        "loop_hops",
        "1",
        "no column `direction` (the headers are: id, date, item, from, to)",
    ),
    (
        "stages_repeated_id.csv",
        "stage_changes",
        "4:1 (id)",
        "the id `e-0047` again (first at ",
    ),
];

#[test]
fn each_malformed_fixture_is_refused_at_its_one_defect() {
    let dir = Path::new("tests/fixtures/tables/malformed/events");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            MALFORMED.iter().any(|(f, ..)| *f == name),
            "{name} has no expected problem in MALFORMED"
        );
        seen += 1;
    }
    assert_eq!(seen, MALFORMED.len());
    for (file, table, place, message) in MALFORMED {
        let path = dir.join(file);
        let mut source = Files::default().with(table, &path);
        let err = import_events(&mut source, &ReadOptions::default()).unwrap_err();
        let [problem] = err.problems.as_slice() else {
            panic!("{file}: {:?}", err.problems)
        };
        let expected = format!("{}:{place}: {message}", path.display());
        assert!(
            problem.to_string().starts_with(&expected),
            "{file}: {problem}\nexpected: {expected}"
        );
        assert!(
            err.tallies.iter().all(implsci::tables::Tally::balances),
            "{file}"
        );
    }
}

/// Events stably ordered by kind, as the tables give them back.
fn by_kind(events: &[Event]) -> Vec<Event> {
    let mut sorted = events.to_vec();
    sorted.sort_by_key(|e| KINDS.iter().position(|k| *k == e.kind()));
    sorted
}

#[test]
fn the_example_tables_are_the_example_log() {
    let events = example_log();
    let imported = import_events(
        &mut Folder::new("examples/data/tables"),
        &ReadOptions::default().strict(true),
    )
    .unwrap();
    assert_eq!(imported.document, by_kind(&events));
    assert_eq!(imported.tallies.len(), 9);
    assert!(
        imported
            .tallies
            .iter()
            .all(|t| t.balances() && t.refused == 0)
    );
    assert_eq!(check_references(&system(), &imported.document), []);
    // The committed tables are what the export writes, byte for byte.
    for table in export_events(&events).tables {
        let mut bytes = Vec::new();
        table.write_csv(&mut bytes).unwrap();
        let path = format!("examples/data/tables/{}.csv", table.name);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{path}: regenerate it with export_events"
        );
    }
}

fn example_log() -> Vec<Event> {
    let log = parse_log(&std::fs::read("examples/data/state_events.jsonl").unwrap());
    assert!(log.refused.is_empty());
    log.records.into_iter().map(|r| r.value).collect()
}

#[test]
fn an_event_a_table_cannot_read_back_is_listed_not_dropped() {
    let log = example_log();
    let n = log.len();
    let mut events = log.clone();
    events.push(log[2].clone()); // the plan `e-0003` again
    let Event::CoachingPlan(mut plan) = log[2].clone() else {
        panic!("{:?}", log[2])
    };
    plan.id = "plan-x".parse().unwrap();
    plan.practitioners = vec!["a;b".parse().unwrap()];
    events.push(Event::CoachingPlan(plan));
    let out = export_events(&events);
    let left: Vec<(usize, String)> = out
        .left_out
        .iter()
        .map(|l| (l.index, l.to_string()))
        .collect();
    assert_eq!(
        left,
        [
            (
                n,
                format!("event {n} (coaching plan `e-0003`): the id `e-0003` again (event 2)")
            ),
            (
                n + 1,
                format!(
                    "event {} (coaching plan `plan-x`): practitioner `a;b` holds a `;`, which separates the ids of a cell",
                    n + 1
                )
            ),
        ]
    );
    let back = import_events(&mut Texts::of(&out.tables), &ReadOptions::default()).unwrap();
    assert_eq!(back.document, by_kind(&log));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Tidy events (the kind spreadsheets hold) all go through the tables and come back
    /// exactly, extensions included.
    #[test]
    fn tidy_events_round_trip_exactly(events in events_gen::tidy()) {
        let out = export_events(&events);
        proptest::prop_assert!(out.left_out.is_empty(), "{:?}", out.left_out);
        let back = import_events(&mut Texts::of(&out.tables), &ReadOptions::default());
        let back = back.map_err(|e| e.to_string());
        proptest::prop_assert_eq!(back.map(|b| b.document), Ok(by_kind(&events)));
    }

    /// Sessions whose ratings clash in order, or rate a function twice, are listed; the others
    /// come back exactly, ratings in their order.
    #[test]
    fn ratings_come_back_in_their_order_or_are_listed(events in events_gen::tidy_but_ratings()) {
        let out = export_events(&events);
        let left: Vec<usize> = out.left_out.iter().map(|l| l.index).collect();
        for l in &out.left_out {
            proptest::prop_assert!(l.reason.starts_with("it rates"), "{}", l);
        }
        let kept: Vec<Event> = events
            .iter()
            .enumerate()
            .filter(|(i, _)| !left.contains(i))
            .map(|(_, e)| e.clone())
            .collect();
        let back = import_events(&mut Texts::of(&out.tables), &ReadOptions::default());
        let back = back.map_err(|e| e.to_string());
        proptest::prop_assert_eq!(back.map(|b| b.document), Ok(by_kind(&kept)));
    }

    /// Whatever the cells, a table is read or refused, never a panic, and every row counted.
    #[test]
    fn any_cells_are_read_or_refused(tables in events_gen::any_tables()) {
        let tallies = match import_events(&mut Texts::of(&tables), &ReadOptions::default()) {
            Ok(imported) => imported.tallies,
            Err(err) => {
                proptest::prop_assert!(!err.problems.is_empty());
                err.tallies
            }
        };
        proptest::prop_assert!(tallies.iter().all(implsci::tables::Tally::balances));
    }

    /// Any events: those written come back exactly; the others are listed, each once.
    #[test]
    fn any_events_come_back_or_are_listed(events in events_gen::messy()) {
        let out = export_events(&events);
        let left: Vec<usize> = out.left_out.iter().map(|l| l.index).collect();
        proptest::prop_assert!(left.windows(2).all(|w| w[0] < w[1]));
        let kept: Vec<Event> = events
            .iter()
            .enumerate()
            .filter(|(i, _)| !left.contains(i))
            .map(|(_, e)| e.clone())
            .collect();
        let back = import_events(&mut Texts::of(&out.tables), &ReadOptions::default());
        let back = back.map_err(|e| e.to_string());
        proptest::prop_assert_eq!(back.map(|b| b.document), Ok(by_kind(&kept)));
    }
}

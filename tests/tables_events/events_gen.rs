//! Events of every kind for the tables' round trip: *tidy* ones, as spreadsheets hold them
//! (unique ids, trimmed text, ratings in one order), and *messy* ones (repeated ids, text a
//! cell trims, `;` in listed ids, ratings in clashing orders, hours that are not finite,
//! dates without a four-digit year).

use implsci::Extensions;
use implsci::coaching::{CoachingFormat, CoachingPlan, CoachingStep, CycleStep, Training};
use implsci::event::Event;
use implsci::improvement::{
    Authority, HopDirection, LoopHop, LoopItemKind, LoopRaised, LoopResolved, PdsaDecision,
    PdsaPhase, PdsaStep, PolicyChange, UsabilityCycle,
};
use implsci::innovation::{FunctionRating, ProfileLevel};
use implsci::stage::{Stage, StageChange};
use jiff::civil::Date;
use proptest::prelude::*;
use proptest::sample::select;

/// Tidy events, ids `e-0`, `e-1`, … in order.
pub fn tidy() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(event(true), 0..12).prop_map(|mut events| {
        for (i, e) in events.iter_mut().enumerate() {
            set_id(e, &format!("e-{i}"));
        }
        events
    })
}

/// Messy events, ids from a small pool.
pub fn messy() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec(event(false), 0..12)
}

/// Tidy events but for the sessions' ratings: any functions in any order, some twice.
pub fn tidy_but_ratings() -> impl Strategy<Value = Vec<Event>> {
    let step = (
        date(true),
        select(vec!["p-1", "p-2"]),
        ratings(false),
        extensions(true),
    )
        .prop_map(|(date, plan, ratings, ext)| {
            let mut s = CoachingStep::new(
                "s".parse().unwrap(),
                date,
                plan.parse().unwrap(),
                "c-1".parse().unwrap(),
                "t-1".parse().unwrap(),
                CycleStep::Observation,
            );
            (s.ratings, s.extensions) = (ratings, ext);
            Event::CoachingStep(s)
        });
    let events = prop::collection::vec(prop_oneof![3 => step, 1 => event(true)], 0..12);
    events.prop_map(|mut events| {
        for (i, e) in events.iter_mut().enumerate() {
            set_id(e, &format!("e-{i}"));
        }
        events
    })
}

fn set_id(event: &mut Event, id: &str) {
    let id = id.parse().unwrap();
    match event {
        Event::CoachingPlan(e) => e.id = id,
        Event::CoachingStep(e) => e.id = id,
        Event::Training(e) => e.id = id,
        Event::PdsaStep(e) => e.id = id,
        Event::UsabilityCycle(e) => e.id = id,
        Event::LoopRaised(e) => e.id = id,
        Event::LoopHop(e) => e.id = id,
        Event::LoopResolved(e) => e.id = id,
        Event::StageChange(e) => e.id = id,
        _ => unreachable!("a kind the generator does not make"),
    }
}

fn id<T: std::str::FromStr + std::fmt::Debug + 'static>(tidy: bool) -> BoxedStrategy<T>
where
    T::Err: std::fmt::Debug,
{
    let s: BoxedStrategy<String> = if tidy {
        "[a-z][a-z0-9-]{0,6}( [A-Z][a-z]{0,3})?".boxed()
    } else {
        select(vec!["e-1", "e-2", "a;b", "Wake, County", "x\"y"])
            .prop_map(str::to_string)
            .boxed()
    };
    s.prop_map(|s| s.parse().unwrap()).boxed()
}

fn text(tidy: bool) -> BoxedStrategy<String> {
    if tidy {
        "[A-Za-z0-9é][A-Za-z0-9é ,;:'\"%.-]{0,14}[A-Za-z0-9.]?"
            .prop_map(|s| s.trim().to_string())
            .boxed()
    } else {
        select(vec![
            "ok",
            "",
            " padded",
            "two\nlines",
            "a; b",
            "tab\tin",
            "=1+1",
        ])
        .prop_map(str::to_string)
        .boxed()
    }
}

fn date(tidy: bool) -> BoxedStrategy<Date> {
    let year = if tidy { 1990i16..2040 } else { -3i16..3 };
    (year, 1i8..=12, 1i8..=28)
        .prop_map(|(y, m, d)| jiff::civil::date(y, m, d))
        .boxed()
}

fn hours(tidy: bool) -> BoxedStrategy<Option<f64>> {
    hours_up_to(tidy, 4000, 1e6)
}

/// A coaching step's hours: from 0 to a day (`MAX_STEP_HOURS`), as reading accepts them.
fn step_hours(tidy: bool) -> BoxedStrategy<Option<f64>> {
    hours_up_to(tidy, 192, implsci::coaching::MAX_STEP_HOURS)
}

fn hours_up_to(tidy: bool, eighths: u32, max: f64) -> BoxedStrategy<Option<f64>> {
    let finite = prop_oneof![
        (0u32..=eighths).prop_map(|q| f64::from(q) / 8.0),
        0.0f64..=max
    ];
    if tidy {
        prop::option::of(finite).boxed()
    } else {
        prop_oneof![
            prop::option::of(finite),
            Just(Some(-1.0)),
            Just(Some(f64::NAN)),
            Just(Some(f64::INFINITY)),
        ]
        .boxed()
    }
}

fn ids<T: std::str::FromStr + std::fmt::Debug + 'static>(tidy: bool) -> BoxedStrategy<Vec<T>>
where
    T::Err: std::fmt::Debug,
{
    prop::collection::vec(id(tidy), 0..4).boxed()
}

fn texts(tidy: bool) -> BoxedStrategy<Vec<String>> {
    prop::collection::vec(text(tidy), 0..3).boxed()
}

fn opt_text(tidy: bool) -> BoxedStrategy<Option<String>> {
    prop::option::of(text(tidy)).boxed()
}

/// Extensions with keys that need care as headers: a known column's name, a `rating:` key, the
/// `extensions.` prefix, two keys that differ in case, a key with spaces at its ends.
fn extensions(tidy: bool) -> BoxedStrategy<Extensions> {
    let key = select(vec![
        "Notes",
        "id",
        "Date",
        "size",
        "Size",
        "rating: ef-a",
        "extensions.x",
        "minutes",
        "a,b",
        " padded ",
        "",
    ]);
    let value = prop_oneof![
        text(tidy).prop_map(serde_json::Value::String),
        Just(serde_json::Value::String(" edge ".into())),
        Just(serde_json::Value::String(String::new())),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        any::<bool>().prop_map(serde_json::Value::Bool),
        Just(serde_json::json!([1, "two", null])),
        Just(serde_json::json!({"a": {"b": 1.5}})),
    ];
    prop::collection::vec((key, value), 0..3)
        .prop_map(|kv| kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
        .boxed()
}

const FUNCTIONS: [&str; 4] = ["ef-a", "ef-b", "ef-c", "ef-d"];
const LEVELS: [ProfileLevel; 3] = [
    ProfileLevel::Expected,
    ProfileLevel::Developmental,
    ProfileLevel::Unacceptable,
];

/// Tidy: a subsequence of one order of the functions; messy: any functions in any order.
fn ratings(tidy: bool) -> BoxedStrategy<Vec<FunctionRating>> {
    let rating = |f: &str, l: ProfileLevel| FunctionRating::new(f.parse().unwrap(), l);
    if tidy {
        prop::collection::vec(prop::option::of(select(LEVELS.to_vec())), 4)
            .prop_map(move |levels| {
                FUNCTIONS
                    .iter()
                    .zip(levels)
                    .filter_map(|(f, l)| l.map(|l| rating(f, l)))
                    .collect()
            })
            .boxed()
    } else {
        prop::collection::vec((select(FUNCTIONS.to_vec()), select(LEVELS.to_vec())), 0..4)
            .prop_map(move |r| r.into_iter().map(|(f, l)| rating(f, l)).collect())
            .boxed()
    }
}

fn event(tidy: bool) -> BoxedStrategy<Event> {
    prop_oneof![
        plan_event(tidy),
        step_event(tidy),
        training_event(tidy),
        pdsa_event(tidy),
        usability_event(tidy),
        raised_event(tidy),
        hop_event(tidy),
        resolved_event(tidy),
        stage_event(tidy),
    ]
    .boxed()
}

fn plan_event(t: bool) -> BoxedStrategy<Event> {
    (
        (id(t), date(t), id(t), ids(t), prop::option::of(id(t))),
        (
            select(vec![
                CoachingFormat::InPerson,
                CoachingFormat::Remote,
                CoachingFormat::Hybrid,
            ]),
            any::<u32>(),
            date(t),
            prop::option::of(date(t)),
            extensions(t),
        ),
    )
        .prop_map(
            |((id, date, coach, who, innovation), (format, every, start, end, ext))| {
                let mut p = CoachingPlan::new(id, date, coach, who, format, every, start);
                p.innovation = innovation;
                p.end = end;
                p.extensions = ext;
                Event::CoachingPlan(p)
            },
        )
        .boxed()
}

fn step_event(t: bool) -> BoxedStrategy<Event> {
    (
        (
            id(t),
            date(t),
            id(t),
            id(t),
            id(t),
            select(CycleStep::ALL.to_vec()),
        ),
        (ids(t), ratings(t), texts(t), step_hours(t), extensions(t)),
    )
        .prop_map(
            |((id, date, plan, cycle, who, step), (functions, ratings, actions, hours, ext))| {
                let mut s = CoachingStep::new(id, date, plan, cycle, who, step);
                s.functions = functions;
                s.ratings = ratings;
                s.actions = actions;
                s.hours = hours;
                s.extensions = ext;
                Event::CoachingStep(s)
            },
        )
        .boxed()
}

fn training_event(t: bool) -> BoxedStrategy<Event> {
    (
        id(t),
        date(t),
        text(t),
        prop::option::of(id(t)),
        ids(t),
        hours(t),
        extensions(t),
    )
        .prop_map(|(id, date, name, innovation, attendees, hours, ext)| {
            let mut tr = Training::new(id, date, name, attendees);
            tr.innovation = innovation;
            tr.hours = hours;
            tr.extensions = ext;
            Event::Training(tr)
        })
        .boxed()
}

fn pdsa_event(t: bool) -> BoxedStrategy<Event> {
    (
        (
            id(t),
            date(t),
            id(t),
            id(t),
            select(vec![
                PdsaPhase::Plan,
                PdsaPhase::Do,
                PdsaPhase::Study,
                PdsaPhase::Act,
            ]),
        ),
        (opt_text(t), opt_text(t), texts(t), opt_text(t)),
        (
            prop::option::of(select(vec![
                PdsaDecision::Adopt,
                PdsaDecision::Adapt,
                PdsaDecision::Abandon,
            ])),
            prop::option::of(id(t)),
            extensions(t),
        ),
    )
        .prop_map(
            |((id, date, cycle, unit, phase), (q, p, data, result), (decision, next, ext))| {
                let mut s = PdsaStep::new(id, date, cycle, unit, phase);
                (s.question, s.prediction, s.data, s.result) = (q, p, data, result);
                (s.decision, s.next, s.extensions) = (decision, next, ext);
                Event::PdsaStep(s)
            },
        )
        .boxed()
}

fn usability_event(t: bool) -> BoxedStrategy<Event> {
    (
        id(t),
        date(t),
        id(t),
        prop::option::of(id(t)),
        any::<u32>(),
        texts(t),
        extensions(t),
    )
        .prop_map(|(id, date, test, innovation, users, changes, ext)| {
            let mut c = UsabilityCycle::new(id, date, test, users);
            (c.innovation, c.changes, c.extensions) = (innovation, changes, ext);
            Event::UsabilityCycle(c)
        })
        .boxed()
}

fn raised_event(t: bool) -> BoxedStrategy<Event> {
    (
        id(t),
        date(t),
        id(t),
        select(vec![LoopItemKind::Barrier, LoopItemKind::Success]),
        text(t),
        extensions(t),
    )
        .prop_map(|(id, date, unit, item, description, ext)| {
            let mut r = LoopRaised::new(id, date, unit, item, description);
            r.extensions = ext;
            Event::LoopRaised(r)
        })
        .boxed()
}

fn hop_event(t: bool) -> BoxedStrategy<Event> {
    (
        id(t),
        date(t),
        id(t),
        id(t),
        id(t),
        select(vec![HopDirection::Up, HopDirection::Down]),
        extensions(t),
    )
        .prop_map(|(id, date, item, from, to, direction, ext)| {
            let mut h = LoopHop::new(id, date, item, from, to, direction);
            h.extensions = ext;
            Event::LoopHop(h)
        })
        .boxed()
}

fn resolved_event(t: bool) -> BoxedStrategy<Event> {
    (
        (id(t), date(t), id(t), id(t)),
        (
            select(vec![
                Authority::FacilitativeAdministration,
                Authority::SystemsIntervention,
            ]),
            select(vec![PolicyChange::Changed, PolicyChange::Unchanged]),
            opt_text(t),
            extensions(t),
        ),
    )
        .prop_map(
            |((id, date, item, team), (authority, policy, response, ext))| {
                let mut r = LoopResolved::new(id, date, item, team, authority, policy);
                (r.response, r.extensions) = (response, ext);
                Event::LoopResolved(r)
            },
        )
        .boxed()
}

fn stage_event(t: bool) -> BoxedStrategy<Event> {
    (
        id(t),
        date(t),
        id(t),
        id(t),
        select(Stage::ALL.to_vec()),
        opt_text(t),
        extensions(t),
    )
        .prop_map(|(id, date, site, innovation, stage, note, ext)| {
            let mut c = StageChange::new(id, date, site, innovation, stage);
            (c.note, c.extensions) = (note, ext);
            Event::StageChange(c)
        })
        .boxed()
}

/// Tables of any of the event tables' names, with headers and cells drawn from what the
/// tables read (known columns, rating and extension headers, good and bad values).
pub fn any_tables() -> impl Strategy<Value = Vec<implsci::tables::TableOut>> {
    let header = select(vec![
        "id",
        "ID",
        "date",
        "coach",
        "practitioners",
        "practitioner",
        "plan",
        "cycle",
        "step",
        "format",
        "every_days",
        "start",
        "end",
        "training",
        "attendee",
        "hours",
        "minutes",
        "functions",
        "actions",
        "unit",
        "phase",
        "decision",
        "next",
        "test",
        "users",
        "item",
        "description",
        "from",
        "to",
        "direction",
        "team",
        "authority",
        "policy",
        "site",
        "innovation",
        "stage",
        "rating: ef-a",
        "rating: ef-a",
        "rating:",
        "Notes",
        "x [json]",
        "extensions.k",
    ]);
    let cell = select(vec![
        "",
        "x",
        "e-1",
        "2024-01-01",
        "13/45/2024",
        "1.5",
        "-2",
        "NaN",
        "1e400",
        "in person",
        "observation",
        "expected",
        "a;b;",
        ";",
        "\"",
        "{",
        "[1]",
        " padded ",
        "up",
        "barrier",
        "4294967296",
        "14.0",
    ]);
    let table = (
        select(implsci::tables::EVENT_TABLES.to_vec()),
        prop::collection::vec(header, 1..9),
    )
        .prop_flat_map(move |(name, headers)| {
            let n = headers.len();
            let rows = prop::collection::vec(prop::collection::vec(cell.clone(), n), 0..5);
            (Just(name), Just(headers), rows)
        })
        .prop_map(|(name, headers, rows)| {
            let mut t = implsci::tables::TableOut::new(name, headers);
            for row in rows {
                t.push(
                    row.into_iter()
                        .map(|c| implsci::tables::Cell::Text(c.into()))
                        .collect(),
                );
            }
            t
        });
    prop::collection::vec(table, 0..5)
}

//! A system's shape drawn by `arbitrary` (levels, units and their parents, teams and their
//! members, links including long chains and cycles, practitioners, coaches and their
//! caseloads, a few events), built in code and then through `System::build`: this reaches the
//! reports with systems a parser would rarely be given, and checks that a document built in
//! code reads back from its JSON as it built.
#![no_main]

use std::io;

use arbitrary::Arbitrary;
use implsci::coaching::measures::{Window, coaching_report};
use implsci::coaching::rollup::{DEFAULT_ROLLUPS, coaching_rollup};
use implsci::event::Event;
use implsci::event::references::check_references;
use implsci::improvement::loops::loop_report;
use implsci::jiff::ToSpan;
use implsci::jiff::civil::{Date, date};
use implsci::system::{
    Coach, CoachPerson, Level, LinkKind, Member, Practitioner, System, SystemDocument, Team,
    TeamLink, Unit,
};
use libfuzzer_sys::fuzz_target;

#[path = "common/reports.rs"]
mod reports;

/// At most this many of each part, so that one input costs milliseconds.
const MAX_UNITS: usize = 256;
const MAX_TEAMS: usize = 128;
const MAX_PRACTITIONERS: usize = 256;
const MAX_CHAIN: usize = 200;

#[derive(Debug, Arbitrary)]
struct Shape {
    /// 1 to 64 levels.
    levels: u8,
    units: Vec<UnitShape>,
    teams: Vec<TeamShape>,
    links: Vec<LinkShape>,
    practitioners: Vec<PractitionerShape>,
    coaches: Vec<CoachShape>,
    events: Vec<EventShape>,
    as_of: u16,
}

#[derive(Debug, Arbitrary)]
struct UnitShape {
    /// Which level below the top (the first unit is the root, at the top).
    level: u8,
    /// Which unit of the level above is its parent.
    parent: u16,
    /// Anything but the rule: no parent, any unit as the parent (itself, a later one).
    wild: Option<Wild>,
    named: bool,
}

#[derive(Debug, Arbitrary)]
enum Wild {
    NoParent,
    AnyParent(u16),
    SameLevelAsParent,
}

#[derive(Debug, Arbitrary)]
struct TeamShape {
    unit: u16,
    members: Vec<MemberShape>,
    start: Option<u16>,
    end: Option<u16>,
}

#[derive(Debug, Arbitrary)]
struct MemberShape {
    person: u8,
    role: u8,
    start: u16,
    end: Option<u16>,
}

#[derive(Debug, Arbitrary)]
enum LinkShape {
    One {
        from: u16,
        to: u16,
        kind: u8,
        start: u16,
        end: Option<u16>,
    },
    /// Teams `first`, `first + 1`, … each supporting the next.
    Chain {
        first: u16,
        len: u8,
        kind: u8,
        start: u16,
    },
    /// A chain whose last team supports its first.
    Cycle { first: u16, len: u8, start: u16 },
}

#[derive(Debug, Arbitrary)]
struct PractitionerShape {
    unit: u16,
    role: u8,
    start: Option<u16>,
    end: Option<u16>,
}

#[derive(Debug, Arbitrary)]
struct CoachShape {
    /// A practitioner who coaches, or a team member.
    person: Result<u16, (u16, u8)>,
    capacity: u8,
    caseload: Vec<u16>,
}

#[derive(Debug, Arbitrary)]
enum EventShape {
    Plan {
        coach: u16,
        practitioners: Vec<u16>,
        day: u16,
        every_days: u8,
    },
    Step {
        plan: u8,
        practitioner: u16,
        day: u16,
        step: u8,
    },
    Training {
        attendees: Vec<u16>,
        day: u16,
    },
    Raised {
        unit: u16,
        day: u16,
    },
    Hop {
        item: u8,
        from: u16,
        to: u16,
        day: u16,
        up: bool,
    },
    Resolved {
        item: u8,
        team: u16,
        day: u16,
        changed: bool,
    },
}

const ROLES: [&str; 4] = ["teacher", "team lead", "coach", "school psychologist"];
const STEPS: [&str; 4] = ["plan", "observe", "feedback", "reflect"];

fn day(n: u16) -> Date {
    // Days from 2020 through the late 2030s.
    date(2020, 1, 1)
        .checked_add(i64::from(n % 7000).days())
        .expect("within jiff's range")
}

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("the harness makes valid ids")
}

/// The index `i` picks among `n` things, or `None` when there are none.
fn pick(i: u16, n: usize) -> Option<usize> {
    (n > 0).then(|| usize::from(i) % n)
}

fn build(shape: &Shape) -> SystemDocument {
    let mut doc = SystemDocument::new(id("fuzz"), "Fuzzed system");
    let levels = 1 + usize::from(shape.levels) % 64;
    for l in 0..levels {
        doc.levels
            .push(Level::new(id(&format!("l{l}")), format!("Level {l}")));
    }

    // Units: the root, then each at a level below the top with a parent one level up.
    let mut unit_level = vec![0usize];
    doc.units.push(Unit::new(id("u0"), id("l0"), None));
    for (i, u) in shape.units.iter().take(MAX_UNITS).enumerate() {
        let i = i + 1;
        let level = if levels > 1 {
            1 + usize::from(u.level) % (levels - 1)
        } else {
            0
        };
        let above: Vec<usize> = (0..i).filter(|&k| unit_level[k] + 1 == level).collect();
        let mut parent = pick(u.parent, above.len()).map(|k| above[k]).or(Some(0));
        let mut level = level;
        match u.wild {
            None => {}
            Some(Wild::NoParent) => parent = None,
            Some(Wild::AnyParent(p)) => parent = Some(usize::from(p) % (shape.units.len() + 1)),
            Some(Wild::SameLevelAsParent) => level = parent.map_or(0, |p| unit_level[p]),
        }
        unit_level.push(level);
        let mut unit = Unit::new(
            id(&format!("u{i}")),
            id(&format!("l{level}")),
            parent.map(|p| id(&format!("u{p}"))),
        );
        if u.named {
            unit.name = Some(format!("Unit {i}"));
        }
        doc.units.push(unit);
    }
    let units = doc.units.len();

    for (t, shape) in shape.teams.iter().take(MAX_TEAMS).enumerate() {
        let unit = pick(shape.unit, units).unwrap_or(0);
        let mut team = Team::new(id(&format!("t{t}")), id(&format!("u{unit}")));
        team.start = shape.start.map(day);
        team.end = shape.end.map(day);
        for m in shape.members.iter().take(16) {
            let mut member = Member::new(
                id(&format!("t{t}-m{}", m.person % 8)),
                id(ROLES[usize::from(m.role) % ROLES.len()]),
                day(m.start),
            );
            member.end = m.end.map(day);
            team.members.push(member);
        }
        doc.teams.push(team);
    }
    let teams = doc.teams.len();

    let kind = |k: u8| match k % 3 {
        0 => LinkKind::Supports,
        1 => LinkKind::ReportsTo,
        _ => LinkKind::CollaboratesWith,
    };
    let team_id = |t: usize| id::<implsci::id::TeamId>(&format!("t{t}"));
    for link in shape.links.iter().take(64) {
        if teams == 0 {
            break;
        }
        match *link {
            LinkShape::One {
                from,
                to,
                kind: k,
                start,
                end,
            } => {
                let mut l = TeamLink::new(
                    team_id(usize::from(from) % teams),
                    team_id(usize::from(to) % teams),
                    kind(k),
                    day(start),
                );
                l.end = end.map(day);
                doc.links.push(l);
            }
            LinkShape::Chain {
                first,
                len,
                kind: k,
                start,
            } => {
                let first = usize::from(first) % teams;
                for s in 0..usize::from(len).min(MAX_CHAIN) {
                    let (a, b) = ((first + s) % teams, (first + s + 1) % teams);
                    doc.links
                        .push(TeamLink::new(team_id(a), team_id(b), kind(k), day(start)));
                }
            }
            LinkShape::Cycle { first, len, start } => {
                let first = usize::from(first) % teams;
                let len = 1 + usize::from(len).min(MAX_CHAIN);
                for s in 0..len {
                    let a = (first + s) % teams;
                    let b = if s + 1 == len {
                        first
                    } else {
                        (first + s + 1) % teams
                    };
                    doc.links.push(TeamLink::new(
                        team_id(a),
                        team_id(b),
                        LinkKind::Supports,
                        day(start),
                    ));
                }
            }
        }
    }

    for (p, shape) in shape
        .practitioners
        .iter()
        .take(MAX_PRACTITIONERS)
        .enumerate()
    {
        let unit = pick(shape.unit, units).unwrap_or(0);
        let mut practitioner = Practitioner::new(
            id(&format!("p{p}")),
            id(&format!("u{unit}")),
            id(ROLES[usize::from(shape.role) % ROLES.len()]),
        );
        practitioner.start = shape.start.map(day);
        practitioner.end = shape.end.map(day);
        doc.practitioners.push(practitioner);
    }
    let practitioners = doc.practitioners.len();

    for (c, shape) in shape.coaches.iter().take(32).enumerate() {
        let person = match shape.person {
            Ok(p) => {
                CoachPerson::Practitioner(id(&format!("p{}", pick(p, practitioners).unwrap_or(0))))
            }
            Err((t, m)) => CoachPerson::TeamMember {
                team: team_id(pick(t, teams).unwrap_or(0)),
                person: id(&format!("t{}-m{}", pick(t, teams).unwrap_or(0), m % 8)),
            },
        };
        let mut coach = Coach::new(id(&format!("c{c}")), person, u32::from(shape.capacity));
        for &p in shape.caseload.iter().take(64) {
            if let Some(p) = pick(p, practitioners) {
                coach.caseload.push(id(&format!("p{p}")));
            }
        }
        doc.coaches.push(coach);
    }
    doc
}

/// The shape's events as lines of a log, read as a log reads them.
fn events(shape: &Shape, units: usize, teams: usize, practitioners: usize) -> Vec<Event> {
    let p = |i: u16| format!("p{}", pick(i, practitioners).unwrap_or(0));
    let list = |is: &[u16]| {
        is.iter()
            .take(8)
            .map(|&i| format!("{:?}", p(i)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = Vec::new();
    for (e, shape) in shape.events.iter().take(64).enumerate() {
        let line = match shape {
            EventShape::Plan {
                coach,
                practitioners,
                day: d,
                every_days,
            } => format!(
                r#"{{"kind": "coaching_plan", "id": "e{e}", "date": "{}", "coach": "c{}", "practitioners": [{}], "innovation": "cico", "format": "in_person", "every_days": {}, "start": "{}"}}"#,
                day(*d),
                coach % 32,
                list(practitioners),
                1 + every_days % 60,
                day(*d)
            ),
            EventShape::Step {
                plan,
                practitioner,
                day: d,
                step,
            } => format!(
                r#"{{"kind": "coaching_step", "id": "e{e}", "date": "{}", "plan": "e{}", "cycle": "cy{}", "practitioner": "{}", "step": "{}"}}"#,
                day(*d),
                plan % 64,
                plan % 4,
                p(*practitioner),
                STEPS[usize::from(*step) % 4]
            ),
            EventShape::Training { attendees, day: d } => format!(
                r#"{{"kind": "training", "id": "e{e}", "date": "{}", "training": "t", "innovation": "cico", "attendees": [{}], "hours": 6.0}}"#,
                day(*d),
                list(attendees)
            ),
            EventShape::Raised { unit, day: d } => format!(
                r#"{{"kind": "loop_raised", "id": "e{e}", "date": "{}", "unit": "u{}", "item": "barrier", "description": "d"}}"#,
                day(*d),
                pick(*unit, units).unwrap_or(0)
            ),
            EventShape::Hop {
                item,
                from,
                to,
                day: d,
                up,
            } => format!(
                r#"{{"kind": "loop_hop", "id": "e{e}", "date": "{}", "item": "e{}", "from": "t{}", "to": "t{}", "direction": "{}"}}"#,
                day(*d),
                item % 64,
                pick(*from, teams).unwrap_or(0),
                pick(*to, teams).unwrap_or(0),
                if *up { "up" } else { "down" }
            ),
            EventShape::Resolved {
                item,
                team,
                day: d,
                changed,
            } => format!(
                r#"{{"kind": "loop_resolved", "id": "e{e}", "date": "{}", "item": "e{}", "team": "t{}", "authority": "systems_intervention", "policy": "{}", "response": "r"}}"#,
                day(*d),
                item % 64,
                pick(*team, teams).unwrap_or(0),
                if *changed { "changed" } else { "unchanged" }
            ),
        };
        lines.push(line);
    }
    let log = implsci::event::parse_log(lines.join("\n").as_bytes());
    log.records.into_iter().map(|r| r.value).collect()
}

fuzz_target!(|shape: Shape| {
    let doc = build(&shape);
    let json = serde_json::to_vec(&doc).expect("a document serializes");
    let (units, teams, practitioners) = (doc.units.len(), doc.teams.len(), doc.practitioners.len());
    let built = System::build(doc);
    let reread = System::from_json_slice(&json);
    assert_eq!(
        built.is_ok(),
        reread.is_ok(),
        "built in code and read from its JSON disagree: {:?} / {:?}",
        built.as_ref().err().map(ToString::to_string),
        reread.as_ref().err().map(ToString::to_string),
    );
    let Ok(system) = built else {
        return;
    };
    let as_of = day(shape.as_of);
    reports::every_report(&system, &[as_of]);

    let events = events(&shape, units, teams, practitioners);
    let _ = check_references(&system, &events);
    let start = events
        .iter()
        .map(Event::date)
        .min()
        .unwrap_or(as_of)
        .min(as_of);
    let window = Window::new(start, as_of).expect("start is not after as_of");
    let report = coaching_report(&events, window, as_of);
    let rollup = coaching_rollup(&system, &report, &[], &DEFAULT_ROLLUPS);
    let _ = rollup.write_csv(io::sink());
    let _ = serde_json::to_writer(io::sink(), &loop_report(&system, &events, as_of));
});

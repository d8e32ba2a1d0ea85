//! Tests of `loops`.

use super::*;
use crate::event::Event;
use crate::event::{example_log, xorshift};
use crate::improvement::{LoopHop, LoopResolved};

fn system() -> System {
    System::from_json(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_system.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn raised(id: &str, date: &str, unit: &str) -> Event {
    Event::LoopRaised(LoopRaised::new(
        id.parse().unwrap(),
        d(date),
        unit.parse().unwrap(),
        LoopItemKind::Barrier,
        "barrier",
    ))
}

fn hop(id: &str, date: &str, item: &str, from: &str, to: &str, dir: HopDirection) -> Event {
    Event::LoopHop(LoopHop::new(
        id.parse().unwrap(),
        d(date),
        item.parse().unwrap(),
        from.parse().unwrap(),
        to.parse().unwrap(),
        dir,
    ))
}

fn resolved(id: &str, date: &str, item: &str, team: &str, policy: PolicyChange) -> Event {
    Event::LoopResolved(LoopResolved::new(
        id.parse().unwrap(),
        d(date),
        item.parse().unwrap(),
        team.parse().unwrap(),
        Authority::SystemsIntervention,
        policy,
    ))
}

/// A barrier at Lincoln: up three hops to the state team, resolved there, down three hops.
/// Listed out of order on purpose.
fn lincoln_loop() -> Vec<Event> {
    use HopDirection::{Down, Up};
    vec![
        hop("h-6", "2024-11-20", "l-1", "wake-dit", "lincoln-bit", Down),
        hop("h-2", "2024-10-14", "l-1", "wake-dit", "central-rit", Up),
        raised("l-1", "2024-10-01", "lincoln-es"),
        hop("h-1", "2024-10-07", "l-1", "lincoln-bit", "wake-dit", Up),
        hop("h-3", "2024-10-21", "l-1", "central-rit", "sit", Up),
        resolved("r-1", "2024-11-04", "l-1", "sit", PolicyChange::Changed),
        hop("h-4", "2024-11-11", "l-1", "sit", "central-rit", Down),
        hop("h-5", "2024-11-15", "l-1", "central-rit", "wake-dit", Down),
    ]
}

#[test]
fn lincoln_barrier_closes_when_the_response_reaches_the_building() {
    let report = loop_report(&system(), &lincoln_loop(), d("2025-01-01"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let item = &report.items[0];
    assert_eq!(item.status, LoopStatus::Closed);
    assert_eq!(item.closed, Some(d("2024-11-20")));
    // 1 Oct to 20 Nov 2024: 30 + 20 days.
    assert_eq!(item.closure_days, Some(50));
    assert_eq!((item.hops_up, item.hops_down), (3, 3));
    let order: Vec<_> = item.hops.iter().map(|h| h.event.as_str()).collect();
    assert_eq!(order, ["h-1", "h-2", "h-3", "h-4", "h-5", "h-6"]);
    let res = item.resolution.as_ref().unwrap();
    assert_eq!(res.team.as_str(), "sit");
    assert_eq!(res.authority, Authority::SystemsIntervention);
    assert_eq!(item.level.as_ref().unwrap().as_str(), "school");
    assert_eq!(report.closed, 1);
    assert_eq!(report.median_closure_days, Some(50.0));
    assert_eq!(report.mean_closure_days, Some(50.0));
    assert_eq!(report.policy_changed, Share::new(1, 1));
    assert_eq!(report.stuck, 0);
}

#[test]
fn resolved_but_not_yet_back_down() {
    let report = loop_report(&system(), &lincoln_loop(), d("2024-11-16"));
    let item = &report.items[0];
    assert_eq!(item.status, LoopStatus::Resolved);
    assert_eq!(item.closure_days, None);
    assert_eq!(item.position, None);
    assert_eq!(report.median_closure_days, None);
    assert_eq!(report.resolved, 1);
}

#[test]
fn before_the_resolution_it_is_open_with_the_last_team_reached() {
    let report = loop_report(&system(), &lincoln_loop(), d("2024-10-25"));
    let item = &report.items[0];
    assert_eq!(
        item.status,
        LoopStatus::Open {
            held_by: Some("sit".parse().unwrap()),
            age_days: 24
        }
    );
    assert_eq!(item.position, Some(Position::AtTop));
    assert_eq!(item.hops.len(), 3);
    assert_eq!(item.resolution, None);
    // Held by the state team: counted at the state level, where it waits.
    let state = report
        .open_by_level
        .iter()
        .find(|l| l.level.as_str() == "state")
        .unwrap();
    assert_eq!((state.open, state.max_age_days), (1, Some(24)));
    assert_eq!(report.policy_changed.value(), None);

    let report = loop_report(&system(), &lincoln_loop(), d("2024-10-10"));
    assert_eq!(
        report.items[0].status,
        LoopStatus::Open {
            held_by: Some("wake-dit".parse().unwrap()),
            age_days: 9
        }
    );
    assert_eq!(report.items[0].position, Some(Position::OnTheWay));

    let report = loop_report(&system(), &lincoln_loop(), d("2024-09-30"));
    assert!(report.items.is_empty());
}

#[test]
fn southport_barrier_is_stuck_where_the_chain_breaks() {
    let events = [
        raised("s-1", "2024-10-21", "southport-es"),
        hop(
            "s-2",
            "2024-10-28",
            "s-1",
            "southport-bit",
            "brunswick-dit",
            HopDirection::Up,
        ),
    ];
    let report = loop_report(&system(), &events, d("2024-11-30"));
    let item = &report.items[0];
    assert_eq!(item.stuck_at().map(UnitId::as_str), Some("brunswick"));
    assert!(matches!(
        item.status,
        LoopStatus::Open { held_by: Some(ref t), age_days: 40 } if t.as_str() == "brunswick-dit"
    ));
    assert_eq!(report.stuck, 1);
    assert_eq!(report.open, 1);
}

#[test]
fn resolution_by_the_governing_team_closes_even_on_a_broken_chain() {
    let events = [
        raised("s-1", "2024-10-21", "southport-es"),
        hop(
            "s-2",
            "2024-10-28",
            "s-1",
            "southport-bit",
            "brunswick-dit",
            HopDirection::Up,
        ),
        resolved(
            "s-3",
            "2024-12-02",
            "s-1",
            "brunswick-dit",
            PolicyChange::Unchanged,
        ),
        hop(
            "s-4",
            "2024-12-09",
            "s-1",
            "brunswick-dit",
            "southport-bit",
            HopDirection::Down,
        ),
    ];
    let report = loop_report(&system(), &events, d("2024-12-05"));
    assert_eq!(report.items[0].status, LoopStatus::Resolved);
    assert_eq!(report.stuck, 0);
    let report = loop_report(&system(), &events, d("2024-12-31"));
    assert_eq!(report.items[0].status, LoopStatus::Closed);
    assert_eq!(report.items[0].closure_days, Some(49));
    assert_eq!(report.policy_changed, Share::new(0, 1));

    // Resolved by the building team itself: closed on the spot.
    let events = [
        raised("l-1", "2024-10-01", "lincoln-es"),
        resolved(
            "l-2",
            "2024-10-03",
            "l-1",
            "lincoln-bit",
            PolicyChange::Changed,
        ),
    ];
    let report = loop_report(&system(), &events, d("2024-12-31"));
    assert_eq!(report.items[0].closure_days, Some(2));
}

#[test]
fn dangling_references_are_problems_not_panics() {
    let events = [
        raised("a-1", "2024-10-01", "atlantis-es"),
        hop(
            "a-2",
            "2024-10-02",
            "ghost",
            "lincoln-bit",
            "wake-dit",
            HopDirection::Up,
        ),
        resolved("a-3", "2024-10-03", "ghost", "sit", PolicyChange::Changed),
        hop(
            "a-4",
            "2024-10-04",
            "a-1",
            "nobody-bit",
            "wake-dit",
            HopDirection::Up,
        ),
        raised("a-1", "2024-10-05", "lincoln-es"),
        hop(
            "a-6",
            "2024-09-01",
            "a-1",
            "lincoln-bit",
            "wake-dit",
            HopDirection::Up,
        ),
    ];
    let report = loop_report(&system(), &events, d("2024-12-31"));
    let found: Vec<(&str, ProblemKind)> = report
        .problems
        .iter()
        .map(|p| (p.path.as_str(), p.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("$.events[0].unit", ProblemKind::DanglingReference),
            ("$.events[1].item", ProblemKind::DanglingReference),
            ("$.events[2].item", ProblemKind::DanglingReference),
            ("$.events[3].from", ProblemKind::DanglingReference),
            ("$.events[4].id", ProblemKind::DuplicateId),
            ("$.events[5].date", ProblemKind::DatesOutOfOrder),
        ]
    );
    assert_eq!(report.problems[1].id.as_deref(), Some("ghost"));
    assert_eq!(report.items.len(), 1);
    let item = &report.items[0];
    assert_eq!(item.level, None);
    assert_eq!(item.position, Some(Position::Unknown));
    assert_eq!(report.open, 1);
    // Its unit is unknown, but the team holding it is not: counted at that team's level.
    let open: Vec<(&str, u32)> = report
        .open_by_level
        .iter()
        .map(|l| (l.level.as_str(), l.open))
        .collect();
    assert_eq!(
        open,
        [("state", 0), ("region", 0), ("district", 1), ("school", 0)]
    );
}

#[test]
fn aggregates_over_several_items() {
    let mut events = lincoln_loop();
    events.extend([
        raised("j-1", "2024-10-01", "jefferson-ms"),
        resolved(
            "j-2",
            "2024-10-11",
            "j-1",
            "wake-dit",
            PolicyChange::Unchanged,
        ),
        raised("e-1", "2024-12-01", "enka-es"),
        raised("e-2", "2024-12-21", "enka-es"),
        raised("w-1", "2024-12-11", "wake"),
    ]);
    let report = loop_report(&system(), &events, d("2024-12-31"));
    assert_eq!(report.items.len(), 5);
    // Jefferson has no team: its governing unit is Wake, whose team resolved it.
    let j = report
        .items
        .iter()
        .find(|i| i.id.as_str() == "j-1")
        .unwrap();
    assert_eq!(j.closure_days, Some(10));
    assert_eq!(j.level.as_ref().unwrap().as_str(), "district");
    assert_eq!(report.median_closure_days, Some(30.0));
    assert_eq!(report.mean_closure_days, Some(30.0));
    assert_eq!(report.policy_changed, Share::new(1, 2));
    let ages: Vec<_> = report
        .open_by_level
        .iter()
        .map(|l| (l.level.as_str(), l.open, l.max_age_days))
        .collect();
    assert_eq!(
        ages,
        [
            ("state", 0, None),
            ("region", 0, None),
            ("district", 1, Some(20)),
            ("school", 2, Some(30)),
        ]
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["items"][0]["status"], "closed");
    let table = report.to_string();
    assert!(
        table.contains("closure: median 30.0 d, mean 30.0 d"),
        "{table}"
    );
}

#[test]
fn report_schema_describes_the_report() {
    let schema = schemars::schema_for!(LoopReport);
    let report = loop_report(&system(), &lincoln_loop(), d("2024-10-25"));
    let value = serde_json::to_value(&report).unwrap();
    let schema = serde_json::to_value(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The event index of a `$.events[i]…` path.
fn event_index(path: &str) -> usize {
    let rest = path.strip_prefix("$.events[").unwrap();
    rest[..rest.find(']').unwrap()].parse().unwrap()
}

#[test]
fn measure_over_interleaved_events_equals_loop_report_of_the_loop_events() {
    use HopDirection::Up;
    let system = system();
    let example = example_log();
    let is_loop = |e: &Event| {
        matches!(
            e,
            Event::LoopRaised(_) | Event::LoopHop(_) | Event::LoopResolved(_)
        )
    };
    let others: Vec<Event> = example.iter().filter(|e| !is_loop(e)).cloned().collect();
    // Loop events only, with every kind of problem: out of order, dangling, duplicated, raised
    // after the date looked at, and a second resolution.
    let mut loops: Vec<Event> = example.iter().filter(|e| is_loop(e)).cloned().collect();
    loops.extend(lincoln_loop());
    loops.extend([
        resolved(
            "r-2",
            "2024-11-05",
            "l-1",
            "wake-dit",
            PolicyChange::Unchanged,
        ),
        raised("a-1", "2024-10-01", "atlantis-es"),
        hop("a-2", "2024-10-02", "ghost", "lincoln-bit", "wake-dit", Up),
        resolved("a-3", "2024-10-03", "ghost", "sit", PolicyChange::Changed),
        hop("a-4", "2024-10-04", "a-1", "nobody-bit", "nobody-dit", Up),
        raised("a-1", "2024-10-05", "lincoln-es"),
        hop("a-6", "2024-09-01", "a-1", "lincoln-bit", "wake-dit", Up),
        hop(
            "late-2",
            "2024-10-09",
            "late-1",
            "wake-dit",
            "central-rit",
            Up,
        ),
        raised("late-1", "2025-09-01", "wake"),
    ]);
    for as_of in ["2024-10-10", "2024-11-16", "2024-12-31", "2025-06-30"] {
        let as_of = d(as_of);
        let expected = loop_report(&system, &loops, as_of);
        assert!(expected.problems.len() >= 8, "{:?}", expected.problems);
        for seed in 1..=25u64 {
            let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            // Up to 5 other events before each loop event and after the last one; the loop
            // events keep their order.
            let mut log: Vec<Event> = Vec::new();
            let mut position: Vec<usize> = Vec::new(); // index in `log` -> index in `loops`
            for (k, e) in loops.iter().map(Some).chain([None]).enumerate() {
                for _ in 0..xorshift(&mut state) % 6 {
                    let pick = usize::try_from(xorshift(&mut state)).unwrap() % others.len();
                    log.push(others[pick].clone());
                    position.push(usize::MAX);
                }
                if let Some(e) = e {
                    log.push(e.clone());
                    position.push(k);
                }
            }
            let mut measure = LoopMeasure::new(&system, as_of);
            for e in &log {
                measure.add(e);
            }
            let mut report = measure.finish();
            // The problems name events by their index in `log`: each is a loop event, and
            // names the same event as the report of the loop events alone.
            for p in &mut report.problems {
                let i = event_index(&p.path);
                let tail = &p.path[p.path.find(']').unwrap()..];
                assert_ne!(
                    position[i],
                    usize::MAX,
                    "{p:?} names an event that is not a loop event"
                );
                p.path = format!("$.events[{}{tail}", position[i]);
            }
            assert_eq!(report, expected, "as of {as_of}, seed {seed}");
        }
    }
}

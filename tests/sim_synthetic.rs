//! One replicate as the crate's own event log: it is the same run as the forecast's, every
//! line reads back, every reference resolves in the system written beside it, and the
//! coaching, loop and stage measures read it as they read a real log.

use std::collections::HashMap;

use implsci::Document;
use implsci::coaching::fidelity::time_to_fidelity;
use implsci::event::references::check_references;
use implsci::event::{Event, parse_log};
use implsci::improvement::loops::loop_report;
use implsci::innovation::Innovation;
use implsci::scenario::Scenario;
use implsci::sim::{Simulation, simulations};
use implsci::stage::Stage;
use implsci::system::{System, SystemDocument};

fn example() -> (Scenario, SystemDocument, Innovation) {
    let read = |name: &str| std::fs::read_to_string(format!("examples/data/{name}")).unwrap();
    let mut scenario = Scenario::from_json(&read("scenario.json")).unwrap();
    scenario.replicates = 1;
    scenario.level = None;
    let system = SystemDocument::from_json(&read("state_system.json")).unwrap();
    let innovation = Innovation::from_json(&read("innovation.json")).unwrap();
    (scenario, system, innovation)
}

/// The first plan's simulation, its log of replicate 0 and the system with its people.
fn logged() -> (Scenario, Simulation, Vec<Event>, SystemDocument, Innovation) {
    let (scenario, system, innovation) = example();
    let (_, sim) = simulations(&scenario, &system).unwrap().remove(0);
    let mut bytes = Vec::new();
    let written = sim
        .synthetic_log(scenario.seed, 0, &[&innovation], &mut bytes)
        .unwrap();
    let log = parse_log(bytes.as_slice());
    assert!(log.refused.is_empty(), "{:?}", log.refused.first());
    assert_eq!(log.records.len() as u64, written.events);
    let mut doc = scenario.plans[0]
        .to_plan()
        .apply(&system, scenario.horizon.yesterday().unwrap())
        .unwrap();
    written.staffing.apply_to(&mut doc);
    let events = log.records.into_iter().map(|r| r.value).collect();
    (scenario, sim, events, doc, innovation)
}

#[test]
fn the_log_is_the_forecasts_run() {
    let (scenario, sim, events, _, _) = logged();
    let forecast = sim.forecast(scenario.seed, 1);
    let mut first_full: HashMap<String, jiff::civil::Date> = HashMap::new();
    for e in &events {
        if let Event::StageChange(c) = e
            && c.stage == Stage::FullImplementation
        {
            first_full.entry(c.site.to_string()).or_insert(c.date);
        }
    }
    let mut reached = 0;
    for unit in &forecast.units {
        let logged = first_full.get(unit.unit.as_str()).copied();
        assert_eq!(logged, unit.full_implementation.median, "{}", unit.unit);
        reached += usize::from(logged.is_some());
    }
    assert!(
        reached > 0,
        "no unit reached Full Implementation in the run"
    );
}

#[test]
fn every_reference_resolves_in_the_system_written_beside_it() {
    let (_, _, events, doc, _) = logged();
    let system = System::build(doc).unwrap();
    let dangling = check_references(&system, &events);
    assert!(dangling.is_empty(), "{:?}", dangling.first());
}

#[test]
fn the_people_who_leave_and_the_hires_are_dated() {
    let (scenario, system, innovation) = example();
    let (_, sim) = simulations(&scenario, &system).unwrap().remove(0);
    let written = sim
        .synthetic_log(scenario.seed, 0, &[&innovation], std::io::sink())
        .unwrap();
    let staffing = &written.staffing;
    // Six years at 15.8% a year: some leave, and every post left is refilled.
    assert!(!staffing.left.is_empty() && !staffing.hired.is_empty());
    for hire in &staffing.hired {
        let start = hire.start.unwrap();
        assert!(scenario.start <= start && start < scenario.horizon);
        assert!(hire.end.is_none_or(|end| start < end), "{}", hire.id);
        assert!(hire.id.as_str().contains('~'));
    }
    let mut doc = system.clone();
    staffing.apply_to(&mut doc);
    for (id, date) in &staffing.left {
        let record = doc.practitioners.iter().find(|p| p.id == *id).unwrap();
        assert_eq!(record.end, Some(*date));
    }
    assert_eq!(
        doc.practitioners.len(),
        system.practitioners.len() + staffing.hired.len()
    );
}

#[test]
fn coaching_observations_give_the_days_to_fidelity() {
    let (scenario, _, events, _, innovation) = logged();
    let paths = time_to_fidelity(&events, &innovation);
    let met: Vec<_> = paths.iter().filter(|p| p.first_met.is_some()).collect();
    assert!(!met.is_empty(), "no coached practitioner reached fidelity");
    for p in &met {
        let (trained, met) = (p.first_training.unwrap(), p.first_met.unwrap());
        assert!(
            trained <= met && met < scenario.horizon,
            "{}",
            p.practitioner
        );
        assert_eq!(p.days, Some((met - trained).get_days()));
    }
    // Every observation rates every essential function of the innovation.
    let functions = innovation.essential_functions.len();
    let observations = events.iter().filter_map(|e| match e {
        Event::CoachingStep(s) if s.step == implsci::coaching::CycleStep::Observation => Some(s),
        _ => None,
    });
    let mut any = false;
    for o in observations {
        assert_eq!(o.ratings.len(), functions);
        any = true;
    }
    assert!(any);
}

#[test]
fn barriers_travel_up_and_back_down() {
    let (scenario, _, events, doc, _) = logged();
    let system = System::build(doc).unwrap();
    let report = loop_report(&system, &events, scenario.horizon.yesterday().unwrap());
    assert!(report.problems.is_empty(), "{:?}", report.problems.first());
    assert!(report.closed > 0 && report.closed == report.resolved);
    // The example state's Brunswick has no connected team: its barriers stay where they are.
    assert!(report.stuck > 0);
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_seed_does_not() {
    let (scenario, system, innovation) = example();
    let (_, sim) = simulations(&scenario, &system).unwrap().remove(0);
    let write = |seed| {
        let mut bytes = Vec::new();
        sim.synthetic_log(seed, 0, &[&innovation], &mut bytes)
            .unwrap();
        bytes
    };
    assert_eq!(write(scenario.seed), write(scenario.seed));
    assert_ne!(write(scenario.seed), write(scenario.seed + 1));
}

#[test]
fn without_the_innovation_observations_carry_no_ratings() {
    let (scenario, system, _) = example();
    let (_, sim) = simulations(&scenario, &system).unwrap().remove(0);
    let mut bytes = Vec::new();
    sim.synthetic_log(scenario.seed, 0, &[], &mut bytes)
        .unwrap();
    let log = parse_log(bytes.as_slice());
    let mut steps = 0;
    for r in &log.records {
        if let Event::CoachingStep(s) = &r.value {
            assert!(s.ratings.is_empty());
            steps += 1;
        }
    }
    assert!(steps > 0);
}

/// A writer that fails after a few bytes.
struct Full(usize);

impl std::io::Write for Full {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0 < buf.len() {
            return Err(std::io::Error::other("disk full"));
        }
        self.0 -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failing_writer_is_an_error_not_a_panic() {
    let (scenario, system, _) = example();
    let (_, sim) = simulations(&scenario, &system).unwrap().remove(0);
    let err = sim
        .synthetic_log(scenario.seed, 0, &[], Full(1000))
        .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
}

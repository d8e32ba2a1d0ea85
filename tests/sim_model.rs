//! The simulation's rules held to hand computations, its determinism, and the published
//! timelines it must reproduce (NIRN: a well-defined program takes 2 to 4 years).

use implsci::scenario::{ModelParameters, Preset, SupportTable};
use implsci::sim::{Cohort, Forecast, Measure, Setup, Simulation};

mod sim_support;
use implsci::system::generate::{Shape, generate};
use implsci::system::{Coach, CoachPerson, LinkKind, Member, SystemDocument, Team, TeamLink};
use sim_support::still;

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

fn example() -> SystemDocument {
    let json = std::fs::read_to_string("examples/data/state_system.json").unwrap();
    serde_json::from_str(&json).unwrap()
}

/// Every unit with a connected team of four, and one coach per unit with practitioners,
/// coaching them all at capacity: the supported default.
fn supported(mut doc: SystemDocument) -> SystemDocument {
    let start = date("2024-08-01");
    for unit in doc.units.clone() {
        if !doc.teams.iter().any(|t| t.unit == unit.id) {
            let mut team = Team::new(
                format!("{}-team", unit.id).parse().unwrap(),
                unit.id.clone(),
            );
            for m in 0..4 {
                team.members.push(Member::new(
                    format!("{}-m{m}", unit.id).parse().unwrap(),
                    "member".parse().unwrap(),
                    start,
                ));
            }
            doc.teams.push(team);
        }
    }
    doc.links.retain(|l| l.kind != LinkKind::Supports);
    for unit in doc.units.clone() {
        let Some(parent) = &unit.parent else { continue };
        let from = doc
            .teams
            .iter()
            .find(|t| t.unit == *parent)
            .unwrap()
            .id
            .clone();
        let to = doc
            .teams
            .iter()
            .find(|t| t.unit == unit.id)
            .unwrap()
            .id
            .clone();
        doc.links
            .push(TeamLink::new(from, to, LinkKind::Supports, start));
    }
    doc.coaches.clear();
    for unit in doc.units.clone() {
        let caseload: Vec<_> = doc
            .practitioners
            .iter()
            .filter(|p| p.unit == unit.id)
            .map(|p| p.id.clone())
            .collect();
        if caseload.is_empty() {
            continue;
        }
        let capacity = u32::try_from(caseload.len()).unwrap();
        let mut coach = Coach::new(
            format!("{}-coach", unit.id).parse().unwrap(),
            CoachPerson::Practitioner(caseload[0].clone()),
            capacity,
        );
        coach.caseload = caseload;
        doc.coaches.push(coach);
    }
    doc
}

fn setup(years: i16, parameters: ModelParameters) -> Setup {
    let start = date("2026-07-01");
    let horizon = start.checked_add(jiff::Span::new().years(years)).unwrap();
    let mut setup = Setup::new(vec!["pbis".parse().unwrap()], start, horizon);
    setup.parameters = parameters;
    setup
}

/// Trains everyone under the root to `level` on `on`, and runs `replicates`.
fn trained(doc: SystemDocument, setup: &Setup, on: &str, level: u8, replicates: u64) -> Forecast {
    let root = doc.units[0].id.clone();
    let cohort = Cohort::train(date(on), "pbis".parse().unwrap(), vec![root], level);
    Simulation::with_effects(setup, vec![(setup.start, doc)], &[cohort])
        .unwrap()
        .forecast(11, replicates)
}

fn certain(p: f64) -> SupportTable {
    SupportTable {
        theory: p,
        demonstration: p,
        practice: p,
        coaching: p,
    }
}

fn root_reached(f: &Forecast) -> &implsci::sim::Reached {
    &f.units[0].full_implementation
}

#[test]
fn with_every_probability_zero_nothing_changes() {
    let mut p = still(ModelParameters::default());
    p.use_given = certain(0.0);
    p.fidelity_given = certain(0.0);
    p.drift = 0.0;
    let f = trained(supported(example()), &setup(3, p), "2026-07-01", 3, 3);
    assert!(
        f.units
            .iter()
            .all(|u| u.full_implementation.within_horizon.numerator == 0)
    );
    for row in &f.series {
        let expected = if row.measure == Measure::Trained {
            1.0
        } else {
            0.0
        };
        assert_eq!(row.median, Some(expected), "{row:?}");
    }
}

#[test]
fn with_every_probability_one_the_dates_are_the_hand_computed_ones() {
    let mut p = still(ModelParameters::default());
    p.use_given = certain(1.0);
    p.fidelity_given = certain(1.0);
    p.drift = 1.0;
    // Trained in week 3 (2026-07-15 to 07-21): in use that week, at fidelity the next, whose
    // last day is 2026-07-28. Every unit with practitioners, and every level, gets there then.
    let f = trained(supported(example()), &setup(1, p), "2026-07-15", 3, 2);
    for u in f.units.iter().filter(|u| u.posts > 0) {
        assert_eq!(
            u.full_implementation.median,
            Some(date("2026-07-28")),
            "{}",
            u.unit
        );
        assert_eq!(u.full_implementation.within_horizon.numerator, 2);
    }
    // Everyone leaving every week: nobody ever gets there.
    p.turnover.practitioners = 1.0;
    let f = trained(supported(example()), &setup(1, p), "2026-07-15", 3, 2);
    assert!(
        f.units
            .iter()
            .all(|u| u.full_implementation.median.is_none())
    );
}

#[test]
fn replicates_are_the_same_on_one_thread_and_two() {
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            trained(
                supported(example()),
                &setup(3, ModelParameters::default()),
                "2026-08-15",
                3,
                8,
            )
        })
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one, two);
    assert_eq!(
        serde_json::to_string(&one).unwrap(),
        serde_json::to_string(&two).unwrap()
    );
    // And a different seed is a different run.
    let root = example().units[0].id.clone();
    let s = setup(3, ModelParameters::default());
    let cohort = Cohort::train(date("2026-08-15"), "pbis".parse().unwrap(), vec![root], 3);
    let sim =
        Simulation::with_effects(&s, vec![(s.start, supported(example()))], &[cohort]).unwrap();
    assert_ne!(sim.forecast(12, 8), sim.forecast(11, 8));
}

/// Years from the start to a date.
fn years(f: &Forecast, d: jiff::civil::Date) -> f64 {
    f64::from(f.start.until(d).unwrap().get_days()) / 365.25
}

#[test]
fn the_supported_default_reaches_full_implementation_in_two_to_four_years() {
    let shape = Shape::new(4, 5, 5, 20).team_probability([1.0; 4]);
    for (name, doc) in [
        ("example state", example()),
        ("20 districts", generate(&shape, 5).unwrap()),
    ] {
        let f = trained(
            supported(doc),
            &setup(10, ModelParameters::default()),
            "2026-08-15",
            3,
            40,
        );
        let median = root_reached(&f).median.expect("reached");
        let y = years(&f, median);
        eprintln!("{name}: median Full Implementation after {y:.2} years");
        assert!((2.0..=4.0).contains(&y), "{name}: {y:.2} years");
    }
}

#[test]
fn training_alone_does_not_reach_full_implementation_in_ten_years() {
    let shape = Shape::new(4, 5, 5, 20);
    for (name, mut doc) in [
        ("example state", example()),
        ("20 districts", generate(&shape, 5).unwrap()),
    ] {
        doc.teams.clear();
        doc.links.clear();
        doc.coaches.clear();
        let f = trained(
            doc,
            &setup(10, ModelParameters::default()),
            "2026-08-15",
            3,
            40,
        );
        let reached = root_reached(&f).within_horizon;
        assert!(
            reached.numerator * 20 <= reached.denominator,
            "{name}: {reached}"
        );
    }
}

#[test]
fn joyce_showers_1982_is_a_preset_beside_2002() {
    let a = ModelParameters::preset(Preset::JoyceShowers1982);
    let b = ModelParameters::preset(Preset::JoyceShowers2002);
    assert!(a.use_given.coaching < b.use_given.coaching);
    assert!((a.use_given.practice - b.use_given.practice).abs() < f64::EPSILON);
}

#[test]
fn two_innovations_move_on_their_own_dates() {
    let mut p = still(ModelParameters::default());
    p.use_given = certain(1.0);
    p.fidelity_given = certain(1.0);
    p.drift = 1.0;
    let mut setup = setup(1, p);
    setup.innovations.push("cico".parse().unwrap());
    let doc = supported(example());
    let root = doc.units[0].id.clone();
    let cohorts = [
        Cohort::train(
            date("2026-07-15"),
            "pbis".parse().unwrap(),
            vec![root.clone()],
            3,
        ),
        // Week 10 (2026-09-02 to 09-08): in use that week, at fidelity the next.
        Cohort::train(date("2026-09-02"), "cico".parse().unwrap(), vec![root], 3),
    ];
    let f = Simulation::with_effects(&setup, vec![(setup.start, doc)], &cohorts)
        .unwrap()
        .forecast(11, 2);
    let cico = f
        .units
        .iter()
        .filter(|u| u.innovation.as_str() == "cico")
        .count();
    assert!(
        cico > 0 && cico * 2 == f.units.len(),
        "both innovations are forecast"
    );
    for u in f.units.iter().filter(|u| u.posts > 0) {
        let expected = if u.innovation.as_str() == "pbis" {
            "2026-07-28"
        } else {
            "2026-09-15"
        };
        assert_eq!(
            u.full_implementation.median,
            Some(date(expected)),
            "{} {}",
            u.unit,
            u.innovation
        );
    }
}

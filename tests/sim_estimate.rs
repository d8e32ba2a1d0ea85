//! The chances estimated from a log recover the simulation's own: a replicate's synthetic log
//! of a fully supported state, read back by `scenario::estimate`, gives the chances the model
//! ran with (Joyce & Showers 2002: 95% a year with coaching), within the bias of observing
//! every two weeks.

use implsci::Document;
use implsci::event::{Event, parse_log};
use implsci::innovation::Innovation;
use implsci::scenario::estimate::{EstimateParams, estimate};
use implsci::scenario::{ModelParameters, Parameters, Preset};
use implsci::sim::{Cohort, Setup, Simulation};
use implsci::system::generate::{Shape, generate};

mod sim_support;
use sim_support::still;

fn supported_log() -> (Vec<Event>, Innovation) {
    let doc = generate(
        &Shape::new(1, 2, 10, 50)
            .team_probability([1.0; 4])
            .link_probability(1.0)
            .coach_capacity(50),
        3,
    )
    .unwrap();
    let start: jiff::civil::Date = "2026-07-01".parse().unwrap();
    let mut setup = Setup::new(
        vec!["pbis".parse().unwrap()],
        start,
        "2028-07-01".parse().unwrap(),
    );
    setup.parameters = still(ModelParameters::preset(Preset::JoyceShowers2002));
    let root = doc.units[0].id.clone();
    let train = Cohort::train(start, "pbis".parse().unwrap(), vec![root], 3);
    let sim = Simulation::with_effects(&setup, vec![(start, doc)], &[train]).unwrap();
    let mut innovation =
        Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json").unwrap())
            .unwrap();
    innovation.id = "pbis".parse().unwrap();
    let mut bytes = Vec::new();
    sim.synthetic_log(5, 0, &[&innovation], &mut bytes).unwrap();
    let log = parse_log(bytes.as_slice());
    assert!(log.refused.is_empty());
    (
        log.records.into_iter().map(|r| r.value).collect(),
        innovation,
    )
}

#[test]
#[allow(clippy::float_cmp)] // values copied, not computed
fn the_log_gives_back_the_chances_the_model_ran_with() {
    let (events, innovation) = supported_log();
    let found = estimate(&events, &innovation, &EstimateParams::default());
    let model = ModelParameters::preset(Preset::JoyceShowers2002);
    for (name, e, truth) in [
        ("use", &found.use_given.coaching, model.use_given.coaching),
        (
            "fidelity",
            &found.fidelity_given.coaching,
            model.fidelity_given.coaching,
        ),
    ] {
        assert!(e.practitioners >= 900, "{name}: {e:?}");
        let chance = e.chance.unwrap_or_else(|| panic!("{name}: {e:?}"));
        assert!(
            (chance - truth).abs() < 0.03,
            "{name}: {chance} against {truth}"
        );
        let (low, high) = e.interval.unwrap();
        assert!(low < chance && chance < high);
    }
    // Everyone is coached: nothing is said of the practice row.
    assert_eq!(found.use_given.practice.practitioners, 0);
    assert!(found.use_given.practice.chance.is_none());
    // The overrides put the estimates in a scenario's parameters, which still check.
    let base = Parameters::default();
    let over = found.overrides(&base);
    let resolved = over.resolve();
    assert_eq!(
        Some(resolved.fidelity_given.coaching),
        found.fidelity_given.coaching.chance
    );
    assert_eq!(resolved.use_given.theory, base.resolve().use_given.theory);
}

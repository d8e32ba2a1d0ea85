use implsci::scenario::ModelParameters;
use implsci::sim::{Cohort, Setup, Simulation};
use implsci::system::generate::{Shape, generate};
fn main() {
    let shape = Shape::new(4, 5, 5, 20)
        .team_probability([1.0; 4])
        .link_probability(1.0);
    let doc = generate(&shape, 3).unwrap();
    let root = doc.units[0].id.clone();
    for (name, coaching) in [("supported", true), ("training only", false)] {
        let mut doc = doc.clone();
        if !coaching {
            doc.coaches.clear();
            doc.teams.clear();
            doc.links.clear();
        }
        let mut setup = Setup::new(
            vec!["pbis".parse().unwrap()],
            "2026-07-01".parse().unwrap(),
            "2036-07-01".parse().unwrap(),
        );
        setup.parameters = ModelParameters::default();
        setup.level = Some("district".parse().unwrap());
        let cohort = Cohort::train(
            "2026-08-15".parse().unwrap(),
            "pbis".parse().unwrap(),
            vec![root.clone()],
            3,
        );
        let sim = Simulation::with_effects(&setup, vec![(setup.start, doc)], &[cohort]).unwrap();
        let t = std::time::Instant::now();
        let f = sim.forecast(1, 40);
        eprintln!("{name}: {:?}", t.elapsed());
        for l in &f.levels {
            println!(
                "{name} {} {:?} {:?} {:?} {}",
                l.level,
                l.full_implementation.p10,
                l.full_implementation.median,
                l.full_implementation.p90,
                l.full_implementation.within_horizon
            );
        }
        for r in f
            .series
            .iter()
            .filter(|r| {
                r.level.as_str() == "state" && r.measure == implsci::sim::Measure::AtFidelity
            })
            .step_by(4)
        {
            println!("  {} {:?}", r.date, r.median);
        }
    }
}

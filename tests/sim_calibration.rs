//! Calibration: the simulation reproduces the published numbers it is built on.

use implsci::id::UnitId;
use implsci::scenario::{ModelParameters, Preset};
use implsci::sim::{Cohort, Forecast, Measure, Setup, Simulation};

mod sim_support;
use implsci::system::generate::{Shape, generate};
use implsci::system::{Coach, CoachPerson, SystemDocument};
use sim_support::still;

fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}

/// 10 schools of 1,000 practitioners, every unit with a team, every team linked.
fn ten_thousand() -> SystemDocument {
    let shape = Shape::new(1, 1, 10, 1000)
        .team_probability([1.0; 4])
        .link_probability(1.0);
    let mut doc = generate(&shape, 3).unwrap();
    doc.coaches.clear();
    doc
}

/// One coach per school, coaching all of its practitioners at full dose.
fn coached(mut doc: SystemDocument) -> SystemDocument {
    let schools: Vec<UnitId> = doc
        .units
        .iter()
        .filter(|u| u.level.as_str() == "school")
        .map(|u| u.id.clone())
        .collect();
    for (i, school) in schools.iter().enumerate() {
        let caseload: Vec<_> = doc
            .practitioners
            .iter()
            .filter(|p| p.unit == *school)
            .map(|p| p.id.clone())
            .collect();
        let person = CoachPerson::Practitioner(caseload[0].clone());
        let mut coach = Coach::new(
            format!("coach-{i}").parse().unwrap(),
            person,
            u32::try_from(caseload.len()).unwrap(),
        );
        coach.caseload = caseload;
        doc.coaches.push(coach);
    }
    doc
}

fn one_year(doc: SystemDocument, parameters: ModelParameters, level: u8) -> Forecast {
    let root = doc.units[0].id.clone();
    let mut setup = Setup::new(
        vec!["pbis".parse().unwrap()],
        date("2026-07-01"),
        date("2027-06-30"),
    );
    setup.parameters = parameters;
    setup.level = Some("state".parse().unwrap());
    let cohort = Cohort::train(
        date("2026-07-01"),
        "pbis".parse().unwrap(),
        vec![root],
        level,
    );
    let sim = Simulation::with_effects(&setup, vec![(setup.start, doc)], &[cohort]).unwrap();
    sim.forecast(2026, 1)
}

/// The state's share in a measure at the end of the run.
fn share(forecast: &Forecast, measure: Measure) -> f64 {
    forecast
        .series
        .iter()
        .rev()
        .find(|r| r.measure == measure && r.level.as_str() == "state")
        .and_then(|r| r.median)
        .unwrap()
}

#[test]
fn joyce_showers_training_without_coaching_gives_five_percent_in_use() {
    let f = one_year(
        ten_thousand(),
        still(ModelParameters::preset(Preset::JoyceShowers2002)),
        3,
    );
    let in_use = share(&f, Measure::InUse);
    assert!((in_use - 0.05).abs() <= 0.01, "{in_use}");
}

#[test]
// 0/n and n/n are exact in floating point.
#[allow(clippy::float_cmp)]
fn joyce_showers_theory_alone_gives_none_in_use() {
    let f = one_year(
        ten_thousand(),
        still(ModelParameters::preset(Preset::JoyceShowers2002)),
        1,
    );
    assert_eq!(share(&f, Measure::InUse), 0.0);
    assert_eq!(share(&f, Measure::Trained), 1.0);
}

#[test]
fn joyce_showers_coaching_at_dose_gives_ninety_five_percent_in_use() {
    let f = one_year(
        coached(ten_thousand()),
        still(ModelParameters::preset(Preset::JoyceShowers2002)),
        3,
    );
    let in_use = share(&f, Measure::InUse);
    assert!((in_use - 0.95).abs() <= 0.01, "{in_use}");
}

#[test]
fn turnover_leaves_eighty_four_percent_of_the_trained_in_post() {
    let mut p = still(ModelParameters::preset(Preset::JoyceShowers2002));
    p.turnover.practitioners = 0.158;
    // A vacancy longer than the year: nobody who left is replaced within it.
    p.vacancy_weeks = 60;
    let f = one_year(ten_thousand(), p, 3);
    let trained = share(&f, Measure::Trained);
    assert!((trained - 0.842).abs() <= 0.01, "{trained}");
}

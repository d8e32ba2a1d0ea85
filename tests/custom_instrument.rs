//! An instrument the crate does not ship, implemented through the public API only: a checklist
//! of observed practices, administered to every practitioner of the example state, rolled up
//! as the share meeting its criterion, and checked against a hand computation.

#![allow(clippy::float_cmp)] // whole-point percents are exact

use implsci::score::rollup::{Aggregate, Scored};
use implsci::score::{
    Administration, Instrument, InstrumentDefinition, InstrumentExt, ItemDefinition,
    MissingApplied, MissingRule, Response, Scale, Score, ScoreError, ScoreSubject,
};
use implsci::system::{System, When};

/// Items observed (1) or not (0); criterion: at least 3 of 4 observed.
struct Checklist(InstrumentDefinition);

impl Checklist {
    fn new() -> Self {
        let mut def = InstrumentDefinition::new(
            "checklist".parse().unwrap(),
            "Observed practices",
            "1",
            Scale::new(0.0, 1.0),
        );
        def.missing = MissingRule::ScoreAsZero;
        def.sustained_after = Some(2);
        for i in 1..=4 {
            def.items
                .push(ItemDefinition::new(format!("c{i}").parse().unwrap(), None));
        }
        Self(def)
    }
}

impl Instrument for Checklist {
    fn definition(&self) -> &InstrumentDefinition {
        &self.0
    }

    fn score(&self, administration: &Administration) -> Result<Score, ScoreError> {
        let observed = administration
            .responses
            .iter()
            .filter(|r| r.value == Some(1.0))
            .count();
        let missing = 4 - administration
            .responses
            .iter()
            .filter(|r| r.value.is_some())
            .count();
        let mut score = Score::new(
            administration,
            MissingApplied::new(self.0.missing, u32::try_from(missing).unwrap()),
        );
        #[allow(clippy::cast_precision_loss)]
        score.set_total(Some(observed as f64), 4.0);
        score.criterion_met = Some(observed >= 3);
        Ok(score)
    }
}

fn administer(p: usize, id: &implsci::id::PractitionerId, date: &str) -> Administration {
    let mut admin = Administration::new(
        "checklist".parse().unwrap(),
        date.parse().unwrap(),
        ScoreSubject::Practitioner(id.clone()),
    );
    // Practitioner p observes (p % 5) of the four items (4 counts as 4).
    for i in 1..=4 {
        let value = if i <= p % 5 { 1.0 } else { 0.0 };
        admin
            .responses
            .push(Response::new(format!("c{i}").parse().unwrap(), value));
    }
    admin
}

#[test]
fn a_custom_instrument_scores_and_rolls_up_the_example_state() {
    let system = System::from_json(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_system.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let instrument: Box<dyn Instrument> = Box::new(Checklist::new());
    let practitioners = &system.document().practitioners;
    let admins: Vec<Administration> = practitioners
        .iter()
        .enumerate()
        .map(|(p, pr)| administer(p, &pr.id, "2025-02-01"))
        .collect();
    let scores: Vec<Score> = instrument
        .score_many(&admins)
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        scores
            .iter()
            .all(|s| s.percent.is_some_and(|p| (0.0..=100.0).contains(&p)))
    );

    let reduced: Vec<Scored> = scores.iter().map(Scored::from_score).collect();
    let rollup = system
        .rollup_practitioners(&reduced, Aggregate::ShareMeetingCriterion, When::Current)
        .unwrap();

    // By hand: practitioner p meets the criterion when p % 5 >= 3; the subjects are the
    // practitioners still in post (one of the example state's has left).
    let meets = |p: usize| p % 5 >= 3;
    let active: Vec<usize> = (0..practitioners.len())
        .filter(|&p| practitioners[p].end.is_none())
        .collect();
    assert_eq!(active.len(), practitioners.len() - 1);
    let state = rollup.row(&"state".parse().unwrap()).unwrap();
    let met = active.iter().filter(|&&p| meets(p)).count();
    #[allow(clippy::cast_precision_loss)]
    let expected = met as f64 / active.len() as f64;
    assert!(
        (state.value.unwrap() - expected).abs() < 1e-9,
        "{state:?} vs {expected}"
    );
    assert_eq!(state.coverage.denominator, active.len() as u64);

    let lincoln = rollup.row(&"lincoln-es".parse().unwrap()).unwrap();
    let at_lincoln: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&p| practitioners[p].unit.as_str() == "lincoln-es")
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let expected =
        at_lincoln.iter().filter(|&&p| meets(p)).count() as f64 / at_lincoln.len() as f64;
    assert!((lincoln.value.unwrap() - expected).abs() < 1e-9);

    // The same rollup from the scores themselves, matched by subject, as of their date.
    let from_scores = system
        .rollup(&scores, Aggregate::ShareMeetingCriterion)
        .unwrap();
    let on = system
        .rollup_practitioners(
            &reduced,
            Aggregate::ShareMeetingCriterion,
            When::On(from_scores.as_of.unwrap()),
        )
        .unwrap();
    for (a, b) in from_scores.rows.iter().zip(&on.rows) {
        assert_eq!(
            (&a.unit, a.value, a.coverage),
            (&b.unit, b.value, b.coverage)
        );
    }
}

#[test]
fn a_custom_instruments_time_series_is_sustained_after_its_own_count() {
    let checklist = Checklist::new();
    let id: implsci::id::PractitionerId = "lincoln-t1".parse().unwrap();
    // p = 3 meets the criterion, p = 1 does not.
    let series = checklist
        .time_series(&[
            administer(3, &id, "2025-03-01"),
            administer(1, &id, "2025-01-01"),
            administer(3, &id, "2025-05-01"),
        ])
        .unwrap();
    assert_eq!(
        series.points[0].score.date.to_string(),
        "2025-01-01",
        "sorted by date"
    );
    assert_eq!(series.points[1].change.unwrap().percentage_points, 50.0);
    assert_eq!(
        series.sustained_on.map(|d| d.to_string()).as_deref(),
        Some("2025-05-01")
    );
}

//! Tests of `fidelity`.

use super::*;
use crate::Document;
use crate::coaching::measures::tests::{d, plan, step, training};
use crate::event::Event;
use crate::innovation::ProfileLevel::{Developmental, Expected};
use crate::score::instruments::fidelity::FunctionRating;

fn cico() -> Innovation {
    Innovation::from_json(&std::fs::read_to_string("examples/data/innovation.json").unwrap())
        .unwrap()
}

fn observation(id: &str, date: &str, who: &str, ratings: &[(&str, ProfileLevel)]) -> Event {
    let mut s = step(id, date, "plan-1", "cycle-x", who, CycleStep::Observation);
    s.ratings = ratings
        .iter()
        .map(|(f, l)| FunctionRating::new(f.parse().unwrap(), *l))
        .collect();
    Event::CoachingStep(s)
}

#[test]
fn days_from_training_to_first_fidelity() {
    let cico = cico();
    let events = vec![
        training("t-1", "2024-09-01", &["p-1"], Some("check-in-check-out")),
        // Another innovation's training, earlier: ignored.
        training("t-0", "2024-08-01", &["p-1"], Some("other")),
        // All 4 rated at expected (100%), but check-out, required, not rated: not met.
        observation(
            "o-1",
            "2024-09-15",
            "p-1",
            &[
                ("ef-checkin", Expected),
                ("ef-feedback", Expected),
                ("ef-home", Expected),
                ("ef-data", Expected),
            ],
        ),
        // 4 of 5 expected, check-in and check-out expected: met, 30 days after training.
        observation(
            "o-2",
            "2024-10-01",
            "p-1",
            &[
                ("ef-checkin", Expected),
                ("ef-feedback", Developmental),
                ("ef-checkout", Expected),
                ("ef-home", Expected),
                ("ef-data", Expected),
            ],
        ),
        observation(
            "o-3",
            "2024-10-15",
            "p-1",
            &[("ef-checkin", Expected), ("ef-checkout", Expected)],
        ),
    ];
    let result = time_to_fidelity(&events, &cico);
    assert_eq!(result.len(), 1);
    let p = &result[0];
    assert_eq!(p.first_training, Some(d("2024-09-01")));
    assert_eq!(p.first_met, Some(d("2024-10-01")));
    assert_eq!(p.days, Some(30));
    let points: Vec<(Date, Share, Option<bool>)> = p
        .trajectory
        .iter()
        .map(|x| (x.date, x.expected, x.criterion_met))
        .collect();
    assert_eq!(
        points,
        [
            (d("2024-09-15"), Share::new(4, 4), Some(false)),
            (d("2024-10-01"), Share::new(4, 5), Some(true)),
            (d("2024-10-15"), Share::new(2, 2), Some(true)),
        ]
    );
}

#[test]
fn unnamed_trainings_count_when_none_names_the_innovation() {
    let cico = cico();
    let met = [("ef-checkin", Expected), ("ef-checkout", Expected)];
    let events = vec![
        training("t-0", "2024-08-01", &["p-1"], Some("other")),
        training("t-1", "2024-08-20", &["p-1", "p-2"], None),
        // Met before training: not the first met after it.
        observation("o-0", "2024-08-10", "p-1", &met),
        observation("o-1", "2024-09-19", "p-1", &met),
        // An unknown function: left out, listed.
        observation("o-2", "2024-09-20", "p-1", &[("ef-nope", Expected)]),
    ];
    let result = time_to_fidelity(&events, &cico);
    assert_eq!(result.len(), 2);
    let p1 = &result[0];
    assert_eq!(p1.first_training, Some(d("2024-08-20")));
    assert_eq!(p1.first_met, Some(d("2024-09-19")));
    assert_eq!(p1.days, Some(30)); // 11 days of August + 19 of September
    assert_eq!(p1.trajectory.len(), 2);
    assert_eq!(p1.unscored, vec!["o-2".parse::<EventId>().unwrap()]);
    let p2 = &result[1];
    assert_eq!((p2.first_met, p2.days), (None, None));
    assert!(p2.trajectory.is_empty());
}

#[test]
fn observations_under_another_innovations_plan_are_skipped() {
    let cico = cico();
    let mut other = plan("plan-1", "c-1", &["p-1"], 14, "2024-09-01");
    other.innovation = Some("other".parse().unwrap());
    let events = vec![
        Event::CoachingPlan(other),
        observation(
            "o-1",
            "2024-09-10",
            "p-1",
            &[("ef-checkin", Expected), ("ef-checkout", Expected)],
        ),
    ];
    assert!(time_to_fidelity(&events, &cico).is_empty());
}

#[test]
fn no_training_still_reports_first_met() {
    let events = vec![observation(
        "o-1",
        "2024-09-10",
        "p-1",
        &[("ef-checkin", Expected), ("ef-checkout", Expected)],
    )];
    let p = &time_to_fidelity(&events, &cico())[0];
    assert_eq!(
        (p.first_training, p.first_met, p.days),
        (None, Some(d("2024-09-10")), None)
    );
}

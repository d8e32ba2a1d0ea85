//! Tests of `fidelity`.

use super::*;
use crate::innovation::{EssentialFunction, FidelityAssessment};
use crate::score::NotComputable;
use ProfileLevel::{Developmental, Expected, Unacceptable};

fn f(id: &str) -> EssentialFunctionId {
    id.parse().unwrap()
}

/// Five functions; criterion 80% of rated at expected, `a` required.
fn innovation() -> Innovation {
    let mut i = Innovation::new("inn".parse().unwrap(), "Innovation");
    for id in ["a", "b", "c", "d", "e"] {
        i.essential_functions
            .push(EssentialFunction::new(f(id), id.to_uppercase()));
    }
    let mut criterion = FidelityCriterion::new(80.0);
    criterion.required_functions.push(f("a"));
    i.fidelity_assessment = Some(FidelityAssessment::new("Observation", criterion));
    i
}

fn observe(
    practitioner: &str,
    date: &str,
    ratings: &[(&str, ProfileLevel)],
) -> FidelityObservation {
    let mut o = FidelityObservation::new(
        "inn".parse().unwrap(),
        practitioner.parse().unwrap(),
        date.parse().unwrap(),
    );
    for (id, level) in ratings {
        o = o.rate(f(id), *level);
    }
    o
}

#[test]
fn points_are_functions_at_expected_over_functions_rated() {
    let s = fidelity_score(
        &innovation(),
        &observe(
            "p",
            "2025-01-01",
            &[
                ("a", Expected),
                ("b", Expected),
                ("c", Developmental),
                ("d", Unacceptable),
            ],
        ),
    )
    .unwrap();
    assert_eq!(s.instrument.as_str(), "inn");
    assert_eq!(s.subject, ScoreSubject::Practitioner("p".parse().unwrap()));
    assert_eq!(
        (s.points, s.points_possible, s.percent),
        (Some(2.0), Some(4.0), Some(50.0))
    );
    assert_eq!(s.criterion_met, Some(false));
    assert_eq!(s.not_computable, None);
    assert_eq!(
        s.missing,
        MissingApplied::new(MissingRule::ProRate { max_missing: 5 }, 1)
    );
    let classes: Vec<(&str, &str)> = s
        .classes
        .iter()
        .map(|c| (c.item.as_str(), c.class.as_str()))
        .collect();
    assert_eq!(
        classes,
        [
            ("a", "expected"),
            ("b", "expected"),
            ("c", "developmental"),
            ("d", "unacceptable"),
            ("e", "missing"),
        ]
    );
}

#[test]
fn the_threshold_is_inclusive_and_counts_rated_functions_only() {
    let i = innovation();
    // 4 of 5 rated at expected: exactly 80%.
    let at = observe(
        "p",
        "2025-01-01",
        &[
            ("a", Expected),
            ("b", Expected),
            ("c", Expected),
            ("d", Expected),
            ("e", Developmental),
        ],
    );
    assert_eq!(fidelity_score(&i, &at).unwrap().criterion_met, Some(true));
    // 4 of 4 rated (e not seen): 100%, met.
    let unseen = observe(
        "p",
        "2025-01-01",
        &[
            ("a", Expected),
            ("b", Expected),
            ("c", Expected),
            ("d", Expected),
        ],
    );
    let s = fidelity_score(&i, &unseen).unwrap();
    assert_eq!((s.percent, s.criterion_met), (Some(100.0), Some(true)));
    // 3 of 4 rated: 75%, not met.
    let below = observe(
        "p",
        "2025-01-01",
        &[
            ("a", Expected),
            ("b", Expected),
            ("c", Expected),
            ("d", Developmental),
        ],
    );
    assert_eq!(
        fidelity_score(&i, &below).unwrap().criterion_met,
        Some(false)
    );
}

#[test]
fn a_required_function_must_be_rated_at_expected() {
    let i = innovation();
    let developmental = observe(
        "p",
        "2025-01-01",
        &[
            ("a", Developmental),
            ("b", Expected),
            ("c", Expected),
            ("d", Expected),
            ("e", Expected),
        ],
    );
    let s = fidelity_score(&i, &developmental).unwrap();
    assert_eq!((s.percent, s.criterion_met), (Some(80.0), Some(false)));
    let unrated = observe(
        "p",
        "2025-01-01",
        &[
            ("b", Expected),
            ("c", Expected),
            ("d", Expected),
            ("e", Expected),
        ],
    );
    let s = fidelity_score(&i, &unrated).unwrap();
    assert_eq!((s.percent, s.criterion_met), (Some(100.0), Some(false)));
}

#[test]
fn nothing_rated_is_not_computable() {
    let s = fidelity_score(&innovation(), &observe("p", "2025-01-01", &[])).unwrap();
    assert_eq!((s.points, s.percent, s.criterion_met), (None, None, None));
    assert_eq!(s.points_possible, Some(0.0));
    assert_eq!(s.not_computable, Some(NotComputable::ZeroDenominator));
    assert_eq!(s.missing.missing_items, 5);
}

#[test]
fn no_fidelity_assessment_means_no_criterion() {
    let mut i = innovation();
    i.fidelity_assessment = None;
    let s = fidelity_score(&i, &observe("p", "2025-01-01", &[("a", Expected)])).unwrap();
    assert_eq!((s.percent, s.criterion_met), (Some(100.0), None));
}

#[test]
fn bad_observations_are_errors() {
    let i = innovation();
    assert!(matches!(
        fidelity_score(&i, &observe("p", "2025-01-01", &[("z", Expected)])),
        Err(ScoreError::UnknownItem(id)) if id.as_str() == "z"
    ));
    assert!(matches!(
        fidelity_score(&i, &observe("p", "2025-01-01", &[("a", Expected), ("a", Unacceptable)])),
        Err(ScoreError::DuplicateResponse(id)) if id.as_str() == "a"
    ));
    let mut other = observe("p", "2025-01-01", &[]);
    other.innovation = "other".parse().unwrap();
    assert!(matches!(
        fidelity_score(&i, &other),
        Err(ScoreError::WrongInstrument { .. })
    ));
}

#[test]
fn a_criterion_that_cannot_apply_is_an_error() {
    let obs = observe("p", "2025-01-01", &[("a", Expected)]);
    for bad in [f64::NAN, -1.0, 100.5] {
        let mut i = innovation();
        i.fidelity_assessment
            .as_mut()
            .unwrap()
            .criterion
            .min_percent_expected = bad;
        assert!(
            matches!(fidelity_score(&i, &obs), Err(ScoreError::Invalid(_))),
            "{bad}"
        );
    }
    let mut i = innovation();
    i.fidelity_assessment
        .as_mut()
        .unwrap()
        .criterion
        .required_functions
        .push(f("zz"));
    assert!(matches!(
        fidelity_score(&i, &obs),
        Err(ScoreError::Invalid(m)) if m.contains("zz")
    ));
}

#[test]
fn observations_round_trip_and_refuse_unknown_fields() {
    let o = observe("p", "2025-01-01", &[("a", Expected)]);
    let json = serde_json::to_string(&o).unwrap();
    assert_eq!(
        serde_json::from_str::<FidelityObservation>(&json).unwrap(),
        o
    );
    let extra = json.replacen('{', r#"{"score":1,"#, 1);
    assert!(serde_json::from_str::<FidelityObservation>(&extra).is_err());
    let datetime = json.replace("2025-01-01", "2025-01-01T00:00:00");
    assert!(serde_json::from_str::<FidelityObservation>(&datetime).is_err());
}

fn unit_of_ten(meeting: usize) -> UnitFidelity {
    let i = innovation();
    let all: Vec<(&str, ProfileLevel)> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|id| (*id, Expected))
        .collect();
    let none: Vec<(&str, ProfileLevel)> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|id| (*id, Developmental))
        .collect();
    let intended: Vec<PractitionerId> = (0..10).map(|n| format!("t{n}").parse().unwrap()).collect();
    let scores: Vec<Score> = intended
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let ratings = if n < meeting { &all } else { &none };
            fidelity_score(&i, &observe(p.as_str(), "2025-01-01", ratings)).unwrap()
        })
        .collect();
    unit_fidelity(&intended, &scores)
}

#[test]
fn five_of_ten_reaches_full_implementation_four_does_not() {
    let five = unit_of_ten(5);
    assert_eq!(five.with_fidelity, Share::new(5, 10));
    assert_eq!(five.full_implementation, Some(true));
    assert!(five.not_observed.is_empty());
    let four = unit_of_ten(4);
    assert_eq!(four.with_fidelity, Share::new(4, 10));
    assert_eq!(four.full_implementation, Some(false));
}

#[test]
fn the_latest_score_counts_and_unobserved_practitioners_count_against() {
    let i = innovation();
    let good = [("a", Expected)];
    let bad = [("a", Unacceptable)];
    let scores = vec![
        fidelity_score(&i, &observe("t1", "2025-03-01", &good)).unwrap(),
        fidelity_score(&i, &observe("t1", "2025-01-01", &bad)).unwrap(),
        fidelity_score(&i, &observe("t2", "2025-01-01", &good)).unwrap(),
        fidelity_score(&i, &observe("t2", "2025-03-01", &bad)).unwrap(),
        // Not intended: ignored.
        fidelity_score(&i, &observe("visitor", "2025-03-01", &good)).unwrap(),
    ];
    let intended: Vec<PractitionerId> = ["t1", "t2", "t3", "t1"]
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    let unit = unit_fidelity(&intended, &scores);
    assert_eq!(unit.with_fidelity, Share::new(1, 3));
    assert_eq!(unit.full_implementation, Some(false));
    assert_eq!(
        unit.not_observed,
        vec!["t3".parse::<PractitionerId>().unwrap()]
    );
}

#[test]
fn no_one_intended_is_not_computable() {
    let unit = unit_fidelity(&[], &[]);
    assert_eq!(unit.with_fidelity, Share::new(0, 0));
    assert_eq!(unit.full_implementation, None);
}

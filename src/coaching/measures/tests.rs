//! Tests of `measures`.

use super::*;
use crate::coaching::CoachingFormat;
use crate::coaching::fidelity::TimeToFidelity;
use crate::event::Event;

pub(crate) fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn window(a: &str, b: &str) -> Window {
    Window::new(d(a), d(b)).unwrap()
}

pub(crate) fn plan(id: &str, coach: &str, who: &[&str], every: u32, start: &str) -> CoachingPlan {
    CoachingPlan::new(
        id.parse().unwrap(),
        d(start),
        coach.parse().unwrap(),
        who.iter().map(|p| p.parse().unwrap()).collect(),
        CoachingFormat::InPerson,
        every,
        d(start),
    )
}

pub(crate) fn step(
    id: &str,
    date: &str,
    plan: &str,
    cycle: &str,
    who: &str,
    step: CycleStep,
) -> CoachingStep {
    CoachingStep::new(
        id.parse().unwrap(),
        d(date),
        plan.parse().unwrap(),
        cycle.parse().unwrap(),
        who.parse().unwrap(),
        step,
    )
}

fn full_cycle(prefix: &str, date: &str, plan: &str, cycle: &str, who: &str) -> Vec<Event> {
    CycleStep::ALL
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            Event::CoachingStep(step(&format!("{prefix}-{i}"), date, plan, cycle, who, s))
        })
        .collect()
}

pub(crate) fn training(id: &str, date: &str, who: &[&str], innovation: Option<&str>) -> Event {
    let mut t = Training::new(
        id.parse().unwrap(),
        d(date),
        "T",
        who.iter().map(|p| p.parse().unwrap()).collect(),
    );
    t.innovation = innovation.map(|i| i.parse().unwrap());
    Event::Training(t)
}

#[test]
fn window_rejects_end_before_start() {
    assert!(Window::new(d("2024-09-02"), d("2024-09-01")).is_none());
    assert_eq!(window("2024-09-01", "2024-09-28").days(), 28);
}

#[test]
fn fourteen_day_plan_over_28_days_plans_two() {
    let p = plan("plan-1", "c-1", &["p-1"], 14, "2024-09-01");
    assert_eq!(
        planned_cycles(&PlanFacts::of(&p), window("2024-09-01", "2024-09-28")),
        2
    );
    // 27 days: floor(27 / 14) = 1.
    assert_eq!(
        planned_cycles(&PlanFacts::of(&p), window("2024-09-01", "2024-09-27")),
        1
    );
    // Plan starts on the 15th of a 28-day window: 14 active days, 1 cycle.
    let late = plan("plan-2", "c-1", &["p-1"], 14, "2024-09-15");
    assert_eq!(
        planned_cycles(&PlanFacts::of(&late), window("2024-09-01", "2024-09-28")),
        1
    );
    // Plan ends on the 13th: 13 active days, none.
    let mut ended = plan("plan-3", "c-1", &["p-1"], 14, "2024-08-01");
    ended.end = Some(d("2024-09-13"));
    assert_eq!(
        planned_cycles(&PlanFacts::of(&ended), window("2024-09-01", "2024-09-28")),
        0
    );
    // Ended before the window: no overlap, never negative.
    ended.end = Some(d("2024-08-20"));
    assert_eq!(
        planned_cycles(&PlanFacts::of(&ended), window("2024-09-01", "2024-09-28")),
        0
    );
    // every_days 0 plans nothing (and does not divide by zero).
    let zero = plan("plan-4", "c-1", &["p-1"], 0, "2024-09-01");
    assert_eq!(
        planned_cycles(&PlanFacts::of(&zero), window("2024-09-01", "2024-09-28")),
        0
    );
}

#[test]
fn one_complete_one_incomplete_delivers_one_of_two() {
    let mut events = vec![Event::CoachingPlan(plan(
        "plan-1",
        "c-1",
        &["p-1"],
        14,
        "2024-09-01",
    ))];
    events.extend(full_cycle("a", "2024-09-03", "plan-1", "cycle-1", "p-1"));
    let mut s = step(
        "b-0",
        "2024-09-17",
        "plan-1",
        "cycle-2",
        "p-1",
        CycleStep::Plan,
    );
    s.hours = Some(1.0);
    events.push(Event::CoachingStep(s));
    let mut s = step(
        "b-1",
        "2024-09-18",
        "plan-1",
        "cycle-2",
        "p-1",
        CycleStep::Observation,
    );
    s.hours = Some(1.5);
    events.push(Event::CoachingStep(s));
    // Completes cycle-2 only after the window: does not count.
    events.push(Event::CoachingStep(step(
        "b-2",
        "2024-09-30",
        "plan-1",
        "cycle-2",
        "p-1",
        CycleStep::Feedback,
    )));

    let report = coaching_report(&events, window("2024-09-01", "2024-09-28"), d("2024-09-28"));
    let p = &report.practitioners[0];
    assert_eq!(p.cycles, 2);
    assert_eq!(p.cycles_complete, 1);
    assert_eq!(p.planned_cycles, 2);
    assert_eq!(p.delivered, Share::new(1, 2));
    assert!((p.hours - 2.5).abs() < 1e-12);
    assert_eq!(
        p.incomplete,
        vec![IncompleteCycle {
            cycle: "cycle-2".parse().unwrap(),
            missing: vec![
                CycleStep::Feedback,
                CycleStep::ActionSteps,
                CycleStep::FollowUp
            ],
        }]
    );
    assert!(p.overdue.is_empty()); // step on the 18th, 10 days before as_of
    let c = &report.coaches[0];
    assert_eq!((c.cycles, c.practitioners.len()), (2, 1));
    assert!((c.hours - 2.5).abs() < 1e-12);
}

#[test]
fn cycle_straddling_window_start_is_complete() {
    let mut events = full_cycle("a", "2024-08-30", "plan-1", "cycle-1", "p-1");
    // Move the follow-up into the window.
    if let Event::CoachingStep(s) = &mut events[4] {
        s.date = d("2024-09-02");
    }
    let report = coaching_report(&events, window("2024-09-01", "2024-09-28"), d("2024-09-28"));
    let p = &report.practitioners[0];
    assert_eq!((p.cycles, p.cycles_complete), (1, 1));
    assert_eq!(p.delivered.value(), None); // no plan in the log: not computable
    assert_eq!(report.steps_without_plan, 1);
    assert!(report.coaches.is_empty());
}

#[test]
fn overdue_after_a_full_period_without_a_step() {
    let events = vec![
        Event::CoachingPlan(plan("plan-1", "c-1", &["p-1"], 14, "2024-09-01")),
        Event::CoachingStep(step(
            "s-1",
            "2024-09-10",
            "plan-1",
            "cycle-1",
            "p-1",
            CycleStep::Plan,
        )),
    ];
    let w = window("2024-09-01", "2024-09-30");
    // Last 14 days up to the 23rd are the 10th..23rd: the step is in them.
    assert!(
        coaching_report(&events, w, d("2024-09-23")).practitioners[0]
            .overdue
            .is_empty()
    );
    // Up to the 24th: the 11th..24th, no step.
    let overdue = &coaching_report(&events, w, d("2024-09-24")).practitioners[0].overdue;
    assert_eq!(
        overdue,
        &vec![OverduePlan {
            plan: "plan-1".parse().unwrap(),
            every_days: 14,
            last_step: Some(d("2024-09-10")),
        }]
    );
    // As of the 9th the step (10th) is not yet seen, but 9 days active is within grace.
    let early = coaching_report(&events, w, d("2024-09-09"));
    assert!(early.practitioners[0].overdue.is_empty());
}

#[test]
fn new_plan_gets_one_period_and_ended_plan_is_never_overdue() {
    let mut p = plan("plan-1", "c-1", &["p-1"], 14, "2024-09-01");
    let events = vec![Event::CoachingPlan(p.clone())];
    let w = window("2024-09-01", "2024-09-30");
    // 13 days active on the 13th: not yet; 14 days on the 14th: overdue.
    assert!(
        coaching_report(&events, w, d("2024-09-13")).practitioners[0]
            .overdue
            .is_empty()
    );
    assert_eq!(
        coaching_report(&events, w, d("2024-09-14")).practitioners[0]
            .overdue
            .len(),
        1
    );
    p.end = Some(d("2024-09-20"));
    let ended = vec![Event::CoachingPlan(p)];
    assert!(
        coaching_report(&ended, w, d("2024-09-21")).practitioners[0]
            .overdue
            .is_empty()
    );
}

#[test]
fn coaches_are_attributed_through_plans() {
    let mut events = vec![
        Event::CoachingPlan(plan("plan-a", "c-a", &["p-1", "p-2"], 7, "2024-09-01")),
        Event::CoachingPlan(plan("plan-b", "c-b", &["p-3"], 7, "2024-09-01")),
    ];
    for (i, (p, who, hours)) in [
        ("plan-a", "p-1", Some(1.0)),
        ("plan-a", "p-2", None),
        ("plan-a", "p-2", Some(0.25)),
        ("plan-b", "p-3", Some(2.0)),
    ]
    .into_iter()
    .enumerate()
    {
        let mut s = step(
            &format!("s-{i}"),
            "2024-09-05",
            p,
            &format!("cyc-{who}"),
            who,
            CycleStep::Plan,
        );
        s.hours = hours;
        events.push(Event::CoachingStep(s));
    }
    let report = coaching_report(&events, window("2024-09-01", "2024-09-14"), d("2024-09-06"));
    assert_eq!(report.coaches.len(), 2);
    let a = &report.coaches[0];
    assert_eq!(a.coach.as_str(), "c-a");
    assert_eq!(a.cycles, 2);
    assert!((a.hours - 1.25).abs() < 1e-12);
    assert_eq!(
        a.practitioners
            .iter()
            .map(PractitionerId::as_str)
            .collect::<Vec<_>>(),
        ["p-1", "p-2"]
    );
    let b = &report.coaches[1];
    assert_eq!((b.cycles, b.practitioners.len()), (1, 1));
    // 14 days, every 7: 2 planned each.
    assert!(report.practitioners.iter().all(|p| p.planned_cycles == 2));
}

#[test]
fn report_serializes_without_nan() {
    let events = vec![Event::CoachingStep(step(
        "s-1",
        "2024-09-05",
        "nowhere",
        "cycle-1",
        "p-1",
        CycleStep::Plan,
    ))];
    let report = coaching_report(&events, window("2024-09-01", "2024-09-14"), d("2024-09-14"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["practitioners"][0]["delivered"]["value"],
        serde_json::Value::Null
    );
    assert_eq!(json["window"]["start"], "2024-09-01");
    let schema = schemars::schema_for!(CoachingReport);
    assert!(
        serde_json::to_string(&schema)
            .unwrap()
            .contains("delivered")
    );
    let _ = schemars::schema_for!(TimeToFidelity);
}

#[test]
fn first_training_is_the_earliest() {
    let events = vec![
        training("t-2", "2024-10-01", &["p-1", "p-2"], None),
        training("t-1", "2024-08-20", &["p-1"], None),
    ];
    let report = coaching_report(&events, window("2024-09-01", "2024-09-14"), d("2024-09-14"));
    let got: Vec<(&str, String, &str)> = report
        .training
        .iter()
        .map(|t| {
            (
                t.practitioner.as_str(),
                t.date.to_string(),
                t.training.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("p-1", "2024-08-20".to_string(), "t-1"),
            ("p-2", "2024-10-01".to_string(), "t-2")
        ]
    );
}

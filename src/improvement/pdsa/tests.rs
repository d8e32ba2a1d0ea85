//! Tests of `pdsa`.

use super::*;
use crate::event::Event;
use crate::event::measure::measure_log_bytes;
use crate::event::{example_log, xorshift};
use crate::share::Share;

fn step(id: &str, date: &str, cycle: &str, phase: PdsaPhase) -> PdsaStep {
    PdsaStep::new(
        id.parse().unwrap(),
        date.parse().unwrap(),
        cycle.parse().unwrap(),
        "wake".parse().unwrap(),
        phase,
    )
}

fn id(s: &str) -> EventId {
    s.parse().unwrap()
}

fn ids(chain: &PdsaChain) -> Vec<&str> {
    chain.cycles.iter().map(EventId::as_str).collect()
}

fn link(event_id: &str, cycle: &str, next: Option<&str>) -> Event {
    let mut s = step(event_id, "2025-01-06", cycle, PdsaPhase::Act);
    s.next = next.map(id);
    Event::PdsaStep(s)
}

/// All four phases with every component: complete.
fn complete_cycle() -> Vec<Event> {
    let mut plan = step("e-1", "2025-01-06", "pdsa-1", PdsaPhase::Plan);
    plan.question = Some("Does a check-in script raise check-ins?".into());
    plan.prediction = Some("From 70% to 85% of days".into());
    let mut do_ = step("e-2", "2025-01-08", "pdsa-1", PdsaPhase::Do);
    do_.data = vec!["check-ins, 2 weeks".into()];
    let mut study = step("e-3", "2025-01-17", "pdsa-1", PdsaPhase::Study);
    study.result = Some("82%: close to the prediction".into());
    let mut act = step("e-4", "2025-01-20", "pdsa-1", PdsaPhase::Act);
    act.decision = Some(PdsaDecision::Adapt);
    act.next = Some(id("pdsa-2"));
    [plan, do_, study, act]
        .into_iter()
        .map(Event::PdsaStep)
        .collect()
}

#[test]
fn a_cycle_with_every_component_is_complete() {
    let cycles = pdsa_cycles(&complete_cycle());
    assert_eq!(cycles.len(), 1);
    let c = &cycles[0];
    assert_eq!(c.cycle.as_str(), "pdsa-1");
    assert_eq!(c.unit.as_str(), "wake");
    assert_eq!(
        (c.first.to_string(), c.last.to_string()),
        ("2025-01-06".into(), "2025-01-20".into())
    );
    assert_eq!(
        c.phases,
        [
            PdsaPhase::Plan,
            PdsaPhase::Do,
            PdsaPhase::Study,
            PdsaPhase::Act
        ]
    );
    assert_eq!(c.decision, Some(PdsaDecision::Adapt));
    assert_eq!(c.completeness.status, CompletenessStatus::Complete);
    assert!(c.completeness.missing.is_empty());
    for k in PdsaComponent::ALL {
        assert_eq!(
            c.completeness.component(k),
            ComponentStatus::Present,
            "{k:?}"
        );
    }
    // `pdsa-2` has no step in the log.
    let next = c.next.as_ref().unwrap();
    assert_eq!(
        (next.cycle.as_str(), next.status),
        ("pdsa-2", NextStatus::Unknown)
    );
}

#[test]
fn a_cycle_without_prediction_or_study_lists_them_missing() {
    let mut events = complete_cycle();
    let mut plan = step("e-5", "2025-02-03", "pdsa-2", PdsaPhase::Plan);
    plan.question = Some("Does a morning slot work better?".into());
    let mut do_ = step("e-6", "2025-02-05", "pdsa-2", PdsaPhase::Do);
    do_.data = vec!["check-ins, 1 week".into()];
    let mut act = step("e-7", "2025-02-12", "pdsa-2", PdsaPhase::Act);
    act.decision = Some(PdsaDecision::Adopt);
    events.extend([plan, do_, act].map(Event::PdsaStep));

    let cycles = pdsa_cycles(&events);
    assert_eq!(cycles.len(), 2);
    assert_eq!(cycles[0].next.as_ref().unwrap().status, NextStatus::Known);
    let c = &cycles[1].completeness;
    assert_eq!(c.status, CompletenessStatus::Incomplete);
    assert_eq!(c.plan_prediction, ComponentStatus::Missing);
    assert_eq!(c.study_result, ComponentStatus::Missing);
    assert_eq!(c.plan_question, ComponentStatus::Present);
    assert_eq!(
        c.missing,
        [PdsaComponent::PlanPrediction, PdsaComponent::StudyResult]
    );
    assert_eq!(
        cycles[1].phases,
        [PdsaPhase::Plan, PdsaPhase::Do, PdsaPhase::Act]
    );

    let s = pdsa_summary(&cycles);
    assert_eq!(s.cycles, 2);
    assert_eq!(s.complete, Share::new(1, 2));
    assert_eq!(s.by_component.plan_question, Share::new(2, 2));
    assert_eq!(s.by_component.plan_prediction, Share::new(1, 2));
    assert_eq!(s.by_component.study_result, Share::new(1, 2));
    assert_eq!(s.unknown_next, 0);

    let json = serde_json::to_value(&cycles[1]).unwrap();
    assert_eq!(json["completeness"]["status"], "incomplete");
    assert_eq!(
        json["completeness"]["missing"],
        serde_json::json!(["plan_prediction", "study_result"])
    );
    assert_eq!(json["first"], "2025-02-03");
}

#[test]
fn steps_are_ordered_by_date_and_blank_text_is_missing() {
    let mut late = step("e-1", "2025-03-10", "c", PdsaPhase::Study);
    late.result = Some("later result".into());
    late.unit = "other".parse().unwrap();
    let mut early = step("e-2", "2025-03-01", "c", PdsaPhase::Plan);
    early.question = Some(" ".into());
    early.data = vec![String::new()];
    let c = &pdsa_cycles(&[Event::PdsaStep(late), Event::PdsaStep(early)])[0];
    assert_eq!(c.unit.as_str(), "wake"); // unit of the earliest step
    assert_eq!(c.other_units.len(), 1);
    assert_eq!(c.other_units[0].as_str(), "other");
    assert_eq!(c.steps, [id("e-2"), id("e-1")]);
    assert_eq!(c.question, None);
    assert_eq!(c.completeness.do_data, ComponentStatus::Missing);
    assert_eq!(c.result.as_deref(), Some("later result"));
}

#[test]
fn chains_follow_next_from_cycles_no_one_names() {
    let events = [
        link("e-1", "a", Some("b")),
        link("e-2", "b", Some("c")),
        link("e-3", "c", None),
        link("e-4", "x", Some("y")),
        link("e-5", "y", None),
        link("e-6", "solo", None),
    ];
    let chains = pdsa_chains(&pdsa_cycles(&events));
    let got: Vec<Vec<&str>> = chains.iter().map(ids).collect();
    assert_eq!(got, [vec!["a", "b", "c"], vec!["x", "y"], vec!["solo"]]);
    assert!(chains.iter().all(|c| c.end == ChainEnd::NoNext));
}

#[test]
fn a_next_to_an_unknown_cycle_ends_the_chain_and_is_counted() {
    let events = [link("e-1", "a", Some("b")), link("e-2", "b", Some("ghost"))];
    let cycles = pdsa_cycles(&events);
    assert_eq!(cycles[0].next.as_ref().unwrap().status, NextStatus::Known);
    assert_eq!(cycles[1].next.as_ref().unwrap().status, NextStatus::Unknown);
    let chains = pdsa_chains(&cycles);
    assert_eq!(chains.len(), 1);
    assert_eq!(ids(&chains[0]), ["a", "b"]);
    assert_eq!(chains[0].end, ChainEnd::UnknownNext { next: id("ghost") });
    assert_eq!(pdsa_summary(&cycles).unknown_next, 1);
    let json = serde_json::to_value(&chains[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"cycles": ["a", "b"], "end": "unknown_next", "next": "ghost"})
    );
}

#[test]
fn loops_end_chains_and_pure_loops_are_still_reported() {
    // a -> b -> c -> b: a loop reached from a root.
    let events = [
        link("e-1", "a", Some("b")),
        link("e-2", "b", Some("c")),
        link("e-3", "c", Some("b")),
        // p <-> q: a loop no cycle leads into.
        link("e-4", "p", Some("q")),
        link("e-5", "q", Some("p")),
    ];
    let chains = pdsa_chains(&pdsa_cycles(&events));
    assert_eq!(chains.len(), 2);
    assert_eq!(ids(&chains[0]), ["a", "b", "c"]);
    assert_eq!(chains[0].end, ChainEnd::Loops { to: id("b") });
    assert_eq!(ids(&chains[1]), ["p", "q"]);
    assert_eq!(chains[1].end, ChainEnd::Loops { to: id("p") });
}

#[test]
fn two_cycles_naming_the_same_next_give_two_chains() {
    let events = [
        link("e-1", "a", Some("c")),
        link("e-2", "b", Some("c")),
        link("e-3", "c", None),
    ];
    let chains = pdsa_chains(&pdsa_cycles(&events));
    let got: Vec<Vec<&str>> = chains.iter().map(ids).collect();
    assert_eq!(got, [vec!["a", "c"], vec!["b", "c"]]);
}

#[test]
fn empty_log() {
    assert!(pdsa_cycles::<Event>(&[]).is_empty());
    assert!(pdsa_chains(&[]).is_empty());
    assert_eq!(pdsa_summary(&[]).complete.value(), None);
}

#[test]
fn output_types_have_schemas() {
    let schema = schemars::schema_for!(PdsaCycle);
    let json = serde_json::to_value(&schema).unwrap();
    assert_eq!(json["properties"]["first"]["format"], "date");
    let _ = schemars::schema_for!(PdsaChain);
    let _ = schemars::schema_for!(PdsaSummary);
}

// The measure fed one event at a time over a log with other events interleaved (the helpers are
// shared with the usability tests).

/// `relevant` in order, with up to 5 of `others` before each and after the last.
pub(crate) fn interleave(relevant: &[Event], others: &[Event], seed: u64) -> Vec<Event> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut log = Vec::new();
    for e in relevant.iter().map(Some).chain([None]) {
        for _ in 0..xorshift(&mut state) % 6 {
            let pick = usize::try_from(xorshift(&mut state)).unwrap() % others.len();
            log.push(others[pick].clone());
        }
        log.extend(e.cloned());
    }
    log
}

/// Feeds `measure` one event at a time.
pub(crate) fn feed<M: Measure<Event>>(events: &[Event], mut measure: M) -> M::Report {
    for e in events {
        measure.add(e);
    }
    measure.finish()
}

#[test]
fn pdsa_measure_over_interleaved_events_equals_pdsa_cycles_of_the_steps() {
    let example = example_log();
    let (mut steps, others): (Vec<Event>, Vec<Event>) = example
        .into_iter()
        .partition(|e| matches!(e, Event::PdsaStep(_)));
    // Out of date order, two results on one date (the later in the log wins), a cycle on
    // two units, and a next the log does not know.
    let mut one = step("x-1", "2025-03-10", "pdsa-3", PdsaPhase::Study);
    one.result = Some("logged first".into());
    let mut two = step("x-2", "2025-03-10", "pdsa-3", PdsaPhase::Study);
    two.result = Some("logged second".into());
    let mut plan = step("x-3", "2025-03-01", "pdsa-3", PdsaPhase::Plan);
    plan.unit = "lincoln-es".parse().unwrap();
    let mut act = step("x-4", "2025-03-20", "pdsa-3", PdsaPhase::Act);
    act.next = Some("pdsa-9".parse().unwrap());
    steps.extend([one, two, plan, act].map(Event::PdsaStep));
    let expected = pdsa_cycles(&steps);
    assert_eq!(expected.len(), 3);
    assert_eq!(expected[2].result.as_deref(), Some("logged second"));
    assert_eq!(expected[2].other_units.len(), 1);
    for seed in 1..=25 {
        let log = interleave(&steps, &others, seed);
        assert_eq!(feed(&log, PdsaMeasure::new()), expected, "seed {seed}");
    }
    let text: String = interleave(&steps, &others, 99)
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect();
    let measured = measure_log_bytes(text.as_bytes(), PdsaMeasure::new());
    assert_eq!(measured.report, expected);
}

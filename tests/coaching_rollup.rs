//! Coaching indicators rolled up the system: a small system computed by hand, and the example
//! state checked against a brute-force recomputation over `System::under_unit`.

mod common;

use common::{close_opt, root};
use implsci::coaching::fidelity::time_to_fidelity;
use implsci::coaching::measures::{Window, coaching_report};
use implsci::coaching::rollup::{
    CoachingIndicator, CoachingRollup, DEFAULT_ROLLUPS, coaching_rollup,
};
use implsci::event::{Event, parse_log};
use implsci::score::rollup::{Aggregate, RollupRow};
use implsci::system::System;
use implsci::{Document, Innovation};

/// A district with two schools: p1, p2 at s1; p3, p4 at s2; p5 on the district's staff.
const SYSTEM: &str = r#"{
  "kind": "implementation_system",
  "schema_version": "1.0.0",
  "id": "small",
  "name": "One district",
  "levels": [{"id": "district", "name": "District"}, {"id": "school", "name": "School"}],
  "units": [
    {"id": "d", "level": "district"},
    {"id": "s1", "level": "school", "parent": "d"},
    {"id": "s2", "level": "school", "parent": "d"}
  ],
  "practitioners": [
    {"id": "p1", "unit": "s1", "role": "teacher"},
    {"id": "p2", "unit": "s1", "role": "teacher"},
    {"id": "p3", "unit": "s2", "role": "teacher"},
    {"id": "p4", "unit": "s2", "role": "teacher"},
    {"id": "p5", "unit": "d", "role": "specialist"}
  ],
  "coaches": [{"id": "c1", "person": {"practitioner": "p5"}, "capacity": 4, "caseload": ["p1", "p2", "p3"]}]
}"#;

/// September 1–28 (28 days). By hand, per practitioner:
///
/// | | cycles | hours | delivered | days to fidelity | latest fidelity |
/// |---|---|---|---|---|---|
/// | p1 | 2 (cy-1 complete, cy-2 begun) | 1.75 | 1 of 2 = 50 | 1 Aug → 5 Sep = 35 | 100, met |
/// | p2 | 0 | 0 | 0 of 2 = 0 | – | – |
/// | p3 | 1 (cy-3 complete; cy-4 after the window) | 2 | 1 of 4 = 25 | – (met 5 Oct, after the window) | 75, not met |
/// | p4, p5 | 0 | 0 | – (no plan) | – | – |
///
/// `ghost` is trained and coached but not in the system.
const LOG: &str = r#"{"kind": "training", "id": "e-1", "date": "2024-08-01", "training": "CICO", "innovation": "check-in-check-out", "attendees": ["p1", "p2", "p3", "ghost"]}
{"kind": "coaching_plan", "id": "e-2", "date": "2024-09-01", "coach": "c1", "practitioners": ["p1", "p2"], "format": "in_person", "every_days": 14, "start": "2024-09-01"}
{"kind": "coaching_plan", "id": "e-3", "date": "2024-09-01", "coach": "c1", "practitioners": ["p3"], "format": "remote", "every_days": 7, "start": "2024-09-01"}
{"kind": "coaching_step", "id": "e-10", "date": "2024-09-03", "plan": "e-2", "cycle": "cy-1", "practitioner": "p1", "step": "plan"}
{"kind": "coaching_step", "id": "e-11", "date": "2024-09-05", "plan": "e-2", "cycle": "cy-1", "practitioner": "p1", "step": "observation", "hours": 1.0, "ratings": [{"function": "ef-checkin", "level": "expected"}, {"function": "ef-feedback", "level": "expected"}, {"function": "ef-checkout", "level": "expected"}, {"function": "ef-data", "level": "expected"}]}
{"kind": "coaching_step", "id": "e-12", "date": "2024-09-05", "plan": "e-2", "cycle": "cy-1", "practitioner": "p1", "step": "feedback", "hours": 0.5}
{"kind": "coaching_step", "id": "e-13", "date": "2024-09-06", "plan": "e-2", "cycle": "cy-1", "practitioner": "p1", "step": "action_steps"}
{"kind": "coaching_step", "id": "e-14", "date": "2024-09-12", "plan": "e-2", "cycle": "cy-1", "practitioner": "p1", "step": "follow_up"}
{"kind": "coaching_step", "id": "e-15", "date": "2024-09-20", "plan": "e-2", "cycle": "cy-2", "practitioner": "p1", "step": "plan", "hours": 0.25}
{"kind": "coaching_step", "id": "e-20", "date": "2024-09-09", "plan": "e-3", "cycle": "cy-3", "practitioner": "p3", "step": "plan"}
{"kind": "coaching_step", "id": "e-21", "date": "2024-09-10", "plan": "e-3", "cycle": "cy-3", "practitioner": "p3", "step": "observation", "hours": 2.0, "ratings": [{"function": "ef-checkin", "level": "expected"}, {"function": "ef-feedback", "level": "expected"}, {"function": "ef-checkout", "level": "developmental"}, {"function": "ef-data", "level": "expected"}]}
{"kind": "coaching_step", "id": "e-22", "date": "2024-09-10", "plan": "e-3", "cycle": "cy-3", "practitioner": "p3", "step": "feedback"}
{"kind": "coaching_step", "id": "e-23", "date": "2024-09-11", "plan": "e-3", "cycle": "cy-3", "practitioner": "p3", "step": "action_steps"}
{"kind": "coaching_step", "id": "e-24", "date": "2024-09-17", "plan": "e-3", "cycle": "cy-3", "practitioner": "p3", "step": "follow_up"}
{"kind": "coaching_step", "id": "e-25", "date": "2024-10-05", "plan": "e-3", "cycle": "cy-4", "practitioner": "p3", "step": "observation", "ratings": [{"function": "ef-checkin", "level": "expected"}, {"function": "ef-feedback", "level": "expected"}, {"function": "ef-checkout", "level": "expected"}, {"function": "ef-data", "level": "expected"}]}
{"kind": "coaching_step", "id": "e-30", "date": "2024-09-04", "plan": "e-2", "cycle": "cy-9", "practitioner": "ghost", "step": "plan", "hours": 1.0}
"#;

fn events(bytes: &[u8]) -> Vec<Event> {
    let log = parse_log(bytes);
    assert!(log.refused.is_empty(), "{:?}", log.refused);
    log.records.into_iter().map(|r| r.value).collect()
}

fn cico() -> Innovation {
    let text = std::fs::read_to_string(root().join("examples/data/innovation.json")).unwrap();
    Innovation::from_json(&text).unwrap()
}

fn small_rollup(requests: &[(CoachingIndicator, Aggregate)]) -> CoachingRollup {
    let system = System::from_json(SYSTEM).unwrap();
    let events = events(LOG.as_bytes());
    let window = Window::new("2024-09-01".parse().unwrap(), "2024-09-28".parse().unwrap()).unwrap();
    let report = coaching_report(&events, window, window.end());
    let fidelity = time_to_fidelity(&events, &cico());
    coaching_rollup(&system, &report, &fidelity, requests)
}

/// `(value, scored, subjects)` of each unit, in the rollup's order (d, s1, s2).
fn cells(
    rollup: &CoachingRollup,
    indicator: CoachingIndicator,
    aggregate: Aggregate,
) -> Vec<(Option<f64>, u64, u64)> {
    let r = rollup
        .get(indicator, aggregate)
        .unwrap_or_else(|| panic!("{indicator:?} {aggregate:?} was requested"));
    r.rows
        .iter()
        .map(|row| (row.value, row.coverage.numerator, row.coverage.denominator))
        .collect()
}

fn assert_cells(
    actual: &[(Option<f64>, u64, u64)],
    expected: &[(Option<f64>, u64, u64)],
    what: &str,
) {
    assert_eq!(actual.len(), expected.len(), "{what}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            close_opt(a.0, e.0) && (a.1, a.2) == (e.1, e.2),
            "{what}: {actual:?} != {expected:?}"
        );
    }
}

#[test]
fn a_small_system_by_hand_at_two_levels() {
    use CoachingIndicator::{Cycles, DaysToFidelity, Delivered, Hours, LatestFidelity};
    let rollup = small_rollup(&DEFAULT_ROLLUPS);
    let units: Vec<(&str, &str)> = rollup.rollups[0]
        .rollup
        .rows
        .iter()
        .map(|r: &RollupRow| (r.unit.as_str(), r.level.as_str()))
        .collect();
    assert_eq!(
        units,
        [("d", "district"), ("s1", "school"), ("s2", "school")]
    );

    // Dose: everyone is scored; no coaching is 0.
    assert_cells(
        &cells(&rollup, Cycles, Aggregate::Mean),
        &[
            (Some(3.0 / 5.0), 5, 5),
            (Some(1.0), 2, 2),
            (Some(0.5), 2, 2),
        ],
        "cycles",
    );
    assert_cells(
        &cells(&rollup, Hours, Aggregate::Mean),
        &[
            (Some(3.75 / 5.0), 5, 5),
            (Some(0.875), 2, 2),
            (Some(1.0), 2, 2),
        ],
        "hours",
    );
    // Delivered, a share: only practitioners with planned cycles (p1 0.5, p2 0, p3 0.25).
    assert_cells(
        &cells(&rollup, Delivered, Aggregate::Mean),
        &[(Some(0.25), 3, 5), (Some(0.25), 2, 2), (Some(0.25), 1, 2)],
        "delivered",
    );
    // Days to fidelity: p1 only (p3 met after the window's end).
    assert_cells(
        &cells(&rollup, DaysToFidelity, Aggregate::Mean),
        &[(Some(35.0), 1, 5), (Some(35.0), 1, 2), (None, 0, 2)],
        "days to fidelity",
    );
    // Latest fidelity by the window's end: p1 100 (met), p3 75 (not met; October unseen).
    assert_cells(
        &cells(&rollup, LatestFidelity, Aggregate::Mean),
        &[(Some(87.5), 2, 5), (Some(100.0), 1, 2), (Some(75.0), 1, 2)],
        "latest fidelity",
    );
    assert_cells(
        &cells(&rollup, LatestFidelity, Aggregate::ShareMeetingCriterion),
        &[(Some(0.5), 2, 5), (Some(1.0), 1, 2), (Some(0.0), 1, 2)],
        "at fidelity",
    );

    assert_eq!(
        rollup
            .outside_system
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["ghost"]
    );
}

#[test]
fn aggregates_an_indicator_cannot_give_are_not_computable() {
    use CoachingIndicator::{Cycles, Hours};
    let rollup = small_rollup(&[
        (Cycles, Aggregate::ShareMeetingCriterion),
        (Hours, Aggregate::Minimum),
        (Cycles, Aggregate::Count),
    ]);
    // No criterion for dose: nothing judged.
    assert_cells(
        &cells(&rollup, Cycles, Aggregate::ShareMeetingCriterion),
        &[(None, 0, 5), (None, 0, 2), (None, 0, 2)],
        "cycles at criterion",
    );
    assert_cells(
        &cells(&rollup, Hours, Aggregate::Minimum),
        &[(Some(0.0), 5, 5), (Some(0.0), 2, 2), (Some(0.0), 2, 2)],
        "minimum hours",
    );
    assert_cells(
        &cells(&rollup, Cycles, Aggregate::Count),
        &[(Some(5.0), 5, 5), (Some(2.0), 2, 2), (Some(2.0), 2, 2)],
        "count",
    );
    // In the order requested.
    let order: Vec<_> = rollup
        .rollups
        .iter()
        .map(|r| (r.indicator, r.rollup.aggregate))
        .collect();
    assert_eq!(
        order,
        [
            (Cycles, Aggregate::ShareMeetingCriterion),
            (Hours, Aggregate::Minimum),
            (Cycles, Aggregate::Count),
        ]
    );
}

#[test]
fn tidy_csv_reads_back_one_row_per_unit_and_measure() {
    let rollup = small_rollup(&DEFAULT_ROLLUPS);
    let mut out = Vec::new();
    rollup.write_csv(&mut out).unwrap();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    assert_eq!(
        reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        "unit,name,level,parent,district,measure,period,period_start,period_end,as_of,date,aggregate,value,status,scored,stale,subjects"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3 * DEFAULT_ROLLUPS.len());
    let row = |unit: &str, measure: &str, aggregate: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r[0] == *unit && r[5] == *measure && r[11] == *aggregate)
            .unwrap_or_else(|| panic!("a row for {unit} {measure} {aggregate}"))
            .iter()
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        row("s1", "coaching_hours", "mean").join(","),
        "s1,,school,d,d,coaching_hours,,,,2024-09-28,2024-09-28,mean,0.875,computed,2,0,2"
    );
    // Not computable: an empty cell, which R and pandas read as NA / NaN, and its status.
    assert_eq!(
        row("s2", "days_to_fidelity", "mean").join(","),
        "s2,,school,d,d,days_to_fidelity,,,,2024-09-28,,mean,,no_scores,0,0,2"
    );
    assert_eq!(
        row("d", "latest_fidelity_percent", "share_meeting_criterion").join(","),
        "d,,district,,,latest_fidelity_percent,,,,2024-09-28,2024-09-28,share_meeting_criterion,0.5,computed,2,0,5"
    );
    // Every (unit, measure, aggregate) once.
    let mut keys: Vec<_> = rows
        .iter()
        .map(|r| (r[0].to_owned(), r[5].to_owned(), r[11].to_owned()))
        .collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), rows.len());
}

/// The example state and log, September–October 2024.
struct Example {
    system: System,
    window: Window,
    report: implsci::coaching::measures::CoachingReport,
    fidelity: Vec<implsci::coaching::fidelity::TimeToFidelity>,
    rollup: CoachingRollup,
}

fn example() -> Example {
    let text = std::fs::read_to_string(root().join("examples/data/state_system.json")).unwrap();
    let system = System::from_json(&text).unwrap();
    let events = events(&std::fs::read(root().join("examples/data/state_events.jsonl")).unwrap());
    let window = Window::new("2024-09-01".parse().unwrap(), "2024-10-31".parse().unwrap()).unwrap();
    let report = coaching_report(&events, window, window.end());
    let fidelity = time_to_fidelity(&events, &cico());
    let rollup = coaching_rollup(&system, &report, &fidelity, &DEFAULT_ROLLUPS);
    Example {
        system,
        window,
        report,
        fidelity,
        rollup,
    }
}

/// `(value, scored, subjects)` of one unit.
fn cell(
    rollup: &CoachingRollup,
    indicator: CoachingIndicator,
    aggregate: Aggregate,
    unit: &str,
) -> (Option<f64>, u64, u64) {
    let row = rollup
        .get(indicator, aggregate)
        .unwrap()
        .rows
        .iter()
        .find(|r| r.unit.as_str() == unit)
        .unwrap();
    (row.value, row.coverage.numerator, row.coverage.denominator)
}

fn mean(values: &[f64]) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)] // small counts
    let n = values.len() as f64;
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / n)
}

/// The example state, every unit: the rollup agrees with a recomputation from the report's
/// rows over `System::under_unit`, an independent route to the practitioners at or below.
#[test]
#[allow(clippy::cast_precision_loss)] // small counts
fn the_example_state_agrees_with_a_brute_force_recomputation() {
    let Example {
        system,
        window,
        report,
        fidelity,
        rollup,
    } = example();
    assert!(rollup.outside_system.is_empty());
    let coached = |id: &str| {
        report
            .practitioners
            .iter()
            .find(|p| p.practitioner.as_str() == id)
    };
    let latest = |id: &str| {
        fidelity
            .iter()
            .find(|p| p.practitioner.as_str() == id)?
            .trajectory
            .iter()
            .rev()
            .find(|p| p.date <= window.end())
    };
    for unit in &system.document().units {
        let under = system.under_unit(&unit.id).unwrap();
        // The subjects: the practitioners active on the window's last day.
        let end = window.end();
        let ids: Vec<&str> = under
            .practitioners
            .iter()
            .filter(|p| p.start.is_none_or(|s| s <= end) && p.end.is_none_or(|e| end < e))
            .map(|p| p.id.as_str())
            .collect();
        let n = u64::try_from(ids.len()).unwrap();
        let cycles: Vec<f64> = ids
            .iter()
            .map(|id| coached(id).map_or(0.0, |p| p.cycles as f64))
            .collect();
        let delivered: Vec<f64> = ids
            .iter()
            .filter_map(|id| coached(id).and_then(|p| p.delivered.value()))
            .collect();
        let points: Vec<_> = ids.iter().filter_map(|id| latest(id)).collect();
        let values: Vec<f64> = points
            .iter()
            .map(|p| p.expected.percent().unwrap())
            .collect();
        let met = points
            .iter()
            .filter(|p| p.criterion_met == Some(true))
            .count() as f64;

        let u = unit.id.as_str();
        let k = u64::try_from(delivered.len()).unwrap();
        let j = u64::try_from(points.len()).unwrap();
        let share = (j > 0).then(|| met / j as f64);
        assert_cells(
            &[
                cell(&rollup, CoachingIndicator::Cycles, Aggregate::Mean, u),
                cell(&rollup, CoachingIndicator::Delivered, Aggregate::Mean, u),
                cell(
                    &rollup,
                    CoachingIndicator::LatestFidelity,
                    Aggregate::Mean,
                    u,
                ),
                cell(
                    &rollup,
                    CoachingIndicator::LatestFidelity,
                    Aggregate::ShareMeetingCriterion,
                    u,
                ),
            ],
            &[
                (mean(&cycles), n, n),
                (mean(&delivered), k, n),
                (mean(&values), j, n),
                (share, j, n),
            ],
            u,
        );
    }
    assert_eq!(system.document().units.len(), 17);
}

/// Wake county by hand: 19 practitioners; lincoln-t1 2 cycles (2 of 4 planned, 3 hours),
/// roosevelt-t1 1 (0 of 4, 1 hour); lincoln-t1 at fidelity on 14 October, 55 days after
/// training on 20 August; roosevelt-t1 not (0% at expected).
#[test]
fn wake_county_by_hand() {
    let Example { rollup, .. } = example();
    let wake = |indicator, aggregate| cell(&rollup, indicator, aggregate, "wake");
    assert_cells(
        &[
            wake(CoachingIndicator::Cycles, Aggregate::Mean),
            wake(CoachingIndicator::Hours, Aggregate::Mean),
            wake(CoachingIndicator::Delivered, Aggregate::Mean),
            wake(CoachingIndicator::DaysToFidelity, Aggregate::Mean),
            wake(CoachingIndicator::LatestFidelity, Aggregate::Mean),
            wake(
                CoachingIndicator::LatestFidelity,
                Aggregate::ShareMeetingCriterion,
            ),
        ],
        // Wake lists 19 practitioners; 18 are active on 31 October 2024 (one has left).
        &[
            (Some(3.0 / 18.0), 18, 18),
            (Some(4.0 / 18.0), 18, 18),
            (Some(0.25), 2, 18),
            (Some(55.0), 1, 18),
            (Some(50.0), 2, 18),
            (Some(0.5), 2, 18),
        ],
        "wake",
    );
}

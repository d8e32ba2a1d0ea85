//! Reading an event log and deriving every measure, against plain typed deserialization of the
//! same lines, in the same run.
//!
//! The log is generated for the synthetic state (seed 42): per practitioner a coaching plan and
//! two coaching cycles (nine steps, with practice-profile ratings on the observations); per
//! school a training, a stage change and a practice–policy loop item, resolved where the school
//! has a team. Ten events per practitioner: 1,007,404 events for the 100,000-practitioner
//! state, 10,073,916 for the 1,000,000-practitioner state.
//!
//! Measured: the log read and every measure derived in one pass (`measure_log_bytes`, which
//! parses on a second thread), and the same pass on one thread (`Measuring`). Criterion reports
//! the rate in bytes of the log per second.
//!
//! ```text
//! cargo bench --bench events                          # 1M and 10M events
//! IMPLSCI_BENCH_QUICK=1 cargo bench --bench events    # 1M only
//! ```

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use implsci::Document;
use implsci::coaching::fidelity::{FidelityMeasure, TimeToFidelity};
use implsci::coaching::measures::{CoachingMeasure, CoachingReport, Window};
use implsci::error::Problem;
use implsci::event::measure::{Measure, Measuring, measure_log_bytes};
use implsci::event::references::ReferenceCheck;
use implsci::event::{Event, parse_log};
use implsci::improvement::loops::{LoopMeasure, LoopReport};
use implsci::improvement::pdsa::{PdsaCycle, PdsaMeasure, pdsa_summary};
use implsci::improvement::usability::{UsabilityMeasure, UsabilityTest};
use implsci::stage::{SiteStage, StagesMeasure};
use implsci::system::System;
use implsci::system::generate::{Shape, generate};
use serde::Deserialize;

/// The same lines as plain structs: what a program without implsci would read.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[allow(dead_code)]
enum Plain {
    CoachingPlan {
        id: String,
        date: String,
        coach: String,
        practitioners: Vec<String>,
        innovation: Option<String>,
        format: String,
        every_days: u32,
        start: String,
        end: Option<String>,
    },
    CoachingStep {
        id: String,
        date: String,
        plan: String,
        cycle: String,
        practitioner: String,
        step: String,
        #[serde(default)]
        functions: Vec<String>,
        #[serde(default)]
        ratings: Vec<PlainRating>,
        hours: Option<f64>,
    },
    Training {
        id: String,
        date: String,
        training: String,
        innovation: Option<String>,
        attendees: Vec<String>,
        hours: Option<f64>,
    },
    PdsaStep {
        id: String,
        date: String,
        cycle: String,
        unit: String,
        phase: String,
        question: Option<String>,
        prediction: Option<String>,
        decision: Option<String>,
    },
    LoopRaised {
        id: String,
        date: String,
        unit: String,
        item: String,
        description: String,
    },
    LoopHop {
        id: String,
        date: String,
        item: String,
        from: String,
        to: String,
        direction: String,
    },
    LoopResolved {
        id: String,
        date: String,
        item: String,
        team: String,
        authority: String,
        policy: String,
    },
    StageChange {
        id: String,
        date: String,
        site: String,
        innovation: String,
        stage: String,
    },
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainRating {
    function: String,
    level: String,
}

/// The log's lines for a generated system.
fn log(system: &System) -> String {
    let doc = system.document();
    let mut out = String::new();
    let mut n = 0u64;
    let mut id = || {
        n += 1;
        format!("e{n}")
    };
    let ratings = r#"[{"function":"ef-checkin","level":"expected"},{"function":"ef-feedback","level":"expected"},{"function":"ef-checkout","level":"developmental"},{"function":"ef-data","level":"expected"}]"#;
    let mut by_unit: std::collections::BTreeMap<&str, Vec<&str>> =
        std::collections::BTreeMap::new();
    for p in &doc.practitioners {
        by_unit
            .entry(p.unit.as_str())
            .or_default()
            .push(p.id.as_str());
    }
    for (unit, practitioners) in &by_unit {
        let attendees = practitioners
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(",");
        let _ = writeln!(
            out,
            r#"{{"kind":"training","id":"{}","date":"2024-08-20","training":"Coordinator training","innovation":"check-in-check-out","attendees":[{attendees}],"hours":6.0}}"#,
            id()
        );
        let _ = writeln!(
            out,
            r#"{{"kind":"stage_change","id":"{}","date":"2024-04-01","site":"{unit}","innovation":"check-in-check-out","stage":"initial_implementation"}}"#,
            id()
        );
        let item = id();
        let _ = writeln!(
            out,
            r#"{{"kind":"loop_raised","id":"{item}","date":"2024-10-01","unit":"{unit}","item":"barrier","description":"Schedule conflict"}}"#
        );
        let team = system
            .teams_of(&unit.parse().unwrap())
            .next()
            .map(|t| t.id.to_string());
        if let Some(team) = team {
            let _ = writeln!(
                out,
                r#"{{"kind":"loop_resolved","id":"{}","date":"2024-10-20","item":"{item}","team":"{team}","authority":"facilitative_administration","policy":"unchanged"}}"#,
                id()
            );
        }
        for (k, p) in practitioners.iter().enumerate() {
            let plan = id();
            let coach = format!("c-{unit}-{}", k % 7);
            let _ = writeln!(
                out,
                r#"{{"kind":"coaching_plan","id":"{plan}","date":"2024-09-02","coach":"{coach}","practitioners":["{p}"],"innovation":"check-in-check-out","format":"in_person","every_days":14,"start":"2024-09-02"}}"#
            );
            for (c, days) in [
                (1, ["09", "16", "16", "17", "30"].as_slice()),
                (2, ["07", "14", "14", "15"].as_slice()),
            ] {
                let month = if c == 1 { "09" } else { "10" };
                for (step, day) in [
                    "plan",
                    "observation",
                    "feedback",
                    "action_steps",
                    "follow_up",
                ]
                .iter()
                .zip(days)
                {
                    let extra = if *step == "observation" {
                        format!(r#","ratings":{ratings},"hours":1.0"#)
                    } else {
                        String::new()
                    };
                    let _ = writeln!(
                        out,
                        r#"{{"kind":"coaching_step","id":"{}","date":"2024-{month}-{day}","plan":"{plan}","cycle":"{plan}-{c}","practitioner":"{p}","step":"{step}"{extra}}}"#,
                        id()
                    );
                }
            }
        }
    }
    out
}

fn plain(bytes: &[u8]) -> usize {
    let mut n = 0;
    for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        if serde_json::from_slice::<Plain>(line).is_ok() {
            n += 1;
        }
    }
    n
}

/// The reports of every measure of the crate.
type Reports = (
    CoachingReport,
    Vec<TimeToFidelity>,
    LoopReport,
    Vec<PdsaCycle>,
    Vec<UsabilityTest>,
    Vec<SiteStage>,
    Vec<Problem>,
);

/// Every measure of the crate, as one tuple.
fn all_measures<'a>(
    system: &'a System,
    innovation: &'a implsci::Innovation,
) -> impl Measure<Event, Report = Reports> + 'a {
    let as_of: jiff::civil::Date = "2024-11-30".parse().unwrap();
    let window = Window::new("2024-08-01".parse().unwrap(), as_of).unwrap();
    (
        CoachingMeasure::new(window, as_of),
        FidelityMeasure::new(innovation),
        LoopMeasure::new(system, as_of),
        PdsaMeasure::new(),
        UsabilityMeasure::new(),
        StagesMeasure::new(as_of),
        ReferenceCheck::new(system),
    )
}

/// Reads the log and derives every measure in one pass (parsing on a second thread): no event
/// is kept once measured.
fn measures(system: &System, innovation: &implsci::Innovation, bytes: &[u8]) -> u64 {
    let measured = measure_log_bytes(bytes, all_measures(system, innovation));
    let (_, _, _, pdsa, ..) = &measured.report;
    black_box((&measured.report, pdsa_summary(pdsa)));
    measured.events
}

/// The same pass on one thread.
fn measures_one_thread(system: &System, innovation: &implsci::Innovation, bytes: &[u8]) -> u64 {
    let mut measuring = Measuring::new(all_measures(system, innovation));
    for chunk in bytes.chunks(64 * 1024) {
        measuring.feed(chunk);
    }
    let measured = measuring.finish();
    let (_, _, _, pdsa, ..) = &measured.report;
    black_box((&measured.report, pdsa_summary(pdsa)));
    measured.events
}

fn events(c: &mut Criterion) {
    let smoke = !std::env::args().any(|a| a == "--bench");
    let shapes: Vec<Shape> = if smoke {
        vec![Shape::new(1, 1, 2, 10)]
    } else if std::env::var_os("IMPLSCI_BENCH_QUICK").is_some() {
        vec![Shape::new(10, 2, 100, 50)]
    } else {
        vec![Shape::new(10, 2, 100, 50), Shape::new(10, 20, 100, 50)]
    };
    let innovation = implsci::Innovation::from_json(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/innovation.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut group = c.benchmark_group("events");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for shape in shapes {
        let system = System::build(generate(&shape, 42).unwrap()).unwrap();
        let text = log(&system);
        let bytes = text.as_bytes();
        let n = text.lines().count();
        assert_eq!(plain(bytes), n, "every generated line is a plain event");
        assert_eq!(
            parse_log(bytes).refused.len(),
            0,
            "every generated line is an event"
        );
        // Bytes per second, the unit the readers are compared in (`load/*` in the system bench).
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("baseline_plain_serde", n),
            &bytes,
            |b, bytes| {
                b.iter(|| plain(black_box(bytes)));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("read_and_all_measures", n),
            &bytes,
            |b, bytes| {
                b.iter(|| measures(&system, &innovation, black_box(bytes)));
            },
        );
        group.bench_with_input(
            BenchmarkId::new("read_and_all_measures_one_thread", n),
            &bytes,
            |b, bytes| {
                b.iter(|| measures_one_thread(&system, &innovation, black_box(bytes)));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, events);
criterion_main!(benches);

//! Hostile shapes of a system: a chain of links or of levels as long as the input, and a unit
//! with as many children. Every report must run on a small stack (no recursion over the input)
//! and cost time, memory and output linear in its input.
//!
//! Peak memory is measured in a process of its own (this test binary run again on one test,
//! which reads its own `VmHWM`), so the other tests' allocations do not count. Linux only:
//! elsewhere the memory tests say so and check only the output.

use std::fmt::Write as _;
use std::io;

use implsci::coaching::measures::{Window, coaching_report};
use implsci::coaching::rollup::{DEFAULT_ROLLUPS, coaching_rollup};
use implsci::event::Event;
use implsci::improvement::loops::loop_report;
use implsci::improvement::{LoopItemKind, LoopRaised};
use implsci::score::rollup::{Aggregate, Scored};
use implsci::system::{AlignmentParams, MAX_ANCESTOR_LEVELS, System, When};

/// A thread stack far smaller than the 2 MiB default of a spawned thread.
const SMALL_STACK: usize = 256 * 1024;

/// Output may be larger than the input by at most this factor.
const MAX_BLOWUP: usize = 200;

/// Runs `f` on a thread with [`SMALL_STACK`], failing the test if it fails or overflows.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .expect("the report runs on a small stack");
}

/// Counts the bytes written to it and keeps none.
#[derive(Default)]
struct Counter(usize);

impl io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A system of `n` levels with one unit on each, a chain; with `teams`, one team per unit and
/// each team supporting the one below it.
fn chain(n: usize, teams: bool) -> String {
    let mut json = String::from(
        r#"{"kind": "implementation_system", "schema_version": "1.0.0", "id": "deep", "name": "Deep", "levels": ["#,
    );
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(json, r#"{sep}{{"id": "l{i}", "name": "L{i}"}}"#);
    }
    json.push_str(r#"], "units": ["#);
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        if i == 0 {
            let _ = write!(json, r#"{{"id": "u0", "level": "l0"}}"#);
        } else {
            let _ = write!(
                json,
                r#"{sep}{{"id": "u{i}", "level": "l{i}", "parent": "u{}"}}"#,
                i - 1
            );
        }
    }
    json.push_str(r#"], "teams": ["#);
    if teams {
        for i in 0..n {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(
                json,
                r#"{sep}{{"id": "t{i}", "unit": "u{i}", "members": []}}"#
            );
        }
    }
    json.push_str(r#"], "links": ["#);
    if teams {
        for i in 1..n {
            let sep = if i == 1 { "" } else { "," };
            let _ = write!(
                json,
                r#"{sep}{{"from": "t{}", "to": "t{i}", "kind": "supports", "start": "2024-08-01"}}"#,
                i - 1
            );
        }
    }
    json.push_str("]}");
    json
}

/// A system of two levels: one root and `n` units under it.
fn wide(n: usize) -> String {
    let mut json = String::from(
        r#"{"kind": "implementation_system", "schema_version": "1.0.0", "id": "wide", "name": "Wide",
            "levels": [{"id": "top", "name": "Top"}, {"id": "site", "name": "Site"}],
            "units": [{"id": "root", "level": "top"}"#,
    );
    for i in 0..n {
        let _ = write!(
            json,
            r#",{{"id": "u{i}", "level": "site", "parent": "root"}}"#
        );
    }
    json.push_str(r#"], "teams": [], "links": []}"#);
    json
}

/// Builds the system and writes every per-unit report, checking each is linear in the input.
fn every_report_is_linear(json: &str) {
    let system = System::from_json(json).expect("a valid system");
    let units = system.document().units.len();
    let bound = MAX_BLOWUP * json.len();

    let rows = system.units(When::Current);
    assert_eq!(rows.len(), units);
    let ancestors: usize = rows.iter().map(|r| r.ancestors.len()).sum();
    assert!(
        ancestors <= MAX_ANCESTOR_LEVELS * units,
        "{ancestors} ancestors"
    );
    let mut csv = Counter::default();
    system.write_units_csv(&rows, &mut csv).expect("units CSV");
    assert!(csv.0 <= bound, "units CSV of {} bytes", csv.0);
    drop(rows);

    let report = system.alignment(&AlignmentParams::default());
    let kept: usize = report
        .units
        .iter()
        .map(|u| u.ancestors.len() + u.skipped_levels.len())
        .sum();
    assert!(
        kept <= 2 * MAX_ANCESTOR_LEVELS * units,
        "{kept} levels kept"
    );
    let mut csv = Counter::default();
    report
        .write_units_csv(&system, &mut csv)
        .expect("alignment CSV");
    assert!(csv.0 <= bound, "alignment CSV of {} bytes", csv.0);
    let mut json_out = Counter::default();
    serde_json::to_writer(&mut json_out, &report).expect("alignment JSON");
    assert!(
        json_out.0 <= bound,
        "alignment JSON of {} bytes",
        json_out.0
    );
    let text = report.to_string();
    assert!(
        text.len() <= bound,
        "alignment text of {} bytes",
        text.len()
    );
    drop(report);

    let dot = system.to_dot(When::Current);
    assert!(dot.len() <= bound, "DOT of {} bytes", dot.len());

    let scores: Vec<Scored> = (0..units)
        .map(|u| Scored::value(f64::from(u32::try_from(u % 1000).unwrap_or(0))))
        .collect();
    let rollup = system
        .rollup_units(&scores, Aggregate::Mean)
        .expect("one score per unit");
    let kept: usize = rollup.rows.iter().map(|r| r.ancestors.len()).sum();
    assert!(
        kept <= MAX_ANCESTOR_LEVELS * rollup.rows.len(),
        "{kept} ancestors"
    );
    let mut csv = Counter::default();
    rollup.write_csv(&mut csv, "score").expect("rollup CSV");
    assert!(csv.0 <= bound, "rollup CSV of {} bytes", csv.0);
    drop(rollup);

    // `coaching --rollup` wrote 10 GB for a system of 100,000 levels.
    let window = Window::new("2024-09-01".parse().unwrap(), "2024-10-31".parse().unwrap());
    let window = window.expect("a window");
    let report = coaching_report::<Event>(&[], window, window.end());
    let rollup = coaching_rollup(&system, &report, &[], &DEFAULT_ROLLUPS);
    let mut csv = Counter::default();
    rollup.write_csv(&mut csv).expect("coaching rollup CSV");
    assert!(csv.0 <= bound, "coaching rollup CSV of {} bytes", csv.0);
}

/// Peak memory above what the process held before it read the document may be at most this
/// multiple of the document's size. Measured: about 25 for the deep system and 40 for the
/// wide one (which holds every report of 100,000 rows at once); the cost quadratic in the
/// depth this guards against was 2,600 at 20,000 levels, and exhausted the machine at 100,000.
const MAX_MEMORY_MULTIPLE: u64 = 60;

/// This process's peak resident memory in kB, where the system says (Linux).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The variable that makes [`memory_child`] measure a shape, and its output's prefix.
const CHILD: &str = "IMPLSCI_HOSTILE_MEMORY_CHILD";

/// Runs the reports over `shape` in a process of its own and checks its peak memory.
fn peak_is_linear(shape: &str) {
    if peak_kb().is_none() {
        eprintln!("no VmHWM on this system: peak memory is not measured");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args(["memory_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, shape)
        .output()
        .expect("run the measured process");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.find(CHILD).map(|at| &l[at + CHILD.len()..]))
        .unwrap_or_else(|| panic!("no measurement in {stdout}"));
    let numbers: Vec<u64> = line
        .split_whitespace()
        .map(|w| w.parse().unwrap())
        .collect();
    let [input, before, peak] = numbers[..] else {
        panic!("{line}")
    };
    let grown = peak.saturating_sub(before) * 1024;
    assert!(
        grown <= MAX_MEMORY_MULTIPLE * input,
        "{shape}: the reports grew the peak by {grown} bytes for a document of {input} bytes"
    );
}

/// The measured process: does nothing unless [`CHILD`] names a shape.
#[test]
fn memory_child() {
    let Some(shape) = std::env::var_os(CHILD) else {
        return;
    };
    let json = match shape.to_str() {
        Some("deep") => chain(100_000, false),
        Some("wide") => wide(100_000),
        other => panic!("unknown shape {other:?}"),
    };
    let before = peak_kb().expect("VmHWM");
    every_report_is_linear(&json);
    let peak = peak_kb().expect("VmHWM");
    println!("{CHILD} {} {before} {peak}", json.len());
}

#[test]
fn a_system_of_100000_levels_costs_memory_linear_in_its_size() {
    peak_is_linear("deep");
}

#[test]
fn a_unit_with_100000_children_costs_memory_linear_in_its_size() {
    peak_is_linear("wide");
}

#[test]
fn a_chain_of_90000_supports_links_builds_on_a_small_stack() {
    // Used to abort in the recursive cycle check; the chain of units is as deep. The reports
    // are checked for their size on the chain of levels below; here, that they run.
    on_small_stack(|| {
        let json = chain(90_000, true);
        let system = System::from_json(&json).expect("a valid system");
        let last = "u89999".parse().unwrap();
        let place = system.place(&last).expect("the last unit");
        assert_eq!(place.ancestors.len(), MAX_ANCESTOR_LEVELS);
        assert_eq!(
            place.parent.as_ref().map(implsci::id::UnitId::as_str),
            Some("u89998")
        );
        assert_eq!(system.ancestors(&last).unwrap().count(), 90_000);
        let rows = system.units(When::Current);
        assert_eq!(rows[89_999].ancestors.len(), MAX_ANCESTOR_LEVELS);
        let report = system.alignment(&AlignmentParams::default());
        // One team at the top reaches every unit down the chain of supports links.
        assert_eq!(report.teams[0].units_reached, 90_000);
        assert_eq!(report.teams[89_999].units_reached, 1);
        assert!(report.to_string().len() <= MAX_BLOWUP * json.len());
        assert!(system.to_dot(When::Current).len() <= MAX_BLOWUP * json.len());
    });
}

#[test]
fn a_cycle_of_90000_teams_is_reported_once() {
    on_small_stack(|| {
        let mut json = chain(90_000, true);
        json.truncate(json.len() - 2);
        json.push_str(
            r#", {"from": "t89999", "to": "t0", "kind": "supports", "start": "2024-08-01"}]}"#,
        );
        let err = System::from_json(&json).expect_err("a cycle");
        let text = err.to_string();
        assert_eq!(
            text.matches("form a cycle among teams t0, t1, ").count(),
            1,
            "{}",
            &text[..text.len().min(500)]
        );
    });
}

#[test]
fn a_system_of_100000_levels_costs_linear_output() {
    on_small_stack(|| every_report_is_linear(&chain(100_000, false)));
}

#[test]
fn a_unit_with_100000_children_costs_linear_output() {
    on_small_stack(|| every_report_is_linear(&wide(100_000)));
}

/// Loop items raised at the bottom of a chain of 100,000 levels.
const ITEMS: usize = 20_000;

#[test]
fn loop_items_raised_deep_below_the_only_team_cost_no_walk_each() {
    // Each item used to walk up the whole chain to find its governing team, and its level was
    // searched for among all the levels: 20,000 items 100,000 levels down were billions of
    // steps (two minutes); now each costs a lookup.
    on_small_stack(|| {
        let json = chain(100_000, false).replace(
            r#""teams": []"#,
            r#""teams": [{"id": "t0", "unit": "u0", "members": []}]"#,
        );
        let system = System::from_json(&json).expect("a valid system");
        let events: Vec<Event> = (0..ITEMS)
            .map(|i| {
                Event::LoopRaised(LoopRaised::new(
                    format!("e-{i}").parse().unwrap(),
                    "2024-10-01".parse().unwrap(),
                    "u99999".parse().unwrap(),
                    LoopItemKind::Barrier,
                    "No time in the schedule",
                ))
            })
            .collect();
        let report = loop_report(&system, &events, "2024-12-01".parse().unwrap());
        assert_eq!(report.items.len(), ITEMS);
        assert!(report.problems.is_empty(), "{:?}", report.problems.first());
        for item in &report.items {
            // Governed by the team at the top, which is where the item waits.
            assert_eq!(
                item.level.as_ref().map(implsci::id::LevelId::as_str),
                Some("l0")
            );
            assert_eq!(item.position, report.items[0].position);
        }
    });
}

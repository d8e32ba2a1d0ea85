//! Hostile shapes of a system: a chain of links or of levels as long as the input, and a unit
//! with as many children. Every report must run on a small stack (no recursion over the input)
//! and cost time, memory and output linear in its input.

use std::fmt::Write as _;
use std::io;

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

//! Bytes read as an event log, every way the crate reads one (in memory, from a reader, fed
//! in chunks, measured in one pass), then every measure over a log against the example state
//! system: coaching, time to fidelity, rollups of both, loops, PDSA cycles, usability tests,
//! stages and the references the log makes.
#![no_main]

use std::io;
use std::sync::LazyLock;

use implsci::coaching::fidelity::FidelityMeasure;
use implsci::coaching::measures::{CoachingMeasure, Window};
use implsci::coaching::rollup::{DEFAULT_ROLLUPS, coaching_rollup, coaching_rollup_by};
use implsci::event::measure::{fold, measure_log_bytes};
use implsci::event::references::ReferenceCheck;
use implsci::event::{Event, parse_log, read_log, reader};
use implsci::improvement::loops::loop_report;
use implsci::improvement::pdsa::pdsa_cycles;
use implsci::improvement::usability::usability_tests;
use implsci::jiff::ToSpan;
use implsci::period::{Calendar, PeriodKind};
use implsci::stage::StagesMeasure;
use implsci::system::System;
use implsci::{AnyDocument, Innovation};
use libfuzzer_sys::fuzz_target;

static SYSTEM: LazyLock<System> = LazyLock::new(|| {
    System::from_json(include_str!("../../examples/data/state_system.json"))
        .expect("the example system builds")
});

static INNOVATION: LazyLock<Innovation> = LazyLock::new(|| {
    match AnyDocument::from_json(include_bytes!("../../examples/data/innovation.json")) {
        Ok(AnyDocument::Innovation(i)) => i,
        other => panic!("the example innovation reads: {other:?}"),
    }
});

fuzz_target!(|data: &[u8]| {
    let log = parse_log(data);

    // The same log whichever way it is read.
    let from_reader = read_log(data).expect("reading memory does not fail");
    assert_eq!(log, from_reader, "read_log differs from parse_log");
    let chunk = 1 + usize::from(data.first().copied().unwrap_or(0)) % 97;
    let mut chunked = reader();
    for piece in data.chunks(chunk) {
        chunked.feed(piece);
    }
    assert_eq!(
        log,
        chunked.finish(),
        "fed in chunks of {chunk}, the log differs"
    );

    for refused in &log.refused {
        let _ = refused.problem.to_string();
    }
    let events: Vec<Event> = log.records.iter().map(|r| r.value.clone()).collect();
    let Some(as_of) = events.iter().map(Event::date).max() else {
        return;
    };
    let start = events.iter().map(Event::date).min().unwrap_or(as_of);
    let window = Window::new(start, as_of).expect("the earliest date is not after the latest");

    let (report, fidelity, problems) = fold(
        &events,
        (
            CoachingMeasure::new(window, as_of),
            Some(FidelityMeasure::new(&INNOVATION)),
            ReferenceCheck::new(&SYSTEM),
        ),
    );
    let fidelity = fidelity.unwrap_or_default();
    for p in &problems {
        let _ = p.to_string();
    }
    let _ = serde_json::to_writer(io::sink(), &report);
    let _ = serde_json::to_writer(io::sink(), &fidelity);

    // The one-pass form gives the report the fold gave.
    let measured = measure_log_bytes(data, CoachingMeasure::new(window, as_of));
    assert_eq!(
        measured.report, report,
        "measured in one pass, the coaching report differs"
    );
    assert_eq!(
        measured.refused, log.refused,
        "measured in one pass, the refused lines differ"
    );

    let rollup = coaching_rollup(&SYSTEM, &report, &fidelity, &DEFAULT_ROLLUPS);
    let _ = rollup.write_csv(io::sink());
    let _ = serde_json::to_writer(io::sink(), &rollup);

    // By month over at most the log's last three years: a rollup per period costs the system
    // once per period, and a log may span ten thousand years.
    let recent = as_of.checked_sub(3.years()).map_or(start, |d| d.max(start));
    if let Some(recent) = Window::new(recent, as_of) {
        let by = coaching_rollup_by(
            &SYSTEM,
            &events,
            &fidelity,
            &DEFAULT_ROLLUPS,
            recent,
            Calendar::new(PeriodKind::Month),
        );
        let _ = by.write_csv(io::sink());
    }

    let loops = loop_report(&SYSTEM, &events, as_of);
    let _ = serde_json::to_writer(io::sink(), &loops);
    let _ = serde_json::to_writer(io::sink(), &pdsa_cycles(&events));
    let _ = serde_json::to_writer(io::sink(), &usability_tests(&events));
    let _ = serde_json::to_writer(io::sink(), &fold(&events, StagesMeasure::new(as_of)));
});

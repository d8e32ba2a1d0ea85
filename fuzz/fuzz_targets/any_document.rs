//! Bytes read as `implsci validate` reads a file: as a document of whichever kind it names,
//! then checked against the other documents of the examples as `validate` checks a run's
//! files against each other (a plan also applied to the example system); and as an event log,
//! as `validate` reads a `.jsonl` file.
#![no_main]

use std::sync::LazyLock;

use implsci::event::{parse_log, references::check_references};
use implsci::score::instruments::builtin;
use implsci::score::{ItemSum, check_administrations};
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

static DCA: LazyLock<ItemSum> = LazyLock::new(|| {
    match AnyDocument::from_json(include_bytes!("../../examples/data/dca_instrument.json")) {
        Ok(AnyDocument::InstrumentDocument(i)) => {
            ItemSum::new(i.instrument).expect("the example instrument makes an instrument")
        }
        other => panic!("the example instrument reads: {other:?}"),
    }
});

fuzz_target!(|data: &[u8]| {
    match AnyDocument::from_json(data) {
        Ok(doc) => {
            let _ = doc.document_type().name();
            match doc {
                AnyDocument::SiteRecord(record) => {
                    if let Err(e) = record.validate_against(std::slice::from_ref(&*INNOVATION)) {
                        let _ = e.to_string();
                    }
                }
                AnyDocument::SystemDocument(s) => {
                    if let Ok(system) = System::build(s) {
                        let _ = check_references(&system, &[]);
                    }
                }
                AnyDocument::InstrumentDocument(i) => {
                    let _ = ItemSum::new(i.instrument);
                }
                AnyDocument::AdministrationsDocument(doc) => {
                    let mut builtins = Vec::new();
                    for a in &doc.administrations {
                        if let Some(b) = builtin(a.instrument.as_str()) {
                            builtins.push(b);
                        }
                    }
                    let mut known: Vec<&dyn implsci::score::Instrument> = vec![&*DCA];
                    known.extend(builtins.iter().map(|b| &**b));
                    let _ = check_administrations(&doc, Some(&known), Some(&SYSTEM));
                    let _ = check_administrations(&doc, None, None);
                }
                AnyDocument::Plan(plan) => {
                    let system = SYSTEM.document();
                    let _ = plan.validate_against(system);
                    let dates = plan.actions.iter().map(implsci::plan::Action::date);
                    if let Some(last) = dates.max() {
                        if let Ok(planned) = plan.apply(system, last) {
                            let _ = System::build(planned);
                        }
                    }
                }
                AnyDocument::Innovation(_) => {}
                _ => {}
            }
        }
        Err(e) => {
            let _ = e.to_string();
            for p in e.problems() {
                let _ = p.to_string();
            }
        }
    }
    let log = parse_log(data);
    for refused in &log.refused {
        let _ = refused.problem.to_string();
    }
    let events: Vec<_> = log.records.into_iter().map(|r| r.value).collect();
    for p in check_references(&SYSTEM, &events) {
        let _ = p.to_string();
    }
});

//! Bytes read as a table: each system and event table alone (`Table::read` with its
//! columns), then in place of that table among the example tables, imported as a system
//! (built, when it imports) and as events; and, when they look like a zip or an OLE file, as
//! a workbook, imported both ways.
#![no_main]

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use implsci::event::references::check_references;
use implsci::system::System;
use implsci::tables::{
    ColumnMap, DateFormat, EVENT_TABLES, ReadOptions, SYSTEM_TABLES, Source, SystemOptions, Table,
    Texts, Workbook, import_events, import_system,
};
use libfuzzer_sys::fuzz_target;

/// The example tables, each by its name.
const EXAMPLE: &[(&str, &str)] = &[
    (
        "system",
        include_str!("../../examples/data/tables/system.csv"),
    ),
    (
        "levels",
        include_str!("../../examples/data/tables/levels.csv"),
    ),
    (
        "units",
        include_str!("../../examples/data/tables/units.csv"),
    ),
    (
        "teams",
        include_str!("../../examples/data/tables/teams.csv"),
    ),
    (
        "members",
        include_str!("../../examples/data/tables/members.csv"),
    ),
    (
        "links",
        include_str!("../../examples/data/tables/links.csv"),
    ),
    (
        "practitioners",
        include_str!("../../examples/data/tables/practitioners.csv"),
    ),
    (
        "coaches",
        include_str!("../../examples/data/tables/coaches.csv"),
    ),
    (
        "caseloads",
        include_str!("../../examples/data/tables/caseloads.csv"),
    ),
    (
        "coaching_plans",
        include_str!("../../examples/data/tables/coaching_plans.csv"),
    ),
    (
        "coaching_sessions",
        include_str!("../../examples/data/tables/coaching_sessions.csv"),
    ),
    (
        "trainings",
        include_str!("../../examples/data/tables/trainings.csv"),
    ),
    (
        "pdsa_steps",
        include_str!("../../examples/data/tables/pdsa_steps.csv"),
    ),
    (
        "usability_cycles",
        include_str!("../../examples/data/tables/usability_cycles.csv"),
    ),
    (
        "loop_items",
        include_str!("../../examples/data/tables/loop_items.csv"),
    ),
    (
        "loop_hops",
        include_str!("../../examples/data/tables/loop_hops.csv"),
    ),
    (
        "loop_resolutions",
        include_str!("../../examples/data/tables/loop_resolutions.csv"),
    ),
    (
        "stage_changes",
        include_str!("../../examples/data/tables/stage_changes.csv"),
    ),
];

/// The example tables with `data` as the table `name`.
fn texts_with(name: &str, data: &[u8]) -> Texts {
    let mut texts = Texts::default();
    for (table, csv) in EXAMPLE {
        texts = texts.with(table, *csv);
    }
    texts.with(name, data)
}

/// Imports a system and events from `source`, and builds the system when it imports.
fn import(source: &mut dyn Source, options: &ReadOptions) {
    let system = match import_system(source, options, &SystemOptions::default()) {
        Ok(imported) => System::build(imported.document).ok(),
        Err(e) => {
            let _ = e.to_string();
            None
        }
    };
    match import_events(source, options) {
        Ok(imported) => {
            if let Some(system) = &system {
                let _ = check_references(system, &imported.document);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Strict or not, ISO or US dates: chosen by the input so each input reads one way.
    let options = ReadOptions::default()
        .strict(data.len() % 2 == 1)
        .date_format(if data.len() % 3 == 0 {
            DateFormat::Pattern("%m/%d/%Y".into())
        } else {
            DateFormat::Iso
        });

    if data.starts_with(b"PK") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        workbook(data, &options);
        return;
    }

    for spec in SYSTEM_TABLES {
        if let Err(e) = Table::read(data, "fuzz.csv", spec.columns, &ColumnMap::default()) {
            for p in e.problems() {
                let _ = p.to_string();
            }
        }
    }
    let names = SYSTEM_TABLES
        .iter()
        .map(|spec| spec.name)
        .chain(EVENT_TABLES.iter().copied());
    for name in names {
        import(&mut texts_with(name, data), &options);
    }
});

/// The bytes as a workbook file, with the extension its first bytes suggest.
fn workbook(data: &[u8], options: &ReadOptions) {
    static N: AtomicU64 = AtomicU64::new(0);
    let ext = match (data.starts_with(b"PK"), data.len() % 3) {
        (true, 0) => "ods",
        (true, 1) => "xlsb",
        (true, _) => "xlsx",
        (false, _) => "xls",
    };
    let path = std::env::temp_dir().join(format!(
        "implsci-fuzz-{}-{}.{ext}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed) % 4
    ));
    let written = std::fs::File::create(&path).and_then(|mut f| f.write_all(data));
    if written.is_ok() {
        if let Ok(mut book) = Workbook::open(&path) {
            let _ = book.sheet_names();
            import(&mut book, options);
        }
    }
    let _ = std::fs::remove_file(&path);
}

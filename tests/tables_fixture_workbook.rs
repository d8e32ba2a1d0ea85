//! The fixture state as one workbook, `tests/fixtures/tables/state.xlsx`: the same tables as
//! the fixture folder, as a spreadsheet keeps them (the teams' and the scoring sheet's dates
//! as date cells, the other dates US-style text, numbers as numbers), imports to the same
//! documents as the folder, and they validate.
//!
//! `IMPLSCI_BLESS=1 cargo test --all-features --test tables_fixture_workbook` writes the
//! workbook again from the folder.

use std::fs;
use std::path::Path;

use implsci::Document;
use implsci::score::instruments::builtin;
use implsci::tables::{
    AdministrationsOptions, Cell, ColumnMap, DateFormat, Folder, ReadOptions, Source, SubjectKind,
    SystemOptions, TableOut, Workbook, import_administrations, import_system, write_workbook,
};

const FOLDER: &str = "tests/fixtures/tables/state";
const WORKBOOK: &str = "tests/fixtures/tables/state.xlsx";
const SHEETS: [&str; 10] = [
    "system",
    "levels",
    "units",
    "teams",
    "members",
    "links",
    "practitioners",
    "coaches",
    "caseloads",
    "administrations",
];

fn options() -> ReadOptions {
    ReadOptions::default()
        .map(
            ColumnMap::default()
                .with("Building Code", "id")
                .with("School", "subject"),
        )
        .date_format(DateFormat::Pattern("%m/%d/%Y".into()))
}

/// One CSV of the folder as a sheet: in `teams` and `administrations`, US dates become date
/// cells; whole numbers become numbers; the rest stays text.
fn sheet(name: &str) -> TableOut {
    let mut reader = csv::Reader::from_path(Path::new(FOLDER).join(format!("{name}.csv"))).unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let mut out = TableOut::new(name, headers);
    let us = DateFormat::Pattern("%m/%d/%Y".into());
    for record in reader.records() {
        let record = record.unwrap();
        let cells = record
            .iter()
            .map(|cell| {
                if cell.is_empty() {
                    Cell::Blank
                } else if let (true, Ok(d)) =
                    (name == "teams" || name == "administrations", us.parse(cell))
                {
                    Cell::Date(d)
                } else if let Ok(n) = cell.parse::<u32>() {
                    Cell::Number(f64::from(n))
                } else {
                    Cell::Text(cell.to_string())
                }
            })
            .collect();
        out.push(cells);
    }
    out
}

fn imported(
    source: &mut dyn Source,
) -> (
    implsci::system::SystemDocument,
    implsci::score::AdministrationsDocument,
) {
    let system = import_system(source, &options(), &SystemOptions::default())
        .unwrap()
        .document;
    let tfi = builtin("tfi-2.1-tier-1").unwrap();
    let how = AdministrationsOptions::new(SubjectKind::Unit);
    let scores = import_administrations(source, tfi.definition(), &how, &options())
        .unwrap()
        .document;
    (system, scores)
}

#[test]
fn the_workbook_imports_to_the_folders_documents() {
    if std::env::var_os("IMPLSCI_BLESS").is_some() {
        let sheets: Vec<TableOut> = SHEETS.iter().map(|name| sheet(name)).collect();
        write_workbook(Path::new(WORKBOOK), &sheets).unwrap();
    }
    assert!(fs::metadata(WORKBOOK).is_ok(), "bless to write {WORKBOOK}");
    let from_folder = imported(&mut Folder::new(FOLDER));
    let from_workbook = imported(&mut Workbook::open(WORKBOOK).unwrap());
    assert!(from_workbook.0 == from_folder.0, "the system differs");
    assert!(
        from_workbook.1 == from_folder.1,
        "the administrations differ"
    );
    from_workbook.0.validate().unwrap();
    from_workbook.1.validate().unwrap();
    // The teams' dates are date cells in the workbook, and still read as the folder's text.
    assert_eq!(
        from_workbook.0.teams[1].start,
        Some(jiff::civil::date(2024, 8, 1))
    );
}

#[test]
fn a_problem_in_the_workbook_names_its_sheet_and_cell() {
    // Read without the column map, the units sheet has no `id` column.
    let options = ReadOptions::default().date_format(DateFormat::Pattern("%m/%d/%Y".into()));
    let err = import_system(
        &mut Workbook::open(WORKBOOK).unwrap(),
        &options,
        &SystemOptions::default(),
    )
    .unwrap_err();
    let first = err.problems[0].to_string();
    assert!(
        first.starts_with("tests/fixtures/tables/state.xlsx[units]:1: no column `id`"),
        "{first}"
    );
}

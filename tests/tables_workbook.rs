//! Tables in and out of workbooks: written with `write_workbook`, read back through `Workbook`
//! as a `Source`, cell for cell; date cells, numbers, a used range that starts away from `A1`,
//! error cells, an `.ods` file, and files that are not workbooks at all.
//!
//! `tests/fixtures/tables/converted.ods` was made once with `LibreOffice` 7.4 from an `.xlsx`
//! written with `rust_xlsxwriter` (the cells that `an_ods_workbook_reads_as_libreoffice_wrote_it`
//! expects, from `B2`; `F6` the boolean `true`, which `LibreOffice` keeps as the number 1;
//! `F7` the formula `=1/0` with its cached `#DIV/0!`), converted with
//! `soffice --headless --convert-to ods state.xlsx`.

use std::path::{Path, PathBuf};

use implsci::jiff::civil::date;
use implsci::tables::{
    Cell, Column, ColumnMap, DateFormat, Source, TableOut, TableProblem, TableProblems,
    TableReader, Workbook, WorkbookError, write_workbook,
};
use proptest::prelude::*;
use rust_xlsxwriter::{Formula, Workbook as XlsxBook};

/// A fresh folder for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("implsci-workbook-{}-{test}", std::process::id()));
    // A folder left by an earlier run of the same process id is replaced.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const UNITS: &[Column] = &[
    Column::required("id"),
    Column::optional("level"),
    Column::optional("parent"),
    Column::optional("opened"),
    Column::optional("staff"),
];

/// Every row of a table: its number and its cells' text (blank as ""), or its problem.
fn rows(reader: &mut TableReader<'_>) -> Vec<Result<(u64, Vec<String>), String>> {
    let mut out = Vec::new();
    while let Some(row) = reader.next_row() {
        out.push(match row {
            Ok((table, row)) => {
                let mut cells: Vec<String> = UNITS
                    .iter()
                    .map(|c| table.get(row, c.name()).unwrap_or_default().to_string())
                    .collect();
                cells.extend(
                    table
                        .extra(row)
                        .into_iter()
                        .map(|(h, v)| format!("{h}={v}")),
                );
                Ok((row.number(), cells))
            }
            Err(p) => Err(p.to_string()),
        });
    }
    out
}

/// The problems of a table that could not be opened.
fn refused(opened: Result<Option<TableReader<'_>>, TableProblems>) -> TableProblems {
    match opened {
        Ok(_) => panic!("the table opened"),
        Err(problems) => problems,
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(ToString::to_string).collect()
}

#[test]
fn tables_written_as_a_workbook_read_back_cell_for_cell() {
    let dir = scratch("round-trip");
    let path = dir.join("state.xlsx");
    let mut units = TableOut::new(
        "units",
        ["ID", "Level", "Parent", "Opened", "Staff", "Notes"],
    );
    units.push(vec![
        text("state"),
        text("state"),
        Cell::Blank,
        Cell::Date(date(2024, 8, 1)),
        Cell::Number(3.0),
        text("007"),
    ]);
    units.push(vec![
        text("wake"),
        text("district"),
        text("state"),
        Cell::Date(date(1900, 1, 1)),
        Cell::Number(2.5),
        text("=1+1"),
    ]);
    units.push(vec![
        text("lincoln"),
        text("school"),
        text("wake"),
        Cell::Date(date(1850, 3, 1)),
        Cell::Number(-1200.0),
        text("Ünïcode, \"quoted\"\nline"),
    ]);
    let teams = TableOut::new("teams", ["id"]);
    write_workbook(&path, &[units.clone(), teams]).unwrap();

    let mut book = Workbook::open(&path).unwrap();
    assert_eq!(book.sheet_names(), ["units", "teams"]);
    assert_eq!(book.describe(), path.display().to_string());
    let mut reader = book
        .open("units", UNITS, &ColumnMap::default())
        .unwrap()
        .unwrap();
    assert_eq!(reader.table().headers(), units.headers.as_slice());
    let file = format!("{}[units]", path.display());
    assert_eq!(reader.table().file(), file);
    let read = rows(&mut reader);
    // Each cell reads as the CSV writer would write it: numbers without a fraction, ISO dates
    // (one before 1900 written as text), text as it was, even when it looks like a number or
    // a formula.
    let expected: Vec<Result<(u64, Vec<String>), String>> = units
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut cells: Vec<String> = row[..5].iter().map(ToString::to_string).collect();
            cells.push(format!("Notes={}", row[5]));
            Ok((i as u64 + 2, cells))
        })
        .collect();
    assert_eq!(read, expected);
    assert_eq!((reader.rows_read(), reader.blank_rows()), (3, 0));
    drop(reader);

    // A sheet with a header alone is an empty table.
    let mut teams = book
        .open("teams", &[Column::required("id")], &ColumnMap::default())
        .unwrap()
        .unwrap();
    assert!(teams.next_row().is_none());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_date_cell_is_a_date_whatever_the_format_of_text_dates() {
    let dir = scratch("dates");
    let path = dir.join("dates.xlsx");
    let mut book = XlsxBook::new();
    let sheet = book.add_worksheet().set_name("Units").unwrap();
    let iso = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let us = rust_xlsxwriter::Format::new().set_num_format("m/d/yyyy");
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "opened").unwrap();
    let noon = rust_xlsxwriter::ExcelDateTime::parse_from_str("2024-08-01T12:00:00").unwrap();
    let cells: [(&str, Option<&str>); 4] = [
        ("date-cell", None),
        ("us-shown-date-cell", None),
        ("us-text", Some("8/1/2024")),
        ("iso-text", Some("2024-08-01")),
    ];
    for (r, (id, value)) in (1..).zip(cells) {
        sheet.write_string(r, 0, id).unwrap();
        if let Some(t) = value {
            sheet.write_string(r, 1, t).unwrap();
        } else {
            let format = if r == 1 { &iso } else { &us };
            let day = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 8, 1).unwrap();
            sheet.write_datetime_with_format(r, 1, day, format).unwrap();
        }
    }
    sheet.write_string(5, 0, "noon").unwrap();
    sheet.write_datetime_with_format(5, 1, noon, &iso).unwrap();
    book.save(&path).unwrap();

    let mut book = Workbook::open(&path).unwrap();
    let columns = [Column::required("id"), Column::optional("opened")];
    let mut reader = book
        .open("units", &columns, &ColumnMap::default())
        .unwrap()
        .unwrap();
    let us = DateFormat::Pattern("%m/%d/%Y".into());
    let mut read = Vec::new();
    while let Some(row) = reader.next_row() {
        let (table, row) = row.unwrap();
        let id = table.get(row, "id").unwrap().to_string();
        read.push((
            id,
            table.date(row, "opened", &us).map_err(|p| p.to_string()),
        ));
    }
    let day = Ok(Some(date(2024, 8, 1)));
    let file = format!("{}[Units]", path.display());
    assert_eq!(
        read,
        [
            ("date-cell".to_string(), day.clone()),
            ("us-shown-date-cell".to_string(), day.clone()),
            ("us-text".to_string(), day.clone()),
            ("iso-text".to_string(), day),
            (
                "noon".to_string(),
                Err(format!(
                    "{file}:6:2 (opened): \"2024-08-01T12:00:00\" is a date with a time of day \
                     (12:00:00), not a date: format the cell as a date alone"
                ))
            ),
        ]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_used_range_away_from_a1_reports_the_cells_the_sheet_shows() {
    let dir = scratch("offset");
    let path = dir.join("offset.xlsx");
    let mut book = XlsxBook::new();
    let sheet = book.add_worksheet().set_name("Units ").unwrap();
    // The header is at B3; row 5 is blank; F7 is past the header.
    for (c, h) in (1..).zip(["ID", "Level", "Parent", "Level"]) {
        sheet.write_string(2, c, h).unwrap();
    }
    for (c, v) in (1..).zip(["state", "state"]) {
        sheet.write_string(3, c, v).unwrap();
    }
    for (c, v) in (1..).zip(["wake", "district", "nowhere"]) {
        sheet.write_string(5, c, v).unwrap();
    }
    sheet.write_string(6, 1, "lincoln").unwrap();
    sheet.write_number(6, 5, 1.0).unwrap();
    book.save(&path).unwrap();
    let file = format!("{}[Units ]", path.display());

    let mut book = Workbook::open(&path).unwrap();
    // The header's problems are at its real row and columns.
    let err = refused(book.open("units", UNITS, &ColumnMap::default()));
    let problems: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [format!(
            "{file}:3:5 (Level): the column `level` again (first in column 3)"
        )]
    );

    let columns = [Column::required("id"), Column::optional("parent")];
    let map = ColumnMap::default().with("Level", "rank");
    let mut reader = book.open("units", &columns, &map).unwrap().unwrap();
    let mut seen = Vec::new();
    while let Some(row) = reader.next_row() {
        match row {
            Ok((table, row)) => {
                let p = table.problem(row, "parent", "no unit".into());
                seen.push(format!("{} {:?}", p, table.get(row, "id")));
            }
            Err(p) => seen.push(p.to_string()),
        }
    }
    assert_eq!(
        seen,
        [
            format!("{file}:4:4 (Parent): no unit Some(\"state\")"),
            format!("{file}:6:4 (Parent): no unit Some(\"wake\")"),
            format!("{file}:7: F7 has a value past the header's last column, E: give it a header"),
        ]
    );
    // The blank row is read and passed over: every row under the header is accounted for.
    assert_eq!((reader.rows_read(), reader.blank_rows()), (4, 1));
    // `--strict` names the real column too.
    let refused: Vec<String> = reader
        .table()
        .refuse_unknown()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        refused[0].starts_with(&format!("{file}:3:3 (Level): a column")),
        "{refused:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_error_cell_is_a_problem_of_its_row_and_reading_goes_on() {
    let dir = scratch("errors");
    let path = dir.join("errors.xlsx");
    let mut book = XlsxBook::new();
    let sheet = book.add_worksheet().set_name("units").unwrap();
    for (c, h) in (0..).zip(["id", "parent", "notes"]) {
        sheet.write_string(0, c, h).unwrap();
    }
    sheet.write_string(1, 0, "wake").unwrap();
    sheet
        .write_formula(
            1,
            1,
            Formula::new("=VLOOKUP(A2,Z:Z,1,FALSE)").set_result("#N/A"),
        )
        .unwrap();
    sheet
        .write_formula(1, 2, Formula::new("=#REF!").set_result("#REF!"))
        .unwrap();
    sheet.write_string(2, 0, "lincoln").unwrap();
    sheet
        .write_formula(2, 1, Formula::new("=\"wake\"").set_result("wake"))
        .unwrap();
    // An error in the header is a problem of the header, at its cell.
    let other = book.add_worksheet().set_name("teams").unwrap();
    other.write_string(0, 0, "id").unwrap();
    other
        .write_formula(0, 1, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    book.save(&path).unwrap();

    let mut book = Workbook::open(&path).unwrap();
    let mut reader = book
        .open("units", UNITS, &ColumnMap::default())
        .unwrap()
        .unwrap();
    let file = format!("{}[units]", path.display());
    assert_eq!(
        rows(&mut reader),
        [
            Err(format!(
                "{file}:2: B2 (parent) is the error #N/A, not a value; \
                 C2 (notes) is the error #REF!, not a value"
            )),
            Ok((3, strings(&["lincoln", "", "wake", "", ""]))),
        ]
    );
    drop(reader);
    let err = refused(book.open("teams", &[Column::required("id")], &ColumnMap::default()));
    assert_eq!(
        err.to_string(),
        format!(
            "{}[teams]:1:2: the header is the error #DIV/0!, not a name",
            path.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_sheet_the_workbook_lacks_is_none_and_a_file_that_is_not_a_workbook_is_a_problem() {
    let dir = scratch("missing");
    let path = dir.join("state.xlsx");
    write_workbook(&path, &[TableOut::new("Units", ["id"])]).unwrap();
    let mut book = Workbook::open(&path).unwrap();
    assert!(
        book.open("teams", UNITS, &ColumnMap::default())
            .unwrap()
            .is_none()
    );
    assert!(
        book.open("UNITS", UNITS, &ColumnMap::default())
            .unwrap()
            .is_some()
    );

    let csv = dir.join("units.csv");
    std::fs::write(&csv, "id,level\nstate,state\n").unwrap();
    let fake = dir.join("fake.xlsx");
    std::fs::write(&fake, "id,level\nstate,state\n").unwrap();
    for (file, says) in [
        (
            &csv,
            "not a workbook that can be read (.xlsx, .xlsm, .xlsb, .xls, .ods)",
        ),
        (
            &fake,
            "not a workbook that can be read (.xlsx, .xlsm, .xlsb, .xls, .ods)",
        ),
        (&dir.join("absent.xlsx"), "cannot open: "),
    ] {
        let err = Workbook::open(file).unwrap_err();
        let [problem] = err.problems() else {
            panic!("one problem: {err}")
        };
        let start = format!("{}:1: {says}", file.display());
        assert!(problem.to_string().starts_with(&start), "{problem}");
        assert_eq!((problem.row, problem.column), (1, None));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_sheets_that_read_as_one_table_are_a_problem() {
    let dir = scratch("twice");
    let path = dir.join("twice.xlsx");
    let mut book = XlsxBook::new();
    book.add_worksheet().set_name("Units").unwrap();
    book.add_worksheet().set_name("units_").unwrap();
    book.save(&path).unwrap();
    let mut book = Workbook::open(&path).unwrap();
    let err = refused(book.open("units", UNITS, &ColumnMap::default()));
    assert_eq!(
        err.to_string(),
        format!(
            "{}:1: the sheets `Units`, `units_` all read as the table `units`: rename all but one",
            path.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_ods_workbook_reads_as_libreoffice_wrote_it() {
    let path = Path::new("tests/fixtures/tables/converted.ods");
    let mut book = Workbook::open(path).unwrap();
    assert_eq!(book.sheet_names(), ["Units", "teams"]);
    let mut reader = book
        .open("units", UNITS, &ColumnMap::default())
        .unwrap()
        .unwrap();
    assert_eq!(
        reader.table().headers(),
        ["ID", "Level", "Parent", "Opened", "Staff"]
    );
    let us = DateFormat::Pattern("%m/%d/%Y".into());
    let mut opened = Vec::new();
    let mut read = Vec::new();
    let mut last_parent = None;
    while let Some(row) = reader.next_row() {
        match row {
            Ok((table, row)) => {
                opened.push(table.date(row, "opened", &us).unwrap());
                last_parent = Some(table.problem(row, "parent", "no unit `nowhere`".into()));
                read.push(Ok((
                    row.number(),
                    UNITS
                        .iter()
                        .map(|c| table.get(row, c.name()).unwrap_or_default().to_string())
                        .collect(),
                )));
            }
            Err(p) => read.push(Err(p.to_string())),
        }
    }
    assert_eq!(
        read,
        [
            Ok((3, strings(&["state", "state", "", "2024-08-01", "3"]))),
            Ok((
                4,
                strings(&["wake", "district", "state", "2024-09-15", "12.5"])
            )),
            // LibreOffice keeps an Excel boolean as the number 1.
            Ok((6, strings(&["lincoln", "school", "wake", "8/1/2024", "1"]))),
            // LibreOffice writes an error as text (with an attribute of its own that the
            // reader does not see): it reads as the text `#DIV/0!`, which a number or an id
            // column then refuses.
            Ok((7, strings(&["oak", "school", "nowhere", "", "#DIV/0!"]))),
        ]
    );
    assert_eq!(
        opened,
        [
            Some(date(2024, 8, 1)),
            Some(date(2024, 9, 15)),
            Some(date(2024, 8, 1)),
            None
        ]
    );
    assert_eq!((reader.rows_read(), reader.blank_rows()), (5, 1));
    // Positions are the sheet's: the header is at B2, `Parent` in column D.
    assert_eq!(
        last_parent.map(|p| p.to_string()).as_deref(),
        Some("tests/fixtures/tables/converted.ods[Units]:7:4 (Parent): no unit `nowhere`")
    );
}

#[test]
fn a_name_that_cannot_name_a_sheet_or_a_cell_that_cannot_be_written_is_an_error() {
    let dir = scratch("write-errors");
    let path = dir.join("out.xlsx");
    for (name, reason) in [
        ("", "a sheet needs a name"),
        (
            "a-very-long-table-name-of-32-chr",
            "it is longer than the 31 characters a sheet's name may have",
        ),
        ("units[1]", "it has `[`, which a sheet's name cannot have"),
        ("what?", "it has `?`, which a sheet's name cannot have"),
        ("'units'", "a sheet's name cannot start or end with `'`"),
    ] {
        let err = write_workbook(&path, &[TableOut::new(name, ["id"])]).unwrap_err();
        let WorkbookError::SheetName { reason: got, .. } = &err else {
            panic!("{err}")
        };
        assert_eq!(got, reason);
    }
    let twice = [
        TableOut::new("Units", ["id"]),
        TableOut::new("units", ["id"]),
    ];
    let err = write_workbook(&path, &twice).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the table `units` cannot name a sheet: a sheet of that name comes before it (case aside)"
    );
    let mut nan = TableOut::new("scores", ["id", "score"]);
    nan.push(vec![text("a"), Cell::Number(f64::NAN)]);
    let err = write_workbook(&path, &[nan]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "scores:2:2: NaN is not a number a workbook can hold"
    );
    let mut long = TableOut::new("notes", ["text"]);
    long.push(vec![text(&"x".repeat(40_000))]);
    let err = write_workbook(&path, &[long]).unwrap_err();
    assert!(
        matches!(
            err,
            WorkbookError::Cell {
                row: 2,
                column: 1,
                ..
            }
        ),
        "{err}"
    );
    assert!(!path.exists(), "nothing is written when a table cannot be");
    let err = write_workbook(&dir.join("no-such-folder/out.xlsx"), &[]).unwrap_err();
    assert!(matches!(err, WorkbookError::Write { .. }), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Opens every sheet of the file as a table and reads every row; any outcome but a panic.
fn read_everything(path: &Path) -> usize {
    let Ok(mut book) = Workbook::open(path) else {
        return 0;
    };
    let mut outcomes = 0;
    for name in book.sheet_names().to_vec() {
        match book.open(&name, UNITS, &ColumnMap::default()) {
            Ok(Some(mut reader)) => {
                while let Some(row) = reader.next_row() {
                    outcomes += usize::from(row.is_ok());
                }
            }
            Ok(None) => {}
            Err(problems) => outcomes += problems.problems().iter().filter(|p| p.row >= 1).count(),
        }
    }
    outcomes
}

/// A small, valid workbook's bytes.
fn valid_workbook() -> Vec<u8> {
    let dir = scratch("valid");
    let path = dir.join("valid.xlsx");
    let mut units = TableOut::new("units", ["id", "level", "opened"]);
    units.push(vec![
        text("state"),
        Cell::Number(1.0),
        Cell::Date(date(2024, 8, 1)),
    ]);
    write_workbook(&path, &[units]).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_given_as_a_workbook_are_tables_or_a_problem(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        ext in prop::sample::select(vec!["xlsx", "xls", "xlsb", "ods", "bin"]),
    ) {
        let dir = scratch("any-bytes");
        let path = dir.join(format!("any.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        read_everything(&path);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_damaged_workbook_is_tables_or_a_problem(
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = valid_workbook();
        for (at, byte) in damage {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let dir = scratch("damaged");
        let path = dir.join("damaged.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        read_everything(&path);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn problems_carry_the_sheet_in_the_file_name() {
    let dir = scratch("names");
    let path = dir.join("state.xlsx");
    let mut units = TableOut::new("units", ["id", "Parent"]);
    units.push(vec![text("state"), Cell::Blank]);
    units.push(vec![text("wake"), text("nowhere")]);
    write_workbook(&path, &[units]).unwrap();
    let mut book = Workbook::open(&path).unwrap();
    let mut reader = book
        .open("units", UNITS, &ColumnMap::default())
        .unwrap()
        .unwrap();
    let mut last = None;
    while let Some(Ok((table, row))) = reader.next_row() {
        last = Some(table.problem(row, "parent", "no unit `nowhere`".into()));
    }
    let problem: TableProblem = last.unwrap();
    assert_eq!(
        problem.to_string(),
        format!("{}[units]:3:2 (Parent): no unit `nowhere`", path.display())
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

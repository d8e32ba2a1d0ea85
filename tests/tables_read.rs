//! Reading CSV tables as spreadsheets write them: a byte-order mark, CRLF, renamed and
//! differently spelled headers, US dates, quoted line breaks, bad bytes; every problem at once,
//! each at its row and column.

use implsci::tables::{Column, ColumnMap, DateFormat, Table};

const MEMBERS: &[Column] = &[
    Column::required("team"),
    Column::required("person"),
    Column::optional("role"),
    Column::optional("start"),
    Column::optional("end"),
];

#[test]
fn an_excel_export_reads_with_its_bom_crlf_headers_and_us_dates() {
    let csv = "\u{feff}Team ID,Person,ROLE,Start Date,Notes\r\n\
               wake-dit,p-1,Coordinator,8/1/2024,\r\n\
               wake-dit,p-2,,08/15/2024,\"joined late,\r\nafter the summer\"\r\n\
               wake-dit,p-3,,,\r\n";
    let map = ColumnMap::default()
        .with("Team ID", "team")
        .with("Start Date", "start");
    let t = Table::read(csv.as_bytes(), "members.csv", MEMBERS, &map).unwrap();
    assert_eq!(t.rows().len(), 3);
    let us = DateFormat::Pattern("%m/%d/%Y".into());
    let [first, second, third] = t.rows() else {
        panic!("three rows")
    };
    assert_eq!(t.get(first, "team"), Some("wake-dit"));
    assert_eq!(t.get(first, "role"), Some("Coordinator"));
    assert_eq!(
        t.date(first, "start", &us).unwrap(),
        Some(jiff::civil::date(2024, 8, 1))
    );
    assert_eq!(
        t.date(second, "start", &us).unwrap(),
        Some(jiff::civil::date(2024, 8, 15))
    );
    // A blank cell is absent, not an empty string; a column the table lacks too.
    assert_eq!((t.get(second, "role"), t.get(second, "end")), (None, None));
    // A quoted line break stays in its cell, and the rows keep their spreadsheet numbers.
    assert_eq!(
        t.extra(second),
        vec![("Notes", "joined late,\r\nafter the summer")]
    );
    assert_eq!((second.number(), third.number()), (3, 4));
    // An ISO date where a US one is expected is a problem at its cell.
    let err = t.date(first, "start", &DateFormat::Iso).unwrap_err();
    assert_eq!(
        (err.row, err.column, err.header.as_deref()),
        (2, Some(4), Some("Start Date"))
    );
}

#[test]
fn every_problem_of_a_table_is_reported_at_once_and_reading_goes_on() {
    let mut bytes = b"team,team,role\nwake-dit,x,coach,too,many\n".to_vec();
    bytes.extend(b"wake-dit,\xff\xfe,coach\nwake-dit,ok,coach\n");
    let err = Table::read(
        bytes.as_slice(),
        "members.csv",
        MEMBERS,
        &ColumnMap::default(),
    )
    .unwrap_err();
    let lines: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "members.csv:1:2 (team): the column `team` again (first in column 1)",
            "members.csv:1: no column `person` (the headers are: team, team, role)",
            "members.csv:2: 5 cells, but the header has 3 columns",
            "members.csv:3:2 (team): the text is not UTF-8: save the file as UTF-8",
        ]
    );
}

#[test]
fn a_short_row_has_its_missing_cells_blank_and_a_header_alone_is_an_empty_table() {
    let t = Table::read(
        "team,person,role\nwake-dit,p-1\n".as_bytes(),
        "m.csv",
        MEMBERS,
        &ColumnMap::default(),
    )
    .unwrap();
    assert_eq!(t.get(&t.rows()[0], "role"), None);
    let empty = Table::read(
        "team,person\n".as_bytes(),
        "m.csv",
        MEMBERS,
        &ColumnMap::default(),
    )
    .unwrap();
    assert!(empty.rows().is_empty());
    // A file with nothing at all has no header: every required column is missing.
    let err = Table::read("".as_bytes(), "m.csv", MEMBERS, &ColumnMap::default()).unwrap_err();
    assert_eq!(err.problems().len(), 2);
}

#[test]
fn a_column_map_is_read_from_the_command_line_form() {
    let map: ColumnMap = "Staff Member=person".parse().unwrap();
    let t = Table::read(
        "team,Staff Member\nwake-dit,p-9\n".as_bytes(),
        "m.csv",
        MEMBERS,
        &map,
    )
    .unwrap();
    assert_eq!(t.get(&t.rows()[0], "person"), Some("p-9"));
    assert!("no equals sign".parse::<ColumnMap>().is_err());
    assert!("=person".parse::<ColumnMap>().is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Any bytes at all: a table or its problems, never a panic; every problem has a row at or
    /// below the rows the bytes could hold.
    #[test]
    fn any_bytes_read_to_a_table_or_problems(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        match Table::read(bytes.as_slice(), "t.csv", MEMBERS, &ColumnMap::default()) {
            Ok(t) => proptest::prop_assert!(t.rows().len() <= bytes.len()),
            Err(e) => {
                proptest::prop_assert!(!e.problems().is_empty());
                for p in e.problems() {
                    proptest::prop_assert!(p.row >= 1 && p.row <= bytes.len() as u64 + 2);
                }
            }
        }
    }

    /// Every record of a well-formed table is a row, numbered in order from 2, save the rows of
    /// blank cells, which are passed over and counted.
    #[test]
    fn every_record_is_a_row_in_order(cells in proptest::collection::vec(("[a-z0-9 ,\"]{0,8}", "[a-z0-9]{0,8}"), 0..30)) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["team", "person"]).unwrap();
        for (a, b) in &cells {
            w.write_record([a, b]).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let t = Table::read(bytes.as_slice(), "t.csv", MEMBERS, &ColumnMap::default()).unwrap();
        let kept: Vec<(usize, &(String, String))> = cells
            .iter()
            .enumerate()
            .filter(|(_, (a, b))| !a.trim().is_empty() || !b.is_empty())
            .collect();
        proptest::prop_assert_eq!(t.rows().len(), kept.len());
        proptest::prop_assert_eq!(t.blank_rows(), (cells.len() - kept.len()) as u64);
        for (row, (i, (a, b))) in t.rows().iter().zip(kept) {
            proptest::prop_assert_eq!(row.number(), i as u64 + 2);
            proptest::prop_assert_eq!(t.get(row, "team"), Some(a.trim()).filter(|s| !s.is_empty()));
            proptest::prop_assert_eq!(t.get(row, "person"), Some(b.as_str()).filter(|s| !s.is_empty()));
        }
    }
}

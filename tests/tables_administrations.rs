//! Administrations read from tables, long and wide: scoring sheets with US dates, blank items
//! and renamed columns; members' votes beside the consensus; every defect refused at its file,
//! row and column, all at once, with the rows accounted for; and written tables that read back
//! as the same document.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use implsci::Document;
use implsci::score::instruments::builtin;
use implsci::score::instruments::tfi::{TfiVersion, Tier, tier_instrument};
use implsci::score::{
    AdministrationsDocument, Instrument, InstrumentDefinition, InstrumentDocument, ScoreSubject,
};
use implsci::tables::{
    AdministrationLayout, AdministrationsOptions, ColumnMap, DateFormat, Files, ImportError,
    Imported, ReadOptions, SubjectKind, TableOut, TableProblem, Texts, export_administrations,
    import_administrations,
};
use jiff::civil::date;
use serde_json::json;

/// One table held as text: `administrations.csv`.
fn text(csv: impl Into<Vec<u8>>) -> Texts {
    Texts::default().with("administrations", csv)
}

/// TFI 2.1 Tier 1 with its items numbered `1.1` … `1.15`.
fn tfi_numbered() -> InstrumentDefinition {
    let ids: Vec<String> = (1..=15).map(|i| format!("1.{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    tier_instrument(
        TfiVersion::V2_1,
        Tier::Tier1,
        "tfi-2.1-tier-1".parse().unwrap(),
        &ids,
    )
    .unwrap()
    .definition()
    .clone()
}

/// The built-in TFI 2.1 Tier 1 (`t1-1` … `t1-15`).
fn tfi_builtin() -> InstrumentDefinition {
    builtin("tfi-2.1-tier-1").unwrap().definition().clone()
}

fn units() -> AdministrationsOptions {
    AdministrationsOptions::new(SubjectKind::Unit)
}

fn us() -> ReadOptions {
    ReadOptions::default().date_format(DateFormat::Pattern("%m/%d/%Y".into()))
}

fn import(
    csv: &str,
    instrument: &InstrumentDefinition,
    options: &ReadOptions,
) -> Result<Imported<AdministrationsDocument>, ImportError> {
    import_administrations(&mut text(csv), instrument, &units(), options)
}

/// The problems as `row:column` (`row` alone for a whole row).
fn at(err: &ImportError) -> Vec<String> {
    err.problems.iter().map(place).collect()
}

fn place(p: &TableProblem) -> String {
    match p.column {
        Some(c) => format!("{}:{c}", p.row),
        None => p.row.to_string(),
    }
}

/// The header of a numbered TFI sheet: `1.1,…,1.15`.
fn numbered_items() -> String {
    (1..=15)
        .map(|i| format!("1.{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn csv_of(table: &TableOut) -> String {
    let mut out = Vec::new();
    table.write_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_wide_sheet_with_us_dates_a_blank_item_and_a_renamed_column() {
    let csv = format!(
        "School,Date,{},Notes\r\n\
         lincoln-es,3/8/2025,2,2,1,2,2,1,1,2,2,2,1,2,2,,2,first year\r\n\
         oak-es,10/1/2024,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,\r\n\
         ,,,,,,,,,,,,,,,,,\r\n",
        numbered_items()
    );
    let tfi = tfi_numbered();
    let options = us().map(ColumnMap::default().with("School", "subject"));
    let imported = import(&csv, &tfi, &options).unwrap();
    let doc = &imported.document;
    doc.validate().unwrap();
    let [lincoln, oak] = doc.administrations.as_slice() else {
        panic!("two administrations: {doc:?}")
    };
    assert_eq!(
        lincoln.subject,
        ScoreSubject::Unit("lincoln-es".parse().unwrap())
    );
    assert_eq!(
        (lincoln.date, oak.date),
        (date(2025, 3, 8), date(2024, 10, 1))
    );
    assert_eq!(lincoln.instrument, tfi.id);
    // Every item column is a response, in the columns' order; the blank one unanswered.
    let items: Vec<&str> = lincoln.responses.iter().map(|r| r.item.as_str()).collect();
    assert_eq!(items.len(), 15);
    assert_eq!((items[0], items[14]), ("1.1", "1.15"));
    assert_eq!(
        (lincoln.responses[13].value, lincoln.responses[14].value),
        (None, Some(2.0))
    );
    assert_eq!(lincoln.extensions["Notes"], "first year");
    assert!(oak.extensions.is_empty(), "a blank cell is no extension");
    let tally = &imported.tallies[0];
    assert_eq!(
        (tally.read, tally.used, tally.refused, tally.blank),
        (3, 2, 0, 1)
    );
    assert!(tally.balances());
    // Scored as the TFI scores: Oak at 100%, Lincoln not computable (an item missing).
    let tier1 = tier_instrument(
        TfiVersion::V2_1,
        Tier::Tier1,
        tfi.id.clone(),
        &tfi.items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
    )
    .unwrap();
    assert_eq!(tier1.score(oak).unwrap().percent, Some(100.0));
    assert_eq!(tier1.score(lincoln).unwrap().percent, None);
}

#[test]
fn a_long_table_reads_as_the_same_administrations_as_the_wide_sheet() {
    let tfi = tfi_numbered();
    let values = [
        "2", "2", "1", "2", "2", "1", "1", "2", "2", "2", "1", "2", "2", "", "2",
    ];
    let wide = format!(
        "Date,Subject,Respondent,{}\n3/8/2025,lincoln-es,coach-1,{}\n",
        numbered_items(),
        values.join(",")
    );
    let mut long = String::from("When,Subject,Respondent,Indicator,Score\n");
    for (i, v) in values.iter().enumerate() {
        writeln!(long, "3/8/2025,lincoln-es,coach-1,1.{},{v}", i + 1).unwrap();
    }
    let map = ColumnMap::default()
        .with("When", "date")
        .with("Indicator", "item")
        .with("Score", "value");
    let from_long = import(&long, &tfi, &us().map(map)).unwrap().document;
    let from_wide = import(&wide, &tfi, &us()).unwrap().document;
    assert_eq!(from_long, from_wide);
    let admin = &from_long.administrations[0];
    // One respondent and no consensus row: the respondent is the administration's.
    assert_eq!(admin.respondents, ["coach-1".parse().unwrap()]);
    assert_eq!(admin.responses[13].value, None);
    assert!(admin.extensions.is_empty());
}

#[test]
fn members_votes_are_kept_beside_the_consensus_in_both_layouts() {
    let tfi = tfi_numbered();
    let row = |who: &str, v: &str| {
        let mut cells = vec![v; 15];
        cells[1] = "1";
        format!("2025-03-08,lincoln-es,{who},{}\n", cells.join(","))
    };
    let wide = format!(
        "date,subject,respondent,{}\n{}{}{}",
        numbered_items(),
        row("m1", "2"),
        row("Consensus", "2"),
        row("m2", "")
    );
    let doc = import(&wide, &tfi, &ReadOptions::default())
        .unwrap()
        .document;
    let admin = &doc.administrations[0];
    let ids: Vec<&str> = admin
        .respondents
        .iter()
        .map(implsci::id::PersonId::as_str)
        .collect();
    assert_eq!(ids, ["m1", "m2"]);
    assert_eq!(admin.responses.len(), 15);
    assert_eq!(
        (admin.responses[0].value, admin.responses[1].value),
        (Some(2.0), Some(1.0))
    );
    let votes = &admin.extensions["votes"];
    assert_eq!(votes[0]["respondent"], "m1");
    assert_eq!(votes[0]["responses"][1], json!({"item": "1.2", "value": 1}));
    assert_eq!(
        votes[1]["responses"][0],
        json!({"item": "1.1", "value": null})
    );
    assert_eq!(votes.as_array().map(Vec::len), Some(2));

    // The long table of the same ratings, with the marker given as a parameter.
    let mut long = String::from("date,subject,respondent,item,value\n");
    for (who, v) in [("m1", "2"), ("team", "2"), ("m2", "")] {
        for i in 1..=15 {
            let v = if i == 2 { "1" } else { v };
            writeln!(long, "2025-03-08,lincoln-es,{who},1.{i},{v}").unwrap();
        }
    }
    let how = units().consensus("TEAM");
    let from_long =
        import_administrations(&mut text(long), &tfi, &how, &ReadOptions::default()).unwrap();
    assert_eq!(from_long.document, doc);
}

#[test]
fn a_respondents_list_names_the_team_without_votes() {
    let tfi = tfi_builtin();
    let items: Vec<String> = (1..=15).map(|i| format!("t1-{i}")).collect();
    let csv = format!(
        "date,subject,respondents,{}\n2025-03-08,maple-es,m1; m2 ;m3;,{}\n",
        items.join(","),
        vec!["2"; 15].join(",")
    );
    let doc = import(&csv, &tfi, &ReadOptions::default())
        .unwrap()
        .document;
    let ids: Vec<&str> = doc.administrations[0]
        .respondents
        .iter()
        .map(implsci::id::PersonId::as_str)
        .collect();
    assert_eq!(ids, ["m1", "m2", "m3"]);
}

#[test]
fn every_defect_is_refused_at_its_cell_all_at_once_and_the_rows_balance() {
    let tfi = tfi_numbered();
    let full = vec!["2"; 15].join(",");
    let off_scale = format!("3,{}", vec!["2"; 14].join(","));
    let not_a_number = format!("two,{}", vec!["2"; 14].join(","));
    let csv = format!(
        "date,subject,{items},Notes\n\
         3/8/2025,lincoln-es,{full},\n\
         13/8/2025,oak-es,{full},\n\
         3/8/2025,maple-es,{off_scale},\n\
         3/8/2025,pine-es,{not_a_number},\n\
         3/8/2025,,{full},\n\
         3/8/2025,lincoln-es,{full},again\n",
        items = numbered_items()
    );
    let err = import(&csv, &tfi, &us()).unwrap_err();
    assert_eq!(at(&err), ["3:1", "4:3", "5:3", "6:2", "7:2"], "{err}");
    let messages: Vec<&str> = err.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages[0].starts_with("\"13/8/2025\" is not a date (%m/%d/%Y)"),
        "{}",
        messages[0]
    );
    assert_eq!(messages[1], "item `1.1`: 3 is outside the scale 0 to 2");
    assert_eq!(
        messages[2],
        "\"two\" is not a number (a rating from 0 to 2)"
    );
    assert!(messages[3].starts_with("no subject"), "{}", messages[3]);
    assert_eq!(
        messages[4],
        "a second row for unit `lincoln-es` on 2025-03-08 (first at row 2); one row per \
         administration"
    );
    assert_eq!(err.problems[1].header.as_deref(), Some("1.1"));
    let tally = &err.tallies[0];
    assert_eq!((tally.read, tally.used, tally.refused), (6, 1, 5));
    assert!(tally.balances());
}

#[test]
fn a_wide_column_that_looks_like_an_item_the_instrument_lacks_is_refused_at_the_header() {
    let tfi = tfi_numbered();
    let csv = format!(
        "date,subject,{},1.16,2.1,Notes,Team size\n2025-03-08,lincoln-es,{},1,1,ok,5\n",
        numbered_items(),
        vec!["2"; 15].join(",")
    );
    let err = import(&csv, &tfi, &ReadOptions::default()).unwrap_err();
    assert_eq!(at(&err), ["1:18", "1:19"], "{err}");
    assert!(
        err.problems[0].to_string().starts_with(
            "administrations.csv:1:18 (1.16): the instrument `tfi-2.1-tier-1` has no item `1.16`"
        ),
        "{err}"
    );
    // Strict, the other unknown columns are refused too, but not the items.
    let err = import(&csv, &tfi, &ReadOptions::default().strict(true)).unwrap_err();
    assert_eq!(at(&err), ["1:18", "1:19", "1:20", "1:21"], "{err}");
}

#[test]
fn items_are_matched_exactly_first_and_an_ambiguous_header_is_refused() {
    let mut tfi = tfi_numbered();
    // An instrument with both `1.1` and `11`, which read alike without punctuation.
    let mut extra = tfi.items[0].clone();
    extra.id = "11".parse().unwrap();
    tfi.items.push(extra);
    let csv = format!(
        "date,subject,{},11\n2025-03-08,lincoln-es,{},0\n",
        numbered_items(),
        vec!["2"; 15].join(",")
    );
    let doc = import(&csv, &tfi, &ReadOptions::default())
        .unwrap()
        .document;
    let last = doc.administrations[0].responses.last().unwrap();
    assert_eq!((last.item.as_str(), last.value), ("11", Some(0.0)));
    let err = import(
        &csv.replace(",11\n", ",1_1\n"),
        &tfi,
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(at(&err), ["1:18"]);
    assert_eq!(
        err.problems[0].message,
        "`1_1` reads as the items `1.1` and `11`; write the item's id as the instrument does"
    );
    // Headers that read as an item's id once punctuation is set aside are that item.
    let spaced = csv.replace("1.15,", "1 15,");
    assert!(import(&spaced, &tfi, &ReadOptions::default()).is_ok());
}

#[test]
fn long_tables_refuse_unknown_items_duplicates_and_members_without_a_consensus() {
    let tfi = tfi_numbered();
    let csv = "date,subject,respondent,item,value\n\
               2025-03-08,lincoln-es,,1.1,2\n\
               2025-03-08,lincoln-es,,1.16,2\n\
               2025-03-08,lincoln-es,,1.1,1\n\
               2025-03-08,lincoln-es,,,2\n\
               2025-03-08,oak-es,m1,1.1,2\n\
               2025-03-08,oak-es,m2,1.1,1\n";
    let err = import(csv, &tfi, &ReadOptions::default()).unwrap_err();
    assert_eq!(at(&err), ["3:4", "4:4", "5:5", "7:3"], "{err}");
    assert!(
        err.problems[0]
            .message
            .starts_with("the instrument `tfi-2.1-tier-1` has no item `1.16`")
    );
    assert_eq!(
        err.problems[1].message,
        "item `1.1` is answered twice for unit `lincoln-es` on 2025-03-08 (first at row 2)"
    );
    assert_eq!(err.problems[2].message, "a rating without an item");
    assert!(
        err.problems[3]
            .message
            .starts_with("rows of 2 respondents (`m1`, `m2`, …)")
    );
    // Row 7 is refused once every row is read; the account still balances.
    let tally = &err.tallies[0];
    assert_eq!((tally.used, tally.refused), (2, 4));
    assert!(tally.balances());
}

#[test]
fn a_missing_column_or_table_is_refused() {
    let tfi = tfi_numbered();
    let err = import("subject,1.1\nlincoln-es,2\n", &tfi, &ReadOptions::default()).unwrap_err();
    assert_eq!(
        err.problems[0].to_string(),
        "administrations.csv:1: no column `date` (the headers are: subject, 1.1)"
    );
    let err = import_administrations(
        &mut Files::default(),
        &tfi,
        &units(),
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no table `administrations`"),
        "{err}"
    );
    // A wide table none of whose columns is an item would lose every rating.
    let err = import(
        "date,subject,Q1\n2025-03-08,a,2\n",
        &tfi,
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.problems[0]
            .message
            .starts_with("no column is an item of the instrument"),
        "{err}"
    );
}

#[test]
fn rows_that_do_not_say_whose_ratings_they_are_are_refused() {
    let tfi = tfi_numbered();
    let csv = "date,subject,respondent,item,value,votes,Notes\n\
               2025-03-08,lincoln-es,consensus,1.1,2,,a\n\
               2025-03-08,lincoln-es,,1.2,2,,\n\
               2025-03-08,lincoln-es,m1,1.1,1,,b\n\
               2025-03-08,oak-es,consensus,1.1,2,kept,\n\
               2025-03-08,oak-es,m1,1.1,2,,\n\
               2025-03-08,pine-es,m1,1.1,2,,\n\
               2025-03-08,pine-es,,1.2,2,,\n\
               2025-03-08,fir-es,\"m\n1\",1.1,2,,\n";
    let err = import(csv, &tfi, &ReadOptions::default()).unwrap_err();
    assert_eq!(at(&err), ["3:3", "4:7", "5:6", "8:3", "9:3"], "{err}");
    let messages: Vec<&str> = err.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages[0].starts_with("a row with no respondent among the rows of unit `lincoln-es`")
    );
    assert!(
        messages[1].starts_with(
            "the extension `Notes` of unit `lincoln-es` on 2025-03-08 is \"a\" at row 2"
        )
    );
    assert!(
        messages[2].starts_with("the extension `votes` of unit `oak-es`"),
        "{}",
        messages[2]
    );
    assert!(messages[3].starts_with("a row with no respondent among the rows of respondent `m1`"));
    assert!(
        messages[4].contains("is not a person id"),
        "{}",
        messages[4]
    );
    let tally = &err.tallies[0];
    assert_eq!((tally.read, tally.used, tally.refused), (8, 3, 5));
}

#[test]
fn strict_refuses_unknown_columns_of_a_long_table() {
    let csv = "date,subject,item,value,Notes\n2025-03-08,lincoln-es,1.1,2,x\n";
    let tfi = tfi_numbered();
    assert!(import(csv, &tfi, &ReadOptions::default()).is_ok());
    let err = import(csv, &tfi, &ReadOptions::default().strict(true)).unwrap_err();
    assert_eq!(at(&err), ["1:5"]);
}

/// One malformed table per defect, each with where its first problem is.
const MALFORMED: &str = "tests/fixtures/tables/malformed/administrations";

#[test]
fn each_malformed_fixture_is_refused_where_expected() {
    let dir = common::root().join(MALFORMED);
    let expected = std::fs::read_to_string(dir.join("EXPECTED")).unwrap();
    let tfi = tfi_builtin();
    let mut listed = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut parts = line.splitn(3, ' ');
        let (Some(file), Some(place_expected), Some(message)) =
            (parts.next(), parts.next(), parts.next())
        else {
            panic!("EXPECTED: `{line}` is not `FILE ROW:COLUMN MESSAGE`");
        };
        listed.push(file.to_string());
        let path = Path::new(MALFORMED).join(file);
        let csv = std::fs::read_to_string(common::root().join(&path)).unwrap();
        let err = import(&csv, &tfi, &ReadOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{file} is read without a problem"));
        let first = &err.problems[0];
        assert_eq!(place(first), place_expected, "{file}: {err}");
        assert!(
            first.message.starts_with(message.trim()),
            "{file}: {}",
            first.message
        );
        assert!(
            err.tallies.iter().all(implsci::tables::Tally::balances),
            "{file}"
        );
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| Path::new(f).extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    listed.sort();
    assert_eq!(
        files, listed,
        "every fixture is listed in EXPECTED, and only those"
    );
}

/// The example sheet is the example document written wide: `IMPLSCI_BLESS=1` rewrites it.
#[test]
fn the_example_sheet_is_the_example_tfi_document() {
    let doc = AdministrationsDocument::from_json(
        &std::fs::read_to_string(common::root().join("examples/data/pbis/tfi_tier1.json")).unwrap(),
    )
    .unwrap();
    let tfi = tfi_builtin();
    let tables = export_administrations(&doc, &tfi, &units(), AdministrationLayout::Wide);
    let csv = csv_of(&tables[0]);
    let path = common::root().join("examples/data/pbis/tfi_tier1.csv");
    if std::env::var_os("IMPLSCI_BLESS").is_some() {
        std::fs::write(&path, &csv).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        committed, csv,
        "examples/data/pbis/tfi_tier1.csv differs from tfi_tier1.json written wide; regenerate it \
         with `IMPLSCI_BLESS=1 cargo test --all-features --test tables_administrations`"
    );
    let read = import(&committed, &tfi, &ReadOptions::default()).unwrap();
    assert_eq!(read.document, doc);
    // And the DCA example, long and wide.
    let dca = InstrumentDocument::from_json(
        &std::fs::read_to_string(common::root().join("examples/data/dca_instrument.json")).unwrap(),
    )
    .unwrap()
    .instrument;
    let doc = AdministrationsDocument::from_json(
        &std::fs::read_to_string(common::root().join("examples/data/dca_administrations.json"))
            .unwrap(),
    )
    .unwrap();
    for layout in [AdministrationLayout::Long, AdministrationLayout::Wide] {
        let csv = csv_of(&export_administrations(&doc, &dca, &units(), layout)[0]);
        assert_eq!(
            import(&csv, &dca, &ReadOptions::default())
                .unwrap()
                .document,
            doc,
            "{layout:?}"
        );
    }
}

#[path = "tables_administrations/round_trip.rs"]
mod round_trip;

//! `implsci import` and `implsci export` as a user runs them: the document on stdout or in a
//! file, the account of every table on stderr, nothing written when a row is refused, and the
//! template of empty tables.

mod run;

use std::fs;
use std::path::PathBuf;

use implsci::Document;
use implsci::score::AdministrationsDocument;
use run::{implsci, stdout};

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("implsci-cli-tables-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn administrations(json: &str) -> AdministrationsDocument {
    AdministrationsDocument::from_json(json).unwrap()
}

fn tfi_tier1() -> AdministrationsDocument {
    administrations(&fs::read_to_string("examples/data/pbis/tfi_tier1.json").unwrap())
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn the_shipped_tables_import_to_the_example_state() {
    let out = implsci(&["import", "system", "examples/data/tables"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("examples/data/state_system.json").unwrap())
            .unwrap();
    assert_eq!(doc, expected);
    let err = stderr(&out);
    assert!(
        err.contains("examples/data/tables/units.csv: 17 read, 17 used, 0 refused"),
        "{err}"
    );
}

#[test]
fn a_refused_row_writes_nothing_and_says_where() {
    let dir = temp_dir("refused");
    let target = dir.join("system.json");
    let case = "tests/fixtures/tables/malformed/system/dangling_parent/units.csv";
    let out = implsci(&[
        "import",
        "system",
        "tests/fixtures/tables/state",
        "--table",
        &format!("units={case}"),
        "--map",
        "Building Code=id",
        "--date-format",
        "%m/%d/%Y",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !target.exists(),
        "no document is written when a row is refused"
    );
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "{case}:8:3 (Parent): no unit has this id (`west`)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{case}: 7 read, 7 used, 0 refused")),
        "{err}"
    );
    assert!(
        err.trim_end()
            .ends_with("implsci: 1 problem; no document written"),
        "{err}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_fixture_state_reads_with_its_column_map_and_us_dates() {
    let dir = temp_dir("fixture");
    let target = dir.join("system.json");
    let out = implsci(&[
        "import",
        "system",
        "tests/fixtures/tables/state",
        "--map",
        "Building Code=id",
        "--date-format",
        "%m/%d/%Y",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = implsci(&["validate", target.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    // Without the date format, every US date is refused, each at its cell.
    let out = implsci(&[
        "import",
        "system",
        "tests/fixtures/tables/state",
        "--map",
        "Building Code=id",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("teams.csv:2:4 (start): \"7/1/2024\" is not a date"),
        "{}",
        stderr(&out)
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn export_then_import_is_the_same_document() {
    let dir = temp_dir("round");
    let out = implsci(&[
        "export",
        "system",
        "examples/data/state_system.json",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote 9 tables"), "{}", stderr(&out));
    let back = implsci(&["import", "system", dir.to_str().unwrap()]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    let a: serde_json::Value = serde_json::from_str(&stdout(&back)).unwrap();
    let b: serde_json::Value =
        serde_json::from_str(&fs::read_to_string("examples/data/state_system.json").unwrap())
            .unwrap();
    assert_eq!(a, b);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_template_is_the_empty_tables_and_their_guide() {
    let dir = temp_dir("template");
    let out = implsci(&["import", "--template", "system", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.join("units.csv")).unwrap(),
        "id,level,parent,name\n"
    );
    let guide = fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(guide.contains("| `role` | optional | Their role on the team (`team lead`, `coach`); `member` when blank. |"), "{guide}");
    // Filled in with a root unit and its level, the template imports.
    fs::write(dir.join("levels.csv"), "id,name\nstate,State\n").unwrap();
    fs::write(
        dir.join("units.csv"),
        "id,level,parent,name\nsea,state,,State agency\n",
    )
    .unwrap();
    let out = implsci(&["import", "system", dir.to_str().unwrap(), "--id", "tiny"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"id\": \"tiny\""));
    let bad = implsci(&["import", "--template", "nonsense", dir.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_source_is_a_usage_error() {
    let out = implsci(&["import", "system", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no such folder or workbook: no/such/folder"),
        "{}",
        stderr(&out)
    );
    let out = implsci(&["import"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn administrations_and_events_import_from_their_tables() {
    let out = implsci(&[
        "import",
        "administrations",
        "--table",
        "administrations=examples/data/pbis/tfi_tier1.csv",
        "--instrument",
        "tfi-2.1-tier-1",
        "--subject",
        "unit",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(administrations(&stdout(&out)) == tfi_tier1());

    let out = implsci(&["import", "events", "examples/data/tables"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = stdout(&out);
    assert_eq!(lines.lines().count(), 52);
    let dir = temp_dir("events");
    let log = dir.join("events.jsonl");
    fs::write(&log, &lines).unwrap();
    let check = implsci(&[
        "validate",
        log.to_str().unwrap(),
        "examples/data/state_system.json",
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_value_off_the_scale_is_refused_at_its_cell() {
    let case = "tests/fixtures/tables/malformed/administrations/value_off_scale.csv";
    let out = implsci(&[
        "import",
        "administrations",
        "--table",
        &format!("administrations={case}"),
        "--instrument",
        "tfi-2.1-tier-1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{case}:")), "{err}");
    assert!(err.contains("no document written"), "{err}");
}

#[test]
fn export_of_administrations_and_events_reads_back() {
    let dir = temp_dir("export-more");
    let out = implsci(&[
        "export",
        "administrations",
        "examples/data/pbis/tfi_tier1.json",
        "--instrument",
        "tfi-2.1-tier-1",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("wrote 1 table, 33 rows"),
        "{}",
        stderr(&out)
    );
    let back = implsci(&[
        "import",
        "administrations",
        dir.to_str().unwrap(),
        "--instrument",
        "tfi-2.1-tier-1",
    ]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    assert!(administrations(&stdout(&back)) == tfi_tier1());
    let out = implsci(&[
        "export",
        "events",
        "examples/data/state_events.jsonl",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for table in ["trainings", "coaching_sessions", "loop_items"] {
        assert_eq!(
            fs::read_to_string(dir.join(format!("{table}.csv"))).unwrap(),
            fs::read_to_string(format!("examples/data/tables/{table}.csv")).unwrap(),
            "{table}"
        );
    }
    fs::remove_dir_all(&dir).unwrap();
}

/// The fixture state's scoring sheet (a byte-order mark, US dates, its subject column named
/// `School`, a blank item, a notes column) imports, and validates with the system against
/// the instrument.
#[test]
fn the_fixture_state_scoring_sheet_validates_with_its_system() {
    let dir = temp_dir("fixture-scores");
    let (system, scores) = (dir.join("system.json"), dir.join("tfi.json"));
    let state = "tests/fixtures/tables/state";
    let out = implsci(&[
        "import",
        "system",
        state,
        "--map",
        "Building Code=id",
        "--date-format",
        "%m/%d/%Y",
        "--out",
        system.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = implsci(&[
        "import",
        "administrations",
        state,
        "--instrument",
        "tfi-2.1-tier-1",
        "--map",
        "School=subject",
        "--date-format",
        "%m/%d/%Y",
        "--out",
        scores.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = administrations(&fs::read_to_string(&scores).unwrap());
    let first = &doc.administrations[0];
    assert_eq!(first.date, jiff::civil::date(2024, 10, 14));
    let blank = first
        .responses
        .iter()
        .find(|r| r.item.as_str() == "t1-11")
        .unwrap();
    assert_eq!(blank.value, None, "a blank cell is an unanswered item");
    assert_eq!(first.extensions["Notes"], "first year");
    let check = implsci(&[
        "validate",
        system.to_str().unwrap(),
        scores.to_str().unwrap(),
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    fs::remove_dir_all(&dir).unwrap();
}

//! The `implsci` binary: schemas, validation, exit codes.

mod common;

use std::process::{Command, Output};

use implsci::DocumentType;

fn implsci(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_implsci"))
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the implsci binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn schema_list_names_every_type() {
    let o = implsci(&["schema", "--list"]);
    assert_eq!(o.status.code(), Some(0));
    for t in DocumentType::ALL {
        assert!(stdout(&o).contains(t.name()), "{t} missing from --list");
    }
}

#[test]
fn schema_prints_the_committed_schema_and_it_is_draft_2020_12() {
    for t in DocumentType::ALL {
        let o = implsci(&["schema", t.name()]);
        assert_eq!(o.status.code(), Some(0));
        let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(printed, common::committed_schema(*t));
        jsonschema::draft202012::meta::validate(&printed).unwrap();
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(implsci(&["schema", "Recipe"]).status.code(), Some(2));
    assert_eq!(implsci(&["schema"]).status.code(), Some(2));
    assert_eq!(implsci(&["validate"]).status.code(), Some(2));
    assert_eq!(implsci(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        implsci(&["validate", "no/such/file.json"]).status.code(),
        Some(2)
    );
}

#[test]
fn valid_files_exit_0() {
    let mut args = vec!["validate".to_string()];
    for p in common::fixtures("valid") {
        args.push(p.to_string_lossy().into_owned());
    }
    args.push("examples/data/innovation.json".into());
    args.push("examples/data/site_record.json".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = implsci(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn every_invalid_fixture_exits_1_and_names_its_path() {
    let expected = common::expected();
    for path in common::fixtures("invalid") {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let o = implsci(&["validate", &path.to_string_lossy()]);
        assert_eq!(o.status.code(), Some(1), "{file}: {}", stdout(&o));
        let want = &expected[&file];
        assert!(
            stdout(&o).contains(&format!("{}: {}", want.path, want.kind)),
            "{file}: expected `{}: {}` in\n{}",
            want.path,
            want.kind,
            stdout(&o)
        );
    }
}

#[test]
fn json_output_lists_every_problem() {
    let o = implsci(&[
        "validate",
        "--format",
        "json",
        "examples/data/innovation.json",
        "tests/fixtures/invalid/EXPECTED.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[1]["valid"], false);
    assert_eq!(reports[1]["problems"][0]["path"], "$.schema_version");
}

#[test]
fn site_records_are_checked_against_innovations_in_the_same_run() {
    let dir = std::env::temp_dir().join(format!("implsci-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let record =
        std::fs::read_to_string(common::root().join("examples/data/site_record.json")).unwrap();
    let broken = dir.join("record.json");
    std::fs::write(
        &broken,
        record.replace("\"ef-checkout\"", "\"ef-nonexistent\""),
    )
    .unwrap();
    let alone = implsci(&["validate", &broken.to_string_lossy()]);
    assert_eq!(alone.status.code(), Some(0), "{}", stdout(&alone));
    let together = implsci(&[
        "validate",
        "examples/data/innovation.json",
        &broken.to_string_lossy(),
    ]);
    assert_eq!(together.status.code(), Some(1));
    assert!(
        stdout(&together).contains("$.adaptations[0].essential_functions[0]: dangling_reference"),
        "{}",
        stdout(&together)
    );
    std::fs::remove_dir_all(dir).ok();
}

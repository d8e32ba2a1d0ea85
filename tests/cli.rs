//! The `implsci` binary: schemas, validation, exit codes.

mod common;

use std::process::{Command, Output};

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
    for t in implsci::schema::Exported::all() {
        assert!(
            stdout(&o).contains(t.name()),
            "{} missing from --list",
            t.name()
        );
    }
}

#[test]
fn schema_prints_the_committed_schema_and_it_is_draft_2020_12() {
    for t in implsci::schema::Exported::all() {
        let o = implsci(&["schema", t.name()]);
        assert_eq!(o.status.code(), Some(0));
        let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let committed: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                common::schemas_dir().join(format!("{}.schema.json", t.name())),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(printed, committed);
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

#[test]
fn generate_writes_a_valid_deterministic_system() {
    let args = [
        "generate",
        "--regions",
        "2",
        "--districts",
        "2",
        "--schools",
        "3",
        "--practitioners",
        "4",
        "--seed",
        "9",
    ];
    let a = implsci(&args);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, implsci(&args).stdout, "same seed, same system");
    let doc: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(
        doc["practitioners"].as_array().unwrap().len(),
        2 * 2 * 3 * 4
    );
    let dir = std::env::temp_dir().join(format!("implsci-generate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("system.json");
    std::fs::write(&file, &a.stdout).unwrap();
    assert_eq!(
        implsci(&["validate", &file.to_string_lossy()])
            .status
            .code(),
        Some(0)
    );
    std::fs::remove_dir_all(dir).ok();
    assert_eq!(
        implsci(&["generate", "--link-probability", "1.5"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        implsci(&["generate", "--team-probability", "1,1,1"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn align_shows_the_example_systems_deliberate_gaps() {
    let o = implsci(&["align", "examples/data/state_system.json"]);
    assert_eq!(o.status.code(), Some(0));
    let table = stdout(&o);
    assert!(
        table.contains("units whose chain breaks:                         5/17 (29.4%)"),
        "{table}"
    );
    assert!(
        table.contains("jefferson-ms  school        0              6  covered from above by `wake` across 1 level"),
        "{table}"
    );
    for gap in [
        "roosevelt-es",
        "parkwood-es",
        "brunswick",
        "southport-es",
        "leland-ms",
    ] {
        assert!(table.contains(gap), "{gap} missing from\n{table}");
    }
    assert!(
        table.contains("coach-wake-1"),
        "the overloaded coach is listed"
    );

    let json = implsci(&[
        "align",
        "examples/data/state_system.json",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["practitioners_covered"]["numerator"], 27);
    assert_eq!(report["practitioners_covered"]["denominator"], 46);
    assert_eq!(report["units_covered_from_above"]["numerator"], 3);
    let jefferson = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "jefferson-ms")
        .unwrap();
    assert_eq!(jefferson["chain"], "covered_from_above");
    assert_eq!(jefferson["by"], "wake");
    assert_eq!(jefferson["covered_levels"], 1);
    assert_eq!(jefferson["name"], "Jefferson Middle");
    assert_eq!(jefferson["ancestors"]["region"], "central");

    let csv = implsci(&[
        "align",
        "examples/data/state_system.json",
        "--format",
        "csv",
    ]);
    let text = stdout(&csv);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "unit,name,level,parent,state,region,district,teams,ancestor_team_unit,\
         linked_from_ancestor,skipped_levels,chain,covered_levels,break_at,break_reason,\
         expected_from,practitioners"
    );
    assert_eq!(lines.count(), 17, "one row per unit");

    let earlier = implsci(&[
        "align",
        "examples/data/state_system.json",
        "--as-of",
        "2024-01-15",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&earlier.stdout).unwrap();
    assert_eq!(report["as_of"], "2024-01-15");
    assert_eq!(
        report["practitioners_covered"]["numerator"], 0,
        "no link had started yet"
    );
}

#[test]
fn align_and_dot_refuse_bad_input() {
    assert_eq!(
        implsci(&["align", "tests/fixtures/invalid/system_two_roots.json"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        implsci(&["align", "no/such/system.json"]).status.code(),
        Some(2)
    );
    assert_eq!(
        implsci(&[
            "align",
            "examples/data/state_system.json",
            "--as-of",
            "2024-02-30"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        implsci(&[
            "align",
            "examples/data/state_system.json",
            "--format",
            "xml"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        implsci(&[
            "dot",
            "tests/fixtures/invalid/system_supports_cycle_three_teams.json"
        ])
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn dot_output_renders_with_graphviz() {
    let o = implsci(&["dot", "examples/data/state_system.json"]);
    assert_eq!(o.status.code(), Some(0));
    let dot = stdout(&o);
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains("missing supports"), "broken links are drawn");
    assert!(dot.contains("#f8d7da"), "uncovered units are marked");
    let required = std::env::var_os("IMPLSCI_REQUIRE_GRAPHVIZ").is_some();
    let graphviz = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match graphviz {
        Ok(child) => child,
        Err(e) => {
            assert!(
                !required,
                "IMPLSCI_REQUIRE_GRAPHVIZ is set but `dot` cannot run: {e}"
            );
            eprintln!("skipping the Graphviz rendering check: `dot` is not installed ({e})");
            return;
        }
    };
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), dot.as_bytes()).unwrap();
    let rendered = child.wait_with_output().unwrap();
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    assert!(String::from_utf8_lossy(&rendered.stdout).contains("<svg"));
    assert!(
        rendered.stderr.is_empty(),
        "Graphviz warned: {}",
        String::from_utf8_lossy(&rendered.stderr)
    );
}

#[test]
fn score_prints_each_administration_and_refuses_bad_input() {
    let o = implsci(&[
        "score",
        "examples/data/dca_instrument.json",
        "examples/data/dca_administrations.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let table = stdout(&o);
    assert!(table.contains("15/16 (93.8%)"), "{table}");
    assert!(
        table.contains("not computable: too many items missing (1 missing, 0 allowed)"),
        "the administration with a missing item is not computable:\n{table}"
    );

    let csv = implsci(&[
        "score",
        "examples/data/dca_instrument.json",
        "examples/data/dca_administrations.json",
        "--format",
        "csv",
    ]);
    let text = stdout(&csv);
    assert!(text.starts_with("instrument,subject_kind,subject,date,measure,"));
    // 7 administrations × (total + 3 subscales) rows, plus the header.
    assert_eq!(text.lines().count(), 1 + 7 * 4);

    assert_eq!(
        implsci(&[
            "score",
            "examples/data/dca_administrations.json",
            "examples/data/dca_administrations.json"
        ])
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        implsci(&["score", "examples/data/dca_instrument.json", "no/such.json"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn written_json_matches_the_report_schemas() {
    let validator = |name: &str| {
        let text =
            std::fs::read_to_string(common::schemas_dir().join(format!("{name}.schema.json")))
                .unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap()
    };
    let json = |args: &[&str]| -> serde_json::Value {
        let o = implsci(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let align = json(&[
        "align",
        "examples/data/state_system.json",
        "--format",
        "json",
    ]);
    assert!(validator("AlignmentReport").is_valid(&align));
    let scores = json(&[
        "score",
        "examples/data/dca_instrument.json",
        "examples/data/dca_administrations.json",
        "--format",
        "json",
    ]);
    let score = validator("Score");
    for s in scores.as_array().unwrap() {
        let errors: Vec<String> = score.iter_errors(s).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    let rollup = json(&[
        "rollup",
        "examples/data/state_system.json",
        "examples/data/dca_administrations.json",
        "--instrument",
        "examples/data/dca_instrument.json",
        "--format",
        "json",
    ]);
    assert!(validator("Rollup").is_valid(&rollup));
    let log = [
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
    ];
    let coaching = json(&["coaching", log[0], log[1], "--format", "json"]);
    assert!(validator("CoachingReport").is_valid(&coaching));
    let rolled = json(&[
        "coaching",
        log[0],
        log[1],
        "--innovation",
        "examples/data/innovation.json",
        "--rollup",
        "--format",
        "json",
    ]);
    let errors: Vec<String> = validator("CoachingRollup")
        .iter_errors(&rolled)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let loops = json(&["loops", log[0], log[1], "--format", "json"]);
    assert!(validator("LoopReport").is_valid(&loops));
}

#[test]
fn score_takes_built_in_instruments_by_name() {
    let o = implsci(&[
        "score",
        "hexagon-2013",
        "examples/data/hexagon_administrations.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    // Wake: 4 + 5 + 3 + 4 + 4 + 3 = 23 of 30 on the form's total row.
    assert!(stdout(&o).contains("23/30"), "{}", stdout(&o));
    assert_eq!(
        implsci(&[
            "score",
            "no-such-instrument",
            "examples/data/hexagon_administrations.json"
        ])
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn coaching_reports_dose_delivery_and_caseloads_from_the_example_log() {
    let o = implsci(&[
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let table = stdout(&o);
    // Lincoln's teacher finished two cycles; Roosevelt's started one and did not finish it.
    assert!(table.contains("lincoln-t1"), "{table}");
    assert!(
        table.contains("11/8 (137.5%)"),
        "coach-wake-1 is over capacity:\n{table}"
    );
    let csv = stdout(&implsci(&[
        "coaching",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--format",
        "csv",
    ]));
    let lincoln = csv.lines().find(|l| l.starts_with("lincoln-t1,")).unwrap();
    let cols: Vec<&str> = lincoln.split(',').collect();
    assert_eq!((cols[3], cols[4]), ("2", "2"), "{lincoln}");
    let roosevelt = csv
        .lines()
        .find(|l| l.starts_with("roosevelt-t1,"))
        .unwrap();
    assert_eq!(
        roosevelt.split(',').nth(8),
        Some("1"),
        "one incomplete cycle: {roosevelt}"
    );
}

#[test]
fn coaching_reports_references_the_system_does_not_have_by_line() {
    let dir = std::env::temp_dir().join(format!("implsci-cli-refs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log.jsonl");
    std::fs::write(
        &log,
        concat!(
            r#"{"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "T", "attendees": ["lincoln-t1"]}"#, "\n",
            "\n",
            r#"{"kind": "coaching_plan", "id": "e-2", "date": "2024-09-02", "coach": "coach-nobody", "practitioners": ["lincoln-t1"], "format": "in_person", "every_days": 14, "start": "2024-09-02"}"#, "\n",
        ),
    )
    .unwrap();
    let o = implsci(&[
        "coaching",
        log.to_str().unwrap(),
        "examples/data/state_system.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 3: $.coach: dangling_reference"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn loops_show_where_feedback_stalls_in_the_example_state() {
    let o = implsci(&[
        "loops",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
        "--as-of",
        "2024-11-30",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let row = |unit: &str| {
        text.lines()
            .find(|l| l.split(',').nth(2) == Some(unit))
            .unwrap()
            .to_string()
    };
    // Southport's barrier reached its district team and stalls where the chain breaks.
    assert!(
        row("southport-es").contains(",open,brunswick-dit,40,brunswick,"),
        "{text}"
    );
    // Roosevelt's barrier never left the school: its team is not supported by the district's.
    assert!(
        row("roosevelt-es").contains(",open,,18,roosevelt-es,"),
        "{text}"
    );
    // Lincoln's barrier is at the state team, not stuck.
    assert!(row("lincoln-es").contains(",open,sit,26,,"), "{text}");
    let later = stdout(&implsci(&[
        "loops",
        "examples/data/state_events.jsonl",
        "examples/data/state_system.json",
    ]));
    assert!(
        later.contains("resolutions that changed policy: 2/2"),
        "{later}"
    );
}

#[test]
fn a_malformed_log_line_is_reported_and_the_rest_is_read() {
    let o = implsci(&[
        "coaching",
        "tests/fixtures/events/malformed.jsonl",
        "examples/data/state_system.json",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 2: $.colour: shape"), "{err}");
    assert!(err.contains("15 lines read, 12 refused, 1 blank"), "{err}");
}

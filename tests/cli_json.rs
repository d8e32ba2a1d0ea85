//! Every JSON the command line writes validates against the schema `implsci schema --list`
//! names for it, with formats asserted.

mod run;

use run::implsci;

use std::collections::BTreeMap;

/// The command each report's line of `schema --list` names (`implsci coaching --rollup
/// --format json` → `coaching --rollup`), and the schema it names.
fn listed() -> BTreeMap<String, String> {
    let o = implsci(&["schema", "--list"]);
    let text = String::from_utf8(o.stdout).unwrap();
    let mut commands = BTreeMap::new();
    for line in text.lines() {
        let Some(start) = line.find("(`implsci ") else {
            continue;
        };
        let Some(end) = line[start..].find(" --format json`)") else {
            continue;
        };
        let command = line[start + "(`implsci ".len()..start + end].to_string();
        let name = line.split_whitespace().next().unwrap().to_string();
        commands.insert(command, name);
    }
    commands
}

fn validate(schema_name: &str, value: &serde_json::Value, command: &str) {
    let path = format!(
        "{}/schemas/{schema_name}.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "`implsci {command}` does not match {schema_name}: {errors:#?}"
    );
}

/// Each command the list names, with the arguments that run it over the example data.
fn runs() -> Vec<(&'static str, Vec<&'static str>)> {
    let log = "examples/data/state_events.jsonl";
    let system = "examples/data/state_system.json";
    let innovation = "examples/data/innovation.json";
    // (the command as the list names it, the arguments that run it over the example data)
    vec![
        (
            "validate",
            vec![
                "validate",
                "examples/data/dca_instrument.json",
                "examples/data/dca_administrations.json",
                system,
                log,
                "tests/fixtures/invalid/innovation_unknown_field.json",
            ],
        ),
        (
            "score",
            vec![
                "score",
                "examples/data/dca_instrument.json",
                "examples/data/dca_administrations.json",
            ],
        ),
        (
            "score --series",
            vec![
                "score",
                "examples/data/dca_instrument.json",
                "examples/data/dca_administrations.json",
                "--series",
            ],
        ),
        (
            "rollup",
            vec![
                "rollup",
                system,
                "examples/data/dca_administrations.json",
                "--instrument",
                "examples/data/dca_instrument.json",
            ],
        ),
        ("align", vec!["align", system]),
        ("units", vec!["units", system]),
        ("coaching", vec!["coaching", log, system]),
        (
            "coaching --innovation FILE",
            vec!["coaching", log, system, "--innovation", innovation],
        ),
        (
            "coaching --rollup",
            vec![
                "coaching",
                log,
                system,
                "--innovation",
                innovation,
                "--rollup",
            ],
        ),
        ("loops", vec!["loops", log, system, "--as-of", "2024-11-30"]),
        (
            "impact",
            vec![
                "impact",
                system,
                "--level",
                "district",
                "--as-of",
                "2025-01-31",
                "--events",
                log,
                "--sites",
                "examples/data/sites/wake.json",
                "examples/data/sites/lincoln-es.json",
                "examples/data/sites/buncombe.json",
                "--administrations",
                "examples/data/impact_self_assessment_administrations.json",
                "--instrument",
                "examples/data/impact_self_assessment.json",
            ],
        ),
    ]
}

#[test]
fn every_json_output_matches_the_schema_the_list_names() {
    let runs = runs();
    let listed = listed();
    for (command, args) in &runs {
        let name = listed
            .get(*command)
            .unwrap_or_else(|| panic!("`schema --list` names no schema for `implsci {command}`"));
        let args: Vec<&str> = args.iter().copied().chain(["--format", "json"]).collect();
        let o = implsci(&args);
        assert!(
            o.status.code() == Some(0) || *command == "validate",
            "{command}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let value: serde_json::Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("`implsci {command}` wrote no JSON: {e}"));
        validate(name, &value, command);
    }
    // Every command the list names is run here.
    for command in listed.keys() {
        assert!(
            runs.iter().any(|(c, _)| c == command),
            "`schema --list` names `implsci {command}`, which this test does not run"
        );
    }
}

#[test]
fn generate_writes_a_system_document_its_schema_accepts() {
    let o = implsci(&[
        "generate",
        "--regions",
        "2",
        "--districts",
        "2",
        "--schools",
        "2",
        "--practitioners",
        "3",
        "--seed",
        "7",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    validate("SystemDocument", &value, "generate");
}

//! `implsci validate` checks the files given together against each other.

mod run;

use run::{implsci, stdout};

use std::path::PathBuf;

/// A file in a fresh folder of the test's own, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("implsci-validate-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_example_data_validates_together() {
    let o = implsci(&[
        "validate",
        "examples/data/dca_administrations.json",
        "examples/data/dca_instrument.json",
        "examples/data/hexagon_administrations.json",
        "examples/data/innovation.json",
        "examples/data/site_record.json",
        "examples/data/state_system.json",
        "examples/data/state_events.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("state_events.jsonl: ok (EventLog)"));
}

#[test]
fn administrations_are_checked_against_the_instrument_and_the_system() {
    let scratch = Scratch::new("administrations");
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("examples/data/dca_administrations.json").unwrap(),
    )
    .unwrap();
    doc["administrations"][0]["responses"][0]["value"] = 3.into();
    doc["administrations"][0]["responses"][1]["item"] = "lead-9".into();
    doc["administrations"][0]["subject"] = serde_json::json!({"unit": "wake-co"});
    let bad = scratch.write("administrations.json", &doc.to_string());
    let o = implsci(&[
        "validate",
        "--format",
        "json",
        "examples/data/dca_instrument.json",
        "examples/data/state_system.json",
        &bad,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let problems: Vec<(String, String)> = reports[2]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "$.administrations[0].responses[0].value".to_string(),
                "out_of_range".to_string()
            ),
            (
                "$.administrations[0].responses[1].item".to_string(),
                "dangling_reference".to_string()
            ),
            (
                "$.administrations[0].subject.unit".to_string(),
                "dangling_reference".to_string()
            ),
        ]
    );
}

#[test]
fn without_the_instrument_only_the_system_is_checked() {
    // The DCA is not built in: given alone, its administrations are not held to it.
    let o = implsci(&[
        "validate",
        "examples/data/state_system.json",
        "examples/data/dca_administrations.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn an_event_log_is_read_line_by_line_and_checked_against_the_system() {
    let scratch = Scratch::new("log");
    let log = scratch.write(
        "events.jsonl",
        concat!(
            r#"{"kind": "training", "id": "e-1", "date": "2024-08-20", "training": "T", "attendees": ["lincon-t2"]}"#,
            "\nnot json\n",
            r#"{"kind": "training", "id": "e-2", "date": "2024-08-20", "training": "T", "attendees": []}"#,
            "\n"
        ),
    );
    let o = implsci(&["validate", "examples/data/state_system.json", &log]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(lines[0], format!("{log}: invalid, 2 problems"));
    assert!(
        lines[1].starts_with("  line 1: $.attendees[0]: dangling_reference:"),
        "{text}"
    );
    assert!(lines[2].starts_with("  line 2: $: syntax:"), "{text}");
    let o = implsci(&["validate", "--format", "json", &log]);
    let reports: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(reports[0]["document_type"], "EventLog");
    assert_eq!(reports[0]["problems"][0]["line"], 2); // no system: only the bad line
}

#[test]
fn every_shape_problem_of_a_document_is_listed() {
    let scratch = Scratch::new("shape");
    let bad = scratch.write(
        "innovation.json",
        r#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X",
            "essential_functions": [{"id": "a", "name": 1}, {"id": "b", "name": "B"}, {"id": "c", "name": 3}]}"#,
    );
    let o = implsci(&["validate", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains(&format!("{bad}: invalid, 2 problems")),
        "{text}"
    );
    assert!(text.contains("$.essential_functions[0].name"), "{text}");
    assert!(text.contains("$.essential_functions[2].name"), "{text}");
}

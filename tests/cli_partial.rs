//! `score` and `rollup` refuse the bad administrations, say why with the file and path, and
//! compute the rest.

mod run;

use run::implsci;

/// The example's administrations with three broken: a value off the scale, a date that is not
/// one, and a unit the system does not have.
fn broken() -> (tempfile_path::Path, usize) {
    let mut doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("examples/data/dca_administrations.json").unwrap(),
    )
    .unwrap();
    let list = doc["administrations"].as_array_mut().unwrap();
    let n = list.len();
    list[0]["responses"][0]["value"] = 3.into();
    list[1]["date"] = "2024-13-01".into();
    list[n - 1]["subject"] = serde_json::json!({"unit": "wake-co"});
    (tempfile_path::Path::with(&doc.to_string()), n)
}

mod tempfile_path {
    /// A file of the test's own, removed when dropped.
    pub struct Path(pub std::path::PathBuf);

    impl Path {
        pub fn with(text: &str) -> Self {
            use std::sync::atomic::{AtomicUsize, Ordering};
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "implsci-partial-{}-{}.json",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::write(&path, text).unwrap();
            Self(path)
        }

        pub fn as_str(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }

    impl Drop for Path {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

#[test]
fn score_scores_the_good_administrations_and_names_the_bad() {
    let (file, n) = broken();
    let o = implsci(&[
        "score",
        "examples/data/dca_instrument.json",
        file.as_str(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let scores: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    // Without a system the unit is not checked: two refused.
    assert_eq!(scores.len(), n - 2);
    let stderr = String::from_utf8(o.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    let f = file.as_str();
    assert_eq!(
        lines,
        [
            format!(
                "{f}: $.administrations[0].responses[0].value: out_of_range: item `lead-1`: 3 is outside the scale 0 to 2 (id: lead-1)"
            )
            .as_str(),
            lines[1],
            format!("{f}: {n} administrations read: {} scored, 2 refused", n - 2).as_str(),
        ]
    );
    assert!(
        lines[1].starts_with(&format!(
            "{f}: $.administrations[1].date: shape: \"2024-13-01\" is not a date"
        )),
        "{stderr}"
    );
}

#[test]
fn rollup_also_refuses_subjects_the_system_does_not_have() {
    let (file, n) = broken();
    let o = implsci(&[
        "rollup",
        "examples/data/state_system.json",
        file.as_str(),
        "--instrument",
        "examples/data/dca_instrument.json",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!o.stdout.is_empty(), "the rest is rolled up");
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "$.administrations[{}].subject.unit: dangling_reference: unit `wake-co` is not in the system",
            n - 1
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{n} administrations read: {} scored, 3 refused",
            n - 3
        )),
        "{stderr}"
    );
}

#[test]
fn a_bad_envelope_still_refuses_the_whole_document() {
    let file = tempfile_path::Path::with(
        r#"{"kind": "administrations", "schema_version": "9.0.0", "administrations": []}"#,
    );
    let o = implsci(&["score", "examples/data/dca_instrument.json", file.as_str()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

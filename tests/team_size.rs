//! Team-size settings: the minimum is from the sources, the upper bound is this crate's
//! choice and may be absent (no upper bound); documents written with both still read.

use implsci::Document;
use implsci::error::ProblemKind;
use implsci::system::{AlignmentParams, SizeFlag, SizeRange, System, SystemDocument};

fn example() -> SystemDocument {
    let text = std::fs::read_to_string("examples/data/state_system.json").unwrap();
    SystemDocument::from_json(&text).unwrap()
}

fn flag(system: &System, team: &str) -> Option<SizeFlag> {
    let report = system.alignment(&AlignmentParams::default());
    report
        .teams
        .iter()
        .find(|t| t.team.as_str() == team)
        .unwrap()
        .size_flag
}

/// A document's JSON with `settings.team_size` set to `value`.
fn with_team_size(value: serde_json::Value) -> String {
    let mut json: serde_json::Value = serde_json::from_str(&example().to_json().unwrap()).unwrap();
    json["settings"] = serde_json::json!({});
    json["settings"]["team_size"] = value;
    json.to_string()
}

#[test]
fn a_range_with_both_bounds_still_reads_and_flags_both_ways() {
    let doc = SystemDocument::from_json(&with_team_size(serde_json::json!({"min": 3, "max": 5})))
        .unwrap();
    assert_eq!(doc.settings.team_size, SizeRange::between(3, 5));
    assert_eq!(
        SystemDocument::from_json(&doc.to_json().unwrap()).unwrap(),
        doc
    );
    let system = System::build(doc).unwrap();
    assert_eq!(flag(&system, "erwin-bit"), Some(SizeFlag::TooLarge)); // 7 members
    assert_eq!(flag(&system, "roosevelt-bit"), Some(SizeFlag::TooSmall)); // 2 members
}

#[test]
fn no_upper_bound_flags_no_team_as_too_large() {
    let doc = SystemDocument::from_json(&with_team_size(serde_json::json!({"min": 3}))).unwrap();
    assert_eq!(doc.settings.team_size, SizeRange::at_least(3));
    let json = doc.to_json().unwrap();
    assert!(!json.contains(r#""max""#), "{json}");
    assert_eq!(SystemDocument::from_json(&json).unwrap(), doc);
    let system = System::build(doc).unwrap();
    assert_eq!(flag(&system, "erwin-bit"), None);
    assert_eq!(flag(&system, "roosevelt-bit"), Some(SizeFlag::TooSmall));
    let report = system.alignment(&AlignmentParams::default());
    assert!(report.to_string().contains("size 3 or more"));
}

#[test]
fn only_a_minimum_above_a_maximum_is_refused() {
    let err = SystemDocument::from_json(&with_team_size(serde_json::json!({"min": 6, "max": 2})))
        .unwrap_err();
    let problems = err.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.path == "$.settings.team_size" && p.kind == ProblemKind::OutOfRange),
        "{problems:?}"
    );
    assert!(SystemDocument::from_json(&with_team_size(serde_json::json!({"min": 60}))).is_ok());
}

#[test]
fn no_upper_bound_survives_the_tables() {
    use implsci::tables::{Folder, ReadOptions, SystemOptions, export_system, import_system};
    let mut doc = example();
    for (range, cell) in [
        (SizeRange::at_least(4), "none"),
        (SizeRange::between(5, 7), "7"),
    ] {
        doc.settings.team_size = range;
        let dir = std::env::temp_dir().join(format!(
            "implsci-team-size-{}-{}",
            range.min,
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        implsci::tables::write_folder(&dir, &export_system(&doc)).unwrap();
        let system_csv = std::fs::read_to_string(dir.join("system.csv")).unwrap();
        let back = import_system(
            &mut Folder::new(&dir),
            &ReadOptions::default(),
            &SystemOptions::default(),
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            system_csv
                .lines()
                .nth(1)
                .unwrap()
                .contains(&format!(",{cell},")),
            "{system_csv}"
        );
        assert_eq!(back.unwrap().document.settings.team_size, range);
    }
}

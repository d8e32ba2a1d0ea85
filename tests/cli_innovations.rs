//! `--innovation` and `--sites` on `implsci align`, `coaching` and `loops`.

mod run;

use run::{implsci, stdout};

const SYSTEM: &str = "tests/fixtures/innovations/system.json";
const LINCOLN: &str = "tests/fixtures/innovations/lincoln.json";
const EVENTS: &str = "tests/fixtures/innovations/events.jsonl";

fn json(args: &[&str]) -> serde_json::Value {
    let out = implsci(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn align_counts_loads_per_innovation_and_frees_de_implemented_load() {
    let before = json(&[
        "align",
        SYSTEM,
        "--format",
        "json",
        "--as-of",
        "2025-01-31",
        "--sites",
        LINCOLN,
    ]);
    assert_eq!(before["coaches"][0]["load"]["numerator"], 7);
    let after = json(&[
        "align",
        SYSTEM,
        "--format",
        "json",
        "--as-of",
        "2025-02-01",
        "--sites",
        LINCOLN,
    ]);
    let coach = &after["coaches"][0];
    assert_eq!(coach["load"]["numerator"], 5);
    assert_eq!(coach["by_innovation"][1]["de_implemented"], 2);
    let table = stdout(&implsci(&[
        "align",
        SYSTEM,
        "--as-of",
        "2025-02-01",
        "--sites",
        LINCOLN,
    ]));
    assert!(table.contains("coach loads by innovation"), "{table}");
}

#[test]
fn align_by_innovation() {
    let cico = json(&[
        "align",
        SYSTEM,
        "--format",
        "json",
        "--innovation",
        "check-in-check-out",
    ]);
    let teams: Vec<_> = cico["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(teams, ["wake-dit", "lincoln-cico-team"]);
    assert_eq!(cico["coaches"][0]["load"]["numerator"], 4);
}

#[test]
fn coaching_by_the_innovation_document() {
    let dir = std::env::temp_dir().join(format!("implsci-innovations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/data/innovation.json").unwrap())
            .unwrap();
    doc["id"] = "good-behavior-game".into();
    let path = dir.join("gbg.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = implsci(&[
        "coaching",
        EVENTS,
        SYSTEM,
        "--format",
        "csv",
        "--as-of",
        "2024-09-30",
        "--innovation",
        path.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    let rows: Vec<_> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(rows, ["lincoln-t4"], "{text}");
    let all = stdout(&implsci(&[
        "coaching",
        EVENTS,
        SYSTEM,
        "--format",
        "csv",
        "--as-of",
        "2024-09-30",
    ]));
    assert_eq!(all.lines().count(), 3);
    let table = stdout(&implsci(&[
        "coaching",
        EVENTS,
        SYSTEM,
        "--as-of",
        "2025-02-01",
        "--sites",
        LINCOLN,
    ]));
    assert!(table.contains("5/5"), "{table}");
    assert!(table.contains("(+2 de-implemented)"), "{table}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn loops_by_innovation() {
    let out = implsci(&[
        "loops",
        EVENTS,
        SYSTEM,
        "--format",
        "csv",
        "--innovation",
        "good-behavior-game",
    ]);
    let text = stdout(&out);
    let ids: Vec<_> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["e-4", "e-5"], "{text}");
}

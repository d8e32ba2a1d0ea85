//! `implsci plan apply`: a plan applied to the example state, its output read back by `align`
//! and `units`, and a bad plan refused with its problems, their paths and the file's name.

mod run;

use run::{implsci, stdout};

const SYSTEM: &str = "examples/data/state_system.json";
const PLAN: &str = "examples/data/plan_coastal.json";

/// A file in a fresh folder of the target directory, for one test.
fn scratch(test: &str, name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_plan-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn the_planned_system_is_read_by_align() {
    let out = scratch("align", "planned.json");
    let out_str = out.to_str().unwrap();
    let o = implsci(&[
        "plan",
        "apply",
        SYSTEM,
        PLAN,
        "--as-of",
        "2025-09-01",
        "-o",
        out_str,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty(), "the document goes to the file");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("{\n  \"kind\": \"implementation_system\""),
        "pretty JSON"
    );
    assert!(text.ends_with("}\n"));

    let before = implsci(&["align", SYSTEM, "--format", "csv"]);
    let after = implsci(&["align", out_str, "--format", "csv"]);
    assert_eq!(
        after.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
    let chain_of = |csv: &str, unit: &str| -> String {
        let mut rows = csv.lines();
        let header: Vec<&str> = rows.next().unwrap().split(',').collect();
        let (u, c) = (
            header.iter().position(|h| *h == "unit").unwrap(),
            header.iter().position(|h| *h == "chain").unwrap(),
        );
        rows.map(|r| r.split(',').collect::<Vec<_>>())
            .find(|r| r[u] == unit)
            .map(|r| r[c].to_string())
            .unwrap()
    };
    let (before, after) = (stdout(&before), stdout(&after));
    for unit in ["brunswick", "southport-es", "leland-ms"] {
        assert_eq!(chain_of(&before, unit), "broken", "{unit} before");
        assert_eq!(chain_of(&after, unit), "own_team", "{unit} after");
    }
    assert_eq!(chain_of(&after, "roosevelt-es"), "broken");

    let units = implsci(&["units", out_str]);
    assert_eq!(units.status.code(), Some(0));
    assert!(stdout(&units).contains("leland-ms"));
}

#[test]
fn without_a_file_the_document_goes_to_stdout_and_an_early_date_leaves_actions_out() {
    let o = implsci(&["plan", "apply", SYSTEM, PLAN, "--as-of", "2025-01-31"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let teams: Vec<&str> = doc["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(teams.contains(&"coastal-rit"));
    assert!(!teams.contains(&"leland-bit"), "formed on 2025-02-03");
}

#[test]
fn a_bad_plan_is_refused_with_its_paths_and_its_file() {
    let plan = scratch("bad", "bad_plan.json");
    std::fs::write(
        &plan,
        r#"{"kind": "plan", "schema_version": "1.0.0", "actions": [
            {"action": "form_team", "date": "2025-01-06", "team": {"id": "leland-bit", "unit": "leland-es"}},
            {"action": "link_teams", "date": "2025-01-06", "from": "brunswick-dit", "to": "lealnd-bit"}
        ]}"#,
    )
    .unwrap();
    let o = implsci(&[
        "plan",
        "apply",
        SYSTEM,
        plan.to_str().unwrap(),
        "--as-of",
        "2025-09-01",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad_plan.json: invalid"), "{err}");
    assert!(
        err.contains("$.actions[1].to: dangling_reference")
            && err.contains("did you mean `leland-bit`?"),
        "{err}"
    );
    assert!(
        err.contains("$.actions[0].team.unit: dangling_reference")
            && err.contains("did you mean `leland-ms`?"),
        "{err}"
    );
}

#[test]
fn a_plan_with_a_shape_problem_or_a_bad_date_is_refused() {
    let o = implsci(&[
        "plan",
        "apply",
        SYSTEM,
        "tests/fixtures/invalid/plan_date_with_time.json",
        "--as-of",
        "2025-09-01",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("plan_date_with_time.json: invalid"), "{err}");
    assert!(err.contains("$.actions[1].date: shape"), "{err}");
    let o = implsci(&["plan", "apply", SYSTEM, PLAN, "--as-of", "2025-13-01"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validate_checks_a_plan_against_the_system_given_with_it() {
    let plan = scratch("validate", "typo_plan.json");
    std::fs::write(
        &plan,
        r#"{"kind": "plan", "schema_version": "1.0.0", "actions": [
            {"action": "train_cohort", "date": "2025-03-03", "innovation": "check-in-check-out", "units": ["lealnd-ms"], "components": ["theory"]}
        ]}"#,
    )
    .unwrap();
    let path = plan.to_str().unwrap();
    // Alone, the plan is well formed.
    assert_eq!(implsci(&["validate", path]).status.code(), Some(0));
    let o = implsci(&["validate", SYSTEM, PLAN, path]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("plan_coastal.json: ok (Plan)"), "{out}");
    assert!(
        out.contains("$.actions[0].units[0]: dangling_reference")
            && out.contains("did you mean `leland-ms`?"),
        "{out}"
    );
}

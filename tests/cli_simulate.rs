//! `implsci simulate`: the example scenario's forecast as a table, tidy CSV and JSON, the
//! output folder, the same bytes for the same seed, and an invalid scenario refused with every
//! problem and its path.

mod run;

use run::{implsci, stdout};

const SCENARIO: &str = "examples/data/scenario.json";

fn scratch(test: &str) -> std::path::PathBuf {
    let dir =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_simulate-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_table_compares_the_plans() {
    let text = stdout(&implsci(&["simulate", SCENARIO, "--replicates", "20"]));
    assert!(
        text.starts_with(
            "Check-In/Check-Out scale-up, 2025-2031\n20 replicates per plan, seed 2025"
        ),
        "{text}"
    );
    for plan in [
        "current plan",
        "form the missing teams",
        "teams and a Brunswick coach",
    ] {
        assert!(text.contains(plan), "{plan}: {text}");
    }
    assert!(text.contains("Brunswick County Schools"), "{text}");
    assert!(text.contains("Cost (medians over replicates):"), "{text}");
    assert!(!text.contains("Some("), "no Rust debug text: {text}");
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let run = |seed: &str| {
        implsci(&[
            "simulate",
            SCENARIO,
            "--replicates",
            "12",
            "--seed",
            seed,
            "--format",
            "json",
        ])
        .stdout
    };
    assert_eq!(run("5"), run("5"));
    assert_ne!(run("5"), run("6"));
}

#[test]
fn csv_has_one_row_per_plan_and_unit_with_the_hierarchy_columns() {
    let text = stdout(&implsci(&[
        "simulate",
        SCENARIO,
        "--replicates",
        "10",
        "--format",
        "csv",
        "--level",
        "school",
    ]));
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "plan,unit,name,level,parent,state,region,district,innovation,posts,p10,median,p90,reached,replicates"
        )
    );
    // 3 plans × 17 units.
    assert_eq!(lines.clone().count(), 3 * 17);
    let parkwood = lines
        .find(|l| l.starts_with("current plan,parkwood-es,"))
        .unwrap();
    assert!(
        parkwood.contains(",school,durham,state,central,durham,check-in-check-out,5,"),
        "{parkwood}"
    );
}

#[test]
fn out_writes_the_units_the_series_and_the_json() {
    let dir = scratch("out");
    let o = implsci(&[
        "simulate",
        SCENARIO,
        "--replicates",
        "10",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let series = std::fs::read_to_string(dir.join("series.csv")).unwrap();
    assert!(series.starts_with(
        "plan,date,unit,name,level,parent,state,region,district,innovation,measure,p10,median,p90\n"
    ));
    assert!(series.contains(",at_fidelity,"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("forecast.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert!(
        std::fs::read_to_string(dir.join("units.csv"))
            .unwrap()
            .lines()
            .count()
            > 3
    );
}

#[test]
fn an_invalid_scenario_is_refused_with_every_problem() {
    let dir = scratch("invalid");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCENARIO).unwrap()).unwrap();
    json["system"]["path"] = std::fs::canonicalize("examples/data/state_system.json")
        .unwrap()
        .to_str()
        .unwrap()
        .into();
    json["horizon"] = "2020-01-01".into();
    json["parameters"]["broken_chain_effect"] = 2.into();
    json["plans"][1]["actions"][2]["from"] = "sitt".into();
    let path = dir.join("scenario.json");
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    let o = implsci(&["simulate", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    for expected in [
        "$.horizon",
        "$.parameters.broken_chain_effect",
        "$.plans[1].actions[2].from",
        "did you mean `sit`?",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
}

#[test]
fn events_writes_a_log_the_other_commands_read() {
    let dir = scratch("events");
    let log = dir.join("run.jsonl");
    let output = implsci(&[
        "simulate",
        SCENARIO,
        "--replicates",
        "3",
        "--events",
        log.to_str().unwrap(),
        "--plan",
        "form the missing teams",
        "--replicate",
        "2",
        "--innovation",
        "examples/data/innovation.json",
    ]);
    assert!(output.status.success());
    let note = String::from_utf8_lossy(&output.stderr);
    assert!(
        note.contains("plan `form the missing teams`, replicate 2, seed 2025"),
        "{note}"
    );
    let system = dir.join("run.system.json");
    assert!(note.contains(&system.display().to_string()), "{note}");
    let (log, system) = (log.to_str().unwrap(), system.to_str().unwrap());
    let check = implsci(&["validate", system]);
    assert!(check.status.success(), "{}", stdout(&check));
    let coaching = stdout(&implsci(&[
        "coaching",
        log,
        system,
        "--innovation",
        "examples/data/innovation.json",
    ]));
    assert!(coaching.contains("days to fidelity"), "{coaching}");
    assert!(coaching.contains('~'), "hires are coached too: {coaching}");
    let loops = stdout(&implsci(&["loops", log, system]));
    assert!(loops.contains("closed"), "{loops}");
    let impact = implsci(&[
        "impact",
        system,
        "--level",
        "district",
        "--as-of",
        "2028-07-01",
        "--events",
        log,
    ]);
    assert!(impact.status.success());
    assert!(stdout(&impact).contains("Loop items raised in practice"));
}

#[test]
fn events_refuses_an_unknown_plan_and_a_replicate_not_run() {
    let dir = scratch("events-refused");
    let log = dir.join("run.jsonl");
    let log = log.to_str().unwrap();
    let plan = implsci(&[
        "simulate",
        SCENARIO,
        "--replicates",
        "2",
        "--events",
        log,
        "--plan",
        "no such plan",
    ]);
    assert_eq!(plan.status.code(), Some(2));
    let message = String::from_utf8_lossy(&plan.stderr);
    assert!(
        message.contains("no plan `no such plan` in the scenario; its plans: `current plan`"),
        "{message}"
    );
    let replicate = implsci(&[
        "simulate",
        SCENARIO,
        "--replicates",
        "2",
        "--events",
        log,
        "--replicate",
        "2",
    ]);
    assert_eq!(replicate.status.code(), Some(2));
    let message = String::from_utf8_lossy(&replicate.stderr);
    assert!(message.contains("runs replicates 0 to 1"), "{message}");
    assert!(!std::path::Path::new(log).exists());
    // --plan means nothing without --events.
    let usage = implsci(&["simulate", SCENARIO, "--plan", "current plan"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
#[allow(clippy::float_cmp)] // the chance goes through JSON and back unchanged
fn estimate_reads_the_chances_back_from_a_log() {
    let dir = scratch("estimate");
    let log = dir.join("run.jsonl");
    let log = log.to_str().unwrap();
    let made = implsci(&[
        "simulate",
        SCENARIO,
        "--replicates",
        "1",
        "--events",
        log,
        "--plan",
        "teams and a Brunswick coach",
        "--innovation",
        "examples/data/innovation.json",
    ]);
    assert!(made.status.success());
    let table = stdout(&implsci(&[
        "estimate",
        log,
        "--innovation",
        "examples/data/innovation.json",
    ]));
    assert!(
        table.starts_with("Chances within a school year, from "),
        "{table}"
    );
    assert!(table.contains("at fidelity, in use and coached"), "{table}");
    assert!(
        table.contains("too few data"),
        "no uncoached practitioner is observed: {table}"
    );
    let json = stdout(&implsci(&[
        "estimate",
        log,
        "--innovation",
        "examples/data/innovation.json",
        "--format",
        "json",
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let chance = value["estimates"]["fidelity_given"]["coaching"]["chance"]
        .as_f64()
        .expect("an estimate");
    // The `parameters` member is a scenario's `parameters`, holding the estimate.
    let parameters: implsci::scenario::Parameters =
        serde_json::from_value(value["parameters"].clone()).unwrap();
    assert_eq!(parameters.resolve().fidelity_given.coaching, chance);
    // An unreadable innovation is refused.
    let o = implsci(&["estimate", log, "--innovation", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
}

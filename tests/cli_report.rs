//! `implsci report`: the summary as text, the page as a file, and the inputs refused with
//! where they are wrong.

mod run;

use run::{implsci, stdout};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SYSTEM: &str = "examples/data/state_system.json";

#[test]
fn the_summary_is_printed_as_text() {
    let o = implsci(&[
        "report",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-01-31",
        "--events",
        "examples/data/state_events.jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("Example State (illustrative): implementation report\n"));
    assert!(
        text.contains(
            "Where the chain of support breaks\n  The chain of support breaks at 3 places"
        )
    );
    assert!(text.contains("Feedback loops from practice to policy\n  4 items were raised"));
}

#[test]
fn the_page_is_written_with_every_input() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_report");
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("report.html");
    let o = implsci(&[
        "report",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-01-31",
        "--events",
        "examples/data/state_events.jsonl",
        "--sites",
        "examples/data/sites/wake.json",
        "examples/data/sites/lincoln-es.json",
        "--scores",
        "examples/data/dca_instrument.json=examples/data/dca_administrations.json",
        "--innovation",
        "examples/data/innovation.json",
        "--title",
        "Piedmont & coast",
        "--html",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("wrote {}\n", out.display()));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h1>Piedmont &amp; coast</h1>"));
    assert!(html.contains("2 site records"));
    assert!(html.contains("share at criterion per school year"));
    // The administrations after the date looked at are said to be left out, not dropped
    // silently.
    assert!(stderr(&o).contains("administrations dated after 2025-01-31 are not counted"));
}

#[test]
fn a_level_the_system_lacks_is_refused() {
    let o = implsci(&[
        "report",
        SYSTEM,
        "--level",
        "county",
        "--as-of",
        "2025-01-31",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "implsci: the system has no level `county` (its levels: state, region, district, school)\n"
    );
}

#[test]
fn a_scores_argument_without_its_file_is_refused() {
    let o = implsci(&[
        "report",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-01-31",
        "--scores",
        "dca.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`dca.json` is not INSTRUMENT=FILE"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_site_record_of_another_system_is_named_and_left_out() {
    let o = implsci(&[
        "report",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-01-31",
        "--sites",
        "examples/data/site_record.json",
    ]);
    let err = stderr(&o);
    if err.is_empty() {
        // The record names a unit of the system: it is read.
        assert!(o.status.success());
        assert!(stdout(&o).contains("Where the chain of support breaks"));
    } else {
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains("is not a unit of the system; its record is not counted"),
            "{err}"
        );
    }
}

#[test]
fn scenario_adds_the_forecast_and_an_invalid_one_is_refused() {
    let o = implsci(&[
        "report",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-01-31",
        "--scenario",
        "examples/data/scenario.json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The text is wrapped: words are compared with single spaces.
    let text = stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("What the plans would bring"), "{text}");
    assert!(
        text.contains("Forecast over 200 runs (seed 2025)"),
        "{text}"
    );
    for plan in [
        "“current plan”",
        "“form the missing teams”",
        "“teams and a Brunswick coach”",
    ] {
        assert!(text.contains(plan), "{plan}: {text}");
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli_report-scenario");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("scenario.json");
    let mut scenario: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/data/scenario.json").unwrap())
            .unwrap();
    scenario["system"]["path"] = format!(
        "{}/examples/data/state_system.json",
        env!("CARGO_MANIFEST_DIR")
    )
    .into();
    scenario["horizon"] = "2020-01-01".into();
    std::fs::write(&bad, scenario.to_string()).unwrap();
    let o = implsci(&[
        "report",
        SYSTEM,
        "--level",
        "district",
        "--as-of",
        "2025-01-31",
        "--scenario",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("$.horizon"), "{}", stderr(&o));
}

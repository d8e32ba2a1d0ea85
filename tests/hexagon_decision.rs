//! The team's decision at the end of a Hexagon Tool 2018 exploration (Metz & Louison 2018):
//! read from documents and tables, carried into the scores and the `implsci score` output,
//! and refused on an administration of an instrument that takes none.

mod common;

use std::process::{Command, Output};

use implsci::Document;
use implsci::error::ProblemKind;
use implsci::score::instruments::builtin;
use implsci::score::{
    Administration, AdministrationsDocument, ExplorationDecision, InstrumentExt, ScoreSubject,
    check_administrations,
};
use implsci::tables::{
    AdministrationLayout, AdministrationsOptions, ReadOptions, SubjectKind, Texts,
    export_administrations, import_administrations,
};

const FIXTURE: &str = "tests/fixtures/valid/administrations_hexagon_2018_decisions.json";

fn fixture() -> AdministrationsDocument {
    let text = std::fs::read_to_string(common::root().join(FIXTURE)).expect("the fixture reads");
    AdministrationsDocument::from_json(&text).expect("the fixture is valid")
}

fn implsci(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_implsci"))
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the implsci binary runs")
}

fn units() -> AdministrationsOptions {
    AdministrationsOptions::new(SubjectKind::Unit)
}

fn csv_of(table: &implsci::tables::TableOut) -> String {
    let mut out = Vec::new();
    table.write_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_fixture_reads_validates_and_its_scores_carry_the_decisions() {
    use ExplorationDecision::{Adopt, DeImplement, Replicate};
    let doc = fixture();
    let decisions: Vec<_> = doc.administrations.iter().map(|a| a.decision).collect();
    assert_eq!(
        decisions,
        [Some(Adopt), Some(Replicate), Some(DeImplement), None]
    );
    let hexagon = builtin("hexagon-2018").unwrap();
    assert!(
        hexagon.takes_decision(),
        "a boxed instrument says what it takes"
    );
    assert!(check_administrations(&doc, Some(&[hexagon.as_ref()]), None).is_empty());
    let scores: Vec<_> = hexagon
        .score_many(&doc.administrations)
        .collect::<Result<_, _>>()
        .unwrap();
    let carried: Vec<_> = scores.iter().map(|s| s.decision).collect();
    assert_eq!(carried, decisions);
    // The document writes the decision back as it read it, and leaves it out when absent.
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["administrations"][2]["decision"], "de_implement");
    assert!(json["administrations"][3].get("decision").is_none());
}

#[test]
fn a_decision_on_a_tfi_administration_is_refused_at_its_path() {
    let tfi = builtin("tfi-2.1-tier-1").unwrap();
    let mut a = Administration::new(
        tfi.definition().id.clone(),
        "2025-03-08".parse().unwrap(),
        ScoreSubject::Unit("lincoln-es".parse().unwrap()),
    );
    a.decision = Some(ExplorationDecision::Adopt);
    let doc = AdministrationsDocument::new(vec![fixture().administrations[0].clone(), a]);
    let hexagon = builtin("hexagon-2018").unwrap();
    let problems = check_administrations(&doc, Some(&[tfi.as_ref(), hexagon.as_ref()]), None);
    let decision: Vec<_> = problems
        .iter()
        .filter(|p| p.path.ends_with(".decision"))
        .map(|p| (p.path.as_str(), p.kind))
        .collect();
    assert_eq!(
        decision,
        [("$.administrations[1].decision", ProblemKind::OutOfRange)],
        "{problems:?}"
    );
    assert!(
        problems[0].message.contains("takes no decision"),
        "{problems:?}"
    );
    // The Hexagon Tool 2013 takes none either.
    let h2013 = builtin("hexagon-2013").unwrap();
    let mut old = Administration::new(
        h2013.definition().id.clone(),
        "2025-03-08".parse().unwrap(),
        ScoreSubject::Unit("lincoln-es".parse().unwrap()),
    );
    old.decision = Some(ExplorationDecision::Replicate);
    let problems = check_administrations(
        &AdministrationsDocument::new(vec![old]),
        Some(&[h2013.as_ref()]),
        None,
    );
    assert_eq!(problems[0].path, "$.administrations[0].decision");
}

#[test]
fn the_decisions_round_trip_through_both_layouts() {
    let doc = fixture();
    let hexagon = builtin("hexagon-2018").unwrap();
    for layout in [AdministrationLayout::Long, AdministrationLayout::Wide] {
        let table = &export_administrations(&doc, hexagon.definition(), &units(), layout)[0];
        assert!(table.headers.iter().any(|h| h == "decision"), "{layout:?}");
        let csv = csv_of(table);
        let read = import_administrations(
            &mut Texts::default().with("administrations", csv.clone()),
            hexagon.definition(),
            &units(),
            &ReadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}\n{csv}"));
        assert_eq!(read.document, doc, "{layout:?}\n{csv}");
    }
    // Without a decision, no decision column.
    let mut none = doc.clone();
    for a in &mut none.administrations {
        a.decision = None;
    }
    let table = &export_administrations(
        &none,
        hexagon.definition(),
        &units(),
        AdministrationLayout::Wide,
    )[0];
    assert!(!table.headers.iter().any(|h| h == "decision"));
}

fn import_err(csv: &str) -> Vec<String> {
    let hexagon = builtin("hexagon-2018").unwrap();
    let err = import_administrations(
        &mut Texts::default().with("administrations", csv),
        hexagon.definition(),
        &units(),
        &ReadOptions::default(),
    )
    .unwrap_err();
    err.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn decision_cells_are_matched_loosely_and_bad_ones_refused_at_their_cell() {
    let hexagon = builtin("hexagon-2018").unwrap();
    let long = "date,subject,decision,item,value\n\
                2025-03-08,lincoln-es,,evidence,4\n\
                2025-03-08,lincoln-es,De-implement,supports,3\n\
                2025-03-08,lincoln-es,DE IMPLEMENT,usability,3\n";
    let read = import_administrations(
        &mut Texts::default().with("administrations", long),
        hexagon.definition(),
        &units(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        read.document.administrations[0].decision,
        Some(ExplorationDecision::DeImplement)
    );

    let unknown = import_err("date,subject,decision,evidence\n2025-03-08,lincoln-es,maybe,4\n");
    assert_eq!(
        unknown,
        [
            "administrations.csv:2:3 (decision): \"maybe\" is not a decision; expected one of: \
          adopt, replicate, de_implement"
        ]
    );

    let two = import_err(
        "date,subject,decision,item,value\n\
         2025-03-08,lincoln-es,adopt,evidence,4\n\
         2025-03-08,lincoln-es,,supports,3\n\
         2025-03-08,lincoln-es,replicate,usability,3\n",
    );
    assert_eq!(two.len(), 1, "{two:?}");
    assert!(
        two[0].starts_with("administrations.csv:4:3 (decision): the decision `replicate`"),
        "{two:?}"
    );
    assert!(two[0].contains("`adopt` at row 2"), "{two:?}");
}

#[test]
fn implsci_score_shows_the_decisions_in_json_table_and_csv() {
    let json = implsci(&["score", "hexagon-2018", FIXTURE, "--format", "json"]);
    assert!(
        json.status.success(),
        "{}",
        String::from_utf8_lossy(&json.stderr)
    );
    let scores: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(scores[0]["decision"], "adopt");
    assert!(scores[3].get("decision").is_none());

    let table = implsci(&["score", "hexagon-2018", FIXTURE]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("decision: de_implement"), "{table}");

    let csv = implsci(&["score", "hexagon-2018", FIXTURE, "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().ends_with(",not_computable,decision"),
        "{csv}"
    );
    assert!(lines.next().unwrap().ends_with(",adopt"), "{csv}");
    assert!(lines.nth(2).unwrap().ends_with(','), "{csv}"); // oak: no decision

    // An administration of the Hexagon Tool 2013 with a decision is refused at its path.
    let mut doc = fixture();
    doc.administrations.truncate(1);
    let mut text = doc.to_json().unwrap();
    text = text.replace("hexagon-2018", "hexagon-2013");
    let dir = std::env::temp_dir().join(format!("implsci-hexagon-decision-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("administrations.json");
    std::fs::write(&file, text).unwrap();
    let refused = implsci(&["score", "hexagon-2013", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("$.administrations[0].decision"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

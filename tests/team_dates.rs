//! Teams with start and end dates: as of a date before a team is formed, its unit has no team
//! of its own, its links do not hold, and the reports say so.

use implsci::Document;
use implsci::error::ProblemKind;
use implsci::system::{AlignmentParams, Subject, System, SystemDocument, When};

fn example_with_lincoln_team_from(start: &str) -> System {
    let mut doc = SystemDocument::from_json(
        &std::fs::read_to_string("examples/data/state_system.json").unwrap(),
    )
    .unwrap();
    let team = doc
        .teams
        .iter_mut()
        .find(|t| t.id.as_str() == "lincoln-bit")
        .unwrap();
    team.start = Some(start.parse().unwrap());
    System::build(doc).unwrap()
}

fn on(date: &str) -> When {
    When::On(date.parse().unwrap())
}

#[test]
fn a_team_formed_later_does_not_count_before() {
    // Lincoln's building team forms on 15 September 2024, after Wake's link to it starts.
    let system = example_with_lincoln_team_from("2024-09-15");
    let before = system.alignment(&AlignmentParams::default().when(on("2024-09-01")));
    let lincoln = before
        .units
        .iter()
        .find(|u| u.unit.as_str() == "lincoln-es")
        .unwrap();
    assert_eq!(lincoln.teams, 0);
    assert_eq!(lincoln.linked_from_ancestor, None); // no team of its own to link
    assert_eq!(
        lincoln
            .ancestor_team_unit
            .as_ref()
            .map(implsci::id::UnitId::as_str),
        Some("wake")
    );
    assert!(
        lincoln.chain.is_unbroken(),
        "covered from Wake's team above"
    );
    assert!(
        before
            .teams
            .iter()
            .all(|t| t.team.as_str() != "lincoln-bit")
    );

    let after = system.alignment(&AlignmentParams::default().when(on("2024-10-01")));
    let lincoln = after
        .units
        .iter()
        .find(|u| u.unit.as_str() == "lincoln-es")
        .unwrap();
    assert_eq!(
        (lincoln.teams, lincoln.linked_from_ancestor),
        (1, Some(true))
    );
    assert!(after.teams.iter().any(|t| t.team.as_str() == "lincoln-bit"));
}

#[test]
fn a_communication_path_starts_at_the_teams_there_on_the_date() {
    let system = example_with_lincoln_team_from("2024-09-15");
    let school = Subject::Unit("lincoln-es".parse().unwrap());
    let path = |date| {
        system
            .communication_path(&school, on(date))
            .unwrap()
            .up
            .iter()
            .map(|t| t.as_str().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(path("2024-09-01"), ["wake-dit", "central-rit", "sit"]);
    assert_eq!(
        path("2024-10-01"),
        ["lincoln-bit", "wake-dit", "central-rit", "sit"]
    );
}

#[test]
fn a_team_that_ends_before_it_starts_is_refused() {
    let mut doc = SystemDocument::from_json(
        &std::fs::read_to_string("examples/data/state_system.json").unwrap(),
    )
    .unwrap();
    let i = doc
        .teams
        .iter()
        .position(|t| t.id.as_str() == "erwin-bit")
        .unwrap();
    doc.teams[i].start = Some("2025-01-01".parse().unwrap());
    doc.teams[i].end = Some("2024-01-01".parse().unwrap());
    let problems = doc.validate().unwrap_err().into_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.path.starts_with(&format!("$.teams[{i}]"))
                && p.kind == ProblemKind::DatesOutOfOrder),
        "{problems:?}"
    );
}

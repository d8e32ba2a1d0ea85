//! The alignment report's flags on teams.

use implsci::Document;
use implsci::system::{AlignmentParams, System, SystemDocument};

fn example() -> SystemDocument {
    SystemDocument::from_json(&std::fs::read_to_string("examples/data/state_system.json").unwrap())
        .unwrap()
}

#[test]
fn no_one_to_support_is_flagged_only_where_the_system_lists_practitioners() {
    // The example lists practitioners: a school team whose school has none is flagged.
    let mut doc = example();
    let hillside = doc.practitioners.len();
    doc.practitioners
        .retain(|p| p.unit.as_str() != "hillside-es");
    assert!(
        doc.practitioners.len() < hillside,
        "hillside-es has practitioners"
    );
    // ...and so do the coaches drawn from it, and their caseloads.
    doc.coaches.retain(|c| {
        !serde_json::to_string(&c.person)
            .unwrap()
            .contains("hillside")
    });
    doc.coaches.iter_mut().for_each(|c| {
        c.caseload.retain(|p| !p.as_str().starts_with("hillside"));
    });
    let report = System::build(doc)
        .unwrap()
        .alignment(&AlignmentParams::default());
    let team = |report: &implsci::system::AlignmentReport, id: &str| {
        report
            .teams
            .iter()
            .find(|t| t.team.as_str() == id)
            .unwrap()
            .no_one_to_support
    };
    assert!(team(&report, "hillside-bit"));

    // A system of units and teams alone (TFI scores of schools, no staff listed): no flag.
    let mut doc = example();
    doc.practitioners.clear();
    doc.coaches.clear();
    let report = System::build(doc)
        .unwrap()
        .alignment(&AlignmentParams::default());
    assert!(report.teams.iter().all(|t| !t.no_one_to_support));
    assert!(!report.to_string().contains("no one to support"));
}

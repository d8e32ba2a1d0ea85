//! Property tests for the synthetic generator: systems of any shape are the same for the same
//! seed, sized as the shape says, and agree with the brute-force recomputations of coverage,
//! queries and paths; large generated documents report every problem on two threads as on
//! one, and build small.

mod common;

use common::alignment::{check_coverage, check_paths, check_queries};
use common::id;

use implsci::error::ProblemKind;
use implsci::system::generate::{Shape, generate};
use implsci::system::{LinkKind, System, When};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_systems_build_deterministically(
        (regions, districts, schools, per_school) in (0u32..4, 0u32..4, 0u32..4, 0u32..6),
        probabilities in [0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0, 0.0f64..=1.0],
        link in 0.0f64..=1.0,
        capacity in 0u32..10,
        members in (0u32..8, 0u32..8),
        seed in any::<u64>(),
    ) {
        let mut shape = Shape::default();
        shape.regions = regions;
        shape.districts_per_region = districts;
        shape.schools_per_district = schools;
        shape.practitioners_per_school = per_school;
        shape.team_probability = probabilities;
        shape.link_probability = link;
        shape.coach_capacity = capacity;
        shape.team_members = members;
        let doc = generate(&shape, seed).unwrap();
        prop_assert_eq!(&generate(&shape, seed).unwrap(), &doc);
        prop_assert_eq!(doc.practitioners.len() as u64, u64::from(regions * districts * schools * per_school));
        prop_assert_eq!(
            doc.units.len() as u64,
            1 + u64::from(regions) + u64::from(regions * districts) + u64::from(regions * districts * schools)
        );
        prop_assert_eq!(doc.levels.len(), 4);
        prop_assert!(doc.links.iter().all(|l| l.kind == LinkKind::Supports));
        let system = System::build(doc).expect("generated systems build");
        check_coverage(&system, When::Current)?;
        check_queries(&system)?;
        check_paths(&system, When::Current)?;
    }
}

/// Documents of 65,536 practitioners and coaches or more are checked on two threads: the
/// problems found must be the same as on one.
#[test]
fn large_documents_report_every_problem() {
    let shape = Shape::new(2, 4, 10, 850);
    let mut doc = generate(&shape, 3).unwrap();
    assert!(
        doc.practitioners.len() + doc.coaches.len() >= 1 << 16,
        "large enough for two threads"
    );
    let n = doc.practitioners.len();
    doc.practitioners[n - 1].id = doc.practitioners[0].id.clone();
    doc.practitioners[n / 2].unit = id("atlantis");
    let last_coach = doc.coaches.len() - 1;
    doc.coaches[0].caseload.push(id("nobody"));
    doc.coaches[last_coach].caseload.push(id("nobody-either"));
    let problems = System::build(doc).unwrap_err().into_problems();
    let found: Vec<(String, ProblemKind)> =
        problems.iter().map(|p| (p.path.clone(), p.kind)).collect();
    for (path, kind) in [
        (
            format!("$.practitioners[{}].id", n - 1),
            ProblemKind::DuplicateId,
        ),
        (
            format!("$.practitioners[{}].unit", n / 2),
            ProblemKind::DanglingReference,
        ),
    ] {
        assert!(
            found.contains(&(path.clone(), kind)),
            "{path} {kind:?} missing from {found:?}"
        );
    }
    let dangling: Vec<_> = found
        .iter()
        .filter(|(p, k)| p.starts_with("$.coaches[") && *k == ProblemKind::DanglingReference)
        .collect();
    // The renamed practitioner's old id is now dangling in its coach's caseload too.
    assert_eq!(dangling.len(), 3, "{found:?}");
    assert!(
        dangling[0].0.starts_with("$.coaches[0].caseload["),
        "coach order is kept: {dangling:?}"
    );
    assert!(
        dangling[2]
            .0
            .starts_with(&format!("$.coaches[{last_coach}].caseload[")),
        "{dangling:?}"
    );
}

/// The built system stays within 200 bytes per practitioner (issue target), by the crate's own
/// accounting; `examples/memory.rs` measures resident memory.
#[test]
fn built_system_is_small_per_practitioner() {
    let doc = generate(&Shape::new(2, 4, 10, 850), 5).unwrap();
    let n = doc.practitioners.len();
    let system = System::build(doc).unwrap();
    let per_practitioner = system.heap_bytes() / n;
    assert!(
        per_practitioner <= 200,
        "{per_practitioner} bytes per practitioner"
    );
}

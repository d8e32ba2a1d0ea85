//! Property tests for the implementation system: random valid systems round-trip and match the
//! committed schema, build, and agree with brute-force recomputations of coverage, queries and
//! communication paths written from the definitions in `src/system/align.rs`.

mod common;

use common::alignment::{check_coverage, check_paths, check_queries};
use common::systems::{date, system_doc};

use std::sync::LazyLock;

use implsci::system::{System, SystemDocument, When};
use implsci::{Document, DocumentType};
use proptest::prelude::*;
use serde_json::Value;

static SCHEMA: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| common::validator(DocumentType::SystemDocument));

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn valid_systems_round_trip_build_and_match_brute_force(
        doc in system_doc(),
        on in date(),
        required in any::<u8>(),
    ) {
        // (a) round trip and schema
        let json = doc.to_json().expect("generated systems are valid");
        prop_assert_eq!(&SystemDocument::from_json(&json).unwrap(), &doc);
        let value: Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<String> = SCHEMA
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        prop_assert!(errors.is_empty(), "schema errors: {:?}", errors);
        let read = System::from_json(&json).unwrap();
        prop_assert_eq!(read.document(), &doc);

        // (b) it builds
        let system = System::build(doc.clone()).expect("generated systems build");

        // (c) coverage
        check_coverage(&system, When::Current)?;
        check_coverage(&system, When::On(on))?;

        // (c') chains with a team required on some levels (a bit of `required` per level)
        let mut with_required = doc.clone();
        with_required.settings.require_team_at = doc
            .levels
            .iter()
            .enumerate()
            .filter(|&(l, _)| required & (1 << l) != 0)
            .map(|(_, level)| level.id.clone())
            .collect();
        let with_required = System::build(with_required).expect("its levels exist");
        check_coverage(&with_required, When::Current)?;
        check_coverage(&with_required, When::On(on))?;

        // (d) queries
        check_queries(&system)?;

        // (e) communication paths
        check_paths(&system, When::Current)?;
        check_paths(&system, When::On(on))?;
    }
}

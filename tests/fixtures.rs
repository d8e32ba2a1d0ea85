//! The fixtures: the committed schemas and the deserializer agree on every one of them, valid
//! fixtures pass validation, and each invalid fixture is refused with its expected path.

mod common;

use implsci::system::SystemDocument;
use implsci::{AnyDocument, Document, DocumentType, Innovation, SiteRecord};
use serde_json::Value;

/// Does the committed schema of `t` accept `value`?
fn schema_accepts(t: DocumentType, value: &Value) -> bool {
    common::validator(t).is_valid(value)
}

/// Does plain deserialization (no semantic validation) accept the bytes as type `t`?
fn deserializer_accepts(t: DocumentType, bytes: &[u8]) -> bool {
    match t {
        DocumentType::Innovation => Innovation::from_json_slice_unvalidated(bytes).is_ok(),
        DocumentType::SiteRecord => SiteRecord::from_json_slice_unvalidated(bytes).is_ok(),
        DocumentType::SystemDocument => SystemDocument::from_json_slice_unvalidated(bytes).is_ok(),
        DocumentType::InstrumentDocument => {
            implsci::score::InstrumentDocument::from_json_slice_unvalidated(bytes).is_ok()
        }
        DocumentType::AdministrationsDocument => {
            implsci::score::AdministrationsDocument::from_json_slice_unvalidated(bytes).is_ok()
        }
        _ => unreachable!("a new document type needs a line here"),
    }
}

fn name(path: &std::path::Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn valid_fixtures_are_accepted_by_schema_deserializer_and_validation() {
    let files = common::fixtures("valid");
    assert!(files.len() >= 6, "expected at least 6 valid fixtures");
    let mut seen = std::collections::BTreeSet::new();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let t = common::claimed_type(&value)
            .unwrap_or_else(|| panic!("{}: no known kind", name(&path)));
        seen.insert(t);
        assert!(
            schema_accepts(t, &value),
            "{}: the schema refuses a valid fixture",
            name(&path)
        );
        assert!(
            deserializer_accepts(t, &bytes),
            "{}: the deserializer refuses a valid fixture",
            name(&path)
        );
        if let Err(e) = AnyDocument::from_json(&bytes) {
            panic!("{}: {:?}", name(&path), e.problems());
        }
    }
    assert_eq!(
        seen.len(),
        DocumentType::ALL.len(),
        "every document type has a valid fixture"
    );
}

#[test]
fn manifest_and_invalid_fixtures_match() {
    let expected = common::expected();
    let files: Vec<String> = common::fixtures("invalid")
        .iter()
        .map(|p| name(p))
        .collect();
    assert!(
        files.len() >= 15,
        "at least 15 invalid fixtures, found {}",
        files.len()
    );
    let listed: Vec<&String> = expected.keys().collect();
    let missing: Vec<_> = files
        .iter()
        .filter(|f| !expected.contains_key(*f))
        .collect();
    let stale: Vec<_> = listed.iter().filter(|f| !files.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "invalid fixtures without an EXPECTED.json entry: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "EXPECTED.json entries without a fixture: {stale:?}"
    );
}

#[test]
fn invalid_fixtures_are_refused_with_their_path_and_kind() {
    let expected = common::expected();
    for path in common::fixtures("invalid") {
        let file = name(&path);
        let Some(want) = expected.get(&file) else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let parsed: Option<Value> = serde_json::from_slice(&bytes).ok();
        match (want.layer.as_str(), &parsed) {
            ("syntax", None) => {}
            ("syntax", Some(_)) => {
                panic!("{file}: listed as a syntax defect but is well-formed JSON")
            }
            (_, None) => panic!("{file}: not well-formed JSON but listed as {}", want.layer),
            (layer, Some(value)) => {
                // The schema and the deserializer agree: both refuse envelope and shape
                // defects, both accept semantic ones.
                let refused_by_both = matches!(layer, "envelope" | "schema");
                assert!(
                    refused_by_both || layer == "semantic",
                    "{file}: unknown layer {layer}"
                );
                let types: Vec<DocumentType> = match common::claimed_type(value) {
                    Some(t) => vec![t],
                    None => DocumentType::ALL.to_vec(),
                };
                for t in types {
                    assert_eq!(
                        schema_accepts(t, value),
                        !refused_by_both,
                        "{file}: the {t} schema disagrees with layer {layer}"
                    );
                    assert_eq!(
                        deserializer_accepts(t, &bytes),
                        !refused_by_both,
                        "{file}: the {t} deserializer disagrees with layer {layer}"
                    );
                }
            }
        }
        let err = AnyDocument::from_json(&bytes).expect_err(&file);
        let first = &err.problems()[0];
        assert_eq!(
            (first.path.as_str(), first.kind.as_str()),
            (want.path.as_str(), want.kind.as_str()),
            "{file}: {err}"
        );
    }
}

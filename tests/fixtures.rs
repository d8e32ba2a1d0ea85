//! The fixtures: the committed schemas and the deserializer agree on every one of them, valid
//! fixtures pass validation, and each invalid fixture is refused with its expected path. Near
//! misses generated from the valid fixtures and the valid event log (integers as integral
//! floats, with a fraction, at 2^32, at -1; objects with an undeclared field) hold the two to
//! agreement beyond the hand-written cases.

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
        DocumentType::Plan => implsci::plan::Plan::from_json_slice_unvalidated(bytes).is_ok(),
        DocumentType::Scenario => {
            implsci::scenario::Scenario::from_json_slice_unvalidated(bytes).is_ok()
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

/// The ways a near miss changes a valid fixture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    /// An integer written as a float with no fractional part (`3` → `3.0`): both accept.
    IntegralFloat,
    /// An integer given a fractional part (`3` → `3.5`): an integer field refuses it, a
    /// number field takes it.
    Fraction,
    /// An integer set to 2^32, one more than a `u32` holds.
    AboveU32,
    /// An integer set to -1, which no unsigned field holds.
    MinusOne,
    /// A field no type declares, added to an object: refused, except under `extensions`.
    UnknownField,
}

/// One near miss: the changed JSON, where it changed, and what both sides must say where the
/// change alone decides it (`None`: it depends on the field's type; only agreement counts).
struct NearMiss {
    pointer: String,
    change: Change,
    value: Value,
    expect: Option<bool>,
}

/// The integers and objects of a JSON value, with their JSON Pointers and whether they lie
/// under an `extensions` object.
fn spots(value: &Value, pointer: &str, under_extensions: bool, out: &mut Vec<(String, bool)>) {
    match value {
        Value::Object(map) => {
            out.push((pointer.to_string(), under_extensions));
            for (key, v) in map {
                let token = key.replace('~', "~0").replace('/', "~1");
                let inside = under_extensions || key == "extensions";
                spots(v, &format!("{pointer}/{token}"), inside, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                spots(v, &format!("{pointer}/{i}"), under_extensions, out);
            }
        }
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            out.push((pointer.to_string(), under_extensions));
        }
        _ => {}
    }
}

/// Every near miss of a valid document or record.
fn near_misses(value: &Value) -> Vec<NearMiss> {
    let mut found = Vec::new();
    spots(value, "", false, &mut found);
    let mut out = Vec::new();
    for (pointer, under_extensions) in found {
        let changed = |f: &dyn Fn(&mut Value)| {
            let mut v = value.clone();
            f(v.pointer_mut(&pointer).expect("the spot exists"));
            v
        };
        let here = value.pointer(&pointer).expect("the spot exists");
        let mut push = |change, value, expect| {
            out.push(NearMiss {
                pointer: pointer.clone(),
                change,
                value,
                expect,
            });
        };
        if here.is_object() {
            let key = "zz_not_a_declared_field";
            let v = changed(&|o| {
                o.as_object_mut().unwrap().insert(key.into(), true.into());
            });
            push(Change::UnknownField, v, Some(under_extensions));
            continue;
        }
        let n = here
            .as_i64()
            .map(i128::from)
            .or_else(|| here.as_u64().map(i128::from))
            .expect("an integer spot");
        #[allow(clippy::cast_precision_loss)] // checked: exact below 2^53
        let float = n as f64;
        if n.unsigned_abs() < 1 << 53 {
            push(
                Change::IntegralFloat,
                changed(&|v| *v = float.into()),
                Some(true),
            );
        }
        push(
            Change::Fraction,
            changed(&|v| *v = (float + 0.5).into()),
            None,
        );
        push(
            Change::AboveU32,
            changed(&|v| *v = (1_u64 << 32).into()),
            None,
        );
        push(Change::MinusOne, changed(&|v| *v = (-1).into()), None);
    }
    out
}

/// The valid fixtures (with their document type) and the records of the valid event log
/// (with none), each with its name.
fn valid_documents_and_records() -> Vec<(String, Value, Option<DocumentType>)> {
    let mut out = Vec::new();
    for path in common::fixtures("valid") {
        let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let t = common::claimed_type(&value).expect("a valid fixture names its kind");
        out.push((name(&path), value, Some(t)));
    }
    let log = common::root().join("tests/fixtures/events/valid.jsonl");
    for (i, line) in std::fs::read_to_string(log).unwrap().lines().enumerate() {
        let value: Value = serde_json::from_str(line).unwrap();
        out.push((format!("valid.jsonl:{}", i + 1), value, None));
    }
    out
}

/// The schema and the reader agree on every near miss of every valid fixture and of every
/// record of the valid event log: integers written as integral floats (both accept), given a
/// fraction, set to 2^32 or to -1 (both refuse where the field is an integer, both accept where
/// it is a number), and objects given an undeclared field (both refuse, except under
/// `extensions`).
#[test]
fn schema_and_reader_agree_on_near_misses_of_the_valid_fixtures() {
    use std::collections::BTreeMap;

    let validators: BTreeMap<DocumentType, jsonschema::Validator> = DocumentType::ALL
        .iter()
        .map(|&t| (t, common::validator(t)))
        .collect();
    let events = common::validator_for_name("Event");
    let originals = valid_documents_and_records();

    let mut problems = Vec::new();
    let mut tally: BTreeMap<(Change, bool), usize> = BTreeMap::new();
    for (file, original, t) in &originals {
        for miss in near_misses(original) {
            let bytes = serde_json::to_vec(&miss.value).unwrap();
            let (schema, reader) = match t {
                Some(t) => (
                    validators[t].is_valid(&miss.value),
                    deserializer_accepts(*t, &bytes),
                ),
                None => (
                    events.is_valid(&miss.value),
                    implsci::event::Event::from_json_line(&bytes).is_ok(),
                ),
            };
            if schema != reader {
                problems.push(format!(
                    "{file}#{} {:?}: the schema {} it, the reader {} it",
                    miss.pointer,
                    miss.change,
                    if schema { "accepts" } else { "refuses" },
                    if reader { "accepts" } else { "refuses" },
                ));
            } else if miss.expect.is_some_and(|want| want != schema) {
                problems.push(format!(
                    "{file}#{} {:?}: both {} it",
                    miss.pointer,
                    miss.change,
                    if schema { "accept" } else { "refuse" },
                ));
            }
            *tally.entry((miss.change, schema)).or_default() += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} near misses where the schema and the reader part or both are wrong:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // Each kind of change was tried, and those that can go either way went both ways: the
    // test sees integer fields and number fields alike.
    for change in [
        Change::IntegralFloat,
        Change::Fraction,
        Change::AboveU32,
        Change::MinusOne,
        Change::UnknownField,
    ] {
        let accepted = tally.get(&(change, true)).copied().unwrap_or(0);
        let refused = tally.get(&(change, false)).copied().unwrap_or(0);
        assert!(
            accepted + refused >= 10,
            "{change:?}: {accepted} + {refused} cases"
        );
        if change != Change::IntegralFloat {
            assert!(
                accepted > 0 && refused > 0,
                "{change:?}: accepted {accepted}, refused {refused}"
            );
        }
    }
}

/// A `u32` field at its edges, as the brief's cases name them: both the schema and the reader
/// take `4294967295` and `3.0`, and both refuse `4294967296`, `5000000000`, `3.5` and `-1`.
#[test]
fn a_u32_field_is_read_as_the_schema_says() {
    let path = common::root().join("tests/fixtures/valid/innovation_integral_floats.json");
    let original: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let validator = common::validator(DocumentType::Innovation);
    let pointer = "/fidelity_assessment/outcome_evidence/0/sample_size";
    for (json, accepted) in [
        ("4294967295", true),
        ("3.0", true),
        ("3e0", true),
        ("4294967296", false),
        ("5000000000", false),
        ("5e9", false),
        ("3.5", false),
        ("-1", false),
        ("-1.0", false),
    ] {
        let mut value = original.clone();
        *value.pointer_mut(pointer).unwrap() = serde_json::from_str(json).unwrap();
        let bytes = serde_json::to_vec(&value).unwrap();
        assert_eq!(validator.is_valid(&value), accepted, "schema, {json}");
        assert_eq!(
            deserializer_accepts(DocumentType::Innovation, &bytes),
            accepted,
            "reader, {json}"
        );
    }
}

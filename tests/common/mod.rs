//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod alignment;
pub mod instruments;
pub mod rollups;
pub mod scores;
pub mod systems;

use std::path::{Path, PathBuf};

use implsci::DocumentType;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The directory of the committed schemas.
pub fn schemas_dir() -> PathBuf {
    root().join("schemas")
}

/// The committed schema file of a document type.
pub fn schema_path(t: DocumentType) -> PathBuf {
    root()
        .join("schemas")
        .join(format!("{}.schema.json", t.name()))
}

/// The committed schema, parsed.
pub fn committed_schema(t: DocumentType) -> serde_json::Value {
    let text = std::fs::read_to_string(schema_path(t))
        .unwrap_or_else(|e| panic!("cannot read the committed schema of {t}: {e}"));
    serde_json::from_str(&text).expect("committed schemas are JSON")
}

/// A draft 2020-12 validator for the committed schema, with `format` checked (dates).
pub fn validator(t: DocumentType) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&committed_schema(t))
        .expect("the committed schema compiles")
}

/// The document type a JSON value claims through its `kind`.
pub fn claimed_type(value: &serde_json::Value) -> Option<DocumentType> {
    let kind = value.get("kind")?.as_str()?;
    DocumentType::ALL.iter().copied().find(|t| t.kind() == kind)
}

/// The `.json` files of a fixture directory, sorted, without the manifest.
pub fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/fixtures").join(dir))
        .expect("fixture directory exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "EXPECTED.json"))
        .collect();
    files.sort();
    files
}

/// What an invalid fixture is expected to produce.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `syntax`, `envelope`, `schema` or `semantic`.
    pub layer: String,
    /// `JSONPath` of the first problem.
    pub path: String,
    /// The problem kind, `snake_case`.
    pub kind: String,
}

/// The invalid fixtures' manifest.
pub fn expected() -> std::collections::BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/invalid/EXPECTED.json"))
        .expect("tests/fixtures/invalid/EXPECTED.json exists");
    serde_json::from_str(&text).expect("EXPECTED.json is well-formed")
}

/// Parses an id (or anything `FromStr`) that the test knows to be valid.
pub fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}

/// `a` and `b` agree to a relative 1e-9 (absolute near zero).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// [`close`] for optional values: both absent, or both present and close.
pub fn close_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => close(a, b),
        _ => false,
    }
}

/// A small deterministic shuffle (`SplitMix64`), so that document or response order varies.
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..items.len()).rev() {
        let bound = u64::try_from(i).unwrap() + 1;
        let j = usize::try_from(next() % bound).unwrap();
        items.swap(i, j);
    }
}

/// A draft 2020-12 validator (formats checked) for a committed schema, by type name.
pub fn validator_for_name(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(schemas_dir().join(format!("{name}.schema.json")))
        .unwrap_or_else(|e| panic!("cannot read the committed schema of {name}: {e}"));
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the committed schema compiles")
}

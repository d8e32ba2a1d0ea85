//! Helpers shared by the integration tests.

#![allow(dead_code)]

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

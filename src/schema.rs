//! JSON Schemas of the document types.
//!
//! One public function, [`schema_for`], generates the schema of any [`DocumentType`] from the
//! Rust types (schemars, JSON Schema draft 2020-12) and gives it an `$id`. The schemas are
//! committed under `schemas/<Type>.schema.json`; a test fails when they drift from the types
//! and names the command that regenerates them:
//!
//! ```text
//! IMPLSCI_BLESS=1 cargo test --all-features --test schemas
//! ```
//!
//! ```
//! use implsci::{DocumentType, schema::schema_for};
//!
//! let schema = schema_for(DocumentType::Innovation);
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(schema["properties"]["kind"]["const"], "innovation");
//! ```

use schemars::generate::SchemaSettings;

use crate::DocumentType;
use crate::system::SystemDocument;
use crate::{Innovation, SiteRecord};

/// The base of every schema's `$id`: a URN, so that it names the schema without claiming a
/// web address.
pub const SCHEMA_ID_BASE: &str = "urn:implsci:schema:";

/// The `$id` of a document type's schema, e.g. `urn:implsci:schema:Innovation:1`.
///
/// ```
/// use implsci::{DocumentType, schema::schema_id};
/// assert_eq!(schema_id(DocumentType::SiteRecord), "urn:implsci:schema:SiteRecord:1");
/// ```
#[must_use]
pub fn schema_id(doc: DocumentType) -> String {
    format!(
        "{SCHEMA_ID_BASE}{}:{}",
        doc.name(),
        crate::SchemaVersion::SUPPORTED_MAJOR
    )
}

/// Generates the JSON Schema (draft 2020-12) of a document type, with its `$id`.
///
/// This is the one function the committed `schemas/` files and `implsci schema TYPE` come
/// from.
#[must_use]
pub fn schema_for(doc: DocumentType) -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = match doc {
        DocumentType::Innovation => generator.into_root_schema_for::<Innovation>(),
        DocumentType::SiteRecord => generator.into_root_schema_for::<SiteRecord>(),
        DocumentType::SystemDocument => generator.into_root_schema_for::<SystemDocument>(),
        DocumentType::InstrumentDocument => {
            generator.into_root_schema_for::<crate::score::InstrumentDocument>()
        }
        DocumentType::AdministrationsDocument => {
            generator.into_root_schema_for::<crate::score::AdministrationsDocument>()
        }
    };
    let mut value = schema.to_value();
    tidy_descriptions(&mut value);
    if let Some(object) = value.as_object_mut() {
        object.insert("$id".to_string(), schema_id(doc).into());
    }
    value
}

/// Drops the rustdoc examples (fenced code blocks) that schemars copies into descriptions:
/// integrators read the prose, not the Rust.
fn tidy_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(text) if key == "description" => {
                        *text = without_code_blocks(text);
                    }
                    _ => tidy_descriptions(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(tidy_descriptions),
        _ => {}
    }
}

fn without_code_blocks(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            out.push(line);
        }
    }
    out.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn code_blocks_are_dropped() {
        assert_eq!(
            super::without_code_blocks("Prose.\n\n```\nlet x = 1;\n```\nMore."),
            "Prose.\n\nMore."
        );
    }
}

//! The committed schemas speak standard JSON Schema draft 2020-12 only: every keyword belongs
//! to one of its vocabularies, every `format` is one it defines, and every integer carries its
//! range. Strict validators (Ajv in strict mode) refuse anything else.
//!
//! Sources: JSON Schema Core, draft 2020-12 (the core vocabulary, section 8; the applicator
//! vocabulary, section 10; the unevaluated vocabulary, section 11) and JSON Schema Validation,
//! draft 2020-12 (the validation vocabulary, section 6; format-annotation, section 7, with the
//! defined formats in 7.3; content, section 8; meta-data, section 9).

mod common;

use serde_json::Value;

/// The core vocabulary. Source: JSON Schema Core, draft 2020-12, section 8.
const CORE: &[&str] = &[
    "$schema",
    "$vocabulary",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$ref",
    "$dynamicRef",
    "$defs",
    "$comment",
];

/// The applicator vocabulary. Source: JSON Schema Core, draft 2020-12, section 10.
const APPLICATOR: &[&str] = &[
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "prefixItems",
    "items",
    "contains",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
];

/// The unevaluated vocabulary. Source: JSON Schema Core, draft 2020-12, section 11.
const UNEVALUATED: &[&str] = &["unevaluatedItems", "unevaluatedProperties"];

/// The validation vocabulary. Source: JSON Schema Validation, draft 2020-12, section 6.
const VALIDATION: &[&str] = &[
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
];

/// The meta-data vocabulary. Source: JSON Schema Validation, draft 2020-12, section 9.
const META_DATA: &[&str] = &[
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
];

/// The format-annotation vocabulary. Source: JSON Schema Validation, draft 2020-12, section 7.
const FORMAT_ANNOTATION: &[&str] = &["format"];

/// The content vocabulary. Source: JSON Schema Validation, draft 2020-12, section 8.
const CONTENT: &[&str] = &["contentEncoding", "contentMediaType", "contentSchema"];

/// The defined formats. Source: JSON Schema Validation, draft 2020-12, section 7.3.
const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Keywords whose value is one subschema.
const ONE_SUBSCHEMA: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "items",
    "contains",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

/// Keywords whose value is an array of subschemas.
const SUBSCHEMA_ARRAYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value is an object whose values are subschemas.
const SUBSCHEMA_MAPS: &[&str] = &[
    "$defs",
    "dependentSchemas",
    "properties",
    "patternProperties",
];

/// What is wrong with a schema object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Not an object or a boolean.
    NotASchema,
    /// A keyword in no vocabulary.
    Keyword,
    /// A `format` the specification does not define.
    Format,
    /// An integer without `minimum` or `maximum`.
    Unbounded,
}

/// One departure from the standard, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Offence {
    /// The JSON Pointer (RFC 6901) of the schema object that holds it.
    pointer: String,
    /// What kind of departure.
    kind: Kind,
    /// What is wrong, in words.
    what: String,
}

impl Offence {
    fn is_unbounded(&self) -> bool {
        self.kind == Kind::Unbounded
    }
}

/// A JSON Pointer reference token: `~` as `~0`, `/` as `~1` (RFC 6901, section 3).
fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Is the keyword in one of the draft 2020-12 vocabularies?
fn is_standard_keyword(key: &str) -> bool {
    [
        CORE,
        APPLICATOR,
        UNEVALUATED,
        VALIDATION,
        META_DATA,
        FORMAT_ANNOTATION,
        CONTENT,
    ]
    .iter()
    .any(|vocabulary| vocabulary.contains(&key))
}

/// Does a schema's `type` allow integers (and so ask for a range)?
fn types_integer(schema: &serde_json::Map<String, Value>) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "integer",
        Some(Value::Array(types)) => types.iter().any(|t| t == "integer"),
        _ => false,
    }
}

/// Every offence in the schema at `pointer` and in its subschemas, found through the
/// applicator keywords only (so property names and the instance values of `const`, `enum`,
/// `default` and `examples` are never read as keywords).
fn offences(schema: &Value, pointer: &str, out: &mut Vec<Offence>) {
    let object = match schema {
        Value::Object(object) => object,
        Value::Bool(_) => return,
        other => {
            out.push(Offence {
                pointer: pointer.to_string(),
                kind: Kind::NotASchema,
                what: format!("a schema must be an object or a boolean, found {other}"),
            });
            return;
        }
    };
    let mut offence = |kind: Kind, what: String| {
        out.push(Offence {
            pointer: pointer.to_string(),
            kind,
            what,
        });
    };
    for key in object.keys() {
        if !is_standard_keyword(key) {
            offence(
                Kind::Keyword,
                format!("keyword `{key}` is in no draft 2020-12 vocabulary"),
            );
        }
    }
    if let Some(format) = object.get("format")
        && !format.as_str().is_some_and(|f| FORMATS.contains(&f))
    {
        offence(
            Kind::Format,
            format!("format {format} is not a draft 2020-12 format"),
        );
    }
    if types_integer(object) {
        for bound in ["minimum", "maximum"] {
            if !object.contains_key(bound) {
                offence(Kind::Unbounded, format!("an integer without a `{bound}`"));
            }
        }
    }
    for (key, value) in object {
        let here = format!("{pointer}/{}", token(key));
        if ONE_SUBSCHEMA.contains(&key.as_str()) {
            offences(value, &here, out);
        } else if SUBSCHEMA_ARRAYS.contains(&key.as_str()) {
            for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                offences(item, &format!("{here}/{i}"), out);
            }
        } else if SUBSCHEMA_MAPS.contains(&key.as_str()) {
            for (name, item) in value.as_object().into_iter().flatten() {
                offences(item, &format!("{here}/{}", token(name)), out);
            }
        }
    }
}

/// The offences of a whole schema, from its root (pointer `""`).
fn check(schema: &Value) -> Vec<Offence> {
    let mut out = Vec::new();
    offences(schema, "", &mut out);
    out
}

/// The offences of every committed schema, as `schemas/FILE#POINTER: what`.
fn committed_offences() -> Vec<(String, Offence)> {
    let mut files: Vec<_> = std::fs::read_dir(common::schemas_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "expected the committed schemas, found {files:?}"
    );
    let mut all = Vec::new();
    for path in &files {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        all.extend(check(&schema).into_iter().map(|o| (file.clone(), o)));
    }
    all
}

fn listed(offences: &[&(String, Offence)]) -> String {
    offences
        .iter()
        .map(|(file, o)| format!("schemas/{file}#{}: {}", o.pointer, o.what))
        .collect::<Vec<_>>()
        .join("\n")
}

const FIX: &str = "fix `schema::schema_for` (or the type's `JsonSchema`), then regenerate with \
                   `IMPLSCI_BLESS=1 cargo test --all-features --test schemas`";

#[test]
fn committed_schemas_use_only_draft_2020_12_keywords_and_formats() {
    let all = committed_offences();
    let found: Vec<_> = all.iter().filter(|(_, o)| !o.is_unbounded()).collect();
    assert!(
        found.is_empty(),
        "{} offences; {FIX}:\n{}",
        found.len(),
        listed(&found)
    );
}

#[test]
fn committed_integer_schemas_carry_their_range() {
    let all = committed_offences();
    let found: Vec<_> = all.iter().filter(|(_, o)| o.is_unbounded()).collect();
    assert!(
        found.is_empty(),
        "{} integers without a range; {FIX}:\n{}",
        found.len(),
        listed(&found)
    );
}

#[test]
fn the_check_catches_a_planted_format_an_unknown_keyword_and_an_unbounded_integer() {
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "x-origin": "planted",
        "properties": {
            "count": {"type": "integer", "format": "uint32", "minimum": 0, "maximum": 9},
            "a/b": {"type": ["integer", "null"], "minimum": 0},
            "format": {"type": "string", "format": "date"},
            "ratio": {"type": "number", "format": "double"},
        },
        "$defs": {
            "Enum": {"oneOf": [
                {"const": {"format": "uint32", "nullable": true}},
                {"nullable": true},
            ]},
        },
        "default": {"format": "uint32", "x-origin": 1},
    });
    let found = check(&schema);
    let at = |pointer: &str, kind: Kind, what: &str| Offence {
        pointer: pointer.to_string(),
        kind,
        what: what.to_string(),
    };
    assert_eq!(
        found,
        vec![
            at(
                "",
                Kind::Keyword,
                "keyword `x-origin` is in no draft 2020-12 vocabulary"
            ),
            at(
                "/$defs/Enum/oneOf/1",
                Kind::Keyword,
                "keyword `nullable` is in no draft 2020-12 vocabulary"
            ),
            at(
                "/properties/a~1b",
                Kind::Unbounded,
                "an integer without a `maximum`"
            ),
            at(
                "/properties/count",
                Kind::Format,
                "format \"uint32\" is not a draft 2020-12 format"
            ),
            at(
                "/properties/ratio",
                Kind::Format,
                "format \"double\" is not a draft 2020-12 format"
            ),
        ]
    );
    // Draft 2020-12's `items` is one schema (the array form is draft 7's `items`).
    assert_eq!(
        check(&serde_json::json!({"items": [{}], "allOf": [1]})),
        vec![
            at(
                "/allOf/0",
                Kind::NotASchema,
                "a schema must be an object or a boolean, found 1"
            ),
            at(
                "/items",
                Kind::NotASchema,
                "a schema must be an object or a boolean, found [{}]"
            ),
        ]
    );
    // Without the planted defects, nothing is found.
    let clean = serde_json::json!({
        "type": "object",
        "properties": {"format": {"type": "string", "format": "date"}},
        "default": {"format": "uint32"},
    });
    assert_eq!(check(&clean), vec![]);
}

//! The generated schemas brought to standard JSON Schema draft 2020-12: integer formats become
//! `minimum`/`maximum`, formats outside the standard list go, the objects the crate writes
//! refuse unknown fields, and descriptions lose rustdoc's code blocks and Rust paths.

/// Keywords whose value is one subschema. Source: JSON Schema Core, draft 2020-12, sections
/// 10.2.1.4 (`not`), 10.2.2 (`if`, `then`, `else`), 10.3.1 (`items`, `contains`), 10.3.2
/// (`additionalProperties`, `propertyNames`) and 11 (`unevaluatedItems`,
/// `unevaluatedProperties`); JSON Schema Validation, draft 2020-12, section 8.5
/// (`contentSchema`).
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

/// Keywords whose value is an array of subschemas. Source: JSON Schema Core, draft 2020-12,
/// sections 10.2.1 (`allOf`, `anyOf`, `oneOf`) and 10.3.1.1 (`prefixItems`).
const SUBSCHEMA_ARRAYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value is an object of subschemas. Source: JSON Schema Core, draft 2020-12,
/// sections 8.2.4 (`$defs`), 10.2.2.4 (`dependentSchemas`) and 10.3.2 (`properties`,
/// `patternProperties`).
const SUBSCHEMA_MAPS: &[&str] = &[
    "$defs",
    "dependentSchemas",
    "properties",
    "patternProperties",
];

/// Calls `f` on the schema and on each of its subschemas, at any depth, found through the
/// keywords above only: instance values (`const`, `enum`, `default`, `examples`) and property
/// names are never mistaken for schemas.
pub(super) fn for_each_subschema(
    schema: &mut serde_json::Value,
    f: &mut impl FnMut(&mut serde_json::Map<String, serde_json::Value>),
) {
    let Some(object) = schema.as_object_mut() else {
        return; // `true` or `false`
    };
    f(object);
    for (key, value) in object.iter_mut() {
        let key = key.as_str();
        if ONE_SUBSCHEMA.contains(&key) {
            for_each_subschema(value, f);
        } else if SUBSCHEMA_ARRAYS.contains(&key) {
            for item in value.as_array_mut().into_iter().flatten() {
                for_each_subschema(item, f);
            }
        } else if SUBSCHEMA_MAPS.contains(&key)
            && let Some(map) = value.as_object_mut()
        {
            map.values_mut().for_each(|s| for_each_subschema(s, f));
        }
    }
}

/// The formats defined by JSON Schema Validation, draft 2020-12, section 7.3 (7.3.1 dates and
/// times, 7.3.2 email addresses, 7.3.3 hostnames, 7.3.4 IP addresses, 7.3.5 resource
/// identifiers, 7.3.6 URI templates, 7.3.7 JSON pointers, 7.3.8 regular expressions). Any other
/// `format` is an extension that strict validators (Ajv in strict mode) refuse to compile.
const STANDARD_FORMATS: &[&str] = &[
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

/// The range of an integer `format` as schemars writes it (its names for Rust's integer
/// types), as JSON numbers. `int` and `uint` are `isize` and `usize`, given the 64-bit range:
/// the committed schemas must not depend on the machine that generated them. The 128-bit
/// types have no range here, since a JSON number in `serde_json` cannot hold their bounds;
/// the model uses none of them (`tests/schema_vocabulary.rs` checks that every integer schema
/// carries both bounds).
fn integer_range(format: &str) -> Option<(serde_json::Value, serde_json::Value)> {
    fn signed(min: i64, max: i64) -> (serde_json::Value, serde_json::Value) {
        (min.into(), max.into())
    }
    fn unsigned(max: u64) -> (serde_json::Value, serde_json::Value) {
        (0.into(), max.into())
    }
    Some(match format {
        "int8" => signed(i8::MIN.into(), i8::MAX.into()),
        "int16" => signed(i16::MIN.into(), i16::MAX.into()),
        "int32" => signed(i32::MIN.into(), i32::MAX.into()),
        "int64" | "int" => signed(i64::MIN, i64::MAX),
        "uint8" => unsigned(u8::MAX.into()),
        "uint16" => unsigned(u16::MAX.into()),
        "uint32" => unsigned(u32::MAX.into()),
        "uint64" | "uint" => unsigned(u64::MAX),
        _ => return None,
    })
}

/// Writes an integer format as the range it stands for and drops every `format` outside
/// [`STANDARD_FORMATS`]. schemars writes `"format": "uint32", "minimum": 0` for a `u32`; the
/// schema then says `"minimum": 0, "maximum": 4294967295`, so `5000000000` fails the schema as
/// it fails the reader. A bound already tighter (`#[schemars(range(...))]`, a `NonZeroU32`'s
/// `minimum: 1`) is kept. Source: JSON Schema Validation, draft 2020-12, sections 6.2.2
/// (`maximum`), 6.2.4 (`minimum`) and 7.3 (the defined formats).
pub(super) fn standard_formats(schema: &mut serde_json::Map<String, serde_json::Value>) {
    let Some(format) = schema.get("format").and_then(serde_json::Value::as_str) else {
        return;
    };
    if STANDARD_FORMATS.contains(&format) {
        return;
    }
    if let Some((min, max)) = integer_range(format) {
        let as_f64 = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
        let keep_min = schema
            .get("minimum")
            .is_some_and(|m| as_f64(m) >= as_f64(&min));
        if !keep_min {
            schema.insert("minimum".to_string(), min);
        }
        let keep_max = schema
            .get("maximum")
            .is_some_and(|m| as_f64(m) <= as_f64(&max));
        if !keep_max {
            schema.insert("maximum".to_string(), max);
        }
    }
    schema.remove("format");
}

/// Refuses unknown fields on every object schema that does not say otherwise: an object schema
/// (`"type": "object"`, or with `properties`) with neither `additionalProperties` nor
/// `unevaluatedProperties` gets `"additionalProperties": false`. Maps (whose
/// `additionalProperties` is the schema of their values) and `extensions`
/// (`"additionalProperties": true`) already say, and stay open.
///
/// A struct with a flattened enum is one object whose fields are spread over the object and
/// the branches of its `oneOf`; `additionalProperties` sees only the `properties` beside it and
/// would refuse the branches' fields. Such an object gets `"unevaluatedProperties": false`,
/// which sees the fields of the matching branches too, and the branches themselves, parts of
/// that object, are left open. Conditions (`if`, `not`) are never closed: closing them would
/// change what they mean. Source: JSON Schema Core, draft 2020-12, sections 10.3.2.3
/// (`additionalProperties` considers only `properties` and `patternProperties` of the same
/// schema object) and 11.3 (`unevaluatedProperties` also sees the adjacent in-place
/// applicators: `allOf`, `anyOf`, `oneOf`, `then`, `else`, `dependentSchemas`, `$ref`).
pub(super) fn close_objects(schema: &mut serde_json::Value, part_of_an_object: bool) {
    /// The in-place applicators whose branches describe the same instance as their parent.
    const IN_PLACE: &[&str] = &[
        "allOf",
        "anyOf",
        "oneOf",
        "then",
        "else",
        "dependentSchemas",
    ];
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    let is_object = object.contains_key("properties")
        || match object.get("type") {
            Some(serde_json::Value::String(t)) => t == "object",
            Some(serde_json::Value::Array(types)) => types.iter().any(|t| t == "object"),
            _ => false,
        };
    let says =
        object.contains_key("additionalProperties") || object.contains_key("unevaluatedProperties");
    if is_object && !part_of_an_object && !says {
        let spread = IN_PLACE
            .iter()
            .chain(&["$ref", "$dynamicRef"])
            .any(|k| object.contains_key(*k));
        let keyword = if spread {
            "unevaluatedProperties"
        } else {
            "additionalProperties"
        };
        object.insert(keyword.to_string(), false.into());
    }
    for (key, value) in object.iter_mut() {
        let key = key.as_str();
        if IN_PLACE.contains(&key) {
            let part = part_of_an_object || is_object;
            match value {
                serde_json::Value::Array(items) => {
                    for item in items {
                        close_objects(item, part);
                    }
                }
                serde_json::Value::Object(map) if key == "dependentSchemas" => {
                    for item in map.values_mut() {
                        close_objects(item, part);
                    }
                }
                _ => close_objects(value, part),
            }
        } else if key == "if" || key == "not" {
            // a condition: left as written
        } else if ONE_SUBSCHEMA.contains(&key) || SUBSCHEMA_ARRAYS.contains(&key) {
            match value {
                serde_json::Value::Array(items) => {
                    for item in items {
                        close_objects(item, false);
                    }
                }
                _ => close_objects(value, false),
            }
        } else if SUBSCHEMA_MAPS.contains(&key)
            && let Some(map) = value.as_object_mut()
        {
            map.values_mut().for_each(|s| close_objects(s, false));
        }
    }
}

/// Drops the rustdoc examples (fenced code blocks) that schemars copies into descriptions:
/// integrators read the prose, not the Rust.
pub(super) fn tidy_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    serde_json::Value::String(text) if key == "description" => {
                        *text = without_rust_links(&without_code_blocks(text));
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

/// Turns rustdoc's intra-doc links into their text: `` [`Score`](crate::score::Score) `` and
/// `` [`Score`] `` become `` `Score` ``, so integrators read names, not Rust paths. Links to web
/// addresses, and brackets that are not links (`$.events[i]`), are kept.
fn without_rust_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let label = &after[..close];
        let tail = &after[close + 1..];
        let target = tail
            .strip_prefix('(')
            .and_then(|t| t.find(')').map(|end| (&t[..end], &t[end + 1..])));
        match target {
            Some((target, tail)) if !target.contains("://") && !target.contains(' ') => {
                out.push_str(label);
                rest = tail;
            }
            None if label.len() > 1 && label.starts_with('`') && label.ends_with('`') => {
                out.push_str(label);
                rest = tail;
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn rust_links_become_their_text() {
        let text = "See [`Score`](crate::score::Score), [`Aggregate::Mean`] and the \
                    [communication path](System::communication_path); keep $.events[i] and \
                    [NIRN](https://nirn.fpg.unc.edu/).";
        assert_eq!(
            super::without_rust_links(text),
            "See `Score`, `Aggregate::Mean` and the communication path; keep $.events[i] and \
             [NIRN](https://nirn.fpg.unc.edu/)."
        );
        assert_eq!(super::without_rust_links("a [b"), "a [b");
    }

    #[test]
    fn integer_formats_become_ranges_and_other_formats_go() {
        use serde_json::json;
        let mut schema = json!({
            "type": "object",
            "properties": {
                "format": {"type": "integer", "format": "uint32", "minimum": 0},
                "small": {"type": "integer", "format": "uint8", "minimum": 0, "maximum": 255},
                "percent": {"type": "integer", "format": "uint8", "maximum": 100},
                "non_zero": {"type": ["integer", "null"], "format": "uint64", "minimum": 1},
                "signed": {"type": "integer", "format": "int64"},
                "ratio": {"type": "number", "format": "double"},
                "day": {"type": "string", "format": "date"},
                "one_of": {"oneOf": [{"type": "integer", "format": "int16"}]},
            },
            "default": {"format": "uint32"},
        });
        super::for_each_subschema(&mut schema, &mut super::standard_formats);
        let p = &schema["properties"];
        assert_eq!(
            p["format"],
            json!({"type": "integer", "minimum": 0, "maximum": 4_294_967_295_u32})
        );
        assert_eq!(
            p["small"],
            json!({"type": "integer", "minimum": 0, "maximum": 255})
        );
        assert_eq!(
            p["percent"],
            json!({"type": "integer", "minimum": 0, "maximum": 100})
        );
        assert_eq!(
            p["non_zero"],
            json!({"type": ["integer", "null"], "minimum": 1, "maximum": u64::MAX})
        );
        assert_eq!(
            p["signed"],
            json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX})
        );
        assert_eq!(p["ratio"], json!({"type": "number"}));
        assert_eq!(p["day"], json!({"type": "string", "format": "date"}));
        assert_eq!(
            p["one_of"]["oneOf"][0],
            json!({"type": "integer", "minimum": -32768, "maximum": 32767})
        );
        // An instance value is not a schema.
        assert_eq!(schema["default"], json!({"format": "uint32"}));
    }

    #[test]
    fn objects_are_closed_and_flattened_parts_left_to_their_parent() {
        use serde_json::json;
        let mut schema = json!({
            "type": "object",
            "properties": {
                "plain": {"type": "object", "properties": {"a": {"type": "integer"}}},
                "open": {"type": "object", "additionalProperties": true},
                "map": {"type": "object", "additionalProperties": {"type": "object"}},
                "flat": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}},
                    "oneOf": [
                        {"type": "object", "properties": {"b": {"const": "x"}}},
                        {"type": "object", "properties": {"b": {"const": "y"}},
                         "oneOf": [{"type": "object", "properties": {"c": {}}}]},
                    ],
                },
                "enum": {"oneOf": [{"type": "object", "properties": {"d": {}}}]},
                "condition": {"not": {"type": "object", "properties": {"e": {}}}},
            },
        });
        super::close_objects(&mut schema, false);
        let p = &schema["properties"];
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(p["plain"]["additionalProperties"], false);
        assert_eq!(p["open"]["additionalProperties"], true);
        assert_eq!(
            p["map"]["additionalProperties"],
            json!({"type": "object", "additionalProperties": false})
        );
        assert_eq!(p["flat"]["unevaluatedProperties"], false);
        assert!(p["flat"].get("additionalProperties").is_none());
        let branch = &p["flat"]["oneOf"][1];
        assert!(branch.get("additionalProperties").is_none(), "{branch}");
        assert!(branch.get("unevaluatedProperties").is_none(), "{branch}");
        assert!(branch["oneOf"][0].get("additionalProperties").is_none());
        assert_eq!(p["enum"]["oneOf"][0]["additionalProperties"], false);
        assert!(p["condition"]["not"].get("additionalProperties").is_none());
    }

    #[test]
    fn code_blocks_are_dropped() {
        assert_eq!(
            super::without_code_blocks("Prose.\n\n```\nlet x = 1;\n```\nMore."),
            "Prose.\n\nMore."
        );
    }
}

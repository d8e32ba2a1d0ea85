//! Reading a document: one typed parse, and a precise diagnosis when it fails.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;

use super::strict::Strict;
use super::{Document, SchemaVersion};
use crate::error::{Error, ErrorKind, MORE_SHAPE_PROBLEMS, Problem, ProblemKind};

/// The two envelope fields, read leniently to explain a refusal: any JSON object, other
/// fields skipped unread.
struct Envelope {
    kind: Option<serde_json::Value>,
    schema_version: Option<serde_json::Value>,
}

impl Envelope {
    /// Reads the value of the member `key`: kept for `kind` and `schema_version`, skipped
    /// unread otherwise.
    fn member<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match key {
            "kind" => self.kind = Some(map.next_value()?),
            "schema_version" => self.schema_version = Some(map.next_value()?),
            _ => {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Envelope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Envelope;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Envelope, A::Error> {
                let mut envelope = Envelope {
                    kind: None,
                    schema_version: None,
                };
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    envelope.member(&key, &mut map)?;
                }
                Ok(envelope)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

fn syntax_error(e: &serde_json::Error) -> Error {
    ErrorKind::Syntax {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    }
    .into()
}

/// `serde_json` appends " at line L column C"; the error carries those separately.
pub(super) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The bytes without a UTF-8 byte-order mark, which some editors write.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The syntax error of `bytes`, saying what they look like (an empty file, a workbook, a
/// table, a log, UTF-16) where they plainly are not a JSON document.
fn syntax_error_in(bytes: &[u8], e: &serde_json::Error) -> Error {
    match super::sniff::looks_like(bytes) {
        Some(message) => ErrorKind::Syntax {
            line: e.line(),
            column: e.column(),
            message,
        }
        .into(),
        None => syntax_error(e),
    }
}

/// Reads the envelope, refusing malformed JSON, a non-object, and unsupported versions. A
/// well-formed object costs one pass; only a failure is read again to tell a syntax error
/// from a document that is not an object.
fn envelope(bytes: &[u8]) -> Result<Envelope, Error> {
    let envelope: Envelope = match serde_json::from_slice(bytes) {
        Ok(envelope) => envelope,
        Err(e) => {
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                return Err(syntax_error_in(bytes, &e));
            }
            return Err(ErrorKind::Shape {
                path: "$".to_string(),
                line: e.line(),
                column: e.column(),
                message: format!(
                    "a document must be a JSON object ({})",
                    strip_position(&e.to_string())
                ),
                more: Vec::new(),
            }
            .into());
        }
    };
    check_version(envelope.schema_version.as_ref())?;
    Ok(envelope)
}

fn check_version(found: Option<&serde_json::Value>) -> Result<(), Error> {
    let refuse = |found: Option<String>, reason: String| {
        Err(ErrorKind::UnsupportedVersion { found, reason }.into())
    };
    match found {
        None => refuse(
            None,
            "every document must carry a `schema_version`".to_string(),
        ),
        Some(serde_json::Value::String(s)) => match s.parse::<SchemaVersion>() {
            Ok(_) => Ok(()),
            Err(reason) => refuse(Some(s.clone()), reason),
        },
        Some(other) => refuse(
            Some(other.to_string()),
            "must be a string such as \"1.0.0\"".to_string(),
        ),
    }
}

fn unknown_kind(found: Option<&serde_json::Value>, expected: &[&'static str]) -> Error {
    ErrorKind::UnknownKind {
        found: found.map(|k| k.as_str().map_or_else(|| k.to_string(), str::to_string)),
        expected: expected.to_vec(),
    }
    .into()
}

/// Renders a serde path as a `JSONPath`.
pub(super) fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    use std::fmt::Write as _;
    let mut out = String::from("$");
    for segment in path {
        match segment {
            Segment::Seq { index } => {
                let _ = write!(out, "[{index}]");
            }
            Segment::Map { key } => {
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.push('.');
                    out.push_str(key);
                } else {
                    let _ = write!(out, "[{}]", serde_json::Value::from(key.as_str()));
                }
            }
            Segment::Enum { variant } => {
                out.push('.');
                out.push_str(variant);
            }
            Segment::Unknown => out.push_str(".?"),
        }
    }
    out
}

/// The one typed, strict parse of a whole input: the value and nothing after it but
/// whitespace.
///
/// JSON text is UTF-8 (RFC 8259, section 8.1), so the input is checked as UTF-8 once, as a
/// whole, and then read as text: `serde_json` reading bytes checks every string it meets on
/// its own, and that check was about a quarter of the time of reading a large document (see
/// `benches/README.md`, "Reading a large document"). Input that is not UTF-8 is read as bytes,
/// so that the error `serde_json` gives names the place where the text goes wrong, as before.
fn typed<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    fn read<'de, R: serde_json::de::Read<'de>, T: serde::de::DeserializeOwned>(
        mut de: serde_json::Deserializer<R>,
    ) -> Result<T, serde_json::Error> {
        let value = T::deserialize(Strict(&mut de))?;
        de.end()?;
        Ok(value)
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read(serde_json::Deserializer::from_str(text)),
        Err(_) => read(serde_json::Deserializer::from_slice(bytes)),
    }
}

/// Reads one JSON value strictly (structs only from objects), with a precise problem on
/// failure: a syntax problem at `$`, or a shape problem at the offending value's path. The
/// common case costs one typed parse; a failure is read again to find the path.
pub(crate) fn parse_value<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
) -> Result<T, crate::error::Problem> {
    use crate::error::{Problem, ProblemKind};
    match typed::<T>(bytes) {
        Ok(v) => Ok(v),
        Err(first) => {
            if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                return Err(Problem::new(
                    "$",
                    ProblemKind::Syntax,
                    format!("{} (column {})", strip_position(&e.to_string()), e.column()),
                ));
            }
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let (path, message) = match serde_path_to_error::deserialize::<_, T>(Strict(&mut de)) {
                Err(e) => {
                    let path = json_path(e.path());
                    let inner = e.into_inner();
                    (
                        path,
                        format!(
                            "{} (column {})",
                            strip_position(&inner.to_string()),
                            inner.column()
                        ),
                    )
                }
                Ok(_) => ("$".to_string(), strip_position(&first.to_string())),
            };
            Err(Problem::new(path, ProblemKind::Shape, message))
        }
    }
}

/// The envelope's two fields when both come before the end of the document, read without
/// going further: a document's `kind` and `schema_version` usually come first, and what
/// follows is read (and its syntax checked) by the typed parse that comes next.
fn leading_envelope(bytes: &[u8]) -> Option<Envelope> {
    use std::cell::RefCell;
    struct Early<'a>(&'a RefCell<Option<Envelope>>);
    impl<'de> serde::de::Visitor<'de> for Early<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut envelope = Envelope {
                kind: None,
                schema_version: None,
            };
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                envelope.member(&key, &mut map)?;
                if envelope.kind.is_some() && envelope.schema_version.is_some() {
                    *self.0.borrow_mut() = Some(envelope);
                    // Stop here: the rest is the typed parse's to read.
                    return Err(serde::de::Error::custom("envelope read"));
                }
            }
            Ok(())
        }
    }
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let _ = serde::Deserializer::deserialize_map(&mut de, Early(&found));
    found.into_inner()
}

/// Which of the `known` kinds the envelope's `kind` names, by its position in `known`; the
/// envelope is checked as for any document (a supported `schema_version`). When both fields
/// come before the end, the rest is left to the typed parse that follows, which refuses (and
/// diagnoses) whatever is wrong there; otherwise the whole document is read here.
pub(crate) fn read_kind(bytes: &[u8], known: &[&'static str]) -> Result<usize, Error> {
    let bytes = without_bom(bytes);
    let envelope = match leading_envelope(bytes) {
        Some(envelope) => {
            check_version(envelope.schema_version.as_ref())?;
            envelope
        }
        None => envelope(bytes)?,
    };
    let kind = envelope.kind.as_ref().and_then(serde_json::Value::as_str);
    known
        .iter()
        .position(|k| Some(*k) == kind)
        .ok_or_else(|| unknown_kind(envelope.kind.as_ref(), known))
}

/// Deserializes a document without semantic validation.
///
/// The common case costs one typed parse. Only when it fails is the input read again to say
/// precisely why: syntax, envelope (kind, version), or shape with its JSON path.
pub(super) fn parse<T: Document>(bytes: &[u8]) -> Result<T, Error> {
    let bytes = without_bom(bytes);
    match typed::<T>(bytes) {
        Ok(doc) => Ok(doc),
        Err(_) => Err(diagnose::<T>(bytes)),
    }
}

fn diagnose<T: Document>(bytes: &[u8]) -> Error {
    let envelope = match envelope(bytes) {
        Ok(envelope) => envelope,
        Err(e) => return e,
    };
    if envelope.kind.as_ref().and_then(serde_json::Value::as_str) != Some(T::KIND) {
        return unknown_kind(envelope.kind.as_ref(), &[T::KIND]);
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(Strict(&mut de)) {
        Err(e) => {
            let path = json_path(e.path());
            let inner = e.into_inner();
            let more = more_shape_problems::<T>(bytes, &path);
            ErrorKind::Shape {
                path,
                line: inner.line(),
                column: inner.column(),
                message: strip_position(&inner.to_string()),
                more,
            }
            .into()
        }
        // The envelope check above read the whole input as JSON, so the typed parse can only
        // have failed on the shape; this arm is kept total rather than trusted.
        Ok(_) => match de.end() {
            Err(e) => syntax_error(&e),
            Ok(()) => ErrorKind::Shape {
                path: "$".to_string(),
                line: 1,
                column: 1,
                message: "the document could not be read".to_string(),
                more: Vec::new(),
            }
            .into(),
        },
    }
}

/// The shape problems past the first (at `first`): the document is read again as a JSON value,
/// and each time the typed read fails, the problem is noted and the offending part set aside
/// (an unknown field is dropped; otherwise the innermost array element holding the problem is
/// dropped), until the read succeeds, a problem lies outside every array, or
/// [`MORE_SHAPE_PROBLEMS`] are found. Paths keep the document's own indices. Dropping an array
/// element cannot make another element's shape wrong, so every problem noted is the
/// document's, not an echo of one set aside.
fn more_shape_problems<T: Document>(bytes: &[u8], first: &str) -> Vec<Problem> {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return Vec::new();
    };
    // Per array (by its path in the document), the document indices of the elements dropped.
    let mut dropped: std::collections::HashMap<String, Vec<usize>> =
        std::collections::HashMap::new();
    let mut more = Vec::new();
    // Each round drops one part of the document, so the rounds end.
    loop {
        let Err(error) = serde_path_to_error::deserialize::<_, T>(Strict(&value)) else {
            break;
        };
        let segments: Vec<Seg> = error.path().iter().map(Seg::from).collect();
        let message = strip_position(&error.into_inner().to_string());
        let (path, set_aside) = locate(&segments, &dropped, &message);
        if path != first && more.last().is_none_or(|p: &Problem| p.path != path) {
            if more.len() == MORE_SHAPE_PROBLEMS {
                more.push(Problem::new(
                    "$",
                    ProblemKind::Shape,
                    format!("reading stopped after {MORE_SHAPE_PROBLEMS} more shape problems; fix them and read again"),
                ));
                break;
            }
            more.push(Problem::new(path, ProblemKind::Shape, message));
        }
        let Some((depth, array, index)) = set_aside else {
            break; // outside every array: nothing to set aside
        };
        if !remove(&mut value, &segments[..depth]) {
            break;
        }
        if let Some((array, index)) = array.zip(index) {
            let list = dropped.entry(array).or_default();
            let at = list.partition_point(|&i| i < index);
            list.insert(at, index);
        }
    }
    more
}

/// A path segment, owned.
enum Seg {
    Index(usize),
    Key(String),
    Other,
}

impl From<&serde_path_to_error::Segment> for Seg {
    fn from(segment: &serde_path_to_error::Segment) -> Self {
        use serde_path_to_error::Segment;
        match segment {
            Segment::Seq { index } => Self::Index(*index),
            Segment::Map { key } => Self::Key(key.clone()),
            Segment::Enum { .. } | Segment::Unknown => Self::Other,
        }
    }
}

/// A problem's path in the document's own indices, and what to set aside: the number of
/// segments that lead to it (the field, or the array element), and for an element its array's
/// path and its document index.
#[allow(clippy::type_complexity)]
fn locate(
    segments: &[Seg],
    dropped: &std::collections::HashMap<String, Vec<usize>>,
    message: &str,
) -> (String, Option<(usize, Option<String>, Option<usize>)>) {
    use std::fmt::Write as _;
    let mut path = String::from("$");
    let mut innermost = None;
    for (depth, segment) in segments.iter().enumerate() {
        match segment {
            Seg::Index(current) => {
                let mut index = *current;
                for &gone in dropped.get(&path).map_or(&[][..], Vec::as_slice) {
                    if gone <= index {
                        index += 1;
                    }
                }
                innermost = Some((depth + 1, path.clone(), index));
                let _ = write!(path, "[{index}]");
            }
            Seg::Key(key) => {
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    path.push('.');
                    path.push_str(key);
                } else {
                    let _ = write!(path, "[{}]", serde_json::Value::from(key.as_str()));
                }
            }
            Seg::Other => path.push_str(".?"),
        }
    }
    if message.starts_with("unknown field") && matches!(segments.last(), Some(Seg::Key(_))) {
        return (path, Some((segments.len(), None, None)));
    }
    let set_aside = innermost.map(|(depth, array, index)| (depth, Some(array), Some(index)));
    (path, set_aside)
}

/// Removes the value at `segments` (an object's field or an array's element); false when the
/// path does not lead to one.
fn remove(value: &mut serde_json::Value, segments: &[Seg]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut node = value;
    for segment in parents {
        let next = match (segment, node) {
            (Seg::Index(i), serde_json::Value::Array(items)) => items.get_mut(*i),
            (Seg::Key(k), serde_json::Value::Object(map)) => map.get_mut(k),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    match (last, node) {
        (Seg::Index(i), serde_json::Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
            true
        }
        (Seg::Key(k), serde_json::Value::Object(map)) => map.remove(k).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Innovation;

    #[test]
    fn every_shape_problem_is_reported_with_the_documents_own_indices() {
        let err = parse::<Innovation>(
            br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X", "colour": 1,
                "essential_functions": [{"id": "a", "name": 1}, {"id": "b", "name": "B"},
                                        {"id": "", "name": "C"}, {"id": "d", "name": "D", "x": 0}]}"#,
        )
        .unwrap_err();
        let found: Vec<_> = err
            .problems()
            .into_iter()
            .map(|p| (p.path, p.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("$.colour".to_string(), ProblemKind::Shape),
                (
                    "$.essential_functions[0].name".to_string(),
                    ProblemKind::Shape
                ),
                (
                    "$.essential_functions[2].id".to_string(),
                    ProblemKind::Shape
                ),
                ("$.essential_functions[3].x".to_string(), ProblemKind::Shape),
            ]
        );
    }

    #[test]
    fn shape_problems_past_the_bound_are_said_to_be_unread() {
        let functions: Vec<String> = (0..40)
            .map(|i| format!(r#"{{"id": "f{i}", "name": {i}}}"#))
            .collect();
        let json = format!(
            r#"{{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X", "essential_functions": [{}]}}"#,
            functions.join(", ")
        );
        let problems = parse::<Innovation>(json.as_bytes()).unwrap_err().problems();
        assert_eq!(problems.len(), 1 + MORE_SHAPE_PROBLEMS + 1);
        assert_eq!(problems[20].path, "$.essential_functions[20].name");
        assert!(
            problems[21]
                .message
                .starts_with("reading stopped after 20 more")
        );
    }

    #[test]
    fn paths() {
        let err = parse::<Innovation>(
            br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X",
                "essential_functions": [{"id": "a", "name": "A"}, {"id": "", "name": "B"}]}"#,
        )
        .unwrap_err();
        assert_eq!(err.problems()[0].path, "$.essential_functions[1].id");
    }

    #[test]
    fn envelope_errors() {
        let e = parse::<Innovation>(br#"{"kind": "innovation", "schema_version": "3.0.0"}"#)
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::UnsupportedVersion { found: Some(v), .. } if v == "3.0.0")
        );
        let e = parse::<Innovation>(br#"{"kind": "site_record", "schema_version": "1.0.0"}"#)
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::UnknownKind { found: Some(k), .. } if k == "site_record")
        );
        let e = parse::<Innovation>(b"[1, 2]").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Shape { path, .. } if path == "$"));
        let e = parse::<Innovation>(b"{\"a\": 1} x").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Syntax { .. }));
        let e = parse::<Innovation>(&[0xff, 0xfe]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Syntax { .. }));
    }

    #[test]
    fn text_read_once_as_utf8_reads_as_the_bytes_do() {
        // Text outside ASCII, escapes and surrogate pairs: the same document either way.
        let json = "{\"kind\": \"innovation\", \"schema_version\": \"1.0.0\", \"id\": \"x\", \
                    \"name\": \"Lecture \u{e9}quilibr\u{e9}e \\u00e9 \\ud83d\\ude00 \u{1f600}\"}";
        let by_text = parse::<Innovation>(json.as_bytes()).unwrap();
        let by_bytes: Innovation = serde_json::from_slice(json.as_bytes()).unwrap();
        assert_eq!(by_text, by_bytes);
        assert_eq!(
            by_text.name,
            "Lecture \u{e9}quilibr\u{e9}e \u{e9} \u{1f600} \u{1f600}"
        );
        // Bytes that are not UTF-8 inside a string on line 2: refused where they stand, as
        // `serde_json` reading the bytes says.
        let mut bad = b"{\"kind\": \"innovation\", \"schema_version\": \"1.0.0\",\n \"id\": \"x\", \"name\": \"a".to_vec();
        bad.extend_from_slice(&[0xff, 0xfe]);
        bad.extend_from_slice(b"\"}");
        let expected = serde_json::from_slice::<Innovation>(&bad).unwrap_err();
        let e = parse::<Innovation>(&bad).unwrap_err();
        match e.kind() {
            ErrorKind::Shape {
                path, line, column, ..
            } => assert_eq!(
                (path.as_str(), *line, *column),
                ("$.name", 2, expected.column())
            ),
            _ => panic!("{e}"),
        }
        let e = parse_value::<Innovation>(&bad).unwrap_err();
        assert_eq!(e.path, "$.name");
        assert!(
            e.message
                .ends_with(&format!("(column {})", expected.column()))
        );
        // A lone surrogate escape is refused on both roads.
        let lone =
            br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "\ud800"}"#;
        assert!(serde_json::from_slice::<Innovation>(lone).is_err());
        assert!(parse::<Innovation>(lone).is_err());
    }

    #[test]
    fn arrays_are_not_documents_and_a_bom_is_skipped() {
        let e = parse::<Innovation>(br#"["innovation", "1.0.0", "cico", "CICO"]"#).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Shape { path, .. } if path == "$"),
            "{e}"
        );
        let e = parse::<Innovation>(
            br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X", "description": [null]}"#,
        )
        .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Shape { path, .. } if path == "$.description"),
            "{e}"
        );
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(
            br#"{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X"}"#,
        );
        assert!(parse::<Innovation>(&bytes).is_ok());
        assert_eq!(
            read_kind(&bytes, &["site_record", "innovation"]).unwrap(),
            1
        );
    }
}

//! What a file that is not JSON looks like: an empty file, a workbook, a table, a log, text in
//! UTF-16. When the parser refuses the bytes and they plainly are one of these, the syntax
//! error says so, and what to do, instead of the parser's `expected value at line 1 column 1`.

/// What to do with a table, in one place so that it changes with the command line.
pub(crate) const TABLE_ADVICE: &str =
    "implsci reads JSON documents; read tables with `implsci import system|administrations|events`";

/// How far into the first line a table is looked for.
const FIRST_LINE: usize = 64 * 1024;

/// What the bytes look like, when they plainly are not a JSON document; `None` when they
/// look like JSON with a mistake in it (the parser's message says best what is wrong).
pub(super) fn looks_like(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || is_utf16(bytes) {
        return Some("the file is UTF-16; save it as UTF-8".to_string());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(format!(
            "this looks like an Excel workbook (.xlsx); {TABLE_ADVICE}"
        ));
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Some(format!(
            "this looks like an Excel workbook (.xls); {TABLE_ADVICE}"
        ));
    }
    let Some(start) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Some("the file is empty".to_string());
    };
    if is_json_lines(bytes) {
        return Some(
            "this looks like a JSON Lines log (one JSON object a line), not a document; \
             commands that read a log (`implsci coaching`, `implsci loops`) take it"
                .to_string(),
        );
    }
    table_separator(&bytes[start..]).map(|separator| {
        format!("this looks like a CSV table (its first line is separated by {separator}); {TABLE_ADVICE}")
    })
}

/// Text in UTF-16 without a byte-order mark: JSON text never holds a NUL byte, and an ASCII
/// character in UTF-16 is one beside a NUL.
fn is_utf16(bytes: &[u8]) -> bool {
    matches!(bytes, [0, b, ..] | [b, 0, ..] if *b != 0)
}

/// A JSON object, then a line break, then another object: a log of one object a line.
fn is_json_lines(bytes: &[u8]) -> bool {
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    if !matches!(values.next(), Some(Ok(_))) {
        return false;
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let rest = &bytes[values.byte_offset()..];
    let gap = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    first == Some(&b'{') && rest[..gap].contains(&b'\n') && rest.get(gap) == Some(&b'{')
}

/// The separator of a first line that reads as a table's: commas, tabs or semicolons (the
/// most frequent of them), and no JSON object or array opening it.
fn table_separator(text: &[u8]) -> Option<&'static str> {
    let line = text.split(|&b| b == b'\n').next().unwrap_or(text);
    let line = &line[..line.len().min(FIRST_LINE)];
    if line.first() == Some(&b'[') || line.contains(&b'{') {
        return None;
    }
    let count = |c: u8| memchr::memchr_iter(c, line).count();
    [
        (count(b','), "commas"),
        (count(b'\t'), "tabs"),
        (count(b';'), "semicolons"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .max_by_key(|(n, _)| *n)
    .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorKind;
    use crate::{Document, Innovation};

    /// The syntax error of reading `bytes` as an innovation: line, column and message.
    fn syntax(bytes: &[u8]) -> (usize, usize, String) {
        match Innovation::from_json_slice(bytes).unwrap_err().into_kind() {
            ErrorKind::Syntax {
                line,
                column,
                message,
            } => (line, column, message),
            other => panic!("not a syntax error: {other:?}"),
        }
    }

    #[test]
    fn an_empty_file() {
        assert_eq!(syntax(b""), (1, 0, "the file is empty".to_string()));
        assert_eq!(
            syntax(b"  \n\t\r\n"),
            (3, 0, "the file is empty".to_string())
        );
        assert_eq!(
            Innovation::from_json("").unwrap_err().to_string(),
            "not valid JSON at line 1, column 0: the file is empty"
        );
    }

    #[test]
    fn a_workbook() {
        let (line, column, message) = syntax(b"PK\x03\x04\x14\x00\x06\x00rest of the zip");
        assert_eq!((line, column), (1, 1));
        assert_eq!(
            message,
            "this looks like an Excel workbook (.xlsx); implsci reads JSON documents; read tables with `implsci import system|administrations|events`"
        );
        assert_eq!(
            syntax(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00").2,
            "this looks like an Excel workbook (.xls); implsci reads JSON documents; read tables with `implsci import system|administrations|events`"
        );
    }

    #[test]
    fn a_table() {
        assert_eq!(
            syntax(b"id,name,level\ncico,Check-in/check-out,1\n").2,
            "this looks like a CSV table (its first line is separated by commas); implsci reads JSON documents; read tables with `implsci import system|administrations|events`"
        );
        assert_eq!(
            syntax(b"\"id\"\t\"name\"\n\"cico\"\t\"CICO\"\n").2,
            "this looks like a CSV table (its first line is separated by tabs); implsci reads JSON documents; read tables with `implsci import system|administrations|events`"
        );
        assert_eq!(
            syntax(b"id;name;note, with a comma\n").2,
            "this looks like a CSV table (its first line is separated by semicolons); implsci reads JSON documents; read tables with `implsci import system|administrations|events`"
        );
    }

    #[test]
    fn a_log() {
        let log = b"{\"kind\": \"training\", \"id\": \"e-1\"}\n{\"kind\": \"training\", \"id\": \"e-2\"}\n";
        assert_eq!(
            syntax(log),
            (
                2,
                1,
                "this looks like a JSON Lines log (one JSON object a line), not a document; commands that read a log (`implsci coaching`, `implsci loops`) take it".to_string()
            )
        );
    }

    #[test]
    fn utf16() {
        let little_endian: Vec<u8> = "\u{FEFF}{\"kind\": \"innovation\"}"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            syntax(&little_endian).2,
            "the file is UTF-16; save it as UTF-8"
        );
        let big_endian: Vec<u8> = "\u{FEFF}{}"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(
            syntax(&big_endian).2,
            "the file is UTF-16; save it as UTF-8"
        );
        let no_bom: Vec<u8> = "{}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(syntax(&no_bom).2, "the file is UTF-16; save it as UTF-8");
    }

    #[test]
    fn json_with_a_mistake_keeps_the_parsers_message() {
        assert_eq!(
            syntax(b"{not json"),
            (1, 2, "key must be a string".to_string())
        );
        assert_eq!(
            syntax(b"{\"a\": [1,]}"),
            (1, 10, "expected value".to_string())
        );
        // An array with a mistake, and an object on one line then garbage, are not tables or logs.
        assert_eq!(syntax(b"[1, 2,").2, "EOF while parsing a value");
        assert_eq!(syntax(b"{\"a\": 1}\nx, y").2, "trailing characters");
        assert_eq!(syntax(b"{\"a\": 1} {\"b\": 2}").2, "trailing characters");
    }
}

//! JSON Lines: reading in any chunking gives the same records, refusals and counts, and every
//! line is accounted for.

#![allow(clippy::naive_bytecount)] // small test inputs

use implsci::jsonl::{JsonLinesReader, parse_json_lines};
use proptest::prelude::*;

#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Event {
    id: u32,
    note: Option<String>,
}

/// One line: a valid event, a malformed one, junk, or blank; with `\r\n` or `\n`.
fn line() -> impl Strategy<Value = (String, Kind)> {
    prop_oneof![
        (any::<u32>(), prop::option::of("[ -~é]{0,10}")).prop_map(|(id, note)| {
            let v = serde_json::json!({ "id": id, "note": note });
            (v.to_string(), Kind::Valid)
        }),
        any::<u32>().prop_map(|id| (format!("{{\"id\": {id}, \"extra\": 1}}"), Kind::Refused)),
        "[a-z{}\\[\\]:,\"]{1,12}"
            .prop_filter("not valid JSON for Event", |s| {
                serde_json::from_str::<Event>(s).is_err()
            })
            .prop_map(|s| (s, Kind::Refused)),
        "[ \t]{0,3}".prop_map(|s| (s, Kind::Blank)),
    ]
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Valid,
    Refused,
    Blank,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_chunking_reads_the_same(
        lines in prop::collection::vec((line(), any::<bool>()), 0..40),
        trailing_newline in any::<bool>(),
        cuts in prop::collection::vec(0usize..4096, 0..12),
    ) {
        let mut text = Vec::new();
        for (i, ((l, _), crlf)) in lines.iter().enumerate() {
            text.extend_from_slice(l.as_bytes());
            if i + 1 < lines.len() || trailing_newline {
                text.extend_from_slice(if *crlf { b"\r\n" } else { b"\n" });
            }
        }
        let whole = parse_json_lines::<Event>(&text);

        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
        cuts.sort_unstable();
        let mut reader = JsonLinesReader::<Event>::new();
        let mut at = 0;
        for c in cuts.into_iter().chain([text.len()]) {
            reader.feed(&text[at..c]);
            at = c;
        }
        let chunked = reader.finish();
        prop_assert_eq!(&chunked, &whole);

        // Every line is accounted for, at its number.
        let newlines = text.iter().filter(|&&b| b == b'\n').count() as u64;
        let unterminated = u64::from(!text.is_empty() && !text.ends_with(b"\n"));
        prop_assert_eq!(whole.lines, newlines + unterminated);
        prop_assert_eq!(whole.records.len() as u64 + whole.refused.len() as u64 + whole.blank, whole.lines);
        for r in &whole.records {
            prop_assert_eq!(lines[usize::try_from(r.line).unwrap() - 1].0 .1, Kind::Valid);
        }
        for p in &whole.refused {
            prop_assert_eq!(lines[usize::try_from(p.line).unwrap() - 1].0 .1, Kind::Refused);
            prop_assert!(p.problem.path.starts_with('$'));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), cut in 0usize..512) {
        let cut = cut.min(bytes.len());
        let mut reader = JsonLinesReader::<Event>::new();
        reader.feed(&bytes[..cut]);
        reader.feed(&bytes[cut..]);
        let read = reader.finish();
        prop_assert_eq!(read.records.len() as u64 + read.refused.len() as u64 + read.blank, read.lines);
    }

    /// With a line limit, any chunking still reads the same; every line longer than the limit
    /// (its `\r` counted, its `\n` not) is refused as too large, and every other line reads as
    /// it does without a limit.
    #[test]
    fn a_line_limit_refuses_exactly_the_longer_lines_whatever_the_chunks(
        lines in prop::collection::vec("[a-z{}\":, ]{0,40}", 0..30),
        limit in 0usize..30,
        cuts in prop::collection::vec(0usize..2048, 0..12),
    ) {
        let text = lines.join("\n").into_bytes();
        let mut whole = JsonLinesReader::<serde_json::Value>::new().max_line_bytes(limit);
        whole.feed(&text);
        let whole = whole.finish();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (text.len() + 1)).collect();
        cuts.sort_unstable();
        let mut reader = JsonLinesReader::<serde_json::Value>::new().max_line_bytes(limit);
        let mut at = 0;
        for c in cuts.into_iter().chain([text.len()]) {
            reader.feed(&text[at..c]);
            at = c;
        }
        let chunked = reader.finish();
        prop_assert_eq!(&chunked, &whole);
        let unlimited = implsci::jsonl::parse_json_lines::<serde_json::Value>(&text);
        prop_assert_eq!(whole.lines, unlimited.lines);
        for (i, l) in lines.iter().enumerate() {
            let n = i as u64 + 1;
            let too_large = whole.refused.iter().any(|p| p.line == n && p.problem.kind == implsci::ProblemKind::TooLarge);
            prop_assert_eq!(too_large, l.len() > limit, "line {}", n);
            if l.len() <= limit {
                prop_assert_eq!(
                    whole.records.iter().find(|r| r.line == n).map(|r| &r.value),
                    unlimited.records.iter().find(|r| r.line == n).map(|r| &r.value)
                );
            }
        }
    }
}

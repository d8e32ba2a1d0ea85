//! Inputs that once could exhaust the machine are refused within their limits, each with a
//! message naming the limit and the option that raises it; messages quote a bounded prefix of
//! what the input says.

mod run;

use std::fs;
use std::path::PathBuf;

use run::{implsci, stdout};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("implsci-hostile-{}-{name}", std::process::id()));
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn an_endless_log_is_refused_at_its_limit() {
    let out = implsci(&[
        "coaching",
        "/dev/zero",
        "examples/data/state_system.json",
        "--max-log-bytes",
        "10000000",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(
            "the log is larger than the limit of 10000000 bytes; raise it with --max-log-bytes"
        ),
        "{err}"
    );
}

#[test]
fn an_endless_document_is_refused_at_its_limit() {
    for args in [
        &["validate", "/dev/zero", "--max-document-bytes", "1000000"][..],
        &["align", "/dev/zero", "--max-document-bytes", "1000000"][..],
    ] {
        let out = implsci(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains("the document is larger than the limit of 1000000 bytes; raise it with --max-document-bytes"), "{err}");
    }
}

#[test]
fn a_line_past_the_limit_is_refused_and_the_rest_read() {
    let mut log = vec![b'x'; 3_000_000];
    log.push(b'\n');
    log.extend_from_slice(
        fs::read("examples/data/state_events.jsonl")
            .unwrap()
            .as_slice(),
    );
    let path = temp("long-line.jsonl", &log);
    let out = implsci(&[
        "validate",
        path.to_str().unwrap(),
        "--max-line-bytes",
        "1000000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("line 1: $: too_large: the line is longer than the limit of 1000000 bytes (3000000 bytes)"), "{text}");
    assert_eq!(text.matches("too_large").count(), 1, "{text}");
    fs::remove_file(path).unwrap();
}

#[test]
fn a_ten_megabyte_key_gives_a_message_of_a_few_kilobytes() {
    let key = "k".repeat(10_000_000);
    let doc = format!(
        r#"{{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X", "{key}": 1}}"#
    );
    let path = temp("big-key.json", doc.as_bytes());
    let out = implsci(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.len() < 20_000, "{} bytes of output", text.len());
    assert!(
        text.contains("bytes more)"),
        "{}",
        &text[..text.len().min(500)]
    );
    fs::remove_file(path).unwrap();
}

#[test]
fn deep_nesting_is_a_syntax_problem() {
    let depth = 100_000;
    let doc = format!(
        r#"{{"kind": "innovation", "schema_version": "1.0.0", "id": "x", "name": "X", "extensions": {{"deep": {}{}}}}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let path = temp("deep.json", doc.as_bytes());
    let out = implsci(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("recursion limit exceeded"),
        "{}",
        &text[..text.len().min(500)]
    );
    fs::remove_file(path).unwrap();
}

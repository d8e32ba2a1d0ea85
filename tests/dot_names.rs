//! The Graphviz drawing of a system whose names hold characters DOT cannot take as they are.

use std::io::Write;
use std::process::{Command, Stdio};

use implsci::system::{System, When};

fn hostile_system() -> System {
    let doc = serde_json::json!({
        "kind": "implementation_system",
        "schema_version": "1.0.0",
        "id": "s",
        "name": "nul\u{0}here \"quoted\" back\\slash\r\nline\u{1b}[31m\u{7f}\u{85}",
        "levels": [{"id": "school", "name": "School\u{0}\t\u{2028}level"}],
        "units": [{"id": "u", "level": "school", "name": "Unit\u{0}\r"}]
    });
    System::from_json(&doc.to_string()).expect("names may hold any text")
}

#[test]
fn control_characters_in_names_are_escaped_in_dot() {
    let dot = hostile_system().to_dot(When::Current);
    let bad: Vec<char> = dot
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(bad.is_empty(), "raw control characters {bad:?} in\n{dot}");
    assert!(!dot.contains('\u{2028}'), "{dot}");
    assert!(
        dot.contains(
            r#"nul\\u{0}here \"quoted\" back\\slash\\u{d}\nline\\u{1b}[31m\\u{7f}\\u{85}"#
        ),
        "{dot}"
    );
    assert!(dot.contains(r"School\\u{0}\\u{9}\nlevel"), "{dot}");
    // Each statement line holds whole quoted strings: its unescaped quotes pair up.
    for line in dot.lines() {
        let quotes = line
            .replace("\\\\", "")
            .replace("\\\"", "")
            .matches('"')
            .count();
        assert_eq!(quotes % 2, 0, "{line}");
    }
}

/// Graphviz itself reads the drawing, when it is installed.
#[test]
fn graphviz_reads_the_escaped_drawing() {
    let dot = hostile_system().to_dot(When::Current);
    let Ok(mut child) = Command::new("dot")
        .arg("-Tcanon")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return; // Graphviz is not installed: the text test above stands alone.
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "dot: {}\n{dot}",
        String::from_utf8_lossy(&out.stderr)
    );
}

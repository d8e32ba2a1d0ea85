//! A corpus of the mistakes users make, each with the command that meets it and what the tool
//! answers: exit status, standard output and standard error, held as a snapshot.
//!
//! Each folder of `tests/mistakes/` is a case: `about` says what the user did, `args` holds the
//! command's arguments one per line (`{case}` is the case's folder), the other files are its
//! input, and `expected` what the tool answers. When a message changes on purpose,
//! `IMPLSCI_BLESS=1 cargo test --all-features --test mistakes` writes the new answers; review
//! the diff before committing it.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mistakes");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// What the tool answers in one case, as text: its status, then stdout and stderr.
fn answer(case: &Path) -> String {
    let relative = case
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let args: Vec<String> = std::fs::read_to_string(case.join("args"))
        .unwrap()
        .lines()
        .map(|a| a.replace("{case}", &relative))
        .collect();
    let output = Command::new(env!("CARGO_BIN_EXE_implsci"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    format!(
        "$ implsci {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        output
            .status
            .code()
            .map_or_else(|| "signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_corpus_holds_at_least_25_mistakes_each_described() {
    let cases = cases();
    assert!(cases.len() >= 25, "{} cases", cases.len());
    for case in &cases {
        let about = std::fs::read_to_string(case.join("about")).unwrap_or_default();
        assert!(!about.trim().is_empty(), "{}: no `about`", case.display());
    }
}

#[test]
fn every_mistake_gets_the_answer_on_record() {
    let bless = std::env::var_os("IMPLSCI_BLESS").is_some();
    let mut differ = Vec::new();
    for case in cases() {
        let got = answer(&case);
        let path = case.join("expected");
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            differ.push(format!(
                "{}:\n--- expected\n{want}\n--- got\n{got}",
                case.display()
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{} answers changed (IMPLSCI_BLESS=1 cargo test --all-features --test mistakes records them):\n\n{}",
        differ.len(),
        differ.join("\n")
    );
    // Nothing the tool says to a user is Rust's debug text or a panic.
    for case in cases() {
        let got = answer(&case);
        for tell in ["panicked", "{ ", "RUST_BACKTRACE", "Some(", "None,"] {
            assert!(
                !got.contains(tell),
                "{}: the answer shows `{tell}`:\n{got}",
                case.display()
            );
        }
    }
}

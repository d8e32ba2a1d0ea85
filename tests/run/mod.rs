//! Running the `implsci` binary from the command-line tests (only those built with the `cli`
//! feature include this module: the binary exists only then).

#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `implsci` with `args` from the repository root.
pub fn implsci(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_implsci"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the implsci binary runs")
}

/// The standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("the output is UTF-8")
}

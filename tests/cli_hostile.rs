//! Hostile surroundings and input for the command line: a stderr that cannot be written, a
//! stdout closed early, files that are not what they claim to be.

mod run;

use std::fs::File;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn implsci() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_implsci"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// A file under the test's own temporary folder.
fn temp(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_hostile-{name}"))
}

/// A stderr that refuses every write (`/dev/full` answers ENOSPC).
fn full() -> Stdio {
    Stdio::from(
        File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full opens"),
    )
}

#[test]
fn an_unwritable_stderr_does_not_panic() {
    let bad = temp("not-json.json");
    std::fs::write(&bad, b"not json").unwrap();
    let bad = bad.to_str().unwrap();
    let missing = temp("missing.json");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["align", "/dev/null"],
        vec!["align", bad],
        vec!["validate", bad],
        vec!["units", missing],
        vec!["coaching", missing],
        vec!["import"],
    ] {
        let status = implsci()
            .args(&args)
            .stdout(Stdio::null())
            .stderr(full())
            .status()
            .expect("the implsci binary runs");
        let code = status.code();
        assert!(
            matches!(code, Some(1 | 2)),
            "`implsci {}` with stderr on /dev/full ended with {code:?}, not 1 or 2",
            args.join(" ")
        );
    }
}

/// A system big enough that its reports fill any pipe's buffer many times over.
fn big_system() -> PathBuf {
    let path = temp("big-system.json");
    let out = run::implsci(&[
        "generate",
        "--regions",
        "8",
        "--districts",
        "10",
        "--schools",
        "40",
        "--practitioners",
        "5",
    ]);
    assert!(out.status.success(), "generate succeeds");
    std::fs::write(&path, &out.stdout).unwrap();
    path
}

/// Runs `implsci args`, reads a few bytes of its stdout, closes the pipe, and returns the exit
/// code and what it wrote to stderr.
fn close_early(args: &[&str]) -> (Option<i32>, String) {
    let mut child = implsci()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the implsci binary runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).expect("the command writes");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (child.wait().unwrap().code(), stderr)
}

#[test]
fn a_closed_stdout_ends_every_format_quietly_with_status_0() {
    let system = big_system();
    let system = system.to_str().unwrap();
    for args in [
        vec![
            "generate",
            "--regions",
            "8",
            "--districts",
            "10",
            "--schools",
            "40",
            "--practitioners",
            "5",
        ],
        vec!["align", system, "--format", "json"],
        vec!["align", system, "--format", "csv"],
        vec!["units", system, "--format", "json"],
        vec!["units", system, "--format", "csv"],
        vec!["units", system],
        vec!["dot", system],
    ] {
        let (code, stderr) = close_early(&args);
        assert_eq!(
            (code, stderr.as_str()),
            (Some(0), ""),
            "`implsci {}` with its stdout closed early",
            args.join(" ")
        );
    }
}

/// The problem lines of a report (`validate` writes them to stdout, other commands to
/// stderr): those that start with two spaces.
fn problem_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.starts_with("  "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_document_that_is_not_utf8_is_invalid_with_a_position_as_validate_says() {
    let innovation = std::fs::read("examples/data/innovation.json").unwrap();
    let at = innovation
        .windows(6)
        .position(|w| w == b"\"name\"")
        .unwrap();
    // Bytes that are not UTF-8 just inside the key `"name"`.
    let mut in_a_string = innovation[..=at].to_vec();
    in_a_string.extend_from_slice(&[0xff, 0xfe, 0x41]);
    in_a_string.extend_from_slice(&innovation[at + 1..]);
    let mut before_a_key = innovation.clone();
    before_a_key.insert(at, 0xe9);
    for (name, bytes) in [
        ("in-a-string", in_a_string),
        ("before-a-key", before_a_key),
        ("latin-1", b"\xe9{}".to_vec()),
    ] {
        let path = temp(&format!("innovation-{name}.json"));
        std::fs::write(&path, bytes).unwrap();
        let path = path.to_str().unwrap();
        let validate = run::implsci(&["validate", path]);
        let coaching = run::implsci(&[
            "coaching",
            "examples/data/state_events.jsonl",
            "examples/data/state_system.json",
            "--innovation",
            path,
        ]);
        assert_eq!(validate.status.code(), Some(1), "{name}: validate");
        assert_eq!(coaching.status.code(), Some(1), "{name}: coaching");
        let said = problem_lines(&validate.stdout);
        assert!(
            !said.is_empty() && said.iter().all(|l| l.contains("(line ")),
            "{name}: validate names a position: {said:?}"
        );
        assert_eq!(problem_lines(&coaching.stderr), said, "{name}");
    }
}

#[test]
fn coaching_refuses_a_plan_id_given_twice_as_loops_refuses_an_item_raised_twice() {
    let log = std::fs::read_to_string("examples/data/state_events.jsonl").unwrap();
    let plan = log.lines().find(|l| l.contains("coaching_plan")).unwrap();
    let path = temp("duplicate-plan.jsonl");
    std::fs::write(&path, format!("{log}{plan}\n")).unwrap();
    let line = log.lines().count() + 1;
    let o = run::implsci(&[
        "coaching",
        path.to_str().unwrap(),
        "examples/data/state_system.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!(
            "line {line}: $.id: duplicate_id: coaching plan `e-0003` was already given"
        )),
        "{stderr}"
    );
}

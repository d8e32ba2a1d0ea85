//! The hostile corpus (`tests/hostile/inputs/`): empty files, byte-order marks, invalid UTF-8,
//! NUL bytes, truncations, deep nesting, huge numbers, confusable and control-laden ids,
//! impossible dates, cycles, logs with CRLF and garbage lines. Each input is given to the
//! commands `tests/hostile/EXPECTED` names and must end with the status it names, never a
//! panic or a signal; a refusal names where (a JSON path, a line, or the file), and the output
//! stays within a bound of the input's size. Each command runs under a guard: one that runs
//! longer than [`MAX_SECONDS`] or whose resident memory passes [`MAX_RESIDENT_KB`] is killed
//! and reported (a guard against a hang or a blow-up, not a measurement of speed).

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Far longer than any of these commands takes (milliseconds): only a hang reaches it.
const MAX_SECONDS: u64 = 120;

/// Far more than any of these commands needs (tens of MB): only a blow-up reaches it.
const MAX_RESIDENT_KB: u64 = 2 * 1024 * 1024;

/// The peak resident memory of a running process in kB, where the system says (Linux).
fn peak_kb(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `implsci` with `args` under the guard: `Err` says why it was killed.
fn guarded(args: &[&str]) -> Result<Output, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_implsci"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the implsci binary runs");
    // Drain both pipes on threads of their own, so a full pipe cannot stall the command.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let read = |r: &mut dyn std::io::Read| {
        let mut bytes = Vec::new();
        let _ = r.read_to_end(&mut bytes);
        bytes
    };
    let stdout = std::thread::spawn(move || read(&mut out));
    let stderr = std::thread::spawn(move || read(&mut err));
    let start = Instant::now();
    let mut killed = None;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the command") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(MAX_SECONDS) {
            killed = Some(format!("still running after {MAX_SECONDS} s"));
        } else if peak_kb(child.id()).is_some_and(|kb| kb > MAX_RESIDENT_KB) {
            killed = Some(format!("resident memory above {MAX_RESIDENT_KB} kB"));
        }
        if killed.is_some() {
            let _ = child.kill();
            let _ = child.wait();
            break child.wait().expect("a killed command ends");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let output = Output {
        status,
        stdout: stdout.join().expect("stdout read"),
        stderr: stderr.join().expect("stderr read"),
    };
    killed.map_or(Ok(output), Err)
}

/// The most output a command may write about one input: a fixed allowance plus a multiple of
/// the input, so that no message echoes the input without bound.
fn output_bound(input_bytes: usize) -> usize {
    input_bytes.saturating_mul(4).saturating_add(64 * 1024)
}

#[test]
fn every_hostile_input_ends_as_expected() {
    let expected = fs::read_to_string("tests/hostile/EXPECTED").unwrap();
    let mut listed = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [name, command, status] = fields[..] else {
            panic!("a line of EXPECTED is NAME COMMAND STATUS: {line}");
        };
        listed.insert(name.to_string());
        let path = Path::new("tests/hostile/inputs").join(name);
        let file = path.to_str().unwrap();
        let run = if command == "coaching" {
            guarded(&["coaching", file, "examples/data/state_system.json"])
        } else {
            guarded(&[command, file])
        };
        let out = match run {
            Ok(out) => out,
            Err(why) => {
                failures.push(format!("{name} {command}: killed, {why}"));
                continue;
            }
        };
        let code = out.status.code();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let size = usize::try_from(fs::metadata(&path).unwrap().len()).unwrap_or(usize::MAX);
        if code != Some(status.parse().unwrap()) {
            failures.push(format!(
                "{name} {command}: exit {code:?}, expected {status}: {}",
                text.chars().take(300).collect::<String>()
            ));
        } else if code != Some(0)
            && !(text.contains('$') || text.contains("line ") || text.contains(name))
        {
            failures.push(format!(
                "{name} {command}: the refusal does not say where: {text}"
            ));
        }
        if text.len() > output_bound(size) {
            failures.push(format!(
                "{name} {command}: {} bytes of output for {size} bytes of input",
                text.len()
            ));
        }
    }
    let inputs: std::collections::BTreeSet<String> = fs::read_dir("tests/hostile/inputs")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(inputs.len() >= 60, "{} inputs", inputs.len());
    let unlisted: Vec<_> = inputs.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "inputs EXPECTED does not list: {unlisted:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

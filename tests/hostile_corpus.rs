//! The hostile corpus (`tests/hostile/inputs/`): empty files, byte-order marks, invalid UTF-8,
//! NUL bytes, truncations, deep nesting, huge numbers, confusable and control-laden ids,
//! impossible dates, cycles, logs with CRLF and garbage lines. Each input is given to the
//! commands `tests/hostile/EXPECTED` names and must end with the status it names, never a
//! panic or a signal; a refusal names where (a JSON path, a line, or the file), and the output
//! stays within a bound of the input's size.

mod run;

use std::fs;
use std::path::Path;

use run::implsci;

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
        let out = if command == "coaching" {
            implsci(&["coaching", file, "examples/data/state_system.json"])
        } else {
            implsci(&[command, file])
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

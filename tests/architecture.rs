//! The layers of `ARCHITECTURE.md`, checked: every module of the library is in a layer, refers
//! only to its own layer and those below, and the modules of one layer refer to each other
//! without a circle.
//!
//! The check reads the source as text: every `crate::` path (in `use` lines, in code, in
//! attributes such as `schema_with = "crate::date::schema"`), every `super::` and `self::` path,
//! and every `use` of a child module by its bare name, outside comments. Test code (`tests.rs`
//! files and a `#[cfg(test)] mod tests` at the end of a file) may use any layer, as the
//! integration tests do. The crate root's `pub use` lines are its public face, not a
//! dependency: a path through them (`crate::AnyDocument`) is read as the module they name. The
//! binary (`src/bin`) is the top layer and reaches the library only through its public API, so
//! it is not read.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

/// The layers, lowest first, and the modules in each. A module path names a top-level module
/// (`score`) or a submodule placed apart from its parent (`coaching::rollup`); the longest
/// matching entry decides a module's layer. `""` is the crate root's own items (`Extensions`).
///
/// Keep this table and the one in `ARCHITECTURE.md` the same.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "", "date", "period", "id", "error", "share", "document", "jsonl", "limits", "measure",
            "text",
        ],
    ),
    (
        "domain",
        &[
            "innovation",
            "stage",
            "driver",
            "site",
            "system",
            "coaching",
            "improvement",
            "plan",
            "scenario",
        ],
    ),
    (
        "measures",
        &[
            "score",
            "event",
            "coaching::fidelity",
            "coaching::rollup",
            "scenario::estimate",
        ],
    ),
    (
        "views",
        &[
            "catalog",
            "framework",
            "plot",
            "report",
            "schema",
            "sim",
            "tables",
        ],
    ),
];

/// A reference that breaks the layering.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Violation {
    /// A module refers to a module of a higher layer.
    Upward {
        file: String,
        line: usize,
        from: String,
        to: String,
    },
    /// Modules of one layer refer to each other in a circle.
    Circle { modules: Vec<String> },
    /// A source file whose module is in no layer.
    Unplaced { file: String, module: String },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Upward {
                file,
                line,
                from,
                to,
            } => write!(
                f,
                "{file}:{line}: `{from}` ({}) refers to `{to}` ({}), a higher layer",
                layer_name(from),
                layer_name(to)
            ),
            Self::Circle { modules } => {
                write!(f, "a circle within one layer: {}", modules.join(" -> "))
            }
            Self::Unplaced { file, module } => write!(
                f,
                "{file}: module `{module}` is in no layer: add it to LAYERS here and in ARCHITECTURE.md"
            ),
        }
    }
}

fn entries() -> impl Iterator<Item = (usize, &'static str)> {
    LAYERS
        .iter()
        .enumerate()
        .flat_map(|(rank, (_, modules))| modules.iter().map(move |m| (rank, *m)))
}

/// The layer entry a module path belongs to: the longest entry that is the path or a prefix of
/// it at a `::` boundary; `None` when no entry is (a top-level module missing from the table).
fn entry_of(module: &str) -> Option<&'static str> {
    entries()
        .map(|(_, e)| e)
        .filter(|e| {
            module == *e
                || (!e.is_empty() && module.starts_with(e) && module[e.len()..].starts_with("::"))
        })
        .max_by_key(|e| e.len())
        .or_else(|| (module.is_empty()).then_some(""))
}

fn rank(entry: &str) -> usize {
    entries()
        .find(|(_, e)| *e == entry)
        .map_or(usize::MAX, |(r, _)| r)
}

fn layer_name(entry: &str) -> &'static str {
    LAYERS.get(rank(entry)).map_or("no layer", |(name, _)| name)
}

/// The module path of a library source file, from its path below `src/`: `lib.rs` is the root,
/// `a.rs` and `a/mod.rs` are `a`, `a/b.rs` is `a::b`.
fn module_of(relative: &str) -> String {
    let trimmed = relative.trim_end_matches(".rs");
    let trimmed = trimmed.strip_suffix("/mod").unwrap_or(trimmed);
    if trimmed == "lib" {
        return String::new();
    }
    trimmed.replace('/', "::")
}

/// The source without comments and without a trailing `#[cfg(test)] mod tests`, by line.
fn code_lines(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut lines = source.lines().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|(_, next)| next.trim_start().starts_with("mod tests"))
        {
            break; // the test module closes the file
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let code = match line.find("//") {
            // A `//` inside a string (a URL) is rare in this crate's code; cut only outside one.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        };
        out.push((i + 1, code.to_string()));
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths a `use` tree or path names, as segment lists (for `a::{b::C, d}`: `a::b`,
/// `a::d`), each to be resolved from `base`.
fn paths_in(tree: &str) -> Vec<Vec<String>> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    expand(&tree, &mut Vec::new(), &mut out);
    out
}

fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if let Some(group) = tree.strip_prefix('{') {
        let close = matching_brace(group);
        for item in split_top(&group[..close]) {
            expand(item, prefix, out);
        }
        return;
    }
    let mut rest = tree;
    let depth = prefix.len();
    loop {
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        let segment = &rest[..end];
        rest = &rest[end..];
        if !segment.is_empty() {
            prefix.push(segment.to_string());
        }
        if let Some(after) = rest.strip_prefix("::") {
            if let Some(group) = after.strip_prefix('{') {
                let close = matching_brace(group);
                for item in split_top(&group[..close]) {
                    expand(item, prefix, out);
                }
                break;
            }
            rest = after;
            continue;
        }
        break;
    }
    out.push(prefix.clone());
    prefix.truncate(depth);
}

/// The position of the `}` that closes a group whose `{` has just been passed.
fn matching_brace(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            _ => {}
        }
    }
    s.len()
}

fn split_top(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// The text of a path that starts at `at` (just past `crate::`, `super::` or the like): up to
/// the end of the path, its `{…}` groups included, even across lines.
fn path_text(lines: &[(usize, String)], row: usize, at: usize) -> String {
    let mut text = String::new();
    let mut depth = 0usize;
    for (k, (_, line)) in lines.iter().enumerate().skip(row) {
        let part = if k == row { &line[at..] } else { &line[..] };
        for c in part.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return text,
                '}' => {
                    depth -= 1;
                    text.push(c);
                    if depth == 0 {
                        return text;
                    }
                    continue;
                }
                c if depth == 0 && !(is_ident(c) || c == ':') => return text,
                _ => {}
            }
            text.push(c);
        }
        if depth == 0 {
            return text;
        }
    }
    text
}

/// The crate root's re-exports (`pub use a::{B, C}` in `lib.rs`): name → module.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let lines = code_lines(lib);
    for (row, (_, line)) in lines.iter().enumerate() {
        if let Some(at) = line.find("pub use ") {
            let text = path_text(&lines, row, at + "pub use ".len());
            for path in paths_in(&text) {
                if path.len() >= 2 {
                    map.insert(path[path.len() - 1].clone(), path[0].clone());
                }
            }
        }
    }
    map
}

/// Resolves an absolute path (segments below the crate root) to the module it names: the
/// leading lowercase segments that are modules (`coaching::rollup::X` → `coaching::rollup`),
/// a root re-export to its module, anything else at the root to the root.
fn target(
    path: &[String],
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> String {
    let mut module = String::new();
    for segment in path {
        let candidate = if module.is_empty() {
            segment.clone()
        } else {
            format!("{module}::{segment}")
        };
        if modules.contains(&candidate) {
            module = candidate;
        } else {
            break;
        }
    }
    if module.is_empty()
        && let Some(first) = path.first()
        && let Some(m) = reexports.get(first)
    {
        return m.clone();
    }
    module
}

/// Every reference from a file's code to a module: (line, module path).
fn references(
    module: &str,
    source: &str,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Vec<(usize, String)> {
    let lines = code_lines(source);
    let here: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_string).collect()
    };
    let mut out = Vec::new();
    for (row, (number, line)) in lines.iter().enumerate() {
        let bytes = line.as_bytes();
        for keyword in ["crate::", "super::", "self::"] {
            let mut from = 0;
            while let Some(found) = line[from..].find(keyword) {
                let at = from + found;
                from = at + keyword.len();
                if at > 0 && (is_ident(bytes[at - 1] as char) || bytes[at - 1] == b':') {
                    continue; // `implsci::crate`, or `super::super::` read from its first
                }
                let mut base = match keyword {
                    "crate::" => Vec::new(),
                    "self::" => here.clone(),
                    _ => here[..here.len().saturating_sub(1)].to_vec(),
                };
                let mut start = from;
                while keyword == "super::" && line[start..].starts_with("super::") {
                    base.pop();
                    start += "super::".len();
                }
                for path in paths_in(&path_text(&lines, row, start)) {
                    let mut absolute = base.clone();
                    absolute.extend(path);
                    out.push((*number, target(&absolute, modules, reexports)));
                }
            }
        }
        // `use child::X` for a child module of this file's module.
        let trimmed = line.trim_start();
        let rest = trimmed
            .strip_prefix("pub use ")
            .or_else(|| trimmed.strip_prefix("pub(crate) use "))
            .or_else(|| trimmed.strip_prefix("use "));
        if let Some(rest) = rest {
            let first: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            let child = if module.is_empty() {
                first.clone()
            } else {
                format!("{module}::{first}")
            };
            if !first.is_empty() && modules.contains(&child) && !rest.starts_with("crate") {
                let at = line.len() - rest.len();
                for path in paths_in(&path_text(&lines, row, at)) {
                    let mut absolute = here.clone();
                    absolute.extend(path);
                    out.push((*number, target(&absolute, modules, reexports)));
                }
            }
        }
    }
    out
}

/// Checks the layering of a library given as (path below `src/`, source) pairs.
fn check(files: &[(String, String)]) -> Vec<Violation> {
    let is_test = |path: &str| path == "tests.rs" || path.ends_with("/tests.rs");
    let modules: BTreeSet<String> = files.iter().map(|(p, _)| module_of(p)).collect();
    let reexports = files
        .iter()
        .find(|(p, _)| p == "lib.rs")
        .map(|(_, s)| root_reexports(s))
        .unwrap_or_default();
    let mut violations = Vec::new();
    let mut edges: BTreeMap<&'static str, BTreeSet<&'static str>> = BTreeMap::new();
    for (path, source) in files {
        if is_test(path) {
            continue;
        }
        let module = module_of(path);
        if module.is_empty() {
            continue; // the root's `pub use` lines are the public face, read as `reexports`
        }
        let Some(from) = entry_of(&module) else {
            violations.push(Violation::Unplaced {
                file: format!("src/{path}"),
                module,
            });
            continue;
        };
        for (line, to_module) in references(&module, source, &modules, &reexports) {
            let Some(to) = entry_of(&to_module) else {
                continue; // a module in no layer is reported once, at its own file
            };
            if to == from {
                continue;
            }
            if rank(to) > rank(from) {
                violations.push(Violation::Upward {
                    file: format!("src/{path}"),
                    line,
                    from: from.to_string(),
                    to: to.to_string(),
                });
            } else if rank(to) == rank(from) {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    violations.extend(circles(&edges));
    violations.sort();
    violations.dedup();
    violations
}

/// The circles among same-layer references, each reported once from its smallest module.
fn circles(edges: &BTreeMap<&'static str, BTreeSet<&'static str>>) -> Vec<Violation> {
    let mut found = Vec::new();
    for &start in edges.keys() {
        // Depth-first with an explicit stack: (node, path so far).
        let mut stack = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for &next in edges.get(node).into_iter().flatten() {
                if next == start {
                    let mut modules: Vec<String> = path.iter().map(|m| (*m).to_string()).collect();
                    modules.push(start.to_string());
                    if path.iter().all(|m| *m >= start) {
                        found.push(Violation::Circle { modules });
                    }
                } else if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    found
}

/// The library's sources, as (path below `src/`, text), the binary left out.
fn library() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                if relative != "bin" {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

fn replace(files: &mut [(String, String)], path: &str, edit: impl FnOnce(&str) -> String) {
    let file = files.iter_mut().find(|(p, _)| p == path).unwrap();
    file.1 = edit(&file.1);
}

#[test]
fn the_library_keeps_its_layers() {
    let violations = check(&library());
    assert!(
        violations.is_empty(),
        "the layers of ARCHITECTURE.md are broken:\n{}",
        violations
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_module_of_the_table_exists() {
    let modules: BTreeSet<String> = library().iter().map(|(p, _)| module_of(p)).collect();
    for (_, entry) in entries() {
        assert!(
            entry.is_empty() || modules.contains(entry),
            "LAYERS names `{entry}`, which is not a module"
        );
    }
}

#[test]
fn a_planted_upward_import_is_caught_with_its_file_and_line() {
    let mut files = library();
    replace(&mut files, "system/mod.rs", |s| {
        format!("use crate::score::Score;\n{s}")
    });
    let violations = check(&files);
    assert_eq!(
        violations,
        [Violation::Upward {
            file: "src/system/mod.rs".into(),
            line: 1,
            from: "system".into(),
            to: "score".into(),
        }]
    );
    assert_eq!(
        violations[0].to_string(),
        "src/system/mod.rs:1: `system` (domain) refers to `score` (measures), a higher layer"
    );
}

#[test]
fn upward_references_are_caught_in_every_form() {
    let forms = [
        "use crate::{id::UnitId, event::Event};",
        "use crate::{\n    id::UnitId,\n    event::{Event, KINDS},\n};",
        "fn f() -> crate::event::EventLog { todo!() }",
        "#[schemars(schema_with = \"crate::event::schema\")]",
        "use crate::AnyDocument;", // a root re-export of `catalog`
        "use super::super::event::Event;",
    ];
    for form in forms {
        let mut files = library();
        replace(&mut files, "coaching/measures.rs", |s| {
            format!("{s}\n{form}\n")
        });
        let violations = check(&files);
        assert_eq!(violations.len(), 1, "{form}: {violations:?}");
        assert!(
            matches!(&violations[0], Violation::Upward { from, .. } if from == "coaching"),
            "{form}: {violations:?}"
        );
    }
}

#[test]
fn comments_and_test_modules_are_not_references() {
    let mut files = library();
    replace(&mut files, "system/mod.rs", |s| {
        format!(
            "/// See [`crate::score::Score`].\n// use crate::score::Score;\n{s}\n#[cfg(test)]\nmod tests {{\n    use crate::score::Score;\n}}\n"
        )
    });
    assert_eq!(check(&files), []);
}

#[test]
fn a_circle_within_a_layer_is_caught() {
    let mut files = library();
    // `improvement` already reads `system`; a reference back closes a circle.
    replace(&mut files, "system/mod.rs", |s| {
        format!("use crate::improvement::LoopRaised;\n{s}")
    });
    let violations = check(&files);
    assert_eq!(
        violations,
        [Violation::Circle {
            modules: vec!["improvement".into(), "system".into(), "improvement".into()]
        }]
    );
}

#[test]
fn a_submodule_placed_apart_is_held_to_its_own_layer() {
    // `coaching::rollup` is a measure and may use scoring; `coaching` itself may not, and may
    // not name its measures-layer child either.
    let mut files = library();
    replace(&mut files, "coaching/mod.rs", |s| {
        format!("{s}\npub use rollup::CoachingRollup;\n")
    });
    let violations = check(&files);
    assert!(
        matches!(&violations[..], [Violation::Upward { from, to, .. }] if from == "coaching" && to == "coaching::rollup"),
        "{violations:?}"
    );
}

#[test]
fn a_new_module_outside_the_table_is_caught() {
    let mut files = library();
    files.push(("dashboard.rs".into(), "use crate::score::Score;\n".into()));
    assert_eq!(
        check(&files),
        [Violation::Unplaced {
            file: "src/dashboard.rs".into(),
            module: "dashboard".into()
        }]
    );
}

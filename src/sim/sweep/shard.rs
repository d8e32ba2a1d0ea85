//! Shards of a sweep, their folders, and the checks of a merge; [`Shard`] tells how.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::{self, BufRead, Read as _, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::RunRecord;
use crate::id::LevelId;

/// One of `count` shards, numbered from 1: shard `index` runs the runs `index − 1`,
/// `index − 1 + count`, … of the sweep.
///
/// A sweep's runs are dealt round-robin into `n` parts that run anywhere (a laptop, GNU
/// parallel, a Slurm job array), each leaving a folder `shard=i-of-n/` with its run records
/// (`runs.jsonl`) and a manifest (`manifest.json`, written last: a folder without one did not
/// finish). A merge checks that the shards are all there, once each, and of one run.
///
/// Slurm job arrays give each task `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT` (Slurm
/// documentation, `sbatch`); [`Shard::from_slurm`] reads them.
///
/// ```
/// use implsci::sim::Shard;
/// let shard: Shard = "2/3".parse()?;
/// assert_eq!(shard.runs(8).collect::<Vec<_>>(), vec![1, 4, 7]);
/// assert_eq!(shard.folder(), "shard=2-of-3");
/// # Ok::<(), implsci::sim::ShardError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Shard {
    /// Its number, from 1 to `count`.
    pub index: u64,
    /// How many shards the sweep is divided into.
    pub count: u64,
}

/// Why a shard cannot be named, read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ShardError {
    /// `--shard` is not `i/n` with `1 ≤ i ≤ n`.
    #[error("`{0}` is not a shard: write i/n, with i from 1 to n (as in 3/8), or `slurm`")]
    Syntax(String),
    /// A Slurm variable is missing or not a number.
    #[error("{variable} {problem}: `--shard slurm` runs inside a Slurm job array (sbatch --array)")]
    Slurm {
        /// The variable.
        variable: &'static str,
        /// What is wrong with it.
        problem: String,
    },
    /// The shard's number is past the count.
    #[error("shard {index} of {count} does not exist: shards are numbered 1 to {count}")]
    Beyond {
        /// The number.
        index: u64,
        /// The count.
        count: u64,
    },
    /// A shard's file cannot be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// A shard's file does not hold what a shard writes.
    #[error("{}{}: {message}", path.display(), line.map_or_else(String::new, |l| format!(":{l}")))]
    Content {
        /// The file.
        path: PathBuf,
        /// The line, for `runs.jsonl`.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
}

impl Shard {
    /// Shard `index` of `count`.
    ///
    /// # Errors
    ///
    /// [`ShardError::Beyond`] unless `1 ≤ index ≤ count`.
    pub fn new(index: u64, count: u64) -> Result<Self, ShardError> {
        if index == 0 || index > count {
            return Err(ShardError::Beyond { index, count });
        }
        Ok(Self { index, count })
    }

    /// The shard of a Slurm job array's task: its position in the array
    /// (`SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN`, the minimum 0 when unset), plus 1, plus
    /// `offset`, of `count` (or `SLURM_ARRAY_TASK_COUNT` when `None`). A site that caps array
    /// indexes runs a large sweep as several arrays, each with its own offset and the whole
    /// count. `var` reads a variable (`std::env::var`'s values, or a test's).
    ///
    /// ```
    /// use implsci::sim::Shard;
    /// let env = |name: &str| match name {
    ///     "SLURM_ARRAY_TASK_ID" => Some("4".to_string()),
    ///     "SLURM_ARRAY_TASK_COUNT" => Some("8".to_string()),
    ///     _ => None,
    /// };
    /// assert_eq!(Shard::from_slurm(env, 0, None)?, Shard::new(5, 8)?);
    /// assert_eq!(Shard::from_slurm(env, 1000, Some(2000))?, Shard::new(1005, 2000)?);
    /// # Ok::<(), implsci::sim::ShardError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShardError::Slurm`] when a variable is missing or not a number;
    /// [`ShardError::Beyond`] when the position is past the count.
    pub fn from_slurm(
        var: impl Fn(&str) -> Option<String>,
        offset: u64,
        count: Option<u64>,
    ) -> Result<Self, ShardError> {
        let number = |variable: &'static str, required: bool| -> Result<Option<u64>, ShardError> {
            match var(variable) {
                None if required => Err(ShardError::Slurm {
                    variable,
                    problem: "is not set".into(),
                }),
                None => Ok(None),
                Some(v) => v.trim().parse().map(Some).map_err(|_| ShardError::Slurm {
                    variable,
                    problem: format!("is `{v}`, not a whole number"),
                }),
            }
        };
        let id = number("SLURM_ARRAY_TASK_ID", true)?.unwrap_or(0);
        let min = number("SLURM_ARRAY_TASK_MIN", false)?.unwrap_or(0);
        let count = match count {
            Some(c) => c,
            None => number("SLURM_ARRAY_TASK_COUNT", true)?.unwrap_or(0),
        };
        let position = id.checked_sub(min).ok_or(ShardError::Slurm {
            variable: "SLURM_ARRAY_TASK_ID",
            problem: format!("is {id}, below SLURM_ARRAY_TASK_MIN ({min})"),
        })?;
        Self::new(position.saturating_add(1).saturating_add(offset), count)
    }

    /// The runs of this shard among `total`.
    pub fn runs(&self, total: u64) -> impl Iterator<Item = u64> + use<> {
        let step = usize::try_from(self.count).unwrap_or(usize::MAX);
        (self.index - 1..total).step_by(step.max(1))
    }

    /// Whether run `run` is this shard's.
    #[must_use]
    pub fn holds(&self, run: u64) -> bool {
        run % self.count == self.index - 1
    }

    /// Its folder's name: `shard=i-of-n`.
    #[must_use]
    pub fn folder(&self) -> String {
        format!("shard={}-of-{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let syntax = || ShardError::Syntax(s.to_string());
        let (i, n) = s.split_once('/').ok_or_else(syntax)?;
        let i: u64 = i.trim().parse().map_err(|_| syntax())?;
        let n: u64 = n.trim().parse().map_err(|_| syntax())?;
        Self::new(i, n).map_err(|_| syntax())
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a shard records of the run it belongs to, in its folder's `manifest.json`.
///
/// ```
/// use implsci::sim::ShardManifest;
/// let hash = ShardManifest::hash(b"{}", Some(b"{}"), 10, None);
/// assert!(hash.starts_with("sha256:"));
/// assert_ne!(hash, ShardManifest::hash(b"{}", Some(b"{}"), 11, None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ShardManifest {
    /// Always `"sweep_shard"`.
    pub kind: String,
    /// The implsci version that ran it; shards of different versions do not merge.
    pub implsci: String,
    /// The scenario's path as the shard was given it, made absolute: where a merge reads it
    /// again.
    pub scenario: String,
    /// The SHA-256 of the scenario's bytes, its system's (when a path) and the run's
    /// replicates and level ([`ShardManifest::hash`]).
    pub scenario_hash: String,
    /// The root seed.
    pub seed: u64,
    /// Replicates per cell.
    pub replicates: u64,
    /// Results per unit down to this level; absent: every level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<LevelId>,
    /// The shard's number, from 1.
    pub shard: u64,
    /// How many shards the sweep is divided into.
    pub shards: u64,
    /// Runs in the whole sweep.
    pub sweep_runs: u64,
    /// Runs this shard ran: the lines of its `runs.jsonl`.
    pub runs: u64,
}

impl ShardManifest {
    /// The kind a manifest names.
    pub const KIND: &'static str = "sweep_shard";

    /// The hash of a scenario's bytes, its system's bytes (when the scenario names it by
    /// path), and the replicates and level the run used, as `sha256:<hex>`.
    #[must_use]
    pub fn hash(
        scenario: &[u8],
        system: Option<&[u8]>,
        replicates: u64,
        level: Option<&LevelId>,
    ) -> String {
        let mut h = Sha256::new();
        for part in [scenario, system.unwrap_or_default()] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.update(replicates.to_le_bytes());
        h.update(level.map_or("", LevelId::as_str).as_bytes());
        let digest = h.finalize();
        let mut out = String::with_capacity(7 + 64);
        out.push_str("sha256:");
        for b in digest {
            let _ = write!(out, "{b:02x}");
        }
        out
    }

    /// The shard it names.
    ///
    /// # Errors
    ///
    /// [`ShardError::Beyond`] when its number is past its count.
    pub fn shard(&self) -> Result<Shard, ShardError> {
        Shard::new(self.shard, self.shards)
    }
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> ShardError + '_ {
    move |error| ShardError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes a shard's folder under `dir`: `dir/shard=i-of-n/runs.jsonl`, then its
/// `manifest.json`. Returns the folder.
///
/// # Errors
///
/// [`ShardError::Io`] naming the file that cannot be written.
pub fn write_shard(
    dir: &Path,
    manifest: &ShardManifest,
    records: &[RunRecord],
) -> Result<PathBuf, ShardError> {
    let folder = dir.join(manifest.shard()?.folder());
    std::fs::create_dir_all(&folder).map_err(io_error(&folder))?;
    let manifest_path = folder.join("manifest.json");
    // A folder rewritten is unfinished until its new manifest is there.
    match std::fs::remove_file(&manifest_path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_error(&manifest_path)(e)),
        _ => {}
    }
    let runs = folder.join("runs.jsonl");
    let file = std::fs::File::create(&runs).map_err(io_error(&runs))?;
    let mut out = io::BufWriter::new(file);
    for r in records {
        serde_json::to_writer(&mut out, r).map_err(|e| io_error(&runs)(e.into()))?;
        out.write_all(b"\n").map_err(io_error(&runs))?;
    }
    out.flush().map_err(io_error(&runs))?;
    let mut text =
        serde_json::to_string_pretty(manifest).map_err(|e| io_error(&manifest_path)(e.into()))?;
    text.push('\n');
    std::fs::write(&manifest_path, text).map_err(io_error(&manifest_path))?;
    Ok(folder)
}

impl ShardManifest {
    /// A manifest from its bytes, read from `path` (for messages): its shape, its kind and
    /// its shard number checked.
    ///
    /// ```
    /// use implsci::sim::ShardManifest;
    /// let err = ShardManifest::from_slice(b"{}", "manifest.json".as_ref()).unwrap_err();
    /// assert!(err.to_string().starts_with("manifest.json:1: not a shard manifest"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`ShardError::Content`] naming the file and what is wrong.
    pub fn from_slice(bytes: &[u8], path: &Path) -> Result<Self, ShardError> {
        let content = |line: Option<u64>, message: String| ShardError::Content {
            path: path.to_path_buf(),
            line,
            message,
        };
        let manifest: Self = serde_json::from_slice(bytes)
            .map_err(|e| content(Some(e.line() as u64), format!("not a shard manifest: {e}")))?;
        if manifest.kind != Self::KIND {
            return Err(content(
                None,
                format!("kind is `{}`, not `{}`", manifest.kind, Self::KIND),
            ));
        }
        manifest.shard().map_err(|e| content(None, e.to_string()))?;
        Ok(manifest)
    }

    /// Runs of its sweep its shard holds: `runs` of `sweep_runs` dealt round-robin.
    fn expected_runs(&self) -> u64 {
        match self.sweep_runs.checked_sub(self.shard) {
            Some(after) => after / self.shards + 1,
            None => 0,
        }
    }
}

/// Reads a shard folder's manifest.
///
/// # Errors
///
/// [`ShardError`] naming the file and what is wrong.
pub fn read_manifest(folder: &Path) -> Result<ShardManifest, ShardError> {
    let path = folder.join("manifest.json");
    let file = std::fs::File::open(&path).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            ShardError::Content {
                path: path.clone(),
                line: None,
                message: "missing: the folder is not a finished shard".into(),
            }
        } else {
            io_error(&path)(e)
        }
    })?;
    let bytes = crate::limits::read_limited(file, 1 << 20).map_err(io_error(&path))?;
    ShardManifest::from_slice(&bytes, &path)
}

/// Reads a shard folder: its manifest and every run record, each checked to be the shard's
/// own, once, and as many as the manifest says.
///
/// # Errors
///
/// [`ShardError`] naming the file, the line and what is wrong.
pub fn read_shard(folder: &Path) -> Result<(ShardManifest, Vec<RunRecord>), ShardError> {
    let manifest = read_manifest(folder)?;
    let path = folder.join("runs.jsonl");
    let file = std::fs::File::open(&path).map_err(io_error(&path))?;
    let records = read_runs(&manifest, io::BufReader::new(file), &path)?;
    Ok((manifest, records))
}

/// Reads the run records of the shard `manifest` describes from `input` (its `runs.jsonl`,
/// read from `path`, for messages): each line at most the crate's line limit
/// ([`DEFAULT_LINE_BYTES`](crate::limits::DEFAULT_LINE_BYTES)), each record the shard's own,
/// once, and as many as the manifest says.
///
/// # Errors
///
/// [`ShardError`] naming the file, the line and what is wrong.
pub fn read_runs(
    manifest: &ShardManifest,
    mut input: impl BufRead,
    path: &Path,
) -> Result<Vec<RunRecord>, ShardError> {
    let shard = manifest.shard()?;
    let limit = crate::limits::DEFAULT_LINE_BYTES;
    let mut records = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let content = |line: u64, message: String| ShardError::Content {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    };
    let mut line = Vec::new();
    let mut n = 0u64;
    loop {
        line.clear();
        let read = (&mut input)
            .take(limit as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(io_error(path))?;
        if read == 0 {
            break;
        }
        n += 1;
        if line.len() > limit && line.last() != Some(&b'\n') {
            return Err(content(
                n,
                format!("is longer than the limit of {limit} bytes"),
            ));
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let r: RunRecord = serde_json::from_slice(&line)
            .map_err(|e| content(n, format!("not a run record: {e}")))?;
        let run = r
            .cell
            .checked_mul(manifest.replicates)
            .and_then(|c| c.checked_add(r.replicate))
            .filter(|&run| r.replicate < manifest.replicates && run < manifest.sweep_runs)
            .ok_or_else(|| {
                content(
                    n,
                    format!(
                        "cell {}, replicate {} is not a run of the sweep",
                        r.cell, r.replicate
                    ),
                )
            })?;
        if !shard.holds(run) {
            return Err(content(
                n,
                format!("run {run} belongs to another shard than {shard}"),
            ));
        }
        if !seen.insert(run) {
            return Err(content(n, format!("run {run} is recorded twice")));
        }
        records.push(r);
    }
    let expected = manifest.expected_runs();
    if records.len() as u64 != manifest.runs || manifest.runs != expected {
        return Err(ShardError::Content {
            path: path.to_path_buf(),
            line: None,
            message: format!(
                "holds {} runs; its manifest says {}, and shard {} of {} of a sweep of {} runs \
                 has {expected}",
                records.len(),
                manifest.runs,
                shard.index,
                shard.count,
                manifest.sweep_runs
            ),
        });
    }
    Ok(records)
}

/// Why shard folders do not merge: every problem found, each on its own line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MergeError {
    /// The problems, in the order found.
    pub problems: Vec<String>,
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the shards do not merge:")?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MergeError {}

/// What identifies the run a shard belongs to.
fn run_of(m: &ShardManifest) -> (&str, &str, u64, u64, u64, &str) {
    (
        &m.scenario_hash,
        &m.implsci,
        m.seed,
        m.shards,
        m.replicates,
        m.level.as_ref().map_or("", LevelId::as_str),
    )
}

/// Checks that `manifests` (each with its folder) are every shard of one run, once each:
/// refuses, listing them all, shards missing, given twice, or of another run (another
/// scenario or system, seed, shard count, replicates, level or implsci version). The run
/// most of them share is the reference (the first folder's among equals). Returns it.
///
/// ```
/// use implsci::sim::{ShardManifest, merge_shards};
/// let manifest = |shard, seed| serde_json::from_value::<ShardManifest>(serde_json::json!({
///     "kind": "sweep_shard", "implsci": "0.1.0", "scenario": "/s.json",
///     "scenario_hash": "sha256:00", "seed": seed, "replicates": 4,
///     "shard": shard, "shards": 3, "sweep_runs": 12, "runs": 4,
/// })).unwrap();
/// let given = vec![("a".into(), manifest(1, 7)), ("b".into(), manifest(1, 7)), ("c".into(), manifest(3, 8))];
/// let err = merge_shards(&given).unwrap_err();
/// assert_eq!(err.problems.len(), 3);
/// assert!(err.problems[0].contains("seed 8, not 7"));
/// assert!(err.problems[1].contains("shard 1 of 3 is given twice"));
/// assert!(err.problems[2].contains("shards 2, 3 of 3 are missing"));
/// ```
///
/// # Errors
///
/// [`MergeError`] with every problem.
pub fn merge_shards(manifests: &[(PathBuf, ShardManifest)]) -> Result<ShardManifest, MergeError> {
    let mut problems = Vec::new();
    let Some((_, first)) = manifests.first() else {
        return Err(MergeError {
            problems: vec!["no shard folder was given".into()],
        });
    };
    let mut groups: Vec<(&ShardManifest, usize)> = Vec::new();
    for (_, m) in manifests {
        match groups.iter_mut().find(|(g, _)| run_of(g) == run_of(m)) {
            Some((_, n)) => *n += 1,
            None => groups.push((m, 1)),
        }
    }
    let reference = groups
        .iter()
        .fold(
            (first, 0),
            |best, &(m, n)| if n > best.1 { (m, n) } else { best },
        )
        .0;
    let mut by_index: BTreeMap<u64, Vec<&Path>> = BTreeMap::new();
    for (dir, m) in manifests {
        let mut differs = Vec::new();
        if m.scenario_hash != reference.scenario_hash {
            differs.push(format!(
                "another scenario or system ({}, not {})",
                short(&m.scenario_hash),
                short(&reference.scenario_hash)
            ));
        }
        if m.seed != reference.seed {
            differs.push(format!("seed {}, not {}", m.seed, reference.seed));
        }
        if m.shards != reference.shards {
            differs.push(format!("{} shards, not {}", m.shards, reference.shards));
        }
        if m.replicates != reference.replicates {
            differs.push(format!(
                "{} replicates per cell, not {}",
                m.replicates, reference.replicates
            ));
        }
        if m.level != reference.level {
            differs.push("another level".into());
        }
        if m.implsci != reference.implsci {
            differs.push(format!("implsci {}, not {}", m.implsci, reference.implsci));
        }
        if differs.is_empty() {
            by_index.entry(m.shard).or_default().push(dir);
        } else {
            problems.push(format!(
                "{}: a shard of another run: {}",
                dir.display(),
                differs.join(", ")
            ));
        }
    }
    for (index, dirs) in &by_index {
        if dirs.len() > 1 {
            let list: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            problems.push(format!(
                "shard {index} of {} is given twice: {}",
                reference.shards,
                list.join(", ")
            ));
        }
    }
    // Both bounded by the shards given, not by the count a manifest claims: the first 20
    // missing are found within 20 steps past the given ones, and the rest are counted.
    let missing: Vec<String> = (1..=reference.shards)
        .filter(|i| !by_index.contains_key(i))
        .take(20)
        .map(|i| i.to_string())
        .collect();
    let given = u64::try_from(by_index.range(1..=reference.shards).count()).unwrap_or(u64::MAX);
    let count = reference.shards.saturating_sub(given);
    let listed = u64::try_from(missing.len()).unwrap_or(u64::MAX);
    if count > 0 {
        let more = if count > listed {
            format!(" and {} more", count - listed)
        } else {
            String::new()
        };
        let (noun, verb) = if count == 1 {
            ("shard", "is")
        } else {
            ("shards", "are")
        };
        problems.push(format!(
            "{noun} {}{more} of {} {verb} missing",
            missing.join(", "),
            reference.shards
        ));
    }
    if problems.is_empty() {
        Ok(reference.clone())
    } else {
        Err(MergeError { problems })
    }
}

/// A hash's first characters, for messages.
fn short(hash: &str) -> &str {
    hash.get(..19).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_count_past_any_run_is_counted_not_walked() {
        // A manifest may claim any count; the merge says what is missing without walking it.
        let manifest = |shard: u64, shards: u64| {
            serde_json::from_value::<ShardManifest>(serde_json::json!({
                "kind": "sweep_shard", "implsci": "0.1.0", "scenario": "/s.json",
                "scenario_hash": "sha256:00", "seed": 7, "replicates": 1,
                "shard": shard, "shards": shards, "sweep_runs": 20, "runs": 1,
            }))
            .unwrap()
        };
        let given = vec![
            ("a".into(), manifest(1, u64::MAX)),
            ("b".into(), manifest(3, u64::MAX)),
        ];
        let err = merge_shards(&given).unwrap_err();
        let listed: Vec<String> = (2..=22)
            .filter(|&i| i != 3)
            .map(|i| i.to_string())
            .collect();
        assert_eq!(
            err.problems,
            [format!(
                "shards {} and {} more of {} are missing",
                listed.join(", "),
                u64::MAX - 2 - 20,
                u64::MAX
            )]
        );
    }
}

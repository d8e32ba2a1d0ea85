//! `implsci simulate` of a scenario with a `sweep`, whole or one shard of it, and
//! `implsci merge`, which makes the shards' folders into the whole sweep's outputs, the same
//! bytes as one unsharded run.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use implsci::scenario::{Scenario, SystemSource};
use implsci::sim::{
    RunRecord, Shard, ShardManifest, SweepForecast, SweepRun, merge_shards, read_manifest,
    read_shard, write_shard,
};
use implsci::system::{System, SystemDocument};

use crate::output::{csv_error, write_json};
use crate::simulate::{Progress, SimulateFormat, load, refused};
use crate::{Status, input, stderr_line};

/// Which shard to run: `i/n`, or `slurm` for the task of a Slurm job array.
#[derive(Clone, Copy)]
pub(crate) enum ShardArg {
    /// Shard `i` of `n`.
    Fixed(Shard),
    /// From `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT`.
    Slurm,
}

/// Parses `--shard`.
pub(crate) fn parse_shard(s: &str) -> Result<ShardArg, String> {
    if s.eq_ignore_ascii_case("slurm") {
        return Ok(ShardArg::Slurm);
    }
    s.parse()
        .map(ShardArg::Fixed)
        .map_err(|e: implsci::sim::ShardError| e.to_string())
}

/// What `simulate` asks of a sweep.
pub(crate) struct Request<'a> {
    pub(crate) shard: Option<ShardArg>,
    pub(crate) shard_offset: u64,
    pub(crate) shard_count: Option<u64>,
    pub(crate) out: Option<&'a Path>,
    pub(crate) format: SimulateFormat,
}

/// The hash a shard records: the scenario's bytes, its system's (when a path), and the
/// run's replicates per cell and level.
fn hash_of(path: &Path, scenario: &Scenario, replicates: u64) -> Result<String, Status> {
    let read = |p: &Path| {
        input::read_file(p, false).map_err(|e| {
            stderr_line!("implsci: cannot read {}: {e}", p.display());
            Status::Usage
        })
    };
    let bytes = read(path)?;
    let system = match &scenario.system {
        SystemSource::Path(p) => Some(read(&path.parent().unwrap_or(Path::new("")).join(p))?),
        SystemSource::Document(_) => None,
    };
    Ok(ShardManifest::hash(
        &bytes,
        system.as_deref(),
        replicates,
        scenario.level.as_ref(),
    ))
}

/// Runs the sweep of `scenario` (the file at `path`), whole or one shard.
pub(crate) fn simulate(
    out: &mut impl Write,
    request: &Request<'_>,
    path: &Path,
    scenario: &Scenario,
    system: SystemDocument,
) -> io::Result<Status> {
    if scenario.sweep.is_none() {
        stderr_line!(
            "{}: has no `sweep`: --shard divides a sweep's runs (`\"sweep\": {{}}` sweeps \
             the plans as they are)",
            path.display()
        );
        return Ok(Status::Usage);
    }
    let sweep = match SweepRun::new(scenario, &system) {
        Ok(s) => s,
        Err(e) => return Ok(refused(path, &e)),
    };
    let shard = match request.shard {
        None => None,
        Some(ShardArg::Fixed(s)) => Some(s),
        Some(ShardArg::Slurm) => {
            match Shard::from_slurm(
                |v| std::env::var(v).ok(),
                request.shard_offset,
                request.shard_count,
            ) {
                Ok(s) => Some(s),
                Err(e) => {
                    stderr_line!("implsci: {e}");
                    return Ok(Status::Usage);
                }
            }
        }
    };
    let Some(shard) = shard else {
        let progress = Progress::new(sweep.runs(), "sweep", "runs");
        let records = sweep.run_all(0..sweep.runs(), &|| progress.tick());
        progress.bar.finish_and_clear();
        return finish(out, &sweep, records, system, request.out, request.format);
    };
    let Some(dir) = request.out else {
        stderr_line!("implsci: --shard writes its runs into a folder: give it with --out DIR");
        return Ok(Status::Usage);
    };
    let hash = match hash_of(path, scenario, sweep.replicates()) {
        Ok(h) => h,
        Err(status) => return Ok(status),
    };
    let runs: Vec<u64> = shard.runs(sweep.runs()).collect();
    let progress = Progress::new(
        runs.len() as u64,
        &format!("shard {} of {}", shard.index, shard.count),
        "runs",
    );
    let records = sweep.run_all(runs.iter().copied(), &|| progress.tick());
    progress.bar.finish_and_clear();
    let scenario_path = std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let manifest: ShardManifest = serde_json::from_value(serde_json::json!({
        "kind": ShardManifest::KIND,
        "implsci": env!("CARGO_PKG_VERSION"),
        "scenario": scenario_path.display().to_string(),
        "scenario_hash": hash,
        "seed": scenario.seed,
        "replicates": sweep.replicates(),
        "level": scenario.level,
        "shard": shard.index,
        "shards": shard.count,
        "sweep_runs": sweep.runs(),
        "runs": records.len(),
    }))
    .map_err(io::Error::other)?;
    let folder = write_shard(dir, &manifest, &records).map_err(io::Error::other)?;
    writeln!(
        out,
        "Shard {} of {}: {} of the sweep's {} runs, written to {}.",
        shard.index,
        shard.count,
        records.len(),
        sweep.runs(),
        folder.display()
    )?;
    Ok(Status::Ok)
}

/// Sums up the records and writes the sweep's outputs: the folder, and standard output in
/// the format asked. The same records give the same bytes, sharded or not.
fn finish(
    out: &mut impl Write,
    sweep: &SweepRun,
    records: Vec<RunRecord>,
    system: SystemDocument,
    dir: Option<&Path>,
    format: SimulateFormat,
) -> io::Result<Status> {
    let forecast: SweepForecast = match sweep.summarise(records) {
        Ok(f) => f,
        Err(e) => {
            stderr_line!("implsci: {e}");
            return Ok(Status::Invalid);
        }
    };
    let built = System::build(system).map_err(|e| io::Error::other(e.to_string()))?;
    if let Some(dir) = dir {
        forecast.write_folder(dir, &built)?;
    }
    match format {
        SimulateFormat::Table => {
            if let Some(name) = &forecast.name {
                writeln!(out, "{name}")?;
            }
            write!(out, "{forecast}")?;
        }
        SimulateFormat::Csv => forecast
            .write_units_csv(&built, &mut *out)
            .map_err(csv_error)?,
        SimulateFormat::Json => write_json(out, &forecast)?,
    }
    Ok(Status::Ok)
}

/// `implsci merge DIR… [--scenario FILE] [--out DIR] [--format table|csv|json]`.
#[derive(Args)]
pub(crate) struct MergeArgs {
    /// Shard folders (`shard=i-of-n`), or folders holding them.
    #[arg(value_name = "DIR", required = true)]
    dirs: Vec<PathBuf>,
    /// The scenario, when it is no longer where the shards read it (its manifest's
    /// `scenario`); it must be the same bytes, with the same system.
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Write the sweep's outputs into this folder, made if missing: the files an unsharded
    /// `implsci simulate --out` writes, byte for byte.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = SimulateFormat::Table)]
    format: SimulateFormat,
}

/// The shard folders `dirs` name: each itself, or the `shard=…` folders inside it, sorted.
fn shard_folders(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in dirs {
        if dir.join("manifest.json").exists() {
            out.push(dir.clone());
            continue;
        }
        let inside = std::fs::read_dir(dir).map(|entries| {
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_dir()
                        && p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with("shard="))
                })
                .collect();
            found.sort();
            found
        });
        match inside {
            Ok(found) if !found.is_empty() => out.extend(found),
            // Not a shard and holding none: reading its manifest says so.
            _ => out.push(dir.clone()),
        }
    }
    out
}

pub(crate) fn merge(out: &mut impl Write, args: &MergeArgs) -> io::Result<Status> {
    let folders = shard_folders(&args.dirs);
    let mut manifests = Vec::with_capacity(folders.len());
    let mut problems = Vec::new();
    for folder in &folders {
        match read_manifest(folder) {
            Ok(m) => manifests.push((folder.clone(), m)),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let reference = match merge_shards(&manifests) {
        Ok(r) if problems.is_empty() => Some(r),
        Ok(_) => None,
        Err(e) => {
            problems.extend(e.problems);
            None
        }
    };
    let Some(reference) = reference else {
        stderr_line!("implsci: the shards do not merge:");
        for p in &problems {
            stderr_line!("  {p}");
        }
        return Ok(Status::Invalid);
    };
    let path = args
        .scenario
        .clone()
        .unwrap_or_else(|| PathBuf::from(&reference.scenario));
    let replicates = u32::try_from(reference.replicates).unwrap_or(u32::MAX);
    let (scenario, system) = match load(
        &path,
        Some(replicates),
        Some(reference.seed),
        reference.level.as_ref(),
    ) {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    match hash_of(&path, &scenario, reference.replicates) {
        Ok(h) if h == reference.scenario_hash => {}
        Ok(_) => {
            stderr_line!(
                "implsci: {} is not the scenario the shards ran: it or its system has changed \
                 since (give the one they ran with --scenario)",
                path.display()
            );
            return Ok(Status::Invalid);
        }
        Err(status) => return Ok(status),
    }
    let sweep = match SweepRun::new(&scenario, &system) {
        Ok(s) => s,
        Err(e) => return Ok(refused(&path, &e)),
    };
    let mut records = Vec::new();
    for (folder, _) in &manifests {
        match read_shard(folder) {
            Ok((_, r)) => records.extend(r),
            Err(e) => problems.push(e.to_string()),
        }
    }
    if !problems.is_empty() {
        stderr_line!("implsci: the shards do not merge:");
        for p in &problems {
            stderr_line!("  {p}");
        }
        return Ok(Status::Invalid);
    }
    finish(
        out,
        &sweep,
        records,
        system,
        args.out.as_deref(),
        args.format,
    )
}

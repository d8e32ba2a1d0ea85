//! `implsci simulate`: a scenario's forecast, each plan against the others.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use implsci::Document;
use implsci::id::LevelId;
use implsci::scenario::{Scenario, SystemSource};
use implsci::sim::{Comparison, Forecast, ScenarioError, Simulation, simulations};
use implsci::system::{System, SystemDocument};

use crate::output::write_json;
use crate::{Status, input, synthetic};

/// How the forecast is printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SimulateFormat {
    /// The plans side by side: when each unit and level first reaches Full Implementation;
    /// for a sweep, its tornado table.
    Table,
    /// Tidy CSV, one row per plan (a sweep: per cell), unit and innovation, with the hierarchy
    /// columns.
    Csv,
    /// Every plan's whole forecast (a sweep: every cell's, and the sensitivity table), time
    /// series included, as JSON.
    Json,
}

/// `implsci simulate SCENARIO [--replicates N] [--seed S] [--level LEVEL] [--out DIR]
/// [--format table|csv|json] [--shard i/n|slurm]`.
#[derive(Args)]
pub(crate) struct SimulateArgs {
    /// The scenario (kind `scenario`); a system given by path is read relative to it.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// Replicates per plan, instead of the scenario's.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    replicates: Option<u32>,
    /// The root seed, instead of the scenario's.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Results per unit down to this level, instead of the scenario's.
    #[arg(long, value_name = "LEVEL")]
    level: Option<LevelId>,
    /// Also write units.csv, series.csv (the tidy time series) and forecast.json into this
    /// folder, made if missing.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Also draw the forecast chart as SVG into this file: per unit of the level, each plan's
    /// share at fidelity over time against the 50% Full Implementation line.
    #[arg(long, value_name = "FILE")]
    chart: Option<PathBuf>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = SimulateFormat::Table)]
    format: SimulateFormat,
    /// Also write one replicate as an event log (JSON Lines) into this file, and the system
    /// it refers to (with the run's leavers and hires) beside it as `STEM.system.json`, so
    /// `coaching`, `loops` and `impact` read it as they read a real log.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// The plan whose replicate `--events` writes (by name); the scenario's first by default.
    #[arg(long, value_name = "NAME", requires = "events")]
    plan: Option<String>,
    /// The replicate `--events` writes, counted from 0.
    #[arg(long, value_name = "R", default_value_t = 0, requires = "events")]
    replicate: u64,
    /// The document of a simulated innovation (repeatable): `--events` rates its essential
    /// functions in each coaching observation.
    #[arg(long, value_name = "FILE", requires = "events")]
    innovation: Vec<PathBuf>,
    /// Run one shard of the scenario's sweep: `i/n` (from 1 to n) runs every n-th run from
    /// the i-th and writes them into `--out DIR` as `shard=i-of-n/`, for `implsci merge`;
    /// `slurm` takes i and n from the Slurm job array's task (`SLURM_ARRAY_TASK_ID`,
    /// `SLURM_ARRAY_TASK_COUNT`).
    #[arg(long, value_name = "i/n|slurm", value_parser = crate::sweep::parse_shard, requires = "out")]
    shard: Option<crate::sweep::ShardArg>,
    /// With `--shard slurm`: added to the task's position in its array, for sites that cap
    /// array indexes and run a large sweep as several arrays.
    #[arg(long, value_name = "K", default_value_t = 0)]
    shard_offset: u64,
    /// With `--shard slurm`: the whole sweep's shards, in place of the array's task count
    /// (for a sweep run as several arrays).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    shard_count: Option<u64>,
}

/// The system a scenario names: embedded, or a path relative to the scenario's folder.
fn system_of(scenario: &Scenario, at: &Path) -> Result<SystemDocument, Status> {
    match &scenario.system {
        SystemSource::Document(doc) => Ok((**doc).clone()),
        SystemSource::Path(path) => {
            let path = at.parent().unwrap_or(Path::new("")).join(path);
            input::load(&path, SystemDocument::from_json_slice)
        }
    }
}

/// A progress bar on stderr, shown once a run has taken a second and only on a terminal.
pub(crate) struct Progress {
    pub(crate) bar: indicatif::ProgressBar,
    started: Instant,
    terminal: bool,
}

impl Progress {
    /// A bar of `total` things called `unit` (as "replicates" or "runs"), labelled `label`.
    pub(crate) fn new(total: u64, label: &str, unit: &str) -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_length(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
            "{{msg}} {{bar:30}} {{pos}}/{{len}} {unit}, {{elapsed}} elapsed, about {{eta}} left"
        )) {
            bar.set_style(style);
        }
        bar.set_message(label.to_string());
        Self {
            bar,
            started: Instant::now(),
            terminal: io::stderr().is_terminal(),
        }
    }

    pub(crate) fn tick(&self) {
        self.bar.inc(1);
        if self.terminal && self.bar.is_hidden() && self.started.elapsed() > Duration::from_secs(1)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

/// A scenario, its system and its plans ready to run.
pub(crate) type Prepared = (Scenario, SystemDocument, Vec<(String, Simulation)>);

/// The scenario at `path` and its system, the command line's values in place of its own
/// (in a sweep, `replicates` is per cell).
pub(crate) fn load(
    path: &Path,
    replicates: Option<u32>,
    seed: Option<u64>,
    level: Option<&LevelId>,
) -> Result<(Scenario, SystemDocument), Status> {
    // Its own problems are reported with those against the system, all at once.
    let mut scenario = input::load(path, Scenario::from_json_slice_unvalidated)?;
    if let Some(n) = replicates {
        match &mut scenario.sweep {
            Some(sweep) => sweep.replicates = Some(n),
            None => scenario.replicates = n,
        }
    }
    if let Some(s) = seed {
        scenario.seed = s;
    }
    if let Some(level) = level {
        scenario.level = Some(level.clone());
    }
    let system = system_of(&scenario, path)?;
    Ok((scenario, system))
}

/// Prints why a scenario cannot be simulated.
pub(crate) fn refused(path: &Path, e: &ScenarioError) -> Status {
    match e {
        ScenarioError::Invalid(e) => {
            crate::stderr_line!("{}: invalid", path.display());
            for p in e.problems() {
                crate::stderr_line!("  {p}");
            }
        }
        e => crate::stderr_line!("{}: {e}", path.display()),
    }
    Status::Invalid
}

/// The scenario at `path` with its system, the command line's values in place of its own,
/// and its plans prepared; its problems are printed, all at once, when it is invalid.
pub(crate) fn prepare(
    path: &Path,
    replicates: Option<u32>,
    seed: Option<u64>,
    level: Option<&LevelId>,
) -> Result<Prepared, Status> {
    let (scenario, system) = load(path, replicates, seed, level)?;
    match simulations(&scenario, &system) {
        Ok(sims) => Ok((scenario, system, sims)),
        Err(e) => Err(refused(path, &e)),
    }
}

/// Every plan's forecast, in order, each with a progress bar on a terminal, at the
/// scenario's cost rates.
pub(crate) fn forecasts(
    scenario: &Scenario,
    sims: &[(String, Simulation)],
) -> Vec<(String, Forecast)> {
    let replicates = u64::from(scenario.replicates);
    let mut plans = Vec::with_capacity(sims.len());
    for (name, sim) in sims {
        let progress = Progress::new(replicates, name, "replicates");
        let mut forecast = sim.forecast_with(scenario.seed, replicates, &|| progress.tick());
        progress.bar.finish_and_clear();
        if let Some(rates) = &scenario.costs {
            forecast = forecast.with_costs(rates);
        }
        plans.push((name.clone(), forecast));
    }
    plans
}

pub(crate) fn run(out: &mut impl Write, args: &SimulateArgs) -> io::Result<Status> {
    let (scenario, system) = match load(
        &args.scenario,
        args.replicates,
        args.seed,
        args.level.as_ref(),
    ) {
        Ok(loaded) => loaded,
        Err(status) => return Ok(status),
    };
    if scenario.sweep.is_some() || args.shard.is_some() {
        if args.events.is_some() || args.chart.is_some() {
            crate::stderr_line!(
                "implsci: --events and --chart draw on the plans' forecast, not on a sweep: \
                 run them on a scenario without `sweep`"
            );
            return Ok(Status::Usage);
        }
        let request = crate::sweep::Request {
            shard: args.shard,
            shard_offset: args.shard_offset,
            shard_count: args.shard_count,
            out: args.out.as_deref(),
            format: args.format,
        };
        return crate::sweep::simulate(out, &request, &args.scenario, &scenario, system);
    }
    let sims = match simulations(&scenario, &system) {
        Ok(sims) => sims,
        Err(e) => return Ok(refused(&args.scenario, &e)),
    };
    if let Some(path) = &args.events {
        let request = synthetic::Request {
            path,
            plan: args.plan.as_deref(),
            replicate: args.replicate,
            innovations: &args.innovation,
        };
        if let Err(status) = synthetic::write(&request, &scenario, &system, &sims)? {
            return Ok(status);
        }
    }
    let plans = forecasts(&scenario, &sims);
    let comparison = Comparison::new(plans);
    // The built system gives the hierarchy columns of the tables.
    let built = System::build(system).map_err(|e| io::Error::other(e.to_string()))?;
    if let Some(dir) = &args.out {
        write_folder(dir, &comparison, &built)?;
    }
    if let Some(path) = &args.chart {
        let title = scenario.name.as_deref().unwrap_or("Forecast");
        let mut chart = implsci::plot::forecast::ForecastChart::new(title);
        if let Some(level) = &scenario.level {
            chart = chart.level(level.clone());
        }
        for (name, forecast) in &comparison.plans {
            chart = chart.plan(name.clone(), forecast);
        }
        std::fs::write(path, chart.draw().to_svg()).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
        })?;
    }
    match args.format {
        SimulateFormat::Table => {
            if let Some(name) = &scenario.name {
                writeln!(out, "{name}")?;
            }
            write!(out, "{comparison}")?;
        }
        SimulateFormat::Csv => comparison
            .write_units_csv(&built, &mut *out)
            .map_err(io::Error::other)?,
        SimulateFormat::Json => write_json(out, &json_of(&comparison))?,
    }
    Ok(Status::Ok)
}

fn json_of(c: &Comparison) -> serde_json::Value {
    serde_json::Value::Array(
        c.plans
            .iter()
            .map(|(name, forecast)| serde_json::json!({ "plan": name, "forecast": forecast }))
            .collect(),
    )
}

fn write_folder(dir: &Path, c: &Comparison, system: &System) -> io::Result<()> {
    let cannot = |path: &Path| {
        let path = path.display().to_string();
        move |e: io::Error| io::Error::new(e.kind(), format!("cannot write {path}: {e}"))
    };
    std::fs::create_dir_all(dir).map_err(cannot(dir))?;
    let create = |name: &str| {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .map(io::BufWriter::new)
            .map_err(cannot(&path))
    };
    c.write_units_csv(system, create("units.csv")?)
        .map_err(io::Error::other)?;
    c.write_series_csv(system, create("series.csv")?)
        .map_err(io::Error::other)?;
    let mut json = create("forecast.json")?;
    write_json(&mut json, &json_of(c))?;
    json.flush()
}

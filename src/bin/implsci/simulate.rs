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
    /// The plans side by side: when each unit and level first reaches Full Implementation.
    Table,
    /// Tidy CSV, one row per plan, unit and innovation, with the hierarchy columns.
    Csv,
    /// Every plan's whole forecast, time series included, as JSON.
    Json,
}

/// `implsci simulate SCENARIO [--replicates N] [--seed S] [--level LEVEL] [--out DIR]
/// [--format table|csv|json]`.
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
struct Progress {
    bar: indicatif::ProgressBar,
    started: Instant,
    terminal: bool,
}

impl Progress {
    fn new(total: u64, plan: &str) -> Self {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_length(total);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{msg} {bar:30} {pos}/{len} replicates, {elapsed} elapsed, about {eta} left",
        ) {
            bar.set_style(style);
        }
        bar.set_message(plan.to_string());
        Self {
            bar,
            started: Instant::now(),
            terminal: io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
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

/// The scenario at `path` with its system, the command line's values in place of its own,
/// and its plans prepared; its problems are printed, all at once, when it is invalid.
pub(crate) fn prepare(
    path: &Path,
    replicates: Option<u32>,
    seed: Option<u64>,
    level: Option<&LevelId>,
) -> Result<Prepared, Status> {
    // Its own problems are reported with those against the system, all at once.
    let mut scenario = input::load(path, Scenario::from_json_slice_unvalidated)?;
    if let Some(n) = replicates {
        scenario.replicates = n;
    }
    if let Some(s) = seed {
        scenario.seed = s;
    }
    if let Some(level) = level {
        scenario.level = Some(level.clone());
    }
    let system = system_of(&scenario, path)?;
    match simulations(&scenario, &system) {
        Ok(sims) => Ok((scenario, system, sims)),
        Err(ScenarioError::Invalid(e)) => {
            crate::stderr_line!("{}: invalid", path.display());
            for p in e.problems() {
                crate::stderr_line!("  {p}");
            }
            Err(Status::Invalid)
        }
        Err(e) => {
            crate::stderr_line!("{}: {e}", path.display());
            Err(Status::Invalid)
        }
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
        let progress = Progress::new(replicates, name);
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
    let (scenario, system, sims) = match prepare(
        &args.scenario,
        args.replicates,
        args.seed,
        args.level.as_ref(),
    ) {
        Ok(prepared) => prepared,
        Err(status) => return Ok(status),
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

//! `implsci report`: the report for a state leader, as plain text or one HTML page.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use implsci::id::LevelId;
use implsci::report::{ReportInputs, ReportParams, ScoreSet, report};
use implsci::score::{InstrumentDefinition, Score};
use implsci::{Document, SiteRecord};

use crate::args::{SystemArg, parse_date};
use crate::events::events_of;
use crate::output::stderr_line;
use crate::{Status, input, scoring};

/// `implsci report SYSTEM --level LEVEL --as-of DATE [inputs] [--html FILE]`.
#[derive(Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    system: SystemArg,
    /// The level whose units the summary and the tables name one by one (e.g. `district`).
    #[arg(long, value_name = "LEVEL")]
    level: LevelId,
    /// The date looked at (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: jiff::civil::Date,
    /// The event log (JSON Lines): training, coaching and practice–policy loops.
    #[arg(long, value_name = "LOG")]
    events: Option<PathBuf>,
    /// Site records (repeat, or give several): stage histories and driver ratings.
    #[arg(long = "sites", value_name = "FILE", num_args = 1..)]
    sites: Vec<PathBuf>,
    /// Scored administrations, as INSTRUMENT=ADMINISTRATIONS (repeat): the instrument is a
    /// built-in name or an instrument document, e.g. `tfi-2.1-tier-1=tfi.json`.
    #[arg(long = "scores", value_name = "INSTRUMENT=FILE", value_parser = parse_pair)]
    scores: Vec<(PathBuf, PathBuf)>,
    /// An innovation document, whose practice profile rates the fidelity observations of the
    /// event log.
    #[arg(long, value_name = "FILE")]
    innovation: Option<PathBuf>,
    /// The coaching window's first day (YYYY-MM-DD); the school year's start (1 July) by
    /// default. The window ends on --as-of.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    window_start: Option<jiff::civil::Date>,
    /// A scenario (kind `scenario`) whose plans are simulated: the summary says when the
    /// units of the level reach Full Implementation under each, and the forecast is drawn.
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// The page's title; the system's name followed by ": implementation report" by default.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Write the report as one self-contained HTML page to this file; without it the summary
    /// is printed as text.
    #[arg(long, value_name = "FILE.html")]
    html: Option<PathBuf>,
}

fn parse_pair(s: &str) -> Result<(PathBuf, PathBuf), String> {
    match s.split_once('=') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.into(), b.into())),
        _ => Err(format!(
            "`{s}` is not INSTRUMENT=FILE (e.g. `tfi-2.1-tier-1=tfi.json`)"
        )),
    }
}

pub(crate) fn run(out: &mut impl Write, args: &ReportArgs) -> io::Result<Status> {
    let system = match args.system.load() {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let mut status = Status::Ok;
    let events = match &args.events {
        None => None,
        Some(path) => match input::load_log(path) {
            Ok(log) => {
                let (events, _lines, read) = events_of(log);
                status = status.max(read);
                Some(events)
            }
            Err(s) => return Ok(s),
        },
    };
    let mut sites = Vec::with_capacity(args.sites.len());
    for path in &args.sites {
        match input::load(path, SiteRecord::from_json_slice) {
            Ok(site) => {
                if system.unit(site.site.as_str()).is_none() {
                    stderr_line!(
                        "{}: $.site: site `{}` is not a unit of the system; its record is not counted",
                        path.display(),
                        site.site
                    );
                    status = status.max(Status::Invalid);
                    continue;
                }
                sites.push(site);
            }
            Err(s) => return Ok(s),
        }
    }
    let innovation = match &args.innovation {
        None => None,
        Some(path) => match input::load_innovation(path) {
            Ok(i) => Some(i),
            Err(s) => return Ok(s),
        },
    };
    // Each instrument's definition and scores.
    let mut sets_read: Vec<(InstrumentDefinition, Vec<Score>)> = Vec::new();
    for (instrument, file) in &args.scores {
        match scoring::scores(instrument, file, Some(&system), Some(args.as_of)) {
            Ok((instrument, scores, read)) => {
                status = status.max(read);
                sets_read.push((instrument.definition().clone(), scores));
            }
            Err(s) => return Ok(s),
        }
    }
    let sets: Vec<ScoreSet<'_>> = sets_read
        .iter()
        .map(|(definition, scores)| ScoreSet::of(definition, scores))
        .collect();
    let mut inputs = ReportInputs::new(&system).sites(&sites).scores(&sets);
    if let Some(events) = &events {
        inputs = inputs.events(events);
    }
    if let Some(innovation) = &innovation {
        inputs = inputs.innovation(innovation);
    }
    let plans = match &args.scenario {
        None => Vec::new(),
        Some(path) => match crate::simulate::prepare(path, None, None, Some(&args.level)) {
            Ok((scenario, _, sims)) => crate::simulate::forecasts(&scenario, &sims),
            Err(status) => return Ok(status),
        },
    };
    if args.scenario.is_some() {
        inputs = inputs.forecast(&plans);
    }
    let mut params = ReportParams::new(args.level.clone(), args.as_of);
    params.window_start = args.window_start;
    params.title.clone_from(&args.title);
    let page = match report(&inputs, &params) {
        Ok(p) => p,
        Err(e) => {
            stderr_line!("implsci: {e}");
            return Ok(Status::Usage);
        }
    };
    match &args.html {
        None => write!(out, "{page}")?,
        Some(path) => {
            write_file(path, &page.to_html())?;
            writeln!(out, "wrote {}", path.display())?;
        }
    }
    Ok(status)
}

fn write_file(path: &Path, text: &str) -> io::Result<()> {
    std::fs::write(path, text)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))
}

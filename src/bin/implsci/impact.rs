//! `implsci impact`: each unit's IMPACT profile at a level, on a date.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use implsci::framework::impact::{ImpactInputs, ImpactParams, impact_profile};
use implsci::id::LevelId;
use implsci::{Document, SiteRecord};

use crate::args::{ReportFormat, ReportFormatArg, SystemArg, parse_date};
use crate::events::events_of;
use crate::output::{csv_error, stderr_line, write_json};
use crate::{Status, input, scoring};

/// `implsci impact SYSTEM --level LEVEL --as-of DATE [inputs]`.
#[derive(Args)]
pub(crate) struct ImpactArgs {
    #[command(flatten)]
    system: SystemArg,
    /// The level whose units get a profile (e.g. `district`).
    #[arg(long, value_name = "LEVEL")]
    level: LevelId,
    /// The date looked at (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: jiff::civil::Date,
    /// The event log (JSON Lines): training, coaching, PDSA and practice–policy loops.
    #[arg(long, value_name = "LOG")]
    events: Option<PathBuf>,
    /// Site records (repeat, or give several): driver ratings of the units they name.
    #[arg(long = "sites", value_name = "FILE", num_args = 1..)]
    sites: Vec<PathBuf>,
    /// Administrations of the instrument given with --instrument.
    #[arg(long, value_name = "FILE", requires = "instrument")]
    administrations: Option<PathBuf>,
    /// The instrument of --administrations: a self-assessment whose subscales are named for
    /// the components gives each component its subscale; any other is the Collective
    /// efficacy instrument.
    #[arg(long, value_name = "INSTRUMENT", requires = "administrations")]
    instrument: Option<PathBuf>,
    /// The coaching window's first day (YYYY-MM-DD); the school year's start (1 July) by
    /// default. The window ends on --as-of.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    window_start: Option<jiff::civil::Date>,
    /// Days before --as-of in which a coaching observation counts as a fidelity assessment
    /// (this crate's default: 183).
    #[arg(long, value_name = "DAYS")]
    assessment_days: Option<u32>,
    /// Look at one innovation (its id): the teams, plans, trainings, loop items and driver
    /// ratings about it, or about no innovation in particular.
    #[arg(long, value_name = "ID")]
    innovation: Option<implsci::id::InnovationId>,
    #[command(flatten)]
    format: ReportFormatArg,
}

pub(crate) fn impact(out: &mut impl Write, args: &ImpactArgs) -> io::Result<Status> {
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
                        "{}: $.site: site `{}` is not a unit of the system; its ratings are not counted",
                        path.display(),
                        site.site
                    );
                    status = status.max(Status::Invalid);
                }
                sites.push(site);
            }
            Err(s) => return Ok(s),
        }
    }
    let scores = match (&args.instrument, &args.administrations) {
        (Some(instrument), Some(administrations)) => {
            match scoring::scores(instrument, administrations, Some(&system), Some(args.as_of)) {
                Ok((_, scores, read)) => {
                    status = status.max(read);
                    Some(scores)
                }
                Err(s) => return Ok(s),
            }
        }
        _ => None,
    };
    let mut inputs = ImpactInputs::new(&system);
    if let Some(events) = &events {
        inputs = inputs.events(events);
    }
    if !args.sites.is_empty() {
        inputs = inputs.sites(&sites);
    }
    if let Some(scores) = &scores {
        inputs = inputs.instrument_scores(scores);
    }
    let mut params = ImpactParams::new(args.level.clone(), args.as_of);
    params.window_start = args.window_start;
    params.innovation.clone_from(&args.innovation);
    if let Some(days) = args.assessment_days {
        params.assessment_days = days;
    }
    let profile = match impact_profile(&inputs, &params) {
        Ok(p) => p,
        Err(e) => {
            stderr_line!("implsci: {e}");
            return Ok(Status::Usage);
        }
    };
    match args.format.format {
        ReportFormat::Json => write_json(out, &profile)?,
        ReportFormat::Csv => profile.write_csv(&mut *out).map_err(csv_error)?,
        ReportFormat::Table => write!(out, "{profile}")?,
    }
    Ok(status)
}

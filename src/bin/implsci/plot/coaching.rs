//! `implsci plot coaching`: coaching cycles delivered against planned per unit of a level,
//! and coach caseloads against capacity.

use std::io::{self, Write};
use std::path::PathBuf;

use implsci::coaching::measures::{Window, coaching_report};
use implsci::event::Event;
use implsci::id::LevelId;
use implsci::plot::coaching::{CoachingChart, DEFAULT_MAX_COACHES, coaching_data};
use implsci::system::{AlignmentParams, When};

use crate::args::{AsOfArg, InnovationIdArg, SitesArg, SystemArg, parse_date};
use crate::output::stderr_line;
use crate::{Status, events, input};

/// `implsci plot coaching SYSTEM --events LOG --level LEVEL [--as-of DATE] [--from DATE]
/// [--innovation ID] [--sites FILE...] [--max-coaches N] -o FILE.svg`.
#[derive(clap::Args)]
#[command(mut_arg("as_of", |a| a.help(
    "The last day of the window, and the date coach loads are counted on (YYYY-MM-DD); the \
     latest event's date by default",
)))]
pub(crate) struct CoachingArgs {
    #[command(flatten)]
    system: SystemArg,
    /// The event log (JSON Lines) with the coaching plans and steps.
    #[arg(long, value_name = "LOG.jsonl")]
    events: PathBuf,
    /// The level whose units get a bar each (e.g. `district`); coaches are grouped by it when
    /// there are more than --max-coaches.
    #[arg(long, value_name = "LEVEL")]
    level: LevelId,
    #[command(flatten)]
    as_of: AsOfArg,
    /// The window's first day (YYYY-MM-DD); the earliest event's date by default.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<jiff::civil::Date>,
    #[command(flatten)]
    innovation: InnovationIdArg,
    #[command(flatten)]
    sites: SitesArg,
    /// The most coaches drawn one bar each; with more, one bar per unit of the level.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_COACHES)]
    max_coaches: usize,
    /// The SVG file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE.svg")]
    out: PathBuf,
}

pub(crate) fn coaching(out: &mut impl Write, args: &CoachingArgs) -> io::Result<Status> {
    let (system, log, sites) = match (
        args.system.load(),
        input::load_log(&args.events),
        input::load_sites(&args.sites.sites),
    ) {
        (Ok(s), Ok(l), Ok(r)) => (s, l, r),
        (Err(s), _, _) | (_, Err(s), _) | (_, _, Err(s)) => return Ok(s),
    };
    if !system.document().levels.iter().any(|l| l.id == args.level) {
        let levels: Vec<&str> = system
            .document()
            .levels
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        stderr_line!(
            "implsci: the system has no level `{}`; its levels are {}",
            args.level,
            levels.join(", ")
        );
        return Ok(Status::Usage);
    }
    let (events, _, status) = events::events_of(log);
    let Some(as_of) = args.as_of.or_latest(&events) else {
        stderr_line!("implsci: {}: the log has no events", args.events.display());
        return Ok(status.max(Status::Invalid));
    };
    let start = args
        .from
        .or_else(|| events.iter().map(Event::date).min())
        .unwrap_or(as_of);
    let Some(window) = Window::new(start, as_of) else {
        stderr_line!("implsci: --from {start} is after --as-of {as_of}");
        return Ok(Status::Usage);
    };
    let events = match &args.innovation.innovation {
        Some(id) => implsci::coaching::about_innovation(&events, id),
        None => events,
    };
    let report = coaching_report(&events, window, as_of);
    let mut params = AlignmentParams::default().when(When::On(as_of));
    if let Some(id) = &args.innovation.innovation {
        params = params.innovation(id.clone());
    }
    let alignment = system.alignment_with(&params, &sites);
    let Some(data) = coaching_data(&system, &report, &alignment, &args.level, args.max_coaches)
    else {
        return Ok(Status::Usage);
    };
    let subtitle = match &args.innovation.innovation {
        Some(id) => format!("{} to {as_of}, {id}", window.start()),
        None => format!("{} to {as_of}", window.start()),
    };
    let title = format!(
        "Coaching as planned and coach loads, {}",
        system.document().name
    );
    let chart = CoachingChart::new(title, data).subtitle(subtitle);
    super::write(out, &args.out, &chart.draw(), status)
}

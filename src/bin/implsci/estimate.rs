//! `implsci estimate LOG --innovation FILE`: the simulation's chances read from a system's own
//! event log, with the counts each rests on.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use implsci::scenario::Parameters;
use implsci::scenario::estimate::{Estimate, EstimateParams, Estimates, estimate};
use implsci::text::{Align, Table};

use crate::args::parse_date;
use crate::output::write_json;
use crate::{Status, input};

/// How the estimates are printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum EstimateFormat {
    /// Each chance with its interval and counts.
    Table,
    /// The estimates and a scenario `parameters` object holding them.
    Json,
}

/// `implsci estimate LOG --innovation FILE [--as-of DATE] [--min-practitioners N]`.
#[derive(Args)]
pub(crate) struct EstimateArgs {
    /// The event log (JSON Lines): trainings, coaching plans and rated observations.
    #[arg(value_name = "LOG")]
    log: PathBuf,
    /// The innovation document: its essential functions and fidelity criterion read the
    /// observations.
    #[arg(long, value_name = "FILE")]
    innovation: PathBuf,
    /// Exposure ends on this date (YYYY-MM-DD); the latest event's date by default.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Practitioners at risk an estimate needs.
    #[arg(long, value_name = "N", default_value_t = 10)]
    min_practitioners: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EstimateFormat::Table)]
    format: EstimateFormat,
}

fn percent(p: f64) -> String {
    format!("{:.1}%", p * 100.0)
}

fn row(table: &mut Table, name: &str, e: &Estimate, min: u64) {
    let (chance, interval) = match (e.chance, e.interval) {
        (Some(c), Some((low, high))) => {
            (percent(c), format!("{} to {}", percent(low), percent(high)))
        }
        _ if e.practitioners < min => (
            "too few data".into(),
            format!("{} practitioners, {min} needed", e.practitioners),
        ),
        _ => ("too few data".into(), "no move seen".into()),
    };
    table.row([
        name.to_string(),
        chance,
        interval,
        e.practitioners.to_string(),
        e.events.to_string(),
        format!("{:.1}", e.person_years),
    ]);
}

fn print(out: &mut impl Write, found: &Estimates, min: u64) -> io::Result<()> {
    let until = found
        .as_of
        .map_or_else(|| "no events".to_string(), |d| d.to_string());
    writeln!(
        out,
        "Chances within a school year, from {} trained practitioners, exposure to {until}",
        found.trained
    )?;
    let mut table = Table::new().indent(2);
    for column in 3..6 {
        table = table.align(column, Align::Right);
    }
    table.row([
        "chance",
        "estimate",
        "95% interval",
        "practitioners",
        "moved",
        "person-years",
    ]);
    row(
        &mut table,
        "in use, trained, no coaching",
        &found.use_given.practice,
        min,
    );
    row(
        &mut table,
        "in use, trained and coached",
        &found.use_given.coaching,
        min,
    );
    row(
        &mut table,
        "at fidelity, in use, no coaching",
        &found.fidelity_given.practice,
        min,
    );
    row(
        &mut table,
        "at fidelity, in use and coached",
        &found.fidelity_given.coaching,
        min,
    );
    write!(out, "{table}")?;
    writeln!(
        out,
        "Constant yearly hazard with censoring (events over person-years at risk); in use from the \
         first observation rating a function expected or developmental."
    )
}

pub(crate) fn run(out: &mut impl Write, args: &EstimateArgs) -> io::Result<Status> {
    let innovation = match input::load_innovation(&args.innovation) {
        Ok(i) => i,
        Err(status) => return Ok(status),
    };
    let log = match input::load_log(&args.log) {
        Ok(log) => log,
        Err(status) => return Ok(status),
    };
    let refused = !log.refused.is_empty();
    let events: Vec<_> = log.records.into_iter().map(|r| r.value).collect();
    let mut params = EstimateParams::default();
    params.as_of = args.as_of;
    params.min_practitioners = args.min_practitioners;
    let found = estimate(&events, &innovation, &params);
    match args.format {
        EstimateFormat::Table => print(out, &found, args.min_practitioners)?,
        EstimateFormat::Json => {
            let parameters = found.overrides(&Parameters::default());
            write_json(
                out,
                &serde_json::json!({ "estimates": found, "parameters": parameters }),
            )?;
        }
    }
    Ok(if refused { Status::Invalid } else { Status::Ok })
}

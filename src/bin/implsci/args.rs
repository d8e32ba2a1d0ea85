//! The arguments more than one subcommand takes, each group one [`clap::Args`] struct to
//! flatten into a subcommand.
//!
//! A group fixes its flags' names, value names, types, parsers and defaults. Where a
//! subcommand says in its own words what an argument means there (what its CSV holds, which
//! date `--as-of` picks), it replaces the help with `#[command(mut_arg(..))]`, and where it
//! shows a file under another value name, the value name likewise.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use implsci::event::{Event, EventLog};
use implsci::system::{System, When};

use crate::{Status, input};

/// How a report is printed.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    /// A readable table.
    Table,
    /// The whole report as JSON.
    Json,
    /// Tidy CSV, one row per unit.
    Csv,
}

/// `--format table|json|csv`: how the report is printed. Taken by `align`, `score`, `rollup`,
/// `coaching` and `loops`, each saying what its CSV holds.
#[derive(Args)]
pub(crate) struct ReportFormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub(crate) format: ReportFormat,
}

/// `--innovation ID` of `align` and `loops`: one innovation to look at.
#[derive(Args)]
pub(crate) struct InnovationIdArg {
    /// Look at one innovation: its id (the `id` of its innovation document).
    #[arg(long, value_name = "ID")]
    pub(crate) innovation: Option<implsci::id::InnovationId>,
}

/// `--sites FILE...`: site records, for where innovations were de-implemented.
#[derive(Args)]
pub(crate) struct SitesArg {
    /// Site records (kind `site_record`): a coach's caseload for an innovation a site
    /// de-implemented, at or below the site, stops counting against capacity from that date
    /// and is shown apart.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub(crate) sites: Vec<std::path::PathBuf>,
}

/// `--as-of DATE`: the date to look at. Taken by `align`, `dot`, `coaching` and `loops`, each
/// saying what the date picks and what it is without one.
#[derive(Args)]
pub(crate) struct AsOfArg {
    /// The date to look at (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) as_of: Option<jiff::civil::Date>,
}

impl AsOfArg {
    /// The links, memberships and practitioners active on the date, or the current ones.
    pub(crate) fn when(&self) -> When {
        self.as_of.map_or(When::Current, When::On)
    }

    /// The date, or the latest event's date; `None` without either.
    pub(crate) fn or_latest(&self, events: &[Event]) -> Option<jiff::civil::Date> {
        self.as_of.or_else(|| events.iter().map(Event::date).max())
    }
}

/// `SYSTEM`: the system document. Taken by `rollup`, `coaching` and `loops` (in
/// [`EventLogArgs`]), and by `align` and `dot` under the value name `FILE`.
#[derive(Args)]
pub(crate) struct SystemArg {
    /// The system document.
    #[arg(value_name = "SYSTEM")]
    pub(crate) system: PathBuf,
}

impl SystemArg {
    /// Reads and builds the system, printing its problems when it is invalid.
    pub(crate) fn load(&self) -> Result<System, Status> {
        input::load(&self.system, System::from_json_slice)
    }
}

/// `LOG SYSTEM`: an event log and the system its events happen in. Taken by `coaching` and
/// `loops`.
#[derive(Args)]
pub(crate) struct EventLogArgs {
    /// The event log (JSON Lines).
    #[arg(value_name = "LOG")]
    pub(crate) log: PathBuf,
    /// The system document.
    #[command(flatten)]
    pub(crate) system: SystemArg,
}

impl EventLogArgs {
    /// Reads the log and the system; the problems of both are printed, and the status of the
    /// first that fails is returned.
    pub(crate) fn load(&self) -> Result<(EventLog, System), Status> {
        match (input::load_log(&self.log), self.system.load()) {
            (Ok(log), Ok(system)) => Ok((log, system)),
            (Err(s), _) | (_, Err(s)) => Err(s),
        }
    }
}

/// `ADMINISTRATIONS`: the administrations document. Taken by `rollup`, and by `score` under
/// the value name `FILE`.
#[derive(Args)]
pub(crate) struct AdministrationsArg {
    /// The administrations document.
    #[arg(value_name = "ADMINISTRATIONS")]
    pub(crate) administrations: PathBuf,
}

/// `--by PERIOD`, `--school-year-start MM-DD`: periods to roll up by. Taken by `rollup` (in
/// [`PeriodArgs`]) and `coaching --rollup`.
#[derive(Args)]
pub(crate) struct ByArgs {
    /// One row per unit and period, from the period of the first record to the period of
    /// the as-of date: school-year, year, quarter (calendar) or month.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub(crate) by: Option<implsci::period::PeriodKind>,
    /// The first day of a school year, as MM-DD.
    #[arg(long, value_name = "MM-DD", default_value = "07-01", value_parser = parse_year_start)]
    pub(crate) school_year_start: implsci::period::YearStart,
}

impl ByArgs {
    /// The calendar `--by` asks for, if any.
    pub(crate) fn calendar(&self) -> Option<implsci::period::Calendar> {
        self.by.map(|kind| {
            implsci::period::Calendar::new(kind).school_year_start(self.school_year_start)
        })
    }
}

/// [`ByArgs`] and `--max-age DAYS|period`: how a rollup of scores looks at time. Taken by
/// `rollup`.
#[derive(Args)]
pub(crate) struct PeriodArgs {
    #[command(flatten)]
    pub(crate) by: ByArgs,
    /// A score older than this no longer counts and is reported as stale: a number of days
    /// before the date looked at, or `period` (only scores dated in the period count). The
    /// default is `period` with --by, no limit without.
    #[arg(long, value_name = "DAYS|period", value_parser = parse_max_age)]
    pub(crate) max_age: Option<implsci::period::MaxAge>,
}

fn parse_period(s: &str) -> Result<implsci::period::PeriodKind, String> {
    s.parse()
        .map_err(|e: implsci::period::PeriodError| e.to_string())
}

fn parse_year_start(s: &str) -> Result<implsci::period::YearStart, String> {
    s.parse()
        .map_err(|e: implsci::period::PeriodError| e.to_string())
}

fn parse_max_age(s: &str) -> Result<implsci::period::MaxAge, String> {
    s.parse()
        .map_err(|e: implsci::period::PeriodError| e.to_string())
}

/// Parses a date of the form YYYY-MM-DD, and only that form, as documents write them.
pub(crate) fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    implsci::date::parse(s).map_err(|e| e.to_string())
}

/// The limits inputs are read within (`implsci::limits`): each refused input names the limit
/// and the option that raises it.
#[derive(clap::Args)]
#[allow(clippy::struct_field_names)] // named as the options are: `--max-document-bytes`
pub(crate) struct LimitArgs {
    /// The most bytes of one document.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = implsci::limits::DEFAULT_DOCUMENT_BYTES)]
    max_document_bytes: u64,
    /// The most bytes of one line of an event log.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = implsci::limits::DEFAULT_LINE_BYTES)]
    max_line_bytes: usize,
    /// The most bytes of a whole event log.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = implsci::limits::DEFAULT_LOG_BYTES)]
    max_log_bytes: u64,
}

impl LimitArgs {
    /// The limits these say.
    pub(crate) fn limits(&self) -> implsci::limits::Limits {
        implsci::limits::Limits::default()
            .document_bytes(self.max_document_bytes)
            .line_bytes(self.max_line_bytes)
            .log_bytes(self.max_log_bytes)
    }
}

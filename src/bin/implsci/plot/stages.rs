//! `implsci plot stages`: the units of each group in each implementation stage, per period.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use implsci::id::{InnovationId, LevelId};
use implsci::period::{Calendar, PeriodKind, YearStart};
use implsci::plot::stages::{StageChart, StageHistories, StageQuery, count_stages};

use crate::args::{SystemArg, parse_date};
use crate::events::events_of;
use crate::output::stderr_line;
use crate::{Status, input};

/// `implsci plot stages SYSTEM --level LEVEL [--count-level LEVEL] --innovation ID (--sites
/// FILE... | --events LOG) --from DATE --to DATE [--period PERIOD] -o FILE.svg`.
#[derive(Args)]
pub(crate) struct StagesArgs {
    #[command(flatten)]
    system: SystemArg,
    /// The level whose units get a panel each (e.g. `district`).
    #[arg(long, value_name = "LEVEL")]
    level: LevelId,
    /// The level whose units are counted in each panel (e.g. `school`); the panel's own unit
    /// by default.
    #[arg(long, value_name = "LEVEL")]
    count_level: Option<LevelId>,
    /// The innovation whose stages are counted (the `id` of its innovation document).
    #[arg(long, value_name = "ID")]
    innovation: InnovationId,
    /// Site records (kind `site_record`) holding the stage histories.
    #[arg(long, value_name = "FILE", num_args = 1.., required_unless_present = "events", conflicts_with = "events")]
    sites: Vec<PathBuf>,
    /// An event log (JSON Lines) whose stage changes are the stage histories.
    #[arg(long, value_name = "LOG")]
    events: Option<PathBuf>,
    /// The first date looked at (YYYY-MM-DD); its period is the first.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: jiff::civil::Date,
    /// The last date looked at (YYYY-MM-DD); its period is the last, and a stage entered
    /// after it is not counted.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: jiff::civil::Date,
    /// The periods: school-year, year, quarter (calendar) or month; each unit counts with its
    /// stage on the period's last day.
    #[arg(long, value_name = "PERIOD", default_value = "school-year", value_parser = parse_period)]
    period: PeriodKind,
    /// The first day of a school year, as MM-DD.
    #[arg(long, value_name = "MM-DD", default_value = "07-01", value_parser = parse_year_start)]
    school_year_start: YearStart,
    /// The SVG file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE.svg")]
    out: PathBuf,
}

fn parse_period(s: &str) -> Result<PeriodKind, String> {
    s.parse()
        .map_err(|e: implsci::period::PeriodError| e.to_string())
}

fn parse_year_start(s: &str) -> Result<YearStart, String> {
    s.parse()
        .map_err(|e: implsci::period::PeriodError| e.to_string())
}

/// The stage histories of the innovation, from the site records or the log, and the status
/// reading them leaves; an input with no history of the innovation is refused, naming the
/// innovations it has.
fn histories(args: &StagesArgs) -> Result<(StageHistories, Status), Status> {
    let mut status = Status::Ok;
    // The histories, and every innovation the input has a history of (for the message when
    // the one asked for is not among them).
    let (histories, found): (StageHistories, Vec<String>) = if let Some(path) = &args.events {
        let log = input::load_log(path)?;
        let (events, _lines, read) = events_of(log);
        status = status.max(read);
        let found = events
            .iter()
            .filter_map(|e| match e {
                implsci::event::Event::StageChange(c) => Some(c.innovation.to_string()),
                _ => None,
            })
            .collect();
        (
            StageHistories::from_events(&events, &args.innovation),
            found,
        )
    } else {
        let sites = input::load_sites(&args.sites)?;
        let found = sites
            .iter()
            .flat_map(|s| s.stages.iter().map(|h| h.innovation.to_string()))
            .collect();
        (StageHistories::from_sites(&sites, &args.innovation), found)
    };
    if histories.is_empty() {
        let mut found = found;
        found.sort_unstable();
        found.dedup();
        stderr_line!(
            "implsci: no stage history of innovation `{}` in the input; its innovations are {}",
            args.innovation,
            if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            }
        );
        return Err(Status::Invalid);
    }
    Ok((histories, status))
}

pub(crate) fn stages(out: &mut impl Write, args: &StagesArgs) -> io::Result<Status> {
    let system = match args.system.load() {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let (histories, status) = match histories(args) {
        Ok(x) => x,
        Err(status) => return Ok(status),
    };
    let calendar = Calendar::new(args.period).school_year_start(args.school_year_start);
    let mut query = StageQuery::new(args.level.clone(), calendar, args.from, args.to);
    if let Some(level) = &args.count_level {
        query = query.count_level(level.clone());
    }
    let table = match count_stages(&system, &histories, &query) {
        Ok(t) => t,
        Err(e) => {
            stderr_line!("implsci: {e}");
            return Ok(Status::Usage);
        }
    };
    if table.periods.is_empty() {
        stderr_line!("implsci: --to {} is before --from {}", args.to, args.from);
        return Ok(Status::Usage);
    }
    if !table.not_counted.is_empty() {
        let shown: Vec<&str> = table
            .not_counted
            .iter()
            .take(8)
            .map(implsci::id::UnitId::as_str)
            .collect();
        stderr_line!(
            "implsci: {} site(s) with a history of `{}` are not {} units of the system and are not counted: {}{}",
            table.not_counted.len(),
            args.innovation,
            table.count_level,
            shown.join(", "),
            if table.not_counted.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        );
    }
    let chart = StageChart::new(format!(
        "Implementation stages of {} by {}",
        args.innovation, args.level
    ));
    let max_panels = 120;
    if table.groups.len() > max_panels {
        stderr_line!(
            "implsci: {} {} units; the chart draws the first {max_panels}: choose a higher --level",
            table.groups.len(),
            args.level
        );
    }
    super::write(
        out,
        &args.out,
        &chart.max_panels(max_panels).draw(&table),
        status,
    )
}

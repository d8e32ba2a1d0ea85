//! `implsci plot capacity`: a capacity assessment's latest percentages per unit, as a heat map.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use implsci::id::LevelId;
use implsci::plot::capacity::{
    CapacityChart, CapacityParams, CapacityRows, CapacityScope, DEFAULT_MAX_ROWS,
    MINIMUM_CAPACITY_PERCENT, capacity_table,
};
use implsci::score::ScoreSubject;

use crate::args::{SystemArg, parse_date};
use crate::output::stderr_line;
use crate::{Status, scoring};

/// `implsci plot capacity INSTRUMENT ADMINISTRATIONS [--system SYSTEM --level LEVEL] [--as-of
/// DATE] -o FILE.svg`.
#[derive(Args)]
pub(crate) struct CapacityArgs {
    /// The instrument: an instrument document (a capacity assessment such as the DCA, with
    /// subscales), or a built-in name.
    #[arg(value_name = "INSTRUMENT")]
    instrument: PathBuf,
    /// The administrations document.
    #[arg(value_name = "ADMINISTRATIONS")]
    administrations: PathBuf,
    /// The system document: every unit of --level is a row, those without an administration
    /// rows of "no data". Without it, the rows are the units the administrations are about.
    #[arg(long, value_name = "SYSTEM", requires = "level")]
    system: Option<PathBuf>,
    /// The level whose units are the rows (e.g. `district`); needs --system.
    #[arg(long, value_name = "LEVEL", requires = "system")]
    level: Option<LevelId>,
    /// The date looked at (YYYY-MM-DD): each unit counts with its latest administration on
    /// or before it. Each unit's latest by default.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// Cells at or above this percent are outlined: the instrument's subscale criterion by
    /// default, else 80 (minimum capacity in the NIRN capacity assessments).
    #[arg(long, value_name = "PERCENT")]
    threshold: Option<f64>,
    /// More units than this are drawn as groups (the units of the nearest level above), each
    /// cell the share of the group's units at or above the threshold.
    #[arg(long, value_name = "ROWS", default_value_t = DEFAULT_MAX_ROWS)]
    max_rows: usize,
    /// The SVG file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE.svg")]
    out: PathBuf,
}

pub(crate) fn capacity(out: &mut impl Write, args: &CapacityArgs) -> io::Result<Status> {
    let system = match &args.system {
        Some(path) => match (SystemArg {
            system: path.clone(),
        })
        .load()
        {
            Ok(s) => Some(s),
            Err(status) => return Ok(status),
        },
        None => None,
    };
    let (instrument, scores, status) = match scoring::scores(
        &args.instrument,
        &args.administrations,
        system.as_ref(),
        args.as_of,
    ) {
        Ok(x) => x,
        Err(status) => return Ok(status),
    };
    let definition = instrument.definition();
    let units_scored = scores
        .iter()
        .filter(|s| matches!(s.subject, ScoreSubject::Unit(_)))
        .count();
    if units_scored == 0 {
        stderr_line!(
            "implsci: {}: no administration scored is about a unit",
            args.administrations.display()
        );
        return Ok(Status::Invalid);
    }
    let mut params = CapacityParams::default();
    params.as_of = args.as_of;
    params.max_rows = args.max_rows;
    params.threshold = args
        .threshold
        .or_else(|| {
            definition
                .criterion
                .as_ref()
                .and_then(|c| c.each_subscale_percent.or(c.total_percent))
        })
        .unwrap_or(MINIMUM_CAPACITY_PERCENT);
    let scope = match (&system, &args.level) {
        (Some(system), Some(level)) => CapacityScope::Level { system, level },
        _ => CapacityScope::Subjects,
    };
    let table = match capacity_table(definition, &scores, scope, &params) {
        Ok(t) => t,
        Err(e) => {
            stderr_line!("implsci: {e}");
            return Ok(Status::Usage);
        }
    };
    if table.rows.iter().all(|r| r.assessed == 0) {
        // A level the administrations are not about would otherwise draw only "no data".
        stderr_line!(
            "implsci: {}: no administration is about a unit of level `{}`",
            args.administrations.display(),
            args.level.as_ref().map_or("", LevelId::as_str)
        );
        return Ok(Status::Invalid);
    }
    if let CapacityRows::Groups { level, units } = &table.rows_are {
        stderr_line!(
            "implsci: {units} units are more than --max-rows {}: rows are grouped by {}",
            args.max_rows,
            level
                .as_ref()
                .map_or_else(|| "all units together".to_string(), ToString::to_string)
        );
    }
    let row_title = args.level.as_ref().map_or_else(
        || "Unit".to_string(),
        |l| {
            let mut chars = l.as_str().chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        },
    );
    let title = match &args.level {
        Some(level) => format!("{} by {level}", definition.name),
        None => definition.name.clone(),
    };
    let chart = CapacityChart::new(title).row_title(row_title);
    super::write(out, &args.out, &chart.draw(&table), status)
}

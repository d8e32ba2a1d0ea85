//! `implsci generate`, `implsci align` and `implsci dot`.

use std::io::{self, Write};

use implsci::system::AlignmentParams;
use implsci::system::generate::{Shape, generate};
use implsci::text::{Align, Table};

use crate::Status;
use crate::args::{AsOfArg, ReportFormat, SystemArg};
use crate::output::{csv_error, json_error, stderr_line, write_json};

pub(crate) fn generate_system(
    out: &mut impl Write,
    shape: &Shape,
    seed: u64,
) -> io::Result<Status> {
    match generate(shape, seed) {
        Ok(doc) => {
            let mut w = io::BufWriter::new(out);
            serde_json::to_writer(&mut w, &doc).map_err(json_error)?;
            writeln!(w)?;
            w.flush()?;
            Ok(Status::Ok)
        }
        Err(e) => {
            stderr_line!("implsci: {e}");
            Ok(Status::Usage)
        }
    }
}

pub(crate) fn align(
    out: &mut impl Write,
    system: &SystemArg,
    format: ReportFormat,
    as_of: &AsOfArg,
    innovation: Option<implsci::id::InnovationId>,
    sites: &[std::path::PathBuf],
) -> io::Result<Status> {
    let (system, sites) = match (system.load(), crate::input::load_sites(sites)) {
        (Ok(system), Ok(sites)) => (system, sites),
        (Err(status), _) | (_, Err(status)) => return Ok(status),
    };
    let mut params = AlignmentParams::default().when(as_of.when());
    if let Some(innovation) = innovation {
        params = params.innovation(innovation);
    }
    let report = system.alignment_with(&params, &sites);
    match format {
        ReportFormat::Table => write!(out, "{report}")?,
        ReportFormat::Json => {
            write_json(out, &report)?;
        }
        ReportFormat::Csv => {
            report
                .write_units_csv(&system, &mut *out)
                .map_err(csv_error)?;
        }
    }
    Ok(Status::Ok)
}

pub(crate) fn units(
    out: &mut impl Write,
    system: &SystemArg,
    format: ReportFormat,
    as_of: &AsOfArg,
) -> io::Result<Status> {
    let system = match system.load() {
        Ok(system) => system,
        Err(status) => return Ok(status),
    };
    let rows = system.units(as_of.when());
    match format {
        ReportFormat::Json => {
            write_json(out, &rows)?;
        }
        ReportFormat::Csv => {
            system
                .write_units_csv(&rows, &mut *out)
                .map_err(csv_error)?;
        }
        ReportFormat::Table => {
            let levels = system.ancestor_levels();
            let counts = 2 + levels.len();
            let mut table = Table::new()
                .align(counts, Align::Right)
                .align(counts + 1, Align::Right);
            let mut header = vec!["unit".to_string(), "level".to_string()];
            header.extend(levels.iter().map(ToString::to_string));
            header.extend([
                "teams".to_string(),
                "practitioners".to_string(),
                "name".to_string(),
            ]);
            table.row(header);
            for row in &rows {
                let mut cells = vec![row.unit.to_string(), row.level.to_string()];
                cells.extend(levels.iter().map(|l| {
                    row.ancestor(l)
                        .map_or_else(|| "-".to_string(), ToString::to_string)
                }));
                cells.extend([
                    row.teams.to_string(),
                    row.practitioners.to_string(),
                    row.name.clone().unwrap_or_default(),
                ]);
                table.row(cells);
            }
            write!(out, "{table}")?;
            let all = system.document().levels.len().saturating_sub(1);
            if all > levels.len() {
                writeln!(
                    out,
                    "note: the level columns are limited to the first {} of the {all} levels \
                     above the lowest (MAX_ANCESTOR_LEVELS); each unit's parent links the rest",
                    levels.len()
                )?;
            }
        }
    }
    Ok(Status::Ok)
}

pub(crate) fn dot(out: &mut impl Write, system: &SystemArg, as_of: &AsOfArg) -> io::Result<Status> {
    let system = match system.load() {
        Ok(system) => system,
        Err(status) => return Ok(status),
    };
    out.write_all(system.to_dot(as_of.when()).as_bytes())?;
    Ok(Status::Ok)
}

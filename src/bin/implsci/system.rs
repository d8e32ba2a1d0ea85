//! `implsci generate`, `implsci align` and `implsci dot`.

use std::io::{self, Write};
use std::path::PathBuf;

use implsci::system::generate::{Shape, generate};
use implsci::system::{AlignmentParams, System, When};

use crate::{ReportFormat, Status};

pub(crate) fn generate_system(
    out: &mut impl Write,
    shape: &Shape,
    seed: u64,
) -> io::Result<Status> {
    match generate(shape, seed) {
        Ok(doc) => {
            let mut w = io::BufWriter::new(out);
            serde_json::to_writer(&mut w, &doc).map_err(io::Error::other)?;
            writeln!(w)?;
            w.flush()?;
            Ok(Status::Ok)
        }
        Err(e) => {
            eprintln!("implsci: {e}");
            Ok(Status::Usage)
        }
    }
}

/// Reads and builds a system, printing its problems when it is invalid.
pub(crate) fn load_system(path: &PathBuf) -> Result<System, Status> {
    let bytes = std::fs::read(path).map_err(|e| {
        eprintln!("implsci: cannot read {}: {e}", path.display());
        Status::Usage
    })?;
    System::from_json_slice(&bytes).map_err(|e| {
        eprintln!("{}: invalid", path.display());
        for p in e.problems() {
            eprintln!("  {p}");
        }
        Status::Invalid
    })
}

fn when(as_of: Option<jiff::civil::Date>) -> When {
    as_of.map_or(When::Current, When::On)
}

pub(crate) fn align(
    out: &mut impl Write,
    path: &PathBuf,
    format: ReportFormat,
    as_of: Option<jiff::civil::Date>,
) -> io::Result<Status> {
    let system = match load_system(path) {
        Ok(system) => system,
        Err(status) => return Ok(status),
    };
    let report = system.alignment(&AlignmentParams::default().when(when(as_of)));
    match format {
        ReportFormat::Table => write!(out, "{report}")?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => {
            report
                .write_units_csv(&mut *out)
                .map_err(|e| match e.into_kind() {
                    csv::ErrorKind::Io(e) => e,
                    other => io::Error::other(format!("{other:?}")),
                })?;
        }
    }
    Ok(Status::Ok)
}

pub(crate) fn dot(
    out: &mut impl Write,
    path: &PathBuf,
    as_of: Option<jiff::civil::Date>,
) -> io::Result<Status> {
    let system = match load_system(path) {
        Ok(system) => system,
        Err(status) => return Ok(status),
    };
    out.write_all(system.to_dot(when(as_of)).as_bytes())?;
    Ok(Status::Ok)
}

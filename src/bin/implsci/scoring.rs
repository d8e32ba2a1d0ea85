//! `implsci score` and `implsci rollup`.

use std::io::{self, Write};
use std::path::Path;

use implsci::Document;
use implsci::score::rollup::Aggregate;
use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum, Score};

use crate::args::{ReportFormat, SystemArg};
use crate::{Status, input};

/// The built-in instruments with fixed items, by name; administrations name the same id.
fn builtin(name: &str) -> Option<Box<dyn Instrument>> {
    use implsci::score::instruments::{drivers, hexagon};
    let id = name.parse().ok()?;
    match name {
        "hexagon-2013" => Some(Box::new(hexagon::hexagon_2013(id))),
        "hexagon-2018" => Some(Box::new(hexagon::hexagon_2018(id))),
        "drivers" => Some(Box::new(drivers::drivers_instrument(id))),
        _ => None,
    }
}

/// The built-in names, for messages.
const BUILTIN_NAMES: &[&str] = &["hexagon-2013", "hexagon-2018", "drivers"];

/// An instrument: a built-in name, or an instrument document scored by the item-sum rule.
fn instrument(path: &Path) -> Result<Box<dyn Instrument>, Status> {
    if !path.exists() {
        if let Some(b) = path.to_str().and_then(builtin) {
            return Ok(b);
        }
        eprintln!(
            "implsci: {} is neither a file nor a built-in instrument ({})",
            path.display(),
            BUILTIN_NAMES.join(", ")
        );
        return Err(Status::Usage);
    }
    let doc = input::load(path, InstrumentDocument::from_json_slice)?;
    let scorer = ItemSum::new(doc.instrument).map_err(|e| {
        eprintln!("{}: {e}", path.display());
        Status::Invalid
    })?;
    Ok(Box::new(scorer))
}

/// Loads an instrument and scores every administration of it.
fn scores(
    instrument_path: &Path,
    file: &Path,
) -> Result<(Box<dyn Instrument>, Vec<Score>), Status> {
    let instrument = instrument(instrument_path)?;
    let admins = input::load(file, AdministrationsDocument::from_json_slice)?;
    let mut out = Vec::with_capacity(admins.administrations.len());
    let mut status = Status::Ok;
    for (i, a) in admins.administrations.iter().enumerate() {
        match instrument.score(a) {
            Ok(s) => out.push(s),
            Err(e) => {
                eprintln!("{}: $.administrations[{i}]: {e}", file.display());
                status = Status::Invalid;
            }
        }
    }
    if status == Status::Ok {
        Ok((instrument, out))
    } else {
        Err(status)
    }
}

fn subject(s: &implsci::score::ScoreSubject) -> (&'static str, &str) {
    match s {
        implsci::score::ScoreSubject::Practitioner(p) => ("practitioner", p.as_str()),
        implsci::score::ScoreSubject::Unit(u) => ("unit", u.as_str()),
        implsci::score::ScoreSubject::Team(t) => ("team", t.as_str()),
    }
}

fn number(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

pub(crate) fn score(
    out: &mut impl Write,
    instrument: &Path,
    file: &Path,
    format: ReportFormat,
) -> io::Result<Status> {
    let (instrument, scores) = match scores(instrument, file) {
        Ok(x) => x,
        Err(status) => return Ok(status),
    };
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &scores).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => write_scores_csv(out, &scores)?,
        ReportFormat::Table => write_scores_table(out, instrument.as_ref(), &scores)?,
    }
    Ok(Status::Ok)
}

/// Tidy CSV: one row per administration and measure (the total, then each subscale).
fn write_scores_csv(out: &mut impl Write, scores: &[Score]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(&mut *out);
    let header = [
        "instrument",
        "subject_kind",
        "subject",
        "date",
        "measure",
        "points",
        "points_possible",
        "percent",
        "criterion_met",
        "not_computable",
    ];
    w.write_record(header).map_err(io::Error::other)?;
    for s in scores {
        let (kind, id) = subject(&s.subject);
        let date = s.date.to_string();
        let administration = [s.instrument.as_str(), kind, id, &date];
        let reason = s
            .not_computable
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let met = s.criterion_met.map(|m| m.to_string()).unwrap_or_default();
        let total = [
            "total",
            &number(s.points),
            &number(s.points_possible),
            &number(s.percent),
            &met,
            &reason,
        ];
        write_row(&mut w, &administration, &total)?;
        for sub in &s.subscales {
            let met = sub.criterion_met.map(|m| m.to_string()).unwrap_or_default();
            let subscale = [
                sub.subscale.as_str(),
                &number(sub.points),
                &sub.points_possible.to_string(),
                &number(sub.percent),
                &met,
                "",
            ];
            write_row(&mut w, &administration, &subscale)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// One CSV row: an administration's columns, then one measure's.
fn write_row(
    w: &mut csv::Writer<impl Write>,
    administration: &[&str; 4],
    measure: &[&str; 6],
) -> io::Result<()> {
    w.write_record(administration.iter().chain(measure))
        .map_err(io::Error::other)
}

/// A readable table of scores.
fn write_scores_table(
    out: &mut impl Write,
    instrument: &dyn Instrument,
    scores: &[Score],
) -> io::Result<()> {
    writeln!(
        out,
        "{} ({})",
        instrument.definition().name,
        instrument.definition().version
    )?;
    for s in scores {
        let (_, id) = subject(&s.subject);
        let total = match (&s.not_computable, s.points, s.points_possible, s.percent) {
            (Some(reason), ..) => format!("not computable: {reason}"),
            (None, Some(p), Some(q), Some(pc)) => format!("{p}/{q} ({pc:.1}%)"),
            (None, Some(p), Some(q), None) => format!("{p}/{q}"),
            (None, ..) => s
                .classes
                .iter()
                .map(|c| format!("{}={}", c.item, c.class))
                .collect::<Vec<_>>()
                .join(" "),
        };
        let met = match s.criterion_met {
            Some(true) => "criterion met",
            Some(false) => "criterion not met",
            None => "",
        };
        writeln!(out, "  {}  {:<14} {total:<24} {met}", s.date, id)?;
        for sub in &s.subscales {
            let pc = sub
                .percent
                .map_or_else(|| "not computable".to_string(), |p| format!("{p:.1}%"));
            writeln!(out, "      {:<20} {pc}", sub.subscale.as_str())?;
        }
    }
    Ok(())
}

pub(crate) fn rollup(
    out: &mut impl Write,
    system: &SystemArg,
    administrations: &Path,
    instrument: &Path,
    aggregate: Aggregate,
    format: ReportFormat,
) -> io::Result<Status> {
    let system = match system.load() {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let (instrument, scores) = match scores(instrument, administrations) {
        Ok(x) => x,
        Err(status) => return Ok(status),
    };
    let rollup = match system.rollup(&scores, aggregate) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("implsci: {e}");
            return Ok(Status::Invalid);
        }
    };
    let latest = scores.iter().map(|s| s.date).max();
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rollup).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => rollup
            .write_csv(&mut *out, instrument.definition().id.as_str(), latest)
            .map_err(io::Error::other)?,
        ReportFormat::Table => {
            writeln!(
                out,
                "{} rolled up by {}",
                instrument.definition().name,
                aggregate.as_str()
            )?;
            for level in &system.document().levels {
                writeln!(out, "  {}", level.name)?;
                for row in rollup.rows.iter().filter(|r| r.level == level.id) {
                    let value = row
                        .value
                        .map_or_else(|| "not computable".to_string(), |v| format!("{v:.1}"));
                    writeln!(
                        out,
                        "    {:<16} {value:>15}   coverage {}",
                        row.unit.as_str(),
                        row.coverage
                    )?;
                }
            }
        }
    }
    Ok(Status::Ok)
}

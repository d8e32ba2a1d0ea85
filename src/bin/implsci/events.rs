//! `implsci coaching` and `implsci loops`: measures derived from an event log.

use std::io::{self, Write};
use std::path::PathBuf;

use implsci::coaching::measures::{Window, coaching_report};
use implsci::event::{Event, EventLog, read_log};
use implsci::system::{AlignmentParams, System, When};

use crate::system::load_system;
use crate::{ReportFormat, Status};

/// Reads a log; refused lines are printed to stderr with their numbers, and reading goes on.
pub(crate) fn load_log(path: &PathBuf) -> Result<EventLog, Status> {
    let file = std::fs::File::open(path).map_err(|e| {
        eprintln!("implsci: cannot read {}: {e}", path.display());
        Status::Usage
    })?;
    let log = read_log(io::BufReader::new(file)).map_err(|e| {
        eprintln!("implsci: cannot read {}: {e}", path.display());
        Status::Usage
    })?;
    for p in &log.refused {
        eprintln!("{}: {p}", path.display());
    }
    if !log.refused.is_empty() {
        eprintln!(
            "{}: {} lines read, {} refused, {} blank",
            path.display(),
            log.lines,
            log.refused.len(),
            log.blank
        );
    }
    Ok(log)
}

/// The events, and the status the command ends with: 1 when a line was refused.
fn events_of(log: EventLog) -> (Vec<Event>, Status) {
    let status = if log.refused.is_empty() {
        Status::Ok
    } else {
        Status::Invalid
    };
    (log.records.into_iter().map(|r| r.value).collect(), status)
}

/// The analysis date: `--as-of`, or the latest event's date.
fn as_of_or_latest(
    events: &[Event],
    as_of: Option<jiff::civil::Date>,
) -> Option<jiff::civil::Date> {
    as_of.or_else(|| events.iter().map(Event::date).max())
}

pub(crate) fn coaching(
    out: &mut impl Write,
    log: &PathBuf,
    system: &PathBuf,
    as_of: Option<jiff::civil::Date>,
    from: Option<jiff::civil::Date>,
    format: ReportFormat,
) -> io::Result<Status> {
    let (log, system) = match (load_log(log), load_system(system)) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(s), _) | (_, Err(s)) => return Ok(s),
    };
    let (events, status) = events_of(log);
    let Some(as_of) = as_of_or_latest(&events, as_of) else {
        eprintln!("implsci: the log has no events");
        return Ok(status.max(Status::Invalid));
    };
    let start = from
        .or_else(|| events.iter().map(Event::date).min())
        .unwrap_or(as_of);
    let Some(window) = Window::new(start, as_of) else {
        eprintln!("implsci: --from {start} is after --as-of {as_of}");
        return Ok(Status::Usage);
    };
    let report = coaching_report(&events, window, as_of);
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => write_coaching_csv(out, &report)?,
        ReportFormat::Table => write_coaching_table(out, &report, &system)?,
    }
    Ok(status)
}

fn write_coaching_csv(
    out: &mut impl Write,
    report: &implsci::coaching::measures::CoachingReport,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "practitioner",
        "from",
        "to",
        "cycles",
        "cycles_complete",
        "hours",
        "planned_cycles",
        "delivered",
        "incomplete",
        "overdue_plans",
    ])
    .map_err(io::Error::other)?;
    let (from, to) = (
        report.window.start().to_string(),
        report.window.end().to_string(),
    );
    for p in &report.practitioners {
        w.write_record([
            p.practitioner.as_str(),
            &from,
            &to,
            &p.cycles.to_string(),
            &p.cycles_complete.to_string(),
            &p.hours.to_string(),
            &p.planned_cycles.to_string(),
            &p.delivered
                .value()
                .map(|v| v.to_string())
                .unwrap_or_default(),
            &p.incomplete.len().to_string(),
            &p.overdue.len().to_string(),
        ])
        .map_err(io::Error::other)?;
    }
    w.flush()
}

fn write_coaching_table(
    out: &mut impl Write,
    report: &implsci::coaching::measures::CoachingReport,
    system: &System,
) -> io::Result<()> {
    writeln!(
        out,
        "Coaching from {} to {} (as of {})",
        report.window.start(),
        report.window.end(),
        report.as_of
    )?;
    writeln!(
        out,
        "  {:<16} {:>6} {:>9} {:>6} {:>8} {:>22} {:>10}",
        "practitioner", "cycles", "complete", "hours", "planned", "delivered", "overdue"
    )?;
    for p in &report.practitioners {
        writeln!(
            out,
            "  {:<16} {:>6} {:>9} {:>6} {:>8} {:>22} {:>10}",
            p.practitioner.as_str(),
            p.cycles,
            p.cycles_complete,
            p.hours,
            p.planned_cycles,
            p.delivered.to_string(),
            p.overdue.len()
        )?;
    }
    writeln!(out)?;
    let alignment = system.alignment(&AlignmentParams::default().when(When::On(report.as_of)));
    writeln!(
        out,
        "  {:<18} {:>6} {:>6} {:>14} {:>22}",
        "coach", "cycles", "hours", "practitioners", "caseload / capacity"
    )?;
    for c in &report.coaches {
        let load = alignment
            .coaches
            .iter()
            .find(|l| l.coach == c.coach)
            .map_or_else(|| "not in the system".to_string(), |l| l.load.to_string());
        writeln!(
            out,
            "  {:<18} {:>6} {:>6} {:>14} {:>22}",
            c.coach.as_str(),
            c.cycles,
            c.hours,
            c.practitioners.len(),
            load
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "  practitioners trained: {}; practitioners in a coach's caseload: {}",
        report.training.len(),
        alignment.practitioners_coached
    )
}

pub(crate) fn loops(
    out: &mut impl Write,
    log: &PathBuf,
    system: &PathBuf,
    as_of: Option<jiff::civil::Date>,
    format: ReportFormat,
) -> io::Result<Status> {
    let (log, system) = match (load_log(log), load_system(system)) {
        (Ok(l), Ok(s)) => (l, s),
        (Err(s), _) | (_, Err(s)) => return Ok(s),
    };
    let (events, status) = events_of(log);
    let Some(as_of) = as_of_or_latest(&events, as_of) else {
        eprintln!("implsci: the log has no events");
        return Ok(status.max(Status::Invalid));
    };
    let report = implsci::improvement::loops::loop_report(&system, &events, as_of);
    for p in &report.problems {
        eprintln!("  {p}");
    }
    let status = if report.problems.is_empty() {
        status
    } else {
        status.max(Status::Invalid)
    };
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::other)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record([
                "item",
                "raised",
                "unit",
                "kind",
                "as_of",
                "status",
                "held_by",
                "age_days",
                "stuck_at",
                "hops_up",
                "hops_down",
                "closure_days",
            ])
            .map_err(io::Error::other)?;
            for item in &report.items {
                use implsci::improvement::loops::LoopStatus;
                let (status, held_by, age) = match &item.status {
                    LoopStatus::Open { held_by, age_days } => (
                        "open",
                        held_by.as_ref().map_or("", |t| t.as_str()),
                        age_days.to_string(),
                    ),
                    LoopStatus::Resolved => ("resolved", "", String::new()),
                    LoopStatus::Closed => ("closed", "", String::new()),
                    _ => ("other", "", String::new()),
                };
                w.write_record([
                    item.id.as_str(),
                    &item.raised.to_string(),
                    item.unit.as_str(),
                    &serde_json::to_value(item.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    &as_of.to_string(),
                    status,
                    held_by,
                    &age,
                    item.stuck_at().map_or("", |u| u.as_str()),
                    &item.hops_up.to_string(),
                    &item.hops_down.to_string(),
                    &item.closure_days.map(|d| d.to_string()).unwrap_or_default(),
                ])
                .map_err(io::Error::other)?;
            }
            w.flush()?;
        }
        ReportFormat::Table => {
            write!(out, "{report}")?;
            let stages = implsci::stage::stages_as_of(&events, as_of);
            if !stages.is_empty() {
                writeln!(out, "stage of each site as of {as_of}:")?;
                for s in stages {
                    writeln!(
                        out,
                        "  {:<16} {:<22} {} since {}",
                        s.site.as_str(),
                        s.innovation.as_str(),
                        s.stage,
                        s.since
                    )?;
                }
            }
        }
    }
    Ok(status)
}

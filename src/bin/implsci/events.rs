//! `implsci coaching` and `implsci loops`: measures derived from an event log.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use implsci::coaching::fidelity::{CoachingWithFidelity, FidelityMeasure};
use implsci::coaching::measures::{CoachingMeasure, Window};
use implsci::coaching::rollup::{
    CoachingIndicator, CoachingRollup, DEFAULT_ROLLUPS, coaching_rollup, coaching_rollup_by,
};
use implsci::error::Problem;
use implsci::event::measure::fold;
use implsci::event::references::ReferenceCheck;
use implsci::event::{Event, EventLog};
use implsci::id::PractitionerId;
use implsci::score::rollup::Aggregate;
use implsci::system::{AlignmentParams, MAX_ANCESTOR_LEVELS, System, When};
use implsci::text::{Align, Table};

use crate::args::{AsOfArg, ByArgs, EventLogArgs, ReportFormat, ReportFormatArg, parse_date};
use crate::output::{csv_error, stderr_line, write_json};
use crate::{Status, input};

/// The events with their line numbers, and the status the command ends with: 1 when a line
/// was refused.
pub(crate) fn events_of(log: EventLog) -> (Vec<Event>, Vec<u64>, Status) {
    let status = if log.refused.is_empty() {
        Status::Ok
    } else {
        Status::Invalid
    };
    let (lines, events) = log.records.into_iter().map(|r| (r.line, r.value)).unzip();
    (events, lines, status)
}

/// Prints problems found in the log's events (`$.events[i]...`) to stderr as `line N: $...`,
/// and gives the status: 1 when there is one.
fn report_problems(path: &Path, lines: &[u64], problems: &[Problem], status: Status) -> Status {
    for p in problems {
        let located = p
            .path
            .strip_prefix("$.events[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(i, rest)| Some((lines.get(i.parse::<usize>().ok()?)?, rest)));
        if let Some((line, rest)) = located {
            stderr_line!(
                "{}: line {line}: ${rest}: {}: {}",
                path.display(),
                p.kind,
                p.message
            );
        } else {
            stderr_line!("{}: {p}", path.display());
        }
    }
    if problems.is_empty() {
        status
    } else {
        status.max(Status::Invalid)
    }
}

/// The arguments of `implsci coaching`.
#[derive(clap::Args)]
#[command(
    mut_arg("as_of", |a| a.help(
        "The analysis date (YYYY-MM-DD); the latest event's date by default",
    )),
    mut_arg("format", |a| a.help(
        "Output format; `csv` is tidy: one row per practitioner, or with `--rollup` one row \
         per unit, level, measure and aggregate",
    )),
)]
pub(crate) struct CoachingArgs {
    /// The event log and the system.
    #[command(flatten)]
    pub(crate) events: EventLogArgs,
    /// The analysis date.
    #[command(flatten)]
    pub(crate) as_of: AsOfArg,
    /// The window's first day (YYYY-MM-DD); the earliest event's date by default.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) from: Option<jiff::civil::Date>,
    /// An innovation document: adds each practitioner's days from training to fidelity,
    /// and fidelity to the rollup, and looks at that innovation only (by the document's
    /// `id`): plans and trainings naming another innovation, and their steps, are left out,
    /// and coach loads count its caseloads and those for every innovation.
    #[arg(long, value_name = "INNOVATION")]
    pub(crate) innovation: Option<PathBuf>,
    /// Site records: coaching load for an innovation a site de-implemented is shown apart
    /// and frees capacity from that date.
    #[command(flatten)]
    pub(crate) sites: crate::args::SitesArg,
    /// Roll the measures up every unit of every level instead of listing practitioners
    /// and coaches.
    #[arg(long)]
    pub(crate) rollup: bool,
    /// With --rollup, one row per unit and period: the measures over the part of the window
    /// in each period.
    #[command(flatten)]
    pub(crate) by: ByArgs,
    /// The output format.
    #[command(flatten)]
    pub(crate) format: ReportFormatArg,
}

pub(crate) fn coaching(out: &mut impl Write, args: &CoachingArgs) -> io::Result<Status> {
    let innovation = args
        .innovation
        .as_deref()
        .map(input::load_innovation)
        .transpose();
    let ((log, system), innovation, sites) = match (
        args.events.load(),
        innovation,
        input::load_sites(&args.sites.sites),
    ) {
        (Ok(l), Ok(i), Ok(s)) => (l, i, s),
        (Err(s), _, _) | (_, Err(s), _) | (_, _, Err(s)) => return Ok(s),
    };
    if args.by.by.is_some() && !args.rollup {
        stderr_line!("implsci: --by rolls up by period: give it with --rollup");
        return Ok(Status::Usage);
    }
    let (events, lines, status) = events_of(log);
    let Some(as_of) = args.as_of.or_latest(&events) else {
        stderr_line!(
            "implsci: {}: the log has no events",
            args.events.log.display()
        );
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
    // References are checked over the whole log, so problems keep their line numbers.
    let problems = fold(&events, ReferenceCheck::new(&system));
    let events = match &innovation {
        Some(i) => implsci::coaching::about_innovation(&events, &i.id),
        None => events,
    };
    let (report, fidelity) = fold(
        &events,
        (
            CoachingMeasure::new(window, as_of),
            innovation.as_ref().map(FidelityMeasure::new),
        ),
    );
    let status = report_problems(&args.events.log, &lines, &problems, status);
    let fidelity = fidelity.unwrap_or_default();
    let format = args.format.format;
    if args.rollup {
        let requests: Vec<_> = DEFAULT_ROLLUPS
            .iter()
            .copied()
            .filter(|(indicator, _)| innovation.is_some() || !indicator.needs_innovation())
            .collect();
        let rollup = match args.by.calendar() {
            Some(calendar) => {
                coaching_rollup_by(&system, &events, &fidelity, &requests, window, calendar)
            }
            None => coaching_rollup(&system, &report, &fidelity, &requests),
        };
        match format {
            ReportFormat::Json => {
                write_json(out, &rollup)?;
            }
            ReportFormat::Csv => rollup.write_csv(&mut *out).map_err(csv_error)?,
            ReportFormat::Table => write_rollup_table(out, &rollup, &system)?,
        }
        return Ok(status);
    }
    let days = |p: &PractitionerId| {
        fidelity
            .binary_search_by(|f| f.practitioner.cmp(p))
            .ok()
            .and_then(|i| fidelity[i].days)
    };
    match format {
        ReportFormat::Json if innovation.is_some() => {
            let both = CoachingWithFidelity::new(report, fidelity);
            write_json(out, &both)?;
        }
        ReportFormat::Json => {
            write_json(out, &report)?;
        }
        ReportFormat::Csv => {
            write_coaching_csv(out, &report, innovation.is_some().then_some(&days))?;
        }
        ReportFormat::Table => {
            let mut params = AlignmentParams::default().when(When::On(report.as_of));
            if let Some(i) = &innovation {
                params = params.innovation(i.id.clone());
            }
            let alignment = system.alignment_with(&params, &sites);
            let days = innovation
                .is_some()
                .then_some(&days as &dyn Fn(&PractitionerId) -> Option<i32>);
            write_coaching_table(out, &report, &alignment, days)?;
        }
    }
    Ok(status)
}

/// A rollup's column header.
fn label(indicator: CoachingIndicator, aggregate: Aggregate) -> String {
    let what = match indicator {
        CoachingIndicator::Cycles => "cycles",
        CoachingIndicator::Hours => "hours",
        CoachingIndicator::Delivered => "delivered %",
        CoachingIndicator::DaysToFidelity => "days to fidelity",
        CoachingIndicator::LatestFidelity => "fidelity %",
        _ => indicator.as_str(),
    };
    match aggregate {
        Aggregate::Mean => format!("mean {what}"),
        Aggregate::ShareMeetingCriterion if indicator == CoachingIndicator::LatestFidelity => {
            "% at fidelity".to_string()
        }
        other => format!("{what} ({})", other.as_str()),
    }
}

/// Days from training to fidelity per practitioner, when an innovation was given.
type Days<'a> = Option<&'a dyn Fn(&PractitionerId) -> Option<i32>>;

fn write_rollup_table(
    out: &mut impl Write,
    rollup: &CoachingRollup,
    system: &System,
) -> io::Result<()> {
    writeln!(
        out,
        "Coaching from {} to {}, rolled up",
        rollup.window.start(),
        rollup.window.end()
    )?;
    let Some(first) = rollup.rollups.first() else {
        return Ok(());
    };
    let header: Vec<String> = rollup
        .rollups
        .iter()
        .map(|r| label(r.indicator, r.rollup.aggregate))
        .collect();
    let mut table = Table::new().indent(2);
    for column in 2..2 + header.len() {
        table = table.align(column, Align::Right);
    }
    table.row(
        ["unit".to_string(), "level".to_string()]
            .into_iter()
            .chain(header),
    );
    let mut period = None;
    for (i, row) in first.rollup.rows.iter().enumerate() {
        if row.period.is_some() && row.period != period {
            period.clone_from(&row.period);
            if let Some(p) = &period {
                table.line(format!("{} ({} to {})", p.label, p.start, p.end));
            }
        }
        // Indented by depth up to MAX_ANCESTOR_LEVELS: a walk to the root and an indent as
        // deep as the unit would cost the square of a chain of units, in time and in output.
        let depth = system.ancestors(&row.unit).map_or(0, |a| {
            a.take(MAX_ANCESTOR_LEVELS + 1).count().saturating_sub(1)
        });
        let mut cells = vec![
            format!("{}{}", "  ".repeat(depth), row.unit.as_str()),
            row.level.to_string(),
        ];
        for r in &rollup.rollups {
            let row = &r.rollup.rows[i];
            // Shares are fractions; a table shows them as percents.
            let share = r.indicator == CoachingIndicator::Delivered
                || r.rollup.aggregate == Aggregate::ShareMeetingCriterion;
            let value = row.value.map_or_else(
                || "-".to_string(),
                |v| {
                    if share {
                        format!("{:.1}", v * 100.0)
                    } else {
                        format!("{v:.1}")
                    }
                },
            );
            cells.push(format!(
                "{value} ({}/{})",
                row.coverage.numerator, row.coverage.denominator
            ));
        }
        table.row(cells);
    }
    write!(out, "{table}")?;
    writeln!(
        out,
        "  (each value with the practitioners it covers, out of those at or below the unit)"
    )?;
    if !rollup.outside_system.is_empty() {
        let names: Vec<&str> = rollup
            .outside_system
            .iter()
            .map(PractitionerId::as_str)
            .collect();
        writeln!(out, "  not in the system: {}", names.join(", "))?;
    }
    Ok(())
}

fn write_coaching_csv(
    out: &mut impl Write,
    report: &implsci::coaching::measures::CoachingReport,
    days: Days<'_>,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec![
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
    ];
    if days.is_some() {
        header.push("days_to_fidelity");
    }
    w.write_record(&header).map_err(csv_error)?;
    let (from, to) = (
        report.window.start().to_string(),
        report.window.end().to_string(),
    );
    for p in &report.practitioners {
        let mut record = vec![
            p.practitioner.to_string(),
            from.clone(),
            to.clone(),
            p.cycles.to_string(),
            p.cycles_complete.to_string(),
            p.hours.to_string(),
            p.planned_cycles.to_string(),
            p.delivered
                .value()
                .map(|v| v.to_string())
                .unwrap_or_default(),
            p.incomplete.len().to_string(),
            p.overdue.len().to_string(),
        ];
        if let Some(days) = days {
            record.push(
                days(&p.practitioner)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            );
        }
        w.write_record(&record).map_err(csv_error)?;
    }
    w.flush()
}

fn write_coaching_table(
    out: &mut impl Write,
    report: &implsci::coaching::measures::CoachingReport,
    alignment: &implsci::system::AlignmentReport,
    days: Days<'_>,
) -> io::Result<()> {
    writeln!(
        out,
        "Coaching from {} to {} (as of {})",
        report.window.start(),
        report.window.end(),
        report.as_of
    )?;
    let mut practitioners = Table::new().indent(2);
    for column in 1..=7 {
        practitioners = practitioners.align(column, Align::Right);
    }
    let mut header = vec![
        "practitioner",
        "cycles",
        "complete",
        "hours",
        "planned",
        "delivered",
        "overdue",
    ];
    if days.is_some() {
        header.push("days to fidelity");
    }
    practitioners.row(header);
    for p in &report.practitioners {
        let mut cells = vec![
            p.practitioner.to_string(),
            p.cycles.to_string(),
            p.cycles_complete.to_string(),
            p.hours.to_string(),
            p.planned_cycles.to_string(),
            p.delivered.to_string(),
            p.overdue.len().to_string(),
        ];
        if let Some(days) = days {
            cells.push(days(&p.practitioner).map_or_else(|| "-".to_string(), |d| d.to_string()));
        }
        practitioners.row(cells);
    }
    write!(out, "{practitioners}")?;
    writeln!(out)?;
    let mut coaches = Table::new().indent(2);
    for column in 1..=4 {
        coaches = coaches.align(column, Align::Right);
    }
    coaches.row([
        "coach",
        "cycles",
        "hours",
        "practitioners",
        "caseload / capacity",
    ]);
    for c in &report.coaches {
        let load = alignment
            .coaches
            .iter()
            .find(|l| l.coach == c.coach)
            .map_or_else(|| "not in the system".to_string(), load_text);
        coaches.row([
            c.coach.to_string(),
            c.cycles.to_string(),
            c.hours.to_string(),
            c.practitioners.len().to_string(),
            load,
        ]);
    }
    write!(out, "{coaches}")?;
    writeln!(out)?;
    writeln!(
        out,
        "  practitioners trained: {}; practitioners in a coach's caseload: {}",
        report.training.len(),
        alignment.practitioners_coached
    )
}

/// A coach's load against capacity, with each innovation's part and the de-implemented load
/// apart: `7/5 (140.0%): every innovation 1, check-in-check-out 3, good-behavior-game 3`.
pub(crate) fn load_text(l: &implsci::system::CoachLoad) -> String {
    use std::fmt::Write as _;
    let mut text = l.load.to_string();
    if let Some(all) = l.all_innovations {
        // Writing to a String cannot fail.
        let _ = write!(text, ": every innovation {all}");
        for part in &l.by_innovation {
            let _ = write!(text, ", {} {}", part.innovation, part.practitioners);
            if part.de_implemented > 0 {
                let _ = write!(text, " (+{} de-implemented)", part.de_implemented);
            }
        }
    }
    text
}

pub(crate) fn loops(
    out: &mut impl Write,
    args: &EventLogArgs,
    as_of: &AsOfArg,
    format: ReportFormat,
    innovation: Option<implsci::id::InnovationId>,
) -> io::Result<Status> {
    let (log, system) = match args.load() {
        Ok(x) => x,
        Err(s) => return Ok(s),
    };
    let (events, lines, status) = events_of(log);
    let Some(as_of) = as_of.or_latest(&events) else {
        stderr_line!("implsci: {}: the log has no events", args.log.display());
        return Ok(status.max(Status::Invalid));
    };
    let mut measure = implsci::improvement::loops::LoopMeasure::new(&system, as_of);
    if let Some(innovation) = innovation {
        measure = measure.innovation(innovation);
    }
    let report = fold(&events, measure);
    let status = report_problems(&args.log, &lines, &report.problems, status);
    match format {
        ReportFormat::Json => {
            write_json(out, &report)?;
        }
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            let after = [
                "kind",
                "as_of",
                "status",
                "held_by",
                "age_days",
                "stuck_at",
                "hops_up",
                "hops_down",
                "closure_days",
            ];
            let mut others = vec!["item", "raised"];
            others.extend(after);
            // The raising unit's place in the hierarchy, so items group by district.
            let columns = system.hierarchy_columns(&others);
            let mut header = vec!["item", "raised"];
            header.extend(columns.header().iter().map(String::as_str));
            header.extend(after);
            w.write_record(&header).map_err(csv_error)?;
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
                let place = system.place(&item.unit);
                let mut record = vec![item.id.to_string(), item.raised.to_string()];
                if let Some(place) = &place {
                    record.extend(columns.record(place).into_iter().map(String::from));
                } else {
                    record.push(item.unit.to_string());
                    record.extend((1..columns.header().len()).map(|_| String::new()));
                }
                record.extend([
                    serde_json::to_value(item.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    as_of.to_string(),
                    status.to_string(),
                    held_by.to_string(),
                    age,
                    item.stuck_at().map_or("", |u| u.as_str()).to_string(),
                    item.hops_up.to_string(),
                    item.hops_down.to_string(),
                    item.closure_days.map(|d| d.to_string()).unwrap_or_default(),
                ]);
                w.write_record(&record).map_err(csv_error)?;
            }
            w.flush()?;
        }
        ReportFormat::Table => {
            write!(out, "{report}")?;
            let stages = implsci::stage::stages_as_of(&events, as_of);
            if !stages.is_empty() {
                writeln!(out, "stage of each site as of {as_of}:")?;
                let mut table = Table::new().indent(2);
                for s in stages {
                    table.row([
                        s.site.to_string(),
                        s.innovation.to_string(),
                        format!("{} since {}", s.stage, s.since),
                    ]);
                }
                write!(out, "{table}")?;
            }
        }
    }
    Ok(status)
}

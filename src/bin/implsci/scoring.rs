//! `implsci score` and `implsci rollup`.

use std::io::{self, Write};
use std::path::Path;

use implsci::Document;
use implsci::error::{Problem, ProblemKind};
use implsci::score::instruments::{BUILTINS, SHAPES};
use implsci::score::rollup::{Aggregate, Rollup, RollupError, RollupParams, RowStatus, Subjects};
use implsci::score::{
    AdministrationsDocument, Instrument, InstrumentDocument, ItemSum, Score, TimeSeries,
    check_administrations,
};
use implsci::system::System;

use implsci::text::{Align, Table};

use crate::AggregateArg;
use crate::args::{
    AdministrationsArg, AsOfArg, PeriodArgs, ReportFormat, ReportFormatArg, SystemArg,
};
use crate::output::{csv_error, stderr_line, write_json};
use crate::{Status, input};

/// The built-in instruments with fixed items, by name; administrations name the same id.
pub(crate) use implsci::score::instruments::builtin;

/// The built-in names, for messages.
fn builtin_names() -> String {
    BUILTINS
        .iter()
        .map(|b| b.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An instrument: a built-in name, or an instrument document scored by the item-sum rule.
pub(crate) fn instrument(path: &Path) -> Result<Box<dyn Instrument>, Status> {
    if !path.exists() {
        if let Some(b) = path.to_str().and_then(builtin) {
            return Ok(b);
        }
        stderr_line!(
            "implsci: {} is neither a file nor a built-in instrument ({})",
            path.display(),
            builtin_names()
        );
        return Err(Status::Usage);
    }
    let doc = input::load(path, InstrumentDocument::from_json_slice)?;
    let scorer = ItemSum::new(doc.instrument).map_err(|e| {
        stderr_line!("{}: {e}", path.display());
        Status::Invalid
    })?;
    Ok(Box::new(scorer))
}

/// An instrument, the scores of the administrations kept, and the status to end with.
pub(crate) type Scored = (Box<dyn Instrument>, Vec<Score>, Status);

/// Loads an instrument and scores every administration of it that reads, validates, fits the
/// instrument and (with a system) names a subject in the system on its date. Each refused administration is printed
/// with the file and its path, and a count says what was read; the status is `Invalid` when
/// any was refused, and the rest are still scored.
pub(crate) fn scores(
    instrument_path: &Path,
    file: &Path,
    system: Option<&System>,
    as_of: Option<jiff::civil::Date>,
) -> Result<Scored, Status> {
    let instrument = instrument(instrument_path)?;
    let read = input::load(file, AdministrationsDocument::from_json_partial)?;
    let mut refused: Vec<(usize, Vec<Problem>)> = read
        .refused
        .into_iter()
        .map(|r| (r.index, r.problems))
        .collect();
    let mut document = read.document;
    // `document.administrations[k]` is administration `index[k]` of the file.
    let mut index: Vec<usize> = (0..read.records)
        .filter(|i| refused.binary_search_by_key(i, |(r, _)| *r).is_err())
        .collect();
    {
        // Administration `k` of the document kept so far, by its problems: responses against
        // the instrument, the subject against the system.
        let mut by_record = std::collections::BTreeMap::<usize, Vec<Problem>>::new();
        let instruments = [instrument.as_ref()];
        for mut p in check_administrations(&document, Some(&instruments), system) {
            let Some(k) = p
                .path
                .strip_prefix("$.administrations[")
                .and_then(|r| r.split_once(']'))
                .and_then(|(k, _)| k.parse::<usize>().ok())
                .filter(|&k| k < index.len())
            else {
                continue;
            };
            p.path = p.path.replacen(
                &format!("$.administrations[{k}]"),
                &format!("$.administrations[{}]", index[k]),
                1,
            );
            by_record.entry(k).or_default().push(p);
        }
        let mut kept_index = Vec::with_capacity(index.len());
        let mut kept = Vec::with_capacity(index.len());
        for (k, (i, a)) in index
            .iter()
            .zip(document.administrations.drain(..))
            .enumerate()
        {
            if let Some(problems) = by_record.remove(&k) {
                refused.push((*i, problems));
            } else {
                kept_index.push(*i);
                kept.push(a);
            }
        }
        index = kept_index;
        document.administrations = kept;
    }
    let mut out = Vec::with_capacity(document.administrations.len());
    for (k, a) in document.administrations.iter().enumerate() {
        match instrument.score(a) {
            Ok(s) => out.push(s),
            Err(e) => refused.push((
                index[k],
                vec![Problem::new(
                    format!("$.administrations[{}]", index[k]),
                    ProblemKind::OutOfRange,
                    e.to_string(),
                )],
            )),
        }
    }
    if let Some(as_of) = as_of {
        let before = out.len();
        out.retain(|s| s.date <= as_of);
        if out.len() < before {
            stderr_line!(
                "{}: {} administrations dated after {as_of} are not counted",
                file.display(),
                before - out.len()
            );
        }
    }
    refused.sort_by_key(|(i, _)| *i);
    for (_, problems) in &refused {
        for p in problems {
            stderr_line!("{}: {p}", file.display());
        }
    }
    let status = if refused.is_empty() {
        Status::Ok
    } else {
        stderr_line!(
            "{}: {} administrations read: {} scored, {} refused",
            file.display(),
            read.records,
            out.len(),
            refused.len()
        );
        Status::Invalid
    };
    Ok((instrument, out, status))
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

/// `implsci score`: each administration's score, or with `series` each subject's scores as a
/// time series.
pub(crate) fn score(
    out: &mut impl Write,
    instrument: &Path,
    file: &Path,
    as_of: Option<jiff::civil::Date>,
    series: bool,
    format: ReportFormat,
) -> io::Result<Status> {
    let (instrument, scores, status) = match scores(instrument, file, None, as_of) {
        Ok(x) => x,
        Err(status) => return Ok(status),
    };
    if series {
        let series = TimeSeries::by_subject(scores, instrument.definition().sustained_after);
        match format {
            ReportFormat::Json => write_json(out, &series)?,
            ReportFormat::Csv => write_series_csv(out, &series)?,
            ReportFormat::Table => write_series_table(out, instrument.as_ref(), &series)?,
        }
        return Ok(status);
    }
    match format {
        ReportFormat::Json => write_json(out, &scores)?,
        ReportFormat::Csv => write_scores_csv(out, &scores)?,
        ReportFormat::Table => write_scores_table(out, instrument.as_ref(), &scores)?,
    }
    Ok(status)
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
    // The decision column is written only when some score records one, so that tables of
    // instruments that take none keep their columns.
    let with_decision = scores.iter().any(|s| s.decision.is_some());
    let decision_header = with_decision.then_some("decision");
    w.write_record(header.iter().copied().chain(decision_header))
        .map_err(csv_error)?;
    for s in scores {
        let decision = with_decision.then(|| {
            s.decision
                .map(implsci::score::ExplorationDecision::as_str)
                .unwrap_or_default()
        });
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
        write_row(&mut w, &administration, &total, decision)?;
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
            write_row(&mut w, &administration, &subscale, decision.map(|_| ""))?;
        }
    }
    w.flush()?;
    Ok(())
}

/// One CSV row: an administration's columns, then one measure's, then the decision cell when
/// the table has a decision column (on the total's row; the subscales' rows leave it blank).
fn write_row(
    w: &mut csv::Writer<impl Write>,
    administration: &[&str; 4],
    measure: &[&str; 6],
    decision: Option<&str>,
) -> io::Result<()> {
    w.write_record(
        administration
            .iter()
            .chain(measure)
            .copied()
            .chain(decision),
    )
    .map_err(csv_error)
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
    let mut table = Table::new().indent(2);
    // A column for the team's decision, only when some score records one.
    let with_decision = scores.iter().any(|s| s.decision.is_some());
    for s in scores {
        let (_, id) = subject(&s.subject);
        // A reason, which can be long, goes last, so it widens no column before it.
        let total = match (&s.not_computable, s.points, s.points_possible, s.percent) {
            (Some(_), ..) => String::new(),
            (None, Some(p), Some(q), Some(pc)) => format!("{p}/{q} ({pc:.1}%)"),
            (None, Some(p), Some(q), None) => format!("{p}/{q}"),
            (None, ..) => s
                .classes
                .iter()
                .map(|c| format!("{}={}", c.item, c.class))
                .collect::<Vec<_>>()
                .join(" "),
        };
        let met = match (&s.not_computable, s.criterion_met) {
            (Some(reason), _) => format!("not computable: {reason}"),
            (None, Some(true)) => "criterion met".to_string(),
            (None, Some(false)) => "criterion not met".to_string(),
            (None, None) => String::new(),
        };
        let decision = with_decision.then(|| {
            s.decision
                .map(|d| format!("decision: {d}"))
                .unwrap_or_default()
        });
        table.row(
            [s.date.to_string(), id.to_string(), total]
                .into_iter()
                .chain(decision)
                .chain([met]),
        );
        for sub in &s.subscales {
            let pc = sub
                .percent
                .map_or_else(|| "not computable".to_string(), |p| format!("{p:.1}%"));
            let blank = with_decision.then(String::new);
            table.row(
                [String::new(), format!("  {}", sub.subscale.as_str()), pc]
                    .into_iter()
                    .chain(blank)
                    .chain([String::new()]),
            );
        }
    }
    write!(out, "{table}")?;
    Ok(())
}

/// `implsci rollup`'s arguments.
#[derive(clap::Args)]
pub(crate) struct RollupArgs {
    #[command(flatten)]
    system: SystemArg,
    #[command(flatten)]
    administrations: AdministrationsArg,
    /// The instrument: an instrument document (kind `instrument`), or a built-in name.
    #[arg(long, value_name = "INSTRUMENT")]
    instrument: std::path::PathBuf,
    /// How scores are aggregated at each unit.
    #[arg(long, value_enum, default_value_t = AggregateArg::Mean)]
    aggregate: AggregateArg,
    #[command(flatten)]
    as_of: AsOfArg,
    #[command(flatten)]
    periods: PeriodArgs,
    /// For unit scores: the level whose units are the subjects (repeat for several); every
    /// level that has a score by default.
    #[arg(long = "subject-level", value_name = "LEVEL")]
    subject_levels: Vec<implsci::id::LevelId>,
    #[command(flatten)]
    format: ReportFormatArg,
}

pub(crate) fn rollup(out: &mut impl Write, args: &RollupArgs) -> io::Result<Status> {
    let (system, administrations, instrument) = (
        &args.system,
        args.administrations.administrations.as_path(),
        args.instrument.as_path(),
    );
    let system = match system.load() {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let (instrument, scores, status) =
        match scores(instrument, administrations, Some(&system), args.as_of.as_of) {
            Ok(x) => x,
            Err(status) => return Ok(status),
        };
    let mut params = RollupParams::default();
    params.as_of = args.as_of.as_of;
    params.by = args.periods.by.calendar();
    params.max_age = args.periods.max_age;
    if !args.subject_levels.is_empty() {
        params.subject_levels = Some(args.subject_levels.clone());
    }
    let aggregate: Aggregate = args.aggregate.into();
    let rollup = match system.rollup_with(&scores, aggregate, &params) {
        Ok(r) => r,
        Err(e) => {
            stderr_line!("implsci: {e}");
            return Ok(match e {
                RollupError::MaxAgeNeedsPeriods | RollupError::UnknownLevel(_) => Status::Usage,
                _ => Status::Invalid,
            });
        }
    };
    match args.format.format {
        ReportFormat::Json => {
            write_json(out, &rollup)?;
        }
        ReportFormat::Csv => rollup
            .write_csv(&mut *out, instrument.definition().id.as_str())
            .map_err(csv_error)?,
        ReportFormat::Table => write_rollup_table(out, &system, instrument.as_ref(), &rollup)?,
    }
    Ok(status)
}

/// A readable rollup: a heading per period, then per level each unit's value and coverage.
fn write_rollup_table(
    out: &mut impl Write,
    system: &System,
    instrument: &dyn Instrument,
    rollup: &Rollup,
) -> io::Result<()> {
    let aggregate = match rollup.aggregate {
        Aggregate::ShareMeetingCriterion => "share meeting the criterion".to_string(),
        a => a.as_str().replace('_', " "),
    };
    let subjects = match &rollup.subjects {
        Subjects::Practitioners => "active practitioners".to_string(),
        Subjects::Units { levels } => {
            let names: Vec<&str> = system
                .document()
                .levels
                .iter()
                .filter(|l| levels.contains(&l.id))
                .map(|l| l.name.as_str())
                .collect();
            format!("units on the {} level", names.join(", "))
        }
        _ => String::new(),
    };
    writeln!(
        out,
        "{} ({}): {aggregate}, over {subjects}",
        instrument.definition().name,
        instrument.definition().version,
    )?;
    match (rollup.as_of, rollup.max_age) {
        (Some(d), Some(age)) => writeln!(out, "as of {d}; scores older than {age} are stale")?,
        (Some(d), None) => writeln!(out, "as of {d}")?,
        (None, _) => writeln!(out, "no scores")?,
    }
    let mut table = Table::new()
        .indent(4)
        .align(2, Align::Right)
        .align(3, Align::Right)
        .align(4, Align::Right);
    let share = rollup.aggregate == Aggregate::ShareMeetingCriterion;
    let periods: Vec<Option<&implsci::period::Period>> = {
        let mut seen = Vec::new();
        for row in &rollup.rows {
            if seen.last() != Some(&row.period.as_ref()) {
                seen.push(row.period.as_ref());
            }
        }
        seen
    };
    for period in periods {
        if let Some(p) = period {
            table.line(format!("{} ({} to {})", p.label, p.start, p.end));
        }
        for level in &system.document().levels {
            let rows: Vec<_> = rollup
                .rows
                .iter()
                .filter(|r| r.level == level.id && r.period.as_ref() == period)
                .collect();
            if rows
                .iter()
                .all(|r| r.status == RowStatus::NoEligibleSubjects)
            {
                table.line(format!("  {}: no eligible subjects", level.name));
                continue;
            }
            table.line(format!("  {}", level.name));
            for row in rows {
                let value = match (row.value, row.status) {
                    (Some(v), _) if share => format!("{:.1}%", v * 100.0),
                    (Some(v), _) => format!("{v:.1}"),
                    (None, status) => status.to_string(),
                };
                let stale = if row.stale > 0 {
                    format!("{} stale", row.stale)
                } else {
                    String::new()
                };
                table.row([
                    row.unit.to_string(),
                    row.name.as_deref().unwrap_or_default().to_string(),
                    value,
                    if row.status == RowStatus::NoEligibleSubjects {
                        String::new()
                    } else {
                        format!(
                            "{} of {} scored",
                            row.coverage.numerator, row.coverage.denominator
                        )
                    },
                    stale,
                    row.date.map(|d| format!("latest {d}")).unwrap_or_default(),
                ]);
            }
        }
    }
    write!(out, "{table}")?;
    Ok(())
}

/// `implsci instruments`: the built-in instruments by name, then the shapes that take the
/// user's items.
pub(crate) fn instruments(out: &mut impl Write) -> io::Result<Status> {
    writeln!(
        out,
        "Built-in instruments (`implsci instrument NAME` prints one; `implsci score NAME FILE` \
         scores it):"
    )?;
    let mut table = Table::new().indent(2);
    table.row(["name", "version", "title", "source"]);
    for b in BUILTINS {
        table.row([b.name, b.version, b.title, b.source]);
    }
    write!(out, "{table}")?;
    writeln!(out)?;
    writeln!(
        out,
        "Shapes whose items you supply (no fixed definition to print by name):"
    )?;
    let mut table = Table::new().indent(2);
    table.row(["name", "title", "how to use", "source"]);
    for s in SHAPES {
        table.row([s.name, s.title, s.usage, s.source]);
    }
    write!(out, "{table}")?;
    Ok(Status::Ok)
}

/// `implsci instrument NAME`: a built-in's definition as an instrument document.
pub(crate) fn instrument_document(out: &mut impl Write, name: &str) -> io::Result<Status> {
    let Some(instrument) = builtin(name) else {
        if let Some(shape) = SHAPES.iter().find(|s| s.name == name) {
            stderr_line!(
                "implsci: `{name}` is a shape whose items you supply, with no fixed definition; \
                 use {}",
                shape.usage
            );
        } else {
            stderr_line!(
                "implsci: `{name}` is not a built-in instrument; the built-ins are: {}",
                builtin_names()
            );
        }
        return Ok(Status::Usage);
    };
    let doc = InstrumentDocument::new(instrument.definition().clone());
    let json = doc.to_json().map_err(io::Error::other)?;
    writeln!(out, "{json}")?;
    Ok(Status::Ok)
}

/// An administration's result in a few characters: the percent, or the points where there is
/// no percent, or why not.
fn series_value(s: &Score) -> String {
    match (&s.not_computable, s.percent, s.points, s.points_possible) {
        (Some(_), ..) => "not computable".to_string(),
        (None, Some(pc), ..) => format!("{pc:.1}%"),
        (None, None, Some(p), Some(q)) => format!("{p}/{q}"),
        (None, ..) => String::new(),
    }
}

fn criterion(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "not met",
        None => "",
    }
}

/// A readable table: a heading per subject, then one row per administration.
fn write_series_table(
    out: &mut impl Write,
    instrument: &dyn Instrument,
    series: &[TimeSeries],
) -> io::Result<()> {
    let def = instrument.definition();
    let rule = def.sustained_after.map_or_else(
        || "no rule for a sustained criterion".to_string(),
        |n| format!("sustained after {n} consecutive administrations at criterion"),
    );
    writeln!(out, "{} ({}): {rule}", def.name, def.version)?;
    let mut table = Table::new()
        .indent(2)
        .align(1, Align::Right)
        .align(2, Align::Right)
        .align(4, Align::Right);
    table.row(["date", "value", "change", "criterion", "in a row"]);
    for s in series {
        let Some(subject) = s.subject() else {
            continue;
        };
        let sustained = match (s.sustained_after, s.sustained_on) {
            (_, Some(date)) => format!("sustained on {date}"),
            (Some(_), None) => "not sustained".to_string(),
            (None, None) => String::new(),
        };
        table.line(if sustained.is_empty() {
            subject.to_string()
        } else {
            format!("{subject}: {sustained}")
        });
        for p in &s.points {
            let change = p
                .change
                .map(|c| format!("{:+.1}", c.percentage_points))
                .unwrap_or_default();
            table.row([
                p.score.date.to_string(),
                series_value(&p.score),
                change,
                criterion(p.score.criterion_met).to_string(),
                p.run_at_criterion.to_string(),
            ]);
        }
    }
    write!(out, "{table}")?;
    Ok(())
}

/// Tidy CSV: one row per administration, with its series' rule and date sustained.
fn write_series_csv(out: &mut impl Write, series: &[TimeSeries]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record([
        "instrument",
        "subject_kind",
        "subject",
        "date",
        "percent",
        "points",
        "criterion_met",
        "change",
        "run_at_criterion",
        "sustained_after",
        "sustained_on",
    ])
    .map_err(csv_error)?;
    for s in series {
        let after = s.sustained_after.map(|n| n.to_string()).unwrap_or_default();
        let on = s.sustained_on.map(|d| d.to_string()).unwrap_or_default();
        for p in &s.points {
            let (kind, id) = subject(&p.score.subject);
            let met = p
                .score
                .criterion_met
                .map(|m| m.to_string())
                .unwrap_or_default();
            let change = number(p.change.map(|c| c.percentage_points));
            w.write_record([
                p.score.instrument.as_str(),
                kind,
                id,
                &p.score.date.to_string(),
                &number(p.score.percent),
                &number(p.score.points),
                &met,
                &change,
                &p.run_at_criterion.to_string(),
                &after,
                &on,
            ])
            .map_err(csv_error)?;
        }
    }
    w.flush()?;
    Ok(())
}

//! The `implsci` command line: schemas, validation, synthetic systems, alignment reports and
//! Graphviz drawings of implsci documents.
//!
//! Exit status: 0 when everything asked for succeeded (all files valid), 1 when a document is
//! invalid, 2 on a usage error (unknown subcommand or type, unreadable file).

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use implsci::schema::{Exported, ReportType, schema_for};
use implsci::score::rollup::Aggregate;
use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum, Score};
use implsci::system::generate::{Shape, generate};
use implsci::system::{AlignmentParams, System, When};
use implsci::{AnyDocument, Document, DocumentType, Innovation, Problem};

/// Implementation science frameworks as typed, validated documents.
#[derive(Parser)]
#[command(name = "implsci", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the JSON Schema (draft 2020-12) of a document type, or list the types.
    Schema {
        /// List the exported document types.
        #[arg(long, conflicts_with = "type_name")]
        list: bool,
        /// The document type, e.g. `Innovation` (see `--list`).
        #[arg(value_name = "TYPE", required_unless_present = "list")]
        type_name: Option<String>,
    },
    /// Validate documents of any type, detected from their `kind`.
    ///
    /// Prints every problem with its JSON path and the offending id. Site records are also
    /// checked against the innovations given in the same run.
    Validate {
        /// The files to validate.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Generate a synthetic implementation system (a JSON document on stdout).
    ///
    /// `--regions 10 --districts 20 --schools 100 --practitioners 50` is a state of 20,000
    /// schools and 1,000,000 practitioners.
    Generate {
        /// Regions under the state.
        #[arg(long, default_value_t = 3)]
        regions: u32,
        /// Districts per region.
        #[arg(long, default_value_t = 4)]
        districts: u32,
        /// Schools per district.
        #[arg(long, default_value_t = 5)]
        schools: u32,
        /// Practitioners per school.
        #[arg(long, default_value_t = 20)]
        practitioners: u32,
        /// Probability that a unit has a team, per level: state,region,district,school.
        #[arg(long, value_name = "P,P,P,P", value_parser = parse_probabilities)]
        team_probability: Option<[f64; 4]>,
        /// Probability that a team is supported by the team above it.
        #[arg(long, value_name = "P", value_parser = parse_probability)]
        link_probability: Option<f64>,
        /// Practitioners each coach can coach.
        #[arg(long)]
        coach_capacity: Option<u32>,
        /// The random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print the alignment report of an implementation system.
    Align {
        /// The system document.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Output format; `csv` prints one row per unit.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Look at links, memberships and practitioners active on this date (YYYY-MM-DD)
        /// instead of the current ones.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
    },
    /// Score administrations of an instrument.
    Score {
        /// The instrument: an instrument document (kind `instrument`), or a built-in name.
        #[arg(value_name = "INSTRUMENT")]
        instrument: PathBuf,
        /// The administrations document.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Output format; `csv` is tidy, one row per administration and measure.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Roll scores up every level of an implementation system, with coverage.
    Rollup {
        /// The system document.
        #[arg(value_name = "SYSTEM")]
        system: PathBuf,
        /// The administrations document.
        #[arg(value_name = "ADMINISTRATIONS")]
        administrations: PathBuf,
        /// The instrument: an instrument document (kind `instrument`), or a built-in name.
        #[arg(long, value_name = "INSTRUMENT")]
        instrument: PathBuf,
        /// How scores are aggregated at each unit.
        #[arg(long, value_enum, default_value_t = AggregateArg::Mean)]
        aggregate: AggregateArg,
        /// Output format; `csv` is tidy, one row per unit, level, measure and date.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Print an implementation system as a Graphviz DOT graph.
    Dot {
        /// The system document.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Draw the links active on this date (YYYY-MM-DD) instead of the current ones.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AggregateArg {
    /// The mean of the values.
    Mean,
    /// The mean weighted by practitioners.
    #[value(alias = "mean_weighted_by_practitioners")]
    MeanWeightedByPractitioners,
    /// The percent of scored subjects meeting the criterion.
    #[value(alias = "share_meeting_criterion")]
    ShareMeetingCriterion,
    /// The lowest value.
    Minimum,
    /// How many subjects have a value.
    Count,
}

impl From<AggregateArg> for Aggregate {
    fn from(a: AggregateArg) -> Self {
        match a {
            AggregateArg::Mean => Self::Mean,
            AggregateArg::MeanWeightedByPractitioners => Self::MeanWeightedByPractitioners,
            AggregateArg::ShareMeetingCriterion => Self::ShareMeetingCriterion,
            AggregateArg::Minimum => Self::Minimum,
            AggregateArg::Count => Self::Count,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// A readable table.
    Table,
    /// The whole report as JSON.
    Json,
    /// Tidy CSV, one row per unit.
    Csv,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    match s.parse() {
        Ok(date) if shape => Ok(date),
        _ => Err(format!("`{s}` is not a date of the form YYYY-MM-DD")),
    }
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

fn parse_probabilities(s: &str) -> Result<[f64; 4], String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(parse_probability)
        .collect::<Result<_, _>>()?;
    parts
        .try_into()
        .map_err(|_| format!("`{s}` is not four comma-separated probabilities"))
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One line per file, then one line per problem.
    Text,
    /// A JSON array with one object per file.
    Json,
}

/// The status the process ends with.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Ok = 0,
    Invalid = 1,
    Usage = 2,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (2).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let mut stdout = io::stdout().lock();
    let result = match cli.command {
        Command::Schema { list, type_name } => schema(&mut stdout, list, type_name.as_deref()),
        Command::Validate { files, format } => validate(&mut stdout, &files, format),
        Command::Generate {
            regions,
            districts,
            schools,
            practitioners,
            team_probability,
            link_probability,
            coach_capacity,
            seed,
        } => {
            let mut shape = Shape::new(regions, districts, schools, practitioners);
            if let Some(p) = team_probability {
                shape = shape.team_probability(p);
            }
            if let Some(p) = link_probability {
                shape = shape.link_probability(p);
            }
            if let Some(c) = coach_capacity {
                shape = shape.coach_capacity(c);
            }
            generate_system(&mut stdout, &shape, seed)
        }
        Command::Align {
            file,
            format,
            as_of,
        } => align(&mut stdout, &file, format, as_of),
        Command::Dot { file, as_of } => dot(&mut stdout, &file, as_of),
        Command::Score {
            instrument,
            file,
            format,
        } => score(&mut stdout, &instrument, &file, format),
        Command::Rollup {
            system,
            administrations,
            instrument,
            aggregate,
            format,
        } => rollup(
            &mut stdout,
            &system,
            &administrations,
            &instrument,
            aggregate.into(),
            format,
        ),
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        // A closed pipe (`implsci schema X | head`) is not an error worth reporting.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("implsci: {e}");
            ExitCode::from(2)
        }
    }
}

fn schema(out: &mut impl Write, list: bool, type_name: Option<&str>) -> io::Result<Status> {
    if list {
        writeln!(out, "documents (read, and checked by `implsci validate`):")?;
        for t in DocumentType::ALL {
            writeln!(
                out,
                "  {:<24} kind `{}`: {}",
                t.name(),
                t.kind(),
                t.summary()
            )?;
        }
        writeln!(out, "reports (written):")?;
        for t in ReportType::ALL {
            writeln!(out, "  {:<24} {}", t.name(), t.summary())?;
        }
        return Ok(Status::Ok);
    }
    let name = type_name.unwrap_or_default();
    let Some(t) = Exported::from_name(name) else {
        let known: Vec<_> = Exported::all().iter().map(|t| t.name()).collect();
        eprintln!(
            "implsci: no document type `{name}`; known types: {}",
            known.join(", ")
        );
        return Ok(Status::Usage);
    };
    let text = serde_json::to_string_pretty(&schema_for(t)).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    Ok(Status::Ok)
}

/// What validating one file found.
#[derive(serde::Serialize)]
struct FileReport {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    document_type: Option<&'static str>,
    valid: bool,
    problems: Vec<Problem>,
}

fn validate(out: &mut impl Write, files: &[PathBuf], format: Format) -> io::Result<Status> {
    let mut status = Status::Ok;
    let mut reports = Vec::with_capacity(files.len());
    let mut documents = Vec::with_capacity(files.len());
    // `reports[i]` and `documents[i]` describe the same readable file.
    for path in files {
        let file = path.display().to_string();
        match std::fs::read(path) {
            Err(e) => {
                eprintln!("implsci: cannot read {file}: {e}");
                status = status.max(Status::Usage);
            }
            Ok(bytes) => {
                let (report, document) = match AnyDocument::from_json(&bytes) {
                    Ok(doc) => (
                        FileReport {
                            file,
                            document_type: Some(doc.document_type().name()),
                            valid: true,
                            problems: Vec::new(),
                        },
                        Some(doc),
                    ),
                    Err(e) => (
                        FileReport {
                            file,
                            document_type: None,
                            valid: false,
                            problems: e.problems(),
                        },
                        None,
                    ),
                };
                reports.push(report);
                documents.push(document);
            }
        }
    }
    cross_check(&mut reports, &documents);
    if reports.iter().any(|r| !r.valid) {
        status = status.max(Status::Invalid);
    }
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&reports).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
        }
        Format::Text => {
            for r in &reports {
                if r.valid {
                    writeln!(out, "{}: ok ({})", r.file, r.document_type.unwrap_or("?"))?;
                } else {
                    let n = r.problems.len();
                    writeln!(
                        out,
                        "{}: invalid, {n} problem{}",
                        r.file,
                        if n == 1 { "" } else { "s" }
                    )?;
                    for p in &r.problems {
                        writeln!(out, "  {p}")?;
                    }
                }
            }
        }
    }
    Ok(status)
}

/// Checks the site records of this run against the innovations of this run.
fn cross_check(reports: &mut [FileReport], documents: &[Option<AnyDocument>]) {
    let innovations: Vec<Innovation> = documents
        .iter()
        .filter_map(|d| match d {
            Some(AnyDocument::Innovation(i)) => Some(i.clone()),
            _ => None,
        })
        .collect();
    if innovations.is_empty() {
        return;
    }
    for (report, doc) in reports.iter_mut().zip(documents) {
        if let Some(AnyDocument::SiteRecord(record)) = doc
            && let Err(e) = record.validate_against(&innovations)
        {
            report.valid = false;
            report.problems = e.into_problems();
        }
    }
}

fn generate_system(out: &mut impl Write, shape: &Shape, seed: u64) -> io::Result<Status> {
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
fn load_system(path: &PathBuf) -> Result<System, Status> {
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

fn align(
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

fn dot(
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

/// Reads a document, printing its problems when it is invalid.
fn load<T: Document>(path: &PathBuf) -> Result<T, Status> {
    let bytes = std::fs::read(path).map_err(|e| {
        eprintln!("implsci: cannot read {}: {e}", path.display());
        Status::Usage
    })?;
    T::from_json_slice(&bytes).map_err(|e| {
        eprintln!("{}: invalid", path.display());
        for p in e.problems() {
            eprintln!("  {p}");
        }
        Status::Invalid
    })
}

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
fn instrument(path: &PathBuf) -> Result<Box<dyn Instrument>, Status> {
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
    let doc: InstrumentDocument = load(path)?;
    let scorer = ItemSum::new(doc.instrument).map_err(|e| {
        eprintln!("{}: {e}", path.display());
        Status::Invalid
    })?;
    Ok(Box::new(scorer))
}

/// Loads an instrument and scores every administration of it.
fn scores(
    instrument_path: &PathBuf,
    file: &PathBuf,
) -> Result<(Box<dyn Instrument>, Vec<Score>), Status> {
    let instrument = instrument(instrument_path)?;
    let admins: AdministrationsDocument = load(file)?;
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

fn score(
    out: &mut impl Write,
    instrument: &PathBuf,
    file: &PathBuf,
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
        let reason = s
            .not_computable
            .as_ref()
            .map(|r| format!("{r:?}"))
            .unwrap_or_default();
        let met = s.criterion_met.map(|m| m.to_string()).unwrap_or_default();
        w.write_record([
            s.instrument.as_str(),
            kind,
            id,
            &date,
            "total",
            &number(s.points),
            &number(s.points_possible),
            &number(s.percent),
            &met,
            &reason,
        ])
        .map_err(io::Error::other)?;
        for sub in &s.subscales {
            let met = sub.criterion_met.map(|m| m.to_string()).unwrap_or_default();
            w.write_record([
                s.instrument.as_str(),
                kind,
                id,
                &date,
                sub.subscale.as_str(),
                &number(sub.points),
                &sub.points_possible.to_string(),
                &number(sub.percent),
                &met,
                "",
            ])
            .map_err(io::Error::other)?;
        }
    }
    w.flush()?;
    Ok(())
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
            (Some(reason), ..) => format!("not computable: {reason:?}"),
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

fn rollup(
    out: &mut impl Write,
    system: &PathBuf,
    administrations: &PathBuf,
    instrument: &PathBuf,
    aggregate: Aggregate,
    format: ReportFormat,
) -> io::Result<Status> {
    let system = match load_system(system) {
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

//! The `implsci` command line: schemas, validation, synthetic systems, alignment reports and
//! Graphviz drawings of implsci documents.
//!
//! Exit status: 0 when everything asked for succeeded (all files valid), 1 when a document is
//! invalid, 2 on a usage error (unknown subcommand or type, unreadable file).

mod documents;
mod events;
mod scoring;
mod system;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use implsci::score::rollup::Aggregate;
use implsci::system::generate::Shape;

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
    /// Coaching measures from an event log: dose, cycles delivered against plans, incomplete
    /// and overdue cycles, training, coach caseloads against capacity.
    ///
    /// Refused log lines are printed to stderr with their numbers, the rest is still read, and
    /// the command then ends with status 1.
    Coaching {
        /// The event log (JSON Lines).
        #[arg(value_name = "LOG")]
        log: PathBuf,
        /// The system document.
        #[arg(value_name = "SYSTEM")]
        system: PathBuf,
        /// The analysis date (YYYY-MM-DD); the latest event's date by default.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// The window's first day (YYYY-MM-DD); the earliest event's date by default.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<jiff::civil::Date>,
        /// An innovation document: adds each practitioner's days from training to fidelity,
        /// and fidelity to the rollup.
        #[arg(long, value_name = "INNOVATION")]
        innovation: Option<PathBuf>,
        /// Roll the measures up every unit of every level instead of listing practitioners
        /// and coaches.
        #[arg(long)]
        rollup: bool,
        /// Output format; `csv` is tidy: one row per practitioner, or with `--rollup` one row
        /// per unit, level, measure and aggregate.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Practice–policy loops from an event log: what is open, who holds it, where it is stuck,
    /// closure times, and how often items change policy.
    Loops {
        /// The event log (JSON Lines).
        #[arg(value_name = "LOG")]
        log: PathBuf,
        /// The system document.
        #[arg(value_name = "SYSTEM")]
        system: PathBuf,
        /// Reconstruct the loops as of this date (YYYY-MM-DD); the latest event's date by
        /// default.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// Output format; `csv` is tidy, one row per loop item.
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
        Command::Schema { list, type_name } => {
            documents::schema(&mut stdout, list, type_name.as_deref())
        }
        Command::Validate { files, format } => documents::validate(&mut stdout, &files, format),
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
            system::generate_system(&mut stdout, &shape, seed)
        }
        Command::Align {
            file,
            format,
            as_of,
        } => system::align(&mut stdout, &file, format, as_of),
        Command::Dot { file, as_of } => system::dot(&mut stdout, &file, as_of),
        Command::Coaching {
            log,
            system,
            as_of,
            from,
            innovation,
            rollup,
            format,
        } => events::coaching(
            &mut stdout,
            &events::CoachingArgs {
                log,
                system,
                as_of,
                from,
                innovation,
                rollup,
                format,
            },
        ),
        Command::Loops {
            log,
            system,
            as_of,
            format,
        } => events::loops(&mut stdout, &log, &system, as_of, format),
        Command::Score {
            instrument,
            file,
            format,
        } => scoring::score(&mut stdout, &instrument, &file, format),
        Command::Rollup {
            system,
            administrations,
            instrument,
            aggregate,
            format,
        } => scoring::rollup(
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

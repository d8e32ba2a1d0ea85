//! The `implsci` command line: schemas, validation, synthetic systems, alignment reports and
//! Graphviz drawings of implsci documents.
//!
//! # Exit status
//!
//! - 0: everything asked for succeeded (all files valid).
//! - 1: a document is invalid (its problems are on stderr).
//! - 2: a usage error (unknown subcommand or type, unreadable file) or an output that could not
//!   be written.
//! - A closed stdout (`implsci … | head`) ends the command quietly with status 0, whatever the
//!   format (JSON, CSV, tables, text): the reader has what it asked for. Nothing a command
//!   writes to stderr can make it panic; a message that cannot be written is dropped.

mod args;
mod documents;
mod estimate;
mod events;
mod impact;
mod input;
mod output;
mod plan;
mod plot;
mod report;
mod scoring;
mod simulate;
mod sweep;
mod synthetic;
mod system;
mod tables;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use implsci::score::rollup::Aggregate;
use implsci::system::generate::Shape;

use crate::args::{AdministrationsArg, AsOfArg, EventLogArgs, ReportFormatArg, SystemArg};
use crate::output::{is_closed_pipe, stderr_line};

/// The exit statuses, shown after the top-level `--help`.
const EXIT_STATUS: &str = "Exit status: 0 success (all files valid); 1 a document is invalid; \
2 a usage error (unknown subcommand or type, unreadable file) or output that could not be \
written. A closed stdout (`implsci ... | head`) ends any command quietly with status 0.";

/// Implementation science frameworks as typed, validated documents.
#[derive(Parser)]
#[command(
    name = "implsci",
    version,
    about,
    propagate_version = true,
    after_help = EXIT_STATUS
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    limits: args::LimitArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Read a document from tables: CSV files in a folder, or the sheets of a workbook.
    ///
    /// Every problem is printed at once as `file:row:column (header): what`, with the account
    /// of every table (rows read, used, refused); nothing is written when a row is refused.
    /// `import --template system DIR` writes the empty tables and a guide to them.
    #[command(args_conflicts_with_subcommands = true, subcommand_required = false)]
    Import {
        /// Write the empty tables of a document type (`system`), headers only, and their
        /// guide to a folder.
        #[arg(long, num_args = 2, value_names = ["KIND", "DIR"])]
        template: Option<Vec<String>>,
        #[command(subcommand)]
        kind: Option<tables::ImportKind>,
    },
    /// Write a document as tables: one CSV file per table in a folder, or one workbook.
    ///
    /// `import` reads them back to the same document.
    Export {
        /// What the document is.
        #[arg(value_enum)]
        kind: tables::TableKind,
        /// The document (JSON).
        file: PathBuf,
        /// The folder to write the CSV files to, or the workbook (`--format xlsx`).
        #[arg(long, value_name = "DIR|FILE")]
        out: PathBuf,
        /// What to write.
        #[arg(long, value_enum, default_value_t)]
        format: tables::TablesFormat,
        #[command(flatten)]
        args: tables::ExportArgs,
    },
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
    /// Prints every problem with its JSON path and the offending id. The files given together
    /// are checked against each other: site records against the innovations, administrations
    /// against the instruments and the system, event logs (`.jsonl`, every line) and plans
    /// against the system.
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
    ///
    /// Own connected team: the unit has a team on the date, and a chain of active `supports`
    /// links reaches one of its teams from a team of the root unit (the top team).
    ///
    /// Covered from above: the unit has no team, and its governing unit (the nearest unit
    /// above it with a team) has a connected team; the report names that unit and counts the
    /// levels from this unit up to it (a school without a team right under a district with a
    /// connected team: 1).
    ///
    /// Broken: neither. Walking up from the unit through governing units, the chain breaks at
    /// the unit just below the first connected one met, and the reason names the unit its
    /// link was expected from; with a link that skips a level, that can be lower than the
    /// highest unconnected unit.
    ///
    /// `settings.require_team_at` in the system document lists levels on which every unit
    /// must have a team: a unit there without one is broken at itself, and so is every unit
    /// without a team below it that would otherwise be covered from above through it. A unit
    /// with its own connected team is not affected.
    #[command(
        mut_arg("system", |a| a.value_name("FILE")),
        mut_arg("format", |a| a.help(
            "Output format; `csv` is tidy, one row per unit, with a column per level above",
        )),
        mut_arg("as_of", |a| a.help(
            "Look at links, memberships and practitioners active on this date (YYYY-MM-DD) \
             instead of the current ones",
        )),
    )]
    Align {
        #[command(flatten)]
        system: SystemArg,
        #[command(flatten)]
        format: ReportFormatArg,
        #[command(flatten)]
        as_of: AsOfArg,
        /// Only the teams that serve this innovation (those naming it, and those with no
        /// focus list) count, and coach loads count its caseloads and those for every
        /// innovation.
        #[command(flatten)]
        innovation: args::InnovationIdArg,
        #[command(flatten)]
        sites: args::SitesArg,
    },
    /// List the units of an implementation system with their place in the hierarchy: name,
    /// level, parent, the unit above on every level, teams and practitioners.
    #[command(mut_arg("format", |a| a.help(
        "Output format; `csv` is tidy, one row per unit, with a column per level above",
    )))]
    Units {
        #[command(flatten)]
        system: SystemArg,
        #[command(flatten)]
        format: ReportFormatArg,
        #[command(flatten)]
        as_of: AsOfArg,
    },
    /// Score administrations of an instrument.
    #[command(
        mut_arg("administrations", |a| a.value_name("FILE")),
        mut_arg("format", |a| a.help(
            "Output format; `csv` is tidy, one row per administration and measure",
        )),
        mut_arg("as_of", |a| a.help(
            "Score only the administrations on or before this date (YYYY-MM-DD)",
        )),
    )]
    Score {
        /// The instrument: an instrument document (kind `instrument`), or a built-in name
        /// (see `implsci instruments`).
        #[arg(value_name = "INSTRUMENT")]
        instrument: PathBuf,
        #[command(flatten)]
        administrations: AdministrationsArg,
        #[command(flatten)]
        format: ReportFormatArg,
        /// Print each subject's scores as a time series: date, value, change, criterion met,
        /// and the date the criterion was first sustained (the instrument's rule, e.g. the
        /// TFI's three consecutive administrations); `csv` is one row per administration.
        #[arg(long)]
        series: bool,
        #[command(flatten)]
        as_of: AsOfArg,
    },
    /// List the built-in instruments by name (version, title, source), and the shapes that
    /// take your own items.
    Instruments,
    /// Print a built-in instrument as an instrument document (JSON on stdout).
    Instrument {
        /// The built-in's name (see `implsci instruments`).
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Roll scores up every level of an implementation system, with coverage, as of a date
    /// or per period.
    ///
    /// Each subject counts with its latest score on or before the date looked at. The subjects
    /// are what the instrument is about: the practitioners active on the date, or the units on
    /// the levels that have a score (a district's subjects for the TFI are its schools). A
    /// score older than --max-age is stale: not counted, and reported in its own column. A
    /// share is a fraction from 0 to 1.
    #[command(
        mut_arg("format", |a| a.help(
            "Output format; `csv` is tidy, one row per period, unit and measure, with the \
             unit's name, level, parent and one column per level above it",
        )),
        mut_arg("as_of", |a| a.help(
            "The date to look at (YYYY-MM-DD); scores after it do not count. The latest \
             administration's date by default",
        )),
    )]
    Rollup(scoring::RollupArgs),
    /// Coaching measures from an event log: dose, cycles delivered against plans, incomplete
    /// and overdue cycles, training, coach caseloads against capacity.
    ///
    /// Refused log lines are printed to stderr with their numbers, the rest is still read, and
    /// the command then ends with status 1.
    Coaching(events::CoachingArgs),
    /// Practice–policy loops from an event log: what is open, who holds it, where it is stuck,
    /// closure times, and how often items change policy.
    #[command(
        mut_arg("as_of", |a| a.help(
            "Reconstruct the loops as of this date (YYYY-MM-DD); the latest event's date by \
             default",
        )),
        mut_arg("format", |a| a.help("Output format; `csv` is tidy, one row per loop item")),
    )]
    Loops {
        #[command(flatten)]
        events: EventLogArgs,
        #[command(flatten)]
        as_of: AsOfArg,
        #[command(flatten)]
        format: ReportFormatArg,
        /// Only the items about this innovation, and those about no innovation in particular.
        #[command(flatten)]
        innovation: args::InnovationIdArg,
    },
    /// Each unit's IMPACT Framework profile at a level, on a date: for each of the six
    /// components (Inclusion, Meaningful leadership, Professional learning, Assess & adjust,
    /// Collective efficacy, Teams) the evidence the data holds, "no data" where it holds none.
    ///
    /// The framework publishes no rubric and no crosswalk to AIF: which evidence stands under
    /// which component is this crate's reading, by the components' definitions.
    #[command(mut_arg("format", |a| a.help(
        "Output format; `csv` is tidy, one row per unit and evidence item",
    )))]
    Impact(impact::ImpactArgs),
    /// Draw a chart as an SVG file: a unit's scores as a run chart, TFI tier percentages per
    /// unit of a level as grouped bars, coaching delivered against plans, the hierarchy of
    /// units and teams, implementation stages over time, or a capacity assessment as a heat
    /// map.
    #[command(subcommand)]
    Plot(plot::PlotKind),
    /// Apply a plan (dated actions: teams formed and linked, coaches, caseloads, innovations
    /// started or de-implemented, training) to a system, as of a date.
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// Simulate a scenario: when each unit and level first reaches Full Implementation under
    /// each plan (median and 10th to 90th percentile over replicates), with the tidy time
    /// series and costs; seeded, the same output on any number of threads.
    Simulate(simulate::SimulateArgs),
    /// Merge the shard folders of a sweep (`implsci simulate --shard`) into the sweep's
    /// outputs, the same bytes as one unsharded run; shards missing, given twice or of
    /// another run are refused, all listed.
    Merge(sweep::MergeArgs),
    /// Estimate the simulation's chances from a system's own event log: a trained
    /// practitioner starting routine use, and one in use reaching fidelity, within a school
    /// year, with and without coaching, each with the counts it rests on.
    Estimate(estimate::EstimateArgs),
    /// The report for a state leader: a summary in plain words (where the chain of support
    /// breaks, practitioners it leaves without support, coaching coverage, loops stuck, scores
    /// against criterion), then charts and tables; as text, or with --html as one
    /// self-contained HTML page that prints on A4 and Letter.
    Report(report::ReportArgs),
    /// Print an implementation system as a Graphviz DOT graph.
    #[command(
        mut_arg("system", |a| a.value_name("FILE")),
        mut_arg("as_of", |a| a.help(
            "Draw the links active on this date (YYYY-MM-DD) instead of the current ones",
        )),
    )]
    Dot {
        #[command(flatten)]
        system: SystemArg,
        #[command(flatten)]
        as_of: AsOfArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AggregateArg {
    /// The mean of the values.
    Mean,
    /// The mean weighted by practitioners.
    #[value(alias = "mean_weighted_by_practitioners")]
    MeanWeightedByPractitioners,
    /// The share (0 to 1) of scored subjects meeting the criterion.
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

#[allow(clippy::too_many_lines)] // one arm per subcommand
fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (2).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    input::set_limits(cli.limits.limits());
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
            system,
            format,
            as_of,
            innovation,
            sites,
        } => system::align(
            &mut stdout,
            &system,
            format.format,
            &as_of,
            innovation.innovation,
            &sites.sites,
        ),
        Command::Dot { system, as_of } => system::dot(&mut stdout, &system, &as_of),
        Command::Units {
            system,
            format,
            as_of,
        } => system::units(&mut stdout, &system, format.format, &as_of),
        Command::Coaching(args) => events::coaching(&mut stdout, &args),
        Command::Impact(args) => impact::impact(&mut stdout, &args),
        Command::Plot(kind) => plot::plot(&mut stdout, &kind),
        Command::Plan(command) => plan::run(&mut stdout, &command),
        Command::Simulate(args) => simulate::run(&mut stdout, &args),
        Command::Merge(args) => sweep::merge(&mut stdout, &args),
        Command::Estimate(args) => estimate::run(&mut stdout, &args),
        Command::Report(args) => report::run(&mut stdout, &args),
        Command::Loops {
            events,
            as_of,
            format,
            innovation,
        } => events::loops(
            &mut stdout,
            &events,
            &as_of,
            format.format,
            innovation.innovation,
        ),
        Command::Score {
            instrument,
            administrations,
            format,
            series,
            as_of,
        } => scoring::score(
            &mut stdout,
            &instrument,
            &administrations.administrations,
            as_of.as_of,
            series,
            format.format,
        ),
        Command::Instruments => scoring::instruments(&mut stdout),
        Command::Instrument { name } => scoring::instrument_document(&mut stdout, &name),
        Command::Rollup(args) => scoring::rollup(&mut stdout, &args),
        Command::Import { template, kind } => match (template, kind) {
            (Some(t), _) => tables::template_args(&t),
            (None, Some(kind)) => tables::import(&mut stdout, &kind),
            (None, None) => {
                stderr_line!(
                    "implsci: say what to import (`import system DIR`), or `import --template system DIR`"
                );
                Ok(Status::Usage)
            }
        },
        Command::Export {
            kind,
            file,
            out,
            format,
            args,
        } => tables::export(kind, &file, &out, format, &args),
    };
    match result {
        Ok(status) => ExitCode::from(status as u8),
        // A closed pipe (`implsci schema X | head`) is not an error worth reporting: every
        // writer's closed pipe ends here, with status 0 and no message (see the module doc).
        Err(e) if is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            stderr_line!("implsci: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own checks of the definition, and every `mut_arg` names an argument there is.
    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}

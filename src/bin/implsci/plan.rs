//! `implsci plan apply`: the system as a plan will leave it on a date.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use implsci::Document;
use implsci::plan::Plan;
use implsci::system::SystemDocument;

use crate::args::parse_date;
use crate::output::write_json;
use crate::{Status, input};

/// What to do with a plan.
#[derive(Subcommand)]
pub(crate) enum PlanCommand {
    /// Write the system document as it will stand on --as-of, every action of the plan dated
    /// on or before it applied in date order (actions of one date in the order listed).
    ///
    /// The output is a system document (JSON) that `align`, `units` and `impact` read. Every
    /// problem of the plan is printed at once, with its path in the plan: a reference to a
    /// team, coach, unit or practitioner that does not exist at that point of the plan, and
    /// whatever keeps the result from building as a system.
    Apply(ApplyArgs),
}

/// `implsci plan apply SYSTEM PLAN --as-of DATE [-o FILE]`.
#[derive(Args)]
pub(crate) struct ApplyArgs {
    /// The system document the plan starts from.
    #[arg(value_name = "SYSTEM")]
    system: PathBuf,
    /// The plan (kind `plan`).
    #[arg(value_name = "PLAN")]
    plan: PathBuf,
    /// The date the system is looked at (YYYY-MM-DD): actions after it are not applied.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: jiff::civil::Date,
    /// Write the system document to this file instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
}

pub(crate) fn run(out: &mut impl Write, command: &PlanCommand) -> io::Result<Status> {
    let PlanCommand::Apply(args) = command;
    let system = match input::load(&args.system, SystemDocument::from_json_slice) {
        Ok(system) => system,
        Err(status) => return Ok(status),
    };
    // The plan's problems, its own and those of applying it, are printed under its name.
    let planned = input::load(&args.plan, |bytes| {
        Ok(Plan::from_json_slice(bytes)?.apply(&system, args.as_of)?)
    });
    let planned = match planned {
        Ok(doc) => doc,
        Err(status) => return Ok(status),
    };
    match &args.out {
        Some(path) => {
            let cannot = |e: io::Error| {
                io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()))
            };
            let mut w = io::BufWriter::new(std::fs::File::create(path).map_err(cannot)?);
            write_json(&mut w, &planned).map_err(cannot)?;
            w.flush().map_err(cannot)?;
        }
        None => write_json(out, &planned)?,
    }
    Ok(Status::Ok)
}

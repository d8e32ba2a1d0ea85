//! `implsci plot hierarchy`: the units and teams as a tree, with their chains of support.

use std::io::{self, Write};
use std::path::PathBuf;

use implsci::id::UnitId;
use implsci::plot::hierarchy::{DEFAULT_MAX_NODES, HierarchyChart};
use implsci::system::AlignmentParams;

use crate::Status;
use crate::args::{AsOfArg, SystemArg};
use crate::output::stderr_line;

/// `implsci plot hierarchy SYSTEM [--as-of DATE] [--root UNIT] [--max-nodes N] -o FILE.svg`.
#[derive(clap::Args)]
#[command(mut_arg("as_of", |a| a.help(
    "The date looked at (YYYY-MM-DD): the links, teams and memberships active on it; the \
     current ones by default",
)))]
pub(crate) struct HierarchyArgs {
    #[command(flatten)]
    system: SystemArg,
    #[command(flatten)]
    as_of: AsOfArg,
    /// Draw only this unit and the units under it.
    #[arg(long, value_name = "UNIT")]
    root: Option<UnitId>,
    /// The most unit boxes drawn; the levels past it are folded into one summary box per
    /// unit above.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_NODES)]
    max_nodes: usize,
    /// The SVG file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE.svg")]
    out: PathBuf,
}

pub(crate) fn hierarchy(out: &mut impl Write, args: &HierarchyArgs) -> io::Result<Status> {
    let system = match args.system.load() {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let report = system.alignment(&AlignmentParams::default().when(args.as_of.when()));
    let subtitle = match args.as_of.as_of {
        Some(date) => format!("Chains of support as of {date}"),
        None => "Chains of support, current links and memberships".to_string(),
    };
    let mut chart = HierarchyChart::new(system.document().name.clone())
        .subtitle(subtitle)
        .max_nodes(args.max_nodes);
    if let Some(root) = &args.root {
        chart = chart.root(root.clone());
    }
    match chart.draw(&system, &report) {
        Ok(svg) => super::write(out, &args.out, &svg, Status::Ok),
        Err(e) => {
            stderr_line!("implsci: {e}");
            Ok(Status::Usage)
        }
    }
}

//! `implsci plot`: charts as SVG files.

mod capacity;
mod coaching;
mod hierarchy;
mod stages;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use implsci::id::{LevelId, UnitId};
use implsci::plot::Svg;
use implsci::plot::run_chart::{RunChart, Spacing};
use implsci::plot::tiers::TierBars;
use implsci::score::ScoreSubject;
use implsci::score::instruments::tfi::{TfiVersion, Tier};
use implsci::score::rollup::{Aggregate, RollupParams};

use crate::args::{SystemArg, parse_date};
use crate::output::stderr_line;
use crate::{Status, input, scoring};

/// The charts.
#[derive(Subcommand)]
pub(crate) enum PlotKind {
    /// A unit's scores over time: the median, the instrument's criterion, and the run-chart
    /// shifts and trends (Perla, Provost & Murray 2011) marked.
    RunChart(RunChartArgs),
    /// TFI tier percentages per unit of a level, as grouped bars with the version's
    /// criterion; a tier with no score is written "no data".
    Tiers(TiersArgs),
    /// Coaching cycles delivered against planned per unit of a level, and coach caseloads
    /// against capacity (per unit of the level when there are many coaches).
    Coaching(coaching::CoachingArgs),
    /// The units and teams as a tree for a page: each unit's chain of support, the supports
    /// links and where the chain breaks; levels past a cap folded into summaries.
    Hierarchy(hierarchy::HierarchyArgs),
    /// The units of each group (a unit of a level) in each implementation stage, per period,
    /// as stacked bars in one panel per group; units with no stage recorded on a period's
    /// last day, and de-implemented ones, are segments of their own.
    Stages(stages::StagesArgs),
    /// A capacity assessment's latest subscale and total percentages per unit, as a heat
    /// map with each value written and the cells at or above the criterion (80% by
    /// default) outlined; units without an administration are rows of "no data".
    Capacity(capacity::CapacityArgs),
}

/// `implsci plot run-chart INSTRUMENT ADMINISTRATIONS --unit UNIT -o FILE.svg`.
#[derive(Args)]
pub(crate) struct RunChartArgs {
    /// The instrument: an instrument document, or a built-in name.
    #[arg(value_name = "INSTRUMENT")]
    instrument: PathBuf,
    /// The administrations document.
    #[arg(value_name = "ADMINISTRATIONS")]
    administrations: PathBuf,
    /// The unit whose scores are drawn.
    #[arg(long, value_name = "UNIT")]
    unit: UnitId,
    /// The criterion line, in percent; the instrument's own criterion by default.
    #[arg(long, value_name = "PERCENT")]
    criterion: Option<f64>,
    /// The system whose unit this is, so the title names it (otherwise its id).
    #[arg(long, value_name = "SYSTEM")]
    system: Option<PathBuf>,
    /// How points are placed along the x axis: `even` (one step per point, the run-chart
    /// convention) or `calendar` (each at its date, so irregular gaps show).
    #[arg(long, value_enum, value_name = "SPACING", default_value = "even")]
    spacing: SpacingArg,
    /// The SVG file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE.svg")]
    out: PathBuf,
}

/// `--spacing`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SpacingArg {
    /// One step per point, in time order.
    Even,
    /// Each point at its date.
    Calendar,
}

/// The TFI version, as `--version` takes it.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum VersionArg {
    /// TFI 2.1 (criterion 70%).
    #[value(name = "2.1")]
    V2_1,
    /// TFI 3.0 (criterion 50%).
    #[value(name = "3.0")]
    V3_0,
}

/// `implsci plot tiers SYSTEM --tfi VERSION --level LEVEL --tier1 FILE [--tier2 FILE] [--tier3
/// FILE] -o FILE.svg`.
#[derive(Args)]
pub(crate) struct TiersArgs {
    #[command(flatten)]
    system: SystemArg,
    /// The TFI version of the administrations.
    #[arg(long, value_enum, value_name = "VERSION", default_value = "2.1")]
    tfi: VersionArg,
    /// The level whose units get a group of bars (e.g. `district`).
    #[arg(long, value_name = "LEVEL")]
    level: LevelId,
    /// Tier 1 administrations.
    #[arg(long, value_name = "FILE")]
    tier1: Option<PathBuf>,
    /// Tier 2 administrations.
    #[arg(long, value_name = "FILE")]
    tier2: Option<PathBuf>,
    /// Tier 3 administrations.
    #[arg(long, value_name = "FILE")]
    tier3: Option<PathBuf>,
    /// The date looked at (YYYY-MM-DD); each school counts with its latest score on or
    /// before it. The latest administration's date by default.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<jiff::civil::Date>,
    /// The SVG file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE.svg")]
    out: PathBuf,
}

pub(crate) fn plot(out: &mut impl Write, kind: &PlotKind) -> io::Result<Status> {
    match kind {
        PlotKind::RunChart(args) => run_chart(out, args),
        PlotKind::Tiers(args) => tiers(out, args),
        PlotKind::Coaching(args) => coaching::coaching(out, args),
        PlotKind::Hierarchy(args) => hierarchy::hierarchy(out, args),
        PlotKind::Stages(args) => stages::stages(out, args),
        PlotKind::Capacity(args) => capacity::capacity(out, args),
    }
}

fn write(out: &mut impl Write, path: &Path, svg: &Svg, status: Status) -> io::Result<Status> {
    std::fs::write(path, svg.as_str())
        .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
    writeln!(out, "wrote {}", path.display())?;
    Ok(status)
}

fn run_chart(out: &mut impl Write, args: &RunChartArgs) -> io::Result<Status> {
    let (instrument, scores, status) =
        match scoring::scores(&args.instrument, &args.administrations, None, None) {
            Ok(x) => x,
            Err(status) => return Ok(status),
        };
    let subject = ScoreSubject::Unit(args.unit.clone());
    let points: Vec<_> = scores
        .iter()
        .filter(|s| s.subject == subject)
        .map(|s| (s.date, s.percent))
        .collect();
    if points.is_empty() {
        // A mistyped unit would otherwise draw an empty chart and succeed.
        let mut subjects: Vec<&str> = scores
            .iter()
            .filter_map(|s| match &s.subject {
                ScoreSubject::Unit(u) => Some(u.as_str()),
                _ => None,
            })
            .collect();
        subjects.sort_unstable();
        subjects.dedup();
        let shown: Vec<&str> = subjects.iter().copied().take(8).collect();
        let more = if subjects.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        stderr_line!(
            "implsci: {}: no administration has unit `{}` as its subject; its units are {}{more}",
            args.administrations.display(),
            args.unit,
            if shown.is_empty() {
                "none".to_string()
            } else {
                shown.join(", ")
            },
        );
        return Ok(Status::Invalid);
    }
    let definition = instrument.definition();
    let place = match &args.system {
        None => args.unit.to_string(),
        Some(path) => match input::load(path, implsci::system::System::from_json_slice) {
            Ok(system) => {
                let Some(unit) = system.unit(args.unit.as_str()) else {
                    stderr_line!(
                        "implsci: {}: the system has no unit `{}`",
                        path.display(),
                        args.unit
                    );
                    return Ok(Status::Invalid);
                };
                unit.name.clone().unwrap_or_else(|| args.unit.to_string())
            }
            Err(status) => return Ok(status),
        },
    };
    let title = format!("{} at {place}", definition.name);
    let spacing = match args.spacing {
        SpacingArg::Even => Spacing::Even,
        SpacingArg::Calendar => Spacing::Calendar,
    };
    let mut chart = RunChart::new(title, "Total score", "%").spacing(spacing);
    let criterion = args
        .criterion
        .or_else(|| definition.criterion.as_ref().and_then(|c| c.total_percent));
    if let Some(c) = criterion {
        chart = chart.criterion(c);
    }
    write(out, &args.out, &chart.draw(&points), status)
}

fn tiers(out: &mut impl Write, args: &TiersArgs) -> io::Result<Status> {
    let version = match args.tfi {
        VersionArg::V2_1 => TfiVersion::V2_1,
        VersionArg::V3_0 => TfiVersion::V3_0,
    };
    let system = match args.system.load() {
        Ok(s) => s,
        Err(status) => return Ok(status),
    };
    let files = [
        (Tier::Tier1, &args.tier1),
        (Tier::Tier2, &args.tier2),
        (Tier::Tier3, &args.tier3),
    ];
    if files.iter().all(|(_, f)| f.is_none()) {
        stderr_line!("implsci: give the administrations of at least one tier (--tier1 FILE)");
        return Ok(Status::Usage);
    }
    if !system.document().levels.iter().any(|l| l.id == args.level) {
        let levels: Vec<&str> = system
            .document()
            .levels
            .iter()
            .map(|l| l.id.as_str())
            .collect();
        stderr_line!(
            "implsci: the system has no level `{}`; its levels are {}",
            args.level,
            levels.join(", ")
        );
        return Ok(Status::Usage);
    }
    let mut status = Status::Ok;
    let mut shown = Vec::new();
    // Per unit of the level, in the system's order: its id, name and the three percents, and
    // each unit's place in that list.
    let mut units: Vec<(UnitId, String, [Option<f64>; 3])> = Vec::new();
    let mut place: std::collections::HashMap<UnitId, usize> = std::collections::HashMap::new();
    for (k, (tier, file)) in files.iter().enumerate() {
        let Some(file) = file else { continue };
        shown.push(*tier);
        let name = format!("tfi-{}-tier-{}", version.as_str(), tier.number());
        let (_, scores, s) =
            match scoring::scores(Path::new(&name), file, Some(&system), args.as_of) {
                Ok(x) => x,
                Err(status) => return Ok(status),
            };
        if s != Status::Ok {
            status = s;
        }
        let mut params = RollupParams::default();
        params.as_of = args.as_of;
        let rollup = match system.rollup_with(&scores, Aggregate::Mean, &params) {
            Ok(r) => r,
            Err(e) => {
                stderr_line!("implsci: {e}");
                return Ok(Status::Invalid);
            }
        };
        for row in rollup.rows.iter().filter(|r| r.level == args.level) {
            let at = if let Some(&at) = place.get(&row.unit) {
                at
            } else {
                place.insert(row.unit.clone(), units.len());
                let label = row
                    .name
                    .as_deref()
                    .map_or_else(|| row.unit.to_string(), String::from);
                units.push((row.unit.clone(), label, [None; 3]));
                units.len() - 1
            };
            units[at].2[k] = row.value;
        }
    }
    let title = format!("TFI {} by {}", version.as_str(), args.level);
    let mut chart = TierBars::new(title, version)
        .tiers(&shown)
        .unit_title(capitalised(args.level.as_str()));
    for (id, label, percents) in units {
        chart = chart.unit(id.to_string(), label, percents);
    }
    write(out, &args.out, &chart.draw(), status)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

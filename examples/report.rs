//! The main job: a report over the example state shipped in `examples/data/`.
//!
//! Reads an innovation, a site record and the example state's implementation system, validates
//! them, then prints the innovation's usability report; one site's stage history with its moves
//! back, its driver status and the adaptations that break an essential function; and the
//! state's alignment report: where the chain of implementation teams breaks, and the route a
//! feedback loop from each school travels to the state team; then, from the state's event log,
//! coaching coverage and the practice–policy loops that stall at the deliberate gaps; each
//! district's IMPACT Framework profile (from the system, the event log, the site records in
//! `examples/data/sites/` and the illustrative IMPACT self-assessment); and, for the Piedmont
//! state (`examples/data/pbis/`), the share of schools at the TFI Tier 1 criterion per district
//! per school year. Then the example scenario's forecast (`examples/data/scenario.json`): when
//! each district reaches Full Implementation under the current plan, under the plan that forms
//! the missing teams, and with a coach for Brunswick too. Last, it writes the example state's
//! report for a state leader as one self-contained HTML page, `target/implsci-report.html`, and
//! says where.
//!
//! ```text
//! cargo run --release --features report,simulate --example report [INNOVATION.json SITE_RECORD.json SYSTEM.json]
//! ```

use std::error::Error;
use std::path::Path;

use implsci::driver::DriverCategory;
use implsci::stage::Direction;
use implsci::system::{AlignmentParams, Subject, System, When};
use implsci::{Document, Innovation, SiteRecord};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let (innovation_path, record_path, system_path) = match args.as_slice() {
        [a, b, c] => (a.into(), b.into(), c.into()),
        [] => (
            data.join("innovation.json"),
            data.join("site_record.json"),
            data.join("state_system.json"),
        ),
        _ => return Err("usage: report [INNOVATION.json SITE_RECORD.json SYSTEM.json]".into()),
    };

    let innovation = Innovation::from_json(&std::fs::read_to_string(&innovation_path)?)?;
    let record = SiteRecord::from_json(&std::fs::read_to_string(&record_path)?)?;
    record.validate_against(std::slice::from_ref(&innovation))?;

    println!("{}", innovation.name);
    println!("{}", "=".repeat(innovation.name.len()));
    println!();
    print!("{}", innovation.usability());
    println!();

    let site = record.name.as_deref().unwrap_or(record.site.as_str());
    println!("Site: {site}");
    if let Some(history) = record.stage_history(&innovation.id) {
        println!("  Stage history of `{}`:", innovation.id);
        for entry in &history.entries {
            let note = entry
                .note
                .as_deref()
                .map(|n| format!("  ({n})"))
                .unwrap_or_default();
            println!("    {}  {}{note}", entry.date, entry.stage);
        }
        let back = history
            .transitions()
            .into_iter()
            .filter(|t| t.direction == Direction::Back)
            .count();
        println!("    moves back: {back}");
    }

    let last = record.drivers.iter().map(|d| d.date).max();
    if let Some(date) = last {
        println!("  Drivers as of {date}:");
        let latest = record.drivers_as_of(date);
        for category in DriverCategory::ALL {
            println!("    {}", category.label());
            for (driver, status) in latest.iter().filter(|(d, _)| d.category() == category) {
                let state = status.map_or_else(
                    || "not rated".to_string(),
                    |s| format!("{} ({})", s.state, s.date),
                );
                println!("      {:<30} {state}", driver.label());
            }
        }
    }

    let breaking: Vec<_> = record.adaptations_breaking_functions().collect();
    println!(
        "  Adaptations that break an essential function: {}",
        breaking.len()
    );
    for a in breaking {
        let functions: Vec<_> = a
            .essential_functions
            .iter()
            .map(implsci::id::EssentialFunctionId::as_str)
            .collect();
        println!(
            "    {} ({}): {} [{}]",
            a.id,
            a.date,
            a.description.as_deref().unwrap_or("no description"),
            functions.join(", ")
        );
    }

    let system = System::from_json(&std::fs::read_to_string(&system_path)?)?;
    print_system(&system)?;
    print_events(&system, &innovation, &data.join("state_events.jsonl"))?;
    print_impact(&system, &data)?;
    print_tfi(&data.join("pbis"))?;
    let plans = print_forecast(&data)?;
    write_report(&system, &innovation, &data, &plans)?;
    Ok(())
}

/// Prints the example scenario's forecast, every plan side by side, and returns the plans'
/// forecasts for the report.
fn print_forecast(data: &Path) -> Result<Vec<(String, implsci::sim::Forecast)>, Box<dyn Error>> {
    use implsci::scenario::Scenario;
    use implsci::sim::{Comparison, simulations};
    let scenario = Scenario::from_json(&std::fs::read_to_string(data.join("scenario.json"))?)?;
    let system = implsci::system::SystemDocument::from_json(&std::fs::read_to_string(
        data.join("state_system.json"),
    )?)?;
    let mut plans = Vec::new();
    for (name, sim) in simulations(&scenario, &system)? {
        let mut forecast = sim.forecast(scenario.seed, u64::from(scenario.replicates));
        if let Some(rates) = &scenario.costs {
            forecast = forecast.with_costs(rates);
        }
        plans.push((name, forecast));
    }
    let title = format!(
        "Forecast: {}",
        scenario.name.as_deref().unwrap_or("the example scenario")
    );
    println!("{title}");
    println!("{}", "-".repeat(title.chars().count()));
    let comparison = Comparison::new(plans);
    print!("{comparison}");
    println!();
    Ok(comparison.plans)
}

/// The example state's report as one HTML page, from every input the state has: the event
/// log, the site records and the capacity assessments of its districts.
fn write_report(
    system: &System,
    innovation: &Innovation,
    data: &Path,
    plans: &[(String, implsci::sim::Forecast)],
) -> Result<(), Box<dyn Error>> {
    use implsci::event::parse_log;
    use implsci::report::{ReportInputs, ReportParams, ScoreSet, report};
    use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum};

    let read = |name: &str| std::fs::read_to_string(data.join(name));
    let log = parse_log(read("state_events.jsonl")?.as_bytes());
    let events: Vec<_> = log.records.into_iter().map(|r| r.value).collect();
    let mut sites = Vec::new();
    for site in ["wake", "lincoln-es", "buncombe"] {
        sites.push(SiteRecord::from_json(&read(&format!(
            "sites/{site}.json"
        ))?)?);
    }
    let dca =
        ItemSum::new(InstrumentDocument::from_json(&read("dca_instrument.json")?)?.instrument)?;
    let scores = AdministrationsDocument::from_json(&read("dca_administrations.json")?)?
        .administrations
        .iter()
        .map(|a| dca.score(a))
        .collect::<Result<Vec<_>, _>>()?;
    let sets = [ScoreSet::of(dca.definition(), &scores)];
    let inputs = ReportInputs::new(system)
        .events(&events)
        .sites(&sites)
        .scores(&sets)
        .innovation(innovation)
        .forecast(plans);
    let params = ReportParams::new("district".parse()?, "2025-01-31".parse()?);
    let page = report(&inputs, &params)?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("implsci-report.html");
    std::fs::write(&path, page.to_html())?;
    println!();
    println!("The report for a state leader: target/implsci-report.html");
    Ok(())
}

/// Each district's IMPACT profile at the end of January of the example school year.
fn print_impact(system: &System, data: &Path) -> Result<(), Box<dyn Error>> {
    use implsci::event::parse_log;
    use implsci::framework::impact::{ImpactInputs, ImpactParams, impact_profile};
    use implsci::score::{AdministrationsDocument, Instrument, InstrumentDocument, ItemSum};

    let read = |name: &str| std::fs::read_to_string(data.join(name));
    let log = parse_log(read("state_events.jsonl")?.as_bytes());
    let events: Vec<_> = log.records.into_iter().map(|r| r.value).collect();
    let mut sites = Vec::new();
    for site in ["wake", "lincoln-es", "buncombe"] {
        sites.push(SiteRecord::from_json(&read(&format!(
            "sites/{site}.json"
        ))?)?);
    }
    let instrument = InstrumentDocument::from_json(&read("impact_self_assessment.json")?)?;
    let instrument = ItemSum::new(instrument.instrument)?;
    let administrations =
        AdministrationsDocument::from_json(&read("impact_self_assessment_administrations.json")?)?;
    let scores = administrations
        .administrations
        .iter()
        .map(|a| instrument.score(a))
        .collect::<Result<Vec<_>, _>>()?;
    let inputs = ImpactInputs::new(system)
        .events(&events)
        .sites(&sites)
        .instrument_scores(&scores);
    let params = ImpactParams::new("district".parse()?, "2025-01-31".parse()?);
    println!();
    print!("{}", impact_profile(&inputs, &params)?);
    Ok(())
}

/// The share of schools at the TFI Tier 1 criterion, per district and school year.
fn print_tfi(dir: &Path) -> Result<(), Box<dyn Error>> {
    use implsci::period::{Calendar, PeriodKind};
    use implsci::score::rollup::{Aggregate, RollupParams};
    use implsci::score::{AdministrationsDocument, Instrument, instruments::builtin};
    use implsci::text::{Align, Table};

    let system = System::from_json(&std::fs::read_to_string(dir.join("system.json"))?)?;
    let doc =
        AdministrationsDocument::from_json(&std::fs::read_to_string(dir.join("tfi_tier1.json"))?)?;
    let tfi = builtin("tfi-2.1-tier-1").ok_or("TFI 2.1 Tier 1 is built in")?;
    let scores = doc
        .administrations
        .iter()
        .map(|a| tfi.score(a))
        .collect::<Result<Vec<_>, _>>()?;
    let params = RollupParams::default().by(Calendar::new(PeriodKind::SchoolYear));
    let rollup = system.rollup_with(&scores, Aggregate::ShareMeetingCriterion, &params)?;

    println!();
    println!(
        "{}: schools at the TFI Tier 1 criterion (70%)",
        system.document().name
    );
    let mut periods: Vec<String> = Vec::new();
    for p in rollup.rows.iter().filter_map(|r| r.period.as_ref()) {
        if !periods.contains(&p.label) {
            periods.push(p.label.clone());
        }
    }
    let mut table = Table::new().indent(2);
    for column in 1..=periods.len() {
        table = table.align(column, Align::Right);
    }
    table.row(std::iter::once(String::new()).chain(periods.iter().cloned()));
    for level in ["state", "region", "district"] {
        let units = rollup.rows.iter().filter(|r| r.level.as_str() == level);
        for unit in units.filter(|r| r.period.as_ref().map(|p| &p.label) == periods.first()) {
            let cells = rollup.rows_of(&unit.unit).map(|r| {
                let stale = if r.stale > 0 {
                    format!(", {} stale", r.stale)
                } else {
                    String::new()
                };
                match r.value {
                    Some(v) => format!(
                        "{:.0}% ({} of {} scored{stale})",
                        v * 100.0,
                        r.coverage.numerator,
                        r.coverage.denominator
                    ),
                    None => format!("no scores{stale}"),
                }
            });
            let name = unit
                .name
                .as_deref()
                .map_or_else(|| unit.unit.to_string(), String::from);
            table.row(std::iter::once(name).chain(cells));
        }
    }
    print!("{table}");
    Ok(())
}

/// The state's alignment, and the route of a feedback loop from each school.
fn print_system(system: &System) -> Result<(), Box<dyn Error>> {
    println!();
    println!("{}", system.document().name);
    println!("{}", "=".repeat(system.document().name.len()));
    println!();
    print!("{}", system.alignment(&AlignmentParams::default()));
    println!();
    println!("  Feedback loops from each school to the state team:");
    let bottom = system.document().levels.last().map(|l| l.id.clone());
    for unit in system
        .document()
        .units
        .iter()
        .filter(|u| Some(&u.level) == bottom.as_ref())
    {
        let path = system.communication_path(&Subject::Unit(unit.id.clone()), When::Current)?;
        match (path.hops, &path.broken) {
            (Some(hops), _) => {
                let up: Vec<_> = path.up.iter().map(implsci::id::TeamId::as_str).collect();
                println!(
                    "    {:<14} {} ({hops} hops)",
                    unit.id.as_str(),
                    up.join(" -> ")
                );
            }
            (None, chain) => println!(
                "    {:<14} stalls: {}",
                unit.id.as_str(),
                chain.as_ref().map_or_else(String::new, ToString::to_string)
            ),
        }
    }
    Ok(())
}

/// Coaching coverage and the feedback loops, from the state's event log, read and measured in
/// one pass.
fn print_events(
    system: &System,
    innovation: &Innovation,
    log: &Path,
) -> Result<(), Box<dyn Error>> {
    use implsci::coaching::fidelity::FidelityMeasure;
    use implsci::coaching::measures::{CoachingMeasure, Window};
    use implsci::coaching::rollup::{CoachingIndicator, coaching_rollup};
    use implsci::event::measure::measure_log;
    use implsci::event::references::ReferenceCheck;
    use implsci::improvement::loops::LoopMeasure;
    use implsci::score::rollup::Aggregate;

    let as_of: jiff::civil::Date = "2024-11-30".parse()?;
    let window = Window::new("2024-09-01".parse()?, as_of).ok_or("the window is empty")?;
    let measured = measure_log(
        std::fs::File::open(log)?,
        (
            CoachingMeasure::new(window, as_of),
            FidelityMeasure::new(innovation),
            LoopMeasure::new(system, as_of),
            ReferenceCheck::new(system),
        ),
    )?;
    for refused in &measured.refused {
        eprintln!("event log: {refused}");
    }
    let (coaching, fidelity, loops, problems) = measured.report;
    for problem in &problems {
        eprintln!("event log: {problem}");
    }
    println!();
    println!("  Coaching from {} to {}:", window.start(), window.end());
    for p in &coaching.practitioners {
        let days = fidelity
            .iter()
            .find(|f| f.practitioner == p.practitioner)
            .and_then(|f| f.days)
            .map_or_else(String::new, |d| {
                format!(", fidelity {d} days after training")
            });
        println!(
            "    {:<14} {} of {} planned cycles delivered, {} h{}{days}",
            p.practitioner.as_str(),
            p.cycles_complete,
            p.planned_cycles,
            p.hours,
            if p.incomplete.is_empty() {
                String::new()
            } else {
                format!(", {} cycle(s) incomplete", p.incomplete.len())
            }
        );
    }
    let wanted = [
        (CoachingIndicator::Cycles, Aggregate::Mean),
        (
            CoachingIndicator::LatestFidelity,
            Aggregate::ShareMeetingCriterion,
        ),
    ];
    let rollup = coaching_rollup(system, &coaching, &fidelity, &wanted);
    let (cycles, at_fidelity) = (&rollup.rollups[0].rollup, &rollup.rollups[1].rollup);
    println!("    per district: mean cycles per practitioner; observed practitioners at fidelity");
    for (c, f) in cycles.rows.iter().zip(&at_fidelity.rows) {
        if c.level.as_str() != "district" {
            continue;
        }
        println!(
            "      {:<12} {:>4.2}   {}",
            c.unit.as_str(),
            c.value.unwrap_or(0.0),
            f.value.map_or_else(
                || "none observed".to_string(),
                |v| format!("{v:.0}% of {}", f.coverage.numerator)
            )
        );
    }
    let alignment = system.alignment(&AlignmentParams::default());
    println!(
        "    practitioners in a coach's caseload: {}",
        alignment.practitioners_coached
    );
    println!();
    print!("{loops}");
    Ok(())
}

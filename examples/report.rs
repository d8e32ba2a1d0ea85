//! The main job: a report over the example state shipped in `examples/data/`.
//!
//! Reads an innovation, a site record and the example state's implementation system, validates
//! them, then prints the innovation's usability report; one site's stage history with its moves
//! back, its driver status and the adaptations that break an essential function; and the
//! state's alignment report: where the chain of implementation teams breaks, and the route a
//! feedback loop from each school travels to the state team; then, from the state's event log,
//! coaching coverage and the practice–policy loops that stall at the deliberate gaps.
//!
//! ```text
//! cargo run --release --example report [INNOVATION.json SITE_RECORD.json SYSTEM.json]
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

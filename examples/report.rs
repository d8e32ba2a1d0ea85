//! The main job: a report over the example data shipped in `examples/data/`.
//!
//! Reads an innovation and a site record, validates both (and the record against the
//! innovation), then prints the innovation's usability report, the site's stage history with
//! its moves back, its driver status, and the adaptations that break an essential function.
//!
//! ```text
//! cargo run --release --example report [INNOVATION.json SITE_RECORD.json]
//! ```

use std::error::Error;
use std::path::Path;

use implsci::driver::DriverCategory;
use implsci::stage::Direction;
use implsci::{Document, Innovation, SiteRecord};

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let (innovation_path, record_path) = match args.as_slice() {
        [a, b] => (a.into(), b.into()),
        [] => (data.join("innovation.json"), data.join("site_record.json")),
        _ => return Err("usage: report [INNOVATION.json SITE_RECORD.json]".into()),
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
    Ok(())
}

//! The communication path of a practice–policy feedback loop, from every school of the example
//! state up to the state team and back down; where the chain is broken, why.
//!
//! ```text
//! cargo run --example paths [SYSTEM.json]
//! ```

use implsci::system::{Subject, System, When};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_system.json"
        )
        .to_string()
    });
    let system = System::from_json(&std::fs::read_to_string(path)?)?;
    let bottom = system
        .document()
        .levels
        .last()
        .ok_or("the system has no levels")?
        .id
        .clone();
    for unit in system.document().units.iter().filter(|u| u.level == bottom) {
        let path = system.communication_path(&Subject::Unit(unit.id.clone()), When::Current)?;
        match (&path.hops, &path.broken) {
            (Some(hops), _) => {
                let up: Vec<_> = path.up.iter().map(implsci::id::TeamId::as_str).collect();
                let down: Vec<_> = path.down().map(implsci::id::TeamId::as_str).collect();
                println!(
                    "{:<14} up {} ({hops} hops); back down {}",
                    unit.id.as_str(),
                    up.join(" -> "),
                    down.join(" -> ")
                );
            }
            (None, Some(chain)) => println!("{:<14} no path: {chain}", unit.id.as_str()),
            (None, None) => println!("{:<14} no path", unit.id.as_str()),
        }
    }
    Ok(())
}

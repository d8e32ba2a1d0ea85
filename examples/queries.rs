//! Ancestors, descendants, everything under a unit, and the practitioners a team reaches.
//!
//! ```text
//! cargo run --example queries [SYSTEM.json UNIT TEAM]
//! ```

use implsci::system::{System, When};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/state_system.json"
    )
    .to_string();
    let (file, unit, team) = match &args[..] {
        [f, u, t] => (f.clone(), u.clone(), t.clone()),
        _ => (default, "wake".to_string(), "central-rit".to_string()),
    };
    let system = System::from_json(&std::fs::read_to_string(file)?)?;
    let unit = unit.parse()?;
    let team = team.parse()?;

    let ancestors: Vec<_> = system.ancestors(&unit)?.map(|u| u.id.as_str()).collect();
    println!("ancestors of {unit}: {}", ancestors.join(" <- "));
    let descendants: Vec<_> = system.descendants(&unit)?.map(|u| u.id.as_str()).collect();
    println!("descendants of {unit}: {}", descendants.join(", "));
    let under = system.under_unit(&unit)?;
    println!(
        "under {unit}: {} units, {} teams, {} practitioners",
        under.units.len(),
        under.teams.len(),
        under.practitioners.len()
    );
    let reached = system.under_team(&team, When::Current)?;
    let teams: Vec<_> = reached.teams.iter().map(|t| t.id.as_str()).collect();
    println!("{team} reaches teams {}", teams.join(", "));
    println!(
        "{team} reaches {} practitioners in {} units",
        system
            .practitioners_reached_by(&team, When::Current)?
            .count(),
        reached.units.len()
    );
    Ok(())
}

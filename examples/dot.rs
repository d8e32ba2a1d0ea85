//! Writes the example state system as Graphviz DOT; render it with `dot -Tsvg`.
//!
//! ```text
//! cargo run --example dot > state.dot && dot -Tsvg state.dot > state.svg
//! ```

use implsci::system::{System, When};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_system.json"
        )
        .to_string()
    });
    let system = System::from_json(&std::fs::read_to_string(path)?)?;
    print!("{}", system.to_dot(When::Current));
    Ok(())
}

//! Prints the alignment report of a system document.
//!
//! ```text
//! cargo run --release --example align [SYSTEM.json]
//! ```

use implsci::system::{AlignmentParams, System};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/state_system.json"
        )
        .to_string()
    });
    let system = System::from_json(&std::fs::read_to_string(path)?)?;
    print!("{}", system.alignment(&AlignmentParams::default()));
    Ok(())
}

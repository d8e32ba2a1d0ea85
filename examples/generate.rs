//! Generates a synthetic state from a seed and prints its size and alignment summary.
//!
//! ```text
//! cargo run --release --example generate [REGIONS DISTRICTS SCHOOLS PRACTITIONERS SEED]
//! ```

use implsci::system::generate::{Shape, generate};
use implsci::system::{AlignmentParams, System};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let (shape, seed) = match numbers[..] {
        [regions, districts, schools, practitioners, seed] => (
            Shape::new(
                regions.try_into()?,
                districts.try_into()?,
                schools.try_into()?,
                practitioners.try_into()?,
            ),
            seed,
        ),
        _ => (Shape::new(4, 5, 10, 25), 1),
    };
    let system = System::build(generate(&shape, seed)?)?;
    let doc = system.document();
    println!(
        "{} units, {} teams, {} links, {} practitioners, {} coaches",
        doc.units.len(),
        doc.teams.len(),
        doc.links.len(),
        doc.practitioners.len(),
        doc.coaches.len()
    );
    let report = system.alignment(&AlignmentParams::default());
    println!(
        "practitioners with an unbroken chain: {}",
        report.practitioners_covered
    );
    println!(
        "units whose chain breaks: {}",
        report.broken_units().count()
    );
    println!(
        "overloaded coaches: {}",
        report.overloaded_coaches().count()
    );
    Ok(())
}

//! Resident memory of a built system, per practitioner.
//!
//! Generates a state (default 10 regions × 20 districts × 100 schools × 50 practitioners =
//! 1,000,000 practitioners), writes it as JSON, drops the document, then measures the resident
//! set size (Linux `/proc/self/statm`) before and after building the system from the JSON, with
//! the JSON itself dropped. Also prints `System::heap_bytes`, the crate's own accounting.
//!
//! ```text
//! cargo run --release --example memory [REGIONS DISTRICTS SCHOOLS PRACTITIONERS]
//! ```

use implsci::system::System;
use implsci::system::generate::{Shape, generate};

/// Resident set size in bytes, from `/proc/self/statm` (second field, in pages).
fn rss() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, file] = &args[..]
        && flag == "--load"
    {
        return measure(file);
    }
    // Write the JSON, then measure in a fresh process, so that memory freed by the generator
    // cannot be reused by the system and hide its size.
    let numbers: Vec<u32> = args.iter().map(|a| a.parse()).collect::<Result<_, _>>()?;
    let mut shape = Shape::default();
    let [r, d, s, p] = numbers[..] else {
        return run(&shape_of(&mut shape, 10, 20, 100, 50));
    };
    run(&shape_of(&mut shape, r, d, s, p))
}

fn shape_of(shape: &mut Shape, r: u32, d: u32, s: u32, p: u32) -> Shape {
    (
        shape.regions,
        shape.districts_per_region,
        shape.schools_per_district,
        shape.practitioners_per_school,
    ) = (r, d, s, p);
    *shape
}

fn run(shape: &Shape) -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::temp_dir().join(format!("implsci-memory-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&generate(shape, 42)?)?)?;
    let status = std::process::Command::new(std::env::current_exe()?)
        .arg("--load")
        .arg(&path)
        .status();
    std::fs::remove_file(&path)?;
    if status?.success() {
        Ok(())
    } else {
        Err("the measuring process failed".into())
    }
}

fn measure(file: &str) -> Result<(), Box<dyn std::error::Error>> {
    let before = rss().ok_or("no /proc/self/statm on this system")?;
    let json = std::fs::read(file)?;
    let system = System::from_json_slice(&json)?;
    // A large buffer is returned to the operating system when freed.
    drop(json);
    let after = rss().ok_or("no /proc/self/statm on this system")?;
    #[allow(clippy::cast_precision_loss)]
    let (n, resident, heap) = (
        system.document().practitioners.len() as f64,
        after.saturating_sub(before) as f64,
        system.heap_bytes() as f64,
    );
    println!("practitioners:                 {n}");
    println!(
        "resident memory of the system: {:.1} MiB, {:.1} bytes per practitioner",
        resident / 1_048_576.0,
        resident / n
    );
    println!(
        "System::heap_bytes:            {:.1} MiB, {:.1} bytes per practitioner",
        heap / 1_048_576.0,
        heap / n
    );
    Ok(())
}

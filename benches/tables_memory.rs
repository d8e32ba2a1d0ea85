//! Memory of a table import beside the memory of the system it builds, each the peak resident
//! memory (`VmHWM`) of a process of its own, in one run: the import streams its rows, so its
//! peak should stay near that of a process that holds the built system.
//!
//! ```text
//! cargo bench --bench tables_memory                          # 1M practitioners
//! IMPLSCI_BENCH_QUICK=1 cargo bench --bench tables_memory    # 100k
//! ```
//!
//! The baseline process generates the state and builds its `System` (document and
//! structure); the measured one runs `import_system` over the same state's CSV tables
//! (reading, the document, and its validation, which builds the structure once). Linux only:
//! elsewhere it says so and measures nothing.

use std::path::Path;
use std::process::Command;

use implsci::system::System;
use implsci::system::generate::{Shape, generate};
use implsci::tables::{
    Folder, ReadOptions, SystemOptions, export_system, import_system, write_folder,
};

fn shape() -> Shape {
    // `cargo test --benches` runs this once as a smoke test: keep it small.
    let smoke = std::env::var_os("IMPLSCI_MEMORY_SMOKE").is_some()
        || !std::env::args().any(|a| a == "--bench");
    if smoke {
        Shape::new(1, 2, 10, 20)
    } else if std::env::var_os("IMPLSCI_BENCH_QUICK").is_some() {
        Shape::new(10, 2, 100, 50)
    } else {
        Shape::new(10, 20, 100, 50)
    }
}

/// This process's peak resident memory in kB, if the system says.
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One measured process: prints its peak.
fn child(what: &str, dir: &Path) {
    let n = if what == "system" {
        let system = System::build(generate(&shape(), 42).unwrap()).unwrap();
        system.document().practitioners.len()
    } else {
        let options = ReadOptions::default();
        let imported = import_system(&mut Folder::new(dir), &options, &SystemOptions::default());
        imported.unwrap().document.practitioners.len()
    };
    println!("{n} {}", peak_kb().unwrap_or(0));
}

fn run(what: &str, dir: &Path, smoke: bool) -> (u64, u64) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .env("IMPLSCI_MEMORY_CHILD", what)
        .env("IMPLSCI_MEMORY_DIR", dir);
    if smoke {
        command.env("IMPLSCI_MEMORY_SMOKE", "1");
    } else {
        command.arg("--bench");
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut words = text.split_whitespace().map(|w| w.parse::<u64>().unwrap());
    (words.next().unwrap(), words.next().unwrap())
}

fn main() {
    if let Some(what) = std::env::var_os("IMPLSCI_MEMORY_CHILD") {
        let dir = std::env::var_os("IMPLSCI_MEMORY_DIR").unwrap();
        child(&what.to_string_lossy(), Path::new(&dir));
        return;
    }
    if peak_kb().is_none() {
        println!("tables_memory: no /proc/self/status here; nothing measured");
        return;
    }
    let smoke = !std::env::args().any(|a| a == "--bench");
    let doc = generate(&shape(), 42).expect("the bench shapes fit");
    let dir = std::env::temp_dir().join(format!("implsci-bench-memory-{}", std::process::id()));
    write_folder(&dir, &export_system(&doc)).unwrap();
    drop(doc);
    let (n, system) = run("system", &dir, smoke);
    let (m, import) = run("import", &dir, smoke);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(n, m);
    println!("practitioners: {n}");
    println!("peak resident memory, generating and building the system: {system} kB");
    println!("peak resident memory, importing it from CSV tables: {import} kB");
    #[allow(clippy::cast_precision_loss)]
    let ratio = import as f64 / system as f64;
    println!("ratio, import / built system: {ratio:.2}");
}

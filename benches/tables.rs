//! Tables in at scale, beside their baseline in the same run:
//!
//! - `import/*`: [`import_system`] over a folder of the state's CSV tables (every cell read
//!   and checked, ids and dates parsed, defaults filled, the document validated) against the
//!   `csv` crate's plain typed reading of the same files into `String`-field structs.
//!
//! ```text
//! cargo bench --bench tables                          # 1M practitioners
//! IMPLSCI_BENCH_QUICK=1 cargo bench --bench tables    # 100k
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use implsci::Document;
use implsci::system::SystemDocument;
use implsci::system::generate::{Shape, generate};
use implsci::tables::{
    Folder, ReadOptions, SystemOptions, export_system, import_system, write_folder,
};
use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainSystem {
    id: String,
    name: String,
    team_size_min: Option<u32>,
    team_size_max: Option<u32>,
    require_team_at: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainLevel {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainUnit {
    id: String,
    level: String,
    parent: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainTeam {
    id: String,
    unit: String,
    name: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainMember {
    team: String,
    person: String,
    role: String,
    start: String,
    end: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainLink {
    from: String,
    to: String,
    kind: String,
    start: String,
    end: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainPractitioner {
    id: String,
    unit: String,
    role: String,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainCoach {
    id: String,
    person: String,
    team: Option<String>,
    capacity: u32,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainCaseload {
    coach: String,
    practitioner: String,
}

/// Reads one file into plain records, as a program without implsci would.
fn plain<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Vec<T> {
    let mut reader = csv::Reader::from_path(dir.join(format!("{name}.csv"))).unwrap();
    reader.deserialize().map(Result::unwrap).collect()
}

/// Every table of the state, read plainly; the lengths, so nothing is optimized away.
fn baseline(dir: &Path) -> usize {
    plain::<PlainSystem>(dir, "system").len()
        + plain::<PlainLevel>(dir, "levels").len()
        + plain::<PlainUnit>(dir, "units").len()
        + plain::<PlainTeam>(dir, "teams").len()
        + plain::<PlainMember>(dir, "members").len()
        + plain::<PlainLink>(dir, "links").len()
        + plain::<PlainPractitioner>(dir, "practitioners").len()
        + plain::<PlainCoach>(dir, "coaches").len()
        + plain::<PlainCaseload>(dir, "caseloads").len()
}

/// The state, and its tables written to a folder of their own.
fn tables(shape: &Shape, practitioners: u64) -> (SystemDocument, PathBuf) {
    let doc = generate(shape, 42).expect("the bench shapes fit");
    assert_eq!(doc.practitioners.len() as u64, practitioners);
    let dir = std::env::temp_dir().join(format!(
        "implsci-bench-tables-{practitioners}-{}",
        std::process::id()
    ));
    write_folder(&dir, &export_system(&doc)).unwrap();
    (doc, dir)
}

fn import(c: &mut Criterion) {
    // `cargo test --benches` runs each bench once, unoptimized, as a smoke test: keep it small.
    let smoke = !std::env::args().any(|a| a == "--bench");
    let (shape, n) = if smoke {
        (Shape::new(1, 2, 10, 20), 400)
    } else if std::env::var_os("IMPLSCI_BENCH_QUICK").is_some() {
        (Shape::new(10, 2, 100, 50), 100_000)
    } else {
        (Shape::new(10, 20, 100, 50), 1_000_000)
    };
    let (doc, dir) = tables(&shape, n);
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(n));
    group.bench_with_input(BenchmarkId::new("baseline_plain_csv", n), &dir, |b, dir| {
        b.iter(|| baseline(black_box(dir)));
    });
    group.bench_with_input(BenchmarkId::new("import_system", n), &dir, |b, dir| {
        b.iter(|| {
            let options = ReadOptions::default();
            import_system(
                &mut Folder::new(black_box(dir)),
                &options,
                &SystemOptions::default(),
            )
            .unwrap()
        });
    });
    // The part of the import that is the document's own validation, as every document has.
    group.bench_with_input(BenchmarkId::new("validation_alone", n), &doc, |b, doc| {
        b.iter(|| black_box(doc).validate().unwrap());
    });
    group.finish();
    std::fs::remove_dir_all(&dir).unwrap();
}

criterion_group!(benches, import);
criterion_main!(benches);

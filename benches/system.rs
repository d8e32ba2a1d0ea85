//! The implementation system at scale, each measurement beside its baseline in the same run:
//!
//! - `load/*`: `System::from_json_slice` (strict parse, validation, build) against plain typed
//!   `serde_json` deserialization of the same bytes into `String`-field structs, into the
//!   crate's own document types, and against the previous implementation (the bytes parsed as
//!   bytes, then the same build), in bytes per second;
//! - `alignment/*`: the full alignment report against a single flat pass over the same units
//!   and practitioners (active practitioners counted per unit, then summed per level);
//! - `scaling/*`: load and report at 10k, 100k and 1M practitioners.
//!
//! ```text
//! cargo bench --bench system
//! IMPLSCI_BENCH_QUICK=1 cargo bench --bench system   # 100k practitioners only
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use implsci::system::generate::{Shape, generate};
use implsci::system::{AlignmentParams, System, SystemDocument};
use serde::Deserialize;

/// The wire format as plain `String` structs: what a program without implsci would read.
#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainDoc {
    kind: String,
    schema_version: String,
    id: String,
    name: String,
    levels: Vec<PlainLevel>,
    units: Vec<PlainUnit>,
    #[serde(default)]
    teams: Vec<PlainTeam>,
    #[serde(default)]
    links: Vec<PlainLink>,
    #[serde(default)]
    practitioners: Vec<PlainPractitioner>,
    #[serde(default)]
    coaches: Vec<PlainCoach>,
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
    #[serde(default)]
    members: Vec<PlainMember>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainMember {
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
    person: serde_json::Value,
    capacity: u32,
    #[serde(default)]
    caseload: Vec<String>,
}

fn shape(practitioners: u32) -> Shape {
    let (regions, districts, schools) = match practitioners {
        10_000 => (1, 2, 100),
        100_000 => (10, 2, 100),
        _ => (10, 20, 100),
    };
    Shape::new(regions, districts, schools, 50)
}

fn document(practitioners: u32) -> (SystemDocument, Vec<u8>) {
    let doc = generate(&shape(practitioners), 42).expect("the bench shapes fit");
    assert_eq!(doc.practitioners.len(), practitioners as usize);
    let bytes = serde_json::to_vec(&doc).expect("generated documents serialize");
    (doc, bytes)
}

fn sizes() -> &'static [u32] {
    // `cargo test --benches` runs each bench once, unoptimized, as a smoke test: keep it small.
    let smoke = !std::env::args().any(|a| a == "--bench");
    if smoke {
        &[10_000]
    } else if std::env::var_os("IMPLSCI_BENCH_QUICK").is_some() {
        &[100_000]
    } else {
        &[10_000, 100_000, 1_000_000]
    }
}

/// The flat baseline: active practitioners per unit, then per level.
fn flat_pass(doc: &SystemDocument, unit_of: &[u32], unit_level: &[u32], levels: usize) -> Vec<u64> {
    let mut per_unit = vec![0u64; doc.units.len()];
    for (p, &u) in doc.practitioners.iter().zip(unit_of) {
        per_unit[u as usize] += u64::from(p.end.is_none());
    }
    let mut per_level = vec![0u64; levels];
    for (u, n) in per_unit.iter().enumerate() {
        per_level[unit_level[u] as usize] += n;
    }
    per_level
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for &n in sizes() {
        let (_, bytes) = document(n);
        // Bytes per second: the rate the document is read at, file to built structure.
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("baseline_plain_serde", n),
            &bytes,
            |b, bytes| {
                b.iter(|| serde_json::from_slice::<PlainDoc>(black_box(bytes)).unwrap());
            },
        );
        // Plain `serde_json` typed reading of the same bytes into the crate's own types, with
        // no validation and no structure: the parse alone, the way a program would call it.
        group.bench_with_input(
            BenchmarkId::new("serde_json_typed_document", n),
            &bytes,
            |b, bytes| {
                b.iter(|| serde_json::from_slice::<SystemDocument>(black_box(bytes)).unwrap());
            },
        );
        // The previous implementation: the bytes parsed as bytes (each string checked as
        // UTF-8 on its own), then the same validation and build.
        group.bench_with_input(
            BenchmarkId::new("previous_bytes_then_build", n),
            &bytes,
            |b, bytes| {
                b.iter(|| {
                    let doc = serde_json::from_slice::<SystemDocument>(black_box(bytes)).unwrap();
                    System::build(doc).unwrap()
                });
            },
        );
        group.bench_with_input(
            BenchmarkId::new("system_from_json_slice", n),
            &bytes,
            |b, bytes| {
                b.iter(|| System::from_json_slice(black_box(bytes)).unwrap());
            },
        );
    }
    group.finish();
}

fn alignment(c: &mut Criterion) {
    let mut group = c.benchmark_group("alignment");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for &n in sizes() {
        let (_, bytes) = document(n);
        let system = System::from_json_slice(&bytes).unwrap();
        let doc = system.document();
        let levels: Vec<&str> = doc.levels.iter().map(|l| l.id.as_str()).collect();
        let units: std::collections::HashMap<&str, u32> = doc
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), u32::try_from(i).unwrap()))
            .collect();
        let unit_level: Vec<u32> = doc
            .units
            .iter()
            .map(|u| {
                u32::try_from(levels.iter().position(|l| *l == u.level.as_str()).unwrap()).unwrap()
            })
            .collect();
        let unit_of: Vec<u32> = doc
            .practitioners
            .iter()
            .map(|p| units[p.unit.as_str()])
            .collect();
        group.throughput(Throughput::Elements(u64::from(n)));
        group.bench_function(BenchmarkId::new("baseline_flat_pass", n), |b| {
            b.iter(|| flat_pass(black_box(doc), &unit_of, &unit_level, levels.len()));
        });
        group.bench_function(BenchmarkId::new("alignment_report", n), |b| {
            b.iter(|| system.alignment(black_box(&AlignmentParams::default())));
        });
    }
    group.finish();
}

criterion_group!(benches, load, alignment);
criterion_main!(benches);

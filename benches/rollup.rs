//! Rolling one score per practitioner up every level of a generated system: the rollup against
//! a hand-written flat-array loop over the same numbers (sums and counts per unit from a
//! precomputed unit position per practitioner, then added up the tree), in the same run.
//!
//! ```text
//! cargo bench --bench rollup
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use implsci::score::rollup::{Aggregate, Scored};
use implsci::system::generate::{Shape, generate};
use implsci::system::{System, When};

/// The flat baseline: mean per unit over every practitioner at or below it.
fn flat_loop(values: &[f64], unit_of: &[u32], parent: &[u32], bottom_up: &[u32]) -> Vec<f64> {
    let mut sum = vec![0.0f64; parent.len()];
    let mut count = vec![0u32; parent.len()];
    for (&v, &u) in values.iter().zip(unit_of) {
        sum[u as usize] += v;
        count[u as usize] += 1;
    }
    for &u in bottom_up {
        let p = parent[u as usize];
        if p != u32::MAX {
            sum[p as usize] += sum[u as usize];
            count[p as usize] += count[u as usize];
        }
    }
    sum.iter()
        .zip(&count)
        .map(|(s, &c)| s / f64::from(c.max(1)))
        .collect()
}

fn rollup(c: &mut Criterion) {
    let smoke = !std::env::args().any(|a| a == "--bench");
    let shape = if smoke {
        Shape::new(1, 2, 100, 50)
    } else {
        Shape::new(10, 20, 100, 50)
    };
    let system = System::build(generate(&shape, 42).expect("the shape fits"))
        .expect("generated systems are valid");
    let doc = system.document();
    let n = doc.practitioners.len();

    // The same numbers for both: a pseudo-random percent per practitioner.
    #[allow(clippy::cast_precision_loss)]
    let values: Vec<f64> = (0..n).map(|i| ((i * 7919) % 101) as f64).collect();
    let scores: Vec<Scored> = values.iter().map(|&v| Scored::value(v)).collect();

    // The baseline's flat arrays, prepared outside the timing.
    let units: std::collections::HashMap<&str, u32> = doc
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), u32::try_from(i).unwrap()))
        .collect();
    let unit_of: Vec<u32> = doc
        .practitioners
        .iter()
        .map(|p| units[p.unit.as_str()])
        .collect();
    let parent: Vec<u32> = doc
        .units
        .iter()
        .map(|u| u.parent.as_ref().map_or(u32::MAX, |p| units[p.as_str()]))
        .collect();
    let mut depth = vec![0u32; doc.units.len()];
    for (i, u) in doc.units.iter().enumerate() {
        let mut d = 0;
        let mut cur = u.parent.as_ref().map(|p| units[p.as_str()]);
        while let Some(p) = cur {
            d += 1;
            cur = doc.units[p as usize]
                .parent
                .as_ref()
                .map(|q| units[q.as_str()]);
        }
        depth[i] = d;
    }
    let mut bottom_up: Vec<u32> = (0..u32::try_from(doc.units.len()).unwrap()).collect();
    bottom_up.sort_by_key(|&u| std::cmp::Reverse(depth[u as usize]));

    let mut group = c.benchmark_group("rollup");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(BenchmarkId::new("baseline_flat_loop", n), |b| {
        b.iter(|| flat_loop(black_box(&values), &unit_of, &parent, &bottom_up));
    });
    group.bench_function(BenchmarkId::new("rollup_practitioners_mean", n), |b| {
        b.iter(|| {
            system
                .rollup_practitioners(black_box(&scores), Aggregate::Mean, When::Current)
                .unwrap()
        });
    });
    group.finish();
}

criterion_group!(benches, rollup);
criterion_main!(benches);

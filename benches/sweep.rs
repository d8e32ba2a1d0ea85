//! Sweeps divided into shards: the work divides evenly.
//!
//! A sweep of 2 cells × 8 replicates of a generated state, everyone trained, against its own
//! baseline in the same run: all 16 runs on one thread. `one-shard-of/n` runs shard 1 of `n`
//! on one thread (about 1/n of the baseline's time); `n-shards-on-n-cores/2` runs both shards
//! of 2 at once, each on its own one-thread pool, as two cluster tasks would (about 1/2 of
//! it on 2 cores); `merge` sums the 16 records up, the merge job's work.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use implsci::Document;
use implsci::scenario::Scenario;
use implsci::sim::{Shard, SweepRun};
use implsci::system::SystemDocument;
use implsci::system::generate::{Shape, generate};

fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn scenario() -> (Scenario, SystemDocument) {
    // `cargo test --benches` runs each bench once, unoptimized, as a smoke test: keep it small.
    let (districts, years) = if bench_mode() { (20, 2) } else { (2, 1) };
    let shape = Shape::new(1, districts, 100, 50)
        .team_probability([1.0; 4])
        .link_probability(1.0)
        .coach_capacity(50);
    let doc = generate(&shape, 42).expect("the bench shape fits");
    let root = doc.units[0].id.to_string();
    let json = serde_json::json!({
        "kind": "scenario",
        "schema_version": "1.0.0",
        "system": {"document": doc},
        "innovations": ["pbis"],
        "start": "2026-07-01",
        "horizon": format!("{}-07-01", 2026 + years),
        "seed": 7,
        "level": "district",
        "plans": [{"name": "train everyone", "actions": [{
            "action": "train_cohort", "date": "2026-07-01", "innovation": "pbis",
            "units": [root], "components": ["theory", "demonstration", "practice"]
        }]}],
        "sweep": {
            "parameters": [{"parameter": "turnover.practitioners", "values": [0.158, 0.3]}],
            "replicates": 8
        }
    });
    let scenario = Scenario::from_json(&json.to_string()).expect("the bench scenario is valid");
    (scenario, doc)
}

fn one_thread() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool")
}

fn shards(c: &mut Criterion) {
    let (scenario, doc) = scenario();
    let sweep = SweepRun::new(&scenario, &doc).expect("the bench sweep prepares");
    let runs = sweep.runs();
    let mut group = c.benchmark_group("sweep");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    let pool = one_thread();
    group.bench_function("all-runs-one-thread-baseline", |b| {
        b.iter(|| pool.install(|| black_box(sweep.run_all(0..runs, &|| {}))));
    });
    for n in [2u64, 4] {
        let shard = Shard::new(1, n).expect("a shard");
        group.bench_with_input(BenchmarkId::new("one-shard-of", n), &shard, |b, shard| {
            b.iter(|| pool.install(|| black_box(sweep.run_all(shard.runs(runs), &|| {}))));
        });
    }
    let pools = [one_thread(), one_thread()];
    group.bench_function(BenchmarkId::new("n-shards-on-n-cores", 2), |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                for (i, pool) in (1u64..).zip(&pools) {
                    let sweep = &sweep;
                    s.spawn(move || {
                        let shard = Shard::new(i, 2).expect("a shard");
                        pool.install(|| black_box(sweep.run_all(shard.runs(runs), &|| {})))
                    });
                }
            });
        });
    });
    let records = sweep.run_all(0..runs, &|| {});
    group.bench_function("merge", |b| {
        b.iter(|| black_box(sweep.summarise(records.clone()).expect("every run")));
    });
    group.finish();
}

criterion_group!(benches, shards);
criterion_main!(benches);

//! The scale-up simulation against a flat-array baseline that makes the same moves.
//!
//! `replicate`: one replicate of five years in weekly steps, one innovation, everyone trained
//! and coached, against the baseline: the same posts in flat arrays, the same streams and
//! thresholds, turnover with vacancies and trained hires, not using → using → at fidelity and
//! drift, counted per unit; none of the chains, teams, coaches' vacancies, barriers or rollups.
//! `threads`: eight replicates on one thread and on two.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use implsci::scenario::ModelParameters;
use implsci::sim::{Cohort, Setup, Simulation};
use implsci::system::SystemDocument;
use implsci::system::generate::{Shape, generate};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

fn shape(practitioners: u32) -> Shape {
    let (regions, districts, schools) = match practitioners {
        10_000 => (1, 2, 100),
        100_000 => (10, 2, 100),
        _ => (10, 20, 100),
    };
    Shape::new(regions, districts, schools, 50)
        .team_probability([1.0; 4])
        .link_probability(1.0)
        .coach_capacity(50)
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

fn years() -> i16 {
    if std::env::args().any(|a| a == "--bench") {
        5
    } else {
        1
    }
}

fn simulation(doc: SystemDocument) -> Simulation {
    let start: jiff::civil::Date = "2026-07-01".parse().expect("a date");
    let horizon = start
        .checked_add(jiff::Span::new().years(years()))
        .expect("in range");
    let mut setup = Setup::new(vec!["pbis".parse().expect("an id")], start, horizon);
    setup.level = Some("district".parse().expect("an id"));
    let root = doc.units[0].id.clone();
    let cohort = Cohort::train(start, "pbis".parse().expect("an id"), vec![root], 3);
    Simulation::with_effects(&setup, vec![(start, doc)], &[cohort])
        .expect("the bench system builds")
}

/// The flat baseline: posts grouped by unit, each trained and coached at full dose.
struct Flat {
    unit_posts: Vec<u32>,
    steps: u32,
    leave: u64,
    lag: u16,
    start_use: u64,
    reach_fidelity: u64,
    drift: u64,
}

fn per_step(p: f64) -> u64 {
    let h = 1.0 - (1.0 - p).powf(1.0 / 52.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let t = (h * 4_294_967_296.0).round() as u64;
    t
}

impl Flat {
    fn new(doc: &SystemDocument, steps: u32) -> Self {
        let mut index = std::collections::HashMap::new();
        for (i, u) in doc.units.iter().enumerate() {
            index.insert(u.id.as_str(), i);
        }
        let mut per_unit = vec![0u32; doc.units.len()];
        for p in &doc.practitioners {
            per_unit[index[p.unit.as_str()]] += 1;
        }
        let mut unit_posts = vec![0];
        for n in per_unit {
            unit_posts.push(unit_posts.last().copied().unwrap_or(0) + n);
        }
        let p = ModelParameters::default();
        // The realistic preset: half the coaching gain over practice alone, at full dose.
        let coached = |base: f64, coaching: f64| base + 0.5 * (coaching - base);
        Self {
            unit_posts,
            steps,
            leave: per_step(p.turnover.practitioners),
            lag: 8,
            start_use: per_step(coached(p.use_given.practice, p.use_given.coaching)),
            reach_fidelity: per_step(coached(
                p.fidelity_given.practice,
                p.fidelity_given.coaching,
            )),
            drift: 0,
        }
    }

    fn run(&self, seed: u64) -> Vec<u32> {
        let posts = *self.unit_posts.last().unwrap_or(&0) as usize;
        let units = self.unit_posts.len() - 1;
        let mut turnover = ChaCha8Rng::seed_from_u64(seed);
        turnover.set_stream(0);
        let mut moves = ChaCha8Rng::seed_from_u64(seed);
        moves.set_stream(1);
        let mut vacant = vec![0u16; posts];
        let mut status = vec![0u8; posts];
        let mut level = vec![3u8; posts];
        let mut counts = vec![0u32; units * 3];
        let hit = |rng: &mut ChaCha8Rng, t: u64| t != 0 && u64::from(rng.next_u32()) < t;
        for _ in 0..self.steps {
            counts.fill(0);
            for u in 0..units {
                for i in self.unit_posts[u] as usize..self.unit_posts[u + 1] as usize {
                    if vacant[i] > 0 {
                        vacant[i] -= 1;
                        if vacant[i] == 0 {
                            status[i] = 0;
                            level[i] = 3;
                        }
                        continue;
                    }
                    if hit(&mut turnover, self.leave) {
                        vacant[i] = self.lag;
                        continue;
                    }
                    if level[i] == 0 {
                        continue;
                    }
                    match status[i] {
                        0 => status[i] = u8::from(hit(&mut moves, self.start_use)),
                        1 => {
                            if hit(&mut moves, self.reach_fidelity) {
                                status[i] = 2;
                            }
                        }
                        _ => {
                            if hit(&mut moves, self.drift) {
                                status[i] = 1;
                            }
                        }
                    }
                    counts[u * 3] += 1;
                    counts[u * 3 + 1] += u32::from(status[i] != 0);
                    counts[u * 3 + 2] += u32::from(status[i] == 2);
                }
            }
        }
        counts
    }
}

fn replicate(c: &mut Criterion) {
    let mut group = c.benchmark_group("replicate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    for &n in sizes() {
        let doc = generate(&shape(n), 42).expect("the bench shapes fit");
        let steps = 52 * u32::try_from(years()).unwrap_or(1);
        let flat = Flat::new(&doc, steps);
        let sim = simulation(doc);
        #[allow(clippy::cast_precision_loss)]
        let bytes = (sim.shared_bytes() + sim.replicate_bytes()) as f64;
        eprintln!(
            "{n} practitioners: {:.1} bytes each beyond the built system",
            bytes / f64::from(n)
        );
        group.throughput(Throughput::Elements(u64::from(n) * u64::from(steps)));
        group.bench_with_input(BenchmarkId::new("flat-baseline", n), &flat, |b, flat| {
            b.iter(|| black_box(flat.run(7)));
        });
        group.bench_with_input(BenchmarkId::new("simulation", n), &sim, |b, sim| {
            b.iter(|| black_box(sim.replicate(7, 0)));
        });
    }
    group.finish();
}

fn threads(c: &mut Criterion) {
    let mut group = c.benchmark_group("threads");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    let n = if std::env::args().any(|a| a == "--bench") {
        100_000
    } else {
        10_000
    };
    let sim = simulation(generate(&shape(n), 42).expect("the bench shapes fit"));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool");
        group.bench_with_input(BenchmarkId::new("8-replicates", threads), &sim, |b, sim| {
            b.iter(|| pool.install(|| black_box(sim.forecast(7, 8))));
        });
    }
    group.finish();
}

criterion_group!(benches, replicate, threads);
criterion_main!(benches);

//! Reading documents: `Document::from_json_slice` (typed parse + validation) against plain
//! typed `serde_json` deserialization of the same bytes, in the same run.
//!
//! ```text
//! cargo bench --bench documents
//! ```

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use implsci::innovation::{
    EssentialFunction, FidelityAssessment, FidelityCriterion, FidelityItem, PracticeProfile,
    ProfileRow,
};
use implsci::{Document, Innovation};

/// An innovation with `n` essential functions, each with a profile row and a fidelity item.
fn innovation(n: usize) -> Vec<u8> {
    let mut innovation = Innovation::new("bench".parse().unwrap(), "Bench innovation");
    let mut profile = PracticeProfile::default();
    let mut assessment = FidelityAssessment::new("Bench fidelity", FidelityCriterion::new(80.0));
    for i in 0..n {
        let id = format!("ef-{i}");
        let mut f = EssentialFunction::new(id.parse().unwrap(), format!("Function {i}"));
        f.description = Some(format!("What function {i} looks like in practice"));
        innovation.essential_functions.push(f);
        profile.rows.push(ProfileRow::new(
            id.parse().unwrap(),
            "expected use",
            "developmental use",
            "unacceptable variation",
        ));
        assessment.items.push(FidelityItem::new(
            format!("fi-{i}").parse().unwrap(),
            "observed",
            vec![id.parse().unwrap()],
        ));
    }
    innovation.practice_profile = Some(profile);
    innovation.fidelity_assessment = Some(assessment);
    innovation.to_json().unwrap().into_bytes()
}

fn read(c: &mut Criterion) {
    let bytes = innovation(2_000);
    let mut group = c.benchmark_group("innovation_2000_functions");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("baseline_serde_typed", |b| {
        b.iter(|| serde_json::from_slice::<Innovation>(black_box(&bytes)).unwrap());
    });
    group.bench_function("from_json_slice_validated", |b| {
        b.iter(|| Innovation::from_json_slice(black_box(&bytes)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);

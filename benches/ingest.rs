//! Cleaning plus actor matching throughput on English text (target: ≥ 100 MB/s on one core).
//!
//! Inputs are synthetic English statements (see `support/mod.rs`): varied, hard-wrapped or not,
//! hyphenated across lines, with actors and a little chrome; plus the bundled samples.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use demarche::model::ingest::{Context, ingest_bytes};
use demarche::model::library::BUNDLED;
use demarche::model::statement::SourceFormat;

mod support;

fn bench_ingest(c: &mut Criterion) {
    let ctx = Context::default();
    // Warm the word list and rule sets once, as a running reader would have.
    let _ = ingest_bytes(b"warm up", "warm", SourceFormat::Text, &ctx);
    let mut group = c.benchmark_group("ingest");

    let library = support::library(4 << 20, 7);
    let total: usize = library.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function(
        format!("{} statements, {} KiB", library.len(), total / 1024),
        |b| {
            b.iter(|| {
                for st in &library {
                    let _ = black_box(ingest_bytes(
                        st.as_bytes(),
                        "bench.txt",
                        SourceFormat::Text,
                        &ctx,
                    ));
                }
            })
        },
    );

    let long = support::long_statement(4 << 20, 11);
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.bench_function(format!("one statement, {} KiB", long.len() / 1024), |b| {
        b.iter(|| {
            ingest_bytes(
                black_box(long.as_bytes()),
                "bench.txt",
                SourceFormat::Text,
                &ctx,
            )
        })
    });

    let bundled: usize = BUNDLED.iter().map(|(_, b)| b.len()).sum();
    group.throughput(Throughput::Bytes(bundled as u64));
    group.bench_function("bundled samples (all formats)", |b| {
        b.iter(|| {
            for (name, bytes) in BUNDLED {
                let fmt = SourceFormat::from_path(std::path::Path::new(name))
                    .unwrap_or(SourceFormat::Text);
                let _ = black_box(ingest_bytes(bytes, name, fmt, &ctx));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(5));
    targets = bench_ingest
}
criterion_main!(benches);

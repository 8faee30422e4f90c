//! The hot path of every monitoring tool: decoding `gpu_metrics`. Each version's decode is
//! measured beside a plain copy of the same bytes in the same group (the target: decode ≤ 3×
//! copy), then a read + decode from a fixture file, as every telemetry call does.

use std::hint::black_box;
use std::path::PathBuf;

use amdsmi::gpu::metrics;
use amdsmi::{AmdSmiClkType, Context};
use criterion::{criterion_group, criterion_main, Criterion};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every blob under `fixtures/gpu_metrics` (synthesized) and `fixtures/gpu_metrics/captured`.
fn blobs() -> Vec<(String, Vec<u8>)> {
    let mut blobs = Vec::new();
    for dir in ["gpu_metrics", "gpu_metrics/captured"] {
        let Ok(entries) = std::fs::read_dir(fixtures().join(dir)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(bytes) = std::fs::read(&path) else { continue };
            if metrics::decode(&bytes).is_ok() {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
                blobs.push((format!("{dir}/{name}"), bytes));
            }
        }
    }
    blobs.sort();
    blobs
}

fn decode(c: &mut Criterion) {
    for (name, bytes) in blobs() {
        let mut group = c.benchmark_group(name);
        group.bench_function("copy", |b| b.iter(|| black_box(bytes.as_slice()).to_vec()));
        group.bench_function("decode", |b| b.iter(|| metrics::decode(black_box(&bytes))));
        group.finish();
    }
}

fn read_and_decode(c: &mut Criterion) {
    let root = fixtures().join("machines/rx6900xt");
    let Ok(ctx) = Context::builder().root(&root).build() else { return };
    let Some(&gpu) = ctx.processor_handles().first() else { return };
    c.bench_function("read+decode/rx6900xt", |b| b.iter(|| ctx.gpu_metrics_info(black_box(gpu))));
    c.bench_function("clock_info/rx6900xt", |b| b.iter(|| ctx.clock_info(black_box(gpu), AmdSmiClkType::Sys)));
}

criterion_group!(benches, decode, read_and_decode);
criterion_main!(benches);

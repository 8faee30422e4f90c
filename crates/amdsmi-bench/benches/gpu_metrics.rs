//! The hot path of every monitoring tool: decoding `gpu_metrics`.
//!
//! Per blob (every synthesized and captured fixture), in one group:
//! - `copy`: a plain copy of the same bytes (`to_vec`), the yardstick;
//! - `parse`: `metrics::parse`, the decode the project's target is measured on (≤ 3× `copy`):
//!   header and size validation, and for v1.9 the walk that indexes the attribute list; it
//!   yields a view whose typed accessors read fields on demand;
//! - `parse+read`: `parse`, then the handful of fields a monitor polls (socket power, GFX
//!   activity, edge and hotspot temperature, current GFX clock, energy accumulator);
//! - `normalize`: `metrics::decode`, every field into the ~10 KB `GpuMetrics`.
//!
//! Reading the blob from its file is measured by the `io` bench.

use std::hint::black_box;

use amdsmi::gpu::metrics::{self, MetricsView};
use amdsmi_bench::fixtures;
use criterion::{criterion_group, criterion_main, Criterion};

/// Every blob under `fixtures/gpu_metrics` (synthesized) and `fixtures/gpu_metrics/captured`.
fn blobs() -> Vec<(String, Vec<u8>)> {
    let mut blobs = Vec::new();
    for dir in ["gpu_metrics", "gpu_metrics/captured"] {
        let Ok(entries) = std::fs::read_dir(fixtures().join(dir)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(bytes) = std::fs::read(&path) else { continue };
            if metrics::parse(&bytes).is_ok() {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
                blobs.push((format!("{dir}/{name}"), bytes));
            }
        }
    }
    blobs.sort();
    blobs
}

/// The fields a monitor polls, summed so none is optimized away.
fn hot_fields(m: &MetricsView<&[u8]>) -> u64 {
    let power = m.current_socket_power().or(m.average_socket_power());
    [
        power.map(u64::from),
        m.average_gfx_activity().map(u64::from),
        m.temperature_edge().map(u64::from),
        m.temperature_hotspot().map(u64::from),
        m.current_gfxclk().map(u64::from),
        m.energy_accumulator(),
    ]
    .into_iter()
    .flatten()
    .fold(0, u64::wrapping_add)
}

fn decode(c: &mut Criterion) {
    for (name, bytes) in blobs() {
        let mut group = c.benchmark_group(name);
        group.bench_function("copy", |b| b.iter(|| black_box(bytes.as_slice()).to_vec()));
        group.bench_function("parse", |b| b.iter(|| metrics::parse(black_box(&bytes)).is_ok()));
        group.bench_function("parse+read", |b| {
            b.iter(|| metrics::parse(black_box(&bytes)).map(|m| hot_fields(&m)).unwrap_or_default())
        });
        group.bench_function("normalize", |b| b.iter(|| metrics::decode(black_box(&bytes))));
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);

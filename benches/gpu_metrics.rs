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
//! Then a read + decode from a fixture file and `clock_info` (as every telemetry call does), and
//! one `metric` snapshot (power, clock, activity, temperature, PCIe) of every GPU processor of an
//! 8 × MI300X machine in CPX mode.

use std::hint::black_box;
use std::path::PathBuf;

use amdsmi::gpu::metrics::{self, MetricsView};
use amdsmi::{AmdSmiClkType, AmdSmiProcessorType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context};
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

fn read_and_decode(c: &mut Criterion) {
    let root = fixtures().join("machines/rx6900xt");
    let Ok(ctx) = Context::builder().root(&root).build() else { return };
    let Some(&gpu) = ctx.processor_handles().first() else { return };
    c.bench_function("read+decode/rx6900xt", |b| b.iter(|| ctx.gpu(black_box(gpu)).and_then(|g| g.metrics_info())));
    c.bench_function("clock_info/rx6900xt", |b| {
        b.iter(|| ctx.gpu(black_box(gpu)).and_then(|g| g.clock_info(AmdSmiClkType::Sys)))
    });
}

/// What `amd-smi metric` reads per GPU processor: power, GFX clock, activity, junction
/// (hotspot) temperature and PCIe.
fn metric_snapshot(c: &mut Criterion) {
    let root = fixtures().join("machines/mi300x-cpx");
    let Ok(ctx) = Context::builder().root(&root).build() else { return };
    let gpus: Vec<_> = ctx
        .processor_handles()
        .into_iter()
        .filter(|&h| ctx.processor_type(h).is_ok_and(|t| t.processor_type == AmdSmiProcessorType::AmdGpu))
        .collect();
    c.bench_function(&format!("metric/mi300x-cpx ({} GPU processors)", gpus.len()), |b| {
        b.iter(|| {
            gpus.iter()
                .map(|&h| {
                    let power = ctx.gpu(h).and_then(|g| g.power_info()).ok().and_then(|p| p.socket_power);
                    let clock = ctx.gpu(h).and_then(|g| g.clock_info(AmdSmiClkType::Sys)).ok().and_then(|c| c.clk);
                    let busy = ctx.gpu(h).and_then(|g| g.activity()).ok().and_then(|a| a.gfx_activity);
                    let temp = ctx
                        .gpu(h)
                        .and_then(|g| g.temp_metric(AmdSmiTemperatureType::Junction, AmdSmiTemperatureMetric::Current))
                        .ok();
                    let pcie = ctx.gpu(h).and_then(|g| g.pcie_info()).ok().and_then(|p| p.pcie_metric.pcie_width);
                    black_box((power, clock, busy, temp, pcie))
                })
                .count()
        })
    });
}

criterion_group!(benches, decode, read_and_decode, metric_snapshot);
criterion_main!(benches);

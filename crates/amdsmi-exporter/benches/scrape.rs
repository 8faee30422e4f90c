//! One scrape of `mi300x-cpx` (8 MI300X in CPX mode: 63 partition processors, and 2 EPYC 9654
//! sockets with 192 cores): what the server does for one `GET /metrics` but the HTTP.
//!
//! One group:
//! - `collect`: every value read from the device views into a snapshot (`collect::collect`; the
//!   processors and their labels are read once, before: `collect::Inventory`);
//! - `scrape (Prometheus text)`, `scrape (OpenMetrics)`: the collection and its encoding
//!   (`Exporter::scrape`), the body a scrape returns (~1 MB, ~4,600 series).
//!
//! The library is built with its fixture stand-ins (the recorded DRM ioctls, the emulated HSMP),
//! as the tests and `amd-smi --root` use it.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use amdsmi::{AmdSmiInitFlags, Context};
use amdsmi_exporter::collect::{self, Inventory};
use amdsmi_exporter::{families, Exporter, Format};
use criterion::{criterion_group, criterion_main, Criterion};

fn scrape(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/machines/mi300x-cpx");
    let Ok(context) = Context::builder().root(root).flags(AmdSmiInitFlags::INIT_ALL_PROCESSORS).build() else {
        return;
    };
    let context = Arc::new(context);
    let exporter = Exporter::new(Arc::clone(&context), "bench");
    let count = families::all().len();
    let inventory = Inventory::new(&context, "bench");
    let mut group = c.benchmark_group("exporter/mi300x-cpx (63 partitions, 2 EPYC sockets)");
    group.sample_size(30);
    group.bench_function("collect", |b| b.iter(|| collect::collect(black_box(&context), &inventory, count)));
    group.bench_function("scrape (Prometheus text)", |b| b.iter(|| exporter.scrape(black_box(Format::Prometheus))));
    group.bench_function("scrape (OpenMetrics)", |b| b.iter(|| exporter.scrape(black_box(Format::OpenMetrics))));
    group.finish();
}

criterion_group!(benches, scrape);
criterion_main!(benches);

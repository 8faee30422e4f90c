//! One scrape of `mi300x-cpx` (8 MI300X in CPX mode: 63 partition processors, and 2 EPYC 9654
//! sockets): what the server does for one `GET /metrics` but the HTTP.
//!
//! One group:
//! - `collect`: every value read from the device views into a snapshot (`collect::collect`; the
//!   processors and their labels are read once, before: `collect::Inventory`);
//! - `scrape (Prometheus text)`, `scrape (OpenMetrics)`: the collection and its encoding
//!   (`Exporter::scrape`), the body a scrape returns (881 KB: 3,231 series of 62 families).
//!
//! Then `cpu time`: 500 scrapes of each format timed by the thread's CPU time
//! (`/proc/thread-self/stat` `utime` + `stime`) as well as the clock, printed: on a shared machine
//! the wall-clock medians count the time other processes hold the cores; the CPU time is the
//! server's own.
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

    for format in [Format::Prometheus, Format::OpenMetrics] {
        let scrapes = 500;
        let (Some(cpu_before), started) = (thread_cpu_ms(), std::time::Instant::now()) else { return };
        for _ in 0..scrapes {
            black_box(exporter.scrape(format));
        }
        let wall = started.elapsed().as_secs_f64() * 1e3 / f64::from(scrapes);
        let Some(cpu_after) = thread_cpu_ms() else { return };
        let cpu = (cpu_after - cpu_before) / f64::from(scrapes);
        println!(
            "cpu time ({format:?}): {cpu:.2} ms of CPU per scrape, {wall:.2} ms of wall clock ({scrapes} scrapes)"
        );
    }
}

/// This thread's CPU time (user and system), ms: fields 14 and 15 of `/proc/thread-self/stat`, in
/// clock ticks of 10 ms (`USER_HZ` 100).
fn thread_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces, so split after its `)`): state is
    // field 3, utime 14, stime 15.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) * 10.0)
}

criterion_group!(benches, scrape);
criterion_main!(benches);

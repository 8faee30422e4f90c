//! The polled read path against its floor (issue 13): a value read again costs one `pread` of
//! each file it needs, so the floor is a bare `pread` of the same files.
//!
//! One group per function and machine; in each, `pread` is the yardstick: the files the
//! function reads on a repeated call (as `tests/it/io.rs` records them), each opened once
//! before the loop and read with one `pread` at offset 0 into a kept 64 KiB buffer, nothing
//! decoded. The other entries are the library's calls on the first GPU processor, after a
//! first call opened what the device keeps open. The target is 1.5x the yardstick.
//!
//! Then `metric/mi300x-cpx`: one `amd-smi metric` snapshot (power, GFX clock, activity,
//! junction temperature, PCIe) of every GPU processor of an 8 x MI300X machine in CPX mode.

use std::fs::File;
use std::hint::black_box;
use std::os::unix::fs::FileExt;
use std::path::PathBuf;

use amdsmi::{
    AmdSmiClkType, AmdSmiProcessorType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context, Gpu, ProcessorHandle,
};
use amdsmi_bench::machine;
use criterion::{criterion_group, criterion_main, Criterion};

/// A library call by name, `true` when it succeeded.
type Call<'a> = (&'a str, &'a dyn Fn(&Gpu<'_>) -> bool);

/// The files of a function, opened once, and the buffer they are read into.
struct Bare {
    files: Vec<File>,
    buf: Vec<u8>,
}

impl Bare {
    fn open(paths: &[PathBuf]) -> Bare {
        let files = paths.iter().map(|p| File::open(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).collect();
        Bare { files, buf: vec![0; 64 << 10] }
    }

    /// One `pread` at offset 0 of each file; the bytes read.
    fn read(&mut self) -> usize {
        self.files.iter().map(|f| f.read_at(&mut self.buf, 0).unwrap_or(0)).sum()
    }
}

/// A machine's context and its first GPU processor.
fn first_gpu(name: &str) -> (Context, ProcessorHandle) {
    let ctx = Context::builder().root(machine(name)).build().expect("the fixture machine builds");
    let gpu = ctx.processor_handles()[0];
    (ctx, gpu)
}

/// The group `<function>/<machine>`: `pread` of `files` (relative to the GPU's PCI device
/// directory; `hwmon/` ones to its hwmon directory), then each named call.
fn group(c: &mut Criterion, name: &str, machine_name: &str, files: &[&str], calls: &[Call<'_>]) {
    let (ctx, handle) = first_gpu(machine_name);
    let gpu = ctx.gpu(handle).expect("a GPU");
    let dir = gpu.device().device_dir.clone();
    let hwmon = gpu.device().hwmon_dir().unwrap_or_else(|_| dir.clone());
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|f| match f.strip_prefix("hwmon/") {
            Some(name) => hwmon.join(name),
            None => dir.join(f),
        })
        .collect();
    let mut bare = Bare::open(&paths);
    let mut group = c.benchmark_group(format!("{name}/{machine_name}"));
    group.bench_function("pread", |b| b.iter(|| bare.read()));
    for (label, call) in calls {
        assert!(call(&gpu), "{name}/{machine_name}: {label} fails on the fixture");
        group.bench_function(*label, |b| b.iter(|| call(black_box(&gpu))));
    }
    group.finish();
}

fn reads(c: &mut Criterion) {
    amdsmi_bench::require_plain_library();
    for m in ["rx6900xt", "mi300x-cpx"] {
        group(
            c,
            "gpu_metrics",
            m,
            &["gpu_metrics"],
            &[
                ("activity", &|g| g.activity().is_ok()),
                ("energy_count", &|g| g.energy_count().is_ok()),
                ("metrics_header_info", &|g| g.metrics_header_info().is_ok()),
                ("metrics_info", &|g| g.metrics_info().is_ok()),
            ],
        );
        group(
            c,
            "temperature",
            m,
            &["hwmon/temp2_input"],
            &[("temp_metric(JUNCTION)", &|g| {
                g.temp_metric(AmdSmiTemperatureType::Junction, AmdSmiTemperatureMetric::Current).is_ok()
            })],
        );
        group(c, "clock", m, &["pp_dpm_sclk"], &[("clk_freq(SYS)", &|g| g.clk_freq(AmdSmiClkType::Sys).is_ok())]);
        group(c, "busy", m, &["gpu_busy_percent"], &[("busy_percent", &|g| g.busy_percent().is_ok())]);
    }
    // power_info: gpu_metrics and the cap; MI300X's v1.5 blob has no current socket power, so
    // hwmon's power1_input too.
    let power: &[Call<'_>] = &[("power_info", &|g| g.power_info().is_ok())];
    group(c, "power", "rx6900xt", &["gpu_metrics", "hwmon/power1_cap"], power);
    group(c, "power", "mi300x-cpx", &["gpu_metrics", "hwmon/power1_input", "hwmon/power1_cap"], power);
}

/// What `amd-smi metric` reads per GPU processor: power, GFX clock, activity, junction
/// (hotspot) temperature and PCIe.
fn metric_snapshot(c: &mut Criterion) {
    let ctx = Context::builder().root(machine("mi300x-cpx")).build().expect("the fixture machine builds");
    let gpus: Vec<_> = ctx
        .processor_handles()
        .into_iter()
        .filter(|&h| ctx.processor_type(h).is_ok_and(|t| t.processor_type == AmdSmiProcessorType::AmdGpu))
        .collect();
    c.bench_function(&format!("metric/mi300x-cpx ({} GPU processors)", gpus.len()), |b| {
        b.iter(|| {
            gpus.iter()
                .filter_map(|&h| ctx.gpu(h).ok())
                .map(|g| {
                    let power = g.power_info().ok().and_then(|p| p.socket_power);
                    let clock = g.clock_info(AmdSmiClkType::Sys).ok().and_then(|c| c.clk);
                    let busy = g.activity().ok().and_then(|a| a.gfx_activity);
                    let temp = g.temp_metric(AmdSmiTemperatureType::Junction, AmdSmiTemperatureMetric::Current).ok();
                    let pcie = g.pcie_info().ok().and_then(|p| p.pcie_metric.pcie_width);
                    black_box((power, clock, busy, temp, pcie))
                })
                .count()
        })
    });
}

criterion_group!(benches, reads, metric_snapshot);
criterion_main!(benches);

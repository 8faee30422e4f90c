//! System-call budgets (issue 13): what the I/O layer asks of the kernel for each GPU function,
//! recorded with `sysfs::trace::record` on fixture machines. After a function's first call on a
//! device: no directory is listed and no link resolved, every value from `gpu_metrics` is one
//! `pread` of it at offset 0, and a value in one sysfs file is one `pread`.

use amdsmi::sysfs::trace::{self, Call, Op};
use amdsmi::{
    AmdSmiClkType, AmdSmiMemoryType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context, ProcessorHandle, Status,
};

use crate::common::machine;

/// The functions whose repeated call may list a directory, and why.
const LISTING: &[(&str, &str)] = &[
    // Processes come and go: every call lists KFD's process directory and each process's
    // queues, as AMD SMI does (`rsmi_compute_process_info_get`).
    ("amdsmi_get_gpu_process_list", "processes"),
];

fn context(name: &str) -> Context {
    Context::builder().root(machine(name)).build().unwrap()
}

fn gpus(ctx: &Context) -> Vec<ProcessorHandle> {
    ctx.processor_handles().into_iter().filter(|&h| ctx.gpu(h).is_ok()).collect()
}

/// The calls of `f`'s second run (the first opens what a device keeps open).
fn second_call<T>(f: impl Fn() -> T) -> (T, Vec<Call>) {
    f();
    trace::record(f)
}

/// The file names and offsets of the reads in `calls`.
fn reads(calls: &[Call]) -> Vec<(String, u64)> {
    calls
        .iter()
        .map(|c| {
            assert_eq!(c.op, Op::Read, "only reads on a repeated call: {c:?}");
            (c.path.file_name().unwrap().to_string_lossy().into_owned(), c.offset)
        })
        .collect()
}

#[test]
fn no_repeated_call_lists_a_directory_or_resolves_a_link() {
    let reads = crate::reads::all().gpu;
    assert!(reads.len() > 60, "the table's GPU reads: {}", reads.len());
    let mut failures = Vec::new();
    for name in ["rx6900xt", "mi300x-cpx", "mi210-xgmi", "phoenix", "rx9070", "vega10"] {
        let ctx = context(name);
        let handle = gpus(&ctx)[0];
        let gpu = ctx.gpu(handle).unwrap();
        for (function, read) in &reads {
            let (_, calls) = second_call(|| read(&gpu));
            if LISTING.iter().any(|(f, _)| function.starts_with(f)) {
                continue;
            }
            let walks: Vec<&Call> =
                calls.iter().filter(|c| matches!(c.op, Op::ListDir | Op::Resolve | Op::ReadLink)).collect();
            if let Some(walk) = walks.first() {
                failures.push(format!(
                    "{name} {function}: {:?} {} (+{} more)",
                    walk.op,
                    walk.path.display(),
                    walks.len() - 1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_gpu_metrics_value_is_one_pread() {
    // rx6900xt: a captured v1.3 blob (fixtures/gpu_metrics/captured/lact-rx6900xt, 4096 bytes);
    // mi300x-cpx: a v1.5 blob per GPU, shared by its 8 partitions.
    for name in ["rx6900xt", "mi300x-cpx"] {
        let ctx = context(name);
        let gpu = ctx.gpu(gpus(&ctx)[0]).unwrap();
        let one = [("gpu_metrics".to_owned(), 0)];
        let (info, calls) = second_call(|| gpu.metrics_info());
        assert!(info.is_ok());
        assert_eq!(reads(&calls), one, "{name} metrics_info");
        let (activity, calls) = second_call(|| gpu.activity());
        assert!(activity.is_ok());
        assert_eq!(reads(&calls), one, "{name} activity");
        let (energy, calls) = second_call(|| gpu.energy_count());
        assert!(energy.is_ok());
        assert_eq!(reads(&calls), one, "{name} energy_count");
        let (header, calls) = second_call(|| gpu.metrics_header_info());
        assert!(header.is_ok());
        assert_eq!(reads(&calls), one, "{name} metrics_header_info");
    }
}

#[test]
fn a_value_in_one_file_is_one_pread() {
    let ctx = context("rx6900xt");
    let gpu = ctx.gpu(gpus(&ctx)[0]).unwrap();
    let hwmon = |file: &str| vec![(file.to_owned(), 0)];
    // The device directory is sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0.
    // hwmon/hwmon5/temp1_input "56000", temp1_label "edge".
    let (edge, calls) = second_call(|| gpu.temp_metric(AmdSmiTemperatureType::Edge, AmdSmiTemperatureMetric::Current));
    assert_eq!(edge.unwrap(), 56);
    assert_eq!(reads(&calls), hwmon("temp1_input"));
    // pp_dpm_sclk "0: 500Mhz *", "1: 2660Mhz".
    let (sclk, calls) = second_call(|| gpu.clk_freq(AmdSmiClkType::Sys));
    assert_eq!(sclk.unwrap().frequency, [500_000_000, 2_660_000_000]);
    assert_eq!(reads(&calls), hwmon("pp_dpm_sclk"));
    // gpu_busy_percent "3".
    let (busy, calls) = second_call(|| gpu.busy_percent());
    assert_eq!(busy.unwrap(), 3);
    assert_eq!(reads(&calls), hwmon("gpu_busy_percent"));
    // mem_info_vram_used "668274688".
    let (vram, calls) = second_call(|| gpu.memory_usage(AmdSmiMemoryType::Vram));
    assert_eq!(vram.unwrap(), 668_274_688);
    assert_eq!(reads(&calls), hwmon("mem_info_vram_used"));
    // hwmon/hwmon5/fan1_input "0".
    let (fan, calls) = second_call(|| gpu.fan_rpms(0));
    assert_eq!(fan.unwrap(), 0);
    assert_eq!(reads(&calls), hwmon("fan1_input"));
}

#[test]
fn a_gpu_that_goes_away_is_an_error_never_a_stale_value() {
    // rx6900xt's gpu_busy_percent is "3". Hot-unplug removes the device's nodes while the library
    // keeps them open; kernfs then answers ENODEV on the open descriptors, as the stand-in does
    // for an unlinked file.
    let dir = crate::common::copy_machine("rx6900xt");
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpu = ctx.gpu(gpus(&ctx)[0]).unwrap();
    assert_eq!(gpu.busy_percent().unwrap(), 3);
    let activity = gpu.activity().unwrap();
    let device = gpu.device().device_dir.clone();
    let metrics = std::fs::read(device.join("gpu_metrics")).unwrap();
    for file in ["gpu_busy_percent", "gpu_metrics"] {
        std::fs::remove_file(device.join(file)).unwrap();
    }
    let gone = gpu.busy_percent().unwrap_err();
    assert_eq!((gone.status(), gone.detail()), (Status::NotSupported, Some("No such device (os error 19)")));
    assert_eq!(gpu.activity().unwrap_err().detail(), Some("No such device (os error 19)"));
    // Still gone: the path is opened again, and is missing.
    assert_eq!(gpu.busy_percent().unwrap_err().detail(), Some("No such file or directory (os error 2)"));
    // Back, busier: the new nodes are opened and read.
    std::fs::write(device.join("gpu_busy_percent"), "88\n").unwrap();
    std::fs::write(device.join("gpu_metrics"), metrics).unwrap();
    assert_eq!(gpu.busy_percent().unwrap(), 88);
    assert_eq!(gpu.activity().unwrap(), activity);
}

#[test]
fn a_gpu_keeps_a_few_descriptors_not_one_per_file() {
    // Every GPU read of the table on every processor of mi300x-cpx: the PCI device directory of
    // 0000:05:00.0 keeps the ten files of it that those reads poll and that exist (no
    // gtt, dcefclk, vclk, dclk or pcie tables there), whatever else was read.
    let ctx = context("mi300x-cpx");
    let reads = crate::reads::all().gpu;
    for h in gpus(&ctx) {
        let gpu = ctx.gpu(h).unwrap();
        for (_, read) in &reads {
            let _ = read(&gpu);
        }
    }
    let gpu = ctx.gpu(gpus(&ctx)[0]).unwrap();
    assert_eq!(gpu.device().files.polled.open_count(), 10, "{:?}", gpu.device().files.polled);
}

#[test]
fn retired_pages_are_read_to_the_end_a_page_of_records_at_a_time() {
    // 300 retired pages on mi300x-cpx's 0000:05:00.0 (a copy): the kernel serves the file's
    // 28-byte records 146 to a read (a page), so one read would see 146 of them.
    let dir = crate::common::copy_machine("mi300x-cpx");
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let handle = ctx.processor_handle_from_bdf("0000:05:00.0").unwrap();
    let gpu = ctx.gpu(handle).unwrap();
    let file = gpu.device().attr("ras/gpu_vram_bad_pages");
    let records: String = (0..300u32).map(|i| format!("0x{:08x} : 0x00001000 : R\n", 0x10000 + i)).collect();
    std::fs::write(&file, &records).unwrap();
    assert_eq!(amdsmi::sysfs::read_text(&file).unwrap().lines().count(), 146);
    let (pages, calls) = trace::record(|| gpu.bad_page_info());
    let pages = pages.unwrap();
    assert_eq!(pages.len(), 300);
    assert_eq!((pages[0].page_address, pages[299].page_address, pages[299].value), (0x10000, 0x1012b, 299));
    let offsets: Vec<u64> = calls.iter().filter(|c| c.op == Op::Read).map(|c| c.offset).collect();
    assert_eq!(offsets, [0, 4088, 8176, 8400]);
}

//! `amd-smi metric`: live telemetry by section, human or `--json`, `N/A` where a value is not
//! supported; repeated with the watch options ([`crate::watch`]).

use amdsmi::{
    AmdSmiClkType, AmdSmiMemoryType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context, ProcessorHandle,
    ViolationStatus,
};
use serde::Serialize;

use crate::ecc;
use crate::render::{self, sections, unit, Entries, Na, Unit};

/// Options of `metric`: the sections to show (all when none is named), and the watch mode.
#[derive(clap::Args)]
pub struct Args {
    /// Engine usage (GFX, memory, multimedia)
    #[arg(short = 'u', long)]
    usage: bool,
    /// Power and voltages
    #[arg(short = 'p', long)]
    power: bool,
    /// Current clocks and their ranges
    #[arg(short = 'c', long)]
    clock: bool,
    /// Temperatures
    #[arg(short = 't', long)]
    temperature: bool,
    /// PCIe link and counters
    #[arg(short = 'P', long)]
    pcie: bool,
    /// Fan
    #[arg(short = 'f', long)]
    fan: bool,
    /// Overdrive voltage curve
    #[arg(short = 'C', long = "voltage-curve")]
    voltage_curve: bool,
    /// Overdrive percentages
    #[arg(short = 'o', long)]
    overdrive: bool,
    /// Performance level
    #[arg(short = 'l', long = "perf-level")]
    perf_level: bool,
    /// Memory pools
    #[arg(short = 'm', long = "mem-usage")]
    mem_usage: bool,
    /// Throttle (violation) accumulators, status and activity; MI300 or newer
    #[arg(short = 'T', long)]
    throttle: bool,
    #[command(flatten)]
    watch: crate::watch::Watch,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
    // ECC sections (ras area)
    /// ECC error totals
    #[arg(short = 'e', long)]
    ecc: bool,
    /// ECC error counts of each RAS-enabled block
    #[arg(short = 'k', long = "ecc-blocks")]
    ecc_blocks: bool,
    // EPYC CPUs (epyc.rs)
    #[command(flatten)]
    cpu: crate::epyc::MetricArgs,
}

/// Whether `metric` is about CPUs (`--cpu`, `--core` or a CPU/core section): the CLI then
/// discovers CPUs.
pub fn wants_cpus(args: &Args) -> bool {
    args.cpu.selected()
}

/// `ENABLED`/`DISABLED`.
fn enabled(on: bool) -> &'static str {
    if on {
        "ENABLED"
    } else {
        "DISABLED"
    }
}

/// The `usage` section: engine activity, %.
#[derive(Serialize)]
struct Usage {
    gfx_activity: Na<Unit<u16>>,
    umc_activity: Na<Unit<u16>>,
    mm_activity: Na<Unit<u16>>,
}

fn usage(c: &Context, gpu: ProcessorHandle) -> Usage {
    let u = c.gpu(gpu).and_then(|g| g.activity()).ok();
    Usage {
        gfx_activity: unit(u.as_ref().and_then(|u| u.gfx_activity), "%"),
        umc_activity: unit(u.as_ref().and_then(|u| u.umc_activity), "%"),
        mm_activity: unit(u.as_ref().and_then(|u| u.mm_activity), "%"),
    }
}

/// The `power` section: socket power (W), voltages (mV), power management.
#[derive(Serialize)]
struct Power {
    socket_power: Na<Unit<u64>>,
    gfx_voltage: Na<Unit<u64>>,
    soc_voltage: Na<Unit<u64>>,
    mem_voltage: Na<Unit<u64>>,
    power_management: Na<&'static str>,
}

fn power(c: &Context, gpu: ProcessorHandle) -> Power {
    let p = c.gpu(gpu).and_then(|g| g.power_info()).ok();
    Power {
        socket_power: unit(p.as_ref().and_then(|p| p.socket_power), "W"),
        gfx_voltage: unit(p.as_ref().and_then(|p| p.gfx_voltage), "mV"),
        soc_voltage: unit(p.as_ref().and_then(|p| p.soc_voltage), "mV"),
        mem_voltage: unit(p.as_ref().and_then(|p| p.mem_voltage), "mV"),
        power_management: Na(c.gpu(gpu).and_then(|g| g.is_power_management_enabled()).ok().map(enabled)),
    }
}

/// One clock domain: current, minimum and maximum clock (MHz), lock and deep sleep.
#[derive(Serialize)]
struct Clock {
    clk: Na<Unit<u32>>,
    min_clk: Na<Unit<u32>>,
    max_clk: Na<Unit<u32>>,
    clk_locked: Na<&'static str>,
    deep_sleep: Na<&'static str>,
}

/// The `clock` section: every domain, by amd-smi's name.
fn clock(c: &Context, gpu: ProcessorHandle) -> Entries<Na<Clock>> {
    let domains = [
        ("gfx_0", AmdSmiClkType::Sys),
        ("mem_0", AmdSmiClkType::Mem),
        ("soc_0", AmdSmiClkType::Soc),
        ("vclk_0", AmdSmiClkType::Vclk0),
        ("vclk_1", AmdSmiClkType::Vclk1),
        ("dclk_0", AmdSmiClkType::Dclk0),
        ("dclk_1", AmdSmiClkType::Dclk1),
    ];
    let domain = |clk| {
        Na::ok(c.gpu(gpu).and_then(|g| g.clock_info(clk)).map(|info| Clock {
            clk: unit(info.clk, "MHz"),
            min_clk: unit(info.min_clk, "MHz"),
            max_clk: unit(info.max_clk, "MHz"),
            clk_locked: Na(info.clk_locked.map(enabled)),
            deep_sleep: Na(info.clk_deep_sleep.map(enabled)),
        }))
    };
    Entries(domains.into_iter().map(|(name, clk)| (name.to_owned(), domain(clk))).collect())
}

/// The `temperature` section, °C.
#[derive(Serialize)]
struct Temperature {
    edge: Na<Unit<i64>>,
    hotspot: Na<Unit<i64>>,
    mem: Na<Unit<i64>>,
}

fn temperature(c: &Context, gpu: ProcessorHandle) -> Temperature {
    let read = |t| unit(c.gpu(gpu).and_then(|g| g.temp_metric(t, AmdSmiTemperatureMetric::Current)).ok(), "C");
    Temperature {
        edge: read(AmdSmiTemperatureType::Edge),
        hotspot: read(AmdSmiTemperatureType::Junction),
        mem: read(AmdSmiTemperatureType::Vram),
    }
}

/// The `pcie` section: link width, speed (GT/s), bandwidth (Mb/s) and counters.
#[derive(Serialize)]
struct Pcie {
    width: Na<u32>,
    speed: Na<Unit<f64>>,
    bandwidth: Na<Unit<u64>>,
    replay_count: Na<u64>,
    l0_to_recovery_count: Na<u64>,
    replay_roll_over_count: Na<u64>,
    nak_sent_count: Na<u64>,
    nak_received_count: Na<u64>,
}

fn pcie(c: &Context, gpu: ProcessorHandle) -> Na<Pcie> {
    Na::ok(c.gpu(gpu).and_then(|g| g.pcie_info()).map(|p| {
        let m = p.pcie_metric;
        Pcie {
            width: Na(m.pcie_width),
            speed: unit(m.pcie_speed.map(|mts| f64::from(mts) / 1000.0), "GT/s"),
            bandwidth: unit(m.pcie_bandwidth, "Mb/s"),
            replay_count: Na(m.pcie_replay_count),
            l0_to_recovery_count: Na(m.pcie_l0_to_recovery_count),
            replay_roll_over_count: Na(m.pcie_replay_roll_over_count),
            nak_sent_count: Na(m.pcie_nak_sent_count),
            nak_received_count: Na(m.pcie_nak_received_count),
        }
    }))
}

/// The `fan` section: speed and its maximum (0-255 scale), RPM, and usage (%).
#[derive(Serialize)]
struct Fan {
    speed: Na<u64>,
    max: Na<u64>,
    rpm: Na<u64>,
    usage: Na<Unit<u64>>,
}

fn fan(c: &Context, gpu: ProcessorHandle) -> Fan {
    let speed = c.gpu(gpu).and_then(|g| g.fan_speed(0)).ok();
    let max = c.gpu(gpu).and_then(|g| g.fan_speed_max(0)).ok();
    let usage = speed.zip(max).filter(|&(_, m)| m > 0).map(|(s, m)| (s * 100).div_ceil(m));
    Fan { speed: Na(speed), max: Na(max), rpm: Na::ok(c.gpu(gpu).and_then(|g| g.fan_rpms(0))), usage: unit(usage, "%") }
}

/// The `overdrive` section, %.
#[derive(Serialize)]
struct Overdrive {
    gfx: Na<Unit<u32>>,
    mem: Na<Unit<u32>>,
}

fn overdrive(c: &Context, gpu: ProcessorHandle) -> Overdrive {
    Overdrive {
        gfx: unit(c.gpu(gpu).and_then(|g| g.overdrive_level()).ok(), "%"),
        mem: unit(c.gpu(gpu).and_then(|g| g.mem_overdrive_level()).ok(), "%"),
    }
}

/// The `mem_usage` section: total, used and free memory of each pool, MB.
#[derive(Serialize)]
struct MemUsage {
    total_vram: Na<Unit<u64>>,
    used_vram: Na<Unit<u64>>,
    free_vram: Na<Unit<u64>>,
    total_visible_vram: Na<Unit<u64>>,
    used_visible_vram: Na<Unit<u64>>,
    free_visible_vram: Na<Unit<u64>>,
    total_gtt: Na<Unit<u64>>,
    used_gtt: Na<Unit<u64>>,
    free_gtt: Na<Unit<u64>>,
}

fn mem_usage(c: &Context, gpu: ProcessorHandle) -> MemUsage {
    const MIB: u64 = 1024 * 1024;
    let pool = |pool| {
        let total = c.gpu(gpu).and_then(|g| g.memory_total(pool)).ok();
        let used = c.gpu(gpu).and_then(|g| g.memory_usage(pool)).ok();
        let free = total.zip(used).map(|(t, u)| t.saturating_sub(u) / MIB);
        (unit(total.map(|b| b / MIB), "MB"), unit(used.map(|b| b / MIB), "MB"), unit(free, "MB"))
    };
    let (total_vram, used_vram, free_vram) = pool(AmdSmiMemoryType::Vram);
    let (total_visible_vram, used_visible_vram, free_visible_vram) = pool(AmdSmiMemoryType::VisVram);
    let (total_gtt, used_gtt, free_gtt) = pool(AmdSmiMemoryType::Gtt);
    MemUsage {
        total_vram,
        used_vram,
        free_vram,
        total_visible_vram,
        used_visible_vram,
        free_visible_vram,
        total_gtt,
        used_gtt,
        free_gtt,
    }
}

/// The `throttle` section as amd-smi prints it: accumulators, `ACTIVE`/`NOT ACTIVE`, and the
/// share of the cycles since the previous sample, %.
#[derive(Serialize)]
struct Throttle {
    accumulation_counter: Na<u64>,
    prochot_accumulated: Na<u64>,
    ppt_accumulated: Na<u64>,
    socket_thermal_accumulated: Na<u64>,
    vr_thermal_accumulated: Na<u64>,
    hbm_thermal_accumulated: Na<u64>,
    prochot_violation_status: Na<&'static str>,
    ppt_violation_status: Na<&'static str>,
    socket_thermal_violation_status: Na<&'static str>,
    vr_thermal_violation_status: Na<&'static str>,
    hbm_thermal_violation_status: Na<&'static str>,
    prochot_violation_activity: Na<Unit<u64>>,
    ppt_violation_activity: Na<Unit<u64>>,
    socket_thermal_violation_activity: Na<Unit<u64>>,
    vr_thermal_violation_activity: Na<Unit<u64>>,
    hbm_thermal_violation_activity: Na<Unit<u64>>,
}

fn throttle(c: &Context, gpu: ProcessorHandle) -> Throttle {
    let v = c.gpu(gpu).and_then(|g| g.violation_status()).ok();
    let get = |f: fn(&ViolationStatus) -> Option<u64>| Na(v.as_ref().and_then(f));
    let active = |f: fn(&ViolationStatus) -> Option<bool>| {
        Na(v.as_ref().and_then(f).map(|on| if on { "ACTIVE" } else { "NOT ACTIVE" }))
    };
    let percent = |f: fn(&ViolationStatus) -> Option<u64>| unit(v.as_ref().and_then(f), "%");
    Throttle {
        accumulation_counter: get(|v| v.acc_counter),
        prochot_accumulated: get(|v| v.acc_prochot_thrm),
        ppt_accumulated: get(|v| v.acc_ppt_pwr),
        socket_thermal_accumulated: get(|v| v.acc_socket_thrm),
        vr_thermal_accumulated: get(|v| v.acc_vr_thrm),
        hbm_thermal_accumulated: get(|v| v.acc_hbm_thrm),
        prochot_violation_status: active(|v| v.active_prochot_thrm),
        ppt_violation_status: active(|v| v.active_ppt_pwr),
        socket_thermal_violation_status: active(|v| v.active_socket_thrm),
        vr_thermal_violation_status: active(|v| v.active_vr_thrm),
        hbm_thermal_violation_status: active(|v| v.active_hbm_thrm),
        prochot_violation_activity: percent(|v| v.per_prochot_thrm),
        ppt_violation_activity: percent(|v| v.per_ppt_pwr),
        socket_thermal_violation_activity: percent(|v| v.per_socket_thrm),
        vr_thermal_violation_activity: percent(|v| v.per_vr_thrm),
        hbm_thermal_violation_activity: percent(|v| v.per_hbm_thrm),
    }
}

/// The throttle section of every GPU, taken on one thread per GPU: a GPU's first violation
/// sample waits 100 ms for a second one, and the waits overlap instead of adding up.
fn throttle_all(context: &Context, gpus: &[ProcessorHandle]) -> Vec<Na<Throttle>> {
    std::thread::scope(|s| {
        let workers: Vec<_> = gpus.iter().map(|&gpu| s.spawn(move || throttle(context, gpu))).collect();
        workers.into_iter().map(|w| Na(w.join().ok())).collect()
    })
}

sections! {
    /// One snapshot record of a GPU: the selected sections, in amd-smi's order (the ECC sections,
    /// ras area, after `temperature` as AMD orders them).
    struct Metric {
        usage: Usage,
        power: Power,
        clock: Entries<Na<Clock>>,
        temperature: Temperature,
        ecc: ecc::Ecc,
        ecc_blocks: Na<Entries<ecc::EccCounts>>,
        pcie: Na<Pcie>,
        fan: Fan,
        voltage_curve: Na<amdsmi::OdVoltInfo>,
        overdrive: Overdrive,
        perf_level: Na<String>,
        mem_usage: MemUsage,
        throttle: Na<Throttle>,
    }
}

/// One snapshot record of a GPU with the selected sections; `throttle` is the GPU's throttle
/// section, taken beforehand when selected.
fn record(context: &Context, gpu: ProcessorHandle, args: &Args, throttle: Option<Na<Throttle>>) -> Metric {
    let all = all_sections(args);
    let on = |flag: bool| all || flag;
    Metric {
        usage: on(args.usage).then(|| usage(context, gpu)),
        power: on(args.power).then(|| power(context, gpu)),
        clock: on(args.clock).then(|| clock(context, gpu)),
        temperature: on(args.temperature).then(|| temperature(context, gpu)),
        ecc: on(args.ecc).then(|| ecc::ecc(context, gpu)),
        ecc_blocks: on(args.ecc_blocks).then(|| ecc::ecc_blocks(context, gpu)),
        pcie: on(args.pcie).then(|| pcie(context, gpu)),
        fan: on(args.fan).then(|| fan(context, gpu)),
        voltage_curve: on(args.voltage_curve).then(|| Na::ok(context.gpu(gpu).and_then(|g| g.od_volt_info()))),
        overdrive: on(args.overdrive).then(|| overdrive(context, gpu)),
        perf_level: on(args.perf_level).then(|| Na::ok(context.gpu(gpu).and_then(|g| g.perf_level()))),
        mem_usage: on(args.mem_usage).then(|| mem_usage(context, gpu)),
        throttle,
    }
}

/// Whether no section was named (then every section is shown).
fn all_sections(args: &Args) -> bool {
    ![
        args.usage,
        args.power,
        args.clock,
        args.temperature,
        args.pcie,
        args.fan,
        args.voltage_curve,
        args.overdrive,
        args.perf_level,
        args.mem_usage,
        args.ecc,
        args.ecc_blocks,
        args.throttle,
    ]
    .contains(&true)
}

/// One snapshot of the selected GPUs (of the selected CPUs and cores with `--cpu`/`--core`).
fn snapshot(
    context: &Context,
    args: &Args,
    gpus: &[(usize, ProcessorHandle)],
    output: render::Output,
) -> amdsmi::Result<String> {
    if args.cpu.selected() {
        return crate::epyc::metric_snapshot(context, &args.cpu, output);
    }
    let handles: Vec<ProcessorHandle> = gpus.iter().map(|&(_, gpu)| gpu).collect();
    let throttles = if args.throttle || all_sections(args) { throttle_all(context, &handles) } else { Vec::new() };
    let mut throttles = throttles.into_iter();
    let records: Vec<(usize, Metric)> =
        gpus.iter().map(|&(i, gpu)| (i, record(context, gpu, args, throttles.next()))).collect();
    Ok(render::data(output, "gpu", &records))
}

/// Renders `metric`: once, or as the watch options say, printing each snapshot as it is taken.
pub fn run(context: &Context, args: &Args, out: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    let gpus = if args.cpu.selected() { Vec::new() } else { args.gpus.resolve(context)? };
    crate::watch::run(args.watch, args.output, out, |output| snapshot(context, args, &gpus, output))
}

//! `amd-smi metric`: live telemetry by section, human or `--json`, `N/A` where a value is not
//! supported; `-w SECONDS` repeats every SECONDS, `-i ITERATIONS` stops after that many.

use std::time::Duration;

use amdsmi::{
    AmdSmiClkType, AmdSmiMemoryType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context, ProcessorHandle,
    ViolationStatus,
};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::{ecc, render};

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
    /// Repeat every SECONDS
    #[arg(short = 'w', long = "watch", value_name = "SECONDS")]
    watch: Option<u64>,
    /// Stop after ITERATIONS snapshots (with --watch; default: until interrupted)
    #[arg(short = 'i', long = "iterations", value_name = "ITERATIONS")]
    iterations: Option<u64>,
    /// Print JSON instead of human-readable text
    #[arg(long)]
    json: bool,
    // ECC sections (ras area)
    /// ECC error totals
    #[arg(short = 'e', long)]
    ecc: bool,
    /// ECC error counts of each RAS-enabled block
    #[arg(short = 'k', long = "ecc-blocks")]
    ecc_blocks: bool,
    // EPYC CPUs (src/cpu.rs)
    #[command(flatten)]
    cpu: crate::cpu::MetricArgs,
}

/// Whether `metric` is about CPUs (`--cpu`, `--core` or a CPU/core section): the CLI then
/// discovers CPUs.
pub fn wants_cpus(args: &Args) -> bool {
    args.cpu.selected()
}

const NA: &str = "N/A";

/// `{"value": v, "unit": unit}`, or `"N/A"`.
fn unit<T: Serialize>(value: Option<T>, unit: &str) -> Value {
    value.map_or_else(|| Value::from(NA), |v| json!({ "value": v, "unit": unit }))
}

/// A plain value, or `"N/A"`.
fn plain<T: Serialize>(value: Option<T>) -> Value {
    value.and_then(|v| serde_json::to_value(v).ok()).unwrap_or_else(|| Value::from(NA))
}

fn usage(c: &Context, gpu: ProcessorHandle) -> Value {
    let u = c.gpu(gpu).and_then(|g| g.activity()).ok();
    json!({
        "gfx_activity": unit(u.as_ref().and_then(|u| u.gfx_activity), "%"),
        "umc_activity": unit(u.as_ref().and_then(|u| u.umc_activity), "%"),
        "mm_activity": unit(u.as_ref().and_then(|u| u.mm_activity), "%"),
    })
}

fn power(c: &Context, gpu: ProcessorHandle) -> Value {
    let p = c.gpu(gpu).and_then(|g| g.power_info()).ok();
    let pm =
        c.gpu(gpu).and_then(|g| g.is_power_management_enabled()).ok().map(|on| if on { "ENABLED" } else { "DISABLED" });
    json!({
        "socket_power": unit(p.as_ref().and_then(|p| p.socket_power), "W"),
        "gfx_voltage": unit(p.as_ref().and_then(|p| p.gfx_voltage), "mV"),
        "soc_voltage": unit(p.as_ref().and_then(|p| p.soc_voltage), "mV"),
        "mem_voltage": unit(p.as_ref().and_then(|p| p.mem_voltage), "mV"),
        "power_management": plain(pm),
    })
}

fn clock(c: &Context, gpu: ProcessorHandle) -> Value {
    let domains = [
        ("gfx_0", AmdSmiClkType::Sys),
        ("mem_0", AmdSmiClkType::Mem),
        ("soc_0", AmdSmiClkType::Soc),
        ("vclk_0", AmdSmiClkType::Vclk0),
        ("vclk_1", AmdSmiClkType::Vclk1),
        ("dclk_0", AmdSmiClkType::Dclk0),
        ("dclk_1", AmdSmiClkType::Dclk1),
    ];
    let mut out = Map::new();
    for (name, clk) in domains {
        let Ok(info) = c.gpu(gpu).and_then(|g| g.clock_info(clk)) else {
            out.insert(name.into(), Value::from(NA));
            continue;
        };
        let flag = |f: Option<bool>| plain(f.map(|on| if on { "ENABLED" } else { "DISABLED" }));
        out.insert(
            name.into(),
            json!({
                "clk": unit(info.clk, "MHz"),
                "min_clk": unit(info.min_clk, "MHz"),
                "max_clk": unit(info.max_clk, "MHz"),
                "clk_locked": flag(info.clk_locked),
                "deep_sleep": flag(info.clk_deep_sleep),
            }),
        );
    }
    Value::Object(out)
}

fn temperature(c: &Context, gpu: ProcessorHandle) -> Value {
    let read = |t| c.gpu(gpu).and_then(|g| g.temp_metric(t, AmdSmiTemperatureMetric::Current)).ok();
    json!({
        "edge": unit(read(AmdSmiTemperatureType::Edge), "C"),
        "hotspot": unit(read(AmdSmiTemperatureType::Junction), "C"),
        "mem": unit(read(AmdSmiTemperatureType::Vram), "C"),
    })
}

fn pcie(c: &Context, gpu: ProcessorHandle) -> Value {
    let Ok(p) = c.gpu(gpu).and_then(|g| g.pcie_info()) else { return Value::from(NA) };
    let m = p.pcie_metric;
    json!({
        "width": plain(m.pcie_width),
        "speed": unit(m.pcie_speed.map(|mts| f64::from(mts) / 1000.0), "GT/s"),
        "bandwidth": unit(m.pcie_bandwidth, "Mb/s"),
        "replay_count": plain(m.pcie_replay_count),
        "l0_to_recovery_count": plain(m.pcie_l0_to_recovery_count),
        "replay_roll_over_count": plain(m.pcie_replay_roll_over_count),
        "nak_sent_count": plain(m.pcie_nak_sent_count),
        "nak_received_count": plain(m.pcie_nak_received_count),
    })
}

fn fan(c: &Context, gpu: ProcessorHandle) -> Value {
    let speed = c.gpu(gpu).and_then(|g| g.fan_speed(0)).ok();
    let max = c.gpu(gpu).and_then(|g| g.fan_speed_max(0)).ok();
    let usage = speed.zip(max).filter(|&(_, m)| m > 0).map(|(s, m)| (s * 100).div_ceil(m));
    json!({
        "speed": plain(speed),
        "max": plain(max),
        "rpm": plain(c.gpu(gpu).and_then(|g| g.fan_rpms(0)).ok()),
        "usage": unit(usage, "%"),
    })
}

fn voltage_curve(c: &Context, gpu: ProcessorHandle) -> Value {
    plain(c.gpu(gpu).and_then(|g| g.od_volt_info()).ok())
}

fn overdrive(c: &Context, gpu: ProcessorHandle) -> Value {
    json!({
        "gfx": unit(c.gpu(gpu).and_then(|g| g.overdrive_level()).ok(), "%"),
        "mem": unit(c.gpu(gpu).and_then(|g| g.mem_overdrive_level()).ok(), "%"),
    })
}

fn mem_usage(c: &Context, gpu: ProcessorHandle) -> Value {
    const MIB: u64 = 1024 * 1024;
    let mut out = Map::new();
    for (pool, name) in
        [(AmdSmiMemoryType::Vram, "vram"), (AmdSmiMemoryType::VisVram, "visible_vram"), (AmdSmiMemoryType::Gtt, "gtt")]
    {
        let total = c.gpu(gpu).and_then(|g| g.memory_total(pool)).ok();
        let used = c.gpu(gpu).and_then(|g| g.memory_usage(pool)).ok();
        out.insert(format!("total_{name}"), unit(total.map(|b| b / MIB), "MB"));
        out.insert(format!("used_{name}"), unit(used.map(|b| b / MIB), "MB"));
        out.insert(format!("free_{name}"), unit(total.zip(used).map(|(t, u)| t.saturating_sub(u) / MIB), "MB"));
    }
    Value::Object(out)
}

/// The `throttle` section as amd-smi prints it: accumulators, `ACTIVE`/`NOT ACTIVE`, and the
/// share of the cycles since the previous sample, %.
fn throttle(c: &Context, gpu: ProcessorHandle) -> Value {
    let v = c.gpu(gpu).and_then(|g| g.violation_status()).ok();
    let get = |f: fn(&ViolationStatus) -> Option<u64>| v.as_ref().and_then(f);
    let active = |f: fn(&ViolationStatus) -> Option<bool>| {
        plain(v.as_ref().and_then(f).map(|on| if on { "ACTIVE" } else { "NOT ACTIVE" }))
    };
    json!({
        "accumulation_counter": plain(get(|v| v.acc_counter)),
        "prochot_accumulated": plain(get(|v| v.acc_prochot_thrm)),
        "ppt_accumulated": plain(get(|v| v.acc_ppt_pwr)),
        "socket_thermal_accumulated": plain(get(|v| v.acc_socket_thrm)),
        "vr_thermal_accumulated": plain(get(|v| v.acc_vr_thrm)),
        "hbm_thermal_accumulated": plain(get(|v| v.acc_hbm_thrm)),
        "prochot_violation_status": active(|v| v.active_prochot_thrm),
        "ppt_violation_status": active(|v| v.active_ppt_pwr),
        "socket_thermal_violation_status": active(|v| v.active_socket_thrm),
        "vr_thermal_violation_status": active(|v| v.active_vr_thrm),
        "hbm_thermal_violation_status": active(|v| v.active_hbm_thrm),
        "prochot_violation_activity": unit(get(|v| v.per_prochot_thrm), "%"),
        "ppt_violation_activity": unit(get(|v| v.per_ppt_pwr), "%"),
        "socket_thermal_violation_activity": unit(get(|v| v.per_socket_thrm), "%"),
        "vr_thermal_violation_activity": unit(get(|v| v.per_vr_thrm), "%"),
        "hbm_thermal_violation_activity": unit(get(|v| v.per_hbm_thrm), "%"),
    })
}

/// The throttle section of every GPU, taken on one thread per GPU: a GPU's first violation
/// sample waits 100 ms for a second one, and the waits overlap instead of adding up.
fn throttle_all(context: &Context, gpus: &[ProcessorHandle]) -> Vec<Value> {
    std::thread::scope(|s| {
        let workers: Vec<_> = gpus.iter().map(|&gpu| s.spawn(move || throttle(context, gpu))).collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Value::from(NA))).collect()
    })
}

type Section = fn(&Context, ProcessorHandle) -> Value;

/// One snapshot record of a GPU with the selected sections, in amd-smi's order; `throttle` is
/// the GPU's throttle section, taken beforehand when selected.
fn record(
    context: &Context,
    index: usize,
    gpu: ProcessorHandle,
    args: &Args,
    throttle: Option<Value>,
) -> Map<String, Value> {
    let mut sections: Vec<(bool, &str, Section)> = vec![
        (args.usage, "usage", usage),
        (args.power, "power", power),
        (args.clock, "clock", clock),
        (args.temperature, "temperature", temperature),
        (args.pcie, "pcie", pcie),
        (args.fan, "fan", fan),
        (args.voltage_curve, "voltage_curve", voltage_curve),
        (args.overdrive, "overdrive", overdrive),
        (args.perf_level, "perf_level", |c, g| plain(c.gpu(g).and_then(|g| g.perf_level()).ok())),
        (args.mem_usage, "mem_usage", mem_usage),
    ];
    // ECC sections (ras area), after `temperature` as AMD orders them.
    sections.splice(4..4, [(args.ecc, "ecc", ecc::ecc as Section), (args.ecc_blocks, "ecc_blocks", ecc::ecc_blocks)]);
    let all = all_sections(args);
    let mut rec = Map::new();
    rec.insert("gpu".into(), index.into());
    for (on, key, section) in sections {
        if on || all {
            rec.insert(key.into(), section(context, gpu));
        }
    }
    if let Some(t) = throttle {
        rec.insert("throttle".into(), t);
    }
    rec
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

/// One snapshot of every GPU (of the selected CPUs and cores with `--cpu`/`--core`).
fn snapshot(context: &Context, args: &Args) -> amdsmi::Result<String> {
    if args.cpu.selected() {
        return crate::cpu::metric_snapshot(context, &args.cpu, args.json);
    }
    let gpus = context.processor_handles();
    let mut throttles = if args.throttle || all_sections(args) { throttle_all(context, &gpus) } else { Vec::new() };
    throttles.resize(gpus.len(), Value::Null);
    let records: Vec<Map<String, Value>> = gpus
        .into_iter()
        .zip(throttles)
        .enumerate()
        .map(|(i, (gpu, t))| record(context, i, gpu, args, (!t.is_null()).then_some(t)))
        .collect();
    Ok(if args.json { render::json(&records) } else { render::human(&records) })
}

/// Renders `metric`: once, or every `--watch` seconds (`--iterations` times, or until interrupted),
/// printing each snapshot as it is taken.
pub fn run(context: &Context, args: &Args, mut out: impl FnMut(&str) -> bool) -> amdsmi::Result<()> {
    let Some(seconds) = args.watch else {
        out(&snapshot(context, args)?);
        return Ok(());
    };
    let mut taken = 0u64;
    loop {
        if !out(&snapshot(context, args)?) {
            return Ok(());
        }
        taken += 1;
        if args.iterations.is_some_and(|n| taken >= n) {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(seconds));
    }
}

//! `amd-smi metric`: live telemetry by section, human, `--json` or `--csv`, `N/A` where a value
//! is not supported; repeated with the watch options ([`crate::watch`]).
//!
//! Sections, keys and their order are those of AMD's `amdsmi_cli/amdsmi_commands.py`,
//! `AMDSMICommands.metric_gpu` (7.0 series: `usage`, `power`, `clock`, `temperature`, `pcie`,
//! `ecc`, `ecc_blocks`, `fan`, `voltage_curve`, `overdrive`, `mem_overdrive`, `perf_level`,
//! `xgmi_err`, `voltage`, `energy`, `mem_usage`, `throttle`), read in the stored version of
//! ROCm/amdsmi nearest to 7.0.2 (the 7.0.2 tag itself is not in the index); the 7.1 additions
//! (`gpu_board`, `base_board`) are left out. Checked against the example outputs of AMD's
//! `CHANGELOG.md` for ROCm 7.0.0 (`metric --usage`, `metric -v`) and 7.1.0 (`metric`).
//!
//! Where AMD's CLI labels a unit wrongly this command prints the right one:
//! - the PCIe throughput (`current_bandwidth_sent`/`_received`) is packets × `max_pkt_sz` bytes
//!   divided by 1024², which AMD labels `Mb/s`; here `MB/s`;
//! - the voltage curve's frequencies are labelled `Mhz` by AMD; here `MHz`.

use amdsmi::gpu::metrics::{GpuMetrics, XcpMetrics};
use amdsmi::{
    AmdSmiClkType, AmdSmiMemoryType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, AmdSmiVoltageMetric,
    AmdSmiVoltageType, Context, ProcessorHandle, ViolationStatus,
};
use serde::Serialize;

use crate::ecc;
use crate::render::{self, sections, unit, Entries, Na, Unit};

/// Options of `metric`: the sections to show (all when none is named), and the watch mode.
#[derive(clap::Args)]
pub struct Args {
    /// Engine usage (GFX, memory, multimedia, per-partition engines)
    #[arg(short = 'u', long)]
    usage: bool,
    /// Power, voltages and throttle status
    #[arg(short = 'p', long)]
    power: bool,
    /// Current clocks and their ranges
    #[arg(short = 'c', long)]
    clock: bool,
    /// Temperatures
    #[arg(short = 't', long)]
    temperature: bool,
    /// PCIe link, counters and throughput
    #[arg(short = 'P', long)]
    pcie: bool,
    /// Fan
    #[arg(short = 'f', long)]
    fan: bool,
    /// Overdrive voltage curve
    #[arg(short = 'C', long = "voltage-curve")]
    voltage_curve: bool,
    /// GFX and memory clock overdrive levels
    #[arg(short = 'o', long)]
    overdrive: bool,
    /// Performance level
    #[arg(short = 'l', long = "perf-level")]
    perf_level: bool,
    /// XGMI error status
    #[arg(short = 'x', long = "xgmi-err")]
    xgmi_err: bool,
    /// Board voltage
    #[arg(short = 'V', long)]
    voltage: bool,
    /// Energy consumed
    #[arg(short = 'E', long)]
    energy: bool,
    /// Memory pools
    #[arg(short = 'm', long = "mem-usage")]
    mem_usage: bool,
    /// Violation (throttle) accumulators, status and activity; MI300 or newer
    #[arg(short = 'v', long = "violation", visible_short_alias = 'T', visible_alias = "throttle")]
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

/// A transfer rate given in MT/s, in GT/s as AMD's CLI writes it (`bus`, `pcie`): a whole
/// number when it is one (`32`), else rounded to one decimal (`2.5`).
pub fn gt_per_s(mts: u32) -> Unit<serde_json::Number> {
    let value = if mts % 1000 == 0 {
        serde_json::Number::from(mts / 1000)
    } else {
        let tenths = (f64::from(mts) / 100.0).round() / 10.0;
        serde_json::Number::from_f64(tenths).unwrap_or_else(|| serde_json::Number::from(0))
    };
    Unit::new(value, "GT/s")
}

/// Every element of a metrics array, `N/A` where it is not available.
fn each<T: Copy>(values: &[Option<T>], u: &'static str) -> Vec<Na<Unit<T>>> {
    values.iter().map(|v| unit(*v, u)).collect()
}

/// The partitions (XCPs) a metrics table reports on: its `num_partition`, or 1 on a partition
/// other than the first when the table does not say (AMD's workaround for v1.0 XCP metrics).
fn partitions(metrics: Option<&GpuMetrics>, partition_id: Option<u32>) -> Option<usize> {
    let declared = metrics.and_then(|m| m.num_partition).map(usize::from);
    declared.or_else(|| partition_id.filter(|&id| id > 0).map(|_| 1))
}

/// `{"xcp_0": f(xcp 0), ...}` for the first `n` partitions, `N/A` without a count.
fn per_xcp<T>(n: Option<usize>, f: impl Fn(usize) -> T) -> Na<Entries<T>> {
    Na(n.map(|n| Entries((0..n).map(|i| (format!("xcp_{i}"), f(i))).collect())))
}

/// What one GPU's sections are computed from: its `gpu_metrics` and partition count, read once.
struct Source<'a> {
    context: &'a Context,
    gpu: ProcessorHandle,
    metrics: Option<GpuMetrics>,
    partitions: Option<usize>,
}

impl<'a> Source<'a> {
    fn new(context: &'a Context, gpu: ProcessorHandle) -> Source<'a> {
        let metrics = Na::ok(context.gpu(gpu).and_then(|g| g.metrics_info())).0;
        let partition_id = context.gpu(gpu).and_then(|g| g.kfd_info()).ok().and_then(|k| k.current_partition_id);
        let partitions = partitions(metrics.as_ref(), partition_id);
        Source { context, gpu, metrics, partitions }
    }

    fn gpu(&self) -> amdsmi::Result<amdsmi::Gpu<'a>> {
        self.context.gpu(self.gpu)
    }

    /// A value of the metrics table.
    fn metric<T>(&self, f: impl FnOnce(&GpuMetrics) -> Option<T>) -> Option<T> {
        self.metrics.as_ref().and_then(f)
    }

    /// A per-XCP list of the metrics table, `{"xcp_n": [...]}`.
    fn xcp<T: Copy>(&self, f: impl Fn(&XcpMetrics) -> &[Option<T>], u: &'static str) -> Na<Entries<Vec<Na<Unit<T>>>>> {
        let Some(metrics) = self.metrics.as_ref() else { return Na::NA };
        per_xcp(self.partitions, |i| each(f(&metrics.xcp_stats[i]), u))
    }
}

/// The `usage` section: engine activity, %, and the per-engine and per-partition busy values.
#[derive(Serialize)]
struct Usage {
    gfx_activity: Na<Unit<u16>>,
    umc_activity: Na<Unit<u16>>,
    mm_activity: Na<Unit<u16>>,
    vcn_activity: Na<Vec<Na<Unit<u16>>>>,
    jpeg_activity: Na<Vec<Na<Unit<u16>>>>,
    gfx_busy_inst: Na<Entries<Vec<Na<Unit<u32>>>>>,
    jpeg_busy: Na<Entries<Vec<Na<Unit<u16>>>>>,
    vcn_busy: Na<Entries<Vec<Na<Unit<u16>>>>>,
}

fn usage(s: &Source) -> Na<Usage> {
    // AMD's CLI shows the whole section as N/A when the activity cannot be read.
    Na(Na::ok(s.gpu().and_then(|g| g.activity())).0.map(|u| Usage {
        gfx_activity: unit(u.gfx_activity, "%"),
        umc_activity: unit(u.umc_activity, "%"),
        mm_activity: unit(u.mm_activity, "%"),
        vcn_activity: Na(s.metrics.as_ref().map(|m| each(&m.vcn_activity, "%"))),
        jpeg_activity: Na(s.metrics.as_ref().map(|m| each(&m.jpeg_activity, "%"))),
        gfx_busy_inst: s.xcp(|x| &x.gfx_busy_inst, "%"),
        jpeg_busy: s.xcp(|x| &x.jpeg_busy, "%"),
        vcn_busy: s.xcp(|x| &x.vcn_busy, "%"),
    }))
}

/// The `power` section: socket power (W), voltages (mV), throttle and power management status.
#[derive(Serialize)]
struct Power {
    socket_power: Na<Unit<u64>>,
    gfx_voltage: Na<Unit<u64>>,
    soc_voltage: Na<Unit<u64>>,
    mem_voltage: Na<Unit<u64>>,
    throttle_status: Na<&'static str>,
    power_management: Na<&'static str>,
}

fn power(s: &Source) -> Power {
    let p = Na::ok(s.gpu().and_then(|g| g.power_info())).0;
    let throttled = |status: u32| if status == 0 { "UNTHROTTLED" } else { "THROTTLED" };
    Power {
        socket_power: unit(p.as_ref().and_then(|p| p.socket_power), "W"),
        gfx_voltage: unit(p.as_ref().and_then(|p| p.gfx_voltage), "mV"),
        soc_voltage: unit(p.as_ref().and_then(|p| p.soc_voltage), "mV"),
        mem_voltage: unit(p.as_ref().and_then(|p| p.mem_voltage), "mV"),
        throttle_status: Na(s.metric(|m| m.throttle_status).map(throttled)),
        power_management: Na(Na::ok(s.gpu().and_then(|g| g.is_power_management_enabled())).0.map(enabled)),
    }
}

/// One clock domain: current, minimum and maximum clock (MHz), lock, and deep sleep (the
/// current clock below the minimum).
#[derive(Serialize)]
struct Clock {
    clk: Na<Unit<u32>>,
    min_clk: Na<Unit<u32>>,
    max_clk: Na<Unit<u32>>,
    clk_locked: Na<&'static str>,
    deep_sleep: Na<&'static str>,
}

/// The clock domains of the `clock` section, in AMD's order: the name prefix, how many, the
/// kind of clock whose range (`amdsmi_get_clock_info`) applies to them.
const CLOCK_DOMAINS: [(&str, usize, AmdSmiClkType); 6] = [
    ("gfx", amdsmi::gpu::metrics::MAX_GFX_CLKS, AmdSmiClkType::Sys),
    ("mem", 1, AmdSmiClkType::Mem),
    ("vclk", amdsmi::gpu::metrics::MAX_CLKS, AmdSmiClkType::Vclk0),
    ("dclk", amdsmi::gpu::metrics::MAX_CLKS, AmdSmiClkType::Dclk0),
    ("fclk", 1, AmdSmiClkType::Df),
    ("socclk", 1, AmdSmiClkType::Soc),
];

/// The current clock of instance `i` of a domain, MHz: from `gpu_metrics`, except fclk, which
/// the table does not carry (the current DPM level of `amdsmi_get_clk_freq(DF)`). A table
/// without the per-instance lists (before v1.4, and APU tables) gives instance 0 from its single
/// current clock (a choice of ours: AMD's CLI reads the lists only).
fn current_clock(s: &Source, prefix: &str, i: usize) -> Option<u32> {
    let listed = |list: &[Option<u16>], single: Option<u16>| {
        let listed = list.get(i).copied().flatten();
        let single = single.filter(|_| i == 0 && list.iter().all(Option::is_none));
        listed.or(single).map(u32::from)
    };
    match prefix {
        "gfx" => s.metric(|m| listed(&m.current_gfxclks, m.current_gfxclk)),
        "mem" => s.metric(|m| m.current_uclk).map(u32::from),
        "vclk" => s.metric(|m| listed(&m.current_vclk0s, m.current_vclk0)),
        "dclk" => s.metric(|m| listed(&m.current_dclk0s, m.current_dclk0)),
        "socclk" => s.metric(|m| m.current_socclk).map(u32::from),
        _ => {
            let f = s.gpu().and_then(|g| g.clk_freq(AmdSmiClkType::Df)).ok()?;
            let hz = f.frequency.get(usize::try_from(f.current?).ok()?)?;
            u32::try_from(hz / 1_000_000).ok()
        }
    }
}

/// The `clock` section: every domain, by amd-smi's name (`gfx_0` ... `socclk_0`); a range and
/// deep sleep only where the current clock is known, a lock state only for GFX clocks.
fn clock(s: &Source) -> Entries<Clock> {
    let mut domains = Vec::new();
    for (prefix, count, kind) in CLOCK_DOMAINS {
        let range = s.gpu().and_then(|g| g.clock_info(kind)).ok();
        for i in 0..count {
            let clk = current_clock(s, prefix, i);
            let known = |v: Option<u32>| clk.and(v);
            let min = known(range.as_ref().and_then(|r| r.min_clk));
            let locked = (prefix == "gfx")
                .then(|| s.metric(|m| m.gfxclk_lock_status))
                .flatten()
                .filter(|_| clk.is_some())
                .map(|bits| enabled(bits & (1 << i) != 0));
            domains.push((
                format!("{prefix}_{i}"),
                Clock {
                    clk: unit(clk, "MHz"),
                    min_clk: unit(min, "MHz"),
                    max_clk: unit(known(range.as_ref().and_then(|r| r.max_clk)), "MHz"),
                    clk_locked: Na(locked),
                    deep_sleep: Na(clk.zip(min).map(|(c, m)| enabled(c < m))),
                },
            ));
        }
    }
    Entries(domains)
}

/// The `temperature` section, °C (`C` in JSON).
#[derive(Serialize)]
struct Temperature {
    edge: Na<Unit<i64>>,
    hotspot: Na<Unit<i64>>,
    mem: Na<Unit<i64>>,
}

fn temperature(s: &Source) -> Temperature {
    let read = |t, m| s.gpu().and_then(|g| g.temp_metric(t, m)).ok();
    // An edge limit of 0 means the GPU has no edge sensor (AMD shows the edge as N/A).
    let edge_sensor = read(AmdSmiTemperatureType::Edge, AmdSmiTemperatureMetric::Critical) != Some(0);
    let current = |t| read(t, AmdSmiTemperatureMetric::Current);
    Temperature {
        edge: unit(current(AmdSmiTemperatureType::Edge).filter(|_| edge_sensor), "C"),
        hotspot: unit(current(AmdSmiTemperatureType::Junction), "C"),
        mem: unit(current(AmdSmiTemperatureType::Vram), "C"),
    }
}

/// The `pcie` section: link width, speed (GT/s), bandwidth (Mb/s), counters, and the throughput
/// measured over one second (MB/s) with the largest packet size.
#[derive(Serialize)]
struct Pcie {
    width: Na<u32>,
    speed: Na<Unit<serde_json::Number>>,
    bandwidth: Na<Unit<u64>>,
    replay_count: Na<u64>,
    l0_to_recovery_count: Na<u64>,
    replay_roll_over_count: Na<u64>,
    nak_sent_count: Na<u64>,
    nak_received_count: Na<u64>,
    current_bandwidth_sent: Na<Unit<u64>>,
    current_bandwidth_received: Na<Unit<u64>>,
    max_packet_size: Na<Unit<u64>>,
    lc_perf_other_end_recovery: Na<u32>,
}

fn pcie(s: &Source) -> Pcie {
    let m = Na::ok(s.gpu().and_then(|g| g.pcie_info())).0.map(|p| p.pcie_metric);
    let get = |f: fn(&amdsmi::PcieMetric) -> Option<u64>| m.as_ref().and_then(f);
    let replay = get(|m| m.pcie_replay_count).or_else(|| s.gpu().and_then(|g| g.pci_replay_counter()).ok());
    let throughput = Na::ok(s.gpu().and_then(|g| g.pci_throughput())).0;
    let throughput = throughput.as_ref();
    let per_second = |packets: u64, size: u64| packets.saturating_mul(size) / 1024 / 1024;
    Pcie {
        width: Na(m.as_ref().and_then(|m| m.pcie_width)),
        speed: Na(m.as_ref().and_then(|m| m.pcie_speed).map(gt_per_s)),
        bandwidth: unit(get(|m| m.pcie_bandwidth), "Mb/s"),
        replay_count: Na(replay),
        l0_to_recovery_count: Na(get(|m| m.pcie_l0_to_recovery_count)),
        replay_roll_over_count: Na(get(|m| m.pcie_replay_roll_over_count)),
        nak_sent_count: Na(get(|m| m.pcie_nak_sent_count)),
        nak_received_count: Na(get(|m| m.pcie_nak_received_count)),
        current_bandwidth_sent: unit(throughput.map(|t| per_second(t.sent, t.max_pkt_sz)), "MB/s"),
        current_bandwidth_received: unit(throughput.map(|t| per_second(t.received, t.max_pkt_sz)), "MB/s"),
        max_packet_size: unit(throughput.map(|t| t.max_pkt_sz), "B"),
        lc_perf_other_end_recovery: Na(s.metric(|m| m.pcie_lc_perf_other_end_recovery)),
    }
}

/// The `fan` section: speed and its maximum (0-255 scale), RPM, and usage (% of the maximum,
/// two decimals).
#[derive(Serialize)]
struct Fan {
    speed: Na<u64>,
    max: Na<u64>,
    rpm: Na<u64>,
    usage: Na<Unit<f64>>,
}

/// `part` as a percentage of `whole`, rounded to two decimals (Python's `round(x, 2)`).
#[allow(clippy::cast_precision_loss)] // fan speeds are far below 2^53
fn percent(part: u64, whole: u64) -> f64 {
    (part as f64 / whole as f64 * 10_000.0).round() / 100.0
}

fn fan(s: &Source) -> Fan {
    let speed = s.gpu().and_then(|g| g.fan_speed(0)).ok();
    let max = s.gpu().and_then(|g| g.fan_speed_max(0)).ok();
    let usage = speed.zip(max).filter(|&(_, m)| m > 0).map(|(s, m)| percent(s, m));
    Fan { speed: Na(speed), max: Na(max), rpm: Na::ok(s.gpu().and_then(|g| g.fan_rpms(0))), usage: unit(usage, "%") }
}

/// AMD SMI's `AMDSMI_NUM_VOLTAGE_CURVE_POINTS`.
const VOLTAGE_CURVE_POINTS: usize = 3;

/// The `voltage_curve` section: `point_N_frequency` (MHz) and `point_N_voltage` (mV) for each
/// point of the curve, `N/A` where the point is 0 or the curve cannot be read.
fn voltage_curve(s: &Source) -> Entries<Na<Unit<u64>>> {
    let points = s.gpu().and_then(|g| g.od_volt_info()).ok().and_then(|o| o.curve_vc_points);
    let mut entries = Vec::new();
    for i in 0..VOLTAGE_CURVE_POINTS {
        let point = points.as_ref().and_then(|p| p.get(i));
        let frequency = point.map(|p| p.frequency / 1_000_000).filter(|&f| f != 0);
        let voltage = point.map(|p| p.voltage).filter(|&v| v != 0);
        entries.push((format!("point_{i}_frequency"), unit(frequency, "MHz")));
        entries.push((format!("point_{i}_voltage"), unit(voltage, "mV")));
    }
    Entries(entries)
}

/// The `voltage` section: the board voltage, mV (`N/A` when it reads 0).
#[derive(Serialize)]
struct Voltage {
    vddboard: Na<Unit<i64>>,
}

fn voltage(s: &Source) -> Voltage {
    let read = s.gpu().and_then(|g| g.volt_metric(AmdSmiVoltageType::Vddboard, AmdSmiVoltageMetric::Current));
    Voltage { vddboard: unit(Na::ok(read).0.filter(|&v| v != 0), "mV") }
}

/// The `energy` section: the energy accumulator times its resolution, J (three decimals).
#[derive(Serialize)]
struct Energy {
    total_energy_consumption: Unit<f64>,
}

#[allow(clippy::cast_precision_loss)] // AMD's CLI computes in floating point too
fn energy(s: &Source) -> Na<Energy> {
    let round3 = |x: f64| (x * 1000.0).round() / 1000.0;
    Na(Na::ok(s.gpu().and_then(|g| g.energy_count())).0.map(|e| {
        let microjoules = round3(e.energy_accumulator as f64 * f64::from(e.counter_resolution));
        Energy { total_energy_consumption: Unit::new(round3(microjoules / 1_000_000.0), "J") }
    }))
}

/// The `xgmi_err` value: the C enumerator's name (`AMDSMI_XGMI_STATUS_NO_ERRORS` ...).
fn xgmi_err(s: &Source) -> Na<String> {
    Na(Na::ok(s.gpu().and_then(|g| g.xgmi_error_status())).0.map(|e| format!("AMDSMI_XGMI_STATUS_{}", e.name())))
}

/// The `mem_usage` section: total, used and free memory of each pool, MB (free is total minus
/// used, each first converted to MB).
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

fn mem_usage(s: &Source) -> MemUsage {
    const MIB: u64 = 1024 * 1024;
    let pool = |pool| {
        let total = s.gpu().and_then(|g| g.memory_total(pool)).ok().map(|b| b / MIB);
        let used = s.gpu().and_then(|g| g.memory_usage(pool)).ok().map(|b| b / MIB);
        let free = total.zip(used).map(|(t, u)| t.saturating_sub(u));
        (unit(total, "MB"), unit(used, "MB"), unit(free, "MB"))
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

/// `ACTIVE`/`NOT ACTIVE`.
fn active(on: bool) -> &'static str {
    if on {
        "ACTIVE"
    } else {
        "NOT ACTIVE"
    }
}

/// A per-XCP × per-XCC violation table as AMD's `build_xcp_dict` shows it: `{"xcp_n": [...]}`
/// for the GPU's partitions, each value mapped by `f`; `N/A` when no value is known.
fn xcp_table<T: Copy, U>(
    table: &[Vec<Option<T>>],
    partitions: Option<usize>,
    f: impl Fn(T) -> U,
) -> Na<Entries<Vec<Na<U>>>> {
    if table.iter().flatten().all(Option::is_none) {
        return Na::NA;
    }
    let row = |i: usize| table.get(i).map_or_else(Vec::new, |r| r.iter().map(|v| Na(v.map(&f))).collect());
    per_xcp(partitions.or(Some(table.len())), row)
}

/// A per-XCP table of accumulators (`u64`), statuses or percentages.
type XcpValues<T> = Na<Entries<Vec<Na<T>>>>;

/// The `throttle` section as amd-smi 7.0 prints it: accumulators, `ACTIVE`/`NOT ACTIVE`, and
/// the share of the cycles since the previous sample (%), each of the GFX-clock-below-host-limit
/// and low-utilization ones per partition and XCC. The three single-value
/// `gfx_clk_below_host_limit` keys are AMD's deprecated ones.
#[derive(Serialize)]
struct Throttle {
    accumulation_counter: Na<u64>,
    prochot_accumulated: Na<u64>,
    ppt_accumulated: Na<u64>,
    socket_thermal_accumulated: Na<u64>,
    vr_thermal_accumulated: Na<u64>,
    hbm_thermal_accumulated: Na<u64>,
    gfx_clk_below_host_limit_accumulated: XcpValues<u64>,
    gfx_clk_below_host_limit_power_accumulated: XcpValues<u64>,
    gfx_clk_below_host_limit_thermal_accumulated: XcpValues<u64>,
    total_gfx_clk_below_host_limit_accumulated: XcpValues<u64>,
    low_utilization_accumulated: XcpValues<u64>,
    prochot_violation_status: Na<&'static str>,
    ppt_violation_status: Na<&'static str>,
    socket_thermal_violation_status: Na<&'static str>,
    vr_thermal_violation_status: Na<&'static str>,
    hbm_thermal_violation_status: Na<&'static str>,
    gfx_clk_below_host_limit_violation_status: XcpValues<&'static str>,
    gfx_clk_below_host_limit_power_violation_status: XcpValues<&'static str>,
    gfx_clk_below_host_limit_thermal_violation_status: XcpValues<&'static str>,
    total_gfx_clk_below_host_limit_violation_status: XcpValues<&'static str>,
    low_utilization_violation_status: XcpValues<&'static str>,
    prochot_violation_activity: Na<Unit<u64>>,
    ppt_violation_activity: Na<Unit<u64>>,
    socket_thermal_violation_activity: Na<Unit<u64>>,
    vr_thermal_violation_activity: Na<Unit<u64>>,
    hbm_thermal_violation_activity: Na<Unit<u64>>,
    gfx_clk_below_host_limit_violation_activity: XcpValues<Unit<u64>>,
    gfx_clk_below_host_limit_power_violation_activity: XcpValues<Unit<u64>>,
    gfx_clk_below_host_limit_thermal_violation_activity: XcpValues<Unit<u64>>,
    total_gfx_clk_below_host_limit_violation_activity: XcpValues<Unit<u64>>,
    low_utilization_violation_activity: XcpValues<Unit<u64>>,
}

fn throttle(c: &Context, gpu: ProcessorHandle, partitions: Option<usize>) -> Throttle {
    let v = Na::ok(c.gpu(gpu).and_then(|g| g.violation_status())).0;
    let get = |f: fn(&ViolationStatus) -> Option<u64>| Na(v.as_ref().and_then(f));
    let status = |f: fn(&ViolationStatus) -> Option<bool>| Na(v.as_ref().and_then(f).map(active));
    let percent = |f: fn(&ViolationStatus) -> Option<u64>| unit(v.as_ref().and_then(f), "%");
    let acc = |f: fn(&ViolationStatus) -> &Vec<Vec<Option<u64>>>| {
        xcp_table(v.as_ref().map_or(&[][..], |v| f(v)), partitions, |x| x)
    };
    let per = |f: fn(&ViolationStatus) -> &Vec<Vec<Option<u64>>>| {
        xcp_table(v.as_ref().map_or(&[][..], |v| f(v)), partitions, |x| Unit::new(x, "%"))
    };
    let on = |f: fn(&ViolationStatus) -> &Vec<Vec<Option<bool>>>| {
        xcp_table(v.as_ref().map_or(&[][..], |v| f(v)), partitions, active)
    };
    Throttle {
        accumulation_counter: get(|v| v.acc_counter),
        prochot_accumulated: get(|v| v.acc_prochot_thrm),
        ppt_accumulated: get(|v| v.acc_ppt_pwr),
        socket_thermal_accumulated: get(|v| v.acc_socket_thrm),
        vr_thermal_accumulated: get(|v| v.acc_vr_thrm),
        hbm_thermal_accumulated: get(|v| v.acc_hbm_thrm),
        gfx_clk_below_host_limit_accumulated: acc(|v| &v.acc_gfx_clk_below_host_limit),
        gfx_clk_below_host_limit_power_accumulated: acc(|v| &v.acc_gfx_clk_below_host_limit_pwr),
        gfx_clk_below_host_limit_thermal_accumulated: acc(|v| &v.acc_gfx_clk_below_host_limit_thm),
        total_gfx_clk_below_host_limit_accumulated: acc(|v| &v.acc_gfx_clk_below_host_limit_total),
        low_utilization_accumulated: acc(|v| &v.acc_low_utilization),
        prochot_violation_status: status(|v| v.active_prochot_thrm),
        ppt_violation_status: status(|v| v.active_ppt_pwr),
        socket_thermal_violation_status: status(|v| v.active_socket_thrm),
        vr_thermal_violation_status: status(|v| v.active_vr_thrm),
        hbm_thermal_violation_status: status(|v| v.active_hbm_thrm),
        gfx_clk_below_host_limit_violation_status: on(|v| &v.active_gfx_clk_below_host_limit),
        gfx_clk_below_host_limit_power_violation_status: on(|v| &v.active_gfx_clk_below_host_limit_pwr),
        gfx_clk_below_host_limit_thermal_violation_status: on(|v| &v.active_gfx_clk_below_host_limit_thm),
        total_gfx_clk_below_host_limit_violation_status: on(|v| &v.active_gfx_clk_below_host_limit_total),
        low_utilization_violation_status: on(|v| &v.active_low_utilization),
        prochot_violation_activity: percent(|v| v.per_prochot_thrm),
        ppt_violation_activity: percent(|v| v.per_ppt_pwr),
        socket_thermal_violation_activity: percent(|v| v.per_socket_thrm),
        vr_thermal_violation_activity: percent(|v| v.per_vr_thrm),
        hbm_thermal_violation_activity: percent(|v| v.per_hbm_thrm),
        gfx_clk_below_host_limit_violation_activity: per(|v| &v.per_gfx_clk_below_host_limit),
        gfx_clk_below_host_limit_power_violation_activity: per(|v| &v.per_gfx_clk_below_host_limit_pwr),
        gfx_clk_below_host_limit_thermal_violation_activity: per(|v| &v.per_gfx_clk_below_host_limit_thm),
        total_gfx_clk_below_host_limit_violation_activity: per(|v| &v.per_gfx_clk_below_host_limit_total),
        low_utilization_violation_activity: per(|v| &v.per_low_utilization),
    }
}

/// The throttle section of every GPU, taken on one thread per GPU: a GPU's first violation
/// sample waits 100 ms for a second one, and the waits overlap instead of adding up.
fn throttle_all(context: &Context, gpus: &[(ProcessorHandle, Option<usize>)]) -> Vec<Na<Throttle>> {
    std::thread::scope(|s| {
        let workers: Vec<_> = gpus.iter().map(|&(gpu, n)| s.spawn(move || throttle(context, gpu, n))).collect();
        workers.into_iter().map(|w| Na(w.join().ok())).collect()
    })
}

sections! {
    /// One snapshot record of a GPU: the selected sections, in amd-smi's order (the ECC sections,
    /// ras area, after `pcie` as AMD orders them).
    struct Metric {
        usage: Na<Usage>,
        power: Power,
        clock: Entries<Clock>,
        temperature: Temperature,
        pcie: Pcie,
        ecc: ecc::Ecc,
        ecc_blocks: Na<Entries<ecc::EccCounts>>,
        fan: Fan,
        voltage_curve: Entries<Na<Unit<u64>>>,
        overdrive: Na<Unit<u32>>,
        mem_overdrive: Na<Unit<u32>>,
        perf_level: Na<String>,
        xgmi_err: Na<String>,
        voltage: Voltage,
        energy: Na<Energy>,
        mem_usage: MemUsage,
        throttle: Na<Throttle>,
    }
}

/// The sections `args` selects (every one when none is named).
struct Selected {
    all: bool,
}

impl Selected {
    fn new(args: &Args) -> Selected {
        let named = [
            args.usage,
            args.power,
            args.clock,
            args.temperature,
            args.pcie,
            args.ecc,
            args.ecc_blocks,
            args.fan,
            args.voltage_curve,
            args.overdrive,
            args.perf_level,
            args.xgmi_err,
            args.voltage,
            args.energy,
            args.mem_usage,
            args.throttle,
        ];
        Selected { all: !named.contains(&true) }
    }

    fn on(&self, flag: bool) -> bool {
        self.all || flag
    }
}

/// One snapshot record of a GPU with the selected sections; `throttle` is the GPU's throttle
/// section, taken beforehand when selected.
fn record(s: &Source, args: &Args, throttle: Option<Na<Throttle>>) -> Metric {
    let sel = Selected::new(args);
    let on = |flag: bool| sel.on(flag);
    Metric {
        usage: on(args.usage).then(|| usage(s)),
        power: on(args.power).then(|| power(s)),
        clock: on(args.clock).then(|| clock(s)),
        temperature: on(args.temperature).then(|| temperature(s)),
        pcie: on(args.pcie).then(|| pcie(s)),
        ecc: on(args.ecc).then(|| ecc::ecc(s.context, s.gpu)),
        ecc_blocks: on(args.ecc_blocks).then(|| ecc::ecc_blocks(s.context, s.gpu)),
        fan: on(args.fan).then(|| fan(s)),
        voltage_curve: on(args.voltage_curve).then(|| voltage_curve(s)),
        overdrive: on(args.overdrive).then(|| unit(Na::ok(s.gpu().and_then(|g| g.overdrive_level())).0, "%")),
        mem_overdrive: on(args.overdrive).then(|| unit(Na::ok(s.gpu().and_then(|g| g.mem_overdrive_level())).0, "%")),
        perf_level: on(args.perf_level).then(|| Na::ok(s.gpu().and_then(|g| g.perf_level()))),
        xgmi_err: on(args.xgmi_err).then(|| xgmi_err(s)),
        voltage: on(args.voltage).then(|| voltage(s)),
        energy: on(args.energy).then(|| energy(s)),
        mem_usage: on(args.mem_usage).then(|| mem_usage(s)),
        throttle,
    }
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
    let sources: Vec<(usize, Source)> = gpus.iter().map(|&(i, gpu)| (i, Source::new(context, gpu))).collect();
    let mut throttles = if Selected::new(args).on(args.throttle) {
        let wanted: Vec<_> = sources.iter().map(|(_, s)| (s.gpu, s.partitions)).collect();
        throttle_all(context, &wanted).into_iter()
    } else {
        Vec::new().into_iter()
    };
    let records: Vec<(usize, Metric)> = sources.iter().map(|(i, s)| (*i, record(s, args, throttles.next()))).collect();
    Ok(render::data(output, "gpu", &records))
}

/// Renders `metric`: once, or as the watch options say, printing each snapshot as it is taken.
pub fn run(context: &Context, args: &Args, out: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    let gpus = if args.cpu.selected() { Vec::new() } else { args.gpus.resolve(context)? };
    crate::watch::run(args.watch, args.output, out, |output| snapshot(context, args, &gpus, output))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_whole_or_to_one_decimal() {
        assert_eq!(serde_json::to_string(&gt_per_s(32_000)).unwrap(), r#"{"value":32,"unit":"GT/s"}"#);
        assert_eq!(serde_json::to_string(&gt_per_s(2_500)).unwrap(), r#"{"value":2.5,"unit":"GT/s"}"#);
        assert_eq!(serde_json::to_string(&gt_per_s(0)).unwrap(), r#"{"value":0,"unit":"GT/s"}"#);
    }

    #[test]
    fn fan_percent_two_decimals() {
        assert!((percent(85, 255) - 33.33).abs() < 1e-9);
        assert!((percent(255, 255) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn partitions_from_the_table_or_the_partition_id() {
        assert_eq!(partitions(None, Some(3)), Some(1));
        assert_eq!(partitions(None, Some(0)), None);
        assert_eq!(partitions(None, None), None);
    }

    #[test]
    fn xcp_tables_as_amd_shows_them() {
        let table = vec![vec![Some(1u64), None], vec![Some(2), Some(3)], vec![None, None]];
        let json = serde_json::to_value(xcp_table(&table, Some(2), |x| x)).unwrap();
        assert_eq!(json, serde_json::json!({"xcp_0": [1, "N/A"], "xcp_1": [2, 3]}));
        let none: Vec<Vec<Option<u64>>> = vec![vec![None]];
        assert_eq!(serde_json::to_value(xcp_table(&none, Some(1), |x| x)).unwrap(), "N/A");
    }
}

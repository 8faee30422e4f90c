//! The CPU sections of `static` and `metric` (`--cpu`, `--core`), as `amd-smi` prints them for
//! EPYC CPUs: one `CPU: n` record per socket (`CORE: n` per core), sections and keys as AMD's
//! `amdsmi_commands.py` (`static_cpu`, `metric_cpu`, `metric_core`) names them, `N/A` where a
//! function fails.

use amdsmi::{Context, CpuSocket, ProcessorHandle};
use serde::Serialize;

use crate::render::{self, sections, unit, Na, Unit};

/// `static` options selecting CPUs and their sections.
#[derive(clap::Args, Default)]
pub struct StaticArgs {
    /// CPU sockets to show (`all`, or socket indices); without a value, every socket
    #[arg(short = 'U', long = "cpu", value_name = "CPU", num_args = 0.., value_delimiter = ',')]
    cpu: Option<Vec<String>>,
    /// CPU: SMU firmware version
    #[arg(short = 's', long)]
    smu: bool,
    /// CPU: HSMP interface (protocol) version
    #[arg(short = 'i', long = "interface-ver")]
    interface_ver: bool,
}

impl StaticArgs {
    /// Whether CPUs were asked for (`--cpu`, or a CPU-only section).
    pub fn selected(&self) -> bool {
        self.cpu.is_some() || self.smu || self.interface_ver
    }
}

/// `metric` options selecting CPUs, cores and their sections.
#[derive(clap::Args, Default)]
pub struct MetricArgs {
    /// CPU sockets to show (`all`, or socket indices); without a value, every socket
    #[arg(short = 'U', long = "cpu", value_name = "CPU", num_args = 0.., value_delimiter = ',')]
    cpu: Option<Vec<String>>,
    /// CPU cores to show (`all`, or core indices); without a value, every core
    #[arg(short = 'O', long = "core", value_name = "CORE", num_args = 0.., value_delimiter = ',')]
    core: Option<Vec<String>>,
    /// CPU: socket power, power limit and maximum power limit
    #[arg(long = "cpu-power-metrics")]
    power_metrics: bool,
    /// CPU: PROCHOT status
    #[arg(long = "cpu-prochot")]
    prochot: bool,
    /// CPU: FCLK/MCLK, CCLK limit, active frequency limit and frequency range
    #[arg(long = "cpu-freq-metrics")]
    freq_metrics: bool,
    /// CPU: C0 residency
    #[arg(long = "cpu-c0-res")]
    c0_res: bool,
    /// CPU: LCLK DPM level range of an NBIO
    #[arg(long = "cpu-lclk-dpm-level", value_name = "NBIOID")]
    lclk_dpm_level: Option<u8>,
    /// CPU: SVI-telemetry power of all rails
    #[arg(long = "cpu-pwr-svi-telemetry-rails")]
    svi: bool,
    /// CPU: IO link bandwidth (bandwidth type, link name)
    #[arg(long = "cpu-io-bandwidth", num_args = 2, value_names = ["IO_BW", "LINKID_NAME"])]
    io_bandwidth: Option<Vec<String>>,
    /// CPU: xGMI link bandwidth (bandwidth type, link name)
    #[arg(long = "cpu-xgmi-bandwidth", num_args = 2, value_names = ["XGMI_BW", "LINKID_NAME"])]
    xgmi_bandwidth: Option<Vec<String>>,
    /// CPU: HSMP metrics table version
    #[arg(long = "cpu-metrics-ver")]
    metrics_ver: bool,
    /// CPU: HSMP metrics table
    #[arg(long = "cpu-metrics-table")]
    metrics_table: bool,
    /// CPU: socket energy
    #[arg(long = "cpu-socket-energy")]
    socket_energy: bool,
    /// CPU: DDR bandwidth
    #[arg(long = "cpu-ddr-bandwidth")]
    ddr_bandwidth: bool,
    /// CPU: socket temperature
    #[arg(long = "cpu-temp")]
    temp: bool,
    /// CPU: a DIMM's temperature range and refresh rate
    #[arg(long = "cpu-dimm-temp-range-rate", value_name = "DIMM_ADDR", value_parser = parse_u8)]
    dimm_temp_range_rate: Option<u8>,
    /// CPU: a DIMM's power consumption
    #[arg(long = "cpu-dimm-pow-consumption", value_name = "DIMM_ADDR", value_parser = parse_u8)]
    dimm_pow_consumption: Option<u8>,
    /// CPU: a DIMM's thermal sensor
    #[arg(long = "cpu-dimm-thermal-sensor", value_name = "DIMM_ADDR", value_parser = parse_u8)]
    dimm_thermal_sensor: Option<u8>,
    /// Core: boost limit
    #[arg(long = "core-boost-limit")]
    boost_limit: bool,
    /// Core: current active frequency limit
    #[arg(long = "core-curr-active-freq-core-limit")]
    curr_active_freq_core_limit: bool,
    /// Core: energy
    #[arg(long = "core-energy")]
    core_energy: bool,
}

/// A byte, decimal or `0x` hex (DIMM addresses are usually given in hex).
fn parse_u8(text: &str) -> Result<u8, String> {
    let parsed = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u8::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|e| format!("{text:?}: {e}"))
}

impl MetricArgs {
    fn cpu_sections(&self) -> bool {
        self.power_metrics
            || self.prochot
            || self.freq_metrics
            || self.c0_res
            || self.lclk_dpm_level.is_some()
            || self.svi
            || self.io_bandwidth.is_some()
            || self.xgmi_bandwidth.is_some()
            || self.metrics_ver
            || self.metrics_table
            || self.socket_energy
            || self.ddr_bandwidth
            || self.temp
            || self.dimm_temp_range_rate.is_some()
            || self.dimm_pow_consumption.is_some()
            || self.dimm_thermal_sensor.is_some()
    }

    fn core_sections(&self) -> bool {
        self.boost_limit || self.curr_active_freq_core_limit || self.core_energy
    }

    /// Whether CPUs or cores were asked for (`--cpu`, `--core`, or one of their sections).
    pub fn selected(&self) -> bool {
        self.cpu.is_some() || self.core.is_some() || self.cpu_sections() || self.core_sections()
    }
}

/// The `smu` section.
#[derive(Serialize)]
struct Smu {
    #[serde(rename = "FW_VERSION")]
    fw_version: String,
}

/// The `interface_version` section.
#[derive(Serialize)]
struct InterfaceVersion {
    #[serde(rename = "proto version")]
    proto_version: Na<u32>,
}

sections! {
    /// The `static --cpu` record of one socket: the selected sections.
    struct StaticCpu {
        smu: Na<Smu>,
        interface_version: InterfaceVersion,
    }
}

/// `static --cpu`: SMU firmware and HSMP interface version of each selected socket.
pub fn static_run(c: &Context, args: &StaticArgs, output: render::Output) -> amdsmi::Result<String> {
    let all = !(args.smu || args.interface_ver);
    let mut records = Vec::new();
    for (index, cpu) in crate::select::indices(c.cpusocket_handles(), args.cpu.as_deref(), "CPU")? {
        let smu = (all || args.smu).then(|| {
            Na::ok(c.cpu_socket(cpu).and_then(|s| s.smu_fw_version()).map(|v| Smu {
                fw_version: format!("{}.{}.{}", v.smu_fw_major_ver_num, v.smu_fw_minor_ver_num, v.smu_fw_debug_ver_num),
            }))
        });
        let interface_version = (all || args.interface_ver)
            .then(|| InterfaceVersion { proto_version: Na::ok(c.cpu_socket(cpu).and_then(|s| s.hsmp_proto_ver())) });
        records.push((index, StaticCpu { smu, interface_version }));
    }
    Ok(render::data(output, "cpu", &records))
}

/// The `power_metrics` section, mW.
#[derive(Serialize)]
struct PowerMetrics {
    #[serde(rename = "socket power")]
    socket_power: Na<Unit<u32>>,
    #[serde(rename = "socket power limit")]
    socket_power_limit: Na<Unit<u32>>,
    #[serde(rename = "socket max power limit")]
    socket_max_power_limit: Na<Unit<u32>>,
}

/// FCLK and MCLK, MHz.
#[derive(Serialize)]
struct FclkMclk {
    fclk: Unit<u32>,
    mclk: Unit<u32>,
}

/// The socket's current active frequency limit (MHz) and what sets it.
#[derive(Serialize)]
struct FreqLimit {
    freq: Unit<u16>,
    freq_src: Vec<String>,
}

/// The socket's frequency range, MHz.
#[derive(Serialize)]
struct FreqRange {
    max_socket_freq: Unit<u16>,
    min_socket_freq: Unit<u16>,
}

/// The `freq_metrics` section.
#[derive(Serialize)]
struct FreqMetrics {
    fclkmemclk: Na<FclkMclk>,
    cclkfreqlimit: Na<Unit<u32>>,
    soc_current_active_freq_limit: Na<FreqLimit>,
    soc_freq_range: Na<FreqRange>,
}

/// DDR bandwidth (Gbps) and its utilization (%).
#[derive(Serialize)]
struct DdrBandwidth {
    max_bw: Unit<u32>,
    utilized_bw: Unit<u32>,
    utilized_pct: Unit<u32>,
}

/// A DIMM's power (mW) and its update rate (ms).
#[derive(Serialize)]
struct DimmPower {
    power: Unit<u16>,
    update_rate: Unit<u16>,
    dimm_addr: u8,
}

/// A DIMM's thermal sensor: update rate (ms) and temperature (°C).
#[derive(Serialize)]
struct DimmThermal {
    sensor: u16,
    update_rate: Unit<u16>,
    dimm_addr: u8,
    temp: Unit<f32>,
}

/// The `metrics_table` section.
#[derive(Serialize)]
struct MetricsTable {
    cpu_family: Na<u32>,
    cpu_model: Na<u32>,
    response: Na<amdsmi::HsmpMetricsTable>,
}

/// A section of one named value (`{"residency": ...}`, `{"response": ...}`, `{"value": ...}`).
#[derive(Serialize)]
enum One<T> {
    #[serde(rename = "prochot_status")]
    ProchotStatus(T),
    #[serde(rename = "residency")]
    Residency(T),
    #[serde(rename = "dpml_level_range")]
    DpmLevelRange(T),
    #[serde(rename = "power")]
    Power(T),
    #[serde(rename = "band_width")]
    BandWidth(T),
    #[serde(rename = "version")]
    Version(T),
    #[serde(rename = "response")]
    Response(T),
    #[serde(rename = "value")]
    Value(T),
}

sections! {
    /// The `metric --cpu` record of one socket: the selected sections, in `amdsmi_commands.py`'s
    /// order.
    struct MetricCpu {
        power_metrics: PowerMetrics,
        prochot: One<Na<u32>>,
        freq_metrics: FreqMetrics,
        c0_residency: One<Na<Unit<u32>>>,
        socket_dpm: One<Na<amdsmi::DpmLevel>>,
        svi_telemetry_all_rails: One<Na<Unit<u32>>>,
        io_bandwidth: One<Na<Unit<u32>>>,
        xgmi_bandwidth: One<Na<Unit<u32>>>,
        metric_version: One<Na<u32>>,
        metrics_table: MetricsTable,
        socket_energy: One<Na<Unit<f64>>>,
        ddr_bandwidth: One<Na<DdrBandwidth>>,
        cpu_temp: One<Na<Unit<f64>>>,
        dimm_temp_range_rate: One<Na<amdsmi::DimmTempRangeRefreshRate>>,
        dimm_pow_consumption: One<Na<DimmPower>>,
        dimm_thermal_sensor: One<Na<DimmThermal>>,
    }
}

/// Microjoules as joules.
fn joules(uj: u64) -> f64 {
    uj as f64 / 1e6
}

/// The `metric --cpu` sections of one socket. `all`: the sections `amdsmi_commands.py` shows
/// without options (those needing an argument only when given one).
fn cpu_sections(c: &Context, cpu: ProcessorHandle, args: &MetricArgs, all: bool) -> MetricCpu {
    let on = |flag: bool| all || flag;
    let bandwidth = |link: &Option<Vec<String>>, f: fn(&CpuSocket<'_>, u32, &str) -> amdsmi::Result<u32>| {
        let [bw, name] = link.as_deref()? else { return None };
        let bw = bw.parse::<u32>().map_err(|_| amdsmi::Error::parameter(format!("bandwidth type {bw:?}")));
        Some(One::BandWidth(unit(bw.and_then(|bw| f(&c.cpu_socket(cpu)?, bw, name)).ok(), "Mbps")))
    };
    MetricCpu {
        power_metrics: on(args.power_metrics).then(|| PowerMetrics {
            socket_power: unit(c.cpu_socket(cpu).and_then(|s| s.power()).ok(), "mW"),
            socket_power_limit: unit(c.cpu_socket(cpu).and_then(|s| s.power_cap()).ok(), "mW"),
            socket_max_power_limit: unit(c.cpu_socket(cpu).and_then(|s| s.power_cap_max()).ok(), "mW"),
        }),
        prochot: on(args.prochot)
            .then(|| One::ProchotStatus(Na::ok(c.cpu_socket(cpu).and_then(|s| s.prochot_status())))),
        freq_metrics: on(args.freq_metrics).then(|| FreqMetrics {
            fclkmemclk: Na::ok(
                c.cpu_socket(cpu)
                    .and_then(|s| s.fclk_mclk())
                    .map(|f| FclkMclk { fclk: Unit::new(f.fclk, "MHz"), mclk: Unit::new(f.mclk, "MHz") }),
            ),
            cclkfreqlimit: unit(c.cpu_socket(cpu).and_then(|s| s.cclk_limit()).ok(), "MHz"),
            soc_current_active_freq_limit: Na::ok(
                c.cpu_socket(cpu)
                    .and_then(|s| s.current_active_freq_limit())
                    .map(|l| FreqLimit { freq: Unit::new(l.freq, "MHz"), freq_src: l.freq_src }),
            ),
            soc_freq_range: Na::ok(c.cpu_socket(cpu).and_then(|s| s.freq_range()).map(|r| FreqRange {
                max_socket_freq: Unit::new(r.max_socket_freq, "MHz"),
                min_socket_freq: Unit::new(r.min_socket_freq, "MHz"),
            })),
        }),
        c0_residency: on(args.c0_res)
            .then(|| One::Residency(unit(c.cpu_socket(cpu).and_then(|s| s.c0_residency()).ok(), "%"))),
        socket_dpm: args
            .lclk_dpm_level
            .map(|nbio| One::DpmLevelRange(Na::ok(c.cpu_socket(cpu).and_then(|s| s.lclk_dpm_level(nbio))))),
        svi_telemetry_all_rails: on(args.svi)
            .then(|| One::Power(unit(c.cpu_socket(cpu).and_then(|s| s.pwr_svi_telemetry_all_rails()).ok(), "mW"))),
        io_bandwidth: bandwidth(&args.io_bandwidth, |s, bw, name| s.current_io_bandwidth(bw, name)),
        xgmi_bandwidth: bandwidth(&args.xgmi_bandwidth, |s, bw, name| s.current_xgmi_bw(bw, name)),
        metric_version: on(args.metrics_ver)
            .then(|| One::Version(Na::ok(c.cpu_socket(cpu).and_then(|s| s.hsmp_metrics_table_version())))),
        metrics_table: on(args.metrics_table).then(|| MetricsTable {
            cpu_family: Na::ok(c.cpu_family()),
            cpu_model: Na::ok(c.cpu_model()),
            response: Na::ok(c.cpu_socket(cpu).and_then(|s| s.hsmp_metrics_table())),
        }),
        socket_energy: on(args.socket_energy)
            .then(|| One::Response(unit(c.cpu_socket(cpu).and_then(|s| s.energy()).map(joules).ok(), "J"))),
        ddr_bandwidth: on(args.ddr_bandwidth).then(|| {
            One::Response(Na::ok(c.cpu_socket(cpu).and_then(|s| s.ddr_bw()).map(|d| DdrBandwidth {
                max_bw: Unit::new(d.max_bw, "Gbps"),
                utilized_bw: Unit::new(d.utilized_bw, "Gbps"),
                utilized_pct: Unit::new(d.utilized_pct, "%"),
            })))
        }),
        cpu_temp: on(args.temp).then(|| {
            One::Response(unit(
                c.cpu_socket(cpu).and_then(|s| s.temperature()).map(|mc| f64::from(mc) / 1000.0).ok(),
                "C",
            ))
        }),
        dimm_temp_range_rate: args.dimm_temp_range_rate.map(|addr| {
            One::Response(Na::ok(c.cpu_socket(cpu).and_then(|s| s.dimm_temp_range_and_refresh_rate(addr))))
        }),
        dimm_pow_consumption: args.dimm_pow_consumption.map(|addr| {
            One::Response(Na::ok(c.cpu_socket(cpu).and_then(|s| s.dimm_power_consumption(addr)).map(|p| DimmPower {
                power: Unit::new(p.power, "mW"),
                update_rate: Unit::new(p.update_rate, "ms"),
                dimm_addr: p.dimm_addr,
            })))
        }),
        dimm_thermal_sensor: args.dimm_thermal_sensor.map(|addr| {
            One::Response(Na::ok(c.cpu_socket(cpu).and_then(|s| s.dimm_thermal_sensor(addr)).map(|t| DimmThermal {
                sensor: t.sensor,
                update_rate: Unit::new(t.update_rate, "ms"),
                dimm_addr: t.dimm_addr,
                temp: Unit::new(t.temp, "C"),
            })))
        }),
    }
}

sections! {
    /// The `metric --core` record of one core: the selected sections.
    struct MetricCore {
        boost_limit: One<Na<Unit<u32>>>,
        curr_active_freq_core_limit: One<Na<Unit<u32>>>,
        core_energy: One<Na<Unit<f64>>>,
    }
}

/// The `metric --core` sections of one core.
fn core_sections(c: &Context, core: ProcessorHandle, args: &MetricArgs, all: bool) -> MetricCore {
    let on = |flag: bool| all || flag;
    MetricCore {
        boost_limit: on(args.boost_limit)
            .then(|| One::Value(unit(c.cpu_core(core).and_then(|c| c.boostlimit()).ok(), "MHz"))),
        curr_active_freq_core_limit: on(args.curr_active_freq_core_limit)
            .then(|| One::Value(unit(c.cpu_core(core).and_then(|c| c.current_freq_limit()).ok(), "MHz"))),
        core_energy: on(args.core_energy)
            .then(|| One::Value(unit(c.cpu_core(core).and_then(|c| c.energy()).map(joules).ok(), "J"))),
    }
}

/// One `metric` snapshot of the selected CPUs (then cores): with neither `--cpu` nor `--core`,
/// a CPU section flag selects every CPU and a core section flag every core.
pub fn metric_snapshot(c: &Context, args: &MetricArgs, output: render::Output) -> amdsmi::Result<String> {
    let want_cpus = args.cpu.is_some() || args.cpu_sections();
    let want_cores = args.core.is_some() || args.core_sections();
    let mut document = render::Document::new(output);
    if want_cpus {
        let all = !args.cpu_sections();
        let records: Vec<_> = crate::select::indices(c.cpusocket_handles(), args.cpu.as_deref(), "CPU")?
            .into_iter()
            .map(|(i, cpu)| (i, cpu_sections(c, cpu, args, all)))
            .collect();
        document = document.with("cpu", &records);
    }
    if want_cores {
        let all = !args.core_sections();
        let records: Vec<_> = crate::select::indices(c.cpucore_handles(), args.core.as_deref(), "core")?
            .into_iter()
            .map(|(i, core)| (i, core_sections(c, core, args, all)))
            .collect();
        document = document.with("core", &records);
    }
    Ok(document.render())
}

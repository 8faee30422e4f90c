//! The CPU sections of `static` and `metric` (`--cpu`, `--core`), as `amd-smi` prints them for
//! EPYC CPUs: one `CPU: n` record per socket (`CORE: n` per core), sections and keys as AMD's
//! `amdsmi_commands.py` (`static_cpu`, `metric_cpu`, `metric_core`) names them, `N/A` where a
//! function fails; and the CPU options of `set` (`set_cpu`, `set_core`: AMD's response keys and
//! texts; as `set` does for GPUs, the first failure stops after printing what changed, where
//! AMD's tool prints the error as the setting's response and goes on).

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

/// `set` options changing EPYC CPUs (AMD's `amdsmi_parser.py` `_add_set_value_parser`, CPU
/// arguments): socket settings on the `-U` sockets, the core boost limit on the `-O` cores (every
/// socket or core without a value or with `all`).
#[derive(clap::Args, Default)]
pub struct SetArgs {
    /// CPU sockets to change (`all`, or socket indices); without a value, every socket
    #[arg(short = 'U', long = "cpu", value_name = "CPU", num_args = 0.., value_delimiter = ',')]
    cpu: Option<Vec<String>>,
    /// CPU cores to change (`all`, or core indices); without a value, every core
    #[arg(short = 'O', long = "core", value_name = "CORE", num_args = 0.., value_delimiter = ',')]
    core: Option<Vec<String>>,
    /// CPU: socket power limit, mW (above the socket's maximum, the maximum)
    #[arg(long = "cpu-pwr-limit", id = "cpu_pwr_limit", value_name = "PWR_LIMIT")]
    pwr_limit: Option<u32>,
    /// CPU: xGMI link width range, each 0-2
    #[arg(long = "cpu-xgmi-link-width", id = "cpu_xgmi_link_width", num_args = 2, value_names = ["MIN_WIDTH", "MAX_WIDTH"], value_parser = clap::value_parser!(u8).range(0..=2))]
    xgmi_link_width: Option<Vec<u8>>,
    /// CPU: LCLK DPM level range of an NBIO, each 0-3
    #[arg(long = "cpu-lclk-dpm-level", id = "cpu_lclk_dpm_level", num_args = 3, value_names = ["NBIOID", "MIN_DPM", "MAX_DPM"], value_parser = clap::value_parser!(u8).range(0..=3))]
    lclk_dpm_level: Option<Vec<u8>>,
    /// CPU: power efficiency mode, 0-5 (the platform's highest mode at most)
    #[arg(long = "cpu-pwr-eff-mode", id = "cpu_pwr_eff_mode", value_name = "MODE", value_parser = clap::value_parser!(u8).range(0..=5))]
    pwr_eff_mode: Option<u8>,
    /// CPU: GMI3 link width range, each 0-2
    #[arg(long = "cpu-gmi3-link-width", id = "cpu_gmi3_link_width", num_args = 2, value_names = ["MIN_LW", "MAX_LW"], value_parser = clap::value_parser!(u8).range(0..=2))]
    gmi3_link_width: Option<Vec<u8>>,
    /// CPU: PCIe link rate control: 0 automatic, 1 limited to Gen4, 2 limited to Gen5
    #[arg(long = "cpu-pcie-link-rate", id = "cpu_pcie_link_rate", value_name = "LINK_RATE", value_parser = clap::value_parser!(u8).range(0..=2))]
    pcie_link_rate: Option<u8>,
    /// CPU: DF P-state range, each 0-2 (MAX_PSTATE, the highest performance, not above MIN_PSTATE)
    #[arg(long = "cpu-df-pstate-range", id = "cpu_df_pstate_range", num_args = 2, value_names = ["MAX_PSTATE", "MIN_PSTATE"], value_parser = clap::value_parser!(u8).range(0..=2))]
    df_pstate_range: Option<Vec<u8>>,
    /// CPU: enable the DF P-state performance boost algorithm (APB)
    #[arg(long = "cpu-enable-apb", id = "cpu_enable_apb")]
    enable_apb: bool,
    /// CPU: disable APB and pin DF P-state DF_PSTATE, 0-3
    #[arg(long = "cpu-disable-apb", id = "cpu_disable_apb", value_name = "DF_PSTATE", value_parser = clap::value_parser!(u8).range(0..=3))]
    disable_apb: Option<u8>,
    /// CPU: boost limit of every core of the socket, MHz
    #[arg(long = "soc-boost-limit", id = "soc_boost_limit", value_name = "BOOST_LIMIT", value_parser = clap::value_parser!(u32).range(..=65535))]
    soc_boost_limit: Option<u32>,
    /// Core: boost limit, MHz
    #[arg(long = "core-boost-limit", id = "core_boost_limit", value_name = "BOOST_LIMIT", value_parser = clap::value_parser!(u32).range(..=65535))]
    core_boost_limit: Option<u32>,
}

impl SetArgs {
    fn socket_settings(&self) -> bool {
        self.pwr_limit.is_some()
            || self.xgmi_link_width.is_some()
            || self.lclk_dpm_level.is_some()
            || self.pwr_eff_mode.is_some()
            || self.gmi3_link_width.is_some()
            || self.pcie_link_rate.is_some()
            || self.df_pstate_range.is_some()
            || self.enable_apb
            || self.disable_apb.is_some()
            || self.soc_boost_limit.is_some()
    }

    /// Whether a CPU or core setting was given.
    pub fn any(&self) -> bool {
        self.socket_settings() || self.core_boost_limit.is_some()
    }
}

/// A response under AMD's capitalized keys (`Warning_MSG`, `Response`).
#[derive(Serialize, PartialEq)]
struct Response {
    #[serde(rename = "Warning_MSG", skip_serializing_if = "Option::is_none")]
    warning_msg: Option<String>,
    #[serde(rename = "Response")]
    response: String,
}

impl Response {
    fn new(response: String) -> Response {
        Response { warning_msg: None, response }
    }
}

/// A response under AMD's lower-case key.
#[derive(Serialize, PartialEq)]
struct LowerResponse {
    response: String,
}

/// The power efficiency mode set.
#[derive(Serialize, PartialEq)]
struct PwrEffMode {
    mode: String,
    response: &'static str,
}

/// The PCIe link rate control before the change.
#[derive(Serialize, PartialEq)]
struct PrevMode {
    prev_mode: u8,
}

/// The APB state after the change.
#[derive(Serialize, PartialEq)]
struct ApbState {
    state: &'static str,
}

sections! {
    /// What `set` changed on one socket, under AMD's keys (`amdsmi_commands.py` `set_cpu`), in
    /// the order the settings are applied.
    #[derive(Default, PartialEq)]
    struct CpuChanged {
        set_pwr_limit: Response,
        set_xgmi_link_width: Response,
        set_lclk_dpm_level: Response,
        pwr_eff_mode: PwrEffMode,
        set_gmi3_link_width: LowerResponse,
        set_pcie_link_rate: PrevMode,
        set_df_pstate_range: LowerResponse,
        apbenable: ApbState,
        apbdisable: ApbState,
        set_soc_boost_limit: Response,
    }
}

sections! {
    /// What `set --core-boost-limit` changed on one core (`amdsmi_commands.py` `set_core`).
    #[derive(Default, PartialEq)]
    struct CoreChanged {
        set_core_boost_limit: Response,
    }
}

/// `err` with what was being done on which socket or core in front of its detail.
fn set_failed(err: amdsmi::Error, action: &str, what: &str, index: usize) -> amdsmi::Error {
    let detail = match err.detail() {
        Some(detail) => format!("unable to {action} on {what} {index}: {detail}"),
        None => format!("unable to {action} on {what} {index}"),
    };
    err.with_detail(detail)
}

/// AMD's success text of AMD's set operations.
const SET_OK: &str = "Set Operation successful";

/// Applies the socket settings to one socket, in AMD's order, recording each in `rec`.
fn set_socket(s: &CpuSocket<'_>, args: &SetArgs, index: usize, rec: &mut CpuChanged) -> amdsmi::Result<()> {
    let fail = |action: &'static str| move |e| set_failed(e, action, "CPU", index);
    if let Some(mw) = args.pwr_limit {
        let max = s.power_cap_max().map_err(fail("read the maximum power limit"))?;
        let (mw, warning_msg) =
            if mw > max { (max, Some(format!("maximum allowed power limit is {max}"))) } else { (mw, None) };
        s.set_power_cap(mw).map_err(fail("set the power limit"))?;
        rec.set_pwr_limit = Some(Response { warning_msg, response: format!("{:.3} W", f64::from(mw) / 1000.0) });
    }
    if let Some([min, max]) = args.xgmi_link_width.as_deref() {
        s.set_xgmi_width(*min, *max).map_err(fail("set the xGMI link width"))?;
        rec.set_xgmi_link_width = Some(Response::new(format!("{min} - {max}")));
    }
    if let Some([nbio, min, max]) = args.lclk_dpm_level.as_deref() {
        s.set_lclk_dpm_level(*nbio, *min, *max).map_err(fail("set the LCLK DPM level"))?;
        rec.set_lclk_dpm_level = Some(Response::new(format!("NBIO[{nbio}]")));
    }
    if let Some(mode) = args.pwr_eff_mode {
        s.set_pwr_efficiency_mode(mode).map_err(fail("set the power efficiency mode"))?;
        rec.pwr_eff_mode =
            Some(PwrEffMode { mode: mode.to_string(), response: "Set power efficiency mode operation successful" });
    }
    if let Some([min, max]) = args.gmi3_link_width.as_deref() {
        s.set_gmi3_link_width_range(*min, *max).map_err(fail("set the GMI3 link width"))?;
        rec.set_gmi3_link_width = Some(LowerResponse { response: format!("{min} - {max}") });
    }
    if let Some(rate) = args.pcie_link_rate {
        let prev_mode = s.set_pcie_link_rate(rate).map_err(fail("set the PCIe link rate"))?;
        rec.set_pcie_link_rate = Some(PrevMode { prev_mode });
    }
    if let Some([max, min]) = args.df_pstate_range.as_deref() {
        s.set_df_pstate_range(*max, *min).map_err(fail("set the DF P-state range"))?;
        rec.set_df_pstate_range = Some(LowerResponse { response: SET_OK.to_owned() });
    }
    if args.enable_apb {
        s.apb_enable().map_err(fail("enable APB"))?;
        rec.apbenable = Some(ApbState { state: "Enabled DF - Pstate performance boost algorithm" });
    }
    if let Some(pstate) = args.disable_apb {
        s.apb_disable(pstate).map_err(fail("disable APB"))?;
        rec.apbdisable = Some(ApbState { state: "Disabled DF - Pstate performance boost algorithm" });
    }
    if let Some(mhz) = args.soc_boost_limit {
        s.set_boostlimit(mhz).map_err(fail("set the socket boost limit"))?;
        rec.set_soc_boost_limit = Some(Response::new(SET_OK.to_owned()));
    }
    Ok(())
}

/// The sockets or cores a `set` selection names; NOT_FOUND on a machine without any.
fn set_targets(
    handles: Vec<ProcessorHandle>,
    wanted: Option<&[String]>,
    what: &str,
) -> amdsmi::Result<Vec<(usize, ProcessorHandle)>> {
    if handles.is_empty() {
        let err = amdsmi::Error::new(amdsmi::Status::NotFound);
        return Err(err.with_detail(format!("no AMD {what} to change (no HSMP driver)")));
    }
    crate::select::indices(handles, wanted, what)
}

/// Prints `records` (when any) and passes `result` on: what changed until the first failure.
fn changed<T: Serialize>(
    output: render::Output,
    id_key: &str,
    records: &[(usize, T)],
    emit: &mut dyn FnMut(&str) -> bool,
    result: amdsmi::Result<()>,
) -> amdsmi::Result<()> {
    if !records.is_empty() {
        emit(&render::records(output, id_key, records));
    }
    result
}

/// Runs the CPU settings of `set`: the socket settings on every selected socket, then the core
/// boost limit on every selected core (read back as AMD does: a limit the SMU clamped is shown
/// as the allowed maximum or minimum). The first failure stops, after printing what changed.
pub fn set_run(
    c: &Context,
    args: &SetArgs,
    output: render::Output,
    emit: &mut dyn FnMut(&str) -> bool,
) -> amdsmi::Result<()> {
    if args.socket_settings() {
        let mut records = Vec::new();
        let mut result = Ok(());
        for (index, cpu) in set_targets(c.cpusocket_handles(), args.cpu.as_deref(), "CPU")? {
            let mut rec = CpuChanged::default();
            result = c.cpu_socket(cpu).and_then(|s| set_socket(&s, args, index, &mut rec));
            if rec != CpuChanged::default() {
                records.push((index, rec));
            }
            if result.is_err() {
                break;
            }
        }
        changed(output, "cpu", &records, emit, result)?;
    }
    if let Some(mhz) = args.core_boost_limit {
        let mut records = Vec::new();
        let mut result = Ok(());
        for (index, core) in set_targets(c.cpucore_handles(), args.core.as_deref(), "core")? {
            let set = c.cpu_core(core).and_then(|k| {
                k.set_boostlimit(mhz)?;
                k.boostlimit()
            });
            match set {
                Ok(now) => {
                    let response = match now.cmp(&mhz) {
                        std::cmp::Ordering::Less => format!("Max allowed boostlimit is {now} MHz"),
                        std::cmp::Ordering::Greater => format!("Min allowed boostlimit is {now} MHz"),
                        std::cmp::Ordering::Equal => format!("{now} MHz"),
                    };
                    records.push((index, CoreChanged { set_core_boost_limit: Some(Response::new(response)) }));
                }
                Err(e) => {
                    result = Err(set_failed(e, "set the boost limit", "core", index));
                    break;
                }
            }
        }
        changed(output, "core", &records, emit, result)?;
    }
    Ok(())
}

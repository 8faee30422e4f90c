//! The CPU sections of `static` and `metric` (`--cpu`, `--core`), as `amd-smi` prints them for
//! EPYC CPUs: one `CPU: n` record per socket (`CORE: n` per core), sections and keys as AMD's
//! `amdsmi_commands.py` (`static_cpu`, `metric_cpu`, `metric_core`) names them, `N/A` where a
//! function fails; and the CPU part of `dump`.

use amdsmi::{Context, CpuSocket, ProcessorHandle};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::render;

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

/// The handles a selection names: every one for no value or `all`, else the listed indices
/// (an unknown index is a parameter error).
fn pick(
    handles: Vec<ProcessorHandle>,
    wanted: Option<&[String]>,
    what: &str,
) -> amdsmi::Result<Vec<(usize, ProcessorHandle)>> {
    let all: Vec<(usize, ProcessorHandle)> = handles.into_iter().enumerate().collect();
    match wanted {
        None => Ok(all),
        Some(list) if list.is_empty() || list.iter().any(|w| w == "all") => Ok(all),
        Some(list) => list
            .iter()
            .map(|w| {
                let index: usize = w.parse().map_err(|_| amdsmi::Error::parameter(format!("{what} {w:?}")))?;
                all.get(index).copied().ok_or_else(|| amdsmi::Error::parameter(format!("no {what} {index}")))
            })
            .collect(),
    }
}

/// `{"value": v, "unit": unit}`, or `"N/A"` when the call failed.
fn unit<T: Serialize>(result: amdsmi::Result<T>, unit: &str) -> Value {
    result.map_or_else(|_| Value::from("N/A"), |v| json!({ "value": v, "unit": unit }))
}

/// The value, or `"N/A"` when the call failed.
fn na<T: Serialize>(result: amdsmi::Result<T>) -> Value {
    result.ok().and_then(|v| serde_json::to_value(v).ok()).unwrap_or_else(|| Value::from("N/A"))
}

/// A record: `{id_key: index}` followed by `sections`.
fn record(id_key: &str, index: usize, sections: Map<String, Value>) -> Map<String, Value> {
    let mut rec = Map::new();
    rec.insert(id_key.into(), index.into());
    rec.extend(sections);
    rec
}

/// Renders records as `amd-smi` does: JSON list, or `LABEL: n` blocks.
fn render(records: &[Map<String, Value>], id_key: &str, label: &str, json: bool) -> String {
    if json {
        render::json(records)
    } else {
        render::human_records(records, id_key, label)
    }
}

/// `static --cpu`: SMU firmware and HSMP interface version of each selected socket.
pub fn static_run(c: &Context, args: &StaticArgs, json: bool) -> amdsmi::Result<String> {
    let all = !(args.smu || args.interface_ver);
    let mut records = Vec::new();
    for (index, cpu) in pick(c.cpusocket_handles(), args.cpu.as_deref(), "CPU")? {
        let mut sections = Map::new();
        if all || args.smu {
            let fw = c
                .cpu_socket(cpu)
                .and_then(|s| s.smu_fw_version())
                .map(|v| format!("{}.{}.{}", v.smu_fw_major_ver_num, v.smu_fw_minor_ver_num, v.smu_fw_debug_ver_num));
            sections.insert("smu".into(), fw.map_or_else(|_| Value::from("N/A"), |v| json!({ "FW_VERSION": v })));
        }
        if all || args.interface_ver {
            sections.insert(
                "interface_version".into(),
                json!({ "proto version": na(c.cpu_socket(cpu).and_then(|s| s.hsmp_proto_ver())) }),
            );
        }
        records.push(record("cpu", index, sections));
    }
    Ok(render(&records, "cpu", "CPU", json))
}

/// The `metric --cpu` sections of one socket, in `amdsmi_commands.py`'s order. `all`: the
/// sections it shows without options (those needing an argument only when given one).
fn cpu_sections(c: &Context, cpu: ProcessorHandle, args: &MetricArgs, all: bool) -> Map<String, Value> {
    let mut s = Map::new();
    if all || args.power_metrics {
        s.insert(
            "power_metrics".into(),
            json!({
                "socket power": unit(c.cpu_socket(cpu).and_then(|s| s.power()), "mW"),
                "socket power limit": unit(c.cpu_socket(cpu).and_then(|s| s.power_cap()), "mW"),
                "socket max power limit": unit(c.cpu_socket(cpu).and_then(|s| s.power_cap_max()), "mW"),
            }),
        );
    }
    if all || args.prochot {
        s.insert("prochot".into(), json!({ "prochot_status": na(c.cpu_socket(cpu).and_then(|s| s.prochot_status())) }));
    }
    if all || args.freq_metrics {
        let fclk_mclk = c
            .cpu_socket(cpu)
            .and_then(|s| s.fclk_mclk())
            .map(|f| json!({ "fclk": unit(Ok(f.fclk), "MHz"), "mclk": unit(Ok(f.mclk), "MHz") }));
        let limit = c
            .cpu_socket(cpu)
            .and_then(|s| s.current_active_freq_limit())
            .map(|l| json!({ "freq": unit(Ok(l.freq), "MHz"), "freq_src": l.freq_src }));
        let range = c.cpu_socket(cpu).and_then(|s| s.freq_range()).map(|r| {
            json!({ "max_socket_freq": unit(Ok(r.max_socket_freq), "MHz"), "min_socket_freq": unit(Ok(r.min_socket_freq), "MHz") })
        });
        s.insert(
            "freq_metrics".into(),
            json!({
                "fclkmemclk": na(fclk_mclk),
                "cclkfreqlimit": unit(c.cpu_socket(cpu).and_then(|s| s.cclk_limit()), "MHz"),
                "soc_current_active_freq_limit": na(limit),
                "soc_freq_range": na(range),
            }),
        );
    }
    if all || args.c0_res {
        s.insert(
            "c0_residency".into(),
            json!({ "residency": unit(c.cpu_socket(cpu).and_then(|s| s.c0_residency()), "%") }),
        );
    }
    if let Some(nbio) = args.lclk_dpm_level {
        s.insert(
            "socket_dpm".into(),
            json!({ "dpml_level_range": na(c.cpu_socket(cpu).and_then(|s| s.lclk_dpm_level(nbio))) }),
        );
    }
    if all || args.svi {
        s.insert(
            "svi_telemetry_all_rails".into(),
            json!({ "power": unit(c.cpu_socket(cpu).and_then(|s| s.pwr_svi_telemetry_all_rails()), "mW") }),
        );
    }
    for (key, link, f) in [
        (
            "io_bandwidth",
            &args.io_bandwidth,
            (|s: &CpuSocket<'_>, bw, name: &str| s.current_io_bandwidth(bw, name))
                as fn(&CpuSocket<'_>, u32, &str) -> amdsmi::Result<u32>,
        ),
        ("xgmi_bandwidth", &args.xgmi_bandwidth, |s, bw, name| s.current_xgmi_bw(bw, name)),
    ] {
        if let Some([bw, name]) = link.as_deref() {
            let bw = bw.parse::<u32>().map_err(|_| amdsmi::Error::parameter(format!("bandwidth type {bw:?}")));
            s.insert(
                key.into(),
                json!({ "band_width": unit(bw.and_then(|bw| f(&c.cpu_socket(cpu)?, bw, name)), "Mbps") }),
            );
        }
    }
    if all || args.metrics_ver {
        s.insert(
            "metric_version".into(),
            json!({ "version": na(c.cpu_socket(cpu).and_then(|s| s.hsmp_metrics_table_version())) }),
        );
    }
    if all || args.metrics_table {
        s.insert(
            "metrics_table".into(),
            json!({
                "cpu_family": na(c.cpu_family()),
                "cpu_model": na(c.cpu_model()),
                "response": na(c.cpu_socket(cpu).and_then(|s| s.hsmp_metrics_table())),
            }),
        );
    }
    if all || args.socket_energy {
        let joules = c.cpu_socket(cpu).and_then(|s| s.energy()).map(|uj| uj as f64 / 1e6);
        s.insert("socket_energy".into(), json!({ "response": unit(joules, "J") }));
    }
    if all || args.ddr_bandwidth {
        let ddr = c.cpu_socket(cpu).and_then(|s| s.ddr_bw()).map(|d| {
            json!({
                "max_bw": unit(Ok(d.max_bw), "Gbps"),
                "utilized_bw": unit(Ok(d.utilized_bw), "Gbps"),
                "utilized_pct": unit(Ok(d.utilized_pct), "%"),
            })
        });
        s.insert("ddr_bandwidth".into(), json!({ "response": na(ddr) }));
    }
    if all || args.temp {
        let celsius = c.cpu_socket(cpu).and_then(|s| s.temperature()).map(|mc| f64::from(mc) / 1000.0);
        s.insert("cpu_temp".into(), json!({ "response": unit(celsius, "C") }));
    }
    if let Some(addr) = args.dimm_temp_range_rate {
        s.insert(
            "dimm_temp_range_rate".into(),
            json!({ "response": na(c.cpu_socket(cpu).and_then(|s| s.dimm_temp_range_and_refresh_rate(addr))) }),
        );
    }
    if let Some(addr) = args.dimm_pow_consumption {
        let power = c.cpu_socket(cpu).and_then(|s| s.dimm_power_consumption(addr)).map(|p| {
            json!({ "power": unit(Ok(p.power), "mW"), "update_rate": unit(Ok(p.update_rate), "ms"), "dimm_addr": p.dimm_addr })
        });
        s.insert("dimm_pow_consumption".into(), json!({ "response": na(power) }));
    }
    if let Some(addr) = args.dimm_thermal_sensor {
        let thermal = c.cpu_socket(cpu).and_then(|s| s.dimm_thermal_sensor(addr)).map(|t| {
            json!({
                "sensor": t.sensor,
                "update_rate": unit(Ok(t.update_rate), "ms"),
                "dimm_addr": t.dimm_addr,
                "temp": unit(Ok(t.temp), "C"),
            })
        });
        s.insert("dimm_thermal_sensor".into(), json!({ "response": na(thermal) }));
    }
    s
}

/// The `metric --core` sections of one core.
fn core_sections(c: &Context, core: ProcessorHandle, args: &MetricArgs, all: bool) -> Map<String, Value> {
    let mut s = Map::new();
    if all || args.boost_limit {
        s.insert("boost_limit".into(), json!({ "value": unit(c.cpu_core(core).and_then(|c| c.boostlimit()), "MHz") }));
    }
    if all || args.curr_active_freq_core_limit {
        s.insert(
            "curr_active_freq_core_limit".into(),
            json!({ "value": unit(c.cpu_core(core).and_then(|c| c.current_freq_limit()), "MHz") }),
        );
    }
    if all || args.core_energy {
        let joules = c.cpu_core(core).and_then(|c| c.energy()).map(|uj| uj as f64 / 1e6);
        s.insert("core_energy".into(), json!({ "value": unit(joules, "J") }));
    }
    s
}

/// One `metric` snapshot of the selected CPUs (then cores): with neither `--cpu` nor `--core`,
/// a CPU section flag selects every CPU and a core section flag every core.
pub fn metric_snapshot(c: &Context, args: &MetricArgs, json: bool) -> amdsmi::Result<String> {
    let want_cpus = args.cpu.is_some() || args.cpu_sections();
    let want_cores = args.core.is_some() || args.core_sections();
    let mut out = String::new();
    if want_cpus {
        let all = !args.cpu_sections();
        let records: Vec<_> = pick(c.cpusocket_handles(), args.cpu.as_deref(), "CPU")?
            .into_iter()
            .map(|(i, cpu)| record("cpu", i, cpu_sections(c, cpu, args, all)))
            .collect();
        out.push_str(&render(&records, "cpu", "CPU", json));
    }
    if want_cores {
        let all = !args.core_sections();
        let records: Vec<_> = pick(c.cpucore_handles(), args.core.as_deref(), "core")?
            .into_iter()
            .map(|(i, core)| record("core", i, core_sections(c, core, args, all)))
            .collect();
        out.push_str(&render(&records, "core", "CORE", json));
    }
    Ok(out)
}

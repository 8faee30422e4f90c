//! `amd-smi monitor` (alias `dmon`): one line per GPU (per partition) of the values an operator
//! watches, as a table for people, a JSON list or a CSV table; repeated with the watch options
//! ([`crate::watch`]).
//!
//! As AMD's `amd-smi monitor`: the options of `amdsmi_parser.py` (`_add_monitor_parser`), the
//! values, keys and column headers of `AMDSMICommands.monitor`, and the column widths of
//! `AMDSMILogger._convert_json_to_tabular` / `_print_tabular_output`. The 7.0.x sources were not
//! in the stored index: this follows the nearest stored ones (ROCm/rocm-systems
//! `projects/amdsmi/amdsmi_cli/subcommands/monitor.py` and `amdsmi_logger.py`, later than 7.0),
//! checked against real outputs (the 7.0.0 changelog's `amd-smi monitor -V`, AMD's documented
//! `amd-smi monitor` on an MI300X: see the unit tests); the later columns (board temperatures,
//! NICs, SDMA time) are left out, and the process table is the later one without its SDMA
//! column (7.0.2's process records have no SDMA time). In short:
//!
//! - without a column option (`-q` alone included) the default set: power, temperatures, GFX
//!   clock and use, memory use, encoder and decoder use, and VRAM as `used/total GB`; a column
//!   option adds its extra columns (`-p` the power cap, `-m` the memory clock, `-n`/`-d` the
//!   VCN clocks, `-v` used/free/total MB and %);
//! - values from `gpu_metrics` (socket power: current, else average), ECC totals, PCIe replays
//!   (`gpu_metrics`, else `pcie_replay_count`), PCIe bandwidth, violation percentages;
//! - every row starts with the GPU and its partition (`XCP`, KFD's partition id); with `-V`, a
//!   primary partition whose `gpu_metrics` count several partitions (`num_partition`) has a row
//!   per partition, the rows after the first carrying only that partition's per-XCC lists
//!   (without `num_partition`, the lists of the first partition, as AMD's `value[0]`);
//! - `GFX_CLKVIOL` is the per-XCC list of the v1.7 `gfx_below_host_limit_acc` (`N/A` from v1.8
//!   on, as in AMD's 7.0 example, where the kernel dropped it);
//! - `-q` adds the process table (human: `PROCESS INFO:` below the GPU table; CSV: a second
//!   table; JSON: each record's `process_list`).
//!
//! Where AMD's code is wrong this CLI does the right thing: a GPU without ECC counts has
//! `single_bit_ecc`/`double_bit_ecc` `N/A` (AMD's `monitor` stores a stray `ecc` key and leaves
//! the two columns out of that row), and the encoder column is `N/A` (AMD's is hard-wired to
//! `N/A` too: `encoder_util = "N/A"  # Not yet implemented`).

use amdsmi::{AmdSmiMemoryType, Context, GpuMetrics, ProcessInfo, ProcessorHandle, ViolationStatus};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::process::{MemoryUsage, NO_PROCESS};
use crate::render::table::{trimmed_line, Cell};
use crate::render::{self, human, unit, Format, Na, Unit, NA};

/// Options of `monitor`: the columns (the default set when none is named), the process table,
/// the watch mode.
#[derive(clap::Args)]
pub struct Args {
    /// Power usage and power cap, W
    #[arg(short = 'p', long = "power-usage")]
    power_usage: bool,
    /// Hotspot and memory temperature, °C
    #[arg(short = 't', long)]
    temperature: bool,
    /// GFX use (%) and clock (MHz)
    #[arg(short = 'u', long)]
    gfx: bool,
    /// Memory use (%) and clock (MHz)
    #[arg(short = 'm', long)]
    mem: bool,
    /// Encoder use (%) and the VCN clocks (MHz)
    #[arg(short = 'n', long)]
    encoder: bool,
    /// Decoder use (%) and the VCN clocks (MHz)
    #[arg(short = 'd', long)]
    decoder: bool,
    /// ECC errors (single and double bit) and PCIe replays
    #[arg(short = 'e', long)]
    ecc: bool,
    /// VRAM used, free and total (MB) and used (%)
    #[arg(short = 'v', long = "vram-usage")]
    vram_usage: bool,
    /// PCIe bandwidth, Mb/s
    #[arg(short = 'r', long)]
    pcie: bool,
    /// The process table below the GPU table
    #[arg(short = 'q', long)]
    process: bool,
    /// Power and thermal violation (throttle) percentages; MI300 or newer
    #[arg(short = 'V', long)]
    violation: bool,
    #[command(flatten)]
    watch: crate::watch::Watch,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
}

/// Every column: its key, header and width, in AMD's order (`_convert_json_to_tabular`). The
/// GPU column (width 3) and the watch timestamp (10 and two spaces) come before them.
const COLUMNS: [(&str, &str, usize); 33] = [
    ("xcp", "XCP", 5),
    ("power_usage", "POWER", 7),
    ("max_power", "PWR_CAP", 9),
    ("hotspot_temperature", "GPU_T", 8),
    ("memory_temperature", "MEM_T", 8),
    ("gfx_clk", "GFX_CLK", 10),
    ("gfx", "GFX%", 7),
    ("mem", "MEM%", 7),
    ("mem_clock", "MEM_CLOCK", 11),
    ("encoder", "ENC%", 7),
    ("decoder", "DEC%", 7),
    ("vclock", "VCLOCK", 10),
    ("dclock", "DCLOCK", 10),
    ("single_bit_ecc", "SINGLE_ECC", 12),
    ("double_bit_ecc", "DOUBLE_ECC", 12),
    ("pcie_replay", "PCIE_REPLAY", 13),
    ("vram_used", "VRAM_USED", 11),
    ("vram_free", "VRAM_FREE", 12),
    ("vram_total", "VRAM_TOTAL", 12),
    ("vram_percent", "VRAM%", 9),
    ("vram_usage", "VRAM_USAGE", 16),
    ("pcie_bw", "PCIE_BW", 12),
    ("pviol", "PVIOL", 7),
    ("tviol", "TVIOL", 7),
    ("tviol_active", "TVIOL_ACTIVE", 14),
    ("phot_tviol", "PHOT_TVIOL", 12),
    ("vr_tviol", "VR_TVIOL", 10),
    ("hbm_tviol", "HBM_TVIOL", 11),
    ("gfx_clkviol", "GFX_CLKVIOL", 13),
    ("gfxclk_pviol", "GFXCLK_PVIOL", 58),
    ("gfxclk_tviol", "GFXCLK_TVIOL", 58),
    ("gfxclk_totalviol", "GFXCLK_TOTALVIOL", 58),
    ("low_utilviol", "LOW_UTILVIOL", 58),
];

/// The process table's columns (header, width); the GPU column (3) and two spaces come first.
const PROCESS_COLUMNS: [(&str, usize); 8] = [
    ("NAME", 17),
    ("PID", 9),
    ("GTT_MEM", 10),
    ("CPU_MEM", 10),
    ("VRAM_MEM", 10),
    ("MEM_USG", 10),
    ("CU%", 9),
    ("EVICT", 8),
];

/// `1 W`, `N/A` without a value.
type Col<T> = Option<Na<Unit<T>>>;

/// One row: the selected columns in AMD's order, absent when not selected.
#[derive(Serialize)]
struct Row {
    xcp: Na<u32>,
    /// AMD stores the process list before the values.
    #[serde(skip_serializing_if = "Option::is_none")]
    process_list: Option<Vec<Entry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    power_usage: Col<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_power: Col<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hotspot_temperature: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory_temperature: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gfx_clk: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gfx: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mem: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mem_clock: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoder: Col<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decoder: Col<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vclock: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dclock: Col<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    single_bit_ecc: Option<Na<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    double_bit_ecc: Option<Na<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pcie_replay: Option<Na<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vram_used: Col<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vram_free: Col<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vram_total: Col<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vram_percent: Col<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vram_usage: Option<Na<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pcie_bw: Col<u64>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    violation: Option<Violation>,
}

impl Row {
    /// A row of partition `xcp` without columns.
    fn new(xcp: Na<u32>) -> Row {
        Row {
            xcp,
            power_usage: None,
            max_power: None,
            hotspot_temperature: None,
            memory_temperature: None,
            gfx_clk: None,
            gfx: None,
            mem: None,
            mem_clock: None,
            encoder: None,
            decoder: None,
            vclock: None,
            dclock: None,
            single_bit_ecc: None,
            double_bit_ecc: None,
            pcie_replay: None,
            vram_used: None,
            vram_free: None,
            vram_total: None,
            vram_percent: None,
            vram_usage: None,
            pcie_bw: None,
            process_list: None,
            violation: None,
        }
    }

    /// A row of partition `xcp` with the columns of this one, every value `N/A` (AMD's later
    /// rows of a GPU with several partitions).
    fn blank(&self, xcp: Na<u32>) -> Row {
        fn na<T>(column: &Option<Na<T>>) -> Option<Na<T>> {
            column.as_ref().map(|_| Na(None))
        }
        Row {
            power_usage: na(&self.power_usage),
            max_power: na(&self.max_power),
            hotspot_temperature: na(&self.hotspot_temperature),
            memory_temperature: na(&self.memory_temperature),
            gfx_clk: na(&self.gfx_clk),
            gfx: na(&self.gfx),
            mem: na(&self.mem),
            mem_clock: na(&self.mem_clock),
            encoder: na(&self.encoder),
            decoder: na(&self.decoder),
            vclock: na(&self.vclock),
            dclock: na(&self.dclock),
            single_bit_ecc: na(&self.single_bit_ecc),
            double_bit_ecc: na(&self.double_bit_ecc),
            pcie_replay: na(&self.pcie_replay),
            vram_used: na(&self.vram_used),
            vram_free: na(&self.vram_free),
            vram_total: na(&self.vram_total),
            vram_percent: na(&self.vram_percent),
            vram_usage: na(&self.vram_usage),
            pcie_bw: na(&self.pcie_bw),
            ..Row::new(xcp)
        }
    }
}

/// A VRAM amount: whole MB (`-v`), or GB to one decimal (the default columns).
#[derive(Serialize, Clone, Copy)]
#[serde(untagged)]
enum Amount {
    Mb(u64),
    Gb(f64),
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Amount::Mb(mb) => write!(f, "{mb}"),
            Amount::Gb(gb) => write!(f, "{gb:5.1}"),
        }
    }
}

/// The violation columns of one row (one partition).
#[derive(Serialize)]
struct Violation {
    pviol: Na<Unit<u64>>,
    tviol: Na<Unit<u64>>,
    tviol_active: Na<bool>,
    phot_tviol: Na<Unit<u64>>,
    vr_tviol: Na<Unit<u64>>,
    hbm_tviol: Na<Unit<u64>>,
    gfx_clkviol: Na<Vec<Na<Unit<u64>>>>,
    gfxclk_pviol: Na<Vec<Na<Unit<u64>>>>,
    gfxclk_tviol: Na<Vec<Na<Unit<u64>>>>,
    gfxclk_totalviol: Na<Vec<Na<Unit<u64>>>>,
    low_utilviol: Na<Vec<Na<Unit<u64>>>>,
}

/// One process as `monitor -q` lists it.
#[derive(Serialize)]
struct Process {
    name: Na<String>,
    pid: u32,
    memory_usage: MemoryUsage,
    mem_usage: Na<Unit<u64>>,
    cu_occupancy: Na<Unit<f64>>,
    evicted_time: Na<Unit<u64>>,
}

/// `{"process_info": ...}`: a process, or [`NO_PROCESS`].
#[derive(Serialize)]
struct Entry {
    process_info: Info,
}

/// A process, or why there is none.
#[derive(Serialize)]
#[serde(untagged)]
enum Info {
    Process(Box<Process>),
    Message(&'static str),
}

/// The columns a run shows: the flags after the default set is applied.
#[derive(Clone, Copy)]
struct Columns {
    power: bool,
    temperature: bool,
    gfx: bool,
    mem: bool,
    encoder: bool,
    decoder: bool,
    ecc: bool,
    vram: bool,
    pcie: bool,
    violation: bool,
    /// No column option was given: the compact default columns (no power cap, memory or VCN
    /// clocks; VRAM as `used/total`).
    default: bool,
}

impl Columns {
    fn of(a: &Args) -> Columns {
        let named = [
            a.power_usage,
            a.temperature,
            a.gfx,
            a.mem,
            a.encoder,
            a.decoder,
            a.ecc,
            a.vram_usage,
            a.pcie,
            a.violation,
        ];
        let default = !named.contains(&true);
        Columns {
            power: a.power_usage || default,
            temperature: a.temperature || default,
            gfx: a.gfx || default,
            mem: a.mem || default,
            encoder: a.encoder || default,
            decoder: a.decoder || default,
            ecc: a.ecc,
            vram: a.vram_usage || default,
            pcie: a.pcie,
            violation: a.violation,
            default,
        }
    }
}

/// The socket power of a `gpu_metrics` sample, W: the current value, else the average (older
/// layouts), as AMD's `monitor` and default view read it.
pub fn socket_power(m: &GpuMetrics) -> Option<u64> {
    m.current_socket_power.or(m.average_socket_power).map(u64::from)
}

/// Used and total VRAM, MB (AMD: bytes `// (1024 * 1024)`).
pub fn vram_mb(context: &Context, gpu: ProcessorHandle) -> Option<(u64, u64)> {
    const MIB: u64 = 1024 * 1024;
    let g = context.gpu(gpu).ok()?;
    let used = Na::ok(g.memory_usage(AmdSmiMemoryType::Vram)).0?;
    let total = Na::ok(g.memory_total(AmdSmiMemoryType::Vram)).0?;
    Some((used / MIB, total / MIB))
}

/// `x` rounded to `places` decimals, as Python's `round`.
fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

/// The decoder use of a sample, %: the mean of the VCN instances that report one (the
/// partition's `vcn_busy` when the device-wide `vcn_activity` is absent), rounded.
fn decoder(m: &GpuMetrics, partition: usize) -> Option<u64> {
    let device: Vec<u64> = m.vcn_activity.iter().flatten().map(|&v| u64::from(v)).collect();
    let values = if device.is_empty() {
        m.xcp_stats
            .get(partition)
            .map(|x| x.vcn_busy.iter().flatten().map(|&v| u64::from(v)).collect())
            .unwrap_or_default()
    } else {
        device
    };
    let count = u64::try_from(values.len()).ok().filter(|&n| n > 0)?;
    Some((values.iter().sum::<u64>() + count / 2) / count)
}

/// The processes of a GPU as `monitor -q` lists them (CU occupancy as % of the GPU's CUs).
fn processes(context: &Context, gpu: ProcessorHandle) -> Vec<Entry> {
    let list = Na::ok(context.gpu(gpu).and_then(|g| g.process_list())).0.unwrap_or_default();
    let cus = context.gpu(gpu).and_then(|g| g.asic_info()).ok().and_then(|a| a.num_of_compute_units).filter(|&n| n > 0);
    let entry = |p: &ProcessInfo| {
        let bytes = |v: Option<u64>| unit(v, "B");
        let cu = p.cu_occupancy.zip(cus).map(|(used, all)| round(f64::from(used) / f64::from(all) * 100.0, 1));
        Entry {
            process_info: Info::Process(Box::new(Process {
                name: Na(p.name.clone()),
                pid: p.pid,
                memory_usage: MemoryUsage::of(&p.memory_usage),
                mem_usage: bytes(p.mem),
                cu_occupancy: unit(cu, "%"),
                evicted_time: unit(p.evicted_time, "ms"),
            })),
        }
    };
    let mut entries: Vec<Entry> = list.iter().map(entry).collect();
    if entries.is_empty() {
        entries.push(Entry { process_info: Info::Message(NO_PROCESS) });
    }
    entries
}

/// A per-XCC list of percentages.
fn percents(row: Option<&Vec<Option<u64>>>) -> Na<Vec<Na<Unit<u64>>>> {
    Na(row.filter(|r| r.iter().any(Option::is_some)).map(|r| r.iter().map(|&v| unit(v, "%")).collect()))
}

/// The violation columns of partition `xcp` (the device-wide values only on the first).
fn violation(v: Option<&ViolationStatus>, xcp: usize) -> Violation {
    let first = xcp == 0;
    let scalar = |f: fn(&ViolationStatus) -> Option<u64>| unit(v.filter(|_| first).and_then(f), "%");
    let list = |f: fn(&ViolationStatus) -> &Vec<Vec<Option<u64>>>| percents(v.and_then(|v| f(v).get(xcp)));
    Violation {
        pviol: scalar(|v| v.per_ppt_pwr),
        tviol: scalar(|v| v.per_socket_thrm),
        tviol_active: Na(v.filter(|_| first).and_then(|v| v.active_socket_thrm)),
        phot_tviol: scalar(|v| v.per_prochot_thrm),
        vr_tviol: scalar(|v| v.per_vr_thrm),
        hbm_tviol: scalar(|v| v.per_hbm_thrm),
        gfx_clkviol: list(|v| &v.per_gfx_clk_below_host_limit),
        gfxclk_pviol: list(|v| &v.per_gfx_clk_below_host_limit_pwr),
        gfxclk_tviol: list(|v| &v.per_gfx_clk_below_host_limit_thm),
        gfxclk_totalviol: list(|v| &v.per_gfx_clk_below_host_limit_total),
        low_utilviol: list(|v| &v.per_low_utilization),
    }
}

/// The rows of one GPU: one, or with `-V` one per partition its violation tables cover.
fn rows(context: &Context, gpu: ProcessorHandle, columns: Columns, args: &Args, format: Format) -> Vec<Row> {
    let g = context.gpu(gpu);
    let m = g.as_ref().ok().and_then(|g| Na::ok(g.metrics_info()).0);
    let partition = g.as_ref().ok().and_then(|g| g.kfd_info().ok()).and_then(|k| k.current_partition_id);
    let metric = |f: fn(&GpuMetrics) -> Option<u16>, u: &'static str| Some(unit(m.as_ref().and_then(f), u));
    let extra = !columns.default;
    let mut row = Row::new(Na(partition));
    if columns.power {
        row.power_usage = Some(unit(m.as_ref().and_then(socket_power), "W"));
        if extra {
            let cap = g.as_ref().ok().and_then(|g| Na::ok(g.power_cap_info()).0);
            row.max_power = Some(unit(cap.map(|c| c.power_cap / 1_000_000), "W"));
        }
    }
    if columns.temperature {
        row.hotspot_temperature = metric(|m| m.temperature_hotspot, "C");
        row.memory_temperature = metric(|m| m.temperature_mem, "C");
    }
    if columns.gfx {
        row.gfx_clk = metric(|m| m.current_gfxclk, "MHz");
        row.gfx = metric(|m| m.average_gfx_activity, "%");
    }
    if columns.mem {
        row.mem = metric(|m| m.average_umc_activity, "%");
        if extra {
            row.mem_clock = metric(|m| m.current_uclk, "MHz");
        }
    }
    if columns.encoder {
        row.encoder = Some(Na::NA);
    }
    if columns.decoder {
        let p = usize::try_from(partition.unwrap_or(0)).unwrap_or(0);
        row.decoder = Some(unit(m.as_ref().and_then(|m| decoder(m, p)), "%"));
    }
    if (columns.encoder || columns.decoder) && extra {
        row.vclock = metric(|m| m.current_vclk0, "MHz");
        row.dclock = metric(|m| m.current_dclk0, "MHz");
    }
    let pcie = || g.as_ref().ok().and_then(|g| Na::ok(g.pcie_info()).0).map(|p| p.pcie_metric);
    if columns.ecc {
        let ecc = g.as_ref().ok().and_then(|g| Na::ok(g.total_ecc_count()).0);
        row.single_bit_ecc = Some(Na(ecc.map(|e| e.correctable_count)));
        row.double_bit_ecc = Some(Na(ecc.map(|e| e.uncorrectable_count)));
        let replay = pcie().and_then(|p| p.pcie_replay_count);
        let replay = replay.or_else(|| g.as_ref().ok().and_then(|g| Na::ok(g.pci_replay_counter()).0));
        row.pcie_replay = Some(Na(replay));
    }
    if columns.vram {
        let vram = vram_mb(context, gpu);
        #[allow(clippy::cast_precision_loss)] // MB counts far below 2^52
        let gb = |mb: u64| Amount::Gb(round(mb as f64 / 1024.0, 1));
        if extra {
            let mb = |f: fn((u64, u64)) -> u64| Some(unit(vram.map(|v| Amount::Mb(f(v))), "MB"));
            row.vram_used = mb(|(used, _)| used);
            row.vram_free = mb(|(used, total)| total.saturating_sub(used));
            row.vram_total = mb(|(_, total)| total);
            #[allow(clippy::cast_precision_loss)]
            let percent = vram.filter(|&(_, t)| t > 0).map(|(u, t)| round(u as f64 / t as f64 * 100.0, 2));
            row.vram_percent = Some(unit(percent, "%"));
        } else if format == Format::Human {
            row.vram_usage = Some(Na(vram.map(|(u, t)| format!("{}/{} GB", gb(u), gb(t)))));
        } else {
            row.vram_used = Some(unit(vram.map(|(u, _)| gb(u)), "GB"));
            row.vram_total = Some(unit(vram.map(|(_, t)| gb(t)), "GB"));
        }
    }
    if columns.pcie {
        row.pcie_bw = Some(unit(pcie().and_then(|p| p.pcie_bandwidth), "Mb/s"));
    }
    if args.process {
        row.process_list = Some(processes(context, gpu));
    }
    if !columns.violation {
        return vec![row];
    }
    let status = g.as_ref().ok().and_then(|g| Na::ok(g.violation_status()).0);
    // A primary partition: a row per partition `gpu_metrics` counts (AMD's `num_partition`).
    let partitions = m.as_ref().and_then(|m| m.num_partition).map_or(1, usize::from);
    let xcps = if partition.unwrap_or(0) == 0 { partitions.max(1) } else { 1 };
    let mut rows = Vec::with_capacity(xcps);
    row.violation = Some(violation(status.as_ref(), 0));
    rows.push(row);
    for xcp in 1..xcps {
        let mut next = rows[0].blank(Na(u32::try_from(xcp).ok()));
        next.violation = Some(violation(status.as_ref(), xcp));
        rows.push(next);
    }
    rows
}

/// A temperature as the tables print it: `40 °C` (the JSON unit stays `C`).
pub fn celsius(value: impl std::fmt::Display) -> String {
    format!("{value} \u{b0}C")
}

/// A cell as `amd-smi monitor` prints it: `40 °C`, `[0 %, N/A]`, `False`, `N/A`.
fn cell(value: &Value) -> String {
    match value {
        Value::Object(o) if o.get("unit").and_then(Value::as_str) == Some("C") => celsius(human::text(&o["value"])),
        Value::Array(items) => format!("[{}]", items.iter().map(cell).collect::<Vec<_>>().join(", ")),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        other => human::text(other),
    }
}

/// The width of a column key.
fn width(key: &str) -> usize {
    COLUMNS.iter().find(|(k, _, _)| *k == key).map_or(10, |&(_, _, w)| w)
}

/// The watch timestamp cell: 10 wide, then two spaces (`TIMESTAMP` in the header).
fn stamp(text: Option<String>) -> Option<Cell> {
    text.map(|t| Cell::Plain(format!("{t:>10}  ")))
}

/// The GPU table and, with `-q`, the process table, for people.
fn table(output: render::Output, rows: &[(usize, Row)]) -> String {
    let timestamp = || stamp(output.timestamp.map(|t| t.to_string()));
    let heading = || stamp(output.timestamp.map(|_| "TIMESTAMP".to_owned()));
    let objects: Vec<(usize, Map<String, Value>)> = rows
        .iter()
        .map(|(i, r)| (*i, serde_json::to_value(r).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default()))
        .collect();
    // No GPU: the line every command prints for people (`No AMD GPUs found`).
    let Some((_, first)) = objects.first() else { return human::blocks("gpu", &[]) };
    let keys: Vec<&String> = first.keys().filter(|k| *k != "process_list").collect();
    let mut header: Vec<Cell> = heading().into_iter().collect();
    header.push(Cell::Plain("GPU".into()));
    for key in &keys {
        let name = COLUMNS.iter().find(|(k, _, _)| k == key).map_or(key.as_str(), |&(_, h, _)| h);
        header.push(Cell::Right(name.to_owned(), width(key)));
    }
    let mut out = trimmed_line(&header);
    let mut processes = String::new();
    for (gpu, object) in &objects {
        let mut line: Vec<Cell> = timestamp().into_iter().collect();
        line.push(Cell::Right(gpu.to_string(), 3));
        for key in &keys {
            let text = object.get(key.as_str()).map_or_else(|| NA.to_owned(), cell);
            line.push(Cell::Right(text, width(key)));
        }
        out.push_str(&trimmed_line(&line));
        for entry in object.get("process_list").and_then(Value::as_array).into_iter().flatten() {
            processes.push_str(&process_line(timestamp(), *gpu, &entry["process_info"]));
        }
    }
    if !processes.is_empty() {
        let mut header: Vec<Cell> = heading().into_iter().collect();
        header.push(Cell::Plain("GPU".into()));
        // The name column is two spaces wider in the header: the rows put them after the GPU.
        let widths =
            PROCESS_COLUMNS.iter().map(|&(h, w)| Cell::Right(h.to_owned(), if h == "NAME" { w + 2 } else { w }));
        header.extend(widths);
        out.push_str("\nPROCESS INFO:\n");
        out.push_str(&trimmed_line(&header));
        out.push_str(&processes);
    }
    if output.timestamp.is_some() {
        // AMD's watch prints two more newlines after each snapshot.
        out.push_str("\n\n");
    }
    out
}

/// A process name as the tables show it: its last path component, at most `max` characters;
/// `N/A` when unknown (AMD's `split("/")[-1][:max]`, `N/A` for an empty or unknown name).
pub fn short_name(name: Option<&str>, max: usize) -> String {
    match name.filter(|n| !n.is_empty() && *n != NA) {
        Some(name) => name.rsplit('/').next().unwrap_or(name).chars().take(max).collect(),
        None => NA.to_owned(),
    }
}

/// One line of the process table.
fn process_line(timestamp: Option<Cell>, gpu: usize, info: &Value) -> String {
    let mut line: Vec<Cell> = timestamp.into_iter().collect();
    line.push(Cell::Right(gpu.to_string(), 3));
    line.push(Cell::Plain("  ".into()));
    let Some(p) = info.as_object() else {
        line.extend(PROCESS_COLUMNS.iter().map(|&(_, w)| Cell::Right(NA.to_owned(), w)));
        return trimmed_line(&line);
    };
    let name = short_name(p.get("name").and_then(Value::as_str), 17);
    let memory = |k: &str| p.get("memory_usage").and_then(|m| m.get(k)).map_or_else(|| NA.to_owned(), cell);
    let field = |k: &str| p.get(k).map_or_else(|| NA.to_owned(), cell);
    let values = [
        name,
        field("pid"),
        memory("gtt_mem"),
        memory("cpu_mem"),
        memory("vram_mem"),
        field("mem_usage"),
        field("cu_occupancy"),
        field("evicted_time"),
    ];
    line.extend(values.into_iter().zip(PROCESS_COLUMNS).map(|(v, (_, w))| Cell::Right(v, w)));
    trimmed_line(&line)
}

/// CSV as AMD's `_print_dual_csv_output`: the GPU table, then (with `-q`) one row per process.
fn csv(output: render::Output, rows: Vec<(usize, Row)>) -> String {
    let mut procs: Vec<(usize, ProcessRow)> = Vec::new();
    let rows: Vec<(usize, Row)> = rows
        .into_iter()
        .map(|(gpu, mut row)| {
            for entry in row.process_list.take().into_iter().flatten() {
                procs.push((gpu, ProcessRow(entry.process_info)));
            }
            (gpu, row)
        })
        .collect();
    let mut out = render::records(output, "gpu", &rows);
    if !procs.is_empty() {
        out.push_str(&render::records(output, "gpu", &procs));
    }
    out
}

/// A process as a CSV row: its fields flattened, or `process_info` when there is none.
struct ProcessRow(Info);

impl Serialize for ProcessRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Info::Process(p) => p.serialize(serializer),
            Info::Message(m) => Entry { process_info: Info::Message(m) }.serialize(serializer),
        }
    }
}

/// One snapshot of the selected GPUs.
fn snapshot(context: &Context, args: &Args, gpus: &[(usize, ProcessorHandle)], output: render::Output) -> String {
    let columns = Columns::of(args);
    let format = output.format();
    let rows: Vec<(usize, Row)> = gpus
        .iter()
        .flat_map(|&(i, gpu)| rows(context, gpu, columns, args, format).into_iter().map(move |r| (i, r)))
        .collect();
    match format {
        Format::Human => table(output, &rows),
        Format::Json => render::records(output, "gpu", &rows),
        Format::Csv => csv(output, rows),
    }
}

/// Renders `monitor`: once, or as the watch options say, printing each snapshot as it is taken.
pub fn run(context: &Context, args: &Args, out: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    let gpus = args.gpus.resolve(context)?;
    crate::watch::run(args.watch, args.output, out, |output| Ok(snapshot(context, args, &gpus, output)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_amd_smi_monitor_prints_them() {
        assert_eq!(cell(&serde_json::json!({"value": 40, "unit": "C"})), "40 \u{b0}C");
        assert_eq!(cell(&serde_json::json!({"value": 126, "unit": "W"})), "126 W");
        assert_eq!(cell(&serde_json::json!([{"value": 0, "unit": "%"}, "N/A"])), "[0 %, N/A]");
        assert_eq!((cell(&Value::Bool(true)), cell(&Value::Bool(false))), ("True".into(), "False".into()));
        assert_eq!(cell(&serde_json::json!("N/A")), "N/A");
    }

    #[test]
    fn names_rounding_and_amounts() {
        assert_eq!(short_name(Some("/usr/bin/python3"), 17), "python3");
        assert_eq!(short_name(Some("a-very-long-process-name"), 17), "a-very-long-proce");
        assert_eq!(short_name(Some("N/A"), 17), "N/A");
        assert_eq!(short_name(Some(""), 17), "N/A");
        assert_eq!(short_name(None, 20), "N/A");
        assert!((round(3.891_74, 2) - 3.89).abs() < 1e-9);
        assert_eq!(Amount::Gb(0.6).to_string(), "  0.6");
        assert_eq!(Amount::Mb(637).to_string(), "637");
        assert_eq!(serde_json::to_string(&Amount::Gb(16.0)).unwrap(), "16.0");
    }

    /// `n` percentages.
    fn percents(values: &[u64]) -> Na<Vec<Na<Unit<u64>>>> {
        Na(Some(values.iter().map(|&v| unit(Some(v), "%")).collect()))
    }

    #[test]
    fn tables_of_amd_smi_examples() {
        // AMD's 7.0.0 changelog, `amd-smi monitor -V` on an MI300X in SPX mode (first row).
        let mut row = Row::new(Na(Some(0)));
        row.violation = Some(Violation {
            pviol: unit(Some(0), "%"),
            tviol: unit(Some(0), "%"),
            tviol_active: Na(Some(false)),
            phot_tviol: unit(Some(0), "%"),
            vr_tviol: unit(Some(0), "%"),
            hbm_tviol: unit(Some(0), "%"),
            gfx_clkviol: Na::NA,
            gfxclk_pviol: percents(&[0; 8]),
            gfxclk_tviol: percents(&[0; 8]),
            gfxclk_totalviol: percents(&[100; 8]),
            low_utilviol: percents(&[100; 8]),
        });
        let pad = |n: usize| " ".repeat(n);
        let (zeros, hundreds) =
            ("[0 %, 0 %, 0 %, 0 %, 0 %, 0 %, 0 %, 0 %]", "[100 %, 100 %, 100 %, 100 %, 100 %, 100 %, 100 %, 100 %]");
        let header = format!(
            "GPU  XCP  PVIOL  TVIOL  TVIOL_ACTIVE  PHOT_TVIOL  VR_TVIOL  HBM_TVIOL  GFX_CLKVIOL{}GFXCLK_PVIOL{}\
             GFXCLK_TVIOL{}GFXCLK_TOTALVIOL{}LOW_UTILVIOL",
            pad(46),
            pad(46),
            pad(42),
            pad(46)
        );
        let line = format!(
            "  0    0    0 %    0 %         False         0 %       0 %        0 %          N/A{}{zeros}{}{zeros}  \
             {hundreds}  {hundreds}",
            pad(18),
            pad(18)
        );
        assert_eq!(table(render::Output::default(), &[(0, row)]), format!("{header}\n{line}\n"));
        // AMD's `amd-smi monitor` example (MI300X, CPX/NPS4): the default columns.
        let mut row = Row::new(Na(Some(0)));
        row.power_usage = Some(unit(Some(183), "W"));
        row.hotspot_temperature = Some(unit(Some(49), "C"));
        row.memory_temperature = Some(unit(Some(48), "C"));
        row.gfx_clk = Some(unit(Some(1427), "MHz"));
        row.gfx = Some(unit(Some(0), "%"));
        row.mem = Some(unit(Some(0), "%"));
        row.encoder = Some(Na::NA);
        row.decoder = Some(unit(Some(0), "%"));
        row.vram_usage = Some(Na(Some(format!("{}/{} GB", Amount::Gb(0.3), Amount::Gb(192.0)))));
        assert_eq!(
            table(render::Output::default(), &[(0, row)]),
            "GPU  XCP  POWER   GPU_T   MEM_T   GFX_CLK   GFX%   MEM%   ENC%   DEC%      VRAM_USAGE\n  \
             0    0  183 W   49 \u{b0}C   48 \u{b0}C  1427 MHz    0 %    0 %    N/A    0 %    0.3/192.0 GB\n"
        );
    }

    #[test]
    fn decoder_use_is_the_mean_of_the_reporting_instances() {
        let header = amdsmi::MetricsHeader { structure_size: 0, format_revision: 1, content_revision: 8 };
        let mut m = GpuMetrics::unavailable(header);
        assert_eq!(decoder(&m, 0), None);
        m.xcp_stats[1].vcn_busy[0] = Some(10);
        m.xcp_stats[1].vcn_busy[2] = Some(15);
        assert_eq!(decoder(&m, 1), Some(13));
        m.vcn_activity[0] = Some(4);
        assert_eq!(decoder(&m, 1), Some(4));
    }
}

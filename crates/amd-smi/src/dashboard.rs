//! The default view: `amd-smi` without a command, or `amd-smi default` (with `--json`/`--csv`):
//! a boxed table of the GPUs (BDF, name, memory and GFX use, temperature, uncorrectable ECC
//! errors, power, fan, VRAM, HIP and OAM ids, partition mode) and a table of their processes.
//!
//! As AMD's 7.0 default view (amd_smi_lib 26.0.0, ROCm 7.0.0): the layout of its changelog's
//! example output (two header lines, `| AMD-SMI <version>  amdgpu version: ...  ROCm version:
//! ...` and `| Platform: ...`; the process table `GPU PID Process Name GTT_MEM VRAM_MEM
//! MEM_USAGE CU %`), the values and JSON keys of `AMDSMICommands.default` and the row formats of
//! `AMDSMILogger.print_default_output` (the 7.0.x code itself was not in the stored index: the
//! nearest is ROCm/rocm-systems `projects/amdsmi/amdsmi_cli/subcommands/default.py` and
//! `amdsmi_logger.py`, later than 7.0; their later additions (VBIOS, PLDM and kernel lines, the
//! SDMA column) are left out). Choices:
//!
//! - `--json` is AMD's document: a list of one object, `version_info`, `gpu_info_list` and
//!   `processes` (`print_output` of `logger.output`);
//! - `--csv`: AMD's `default --csv` hands a dict where the CSV writer expects a list of records
//!   and fails; this CLI prints what it means: the GPU rows as one table, then the process rows;
//! - there is no ROCm here: `rocm version` is AMD's `(found, version)` pair `[false, "N/A"]`, and
//!   the human header says `N/A`; `AMD-SMI` is this CLI's version; the amdgpu version is the
//!   first GPU's driver version; the platform is `Linux Guest` when the first GPU is a
//!   virtual function (DRM `ids_flags`), else `Linux Baremetal`.

use amdsmi::{Context, DriverInfo, GpuMetrics, ProcessorHandle, VirtualizationMode};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::monitor::{celsius, short_name, socket_power, vram_mb};
use crate::render::{self, human, Format, Na, NA};

/// Options of `default`: the output format only.
#[derive(clap::Args, Default)]
pub struct Args {
    #[command(flatten)]
    output: render::Output,
}

/// The versions in the header.
#[derive(Serialize)]
struct VersionInfo {
    #[serde(rename = "amd-smi")]
    amd_smi: &'static str,
    #[serde(rename = "amdgpu version")]
    amdgpu_version: Na<DriverInfo>,
    /// AMD's `amdsmi_get_rocm_version()`: whether a ROCm install was found, and its version.
    #[serde(rename = "rocm version")]
    rocm_version: (bool, &'static str),
}

/// Power now and the power cap, W.
#[derive(Serialize)]
struct PowerUsage {
    current_power: Na<u64>,
    power_limit: Na<u64>,
}

/// VRAM used and total, MB.
#[derive(Serialize)]
struct MemUsage {
    used_vram: u64,
    total_vram: u64,
}

/// One GPU of the table.
#[derive(Serialize)]
struct GpuInfo {
    gpu_id: usize,
    partition_mode: Na<String>,
    market_name: Na<String>,
    oam_id: Na<u32>,
    bdf: Na<String>,
    hip_id: Na<u32>,
    mem_util: Na<u16>,
    gfx_util: Na<u16>,
    temp: Na<u16>,
    power_usage: Na<PowerUsage>,
    mem_usage: Na<MemUsage>,
    uncorr_ecc: Na<u64>,
    fan: Na<f64>,
}

/// The compute units a process occupies, of the GPU's.
#[derive(Serialize)]
struct CuOccupancy {
    current_cu: Na<u32>,
    total_num_cu: Na<u32>,
}

/// One process of the process table (sizes as people read them, `2.0 MB`, as AMD stores them).
#[derive(Serialize)]
struct Process {
    gpu: usize,
    pid: u32,
    name: Na<String>,
    gtt: String,
    vram: String,
    mem_usage: String,
    cu_occupancy: CuOccupancy,
}

/// The whole view.
#[derive(Serialize)]
struct View {
    version_info: VersionInfo,
    gpu_info_list: Vec<GpuInfo>,
    processes: Vec<Process>,
}

/// `x` rounded to two decimals and written as Python writes a float (`50.0`, `23.53`).
fn python_float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        x.to_string()
    }
}

/// Bytes as people read them (`2.0 MB`), `N/A` without a value.
fn readable(bytes: Option<u64>) -> String {
    human::text(&render::unit(bytes, "B"))
}

/// One GPU's row and its processes.
fn gpu(context: &Context, index: usize, handle: ProcessorHandle) -> (GpuInfo, Vec<Process>) {
    let g = context.gpu(handle).ok();
    let m: Option<GpuMetrics> = g.as_ref().and_then(|g| Na::ok(g.metrics_info()).0);
    let asic = g.as_ref().and_then(|g| Na::ok(g.asic_info()).0);
    let accel = g.as_ref().and_then(|g| Na::ok(g.accelerator_partition_profile()).0);
    let memory = g.as_ref().and_then(|g| Na::ok(g.memory_partition()).0);
    let partition_mode = accel.zip(memory).map(|(a, m)| format!("{}/{m}", a.partition_profile.profile_type));
    let cap = g.as_ref().and_then(|g| Na::ok(g.power_cap_info()).0).map(|c| c.power_cap / 1_000_000);
    let power = m.as_ref().and_then(socket_power);
    let fan = g.as_ref().and_then(|g| {
        let speed = Na::ok(g.fan_speed(0)).0?;
        let max = Na::ok(g.fan_speed_max(0)).0.filter(|&m| m > 0)?;
        #[allow(clippy::cast_precision_loss)] // fan speeds are below 2^16
        Some((speed as f64 / max as f64 * 100.0 * 100.0).round() / 100.0)
    });
    let cus = asic.as_ref().and_then(|a| a.num_of_compute_units);
    let info = GpuInfo {
        gpu_id: index,
        partition_mode: Na(partition_mode),
        market_name: Na(asic.as_ref().and_then(|a| a.market_name.clone())),
        oam_id: Na(asic.as_ref().and_then(|a| a.oam_id)),
        bdf: Na(g.as_ref().and_then(|g| Na::ok(g.device_bdf()).0).map(|b| b.to_string())),
        hip_id: Na(g.as_ref().and_then(|g| Na::ok(g.enumeration_info()).0).and_then(|e| e.hip_id)),
        mem_util: Na(m.as_ref().and_then(|m| m.average_umc_activity)),
        gfx_util: Na(m.as_ref().and_then(|m| m.average_gfx_activity)),
        temp: Na(m.as_ref().and_then(|m| m.temperature_hotspot.or(m.temperature_edge))),
        power_usage: Na(
            (power.is_some() || cap.is_some()).then_some(PowerUsage { current_power: Na(power), power_limit: Na(cap) })
        ),
        mem_usage: Na(vram_mb(context, handle).map(|(used_vram, total_vram)| MemUsage { used_vram, total_vram })),
        uncorr_ecc: Na(g.as_ref().and_then(|g| Na::ok(g.total_ecc_count()).0).map(|e| e.uncorrectable_count)),
        fan: Na(fan),
    };
    let list = g.as_ref().and_then(|g| Na::ok(g.process_list()).0).unwrap_or_default();
    let processes = list
        .into_iter()
        .map(|p| Process {
            gpu: index,
            pid: p.pid,
            name: Na(p.name),
            gtt: readable(p.memory_usage.gtt_mem),
            vram: readable(p.memory_usage.vram_mem),
            mem_usage: readable(p.mem),
            cu_occupancy: CuOccupancy { current_cu: Na(p.cu_occupancy), total_num_cu: Na(cus) },
        })
        .collect();
    (info, processes)
}

/// The view of every GPU.
fn view(context: &Context) -> View {
    let handles = context.processor_handles();
    let first = handles.first().and_then(|&h| context.gpu(h).ok());
    let version_info = VersionInfo {
        amd_smi: env!("CARGO_PKG_VERSION"),
        amdgpu_version: Na(first.as_ref().and_then(|g| Na::ok(g.driver_info()).0)),
        rocm_version: (false, NA),
    };
    let mut gpu_info_list = Vec::new();
    let mut processes = Vec::new();
    for (index, handle) in handles.into_iter().enumerate() {
        let (info, procs) = gpu(context, index, handle);
        gpu_info_list.push(info);
        processes.extend(procs);
    }
    View { version_info, gpu_info_list, processes }
}

/// The platform line: `Linux Guest` on a virtual function, else `Linux Baremetal`.
fn platform(context: &Context) -> &'static str {
    let first = context.processor_handles().first().and_then(|&h| context.gpu(h).ok());
    let mode = first.and_then(|g| g.virtualization_mode().ok()).map(|v| v.mode);
    if mode == Some(VirtualizationMode::Guest) {
        "Linux Guest"
    } else {
        "Linux Baremetal"
    }
}

const BOX: &str = "+------------------------------------------------------------------------------+";
const ROW_RULE: &str = "|-------------------------------------+----------------------------------------|";
const HEAD_RULE: &str = "|=====================================+========================================|";
const BOX_END: &str = "+-------------------------------------+----------------------------------------+";
const PROCESS_RULE: &str = "|==============================================================================|";

/// A JSON value as the view prints it, `N/A` when absent.
fn text(value: &impl Serialize) -> String {
    human::text(value)
}

/// `value unit`, or `N/A`.
fn with_unit<T: ToString>(value: &Na<T>, unit: &str) -> String {
    value.0.as_ref().map_or_else(|| NA.to_owned(), |v| format!("{} {unit}", v.to_string()))
}

/// The view for people (AMD's `print_default_output`, 7.0 layout).
fn human_view(context: &Context, view: &View) -> String {
    let v = &view.version_info;
    let driver = v.amdgpu_version.0.as_ref().and_then(|d| d.driver_version.clone()).unwrap_or_else(|| NA.to_owned());
    let rocm = if v.rocm_version.0 { v.rocm_version.1 } else { NA };
    let mut lines = vec![
        BOX.to_owned(),
        version_line(v.amd_smi, &driver, rocm),
        format!("| Platform: {:<66} |", platform(context)),
        ROW_RULE.to_owned(),
        "| BDF                        GPU-Name | Mem-Uti   Temp   UEC       Power-Usage |".to_owned(),
        "| GPU  HIP-ID  OAM-ID  Partition-Mode | GFX-Uti    Fan               Mem-Usage |".to_owned(),
        HEAD_RULE.to_owned(),
    ];
    for (i, gpu) in view.gpu_info_list.iter().enumerate() {
        if i > 0 {
            lines.push(ROW_RULE.to_owned());
        }
        lines.extend(gpu_lines(gpu));
    }
    lines.push(BOX_END.to_owned());
    lines.push(BOX.to_owned());
    lines.push(format!("| {:<76} |", "Processes:"));
    lines.push(process_line(
        ["GPU", "PID", "Process Name", "GTT_MEM", "VRAM_MEM", "MEM_USAGE", "CU %"].map(str::to_owned),
    ));
    lines.push(PROCESS_RULE.to_owned());
    if view.processes.is_empty() {
        lines.push(format!("|  {:<76}|", "No running processes found"));
    }
    for p in &view.processes {
        let cu = p.cu_occupancy.current_cu.0.zip(p.cu_occupancy.total_num_cu.0.filter(|&n| n > 0));
        let cu = cu.map_or_else(
            || NA.to_owned(),
            |(used, all)| format!("{:.1} %", (f64::from(used) / f64::from(all) * 1000.0).round() / 10.0),
        );
        let name = short_name(p.name.0.as_deref(), 20);
        lines.push(process_line([
            p.gpu.to_string(),
            p.pid.to_string(),
            name,
            p.gtt.clone(),
            p.vram.clone(),
            p.mem_usage.clone(),
            cu,
        ]));
    }
    lines.push(BOX.to_owned());
    if view.processes.iter().any(|p| p.name.0.is_none()) {
        lines.push("Process Name may require elevated permissions.".to_owned());
    }
    lines.join("\n") + "\n"
}

/// The first header line: the versions.
fn version_line(amd_smi: &str, driver: &str, rocm: &str) -> String {
    format!("| AMD-SMI {amd_smi:<20} amdgpu version: {driver:<8} ROCm version: {rocm:<8} |")
}

/// The two lines of one GPU.
fn gpu_lines(gpu: &GpuInfo) -> [String; 2] {
    let name = text(&gpu.market_name);
    let count = name.chars().count();
    let name = if count > 22 { format!("...{}", name.chars().skip(count - 19).collect::<String>()) } else { name };
    let temp = gpu.temp.0.map_or_else(|| NA.to_owned(), celsius);
    let power = gpu.power_usage.0.as_ref().map_or_else(
        || NA.to_owned(),
        |p| {
            let limit = p.power_limit.0.filter(|&l| l != 0).map_or_else(String::new, |l| format!("/{l}"));
            format!("{}{limit} W", text(&p.current_power))
        },
    );
    let mem =
        gpu.mem_usage.0.as_ref().map_or_else(|| NA.to_owned(), |m| format!("{}/{} MB", m.used_vram, m.total_vram));
    let fan = gpu.fan.0.map_or_else(|| NA.to_owned(), |f| format!("{} %", python_float(f)));
    [
        format!(
            "| {:<12.12} {:>22.22} | {:<5.5}   {:>6.6}   {:<5.5}   {:>13.13} |",
            text(&gpu.bdf),
            name,
            with_unit(&gpu.mem_util, "%"),
            temp,
            text(&gpu.uncorr_ecc),
            power
        ),
        format!(
            "| {:>3.3}  {:>6.6}  {:>6.6}  {:>14.14} | {:<5.5}   {:>6.6}   {:>21.21} |",
            gpu.gpu_id.to_string(),
            text(&gpu.hip_id),
            text(&gpu.oam_id),
            text(&gpu.partition_mode),
            with_unit(&gpu.gfx_util, "%"),
            fan,
            mem
        ),
    ]
}

/// A line of the process table: GPU, PID, name, GTT, VRAM, memory, CU %.
fn process_line([gpu, pid, name, gtt, vram, mem, cu]: [String; 7]) -> String {
    format!("| {gpu:>4}  {pid:>9}  {name:<20}  {gtt:>7}  {vram:>8}  {mem:>9}  {cu:>7} |")
}

/// Records as JSON objects.
fn objects<T: Serialize>(items: &[T]) -> Vec<Map<String, Value>> {
    items.iter().filter_map(|item| serde_json::to_value(item).ok()?.as_object().cloned()).collect()
}

/// The view as CSV: the GPU rows, then the process rows (see the module docs).
fn csv(view: &View) -> String {
    render::csv::table(&objects(&view.gpu_info_list)) + &render::csv::table(&objects(&view.processes))
}

/// Renders the default view in the format asked for.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let view = view(context);
    Ok(match args.output.format() {
        Format::Human => human_view(context, &view),
        Format::Json => render::json::list(&[&view]),
        Format::Csv => csv(&view),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_and_process_lines_as_amd_prints_them() {
        assert_eq!(python_float(50.0), "50.0");
        assert_eq!(python_float(23.53), "23.53");
        assert_eq!(python_float(0.0), "0.0");
        // AMD's 7.0 changelog: "|    0    2427396  rvs                    2.0 MB    2.0 GB     2.5 GB    0.0 % |".
        let line = process_line(["0", "2427396", "rvs", "2.0 MB", "2.0 GB", "2.5 GB", "0.0 %"].map(str::to_owned));
        assert_eq!(line, "|    0    2427396  rvs                    2.0 MB    2.0 GB     2.5 GB    0.0 % |");
        assert_eq!(line.chars().count(), BOX.chars().count());
    }

    #[test]
    fn lines_of_amd_smi_7_0_changelog_example() {
        // AMD's 7.0.0 changelog, `amd-smi` on 8 MI300X: the header and GPU 0's two lines.
        assert_eq!(
            version_line("26.0.0+eaa54ecc", "6.12.12", "7.0.0"),
            "| AMD-SMI 26.0.0+eaa54ecc      amdgpu version: 6.12.12  ROCm version: 7.0.0    |"
        );
        let gpu = GpuInfo {
            gpu_id: 0,
            partition_mode: Na(Some("SPX/NPS1".to_owned())),
            market_name: Na(Some("AMD Instinct MI300X".to_owned())),
            oam_id: Na(Some(2)),
            bdf: Na(Some("0000:0c:00.0".to_owned())),
            hip_id: Na(Some(0)),
            mem_util: Na(Some(13)),
            gfx_util: Na(Some(98)),
            temp: Na(Some(60)),
            power_usage: Na(Some(PowerUsage { current_power: Na(Some(734)), power_limit: Na(Some(750)) })),
            mem_usage: Na(Some(MemUsage { used_vram: 4976, total_vram: 196_592 })),
            uncorr_ecc: Na(Some(0)),
            fan: Na(None),
        };
        assert_eq!(
            gpu_lines(&gpu),
            [
                "| 0000:0c:00.0    AMD Instinct MI300X | 13 %     60 \u{b0}C   0           734/750 W |",
                "|   0       0       2        SPX/NPS1 | 98 %       N/A          4976/196592 MB |"
            ]
        );
    }
}

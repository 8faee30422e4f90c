//! One collection: every value the families name, read from the library's device views.
//!
//! What AMD's device-metrics-exporter reads (`gpuagent_gpu_metrics.go`,
//! `updateGPUInfoToMetrics`) maps to these views: power, temperatures and activity
//! (`Gpu::power_info`, `Gpu::temp_metric`, `Gpu::activity`), energy (`Gpu::energy_count`: the
//! accumulator times its resolution, µJ), clocks (`Gpu::clock_info` per domain), PCIe
//! (`Gpu::pcie_info`, speeds from MT/s to GT/s), VRAM (`Gpu::vram_usage`, MB; free is total
//! minus used, as AMD's exporter derives it), ECC (`Gpu::total_ecc_count`, `Gpu::ecc_count` per
//! block), XGMI (`Gpu::link_metrics`, KB) and the violation accumulators and per-XCC busy values
//! (`Gpu::metrics_info`: the `gpu_metrics` accumulators themselves; AMD's percentages need two
//! samples and are left to PromQL's `rate()`). A value the library cannot read is not exported
//! (AMD's `markUnsupportedFields`); a GPU whose files are gone mid-scrape thus loses its series
//! and nothing else.
//!
//! The values of the physical GPU are read on its primary partition only, and the processors and
//! their labels once, when the exporter starts ([`Inventory`]): a scrape of 63 partitions reads
//! what it exports and nothing more (`benches/README.md`).

use std::borrow::Cow;

use amdsmi::{
    AmdSmiClkType, AmdSmiGpuBlock, AmdSmiProcessorType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context, Gpu,
    ProcessorHandle, VirtualizationMode,
};

use crate::families::{self, id};

/// A sample's value: integers are printed as integers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// A count or a whole number of units.
    Int(u64),
    /// A value with a fraction.
    Float(f64),
}

/// A label added to a series' label set (`hbm_index`, `clock_type`, ...).
pub type Extra = (&'static str, Cow<'static, str>);

/// One sample of a family.
#[derive(Clone, Debug)]
pub struct Series {
    /// Index of its label set in [`Inventory::label_sets`].
    pub labels: usize,
    /// Labels of this series only, before the label set's (at most two).
    pub extra: Vec<Extra>,
    /// The value.
    pub value: Value,
}

/// A label set shared by a device's series: `(name, value)` pairs.
pub type LabelSet = Vec<(&'static str, String)>;

/// The result of one collection: per family (index as in [`families::all`]) its series.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Per family, its series in device order.
    pub series: Vec<Vec<Series>>,
}

/// A processor and the index of its label set in [`Inventory::label_sets`].
#[derive(Debug)]
struct Device {
    handle: ProcessorHandle,
    labels: usize,
    /// A GPU's partition id (`None`: not known, taken as the primary partition).
    partition: Option<u32>,
}

/// The processors of a context and their label sets, read once when the exporter starts: the
/// labels are identities (serial number, model, partition, indices) that stay while the
/// processors do (a partition change makes new processors, so a new context), as AMD's exporter
/// reads them once from its agent.
#[derive(Debug)]
pub struct Inventory {
    /// Every label set: the host's, then each GPU's, each socket's.
    pub label_sets: Vec<LabelSet>,
    gpus: Vec<Device>,
    sockets: Vec<Device>,
}

impl Inventory {
    /// The processors of `context`, the GPUs labelled with `hostname`.
    pub fn new(context: &Context, hostname: &str) -> Inventory {
        let mut label_sets = vec![vec![("hostname", hostname.to_owned())]];
        let mut device = |handle, labels: LabelSet, partition| {
            label_sets.push(labels);
            Device { handle, labels: label_sets.len() - 1, partition }
        };
        let gpu_handles = context
            .processor_handles()
            .into_iter()
            .filter(|&h| context.processor_kind(h) == Some(AmdSmiProcessorType::AmdGpu));
        let gpus = gpu_handles
            .enumerate()
            .filter_map(|(i, handle)| {
                let (labels, partition) = gpu_labels(&context.gpu(handle).ok()?, i, hostname);
                Some(device(handle, labels, partition))
            })
            .collect();
        let sockets = (context.cpusocket_handles().into_iter().enumerate())
            .map(|(i, handle)| device(handle, vec![("socket", i.to_string())], None))
            .collect();
        Inventory { label_sets, gpus, sockets }
    }
}

/// Label values for small indices, so that an index label allocates nothing.
const INDICES: [&str; 16] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"];

/// An index as a label value.
fn index(i: usize) -> Cow<'static, str> {
    INDICES.get(i).map_or_else(|| Cow::Owned(i.to_string()), |s| Cow::Borrowed(*s))
}

/// The clock domains exported, with AMD's `clock_type` label value (the gpuagent's
/// `GPU_CLOCK_TYPE_*` names in lower case, `pkg/amdgpu/proto/gpu.proto`) and the index of the
/// domain within its type (`clock_index`: VCLK1 is video 1).
const CLOCKS: [(AmdSmiClkType, &str, usize); 9] = [
    (AmdSmiClkType::Sys, "system", 0),
    (AmdSmiClkType::Mem, "memory", 0),
    (AmdSmiClkType::Df, "fabric", 0),
    (AmdSmiClkType::Soc, "soc", 0),
    (AmdSmiClkType::Dcef, "dce", 0),
    (AmdSmiClkType::Vclk0, "video", 0),
    (AmdSmiClkType::Vclk1, "video", 1),
    (AmdSmiClkType::Dclk0, "data", 0),
    (AmdSmiClkType::Dclk1, "data", 1),
];

/// The HBM stacks, `hbm_index` 0-3.
const HBM: [AmdSmiTemperatureType; 4] = [
    AmdSmiTemperatureType::Hbm0,
    AmdSmiTemperatureType::Hbm1,
    AmdSmiTemperatureType::Hbm2,
    AmdSmiTemperatureType::Hbm3,
];

/// Where one device's samples go.
struct Sink<'a> {
    snapshot: &'a mut Snapshot,
    labels: usize,
}

impl Sink<'_> {
    fn put_with(&mut self, family: usize, extra: Vec<Extra>, value: Value) {
        if let Some(series) = self.snapshot.series.get_mut(family) {
            series.push(Series { labels: self.labels, extra, value });
        }
    }

    fn int(&mut self, family: usize, value: Option<impl Into<u64>>) {
        if let Some(v) = value {
            self.put_with(family, Vec::new(), Value::Int(v.into()));
        }
    }

    fn int_at(&mut self, family: usize, key: &'static str, i: usize, value: Option<impl Into<u64>>) {
        if let Some(v) = value {
            self.put_with(family, vec![(key, index(i))], Value::Int(v.into()));
        }
    }
}

/// Reads every value of every processor of `inventory` (of `context`) once.
pub fn collect(context: &Context, inventory: &Inventory, families: usize) -> Snapshot {
    let mut snapshot = Snapshot { series: vec![Vec::new(); families] };
    let gpus = inventory.gpus.len() as u64;
    Sink { snapshot: &mut snapshot, labels: 0 }.int(id::GPU_NODES_TOTAL, Some(gpus));
    for device in &inventory.gpus {
        if let Ok(gpu) = context.gpu(device.handle) {
            let mut sink = Sink { snapshot: &mut snapshot, labels: device.labels };
            collect_gpu(&gpu, device.partition, &mut sink);
        }
    }
    for device in &inventory.sockets {
        if let Ok(socket) = context.cpu_socket(device.handle) {
            collect_socket(&socket, &mut Sink { snapshot: &mut snapshot, labels: device.labels });
        }
    }
    snapshot
}

/// The label set of a GPU: AMD's mandatory GPU labels (`gpuMandatoryLables`) but the workload
/// ones (pod, namespace, container, job_*: no scheduler here).
fn gpu_labels(gpu: &Gpu<'_>, gpu_index: usize, hostname: &str) -> (LabelSet, Option<u32>) {
    let board = gpu.board_info().ok();
    let serial = board.as_ref().and_then(|b| b.product_serial.clone()).unwrap_or_default();
    // AMD's `card_model`: the board's model, else the card series (the marketing name).
    let model = board
        .and_then(|b| b.product_name)
        .or_else(|| gpu.asic_info().ok().and_then(|a| a.market_name))
        .unwrap_or_default();
    let partition = gpu.kfd_info().ok().and_then(|k| k.current_partition_id);
    // AMD prints the partition types as the gpuagent's enum names without their prefix, in
    // lower case (`NormalizeStringWithoutPrefix`): `spx`, `cpx`, `nps1`, and `none` when the
    // GPU has no partitions.
    let kind = |value: amdsmi::Result<String>| value.map_or_else(|_| "none".to_owned(), |v| v.to_ascii_lowercase());
    let labels = vec![
        ("gpu_id", gpu_index.to_string()),
        ("serial_number", serial),
        ("card_model", model),
        ("hostname", hostname.to_owned()),
        ("gpu_partition_id", partition.map_or_else(|| "NA".to_owned(), |p| p.to_string())),
        ("gpu_compute_partition_type", kind(gpu.compute_partition())),
        ("gpu_memory_partition_type", kind(gpu.memory_partition())),
        ("deployment_mode", deployment_mode(gpu).to_owned()),
    ];
    (labels, partition)
}

/// AMD's `deployment_mode` of the GPU's virtualization mode (`VirtualizationModeToDeploymentMode`,
/// `pkg/exporter/utils/utils.go`): bare metal unless the mode says otherwise.
fn deployment_mode(gpu: &Gpu<'_>) -> &'static str {
    match gpu.virtualization_mode().map(|v| v.mode) {
        Ok(VirtualizationMode::Host) => "hypervisor",
        Ok(VirtualizationMode::Guest) => "vm_vf",
        Ok(VirtualizationMode::Passthrough) => "vm_pf",
        _ => "baremetal",
    }
}

fn collect_gpu(gpu: &Gpu<'_>, partition: Option<u32>, sink: &mut Sink<'_>) {
    // The values of the whole physical GPU are read on its primary partition only: AMD's
    // exporter reports them there and suppresses them on the others (metricslist.md: "In
    // partitioned mode (CPX/DPX/QPX) applicable for primary partition (`partition_id=0`);
    // suppressed for all other partitions"), so that a sum over partitions counts each GPU once.
    // AMD's list does not say it of the XGMI link totals; they are the physical GPU's links too.
    let primary = partition.unwrap_or(0) == 0;
    if primary {
        collect_physical(gpu, sink);
    }
    if let Ok(vram) = gpu.vram_usage() {
        if vram.vram_total > 0 {
            sink.int(id::GPU_TOTAL_VRAM, Some(vram.vram_total));
            sink.int(id::GPU_USED_VRAM, Some(vram.vram_used));
            sink.int(id::GPU_FREE_VRAM, vram.vram_total.checked_sub(vram.vram_used));
        }
    }
    if let Ok(m) = gpu.metrics_info() {
        if primary {
            sink.int(id::GPU_VIOLATION_CURRENT_ACCUMULATED_COUNTER, m.accumulation_counter);
            sink.int(id::GPU_VIOLATION_PROCESSOR_HOT_RESIDENCY_ACCUMULATED, m.prochot_residency_acc);
            sink.int(id::GPU_VIOLATION_PPT_RESIDENCY_ACCUMULATED, m.ppt_residency_acc);
            sink.int(id::GPU_VIOLATION_SOCKET_THERMAL_RESIDENCY_ACCUMULATED, m.socket_thm_residency_acc);
            sink.int(id::GPU_VIOLATION_VR_THERMAL_RESIDENCY_ACCUMULATED, m.vr_thm_residency_acc);
            sink.int(id::GPU_VIOLATION_HBM_THERMAL_RESIDENCY_ACCUMULATED, m.hbm_thm_residency_acc);
        }
        // The per-XCC values of this processor's partition (XCP), on every partition as AMD's
        // exporter emits them: its row of `xcp_stats`.
        if let Some(xcp) = m.xcp_stats.get(partition.unwrap_or(0) as usize) {
            let per_xcc: [(usize, &[Option<u64>]); 4] = [
                (id::GPU_VIOLATION_GFX_CLOCK_BELOW_HOST_LIMIT_POWER_ACCUMULATED, &xcp.gfx_below_host_limit_ppt_acc),
                (id::GPU_VIOLATION_GFX_CLOCK_BELOW_HOST_LIMIT_THERMAL_ACCUMULATED, &xcp.gfx_below_host_limit_thm_acc),
                (id::GPU_VIOLATION_LOW_UTILIZATION_ACCUMULATED, &xcp.gfx_low_utilization_acc),
                (id::GPU_VIOLATION_GFX_CLOCK_BELOW_HOST_LIMIT_TOTAL_ACCUMULATED, &xcp.gfx_below_host_limit_total_acc),
            ];
            for (family, values) in per_xcc {
                for (i, &value) in values.iter().enumerate() {
                    sink.int_at(family, "xcc_index", i, value);
                }
            }
            for (i, &value) in xcp.gfx_busy_inst.iter().enumerate() {
                sink.int_at(id::GPU_GFX_BUSY_INSTANTANEOUS, "xcc_index", i, value);
            }
        }
    }
}

/// The values of the physical GPU: power, temperatures, activity, energy, clocks, fan, PCIe, ECC
/// (the RAS counts of the physical GPU's `ras/` files: the library has none for other
/// partitions) and XGMI.
fn collect_physical(gpu: &Gpu<'_>, sink: &mut Sink<'_>) {
    if let Ok(power) = gpu.power_info() {
        sink.int(id::GPU_PACKAGE_POWER, power.current_socket_power);
        sink.int(id::GPU_AVERAGE_PACKAGE_POWER, power.average_socket_power);
    }
    let temp = |sensor| u64::try_from(gpu.temp_metric(sensor, AmdSmiTemperatureMetric::Current).ok()?).ok();
    sink.int(id::GPU_EDGE_TEMPERATURE, temp(AmdSmiTemperatureType::Edge));
    sink.int(id::GPU_JUNCTION_TEMPERATURE, temp(AmdSmiTemperatureType::Junction));
    sink.int(id::GPU_MEMORY_TEMPERATURE, temp(AmdSmiTemperatureType::Vram));
    for (i, &sensor) in HBM.iter().enumerate() {
        // AMD exports an HBM stack only when its value is not 0 (`IsNonZeroValue`).
        sink.int_at(id::GPU_HBM_TEMPERATURE, "hbm_index", i, temp(sensor).filter(|&t| t != 0));
    }
    if let Ok(usage) = gpu.activity() {
        sink.int(id::GPU_GFX_ACTIVITY, usage.gfx_activity);
        sink.int(id::GPU_UMC_ACTIVITY, usage.umc_activity);
        sink.int(id::GPU_MMA_ACTIVITY, usage.mm_activity);
    }
    if let Ok(energy) = gpu.energy_count() {
        let microjoules = energy.energy_accumulator as f64 * f64::from(energy.counter_resolution);
        sink.put_with(id::GPU_ENERGY_CONSUMED, Vec::new(), Value::Float(microjoules));
    }
    for (clk_type, name, i) in CLOCKS {
        if let Ok(clock) = gpu.clock_info(clk_type) {
            for (family, value) in
                [(id::GPU_CLOCK, clock.clk), (id::GPU_MIN_CLOCK, clock.min_clk), (id::GPU_MAX_CLOCK, clock.max_clk)]
            {
                if let Some(v) = value {
                    let extra = vec![("clock_index", index(i)), ("clock_type", Cow::Borrowed(name))];
                    sink.put_with(family, extra, Value::Int(v.into()));
                }
            }
        }
    }
    if let (Ok(speed), Ok(max)) = (gpu.fan_speed(0), gpu.fan_speed_max(0)) {
        if max > 0 {
            sink.put_with(id::GPU_FAN_SPEED, Vec::new(), Value::Float(speed as f64 * 100.0 / max as f64));
        }
    }
    if let Ok(pcie) = gpu.pcie_info() {
        let gts = |mts: Option<u32>| mts.map(|m| Value::Float(f64::from(m) / 1000.0));
        for (family, value) in [
            (id::PCIE_SPEED, gts(pcie.pcie_metric.pcie_speed)),
            (id::PCIE_MAX_SPEED, gts(pcie.pcie_static.max_pcie_speed)),
        ] {
            if let Some(v) = value {
                sink.put_with(family, Vec::new(), v);
            }
        }
        let m = pcie.pcie_metric;
        sink.int(id::PCIE_BANDWIDTH, m.pcie_bandwidth);
        sink.int(id::PCIE_REPLAY_COUNT, m.pcie_replay_count);
        sink.int(id::PCIE_RECOVERY_COUNT, m.pcie_l0_to_recovery_count);
        sink.int(id::PCIE_REPLAY_ROLLOVER_COUNT, m.pcie_replay_roll_over_count);
        sink.int(id::PCIE_NACK_SENT_COUNT, m.pcie_nak_sent_count);
        sink.int(id::PCIE_NACK_RECEIVED_COUNT, m.pcie_nak_received_count);
    }
    if let Ok(total) = gpu.total_ecc_count() {
        sink.int(id::GPU_ECC_CORRECT_TOTAL, Some(total.correctable_count));
        sink.int(id::GPU_ECC_UNCORRECT_TOTAL, Some(total.uncorrectable_count));
        sink.int(id::GPU_ECC_DEFERRED_TOTAL, Some(total.deferred_count));
        // The blocks with RAS on (`ras/features`): the others have no counts.
        let enabled = gpu.ecc_enabled().unwrap_or(0);
        let blocks = AmdSmiGpuBlock::ALL.iter().enumerate().filter(|(_, block)| enabled & block.bit() != 0);
        for (b, &block) in blocks {
            if let Ok(count) = gpu.ecc_count(block) {
                let counts = [count.correctable_count, count.uncorrectable_count, count.deferred_count];
                for (k, value) in counts.into_iter().enumerate() {
                    sink.int(families::ecc(b, k), Some(value));
                }
            }
        }
    }
    if let Ok(links) = gpu.link_metrics() {
        for (i, link) in links.links.iter().enumerate() {
            sink.int_at(id::GPU_XGMI_LINK_RX, "link_index", i, link.read);
            sink.int_at(id::GPU_XGMI_LINK_TX, "link_index", i, link.write);
        }
    }
}

fn collect_socket(socket: &amdsmi::CpuSocket<'_>, sink: &mut Sink<'_>) {
    let watts = |mw: amdsmi::Result<u32>| mw.ok().map(|mw| Value::Float(f64::from(mw) / 1000.0));
    for (family, value) in
        [(id::AMD_SOCKET_POWER, watts(socket.power())), (id::AMD_POWER_LIMIT, watts(socket.power_cap()))]
    {
        if let Some(v) = value {
            sink.put_with(family, Vec::new(), v);
        }
    }
    sink.int(id::AMD_SOCKET_ENERGY, socket.energy().ok());
    sink.int(id::AMD_PROCHOT_STATUS, socket.prochot_status().ok());
    if let Ok(millicelsius) = socket.temperature() {
        sink.put_with(id::AMD_SOCKET_TEMPERATURE, Vec::new(), Value::Float(f64::from(millicelsius) / 1000.0));
    }
    if let Ok(clocks) = socket.fclk_mclk() {
        sink.int(id::AMD_FCLK, Some(clocks.fclk));
        sink.int(id::AMD_MCLK, Some(clocks.mclk));
    }
    sink.int(id::AMD_CCLK_LIMIT, socket.cclk_limit().ok());
    sink.int(id::AMD_SOCKET_FREQ_LIMIT, socket.current_active_freq_limit().ok().map(|l| l.freq));
}

//! The metric families: names and help texts.
//!
//! Names, units and label names are those of AMD's ROCm/device-metrics-exporter
//! (`pkg/amdgpu/gpuagent/gpuagent_gpu_metrics.go`, `initPrometheusMetrics`: every GPU family is a
//! gauge; `docs/configuration/metricslist.md` gives the units), so that its dashboards and alert
//! rules work unchanged. Units are left out of the names (no OpenMetrics `# UNIT`), as AMD's are.
//! Where AMD's exporter has no family, the name is made in its style and marked below:
//! `gpu_fan_speed` (this exporter's), and the EPYC families, named as AMD's older CPU exporter
//! (amd/amd_smi_exporter, `src/cpu_data.go`: `amd_socket_energy`, `amd_socket_power`,
//! `amd_power_limit`, `amd_prochot_status`, labelled `socket`) with the frequencies and the
//! temperature added under the same prefix. Its per-core families (`amd_core_energy`,
//! `amd_boost_limit`) are left out: on a 2 x 96-core host they are 384 series and, read through
//! `/dev/cpu/N/msr` one core at a time, most of a scrape's time.
//!
//! The ECC families per RAS block are not listed here: they are made from the library's block list
//! ([`amdsmi::AmdSmiGpuBlock::ALL`]) when the exporter starts ([`ecc_families`]).

use std::borrow::Cow;

use amdsmi::AmdSmiGpuBlock;

/// One metric family: its name and help text.
#[derive(Clone, Debug)]
pub struct Family {
    /// The metric name.
    pub name: Cow<'static, str>,
    /// The `# HELP` text, with the unit.
    pub help: Cow<'static, str>,
}

macro_rules! families {
    ($( $(#[$doc:meta])* $id:ident = $name:literal, $help:literal; )*) => {
        /// Indices of the fixed families in [`FIXED`].
        #[allow(missing_docs)]
        pub mod id {
            families!(@ids 0usize; $($id)*);
        }
        /// The fixed families, in exposition order.
        pub const FIXED: &[(&str, &str)] = &[$( ($name, $help), )*];
    };
    (@ids $n:expr; $id:ident $($rest:ident)*) => {
        pub const $id: usize = $n;
        families!(@ids $n + 1usize; $($rest)*);
    };
    (@ids $n:expr;) => {};
}

families! {
    GPU_NODES_TOTAL = "gpu_nodes_total", "Number of GPUs in the node";
    GPU_PACKAGE_POWER = "gpu_package_power", "Current socket power in Watts";
    GPU_AVERAGE_PACKAGE_POWER = "gpu_average_package_power", "Average socket power in Watts";
    GPU_EDGE_TEMPERATURE = "gpu_edge_temperature", "Current edge temperature in Celsius";
    GPU_JUNCTION_TEMPERATURE = "gpu_junction_temperature", "Current junction/hotspot temperature in Celsius";
    GPU_MEMORY_TEMPERATURE = "gpu_memory_temperature", "Current memory temperature in Celsius";
    GPU_HBM_TEMPERATURE = "gpu_hbm_temperature", "Current HBM stack temperature in Celsius";
    GPU_GFX_ACTIVITY = "gpu_gfx_activity", "Graphics engine usage in percentage (0-100)";
    GPU_UMC_ACTIVITY = "gpu_umc_activity", "Memory engine usage in percentage (0-100)";
    GPU_MMA_ACTIVITY = "gpu_mma_activity", "Average multimedia engine usage in percentage (0-100)";
    GPU_GFX_BUSY_INSTANTANEOUS = "gpu_gfx_busy_instantaneous", "GFX busy instantaneous per compute core (XCC) of the partition, percentage";
    GPU_ENERGY_CONSUMED = "gpu_energy_consumed", "Accumulated energy consumed by the GPU in micro Joules";
    GPU_CLOCK = "gpu_clock", "Current clock in MHz";
    GPU_MIN_CLOCK = "gpu_min_clock", "Minimum clock in MHz";
    GPU_MAX_CLOCK = "gpu_max_clock", "Maximum clock in MHz";
    GPU_FAN_SPEED = "gpu_fan_speed", "Fan speed in percentage of its maximum (0-100)";
    GPU_TOTAL_VRAM = "gpu_total_vram", "Total VRAM available in MB";
    GPU_USED_VRAM = "gpu_used_vram", "Total VRAM used in MB";
    GPU_FREE_VRAM = "gpu_free_vram", "Total VRAM free in MB";
    PCIE_SPEED = "pcie_speed", "Current PCIe speed in GT/s";
    PCIE_MAX_SPEED = "pcie_max_speed", "Maximum PCIe speed in GT/s";
    PCIE_BANDWIDTH = "pcie_bandwidth", "Current instantaneous PCIe bandwidth in Mb/s";
    PCIE_REPLAY_COUNT = "pcie_replay_count", "Total number of PCIe replays (NAKs)";
    PCIE_RECOVERY_COUNT = "pcie_recovery_count", "Total number of PCIe L0 to recovery transitions";
    PCIE_REPLAY_ROLLOVER_COUNT = "pcie_replay_rollover_count", "PCIe replay rollover accumulated count";
    PCIE_NACK_SENT_COUNT = "pcie_nack_sent_count", "PCIe NAKs sent accumulated count";
    PCIE_NACK_RECEIVED_COUNT = "pcie_nack_received_count", "PCIe NAKs received accumulated count";
    GPU_ECC_CORRECT_TOTAL = "gpu_ecc_correct_total", "Total correctable ECC errors";
    GPU_ECC_UNCORRECT_TOTAL = "gpu_ecc_uncorrect_total", "Total uncorrectable ECC errors";
    GPU_ECC_DEFERRED_TOTAL = "gpu_ecc_deferred_total", "Total deferred ECC errors";
    GPU_XGMI_LINK_RX = "gpu_xgmi_link_rx", "Accumulated XGMI link data read in KB";
    GPU_XGMI_LINK_TX = "gpu_xgmi_link_tx", "Accumulated XGMI link data written in KB";
    GPU_VIOLATION_CURRENT_ACCUMULATED_COUNTER = "gpu_violation_current_accumulated_counter", "Current accumulated violation counter";
    GPU_VIOLATION_PROCESSOR_HOT_RESIDENCY_ACCUMULATED = "gpu_violation_processor_hot_residency_accumulated", "Processor hot residency accumulated violation counter";
    GPU_VIOLATION_PPT_RESIDENCY_ACCUMULATED = "gpu_violation_ppt_residency_accumulated", "Package power tracking residency accumulated violation counter";
    GPU_VIOLATION_SOCKET_THERMAL_RESIDENCY_ACCUMULATED = "gpu_violation_socket_thermal_residency_accumulated", "Socket thermal residency accumulated violation counter";
    GPU_VIOLATION_VR_THERMAL_RESIDENCY_ACCUMULATED = "gpu_violation_vr_thermal_residency_accumulated", "Voltage rail thermal residency accumulated violation counter";
    GPU_VIOLATION_HBM_THERMAL_RESIDENCY_ACCUMULATED = "gpu_violation_hbm_thermal_residency_accumulated", "HBM thermal residency accumulated violation counter";
    GPU_VIOLATION_GFX_CLOCK_BELOW_HOST_LIMIT_POWER_ACCUMULATED = "gpu_violation_gfx_clock_below_host_limit_power_accumulated", "GFX clock below host limit (power) accumulated violation counter per compute core";
    GPU_VIOLATION_GFX_CLOCK_BELOW_HOST_LIMIT_THERMAL_ACCUMULATED = "gpu_violation_gfx_clock_below_host_limit_thermal_accumulated", "GFX clock below host limit (thermal) accumulated violation counter per compute core";
    GPU_VIOLATION_LOW_UTILIZATION_ACCUMULATED = "gpu_violation_low_utilization_accumulated", "GFX low utilization accumulated violation counter per compute core";
    GPU_VIOLATION_GFX_CLOCK_BELOW_HOST_LIMIT_TOTAL_ACCUMULATED = "gpu_violation_gfx_clock_below_host_limit_total_accumulated", "GFX clock below host limit (total) accumulated violation counter per compute core";
    AMD_SOCKET_POWER = "amd_socket_power", "EPYC socket power in Watts";
    AMD_POWER_LIMIT = "amd_power_limit", "EPYC socket power cap in Watts";
    AMD_SOCKET_ENERGY = "amd_socket_energy", "EPYC socket energy counter in micro Joules";
    AMD_PROCHOT_STATUS = "amd_prochot_status", "EPYC socket PROCHOT status (1 asserted)";
    AMD_SOCKET_TEMPERATURE = "amd_socket_temperature", "EPYC socket temperature in Celsius";
    AMD_FCLK = "amd_fclk", "EPYC data fabric clock in MHz";
    AMD_MCLK = "amd_mclk", "EPYC memory clock in MHz";
    AMD_CCLK_LIMIT = "amd_cclk_limit", "EPYC socket core clock limit in MHz";
    AMD_SOCKET_FREQ_LIMIT = "amd_socket_freq_limit", "EPYC socket current active frequency limit in MHz";
}

/// The three ECC counts of a block, in the order of [`ecc_families`]: AMD's `correct`,
/// `uncorrect` and `deferred`.
pub const ECC_KINDS: [(&str, &str); 3] =
    [("correct", "Correctable"), ("uncorrect", "Uncorrectable"), ("deferred", "Deferred")];

/// Every family: [`FIXED`], then per RAS block of the library the three ECC counts
/// (`gpu_ecc_correct_umc`, `gpu_ecc_uncorrect_umc`, `gpu_ecc_deferred_umc`, ...), the block named
/// as AMD SMI names it, in lower case. The index of block `b`'s kind `k` is
/// `FIXED.len() + 3 * b + k`, `b` its position in [`AmdSmiGpuBlock::ALL`].
pub fn all() -> Vec<Family> {
    let fixed = FIXED.iter().map(|&(name, help)| Family { name: name.into(), help: help.into() });
    fixed.chain(ecc_families()).collect()
}

/// The ECC families per block (see [`all`]).
fn ecc_families() -> impl Iterator<Item = Family> {
    AmdSmiGpuBlock::ALL.iter().flat_map(|block| {
        let block = block.name();
        ECC_KINDS.iter().map(move |(kind, help)| Family {
            name: format!("gpu_ecc_{kind}_{}", block.to_ascii_lowercase()).into(),
            help: format!("{help} ECC errors in {block}").into(),
        })
    })
}

/// The index in [`all`] of the ECC family of block number `block` and kind number `kind`.
pub fn ecc(block: usize, kind: usize) -> usize {
    FIXED.len() + 3 * block + kind
}

//! The documented AMD SMI functions, under their documented names, acting on one process-wide
//! instance as AMD's do.
//!
//! `amdsmi_init` builds a [`Context`] (root from `AMDSMI_ROOT`, else `/`) and counts references;
//! every other call before the first init or after the last shut-down fails with NOT_INIT. The
//! instance is shared behind an `Arc`, so calls from many threads run in parallel; there is no
//! lock file and no shared memory between processes.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::context::{AmdSmiInitFlags, Context, ContextBuilder, ProcessorHandle, ProcessorTypeInfo, SocketHandle};
use crate::error::{Error, Result, Status};
use crate::gpu::bdf::Bdf;
use crate::gpu::clock::{AmdSmiClkType, Frequencies};
use crate::gpu::hwmon::{AmdSmiTemperatureMetric, AmdSmiTemperatureType, AmdSmiVoltageMetric, AmdSmiVoltageType};
use crate::gpu::inventory::{
    AsicInfo, BoardInfo, CacheInfo, DriverInfo, FwInfo, VbiosInfo, VirtualizationInfo, VramInfo,
};
use crate::gpu::memory::{AmdSmiMemoryType, VramUsage};
use crate::gpu::metrics::GpuMetrics;
use crate::gpu::numa::AmdSmiAffinityScope;
use crate::gpu::overdrive::{FreqVoltRegion, OdVoltInfo, PowerProfileStatus};
use crate::gpu::partition::AcceleratorPartitionProfile;
use crate::gpu::pcie::{PciThroughput, PcieBandwidth};
use crate::gpu::power::{PowerCapInfo, SupportedPowerCap};
use crate::gpu::telemetry::{
    AmdSmiUtilizationCounterType, ClockInfo, EnergyCount, EngineUsage, PcieInfo, PowerInfo, UtilizationCounts,
};
use crate::gpu::violation::ViolationStatus;
use crate::gpu::xgmi::{LinkMetrics, XgmiInfo};
use crate::gpu::{EnumerationInfo, KfdInfo};
// PM metrics and register tables (pm_table).
use crate::gpu::pm_table::{AmdSmiRegType, NameValue};
use crate::sysfs::{self, Root};
// Topology and XGMI.
use crate::gpu::topology::{AmdSmiLinkType, MinMaxBandwidth, P2pStatus, TopoLinkType, TopologyNearest};
// EPYC CPUs
use crate::cpu::{
    DdrBwMetrics, DimmPower, DimmTempRangeRefreshRate, DimmThermal, DpmLevel, FclkMclk, HsmpDriverVersion,
    HsmpMetricsTable, SmuFwVersion, SocketFreqLimit, SocketFreqRange,
};
// CPER (src/cper)
use crate::cper::CperEntries;

struct Instance {
    context: Option<Arc<Context>>,
    references: u32,
}

static INSTANCE: Mutex<Instance> = Mutex::new(Instance { context: None, references: 0 });

fn instance() -> MutexGuard<'static, Instance> {
    // A panic elsewhere while holding the lock leaves the data consistent (two plain fields).
    INSTANCE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The process-wide context; NOT_INIT before `amdsmi_init` or after the last `amdsmi_shut_down`.
pub fn current() -> Result<Arc<Context>> {
    instance().context.clone().ok_or_else(|| Error::new(Status::NotInit))
}

/// Initializes the process-wide instance from `builder` (root and flags of your choice), or adds a
/// reference to the instance that already exists.
pub fn init_global(builder: ContextBuilder) -> Result<()> {
    let mut inst = instance();
    if inst.references > 0 {
        inst.references = inst.references.checked_add(1).ok_or_else(|| Error::new(Status::RefcountOverflow))?;
        return Ok(());
    }
    inst.context = Some(Arc::new(builder.build()?));
    inst.references = 1;
    Ok(())
}

fn with<T>(f: impl FnOnce(&Context) -> Result<T>) -> Result<T> {
    f(current()?.as_ref())
}

/// Initializes AMD SMI for the processors `flags` selects (Python's default is
/// `INIT_AMD_GPUS`). Reference-counted: each call needs one `amdsmi_shut_down`.
pub fn amdsmi_init(flags: AmdSmiInitFlags) -> Result<()> {
    init_global(Context::builder().flags(flags))
}

/// Drops one reference; the last one releases the instance. Without an instance it succeeds, as
/// AMD SMI's does.
pub fn amdsmi_shut_down() -> Result<()> {
    let mut inst = instance();
    inst.references = inst.references.saturating_sub(1);
    if inst.references == 0 {
        inst.context = None;
    }
    Ok(())
}

/// Every processor handle, in AMD SMI's enumeration order (BDF order).
pub fn amdsmi_get_processor_handles() -> Result<Vec<ProcessorHandle>> {
    with(|c| Ok(c.processor_handles()))
}

/// Every socket handle (GPU sockets group the partitions of one PCI device).
pub fn amdsmi_get_socket_handles() -> Result<Vec<SocketHandle>> {
    with(|c| Ok(c.socket_handles()))
}

/// The socket's name: `DDDD:BB:dd` for a GPU socket.
pub fn amdsmi_get_socket_info(socket_handle: SocketHandle) -> Result<String> {
    with(|c| c.socket_info(socket_handle))
}

/// The processor at `bdf` (`<domain>:<bus>:<device>.<function>` or `<bus>:<device>.<function>`);
/// any other form is a BDF-format error.
pub fn amdsmi_get_processor_handle_from_bdf(bdf: &str) -> Result<ProcessorHandle> {
    with(|c| c.processor_handle_from_bdf(bdf))
}

/// Documented functions whose first parameter is a processor handle, each forwarding to the
/// [`Context`] method of the same meaning on the process-wide instance.
macro_rules! per_processor {
    ($( $(#[$doc:meta])* $name:ident $(($($arg:ident: $aty:ty),*))? => $method:ident -> $ty:ty; )*) => {$(
        $(#[$doc])*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Context::", stringify!($method), "`].")]
        pub fn $name(processor_handle: ProcessorHandle $($(, $arg: $aty)*)?) -> Result<$ty> {
            with(|c| c.$method(processor_handle $($(, $arg)*)?))
        }
    )*};
}

per_processor! {
    /// The processor type of a handle: `{"processor_type": "AMD_GPU"}`.
    amdsmi_get_processor_type => processor_type -> ProcessorTypeInfo;
    /// The processor's index in the enumeration, as a decimal string.
    amdsmi_get_processor_info => processor_info -> String;
    /// The processor's BDF; its `Display` is the documented string `0000:0c:00.0`.
    amdsmi_get_gpu_device_bdf => gpu_device_bdf -> Bdf;
    /// The 64-bit BDF id: domain 63:32, partition id 31:28, bus 15:8, device 7:3, function 2:0.
    amdsmi_get_gpu_bdf_id => gpu_bdf_id -> u64;
    /// The GPU's UUID string.
    amdsmi_get_gpu_device_uuid => gpu_device_uuid -> String;
    /// DRM render/card minors, HSA id, HIP id and HIP UUID.
    amdsmi_get_gpu_enumeration_info => gpu_enumeration_info -> EnumerationInfo;
    /// KFD gpu id, node id and current partition id.
    amdsmi_get_gpu_kfd_info => gpu_kfd_info -> KfdInfo;
    /// ASIC identity: market name, ids, serial, OAM id, compute units, gfx target.
    amdsmi_get_gpu_asic_info => gpu_asic_info -> AsicInfo;
    /// Board identity: model and serial numbers, FRU id, product and manufacturer names.
    amdsmi_get_gpu_board_info => gpu_board_info -> BoardInfo;
    /// VBIOS name, build date, part number, version and boot firmware.
    amdsmi_get_gpu_vbios_info => gpu_vbios_info -> VbiosInfo;
    /// Firmware block versions: `{"fw_list": [{"fw_name", "fw_version"}]}`.
    amdsmi_get_fw_info => gpu_fw_info -> FwInfo;
    /// Driver name, version and date.
    amdsmi_get_gpu_driver_info => gpu_driver_info -> DriverInfo;
    /// VRAM type, vendor, size (MiB), bit width and peak bandwidth.
    amdsmi_get_gpu_vram_info => gpu_vram_info -> VramInfo;
    /// The GPU's caches (KFD), grouped as AMD SMI groups them.
    amdsmi_get_gpu_cache_info => gpu_cache_info -> CacheInfo;
    /// The PCI revision as a hex string.
    amdsmi_get_gpu_revision => gpu_revision -> String;
    /// The PCI vendor name.
    amdsmi_get_gpu_vendor_name => gpu_vendor_name -> String;
    /// The PCI device id.
    amdsmi_get_gpu_id => gpu_id -> u16;
    /// The VRAM vendor.
    amdsmi_get_gpu_vram_vendor => gpu_vram_vendor -> String;
    /// The PCI subsystem device id as a hex string.
    amdsmi_get_gpu_subsystem_id => gpu_subsystem_id -> String;
    /// The PCI subsystem name.
    amdsmi_get_gpu_subsystem_name => gpu_subsystem_name -> String;
    /// The GPU's NUMA node as KFD sees it.
    amdsmi_topo_get_numa_node_number => topo_numa_node_number -> u32;
    /// The device's `numa_node` (-1: no affinity).
    amdsmi_get_gpu_topo_numa_affinity => gpu_topo_numa_affinity -> i32;
    /// The CPUs close to a GPU, as 64-bit mask words, for a NUMA-node or socket scope.
    amdsmi_get_cpu_affinity_with_scope(scope: AmdSmiAffinityScope) => cpu_affinity_with_scope -> Vec<u64>;
    /// The XGMI hive id.
    amdsmi_get_xgmi_info => xgmi_info -> XgmiInfo;
    /// Per-link XGMI traffic (KB), speed and peers.
    amdsmi_get_link_metrics => link_metrics -> LinkMetrics;
    /// Bare metal, guest or passthrough.
    amdsmi_get_gpu_virtualization_mode => gpu_virtualization_mode -> VirtualizationInfo;
    /// The compute partition mode (`SPX`, `CPX`, ...).
    amdsmi_get_gpu_compute_partition => gpu_compute_partition -> String;
    /// The memory partition mode (`NPS1`, ...).
    amdsmi_get_gpu_memory_partition => gpu_memory_partition -> String;
    /// The partition id and the current accelerator profile.
    amdsmi_get_gpu_accelerator_partition_profile => gpu_accelerator_partition_profile -> AcceleratorPartitionProfile;
    /// Power cap settings of PPT0, in µW.
    amdsmi_get_power_cap_info => power_cap_info -> PowerCapInfo;
    /// The PPT sensors whose cap can be read.
    amdsmi_get_supported_power_cap => supported_power_cap -> SupportedPowerCap;
    /// Whether power management (DPM) is enabled.
    amdsmi_is_gpu_power_management_enabled => is_gpu_power_management_enabled -> bool;
    /// The supported levels of a clock, Hz, and the current one.
    amdsmi_get_clk_freq(clk_type: AmdSmiClkType) => clk_freq -> Frequencies;
    /// The forced performance level, e.g. `AMDSMI_DEV_PERF_LEVEL_AUTO`.
    amdsmi_get_gpu_perf_level => gpu_perf_level -> String;
    /// Graphics clock overdrive, percent.
    amdsmi_get_gpu_overdrive_level => gpu_overdrive_level -> u32;
    /// Memory clock overdrive, percent.
    amdsmi_get_gpu_mem_overdrive_level => gpu_mem_overdrive_level -> u32;
    /// A temperature, °C.
    amdsmi_get_temp_metric(sensor_type: AmdSmiTemperatureType, metric: AmdSmiTemperatureMetric) => temp_metric -> i64;
    /// A voltage, mV.
    amdsmi_get_gpu_volt_metric(sensor_type: AmdSmiVoltageType, metric: AmdSmiVoltageMetric) => gpu_volt_metric -> i64;
    /// Fan speed, RPM.
    amdsmi_get_gpu_fan_rpms(sensor_idx: u32) => gpu_fan_rpms -> u64;
    /// Fan duty, 0 to the maximum duty.
    amdsmi_get_gpu_fan_speed(sensor_idx: u32) => gpu_fan_speed -> u64;
    /// Maximum fan duty.
    amdsmi_get_gpu_fan_speed_max(sensor_idx: u32) => gpu_fan_speed_max -> u64;
    /// Total memory of a pool, bytes.
    amdsmi_get_gpu_memory_total(mem_type: AmdSmiMemoryType) => gpu_memory_total -> u64;
    /// Memory in use in a pool, bytes.
    amdsmi_get_gpu_memory_usage(mem_type: AmdSmiMemoryType) => gpu_memory_usage -> u64;
    /// VRAM size and use, MiB.
    amdsmi_get_gpu_vram_usage => gpu_vram_usage -> VramUsage;
    /// PCIe traffic of the last second.
    amdsmi_get_gpu_pci_throughput => gpu_pci_throughput -> PciThroughput;
    /// PCIe replay count.
    amdsmi_get_gpu_pci_replay_counter => gpu_pci_replay_counter -> u64;
    /// PCIe levels: transfer rates and lanes.
    amdsmi_get_gpu_pci_bandwidth => gpu_pci_bandwidth -> PcieBandwidth;
    /// The decoded `gpu_metrics` blob.
    amdsmi_get_gpu_metrics_info => gpu_metrics_info -> GpuMetrics;
    /// Socket power (W), voltages (mV), power limit (W).
    amdsmi_get_power_info => power_info -> PowerInfo;
    /// The energy accumulator, its resolution and timestamp.
    amdsmi_get_energy_count => energy_count -> EnergyCount;
    /// GFX, memory and multimedia activity, %.
    amdsmi_get_gpu_activity => gpu_activity -> EngineUsage;
    /// A clock's current, minimum and maximum, MHz.
    amdsmi_get_clock_info(clk_type: AmdSmiClkType) => clock_info -> ClockInfo;
    /// PCIe capabilities and state.
    amdsmi_get_pcie_info => pcie_info -> PcieInfo;
    /// Throttling status against this process's previous sample of the GPU.
    amdsmi_get_violation_status => violation_status -> ViolationStatus;
    /// Accumulated activity counters and their timestamp.
    amdsmi_get_utilization_count(counter_types: &[AmdSmiUtilizationCounterType]) => utilization_count -> UtilizationCounts;
    /// Overdrive clock ranges and voltage curve (`pp_od_clk_voltage`).
    amdsmi_get_gpu_od_volt_info => gpu_od_volt_info -> OdVoltInfo;
    /// Frequency/voltage regions of the overdrive curve.
    amdsmi_get_gpu_od_volt_curve_regions(num_regions: u32) => gpu_od_volt_curve_regions -> Vec<FreqVoltRegion>;
    /// Available and current power profiles (`pp_power_profile_mode`).
    amdsmi_get_gpu_power_profile_presets(sensor_idx: u32) => gpu_power_profile_presets -> PowerProfileStatus;
    // PM metrics and register tables (pm_table).
    /// The PMFW metrics table (`pm_metrics`, MI300-class) as name/value pairs.
    amdsmi_get_gpu_pm_metrics_info => gpu_pm_metrics_info -> Vec<NameValue>;
    /// One register block of `reg_state` (MI300-class) as name/value pairs.
    amdsmi_get_gpu_reg_table_info(reg_type: AmdSmiRegType) => gpu_reg_table_info -> Vec<NameValue>;
    // CPER (src/cper)
    /// CPER entries of the GPU's debugfs ring (root only): those whose severity is in
    /// `severity_mask` (1 non-fatal uncorrected, 2 fatal, 4 corrected, 7 all), from the
    /// `cursor`-th on, as many as fit in `buffer_size` bytes (AMD SMI's default 1048576) and at
    /// most 20; with the next cursor, the records' bytes, and SUCCESS or MORE_DATA.
    amdsmi_get_gpu_cper_entries(severity_mask: u32, buffer_size: u64, cursor: u64) => gpu_cper_entries -> CperEntries;
}

// ---- EPYC CPUs (src/cpu, src/hsmp) ----

/// The CPU socket processors (type `AMD_CPU`); empty without CPUs (init with `INIT_AMD_CPUS`).
pub fn amdsmi_get_cpusocket_handles() -> Result<Vec<ProcessorHandle>> {
    with(|c| Ok(c.cpusocket_handles()))
}

/// The CPU core processors (type `AMD_CPU_CORE`), socket by socket.
pub fn amdsmi_get_cpucore_handles() -> Result<Vec<ProcessorHandle>> {
    with(|c| Ok(c.cpucore_handles()))
}

/// Threads per core.
pub fn amdsmi_get_threads_per_core() -> Result<u32> {
    with(Context::threads_per_core)
}

/// The CPU family (25 = 19h, 26 = 1Ah).
pub fn amdsmi_get_cpu_family() -> Result<u32> {
    with(Context::cpu_family)
}

/// The CPU model.
pub fn amdsmi_get_cpu_model() -> Result<u32> {
    with(Context::cpu_model)
}

per_processor! {
    /// The HSMP protocol version of a CPU socket.
    amdsmi_get_cpu_hsmp_proto_ver => cpu_hsmp_proto_ver -> u32;
    /// The HSMP driver version: `hsmp_driver_major_ver_num`, `hsmp_driver_minor_ver_num`.
    amdsmi_get_cpu_hsmp_driver_version => cpu_hsmp_driver_version -> HsmpDriverVersion;
    /// The SMU firmware version: major, minor, debug.
    amdsmi_get_cpu_smu_fw_version => cpu_smu_fw_version -> SmuFwVersion;
    /// PROCHOT status (1 asserted).
    amdsmi_get_cpu_prochot_status => cpu_prochot_status -> u32;
    /// Data fabric and memory clocks, MHz.
    amdsmi_get_cpu_fclk_mclk => cpu_fclk_mclk -> FclkMclk;
    /// The socket's CCLK limit, MHz.
    amdsmi_get_cpu_cclk_limit => cpu_cclk_limit -> u32;
    /// The socket's current active frequency limit (MHz) and its sources.
    amdsmi_get_cpu_socket_current_active_freq_limit => cpu_socket_current_active_freq_limit -> SocketFreqLimit;
    /// The socket's frequency range, MHz.
    amdsmi_get_cpu_socket_freq_range => cpu_socket_freq_range -> SocketFreqRange;
    /// A core's current frequency limit, MHz.
    amdsmi_get_cpu_core_current_freq_limit => cpu_core_current_freq_limit -> u32;
    /// Socket power, mW.
    amdsmi_get_cpu_socket_power => cpu_socket_power -> u32;
    /// Socket power cap, mW.
    amdsmi_get_cpu_socket_power_cap => cpu_socket_power_cap -> u32;
    /// Highest socket power cap, mW.
    amdsmi_get_cpu_socket_power_cap_max => cpu_socket_power_cap_max -> u32;
    /// SVI-telemetry power of all rails, mW.
    amdsmi_get_cpu_pwr_svi_telemetry_all_rails => cpu_pwr_svi_telemetry_all_rails -> u32;
    /// Sets the socket power cap, mW.
    amdsmi_set_cpu_socket_power_cap(power_cap: u32) => set_cpu_socket_power_cap -> ();
    /// Sets the power efficiency mode.
    amdsmi_set_cpu_pwr_efficiency_mode(mode: u8) => set_cpu_pwr_efficiency_mode -> ();
    /// A core's boost limit, MHz.
    amdsmi_get_cpu_core_boostlimit => cpu_core_boostlimit -> u32;
    /// The socket's C0 residency, %.
    amdsmi_get_cpu_socket_c0_residency => cpu_socket_c0_residency -> u32;
    /// Sets a core's boost limit, MHz.
    amdsmi_set_cpu_core_boostlimit(boostlimit: u32) => set_cpu_core_boostlimit -> ();
    /// Sets every core's boost limit, MHz.
    amdsmi_set_cpu_socket_boostlimit(boostlimit: u32) => set_cpu_socket_boostlimit -> ();
    /// DDR bandwidth: `max_bw`, `utilized_bw` (Gbps), `utilized_pct`.
    amdsmi_get_cpu_ddr_bw => cpu_ddr_bw -> DdrBwMetrics;
    /// Socket temperature, m°C.
    amdsmi_get_cpu_socket_temperature => cpu_socket_temperature -> u32;
    /// A DIMM's temperature range and refresh rate.
    amdsmi_get_cpu_dimm_temp_range_and_refresh_rate(dimm_addr: u8) => cpu_dimm_temp_range_and_refresh_rate -> DimmTempRangeRefreshRate;
    /// A DIMM's power (mW) and update rate (ms).
    amdsmi_get_cpu_dimm_power_consumption(dimm_addr: u8) => cpu_dimm_power_consumption -> DimmPower;
    /// A DIMM's thermal sensor and temperature (°C).
    amdsmi_get_cpu_dimm_thermal_sensor(dimm_addr: u8) => cpu_dimm_thermal_sensor -> DimmThermal;
    /// Sets the xGMI link width range of every socket.
    amdsmi_set_cpu_xgmi_width(min_width: u8, max_width: u8) => set_cpu_xgmi_width -> ();
    /// Sets the GMI3 link width range.
    amdsmi_set_cpu_gmi3_link_width_range(min_link_width: u8, max_link_width: u8) => set_cpu_gmi3_link_width_range -> ();
    /// Enables APB.
    amdsmi_cpu_apb_enable => cpu_apb_enable -> ();
    /// Disables APB, pinning a DF P-state.
    amdsmi_cpu_apb_disable(pstate: u8) => cpu_apb_disable -> ();
    /// Sets an NBIO's LCLK DPM level range.
    amdsmi_set_cpu_socket_lclk_dpm_level(nbio_id: u8, min_val: u8, max_val: u8) => set_cpu_socket_lclk_dpm_level -> ();
    /// An NBIO's LCLK DPM level range.
    amdsmi_get_cpu_socket_lclk_dpm_level(nbio_id: u8) => cpu_socket_lclk_dpm_level -> DpmLevel;
    /// Sets the PCIe link rate control; the previous value.
    amdsmi_set_cpu_pcie_link_rate(rate_ctrl: u8) => set_cpu_pcie_link_rate -> u8;
    /// Sets the DF P-state range.
    amdsmi_set_cpu_df_pstate_range(max_pstate: u8, min_pstate: u8) => set_cpu_df_pstate_range -> ();
    /// An IO link's current bandwidth, Mbps.
    amdsmi_get_cpu_current_io_bandwidth(encoding: u32, link_name: &str) => cpu_current_io_bandwidth -> u32;
    /// An xGMI link's current bandwidth, Mbps.
    amdsmi_get_cpu_current_xgmi_bw(encoding: u32, link_name: &str) => cpu_current_xgmi_bw -> u32;
    /// The HSMP metrics table version.
    amdsmi_get_hsmp_metrics_table_version => hsmp_metrics_table_version -> u32;
    /// The HSMP metrics table, decoded.
    amdsmi_get_hsmp_metrics_table => hsmp_metrics_table -> HsmpMetricsTable;
    /// The socket's first online core.
    amdsmi_first_online_core_on_cpu_socket => first_online_core_on_cpu_socket -> u32;
    /// The socket's model name.
    amdsmi_get_cpu_model_name => cpu_model_name -> String;
    /// The CPU rail isofrequency policy (0 or 1).
    amdsmi_get_cpu_rail_isofreq_policy => cpu_rail_isofreq_policy -> u8;
    /// Sets the CPU rail isofrequency policy.
    amdsmi_set_cpu_rail_isofreq_policy(value: u8) => set_cpu_rail_isofreq_policy -> ();
    /// The DF C-state control (0 or 1).
    amdsmi_get_dfc_ctrl => dfc_ctrl -> u8;
    /// Sets the DF C-state control.
    amdsmi_set_dfc_ctrl(value: u8) => set_dfc_ctrl -> ();
    /// A core's energy counter, µJ.
    amdsmi_get_cpu_core_energy => cpu_core_energy -> u64;
    /// The socket's energy counter, µJ.
    amdsmi_get_cpu_socket_energy => cpu_socket_energy -> u64;
}

/// The library's version (`amdsmi_get_lib_version`): the crate version. Needs no init.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LibVersion {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Release (patch) version.
    pub release: u32,
    /// The full version string.
    pub build: String,
}

/// The version of this library. Needs no init.
pub fn amdsmi_get_lib_version() -> Result<LibVersion> {
    let part = |s: &str| s.parse::<u32>().map_err(|_| Error::new(Status::InternalException));
    Ok(LibVersion {
        major: part(env!("CARGO_PKG_VERSION_MAJOR"))?,
        minor: part(env!("CARGO_PKG_VERSION_MINOR"))?,
        release: part(env!("CARGO_PKG_VERSION_PATCH"))?,
        build: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Where a ROCm installation records its version, as a kernel-root path.
pub const ROCM_VERSION_FILE: &str = "/opt/rocm/.info/version";

/// `(found, message)`: whether a ROCm installation is present and its `major.minor.patch`, read
/// from `/opt/rocm/.info/version` under `AMDSMI_ROOT` (nothing is loaded: this library needs no
/// ROCm). Without ROCm: `(false, "ROCm not found: ...")`. Needs no init.
pub fn amdsmi_get_rocm_version() -> (bool, String) {
    rocm_version(&Root::from_env())
}

/// [`amdsmi_get_rocm_version`] for the installation under `root`.
pub fn rocm_version(root: &Root) -> (bool, String) {
    let path = root.path(ROCM_VERSION_FILE);
    match sysfs::read_text(&path) {
        Ok(text) => match crate::parse::version::rocm_version(&text) {
            Ok(version) => (true, version.to_owned()),
            Err(_) => (false, format!("Failed to unpack ROCm version from {ROCM_VERSION_FILE}")),
        },
        Err(_) => (false, format!("ROCm not found: no {ROCM_VERSION_FILE}")),
    }
}

/// The text of a status code, e.g. `"AMDSMI_STATUS_NOT_SUPPORTED - Feature not supported"`;
/// codes AMD SMI does not define give the UNKNOWN_ERROR text, as its Python layer does.
pub fn amdsmi_status_code_to_string(status: u32) -> Result<&'static str> {
    Ok(Status::from_code(status).unwrap_or(Status::UnknownError).description())
}

// Topology and XGMI: functions of a pair of processors.

/// Documented functions whose parameters are a source and a destination processor handle, each
/// forwarding to the [`Context`] method of the same meaning on the process-wide instance.
macro_rules! processor_pair {
    ($( $(#[$attr:meta])* $name:ident => $method:ident -> $ty:ty; )*) => {$(
        $(#[$attr])*
        #[doc = ""]
        #[doc = concat!("The process-wide form of [`Context::", stringify!($method), "`].")]
        pub fn $name(processor_handle_src: ProcessorHandle, processor_handle_dst: ProcessorHandle) -> Result<$ty> {
            with(|c| c.$method(processor_handle_src, processor_handle_dst))
        }
    )*};
}

processor_pair! {
    /// The weight (relative distance) of the connection between two GPUs.
    amdsmi_topo_get_link_weight => topo_link_weight -> u64;
    /// Minimum and maximum bandwidth of the XGMI link between two GPUs, MB/s.
    amdsmi_get_minmax_bandwidth_between_processors => minmax_bandwidth_between_processors -> MinMaxBandwidth;
    /// Hops and connection type between two GPUs.
    amdsmi_topo_get_link_type => topo_link_type -> TopoLinkType;
    /// Whether the source GPU reaches the destination peer-to-peer.
    #[allow(non_snake_case)]
    amdsmi_is_P2P_accessible => is_p2p_accessible -> bool;
    /// Connection type and peer-to-peer capabilities between two GPUs.
    amdsmi_topo_get_p2p_status => topo_p2p_status -> P2pStatus;
}

per_processor! {
    /// The GPUs nearest to one over links of a type, nearest first.
    amdsmi_get_link_topology_nearest(link_type: AmdSmiLinkType) => link_topology_nearest -> TopologyNearest;
}

// RAS/ECC and GPU processes (ras/process area)

use crate::gpu::process::{ComputeProcessInfo, ProcessInfo};
use crate::gpu::ras::{
    AmdSmiGpuBlock, AmdSmiRasErrState, AmdSmiXgmiStatus, EccCount, RasBlockFeature, RasFeatureInfo, RetiredPage,
};

per_processor! {
    /// Error counts of one RAS block.
    amdsmi_get_gpu_ecc_count(block: AmdSmiGpuBlock) => gpu_ecc_count -> EccCount;
    /// Error counts summed over the blocks RAS is enabled on.
    amdsmi_get_gpu_total_ecc_count => gpu_total_ecc_count -> EccCount;
    /// The RAS feature mask: bit n set when `AmdSmiGpuBlock` bit n has RAS on.
    amdsmi_get_gpu_ecc_enabled => gpu_ecc_enabled -> u64;
    /// `ENABLED` or `DISABLED` for one block.
    amdsmi_get_gpu_ecc_status(block: AmdSmiGpuBlock) => gpu_ecc_status -> AmdSmiRasErrState;
    /// RAS EEPROM version and ECC schema flags.
    amdsmi_get_gpu_ras_feature_info => gpu_ras_feature_info -> RasFeatureInfo;
    /// Every RAS block with its state.
    amdsmi_get_gpu_ras_block_features_enabled => gpu_ras_block_features_enabled -> Vec<RasBlockFeature>;
    /// Retired VRAM pages.
    amdsmi_get_gpu_bad_page_info => gpu_bad_page_info -> Vec<RetiredPage>;
    /// Reserved VRAM pages.
    amdsmi_get_gpu_memory_reserved_pages => gpu_memory_reserved_pages -> Vec<RetiredPage>;
    /// Retired pages at which the GPU is declared bad (debugfs, root only).
    amdsmi_get_gpu_bad_page_threshold => gpu_bad_page_threshold -> u32;
    /// The XGMI error status.
    amdsmi_gpu_xgmi_error_status => gpu_xgmi_error_status -> AmdSmiXgmiStatus;
    /// The processes running on the GPU.
    amdsmi_get_gpu_process_list => gpu_process_list -> Vec<ProcessInfo>;
}

/// Every process KFD lists, with its usage over all the GPUs it uses.
///
/// The process-wide form of [`Context::gpu_compute_process_info`].
pub fn amdsmi_get_gpu_compute_process_info() -> Result<Vec<ComputeProcessInfo>> {
    with(|c| Ok(c.gpu_compute_process_info()))
}

/// One process's usage over all the GPUs it uses; NOT_FOUND when KFD does not list it.
///
/// The process-wide form of [`Context::gpu_compute_process_info_by_pid`].
pub fn amdsmi_get_gpu_compute_process_info_by_pid(pid: u32) -> Result<ComputeProcessInfo> {
    with(|c| c.gpu_compute_process_info_by_pid(pid))
}

/// The enumeration indices of the GPUs a process uses; NOT_FOUND when KFD does not list it.
///
/// The process-wide form of [`Context::gpu_compute_process_gpus`].
pub fn amdsmi_get_gpu_compute_process_gpus(pid: u32) -> Result<Vec<u32>> {
    with(|c| c.gpu_compute_process_gpus(pid))
}

// Setters and resets (gpu::control).
use crate::gpu::control::{
    AmdSmiComputePartitionType, AmdSmiDevPerfLevel, AmdSmiFreqInd, AmdSmiMemoryPartitionType, DpmPolicy,
};
use crate::gpu::overdrive::AmdSmiPowerProfilePresetMasks;

per_processor! {
    /// Sets the power cap of a PPT sensor, µW, within the limits `amdsmi_get_power_cap_info` reports.
    amdsmi_set_power_cap(sensor_ind: u32, cap: u64) => set_power_cap -> ();
    /// Sets the performance level.
    amdsmi_set_gpu_perf_level(perf_level: AmdSmiDevPerfLevel) => set_gpu_perf_level -> ();
    /// Enters performance determinism with the graphics clock capped, MHz.
    amdsmi_set_gpu_perf_determinism_mode(clkvalue: u64) => set_gpu_perf_determinism_mode -> ();
    /// Selects a power profile.
    amdsmi_set_gpu_power_profile(reserved: u32, profile: AmdSmiPowerProfilePresetMasks) => set_gpu_power_profile -> ();
    /// Sets the graphics or memory clock range, MHz.
    amdsmi_set_gpu_clk_range(min_clk_value: u64, max_clk_value: u64, clk_type: AmdSmiClkType) => set_gpu_clk_range -> ();
    /// Restricts a clock to the DPM levels of a bit mask.
    amdsmi_set_clk_freq(clk_type: AmdSmiClkType, freq_bitmask: u64) => set_clk_freq -> ();
    /// Restricts the PCIe link to the levels of a bit mask.
    amdsmi_set_gpu_pci_bandwidth(bw_bitmask: u64) => set_gpu_pci_bandwidth -> ();
    /// Sets one end of the graphics or memory clock range, MHz.
    amdsmi_set_gpu_od_clk_info(level: AmdSmiFreqInd, clk_value: u64, clk_type: AmdSmiClkType) => set_gpu_od_clk_info -> ();
    /// Sets one voltage curve point, MHz and mV.
    amdsmi_set_gpu_od_volt_info(vpoint: u32, clk_value: u64, volt_value: u64) => set_gpu_od_volt_info -> ();
    /// Sets the graphics clock overdrive, percent (deprecated by AMD).
    amdsmi_set_gpu_overdrive_level(overdrive_value: u32) => set_gpu_overdrive_level -> ();
    /// Sets a fan's duty, 0 to the maximum duty.
    amdsmi_set_gpu_fan_speed(sensor_idx: u32, fan_speed: u64) => set_gpu_fan_speed -> ();
    /// Returns a fan to automatic driver control.
    amdsmi_reset_gpu_fan(sensor_idx: u32) => reset_gpu_fan -> ();
    /// Switches the compute partition mode.
    amdsmi_set_gpu_compute_partition(compute_partition: AmdSmiComputePartitionType) => set_gpu_compute_partition -> ();
    /// Switches the memory partition mode.
    amdsmi_set_gpu_memory_partition(memory_partition: AmdSmiMemoryPartitionType) => set_gpu_memory_partition -> ();
    /// Enables (1) or disables (0) process isolation on the processor's partition.
    amdsmi_set_gpu_process_isolation(pisolate: u32) => set_gpu_process_isolation -> ();
    /// Process isolation of the processor's partition: 0 disabled, 1 enabled.
    amdsmi_get_gpu_process_isolation => gpu_process_isolation -> u32;
    /// Clears the local data (LDS, GPRs) of the processor's partition.
    amdsmi_clean_gpu_local_data => clean_gpu_local_data -> ();
    /// The SoC P-state policies and the current one.
    amdsmi_get_soc_pstate => soc_pstate -> DpmPolicy;
    /// Selects a SoC P-state policy.
    amdsmi_set_soc_pstate(policy_id: u32) => set_soc_pstate -> ();
    /// The XGMI per-link power-down policies and the current one.
    amdsmi_get_xgmi_plpd => xgmi_plpd -> DpmPolicy;
    /// Selects an XGMI per-link power-down policy.
    amdsmi_set_xgmi_plpd(policy_id: u32) => set_xgmi_plpd -> ();
    /// Resets the GPU (debugfs `amdgpu_gpu_recover`, root).
    amdsmi_reset_gpu => reset_gpu -> ();
    /// Resets the GPU's XGMI error count.
    amdsmi_reset_gpu_xgmi_error => reset_gpu_xgmi_error -> ();
}

// CPER (src/cper)
/// The AMD Field IDs of one CPER record (`cper_afid_data`: its raw bytes, e.g. an entry's
/// `cper_data[i].bytes` or a `.cper` file) and how many there are, one per section that has one
/// (see [`crate::cper::afid`]). Fewer than 128 bytes, or a `record_length` outside the data, is
/// UNEXPECTED_SIZE; a bad signature UNEXPECTED_DATA. Needs no init.
pub fn amdsmi_get_afids_from_cper(cper_afid_data: &[u8]) -> Result<(Vec<u64>, usize)> {
    let afids = crate::cper::afid::afids_from_cper(cper_afid_data)?;
    let count = afids.len();
    Ok((afids, count))
}

// Events and counters: KFD SMI event notification, amdgpu PMU counters.

use crate::gpu::counters::{AmdSmiCounterCommand, AmdSmiEventGroup, AmdSmiEventType, CounterValue, EventHandle};
use crate::gpu::events::EvtNotificationData;

per_processor! {
    /// Starts event notification for a GPU (its mask is empty until set).
    amdsmi_init_gpu_event_notification => init_gpu_event_notification -> ();
    /// Selects the events a GPU reports: bit `id - 1` per event id.
    amdsmi_set_gpu_event_notification_mask(mask: u64) => set_gpu_event_notification_mask -> ();
    /// Stops event notification for a GPU.
    amdsmi_stop_gpu_event_notification => stop_gpu_event_notification -> ();
    /// `Ok` when the GPU has the counter group's PMU, else NOT_SUPPORTED.
    amdsmi_gpu_counter_group_supported(event_group: AmdSmiEventGroup) => gpu_counter_group_supported -> ();
    /// Free data fabric counters (`df_cntr_avail`), a count.
    amdsmi_get_gpu_available_counters(event_group: AmdSmiEventGroup) => gpu_available_counters -> u32;
    /// Opens a counter of an event on the GPU, stopped.
    amdsmi_gpu_create_counter(event_type: AmdSmiEventType) => gpu_create_counter -> EventHandle;
}

/// Up to `num_elem` events of every GPU with notification started, waiting at most `timeout_ms`
/// milliseconds for the first; NO_DATA when none arrived.
///
/// The process-wide form of [`Context::gpu_event_notification`].
pub fn amdsmi_get_gpu_event_notification(timeout_ms: u32, num_elem: u32) -> Result<Vec<EvtNotificationData>> {
    with(|c| c.gpu_event_notification(timeout_ms, num_elem))
}

/// Stops a counter and closes it ([`EventHandle::destroy`]).
pub fn amdsmi_gpu_destroy_counter(event_handle: EventHandle) -> Result<()> {
    event_handle.destroy()
}

/// Starts or stops a counter ([`EventHandle::control`]).
pub fn amdsmi_gpu_control_counter(event_handle: &mut EventHandle, counter_command: AmdSmiCounterCommand) -> Result<()> {
    event_handle.control(counter_command)
}

/// The events counted since the previous read or start, and the counter's times, ns
/// ([`EventHandle::read`]).
pub fn amdsmi_gpu_read_counter(event_handle: &mut EventHandle) -> Result<CounterValue> {
    event_handle.read()
}

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
use crate::sysfs::{self, Root};

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
        Ok(text) => {
            let version = text.split(['-', '\n']).next().unwrap_or_default();
            let numbers: Vec<&str> = version.split('.').collect();
            if numbers.len() == 3 && numbers.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
                (true, version.to_owned())
            } else {
                (false, format!("Failed to unpack ROCm version from {ROCM_VERSION_FILE}"))
            }
        }
        Err(_) => (false, format!("ROCm not found: no {ROCM_VERSION_FILE}")),
    }
}

/// The text of a status code, e.g. `"AMDSMI_STATUS_NOT_SUPPORTED - Feature not supported"`;
/// codes AMD SMI does not define give the UNKNOWN_ERROR text, as its Python layer does.
pub fn amdsmi_status_code_to_string(status: u32) -> Result<&'static str> {
    Ok(Status::from_code(status).unwrap_or(Status::UnknownError).description())
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

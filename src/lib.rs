//! # amdsmi: AMD SMI in pure Rust
//!
//! Monitors and controls AMD GPUs and EPYC CPUs by reading the kernel's interfaces directly —
//! sysfs under `/sys/class/drm`, the KFD topology, the HSMP mailbox `/dev/hsmp` — with no ROCm,
//! no libdrm, no E-SMI and no C library.
//!
//! Two ways in:
//! - the documented AMD SMI functions (`amdsmi_init`, `amdsmi_get_processor_handles`, ...),
//!   same names and parameter order as AMD's Python API, acting on one process-wide instance;
//! - an explicit [`Context`] (root directory + discovered processors) for tests and embedders:
//!   contexts on different roots coexist in one process.
//!
//! Every kernel path is resolved under a root: `/`, or `AMDSMI_ROOT`, or [`ContextBuilder::root`].
//!
//! Features: `serde` serializes every result type; `fixtures` adds the stand-ins that answer
//! from regular files where a fixture root holds a device node (recorded DRM, scripted KFD
//! events and PMU counters, emulated HSMP, recorded MSRs) and the CPER encoder. Without it a
//! regular file where a device node belongs is NOT_SUPPORTED.
//!
//! ```
//! let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines/rx6900xt");
//! let ctx = amdsmi::Context::builder().root(root).build()?;
//! let gpu = ctx.processor_handles()[0];
//! assert_eq!(ctx.gpu(gpu)?.device_bdf()?.to_string(), "0000:0c:00.0");
//! # Ok::<(), amdsmi::Error>(())
//! ```
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod api;
mod bytes;
mod context;
pub mod cper;
pub mod cpu;
pub mod error;
pub mod gpu;
pub mod hsmp;
#[cfg(feature = "serde")]
mod na;
pub mod parse;
pub mod surface;
pub mod sysfs;
mod version;

pub use api::*;
pub use context::{
    AmdSmiInitFlags, AmdSmiProcessorType, Context, ContextBuilder, ProcessorHandle, ProcessorTypeInfo, SocketHandle,
};
pub use cpu::{CpuCore, CpuSocket};
pub use error::{Error, ErrorKind, Result, Status};
pub use gpu::bdf::Bdf;
pub use gpu::clock::{AmdSmiClkType, Frequencies};
pub use gpu::hwmon::{AmdSmiTemperatureMetric, AmdSmiTemperatureType, AmdSmiVoltageMetric, AmdSmiVoltageType};
pub use gpu::inventory::{
    AsicInfo, BoardInfo, Cache, CacheInfo, DriverInfo, FwEntry, FwInfo, VbiosInfo, VirtualizationInfo,
    VirtualizationMode, VramInfo, VramType,
};
pub use gpu::memory::{AmdSmiMemoryType, VramUsage};
pub use gpu::metrics::{GpuMetrics, MetricsHeader};
pub use gpu::numa::AmdSmiAffinityScope;
pub use gpu::overdrive::{FreqVoltRegion, OdVoltInfo, PowerProfileStatus};
pub use gpu::partition::{
    AcceleratorPartitionProfile, AcceleratorPartitionProfileConfig, AcceleratorProfileConfig,
    AcceleratorResourceProfile, AmdSmiAcceleratorPartitionResourceType, MemoryPartitionConfig, PartitionProfile,
};
pub use gpu::pcie::{PciThroughput, PcieBandwidth};
pub use gpu::power::{PowerCapInfo, SupportedPowerCap};
pub use gpu::telemetry::{
    AmdSmiUtilizationCounterType, ClockInfo, EnergyCount, EngineUsage, PcieInfo, PcieMetric, PcieStatic, PowerInfo,
    UtilizationCounter, UtilizationCounts,
};
pub use gpu::violation::ViolationStatus;
pub use gpu::xgmi::{AmdSmiXgmiLinkStatusType, LinkMetric, LinkMetrics, XgmiInfo, XgmiLinkStatus};
pub use gpu::Gpu;
pub use gpu::{EnumerationInfo, KfdInfo};
pub use version::{rocm_version, LibVersion, ROCM_VERSION_FILE};
// PM metrics and register tables (pm_table).
pub use gpu::pm_table::{AmdSmiRegType, NameValue};
// Topology and XGMI.
pub use gpu::topology::{AmdSmiLinkType, MinMaxBandwidth, P2pCapability, P2pStatus, TopoLinkType, TopologyNearest};
// RAS/ECC and GPU processes (ras/process area)
pub use gpu::process::{ComputeProcessInfo, ProcessEngineUsage, ProcessInfo, ProcessMemoryUsage};
pub use gpu::ras::{
    AmdSmiGpuBlock, AmdSmiMemoryPageStatus, AmdSmiRasErrState, AmdSmiXgmiStatus, EccCount, RasBlockFeature,
    RasFeatureInfo, RetiredPage,
};
// Setters and resets.
pub use gpu::control::{
    AmdSmiClkLimitType, AmdSmiComputePartitionType, AmdSmiDevPerfLevel, AmdSmiFreqInd, AmdSmiMemoryPartitionType,
    DpmPolicy, DpmPolicyEntry,
};
pub use gpu::overdrive::AmdSmiPowerProfilePresetMasks;
// EPYC CPUs (HSMP)
pub use cpu::{
    DdrBwMetrics, DimmPower, DimmTempRangeRefreshRate, DimmThermal, DpmLevel, FclkMclk, HsmpDriverVersion,
    HsmpMetricsTable, ProcessorCounts, SmuFwVersion, SockInfo, SocketFreqLimit, SocketFreqRange,
};
// CPER (src/cper)
pub use cper::{CperData, CperEntries, CperEntry};
// Events and counters.
pub use gpu::counters::{AmdSmiCounterCommand, AmdSmiEventGroup, AmdSmiEventType, CounterValue, EventHandle};
pub use gpu::events::{event_mask, AmdSmiEventReader, AmdSmiEvtNotificationType, EventPayload, EvtNotificationData};

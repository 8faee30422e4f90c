//! GPU performance counters over `perf_event_open` on the amdgpu PMUs:
//! `amdsmi_gpu_counter_group_supported`, `amdsmi_gpu_create_counter`,
//! `amdsmi_gpu_destroy_counter`, `amdsmi_gpu_control_counter`, `amdsmi_gpu_read_counter` and
//! `amdsmi_get_gpu_available_counters`.
//!
//! The kernel side (`drivers/gpu/drm/amd/amdgpu/amdgpu_pmu.c`) registers, per GPU, perf PMUs
//! named after the card's DRM minor N: `amdgpu_df_<N>` (data fabric counters; Vega20) and
//! `amdgpu_<N>` (XGMI link counters; Vega20 and Arcturus). Each appears in sysfs as
//! `/sys/bus/event_source/devices/<pmu>/` with `type` (the dynamic perf type number),
//! `format/<field>` (`config:<first>-<last>`) and `events/<event>` (`event=0x7,instance=0x46,...`);
//! [`pmu`] turns those into a `perf_event_attr.config`. AMD SMI's group `XGMI` is the
//! `amdgpu_df_<N>` PMU (its `cake*` events), `XGMI_DATA_OUT` the `amdgpu_<N>` PMU (its
//! `xgmi_link<i>_data_outbound` events). The number of free data fabric counters is the
//! device's `df_cntr_avail`.
//!
//! Everything goes through one narrow trait, [`PerfTransport`]: [`open`] gives the real
//! `perf_event_open` when the PMU directory is on sysfs, and a scripted responder when the PMU
//! directory holds a regular file `scripted_counters` (fixture roots, `fixtures` feature; see
//! `scripted` and `fixtures/README.md`, "Scripted PMU counters"), so create, start, read, stop
//! and destroy are tested without a GPU.

mod perf;
#[cfg(feature = "fixtures")]
pub mod scripted;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::context::ProcessorHandle;
use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;
use crate::parse::pmu;
use crate::sysfs::{self, DeviceNode};

/// Where the perf PMUs are, as a kernel path.
pub const EVENT_SOURCE_DEVICES: &str = "/sys/bus/event_source/devices";

/// The scripted responder's file in a PMU directory (never created by the kernel).
pub const SCRIPTED_COUNTERS: &str = "scripted_counters";

/// A counter group (`AmdSmiEventGroup`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiEventGroup {
    /// Data fabric (XGMI) events: the `amdgpu_df_<N>` PMU.
    #[amd(name = "XGMI")]
    Xgmi = 0,
    /// XGMI outbound data: the `amdgpu_<N>` PMU.
    #[amd(name = "XGMI_DATA_OUT")]
    XgmiDataOut = 10,
    /// No group; never supported.
    #[amd(name = "GRP_INVALID")]
    GrpInvalid = 0xFFFF_FFFF,
}

impl AmdSmiEventGroup {
    /// The PMU name prefix of the group (`amdgpu_df`, `amdgpu`); `None` for `GrpInvalid`.
    pub fn pmu_prefix(self) -> Option<&'static str> {
        match self {
            AmdSmiEventGroup::Xgmi => Some("amdgpu_df"),
            AmdSmiEventGroup::XgmiDataOut => Some("amdgpu"),
            AmdSmiEventGroup::GrpInvalid => None,
        }
    }
}

/// A countable event (`AmdSmiEventType`, AMD's values), with the PMU event file it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiEventType {
    /// NOPs sent to neighbour 0 (`cake0_pcsout_txmeta`).
    #[amd(name = "XGMI_0_NOP_TX")]
    Xgmi0NopTx = 0,
    /// Outgoing requests to neighbour 0 (`cake0_ftiinstat_reqalloc`).
    #[amd(name = "XGMI_0_REQUEST_TX")]
    Xgmi0RequestTx = 1,
    /// Outgoing responses to neighbour 0 (`cake0_ftiinstat_rspalloc`).
    #[amd(name = "XGMI_0_RESPONSE_TX")]
    Xgmi0ResponseTx = 2,
    /// Data beats sent to neighbour 0, 32 bytes each (`cake0_pcsout_txdata`).
    #[amd(name = "XGMI_0_BEATS_TX")]
    Xgmi0BeatsTx = 3,
    /// NOPs sent to neighbour 1 (`cake1_pcsout_txmeta`).
    #[amd(name = "XGMI_1_NOP_TX")]
    Xgmi1NopTx = 4,
    /// Outgoing requests to neighbour 1 (`cake1_ftiinstat_reqalloc`).
    #[amd(name = "XGMI_1_REQUEST_TX")]
    Xgmi1RequestTx = 5,
    /// Outgoing responses to neighbour 1 (`cake1_ftiinstat_rspalloc`).
    #[amd(name = "XGMI_1_RESPONSE_TX")]
    Xgmi1ResponseTx = 6,
    /// Data beats sent to neighbour 1, 32 bytes each (`cake1_pcsout_txdata`).
    #[amd(name = "XGMI_1_BEATS_TX")]
    Xgmi1BeatsTx = 7,
    /// Outbound data beats on XGMI link 0, 32 bytes each (`xgmi_link0_data_outbound`).
    #[amd(name = "XGMI_DATA_OUT_0")]
    XgmiDataOut0 = 10,
    /// Outbound data beats on XGMI link 1 (`xgmi_link1_data_outbound`).
    #[amd(name = "XGMI_DATA_OUT_1")]
    XgmiDataOut1 = 11,
    /// Outbound data beats on XGMI link 2 (`xgmi_link2_data_outbound`).
    #[amd(name = "XGMI_DATA_OUT_2")]
    XgmiDataOut2 = 12,
    /// Outbound data beats on XGMI link 3 (`xgmi_link3_data_outbound`).
    #[amd(name = "XGMI_DATA_OUT_3")]
    XgmiDataOut3 = 13,
    /// Outbound data beats on XGMI link 4 (`xgmi_link4_data_outbound`).
    #[amd(name = "XGMI_DATA_OUT_4")]
    XgmiDataOut4 = 14,
    /// Outbound data beats on XGMI link 5 (`xgmi_link5_data_outbound`).
    #[amd(name = "XGMI_DATA_OUT_5")]
    XgmiDataOut5 = 15,
}

impl AmdSmiEventType {
    /// The group the event belongs to.
    pub fn group(self) -> AmdSmiEventGroup {
        if (self as u32) < AmdSmiEventGroup::XgmiDataOut as u32 {
            AmdSmiEventGroup::Xgmi
        } else {
            AmdSmiEventGroup::XgmiDataOut
        }
    }

    /// The PMU's event file (`events/<name>`) that describes the event.
    pub fn event_file(self) -> &'static str {
        match self {
            AmdSmiEventType::Xgmi0NopTx => "cake0_pcsout_txmeta",
            AmdSmiEventType::Xgmi0RequestTx => "cake0_ftiinstat_reqalloc",
            AmdSmiEventType::Xgmi0ResponseTx => "cake0_ftiinstat_rspalloc",
            AmdSmiEventType::Xgmi0BeatsTx => "cake0_pcsout_txdata",
            AmdSmiEventType::Xgmi1NopTx => "cake1_pcsout_txmeta",
            AmdSmiEventType::Xgmi1RequestTx => "cake1_ftiinstat_reqalloc",
            AmdSmiEventType::Xgmi1ResponseTx => "cake1_ftiinstat_rspalloc",
            AmdSmiEventType::Xgmi1BeatsTx => "cake1_pcsout_txdata",
            AmdSmiEventType::XgmiDataOut0 => "xgmi_link0_data_outbound",
            AmdSmiEventType::XgmiDataOut1 => "xgmi_link1_data_outbound",
            AmdSmiEventType::XgmiDataOut2 => "xgmi_link2_data_outbound",
            AmdSmiEventType::XgmiDataOut3 => "xgmi_link3_data_outbound",
            AmdSmiEventType::XgmiDataOut4 => "xgmi_link4_data_outbound",
            AmdSmiEventType::XgmiDataOut5 => "xgmi_link5_data_outbound",
        }
    }
}

/// A counter command (`AmdSmiCounterCommand`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiCounterCommand {
    /// Start counting (PERF_EVENT_IOC_ENABLE); the next read counts from here.
    #[amd(name = "CMD_START")]
    CmdStart = 0,
    /// Stop counting (PERF_EVENT_IOC_DISABLE).
    #[amd(name = "CMD_STOP")]
    CmdStop = 1,
}

/// A counter reading (`amdsmi_counter_value_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CounterValue {
    /// Events counted since the previous read (or since the counter was started), a count.
    pub value: u64,
    /// Time the counter has been enabled since it was created, ns.
    pub time_enabled: u64,
    /// Time the counter has been counting on the PMU since it was created, ns.
    pub time_running: u64,
}

/// What the perf descriptor reads with `read_format` TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PerfReading {
    /// The absolute count since the counter was opened.
    pub value: u64,
    /// Time enabled, ns.
    pub time_enabled: u64,
    /// Time running, ns.
    pub time_running: u64,
}

/// The two `perf_event_attr` fields an amdgpu counter is opened with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PerfAttr {
    /// `type`: the PMU's perf type number (its sysfs `type`).
    pub pmu_type: u32,
    /// `config`: the event, encoded from its event and format files.
    pub config: u64,
}

/// The narrow transport trait: one opened counter (a perf event descriptor, created disabled).
pub trait PerfTransport: Send + fmt::Debug {
    /// PERF_EVENT_IOC_ENABLE.
    fn enable(&mut self) -> Result<()>;
    /// PERF_EVENT_IOC_DISABLE.
    fn disable(&mut self) -> Result<()>;
    /// Reads the count and times.
    fn read(&mut self) -> Result<PerfReading>;
}

/// Opens a counter of the PMU at `pmu_dir`. `perf_event_open` has no device node, so the PMU's
/// node is its [`SCRIPTED_COUNTERS`] file, picked by [`sysfs::device_node`] as every other
/// transport: a regular file is the scripted responder; else a PMU directory on sysfs gets
/// `perf_event_open`; else NOT_SUPPORTED (a PMU description with no kernel behind it).
pub fn open(pmu_dir: &Path, attr: PerfAttr) -> Result<Box<dyn PerfTransport>> {
    let script = pmu_dir.join(SCRIPTED_COUNTERS);
    if sysfs::exists(&script) {
        match sysfs::device_node(&script, Status::NotSupported)? {
            #[cfg(feature = "fixtures")]
            DeviceNode::Fixture => return Ok(Box::new(scripted::ScriptedCounter::open(&script, attr)?)),
            DeviceNode::Device => {}
        }
    }
    if perf::on_sysfs(pmu_dir) {
        return Ok(Box::new(perf::PerfCounter::open(pmu_dir, attr)?));
    }
    Err(Error::new(Status::NotSupported)
        .with_path(pmu_dir)
        .with_detail(format!("not on sysfs and no {SCRIPTED_COUNTERS}")))
}

/// An open counter (`amdsmi_event_handle_t`): created disabled, started and stopped with
/// [`EventHandle::control`], read with [`EventHandle::read`], closed by
/// [`EventHandle::destroy`] or when dropped.
#[derive(Debug)]
pub struct EventHandle {
    processor_handle: ProcessorHandle,
    event_type: AmdSmiEventType,
    counter: Box<dyn PerfTransport>,
    /// The absolute count at the last start or read.
    previous: u64,
}

/// A read value above this (2^48 - 1) is taken as a counter wrap and read again, as AMD SMI does.
const MAX_PLAUSIBLE_DELTA: u64 = 0xFFFF_FFFF_FFFF;

impl EventHandle {
    /// The GPU the counter counts on.
    pub fn processor_handle(&self) -> ProcessorHandle {
        self.processor_handle
    }

    /// The event counted.
    pub fn event_type(&self) -> AmdSmiEventType {
        self.event_type
    }

    /// Starts or stops the counter. Starting records the current count, so the next read
    /// returns the events counted since the start.
    #[doc(alias = "amdsmi_gpu_control_counter")]
    pub fn control(&mut self, counter_command: AmdSmiCounterCommand) -> Result<()> {
        match counter_command {
            AmdSmiCounterCommand::CmdStart => {
                self.previous = self.counter.read()?.value;
                self.counter.enable()
            }
            AmdSmiCounterCommand::CmdStop => self.counter.disable(),
        }
    }

    /// The events counted since the previous read or start, and the counter's times.
    #[doc(alias = "amdsmi_gpu_read_counter")]
    pub fn read(&mut self) -> Result<CounterValue> {
        let mut value = self.delta()?;
        if value.value > MAX_PLAUSIBLE_DELTA {
            value = self.delta()?;
        }
        Ok(value)
    }

    fn delta(&mut self) -> Result<CounterValue> {
        let reading = self.counter.read()?;
        let value = reading.value.wrapping_sub(self.previous);
        self.previous = reading.value;
        Ok(CounterValue { value, time_enabled: reading.time_enabled, time_running: reading.time_running })
    }

    /// Stops the counter and closes it.
    #[doc(alias = "amdsmi_gpu_destroy_counter")]
    pub fn destroy(mut self) -> Result<()> {
        self.counter.disable()
    }
}

/// The PMU directory of a group on a GPU, `<prefix>_<card minor>`, when it exists; else
/// NOT_SUPPORTED (with the path looked for).
fn pmu_dir(gpu: &Gpu<'_>, group: AmdSmiEventGroup) -> Result<PathBuf> {
    let prefix = group
        .pmu_prefix()
        .ok_or_else(|| Error::new(Status::NotSupported).with_detail("GRP_INVALID is no counter group"))?;
    let card = gpu.device().card()?;
    let dir = gpu.root().path(EVENT_SOURCE_DEVICES).join(format!("{prefix}_{card}"));
    if !sysfs::is_dir(&dir) {
        return Err(Error::new(Status::NotSupported).with_path(&dir).with_detail("no such PMU"));
    }
    Ok(dir)
}

impl Gpu<'_> {
    /// Whether the GPU has the group's PMU (`Ok`), or NOT_SUPPORTED (with the PMU path it looked for).
    #[doc(alias = "amdsmi_gpu_counter_group_supported")]
    pub fn counter_group_supported(&self, event_group: AmdSmiEventGroup) -> Result<()> {
        pmu_dir(self, event_group).map(drop)
    }

    /// How many data fabric counters are free (`df_cntr_avail`), for either group; INVAL for
    /// `GRP_INVALID`, NOT_SUPPORTED when the device has no `df_cntr_avail` or reports `u32::MAX`.
    #[doc(alias = "amdsmi_get_gpu_available_counters")]
    pub fn available_counters(&self, event_group: AmdSmiEventGroup) -> Result<u32> {
        let gpu = self.device();
        if event_group == AmdSmiEventGroup::GrpInvalid {
            return Err(Error::parameter("GRP_INVALID is no counter group"));
        }
        let path = gpu.attr("df_cntr_avail");
        let available: u64 = sysfs::read_number(&path)?;
        u32::try_from(available).ok().filter(|&n| n != u32::MAX).ok_or_else(|| {
            Error::new(Status::NotSupported).with_path(&path).with_detail(format!("{available} counters"))
        })
    }

    /// Opens a counter of `event_type` on the GPU, disabled: reads the PMU's `type`, the event's
    /// file and the format of each of its terms, and opens the perf event. NOT_SUPPORTED when
    /// the GPU has no PMU of the event's group or the PMU no such event; UNEXPECTED_DATA (with
    /// the path) when a file does not parse or a value does not fit its field.
    #[doc(alias = "amdsmi_gpu_create_counter")]
    pub fn create_counter(&self, event_type: AmdSmiEventType) -> Result<EventHandle> {
        let dir = pmu_dir(self, event_type.group())?;
        let pmu_type: u32 = sysfs::read_number(&dir.join("type"))?;
        let event_path = dir.join("events").join(event_type.event_file());
        let spec = sysfs::read_parsed(&event_path, pmu::parse_event_spec)?;
        let format_dir = dir.join("format");
        let mut format_error = None;
        let config = pmu::encode_config(&spec, |name| {
            let path = format_dir.join(name);
            sysfs::read_parsed(&path, pmu::parse_format).map_err(|e| format_error = Some(e)).ok()
        })
        .map_err(|detail| format_error.take().unwrap_or_else(|| Error::unexpected_data(&event_path, detail)))?;
        let counter = open(&dir, PerfAttr { pmu_type, config })?;
        Ok(EventHandle { processor_handle: self.handle(), event_type, counter, previous: 0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_have_amd_values_and_groups() {
        assert_eq!(AmdSmiEventType::ALL.map(|t| t as u32), [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15]);
        assert!(AmdSmiEventType::ALL[..8].iter().all(|t| t.group() == AmdSmiEventGroup::Xgmi));
        assert!(AmdSmiEventType::ALL[8..].iter().all(|t| t.group() == AmdSmiEventGroup::XgmiDataOut));
        assert_eq!(AmdSmiEventGroup::ALL.map(|g| g as u32), [0, 10, u32::MAX]);
        assert_eq!((AmdSmiCounterCommand::CmdStart as u32, AmdSmiCounterCommand::CmdStop as u32), (0, 1));
        assert_eq!(AmdSmiEventType::XgmiDataOut3.name(), "XGMI_DATA_OUT_3");
        assert_eq!(AmdSmiEventType::Xgmi1BeatsTx.event_file(), "cake1_pcsout_txdata");
        assert_eq!(AmdSmiEventGroup::GrpInvalid.pmu_prefix(), None);
    }

    #[test]
    fn open_needs_sysfs_or_a_script() {
        let dir = tempfile::tempdir().unwrap();
        let err = open(dir.path(), PerfAttr { pmu_type: 8, config: 0 }).unwrap_err();
        assert_eq!((err.status(), err.path()), (Status::NotSupported, Some(dir.path())));
    }
}

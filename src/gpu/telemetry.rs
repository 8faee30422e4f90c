//! Telemetry served from the `gpu_metrics` blob (one read per call, then only the fields the call
//! needs, through [`metrics::MetricsView`]), completed from hwmon and `pp_dpm_*` where AMD SMI's
//! older paths read those: power, energy, activity, current clocks, the PCIe link, utilization
//! counters.

use crate::error::{Error, Result, Status};
use crate::gpu::clock::AmdSmiClkType;
use crate::gpu::device::GpuDevice;
use crate::gpu::metrics::{self, GpuMetrics, MetricsHeader, MetricsView};
use crate::gpu::Gpu;
use crate::parse;
use crate::sysfs;

/// Energy counter resolution, µJ per count (AMD SMI's `kEnergyCounterResolution`).
pub const ENERGY_COUNTER_RESOLUTION: f32 = 15.3;

/// Power readings (`amdsmi_get_power_info`): W and mV.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PowerInfo {
    /// Socket power, W: the current power, else the average.
    pub socket_power: Option<u64>,
    /// Current socket power, W (MI300+: `gpu_metrics`; else hwmon `power1_input`).
    pub current_socket_power: Option<u64>,
    /// Average socket power, W (Navi, MI200 and earlier: `gpu_metrics`; else hwmon `power1_average`).
    pub average_socket_power: Option<u64>,
    /// GFX voltage, mV.
    pub gfx_voltage: Option<u64>,
    /// SoC voltage, mV.
    pub soc_voltage: Option<u64>,
    /// Memory voltage, mV.
    pub mem_voltage: Option<u64>,
    /// Power limit, W (hwmon `power1_cap`).
    pub power_limit: Option<u64>,
}

/// The energy accumulator (`amdsmi_get_energy_count`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EnergyCount {
    /// The accumulator again, under its pre-6.4 name (deprecated by AMD).
    pub power: u64,
    /// Energy since the last reset, in counts of `counter_resolution` µJ.
    pub energy_accumulator: u64,
    /// µJ per count.
    pub counter_resolution: f32,
    /// When the accumulator was read, ns (`system_clock_counter`).
    pub timestamp: Option<u64>,
}

/// Engine activity (`amdsmi_get_gpu_activity`), %.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EngineUsage {
    /// Graphics engine, % (0-100).
    pub gfx_activity: Option<u16>,
    /// Memory controller, % (0-100).
    pub umc_activity: Option<u16>,
    /// Multimedia engines, % (0-100).
    pub mm_activity: Option<u16>,
}

/// A clock's current, minimum and maximum (`amdsmi_get_clock_info`), MHz.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ClockInfo {
    /// Current clock, MHz (`gpu_metrics`, else the current `pp_dpm_*` level).
    pub clk: Option<u32>,
    /// Lowest DPM level, MHz.
    pub min_clk: Option<u32>,
    /// Highest DPM level, MHz.
    pub max_clk: Option<u32>,
    /// Whether the GFX clock is locked (GFX only: `gfxclk_lock_status` bit 0).
    pub clk_locked: Option<bool>,
    /// Whether the clock is in deep sleep (its `S:` level is the current one).
    pub clk_deep_sleep: Option<bool>,
}

/// Static PCIe capabilities.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PcieStatic {
    /// Maximum lanes (`max_link_width`).
    pub max_pcie_width: Option<u32>,
    /// Maximum speed, MT/s (`max_link_speed`, e.g. `16.0 GT/s PCIe` → 16000).
    pub max_pcie_speed: Option<u32>,
    /// PCIe generation of the maximum speed (1-6).
    pub pcie_interface_version: Option<u32>,
    /// Slot form factor (OAM, CEM, ...), not exposed by the kernel files read here: N/A.
    pub slot_type: Option<String>,
}

/// Current PCIe link state and counters.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PcieMetric {
    /// Current lanes.
    pub pcie_width: Option<u32>,
    /// Current speed, MT/s.
    pub pcie_speed: Option<u32>,
    /// Instantaneous bandwidth, Mb/s.
    pub pcie_bandwidth: Option<u64>,
    /// Replays (NAKs), accumulated.
    pub pcie_replay_count: Option<u64>,
    /// L0-to-recovery transitions, accumulated.
    pub pcie_l0_to_recovery_count: Option<u64>,
    /// Replay rollovers, accumulated.
    pub pcie_replay_roll_over_count: Option<u64>,
    /// NAKs sent, accumulated.
    pub pcie_nak_sent_count: Option<u64>,
    /// NAKs received, accumulated.
    pub pcie_nak_received_count: Option<u64>,
}

/// PCIe capabilities and state (`amdsmi_get_pcie_info`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PcieInfo {
    /// What the link can do.
    pub pcie_static: PcieStatic,
    /// What it does now.
    pub pcie_metric: PcieMetric,
}

/// A utilization counter (`AmdSmiUtilizationCounterType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiUtilizationCounterType {
    /// Accumulated GFX activity (`gpu_metrics` `gfx_activity_acc`).
    #[amd(name = "AMDSMI_COARSE_GRAIN_GFX_ACTIVITY")]
    CoarseGrainGfxActivity = 0,
    /// Accumulated memory activity (`gpu_metrics` `mem_activity_acc`).
    #[amd(name = "AMDSMI_COARSE_GRAIN_MEM_ACTIVITY")]
    CoarseGrainMemActivity = 1,
    /// Accumulated decoder activity (no `gpu_metrics` field holds it: NOT_SUPPORTED).
    #[amd(name = "AMDSMI_COARSE_DECODER_ACTIVITY")]
    CoarseDecoderActivity = 2,
}

/// One counter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UtilizationCounter {
    /// Which counter.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub counter_type: AmdSmiUtilizationCounterType,
    /// Its accumulated value (% × samples).
    pub value: u64,
}

/// Utilization counters and when they were read (`amdsmi_get_utilization_count`).
///
/// Serializes as AMD SMI's Python list: `[{"timestamp": ns}, {"type": ..., "value": ...}, ...]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UtilizationCounts {
    /// When the counters were read, ns (`gpu_metrics` `system_clock_counter`).
    pub timestamp: u64,
    /// The requested counters, duplicates removed, in request order.
    pub counters: Vec<UtilizationCounter>,
}

#[cfg(feature = "serde")]
impl serde::Serialize for UtilizationCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        #[derive(serde::Serialize)]
        struct Timestamp {
            timestamp: u64,
        }
        let mut seq = s.serialize_seq(Some(self.counters.len() + 1))?;
        seq.serialize_element(&Timestamp { timestamp: self.timestamp })?;
        for counter in &self.counters {
            seq.serialize_element(counter)?;
        }
        seq.end()
    }
}

/// The PCIe generation of a speed in MT/s.
pub fn pcie_generation(mts: u32) -> Option<u32> {
    match mts {
        2500 => Some(1),
        5000 => Some(2),
        8000 => Some(3),
        16000 => Some(4),
        32000 => Some(5),
        64000 => Some(6),
        _ => None,
    }
}

/// `gpu_metrics` `pcie_link_speed` in MT/s: values up to 6 are a generation index (some ASICs),
/// others are in 0.1 GT/s, as AMD SMI interprets them.
pub fn metrics_link_speed_mts(value: u16) -> Option<u32> {
    const BY_GEN: [u32; 7] = [0, 2500, 5000, 8000, 16000, 32000, 64000];
    match value {
        0 => None,
        1..=6 => BY_GEN.get(usize::from(value)).copied(),
        v => Some(u32::from(v) * 100),
    }
}

/// An activity percentage, `None` above 100 as AMD SMI's Python layer treats it.
fn percent(value: Option<u16>) -> Option<u16> {
    value.filter(|&v| v <= 100)
}

/// The device attribute holding the `gpu_metrics` blob (a polled file).
const METRICS_FILE: &str = "gpu_metrics";
/// The device attribute holding the GFX engine's busy time, %.
const BUSY_FILE: &str = "gpu_busy_percent";
/// The polled files read here, whose descriptors the device keeps.
pub(crate) const POLLED_FILES: [&str; 2] = [METRICS_FILE, BUSY_FILE];

/// A `gpu_metrics` blob read from sysfs, validated, its fields read on demand.
pub type Metrics = MetricsView<Vec<u8>>;

impl GpuDevice {
    /// This GPU's `gpu_metrics`, read once and validated ([`metrics::parse_owned`]); errors carry
    /// the path.
    pub fn metrics_view(&self) -> Result<Metrics> {
        self.read_polled(METRICS_FILE, metrics::parse_owned)
    }

    /// `f` of this GPU's `gpu_metrics`, read and validated where it was read
    /// ([`metrics::parse`]): nothing is copied.
    pub fn with_metrics<T>(&self, f: impl FnOnce(&MetricsView<&[u8]>) -> T) -> Result<T> {
        self.read_polled(METRICS_FILE, |bytes| metrics::parse(bytes).map(|m| f(&m)))
    }

    /// This GPU's `gpu_metrics`, every field normalized ([`metrics::decode`]).
    pub fn metrics(&self) -> Result<GpuMetrics> {
        self.read_polled(METRICS_FILE, metrics::decode)
    }
}

impl Gpu<'_> {
    /// The decoded `gpu_metrics` blob.
    #[doc(alias = "amdsmi_get_gpu_metrics_info")]
    pub fn metrics_info(&self) -> Result<GpuMetrics> {
        self.device().metrics()
    }

    /// The 4-byte header of `gpu_metrics` (`struct metrics_table_header`): the size in bytes
    /// of the structure the kernel filled, and its format and content revisions. Fewer than 4
    /// bytes is UNEXPECTED_SIZE; the rest of the blob is not decoded (AMD SMI's
    /// `rsmi_dev_metrics_header_info_get` reads the header alone too).
    #[doc(alias = "amdsmi_get_gpu_metrics_header_info")]
    pub fn metrics_header_info(&self) -> Result<MetricsHeader> {
        self.device().read_polled(METRICS_FILE, metrics::header)
    }

    /// The GFX engine's busy time, % (the device's `gpu_busy_percent`, as AMD SMI's
    /// `rsmi_dev_busy_percent_get` reads it). NOT_SUPPORTED without the file; a value above 100
    /// is UNEXPECTED_DATA.
    #[doc(alias = "amdsmi_get_gpu_busy_percent")]
    pub fn busy_percent(&self) -> Result<u32> {
        let value = self.device().read_polled_u64(BUSY_FILE)?;
        u32::try_from(value).ok().filter(|&v| v <= 100).ok_or_else(|| {
            Error::unexpected_data(&self.device().attr(BUSY_FILE), format!("{value} is not a percentage"))
        })
    }

    /// Socket power, voltages and the power limit.
    #[doc(alias = "amdsmi_get_power_info")]
    pub fn power_info(&self) -> Result<PowerInfo> {
        let gpu = self.device();
        // gpu_metrics: current and average socket power (W), GFX, SoC and memory voltages (mV).
        // hwmon stands in for a GPU without `gpu_metrics`, not for one that went away.
        let m = gpu.part(|| {
            gpu.with_metrics(|m| {
                [m.current_socket_power(), m.average_socket_power(), m.voltage_gfx(), m.voltage_soc(), m.voltage_mem()]
                    .map(|v| v.map(u64::from))
            })
        })?;
        let [current, average, gfx, soc, mem] = m.unwrap_or_default();
        // hwmon power attributes (µW) in W; one the directory does not hold costs a look-up.
        let hwmon = gpu.hwmon().ok();
        let watts = |name: &str| Some(hwmon?.try_read_integer(name, parse::parse_u64)?.ok()? / 1_000_000);
        let current = current.or_else(|| watts("power1_input"));
        let average = average.or_else(|| watts("power1_average"));
        let info = PowerInfo {
            socket_power: current.or(average),
            current_socket_power: current,
            average_socket_power: average,
            gfx_voltage: gfx,
            soc_voltage: soc,
            mem_voltage: mem,
            power_limit: watts("power1_cap"),
        };
        if info.socket_power.is_none() && info.power_limit.is_none() && m.is_none() {
            return Err(Error::new(Status::NotSupported).with_path(&gpu.attr(METRICS_FILE)));
        }
        Ok(info)
    }

    /// The energy accumulator and when it was read.
    #[doc(alias = "amdsmi_get_energy_count")]
    pub fn energy_count(&self) -> Result<EnergyCount> {
        let (energy, timestamp) = self.device().with_metrics(|m| (m.energy_accumulator(), m.system_clock_counter()))?;
        let energy = energy
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail("gpu_metrics has no energy accumulator"))?;
        Ok(EnergyCount {
            power: energy,
            energy_accumulator: energy,
            counter_resolution: ENERGY_COUNTER_RESOLUTION,
            timestamp,
        })
    }

    /// GFX, memory and multimedia activity, %.
    #[doc(alias = "amdsmi_get_gpu_activity")]
    pub fn activity(&self) -> Result<EngineUsage> {
        self.device().with_metrics(|m| EngineUsage {
            gfx_activity: percent(m.average_gfx_activity()),
            umc_activity: percent(m.average_umc_activity()),
            mm_activity: percent(m.average_mm_activity()),
        })
    }

    /// Accumulated GFX / memory activity counters; INVAL for an empty request, NOT_SUPPORTED when a
    /// requested counter is not available.
    #[doc(alias = "amdsmi_get_utilization_count")]
    pub fn utilization_count(&self, counter_types: &[AmdSmiUtilizationCounterType]) -> Result<UtilizationCounts> {
        if counter_types.is_empty() {
            return Err(Error::parameter("no utilization counter requested"));
        }
        let m = self.device().metrics_view()?;
        let mut counters: Vec<UtilizationCounter> = Vec::new();
        for &counter_type in counter_types {
            if counters.iter().any(|c| c.counter_type == counter_type) {
                continue;
            }
            let value = match counter_type {
                AmdSmiUtilizationCounterType::CoarseGrainGfxActivity => m.gfx_activity_acc(),
                AmdSmiUtilizationCounterType::CoarseGrainMemActivity => m.mem_activity_acc(),
                AmdSmiUtilizationCounterType::CoarseDecoderActivity => None,
            };
            let value = value.ok_or_else(|| {
                Error::new(Status::NotSupported).with_detail(format!("{counter_type:?} not in gpu_metrics"))
            })?;
            counters.push(UtilizationCounter { counter_type, value: u64::from(value) });
        }
        let timestamp = m
            .system_clock_counter()
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail("gpu_metrics has no timestamp"))?;
        Ok(UtilizationCounts { timestamp, counters })
    }

    /// A clock's current value (`gpu_metrics`, else the current DPM level), its DPM range and
    /// deep-sleep state, MHz.
    #[doc(alias = "amdsmi_get_clock_info")]
    pub fn clock_info(&self, clk_type: AmdSmiClkType) -> Result<ClockInfo> {
        let gpu = self.device();
        // A GPU without `gpu_metrics` reads its DPM tables alone; one that went away is the error.
        let m = gpu.part(|| gpu.metrics_view())?;
        let from_metrics = m.as_ref().and_then(|m| match clk_type {
            AmdSmiClkType::Sys => m.current_gfxclk(),
            AmdSmiClkType::Soc => m.current_socclk(),
            AmdSmiClkType::Mem => m.current_uclk(),
            AmdSmiClkType::Vclk0 => m.current_vclk0(),
            AmdSmiClkType::Vclk1 => m.current_vclk1(),
            AmdSmiClkType::Dclk0 => m.current_dclk0(),
            AmdSmiClkType::Dclk1 => m.current_dclk1(),
            AmdSmiClkType::Df | AmdSmiClkType::Dcef | AmdSmiClkType::Pcie => None,
        });
        let table = gpu.dpm_table(clk_type).ok();
        let levels: Vec<u32> = table.iter().flat_map(|t| t.levels.iter().filter_map(|l| l.mhz)).collect();
        let from_table = table.as_ref().and_then(|t| t.levels.get(t.current?)?.mhz);
        // The current DPM level stands in for a GPU without `gpu_metrics` or a clock it does not
        // report.
        let info = ClockInfo {
            clk: from_metrics.map(u32::from).or(from_table),
            min_clk: levels.iter().min().copied(),
            max_clk: levels.iter().max().copied(),
            clk_locked: match clk_type {
                AmdSmiClkType::Sys => m.as_ref().and_then(Metrics::gfxclk_lock_status).map(|s| s & 1 == 1),
                _ => None,
            },
            clk_deep_sleep: table.as_ref().filter(|t| t.deep_sleep_mhz.is_some()).map(|t| t.sleeping),
        };
        if info.clk.is_none() && info.max_clk.is_none() {
            return Err(Error::new(Status::NotSupported).with_path(&gpu.attr(clk_type.dpm_file())));
        }
        Ok(info)
    }

    /// PCIe capabilities (`max_link_*`) and state (`gpu_metrics`, else `current_link_*`).
    #[doc(alias = "amdsmi_get_pcie_info")]
    pub fn pcie_info(&self) -> Result<PcieInfo> {
        let gpu = self.device();
        // The `current_link_*` files stand in for a GPU without `gpu_metrics`, not for one that
        // went away.
        let m = gpu.part(|| gpu.metrics_view())?;
        let width = |name: &str| sysfs::read_number::<u32>(&gpu.attr(name)).ok();
        let speed = |name: &str| gpu.read_text(name).ok().and_then(|t| parse::pcie::link_speed_mts(&t).ok());
        let max_speed = speed("max_link_speed");
        let acc = |f: fn(&Metrics) -> Option<u64>| m.as_ref().and_then(f);
        let nak = |f: fn(&Metrics) -> Option<u32>| m.as_ref().and_then(f).map(u64::from);
        let info = PcieInfo {
            pcie_static: PcieStatic {
                max_pcie_width: width("max_link_width"),
                max_pcie_speed: max_speed,
                pcie_interface_version: max_speed.and_then(pcie_generation),
                slot_type: None,
            },
            pcie_metric: PcieMetric {
                pcie_width: m
                    .as_ref()
                    .and_then(Metrics::pcie_link_width)
                    .map(u32::from)
                    .or_else(|| width("current_link_width")),
                pcie_speed: m
                    .as_ref()
                    .and_then(Metrics::pcie_link_speed)
                    .and_then(metrics_link_speed_mts)
                    .or_else(|| speed("current_link_speed")),
                pcie_bandwidth: acc(Metrics::pcie_bandwidth_inst),
                pcie_replay_count: acc(Metrics::pcie_replay_count_acc)
                    .or_else(|| gpu.read_u64("pcie_replay_count").ok()),
                pcie_l0_to_recovery_count: acc(Metrics::pcie_l0_to_recov_count_acc),
                pcie_replay_roll_over_count: acc(Metrics::pcie_replay_rover_count_acc),
                pcie_nak_sent_count: nak(Metrics::pcie_nak_sent_count_acc),
                pcie_nak_received_count: nak(Metrics::pcie_nak_rcvd_count_acc),
            },
        };
        if info.pcie_static.max_pcie_width.is_none() && info.pcie_metric.pcie_width.is_none() {
            return Err(Error::new(Status::NotSupported).with_path(&gpu.attr("max_link_width")));
        }
        Ok(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_speeds() {
        assert_eq!(pcie_generation(32000), Some(5));
        assert_eq!(pcie_generation(1234), None);
        assert_eq!(metrics_link_speed_mts(4), Some(16000));
        assert_eq!(metrics_link_speed_mts(160), Some(16000));
        assert_eq!(metrics_link_speed_mts(0), None);
        assert_eq!(percent(Some(101)), None);
        assert_eq!(percent(Some(64)), Some(64));
    }
}

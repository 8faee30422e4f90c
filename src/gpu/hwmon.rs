//! hwmon sensors of a GPU: temperatures, voltages and fans.
//!
//! Channels are chosen by their `tempN_label` / `inN_label` (`edge`, `junction`, `mem`, `vddgfx`,
//! `vddboard`), never by number: MI300 has no `temp1`, and channel numbers differ by ASIC.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;
use crate::parse;
use crate::sysfs;

/// A temperature sensor (`AmdSmiTemperatureType`, AMD's values). `HOTSPOT` is `JUNCTION`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AmdSmiTemperatureType {
    /// Edge of the die (hwmon label `edge`).
    Edge = 0,
    /// Hottest point of the die (hwmon label `junction`).
    Junction = 1,
    /// Memory (hwmon label `mem`).
    Vram = 2,
    /// HBM stack 0 (from `gpu_metrics`).
    Hbm0 = 3,
    /// HBM stack 1 (from `gpu_metrics`).
    Hbm1 = 4,
    /// HBM stack 2 (from `gpu_metrics`).
    Hbm2 = 5,
    /// HBM stack 3 (from `gpu_metrics`).
    Hbm3 = 6,
    /// PCIe switch (from `gpu_metrics` `temperature_vrsoc`).
    Plx = 7,
}

impl AmdSmiTemperatureType {
    /// The sensors read from hwmon, in AMD's order.
    pub const HWMON: [AmdSmiTemperatureType; 3] =
        [AmdSmiTemperatureType::Edge, AmdSmiTemperatureType::Junction, AmdSmiTemperatureType::Vram];

    /// The sensors read from `gpu_metrics` (current value only), in AMD's order.
    pub const METRICS: [AmdSmiTemperatureType; 5] = [
        AmdSmiTemperatureType::Hbm0,
        AmdSmiTemperatureType::Hbm1,
        AmdSmiTemperatureType::Hbm2,
        AmdSmiTemperatureType::Hbm3,
        AmdSmiTemperatureType::Plx,
    ];

    /// AMD's name without the prefix.
    pub fn name(self) -> &'static str {
        match self {
            AmdSmiTemperatureType::Edge => "EDGE",
            AmdSmiTemperatureType::Junction => "JUNCTION",
            AmdSmiTemperatureType::Vram => "VRAM",
            AmdSmiTemperatureType::Hbm0 => "HBM_0",
            AmdSmiTemperatureType::Hbm1 => "HBM_1",
            AmdSmiTemperatureType::Hbm2 => "HBM_2",
            AmdSmiTemperatureType::Hbm3 => "HBM_3",
            AmdSmiTemperatureType::Plx => "PLX",
        }
    }

    fn hwmon_label(self) -> Option<&'static str> {
        match self {
            AmdSmiTemperatureType::Edge => Some("edge"),
            AmdSmiTemperatureType::Junction => Some("junction"),
            AmdSmiTemperatureType::Vram => Some("mem"),
            _ => None,
        }
    }
}

/// Which temperature value (`AmdSmiTemperatureMetric`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum AmdSmiTemperatureMetric {
    Current = 0,
    Max = 1,
    Min = 2,
    MaxHyst = 3,
    MinHyst = 4,
    Critical = 5,
    CriticalHyst = 6,
    Emergency = 7,
    EmergencyHyst = 8,
    CritMin = 9,
    CritMinHyst = 10,
    Offset = 11,
    Lowest = 12,
    Highest = 13,
    Shutdown = 14,
}

impl AmdSmiTemperatureMetric {
    /// Every metric, in AMD's order.
    pub const ALL: [AmdSmiTemperatureMetric; 15] = [
        AmdSmiTemperatureMetric::Current,
        AmdSmiTemperatureMetric::Max,
        AmdSmiTemperatureMetric::Min,
        AmdSmiTemperatureMetric::MaxHyst,
        AmdSmiTemperatureMetric::MinHyst,
        AmdSmiTemperatureMetric::Critical,
        AmdSmiTemperatureMetric::CriticalHyst,
        AmdSmiTemperatureMetric::Emergency,
        AmdSmiTemperatureMetric::EmergencyHyst,
        AmdSmiTemperatureMetric::CritMin,
        AmdSmiTemperatureMetric::CritMinHyst,
        AmdSmiTemperatureMetric::Offset,
        AmdSmiTemperatureMetric::Lowest,
        AmdSmiTemperatureMetric::Highest,
        AmdSmiTemperatureMetric::Shutdown,
    ];

    /// AMD's name without the prefix (`CURRENT`, `CRITICAL`, ...).
    pub fn name(self) -> &'static str {
        match self {
            AmdSmiTemperatureMetric::Current => "CURRENT",
            AmdSmiTemperatureMetric::Max => "MAX",
            AmdSmiTemperatureMetric::Min => "MIN",
            AmdSmiTemperatureMetric::MaxHyst => "MAX_HYST",
            AmdSmiTemperatureMetric::MinHyst => "MIN_HYST",
            AmdSmiTemperatureMetric::Critical => "CRITICAL",
            AmdSmiTemperatureMetric::CriticalHyst => "CRITICAL_HYST",
            AmdSmiTemperatureMetric::Emergency => "EMERGENCY",
            AmdSmiTemperatureMetric::EmergencyHyst => "EMERGENCY_HYST",
            AmdSmiTemperatureMetric::CritMin => "CRIT_MIN",
            AmdSmiTemperatureMetric::CritMinHyst => "CRIT_MIN_HYST",
            AmdSmiTemperatureMetric::Offset => "OFFSET",
            AmdSmiTemperatureMetric::Lowest => "LOWEST",
            AmdSmiTemperatureMetric::Highest => "HIGHEST",
            AmdSmiTemperatureMetric::Shutdown => "SHUTDOWN",
        }
    }

    /// The hwmon attribute suffix; the kernel has none for SHUTDOWN.
    fn suffix(self) -> Option<&'static str> {
        Some(match self {
            AmdSmiTemperatureMetric::Current => "input",
            AmdSmiTemperatureMetric::Max => "max",
            AmdSmiTemperatureMetric::Min => "min",
            AmdSmiTemperatureMetric::MaxHyst => "max_hyst",
            AmdSmiTemperatureMetric::MinHyst => "min_hyst",
            AmdSmiTemperatureMetric::Critical => "crit",
            AmdSmiTemperatureMetric::CriticalHyst => "crit_hyst",
            AmdSmiTemperatureMetric::Emergency => "emergency",
            AmdSmiTemperatureMetric::EmergencyHyst => "emergency_hyst",
            AmdSmiTemperatureMetric::CritMin => "lcrit",
            AmdSmiTemperatureMetric::CritMinHyst => "lcrit_hyst",
            AmdSmiTemperatureMetric::Offset => "offset",
            AmdSmiTemperatureMetric::Lowest => "lowest",
            AmdSmiTemperatureMetric::Highest => "highest",
            AmdSmiTemperatureMetric::Shutdown => return None,
        })
    }
}

/// A voltage rail (`AmdSmiVoltageType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AmdSmiVoltageType {
    /// Graphics core (hwmon label `vddgfx`).
    Vddgfx = 0,
    /// Whole board (hwmon label `vddboard`, MI300+).
    Vddboard = 1,
}

/// Which voltage value (`AmdSmiVoltageMetric`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum AmdSmiVoltageMetric {
    Current = 0,
    Max = 1,
    MinCrit = 2,
    Min = 3,
    MaxCrit = 4,
    Average = 5,
    Lowest = 6,
    Highest = 7,
}

impl AmdSmiVoltageType {
    /// Every rail, in AMD's order.
    pub const ALL: [AmdSmiVoltageType; 2] = [AmdSmiVoltageType::Vddgfx, AmdSmiVoltageType::Vddboard];

    /// AMD's name without the prefix.
    pub fn name(self) -> &'static str {
        match self {
            AmdSmiVoltageType::Vddgfx => "VDDGFX",
            AmdSmiVoltageType::Vddboard => "VDDBOARD",
        }
    }
}

impl AmdSmiVoltageMetric {
    /// Every metric, in AMD's order.
    pub const ALL: [AmdSmiVoltageMetric; 8] = [
        AmdSmiVoltageMetric::Current,
        AmdSmiVoltageMetric::Max,
        AmdSmiVoltageMetric::MinCrit,
        AmdSmiVoltageMetric::Min,
        AmdSmiVoltageMetric::MaxCrit,
        AmdSmiVoltageMetric::Average,
        AmdSmiVoltageMetric::Lowest,
        AmdSmiVoltageMetric::Highest,
    ];

    /// AMD's name without the prefix.
    pub fn name(self) -> &'static str {
        match self {
            AmdSmiVoltageMetric::Current => "CURRENT",
            AmdSmiVoltageMetric::Max => "MAX",
            AmdSmiVoltageMetric::MinCrit => "MIN_CRIT",
            AmdSmiVoltageMetric::Min => "MIN",
            AmdSmiVoltageMetric::MaxCrit => "MAX_CRIT",
            AmdSmiVoltageMetric::Average => "AVERAGE",
            AmdSmiVoltageMetric::Lowest => "LOWEST",
            AmdSmiVoltageMetric::Highest => "HIGHEST",
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            AmdSmiVoltageMetric::Current => "input",
            AmdSmiVoltageMetric::Max => "max",
            AmdSmiVoltageMetric::MinCrit => "lcrit",
            AmdSmiVoltageMetric::Min => "min",
            AmdSmiVoltageMetric::MaxCrit => "crit",
            AmdSmiVoltageMetric::Average => "average",
            AmdSmiVoltageMetric::Lowest => "lowest",
            AmdSmiVoltageMetric::Highest => "highest",
        }
    }
}

/// The hwmon channel `<kind>N` whose `<kind>N_label` is `label` (e.g. `temp2` for `junction`).
fn channel(hwmon: &Path, kind: &str, label: &str) -> Result<String> {
    let names = sysfs::list_dir(hwmon)?;
    names
        .iter()
        .filter_map(|n| n.strip_suffix("_label").filter(|c| c.starts_with(kind)))
        .find(|c| sysfs::read_text(&hwmon.join(format!("{c}_label"))).is_ok_and(|l| l == label))
        .map(str::to_owned)
        .ok_or_else(|| {
            Error::new(Status::NotSupported).with_path(hwmon).with_detail(format!("no {kind} channel labelled {label}"))
        })
}

impl Gpu<'_> {
    fn hwmon(&self) -> Result<PathBuf> {
        self.device().hwmon_dir()
    }

    /// A temperature, °C (hwmon reports millidegrees; AMD SMI divides by 1000, as this does).
    /// HBM and PLX sensors come from `gpu_metrics` (current value only).
    #[doc(alias = "amdsmi_get_temp_metric")]
    pub fn temp_metric(&self, sensor_type: AmdSmiTemperatureType, metric: AmdSmiTemperatureMetric) -> Result<i64> {
        let Some(label) = sensor_type.hwmon_label() else {
            return self.metrics_temperature(sensor_type, metric);
        };
        let hwmon = self.hwmon()?;
        let unsupported = || Error::new(Status::NotSupported).with_path(&hwmon);
        let suffix = metric.suffix().ok_or_else(|| unsupported().with_detail(metric.name()))?;
        let channel = channel(&hwmon, "temp", label)?;
        Ok(sysfs::read_number::<i64>(&hwmon.join(format!("{channel}_{suffix}")))? / 1000)
    }

    /// HBM and PLX temperatures from `gpu_metrics` (current values only, as AMD SMI), °C.
    fn metrics_temperature(&self, sensor_type: AmdSmiTemperatureType, metric: AmdSmiTemperatureMetric) -> Result<i64> {
        let m = self.device().metrics_view()?;
        let value = match (sensor_type, metric) {
            (AmdSmiTemperatureType::Plx, AmdSmiTemperatureMetric::Current) => m.temperature_vrsoc(),
            (hbm, AmdSmiTemperatureMetric::Current) => (hbm as usize)
                .checked_sub(AmdSmiTemperatureType::Hbm0 as usize)
                .and_then(|i| m.temperature_hbm().get(i).copied().flatten()),
            _ => None,
        };
        value.map(i64::from).ok_or_else(|| {
            Error::new(Status::NotSupported).with_detail(format!(
                "{} {} not in gpu_metrics",
                sensor_type.name(),
                metric.name()
            ))
        })
    }

    /// A voltage, mV.
    #[doc(alias = "amdsmi_get_gpu_volt_metric")]
    pub fn volt_metric(&self, sensor_type: AmdSmiVoltageType, metric: AmdSmiVoltageMetric) -> Result<i64> {
        let hwmon = self.hwmon()?;
        let label = match sensor_type {
            AmdSmiVoltageType::Vddgfx => "vddgfx",
            AmdSmiVoltageType::Vddboard => "vddboard",
        };
        let channel = channel(&hwmon, "in", label)?;
        sysfs::read_number::<i64>(&hwmon.join(format!("{channel}_{}", metric.suffix())))
    }

    fn fan_attr(&self, sensor_idx: u32, name: &str) -> Result<u64> {
        let hwmon = self.hwmon()?;
        let n = sensor_idx.checked_add(1).ok_or_else(|| Error::parameter("sensor index out of range"))?;
        sysfs::read_parsed(&hwmon.join(name.replace('#', &n.to_string())), parse::parse_u64)
    }

    /// Fan speed, RPM (`fan<N>_input`, N = `sensor_idx` + 1).
    #[doc(alias = "amdsmi_get_gpu_fan_rpms")]
    pub fn fan_rpms(&self, sensor_idx: u32) -> Result<u64> {
        self.fan_attr(sensor_idx, "fan#_input")
    }

    /// Fan duty relative to [`Gpu::fan_speed_max`] (`pwm<N>`, 0-255).
    #[doc(alias = "amdsmi_get_gpu_fan_speed")]
    pub fn fan_speed(&self, sensor_idx: u32) -> Result<u64> {
        self.fan_attr(sensor_idx, "pwm#")
    }

    /// Largest fan duty (`pwm<N>_max`, 255).
    #[doc(alias = "amdsmi_get_gpu_fan_speed_max")]
    pub fn fan_speed_max(&self, sensor_idx: u32) -> Result<u64> {
        self.fan_attr(sensor_idx, "pwm#_max")
    }
}

//! hwmon sensors of a GPU: temperatures, voltages and fans.
//!
//! Channels are chosen by their `tempN_label` / `inN_label` (`edge`, `junction`, `mem`, `vddgfx`,
//! `vddboard`), never by number: MI300 has no `temp1`, and channel numbers differ by ASIC.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;
use crate::parse::{self, ParseError};
use crate::sysfs::{self, PolledFiles, SlotId};

/// A temperature sensor (`AmdSmiTemperatureType`, AMD's values). `HOTSPOT` is `JUNCTION`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiTemperatureType {
    /// Edge of the die (hwmon label `edge`).
    #[amd(name = "EDGE")]
    Edge = 0,
    /// Hottest point of the die (hwmon label `junction`).
    #[amd(name = "JUNCTION")]
    Junction = 1,
    /// Memory (hwmon label `mem`).
    #[amd(name = "VRAM")]
    Vram = 2,
    /// HBM stack 0 (from `gpu_metrics`).
    #[amd(name = "HBM_0")]
    Hbm0 = 3,
    /// HBM stack 1 (from `gpu_metrics`).
    #[amd(name = "HBM_1")]
    Hbm1 = 4,
    /// HBM stack 2 (from `gpu_metrics`).
    #[amd(name = "HBM_2")]
    Hbm2 = 5,
    /// HBM stack 3 (from `gpu_metrics`).
    #[amd(name = "HBM_3")]
    Hbm3 = 6,
    /// PCIe switch (from `gpu_metrics` `temperature_vrsoc`).
    #[amd(name = "PLX")]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[allow(missing_docs)]
#[repr(u32)]
pub enum AmdSmiTemperatureMetric {
    #[amd(name = "CURRENT")]
    Current = 0,
    #[amd(name = "MAX")]
    Max = 1,
    #[amd(name = "MIN")]
    Min = 2,
    #[amd(name = "MAX_HYST")]
    MaxHyst = 3,
    #[amd(name = "MIN_HYST")]
    MinHyst = 4,
    #[amd(name = "CRITICAL")]
    Critical = 5,
    #[amd(name = "CRITICAL_HYST")]
    CriticalHyst = 6,
    #[amd(name = "EMERGENCY")]
    Emergency = 7,
    #[amd(name = "EMERGENCY_HYST")]
    EmergencyHyst = 8,
    #[amd(name = "CRIT_MIN")]
    CritMin = 9,
    #[amd(name = "CRIT_MIN_HYST")]
    CritMinHyst = 10,
    #[amd(name = "OFFSET")]
    Offset = 11,
    #[amd(name = "LOWEST")]
    Lowest = 12,
    #[amd(name = "HIGHEST")]
    Highest = 13,
    #[amd(name = "SHUTDOWN")]
    Shutdown = 14,
}

impl AmdSmiTemperatureMetric {
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiVoltageType {
    /// Graphics core (hwmon label `vddgfx`).
    #[amd(name = "VDDGFX")]
    Vddgfx = 0,
    /// Whole board (hwmon label `vddboard`, MI300+).
    #[amd(name = "VDDBOARD")]
    Vddboard = 1,
}

/// Which voltage value (`AmdSmiVoltageMetric`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[allow(missing_docs)]
#[repr(u32)]
pub enum AmdSmiVoltageMetric {
    #[amd(name = "CURRENT")]
    Current = 0,
    #[amd(name = "MAX")]
    Max = 1,
    #[amd(name = "MIN_CRIT")]
    MinCrit = 2,
    #[amd(name = "MIN")]
    Min = 3,
    #[amd(name = "MAX_CRIT")]
    MaxCrit = 4,
    #[amd(name = "AVERAGE")]
    Average = 5,
    #[amd(name = "LOWEST")]
    Lowest = 6,
    #[amd(name = "HIGHEST")]
    Highest = 7,
}

impl AmdSmiVoltageMetric {
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

/// An amdgpu hwmon directory, resolved once at discovery: its place under the PCI device
/// directory, its files and the channel of every label, so a reading lists nothing and reads
/// one file.
#[derive(Debug)]
pub struct Hwmon {
    /// The directory.
    dir: PathBuf,
    /// Every `<channel>_label` file's channel and label (`temp2`, `junction`), in name order.
    labels: Vec<(String, String)>,
    /// The directory's files (inputs, caps, fan, ...), as listed at discovery; each opened when
    /// first read and kept open.
    polled: PolledFiles,
    /// The current-temperature file (`tempN_input`) of each hwmon sensor, found at discovery.
    temp_inputs: Vec<(AmdSmiTemperatureType, SlotId)>,
}

impl Hwmon {
    /// The first `hwmon*` directory under `device_dir/hwmon`, listed and its labels read;
    /// `None` when there is none or it cannot be listed.
    pub fn discover(device_dir: &Path) -> Option<Hwmon> {
        let name = sysfs::list_dir(&device_dir.join("hwmon")).ok()?.into_iter().find(|n| n.starts_with("hwmon"))?;
        let dir = device_dir.join("hwmon").join(name);
        let files = sysfs::list_dir(&dir).ok()?;
        let labels = files
            .iter()
            .filter_map(|f| f.strip_suffix("_label"))
            .filter_map(|c| Some((c.to_owned(), sysfs::read_text(&dir.join(format!("{c}_label"))).ok()?)))
            .collect();
        let polled = PolledFiles::listed(dir.clone(), files);
        let mut hwmon = Hwmon { dir, labels, polled, temp_inputs: Vec::new() };
        hwmon.temp_inputs = AmdSmiTemperatureType::HWMON
            .into_iter()
            .filter_map(|sensor| {
                let channel = hwmon.channel("temp", sensor.hwmon_label()?).ok()?;
                Some((sensor, hwmon.polled.slot(channel_file(&mut [0; 32], channel, "input"))?))
            })
            .collect();
        Some(hwmon)
    }

    /// The directory (`<PCI device directory>/hwmon/hwmonN`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `file` of the directory (e.g. `temp2_input`) decoded by `decode`; NOT_SUPPORTED, without
    /// a system call, when the directory did not hold it at discovery (the driver creates a hwmon
    /// directory with all its files). The values a monitor polls ([`polled`]) are read with one
    /// `pread` on a descriptor kept open ([`PolledFiles`]); limits and labels, read now and then,
    /// are opened for the read and closed, so a GPU keeps a handful of descriptors, not one per
    /// file.
    fn read<T>(&self, file: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        self.try_read(file, decode).unwrap_or_else(|| Err(self.polled.not_listed(file)))
    }

    /// [`read`](Self::read), or `None` (nothing built, no system call) for a file the directory
    /// did not hold at discovery.
    fn try_read<T>(&self, file: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Option<Result<T>> {
        if polled(file) {
            self.polled.try_read(file, decode)
        } else {
            self.has(file).then(|| sysfs::read_with(&self.dir.join(file), decode))
        }
    }

    /// `file` parsed by `parse`: one `pread` of a polled file, NOT_SUPPORTED without a system
    /// call for a file the directory did not hold at discovery.
    pub fn read_parsed<T>(
        &self,
        file: &str,
        parse: impl FnOnce(&str) -> std::result::Result<T, ParseError>,
    ) -> Result<T> {
        self.read(file, |bytes| sysfs::parse_text(bytes, parse))
    }

    /// An integer `file` ([`sysfs::integer`]: the kernel's `%d\n` in one pass, other text
    /// through `parse`; as [`read_parsed`](Self::read_parsed)).
    pub fn read_integer<T: TryFrom<i64>>(
        &self,
        file: &str,
        parse: fn(&str) -> std::result::Result<T, ParseError>,
    ) -> Result<T> {
        self.read(file, |bytes| sysfs::integer(bytes, parse))
    }

    /// [`read_integer`](Self::read_integer), or `None` (nothing built, no system call) for a
    /// file the directory did not hold at discovery.
    pub fn try_read_integer<T: TryFrom<i64>>(
        &self,
        file: &str,
        parse: fn(&str) -> std::result::Result<T, ParseError>,
    ) -> Option<Result<T>> {
        self.try_read(file, |bytes| sysfs::integer(bytes, parse))
    }

    /// Whether the directory held `file` at discovery.
    pub fn has(&self, file: &str) -> bool {
        self.polled.lists(file)
    }

    /// The channel `<kind>N` whose `<kind>N_label` is `label` (e.g. `temp2` for `junction`).
    fn channel(&self, kind: &str, label: &str) -> Result<&str> {
        self.labels.iter().find(|(c, l)| c.starts_with(kind) && l == label).map(|(c, _)| c.as_str()).ok_or_else(|| {
            Error::new(Status::NotSupported)
                .with_path(&self.dir)
                .with_detail(format!("no {kind} channel labelled {label}"))
        })
    }
}

/// Whether a hwmon file holds a value a monitor polls: a sensor's `_input` or `_average`, the
/// power cap (`_cap`, which its setter changes), a fan's duty (`pwm<N>`).
fn polled(file: &str) -> bool {
    ["_input", "_average", "_cap"].iter().any(|suffix| file.ends_with(suffix))
        || file.strip_prefix("pwm").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// `<channel>_<suffix>` (e.g. `temp2_input`) written into `buf`, so a reading allocates
/// nothing; empty (a name no directory holds) when it does not fit.
fn channel_file<'b>(buf: &'b mut [u8; 32], channel: &str, suffix: &str) -> &'b str {
    let parts = [channel.as_bytes(), b"_", suffix.as_bytes()];
    let mut at = 0;
    for part in parts {
        let Some(dst) = buf.get_mut(at..at + part.len()) else { return "" };
        dst.copy_from_slice(part);
        at += part.len();
    }
    std::str::from_utf8(buf.get(..at).unwrap_or_default()).unwrap_or_default()
}

impl Gpu<'_> {
    /// A temperature, °C (hwmon reports millidegrees; AMD SMI divides by 1000, as this does).
    /// HBM and PLX sensors come from `gpu_metrics` (current value only).
    #[doc(alias = "amdsmi_get_temp_metric")]
    pub fn temp_metric(&self, sensor_type: AmdSmiTemperatureType, metric: AmdSmiTemperatureMetric) -> Result<i64> {
        let Some(label) = sensor_type.hwmon_label() else {
            return self.metrics_temperature(sensor_type, metric);
        };
        let hwmon = self.device().hwmon()?;
        // The current value, from the file found at discovery (no look-up of its name).
        if metric == AmdSmiTemperatureMetric::Current {
            if let Some(&(_, slot)) = hwmon.temp_inputs.iter().find(|(s, _)| *s == sensor_type) {
                let millidegrees = hwmon.polled.read_slot(slot, |b| sysfs::integer(b, parse::parse_number::<i64>))?;
                return Ok(millidegrees / 1000);
            }
        }
        let suffix = metric
            .suffix()
            .ok_or_else(|| Error::new(Status::NotSupported).with_path(hwmon.dir()).with_detail(metric.name()))?;
        let channel = hwmon.channel("temp", label)?;
        Ok(hwmon.read_integer(channel_file(&mut [0; 32], channel, suffix), parse::parse_number::<i64>)? / 1000)
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
        let label = match sensor_type {
            AmdSmiVoltageType::Vddgfx => "vddgfx",
            AmdSmiVoltageType::Vddboard => "vddboard",
        };
        let hwmon = self.device().hwmon()?;
        let channel = hwmon.channel("in", label)?;
        hwmon.read_integer(channel_file(&mut [0; 32], channel, metric.suffix()), parse::parse_number::<i64>)
    }

    fn fan_attr(&self, sensor_idx: u32, name: &str) -> Result<u64> {
        self.device().hwmon()?;
        let n = sensor_idx.checked_add(1).ok_or_else(|| Error::parameter("sensor index out of range"))?;
        self.device().hwmon()?.read_integer(&name.replace('#', &n.to_string()), parse::parse_u64)
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

//! Overdrive clock/voltage ranges (`pp_od_clk_voltage`) and power profile presets
//! (`pp_power_profile_mode`), as AMD SMI reports them through rocm_smi.
//!
//! Both files are read whole, NUL bytes kept (amdgpu emits them in chunks with NUL runs between
//! them); [`crate::parse::od`] and [`crate::parse::profile`] parse them.

use crate::error::{Error, Result, Status};
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::parse::od::parse_od_clk_voltage;
use crate::parse::profile::{self, parse_power_profile_mode};
use crate::parse::{self, ParseError};
use crate::sysfs;

/// A range of values (`amdsmi_range_t`): Hz for a clock, mV for a voltage.
#[amdsmi_macros::na_fields]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdRange {
    /// The lower bound, Hz for a clock range and mV for a voltage range; `None` ("N/A") when the
    /// file does not give it.
    pub lower_bound: Option<u64>,
    /// The upper bound, Hz for a clock range and mV for a voltage range; `None` ("N/A") when the
    /// file does not give it.
    pub upper_bound: Option<u64>,
}

/// A point of the voltage/frequency curve (`amdsmi_od_vddc_point_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdVddcPoint {
    /// The graphics clock of the point, Hz.
    pub frequency: u64,
    /// The voltage of the point, mV.
    pub voltage: u64,
}

/// The ranges one curve point may be set within (`amdsmi_freq_volt_region_t`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FreqVoltRegion {
    /// The clock range of the point, Hz (`VDDC_CURVE_SCLK[i]`).
    pub freq_range: OdRange,
    /// The voltage range of the point, mV (`VDDC_CURVE_VOLT[i]`).
    pub volt_range: OdRange,
}

/// Overdrive clock ranges and voltage curve (`amdsmi_get_gpu_od_volt_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdVoltInfo {
    /// The current graphics clock range, Hz: level 0 and the highest level of `OD_SCLK`.
    pub curr_sclk_range: OdRange,
    /// The current memory clock range, Hz: level 0 and the highest level of `OD_MCLK` (Navi 1x
    /// lists only the maximum, so its lower bound is "N/A").
    pub curr_mclk_range: OdRange,
    /// The settable graphics clock range, Hz (`OD_RANGE` `SCLK:`).
    pub sclk_freq_limits: OdRange,
    /// The settable memory clock range, Hz (`OD_RANGE` `MCLK:`).
    pub mclk_freq_limits: OdRange,
    /// The voltage curve points (Hz, mV) of `OD_VDDC_CURVE`; `None` ("N/A") on parts without one.
    #[cfg_attr(feature = "serde", serde(rename = "curve.vc_points"))]
    pub curve_vc_points: Option<Vec<OdVddcPoint>>,
    /// The number of voltage curve regions (`VDDC_CURVE_SCLK[i]`/`VDDC_CURVE_VOLT[i]` entries);
    /// 0 on parts without a curve.
    pub num_regions: u32,
}

/// A parsed `pp_od_clk_voltage`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdClkVoltage {
    /// The ranges and curve (Hz, mV).
    pub info: OdVoltInfo,
    /// The voltage curve regions in index order (Hz, mV); empty on parts without a curve.
    pub regions: Vec<FreqVoltRegion>,
}

/// A power profile preset (`amdsmi_power_profile_preset_masks_t`), with AMD's mask values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u64)]
pub enum AmdSmiPowerProfilePresetMasks {
    /// `CUSTOM`: user-tuned profile.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_CUSTOM_MASK")]
    Custom = 0x1,
    /// `VIDEO`: video playback.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_VIDEO_MASK")]
    Video = 0x2,
    /// `POWER_SAVING`.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_POWER_SAVING_MASK")]
    PowerSaving = 0x4,
    /// `COMPUTE`.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_COMPUTE_MASK")]
    Compute = 0x8,
    /// `VR`: virtual reality.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_VR_MASK")]
    Vr = 0x10,
    /// `3D_FULL_SCREEN`: full-screen 3D.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_3D_FULL_SCR_MASK")]
    FullScreen3d = 0x20,
    /// `BOOTUP_DEFAULT`: the default profile.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_BOOTUP_DEFAULT")]
    BootupDefault = 0x40,
}

impl AmdSmiPowerProfilePresetMasks {
    /// The mask bit.
    pub fn bits(self) -> u64 {
        self as u64
    }

    /// The preset of an amdgpu profile name (`COMPUTE`, `3D_FULL_SCREEN`, ...); `None` for the
    /// profiles AMD SMI has no mask for (`WINDOW_3D`, `CAPPED`, `UNCAPPED`).
    pub fn from_kernel_name(name: &str) -> Option<AmdSmiPowerProfilePresetMasks> {
        Some(match name {
            "CUSTOM" => AmdSmiPowerProfilePresetMasks::Custom,
            "VIDEO" => AmdSmiPowerProfilePresetMasks::Video,
            "POWER_SAVING" => AmdSmiPowerProfilePresetMasks::PowerSaving,
            "COMPUTE" => AmdSmiPowerProfilePresetMasks::Compute,
            "VR" => AmdSmiPowerProfilePresetMasks::Vr,
            "3D_FULL_SCREEN" => AmdSmiPowerProfilePresetMasks::FullScreen3d,
            "BOOTUP_DEFAULT" => AmdSmiPowerProfilePresetMasks::BootupDefault,
            _ => return None,
        })
    }
}

/// The power profile presets of a GPU (`amdsmi_get_gpu_power_profile_presets`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PowerProfileStatus {
    /// The presets the GPU offers, a bit mask of [`AmdSmiPowerProfilePresetMasks`] values
    /// (profiles without an AMD SMI mask are not in it).
    pub available_profiles: u64,
    /// The mask bit of the current profile; `None` ("N/A") when no profile is marked current or
    /// the marked one has no AMD SMI mask.
    pub current: Option<u64>,
    /// The number of profiles the kernel lists, including those without an AMD SMI mask.
    pub num_profiles: u32,
}

impl PowerProfileStatus {
    /// Whether `preset` is available.
    pub fn has(&self, preset: AmdSmiPowerProfilePresetMasks) -> bool {
        self.available_profiles & preset.bits() != 0
    }

    /// The current preset, when it is one AMD SMI names.
    pub fn current_preset(&self) -> Option<AmdSmiPowerProfilePresetMasks> {
        AmdSmiPowerProfilePresetMasks::ALL.into_iter().find(|p| Some(p.bits()) == self.current)
    }
}

/// A multi-line attribute parsed by `parser`, NUL bytes kept as line breaks (the I/O layer's
/// `read_text` stops at the first NUL, which would drop every chunk after the first). An empty
/// file is NOT_SUPPORTED when `empty_unsupported` (an empty `pp_od_clk_voltage` means overdrive
/// is off; rocm_smi says NOT_YET_IMPLEMENTED); content `parser` rejects is UNEXPECTED_DATA naming
/// the file, with the parser's line and expectation.
fn read_multiline<T>(
    gpu: &GpuDevice,
    file: &str,
    empty_unsupported: bool,
    parser: fn(&str) -> std::result::Result<T, ParseError>,
) -> Result<T> {
    let path = gpu.attr(file);
    let bytes = sysfs::read_bytes(&path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::unexpected_data(&path, "not UTF-8 text"))?;
    if empty_unsupported && parse::chunked_lines(text).next().is_none() {
        return Err(Error::new(Status::NotSupported).with_path(&path).with_detail("empty: overdrive not enabled"));
    }
    parser(text).map_err(|e| Error::from(e).with_path(&path))
}

impl Gpu<'_> {
    /// The overdrive clock ranges (Hz) and voltage curve (Hz, mV) of `pp_od_clk_voltage`.
    ///
    /// NOT_SUPPORTED without the file, or when it is empty (overdrive off).
    #[doc(alias = "amdsmi_get_gpu_od_volt_info")]
    pub fn od_volt_info(&self) -> Result<OdVoltInfo> {
        let gpu = self.device();
        Ok(read_multiline(gpu, "pp_od_clk_voltage", true, parse_od_clk_voltage)?.info)
    }

    /// The regions (Hz, mV) the voltage curve points may be set within, at most `num_regions`.
    ///
    /// INVAL when `num_regions` is 0; NOT_SUPPORTED when the GPU has no voltage curve (every
    /// part since Navi 2x) or no `pp_od_clk_voltage`.
    #[doc(alias = "amdsmi_get_gpu_od_volt_curve_regions")]
    pub fn od_volt_curve_regions(&self, num_regions: u32) -> Result<Vec<FreqVoltRegion>> {
        let gpu = self.device();
        if num_regions == 0 {
            return Err(Error::new(Status::Inval).with_detail("num_regions must be at least 1"));
        }
        let mut regions = read_multiline(gpu, "pp_od_clk_voltage", true, parse_od_clk_voltage)?.regions;
        if regions.is_empty() {
            return Err(Error::new(Status::NotSupported)
                .with_path(&gpu.attr("pp_od_clk_voltage"))
                .with_detail("no voltage curve regions"));
        }
        regions.truncate(num_regions as usize);
        Ok(regions)
    }

    /// The power profile presets of `pp_power_profile_mode`. `sensor_idx` is reserved, as in
    /// AMD SMI (any value reads the one table).
    #[doc(alias = "amdsmi_get_gpu_power_profile_presets")]
    pub fn power_profile_presets(&self, sensor_idx: u32) -> Result<PowerProfileStatus> {
        let _ = sensor_idx;
        let gpu = self.device();
        read_multiline(gpu, "pp_power_profile_mode", false, parse_power_profile_mode)
    }
}

// Helpers of the setters (gpu::control): the whole parsed table, and the kernel's profile indices.

impl Gpu<'_> {
    /// The parsed `pp_od_clk_voltage` (ranges, curve points and regions): NOT_SUPPORTED without
    /// the file or when it is empty (overdrive off).
    pub(crate) fn od_clk_voltage(&self) -> Result<OdClkVoltage> {
        read_multiline(self.device(), "pp_od_clk_voltage", true, parse_od_clk_voltage)
    }
}

/// The kernel's index of every preset the GPU's `pp_power_profile_mode` lists (what a write of
/// the file selects by).
pub(crate) fn power_profile_indices(gpu: &GpuDevice) -> Result<Vec<(AmdSmiPowerProfilePresetMasks, u32)>> {
    read_multiline(gpu, "pp_power_profile_mode", false, |text| Ok(profile::profile_indices(text)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmdSmiPowerProfilePresetMasks as P;

    /// The seven presets AMD SMI names.
    const ALL7: u64 = 0x7f;

    #[test]
    fn preset_names() {
        assert_eq!(P::ALL.iter().map(|p| p.bits()).sum::<u64>(), ALL7);
        assert_eq!(P::FullScreen3d.name(), "AMDSMI_PWR_PROF_PRST_3D_FULL_SCR_MASK");
        assert_eq!(P::from_kernel_name("POWER_SAVING"), Some(P::PowerSaving));
        assert_eq!(P::from_kernel_name("CAPPED"), None);
    }
}

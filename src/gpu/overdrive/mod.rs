//! Overdrive clock/voltage ranges (`pp_od_clk_voltage`) and power profile presets
//! (`pp_power_profile_mode`), as AMD SMI reports them through rocm_smi.
//!
//! Both files are read whole, NUL bytes kept (amdgpu emits them in chunks with NUL runs between
//! them); [`crate::parse::od`] and [`crate::parse::profile`] parse them.

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

mod read;

pub(crate) use read::power_profile_indices;

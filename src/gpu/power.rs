//! Power caps (hwmon `power<N>_cap*`) and whether power management is on (`pp_features`).

use crate::error::{Error, Result, Status};
use crate::gpu::clock::AmdSmiClkType;
use crate::gpu::Gpu;
use crate::parse;

/// Power cap settings of one PPT sensor (`amdsmi_get_power_cap_info`), in µW.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PowerCapInfo {
    /// Current power cap, µW (`power1_cap`).
    pub power_cap: u64,
    /// Default power cap, µW (`power1_cap_default`).
    pub default_power_cap: Option<u64>,
    /// DPM levels of the graphics clock (`num_supported` of `amdsmi_get_clk_freq(SYS)`), as AMD
    /// SMI reports `dpm_cap`.
    pub dpm_cap: Option<u64>,
    /// Lowest settable cap, µW (`power1_cap_min`).
    pub min_power_cap: Option<u64>,
    /// Highest settable cap, µW (`power1_cap_max`).
    pub max_power_cap: Option<u64>,
}

/// The PPT sensors whose cap can be read (`amdsmi_get_supported_power_cap`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SupportedPowerCap {
    /// Sensor indices: 0 = PPT0 (`power1_cap`), 1 = PPT1 (`power2_cap`).
    pub sensor_inds: Vec<u32>,
    /// The matching types, `PPT0` / `PPT1`.
    pub sensor_types: Vec<String>,
}

impl Gpu<'_> {
    /// Power cap settings of PPT0, in µW.
    #[doc(alias = "amdsmi_get_power_cap_info")]
    pub fn power_cap_info(&self) -> Result<PowerCapInfo> {
        let gpu = self.device();
        let read = |name: &str| gpu.read_hwmon_u64(name);
        Ok(PowerCapInfo {
            power_cap: read("power1_cap")?,
            default_power_cap: read("power1_cap_default").ok(),
            dpm_cap: self.clk_freq(AmdSmiClkType::Sys).ok().map(|f| u64::from(f.num_supported)),
            min_power_cap: read("power1_cap_min").ok(),
            max_power_cap: read("power1_cap_max").ok(),
        })
    }

    /// Which PPT power caps the GPU exposes.
    #[doc(alias = "amdsmi_get_supported_power_cap")]
    pub fn supported_power_cap(&self) -> Result<SupportedPowerCap> {
        let hwmon = self.device().hwmon()?;
        let sensor_inds: Vec<u32> = (0..2).filter(|i| hwmon.has(&format!("power{}_cap", i + 1))).collect();
        if sensor_inds.is_empty() {
            return Err(Error::new(Status::NotSupported).with_path(&hwmon.dir().join("power1_cap")));
        }
        let sensor_types = sensor_inds.iter().map(|i| format!("PPT{i}")).collect();
        Ok(SupportedPowerCap { sensor_inds, sensor_types })
    }

    /// Whether power management is enabled: some `pp_features` feature is enabled.
    #[doc(alias = "amdsmi_is_gpu_power_management_enabled")]
    pub fn is_power_management_enabled(&self) -> Result<bool> {
        Ok(parse::features::any_feature_enabled(&self.device().read_text("pp_features")?))
    }
}

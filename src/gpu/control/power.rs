//! Power cap (hwmon `power<N>_cap`) and power profile (`pp_power_profile_mode`).

use crate::error::{Error, Result, Status};
use crate::gpu::overdrive::{self, AmdSmiPowerProfilePresetMasks};
use crate::gpu::Gpu;
use crate::parse;
use crate::sysfs;

use super::{channel, invalid, line, perf_level_step, AmdSmiDevPerfLevel, Plan};

impl Gpu<'_> {
    /// Sets the power cap of PPT sensor `sensor_ind` (0 = `power1_cap`), µW, within the
    /// `power<N>_cap_min`..`power<N>_cap_max` the hwmon reports (for sensor 0 the limits of
    /// [`Gpu::power_cap_info`]).
    ///
    /// INVAL outside the limits; NOT_SUPPORTED in a guest or when the sensor has no cap or limits.
    #[doc(alias = "amdsmi_set_power_cap")]
    pub fn set_power_cap(&self, sensor_ind: u32, cap: u64) -> Result<()> {
        self.refuse_guest()?;
        let plan = self.power_cap_plan(sensor_ind, cap)?;
        self.apply(&plan)
    }

    fn power_cap_plan(&self, sensor_ind: u32, cap: u64) -> Result<Plan> {
        let hwmon = self.device().hwmon_dir()?;
        let n = channel(sensor_ind)?;
        let limit = |suffix: &str| sysfs::read_parsed(&hwmon.join(format!("power{n}_cap_{suffix}")), parse::parse_u64);
        let (min, max) = (limit("min")?, limit("max")?);
        if !(min..=max).contains(&cap) {
            return Err(invalid(format!("power cap {cap} µW outside {min}..={max} µW of PPT{sensor_ind}")));
        }
        Ok(Plan::one(hwmon.join(format!("power{n}_cap")), line(cap)))
    }

    /// Selects a power profile (`pp_power_profile_mode`): the performance level goes to
    /// `manual`, then the kernel's index of the profile is written. `reserved` is unused, as in
    /// AMD SMI.
    ///
    /// INPUT_OUT_OF_BOUNDS when the GPU does not offer the profile; NOT_SUPPORTED in a guest or
    /// without the file.
    #[doc(alias = "amdsmi_set_gpu_power_profile")]
    pub fn set_power_profile(&self, reserved: u32, profile: AmdSmiPowerProfilePresetMasks) -> Result<()> {
        let _ = reserved;
        self.refuse_guest()?;
        let plan = self.power_profile_plan(profile)?;
        self.apply(&plan)
    }

    fn power_profile_plan(&self, profile: AmdSmiPowerProfilePresetMasks) -> Result<Plan> {
        let gpu = self.device();
        let available = self.power_profile_presets(0)?;
        let index = overdrive::power_profile_indices(gpu)?.into_iter().find(|&(p, _)| p == profile).map(|(_, i)| i);
        let index = index.filter(|_| available.has(profile)).ok_or_else(|| {
            Error::new(Status::InputOutOfBounds)
                .with_path(&gpu.attr("pp_power_profile_mode"))
                .with_detail(format!("{} is not an available profile", profile.name()))
        })?;
        let (perf, manual) = perf_level_step(gpu, AmdSmiDevPerfLevel::Manual)?;
        Ok(Plan::one(perf, manual).then(gpu.attr("pp_power_profile_mode"), line(index)))
    }
}

//! Performance level, DPM level masks (`pp_dpm_*`, PCIe included) and the graphics overdrive
//! percentage.

use crate::error::{Error, Result, Status};
use crate::gpu::clock::AmdSmiClkType;
use crate::gpu::Gpu;

use super::{invalid, line, perf_level_step, Plan};

/// A performance level (`AmdSmiDevPerfLevel`, AMD's values), as `power_dpm_force_performance_level`
/// names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiDevPerfLevel {
    /// `auto`: the driver chooses.
    #[amd(name = "AUTO")]
    Auto = 0,
    /// `low`: lowest levels only.
    #[amd(name = "LOW")]
    Low = 1,
    /// `high`: highest levels only.
    #[amd(name = "HIGH")]
    High = 2,
    /// `manual`: the levels and profile set by hand (DPM masks, overdrive, power profile).
    #[amd(name = "MANUAL")]
    Manual = 3,
    /// `profile_standard`: stable clocks for profiling.
    #[amd(name = "STABLE_STD")]
    StableStd = 4,
    /// `profile_peak`: stable peak clocks.
    #[amd(name = "STABLE_PEAK")]
    StablePeak = 5,
    /// `profile_min_mclk`: stable, minimum memory clock.
    #[amd(name = "STABLE_MIN_MCLK")]
    StableMinMclk = 6,
    /// `profile_min_sclk`: stable, minimum graphics clock.
    #[amd(name = "STABLE_MIN_SCLK")]
    StableMinSclk = 7,
    /// `perf_determinism`: graphics clock capped for minimal performance variation (MI200+).
    #[amd(name = "DETERMINISM")]
    Determinism = 8,
    /// Not a level the kernel reports; cannot be set.
    #[amd(name = "UNKNOWN", sentinel)]
    Unknown = 0x100,
}

impl AmdSmiDevPerfLevel {
    /// The word `power_dpm_force_performance_level` takes (`profile_peak`); `None` for UNKNOWN.
    pub fn kernel_name(self) -> Option<&'static str> {
        Some(match self {
            AmdSmiDevPerfLevel::Auto => "auto",
            AmdSmiDevPerfLevel::Low => "low",
            AmdSmiDevPerfLevel::High => "high",
            AmdSmiDevPerfLevel::Manual => "manual",
            AmdSmiDevPerfLevel::StableStd => "profile_standard",
            AmdSmiDevPerfLevel::StablePeak => "profile_peak",
            AmdSmiDevPerfLevel::StableMinMclk => "profile_min_mclk",
            AmdSmiDevPerfLevel::StableMinSclk => "profile_min_sclk",
            AmdSmiDevPerfLevel::Determinism => "perf_determinism",
            AmdSmiDevPerfLevel::Unknown => return None,
        })
    }
}

/// The largest graphics overdrive AMD SMI accepts, percent (`kMaxOverdriveLevel`).
const MAX_OVERDRIVE_PERCENT: u32 = 20;

impl Gpu<'_> {
    /// Sets the performance level (`power_dpm_force_performance_level`). INVAL for UNKNOWN;
    /// NOT_SUPPORTED in a guest.
    #[doc(alias = "amdsmi_set_gpu_perf_level")]
    pub fn set_perf_level(&self, perf_level: AmdSmiDevPerfLevel) -> Result<()> {
        self.refuse_guest()?;
        let (path, text) = perf_level_step(self.device(), perf_level)?;
        self.apply(&Plan::one(path, text))
    }

    /// Sets the graphics clock overdrive, percent (`pp_sclk_od`, deprecated by AMD). INVAL above
    /// 20 %; NOT_SUPPORTED in a guest or without the file.
    #[doc(alias = "amdsmi_set_gpu_overdrive_level")]
    pub fn set_overdrive_level(&self, overdrive_value: u32) -> Result<()> {
        if overdrive_value > MAX_OVERDRIVE_PERCENT {
            return Err(invalid(format!("overdrive {overdrive_value} % above {MAX_OVERDRIVE_PERCENT} %")));
        }
        self.refuse_guest()?;
        self.apply(&Plan::one(self.device().attr("pp_sclk_od"), line(overdrive_value)))
    }

    /// Restricts a clock to the DPM levels whose bits `freq_bitmask` sets: bit *i* is level *i* of
    /// [`Gpu::clk_freq`] (the deep-sleep clock, when the table has one, is level 0, as the
    /// kernel numbers it). Sets the performance level to `manual`, then writes the level indices
    /// to the clock's `pp_dpm_*` file (`2 3`).
    ///
    /// INVAL when the mask is empty or sets a bit past the table's levels; NOT_SUPPORTED for the
    /// video clocks (VCLK/DCLK, as AMD SMI), in a guest, or without the file.
    #[doc(alias = "amdsmi_set_clk_freq")]
    pub fn set_clk_freq(&self, clk_type: AmdSmiClkType, freq_bitmask: u64) -> Result<()> {
        if matches!(clk_type, AmdSmiClkType::Vclk0 | AmdSmiClkType::Vclk1 | AmdSmiClkType::Dclk0 | AmdSmiClkType::Dclk1)
        {
            return Err(
                Error::new(Status::NotSupported).with_detail(format!("{} levels cannot be set", clk_type.name()))
            );
        }
        self.refuse_guest()?;
        let plan = self.dpm_mask_plan(clk_type, freq_bitmask)?;
        self.apply(&plan)
    }

    /// Restricts the PCIe link to the levels whose bits `bw_bitmask` sets (`pp_dpm_pcie`), as
    /// [`Gpu::set_clk_freq`] does for [`AmdSmiClkType::Pcie`].
    #[doc(alias = "amdsmi_set_gpu_pci_bandwidth")]
    pub fn set_pci_bandwidth(&self, bw_bitmask: u64) -> Result<()> {
        self.set_clk_freq(AmdSmiClkType::Pcie, bw_bitmask)
    }

    /// `manual`, then the indices of the mask's bits to the clock's `pp_dpm_*` file.
    pub(crate) fn dpm_mask_plan(&self, clk_type: AmdSmiClkType, mask: u64) -> Result<Plan> {
        let levels = self.clk_freq(clk_type)?.num_supported;
        let beyond = mask.checked_shr(levels).unwrap_or(0);
        if mask == 0 || beyond != 0 {
            return Err(invalid(format!(
                "{} level mask {mask:#x}: the table has {levels} levels (mask bits 0-{})",
                clk_type.name(),
                levels.saturating_sub(1)
            )));
        }
        let indices: Vec<String> = (0..64).filter(|bit| mask >> bit & 1 == 1).map(|bit| bit.to_string()).collect();
        let gpu = self.device();
        let (perf, manual) = perf_level_step(gpu, AmdSmiDevPerfLevel::Manual)?;
        Ok(Plan::one(perf, manual).then(gpu.attr(clk_type.dpm_file()), line(indices.join(" "))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::clock::perf_level_name;

    #[test]
    fn perf_level_names_match_the_getter() {
        for level in AmdSmiDevPerfLevel::ALL {
            let kernel = level.kernel_name().unwrap();
            assert_eq!(perf_level_name(kernel), format!("AMDSMI_DEV_PERF_LEVEL_{}", level.name()));
        }
        assert_eq!(AmdSmiDevPerfLevel::Unknown.kernel_name(), None);
        assert_eq!(AmdSmiDevPerfLevel::Determinism as u32, 8);
        assert_eq!(AmdSmiDevPerfLevel::Unknown as u32, 0x100);
    }

    /// What the AmdEnum derive generates, on an enum with a gap (8, then 0x100) and a placeholder.
    #[test]
    fn derived_names_codes_and_parsing() {
        assert_eq!(AmdSmiDevPerfLevel::ALL.len(), 9);
        assert_eq!(AmdSmiDevPerfLevel::StablePeak.name(), "STABLE_PEAK");
        assert_eq!("stable_peak".parse::<AmdSmiDevPerfLevel>(), Ok(AmdSmiDevPerfLevel::StablePeak));
        assert_eq!("AUTO".parse::<AmdSmiDevPerfLevel>(), Ok(AmdSmiDevPerfLevel::Auto));
        // The placeholder is named but not parsed: it is not a level to set.
        assert_eq!(AmdSmiDevPerfLevel::Unknown.name(), "UNKNOWN");
        let err = "unknown".parse::<AmdSmiDevPerfLevel>().unwrap_err();
        assert_eq!(err.status(), Status::Inval);
        assert_eq!(
            err.detail(),
            Some(
                "'unknown' is not one of AUTO, LOW, HIGH, MANUAL, STABLE_STD, STABLE_PEAK, STABLE_MIN_MCLK, \
                 STABLE_MIN_SCLK, DETERMINISM"
            )
        );
        // Integers are checked, never transmuted: the gap 9..0x100 has no level.
        assert_eq!(AmdSmiDevPerfLevel::StableMinSclk.code(), 7);
        assert_eq!(AmdSmiDevPerfLevel::from_code(0x100), Some(AmdSmiDevPerfLevel::Unknown));
        assert_eq!(AmdSmiDevPerfLevel::from_code(9), None);
        assert_eq!(AmdSmiDevPerfLevel::try_from(8), Ok(AmdSmiDevPerfLevel::Determinism));
        assert_eq!(AmdSmiDevPerfLevel::try_from(0xff), Err(0xff));
        assert_eq!(u32::from(AmdSmiDevPerfLevel::Manual), 3);
    }

    /// AmdEnum serializes as the name, or as the number where AMD's Python layer returns one;
    /// na_fields writes `None` as "N/A".
    #[cfg(feature = "serde")]
    #[test]
    fn derived_serialization() {
        use crate::gpu::clock::Frequencies;
        use crate::gpu::topology::AmdSmiLinkType;
        assert_eq!(serde_json::to_value(AmdSmiDevPerfLevel::StablePeak).unwrap(), "STABLE_PEAK");
        assert_eq!(serde_json::to_value(AmdSmiLinkType::Xgmi).unwrap(), 2);
        let freqs = Frequencies { num_supported: 2, current: None, frequency: vec![500, 2000], has_deep_sleep: false };
        let json = serde_json::to_value(&freqs).unwrap();
        assert_eq!(json["current"], "N/A");
        assert_eq!(serde_json::to_value(Frequencies { current: Some(1), ..freqs }).unwrap()["current"], 1);
    }
}

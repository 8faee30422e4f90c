//! DPM clock levels (`pp_dpm_*`), the performance level and overdrive percentages.

use crate::error::{Error, Result, Status};
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::parse::dpm::{self, DpmLine, DpmTable};
use crate::sysfs;

/// A clock domain (`AmdSmiClkType`, AMD's values; `GFX` is `SYS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiClkType {
    /// Graphics (system) clock: `pp_dpm_sclk`.
    #[amd(name = "SYS")]
    Sys = 0,
    /// Data fabric clock: `pp_dpm_fclk`.
    #[amd(name = "DF")]
    Df = 1,
    /// Display controller clock: `pp_dpm_dcefclk`.
    #[amd(name = "DCEF")]
    Dcef = 2,
    /// SoC clock: `pp_dpm_socclk`.
    #[amd(name = "SOC")]
    Soc = 3,
    /// Memory clock: `pp_dpm_mclk`.
    #[amd(name = "MEM")]
    Mem = 4,
    /// PCIe link: `pp_dpm_pcie` (frequencies are transfer rates in T/s).
    #[amd(name = "PCIE")]
    Pcie = 5,
    /// Video clock 0: `pp_dpm_vclk`.
    #[amd(name = "VCLK0")]
    Vclk0 = 6,
    /// Video clock 1: `pp_dpm_vclk1`.
    #[amd(name = "VCLK1")]
    Vclk1 = 7,
    /// Decoder clock 0: `pp_dpm_dclk`.
    #[amd(name = "DCLK0")]
    Dclk0 = 8,
    /// Decoder clock 1: `pp_dpm_dclk1`.
    #[amd(name = "DCLK1")]
    Dclk1 = 9,
}

/// The levels of a `pp_dpm_*` table on SMU 11-14 GPUs (their DPM tables hold `MAX_DPM_LEVELS`,
/// 16, in the kernel's `smu_v11_0.h`/`smu_v13_0.h`) and a deep-sleep clock: room reserved for
/// the result, so a read allocates once (a longer table grows it).
const LEVELS_USUAL: usize = 17;

impl AmdSmiClkType {
    /// The `pp_dpm_*` file of the clock.
    pub fn dpm_file(self) -> &'static str {
        match self {
            AmdSmiClkType::Sys => "pp_dpm_sclk",
            AmdSmiClkType::Df => "pp_dpm_fclk",
            AmdSmiClkType::Dcef => "pp_dpm_dcefclk",
            AmdSmiClkType::Soc => "pp_dpm_socclk",
            AmdSmiClkType::Mem => "pp_dpm_mclk",
            AmdSmiClkType::Pcie => "pp_dpm_pcie",
            AmdSmiClkType::Vclk0 => "pp_dpm_vclk",
            AmdSmiClkType::Vclk1 => "pp_dpm_vclk1",
            AmdSmiClkType::Dclk0 => "pp_dpm_dclk",
            AmdSmiClkType::Dclk1 => "pp_dpm_dclk1",
        }
    }
}

/// The supported levels of a clock (`amdsmi_get_clk_freq`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Frequencies {
    /// Number of supported levels.
    pub num_supported: u32,
    /// Index of the current level; `None` ("N/A") when none is marked (e.g. in deep sleep).
    pub current: Option<u32>,
    /// The levels, Hz (for PCIe: transfer rate, T/s); the deep-sleep clock first when there is one.
    pub frequency: Vec<u64>,
    /// Whether the table has a deep-sleep (`S:`) clock.
    pub has_deep_sleep: bool,
}

/// The performance level (`power_dpm_force_performance_level`), as AMD SMI names it.
pub fn perf_level_name(level: &str) -> &'static str {
    match level {
        "auto" => "AMDSMI_DEV_PERF_LEVEL_AUTO",
        "low" => "AMDSMI_DEV_PERF_LEVEL_LOW",
        "high" => "AMDSMI_DEV_PERF_LEVEL_HIGH",
        "manual" => "AMDSMI_DEV_PERF_LEVEL_MANUAL",
        "profile_standard" => "AMDSMI_DEV_PERF_LEVEL_STABLE_STD",
        "profile_peak" => "AMDSMI_DEV_PERF_LEVEL_STABLE_PEAK",
        "profile_min_mclk" => "AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_MCLK",
        "profile_min_sclk" => "AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_SCLK",
        "perf_determinism" => "AMDSMI_DEV_PERF_LEVEL_DETERMINISM",
        _ => "AMDSMI_DEV_PERF_LEVEL_UNKNOWN",
    }
}

impl GpuDevice {
    /// A clock's parsed `pp_dpm_*` table; UNEXPECTED_DATA (with the path) when it does not parse.
    pub fn dpm_table(&self, clk: AmdSmiClkType) -> Result<DpmTable> {
        self.read_dpm(clk, |bytes| dpm::parse_attribute(bytes).map_err(Error::from))
    }
}

impl Gpu<'_> {
    /// The supported levels of a clock, Hz, and the current one (`pp_dpm_*`).
    #[doc(alias = "amdsmi_get_clk_freq")]
    pub fn clk_freq(&self, clk_type: AmdSmiClkType) -> Result<Frequencies> {
        // The table's lines straight into the result (no table built first): the levels' values
        // in order, the current one, the deep-sleep clock.
        // One allocation for the usual tables (see `LEVELS_USUAL`).
        let mut frequency = Vec::with_capacity(LEVELS_USUAL);
        let (mut current, mut sleep, mut sleeping, mut complete) = (None, None, false, true);
        self.device().read_dpm(clk_type, |bytes| {
            dpm::visit(bytes, |line| match line {
                DpmLine::DeepSleep(mhz, marked) => {
                    sleep = Some(mhz);
                    sleeping |= marked;
                }
                DpmLine::Level(level, marked) => {
                    let value = match clk_type {
                        AmdSmiClkType::Pcie => level.transfer_mts,
                        _ => level.mhz,
                    };
                    if marked {
                        current = Some(frequency.len());
                    }
                    complete &= value.is_some();
                    frequency.push(u64::from(value.unwrap_or(0)) * 1_000_000);
                }
            })
            .map_err(Error::from)
        })?;
        if !complete {
            return Err(
                Error::new(Status::UnexpectedData).with_detail(format!("{} lacks a level value", clk_type.dpm_file()))
            );
        }
        // The deep-sleep clock (`S:`) is element 0 when present, as in AMD SMI: the kernel then
        // numbers the levels from 1, so indices keep matching the file's labels.
        if let Some(mhz) = sleep {
            frequency.insert(0, u64::from(mhz) * 1_000_000);
        }
        let offset = usize::from(sleep.is_some());
        let current = if sleeping { Some(0) } else { current.map(|c| c + offset) };
        Ok(Frequencies {
            num_supported: frequency.len() as u32,
            current: current.map(|c| c as u32),
            frequency,
            has_deep_sleep: sleep.is_some(),
        })
    }

    /// The forced performance level, e.g. `AMDSMI_DEV_PERF_LEVEL_AUTO`.
    #[doc(alias = "amdsmi_get_gpu_perf_level")]
    pub fn perf_level(&self) -> Result<String> {
        let level = self.device().read_text("power_dpm_force_performance_level")?;
        Ok(perf_level_name(&level).to_owned())
    }

    /// The graphics clock overdrive, percent (`pp_sclk_od`).
    #[doc(alias = "amdsmi_get_gpu_overdrive_level")]
    pub fn overdrive_level(&self) -> Result<u32> {
        self.od_percent("pp_sclk_od")
    }

    /// The memory clock overdrive, percent (`pp_mclk_od`).
    #[doc(alias = "amdsmi_get_gpu_mem_overdrive_level")]
    pub fn mem_overdrive_level(&self) -> Result<u32> {
        self.od_percent("pp_mclk_od")
    }

    fn od_percent(&self, file: &str) -> Result<u32> {
        let gpu = self.device();
        sysfs::read_number(&gpu.attr(file))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn perf_levels() {
        assert_eq!(super::perf_level_name("profile_peak"), "AMDSMI_DEV_PERF_LEVEL_STABLE_PEAK");
        assert_eq!(super::perf_level_name("banana"), "AMDSMI_DEV_PERF_LEVEL_UNKNOWN");
    }
}

//! Reading the overdrive files: the [`Gpu`] methods over `pp_od_clk_voltage` and
//! `pp_power_profile_mode`, parsed by [`crate::parse::od`] and [`crate::parse::profile`] into the
//! types of the parent module.

use super::*;
use crate::error::{Error, Result, Status};
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::parse::od::parse_od_clk_voltage;
use crate::parse::profile::{self, parse_power_profile_mode};
use crate::parse::{self, ParseError};
use crate::sysfs;

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

//! Overdrive edits of `pp_od_clk_voltage`: clock limits (`s|m <index> <MHz>`), voltage curve
//! points (`vc <point> <MHz> <mV>`) and performance determinism, each committed with `c`.

use crate::error::{Error, Result, Status};
use crate::gpu::clock::AmdSmiClkType;
use crate::gpu::device::GpuDevice;
use crate::gpu::overdrive::{OdClkVoltage, OdRange};
use crate::gpu::Gpu;

use super::{invalid, perf_level_step, AmdSmiDevPerfLevel, Plan};

/// Which end of a clock range (`AmdSmiFreqInd`, AMD's values): the index written after `s`/`m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiFreqInd {
    /// The minimum (`s 0 <MHz>`).
    #[amd(name = "MIN")]
    Min = 0,
    /// The maximum (`s 1 <MHz>`).
    #[amd(name = "MAX")]
    Max = 1,
}

/// Which end of a clock range `amdsmi_set_gpu_clk_limit` sets (`amdsmi_clk_limit_type_t`,
/// AMD's values; the same indices as [`AmdSmiFreqInd`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiClkLimitType {
    /// The minimum (`CLK_LIMIT_MIN`).
    #[amd(name = "MIN")]
    Min = 0,
    /// The maximum (`CLK_LIMIT_MAX`).
    #[amd(name = "MAX")]
    Max = 1,
}

impl From<AmdSmiClkLimitType> for AmdSmiFreqInd {
    fn from(limit: AmdSmiClkLimitType) -> AmdSmiFreqInd {
        match limit {
            AmdSmiClkLimitType::Min => AmdSmiFreqInd::Min,
            AmdSmiClkLimitType::Max => AmdSmiFreqInd::Max,
        }
    }
}

const HZ_PER_MHZ: u64 = 1_000_000;

/// Whether `value` (in the range's unit) lies in `range`; a range the file does not give accepts
/// anything (the kernel then has the last word).
fn within(range: &OdRange, value: u64) -> bool {
    range.lower_bound.map_or(true, |lo| value >= lo) && range.upper_bound.map_or(true, |hi| value <= hi)
}

/// The command letter of `clk_type` (`s` graphics, `m` memory), after checking that `mhz` may be
/// written as its `level` end: the table must list the clock (NOT_SUPPORTED otherwise, e.g. RDNA4
/// graphics, which only takes an offset), have that end (Navi 1x memory has only a maximum), and
/// its `OD_RANGE` must contain the value (INVAL).
fn clock_edit(od: &OdClkVoltage, clk_type: AmdSmiClkType, level: AmdSmiFreqInd, mhz: u64) -> Result<&'static str> {
    let (letter, current, limits) = match clk_type {
        AmdSmiClkType::Sys => ("s", &od.info.curr_sclk_range, &od.info.sclk_freq_limits),
        AmdSmiClkType::Mem => ("m", &od.info.curr_mclk_range, &od.info.mclk_freq_limits),
        other => return Err(invalid(format!("{} has no overdrive range (SYS or MEM only)", other.name()))),
    };
    if current.upper_bound.is_none() {
        return Err(Error::new(Status::NotSupported)
            .with_detail(format!("pp_od_clk_voltage lists no {} clock levels", clk_type.name())));
    }
    if level == AmdSmiFreqInd::Min && current.lower_bound.is_none() {
        return Err(invalid(format!("the {} clock has no settable minimum", clk_type.name())));
    }
    let hz = mhz.checked_mul(HZ_PER_MHZ).filter(|&hz| hz > 0 && within(limits, hz));
    hz.ok_or_else(|| {
        invalid(format!("{} clock {mhz} MHz outside the overdrive range {}", clk_type.name(), mhz_range(limits)))
    })?;
    Ok(letter)
}

/// `500..=3000 MHz` (Hz bounds shown in MHz).
fn mhz_range(range: &OdRange) -> String {
    let end = |v: Option<u64>| v.map_or_else(|| "?".to_owned(), |v| (v / HZ_PER_MHZ).to_string());
    format!("{}..={} MHz", end(range.lower_bound), end(range.upper_bound))
}

/// The level switch, the edits to `pp_od_clk_voltage`, then the commit `c`.
fn od_plan(gpu: &GpuDevice, level: AmdSmiDevPerfLevel, edits: Vec<String>) -> Result<Plan> {
    let (perf, text) = perf_level_step(gpu, level)?;
    let od = gpu.attr("pp_od_clk_voltage");
    let plan = edits.into_iter().fold(Plan::one(perf, text), |plan, edit| plan.then(od.clone(), edit));
    Ok(plan.then(od, "c\n".to_owned()))
}

/// The plan of one voltage curve point, checked against the point's region.
pub(crate) fn volt_curve_plan(gpu: &GpuDevice, od: &OdClkVoltage, vpoint: u32, mhz: u64, mv: u64) -> Result<Plan> {
    if od.regions.is_empty() {
        return Err(Error::new(Status::NotSupported).with_detail("pp_od_clk_voltage has no voltage curve"));
    }
    let region = od
        .regions
        .get(vpoint as usize)
        .ok_or_else(|| invalid(format!("voltage curve point {vpoint} out of range (0..={})", od.regions.len() - 1)))?;
    let hz = mhz.checked_mul(HZ_PER_MHZ).filter(|&hz| hz > 0 && within(&region.freq_range, hz));
    hz.ok_or_else(|| invalid(format!("point {vpoint} clock {mhz} MHz outside {}", mhz_range(&region.freq_range))))?;
    if mv == 0 || !within(&region.volt_range, mv) {
        return Err(invalid(format!("point {vpoint} voltage {mv} mV outside its region")));
    }
    od_plan(gpu, AmdSmiDevPerfLevel::Manual, vec![format!("vc {vpoint} {mhz} {mv}\n")])
}

impl Gpu<'_> {
    /// Sets one end of the graphics (SYS) or memory (MEM) clock range, MHz: `manual`, then
    /// `s|m <0|1> <MHz>` and `c` to `pp_od_clk_voltage`.
    ///
    /// INVAL for another clock type or a value outside the table's `OD_RANGE`; NOT_SUPPORTED in a
    /// guest, with overdrive off, or when the table does not list that clock.
    #[doc(alias = "amdsmi_set_gpu_od_clk_info")]
    pub fn set_od_clk_info(&self, level: AmdSmiFreqInd, clk_value: u64, clk_type: AmdSmiClkType) -> Result<()> {
        self.refuse_guest()?;
        let od = self.od_clk_voltage()?;
        let letter = clock_edit(&od, clk_type, level, clk_value)?;
        let edit = format!("{letter} {} {clk_value}\n", level as u32);
        self.apply(&od_plan(self.device(), AmdSmiDevPerfLevel::Manual, vec![edit])?)
    }

    /// Sets the minimum or maximum of the graphics (SYS) or memory (MEM) clock, MHz: `manual`,
    /// then `s|m <0|1> <MHz>` and `c` to `pp_od_clk_voltage`, as AMD SMI's
    /// `rsmi_dev_clk_extremum_set` writes it. The new end must also not cross the other one
    /// (`OD_SCLK`/`OD_MCLK` of the table): a minimum above the current maximum, or a maximum
    /// below the current minimum, is INVAL (a range with min > max is no range), and nothing
    /// is written.
    ///
    /// NOT_SUPPORTED for another clock type (as [`Gpu::set_clk_range`]), in a guest, or with
    /// overdrive off; INVAL outside the table's `OD_RANGE`.
    #[doc(alias = "amdsmi_set_gpu_clk_limit")]
    pub fn set_clk_limit(&self, clk_type: AmdSmiClkType, limit_type: AmdSmiClkLimitType, clk_value: u64) -> Result<()> {
        if !matches!(clk_type, AmdSmiClkType::Sys | AmdSmiClkType::Mem) {
            return Err(
                Error::new(Status::NotSupported).with_detail(format!("{} has no clock limits", clk_type.name()))
            );
        }
        self.refuse_guest()?;
        let od = self.od_clk_voltage()?;
        let level = AmdSmiFreqInd::from(limit_type);
        let letter = clock_edit(&od, clk_type, level, clk_value)?;
        let current = if clk_type == AmdSmiClkType::Sys { &od.info.curr_sclk_range } else { &od.info.curr_mclk_range };
        let hz = clk_value.saturating_mul(HZ_PER_MHZ);
        let crosses = match level {
            AmdSmiFreqInd::Min => current.upper_bound.is_some_and(|max| hz > max),
            AmdSmiFreqInd::Max => current.lower_bound.is_some_and(|min| hz < min),
        };
        if crosses {
            return Err(invalid(format!(
                "{} clock {} {clk_value} MHz crosses the current range {}",
                clk_type.name(),
                limit_type.name(),
                mhz_range(current)
            )));
        }
        let edit = format!("{letter} {} {clk_value}\n", level as u32);
        self.apply(&od_plan(self.device(), AmdSmiDevPerfLevel::Manual, vec![edit])?)
    }

    /// Sets both ends of the graphics (SYS) or memory (MEM) clock range, MHz: `manual`, then
    /// `s|m 0 <min>`, `s|m 1 <max>` and `c` to `pp_od_clk_voltage`.
    ///
    /// INVAL when `min_clk_value >= max_clk_value` or a value is outside `OD_RANGE`;
    /// NOT_SUPPORTED for another clock type (as AMD SMI), in a guest, or with overdrive off.
    #[doc(alias = "amdsmi_set_gpu_clk_range")]
    pub fn set_clk_range(&self, min_clk_value: u64, max_clk_value: u64, clk_type: AmdSmiClkType) -> Result<()> {
        if min_clk_value >= max_clk_value {
            return Err(invalid(format!("clock range {min_clk_value}..{max_clk_value} MHz is empty")));
        }
        if !matches!(clk_type, AmdSmiClkType::Sys | AmdSmiClkType::Mem) {
            return Err(Error::new(Status::NotSupported).with_detail(format!("{} has no clock range", clk_type.name())));
        }
        self.refuse_guest()?;
        let od = self.od_clk_voltage()?;
        let letter = clock_edit(&od, clk_type, AmdSmiFreqInd::Min, min_clk_value)?;
        clock_edit(&od, clk_type, AmdSmiFreqInd::Max, max_clk_value)?;
        let edits = vec![format!("{letter} 0 {min_clk_value}\n"), format!("{letter} 1 {max_clk_value}\n")];
        self.apply(&od_plan(self.device(), AmdSmiDevPerfLevel::Manual, edits)?)
    }

    /// Sets voltage curve point `vpoint` (0-2) to `clk_value` MHz at `volt_value` mV: `manual`,
    /// then `vc <point> <MHz> <mV>` and `c` to `pp_od_clk_voltage`.
    ///
    /// INVAL for a point the curve does not have or a value outside the point's region;
    /// NOT_SUPPORTED in a guest or without a voltage curve (every part since Navi 2x).
    #[doc(alias = "amdsmi_set_gpu_od_volt_info")]
    pub fn set_od_volt_info(&self, vpoint: u32, clk_value: u64, volt_value: u64) -> Result<()> {
        self.refuse_guest()?;
        let od = self.od_clk_voltage()?;
        self.apply(&volt_curve_plan(self.device(), &od, vpoint, clk_value, volt_value)?)
    }

    /// Enters performance determinism with the graphics clock capped at `clkvalue` MHz:
    /// `perf_determinism`, then `s 1 <MHz>` and `c` to `pp_od_clk_voltage`.
    ///
    /// INVAL outside the graphics `OD_RANGE`; NOT_SUPPORTED in a guest or with overdrive off.
    #[doc(alias = "amdsmi_set_gpu_perf_determinism_mode")]
    pub fn set_perf_determinism_mode(&self, clkvalue: u64) -> Result<()> {
        self.refuse_guest()?;
        let od = self.od_clk_voltage()?;
        clock_edit(&od, AmdSmiClkType::Sys, AmdSmiFreqInd::Max, clkvalue)?;
        let edit = format!("s 1 {clkvalue}\n");
        self.apply(&od_plan(self.device(), AmdSmiDevPerfLevel::Determinism, vec![edit])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::od::parse_od_clk_voltage;
    use std::path::PathBuf;

    /// `upstream-captures/lact/rx5700xt/card1/device/pp_od_clk_voltage` (Navi 10), the one
    /// captured part with a voltage curve (not a fixture machine).
    const RX5700XT_OD: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/captured/rx5700xt.pp_od_clk_voltage"));

    fn gpu() -> GpuDevice {
        let device_dir = PathBuf::from("/sys/devices/pci0000:00/0000:0b:00.0");
        GpuDevice {
            bdf: crate::Bdf::parse("0000:0b:00.0").unwrap(),
            partition_id: 0,
            files: std::sync::Arc::new(crate::gpu::device::DeviceFiles::none(&device_dir)),
            drm: crate::gpu::drm::DrmSlot::default(),
            device_dir,
            card_minor: Some(1),
            render_minor: Some(128),
            kfd: None,
            hip_id: None,
        }
    }

    fn texts(plan: &Plan) -> Vec<(String, String)> {
        let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        plan.steps().iter().map(|s| (name(&s.path), s.text.clone())).collect()
    }

    fn pair(file: &str, text: &str) -> (String, String) {
        (file.to_owned(), text.to_owned())
    }

    #[test]
    fn voltage_curve_point_plan() {
        let od = parse_od_clk_voltage(RX5700XT_OD).unwrap();
        let plan = volt_curve_plan(&gpu(), &od, 2, 1950, 1150).unwrap();
        assert_eq!(
            texts(&plan),
            [
                pair("power_dpm_force_performance_level", "manual\n"),
                pair("pp_od_clk_voltage", "vc 2 1950 1150\n"),
                pair("pp_od_clk_voltage", "c\n"),
            ]
        );
        let status = |r: Result<Plan>| r.unwrap_err().status();
        assert_eq!(status(volt_curve_plan(&gpu(), &od, 3, 1950, 1150)), Status::Inval);
        assert_eq!(status(volt_curve_plan(&gpu(), &od, 0, 2151, 1150)), Status::Inval);
        assert_eq!(status(volt_curve_plan(&gpu(), &od, 0, 799, 1150)), Status::Inval);
        assert_eq!(status(volt_curve_plan(&gpu(), &od, 0, 1000, 1201)), Status::Inval);
        assert_eq!(status(volt_curve_plan(&gpu(), &od, 0, 1000, 749)), Status::Inval);
        assert_eq!(status(volt_curve_plan(&gpu(), &od, 0, u64::MAX, 800)), Status::Inval);
        let no_curve = parse_od_clk_voltage("OD_SCLK:\n0: 500Mhz\n1: 2500Mhz\n").unwrap();
        assert_eq!(status(volt_curve_plan(&gpu(), &no_curve, 0, 1000, 800)), Status::NotSupported);
    }

    #[test]
    fn clock_edits_follow_the_table() {
        let od = parse_od_clk_voltage(RX5700XT_OD).unwrap();
        assert_eq!(clock_edit(&od, AmdSmiClkType::Sys, AmdSmiFreqInd::Min, 800).unwrap(), "s");
        assert_eq!(clock_edit(&od, AmdSmiClkType::Mem, AmdSmiFreqInd::Max, 950).unwrap(), "m");
        let status = |r: Result<&str>| r.unwrap_err().status();
        // Navi 1x lists only the memory maximum: no minimum to set.
        assert_eq!(status(clock_edit(&od, AmdSmiClkType::Mem, AmdSmiFreqInd::Min, 700)), Status::Inval);
        assert_eq!(status(clock_edit(&od, AmdSmiClkType::Mem, AmdSmiFreqInd::Max, 951)), Status::Inval);
        assert_eq!(status(clock_edit(&od, AmdSmiClkType::Sys, AmdSmiFreqInd::Max, 0)), Status::Inval);
        assert_eq!(status(clock_edit(&od, AmdSmiClkType::Soc, AmdSmiFreqInd::Max, 900)), Status::Inval);
        let offset_only = parse_od_clk_voltage("OD_SCLK_OFFSET:\n0Mhz\nOD_MCLK:\n0: 97Mhz\n1: 1259Mhz\n").unwrap();
        assert_eq!(
            status(clock_edit(&offset_only, AmdSmiClkType::Sys, AmdSmiFreqInd::Max, 2000)),
            Status::NotSupported
        );
        // No OD_RANGE line for the clock: the kernel has the last word.
        assert_eq!(clock_edit(&offset_only, AmdSmiClkType::Mem, AmdSmiFreqInd::Min, 5000).unwrap(), "m");
    }
}

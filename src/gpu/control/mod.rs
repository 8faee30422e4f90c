//! Setters and resets: every change to a GPU's state.
//!
//! A setter validates its arguments against what the GPU reports (its DPM levels, overdrive
//! ranges, power cap limits, available modes and policies) before anything is written; an
//! out-of-range or malformed argument is INVAL (INPUT_OUT_OF_BOUNDS or SETTING_UNAVAILABLE where
//! AMD SMI uses those) and leaves every file as it was. It then applies a plan: the exact
//! writes, in order, each one `write` call through [`sysfs::write_text`] with the text the
//! kernel's store handler parses (newline-terminated, as `echo` writes it; `pm_policy` files
//! need the newline). A plan of several steps that fails part way (`pp_od_clk_voltage` refusing
//! the commit `c` after taking `s 1 2400`) names the step that failed and the steps already
//! written. EACCES/EPERM from the kernel are NO_PERM; the setters AMD SMI refuses in an SR-IOV
//! guest are NOT_SUPPORTED there.
//!
//! Where AMD SMI first switches `power_dpm_force_performance_level` to `manual` (DPM level
//! masks, power profiles, overdrive edits) or `perf_determinism`, the plan does too: that write is
//! its first step.

mod clock;
mod fan;
mod misc;
mod od;
mod partition;
mod power;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result, Status};
use crate::gpu::device::GpuDevice;
use crate::gpu::inventory::VirtualizationMode;
use crate::gpu::Gpu;
use crate::sysfs;

pub use clock::AmdSmiDevPerfLevel;
pub use misc::{DpmPolicy, DpmPolicyEntry};
pub use od::{AmdSmiClkLimitType, AmdSmiFreqInd};
pub use partition::{AmdSmiComputePartitionType, AmdSmiMemoryPartitionType};

/// Where a plan's writes go: the files themselves, or a recorder in tests.
pub(crate) trait Writer {
    /// Writes `text` to `path` in one call.
    fn write(&mut self, path: &Path, text: &str) -> Result<()>;
}

/// The writer of the real thing: [`sysfs::write_text`].
struct Sysfs;

impl Writer for Sysfs {
    fn write(&mut self, path: &Path, text: &str) -> Result<()> {
        sysfs::write_text(path, text)
    }
}

/// One write of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    /// The file written.
    pub(crate) path: PathBuf,
    /// The exact text written, in one call.
    pub(crate) text: String,
}

/// The writes of one setter, in order, decided before the first one is made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    steps: Vec<Step>,
}

impl Plan {
    /// A plan of one write.
    pub(crate) fn one(path: PathBuf, text: String) -> Plan {
        Plan::default().then(path, text)
    }

    /// This plan followed by one more write.
    pub(crate) fn then(mut self, path: PathBuf, text: String) -> Plan {
        self.steps.push(Step { path, text });
        self
    }

    /// The writes, in order.
    #[cfg(test)]
    pub(crate) fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Makes the writes in order, stopping at the first that fails. A failing step of a
    /// several-step plan keeps its status and path; its detail names the step (`step 3 of 3
    /// ("c\n")`) and what was already written before it.
    pub(crate) fn apply(&self, writer: &mut dyn Writer) -> Result<()> {
        let total = self.steps.len();
        for (index, step) in self.steps.iter().enumerate() {
            if let Err(err) = writer.write(&step.path, &step.text) {
                if total == 1 {
                    return Err(err);
                }
                let before = match index {
                    0 => "nothing was written".to_owned(),
                    1 => "step 1 was written".to_owned(),
                    n => format!("steps 1-{n} were written"),
                };
                let cause = err.detail().unwrap_or_default().to_owned();
                let detail = format!("step {} of {total} ({:?}) failed, {before}: {cause}", index + 1, step.text);
                return Err(err.with_detail(detail));
            }
        }
        Ok(())
    }
}

/// `<n>\n`: a number as the kernel's `kstrto*` store handlers take it.
fn line(value: impl std::fmt::Display) -> String {
    format!("{value}\n")
}

/// The 1-based hwmon channel number of a 0-based AMD SMI sensor index.
fn channel(sensor_idx: u32) -> Result<u32> {
    sensor_idx.checked_add(1).ok_or_else(|| Error::parameter(format!("sensor index {sensor_idx} out of range")))
}

/// An argument outside what the GPU accepts: INVAL with `detail`, nothing written.
fn invalid(detail: impl Into<String>) -> Error {
    Error::new(Status::Inval).with_detail(detail)
}

impl Gpu<'_> {
    /// Applies `plan` to the files.
    fn apply(&self, plan: &Plan) -> Result<()> {
        plan.apply(&mut Sysfs)
    }

    /// NOT_SUPPORTED in an SR-IOV guest (VF), where AMD SMI refuses the setters that call this
    /// ("bare metal only"). A GPU whose mode cannot be read (amdgpu DRM before 3.62, no render
    /// node) is not a guest.
    fn refuse_guest(&self) -> Result<()> {
        match self.virtualization_mode() {
            Ok(info) if info.mode == VirtualizationMode::Guest => Err(Error::new(Status::NotSupported)
                .with_detail(format!("{}: not supported in a virtual machine guest", self.device().bdf))),
            _ => Ok(()),
        }
    }
}

/// The write that sets the performance level to `level` (`power_dpm_force_performance_level`).
fn perf_level_step(gpu: &GpuDevice, level: AmdSmiDevPerfLevel) -> Result<(PathBuf, String)> {
    let name =
        level.kernel_name().ok_or_else(|| invalid(format!("{} is not a settable performance level", level.name())))?;
    Ok((gpu.attr("power_dpm_force_performance_level"), line(name)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Records every write; fails the write number `fail_at` (1-based) with `error`.
    pub(crate) struct Recorder {
        pub(crate) written: Vec<(PathBuf, String)>,
        pub(crate) fail_at: Option<(usize, Error)>,
        calls: usize,
    }

    impl Recorder {
        pub(crate) fn new() -> Recorder {
            Recorder { written: Vec::new(), fail_at: None, calls: 0 }
        }

        pub(crate) fn failing_at(step: usize, error: Error) -> Recorder {
            Recorder { fail_at: Some((step, error)), ..Recorder::new() }
        }
    }

    impl Writer for Recorder {
        fn write(&mut self, path: &Path, text: &str) -> Result<()> {
            self.calls += 1;
            if let Some((step, err)) = &self.fail_at {
                if *step == self.calls {
                    return Err(err.clone().with_path(path));
                }
            }
            self.written.push((path.to_path_buf(), text.to_owned()));
            Ok(())
        }
    }

    fn einval(path: &str) -> Error {
        Error::io(Path::new(path), &std::io::Error::from_raw_os_error(22))
    }

    #[test]
    fn plan_stops_at_the_failing_step_and_names_it() {
        let od = PathBuf::from("/d/pp_od_clk_voltage");
        let perf = PathBuf::from("/d/power_dpm_force_performance_level");
        let plan = Plan::one(perf.clone(), "manual\n".into())
            .then(od.clone(), "s 1 2400\n".into())
            .then(od.clone(), "c\n".into());
        let mut recorder = Recorder::failing_at(3, einval("/d/pp_od_clk_voltage"));
        let err = plan.apply(&mut recorder).unwrap_err();
        assert_eq!(err.status(), Status::Inval);
        assert_eq!(err.path(), Some(od.as_path()));
        assert_eq!(
            err.detail(),
            Some("step 3 of 3 (\"c\\n\") failed, steps 1-2 were written: Invalid argument (os error 22)")
        );
        assert_eq!(recorder.written, [(perf.clone(), "manual\n".to_owned()), (od.clone(), "s 1 2400\n".to_owned())]);

        let mut first = Recorder::failing_at(1, Error::io(&perf, &std::io::Error::from_raw_os_error(13)));
        let err = plan.apply(&mut first).unwrap_err();
        assert_eq!(err.status(), Status::NoPerm);
        assert!(err.detail().unwrap().starts_with("step 1 of 3 (\"manual\\n\") failed, nothing was written"));
        assert!(first.written.is_empty());

        let mut second = Recorder::failing_at(2, einval("/d/pp_od_clk_voltage"));
        let err = plan.apply(&mut second).unwrap_err();
        assert!(err.detail().unwrap().starts_with("step 2 of 3 (\"s 1 2400\\n\") failed, step 1 was written"));
    }

    #[test]
    fn one_step_plan_keeps_the_plain_error() {
        let path = PathBuf::from("/h/power1_cap");
        let plan = Plan::one(path.clone(), "250000000\n".into());
        let err = plan.apply(&mut Recorder::failing_at(1, einval("/h/power1_cap"))).unwrap_err();
        assert_eq!(err, einval("/h/power1_cap"));
        let mut ok = Recorder::new();
        plan.apply(&mut ok).unwrap();
        assert_eq!(ok.written, [(path, "250000000\n".to_owned())]);
    }
}

//! `amd-smi reset [-g GPU...] [resets]`: return GPU settings to their defaults with AMD SMI's
//! options, and print what was reset. Without `-g`, every GPU, as AMD's `amd-smi reset` does.
//!
//! As in amd-smi, the clock, fan, profile, XGMI error and determinism resets are best effort (a
//! reset the GPU does not support reports `N/A`), while a permission error stops everything, and
//! so does any failure of the GPU reset, the power cap reset or the local data cleaning.
//! (amd-smi's `--compute-partition` / `--memory-partition` resets were removed from AMD SMI in
//! October 2024, with their library functions; they are not offered.)

use amdsmi::{AmdSmiDevPerfLevel, AmdSmiPowerProfilePresetMasks, Context, Error, ProcessorHandle, Status};
use serde::Serialize;

use crate::render::{self, sections, Na};
use crate::set::{failed, on_targets};

/// Options of `reset`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    gpus: crate::select::Gpus,
    /// Reset the GPU (debugfs amdgpu_gpu_recover; needs root)
    #[arg(short = 'G', long)]
    gpureset: bool,
    /// Reset clocks and overdrive to default
    #[arg(short = 'c', long)]
    clocks: bool,
    /// Reset fans to automatic (driver) control
    #[arg(short = 'f', long)]
    fans: bool,
    /// Reset power profile back to default
    #[arg(short = 'p', long)]
    profile: bool,
    /// Reset XGMI error counts
    #[arg(short = 'x', long)]
    xgmierr: bool,
    /// Disable performance determinism
    #[arg(short = 'd', long = "perf-determinism")]
    perf_determinism: bool,
    /// Reset power capacity limit to its default
    #[arg(short = 'o', long = "power-cap")]
    power_cap: bool,
    /// Clean up local data in LDS/GPRs on a per partition basis
    #[arg(short = 'l', long = "clean-local-data")]
    clean_local_data: bool,
    #[command(flatten)]
    output: render::Output,
}

impl Args {
    fn any(&self) -> bool {
        [
            self.gpureset,
            self.clocks,
            self.fans,
            self.profile,
            self.xgmierr,
            self.perf_determinism,
            self.power_cap,
            self.clean_local_data,
        ]
        .contains(&true)
    }
}

/// `message` when `result` is Ok, `N/A` when the GPU cannot do it; permission errors stop.
fn best_effort(
    result: amdsmi::Result<()>,
    message: &'static str,
    fail: &dyn Fn(Error) -> Error,
) -> amdsmi::Result<Na<&'static str>> {
    match result {
        Ok(()) => Ok(Na(Some(message))),
        Err(err) if err.status() == Status::NoPerm => Err(fail(err)),
        Err(_) => Ok(Na::NA),
    }
}

/// The `reset_clocks` messages.
#[derive(Serialize, PartialEq)]
struct ResetClocks {
    overdrive: Na<&'static str>,
    clocks: Na<&'static str>,
    performance: Na<&'static str>,
}

/// The `reset_profile` messages.
#[derive(Serialize, PartialEq)]
struct ResetProfile {
    power_profile: Na<&'static str>,
    performance_level: Na<&'static str>,
}

sections! {
    /// What `reset` did on one GPU: a message per reset, in the order they are applied.
    #[derive(Default, PartialEq)]
    struct Reset {
        gpu_reset: &'static str,
        reset_clocks: ResetClocks,
        reset_fans: Na<&'static str>,
        reset_profile: ResetProfile,
        reset_xgmi_err: Na<&'static str>,
        reset_perf_determinism: Na<&'static str>,
        powercap: String,
        clean_local_data: &'static str,
    }
}

/// Applies every reset given to one GPU, recording a message per reset in `rec`.
fn apply(context: &Context, args: &Args, index: usize, gpu: ProcessorHandle, rec: &mut Reset) -> amdsmi::Result<()> {
    let fail = |action: &'static str| move |err: Error| failed(err, action, context, index, gpu);
    let auto = || context.gpu(gpu).and_then(|g| g.set_perf_level(AmdSmiDevPerfLevel::Auto));
    if args.gpureset {
        context.gpu(gpu).and_then(|g| g.reset()).map_err(fail("reset the GPU"))?;
        rec.gpu_reset = Some("Successfully reset GPU");
    }
    if args.clocks {
        let overdrive = best_effort(
            context.gpu(gpu).and_then(|g| g.set_overdrive_level(0)),
            "Overdrive set to 0",
            &fail("reset overdrive"),
        )?;
        // amd-smi sets `auto` twice here, once per message; one write says both.
        let level = auto();
        let clocks = best_effort(level.clone(), "Successfully reset clocks", &fail("reset clocks"))?;
        let performance = best_effort(level, "Performance level reset to auto", &fail("reset the performance level"))?;
        rec.reset_clocks = Some(ResetClocks { overdrive, clocks, performance });
    }
    if args.fans {
        let fans = best_effort(
            context.gpu(gpu).and_then(|g| g.reset_fan(0)),
            "Successfully reset fan speed to driver control",
            &fail("reset fans"),
        )?;
        rec.reset_fans = Some(fans);
    }
    if args.profile {
        let bootup =
            context.gpu(gpu).and_then(|g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::BootupDefault));
        let profile = best_effort(bootup, "Successfully reset Power Profile", &fail("reset the power profile"))?;
        let level = best_effort(auto(), "Successfully reset Performance Level", &fail("reset the performance level"))?;
        rec.reset_profile = Some(ResetProfile { power_profile: profile, performance_level: level });
    }
    if args.xgmierr {
        let xgmi = best_effort(
            context.gpu(gpu).and_then(|g| g.reset_xgmi_error()),
            "Successfully reset XGMI Error count",
            &fail("reset XGMI errors"),
        )?;
        rec.reset_xgmi_err = Some(xgmi);
    }
    if args.perf_determinism {
        let level = best_effort(
            auto(),
            "Successfully disabled performance determinism",
            &fail("disable performance determinism"),
        )?;
        rec.reset_perf_determinism = Some(level);
    }
    if args.power_cap {
        let caps = context.gpu(gpu).and_then(|g| g.power_cap_info()).map_err(fail("read the power cap"))?;
        let default = caps.default_power_cap.ok_or_else(|| {
            failed(
                Error::new(Status::NotSupported).with_detail("no default power cap"),
                "reset the power cap",
                context,
                index,
                gpu,
            )
        })?;
        let watts = default / 1_000_000;
        if caps.power_cap == default {
            rec.powercap = Some(format!("Power cap is already set to {watts}"));
        } else {
            context.gpu(gpu).and_then(|g| g.set_power_cap(0, default)).map_err(fail("reset the power cap"))?;
            rec.powercap = Some(format!("Successfully set power cap to {watts}"));
        }
    }
    if args.clean_local_data {
        context.gpu(gpu).and_then(|g| g.clean_local_data()).map_err(fail("clean local data"))?;
        rec.clean_local_data = Some("Successfully clean GPU local data");
    }
    Ok(())
}

/// Runs `reset`: every reset on every target GPU, then prints what was reset.
pub fn run(context: &Context, args: &Args, emit: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    if !args.any() {
        return Err(Error::parameter("amd-smi reset needs a reset (see amd-smi reset --help)"));
    }
    on_targets(context, &args.gpus, args.output, emit, |index, gpu, rec| apply(context, args, index, gpu, rec))
}

//! `amd-smi set [-g GPU...] [settings]`: change GPU settings with AMD SMI's options, and print
//! what changed. Without `-g`, every GPU, as AMD's `amd-smi set` (7.0 series) does.
//!
//! Several settings may be given at once; they are applied in AMD's order (fan, performance
//! level, profile, determinism, compute and memory partition, power cap, SoC P-state, XGMI
//! policy, clock limit, process isolation, clock levels), GPU by GPU. The first failure stops:
//! what changed until then is printed, then the error. CPU and core settings (`-U`, `-O`) are
//! [`crate::epyc::SetArgs`]; they need no `-g` and run after the GPU settings.

use amdsmi::{
    AmdSmiClkType, AmdSmiComputePartitionType, AmdSmiDevPerfLevel, AmdSmiFreqInd, AmdSmiMemoryPartitionType,
    AmdSmiPowerProfilePresetMasks, Context, Error, ProcessorHandle, Status,
};
use serde::Serialize;

use crate::render::{self, sections};

/// Options of `set`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    gpus: crate::select::Gpus,
    /// Fan speed: 0-255, or 0-100%
    #[arg(short = 'f', long, value_name = "%", value_parser = parse_fan)]
    fan: Option<u64>,
    /// Performance level: AUTO, LOW, HIGH, MANUAL, STABLE_STD, STABLE_PEAK, STABLE_MIN_MCLK, STABLE_MIN_SCLK, DETERMINISM
    #[arg(short = 'l', long = "perf-level", value_name = "LEVEL", value_parser = parse_perf_level)]
    perf_level: Option<AmdSmiDevPerfLevel>,
    /// Power profile: BOOTUP_DEFAULT, 3D_FULL_SCREEN, POWER_SAVING, VIDEO, VR, COMPUTE, CUSTOM
    #[arg(short = 'P', long, value_name = "PROFILE", value_parser = parse_profile)]
    profile: Option<AmdSmiPowerProfilePresetMasks>,
    /// Enter performance determinism with the graphics clock capped at SCLKMAX MHz
    #[arg(short = 'd', long = "perf-determinism", value_name = "SCLKMAX")]
    perf_determinism: Option<u64>,
    /// Compute partition mode: SPX, DPX, TPX, QPX, CPX
    #[arg(short = 'C', long = "compute-partition", value_name = "PARTITION", value_parser = parse_compute_partition)]
    compute_partition: Option<AmdSmiComputePartitionType>,
    /// Memory partition mode: NPS1, NPS2, NPS4, NPS8
    #[arg(short = 'M', long = "memory-partition", value_name = "PARTITION", value_parser = parse_memory_partition)]
    memory_partition: Option<AmdSmiMemoryPartitionType>,
    /// Power cap, W
    #[arg(short = 'o', long = "power-cap", value_name = "WATTS", value_parser = clap::value_parser!(u64).range(1..))]
    power_cap: Option<u64>,
    /// SoC P-state policy id (`amd-smi dump --function amdsmi_get_soc_pstate` lists them)
    #[arg(short = 'p', long = "soc-pstate", value_name = "POLICY_ID")]
    soc_pstate: Option<u32>,
    /// XGMI per-link power-down policy id (`amd-smi dump --function amdsmi_get_xgmi_plpd` lists them)
    #[arg(short = 'x', long = "xgmi-plpd", value_name = "POLICY_ID")]
    xgmi_plpd: Option<u32>,
    /// Graphics or memory clock minimum or maximum, MHz: (sclk|mclk) (min|max) VALUE
    #[arg(short = 'L', long = "clk-limit", num_args = 3, value_names = ["CLK_TYPE", "LIM_TYPE", "VALUE"])]
    clk_limit: Option<Vec<String>>,
    /// Process isolation of the GPU's partition: 0 disable, 1 enable
    #[arg(short = 'R', long = "process-isolation", value_name = "STATUS", value_parser = clap::value_parser!(u32).range(0..=1))]
    process_isolation: Option<u32>,
    /// Allowed DPM levels of a clock: (sclk|mclk|pcie|fclk|socclk) LEVEL...
    #[arg(short = 'c', long = "clk-level", num_args = 2.., value_names = ["CLK_TYPE", "LEVELS"])]
    clk_level: Option<Vec<String>>,
    /// CPU and core settings (`-U`, `-O`, `--cpu-*`, `--soc-boost-limit`, `--core-boost-limit`)
    #[command(flatten)]
    cpu: crate::epyc::SetArgs,
    #[command(flatten)]
    output: render::Output,
}

/// Whether `set` changes CPUs (a CPU or core setting was given).
pub fn wants_cpus(args: &Args) -> bool {
    args.cpu.any()
}

/// `128` (duty 0-255) or `50%` (of 255, rounded down as amd-smi does).
fn parse_fan(text: &str) -> Result<u64, String> {
    match text.strip_suffix('%') {
        Some(pct) => match pct.parse::<u64>() {
            Ok(p) if p <= 100 => Ok(p * 255 / 100),
            _ => Err(format!("'{text}' needs to be 0-100%")),
        },
        None => text.parse::<u64>().ok().filter(|&v| v <= 255).ok_or_else(|| format!("'{text}' needs to be 0-255")),
    }
}

/// One of `choices` by its name, case-insensitively.
fn by_name<T: Copy>(text: &str, choices: &[T], name: fn(T) -> &'static str) -> Result<T, String> {
    choices.iter().copied().find(|&c| name(c).eq_ignore_ascii_case(text)).ok_or_else(|| {
        let names: Vec<&str> = choices.iter().map(|&c| name(c)).collect();
        format!("'{text}' is not one of {}", names.join(", "))
    })
}

fn parse_perf_level(text: &str) -> Result<AmdSmiDevPerfLevel, String> {
    by_name(text, &AmdSmiDevPerfLevel::ALL, AmdSmiDevPerfLevel::name)
}

fn parse_compute_partition(text: &str) -> Result<AmdSmiComputePartitionType, String> {
    by_name(text, &AmdSmiComputePartitionType::ALL, AmdSmiComputePartitionType::name)
}

fn parse_memory_partition(text: &str) -> Result<AmdSmiMemoryPartitionType, String> {
    by_name(text, &AmdSmiMemoryPartitionType::ALL, AmdSmiMemoryPartitionType::name)
}

/// A profile by its amdgpu name (`COMPUTE`, `3D_FULL_SCREEN`) or AMD SMI's (`COMPUTE_MASK`,
/// `THREE_D_FULL_SCR_MASK`).
fn parse_profile(text: &str) -> Result<AmdSmiPowerProfilePresetMasks, String> {
    let upper = text.to_ascii_uppercase();
    let name = upper.strip_suffix("_MASK").unwrap_or(&upper);
    let name = if name == "THREE_D_FULL_SCR" { "3D_FULL_SCREEN" } else { name };
    AmdSmiPowerProfilePresetMasks::from_kernel_name(name).ok_or_else(|| {
        format!("'{text}' is not one of BOOTUP_DEFAULT, 3D_FULL_SCREEN, POWER_SAVING, VIDEO, VR, COMPUTE, CUSTOM")
    })
}

/// `err` with what was being done and on which GPU in front of its detail.
pub(crate) fn failed(err: Error, action: &str, context: &Context, index: usize, gpu: ProcessorHandle) -> Error {
    let bdf =
        context.gpu(gpu).and_then(|g| g.device_bdf()).map_or_else(|_| "BDF unavailable".to_owned(), |b| b.to_string());
    let elevation = if err.status() == Status::NoPerm { " (requires elevation)" } else { "" };
    let detail = match err.detail() {
        Some(detail) => format!("unable to {action} on GPU {index} ({bdf}){elevation}: {detail}"),
        None => format!("unable to {action} on GPU {index} ({bdf}){elevation}"),
    };
    err.with_detail(detail)
}

/// Runs `apply` on every GPU `gpus` selects, one after the other, then prints what it recorded
/// (what changed, one record per GPU that changed) and returns the first failure, which stops
/// the run.
pub(crate) fn on_targets<T: Serialize + Default + PartialEq>(
    context: &Context,
    gpus: &crate::select::Gpus,
    output: render::Output,
    emit: &mut dyn FnMut(&str) -> bool,
    mut apply: impl FnMut(usize, ProcessorHandle, &mut T) -> amdsmi::Result<()>,
) -> amdsmi::Result<()> {
    let mut records = Vec::new();
    let mut result = Ok(());
    for (index, gpu) in gpus.resolve(context)? {
        let mut rec = T::default();
        result = apply(index, gpu, &mut rec);
        if rec != T::default() {
            records.push((index, rec));
        }
        if result.is_err() {
            break;
        }
    }
    if !records.is_empty() {
        emit(&render::records(output, "gpu", &records));
    }
    result
}

sections! {
    /// What `set` changed on one GPU: a message per setting, in the order they are applied.
    #[derive(Default, PartialEq)]
    struct Changed {
        fan: String,
        perflevel: String,
        profile: String,
        perfdeterminism: String,
        computepartition: String,
        memorypartition: String,
        powercap: String,
        socpstate: String,
        xgmiplpd: String,
        clk_limit: String,
        process_isolation: String,
        clk_level: String,
    }
}

/// A clock type of `--clk-limit` / `--clk-level`.
fn clock(name: &str, allowed: &[(&str, AmdSmiClkType)]) -> amdsmi::Result<AmdSmiClkType> {
    allowed.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|&(_, c)| c).ok_or_else(|| {
        let names: Vec<&str> = allowed.iter().map(|(n, _)| *n).collect();
        Error::parameter(format!("clock type {name:?} is not one of {}", names.join(", ")))
    })
}

/// What `--clk-limit` asks for: clock, end, MHz.
fn clk_limit(words: &[String]) -> amdsmi::Result<(AmdSmiClkType, AmdSmiFreqInd, u64)> {
    let [clk, end, value] = words else { return Err(Error::parameter("--clk-limit takes CLK_TYPE LIM_TYPE VALUE")) };
    let clk = clock(clk, &[("sclk", AmdSmiClkType::Sys), ("mclk", AmdSmiClkType::Mem)])?;
    let end = match end.to_ascii_lowercase().as_str() {
        "min" => AmdSmiFreqInd::Min,
        "max" => AmdSmiFreqInd::Max,
        _ => return Err(Error::parameter(format!("limit type {end:?} is not min or max"))),
    };
    let value = value.parse().map_err(|_| Error::parameter(format!("clock value {value:?} is not a number of MHz")))?;
    Ok((clk, end, value))
}

/// What `--clk-level` asks for: clock and level mask.
fn clk_level(words: &[String]) -> amdsmi::Result<(AmdSmiClkType, u64)> {
    let Some((clk, levels)) = words.split_first() else {
        return Err(Error::parameter("--clk-level takes CLK_TYPE LEVELS"));
    };
    let clk = clock(
        clk,
        &[
            ("sclk", AmdSmiClkType::Sys),
            ("mclk", AmdSmiClkType::Mem),
            ("pcie", AmdSmiClkType::Pcie),
            ("fclk", AmdSmiClkType::Df),
            ("socclk", AmdSmiClkType::Soc),
        ],
    )?;
    let mut mask = 0u64;
    for level in levels {
        let bit = level.parse::<u32>().ok().filter(|&l| l < 64);
        let bit = bit.ok_or_else(|| Error::parameter(format!("clock level {level:?} needs to be 0-63")))?;
        mask |= 1 << bit;
    }
    Ok((clk, mask))
}

impl Args {
    fn any(&self) -> bool {
        self.fan.is_some()
            || self.perf_level.is_some()
            || self.profile.is_some()
            || self.perf_determinism.is_some()
            || self.compute_partition.is_some()
            || self.memory_partition.is_some()
            || self.power_cap.is_some()
            || self.soc_pstate.is_some()
            || self.xgmi_plpd.is_some()
            || self.clk_limit.is_some()
            || self.process_isolation.is_some()
            || self.clk_level.is_some()
    }
}

/// Applies every setting given to one GPU, recording a message per setting in `rec`.
fn apply(context: &Context, args: &Args, index: usize, gpu: ProcessorHandle, rec: &mut Changed) -> amdsmi::Result<()> {
    let fail = |err: Error, action: String| failed(err, &action, context, index, gpu);
    if let Some(speed) = args.fan {
        context
            .gpu(gpu)
            .and_then(|g| g.set_fan_speed(0, speed))
            .map_err(|e| fail(e, format!("set fan speed {speed}")))?;
        rec.fan = Some(format!("Successfully set fan speed {speed}"));
    }
    if let Some(level) = args.perf_level {
        context
            .gpu(gpu)
            .and_then(|g| g.set_perf_level(level))
            .map_err(|e| fail(e, format!("set performance level {}", level.name())))?;
        rec.perflevel = Some(format!("Successfully set performance level {}", level.name()));
    }
    if let Some(profile) = args.profile {
        context
            .gpu(gpu)
            .and_then(|g| g.set_power_profile(0, profile))
            .map_err(|e| fail(e, format!("set power profile {}", profile.name())))?;
        rec.profile = Some(format!("Successfully set power profile {}", profile.name()));
    }
    if let Some(mhz) = args.perf_determinism {
        let action = format!("set performance determinism and clock frequency to {mhz}");
        context.gpu(gpu).and_then(|g| g.set_perf_determinism_mode(mhz)).map_err(|e| fail(e, action))?;
        rec.perfdeterminism =
            Some(format!("Successfully enabled performance determinism and set GFX clock frequency to {mhz}"));
    }
    if let Some(mode) = args.compute_partition {
        let action = format!("set compute partition to {}", mode.name());
        context.gpu(gpu).and_then(|g| g.set_compute_partition(mode)).map_err(|e| fail(e, action))?;
        rec.computepartition = Some(format!("Successfully set compute partition to {}", mode.name()));
    }
    if let Some(mode) = args.memory_partition {
        let action = format!("set memory partition to {}", mode.name());
        context.gpu(gpu).and_then(|g| g.set_memory_partition(mode)).map_err(|e| fail(e, action))?;
        rec.memorypartition = Some(format!("Successfully set memory partition to {}", mode.name()));
    }
    if let Some(watts) = args.power_cap {
        let action = format!("set power cap to {watts} W");
        let uw = watts.checked_mul(1_000_000).ok_or_else(|| Error::parameter(format!("{watts} W is too large")))?;
        if context.gpu(gpu).and_then(|g| g.power_cap_info()).map_err(|e| fail(e, action.clone()))?.power_cap == uw {
            rec.powercap = Some(format!("Power cap is already set to {watts}"));
        } else {
            context.gpu(gpu).and_then(|g| g.set_power_cap(0, uw)).map_err(|e| fail(e, action))?;
            rec.powercap = Some(format!("Successfully set power cap to {watts}"));
        }
    }
    if let Some(id) = args.soc_pstate {
        context
            .gpu(gpu)
            .and_then(|g| g.set_soc_pstate(id))
            .map_err(|e| fail(e, format!("set dpm soc pstate policy to {id}")))?;
        rec.socpstate = Some(format!("Successfully set soc pstate dpm policy to id {id}"));
    }
    if let Some(id) = args.xgmi_plpd {
        context.gpu(gpu).and_then(|g| g.set_xgmi_plpd(id)).map_err(|e| fail(e, format!("set XGMI policy to {id}")))?;
        rec.xgmiplpd = Some(format!("Successfully set per-link power down policy to id {id}"));
    }
    if let Some(words) = &args.clk_limit {
        let (clk, end, mhz) = clk_limit(words)?;
        let what = format!("{} of {} to {mhz}", words[1].to_ascii_lowercase(), words[0].to_ascii_lowercase());
        context.gpu(gpu).and_then(|g| g.set_od_clk_info(end, mhz, clk)).map_err(|e| fail(e, format!("set {what}")))?;
        rec.clk_limit = Some(format!("Successfully changed {what}"));
    }
    if let Some(wanted) = args.process_isolation {
        let state = if wanted == 1 { "Enabled" } else { "Disabled" };
        let action = format!("set process isolation to {state}");
        if context.gpu(gpu).and_then(|g| g.process_isolation()).map_err(|e| fail(e, action.clone()))? == wanted {
            rec.process_isolation = Some(format!("Process isolation is already {state}"));
        } else {
            context.gpu(gpu).and_then(|g| g.set_process_isolation(wanted)).map_err(|e| fail(e, action))?;
            rec.process_isolation = Some(format!("Successfully set process isolation to {state}"));
        }
    }
    if let Some(words) = &args.clk_level {
        let (clk, mask) = clk_level(words)?;
        let levels = words[1..].join(" ");
        let name = words[0].to_ascii_lowercase();
        context
            .gpu(gpu)
            .and_then(|g| g.set_clk_freq(clk, mask))
            .map_err(|e| fail(e, format!("set {name} levels {levels}")))?;
        rec.clk_level = Some(format!("Successfully set {name} levels {levels}"));
    }
    Ok(())
}

/// Runs `set`: every GPU setting on every target GPU, then the CPU settings on the target CPUs
/// and cores, printing what changed.
pub fn run(context: &Context, args: &Args, emit: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    if !args.any() && !args.cpu.any() {
        return Err(Error::parameter("amd-smi set needs a setting (see amd-smi set --help)"));
    }
    if args.any() {
        on_targets(context, &args.gpus, args.output, emit, |index, gpu, rec| apply(context, args, index, gpu, rec))?;
    }
    crate::epyc::set_run(context, &args.cpu, args.output, emit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_parsers() {
        assert_eq!(parse_fan("50%"), Ok(127));
        assert_eq!(parse_fan("100%"), Ok(255));
        assert_eq!(parse_fan("128"), Ok(128));
        assert!(parse_fan("256").is_err() && parse_fan("101%").is_err() && parse_fan("x").is_err());
        assert_eq!(parse_perf_level("stable_peak"), Ok(AmdSmiDevPerfLevel::StablePeak));
        assert!(parse_perf_level("UNKNOWN").is_err());
        assert_eq!(parse_profile("compute"), Ok(AmdSmiPowerProfilePresetMasks::Compute));
        assert_eq!(parse_profile("THREE_D_FULL_SCR_MASK"), Ok(AmdSmiPowerProfilePresetMasks::FullScreen3d));
        assert!(parse_profile("WINDOW_3D").is_err());
        assert_eq!(parse_compute_partition("cpx"), Ok(AmdSmiComputePartitionType::Cpx));
        assert!(parse_compute_partition("INVALID").is_err());
        assert_eq!(parse_memory_partition("NPS4"), Ok(AmdSmiMemoryPartitionType::Nps4));
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            clk_limit(&words(&["mclk", "max", "1000"])).unwrap(),
            (AmdSmiClkType::Mem, AmdSmiFreqInd::Max, 1000)
        );
        assert!(clk_limit(&words(&["fclk", "max", "1000"])).is_err());
        assert!(clk_limit(&words(&["sclk", "mid", "1000"])).is_err());
        assert_eq!(clk_level(&words(&["fclk", "0", "2"])).unwrap(), (AmdSmiClkType::Df, 0b101));
        assert!(clk_level(&words(&["sclk", "64"])).is_err());
        assert!(clk_level(&words(&["vclk", "0"])).is_err());
    }
}

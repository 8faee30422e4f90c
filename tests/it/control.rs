//! Setters and resets on writable copies of the fixture machines: every setter writes exactly
//! the expected bytes to exactly the expected files and nothing else changes (the whole tree is
//! compared before and after); every refused argument leaves the tree unchanged.
//!
//! The fixture files are regular files, so each holds the bytes of its last write: a plan that
//! writes `s 1 2400` then `c` to `pp_od_clk_voltage` leaves `c\n` there. The order and content
//! of every write of a multi-step plan, and the failure of a middle or last step (a
//! `pp_od_clk_voltage` refusing the commit), are checked with a recording writer in the unit
//! tests of `src/gpu/control/`.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use amdsmi::*;

use crate::common::{self, tree, Node};

/// A writable copy of a fixture machine and a context on it.
struct Machine {
    name: String,
    dir: tempfile::TempDir,
    ctx: Context,
}

impl Machine {
    fn new(name: &str) -> Machine {
        let dir = common::copy_machine(name);
        let ctx = Context::builder().root(dir.path()).build().unwrap();
        Machine { name: name.to_owned(), dir, ctx }
    }

    fn gpu(&self, index: usize) -> ProcessorHandle {
        self.ctx.processor_handles()[index]
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs `f` on the context; its result and every file it changed (path: new text). Any
    /// other change (a file removed or created, a link or directory touched) fails the test.
    fn run<T>(&self, f: impl FnOnce(&Context) -> Result<T>) -> (Result<T>, BTreeMap<String, String>) {
        let before = tree(self.dir.path());
        let result = f(&self.ctx);
        let after = tree(self.dir.path());
        let mut changed = BTreeMap::new();
        for (path, node) in &after {
            match (before.get(path), node) {
                (Some(old), new) if old == new => {}
                (Some(Node::File(_)), Node::File(bytes)) => {
                    changed.insert(path.clone(), String::from_utf8(bytes.clone()).unwrap());
                }
                (old, new) => panic!("{path}: {old:?} became {new:?}"),
            }
        }
        let removed: Vec<&String> = before.keys().filter(|p| !after.contains_key(*p)).collect();
        assert!(removed.is_empty(), "removed: {removed:?}");
        (result, changed)
    }

    /// `f` succeeds and writes exactly `writes` (path relative to the root, final text); the
    /// written files then get their fixture content back, so each check starts from the fixture.
    #[track_caller]
    fn writes(&self, f: impl FnOnce(&Context) -> Result<()>, writes: &[(&str, &str)]) {
        let (result, changed) = self.run(f);
        result.unwrap();
        let expected: BTreeMap<String, String> = writes.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        assert_eq!(changed, expected);
        for path in changed.keys() {
            fs::copy(common::machine(&self.name).join(path), self.path(path)).unwrap();
        }
    }

    /// `f` fails with `status` and changes nothing; the error is returned for more checks.
    #[track_caller]
    fn refuses<T: std::fmt::Debug>(&self, f: impl FnOnce(&Context) -> Result<T>, status: Status) -> Error {
        let (result, changed) = self.run(f);
        let err = result.unwrap_err();
        assert_eq!(err.status(), status, "{err}");
        assert!(changed.is_empty(), "refused call changed {changed:?}");
        err
    }
}

const RX6900XT: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0";
const RX6900XT_HWMON: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0/hwmon/hwmon5";
const RX7900XTX: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:03:00.0";
const RX9070: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:03:00.0";
const MI300X_GPU0: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0";

fn at(dir: &str, file: &str) -> String {
    format!("{dir}/{file}")
}

#[test]
fn power_cap_within_the_reported_limits() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let caps = m.ctx.gpu(g).and_then(|g| g.power_cap_info()).unwrap();
    assert_eq!((caps.min_power_cap, caps.max_power_cap), (Some(0), Some(332_000_000)));
    let cap = at(RX6900XT_HWMON, "power1_cap");
    m.writes(|c| c.gpu(g).and_then(|g| g.set_power_cap(0, 250_000_000)), &[(&cap, "250000000\n")]);
    m.writes(|c| c.gpu(g).and_then(|g| g.set_power_cap(0, 332_000_000)), &[(&cap, "332000000\n")]);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_power_cap(0, 332_000_001)), Status::Inval);
    // No power2_cap_min/max: PPT1 has no settable cap.
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_power_cap(1, 100_000_000)), Status::NotSupported);

    // The RX 7900 XTX's minimum is 261 W.
    let m = Machine::new("rx7900xtx");
    let g = m.gpu(0);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_power_cap(0, 260_999_999)), Status::Inval);
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_power_cap(0, 261_000_000)),
        &[(&at(RX7900XTX, "hwmon/hwmon8/power1_cap"), "261000000\n")],
    );
}

#[test]
fn perf_level_and_overdrive_percentage() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let level = at(RX6900XT, "power_dpm_force_performance_level");
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_perf_level(AmdSmiDevPerfLevel::StablePeak)),
        &[(&level, "profile_peak\n")],
    );
    m.writes(|c| c.gpu(g).and_then(|g| g.set_perf_level(AmdSmiDevPerfLevel::Auto)), &[(&level, "auto\n")]);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_perf_level(AmdSmiDevPerfLevel::Unknown)), Status::Inval);

    m.writes(|c| c.gpu(g).and_then(|g| g.set_overdrive_level(20)), &[(&at(RX6900XT, "pp_sclk_od"), "20\n")]);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_overdrive_level(21)), Status::Inval);
}

#[test]
fn dpm_level_masks_are_checked_against_the_table() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let level = at(RX6900XT, "power_dpm_force_performance_level");
    // pp_dpm_mclk has 4 levels (96, 456, 673, 1000 MHz).
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Mem, 0b1100)),
        &[(&level, "manual\n"), (&at(RX6900XT, "pp_dpm_mclk"), "2 3\n")],
    );
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Mem, 0b1_0000)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Mem, 0b1_0001)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Mem, 0)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Sys, u64::MAX)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Vclk0, 1)), Status::NotSupported);
    // pp_dpm_dcefclk has 3 levels.
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Dcef, 1 << 3)), Status::Inval);
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Df, 0b101)),
        &[(&level, "manual\n"), (&at(RX6900XT, "pp_dpm_fclk"), "0 2\n")],
    );
    // PCIe: two levels (2.5 GT/s x1, 16 GT/s x16).
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_pci_bandwidth(0b10)),
        &[(&level, "manual\n"), (&at(RX6900XT, "pp_dpm_pcie"), "1\n")],
    );
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_pci_bandwidth(0b100)), Status::Inval);

    // RX 9070: `S: 500Mhz` then levels 1 and 2; bit i is the kernel's level i. Its level is
    // captured as `manual\n` already: the rewrite leaves the same bytes.
    let m = Machine::new("rx9070");
    let g = m.gpu(0);
    assert_eq!(m.ctx.gpu(g).and_then(|g| g.clk_freq(AmdSmiClkType::Sys)).unwrap().num_supported, 3);
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Sys, 0b110)),
        &[(&at(RX9070, "pp_dpm_sclk"), "1 2\n")],
    );
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Sys, 0b1000)), Status::Inval);
}

#[test]
fn power_profile_by_the_kernels_index() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let level = at(RX6900XT, "power_dpm_force_performance_level");
    let mode = at(RX6900XT, "pp_power_profile_mode");
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::Compute)),
        &[(&level, "manual\n"), (&mode, "5\n")],
    );
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::Custom)),
        &[(&level, "manual\n"), (&mode, "6\n")],
    );

    // Van Gogh lists 3D_FULL_SCREEN (1), VIDEO (3), VR (4), COMPUTE (5), CUSTOM (6), CAPPED, UNCAPPED.
    let m = Machine::new("vangogh");
    let g = m.gpu(0);
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::PowerSaving)),
        Status::InputOutOfBounds,
    );
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::BootupDefault)),
        Status::InputOutOfBounds,
    );
    // VR is offered, but the capture has no power_dpm_force_performance_level: the `manual`
    // step fails and the profile is not written.
    let err = m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_power_profile(7, AmdSmiPowerProfilePresetMasks::Vr)),
        Status::NotSupported,
    );
    assert!(err.detail().unwrap().starts_with("step 1 of 2 (\"manual\\n\") failed, nothing was written"), "{err}");

    // Navi 31 also lists WINDOW_3D (7), which AMD SMI has no mask for.
    let m = Machine::new("rx7900xtx");
    m.writes(
        |c| c.gpu(m.gpu(0)).and_then(|g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::Vr)),
        &[
            (&at(RX7900XTX, "power_dpm_force_performance_level"), "manual\n"),
            (&at(RX7900XTX, "pp_power_profile_mode"), "4\n"),
        ],
    );
}

#[test]
fn overdrive_clock_edits_end_with_the_commit() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let level = at(RX6900XT, "power_dpm_force_performance_level");
    let od = at(RX6900XT, "pp_od_clk_voltage");
    // OD_RANGE: SCLK 500-3000 MHz, MCLK 674-1075 MHz.
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Max, 2400, AmdSmiClkType::Sys)),
        &[(&level, "manual\n"), (&od, "c\n")],
    );
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Max, 3001, AmdSmiClkType::Sys)),
        Status::Inval,
    );
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Min, 673, AmdSmiClkType::Mem)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Min, 600, AmdSmiClkType::Soc)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_range(1000, 1000, AmdSmiClkType::Sys)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_range(900, 800, AmdSmiClkType::Mem)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_range(700, 1076, AmdSmiClkType::Mem)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_range(300, 1000, AmdSmiClkType::Df)), Status::NotSupported);
    // Navi 21 has no voltage curve (OD_VDDGFX_OFFSET only).
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_od_volt_info(0, 1000, 800)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_perf_determinism_mode(3001)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_perf_determinism_mode(0)), Status::Inval);
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_clk_range(700, 1075, AmdSmiClkType::Mem)),
        &[(&level, "manual\n"), (&od, "c\n")],
    );
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_perf_determinism_mode(2000)),
        &[(&level, "perf_determinism\n"), (&od, "c\n")],
    );

    // RDNA4 takes only a graphics clock offset: no `s` edits; its memory range is 97-1500 MHz.
    let m = Machine::new("rx9070");
    let g = m.gpu(0);
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Max, 2000, AmdSmiClkType::Sys)),
        Status::NotSupported,
    );
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Max, 1501, AmdSmiClkType::Mem)),
        Status::Inval,
    );
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Max, 1400, AmdSmiClkType::Mem)),
        &[(&at(RX9070, "pp_od_clk_voltage"), "c\n")],
    );

    // Van Gogh with overdrive off (a lone newline): nothing to edit.
    let m = Machine::new("vangogh");
    m.refuses(
        |c| c.gpu(m.gpu(0)).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Max, 1000, AmdSmiClkType::Sys)),
        Status::NotSupported,
    );
}

#[test]
fn fan_manual_then_back_to_the_driver() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let (enable, pwm) = (at(RX6900XT_HWMON, "pwm1_enable"), at(RX6900XT_HWMON, "pwm1"));
    m.writes(|c| c.gpu(g).and_then(|g| g.set_fan_speed(0, 128)), &[(&enable, "1\n"), (&pwm, "128\n")]);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_fan_speed(0, 256)), Status::InputOutOfBounds);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_fan_speed(1, 100)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_fan_speed(u32::MAX, 100)), Status::Inval);
    m.writes(|c| c.gpu(g).and_then(|g| g.reset_fan(0)), &[(&enable, "2\n")]);

    // RDNA4 has pwm1 but no pwm1_enable: the first step fails, nothing is written.
    let m = Machine::new("rx9070");
    let err = m.refuses(|c| c.gpu(m.gpu(0)).and_then(|g| g.set_fan_speed(0, 100)), Status::NotSupported);
    assert!(err.path().unwrap().ends_with("hwmon/hwmon2/pwm1_enable"), "{err}");
    assert!(err.detail().unwrap().starts_with("step 1 of 2 (\"1\\n\") failed, nothing was written"), "{err}");
}

#[test]
fn instinct_partitions_isolation_policies_and_resets() {
    let m = Machine::new("mi300x-cpx");
    let (g0, g3, g5) = (m.gpu(0), m.gpu(3), m.gpu(5));
    assert_eq!(m.ctx.gpu(g3).and_then(|g| g.kfd_info()).unwrap().current_partition_id, Some(3));

    // Compute partition: available SPX, DPX, QPX, CPX; current CPX.
    let compute = at(MI300X_GPU0, "current_compute_partition");
    m.writes(|c| c.gpu(g0).and_then(|g| g.set_compute_partition(AmdSmiComputePartitionType::Cpx)), &[]);
    m.refuses(
        |c| c.gpu(g0).and_then(|g| g.set_compute_partition(AmdSmiComputePartitionType::Tpx)),
        Status::SettingUnavailable,
    );
    m.refuses(|c| c.gpu(g0).and_then(|g| g.set_compute_partition(AmdSmiComputePartitionType::Invalid)), Status::Inval);
    m.writes(
        |c| c.gpu(g3).and_then(|g| g.set_compute_partition(AmdSmiComputePartitionType::Spx)),
        &[(&compute, "SPX\n")],
    );
    // Memory partition: available NPS1, NPS4; current NPS1.
    let memory = at(MI300X_GPU0, "current_memory_partition");
    m.writes(|c| c.gpu(g0).and_then(|g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps1)), &[]);
    m.refuses(
        |c| c.gpu(g0).and_then(|g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps2)),
        Status::SettingUnavailable,
    );
    m.refuses(|c| c.gpu(g0).and_then(|g| g.set_memory_partition(AmdSmiMemoryPartitionType::Unknown)), Status::Inval);
    m.writes(
        |c| c.gpu(g0).and_then(|g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps4)),
        &[(&memory, "NPS4\n")],
    );

    // Process isolation: `0 0 1 0 0 0 0 0`, one value per CPX partition.
    let isolation: Vec<u32> =
        (0..8).map(|i| m.ctx.gpu(m.gpu(i)).and_then(|g| g.process_isolation()).unwrap()).collect();
    assert_eq!(isolation, [0, 0, 1, 0, 0, 0, 0, 0]);
    let enforce = at(MI300X_GPU0, "enforce_isolation");
    m.writes(|c| c.gpu(g3).and_then(|g| g.set_process_isolation(1)), &[(&enforce, "0 0 1 1 0 0 0 0\n")]);
    m.refuses(|c| c.gpu(g3).and_then(|g| g.set_process_isolation(2)), Status::Inval);
    m.writes(|c| c.gpu(m.gpu(2)).and_then(|g| g.set_process_isolation(0)), &[(&enforce, "0 0 0 0 0 0 0 0\n")]);

    // Cleaner shader: the partition id.
    m.writes(|c| c.gpu(g5).and_then(|g| g.clean_local_data()), &[(&at(MI300X_GPU0, "run_cleaner_shader"), "5\n")]);

    // Policies.
    let soc = m.ctx.gpu(g0).and_then(|g| g.soc_pstate()).unwrap();
    assert_eq!((soc.num_supported, soc.current_id), (4, 0));
    assert_eq!(soc.policies[3], DpmPolicyEntry { policy_id: 3, policy_description: "soc_pstate_2".into() });
    let plpd = m.ctx.gpu(g0).and_then(|g| g.xgmi_plpd()).unwrap();
    assert_eq!((plpd.num_supported, plpd.current_id), (3, 1));
    assert_eq!(plpd.policies[2].policy_description, "plpd_optimized");
    m.writes(|c| c.gpu(g0).and_then(|g| g.set_soc_pstate(3)), &[(&at(MI300X_GPU0, "pm_policy/soc_pstate"), "3\n")]);
    m.writes(|c| c.gpu(g5).and_then(|g| g.set_xgmi_plpd(2)), &[(&at(MI300X_GPU0, "pm_policy/xgmi_plpd"), "2\n")]);
    m.refuses(|c| c.gpu(g0).and_then(|g| g.set_soc_pstate(4)), Status::Inval);
    m.refuses(|c| c.gpu(g0).and_then(|g| g.set_xgmi_plpd(3)), Status::Inval);

    // Resets read a file and change none: debugfs amdgpu_gpu_recover of the primary card (any
    // partition's handle), xgmi_error.
    let last = *m.ctx.processor_handles().last().unwrap();
    assert_eq!(m.ctx.gpu(last).and_then(|g| g.device_bdf()).unwrap().to_string(), "0000:e5:00.6");
    m.writes(|c| c.gpu(last).and_then(|g| g.reset()), &[]);
    m.writes(|c| c.gpu(g0).and_then(|g| g.reset_xgmi_error()), &[]);
    fs::remove_file(m.path("sys/kernel/debug/dri/56/amdgpu_gpu_recover")).unwrap();
    m.refuses(|c| c.gpu(last).and_then(|g| g.reset()), Status::NotSupported);
    m.writes(|c| c.gpu(g5).and_then(|g| g.reset()), &[]);
}

#[test]
fn desktop_gpus_without_the_instinct_files() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    m.refuses(|c| c.gpu(g).and_then(|g| g.process_isolation()), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_process_isolation(1)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.clean_local_data()), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.soc_pstate()), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_xgmi_plpd(0)), Status::NotSupported);
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_compute_partition(AmdSmiComputePartitionType::Spx)),
        Status::NotSupported,
    );
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps1)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.reset()), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.reset_xgmi_error()), Status::NotSupported);
}

#[test]
fn malformed_kernel_files_are_unexpected_data() {
    let m = Machine::new("mi300x-cpx");
    fs::write(m.path(&at(MI300X_GPU0, "enforce_isolation")), "0 0 1\n").unwrap();
    m.refuses(|c| c.gpu(c.processor_handles()[3]).and_then(|g| g.process_isolation()), Status::UnexpectedData);
    m.refuses(|c| c.gpu(c.processor_handles()[3]).and_then(|g| g.set_process_isolation(1)), Status::UnexpectedData);
    fs::write(m.path(&at(MI300X_GPU0, "pm_policy/soc_pstate")), "0 : soc_pstate_default\n").unwrap();
    m.refuses(|c| c.gpu(c.processor_handles()[0]).and_then(|g| g.set_soc_pstate(0)), Status::UnexpectedData);
}

#[test]
fn read_only_file_is_no_perm() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let cap = m.path(&at(RX6900XT_HWMON, "power1_cap"));
    fs::set_permissions(&cap, fs::Permissions::from_mode(0o444)).unwrap();
    if fs::OpenOptions::new().write(true).open(&cap).is_ok() {
        eprintln!("privileged (root): mode 0444 does not stop this process; the chmod assertion is skipped");
    } else {
        m.refuses(|c| c.gpu(g).and_then(|g| g.set_power_cap(0, 250_000_000)), Status::NoPerm);
    }
    // A real read-only kernfs attribute refuses a writer even as root: link the fan's pwm1 to one.
    let seqnum = Path::new("/sys/kernel/uevent_seqnum");
    if seqnum.is_file() {
        let pwm = m.path(&at(RX6900XT_HWMON, "pwm1"));
        fs::remove_file(&pwm).unwrap();
        std::os::unix::fs::symlink(seqnum, &pwm).unwrap();
        let (result, changed) = m.run(|c| c.gpu(g).and_then(|g| g.set_fan_speed(0, 100)));
        let err = result.unwrap_err();
        assert_eq!(err.status(), Status::NoPerm, "{err}");
        assert_eq!(err.path(), Some(pwm.as_path()));
        assert!(err.detail().unwrap().starts_with("step 2 of 2 (\"100\\n\") failed, step 1 was written"), "{err}");
        let step1: BTreeMap<String, String> = [(at(RX6900XT_HWMON, "pwm1_enable"), "1\n".to_owned())].into();
        assert_eq!(changed, step1);
    } else {
        eprintln!("no /sys/kernel/uevent_seqnum: the kernfs read-only assertion is skipped");
    }
}

#[test]
fn guest_refuses_where_amd_smi_refuses() {
    let m = Machine::new("rx6900xt");
    // The recorded DRM device info: set ids_flags (byte 136) to AMDGPU_IDS_FLAGS_MODE_VF (0x100).
    let node = m.path("dev/dri/renderD128");
    let text = fs::read_to_string(&node).unwrap();
    let guest: String = text
        .lines()
        .map(|l| match l.strip_prefix("info 0x16 0x0 ") {
            Some(hex) => format!("info 0x16 0x0 {}0001{}\n", &hex[..272], &hex[276..]),
            None => format!("{l}\n"),
        })
        .collect();
    fs::write(&node, guest).unwrap();
    // A context keeps the render node open (its answers cannot change while it is open): each
    // state of the recorded node is a new context.
    let ctx = |m: &Machine| Context::builder().root(m.path("")).build().unwrap();
    let m = Machine { ctx: ctx(&m), ..m };
    let g = m.gpu(0);
    assert_eq!(
        m.ctx.gpu(g).and_then(|g| g.virtualization_mode()).unwrap_err().status(),
        Status::NotSupported,
        "DRM 3.57 has no mode"
    );
    fs::write(&node, fs::read_to_string(&node).unwrap().replace("version 3.57.0", "version 3.63.0")).unwrap();
    let m = Machine { ctx: ctx(&m), ..m };
    let g = m.gpu(0);
    assert_eq!(m.ctx.gpu(g).and_then(|g| g.virtualization_mode()).unwrap().mode, VirtualizationMode::Guest);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_power_cap(0, 250_000_000)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_perf_level(AmdSmiDevPerfLevel::High)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_freq(AmdSmiClkType::Mem, 1)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_pci_bandwidth(1)), Status::NotSupported);
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::Compute)),
        Status::NotSupported,
    );
    m.refuses(
        |c| c.gpu(g).and_then(|g| g.set_od_clk_info(AmdSmiFreqInd::Max, 2400, AmdSmiClkType::Sys)),
        Status::NotSupported,
    );
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_range(600, 2400, AmdSmiClkType::Sys)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_perf_determinism_mode(2000)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_overdrive_level(5)), Status::NotSupported);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_fan_speed(0, 100)), Status::NotSupported);
    // AMD SMI does not refuse a fan reset in a guest (the capture's `2` is NUL-padded).
    m.writes(|c| c.gpu(g).and_then(|g| g.reset_fan(0)), &[(&at(RX6900XT_HWMON, "pwm1_enable"), "2\n")]);
}

#[test]
fn process_wide_functions() {
    let _instance = common::global_instance();
    let m = Machine::new("rx6900xt");
    api::init_global(Context::builder().root(m.dir.path())).unwrap();
    let g = amdsmi_get_processor_handles().unwrap()[0];
    let (result, changed) = m.run(|_| amdsmi_set_gpu_fan_speed(g, 0, 64));
    result.unwrap();
    assert_eq!(changed.get(&at(RX6900XT_HWMON, "pwm1")).map(String::as_str), Some("64\n"));
    assert_eq!(amdsmi_get_gpu_fan_speed(g, 0).unwrap(), 64);
    assert_eq!(amdsmi_set_power_cap(g, 0, 1_000_000_000).unwrap_err().status(), Status::Inval);
    amdsmi_shut_down().unwrap();
}

#[test]
fn clock_limit_sets_one_end_without_crossing_the_other() {
    let m = Machine::new("rx6900xt");
    let g = m.gpu(0);
    let level = at(RX6900XT, "power_dpm_force_performance_level");
    let od = at(RX6900XT, "pp_od_clk_voltage");
    use AmdSmiClkLimitType::{Max, Min};
    // pp_od_clk_voltage: OD_SCLK 500/2499 MHz, OD_MCLK 97/1000 MHz; OD_RANGE SCLK 500-3000, MCLK 674-1075.
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_clk_limit(AmdSmiClkType::Sys, Max, 2400)),
        &[(&level, "manual\n"), (&od, "c\n")],
    );
    m.writes(
        |c| c.gpu(g).and_then(|g| g.set_clk_limit(AmdSmiClkType::Mem, Max, 674)),
        &[(&level, "manual\n"), (&od, "c\n")],
    );
    // A minimum above the current maximum (2499), a value outside OD_RANGE, a clock without limits.
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_limit(AmdSmiClkType::Sys, Min, 2600)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_limit(AmdSmiClkType::Sys, Max, 3001)), Status::Inval);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_clk_limit(AmdSmiClkType::Df, Max, 1000)), Status::NotSupported);
    // Van Gogh with overdrive off.
    let m = Machine::new("vangogh");
    m.refuses(|c| c.gpu(m.gpu(0)).and_then(|g| g.set_clk_limit(AmdSmiClkType::Sys, Max, 1000)), Status::NotSupported);
}

#[test]
fn accelerator_profile_by_its_index() {
    // compute_partition_config/supported_xcp_configs "SPX, DPX, QPX, CPX"; current CPX.
    let m = Machine::new("mi300x-cpx");
    let g = m.gpu(0);
    let compute = at(MI300X_GPU0, "current_compute_partition");
    m.writes(|c| c.gpu(g).and_then(|g| g.set_accelerator_partition_profile(0)), &[(&compute, "SPX\n")]);
    m.writes(|c| c.gpu(g).and_then(|g| g.set_accelerator_partition_profile(2)), &[(&compute, "QPX\n")]);
    m.writes(|c| c.gpu(g).and_then(|g| g.set_accelerator_partition_profile(3)), &[]);
    m.refuses(|c| c.gpu(g).and_then(|g| g.set_accelerator_partition_profile(4)), Status::Inval);
    let m = Machine::new("rx6900xt");
    m.refuses(|c| c.gpu(m.gpu(0)).and_then(|g| g.set_accelerator_partition_profile(0)), Status::NotSupported);
}

#[test]
fn driver_reload_unbinds_then_binds_every_gpu() {
    let m = Machine::new("mi300x-cpx");
    let driver = "sys/bus/pci/drivers/amdgpu";
    // Without the driver core's unbind/bind files (the fixture has none): nothing is written.
    let err = m.refuses(|c| c.gpu_driver_reload(), Status::AmdgpuRestartErr);
    assert!(err.detail().unwrap().contains("nothing was written"), "{err}");
    // With them (empty, as the kernel's write-only attributes read): the last write of each is the
    // last of the 8 MI300X devices (0000:05:00.0 ... 0000:e5:00.0), once each despite 8 partitions.
    for file in ["unbind", "bind"] {
        fs::write(m.path(&format!("{driver}/{file}")), "").unwrap();
    }
    let (result, changed) = m.run(|c| c.gpu_driver_reload());
    result.unwrap();
    let expected: BTreeMap<String, String> = [
        (format!("{driver}/unbind"), "0000:e5:00.0\n".to_owned()),
        (format!("{driver}/bind"), "0000:e5:00.0\n".to_owned()),
    ]
    .into();
    assert_eq!(changed, expected);
    // unbind read-only (not root): NO_PERM before anything is written.
    let unbind = m.path(&format!("{driver}/unbind"));
    fs::set_permissions(&unbind, fs::Permissions::from_mode(0o444)).unwrap();
    if fs::OpenOptions::new().write(true).open(&unbind).is_err() {
        m.refuses(|c| c.gpu_driver_reload(), Status::NoPerm);
    }
}

//! Entry points of `entry/gpu_control.rs` called directly: values against the Rust API on fixture machines, and bad input.
//!
//! Each check runs on two writable copies of one fixture machine: the process-wide instance
//! (which the C entry points use) on copy A, a Rust context on copy B. The C call and the Rust
//! setter with the same arguments must give the same status and leave the two trees
//! byte-identical; a refused call must leave copy A as it was. Expected file contents are the
//! ones `tests/it/control.rs` of the root crate reads by hand from the fixtures.

use std::collections::BTreeMap;
use std::ffi::c_void;
use std::fs;

use amd_smi::entry::gpu_control::*;
use amdsmi::{
    AmdSmiClkLimitType, AmdSmiClkType, AmdSmiComputePartitionType, AmdSmiDevPerfLevel, AmdSmiFreqInd, AmdSmiInitFlags,
    AmdSmiMemoryPartitionType, AmdSmiPowerProfilePresetMasks, Context, Gpu, ProcessorHandle, Result, Status,
};

use crate::common::{copy_machine, instance_on, machine, processors, tree, Instance, INVAL, SUCCESS};

const RX6900XT: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0";
const RX6900XT_HWMON: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0/hwmon/hwmon5";
const MI300X_GPU0: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0";

/// The process-wide instance on copy A, a Rust context on copy B.
struct Pair {
    name: String,
    a: tempfile::TempDir,
    b: tempfile::TempDir,
    rust: Context,
    /// The C handles, in the context's order.
    handles: Vec<*mut c_void>,
    _instance: Instance,
}

impl Pair {
    fn on(name: &str) -> Pair {
        let flags = AmdSmiInitFlags::INIT_AMD_GPUS;
        // The lock of the shared instance, then the instance moved from the fixture to copy A.
        let instance = instance_on(name, flags);
        instance.shut_down();
        let (a, b) = (copy_machine(name), copy_machine(name));
        amdsmi::api::init_global(Context::builder().root(a.path()).flags(flags)).unwrap();
        let rust = Context::builder().root(b.path()).flags(flags).build().unwrap();
        Pair { name: name.to_owned(), a, b, rust, handles: processors(), _instance: instance }
    }

    /// The Rust handle of processor `index`.
    fn rust_handle(&self, index: usize) -> ProcessorHandle {
        self.rust.processor_handles()[index]
    }

    /// Runs the C call on A and `rust` on processor `index` of B: the same status and the same
    /// trees after. Returns the files the call changed on A (path: new bytes as text).
    #[track_caller]
    fn same(
        &self,
        index: usize,
        c: impl FnOnce(*mut c_void) -> u32,
        rust: impl FnOnce(Gpu<'_>) -> Result<()>,
    ) -> (u32, BTreeMap<String, String>) {
        let before = tree(self.a.path());
        let code = c(self.handles[index]);
        let expected =
            self.rust.gpu(self.rust_handle(index)).and_then(rust).err().map_or(SUCCESS, |e| e.status().code());
        assert_eq!(code, expected, "the C status and the Rust setter's");
        let after = tree(self.a.path());
        assert!(after == tree(self.b.path()), "the C call and the Rust setter left different trees");
        let changed = after
            .iter()
            .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
            .map(|(path, bytes)| (path.clone(), String::from_utf8_lossy(bytes).into_owned()))
            .collect();
        (code, changed)
    }

    /// The C call and the Rust setter succeed and change exactly `writes` (path, final text);
    /// those files are then restored.
    #[track_caller]
    fn writes(
        &self,
        index: usize,
        c: impl FnOnce(*mut c_void) -> u32,
        rust: impl FnOnce(Gpu<'_>) -> Result<()>,
        writes: &[(&str, &str)],
    ) {
        let (code, changed) = self.same(index, c, rust);
        assert_eq!(code, SUCCESS);
        let expected: BTreeMap<String, String> = writes.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        assert_eq!(changed, expected);
        // The written files get their fixture bytes back (the kernel would show its state, a
        // fixture file the last write), so each check starts from the fixture.
        for path in changed.keys() {
            for copy in [&self.a, &self.b] {
                fs::copy(machine(&self.name).join(path), copy.path().join(path)).unwrap();
            }
        }
    }

    /// The C call and the Rust setter fail with `status`; nothing changes.
    #[track_caller]
    fn refuses(
        &self,
        index: usize,
        c: impl FnOnce(*mut c_void) -> u32,
        rust: impl FnOnce(Gpu<'_>) -> Result<()>,
        status: Status,
    ) {
        let (code, changed) = self.same(index, c, rust);
        assert_eq!(code, status.code(), "expected {}", status.name());
        assert!(changed.is_empty(), "a refused call changed {changed:?}");
    }

    /// The C call alone fails with `status` (an argument the Rust API's types cannot carry) and
    /// changes nothing.
    #[track_caller]
    fn c_refuses(&self, index: usize, c: impl FnOnce(*mut c_void) -> u32, status: Status) {
        let before = tree(self.a.path());
        assert_eq!(c(self.handles[index]), status.code(), "expected {}", status.name());
        assert!(tree(self.a.path()) == before, "a refused call changed the tree");
    }
}

fn at(dir: &str, file: &str) -> String {
    format!("{dir}/{file}")
}

#[test]
fn power_cap_perf_level_and_profiles() {
    let p = Pair::on("rx6900xt");
    let cap = at(RX6900XT_HWMON, "power1_cap");
    // power1_cap_min 0, power1_cap_max 332000000 µW (fixtures/machines/rx6900xt/.../hwmon5).
    p.writes(
        0,
        |h| amdsmi_set_power_cap(h, 0, 250_000_000),
        |g| g.set_power_cap(0, 250_000_000),
        &[(&cap, "250000000\n")],
    );
    p.refuses(0, |h| amdsmi_set_power_cap(h, 0, 332_000_001), |g| g.set_power_cap(0, 332_000_001), Status::Inval);
    p.refuses(
        0,
        |h| amdsmi_set_power_cap(h, 1, 100_000_000),
        |g| g.set_power_cap(1, 100_000_000),
        Status::NotSupported,
    );

    let level = at(RX6900XT, "power_dpm_force_performance_level");
    p.writes(
        0,
        |h| amdsmi_set_gpu_perf_level(h, 5),
        |g| g.set_perf_level(AmdSmiDevPerfLevel::StablePeak),
        &[(&level, "profile_peak\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_perf_level(h, 0x100),
        |g| g.set_perf_level(AmdSmiDevPerfLevel::Unknown),
        Status::Inval,
    );
    p.c_refuses(0, |h| amdsmi_set_gpu_perf_level(h, 9), Status::Inval);
    p.writes(
        0,
        |h| amdsmi_set_gpu_overdrive_level(h, 20),
        |g| g.set_overdrive_level(20),
        &[(&at(RX6900XT, "pp_sclk_od"), "20\n")],
    );
    p.refuses(0, |h| amdsmi_set_gpu_overdrive_level(h, 21), |g| g.set_overdrive_level(21), Status::Inval);

    // pp_power_profile_mode: COMPUTE is the kernel's index 5, after `manual`.
    let mode = at(RX6900XT, "pp_power_profile_mode");
    p.writes(
        0,
        |h| amdsmi_set_gpu_power_profile(h, 0, 0x8),
        |g| g.set_power_profile(0, AmdSmiPowerProfilePresetMasks::Compute),
        &[(&level, "manual\n"), (&mode, "5\n")],
    );
    // No single preset: two bits, a bit AMD SMI has no preset for, and one past 32 bits (the
    // argument is 8 bytes wide).
    for mask in [0x3, 0x80, 1 << 40, 0] {
        p.c_refuses(0, |h| amdsmi_set_gpu_power_profile(h, 0, mask), Status::InputOutOfBounds);
    }
}

#[test]
fn clocks_overdrive_and_fan() {
    let p = Pair::on("rx6900xt");
    let level = at(RX6900XT, "power_dpm_force_performance_level");
    let od = at(RX6900XT, "pp_od_clk_voltage");
    // pp_dpm_mclk has 4 levels: bits 2 and 3 write `2 3`.
    p.writes(
        0,
        |h| amdsmi_set_clk_freq(h, 4, 0b1100),
        |g| g.set_clk_freq(AmdSmiClkType::Mem, 0b1100),
        &[(&level, "manual\n"), (&at(RX6900XT, "pp_dpm_mclk"), "2 3\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_clk_freq(h, 4, 0b1_0000),
        |g| g.set_clk_freq(AmdSmiClkType::Mem, 0b1_0000),
        Status::Inval,
    );
    p.refuses(0, |h| amdsmi_set_clk_freq(h, 6, 1), |g| g.set_clk_freq(AmdSmiClkType::Vclk0, 1), Status::NotSupported);
    p.c_refuses(0, |h| amdsmi_set_clk_freq(h, 10, 1), Status::Inval);
    // pp_dpm_pcie: two levels.
    p.writes(
        0,
        |h| amdsmi_set_gpu_pci_bandwidth(h, 0b10),
        |g| g.set_pci_bandwidth(0b10),
        &[(&level, "manual\n"), (&at(RX6900XT, "pp_dpm_pcie"), "1\n")],
    );
    p.refuses(0, |h| amdsmi_set_gpu_pci_bandwidth(h, 0b100), |g| g.set_pci_bandwidth(0b100), Status::Inval);

    // OD_RANGE: SCLK 500-3000 MHz, MCLK 674-1075 MHz; OD_SCLK 500/2499 MHz. Each edit ends
    // with the commit `c`, the last bytes the file holds.
    p.writes(
        0,
        |h| amdsmi_set_gpu_od_clk_info(h, 1, 2400, 0),
        |g| g.set_od_clk_info(AmdSmiFreqInd::Max, 2400, AmdSmiClkType::Sys),
        &[(&level, "manual\n"), (&od, "c\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_od_clk_info(h, 1, 3001, 0),
        |g| g.set_od_clk_info(AmdSmiFreqInd::Max, 3001, AmdSmiClkType::Sys),
        Status::Inval,
    );
    p.c_refuses(0, |h| amdsmi_set_gpu_od_clk_info(h, u32::MAX, 2400, 0), Status::Inval);
    p.c_refuses(0, |h| amdsmi_set_gpu_od_clk_info(h, 1, 2400, 10), Status::Inval);
    p.writes(
        0,
        |h| amdsmi_set_gpu_clk_range(h, 700, 1075, 4),
        |g| g.set_clk_range(700, 1075, AmdSmiClkType::Mem),
        &[(&level, "manual\n"), (&od, "c\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_clk_range(h, 900, 800, 4),
        |g| g.set_clk_range(900, 800, AmdSmiClkType::Mem),
        Status::Inval,
    );
    p.writes(
        0,
        |h| amdsmi_set_gpu_clk_limit(h, 0, 1, 2400),
        |g| g.set_clk_limit(AmdSmiClkType::Sys, AmdSmiClkLimitType::Max, 2400),
        &[(&level, "manual\n"), (&od, "c\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_clk_limit(h, 0, 0, 2600),
        |g| g.set_clk_limit(AmdSmiClkType::Sys, AmdSmiClkLimitType::Min, 2600),
        Status::Inval,
    );
    p.c_refuses(0, |h| amdsmi_set_gpu_clk_limit(h, 0, 2, 2400), Status::Inval);
    p.writes(
        0,
        |h| amdsmi_set_gpu_perf_determinism_mode(h, 2000),
        |g| g.set_perf_determinism_mode(2000),
        &[(&level, "perf_determinism\n"), (&od, "c\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_perf_determinism_mode(h, 3001),
        |g| g.set_perf_determinism_mode(3001),
        Status::Inval,
    );
    // Navi 21 has no voltage curve.
    p.refuses(
        0,
        |h| amdsmi_set_gpu_od_volt_info(h, 0, 1000, 800),
        |g| g.set_od_volt_info(0, 1000, 800),
        Status::NotSupported,
    );

    // Fan: pwm1_max 255; manual (1), then the duty; the reset gives it back to the driver (2).
    let (enable, pwm) = (at(RX6900XT_HWMON, "pwm1_enable"), at(RX6900XT_HWMON, "pwm1"));
    p.writes(
        0,
        |h| amdsmi_set_gpu_fan_speed(h, 0, 128),
        |g| g.set_fan_speed(0, 128),
        &[(&enable, "1\n"), (&pwm, "128\n")],
    );
    p.refuses(0, |h| amdsmi_set_gpu_fan_speed(h, 0, 256), |g| g.set_fan_speed(0, 256), Status::InputOutOfBounds);
    p.refuses(0, |h| amdsmi_set_gpu_fan_speed(h, 1, 100), |g| g.set_fan_speed(1, 100), Status::NotSupported);
    p.writes(0, |h| amdsmi_reset_gpu_fan(h, 0), |g| g.reset_fan(0), &[(&enable, "2\n")]);

    // The Instinct-only files are absent on a Radeon.
    p.refuses(0, |h| amdsmi_set_gpu_process_isolation(h, 1), |g| g.set_process_isolation(1), Status::NotSupported);
    p.refuses(0, |h| amdsmi_clean_gpu_local_data(h), |g| g.clean_local_data(), Status::NotSupported);
    p.refuses(0, |h| amdsmi_set_xgmi_plpd(h, 0), |g| g.set_xgmi_plpd(0), Status::NotSupported);
    p.refuses(0, |h| amdsmi_reset_gpu(h), |g| g.reset(), Status::NotSupported);
    p.refuses(0, |h| amdsmi_reset_gpu_xgmi_error(h), |g| g.reset_xgmi_error(), Status::NotSupported);
    p.refuses(
        0,
        |h| amdsmi_set_gpu_accelerator_partition_profile(h, 0),
        |g| g.set_accelerator_partition_profile(0),
        Status::NotSupported,
    );
}

#[test]
fn instinct_partitions_isolation_policies_and_resets() {
    let p = Pair::on("mi300x-cpx");
    // Compute partition: available SPX, DPX, QPX, CPX; current CPX (.../0000:05:00.0).
    let compute = at(MI300X_GPU0, "current_compute_partition");
    p.writes(
        3,
        |h| amdsmi_set_gpu_compute_partition(h, 1),
        |g| g.set_compute_partition(AmdSmiComputePartitionType::Spx),
        &[(&compute, "SPX\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_compute_partition(h, 3),
        |g| g.set_compute_partition(AmdSmiComputePartitionType::Tpx),
        Status::SettingUnavailable,
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_compute_partition(h, 0),
        |g| g.set_compute_partition(AmdSmiComputePartitionType::Invalid),
        Status::Inval,
    );
    p.c_refuses(0, |h| amdsmi_set_gpu_compute_partition(h, 6), Status::Inval);
    // Memory partition (current_memory_partition NPS1, available_memory_partition NPS1, NPS4):
    // both entry points write it.
    let memory = at(MI300X_GPU0, "current_memory_partition");
    p.writes(
        0,
        |h| amdsmi_set_gpu_memory_partition(h, 4),
        |g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps4),
        &[(&memory, "NPS4\n")],
    );
    p.writes(
        0,
        |h| amdsmi_set_gpu_memory_partition_mode(h, 4),
        |g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps4),
        &[(&memory, "NPS4\n")],
    );
    // Already NPS1: nothing written.
    p.writes(
        0,
        |h| amdsmi_set_gpu_memory_partition_mode(h, 1),
        |g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps1),
        &[],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_memory_partition_mode(h, 2),
        |g| g.set_memory_partition(AmdSmiMemoryPartitionType::Nps2),
        Status::SettingUnavailable,
    );
    p.c_refuses(0, |h| amdsmi_set_gpu_memory_partition(h, 3), Status::Inval);
    p.c_refuses(0, |h| amdsmi_set_gpu_memory_partition_mode(h, 16), Status::Inval);
    // supported_xcp_configs "SPX, DPX, QPX, CPX": profile 2 is QPX.
    p.writes(
        0,
        |h| amdsmi_set_gpu_accelerator_partition_profile(h, 2),
        |g| g.set_accelerator_partition_profile(2),
        &[(&compute, "QPX\n")],
    );
    p.refuses(
        0,
        |h| amdsmi_set_gpu_accelerator_partition_profile(h, 4),
        |g| g.set_accelerator_partition_profile(4),
        Status::Inval,
    );

    // enforce_isolation `0 0 1 0 0 0 0 0`: partition 3 enabled.
    let enforce = at(MI300X_GPU0, "enforce_isolation");
    p.writes(
        3,
        |h| amdsmi_set_gpu_process_isolation(h, 1),
        |g| g.set_process_isolation(1),
        &[(&enforce, "0 0 1 1 0 0 0 0\n")],
    );
    p.refuses(3, |h| amdsmi_set_gpu_process_isolation(h, 2), |g| g.set_process_isolation(2), Status::Inval);
    p.writes(
        5,
        |h| amdsmi_clean_gpu_local_data(h),
        |g| g.clean_local_data(),
        &[(&at(MI300X_GPU0, "run_cleaner_shader"), "5\n")],
    );
    // pm_policy/soc_pstate lists ids 0-3, pm_policy/xgmi_plpd 0-2.
    p.writes(
        0,
        |h| amdsmi_set_soc_pstate(h, 3),
        |g| g.set_soc_pstate(3),
        &[(&at(MI300X_GPU0, "pm_policy/soc_pstate"), "3\n")],
    );
    p.refuses(0, |h| amdsmi_set_soc_pstate(h, 4), |g| g.set_soc_pstate(4), Status::Inval);
    p.writes(
        5,
        |h| amdsmi_set_xgmi_plpd(h, 2),
        |g| g.set_xgmi_plpd(2),
        &[(&at(MI300X_GPU0, "pm_policy/xgmi_plpd"), "2\n")],
    );
    p.refuses(0, |h| amdsmi_set_xgmi_plpd(h, 3), |g| g.set_xgmi_plpd(3), Status::Inval);
    // Resets read a file (debugfs amdgpu_gpu_recover, xgmi_error) and write none.
    p.writes(p.handles.len() - 1, |h| amdsmi_reset_gpu(h), |g| g.reset(), &[]);
    p.writes(0, |h| amdsmi_reset_gpu_xgmi_error(h), |g| g.reset_xgmi_error(), &[]);
}

#[test]
fn driver_reload_unbinds_then_binds_every_gpu() {
    let p = Pair::on("mi300x-cpx");
    let driver = "sys/bus/pci/drivers/amdgpu";
    // The fixture has no unbind/bind files: AMDGPU_RESTART_ERR, nothing written.
    let before = tree(p.a.path());
    assert_eq!(amdsmi_gpu_driver_reload(), Status::AmdgpuRestartErr.code());
    assert_eq!(p.rust.gpu_driver_reload().unwrap_err().status(), Status::AmdgpuRestartErr);
    assert!(tree(p.a.path()) == before);
    for copy in [&p.a, &p.b] {
        for file in ["unbind", "bind"] {
            fs::write(copy.path().join(format!("{driver}/{file}")), "").unwrap();
        }
    }
    assert_eq!(amdsmi_gpu_driver_reload(), SUCCESS);
    p.rust.gpu_driver_reload().unwrap();
    let after = tree(p.a.path());
    assert!(after == tree(p.b.path()));
    // The last of the 8 MI300X devices (0000:05:00.0 ... 0000:e5:00.0) is the last write of each.
    assert_eq!(after[&format!("{driver}/unbind")], b"0000:e5:00.0\n");
    assert_eq!(after[&format!("{driver}/bind")], b"0000:e5:00.0\n");
}

#[test]
fn bad_handles_and_no_instance() {
    let p = Pair::on("rx6900xt");
    let not_found = Status::NotFound.code();
    let before = tree(p.a.path());
    for forged in [std::ptr::null_mut(), 1 as *mut c_void, (p.handles[0] as usize + 1) as *mut c_void] {
        assert_eq!(amdsmi_set_power_cap(forged, 0, 250_000_000), not_found, "{forged:p}");
        assert_eq!(amdsmi_set_gpu_perf_level(forged, 0), not_found, "{forged:p}");
        assert_eq!(amdsmi_set_gpu_fan_speed(forged, 0, 100), not_found, "{forged:p}");
        assert_eq!(amdsmi_reset_gpu(forged), not_found, "{forged:p}");
    }
    // The handle is looked up before the arguments are checked (AMD's `rsmi_wrapper` finds the
    // device before ROCm SMI checks the level).
    assert_eq!(amdsmi_set_gpu_perf_level(std::ptr::null_mut(), 9), not_found);
    assert_eq!(amdsmi_set_gpu_perf_level(p.handles[0], 9), INVAL);
    assert!(tree(p.a.path()) == before, "nothing written");
    let handle = p.handles[0];
    drop(p);
    assert_eq!(amdsmi_set_gpu_overdrive_level(handle, 5), Status::NotInit.code());
    assert_eq!(amdsmi_gpu_driver_reload(), Status::NotInit.code());
}

#[test]
fn cpu_handles_are_not_supported() {
    let _instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let cpu = processors()[0];
    let not_supported = Status::NotSupported.code();
    assert_eq!(amdsmi_set_power_cap(cpu, 0, 1), not_supported);
    assert_eq!(amdsmi_set_gpu_fan_speed(cpu, 0, 1), not_supported);
    assert_eq!(amdsmi_set_soc_pstate(cpu, 0), not_supported);
    assert_eq!(amdsmi_clean_gpu_local_data(cpu), not_supported);
    assert_eq!(amdsmi_reset_gpu_xgmi_error(cpu), not_supported);
}

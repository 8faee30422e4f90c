//! The CPU functions on the EPYC fixture machines, against the values of their emulated SMU
//! state (`fixtures/machines/<name>/dev/hsmp`), cpuinfo, amd_energy hwmon, recorded MSRs and
//! metrics table, read by hand from those files.

use std::fs;
use std::path::Path;

use amdsmi::{AmdSmiInitFlags as F, AmdSmiProcessorType as T, *};

use crate::common;

fn cpus(root: impl AsRef<Path>) -> Context {
    Context::builder().root(root.as_ref()).flags(F::INIT_AMD_CPUS).build().unwrap()
}

fn status<V: std::fmt::Debug>(r: Result<V>) -> Status {
    r.unwrap_err().status()
}

/// Replaces `from` with `to` in a copied machine's file (exactly once).
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{from:?} in {file}");
    fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn genoa_discovery() {
    let ctx = cpus(common::machine("genoa-2s"));
    let all = ctx.processor_handles();
    assert_eq!(all.len(), 2 + 2 * 16);
    let sockets = ctx.cpusocket_handles();
    let cores = ctx.cpucore_handles();
    assert_eq!((sockets.len(), cores.len()), (2, 32));
    assert_eq!((all[0], all[17]), (sockets[0], sockets[1]));
    assert_eq!(&all[1..17], &cores[..16]);
    assert_eq!(ctx.processor_type(sockets[1]).unwrap().processor_type, T::AmdCpu);
    assert_eq!(ctx.processor_type(cores[20]).unwrap().processor_type, T::AmdCpuCore);
    // Sockets "0" and "1", each holding its CPU and cores.
    let socket_handles = ctx.socket_handles();
    assert_eq!(socket_handles.len(), 2);
    assert_eq!(ctx.socket_info(socket_handles[1]).unwrap(), "1");
    assert_eq!(ctx.socket_processor_handles(socket_handles[1]).unwrap(), &all[17..]);
    // Processor info: the socket index; a core's first-thread CPU number (socket 1: 16..31).
    assert_eq!(ctx.processor_info(sockets[1]).unwrap(), "1");
    assert_eq!(ctx.processor_info(cores[0]).unwrap(), "0");
    assert_eq!(ctx.processor_info(cores[16]).unwrap(), "16");
    assert_eq!(ctx.processor_info(cores[31]).unwrap(), "31");
    // cpuinfo: family 25 (19h), model 17 (11h), siblings 32 / cpu cores 16.
    assert_eq!((ctx.cpu_family().unwrap(), ctx.cpu_model().unwrap(), ctx.threads_per_core().unwrap()), (25, 17, 2));
    assert_eq!(ctx.cpu_socket(sockets[0]).and_then(|s| s.model_name()).unwrap(), "AMD EPYC 9124 16-Core Processor");
    // GPU functions refuse CPU handles.
    assert_eq!(status(ctx.gpu(sockets[0]).and_then(|g| g.device_bdf())), Status::Inval);
    assert_eq!(status(ctx.processor_handle_from_bdf("0000:00:00.0")), Status::NotFound);
}

#[test]
fn genoa_socket_functions() {
    let ctx = cpus(common::machine("genoa-2s"));
    let [s0, s1] = ctx.cpusocket_handles()[..] else { panic!("two sockets") };
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.hsmp_proto_ver()).unwrap(), 5);
    // sys/module/amd_hsmp/version "2.2".
    let driver = ctx.cpu_socket(s0).and_then(|s| s.hsmp_driver_version()).unwrap();
    assert_eq!((driver.hsmp_driver_major_ver_num, driver.hsmp_driver_minor_ver_num), (2, 2));
    // smu_fw_version 0x00555a00 / 0x00555a01.
    let fw = ctx.cpu_socket(s1).and_then(|s| s.smu_fw_version()).unwrap();
    assert_eq!((fw.smu_fw_major_ver_num, fw.smu_fw_minor_ver_num, fw.smu_fw_debug_ver_num), (85, 90, 1));
    assert_eq!(
        (
            ctx.cpu_socket(s0).and_then(|s| s.prochot_status()).unwrap(),
            ctx.cpu_socket(s1).and_then(|s| s.prochot_status()).unwrap()
        ),
        (0, 1)
    );
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.fclk_mclk()).unwrap(), FclkMclk { fclk: 1800, mclk: 2400 });
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.fclk_mclk()).unwrap(), FclkMclk { fclk: 1600, mclk: 2200 });
    assert_eq!(
        (
            ctx.cpu_socket(s0).and_then(|s| s.cclk_limit()).unwrap(),
            ctx.cpu_socket(s1).and_then(|s| s.cclk_limit()).unwrap()
        ),
        (3700, 3600)
    );
    // freq_limit_source 0x0088 = bits 3 and 7; 0x0009 = bits 0 and 3.
    let limit = ctx.cpu_socket(s0).and_then(|s| s.current_active_freq_limit()).unwrap();
    assert_eq!((limit.freq, limit.freq_src), (3700, vec!["PPT Limit".to_owned(), "HSMP Agent".to_owned()]));
    let limit = ctx.cpu_socket(s1).and_then(|s| s.current_active_freq_limit()).unwrap();
    assert_eq!((limit.freq, limit.freq_src), (3600, vec!["cHTC-Active".to_owned(), "PPT Limit".to_owned()]));
    assert_eq!(
        ctx.cpu_socket(s1).and_then(|s| s.freq_range()).unwrap(),
        SocketFreqRange { max_socket_freq: 3700, min_socket_freq: 400 }
    );
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.power()).unwrap(), 95123);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.power()).unwrap(), 96123);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.power_cap()).unwrap(), 205000);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.power_cap_max()).unwrap(), 240000);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.pwr_svi_telemetry_all_rails()).unwrap(), 87500);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.c0_residency()).unwrap(), 38);
    assert_eq!(
        ctx.cpu_socket(s0).and_then(|s| s.ddr_bw()).unwrap(),
        DdrBwMetrics { max_bw: 460, utilized_bw: 57, utilized_pct: 12 }
    );
    assert_eq!(
        ctx.cpu_socket(s1).and_then(|s| s.ddr_bw()).unwrap(),
        DdrBwMetrics { max_bw: 450, utilized_bw: 58, utilized_pct: 13 }
    );
    // DIMMs 0x80, 0x81, 0x90.
    let range = ctx.cpu_socket(s0).and_then(|s| s.dimm_temp_range_and_refresh_rate(0x81)).unwrap();
    assert_eq!((range.dimm_temperature_range, range.dimm_refresh_rate), (2, 1));
    assert_eq!(
        ctx.cpu_socket(s1).and_then(|s| s.dimm_power_consumption(0x90)).unwrap(),
        DimmPower { power: 2135, update_rate: 7, dimm_addr: 0x90 }
    );
    let thermal = ctx.cpu_socket(s1).and_then(|s| s.dimm_thermal_sensor(0x80)).unwrap();
    assert_eq!(thermal, DimmThermal { sensor: 166, update_rate: 10, dimm_addr: 0x80, temp: 41.5 });
    assert_eq!(
        status(ctx.cpu_socket(s0).and_then(|s| s.dimm_power_consumption(0x82))),
        Status::Inval,
        "no DIMM at 0x82"
    );
    // LCLK DPM: lclk_dpm.1 = 1 3.
    assert_eq!(
        ctx.cpu_socket(s0).and_then(|s| s.lclk_dpm_level(1)).unwrap(),
        DpmLevel { nbio_max_dpm_level: 3, nbio_min_dpm_level: 1 }
    );
    // IO and xGMI bandwidth by link name (P0 = 0x1, P1 = 0x2, G0 = 0x10, G1 = 0x20).
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(1, "P0")).unwrap(), 12000);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.current_io_bandwidth(1, "G0")).unwrap(), 14100);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.current_xgmi_bw(1, "P0")).unwrap(), 48000);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.current_xgmi_bw(2, "P1")).unwrap(), 25500);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.current_xgmi_bw(4, "G1")).unwrap(), 26500);
    assert_eq!(
        status(ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(2, "P0"))),
        Status::Inval,
        "IO links: aggregate only"
    );
    assert_eq!(
        status(ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(1, "G7"))),
        Status::Inval,
        "no G7 on protocol 5"
    );
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.current_xgmi_bw(3, "P0"))), Status::Inval);
    // Genoa's P4 and P5 (ids 1 << 8, 1 << 9) do not fit the link-id field, bits 15:8: refused
    // as E-SMI 4.2 refuses them, never sent with the id spilling into bits 23:16.
    for link in ["P4", "P5"] {
        let err = ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(1, link)).unwrap_err();
        assert_eq!(err.status(), Status::Inval, "{link}");
        assert!(err.to_string().contains("bits 15:8"), "{err}");
        assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.current_xgmi_bw(1, link))), Status::Inval, "{link}");
    }
    assert_eq!(
        status(ctx.cpu_socket(s0).and_then(|s| s.current_xgmi_bw(1, "P3"))),
        Status::Inval,
        "a link the SMU has no data for"
    );
    // Topology.
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.first_online_core()).unwrap(), 0);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.first_online_core()).unwrap(), 16);
    // Not on Genoa (protocol 5): temperature 15h, metrics table 23h/24h, rail/DFC 27h/28h.
    for s in [
        status(ctx.cpu_socket(s0).and_then(|s| s.temperature())),
        status(ctx.cpu_socket(s0).and_then(|s| s.hsmp_metrics_table_version())),
        status(ctx.cpu_socket(s0).and_then(|s| s.hsmp_metrics_table())),
        status(ctx.cpu_socket(s0).and_then(|s| s.rail_isofreq_policy())),
        status(ctx.cpu_socket(s0).and_then(|s| s.dfc_ctrl())),
        status(ctx.cpu_socket(s0).and_then(|s| s.set_dfc_ctrl(1))),
    ] {
        assert_eq!(s, Status::NoHsmpMsgSup);
    }
    let err = ctx.cpu_socket(s0).and_then(|s| s.temperature()).unwrap_err();
    assert_eq!(err.path(), Some(common::machine("genoa-2s").join("dev/hsmp").as_path()));
    assert!(
        err.detail().unwrap().contains("HSMP_GET_TEMP_MONITOR (0x15) is not supported on Genoa (HSMP protocol 5)"),
        "{err}"
    );
}

#[test]
fn genoa_core_functions_and_handle_kinds() {
    let ctx = cpus(common::machine("genoa-2s"));
    let sockets = ctx.cpusocket_handles();
    let cores = ctx.cpucore_handles();
    // Core 1 of each socket (APIC 0x2 / 0x42) has boost 3500 and CCLK limit 3400; the rest
    // core_boost_limit 3700 and core_cclk_limit 3700 (socket 0) / 3600 (socket 1).
    assert_eq!(ctx.cpu_core(cores[0]).and_then(|c| c.boostlimit()).unwrap(), 3700);
    assert_eq!(ctx.cpu_core(cores[1]).and_then(|c| c.boostlimit()).unwrap(), 3500);
    assert_eq!(ctx.cpu_core(cores[17]).and_then(|c| c.boostlimit()).unwrap(), 3500);
    assert_eq!(ctx.cpu_core(cores[1]).and_then(|c| c.current_freq_limit()).unwrap(), 3400);
    assert_eq!(ctx.cpu_core(cores[2]).and_then(|c| c.current_freq_limit()).unwrap(), 3700);
    assert_eq!(ctx.cpu_core(cores[30]).and_then(|c| c.current_freq_limit()).unwrap(), 3600);
    // A socket function on a core handle, a core function on a socket handle, a GPU handle.
    assert_eq!(status(ctx.cpu_socket(cores[0]).and_then(|s| s.power())), Status::Inval);
    assert_eq!(status(ctx.cpu_core(sockets[0]).and_then(|c| c.boostlimit())), Status::Inval);
    let gpus = Context::builder().root(common::machine("rx6900xt")).build().unwrap();
    assert_eq!(status(ctx.cpu_socket(gpus.processor_handles()[0]).and_then(|s| s.power())), Status::Inval);
}

#[test]
fn genoa_setters_then_getters() {
    let ctx = cpus(common::machine("genoa-2s"));
    let [s0, s1] = ctx.cpusocket_handles()[..] else { panic!("two sockets") };
    let cores = ctx.cpucore_handles();
    // Power cap: set, read back, clamped to the 240000 mW maximum; the other socket untouched.
    ctx.cpu_socket(s0).and_then(|s| s.set_power_cap(150_000)).unwrap();
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.power_cap()).unwrap(), 150_000);
    ctx.cpu_socket(s0).and_then(|s| s.set_power_cap(999_000)).unwrap();
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.power_cap()).unwrap(), 240_000);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.power_cap()).unwrap(), 205_000);
    // Core boost limit: clamped to fmax_fmin 3700 400; above 65535 MHz is INVAL.
    ctx.cpu_core(cores[3]).and_then(|c| c.set_boostlimit(3000)).unwrap();
    assert_eq!(ctx.cpu_core(cores[3]).and_then(|c| c.boostlimit()).unwrap(), 3000);
    ctx.cpu_core(cores[3]).and_then(|c| c.set_boostlimit(9000)).unwrap();
    assert_eq!(ctx.cpu_core(cores[3]).and_then(|c| c.boostlimit()).unwrap(), 3700);
    ctx.cpu_core(cores[3]).and_then(|c| c.set_boostlimit(100)).unwrap();
    assert_eq!(ctx.cpu_core(cores[3]).and_then(|c| c.boostlimit()).unwrap(), 400);
    assert_eq!(status(ctx.cpu_core(cores[3]).and_then(|c| c.set_boostlimit(70_000))), Status::Inval);
    // Socket boost limit: every core of that socket, not the other socket's.
    ctx.cpu_socket(s1).and_then(|s| s.set_boostlimit(3200)).unwrap();
    assert_eq!(ctx.cpu_core(cores[16]).and_then(|c| c.boostlimit()).unwrap(), 3200);
    assert_eq!(ctx.cpu_core(cores[17]).and_then(|c| c.boostlimit()).unwrap(), 3200);
    assert_eq!(ctx.cpu_core(cores[1]).and_then(|c| c.boostlimit()).unwrap(), 3500);
    // LCLK DPM range: set, read back; E-SMI's limits (NBIO 0..3, min <= max <= 3).
    ctx.cpu_socket(s1).and_then(|s| s.set_lclk_dpm_level(2, 1, 2)).unwrap();
    assert_eq!(
        ctx.cpu_socket(s1).and_then(|s| s.lclk_dpm_level(2)).unwrap(),
        DpmLevel { nbio_max_dpm_level: 2, nbio_min_dpm_level: 1 }
    );
    assert_eq!(status(ctx.cpu_socket(s1).and_then(|s| s.set_lclk_dpm_level(4, 0, 1))), Status::Inval);
    assert_eq!(status(ctx.cpu_socket(s1).and_then(|s| s.set_lclk_dpm_level(0, 2, 1))), Status::Inval);
    assert_eq!(status(ctx.cpu_socket(s1).and_then(|s| s.set_lclk_dpm_level(0, 0, 4))), Status::Inval);
    assert_eq!(status(ctx.cpu_socket(s1).and_then(|s| s.lclk_dpm_level(4))), Status::Inval);
    // PCIe link rate: returns the previous control value; 0..=2 on Genoa.
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.set_pcie_link_rate(1)).unwrap(), 0);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.set_pcie_link_rate(2)).unwrap(), 1);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_pcie_link_rate(3))), Status::Inval);
    // Power efficiency mode: 0..=3 on Genoa.
    ctx.cpu_socket(s0).and_then(|s| s.set_pwr_efficiency_mode(3)).unwrap();
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_pwr_efficiency_mode(4))), Status::Inval);
    // DF P-state range (max, min): max <= min <= 2.
    ctx.cpu_socket(s0).and_then(|s| s.set_df_pstate_range(1, 2)).unwrap();
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_df_pstate_range(2, 1))), Status::Inval);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_df_pstate_range(0, 3))), Status::Inval);
    // APB.
    ctx.cpu_socket(s0).and_then(|s| s.apb_disable(2)).unwrap();
    ctx.cpu_socket(s0).and_then(|s| s.apb_enable()).unwrap();
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.apb_disable(4))), Status::Inval);
    // Link widths: xGMI on every socket (0 <= min <= max <= 2), GMI3 per socket.
    ctx.cpu_socket(s0).and_then(|s| s.set_xgmi_width(1, 2)).unwrap();
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_xgmi_width(2, 1))), Status::Inval);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_xgmi_width(0, 3))), Status::Inval);
    ctx.cpu_socket(s1).and_then(|s| s.set_gmi3_link_width_range(1, 2)).unwrap();
    assert_eq!(status(ctx.cpu_socket(s1).and_then(|s| s.set_gmi3_link_width_range(2, 1))), Status::Inval);
    assert_eq!(status(ctx.cpu_socket(s1).and_then(|s| s.set_gmi3_link_width_range(0, 3))), Status::Inval);
    // Not on Genoa.
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_rail_isofreq_policy(1))), Status::NoHsmpMsgSup);

    // State lives in the context: a new context starts from the file again.
    let fresh = cpus(common::machine("genoa-2s"));
    assert_eq!(fresh.cpu_socket(fresh.cpusocket_handles()[0]).and_then(|s| s.power_cap()).unwrap(), 200_000);
}

#[test]
fn turin_functions() {
    let ctx = cpus(common::machine("turin-1s"));
    let [s0] = ctx.cpusocket_handles()[..] else { panic!("one socket") };
    let cores = ctx.cpucore_handles();
    assert_eq!((ctx.processor_handles().len(), cores.len()), (9, 8));
    assert_eq!((ctx.cpu_family().unwrap(), ctx.cpu_model().unwrap()), (26, 2));
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.model_name()).unwrap(), "AMD EPYC 9015 8-Core Processor");
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.hsmp_proto_ver()).unwrap(), 7);
    // sys/module/hsmp_common/version "2.4" (the split driver; no amd_hsmp/version).
    let driver = ctx.cpu_socket(s0).and_then(|s| s.hsmp_driver_version()).unwrap();
    assert_eq!((driver.hsmp_driver_major_ver_num, driver.hsmp_driver_minor_ver_num), (2, 4));
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.cclk_limit()).unwrap(), 4100);
    assert_eq!(
        ctx.cpu_socket(s0).and_then(|s| s.freq_range()).unwrap(),
        SocketFreqRange { max_socket_freq: 4100, min_socket_freq: 600 }
    );
    // Rail isofrequency policy and DF C-state control (27h, 28h): GET, SET, GET.
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.rail_isofreq_policy()).unwrap(), 0);
    ctx.cpu_socket(s0).and_then(|s| s.set_rail_isofreq_policy(1)).unwrap();
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.rail_isofreq_policy()).unwrap(), 1);
    ctx.cpu_socket(s0).and_then(|s| s.set_rail_isofreq_policy(0)).unwrap();
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.rail_isofreq_policy()).unwrap(), 0);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.dfc_ctrl()).unwrap(), 1);
    ctx.cpu_socket(s0).and_then(|s| s.set_dfc_ctrl(0)).unwrap();
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.dfc_ctrl()).unwrap(), 0);
    // Power efficiency modes 0..=5 on family 1Ah.
    ctx.cpu_socket(s0).and_then(|s| s.set_pwr_efficiency_mode(5)).unwrap();
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_pwr_efficiency_mode(6))), Status::Inval);
    // One socket: no xGMI.
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_xgmi_width(0, 2))), Status::NotSupported);
    // Not on Turin either: the socket temperature and the metrics table.
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.temperature())), Status::NoHsmpMsgSup);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.hsmp_metrics_table())), Status::NoHsmpMsgSup);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.first_online_core()).unwrap(), 0);
}

/// Energy through the HSMP RAPL messages only (turin-1s has neither amd_energy nor msr):
/// rapl_esu 16, core.<apic>.energy and package_energy from its dev/hsmp.
#[test]
fn energy_from_hsmp() {
    let root = common::machine("turin-1s");
    assert!(!root.join("dev/cpu").exists() && !root.join("sys/class/hwmon").exists());
    let ctx = cpus(&root);
    let cores = ctx.cpucore_handles();
    // 0x80000000 * 10^6 / 2^16, 0x81010101 * 10^6 / 2^16 (truncated), 0x87070707 ...
    assert_eq!(ctx.cpu_core(cores[0]).and_then(|c| c.energy()).unwrap(), 32_768_000_000);
    assert_eq!(ctx.cpu_core(cores[1]).and_then(|c| c.energy()).unwrap(), 33_025_003_921);
    assert_eq!(ctx.cpu_core(cores[7]).and_then(|c| c.energy()).unwrap(), 34_567_027_450);
    // 0x123456789 * 10^6 / 2^16.
    assert_eq!(ctx.cpu_socket(ctx.cpusocket_handles()[0]).and_then(|s| s.energy()).unwrap(), 74_565_404_434);
}

/// Energy from the amd_energy hwmon only (genoa-2s: its SMU has no RAPL, no MSR devices):
/// energy<k+1>_input for core k, energy<32+s+1>_input for socket s.
#[test]
fn energy_from_amd_energy() {
    let root = common::machine("genoa-2s");
    assert!(!root.join("dev/cpu").exists());
    let ctx = cpus(&root);
    let cores = ctx.cpucore_handles();
    // 123456789 + 1000003 * k.
    assert_eq!(ctx.cpu_core(cores[0]).and_then(|c| c.energy()).unwrap(), 123_456_789);
    assert_eq!(ctx.cpu_core(cores[5]).and_then(|c| c.energy()).unwrap(), 128_456_804);
    assert_eq!(ctx.cpu_core(cores[16]).and_then(|c| c.energy()).unwrap(), 139_456_837);
    let [s0, s1] = ctx.cpusocket_handles()[..] else { panic!("two sockets") };
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.energy()).unwrap(), 987_654_321_000);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.energy()).unwrap(), 988_654_321_007);
}

/// Energy from recorded MSRs only (mi300x-cpx's host CPUs: no amd_energy, no HSMP RAPL):
/// MSR_RAPL_PWR_UNIT 0xA1003 (unit 16), core counters 0x2_0000_0000 + 0x1234567 * cpu, the
/// package counter of socket s in the recording of its first CPU (0 and 96).
#[test]
fn energy_from_msr() {
    let root = common::machine("mi300x-cpx");
    let ctx = Context::builder().root(&root).flags(F::INIT_AMD_CPUS).build().unwrap();
    let cores = ctx.cpucore_handles();
    assert_eq!(cores.len(), 192);
    assert_eq!(ctx.cpu_core(cores[0]).and_then(|c| c.energy()).unwrap(), 131_072_000_000);
    assert_eq!(ctx.cpu_core(cores[5]).and_then(|c| c.energy()).unwrap(), 132_528_355_514);
    assert_eq!(ctx.cpu_core(cores[100]).and_then(|c| c.energy()).unwrap(), 160_199_110_290);
    let [s0, s1] = ctx.cpusocket_handles()[..] else { panic!("two sockets") };
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.first_online_core()).unwrap(), 96);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.energy()).unwrap(), 4_229_547_804_428);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.energy()).unwrap(), 8_423_851_804_428);

    // E-SMI 4.2's order on a 64-bit RAPL CPU (genoa-2s, family 19h model 11h, no HSMP RAPL):
    // msr_safe, then amd_energy, then msr (create_energy_monitor in e_smi.c).
    let copy = common::copy_machine("genoa-2s");
    let hwmon = copy.path().join("sys/devices/platform/amd_energy.0/hwmon/hwmon0");
    assert!(hwmon.is_dir());
    fs::create_dir_all(copy.path().join("dev/cpu/0")).unwrap();
    fs::write(copy.path().join("dev/cpu/0/msr"), "0xc0010299 0xa1003\n0xc001029a 0x10000\n").unwrap();
    fs::write(copy.path().join("dev/cpu/0/msr_safe"), "0xc0010299 0xa1003\n0xc001029a 0x30000\n").unwrap();
    // msr_safe before amd_energy: 0x30000 * 10^6 / 2^16 = 3 * 10^6 uJ.
    let ctx = cpus(copy.path());
    assert_eq!(ctx.cpu_core(ctx.cpucore_handles()[0]).and_then(|c| c.energy()).unwrap(), 3_000_000);
    // amd_energy before msr: energy1_input, 123456789 uJ.
    fs::remove_file(copy.path().join("dev/cpu/0/msr_safe")).unwrap();
    let ctx = cpus(copy.path());
    assert_eq!(ctx.cpu_core(ctx.cpucore_handles()[0]).and_then(|c| c.energy()).unwrap(), 123_456_789);
    // Without amd_energy: the MSRs (0x10000 * 10^6 / 2^16 = 10^6 uJ).
    fs::remove_file(copy.path().join("sys/class/hwmon/hwmon0")).unwrap();
    let ctx = cpus(copy.path());
    assert_eq!(ctx.cpu_core(ctx.cpucore_handles()[0]).and_then(|c| c.energy()).unwrap(), 1_000_000);
    assert_eq!(
        status(ctx.cpu_core(ctx.cpucore_handles()[1]).and_then(|c| c.energy())),
        Status::NoMsrDrv,
        "no dev/cpu/1/msr"
    );
    // A 32-bit RAPL CPU (model 01h, Milan) with its SMU answering: E-SMI 4.2 reads no MSR
    // there, so with no amd_energy there is no energy source.
    let cpuinfo = fs::read_to_string(copy.path().join("proc/cpuinfo")).unwrap();
    fs::write(copy.path().join("proc/cpuinfo"), cpuinfo.replace("model\t\t: 17", "model\t\t: 1")).unwrap();
    let ctx = cpus(copy.path());
    assert_eq!(status(ctx.cpu_core(ctx.cpucore_handles()[0]).and_then(|c| c.energy())), Status::NoEnergyDrv);
    assert_eq!(status(ctx.cpu_socket(ctx.cpusocket_handles()[0]).and_then(|s| s.energy())), Status::NoEnergyDrv);
}

#[test]
fn mi300a_metrics_table() {
    let root = common::machine("mi300a-2s");
    let ctx = cpus(&root);
    let [s0, s1] = ctx.cpusocket_handles()[..] else { panic!("two sockets") };
    assert_eq!(ctx.cpucore_handles().len(), 48);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.model_name()).unwrap(), "AMD Instinct MI300A Accelerator");
    assert_eq!((ctx.cpu_family().unwrap(), ctx.cpu_model().unwrap()), (25, 144));
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.hsmp_metrics_table_version()).unwrap(), 6);
    let blob = fs::read(root.join("sys/devices/platform/amd_hsmp/socket1/metrics_bin")).unwrap();
    let table = ctx.cpu_socket(s1).and_then(|s| s.hsmp_metrics_table()).unwrap();
    assert_eq!(table, hsmp::metrics::decode(&blob).unwrap());
    // From fixtures/hsmp_metrics/expected/v6.json: accumulation_counter 257, socket_power 266 / 1024 W.
    assert_eq!((table.accumulation_counter, table.socket_power), (257, 266.0 / 1024.0));
    // MI300A (protocol 6): links P2 (3), G0 (8); LCLK levels 0..=2; no DDR bandwidth, APB, DIMMs.
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(1, "P2")).unwrap(), 12000);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.current_xgmi_bw(2, "G0")).unwrap(), 25500);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(1, "P0"))), Status::Inval);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_lclk_dpm_level(0, 0, 3))), Status::Inval);
    ctx.cpu_socket(s0).and_then(|s| s.set_lclk_dpm_level(0, 0, 2)).unwrap();
    for s in [
        status(ctx.cpu_socket(s0).and_then(|s| s.ddr_bw())),
        status(ctx.cpu_socket(s0).and_then(|s| s.apb_enable())),
        status(ctx.cpu_socket(s0).and_then(|s| s.dimm_power_consumption(0x80))),
        status(ctx.cpu_socket(s0).and_then(|s| s.set_pcie_link_rate(0))),
    ] {
        assert_eq!(s, Status::NoHsmpMsgSup);
    }
    // No energy source at all.
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.energy())), Status::NoEnergyDrv);
    assert_eq!(status(ctx.cpu_core(ctx.cpucore_handles()[0]).and_then(|c| c.energy())), Status::NoEnergyDrv);
}

#[test]
fn metrics_table_acpi_path_and_damage() {
    let copy = common::copy_machine("mi300a-2s");
    let legacy = copy.path().join("sys/devices/platform/amd_hsmp/socket1/metrics_bin");
    let acpi = copy.path().join("sys/devices/platform/AMDI0097:01/metrics_bin");
    fs::create_dir_all(acpi.parent().unwrap()).unwrap();
    fs::rename(&legacy, &acpi).unwrap();
    let ctx = cpus(copy.path());
    let [s0, s1] = ctx.cpusocket_handles()[..] else { panic!("two sockets") };
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.hsmp_metrics_table()).unwrap().accumulation_counter, 257);
    // Truncated: UNEXPECTED_SIZE with the file's path.
    let bytes = fs::read(&acpi).unwrap();
    fs::write(&acpi, &bytes[..1000]).unwrap();
    let err = ctx.cpu_socket(s1).and_then(|s| s.hsmp_metrics_table()).unwrap_err();
    assert_eq!((err.status(), err.path()), (Status::UnexpectedSize, Some(acpi.as_path())));
    // Missing on both paths: NOT_SUPPORTED with the legacy path.
    fs::remove_file(copy.path().join("sys/devices/platform/amd_hsmp/socket0/metrics_bin")).unwrap();
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.hsmp_metrics_table())), Status::NotSupported);
}

/// What a message needs depends on the HSMP protocol: the genoa SMU reporting protocol 4
/// (Trento's table, 01h..15h) exposes the socket temperature (temperature = 45625 / 46625 m°C)
/// and no longer the DIMM messages (16h..18h).
#[test]
fn support_follows_the_protocol_version() {
    let copy = common::copy_machine("genoa-2s");
    let text = fs::read_to_string(copy.path().join("dev/hsmp")).unwrap();
    fs::write(copy.path().join("dev/hsmp"), text.replace("proto_ver = 5", "proto_ver = 4")).unwrap();
    let ctx = cpus(copy.path());
    let [s0, s1] = ctx.cpusocket_handles()[..] else { panic!("two sockets") };
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.hsmp_proto_ver()).unwrap(), 4);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.temperature()).unwrap(), 45625);
    assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.temperature()).unwrap(), 46625);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.dimm_thermal_sensor(0x80))), Status::NoHsmpMsgSup);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_gmi3_link_width_range(0, 2))), Status::NoHsmpMsgSup);
    // Protocol 4 knows no links: every link name is invalid.
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(1, "P0"))), Status::NoHsmpMsgSup);
}

#[test]
fn discovery_failures() {
    // E-SMI asks the CPU first: a root without /proc/cpuinfo (a GPU machine's capture) cannot
    // name its CPU: NOT_SUPPORTED with that path; with GPUs too, the CPUs are left out.
    let gpu_root = common::machine("rx6900xt");
    let err = Context::builder().root(&gpu_root).flags(F::INIT_AMD_CPUS).build().unwrap_err();
    assert_eq!((err.status(), err.path()), (Status::NotSupported, Some(gpu_root.join("proc/cpuinfo").as_path())));
    let apus = Context::builder().root(&gpu_root).flags(F::INIT_AMD_APUS).build().unwrap();
    assert_eq!(apus.processor_handles().len(), 1);
    assert!(apus.cpusocket_handles().is_empty());
    assert_eq!(status(apus.cpu_family()), Status::NotInit);

    // No HSMP device and no energy driver (genoa-2s without dev/hsmp and its amd_energy
    // hwmon): E-SMI 4.2's ESMI_NO_DRV, NO_DRV with the HSMP device's path.
    let copy = common::copy_machine("genoa-2s");
    fs::remove_file(copy.path().join("dev/hsmp")).unwrap();
    fs::remove_file(copy.path().join("sys/class/hwmon/hwmon0")).unwrap();
    let err = Context::builder().root(copy.path()).flags(F::INIT_AMD_CPUS).build().unwrap_err();
    assert_eq!((err.status(), err.path()), (Status::NoDrv, Some(copy.path().join("dev/hsmp").as_path())));
    // An MSR driver is an energy driver on this 64-bit RAPL CPU (family 19h model 11h) ...
    fs::create_dir_all(copy.path().join("dev/cpu/0")).unwrap();
    fs::write(copy.path().join("dev/cpu/0/msr"), "0xc0010299 0xa1003\n0xc001029a 0x10000\n").unwrap();
    let ctx = cpus(copy.path());
    assert_eq!(ctx.cpu_core(ctx.cpucore_handles()[0]).and_then(|c| c.energy()).unwrap(), 1_000_000);
    // ... and none on a 32-bit one (model 01h, Milan): E-SMI 4.2 only looks for amd_energy there.
    let cpuinfo = fs::read_to_string(copy.path().join("proc/cpuinfo")).unwrap();
    fs::write(copy.path().join("proc/cpuinfo"), cpuinfo.replace("model\t\t: 17", "model\t\t: 1")).unwrap();
    let err = Context::builder().root(copy.path()).flags(F::INIT_AMD_CPUS).build().unwrap_err();
    assert_eq!(err.status(), Status::NoDrv);
    assert!(err.detail().unwrap().ends_with("no amd_energy driver"), "{err}");

    // No dev/hsmp but amd_energy: CPUs found. E-SMI 4.2's platform table is empty without a
    // driver that answered, and it is checked first: the HSMP messages are NO_HSMP_MSG_SUP; the
    // three functions that check the driver first are NO_HSMP_DRV; energy works.
    let copy = common::copy_machine("genoa-2s");
    fs::remove_file(copy.path().join("dev/hsmp")).unwrap();
    let ctx = cpus(copy.path());
    let s0 = ctx.cpusocket_handles()[0];
    let err = ctx.cpu_socket(s0).and_then(|s| s.power()).unwrap_err();
    assert_eq!((err.status(), err.path()), (Status::NoHsmpMsgSup, Some(copy.path().join("dev/hsmp").as_path())));
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.smu_fw_version())), Status::NoHsmpMsgSup);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_power_cap(100_000))), Status::NoHsmpMsgSup);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.hsmp_metrics_table())), Status::NoHsmpMsgSup);
    assert_eq!(status(ctx.cpu_core(ctx.cpucore_handles()[0]).and_then(|c| c.boostlimit())), Status::NoHsmpMsgSup);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.current_io_bandwidth(1, "P0"))), Status::NoHsmpMsgSup);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.hsmp_proto_ver())), Status::NoHsmpDrv);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.hsmp_driver_version())), Status::NoHsmpDrv);
    assert_eq!(status(ctx.cpu_socket(s0).and_then(|s| s.set_xgmi_width(0, 2))), Status::NoHsmpDrv);
    // energy<33>_input of the amd_energy hwmon: 987654321000 uJ.
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.energy()).unwrap(), 987_654_321_000);
    assert_eq!(ctx.cpu_family().unwrap(), 25);
    assert_eq!(ctx.cpu_socket(s0).and_then(|s| s.first_online_core()).unwrap(), 0);

    // A SMU that does not answer the protocol query: HSMP unusable, as with no device.
    let copy = common::copy_machine("genoa-2s");
    edit(copy.path(), "dev/hsmp", "[socket0]\nproto_ver = 5\n", "[socket0]\n");
    let ctx = cpus(copy.path());
    let err = ctx.cpu_socket(ctx.cpusocket_handles()[0]).and_then(|s| s.power()).unwrap_err();
    assert_eq!(err.status(), Status::NoHsmpMsgSup);
    assert!(err.detail().unwrap().contains("protocol version query failed"), "{err}");
    let err = ctx.cpu_socket(ctx.cpusocket_handles()[0]).and_then(|s| s.hsmp_proto_ver()).unwrap_err();
    assert_eq!(err.status(), Status::NoHsmpDrv);

    // A damaged SMU file is reported, not ignored.
    let copy = common::copy_machine("genoa-2s");
    edit(copy.path(), "dev/hsmp", "smu_fw_version = 0x00555a01", "smu_fw_version = 0x00555a0g");
    let err = Context::builder().root(copy.path()).flags(F::INIT_AMD_CPUS).build().unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedData);

    // Not an AMD CPU; a family without HSMP.
    let copy = common::copy_machine("turin-1s");
    let cpuinfo = fs::read_to_string(copy.path().join("proc/cpuinfo")).unwrap();
    fs::write(copy.path().join("proc/cpuinfo"), cpuinfo.replace("AuthenticAMD", "GenuineIntel")).unwrap();
    assert_eq!(status(Context::builder().root(copy.path()).flags(F::INIT_AMD_CPUS).build()), Status::NonAmdCpu);
    fs::write(copy.path().join("proc/cpuinfo"), cpuinfo.replace("cpu family\t: 26", "cpu family\t: 23")).unwrap();
    assert_eq!(status(Context::builder().root(copy.path()).flags(F::INIT_AMD_CPUS).build()), Status::NotSupported);
}

/// mi300x-cpx with every processor: its 63 GPU partitions, then 2 CPU sockets of 96 cores.
#[test]
fn gpus_and_cpus_together() {
    let root = common::machine("mi300x-cpx");
    let ctx = Context::builder().root(&root).flags(F::INIT_ALL_PROCESSORS).build().unwrap();
    let all = ctx.processor_handles();
    assert_eq!(all.len(), 63 + 2 * 97);
    assert_eq!(ctx.processor_type(all[62]).unwrap().processor_type, T::AmdGpu);
    assert_eq!(ctx.processor_type(all[63]).unwrap().processor_type, T::AmdCpu);
    assert_eq!(ctx.processor_type(all[64]).unwrap().processor_type, T::AmdCpuCore);
    let sockets = ctx.socket_handles();
    let cpu_socket = *sockets.last().unwrap();
    assert_eq!(ctx.socket_info(cpu_socket).unwrap(), "1");
    assert_eq!(ctx.cpu_socket(all[63]).and_then(|s| s.model_name()).unwrap(), "AMD EPYC 9654 96-Core Processor");
    assert_eq!(ctx.cpu_socket(all[63]).and_then(|s| s.power()).unwrap(), 95123);
    assert_eq!(ctx.processor_info(all[63 + 97]).unwrap(), "1");
    assert_eq!(ctx.processor_info(all[63 + 97 + 1]).unwrap(), "96");
    assert_eq!(status(ctx.cpu_socket(all[0]).and_then(|s| s.power())), Status::Inval);
}

/// The documented free functions on the process-wide instance (one test: one instance).
#[test]
fn process_wide_functions() {
    let _instance = common::global_instance();
    use amdsmi::api;
    api::init_global(Context::builder().root(common::machine("turin-1s")).flags(F::INIT_AMD_CPUS)).unwrap();
    let sockets = amdsmi_get_cpusocket_handles().unwrap();
    let cores = amdsmi_get_cpucore_handles().unwrap();
    assert_eq!((sockets.len(), cores.len()), (1, 8));
    assert_eq!(amdsmi_get_processor_handles().unwrap().len(), 9);
    assert_eq!((amdsmi_get_cpu_family().unwrap(), amdsmi_get_cpu_model().unwrap()), (26, 2));
    assert_eq!(amdsmi_get_threads_per_core().unwrap(), 2);
    assert_eq!(amdsmi_get_cpu_socket_power(sockets[0]).unwrap(), 95123);
    amdsmi_set_cpu_socket_power_cap(sockets[0], 100_000).unwrap();
    assert_eq!(amdsmi_get_cpu_socket_power_cap(sockets[0]).unwrap(), 100_000);
    assert_eq!(amdsmi_get_cpu_current_xgmi_bw(sockets[0], 4, "G0").unwrap(), 25500);
    assert_eq!(amdsmi_get_cpu_core_boostlimit(cores[1]).unwrap(), 3900);
    assert_eq!(amdsmi_get_processor_type(cores[1]).unwrap().processor_type, T::AmdCpuCore);
    amdsmi_shut_down().unwrap();
    assert_eq!(status(amdsmi_get_cpu_family()), Status::NotInit);
}

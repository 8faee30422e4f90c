//! Entry points of `entry/cpu.rs` called directly: values against the Rust API on fixture machines, and bad input.
//!
//! The values read by hand come from the fixtures' emulated SMU state (`fixtures/machines/<name>/dev/hsmp`),
//! `proc/cpuinfo` and `sys/module/*/version`. The Rust API's values come from `instance.context`, a second context
//! on the same root: its emulated SMU state is its own, so a setter's effect is compared by doing the same on both.

use std::ffi::{c_char, c_void, CStr};
use std::ptr::{null, null_mut};

use amd_smi::abi::{
    amdsmi_cpu_info_t, amdsmi_ddr_bw_metrics_t, amdsmi_dimm_power_t, amdsmi_dimm_thermal_t, amdsmi_dpm_level_t,
    amdsmi_hsmp_driver_version_t, amdsmi_link_id_bw_type_t, amdsmi_smu_fw_version_t, amdsmi_sock_info_t,
    amdsmi_temp_range_refresh_rate_t,
};
use amd_smi::entry::cpu::*;
use amd_smi::entry::handles::{amdsmi_get_cpu_handles, amdsmi_get_cpucore_handles};
use amdsmi::{AmdSmiInitFlags, Context, Status};

use crate::common::{instance_on, INVAL, SUCCESS};

const NOT_SUPPORTED: u32 = Status::NotSupported.code();
const NOT_FOUND: u32 = Status::NotFound.code();

/// The CPU socket and core handles of the process-wide instance, through the C functions.
fn cpu_handles() -> (Vec<*mut c_void>, Vec<*mut c_void>) {
    let list = |f: extern "C" fn(*mut u32, *mut *mut c_void) -> u32| {
        let mut n = 0u32;
        assert_eq!(f(&mut n, null_mut()), SUCCESS);
        let mut handles = vec![null_mut(); n as usize];
        assert_eq!(f(&mut n, handles.as_mut_ptr()), SUCCESS);
        handles
    };
    (list(amdsmi_get_cpu_handles), list(amdsmi_get_cpucore_handles))
}

/// A `u32` socket getter's value, asserting SUCCESS.
fn get_u32(f: extern "C" fn(*mut c_void, *mut u32) -> u32, handle: *mut c_void) -> u32 {
    let mut v = u32::MAX;
    assert_eq!(f(handle, &mut v), SUCCESS);
    v
}

/// Text the library points to (static, NUL-terminated).
fn text(ptr: *const c_char) -> String {
    assert!(!ptr.is_null());
    // SAFETY: the library points at static NUL-terminated text.
    unsafe { CStr::from_ptr(ptr) }.to_str().unwrap().to_owned()
}

/// A link argument naming `name` (kept alive by the caller's `buf`).
fn link(bw_type: u32, buf: &mut [u8]) -> amdsmi_link_id_bw_type_t {
    amdsmi_link_id_bw_type_t { bw_type, link_name: buf.as_mut_ptr().cast() }
}

#[test]
fn genoa_socket_getters() {
    let instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let ctx: &Context = &instance.context;
    let (sockets, cores) = cpu_handles();
    let (rs, rc) = (ctx.cpusocket_handles(), ctx.cpucore_handles());
    assert_eq!((sockets.len(), cores.len()), (2, 32), "2 x EPYC 9124, 16 cores each");
    let [s0, s1] = sockets[..] else { unreachable!() };
    let sock = |i: usize| ctx.cpu_socket(rs[i]).unwrap();

    // System-wide: proc/cpuinfo family 25, model 17, 2 threads per core.
    let mut v = 0u32;
    assert_eq!(amdsmi_get_cpu_model(&mut v), SUCCESS);
    assert_eq!(v, 17);
    assert_eq!(v, ctx.cpu_model().unwrap());
    assert_eq!(amdsmi_get_threads_per_core(&mut v), SUCCESS);
    assert_eq!((v, ctx.threads_per_core().unwrap()), (2, 2));
    assert_eq!(amdsmi_get_cpu_socket_count(&mut v), SUCCESS);
    assert_eq!((v, ctx.cpu_socket_count().unwrap()), (2, 2));

    // dev/hsmp [socket0] / [socket1].
    assert_eq!(get_u32(amdsmi_get_cpu_hsmp_proto_ver, s0), 5);
    assert_eq!(get_u32(amdsmi_get_cpu_prochot_status, s1), 1, "prochot = 1");
    assert_eq!(get_u32(amdsmi_get_cpu_prochot_status, s1), sock(1).prochot_status().unwrap());
    assert_eq!(get_u32(amdsmi_get_cpu_cclk_limit, s1), 3600, "cclk_throttle_limit = 3600");
    assert_eq!(get_u32(amdsmi_get_cpu_socket_power_cap, s1), 205_000, "socket_power_limit");
    assert_eq!(get_u32(amdsmi_get_cpu_socket_power_cap_max, s1), 240_000, "socket_power_limit_max");
    assert_eq!(get_u32(amdsmi_get_cpu_pwr_svi_telemetry_all_rails, s1), 87_500, "svi_power");
    assert_eq!(get_u32(amdsmi_get_cpu_socket_c0_residency, s1), 38, "c0_residency");
    assert_eq!(get_u32(amdsmi_get_cpu_socket_power, s0), 95_123, "socket_power");
    assert_eq!(get_u32(amdsmi_first_online_core_on_cpu_socket, s1), 16);
    assert_eq!(get_u32(amdsmi_first_online_core_on_cpu_socket, s1), sock(1).first_online_core().unwrap());
    for (f, get) in [
        (
            amdsmi_get_cpu_cclk_limit as extern "C" fn(_, _) -> _,
            (|s| s.cclk_limit()) as fn(&amdsmi::CpuSocket<'_>) -> _,
        ),
        (amdsmi_get_cpu_socket_power_cap, |s| s.power_cap()),
        (amdsmi_get_cpu_socket_power_cap_max, |s| s.power_cap_max()),
        (amdsmi_get_cpu_pwr_svi_telemetry_all_rails, |s| s.pwr_svi_telemetry_all_rails()),
        (amdsmi_get_cpu_socket_c0_residency, |s| s.c0_residency()),
        (amdsmi_get_cpu_hsmp_proto_ver, |s| s.hsmp_proto_ver()),
    ] {
        for (i, &handle) in sockets.iter().enumerate() {
            assert_eq!(get_u32(f, handle), get(&sock(i)).unwrap());
        }
    }

    // smu_fw_version = 0x00555a01: major 85, minor 90, debug 1.
    let mut fw = amdsmi_smu_fw_version_t { debug: 9, minor: 9, major: 9, unused: 9 };
    assert_eq!(amdsmi_get_cpu_smu_fw_version(s1, &mut fw), SUCCESS);
    assert_eq!((fw.major, fw.minor, fw.debug, fw.unused), (85, 90, 1, 0));
    let rust = sock(1).smu_fw_version().unwrap();
    assert_eq!(
        (fw.major, fw.minor, fw.debug),
        (rust.smu_fw_major_ver_num, rust.smu_fw_minor_ver_num, rust.smu_fw_debug_ver_num)
    );
    // sys/module/amd_hsmp/version "2.2".
    let mut driver = amdsmi_hsmp_driver_version_t::ZERO;
    assert_eq!(amdsmi_get_cpu_hsmp_driver_version(s0, &mut driver), SUCCESS);
    assert_eq!((driver.major, driver.minor), (2, 2));
    // fclk_mclk = 1600 2200 on socket 1.
    let (mut fclk, mut mclk) = (0u32, 0u32);
    assert_eq!(amdsmi_get_cpu_fclk_mclk(s1, &mut fclk, &mut mclk), SUCCESS);
    assert_eq!((fclk, mclk), (1600, 2200));
    let rust = sock(1).fclk_mclk().unwrap();
    assert_eq!((fclk, mclk), (rust.fclk, rust.mclk));
    // fmax_fmin = 3700 400.
    let (mut fmax, mut fmin) = (0u16, 0u16);
    assert_eq!(amdsmi_get_cpu_socket_freq_range(s1, &mut fmax, &mut fmin), SUCCESS);
    assert_eq!((fmax, fmin), (3700, 400));
    // ddr_bw = 450 58 13 on socket 1.
    let mut bw = amdsmi_ddr_bw_metrics_t::ZERO;
    assert_eq!(amdsmi_get_cpu_ddr_bw(s1, &mut bw), SUCCESS);
    assert_eq!((bw.max_bw, bw.utilized_bw, bw.utilized_pct), (450, 58, 13));
    let rust = sock(1).ddr_bw().unwrap();
    assert_eq!((bw.max_bw, bw.utilized_bw, bw.utilized_pct), (rust.max_bw, rust.utilized_bw, rust.utilized_pct));
    // DIMM 0x81 of socket 0: temp_range 2, refresh_rate 1 -> bits 0b1010.
    let mut range = amdsmi_temp_range_refresh_rate_t::ZERO;
    assert_eq!(amdsmi_get_cpu_dimm_temp_range_and_refresh_rate(s0, 0x81, &mut range), SUCCESS);
    assert_eq!(range.bits, 0b1010);
    // DIMM 0x90 of socket 1: power 2135 mW, updated 7 ms ago.
    let mut power = amdsmi_dimm_power_t::ZERO;
    assert_eq!(amdsmi_get_cpu_dimm_power_consumption(s1, 0x90, &mut power), SUCCESS);
    assert_eq!((power.power, power.update_rate, power.dimm_addr), (2135, 7, 0x90));
    assert_eq!(amdsmi_get_cpu_dimm_power_consumption(s0, 0x82, &mut power), INVAL, "no DIMM at 0x82");
    // DIMM 0x80 of socket 1: sensor 166 (x 0.25 = 41.5 °C), updated 10 ms ago.
    let mut thermal = amdsmi_dimm_thermal_t::ZERO;
    assert_eq!(amdsmi_get_cpu_dimm_thermal_sensor(s1, 0x80, &mut thermal), SUCCESS);
    assert_eq!((thermal.sensor, thermal.update_rate, thermal.dimm_addr, thermal.temp), (166, 10, 0x80, 41.5));
    assert_eq!(thermal.temp, sock(1).dimm_thermal_sensor(0x80).unwrap().temp);
    // lclk_dpm.1 = 1 3 (min max).
    let mut dpm = amdsmi_dpm_level_t::ZERO;
    assert_eq!(amdsmi_get_cpu_socket_lclk_dpm_level(s0, 1, &mut dpm), SUCCESS);
    assert_eq!((dpm.max_dpm_level, dpm.min_dpm_level), (3, 1));
    assert_eq!(amdsmi_get_cpu_socket_lclk_dpm_level(s0, 4, &mut dpm), INVAL, "NBIO 0..3");
    // Link bandwidths: io_bw.0x1 (P0) = 12000 on socket 0, io_bw.0x10 (G0) = 14100 on socket 1,
    // xgmi_bw.0x2 (P1) = 49000 24500 ... read 25500 on socket 0 (aggregate, read, write).
    let mut name = *b"P0\0";
    let mut mbps = 0u32;
    assert_eq!(amdsmi_get_cpu_current_io_bandwidth(s0, link(1, &mut name), &mut mbps), SUCCESS);
    assert_eq!(mbps, 12_000);
    let mut name = *b"G0\0";
    assert_eq!(amdsmi_get_cpu_current_io_bandwidth(s1, link(1, &mut name), &mut mbps), SUCCESS);
    assert_eq!((mbps, sock(1).current_io_bandwidth(1, "G0").unwrap()), (14_100, 14_100));
    let mut name = *b"P1\0";
    assert_eq!(amdsmi_get_cpu_current_xgmi_bw(s0, link(2, &mut name), &mut mbps), SUCCESS);
    assert_eq!(mbps, 25_500);
    assert_eq!(amdsmi_get_cpu_current_io_bandwidth(s0, link(2, &mut name), &mut mbps), INVAL, "IO: aggregate only");
    assert_eq!(amdsmi_get_cpu_current_xgmi_bw(s0, link(3, &mut name), &mut mbps), INVAL, "types 1, 2, 4");
    let mut unknown = *b"G7\0";
    assert_eq!(amdsmi_get_cpu_current_io_bandwidth(s0, link(1, &mut unknown), &mut mbps), INVAL, "no G7");
    let mut no_nul = [b'P'; 64];
    assert_eq!(amdsmi_get_cpu_current_io_bandwidth(s0, link(1, &mut no_nul), &mut mbps), INVAL, "no NUL in 32 bytes");
    let null_name = amdsmi_link_id_bw_type_t { bw_type: 1, link_name: null_mut() };
    assert_eq!(amdsmi_get_cpu_current_io_bandwidth(s0, null_name, &mut mbps), INVAL);

    // Cores: core.0x42 (socket 1's second core, index 17): boost 3500, CCLK limit 3400;
    // socket 0's third core: core_cclk_limit 3700.
    let mut mhz = 0u32;
    assert_eq!(amdsmi_get_cpu_core_boostlimit(cores[17], &mut mhz), SUCCESS);
    assert_eq!((mhz, ctx.cpu_core(rc[17]).unwrap().boostlimit().unwrap()), (3500, 3500));
    assert_eq!(amdsmi_get_cpu_core_current_freq_limit(cores[17], &mut mhz), SUCCESS);
    assert_eq!(mhz, 3400);
    assert_eq!(amdsmi_get_cpu_core_current_freq_limit(cores[2], &mut mhz), SUCCESS);
    assert_eq!((mhz, ctx.cpu_core(rc[2]).unwrap().current_freq_limit().unwrap()), (3700, 3700));

    // Not on protocol 5: the socket temperature (15h), the metrics table version (23h).
    let no_msg = Status::NoHsmpMsgSup.code();
    assert_eq!(amdsmi_get_cpu_socket_temperature(s0, &mut v), no_msg);
    assert_eq!(amdsmi_get_hsmp_metrics_table_version(s0, &mut v), no_msg);
    drop(instance);
}

#[test]
fn model_name_and_cores_per_socket() {
    let instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let (sockets, _) = cpu_handles();
    // proc/cpuinfo: "model name : AMD EPYC 9124 16-Core Processor".
    let mut info = amdsmi_cpu_info_t::ZERO;
    info.cpu_family_id = 77;
    assert_eq!(amdsmi_get_cpu_model_name(sockets[1], &mut info), SUCCESS);
    let name = text(info.model_name.as_ptr());
    assert_eq!(name, "AMD EPYC 9124 16-Core Processor");
    let rust = instance.context.cpusocket_handles()[1];
    assert_eq!(name, instance.context.cpu_socket(rust).unwrap().model_name().unwrap());
    assert_eq!(info.cpu_family_id, 0, "the struct is written whole, the rest zero");
    assert_eq!(amdsmi_get_cpu_model_name(sockets[1], null_mut()), INVAL);

    // 16 cores per socket; the array is filled for sock_count entries and no further.
    let blank = amdsmi_sock_info_t { socket_id: 99, cores_per_socket: 99 };
    let mut infos = [blank; 3];
    assert_eq!(amdsmi_get_cpu_cores_per_socket(2, infos.as_mut_ptr()), SUCCESS);
    let got: Vec<_> = infos.iter().map(|i| (i.socket_id, i.cores_per_socket)).collect();
    assert_eq!(got, [(0, 16), (1, 16), (99, 99)]);
    let rust = instance.context.cpu_cores_per_socket(2).unwrap();
    assert_eq!((rust[1].socket_id, rust[1].cores_per_socket), (1, 16));
    let mut one = [blank; 1];
    assert_eq!(amdsmi_get_cpu_cores_per_socket(1, one.as_mut_ptr()), SUCCESS, "AMD's Python: room for one");
    assert_eq!((one[0].socket_id, one[0].cores_per_socket), (0, 16));
    assert_eq!(amdsmi_get_cpu_cores_per_socket(3, infos.as_mut_ptr()), INVAL, "more sockets than there are");
    assert_eq!(amdsmi_get_cpu_cores_per_socket(0, infos.as_mut_ptr()), INVAL);
    assert_eq!(amdsmi_get_cpu_cores_per_socket(2, null_mut()), INVAL);
    drop(instance);
}

#[test]
fn frequency_limit_sources_are_static_and_bounded() {
    let instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let (sockets, _) = cpu_handles();
    // [socket0] freq_limit 3700, freq_limit_source 0x0088: bits 3 (PPT Limit) and 7 (HSMP Agent).
    let mut freq = 0u16;
    let marker = c"untouched".as_ptr().cast_mut();
    let mut src = [marker; FREQ_LIMIT_SRC_ROOM];
    assert_eq!(amdsmi_get_cpu_socket_current_active_freq_limit(sockets[0], &mut freq, src.as_mut_ptr()), SUCCESS);
    assert_eq!(freq, 3700);
    assert_eq!((text(src[0]), text(src[1])), ("PPT Limit".to_owned(), "HSMP Agent".to_owned()));
    assert!(src[2..].iter().all(|&p| p == marker), "nothing past the sources");
    let rust = instance.context.cpusocket_handles()[0];
    let limit = instance.context.cpu_socket(rust).unwrap().current_active_freq_limit().unwrap();
    assert_eq!((limit.freq, limit.freq_src), (freq, vec![text(src[0]), text(src[1])]));
    // The names are static: a second call points at the same memory.
    let first = src[0];
    assert_eq!(amdsmi_get_cpu_socket_current_active_freq_limit(sockets[0], &mut freq, src.as_mut_ptr()), SUCCESS);
    assert_eq!(src[0], first);
    // [socket1] 0x0009: bits 0 (cHTC-Active) and 3.
    assert_eq!(amdsmi_get_cpu_socket_current_active_freq_limit(sockets[1], &mut freq, src.as_mut_ptr()), SUCCESS);
    assert_eq!((freq, text(src[0]), text(src[1])), (3600, "cHTC-Active".to_owned(), "PPT Limit".to_owned()));
    assert_eq!(amdsmi_get_cpu_socket_current_active_freq_limit(sockets[0], null_mut(), src.as_mut_ptr()), INVAL);
    assert_eq!(amdsmi_get_cpu_socket_current_active_freq_limit(sockets[0], &mut freq, null_mut()), INVAL);

    // E-SMI messages: 47 NO_HSMP_DRV, 1 INVAL; a code no E-SMI status maps to.
    let mut msg: *const c_char = null();
    assert_eq!(amdsmi_get_esmi_err_msg(Status::NoHsmpDrv.code(), &mut msg), SUCCESS);
    assert_eq!(text(msg), "HSMP driver not present");
    let again = msg;
    assert_eq!(amdsmi_get_esmi_err_msg(Status::NoHsmpDrv.code(), &mut msg), SUCCESS);
    assert_eq!(msg, again, "static text, made once");
    assert_eq!(amdsmi_get_esmi_err_msg(INVAL, &mut msg), SUCCESS);
    assert_eq!(text(msg), instance.context.esmi_err_msg(INVAL).unwrap());
    assert_eq!(amdsmi_get_esmi_err_msg(Status::MoreData.code(), &mut msg), SUCCESS);
    assert_eq!(text(msg), "Unknown error");
    assert_eq!(amdsmi_get_esmi_err_msg(0, null_mut()), INVAL);
    drop(instance);
}

#[test]
fn bad_handles_and_null_outputs() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_ALL_PROCESSORS);
    let (sockets, cores) = cpu_handles();
    let gpu = crate::common::processors()[0];
    let mut v = 0u32;
    // mi300x-cpx's host CPUs: family 25 (proc/cpuinfo).
    assert_eq!(amdsmi_get_cpu_family(&mut v), SUCCESS);
    assert_eq!(v, instance.context.cpu_family().unwrap());
    for (f, what) in [
        (amdsmi_get_cpu_socket_power_cap as extern "C" fn(_, _) -> _, "power cap"),
        (amdsmi_get_cpu_cclk_limit, "cclk"),
        (amdsmi_first_online_core_on_cpu_socket, "first core"),
    ] {
        assert_eq!(f(gpu, &mut v), NOT_SUPPORTED, "{what} on a GPU");
        assert_eq!(f(cores[0], &mut v), NOT_SUPPORTED, "{what} on a core");
        assert_eq!(f(7 as *mut c_void, &mut v), NOT_FOUND, "{what} on a forged handle");
        assert_eq!(f(null_mut(), &mut v), NOT_FOUND, "{what} on a NULL handle (call.rs's rule)");
        assert_eq!(f(7 as *mut c_void, null_mut()), INVAL, "{what}: the NULL output is checked first");
        assert_eq!(f(sockets[0], null_mut()), INVAL, "{what}: NULL output");
    }
    assert_eq!(amdsmi_get_cpu_core_boostlimit(sockets[0], &mut v), NOT_SUPPORTED, "a core function on a socket");
    assert_eq!(amdsmi_get_cpu_core_boostlimit(cores[0], null_mut()), INVAL);
    assert_eq!(amdsmi_set_cpu_core_boostlimit(gpu, 3000), NOT_SUPPORTED);
    assert_eq!(amdsmi_cpu_apb_enable(cores[0]), NOT_SUPPORTED);
    let mut fclk = 0u32;
    assert_eq!(amdsmi_get_cpu_fclk_mclk(sockets[0], &mut fclk, null_mut()), INVAL);
    assert_eq!(amdsmi_get_cpu_fclk_mclk(sockets[0], null_mut(), &mut fclk), INVAL);
    let mut fmax = 0u16;
    assert_eq!(amdsmi_get_cpu_socket_freq_range(sockets[0], &mut fmax, null_mut()), INVAL);
    for null_struct in [
        amdsmi_get_cpu_ddr_bw(sockets[0], null_mut()),
        amdsmi_get_cpu_smu_fw_version(sockets[0], null_mut()),
        amdsmi_get_cpu_hsmp_driver_version(sockets[0], null_mut()),
        amdsmi_get_cpu_dimm_thermal_sensor(sockets[0], 0x80, null_mut()),
        amdsmi_get_cpu_dimm_power_consumption(sockets[0], 0x80, null_mut()),
        amdsmi_get_cpu_dimm_temp_range_and_refresh_rate(sockets[0], 0x80, null_mut()),
        amdsmi_get_cpu_socket_lclk_dpm_level(sockets[0], 0, null_mut()),
        amdsmi_set_cpu_pcie_link_rate(sockets[0], 0, null_mut()),
        amdsmi_get_cpu_model(null_mut()),
        amdsmi_get_cpu_socket_count(null_mut()),
        amdsmi_get_threads_per_core(null_mut()),
    ] {
        assert_eq!(null_struct, INVAL);
    }
    // Shut down while holding the test lock (no other test can initialize in between).
    assert_eq!(amd_smi::entry::init::amdsmi_shut_down(), SUCCESS);
    assert_eq!(amdsmi_get_cpu_model(&mut v), Status::NotInit.code(), "after the last shut-down");
    drop(instance);
    // A GPU-only instance: the CPU functions of the system as a whole have no CPUs to ask.
    let gpus = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    assert_ne!(amdsmi_get_cpu_socket_count(&mut v), SUCCESS);
    assert_eq!(
        amdsmi_get_cpu_socket_count(&mut v),
        gpus.context.cpu_socket_count().unwrap_err().status().code(),
        "the Rust API's status"
    );
    drop(gpus);
}

#[test]
fn mi300a_metrics_version() {
    let instance = instance_on("mi300a-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let (sockets, _) = cpu_handles();
    // dev/hsmp: proto_ver 6, metrics_table_version 0x6.
    assert_eq!(get_u32(amdsmi_get_cpu_hsmp_proto_ver, sockets[1]), 6);
    assert_eq!(get_u32(amdsmi_get_hsmp_metrics_table_version, sockets[1]), 6);
    let rust = instance.context.cpusocket_handles()[1];
    assert_eq!(instance.context.cpu_socket(rust).unwrap().hsmp_metrics_table_version().unwrap(), 6);

    // The table is the firmware's bytes (sys/devices/platform/amd_hsmp/socket1/metrics_bin).
    let path = crate::common::machine("mi300a-2s").join("sys/devices/platform/amd_hsmp/socket1/metrics_bin");
    let bytes = std::fs::read(path).unwrap();
    let mut table = amd_smi::abi::amdsmi_hsmp_metrics_table_t::ZERO;
    assert_eq!(amdsmi_get_hsmp_metrics_table(sockets[1], &mut table), SUCCESS);
    let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!({ table.accumulation_counter }, word(0));
    assert_eq!({ table.timestamp }, u64::from_le_bytes(bytes[52..60].try_into().unwrap()));
    let decoded = instance.context.cpu_socket(rust).unwrap().hsmp_metrics_table().unwrap();
    assert_eq!({ table.accumulation_counter }, decoded.accumulation_counter);
    assert_eq!({ table.timestamp }, decoded.timestamp);
    assert_eq!(amdsmi_get_hsmp_metrics_table(sockets[1], null_mut()), INVAL);
    drop(instance);
}

#[test]
fn genoa_setters_match_the_rust_setters() {
    let instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let ctx = &instance.context;
    let (sockets, cores) = cpu_handles();
    let (rs, rc) = (ctx.cpusocket_handles(), ctx.cpucore_handles());
    let sock = |i: usize| ctx.cpu_socket(rs[i]).unwrap();

    // Power cap: 150000 mW read back; 999000 clamped to socket_power_limit_max 240000.
    assert_eq!(amdsmi_set_cpu_socket_power_cap(sockets[0], 150_000), SUCCESS);
    sock(0).set_power_cap(150_000).unwrap();
    assert_eq!(get_u32(amdsmi_get_cpu_socket_power_cap, sockets[0]), 150_000);
    assert_eq!(sock(0).power_cap().unwrap(), 150_000);
    assert_eq!(amdsmi_set_cpu_socket_power_cap(sockets[0], 999_000), SUCCESS);
    sock(0).set_power_cap(999_000).unwrap();
    assert_eq!(
        (get_u32(amdsmi_get_cpu_socket_power_cap, sockets[0]), sock(0).power_cap().unwrap()),
        (240_000, 240_000)
    );
    assert_eq!(get_u32(amdsmi_get_cpu_socket_power_cap, sockets[1]), 205_000, "the other socket untouched");

    // Core boost limit: clamped to fmax_fmin 3700 400; above 65535 is INVAL.
    let mut mhz = 0u32;
    for (set, want) in [(3000, 3000), (9000, 3700), (100, 400)] {
        assert_eq!(amdsmi_set_cpu_core_boostlimit(cores[3], set), SUCCESS);
        ctx.cpu_core(rc[3]).unwrap().set_boostlimit(set).unwrap();
        assert_eq!(amdsmi_get_cpu_core_boostlimit(cores[3], &mut mhz), SUCCESS);
        assert_eq!((mhz, ctx.cpu_core(rc[3]).unwrap().boostlimit().unwrap()), (want, want));
    }
    assert_eq!(amdsmi_set_cpu_core_boostlimit(cores[3], 70_000), INVAL);
    // Socket boost limit: every core of socket 1 (cores 16..32), not socket 0's.
    assert_eq!(amdsmi_set_cpu_socket_boostlimit(sockets[1], 3200), SUCCESS);
    assert_eq!(amdsmi_get_cpu_core_boostlimit(cores[17], &mut mhz), SUCCESS);
    assert_eq!(mhz, 3200);
    assert_eq!(amdsmi_get_cpu_core_boostlimit(cores[1], &mut mhz), SUCCESS);
    assert_eq!(mhz, 3500, "core.0x2.boost_limit");

    // LCLK DPM range of NBIO 2: set 1..2, read back; E-SMI's limits.
    assert_eq!(amdsmi_set_cpu_socket_lclk_dpm_level(sockets[1], 2, 1, 2), SUCCESS);
    sock(1).set_lclk_dpm_level(2, 1, 2).unwrap();
    let mut dpm = amdsmi_dpm_level_t::ZERO;
    assert_eq!(amdsmi_get_cpu_socket_lclk_dpm_level(sockets[1], 2, &mut dpm), SUCCESS);
    let rust = sock(1).lclk_dpm_level(2).unwrap();
    assert_eq!((dpm.max_dpm_level, dpm.min_dpm_level), (2, 1));
    assert_eq!((dpm.max_dpm_level, dpm.min_dpm_level), (rust.nbio_max_dpm_level, rust.nbio_min_dpm_level));
    assert_eq!(amdsmi_set_cpu_socket_lclk_dpm_level(sockets[1], 4, 0, 1), INVAL);
    assert_eq!(amdsmi_set_cpu_socket_lclk_dpm_level(sockets[1], 0, 2, 1), INVAL);
    assert_eq!(amdsmi_set_cpu_socket_lclk_dpm_level(sockets[1], 0, 0, 4), INVAL);

    // PCIe link rate: the previous control value (pcie_rate = 0), 0..=2 on Genoa; a NULL
    // output changes nothing.
    let mut prev = 9u8;
    assert_eq!(amdsmi_set_cpu_pcie_link_rate(sockets[0], 1, null_mut()), INVAL);
    assert_eq!(amdsmi_set_cpu_pcie_link_rate(sockets[0], 1, &mut prev), SUCCESS);
    assert_eq!((prev, sock(0).set_pcie_link_rate(1).unwrap()), (0, 0), "the NULL call sent nothing");
    assert_eq!(amdsmi_set_cpu_pcie_link_rate(sockets[0], 2, &mut prev), SUCCESS);
    assert_eq!((prev, sock(0).set_pcie_link_rate(2).unwrap()), (1, 1));
    assert_eq!(amdsmi_set_cpu_pcie_link_rate(sockets[0], 3, &mut prev), INVAL);

    // Power efficiency mode 0..=3, DF P-state range (max <= min <= 2), APB, link widths.
    assert_eq!(amdsmi_set_cpu_pwr_efficiency_mode(sockets[0], 3), SUCCESS);
    assert_eq!(amdsmi_set_cpu_pwr_efficiency_mode(sockets[0], 4), INVAL);
    assert_eq!(sock(0).set_pwr_efficiency_mode(4).unwrap_err().status().code(), INVAL);
    assert_eq!(amdsmi_set_cpu_df_pstate_range(sockets[0], 1, 2), SUCCESS);
    assert_eq!(amdsmi_set_cpu_df_pstate_range(sockets[0], 2, 1), INVAL);
    assert_eq!(amdsmi_set_cpu_df_pstate_range(sockets[0], 0, 3), INVAL);
    assert_eq!(amdsmi_cpu_apb_disable(sockets[0], 2), SUCCESS);
    assert_eq!(amdsmi_cpu_apb_enable(sockets[0]), SUCCESS);
    assert_eq!(amdsmi_cpu_apb_disable(sockets[0], 4), INVAL);
    assert_eq!(amdsmi_set_cpu_xgmi_width(sockets[0], 1, 2), SUCCESS);
    assert_eq!(amdsmi_set_cpu_xgmi_width(sockets[0], 2, 1), INVAL);
    assert_eq!(amdsmi_set_cpu_xgmi_width(sockets[0], 0, 3), INVAL);
    assert_eq!(amdsmi_set_cpu_gmi3_link_width_range(sockets[1], 1, 2), SUCCESS);
    assert_eq!(amdsmi_set_cpu_gmi3_link_width_range(sockets[1], 2, 1), INVAL);
    assert_eq!(amdsmi_set_cpu_gmi3_link_width_range(sockets[1], 0, 3), INVAL);
    drop(instance);
}

#[test]
fn turin_one_socket() {
    let instance = instance_on("turin-1s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let (sockets, cores) = cpu_handles();
    assert_eq!((sockets.len(), cores.len()), (1, 8));
    // sys/module/hsmp_common/version "2.4"; proto_ver 7; fmax_fmin 4100 600.
    let mut driver = amdsmi_hsmp_driver_version_t::ZERO;
    assert_eq!(amdsmi_get_cpu_hsmp_driver_version(sockets[0], &mut driver), SUCCESS);
    assert_eq!((driver.major, driver.minor), (2, 4));
    assert_eq!(get_u32(amdsmi_get_cpu_hsmp_proto_ver, sockets[0]), 7);
    let (mut fmax, mut fmin) = (0u16, 0u16);
    assert_eq!(amdsmi_get_cpu_socket_freq_range(sockets[0], &mut fmax, &mut fmin), SUCCESS);
    assert_eq!((fmax, fmin), (4100, 600));
    let rust = instance.context.cpu_socket(instance.context.cpusocket_handles()[0]).unwrap().freq_range().unwrap();
    assert_eq!((fmax, fmin), (rust.max_socket_freq, rust.min_socket_freq));
    // Family 1Ah: power efficiency modes 0..=5; one socket: no xGMI.
    assert_eq!(amdsmi_set_cpu_pwr_efficiency_mode(sockets[0], 5), SUCCESS);
    assert_eq!(amdsmi_set_cpu_pwr_efficiency_mode(sockets[0], 6), INVAL);
    assert_eq!(amdsmi_set_cpu_xgmi_width(sockets[0], 0, 2), NOT_SUPPORTED);
    let mut v = 0u32;
    assert_eq!(amdsmi_get_cpu_model(&mut v), SUCCESS);
    assert_eq!(v, 2, "proc/cpuinfo model 2");
    drop(instance);
}

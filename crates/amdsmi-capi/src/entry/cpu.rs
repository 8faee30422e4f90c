//! EPYC CPU sockets and cores: the HSMP functions (E-SMI's in AMD SMI) and the system-wide CPU
//! values, on [`amdsmi::CpuSocket`], [`amdsmi::CpuCore`] and [`amdsmi::Context`].
//!
//! AMD's `src/amd_smi/amd_smi.cc` (ROCm/amdsmi 7.0.x) forwards each to E-SMI and writes the
//! result through the caller's pointers without checking them; here every NULL output pointer
//! is INVAL and is checked before anything is sent to the SMU (a setter with an output, such as
//! `amdsmi_set_cpu_pcie_link_rate`, changes nothing when its output pointer is NULL). Arrays are
//! filled only up to the room the caller has. Structs are built member by member (from their
//! `ZERO` constant where a member is not set).

use std::ffi::{c_char, CStr, CString};
use std::sync::{Mutex, OnceLock};

use amdsmi::cpu::FREQ_LIMIT_SOURCES;
use amdsmi::{
    CpuSocket, DdrBwMetrics, DimmPower, DimmTempRangeRefreshRate, DimmThermal, DpmLevel, HsmpDriverVersion,
    SmuFwVersion, SockInfo,
};

use crate::abi::{
    amdsmi_cpu_info_t, amdsmi_ddr_bw_metrics_t, amdsmi_dimm_power_t, amdsmi_dimm_thermal_t, amdsmi_dpm_level_t,
    amdsmi_hsmp_driver_version_t, amdsmi_link_id_bw_type_t, amdsmi_processor_handle, amdsmi_smu_fw_version_t,
    amdsmi_sock_info_t, amdsmi_status_t, amdsmi_temp_range_refresh_rate_t,
};
use crate::call::{instance, status, with_cpu_core, with_cpu_socket, write_out};
use crate::ffi::{read_str, write_array, Out};

/// The source names `amdsmi_get_cpu_socket_current_active_freq_limit` can point to: the
/// caller's `char *src_type[]` has room for this many (the length of AMD SMI 7.0.2's
/// `amdsmi_hsmp_freqlimit_src_names`, the array AMD's Python package passes).
pub const FREQ_LIMIT_SRC_ROOM: usize = 8;

/// The longest link name read from `amdsmi_link_id_bw_type_t::link_name`, NUL included, in bytes
/// (link names are 2 characters: `P0`, `G3`, ...).
pub const LINK_NAME_MAX: usize = 32;

/// Writes a socket's `u32` value (`get` on its [`CpuSocket`]) through `out`.
fn socket_u32(
    handle: amdsmi_processor_handle,
    out: *mut u32,
    what: &str,
    get: impl FnOnce(CpuSocket<'_>) -> amdsmi::Result<u32>,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(out, what)?;
        out.write(with_cpu_socket(handle, get)?);
        Ok(())
    })
}

/// Socket power, mW.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_power(
    processor_handle: amdsmi_processor_handle,
    ppower: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, ppower, "ppower", |s| s.power())
}

/// The socket's energy counter, µJ.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_energy(
    processor_handle: amdsmi_processor_handle,
    penergy: *mut u64,
) -> amdsmi_status_t {
    write_out(penergy, "penergy", || with_cpu_socket(processor_handle, |s| s.energy()))
}

/// A core's energy counter, µJ.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_core_energy(
    processor_handle: amdsmi_processor_handle,
    penergy: *mut u64,
) -> amdsmi_status_t {
    write_out(penergy, "penergy", || with_cpu_core(processor_handle, |c| c.energy()))
}

/// The CPU family (25 = 19h, 26 = 1Ah).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_family(cpu_family: *mut u32) -> amdsmi_status_t {
    write_out(cpu_family, "cpu_family", || instance()?.cpu_family())
}

/// The CPU model (e.g. 17 = 11h).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_model(cpu_model: *mut u32) -> amdsmi_status_t {
    write_out(cpu_model, "cpu_model", || instance()?.cpu_model())
}

/// Threads per core (2 with SMT on).
#[no_mangle]
pub extern "C" fn amdsmi_get_threads_per_core(threads_per_core: *mut u32) -> amdsmi_status_t {
    write_out(threads_per_core, "threads_per_core", || instance()?.threads_per_core())
}

/// The number of EPYC sockets.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_count(sock_count: *mut u32) -> amdsmi_status_t {
    write_out(sock_count, "sock_count", || instance()?.cpu_socket_count())
}

/// One socket's core count as `amdsmi_sock_info_t`.
fn sock_info_to_c(info: &SockInfo) -> amdsmi_sock_info_t {
    amdsmi_sock_info_t { socket_id: info.socket_id, cores_per_socket: info.cores_per_socket }
}

/// The core count of sockets `0..sock_count`, one `amdsmi_sock_info_t` each, into the caller's
/// array of `sock_count` entries (AMD's Python package passes the socket count with room for
/// one entry; the count is the array's room, as AMD's C documents it). 0 or more sockets than
/// there are is INVAL.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_cores_per_socket(
    sock_count: u32,
    soc_info: *mut amdsmi_sock_info_t,
) -> amdsmi_status_t {
    status(|| {
        if soc_info.is_null() {
            return Err(crate::ffi::null("soc_info"));
        }
        let infos: Vec<_> = instance()?.cpu_cores_per_socket(sock_count)?.iter().map(sock_info_to_c).collect();
        write_array(soc_info, sock_count as usize, &infos, "soc_info").map(drop)
    })
}

/// The model name (`/proc/cpuinfo` `model name`) as the `model_name` of an
/// `amdsmi_cpu_info_t`, NUL-terminated and cut to its 256 bytes; the other members are 0 (AMD
/// fills only the name here, and its Python package reads only the name).
fn model_name_to_c(name: &str) -> amdsmi_cpu_info_t {
    let mut info = amdsmi_cpu_info_t::ZERO;
    let room = info.model_name.len() - 1;
    for (dst, &b) in info.model_name.iter_mut().zip(&name.as_bytes()[..name.len().min(room)]) {
        *dst = b as c_char;
    }
    info
}

/// The socket's model name, in `cpu_info->model_name`.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_model_name(
    processor_handle: amdsmi_processor_handle,
    cpu_info: *mut amdsmi_cpu_info_t,
) -> amdsmi_status_t {
    write_out(cpu_info, "cpu_info", || Ok(model_name_to_c(&with_cpu_socket(processor_handle, |s| s.model_name())?)))
}

/// The socket's first online CPU (logical CPU number).
#[no_mangle]
pub extern "C" fn amdsmi_first_online_core_on_cpu_socket(
    processor_handle: amdsmi_processor_handle,
    pcore_ind: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, pcore_ind, "pcore_ind", |s| s.first_online_core())
}

/// The HSMP protocol version of the socket's SMU.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_hsmp_proto_ver(
    processor_handle: amdsmi_processor_handle,
    proto_ver: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, proto_ver, "proto_ver", |s| s.hsmp_proto_ver())
}

/// The HSMP driver version as `amdsmi_hsmp_driver_version_t`.
fn driver_version_to_c(v: &HsmpDriverVersion) -> amdsmi_hsmp_driver_version_t {
    amdsmi_hsmp_driver_version_t { major: v.hsmp_driver_major_ver_num, minor: v.hsmp_driver_minor_ver_num }
}

/// The HSMP driver's version (`major.minor` of its module version file).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_hsmp_driver_version(
    processor_handle: amdsmi_processor_handle,
    amdsmi_hsmp_driver_ver: *mut amdsmi_hsmp_driver_version_t,
) -> amdsmi_status_t {
    write_out(amdsmi_hsmp_driver_ver, "amdsmi_hsmp_driver_ver", || {
        Ok(driver_version_to_c(&with_cpu_socket(processor_handle, |s| s.hsmp_driver_version())?))
    })
}

/// The SMU firmware version as `amdsmi_smu_fw_version_t` (`unused` 0).
fn smu_fw_to_c(v: &SmuFwVersion) -> amdsmi_smu_fw_version_t {
    amdsmi_smu_fw_version_t {
        debug: v.smu_fw_debug_ver_num,
        minor: v.smu_fw_minor_ver_num,
        major: v.smu_fw_major_ver_num,
        ..amdsmi_smu_fw_version_t::ZERO
    }
}

/// The SMU firmware version (major, minor, debug).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_smu_fw_version(
    processor_handle: amdsmi_processor_handle,
    amdsmi_smu_fw: *mut amdsmi_smu_fw_version_t,
) -> amdsmi_status_t {
    write_out(amdsmi_smu_fw, "amdsmi_smu_fw", || {
        Ok(smu_fw_to_c(&with_cpu_socket(processor_handle, |s| s.smu_fw_version())?))
    })
}

/// PROCHOT status: 1 asserted, 0 not.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_prochot_status(
    processor_handle: amdsmi_processor_handle,
    prochot: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, prochot, "prochot", |s| s.prochot_status())
}

/// Data fabric clock (`*fclk`) and memory clock (`*mclk`), MHz; both pointers are required.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_fclk_mclk(
    processor_handle: amdsmi_processor_handle,
    fclk: *mut u32,
    mclk: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let (fclk, mclk) = (Out::new(fclk, "fclk")?, Out::new(mclk, "mclk")?);
        let clocks = with_cpu_socket(processor_handle, |s| s.fclk_mclk())?;
        fclk.write(clocks.fclk);
        mclk.write(clocks.mclk);
        Ok(())
    })
}

/// The socket's core clock (CCLK) limit, MHz.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_cclk_limit(
    processor_handle: amdsmi_processor_handle,
    cclk: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, cclk, "cclk", |s| s.cclk_limit())
}

/// The source names as NUL-terminated text made once for the life of the process, in the order
/// of [`FREQ_LIMIT_SOURCES`].
fn freq_limit_source_texts() -> &'static [CString] {
    static TEXTS: OnceLock<Vec<CString>> = OnceLock::new();
    TEXTS.get_or_init(|| FREQ_LIMIT_SOURCES.iter().map(|s| CString::new(*s).unwrap_or_default()).collect())
}

/// The socket's current active frequency limit (`*freq`, MHz) and the sources limiting it:
/// `src_type[0..]` point to the names of the active sources in bit order (static memory, never
/// to be written or freed), as E-SMI fills them; the entries after the last source are left as
/// the caller had them, and at most [`FREQ_LIMIT_SRC_ROOM`] entries are written.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_current_active_freq_limit(
    processor_handle: amdsmi_processor_handle,
    freq: *mut u16,
    src_type: *mut *mut c_char,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(freq, "freq")?;
        if src_type.is_null() {
            return Err(crate::ffi::null("src_type"));
        }
        let limit = with_cpu_socket(processor_handle, |s| s.current_active_freq_limit())?;
        let texts = freq_limit_source_texts();
        let names: Vec<*mut c_char> = limit
            .freq_src
            .iter()
            .filter_map(|name| FREQ_LIMIT_SOURCES.iter().position(|s| s == name))
            .map(|i| texts[i].as_ptr().cast_mut())
            .collect();
        write_array(src_type, FREQ_LIMIT_SRC_ROOM, &names, "src_type")?;
        out.write(limit.freq);
        Ok(())
    })
}

/// The socket's frequency range: `*fmax` and `*fmin`, MHz; both pointers are required.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_freq_range(
    processor_handle: amdsmi_processor_handle,
    fmax: *mut u16,
    fmin: *mut u16,
) -> amdsmi_status_t {
    status(|| {
        let (fmax, fmin) = (Out::new(fmax, "fmax")?, Out::new(fmin, "fmin")?);
        let range = with_cpu_socket(processor_handle, |s| s.freq_range())?;
        fmax.write(range.max_socket_freq);
        fmin.write(range.min_socket_freq);
        Ok(())
    })
}

/// A core's current frequency limit, MHz.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_core_current_freq_limit(
    processor_handle: amdsmi_processor_handle,
    freq: *mut u32,
) -> amdsmi_status_t {
    write_out(freq, "freq", || with_cpu_core(processor_handle, |c| c.current_freq_limit()))
}

/// A core's boost limit, MHz.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_core_boostlimit(
    processor_handle: amdsmi_processor_handle,
    pboostlimit: *mut u32,
) -> amdsmi_status_t {
    write_out(pboostlimit, "pboostlimit", || with_cpu_core(processor_handle, |c| c.boostlimit()))
}

/// Sets a core's boost limit, MHz (above 65535 is INVAL; the SMU clamps to the socket's range).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_core_boostlimit(
    processor_handle: amdsmi_processor_handle,
    boostlimit: u32,
) -> amdsmi_status_t {
    status(|| with_cpu_core(processor_handle, |c| c.set_boostlimit(boostlimit)))
}

/// The socket power cap, mW.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_power_cap(
    processor_handle: amdsmi_processor_handle,
    pcap: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, pcap, "pcap", |s| s.power_cap())
}

/// The highest socket power cap, mW.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_power_cap_max(
    processor_handle: amdsmi_processor_handle,
    pmax: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, pmax, "pmax", |s| s.power_cap_max())
}

/// SVI-telemetry power of all rails, mW.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_pwr_svi_telemetry_all_rails(
    processor_handle: amdsmi_processor_handle,
    power: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, power, "power", |s| s.pwr_svi_telemetry_all_rails())
}

/// The socket's C0 residency, %.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_c0_residency(
    processor_handle: amdsmi_processor_handle,
    pc0_residency: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, pc0_residency, "pc0_residency", |s| s.c0_residency())
}

/// The socket temperature, m°C.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_temperature(
    processor_handle: amdsmi_processor_handle,
    ptmon: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, ptmon, "ptmon", |s| s.temperature())
}

/// The HSMP metrics table version.
#[no_mangle]
pub extern "C" fn amdsmi_get_hsmp_metrics_table_version(
    processor_handle: amdsmi_processor_handle,
    metrics_version: *mut u32,
) -> amdsmi_status_t {
    socket_u32(processor_handle, metrics_version, "metrics_version", |s| s.hsmp_metrics_table_version())
}

/// DDR bandwidth as `amdsmi_ddr_bw_metrics_t`.
fn ddr_bw_to_c(bw: &DdrBwMetrics) -> amdsmi_ddr_bw_metrics_t {
    amdsmi_ddr_bw_metrics_t { max_bw: bw.max_bw, utilized_bw: bw.utilized_bw, utilized_pct: bw.utilized_pct }
}

/// DDR bandwidth: maximum and used (Gbps) and used (%).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_ddr_bw(
    processor_handle: amdsmi_processor_handle,
    ddr_bw: *mut amdsmi_ddr_bw_metrics_t,
) -> amdsmi_status_t {
    write_out(ddr_bw, "ddr_bw", || Ok(ddr_bw_to_c(&with_cpu_socket(processor_handle, |s| s.ddr_bw())?)))
}

/// A DIMM's temperature range and refresh rate as the `amdsmi_temp_range_refresh_rate_t`
/// bitfields.
fn temp_range_to_c(r: &DimmTempRangeRefreshRate) -> amdsmi_temp_range_refresh_rate_t {
    amdsmi_temp_range_refresh_rate_t::new(r.dimm_temperature_range, r.dimm_refresh_rate)
}

/// The temperature range (bits 2:0) and refresh rate (bit 3) of the DIMM at `dimm_addr`.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_dimm_temp_range_and_refresh_rate(
    processor_handle: amdsmi_processor_handle,
    dimm_addr: u8,
    rate: *mut amdsmi_temp_range_refresh_rate_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(rate, "rate")?;
        out.write(temp_range_to_c(&with_cpu_socket(processor_handle, |s| {
            s.dimm_temp_range_and_refresh_rate(dimm_addr)
        })?));
        Ok(())
    })
}

/// A DIMM's power as `amdsmi_dimm_power_t` (the 8-bit DIMM address widened to its `u16`).
fn dimm_power_to_c(p: &DimmPower) -> amdsmi_dimm_power_t {
    amdsmi_dimm_power_t { power: p.power, update_rate: p.update_rate, dimm_addr: u16::from(p.dimm_addr) }
}

/// The power of the DIMM at `dimm_addr`: mW, and how long ago it was updated (ms).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_dimm_power_consumption(
    processor_handle: amdsmi_processor_handle,
    dimm_addr: u8,
    dimm_pow: *mut amdsmi_dimm_power_t,
) -> amdsmi_status_t {
    write_out(dimm_pow, "dimm_pow", || {
        Ok(dimm_power_to_c(&with_cpu_socket(processor_handle, |s| s.dimm_power_consumption(dimm_addr))?))
    })
}

/// A DIMM's thermal sensor as `amdsmi_dimm_thermal_t` (the 8-bit DIMM address widened).
fn dimm_thermal_to_c(t: &DimmThermal) -> amdsmi_dimm_thermal_t {
    amdsmi_dimm_thermal_t {
        sensor: t.sensor,
        update_rate: t.update_rate,
        dimm_addr: u16::from(t.dimm_addr),
        temp: t.temp,
    }
}

/// The thermal sensor of the DIMM at `dimm_addr`: raw value, °C, update age (ms).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_dimm_thermal_sensor(
    processor_handle: amdsmi_processor_handle,
    dimm_addr: u8,
    dimm_temp: *mut amdsmi_dimm_thermal_t,
) -> amdsmi_status_t {
    write_out(dimm_temp, "dimm_temp", || {
        Ok(dimm_thermal_to_c(&with_cpu_socket(processor_handle, |s| s.dimm_thermal_sensor(dimm_addr))?))
    })
}

/// An NBIO's LCLK DPM level range as `amdsmi_dpm_level_t`.
fn dpm_level_to_c(l: &DpmLevel) -> amdsmi_dpm_level_t {
    amdsmi_dpm_level_t { max_dpm_level: l.nbio_max_dpm_level, min_dpm_level: l.nbio_min_dpm_level }
}

/// The LCLK DPM level range of NBIO `nbio_id` (0..=3, else INVAL).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_lclk_dpm_level(
    processor_handle: amdsmi_processor_handle,
    nbio_id: u8,
    nbio: *mut amdsmi_dpm_level_t,
) -> amdsmi_status_t {
    write_out(nbio, "nbio", || Ok(dpm_level_to_c(&with_cpu_socket(processor_handle, |s| s.lclk_dpm_level(nbio_id))?)))
}

/// The link name of a by-value `amdsmi_link_id_bw_type_t` (at most [`LINK_NAME_MAX`] bytes).
fn link_name(link: &amdsmi_link_id_bw_type_t) -> amdsmi::Result<String> {
    read_str(link.link_name, LINK_NAME_MAX, "link.link_name")
}

/// Current bandwidth of IO link `link.link_name` (`"P0"`, `"G1"`, ...), Mbps; `link.bw_type`
/// must be 1 (`AGG_BW0`), else INVAL.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_current_io_bandwidth(
    processor_handle: amdsmi_processor_handle,
    link: amdsmi_link_id_bw_type_t,
    io_bw: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(io_bw, "io_bw")?;
        let name = link_name(&link)?;
        out.write(with_cpu_socket(processor_handle, |s| s.current_io_bandwidth(link.bw_type, &name))?);
        Ok(())
    })
}

/// Current bandwidth of xGMI link `link.link_name`, Mbps; `link.bw_type` 1 aggregate
/// (`AGG_BW0`), 2 read (`RD_BW0`), 4 write (`WR_BW0`), else INVAL.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_current_xgmi_bw(
    processor_handle: amdsmi_processor_handle,
    link: amdsmi_link_id_bw_type_t,
    xgmi_bw: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(xgmi_bw, "xgmi_bw")?;
        let name = link_name(&link)?;
        out.write(with_cpu_socket(processor_handle, |s| s.current_xgmi_bw(link.bw_type, &name))?);
        Ok(())
    })
}

/// E-SMI messages as NUL-terminated text, each made once and kept for the life of the process
/// (a handful: one per E-SMI status, plus `"Unknown error"`).
fn esmi_text(message: &'static str) -> &'static CStr {
    static TEXTS: Mutex<Vec<(&'static str, &'static CStr)>> = Mutex::new(Vec::new());
    let mut texts = TEXTS.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, text)) = texts.iter().find(|(m, _)| *m == message) {
        return text;
    }
    let text: &'static CStr = Box::leak(CString::new(message).unwrap_or_default().into_boxed_c_str());
    texts.push((message, text));
    text
}

/// Points `*status_string` at E-SMI's message for the E-SMI status that maps to `status`
/// (static memory; `"Unknown error"` for a status none maps to). Needs an instance with CPUs.
#[no_mangle]
pub extern "C" fn amdsmi_get_esmi_err_msg(
    status_code: amdsmi_status_t,
    status_string: *mut *const c_char,
) -> amdsmi_status_t {
    write_out(status_string, "status_string", || Ok(esmi_text(instance()?.esmi_err_msg(status_code)?).as_ptr()))
}

/// Sets the socket power cap, mW (the SMU clamps it to the maximum).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_socket_power_cap(
    processor_handle: amdsmi_processor_handle,
    pcap: u32,
) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.set_power_cap(pcap)))
}

/// Sets the power efficiency mode (0 high performance, 1 power efficient, 2 IO performance,
/// 3 balanced memory performance, ...; above the platform's highest is INVAL).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_pwr_efficiency_mode(
    processor_handle: amdsmi_processor_handle,
    mode: u8,
) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.set_pwr_efficiency_mode(mode)))
}

/// Sets every core's boost limit on the socket, MHz (above 65535 is INVAL).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_socket_boostlimit(
    processor_handle: amdsmi_processor_handle,
    boostlimit: u32,
) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.set_boostlimit(boostlimit)))
}

/// Sets the xGMI link width range of every socket (0 <= min <= max <= 2, else INVAL; one socket
/// is NOT_SUPPORTED).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_xgmi_width(
    processor_handle: amdsmi_processor_handle,
    min: u8,
    max: u8,
) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.set_xgmi_width(min, max)))
}

/// Sets the GMI3 link width range (min not above max, max within the platform's limit).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_gmi3_link_width_range(
    processor_handle: amdsmi_processor_handle,
    min_link_width: u8,
    max_link_width: u8,
) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.set_gmi3_link_width_range(min_link_width, max_link_width)))
}

/// Enables APB (automatic DF P-state selection).
#[no_mangle]
pub extern "C" fn amdsmi_cpu_apb_enable(processor_handle: amdsmi_processor_handle) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.apb_enable()))
}

/// Disables APB and pins DF P-state `pstate` (0..=3, else INVAL).
#[no_mangle]
pub extern "C" fn amdsmi_cpu_apb_disable(processor_handle: amdsmi_processor_handle, pstate: u8) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.apb_disable(pstate)))
}

/// Sets the LCLK DPM level range of NBIO `nbio_id` (0..=3; min not above max; max within the
/// platform's highest level).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_socket_lclk_dpm_level(
    processor_handle: amdsmi_processor_handle,
    nbio_id: u8,
    min: u8,
    max: u8,
) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.set_lclk_dpm_level(nbio_id, min, max)))
}

/// Sets the PCIe link rate control (0..= the platform's highest, else INVAL) and writes the
/// previous control value to `*prev_mode` (checked before anything is sent).
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_pcie_link_rate(
    processor_handle: amdsmi_processor_handle,
    rate_ctrl: u8,
    prev_mode: *mut u8,
) -> amdsmi_status_t {
    write_out(prev_mode, "prev_mode", || with_cpu_socket(processor_handle, |s| s.set_pcie_link_rate(rate_ctrl)))
}

/// Sets the DF P-state range: `max_pstate` (highest performance) not above `min_pstate`, which
/// is within the platform's limit, else INVAL.
#[no_mangle]
pub extern "C" fn amdsmi_set_cpu_df_pstate_range(
    processor_handle: amdsmi_processor_handle,
    max_pstate: u8,
    min_pstate: u8,
) -> amdsmi_status_t {
    status(|| with_cpu_socket(processor_handle, |s| s.set_df_pstate_range(max_pstate, min_pstate)))
}

/// The socket's HSMP metrics table as the firmware wrote it (`amdsmi_hsmp_metrics_table_t` is
/// its 1404-byte layout: Q10/Q16 fixed point, as AMD's library passes it through).
#[no_mangle]
pub extern "C" fn amdsmi_get_hsmp_metrics_table(
    processor_handle: amdsmi_processor_handle,
    metrics_table: *mut crate::abi::amdsmi_hsmp_metrics_table_t,
) -> amdsmi_status_t {
    status(|| {
        if metrics_table.is_null() {
            return Err(crate::ffi::null("metrics_table"));
        }
        let bytes = with_cpu_socket(processor_handle, |s| s.hsmp_metrics_table_bytes())?;
        crate::ffi::write_bytes(metrics_table, &bytes, "metrics_table")
    })
}

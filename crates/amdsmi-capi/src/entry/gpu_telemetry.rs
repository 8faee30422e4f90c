//! GPU telemetry: metrics, power, clocks, fans, memory, PCIe, overdrive, PM tables, policies.
//!
//! Each entry point converts the Rust API's value into AMD SMI 7.0.2's C struct, starting from
//! the struct's `ZERO`. "Not available" (`None`) becomes AMD's sentinel for the field:
//!
//! - `amdsmi_gpu_metrics_t` (the kernel's `struct gpu_metrics_v1_*`, `kgd_pp_interface.h`): all
//!   ones of the field's width, as AMD's `amdsmi_get_gpu_metrics_info` starts from
//!   (`amd_smi.cc`: the struct is filled with `std::numeric_limits<T>::max()` before a version is
//!   copied in).
//! - `amdsmi_power_info_t` and `amdsmi_engine_usage_t`: 0xFFFF in every field, as AMD's
//!   `amdsmi_get_power_info` sets them (`info->current_socket_power = 0xFFFF; ...`) and copies
//!   the 16-bit metrics in; AMD's Python package tests exactly `value == 0xFFFF`.
//! - `amdsmi_power_cap_info_t`: 0, what AMD's `memset` leaves (see [`amdsmi_get_power_cap_info`]).
//! - Elsewhere all ones of the field's width, the value `_validate_if_max_uint` of AMD's Python
//!   package shows as "N/A".
//!
//! A value wider than its 7.0.2 field follows AMD's `translate_umax_or_assign_value`
//! (`amd_smi_utils.h`): "not available" becomes the narrow field's all-ones, any other value is
//! cast (`static_cast`, i.e. the low bits), e.g. the 64-bit `pcie_bandwidth_inst` into
//! `pcie_metric.pcie_bandwidth` (`uint32_t`) in `amdsmi_get_pcie_info`.

use std::ffi::c_void;

use amdsmi::gpu::metrics::XcpMetrics;
use amdsmi::{
    AmdSmiClkType, AmdSmiDevPerfLevel, AmdSmiMemoryType, AmdSmiRegType, AmdSmiUtilizationCounterType,
    AmdSmiVoltageMetric, AmdSmiVoltageType, ClockInfo, DpmPolicy, EngineUsage, Error, FreqVoltRegion, Frequencies,
    GpuMetrics, NameValue, OdVoltInfo, PcieBandwidth, PcieInfo, PowerCapInfo, PowerInfo, PowerProfileStatus, Status,
    ViolationStatus,
};

use crate::abi::{
    amd_metrics_table_header_t, amdsmi_clk_info_t, amdsmi_dpm_policy_entry_t, amdsmi_dpm_policy_t,
    amdsmi_engine_usage_t, amdsmi_freq_volt_region_t, amdsmi_frequencies_t, amdsmi_gpu_metrics_t,
    amdsmi_gpu_xcp_metrics_t, amdsmi_name_value_t, amdsmi_od_volt_freq_data_t, amdsmi_pcie_bandwidth_t,
    amdsmi_pcie_info_t, amdsmi_power_cap_info_t, amdsmi_power_info_t, amdsmi_power_profile_status_t,
    amdsmi_processor_handle, amdsmi_range_t, amdsmi_status_t, amdsmi_utilization_counter_t, amdsmi_violation_status_t,
    amdsmi_vram_usage_t, AMDSMI_CARD_FORM_FACTOR_CEM, AMDSMI_CARD_FORM_FACTOR_OAM, AMDSMI_CARD_FORM_FACTOR_PCIE,
    AMDSMI_CARD_FORM_FACTOR_UNKNOWN, AMDSMI_FINE_DECODER_ACTIVITY, AMDSMI_FINE_GRAIN_GFX_ACTIVITY,
    AMDSMI_FINE_GRAIN_MEM_ACTIVITY, AMDSMI_MAX_NUM_FREQUENCIES, AMDSMI_PWR_PROF_PRST_INVALID,
};
use crate::call::{status, with_gpu, write_out};
use crate::convert::c_text;
use crate::entry::gpu::enum_arg;
use crate::ffi::{self, fill_list, read_array, read_count, write_array, Out};

/// An unsigned C field type and its all-ones "not available" value.
trait AllOnes: Copy {
    /// All ones of the width.
    const MAX: Self;
}

macro_rules! all_ones {
    ($($t:ty),*) => { $(impl AllOnes for $t { const MAX: Self = <$t>::MAX; })* };
}
all_ones!(u8, u16, u32, u64);

/// The value, or the field's all-ones when it is not available.
fn na<T: AllOnes>(value: Option<T>) -> T {
    value.unwrap_or(T::MAX)
}

/// Each element of `values`, or the field's all-ones.
fn na_array<T: AllOnes, const N: usize>(values: &[Option<T>; N]) -> [T; N] {
    values.map(na)
}

/// AMD's `translate_umax_or_assign_value<uint32_t>` of a 64-bit value: "not available" is
/// `UINT32_MAX`, any other value its low 32 bits (`static_cast`).
fn narrow_u32(value: Option<u64>) -> u32 {
    value.map_or(u32::MAX, |v| v as u32)
}

/// `bool` as AMD's `uint8_t` flag; "not available" is `UINT8_MAX`.
fn flag(value: Option<bool>) -> u8 {
    value.map_or(u8::MAX, u8::from)
}

// ---- gpu_metrics ----

/// One partition's block of `amdsmi_gpu_metrics_t::xcp_stats` (`struct amdgpu_xcp_metrics_v1_1`).
fn xcp_to_c(x: &XcpMetrics) -> amdsmi_gpu_xcp_metrics_t {
    amdsmi_gpu_xcp_metrics_t {
        gfx_busy_inst: na_array(&x.gfx_busy_inst),
        jpeg_busy: na_array(&x.jpeg_busy),
        vcn_busy: na_array(&x.vcn_busy),
        gfx_busy_acc: na_array(&x.gfx_busy_acc),
        gfx_below_host_limit_acc: na_array(&x.gfx_below_host_limit_acc),
        gfx_below_host_limit_ppt_acc: na_array(&x.gfx_below_host_limit_ppt_acc),
        gfx_below_host_limit_thm_acc: na_array(&x.gfx_below_host_limit_thm_acc),
        gfx_low_utilization_acc: na_array(&x.gfx_low_utilization_acc),
        gfx_below_host_limit_total_acc: na_array(&x.gfx_below_host_limit_total_acc),
    }
}

/// The 7.0.2 `amdsmi_gpu_metrics_t` (4544 bytes) of the decoded blob: every field "not
/// available" is all ones of its width (every field is named: the compiler checks none is
/// missed). The APU block of formats 2/3 has no place in the 7.0.2
/// struct and is left out (7.0.2 reads formats 1.x only).
pub(crate) fn metrics_to_c(m: &GpuMetrics) -> amdsmi_gpu_metrics_t {
    let h = m.common_header;
    amdsmi_gpu_metrics_t {
        common_header: amd_metrics_table_header_t {
            structure_size: h.structure_size,
            format_revision: h.format_revision,
            content_revision: h.content_revision,
        },
        temperature_edge: na(m.temperature_edge),
        temperature_hotspot: na(m.temperature_hotspot),
        temperature_mem: na(m.temperature_mem),
        temperature_vrgfx: na(m.temperature_vrgfx),
        temperature_vrsoc: na(m.temperature_vrsoc),
        temperature_vrmem: na(m.temperature_vrmem),
        average_gfx_activity: na(m.average_gfx_activity),
        average_umc_activity: na(m.average_umc_activity),
        average_mm_activity: na(m.average_mm_activity),
        average_socket_power: na(m.average_socket_power),
        energy_accumulator: na(m.energy_accumulator),
        system_clock_counter: na(m.system_clock_counter),
        average_gfxclk_frequency: na(m.average_gfxclk_frequency),
        average_socclk_frequency: na(m.average_socclk_frequency),
        average_uclk_frequency: na(m.average_uclk_frequency),
        average_vclk0_frequency: na(m.average_vclk0_frequency),
        average_dclk0_frequency: na(m.average_dclk0_frequency),
        average_vclk1_frequency: na(m.average_vclk1_frequency),
        average_dclk1_frequency: na(m.average_dclk1_frequency),
        current_gfxclk: na(m.current_gfxclk),
        current_socclk: na(m.current_socclk),
        current_uclk: na(m.current_uclk),
        current_vclk0: na(m.current_vclk0),
        current_dclk0: na(m.current_dclk0),
        current_vclk1: na(m.current_vclk1),
        current_dclk1: na(m.current_dclk1),
        throttle_status: na(m.throttle_status),
        current_fan_speed: na(m.current_fan_speed),
        pcie_link_width: na(m.pcie_link_width),
        pcie_link_speed: na(m.pcie_link_speed),
        gfx_activity_acc: na(m.gfx_activity_acc),
        mem_activity_acc: na(m.mem_activity_acc),
        temperature_hbm: na_array(&m.temperature_hbm),
        firmware_timestamp: na(m.firmware_timestamp),
        voltage_soc: na(m.voltage_soc),
        voltage_gfx: na(m.voltage_gfx),
        voltage_mem: na(m.voltage_mem),
        indep_throttle_status: na(m.indep_throttle_status),
        current_socket_power: na(m.current_socket_power),
        vcn_activity: na_array(&m.vcn_activity),
        gfxclk_lock_status: na(m.gfxclk_lock_status),
        xgmi_link_width: na(m.xgmi_link_width),
        xgmi_link_speed: na(m.xgmi_link_speed),
        pcie_bandwidth_acc: na(m.pcie_bandwidth_acc),
        pcie_bandwidth_inst: na(m.pcie_bandwidth_inst),
        pcie_l0_to_recov_count_acc: na(m.pcie_l0_to_recov_count_acc),
        pcie_replay_count_acc: na(m.pcie_replay_count_acc),
        pcie_replay_rover_count_acc: na(m.pcie_replay_rover_count_acc),
        xgmi_read_data_acc: na_array(&m.xgmi_read_data_acc),
        xgmi_write_data_acc: na_array(&m.xgmi_write_data_acc),
        current_gfxclks: na_array(&m.current_gfxclks),
        current_socclks: na_array(&m.current_socclks),
        current_vclk0s: na_array(&m.current_vclk0s),
        current_dclk0s: na_array(&m.current_dclk0s),
        jpeg_activity: na_array(&m.jpeg_activity),
        pcie_nak_sent_count_acc: na(m.pcie_nak_sent_count_acc),
        pcie_nak_rcvd_count_acc: na(m.pcie_nak_rcvd_count_acc),
        accumulation_counter: na(m.accumulation_counter),
        prochot_residency_acc: na(m.prochot_residency_acc),
        ppt_residency_acc: na(m.ppt_residency_acc),
        socket_thm_residency_acc: na(m.socket_thm_residency_acc),
        vr_thm_residency_acc: na(m.vr_thm_residency_acc),
        hbm_thm_residency_acc: na(m.hbm_thm_residency_acc),
        num_partition: na(m.num_partition),
        xcp_stats: m.xcp_stats.each_ref().map(xcp_to_c),
        pcie_lc_perf_other_end_recovery: na(m.pcie_lc_perf_other_end_recovery),
        vram_max_bandwidth: na(m.vram_max_bandwidth),
        xgmi_link_status: na_array(&m.xgmi_link_status),
    }
}

/// Every field of the `gpu_metrics` blob in AMD SMI 7.0.2's struct; not available: all ones of
/// the field's width (temperatures °C, power W, clocks MHz, voltages mV, activity %).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_metrics_info(
    processor_handle: amdsmi_processor_handle,
    pgpu_metrics: *mut amdsmi_gpu_metrics_t,
) -> amdsmi_status_t {
    write_out(pgpu_metrics, "pgpu_metrics", || Ok(metrics_to_c(&with_gpu(processor_handle, |g| g.metrics_info())?)))
}

/// The `gpu_metrics` header: structure size (bytes), format and content revisions.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_metrics_header_info(
    processor_handle: amdsmi_processor_handle,
    header_value: *mut amd_metrics_table_header_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(header_value, "header_value")?;
        let h = with_gpu(processor_handle, |g| g.metrics_header_info())?;
        out.write(amd_metrics_table_header_t {
            structure_size: h.structure_size,
            format_revision: h.format_revision,
            content_revision: h.content_revision,
        });
        Ok(())
    })
}

// ---- power and energy ----

/// 0xFFFF, AMD's "not available" of `amdsmi_power_info_t` and `amdsmi_engine_usage_t`.
const NA_16: u64 = 0xFFFF;

/// `amdsmi_power_info_t` (W, mV): "not available" is 0xFFFF in every field, AMD's value; a
/// 64-bit value into a 32-bit field keeps its low bits (`static_cast`).
fn power_info_to_c(p: &PowerInfo) -> amdsmi_power_info_t {
    let v = |x: Option<u64>| x.unwrap_or(NA_16);
    amdsmi_power_info_t {
        socket_power: v(p.socket_power),
        current_socket_power: v(p.current_socket_power) as u32,
        average_socket_power: v(p.average_socket_power) as u32,
        gfx_voltage: v(p.gfx_voltage),
        soc_voltage: v(p.soc_voltage),
        mem_voltage: v(p.mem_voltage),
        power_limit: v(p.power_limit) as u32,
        ..amdsmi_power_info_t::ZERO
    }
}

/// Socket power (W), voltages (mV), power limit (W); 0xFFFF where not available.
#[no_mangle]
pub extern "C" fn amdsmi_get_power_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_power_info_t,
) -> amdsmi_status_t {
    write_out(info, "info", || Ok(power_info_to_c(&with_gpu(processor_handle, |g| g.power_info())?)))
}

/// `amdsmi_power_cap_info_t`, µW; not available: 0, as AMD's `amdsmi_get_power_cap_info`
/// leaves it ("Ignore errors to get as much as possible info": `memset(info, 0, ...)`, then each
/// value that reads); AMD's Python package passes the numbers through as they are.
fn power_cap_to_c(p: &PowerCapInfo) -> amdsmi_power_cap_info_t {
    amdsmi_power_cap_info_t {
        power_cap: p.power_cap,
        default_power_cap: p.default_power_cap.unwrap_or(0),
        dpm_cap: p.dpm_cap.unwrap_or(0),
        min_power_cap: p.min_power_cap.unwrap_or(0),
        max_power_cap: p.max_power_cap.unwrap_or(0),
        ..amdsmi_power_cap_info_t::ZERO
    }
}

/// Power cap settings of PPT sensor `sensor_ind`, µW. Sensor 0 (PPT0, hwmon `power1_cap*`) is the
/// one the Rust API reads; another index is NOT_SUPPORTED.
#[no_mangle]
pub extern "C" fn amdsmi_get_power_cap_info(
    processor_handle: amdsmi_processor_handle,
    sensor_ind: u32,
    info: *mut amdsmi_power_cap_info_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(info, "info")?;
        let caps = with_gpu(processor_handle, |g| {
            if sensor_ind != 0 {
                return Err(Error::new(Status::NotSupported).with_detail(format!("power cap sensor {sensor_ind}")));
            }
            g.power_cap_info()
        })?;
        out.write(power_cap_to_c(&caps));
        Ok(())
    })
}

/// The energy accumulator (counts), its resolution (µJ per count) and when it was read (ns;
/// `UINT64_MAX` when the blob has no timestamp). Every pointer must be non-null.
#[no_mangle]
pub extern "C" fn amdsmi_get_energy_count(
    processor_handle: amdsmi_processor_handle,
    energy_accumulator: *mut u64,
    counter_resolution: *mut f32,
    timestamp: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let acc = Out::new(energy_accumulator, "energy_accumulator")?;
        let res = Out::new(counter_resolution, "counter_resolution")?;
        let ts = Out::new(timestamp, "timestamp")?;
        let e = with_gpu(processor_handle, |g| g.energy_count())?;
        acc.write(e.energy_accumulator);
        res.write(e.counter_resolution);
        ts.write(na(e.timestamp));
        Ok(())
    })
}

/// `amdsmi_engine_usage_t`, %: 0xFFFF where not available (AMD copies the 16-bit metric).
fn activity_to_c(u: &EngineUsage) -> amdsmi_engine_usage_t {
    let v = |x: Option<u16>| u32::from(na(x));
    amdsmi_engine_usage_t {
        gfx_activity: v(u.gfx_activity),
        umc_activity: v(u.umc_activity),
        mm_activity: v(u.mm_activity),
        ..amdsmi_engine_usage_t::ZERO
    }
}

/// GFX, memory-controller and multimedia activity, %; 0xFFFF where not available.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_activity(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_engine_usage_t,
) -> amdsmi_status_t {
    write_out(info, "info", || Ok(activity_to_c(&with_gpu(processor_handle, |g| g.activity())?)))
}

/// The GFX engine's busy time, % (`gpu_busy_percent`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_busy_percent(
    processor_handle: amdsmi_processor_handle,
    gpu_busy_percent: *mut u32,
) -> amdsmi_status_t {
    write_out(gpu_busy_percent, "gpu_busy_percent", || with_gpu(processor_handle, |g| g.busy_percent()))
}

// ---- clocks and voltages ----

/// `amdsmi_clk_info_t`, MHz; not available: `UINT32_MAX` / `UINT8_MAX`.
fn clock_info_to_c(c: &ClockInfo) -> amdsmi_clk_info_t {
    amdsmi_clk_info_t {
        clk: na(c.clk),
        min_clk: na(c.min_clk),
        max_clk: na(c.max_clk),
        clk_locked: flag(c.clk_locked),
        clk_deep_sleep: flag(c.clk_deep_sleep),
        ..amdsmi_clk_info_t::ZERO
    }
}

/// A clock's current, minimum and maximum (MHz), lock and deep-sleep flags
/// (`amdsmi_clk_type_t`; an undefined value is INVAL).
#[no_mangle]
pub extern "C" fn amdsmi_get_clock_info(
    processor_handle: amdsmi_processor_handle,
    clk_type: u32,
    info: *mut amdsmi_clk_info_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(info, "info")?;
        let clk = enum_arg(clk_type, "clock type", AmdSmiClkType::from_code)?;
        out.write(clock_info_to_c(&with_gpu(processor_handle, |g| g.clock_info(clk))?));
        Ok(())
    })
}

/// `amdsmi_frequencies_t`: at most 33 levels (Hz), the current index (`UINT32_MAX` when none is
/// marked current).
fn frequencies_to_c(f: &Frequencies) -> amdsmi_frequencies_t {
    let mut out = amdsmi_frequencies_t {
        has_deep_sleep: f.has_deep_sleep,
        num_supported: f.num_supported.min(AMDSMI_MAX_NUM_FREQUENCIES as u32),
        current: na(f.current),
        ..amdsmi_frequencies_t::ZERO
    };
    for (dst, &hz) in out.frequency.iter_mut().zip(&f.frequency) {
        *dst = hz;
    }
    out
}

/// The supported levels of a clock (Hz; for PCIe transfers/s) and the current one
/// (`amdsmi_clk_type_t`; an undefined value is INVAL).
#[no_mangle]
pub extern "C" fn amdsmi_get_clk_freq(
    processor_handle: amdsmi_processor_handle,
    clk_type: u32,
    f: *mut amdsmi_frequencies_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(f, "f")?;
        let clk = enum_arg(clk_type, "clock type", AmdSmiClkType::from_code)?;
        out.write(frequencies_to_c(&with_gpu(processor_handle, |g| g.clk_freq(clk))?));
        Ok(())
    })
}

/// A voltage, mV (`amdsmi_voltage_type_t`, `amdsmi_voltage_metric_t`; undefined values are INVAL).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_volt_metric(
    processor_handle: amdsmi_processor_handle,
    sensor_type: u32,
    metric: u32,
    voltage: *mut i64,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(voltage, "voltage")?;
        let sensor = enum_arg(sensor_type, "voltage type", AmdSmiVoltageType::from_code)?;
        let metric = enum_arg(metric, "voltage metric", AmdSmiVoltageMetric::from_code)?;
        out.write(with_gpu(processor_handle, |g| g.volt_metric(sensor, metric))?);
        Ok(())
    })
}

// ---- fans ----

/// A `u64` reading into AMD's `int64_t` out-parameter; above `INT64_MAX` it saturates.
fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Fan `sensor_ind`'s speed, RPM.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_fan_rpms(
    processor_handle: amdsmi_processor_handle,
    sensor_ind: u32,
    speed: *mut i64,
) -> amdsmi_status_t {
    write_out(speed, "speed", || Ok(signed(with_gpu(processor_handle, |g| g.fan_rpms(sensor_ind))?)))
}

/// Fan `sensor_ind`'s duty, 0 to [`amdsmi_get_gpu_fan_speed_max`].
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_fan_speed(
    processor_handle: amdsmi_processor_handle,
    sensor_ind: u32,
    speed: *mut i64,
) -> amdsmi_status_t {
    write_out(speed, "speed", || Ok(signed(with_gpu(processor_handle, |g| g.fan_speed(sensor_ind))?)))
}

/// Fan `sensor_ind`'s maximum duty.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_fan_speed_max(
    processor_handle: amdsmi_processor_handle,
    sensor_ind: u32,
    max_speed: *mut u64,
) -> amdsmi_status_t {
    write_out(max_speed, "max_speed", || with_gpu(processor_handle, |g| g.fan_speed_max(sensor_ind)))
}

// ---- memory ----

/// Memory in use in a pool (`amdsmi_memory_type_t`; an undefined value is INVAL), bytes.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_memory_usage(
    processor_handle: amdsmi_processor_handle,
    mem_type: u32,
    used: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(used, "used")?;
        let mem = enum_arg(mem_type, "memory type", AmdSmiMemoryType::from_code)?;
        out.write(with_gpu(processor_handle, |g| g.memory_usage(mem))?);
        Ok(())
    })
}

/// VRAM size and use, MiB (into AMD's `uint32_t` fields: the low 32 bits, AMD's `static_cast`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_vram_usage(
    processor_handle: amdsmi_processor_handle,
    vram_info: *mut amdsmi_vram_usage_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(vram_info, "vram_info")?;
        let v = with_gpu(processor_handle, |g| g.vram_usage())?;
        out.write(amdsmi_vram_usage_t {
            vram_total: v.vram_total as u32,
            vram_used: v.vram_used as u32,
            ..amdsmi_vram_usage_t::ZERO
        });
        Ok(())
    })
}

// ---- PCIe ----

/// `amdsmi_card_form_factor_t` of a slot type name; none known is PCIE, AMD's default when
/// ROCm SMI cannot tell (`amdsmi_get_pcie_info`: "default to PCIe").
fn slot_type(name: Option<&str>) -> u32 {
    match name {
        None => AMDSMI_CARD_FORM_FACTOR_PCIE,
        Some(n) if n.eq_ignore_ascii_case("PCIE") => AMDSMI_CARD_FORM_FACTOR_PCIE,
        Some(n) if n.eq_ignore_ascii_case("OAM") => AMDSMI_CARD_FORM_FACTOR_OAM,
        Some(n) if n.eq_ignore_ascii_case("CEM") => AMDSMI_CARD_FORM_FACTOR_CEM,
        Some(_) => AMDSMI_CARD_FORM_FACTOR_UNKNOWN,
    }
}

/// `amdsmi_pcie_info_t` (MT/s, lanes, Mb/s, counts). Widths follow AMD: lanes into `uint16_t`
/// (`(uint16_t)` in AMD's code), `pcie_bandwidth` by [`narrow_u32`]; `recovery` is the
/// `gpu_metrics` `pcie_lc_perf_other_end_recovery` (`UINT32_MAX` when not available).
fn pcie_info_to_c(p: &PcieInfo, recovery: Option<u32>) -> amdsmi_pcie_info_t {
    let s = &p.pcie_static;
    let m = &p.pcie_metric;
    let lanes = |x: Option<u32>| x.map_or(u16::MAX, |l| l as u16);
    let mut out = amdsmi_pcie_info_t::ZERO;
    out.pcie_static.max_pcie_width = lanes(s.max_pcie_width);
    out.pcie_static.max_pcie_speed = na(s.max_pcie_speed);
    out.pcie_static.pcie_interface_version = na(s.pcie_interface_version);
    out.pcie_static.max_pcie_interface_version = na(s.pcie_interface_version);
    out.pcie_static.slot_type = slot_type(s.slot_type.as_deref());
    out.pcie_metric.pcie_width = lanes(m.pcie_width);
    out.pcie_metric.pcie_speed = na(m.pcie_speed);
    out.pcie_metric.pcie_bandwidth = narrow_u32(m.pcie_bandwidth);
    out.pcie_metric.pcie_replay_count = na(m.pcie_replay_count);
    out.pcie_metric.pcie_l0_to_recovery_count = na(m.pcie_l0_to_recovery_count);
    out.pcie_metric.pcie_replay_roll_over_count = na(m.pcie_replay_roll_over_count);
    out.pcie_metric.pcie_nak_sent_count = na(m.pcie_nak_sent_count);
    out.pcie_metric.pcie_nak_received_count = na(m.pcie_nak_received_count);
    out.pcie_metric.pcie_lc_perf_other_end_recovery_count = na(recovery);
    out
}

/// PCIe capabilities (lanes, MT/s, generation, slot) and state (lanes, MT/s, Mb/s, counters).
#[no_mangle]
pub extern "C" fn amdsmi_get_pcie_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_pcie_info_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(info, "info")?;
        let (pcie, recovery) = with_gpu(processor_handle, |g| {
            let recovery = g.metrics_info().ok().and_then(|m| m.pcie_lc_perf_other_end_recovery);
            Ok((g.pcie_info()?, recovery))
        })?;
        out.write(pcie_info_to_c(&pcie, recovery));
        Ok(())
    })
}

/// `amdsmi_pcie_bandwidth_t`: the levels' transfer rates (T/s) and lanes, at most 33.
fn pci_bandwidth_to_c(b: &PcieBandwidth) -> amdsmi_pcie_bandwidth_t {
    let mut out =
        amdsmi_pcie_bandwidth_t { transfer_rate: frequencies_to_c(&b.transfer_rate), ..amdsmi_pcie_bandwidth_t::ZERO };
    for (dst, &l) in out.lanes.iter_mut().zip(&b.lanes) {
        *dst = l;
    }
    out
}

/// The PCIe levels (`pp_dpm_pcie`): transfer rates, T/s, the current level, lanes.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_pci_bandwidth(
    processor_handle: amdsmi_processor_handle,
    bandwidth: *mut amdsmi_pcie_bandwidth_t,
) -> amdsmi_status_t {
    write_out(bandwidth, "bandwidth", || Ok(pci_bandwidth_to_c(&with_gpu(processor_handle, |g| g.pci_bandwidth())?)))
}

/// PCIe packets sent and received in the last second and the maximum payload (bytes), from
/// `pcie_bw`; every pointer must be non-null.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_pci_throughput(
    processor_handle: amdsmi_processor_handle,
    sent: *mut u64,
    received: *mut u64,
    max_pkt_sz: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let (s, r, m) = (Out::new(sent, "sent")?, Out::new(received, "received")?, Out::new(max_pkt_sz, "max_pkt_sz")?);
        let t = with_gpu(processor_handle, |g| g.pci_throughput())?;
        s.write(t.sent);
        r.write(t.received);
        m.write(t.max_pkt_sz);
        Ok(())
    })
}

/// PCIe replays (`pcie_replay_count`), a count.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_pci_replay_counter(
    processor_handle: amdsmi_processor_handle,
    counter: *mut u64,
) -> amdsmi_status_t {
    write_out(counter, "counter", || with_gpu(processor_handle, |g| g.pci_replay_counter()))
}

// ---- utilization, violations ----

/// Accumulated activity counters (% × samples): the caller's `count` entries name the counters
/// in `type`; each gets its `value`, `*timestamp` the read time (ns). `count` 0 or a type AMD
/// SMI does not define is INVAL; a defined counter the blob lacks is the Rust API's status.
#[no_mangle]
pub extern "C" fn amdsmi_get_utilization_count(
    processor_handle: amdsmi_processor_handle,
    utilization_counters: *mut amdsmi_utilization_counter_t,
    count: u32,
    timestamp: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let ts = Out::new(timestamp, "timestamp")?;
        if count == 0 {
            return Err(Error::new(Status::Inval).with_detail("count is 0"));
        }
        let mut entries = read_array(utilization_counters, count, "utilization_counters")?;
        // 7.0.2's fine-grain counters (100-102) are valid types with no kernel source here, as
        // the coarse decoder counter: NOT_SUPPORTED, not INVAL.
        let fine = [AMDSMI_FINE_GRAIN_GFX_ACTIVITY, AMDSMI_FINE_GRAIN_MEM_ACTIVITY, AMDSMI_FINE_DECODER_ACTIVITY];
        if let Some(e) = entries.iter().find(|e| fine.contains(&e.r#type)) {
            with_gpu(processor_handle, |_| Ok(()))?;
            return Err(
                Error::new(Status::NotSupported).with_detail(format!("fine-grain counter {} has no source", e.r#type))
            );
        }
        let kinds = entries
            .iter()
            .map(|e| enum_arg(e.r#type, "utilization counter type", AmdSmiUtilizationCounterType::from_code))
            .collect::<amdsmi::Result<Vec<_>>>()?;
        let counts = with_gpu(processor_handle, |g| g.utilization_count(&kinds))?;
        for (entry, kind) in entries.iter_mut().zip(&kinds) {
            entry.value = counts.counters.iter().find(|c| c.counter_type == *kind).map_or(u64::MAX, |c| c.value);
        }
        write_array(utilization_counters, entries.len(), &entries, "utilization_counters")?;
        ts.write(counts.timestamp);
        Ok(())
    })
}

/// A per-XCP × per-XCC table as AMD's `[[T; 8]; 8]`, not available: all ones.
fn table<T: AllOnes>(rows: &[Vec<Option<T>>]) -> [[T; 8]; 8] {
    let mut out = [[T::MAX; 8]; 8];
    for (dst, row) in out.iter_mut().zip(rows) {
        for (d, v) in dst.iter_mut().zip(row) {
            *d = na(*v);
        }
    }
    out
}

/// `amdsmi_violation_status_t` (7.0.2). Its scalar `*_gfx_clk_below_host_limit` fields are
/// AMD 7.0's `xcp_stats->gfx_below_host_limit_acc[partition_id]`: element `partition_id` of
/// the first XCP's row (`amd_smi.cc`, `amdsmi_get_violation_status`); all ones when not available.
fn violation_to_c(v: &ViolationStatus, partition_id: Option<u32>) -> amdsmi_violation_status_t {
    let cell = |t: &Vec<Vec<Option<u64>>>| {
        partition_id.and_then(|p| t.first()?.get(usize::try_from(p).ok()?).copied().flatten())
    };
    let active_cell = partition_id
        .and_then(|p| v.active_gfx_clk_below_host_limit.first()?.get(usize::try_from(p).ok()?).copied().flatten());
    amdsmi_violation_status_t {
        reference_timestamp: v.reference_timestamp,
        violation_timestamp: na(v.violation_timestamp),
        acc_counter: na(v.acc_counter),
        acc_prochot_thrm: na(v.acc_prochot_thrm),
        acc_ppt_pwr: na(v.acc_ppt_pwr),
        acc_socket_thrm: na(v.acc_socket_thrm),
        acc_vr_thrm: na(v.acc_vr_thrm),
        acc_hbm_thrm: na(v.acc_hbm_thrm),
        acc_gfx_clk_below_host_limit: na(cell(&v.acc_gfx_clk_below_host_limit)),
        per_prochot_thrm: na(v.per_prochot_thrm),
        per_ppt_pwr: na(v.per_ppt_pwr),
        per_socket_thrm: na(v.per_socket_thrm),
        per_vr_thrm: na(v.per_vr_thrm),
        per_hbm_thrm: na(v.per_hbm_thrm),
        per_gfx_clk_below_host_limit: na(cell(&v.per_gfx_clk_below_host_limit)),
        active_prochot_thrm: flag(v.active_prochot_thrm),
        active_ppt_pwr: flag(v.active_ppt_pwr),
        active_socket_thrm: flag(v.active_socket_thrm),
        active_vr_thrm: flag(v.active_vr_thrm),
        active_hbm_thrm: flag(v.active_hbm_thrm),
        active_gfx_clk_below_host_limit: flag(active_cell),
        acc_gfx_clk_below_host_limit_pwr: table(&v.acc_gfx_clk_below_host_limit_pwr),
        acc_gfx_clk_below_host_limit_thm: table(&v.acc_gfx_clk_below_host_limit_thm),
        acc_low_utilization: table(&v.acc_low_utilization),
        acc_gfx_clk_below_host_limit_total: table(&v.acc_gfx_clk_below_host_limit_total),
        per_gfx_clk_below_host_limit_pwr: table(&v.per_gfx_clk_below_host_limit_pwr),
        per_gfx_clk_below_host_limit_thm: table(&v.per_gfx_clk_below_host_limit_thm),
        per_low_utilization: table(&v.per_low_utilization),
        per_gfx_clk_below_host_limit_total: table(&v.per_gfx_clk_below_host_limit_total),
        active_gfx_clk_below_host_limit_pwr: table(&flags(&v.active_gfx_clk_below_host_limit_pwr)),
        active_gfx_clk_below_host_limit_thm: table(&flags(&v.active_gfx_clk_below_host_limit_thm)),
        active_low_utilization: table(&flags(&v.active_low_utilization)),
        active_gfx_clk_below_host_limit_total: table(&flags(&v.active_gfx_clk_below_host_limit_total)),
        ..amdsmi_violation_status_t::ZERO
    }
}

/// A table of flags as `uint8_t` 0/1 (not available stays `None`, then all ones).
fn flags(t: &[Vec<Option<bool>>]) -> Vec<Vec<Option<u8>>> {
    t.iter().map(|row| row.iter().map(|b| b.map(u8::from)).collect()).collect()
}

/// Throttling status: accumulators (cycles), shares of the interval (%) and whether each is
/// active, against this process's previous sample (the first call waits 100 ms, as AMD's).
#[no_mangle]
pub extern "C" fn amdsmi_get_violation_status(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_violation_status_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(info, "info")?;
        let (v, partition) = with_gpu(processor_handle, |g| {
            let partition = g.kfd_info().ok().and_then(|k| k.current_partition_id);
            Ok((g.violation_status()?, partition))
        })?;
        out.write(violation_to_c(&v, partition));
        Ok(())
    })
}

// ---- overdrive, profiles, performance level ----

/// `amdsmi_range_t`; a bound not available is `UINT64_MAX`.
fn range_to_c(r: &amdsmi::gpu::overdrive::OdRange) -> amdsmi_range_t {
    amdsmi_range_t { lower_bound: na(r.lower_bound), upper_bound: na(r.upper_bound), ..amdsmi_range_t::ZERO }
}

/// `amdsmi_od_volt_freq_data_t` (Hz, mV): at most 3 curve points; none on parts without a curve.
fn od_volt_to_c(o: &OdVoltInfo) -> amdsmi_od_volt_freq_data_t {
    let mut out = amdsmi_od_volt_freq_data_t {
        curr_sclk_range: range_to_c(&o.curr_sclk_range),
        curr_mclk_range: range_to_c(&o.curr_mclk_range),
        sclk_freq_limits: range_to_c(&o.sclk_freq_limits),
        mclk_freq_limits: range_to_c(&o.mclk_freq_limits),
        num_regions: o.num_regions,
        ..amdsmi_od_volt_freq_data_t::ZERO
    };
    for (dst, p) in out.curve.vc_points.iter_mut().zip(o.curve_vc_points.iter().flatten()) {
        dst.frequency = p.frequency;
        dst.voltage = p.voltage;
    }
    out
}

/// Overdrive clock ranges (Hz) and the voltage curve (Hz, mV) of `pp_od_clk_voltage`.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_od_volt_info(
    processor_handle: amdsmi_processor_handle,
    odv: *mut amdsmi_od_volt_freq_data_t,
) -> amdsmi_status_t {
    write_out(odv, "odv", || Ok(od_volt_to_c(&with_gpu(processor_handle, |g| g.od_volt_info())?)))
}

/// `amdsmi_freq_volt_region_t` (Hz, mV).
fn region_to_c(r: &FreqVoltRegion) -> amdsmi_freq_volt_region_t {
    amdsmi_freq_volt_region_t { freq_range: range_to_c(&r.freq_range), volt_range: range_to_c(&r.volt_range) }
}

/// The voltage curve regions (Hz, mV): at most `*num_regions` written, `*num_regions` becomes
/// the number written (a NULL buffer asks for the count).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_od_volt_curve_regions(
    processor_handle: amdsmi_processor_handle,
    num_regions: *mut u32,
    buffer: *mut amdsmi_freq_volt_region_t,
) -> amdsmi_status_t {
    status(|| {
        let room = read_count(num_regions, "num_regions")?;
        let want = if buffer.is_null() { u32::MAX } else { room };
        let regions = with_gpu(processor_handle, |g| g.od_volt_curve_regions(want))?;
        let items: Vec<_> = regions.iter().map(region_to_c).collect();
        fill_list(num_regions, buffer, &items, "num_regions")
    })
}

/// `amdsmi_power_profile_status_t`; no current profile AMD SMI names is
/// `AMDSMI_PWR_PROF_PRST_INVALID`.
fn profile_to_c(p: &PowerProfileStatus) -> amdsmi_power_profile_status_t {
    amdsmi_power_profile_status_t {
        available_profiles: p.available_profiles,
        current: p.current.unwrap_or(AMDSMI_PWR_PROF_PRST_INVALID),
        num_profiles: p.num_profiles,
    }
}

/// The available power profiles (a mask of `amdsmi_power_profile_preset_masks_t`), the
/// current one and how many the kernel lists.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_power_profile_presets(
    processor_handle: amdsmi_processor_handle,
    sensor_idx: u32,
    status_out: *mut amdsmi_power_profile_status_t,
) -> amdsmi_status_t {
    write_out(status_out, "status", || {
        Ok(profile_to_c(&with_gpu(processor_handle, |g| g.power_profile_presets(sensor_idx))?))
    })
}

/// The `amdsmi_dev_perf_level_t` of the Rust API's level name; a name no level has is
/// `AMDSMI_DEV_PERF_LEVEL_UNKNOWN` (0x100), a value the package's enum knows.
fn perf_level_code(name: &str) -> u32 {
    AmdSmiDevPerfLevel::ALL
        .iter()
        .find(|l| name.strip_prefix("AMDSMI_DEV_PERF_LEVEL_") == Some(l.name()))
        .map_or(AmdSmiDevPerfLevel::Unknown.code(), |l| l.code())
}

/// The forced performance level (`power_dpm_force_performance_level`) as `amdsmi_dev_perf_level_t`.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_perf_level(
    processor_handle: amdsmi_processor_handle,
    perf: *mut u32,
) -> amdsmi_status_t {
    write_out(perf, "perf", || Ok(perf_level_code(&with_gpu(processor_handle, |g| g.perf_level())?)))
}

/// Graphics clock overdrive, percent (`pp_sclk_od`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_overdrive_level(
    processor_handle: amdsmi_processor_handle,
    od: *mut u32,
) -> amdsmi_status_t {
    write_out(od, "od", || with_gpu(processor_handle, |g| g.overdrive_level()))
}

/// Memory clock overdrive, percent (`pp_mclk_od`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_mem_overdrive_level(
    processor_handle: amdsmi_processor_handle,
    od: *mut u32,
) -> amdsmi_status_t {
    write_out(od, "od", || with_gpu(processor_handle, |g| g.mem_overdrive_level()))
}

/// Whether power management (DPM) is enabled (`pp_features`).
#[no_mangle]
pub extern "C" fn amdsmi_is_gpu_power_management_enabled(
    processor_handle: amdsmi_processor_handle,
    enabled: *mut bool,
) -> amdsmi_status_t {
    write_out(enabled, "enabled", || with_gpu(processor_handle, |g| g.is_power_management_enabled()))
}

// ---- name/value tables ----

/// `amdsmi_name_value_t`: the name cut to 255 bytes and NUL-terminated, the raw value.
fn name_value_to_c(nv: &NameValue) -> amdsmi_name_value_t {
    amdsmi_name_value_t { name: c_text(&nv.name), value: nv.value }
}

/// Hands a table to the caller: `*pairs` a library-allocated array (free it with
/// [`amdsmi_free_name_value_pairs`]; NULL when empty), `*count` its length.
fn hand_out(pairs: *mut *mut amdsmi_name_value_t, count: *mut u32, table: &[NameValue]) -> amdsmi::Result<()> {
    let (pairs_out, count_out) = (Out::new(pairs, "pm_metrics")?, Out::new(count, "num_of_metrics")?);
    let items: Vec<_> = table.iter().map(name_value_to_c).collect();
    let n = u32::try_from(items.len()).unwrap_or(u32::MAX);
    pairs_out.write(ffi::leak_name_values(items));
    count_out.write(n);
    Ok(())
}

/// The PMFW metrics table (`pm_metrics`, MI300-class) as name/value pairs in a library-allocated
/// array the caller frees with [`amdsmi_free_name_value_pairs`].
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_pm_metrics_info(
    processor_handle: amdsmi_processor_handle,
    pm_metrics: *mut *mut amdsmi_name_value_t,
    num_of_metrics: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        Out::new(pm_metrics, "pm_metrics")?;
        Out::new(num_of_metrics, "num_of_metrics")?;
        let table = with_gpu(processor_handle, |g| g.pm_metrics_info())?;
        hand_out(pm_metrics, num_of_metrics, &table)
    })
}

/// One register block of `reg_state` (`amdsmi_reg_type_t`; an undefined value is INVAL) as
/// name/value pairs in a library-allocated array freed by [`amdsmi_free_name_value_pairs`].
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_reg_table_info(
    processor_handle: amdsmi_processor_handle,
    reg_type: u32,
    reg_metrics: *mut *mut amdsmi_name_value_t,
    num_of_metrics: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        Out::new(reg_metrics, "reg_metrics")?;
        Out::new(num_of_metrics, "num_of_metrics")?;
        let reg = enum_arg(reg_type, "register type", AmdSmiRegType::from_code)?;
        let table = with_gpu(processor_handle, |g| g.reg_table_info(reg))?;
        hand_out(reg_metrics, num_of_metrics, &table)
    })
}

/// Frees an array [`amdsmi_get_gpu_pm_metrics_info`] or [`amdsmi_get_gpu_reg_table_info`]
/// returned. NULL, and a pointer this library did not hand out or already freed, are ignored.
#[no_mangle]
pub extern "C" fn amdsmi_free_name_value_pairs(p: *mut c_void) {
    // No status to return: a panic (a bug of ours) is dropped, not unwound into C.
    let _ = status(|| {
        ffi::free_name_values(p);
        Ok(())
    });
}

// ---- policies, isolation ----

/// `amdsmi_dpm_policy_t`: at most 32 policies, descriptions cut to 255 bytes.
fn policy_to_c(p: &DpmPolicy) -> amdsmi_dpm_policy_t {
    let mut out = amdsmi_dpm_policy_t { current: p.current_id, ..amdsmi_dpm_policy_t::ZERO };
    let mut n = 0;
    for (dst, src) in out.policies.iter_mut().zip(&p.policies) {
        *dst =
            amdsmi_dpm_policy_entry_t { policy_id: src.policy_id, policy_description: c_text(&src.policy_description) };
        n += 1;
    }
    out.num_supported = n;
    out
}

/// The SoC P-state policies (`pm_policy/soc_pstate`) and the current one.
#[no_mangle]
pub extern "C" fn amdsmi_get_soc_pstate(
    processor_handle: amdsmi_processor_handle,
    policy: *mut amdsmi_dpm_policy_t,
) -> amdsmi_status_t {
    write_out(policy, "policy", || Ok(policy_to_c(&with_gpu(processor_handle, |g| g.soc_pstate())?)))
}

/// The XGMI per-link power-down policies (`pm_policy/xgmi_plpd`) and the current one.
#[no_mangle]
pub extern "C" fn amdsmi_get_xgmi_plpd(
    processor_handle: amdsmi_processor_handle,
    xgmi_plpd: *mut amdsmi_dpm_policy_t,
) -> amdsmi_status_t {
    write_out(xgmi_plpd, "xgmi_plpd", || Ok(policy_to_c(&with_gpu(processor_handle, |g| g.xgmi_plpd())?)))
}

/// Process isolation of the processor's partition: 0 disabled, 1 enabled.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_process_isolation(
    processor_handle: amdsmi_processor_handle,
    pisolate: *mut u32,
) -> amdsmi_status_t {
    write_out(pisolate, "pisolate", || with_gpu(processor_handle, |g| g.process_isolation()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perf_level_names_become_amds_codes() {
        assert_eq!(perf_level_code("AMDSMI_DEV_PERF_LEVEL_AUTO"), 0);
        assert_eq!(perf_level_code("AMDSMI_DEV_PERF_LEVEL_STABLE_PEAK"), 5);
        assert_eq!(perf_level_code("AMDSMI_DEV_PERF_LEVEL_DETERMINISM"), 8);
        assert_eq!(perf_level_code("AMDSMI_DEV_PERF_LEVEL_UNKNOWN"), 0x100);
        assert_eq!(perf_level_code("AUTO"), 0x100, "only AMD's full names");
        // What the Rust API gives for a level the kernel names and AMD does not ("perf_determinism" is
        // DETERMINISM, an unknown word UNKNOWN).
        assert_eq!(perf_level_code(amdsmi::gpu::clock::perf_level_name("perf_determinism")), 8);
        assert_eq!(perf_level_code(amdsmi::gpu::clock::perf_level_name("turbo")), 0x100);
    }

    #[test]
    fn wide_values_keep_amds_rule() {
        assert_eq!(narrow_u32(None), u32::MAX);
        assert_eq!(narrow_u32(Some(7)), 7);
        assert_eq!(narrow_u32(Some(0x1_0000_0005)), 5, "the low 32 bits, AMD's static_cast");
        assert_eq!(signed(u64::MAX), i64::MAX);
    }

    #[test]
    fn power_caps_not_read_are_0_as_amds_memset_leaves_them() {
        let caps = PowerCapInfo {
            power_cap: 15_000_000,
            default_power_cap: None,
            dpm_cap: Some(3),
            min_power_cap: None,
            max_power_cap: Some(30_000_000),
        };
        let c = power_cap_to_c(&caps);
        assert_eq!(
            (c.power_cap, c.default_power_cap, c.dpm_cap, c.min_power_cap, c.max_power_cap),
            (15_000_000, 0, 3, 0, 30_000_000)
        );
    }

    #[test]
    fn dpm_policies_are_capped_at_32() {
        let policies =
            (0..40).map(|i| amdsmi::DpmPolicyEntry { policy_id: i, policy_description: format!("p{i}") }).collect();
        let c = policy_to_c(&DpmPolicy { num_supported: 40, current_id: 39, policies });
        assert_eq!((c.num_supported, c.current), (32, 39));
        assert_eq!(c.policies[31].policy_id, 31);
    }
}

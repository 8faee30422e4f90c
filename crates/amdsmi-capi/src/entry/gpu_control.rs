//! GPU setters and resets.
//!
//! Each entry point converts its C integers with checked conversions (an enum argument through
//! the enum's `from_code`, never a transmute) and calls the Rust setter of the `amdsmi` crate,
//! which validates every value against what the kernel reports before it writes anything
//! (`src/gpu/control/` of the library). AMD SMI 7.0.2 forwards most of these to ROCm SMI
//! (`rsmi_wrapper(rsmi_dev_*_set, ...)` in `src/amd_smi/amd_smi.cc`); the statuses are the ones
//! the Rust setters document, which follow ROCm SMI's.

use amdsmi::{
    AmdSmiClkLimitType, AmdSmiClkType, AmdSmiComputePartitionType, AmdSmiDevPerfLevel, AmdSmiFreqInd,
    AmdSmiMemoryPartitionType, AmdSmiPowerProfilePresetMasks, Error, Status,
};

use crate::abi::{
    amdsmi_clk_limit_type_t, amdsmi_clk_type_t, amdsmi_compute_partition_type_t, amdsmi_dev_perf_level_t,
    amdsmi_freq_ind_t, amdsmi_memory_partition_type_t, amdsmi_power_profile_preset_masks_t, amdsmi_processor_handle,
    amdsmi_status_t,
};
use crate::call::{instance, status, with_gpu};
use crate::entry::gpu::enum_arg;

/// A power profile mask given as an integer (8 bytes wide in AMD's ABI). A value that is no
/// single preset AMD SMI defines is INPUT_OUT_OF_BOUNDS, as ROCm SMI's `set_power_profile`
/// answers both a mask that is not a power of two and one the GPU does not offer.
fn profile_arg(code: amdsmi_power_profile_preset_masks_t) -> amdsmi::Result<AmdSmiPowerProfilePresetMasks> {
    AmdSmiPowerProfilePresetMasks::from_code(code).ok_or_else(|| {
        Error::new(Status::InputOutOfBounds).with_detail(format!("{code:#x} is no power profile preset mask"))
    })
}

/// The clock domain argument of the clock setters.
fn clk_arg(clk_type: amdsmi_clk_type_t) -> amdsmi::Result<AmdSmiClkType> {
    enum_arg(clk_type, "clock type", AmdSmiClkType::from_code)
}

/// Sets the power cap of PPT sensor `sensor_ind`, µW, within `power<N>_cap_min..=max`.
/// INVAL outside the limits, NOT_SUPPORTED without them or in a guest.
#[no_mangle]
pub extern "C" fn amdsmi_set_power_cap(
    processor_handle: amdsmi_processor_handle,
    sensor_ind: u32,
    cap: u64,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_power_cap(sensor_ind, cap)))
}

/// Sets the performance level (`amdsmi_dev_perf_level_t`); INVAL for a value AMD SMI does not
/// define and for `UNKNOWN`.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_perf_level(
    processor_handle: amdsmi_processor_handle,
    perf_lvl: amdsmi_dev_perf_level_t,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let level = enum_arg(perf_lvl, "performance level", AmdSmiDevPerfLevel::from_code)?;
            g.set_perf_level(level)
        })
    })
}

/// Enters performance determinism with the graphics clock capped at `clkvalue` MHz (within
/// the overdrive range).
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_perf_determinism_mode(
    processor_handle: amdsmi_processor_handle,
    clkvalue: u64,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_perf_determinism_mode(clkvalue)))
}

/// Selects a power profile (`amdsmi_power_profile_preset_masks_t`, one mask bit); `reserved`
/// is unused, as in AMD SMI. INPUT_OUT_OF_BOUNDS for a mask that is no single preset or one the
/// GPU does not offer (ROCm SMI `set_power_profile`).
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_power_profile(
    processor_handle: amdsmi_processor_handle,
    reserved: u32,
    profile: amdsmi_power_profile_preset_masks_t,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let profile = profile_arg(profile)?;
            g.set_power_profile(reserved, profile)
        })
    })
}

/// Sets the range of the graphics or memory clock, MHz (`amdsmi_clk_type_t`).
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_clk_range(
    processor_handle: amdsmi_processor_handle,
    min_clk_value: u64,
    max_clk_value: u64,
    clk_type: amdsmi_clk_type_t,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let clk_type = clk_arg(clk_type)?;
            g.set_clk_range(min_clk_value, max_clk_value, clk_type)
        })
    })
}

/// Sets the minimum or maximum (`amdsmi_clk_limit_type_t`) of the graphics or memory clock,
/// MHz, without crossing the other end.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_clk_limit(
    processor_handle: amdsmi_processor_handle,
    clk_type: amdsmi_clk_type_t,
    limit_type: amdsmi_clk_limit_type_t,
    clk_value: u64,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let clk_type = clk_arg(clk_type)?;
            let limit_type = enum_arg(limit_type, "clock limit type", AmdSmiClkLimitType::from_code)?;
            g.set_clk_limit(clk_type, limit_type, clk_value)
        })
    })
}

/// Restricts a clock to the DPM levels of `freq_bitmask` (bit i = the kernel's level i).
#[no_mangle]
pub extern "C" fn amdsmi_set_clk_freq(
    processor_handle: amdsmi_processor_handle,
    clk_type: amdsmi_clk_type_t,
    freq_bitmask: u64,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let clk_type = clk_arg(clk_type)?;
            g.set_clk_freq(clk_type, freq_bitmask)
        })
    })
}

/// Restricts the PCIe link to the levels of `bw_bitmask` (bit i = `pp_dpm_pcie` level i).
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_pci_bandwidth(
    processor_handle: amdsmi_processor_handle,
    bw_bitmask: u64,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_pci_bandwidth(bw_bitmask)))
}

/// Sets one end (`amdsmi_freq_ind_t`) of the graphics or memory clock range, MHz.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_od_clk_info(
    processor_handle: amdsmi_processor_handle,
    level: amdsmi_freq_ind_t,
    clk_value: u64,
    clk_type: amdsmi_clk_type_t,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let level = enum_arg(level, "frequency index", AmdSmiFreqInd::from_code)?;
            let clk_type = clk_arg(clk_type)?;
            g.set_od_clk_info(level, clk_value, clk_type)
        })
    })
}

/// Sets voltage curve point `vpoint`: `clk_value` MHz at `volt_value` mV.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_od_volt_info(
    processor_handle: amdsmi_processor_handle,
    vpoint: u32,
    clk_value: u64,
    volt_value: u64,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_od_volt_info(vpoint, clk_value, volt_value)))
}

/// Sets the graphics clock overdrive, percent (0-20; deprecated by AMD).
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_overdrive_level(
    processor_handle: amdsmi_processor_handle,
    od: u32,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_overdrive_level(od)))
}

/// Sets fan `sensor_ind`'s duty, 0 to `pwm<N>_max` (255), and puts the fan under manual
/// control; INPUT_OUT_OF_BOUNDS above the maximum.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_fan_speed(
    processor_handle: amdsmi_processor_handle,
    sensor_ind: u32,
    speed: u64,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_fan_speed(sensor_ind, speed)))
}

/// Returns fan `sensor_ind` to automatic driver control.
#[no_mangle]
pub extern "C" fn amdsmi_reset_gpu_fan(processor_handle: amdsmi_processor_handle, sensor_ind: u32) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.reset_fan(sensor_ind)))
}

/// Switches the compute partition mode (`amdsmi_compute_partition_type_t`); INVAL for
/// `INVALID` and values AMD SMI does not define.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_compute_partition(
    processor_handle: amdsmi_processor_handle,
    compute_partition: amdsmi_compute_partition_type_t,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let mode = enum_arg(compute_partition, "compute partition type", AmdSmiComputePartitionType::from_code)?;
            g.set_compute_partition(mode)
        })
    })
}

/// The memory partition mode argument of the two memory partition setters.
fn memory_partition_arg(code: amdsmi_memory_partition_type_t) -> amdsmi::Result<AmdSmiMemoryPartitionType> {
    enum_arg(code, "memory partition type", AmdSmiMemoryPartitionType::from_code)
}

/// Switches the memory partition mode (`amdsmi_memory_partition_type_t`); it applies once the
/// driver reloads. INVAL for `UNKNOWN` and values AMD SMI does not define.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_memory_partition(
    processor_handle: amdsmi_processor_handle,
    memory_partition: amdsmi_memory_partition_type_t,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let mode = memory_partition_arg(memory_partition)?;
            g.set_memory_partition(mode)
        })
    })
}

/// The same as [`amdsmi_set_gpu_memory_partition`] (AMD SMI 7.0.2's Python layer calls that
/// one; both write `current_memory_partition`).
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_memory_partition_mode(
    processor_handle: amdsmi_processor_handle,
    mode: amdsmi_memory_partition_type_t,
) -> amdsmi_status_t {
    status(|| {
        with_gpu(processor_handle, |g| {
            let mode = memory_partition_arg(mode)?;
            g.set_memory_partition(mode)
        })
    })
}

/// Switches to the accelerator partition profile at `profile_index` of
/// `supported_xcp_configs`; INVAL past the last.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_accelerator_partition_profile(
    processor_handle: amdsmi_processor_handle,
    profile_index: u32,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_accelerator_partition_profile(profile_index)))
}

/// Enables (1) or disables (0) process isolation on the processor's partition; INVAL for
/// another value.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_process_isolation(
    processor_handle: amdsmi_processor_handle,
    pisolate: u32,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_process_isolation(pisolate)))
}

/// Clears the local data (LDS, GPRs) of the processor's partition (the cleaner shader).
#[no_mangle]
pub extern "C" fn amdsmi_clean_gpu_local_data(processor_handle: amdsmi_processor_handle) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.clean_local_data()))
}

/// Selects SoC P-state policy `policy_id`; INVAL for an id `pm_policy/soc_pstate` does not list.
#[no_mangle]
pub extern "C" fn amdsmi_set_soc_pstate(processor_handle: amdsmi_processor_handle, policy_id: u32) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_soc_pstate(policy_id)))
}

/// Selects XGMI per-link power-down policy `policy_id`; INVAL for an id `pm_policy/xgmi_plpd`
/// does not list.
#[no_mangle]
pub extern "C" fn amdsmi_set_xgmi_plpd(processor_handle: amdsmi_processor_handle, policy_id: u32) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_xgmi_plpd(policy_id)))
}

/// Resets the GPU (debugfs `amdgpu_gpu_recover` of its primary card; root).
#[no_mangle]
pub extern "C" fn amdsmi_reset_gpu(processor_handle: amdsmi_processor_handle) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.reset()))
}

/// Resets the GPU's XGMI error count (reading `xgmi_error` clears it).
#[no_mangle]
pub extern "C" fn amdsmi_reset_gpu_xgmi_error(processor_handle: amdsmi_processor_handle) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.reset_xgmi_error()))
}

/// Reloads the amdgpu driver on every GPU of the instance (each unbound, then each bound again;
/// root): NO_PERM without the rights, AMDGPU_RESTART_ERR when a step fails.
#[no_mangle]
pub extern "C" fn amdsmi_gpu_driver_reload() -> amdsmi_status_t {
    status(|| instance()?.gpu_driver_reload())
}

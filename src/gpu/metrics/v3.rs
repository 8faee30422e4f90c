//! `gpu_metrics` v3.0: Strix Point / Strix Halo / Krackan APUs.
//!
//! The wire layout mirrors `struct gpu_metrics_v3_0` of the kernel's `kgd_pp_interface.h`
//! (x86-64 natural alignment: holes at 102, 118 and 226).

use std::mem::{offset_of, size_of};

use super::layout::{Src, Table};
use super::{ApuField, Field, MAX_APU_CORES};

/// `struct gpu_metrics_v3_0` (264 bytes).
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct V3_0 {
    common_header: [u8; 4],
    temperature_gfx: u16,
    temperature_soc: u16,
    temperature_core: [u16; MAX_APU_CORES],
    temperature_skin: u16,
    average_gfx_activity: u16,
    average_vcn_activity: u16,
    average_ipu_activity: [u16; 8],
    average_core_c0_activity: [u16; MAX_APU_CORES],
    average_dram_reads: u16,
    average_dram_writes: u16,
    average_ipu_reads: u16,
    average_ipu_writes: u16,
    system_clock_counter: u64,
    average_socket_power: u32,
    average_ipu_power: u16,
    average_apu_power: u32,
    average_gfx_power: u32,
    average_dgpu_power: u32,
    average_all_core_power: u32,
    average_core_power: [u16; MAX_APU_CORES],
    average_sys_power: u16,
    stapm_power_limit: u16,
    current_stapm_power_limit: u16,
    average_gfxclk_frequency: u16,
    average_socclk_frequency: u16,
    average_vpeclk_frequency: u16,
    average_ipuclk_frequency: u16,
    average_fclk_frequency: u16,
    average_vclk_frequency: u16,
    average_uclk_frequency: u16,
    average_mpipu_frequency: u16,
    current_coreclk: [u16; MAX_APU_CORES],
    current_core_maxfreq: u16,
    current_gfx_maxfreq: u16,
    throttle_residency_prochot: u32,
    throttle_residency_spl: u32,
    throttle_residency_fppt: u32,
    throttle_residency_sppt: u32,
    throttle_residency_thm_core: u32,
    throttle_residency_thm_gfx: u32,
    throttle_residency_thm_soc: u32,
    time_filter_alphavalue: u32,
}

const _: () = assert!(offset_of!(V3_0, temperature_skin) == 40);
const _: () = assert!(offset_of!(V3_0, average_core_c0_activity) == 62);
const _: () = assert!(offset_of!(V3_0, average_ipu_writes) == 100);
const _: () = assert!(offset_of!(V3_0, system_clock_counter) == 104);
const _: () = assert!(offset_of!(V3_0, average_socket_power) == 112);
const _: () = assert!(offset_of!(V3_0, average_ipu_power) == 116);
const _: () = assert!(offset_of!(V3_0, average_apu_power) == 120);
const _: () = assert!(offset_of!(V3_0, average_core_power) == 136);
const _: () = assert!(offset_of!(V3_0, average_gfxclk_frequency) == 174);
const _: () = assert!(offset_of!(V3_0, current_coreclk) == 190);
const _: () = assert!(offset_of!(V3_0, current_gfx_maxfreq) == 224);
const _: () = assert!(offset_of!(V3_0, throttle_residency_prochot) == 228);
const _: () = assert!(offset_of!(V3_0, time_filter_alphavalue) == 256);
const _: () = assert!(size_of::<V3_0>() == 264);

/// Bytes of `struct gpu_metrics_v3_0`.
pub(super) const V3_0_SIZE: usize = size_of::<V3_0>();

/// v3.0: every field into the APU block; AMD SMI's own fields as newer AMD SMI's
/// `ApuMetricsBase_v30_t` fills them: `average_gfx_activity`, `system_clock_counter` and
/// `average_{gfxclk,socclk,uclk}_frequency` straight across, `average_vclk0_frequency` =
/// `average_vclk_frequency`, `average_socket_power` = the mW value rounded to W. v3.0 has no
/// current GFX/memory clock and no throttle status, so those stay "not available".
pub(super) static V3_0: Table = {
    let (mut t, mut apu) = (Table::EMPTY, [Src::Absent; ApuField::COUNT]);
    place!(apu, ApuField, V3_0: temperature_gfx, temperature_soc, temperature_core, temperature_skin,
        average_gfx_activity, average_vcn_activity, average_ipu_activity, average_core_c0_activity,
        average_dram_reads, average_dram_writes, average_ipu_reads, average_ipu_writes, average_socket_power,
        average_ipu_power, average_apu_power, average_gfx_power, average_dgpu_power, average_all_core_power,
        average_core_power, average_sys_power, stapm_power_limit, current_stapm_power_limit,
        average_gfxclk_frequency, average_socclk_frequency, average_vpeclk_frequency, average_ipuclk_frequency,
        average_fclk_frequency, average_vclk_frequency, average_uclk_frequency, average_mpipu_frequency,
        current_coreclk, current_core_maxfreq, current_gfx_maxfreq, throttle_residency_prochot,
        throttle_residency_spl, throttle_residency_fppt, throttle_residency_sppt, throttle_residency_thm_core,
        throttle_residency_thm_gfx, throttle_residency_thm_soc, time_filter_alphavalue);
    place!(t.fields, Field, V3_0: system_clock_counter, average_gfx_activity, average_socket_power / MilliToUnit,
        average_gfxclk_frequency, average_socclk_frequency, average_uclk_frequency,
        average_vclk0_frequency <- average_vclk_frequency);
    t.apu = Some(apu);
    t
};

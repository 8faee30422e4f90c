//! `gpu_metrics` v1.0–v1.3: dGPUs with scalar clocks (Navi, Vega20, Arcturus, Aldebaran, RDNA2–4).
//!
//! Wire layouts mirror `struct gpu_metrics_v1_0` and `struct gpu_metrics_v1_3` of the kernel's
//! `kgd_pp_interface.h` (x86-64 natural alignment, no `__packed`); v1.1 and v1.2 are v1.3's
//! first 96 and 104 bytes.

use std::mem::{offset_of, size_of};

use super::layout::Table;
use super::{Field, XcpField, NUM_HBM_INSTANCES};

/// `struct gpu_metrics_v1_0` (80 bytes). `system_clock_counter` follows the header at 8.
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct V1_0 {
    common_header: [u8; 4],
    system_clock_counter: u64,
    temperature_edge: u16,
    temperature_hotspot: u16,
    temperature_mem: u16,
    temperature_vrgfx: u16,
    temperature_vrsoc: u16,
    temperature_vrmem: u16,
    average_gfx_activity: u16,
    average_umc_activity: u16,
    average_mm_activity: u16,
    average_socket_power: u16,
    energy_accumulator: u32,
    average_gfxclk_frequency: u16,
    average_socclk_frequency: u16,
    average_uclk_frequency: u16,
    average_vclk0_frequency: u16,
    average_dclk0_frequency: u16,
    average_vclk1_frequency: u16,
    average_dclk1_frequency: u16,
    current_gfxclk: u16,
    current_socclk: u16,
    current_uclk: u16,
    current_vclk0: u16,
    current_dclk0: u16,
    current_vclk1: u16,
    current_dclk1: u16,
    throttle_status: u32,
    current_fan_speed: u16,
    pcie_link_width: u8,
    pcie_link_speed: u8,
}

const _: () = assert!(offset_of!(V1_0, system_clock_counter) == 8);
const _: () = assert!(offset_of!(V1_0, temperature_edge) == 16);
const _: () = assert!(offset_of!(V1_0, average_socket_power) == 34);
const _: () = assert!(offset_of!(V1_0, energy_accumulator) == 36);
const _: () = assert!(offset_of!(V1_0, average_gfxclk_frequency) == 40);
const _: () = assert!(offset_of!(V1_0, current_gfxclk) == 54);
const _: () = assert!(offset_of!(V1_0, throttle_status) == 68);
const _: () = assert!(offset_of!(V1_0, current_fan_speed) == 72);
const _: () = assert!(offset_of!(V1_0, pcie_link_width) == 74);
const _: () = assert!(offset_of!(V1_0, pcie_link_speed) == 75);
const _: () = assert!(size_of::<V1_0>() == 80);

/// Bytes of `struct gpu_metrics_v1_0`.
pub(super) const V1_0_SIZE: usize = size_of::<V1_0>();

/// `struct gpu_metrics_v1_3` (120 bytes); v1.1 ends at `firmware_timestamp`, v1.2 at `voltage_soc`.
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct V1_3 {
    common_header: [u8; 4],
    temperature_edge: u16,
    temperature_hotspot: u16,
    temperature_mem: u16,
    temperature_vrgfx: u16,
    temperature_vrsoc: u16,
    temperature_vrmem: u16,
    average_gfx_activity: u16,
    average_umc_activity: u16,
    average_mm_activity: u16,
    average_socket_power: u16,
    energy_accumulator: u64,
    system_clock_counter: u64,
    average_gfxclk_frequency: u16,
    average_socclk_frequency: u16,
    average_uclk_frequency: u16,
    average_vclk0_frequency: u16,
    average_dclk0_frequency: u16,
    average_vclk1_frequency: u16,
    average_dclk1_frequency: u16,
    current_gfxclk: u16,
    current_socclk: u16,
    current_uclk: u16,
    current_vclk0: u16,
    current_dclk0: u16,
    current_vclk1: u16,
    current_dclk1: u16,
    throttle_status: u32,
    current_fan_speed: u16,
    pcie_link_width: u16,
    pcie_link_speed: u16,
    padding: u16,
    gfx_activity_acc: u32,
    mem_activity_acc: u32,
    temperature_hbm: [u16; NUM_HBM_INSTANCES],
    // v1.2
    firmware_timestamp: u64,
    // v1.3
    voltage_soc: u16,
    voltage_gfx: u16,
    voltage_mem: u16,
    padding1: u16,
    indep_throttle_status: u64,
}

const _: () = assert!(offset_of!(V1_3, temperature_edge) == 4);
const _: () = assert!(offset_of!(V1_3, average_socket_power) == 22);
const _: () = assert!(offset_of!(V1_3, energy_accumulator) == 24);
const _: () = assert!(offset_of!(V1_3, system_clock_counter) == 32);
const _: () = assert!(offset_of!(V1_3, average_gfxclk_frequency) == 40);
const _: () = assert!(offset_of!(V1_3, current_gfxclk) == 54);
const _: () = assert!(offset_of!(V1_3, throttle_status) == 68);
const _: () = assert!(offset_of!(V1_3, pcie_link_speed) == 76);
const _: () = assert!(offset_of!(V1_3, gfx_activity_acc) == 80);
const _: () = assert!(offset_of!(V1_3, temperature_hbm) == 88);
const _: () = assert!(offset_of!(V1_3, firmware_timestamp) == 96);
const _: () = assert!(offset_of!(V1_3, voltage_soc) == 104);
const _: () = assert!(offset_of!(V1_3, indep_throttle_status) == 112);
const _: () = assert!(size_of::<V1_3>() == 120);

/// Bytes of `struct gpu_metrics_v1_{1,2,3}` for content revision 1, 2 or 3.
pub(super) const fn size(content: u8) -> usize {
    match content {
        1 => offset_of!(V1_3, firmware_timestamp),
        2 => offset_of!(V1_3, voltage_soc),
        _ => size_of::<V1_3>(),
    }
}

/// v1.0, as AMD SMI copies it (newest rocm_smi; 7.0.x does not parse 1.0): every field straight
/// across, no derived arrays. `energy_accumulator` (u32) and `pcie_link_width/speed` (u8) widen
/// to AMD SMI's types; all bits set at the blob's width is "not available".
pub(super) static V1_0: Table = {
    let mut t = Table::EMPTY;
    place!(t.fields, Field, V1_0: system_clock_counter, temperature_edge, temperature_hotspot, temperature_mem,
        temperature_vrgfx, temperature_vrsoc, temperature_vrmem, average_gfx_activity, average_umc_activity,
        average_mm_activity, average_socket_power, energy_accumulator, average_gfxclk_frequency,
        average_socclk_frequency, average_uclk_frequency, average_vclk0_frequency, average_dclk0_frequency,
        average_vclk1_frequency, average_dclk1_frequency, current_gfxclk, current_socclk, current_uclk,
        current_vclk0, current_dclk0, current_vclk1, current_dclk1, throttle_status, current_fan_speed,
        pcie_link_width, pcie_link_speed);
    t
};

/// v1.1, v1.2 and v1.3, as AMD SMI's `GpuMetricsBase_v1{1,2,3}_t` copy them: the fields
/// straight across, plus
/// - v1.2+: `firmware_timestamp` × 10 (10 ns ticks to ns, AMD SMI's adjustment);
/// - v1.3 only ("backwards compatibility" with the per-instance arrays of v1.4+):
///   `current_gfxclks[0] = current_gfxclk`, `current_socclks[0] = current_socclk`,
///   `current_vclk0s[0] = current_vclk0`, `current_dclk0s[0] = current_dclk0`, and
///   `vcn_activity[0]` and `xcp_stats[0].vcn_busy[0]` = `average_mm_activity` (AMD SMI copies it
///   only when available; not available leaves them not available, the same thing).
const fn v1_1_to_3(content: u8) -> Table {
    let mut t = Table::EMPTY;
    place!(t.fields, Field, V1_3: temperature_edge, temperature_hotspot, temperature_mem, temperature_vrgfx,
        temperature_vrsoc, temperature_vrmem, average_gfx_activity, average_umc_activity, average_mm_activity,
        average_socket_power, energy_accumulator, system_clock_counter, average_gfxclk_frequency,
        average_socclk_frequency, average_uclk_frequency, average_vclk0_frequency, average_dclk0_frequency,
        average_vclk1_frequency, average_dclk1_frequency, current_gfxclk, current_socclk, current_uclk,
        current_vclk0, current_dclk0, current_vclk1, current_dclk1, throttle_status, current_fan_speed,
        pcie_link_width, pcie_link_speed, gfx_activity_acc, mem_activity_acc, temperature_hbm);
    if content >= 2 {
        place!(t.fields, Field, V1_3: firmware_timestamp / Ten);
    }
    if content >= 3 {
        place!(t.fields, Field, V1_3: voltage_soc, voltage_gfx, voltage_mem, indep_throttle_status,
            current_gfxclks <- current_gfxclk, current_socclks <- current_socclk, current_vclk0s <- current_vclk0,
            current_dclk0s <- current_dclk0, vcn_activity <- average_mm_activity);
        t.xcp.partitions = 1;
        place!(t.xcp.fields, XcpField, V1_3: vcn_busy <- average_mm_activity);
    }
    t
}

/// v1.1 (see `v1_1_to_3`).
pub(super) static V1_1: Table = v1_1_to_3(1);
/// v1.2 (see `v1_1_to_3`).
pub(super) static V1_2: Table = v1_1_to_3(2);
/// v1.3 (see `v1_1_to_3`).
pub(super) static V1_3: Table = v1_1_to_3(3);

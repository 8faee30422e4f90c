//! `gpu_metrics` v1.4–v1.8: Instinct MI300-class layouts with per-instance clock arrays and, from
//! v1.6, per-partition (XCP) statistics.
//!
//! Wire layouts mirror `struct gpu_metrics_v1_{4,5,6,7,8}` and `struct amdgpu_xcp_metrics{,_v1_1,
//! _v1_2}` of the kernel's `kgd_pp_interface.h` (x86-64 natural alignment). Two layouts have
//! carried version 1.6: the 384-byte one of 2024 kernels (v1.5 plus throttle residencies; its
//! revert was posted to amd-gfx in May 2024 but the struct is in mainline headers of that time)
//! and the 1664-byte one with XCP statistics that AMD SMI parses. `structure_size` tells them apart.

use std::mem::{offset_of, size_of};

use super::layout::Table;
use super::{
    Field, XcpField, MAX_CLKS, MAX_GFX_CLKS, MAX_XCC, NUM_JPEG_ENG, NUM_JPEG_ENG_V1, NUM_VCN, NUM_XCP, NUM_XGMI_LINKS,
};
use crate::error::{Error, Result, Status};

/// `struct gpu_metrics_v1_4` (288 bytes).
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct V1_4 {
    common_header: [u8; 4],
    temperature_hotspot: u16,
    temperature_mem: u16,
    temperature_vrsoc: u16,
    curr_socket_power: u16,
    average_gfx_activity: u16,
    average_umc_activity: u16,
    vcn_activity: [u16; NUM_VCN],
    energy_accumulator: u64,
    system_clock_counter: u64,
    throttle_status: u32,
    gfxclk_lock_status: u32,
    pcie_link_width: u16,
    pcie_link_speed: u16,
    xgmi_link_width: u16,
    xgmi_link_speed: u16,
    gfx_activity_acc: u32,
    mem_activity_acc: u32,
    pcie_bandwidth_acc: u64,
    pcie_bandwidth_inst: u64,
    pcie_l0_to_recov_count_acc: u64,
    pcie_replay_count_acc: u64,
    pcie_replay_rover_count_acc: u64,
    xgmi_read_data_acc: [u64; NUM_XGMI_LINKS],
    xgmi_write_data_acc: [u64; NUM_XGMI_LINKS],
    firmware_timestamp: u64,
    current_gfxclk: [u16; MAX_GFX_CLKS],
    current_socclk: [u16; MAX_CLKS],
    current_vclk0: [u16; MAX_CLKS],
    current_dclk0: [u16; MAX_CLKS],
    current_uclk: u16,
    padding: u16,
}

const _: () = assert!(offset_of!(V1_4, vcn_activity) == 16);
const _: () = assert!(offset_of!(V1_4, energy_accumulator) == 24);
const _: () = assert!(offset_of!(V1_4, throttle_status) == 40);
const _: () = assert!(offset_of!(V1_4, gfx_activity_acc) == 56);
const _: () = assert!(offset_of!(V1_4, pcie_bandwidth_acc) == 64);
const _: () = assert!(offset_of!(V1_4, xgmi_read_data_acc) == 104);
const _: () = assert!(offset_of!(V1_4, xgmi_write_data_acc) == 168);
const _: () = assert!(offset_of!(V1_4, firmware_timestamp) == 232);
const _: () = assert!(offset_of!(V1_4, current_gfxclk) == 240);
const _: () = assert!(offset_of!(V1_4, current_dclk0) == 272);
const _: () = assert!(offset_of!(V1_4, current_uclk) == 280);
const _: () = assert!(size_of::<V1_4>() == 288);

/// `struct gpu_metrics_v1_5` (360 bytes).
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct V1_5 {
    common_header: [u8; 4],
    temperature_hotspot: u16,
    temperature_mem: u16,
    temperature_vrsoc: u16,
    curr_socket_power: u16,
    average_gfx_activity: u16,
    average_umc_activity: u16,
    vcn_activity: [u16; NUM_VCN],
    jpeg_activity: [u16; NUM_JPEG_ENG],
    energy_accumulator: u64,
    system_clock_counter: u64,
    throttle_status: u32,
    gfxclk_lock_status: u32,
    pcie_link_width: u16,
    pcie_link_speed: u16,
    xgmi_link_width: u16,
    xgmi_link_speed: u16,
    gfx_activity_acc: u32,
    mem_activity_acc: u32,
    pcie_bandwidth_acc: u64,
    pcie_bandwidth_inst: u64,
    pcie_l0_to_recov_count_acc: u64,
    pcie_replay_count_acc: u64,
    pcie_replay_rover_count_acc: u64,
    pcie_nak_sent_count_acc: u32,
    pcie_nak_rcvd_count_acc: u32,
    xgmi_read_data_acc: [u64; NUM_XGMI_LINKS],
    xgmi_write_data_acc: [u64; NUM_XGMI_LINKS],
    firmware_timestamp: u64,
    current_gfxclk: [u16; MAX_GFX_CLKS],
    current_socclk: [u16; MAX_CLKS],
    current_vclk0: [u16; MAX_CLKS],
    current_dclk0: [u16; MAX_CLKS],
    current_uclk: u16,
    padding: u16,
}

const _: () = assert!(offset_of!(V1_5, jpeg_activity) == 24);
const _: () = assert!(offset_of!(V1_5, energy_accumulator) == 88);
const _: () = assert!(offset_of!(V1_5, throttle_status) == 104);
const _: () = assert!(offset_of!(V1_5, pcie_bandwidth_acc) == 128);
const _: () = assert!(offset_of!(V1_5, pcie_nak_sent_count_acc) == 168);
const _: () = assert!(offset_of!(V1_5, xgmi_read_data_acc) == 176);
const _: () = assert!(offset_of!(V1_5, firmware_timestamp) == 304);
const _: () = assert!(offset_of!(V1_5, current_gfxclk) == 312);
const _: () = assert!(offset_of!(V1_5, current_uclk) == 352);
const _: () = assert!(size_of::<V1_5>() == 360);

/// The 2024 `struct gpu_metrics_v1_6` (384 bytes): v1.5 with the residency accumulators.
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct V1_6_2024 {
    common_header: [u8; 4],
    temperature_hotspot: u16,
    temperature_mem: u16,
    temperature_vrsoc: u16,
    curr_socket_power: u16,
    average_gfx_activity: u16,
    average_umc_activity: u16,
    vcn_activity: [u16; NUM_VCN],
    jpeg_activity: [u16; NUM_JPEG_ENG],
    energy_accumulator: u64,
    system_clock_counter: u64,
    accumulation_counter: u32,
    prochot_residency_acc: u32,
    ppt_residency_acc: u32,
    socket_thm_residency_acc: u32,
    vr_thm_residency_acc: u32,
    hbm_thm_residency_acc: u32,
    throttle_status: u32,
    gfxclk_lock_status: u32,
    pcie_link_width: u16,
    pcie_link_speed: u16,
    xgmi_link_width: u16,
    xgmi_link_speed: u16,
    gfx_activity_acc: u32,
    mem_activity_acc: u32,
    pcie_bandwidth_acc: u64,
    pcie_bandwidth_inst: u64,
    pcie_l0_to_recov_count_acc: u64,
    pcie_replay_count_acc: u64,
    pcie_replay_rover_count_acc: u64,
    pcie_nak_sent_count_acc: u32,
    pcie_nak_rcvd_count_acc: u32,
    xgmi_read_data_acc: [u64; NUM_XGMI_LINKS],
    xgmi_write_data_acc: [u64; NUM_XGMI_LINKS],
    firmware_timestamp: u64,
    current_gfxclk: [u16; MAX_GFX_CLKS],
    current_socclk: [u16; MAX_CLKS],
    current_vclk0: [u16; MAX_CLKS],
    current_dclk0: [u16; MAX_CLKS],
    current_uclk: u16,
    padding: u16,
}

const _: () = assert!(offset_of!(V1_6_2024, accumulation_counter) == 104);
const _: () = assert!(offset_of!(V1_6_2024, throttle_status) == 128);
const _: () = assert!(offset_of!(V1_6_2024, pcie_bandwidth_acc) == 152);
const _: () = assert!(offset_of!(V1_6_2024, xgmi_read_data_acc) == 200);
const _: () = assert!(offset_of!(V1_6_2024, firmware_timestamp) == 328);
const _: () = assert!(offset_of!(V1_6_2024, current_uclk) == 376);
const _: () = assert!(size_of::<V1_6_2024>() == 384);

/// `struct amdgpu_xcp_metrics` (168 bytes, v1.6).
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct Xcp1_0 {
    gfx_busy_inst: [u32; MAX_XCC],
    jpeg_busy: [u16; NUM_JPEG_ENG],
    vcn_busy: [u16; NUM_VCN],
    gfx_busy_acc: [u64; MAX_XCC],
}

const _: () = assert!(offset_of!(Xcp1_0, jpeg_busy) == 32);
const _: () = assert!(offset_of!(Xcp1_0, vcn_busy) == 96);
const _: () = assert!(offset_of!(Xcp1_0, gfx_busy_acc) == 104);
const _: () = assert!(size_of::<Xcp1_0>() == 168);

/// `struct amdgpu_xcp_metrics_v1_1` (232 bytes, v1.7).
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct Xcp1_1 {
    gfx_busy_inst: [u32; MAX_XCC],
    jpeg_busy: [u16; NUM_JPEG_ENG],
    vcn_busy: [u16; NUM_VCN],
    gfx_busy_acc: [u64; MAX_XCC],
    gfx_below_host_limit_acc: [u64; MAX_XCC],
}

const _: () = assert!(offset_of!(Xcp1_1, gfx_below_host_limit_acc) == 168);
const _: () = assert!(size_of::<Xcp1_1>() == 232);

/// `struct amdgpu_xcp_metrics_v1_2` (440 bytes, v1.8).
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct Xcp1_2 {
    gfx_busy_inst: [u32; MAX_XCC],
    jpeg_busy: [u16; NUM_JPEG_ENG_V1],
    vcn_busy: [u16; NUM_VCN],
    gfx_busy_acc: [u64; MAX_XCC],
    gfx_below_host_limit_ppt_acc: [u64; MAX_XCC],
    gfx_below_host_limit_thm_acc: [u64; MAX_XCC],
    gfx_low_utilization_acc: [u64; MAX_XCC],
    gfx_below_host_limit_total_acc: [u64; MAX_XCC],
}

const _: () = assert!(offset_of!(Xcp1_2, vcn_busy) == 112);
const _: () = assert!(offset_of!(Xcp1_2, gfx_busy_acc) == 120);
const _: () = assert!(offset_of!(Xcp1_2, gfx_below_host_limit_total_acc) == 376);
const _: () = assert!(size_of::<Xcp1_2>() == 440);

/// Declares the v1.6 (current), v1.7 and v1.8 layouts: identical up to the XCP array, except
/// that v1.7 added `mem_max_bandwidth` and `xgmi_link_status` (v1.6 has neither).
macro_rules! v16_like {
    ($name:ident, $xcp:ty, { $($mem:tt)* }, { $($link:tt)* }) => {
        #[repr(C)]
        #[allow(dead_code)] // a layout description: read by offset, never constructed
        struct $name {
            common_header: [u8; 4],
            temperature_hotspot: u16,
            temperature_mem: u16,
            temperature_vrsoc: u16,
            curr_socket_power: u16,
            average_gfx_activity: u16,
            average_umc_activity: u16,
            $($mem)*
            energy_accumulator: u64,
            system_clock_counter: u64,
            accumulation_counter: u32,
            prochot_residency_acc: u32,
            ppt_residency_acc: u32,
            socket_thm_residency_acc: u32,
            vr_thm_residency_acc: u32,
            hbm_thm_residency_acc: u32,
            gfxclk_lock_status: u32,
            pcie_link_width: u16,
            pcie_link_speed: u16,
            xgmi_link_width: u16,
            xgmi_link_speed: u16,
            gfx_activity_acc: u32,
            mem_activity_acc: u32,
            pcie_bandwidth_acc: u64,
            pcie_bandwidth_inst: u64,
            pcie_l0_to_recov_count_acc: u64,
            pcie_replay_count_acc: u64,
            pcie_replay_rover_count_acc: u64,
            pcie_nak_sent_count_acc: u32,
            pcie_nak_rcvd_count_acc: u32,
            xgmi_read_data_acc: [u64; NUM_XGMI_LINKS],
            xgmi_write_data_acc: [u64; NUM_XGMI_LINKS],
            $($link)*
            firmware_timestamp: u64,
            current_gfxclk: [u16; MAX_GFX_CLKS],
            current_socclk: [u16; MAX_CLKS],
            current_vclk0: [u16; MAX_CLKS],
            current_dclk0: [u16; MAX_CLKS],
            current_uclk: u16,
            num_partition: u16,
            xcp_stats: [$xcp; NUM_XCP],
            pcie_lc_perf_other_end_recovery: u32,
        }
    };
}

v16_like!(V1_6, Xcp1_0, {}, {});
v16_like!(V1_7, Xcp1_1, { mem_max_bandwidth: u64, }, { xgmi_link_status: [u16; NUM_XGMI_LINKS], padding: u16, });
v16_like!(V1_8, Xcp1_2, { mem_max_bandwidth: u64, }, { xgmi_link_status: [u16; NUM_XGMI_LINKS], padding: u16, });

const _: () = assert!(offset_of!(V1_6, energy_accumulator) == 16);
const _: () = assert!(offset_of!(V1_6, gfxclk_lock_status) == 56);
const _: () = assert!(offset_of!(V1_6, pcie_bandwidth_acc) == 80);
const _: () = assert!(offset_of!(V1_6, xgmi_write_data_acc) == 192);
const _: () = assert!(offset_of!(V1_6, firmware_timestamp) == 256);
const _: () = assert!(offset_of!(V1_6, num_partition) == 306);
const _: () = assert!(offset_of!(V1_6, xcp_stats) == 312);
const _: () = assert!(offset_of!(V1_6, pcie_lc_perf_other_end_recovery) == 1656);
const _: () = assert!(size_of::<V1_6>() == 1664);
const _: () = assert!(offset_of!(V1_7, mem_max_bandwidth) == 16);
const _: () = assert!(offset_of!(V1_7, accumulation_counter) == 40);
const _: () = assert!(offset_of!(V1_7, pcie_bandwidth_acc) == 88);
const _: () = assert!(offset_of!(V1_7, xgmi_link_status) == 264);
const _: () = assert!(offset_of!(V1_7, firmware_timestamp) == 288);
const _: () = assert!(offset_of!(V1_7, num_partition) == 338);
const _: () = assert!(offset_of!(V1_7, xcp_stats) == 344);
const _: () = assert!(offset_of!(V1_7, pcie_lc_perf_other_end_recovery) == 2200);
const _: () = assert!(size_of::<V1_7>() == 2208);
const _: () = assert!(offset_of!(V1_8, xcp_stats) == 344);
const _: () = assert!(offset_of!(V1_8, pcie_lc_perf_other_end_recovery) == 3864);
const _: () = assert!(size_of::<V1_8>() == 3872);

/// Bytes of `struct gpu_metrics_v1_4`.
pub(super) const V1_4_SIZE: usize = size_of::<V1_4>();
/// Bytes of `struct gpu_metrics_v1_5`.
pub(super) const V1_5_SIZE: usize = size_of::<V1_5>();
/// Bytes of the 2024 `struct gpu_metrics_v1_6` (the smaller of the two 1.6 layouts).
pub(super) const V1_6_2024_SIZE: usize = size_of::<V1_6_2024>();
/// Bytes of `struct gpu_metrics_v1_6` (with XCP statistics).
pub(super) const V1_6_SIZE: usize = size_of::<V1_6>();
/// Bytes of `struct gpu_metrics_v1_7`.
pub(super) const V1_7_SIZE: usize = size_of::<V1_7>();
/// Bytes of `struct gpu_metrics_v1_8`.
pub(super) const V1_8_SIZE: usize = size_of::<V1_8>();

/// The fields every v1.4+ layout shares under the same names, as AMD SMI's
/// `GpuMetricsBase_v1{4,5,6,7,8}_t` copy them: `curr_socket_power` → `current_socket_power`, the
/// per-instance clock arrays → `current_gfxclks`/`current_socclks`/`current_vclk0s`/
/// `current_dclk0s`, `firmware_timestamp` × 10; and the scalar clocks AMD SMI derives from them:
/// `current_gfxclk = current_gfxclks[0]`, `current_socclk = current_socclks[0]`,
/// `current_vclk0/1 = current_vclk0s[0/1]`, `current_dclk0/1 = current_dclk0s[0/1]`.
macro_rules! common_mi {
    ($t:ident, $wire:ty) => {
        place!($t.fields, Field, $wire: temperature_hotspot, temperature_mem, temperature_vrsoc, average_gfx_activity,
            average_umc_activity, energy_accumulator, system_clock_counter, gfxclk_lock_status, pcie_link_width,
            pcie_link_speed, xgmi_link_width, xgmi_link_speed, gfx_activity_acc, mem_activity_acc,
            pcie_bandwidth_acc, pcie_bandwidth_inst, pcie_l0_to_recov_count_acc, pcie_replay_count_acc,
            pcie_replay_rover_count_acc, xgmi_read_data_acc, xgmi_write_data_acc, current_uclk,
            current_socket_power <- curr_socket_power, firmware_timestamp / Ten,
            current_gfxclks <- current_gfxclk, current_socclks <- current_socclk,
            current_vclk0s <- current_vclk0, current_dclk0s <- current_dclk0,
            current_gfxclk <- current_gfxclk[0], current_socclk <- current_socclk[0],
            current_vclk0 <- current_vclk0[0], current_vclk1 <- current_vclk0[1],
            current_dclk0 <- current_dclk0[0], current_dclk1 <- current_dclk0[1]);
    };
}

/// v1.4 (see `common_mi!`).
pub(super) static V1_4: Table = {
    let mut t = Table::EMPTY;
    common_mi!(t, V1_4);
    place!(t.fields, Field, V1_4: vcn_activity, throttle_status);
    t
};

/// v1.5: v1.4 plus `jpeg_activity` and the PCIe NAK counters.
pub(super) static V1_5: Table = {
    let mut t = Table::EMPTY;
    common_mi!(t, V1_5);
    place!(t.fields, Field, V1_5: vcn_activity, jpeg_activity, throttle_status, pcie_nak_sent_count_acc,
        pcie_nak_rcvd_count_acc);
    t
};

/// The 2024 v1.6 layout (AMD SMI cannot read it): decoded like v1.5 plus the throttle
/// residencies (u32 on the wire, u64 in AMD SMI).
static V1_6_2024: Table = {
    let mut t = Table::EMPTY;
    common_mi!(t, V1_6_2024);
    place!(t.fields, Field, V1_6_2024: vcn_activity, jpeg_activity, throttle_status, pcie_nak_sent_count_acc,
        pcie_nak_rcvd_count_acc, accumulation_counter, prochot_residency_acc, ppt_residency_acc,
        socket_thm_residency_acc, vr_thm_residency_acc, hbm_thm_residency_acc);
    t
};

/// The fields of the v1.6 (current), v1.7 and v1.8 layouts outside the XCP blocks (no
/// `throttle_status`, `vcn_activity` or `jpeg_activity`; residencies widened to u64;
/// `num_partition`; `pcie_lc_perf_other_end_recovery`), and where the XCP blocks are.
macro_rules! v16_like {
    ($t:ident, $wire:ty, $xcp:ty) => {
        common_mi!($t, $wire);
        place!($t.fields, Field, $wire: pcie_nak_sent_count_acc, pcie_nak_rcvd_count_acc, num_partition,
            pcie_lc_perf_other_end_recovery, accumulation_counter, prochot_residency_acc, ppt_residency_acc,
            socket_thm_residency_acc, vr_thm_residency_acc, hbm_thm_residency_acc);
        $t.xcp.base = offset_of!($wire, xcp_stats);
        $t.xcp.stride = size_of::<$xcp>();
        $t.xcp.partitions = NUM_XCP;
    };
}

/// v1.6 with XCP statistics, as AMD SMI's `GpuMetricsBase_v16_t` copies it (see `v16_like!`); per
/// XCP 32 JPEG engines into AMD SMI's 40.
pub(super) static V1_6: Table = {
    let mut t = Table::EMPTY;
    v16_like!(t, V1_6, Xcp1_0);
    place!(t.xcp.fields, XcpField, Xcp1_0: gfx_busy_inst, jpeg_busy, vcn_busy, gfx_busy_acc);
    t
};

/// The table of a v1.6 blob of `size` bytes: exactly 384 is the 2024 layout, 1664 or more the
/// one AMD SMI parses; any other size is UNEXPECTED_SIZE.
pub(super) fn v1_6(size: usize) -> Result<&'static Table> {
    match size {
        V1_6_2024_SIZE => Ok(&V1_6_2024),
        n if n >= V1_6_SIZE => Ok(&V1_6),
        n => Err(Error::new(Status::UnexpectedSize).with_detail(format!(
            "gpu_metrics v1.6: structure_size {n} is neither the 2024 layout ({V1_6_2024_SIZE} bytes) \
             nor the current one ({V1_6_SIZE})"
        ))),
    }
}

/// v1.7: v1.6 plus `vram_max_bandwidth` (AMD SMI's name for `mem_max_bandwidth`),
/// `xgmi_link_status` and, per XCP, `gfx_below_host_limit_acc`.
pub(super) static V1_7: Table = {
    let mut t = Table::EMPTY;
    v16_like!(t, V1_7, Xcp1_1);
    place!(t.fields, Field, V1_7: xgmi_link_status, vram_max_bandwidth <- mem_max_bandwidth);
    place!(t.xcp.fields, XcpField, Xcp1_1: gfx_busy_inst, jpeg_busy, vcn_busy, gfx_busy_acc, gfx_below_host_limit_acc);
    t
};

/// v1.8: as v1.7, with 40 JPEG engines and the PPT/thermal/low-utilization/total host-limit
/// accumulators per XCP (no `gfx_below_host_limit_acc`).
pub(super) static V1_8: Table = {
    let mut t = Table::EMPTY;
    v16_like!(t, V1_8, Xcp1_2);
    place!(t.fields, Field, V1_8: xgmi_link_status, vram_max_bandwidth <- mem_max_bandwidth);
    place!(t.xcp.fields, XcpField, Xcp1_2: gfx_busy_inst, jpeg_busy, vcn_busy, gfx_busy_acc,
        gfx_below_host_limit_ppt_acc, gfx_below_host_limit_thm_acc, gfx_low_utilization_acc,
        gfx_below_host_limit_total_acc);
    t
};

//! `gpu_metrics` v1.4–v1.8: Instinct MI300-class layouts with per-instance clock arrays and, from
//! v1.6, per-partition (XCP) statistics.
//!
//! Wire layouts mirror `struct gpu_metrics_v1_{4,5,6,7,8}` and `struct amdgpu_xcp_metrics{,_v1_1,
//! _v1_2}` of the kernel's `kgd_pp_interface.h` (x86-64 natural alignment). Two layouts have
//! carried version 1.6: the 384-byte one of 2024 kernels (v1.5 plus throttle residencies; its
//! revert was posted to amd-gfx in May 2024 but the struct is in mainline headers of that time)
//! and the 1664-byte one with XCP statistics that AMD SMI parses. `structure_size` tells them apart.

use std::mem::{offset_of, size_of};

use super::reader::{copy, read, Reader};
use super::{
    firmware_ns, GpuMetrics, MetricsHeader, XcpMetrics, MAX_CLKS, MAX_GFX_CLKS, MAX_XCC, NUM_JPEG_ENG, NUM_JPEG_ENG_V1,
    NUM_VCN, NUM_XCP, NUM_XGMI_LINKS,
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

/// The fields every v1.4+ layout shares under the same names (`$wire` gives the offsets).
macro_rules! common_mi {
    ($m:ident, $r:ident, $wire:ty) => {
        copy!($m, $r, $wire: temperature_hotspot, temperature_mem, temperature_vrsoc, average_gfx_activity,
            average_umc_activity, energy_accumulator, system_clock_counter, gfxclk_lock_status, pcie_link_width,
            pcie_link_speed, xgmi_link_width, xgmi_link_speed, gfx_activity_acc, mem_activity_acc,
            pcie_bandwidth_acc, pcie_bandwidth_inst, pcie_l0_to_recov_count_acc, pcie_replay_count_acc,
            pcie_replay_rover_count_acc, xgmi_read_data_acc, xgmi_write_data_acc, current_uclk);
        $m.current_socket_power = read!($r, $wire, curr_socket_power)?;
        $m.current_gfxclks = read!($r, $wire, current_gfxclk)?;
        $m.current_socclks = read!($r, $wire, current_socclk)?;
        $m.current_vclk0s = read!($r, $wire, current_vclk0)?;
        $m.current_dclk0s = read!($r, $wire, current_dclk0)?;
        $m.firmware_timestamp = firmware_ns(read!($r, $wire, firmware_timestamp)?);
    };
}

/// The throttle residency accumulators (u32 on the wire, u64 in AMD SMI) of v1.6+.
macro_rules! residencies {
    ($m:ident, $r:ident, $wire:ty) => {
        $m.accumulation_counter = read!($r, $wire, accumulation_counter)?.map(u64::from);
        $m.prochot_residency_acc = read!($r, $wire, prochot_residency_acc)?.map(u64::from);
        $m.ppt_residency_acc = read!($r, $wire, ppt_residency_acc)?.map(u64::from);
        $m.socket_thm_residency_acc = read!($r, $wire, socket_thm_residency_acc)?.map(u64::from);
        $m.vr_thm_residency_acc = read!($r, $wire, vr_thm_residency_acc)?.map(u64::from);
        $m.hbm_thm_residency_acc = read!($r, $wire, hbm_thm_residency_acc)?.map(u64::from);
    };
}

/// v1.4, as AMD SMI's `GpuMetricsBase_v14_t` copies it: `curr_socket_power` →
/// `current_socket_power`, the per-instance clock arrays → `current_gfxclks`/`current_socclks`/
/// `current_vclk0s`/`current_dclk0s`, `firmware_timestamp` × 10, then the scalar clocks derived
/// from the arrays ([`GpuMetrics::derive_scalar_clocks`]).
pub(super) fn decode_v1_4(r: &Reader<'_>, h: MetricsHeader) -> Result<GpuMetrics> {
    let mut m = GpuMetrics::unavailable(h);
    common_mi!(m, r, V1_4);
    copy!(m, r, V1_4: vcn_activity, throttle_status);
    m.derive_scalar_clocks();
    Ok(m)
}

/// v1.5: v1.4 plus `jpeg_activity` and the PCIe NAK counters.
pub(super) fn decode_v1_5(r: &Reader<'_>, h: MetricsHeader) -> Result<GpuMetrics> {
    let mut m = GpuMetrics::unavailable(h);
    common_mi!(m, r, V1_5);
    copy!(m, r, V1_5: vcn_activity, jpeg_activity, throttle_status, pcie_nak_sent_count_acc, pcie_nak_rcvd_count_acc);
    m.derive_scalar_clocks();
    Ok(m)
}

/// v1.6. `structure_size` 1664 or more is the layout AMD SMI parses (`GpuMetricsBase_v16_t`: no
/// `throttle_status`, `vcn_activity` or `jpeg_activity`; residencies widened to u64;
/// `num_partition`; `xcp_stats` with 32 JPEG engines in AMD SMI's 40; `pcie_lc_perf_other_end_recovery`).
/// Exactly 384 is the 2024 layout (AMD SMI cannot read it): decoded like v1.5 plus the
/// residencies. Any other size is UNEXPECTED_SIZE.
pub(super) fn decode_v1_6(r: &Reader<'_>, h: MetricsHeader) -> Result<GpuMetrics> {
    let mut m = GpuMetrics::unavailable(h);
    match r.len() {
        V1_6_2024_SIZE => {
            common_mi!(m, r, V1_6_2024);
            copy!(m, r, V1_6_2024: vcn_activity, jpeg_activity, throttle_status, pcie_nak_sent_count_acc,
                pcie_nak_rcvd_count_acc);
            residencies!(m, r, V1_6_2024);
        }
        n if n >= V1_6_SIZE => {
            common_mi!(m, r, V1_6);
            copy!(m, r, V1_6: pcie_nak_sent_count_acc, pcie_nak_rcvd_count_acc, num_partition,
                pcie_lc_perf_other_end_recovery);
            residencies!(m, r, V1_6);
            for (i, x) in m.xcp_stats.iter_mut().enumerate() {
                let base = offset_of!(V1_6, xcp_stats) + i * size_of::<Xcp1_0>();
                x.gfx_busy_inst = read!(r, base, Xcp1_0, gfx_busy_inst)?;
                r.fill::<u16, u16>(&mut x.jpeg_busy, base + offset_of!(Xcp1_0, jpeg_busy), NUM_JPEG_ENG)?;
                x.vcn_busy = read!(r, base, Xcp1_0, vcn_busy)?;
                x.gfx_busy_acc = read!(r, base, Xcp1_0, gfx_busy_acc)?;
            }
        }
        n => {
            return Err(Error::new(Status::UnexpectedSize).with_detail(format!(
                "gpu_metrics v1.6: structure_size {n} is neither the 2024 layout ({V1_6_2024_SIZE} bytes) \
                 nor the current one ({V1_6_SIZE})"
            )))
        }
    }
    m.derive_scalar_clocks();
    Ok(m)
}

/// The v1.7/v1.8 fields outside the XCP array (AMD SMI: `mem_max_bandwidth` → `vram_max_bandwidth`).
macro_rules! v17_like {
    ($m:ident, $r:ident, $wire:ty) => {
        common_mi!($m, $r, $wire);
        copy!($m, $r, $wire: pcie_nak_sent_count_acc, pcie_nak_rcvd_count_acc, num_partition,
            pcie_lc_perf_other_end_recovery, xgmi_link_status);
        residencies!($m, $r, $wire);
        $m.vram_max_bandwidth = read!($r, $wire, mem_max_bandwidth)?;
    };
}

/// v1.7: v1.6 plus `vram_max_bandwidth`, `xgmi_link_status` and, per XCP, `gfx_below_host_limit_acc`.
pub(super) fn decode_v1_7(r: &Reader<'_>, h: MetricsHeader) -> Result<GpuMetrics> {
    let mut m = GpuMetrics::unavailable(h);
    v17_like!(m, r, V1_7);
    for (i, x) in m.xcp_stats.iter_mut().enumerate() {
        let base = offset_of!(V1_7, xcp_stats) + i * size_of::<Xcp1_1>();
        x.gfx_busy_inst = read!(r, base, Xcp1_1, gfx_busy_inst)?;
        r.fill::<u16, u16>(&mut x.jpeg_busy, base + offset_of!(Xcp1_1, jpeg_busy), NUM_JPEG_ENG)?;
        x.vcn_busy = read!(r, base, Xcp1_1, vcn_busy)?;
        x.gfx_busy_acc = read!(r, base, Xcp1_1, gfx_busy_acc)?;
        x.gfx_below_host_limit_acc = read!(r, base, Xcp1_1, gfx_below_host_limit_acc)?;
    }
    m.derive_scalar_clocks();
    Ok(m)
}

/// v1.8: as v1.7, with 40 JPEG engines and the PPT/thermal/low-utilization/total host-limit
/// accumulators per XCP (no `gfx_below_host_limit_acc`).
pub(super) fn decode_v1_8(r: &Reader<'_>, h: MetricsHeader) -> Result<GpuMetrics> {
    let mut m = GpuMetrics::unavailable(h);
    v17_like!(m, r, V1_8);
    for (i, x) in m.xcp_stats.iter_mut().enumerate() {
        *x = xcp_v1_2(r, offset_of!(V1_8, xcp_stats) + i * size_of::<Xcp1_2>())?;
    }
    m.derive_scalar_clocks();
    Ok(m)
}

/// One `struct amdgpu_xcp_metrics_v1_2` at `base`.
fn xcp_v1_2(r: &Reader<'_>, base: usize) -> Result<XcpMetrics> {
    let mut x = XcpMetrics::unavailable();
    x.gfx_busy_inst = read!(r, base, Xcp1_2, gfx_busy_inst)?;
    x.jpeg_busy = read!(r, base, Xcp1_2, jpeg_busy)?;
    x.vcn_busy = read!(r, base, Xcp1_2, vcn_busy)?;
    x.gfx_busy_acc = read!(r, base, Xcp1_2, gfx_busy_acc)?;
    x.gfx_below_host_limit_ppt_acc = read!(r, base, Xcp1_2, gfx_below_host_limit_ppt_acc)?;
    x.gfx_below_host_limit_thm_acc = read!(r, base, Xcp1_2, gfx_below_host_limit_thm_acc)?;
    x.gfx_low_utilization_acc = read!(r, base, Xcp1_2, gfx_low_utilization_acc)?;
    x.gfx_below_host_limit_total_acc = read!(r, base, Xcp1_2, gfx_below_host_limit_total_acc)?;
    Ok(x)
}

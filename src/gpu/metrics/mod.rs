//! A pure decoder of the `gpu_metrics` sysfs blob, for every layout the kernel has shipped.
//!
//! [`decode`] turns the bytes of `/sys/class/drm/cardN/device/gpu_metrics` into one normalized
//! [`GpuMetrics`] holding every field of AMD SMI's `amdsmi_gpu_metrics_t` (7.0.2 ABI, same
//! names), filled the way AMD SMI's rocm_smi `copy_internal_to_external_metrics()` fills it for
//! each version (the derivations are documented where each version is decoded). A field the
//! version does not carry, or that the blob reports with all bits set (the kernel's "not
//! available"), is `None`; AMD SMI reports those as `UINT*_MAX`, its Python layer as `"N/A"`.
//!
//! Versions: 1.0–1.8 (dGPUs and Instinct; both 1.6 layouts the kernel has had), 1.9 (the tagged
//! attribute list of MI300/MI350-class kernels), 2.0–2.4 (APUs) and 3.0 (Strix). APU-only values,
//! which `amdsmi_gpu_metrics_t` has no room for, are in [`GpuMetrics::apu`].
//!
//! Nothing here touches the filesystem; every read is bounds-checked and no input panics.

mod reader;
mod v1;
mod v1_9;
mod v1_mi;
mod v2;
mod v3;

use crate::error::{Error, Result, Status};
use reader::Reader;

pub use v1_9::{attributes, AttributeType, MetricAttribute};

/// AMD SMI's `AMDSMI_NUM_HBM_INSTANCES` / the kernel's `NUM_HBM_INSTANCES`.
pub const NUM_HBM_INSTANCES: usize = 4;
/// The kernel's `NUM_XGMI_LINKS`.
pub const NUM_XGMI_LINKS: usize = 8;
/// The kernel's `MAX_GFX_CLKS`.
pub const MAX_GFX_CLKS: usize = 8;
/// The kernel's `MAX_CLKS`.
pub const MAX_CLKS: usize = 4;
/// The kernel's `NUM_VCN`.
pub const NUM_VCN: usize = 4;
/// The kernel's `NUM_JPEG_ENG` (32; AMD SMI's `jpeg_activity` has this many).
pub const NUM_JPEG_ENG: usize = 32;
/// The kernel's `NUM_JPEG_ENG_V1` (40; AMD SMI's per-partition `jpeg_busy` has this many).
pub const NUM_JPEG_ENG_V1: usize = 40;
/// The kernel's `MAX_XCC`.
pub const MAX_XCC: usize = 8;
/// The kernel's `NUM_XCP`.
pub const NUM_XCP: usize = 8;
/// CPU cores an APU record has room for (16 in v3.0, 8 in v2.x).
pub const MAX_APU_CORES: usize = 16;

/// The 4-byte header every `gpu_metrics` version starts with (`struct metrics_table_header`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MetricsHeader {
    /// Size in bytes of the structure the kernel filled (the rest of the file is padding).
    pub structure_size: u16,
    /// Major version: 1 dGPU/Instinct, 2 and 3 APU.
    pub format_revision: u8,
    /// Minor version.
    pub content_revision: u8,
}

/// Parses the 4-byte header (fewer bytes is UNEXPECTED_SIZE); the rest is not looked at.
pub fn header(bytes: &[u8]) -> Result<MetricsHeader> {
    match bytes {
        [s0, s1, format_revision, content_revision, ..] => Ok(MetricsHeader {
            structure_size: u16::from_le_bytes([*s0, *s1]),
            format_revision: *format_revision,
            content_revision: *content_revision,
        }),
        _ => Err(Error::new(Status::UnexpectedSize)
            .with_detail(format!("gpu_metrics: {} bytes, the header needs 4", bytes.len()))),
    }
}

/// A version's decoder: the blob (cut to `structure_size`) and its header in, metrics out.
type Decoder = fn(&Reader<'_>, MetricsHeader) -> Result<GpuMetrics>;

/// How one version is laid out: the smallest `structure_size` it can have, and its decoder.
struct Layout {
    min_size: usize,
    decode: Decoder,
}

/// The layout of version `format`.`content`, if this crate knows it.
fn layout(format: u8, content: u8) -> Option<Layout> {
    let (min_size, decode): (usize, Decoder) = match (format, content) {
        (1, 0) => (v1::V1_0_SIZE, v1::decode_v1_0),
        (1, 1..=3) => (v1::size(content), v1::decode_v1_1_to_3),
        (1, 4) => (v1_mi::V1_4_SIZE, v1_mi::decode_v1_4),
        (1, 5) => (v1_mi::V1_5_SIZE, v1_mi::decode_v1_5),
        // Two layouts have carried 1.6: see v1_mi::decode_v1_6 for how they are told apart.
        (1, 6) => (v1_mi::V1_6_2024_SIZE, v1_mi::decode_v1_6),
        (1, 7) => (v1_mi::V1_7_SIZE, v1_mi::decode_v1_7),
        (1, 8) => (v1_mi::V1_8_SIZE, v1_mi::decode_v1_8),
        (1, 9) => (v1_9::MIN_SIZE, v1_9::decode),
        (2, 0) => (v2::V2_0_SIZE, v2::decode_v2_0),
        (2, 1..=4) => (v2::size(content), v2::decode_v2_1_to_4),
        (3, 0) => (v3::V3_0_SIZE, v3::decode),
        _ => return None,
    };
    Some(Layout { min_size, decode })
}

/// Checks the header against the bytes and returns the blob cut to `structure_size`.
fn validate(bytes: &[u8]) -> Result<(MetricsHeader, Layout, &[u8])> {
    let h = header(bytes)?;
    let (f, c, size) = (h.format_revision, h.content_revision, usize::from(h.structure_size));
    if size == 0 {
        return Err(Error::new(Status::UnexpectedData)
            .with_detail(format!("gpu_metrics v{f}.{c}: structure_size is 0 (no metrics table)")));
    }
    let layout = layout(f, c).ok_or_else(|| {
        Error::new(Status::NotSupported).with_detail(format!("gpu_metrics v{f}.{c} is not supported"))
    })?;
    let body = bytes.get(..size).ok_or_else(|| {
        Error::new(Status::UnexpectedSize).with_detail(format!(
            "gpu_metrics v{f}.{c}: structure_size {size} but only {} bytes were read",
            bytes.len()
        ))
    })?;
    if size < layout.min_size {
        return Err(Error::new(Status::UnexpectedSize).with_detail(format!(
            "gpu_metrics v{f}.{c}: structure_size {size} is smaller than the {} bytes of the v{f}.{c} layout",
            layout.min_size
        )));
    }
    Ok((h, layout, body))
}

/// Decodes a gpu_metrics blob (the bytes of the sysfs file; NUL padding past `structure_size`
/// is fine).
///
/// Errors: fewer than 4 bytes, or `structure_size` larger than the bytes given or smaller than
/// the version's layout, is UNEXPECTED_SIZE; `structure_size` 0 (e.g. an all-zero file) is
/// UNEXPECTED_DATA; a version this crate does not know is NOT_SUPPORTED
/// (`"gpu_metrics vX.Y is not supported"`); a malformed v1.9 attribute list is UNEXPECTED_DATA.
pub fn decode(bytes: &[u8]) -> Result<GpuMetrics> {
    let (h, layout, body) = validate(bytes)?;
    (layout.decode)(&Reader::new(body, (h.format_revision, h.content_revision)), h)
}

/// Declares a metrics struct: `plain` fields (given to `unavailable`'s arguments or built from an
/// expression), then `opt<T>` (`Option<T>`) and `arr<T, N>` (`[Option<T>; N]`) fields that start
/// "not available" and serialize `None` as `"N/A"`.
macro_rules! metrics_struct {
    (
        $(#[$smeta:meta])*
        pub struct $name:ident ($($arg:ident: $argty:ty),*) {
            plain { $( $(#[$pmeta:meta])* $pfield:ident: $pty:ty = $pinit:expr, )* }
            $( $(#[$fmeta:meta])* $field:ident : $kind:ident < $t:ty $(, $n:tt)? > ),* $(,)?
        }
    ) => {
        $(#[$smeta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        pub struct $name {
            $( $(#[$pmeta])* pub $pfield: $pty, )*
            $( $(#[$fmeta])*
               #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::not_available"))]
               pub $field: metrics_struct!(@ty $kind, $t $(, $n)?), )*
        }

        impl $name {
            /// Every field "not available" (AMD SMI starts from all-ones before copying a version in).
            pub fn unavailable($($arg: $argty),*) -> $name {
                $name { $( $pfield: $pinit, )* $( $field: metrics_struct!(@none $kind $(, $n)?), )* }
            }
        }
    };
    (@ty opt, $t:ty) => { Option<$t> };
    (@ty arr, $t:ty, $n:tt) => { [Option<$t>; $n] };
    (@none opt) => { None };
    (@none arr, $n:tt) => { [None; $n] };
}

metrics_struct! {
    /// One partition's (XCP's) engine statistics: AMD SMI's `amdsmi_gpu_xcp_metrics_t`.
    pub struct XcpMetrics() {
        plain {}
        /// Instantaneous busy per XCC, %.
        gfx_busy_inst: arr<u32, MAX_XCC>,
        /// Busy per JPEG engine, %.
        jpeg_busy: arr<u16, NUM_JPEG_ENG_V1>,
        /// Busy per VCN instance, %.
        vcn_busy: arr<u16, NUM_VCN>,
        /// Accumulated busy per XCC (% × accumulation cycles).
        gfx_busy_acc: arr<u64, MAX_XCC>,
        /// Cycles the clock was held below the host limit, per XCC (v1.7).
        gfx_below_host_limit_acc: arr<u64, MAX_XCC>,
        /// Cycles below the host limit for power (PPT) reasons, per XCC (v1.8+).
        gfx_below_host_limit_ppt_acc: arr<u64, MAX_XCC>,
        /// Cycles below the host limit for thermal reasons, per XCC (v1.8+).
        gfx_below_host_limit_thm_acc: arr<u64, MAX_XCC>,
        /// Cycles of low utilization, per XCC (v1.8+).
        gfx_low_utilization_acc: arr<u64, MAX_XCC>,
        /// Cycles below the host limit for any reason, per XCC (v1.8+).
        gfx_below_host_limit_total_acc: arr<u64, MAX_XCC>,
    }
}

metrics_struct! {
    /// A decoded `gpu_metrics` blob: every field of AMD SMI's `amdsmi_gpu_metrics_t` (7.0.2), same
    /// names, `None` for "not available" (absent from the version, or all bits set in the blob).
    /// Units are the ones AMD SMI reports.
    ///
    /// Not in AMD SMI 7.0.2: [`GpuMetrics::common_header`] is plain (never N/A), and
    /// [`GpuMetrics::apu`] carries the APU-only values (newer AMD SMI hangs them off an
    /// `apu_metrics` pointer).
    pub struct GpuMetrics(common_header: MetricsHeader) {
        plain {
            /// The blob's header.
            common_header: MetricsHeader = common_header,
            /// Per-partition (XCP) statistics.
            xcp_stats: [XcpMetrics; NUM_XCP] = std::array::from_fn(|_| XcpMetrics::unavailable()),
            /// APU-only values (formats 2 and 3); `None` on other versions.
            #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::serialize"))]
            apu: Option<ApuMetrics> = None,
        }
        /// Edge temperature, °C.
        temperature_edge: opt<u16>,
        /// Hotspot (junction) temperature, °C.
        temperature_hotspot: opt<u16>,
        /// Memory temperature, °C.
        temperature_mem: opt<u16>,
        /// GFX voltage-regulator temperature, °C.
        temperature_vrgfx: opt<u16>,
        /// SoC voltage-regulator temperature, °C (Instinct: hottest VR).
        temperature_vrsoc: opt<u16>,
        /// Memory voltage-regulator temperature, °C.
        temperature_vrmem: opt<u16>,
        /// Average GFX activity, %.
        average_gfx_activity: opt<u16>,
        /// Average memory-controller (UMC) activity, %.
        average_umc_activity: opt<u16>,
        /// Average multimedia (UVD/VCN) activity, %.
        average_mm_activity: opt<u16>,
        /// Average socket power, W (APU: the blob's mW rounded to W, as AMD SMI does).
        average_socket_power: opt<u16>,
        /// Energy accumulator, in 15.259 µJ (2^-16 J) units (AMD SMI scales it by 15.3 µJ).
        energy_accumulator: opt<u64>,
        /// Driver timestamp, ns.
        system_clock_counter: opt<u64>,
        /// Average GFX clock, MHz.
        average_gfxclk_frequency: opt<u16>,
        /// Average SoC clock, MHz.
        average_socclk_frequency: opt<u16>,
        /// Average memory clock, MHz.
        average_uclk_frequency: opt<u16>,
        /// Average video clock 0, MHz.
        average_vclk0_frequency: opt<u16>,
        /// Average decoder clock 0, MHz.
        average_dclk0_frequency: opt<u16>,
        /// Average video clock 1, MHz.
        average_vclk1_frequency: opt<u16>,
        /// Average decoder clock 1, MHz.
        average_dclk1_frequency: opt<u16>,
        /// Current GFX clock, MHz.
        current_gfxclk: opt<u16>,
        /// Current SoC clock, MHz.
        current_socclk: opt<u16>,
        /// Current memory clock, MHz.
        current_uclk: opt<u16>,
        /// Current video clock 0, MHz.
        current_vclk0: opt<u16>,
        /// Current decoder clock 0, MHz.
        current_dclk0: opt<u16>,
        /// Current video clock 1, MHz.
        current_vclk1: opt<u16>,
        /// Current decoder clock 1, MHz.
        current_dclk1: opt<u16>,
        /// Throttle status, ASIC-dependent bit mask.
        throttle_status: opt<u32>,
        /// Fan speed, RPM.
        current_fan_speed: opt<u16>,
        /// PCIe link width, lanes.
        pcie_link_width: opt<u16>,
        /// PCIe link speed, 0.1 GT/s (some ASICs report a generation index ≤ 6 instead).
        pcie_link_speed: opt<u16>,
        /// Accumulated GFX activity (% × samples).
        gfx_activity_acc: opt<u32>,
        /// Accumulated memory activity (% × samples).
        mem_activity_acc: opt<u32>,
        /// HBM stack temperatures, °C.
        temperature_hbm: arr<u16, NUM_HBM_INSTANCES>,
        /// Firmware (PMFW) timestamp, ns: the blob's 10 ns ticks × 10, as AMD SMI 7.0 reports it.
        firmware_timestamp: opt<u64>,
        /// SoC voltage, mV.
        voltage_soc: opt<u16>,
        /// GFX voltage, mV.
        voltage_gfx: opt<u16>,
        /// Memory voltage, mV.
        voltage_mem: opt<u16>,
        /// Throttle status, ASIC-independent bit mask (`SMU_THROTTLER_*` bits).
        indep_throttle_status: opt<u64>,
        /// Current socket power, W.
        current_socket_power: opt<u16>,
        /// Activity per VCN instance, %.
        vcn_activity: arr<u16, NUM_VCN>,
        /// Clock lock status, one bit per GFX clock instance.
        gfxclk_lock_status: opt<u32>,
        /// XGMI link width, lanes.
        xgmi_link_width: opt<u16>,
        /// XGMI link speed, Gbps.
        xgmi_link_speed: opt<u16>,
        /// Accumulated PCIe bandwidth (GB/s per the kernel header; v1.6's says Mbps).
        pcie_bandwidth_acc: opt<u64>,
        /// Instantaneous PCIe bandwidth (GB/s per the kernel header; v1.6's says Mbps).
        pcie_bandwidth_inst: opt<u64>,
        /// PCIe L0-to-recovery transitions, accumulated count.
        pcie_l0_to_recov_count_acc: opt<u64>,
        /// PCIe replays, accumulated count.
        pcie_replay_count_acc: opt<u64>,
        /// PCIe replay rollovers, accumulated count.
        pcie_replay_rover_count_acc: opt<u64>,
        /// Data read per XGMI link, accumulated KB.
        xgmi_read_data_acc: arr<u64, NUM_XGMI_LINKS>,
        /// Data written per XGMI link, accumulated KB.
        xgmi_write_data_acc: arr<u64, NUM_XGMI_LINKS>,
        /// Current GFX clock per instance, MHz.
        current_gfxclks: arr<u16, MAX_GFX_CLKS>,
        /// Current SoC clock per instance, MHz.
        current_socclks: arr<u16, MAX_CLKS>,
        /// Current video clock 0 per instance, MHz.
        current_vclk0s: arr<u16, MAX_CLKS>,
        /// Current decoder clock 0 per instance, MHz.
        current_dclk0s: arr<u16, MAX_CLKS>,
        /// Activity per JPEG engine, %.
        jpeg_activity: arr<u16, NUM_JPEG_ENG>,
        /// PCIe NAKs sent, accumulated count.
        pcie_nak_sent_count_acc: opt<u32>,
        /// PCIe NAKs received, accumulated count.
        pcie_nak_rcvd_count_acc: opt<u32>,
        /// Accumulation cycle counter (the denominator of the residency accumulators).
        accumulation_counter: opt<u64>,
        /// PROCHOT throttling residency, accumulated cycles.
        prochot_residency_acc: opt<u64>,
        /// Power (PPT) throttling residency, accumulated cycles.
        ppt_residency_acc: opt<u64>,
        /// Socket thermal throttling residency, accumulated cycles.
        socket_thm_residency_acc: opt<u64>,
        /// VR thermal throttling residency, accumulated cycles.
        vr_thm_residency_acc: opt<u64>,
        /// HBM thermal throttling residency, accumulated cycles.
        hbm_thm_residency_acc: opt<u64>,
        /// Number of compute partitions currently configured.
        num_partition: opt<u16>,
        /// PCIe "other end" recovery count.
        pcie_lc_perf_other_end_recovery: opt<u32>,
        /// VRAM bandwidth at the maximum memory clock, GB/s.
        vram_max_bandwidth: opt<u64>,
        /// XGMI link status per link: 0 down, 1 up.
        xgmi_link_status: arr<u16, NUM_XGMI_LINKS>,
    }
}

impl GpuMetrics {
    /// The scalar clocks from element 0 (and 1) of the per-instance arrays, as AMD SMI does for
    /// v1.4 and later: `current_gfxclk = current_gfxclks[0]`, `current_socclk = current_socclks[0]`,
    /// `current_vclk0/1 = current_vclk0s[0/1]`, `current_dclk0/1 = current_dclk0s[0/1]`.
    fn derive_scalar_clocks(&mut self) {
        self.current_gfxclk = self.current_gfxclks.first().copied().flatten();
        self.current_socclk = self.current_socclks.first().copied().flatten();
        self.current_vclk0 = self.current_vclk0s.first().copied().flatten();
        self.current_vclk1 = self.current_vclk0s.get(1).copied().flatten();
        self.current_dclk0 = self.current_dclk0s.first().copied().flatten();
        self.current_dclk1 = self.current_dclk0s.get(1).copied().flatten();
    }
}

/// The firmware timestamp in ns: the kernel's 10 ns ticks × 10 (AMD SMI 7.0's adjustment for
/// v1.2 and later). A value whose product does not fit 64 bits is not available.
fn firmware_ns(ticks: Option<u64>) -> Option<u64> {
    ticks.and_then(|t| t.checked_mul(10))
}

metrics_struct! {
    /// APU-only values of formats 2 (v2.0–2.4) and 3 (v3.0), as the kernel reports them (newer
    /// AMD SMI: `amdsmi_apu_metrics_t`). Temperatures are centi-°C, power mW, clocks MHz,
    /// voltages mV, currents mA. v2.x fill 8 cores, v3.0 16.
    pub struct ApuMetrics() {
        plain {}
        /// GFX temperature, centi-°C.
        temperature_gfx: opt<u16>,
        /// SoC temperature, centi-°C.
        temperature_soc: opt<u16>,
        /// CPU core temperatures, centi-°C.
        temperature_core: arr<u16, MAX_APU_CORES>,
        /// L3 cache temperatures, centi-°C (v2.x).
        temperature_l3: arr<u16, 2>,
        /// Skin temperature, centi-°C (v3.0).
        temperature_skin: opt<u16>,
        /// GFX activity, % (the v2.4 header documents 0.01 % units).
        average_gfx_activity: opt<u16>,
        /// UVD/VCN activity, % (v2.x).
        average_mm_activity: opt<u16>,
        /// VCN activity, % (v3.0).
        average_vcn_activity: opt<u16>,
        /// IPU activity per column, % (v3.0).
        average_ipu_activity: arr<u16, 8>,
        /// C0 residency per core, % (v3.0).
        average_core_c0_activity: arr<u16, MAX_APU_CORES>,
        /// DRAM read bandwidth, MB/s (v3.0).
        average_dram_reads: opt<u16>,
        /// DRAM write bandwidth, MB/s (v3.0).
        average_dram_writes: opt<u16>,
        /// IPU read bandwidth, MB/s (v3.0).
        average_ipu_reads: opt<u16>,
        /// IPU write bandwidth, MB/s (v3.0).
        average_ipu_writes: opt<u16>,
        /// Socket power (APU + dGPU), mW.
        average_socket_power: opt<u32>,
        /// CPU power, mW (v2.x).
        average_cpu_power: opt<u16>,
        /// SoC power, mW (v2.x).
        average_soc_power: opt<u16>,
        /// GFX power, mW.
        average_gfx_power: opt<u32>,
        /// IPU power, mW (v3.0).
        average_ipu_power: opt<u16>,
        /// APU power, mW (v3.0).
        average_apu_power: opt<u32>,
        /// dGPU power, mW (v3.0).
        average_dgpu_power: opt<u32>,
        /// Sum of all core power, mW (v3.0).
        average_all_core_power: opt<u32>,
        /// Power per core, mW.
        average_core_power: arr<u16, MAX_APU_CORES>,
        /// System power, mW (v3.0).
        average_sys_power: opt<u16>,
        /// STAPM power limit, mW (v3.0).
        stapm_power_limit: opt<u16>,
        /// Current STAPM power limit, mW (v3.0).
        current_stapm_power_limit: opt<u16>,
        /// Average GFX clock, MHz.
        average_gfxclk_frequency: opt<u16>,
        /// Average SoC clock, MHz.
        average_socclk_frequency: opt<u16>,
        /// Average memory clock, MHz.
        average_uclk_frequency: opt<u16>,
        /// Average fabric clock, MHz.
        average_fclk_frequency: opt<u16>,
        /// Average video clock, MHz.
        average_vclk_frequency: opt<u16>,
        /// Average decoder clock, MHz (v2.x).
        average_dclk_frequency: opt<u16>,
        /// Average VPE clock, MHz (v3.0).
        average_vpeclk_frequency: opt<u16>,
        /// Average IPU clock, MHz (v3.0).
        average_ipuclk_frequency: opt<u16>,
        /// Average MP-IPU clock, MHz (v3.0).
        average_mpipu_frequency: opt<u16>,
        /// Current GFX clock, MHz (v2.x).
        current_gfxclk: opt<u16>,
        /// Current SoC clock, MHz (v2.x).
        current_socclk: opt<u16>,
        /// Current memory clock, MHz (v2.x).
        current_uclk: opt<u16>,
        /// Current fabric clock, MHz (v2.x).
        current_fclk: opt<u16>,
        /// Current video clock, MHz (v2.x).
        current_vclk: opt<u16>,
        /// Current decoder clock, MHz (v2.x).
        current_dclk: opt<u16>,
        /// Current (v3.0: target) clock per core, MHz.
        current_coreclk: arr<u16, MAX_APU_CORES>,
        /// Current L3 clocks, MHz (v2.x).
        current_l3clk: arr<u16, 2>,
        /// Core clock limit, MHz (v3.0).
        current_core_maxfreq: opt<u16>,
        /// GFX clock limit, MHz (v3.0).
        current_gfx_maxfreq: opt<u16>,
        /// Throttle status, ASIC-dependent bit mask (v2.x).
        throttle_status: opt<u32>,
        /// Throttle status, `SMU_THROTTLER_*` bit mask (v2.2+).
        indep_throttle_status: opt<u64>,
        /// Fan PWM (v2.x).
        fan_pwm: opt<u16>,
        /// Average GFX temperature, centi-°C (v2.3+).
        average_temperature_gfx: opt<u16>,
        /// Average SoC temperature, centi-°C (v2.3+).
        average_temperature_soc: opt<u16>,
        /// Average temperature per core, centi-°C (v2.3+).
        average_temperature_core: arr<u16, MAX_APU_CORES>,
        /// Average L3 temperatures, centi-°C (v2.3+).
        average_temperature_l3: arr<u16, 2>,
        /// Average CPU voltage, mV (v2.4).
        average_cpu_voltage: opt<u16>,
        /// Average SoC voltage, mV (v2.4).
        average_soc_voltage: opt<u16>,
        /// Average GFX voltage, mV (v2.4).
        average_gfx_voltage: opt<u16>,
        /// Average CPU current, mA (v2.4).
        average_cpu_current: opt<u16>,
        /// Average SoC current, mA (v2.4).
        average_soc_current: opt<u16>,
        /// Average GFX current, mA (v2.4).
        average_gfx_current: opt<u16>,
        /// PROCHOT throttle residency (v3.0).
        throttle_residency_prochot: opt<u32>,
        /// SPL throttle residency (v3.0).
        throttle_residency_spl: opt<u32>,
        /// Fast PPT throttle residency (v3.0).
        throttle_residency_fppt: opt<u32>,
        /// Slow PPT throttle residency (v3.0).
        throttle_residency_sppt: opt<u32>,
        /// Core thermal throttle residency (v3.0).
        throttle_residency_thm_core: opt<u32>,
        /// GFX thermal throttle residency (v3.0).
        throttle_residency_thm_gfx: opt<u32>,
        /// SoC thermal throttle residency (v3.0).
        throttle_residency_thm_soc: opt<u32>,
        /// Metrics alpha filter time constant, µs (v3.0).
        time_filter_alphavalue: opt<u32>,
    }
}

/// An APU's socket power in W from mW, as AMD SMI derives its `average_socket_power`: rounded to
/// the nearest W, clamped to `u16`.
fn apu_socket_power_w(mw: Option<u32>) -> Option<u16> {
    mw.map(|mw| u16::try_from(mw.saturating_add(500) / 1000).unwrap_or(u16::MAX))
}

#[cfg(test)]
mod tests;

//! A pure decoder of the `gpu_metrics` sysfs blob, for every layout the kernel has shipped.
//!
//! Two ways in, one code path:
//!
//! - [`parse`] validates a blob (header, sizes, version; for v1.9 it walks the attribute list
//!   once and indexes it) and returns a [`MetricsView`] over the bytes, without copying or
//!   normalizing anything. Its typed accessors (`view.temperature_edge()`,
//!   `view.current_gfxclks()`, `view.xcp(p).gfx_busy_acc()`, `view.apu()?.temperature_core()`)
//!   each cost a table lookup and one bounds-checked read: telemetry that needs five values reads
//!   five values.
//! - [`decode`] returns the full normalized [`GpuMetrics`] (every field of AMD SMI's
//!   `amdsmi_gpu_metrics_t`, 7.0.2 ABI, same names), built from the view field by field.
//!
//! Each version's layout is data: a table giving, for every normalized field, where it sits in
//! that version (offset, wire width and element count, computed with `offset_of!` from the
//! `#[repr(C)]` transcriptions of the kernel structs) or which v1.9 attribute carries it. AMD
//! SMI's derivations (rocm_smi's `copy_internal_to_external_metrics()` and newer AMD SMI's
//! dynamic reader) are table entries too: a scalar current clock that is element 0 of a
//! per-instance array, an array whose element 0 is a v1.3 scalar, a value scaled on the way out
//! (firmware timestamps in 10 ns ticks to ns, APU socket power mW to W). They are documented
//! where each version's table is built. A field the version does not carry, or that the blob
//! reports with all bits set at its wire width (the kernel's "not available"), is `None`; AMD SMI
//! reports those as `UINT*_MAX`, its Python layer as `"N/A"`.
//!
//! Versions: 1.0–1.8 (dGPUs and Instinct; both 1.6 layouts the kernel has had), 1.9 (the tagged
//! attribute list of MI300/MI350-class kernels), 2.0–2.4 (APUs) and 3.0 (Strix). APU-only values,
//! which `amdsmi_gpu_metrics_t` has no room for, are in [`GpuMetrics::apu`] / [`MetricsView::apu`].
//!
//! Nothing here touches the filesystem; every read is bounds-checked and no input panics.

#[macro_use]
mod layout;
mod v1;
mod v1_9;
mod v1_mi;
mod v2;
mod v3;
mod view;

use crate::bytes::{wire_struct, Bytes};
use crate::error::{Error, Result, Status};
use layout::Table;

pub use layout::AttributeType;
pub use v1_9::{attributes, MetricAttribute};
pub use view::{ApuView, MetricsView, XcpView};

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

wire_struct! {
    /// `struct metrics_table_header` (`kgd_pp_interface.h`).
    HeaderWire: 4, packed(1), {
        structure_size: u16 = 0,
        format_revision: u8 = 2,
        content_revision: u8 = 3,
    }
}

/// Parses the 4-byte header (fewer bytes is UNEXPECTED_SIZE); the rest is not looked at.
#[inline(always)]
pub fn header(bytes: &[u8]) -> Result<MetricsHeader> {
    let h: HeaderWire = Bytes::new(bytes).read().map_err(|_| short_header(bytes.len()))?;
    Ok(MetricsHeader {
        structure_size: h.structure_size,
        format_revision: h.format_revision,
        content_revision: h.content_revision,
    })
}

#[cold]
fn short_header(len: usize) -> Error {
    Error::new(Status::UnexpectedSize).with_detail(format!("gpu_metrics: {len} bytes, the header needs 4"))
}

/// How one version is laid out: the smallest `structure_size` it can have, and its field table.
struct Layout {
    min_size: usize,
    table: &'static Table,
}

/// The layout of version `format`.`content`, if this crate knows it. (v1.6 has a second table,
/// chosen by size in [`parse`].)
fn layout(format: u8, content: u8) -> Option<Layout> {
    let (min_size, table): (usize, &'static Table) = match (format, content) {
        (1, 0) => (v1::V1_0_SIZE, &v1::V1_0),
        (1, 1) => (v1::size(1), &v1::V1_1),
        (1, 2) => (v1::size(2), &v1::V1_2),
        (1, 3) => (v1::size(3), &v1::V1_3),
        (1, 4) => (v1_mi::V1_4_SIZE, &v1_mi::V1_4),
        (1, 5) => (v1_mi::V1_5_SIZE, &v1_mi::V1_5),
        // Two layouts have carried 1.6: see v1_mi::v1_6 for how they are told apart.
        (1, 6) => (v1_mi::V1_6_2024_SIZE, &v1_mi::V1_6),
        (1, 7) => (v1_mi::V1_7_SIZE, &v1_mi::V1_7),
        (1, 8) => (v1_mi::V1_8_SIZE, &v1_mi::V1_8),
        (1, 9) => (v1_9::MIN_SIZE, &v1_9::TABLE),
        (2, 0) => (v2::V2_0_SIZE, &v2::V2_0),
        (2, 1) => (v2::size(1), &v2::V2_1),
        (2, 2) => (v2::size(2), &v2::V2_2),
        (2, 3) => (v2::size(3), &v2::V2_3),
        (2, 4) => (v2::size(4), &v2::V2_4),
        (3, 0) => (v3::V3_0_SIZE, &v3::V3_0),
        _ => return None,
    };
    Some(Layout { min_size, table })
}

/// Why a header does not fit its bytes (the errors of [`validate`], built off the hot path).
enum Invalid {
    /// `structure_size` is 0.
    Empty,
    /// The version is unknown.
    Version,
    /// `structure_size` is past the bytes read.
    Truncated(usize),
    /// `structure_size` is below the layout's size.
    Short(usize),
}

#[cold]
fn invalid(h: MetricsHeader, why: Invalid) -> Error {
    let (f, c, size) = (h.format_revision, h.content_revision, h.structure_size);
    match why {
        Invalid::Empty => Error::new(Status::UnexpectedData)
            .with_detail(format!("gpu_metrics v{f}.{c}: structure_size is 0 (no metrics table)")),
        Invalid::Version => {
            Error::new(Status::NotSupported).with_detail(format!("gpu_metrics v{f}.{c} is not supported"))
        }
        Invalid::Truncated(read) => Error::new(Status::UnexpectedSize)
            .with_detail(format!("gpu_metrics v{f}.{c}: structure_size {size} but only {read} bytes were read")),
        Invalid::Short(min) => Error::new(Status::UnexpectedSize).with_detail(format!(
            "gpu_metrics v{f}.{c}: structure_size {size} is smaller than the {min} bytes of the v{f}.{c} layout"
        )),
    }
}

/// Checks the header against the bytes and returns the blob cut to `structure_size`.
#[inline(always)] // keeps the header in registers: parse is a few dozen instructions
fn validate(bytes: &[u8]) -> Result<(MetricsHeader, Layout, &[u8])> {
    let h = header(bytes)?;
    let size = usize::from(h.structure_size);
    if size == 0 {
        return Err(invalid(h, Invalid::Empty));
    }
    let Some(layout) = layout(h.format_revision, h.content_revision) else {
        return Err(invalid(h, Invalid::Version));
    };
    let Some(body) = bytes.get(..size) else {
        return Err(invalid(h, Invalid::Truncated(bytes.len())));
    };
    if size < layout.min_size {
        return Err(invalid(h, Invalid::Short(layout.min_size)));
    }
    Ok((h, layout, body))
}

/// What [`parse`] learns about a blob besides its bytes: header, field table and, for v1.9, the
/// attribute index. Independent of where the bytes live, so one parse serves a borrowed and an
/// owned view.
#[inline(always)]
fn shape(bytes: &[u8]) -> Result<view::Shape> {
    let (header, layout, body) = validate(bytes)?;
    let table = match (header.format_revision, header.content_revision) {
        (1, 6) => v1_mi::v1_6(body.len())?,
        _ => layout.table,
    };
    let index = match (header.format_revision, header.content_revision) {
        (1, 9) => v1_9::index(body)?,
        _ => v1_9::AttrIndex::EMPTY,
    };
    Ok(view::Shape { header, table, index })
}

/// Validates a gpu_metrics blob (the bytes of the sysfs file; NUL padding past `structure_size`
/// is fine) and returns a zero-copy view over it, its fields read on demand.
///
/// The checks are [`decode`]'s, with the same errors: fewer than 4 bytes, or `structure_size`
/// larger than the bytes given or smaller than the version's layout, is UNEXPECTED_SIZE;
/// `structure_size` 0 (e.g. an all-zero file) is UNEXPECTED_DATA; a version this crate does not
/// know is NOT_SUPPORTED (`"gpu_metrics vX.Y is not supported"`); a malformed v1.9 attribute list
/// is UNEXPECTED_DATA. No allocation; the only work proportional to the blob is the walk of a
/// v1.9 attribute list.
pub fn parse(bytes: &[u8]) -> Result<MetricsView<&[u8]>> {
    let shape = shape(bytes)?;
    let body = bytes.get(..usize::from(shape.header.structure_size)).unwrap_or_default();
    Ok(MetricsView::new(body, shape))
}

/// [`parse`], the view owning a copy of the structure's bytes: only those (`structure_size`),
/// since a file may hold more (a capture padded to a page).
pub fn parse_owned(bytes: &[u8]) -> Result<MetricsView<Vec<u8>>> {
    let shape = shape(bytes)?;
    let body = bytes.get(..usize::from(shape.header.structure_size)).unwrap_or_default();
    Ok(MetricsView::new(body.to_vec(), shape))
}

/// Decodes a gpu_metrics blob into every normalized field ([`parse`], then
/// [`MetricsView::to_gpu_metrics`]); errors are [`parse`]'s.
pub fn decode(bytes: &[u8]) -> Result<GpuMetrics> {
    let view = parse(bytes)?;
    // Filled where it is returned: the ~10 KB struct is not built elsewhere and moved in.
    let mut out = Ok(GpuMetrics::unavailable(view.header()));
    if let Ok(m) = &mut out {
        view.fill_gpu_metrics(m);
    }
    out
}

/// Declares one group of normalized fields and everything derived from the list: the struct
/// (`plain` fields, then `opt<T>` = `Option<T>` and `arr<T, N>` = `[Option<T>; N]` fields that
/// serialize `None` as `"N/A"`) with `unavailable()` and `get()`, the field enum with `COUNT`,
/// `ALL`, `name()`, `elements()` and a private index constant per field (named like the field, for
/// the version tables), and on the view type the typed accessor of each field, `get()` and the
/// conversion to the struct: `$to` starts from `unavailable(view.$uarg())` and `$fill`s it in place,
/// field by field (arrays written where they live, not built and moved), then runs the given
/// statements over the view `$v` and the struct `$out` for the `plain` fields.
macro_rules! metrics_group {
    (
        $(#[$smeta:meta])*
        pub struct $name:ident ($($arg:ident: $argty:ty),*);
        $(#[$emeta:meta])*
        pub enum $enum:ident;
        $(#[$tmeta:meta])*
        view fn $to:ident / $fill:ident ($v:ident, $out:ident) for { $($view:tt)* }
            from unavailable($($uarg:ident),*) then { $($then:tt)* }
        plain {
            $( $(#[$pmeta:meta])* $pfield:ident: $pty:ty = $pinit:expr, )*
        }
        $( $(#[$fmeta:meta])* $variant:ident $field:ident : $kind:ident < $t:ty $(, $n:tt)? > ),* $(,)?
    ) => {
        $(#[$smeta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize))]
        pub struct $name {
            $( $(#[$pmeta])* pub $pfield: $pty, )*
            $( $(#[$fmeta])*
               #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::not_available"))]
               pub $field: metrics_group!(@ty $kind, $t $(, $n)?), )*
        }

        impl $name {
            /// Every field "not available" (AMD SMI starts from all-ones before copying a version in).
            pub const fn unavailable($($arg: $argty),*) -> $name {
                $name { $( $pfield: $pinit, )* $( $field: metrics_group!(@none $kind $(, $n)?), )* }
            }

            /// Element `index` of `field` (`0` for a scalar), widened to `u64`, in the field's unit.
            pub fn get(&self, field: $enum, index: usize) -> Option<u64> {
                match field { $( $enum::$variant => metrics_group!(@pick self.$field, $kind, index), )* }
            }
        }

        $(#[$emeta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $enum {
            $( $(#[$fmeta])* $variant, )*
        }

        #[allow(non_upper_case_globals)] // the index of each field, named like it, for the tables
        impl $enum {
            /// How many fields there are.
            pub const COUNT: usize = [$($enum::$variant),*].len();
            /// Every field, in declaration order.
            pub const ALL: [$enum; $enum::COUNT] = [$($enum::$variant),*];
            $( const $field: usize = $enum::$variant as usize; )*

            /// The field's name (AMD SMI's).
            pub fn name(self) -> &'static str {
                match self { $( $enum::$variant => stringify!($field), )* }
            }

            /// Elements the field has: 1 for a scalar, the array length otherwise.
            pub fn elements(self) -> usize {
                match self { $( $enum::$variant => metrics_group!(@len $kind $(, $n)?), )* }
            }
        }

        $($view)* {
            $( $(#[$fmeta])*
               pub fn $field(&self) -> metrics_group!(@ty $kind, $t $(, $n)?) {
                   metrics_group!(@read self, $kind, $enum::$field $(, $n)?)
               } )*

            /// Element `index` of `field` (`0` for a scalar), widened to `u64`: what the typed
            /// accessor returns.
            pub fn get(&self, field: $enum, index: usize) -> Option<u64> {
                match field { $( $enum::$variant => metrics_group!(@pick self.$field(), $kind, index), )* }
            }

            $(#[$tmeta])*
            pub fn $to(&self) -> $name {
                let mut out = $name::unavailable($(self.$uarg()),*);
                self.$fill(&mut out);
                out
            }

            /// Sets every field of `out` from the view.
            fn $fill(&self, $out: &mut $name) {
                let $v = self;
                $( metrics_group!(@fill $v, $out.$field, $kind, $enum::$field); )*
                $($then)*
            }
        }
    };
    (@ty opt, $t:ty) => { Option<$t> };
    (@ty arr, $t:ty, $n:tt) => { [Option<$t>; $n] };
    (@none opt) => { None };
    (@none arr, $n:tt) => { [None; $n] };
    (@len opt) => { 1 };
    (@len arr, $n:tt) => { $n };
    (@read $s:ident, opt, $i:expr) => { $s.scalar($i) };
    (@read $s:ident, arr, $i:expr, $n:tt) => {{
        let mut out = [None; $n];
        $s.fill($i, &mut out);
        out
    }};
    (@fill $v:ident, $dst:expr, opt, $i:expr) => { $dst = $v.scalar($i) };
    (@fill $v:ident, $dst:expr, arr, $i:expr) => { $v.fill($i, &mut $dst) };
    (@pick $value:expr, opt, $i:ident) => { $value.filter(|_| $i == 0).map(u64::from) };
    (@pick $value:expr, arr, $i:ident) => { $value.get($i).copied().flatten().map(u64::from) };
}

metrics_group! {
    /// One partition's (XCP's) engine statistics: AMD SMI's `amdsmi_gpu_xcp_metrics_t`.
    pub struct XcpMetrics();
    /// A field of [`XcpMetrics`] (read from a view with [`XcpView::get`]).
    pub enum XcpField;
    /// Every field of this partition.
    view fn to_xcp_metrics / fill_xcp_metrics (v, out) for { impl XcpView<'_> } from unavailable() then {}
    plain {}
    /// Instantaneous busy per XCC, %.
    GfxBusyInst gfx_busy_inst: arr<u32, MAX_XCC>,
    /// Busy per JPEG engine, %.
    JpegBusy jpeg_busy: arr<u16, NUM_JPEG_ENG_V1>,
    /// Busy per VCN instance, %.
    VcnBusy vcn_busy: arr<u16, NUM_VCN>,
    /// Accumulated busy per XCC (% × accumulation cycles).
    GfxBusyAcc gfx_busy_acc: arr<u64, MAX_XCC>,
    /// Cycles the clock was held below the host limit, per XCC (v1.7).
    GfxBelowHostLimitAcc gfx_below_host_limit_acc: arr<u64, MAX_XCC>,
    /// Cycles below the host limit for power (PPT) reasons, per XCC (v1.8+).
    GfxBelowHostLimitPptAcc gfx_below_host_limit_ppt_acc: arr<u64, MAX_XCC>,
    /// Cycles below the host limit for thermal reasons, per XCC (v1.8+).
    GfxBelowHostLimitThmAcc gfx_below_host_limit_thm_acc: arr<u64, MAX_XCC>,
    /// Cycles of low utilization, per XCC (v1.8+).
    GfxLowUtilizationAcc gfx_low_utilization_acc: arr<u64, MAX_XCC>,
    /// Cycles below the host limit for any reason, per XCC (v1.8+).
    GfxBelowHostLimitTotalAcc gfx_below_host_limit_total_acc: arr<u64, MAX_XCC>,
}

metrics_group! {
    /// A decoded `gpu_metrics` blob: every field of AMD SMI's `amdsmi_gpu_metrics_t` (7.0.2), same
    /// names, `None` for "not available" (absent from the version, or all bits set in the blob).
    /// Units are the ones AMD SMI reports.
    ///
    /// Not in AMD SMI 7.0.2: [`GpuMetrics::common_header`] is plain (never N/A), and
    /// [`GpuMetrics::apu`] carries the APU-only values (newer AMD SMI hangs them off an
    /// `apu_metrics` pointer).
    pub struct GpuMetrics(common_header: MetricsHeader);
    /// A field of [`GpuMetrics`] outside the per-partition and APU blocks (read from a view with
    /// [`MetricsView::get`]).
    pub enum Field;
    /// Every field, normalized: what [`decode`] returns.
    view fn to_gpu_metrics / fill_gpu_metrics (v, out) for { impl<B: AsRef<[u8]>> MetricsView<B> }
        from unavailable(header) then {
            for (p, x) in out.xcp_stats.iter_mut().enumerate().take(v.partitions()) {
                v.xcp(p).fill_xcp_metrics(x);
            }
            if let Some(apu) = v.apu() {
                apu.fill_apu_metrics(out.apu.insert(ApuMetrics::unavailable()));
            }
        }
    plain {
        /// The blob's header.
        common_header: MetricsHeader = common_header,
        /// Per-partition (XCP) statistics.
        xcp_stats: [XcpMetrics; NUM_XCP] = [const { XcpMetrics::unavailable() }; NUM_XCP],
        /// APU-only values (formats 2 and 3); `None` on other versions.
        #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::serialize"))]
        apu: Option<ApuMetrics> = None,
    }
    /// Edge temperature, °C.
    TemperatureEdge temperature_edge: opt<u16>,
    /// Hotspot (junction) temperature, °C.
    TemperatureHotspot temperature_hotspot: opt<u16>,
    /// Memory temperature, °C.
    TemperatureMem temperature_mem: opt<u16>,
    /// GFX voltage-regulator temperature, °C.
    TemperatureVrgfx temperature_vrgfx: opt<u16>,
    /// SoC voltage-regulator temperature, °C (Instinct: hottest VR).
    TemperatureVrsoc temperature_vrsoc: opt<u16>,
    /// Memory voltage-regulator temperature, °C.
    TemperatureVrmem temperature_vrmem: opt<u16>,
    /// Average GFX activity, %.
    AverageGfxActivity average_gfx_activity: opt<u16>,
    /// Average memory-controller (UMC) activity, %.
    AverageUmcActivity average_umc_activity: opt<u16>,
    /// Average multimedia (UVD/VCN) activity, %.
    AverageMmActivity average_mm_activity: opt<u16>,
    /// Average socket power, W (APU: the blob's mW rounded to W, as AMD SMI does).
    AverageSocketPower average_socket_power: opt<u16>,
    /// Energy accumulator, in 15.259 µJ (2^-16 J) units (AMD SMI scales it by 15.3 µJ).
    EnergyAccumulator energy_accumulator: opt<u64>,
    /// Driver timestamp, ns.
    SystemClockCounter system_clock_counter: opt<u64>,
    /// Average GFX clock, MHz.
    AverageGfxclkFrequency average_gfxclk_frequency: opt<u16>,
    /// Average SoC clock, MHz.
    AverageSocclkFrequency average_socclk_frequency: opt<u16>,
    /// Average memory clock, MHz.
    AverageUclkFrequency average_uclk_frequency: opt<u16>,
    /// Average video clock 0, MHz.
    AverageVclk0Frequency average_vclk0_frequency: opt<u16>,
    /// Average decoder clock 0, MHz.
    AverageDclk0Frequency average_dclk0_frequency: opt<u16>,
    /// Average video clock 1, MHz.
    AverageVclk1Frequency average_vclk1_frequency: opt<u16>,
    /// Average decoder clock 1, MHz.
    AverageDclk1Frequency average_dclk1_frequency: opt<u16>,
    /// Current GFX clock, MHz.
    CurrentGfxclk current_gfxclk: opt<u16>,
    /// Current SoC clock, MHz.
    CurrentSocclk current_socclk: opt<u16>,
    /// Current memory clock, MHz.
    CurrentUclk current_uclk: opt<u16>,
    /// Current video clock 0, MHz.
    CurrentVclk0 current_vclk0: opt<u16>,
    /// Current decoder clock 0, MHz.
    CurrentDclk0 current_dclk0: opt<u16>,
    /// Current video clock 1, MHz.
    CurrentVclk1 current_vclk1: opt<u16>,
    /// Current decoder clock 1, MHz.
    CurrentDclk1 current_dclk1: opt<u16>,
    /// Throttle status, ASIC-dependent bit mask.
    ThrottleStatus throttle_status: opt<u32>,
    /// Fan speed, RPM.
    CurrentFanSpeed current_fan_speed: opt<u16>,
    /// PCIe link width, lanes.
    PcieLinkWidth pcie_link_width: opt<u16>,
    /// PCIe link speed, 0.1 GT/s (some ASICs report a generation index ≤ 6 instead).
    PcieLinkSpeed pcie_link_speed: opt<u16>,
    /// Accumulated GFX activity (% × samples).
    GfxActivityAcc gfx_activity_acc: opt<u32>,
    /// Accumulated memory activity (% × samples).
    MemActivityAcc mem_activity_acc: opt<u32>,
    /// HBM stack temperatures, °C.
    TemperatureHbm temperature_hbm: arr<u16, NUM_HBM_INSTANCES>,
    /// Firmware (PMFW) timestamp, ns: the blob's 10 ns ticks × 10, as AMD SMI 7.0 reports it.
    FirmwareTimestamp firmware_timestamp: opt<u64>,
    /// SoC voltage, mV.
    VoltageSoc voltage_soc: opt<u16>,
    /// GFX voltage, mV.
    VoltageGfx voltage_gfx: opt<u16>,
    /// Memory voltage, mV.
    VoltageMem voltage_mem: opt<u16>,
    /// Throttle status, ASIC-independent bit mask (`SMU_THROTTLER_*` bits).
    IndepThrottleStatus indep_throttle_status: opt<u64>,
    /// Current socket power, W.
    CurrentSocketPower current_socket_power: opt<u16>,
    /// Activity per VCN instance, %.
    VcnActivity vcn_activity: arr<u16, NUM_VCN>,
    /// Clock lock status, one bit per GFX clock instance.
    GfxclkLockStatus gfxclk_lock_status: opt<u32>,
    /// XGMI link width, lanes.
    XgmiLinkWidth xgmi_link_width: opt<u16>,
    /// XGMI link speed, Gbps.
    XgmiLinkSpeed xgmi_link_speed: opt<u16>,
    /// Accumulated PCIe bandwidth (GB/s per the kernel header; v1.6's says Mbps).
    PcieBandwidthAcc pcie_bandwidth_acc: opt<u64>,
    /// Instantaneous PCIe bandwidth (GB/s per the kernel header; v1.6's says Mbps).
    PcieBandwidthInst pcie_bandwidth_inst: opt<u64>,
    /// PCIe L0-to-recovery transitions, accumulated count.
    PcieL0ToRecovCountAcc pcie_l0_to_recov_count_acc: opt<u64>,
    /// PCIe replays, accumulated count.
    PcieReplayCountAcc pcie_replay_count_acc: opt<u64>,
    /// PCIe replay rollovers, accumulated count.
    PcieReplayRoverCountAcc pcie_replay_rover_count_acc: opt<u64>,
    /// Data read per XGMI link, accumulated KB.
    XgmiReadDataAcc xgmi_read_data_acc: arr<u64, NUM_XGMI_LINKS>,
    /// Data written per XGMI link, accumulated KB.
    XgmiWriteDataAcc xgmi_write_data_acc: arr<u64, NUM_XGMI_LINKS>,
    /// Current GFX clock per instance, MHz.
    CurrentGfxclks current_gfxclks: arr<u16, MAX_GFX_CLKS>,
    /// Current SoC clock per instance, MHz.
    CurrentSocclks current_socclks: arr<u16, MAX_CLKS>,
    /// Current video clock 0 per instance, MHz.
    CurrentVclk0s current_vclk0s: arr<u16, MAX_CLKS>,
    /// Current decoder clock 0 per instance, MHz.
    CurrentDclk0s current_dclk0s: arr<u16, MAX_CLKS>,
    /// Activity per JPEG engine, %.
    JpegActivity jpeg_activity: arr<u16, NUM_JPEG_ENG>,
    /// PCIe NAKs sent, accumulated count.
    PcieNakSentCountAcc pcie_nak_sent_count_acc: opt<u32>,
    /// PCIe NAKs received, accumulated count.
    PcieNakRcvdCountAcc pcie_nak_rcvd_count_acc: opt<u32>,
    /// Accumulation cycle counter (the denominator of the residency accumulators).
    AccumulationCounter accumulation_counter: opt<u64>,
    /// PROCHOT throttling residency, accumulated cycles.
    ProchotResidencyAcc prochot_residency_acc: opt<u64>,
    /// Power (PPT) throttling residency, accumulated cycles.
    PptResidencyAcc ppt_residency_acc: opt<u64>,
    /// Socket thermal throttling residency, accumulated cycles.
    SocketThmResidencyAcc socket_thm_residency_acc: opt<u64>,
    /// VR thermal throttling residency, accumulated cycles.
    VrThmResidencyAcc vr_thm_residency_acc: opt<u64>,
    /// HBM thermal throttling residency, accumulated cycles.
    HbmThmResidencyAcc hbm_thm_residency_acc: opt<u64>,
    /// Number of compute partitions currently configured.
    NumPartition num_partition: opt<u16>,
    /// PCIe "other end" recovery count.
    PcieLcPerfOtherEndRecovery pcie_lc_perf_other_end_recovery: opt<u32>,
    /// VRAM bandwidth at the maximum memory clock, GB/s.
    VramMaxBandwidth vram_max_bandwidth: opt<u64>,
    /// XGMI link status per link: 0 down, 1 up.
    XgmiLinkStatus xgmi_link_status: arr<u16, NUM_XGMI_LINKS>,
}

metrics_group! {
    /// APU-only values of formats 2 (v2.0–2.4) and 3 (v3.0), as the kernel reports them (newer
    /// AMD SMI: `amdsmi_apu_metrics_t`). Temperatures are centi-°C, power mW, clocks MHz,
    /// voltages mV, currents mA. v2.x fill 8 cores, v3.0 16.
    pub struct ApuMetrics();
    /// A field of [`ApuMetrics`] (read from a view with [`ApuView::get`]).
    pub enum ApuField;
    /// Every APU field.
    view fn to_apu_metrics / fill_apu_metrics (v, out) for { impl ApuView<'_> } from unavailable() then {}
    plain {}
    /// GFX temperature, centi-°C.
    TemperatureGfx temperature_gfx: opt<u16>,
    /// SoC temperature, centi-°C.
    TemperatureSoc temperature_soc: opt<u16>,
    /// CPU core temperatures, centi-°C.
    TemperatureCore temperature_core: arr<u16, MAX_APU_CORES>,
    /// L3 cache temperatures, centi-°C (v2.x).
    TemperatureL3 temperature_l3: arr<u16, 2>,
    /// Skin temperature, centi-°C (v3.0).
    TemperatureSkin temperature_skin: opt<u16>,
    /// GFX activity, % (the v2.4 header documents 0.01 % units).
    AverageGfxActivity average_gfx_activity: opt<u16>,
    /// UVD/VCN activity, % (v2.x).
    AverageMmActivity average_mm_activity: opt<u16>,
    /// VCN activity, % (v3.0).
    AverageVcnActivity average_vcn_activity: opt<u16>,
    /// IPU activity per column, % (v3.0).
    AverageIpuActivity average_ipu_activity: arr<u16, 8>,
    /// C0 residency per core, % (v3.0).
    AverageCoreC0Activity average_core_c0_activity: arr<u16, MAX_APU_CORES>,
    /// DRAM read bandwidth, MB/s (v3.0).
    AverageDramReads average_dram_reads: opt<u16>,
    /// DRAM write bandwidth, MB/s (v3.0).
    AverageDramWrites average_dram_writes: opt<u16>,
    /// IPU read bandwidth, MB/s (v3.0).
    AverageIpuReads average_ipu_reads: opt<u16>,
    /// IPU write bandwidth, MB/s (v3.0).
    AverageIpuWrites average_ipu_writes: opt<u16>,
    /// Socket power (APU + dGPU), mW.
    AverageSocketPower average_socket_power: opt<u32>,
    /// CPU power, mW (v2.x).
    AverageCpuPower average_cpu_power: opt<u16>,
    /// SoC power, mW (v2.x).
    AverageSocPower average_soc_power: opt<u16>,
    /// GFX power, mW.
    AverageGfxPower average_gfx_power: opt<u32>,
    /// IPU power, mW (v3.0).
    AverageIpuPower average_ipu_power: opt<u16>,
    /// APU power, mW (v3.0).
    AverageApuPower average_apu_power: opt<u32>,
    /// dGPU power, mW (v3.0).
    AverageDgpuPower average_dgpu_power: opt<u32>,
    /// Sum of all core power, mW (v3.0).
    AverageAllCorePower average_all_core_power: opt<u32>,
    /// Power per core, mW.
    AverageCorePower average_core_power: arr<u16, MAX_APU_CORES>,
    /// System power, mW (v3.0).
    AverageSysPower average_sys_power: opt<u16>,
    /// STAPM power limit, mW (v3.0).
    StapmPowerLimit stapm_power_limit: opt<u16>,
    /// Current STAPM power limit, mW (v3.0).
    CurrentStapmPowerLimit current_stapm_power_limit: opt<u16>,
    /// Average GFX clock, MHz.
    AverageGfxclkFrequency average_gfxclk_frequency: opt<u16>,
    /// Average SoC clock, MHz.
    AverageSocclkFrequency average_socclk_frequency: opt<u16>,
    /// Average memory clock, MHz.
    AverageUclkFrequency average_uclk_frequency: opt<u16>,
    /// Average fabric clock, MHz.
    AverageFclkFrequency average_fclk_frequency: opt<u16>,
    /// Average video clock, MHz.
    AverageVclkFrequency average_vclk_frequency: opt<u16>,
    /// Average decoder clock, MHz (v2.x).
    AverageDclkFrequency average_dclk_frequency: opt<u16>,
    /// Average VPE clock, MHz (v3.0).
    AverageVpeclkFrequency average_vpeclk_frequency: opt<u16>,
    /// Average IPU clock, MHz (v3.0).
    AverageIpuclkFrequency average_ipuclk_frequency: opt<u16>,
    /// Average MP-IPU clock, MHz (v3.0).
    AverageMpipuFrequency average_mpipu_frequency: opt<u16>,
    /// Current GFX clock, MHz (v2.x).
    CurrentGfxclk current_gfxclk: opt<u16>,
    /// Current SoC clock, MHz (v2.x).
    CurrentSocclk current_socclk: opt<u16>,
    /// Current memory clock, MHz (v2.x).
    CurrentUclk current_uclk: opt<u16>,
    /// Current fabric clock, MHz (v2.x).
    CurrentFclk current_fclk: opt<u16>,
    /// Current video clock, MHz (v2.x).
    CurrentVclk current_vclk: opt<u16>,
    /// Current decoder clock, MHz (v2.x).
    CurrentDclk current_dclk: opt<u16>,
    /// Current (v3.0: target) clock per core, MHz.
    CurrentCoreclk current_coreclk: arr<u16, MAX_APU_CORES>,
    /// Current L3 clocks, MHz (v2.x).
    CurrentL3clk current_l3clk: arr<u16, 2>,
    /// Core clock limit, MHz (v3.0).
    CurrentCoreMaxfreq current_core_maxfreq: opt<u16>,
    /// GFX clock limit, MHz (v3.0).
    CurrentGfxMaxfreq current_gfx_maxfreq: opt<u16>,
    /// Throttle status, ASIC-dependent bit mask (v2.x).
    ThrottleStatus throttle_status: opt<u32>,
    /// Throttle status, `SMU_THROTTLER_*` bit mask (v2.2+).
    IndepThrottleStatus indep_throttle_status: opt<u64>,
    /// Fan PWM (v2.x).
    FanPwm fan_pwm: opt<u16>,
    /// Average GFX temperature, centi-°C (v2.3+).
    AverageTemperatureGfx average_temperature_gfx: opt<u16>,
    /// Average SoC temperature, centi-°C (v2.3+).
    AverageTemperatureSoc average_temperature_soc: opt<u16>,
    /// Average temperature per core, centi-°C (v2.3+).
    AverageTemperatureCore average_temperature_core: arr<u16, MAX_APU_CORES>,
    /// Average L3 temperatures, centi-°C (v2.3+).
    AverageTemperatureL3 average_temperature_l3: arr<u16, 2>,
    /// Average CPU voltage, mV (v2.4).
    AverageCpuVoltage average_cpu_voltage: opt<u16>,
    /// Average SoC voltage, mV (v2.4).
    AverageSocVoltage average_soc_voltage: opt<u16>,
    /// Average GFX voltage, mV (v2.4).
    AverageGfxVoltage average_gfx_voltage: opt<u16>,
    /// Average CPU current, mA (v2.4).
    AverageCpuCurrent average_cpu_current: opt<u16>,
    /// Average SoC current, mA (v2.4).
    AverageSocCurrent average_soc_current: opt<u16>,
    /// Average GFX current, mA (v2.4).
    AverageGfxCurrent average_gfx_current: opt<u16>,
    /// PROCHOT throttle residency (v3.0).
    ThrottleResidencyProchot throttle_residency_prochot: opt<u32>,
    /// SPL throttle residency (v3.0).
    ThrottleResidencySpl throttle_residency_spl: opt<u32>,
    /// Fast PPT throttle residency (v3.0).
    ThrottleResidencyFppt throttle_residency_fppt: opt<u32>,
    /// Slow PPT throttle residency (v3.0).
    ThrottleResidencySppt throttle_residency_sppt: opt<u32>,
    /// Core thermal throttle residency (v3.0).
    ThrottleResidencyThmCore throttle_residency_thm_core: opt<u32>,
    /// GFX thermal throttle residency (v3.0).
    ThrottleResidencyThmGfx throttle_residency_thm_gfx: opt<u32>,
    /// SoC thermal throttle residency (v3.0).
    ThrottleResidencyThmSoc throttle_residency_thm_soc: opt<u32>,
    /// Metrics alpha filter time constant, µs (v3.0).
    TimeFilterAlphavalue time_filter_alphavalue: opt<u32>,
}

/// A firmware timestamp in ns from the kernel's 10 ns ticks: × 10 (AMD SMI 7.0's adjustment for
/// v1.2 and later; also any v1.9 timestamp declared in 10 ns). A value whose product does not fit
/// 64 bits is not available.
fn firmware_ns(ticks: Option<u64>) -> Option<u64> {
    ticks.and_then(|t| t.checked_mul(10))
}

/// An APU's socket power in W from mW, as AMD SMI derives its `average_socket_power`: rounded to
/// the nearest W, clamped to `u16`.
fn apu_socket_power_w(mw: Option<u32>) -> Option<u16> {
    mw.map(|mw| u16::try_from(mw.saturating_add(500) / 1000).unwrap_or(u16::MAX))
}

#[cfg(test)]
mod tests;

//! `gpu_metrics` v1.9: the tagged attribute list of MI300/MI350-class kernels.
//!
//! The kernel writes `DECLARE_SMU_METRICS_CLASS` structs (`smu_cmn.h`), which are `__packed`:
//! the 4-byte header, `int attr_count`, then `attr_count` times a u64 encoding followed directly
//! by its values (no padding, so 64-bit values are often unaligned). The encoding is
//! `AMDGPU_METRICS_ENC_ATTR(unit, type, id, inst)` = `unit << 24 | type << 20 | id << 10 | inst`
//! (`kgd_pp_interface.h`); `type` indexes U8, S8, U16, S16, U32, S32, U64, S64 and `inst` is the
//! number of values. `struct gpu_metrics_attr { u64 attr_encoding; void *attr_value; }` in the
//! header only names the encoding; the `void *` is not on the wire. Fields the firmware does not
//! fill keep the kernel's initial all-ones.

use super::layout::{AttributeType, Scale, Slot, Src, Table, Tag};
use super::{Field, XcpField};
use crate::bytes::Bytes;
use crate::error::{Error, Result, Status};

/// Bytes before the first attribute: the header and `int attr_count`.
pub(super) const MIN_SIZE: usize = 8;

/// One attribute of a v1.9 blob, as the kernel encoded it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MetricAttribute {
    /// `enum amdgpu_metrics_attr_id` (see [`MetricAttribute::name`]).
    pub id: u16,
    /// `enum amdgpu_metrics_attr_unit`: 0 none, 1 MHz, 2 °C, 3 W, 4 ns, 5 10 ns, 6 GT/s,
    /// 7 0.1 GT/s, 8 GB/s, 9 KB, 10 %.
    pub unit: u8,
    /// The values' C type.
    pub value_type: AttributeType,
    /// The values' bits, zero-extended from the wire width (reinterpret signed types at
    /// [`AttributeType::size`]; [`MetricAttribute::get`] does it).
    pub values: Vec<u64>,
}

/// Attribute ids whose meaning every kernel with v1.9 agrees on (`enum amdgpu_metrics_attr_id`).
/// Later ids changed between kernels (49 is TEMPERATURE_AID in some, TEMPERATURE_MID once MID
/// was inserted before it), so they are not given names or mapped.
const NAMES: [&str; 49] = [
    "TEMPERATURE_HOTSPOT",
    "TEMPERATURE_MEM",
    "TEMPERATURE_VRSOC",
    "CURR_SOCKET_POWER",
    "AVERAGE_GFX_ACTIVITY",
    "AVERAGE_UMC_ACTIVITY",
    "MEM_MAX_BANDWIDTH",
    "ENERGY_ACCUMULATOR",
    "SYSTEM_CLOCK_COUNTER",
    "ACCUMULATION_COUNTER",
    "PROCHOT_RESIDENCY_ACC",
    "PPT_RESIDENCY_ACC",
    "SOCKET_THM_RESIDENCY_ACC",
    "VR_THM_RESIDENCY_ACC",
    "HBM_THM_RESIDENCY_ACC",
    "GFXCLK_LOCK_STATUS",
    "PCIE_LINK_WIDTH",
    "PCIE_LINK_SPEED",
    "XGMI_LINK_WIDTH",
    "XGMI_LINK_SPEED",
    "GFX_ACTIVITY_ACC",
    "MEM_ACTIVITY_ACC",
    "PCIE_BANDWIDTH_ACC",
    "PCIE_BANDWIDTH_INST",
    "PCIE_L0_TO_RECOV_COUNT_ACC",
    "PCIE_REPLAY_COUNT_ACC",
    "PCIE_REPLAY_ROVER_COUNT_ACC",
    "PCIE_NAK_SENT_COUNT_ACC",
    "PCIE_NAK_RCVD_COUNT_ACC",
    "XGMI_READ_DATA_ACC",
    "XGMI_WRITE_DATA_ACC",
    "XGMI_LINK_STATUS",
    "FIRMWARE_TIMESTAMP",
    "CURRENT_GFXCLK",
    "CURRENT_SOCCLK",
    "CURRENT_VCLK0",
    "CURRENT_DCLK0",
    "CURRENT_UCLK",
    "NUM_PARTITION",
    "PCIE_LC_PERF_OTHER_END_RECOVERY",
    "GFX_BUSY_INST",
    "JPEG_BUSY",
    "VCN_BUSY",
    "GFX_BUSY_ACC",
    "GFX_BELOW_HOST_LIMIT_PPT_ACC",
    "GFX_BELOW_HOST_LIMIT_THM_ACC",
    "GFX_LOW_UTILIZATION_ACC",
    "GFX_BELOW_HOST_LIMIT_TOTAL_ACC",
    "TEMPERATURE_HBM",
];

/// `AMDGPU_METRICS_UNIT_TIME_1` (ns) and `_TIME_2` (10 ns).
const UNIT_NS: u8 = 4;
const UNIT_10NS: u8 = 5;

impl MetricAttribute {
    /// The kernel's name without the `AMDGPU_METRICS_ATTR_ID_` prefix, for ids 0–48.
    pub fn name(&self) -> Option<&'static str> {
        NAMES.get(usize::from(self.id)).copied()
    }

    /// Value `index` as `T`: `None` past the end, for all bits set (the kernel's "not
    /// available"), or when the value does not fit `T` (negative, or too wide).
    pub fn get<T: TryFrom<i128>>(&self, index: usize) -> Option<T> {
        let raw = *self.values.get(index)?;
        let ones = self.value_type.all_ones();
        if raw == ones {
            return None;
        }
        let value = if self.value_type.is_signed() && raw > ones >> 1 {
            i128::from(raw) - i128::from(ones) - 1
        } else {
            i128::from(raw)
        };
        T::try_from(value).ok()
    }
}

#[cold]
fn malformed(detail: String) -> Error {
    Error::new(Status::UnexpectedData).with_detail(format!("gpu_metrics v1.9: {detail}"))
}

/// An attribute encoding, `AMDGPU_METRICS_ENC_ATTR(unit, type, id, inst)`, taken apart.
struct Encoding {
    id: usize,
    unit: u8,
    ty: AttributeType,
    count: usize,
}

/// `encoding` taken apart; `None` for an unknown type.
fn decode(encoding: u64) -> Option<Encoding> {
    Some(Encoding {
        id: usize::from(((encoding >> 10) & 0x3FF) as u16),
        unit: (encoding >> 24) as u8,
        ty: *AttributeType::ALL.get(usize::from(((encoding >> 20) & 0xF) as u8))?,
        count: usize::from((encoding & 0x3FF) as u16),
    })
}

/// Walks the attribute list of a v1.9 blob already cut to `structure_size`, calling
/// `each(encoding, offset of its values)` on every attribute in wire order. The one pass over
/// the list that [`index`] and [`attributes`] share; any attribute that does not fit stops it
/// with UNEXPECTED_DATA.
///
/// Each attribute's place depends on the previous one's length, so the walk is a chain of
/// dependent loads; the length is computed without further loads (`inst << log2(size)`, the
/// size class being the type code's upper two bits) to keep each step short.
fn walk(body: &[u8], mut each: impl FnMut(u64, usize)) -> Result<()> {
    let list = Bytes::new(body);
    let count = list.at(4).i32().map_err(|_| malformed(format!("{} bytes hold no attr_count", body.len())))?;
    let count = usize::try_from(count).map_err(|_| malformed(format!("attr_count {count} is negative")))?;
    // Where the current attribute's values start (its encoding is the 8 bytes before).
    let mut start = MIN_SIZE + 8;
    for i in 0..count {
        let Ok(encoding) = list.at(start - 8).u64() else {
            return Err(malformed(format!(
                "attr_count is {count} but attribute {i} starts past structure_size {}",
                body.len()
            )));
        };
        let code = (encoding >> 20) & 0xF;
        if code >= 8 {
            return Err(malformed(format!("attribute {i} (encoding {encoding:#x}) has unknown type {code}")));
        }
        // U8/S8 → 1 byte, U16/S16 → 2, U32/S32 → 4, U64/S64 → 8.
        let len = ((encoding & 0x3FF) << ((encoding >> 21) & 3)) as usize;
        let end = start + len;
        if end > body.len() {
            return Err(malformed(format!("attribute {i}'s {len} value bytes run past structure_size {}", body.len())));
        }
        each(encoding, start);
        start = end + 8;
    }
    Ok(())
}

/// The raw attribute list of a v1.9 blob, every attribute in wire order (including ids the
/// normalized [`GpuMetrics`](super::GpuMetrics) has no field for). Other versions are
/// NOT_SUPPORTED; header and size errors are [`super::decode`]'s.
pub fn attributes(bytes: &[u8]) -> Result<Vec<MetricAttribute>> {
    let (h, _, body) = super::validate(bytes)?;
    if (h.format_revision, h.content_revision) != (1, 9) {
        return Err(Error::new(Status::NotSupported).with_detail(format!(
            "gpu_metrics v{}.{} has no attribute list (only v1.9 does)",
            h.format_revision, h.content_revision
        )));
    }
    let mut attrs = Vec::new();
    walk(body, |encoding, offset| {
        let Some(a) = decode(encoding) else { return };
        let mut values = Bytes::new(body).at(offset);
        attrs.push(MetricAttribute {
            id: u16::try_from(a.id).unwrap_or(u16::MAX),
            unit: a.unit,
            value_type: a.ty,
            values: (0..a.count).map_while(|_| values.uint(a.ty.size()).ok()).collect(),
        });
    })?;
    Ok(attrs)
}

/// The attributes with a known id (0–48, see [`NAMES`]) of one blob: for each id, where its
/// encoding is (0: not in the blob). Filled by one walk of the list in [`index`]; the last
/// attribute of an id wins. The encoding is read again, bounds-checked, when a field is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct AttrIndex([u16; NAMES.len()]);

impl AttrIndex {
    /// No attribute: the index of every fixed-layout version.
    pub(super) const EMPTY: AttrIndex = AttrIndex([0; NAMES.len()]);
}

/// Validates and indexes the attribute list of a v1.9 blob already cut to `structure_size`.
pub(super) fn index(body: &[u8]) -> Result<AttrIndex> {
    let mut index = AttrIndex::EMPTY;
    walk(body, |encoding, offset| {
        if let Some(slot) = index.0.get_mut(((encoding >> 10) & 0x3FF) as usize) {
            // Fits: the blob is at most u16::MAX bytes.
            *slot = u16::try_from(offset - 8).unwrap_or(0);
        }
    })?;
    Ok(index)
}

/// Where `tag`'s field values are in a blob with attribute index `index`.
#[inline]
pub(super) fn resolve(tag: Tag, bytes: &[u8], index: &AttrIndex) -> Option<Slot> {
    let at = usize::from(*index.0.get(usize::from(tag.id))?);
    if at == 0 {
        return None;
    }
    let a = decode(Bytes::new(bytes).read_at(at).ok()?)?;
    if tag.single && a.count != 1 {
        return None;
    }
    let scale = match (tag.time, a.unit) {
        (None, _) | (Some(_), UNIT_NS) => Scale::One,
        (Some(_), UNIT_10NS) => Scale::Ten,
        (Some(default), _) => default,
    };
    let skip = usize::from(tag.skip);
    Some(Slot { offset: at + 8 + skip * a.ty.size(), ty: a.ty, count: a.count.saturating_sub(skip), scale })
}

/// The attribute id of kernel name `name` (without `AMDGPU_METRICS_ATTR_ID_`); a name not in
/// [`NAMES`] is a compile-time error in the table below.
const fn id(name: &str) -> u16 {
    let mut i = 0;
    while i < NAMES.len() {
        let (a, b) = (NAMES[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return i as u16;
            }
        }
        i += 1;
    }
    panic!("unknown attribute name")
}

/// Sets `$dst[$group::field]` to the attribute named `NAME`, read by rule `Tag::rule(id, args)`.
macro_rules! tagged {
    ($dst:expr, $group:ident: $( $f:ident = $rule:ident($name:literal $(, $arg:expr)?) ),+ $(,)?) => {
        $( $dst[$group::$f] = Src::Attr(Tag::$rule(id($name) $(, $arg)?)); )+
    };
}

/// v1.9, mapped onto AMD SMI's fields the way newer AMD SMI's dynamic reader
/// (`GpuMetricsBaseDynamic_t`) does: each known attribute id to the field of the same name
/// (`CURR_SOCKET_POWER` → `current_socket_power`, `MEM_MAX_BANDWIDTH` → `vram_max_bandwidth`),
/// per-XCC/engine arrays into `xcp_stats[0]` only, `CURRENT_UCLK` from its first value when
/// it is an array; then the scalar clocks from the arrays, as for v1.4+. Also: `TEMPERATURE_HBM`
/// fills `temperature_hbm` (first 4 stacks; 7.0.2 has no wider field), and timestamps are
/// converted to ns by their unit (`FIRMWARE_TIMESTAMP` is in 10 ns, so × 10 as for v1.2–1.8).
/// Values are checked at their wire width for all-ones, and a value that does not fit AMD SMI's
/// field (AMD SMI truncates it) is "not available".
///
/// Ids 49 and up are not mapped: none is a field of `amdsmi_gpu_metrics_t` (7.0.2). The newest
/// kernel `enum amdgpu_metrics_attr_id` (amd-gfx, March 2026) continues after `TEMPERATURE_HBM`
/// (48) with `TEMPERATURE_MID`, `TEMPERATURE_AID`, `TEMPERATURE_XCD` (per-die temperatures,
/// 49–51; the SMU 13.0.12 kernels that first added them had no `MID`, so AID was 49 and XCD 50
/// there), `LABEL_VERSION`, `NODE_ID`, the `NODE_TEMP_*` (retimer, IBC, IBC_2, VDD18_VR,
/// 04_HBM_B/D_VR), `VR_TEMP_*` (VDDCR_SOCIO_A/C, VDDCR_X0/X1, VDDIO_HBM_B/D, VDDIO_04_HBM_B/D,
/// VDDCR_HBM_B/D, VDDCR_075_HBM_B/D, VDDIO_11_GTA_A/C, VDDAN_075_GTA_A/C, VDDCR_075_UCIE,
/// VDDIO_065_UCIEAA, VDDIO_065_UCIEAM_A/C, VDDAN_075) and `SYSTEM_TEMP_*` (UBB, OAM, retimer
/// and IBC board sensors) ids of the GPU-board and baseboard temperature tables. They stay in
/// [`attributes`].
pub(super) static TABLE: Table = {
    let mut t = Table::EMPTY;
    tagged!(t.fields, Field:
        temperature_hotspot = scalar("TEMPERATURE_HOTSPOT"),
        temperature_mem = scalar("TEMPERATURE_MEM"),
        temperature_vrsoc = scalar("TEMPERATURE_VRSOC"),
        current_socket_power = scalar("CURR_SOCKET_POWER"),
        average_gfx_activity = scalar("AVERAGE_GFX_ACTIVITY"),
        average_umc_activity = scalar("AVERAGE_UMC_ACTIVITY"),
        vram_max_bandwidth = scalar("MEM_MAX_BANDWIDTH"),
        energy_accumulator = scalar("ENERGY_ACCUMULATOR"),
        system_clock_counter = time("SYSTEM_CLOCK_COUNTER", Scale::One),
        accumulation_counter = scalar("ACCUMULATION_COUNTER"),
        prochot_residency_acc = scalar("PROCHOT_RESIDENCY_ACC"),
        ppt_residency_acc = scalar("PPT_RESIDENCY_ACC"),
        socket_thm_residency_acc = scalar("SOCKET_THM_RESIDENCY_ACC"),
        vr_thm_residency_acc = scalar("VR_THM_RESIDENCY_ACC"),
        hbm_thm_residency_acc = scalar("HBM_THM_RESIDENCY_ACC"),
        gfxclk_lock_status = scalar("GFXCLK_LOCK_STATUS"),
        pcie_link_width = scalar("PCIE_LINK_WIDTH"),
        pcie_link_speed = scalar("PCIE_LINK_SPEED"),
        xgmi_link_width = scalar("XGMI_LINK_WIDTH"),
        xgmi_link_speed = scalar("XGMI_LINK_SPEED"),
        gfx_activity_acc = scalar("GFX_ACTIVITY_ACC"),
        mem_activity_acc = scalar("MEM_ACTIVITY_ACC"),
        pcie_bandwidth_acc = scalar("PCIE_BANDWIDTH_ACC"),
        pcie_bandwidth_inst = scalar("PCIE_BANDWIDTH_INST"),
        pcie_l0_to_recov_count_acc = scalar("PCIE_L0_TO_RECOV_COUNT_ACC"),
        pcie_replay_count_acc = scalar("PCIE_REPLAY_COUNT_ACC"),
        pcie_replay_rover_count_acc = scalar("PCIE_REPLAY_ROVER_COUNT_ACC"),
        pcie_nak_sent_count_acc = scalar("PCIE_NAK_SENT_COUNT_ACC"),
        pcie_nak_rcvd_count_acc = scalar("PCIE_NAK_RCVD_COUNT_ACC"),
        xgmi_read_data_acc = values("XGMI_READ_DATA_ACC", 0),
        xgmi_write_data_acc = values("XGMI_WRITE_DATA_ACC", 0),
        xgmi_link_status = values("XGMI_LINK_STATUS", 0),
        firmware_timestamp = time("FIRMWARE_TIMESTAMP", Scale::Ten),
        current_gfxclks = values("CURRENT_GFXCLK", 0),
        current_socclks = values("CURRENT_SOCCLK", 0),
        current_vclk0s = values("CURRENT_VCLK0", 0),
        current_dclk0s = values("CURRENT_DCLK0", 0),
        current_gfxclk = values("CURRENT_GFXCLK", 0),
        current_socclk = values("CURRENT_SOCCLK", 0),
        current_vclk0 = values("CURRENT_VCLK0", 0),
        current_vclk1 = values("CURRENT_VCLK0", 1),
        current_dclk0 = values("CURRENT_DCLK0", 0),
        current_dclk1 = values("CURRENT_DCLK0", 1),
        current_uclk = values("CURRENT_UCLK", 0),
        num_partition = scalar("NUM_PARTITION"),
        pcie_lc_perf_other_end_recovery = scalar("PCIE_LC_PERF_OTHER_END_RECOVERY"),
        temperature_hbm = values("TEMPERATURE_HBM", 0),
    );
    t.xcp.partitions = 1;
    tagged!(t.xcp.fields, XcpField:
        gfx_busy_inst = values("GFX_BUSY_INST", 0),
        jpeg_busy = values("JPEG_BUSY", 0),
        vcn_busy = values("VCN_BUSY", 0),
        gfx_busy_acc = values("GFX_BUSY_ACC", 0),
        gfx_below_host_limit_ppt_acc = values("GFX_BELOW_HOST_LIMIT_PPT_ACC", 0),
        gfx_below_host_limit_thm_acc = values("GFX_BELOW_HOST_LIMIT_THM_ACC", 0),
        gfx_low_utilization_acc = values("GFX_LOW_UTILIZATION_ACC", 0),
        gfx_below_host_limit_total_acc = values("GFX_BELOW_HOST_LIMIT_TOTAL_ACC", 0),
    );
    t
};

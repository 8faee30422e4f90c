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

use super::reader::Reader;
use super::{GpuMetrics, MetricsHeader};
use crate::error::{Error, Result, Status};

/// Bytes before the first attribute: the header and `int attr_count`.
pub(super) const MIN_SIZE: usize = 8;

/// The C type of a v1.9 attribute's values (`enum amdgpu_metrics_attr_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum AttributeType {
    /// `AMDGPU_METRICS_TYPE_U8`.
    U8,
    /// `AMDGPU_METRICS_TYPE_S8`.
    S8,
    /// `AMDGPU_METRICS_TYPE_U16`.
    U16,
    /// `AMDGPU_METRICS_TYPE_S16`.
    S16,
    /// `AMDGPU_METRICS_TYPE_U32`.
    U32,
    /// `AMDGPU_METRICS_TYPE_S32`.
    S32,
    /// `AMDGPU_METRICS_TYPE_U64`.
    U64,
    /// `AMDGPU_METRICS_TYPE_S64`.
    S64,
}

impl AttributeType {
    pub(super) const ALL: [AttributeType; 8] = [
        AttributeType::U8,
        AttributeType::S8,
        AttributeType::U16,
        AttributeType::S16,
        AttributeType::U32,
        AttributeType::S32,
        AttributeType::U64,
        AttributeType::S64,
    ];

    /// Bytes per value.
    pub fn size(self) -> usize {
        match self {
            AttributeType::U8 | AttributeType::S8 => 1,
            AttributeType::U16 | AttributeType::S16 => 2,
            AttributeType::U32 | AttributeType::S32 => 4,
            AttributeType::U64 | AttributeType::S64 => 8,
        }
    }

    /// Whether values are two's complement.
    pub fn is_signed(self) -> bool {
        matches!(self, AttributeType::S8 | AttributeType::S16 | AttributeType::S32 | AttributeType::S64)
    }

    /// All bits set at this width.
    fn all_ones(self) -> u64 {
        u64::MAX >> (64 - 8 * self.size())
    }
}

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

fn malformed(detail: String) -> Error {
    Error::new(Status::UnexpectedData).with_detail(format!("gpu_metrics v1.9: {detail}"))
}

/// The attributes of a v1.9 blob already cut to `structure_size`.
fn parse(r: &Reader<'_>) -> Result<Vec<MetricAttribute>> {
    let count = r.raw::<u32>(4)?;
    let count = i32::from_le_bytes(count.to_le_bytes());
    let count = usize::try_from(count).map_err(|_| malformed(format!("attr_count {count} is negative")))?;
    let mut attrs = Vec::with_capacity(count.min(r.len() / 8));
    let mut offset = MIN_SIZE;
    for i in 0..count {
        let encoding = r.raw::<u64>(offset).map_err(|_| {
            malformed(format!("attr_count is {count} but attribute {i} starts past structure_size {}", r.len()))
        })?;
        let code = usize::try_from((encoding >> 20) & 0xF).unwrap_or(usize::MAX);
        let value_type = *AttributeType::ALL
            .get(code)
            .ok_or_else(|| malformed(format!("attribute {i} (encoding {encoding:#x}) has unknown type {code}")))?;
        let instances = usize::try_from(encoding & 0x3FF).unwrap_or(0);
        let len = instances * value_type.size();
        let bytes = offset.checked_add(8).and_then(|start| r.bytes(start, len).ok()).ok_or_else(|| {
            malformed(format!("attribute {i}'s {len} value bytes run past structure_size {}", r.len()))
        })?;
        let values = bytes
            .chunks_exact(value_type.size())
            .map(|c| c.iter().rev().fold(0u64, |acc, &b| acc << 8 | u64::from(b)))
            .collect();
        attrs.push(MetricAttribute {
            id: u16::try_from((encoding >> 10) & 0x3FF).unwrap_or(u16::MAX),
            unit: u8::try_from((encoding >> 24) & 0xFF).unwrap_or(u8::MAX),
            value_type,
            values,
        });
        offset = offset.saturating_add(8 + len);
    }
    Ok(attrs)
}

/// The raw attribute list of a v1.9 blob, every attribute in wire order (including ids the
/// normalized [`GpuMetrics`] has no field for). Other versions are NOT_SUPPORTED; header and
/// size errors are [`super::decode`]'s.
pub fn attributes(bytes: &[u8]) -> Result<Vec<MetricAttribute>> {
    let (h, _, body) = super::validate(bytes)?;
    if (h.format_revision, h.content_revision) != (1, 9) {
        return Err(Error::new(Status::NotSupported).with_detail(format!(
            "gpu_metrics v{}.{} has no attribute list (only v1.9 does)",
            h.format_revision, h.content_revision
        )));
    }
    parse(&Reader::new(body, (1, 9)))
}

/// Sets a scalar field from a one-value attribute (AMD SMI ignores multi-value ones here).
fn scalar<T: TryFrom<i128>>(dst: &mut Option<T>, a: &MetricAttribute) {
    if a.values.len() == 1 {
        *dst = a.get(0);
    }
}

/// Fills an array field from the attribute's values, in order, as far as both go.
fn array<T: TryFrom<i128>>(dst: &mut [Option<T>], a: &MetricAttribute) {
    for (i, slot) in dst.iter_mut().take(a.values.len()).enumerate() {
        *slot = a.get(i);
    }
}

/// A timestamp in ns from a one-value attribute in ns or 10 ns units.
fn nanoseconds(dst: &mut Option<u64>, a: &MetricAttribute, default_unit: u8) {
    let unit = if matches!(a.unit, UNIT_NS | UNIT_10NS) { a.unit } else { default_unit };
    if a.values.len() == 1 {
        let value = a.get::<u64>(0);
        *dst = if unit == UNIT_10NS { value.and_then(|v| v.checked_mul(10)) } else { value };
    }
}

/// v1.9, mapped onto AMD SMI's fields the way newer AMD SMI's dynamic reader
/// (`GpuMetricsBaseDynamic_t`) does: each known attribute id to the field of the same name
/// (`CURR_SOCKET_POWER` → `current_socket_power`, `MEM_MAX_BANDWIDTH` → `vram_max_bandwidth`),
/// per-XCC/engine arrays into `xcp_stats[0]` only, `CURRENT_UCLK` from its first value when
/// it is an array; then the scalar clocks from the arrays, as for v1.4+. Also: `TEMPERATURE_HBM`
/// fills `temperature_hbm` (first 4 stacks; 7.0.2 has no wider field), and timestamps are
/// converted to ns by their unit (`FIRMWARE_TIMESTAMP` is in 10 ns, so × 10 as for v1.2–1.8).
/// Values are checked at their wire width for all-ones, and a value that does not fit AMD SMI's
/// field (AMD SMI truncates it) is "not available". Unknown ids are skipped.
pub(super) fn decode(r: &Reader<'_>, h: MetricsHeader) -> Result<GpuMetrics> {
    let mut m = GpuMetrics::unavailable(h);
    for a in parse(r)? {
        let Some(name) = a.name() else { continue };
        match name {
            "TEMPERATURE_HOTSPOT" => scalar(&mut m.temperature_hotspot, &a),
            "TEMPERATURE_MEM" => scalar(&mut m.temperature_mem, &a),
            "TEMPERATURE_VRSOC" => scalar(&mut m.temperature_vrsoc, &a),
            "CURR_SOCKET_POWER" => scalar(&mut m.current_socket_power, &a),
            "AVERAGE_GFX_ACTIVITY" => scalar(&mut m.average_gfx_activity, &a),
            "AVERAGE_UMC_ACTIVITY" => scalar(&mut m.average_umc_activity, &a),
            "MEM_MAX_BANDWIDTH" => scalar(&mut m.vram_max_bandwidth, &a),
            "ENERGY_ACCUMULATOR" => scalar(&mut m.energy_accumulator, &a),
            "SYSTEM_CLOCK_COUNTER" => nanoseconds(&mut m.system_clock_counter, &a, UNIT_NS),
            "ACCUMULATION_COUNTER" => scalar(&mut m.accumulation_counter, &a),
            "PROCHOT_RESIDENCY_ACC" => scalar(&mut m.prochot_residency_acc, &a),
            "PPT_RESIDENCY_ACC" => scalar(&mut m.ppt_residency_acc, &a),
            "SOCKET_THM_RESIDENCY_ACC" => scalar(&mut m.socket_thm_residency_acc, &a),
            "VR_THM_RESIDENCY_ACC" => scalar(&mut m.vr_thm_residency_acc, &a),
            "HBM_THM_RESIDENCY_ACC" => scalar(&mut m.hbm_thm_residency_acc, &a),
            "GFXCLK_LOCK_STATUS" => scalar(&mut m.gfxclk_lock_status, &a),
            "PCIE_LINK_WIDTH" => scalar(&mut m.pcie_link_width, &a),
            "PCIE_LINK_SPEED" => scalar(&mut m.pcie_link_speed, &a),
            "XGMI_LINK_WIDTH" => scalar(&mut m.xgmi_link_width, &a),
            "XGMI_LINK_SPEED" => scalar(&mut m.xgmi_link_speed, &a),
            "GFX_ACTIVITY_ACC" => scalar(&mut m.gfx_activity_acc, &a),
            "MEM_ACTIVITY_ACC" => scalar(&mut m.mem_activity_acc, &a),
            "PCIE_BANDWIDTH_ACC" => scalar(&mut m.pcie_bandwidth_acc, &a),
            "PCIE_BANDWIDTH_INST" => scalar(&mut m.pcie_bandwidth_inst, &a),
            "PCIE_L0_TO_RECOV_COUNT_ACC" => scalar(&mut m.pcie_l0_to_recov_count_acc, &a),
            "PCIE_REPLAY_COUNT_ACC" => scalar(&mut m.pcie_replay_count_acc, &a),
            "PCIE_REPLAY_ROVER_COUNT_ACC" => scalar(&mut m.pcie_replay_rover_count_acc, &a),
            "PCIE_NAK_SENT_COUNT_ACC" => scalar(&mut m.pcie_nak_sent_count_acc, &a),
            "PCIE_NAK_RCVD_COUNT_ACC" => scalar(&mut m.pcie_nak_rcvd_count_acc, &a),
            "XGMI_READ_DATA_ACC" => array(&mut m.xgmi_read_data_acc, &a),
            "XGMI_WRITE_DATA_ACC" => array(&mut m.xgmi_write_data_acc, &a),
            "XGMI_LINK_STATUS" => array(&mut m.xgmi_link_status, &a),
            "FIRMWARE_TIMESTAMP" => nanoseconds(&mut m.firmware_timestamp, &a, UNIT_10NS),
            "CURRENT_GFXCLK" => array(&mut m.current_gfxclks, &a),
            "CURRENT_SOCCLK" => array(&mut m.current_socclks, &a),
            "CURRENT_VCLK0" => array(&mut m.current_vclk0s, &a),
            "CURRENT_DCLK0" => array(&mut m.current_dclk0s, &a),
            "CURRENT_UCLK" => m.current_uclk = a.get(0),
            "NUM_PARTITION" => scalar(&mut m.num_partition, &a),
            "PCIE_LC_PERF_OTHER_END_RECOVERY" => scalar(&mut m.pcie_lc_perf_other_end_recovery, &a),
            "TEMPERATURE_HBM" => array(&mut m.temperature_hbm, &a),
            xcp => {
                let Some(x) = m.xcp_stats.first_mut() else { continue };
                match xcp {
                    "GFX_BUSY_INST" => array(&mut x.gfx_busy_inst, &a),
                    "JPEG_BUSY" => array(&mut x.jpeg_busy, &a),
                    "VCN_BUSY" => array(&mut x.vcn_busy, &a),
                    "GFX_BUSY_ACC" => array(&mut x.gfx_busy_acc, &a),
                    "GFX_BELOW_HOST_LIMIT_PPT_ACC" => array(&mut x.gfx_below_host_limit_ppt_acc, &a),
                    "GFX_BELOW_HOST_LIMIT_THM_ACC" => array(&mut x.gfx_below_host_limit_thm_acc, &a),
                    "GFX_LOW_UTILIZATION_ACC" => array(&mut x.gfx_low_utilization_acc, &a),
                    "GFX_BELOW_HOST_LIMIT_TOTAL_ACC" => array(&mut x.gfx_below_host_limit_total_acc, &a),
                    _ => {}
                }
            }
        }
    }
    m.derive_scalar_clocks();
    Ok(m)
}

//! The name/value tables of MI300-class GPUs: the PMFW metrics table (`pm_metrics`) and the
//! register snapshots (`reg_state`), decoded into AMD SMI's `amdsmi_name_value_t` lists.
//!
//! Both files are binary. Their layouts, and the names AMD SMI gives each value, are AMD SMI's
//! field tables (`rocm_smi_binary_parser.h`: `smu_13_0_6_v8`, `xgmi_regs`, `wafl_regs`,
//! `pcie_regs`, `usr_regs`; identical in amdsmi of October 2024 and the newest amdsmi checked),
//! which match the kernel's `struct amdgpu_pmmetrics_header` + packed `MetricsTableX_t`
//! (`smu_v13_0_6_pmfw.h`) and `amdgpu_reg_state.h`. Values are little-endian, back to back.
//!
//! - `pm_metrics`: a 16-byte header (`structure_size`, `pad`, `mp1_ip_discovery_version`,
//!   `pmfw_version`, `pmmetrics_version`) and the firmware's metrics table. AMD SMI decodes only
//!   `pmmetrics_version` 4, with the `smu_13_0_6_v8` table ([`PM_METRICS_V4_SIZE`] bytes,
//!   [`PM_METRICS_V4_ENTRIES`] entries); array fields are named `Field[i]`. Bytes past the table
//!   (newer firmware appends fields) are ignored, and `structure_size` is reported, not
//!   enforced, as AMD SMI does.
//! - `reg_state`: five 4 KiB blocks, one per [`AmdSmiRegType`], each selected by the read offset.
//!   A block is an 8-byte header (`num_instances` at byte 5), then per instance an 8-byte header
//!   (`num_smn_regs` at byte 4; PCIE adds 16 bytes of link and AER status) followed by
//!   `num_smn_regs` SMN registers of 16 bytes (`addr`, `value`, `pad`). Instance values are
//!   named `field.instance[i]`, register values `field.instance[i].smn[j]`, header values bare.
//!   The walk is the newer amdsmi parser's: `num_instances` instances, each with its own
//!   `num_smn_regs` registers (the October 2024 parser read one instance too many when the last
//!   one had no registers). As AMD SMI does, the first instance is read even when
//!   `num_instances` is 0.
//!
//! Nothing here panics or loops on any input: every value is read through a bounds check, and
//! every loop iteration consumes bytes of the input or stops with an error.
//!
//! Errors of the decoders: a table (or a counted instance/register) that runs past the bytes
//! is UNEXPECTED_SIZE, naming the field; a `pm_metrics` version other than 4 is NOT_SUPPORTED
//! (`"pm_metrics version N is not supported"`). AMD SMI reports every failure of these two
//! functions as NOT_SUPPORTED; the distinction is this crate's.

use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;
use crate::sysfs;
use Width::{U16, U32, U64, U8};

/// One named value of a table: AMD SMI's `amdsmi_name_value_t`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NameValue {
    /// The value's name as AMD SMI builds it (`SocketPower`, `GfxclkFrequency[3]`,
    /// `value.instance[1].smn[4]`).
    pub name: String,
    /// The raw value, zero-extended (units are the firmware's or the register's own).
    pub value: u64,
}

/// A register block of `reg_state` (`AmdSmiRegType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiRegType {
    /// XGMI link registers (block at offset 0x0000).
    #[amd(name = "XGMI")]
    Xgmi = 0,
    /// WAFL link registers (0x1000).
    #[amd(name = "WAFL")]
    Wafl = 1,
    /// PCIe registers and link/AER status (0x2000).
    #[amd(name = "PCIE")]
    Pcie = 2,
    /// USR registers (0x3000).
    #[amd(name = "USR")]
    Usr = 3,
    /// USR_1 registers (0x4000).
    #[amd(name = "USR1")]
    Usr1 = 4,
}

impl AmdSmiRegType {
    /// The read offset in `reg_state` that selects this block (the kernel's
    /// `AMDGPU_SYS_REG_STATE_*`): 0x1000 per block, in AMD's order.
    pub fn offset(self) -> u64 {
        self as u64 * REG_BLOCK_SIZE as u64
    }

    /// The fields of one instance of this block, after the common instance header.
    fn instance_status(self) -> &'static [Field] {
        match self {
            AmdSmiRegType::Pcie => &PCIE_STATUS,
            _ => &[],
        }
    }
}

/// Bytes read for one `reg_state` block (AMD SMI reads 4096 at the block's offset).
pub const REG_BLOCK_SIZE: usize = 0x1000;

/// The only `pmmetrics_version` AMD SMI decodes.
pub const PM_METRICS_VERSION: u32 = 4;

/// Bytes of a version-4 `pm_metrics` blob that AMD SMI decodes (header included).
pub const PM_METRICS_V4_SIZE: usize = 1740;

/// Entries of a decoded version-4 `pm_metrics` blob.
pub const PM_METRICS_V4_ENTRIES: usize = 259;

/// The width of a value on the wire.
#[derive(Clone, Copy, Debug)]
enum Width {
    U8,
    U16,
    U32,
    U64,
}

impl Width {
    const fn bytes(self) -> usize {
        match self {
            Width::U8 => 1,
            Width::U16 => 2,
            Width::U32 => 4,
            Width::U64 => 8,
        }
    }
}

/// What a field's value means to the decoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A value, reported and nothing else.
    Value,
    /// A value that also counts the records of the next level (instances, SMN registers).
    Count,
}

/// One field of a table: `count` consecutive values of `width` (an array when `count > 1`).
#[derive(Clone, Copy, Debug)]
struct Field {
    name: &'static str,
    width: Width,
    count: usize,
    role: Role,
}

const fn one(name: &'static str, width: Width) -> Field {
    Field { name, width, count: 1, role: Role::Value }
}

const fn array(name: &'static str, width: Width, count: usize) -> Field {
    Field { name, width, count, role: Role::Value }
}

const fn counter(name: &'static str, width: Width) -> Field {
    Field { name, width, count: 1, role: Role::Count }
}

/// Bytes a table occupies.
const fn table_size(fields: &[Field]) -> usize {
    let (mut i, mut size) = (0, 0);
    while i < fields.len() {
        size += fields[i].width.bytes() * fields[i].count;
        i += 1;
    }
    size
}

/// Entries a table yields.
const fn table_entries(fields: &[Field]) -> usize {
    let (mut i, mut entries) = (0, 0);
    while i < fields.len() {
        entries += fields[i].count;
        i += 1;
    }
    entries
}

/// AMD SMI's `smu_13_0_6_v8`: the `pm_metrics` header and the MI300 PMFW metrics table.
const SMU_13_0_6_V8: [Field; 68] = [
    one("structure_size", U16),
    one("pad", U16),
    one("mp1_ip_discovery_version", U32),
    one("pmfw_version", U32),
    one("pmmetrics_version", U32),
    one("AccumulationCounter", U32),
    one("MaxSocketTemperature", U32),
    one("MaxVrTemperature", U32),
    one("MaxHbmTemperature", U32),
    one("MaxSocketTemperatureAcc", U64),
    one("MaxVrTemperatureAcc", U64),
    one("MaxHbmTemperatureAcc", U64),
    one("SocketPowerLimit", U32),
    one("MaxSocketPowerLimit", U32),
    one("SocketPower", U32),
    one("Timestamp", U64),
    one("SocketEnergyAcc", U64),
    one("CcdEnergyAcc", U64),
    one("XcdEnergyAcc", U64),
    one("AidEnergyAcc", U64),
    one("HbmEnergyAcc", U64),
    one("CclkFrequencyLimit", U32),
    one("GfxclkFrequencyLimit", U32),
    one("FclkFrequency", U32),
    one("UclkFrequency", U32),
    array("SocclkFrequency", U32, 4),
    array("VclkFrequency", U32, 4),
    array("DclkFrequency", U32, 4),
    array("LclkFrequency", U32, 4),
    array("GfxclkFrequencyAcc", U64, 8),
    array("CclkFrequencyAcc", U64, 96),
    one("MaxCclkFrequency", U32),
    one("MinCclkFrequency", U32),
    one("MaxGfxclkFrequency", U32),
    one("MinGfxclkFrequency", U32),
    array("FclkFrequencyTable", U32, 4),
    array("UclkFrequencyTable", U32, 4),
    array("SocclkFrequencyTable", U32, 4),
    array("VclkFrequencyTable", U32, 4),
    array("DclkFrequencyTable", U32, 4),
    array("LclkFrequencyTable", U32, 4),
    one("MaxLclkDpmRange", U32),
    one("MinLclkDpmRange", U32),
    one("XgmiWidth", U32),
    one("XgmiBitrate", U32),
    array("XgmiReadBandwidthAcc", U64, 8),
    array("XgmiWriteBandwidthAcc", U64, 8),
    one("SocketC0Residency", U32),
    one("SocketGfxBusy", U32),
    one("DramBandwidthUtilization", U32),
    one("SocketC0ResidencyAcc", U64),
    one("SocketGfxBusyAcc", U64),
    one("DramBandwidthAcc", U64),
    one("MaxDramBandwidth", U32),
    one("DramBandwidthUtilizationAcc", U64),
    array("PcieBandwidthAcc", U64, 4),
    one("ProchotResidencyAcc", U32),
    one("PptResidencyAcc", U32),
    one("SocketThmResidencyAcc", U32),
    one("VrThmResidencyAcc", U32),
    one("HbmThmResidencyAcc", U32),
    one("GfxLockXCDMak", U32),
    array("GfxclkFrequency", U32, 8),
    array("PublicSerialNumber_AID", U64, 4),
    array("PublicSerialNumber_XCD", U64, 8),
    array("PublicSerialNumber_CCD", U64, 12),
    array("XgmiReadDataSizeAcc", U64, 8),
    array("XgmiWriteDataSizeAcc", U64, 8),
];

/// `struct amdgpu_reg_state_header`; `num_instances` counts the instances.
const REG_HEADER: [Field; 6] = [
    one("structure_size", U16),
    one("format_revision", U8),
    one("content_revision", U8),
    one("state_type", U8),
    counter("num_instances", U8),
    one("pad", U16),
];

/// `struct amdgpu_reg_inst_header`; `num_smn_regs` counts the instance's SMN registers.
const REG_INSTANCE: [Field; 4] =
    [one("instance", U16), one("state", U16), counter("num_smn_regs", U16), one("pad", U16)];

/// The link and AER status a PCIE instance carries after its header (`amdgpu_regs_pcie_v1_0`).
const PCIE_STATUS: [Field; 5] = [
    one("device_status", U16),
    one("link_status", U16),
    one("sub_bus_number_latency", U32),
    one("pcie_corr_err_status", U32),
    one("pcie_uncorr_err_status", U32),
];

/// `struct amdgpu_smn_reg_data`.
const SMN_REG: [Field; 3] = [one("addr", U64), one("value", U32), one("pad", U32)];

const _: () = {
    assert!(table_size(&SMU_13_0_6_V8) == PM_METRICS_V4_SIZE);
    assert!(table_entries(&SMU_13_0_6_V8) == PM_METRICS_V4_ENTRIES);
    // The kernel's structs (amdgpu_reg_state.h) and the pm_metrics header (kgd_pp_interface.h).
    assert!(table_size(SMU_13_0_6_V8.split_at(5).0) == 16);
    assert!(table_size(&REG_HEADER) == 8);
    assert!(table_size(&REG_INSTANCE) == 8);
    assert!(table_size(&PCIE_STATUS) == 16);
    assert!(table_size(&SMN_REG) == 16);
};

/// Reads values front to back, every read bounds-checked.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'a str,
}

impl Cursor<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn short(&self, detail: std::fmt::Arguments<'_>) -> Error {
        Error::new(Status::UnexpectedSize).with_detail(format!("{}: {detail}", self.what))
    }

    /// The next value of `width` bytes, named `name` in the error when the bytes run out.
    fn next(&mut self, width: Width, name: &str) -> Result<u64> {
        let n = width.bytes();
        let slice = self.pos.checked_add(n).and_then(|end| self.bytes.get(self.pos..end)).ok_or_else(|| {
            self.short(format_args!(
                "{name} needs {n} bytes at offset {} but only {} were read",
                self.pos,
                self.bytes.len()
            ))
        })?;
        let mut le = [0u8; 8];
        le[..n].copy_from_slice(slice);
        self.pos += n;
        Ok(u64::from_le_bytes(le))
    }

    /// Appends the values of `fields` to `out`, each named `Field`/`Field[i]` then `suffix`;
    /// returns the value of the table's counting field (0 when it has none).
    fn fields(&mut self, fields: &[Field], suffix: &str, out: &mut Vec<NameValue>) -> Result<u64> {
        let mut count = 0;
        for field in fields {
            for i in 0..field.count {
                let name = if field.count == 1 {
                    format!("{}{suffix}", field.name)
                } else {
                    format!("{}[{i}]{suffix}", field.name)
                };
                let value = self.next(field.width, &name)?;
                if field.role == Role::Count {
                    count = value;
                }
                out.push(NameValue { name, value });
            }
        }
        Ok(count)
    }
}

/// Decodes a `pm_metrics` blob (the bytes of the sysfs file) into AMD SMI's name/value list.
///
/// Errors: fewer than the 16 header bytes, or fewer than the version-4 table's
/// [`PM_METRICS_V4_SIZE`], is UNEXPECTED_SIZE; a `pmmetrics_version` (u32 at offset 12) other
/// than [`PM_METRICS_VERSION`] is NOT_SUPPORTED (an all-zero blob: version 0).
pub fn pm_metrics(bytes: &[u8]) -> Result<Vec<NameValue>> {
    let version = bytes.get(12..16).and_then(|b| b.try_into().ok()).map(u32::from_le_bytes).ok_or_else(|| {
        Error::new(Status::UnexpectedSize)
            .with_detail(format!("pm_metrics: {} bytes, the header needs 16", bytes.len()))
    })?;
    if version != PM_METRICS_VERSION {
        return Err(Error::new(Status::NotSupported).with_detail(format!(
            "pm_metrics version {version} is not supported (AMD SMI decodes version {PM_METRICS_VERSION} only)"
        )));
    }
    let mut cursor = Cursor { bytes, pos: 0, what: "pm_metrics v4" };
    let mut out = Vec::with_capacity(PM_METRICS_V4_ENTRIES);
    cursor.fields(&SMU_13_0_6_V8, "", &mut out)?;
    Ok(out)
}

/// Decodes one `reg_state` block (the bytes read at `reg_type`'s offset, at most
/// [`REG_BLOCK_SIZE`] on a real kernel) into AMD SMI's name/value list.
///
/// Errors: a header, instance or SMN register that runs past the bytes is UNEXPECTED_SIZE
/// (an empty block included). The work is bounded by the input: every instance and register
/// consumes bytes, and an SMN count that cannot fit in what remains is rejected before reading.
pub fn reg_table(block: &[u8], reg_type: AmdSmiRegType) -> Result<Vec<NameValue>> {
    let what = format!("reg_state {}", reg_type.name());
    let mut cursor = Cursor { bytes: block, pos: 0, what: &what };
    let mut out = Vec::new();
    let instances = cursor.fields(&REG_HEADER, "", &mut out)?;
    // AMD SMI's parser walks into the first instance before it looks at the count.
    for i in 0..instances.max(1) {
        let suffix = format!(".instance[{i}]");
        let registers = cursor.fields(&REG_INSTANCE, &suffix, &mut out)?;
        cursor.fields(reg_type.instance_status(), &suffix, &mut out)?;
        let needed = usize::try_from(registers).unwrap_or(usize::MAX).saturating_mul(table_size(&SMN_REG));
        if needed > cursor.remaining() {
            return Err(cursor.short(format_args!(
                "instance {i} has {registers} SMN registers ({needed} bytes) but only {} bytes remain",
                cursor.remaining()
            )));
        }
        for j in 0..registers {
            cursor.fields(&SMN_REG, &format!("{suffix}.smn[{j}]"), &mut out)?;
        }
    }
    Ok(out)
}

impl Gpu<'_> {
    /// The PMFW metrics table (`pm_metrics`) as name/value pairs. NOT_SUPPORTED where the GPU
    /// has no such file (everything but MI300-class) or its version is not 4.
    #[doc(alias = "amdsmi_get_gpu_pm_metrics_info")]
    pub fn pm_metrics_info(&self) -> Result<Vec<NameValue>> {
        let path = self.device().attr("pm_metrics");
        pm_metrics(&sysfs::read_bytes(&path)?).map_err(|e| e.with_path(&path))
    }

    /// One register block of `reg_state` as name/value pairs: one read of
    /// [`REG_BLOCK_SIZE`] bytes at the block's offset. NOT_SUPPORTED where the GPU has no
    /// `reg_state` (everything but MI300-class), and when the file ends before the block.
    #[doc(alias = "amdsmi_get_gpu_reg_table_info")]
    pub fn reg_table_info(&self, reg_type: AmdSmiRegType) -> Result<Vec<NameValue>> {
        let path = self.device().attr("reg_state");
        let block = sysfs::read_at(&path, reg_type.offset(), REG_BLOCK_SIZE)?;
        if block.is_empty() {
            return Err(Error::new(Status::NotSupported).with_path(&path).with_detail(format!(
                "no {} block: nothing to read at offset {:#x}",
                reg_type.name(),
                reg_type.offset()
            )));
        }
        reg_table(&block, reg_type).map_err(|e| e.with_path(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `reg_state` block built from (width in bytes, value) pairs.
    fn block(values: &[(usize, u64)]) -> Vec<u8> {
        values.iter().flat_map(|&(n, v)| v.to_le_bytes()[..n].to_vec()).collect()
    }

    fn names(entries: &[NameValue]) -> Vec<&str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn reg_types_have_amd_numbers_names_and_offsets() {
        let got: Vec<_> = AmdSmiRegType::ALL.iter().map(|t| (*t as u32, t.name(), t.offset())).collect();
        assert_eq!(
            got,
            [(0, "XGMI", 0x0000), (1, "WAFL", 0x1000), (2, "PCIE", 0x2000), (3, "USR", 0x3000), (4, "USR1", 0x4000)]
        );
    }

    #[test]
    fn instance_without_registers_goes_on_to_the_next_instance() {
        // 2 instances: the first has no SMN registers, the second one.
        let bytes = block(&[
            (2, 48),
            (1, 1),
            (1, 0),
            (1, 4),
            (1, 2),
            (2, 0),
            (2, 0),
            (2, 0),
            (2, 0),
            (2, 0),
            (2, 1),
            (2, 0),
            (2, 1),
            (2, 0),
            (8, 0x1B31_1060),
            (4, 0xDEAD),
            (4, 0),
        ]);
        let t = reg_table(&bytes, AmdSmiRegType::Usr).unwrap();
        assert_eq!(
            names(&t),
            [
                "structure_size",
                "format_revision",
                "content_revision",
                "state_type",
                "num_instances",
                "pad",
                "instance.instance[0]",
                "state.instance[0]",
                "num_smn_regs.instance[0]",
                "pad.instance[0]",
                "instance.instance[1]",
                "state.instance[1]",
                "num_smn_regs.instance[1]",
                "pad.instance[1]",
                "addr.instance[1].smn[0]",
                "value.instance[1].smn[0]",
                "pad.instance[1].smn[0]",
            ]
        );
        assert_eq!(t[14].value, 0x1B31_1060);
        assert_eq!(t[15].value, 0xDEAD);
    }

    #[test]
    fn zero_instances_still_reads_the_first_as_amd_does() {
        let t = reg_table(&[0; 16], AmdSmiRegType::Xgmi).unwrap();
        assert_eq!(t.len(), 10);
        assert_eq!(t[9].name, "pad.instance[0]");
        assert!(t.iter().all(|e| e.value == 0));
        // PCIE's instance carries 5 more values.
        assert_eq!(reg_table(&[0; 32], AmdSmiRegType::Pcie).unwrap().len(), 15);
        assert_eq!(reg_table(&[0; 31], AmdSmiRegType::Pcie).unwrap_err().status(), Status::UnexpectedSize);
    }

    #[test]
    fn counts_past_the_bytes_are_unexpected_size_without_reading_them() {
        // 255 instances, the first claims 65535 registers: rejected before the register loop.
        let mut bytes = block(&[(2, 0), (1, 1), (1, 0), (1, 1), (1, 255), (2, 0), (2, 0), (2, 0), (2, 0xFFFF), (2, 0)]);
        bytes.resize(REG_BLOCK_SIZE, 0xFF);
        let err = reg_table(&bytes, AmdSmiRegType::Xgmi).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedSize);
        assert!(err.detail().unwrap().contains("65535 SMN registers"), "{err}");
        for len in 0..8 {
            let err = reg_table(&bytes[..len], AmdSmiRegType::Wafl).unwrap_err();
            assert_eq!(err.status(), Status::UnexpectedSize, "{len} bytes");
        }
    }

    #[test]
    fn pm_metrics_header_and_version() {
        assert_eq!(pm_metrics(&[]).unwrap_err().status(), Status::UnexpectedSize);
        assert_eq!(pm_metrics(&[0; 15]).unwrap_err().status(), Status::UnexpectedSize);
        let err = pm_metrics(&[0; PM_METRICS_V4_SIZE]).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.detail(), Some("pm_metrics version 0 is not supported (AMD SMI decodes version 4 only)"));
        let mut bytes = vec![0; PM_METRICS_V4_SIZE];
        bytes[12] = 4;
        let t = pm_metrics(&bytes).unwrap();
        assert_eq!(t.len(), PM_METRICS_V4_ENTRIES);
        assert_eq!(t[4], NameValue { name: "pmmetrics_version".into(), value: 4 });
        assert_eq!(t[PM_METRICS_V4_ENTRIES - 1].name, "XgmiWriteDataSizeAcc[7]");
        let err = pm_metrics(&bytes[..PM_METRICS_V4_SIZE - 1]).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedSize);
        assert_eq!(
            err.detail(),
            Some("pm_metrics v4: XgmiWriteDataSizeAcc[7] needs 8 bytes at offset 1732 but only 1739 were read")
        );
    }
}

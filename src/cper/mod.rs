//! UEFI CPER error records as amdgpu writes them, and AMD Field IDs.
//!
//! amdgpu (`drivers/gpu/drm/amd/amdgpu/amdgpu_cper.c`, layouts in `amd_cper.h`) logs RAS events
//! as UEFI Common Platform Error Records (UEFI spec appendix N) into a ring that debugfs exposes
//! as `/sys/kernel/debug/dri/<card minor>/amdgpu_ring_cper`. A record is a 128-byte header, one
//! 72-byte descriptor per section, then the section bodies. amdgpu writes three section types:
//! AMD's crash dump (a fatal error's ACA registers, or a boot-time failure's per-OAM messages)
//! and AMD's non-standard error section (a runtime error's ACA register dump; also the bad-page
//! threshold record); AMD SMI reads processor-error sections with the non-standard layout too.
//!
//! - [`CperRecord::decode`] decodes one record; [`CperHeader::decode`] only its header.
//! - [`ring`] finds the records in a ring file and selects entries as
//!   `amdsmi_get_gpu_cper_entries` does; [`Gpu::cper_ring`] reads a GPU's ring once (then
//!   paged with [`CperRing::pages`]), [`Gpu::cper_entries`] is one call of the C API.
//! - [`afid`] derives AMD Field IDs from a record's register dumps (`amdsmi_get_afids_from_cper`).
//! - `encode` writes records and ring files back (test support; only with the `fixtures` feature).
//!
//! The wire layouts live in a private module, apart from these types; decoding never touches the
//! filesystem, bounds-checks every read and never panics.

pub mod afid;
#[cfg(feature = "fixtures")]
pub mod encode;
pub mod ring;
mod tables;
mod wire;

use std::fmt;
use std::mem::size_of;
use std::path::{Path, PathBuf};

use crate::bytes::Bytes;
use crate::error::{Error, Result, Status};
use crate::gpu::device::debugfs_dri;
use crate::gpu::Gpu;
use ring::CperRing;
use wire::{
    RawCrashDumpBoot, RawCrashDumpFatal, RawCrashDumpHeader, RawHeader, RawNonStandardError, RawRegisterContext,
    RawSectionDescriptor,
};

/// Bytes of the record header.
pub const HEADER_LEN: usize = size_of::<RawHeader>();
/// Bytes of one section descriptor.
pub const DESCRIPTOR_LEN: usize = size_of::<RawSectionDescriptor>();
/// Bytes of a fatal crash-dump section body.
pub const FATAL_SECTION_LEN: usize = size_of::<RawCrashDumpFatal>();
/// Bytes of a boot-time crash-dump section body.
pub const BOOT_SECTION_LEN: usize = size_of::<RawCrashDumpBoot>();
/// Bytes of a non-standard error section body.
pub const NONSTANDARD_SECTION_LEN: usize = size_of::<RawNonStandardError>();
/// The record signature.
pub const SIGNATURE: [u8; 4] = *b"CPER";
/// The value of `signature_end`.
pub const SIGNATURE_END: u32 = 0xFFFF_FFFF;
/// Register context type of an ACA register dump (`CPER_CTX_TYPE_CRASH`).
pub const CONTEXT_TYPE_CRASH: u16 = 1;
/// Register context type of boot-time messages (`CPER_CTX_TYPE_BOOT`).
pub const CONTEXT_TYPE_BOOT: u16 = 9;
/// Section descriptor flag: the primary section.
pub const SECTION_FLAG_PRIMARY: u32 = 1 << 0;
/// Section descriptor flag: an error threshold was exceeded (the bad-page threshold record).
pub const SECTION_FLAG_EXCEED_ERR_THRESHOLD: u32 = 1 << 3;
/// Section descriptor flag: a latent (poison, deferred) error.
pub const SECTION_FLAG_LATENT_ERR: u32 = 1 << 4;

/// A GUID as CPER stores it (`EFI_GUID`: the first three fields little-endian, then 8 bytes).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Guid(pub [u8; 16]);

impl Guid {
    /// The GUID `a-b-c-d[0..2]-d[2..8]`, laid out as the kernel's `GUID_INIT` lays it out.
    pub const fn new(a: u32, b: u16, c: u16, d: [u8; 8]) -> Guid {
        let [a0, a1, a2, a3] = a.to_le_bytes();
        let [b0, b1] = b.to_le_bytes();
        let [c0, c1] = c.to_le_bytes();
        Guid([a0, a1, a2, a3, b0, b1, c0, c1, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
    }

    /// Notification type of machine-check (uncorrected) errors (`CPER_NOTIFY_MCE`).
    pub const NOTIFY_MCE: Guid =
        Guid::new(0xE8F5_6FFE, 0x919C, 0x4CC5, [0xBA, 0x88, 0x65, 0xAB, 0xE1, 0x49, 0x13, 0xBB]);
    /// Notification type of corrected machine checks (`CPER_NOTIFY_CMC`).
    pub const NOTIFY_CMC: Guid =
        Guid::new(0x2DCE_8BB1, 0xBDD7, 0x450E, [0xB9, 0xAD, 0x9C, 0xF4, 0xEB, 0xD4, 0xF8, 0x90]);
    /// Notification type of boot errors (`BOOT_TYPE`).
    pub const NOTIFY_BOOT: Guid =
        Guid::new(0x3D61_A466, 0xAB40, 0x409A, [0xA6, 0x98, 0xF3, 0x62, 0xD4, 0x64, 0xB3, 0x8F]);
    /// Section type of AMD's crash dump (`AMD_CRASHDUMP`).
    pub const SECTION_CRASHDUMP: Guid =
        Guid::new(0x32AC_0C78, 0x2623, 0x48F6, [0xB0, 0xD0, 0x73, 0x65, 0x72, 0x5F, 0xD6, 0xAE]);
    /// Section type of AMD's non-standard GPU error (`AMD_GPU_NONSTANDARD_ERROR`).
    pub const SECTION_NONSTANDARD: Guid =
        Guid::new(0x32AC_0C78, 0x2623, 0x48F6, [0x81, 0xA2, 0xAC, 0x69, 0x17, 0x80, 0x55, 0x1D]);
    /// Section type of a UEFI processor-generic error (`PROC_ERR_SECTION_TYPE`).
    pub const SECTION_PROCESSOR_ERROR: Guid =
        Guid::new(0xDC3E_A0B0, 0xA144, 0x4797, [0xB9, 0x5B, 0x53, 0xFA, 0x24, 0x2B, 0x6E, 0x1D]);

    /// The first eight bytes as a little-endian number (AMD SMI's `amdsmi_cper_notify_type_t`).
    pub fn low_u64(&self) -> u64 {
        let [b0, b1, b2, b3, b4, b5, b6, b7, ..] = self.0;
        u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7])
    }
}

impl fmt::Display for Guid {
    /// `32ac0c78-2623-48f6-b0d0-7365725fd6ae`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            u16::from_le_bytes([b[4], b[5]]),
            u16::from_le_bytes([b[6], b[7]]),
            b[8],
            b[9],
            b[10],
            b[11],
            b[12],
            b[13],
            b[14],
            b[15]
        )
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Guid({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Guid {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A CPER error severity (`enum cper_error_severity`; AMD SMI's `amdsmi_cper_sev_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct CperSeverity(pub u32);

impl CperSeverity {
    /// Uncorrected, not fatal (recoverable; also deferred errors).
    pub const NON_FATAL_UNCORRECTED: CperSeverity = CperSeverity(0);
    /// Fatal.
    pub const FATAL: CperSeverity = CperSeverity(1);
    /// Corrected.
    pub const NON_FATAL_CORRECTED: CperSeverity = CperSeverity(2);
    /// `CPER_SEV_NUM`, which older kernels wrote for the bad-page threshold record.
    pub const NUM: CperSeverity = CperSeverity(3);
    /// Unused.
    pub const UNUSED: CperSeverity = CperSeverity(10);

    /// The name AMD SMI's Python layer reports: `non_fatal_uncorrected`, `fatal`,
    /// `non_fatal_corrected`, `num`, and `unused` for every other value.
    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "non_fatal_uncorrected",
            1 => "fatal",
            2 => "non_fatal_corrected",
            3 => "num",
            _ => "unused",
        }
    }

    /// Whether `severity_mask` selects this severity (bit `1 << severity`; none above bit 31).
    pub fn in_mask(self, severity_mask: u32) -> bool {
        1u32.checked_shl(self.0).is_some_and(|bit| severity_mask & bit != 0)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CperSeverity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// The notification types AMD SMI names (`amdsmi_cper_notify_type_t`), keyed by the first eight
/// bytes of the notification-type GUID.
const NOTIFY_TYPES: &[(u64, &str)] = &[
    (0x450E_BDD7_2DCE_8BB1, "CMC"),
    (0x4A55_D843_4E29_2F96, "CPE"),
    (0x4CC5_919C_E8F5_6FFE, "MCE"),
    (0x4DFC_1A16_CF93_C01F, "PCIE"),
    (0x454A_9308_CC52_63E8, "INIT"),
    (0x42C9_B7E6_5BAD_89FF, "NMI"),
    (0x409A_AB40_3D61_A466, "BOOT"),
    (0x4C27_C6B3_667D_D791, "DMAr"),
    (0x11E4_BBE8_9A78_788A, "SEA"),
    (0x4E87_B0AE_5C28_4C81, "SEI"),
    (0x4214_5204_09A9_D5AC, "PEI"),
    (0x49A3_41DF_6929_3BC9, "CXL_COMPONENT"),
];

/// The name AMD SMI gives a notification type (`MCE`, `CMC`, `BOOT`, ...), `Unknown` otherwise.
pub fn notify_type_name(notify_type: &Guid) -> &'static str {
    let key = notify_type.low_u64();
    NOTIFY_TYPES.iter().find(|(k, _)| *k == key).map_or("Unknown", |(_, name)| name)
}

/// The text of a NUL-padded `char[]` field: the bytes before the first NUL, lossy UTF-8.
pub fn field_text(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(bytes.get(..end).unwrap_or_default()).into_owned()
}

#[cfg(feature = "serde")]
fn serialize_text<S: serde::Serializer, const N: usize>(bytes: &[u8; N], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&field_text(bytes))
}

/// When a record was written (`struct cper_timestamp`), UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperTimestamp {
    /// Seconds, 0-59.
    pub seconds: u8,
    /// Minutes, 0-59.
    pub minutes: u8,
    /// Hours, 0-23.
    pub hours: u8,
    /// Flags (bit 0: the timestamp is precise); amdgpu writes 0.
    pub flag: u8,
    /// Day of the month, 1-31.
    pub day: u8,
    /// Month, 1-12.
    pub month: u8,
    /// Year within the century, 0-99.
    pub year: u8,
    /// Century (20 for 2025).
    pub century: u8,
}

impl CperTimestamp {
    fn from_wire(b: [u8; 8]) -> CperTimestamp {
        let [seconds, minutes, hours, flag, day, month, year, century] = b;
        CperTimestamp { seconds, minutes, hours, flag, day, month, year, century }
    }

    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> [u8; 8] {
        [self.seconds, self.minutes, self.hours, self.flag, self.day, self.month, self.year, self.century]
    }
}

impl fmt::Display for CperTimestamp {
    /// `YYYY/MM/DD HH:MM:SS` as AMD SMI's Python layer formats it: a year below 100 gets 2000
    /// added, the century byte is not used.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = if self.year < 100 { 2000 + u32::from(self.year) } else { u32::from(self.year) };
        write!(
            f,
            "{year:04}/{:02}/{:02} {:02}:{:02}:{:02}",
            self.month, self.day, self.hours, self.minutes, self.seconds
        )
    }
}

/// The record header (`struct cper_hdr`, 128 bytes), every field as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperHeader {
    /// `"CPER"`.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_text"))]
    pub signature: [u8; 4],
    /// Format revision (0x0100 for UEFI 2.x records).
    pub revision: u16,
    /// 0xFFFFFFFF.
    pub signature_end: u32,
    /// Number of sections.
    pub sec_cnt: u16,
    /// The most severe of the sections' severities.
    pub error_severity: CperSeverity,
    /// Which optional fields are valid: bit 0 platform id, bit 1 timestamp, bit 2 partition id.
    pub valid_bits: u32,
    /// Bytes of the whole record: header, descriptors and bodies.
    pub record_length: u32,
    /// When the record was written.
    pub timestamp: CperTimestamp,
    /// The platform, as amdgpu writes it `0xVVVV:0xDDDD` (PCI vendor:device).
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_text"))]
    pub platform_id: [u8; 16],
    /// Partition id (reserved by amdgpu).
    pub partition_id: Guid,
    /// Who wrote the record: `amdgpu`.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_text"))]
    pub creator_id: [u8; 16],
    /// Notification type (MCE, CMC, BOOT).
    pub notify_type: Guid,
    /// Record id, amdgpu `<socket>:<counter in hex>` (8 bytes, NUL-terminated only when shorter).
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_text"))]
    pub record_id: [u8; 8],
    /// Flags (reserved).
    pub flags: u32,
    /// Persistence information (reserved).
    pub persistence_info: u64,
    /// Reserved bytes.
    pub reserved: [u8; 12],
}

/// Why bytes are not a record header ([`CperHeader::check`]).
pub(crate) enum HeaderFault {
    /// Fewer than [`HEADER_LEN`] bytes.
    Short,
    /// The signature and `signature_end` found instead of `CPER` / 0xFFFFFFFF.
    Signature([u8; 4], u32),
    /// A `record_length` below the header or past the bytes.
    Length(usize),
}

impl CperHeader {
    /// Decodes and checks the header at the front of `bytes`: at least 128 bytes
    /// (UNEXPECTED_SIZE), signature `CPER` and `signature_end` 0xFFFFFFFF (UNEXPECTED_DATA),
    /// `record_length` from 128 up to `bytes.len()` (UNEXPECTED_SIZE).
    pub fn decode(bytes: &[u8]) -> Result<CperHeader> {
        CperHeader::check(bytes).map_err(|fault| match fault {
            HeaderFault::Short => Error::new(Status::UnexpectedSize)
                .with_detail(format!("CPER: {} bytes, the header needs {HEADER_LEN}", bytes.len())),
            HeaderFault::Signature(signature, signature_end) => Error::new(Status::UnexpectedData).with_detail(
                format!("CPER: signature {:?} / {signature_end:#x} is not CPER / 0xffffffff", field_text(&signature)),
            ),
            HeaderFault::Length(length) => Error::new(Status::UnexpectedSize)
                .with_detail(format!("CPER: record_length {length} outside {HEADER_LEN}..={} bytes", bytes.len())),
        })
    }

    /// The checks of [`CperHeader::decode`], with no error built: the ring scan tries the bytes
    /// after every `CPER` it meets, and most are not headers.
    pub(crate) fn check(bytes: &[u8]) -> std::result::Result<CperHeader, HeaderFault> {
        let raw: RawHeader = Bytes::new(bytes).read().map_err(|_| HeaderFault::Short)?;
        let header = CperHeader::from_wire(&raw);
        if header.signature != SIGNATURE || header.signature_end != SIGNATURE_END {
            return Err(HeaderFault::Signature(header.signature, header.signature_end));
        }
        let length = header.record_length as usize;
        if length < HEADER_LEN || length > bytes.len() {
            return Err(HeaderFault::Length(length));
        }
        Ok(header)
    }

    fn from_wire(raw: &RawHeader) -> CperHeader {
        CperHeader {
            signature: raw.signature,
            revision: raw.revision,
            signature_end: raw.signature_end,
            sec_cnt: raw.sec_cnt,
            error_severity: CperSeverity(raw.error_severity),
            valid_bits: raw.valid_bits,
            record_length: raw.record_length,
            timestamp: CperTimestamp::from_wire(raw.timestamp),
            platform_id: raw.platform_id,
            partition_id: Guid(raw.partition_id),
            creator_id: raw.creator_id,
            notify_type: Guid(raw.notify_type),
            record_id: raw.record_id,
            flags: raw.flags,
            persistence_info: raw.persistence_info,
            reserved: raw.reserved,
        }
    }

    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> RawHeader {
        RawHeader {
            signature: self.signature,
            revision: self.revision,
            signature_end: self.signature_end,
            sec_cnt: self.sec_cnt,
            error_severity: self.error_severity.0,
            valid_bits: self.valid_bits,
            record_length: self.record_length,
            timestamp: self.timestamp.to_wire(),
            platform_id: self.platform_id,
            partition_id: self.partition_id.0,
            creator_id: self.creator_id,
            notify_type: self.notify_type.0,
            record_id: self.record_id,
            flags: self.flags,
            persistence_info: self.persistence_info,
            reserved: self.reserved,
        }
    }
}

/// One section descriptor (`struct cper_sec_desc`, 72 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperSectionDescriptor {
    /// Offset of the section body from the start of the record, bytes.
    pub sec_offset: u32,
    /// Length of the section body, bytes.
    pub sec_length: u32,
    /// Section format minor revision (amdgpu: 0x01).
    pub revision_minor: u8,
    /// Section format major revision (amdgpu: 0x22).
    pub revision_major: u8,
    /// Which optional fields are valid: bit 0 FRU id, bit 1 FRU text.
    pub valid_bits: u8,
    /// Reserved.
    pub reserved: u8,
    /// `SECTION_FLAG_*` bits: primary, exceeded error threshold, latent error.
    pub flags: u32,
    /// The section type.
    pub sec_type: Guid,
    /// FRU id.
    pub fru_id: [u8; 16],
    /// The section's severity.
    pub severity: CperSeverity,
    /// FRU text, amdgpu `OAM<socket>`.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_text"))]
    pub fru_text: [u8; 20],
}

impl CperSectionDescriptor {
    fn from_wire(raw: &RawSectionDescriptor) -> CperSectionDescriptor {
        CperSectionDescriptor {
            sec_offset: raw.sec_offset,
            sec_length: raw.sec_length,
            revision_minor: raw.revision_minor,
            revision_major: raw.revision_major,
            valid_bits: raw.valid_bits,
            reserved: raw.reserved,
            flags: raw.flags,
            sec_type: Guid(raw.sec_type),
            fru_id: raw.fru_id,
            severity: CperSeverity(raw.severity),
            fru_text: raw.fru_text,
        }
    }

    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> RawSectionDescriptor {
        RawSectionDescriptor {
            sec_offset: self.sec_offset,
            sec_length: self.sec_length,
            revision_minor: self.revision_minor,
            revision_major: self.revision_major,
            valid_bits: self.valid_bits,
            reserved: self.reserved,
            flags: self.flags,
            sec_type: self.sec_type.0,
            fru_id: self.fru_id,
            severity: self.severity.0,
            fru_text: self.fru_text,
        }
    }
}

/// The head of a crash-dump body (`struct cper_sec_crashdump_hdr`, 128 bytes; amdgpu zeroes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CrashDumpHeader {
    /// Reserved.
    pub reserved1: u64,
    /// Reserved.
    pub reserved2: u64,
    /// Firmware id.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_text"))]
    pub fw_id: [u8; 48],
    /// Reserved.
    pub reserved3: [u64; 8],
}

/// The 16 bytes before a register dump: what the registers are and how many bytes they take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RegisterContext {
    /// [`CONTEXT_TYPE_CRASH`] (ACA registers) or [`CONTEXT_TYPE_BOOT`] (boot messages).
    pub reg_ctx_type: u16,
    /// Bytes of the register array that follows.
    pub reg_arr_size: u16,
    /// MSR address (non-standard sections); reserved in crash dumps.
    pub msr_addr: u32,
    /// Memory-mapped register address (non-standard sections); reserved in crash dumps.
    pub mm_reg_addr: u64,
}

impl RegisterContext {
    fn from_wire(raw: &RawRegisterContext) -> RegisterContext {
        RegisterContext {
            reg_ctx_type: raw.reg_ctx_type,
            reg_arr_size: raw.reg_arr_size,
            msr_addr: raw.msr_addr,
            mm_reg_addr: raw.mm_reg_addr,
        }
    }

    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> RawRegisterContext {
        RawRegisterContext {
            reg_ctx_type: self.reg_ctx_type,
            reg_arr_size: self.reg_arr_size,
            msr_addr: self.msr_addr,
            mm_reg_addr: self.mm_reg_addr,
        }
    }
}

/// The four ACA (MCA) bank registers an AFID is derived from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AcaRegisters {
    /// MCA STATUS.
    pub status: u64,
    /// MCA ADDR.
    pub addr: u64,
    /// MCA IPID: which IP block (hardware id, type) and instance.
    pub ipid: u64,
    /// MCA SYND.
    pub synd: u64,
}

/// A fatal crash dump (`struct cper_sec_crashdump_fatal`, 176 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CrashDumpFatal {
    /// The 128-byte head.
    pub header: CrashDumpHeader,
    /// Register context (amdgpu: type [`CONTEXT_TYPE_CRASH`], 32 bytes).
    pub context: RegisterContext,
    /// The registers (stored as lo/hi 32-bit halves).
    pub registers: AcaRegisters,
}

/// A boot-time crash dump (`struct cper_sec_crashdump_boot`, 208 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CrashDumpBoot {
    /// The 128-byte head.
    pub header: CrashDumpHeader,
    /// Register context (type [`CONTEXT_TYPE_BOOT`], 64 bytes).
    pub context: RegisterContext,
    /// One boot status message per OAM.
    pub msg: [u64; 8],
}

/// AMD's non-standard error section (`struct cper_sec_nonstd_err`, 272 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NonStandardError {
    /// Valid bits: bit 0 APIC id, bit 1 firmware id, bits 2-7 error-info count, bits 8-13
    /// error-context count.
    pub valid_bits: u64,
    /// APIC id.
    pub apic_id: u64,
    /// Firmware id.
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_text"))]
    pub fw_id: [u8; 48],
    /// Error-info type (amdgpu: the non-standard section GUID).
    pub error_type: Guid,
    /// Error-info valid bits: bit 0 `ms_check`, 1 target address, 2 requester, 3 responder, 4 IP.
    pub info_valid_bits: u64,
    /// Machine-check bits: bit 0 error type valid, bits 16-17 error type, bit 18 PCC, ...
    pub ms_check: u64,
    /// Target address id.
    pub target_addr_id: u64,
    /// Requester id.
    pub req_id: u64,
    /// Responder id.
    pub resp_id: u64,
    /// Instruction pointer.
    pub instr_ptr: u64,
    /// Register context (amdgpu: type [`CONTEXT_TYPE_CRASH`], 128 bytes).
    pub context: RegisterContext,
    /// ACA registers as 32-bit halves: CTL, STATUS, ADDR, MISC0, CONFIG, IPID, SYND (lo, hi each),
    /// the rest zero.
    pub reg_dump: [u32; 32],
}

impl NonStandardError {
    /// The register dump as 64-bit registers (lo/hi pairs): CTL, STATUS, ADDR, MISC0, CONFIG,
    /// IPID, SYND, ...
    pub fn registers(&self) -> [u64; 16] {
        let mut out = [0u64; 16];
        for (reg, pair) in out.iter_mut().zip(self.reg_dump.chunks_exact(2)) {
            if let [lo, hi] = pair {
                *reg = u64::from(*lo) | (u64::from(*hi) << 32);
            }
        }
        out
    }
}

/// A section body, by section type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum CperSectionBody {
    /// AMD crash dump with an ACA register context: a fatal error.
    CrashDumpFatal(CrashDumpFatal),
    /// AMD crash dump with a boot context: boot-time failure messages.
    CrashDumpBoot(CrashDumpBoot),
    /// AMD non-standard error: a runtime (corrected, deferred) error, or the bad-page threshold.
    NonStandard(NonStandardError),
    /// Processor-generic error, read with the non-standard layout as AMD SMI reads it.
    ProcessorError(NonStandardError),
    /// Another section type: its bytes (`sec_length` of them).
    Other(Vec<u8>),
    /// The body does not fit in the record (offset or length outside it).
    Malformed,
}

/// One section: its descriptor and its decoded body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperSection {
    /// The descriptor.
    pub descriptor: CperSectionDescriptor,
    /// The body.
    pub body: CperSectionBody,
}

/// A decoded CPER record.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperRecord {
    /// The header.
    pub header: CperHeader,
    /// The sections whose descriptors lie inside the record, in order (fewer than `sec_cnt`
    /// when the descriptor table is cut short).
    pub sections: Vec<CperSection>,
}

impl CperRecord {
    /// Decodes the record at the front of `bytes` (bytes past `record_length` are ignored). The
    /// header must pass [`CperHeader::decode`]; a section whose body does not fit is
    /// [`CperSectionBody::Malformed`], never an error.
    pub fn decode(bytes: &[u8]) -> Result<CperRecord> {
        let header = CperHeader::decode(bytes)?;
        let record = bytes.get(..header.record_length as usize).unwrap_or_default();
        let sections = (0..usize::from(header.sec_cnt))
            .map_while(|i| {
                let raw = Bytes::new(record).read_at(HEADER_LEN + i * DESCRIPTOR_LEN).ok()?;
                let descriptor = CperSectionDescriptor::from_wire(&raw);
                let body = decode_body(record, &descriptor);
                Some(CperSection { descriptor, body })
            })
            .collect();
        Ok(CperRecord { header, sections })
    }
}

/// Decodes the body a descriptor points at, inside `record`.
fn decode_body(record: &[u8], descriptor: &CperSectionDescriptor) -> CperSectionBody {
    let offset = descriptor.sec_offset as usize;
    let record = Bytes::new(record);
    let kind = descriptor.sec_type;
    let body = if kind == Guid::SECTION_CRASHDUMP {
        let context = record.read_at::<RawRegisterContext>(offset + size_of::<RawCrashDumpHeader>()).ok();
        match context {
            Some(c) if c.reg_ctx_type == CONTEXT_TYPE_BOOT => {
                record.read_at(offset).ok().map(|raw| CperSectionBody::CrashDumpBoot(boot_from_wire(&raw)))
            }
            Some(_) => record.read_at(offset).ok().map(|raw| CperSectionBody::CrashDumpFatal(fatal_from_wire(&raw))),
            None => None,
        }
    } else if kind == Guid::SECTION_NONSTANDARD || kind == Guid::SECTION_PROCESSOR_ERROR {
        record.read_at(offset).ok().map(|raw| {
            let body = nonstandard_from_wire(&raw);
            if kind == Guid::SECTION_NONSTANDARD {
                CperSectionBody::NonStandard(body)
            } else {
                CperSectionBody::ProcessorError(body)
            }
        })
    } else {
        record.at(offset).take(descriptor.sec_length as usize).ok().map(|b| CperSectionBody::Other(b.to_vec()))
    };
    body.unwrap_or(CperSectionBody::Malformed)
}

fn crash_header_from_wire(raw: &RawCrashDumpHeader) -> CrashDumpHeader {
    CrashDumpHeader { reserved1: raw.reserved1, reserved2: raw.reserved2, fw_id: raw.fw_id, reserved3: raw.reserved3 }
}

fn fatal_from_wire(raw: &RawCrashDumpFatal) -> CrashDumpFatal {
    let r = raw.registers;
    let join = |lo: u32, hi: u32| u64::from(lo) | (u64::from(hi) << 32);
    CrashDumpFatal {
        header: crash_header_from_wire(&raw.header),
        context: RegisterContext::from_wire(&raw.context),
        registers: AcaRegisters {
            status: join(r.status_lo, r.status_hi),
            addr: join(r.addr_lo, r.addr_hi),
            ipid: join(r.ipid_lo, r.ipid_hi),
            synd: join(r.synd_lo, r.synd_hi),
        },
    }
}

fn boot_from_wire(raw: &RawCrashDumpBoot) -> CrashDumpBoot {
    CrashDumpBoot {
        header: crash_header_from_wire(&raw.header),
        context: RegisterContext::from_wire(&raw.context),
        msg: raw.msg,
    }
}

fn nonstandard_from_wire(raw: &RawNonStandardError) -> NonStandardError {
    let (h, i) = (raw.header, raw.info);
    NonStandardError {
        valid_bits: h.valid_bits,
        apic_id: h.apic_id,
        fw_id: h.fw_id,
        error_type: Guid(i.error_type),
        info_valid_bits: i.valid_bits,
        ms_check: i.ms_check,
        target_addr_id: i.target_addr_id,
        req_id: i.req_id,
        resp_id: i.resp_id,
        instr_ptr: i.instr_ptr,
        context: RegisterContext::from_wire(&raw.context),
        reg_dump: raw.reg_dump,
    }
}

impl CrashDumpHeader {
    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> RawCrashDumpHeader {
        RawCrashDumpHeader {
            reserved1: self.reserved1,
            reserved2: self.reserved2,
            fw_id: self.fw_id,
            reserved3: self.reserved3,
        }
    }
}

impl CrashDumpFatal {
    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> RawCrashDumpFatal {
        let r = self.registers;
        let lo = |v: u64| v as u32;
        let hi = |v: u64| (v >> 32) as u32;
        RawCrashDumpFatal {
            header: self.header.to_wire(),
            context: self.context.to_wire(),
            registers: wire::RawAcaRegisters {
                status_lo: lo(r.status),
                status_hi: hi(r.status),
                addr_lo: lo(r.addr),
                addr_hi: hi(r.addr),
                ipid_lo: lo(r.ipid),
                ipid_hi: hi(r.ipid),
                synd_lo: lo(r.synd),
                synd_hi: hi(r.synd),
            },
        }
    }
}

impl CrashDumpBoot {
    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> RawCrashDumpBoot {
        RawCrashDumpBoot { header: self.header.to_wire(), context: self.context.to_wire(), msg: self.msg }
    }
}

impl NonStandardError {
    #[cfg(feature = "fixtures")]
    fn to_wire(self) -> RawNonStandardError {
        RawNonStandardError {
            header: wire::RawNonStandardHeader {
                valid_bits: self.valid_bits,
                apic_id: self.apic_id,
                fw_id: self.fw_id,
            },
            info: wire::RawNonStandardInfo {
                error_type: self.error_type.0,
                valid_bits: self.info_valid_bits,
                ms_check: self.ms_check,
                target_addr_id: self.target_addr_id,
                req_id: self.req_id,
                resp_id: self.resp_id,
                instr_ptr: self.instr_ptr,
            },
            context: self.context.to_wire(),
            reg_dump: self.reg_dump,
        }
    }
}

/// One CPER entry as `amdsmi_get_gpu_cper_entries` describes it (the documented keys, in AMD
/// SMI's order; `amd-smi ras --cper --folder` writes exactly this as each entry's `.json`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperEntry {
    /// `non_fatal_uncorrected`, `fatal`, `non_fatal_corrected` (see [`CperSeverity::name`]).
    pub error_severity: CperSeverity,
    /// `MCE`, `CMC`, `BOOT`, ... or `Unknown` ([`notify_type_name`]).
    pub notify_type: String,
    /// `YYYY/MM/DD HH:MM:SS` (UTC).
    pub timestamp: String,
    /// `CPER`.
    pub signature: String,
    /// Format revision.
    pub revision: u16,
    /// `0xffffffff`.
    pub signature_end: String,
    /// Number of sections.
    pub sec_cnt: u16,
    /// Bytes of the record.
    pub record_length: u32,
    /// Platform, `0x1002:0x74A1`.
    pub platform_id: String,
    /// Creator, `amdgpu`.
    pub creator_id: String,
    /// Record id, `<socket>:<counter>`.
    pub record_id: String,
    /// Flags (reserved).
    pub flags: u32,
    /// Persistence information (reserved).
    pub persistence_info: u64,
}

impl From<&CperHeader> for CperEntry {
    fn from(h: &CperHeader) -> CperEntry {
        CperEntry {
            error_severity: h.error_severity,
            notify_type: notify_type_name(&h.notify_type).to_owned(),
            timestamp: h.timestamp.to_string(),
            signature: field_text(&h.signature),
            revision: h.revision,
            signature_end: format!("{:#x}", h.signature_end),
            sec_cnt: h.sec_cnt,
            record_length: h.record_length,
            platform_id: field_text(&h.platform_id),
            creator_id: field_text(&h.creator_id),
            record_id: field_text(&h.record_id),
            flags: h.flags,
            persistence_info: h.persistence_info,
        }
    }
}

/// The raw bytes of one entry (`{"bytes": [...], "size": n}`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperData {
    /// The record's bytes.
    pub bytes: Vec<u8>,
    /// How many bytes, the record's `record_length`.
    pub size: u32,
}

/// The result of `amdsmi_get_gpu_cper_entries`: the entries, the updated cursor, their bytes,
/// and the status (SUCCESS, or MORE_DATA when entries remain past this call).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CperEntries {
    /// The entries read, in ring order.
    pub entries: Vec<CperEntry>,
    /// The index (among the entries of the selected severities) of the next entry to read:
    /// pass it as the next call's `cursor`. Unchanged when nothing was read.
    pub cursor: u64,
    /// The bytes of each entry, in the same order.
    pub cper_data: Vec<CperData>,
    /// [`Status::Success`], or [`Status::MoreData`] when the buffer or the entry limit was
    /// reached before the last entry (serialized as the numeric code, 0 or 39).
    #[cfg_attr(feature = "serde", serde(serialize_with = "serialize_status"))]
    pub status_code: Status,
}

#[cfg(feature = "serde")]
fn serialize_status<S: serde::Serializer>(status: &Status, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u32(status.code())
}

impl Gpu<'_> {
    /// The GPU's CPER ring (`/sys/kernel/debug/dri/<card minor>/amdgpu_ring_cper`, root only),
    /// read as the kernel serves it, in one `read` from offset 0 with room for more than
    /// [`ring::MAX_RING_FILE`] bytes, and scanned once: page its entries with
    /// [`CperRing::pages`] or [`CperRing::entries`].
    ///
    /// An unreadable ring is NO_PERM, a missing one (debugfs not mounted, CPER disabled, or a
    /// secondary partition's card) NOT_SUPPORTED, a directory in its place FILE_ERROR, one
    /// larger than [`ring::MAX_RING_FILE`] UNEXPECTED_SIZE; each error names the path.
    pub fn cper_ring(&self) -> Result<CperRing> {
        read_ring(&self.cper_ring_path()?)
    }

    /// The CPER entries of the GPU's ring whose severity is in `severity_mask` (bit
    /// `1 << severity`: 1 non-fatal uncorrected, 2 fatal, 4 corrected, 7 all), from the
    /// `cursor`-th such entry on, as many as fit in `buffer_size` bytes (and at most
    /// [`ring::MAX_ENTRIES`]); see [`CperRing::entries`] for the selection rules. As AMD SMI,
    /// every call reads and scans the ring (see [`Gpu::cper_ring`] for the read and its errors);
    /// an empty ring is SUCCESS with no entries.
    #[doc(alias = "amdsmi_get_gpu_cper_entries")]
    pub fn cper_entries(&self, severity_mask: u32, buffer_size: u64, cursor: u64) -> Result<CperEntries> {
        let path = self.cper_ring_path()?;
        read_ring(&path)?.entries(severity_mask, buffer_size, cursor).map_err(|e| e.with_path(&path))
    }

    fn cper_ring_path(&self) -> Result<PathBuf> {
        Ok(debugfs_dri(self.root(), self.device().card()?, "amdgpu_ring_cper"))
    }
}

/// The ring file at `path` in one read (see [`Gpu::cper_ring`]), scanned.
fn read_ring(path: &Path) -> Result<CperRing> {
    crate::sysfs::read_once(path, ring::MAX_RING_FILE as usize).map(CperRing::new)
}

//! Test support: writes CPER records and ring files, laid out as the kernel lays them out.
//!
//! No public AMD CPER capture exists, so tests (and the fuzz corpus) build their input here.
//! [`encode`] writes any [`CperRecord`]; the builders fill records field by field as
//! `drivers/gpu/drm/amd/amdgpu/amdgpu_cper.c` does (`amdgpu_cper_entry_fill_hdr`, `_fill_
//! section_desc`, `_fill_fatal_section`, `_fill_runtime_section`, `_fill_bad_page_threshold_
//! section`); boot-time records, for which amdgpu has the header path (notify type BOOT) and the
//! `BOOT_SEC_*` layout but no generator, are filled as AMD's SR-IOV host driver fills them
//! (crash-dump section, fatal, register context 9, one message per OAM). [`Ring`] models
//! `amdgpu_cper_ring_write` and the two ways debugfs can show the ring.

use std::collections::VecDeque;

use super::wire;
use super::{
    AcaRegisters, CperHeader, CperRecord, CperSection, CperSectionBody, CperSectionDescriptor, CperSeverity,
    CperTimestamp, CrashDumpBoot, CrashDumpFatal, CrashDumpHeader, Guid, NonStandardError, RegisterContext,
    BOOT_SECTION_LEN, CONTEXT_TYPE_BOOT, CONTEXT_TYPE_CRASH, DESCRIPTOR_LEN, FATAL_SECTION_LEN, HEADER_LEN,
    NONSTANDARD_SECTION_LEN, SECTION_FLAG_EXCEED_ERR_THRESHOLD, SECTION_FLAG_LATENT_ERR, SECTION_FLAG_PRIMARY,
    SIGNATURE, SIGNATURE_END,
};
use crate::cper::ring::{RingPointers, MAX_RING_FILE, RING_HEADER_LEN};

/// The bytes of `record`: the header, the descriptors one after the other from byte 128, each
/// body at its descriptor's `sec_offset` (an [`CperSectionBody::Other`] body as its bytes, a
/// [`CperSectionBody::Malformed`] one not at all); zero elsewhere. The buffer is
/// `record_length` bytes long, or longer when something was placed past it.
pub fn encode(record: &CperRecord) -> Vec<u8> {
    let mut out = Vec::new();
    let mut place = |offset: usize, bytes: &[u8]| {
        let end = offset + bytes.len();
        if out.len() < end {
            out.resize(end, 0);
        }
        out[offset..end].copy_from_slice(bytes);
    };
    place(0, &wire::to_bytes(&record.header.to_wire()));
    for (i, section) in record.sections.iter().enumerate() {
        place(HEADER_LEN + i * DESCRIPTOR_LEN, &wire::to_bytes(&section.descriptor.to_wire()));
        let body = match &section.body {
            CperSectionBody::CrashDumpFatal(b) => wire::to_bytes(&b.to_wire()),
            CperSectionBody::CrashDumpBoot(b) => wire::to_bytes(&b.to_wire()),
            CperSectionBody::NonStandard(b) | CperSectionBody::ProcessorError(b) => wire::to_bytes(&b.to_wire()),
            CperSectionBody::Other(bytes) => bytes.clone(),
            CperSectionBody::Malformed => Vec::new(),
        };
        place(section.descriptor.sec_offset as usize, &body);
    }
    let length = record.header.record_length as usize;
    if out.len() < length {
        out.resize(length, 0);
    }
    out
}

/// The device a record comes from: what `amdgpu_cper_entry_fill_hdr` reads off it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Device {
    /// PCI vendor id (0x1002).
    pub vendor: u16,
    /// PCI device id.
    pub device: u16,
    /// The socket (OAM) id, as the SMU IO block reports it.
    pub socket_id: u32,
}

/// `N` bytes holding `text` NUL-padded (cut to `N` bytes, as `snprintf` + `memcpy` leave it).
fn chars<const N: usize>(text: &str) -> [u8; N] {
    let mut out = [0u8; N];
    for (slot, byte) in out.iter_mut().zip(text.bytes()) {
        *slot = byte;
    }
    out
}

/// What `amdgpu_cper_alloc_entry` + `amdgpu_cper_entry_fill_hdr` write: `record_length` covers
/// the header, `sec_cnt` descriptors and bodies of `body_len` bytes.
fn header(
    dev: &Device,
    counter: u32,
    timestamp: CperTimestamp,
    severity: CperSeverity,
    notify_type: Guid,
    sec_cnt: u16,
    body_len: usize,
) -> CperHeader {
    let length = HEADER_LEN + usize::from(sec_cnt) * (DESCRIPTOR_LEN + body_len);
    CperHeader {
        signature: SIGNATURE,
        revision: 0x100,
        signature_end: SIGNATURE_END,
        sec_cnt,
        error_severity: severity,
        valid_bits: 0b011, // platform id, timestamp
        record_length: u32::try_from(length).unwrap_or(u32::MAX),
        timestamp,
        platform_id: chars(&format!("0x{:04X}:0x{:04X}", dev.vendor, dev.device)),
        partition_id: Guid::default(),
        creator_id: chars("amdgpu"),
        notify_type,
        record_id: chars(&format!("{}:{:X}", dev.socket_id, counter)),
        flags: 0,
        persistence_info: 0,
        reserved: [0; 12],
    }
}

/// What `amdgpu_cper_entry_fill_section_desc` writes for section `index` of `sec_cnt` bodies of
/// `body_len` bytes.
fn descriptor(
    dev: &Device,
    severity: CperSeverity,
    sec_type: Guid,
    flags: u32,
    (index, sec_cnt, body_len): (usize, usize, usize),
) -> CperSectionDescriptor {
    let offset = HEADER_LEN + sec_cnt * DESCRIPTOR_LEN + index * body_len;
    CperSectionDescriptor {
        sec_offset: u32::try_from(offset).unwrap_or(u32::MAX),
        sec_length: u32::try_from(body_len).unwrap_or(u32::MAX),
        revision_minor: 0x01,
        revision_major: 0x22,
        valid_bits: 0b10, // FRU text
        reserved: 0,
        flags: SECTION_FLAG_PRIMARY | flags,
        sec_type,
        fru_id: [0; 16],
        severity,
        fru_text: chars(&format!("OAM{}", dev.socket_id)),
    }
}

const EMPTY_CRASH_HEADER: CrashDumpHeader =
    CrashDumpHeader { reserved1: 0, reserved2: 0, fw_id: [0; 48], reserved3: [0; 8] };

/// A fatal (uncorrectable) error record: one crash-dump section with the bank's STATUS, ADDR,
/// IPID and SYND (`amdgpu_cper_generate_ue_record`).
pub fn fatal_record(dev: &Device, counter: u32, timestamp: CperTimestamp, registers: AcaRegisters) -> CperRecord {
    let sev = CperSeverity::FATAL;
    let body = CrashDumpFatal {
        header: EMPTY_CRASH_HEADER,
        context: RegisterContext { reg_ctx_type: CONTEXT_TYPE_CRASH, reg_arr_size: 32, msr_addr: 0, mm_reg_addr: 0 },
        registers,
    };
    CperRecord {
        header: header(dev, counter, timestamp, sev, Guid::NOTIFY_MCE, 1, FATAL_SECTION_LEN),
        sections: vec![CperSection {
            descriptor: descriptor(dev, sev, Guid::SECTION_CRASHDUMP, 0, (0, 1, FATAL_SECTION_LEN)),
            body: CperSectionBody::CrashDumpFatal(body),
        }],
    }
}

/// A boot-time failure record: one crash-dump section with a boot message per OAM.
pub fn boot_record(dev: &Device, counter: u32, timestamp: CperTimestamp, msg: [u64; 8]) -> CperRecord {
    let sev = CperSeverity::FATAL;
    let body = CrashDumpBoot {
        header: EMPTY_CRASH_HEADER,
        context: RegisterContext { reg_ctx_type: CONTEXT_TYPE_BOOT, reg_arr_size: 64, msr_addr: 0, mm_reg_addr: 0 },
        msg,
    };
    CperRecord {
        header: header(dev, counter, timestamp, sev, Guid::NOTIFY_BOOT, 1, BOOT_SECTION_LEN),
        sections: vec![CperSection {
            descriptor: descriptor(dev, sev, Guid::SECTION_CRASHDUMP, 0, (0, 1, BOOT_SECTION_LEN)),
            body: CperSectionBody::CrashDumpBoot(body),
        }],
    }
}

/// One ACA bank of a runtime record: its severity (corrected, or non-fatal uncorrected for a
/// deferred error) and its CTL, STATUS, ADDR, MISC0, CONFIG, IPID and SYND registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bank {
    /// The section severity.
    pub severity: CperSeverity,
    /// CTL, STATUS, ADDR, MISC0, CONFIG, IPID, SYND.
    pub registers: [u64; 7],
}

/// `valid_bits` of a non-standard section: one error info (bits 2-7), one context (bits 8-13).
const ONE_INFO_ONE_CONTEXT: u64 = (1 << 2) | (1 << 8);

/// The non-standard body amdgpu writes: `ms_check` and `info_valid_bits` as given, the
/// registers as lo/hi halves in `reg_dump`.
fn nonstandard(ms_check: u64, info_valid_bits: u64, registers: &[u64]) -> NonStandardError {
    let mut reg_dump = [0u32; 32];
    for (pair, reg) in reg_dump.chunks_exact_mut(2).zip(registers) {
        pair.copy_from_slice(&[*reg as u32, (*reg >> 32) as u32]);
    }
    NonStandardError {
        valid_bits: ONE_INFO_ONE_CONTEXT,
        apic_id: 0,
        fw_id: [0; 48],
        error_type: Guid::SECTION_NONSTANDARD,
        info_valid_bits,
        ms_check,
        target_addr_id: 0,
        req_id: 0,
        resp_id: 0,
        instr_ptr: 0,
        context: RegisterContext { reg_ctx_type: CONTEXT_TYPE_CRASH, reg_arr_size: 128, msr_addr: 0, mm_reg_addr: 0 },
        reg_dump,
    }
}

/// A runtime record of corrected and deferred errors, one non-standard section per bank
/// (`amdgpu_cper_generate_ce_records`): the record is non-fatal uncorrected (notify MCE) when a
/// bank is, else corrected (notify CMC); an uncorrected bank's section is a latent error.
pub fn runtime_record(dev: &Device, counter: u32, timestamp: CperTimestamp, banks: &[Bank]) -> CperRecord {
    let deferred = banks.iter().any(|b| b.severity == CperSeverity::NON_FATAL_UNCORRECTED);
    let (sev, notify) = if deferred {
        (CperSeverity::NON_FATAL_UNCORRECTED, Guid::NOTIFY_MCE)
    } else {
        (CperSeverity::NON_FATAL_CORRECTED, Guid::NOTIFY_CMC)
    };
    let count = banks.len();
    let sections = banks
        .iter()
        .enumerate()
        .map(|(i, bank)| {
            let latent = if bank.severity == CperSeverity::NON_FATAL_CORRECTED { 0 } else { SECTION_FLAG_LATENT_ERR };
            CperSection {
                descriptor: descriptor(
                    dev,
                    bank.severity,
                    Guid::SECTION_NONSTANDARD,
                    latent,
                    (i, count, NONSTANDARD_SECTION_LEN),
                ),
                body: CperSectionBody::NonStandard(nonstandard(1, 0, &bank.registers)),
            }
        })
        .collect();
    let sec_cnt = u16::try_from(count).unwrap_or(u16::MAX);
    CperRecord { header: header(dev, counter, timestamp, sev, notify, sec_cnt, NONSTANDARD_SECTION_LEN), sections }
}

/// The bad-page threshold record (`amdgpu_cper_generate_bp_threshold_record`): fatal, one
/// non-standard section flagged "exceeded error threshold", with the kernel's fixed register
/// dump (an HBM bank of the device's socket).
pub fn bad_page_threshold_record(dev: &Device, counter: u32, timestamp: CperTimestamp) -> CperRecord {
    let sev = CperSeverity::FATAL;
    let socket = u64::from(dev.socket_id);
    let ipid = ((socket / 4) & 1) | ((0x096 | ((socket % 4) & 3) << 12) << 32);
    // CTL, STATUS, ADDR, MISC0, CONFIG, IPID, SYND
    let registers = [0x1, 0xB000_0000_0000_0137, 0, 0, 0x1FF_0000_0002, ipid, 0];
    // ms_check: error type valid, error type 1 (bits 16-17), processor context corrupt (bit 18)
    let ms_check = 1 | (1 << 16) | (1 << 18);
    CperRecord {
        header: header(dev, counter, timestamp, sev, Guid::NOTIFY_MCE, 1, NONSTANDARD_SECTION_LEN),
        sections: vec![CperSection {
            descriptor: descriptor(
                dev,
                sev,
                Guid::SECTION_NONSTANDARD,
                SECTION_FLAG_EXCEED_ERR_THRESHOLD,
                (0, 1, NONSTANDARD_SECTION_LEN),
            ),
            body: CperSectionBody::NonStandard(nonstandard(ms_check, 1, &registers)),
        }],
    }
}

/// A record with no section: the 128-byte header alone (`sec_cnt` 0, `record_length` 128) of
/// `severity`, notify type CMC when corrected, else MCE. amdgpu writes no such record; it is the
/// smallest the format allows, [`FULL_RING_RECORDS`] of which fill a ring file of
/// [`MAX_RING_FILE`] bytes (tests and benches of a full ring).
pub fn header_only_record(dev: &Device, counter: u32, timestamp: CperTimestamp, severity: CperSeverity) -> CperRecord {
    let notify = if severity == CperSeverity::NON_FATAL_CORRECTED { Guid::NOTIFY_CMC } else { Guid::NOTIFY_MCE };
    CperRecord { header: header(dev, counter, timestamp, severity, notify, 0, 0), sections: Vec::new() }
}

/// How many [`header_only_record`]s a ring file of [`MAX_RING_FILE`] bytes holds after its 12
/// bytes of pointers: 65,535.
pub const FULL_RING_RECORDS: u32 = ((MAX_RING_FILE as usize - RING_HEADER_LEN) / HEADER_LEN) as u32;

/// A ring file as current kernels show it (read pointer 0, the records back to back) holding
/// `count` [`header_only_record`]s of socket 0: record `n` (from 1) has record id `0:<n in hex>`,
/// severity fatal when `n % 3` is 0, non-fatal uncorrected when 1, corrected when 2, and the
/// timestamp 2026/01/01 00:00:00 plus `n` seconds (`n` = 65,535: 18:12:15). Built in one pass,
/// for rings too large for [`Ring`], whose eviction bookkeeping costs more per record the more
/// records it holds.
pub fn header_only_ring(count: u32) -> Vec<u8> {
    let dev = Device { vendor: 0x1002, device: 0x74A1, socket_id: 0 };
    let dwords = u32::try_from(count as usize * HEADER_LEN / 4).unwrap_or(u32::MAX);
    let mut out = RingPointers { rptr: 0, wptr: dwords, driver_wptr: dwords }.to_bytes().to_vec();
    out.reserve(count as usize * HEADER_LEN);
    for n in 1..=count {
        let severity = match n % 3 {
            0 => CperSeverity::FATAL,
            1 => CperSeverity::NON_FATAL_UNCORRECTED,
            _ => CperSeverity::NON_FATAL_CORRECTED,
        };
        let timestamp = CperTimestamp {
            seconds: (n % 60) as u8,
            minutes: (n / 60 % 60) as u8,
            hours: (n / 3600 % 24) as u8,
            flag: 0,
            day: 1,
            month: 1,
            year: 26,
            century: 20,
        };
        out.extend_from_slice(&encode(&header_only_record(&dev, n, timestamp, severity)));
    }
    out
}

/// A model of the kernel's CPER ring (`amdgpu_cper_ring_write`): records are written at the
/// write pointer, wrapping at the end of the ring; when one does not fit, the oldest records are
/// dropped (the read pointer moves to the next record still whole) until it does.
#[derive(Clone, Debug)]
pub struct Ring {
    bytes: Vec<u8>,
    rptr: usize,
    wptr: usize,
    /// Start and length (bytes) of each record still in the ring, oldest first.
    live: VecDeque<(usize, usize)>,
}

impl Ring {
    /// An empty ring of `size` bytes (rounded up to a power of two, at least 512).
    pub fn new(size: usize) -> Ring {
        Ring { bytes: vec![0; size.max(512).next_power_of_two()], rptr: 0, wptr: 0, live: VecDeque::new() }
    }

    /// Writes one record (its length a multiple of 4, as the kernel's always is). A record of
    /// the ring's size minus 4 bytes or more is refused, as the kernel refuses it.
    pub fn write(&mut self, record: &[u8]) {
        let size = self.bytes.len();
        if record.len() >= size - 4 {
            return;
        }
        let used = |live: &VecDeque<(usize, usize)>| live.iter().map(|(_, len)| len).sum::<usize>();
        while size - 4 - used(&self.live) < record.len() {
            self.live.pop_front();
        }
        for (i, byte) in record.iter().enumerate() {
            self.bytes[(self.wptr + i) % size] = *byte;
        }
        self.live.push_back((self.wptr, record.len()));
        self.wptr = (self.wptr + record.len()) % size;
        self.rptr = self.live.front().map_or(self.wptr, |(start, _)| *start);
    }

    fn pointers(&self) -> RingPointers {
        let dword = |bytes: usize| u32::try_from(bytes / 4).unwrap_or(u32::MAX);
        RingPointers { rptr: dword(self.rptr), wptr: dword(self.wptr), driver_wptr: dword(self.wptr) }
    }

    /// What current kernels show in debugfs: the pointers, then the bytes from the read pointer
    /// to the write pointer, in order.
    pub fn debugfs(&self) -> Vec<u8> {
        let size = self.bytes.len();
        let span = (self.wptr + size - self.rptr) % size;
        let mut out = self.pointers().to_bytes().to_vec();
        out.extend(self.bytes.iter().cycle().skip(self.rptr).take(span));
        out
    }

    /// A whole-ring dump: the pointers, then every byte of the ring from index 0.
    pub fn dump(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(RING_HEADER_LEN + self.bytes.len());
        out.extend_from_slice(&self.pointers().to_bytes());
        out.extend_from_slice(&self.bytes);
        out
    }
}

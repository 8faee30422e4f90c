//! The CPER ring as debugfs shows it, and the entry selection of `amdsmi_get_gpu_cper_entries`.
//!
//! `amdgpu_ring_cper` starts with 12 bytes of ring pointers (read pointer, write pointer, the
//! driver's write pointer: dword indices into the ring), then the ring's bytes. Current kernels
//! (`amdgpu_debugfs_ring_read` for the CPER ring, and the uniRAS read) return the records from
//! the read pointer to the write pointer, already in order: a record that wraps around the end
//! of the ring comes out whole. A whole-ring dump (the generic ring read: every byte from index
//! 0, the records wrapping at the end) is recognised by its size, a power of two that both
//! pointers index into, with different pointers; its bytes are put in ring order first.
//!
//! The records are then found as AMD SMI finds them: by scanning byte by byte for a header
//! (signature `CPER`, `signature_end` 0xFFFFFFFF, a `record_length` that fits), so a damaged
//! record is skipped without losing those after it, and a record is reported wherever a valid
//! header starts (ROCm/amdsmi `src/amd_smi/amd_smi_cper.cc`, `amdsmi_get_gpu_cper_entries_by_path`).
//!
//! A [`CperRing`] is one ring file read and scanned once: the scan is one pass over the bytes
//! (a header is only decoded where `CPER` occurs), and [`CperRing::pages`] hands out the
//! entries page by page from where the previous page stopped, so `amd-smi ras --cper` is linear
//! in the ring's size. [`entries`] (one call of the C API, cursor-based) reads, scans and skips
//! to its cursor anew on every call, as AMD SMI does, each step linear.

use std::ops::Range;

use super::{CperData, CperEntries, CperEntry, CperHeader, SIGNATURE};
use crate::bytes::Bytes;
use crate::error::{Error, Result, Status};

/// Bytes of ring pointers before the ring's bytes.
pub const RING_HEADER_LEN: usize = 12;
/// The largest ring file read, bytes (the legacy ring is 1 MiB, uniRAS rings 4 MiB, each plus
/// the 12-byte header).
pub const MAX_RING_FILE: u64 = 8 << 20;
/// Most entries one call returns: AMD SMI's Python layer passes 20 header slots, and reports
/// MORE_DATA when more entries remain.
pub const MAX_ENTRIES: usize = 20;

/// The ring pointers at the start of the file, dword indices into the ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RingPointers {
    /// Read pointer: where the oldest record starts.
    pub rptr: u32,
    /// Write pointer: where the next record will be written.
    pub wptr: u32,
    /// The driver's copy of the write pointer.
    pub driver_wptr: u32,
}

impl RingPointers {
    /// The pointers at the start of `file`, when it has 12 bytes.
    pub fn parse(file: &[u8]) -> Option<RingPointers> {
        let mut r = Bytes::new(file);
        Some(RingPointers { rptr: r.u32().ok()?, wptr: r.u32().ok()?, driver_wptr: r.u32().ok()? })
    }

    /// The 12 bytes.
    pub fn to_bytes(self) -> [u8; RING_HEADER_LEN] {
        let mut out = [0u8; RING_HEADER_LEN];
        for (chunk, value) in out.chunks_exact_mut(4).zip([self.rptr, self.wptr, self.driver_wptr]) {
            chunk.copy_from_slice(&value.to_le_bytes());
        }
        out
    }
}

/// The ring's bytes in ring order (see the module documentation), from `file`: the bytes and
/// where they start in them.
fn ring_order(file: Vec<u8>) -> (Vec<u8>, usize) {
    let start = RING_HEADER_LEN.min(file.len());
    let payload = file.get(start..).unwrap_or_default();
    let len = payload.len();
    let whole_ring = RingPointers::parse(&file).and_then(|p| {
        let (r, w) = (p.rptr as usize * 4, p.wptr as usize * 4);
        (len.is_power_of_two() && r < len && w < len && r != w).then_some((r, w))
    });
    match whole_ring {
        Some((r, w)) => {
            let mut ordered = Vec::with_capacity((w + len - r) % len);
            if r < w {
                ordered.extend_from_slice(payload.get(r..w).unwrap_or_default());
            } else {
                ordered.extend_from_slice(payload.get(r..).unwrap_or_default());
                ordered.extend_from_slice(payload.get(..w).unwrap_or_default());
            }
            (ordered, 0)
        }
        None => (file, start),
    }
}

/// Every record found in `data` by a byte-by-byte scan: its header and where its bytes are. One
/// pass: the header checks run only where the signature occurs.
fn scan_ranges(data: &[u8]) -> Vec<(CperHeader, Range<usize>)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = data.get(from..).and_then(|rest| rest.windows(SIGNATURE.len()).position(|w| w == SIGNATURE)) {
        let at = from + at;
        if let Ok(header) = CperHeader::check(data.get(at..).unwrap_or_default()) {
            found.push((header, at..at + header.record_length as usize));
        }
        from = at + 1;
    }
    found
}

/// Every record header found in `data` by a byte-by-byte scan, with the record's bytes.
pub fn scan(data: &[u8]) -> Vec<(CperHeader, &[u8])> {
    scan_ranges(data).into_iter().map(|(header, range)| (header, data.get(range).unwrap_or_default())).collect()
}

/// The records of a ring file, in ring order.
pub fn records(file: &[u8]) -> Vec<Vec<u8>> {
    CperRing::new(file.to_vec()).records().map(|(_, bytes)| bytes.to_vec()).collect()
}

/// One ring file, read once and scanned once: its bytes in ring order and the records found in
/// them, from which entries are selected as `amdsmi_get_gpu_cper_entries` selects them.
#[derive(Clone, Debug, Default)]
pub struct CperRing {
    bytes: Vec<u8>,
    /// The records found, in ring order: the header and where the record is in `bytes`.
    records: Vec<(CperHeader, Range<usize>)>,
}

/// Where a page of entries starts: the next record to look at, and how many records of the
/// selected severities come before it.
#[derive(Clone, Copy, Debug)]
struct Position {
    record: usize,
    selected: u64,
}

impl CperRing {
    /// The ring in `file` (the 12 bytes of pointers, then the ring's bytes), scanned.
    pub fn new(file: Vec<u8>) -> CperRing {
        let (bytes, start) = ring_order(file);
        let records = scan_ranges(bytes.get(start..).unwrap_or_default())
            .into_iter()
            .map(|(header, range)| (header, range.start + start..range.end + start))
            .collect();
        CperRing { bytes, records }
    }

    /// How many records the ring holds (of every severity).
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the ring holds no record.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The records, in ring order: each header and the record's bytes (`record_length` of them).
    pub fn records(&self) -> impl Iterator<Item = (&CperHeader, &[u8])> + '_ {
        self.records.iter().map(|(header, range)| (header, self.bytes.get(range.clone()).unwrap_or_default()))
    }

    /// What `amdsmi_get_gpu_cper_entries(severity_mask, buffer_size, cursor)` returns for this
    /// ring: the records whose severity is in the mask, from the `cursor`-th of them on, while
    /// their bytes fit in `buffer_size` and at most [`MAX_ENTRIES`]; MORE_DATA when a selected
    /// record remains. The returned cursor is the index of the next selected record.
    ///
    /// As AMD SMI: `buffer_size` 0 or a first selected record larger than it is OUT_OF_RESOURCES;
    /// an empty ring is SUCCESS with no entries. Unlike AMD SMI, records before the cursor are
    /// skipped before the buffer is checked (AMD SMI checks the buffer first, so a record it
    /// skips could fail the call), and a header whose `record_length` is below 128 is not a
    /// record.
    pub fn entries(&self, severity_mask: u32, buffer_size: u64, cursor: u64) -> Result<CperEntries> {
        let mut at = Position { record: 0, selected: 0 };
        while at.selected < cursor {
            let Some((header, _)) = self.records.get(at.record) else { break };
            at.selected += u64::from(header.error_severity.in_mask(severity_mask));
            at.record += 1;
        }
        self.page(severity_mask, buffer_size, cursor, at).map(|(page, _)| page)
    }

    /// The entries of the selected severities page by page, each page what [`CperRing::entries`]
    /// returns for the cursor the previous page returned (the first from cursor 0), until a page
    /// is SUCCESS, an error, or would be empty; each page starts where the previous one stopped,
    /// so all of them together take one pass over the records.
    pub fn pages(&self, severity_mask: u32, buffer_size: u64) -> Pages<'_> {
        Pages { ring: self, severity_mask, buffer_size, at: Some(Position { record: 0, selected: 0 }) }
    }

    /// The page that starts at `at` (`cursor` is what the caller passed: it stays the result's
    /// cursor when no entry is taken), and where the next page starts.
    fn page(&self, severity_mask: u32, buffer_size: u64, cursor: u64, at: Position) -> Result<(CperEntries, Position)> {
        if buffer_size == 0 {
            return Err(Error::new(Status::OutOfResources).with_detail("CPER: buffer_size is 0"));
        }
        let mut out = CperEntries { entries: Vec::new(), cursor, cper_data: Vec::new(), status_code: Status::Success };
        let mut used = 0u64;
        let mut at = at;
        while let Some((header, range)) = self.records.get(at.record) {
            if !header.error_severity.in_mask(severity_mask) {
                at.record += 1;
                continue;
            }
            let size = u64::from(header.record_length);
            if out.entries.len() == MAX_ENTRIES || buffer_size - used < size {
                if out.entries.is_empty() {
                    return Err(Error::new(Status::OutOfResources)
                        .with_detail(format!("CPER: a {size}-byte record does not fit in {buffer_size} bytes")));
                }
                out.status_code = Status::MoreData;
                break;
            }
            out.entries.push(CperEntry::from(header));
            let bytes = self.bytes.get(range.clone()).unwrap_or_default().to_vec();
            out.cper_data.push(CperData { bytes, size: header.record_length });
            used += size;
            at = Position { record: at.record + 1, selected: at.selected + 1 };
            out.cursor = at.selected;
        }
        Ok((out, at))
    }
}

/// The pages of [`CperRing::pages`].
#[derive(Debug)]
pub struct Pages<'a> {
    ring: &'a CperRing,
    severity_mask: u32,
    buffer_size: u64,
    /// Where the next page starts; `None` once the last was returned.
    at: Option<Position>,
}

impl Iterator for Pages<'_> {
    type Item = Result<CperEntries>;

    fn next(&mut self) -> Option<Result<CperEntries>> {
        let at = self.at.take()?;
        match self.ring.page(self.severity_mask, self.buffer_size, at.selected, at) {
            Ok((page, _)) if page.entries.is_empty() => None,
            Ok((page, next)) => {
                self.at = (page.status_code == Status::MoreData).then_some(next);
                Some(Ok(page))
            }
            Err(err) => Some(Err(err)),
        }
    }
}

/// The entries a ring file yields for one call of `amdsmi_get_gpu_cper_entries(severity_mask,
/// buffer_size, cursor)`: see [`CperRing::entries`].
pub fn entries(file: &[u8], severity_mask: u32, buffer_size: u64, cursor: u64) -> Result<CperEntries> {
    CperRing::new(file.to_vec()).entries(severity_mask, buffer_size, cursor)
}

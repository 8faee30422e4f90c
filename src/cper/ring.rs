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
//! header starts.

use std::borrow::Cow;

use super::{CperData, CperEntries, CperEntry, CperHeader, HEADER_LEN, SIGNATURE};
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

/// The ring's bytes in ring order (see the module documentation).
fn ring_order(file: &[u8]) -> Cow<'_, [u8]> {
    let payload = file.get(RING_HEADER_LEN..).unwrap_or_default();
    let len = payload.len();
    let whole_ring = RingPointers::parse(file).and_then(|p| {
        let (r, w) = (p.rptr as usize * 4, p.wptr as usize * 4);
        (len.is_power_of_two() && r < len && w < len && r != w).then_some((r, w))
    });
    match whole_ring {
        Some((r, w)) => {
            let span = (w + len - r) % len;
            Cow::Owned(payload.iter().cycle().skip(r).take(span).copied().collect())
        }
        None => Cow::Borrowed(payload),
    }
}

/// Every record header found in `data` by a byte-by-byte scan, with the record's bytes.
pub fn scan(data: &[u8]) -> Vec<(CperHeader, &[u8])> {
    (0..data.len().saturating_sub(HEADER_LEN - 1))
        .filter(|&i| data.get(i..i + SIGNATURE.len()) == Some(&SIGNATURE[..]))
        .filter_map(|i| {
            let rest = data.get(i..)?;
            let header = CperHeader::decode(rest).ok()?;
            Some((header, rest.get(..header.record_length as usize)?))
        })
        .collect()
}

/// The records of a ring file, in ring order.
pub fn records(file: &[u8]) -> Vec<Vec<u8>> {
    scan(&ring_order(file)).into_iter().map(|(_, bytes)| bytes.to_vec()).collect()
}

/// The entries a ring file yields for `amdsmi_get_gpu_cper_entries(severity_mask, buffer_size,
/// cursor)`: the records whose severity is in the mask, from the `cursor`-th of them on, while
/// their bytes fit in `buffer_size` and at most [`MAX_ENTRIES`]; MORE_DATA when a selected
/// record remains. The returned cursor is the index of the next selected record.
///
/// As AMD SMI: `buffer_size` 0 or a first selected record larger than it is OUT_OF_RESOURCES;
/// an empty ring is SUCCESS with no entries. Unlike AMD SMI, records before the cursor are
/// skipped before the buffer is checked (AMD SMI checks the buffer first, so a record it skips
/// could fail the call), and a header whose `record_length` is below 128 is not a record.
pub fn entries(file: &[u8], severity_mask: u32, buffer_size: u64, cursor: u64) -> Result<CperEntries> {
    if buffer_size == 0 {
        return Err(Error::new(Status::OutOfResources).with_detail("CPER: buffer_size is 0"));
    }
    let ordered = ring_order(file);
    let mut out = CperEntries { entries: Vec::new(), cursor, cper_data: Vec::new(), status_code: Status::Success };
    let mut used = 0u64;
    let mut index = 0u64;
    for (header, bytes) in scan(&ordered) {
        if !header.error_severity.in_mask(severity_mask) {
            continue;
        }
        if index < cursor {
            index += 1;
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
        out.entries.push(CperEntry::from(&header));
        out.cper_data.push(CperData { bytes: bytes.to_vec(), size: header.record_length });
        used += size;
        index += 1;
        out.cursor = index;
    }
    Ok(out)
}

//! Any bytes into the CPER decoders: a record (header, sections, AFIDs), a ring file (scan and
//! entry selection, with small buffers and cursors too), and the ACA and boot AFID decoders on
//! the bytes read as registers. An error is fine, a panic or a hang is a finding.
#![no_main]

use amdsmi::cper::{afid, ring, CperRecord};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = CperRecord::decode(data);
    let _ = afid::afids_from_cper(data);
    let selector = data.first().copied().unwrap_or(0);
    let buffer = [u64::MAX, 1 << 20, 512, 0][usize::from(selector & 3)];
    let cursor = u64::from(selector >> 4);
    if let Ok(entries) = ring::entries(data, u32::from(selector).rotate_left(3) | 7, buffer, cursor) {
        for record in &entries.cper_data {
            let _ = afid::afids_from_cper(&record.bytes);
        }
    }
    let words: Vec<u64> = data.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())).collect();
    let flags = u32::from(selector & afid::FLAG_THRESHOLD_EXCEEDED as u8);
    for context in [0, amdsmi::cper::CONTEXT_TYPE_CRASH, amdsmi::cper::CONTEXT_TYPE_BOOT] {
        let _ = afid::decode_afid(&words, flags, context);
        let _ = afid::decode_afid(words.get(..4).unwrap_or_default(), flags, context);
        let _ = afid::decode_afid(words.get(..16).unwrap_or_default(), flags, context);
    }
});

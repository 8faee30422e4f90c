//! AMD Field IDs (AFIDs): the numeric id of a known failure condition, derived from the register
//! dumps of a CPER record the way AMD SMI's RAS decoder derives it.
//!
//! For an ACA register set (MCA STATUS, ADDR, IPID, SYND): the bank from IPID `hardware_id` and
//! `aca_type`; the severity from STATUS (poison: uncorrected non-fatal; PCC: fatal; UC with TCC:
//! fatal; UC without TCC: uncorrected non-fatal; deferred: uncorrected non-fatal; none of these:
//! corrected; an exceeded error threshold, descriptor flag bit 3, is always fatal); the error
//! type from the bank and STATUS `error_code_ext` (for codes 0x3A-0x3E of the XCD and AID
//! instances, from SYND `error_information`); the category (HBM, off-package link, device
//! internal); the service error type; and the AFID map row of (category, service type, severity).
//! For boot-time messages: the error encoding of the first message that reports one, in the
//! Boot-Time category with severity Fail-to-init.
//!
//! The rules and tables follow AMD SMI's RAS decode library 2.0.0 (`src/ras-decode/`, see
//! `tables.rs` for the commits), the successor of `src/aca-decode/` 1.0.0. Two consequences a
//! reader of the older sources should know: AMD's `main.c` comments ("expected output is 4 / 3
//! / 1") predate the current map, which gives 25, 30 and 24 for those vectors (AFID 4 is now
//! Boot-Time HBM Training); and 2.0.0 derives the service type without 1.0.0's guard for an
//! unknown error type, so a bank it cannot name is "Device Internal Errors / All Others"
//! (28/29/30) rather than 33 ("Invalid ACA Data"), which it now gives only when the severity,
//! or the service type an off-package link error ends up with, is unknown.

use super::tables::{self as t};
use super::{AcaRegisters, CperRecord, CperSectionBody, CONTEXT_TYPE_BOOT, CONTEXT_TYPE_CRASH};
use crate::error::Result;

/// The descriptor flag that marks an exceeded error threshold (`RAS_DECODE_FLAG_THRESHOLD_EXCEEDED`).
pub const FLAG_THRESHOLD_EXCEEDED: u32 = 0x8;

/// Registers in a non-standard section's `reg_dump` (CTL, STATUS, ADDR, MISC0, CONFIG, IPID,
/// SYND, ...), the long form of an ACA dump (the short form is a fatal crash dump's 4).
const ACA_LONG: usize = 16;
/// Most boot messages a crash dump holds (one per OAM).
const MAX_BOOT_MESSAGES: usize = 8;

/// What the ACA decoder makes of one register set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AcaDecode {
    /// The bank (`umc`, `smu`, `pcs_xgmi`, ...), `UNKNOWN` when the IPID names none.
    pub bank: &'static str,
    /// `Fatal`, `Uncorrected, Non-fatal`, `Corrected`, or `UNKNOWN`.
    pub severity: &'static str,
    /// The error type (`On-die ECC`, `GfxGcError`, ...), `UNKNOWN` when the tables have none.
    pub error_type: &'static str,
    /// `HBM Errors`, `Off-Package Link Errors` or `Device Internal Errors`.
    pub category: &'static str,
    /// The AFID.
    pub afid: u32,
}

const UNKNOWN: &str = "UNKNOWN";

fn bits(value: u64, start: u32, count: u32) -> u64 {
    (value >> start) & ((1u64 << count) - 1)
}

fn flag(value: u64, bit: u32) -> bool {
    bits(value, bit, 1) == 1
}

fn lookup<K: PartialEq + Copy>(table: &[(K, &'static str)], key: K) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The severity STATUS describes.
fn severity(status: u64) -> &'static str {
    let (poison, deferred) = (flag(status, 43), flag(status, 44));
    let (tcc, pcc, uc) = (flag(status, 55), flag(status, 57), flag(status, 61));
    match (poison, pcc, uc, tcc, deferred) {
        (true, ..) => t::UNCORRECTED_NON_FATAL,
        (false, true, ..) => t::FATAL,
        (false, false, true, true, _) => t::FATAL,
        (false, false, true, false, _) => t::UNCORRECTED_NON_FATAL,
        (false, false, false, false, true) => t::UNCORRECTED_NON_FATAL,
        (false, false, false, false, false) => t::CORRECTED,
        (false, false, false, true, _) => UNKNOWN,
    }
}

fn category(bank: &str, error_type: &str) -> &'static str {
    const HBM_TYPES: [&str; 7] = [
        t::ON_DIE_ECC,
        "WriteDataPoisonErr",
        "AddressCommandParityErr",
        "WriteDataCrcErr",
        "EcsErr",
        "RdCrcErr",
        t::END_TO_END_CRC,
    ];
    match bank {
        "umc" if HBM_TYPES.contains(&error_type) => t::HBM,
        "pcs_xgmi" | "kpx_serdes" | "kpx_wafl" => t::OFF_PACKAGE_LINK,
        "psp" if error_type == t::WAFL => t::OFF_PACKAGE_LINK,
        _ => t::DEVICE_INTERNAL,
    }
}

/// The error type the AFID map is keyed by (`decode_error_info_afid` of RAS decode 2.0.0).
fn service_type(category: &str, bank: &str, error_type: &'static str, severity: &str) -> &'static str {
    let service = if error_type == t::BAD_PAGE_THRESHOLD {
        Some(t::BAD_PAGE_THRESHOLD)
    } else if category == t::HBM && severity == t::CORRECTED {
        Some(t::ALL)
    } else if error_type == "RdCrcErr" {
        Some(t::END_TO_END_CRC)
    } else if category == t::HBM && severity == t::FATAL && ![t::ON_DIE_ECC, t::END_TO_END_CRC].contains(&error_type) {
        Some(t::ALL_OTHERS)
    } else if category == t::DEVICE_INTERNAL {
        let known = [t::UNCORRECTED_NON_FATAL, t::CORRECTED, t::FATAL].contains(&severity);
        (known && ![t::HARDWARE_ASSERTION, t::WATCHDOG_TIMEOUT].contains(&error_type)).then_some(t::ALL_OTHERS)
    } else if category == t::OFF_PACKAGE_LINK {
        match bank {
            "pcs_xgmi" => Some(t::XGMI),
            "kpx_wafl" => Some(t::WAFL),
            _ => None,
        }
    } else {
        None
    };
    service.unwrap_or(error_type)
}

/// The AFID map row of (category, service error type, severity): 33 when any is `UNKNOWN`, 34
/// when no row matches.
fn afid_of(category: &str, service: &str, severity: &str) -> u32 {
    if [category, service, severity].contains(&UNKNOWN) {
        return t::AFID_INVALID_DATA;
    }
    t::AFIDS
        .iter()
        .find(|(_, c, s, v)| *c == category && *s == service && *v == severity)
        .map_or(t::AFID_UNIDENTIFIED, |row| row.0)
}

/// Decodes one ACA register set; `flags` are the section descriptor's flags (bit 3: threshold
/// exceeded).
pub fn decode_aca(registers: AcaRegisters, flags: u32) -> AcaDecode {
    let AcaRegisters { status, ipid, synd, .. } = registers;
    let error_code_ext = bits(status, 16, 6) as u8;
    let instance_id_lo = bits(ipid, 0, 32) as u32;
    let hardware_id = bits(ipid, 32, 12) as u16;
    let aca_type = bits(ipid, 48, 16) as u16;
    let error_information = bits(synd, 0, 18) as u8;
    let threshold = flags & FLAG_THRESHOLD_EXCEEDED != 0;

    let bank = t::BANKS.iter().find(|(hw, ty, _)| (*hw, *ty) == (hardware_id, aca_type)).map_or(UNKNOWN, |b| b.2);
    let severity = if threshold { t::FATAL } else { severity(status) };
    let error_type = if t::GFX_EXT_CODES.contains(&error_code_ext) {
        let table = if t::XCD_INSTANCES.contains(&instance_id_lo) {
            Some(t::XCD_ERRORS)
        } else if t::AID_INSTANCES.contains(&instance_id_lo) {
            Some(t::AID_ERRORS)
        } else {
            None
        };
        table.and_then(|table| lookup(table, error_information)).unwrap_or(UNKNOWN)
    } else if threshold {
        t::BAD_PAGE_THRESHOLD
    } else {
        t::ERROR_TYPES.iter().find(|(b, code, _)| *b == bank && *code == error_code_ext).map_or(UNKNOWN, |row| row.2)
    };
    let category = if threshold { t::HBM } else { category(bank, error_type) };
    let afid = afid_of(category, service_type(category, bank, error_type, severity), severity);
    AcaDecode { bank, severity, error_type, category, afid }
}

/// The boot-time error type of one message, when its encoding is known.
fn boot_error_type(msg: u64) -> Option<&'static str> {
    let [byte0, byte1, ..] = msg.to_le_bytes();
    let version = byte1 >> 5;
    if byte0 == t::BOOT_IN_BOOT_MARKER && version == 1 {
        return Some(t::BOOT_SUCCESS);
    }
    let table = if version == 0 { t::BOOT_ERRORS_V0 } else { t::BOOT_ERRORS_V1 };
    lookup(table, byte1 & 0x1F)
}

/// The AFID of a crash dump's boot messages (one per OAM): the error type of the first message
/// that carries a marker (byte 0 0xA4 "error present" or 0xBA "in boot"), "Unhandled" when no
/// message has one or none with a marker has a known encoding; `None` when that first message's
/// encoding is unknown while another's is known, or there are no messages.
pub fn decode_boot(messages: &[u64]) -> Option<u32> {
    let marked = |m: &u64| matches!(m.to_le_bytes()[0], t::BOOT_ERROR_PRESENT_MARKER | t::BOOT_IN_BOOT_MARKER);
    let first = messages.iter().find(|m| marked(m)).or_else(|| messages.first())?;
    let any_known = messages.iter().any(|m| marked(m) && boot_error_type(*m).is_some());
    let error_type = if !marked(first) || !any_known { Some(t::UNHANDLED) } else { boot_error_type(*first) };
    error_type.map(|ty| afid_of(t::BOOT_TIME, ty, t::FAIL_TO_INIT))
}

/// The AFID of one register array, as AMD SMI's `decode_afid(registers, len, flags, revision,
/// context type)`: an ACA context ([`CONTEXT_TYPE_CRASH`]) takes 4 registers (STATUS, ADDR,
/// IPID, SYND) or 16 (a `reg_dump`: STATUS at 1, ADDR 2, IPID 5, SYND 6); a boot context
/// ([`CONTEXT_TYPE_BOOT`]) takes the messages. Anything else has no AFID.
pub fn decode_afid(registers: &[u64], flags: u32, context_type: u16) -> Option<u32> {
    match (context_type, registers) {
        (CONTEXT_TYPE_BOOT, messages) => decode_boot(messages),
        (CONTEXT_TYPE_CRASH, &[status, addr, ipid, synd]) => {
            Some(decode_aca(AcaRegisters { status, addr, ipid, synd }, flags).afid)
        }
        (CONTEXT_TYPE_CRASH, &[_, status, addr, _, _, ipid, synd, ..]) if registers.len() == ACA_LONG => {
            Some(decode_aca(AcaRegisters { status, addr, ipid, synd }, flags).afid)
        }
        _ => None,
    }
}

/// The AFIDs of a record, one per section that has one, in section order.
pub fn record_afids(record: &CperRecord) -> Vec<u64> {
    record
        .sections
        .iter()
        .filter_map(|section| {
            let flags = section.descriptor.flags;
            // A register array longer than its storage is rejected rather than read past.
            let dump = |words: &[u64], context: &super::RegisterContext, max: usize| {
                let count = usize::from(context.reg_arr_size) / 8;
                words.get(..count).filter(|_| count <= max).and_then(|r| decode_afid(r, flags, context.reg_ctx_type))
            };
            match &section.body {
                CperSectionBody::CrashDumpFatal(f) => {
                    let r = f.registers;
                    decode_afid(&[r.status, r.addr, r.ipid, r.synd], flags, f.context.reg_ctx_type)
                }
                CperSectionBody::CrashDumpBoot(b) => dump(&b.msg, &b.context, MAX_BOOT_MESSAGES),
                CperSectionBody::NonStandard(n) | CperSectionBody::ProcessorError(n) => {
                    dump(&n.registers(), &n.context, ACA_LONG)
                }
                CperSectionBody::Other(_) | CperSectionBody::Malformed => None,
            }
        })
        .map(u64::from)
        .collect()
}

/// `amdsmi_get_afids_from_cper`: the AFIDs of the one record in `cper_data`. Fewer than 128
/// bytes or a `record_length` outside 128..=len is UNEXPECTED_SIZE, a bad signature
/// UNEXPECTED_DATA; a section without an AFID (unknown type, malformed, or a register count the
/// decoder does not take) adds none.
pub fn afids_from_cper(cper_data: &[u8]) -> Result<Vec<u64>> {
    CperRecord::decode(cper_data).map(|record| record_afids(&record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn afid_map_ids_are_unique_and_dense() {
        let ids: Vec<u32> = t::AFIDS.iter().map(|r| r.0).collect();
        assert_eq!(ids, (1..=34).collect::<Vec<u32>>());
    }

    #[test]
    fn status_severity_rules() {
        let bit = |b: u32| 1u64 << b;
        assert_eq!(severity(0), t::CORRECTED);
        assert_eq!(severity(bit(43) | bit(57)), t::UNCORRECTED_NON_FATAL, "poison wins");
        assert_eq!(severity(bit(57)), t::FATAL);
        assert_eq!(severity(bit(61) | bit(55)), t::FATAL);
        assert_eq!(severity(bit(61)), t::UNCORRECTED_NON_FATAL);
        assert_eq!(severity(bit(44)), t::UNCORRECTED_NON_FATAL);
        assert_eq!(severity(bit(55)), UNKNOWN);
    }

    #[test]
    fn boot_rules() {
        // No marker anywhere: Unhandled (5).
        assert_eq!(decode_boot(&[0x3c_0000_2800]), Some(5));
        // A marked message with an unknown encoding while another is known: no AFID.
        assert_eq!(decode_boot(&[0x3c_0000_1fa4, 0x3c_0000_28a4]), None);
        // Marked messages, none with a known encoding: Unhandled.
        assert_eq!(decode_boot(&[0x1fa4, 0x1ea4]), Some(5));
        // Version 1, byte 0 0xBA: Boot Success, which the map has no row for (34).
        assert_eq!(decode_boot(&[0x20ba]), Some(34));
        // Version 0 HBM training (encoding 1): 4.
        assert_eq!(decode_boot(&[0x01a4]), Some(4));
        // Version 0 has no data abort (0x0D); version 1 does (11).
        assert_eq!(decode_boot(&[0x0da4, 0x01a4]), None);
        assert_eq!(decode_boot(&[0x2da4]), Some(11));
        assert_eq!(decode_boot(&[]), None);
    }
}

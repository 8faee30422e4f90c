//! CPER records, rings and AFIDs: the decoder against the test-support encoder (every section
//! type round-trips, field by field), the encoder against the kernel's byte offsets, both against
//! the independently generated `mi300x-cpx` fixture rings (fixtures/build.py), the entry
//! selection of `amdsmi_get_gpu_cper_entries`, AMD's own ACA-decoder test vectors, and damaged
//! input.

use amdsmi::cper::afid::{self, AcaDecode};
use amdsmi::cper::encode::{self, Bank, Device, Ring};
use amdsmi::cper::ring::{self, CperRing, RingPointers, MAX_ENTRIES};
use amdsmi::cper::{
    AcaRegisters, CperHeader, CperRecord, CperSectionBody, CperSeverity, CperTimestamp, Guid, NonStandardError,
    RegisterContext,
};
use amdsmi::{Context, ProcessorHandle, Status};

use crate::common;

const DEV0: Device = Device { vendor: 0x1002, device: 0x74A1, socket_id: 0 };

fn time(year: u16, month: u8, day: u8, hours: u8, minutes: u8, seconds: u8) -> CperTimestamp {
    CperTimestamp {
        seconds,
        minutes,
        hours,
        flag: 0,
        day,
        month,
        year: (year % 100) as u8,
        century: (year / 100) as u8,
    }
}

/// AMD SMI's ACA-decoder test vectors (ROCm/amdsmi `src/ras-decode/main.c`).
const HBM_FATAL: [u64; 4] = [0xbaa000000004081b, 0x0, 0x209600090f00, 0x5d000000];
const GC_FATAL: [u64; 4] = [0xbea00000003b0000, 0x100000029, 0x1200136430400, 0x20b];
const HBM_CORRECTED: [u64; 16] = [
    0xffff,
    0xdc2040000000011b,
    0x0,
    0xd008000801000000,
    0x25000001ff,
    0x209600191f00,
    0xa000000,
    0x0,
    0x0,
    0x0,
    0xd008000801000000,
    0x0,
    0x0,
    0x0,
    0x0,
    0x0,
];
const PCS_XGMI: [u64; 16] = [
    0xffffffff,
    0x9820000000060150,
    0x0,
    0xd008000200000000,
    0x27000001f9,
    0xe05012109201,
    0xaf812d4a000000,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
];
const BAD_PAGE: [u64; 16] =
    [0x1, 0xb000000000000137, 0x0, 0x0, 0x1ff00000002, 0x9600000000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const BOOT_MESSAGES: [u64; 8] =
    [0x3c000228a4, 0x3c001228a4, 0x3c002228a4, 0x3c003128a4, 0x3c004328a4, 0x3c005228a4, 0x3c006228a4, 0x3c007228a4];
/// A deferred (non-fatal uncorrected) on-die ECC error of UMC channel 0 instance 1: the fixture's.
const HBM_DEFERRED: [u64; 7] =
    [0xffff, 0x9c2010000000011b, 0x0, 0xd008000801000000, 0x25000001ff, 0x209600290f00, 0xa000000];

fn regs(r: [u64; 4]) -> AcaRegisters {
    AcaRegisters { status: r[0], addr: r[1], ipid: r[2], synd: r[3] }
}

fn bank(severity: CperSeverity, r: &[u64]) -> Bank {
    let mut registers = [0u64; 7];
    registers.copy_from_slice(&r[..7]);
    Bank { severity, registers }
}

/// The five records of the fixture ring of `mi300x-cpx` card 0, built by the Rust encoder.
fn fixture_records() -> Vec<CperRecord> {
    vec![
        encode::boot_record(&DEV0, 1, time(2025, 3, 12, 8, 0, 5), BOOT_MESSAGES),
        encode::fatal_record(&DEV0, 2, time(2025, 3, 12, 9, 14, 27), regs(HBM_FATAL)),
        encode::runtime_record(
            &DEV0,
            3,
            time(2025, 3, 12, 10, 2, 41),
            &[bank(CperSeverity::NON_FATAL_CORRECTED, &HBM_CORRECTED)],
        ),
        encode::runtime_record(
            &DEV0,
            4,
            time(2025, 3, 12, 11, 30, 0),
            &[
                bank(CperSeverity::NON_FATAL_UNCORRECTED, &HBM_DEFERRED),
                bank(CperSeverity::NON_FATAL_CORRECTED, &PCS_XGMI),
            ],
        ),
        encode::bad_page_threshold_record(&DEV0, 5, time(2025, 3, 12, 11, 45, 9)),
    ]
}

fn fixture_ring(card: u32) -> Vec<u8> {
    std::fs::read(common::machine("mi300x-cpx").join(format!("sys/kernel/debug/dri/{card}/amdgpu_ring_cper"))).unwrap()
}

fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    u32::from_le_bytes(bytes[offset..offset + 4].try_into().unwrap())
}

// ---------------------------------------------------------------------------------------------
// Encoder and decoder
// ---------------------------------------------------------------------------------------------

#[test]
fn every_section_type_round_trips() {
    let mut records = fixture_records();
    // A processor-error section (read with the non-standard layout) and a section of another
    // type, after a non-standard one, with every field of the body set.
    let body = NonStandardError {
        valid_bits: 0x104,
        apic_id: 7,
        fw_id: [b'f'; 48],
        error_type: Guid::SECTION_PROCESSOR_ERROR,
        info_valid_bits: 0x1f,
        ms_check: 0x5_0001,
        target_addr_id: 11,
        req_id: 12,
        resp_id: 13,
        instr_ptr: 14,
        context: RegisterContext { reg_ctx_type: 1, reg_arr_size: 128, msr_addr: 0x1234, mm_reg_addr: 0x5678 },
        reg_dump: std::array::from_fn(|i| i as u32 * 0x0101_0101),
    };
    let mut mixed =
        encode::runtime_record(&DEV0, 9, time(2026, 1, 2, 3, 4, 5), &[bank(CperSeverity::FATAL, &PCS_XGMI)]);
    mixed.header.sec_cnt = 3;
    mixed.header.partition_id = Guid::new(1, 2, 3, [4, 5, 6, 7, 8, 9, 10, 11]);
    mixed.header.flags = 0xA5;
    mixed.header.persistence_info = 0x1122_3344_5566_7788;
    mixed.header.reserved = [0xEE; 12];
    let mut proc_desc = mixed.sections[0].descriptor;
    proc_desc.sec_type = Guid::SECTION_PROCESSOR_ERROR;
    proc_desc.sec_offset = 128 + 3 * 72 + 272;
    proc_desc.fru_id = [b'x'; 16];
    proc_desc.reserved = 9;
    let mut other_desc = proc_desc;
    other_desc.sec_type = Guid::new(0xDEAD_BEEF, 1, 2, [3; 8]);
    other_desc.sec_offset = proc_desc.sec_offset + 272;
    other_desc.sec_length = 5;
    mixed.sections[0].descriptor.sec_offset = 128 + 3 * 72;
    mixed
        .sections
        .push(amdsmi::cper::CperSection { descriptor: proc_desc, body: CperSectionBody::ProcessorError(body) });
    mixed
        .sections
        .push(amdsmi::cper::CperSection { descriptor: other_desc, body: CperSectionBody::Other(vec![1, 2, 3, 4, 5]) });
    mixed.header.record_length = other_desc.sec_offset + 5;
    records.push(mixed);

    let kinds: Vec<&str> = records
        .iter()
        .flat_map(|r| r.sections.iter())
        .map(|s| match s.body {
            CperSectionBody::CrashDumpFatal(_) => "fatal",
            CperSectionBody::CrashDumpBoot(_) => "boot",
            CperSectionBody::NonStandard(_) => "nonstandard",
            CperSectionBody::ProcessorError(_) => "processor",
            CperSectionBody::Other(_) => "other",
            CperSectionBody::Malformed => "malformed",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "boot",
            "fatal",
            "nonstandard",
            "nonstandard",
            "nonstandard",
            "nonstandard",
            "nonstandard",
            "processor",
            "other"
        ]
    );
    for record in &records {
        let bytes = encode::encode(record);
        assert_eq!(bytes.len(), record.header.record_length as usize);
        // Equality of the whole structure asserts every field of header, descriptors and bodies.
        assert_eq!(&CperRecord::decode(&bytes).unwrap(), record);
    }
}

#[test]
fn encoder_writes_the_kernel_layout() {
    let record = encode::fatal_record(&DEV0, 0x2A, time(2025, 3, 12, 9, 14, 27), regs(HBM_FATAL));
    let b = encode::encode(&record);
    assert_eq!(b.len(), 376); // HDR_LEN + SEC_DESC_LEN + FATAL_SEC_LEN
                              // struct cper_hdr
    assert_eq!(&b[0..4], b"CPER");
    assert_eq!(b[4..6], [0x00, 0x01]); // CPER_HDR_REV_1
    assert_eq!(u32_at(&b, 6), 0xFFFF_FFFF);
    assert_eq!(b[10..12], [1, 0]); // sec_cnt
    assert_eq!(u32_at(&b, 12), 1); // CPER_SEV_FATAL
    assert_eq!(u32_at(&b, 16), 0b011); // valid: platform id, timestamp
    assert_eq!(u32_at(&b, 20), 376);
    assert_eq!(b[24..32], [27, 14, 9, 0, 12, 3, 25, 20]);
    assert_eq!(&b[32..46], b"0x1002:0x74A1\0");
    assert_eq!(&b[64..71], b"amdgpu\0");
    assert_eq!(
        b[80..96],
        [0xFE, 0x6F, 0xF5, 0xE8, 0x9C, 0x91, 0xC5, 0x4C, 0xBA, 0x88, 0x65, 0xAB, 0xE1, 0x49, 0x13, 0xBB]
    );
    assert_eq!(&b[96..101], b"0:2A\0");
    // struct cper_sec_desc
    assert_eq!(u32_at(&b, 128), 200); // FATAL_SEC_OFFSET(1, 0)
    assert_eq!(u32_at(&b, 132), 176);
    assert_eq!(b[136..140], [0x01, 0x22, 0b10, 0]);
    assert_eq!(u32_at(&b, 140), 1); // primary
    assert_eq!(
        b[144..160],
        [0x78, 0x0C, 0xAC, 0x32, 0x23, 0x26, 0xF6, 0x48, 0xB0, 0xD0, 0x73, 0x65, 0x72, 0x5F, 0xD6, 0xAE]
    );
    assert_eq!(u32_at(&b, 176), 1);
    assert_eq!(&b[180..184], b"OAM0");
    // struct cper_sec_crashdump_fatal: 128-byte head, then reg_ctx_type, reg_arr_size, ...
    assert!(b[200..328].iter().all(|&x| x == 0));
    assert_eq!(b[328..332], [1, 0, 32, 0]);
    assert_eq!(u32_at(&b, 344), 0x0004_081b); // status_lo
    assert_eq!(u32_at(&b, 348), 0xbaa0_0000); // status_hi
    assert_eq!(u32_at(&b, 360), 0x0009_0f00); // ipid_lo
    assert_eq!(u32_at(&b, 364), 0x2096); // ipid_hi
    assert_eq!(u32_at(&b, 368), 0x5d00_0000); // synd_lo

    let bp = encode::encode(&encode::bad_page_threshold_record(
        &Device { socket_id: 5, ..DEV0 },
        1,
        time(2025, 1, 1, 0, 0, 0),
    ));
    assert_eq!(bp.len(), 472);
    assert_eq!(u32_at(&bp, 140), 0b1001); // primary, exceed_err_threshold
    let body = 200;
    assert_eq!(u32_at(&bp, body), 0x104); // err_info_cnt 1, err_context_cnt 1
    assert_eq!(bp[body + 64..body + 80], Guid::SECTION_NONSTANDARD.0);
    assert_eq!(u32_at(&bp, body + 80), 1); // valid_bits.ms_chk
    assert_eq!(u32_at(&bp, body + 88), 0x5_0001); // err_type_valid, err_type 1, pcc
    let dump = body + 144;
    let expected: [u32; 14] = [0x1, 0, 0x137, 0xB000_0000, 0, 0, 0, 0, 0x2, 0x1ff, 1, 0x096 | 1 << 12, 0, 0];
    for (i, value) in expected.iter().enumerate() {
        assert_eq!(u32_at(&bp, dump + 4 * i), *value, "reg_dump[{i}]");
    }
}

#[test]
fn rust_encoder_and_python_fixture_agree_byte_for_byte() {
    let file = fixture_ring(0);
    let records: Vec<u8> = fixture_records().iter().flat_map(encode::encode).collect();
    assert_eq!(records.len(), 408 + 376 + 472 + 816 + 472);
    assert_eq!(RingPointers::parse(&file), Some(RingPointers { rptr: 0, wptr: 636, driver_wptr: 636 }));
    assert_eq!(&file[12..], &records[..]);
    let mut ring = Ring::new(1 << 20);
    for record in fixture_records() {
        ring.write(&encode::encode(&record));
    }
    assert_eq!(ring.debugfs(), file);

    let gpu1 = encode::fatal_record(&Device { socket_id: 1, ..DEV0 }, 1, time(2025, 3, 13, 22, 7, 3), regs(GC_FATAL));
    assert_eq!(&fixture_ring(8)[12..], &encode::encode(&gpu1)[..]);
    assert_eq!(fixture_ring(16), [0; 12]);
}

#[test]
fn fixture_records_decode_to_the_values_build_py_wrote() {
    let records = ring::records(&fixture_ring(0));
    assert_eq!(records.len(), 5);
    let decoded: Vec<CperRecord> = records.iter().map(|r| CperRecord::decode(r).unwrap()).collect();
    let headers: Vec<(u32, u16, CperSeverity, &str, String)> = decoded
        .iter()
        .map(|r| {
            let h = &r.header;
            (
                h.record_length,
                h.sec_cnt,
                h.error_severity,
                amdsmi::cper::notify_type_name(&h.notify_type),
                h.timestamp.to_string(),
            )
        })
        .collect();
    assert_eq!(
        headers,
        [
            (408, 1, CperSeverity::FATAL, "BOOT", "2025/03/12 08:00:05".to_owned()),
            (376, 1, CperSeverity::FATAL, "MCE", "2025/03/12 09:14:27".to_owned()),
            (472, 1, CperSeverity::NON_FATAL_CORRECTED, "CMC", "2025/03/12 10:02:41".to_owned()),
            (816, 2, CperSeverity::NON_FATAL_UNCORRECTED, "MCE", "2025/03/12 11:30:00".to_owned()),
            (472, 1, CperSeverity::FATAL, "MCE", "2025/03/12 11:45:09".to_owned()),
        ]
    );
    let mixed = &decoded[3].sections;
    assert_eq!(mixed[0].descriptor.sec_offset, 272);
    assert_eq!(mixed[0].descriptor.flags, 0b1_0001); // primary, latent error
    assert_eq!(mixed[0].descriptor.severity, CperSeverity::NON_FATAL_UNCORRECTED);
    assert_eq!(mixed[1].descriptor.sec_offset, 544);
    assert_eq!(mixed[1].descriptor.flags, 1);
    match &mixed[1].body {
        CperSectionBody::NonStandard(n) => assert_eq!(n.registers()[..7], PCS_XGMI[..7]),
        other => panic!("{other:?}"),
    }
    match &decoded[0].sections[0].body {
        CperSectionBody::CrashDumpBoot(b) => {
            assert_eq!(b.msg, BOOT_MESSAGES);
            assert_eq!((b.context.reg_ctx_type, b.context.reg_arr_size), (9, 64));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        decoded.iter().map(|r| amdsmi::cper::field_text(&r.header.record_id)).collect::<Vec<_>>(),
        ["0:1", "0:2", "0:3", "0:4", "0:5"]
    );
    assert_eq!(amdsmi::cper::field_text(&decoded[2].sections[0].descriptor.fru_text), "OAM0");
}

// ---------------------------------------------------------------------------------------------
// AFIDs
// ---------------------------------------------------------------------------------------------

#[test]
fn amd_test_vectors_give_the_current_afids() {
    // main.c's comments say 4, 3 and 1 for the first three; AMD's current error map gives these.
    assert_eq!(afid::decode_afid(&HBM_FATAL, 0, 1), Some(25));
    assert_eq!(afid::decode_afid(&GC_FATAL, 0, 1), Some(30));
    assert_eq!(afid::decode_afid(&HBM_CORRECTED, 0, 1), Some(24));
    assert_eq!(afid::decode_afid(&PCS_XGMI, 0, 1), Some(17));
    assert_eq!(afid::decode_afid(&BAD_PAGE, afid::FLAG_THRESHOLD_EXCEEDED, 1), Some(19));
    assert_eq!(afid::decode_afid(&BOOT_MESSAGES, 0, 9), Some(8));

    let aca =
        |r: &[u64], flags| afid::decode_aca(AcaRegisters { status: r[0], addr: r[1], ipid: r[2], synd: r[3] }, flags);
    let decoded = |bank, severity, error_type, category, afid| AcaDecode { bank, severity, error_type, category, afid };
    assert_eq!(aca(&HBM_FATAL, 0), decoded("umc", "Fatal", "AddressCommandParityErr", "HBM Errors", 25));
    assert_eq!(aca(&GC_FATAL, 0), decoded("smu", "Fatal", "GfxGcError", "Device Internal Errors", 30));
    let long = |r: &[u64]| [r[1], r[2], r[5], r[6]];
    assert_eq!(aca(&long(&HBM_CORRECTED), 0), decoded("umc", "Corrected", "On-die ECC", "HBM Errors", 24));
    assert_eq!(
        aca(&long(&PCS_XGMI), 0),
        decoded("pcs_xgmi", "Corrected", "BERExceededErr", "Off-Package Link Errors", 17)
    );
    assert_eq!(aca(&long(&BAD_PAGE), 8), decoded("umc", "Fatal", "Bad Page Retirement Threshold", "HBM Errors", 19));
    // Without the threshold flag the same registers (UC without TCC, code 0) are a non-fatal
    // uncorrected on-die ECC error.
    assert_eq!(aca(&long(&BAD_PAGE), 0), decoded("umc", "Uncorrected, Non-fatal", "On-die ECC", "HBM Errors", 22));
}

#[test]
fn afid_rules_at_the_edges() {
    // A bank the tables do not know: RAS decode 2.0.0 makes it a device-internal error.
    let unknown_bank = [0xbaa000000004081b, 0, 0x0777_0000_0000, 0];
    assert_eq!(afid::decode_aca(regs(unknown_bank), 0).bank, "UNKNOWN");
    assert_eq!(afid::decode_afid(&unknown_bank, 0, 1), Some(30));
    // An off-package link bank without a service type of its own (kpx_serdes) and an unknown
    // code: "Invalid ACA Data"; the same code on pcs_xgmi is an XGMI error all the same.
    assert_eq!(afid::decode_afid(&[0x10 << 16, 0, 0x0259_0000_0000, 0], 0, 1), Some(33));
    assert_eq!(afid::decode_afid(&[0x3f << 16, 0, 0x0050_0000_0000, 0], 0, 1), Some(17));
    // TCC without UC: no severity, "Invalid ACA Data".
    assert_eq!(afid::decode_afid(&[1 << 55, 0, 0x0096_0000_0000, 0], 0, 1), Some(33));
    // RdCrcErr (umc 0xb) is an end-to-end CRC error: fatal 21.
    assert_eq!(afid::decode_afid(&[1 << 57 | 0xb << 16, 0, 0x0096_0000_0000, 0], 0, 1), Some(21));
    // Only 4 or 16 ACA registers, only context types 1 and 9.
    assert_eq!(afid::decode_afid(&HBM_CORRECTED[..5], 0, 1), None);
    assert_eq!(afid::decode_afid(&HBM_FATAL, 0, 0), None);
    assert_eq!(afid::decode_afid(&[], 0, 9), None);
}

#[test]
fn afids_from_cper_of_every_fixture_record() {
    let records = ring::records(&fixture_ring(0));
    let afids: Vec<(Vec<u64>, usize)> =
        records.iter().map(|r| amdsmi::amdsmi_get_afids_from_cper(r).unwrap()).collect();
    assert_eq!(afids, [(vec![8], 1), (vec![25], 1), (vec![24], 1), (vec![22, 17], 2), (vec![19], 1)]);
    let gpu1 = ring::records(&fixture_ring(8));
    assert_eq!(amdsmi::amdsmi_get_afids_from_cper(&gpu1[0]).unwrap(), (vec![30], 1));
    // The older kernels' bad-page record (severity CPER_SEV_NUM) still decodes by its flag.
    let mut old = encode::bad_page_threshold_record(&DEV0, 1, time(2025, 1, 1, 0, 0, 0));
    old.header.error_severity = CperSeverity::NUM;
    old.sections[0].descriptor.severity = CperSeverity::NUM;
    assert_eq!(afid::afids_from_cper(&encode::encode(&old)).unwrap(), [19]);
}

#[test]
fn afids_of_bad_input_are_errors() {
    let good = encode::encode(&fixture_records()[1]);
    let status = |bytes: &[u8]| amdsmi::amdsmi_get_afids_from_cper(bytes).unwrap_err().status();
    assert_eq!(status(&good[..127]), Status::UnexpectedSize);
    assert_eq!(status(&good[..375]), Status::UnexpectedSize, "record_length past the data");
    let mut bad = good.clone();
    bad[0] = b'X';
    assert_eq!(status(&bad), Status::UnexpectedData);
    let mut bad = good.clone();
    bad[6] = 0;
    assert_eq!(status(&bad), Status::UnexpectedData);
    let mut bad = good.clone();
    bad[20..24].copy_from_slice(&100u32.to_le_bytes());
    assert_eq!(status(&bad), Status::UnexpectedSize, "record_length below the header");
    // Bytes after the record are not the record's.
    let mut longer = good.clone();
    longer.extend_from_slice(&[0xAB; 300]);
    assert_eq!(amdsmi::amdsmi_get_afids_from_cper(&longer).unwrap(), (vec![25], 1));
}

#[test]
fn sections_that_do_not_fit_are_malformed_or_cut() {
    let good = encode::encode(&fixture_records()[3]);
    // sec_offset of the second section far outside the record.
    let mut bad = good.clone();
    bad[128 + 72..128 + 76].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
    let record = CperRecord::decode(&bad).unwrap();
    assert_eq!(record.sections[1].body, CperSectionBody::Malformed);
    assert_eq!(afid::record_afids(&record), [22]);
    // record_length cut inside the descriptor table: only the descriptors inside count.
    let mut cut = good.clone();
    cut[20..24].copy_from_slice(&(128u32 + 72 + 10).to_le_bytes());
    let record = CperRecord::decode(&cut).unwrap();
    assert_eq!(record.header.sec_cnt, 2);
    assert_eq!(record.sections.len(), 1);
    assert_eq!(record.sections[0].body, CperSectionBody::Malformed, "its body is past the record");
    // A register array claiming more registers than reg_dump holds gives no AFID.
    let mut big = fixture_records()[2].clone();
    if let CperSectionBody::NonStandard(n) = &mut big.sections[0].body {
        n.context.reg_arr_size = 136;
    }
    assert_eq!(afid::record_afids(&big), Vec::<u64>::new());
}

#[test]
fn truncated_and_garbage_input_never_panics() {
    let good: Vec<u8> = fixture_records().iter().flat_map(encode::encode).collect();
    for len in 0..good.len() {
        let prefix = &good[..len];
        let _ = CperHeader::decode(prefix);
        let _ = CperRecord::decode(prefix);
        let _ = afid::afids_from_cper(prefix);
        let _ = ring::entries(prefix, u32::MAX, u64::MAX, 0);
    }
    // Deterministic pseudo-random bytes, with CPER headers planted at odd places.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..200 {
        let mut bytes: Vec<u8> = (0..(next() % 3000) as usize).map(|_| next() as u8).collect();
        if round % 2 == 0 && bytes.len() > 200 {
            let at = (next() as usize) % (bytes.len() - 130);
            bytes[at..at + 4].copy_from_slice(b"CPER");
            bytes[at + 6..at + 10].copy_from_slice(&[0xFF; 4]);
        }
        let _ = CperRecord::decode(&bytes);
        let _ = afid::afids_from_cper(&bytes);
        let _ = ring::entries(&bytes, u32::MAX, u64::MAX, 0);
        let _ = ring::records(&bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// The ring and the entry selection
// ---------------------------------------------------------------------------------------------

fn ring_of(records: &[CperRecord]) -> Vec<u8> {
    let mut ring = Ring::new(1 << 16);
    for record in records {
        ring.write(&encode::encode(record));
    }
    ring.debugfs()
}

fn record_ids(entries: &amdsmi::CperEntries) -> Vec<&str> {
    entries.entries.iter().map(|e| e.record_id.as_str()).collect()
}

#[test]
fn severity_mask_selects_entries() {
    let file = fixture_ring(0);
    let select = |mask| ring::entries(&file, mask, 1 << 20, 0).unwrap();
    assert_eq!(record_ids(&select(7)), ["0:1", "0:2", "0:3", "0:4", "0:5"]);
    assert_eq!(record_ids(&select(1 << 1)), ["0:1", "0:2", "0:5"]);
    assert_eq!(record_ids(&select(1 << 0)), ["0:4"]);
    assert_eq!(record_ids(&select(1 << 2)), ["0:3"]);
    assert_eq!(record_ids(&select(0)), Vec::<&str>::new());
    let fatal = select(1 << 1);
    assert_eq!(fatal.cursor, 3, "the cursor counts the selected severities only");
    assert_eq!(fatal.status_code, Status::Success);
    assert_eq!(fatal.cper_data.iter().map(|d| d.size).collect::<Vec<_>>(), [408, 376, 472]);
    assert_eq!(fatal.cper_data[1].bytes, encode::encode(&fixture_records()[1]));
}

#[test]
fn cursor_resumes_where_the_last_call_stopped() {
    let file = fixture_ring(0);
    let from = |cursor| ring::entries(&file, 7, 1 << 20, cursor).unwrap();
    assert_eq!(record_ids(&from(3)), ["0:4", "0:5"]);
    assert_eq!(from(3).cursor, 5);
    let past = from(5);
    assert!(past.entries.is_empty());
    assert_eq!((past.cursor, past.status_code), (5, Status::Success), "an empty result keeps the cursor");
    assert_eq!(from(99).cursor, 99);
}

#[test]
fn small_buffer_gives_the_entries_that_fit_and_more_data() {
    let file = fixture_ring(0);
    // 408 + 376 fit in 800, the 472-byte third does not.
    let first = ring::entries(&file, 7, 800, 0).unwrap();
    assert_eq!((record_ids(&first), first.cursor, first.status_code), (vec!["0:1", "0:2"], 2, Status::MoreData));
    let second = ring::entries(&file, 7, 800, first.cursor).unwrap();
    assert_eq!((record_ids(&second), second.cursor, second.status_code), (vec!["0:3"], 3, Status::MoreData));
    // The 816-byte fourth record alone does not fit: AMD SMI's OUT_OF_RESOURCES.
    assert_eq!(ring::entries(&file, 7, 800, 3).unwrap_err().status(), Status::OutOfResources);
    assert_eq!(ring::entries(&file, 7, 0, 0).unwrap_err().status(), Status::OutOfResources);
    // Exactly enough for everything: SUCCESS.
    let all = ring::entries(&file, 7, 2544, 0).unwrap();
    assert_eq!((all.entries.len(), all.status_code), (5, Status::Success));
}

#[test]
fn at_most_twenty_entries_per_call() {
    let records: Vec<CperRecord> =
        (1..=25).map(|n| encode::fatal_record(&DEV0, n, time(2025, 5, 1, 0, 0, n as u8), regs(HBM_FATAL))).collect();
    let file = ring_of(&records);
    let first = ring::entries(&file, 7, 1 << 20, 0).unwrap();
    assert_eq!((first.entries.len(), first.cursor, first.status_code), (MAX_ENTRIES, 20, Status::MoreData));
    let rest = ring::entries(&file, 7, 1 << 20, first.cursor).unwrap();
    assert_eq!(record_ids(&rest), ["0:15", "0:16", "0:17", "0:18", "0:19"]);
    assert_eq!((rest.cursor, rest.status_code), (25, Status::Success));
}

#[test]
fn wrapped_ring_keeps_the_newest_records() {
    // A 2 KiB ring: five 376-byte records fit (1880 bytes), the sixth pushes out the first.
    let records: Vec<CperRecord> =
        (1..=7).map(|n| encode::fatal_record(&DEV0, n, time(2025, 5, 1, 0, 0, n as u8), regs(HBM_FATAL))).collect();
    let mut ring = Ring::new(2048);
    for record in &records {
        ring.write(&encode::encode(record));
    }
    let debugfs = ring.debugfs();
    let pointers = RingPointers::parse(&debugfs).unwrap();
    assert!(pointers.wptr < pointers.rptr, "the write pointer wrapped: {pointers:?}");
    let expected = ["0:3", "0:4", "0:5", "0:6", "0:7"];
    assert_eq!(record_ids(&ring::entries(&debugfs, 7, 1 << 20, 0).unwrap()), expected);
    // Record 0:6 (bytes 1880..2256) straddles the end of the ring; the whole-ring dump is put
    // back in order.
    let dump = ring.dump();
    assert_eq!(dump.len(), 12 + 2048);
    assert_eq!(record_ids(&ring::entries(&dump, 7, 1 << 20, 0).unwrap()), expected);
    assert_eq!(ring::records(&dump)[3], encode::encode(&records[5]));
    let straddling = encode::encode(&records[5]);
    assert_eq!(dump[12 + 1880..12 + 2048], straddling[..168]);
    assert_eq!(dump[12..12 + 208], straddling[168..]);
}

#[test]
fn damaged_record_in_the_middle_is_skipped() {
    let records = fixture_records();
    let file = ring_of(&records);
    let offset_of = |n: usize| 12 + records[..n].iter().map(|r| r.header.record_length as usize).sum::<usize>();
    let third = offset_of(2);
    let all = ["0:1", "0:2", "0:3", "0:4", "0:5"];
    let without_third = ["0:1", "0:2", "0:4", "0:5"];
    for (what, patch) in [
        ("signature", (0, b"XPER".to_vec())),
        ("signature_end", (6, vec![0, 0, 0, 0])),
        ("record_length past the ring", (20, 0x00FF_FFFFu32.to_le_bytes().to_vec())),
        ("record_length below the header", (20, 4u32.to_le_bytes().to_vec())),
    ] {
        let mut damaged = file.clone();
        damaged[third + patch.0..third + patch.0 + patch.1.len()].copy_from_slice(&patch.1);
        assert_eq!(record_ids(&ring::entries(&damaged, 7, 1 << 20, 0).unwrap()), without_third, "{what}");
    }
    assert_eq!(record_ids(&ring::entries(&file, 7, 1 << 20, 0).unwrap()), all);
    // A ring cut in the middle of its last record: the complete ones remain.
    let cut = &file[..file.len() - 100];
    assert_eq!(record_ids(&ring::entries(cut, 7, 1 << 20, 0).unwrap()), ["0:1", "0:2", "0:3", "0:4"]);
    // Garbage between records is skipped by the byte scan.
    let mut spaced = file[..third].to_vec();
    spaced.extend_from_slice(b"CPER garbage that is not a header at all, 0123456789");
    spaced.extend_from_slice(&file[third..]);
    assert_eq!(record_ids(&ring::entries(&spaced, 7, 1 << 20, 0).unwrap()), all);
}

#[test]
fn empty_ring_is_success_with_no_entries() {
    for file in [&[][..], &[0u8; 12][..], &[0u8; 5][..], &fixture_ring(16)[..]] {
        let empty = ring::entries(file, 7, 1 << 20, 0).unwrap();
        assert!(empty.entries.is_empty() && empty.cper_data.is_empty());
        assert_eq!((empty.cursor, empty.status_code), (0, Status::Success));
    }
    // An empty ring that has been written before: equal pointers, nothing between them.
    let file = RingPointers { rptr: 94, wptr: 94, driver_wptr: 94 }.to_bytes();
    assert!(ring::entries(&file, 7, 1 << 20, 0).unwrap().entries.is_empty());
}

#[test]
fn pages_are_the_entries_of_each_returned_cursor() {
    // Every severity mask and buffer size on the fixture ring of card 0 (records of 408, 376,
    // 472, 816 and 472 bytes), and on a ring of 45 records (three pages of 20): the pages of
    // one scan equal the calls of the C API, cursor after cursor.
    let rings = [fixture_ring(0), encode::header_only_ring(45)];
    for file in &rings {
        let snapshot = CperRing::new(file.clone());
        for mask in 0..8 {
            for buffer in [0, 128, 376, 800, 2544, 1 << 20] {
                let mut calls = Vec::new();
                let mut cursor = 0;
                loop {
                    match ring::entries(file, mask, buffer, cursor) {
                        Ok(page) if page.entries.is_empty() => break,
                        Ok(page) => {
                            cursor = page.cursor;
                            let more = page.status_code == Status::MoreData;
                            calls.push(Ok(page));
                            if !more {
                                break;
                            }
                        }
                        Err(err) => {
                            calls.push(Err(err));
                            break;
                        }
                    }
                }
                assert_eq!(snapshot.pages(mask, buffer).collect::<Vec<_>>(), calls, "mask {mask}, buffer {buffer}");
            }
        }
    }
    // The 45-record ring, all of it: pages of 20, 20 and 5 (ids 0:1..0:2D).
    let pages: Vec<_> = CperRing::new(rings[1].clone()).pages(7, 1 << 20).map(Result::unwrap).collect();
    assert_eq!(pages.iter().map(|p| (p.entries.len(), p.cursor)).collect::<Vec<_>>(), [(20, 20), (20, 40), (5, 45)]);
    assert_eq!((record_ids(&pages[2])[4], pages[2].status_code), ("0:2D", Status::Success));
}

// ---------------------------------------------------------------------------------------------
// Through the Context, on the fixture root
// ---------------------------------------------------------------------------------------------

fn handle_of_card(ctx: &Context, card: u32) -> ProcessorHandle {
    ctx.processor_handles()
        .into_iter()
        .find(|&h| ctx.gpu(h).and_then(|g| g.enumeration_info()).ok().and_then(|i| i.drm_card) == Some(card))
        .unwrap()
}

#[test]
fn context_reads_the_primary_partitions_ring() {
    let ctx = Context::builder().root(common::machine("mi300x-cpx")).build().unwrap();
    let gpu0 = handle_of_card(&ctx, 0);
    let all = ctx.gpu(gpu0).and_then(|g| g.cper_entries(7, 1_048_576, 0)).unwrap();
    assert_eq!(record_ids(&all), ["0:1", "0:2", "0:3", "0:4", "0:5"]);
    assert_eq!((all.cursor, all.status_code), (5, Status::Success));
    let boot = &all.entries[0];
    assert_eq!(boot.error_severity, CperSeverity::FATAL);
    assert_eq!(boot.error_severity.name(), "fatal");
    assert_eq!(boot.notify_type, "BOOT");
    assert_eq!(boot.timestamp, "2025/03/12 08:00:05");
    assert_eq!(boot.signature, "CPER");
    assert_eq!(boot.revision, 256);
    assert_eq!(boot.signature_end, "0xffffffff");
    assert_eq!(boot.sec_cnt, 1);
    assert_eq!(boot.record_length, 408);
    assert_eq!(boot.platform_id, "0x1002:0x74A1");
    assert_eq!(boot.creator_id, "amdgpu");
    assert_eq!((boot.flags, boot.persistence_info), (0, 0));
    assert_eq!(all.entries[3].error_severity.name(), "non_fatal_uncorrected");
    assert_eq!(all.entries[2].notify_type, "CMC");

    let gpu1 = ctx.gpu(handle_of_card(&ctx, 8)).and_then(|g| g.cper_entries(7, 1_048_576, 0)).unwrap();
    assert_eq!(record_ids(&gpu1), ["1:1"]);
    let empty = ctx.gpu(handle_of_card(&ctx, 16)).and_then(|g| g.cper_entries(7, 1_048_576, 0)).unwrap();
    assert!(empty.entries.is_empty());
    assert_eq!(empty.status_code, Status::Success);
    // A secondary partition's card has no CPER ring.
    let err = ctx.gpu(handle_of_card(&ctx, 1)).and_then(|g| g.cper_entries(7, 1_048_576, 0)).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert!(err.path().unwrap().ends_with("sys/kernel/debug/dri/1/amdgpu_ring_cper"));
    // Machines without debugfs rings.
    let desktop = Context::builder().root(common::machine("rx6900xt")).build().unwrap();
    let gpu = desktop.processor_handles()[0];
    assert_eq!(
        desktop.gpu(gpu).and_then(|g| g.cper_entries(7, 1_048_576, 0)).unwrap_err().status(),
        Status::NotSupported
    );
}

#[test]
fn damaged_ring_on_disk() {
    // The fixture ring, damaged, on a single-GPU machine (card0): quicker to copy than mi300x.
    let dir = common::copy_machine("rx6900xt");
    let path = dir.path().join("sys/kernel/debug/dri/0/amdgpu_ring_cper");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = fixture_ring(0);
    file[12 + 408 + 376..][..4].copy_from_slice(b"cper");
    std::fs::write(&path, &file).unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let entries = ctx.gpu(handle_of_card(&ctx, 0)).and_then(|g| g.cper_entries(7, 1_048_576, 0)).unwrap();
    assert_eq!(record_ids(&entries), ["0:1", "0:2", "0:4", "0:5"]);
    // A directory where the ring should be: FILE_ERROR, with the path.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    let err = ctx.gpu(handle_of_card(&ctx, 0)).and_then(|g| g.cper_entries(7, 1_048_576, 0)).unwrap_err();
    assert_eq!((err.status(), err.path()), (Status::FileError, Some(path.as_path())));
}

#[cfg(feature = "serde")]
#[test]
fn entries_serialize_with_the_documented_keys() {
    let entries = ring::entries(&fixture_ring(8), 7, 1 << 20, 0).unwrap();
    let json = serde_json::to_value(&entries).unwrap();
    assert_eq!(
        json["entries"][0],
        serde_json::json!({
            "error_severity": "fatal",
            "notify_type": "MCE",
            "timestamp": "2025/03/13 22:07:03",
            "signature": "CPER",
            "revision": 256,
            "signature_end": "0xffffffff",
            "sec_cnt": 1,
            "record_length": 376,
            "platform_id": "0x1002:0x74A1",
            "creator_id": "amdgpu",
            "record_id": "1:1",
            "flags": 0,
            "persistence_info": 0
        })
    );
    assert_eq!(json["cursor"], 1);
    assert_eq!(json["status_code"], 0);
    assert_eq!(json["cper_data"][0]["size"], 376);
    assert_eq!(json["cper_data"][0]["bytes"].as_array().unwrap().len(), 376);
    assert_eq!(json["cper_data"][0]["bytes"][0], 67);
}

/// A full ring file (`encode::header_only_ring`: 65,535 records of 128 bytes, 8 MiB) on a copy
/// of a one-GPU machine, written at test time.
fn full_ring_machine() -> tempfile::TempDir {
    let dir = common::copy_machine("rx6900xt");
    let path = dir.path().join("sys/kernel/debug/dri/0/amdgpu_ring_cper");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, encode::header_only_ring(encode::FULL_RING_RECORDS)).unwrap();
    dir
}

#[test]
fn a_full_ring_is_read_once_and_paged() {
    assert_eq!(encode::FULL_RING_RECORDS, 65_535);
    let dir = full_ring_machine();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpu = ctx.gpu(handle_of_card(&ctx, 0)).unwrap();
    let snapshot = gpu.cper_ring().unwrap();
    assert_eq!(snapshot.len(), 65_535);
    // `ras --cper`'s path: 3,277 pages (3,276 of 20, then 15), ids 0:1 to 0:FFFF.
    let pages: Vec<_> = snapshot.pages(7, 1 << 20).map(Result::unwrap).collect();
    assert_eq!(pages.len(), 3_277);
    assert!(pages[..3_276].iter().all(|p| p.entries.len() == 20 && p.status_code == Status::MoreData));
    let last = &pages[3_276];
    assert_eq!((last.entries.len(), last.cursor, last.status_code), (15, 65_535, Status::Success));
    assert_eq!(pages[0].entries[0].record_id, "0:1");
    assert_eq!(pages[0].entries[0].timestamp, "2026/01/01 00:00:01");
    assert_eq!(last.entries[14].record_id, "0:FFFF");
    assert_eq!(last.entries[14].timestamp, "2026/01/01 18:12:15");
    assert_eq!(pages.iter().map(|p| p.entries.len()).sum::<usize>(), 65_535);
    // One severity: n % 3 == 0 is fatal, 21,845 of them, the first 0:3, the last 0:FFFF.
    let fatal: Vec<_> = snapshot.pages(1 << 1, 1 << 20).flat_map(|p| p.unwrap().entries).collect();
    assert_eq!((fatal.len(), fatal[0].record_id.as_str()), (21_845, "0:3"));
    assert_eq!(fatal[21_844].record_id, "0:FFFF");
    // The C API's call (read and scan per call) at a cursor near the end: 65,531 to 65,535.
    let tail = gpu.cper_entries(7, 1 << 20, 65_530).unwrap();
    assert_eq!(record_ids(&tail), ["0:FFFB", "0:FFFC", "0:FFFD", "0:FFFE", "0:FFFF"]);
    assert_eq!((tail.cursor, tail.status_code), (65_535, Status::Success));
}

#[test]
fn an_oversized_ring_is_unexpected_size() {
    // One byte more than a ring file may hold (sparse): refused after one read, naming the path.
    let dir = common::copy_machine("rx6900xt");
    let path = dir.path().join("sys/kernel/debug/dri/0/amdgpu_ring_cper");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(&path).unwrap().set_len(ring::MAX_RING_FILE + 1).unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let err = ctx.gpu(handle_of_card(&ctx, 0)).and_then(|g| g.cper_ring()).unwrap_err();
    assert_eq!(
        (err.status(), err.path(), err.detail()),
        (Status::UnexpectedSize, Some(path.as_path()), Some("larger than 8388608 bytes"))
    );
    // Exactly the cap is read (all zeros: no record).
    std::fs::File::create(&path).unwrap().set_len(ring::MAX_RING_FILE).unwrap();
    assert!(ctx.gpu(handle_of_card(&ctx, 0)).and_then(|g| g.cper_ring()).unwrap().is_empty());
}

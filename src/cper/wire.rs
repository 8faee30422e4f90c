//! The raw wire layouts of a CPER record as amdgpu writes it (`drivers/gpu/drm/amd/include/
//! amd_cper.h`, `#pragma pack(1)`, little-endian), each with its reader and its writer.
//!
//! Each is declared with [`wire_struct!`](crate::bytes) (`packed(1)`, offsets and sizes asserted
//! at compile time against the kernel's) and read through [`Bytes`], member by member.

use crate::bytes::wire_struct;

wire_struct! {
    /// `struct cper_hdr`: the UEFI record header.
    RawHeader: 128, packed(1), {
        signature: [u8; 4] = 0,
        revision: u16 = 4,
        signature_end: u32 = 6,
        sec_cnt: u16 = 10,
        error_severity: u32 = 12,
        valid_bits: u32 = 16,
        record_length: u32 = 20,
        /// `struct cper_timestamp`: seconds, minutes, hours, flag, day, month, year, century.
        timestamp: [u8; 8] = 24,
        platform_id: [u8; 16] = 32,
        partition_id: [u8; 16] = 48,
        creator_id: [u8; 16] = 64,
        notify_type: [u8; 16] = 80,
        record_id: [u8; 8] = 96,
        flags: u32 = 104,
        persistence_info: u64 = 108,
        reserved: [u8; 12] = 116,
    }
}

wire_struct! {
    /// `struct cper_sec_desc`: one section descriptor, right after the header.
    RawSectionDescriptor: 72, packed(1), {
        sec_offset: u32 = 0,
        sec_length: u32 = 4,
        revision_minor: u8 = 8,
        revision_major: u8 = 9,
        valid_bits: u8 = 10,
        reserved: u8 = 11,
        flags: u32 = 12,
        sec_type: [u8; 16] = 16,
        fru_id: [u8; 16] = 32,
        severity: u32 = 48,
        fru_text: [u8; 20] = 52,
    }
}

wire_struct! {
    /// `struct cper_sec_crashdump_hdr`: the head of both crash-dump bodies.
    RawCrashDumpHeader: 128, packed(1), {
        reserved1: u64 = 0,
        reserved2: u64 = 8,
        fw_id: [u8; 48] = 16,
        reserved3: [u64; 8] = 64,
    }
}

wire_struct! {
    /// The 16 bytes that open every register dump: `reg_ctx_type`, `reg_arr_size`, then
    /// `msr_addr`/`mm_reg_addr` (`struct cper_sec_nonstd_err_ctx`), which the crash-dump bodies
    /// (`struct cper_sec_crashdump_body_*`) call `reserved1`/`reserved2`.
    RawRegisterContext: 16, packed(1), {
        reg_ctx_type: u16 = 0,
        reg_arr_size: u16 = 2,
        msr_addr: u32 = 4,
        mm_reg_addr: u64 = 8,
    }
}

wire_struct! {
    /// `struct cper_sec_crashdump_reg_data`: the ACA STATUS/ADDR/IPID/SYND of a fatal error.
    RawAcaRegisters: 32, packed(1), {
        status_lo: u32 = 0,
        status_hi: u32 = 4,
        addr_lo: u32 = 8,
        addr_hi: u32 = 12,
        ipid_lo: u32 = 16,
        ipid_hi: u32 = 20,
        synd_lo: u32 = 24,
        synd_hi: u32 = 28,
    }
}

wire_struct! {
    /// `struct cper_sec_crashdump_fatal`: the body of a fatal (uncorrectable) crash dump.
    RawCrashDumpFatal: 176, packed(1), {
        header: RawCrashDumpHeader = 0,
        context: RawRegisterContext = 128,
        registers: RawAcaRegisters = 144,
    }
}

wire_struct! {
    /// `struct cper_sec_crashdump_boot`: the body of a boot-time crash dump (one message per OAM).
    RawCrashDumpBoot: 208, packed(1), {
        header: RawCrashDumpHeader = 0,
        context: RawRegisterContext = 128,
        msg: [u64; 8] = 144,
    }
}

wire_struct! {
    /// `struct cper_sec_nonstd_err_hdr`.
    RawNonStandardHeader: 64, packed(1), {
        valid_bits: u64 = 0,
        apic_id: u64 = 8,
        fw_id: [u8; 48] = 16,
    }
}

wire_struct! {
    /// `struct cper_sec_nonstd_err_info`.
    RawNonStandardInfo: 64, packed(1), {
        error_type: [u8; 16] = 0,
        valid_bits: u64 = 16,
        ms_check: u64 = 24,
        target_addr_id: u64 = 32,
        req_id: u64 = 40,
        resp_id: u64 = 48,
        instr_ptr: u64 = 56,
    }
}

wire_struct! {
    /// `struct cper_sec_nonstd_err`: the body of AMD's non-standard (runtime) error section.
    RawNonStandardError: 272, packed(1), {
        header: RawNonStandardHeader = 0,
        info: RawNonStandardInfo = 64,
        context: RawRegisterContext = 128,
        reg_dump: [u32; 32] = 144,
    }
}

#[cfg(feature = "fixtures")]
pub(crate) use crate::bytes::to_bytes;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytes::{Bytes, Wire};

    #[test]
    fn fields_land_at_their_offsets() {
        let mut header = RawHeader::ZERO;
        header.record_length = 0x1122_3344;
        header.persistence_info = 0x0102_0304_0506_0708;
        let bytes = to_bytes(&header);
        assert_eq!(bytes.len(), 128);
        assert_eq!(bytes[20..24], [0x44, 0x33, 0x22, 0x11]);
        assert_eq!(bytes[108..116], [8, 7, 6, 5, 4, 3, 2, 1]);

        let mut body = RawNonStandardError::ZERO;
        body.context.reg_arr_size = 128;
        body.reg_dump[31] = 0xAABB_CCDD;
        let bytes = to_bytes(&body);
        assert_eq!(bytes.len(), 272);
        assert_eq!(bytes[130..132], [128, 0]);
        assert_eq!(bytes[268..272], [0xDD, 0xCC, 0xBB, 0xAA]);
    }

    #[test]
    fn short_input_is_an_error_not_a_panic() {
        assert!(Bytes::new(&[0; 127]).read::<RawHeader>().is_err());
        assert!(Bytes::new(&[]).read::<RawSectionDescriptor>().is_err());
        assert!(Bytes::new(&[1, 2, 3]).at(2).take(2).is_err());
        assert!(Bytes::new(&[1, 2, 3]).at(9).take(0).is_err());
        assert_eq!(Bytes::new(&[1, 2, 3]).at(1).take(2), Ok(&[2, 3][..]));
    }
}

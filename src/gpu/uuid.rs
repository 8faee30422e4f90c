//! The GPU UUID AMD SMI derives from the ASIC serial, device id and partition index.

/// AMD SMI's GPU UUID string (`amdsmi_uuid_gen`): a version-1 layout whose fields carry the
/// 64-bit ASIC serial (`unique_id`), the PCI device id and the partition index (`0xff` when the
/// device has no partition index).
///
/// Fields: `time_low` = serial byte 7 << 24 | index << 16 | device id; `time_mid` and
/// `time_hi` = 0 with version 1; clock sequence = variant 0b10 and serial byte 6; node =
/// serial bytes 5..0.
pub fn gpu_uuid(serial: u64, device_id: u16, index: u8) -> String {
    let time_low = ((serial >> 56) as u32) << 24 | u32::from(index) << 16 | u32::from(device_id);
    format!(
        "{time_low:08x}-0000-1000-80{:02x}-{:04x}{:08x}",
        (serial >> 48) & 0xff,
        (serial >> 32) & 0xffff,
        serial & 0xffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        // RX 6900 XT: unique_id 946d7e1ef9b172dd, device 0x73bf, partition 0.
        assert_eq!(gpu_uuid(0x946d_7e1e_f9b1_72dd, 0x73bf, 0), "940073bf-0000-1000-806d-7e1ef9b172dd");
        assert_eq!(gpu_uuid(0x0123_4567_89ab_cdef, 0x74a1, 0xff), "01ff74a1-0000-1000-8023-456789abcdef");
        assert_eq!(gpu_uuid(0, 0xffff, 7), "0007ffff-0000-1000-8000-000000000000");
    }
}

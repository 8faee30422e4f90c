//! Pure decoders of `DRM_AMDGPU_INFO` answers: kernel bytes in, typed values out.
//!
//! The raw wire layouts (`wire_struct!` mirrors of `include/uapi/drm/amdgpu_drm.h`, offsets as
//! pahole prints them for the kernel's structs, asserted at compile time) stay private; each
//! answer is read through the crate's one bounds-checked reader, `Bytes` (amdgpu runs on
//! little-endian hosts only). Too few bytes is UNEXPECTED_SIZE; nothing here panics.

use std::mem::size_of;

use super::{DeviceInfo, VbiosInfo};
use crate::bytes::{wire_struct, Bytes, Wire};
use crate::error::{Error, Result, Status};

wire_struct! {
    /// The head of `struct drm_amdgpu_info_device`, through `vram_bit_width` (the last field AMD
    /// SMI reads). Later kernels append fields; a shorter request is answered with this prefix.
    InfoDeviceWire: 184, packed(8), {
        device_id: u32 = 0,
        chip_rev: u32 = 4,
        external_rev: u32 = 8,
        pci_rev: u32 = 12,
        family: u32 = 16,
        num_shader_engines: u32 = 20,
        num_shader_arrays_per_engine: u32 = 24,
        gpu_counter_freq: u32 = 28,
        max_engine_clock: u64 = 32,
        max_memory_clock: u64 = 40,
        cu_active_number: u32 = 48,
        cu_ao_mask: u32 = 52,
        cu_bitmap: [[u32; 4]; 4] = 56,
        enabled_rb_pipes_mask: u32 = 120,
        num_rb_pipes: u32 = 124,
        num_hw_gfx_contexts: u32 = 128,
        pcie_gen: u32 = 132,
        ids_flags: u64 = 136,
        virtual_address_offset: u64 = 144,
        virtual_address_max: u64 = 152,
        virtual_address_alignment: u32 = 160,
        pte_fragment_size: u32 = 164,
        gart_page_size: u32 = 168,
        ce_ram_size: u32 = 172,
        vram_type: u32 = 176,
        vram_bit_width: u32 = 180,
    }
}

wire_struct! {
    /// `struct drm_amdgpu_info_vbios`.
    InfoVbiosWire: 200, packed(8), {
        name: [u8; 64] = 0,
        vbios_pn: [u8; 64] = 64,
        version: u32 = 128,
        pad: u32 = 132,
        vbios_ver_str: [u8; 32] = 136,
        date: [u8; 32] = 168,
    }
}

/// Bytes [`device_info`] needs: `struct drm_amdgpu_info_device` through `vram_bit_width` (184).
pub const DEV_INFO_SIZE: usize = size_of::<InfoDeviceWire>();
/// Bytes of `struct drm_amdgpu_info_vbios` (200).
pub const VBIOS_INFO_SIZE: usize = size_of::<InfoVbiosWire>();
/// Bytes of the AMDGPU_INFO_VRAM_USAGE answer (one u64: 8).
pub const VRAM_USAGE_SIZE: usize = size_of::<u64>();

/// The `T` at the front of answer `bytes` (more bytes are ignored); too few is UNEXPECTED_SIZE
/// naming the struct `what`.
fn answer<T: Wire>(bytes: &[u8], what: &str) -> Result<T> {
    Bytes::new(bytes).read().map_err(|_| {
        Error::new(Status::UnexpectedSize).with_detail(format!(
            "{what}: {} bytes, need {}",
            bytes.len(),
            size_of::<T>()
        ))
    })
}

/// Decodes `struct drm_amdgpu_info_device` (at least [`DEV_INFO_SIZE`] bytes; more are ignored).
pub fn device_info(bytes: &[u8]) -> Result<DeviceInfo> {
    let w: InfoDeviceWire = answer(bytes, "drm_amdgpu_info_device")?;
    Ok(DeviceInfo {
        device_id: w.device_id,
        chip_rev: w.chip_rev,
        external_rev: w.external_rev,
        pci_rev: w.pci_rev,
        family: w.family,
        cu_active_number: w.cu_active_number,
        max_engine_clock_khz: w.max_engine_clock,
        max_memory_clock_khz: w.max_memory_clock,
        ids_flags: w.ids_flags,
        vram_type: w.vram_type,
        vram_bit_width: w.vram_bit_width,
    })
}

/// Decodes `struct drm_amdgpu_info_vbios` (at least [`VBIOS_INFO_SIZE`] bytes). Each string
/// field ends at its first NUL (or fills its array); bytes that are not UTF-8 become U+FFFD.
pub fn vbios_info(bytes: &[u8]) -> Result<VbiosInfo> {
    let w: InfoVbiosWire = answer(bytes, "drm_amdgpu_info_vbios")?;
    Ok(VbiosInfo {
        name: c_string(&w.name),
        part_number: c_string(&w.vbios_pn),
        version: w.version,
        version_string: c_string(&w.vbios_ver_str),
        date: c_string(&w.date),
    })
}

/// Decodes the AMDGPU_INFO_VRAM_USAGE answer: VRAM in use, in bytes.
pub fn vram_usage(bytes: &[u8]) -> Result<u64> {
    answer(bytes, "AMDGPU_INFO_VRAM_USAGE")
}

/// A C string array's text: up to the first NUL, lossily UTF-8.
fn c_string(field: &[u8]) -> String {
    let text = field.split(|&b| b == 0).next().unwrap_or_default();
    String::from_utf8_lossy(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(buf: &mut [u8], offset: usize, bytes: &[u8]) {
        buf[offset..offset + bytes.len()].copy_from_slice(bytes);
    }

    fn dev_info_bytes() -> Vec<u8> {
        let mut b = vec![0xEEu8; 192]; // filler everywhere the decoder must not look
        put(&mut b, 0, &0x744Cu32.to_le_bytes());
        put(&mut b, 4, &2u32.to_le_bytes());
        put(&mut b, 8, &3u32.to_le_bytes());
        put(&mut b, 12, &0xC8u32.to_le_bytes());
        put(&mut b, 16, &145u32.to_le_bytes());
        put(&mut b, 32, &2_500_000u64.to_le_bytes());
        put(&mut b, 40, &1_250_000u64.to_le_bytes());
        put(&mut b, 48, &96u32.to_le_bytes());
        put(&mut b, 136, &0x0000_0000_0000_0206u64.to_le_bytes());
        put(&mut b, 176, &9u32.to_le_bytes());
        put(&mut b, 180, &384u32.to_le_bytes());
        b
    }

    #[test]
    fn device_info_fields_at_kernel_offsets() {
        let info = device_info(&dev_info_bytes()).unwrap();
        assert_eq!(
            info,
            DeviceInfo {
                device_id: 0x744C,
                chip_rev: 2,
                external_rev: 3,
                pci_rev: 0xC8,
                family: 145,
                cu_active_number: 96,
                max_engine_clock_khz: 2_500_000,
                max_memory_clock_khz: 1_250_000,
                ids_flags: 0x206,
                vram_type: 9,
                vram_bit_width: 384,
            }
        );
        // Exactly DEV_INFO_SIZE bytes suffice; one fewer is UNEXPECTED_SIZE.
        let b = dev_info_bytes();
        assert_eq!(device_info(&b[..DEV_INFO_SIZE]).unwrap(), info);
        let err = device_info(&b[..DEV_INFO_SIZE - 1]).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedSize);
        assert_eq!(err.detail(), Some("drm_amdgpu_info_device: 183 bytes, need 184"));
    }

    #[test]
    fn vbios_info_strings_nul_trimmed() {
        let mut b = vec![0u8; VBIOS_INFO_SIZE];
        put(&mut b, 0, b"NAVI31 XTX\0junk after the NUL");
        put(&mut b, 64, b"113-D70401XT-N11");
        put(&mut b, 128, &0x0001_0203u32.to_le_bytes());
        put(&mut b, 132, &0xFFFF_FFFFu32.to_le_bytes()); // pad is ignored
        put(&mut b, 136, &[b'9'; 32]); // no NUL: the whole array
        put(&mut b, 168, b"2022/11/02 18:03\0");
        let v = vbios_info(&b).unwrap();
        assert_eq!(
            v,
            VbiosInfo {
                name: "NAVI31 XTX".into(),
                part_number: "113-D70401XT-N11".into(),
                version: 0x0001_0203,
                version_string: "9".repeat(32),
                date: "2022/11/02 18:03".into(),
            }
        );
        put(&mut b, 0, b"\xffA\0");
        assert_eq!(vbios_info(&b).unwrap().name, "\u{FFFD}A");
        assert_eq!(vbios_info(&b[..199]).unwrap_err().status(), Status::UnexpectedSize);
        assert_eq!(vbios_info(&[]).unwrap_err().status(), Status::UnexpectedSize);
    }

    #[test]
    fn vram_usage_u64() {
        assert_eq!(vram_usage(&668_274_688u64.to_le_bytes()).unwrap(), 668_274_688);
        assert_eq!(vram_usage(&[1, 0, 0, 0, 0, 0, 0, 0, 0xFF]).unwrap(), 1);
        assert_eq!(vram_usage(&[1, 2, 3, 4, 5, 6, 7]).unwrap_err().status(), Status::UnexpectedSize);
    }

    #[test]
    fn no_length_panics() {
        let big = vec![0xA5u8; 512];
        for len in 0..=big.len() {
            let b = &big[..len];
            assert_eq!(device_info(b).is_ok(), len >= DEV_INFO_SIZE);
            assert_eq!(vbios_info(b).is_ok(), len >= VBIOS_INFO_SIZE);
            assert_eq!(vram_usage(b).is_ok(), len >= VRAM_USAGE_SIZE);
        }
    }
}

//! Pure decoders of `DRM_AMDGPU_INFO` answers: kernel bytes in, typed values out.
//!
//! The raw wire layouts (`#[repr(C)]` mirrors of `include/uapi/drm/amdgpu_drm.h`, offsets
//! asserted at compile time) stay private; the decoders read each field at its offset with a
//! bounds-checked little-endian read (amdgpu runs on little-endian hosts only). Too few bytes is
//! UNEXPECTED_SIZE; nothing here panics.

use std::mem::{offset_of, size_of};

use super::{DeviceInfo, VbiosInfo};
use crate::error::{Error, Result, Status};

/// The head of `struct drm_amdgpu_info_device`, through `vram_bit_width` (the last field AMD SMI
/// reads). Later kernels append fields; a shorter request is answered with this prefix.
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct InfoDeviceWire {
    device_id: u32,
    chip_rev: u32,
    external_rev: u32,
    pci_rev: u32,
    family: u32,
    num_shader_engines: u32,
    num_shader_arrays_per_engine: u32,
    gpu_counter_freq: u32,
    max_engine_clock: u64,
    max_memory_clock: u64,
    cu_active_number: u32,
    cu_ao_mask: u32,
    cu_bitmap: [[u32; 4]; 4],
    enabled_rb_pipes_mask: u32,
    num_rb_pipes: u32,
    num_hw_gfx_contexts: u32,
    pcie_gen: u32,
    ids_flags: u64,
    virtual_address_offset: u64,
    virtual_address_max: u64,
    virtual_address_alignment: u32,
    pte_fragment_size: u32,
    gart_page_size: u32,
    ce_ram_size: u32,
    vram_type: u32,
    vram_bit_width: u32,
}

// Offsets as pahole prints them for the kernel's struct (amdgpu_drm.h).
const _: () = assert!(offset_of!(InfoDeviceWire, pci_rev) == 12);
const _: () = assert!(offset_of!(InfoDeviceWire, family) == 16);
const _: () = assert!(offset_of!(InfoDeviceWire, max_engine_clock) == 32);
const _: () = assert!(offset_of!(InfoDeviceWire, max_memory_clock) == 40);
const _: () = assert!(offset_of!(InfoDeviceWire, cu_active_number) == 48);
const _: () = assert!(offset_of!(InfoDeviceWire, cu_bitmap) == 56);
const _: () = assert!(offset_of!(InfoDeviceWire, enabled_rb_pipes_mask) == 120);
const _: () = assert!(offset_of!(InfoDeviceWire, ids_flags) == 136);
const _: () = assert!(offset_of!(InfoDeviceWire, virtual_address_alignment) == 160);
const _: () = assert!(offset_of!(InfoDeviceWire, vram_type) == 176);
const _: () = assert!(offset_of!(InfoDeviceWire, vram_bit_width) == 180);
const _: () = assert!(size_of::<InfoDeviceWire>() == 184);

/// `struct drm_amdgpu_info_vbios`.
#[repr(C)]
#[allow(dead_code)] // a layout description: read by offset, never constructed
struct InfoVbiosWire {
    name: [u8; 64],
    vbios_pn: [u8; 64],
    version: u32,
    pad: u32,
    vbios_ver_str: [u8; 32],
    date: [u8; 32],
}

const _: () = assert!(offset_of!(InfoVbiosWire, vbios_pn) == 64);
const _: () = assert!(offset_of!(InfoVbiosWire, version) == 128);
const _: () = assert!(offset_of!(InfoVbiosWire, vbios_ver_str) == 136);
const _: () = assert!(offset_of!(InfoVbiosWire, date) == 168);
const _: () = assert!(size_of::<InfoVbiosWire>() == 200);

/// Bytes [`device_info`] needs: `struct drm_amdgpu_info_device` through `vram_bit_width` (184).
pub const DEV_INFO_SIZE: usize = size_of::<InfoDeviceWire>();
/// Bytes of `struct drm_amdgpu_info_vbios` (200).
pub const VBIOS_INFO_SIZE: usize = size_of::<InfoVbiosWire>();
/// Bytes of the AMDGPU_INFO_VRAM_USAGE answer (one u64: 8).
pub const VRAM_USAGE_SIZE: usize = size_of::<u64>();

/// Decodes `struct drm_amdgpu_info_device` (at least [`DEV_INFO_SIZE`] bytes; more are ignored).
pub fn device_info(bytes: &[u8]) -> Result<DeviceInfo> {
    let r = Reader::new(bytes, "drm_amdgpu_info_device", DEV_INFO_SIZE)?;
    Ok(DeviceInfo {
        device_id: r.u32(offset_of!(InfoDeviceWire, device_id))?,
        chip_rev: r.u32(offset_of!(InfoDeviceWire, chip_rev))?,
        external_rev: r.u32(offset_of!(InfoDeviceWire, external_rev))?,
        pci_rev: r.u32(offset_of!(InfoDeviceWire, pci_rev))?,
        family: r.u32(offset_of!(InfoDeviceWire, family))?,
        cu_active_number: r.u32(offset_of!(InfoDeviceWire, cu_active_number))?,
        max_engine_clock_khz: r.u64(offset_of!(InfoDeviceWire, max_engine_clock))?,
        max_memory_clock_khz: r.u64(offset_of!(InfoDeviceWire, max_memory_clock))?,
        ids_flags: r.u64(offset_of!(InfoDeviceWire, ids_flags))?,
        vram_type: r.u32(offset_of!(InfoDeviceWire, vram_type))?,
        vram_bit_width: r.u32(offset_of!(InfoDeviceWire, vram_bit_width))?,
    })
}

/// Decodes `struct drm_amdgpu_info_vbios` (at least [`VBIOS_INFO_SIZE`] bytes). Each string
/// field ends at its first NUL (or fills its array); bytes that are not UTF-8 become U+FFFD.
pub fn vbios_info(bytes: &[u8]) -> Result<VbiosInfo> {
    let r = Reader::new(bytes, "drm_amdgpu_info_vbios", VBIOS_INFO_SIZE)?;
    Ok(VbiosInfo {
        name: r.c_string(offset_of!(InfoVbiosWire, name), 64)?,
        part_number: r.c_string(offset_of!(InfoVbiosWire, vbios_pn), 64)?,
        version: r.u32(offset_of!(InfoVbiosWire, version))?,
        version_string: r.c_string(offset_of!(InfoVbiosWire, vbios_ver_str), 32)?,
        date: r.c_string(offset_of!(InfoVbiosWire, date), 32)?,
    })
}

/// Decodes the AMDGPU_INFO_VRAM_USAGE answer: VRAM in use, in bytes.
pub fn vram_usage(bytes: &[u8]) -> Result<u64> {
    Reader::new(bytes, "AMDGPU_INFO_VRAM_USAGE", VRAM_USAGE_SIZE)?.u64(0)
}

/// Bounds-checked reads from one answer; every failure is UNEXPECTED_SIZE naming the struct.
struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], what: &'static str, need: usize) -> Result<Reader<'a>> {
        let r = Reader { bytes, what };
        if bytes.len() < need {
            return Err(r.short(need));
        }
        Ok(r)
    }

    fn short(&self, need: usize) -> Error {
        Error::new(Status::UnexpectedSize).with_detail(format!(
            "{}: {} bytes, need {need}",
            self.what,
            self.bytes.len()
        ))
    }

    fn field(&self, offset: usize, len: usize) -> Result<&'a [u8]> {
        let end = offset.checked_add(len).ok_or_else(|| self.short(usize::MAX))?;
        self.bytes.get(offset..end).ok_or_else(|| self.short(end))
    }

    fn array<const N: usize>(&self, offset: usize) -> Result<[u8; N]> {
        self.field(offset, N)?.try_into().map_err(|_| self.short(offset.saturating_add(N)))
    }

    fn u32(&self, offset: usize) -> Result<u32> {
        self.array(offset).map(u32::from_le_bytes)
    }

    fn u64(&self, offset: usize) -> Result<u64> {
        self.array(offset).map(u64::from_le_bytes)
    }

    fn c_string(&self, offset: usize, len: usize) -> Result<String> {
        let field = self.field(offset, len)?;
        let text = field.split(|&b| b == 0).next().unwrap_or_default();
        Ok(String::from_utf8_lossy(text).into_owned())
    }
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
        let r = Reader { bytes: &big, what: "t" };
        assert!(r.field(usize::MAX, 2).is_err());
        assert!(r.u64(510).is_err());
        assert!(r.c_string(500, 64).is_err());
    }
}

//! Any bytes as the answers of the amdgpu DRM info queries (`drm_amdgpu_info_device`,
//! `drm_amdgpu_info_vbios`, the VRAM usage): too short is an error, more is ignored, a panic is a
//! finding.
#![no_main]

use amdsmi::gpu::drm::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode::device_info(data);
    let _ = decode::vbios_info(data);
    let _ = decode::vram_usage(data);
});

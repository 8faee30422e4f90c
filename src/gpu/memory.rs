//! Memory pools: totals and usage (`mem_info_*`), VRAM usage.

use crate::error::Result;
use crate::gpu::drm;
use crate::gpu::Gpu;

/// A memory pool (`AmdSmiMemoryType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiMemoryType {
    /// Video memory (`mem_info_vram_*`).
    #[amd(name = "VRAM")]
    Vram = 0,
    /// CPU-visible video memory (`mem_info_vis_vram_*`).
    #[amd(name = "VIS_VRAM")]
    VisVram = 1,
    /// Graphics translation table: system memory mapped for the GPU (`mem_info_gtt_*`).
    #[amd(name = "GTT")]
    Gtt = 2,
}

impl AmdSmiMemoryType {
    /// The pool's size file, bytes (`mem_info_<pool>_total`).
    pub(crate) fn total_file(self) -> &'static str {
        match self {
            AmdSmiMemoryType::Vram => "mem_info_vram_total",
            AmdSmiMemoryType::VisVram => "mem_info_vis_vram_total",
            AmdSmiMemoryType::Gtt => "mem_info_gtt_total",
        }
    }

    /// The pool's use file, bytes (`mem_info_<pool>_used`).
    pub(crate) fn used_file(self) -> &'static str {
        match self {
            AmdSmiMemoryType::Vram => "mem_info_vram_used",
            AmdSmiMemoryType::VisVram => "mem_info_vis_vram_used",
            AmdSmiMemoryType::Gtt => "mem_info_gtt_used",
        }
    }
}

/// VRAM size and use (`amdsmi_get_gpu_vram_usage`), MiB.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VramUsage {
    /// VRAM size, MiB (`mem_info_vram_total`).
    pub vram_total: u64,
    /// VRAM in use, MiB (DRM `AMDGPU_INFO_VRAM_USAGE`, else `mem_info_vram_used`: the same counter).
    pub vram_used: u64,
}

impl Gpu<'_> {
    /// Total memory of a pool, bytes.
    #[doc(alias = "amdsmi_get_gpu_memory_total")]
    pub fn memory_total(&self, mem_type: AmdSmiMemoryType) -> Result<u64> {
        self.device().read_polled_u64(mem_type.total_file())
    }

    /// Memory in use in a pool, bytes.
    #[doc(alias = "amdsmi_get_gpu_memory_usage")]
    pub fn memory_usage(&self, mem_type: AmdSmiMemoryType) -> Result<u64> {
        self.device().read_polled_u64(mem_type.used_file())
    }

    /// VRAM size and use, MiB.
    #[doc(alias = "amdsmi_get_gpu_vram_usage")]
    pub fn vram_usage(&self) -> Result<VramUsage> {
        const MIB: u64 = 1024 * 1024;
        let gpu = self.device();
        let total = gpu.read_polled_u64(AmdSmiMemoryType::Vram.total_file())?;
        let used = match self.with_drm(drm::vram_usage) {
            Ok(bytes) => bytes,
            Err(_) => gpu.read_polled_u64(AmdSmiMemoryType::Vram.used_file())?,
        };
        Ok(VramUsage { vram_total: total / MIB, vram_used: used / MIB })
    }
}

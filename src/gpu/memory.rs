//! Memory totals and usage (`mem_info_*`) and PCIe counters (`pcie_bw`, `pcie_replay_count`,
//! `pp_dpm_pcie`).

use crate::context::{Context, ProcessorHandle};
use crate::error::Result;
use crate::gpu::clock::{AmdSmiClkType, Frequencies};
use crate::gpu::drm;
use crate::sysfs;

/// A memory pool (`AmdSmiMemoryType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AmdSmiMemoryType {
    /// Video memory (`mem_info_vram_*`).
    Vram = 0,
    /// CPU-visible video memory (`mem_info_vis_vram_*`).
    VisVram = 1,
    /// Graphics translation table: system memory mapped for the GPU (`mem_info_gtt_*`).
    Gtt = 2,
}

impl AmdSmiMemoryType {
    /// Every pool, in AMD's order.
    pub const ALL: [AmdSmiMemoryType; 3] = [AmdSmiMemoryType::Vram, AmdSmiMemoryType::VisVram, AmdSmiMemoryType::Gtt];

    /// AMD's name without the prefix.
    pub fn name(self) -> &'static str {
        match self {
            AmdSmiMemoryType::Vram => "VRAM",
            AmdSmiMemoryType::VisVram => "VIS_VRAM",
            AmdSmiMemoryType::Gtt => "GTT",
        }
    }

    fn file(self, what: &str) -> String {
        let pool = match self {
            AmdSmiMemoryType::Vram => "vram",
            AmdSmiMemoryType::VisVram => "vis_vram",
            AmdSmiMemoryType::Gtt => "gtt",
        };
        format!("mem_info_{pool}_{what}")
    }
}

/// PCIe traffic over the last second (`amdsmi_get_gpu_pci_throughput`, from `pcie_bw`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PciThroughput {
    /// Packets sent (the kernel counts packets; multiply by `max_pkt_sz` for an upper bound in bytes).
    pub sent: u64,
    /// Packets received.
    pub received: u64,
    /// Maximum payload size, bytes.
    pub max_pkt_sz: u64,
}

/// The PCIe levels the GPU can use (`amdsmi_get_gpu_pci_bandwidth`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PcieBandwidth {
    /// Transfer rates, T/s, and the current level.
    pub transfer_rate: Frequencies,
    /// Lanes of each level.
    pub lanes: Vec<u32>,
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

/// `pcie_bw`: `sent received max_payload`.
fn parse_pcie_bw(text: &str) -> Option<PciThroughput> {
    let mut words = text.split_whitespace().map(|w| w.parse::<u64>().ok());
    let t = PciThroughput { sent: words.next()??, received: words.next()??, max_pkt_sz: words.next()?? };
    words.next().is_none().then_some(t)
}

impl Context {
    /// Total memory of a pool, bytes.
    #[doc(alias = "amdsmi_get_gpu_memory_total")]
    pub fn gpu_memory_total(&self, handle: ProcessorHandle, mem_type: AmdSmiMemoryType) -> Result<u64> {
        self.gpu(handle)?.read_u64(&mem_type.file("total"))
    }

    /// Memory in use in a pool, bytes.
    #[doc(alias = "amdsmi_get_gpu_memory_usage")]
    pub fn gpu_memory_usage(&self, handle: ProcessorHandle, mem_type: AmdSmiMemoryType) -> Result<u64> {
        self.gpu(handle)?.read_u64(&mem_type.file("used"))
    }

    /// VRAM size and use, MiB.
    #[doc(alias = "amdsmi_get_gpu_vram_usage")]
    pub fn gpu_vram_usage(&self, handle: ProcessorHandle) -> Result<VramUsage> {
        const MIB: u64 = 1024 * 1024;
        let gpu = self.gpu(handle)?;
        let total = gpu.read_u64("mem_info_vram_total")?;
        let used = match self.drm(gpu).and_then(|t| drm::vram_usage(t.as_ref())) {
            Ok(bytes) => bytes,
            Err(_) => gpu.read_u64("mem_info_vram_used")?,
        };
        Ok(VramUsage { vram_total: total / MIB, vram_used: used / MIB })
    }

    /// PCIe traffic of the last second (`pcie_bw`; reading it takes the kernel one second).
    #[doc(alias = "amdsmi_get_gpu_pci_throughput")]
    pub fn gpu_pci_throughput(&self, handle: ProcessorHandle) -> Result<PciThroughput> {
        sysfs::read_parsed(&self.gpu(handle)?.attr("pcie_bw"), parse_pcie_bw)
    }

    /// PCIe replays (NAKs received and generated), `pcie_replay_count`.
    #[doc(alias = "amdsmi_get_gpu_pci_replay_counter")]
    pub fn gpu_pci_replay_counter(&self, handle: ProcessorHandle) -> Result<u64> {
        self.gpu(handle)?.read_u64("pcie_replay_count")
    }

    /// The PCIe levels (`pp_dpm_pcie`): transfer rates and lanes.
    #[doc(alias = "amdsmi_get_gpu_pci_bandwidth")]
    pub fn gpu_pci_bandwidth(&self, handle: ProcessorHandle) -> Result<PcieBandwidth> {
        let transfer_rate = self.clk_freq(handle, AmdSmiClkType::Pcie)?;
        let table = self.gpu(handle)?.dpm_table(AmdSmiClkType::Pcie.dpm_file())?;
        Ok(PcieBandwidth { transfer_rate, lanes: table.levels.iter().map(|l| l.lanes.unwrap_or(0)).collect() })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pcie_bw() {
        let t = super::parse_pcie_bw("123 456 256\n").unwrap();
        assert_eq!((t.sent, t.received, t.max_pkt_sz), (123, 456, 256));
        assert_eq!(super::parse_pcie_bw(""), None);
        assert_eq!(super::parse_pcie_bw("1 2"), None);
        assert_eq!(super::parse_pcie_bw("1 2 3 4"), None);
        assert_eq!(super::parse_pcie_bw("1 -2 3"), None);
    }
}

//! PCIe: the link levels (`pp_dpm_pcie`), traffic (`pcie_bw`) and replays (`pcie_replay_count`).

use crate::error::Result;
use crate::gpu::clock::{AmdSmiClkType, Frequencies};
use crate::gpu::Gpu;
use crate::parse;
use crate::sysfs;

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

impl Gpu<'_> {
    /// PCIe traffic of the last second (`pcie_bw`; reading it takes the kernel one second).
    #[doc(alias = "amdsmi_get_gpu_pci_throughput")]
    pub fn pci_throughput(&self) -> Result<PciThroughput> {
        sysfs::read_parsed(&self.device().attr("pcie_bw"), parse::pcie::pcie_bw)
    }

    /// PCIe replays (NAKs received and generated), `pcie_replay_count`.
    #[doc(alias = "amdsmi_get_gpu_pci_replay_counter")]
    pub fn pci_replay_counter(&self) -> Result<u64> {
        self.device().read_u64("pcie_replay_count")
    }

    /// The PCIe levels (`pp_dpm_pcie`): transfer rates and lanes.
    #[doc(alias = "amdsmi_get_gpu_pci_bandwidth")]
    pub fn pci_bandwidth(&self) -> Result<PcieBandwidth> {
        let transfer_rate = self.clk_freq(AmdSmiClkType::Pcie)?;
        let table = self.device().dpm_table(AmdSmiClkType::Pcie)?;
        Ok(PcieBandwidth { transfer_rate, lanes: table.levels.iter().filter_map(|l| l.lanes).collect() })
    }
}

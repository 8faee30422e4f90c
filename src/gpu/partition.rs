//! Compute and memory partitions (SPX/DPX/QPX/CPX, NPS1/NPS4) and the accelerator profile.

use crate::error::Result;
use crate::gpu::Gpu;
use crate::parse::partition::mode_list;
use crate::sysfs;

/// The current accelerator partition profile (`amdsmi_get_gpu_accelerator_partition_profile`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PartitionProfile {
    /// The compute partition mode (`SPX`, `DPX`, `TPX`, `QPX`, `CPX`).
    pub profile_type: String,
    /// Partitions in this mode: 1/2/3/4 for SPX/DPX/TPX/QPX; for CPX the partitions discovered.
    pub num_partitions: u32,
    /// Position of the mode in `compute_partition_config/supported_xcp_configs`.
    pub profile_index: Option<u32>,
    /// Memory partition modes this profile supports (`compute_partition_config/supported_nps_configs`).
    pub memory_caps: Option<Vec<String>>,
    /// Resource kinds of the profile (needs root to read: not reported, N/A).
    pub num_resources: Option<u32>,
}

/// The accelerator partition of a processor: its partition id and the GPU's current profile.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AcceleratorPartitionProfile {
    /// The processor's partition id (one element, as AMD SMI returns it).
    pub partition_id: Vec<u32>,
    /// The current profile.
    pub partition_profile: PartitionProfile,
}

impl Gpu<'_> {
    /// The current compute partition (`current_compute_partition`: `SPX`, `DPX`, `TPX`, `QPX`, `CPX`).
    #[doc(alias = "amdsmi_get_gpu_compute_partition")]
    pub fn compute_partition(&self) -> Result<String> {
        self.device().read_text("current_compute_partition")
    }

    /// The current memory partition (`current_memory_partition`: `NPS1`, `NPS2`, `NPS4`, `NPS8`).
    #[doc(alias = "amdsmi_get_gpu_memory_partition")]
    pub fn memory_partition(&self) -> Result<String> {
        self.device().read_text("current_memory_partition")
    }

    /// The processor's partition id and the GPU's current accelerator profile.
    #[doc(alias = "amdsmi_get_gpu_accelerator_partition_profile")]
    pub fn accelerator_partition_profile(&self) -> Result<AcceleratorPartitionProfile> {
        let gpu = self.device();
        let mode = self.compute_partition()?;
        let siblings = self.context().socket_of(self.handle()).map_or(1, |s| s.len() as u32);
        let num_partitions = match mode.as_str() {
            "DPX" => 2,
            "TPX" => 3,
            "QPX" => 4,
            "CPX" => siblings,
            _ => 1,
        };
        let config = |name: &str| sysfs::read_text(&gpu.attr("compute_partition_config").join(name)).ok();
        let profile_index = config("supported_xcp_configs")
            .and_then(|list| mode_list(&list).iter().position(|m| *m == mode))
            .and_then(|i| u32::try_from(i).ok());
        Ok(AcceleratorPartitionProfile {
            partition_id: vec![gpu.partition_id],
            partition_profile: PartitionProfile {
                profile_type: mode,
                num_partitions,
                profile_index,
                memory_caps: config("supported_nps_configs").map(|l| mode_list(&l)),
                num_resources: None,
            },
        })
    }
}

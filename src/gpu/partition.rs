//! Compute and memory partitions (SPX/DPX/QPX/CPX, NPS1/NPS4) and the accelerator profile.

use crate::error::Result;
use crate::gpu::control::{AmdSmiComputePartitionType, AmdSmiMemoryPartitionType};
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

/// A GPU's memory partition modes (`amdsmi_get_gpu_memory_partition_config`).
///
/// AMD SMI 7.0.2 reports no NUMA ranges (its Python layer prints `num_numa_ranges` and
/// `numa_range` as N/A whatever the C library fills): they are not part of this type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MemoryPartitionConfig {
    /// The modes the GPU can switch to (`available_memory_partition`, e.g. `["NPS1", "NPS4"]`);
    /// empty when the kernel lists none.
    pub partition_caps: Vec<String>,
    /// The current mode (`current_memory_partition`); UNKNOWN for a name AMD SMI does not know.
    pub mp_mode: AmdSmiMemoryPartitionType,
}

impl Gpu<'_> {
    /// The memory partition modes the GPU supports and its current one. NOT_SUPPORTED without
    /// `current_memory_partition` (no memory partitions); the capabilities are empty without
    /// `available_memory_partition`, as AMD SMI leaves its mask 0 then.
    #[doc(alias = "amdsmi_get_gpu_memory_partition_config")]
    pub fn memory_partition_config(&self) -> Result<MemoryPartitionConfig> {
        let mode = self.memory_partition()?;
        let gpu = self.device();
        let caps = gpu.part(|| gpu.read_text("available_memory_partition"))?.map(|l| mode_list(&l)).unwrap_or_default();
        Ok(MemoryPartitionConfig {
            partition_caps: caps,
            mp_mode: mode.parse().unwrap_or(AmdSmiMemoryPartitionType::Unknown),
        })
    }

    /// The number of XCDs (accelerator complex dies) working: the gpu_metrics
    /// `current_gfxclks` entries that are neither 0 nor 0xFFFF (AMD SMI 7.0.2's count in
    /// `amd_smi.cc`); a layout with a single `current_gfxclk` fills entry 0 (one XCD). Without
    /// gpu_metrics: its error.
    #[doc(alias = "amdsmi_get_gpu_xcd_counter")]
    pub fn xcd_counter(&self) -> Result<u16> {
        let clocks = self.device().metrics_view()?.current_gfxclks();
        let working = clocks.iter().flatten().filter(|&&mhz| mhz != 0).count();
        Ok(u16::try_from(working).unwrap_or(u16::MAX))
    }
}

/// A resource a partition is given (`amdsmi_accelerator_partition_resource_type_t`, AMD's
/// values); the kernel's `compute_partition_config/<dir>` of each is named in the variant docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiAcceleratorPartitionResourceType {
    /// Compute dies (`xcc/`).
    #[amd(name = "XCC")]
    Xcc = 0,
    /// Video encoders (`enc/`).
    #[amd(name = "ENCODER")]
    Encoder = 1,
    /// Video decoders, the VCN instances (`dec/`).
    #[amd(name = "DECODER")]
    Decoder = 2,
    /// SDMA engines (`dma/`).
    #[amd(name = "DMA")]
    Dma = 3,
    /// JPEG decoders (`jpeg/`).
    #[amd(name = "JPEG")]
    Jpeg = 4,
}

impl AmdSmiAcceleratorPartitionResourceType {
    /// The directory of `compute_partition_config/` that describes this resource.
    fn dir(self) -> &'static str {
        match self {
            AmdSmiAcceleratorPartitionResourceType::Xcc => "xcc",
            AmdSmiAcceleratorPartitionResourceType::Encoder => "enc",
            AmdSmiAcceleratorPartitionResourceType::Decoder => "dec",
            AmdSmiAcceleratorPartitionResourceType::Dma => "dma",
            AmdSmiAcceleratorPartitionResourceType::Jpeg => "jpeg",
        }
    }
}

/// What each partition of one profile gets of one resource
/// (`amdsmi_accelerator_partition_resource_profile_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AcceleratorResourceProfile {
    /// The profile this entry belongs to.
    pub profile_index: u32,
    /// The resource.
    pub resource_type: AmdSmiAcceleratorPartitionResourceType,
    /// Instances of the resource each partition has (`num_inst`).
    pub partition_resource: u32,
    /// Partitions sharing each instance (`num_shared`; 1: not shared).
    pub num_partitions_share_resource: u32,
}

/// One accelerator partition profile of [`AcceleratorPartitionProfileConfig`]
/// (`amdsmi_accelerator_partition_profile_t`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AcceleratorProfileConfig {
    /// The compute partition mode of the profile.
    pub profile_type: AmdSmiComputePartitionType,
    /// Partitions in this mode: 1/2/3/4 for SPX/DPX/TPX/QPX, the XCDs for CPX.
    pub num_partitions: u32,
    /// The profile's index (its position in `supported_xcp_configs`).
    pub profile_index: u32,
    /// Memory partition modes the profile works with (`supported_nps_configs`).
    pub memory_caps: Vec<String>,
    /// Resource kinds the profile describes (`resources.len()`).
    pub num_resources: u32,
    /// What each partition of the profile gets, one entry per resource kind.
    pub resources: Vec<AcceleratorResourceProfile>,
}

/// Every accelerator partition profile of a GPU (`amdsmi_get_gpu_accelerator_partition_profile_config`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AcceleratorPartitionProfileConfig {
    /// The number of profiles.
    pub num_profiles: u32,
    /// Resource entries per profile: AMD SMI's Python layer reads `resource_profiles` as
    /// consecutive runs of this many entries, one run per profile.
    pub num_resource_profiles: u32,
    /// Every profile's resource entries, profile 0's first.
    pub resource_profiles: Vec<AcceleratorResourceProfile>,
    /// The index of the GPU's current compute partition mode.
    pub default_profile_index: u32,
    /// The profiles, in `supported_xcp_configs` order.
    pub profiles: Vec<AcceleratorProfileConfig>,
}

/// A `u32` count from a `usize` (saturating; the counts here are small).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Gpu<'_> {
    /// Every accelerator partition profile the GPU supports, with the memory partition modes
    /// and the resources of each, from the kernel's `compute_partition_config/` (amdgpu_xcp.c):
    /// the profiles are the modes of `supported_xcp_configs`; for each, the mode is written to
    /// `xcp_config` (one write), which makes `supported_nps_configs` and the resource directories
    /// (`xcc`, `enc`, `dec`, `dma`, `jpeg`: `num_inst`, `num_shared`) describe it, as AMD SMI
    /// 7.0.2 does. The `xcp_config` read first is written back at the end (AMD SMI leaves the
    /// last profile selected; the value only selects what the directories describe).
    ///
    /// `xcp_config` is root-only: NO_PERM for anyone else (AMD SMI checks for root first, same
    /// status). NOT_SUPPORTED without `compute_partition_config/`. A CPX profile's partition
    /// count is the XCD count ([`Gpu::xcd_counter`], 0 without gpu_metrics).
    #[doc(alias = "amdsmi_get_gpu_accelerator_partition_profile_config")]
    pub fn accelerator_partition_profile_config(&self) -> Result<AcceleratorPartitionProfileConfig> {
        let dir = self.device().attr("compute_partition_config");
        let modes = mode_list(&sysfs::read_text(&dir.join("supported_xcp_configs"))?);
        let selector = dir.join("xcp_config");
        let original = sysfs::read_text(&selector)?;
        let current = self.compute_partition()?;
        // Write the original selection back even when a profile could not be read.
        let walked = self.walk_profiles(&dir, &modes);
        let restored = sysfs::write_text(&selector, &format!("{original}\n"));
        let profiles = walked?;
        restored?;
        let resource_profiles: Vec<_> = profiles.iter().flat_map(|p| p.resources.iter().copied()).collect();
        Ok(AcceleratorPartitionProfileConfig {
            num_profiles: count(profiles.len()),
            num_resource_profiles: profiles.first().map_or(0, |p| p.num_resources),
            resource_profiles,
            default_profile_index: count(modes.iter().position(|m| *m == current).unwrap_or(0)),
            profiles,
        })
    }

    /// Selects each of `modes` in turn through `compute_partition_config/xcp_config` (one write
    /// each) and reads what the directory then describes.
    fn walk_profiles(&self, dir: &std::path::Path, modes: &[String]) -> Result<Vec<AcceleratorProfileConfig>> {
        let gpu = self.device();
        let selector = dir.join("xcp_config");
        let mut profiles = Vec::with_capacity(modes.len());
        for (index, mode) in (0u32..).zip(modes) {
            sysfs::write_text(&selector, &format!("{mode}\n"))?;
            let profile_type = mode.parse().unwrap_or(AmdSmiComputePartitionType::Invalid);
            let num_partitions = match profile_type {
                AmdSmiComputePartitionType::Spx => 1,
                AmdSmiComputePartitionType::Dpx => 2,
                AmdSmiComputePartitionType::Tpx => 3,
                AmdSmiComputePartitionType::Qpx => 4,
                AmdSmiComputePartitionType::Cpx => gpu.part(|| self.xcd_counter())?.map_or(0, u32::from),
                AmdSmiComputePartitionType::Invalid => 0,
            };
            let mut resources = Vec::new();
            for resource_type in AmdSmiAcceleratorPartitionResourceType::ALL {
                let res = dir.join(resource_type.dir());
                if !sysfs::is_dir(&res) {
                    continue;
                }
                resources.push(AcceleratorResourceProfile {
                    profile_index: index,
                    resource_type,
                    partition_resource: sysfs::read_number(&res.join("num_inst"))?,
                    num_partitions_share_resource: sysfs::read_number(&res.join("num_shared"))?,
                });
            }
            profiles.push(AcceleratorProfileConfig {
                profile_type,
                num_partitions,
                profile_index: index,
                memory_caps: gpu
                    .part(|| sysfs::read_text(&dir.join("supported_nps_configs")))?
                    .map(|l| mode_list(&l))
                    .unwrap_or_default(),
                num_resources: count(resources.len()),
                resources,
            });
        }
        Ok(profiles)
    }
}

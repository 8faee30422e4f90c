//! GPU identity: BDF, BDF id, UUID, KFD ids and enumeration ids.

use crate::error::Result;
use crate::gpu::bdf::Bdf;
use crate::gpu::uuid::gpu_uuid;
use crate::gpu::Gpu;

/// KFD identifiers of a GPU (`amdsmi_get_gpu_kfd_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct KfdInfo {
    /// KFD's unique GPU identifier: the node's `gpu_id` (rocm-smi's GUID); `None` = N/A.
    pub kfd_id: Option<u64>,
    /// KFD's node index of the GPU.
    pub node_id: Option<u32>,
    /// The compute partition id of this processor (0 on an unpartitioned GPU).
    pub current_partition_id: Option<u32>,
}

/// How the GPU is enumerated by DRM, HSA and HIP (`amdsmi_get_gpu_enumeration_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EnumerationInfo {
    /// DRM render minor (`renderD<drm_render>`).
    pub drm_render: Option<u32>,
    /// DRM card minor (`card<drm_card>`).
    pub drm_card: Option<u32>,
    /// HSA agent id: the KFD node id.
    pub hsa_id: Option<u32>,
    /// HIP device index: KFD node id minus the smallest GPU node id.
    pub hip_id: Option<u32>,
    /// HIP UUID: `GPU-` and the 16 hex digits of the ASIC serial (`unique_id`).
    pub hip_uuid: Option<String>,
}

impl Gpu<'_> {
    /// The processor's BDF, as AMD SMI prints it (`0000:0c:00.0`).
    #[doc(alias = "amdsmi_get_gpu_device_bdf")]
    pub fn device_bdf(&self) -> Result<Bdf> {
        Ok(self.device().bdf)
    }

    /// AMD SMI's 64-bit BDF id (domain 63:32, partition id 31:28, bus 15:8, device 7:3, function 2:0).
    #[doc(alias = "amdsmi_get_gpu_bdf_id")]
    pub fn bdf_id(&self) -> Result<u64> {
        let gpu = self.device();
        Ok(gpu.bdf.bdf_id(gpu.partition_id))
    }

    /// The GPU UUID AMD SMI generates from the ASIC serial, the PCI device id and the partition
    /// index (the partition id when the GPU has a KFD node, else `0xff`, as AMD SMI 7.x does).
    /// NOT_SUPPORTED when the GPU reports no serial (`unique_id`).
    #[doc(alias = "amdsmi_get_gpu_device_uuid")]
    pub fn device_uuid(&self) -> Result<String> {
        let gpu = self.device();
        let serial = gpu.serial()?;
        let device_id = gpu.device_id().unwrap_or(u16::MAX);
        let index = match gpu.kfd {
            Some(_) => u8::try_from(gpu.partition_id).unwrap_or(u8::MAX),
            None => u8::MAX,
        };
        Ok(gpu_uuid(serial, device_id, index))
    }

    /// KFD ids of the processor; NOT_SUPPORTED when the GPU has no KFD node.
    #[doc(alias = "amdsmi_get_gpu_kfd_info")]
    pub fn kfd_info(&self) -> Result<KfdInfo> {
        let gpu = self.device();
        let node = gpu.kfd_node()?;
        Ok(KfdInfo { kfd_id: node.gpu_id, node_id: Some(node.node_id), current_partition_id: Some(gpu.partition_id) })
    }

    /// DRM, HSA and HIP enumeration ids of the processor.
    #[doc(alias = "amdsmi_get_gpu_enumeration_info")]
    pub fn enumeration_info(&self) -> Result<EnumerationInfo> {
        let gpu = self.device();
        Ok(EnumerationInfo {
            drm_render: gpu.render_minor,
            drm_card: gpu.card_minor,
            hsa_id: gpu.kfd.as_ref().map(|n| n.node_id),
            hip_id: gpu.hip_id,
            hip_uuid: gpu.serial().ok().map(|s| format!("GPU-{s:016x}")),
        })
    }
}

//! XGMI (Infinity Fabric) hive membership.

use crate::context::{Context, ProcessorHandle};
use crate::error::{Error, Result, Status};

/// XGMI identity (`amdsmi_get_xgmi_info`). AMD SMI fills only the hive id; the other fields
/// are not available from the kernel and are `None` ("N/A") rather than AMD's zeros.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct XgmiInfo {
    /// Lanes per XGMI link.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::serialize"))]
    pub xgmi_lanes: Option<u32>,
    /// The hive id (KFD `hive_id`; 0 when the GPU is in no hive).
    pub xgmi_hive_id: u64,
    /// The node id within the hive.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::serialize"))]
    pub xgmi_node_id: Option<u64>,
    /// Index within the hive.
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::serialize"))]
    pub index: Option<u32>,
}

impl Context {
    /// The XGMI hive the GPU belongs to.
    #[doc(alias = "amdsmi_get_xgmi_info")]
    pub fn xgmi_info(&self, handle: ProcessorHandle) -> Result<XgmiInfo> {
        let node = self.gpu(handle)?.kfd_node()?;
        let hive = node
            .properties
            .get("hive_id")
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail("KFD node has no hive_id"))?;
        Ok(XgmiInfo { xgmi_lanes: None, xgmi_hive_id: hive, xgmi_node_id: None, index: None })
    }
}

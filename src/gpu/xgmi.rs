//! XGMI (Infinity Fabric) hive membership.

use crate::error::{Error, Result, Status};
use crate::gpu::bdf::Bdf;
use crate::gpu::metrics::NUM_XGMI_LINKS;
use crate::gpu::topology::AmdSmiLinkType;
use crate::gpu::Gpu;
use crate::parse;
use crate::sysfs;

/// XGMI identity (`amdsmi_get_xgmi_info`). AMD SMI fills only the hive id; the other fields
/// are not available from the kernel and are `None` ("N/A") rather than AMD's zeros.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct XgmiInfo {
    /// Lanes per XGMI link.
    pub xgmi_lanes: Option<u32>,
    /// The hive id (KFD `hive_id`; 0 when the GPU is in no hive).
    pub xgmi_hive_id: u64,
    /// The node id within the hive.
    pub xgmi_node_id: Option<u64>,
    /// Index within the hive.
    pub index: Option<u32>,
}

impl Gpu<'_> {
    /// The XGMI hive the GPU belongs to.
    #[doc(alias = "amdsmi_get_xgmi_info")]
    pub fn xgmi_info(&self) -> Result<XgmiInfo> {
        let node = self.device().kfd_node()?;
        let hive = node
            .properties
            .get("hive_id")
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail("KFD node has no hive_id"))?;
        Ok(XgmiInfo { xgmi_lanes: None, xgmi_hive_id: hive, xgmi_node_id: None, index: None })
    }
}

/// One XGMI link of [`LinkMetrics`].
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LinkMetric {
    /// The peer GPU at the other end (`None`: no peer known for this link number).
    pub bdf: Option<Bdf>,
    /// Link speed, Gb/s per lane (gpu_metrics `xgmi_link_speed`).
    pub bit_rate: Option<u32>,
    /// Link bandwidth, Gb/s: `xgmi_link_speed` × `xgmi_link_width` (lanes), as AMD SMI computes it.
    pub max_bandwidth: Option<u32>,
    /// Always [`AmdSmiLinkType::Xgmi`].
    pub link_type: AmdSmiLinkType,
    /// Data read over the link since the driver loaded, KB (`xgmi_read_data_acc`).
    pub read: Option<u64>,
    /// Data written over the link since the driver loaded, KB (`xgmi_write_data_acc`).
    pub write: Option<u64>,
}

/// XGMI link metrics of a GPU (`amdsmi_get_link_metrics`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LinkMetrics {
    /// Links the GPU reports: the lines of `xgmi_port_num`, or [`NUM_XGMI_LINKS`] when the
    /// kernel has no such file (AMD SMI's default).
    pub num_links: u32,
    /// One entry per XGMI link number, always [`NUM_XGMI_LINKS`] of them as AMD SMI's Python
    /// layer returns them.
    pub links: Vec<LinkMetric>,
}

impl Gpu<'_> {
    /// Per-link XGMI traffic, speed and peers.
    ///
    /// Read and write totals come from gpu_metrics (`xgmi_read/write_data_acc`, indexed by
    /// external link number), `bit_rate` is `xgmi_link_speed` and `max_bandwidth` speed × width.
    /// The peer of each link comes from the device's `xgmi_port_num` (link number → hive node)
    /// and the hive's `xgmi_hive_info/node<N>` link to that GPU's device directory; AMD SMI takes
    /// the BDF from the link text and so misses a node that links to its own device as `..`,
    /// which this resolves. Without gpu_metrics: its error; without `xgmi_port_num`: every peer
    /// N/A and `num_links` 8.
    #[doc(alias = "amdsmi_get_link_metrics")]
    pub fn link_metrics(&self) -> Result<LinkMetrics> {
        let gpu = self.device();
        let m = gpu.metrics_view()?;
        let ports = gpu.read_text("xgmi_port_num").ok().map(|t| parse::xgmi::parse_port_num(&t));
        let hive = gpu.attr("xgmi_hive_info");
        let mut peers = [None; NUM_XGMI_LINKS];
        for link in ports.iter().flatten() {
            if let Some(slot) = peers.get_mut(usize::from(link.port)) {
                *slot = sysfs::resolve(&hive.join(format!("node{}", link.peer_node)))
                    .ok()
                    .and_then(|dir| Bdf::parse(dir.file_name()?.to_str()?).ok());
            }
        }
        let (speed, width) = (m.xgmi_link_speed(), m.xgmi_link_width());
        let bit_rate = speed.map(u32::from);
        let max_bandwidth = speed.zip(width).map(|(s, w)| u32::from(s) * u32::from(w));
        let links = peers
            .into_iter()
            .zip(m.xgmi_read_data_acc().into_iter().zip(m.xgmi_write_data_acc()))
            .map(|(bdf, (read, write))| LinkMetric {
                bdf,
                bit_rate,
                max_bandwidth,
                link_type: AmdSmiLinkType::Xgmi,
                read,
                write,
            })
            .collect();
        let num_links = ports.map_or(NUM_XGMI_LINKS, |p| p.len());
        Ok(LinkMetrics { num_links: u32::try_from(num_links).unwrap_or(u32::MAX), links })
    }
}

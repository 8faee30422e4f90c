//! XGMI (Infinity Fabric) hive membership.

use std::path::Path;

use crate::error::{Error, Result, Status};
use crate::gpu::bdf::Bdf;
use crate::gpu::device::{GpuDevice, XgmiPeer};
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
        let ports = match gpu.files.xgmi_peers.get() {
            Some(ports) => ports,
            None => {
                let read = xgmi_peers(gpu)?;
                gpu.files.xgmi_peers.get_or_init(|| read)
            }
        };
        let mut peers = [None; NUM_XGMI_LINKS];
        for &(port, bdf) in ports.iter().flatten() {
            if let Some(slot) = peers.get_mut(usize::from(port)) {
                *slot = bdf;
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
        let num_links = ports.as_ref().map_or(NUM_XGMI_LINKS, Vec::len);
        Ok(LinkMetrics { num_links: u32::try_from(num_links).unwrap_or(u32::MAX), links })
    }
}

/// Each link of `xgmi_port_num` (`None` without the file) with the BDF of its peer: the last
/// component of the hive's `node<N>` link. The hive directory lives in one GPU of the hive (the
/// others' `xgmi_hive_info` link to it), and its `node<N>` of that GPU is `..`. XGMI peers do not
/// change while the driver is loaded, so a device reads them once; a read that fails because
/// the device went away is the error, and is not kept.
fn xgmi_peers(gpu: &GpuDevice) -> Result<Option<Vec<XgmiPeer>>> {
    let Some(text) = gpu.part(|| gpu.read_text("xgmi_port_num"))? else { return Ok(None) };
    let ports = parse::xgmi::parse_port_num(&text);
    let hive = gpu.attr("xgmi_hive_info");
    let name = |path: &Path| path.file_name()?.to_str().map(str::to_owned);
    // The GPU holding the hive directory: the parent of the link's target, or this GPU.
    let owner = match sysfs::link_target(&hive) {
        Ok(target) => target.parent().and_then(name),
        Err(_) => name(&gpu.device_dir),
    };
    let mut peers = Vec::with_capacity(ports.len());
    for link in &ports {
        let target = gpu.part(|| sysfs::link_target(&hive.join(format!("node{}", link.peer_node))))?;
        let bdf = target.and_then(|t| if t == Path::new("..") { owner.clone() } else { name(&t) });
        peers.push((link.port, bdf.and_then(|b| Bdf::parse(&b).ok())));
    }
    Ok(Some(peers))
}

/// The state of one XGMI link (`amdsmi_xgmi_link_status_type_t`, AMD's values). AMD SMI's
/// Python layer prints DOWN as `D`, UP as `U` and DISABLE as `X`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiXgmiLinkStatusType {
    /// The link is down (gpu_metrics `xgmi_link_status` 0).
    #[amd(name = "DOWN")]
    Down = 0,
    /// The link is up (gpu_metrics `xgmi_link_status` 1).
    #[amd(name = "UP")]
    Up = 1,
    /// The link is disabled or absent (gpu_metrics `xgmi_link_status` 0xFFFF, or a layout
    /// without the field, which AMD SMI leaves at all-ones).
    #[amd(name = "DISABLE")]
    Disable = 2,
}

/// The XGMI link states of a GPU (`amdsmi_get_gpu_xgmi_link_status`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct XgmiLinkStatus {
    /// One state per link, `total_links` of them, link 0 first.
    pub status: Vec<AmdSmiXgmiLinkStatusType>,
    /// Links reported: the number of sockets, at most [`NUM_XGMI_LINKS`] (AMD SMI 7.0.2's
    /// rule, kept although sockets and links are unrelated).
    pub total_links: u32,
}

impl Gpu<'_> {
    /// The state of each XGMI link, from gpu_metrics `xgmi_link_status[i]` (MI300-class, v1.7+):
    /// 0xFFFF DISABLE, 0 DOWN, 1 UP; any other value is UNEXPECTED_DATA. As AMD SMI 7.0.2
    /// (`amd_smi.cc`), `total_links` is the context's socket count capped at
    /// [`NUM_XGMI_LINKS`] and that many links are reported. Without gpu_metrics: its error.
    #[doc(alias = "amdsmi_get_gpu_xgmi_link_status")]
    pub fn xgmi_link_status(&self) -> Result<XgmiLinkStatus> {
        let gpu = self.device();
        let states = gpu.metrics_view()?.xgmi_link_status();
        let total = self.context().socket_handles().len().min(NUM_XGMI_LINKS);
        let status = states[..total]
            .iter()
            .map(|state| match state {
                None => Ok(AmdSmiXgmiLinkStatusType::Disable),
                Some(0) => Ok(AmdSmiXgmiLinkStatusType::Down),
                Some(1) => Ok(AmdSmiXgmiLinkStatusType::Up),
                Some(other) => Err(Error::unexpected_data(
                    &gpu.attr("gpu_metrics"),
                    format!("xgmi_link_status {other} is none of 0, 1, 0xFFFF"),
                )),
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(XgmiLinkStatus { status, total_links: u32::try_from(total).unwrap_or(u32::MAX) })
    }
}

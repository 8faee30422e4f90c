//! Links between GPUs: type, hops, weight, bandwidth and peer-to-peer access, from the KFD
//! topology's `io_links` and `p2p_links`, computed as AMD SMI (its rocm_smi core) computes them.
//!
//! - Two GPUs joined by a direct XGMI io_link (inside a hive, or two partitions of one MI300
//!   GPU) are `XGMI`, 1 hop, with that link's weight and bandwidth.
//! - Otherwise, when the source GPU reaches its CPU node over PCIe, the pair is `PCIE`: 2 hops
//!   when both GPUs hang off the same CPU node, 3 when the two CPU nodes have an io_link, 4
//!   otherwise; the weight adds both GPU-to-CPU weights and the CPU-to-CPU weight (10 when the
//!   CPUs have no direct link). AMD SMI reports no bandwidth for such pairs (NOT_SUPPORTED).
//! - A pair is peer-to-peer accessible when the source node has a `p2p_links` or `io_links`
//!   entry to the destination; the capabilities come from that link's CRAT flags.
//!
//! The link files are read once per [`Context`](crate::Context), on the first topology call: the topology only
//! changes when the driver is reloaded (AMD SMI reads it once at init too).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::context::ProcessorHandle;
use crate::error::{Error, Result, Status};
use crate::gpu::kfd::{self, KfdLink, LinkDir};
use crate::gpu::Gpu;
use crate::sysfs::Root;

/// What connects two processors (`AmdSmiLinkType`, AMD's values). Serialized as its number, as
/// AMD SMI's Python layer returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
#[amd(serialize = "code")]
pub enum AmdSmiLinkType {
    /// Inside one package.
    #[amd(name = "INTERNAL")]
    Internal = 0,
    /// PCI Express.
    #[amd(name = "PCIE")]
    Pcie = 1,
    /// XGMI (Infinity Fabric).
    #[amd(name = "XGMI")]
    Xgmi = 2,
    /// No link applies.
    #[amd(name = "NOT_APPLICABLE")]
    NotApplicable = 3,
    /// Unknown.
    #[amd(name = "UNKNOWN")]
    Unknown = 4,
}

/// Hops and link type between two GPUs (`amdsmi_topo_get_link_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TopoLinkType {
    /// Links crossed: 1 for a direct XGMI link, 2 to 4 through the CPU(s) for PCIe.
    pub hops: u64,
    /// The connection type.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub link_type: AmdSmiLinkType,
}

/// Bandwidth of the direct XGMI link between two GPUs
/// (`amdsmi_get_minmax_bandwidth_between_processors`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MinMaxBandwidth {
    /// Minimum bandwidth, MB/s (0 when the kernel reports none).
    pub min_bandwidth: u64,
    /// Maximum bandwidth, MB/s (0 when the kernel reports none).
    pub max_bandwidth: u64,
}

/// What a peer-to-peer link supports (`amdsmi_p2p_capability_t`). `None` ("N/A"; AMD's
/// UINT8_MAX) when the link is not marked enabled; serialized as 1/0 as AMD SMI returns them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct P2pCapability {
    /// Cache-coherent link.
    #[cfg_attr(feature = "serde", serde(serialize_with = "flag"))]
    pub is_iolink_coherent: Option<bool>,
    /// 32-bit atomics across the link.
    #[cfg_attr(feature = "serde", serde(serialize_with = "flag"))]
    pub is_iolink_atomics_32bit: Option<bool>,
    /// 64-bit atomics across the link.
    #[cfg_attr(feature = "serde", serde(serialize_with = "flag"))]
    pub is_iolink_atomics_64bit: Option<bool>,
    /// Peer-to-peer DMA across the link.
    #[cfg_attr(feature = "serde", serde(serialize_with = "flag"))]
    pub is_iolink_dma: Option<bool>,
    /// The link works both ways.
    #[cfg_attr(feature = "serde", serde(serialize_with = "flag"))]
    pub is_iolink_bi_directional: Option<bool>,
}

/// CRAT io-link flag bits (`flags` of a link's `properties`).
const FLAG_ENABLED: u64 = 1;
const FLAG_NON_COHERENT: u64 = 1 << 1;
const FLAG_NO_ATOMICS_32: u64 = 1 << 2;
const FLAG_NO_ATOMICS_64: u64 = 1 << 3;
const FLAG_NO_P2P_DMA: u64 = 1 << 4;
const FLAG_BI_DIRECTIONAL: u64 = 1 << 31;

impl P2pCapability {
    /// The capabilities a link's CRAT flags state; all `None` when the link is not enabled.
    pub fn from_flags(flags: u64) -> P2pCapability {
        if flags & FLAG_ENABLED == 0 {
            return P2pCapability::default();
        }
        let without = |bit: u64| Some(flags & bit == 0);
        P2pCapability {
            is_iolink_coherent: without(FLAG_NON_COHERENT),
            is_iolink_atomics_32bit: without(FLAG_NO_ATOMICS_32),
            is_iolink_atomics_64bit: without(FLAG_NO_ATOMICS_64),
            is_iolink_dma: without(FLAG_NO_P2P_DMA),
            is_iolink_bi_directional: Some(flags & FLAG_BI_DIRECTIONAL != 0),
        }
    }
}

/// `Some(true)` as 1, `Some(false)` as 0, `None` as `"N/A"`.
#[cfg(feature = "serde")]
fn flag<S: serde::Serializer>(value: &Option<bool>, s: S) -> std::result::Result<S::Ok, S::Error> {
    crate::na::serialize(&value.map(u8::from), s)
}

/// Link type and peer-to-peer capabilities between two GPUs (`amdsmi_topo_get_p2p_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct P2pStatus {
    /// The type of the link the capabilities belong to.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub link_type: AmdSmiLinkType,
    /// What the link supports.
    pub cap: P2pCapability,
}

/// The GPUs nearest to one, over links of one type (`amdsmi_get_link_topology_nearest`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopologyNearest {
    /// The peer-to-peer accessible processors joined by that link type, nearest first (fewest
    /// hops, then lowest weight; enumeration order among equals).
    pub processor_list: Vec<ProcessorHandle>,
}

/// The links of one KFD node, as read when the topology was loaded.
#[derive(Debug)]
struct TopologyNode {
    /// A CPU node: no SIMDs (AMD SMI tests `gpu_id` 0, which real kernels pair with it).
    cpu: bool,
    io: Result<Vec<KfdLink>>,
    p2p: Result<Vec<KfdLink>>,
}

/// A GPU node's NUMA attachment: its lowest-weight io_link to a CPU node.
#[derive(Clone, Copy, Debug)]
struct Numa {
    cpu: u32,
    weight: u64,
    link_type: u64,
}

/// Every KFD node's links, read once per context.
#[derive(Debug)]
pub(crate) struct KfdTopology {
    nodes: BTreeMap<u32, TopologyNode>,
}

impl KfdTopology {
    /// Reads the links of every readable node under `root` (no topology: no nodes).
    pub(crate) fn read(root: &Root) -> KfdTopology {
        let dir = kfd::nodes_dir(root);
        let nodes = kfd::read_nodes(root)
            .into_iter()
            .map(|node| {
                let links = |link_dir| kfd::read_links(&dir, node.node_id, link_dir);
                let entry = TopologyNode { cpu: !node.is_gpu(), io: links(LinkDir::Io), p2p: links(LinkDir::P2p) };
                (node.node_id, entry)
            })
            .collect();
        KfdTopology { nodes }
    }

    /// The links of `node` in `dir`; none for a node the topology does not hold.
    fn links(&self, node: u32, dir: LinkDir) -> Result<&[KfdLink]> {
        let Some(entry) = self.nodes.get(&node) else { return Ok(&[]) };
        let links = match dir {
            LinkDir::Io => &entry.io,
            LinkDir::P2p => &entry.p2p,
        };
        links.as_deref().map_err(Clone::clone)
    }

    /// The first link of `from` in `dir` that reaches `to`.
    fn link(&self, from: u32, to: u32, dir: LinkDir) -> Result<Option<&KfdLink>> {
        Ok(self.links(from, dir)?.iter().find(|l| l.node_to == to))
    }

    /// The CPU node `node` is attached to: the lowest-weight io_link to a CPU node (the lowest
    /// CPU node id among equals).
    fn numa(&self, node: u32) -> Result<Option<Numa>> {
        let mut to_cpus: Vec<&KfdLink> = self
            .links(node, LinkDir::Io)?
            .iter()
            .filter(|l| self.nodes.get(&l.node_to).is_some_and(|n| n.cpu))
            .collect();
        to_cpus.sort_by_key(|l| l.node_to);
        Ok(to_cpus.into_iter().min_by_key(|l| l.weight).map(|l| Numa {
            cpu: l.node_to,
            weight: l.weight,
            link_type: l.link_type,
        }))
    }

    /// The CPU node `node` is attached to (AMD SMI's NUMA node of a GPU).
    pub(crate) fn cpu_node(&self, node: u32) -> Result<Option<u32>> {
        Ok(self.numa(node)?.map(|n| n.cpu))
    }

    /// The CPU attachments of two GPU nodes joined through their CPUs: NOT_SUPPORTED unless the
    /// source reaches its CPU node over PCIe and the destination has a CPU node.
    fn pcie_numa(&self, src: u32, dst: u32) -> Result<(Numa, Numa)> {
        let none = |node: u32, what: &str| {
            Error::new(Status::NotSupported).with_detail(format!("KFD node {node} has no {what} io_link to a CPU node"))
        };
        let from =
            self.numa(src)?.filter(|n| n.link_type == kfd::IOLINK_TYPE_PCIEXPRESS).ok_or_else(|| none(src, "PCIe"))?;
        let to = self.numa(dst)?.ok_or_else(|| none(dst, "an"))?;
        Ok((from, to))
    }

    /// The direct io_link between two GPU nodes, which AMD SMI only accepts when it is XGMI:
    /// `Ok(None)` when there is none, NOT_SUPPORTED when it is of another type.
    fn xgmi_link(&self, src: u32, dst: u32) -> Result<Option<&KfdLink>> {
        match self.link(src, dst, LinkDir::Io)? {
            Some(link) if link.link_type != kfd::IOLINK_TYPE_XGMI => Err(Error::new(Status::NotSupported)
                .with_detail(format!("io_link {src} -> {dst} has type {}, not XGMI", link.link_type))),
            link => Ok(link),
        }
    }
}

/// NOT_SUPPORTED for a GPU pair that has no direct XGMI link.
fn not_xgmi(src: u32, dst: u32) -> Error {
    Error::new(Status::NotSupported).with_detail(format!("no XGMI io_link from KFD node {src} to node {dst}"))
}

/// The KFD link topology, read on the first topology call of a context (as AMD SMI reads it at
/// init): state of the context (`Context::state`).
#[derive(Default)]
struct TopologyCache(OnceLock<Arc<KfdTopology>>);

impl Gpu<'_> {
    /// The KFD link topology under the root, read once per context.
    pub(crate) fn kfd_topology(&self) -> Arc<KfdTopology> {
        let cache = self.context().state::<TopologyCache>();
        Arc::clone(cache.0.get_or_init(|| Arc::new(KfdTopology::read(self.root()))))
    }

    /// The KFD nodes of this GPU (the source) and `dst`, with AMD SMI's statuses: INVAL for a
    /// destination of another context, NOT_INIT when the source has no KFD node (rocm_smi's
    /// initialization error), INVAL when the destination has none.
    fn link_ends(&self, dst: &Gpu<'_>) -> Result<(u32, u32)> {
        if !std::ptr::eq(self.context(), dst.context()) {
            return Err(Error::new(Status::Inval).with_detail(format!("{:?} is of another context", dst.handle())));
        }
        let (from, to) = (self.device(), dst.device());
        let no_node = |status, bdf| Error::new(status).with_detail(format!("{bdf}: no KFD topology node"));
        let from = from.kfd.as_ref().ok_or_else(|| no_node(Status::NotInit, from.bdf))?;
        let to = to.kfd.as_ref().ok_or_else(|| no_node(Status::Inval, to.bdf))?;
        Ok((from.node_id, to.node_id))
    }

    /// [`Gpu::link_ends`] of two different processors; INVAL for the same one twice.
    fn distinct_link_ends(&self, dst: &Gpu<'_>) -> Result<(u32, u32)> {
        let ends = self.link_ends(dst)?;
        if self.handle() == dst.handle() {
            return Err(Error::new(Status::Inval).with_detail("source and destination are the same processor"));
        }
        Ok(ends)
    }

    /// The weight (relative distance) between two GPUs: the XGMI link's weight, or for PCIe the
    /// sum of both GPU-to-CPU weights and the CPU-to-CPU weight (10 when the CPU nodes have no
    /// direct link). The same GPU twice gives twice its CPU link weight, as AMD SMI's does.
    #[doc(alias = "amdsmi_topo_get_link_weight")]
    pub fn topo_link_weight(&self, dst: &Gpu<'_>) -> Result<u64> {
        let (src, dst) = self.link_ends(dst)?;
        let topology = self.kfd_topology();
        if let Some(link) = topology.xgmi_link(src, dst)? {
            return Ok(link.weight);
        }
        let (from, to) = topology.pcie_numa(src, dst)?;
        let cpus =
            if from.cpu == to.cpu { 0 } else { topology.link(from.cpu, to.cpu, LinkDir::Io)?.map_or(10, |l| l.weight) };
        Ok(from.weight.saturating_add(to.weight).saturating_add(cpus))
    }

    /// The bandwidth of the direct XGMI link between two GPUs, MB/s; NOT_SUPPORTED for a pair
    /// joined by PCIe, INVAL for the same GPU twice.
    #[doc(alias = "amdsmi_get_minmax_bandwidth_between_processors")]
    pub fn minmax_bandwidth(&self, dst: &Gpu<'_>) -> Result<MinMaxBandwidth> {
        let (src, dst) = self.distinct_link_ends(dst)?;
        let topology = self.kfd_topology();
        let link = topology.xgmi_link(src, dst)?.ok_or_else(|| not_xgmi(src, dst))?;
        Ok(MinMaxBandwidth { min_bandwidth: link.min_bandwidth, max_bandwidth: link.max_bandwidth })
    }

    /// Hops and link type between two GPUs: XGMI 1 hop over a direct link; PCIe 2 hops under one
    /// CPU node, 3 across two linked CPU nodes, 4 otherwise. The same GPU twice is PCIe, 2 hops,
    /// as AMD SMI reports it.
    #[doc(alias = "amdsmi_topo_get_link_type")]
    pub fn topo_link_type(&self, dst: &Gpu<'_>) -> Result<TopoLinkType> {
        let (src, dst) = self.link_ends(dst)?;
        let topology = self.kfd_topology();
        if topology.xgmi_link(src, dst)?.is_some() {
            return Ok(TopoLinkType { hops: 1, link_type: AmdSmiLinkType::Xgmi });
        }
        let (from, to) = topology.pcie_numa(src, dst)?;
        let hops = if from.cpu == to.cpu {
            2
        } else if topology.link(from.cpu, to.cpu, LinkDir::Io)?.is_some() {
            3
        } else {
            4
        };
        Ok(TopoLinkType { hops, link_type: AmdSmiLinkType::Pcie })
    }

    /// Whether the source GPU can reach the destination peer-to-peer: it has a `p2p_links` or
    /// `io_links` entry to it. A GPU always reaches itself.
    #[doc(alias = "amdsmi_is_P2P_accessible")]
    pub fn is_p2p_accessible(&self, dst: &Gpu<'_>) -> Result<bool> {
        let same = self.handle() == dst.handle();
        let (src, dst) = self.link_ends(dst)?;
        if same {
            return Ok(true);
        }
        let topology = self.kfd_topology();
        Ok(topology.link(src, dst, LinkDir::P2p)?.is_some() || topology.link(src, dst, LinkDir::Io)?.is_some())
    }

    /// The type and capabilities of the link the source GPU reaches the destination by (its
    /// `p2p_links` entry, else its `io_links` one). The link counts as bi-directional when its
    /// flags say so or when both GPUs have an io_link to each other. NOT_SUPPORTED when there is
    /// no such link or it is neither PCIe nor XGMI; INVAL for the same GPU twice.
    #[doc(alias = "amdsmi_topo_get_p2p_status")]
    pub fn topo_p2p_status(&self, dst: &Gpu<'_>) -> Result<P2pStatus> {
        let (src, dst) = self.distinct_link_ends(dst)?;
        let topology = self.kfd_topology();
        let link = match topology.link(src, dst, LinkDir::P2p)? {
            Some(link) => link,
            None => topology.link(src, dst, LinkDir::Io)?.ok_or_else(|| {
                Error::new(Status::NotSupported).with_detail(format!("no link from KFD node {src} to node {dst}"))
            })?,
        };
        let link_type = match link.link_type {
            kfd::IOLINK_TYPE_PCIEXPRESS => AmdSmiLinkType::Pcie,
            kfd::IOLINK_TYPE_XGMI => AmdSmiLinkType::Xgmi,
            other => {
                return Err(Error::new(Status::NotSupported)
                    .with_detail(format!("link {src} -> {dst} has type {other}, neither PCIe nor XGMI")))
            }
        };
        let mut cap = P2pCapability::from_flags(link.flags);
        if topology.link(src, dst, LinkDir::Io)?.is_some() && topology.link(dst, src, LinkDir::Io)?.is_some() {
            cap.is_iolink_bi_directional = Some(true);
        }
        Ok(P2pStatus { link_type, cap })
    }

    /// The other processors the GPU reaches peer-to-peer over links of `link_type`, nearest
    /// first (fewest hops, then lowest weight). Processors whose link cannot be read are left
    /// out, as AMD SMI leaves them out; a GPU without a KFD node has no nearest GPUs.
    #[doc(alias = "amdsmi_get_link_topology_nearest")]
    pub fn link_topology_nearest(&self, link_type: AmdSmiLinkType) -> Result<TopologyNearest> {
        let context = self.context();
        let mut nearest: Vec<(u64, u64, ProcessorHandle)> = Vec::new();
        for other in context.processor_handles().into_iter().filter(|&h| h != self.handle()) {
            let Ok(other) = context.gpu(other) else { continue };
            if !self.is_p2p_accessible(&other).unwrap_or(false) {
                continue;
            }
            let Ok(link) = self.topo_link_type(&other) else { continue };
            if link.link_type != link_type {
                continue;
            }
            let Ok(weight) = self.topo_link_weight(&other) else { continue };
            nearest.push((link.hops, weight, other.handle()));
        }
        nearest.sort_by_key(|&(hops, weight, _)| (hops, weight));
        Ok(TopologyNearest { processor_list: nearest.into_iter().map(|(_, _, handle)| handle).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_follow_the_crat_flags() {
        // MI210 p2p link across hives: enabled, non-coherent.
        let cap = P2pCapability::from_flags(3);
        assert_eq!(cap.is_iolink_coherent, Some(false));
        assert_eq!(cap.is_iolink_atomics_32bit, Some(true));
        assert_eq!(cap.is_iolink_atomics_64bit, Some(true));
        assert_eq!(cap.is_iolink_dma, Some(true));
        assert_eq!(cap.is_iolink_bi_directional, Some(false));
        let all_off = P2pCapability::from_flags(1 | 2 | 4 | 8 | 16);
        assert_eq!(all_off.is_iolink_atomics_32bit, Some(false));
        assert_eq!(all_off.is_iolink_atomics_64bit, Some(false));
        assert_eq!(all_off.is_iolink_dma, Some(false));
        assert_eq!(P2pCapability::from_flags(1 | 1 << 31).is_iolink_bi_directional, Some(true));
        // Not enabled: nothing is defined, whatever the other bits say.
        assert_eq!(P2pCapability::from_flags(0), P2pCapability::default());
        assert_eq!(P2pCapability::from_flags(u64::MAX - 1), P2pCapability::default());
    }

    #[test]
    fn link_types_carry_amds_numbers_and_names() {
        let numbers: Vec<u32> = AmdSmiLinkType::ALL.iter().map(|&t| t as u32).collect();
        assert_eq!(numbers, [0, 1, 2, 3, 4]);
        assert_eq!(AmdSmiLinkType::Pcie.name(), "PCIE");
        assert_eq!(AmdSmiLinkType::NotApplicable.name(), "NOT_APPLICABLE");
    }
}

//! The KFD topology (`/sys/class/kfd/kfd/topology/nodes/<N>`): one node per CPU socket and per GPU
//! (per compute partition on a partitioned GPU).

use std::path::{Path, PathBuf};

use crate::gpu::bdf::Bdf;
use crate::parse;
use crate::sysfs::{self, Root};

/// Where the KFD topology nodes live, as a kernel path.
pub const NODES_DIR: &str = "/sys/class/kfd/kfd/topology/nodes";

/// One KFD topology node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KfdNode {
    /// The node index (the `N` of `nodes/N`; AMD SMI's `node_id` and `hsa_id`).
    pub node_id: u32,
    /// The node's `gpu_id` file (AMD SMI's `kfd_id`); `None` when absent, unreadable or 0.
    pub gpu_id: Option<u64>,
    /// The parsed `properties` file.
    pub properties: parse::Properties,
}

impl KfdNode {
    /// Whether the node is a GPU (or GPU partition): it has SIMDs. CPU nodes have `simd_count 0`.
    pub fn is_gpu(&self) -> bool {
        self.properties.get("simd_count").is_some_and(|n| n > 0)
    }

    /// The PCI address the node reports (`domain` + `location_id`); for a compute partition the
    /// function bits hold the partition id.
    pub fn bdf(&self) -> Option<Bdf> {
        let domain = u32::try_from(self.properties.get("domain")?).ok()?;
        Some(Bdf::from_location(domain, self.properties.get("location_id")?))
    }

    /// The ASIC serial the node reports (`unique_id`), `None` when 0 (APUs report 0).
    pub fn unique_id(&self) -> Option<u64> {
        self.properties.get("unique_id").filter(|&id| id != 0)
    }

    /// The minor number of the node's DRM render node (`renderD<minor>`).
    pub fn render_minor(&self) -> Option<u32> {
        self.properties.get("drm_render_minor").and_then(|m| u32::try_from(m).ok()).filter(|&m| m != 0)
    }

    /// The node's compute units: `simd_count / simd_per_cu`.
    pub fn compute_units(&self) -> Option<u64> {
        Some(self.properties.get("simd_count")? / self.properties.get("simd_per_cu").filter(|&n| n > 0)?)
    }
}

/// The topology's `nodes` directory under `root`, its links resolved once (`/sys/class/kfd/kfd`
/// is a link to `/sys/devices/virtual/kfd/kfd`, which every path under it would walk again);
/// the unresolved path when it cannot be resolved.
pub fn nodes_dir(root: &Root) -> PathBuf {
    let dir = root.path(NODES_DIR);
    sysfs::resolve(&dir).unwrap_or(dir)
}

/// Every readable node of the topology under `root`, by node id. A node whose `properties` file
/// is missing or malformed is left out; a missing topology gives no nodes.
pub fn read_nodes(root: &Root) -> Vec<KfdNode> {
    let dir = nodes_dir(root);
    let mut ids: Vec<u32> =
        sysfs::list_dir(&dir).unwrap_or_default().iter().filter_map(|name| name.parse().ok()).collect();
    ids.sort_unstable();
    ids.into_iter()
        .filter_map(|node_id| {
            let node = dir.join(node_id.to_string());
            let text = sysfs::read_text(&node.join("properties")).ok()?;
            let properties = parse::Properties::parse(&text).ok()?;
            let gpu_id = sysfs::read_parsed(&node.join("gpu_id"), parse::parse_u64).ok().filter(|&id| id != 0);
            Some(KfdNode { node_id, gpu_id, properties })
        })
        .collect()
}

// Links between KFD nodes (topology and XGMI).

/// The CRAT io-link `type` of a PCI Express link.
pub const IOLINK_TYPE_PCIEXPRESS: u64 = 2;
/// The CRAT io-link `type` of an XGMI (Infinity Fabric) link.
pub const IOLINK_TYPE_XGMI: u64 = 11;

/// The directory of a node that holds its links.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkDir {
    /// `io_links`: direct links (GPU to its CPU, GPU to GPU over XGMI, CPU to CPU).
    Io,
    /// `p2p_links`: indirect peer-to-peer paths the kernel derived (GPU to GPU through CPUs).
    P2p,
}

impl LinkDir {
    /// The directory's name under `nodes/<N>/`.
    pub fn name(self) -> &'static str {
        match self {
            LinkDir::Io => "io_links",
            LinkDir::P2p => "p2p_links",
        }
    }
}

/// One link of a KFD node (`nodes/<N>/{io_links,p2p_links}/<L>/properties`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KfdLink {
    /// The CRAT io-link type ([`IOLINK_TYPE_PCIEXPRESS`], [`IOLINK_TYPE_XGMI`], 1 HyperTransport, ...).
    pub link_type: u64,
    /// The node the link leaves.
    pub node_from: u32,
    /// The node the link reaches.
    pub node_to: u32,
    /// The link's relative cost (NUMA distance); larger is farther.
    pub weight: u64,
    /// Minimum bandwidth, MB/s (0: not reported).
    pub min_bandwidth: u64,
    /// Maximum bandwidth, MB/s (0: not reported).
    pub max_bandwidth: u64,
    /// CRAT io-link flags: bit 0 enabled, 1 non-coherent, 2 no 32-bit atomics, 3 no 64-bit
    /// atomics, 4 no peer-to-peer DMA, 31 bi-directional.
    pub flags: u64,
}

impl KfdLink {
    /// The link a parsed `properties` file describes; `None` when a field AMD SMI reads (type,
    /// node_from, node_to, weight, flags, min/max_bandwidth) is missing or a node id exceeds u32.
    pub fn from_properties(props: &parse::Properties) -> Option<KfdLink> {
        let node = |name: &str| props.get(name).and_then(|n| u32::try_from(n).ok());
        Some(KfdLink {
            link_type: props.get("type")?,
            node_from: node("node_from")?,
            node_to: node("node_to")?,
            weight: props.get("weight")?,
            min_bandwidth: props.get("min_bandwidth")?,
            max_bandwidth: props.get("max_bandwidth")?,
            flags: props.get("flags")?,
        })
    }
}

/// The links of node `node_id` in `dir`, in link-number order. A missing directory (older
/// kernels have no `p2p_links`) gives no links; a link whose `properties` is missing or
/// malformed is left out; any other failure to list the directory is returned.
pub fn read_links(nodes: &Path, node_id: u32, dir: LinkDir) -> crate::error::Result<Vec<KfdLink>> {
    let path = nodes.join(node_id.to_string()).join(dir.name());
    let names = match sysfs::list_dir(&path) {
        Ok(names) => names,
        Err(err) if err.status() == crate::error::Status::NotSupported => return Ok(Vec::new()),
        Err(err) => return Err(err),
    };
    let mut numbers: Vec<u32> = names.iter().filter_map(|name| name.parse().ok()).collect();
    numbers.sort_unstable();
    Ok(numbers
        .into_iter()
        .filter_map(|n| {
            let text = sysfs::read_text(&path.join(n.to_string()).join("properties")).ok()?;
            KfdLink::from_properties(&parse::Properties::parse(&text).ok()?)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_needs_every_field_amd_smi_reads() {
        // An MI210 XGMI io_link as the kernel prints it.
        let text = "type 11\nversion_major 0\nversion_minor 0\nnode_from 2\nnode_to 3\nweight 15\nmin_latency 0\n\
                    max_latency 0\nmin_bandwidth 50000\nmax_bandwidth 50000\nrecommended_transfer_size 0\n\
                    recommended_sdma_engine_id_mask 28\nflags 1\n";
        let props = parse::Properties::parse(text).unwrap();
        let link = KfdLink::from_properties(&props).unwrap();
        assert_eq!(
            link,
            KfdLink {
                link_type: IOLINK_TYPE_XGMI,
                node_from: 2,
                node_to: 3,
                weight: 15,
                min_bandwidth: 50000,
                max_bandwidth: 50000,
                flags: 1
            }
        );
        let without_flags = parse::Properties::parse(&text.replace("flags 1\n", "")).unwrap();
        assert_eq!(KfdLink::from_properties(&without_flags), None);
        let huge_node = parse::Properties::parse(&text.replace("node_to 3", "node_to 4294967296")).unwrap();
        assert_eq!(KfdLink::from_properties(&huge_node), None);
    }
}

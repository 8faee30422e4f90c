//! The KFD topology (`/sys/class/kfd/kfd/topology/nodes/<N>`): one node per CPU socket and per GPU
//! (per compute partition on a partitioned GPU).

use crate::gpu::bdf::Bdf;
use crate::sysfs::{self, text, Root};

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
    pub properties: text::Properties,
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

/// Every readable node of the topology under `root`, by node id. A node whose `properties` file
/// is missing or malformed is left out; a missing topology gives no nodes.
pub fn read_nodes(root: &Root) -> Vec<KfdNode> {
    let dir = root.path(NODES_DIR);
    let mut ids: Vec<u32> =
        sysfs::list_dir(&dir).unwrap_or_default().iter().filter_map(|name| name.parse().ok()).collect();
    ids.sort_unstable();
    ids.into_iter()
        .filter_map(|node_id| {
            let node = dir.join(node_id.to_string());
            let text = sysfs::read_text(&node.join("properties")).ok()?;
            let properties = text::Properties::parse(&text).ok()?;
            let gpu_id = sysfs::read_parsed(&node.join("gpu_id"), text::parse_u64).ok().filter(|&id| id != 0);
            Some(KfdNode { node_id, gpu_id, properties })
        })
        .collect()
}

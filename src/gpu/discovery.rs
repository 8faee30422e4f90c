//! GPU discovery: DRM cards of the amdgpu driver, matched to their KFD nodes.
//!
//! A GPU is a `/sys/class/drm/cardN` entry (not a connector such as `card0-DP-1`, not `renderD*`)
//! whose `device` is a PCI device with vendor 0x1002 bound to `amdgpu`. Each is matched to the KFD
//! GPU nodes with the same PCI domain, bus and device (and, when both are known, the same
//! `unique_id`); every such node is one processor — one per compute partition on a DPX/QPX/CPX GPU —
//! with the BDF the node gives. A GPU without a KFD node (e.g. an SI card) is one processor with
//! its PCI address. Entries that cannot be read are skipped: one damaged GPU never hides the others.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::gpu::bdf::Bdf;
use crate::gpu::device::DeviceFiles;
pub use crate::gpu::device::GpuDevice;
use crate::gpu::drm::DrmSlot;
use crate::gpu::kfd::{self, KfdNode};
use crate::parse;
use crate::sysfs::{self, Root};

/// The kernel path of the DRM class directory.
pub const DRM_DIR: &str = "/sys/class/drm";

/// The driver every discovered GPU is bound to.
pub const AMDGPU_DRIVER: &str = "amdgpu";

/// PCI vendor id of AMD/ATI.
pub const AMD_VENDOR_ID: u64 = 0x1002;

/// The DRM minors that belong to one device directory.
#[derive(Clone, Copy, Debug, Default)]
struct Minors {
    card: Option<u32>,
    render: Option<u32>,
}

/// Every AMD GPU processor under `root`, sorted by BDF.
pub fn discover(root: &Root) -> Vec<GpuDevice> {
    let drm = root.path(DRM_DIR);
    let minors = drm_minors(&drm);
    let nodes = kfd::read_nodes(root);
    let gpu_nodes: Vec<&KfdNode> = nodes.iter().filter(|n| n.is_gpu()).collect();
    let smallest = gpu_nodes.iter().map(|n| n.node_id).min();

    let mut pci_gpus: Vec<(Bdf, PathBuf)> = minors
        .by_device
        .keys()
        .filter_map(|dir| Some((amdgpu_pci_address(dir)?, dir.clone())))
        .filter(|(_, dir)| minors.by_device.get(dir).is_some_and(|m| m.card.is_some()))
        .collect();
    pci_gpus.sort();

    let mut gpus = Vec::new();
    for (bdf, dir) in pci_gpus {
        let serial = sysfs::read_parsed(&dir.join("unique_id"), parse::parse_hex_u64).ok().filter(|&s| s != 0);
        let parts: Vec<&KfdNode> = gpu_nodes
            .iter()
            .copied()
            .filter(|n| n.bdf().is_some_and(|b| same_slot(b, bdf)))
            .filter(|n| !matches!((serial, n.unique_id()), (Some(a), Some(b)) if a != b))
            .collect();
        let own = minors.by_device.get(&dir).copied().unwrap_or_default();
        let files = Arc::new(DeviceFiles::discover(&dir));
        if parts.is_empty() {
            gpus.push(GpuDevice {
                bdf,
                partition_id: 0,
                device_dir: dir,
                card_minor: own.card,
                render_minor: own.render,
                kfd: None,
                hip_id: None,
                files,
                drm: DrmSlot::default(),
            });
            continue;
        }
        let partitioned = parts.len() > 1;
        for node in parts {
            let node_bdf = node.bdf().unwrap_or(bdf);
            let render = node.render_minor().or(own.render);
            let card = render.and_then(|r| minors.card_of_render(r)).or(own.card);
            gpus.push(GpuDevice {
                bdf: node_bdf,
                partition_id: if partitioned { u32::from(node_bdf.function) } else { 0 },
                device_dir: dir.clone(),
                card_minor: card,
                render_minor: render,
                kfd: Some(node.clone()),
                hip_id: smallest.and_then(|s| node.node_id.checked_sub(s)),
                files: Arc::clone(&files),
                drm: DrmSlot::default(),
            });
        }
    }
    gpus.sort_by_key(|g| (g.bdf, g.partition_id));
    gpus
}

/// Same PCI domain, bus and device (partitions differ only in the function bits).
fn same_slot(a: Bdf, b: Bdf) -> bool {
    (a.domain, a.bus, a.device) == (b.domain, b.bus, b.device)
}

/// Resolves each `/sys/class/drm/{cardN,renderDN}/device` link once.
fn drm_minors(drm: &Path) -> DrmNodes {
    let mut nodes = DrmNodes::default();
    for name in sysfs::list_dir(drm).unwrap_or_default() {
        let (card, render) = match drm_minor(&name) {
            Some(DrmNode::Card(n)) => (Some(n), None),
            Some(DrmNode::Render(n)) => (None, Some(n)),
            None => continue,
        };
        let Ok(dir) = sysfs::resolve(&drm.join(&name).join("device")) else { continue };
        if let Some(r) = render {
            nodes.render_device.insert(r, dir.clone());
        }
        let entry = nodes.by_device.entry(dir).or_default();
        entry.card = entry.card.or(card);
        entry.render = entry.render.or(render);
    }
    nodes
}

/// The DRM class directory, resolved once: minors by device directory, and each render node's device.
#[derive(Debug, Default)]
struct DrmNodes {
    by_device: HashMap<PathBuf, Minors>,
    render_device: HashMap<u32, PathBuf>,
}

impl DrmNodes {
    /// The card minor of the device that owns `renderD<render>`.
    fn card_of_render(&self, render: u32) -> Option<u32> {
        self.by_device.get(self.render_device.get(&render)?)?.card
    }
}

enum DrmNode {
    Card(u32),
    Render(u32),
}

/// `card3` → card 3, `renderD130` → render 130; connectors (`card0-DP-1`) and others → `None`.
fn drm_minor(name: &str) -> Option<DrmNode> {
    let number = |digits: &str| {
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
    };
    if let Some(n) = name.strip_prefix("renderD") {
        return number(n).map(DrmNode::Render);
    }
    name.strip_prefix("card").and_then(number).map(DrmNode::Card)
}

/// The PCI address of `dir` if it is an AMD PCI device bound to amdgpu.
fn amdgpu_pci_address(dir: &Path) -> Option<Bdf> {
    let bdf = Bdf::from_kernel_name(dir.file_name()?.to_str()?)?;
    let vendor = sysfs::read_parsed(&dir.join("vendor"), parse::parse_u64).ok()?;
    (vendor == AMD_VENDOR_ID && driver_name(dir).as_deref() == Some(AMDGPU_DRIVER)).then_some(bdf)
}

/// The driver bound to a device: its `driver` link, else `DRIVER=` of its `uevent`.
fn driver_name(dir: &Path) -> Option<String> {
    sysfs::link_name(&dir.join("driver")).ok().or_else(|| {
        let uevent = sysfs::read_text(&dir.join("uevent")).ok()?;
        parse::uevent_value(&uevent, "DRIVER").map(str::to_owned)
    })
}

//! GPU processes: who runs on which GPU, and what they use.
//!
//! Two sources, as AMD SMI combines them:
//! - KFD, `/sys/class/kfd/kfd/proc/<pid>/` (kfd_process.c): one directory per process that opened
//!   `/dev/kfd`, with `vram_<gpu_id>` (bytes), `sdma_<gpu_id>` (SDMA activity, µs),
//!   `stats_<gpu_id>/evicted_ms`, `stats_<gpu_id>/cu_occupancy` (CUs in use; only on GPUs that
//!   can measure it), `counters_<gpu_id>/`, `queues/<qid>/gpuid`, `pasid`, and one `context_<id>/`
//!   directory of the same shape per secondary KFD context. This says which processes exist and
//!   which GPUs (KFD gpu ids, one per compute partition) each one uses.
//! - procfs, `/proc/<pid>/`: `comm` (the name) and one `fdinfo/<fd>` per open file; a DRM file's
//!   fdinfo carries the DRM usage keys of drm-usage-stats.rst as amdgpu prints them
//!   (amdgpu_fdinfo.c): `drm-pdev`, `drm-client-id`, `drm-memory-{vram,gtt,cpu}` (KiB),
//!   `drm-engine-<engine>` (ns). An fd is counted for the processor whose render or card node its
//!   `fd/<fd>` link names; when the link cannot be read, for the GPU its `drm-pdev` names. Fds
//!   sharing a `drm-client-id` (dup, fork) are one client, counted once.
//!
//! As in AMD SMI, a process is listed only on the GPUs KFD says it uses; a process that only has
//! DRM files open (a compositor, a game) is not a "GPU process" here. Unlike AMD SMI, a GPU the
//! process merely opened (KFD files with zero VRAM and SDMA, no queue) does not count as used. Values `/proc` does not let
//! us read (another user's process, another PID namespace) are `None` ("N/A"), never dropped.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use crate::context::Context;
use crate::error::{Error, Result, Status};
use crate::gpu::bdf::Bdf;
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::parse::fdinfo::{parse_fdinfo, FdinfoUsage};
use crate::sysfs::{self, Root};

/// Where KFD lists its processes, as a kernel path.
pub const KFD_PROC_DIR: &str = "/sys/class/kfd/kfd/proc";

/// The procfs root, as a kernel path.
pub const PROC_DIR: &str = "/proc";

/// Engine time of a process on a GPU (`engine_usage`), ns.
#[amdsmi_macros::na_fields]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessEngineUsage {
    /// Graphics engine time, ns (`drm-engine-gfx`).
    pub gfx: Option<u64>,
    /// Encoder engine time, ns (`drm-engine-enc`).
    pub enc: Option<u64>,
}

/// Memory of a process on a GPU (`memory_usage`), bytes.
#[amdsmi_macros::na_fields]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessMemoryUsage {
    /// GTT (system memory mapped for the GPU), bytes (`drm-memory-gtt`).
    pub gtt_mem: Option<u64>,
    /// CPU-only buffers, bytes (`drm-memory-cpu`).
    pub cpu_mem: Option<u64>,
    /// VRAM, bytes (`drm-memory-vram`; KFD `vram_<gpu_id>` when the fdinfo cannot be read).
    pub vram_mem: Option<u64>,
}

/// One process on one GPU (`amdsmi_get_gpu_process_list` items).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProcessInfo {
    /// The process name (`/proc/<pid>/comm`); `None` ("N/A") when it cannot be read.
    pub name: Option<String>,
    /// The process id.
    pub pid: u32,
    /// Memory the process holds on the GPU, bytes: KFD `vram_<gpu_id>` (all contexts), else the
    /// sum of the fdinfo VRAM, GTT and CPU memory.
    pub mem: Option<u64>,
    /// Engine time, ns.
    pub engine_usage: ProcessEngineUsage,
    /// Memory by pool, bytes.
    pub memory_usage: ProcessMemoryUsage,
    /// Compute units the process occupies (KFD `stats_<gpu_id>/cu_occupancy`, the largest over
    /// its contexts); `None` on GPUs that do not measure it.
    pub cu_occupancy: Option<u32>,
    /// Time the process's queues were evicted from the GPU, ms (KFD `stats_<gpu_id>/evicted_ms`,
    /// summed over its contexts).
    pub evicted_time: Option<u64>,
}

/// KFD's view of a process over all the GPUs it uses (`amdsmi_get_gpu_compute_process_info*`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ComputeProcessInfo {
    /// The process id.
    pub process_id: u32,
    /// The process address space id (KFD `pasid`; newer kernels print 0 or drop the file).
    pub pasid: Option<u32>,
    /// VRAM, bytes (`vram_<gpu_id>`, summed).
    pub vram_usage: u64,
    /// SDMA usage, µs (`sdma_<gpu_id>`, summed).
    pub sdma_usage: u64,
    /// Compute units occupied, percent of the CUs of the GPUs that report occupancy.
    pub cu_occupancy: Option<u32>,
    /// Time the queues were evicted, ms (`stats_<gpu_id>/evicted_ms`, summed).
    pub evicted_time: Option<u64>,
}

/// The DRM minor a device node name stands for: `renderD128` → 128, `card0` → 0.
pub fn drm_minor(node_name: &str) -> Option<u32> {
    let digits = node_name.strip_prefix("renderD").or_else(|| node_name.strip_prefix("card"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The KFD gpu id a per-GPU file or directory name carries (`vram_58934`, `stats_58934`, ...).
fn gpu_id_of(name: &str) -> Option<u64> {
    ["vram_", "sdma_", "stats_", "counters_"].iter().find_map(|prefix| name.strip_prefix(prefix)?.parse().ok())
}

/// A number in a KFD file; `None` when the file is missing, unreadable or not a number.
fn read_u64(path: &Path) -> Option<u64> {
    sysfs::read_number(path).ok()
}

/// Adds `value` to an optional sum.
fn add(sum: Option<u64>, value: Option<u64>) -> Option<u64> {
    match (sum, value) {
        (Some(a), Some(b)) => Some(a.saturating_add(b)),
        (a, b) => a.or(b),
    }
}

/// What KFD reports of a process on one GPU, over all its contexts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct KfdUsage {
    /// `vram_<gpu_id>`, bytes.
    vram: Option<u64>,
    /// `sdma_<gpu_id>`, µs.
    sdma: Option<u64>,
    /// `stats_<gpu_id>/cu_occupancy` (largest over the contexts), CUs.
    cu: Option<u64>,
    /// `stats_<gpu_id>/evicted_ms`, ms.
    evicted: Option<u64>,
}

/// One KFD process: its primary directory and its secondary contexts' directories.
struct KfdProcess {
    pid: u32,
    dirs: Vec<PathBuf>,
}

impl KfdProcess {
    /// The process `pid`, or NOT_FOUND when KFD does not list it.
    fn open(root: &Root, pid: u32) -> Result<KfdProcess> {
        let main = root.path(KFD_PROC_DIR).join(pid.to_string());
        if !sysfs::is_dir(&main) {
            return Err(Error::new(Status::NotFound)
                .with_path(&main)
                .with_detail(format!("process {pid} has no KFD entry")));
        }
        let contexts = sysfs::list_dir(&main).unwrap_or_default();
        let mut dirs = vec![main.clone()];
        dirs.extend(contexts.iter().filter(|n| n.starts_with("context_")).map(|n| main.join(n)));
        Ok(KfdProcess { pid, dirs })
    }

    /// The KFD gpu ids the process uses: those a queue of any context runs on, and those it holds
    /// VRAM on or moved data with (nonzero `vram_`/`sdma_`). ROCm opens every visible GPU, so KFD
    /// has per-GPU files for GPUs a process never touches; those are not "used".
    fn gpu_ids(&self) -> BTreeSet<u64> {
        let mut ids = BTreeSet::new();
        let mut named = BTreeSet::new();
        for dir in &self.dirs {
            named.extend(sysfs::list_dir(dir).unwrap_or_default().iter().filter_map(|n| gpu_id_of(n)));
            let queues = dir.join("queues");
            for queue in sysfs::list_dir(&queues).unwrap_or_default() {
                ids.extend(read_u64(&queues.join(queue).join("gpuid")));
            }
        }
        for gpu_id in named {
            let usage = self.usage(gpu_id);
            if usage.vram.is_some_and(|v| v > 0) || usage.sdma.is_some_and(|s| s > 0) {
                ids.insert(gpu_id);
            }
        }
        ids
    }

    /// The process's `pasid`.
    fn pasid(&self) -> Option<u32> {
        self.dirs.first().and_then(|d| read_u64(&d.join("pasid"))).and_then(|p| u32::try_from(p).ok())
    }

    /// KFD's numbers for one GPU, over every context.
    fn usage(&self, gpu_id: u64) -> KfdUsage {
        let mut usage = KfdUsage::default();
        for dir in &self.dirs {
            let stats = dir.join(format!("stats_{gpu_id}"));
            usage.vram = add(usage.vram, read_u64(&dir.join(format!("vram_{gpu_id}"))));
            usage.sdma = add(usage.sdma, read_u64(&dir.join(format!("sdma_{gpu_id}"))));
            usage.evicted = add(usage.evicted, read_u64(&stats.join("evicted_ms")));
            usage.cu = usage.cu.max(read_u64(&stats.join("cu_occupancy")));
        }
        usage
    }
}

/// The pids KFD lists, ascending; none when KFD has no process directory.
fn kfd_pids(root: &Root) -> Vec<u32> {
    let mut pids: Vec<u32> =
        sysfs::list_dir(&root.path(KFD_PROC_DIR)).unwrap_or_default().iter().filter_map(|n| n.parse().ok()).collect();
    pids.sort_unstable();
    pids
}

/// DRM usage of a process on one processor, summed over its DRM clients.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct DrmTotals {
    vram: u64,
    gtt: u64,
    cpu: u64,
    gfx: u64,
    enc: u64,
}

/// Whether an open DRM file belongs to `gpu`: by the minor of the node its fd link names (the
/// link target's last component), else by
/// the PCI device its fdinfo names.
fn fd_on_gpu(fd_target: Option<String>, usage: &FdinfoUsage, gpu: &GpuDevice) -> bool {
    let minor = fd_target.as_deref().and_then(drm_minor);
    match minor {
        Some(minor) => gpu.render_minor == Some(minor) || gpu.card_minor == Some(minor),
        None => {
            let device = gpu.device_dir.file_name().and_then(|n| n.to_str()).and_then(Bdf::from_kernel_name);
            usage.pdev.is_some() && usage.pdev == device
        }
    }
}

/// The DRM usage of `pid` on `gpu` from `/proc/<pid>/fdinfo`; `None` when that cannot be listed.
fn drm_totals(root: &Root, pid: u32, gpu: &GpuDevice) -> Option<DrmTotals> {
    let proc = root.path(PROC_DIR).join(pid.to_string());
    let fdinfo = proc.join("fdinfo");
    let fds = sysfs::list_dir(&fdinfo).ok()?;
    let mut clients = HashSet::new();
    let mut totals = DrmTotals::default();
    for fd in fds {
        let Some(usage) = sysfs::read_text(&fdinfo.join(&fd)).ok().as_deref().and_then(|t| parse_fdinfo(t).ok()) else {
            continue;
        };
        if !fd_on_gpu(sysfs::link_name(&proc.join("fd").join(&fd)).ok(), &usage, gpu) {
            continue;
        }
        if usage.client_id.is_some_and(|id| !clients.insert(id)) {
            continue;
        }
        totals.vram = totals.vram.saturating_add(usage.vram);
        totals.gtt = totals.gtt.saturating_add(usage.gtt);
        totals.cpu = totals.cpu.saturating_add(usage.cpu);
        totals.gfx = totals.gfx.saturating_add(usage.gfx);
        totals.enc = totals.enc.saturating_add(usage.enc);
    }
    Some(totals)
}

/// The process name (`/proc/<pid>/comm`), `None` when unreadable or empty.
fn process_name(root: &Root, pid: u32) -> Option<String> {
    let comm = root.path(PROC_DIR).join(pid.to_string()).join("comm");
    sysfs::read_text(&comm).ok().filter(|n| !n.is_empty())
}

impl Context {
    /// The processors with a KFD gpu id: (enumeration index, gpu id, compute units).
    fn kfd_processors(&self) -> Vec<(u32, u64, Option<u64>)> {
        (0u32..)
            .zip(self.processor_handles())
            .filter_map(|(index, h)| {
                let node = self.gpu_device(h).ok()?.kfd.as_ref()?;
                Some((index, node.gpu_id?, node.compute_units()))
            })
            .collect()
    }

    /// KFD's numbers for one process over every GPU of this context it uses.
    fn compute_process(&self, process: &KfdProcess) -> ComputeProcessInfo {
        let used = process.gpu_ids();
        let (mut vram, mut sdma, mut evicted) = (0u64, 0u64, None);
        let (mut cus_busy, mut cus_total) = (None, 0u64);
        for (_, gpu_id, compute_units) in self.kfd_processors().into_iter().filter(|p| used.contains(&p.1)) {
            let usage = process.usage(gpu_id);
            vram = vram.saturating_add(usage.vram.unwrap_or(0));
            sdma = sdma.saturating_add(usage.sdma.unwrap_or(0));
            evicted = add(evicted, usage.evicted);
            if let (Some(cu), Some(total)) = (usage.cu, compute_units) {
                cus_busy = add(cus_busy, Some(cu));
                cus_total = cus_total.saturating_add(total);
            }
        }
        let percent = cus_busy
            .filter(|_| cus_total > 0)
            .and_then(|busy| u32::try_from(busy.saturating_mul(100) / cus_total).ok());
        ComputeProcessInfo {
            process_id: process.pid,
            pasid: process.pasid(),
            vram_usage: vram,
            sdma_usage: sdma,
            cu_occupancy: percent,
            evicted_time: evicted,
        }
    }

    /// Every process KFD lists, by pid, with its usage over all the GPUs it uses.
    #[doc(alias = "amdsmi_get_gpu_compute_process_info")]
    pub fn gpu_compute_process_info(&self) -> Vec<ComputeProcessInfo> {
        kfd_pids(self.root())
            .into_iter()
            .filter_map(|pid| KfdProcess::open(self.root(), pid).ok())
            .map(|p| self.compute_process(&p))
            .collect()
    }

    /// One process's usage over all the GPUs it uses; NOT_FOUND when KFD does not list it.
    #[doc(alias = "amdsmi_get_gpu_compute_process_info_by_pid")]
    pub fn gpu_compute_process_info_by_pid(&self, pid: u32) -> Result<ComputeProcessInfo> {
        Ok(self.compute_process(&KfdProcess::open(self.root(), pid)?))
    }

    /// The enumeration indices of the processors a process uses (as `amdsmi_get_processor_handles`
    /// orders them); NOT_FOUND when KFD does not list it.
    #[doc(alias = "amdsmi_get_gpu_compute_process_gpus")]
    pub fn gpu_compute_process_gpus(&self, pid: u32) -> Result<Vec<u32>> {
        let used = KfdProcess::open(self.root(), pid)?.gpu_ids();
        Ok(self.kfd_processors().into_iter().filter(|p| used.contains(&p.1)).map(|p| p.0).collect())
    }
}

impl Gpu<'_> {
    /// The KFD gpu id of a processor; NOT_SUPPORTED when it has none.
    fn kfd_gpu_id(&self) -> Result<u64> {
        let gpu = self.device();
        gpu.kfd_node()?
            .gpu_id
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail(format!("{}: no KFD gpu_id", gpu.bdf)))
    }

    /// The processes KFD says use this GPU, by pid, with their name, memory, engine time, CU
    /// occupancy and eviction time on it. Empty when none runs (or KFD lists no process).
    #[doc(alias = "amdsmi_get_gpu_process_list")]
    pub fn process_list(&self) -> Result<Vec<ProcessInfo>> {
        let gpu_id = self.kfd_gpu_id()?;
        let gpu = self.device();
        let root = self.root();
        let mut list = Vec::new();
        for pid in kfd_pids(root) {
            let Ok(process) = KfdProcess::open(root, pid) else { continue };
            if !process.gpu_ids().contains(&gpu_id) {
                continue;
            }
            let kfd = process.usage(gpu_id);
            let drm = drm_totals(root, pid, gpu);
            let fdinfo_total = drm.map(|d| d.vram.saturating_add(d.gtt).saturating_add(d.cpu));
            list.push(ProcessInfo {
                name: process_name(root, pid),
                pid,
                mem: kfd.vram.filter(|&v| v > 0).or(fdinfo_total).or(kfd.vram),
                engine_usage: ProcessEngineUsage { gfx: drm.map(|d| d.gfx), enc: drm.map(|d| d.enc) },
                memory_usage: ProcessMemoryUsage {
                    gtt_mem: drm.map(|d| d.gtt),
                    cpu_mem: drm.map(|d| d.cpu),
                    vram_mem: drm.map(|d| d.vram).or(kfd.vram),
                },
                cu_occupancy: kfd.cu.and_then(|c| u32::try_from(c).ok()),
                evicted_time: kfd.evicted,
            });
        }
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_names_and_kfd_names() {
        assert_eq!(drm_minor("renderD128"), Some(128));
        assert_eq!(drm_minor("card3"), Some(3));
        for bad in ["renderD", "card", "kfd", "null", "card-1", "renderD12a"] {
            assert_eq!(drm_minor(bad), None, "{bad}");
        }
        assert_eq!(gpu_id_of("vram_58934"), Some(58934));
        assert_eq!(gpu_id_of("stats_119"), Some(119));
        assert_eq!(gpu_id_of("queues"), None);
        assert_eq!(gpu_id_of("vram_"), None);
        assert_eq!(add(None, None), None);
        assert_eq!(add(Some(1), None), Some(1));
        assert_eq!(add(Some(u64::MAX), Some(1)), Some(u64::MAX));
    }
}

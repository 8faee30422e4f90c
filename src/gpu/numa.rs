//! NUMA placement of a GPU and the CPUs close to it.

use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;
use crate::parse;
use crate::sysfs;

/// Scope of `amdsmi_get_cpu_affinity_with_scope` (`AmdSmiAffinityScope`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiAffinityScope {
    /// The CPUs of the GPU's NUMA node (`/sys/devices/system/node/node<N>/cpulist`).
    #[amd(name = "NODE")]
    Node = 0,
    /// The CPUs of the GPU's socket (the device's `local_cpulist`).
    #[amd(name = "SOCKET")]
    Socket = 1,
}

impl Gpu<'_> {
    /// The NUMA node of the GPU as KFD sees it: the CPU node of its lowest-weight io_link to a
    /// CPU node.
    #[doc(alias = "amdsmi_topo_get_numa_node_number")]
    pub fn topo_numa_node_number(&self) -> Result<u32> {
        let node = self.device().kfd_node()?.node_id;
        self.kfd_topology().cpu_node(node)?.ok_or_else(|| {
            Error::new(Status::NotSupported).with_detail(format!("KFD node {node} has no io_link to a CPU node"))
        })
    }

    /// The device's `numa_node` (-1 when the platform has no NUMA affinity for it).
    #[doc(alias = "amdsmi_get_gpu_topo_numa_affinity")]
    pub fn topo_numa_affinity(&self) -> Result<i32> {
        let gpu = self.device();
        sysfs::read_number(&gpu.attr("numa_node"))
    }

    /// The CPUs close to the GPU as 64-bit mask words (CPU `n` = bit `n % 64` of word `n / 64`).
    #[doc(alias = "amdsmi_get_cpu_affinity_with_scope")]
    pub fn cpu_affinity_with_scope(&self, scope: AmdSmiAffinityScope) -> Result<Vec<u64>> {
        let gpu = self.device();
        let path = match scope {
            AmdSmiAffinityScope::Socket => gpu.attr("local_cpulist"),
            AmdSmiAffinityScope::Node => {
                let node = self.topo_numa_affinity()?.max(0);
                self.root().path(&format!("/sys/devices/system/node/node{node}/cpulist"))
            }
        };
        Ok(parse::cpu_mask(&sysfs::read_parsed(&path, parse::parse_cpulist)?))
    }
}

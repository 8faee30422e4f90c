//! Compute and memory partition modes (`current_compute_partition`, `current_memory_partition`).

use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;
use crate::parse::partition::mode_list;
use crate::sysfs;

use super::{invalid, line, Plan};

/// A compute partition mode (`AmdSmiComputePartitionType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiComputePartitionType {
    /// Not a mode; setting it is INVAL.
    #[amd(name = "INVALID", sentinel)]
    Invalid = 0,
    /// One partition: all XCCs together.
    #[amd(name = "SPX")]
    Spx = 1,
    /// Two partitions.
    #[amd(name = "DPX")]
    Dpx = 2,
    /// Three partitions.
    #[amd(name = "TPX")]
    Tpx = 3,
    /// Four partitions.
    #[amd(name = "QPX")]
    Qpx = 4,
    /// One partition per XCC.
    #[amd(name = "CPX")]
    Cpx = 5,
}

/// A memory partition mode (`AmdSmiMemoryPartitionType`, the values of AMD SMI 7.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiMemoryPartitionType {
    /// Not a mode; setting it is INVAL.
    #[amd(name = "UNKNOWN", sentinel)]
    Unknown = 0,
    /// All memory interleaved across every HBM stack.
    #[amd(name = "NPS1")]
    Nps1 = 1,
    /// Two NUMA memory partitions.
    #[amd(name = "NPS2")]
    Nps2 = 2,
    /// Four NUMA memory partitions.
    #[amd(name = "NPS4")]
    Nps4 = 4,
    /// Eight NUMA memory partitions.
    #[amd(name = "NPS8")]
    Nps8 = 8,
}

impl Gpu<'_> {
    /// Switches the GPU to compute partition mode `compute_partition` (written to
    /// `current_compute_partition`; the GPU must be idle). Nothing is written when it already
    /// is in that mode.
    ///
    /// INVAL for INVALID; SETTING_UNAVAILABLE for a mode `available_compute_partition` does not
    /// list; NOT_SUPPORTED without the files.
    #[doc(alias = "amdsmi_set_gpu_compute_partition")]
    pub fn set_compute_partition(&self, compute_partition: AmdSmiComputePartitionType) -> Result<()> {
        let current = || self.compute_partition();
        self.set_mode(
            "compute",
            compute_partition.name(),
            compute_partition == AmdSmiComputePartitionType::Invalid,
            current,
        )
    }

    /// Switches the GPU to memory partition mode `memory_partition` (written to
    /// `current_memory_partition`; the mode takes effect once the driver is reloaded). Nothing is
    /// written when it already is in that mode.
    ///
    /// INVAL for UNKNOWN; SETTING_UNAVAILABLE for a mode `available_memory_partition` does not
    /// list; NOT_SUPPORTED without the files.
    #[doc(alias = "amdsmi_set_gpu_memory_partition")]
    pub fn set_memory_partition(&self, memory_partition: AmdSmiMemoryPartitionType) -> Result<()> {
        let current = || self.memory_partition();
        self.set_mode(
            "memory",
            memory_partition.name(),
            memory_partition == AmdSmiMemoryPartitionType::Unknown,
            current,
        )
    }

    /// Switches the GPU to the accelerator partition profile `profile_index`: the compute
    /// partition mode at that position of `compute_partition_config/supported_xcp_configs` (the
    /// index `amdsmi_get_gpu_accelerator_partition_profile` reports), set as
    /// [`Gpu::set_compute_partition`] sets it (AMD SMI 7.0.2 maps the profile to its type and
    /// sets the compute partition).
    ///
    /// INVAL for an index past the list; NOT_SUPPORTED without the file (no partition profiles);
    /// then as `set_compute_partition`.
    #[doc(alias = "amdsmi_set_gpu_accelerator_partition_profile")]
    pub fn set_accelerator_partition_profile(&self, profile_index: u32) -> Result<()> {
        let path = self.device().attr("compute_partition_config/supported_xcp_configs");
        let modes = mode_list(&sysfs::read_text(&path)?);
        let mode = modes.get(profile_index as usize).ok_or_else(|| {
            invalid(format!("profile {profile_index} is not one of the {} profiles", modes.len())).with_path(&path)
        })?;
        let partition = mode.parse::<AmdSmiComputePartitionType>().map_err(|_| {
            Error::unexpected_data(&path, format!("profile {profile_index} is {mode}, not a compute partition mode"))
        })?;
        self.set_compute_partition(partition)
    }

    /// Writes `mode` to `current_<kind>_partition` unless it is current, after checking it is
    /// one `available_<kind>_partition` lists.
    fn set_mode(
        &self,
        kind: &str,
        mode: &str,
        not_a_mode: bool,
        current: impl FnOnce() -> Result<String>,
    ) -> Result<()> {
        if not_a_mode {
            return Err(invalid(format!("{mode} is not a {kind} partition mode")));
        }
        let gpu = self.device();
        let available_path = gpu.attr(&format!("available_{kind}_partition"));
        if !mode_list(&sysfs::read_text(&available_path)?).iter().any(|m| m == mode) {
            return Err(Error::new(Status::SettingUnavailable)
                .with_path(&available_path)
                .with_detail(format!("{mode} is not an available {kind} partition mode")));
        }
        if current()? == mode {
            return Ok(());
        }
        self.apply(&Plan::one(gpu.attr(&format!("current_{kind}_partition")), line(mode)))
    }
}

//! Compute and memory partition modes (`current_compute_partition`, `current_memory_partition`).

use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;
use crate::parse::partition::mode_list;
use crate::sysfs;

use super::{invalid, line, Plan};

/// A compute partition mode (`AmdSmiComputePartitionType`, AMD's values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum AmdSmiComputePartitionType {
    /// Not a mode; setting it is INVAL.
    Invalid = 0,
    /// One partition: all XCCs together.
    Spx = 1,
    /// Two partitions.
    Dpx = 2,
    /// Three partitions.
    Tpx = 3,
    /// Four partitions.
    Qpx = 4,
    /// One partition per XCC.
    Cpx = 5,
}

/// A memory partition mode (`AmdSmiMemoryPartitionType`, the values of AMD SMI 7.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum AmdSmiMemoryPartitionType {
    /// Not a mode; setting it is INVAL.
    Unknown = 0,
    /// All memory interleaved across every HBM stack.
    Nps1 = 1,
    /// Two NUMA memory partitions.
    Nps2 = 2,
    /// Four NUMA memory partitions.
    Nps4 = 4,
    /// Eight NUMA memory partitions.
    Nps8 = 8,
}

impl AmdSmiComputePartitionType {
    /// The settable modes.
    pub const ALL: [AmdSmiComputePartitionType; 5] = [
        AmdSmiComputePartitionType::Spx,
        AmdSmiComputePartitionType::Dpx,
        AmdSmiComputePartitionType::Tpx,
        AmdSmiComputePartitionType::Qpx,
        AmdSmiComputePartitionType::Cpx,
    ];

    /// The mode's name as the kernel writes and takes it (`CPX`); `INVALID` for Invalid.
    pub fn name(self) -> &'static str {
        match self {
            AmdSmiComputePartitionType::Invalid => "INVALID",
            AmdSmiComputePartitionType::Spx => "SPX",
            AmdSmiComputePartitionType::Dpx => "DPX",
            AmdSmiComputePartitionType::Tpx => "TPX",
            AmdSmiComputePartitionType::Qpx => "QPX",
            AmdSmiComputePartitionType::Cpx => "CPX",
        }
    }
}

impl AmdSmiMemoryPartitionType {
    /// The settable modes.
    pub const ALL: [AmdSmiMemoryPartitionType; 4] = [
        AmdSmiMemoryPartitionType::Nps1,
        AmdSmiMemoryPartitionType::Nps2,
        AmdSmiMemoryPartitionType::Nps4,
        AmdSmiMemoryPartitionType::Nps8,
    ];

    /// The mode's name as the kernel writes and takes it (`NPS4`); `UNKNOWN` for Unknown.
    pub fn name(self) -> &'static str {
        match self {
            AmdSmiMemoryPartitionType::Unknown => "UNKNOWN",
            AmdSmiMemoryPartitionType::Nps1 => "NPS1",
            AmdSmiMemoryPartitionType::Nps2 => "NPS2",
            AmdSmiMemoryPartitionType::Nps4 => "NPS4",
            AmdSmiMemoryPartitionType::Nps8 => "NPS8",
        }
    }
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

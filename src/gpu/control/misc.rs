//! Process isolation (`enforce_isolation`), the cleaner shader (`run_cleaner_shader`), the SoC
//! P-state and XGMI per-link power-down policies (`pm_policy/`), GPU reset (debugfs
//! `amdgpu_gpu_recover`), the XGMI error count (`xgmi_error`) and the driver reload (the
//! amdgpu PCI driver's `unbind`/`bind`).

use std::path::PathBuf;

use crate::context::Context;
use crate::error::{Error, Result, Status};
use crate::gpu::device::debugfs_dri;
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::parse;
use crate::sysfs;

use super::{invalid, line, Plan};

/// One policy of a DPM policy file (`amdsmi_dpm_policy_entry_t`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DpmPolicyEntry {
    /// The id written to select the policy.
    pub policy_id: u32,
    /// The kernel's name of the policy (`soc_pstate_1`, `plpd_default`).
    pub policy_description: String,
}

/// The policies of `pm_policy/soc_pstate` or `pm_policy/xgmi_plpd` and the current one
/// (`amdsmi_get_soc_pstate`, `amdsmi_get_xgmi_plpd`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DpmPolicy {
    /// The number of policies.
    pub num_supported: u32,
    /// The id of the current policy.
    pub current_id: u32,
    /// The policies, in file order.
    pub policies: Vec<DpmPolicyEntry>,
}

/// The GPU's primary DRM card minor: the `card<N>` under its PCI device (a compute partition's
/// own card has no `amdgpu_gpu_recover`).
fn primary_card(gpu: &GpuDevice) -> Result<u32> {
    let drm = gpu.attr("drm");
    sysfs::list_dir(&drm)?
        .iter()
        .filter_map(|name| name.strip_prefix("card")?.parse().ok())
        .min()
        .ok_or_else(|| Error::new(Status::NotSupported).with_path(&drm).with_detail("no DRM card"))
}

impl Gpu<'_> {
    /// `enforce_isolation` of the processor's GPU: its path and one value per partition.
    fn isolation(&self) -> Result<(PathBuf, Vec<u32>, usize)> {
        let gpu = self.device();
        let path = gpu.attr("enforce_isolation");
        let values = sysfs::read_parsed(&path, parse::parse_u32_list)?;
        let index = gpu.partition_id as usize;
        if index >= values.len() {
            return Err(Error::unexpected_data(&path, format!("no value for partition {index} in {values:?}")));
        }
        Ok((path, values, index))
    }

    /// Whether process isolation is enabled on the processor's partition: its value in
    /// `enforce_isolation` (0 disabled, 1 enabled; newer kernels also report 2, legacy, and 3,
    /// enabled without the cleaner shader).
    ///
    /// NOT_SUPPORTED without the file; UNEXPECTED_DATA when it has no value for the partition.
    #[doc(alias = "amdsmi_get_gpu_process_isolation")]
    pub fn process_isolation(&self) -> Result<u32> {
        let (_, values, index) = self.isolation()?;
        Ok(values[index])
    }

    /// Enables (1) or disables (0) process isolation on the processor's partition: the whole
    /// `enforce_isolation` list is written back (`0 0 1 0`) with that partition's value changed,
    /// as the kernel takes one value per partition.
    ///
    /// INVAL for another value; NOT_SUPPORTED without the file.
    #[doc(alias = "amdsmi_set_gpu_process_isolation")]
    pub fn set_process_isolation(&self, pisolate: u32) -> Result<()> {
        if pisolate > 1 {
            return Err(invalid(format!("process isolation {pisolate}: 0 (disable) or 1 (enable)")));
        }
        let (path, mut values, index) = self.isolation()?;
        values[index] = pisolate;
        let list: Vec<String> = values.iter().map(u32::to_string).collect();
        self.apply(&Plan::one(path, line(list.join(" "))))
    }

    /// Runs the cleaner shader on the processor's partition, clearing its local data (LDS, GPRs):
    /// the partition id is written to `run_cleaner_shader`.
    ///
    /// NOT_SUPPORTED without the file (GPUs without a cleaner shader).
    #[doc(alias = "amdsmi_clean_gpu_local_data")]
    pub fn clean_local_data(&self) -> Result<()> {
        let gpu = self.device();
        self.apply(&Plan::one(gpu.attr("run_cleaner_shader"), line(gpu.partition_id)))
    }

    fn dpm_policy(&self, file: &str) -> Result<(PathBuf, DpmPolicy)> {
        let path = self.device().attr(file);
        let policy = sysfs::read_parsed(&path, parse::policy::parse_dpm_policy)?;
        Ok((path, policy))
    }

    /// Selects policy `policy_id` of a DPM policy file, after checking the file lists it.
    fn set_dpm_policy(&self, file: &str, policy_id: u32) -> Result<()> {
        let (path, policy) = self.dpm_policy(file)?;
        if !policy.policies.iter().any(|p| p.policy_id == policy_id) {
            let ids: Vec<u32> = policy.policies.iter().map(|p| p.policy_id).collect();
            return Err(invalid(format!("policy {policy_id} is not one of {ids:?}")).with_path(&path));
        }
        self.apply(&Plan::one(path, line(policy_id)))
    }

    /// The SoC P-state policies and the current one (`pm_policy/soc_pstate`).
    ///
    /// NOT_SUPPORTED without the file; UNEXPECTED_DATA when it does not parse.
    #[doc(alias = "amdsmi_get_soc_pstate")]
    pub fn soc_pstate(&self) -> Result<DpmPolicy> {
        Ok(self.dpm_policy("pm_policy/soc_pstate")?.1)
    }

    /// Selects SoC P-state policy `policy_id` (written to `pm_policy/soc_pstate`).
    ///
    /// INVAL for an id the file does not list; NOT_SUPPORTED without the file.
    #[doc(alias = "amdsmi_set_soc_pstate")]
    pub fn set_soc_pstate(&self, policy_id: u32) -> Result<()> {
        self.set_dpm_policy("pm_policy/soc_pstate", policy_id)
    }

    /// The XGMI per-link power-down policies and the current one (`pm_policy/xgmi_plpd`).
    ///
    /// NOT_SUPPORTED without the file; UNEXPECTED_DATA when it does not parse.
    #[doc(alias = "amdsmi_get_xgmi_plpd")]
    pub fn xgmi_plpd(&self) -> Result<DpmPolicy> {
        Ok(self.dpm_policy("pm_policy/xgmi_plpd")?.1)
    }

    /// Selects XGMI per-link power-down policy `policy_id` (written to `pm_policy/xgmi_plpd`).
    ///
    /// INVAL for an id the file does not list; NOT_SUPPORTED without the file.
    #[doc(alias = "amdsmi_set_xgmi_plpd")]
    pub fn set_xgmi_plpd(&self, policy_id: u32) -> Result<()> {
        self.set_dpm_policy("pm_policy/xgmi_plpd", policy_id)
    }

    /// Resets the GPU: reads debugfs `/sys/kernel/debug/dri/<card>/amdgpu_gpu_recover` of the
    /// GPU's primary card, which makes the driver recover (reset) the whole GPU, every partition
    /// with it. Needs root (debugfs); NOT_SUPPORTED without the file.
    #[doc(alias = "amdsmi_reset_gpu")]
    pub fn reset(&self) -> Result<()> {
        let card = primary_card(self.device())?;
        let path = debugfs_dri(self.root(), card, "amdgpu_gpu_recover");
        sysfs::read_bytes(&path).map(drop)
    }

    /// Resets the GPU's XGMI error count: reading `xgmi_error` clears it. NOT_SUPPORTED without
    /// the file (GPUs without XGMI).
    #[doc(alias = "amdsmi_reset_gpu_xgmi_error")]
    pub fn reset_xgmi_error(&self) -> Result<()> {
        sysfs::read_bytes(&self.device().attr("xgmi_error")).map(drop)
    }
}

/// The amdgpu PCI driver's directory, whose `unbind` and `bind` take a device's PCI name.
pub const AMDGPU_DRIVER_DIR: &str = "/sys/bus/pci/drivers/amdgpu";

impl Context {
    /// Reloads the amdgpu driver on every GPU of the context, which applies a pending memory
    /// partition (NPS) mode. AMD SMI 7.0.2 unloads and reloads the kernel module (`modprobe -r
    /// amdgpu`, `modprobe amdgpu`) as root, NO_PERM otherwise, AMDGPU_RESTART_ERR when that
    /// fails. Loading modules is not a file interface, so this does the equivalent through the
    /// driver core's sysfs files (`drivers/base/bus.c` `unbind_store`/`bind_store`): each GPU's
    /// PCI name (`0000:05:00.0`) is written to `/sys/bus/pci/drivers/amdgpu/unbind`, then each
    /// to `bind` (every device torn down before any is probed again, as a module reload does);
    /// the re-probe initializes each GPU afresh, in its new mode.
    ///
    /// The files are root-only: NO_PERM for anyone else (before anything is written). Any
    /// other failure is AMDGPU_RESTART_ERR, its detail naming the step and what was already
    /// written (the GPUs unbound by then stay unbound: re-run as root, or bind them by hand).
    #[doc(alias = "amdsmi_gpu_driver_reload")]
    pub fn gpu_driver_reload(&self) -> Result<()> {
        let mut names: Vec<String> = Vec::new();
        for handle in self.processor_handles() {
            let Ok(gpu) = self.gpu(handle) else { continue };
            let name = gpu.device().device_dir.file_name().map(|n| n.to_string_lossy().into_owned());
            if let Some(name) = name.filter(|n| !names.contains(n)) {
                names.push(name);
            }
        }
        if names.is_empty() {
            return Err(Error::new(Status::NotSupported).with_detail("no amdgpu GPU to reload"));
        }
        let driver = self.root().path(AMDGPU_DRIVER_DIR);
        let plan = names
            .iter()
            .map(|n| (driver.join("unbind"), line(n)))
            .chain(names.iter().map(|n| (driver.join("bind"), line(n))))
            .fold(Plan::default(), |plan, (path, text)| plan.then(path, text));
        plan.apply(&mut super::Sysfs).map_err(|err| match err.status() {
            Status::NoPerm => err,
            _ => Error::new(Status::AmdgpuRestartErr).with_path(err.path().unwrap_or(&driver)).with_detail(format!(
                "{}: {}",
                err.status().name(),
                err.detail().unwrap_or_default()
            )),
        })
    }
}

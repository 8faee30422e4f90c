//! One discovered GPU processor and the files it is read from.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::error::{Error, Result, Status};
use crate::gpu::bdf::Bdf;
use crate::gpu::clock::AmdSmiClkType;
use crate::gpu::drm::DrmSlot;
use crate::gpu::hwmon::Hwmon;
use crate::gpu::kfd::KfdNode;
use crate::gpu::memory::AmdSmiMemoryType;
use crate::gpu::telemetry;
use crate::parse;
use crate::sysfs::{self, PolledFiles, Root, SlotId};

/// The files of one physical GPU, found at discovery and shared by its partitions: the polled
/// files' descriptors and the hwmon directory with its channels.
#[derive(Debug)]
pub struct DeviceFiles {
    /// The files read again and again, relative to the PCI device directory.
    pub polled: PolledFiles,
    /// The amdgpu hwmon directory, when the GPU has one.
    pub hwmon: Option<Hwmon>,
    /// The names in the `fw_version` directory, sorted; `None` without the directory.
    pub fw_files: Option<Vec<String>>,
    /// The links of `xgmi_port_num` with their peers' BDFs, read on first use (see
    /// `Gpu::link_metrics`); `None` without the file.
    pub xgmi_peers: OnceLock<Option<Vec<XgmiPeer>>>,
    /// The PCI device id, once read: it is the device's for as long as the device is known, so
    /// a value built from it (the UUID) does not change when a read of it fails meanwhile.
    device_id: OnceLock<u16>,
    /// Each clock's `pp_dpm_*` table among the polled files, found at discovery.
    dpm_tables: Vec<(AmdSmiClkType, SlotId)>,
}

impl DeviceFiles {
    /// The files of the GPU whose PCI device directory is `device_dir`: resolves its hwmon
    /// directory and channel labels and lists `fw_version` (a few directory listings and label
    /// reads), opens nothing.
    pub fn discover(device_dir: &Path) -> DeviceFiles {
        let polled = PolledFiles::new(device_dir.to_path_buf(), polled_files());
        DeviceFiles {
            dpm_tables: dpm_tables(&polled),
            polled,
            hwmon: Hwmon::discover(device_dir),
            fw_files: sysfs::list_dir(&device_dir.join(FW_DIR)).ok(),
            xgmi_peers: OnceLock::new(),
            device_id: OnceLock::new(),
        }
    }

    /// No files found: a device made by hand in a unit test, which must not look at the host.
    #[cfg(test)]
    pub(crate) fn none(device_dir: &Path) -> DeviceFiles {
        DeviceFiles {
            dpm_tables: Vec::new(),
            polled: PolledFiles::new(device_dir.to_path_buf(), []),
            hwmon: None,
            fw_files: None,
            xgmi_peers: OnceLock::new(),
            device_id: OnceLock::new(),
        }
    }
}

/// The files of a PCI device directory a monitor polls, each named by the module that reads
/// it: `gpu_metrics` and `gpu_busy_percent` (telemetry), every clock's `pp_dpm_*` table, every
/// memory pool's `mem_info_*_total`/`_used`. Their descriptors are kept once opened.
fn polled_files() -> impl Iterator<Item = String> {
    let clocks = AmdSmiClkType::ALL.into_iter().map(AmdSmiClkType::dpm_file);
    let pools = AmdSmiMemoryType::ALL.into_iter().flat_map(|pool| [pool.total_file(), pool.used_file()]);
    telemetry::POLLED_FILES.into_iter().chain(clocks).chain(pools).map(str::to_owned)
}

/// The slot of each clock's `pp_dpm_*` table among `polled`.
fn dpm_tables(polled: &PolledFiles) -> Vec<(AmdSmiClkType, SlotId)> {
    AmdSmiClkType::ALL.into_iter().filter_map(|clk| Some((clk, polled.slot(clk.dpm_file())?))).collect()
}

/// An XGMI link number and the BDF of the GPU at its other end (`None` when unknown).
pub type XgmiPeer = (u8, Option<Bdf>);

/// The directory of a GPU's firmware version files, under its PCI device directory.
pub const FW_DIR: &str = "fw_version";

/// One GPU processor: a whole GPU, or one compute partition of it.
#[derive(Debug)]
pub struct GpuDevice {
    /// The processor's BDF (for a partition, the function bits carry the partition id).
    pub bdf: Bdf,
    /// The compute partition id (0 on an unpartitioned GPU).
    pub partition_id: u32,
    /// The PCI device directory of the physical GPU (shared by its partitions), links resolved.
    pub device_dir: PathBuf,
    /// The DRM card minor (`cardN`), when a card node belongs to this processor.
    pub card_minor: Option<u32>,
    /// The DRM render minor (`renderD<minor>`), when a render node belongs to this processor.
    pub render_minor: Option<u32>,
    /// The KFD node of this processor, when the GPU has one.
    pub kfd: Option<KfdNode>,
    /// `node_id` minus the smallest GPU node id of the topology (HIP's device index).
    pub hip_id: Option<u32>,
    /// The physical GPU's files, shared with its other partitions.
    pub files: Arc<DeviceFiles>,
    /// The render node's DRM transport, kept open once used.
    pub drm: DrmSlot,
}

impl GpuDevice {
    /// The path of a device attribute (`name` relative to the PCI device directory).
    pub fn attr(&self, name: &str) -> PathBuf {
        self.device_dir.join(name)
    }

    /// A device attribute's text (NUL padding and whitespace trimmed).
    pub fn read_text(&self, name: &str) -> Result<String> {
        sysfs::read_text(&self.attr(name))
    }

    /// A device attribute that holds an integer (`0x` hex or decimal).
    pub fn read_u64(&self, name: &str) -> Result<u64> {
        sysfs::read_parsed(&self.attr(name), parse::parse_u64)
    }

    /// A device attribute that holds a 16-bit id such as `vendor` or `device` (`0x1002`).
    pub fn read_id(&self, name: &str) -> Result<u16> {
        let path = self.attr(name);
        sysfs::read_parsed(&path, |t| {
            let wide = parse::parse_u64(t)?;
            u16::try_from(wide).map_err(|_| parse::ParseError::whole("a 16-bit id such as `0x1002`", t))
        })
    }

    /// The PCI device id (`device`), read once per GPU: a value built from it (the UUID) does
    /// not change when a later read of it would fail.
    pub fn device_id(&self) -> Result<u16> {
        if let Some(&id) = self.files.device_id.get() {
            return Ok(id);
        }
        let id = self.read_id("device")?;
        Ok(*self.files.device_id.get_or_init(|| id))
    }

    /// One optional part of a result made of several files of this device ([`sysfs::part`]):
    /// `None` when the device lacks it, the read's error when the device went away.
    pub fn part<T>(&self, read: impl Fn() -> Result<T>) -> Result<Option<T>> {
        sysfs::part(&self.device_dir, read)
    }

    /// The ASIC serial: the device's `unique_id` (hex), else the KFD node's `unique_id`.
    pub fn serial(&self) -> Result<u64> {
        let path = self.attr("unique_id");
        sysfs::read_parsed(&path, parse::parse_hex_u64)
            .ok()
            .filter(|&s| s != 0)
            .or_else(|| self.kfd.as_ref()?.unique_id())
            .ok_or_else(|| Error::new(Status::NotSupported).with_path(&path).with_detail("no ASIC serial"))
    }

    /// The KFD node, or NOT_SUPPORTED naming the GPU when it has none.
    pub fn kfd_node(&self) -> Result<&KfdNode> {
        self.kfd
            .as_ref()
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail(format!("{}: no KFD topology node", self.bdf)))
    }

    /// The GPU's amdgpu hwmon directory and channels, resolved at discovery; NOT_SUPPORTED
    /// naming `device/hwmon` when it has none.
    pub fn hwmon(&self) -> Result<&Hwmon> {
        self.files.hwmon.as_ref().ok_or_else(|| {
            Error::new(Status::NotSupported).with_path(&self.attr("hwmon")).with_detail("no hwmon directory")
        })
    }

    /// The GPU's amdgpu hwmon directory (`device/hwmon/hwmonN`), resolved at discovery.
    pub fn hwmon_dir(&self) -> Result<PathBuf> {
        Ok(self.hwmon()?.dir().to_path_buf())
    }

    /// A polled file (`name` relative to the PCI device directory) decoded by `decode`: one
    /// `pread` on a descriptor kept open ([`PolledFiles`]).
    pub fn read_polled<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        self.files.polled.read(name, decode)
    }

    /// A clock's `pp_dpm_*` table decoded by `decode`: one `pread` of the descriptor kept for it,
    /// found at discovery (no look-up of its name).
    pub fn read_dpm<T>(&self, clk: AmdSmiClkType, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        match self.files.dpm_tables.iter().find(|(c, _)| *c == clk) {
            Some(&(_, slot)) => self.files.polled.read_slot(slot, decode),
            None => self.read_polled(clk.dpm_file(), decode),
        }
    }

    /// A polled file holding an integer (`0x` hex or decimal; [`sysfs::integer`]).
    pub fn read_polled_u64(&self, name: &str) -> Result<u64> {
        self.files.polled.read_integer(name, parse::parse_u64)
    }

    /// A hwmon file holding an integer (`file` in the hwmon directory, e.g. `power1_cap`;
    /// [`Hwmon::read_integer`]); NOT_SUPPORTED without a hwmon directory.
    pub fn read_hwmon_u64(&self, file: &str) -> Result<u64> {
        self.hwmon()?.read_integer(file, parse::parse_u64)
    }

    /// The DRM card minor (`cardN`), or NOT_SUPPORTED naming the GPU when it has none.
    pub fn card(&self) -> Result<u32> {
        self.card_minor
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail(format!("{}: no DRM card node", self.bdf)))
    }

    /// The render node under `root_dev_dri` (the root's `/dev/dri`).
    pub fn render_node(&self, dev_dri: &Path) -> Result<PathBuf> {
        self.render_minor
            .map(|m| dev_dri.join(format!("renderD{m}")))
            .ok_or_else(|| Error::new(Status::NotSupported).with_detail(format!("{}: no render node", self.bdf)))
    }
}

/// A file of DRM card `card`'s debugfs directory under `root`:
/// `/sys/kernel/debug/dri/<card>/<file>` (root only on a real machine).
pub fn debugfs_dri(root: &Root, card: u32, file: &str) -> PathBuf {
    root.path(&format!("/sys/kernel/debug/dri/{card}/{file}"))
}

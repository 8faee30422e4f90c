//! The DRM ioctl layer: the few GPU values that are not in sysfs and that AMD SMI reads through
//! libdrm (VRAM type and width, PCI revision, virtualization mode, VBIOS strings, VRAM usage,
//! driver name and date), issued directly on a render node (`/dev/dri/renderD<N>`), no libdrm.
//!
//! Everything goes through one narrow trait, [`DrmTransport`]: [`open`] gives the real ioctls on a
//! character device and a recorded responder on a regular file (fixture roots, `fixtures`
//! feature, see
//! `fixtures/README.md`, "Recorded DRM render nodes"), so every decoder above the trait is tested
//! without a GPU. The only `unsafe` of the crate is in the private `ioctl` module.

pub mod decode;
mod ioctl;
#[cfg(feature = "fixtures")]
pub mod recorded;

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use crate::error::{Error, Result, Status};
use crate::sysfs::{self, DeviceNode};

/// `AMDGPU_INFO_VRAM_USAGE`: VRAM in use, one u64 in bytes.
pub const AMDGPU_INFO_VRAM_USAGE: u32 = 0x10;
/// `AMDGPU_INFO_DEV_INFO`: `struct drm_amdgpu_info_device`.
pub const AMDGPU_INFO_DEV_INFO: u32 = 0x16;
/// `AMDGPU_INFO_VBIOS`: VBIOS queries; the sub-query type goes in the query union's first u32.
pub const AMDGPU_INFO_VBIOS: u32 = 0x1B;
/// `AMDGPU_INFO_VBIOS_INFO`: the [`AMDGPU_INFO_VBIOS`] sub-query answering `struct drm_amdgpu_info_vbios`.
pub const AMDGPU_INFO_VBIOS_INFO: u32 = 3;

/// The largest `DRM_AMDGPU_INFO` answer a transport accepts to return, in bytes (1 MiB); a larger
/// (or zero) `size` is a parameter error (status INVAL).
pub const MAX_INFO_SIZE: usize = 1 << 20;

/// DRM_IOCTL_VERSION answer.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DrmVersion {
    /// Driver major version (amdgpu: 3).
    pub major: i32,
    /// Driver minor version (amdgpu: e.g. 57 on Linux 6.8; AMD SMI's "driver version" is `major.minor.patch`).
    pub minor: i32,
    /// Driver patch level.
    pub patch: i32,
    /// Driver name (`amdgpu`).
    pub name: String,
    /// Driver date, `YYYYMMDD` text as the driver reports it (amdgpu: `20150101`).
    pub date: String,
    /// Driver description (amdgpu: `AMD GPU`).
    pub desc: String,
}

/// The fields of struct drm_amdgpu_info_device AMD SMI uses.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DeviceInfo {
    /// PCI device id (e.g. 0x73BF).
    pub device_id: u32,
    /// Internal chip revision (A0, A1, ...), a driver number without unit.
    pub chip_rev: u32,
    /// External chip revision id, a driver number without unit.
    pub external_rev: u32,
    /// PCI revision id (the config-space revision, sysfs `revision`).
    pub pci_rev: u32,
    /// `AMDGPU_FAMILY_*` (e.g. 143 NV, 145 GC 11.0.0, 141 AI).
    pub family: u32,
    /// Active compute units, a count.
    pub cu_active_number: u32,
    /// Maximum shader (engine) clock, in kHz.
    pub max_engine_clock_khz: u64,
    /// Maximum memory clock, in kHz.
    pub max_memory_clock_khz: u64,
    /// `AMDGPU_IDS_FLAGS_*` bits: 0x1 fusion (APU), 0x2 preemption, 0x4 TMZ; bits 8-9
    /// (`AMDGPU_IDS_FLAGS_MODE_MASK` 0x300) the virtualization mode: 0 bare metal / PF, 1 SR-IOV VF,
    /// 2 passthrough.
    pub ids_flags: u64,
    /// `AMDGPU_VRAM_TYPE_*`: 0 unknown, 1 GDDR1, 2 DDR2, 3 GDDR3, 4 GDDR4, 5 GDDR5, 6 HBM, 7 DDR3,
    /// 8 DDR4, 9 GDDR6, 10 DDR5, 11 LPDDR4, 12 LPDDR5 (later kernels add more).
    pub vram_type: u32,
    /// VRAM bus width, in bits.
    pub vram_bit_width: u32,
}

/// struct drm_amdgpu_info_vbios, strings NUL-trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct VbiosInfo {
    /// VBIOS name string from the ROM (e.g. a board/ASIC description), text.
    pub name: String,
    /// VBIOS part number (what sysfs `vbios_version` shows, e.g. `113-D4121EXT-CO1`), text.
    pub part_number: String,
    /// Firmware revision number from the ATOM firmware-info table, a driver number without unit.
    pub version: u32,
    /// VBIOS version string (e.g. `020.001.000.038.015717`), text.
    pub version_string: String,
    /// VBIOS build date, `YYYY/MM/DD HH:MM` text.
    pub date: String,
}

/// The narrow transport trait: everything above it is tested on fixtures.
pub trait DrmTransport: Send + Sync {
    /// DRM_IOCTL_VERSION: the driver's version, name, date and description.
    fn version(&self) -> Result<DrmVersion>;
    /// DRM_AMDGPU_INFO: `query`, the first u32 of the query union (`arg`, e.g. the VBIOS info type), answer of at most `size` bytes.
    ///
    /// `size` is in bytes, 1..=[`MAX_INFO_SIZE`] (else INVAL). The real device returns exactly
    /// `size` bytes (zero past what the kernel filled, as the kernel copies at most its struct);
    /// the recorded responder returns the recorded answer cut to `size`, possibly shorter.
    fn amdgpu_info(&self, query: u32, arg: u32, size: usize) -> Result<Vec<u8>>;
}

/// Opens `path` (a `dev/dri/renderD<N>` under the root): a character device -> the real ioctls (open O_RDWR|O_CLOEXEC|O_NONBLOCK, per call, closed on drop); a regular file -> the recorded responder; missing -> NOT_SUPPORTED (with the path); anything else -> NOT_SUPPORTED.
///
/// Each call opens its own descriptor, held by the returned transport and closed when it is
/// dropped. A character device that does not answer DRM_IOCTL_VERSION (e.g. `/dev/null`: ENOTTY)
/// is NOT_SUPPORTED; a device the caller may not open is NO_PERM; a recorded file that does not
/// parse is UNEXPECTED_DATA with the path.
///
/// With the `fixtures` feature, either is wrapped so that its answers are noted under a
/// capture ([`recorded::Noted`]).
pub fn open(path: &Path) -> Result<Box<dyn DrmTransport>> {
    let transport: Box<dyn DrmTransport> = match sysfs::device_node(path, Status::NotSupported)? {
        DeviceNode::Device => Box::new(ioctl::DeviceTransport::open(path)?),
        #[cfg(feature = "fixtures")]
        DeviceNode::Fixture => Box::new(recorded::RecordedTransport::open(path)?),
    };
    #[cfg(feature = "fixtures")]
    let transport = Box::new(recorded::Noted { path: path.to_path_buf(), inner: transport });
    Ok(transport)
}

/// A render node's transport, opened on first use and kept (a DRM open is costly: the kernel
/// builds a `drm_file` per open) until a query through it fails, which drops it so the next
/// query opens the node again (the node of a device that came back, or the error of one that
/// is gone).
#[derive(Default)]
pub struct DrmSlot(RwLock<Option<Arc<dyn DrmTransport>>>);

impl std::fmt::Debug for DrmSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = self.0.read().unwrap_or_else(PoisonError::into_inner).is_some();
        f.debug_struct("DrmSlot").field("open", &open).finish()
    }
}

impl DrmSlot {
    /// `query` on the kept transport, or on the node at `path()` opened ([`open`]) and kept.
    pub fn with<T>(
        &self,
        path: impl FnOnce() -> Result<PathBuf>,
        query: impl FnOnce(&dyn DrmTransport) -> Result<T>,
    ) -> Result<T> {
        let kept = self.0.read().unwrap_or_else(PoisonError::into_inner).clone();
        let transport = match kept {
            Some(t) => t,
            None => {
                let t: Arc<dyn DrmTransport> = Arc::from(open(&path()?)?);
                *self.0.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&t));
                t
            }
        };
        let result = query(transport.as_ref());
        if result.is_err() {
            self.0.write().unwrap_or_else(PoisonError::into_inner).take();
        }
        result
    }
}

/// The device's `struct drm_amdgpu_info_device` (AMDGPU_INFO_DEV_INFO), decoded.
pub fn device_info(t: &dyn DrmTransport) -> Result<DeviceInfo> {
    decode::device_info(&t.amdgpu_info(AMDGPU_INFO_DEV_INFO, 0, decode::DEV_INFO_SIZE)?)
}

/// The device's VBIOS info (AMDGPU_INFO_VBIOS / AMDGPU_INFO_VBIOS_INFO), decoded.
pub fn vbios_info(t: &dyn DrmTransport) -> Result<VbiosInfo> {
    decode::vbios_info(&t.amdgpu_info(AMDGPU_INFO_VBIOS, AMDGPU_INFO_VBIOS_INFO, decode::VBIOS_INFO_SIZE)?)
}

/// VRAM in use (AMDGPU_INFO_VRAM_USAGE), in bytes.
pub fn vram_usage(t: &dyn DrmTransport) -> Result<u64> {
    decode::vram_usage(&t.amdgpu_info(AMDGPU_INFO_VRAM_USAGE, 0, decode::VRAM_USAGE_SIZE)?)
}

/// Rejects an answer size no transport serves: 0 (the kernel's EINVAL) or above [`MAX_INFO_SIZE`].
fn check_info_size(size: usize) -> Result<()> {
    if size == 0 || size > MAX_INFO_SIZE {
        return Err(Error::parameter(format!("DRM_AMDGPU_INFO answer size {size} not in 1..={MAX_INFO_SIZE}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const RX6900XT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines/rx6900xt/dev/dri/renderD128");

    #[test]
    fn fixture_rx6900xt_render_node() {
        let t = open(Path::new(RX6900XT)).unwrap();
        assert_eq!(
            t.version().unwrap(),
            DrmVersion {
                major: 3,
                minor: 57,
                patch: 0,
                name: "amdgpu".into(),
                date: "20150101".into(),
                desc: "AMD GPU".into()
            }
        );
        assert_eq!(
            device_info(t.as_ref()).unwrap(),
            DeviceInfo {
                device_id: 0x73BF,
                chip_rev: 1,
                external_rev: 0x29,
                pci_rev: 0xC0,
                family: 143,
                cu_active_number: 80,
                max_engine_clock_khz: 2_250_000,
                max_memory_clock_khz: 1_000_000,
                ids_flags: 0,
                vram_type: 9,
                vram_bit_width: 256,
            }
        );
        assert_eq!(
            vbios_info(t.as_ref()).unwrap(),
            VbiosInfo {
                name: "NAVI21 XTX D41205 16GB 2250e/1000m".into(),
                part_number: "113-D4121EXT-CO1".into(),
                version: 0x0002_0001,
                version_string: "020.001.000.038.015717".into(),
                date: "2020/11/05 11:22".into(),
            }
        );
        assert_eq!(vram_usage(t.as_ref()).unwrap(), 668_274_688);
        // A query nobody recorded fails as the kernel fails an unknown query.
        assert_eq!(t.amdgpu_info(0x19, 0, 96).unwrap_err().status(), Status::NotSupported);
    }

    #[test]
    fn every_recorded_fixture_node_decodes() {
        let machines = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines");
        let (mut seen, mut cross_checked) = (0, 0);
        for machine in ["rx6900xt", "desktop-2gpu", "mi300x-cpx"] {
            let root = crate::sysfs::Root::new(Path::new(machines).join(machine));
            for name in crate::sysfs::list_dir(&root.path("/dev/dri")).unwrap() {
                let t = open(&root.path("/dev/dri").join(&name)).unwrap();
                assert_eq!(t.version().unwrap().name, "amdgpu");
                let info = device_info(t.as_ref()).unwrap();
                let vbios = vbios_info(t.as_ref()).unwrap();
                let used = vram_usage(t.as_ref()).unwrap();
                assert!(info.vram_bit_width > 0 && info.ids_flags == 0 && used > 0);
                // The values the recording shares with sysfs agree with it (primary nodes only:
                // a secondary partition's `device` link is a platform device without them).
                let dev = root.path("/sys/class/drm").join(&name).join("device");
                let read = |file: &str| crate::sysfs::read_text(&dev.join(file)).ok();
                if let Some(device) = read("device") {
                    assert_eq!(format!("0x{:04x}", info.device_id), device);
                    assert_eq!(read("vbios_version").unwrap(), vbios.part_number);
                    if let Some(revision) = read("revision") {
                        assert_eq!(format!("0x{:02x}", info.pci_rev), revision);
                    }
                    if let Some(total_used) = read("mem_info_vram_used") {
                        assert!(used <= total_used.parse::<u64>().unwrap());
                    }
                    cross_checked += 1;
                }
                seen += 1;
            }
        }
        // rx6900xt 1 + desktop-2gpu 2 + mi300x-cpx 63 (render nodes with a KFD node).
        assert_eq!(seen, 66);
        assert_eq!(cross_checked, 1 + 2 + 8);

        let t = open(Path::new(machines).join("mi300x-cpx/dev/dri/renderD129").as_path()).unwrap();
        assert_eq!(t.version().unwrap().minor, 63);
        let info = device_info(t.as_ref()).unwrap();
        assert_eq!((info.device_id, info.cu_active_number, info.vram_type, info.vram_bit_width), (0x74A1, 38, 6, 8192));
        assert_eq!(vbios_info(t.as_ref()).unwrap().part_number, "113-M3000100-102");
        assert_eq!(vram_usage(t.as_ref()).unwrap(), 301_989_888);
        assert!(open(Path::new(machines).join("mi300x-cpx/dev/dri/renderD191").as_path()).is_err());
    }

    #[test]
    fn open_missing_and_other_kinds() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("renderD128");
        let err = open(&missing).err().unwrap();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(missing.as_path()));
        let err = open(dir.path()).err().unwrap();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(dir.path()));
    }

    #[test]
    fn open_recorded_tempfile() {
        let dir = tempfile::tempdir().unwrap();
        let node = dir.path().join("renderD128");
        fs::write(&node, "version 3.63.0 amdgpu 20150101 AMD GPU\ninfo 0x10 0x0 0010000000000000\n").unwrap();
        let t = open(&node).unwrap();
        assert_eq!(t.version().unwrap().minor, 63);
        assert_eq!(vram_usage(t.as_ref()).unwrap(), 0x1000);
        // Recorded answers are truncated to the requested size; the decoder then sees too few bytes.
        assert_eq!(t.amdgpu_info(AMDGPU_INFO_VRAM_USAGE, 0, 2).unwrap(), vec![0x00, 0x10]);
        let err = device_info(t.as_ref()).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(node.as_path()));
        assert_eq!(t.amdgpu_info(AMDGPU_INFO_VRAM_USAGE, 0, 0).unwrap_err().status(), Status::Inval);
        assert_eq!(t.amdgpu_info(AMDGPU_INFO_VRAM_USAGE, 0, MAX_INFO_SIZE + 1).unwrap_err().status(), Status::Inval);

        fs::write(&node, "info 0x10 0x0 001\n").unwrap();
        let err = open(&node).err().unwrap();
        assert_eq!(err.status(), Status::UnexpectedData);
        assert_eq!(err.path(), Some(node.as_path()));
        fs::write(&node, b"\xff\xfe").unwrap();
        assert_eq!(open(&node).err().unwrap().status(), Status::UnexpectedData);

        // A short recorded answer reaches the decoder: UNEXPECTED_SIZE, not a panic.
        fs::write(&node, "info 0x16 0x0 bf730000\ninfo 0x10 0x0 00\n").unwrap();
        let t = open(&node).unwrap();
        assert_eq!(device_info(t.as_ref()).unwrap_err().status(), Status::UnexpectedSize);
        assert_eq!(vram_usage(t.as_ref()).unwrap_err().status(), Status::UnexpectedSize);
        // No version line: the version query is NOT_SUPPORTED.
        assert_eq!(t.version().unwrap_err().status(), Status::NotSupported);
    }

    #[test]
    fn open_dev_null_is_not_drm() {
        let err = open(Path::new("/dev/null")).err().unwrap();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(Path::new("/dev/null")));
    }
}

#![allow(unsafe_code)]
//! The real DRM ioctls on a render node: the crate's only `unsafe`.
//!
//! Two ioctls, both on the generic Linux encoding (`'d'` = 0x64 is `DRM_IOCTL_BASE`):
//! - `DRM_IOCTL_VERSION` = `DRM_IOWR(0x00, struct drm_version)` = 0xC0406400 on 64-bit;
//! - `DRM_IOCTL_AMDGPU_INFO` = `DRM_IOW(DRM_COMMAND_BASE + DRM_AMDGPU_INFO, struct drm_amdgpu_info)`
//!   = `DRM_IOW(0x40 + 0x05, 32 bytes)` = 0x40206445.
//!
//! Each `unsafe` block is one ioctl on buffers this module owns for the duration of the call.

use std::fs::{File, OpenOptions};
use std::mem::{offset_of, size_of};
use std::os::fd::AsRawFd;
use std::os::raw::{c_char, c_int};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;

use super::{check_info_size, DrmTransport, DrmVersion};
use crate::error::{Error, Result, Status};

/// `DRM_IOCTL_BASE`.
const DRM_IOCTL_BASE: u8 = b'd';
/// `DRM_COMMAND_BASE`: the first driver-specific DRM ioctl number.
const DRM_COMMAND_BASE: u8 = 0x40;
/// `DRM_AMDGPU_INFO`, relative to [`DRM_COMMAND_BASE`].
const DRM_AMDGPU_INFO: u8 = 0x05;

/// The longest driver name/date/description accepted from DRM_IOCTL_VERSION, in bytes.
const MAX_VERSION_FIELD: usize = 4096;
/// How often an ioctl interrupted by a signal (EINTR) or EAGAIN is retried, as libdrm's drmIoctl does.
const MAX_RETRIES: usize = 16;

/// `struct drm_version` (include/uapi/drm/drm.h).
#[repr(C)]
struct DrmVersionWire {
    version_major: c_int,
    version_minor: c_int,
    version_patchlevel: c_int,
    name_len: usize,
    name: *mut c_char,
    date_len: usize,
    date: *mut c_char,
    desc_len: usize,
    desc: *mut c_char,
}

#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(size_of::<DrmVersionWire>() == 64);
    assert!(offset_of!(DrmVersionWire, name_len) == 16);
    assert!(offset_of!(DrmVersionWire, name) == 24);
    assert!(offset_of!(DrmVersionWire, date_len) == 32);
    assert!(offset_of!(DrmVersionWire, desc) == 56);
};

/// `struct drm_amdgpu_info` (include/uapi/drm/amdgpu_drm.h): the query union is 16 bytes (its
/// largest member, `read_mmr_reg`, is four u32); [`DrmTransport::amdgpu_info`]'s `arg` is its
/// first u32 (`vbios_info.type`, `query_hw_ip.type`, `sensor_info.type`, ...).
#[repr(C)]
struct DrmAmdgpuInfoWire {
    return_pointer: u64,
    return_size: u32,
    query: u32,
    union: [u32; 4],
}

const _: () = {
    assert!(size_of::<DrmAmdgpuInfoWire>() == 32);
    assert!(offset_of!(DrmAmdgpuInfoWire, return_size) == 8);
    assert!(offset_of!(DrmAmdgpuInfoWire, query) == 12);
    assert!(offset_of!(DrmAmdgpuInfoWire, union) == 16);
};

nix::ioctl_readwrite!(
    /// DRM_IOCTL_VERSION.
    ///
    /// # Safety
    /// `fd` must be an open file descriptor and `data` a valid `struct drm_version` whose buffer
    /// pointers are null or point at writable buffers of at least their `*_len` bytes.
    drm_ioctl_version,
    DRM_IOCTL_BASE,
    0x00,
    DrmVersionWire
);

nix::ioctl_write_ptr!(
    /// DRM_IOCTL_AMDGPU_INFO.
    ///
    /// # Safety
    /// `fd` must be an open file descriptor and `data` a valid `struct drm_amdgpu_info` whose
    /// `return_pointer` points at a writable buffer of at least `return_size` bytes.
    drm_ioctl_amdgpu_info,
    DRM_IOCTL_BASE,
    DRM_COMMAND_BASE + DRM_AMDGPU_INFO,
    DrmAmdgpuInfoWire
);

/// The ioctl request numbers, as the kernel's `_IOWR`/`_IOW` compute them on the generic
/// (x86, Arm, RISC-V) encoding: dir << 30 | size << 16 | type << 8 | nr.
#[cfg(all(target_pointer_width = "64", any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64")))]
const _: () = {
    assert!(nix::request_code_readwrite!(DRM_IOCTL_BASE, 0x00, size_of::<DrmVersionWire>()) as u64 == 0xC040_6400);
    assert!(
        nix::request_code_write!(DRM_IOCTL_BASE, DRM_COMMAND_BASE + DRM_AMDGPU_INFO, size_of::<DrmAmdgpuInfoWire>())
            as u64
            == 0x4020_6445
    );
};

/// The status of a failed DRM ioctl: a device that is not DRM (ENOTTY) or not amdgpu, or a
/// query the kernel does not know (EINVAL, EOPNOTSUPP, ENODEV), is NOT_SUPPORTED; EACCES/EPERM
/// NO_PERM; the rest as [`Status::from_errno`].
fn ioctl_status(errno: Errno) -> Status {
    match errno {
        Errno::ENOTTY | Errno::EINVAL | Errno::EOPNOTSUPP | Errno::ENODEV => Status::NotSupported,
        other => Status::from_errno(other as i32),
    }
}

/// Runs `call` again while it fails with EINTR or EAGAIN (at most [`MAX_RETRIES`] times).
fn retry(mut call: impl FnMut() -> nix::Result<c_int>) -> nix::Result<c_int> {
    let mut result = call();
    for _ in 0..MAX_RETRIES {
        match result {
            Err(Errno::EINTR | Errno::EAGAIN) => result = call(),
            _ => break,
        }
    }
    result
}

/// A render node opened read-write; the descriptor is closed when this is dropped.
#[derive(Debug)]
pub(super) struct DeviceTransport {
    path: PathBuf,
    file: File,
}

impl DeviceTransport {
    /// Opens `path` (O_RDWR | O_CLOEXEC | O_NONBLOCK) and checks it answers DRM_IOCTL_VERSION,
    /// so that a character device that is not DRM fails here (NOT_SUPPORTED).
    pub(super) fn open(path: &Path) -> Result<DeviceTransport> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(nix::libc::O_CLOEXEC | nix::libc::O_NONBLOCK)
            .open(path)
            .map_err(|e| Error::io(path, &e))?;
        let transport = DeviceTransport { path: path.to_path_buf(), file };
        transport.version_call(&mut [], &mut [], &mut [])?;
        Ok(transport)
    }

    fn error(&self, what: &str, errno: Errno) -> Error {
        Error::new(ioctl_status(errno)).with_path(&self.path).with_detail(format!("{what}: {errno}"))
    }

    /// One DRM_IOCTL_VERSION into the given buffers: (major, minor, patch) and the full lengths
    /// of name, date and description (which may exceed the buffers; the kernel copies at most
    /// each buffer's length and adds no NUL).
    fn version_call(&self, name: &mut [u8], date: &mut [u8], desc: &mut [u8]) -> Result<([i32; 3], [usize; 3])> {
        fn ptr(buf: &mut [u8]) -> *mut c_char {
            if buf.is_empty() {
                std::ptr::null_mut()
            } else {
                buf.as_mut_ptr().cast()
            }
        }
        let mut wire = DrmVersionWire {
            version_major: 0,
            version_minor: 0,
            version_patchlevel: 0,
            name_len: name.len(),
            name: ptr(name),
            date_len: date.len(),
            date: ptr(date),
            desc_len: desc.len(),
            desc: ptr(desc),
        };
        retry(|| {
            // SAFETY: the descriptor is open for the life of `self.file`; `wire` is a live, exclusively
            // borrowed struct drm_version whose three pointers are null (length 0) or point at the
            // mutably borrowed slices `name`, `date`, `desc` with their exact lengths, and the
            // kernel writes at most `*_len` bytes to each.
            unsafe { drm_ioctl_version(self.file.as_raw_fd(), &mut wire) }
        })
        .map_err(|errno| self.error("DRM_IOCTL_VERSION", errno))?;
        Ok((
            [wire.version_major, wire.version_minor, wire.version_patchlevel],
            [wire.name_len, wire.date_len, wire.desc_len],
        ))
    }
}

/// The text of a version field: the bytes the kernel filled (`len`, capped by the buffer), up to
/// any NUL, lossily decoded.
fn field_text(buf: &[u8], len: usize) -> String {
    let filled = buf.get(..len.min(buf.len())).unwrap_or_default();
    let text = filled.split(|&b| b == 0).next().unwrap_or_default();
    String::from_utf8_lossy(text).into_owned()
}

impl DrmTransport for DeviceTransport {
    fn version(&self) -> Result<DrmVersion> {
        let (_, lens) = self.version_call(&mut [], &mut [], &mut [])?;
        let [name_len, date_len, desc_len] = lens.map(|len| len.min(MAX_VERSION_FIELD));
        let (mut name, mut date, mut desc) = (vec![0u8; name_len], vec![0u8; date_len], vec![0u8; desc_len]);
        let ([major, minor, patch], lens) = self.version_call(&mut name, &mut date, &mut desc)?;
        Ok(DrmVersion {
            major,
            minor,
            patch,
            name: field_text(&name, lens[0]),
            date: field_text(&date, lens[1]),
            desc: field_text(&desc, lens[2]),
        })
    }

    fn amdgpu_info(&self, query: u32, arg: u32, size: usize) -> Result<Vec<u8>> {
        check_info_size(size)?;
        let return_size = u32::try_from(size).map_err(|_| Error::parameter(format!("answer size {size}")))?;
        let mut answer = vec![0u8; size];
        let wire =
            DrmAmdgpuInfoWire { return_pointer: answer.as_mut_ptr() as u64, return_size, query, union: [arg, 0, 0, 0] };
        retry(|| {
            // SAFETY: the descriptor is open for the life of `self.file`; `wire` is a live struct
            // drm_amdgpu_info whose return_pointer is `answer`'s buffer, exactly `return_size` bytes,
            // not otherwise accessed until the call returns; the kernel writes at most return_size bytes.
            unsafe { drm_ioctl_amdgpu_info(self.file.as_raw_fd(), &wire) }
        })
        .map_err(|errno| self.error(&format!("DRM_IOCTL_AMDGPU_INFO query 0x{query:x} arg 0x{arg:x}"), errno))?;
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_mapping() {
        assert_eq!(ioctl_status(Errno::ENOTTY), Status::NotSupported);
        assert_eq!(ioctl_status(Errno::EINVAL), Status::NotSupported);
        assert_eq!(ioctl_status(Errno::EOPNOTSUPP), Status::NotSupported);
        assert_eq!(ioctl_status(Errno::ENODEV), Status::NotSupported);
        assert_eq!(ioctl_status(Errno::EACCES), Status::NoPerm);
        assert_eq!(ioctl_status(Errno::EPERM), Status::NoPerm);
        assert_eq!(ioctl_status(Errno::EFAULT), Status::AddressFault);
        assert_eq!(ioctl_status(Errno::EIO), Status::Io);
    }

    #[test]
    fn retries_only_eintr_and_eagain_and_stops() {
        let mut calls = 0;
        assert_eq!(
            retry(|| {
                calls += 1;
                if calls < 3 {
                    Err(Errno::EINTR)
                } else {
                    Ok(0)
                }
            }),
            Ok(0)
        );
        assert_eq!(calls, 3);
        calls = 0;
        assert_eq!(
            retry(|| {
                calls += 1;
                Err(Errno::EAGAIN)
            }),
            Err(Errno::EAGAIN)
        );
        assert_eq!(calls, MAX_RETRIES + 1);
        calls = 0;
        assert_eq!(
            retry(|| {
                calls += 1;
                Err(Errno::ENOTTY)
            }),
            Err(Errno::ENOTTY)
        );
        assert_eq!(calls, 1);
    }

    #[test]
    fn version_field_text() {
        assert_eq!(field_text(b"amdgpu", 6), "amdgpu");
        assert_eq!(field_text(b"amdgpu", 3), "amd");
        assert_eq!(field_text(b"amdgpu", 99), "amdgpu");
        assert_eq!(field_text(b"amd\0gpu", 7), "amd");
        assert_eq!(field_text(b"", 5), "");
    }

    #[test]
    fn dev_null_is_not_a_drm_device() {
        let err = DeviceTransport::open(Path::new("/dev/null")).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(Path::new("/dev/null")));
        assert!(err.detail().unwrap().starts_with("DRM_IOCTL_VERSION: ENOTTY"), "{err}");
    }
}

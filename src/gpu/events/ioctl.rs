#![allow(unsafe_code)]
//! The real KFD SMI event interface on `/dev/kfd`.
//!
//! Two ioctls on the generic Linux encoding (`'K'` = 0x4B is `AMDKFD_IOCTL_BASE`):
//! - `AMDKFD_IOC_GET_VERSION` = `AMDKFD_IOR(0x01, struct kfd_ioctl_get_version_args)` = 0x80084B01;
//! - `AMDKFD_IOC_SMI_EVENTS` = `AMDKFD_IOWR(0x1F, struct kfd_ioctl_smi_events_args)` = 0xC0084B1F,
//!   which returns a new descriptor in `anon_fd`.
//!
//! Each `unsafe` block is one ioctl on a struct this module owns for the duration of the call,
//! or the adoption of the descriptor that ioctl returned. Everything else (mask write, `poll`,
//! reads) goes through safe `std`/`nix` calls on owned descriptors.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::mem::size_of;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::fcntl::{fcntl, FcntlArg, FdFlag, OFlag};
use nix::poll::{PollFd, PollFlags, PollTimeout};

use super::{ClientId, KfdTransport, KfdVersion};
use crate::error::{Error, Result, Status};

/// `AMDKFD_IOCTL_BASE`.
const AMDKFD_IOCTL_BASE: u8 = b'K';

/// The most bytes one [`KfdTransport::read`] takes from a client (the kernel's fifo holds 1 KiB).
const MAX_READ: usize = 64 * 1024;

/// `struct kfd_ioctl_get_version_args` (include/uapi/linux/kfd_ioctl.h).
#[repr(C)]
struct KfdGetVersionArgs {
    major_version: u32,
    minor_version: u32,
}

/// `struct kfd_ioctl_smi_events_args`: `gpuid` in, `anon_fd` out.
#[repr(C)]
struct KfdSmiEventsArgs {
    gpuid: u32,
    anon_fd: u32,
}

const _: () = {
    assert!(size_of::<KfdGetVersionArgs>() == 8);
    assert!(size_of::<KfdSmiEventsArgs>() == 8);
};

nix::ioctl_read!(
    /// AMDKFD_IOC_GET_VERSION.
    ///
    /// # Safety
    /// `fd` must be an open file descriptor and `data` a valid, writable `struct kfd_ioctl_get_version_args`.
    kfd_ioctl_get_version,
    AMDKFD_IOCTL_BASE,
    0x01,
    KfdGetVersionArgs
);

nix::ioctl_readwrite!(
    /// AMDKFD_IOC_SMI_EVENTS.
    ///
    /// # Safety
    /// `fd` must be an open file descriptor and `data` a valid, writable `struct kfd_ioctl_smi_events_args`.
    kfd_ioctl_smi_events,
    AMDKFD_IOCTL_BASE,
    0x1F,
    KfdSmiEventsArgs
);

/// The request numbers as the kernel's `_IOR`/`_IOWR` compute them on the generic (x86, Arm,
/// RISC-V) encoding: dir << 30 | size << 16 | type << 8 | nr.
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64"))]
const _: () = {
    assert!(nix::request_code_read!(AMDKFD_IOCTL_BASE, 0x01, size_of::<KfdGetVersionArgs>()) as u64 == 0x8008_4B01);
    assert!(nix::request_code_readwrite!(AMDKFD_IOCTL_BASE, 0x1F, size_of::<KfdSmiEventsArgs>()) as u64 == 0xC008_4B1F);
};

/// The status of a failed KFD call: a device that is not KFD (ENOTTY) is NOT_SUPPORTED, the
/// rest as [`Status::from_errno`] (EINVAL: a gpu_id this process has no device for).
fn kfd_status(errno: Errno) -> Status {
    match errno {
        Errno::ENOTTY => Status::NotSupported,
        other => Status::from_errno(other as i32),
    }
}

/// `/dev/kfd` opened read-write, and the clients' descriptors (closed when dropped).
#[derive(Debug)]
pub(super) struct DeviceTransport {
    path: PathBuf,
    kfd: File,
    clients: Vec<Option<File>>,
}

impl DeviceTransport {
    /// Opens `path` (O_RDWR | O_CLOEXEC, as AMD SMI does). A device the caller may not open is
    /// NO_PERM; one that is not KFD fails at [`KfdTransport::version`].
    pub(super) fn open(path: &Path) -> Result<DeviceTransport> {
        let kfd = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(nix::libc::O_CLOEXEC)
            .open(path)
            .map_err(|e| Error::io(path, &e))?;
        Ok(DeviceTransport { path: path.to_path_buf(), kfd, clients: Vec::new() })
    }

    fn error(&self, what: &str, errno: Errno) -> Error {
        Error::new(kfd_status(errno)).with_path(&self.path).with_detail(format!("{what}: {errno}"))
    }

    fn io_error(&self, what: &str, err: &std::io::Error) -> Error {
        Error::io(&self.path, err).with_detail(format!("{what}: {err}"))
    }

    fn client(&mut self, id: ClientId) -> Result<&mut File> {
        let path = &self.path;
        self.clients.get_mut(id.0).and_then(Option::as_mut).ok_or_else(|| {
            Error::new(Status::Inval).with_path(path).with_detail(format!("no open event client {}", id.0))
        })
    }
}

/// Adopts the descriptor the kernel returned: close-on-exec (anon_inode_getfd does not set it)
/// and non-blocking.
fn adopt(fd: RawFd) -> nix::Result<File> {
    // SAFETY: `fd` was just returned by AMDKFD_IOC_SMI_EVENTS for this process, is open, and
    // nothing else owns it; the returned OwnedFd is its only owner and closes it once.
    let owned = unsafe { OwnedFd::from_raw_fd(fd) };
    fcntl(owned.as_fd(), FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC))?;
    fcntl(owned.as_fd(), FcntlArg::F_SETFL(OFlag::O_NONBLOCK))?;
    Ok(File::from(owned))
}

/// Whole milliseconds left until `deadline`, rounded up so a wait never ends early.
fn millis_until(deadline: Instant) -> u32 {
    let left = deadline.saturating_duration_since(Instant::now());
    let ms = left.as_nanos().div_ceil(1_000_000);
    u32::try_from(ms).unwrap_or(u32::MAX)
}

impl KfdTransport for DeviceTransport {
    fn version(&self) -> Result<KfdVersion> {
        let mut args = KfdGetVersionArgs { major_version: 0, minor_version: 0 };
        // SAFETY: the descriptor is open for the life of `self.kfd`; `args` is a live, exclusively
        // borrowed struct kfd_ioctl_get_version_args, the kernel writes its 8 bytes.
        unsafe { kfd_ioctl_get_version(self.kfd.as_raw_fd(), &mut args) }
            .map_err(|errno| self.error("AMDKFD_IOC_GET_VERSION", errno))?;
        Ok(KfdVersion { major: args.major_version, minor: args.minor_version })
    }

    fn open_client(&mut self, gpu_id: u32) -> Result<ClientId> {
        let mut args = KfdSmiEventsArgs { gpuid: gpu_id, anon_fd: 0 };
        // SAFETY: the descriptor is open for the life of `self.kfd`; `args` is a live, exclusively
        // borrowed struct kfd_ioctl_smi_events_args, the kernel reads gpuid and writes anon_fd.
        unsafe { kfd_ioctl_smi_events(self.kfd.as_raw_fd(), &mut args) }
            .map_err(|errno| self.error(&format!("AMDKFD_IOC_SMI_EVENTS gpu_id {gpu_id}"), errno))?;
        let fd = RawFd::try_from(args.anon_fd).ok().filter(|&fd| fd > 0).ok_or_else(|| {
            Error::new(Status::NoData)
                .with_path(&self.path)
                .with_detail(format!("no event descriptor for gpu_id {gpu_id}"))
        })?;
        let file = adopt(fd).map_err(|errno| self.error("event descriptor flags", errno))?;
        self.clients.push(Some(file));
        Ok(ClientId(self.clients.len() - 1))
    }

    fn set_mask(&mut self, client: ClientId, mask: u64) -> Result<()> {
        let written = self.client(client)?.write(&mask.to_ne_bytes());
        match written {
            Ok(8) => Ok(()),
            Ok(n) => Err(Error::new(Status::Io)
                .with_path(&self.path)
                .with_detail(format!("event mask: wrote {n} of 8 bytes"))),
            Err(e) => Err(self.io_error("event mask", &e)),
        }
    }

    fn poll(&mut self, clients: &[ClientId], timeout_ms: u32) -> Result<Vec<ClientId>> {
        let deadline = Instant::now() + Duration::from_millis(u64::from(timeout_ms));
        let files: Vec<(ClientId, &File)> = clients
            .iter()
            .filter_map(|&id| self.clients.get(id.0).and_then(Option::as_ref).map(|file| (id, file)))
            .collect();
        loop {
            let mut fds: Vec<PollFd> = files
                .iter()
                .map(|(_, file)| PollFd::new(file.as_fd(), PollFlags::POLLIN | PollFlags::POLLRDNORM))
                .collect();
            // poll(2) takes an int: a wait beyond i32::MAX ms is done in several polls.
            let wait = PollTimeout::try_from(millis_until(deadline).min(i32::MAX as u32)).unwrap_or(PollTimeout::MAX);
            match nix::poll::poll(&mut fds, wait) {
                Ok(0) if millis_until(deadline) == 0 => return Ok(Vec::new()),
                Ok(0) => continue,
                Ok(_) => {
                    let ready =
                        fds.iter().zip(&files).filter(|(fd, _)| fd.any().unwrap_or(false)).map(|(_, (id, _))| *id);
                    return Ok(ready.collect());
                }
                Err(Errno::EINTR) if millis_until(deadline) > 0 => continue,
                Err(Errno::EINTR) => return Ok(Vec::new()),
                Err(errno) => return Err(self.error("poll", errno)),
            }
        }
    }

    fn read(&mut self, client: ClientId) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut buf = [0u8; 1024];
        let file = self.client(client)?;
        let result = loop {
            if bytes.len() >= MAX_READ {
                break Ok(());
            }
            match file.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) => bytes.extend_from_slice(buf.get(..n).unwrap_or_default()),
                Err(e) if e.kind() == ErrorKind::WouldBlock => break Ok(()),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => break Err(e),
            }
        };
        result.map_err(|e| self.io_error("event read", &e))?;
        Ok(bytes)
    }

    fn close_client(&mut self, client: ClientId) {
        if let Some(slot) = self.clients.get_mut(client.0) {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errno_mapping() {
        assert_eq!(kfd_status(Errno::ENOTTY), Status::NotSupported);
        assert_eq!(kfd_status(Errno::EINVAL), Status::Inval);
        assert_eq!(kfd_status(Errno::EPERM), Status::NoPerm);
        assert_eq!(kfd_status(Errno::ENOMEM), Status::OutOfResources);
    }

    #[test]
    fn dev_null_is_not_kfd() {
        let t = DeviceTransport::open(Path::new("/dev/null")).unwrap();
        let err = t.version().unwrap_err();
        assert_eq!((err.status(), err.path()), (Status::NotSupported, Some(Path::new("/dev/null"))));
        assert!(err.detail().unwrap().starts_with("AMDKFD_IOC_GET_VERSION: ENOTTY"), "{err}");
    }

    #[test]
    fn poll_and_read_on_a_pipe() {
        // A pipe stands in for an event descriptor: the same poll/read code path.
        let (reader, writer) = nix::unistd::pipe().unwrap();
        let mut t = DeviceTransport::open(Path::new("/dev/null")).unwrap();
        fcntl(reader.as_fd(), FcntlArg::F_SETFL(OFlag::O_NONBLOCK)).unwrap();
        t.clients.push(Some(File::from(reader)));
        let id = ClientId(0);
        assert_eq!(t.poll(&[id], 1).unwrap(), vec![]);
        assert_eq!(t.read(id).unwrap(), b"");
        let mut writer = File::from(writer);
        writer.write_all(b"3 1 job hang\n").unwrap();
        assert_eq!(t.poll(&[id], 10_000).unwrap(), vec![id]);
        assert_eq!(t.read(id).unwrap(), b"3 1 job hang\n");
        t.close_client(id);
        assert_eq!(t.read(id).unwrap_err().status(), Status::Inval);
        assert_eq!(t.poll(&[id], 0).unwrap(), vec![]);
    }
}

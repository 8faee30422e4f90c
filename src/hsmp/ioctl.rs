#![allow(unsafe_code)]
//! The real HSMP ioctl on `/dev/hsmp`: the HSMP module's only `unsafe`.
//!
//! `HSMP_IOCTL_CMD` = `_IOWR(HSMP_BASE_IOCTL_NR = 0xF8, 0, struct hsmp_message)` = 0xC02CF800 on
//! the generic ioctl encoding. As E-SMI's `hsmp_xfer` does, every message opens its own
//! descriptor (read-only, write-only or read-write, which the driver checks against the
//! message's direction), issues the ioctl and closes it.

use std::fs::OpenOptions;
use std::mem::{offset_of, size_of};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;

use super::{message_error, Access, HsmpMessage, HsmpTransport, MAX_MSG_LEN};
use crate::error::{Error, Result, Status};

/// `HSMP_BASE_IOCTL_NR`.
const HSMP_BASE_IOCTL_NR: u8 = 0xF8;

/// `struct hsmp_message` (`arch/x86/include/uapi/asm/amd_hsmp.h`, under `#pragma pack(4)`):
/// every member is naturally aligned at pack(4), so `repr(C)` gives the same 44 bytes (42 of
/// members, 2 of tail padding to the 4-byte alignment).
#[repr(C)]
struct HsmpMessageWire {
    msg_id: u32,
    num_args: u16,
    response_sz: u16,
    args: [u32; MAX_MSG_LEN],
    sock_ind: u16,
}

const _: () = {
    assert!(size_of::<HsmpMessageWire>() == 44);
    assert!(offset_of!(HsmpMessageWire, num_args) == 4);
    assert!(offset_of!(HsmpMessageWire, response_sz) == 6);
    assert!(offset_of!(HsmpMessageWire, args) == 8);
    assert!(offset_of!(HsmpMessageWire, sock_ind) == 40);
};

nix::ioctl_readwrite!(
    /// HSMP_IOCTL_CMD.
    ///
    /// # Safety
    /// `fd` must be an open file descriptor and `data` a valid, exclusively borrowed
    /// `struct hsmp_message`.
    hsmp_ioctl_cmd,
    HSMP_BASE_IOCTL_NR,
    0,
    HsmpMessageWire
);

/// The request number as the kernel's `_IOWR` computes it on the generic encoding.
#[cfg(all(target_pointer_width = "64", any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64")))]
const _: () = {
    assert!(nix::request_code_readwrite!(HSMP_BASE_IOCTL_NR, 0, size_of::<HsmpMessageWire>()) as u64 == 0xC02C_F800);
};

/// `/dev/hsmp` as a character device.
#[derive(Debug)]
pub(super) struct DeviceTransport {
    path: PathBuf,
}

impl DeviceTransport {
    pub(super) fn new(path: &Path) -> DeviceTransport {
        DeviceTransport { path: path.to_path_buf() }
    }
}

impl HsmpTransport for DeviceTransport {
    fn send(&self, msg: &mut HsmpMessage, access: Access) -> Result<()> {
        let mut options = OpenOptions::new();
        options.read(access.reads()).write(access.writes()).custom_flags(nix::libc::O_CLOEXEC);
        let file = options.open(&self.path).map_err(|e| {
            let status = match e.kind() {
                std::io::ErrorKind::NotFound => Status::NoHsmpDrv,
                _ => e.raw_os_error().map_or(Status::Io, |n| super::errno_status(Errno::from_raw(n))),
            };
            Error::new(status).with_path(&self.path).with_detail(e.to_string())
        })?;
        let mut wire = HsmpMessageWire {
            msg_id: msg.msg_id,
            num_args: msg.num_args,
            response_sz: msg.response_sz,
            args: msg.args,
            sock_ind: msg.sock_ind,
        };
        // SAFETY: `file` stays open for the call; `wire` is a live `struct hsmp_message` of the
        // kernel's exact layout (asserted above), exclusively borrowed for the call; the driver
        // reads and writes only within it.
        unsafe { hsmp_ioctl_cmd(file.as_raw_fd(), &mut wire) }
            .map_err(|errno| message_error(&self.path, msg.msg_id, errno))?;
        msg.args = wire.args;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_null_does_not_speak_hsmp() {
        let t = DeviceTransport::new(Path::new("/dev/null"));
        let mut msg = HsmpMessage::new(super::super::GET_PROTO_VER, 0, &[], 1);
        let err = t.send(&mut msg, Access::Read).unwrap_err();
        // ENOTTY: not an HSMP device.
        assert_eq!(err.status(), Status::UnknownError);
        assert_eq!(err.path(), Some(Path::new("/dev/null")));
        assert!(err.detail().unwrap().contains("ENOTTY"), "{err}");
        let gone = DeviceTransport::new(Path::new("/nonexistent/hsmp"));
        assert_eq!(gone.send(&mut msg, Access::Read).unwrap_err().status(), Status::NoHsmpDrv);
    }
}

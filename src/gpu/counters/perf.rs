#![allow(unsafe_code)]
//! The real `perf_event_open` on an amdgpu PMU.
//!
//! The counter is opened as AMD SMI opens it (`rocm_smi_counters.cc`): the PMU's type and the
//! event's config, `sample_type` PERF_SAMPLE_IDENTIFIER, `read_format` TOTAL_TIME_ENABLED |
//! TOTAL_TIME_RUNNING, disabled and inherited, system-wide on CPU 0 (`pid` -1, `cpu` 0: the
//! amdgpu PMUs have no task context), no group, close-on-exec. Counting system-wide needs
//! CAP_PERFMON (or CAP_SYS_ADMIN) or `kernel.perf_event_paranoid` <= 0: otherwise NO_PERM.
//!
//! Each `unsafe` block is the syscall on an attribute struct this module owns, the adoption of
//! the descriptor it returned, or one `PERF_EVENT_IOC_*` ioctl on that owned descriptor.

use std::fs::File;
use std::io::Read;
use std::mem::size_of;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::libc::{c_int, c_long, c_ulong, pid_t};
use nix::sys::statfs::{statfs, SYSFS_MAGIC};

use super::{PerfAttr, PerfReading, PerfTransport};
use crate::bytes::{wire_struct, Bytes};
use crate::error::{Error, Result, Status};

/// `PERF_SAMPLE_IDENTIFIER`.
const PERF_SAMPLE_IDENTIFIER: u64 = 1 << 16;
/// `PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING`.
const READ_FORMAT_TIMES: u64 = 1 | 2;
/// `perf_event_attr` flag bits: `disabled` (bit 0) and `inherit` (bit 1).
const ATTR_DISABLED_INHERIT: u64 = 1 | 2;
/// `PERF_FLAG_FD_NO_GROUP | PERF_FLAG_FD_CLOEXEC`.
const OPEN_FLAGS: c_ulong = 1 | 8;
/// The bytes a read returns with [`READ_FORMAT_TIMES`]: value, time enabled, time running.
const READING_SIZE: usize = size_of::<ReadFormat>();

wire_struct! {
    /// What a read of the counter returns with [`READ_FORMAT_TIMES`] (`read_format` in
    /// `perf_event.h`, no group, no id): in the host's order, little-endian on every host amdgpu
    /// runs on.
    ReadFormat: 24, packed(8), {
        value: u64 = 0,
        time_enabled: u64 = 8,
        time_running: u64 = 16,
    }
}

/// `struct perf_event_attr` (include/uapi/linux/perf_event.h), its first version
/// (`PERF_ATTR_SIZE_VER0`, 64 bytes): every later field is zero for an amdgpu counter, and the
/// kernel accepts the shorter struct.
#[repr(C)]
struct PerfEventAttr {
    pmu_type: u32,
    size: u32,
    config: u64,
    sample_period: u64,
    sample_type: u64,
    read_format: u64,
    /// The bitfield word: disabled, inherit, pinned, exclusive, ...
    flags: u64,
    wakeup_events: u32,
    bp_type: u32,
    config1: u64,
}

const _: () = {
    assert!(size_of::<PerfEventAttr>() == 64);
    assert!(std::mem::offset_of!(PerfEventAttr, config) == 8);
    assert!(std::mem::offset_of!(PerfEventAttr, read_format) == 32);
    assert!(std::mem::offset_of!(PerfEventAttr, flags) == 40);
    assert!(std::mem::offset_of!(PerfEventAttr, config1) == 56);
};

nix::ioctl_write_int_bad!(
    /// PERF_EVENT_IOC_ENABLE = `_IO('$', 0)`.
    ///
    /// # Safety
    /// `fd` must be an open perf event descriptor.
    perf_event_ioc_enable,
    nix::request_code_none!(b'$', 0)
);

nix::ioctl_write_int_bad!(
    /// PERF_EVENT_IOC_DISABLE = `_IO('$', 1)`.
    ///
    /// # Safety
    /// `fd` must be an open perf event descriptor.
    perf_event_ioc_disable,
    nix::request_code_none!(b'$', 1)
);

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64"))]
const _: () = {
    assert!(nix::request_code_none!(b'$', 0) == 0x2400);
    assert!(nix::request_code_none!(b'$', 1) == 0x2401);
};

/// Whether `dir` is on a sysfs mount (a live kernel's PMU description).
pub(super) fn on_sysfs(dir: &Path) -> bool {
    statfs(dir).is_ok_and(|fs| fs.filesystem_type() == SYSFS_MAGIC)
}

/// The status of a failed perf call, as [`Status::from_errno`] maps it: no such PMU type or
/// event (ENOENT, ENODEV, EOPNOTSUPP) NOT_SUPPORTED; EACCES/EPERM (perf_event_paranoid, no
/// CAP_PERFMON) NO_PERM.
fn perf_failure(errno: Errno) -> Status {
    Status::from_errno(errno as i32)
}

/// An open perf event descriptor.
#[derive(Debug)]
pub(super) struct PerfCounter {
    path: PathBuf,
    file: File,
}

impl PerfCounter {
    /// `perf_event_open` for the counter `attr` of the PMU at `pmu_dir` (named in errors).
    pub(super) fn open(pmu_dir: &Path, attr: PerfAttr) -> Result<PerfCounter> {
        let wire = PerfEventAttr {
            pmu_type: attr.pmu_type,
            size: size_of::<PerfEventAttr>() as u32,
            config: attr.config,
            sample_period: 0,
            sample_type: PERF_SAMPLE_IDENTIFIER,
            read_format: READ_FORMAT_TIMES,
            flags: ATTR_DISABLED_INHERIT,
            wakeup_events: 0,
            bp_type: 0,
            config1: 0,
        };
        let (pid, cpu, group): (pid_t, c_int, c_int) = (-1, 0, -1);
        // SAFETY: `wire` is a live, initialized struct perf_event_attr whose `size` is its exact
        // size; the kernel only reads it (it may write `size` back on E2BIG, within the struct).
        let ret: c_long = unsafe {
            nix::libc::syscall(
                nix::libc::SYS_perf_event_open,
                &wire as *const PerfEventAttr,
                pid,
                cpu,
                group,
                OPEN_FLAGS,
            )
        };
        let error = |what: &str, errno: Errno| {
            Error::new(perf_failure(errno)).with_path(pmu_dir).with_detail(format!("{what}: {errno}"))
        };
        let fd = RawFd::try_from(ret).ok().filter(|&fd| fd >= 0).ok_or_else(|| {
            error(&format!("perf_event_open type {} config {:#x}", attr.pmu_type, attr.config), Errno::last())
        })?;
        // SAFETY: `fd` was just returned by perf_event_open for this process, is open, and nothing
        // else owns it; the OwnedFd is its only owner and closes it once.
        let owned = unsafe { OwnedFd::from_raw_fd(fd) };
        Ok(PerfCounter { path: pmu_dir.to_path_buf(), file: File::from(owned) })
    }

    fn error(&self, what: &str, errno: Errno) -> Error {
        Error::new(perf_failure(errno)).with_path(&self.path).with_detail(format!("{what}: {errno}"))
    }
}

impl PerfTransport for PerfCounter {
    fn enable(&mut self) -> Result<()> {
        // SAFETY: the descriptor is an open perf event for the life of `self.file`; the ioctl
        // takes an integer flag (0: this event only) and no memory.
        unsafe { perf_event_ioc_enable(self.file.as_raw_fd(), 0) }
            .map(drop)
            .map_err(|errno| self.error("PERF_EVENT_IOC_ENABLE", errno))
    }

    fn disable(&mut self) -> Result<()> {
        // SAFETY: as for enable.
        unsafe { perf_event_ioc_disable(self.file.as_raw_fd(), 0) }
            .map(drop)
            .map_err(|errno| self.error("PERF_EVENT_IOC_DISABLE", errno))
    }

    fn read(&mut self) -> Result<PerfReading> {
        let mut buf = [0u8; READING_SIZE];
        let n = loop {
            match self.file.read(&mut buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        }
        .map_err(|e| Error::io(&self.path, &e))?;
        decode_reading(buf.get(..n).unwrap_or_default()).ok_or_else(|| {
            Error::new(Status::UnexpectedSize).with_path(&self.path).with_detail(format!("perf read gave {n} bytes"))
        })
    }
}

/// The counter's [`ReadFormat`]; `None` unless exactly [`READING_SIZE`] bytes.
fn decode_reading(bytes: &[u8]) -> Option<PerfReading> {
    let r: ReadFormat = Bytes::new(bytes).read().ok().filter(|_| bytes.len() == READING_SIZE)?;
    Some(PerfReading { value: r.value, time_enabled: r.time_enabled, time_running: r.time_running })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_decode() {
        let mut bytes = Vec::new();
        for v in [7u64, 1_000, 900] {
            bytes.extend_from_slice(&v.to_ne_bytes());
        }
        assert_eq!(decode_reading(&bytes), Some(PerfReading { value: 7, time_enabled: 1_000, time_running: 900 }));
        assert_eq!(decode_reading(&bytes[..16]), None);
        assert_eq!(decode_reading(&[]), None);
    }

    #[test]
    fn sysfs_detection() {
        assert!(!on_sysfs(Path::new(env!("CARGO_MANIFEST_DIR"))));
        assert!(!on_sysfs(Path::new("/nonexistent/pmu")));
        // The live kernel's PMUs, where this machine has sysfs mounted (containers may not).
        if Path::new("/sys/bus/event_source/devices").is_dir() {
            assert!(on_sysfs(Path::new("/sys/bus/event_source/devices")));
        }
    }

    #[test]
    fn unknown_pmu_type_is_refused() {
        // No PMU has type u32::MAX: the kernel answers ENOENT (or EACCES/EPERM under a strict
        // perf_event_paranoid, or ENOSYS where perf is compiled out), never a descriptor.
        let err = PerfCounter::open(
            Path::new("/sys/bus/event_source/devices/none"),
            PerfAttr { pmu_type: u32::MAX, config: 0 },
        )
        .unwrap_err();
        assert!(matches!(err.status(), Status::NotSupported | Status::NoPerm | Status::Io), "{err}");
        assert!(err.detail().unwrap().starts_with("perf_event_open type 4294967295"), "{err}");
    }
}

//! The one thin I/O layer: every kernel path is resolved under a [`Root`], every read is bounded,
//! non-blocking and mapped to an AMD SMI status with the path that failed.
//!
//! Parsing lives in [`crate::parse`], which never touches the filesystem; [`read_parsed`] runs a
//! parser on a file's text and attaches the path to its error.

use std::cell::RefCell;
use std::fs;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

mod polled;
pub mod trace;

pub use polled::{PolledFiles, SlotId};

use crate::error::{Error, Result, Status};
use crate::parse::{self, ParseError};

/// The largest attribute read accepted, in bytes (sysfs attributes are at most a page; binary
/// blobs such as `gpu_metrics` a few KiB). Larger content is an UNEXPECTED_SIZE error.
pub const MAX_READ: u64 = 1 << 20;

/// The directory every kernel path is resolved under: `/` on a live machine, a fixture root in tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    dir: PathBuf,
}

impl Root {
    /// The environment variable that overrides the default root `/`.
    pub const ENV: &'static str = "AMDSMI_ROOT";

    /// A root at `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Root {
        Root { dir: dir.into() }
    }

    /// The root named by `AMDSMI_ROOT`, or `/` when it is unset or empty.
    pub fn from_env() -> Root {
        match std::env::var_os(Root::ENV) {
            Some(dir) if !dir.is_empty() => Root::new(dir),
            _ => Root::new("/"),
        }
    }

    /// The root directory itself.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A kernel path (such as `/sys/class/drm`) resolved under this root.
    pub fn path(&self, kernel_path: &str) -> PathBuf {
        self.dir.join(kernel_path.trim_start_matches('/'))
    }
}

/// What stands at a device node's path under the root.
///
/// `Fixture` exists only with the `fixtures` feature; the enum is `non_exhaustive` so that a
/// crate matching on it keeps compiling when another one turns the feature on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviceNode {
    /// A character device: the kernel's interface, driven with real syscalls.
    Device,
    /// A regular file: a fixture's recorded, emulated or scripted stand-in for the device.
    #[cfg(feature = "fixtures")]
    Fixture,
}

/// The one rule that picks a transport (DRM, KFD, HSMP, MSR and perf counters): whether `path`
/// (such as the root's `dev/hsmp`) is the kernel's character device or a fixture's regular file.
/// Missing, unreadable metadata or any other kind of file is `absent` (the status of "no such
/// driver" for this interface: NOT_SUPPORTED, NO_HSMP_DRV, ...) with the path. Without the
/// `fixtures` feature a regular file is NOT_SUPPORTED, with the path and a detail that says so.
pub fn device_node(path: &Path, absent: Status) -> Result<DeviceNode> {
    trace::note(trace::Op::Stat, path, 0, 0);
    let fail = |detail: String| Error::new(absent).with_path(path).with_detail(detail);
    let kind = fs::metadata(path).map_err(|e| fail(e.to_string()))?.file_type();
    if kind.is_char_device() {
        Ok(DeviceNode::Device)
    } else if kind.is_file() {
        fixture_node(path)
    } else {
        Err(fail("neither a character device nor a fixture file".into()))
    }
}

/// A regular file where a device node belongs: a fixture stand-in.
#[cfg(feature = "fixtures")]
fn fixture_node(_path: &Path) -> Result<DeviceNode> {
    Ok(DeviceNode::Fixture)
}

/// A regular file where a device node belongs, in a library built without its stand-ins.
#[cfg(not(feature = "fixtures"))]
fn fixture_node(path: &Path) -> Result<DeviceNode> {
    Err(Error::new(Status::NotSupported)
        .with_path(path)
        .with_detail("a regular file: fixture stand-in, needs the `fixtures` feature"))
}

/// The largest content one read of a sysfs attribute can return, bytes: kernfs builds an
/// attribute's text in one page (`sysfs_kf_seq_show`), and no Linux page is larger than 64 KiB.
pub const ATTR_MAX: usize = 64 << 10;

thread_local! {
    /// The buffer attribute and polled reads go into: one per thread, allocated once.
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on this thread's scratch buffer of `ATTR_MAX + 1` bytes (a fresh one when `f` is
/// re-entered, which no reader does).
fn with_scratch<T>(f: impl FnOnce(&mut [u8]) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.resize(ATTR_MAX + 1, 0);
            f(&mut buf)
        }
        Err(_) => f(&mut vec![0; ATTR_MAX + 1]),
    })
}

/// Where a read starts.
#[derive(Clone, Copy, Debug)]
enum At {
    /// At the descriptor's position, `read`: a fresh descriptor's first read (position 0) or
    /// the next read of a stream; FIFOs and some character devices cannot `pread`. The value is
    /// the position expected, for the record.
    Next(u64),
    /// At this offset, `pread`: a kept descriptor read again, or a binary attribute's block.
    Offset(u64),
}

/// The one read every read of the layer goes through, recorded for tests and held to the
/// kernel's rules by the fixture stand-ins ([`trace`]). A short count is the file's content
/// (sysfs serves an attribute in one read; a regular file is read to `buf`'s size).
fn read_call(file: &fs::File, path: &Path, buf: &mut [u8], at: At) -> Result<usize> {
    use std::io::Read;
    use std::os::unix::fs::FileExt;
    let (At::Next(offset) | At::Offset(offset)) = at;
    trace::note(trace::Op::Read, path, offset, buf.len());
    let served = trace::kernel_rules(file, path, offset, buf.len(), matches!(at, At::Offset(_)))
        .map_err(|e| Error::io(path, &e))?;
    let buf = buf.get_mut(..served).unwrap_or_default();
    let n = match at {
        At::Next(_) => (&*file).read(buf),
        At::Offset(offset) => file.read_at(buf, offset),
    }
    .map_err(|e| Error::io(path, &e))?;
    trace::served(buf.get(..n).unwrap_or_default());
    Ok(n)
}

/// Opens a file for reading without blocking (a FIFO or device node cannot hang the caller).
fn open_nonblocking(path: &Path) -> Result<fs::File> {
    trace::note(trace::Op::Open, path, 0, 0);
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| Error::io(path, &e))
}

/// One read of a sysfs attribute from offset 0 into the scratch buffer (`read` on a fresh
/// descriptor, `pread` on a kept one), decoded by `decode`; more than [`ATTR_MAX`] bytes is
/// UNEXPECTED_SIZE. An error of `decode` that names no file gets `path`.
fn read_attr<T>(file: &fs::File, path: &Path, kept: bool, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
    with_scratch(|buf| {
        let n = read_call(file, path, buf, if kept { At::Offset(0) } else { At::Next(0) })?;
        if n > ATTR_MAX {
            return Err(too_large(path, format!("{ATTR_MAX} bytes: not a sysfs attribute")));
        }
        decode(&buf[..n]).map_err(|e| if e.path().is_some() { e } else { e.with_path(path) })
    })
}

/// UNEXPECTED_SIZE: `path` holds more than `bound` ("4096 bytes").
fn too_large(path: &Path, bound: impl std::fmt::Display) -> Error {
    Error::new(Status::UnexpectedSize).with_path(path).with_detail(format!("larger than {bound}"))
}

/// A sysfs attribute's bytes, in ONE read from offset 0 (see [`ATTR_MAX`]).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_attr(&open_nonblocking(path)?, path, false, |bytes| Ok(bytes.to_vec()))
}

/// A file of any length read to its end, in as many reads as it takes and at most `limit`
/// bytes (larger content is UNEXPECTED_SIZE): procfs files such as `/proc/cpuinfo`, which the
/// kernel serves a page at a time, and the fixture stand-ins' scripts. Never a sysfs attribute
/// or binary attribute (those are read once: [`read_text`], [`read_once`]).
pub fn read_stream(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = open_nonblocking(path)?;
    let mut bytes = Vec::new();
    loop {
        // Reads of a page, doubling up to 64 KiB: procfs serves about a page per read.
        let start = bytes.len();
        bytes.resize(start + start.clamp(4096, ATTR_MAX), 0);
        let n = read_call(&file, path, &mut bytes[start..], At::Next(start as u64))?;
        bytes.truncate(start + n);
        if bytes.len() as u64 > limit {
            return Err(too_large(path, format_args!("{limit} bytes")));
        }
        if n == 0 {
            return Ok(bytes);
        }
    }
}

/// [`read_stream`] as text ([`MAX_READ`] bytes at most), NUL padding and surrounding
/// whitespace removed.
pub fn read_stream_text(path: &Path) -> Result<String> {
    let bytes = read_stream(path, MAX_READ)?;
    text(&bytes).map(str::to_owned).map_err(|e| e.with_path(path))
}

/// At most `len` bytes of a file from byte `offset`, in ONE read call: binary attributes such as
/// `reg_state` select what they return by the read offset, so a second read at `offset + n`
/// would address something else (the kernel answers EINVAL). Past the end of the file the
/// result is empty. `len` is capped at [`MAX_READ`].
pub fn read_at(path: &Path, offset: u64, len: usize) -> Result<Vec<u8>> {
    let file = open_nonblocking(path)?;
    let mut bytes = vec![0; len.min(MAX_READ as usize)];
    let at = if offset == 0 { At::Next(0) } else { At::Offset(offset) };
    let n = read_call(&file, path, &mut bytes, at)?;
    bytes.truncate(n);
    Ok(bytes)
}

/// The whole content of a binary attribute or debugfs file (`metrics_bin`, the CPER ring) in
/// ONE read from offset 0, with a buffer one byte larger than the size the file reports
/// (`fstat`; `limit` bytes when it reports none): drivers such as HSMP's answer EINVAL to a read
/// smaller than their table, and a second read would see the next state of the device, not the
/// rest of this one. Content longer than `limit`, or than the size reported, is UNEXPECTED_SIZE.
pub fn read_once(path: &Path, limit: usize) -> Result<Vec<u8>> {
    let file = open_nonblocking(path)?;
    // The size the file reports (a binary attribute's, a debugfs ring's), when it reports one:
    // a buffer one byte larger shows whether it holds more, without zeroing `limit` bytes.
    trace::note(trace::Op::Stat, path, 0, 0);
    let reported = file.metadata().map_or(0, |m| m.len());
    // The buffer, and what content that fills it is larger than.
    let (len, reported) = match usize::try_from(reported) {
        Ok(size) if size > 0 && size < limit => (size + 1, Some(size)),
        _ => (limit.saturating_add(1), None),
    };
    let mut bytes = vec![0; len];
    let n = read_call(&file, path, &mut bytes, At::Next(0))?;
    if n == len {
        return Err(match reported {
            Some(size) => too_large(path, format_args!("the {size} bytes it reports")),
            None => too_large(path, format_args!("{limit} bytes")),
        });
    }
    bytes.truncate(n);
    Ok(bytes)
}

/// An attribute's bytes as text: NUL padding and surrounding whitespace removed (no path: the
/// reader attaches it).
fn text(bytes: &[u8]) -> Result<&str> {
    parse::attribute_text(bytes).ok_or_else(|| Error::new(Status::UnexpectedData).with_detail("not UTF-8 text"))
}

/// `bytes` as text ([`text`]), parsed by `parse` (no path: the reader attaches it).
pub(crate) fn parse_text<T>(bytes: &[u8], parse: impl FnOnce(&str) -> std::result::Result<T, ParseError>) -> Result<T> {
    parse(text(bytes)?).map_err(Error::from)
}

/// An integer attribute's bytes as a `T`: the kernel's plain `%d\n` in one pass
/// ([`parse::plain_integer`]), any other text through `parse`, which also says what is wrong
/// with it. `parse` is the parser the value would have without the shortcut (e.g.
/// [`parse::parse_u64`], which also takes hex).
pub fn integer<T: TryFrom<i64>>(bytes: &[u8], parse: fn(&str) -> std::result::Result<T, ParseError>) -> Result<T> {
    match parse::plain_integer(bytes).and_then(|value| T::try_from(value).ok()) {
        Some(value) => Ok(value),
        None => parse_text(bytes, parse),
    }
}

/// An attribute's bytes decoded by `decode`, in one read (errors without a path get `path`).
pub fn read_with<T>(path: &Path, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
    read_attr(&open_nonblocking(path)?, path, false, decode)
}

/// The text of a sysfs attribute, NUL padding and surrounding whitespace removed; one read.
pub fn read_text(path: &Path) -> Result<String> {
    read_attr(&open_nonblocking(path)?, path, false, |bytes| text(bytes).map(str::to_owned))
}

/// An attribute parsed by `parse`; content it rejects is UNEXPECTED_DATA naming the path, with
/// the parser's line and expectation as detail. One read; the text is parsed where it was read.
pub fn read_parsed<T>(path: &Path, parse: impl FnOnce(&str) -> std::result::Result<T, ParseError>) -> Result<T> {
    read_attr(&open_nonblocking(path)?, path, false, |bytes| parse_text(bytes, parse))
}

/// A decimal attribute of any integer type (signed ones too, e.g. `numa_node` -1).
pub fn read_number<T: std::str::FromStr>(path: &Path) -> Result<T> {
    read_parsed(path, parse::parse_number)
}

/// Whether anything (file, directory, device node) is at `path`: one `stat`.
pub fn exists(path: &Path) -> bool {
    trace::note(trace::Op::Stat, path, 0, 0);
    fs::metadata(path).is_ok()
}

/// Whether a directory is at `path`: one `stat`.
pub fn is_dir(path: &Path) -> bool {
    trace::note(trace::Op::Stat, path, 0, 0);
    fs::metadata(path).is_ok_and(|m| m.is_dir())
}

/// One optional part of a result made of several files under `dir` (a device's directory, a
/// KFD node's), read by `read`: `None` when `dir` lacks it (the read fails while `dir` is there,
/// and again when read once more); the read's error when `dir` went away (the device was
/// unplugged), so that a result is never made of the parts read before it went, and an empty
/// list or a fallback never stands in for what a vanished file held. The second read covers a
/// device that came back between the failed read and the check. Costs a `stat` and a read only
/// when the part fails.
pub fn part<T>(dir: &Path, read: impl Fn() -> Result<T>) -> Result<Option<T>> {
    match read() {
        Ok(value) => Ok(Some(value)),
        Err(err) if !is_dir(dir) => Err(err),
        Err(_) => Ok(read().ok()),
    }
}

/// The names in a directory, sorted. A missing directory is NOT_SUPPORTED.
pub fn list_dir(path: &Path) -> Result<Vec<String>> {
    trace::note(trace::Op::ListDir, path, 0, 0);
    let entries = fs::read_dir(path).map_err(|e| Error::io(path, &e))?;
    let mut names: Vec<String> =
        entries.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect();
    names.sort();
    Ok(names)
}

/// The target of a symbolic link, as the link holds it (often relative).
pub fn link_target(path: &Path) -> Result<PathBuf> {
    trace::note(trace::Op::ReadLink, path, 0, 0);
    fs::read_link(path).map_err(|e| Error::io(path, &e))
}

/// The last component of a symbolic link's target (e.g. `amdgpu` for a device's `driver` link).
pub fn link_name(path: &Path) -> Result<String> {
    let target = link_target(path)?;
    target
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| Error::unexpected_data(path, format!("link target {target:?} has no name")))
}

/// A path with every symbolic link resolved. Fixture roots use relative links, so the result
/// stays under the root.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    trace::note(trace::Op::Resolve, path, 0, 0);
    fs::canonicalize(path).map_err(|e| Error::io(path, &e))
}

// ---------------------------------------------------------------------------------------------
// Writing: the one way every setter changes a file (setters and resets)
// ---------------------------------------------------------------------------------------------

/// Writes `text` to the existing attribute at `path` in exactly one `write` call: the kernel
/// runs an attribute's store handler once per `write`, so a value split over two calls would be
/// two (wrong) stores.
///
/// - The file must exist; it is never created (missing: NOT_SUPPORTED).
/// - It is opened write-only and non-blocking (a FIFO without a reader fails, ENXIO:
///   NOT_SUPPORTED, instead of hanging), and truncated as a shell's `echo 1 > file` does: sysfs
///   ignores the truncation, and a regular file (a fixture copy) then holds exactly the bytes of
///   the last write.
/// - errno maps as for reads ([`Error::io`]): EACCES/EPERM NO_PERM, EINVAL (the kernel's parser
///   refused the value) INVAL, EBUSY BUSY; a short write is an I/O error.
/// - Empty text is INVAL (the kernel refuses empty stores).
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    if text.is_empty() {
        return Err(Error::parameter(format!("empty write to {}", path.display())));
    }
    trace::note(trace::Op::Write, path, 0, text.len());
    let mut file = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| Error::io(path, &e))?;
    let written = file.write(text.as_bytes()).map_err(|e| Error::io(path, &e))?;
    if written != text.len() {
        return Err(Error::new(Status::Io)
            .with_path(path)
            .with_detail(format!("short write: {written} of {} bytes of {text:?}", text.len())));
    }
    Ok(())
}

#[cfg(test)]
mod write_tests {
    use super::*;
    use crate::Status;

    #[test]
    fn writes_the_whole_text_once_and_replaces_the_old_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("power_dpm_force_performance_level");
        fs::write(&path, "profile_standard\n").unwrap();
        write_text(&path, "low\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"low\n");
    }

    #[test]
    fn never_creates_and_maps_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("pwm1");
        let err = write_text(&missing, "1\n").unwrap_err();
        assert_eq!((err.status(), err.path()), (Status::NotSupported, Some(missing.as_path())));
        assert!(!missing.exists(), "a setter must not create files");
        assert_eq!(write_text(dir.path(), "1\n").unwrap_err().status(), Status::FileError);
        let file = dir.path().join("pwm1_enable");
        fs::write(&file, "2\n").unwrap();
        assert_eq!(write_text(&file, "").unwrap_err().status(), Status::Inval);
        assert_eq!(fs::read(&file).unwrap(), b"2\n");
    }

    #[test]
    fn fifo_without_reader_fails_instead_of_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert_eq!(write_text(&fifo, "1\n").unwrap_err().status(), Status::NotSupported);
    }

    #[test]
    fn read_only_attribute_is_no_perm() {
        // kernfs refuses to open an attribute without a store handler for writing, to root too:
        // the real kernel path of NO_PERM, where the host has sysfs mounted.
        let seqnum = Path::new("/sys/kernel/uevent_seqnum");
        if seqnum.is_file() {
            assert_eq!(write_text(seqnum, "1\n").unwrap_err().status(), Status::NoPerm);
        } else {
            eprintln!("no /sys/kernel/uevent_seqnum: kernfs read-only check skipped");
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("power1_cap");
        fs::write(&file, "289000000\n").unwrap();
        let mut perms = fs::metadata(&file).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o444);
        fs::set_permissions(&file, perms).unwrap();
        if fs::OpenOptions::new().write(true).open(&file).is_ok() {
            eprintln!("privileged (root): mode 0444 does not stop this process, chmod check skipped");
        } else {
            assert_eq!(write_text(&file, "1\n").unwrap_err().status(), Status::NoPerm);
            assert_eq!(fs::read(&file).unwrap(), b"289000000\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Status;

    #[test]
    fn root_joins_kernel_paths() {
        let root = Root::new("/tmp/machine");
        assert_eq!(root.path("/sys/class/drm"), PathBuf::from("/tmp/machine/sys/class/drm"));
        assert_eq!(root.path("sys/module"), PathBuf::from("/tmp/machine/sys/module"));
        assert_eq!(Root::new("/").path("/sys"), PathBuf::from("/sys"));
    }

    /// An optional part: its value; `None` when the directory is there without it (read twice);
    /// the error when the directory went away; its value when the directory came back between
    /// the failed read and the check (the second read).
    #[test]
    fn a_part_of_a_vanished_directory_is_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let device = dir.path().join("device");
        fs::create_dir(&device).unwrap();
        fs::write(device.join("caps"), "NPS1, NPS4\n").unwrap();
        let calls = std::cell::Cell::new(0);
        let read = |name: &str| {
            calls.set(calls.get() + 1);
            read_text(&device.join(name))
        };
        assert_eq!(part(&device, || read("caps")).unwrap().as_deref(), Some("NPS1, NPS4"));
        assert_eq!((part(&device, || read("missing")).unwrap(), calls.replace(0)), (None, 3));
        fs::remove_dir_all(&device).unwrap();
        let err = part(&device, || read("caps")).unwrap_err();
        assert_eq!(
            (err.status(), err.path(), calls.replace(0)),
            (Status::NotSupported, Some(&*device.join("caps")), 1)
        );
        // Back between the failed read and the check: the second read has the value.
        let back = || {
            let first = calls.get() == 0;
            let value = read("caps");
            if first {
                fs::create_dir(&device).unwrap();
                fs::write(device.join("caps"), "NPS1\n").unwrap();
            }
            value
        };
        assert_eq!(part(&device, back).unwrap().as_deref(), Some("NPS1"));
    }

    #[test]
    fn read_errors_carry_status_and_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let err = read_text(&missing).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(missing.as_path()));
        assert_eq!(read_text(dir.path()).unwrap_err().status(), Status::FileError);
        let bad = dir.path().join("bad");
        fs::write(&bad, "garbage\n").unwrap();
        let err = read_parsed(&bad, parse::parse_u64).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedData);
        assert_eq!(err.path(), Some(bad.as_path()));
        assert_eq!(err.detail(), Some("expected an unsigned integer (decimal or `0x` hex), found `garbage`"));
    }

    #[test]
    fn read_at_reads_once_from_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("blocks");
        fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_at(&file, 4, 3).unwrap(), b"456");
        assert_eq!(read_at(&file, 8, 4096).unwrap(), b"89");
        assert_eq!(read_at(&file, 0x4000, 4096).unwrap(), b"");
        assert_eq!(read_at(&dir.path().join("missing"), 0, 1).unwrap_err().status(), Status::NotSupported);
    }

    #[test]
    fn read_once_reads_the_whole_file_or_refuses_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("metrics_bin");
        fs::write(&file, [7u8; 1404]).unwrap();
        assert_eq!(read_once(&file, 1404).unwrap(), [7u8; 1404]);
        assert_eq!(read_once(&file, 4096).unwrap().len(), 1404);
        let err = read_once(&file, 1403).unwrap_err();
        assert_eq!((err.status(), err.detail()), (Status::UnexpectedSize, Some("larger than 1403 bytes")));
        // The buffer is the size the file reports plus one, not the limit (an 8 MiB ring cap).
        let (_, calls) = trace::record(|| read_once(&file, 8 << 20));
        let reads: Vec<_> = calls.iter().filter(|c| c.op == trace::Op::Read).map(|c| (c.offset, c.len)).collect();
        assert_eq!(reads, [(0, 1405)]);
        // A file that reports no size (a character device, procfs) gets the limit.
        let zero = read_once(Path::new("/dev/zero"), 100).unwrap_err();
        assert_eq!((zero.status(), zero.detail()), (Status::UnexpectedSize, Some("larger than 100 bytes")));
    }

    #[test]
    fn an_attribute_is_one_read_from_offset_0() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mem_info_vram_total");
        fs::write(&file, "68702699520\n").unwrap();
        let (value, calls) = trace::record(|| read_number::<u64>(&file));
        assert_eq!(value.unwrap(), 68_702_699_520);
        let ops: Vec<_> = calls.iter().map(|c| (c.op, c.offset, c.len)).collect();
        assert_eq!(ops, [(trace::Op::Open, 0, 0), (trace::Op::Read, 0, ATTR_MAX + 1)]);
        // A page of text padded with NULs, as a captured attribute: one read takes all of it.
        fs::write(&file, [&b"0x1002\n"[..], &[0; 4089]].concat()).unwrap();
        assert_eq!(read_text(&file).unwrap(), "0x1002");
        fs::write(&file, vec![b'1'; ATTR_MAX + 1]).unwrap();
        assert_eq!(read_text(&file).unwrap_err().status(), Status::UnexpectedSize);
    }

    /// A capture keeps the bytes each read was served, at its offset; a recording does not.
    #[test]
    fn a_capture_keeps_what_each_read_served() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cpuinfo");
        fs::write(&file, "x".repeat(5000)).unwrap();
        let (_, taken) = trace::capture(|| read_stream(&file, MAX_READ));
        let reads: Vec<(u64, usize)> =
            taken.calls.iter().filter(|c| c.op == trace::Op::Read).map(|c| (c.offset, c.data.len())).collect();
        // 4096 bytes, then the 904 left, then the read that finds the end.
        assert_eq!(reads, [(0, 4096), (4096, 904), (5000, 0)]);
        let (_, calls) = trace::record(|| read_stream(&file, MAX_READ));
        assert!(calls.iter().all(|c| c.data.is_empty()));
        // A failed read keeps nothing (gpu_metrics read short: the stand-in's EINVAL).
        let metrics = dir.path().join("gpu_metrics");
        fs::write(&metrics, [2u8; 1216]).unwrap();
        let (_, taken) = trace::capture(|| read_at(&metrics, 0, 32));
        assert!(taken.calls.iter().all(|c| c.data.is_empty()) && taken.answers.is_empty());
    }

    #[test]
    fn a_stream_is_read_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("cpuinfo");
        let text = "processor\t: 0\n".repeat(10_000);
        fs::write(&file, &text).unwrap();
        let (read, calls) = trace::record(|| read_stream(&file, MAX_READ));
        assert_eq!(read.unwrap(), text.as_bytes());
        // 140,000 bytes (14 a line): reads of 4, 4, 8, 16, 32, 64 and 64 KiB, the last one short,
        // then the read that finds the end.
        let reads: Vec<(u64, usize)> =
            calls.iter().filter(|c| c.op == trace::Op::Read).map(|c| (c.offset, c.len)).collect();
        let kib = |n: usize| n << 10;
        let expected = [(0, kib(4)), (4096, kib(4)), (8192, kib(8)), (16_384, kib(16)), (32_768, kib(32))];
        assert_eq!(reads[..5], expected);
        assert_eq!(reads[5..], [(65_536, kib(64)), (131_072, kib(64)), (140_000, kib(64))]);
        assert_eq!(read_stream(&file, 1000).unwrap_err().status(), Status::UnexpectedSize);
    }

    #[test]
    fn stand_ins_refuse_reads_the_kernel_refuses() {
        let dir = tempfile::tempdir().unwrap();
        // hsmp_metric_tbl_read: a buffer smaller than the table, or another offset, is EINVAL.
        let table = dir.path().join("metrics_bin");
        fs::write(&table, [1u8; 1404]).unwrap();
        assert_eq!(read_at(&table, 0, 1403).unwrap_err().status(), Status::Inval);
        assert_eq!(read_at(&table, 4, 4096).unwrap_err().status(), Status::Inval);
        assert_eq!(read_once(&table, 4096).unwrap().len(), 1404);
        // gpu_metrics: a read of part of the blob would be followed by one of the next sample.
        let metrics = dir.path().join("gpu_metrics");
        fs::write(&metrics, [2u8; 1216]).unwrap();
        assert_eq!(read_at(&metrics, 0, 32).unwrap_err().status(), Status::Inval);
        assert_eq!(read_bytes(&metrics).unwrap().len(), 1216);
        // reg_state: the offset selects a block; anything else is EINVAL.
        let reg_state = dir.path().join("reg_state");
        fs::write(&reg_state, vec![3u8; 0x5000]).unwrap();
        assert_eq!(read_at(&reg_state, 0x800, 64).unwrap_err().status(), Status::Inval);
        assert_eq!(read_at(&reg_state, 0x1000, 64).unwrap(), [3u8; 64]);
    }

    #[test]
    fn a_polled_file_is_opened_once_and_read_with_one_pread() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gpu_busy_percent");
        fs::write(&file, "7\n").unwrap();
        let polled = PolledFiles::new(dir.path().to_path_buf(), ["gpu_busy_percent".to_owned()]);
        let (first, calls) = trace::record(|| polled.read_integer("gpu_busy_percent", parse::parse_u64));
        assert_eq!(first.unwrap(), 7);
        assert_eq!(calls.iter().map(|c| c.op).collect::<Vec<_>>(), [trace::Op::Open, trace::Op::Read]);
        // The same file changed in place (as sysfs regenerates it): the next read sees it.
        fs::write(&file, "93\n").unwrap();
        let (second, calls) = trace::record(|| polled.read_integer("gpu_busy_percent", parse::parse_u64));
        assert_eq!(second.unwrap(), 93);
        let call = calls.iter().map(|c| (c.op, c.path.as_path(), c.offset)).collect::<Vec<_>>();
        assert_eq!(call, [(trace::Op::Read, file.as_path(), 0)]);
        assert_eq!(polled.open_count(), 1);
    }

    #[test]
    fn a_removed_polled_file_is_an_error_then_opened_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("temp1_input");
        fs::write(&file, "45000\n").unwrap();
        let polled = PolledFiles::new(dir.path().to_path_buf(), ["temp1_input".to_owned()]);
        assert_eq!(polled.read_integer("temp1_input", parse::parse_u64).unwrap(), 45_000);
        // Hot-unplug: the node is removed while its descriptor is open (kernfs: ENODEV).
        fs::remove_file(&file).unwrap();
        let gone = polled.read_integer("temp1_input", parse::parse_u64).unwrap_err();
        assert_eq!((gone.status(), gone.path()), (Status::NotSupported, Some(file.as_path())));
        assert_eq!(gone.detail(), Some("No such device (os error 19)"));
        let missing = polled.read_integer("temp1_input", parse::parse_u64).unwrap_err();
        assert_eq!(missing.detail(), Some("No such file or directory (os error 2)"));
        // The device is back: a new node at the same path is opened and read. The replaced
        // descriptor stays open (no reader takes a lock, so none may be closed under one).
        fs::write(&file, "51000\n").unwrap();
        assert_eq!(polled.read_integer("temp1_input", parse::parse_u64).unwrap(), 51_000);
        assert_eq!(polled.open_count(), 2);
        let (again, calls) = trace::record(|| polled.read_integer("temp1_input", parse::parse_u64));
        assert_eq!(again.unwrap(), 51_000);
        assert_eq!(calls.iter().map(|c| (c.op, c.offset)).collect::<Vec<_>>(), [(trace::Op::Read, 0)]);
        // Gone and back six more times: every value is the file's; then the slot's generations
        // are spent and each read opens the file (no descriptor kept beyond the eight).
        for value in 0..7u64 {
            fs::remove_file(&file).unwrap();
            fs::write(&file, format!("{value}\n")).unwrap();
            assert!(polled.read_integer("temp1_input", parse::parse_u64).is_err(), "the old node is gone");
            assert_eq!(polled.read_integer("temp1_input", parse::parse_u64).unwrap(), value);
        }
        assert_eq!(polled.open_count(), 8);
        let (last, calls) = trace::record(|| polled.read_integer("temp1_input", parse::parse_u64));
        assert_eq!(last.unwrap(), 6);
        assert_eq!(calls.iter().map(|c| c.op).collect::<Vec<_>>(), [trace::Op::Open, trace::Op::Read]);
    }

    #[test]
    fn a_refused_content_keeps_the_descriptor() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("gpu_busy_percent");
        fs::write(&file, "busy\n").unwrap();
        let polled = PolledFiles::new(dir.path().to_path_buf(), ["gpu_busy_percent".to_owned()]);
        assert_eq!(
            polled.read_integer("gpu_busy_percent", parse::parse_u64).unwrap_err().status(),
            Status::UnexpectedData
        );
        fs::write(&file, "12\n").unwrap();
        let (value, calls) = trace::record(|| polled.read_integer("gpu_busy_percent", parse::parse_u64));
        assert_eq!(value.unwrap(), 12);
        assert_eq!(calls.iter().map(|c| c.op).collect::<Vec<_>>(), [trace::Op::Read]);
        // A name outside the list is read, its descriptor not kept.
        fs::write(dir.path().join("pp_dpm_sclk"), "0: 500Mhz *\n").unwrap();
        let (table, calls) = trace::record(|| polled.read("pp_dpm_sclk", |b| parse_text(b, |t| Ok(t.len()))));
        assert_eq!(table.unwrap(), "0: 500Mhz *".len());
        assert_eq!(calls.iter().map(|c| c.op).collect::<Vec<_>>(), [trace::Op::Open, trace::Op::Read]);
        assert_eq!(polled.open_count(), 1);
    }

    #[test]
    fn fifo_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert_eq!(read_text(&fifo).unwrap(), "");
    }
}

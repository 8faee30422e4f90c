//! What the I/O layer asks of the kernel, and the kernel's rules a fixture stand-in holds it to.
//!
//! Every system call of [`super`] (open, read, directory listing, link reading, `stat`, write)
//! passes through [`note`]. With the `fixtures` feature, [`record`] collects the calls one piece
//! of code makes on its thread, so a test can count them ("after the first call, one `pread`")
//! and check their offsets and sizes; without the feature [`note`] does nothing. [`capture`]
//! records the same calls with the bytes each read was served ([`served`]) and the answers the
//! device nodes gave ([`answer`], as lines of their fixture stand-ins' formats): what `amd-smi
//! capture` needs to write a machine root the library reads exactly as it read this one.
//!
//! A fixture root holds regular files where the kernel has sysfs attributes, binary attributes
//! and debugfs files. A regular file accepts any read; the kernel does not. With the `fixtures`
//! feature, [`kernel_rules`] makes a read of a regular file serve what the kernel's would (a page
//! of records of `gpu_vram_bad_pages`) and fail (with the kernel's errno, or EINVAL where the
//! kernel would silently serve something else) where the real file would. Files
//! under the real `/sys`, `/proc` and `/dev` are the kernel's own and are not checked (a
//! program built with the feature, such as the CLI, pays nothing for it on a real machine):
//!
//! | file | kernel code | rule |
//! |---|---|---|
//! | any, unlinked while open | kernfs `kernfs_get_active` fails once the node is removed (hot-unplug) | ENODEV |
//! | `metrics_bin` | `hsmp_metric_tbl_read` (drivers/platform/x86/amd/hsmp) | offset 0 and a buffer of at least the table: else EINVAL |
//! | `gpu_metrics`, `pm_metrics` | `amdgpu_get_gpu_metrics`, `amdgpu_get_pm_metrics` fill a new sample on every read at offset 0 | one read from 0 with a buffer of at least the blob: else EINVAL (the kernel would hand out the next sample's bytes) |
//! | `amdgpu_ring_cper` | `amdgpu_debugfs_ring_read` (older kernels write the whole ring on the first read whatever the size asked) | the same as `gpu_metrics` |
//! | `reg_state` | `amdgpu_sysfs_reg_state_get` selects the block by the offset | offset 0, 4, 8, 12 or 16 KiB: else EINVAL |
//! | `gpu_vram_bad_pages` | `amdgpu_ras_sysfs_badpages_read` (a binary attribute of size 0: `kernfs_file_read_iter` passes at most a page) serves the whole 28-byte records that fit | a read serves at most 4,088 bytes (146 records) |
//!
//! The checks cost a `stat` of the open file (not noted: it is the stand-in's, not the layer's)
//! for the files of the table and for reads at an offset; benches measure the library without
//! the feature (`crates/amdsmi-bench`).

use std::fs::File;
use std::io;
use std::path::Path;

/// A kind of system call of the I/O layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// `openat` for reading.
    Open,
    /// `pread` (`offset`, `len` = the buffer's size).
    Read,
    /// A directory listing (`openat` + `getdents64`).
    ListDir,
    /// `readlink`.
    ReadLink,
    /// `realpath` (a `readlink` per component).
    Resolve,
    /// `stat`.
    Stat,
    /// `openat` for writing + `write` (`len` = the bytes written).
    Write,
}

/// One system call of the I/O layer, as [`record`] collects it.
#[cfg(feature = "fixtures")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// What was asked.
    pub op: Op,
    /// Of which file.
    pub path: std::path::PathBuf,
    /// The read offset, bytes (0 for other calls).
    pub offset: u64,
    /// The read buffer's size or the bytes written (0 for other calls).
    pub len: usize,
    /// The bytes a successful read was served, under [`capture`] (else empty).
    pub data: Vec<u8>,
}

/// One answer of a device node (a DRM render node, an MSR device, the HSMP device), as a line
/// of the format of its fixture stand-in (the module that parses the stand-in writes the line).
#[cfg(feature = "fixtures")]
#[derive(Clone, Debug)]
pub struct Answer {
    /// The device node.
    pub path: std::path::PathBuf,
    /// What was asked (`info 0x16 0x0`, an MSR number): a stand-in answers each once.
    pub key: String,
    /// The stand-in's line that gives the same answer.
    pub line: String,
    /// Writes the stand-in file from the first line noted for each key, in order.
    pub stand_in: StandIn,
}

/// Writes a device node's stand-in file from its answers' lines (see [`Answer`]).
#[cfg(feature = "fixtures")]
pub type StandIn = fn(&[&str]) -> String;

/// The stand-in of a format whose lines each answer alone (recorded DRM render nodes, recorded
/// MSR sets): a comment, then the lines.
#[cfg(feature = "fixtures")]
pub fn line_stand_in(lines: &[&str]) -> String {
    let mut text = String::from("# written by amd-smi capture from the answers the device gave\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// What [`capture`] collects.
#[cfg(feature = "fixtures")]
#[derive(Clone, Debug, Default)]
pub struct Capture {
    /// The calls, in order, reads with their bytes.
    pub calls: Vec<Call>,
    /// The device nodes' answers, in order.
    pub answers: Vec<Answer>,
}

/// The recording in progress on this thread.
#[cfg(feature = "fixtures")]
struct Recording {
    taken: Capture,
    /// Whether reads keep their bytes and answers are noted ([`capture`]).
    capturing: bool,
}

#[cfg(feature = "fixtures")]
thread_local! {
    static RECORDING: std::cell::RefCell<Option<Recording>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with a fresh recording on this thread (the outer one put back after).
#[cfg(feature = "fixtures")]
fn recorded<T>(capturing: bool, f: impl FnOnce() -> T) -> (T, Capture) {
    let fresh = Recording { taken: Capture::default(), capturing };
    let outer = RECORDING.with(|r| r.borrow_mut().replace(fresh));
    let value = f();
    let taken = RECORDING.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer));
    (value, taken.map(|r| r.taken).unwrap_or_default())
}

/// Runs `f` and returns its result with the I/O layer's calls it made on this thread, in order.
/// Recordings nest: an inner one takes the calls made inside it.
#[cfg(feature = "fixtures")]
pub fn record<T>(f: impl FnOnce() -> T) -> (T, Vec<Call>) {
    let (value, taken) = recorded(false, f);
    (value, taken.calls)
}

/// [`record`], keeping the bytes every read was served and the device nodes' answers.
#[cfg(feature = "fixtures")]
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Capture) {
    recorded(true, f)
}

/// Runs `g` on the recording in progress, if any.
#[cfg(feature = "fixtures")]
fn with_recording(g: impl FnOnce(&mut Recording)) {
    RECORDING.with(|r| {
        if let Some(recording) = r.borrow_mut().as_mut() {
            g(recording);
        }
    });
}

/// Notes a call (see [`record`]).
#[cfg(feature = "fixtures")]
pub(super) fn note(op: Op, path: &Path, offset: u64, len: usize) {
    with_recording(|r| r.taken.calls.push(Call { op, path: path.to_path_buf(), offset, len, data: Vec::new() }));
}

/// The bytes the read just noted was served (kept under [`capture`]).
#[cfg(feature = "fixtures")]
pub(super) fn served(bytes: &[u8]) {
    with_recording(|r| {
        if let (true, Some(call)) = (r.capturing, r.taken.calls.last_mut()) {
            call.data = bytes.to_vec();
        }
    });
}

/// The bytes a read was served: kept only by a capture.
#[cfg(not(feature = "fixtures"))]
#[inline(always)]
pub(super) fn served(_bytes: &[u8]) {}

/// Whether a [`capture`] is recording on this thread (answers are worth noting).
#[cfg(feature = "fixtures")]
pub(crate) fn capturing() -> bool {
    RECORDING.with(|r| r.borrow().as_ref().is_some_and(|r| r.capturing))
}

/// Notes a device node's answer to `key` under [`capture`]; `line` (the stand-in's line for it)
/// is made only then; `stand_in` writes the file from the lines.
#[cfg(feature = "fixtures")]
pub(crate) fn answer(path: &Path, key: impl FnOnce() -> String, line: impl FnOnce() -> String, stand_in: StandIn) {
    with_recording(|r| {
        if r.capturing {
            r.taken.answers.push(Answer { path: path.to_path_buf(), key: key(), line: line(), stand_in });
        }
    });
}

/// Whether the kernel serves `path` itself: it is under `/sys`, `/proc` or `/dev` of the root
/// `/`. Anything else is a fixture's file, which [`kernel_rules`] holds to the kernel's rules
/// and which a capture may copy as it is.
#[cfg(feature = "fixtures")]
pub fn served_by_kernel(path: &Path) -> bool {
    KERNEL_TREES.iter().any(|tree| path.starts_with(tree))
}

/// Notes a call: nothing to do without the `fixtures` feature.
#[cfg(not(feature = "fixtures"))]
#[inline(always)]
pub(super) fn note(_op: Op, _path: &Path, _offset: u64, _len: usize) {}

/// Where the kernel serves its own files, under the root `/`: a file there answers for itself
/// (the checks cost nothing on a real machine); a fixture root is anywhere else.
#[cfg(feature = "fixtures")]
const KERNEL_TREES: [&str; 3] = ["/sys", "/proc", "/dev"];

/// The `reg_state` block offsets (`AMDGPU_SYS_REG_STATE_XGMI` ... `_USR_1`), bytes.
#[cfg(feature = "fixtures")]
const REG_STATE_BLOCKS: [u64; 5] = [0x0000, 0x1000, 0x2000, 0x3000, 0x4000];

/// The size of one `gpu_vram_bad_pages` record, `0xabcdabcd : 0x12345678 : R\n`, bytes.
#[cfg(feature = "fixtures")]
const BAD_PAGE_RECORD: u64 = 28;

/// The most kernfs serves in one read of a binary attribute without a size
/// (`kernfs_file_read_iter` caps a read at `PAGE_SIZE`; 4 KiB on x86).
#[cfg(feature = "fixtures")]
const PAGE: usize = 4096;

/// A rule of the table in the module documentation.
#[cfg(feature = "fixtures")]
#[derive(Clone, Copy)]
enum Rule {
    /// One read from offset 0 with a buffer of at least the file.
    Whole,
    /// A read at one of [`REG_STATE_BLOCKS`].
    Blocks,
    /// Whole records, at most a page of them per read.
    Records,
}

/// How many of `len` bytes at `offset` of `path` the kernel would serve (see the module
/// documentation), or the errno it would answer, for regular files only: `pread` is true for a
/// read at an offset (a kept descriptor read again, a block of a binary attribute), which a
/// removed node fails. Files without a rule read through a fresh descriptor cost nothing.
#[cfg(feature = "fixtures")]
pub(super) fn kernel_rules(file: &File, path: &Path, offset: u64, len: usize, pread: bool) -> io::Result<usize> {
    if served_by_kernel(path) {
        return Ok(len);
    }
    let rule = match path.file_name().and_then(|n| n.to_str()).unwrap_or_default() {
        "metrics_bin" | "gpu_metrics" | "pm_metrics" | "amdgpu_ring_cper" => Some(Rule::Whole),
        "reg_state" => Some(Rule::Blocks),
        "gpu_vram_bad_pages" => Some(Rule::Records),
        _ => None,
    };
    if rule.is_none() && !pread {
        return Ok(len);
    }
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(len);
    }
    if pread && std::os::unix::fs::MetadataExt::nlink(&meta) == 0 {
        return Err(io::Error::from_raw_os_error(nix::libc::ENODEV));
    }
    let einval = || Err(io::Error::from_raw_os_error(nix::libc::EINVAL));
    match rule {
        Some(Rule::Whole) if offset != 0 || (len as u64) < meta.len() => einval(),
        Some(Rule::Blocks) if !REG_STATE_BLOCKS.contains(&offset) => einval(),
        // `amdgpu_ras_sysfs_badpages_read`: the whole records that fit in what kernfs passes on.
        Some(Rule::Records) => Ok(len.min(PAGE) / BAD_PAGE_RECORD as usize * BAD_PAGE_RECORD as usize),
        _ => Ok(len),
    }
}

/// How many bytes the kernel would serve: a real kernel file answers for itself.
#[cfg(not(feature = "fixtures"))]
#[inline(always)]
pub(super) fn kernel_rules(_file: &File, _path: &Path, _offset: u64, len: usize, _pread: bool) -> io::Result<usize> {
    Ok(len)
}

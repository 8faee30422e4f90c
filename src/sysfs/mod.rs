//! The one thin I/O layer: every kernel path is resolved under a [`Root`], every read is bounded,
//! non-blocking and mapped to an AMD SMI status with the path that failed.
//!
//! Parsing lives in [`text`], which never touches the filesystem.

pub mod text;

use std::fs;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

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

/// The bytes of a file, read without blocking (a FIFO or device node cannot hang the caller)
/// and at most [`MAX_READ`] of them.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_bytes_limited(path, MAX_READ)
}

/// [`read_bytes`] with another bound: larger content is UNEXPECTED_SIZE (debugfs rings are
/// bigger than any sysfs attribute).
pub fn read_bytes_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| Error::io(path, &e))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| Error::io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(crate::Status::UnexpectedSize)
            .with_path(path)
            .with_detail(format!("larger than {limit} bytes")));
    }
    Ok(bytes)
}

/// The text of a sysfs attribute, NUL padding and surrounding whitespace removed.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    text::attribute_text(&bytes).map(str::to_owned).ok_or_else(|| Error::unexpected_data(path, "not UTF-8 text"))
}

/// An attribute parsed by `parse`; content it rejects is UNEXPECTED_DATA naming the path.
pub fn read_parsed<T>(path: &Path, parse: impl FnOnce(&str) -> Option<T>) -> Result<T> {
    let text = read_text(path)?;
    parse(&text).ok_or_else(|| Error::unexpected_data(path, format!("unexpected content {text:?}")))
}

/// A decimal attribute of any integer type (signed ones too, e.g. `numa_node` -1).
pub fn read_number<T: std::str::FromStr>(path: &Path) -> Result<T> {
    read_parsed(path, |t| t.parse().ok())
}

/// The names in a directory, sorted. A missing directory is NOT_SUPPORTED.
pub fn list_dir(path: &Path) -> Result<Vec<String>> {
    let entries = fs::read_dir(path).map_err(|e| Error::io(path, &e))?;
    let mut names: Vec<String> =
        entries.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect();
    names.sort();
    Ok(names)
}

/// The last component of a symbolic link's target (e.g. `amdgpu` for a device's `driver` link).
pub fn link_name(path: &Path) -> Result<String> {
    let target = fs::read_link(path).map_err(|e| Error::io(path, &e))?;
    target
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_owned)
        .ok_or_else(|| Error::unexpected_data(path, format!("link target {target:?} has no name")))
}

/// A path with every symbolic link resolved. Fixture roots use relative links, so the result
/// stays under the root.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    fs::canonicalize(path).map_err(|e| Error::io(path, &e))
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
        let err = read_parsed(&bad, text::parse_u64).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedData);
        assert_eq!(err.path(), Some(bad.as_path()));
    }

    #[test]
    fn fifo_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert_eq!(read_text(&fifo).unwrap(), "");
    }
}

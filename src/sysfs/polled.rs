//! Files read again and again (`gpu_metrics`, hwmon inputs, `gpu_busy_percent`, `pp_dpm_*`,
//! `mem_info_*`): each opened once per device and re-read with ONE `pread` at offset 0.
//!
//! A read at offset 0 makes kernfs build the attribute anew (`seq_read_iter` resets its iterator
//! when the position is 0, then calls the attribute's show handler), so a kept descriptor serves
//! fresh values at the cost of one system call. When a device goes away, kernfs answers ENODEV
//! on its open descriptors: a failed read drops the descriptor, the error is that call's
//! result, and the next call opens the path again (the file of a device that came back, or the
//! error of one that is gone). A file that cannot be opened is not remembered: each call tries
//! again (one `openat`).

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

use crate::error::{Error, Result};
use crate::parse::ParseError;

/// The polled files of one directory (a GPU's PCI device directory), by name relative to it.
/// `Send + Sync`: threads read the same descriptor at once (`pread` takes no file position).
#[derive(Debug)]
pub struct PolledFiles {
    dir: PathBuf,
    open: RwLock<HashMap<Box<str>, (PathBuf, File), BuildHasherDefault<Fnv>>>,
}

/// FNV-1a, the hash of the descriptor map: its keys are short file names the library chooses,
/// hashed on every read, so SipHash's resistance to chosen keys buys nothing.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl PolledFiles {
    /// The polled files under `dir`; none opened yet.
    pub fn new(dir: PathBuf) -> PolledFiles {
        PolledFiles { dir, open: RwLock::new(HashMap::default()) }
    }

    /// The directory the names are relative to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file `name` (relative to [`dir`](Self::dir), e.g. `gpu_metrics` or
    /// `hwmon/hwmon3/temp2_input`) read with one `pread` at offset 0 (and, the first time, one
    /// `openat`), its bytes decoded by `decode`. An error without a path gets the file's.
    pub fn read<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        let open = self.open.read().unwrap_or_else(PoisonError::into_inner);
        let Some((path, file)) = open.get(name) else {
            drop(open);
            return self.open_and_read(name, decode);
        };
        let result = super::read_attr(file, path, true, |b| decode(b).map_err(|e| with_path(e, path)));
        drop(open);
        if result.is_err() {
            self.open.write().unwrap_or_else(PoisonError::into_inner).remove(name);
        }
        result
    }

    /// The first read of `name`: opens it, reads it, keeps the descriptor when the read worked.
    fn open_and_read<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        let path = self.dir.join(name);
        let file = super::open_nonblocking(&path)?;
        let value = super::read_attr(&file, &path, false, |b| decode(b).map_err(|e| with_path(e, &path)))?;
        self.open.write().unwrap_or_else(PoisonError::into_inner).insert(name.into(), (path, file));
        Ok(value)
    }

    /// The text of `name` parsed by `parse` (see [`read`](Self::read) and
    /// [`super::read_parsed`]).
    pub fn read_parsed<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> std::result::Result<T, ParseError>,
    ) -> Result<T> {
        self.read(name, |bytes| {
            let text = crate::parse::attribute_text(bytes)
                .ok_or_else(|| Error::new(crate::Status::UnexpectedData).with_detail("not UTF-8 text"))?;
            parse(text).map_err(Error::from)
        })
    }

    /// How many descriptors are kept open.
    pub fn open_count(&self) -> usize {
        self.open.read().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// `err`, with `path` when it names none.
fn with_path(err: Error, path: &Path) -> Error {
    if err.path().is_some() {
        err
    } else {
        err.with_path(path)
    }
}

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
use std::path::PathBuf;
use std::sync::{PoisonError, RwLock};

use crate::error::{Error, Result};
use crate::parse::ParseError;

/// The polled files of one directory (a GPU's PCI device directory, its hwmon directory), by
/// name relative to it. `Send + Sync`: threads read the same descriptor at once (`pread` takes
/// no file position).
#[derive(Debug)]
pub struct PolledFiles {
    dir: PathBuf,
    /// The directory was listed: a name without a slot is not there (NOT_SUPPORTED, without a
    /// system call). Otherwise any name is opened on first use.
    listed: bool,
    slots: RwLock<HashMap<Box<str>, Slot, BuildHasherDefault<Fx>>>,
}

/// A file's path and, once opened, its descriptor.
#[derive(Debug)]
struct Slot {
    path: PathBuf,
    file: Option<File>,
}

/// rustc's FxHash, the hash of the descriptor map: its keys are short file names the library
/// chooses, hashed on every read, a word at a time; SipHash's resistance to chosen keys buys
/// nothing here.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        let mut word = [0; 8];
        word.iter_mut().zip(rest).for_each(|(dst, src)| *dst = *src);
        self.add(u64::from_le_bytes(word) ^ rest.len() as u64);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl PolledFiles {
    /// The polled files under `dir`, whatever their names; none opened yet.
    pub fn new(dir: PathBuf) -> PolledFiles {
        PolledFiles { dir, listed: false, slots: RwLock::new(HashMap::default()) }
    }

    /// The polled files under `dir`, a directory whose names were listed (at discovery): other
    /// names are NOT_SUPPORTED without a system call. None opened yet.
    pub fn listed(dir: PathBuf, names: impl IntoIterator<Item = String>) -> PolledFiles {
        let slots =
            names.into_iter().map(|name| (name.clone().into_boxed_str(), Slot { path: dir.join(name), file: None }));
        PolledFiles { listed: true, slots: RwLock::new(slots.collect()), dir }
    }

    /// Whether the directory was listed with `name` in it.
    pub fn lists(&self, name: &str) -> bool {
        self.listed && self.slots.read().unwrap_or_else(PoisonError::into_inner).contains_key(name)
    }

    /// The file `name` (relative to [`dir`](Self::dir), e.g. `gpu_metrics` or `temp2_input`)
    /// read with one `pread` at offset 0 (and, the first time, one `openat`), its bytes decoded
    /// by `decode`. An error without a path gets the file's; after a failed read the descriptor
    /// is closed and the next call opens the path again.
    pub fn read<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        self.try_read(name, decode).unwrap_or_else(|| Err(self.not_listed(name)))
    }

    /// NOT_SUPPORTED for `name`, which the listed directory did not hold.
    pub fn not_listed(&self, name: &str) -> Error {
        Error::new(crate::Status::NotSupported)
            .with_path(&self.dir.join(name))
            .with_detail("not in the directory at discovery")
    }

    /// [`read`](Self::read), or `None` (nothing built, no system call) for a name the listed
    /// directory did not hold: a caller that tries a file it may lack pays one look-up.
    pub fn try_read<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Option<Result<T>> {
        let slots = self.slots.read().unwrap_or_else(PoisonError::into_inner);
        let (path, file) = match slots.get(name) {
            Some(Slot { path, file: Some(file) }) => (path, file),
            None if self.listed => return None,
            _ => {
                drop(slots);
                return Some(self.open_and_read(name, decode));
            }
        };
        let result = super::read_attr(file, path, true, decode);
        drop(slots);
        if result.is_err() {
            if let Some(slot) = self.slots.write().unwrap_or_else(PoisonError::into_inner).get_mut(name) {
                slot.file = None;
            }
        }
        Some(result)
    }

    /// The first read of `name`: opens it, reads it, keeps the descriptor when the read worked.
    fn open_and_read<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        let path = self.dir.join(name);
        let file = super::open_nonblocking(&path)?;
        let value = super::read_attr(&file, &path, false, decode)?;
        let mut slots = self.slots.write().unwrap_or_else(PoisonError::into_inner);
        slots.entry(name.into()).or_insert(Slot { path, file: None }).file = Some(file);
        Ok(value)
    }

    /// The text of `name` parsed by `parse` (see [`read`](Self::read) and
    /// [`super::read_parsed`]).
    pub fn read_parsed<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> std::result::Result<T, ParseError>,
    ) -> Result<T> {
        self.read(name, |bytes| super::parse_text(bytes, parse))
    }

    /// [`read_parsed`](Self::read_parsed), or `None` as [`try_read`](Self::try_read) gives it.
    pub fn try_read_parsed<T>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> std::result::Result<T, ParseError>,
    ) -> Option<Result<T>> {
        self.try_read(name, |bytes| super::parse_text(bytes, parse))
    }

    /// How many descriptors are kept open.
    pub fn open_count(&self) -> usize {
        self.slots.read().unwrap_or_else(PoisonError::into_inner).values().filter(|s| s.file.is_some()).count()
    }
}

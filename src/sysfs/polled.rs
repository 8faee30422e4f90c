//! Files read again and again (`gpu_metrics`, hwmon inputs, `gpu_busy_percent`, `pp_dpm_*`,
//! `mem_info_*`): each opened once per device and re-read with ONE `pread` at offset 0.
//!
//! A read at offset 0 makes kernfs build the attribute anew (`seq_read_iter` resets its iterator
//! when the position is 0, then calls the attribute's show handler), so a kept descriptor serves
//! fresh values at the cost of one system call. When a device goes away, kernfs answers ENODEV
//! on its open descriptors: the error is that call's result, the file moves to its next
//! descriptor, and the next call opens the path again (the file of a device that came back, or
//! the error of one that is gone). A file that cannot be opened is not remembered: each call
//! tries again (one `openat`).
//!
//! Readers take no lock: the names are fixed when the files are made (at discovery), so the
//! name-to-slot map never changes, and a descriptor is never closed while its [`PolledFiles`]
//! lives (a reader on another thread may be using it). A replaced descriptor stays open, for
//! up to eight generations of a file; then each read of it opens and closes it.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::parse::ParseError;

/// How many times a file's descriptor is replaced (the device went away and came back) before
/// its reads stop keeping one: from then on each read opens the file and closes it again.
const GENERATIONS: usize = 8;

/// The polled files of one directory (a GPU's PCI device directory, its hwmon directory), by
/// name relative to it; the names are fixed when it is made (at discovery). `Send + Sync`:
/// threads read the same descriptor at once (`pread` takes no file position), and take no lock
/// to find it.
#[derive(Debug)]
pub struct PolledFiles {
    dir: PathBuf,
    /// The names are the directory's listing: a name without a slot is not there
    /// (NOT_SUPPORTED, without a system call). Otherwise a name outside the list is read
    /// without keeping its descriptor.
    listed: bool,
    /// The slot of each name. Never changes after construction, so a look-up takes no lock.
    index: HashMap<Box<str>, usize, BuildHasherDefault<Fx>>,
    slots: Box<[Slot]>,
}

/// A file's path and its descriptors. A kept descriptor is never closed while the
/// [`PolledFiles`] lives: a reader holds no lock, so a descriptor another thread may be reading
/// cannot be closed under it. When a read of the current descriptor fails (the device went
/// away: ENODEV), the slot moves to its next generation, whose descriptor is opened on the
/// next read; after [`GENERATIONS`] the file is opened for each read.
#[derive(Debug)]
struct Slot {
    path: PathBuf,
    generation: AtomicUsize,
    kept: [OnceLock<File>; GENERATIONS],
}

/// A file of a [`PolledFiles`], found once ([`PolledFiles::slot`]): reading it by this skips
/// the look-up of its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotId(usize);

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
        // The last 0-7 bytes gathered in a register (a copy into an array and a load of it
        // stalls on store forwarding).
        let rest = words.remainder();
        let tail = rest.iter().rev().fold(0u64, |word, &byte| word << 8 | u64::from(byte));
        self.add(tail ^ rest.len() as u64);
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl PolledFiles {
    /// The polled files `names` under `dir`, which may hold others too; none opened yet. A
    /// name not in `names` is read without keeping its descriptor.
    pub fn new(dir: PathBuf, names: impl IntoIterator<Item = String>) -> PolledFiles {
        PolledFiles::with(dir, false, names)
    }

    /// The polled files under `dir`, a directory whose names were listed (at discovery): other
    /// names are NOT_SUPPORTED without a system call. None opened yet.
    pub fn listed(dir: PathBuf, names: impl IntoIterator<Item = String>) -> PolledFiles {
        PolledFiles::with(dir, true, names)
    }

    fn with(dir: PathBuf, listed: bool, names: impl IntoIterator<Item = String>) -> PolledFiles {
        let mut index = HashMap::default();
        let mut slots = Vec::new();
        for name in names {
            let path = dir.join(&name);
            index.entry(name.into_boxed_str()).or_insert_with(|| {
                slots.push(Slot { path, generation: AtomicUsize::new(0), kept: Default::default() });
                slots.len() - 1
            });
        }
        PolledFiles { dir, listed, index, slots: slots.into() }
    }

    /// Whether the directory was listed with `name` in it.
    pub fn lists(&self, name: &str) -> bool {
        self.listed && self.index.contains_key(name)
    }

    /// The file `name` (relative to the directory, e.g. `gpu_metrics` or `temp2_input`) read
    /// with one `pread` at offset 0 (and, the first time, one `openat`), its bytes decoded by
    /// `decode`. An error without a path gets the file's.
    pub fn read<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        self.try_read(name, decode).unwrap_or_else(|| Err(self.not_listed(name)))
    }

    /// The slot of `name`, when it is one of the files' names.
    pub fn slot(&self, name: &str) -> Option<SlotId> {
        self.index.get(name).map(|&i| SlotId(i))
    }

    /// [`read`](Self::read) of the file `slot` names (a slot of these files).
    pub fn read_slot<T>(&self, slot: SlotId, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        match self.slots.get(slot.0) {
            Some(slot) => slot.read(decode),
            None => Err(Error::new(crate::Status::Inval).with_detail("a slot of other polled files")),
        }
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
        match self.index.get(name).and_then(|&i| self.slots.get(i)) {
            Some(slot) => Some(slot.read(decode)),
            None if self.listed => None,
            None => Some(super::read_with(&self.dir.join(name), decode)),
        }
    }
    /// An integer file ([`super::integer`]: the kernel's plain `%d\n` in one pass, other text
    /// through `parse`).
    pub fn read_integer<T: TryFrom<i64>>(
        &self,
        name: &str,
        parse: fn(&str) -> std::result::Result<T, ParseError>,
    ) -> Result<T> {
        self.read(name, |bytes| super::integer(bytes, parse))
    }

    /// How many descriptors are kept open.
    pub fn open_count(&self) -> usize {
        self.slots.iter().flat_map(|slot| &slot.kept).filter(|kept| kept.get().is_some()).count()
    }
}

impl Slot {
    /// The file read and decoded: one `pread` on the current generation's descriptor, opened
    /// (and read once with `read`) if it is not yet. A read that fails moves the slot to its next
    /// generation; content `decode` refuses does not (the descriptor is fine).
    fn read<T>(&self, decode: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        let generation = self.generation.load(Ordering::Acquire);
        let Some(kept) = self.kept.get(generation) else {
            return super::read_with(&self.path, decode);
        };
        let mut decoded = false;
        let decode = |bytes: &[u8]| {
            decoded = true;
            decode(bytes)
        };
        let result = match kept.get() {
            Some(file) => super::read_attr(file, &self.path, true, decode),
            None => {
                let file = super::open_nonblocking(&self.path)?;
                let result = super::read_attr(&file, &self.path, false, decode);
                if decoded {
                    // The read worked (whatever its content). Another thread may have kept its
                    // own meanwhile: this one is then closed.
                    let _ = kept.set(file);
                }
                return result;
            }
        };
        if result.is_err() && !decoded {
            // Only the reader that saw this generation fail moves it on.
            let _ = self.generation.compare_exchange(generation, generation + 1, Ordering::AcqRel, Ordering::Relaxed);
        }
        result
    }
}

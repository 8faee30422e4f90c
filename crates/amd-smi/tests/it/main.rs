//! The CLI's integration tests, one module per command area, built as one test binary. They run
//! the `amd-smi` binary on the fixture machines (`fixtures/machines/`, or writable copies of them)
//! and share the library tests' helpers (`tests/it/common.rs`).

#[path = "../../../../tests/it/common.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

/// Where a command runs: a bundled machine by name (`"mi300x-cpx"`) or a root directory (a
/// writable copy of one).
pub trait At {
    /// The root directory the command is given (`--root`).
    fn root(&self) -> PathBuf;
}

impl At for str {
    fn root(&self) -> PathBuf {
        common::machine(self)
    }
}

impl At for String {
    fn root(&self) -> PathBuf {
        common::machine(self)
    }
}

impl At for Path {
    fn root(&self) -> PathBuf {
        self.to_path_buf()
    }
}

impl At for PathBuf {
    fn root(&self) -> PathBuf {
        self.clone()
    }
}

/// `amd-smi --root <at> ARGS...`, this crate's binary.
pub fn amd_smi(at: &(impl At + ?Sized), args: &[&str]) -> Output {
    common::run_cli(env!("CARGO_BIN_EXE_amd-smi"), &at.root(), args)
}

/// The standard output of `amd-smi ARGS...` on `at`, which must succeed.
pub fn stdout(at: &(impl At + ?Sized), args: &[&str]) -> String {
    let out = amd_smi(at, args);
    assert!(out.status.success(), "amd-smi {args:?} on {}: {}", at.root().display(), text(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// [`stdout`] as a JSON document.
pub fn json(at: &(impl At + ?Sized), args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(at, args)).unwrap()
}

/// Output bytes as text (the CLI writes UTF-8).
pub fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

mod bad_pages;
mod capture;
mod control;
mod cpu_set;
mod damaged;
mod dashboard;
mod dump_files;
mod exporter;
mod firmware;
mod keys;
mod monitor;
mod options;
mod partition;
mod ras;
mod snapshots;
mod version;

//! The CLI's integration tests, one module per command area, built as one test binary. They run
//! the `amd-smi` binary on the fixture machines (`fixtures/machines/`, or writable copies of them)
//! and share the library tests' helpers (`tests/it/common.rs`).

#[path = "../../../../tests/it/common.rs"]
mod common;

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

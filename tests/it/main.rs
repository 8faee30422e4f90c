//! The library's integration tests, one module per area, built as one test binary (one link of
//! the library instead of one per file). Each module checks the public API against values read by
//! hand from the fixture machines (`fixtures/machines/`) or from the generators' blobs; `common`
//! holds the helpers the CLI's tests share (`crates/amd-smi/tests/it/`).

mod common;

mod c_functions;
mod control;
mod corruption;
mod counters;
mod cper;
mod cpu;
mod damaged;
mod discovery;
mod events;
mod gpu_metrics;
mod hsmp;
mod init;
mod inventory;
mod io;
mod memory;
mod overdrive;
mod pm_table;
mod process;
mod ras;
mod reads;
mod setters;
mod telemetry;
mod threads;
mod topology;

//! AMD GPUs: discovery, addresses, identity and inventory.

pub mod bdf;
pub mod clock;
pub mod device;
pub mod discovery;
pub mod drm;
pub mod hwmon;
mod identity;
pub mod inventory;
pub mod kfd;
pub mod memory;
pub mod metrics;
pub mod names;
pub mod numa;
pub mod overdrive;
pub mod partition;
pub mod pcie;
pub mod power;
pub mod telemetry;
pub mod uuid;
mod view;
pub mod violation;
pub mod xgmi;
// PM metrics and register tables (pm_table).
pub mod pm_table;
// Topology and XGMI links.
pub mod topology;
// RAS/ECC and GPU processes (ras/process area)
pub mod process;
pub mod ras;
// Events and counters (KFD SMI events, perf_event_open on the amdgpu PMUs).
pub mod counters;
pub mod events;

pub use identity::{EnumerationInfo, KfdInfo};
pub use view::Gpu;

// Setters and resets.
pub mod control;

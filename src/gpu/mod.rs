//! AMD GPUs: discovery, addresses, identity and inventory.

pub mod bdf;
pub mod clock;
pub mod device;
pub mod discovery;
pub mod dpm;
pub mod drm;
pub mod hwmon;
mod identity;
pub mod inventory;
pub mod kfd;
pub mod memory;
pub mod names;
pub mod numa;
pub mod partition;
pub mod power;
pub mod uuid;
pub mod xgmi;

pub use identity::{EnumerationInfo, KfdInfo};

//! AMD GPUs: discovery, addresses, and the identity functions of the API.

pub mod bdf;
pub mod discovery;
mod identity;
pub mod kfd;
pub mod uuid;

pub use identity::{EnumerationInfo, KfdInfo};

//! The exported C functions, by area. Each is `call::status(|| ...)` around the Rust API: the
//! pointers checked by `crate::ffi`, the handles looked up by `crate::call`.
#![allow(unsafe_code)] // `#[no_mangle]` only: no `unsafe` block outside `ffi`.

pub mod cpu;
pub mod gpu;
pub mod gpu_control;
pub mod gpu_info;
pub mod gpu_ras;
pub mod gpu_telemetry;
pub mod handles;
pub mod init;

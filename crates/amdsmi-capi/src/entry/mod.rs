//! The exported C functions, by area. Each is `call::status(|| ...)` around the Rust API: the
//! pointers checked by [`crate::ffi`], the handles looked up by [`crate::call`].
#![allow(unsafe_code)] // `#[no_mangle]` only: no `unsafe` block outside `ffi`.

pub mod cpu;
pub mod gpu;
pub mod handles;
pub mod init;

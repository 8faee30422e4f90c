//! `libamd_smi.so`: AMD SMI 7.0.2's C library, on the `amdsmi` crate.
//!
//! Every function the amdsmi 7.0.2 Python package binds is exported under its C name with AMD's
//! ABI: struct layouts ([`abi`]), status numbers, buffer conventions. Nothing panics across the
//! boundary and every pointer and handle is checked before use.
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![allow(non_camel_case_types)] // AMD's C type names

pub mod abi;
mod call;
mod convert;
pub mod entry;
mod ffi;

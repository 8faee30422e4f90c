//! AMD SMI 7.0.2's C types: struct, union and enum layouts, byte for byte.

use std::ffi::c_void;

/// `amdsmi_status_t`: an AMD SMI status number ([`amdsmi::Status::code`]).
pub type amdsmi_status_t = u32;
/// `amdsmi_processor_handle`: an opaque processor handle.
pub type amdsmi_processor_handle = *mut c_void;
/// `amdsmi_socket_handle`: an opaque socket handle.
pub type amdsmi_socket_handle = *mut c_void;
/// `processor_type_t`: an [`amdsmi::AmdSmiProcessorType`] value.
pub type processor_type_t = u32;
/// `amdsmi_bdf_t`: domain 63:16, bus 15:8, device 7:3, function 2:0.
pub type amdsmi_bdf_t = u64;

//! Tests of `libamd_smi.so`: AMD's own Python package (amdsmi 7.0.2 from PyPI) driving our
//! library on the fixture machines, and the C entry points called directly with bad input.

mod abi_calls;
mod c_cpu;
mod c_gpu_control;
mod c_gpu_info;
mod c_gpu_ras;
mod c_gpu_telemetry;
mod c_program;
mod c_threads;
mod common;
mod python;
#[path = "../../../../tests/it/common.rs"]
mod shared;

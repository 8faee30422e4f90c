//! Tests of `libamd_smi.so`: AMD's own Python package (amdsmi 7.0.2 from PyPI) driving our
//! library on the fixture machines, and the C entry points called directly with bad input.

mod abi_calls;
mod python;

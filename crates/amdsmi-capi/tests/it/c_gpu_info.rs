//! Entry points of `entry/gpu_info.rs` called directly: values against the Rust API on fixture machines, and bad input.

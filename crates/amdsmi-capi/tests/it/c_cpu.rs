//! Entry points of `entry/cpu.rs` called directly: values against the Rust API on fixture machines, and bad input.

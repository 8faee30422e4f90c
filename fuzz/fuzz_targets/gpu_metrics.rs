//! Any bytes into the gpu_metrics decoder: an error is fine, a panic is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = amdsmi::gpu::metrics::header(data);
    let _ = amdsmi::gpu::metrics::decode(data);
});

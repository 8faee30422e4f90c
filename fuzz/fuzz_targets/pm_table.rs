//! Any bytes into the pm_metrics and reg_state decoders: an error is fine, a panic or a hang is a
//! finding. The first byte picks the reg_state block layout.
#![no_main]

use amdsmi::gpu::pm_table::{self, AmdSmiRegType};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pm_table::pm_metrics(data);
    if let Some((&pick, block)) = data.split_first() {
        let reg_type = AmdSmiRegType::ALL[usize::from(pick) % AmdSmiRegType::ALL.len()];
        let _ = pm_table::reg_table(block, reg_type);
    }
});

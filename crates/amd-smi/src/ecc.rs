//! The `ecc` and `ecc_blocks` sections of `amd-smi metric` (`-e`, `-k`), as AMD's CLI builds them:
//! totals over the RAS-enabled blocks (with the non-UMC part as "cache" errors), and the counts
//! of each enabled block.

use amdsmi::{AmdSmiGpuBlock, AmdSmiRasErrState, Context, EccCount, ProcessorHandle};
use serde_json::{json, Map, Value};

const NA: &str = "N/A";

/// `ecc`: total correctable, uncorrectable and deferred errors, and the correctable and
/// uncorrectable ones outside the memory controller (total minus UMC).
pub fn ecc(c: &Context, gpu: ProcessorHandle) -> Value {
    let Ok(total) = c.gpu(gpu).and_then(|g| g.total_ecc_count()) else {
        let keys = ["total_correctable_count", "total_uncorrectable_count", "total_deferred_count"];
        let keys = keys.into_iter().chain(["cache_correctable_count", "cache_uncorrectable_count"]);
        return Value::Object(keys.map(|k| (k.to_owned(), Value::from(NA))).collect());
    };
    let umc = c.gpu(gpu).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).ok();
    let cache =
        |f: fn(&EccCount) -> u64| umc.map_or_else(|| Value::from(NA), |u| f(&total).saturating_sub(f(&u)).into());
    json!({
        "total_correctable_count": total.correctable_count,
        "total_uncorrectable_count": total.uncorrectable_count,
        "total_deferred_count": total.deferred_count,
        "cache_correctable_count": cache(|e| e.correctable_count),
        "cache_uncorrectable_count": cache(|e| e.uncorrectable_count),
    })
}

/// `ecc_blocks`: `{BLOCK: counts}` for every RAS-enabled block, counts `N/A` when unreadable.
pub fn ecc_blocks(c: &Context, gpu: ProcessorHandle) -> Value {
    let Ok(states) = c.gpu(gpu).and_then(|g| g.ras_block_features_enabled()) else { return Value::from(NA) };
    let mut blocks = Map::new();
    for state in states.into_iter().filter(|s| s.status == AmdSmiRasErrState::Enabled) {
        let counts = c.gpu(gpu).and_then(|g| g.ecc_count(state.block)).map_or_else(
            |_| json!({ "correctable_count": NA, "uncorrectable_count": NA, "deferred_count": NA }),
            |e| {
                json!({
                    "correctable_count": e.correctable_count,
                    "uncorrectable_count": e.uncorrectable_count,
                    "deferred_count": e.deferred_count,
                })
            },
        );
        blocks.insert(state.block.name().to_owned(), counts);
    }
    Value::Object(blocks)
}

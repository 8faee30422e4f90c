//! The `ecc` and `ecc_blocks` sections of `amd-smi metric` (`-e`, `-k`), as AMD's CLI builds them:
//! totals over the RAS-enabled blocks (with the non-UMC part as "cache" errors), and the counts
//! of each enabled block.
//!
//! AMD's `amdsmi_commands.py` (`metric_gpu`, 7.0 series) lists in `ecc_blocks` only the enabled
//! blocks whose counts the kernel exposes in sysfs: UMC, SDMA, GFX, MMHUB, PCIE_BIF, HDP and
//! XGMI_WAFL ([`ECC_BLOCKS`]).

use amdsmi::{AmdSmiGpuBlock, AmdSmiRasErrState, Context, EccCount, ProcessorHandle};
use serde::Serialize;

use crate::render::{Entries, Na};

/// The `ecc` section: total correctable, uncorrectable and deferred errors, and the correctable
/// and uncorrectable ones outside the memory controller (total minus UMC).
#[derive(Serialize)]
pub struct Ecc {
    total_correctable_count: Na<u64>,
    total_uncorrectable_count: Na<u64>,
    total_deferred_count: Na<u64>,
    cache_correctable_count: Na<u64>,
    cache_uncorrectable_count: Na<u64>,
}

/// The `ecc` section of a GPU, every count `N/A` without totals.
pub fn ecc(c: &Context, gpu: ProcessorHandle) -> Ecc {
    let total = c.gpu(gpu).and_then(|g| g.total_ecc_count()).ok();
    let umc = total.and_then(|_| c.gpu(gpu).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).ok());
    let count = |f: fn(&EccCount) -> u64| Na(total.as_ref().map(f));
    let cache = |f: fn(&EccCount) -> u64| Na(total.zip(umc).map(|(t, u)| f(&t).saturating_sub(f(&u))));
    Ecc {
        total_correctable_count: count(|e| e.correctable_count),
        total_uncorrectable_count: count(|e| e.uncorrectable_count),
        total_deferred_count: count(|e| e.deferred_count),
        cache_correctable_count: cache(|e| e.correctable_count),
        cache_uncorrectable_count: cache(|e| e.uncorrectable_count),
    }
}

/// The error counts of one block, `N/A` when unreadable.
#[derive(Serialize)]
pub struct EccCounts {
    correctable_count: Na<u64>,
    uncorrectable_count: Na<u64>,
    deferred_count: Na<u64>,
}

/// The blocks `ecc_blocks` may list, in no particular order (AMD's `sysfs_blocks`).
pub const ECC_BLOCKS: [AmdSmiGpuBlock; 7] = [
    AmdSmiGpuBlock::Umc,
    AmdSmiGpuBlock::Sdma,
    AmdSmiGpuBlock::Gfx,
    AmdSmiGpuBlock::Mmhub,
    AmdSmiGpuBlock::PcieBif,
    AmdSmiGpuBlock::Hdp,
    AmdSmiGpuBlock::XgmiWafl,
];

/// `ecc_blocks`: `{BLOCK: counts}` for every RAS-enabled block of [`ECC_BLOCKS`], in the order
/// the library reports the enabled blocks.
pub fn ecc_blocks(c: &Context, gpu: ProcessorHandle) -> Na<Entries<EccCounts>> {
    let Ok(states) = c.gpu(gpu).and_then(|g| g.ras_block_features_enabled()) else { return Na::NA };
    let enabled =
        states.into_iter().filter(|s| s.status == AmdSmiRasErrState::Enabled && ECC_BLOCKS.contains(&s.block));
    let blocks = enabled.map(|state| {
        let e = c.gpu(gpu).and_then(|g| g.ecc_count(state.block)).ok();
        let counts = EccCounts {
            correctable_count: Na(e.map(|e| e.correctable_count)),
            uncorrectable_count: Na(e.map(|e| e.uncorrectable_count)),
            deferred_count: Na(e.map(|e| e.deferred_count)),
        };
        (state.block.name().to_owned(), counts)
    });
    Na(Some(Entries(blocks.collect())))
}

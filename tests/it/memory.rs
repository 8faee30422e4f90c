//! Memory under a long poll (issue 16, item 5; `tools/memory-poll` runs it, CI does not): every
//! read of the surface table on every processor of mi300x-cpx, round after round, one million
//! calls (`AMDSMI_POLL_CALLS` for another count), the process's resident memory sampled every
//! tenth of the run. The last sample may not exceed the first by more than 1 MiB: caches are
//! filled in the first round, nothing grows after.

use amdsmi::Context;

use crate::common::machine;

/// This process's resident memory, KiB (`/proc/self/statm`'s second field, in pages).
fn resident_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    let pages: u64 = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("resident pages");
    pages * 4
}

#[test]
#[ignore = "a script's run (tools/memory-poll): a million calls"]
fn a_million_reads_keep_memory_flat() {
    let total: u64 = std::env::var("AMDSMI_POLL_CALLS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let ctx = Context::builder().root(machine("mi300x-cpx")).build().unwrap();
    let reads = crate::reads::all().gpu;
    let gpus: Vec<_> = ctx.processor_handles().into_iter().filter_map(|h| ctx.gpu(h).ok()).collect();
    let (mut calls, mut samples) = (0u64, Vec::new());
    let start = std::time::Instant::now();
    'poll: loop {
        for gpu in &gpus {
            for (_, read) in &reads {
                let _ = read(gpu);
                calls += 1;
                if calls % (total / 10).max(1) == 0 {
                    samples.push((calls, resident_kib()));
                }
                if calls == total {
                    break 'poll;
                }
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    eprintln!("{calls} calls in {seconds:.1} s ({} GPU processors, {} reads each)", gpus.len(), reads.len());
    for (calls, kib) in &samples {
        eprintln!("  after {calls:>9} calls: {kib} KiB resident");
    }
    let (first, last) = (samples[0].1, samples[samples.len() - 1].1);
    assert!(last <= first + 1024, "resident memory grew from {first} to {last} KiB");
}

//! `amd-smi ras --cper` on a full CPER ring: 65,535 records of 128 bytes, the most a ring file
//! of `cper::ring::MAX_RING_FILE` (8 MiB) holds (`cper::encode::header_only_ring`, written into a
//! copy of the `rx6900xt` machine root at bench time).
//!
//! One group:
//! - `read`: `std::fs::read` of the ring file, the yardstick (the bytes have to be read);
//! - `read+scan`: `Gpu::cper_ring`, one `read` from offset 0 and the byte-by-byte scan;
//! - `ras --cper`: the library path of `ras --cper`: `cper_ring`, then every page of entries
//!   (20 per page, 1 MiB buffer, all severities: 3,277 pages), each entry with its record's
//!   bytes;
//! - `cper_entries (one call)`: one `amdsmi_get_gpu_cper_entries` call at cursor 65,530: read,
//!   scan and skip to the cursor, as every call of the C API does.

#[path = "../tests/it/common.rs"]
mod common;

use std::hint::black_box;

use amdsmi::cper::encode;
use amdsmi::Context;
use criterion::{criterion_group, criterion_main, Criterion};

fn full_ring(c: &mut Criterion) {
    let dir = common::copy_machine("rx6900xt");
    let path = dir.path().join("sys/kernel/debug/dri/0/amdgpu_ring_cper");
    let written = std::fs::create_dir_all(path.parent().unwrap_or(dir.path()))
        .and_then(|()| std::fs::write(&path, encode::header_only_ring(encode::FULL_RING_RECORDS)));
    let Ok(()) = written else { return };
    let Ok(ctx) = Context::builder().root(dir.path()).build() else { return };
    let Some(&handle) = ctx.processor_handles().first() else { return };
    let mut group = c.benchmark_group("cper/full ring (65,535 records, 8 MiB)");
    group.sample_size(20);
    group.bench_function("read", |b| b.iter(|| std::fs::read(black_box(&path)).map(|bytes| bytes.len())));
    group.bench_function("read+scan", |b| {
        b.iter(|| ctx.gpu(black_box(handle)).and_then(|g| g.cper_ring()).map(|r| r.len()))
    });
    group.bench_function("ras --cper", |b| {
        b.iter(|| {
            let ring = ctx.gpu(black_box(handle)).and_then(|g| g.cper_ring())?;
            let mut entries = 0;
            for page in ring.pages(0b111, 1 << 20) {
                let page = page?;
                entries += page.entries.len() + page.cper_data.len();
                black_box(&page);
            }
            amdsmi::Result::Ok(entries)
        })
    });
    group.bench_function("cper_entries (one call)", |b| {
        b.iter(|| ctx.gpu(black_box(handle)).and_then(|g| g.cper_entries(0b111, 1 << 20, 65_530)).map(|e| e.cursor))
    });
    group.finish();
}

criterion_group!(benches, full_ring);
criterion_main!(benches);

//! The added cost of one call through the C ABI over the Rust call it wraps (issue 12 target:
//! under 100 ns for a value read). Each group has the Rust call (the yardstick) and the C call on
//! the same GPU of the same fixture machine, in process: the difference is the handle lookup,
//! the panic guard, the pointer checks and the struct fill.

use std::ffi::c_void;
use std::hint::black_box;
use std::path::Path;

use amd_smi::abi::amdsmi_gpu_metrics_t;
use amd_smi::entry::gpu::{amdsmi_get_gpu_id, amdsmi_get_gpu_memory_total};
use amd_smi::entry::gpu_telemetry::amdsmi_get_gpu_metrics_info;
use amd_smi::entry::handles::{amdsmi_get_processor_handles, amdsmi_get_processor_type, amdsmi_get_socket_handles};
use amdsmi::{AmdSmiMemoryType, Context};
use criterion::{criterion_group, criterion_main, Criterion};

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/machines/rx6900xt")
}

fn first_gpu() -> *mut c_void {
    let (mut n, mut socket) = (1u32, std::ptr::null_mut());
    assert_eq!(amdsmi_get_socket_handles(&mut n, &mut socket), 0);
    let (mut n, mut gpu) = (1u32, std::ptr::null_mut());
    assert_eq!(amdsmi_get_processor_handles(socket, &mut n, &mut gpu), 0);
    gpu
}

fn c_abi(c: &mut Criterion) {
    amdsmi::api::init_global(Context::builder().root(root())).unwrap();
    let ctx = Context::builder().root(root()).build().unwrap();
    let handle = ctx.processor_handles()[0];
    let gpu = first_gpu();

    // No I/O: the cost of the C layer alone.
    let mut group = c.benchmark_group("c_abi/processor_type");
    group.bench_function("rust", |b| b.iter(|| black_box(ctx.processor_type(black_box(handle)))));
    group.bench_function("c", |b| {
        b.iter(|| {
            let mut kind = 0u32;
            black_box(amdsmi_get_processor_type(black_box(gpu), &mut kind));
            kind
        })
    });
    group.finish();

    let mut group = c.benchmark_group("c_abi/gpu_id");
    group.bench_function("rust", |b| b.iter(|| black_box(ctx.gpu(black_box(handle)).and_then(|g| g.id()))));
    group.bench_function("c", |b| {
        b.iter(|| {
            let mut id = 0u16;
            black_box(amdsmi_get_gpu_id(black_box(gpu), &mut id));
            id
        })
    });
    group.finish();

    // The whole `gpu_metrics` read and decode, and in C the fill of the 4544-byte struct too
    // (target: under 1 µs added).
    let mut group = c.benchmark_group("c_abi/metrics_info");
    group.bench_function("rust", |b| b.iter(|| black_box(ctx.gpu(black_box(handle)).and_then(|g| g.metrics_info()))));
    let mut metrics = Box::new(amdsmi_gpu_metrics_t::ZERO);
    group.bench_function("c", |b| b.iter(|| black_box(amdsmi_get_gpu_metrics_info(black_box(gpu), &mut *metrics))));
    group.finish();

    let mut group = c.benchmark_group("c_abi/memory_total");
    group.bench_function("rust", |b| {
        b.iter(|| black_box(ctx.gpu(black_box(handle)).and_then(|g| g.memory_total(AmdSmiMemoryType::Vram))))
    });
    group.bench_function("c", |b| {
        b.iter(|| {
            let mut total = 0u64;
            black_box(amdsmi_get_gpu_memory_total(black_box(gpu), 0, &mut total));
            total
        })
    });
    group.finish();
}

criterion_group!(benches, c_abi);
criterion_main!(benches);

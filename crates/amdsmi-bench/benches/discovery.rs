//! Start-up cost: discovering every processor of a fixture machine (AMD's `amdsmi_init` takes
//! 0.7-8 s per CLI call in the field), and the pure parsers discovery leans on.
//!
//! One group per machine: `floor`, the yardstick, is what discovery cannot do without, asked
//! with `std::fs` (list the DRM class directory and read each entry's `device` link; list the
//! KFD topology and read every node's `properties`); `init` is `Context::build` (default flags:
//! GPUs and CPUs; a fixture's `dev/hsmp` is a regular file, so the CPUs are looked for and not
//! found, as on a machine without the HSMP driver).

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use amdsmi::parse::Properties;
use amdsmi::{Bdf, Context};
use amdsmi_bench::machine;
use criterion::{criterion_group, criterion_main, Criterion};

/// The least discovery asks of the kernel (see the module documentation), in bytes read.
fn floor(root: &Path) -> usize {
    let entries = |dir: PathBuf| fs::read_dir(dir).into_iter().flatten().flatten();
    let links: usize = entries(root.join("sys/class/drm"))
        .map(|e| fs::read_link(e.path().join("device")).map_or(0, |p| p.as_os_str().len()))
        .sum();
    let nodes: usize = entries(root.join("sys/class/kfd/kfd/topology/nodes"))
        .map(|e| fs::read(e.path().join("properties")).map_or(0, |b| b.len()))
        .sum();
    links + nodes
}

fn discovery(c: &mut Criterion) {
    amdsmi_bench::require_plain_library();
    for name in ["rx6900xt", "mi300x-cpx"] {
        let root = machine(name);
        let mut group = c.benchmark_group(format!("discovery/{name}"));
        group.bench_function("floor", |b| b.iter(|| floor(black_box(&root))));
        group.bench_function("init", |b| {
            b.iter(|| Context::builder().root(black_box(&root)).build().map(|ctx| ctx.processor_handles().len()))
        });
        group.finish();
    }
}

fn parsers(c: &mut Criterion) {
    let props = std::fs::read_to_string(machine("phoenix").join("sys/class/kfd/kfd/topology/nodes/1/properties"))
        .unwrap_or_default();
    c.bench_function("kfd_properties/phoenix", |b| b.iter(|| Properties::parse(black_box(&props))));
    c.bench_function("bdf_parse", |b| b.iter(|| Bdf::parse(black_box("0000:e5:00.7"))));
}

criterion_group!(benches, discovery, parsers);
criterion_main!(benches);

//! Start-up cost: discovering every processor of a fixture machine (AMD's `amdsmi_init` takes
//! 0.7-8 s per CLI call in the field), and the pure parsers discovery leans on.

use std::hint::black_box;
use std::path::PathBuf;

use amdsmi::parse::Properties;
use amdsmi::{Bdf, Context};
use criterion::{criterion_group, criterion_main, Criterion};

fn machine(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/machines").join(name)
}

fn discovery(c: &mut Criterion) {
    for name in ["rx6900xt", "mi300x-cpx"] {
        let root = machine(name);
        c.bench_function(&format!("init/{name}"), |b| {
            b.iter(|| Context::builder().root(black_box(&root)).build().map(|ctx| ctx.processor_handles().len()))
        });
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

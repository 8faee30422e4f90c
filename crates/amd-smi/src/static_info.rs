//! `amd-smi static`: the GPU's static inventory by section, human or `--json`, `N/A` where a
//! value is not supported.

use amdsmi::{Context, ProcessorHandle};
use serde::Serialize;

use crate::render::{self, sections, unit, Na, Unit};

/// Options of `static`: the sections to show (all when none is named).
#[derive(clap::Args)]
pub struct Args {
    /// ASIC: market name, ids, serial, OAM id, compute units, gfx target
    #[arg(short = 'a', long)]
    asic: bool,
    /// Bus: the BDF
    #[arg(short = 'b', long)]
    bus: bool,
    /// VBIOS: name, build date, part number, version
    #[arg(short = 'V', long)]
    vbios: bool,
    /// Driver name and version
    #[arg(short = 'd', long)]
    driver: bool,
    /// Board: model and serial numbers, FRU id, product and manufacturer names
    #[arg(short = 'B', long)]
    board: bool,
    /// Power limits
    #[arg(short = 'l', long)]
    limit: bool,
    /// Compute and memory partition
    #[arg(short = 'p', long)]
    partition: bool,
    /// NUMA node and affinity
    #[arg(short = 'u', long)]
    numa: bool,
    /// VRAM type, vendor, size and width
    #[arg(short = 'v', long)]
    vram: bool,
    /// Caches
    #[arg(short = 'c', long)]
    cache: bool,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
    // EPYC CPUs (epyc.rs)
    #[command(flatten)]
    cpu: crate::epyc::StaticArgs,
}

/// The `limit` section: power caps, W.
#[derive(Serialize)]
struct Limit {
    max_power: Na<Unit<u64>>,
    min_power: Na<Unit<u64>>,
    socket_power: Na<Unit<u64>>,
}

fn limit(context: &Context, gpu: ProcessorHandle) -> Na<Limit> {
    let watts = |uw: Option<u64>| unit(uw.map(|v| v / 1_000_000), "W");
    Na::ok(context.gpu(gpu).and_then(|g| g.power_cap_info()).map(|caps| Limit {
        max_power: watts(caps.max_power_cap),
        min_power: watts(caps.min_power_cap),
        socket_power: watts(Some(caps.power_cap)),
    }))
}

/// The `vram` section.
#[derive(Serialize)]
struct Vram {
    r#type: amdsmi::VramType,
    vendor: Na<String>,
    size: Na<Unit<u64>>,
    bit_width: Na<u32>,
    max_bandwidth: Na<Unit<u64>>,
}

fn vram(context: &Context, gpu: ProcessorHandle) -> Na<Vram> {
    Na::ok(context.gpu(gpu).and_then(|g| g.vram_info()).map(|v| Vram {
        r#type: v.vram_type,
        vendor: Na(v.vram_vendor),
        size: unit(v.vram_size, "MB"),
        bit_width: Na(v.vram_bit_width),
        max_bandwidth: unit(v.vram_max_bandwidth, "GB/s"),
    }))
}

/// One kind of cache of the `cache_info` section.
#[derive(Serialize)]
struct Cache {
    cache: usize,
    cache_properties: Vec<&'static str>,
    cache_size: Unit<u32>,
    cache_level: u32,
    max_num_cu_shared: u32,
    num_cache_instance: u32,
}

fn cache(context: &Context, gpu: ProcessorHandle) -> Na<Vec<Cache>> {
    let caches = |info: amdsmi::CacheInfo| {
        let caches = info.cache.into_iter().enumerate().map(|(i, c)| Cache {
            cache: i,
            cache_properties: c.cache_properties,
            cache_size: Unit::new(c.cache_size, "KB"),
            cache_level: c.cache_level,
            max_num_cu_shared: c.max_num_cu_shared,
            num_cache_instance: c.num_cache_instance,
        });
        caches.collect()
    };
    Na::ok(context.gpu(gpu).and_then(|g| g.cache_info()).map(caches))
}

/// The `bus` section.
#[derive(Serialize)]
struct Bus {
    bdf: Na<amdsmi::Bdf>,
}

/// The `driver` section.
#[derive(Serialize)]
struct Driver {
    name: Na<String>,
    version: Na<String>,
}

/// The `partition` section.
#[derive(Serialize)]
struct Partition {
    compute_partition: Na<String>,
    memory_partition: Na<String>,
    partition_id: Na<Option<u32>>,
}

/// The `numa` section.
#[derive(Serialize)]
struct Numa {
    node: Na<u32>,
    affinity: Na<i32>,
}

sections! {
    /// The static record of one GPU: the selected sections, in amd-smi's order.
    struct Static {
        asic: Na<amdsmi::AsicInfo>,
        bus: Bus,
        vbios: Na<amdsmi::VbiosInfo>,
        limit: Na<Limit>,
        driver: Driver,
        board: Na<amdsmi::BoardInfo>,
        partition: Partition,
        numa: Numa,
        vram: Na<Vram>,
        cache_info: Na<Vec<Cache>>,
    }
}

/// The static record of one GPU with the selected sections.
fn record(context: &Context, gpu: ProcessorHandle, args: &Args) -> Static {
    let all = !(args.asic
        || args.bus
        || args.vbios
        || args.driver
        || args.board
        || args.limit
        || args.partition
        || args.numa
        || args.vram
        || args.cache);
    let on = |flag: bool| all || flag;
    Static {
        asic: on(args.asic).then(|| Na::ok(context.gpu(gpu).and_then(|g| g.asic_info()))),
        bus: on(args.bus).then(|| Bus { bdf: Na::ok(context.gpu(gpu).and_then(|g| g.device_bdf())) }),
        vbios: on(args.vbios).then(|| Na::ok(context.gpu(gpu).and_then(|g| g.vbios_info()))),
        limit: on(args.limit).then(|| limit(context, gpu)),
        driver: on(args.driver).then(|| {
            let info = context.gpu(gpu).and_then(|g| g.driver_info()).ok();
            Driver {
                name: Na(info.as_ref().and_then(|i| i.driver_name.clone())),
                version: Na(info.and_then(|i| i.driver_version)),
            }
        }),
        board: on(args.board).then(|| Na::ok(context.gpu(gpu).and_then(|g| g.board_info()))),
        partition: on(args.partition).then(|| Partition {
            compute_partition: Na::ok(context.gpu(gpu).and_then(|g| g.compute_partition())),
            memory_partition: Na::ok(context.gpu(gpu).and_then(|g| g.memory_partition())),
            partition_id: Na::ok(context.gpu(gpu).and_then(|g| g.kfd_info()).map(|k| k.current_partition_id)),
        }),
        numa: on(args.numa).then(|| Numa {
            node: Na::ok(context.gpu(gpu).and_then(|g| g.topo_numa_node_number())),
            affinity: Na::ok(context.gpu(gpu).and_then(|g| g.topo_numa_affinity())),
        }),
        vram: on(args.vram).then(|| vram(context, gpu)),
        cache_info: on(args.cache).then(|| cache(context, gpu)),
    }
}

/// Whether `static` is about CPUs (`--cpu` or a CPU section): the CLI then discovers CPUs.
pub fn wants_cpus(args: &Args) -> bool {
    args.cpu.selected()
}

/// Renders `static` for the selected GPUs (for the CPUs with `--cpu`).
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    if args.cpu.selected() {
        return crate::epyc::static_run(context, &args.cpu, args.output);
    }
    let records: Vec<(usize, Static)> =
        args.gpus.resolve(context)?.into_iter().map(|(i, gpu)| (i, record(context, gpu, args))).collect();
    Ok(render::data(args.output, "gpu", &records))
}

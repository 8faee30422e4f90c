//! `amd-smi static`: the GPU's static inventory by section, human or `--json`, `N/A` where a
//! value is not supported.

use amdsmi::{Context, ProcessorHandle};
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::render;

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
    /// Print JSON instead of human-readable text
    #[arg(long)]
    json: bool,
    // EPYC CPUs (src/cpu.rs)
    #[command(flatten)]
    cpu: crate::cpu::StaticArgs,
}

/// A value, or `"N/A"` when the library reports an error.
fn na<T: Serialize>(result: amdsmi::Result<T>) -> Value {
    result.ok().and_then(|v| serde_json::to_value(v).ok()).unwrap_or_else(|| Value::from("N/A"))
}

/// `{"value": v, "unit": unit}`, or `"N/A"`.
fn with_unit<T: Serialize>(value: Option<T>, unit: &str) -> Value {
    value.map_or_else(|| Value::from("N/A"), |v| json!({ "value": v, "unit": unit }))
}

fn limit(context: &Context, gpu: ProcessorHandle) -> Value {
    let Ok(caps) = context.gpu(gpu).and_then(|g| g.power_cap_info()) else { return Value::from("N/A") };
    let watts = |uw: Option<u64>| with_unit(uw.map(|v| v / 1_000_000), "W");
    json!({
        "max_power": watts(caps.max_power_cap),
        "min_power": watts(caps.min_power_cap),
        "socket_power": watts(Some(caps.power_cap)),
    })
}

fn vram(context: &Context, gpu: ProcessorHandle) -> Value {
    let Ok(v) = context.gpu(gpu).and_then(|g| g.vram_info()) else { return Value::from("N/A") };
    let value = |x: Option<Value>| x.unwrap_or_else(|| Value::from("N/A"));
    json!({
        "type": na(Ok(v.vram_type)),
        "vendor": value(v.vram_vendor.map(Value::from)),
        "size": with_unit(v.vram_size, "MB"),
        "bit_width": value(v.vram_bit_width.map(Value::from)),
        "max_bandwidth": with_unit(v.vram_max_bandwidth, "GB/s"),
    })
}

fn cache(context: &Context, gpu: ProcessorHandle) -> Value {
    let Ok(info) = context.gpu(gpu).and_then(|g| g.cache_info()) else { return Value::from("N/A") };
    let caches = info.cache.iter().enumerate().map(|(i, c)| {
        json!({
            "cache": i,
            "cache_properties": c.cache_properties,
            "cache_size": with_unit(Some(c.cache_size), "KB"),
            "cache_level": c.cache_level,
            "max_num_cu_shared": c.max_num_cu_shared,
            "num_cache_instance": c.num_cache_instance,
        })
    });
    Value::Array(caches.collect())
}

/// The static record of one GPU with the selected sections, in amd-smi's order.
fn record(context: &Context, index: usize, gpu: ProcessorHandle, args: &Args) -> Map<String, Value> {
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
    let mut rec = Map::new();
    rec.insert("gpu".into(), index.into());
    let mut add = |on: bool, key: &str, value: &dyn Fn() -> Value| {
        if all || on {
            rec.insert(key.into(), value());
        }
    };
    add(args.asic, "asic", &|| na(context.gpu(gpu).and_then(|g| g.asic_info())));
    add(args.bus, "bus", &|| json!({ "bdf": na(context.gpu(gpu).and_then(|g| g.device_bdf())) }));
    add(args.vbios, "vbios", &|| na(context.gpu(gpu).and_then(|g| g.vbios_info())));
    add(args.limit, "limit", &|| limit(context, gpu));
    add(args.driver, "driver", &|| {
        let info = context.gpu(gpu).and_then(|g| g.driver_info()).ok();
        let field = |f: fn(&amdsmi::DriverInfo) -> &Option<String>| {
            Value::from(info.as_ref().and_then(|i| f(i).clone()).unwrap_or_else(|| "N/A".into()))
        };
        json!({ "name": field(|i| &i.driver_name), "version": field(|i| &i.driver_version) })
    });
    add(args.board, "board", &|| na(context.gpu(gpu).and_then(|g| g.board_info())));
    add(args.partition, "partition", &|| {
        json!({
            "compute_partition": na(context.gpu(gpu).and_then(|g| g.compute_partition())),
            "memory_partition": na(context.gpu(gpu).and_then(|g| g.memory_partition())),
            "partition_id": na(context.gpu(gpu).and_then(|g| g.kfd_info()).map(|k| k.current_partition_id)),
        })
    });
    add(args.numa, "numa", &|| {
        json!({
            "node": na(context.gpu(gpu).and_then(|g| g.topo_numa_node_number())),
            "affinity": na(context.gpu(gpu).and_then(|g| g.topo_numa_affinity())),
        })
    });
    add(args.vram, "vram", &|| vram(context, gpu));
    add(args.cache, "cache_info", &|| cache(context, gpu));
    rec
}

/// Whether `static` is about CPUs (`--cpu` or a CPU section): the CLI then discovers CPUs.
pub fn wants_cpus(args: &Args) -> bool {
    args.cpu.selected()
}

/// Renders `static` for every GPU (for the CPUs with `--cpu`).
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    if args.cpu.selected() {
        return crate::cpu::static_run(context, &args.cpu, args.json);
    }
    let records: Vec<Map<String, Value>> =
        context.processor_handles().into_iter().enumerate().map(|(i, gpu)| record(context, i, gpu, args)).collect();
    Ok(if args.json { render::json(&records) } else { render::human(&records) })
}

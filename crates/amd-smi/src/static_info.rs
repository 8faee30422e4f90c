//! `amd-smi static`: the GPU's static inventory by section, human, `--json` or `--csv`, `N/A`
//! where a value is not supported.
//!
//! Sections, keys and their order are those of AMD's `amdsmi_cli/amdsmi_commands.py`,
//! `AMDSMICommands.static_gpu` (7.0 series; read in the stored version of ROCm/amdsmi nearest to
//! 7.0.2, the tag itself not being in the index): `asic`, `bus`, `vbios`, `limit`, `driver`,
//! `board`, `ras`, `partition` (only with `-p`: reading the partition may wake the GPU, AMD's
//! ROCm 7.0.0 changelog), `soc_pstate`, `xgmi_plpd`, `process_isolation`, `numa`, `vram`,
//! `cache_info`, `clock`. 7.1 renamed `vbios` to `ifwi` and added `boot_firmware`, PPT0/PPT1
//! limits and the PTL state: those are left out, as 7.0.2 prints none of them. Not shown:
//! `numa`'s `cpu_affinity`/`socket_affinity` (later additions, not in this CLI yet).

use amdsmi::{
    AmdSmiClkType, AmdSmiMemoryPageStatus, AmdSmiRasErrState, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context,
    ProcessorHandle,
};
use serde::Serialize;

use crate::metric::gt_per_s;
use crate::render::{self, sections, unit, Entries, Na, Unit};

/// Options of `static`: the sections to show (all but `partition` when none is named).
#[derive(clap::Args)]
pub struct Args {
    /// ASIC: market name, ids, serial, OAM id, compute units, gfx target
    #[arg(short = 'a', long)]
    asic: bool,
    /// Bus: BDF, maximum PCIe width and speed, PCIe version, slot type
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
    /// Power limits and the slowdown and shutdown temperatures
    #[arg(short = 'l', long)]
    limit: bool,
    /// RAS: EEPROM version, bad page threshold, ECC schemas, state of each block
    #[arg(short = 'r', long)]
    ras: bool,
    /// Compute and memory partition (not shown by default)
    #[arg(short = 'p', long)]
    partition: bool,
    /// The available SoC P-state policies
    #[arg(short = 'P', long = "soc-pstate")]
    soc_pstate: bool,
    /// The available XGMI per-link power down policies
    #[arg(short = 'x', long = "xgmi-plpd")]
    xgmi_plpd: bool,
    /// The process isolation status
    #[arg(short = 'R', long = "process-isolation")]
    process_isolation: bool,
    /// NUMA node and affinity
    #[arg(short = 'u', long)]
    numa: bool,
    /// VRAM type, vendor, size and width
    #[arg(short = 'v', long)]
    vram: bool,
    /// Caches
    #[arg(short = 'c', long)]
    cache: bool,
    /// Frequency levels of the named clocks (SYS, MEM, DF, SOC, DCEF, VCLK0, VCLK1, DCLK0,
    /// DCLK1 or ALL; all without a name)
    #[arg(short = 'C', long, num_args = 0.., value_name = "CLK", ignore_case = true, value_enum)]
    clock: Option<Vec<ClockName>>,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
    // EPYC CPUs (epyc.rs)
    #[command(flatten)]
    cpu: crate::epyc::StaticArgs,
}

/// A clock `static --clock` can name (AMD's `get_clock_types()` but PCIE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ClockName {
    /// GFX clock.
    Sys,
    /// Memory clock.
    Mem,
    /// Data fabric clock.
    Df,
    /// SoC clock.
    Soc,
    /// Display controller clock.
    Dcef,
    /// Video clock 0.
    Vclk0,
    /// Video clock 1.
    Vclk1,
    /// Decoder clock 0.
    Dclk0,
    /// Decoder clock 1.
    Dclk1,
    /// Every clock.
    All,
}

/// The clocks of the `clock` section, in AMD's order, by key.
const CLOCKS: [(&str, ClockName, AmdSmiClkType); 9] = [
    ("sys", ClockName::Sys, AmdSmiClkType::Sys),
    ("mem", ClockName::Mem, AmdSmiClkType::Mem),
    ("df", ClockName::Df, AmdSmiClkType::Df),
    ("soc", ClockName::Soc, AmdSmiClkType::Soc),
    ("dcef", ClockName::Dcef, AmdSmiClkType::Dcef),
    ("vclk0", ClockName::Vclk0, AmdSmiClkType::Vclk0),
    ("vclk1", ClockName::Vclk1, AmdSmiClkType::Vclk1),
    ("dclk0", ClockName::Dclk0, AmdSmiClkType::Dclk0),
    ("dclk1", ClockName::Dclk1, AmdSmiClkType::Dclk1),
];

/// The `asic` section, AMD's keys in AMD's order (`num_compute_units` for the library's
/// `num_of_compute_units`).
fn asic(context: &Context, gpu: ProcessorHandle) -> Na<Entries<serde_json::Value>> {
    const KEYS: [(&str, &str); 11] = [
        ("market_name", "market_name"),
        ("vendor_id", "vendor_id"),
        ("vendor_name", "vendor_name"),
        ("subvendor_id", "subvendor_id"),
        ("device_id", "device_id"),
        ("subsystem_id", "subsystem_id"),
        ("rev_id", "rev_id"),
        ("asic_serial", "asic_serial"),
        ("oam_id", "oam_id"),
        ("num_compute_units", "num_of_compute_units"),
        ("target_graphics_version", "target_graphics_version"),
    ];
    let info = Na::ok(context.gpu(gpu).and_then(|g| g.asic_info())).0;
    let Some(serde_json::Value::Object(fields)) = info.and_then(|i| serde_json::to_value(i).ok()) else {
        return Na::NA;
    };
    let na = serde_json::Value::from(render::NA);
    Na(Some(Entries(
        KEYS.iter().map(|(key, from)| ((*key).to_owned(), fields.get(*from).unwrap_or(&na).clone())).collect(),
    )))
}

/// The `bus` section: BDF, maximum PCIe link (lanes, GT/s), PCIe generation (`Gen N`), slot.
#[derive(Serialize)]
struct Bus {
    bdf: Na<amdsmi::Bdf>,
    max_pcie_width: Na<u32>,
    max_pcie_speed: Na<Unit<serde_json::Number>>,
    pcie_interface_version: Na<serde_json::Value>,
    slot_type: Na<String>,
}

fn bus(context: &Context, gpu: ProcessorHandle) -> Bus {
    let pcie = Na::ok(context.gpu(gpu).and_then(|g| g.pcie_info())).0.map(|p| p.pcie_static);
    let version = |v: u32| if v > 0 { serde_json::Value::from(format!("Gen {v}")) } else { serde_json::Value::from(v) };
    Bus {
        bdf: Na::ok(context.gpu(gpu).and_then(|g| g.device_bdf())),
        max_pcie_width: Na(pcie.as_ref().and_then(|p| p.max_pcie_width)),
        max_pcie_speed: Na(pcie.as_ref().and_then(|p| p.max_pcie_speed).map(gt_per_s)),
        pcie_interface_version: Na(pcie.as_ref().and_then(|p| p.pcie_interface_version).map(version)),
        slot_type: Na(pcie.and_then(|p| p.slot_type)),
    }
}

/// The `vbios` section (7.0.2's `amdsmi_vbios_info_t` has no boot firmware).
#[derive(Serialize)]
struct Vbios {
    name: Na<String>,
    build_date: Na<String>,
    part_number: Na<String>,
    version: Na<String>,
}

fn vbios(context: &Context, gpu: ProcessorHandle) -> Na<Vbios> {
    Na(Na::ok(context.gpu(gpu).and_then(|g| g.vbios_info())).0.map(|v| Vbios {
        name: Na(v.name),
        build_date: Na(v.build_date),
        part_number: Na(v.part_number),
        version: Na(v.version),
    }))
}

/// The `limit` section: power caps (W) and the slowdown (critical) and shutdown (emergency)
/// temperatures of the edge, hotspot and VRAM sensors (°C; `C` in JSON).
#[derive(Serialize)]
struct Limit {
    max_power: Na<Unit<u64>>,
    min_power: Na<Unit<u64>>,
    socket_power: Na<Unit<u64>>,
    slowdown_edge_temperature: Na<Unit<i64>>,
    slowdown_hotspot_temperature: Na<Unit<i64>>,
    slowdown_vram_temperature: Na<Unit<i64>>,
    shutdown_edge_temperature: Na<Unit<i64>>,
    shutdown_hotspot_temperature: Na<Unit<i64>>,
    shutdown_vram_temperature: Na<Unit<i64>>,
}

fn limit(context: &Context, gpu: ProcessorHandle) -> Limit {
    let caps = Na::ok(context.gpu(gpu).and_then(|g| g.power_cap_info())).0;
    let watts = |uw: Option<u64>| unit(uw.map(|v| v / 1_000_000), "W");
    let temp = |sensor, metric| {
        let t = Na::ok(context.gpu(gpu).and_then(|g| g.temp_metric(sensor, metric))).0;
        // AMD reads an edge limit of 0 as "no edge sensor".
        unit(t.filter(|&t| !(sensor == AmdSmiTemperatureType::Edge && t == 0)), "C")
    };
    let (crit, emergency) = (AmdSmiTemperatureMetric::Critical, AmdSmiTemperatureMetric::Emergency);
    Limit {
        max_power: watts(caps.as_ref().and_then(|c| c.max_power_cap)),
        min_power: watts(caps.as_ref().and_then(|c| c.min_power_cap)),
        socket_power: watts(caps.as_ref().map(|c| c.power_cap)),
        slowdown_edge_temperature: temp(AmdSmiTemperatureType::Edge, crit),
        slowdown_hotspot_temperature: temp(AmdSmiTemperatureType::Junction, crit),
        slowdown_vram_temperature: temp(AmdSmiTemperatureType::Vram, crit),
        shutdown_edge_temperature: temp(AmdSmiTemperatureType::Edge, emergency),
        shutdown_hotspot_temperature: temp(AmdSmiTemperatureType::Junction, emergency),
        shutdown_vram_temperature: temp(AmdSmiTemperatureType::Vram, emergency),
    }
}

/// The `ras` section: EEPROM version, bad page threshold and whether the retired pages exceed
/// it (ROCm 7.0.2), ECC schemas (`ENABLED`/`DISABLED`), and the state of every block.
#[derive(Serialize)]
struct Ras {
    eeprom_version: Na<String>,
    bad_page_threshold: Na<u32>,
    bad_page_threshold_exceeded: Na<&'static str>,
    parity_schema: Na<&'static str>,
    single_bit_schema: Na<&'static str>,
    double_bit_schema: Na<&'static str>,
    poison_schema: Na<&'static str>,
    ecc_block_state: Na<Entries<&'static str>>,
}

fn ras(context: &Context, gpu: ProcessorHandle) -> Ras {
    let info = Na::ok(context.gpu(gpu).and_then(|g| g.ras_feature_info())).0;
    let threshold = Na::ok(context.gpu(gpu).and_then(|g| g.bad_page_threshold())).0;
    let retired = Na::ok(context.gpu(gpu).and_then(|g| g.bad_page_info()))
        .0
        .map(|pages| pages.iter().filter(|p| p.status == AmdSmiMemoryPageStatus::Reserved).count());
    let exceeded = threshold.zip(retired).map(|(t, r)| if r > t as usize { "True" } else { "False" });
    let schema =
        |f: fn(&amdsmi::RasFeatureInfo) -> bool| Na(info.as_ref().map(|i| if f(i) { "ENABLED" } else { "DISABLED" }));
    let blocks = Na::ok(context.gpu(gpu).and_then(|g| g.ras_block_features_enabled())).0.map(|states| {
        let state = |s: AmdSmiRasErrState| if s == AmdSmiRasErrState::Enabled { "ENABLED" } else { "DISABLED" };
        Entries(states.iter().map(|s| (s.block.name().to_owned(), state(s.status))).collect())
    });
    Ras {
        eeprom_version: Na(info.as_ref().map(|i| format!("{:#x}", i.eeprom_version))),
        bad_page_threshold: Na(threshold),
        bad_page_threshold_exceeded: Na(exceeded),
        parity_schema: schema(|i| i.parity_schema),
        single_bit_schema: schema(|i| i.single_bit_schema),
        double_bit_schema: schema(|i| i.double_bit_schema),
        poison_schema: schema(|i| i.poison_schema),
        ecc_block_state: Na(blocks),
    }
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

/// One kind of cache of the `cache_info` section (`CACHE_N:` blocks for people).
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

/// The frequency levels of one clock: the current level and `Level N: F MHz` (AMD writes the
/// unit inside the string in every format).
#[derive(Serialize)]
struct ClockLevels {
    #[serde(rename = "current level")]
    current_level: Na<u32>,
    frequency_levels: Entries<String>,
}

fn clock(context: &Context, gpu: ProcessorHandle, names: &[ClockName]) -> Entries<Na<ClockLevels>> {
    let all = names.is_empty() || names.contains(&ClockName::All);
    let levels = |clk| {
        let f = Na::ok(context.gpu(gpu).and_then(|g| g.clk_freq(clk))).0.filter(|f| f.num_supported != 0);
        Na(f.map(|f| ClockLevels {
            current_level: Na(f.current),
            frequency_levels: Entries(
                f.frequency
                    .iter()
                    .enumerate()
                    .map(|(i, hz)| (format!("Level {i}"), format!("{} MHz", hz / 1_000_000)))
                    .collect(),
            ),
        }))
    };
    let wanted = CLOCKS.iter().filter(|(_, name, _)| all || names.contains(name));
    Entries(wanted.map(|&(key, _, clk)| (key.to_owned(), levels(clk))).collect())
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
    accelerator_partition: Na<String>,
    memory_partition: Na<String>,
    partition_id: Na<Option<u32>>,
}

/// The `numa` section (an affinity of -1, no NUMA node, is `NONE` for people).
#[derive(Serialize)]
struct Numa {
    node: Na<u32>,
    affinity: Na<i32>,
}

sections! {
    /// The static record of one GPU: the selected sections, in amd-smi's order.
    struct Static {
        asic: Na<Entries<serde_json::Value>>,
        bus: Bus,
        vbios: Na<Vbios>,
        limit: Limit,
        driver: Driver,
        board: Na<amdsmi::BoardInfo>,
        ras: Ras,
        partition: Partition,
        soc_pstate: Na<amdsmi::DpmPolicy>,
        xgmi_plpd: Na<amdsmi::DpmPolicy>,
        process_isolation: Na<&'static str>,
        numa: Numa,
        vram: Na<Vram>,
        cache_info: Na<Vec<Cache>>,
        clock: Entries<Na<ClockLevels>>,
    }
}

/// The static record of one GPU with the selected sections.
fn record(context: &Context, gpu: ProcessorHandle, args: &Args) -> Static {
    let all = ![
        args.asic,
        args.bus,
        args.vbios,
        args.driver,
        args.board,
        args.limit,
        args.ras,
        args.partition,
        args.soc_pstate,
        args.xgmi_plpd,
        args.process_isolation,
        args.numa,
        args.vram,
        args.cache,
        args.clock.is_some(),
    ]
    .contains(&true);
    let on = |flag: bool| all || flag;
    let g = || context.gpu(gpu);
    Static {
        asic: on(args.asic).then(|| asic(context, gpu)),
        bus: on(args.bus).then(|| bus(context, gpu)),
        vbios: on(args.vbios).then(|| vbios(context, gpu)),
        limit: on(args.limit).then(|| limit(context, gpu)),
        driver: on(args.driver).then(|| {
            let info = g().and_then(|g| g.driver_info()).ok();
            Driver {
                name: Na(info.as_ref().and_then(|i| i.driver_name.clone())),
                version: Na(info.and_then(|i| i.driver_version)),
            }
        }),
        board: on(args.board).then(|| Na::ok(g().and_then(|g| g.board_info()))),
        ras: on(args.ras).then(|| ras(context, gpu)),
        // Not part of the default output (AMD's ROCm 7.0.0 change).
        partition: args.partition.then(|| Partition {
            accelerator_partition: Na::ok(g().and_then(|g| g.compute_partition())),
            memory_partition: Na::ok(g().and_then(|g| g.memory_partition())),
            partition_id: Na::ok(g().and_then(|g| g.kfd_info()).map(|k| k.current_partition_id)),
        }),
        soc_pstate: on(args.soc_pstate).then(|| Na::ok(g().and_then(|g| g.soc_pstate()))),
        xgmi_plpd: on(args.xgmi_plpd).then(|| Na::ok(g().and_then(|g| g.xgmi_plpd()))),
        process_isolation: on(args.process_isolation).then(|| {
            Na(Na::ok(g().and_then(|g| g.process_isolation())).0.map(|on| if on != 0 { "Enabled" } else { "Disabled" }))
        }),
        numa: on(args.numa).then(|| Numa {
            node: Na::ok(g().and_then(|g| g.topo_numa_node_number())),
            affinity: Na::ok(g().and_then(|g| g.topo_numa_affinity())),
        }),
        vram: on(args.vram).then(|| vram(context, gpu)),
        cache_info: on(args.cache).then(|| cache(context, gpu)),
        clock: (all || args.clock.is_some()).then(|| clock(context, gpu, args.clock.as_deref().unwrap_or_default())),
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

//! `amd-smi process`: the processes on each GPU, human or `--json`, laid out as AMD's `amd-smi
//! process` prints them: per GPU a `process_list` of `{"process_info": {...}}` (human: one
//! `PROCESS_INFO:` block each), `"No running processes detected"` when there is none; repeated
//! with the watch options ([`crate::watch`]).

use amdsmi::{Context, ProcessInfo, ProcessorHandle};
use serde::Serialize;

use crate::render::{self, unit, Na, Unit, NA};

/// Options of `process`.
#[derive(clap::Args)]
pub struct Args {
    /// Only the name, pid and memory use of each process (no per-pool memory, no engine usage)
    #[arg(short = 'G', long)]
    general: bool,
    /// Only the name, pid and engine usage of each process (no memory)
    #[arg(short = 'e', long)]
    engine: bool,
    /// Only the process with this id
    #[arg(short = 'p', long, value_name = "PID")]
    pid: Option<u32>,
    /// Only processes with this name (case-insensitive)
    #[arg(short = 'n', long, value_name = "NAME")]
    name: Option<String>,
    #[command(flatten)]
    watch: crate::watch::Watch,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
}

/// What `process` and `monitor -q` print for a GPU without processes.
pub(crate) const NO_PROCESS: &str = "No running processes detected";

/// A process's memory by pool, bytes, as `process` and `monitor -q` print it.
#[derive(Serialize)]
pub(crate) struct MemoryUsage {
    gtt_mem: Na<Unit<u64>>,
    cpu_mem: Na<Unit<u64>>,
    vram_mem: Na<Unit<u64>>,
}

impl MemoryUsage {
    pub(crate) fn of(usage: &amdsmi::ProcessMemoryUsage) -> MemoryUsage {
        let bytes = |value: Option<u64>| unit(value, "B");
        MemoryUsage { gtt_mem: bytes(usage.gtt_mem), cpu_mem: bytes(usage.cpu_mem), vram_mem: bytes(usage.vram_mem) }
    }
}

/// Engine time, ns.
#[derive(Serialize)]
struct EngineUsage {
    gfx: Na<Unit<u64>>,
    enc: Na<Unit<u64>>,
}

/// One process as AMD's CLI lays it out.
#[derive(Serialize)]
struct Process {
    name: Na<String>,
    pid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory_usage: Option<MemoryUsage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mem_usage: Option<Na<Unit<u64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage: Option<EngineUsage>,
    cu_occupancy: Na<u32>,
    evicted_time: Na<Unit<u64>>,
}

/// An entry of a GPU's `process_list`: a process, or why there is none (`N/A`, no process).
#[derive(Serialize)]
#[serde(untagged)]
enum Info {
    Process(Box<Process>),
    Message(&'static str),
}

/// `{"process_info": ...}`.
#[derive(Serialize)]
struct Entry {
    process_info: Info,
}

/// The processes of one GPU.
#[derive(Serialize)]
struct Gpu {
    process_list: Vec<Entry>,
}

/// One process, with the `--general`/`--engine` filters applied.
fn process(p: &ProcessInfo, args: &Args) -> Process {
    let bytes = |value: Option<u64>| unit(value, "B");
    Process {
        name: Na(p.name.clone()),
        pid: p.pid,
        memory_usage: (!(args.general || args.engine)).then(|| MemoryUsage::of(&p.memory_usage)),
        mem_usage: (args.general || !args.engine).then(|| bytes(p.mem)),
        usage: (args.engine || !args.general)
            .then(|| EngineUsage { gfx: unit(p.engine_usage.gfx, "ns"), enc: unit(p.engine_usage.enc, "ns") }),
        cu_occupancy: Na(p.cu_occupancy),
        evicted_time: unit(p.evicted_time, "ms"),
    }
}

/// The `process_info` entries of one GPU after the `--pid`/`--name` filters.
fn processes(context: &Context, gpu: ProcessorHandle, args: &Args) -> Gpu {
    let entry = |process_info| Entry { process_info };
    let Ok(list) = context.gpu(gpu).and_then(|g| g.process_list()) else {
        return Gpu { process_list: vec![entry(Info::Message(NA))] };
    };
    let wanted = |p: &&ProcessInfo| {
        args.pid.map_or(true, |pid| p.pid == pid)
            && args.name.as_ref().map_or(true, |n| p.name.as_ref().is_some_and(|name| name.eq_ignore_ascii_case(n)))
    };
    let mut process_list: Vec<Entry> =
        list.iter().filter(wanted).map(|p| entry(Info::Process(Box::new(process(p, args))))).collect();
    if process_list.is_empty() {
        process_list.push(entry(Info::Message(NO_PROCESS)));
    }
    Gpu { process_list }
}

/// Renders `process` for the selected GPUs: once, or as the watch options say.
pub fn run(context: &Context, args: &Args, out: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    let selected = args.gpus.resolve(context)?;
    crate::watch::run(args.watch, args.output, out, |output| {
        let gpus: Vec<(usize, Gpu)> = selected.iter().map(|&(i, gpu)| (i, processes(context, gpu, args))).collect();
        Ok(render::records(output, "gpu", &gpus))
    })
}

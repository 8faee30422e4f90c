//! `amd-smi dump`: every read-only API function the library implements, on every processor, as
//! one JSON document — the machine-readable mirror of the Python API, for bug reports and
//! snapshot tests.
//!
//! Layout: `{"system": {fn: result}, "processors": {"<key>": {fn: result}}, "sockets":
//! {"<socket id>": {fn: result}}}`, a processor's key being its BDF (GPUs), `cpu<n>` (CPU
//! sockets) or `core<n>` (CPU cores); a result is the function's value with its documented keys,
//! or the status name of its error (`"AMDSMI_STATUS_NOT_SUPPORTED"`).
//!
//! The functions and their argument variants come from the library's one declaration of the
//! surface, [`amdsmi::amdsmi_functions!`]: the registry below is generated from it, so a new
//! read-only function is in `dump` as soon as it is declared. `custom` rows are computed here.

use amdsmi::{AmdSmiLinkType, AmdSmiProcessorType, Context, ProcessorHandle, SocketHandle};
use std::io::Write;

use serde_json::{Map, Value};

use crate::json_or_status;

/// Options of `dump`.
#[derive(clap::Args)]
pub struct Args {
    /// Only these functions (repeatable), e.g. --function amdsmi_get_gpu_kfd_info
    #[arg(long = "function", value_name = "NAME")]
    functions: Vec<String>,
    /// Accepted for symmetry with the other commands: `dump` always prints JSON
    #[arg(long)]
    json: bool,
}

/// What a dump entry is called on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The system: no handle.
    System,
    /// The system, when the context has CPUs.
    CpuSystem,
    /// Every socket.
    Socket,
    /// Every processor, whatever its kind.
    Processor,
    /// GPU processors.
    Gpu,
    /// CPU socket processors.
    CpuSocket,
    /// CPU core processors.
    CpuCore,
}

/// A handle a dump entry is called with.
#[derive(Clone, Copy, Debug)]
pub enum On {
    /// No handle (system functions).
    System,
    /// A socket.
    Socket(SocketHandle),
    /// A processor.
    Processor(ProcessorHandle),
}

type Call = Box<dyn Fn(&Context, On) -> Value>;

/// One function (with one argument variant) of the dump.
pub struct Entry {
    /// The function's documented name.
    pub function: &'static str,
    /// The dump key: the name, with the variant's arguments in parentheses.
    pub name: String,
    /// What it is called on.
    pub target: Target,
    call: Call,
}

fn processor(on: On) -> amdsmi::Result<ProcessorHandle> {
    match on {
        On::Processor(handle) => Ok(handle),
        _ => Err(amdsmi::Error::new(amdsmi::Status::Inval)),
    }
}

fn socket(on: On) -> amdsmi::Result<SocketHandle> {
    match on {
        On::Socket(handle) => Ok(handle),
        _ => Err(amdsmi::Error::new(amdsmi::Status::Inval)),
    }
}

/// The rows of `custom` functions: their dump names and values.
mod custom {
    use super::*;

    /// The ROCm version of the dumped root (not of `AMDSMI_ROOT`).
    pub fn amdsmi_get_rocm_version() -> Vec<(String, Target, Call)> {
        let call: Call = Box::new(|c, _| json_or_status(Ok(amdsmi::rocm_version(c.root()))));
        vec![("amdsmi_get_rocm_version".into(), Target::System, call)]
    }

    /// `{"<pid>": f(pid)}` for every process KFD lists.
    fn per_pid<T: serde::Serialize + 'static>(f: fn(&Context, u32) -> amdsmi::Result<T>) -> Call {
        Box::new(move |c, _| {
            let pids = c.gpu_compute_process_info().into_iter().map(|p| p.process_id);
            Value::Object(pids.map(|pid| (pid.to_string(), json_or_status(f(c, pid)))).collect())
        })
    }

    /// Every pid KFD lists.
    pub fn amdsmi_get_gpu_compute_process_info_by_pid() -> Vec<(String, Target, Call)> {
        let name = "amdsmi_get_gpu_compute_process_info_by_pid(each pid)";
        vec![(name.into(), Target::System, per_pid(Context::gpu_compute_process_info_by_pid))]
    }

    /// Every pid KFD lists.
    pub fn amdsmi_get_gpu_compute_process_gpus() -> Vec<(String, Target, Call)> {
        let name = "amdsmi_get_gpu_compute_process_gpus(each pid)";
        vec![(name.into(), Target::System, per_pid(Context::gpu_compute_process_gpus))]
    }

    /// The nearest GPUs by link type, as BDFs (handles mean nothing outside the process).
    pub fn amdsmi_get_link_topology_nearest() -> Vec<(String, Target, Call)> {
        [AmdSmiLinkType::Xgmi, AmdSmiLinkType::Pcie]
            .into_iter()
            .map(|link_type| {
                let name = format!("amdsmi_get_link_topology_nearest({})", link_type.name());
                let call: Call = Box::new(move |c, on| {
                    json_or_status(processor(on).and_then(|h| crate::topology::nearest_bdfs(c, h, link_type)))
                });
                (name, Target::Gpu, call)
            })
            .collect()
    }
}

/// Generates [`registry`] from the surface table.
macro_rules! dump_registry {
    ($( $(#[$attr:meta])* $kind:ident $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident, $dump:tt; )*) => {
        /// Every dump entry, in the table's order (`zip` rows interleaved).
        pub fn registry() -> Vec<Entry> {
            #[allow(unused_imports, clippy::wildcard_imports)]
            use amdsmi::*;
            let mut rows: Vec<(Vec<Entry>, Option<&str>)> = Vec::new();
            $( dump_registry!(@row rows $kind $name ($($arg: $aty),*) = $method, $dump); )*
            interleave(rows)
        }
    };
    (@row $rows:ident $kind:ident $name:ident ($($arg:ident: $aty:ty),*) = $method:ident, write) => {};
    (@row $rows:ident $kind:ident $name:ident ($($arg:ident: $aty:ty),*) = $method:ident, (skip $why:literal)) => {};
    (@row $rows:ident $kind:ident $name:ident ($($arg:ident: $aty:ty),*) = $method:ident, custom) => {
        let entries = custom::$name()
            .into_iter()
            .map(|(name, target, call)| Entry { function: stringify!($name), name, target, call })
            .collect();
        $rows.push((entries, None));
    };
    (@row $rows:ident $kind:ident $name:ident () = $method:ident, read) => {
        $rows.push((vec![dump_registry!(@entry $kind $name stringify!($name).to_owned(), () = $method)], None));
    };
    (@row $rows:ident $kind:ident $name:ident ($($arg:ident: $aty:ty),*) = $method:ident, [$variants:expr]) => {
        $rows.push((dump_registry!(@variants $kind $name ($($arg),*) = $method, $variants), None));
    };
    (@row $rows:ident $kind:ident $name:ident ($($arg:ident: $aty:ty),*) = $method:ident, (zip $group:ident [$variants:expr])) => {
        let entries = dump_registry!(@variants $kind $name ($($arg),*) = $method, $variants);
        $rows.push((entries, Some(stringify!($group))));
    };
    (@variants $kind:ident $name:ident ($($arg:ident),*) = $method:ident, $variants:expr) => {
        $variants
            .into_iter()
            .map(|(label, args)| {
                let name = format!("{}({})", stringify!($name), label);
                dump_registry!(@entry $kind $name name, args ($($arg),*) = $method)
            })
            .collect::<Vec<Entry>>()
    };
    (@entry $kind:ident $name:ident $key:expr, () = $method:ident) => {
        dump_registry!(@entry $kind $name $key, () () = $method)
    };
    (@entry $kind:ident $name:ident $key:expr, $args:tt ($($arg:ident),*) = $method:ident) => {{
        let args = $args;
        #[allow(unused_variables)]
        let call: Call = Box::new(move |c: &Context, on: On| {
            #[allow(unused_variables, clippy::let_unit_value)]
            let ($($arg,)*) = args;
            dump_registry!(@call $kind $name c on ($($arg),*) $method)
        });
        Entry { function: stringify!($name), name: $key, target: dump_registry!(@target $kind), call }
    }};
    (@call gpu $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => {
        json_or_status(processor($on).and_then(|h| $c.gpu(h)?.$method($($arg),*)))
    };
    (@call cpu_socket $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => {
        json_or_status(processor($on).and_then(|h| $c.cpu_socket(h)?.$method($($arg),*)))
    };
    (@call cpu_core $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => {
        json_or_status(processor($on).and_then(|h| $c.cpu_core(h)?.$method($($arg),*)))
    };
    (@call processor $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => {
        json_or_status(processor($on).and_then(|h| $c.$method(h $(, $arg)*)))
    };
    (@call socket $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => {
        json_or_status(socket($on).and_then(|s| $c.$method(s $(, $arg)*)))
    };
    (@call system $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => { json_or_status($c.$method($($arg),*)) };
    (@call cpu_system $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => { json_or_status($c.$method($($arg),*)) };
    (@call system_list $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => {
        json_or_status(Ok($c.$method($($arg),*)))
    };
    (@call free $name:ident $c:ident $on:ident ($($arg:ident),*) $method:ident) => { json_or_status(amdsmi::api::$name($($arg),*)) };
    (@target gpu) => { Target::Gpu };
    (@target cpu_socket) => { Target::CpuSocket };
    (@target cpu_core) => { Target::CpuCore };
    (@target processor) => { Target::Processor };
    (@target socket) => { Target::Socket };
    (@target system) => { Target::System };
    (@target system_list) => { Target::System };
    (@target free) => { Target::System };
    (@target cpu_system) => { Target::CpuSystem };
}

amdsmi::amdsmi_functions!(dump_registry);

/// Flattens the rows; each run of consecutive rows of one `zip` group is interleaved variant by
/// variant.
fn interleave(rows: Vec<(Vec<Entry>, Option<&str>)>) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut run: Vec<std::vec::IntoIter<Entry>> = Vec::new();
    let mut run_group = None;
    let flush = |run: &mut Vec<std::vec::IntoIter<Entry>>, out: &mut Vec<Entry>| {
        while !run.is_empty() {
            for iter in run.iter_mut() {
                out.extend(iter.next());
            }
            run.retain(|iter| iter.len() > 0);
        }
    };
    for (entries, group) in rows {
        if group != run_group {
            flush(&mut run, &mut out);
            run_group = group;
        }
        match group {
            Some(_) => run.push(entries.into_iter()),
            None => out.extend(entries),
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The function a dump name stands for: `amdsmi_get_clk_freq(SYS)` → `amdsmi_get_clk_freq`.
fn bare(name: &str) -> &str {
    name.split('(').next().unwrap_or(name)
}

/// `dump`'s key of a processor: its BDF (GPU), `cpu<n>` or `core<n>`, and what runs on it.
fn processor_key(context: &Context, handle: ProcessorHandle) -> (String, Target) {
    let kind = context.processor_type(handle).map(|t| t.processor_type);
    let cpu = |prefix: &str| context.processor_info(handle).map(|i| format!("{prefix}{i}"));
    let key = match kind {
        Ok(AmdSmiProcessorType::AmdCpu) => cpu("cpu").map(|k| (k, Target::CpuSocket)),
        Ok(AmdSmiProcessorType::AmdCpuCore) => cpu("core").map(|k| (k, Target::CpuCore)),
        _ => context.gpu(handle).and_then(|g| g.device_bdf()).map(|b| (b.to_string(), Target::Gpu)),
    };
    key.unwrap_or_else(|e| (e.status().name().to_owned(), Target::Gpu))
}

/// Writes the dump document through `emit`, processor by processor: one processor's results are
/// in memory at a time (the document of an 8 x MI300X machine in CPX mode is 5.7 MB).
pub fn run(context: &Context, args: &Args, emit: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    let entries = registry();
    let known = |name: &str| entries.iter().any(|e| [e.name.as_str(), e.function].contains(&name));
    if let Some(unknown) = args.functions.iter().find(|f| !known(f)) {
        return Err(amdsmi::Error::parameter(format!("dump knows no function {unknown:?}")));
    }
    let wanted =
        |e: &&Entry| args.functions.is_empty() || args.functions.iter().any(|f| *f == e.name || f == bare(&e.name));
    let run_on = |targets: &[Target], on: On| -> Map<String, Value> {
        let selected = entries.iter().filter(|e| targets.contains(&e.target)).filter(wanted);
        selected.map(|e| (e.name.clone(), (e.call)(context, on))).collect()
    };

    let mut system_targets = vec![Target::System];
    if !context.cpusocket_handles().is_empty() {
        system_targets.push(Target::CpuSystem);
    }
    let doc = Doc {
        system: run_on(&system_targets, On::System),
        processors: Streamed(|| {
            context.processor_handles().into_iter().map(|handle| {
                let (key, target) = processor_key(context, handle);
                (key, run_on(&[Target::Processor, target], On::Processor(handle)))
            })
        }),
        sockets: Streamed(|| {
            context.socket_handles().into_iter().map(|socket| {
                let key = context.socket_info(socket).unwrap_or_else(|e| e.status().name().to_owned());
                (key, run_on(&[Target::Socket], On::Socket(socket)))
            })
        }),
    };
    let mut out = Chunks { pending: Vec::new(), emit, closed: false };
    let written = serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from).and_then(|()| {
        out.write_all(b"\n")?;
        out.flush()
    });
    match written {
        Err(e) if !out.closed => Err(amdsmi::Error::new(amdsmi::Status::Io).with_detail(e.to_string())),
        _ => Ok(()),
    }
}

/// The dump document: `system` computed first, `processors` and `sockets` as they are written.
#[derive(serde::Serialize)]
struct Doc<P, S> {
    system: Map<String, Value>,
    processors: P,
    sockets: S,
}

/// A JSON object written entry by entry, each value computed when it is written.
struct Streamed<F>(F);

impl<F, I, V> serde::Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator<Item = (String, V)>,
    V: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map((self.0)())
    }
}

/// Output passed to `emit` in pieces of about 64 KiB, each ending on a character boundary.
struct Chunks<'e> {
    pending: Vec<u8>,
    emit: &'e mut dyn FnMut(&str) -> bool,
    /// `emit` refused a piece: the reader is gone, so writing stops (not an error of ours).
    closed: bool,
}

impl Chunks<'_> {
    /// Emits the pending bytes up to the last whole character.
    fn emit_pending(&mut self) -> std::io::Result<()> {
        // Validated once; a split character (which serde_json, writing whole strings, does not
        // make) is validated again up to where it starts.
        let text = match std::str::from_utf8(&self.pending) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&self.pending[..e.valid_up_to()]).unwrap_or_default(),
        };
        let whole = text.len();
        if !text.is_empty() && !(self.emit)(text) {
            self.closed = true;
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        self.pending.drain(..whole);
        Ok(())
    }
}

impl std::io::Write for Chunks<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= 1 << 16 {
            self.emit_pending()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.emit_pending()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amdsmi::surface::{Dump, FUNCTIONS};

    fn dump_of(machine: &str) -> Value {
        let root = format!("{}/../../fixtures/machines/{machine}", env!("CARGO_MANIFEST_DIR"));
        let flags = amdsmi::AmdSmiInitFlags::INIT_ALL_PROCESSORS;
        let context = Context::builder().root(root).flags(flags).build().unwrap();
        let args = Args { functions: Vec::new(), json: true };
        let mut text = String::new();
        run(&context, &args, &mut |piece| {
            text.push_str(piece);
            true
        })
        .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// Every function the table declares as a read appears in the dump of a machine with GPUs,
    /// CPU sockets and cores: in `system`, on a socket, or on a processor.
    #[test]
    fn every_read_function_is_dumped() {
        let doc = dump_of("mi300x-cpx");
        let mut dumped: Vec<&str> = doc["system"].as_object().unwrap().keys().map(|k| bare(k)).collect();
        for section in ["processors", "sockets"] {
            for entries in doc[section].as_object().unwrap().values() {
                dumped.extend(entries.as_object().unwrap().keys().map(|k| bare(k)));
            }
        }
        let reads = FUNCTIONS.iter().filter(|f| f.dump == Dump::Read);
        let missing: Vec<&str> = reads.map(|f| f.name).filter(|name| !dumped.contains(name)).collect();
        assert!(missing.is_empty(), "read-only functions missing from dump: {missing:?}");
        // Keys by processor kind: BDFs, cpu<n> and core<n> (mi300x-cpx has 2 sockets, 8 + 8 cores).
        let processors = doc["processors"].as_object().unwrap();
        assert!(processors.contains_key("0000:05:00.0") && processors.contains_key("cpu1"));
        assert_eq!(processors["cpu1"]["amdsmi_get_processor_type"]["processor_type"], "AMD_CPU");
    }

    /// Rows of one `zip` group are interleaved variant by variant; other rows keep their order.
    #[test]
    fn zip_rows_interleave_by_variant() {
        let names: Vec<String> = registry().into_iter().map(|e| e.name).collect();
        let at = |name: &str| names.iter().position(|n| n == name).unwrap();
        assert_eq!(at("amdsmi_get_clock_info(SYS)"), at("amdsmi_get_clk_freq(SYS)") + 1);
        assert_eq!(at("amdsmi_get_clk_freq(DF)"), at("amdsmi_get_clock_info(SYS)") + 1);
        assert_eq!(at("amdsmi_get_gpu_memory_total(VRAM)"), at("amdsmi_get_clock_info(DCLK1)") + 1);
        assert_eq!(at("amdsmi_get_gpu_memory_usage(VRAM)"), at("amdsmi_get_gpu_memory_total(VRAM)") + 1);
    }
}

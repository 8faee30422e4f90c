//! `amd-smi dump`: every read-only API function the library implements, on every processor, as
//! one JSON document — the machine-readable mirror of the Python API, for bug reports and
//! snapshot tests.
//!
//! Layout: `{"system": {fn: result}, "processors": {"<BDF>": {fn: result}}, "sockets":
//! {"<socket id>": {fn: result}}}`; a result is the function's value with its documented keys, or
//! the status name of its error (`"AMDSMI_STATUS_NOT_SUPPORTED"`).

use amdsmi::{AmdSmiAffinityScope, Context, ProcessorHandle, SocketHandle};
use serde_json::{Map, Value};

use crate::json_or_status;

/// Options of `dump`.
#[derive(clap::Args)]
pub struct Args {
    /// Only these functions (repeatable), e.g. --function amdsmi_get_gpu_kfd_info
    #[arg(long = "function", value_name = "NAME")]
    functions: Vec<String>,
}

type SystemFn = fn(&Context) -> Value;
type ProcessorFn = fn(&Context, ProcessorHandle) -> Value;
type SocketFn = fn(&Context, SocketHandle) -> Value;

/// Functions that need no processor.
const SYSTEM: &[(&str, SystemFn)] = &[
    ("amdsmi_get_lib_version", |_| json_or_status(amdsmi::amdsmi_get_lib_version())),
    ("amdsmi_get_rocm_version", |c| json_or_status(Ok(amdsmi::api::rocm_version(c.root())))),
];

/// Functions of one processor, with every documented argument variant.
const PROCESSOR: &[(&str, ProcessorFn)] = &[
    ("amdsmi_get_processor_type", |c, h| json_or_status(c.processor_type(h))),
    ("amdsmi_get_gpu_device_bdf", |c, h| json_or_status(c.gpu_device_bdf(h))),
    ("amdsmi_get_gpu_bdf_id", |c, h| json_or_status(c.gpu_bdf_id(h))),
    ("amdsmi_get_gpu_device_uuid", |c, h| json_or_status(c.gpu_device_uuid(h))),
    ("amdsmi_get_gpu_enumeration_info", |c, h| json_or_status(c.gpu_enumeration_info(h))),
    ("amdsmi_get_gpu_kfd_info", |c, h| json_or_status(c.gpu_kfd_info(h))),
    ("amdsmi_get_processor_info", |c, h| json_or_status(c.processor_info(h))),
    ("amdsmi_get_gpu_asic_info", |c, h| json_or_status(c.gpu_asic_info(h))),
    ("amdsmi_get_gpu_board_info", |c, h| json_or_status(c.gpu_board_info(h))),
    ("amdsmi_get_gpu_vbios_info", |c, h| json_or_status(c.gpu_vbios_info(h))),
    ("amdsmi_get_fw_info", |c, h| json_or_status(c.gpu_fw_info(h))),
    ("amdsmi_get_gpu_driver_info", |c, h| json_or_status(c.gpu_driver_info(h))),
    ("amdsmi_get_gpu_vram_info", |c, h| json_or_status(c.gpu_vram_info(h))),
    ("amdsmi_get_gpu_cache_info", |c, h| json_or_status(c.gpu_cache_info(h))),
    ("amdsmi_get_gpu_revision", |c, h| json_or_status(c.gpu_revision(h))),
    ("amdsmi_get_gpu_vendor_name", |c, h| json_or_status(c.gpu_vendor_name(h))),
    ("amdsmi_get_gpu_id", |c, h| json_or_status(c.gpu_id(h))),
    ("amdsmi_get_gpu_vram_vendor", |c, h| json_or_status(c.gpu_vram_vendor(h))),
    ("amdsmi_get_gpu_subsystem_id", |c, h| json_or_status(c.gpu_subsystem_id(h))),
    ("amdsmi_get_gpu_subsystem_name", |c, h| json_or_status(c.gpu_subsystem_name(h))),
    ("amdsmi_topo_get_numa_node_number", |c, h| json_or_status(c.topo_numa_node_number(h))),
    ("amdsmi_get_gpu_topo_numa_affinity", |c, h| json_or_status(c.gpu_topo_numa_affinity(h))),
    ("amdsmi_get_cpu_affinity_with_scope(NODE)", |c, h| {
        json_or_status(c.cpu_affinity_with_scope(h, AmdSmiAffinityScope::Node))
    }),
    ("amdsmi_get_cpu_affinity_with_scope(SOCKET)", |c, h| {
        json_or_status(c.cpu_affinity_with_scope(h, AmdSmiAffinityScope::Socket))
    }),
    ("amdsmi_get_xgmi_info", |c, h| json_or_status(c.xgmi_info(h))),
    ("amdsmi_get_gpu_virtualization_mode", |c, h| json_or_status(c.gpu_virtualization_mode(h))),
    ("amdsmi_get_gpu_compute_partition", |c, h| json_or_status(c.gpu_compute_partition(h))),
    ("amdsmi_get_gpu_memory_partition", |c, h| json_or_status(c.gpu_memory_partition(h))),
    ("amdsmi_get_gpu_accelerator_partition_profile", |c, h| json_or_status(c.gpu_accelerator_partition_profile(h))),
    ("amdsmi_get_power_cap_info", |c, h| json_or_status(c.power_cap_info(h))),
    ("amdsmi_get_supported_power_cap", |c, h| json_or_status(c.supported_power_cap(h))),
    ("amdsmi_is_gpu_power_management_enabled", |c, h| json_or_status(c.is_gpu_power_management_enabled(h))),
];

/// Functions of one socket.
const SOCKET: &[(&str, SocketFn)] = &[("amdsmi_get_socket_info", |c, s| json_or_status(c.socket_info(s)))];

/// Every function name `dump` knows, for `--function` validation. A name with an argument
/// variant, such as `amdsmi_get_cpu_affinity_with_scope(NODE)`, is also selected by its bare name.
fn known(name: &str) -> bool {
    SYSTEM
        .iter()
        .map(|e| e.0)
        .chain(PROCESSOR.iter().map(|e| e.0))
        .chain(SOCKET.iter().map(|e| e.0))
        .any(|n| n == name || n.split('(').next() == Some(name))
}

/// Builds the dump document.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    if let Some(unknown) = args.functions.iter().find(|f| !known(f)) {
        return Err(amdsmi::Error::parameter(format!("dump knows no function {unknown:?}")));
    }
    let bare = |name: &str| name.split('(').next().unwrap_or(name).to_owned();
    let wanted =
        |name: &str| args.functions.is_empty() || args.functions.iter().any(|f| *f == name || *f == bare(name));

    let system: Map<String, Value> =
        SYSTEM.iter().filter(|(n, _)| wanted(n)).map(|(n, f)| (n.to_string(), f(context))).collect();
    let mut processors = Map::new();
    for handle in context.processor_handles() {
        let key = context.gpu_device_bdf(handle).map_or_else(|e| e.status().name().to_owned(), |b| b.to_string());
        let calls = PROCESSOR.iter().filter(|(n, _)| wanted(n)).map(|(n, f)| (n.to_string(), f(context, handle)));
        processors.insert(key, Value::Object(calls.collect()));
    }
    let mut sockets = Map::new();
    for socket in context.socket_handles() {
        let key = context.socket_info(socket).unwrap_or_else(|e| e.status().name().to_owned());
        let calls = SOCKET.iter().filter(|(n, _)| wanted(n)).map(|(n, f)| (n.to_string(), f(context, socket)));
        sockets.insert(key, Value::Object(calls.collect()));
    }
    let doc = serde_json::json!({ "system": system, "processors": processors, "sockets": sockets });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    Ok(text)
}

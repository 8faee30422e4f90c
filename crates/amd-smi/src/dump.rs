//! `amd-smi dump`: every read-only API function the library implements, on every processor, as
//! one JSON document — the machine-readable mirror of the Python API, for bug reports and
//! snapshot tests.
//!
//! Layout: `{"system": {fn: result}, "processors": {"<BDF>": {fn: result}}, "sockets":
//! {"<socket id>": {fn: result}}}`; a result is the function's value with its documented keys, or
//! the status name of its error (`"AMDSMI_STATUS_NOT_SUPPORTED"`).

use amdsmi::{Context, ProcessorHandle, SocketHandle};
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
];

/// Functions of one socket.
const SOCKET: &[(&str, SocketFn)] = &[("amdsmi_get_socket_info", |c, s| json_or_status(c.socket_info(s)))];

/// Every function name `dump` knows, for `--function` validation.
fn known(name: &str) -> bool {
    SYSTEM.iter().map(|e| e.0).chain(PROCESSOR.iter().map(|e| e.0)).chain(SOCKET.iter().map(|e| e.0)).any(|n| n == name)
}

/// Builds the dump document.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    if let Some(unknown) = args.functions.iter().find(|f| !known(f)) {
        return Err(amdsmi::Error::parameter(format!("dump knows no function {unknown:?}")));
    }
    let wanted = |name: &str| args.functions.is_empty() || args.functions.iter().any(|f| f == name);

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

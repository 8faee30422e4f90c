//! `amd-smi process`: the processes on each GPU, human or `--json`, laid out as AMD's `amd-smi
//! process` prints them: per GPU a `process_list` of `{"process_info": {...}}` (human: one
//! `PROCESS_INFO:` block each), `"No running processes detected"` when there is none.

use amdsmi::{Context, ProcessInfo, ProcessorHandle};
use serde_json::{json, Map, Value};

use crate::render;

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
    /// Print JSON instead of human-readable text
    #[arg(long)]
    json: bool,
}

const NA: &str = "N/A";
const NO_PROCESS: &str = "No running processes detected";

/// Bytes as amd-smi's human output writes them: `8.0 GB` (powers of 1024, one decimal).
fn readable_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
    // Lossy above 2^53 bytes, which only affects the last printed decimal.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64;
    for unit in UNITS {
        if value < 1024.0 {
            return format!("{value:.1} {unit}");
        }
        value /= 1024.0;
    }
    format!("{value:.1} ZB")
}

/// Formats values for one output format: `{"value", "unit"}` in JSON, `value unit` for humans.
struct Units {
    json: bool,
}

impl Units {
    fn with_unit(&self, value: Option<u64>, unit: &str) -> Value {
        match value {
            None => Value::from(NA),
            Some(v) if self.json => json!({ "value": v, "unit": unit }),
            Some(v) => Value::from(format!("{v} {unit}")),
        }
    }

    fn bytes(&self, value: Option<u64>) -> Value {
        match value {
            Some(v) if !self.json => Value::from(readable_bytes(v)),
            other => self.with_unit(other, "B"),
        }
    }
}

/// One process as AMD's CLI lays it out, with the `--general`/`--engine` filters applied.
fn process_info(p: &ProcessInfo, args: &Args, units: &Units) -> Value {
    let mut info = Map::new();
    info.insert("name".into(), Value::from(p.name.clone().unwrap_or_else(|| NA.into())));
    info.insert("pid".into(), p.pid.into());
    if !(args.general || args.engine) {
        info.insert(
            "memory_usage".into(),
            json!({
                "gtt_mem": units.bytes(p.memory_usage.gtt_mem),
                "cpu_mem": units.bytes(p.memory_usage.cpu_mem),
                "vram_mem": units.bytes(p.memory_usage.vram_mem),
            }),
        );
    }
    if args.general || !args.engine {
        info.insert("mem_usage".into(), units.bytes(p.mem));
    }
    if args.engine || !args.general {
        info.insert(
            "usage".into(),
            json!({
                "gfx": units.with_unit(p.engine_usage.gfx, "ns"),
                "enc": units.with_unit(p.engine_usage.enc, "ns"),
            }),
        );
    }
    info.insert("cu_occupancy".into(), p.cu_occupancy.map_or_else(|| Value::from(NA), Value::from));
    info.insert("evicted_time".into(), units.with_unit(p.evicted_time, "ms"));
    Value::Object(info)
}

/// The `process_info` entries of one GPU after the `--pid`/`--name` filters.
fn process_infos(context: &Context, gpu: ProcessorHandle, args: &Args, units: &Units) -> Vec<Value> {
    let Ok(list) = context.gpu(gpu).and_then(|g| g.process_list()) else { return vec![Value::from(NA)] };
    let wanted = |p: &&ProcessInfo| {
        args.pid.map_or(true, |pid| p.pid == pid)
            && args.name.as_ref().map_or(true, |n| p.name.as_ref().is_some_and(|name| name.eq_ignore_ascii_case(n)))
    };
    let infos: Vec<Value> = list.iter().filter(wanted).map(|p| process_info(p, args, units)).collect();
    if infos.is_empty() {
        vec![Value::from(NO_PROCESS)]
    } else {
        infos
    }
}

/// Renders `process` for every GPU.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let units = Units { json: args.json };
    let mut records = Vec::new();
    for (index, gpu) in context.processor_handles().into_iter().enumerate() {
        let infos = process_infos(context, gpu, args, &units);
        let mut rec = Map::new();
        rec.insert("gpu".into(), index.into());
        if args.json {
            let list = infos.into_iter().map(|info| json!({ "process_info": info })).collect();
            rec.insert("process_list".into(), Value::Array(list));
        } else {
            for (i, info) in infos.into_iter().enumerate() {
                rec.insert(format!("process_info_{i}"), info);
            }
        }
        records.push(rec);
    }
    if args.json {
        return Ok(render::json(&records));
    }
    // AMD's logger drops the index of `PROCESS_INFO_<n>:` keys in human output.
    let text = render::human(&records);
    Ok(text.lines().map(|line| strip_process_index(line) + "\n").collect())
}

/// `    PROCESS_INFO_3: ...` → `    PROCESS_INFO: ...`.
fn strip_process_index(line: &str) -> String {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    match body.strip_prefix("PROCESS_INFO_").and_then(|rest| rest.split_once(':')) {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{indent}PROCESS_INFO:{rest}")
        }
        _ => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_as_amd_smi_prints_them() {
        assert_eq!(readable_bytes(0), "0.0 B");
        assert_eq!(readable_bytes(1023), "1023.0 B");
        assert_eq!(readable_bytes(2048 * 1024), "2.0 MB");
        assert_eq!(readable_bytes(3 << 30), "3.0 GB");
        assert_eq!(readable_bytes(u64::MAX), "16.0 EB");
    }

    #[test]
    fn process_info_index_is_dropped() {
        assert_eq!(strip_process_index("    PROCESS_INFO_12:"), "    PROCESS_INFO:");
        assert_eq!(strip_process_index("    PROCESS_INFO_0: N/A"), "    PROCESS_INFO: N/A");
        assert_eq!(strip_process_index("        NAME: PROCESS_INFO_1:"), "        NAME: PROCESS_INFO_1:");
        assert_eq!(strip_process_index("    PROCESS_INFO_X: 1"), "    PROCESS_INFO_X: 1");
    }
}

//! Human output as `amd-smi` prints it: one `GPU: n` block per device, keys upper-cased, nested
//! sections indented by four spaces, `{"value", "unit"}` leaves as `value unit`.

use std::fmt::Write;

use serde_json::{Map, Value};

/// A JSON scalar as amd-smi prints it (strings without quotes).
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("value") && o.contains_key("unit") => {
            format!("{} {}", scalar(&o["value"]), scalar(&o["unit"]))
        }
        other => other.to_string(),
    }
}

fn section(out: &mut String, map: &Map<String, Value>, depth: usize) {
    let pad = "    ".repeat(depth);
    for (key, value) in map {
        let key = key.to_uppercase();
        match value {
            Value::Object(o) if !(o.contains_key("value") && o.contains_key("unit")) => {
                let _ = writeln!(out, "{pad}{key}:");
                section(out, o, depth + 1);
            }
            Value::Array(items) if items.iter().any(Value::is_object) => {
                let _ = writeln!(out, "{pad}{key}:");
                for (i, item) in items.iter().enumerate() {
                    let _ = writeln!(out, "{pad}    {key}_{i}:");
                    if let Value::Object(o) = item {
                        section(out, o, depth + 2);
                    }
                }
            }
            Value::Array(items) => {
                let list: Vec<String> = items.iter().map(scalar).collect();
                let _ = writeln!(out, "{pad}{key}: [{}]", list.join(", "));
            }
            other => {
                let _ = writeln!(out, "{pad}{key}: {}", scalar(other));
            }
        }
    }
}

/// Renders per-GPU records (each with a leading `"gpu": n`) as human-readable blocks.
pub fn human(records: &[Map<String, Value>]) -> String {
    human_records(records, "gpu", "GPU")
}

/// Renders records (each with a leading `"<id_key>": n`) as human-readable `LABEL: n` blocks.
pub fn human_records(records: &[Map<String, Value>], id_key: &str, label: &str) -> String {
    let mut out = String::new();
    for rec in records {
        let id = rec.get(id_key).map_or_else(String::new, scalar);
        let _ = writeln!(out, "{label}: {id}");
        let rest: Map<String, Value> =
            rec.iter().filter(|(k, _)| *k != id_key).map(|(k, v)| (k.clone(), v.clone())).collect();
        section(&mut out, &rest, 1);
        out.push('\n');
    }
    if records.is_empty() {
        let _ = writeln!(out, "No AMD {label}s found");
    }
    out
}

/// Renders per-GPU records as `amd-smi --json` does (an indented JSON list).
pub fn json(records: &[Map<String, Value>]) -> String {
    let mut text = serde_json::to_string_pretty(records).unwrap_or_default();
    text.push('\n');
    text
}

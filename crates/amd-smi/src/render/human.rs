//! Human output as `amd-smi` prints it: one `GPU: n` block per device, keys upper-cased, nested
//! sections indented by four spaces, `{"value", "unit"}` leaves as `value unit` (bytes as
//! `8.0 GB`), `N/A` where a value is not available.
//!
//! The details AMD's `amdsmi_cli/amdsmi_commands.py` (7.0 series) gives human output alone
//! ([`shown`]): temperatures in `°C` where JSON says `C` (`static_gpu`'s limits, `metric_gpu`'s
//! temperatures: `temp_unit_human_readable`); a clock domain of `metric --clock` without its
//! `N/A` sub-fields; `static --cache` as `CACHE_N:` blocks, without the index key and with the
//! properties joined by commas; a NUMA affinity of -1 (no NUMA node) as `NONE`; the PCIe
//! `max_packet_size` as `N B` (not humanized).

use std::fmt::Write;

use serde::Serialize;
use serde_json::{Map, Value};

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

/// Whether `map` is a [`Unit`](super::Unit): `{"value", "unit"}`.
fn is_unit(map: &Map<String, Value>) -> bool {
    map.contains_key("value") && map.contains_key("unit")
}

/// A unit as people read it: degrees Celsius as `°C` (JSON's `C`).
fn human_unit(unit: &str) -> &str {
    if unit == "C" {
        "°C"
    } else {
        unit
    }
}

/// A JSON scalar as amd-smi prints it (strings without quotes, units after their value).
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(o) if is_unit(o) => match (&o["value"], &o["unit"]) {
            (Value::Number(n), Value::String(unit)) if unit == "B" && n.is_u64() => {
                readable_bytes(n.as_u64().unwrap_or_default())
            }
            (value, Value::String(unit)) => format!("{} {}", scalar(value), human_unit(unit)),
            (value, unit) => format!("{} {}", scalar(value), scalar(unit)),
        },
        other => other.to_string(),
    }
}

/// Whether `value` is AMD's `N/A`.
fn is_na(value: &Value) -> bool {
    value.as_str() == Some(super::NA)
}

/// `value` (under `key`) as the human output shows it (see the module docs): clock domains
/// without their `N/A` sub-fields (`N/A` when nothing is left), a cache list as `cache_N`
/// blocks, an affinity of -1 as `NONE`; anything else as it is.
fn shown(key: &str, value: &Value) -> Value {
    match value {
        Value::Object(o) if o.contains_key("clk") && !is_unit(o) => {
            let known: Map<String, Value> =
                o.iter().filter(|(_, v)| !is_na(v)).map(|(k, v)| (k.clone(), v.clone())).collect();
            if known.is_empty() {
                Value::from(super::NA)
            } else {
                Value::Object(known)
            }
        }
        Value::Array(items) if !items.is_empty() && items.iter().all(|i| i.get("cache").is_some_and(Value::is_u64)) => {
            let block = |item: &Value| {
                let fields = item.as_object().into_iter().flatten().filter(|(k, _)| *k != "cache");
                let fields = fields.map(|(k, v)| match v {
                    Value::Array(list) => {
                        (k.clone(), Value::from(list.iter().map(scalar).collect::<Vec<_>>().join(", ")))
                    }
                    other => (k.clone(), other.clone()),
                });
                (format!("cache_{}", item["cache"]), Value::Object(fields.collect()))
            };
            Value::Object(items.iter().map(block).collect())
        }
        Value::Number(n) if key == "affinity" && n.as_i64() == Some(-1) => Value::from("NONE"),
        // A packet size is a count of bytes, not a quantity to humanize (`256 B`).
        Value::Object(o) if key == "max_packet_size" && is_unit(o) => Value::from(format!("{} B", o["value"])),
        other => other.clone(),
    }
}

/// A value as amd-smi prints it in a line or a table cell: `N/A`, `12 KB`, `SELF`, `3`.
pub fn text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value).map_or_else(|_| String::new(), |v| scalar(&v))
}

/// The one key of `value` when it is an object with one entry.
fn single_key(value: &Value) -> Option<&String> {
    value.as_object().filter(|o| o.len() == 1).and_then(|o| o.keys().next())
}

fn section(out: &mut String, map: &Map<String, Value>, depth: usize) {
    let pad = "    ".repeat(depth);
    for (key, value) in map {
        let value = &shown(key, value);
        let key = key.to_uppercase();
        match value {
            Value::Object(o) if !is_unit(o) => {
                let _ = writeln!(out, "{pad}{key}:");
                section(out, o, depth + 1);
            }
            // A list of `{"same_key": ...}` (`process_list`): AMD's logger prints the entries
            // one after the other, without the list's key or an index.
            Value::Array(items)
                if !items.is_empty()
                    && items.iter().all(|i| single_key(i).is_some_and(|k| Some(k) == single_key(&items[0]))) =>
            {
                for item in items.iter().filter_map(Value::as_object) {
                    section(out, item, depth);
                }
            }
            Value::Array(items) if items.iter().any(|i| i.as_object().is_some_and(|o| !is_unit(o))) => {
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

/// Records (each with a leading `"<id_key>": n`) as `LABEL: n` blocks, `LABEL` the upper-cased
/// key; `No AMD LABELs found` without records.
pub fn blocks(id_key: &str, records: &[Map<String, Value>]) -> String {
    let label = id_key.to_uppercase();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{unit, Na};

    #[test]
    fn bytes_as_amd_smi_prints_them() {
        assert_eq!(readable_bytes(0), "0.0 B");
        assert_eq!(readable_bytes(1023), "1023.0 B");
        assert_eq!(readable_bytes(2048 * 1024), "2.0 MB");
        assert_eq!(readable_bytes(3 << 30), "3.0 GB");
        assert_eq!(readable_bytes(u64::MAX), "16.0 EB");
    }

    #[test]
    fn values_units_and_na() {
        assert_eq!(text(&unit(Some(12u64), "KB")), "12 KB");
        assert_eq!(text(&unit(Some(3u64 << 30), "B")), "3.0 GB");
        assert_eq!(text(&unit(Some(16.0f64), "GT/s")), "16.0 GT/s");
        assert_eq!(text(&unit::<u64>(None, "W")), "N/A");
        assert_eq!(text(&Na::<u32>::NA), "N/A");
        assert_eq!(text("SELF"), "SELF");
    }

    #[test]
    fn human_only_details() {
        let record = serde_json::json!({
            "gpu": 0,
            "temperature": {"edge": {"value": 40, "unit": "C"}},
            "clock": {"gfx_0": {"clk": {"value": 5, "unit": "MHz"}, "min_clk": "N/A"}, "gfx_1": {"clk": "N/A"}},
            "numa": {"affinity": -1},
            "cache_info": [{"cache": 0, "cache_properties": ["A", "B"], "cache_level": 1}],
            "vcn": [{"value": 3, "unit": "%"}, "N/A"],
        });
        let Value::Object(record) = record else { unreachable!() };
        assert_eq!(
            blocks("gpu", &[record]),
            "GPU: 0\n    TEMPERATURE:\n        EDGE: 40 °C\n    CLOCK:\n        GFX_0:\n            CLK: 5 MHz\n        \
             GFX_1: N/A\n    NUMA:\n        AFFINITY: NONE\n    CACHE_INFO:\n        CACHE_0:\n            \
             CACHE_PROPERTIES: A, B\n            CACHE_LEVEL: 1\n    VCN: [3 %, N/A]\n\n"
        );
    }

    #[test]
    fn blocks_nest_sections_and_list_process_entries() {
        let record = serde_json::json!({
            "gpu": 1,
            "power": {"socket_power": {"value": 90, "unit": "W"}, "power_management": "ENABLED"},
            "process_list": [{"process_info": {"pid": 7}}, {"process_info": "N/A"}],
            "cache": [{"level": 1, "size": {"value": 16, "unit": "KB"}}],
            "ids": [1, 2],
        });
        let Value::Object(record) = record else { unreachable!() };
        assert_eq!(
            blocks("gpu", &[record]),
            "GPU: 1\n    POWER:\n        SOCKET_POWER: 90 W\n        POWER_MANAGEMENT: ENABLED\n    \
             PROCESS_INFO:\n        PID: 7\n    PROCESS_INFO: N/A\n    CACHE:\n        CACHE_0:\n            \
             LEVEL: 1\n            SIZE: 16 KB\n    IDS: [1, 2]\n\n"
        );
        assert_eq!(blocks("cpu", &[]), "No AMD CPUs found\n");
    }
}

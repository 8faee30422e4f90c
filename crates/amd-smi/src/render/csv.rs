//! CSV as `amd-smi --csv` writes it (AMD's `amdsmi_cli/amdsmi_logger.py`, 7.0 series):
//!
//! - each record is flattened to one row by `flatten_dict`'s rule: a section's key never names a
//!   column; inside an object of more than one entry, a child object's entries are named
//!   `<child>_<entry>` (except under a child named like `gfx`, whose entries keep their names);
//!   objects of one entry are flattened without a prefix; a later key of the same name takes
//!   the value of the earlier one, in its place;
//! - a value with a unit is its bare value (`AMDSMIHelpers.unit_format` gives CSV no unit);
//!   `N/A` stays `N/A`; a list is written as Python writes it (`['a', 'b']`);
//! - the header is the first row's keys, every key a later row adds appended, and a row without a
//!   key holds `N/A` there (`_print_csv_output`);
//! - Python's `csv.DictWriter`: fields quoted only when they hold `,`, `"` or a line break,
//!   lines ending in `\r\n`, and `print` adds one `\n` after the table.

use serde_json::{Map, Value};

use super::NA;

/// Whether `map` is a [`Unit`](super::Unit): `{"value", "unit"}`.
fn is_unit(map: &Map<String, Value>) -> bool {
    map.len() == 2 && map.contains_key("value") && map.contains_key("unit")
}

/// `value` with every unit replaced by its bare value.
fn bare(value: &Value) -> Value {
    match value {
        Value::Object(o) if is_unit(o) => bare(&o["value"]),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), bare(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(bare).collect()),
        other => other.clone(),
    }
}

/// AMD's `flatten_dict` (see the module docs).
fn flatten(target: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in target {
        let Value::Object(inner) = value else {
            out.insert(key.clone(), value.clone());
            continue;
        };
        let inner = if inner.len() > 1 {
            let mut named = Map::new();
            for (parent, child) in inner {
                match child {
                    Value::Object(child) => {
                        for (child_key, leaf) in child {
                            // AMD tests `parent_key in ('gfx')`: a substring test on "gfx".
                            let name = if "gfx".contains(parent.as_str()) {
                                child_key.clone()
                            } else {
                                format!("{parent}_{child_key}")
                            };
                            named.insert(name, leaf.clone());
                        }
                    }
                    other => {
                        named.insert(parent.clone(), other.clone());
                    }
                }
            }
            named
        } else {
            inner.clone()
        };
        out.extend(flatten(&inner));
    }
    out
}

/// A value as Python's `repr` writes it inside a list (`'text'`, `1`, `{'k': 2}`).
fn repr(value: &Value) -> String {
    match value {
        Value::String(s) => format!("'{s}'"),
        Value::Array(items) => format!("[{}]", items.iter().map(repr).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => {
            let entries: Vec<String> = o.iter().map(|(k, v)| format!("'{k}': {}", repr(v))).collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Null => "None".to_owned(),
        Value::Number(n) => n.to_string(),
    }
}

/// A cell as `csv.DictWriter` writes `str(value)`, quoted where needed.
fn cell(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => repr(other),
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Records (objects) as one CSV table; nothing without records.
pub fn table(records: &[Map<String, Value>]) -> String {
    let rows: Vec<Map<String, Value>> = records
        .iter()
        .map(|r| flatten(&bare(&Value::Object(r.clone())).as_object().cloned().unwrap_or_default()))
        .collect();
    let Some(first) = rows.first() else { return String::new() };
    let mut header: Vec<&String> = first.keys().collect();
    for row in &rows[1..] {
        for key in row.keys() {
            if !header.contains(&key) {
                header.push(key);
            }
        }
    }
    let na = Value::String(NA.to_owned());
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    let mut out = line(header.iter().map(|k| cell(&Value::String((*k).clone()))).collect());
    for row in &rows {
        out.push_str(&line(header.iter().map(|k| cell(row.get(*k).unwrap_or(&na))).collect()));
    }
    out + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattened_as_amd_smi_does() {
        let record = serde_json::json!({
            "gpu": 0,
            "usage": {"gfx_activity": {"value": 3, "unit": "%"}, "umc_activity": "N/A"},
            "clock": {"gfx_0": {"clk": {"value": 500, "unit": "MHz"}}, "mem_0": {"clk": "N/A"}},
            "numa": {"node": 1},
            "list": ["a", 2],
            "name": "x, \"y\"",
        });
        let Value::Object(record) = record else { unreachable!() };
        let second = serde_json::json!({"gpu": 1, "extra": true});
        let Value::Object(second) = second else { unreachable!() };
        assert_eq!(
            table(&[record, second]),
            "gpu,gfx_activity,umc_activity,gfx_0_clk,mem_0_clk,node,list,name,extra\r\n\
             0,3,N/A,500,N/A,1,\"['a', 2]\",\"x, \"\"y\"\"\",N/A\r\n\
             1,N/A,N/A,N/A,N/A,N/A,N/A,N/A,True\r\n\n"
        );
        assert_eq!(table(&[]), "");
    }
}

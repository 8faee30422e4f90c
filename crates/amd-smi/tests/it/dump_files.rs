//! The `amd-smi dump --json` document of one machine as files small enough to review:
//!
//! - `dump/<function>.json`, one per function (bare name: `amdsmi_get_clk_freq.json` holds
//!   `amdsmi_get_clk_freq(SYS)`, `amdsmi_get_clk_freq(MEM)`, ...): the document restricted to that
//!   function's keys, empty objects left out, e.g. `{"processors": {"0000:03:00.0":
//!   {"amdsmi_get_clk_freq(SYS)": {...}}}}`. Pretty-printed, so one changed value is one changed line.
//! - `dump.order.json`: what the per-function files lose, the order of the document: its sections
//!   (`null` for `system`, whose function keys sit directly under it, else the list of its
//!   processors or sockets) and every function key in one order that keeps the order of each
//!   processor's, socket's and the system's keys (each a subsequence of one of the CLI's call lists).
//!
//! [`assemble`] rebuilds the document from these files, so the byte identity of `dump --json` is
//! still checked.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use serde_json::{Map, Value};

/// The section whose function keys sit directly under it (no processor or socket level).
const SYSTEM: &str = "system";
/// The order file, relative to the machine's snapshot directory.
pub const ORDER: &str = "dump.order.json";
/// The directory of the per-function files, relative to the machine's snapshot directory.
pub const DIR: &str = "dump";

/// The function a dump key stands for: `amdsmi_get_clk_freq(SYS)` → `amdsmi_get_clk_freq`.
fn bare(key: &str) -> &str {
    key.split('(').next().unwrap_or(key)
}

/// `value` as the CLI prints JSON: pretty, with a final newline.
fn text(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("JSON value") + "\n"
}

fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    value.as_object().ok_or_else(|| format!("{what} is not a JSON object"))
}

/// The object at `key` of `map`, created empty if absent.
fn child<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let entry = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    entry.as_object_mut().expect("created as an object")
}

/// The files of the dump document `doc`, by path relative to the machine's snapshot directory.
pub fn split(doc: &Value) -> Result<BTreeMap<String, String>, String> {
    let mut functions: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    let mut key_lists: Vec<Vec<&str>> = Vec::new();
    let mut sections = Map::new();
    for (section, content) in object(doc, "the document")? {
        let content = object(content, section)?;
        if section == SYSTEM {
            sections.insert(section.clone(), Value::Null);
            key_lists.push(content.keys().map(String::as_str).collect());
            for (key, result) in content {
                child(functions.entry(bare(key)).or_default(), section).insert(key.clone(), result.clone());
            }
            continue;
        }
        sections.insert(section.clone(), content.keys().map(|k| Value::from(k.as_str())).collect());
        for (entity, results) in content {
            let results = object(results, &format!("{section}.{entity}"))?;
            key_lists.push(results.keys().map(String::as_str).collect());
            for (key, result) in results {
                let file = functions.entry(bare(key)).or_default();
                child(child(file, section), entity).insert(key.clone(), result.clone());
            }
        }
    }
    let keys = merge(&key_lists)?.into_iter().map(Value::from).collect();
    let order = serde_json::json!({ "sections": sections, "functions": Value::Array(keys) });
    let mut files: BTreeMap<String, String> =
        functions.into_iter().map(|(name, file)| (format!("{DIR}/{name}.json"), text(&Value::Object(file)))).collect();
    files.insert(ORDER.to_owned(), text(&order));
    Ok(files)
}

/// Every key of `lists` once, in an order that keeps the order of each list: a topological sort
/// of "comes right before" in some list, ties broken by first appearance.
fn merge<'a>(lists: &[Vec<&'a str>]) -> Result<Vec<&'a str>, String> {
    let mut nodes: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut edges = BTreeSet::new();
    for list in lists {
        let ids: Vec<usize> = list
            .iter()
            .map(|&key| {
                *index.entry(key).or_insert_with(|| {
                    nodes.push(key);
                    nodes.len() - 1
                })
            })
            .collect();
        edges.extend(ids.windows(2).map(|pair| (pair[0], pair[1])));
    }
    let mut before = vec![0usize; nodes.len()];
    for &(_, to) in &edges {
        before[to] += 1;
    }
    let mut done = vec![false; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    while order.len() < nodes.len() {
        let next = (0..nodes.len())
            .find(|&i| !done[i] && before[i] == 0)
            .ok_or("the processors, sockets and system list their functions in conflicting orders")?;
        done[next] = true;
        order.push(nodes[next]);
        for &(_, to) in edges.range((next, 0)..=(next, usize::MAX)) {
            before[to] -= 1;
        }
    }
    Ok(order)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The dump document re-assembled from the files under the machine's snapshot directory `dir`,
/// as the CLI prints it.
pub fn assemble(dir: &Path) -> Result<String, String> {
    let order = read_json(&dir.join(ORDER))?;
    let mut functions = HashMap::new();
    for entry in fs::read_dir(dir.join(DIR)).map_err(|e| format!("{}: {e}", dir.join(DIR).display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_stem().and_then(|s| s.to_str()).ok_or_else(|| format!("{}: name", path.display()))?;
        functions.insert(name.to_owned(), read_json(&path)?);
    }
    let keys: Vec<&str> = order["functions"].as_array().ok_or(ORDER)?.iter().filter_map(Value::as_str).collect();
    // The results of `section` (and `entity`, below a processor or socket), in key order.
    let results = |section: &str, entity: Option<&str>| -> Map<String, Value> {
        let found = |key: &&str| {
            let in_section = functions.get(bare(key))?.get(section)?;
            entity.map_or(Some(in_section), |e| in_section.get(e))?.get(*key)
        };
        keys.iter().filter_map(|key| Some((key.to_string(), found(key)?.clone()))).collect()
    };
    let mut doc = Map::new();
    for (section, entities) in object(&order["sections"], "sections")? {
        let content = match entities.as_array() {
            None => results(section, None),
            Some(entities) => entities
                .iter()
                .filter_map(Value::as_str)
                .map(|e| (e.to_owned(), Value::Object(results(section, Some(e)))))
                .collect(),
        };
        doc.insert(section.clone(), Value::Object(content));
    }
    Ok(text(&Value::Object(doc)))
}

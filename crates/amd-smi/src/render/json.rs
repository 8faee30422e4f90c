//! JSON as `amd-smi --json` writes it: indented by two spaces, keys in the order the records
//! declare them.

use serde::Serialize;
use serde_json::{Map, Value};

/// Each record as a JSON object that starts with `"<id_key>": index`, followed by the record's
/// own keys (records are structs, which serialize as objects).
pub fn numbered<T: Serialize>(id_key: &str, records: &[(usize, T)]) -> Vec<Map<String, Value>> {
    records
        .iter()
        .map(|(index, record)| {
            let mut object = Map::new();
            object.insert(id_key.to_owned(), Value::from(*index));
            if let Ok(Value::Object(fields)) = serde_json::to_value(record) {
                object.extend(fields);
            }
            object
        })
        .collect()
}

/// An indented JSON document (no newline after it).
pub fn document<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A list as `amd-smi --json` prints it: one indented document and a newline.
pub fn list<T: Serialize>(items: &[T]) -> String {
    document(items) + "\n"
}

/// A value on one line, and a newline.
pub fn line<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default() + "\n"
}

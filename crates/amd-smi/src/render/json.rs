//! JSON as `amd-smi --json` writes it: Python's `json.dumps(..., indent=4)` (AMD's
//! `amdsmi_logger.py`, `_print_json_output` and `combine_arrays_to_json`), keys in the order the
//! records declare them.

use serde::Serialize;

/// An indented JSON document, four spaces a level (no newline after it).
pub fn document<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(b"    "));
    match value.serialize(&mut serializer) {
        // serde_json writes UTF-8 only.
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A list as `amd-smi --json` prints it: one indented document and a newline.
pub fn list<T: Serialize>(items: &[T]) -> String {
    document(items) + "\n"
}

/// A value on one line, and a newline.
pub fn line<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    #[test]
    fn four_spaces_a_level() {
        let value = serde_json::json!({"gpu": 0, "ids": [1]});
        assert_eq!(super::document(&value), "{\n    \"gpu\": 0,\n    \"ids\": [\n        1\n    ]\n}");
        assert_eq!(super::list::<u8>(&[]), "[]\n");
    }
}

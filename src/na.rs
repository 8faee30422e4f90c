//! Serialization of values AMD SMI reports as `"N/A"` when they are not available.

use serde::{Serialize, Serializer};

/// Serializes `Some(v)` as `v` and `None` as the string `"N/A"`, as AMD SMI's Python layer does.
pub(crate) fn serialize<T: Serialize, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => v.serialize(s),
        None => s.serialize_str("N/A"),
    }
}

//! The one place output is shaped: commands build typed records (`#[derive(Serialize)]` structs
//! whose field names are amd-smi's JSON keys, in output order) and hand them here, which writes
//! them as amd-smi does for people ([`human`]: `GPU: n` blocks; [`table`]: the matrix tables of
//! `topology`, `xgmi` and `ras`) or as `--json` ([`json`]).
//!
//! A missing value is [`Na`] (`"N/A"`), a value with a unit [`Unit`] (`{"value", "unit"}` in
//! JSON, `value unit` for people), for every command.

pub mod human;
pub mod json;
pub mod table;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// The output options every command takes.
#[derive(clap::Args, Clone, Copy, Default)]
pub struct Output {
    /// Print JSON instead of human-readable text
    #[arg(long)]
    pub json: bool,
}

/// How amd-smi writes a value that is not available.
pub const NA: &str = "N/A";

/// A value, or `"N/A"` where it is not available (the library reported an error, or the
/// kernel does not expose it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Na<T>(pub Option<T>);

impl<T> Na<T> {
    /// Not available.
    pub const NA: Na<T> = Na(None);

    /// The value of a library call, `N/A` when it failed.
    pub fn ok(result: amdsmi::Result<T>) -> Na<T> {
        Na(result.ok())
    }
}

impl<T> From<Option<T>> for Na<T> {
    fn from(value: Option<T>) -> Na<T> {
        Na(value)
    }
}

impl<T: Serialize> Serialize for Na<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(value) => value.serialize(serializer),
            None => serializer.serialize_str(NA),
        }
    }
}

/// A value with its unit (`W`, `MHz`, `%`, `B` ...): `{"value": v, "unit": u}` in JSON, `v u`
/// for people (bytes, `B`, as `8.0 GB`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Unit<T> {
    /// The value, in `unit`.
    pub value: T,
    /// The unit, as amd-smi spells it.
    pub unit: &'static str,
}

impl<T> Unit<T> {
    /// `value` in `unit`.
    pub fn new(value: T, unit: &'static str) -> Unit<T> {
        Unit { value, unit }
    }
}

/// `value` in `unit`, or `N/A` without a value.
pub fn unit<T>(value: Option<T>, unit: &'static str) -> Na<Unit<T>> {
    Na(value.map(|value| Unit::new(value, unit)))
}

/// Entries whose keys are data (block names, clock domains): a JSON object in this order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A record of optional sections, shown in declaration order: a struct whose every field `f: T`
/// becomes `f: Option<T>`, left out of the output when `None` (not selected, not done).
macro_rules! sections {
    ($(#[$meta:meta])* struct $name:ident { $($(#[$field_meta:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        struct $name {
            $(
                $(#[$field_meta])*
                #[serde(skip_serializing_if = "Option::is_none")]
                $field: Option<$ty>,
            )*
        }
    };
}
pub(crate) use sections;

/// Records numbered by device (`id_key` `"gpu"`, `"cpu"` or `"core"`, with each record's
/// index): `LABEL: n` blocks for people, or a JSON list of objects that start with
/// `"<id_key>": n`.
pub fn records<T: Serialize>(output: Output, id_key: &str, records: &[(usize, T)]) -> String {
    if output.json {
        json::list(&json::numbered(id_key, records))
    } else {
        human::blocks(id_key, &json::numbered(id_key, records))
    }
}

/// One record as it happens (an event): its block for people, one indented JSON object.
pub fn record<T: Serialize>(output: Output, id_key: &str, index: usize, record: &T) -> String {
    let numbered = json::numbered(id_key, std::slice::from_ref(&(index, record)));
    if output.json {
        numbered.iter().map(|object| json::document(object) + "\n").collect()
    } else {
        human::blocks(id_key, &numbered)
    }
}

/// A line only people see (a banner, a hint); nothing in JSON.
pub fn notice(output: Output, text: &str) -> String {
    if output.json {
        String::new()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Power {
        socket_power: Na<Unit<u64>>,
        perf_level: Na<String>,
    }

    #[test]
    fn one_record_both_formats() {
        let records = [(3, Power { socket_power: unit(Some(90), "W"), perf_level: Na::NA })];
        assert_eq!(
            super::records(Output { json: true }, "gpu", &records),
            "[\n  {\n    \"gpu\": 3,\n    \"socket_power\": {\n      \"value\": 90,\n      \"unit\": \"W\"\n    },\n    \
             \"perf_level\": \"N/A\"\n  }\n]\n"
        );
        assert_eq!(
            super::records(Output { json: false }, "gpu", &records),
            "GPU: 3\n    SOCKET_POWER: 90 W\n    PERF_LEVEL: N/A\n\n"
        );
        assert_eq!(
            record(Output { json: true }, "gpu", 0, &Entries(vec![("a".into(), 1)])),
            "{\n  \"gpu\": 0,\n  \"a\": 1\n}\n"
        );
        assert_eq!(notice(Output { json: true }, "EVENT LISTENING:\n"), "");
    }
}

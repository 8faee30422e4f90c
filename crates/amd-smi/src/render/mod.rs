//! The one place output is shaped: commands build typed records (`#[derive(Serialize)]` structs
//! whose field names are amd-smi's JSON keys, in output order) and hand them here, which writes
//! them in the format [`Output`] names: for people ([`human`]: `GPU: n` blocks; [`table`]: the
//! matrix tables of `topology`, `xgmi` and `ras`), as `--json` ([`json`]) or as `--csv` ([`csv`]).
//! Where the text goes (stdout or `--file`) is `main.rs`'s business, not the commands'.
//!
//! A missing value is [`Na`] (`"N/A"`), a value with a unit [`Unit`] (`{"value", "unit"}` in
//! JSON, `value unit` for people, the bare value in CSV), for every command.
//!
//! Document shapes follow AMD's `amdsmi_cli/amdsmi_logger.py` (7.0 series): a command that prints
//! through `print_output` writes a JSON list of records (`_print_json_output`, `json.dumps(...,
//! indent=4)`); `static` and `metric` go through `combine_arrays_to_json`, an object of the
//! device lists that are not empty (`cpu_data`, `core_data`, `gpu_data`), here [`data`] and
//! [`Document`]. In a watch, each record starts with `timestamp` (`_store_output_amdsmi`:
//! `int(time.time())`, set before the device id), here [`Output::timestamp`].

pub mod csv;
pub mod human;
pub mod json;
pub mod log;
pub mod table;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// The output options every command takes (`--file` and `--loglevel` are the CLI's own, in
/// `main.rs`: they say where the text goes, not what it is).
#[derive(clap::Args, Clone, Copy, Default)]
pub struct Output {
    /// Print JSON instead of human-readable text
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV instead of human-readable text (nested keys flattened as AMD's amd-smi does)
    #[arg(long)]
    pub csv: bool,
    /// The time of a watch snapshot, seconds since the epoch: each record then starts with
    /// `"timestamp"` (set by the watch runner, not an option).
    #[arg(skip)]
    pub timestamp: Option<u64>,
}

/// The formats [`Output`] chooses between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: blocks and tables.
    Human,
    /// `--json`.
    Json,
    /// `--csv`.
    Csv,
}

impl Output {
    /// The format these options ask for.
    pub fn format(self) -> Format {
        if self.json {
            Format::Json
        } else if self.csv {
            Format::Csv
        } else {
            Format::Human
        }
    }

    /// Whether the output is for people (neither `--json` nor `--csv`).
    pub fn human(self) -> bool {
        self.format() == Format::Human
    }
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

    /// The value of a library call, `N/A` when it failed (the failure logged at DEBUG, as AMD's
    /// CLI logs the exceptions it turns into `N/A`).
    pub fn ok(result: amdsmi::Result<T>) -> Na<T> {
        Na(result.map_err(|err| log::debug(&err.to_string())).ok())
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

/// Each record as a JSON object that starts with `"timestamp"` (in a watch) and
/// `"<id_key>": index`, followed by the record's own keys.
fn numbered<T: Serialize>(output: Output, id_key: &str, records: &[(usize, T)]) -> Vec<Map<String, Value>> {
    let stamp = output.timestamp;
    records
        .iter()
        .map(|(index, record)| {
            let mut object = Map::new();
            if let Some(seconds) = stamp {
                object.insert("timestamp".to_owned(), Value::from(seconds));
            }
            object.insert(id_key.to_owned(), Value::from(*index));
            if let Ok(Value::Object(fields)) = serde_json::to_value(record) {
                object.extend(fields);
            }
            object
        })
        .collect()
}

/// Records numbered by device (`id_key` `"gpu"`, `"cpu"` or `"core"`, with each record's
/// index), as AMD's `print_output` writes them: `LABEL: n` blocks for people, a JSON list of
/// objects that start with `"<id_key>": n`, or a CSV table.
pub fn records<T: Serialize>(output: Output, id_key: &str, records: &[(usize, T)]) -> String {
    Document::new(output).with(id_key, records).list()
}

/// Records of one kind of device as `static` and `metric` print them: in JSON the object
/// `{"<id_key>_data": [...]}` (AMD's `combine_arrays_to_json`), otherwise as [`records`].
pub fn data<T: Serialize>(output: Output, id_key: &str, records: &[(usize, T)]) -> String {
    Document::new(output).with(id_key, records).render()
}

/// The records of one run, by kind of device (CPUs, then cores, then GPUs, as AMD orders them).
pub struct Document {
    output: Output,
    sets: Vec<(String, Vec<Map<String, Value>>)>,
}

impl Document {
    /// An empty document in the format of `output`.
    pub fn new(output: Output) -> Document {
        Document { output, sets: Vec::new() }
    }

    /// The document with the records of one kind of device added.
    #[must_use]
    pub fn with<T: Serialize>(mut self, id_key: &str, records: &[(usize, T)]) -> Document {
        self.sets.push((id_key.to_owned(), numbered(self.output, id_key, records)));
        self
    }

    /// The text of each kind of device in turn: its blocks, its CSV table, or (JSON) `json`.
    fn each(&self, json: impl Fn(&[Map<String, Value>]) -> String) -> String {
        let one = |(id_key, objects): &(String, Vec<Map<String, Value>>)| match self.output.format() {
            Format::Json => json(objects),
            Format::Csv => csv::table(objects),
            Format::Human => human::blocks(id_key, objects),
        };
        self.sets.iter().map(one).collect()
    }

    /// As AMD's `print_output`: JSON as one list per kind of device.
    fn list(&self) -> String {
        self.each(json::list)
    }

    /// As AMD's `combine_arrays_to_json`: JSON as one object of the lists that are not empty,
    /// keyed `<id_key>_data`; the other formats as [`Document::list`].
    pub fn render(&self) -> String {
        if self.output.format() != Format::Json {
            return self.list();
        }
        let mut object = Map::new();
        for (id_key, objects) in self.sets.iter().filter(|(_, objects)| !objects.is_empty()) {
            object.insert(format!("{id_key}_data"), Value::from(objects.clone()));
        }
        json::document(&object) + "\n"
    }
}

/// One record as it happens (an event): its block for people, one indented JSON object, or a
/// CSV table of one row.
pub fn record<T: Serialize>(output: Output, id_key: &str, index: usize, record: &T) -> String {
    let numbered = numbered(output, id_key, std::slice::from_ref(&(index, record)));
    match output.format() {
        Format::Json => numbered.iter().map(|object| json::document(object) + "\n").collect(),
        Format::Csv => csv::table(&numbered),
        Format::Human => human::blocks(id_key, &numbered),
    }
}

/// A line only people see (a banner, a hint); nothing in JSON or CSV.
pub fn notice(output: Output, text: &str) -> String {
    if output.human() {
        text.to_owned()
    } else {
        String::new()
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
    fn one_record_every_format() {
        let json = Output { json: true, ..Output::default() };
        let csv = Output { csv: true, ..Output::default() };
        let records = [(3, Power { socket_power: unit(Some(90), "W"), perf_level: Na::NA })];
        assert_eq!(
            super::records(json, "gpu", &records),
            "[\n    {\n        \"gpu\": 3,\n        \"socket_power\": {\n            \"value\": 90,\n            \
             \"unit\": \"W\"\n        },\n        \"perf_level\": \"N/A\"\n    }\n]\n"
        );
        assert_eq!(
            super::records(Output::default(), "gpu", &records),
            "GPU: 3\n    SOCKET_POWER: 90 W\n    PERF_LEVEL: N/A\n\n"
        );
        assert_eq!(super::records(csv, "gpu", &records), "gpu,socket_power,perf_level\r\n3,90,N/A\r\n\n");
        assert_eq!(record(json, "gpu", 0, &Entries(vec![("a".into(), 1)])), "{\n    \"gpu\": 0,\n    \"a\": 1\n}\n");
        assert_eq!(notice(json, "EVENT LISTENING:\n"), "");
        assert_eq!(notice(csv, "EVENT LISTENING:\n"), "");
    }

    #[test]
    fn documents_and_timestamps() {
        let json = Output { json: true, timestamp: Some(1_700_000_000), ..Output::default() };
        let gpus = [(1, Entries(vec![("b".to_owned(), 2)]))];
        let none: [(usize, Entries<u8>); 0] = [];
        assert_eq!(
            Document::new(json).with("cpu", &none).with("gpu", &gpus).render(),
            "{\n    \"gpu_data\": [\n        {\n            \"timestamp\": 1700000000,\n            \"gpu\": 1,\n            \
             \"b\": 2\n        }\n    ]\n}\n"
        );
        let human = Output { timestamp: Some(5), ..Output::default() };
        assert_eq!(data(human, "gpu", &gpus), "GPU: 1\n    TIMESTAMP: 5\n    B: 2\n\n");
    }
}

//! `amd-smi partition [-g GPU...] [-c] [-m] [-a]`: the current partitions, the memory partition
//! modes and the accelerator partition profiles of each GPU, as tables.
//!
//! As AMD SMI prints them (`amdsmi_cli/amdsmi_commands.py`, `AMDSMICommands.partition`; tables
//! by `amdsmi_logger.py` `_print_tabular_output` with `dynamic=True`: each value left-aligned in
//! its key's width plus two, `partition_id` in 17; JSON by `combine_arrays_to_json`: one object of
//! the tables that have rows), every table without a flag:
//!
//! * `-c` **CURRENT_PARTITION**: per GPU its memory partition (`amdsmi_get_gpu_memory_partition`),
//!   accelerator type, profile index and partition ids (`amdsmi_get_gpu_accelerator_partition_profile`;
//!   ids joined by commas).
//! * `-m` **MEMORY_PARTITION**: per GPU its memory partition modes and current mode
//!   (`amdsmi_get_gpu_memory_partition_config`).
//! * `-a` **ACCELERATOR_PARTITION_PROFILES** and **ACCELERATOR_PARTITION_RESOURCES**
//!   (`amdsmi_get_gpu_accelerator_partition_profile_config`): a row per profile and resource, the
//!   current profile's type marked `*` and alone showing the partition ids, a profile's later
//!   resource rows blank but for the resource; resource indices count on through a GPU's
//!   profiles; then the `* = Current mode` legend. Reading the profiles selects each one through
//!   `xcp_config` (root only): without root a GPU's row is all `N/A`. AMD 7.x also prints a
//!   "requires sudo/root" banner when not run as root; this tool prints no banner (the `N/A`
//!   rows say it).

use amdsmi::{AcceleratorPartitionProfile, Context, ProcessorHandle};
use serde::Serialize;

use crate::render::{self, json, NA};

/// Options of `partition`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    gpus: crate::select::Gpus,
    /// Show the current partition information
    #[arg(short = 'c', long)]
    current: bool,
    /// Show the memory partition information
    #[arg(short = 'm', long)]
    memory: bool,
    /// Show the accelerator partition information
    #[arg(short = 'a', long)]
    accelerator: bool,
    #[command(flatten)]
    output: render::Output,
}

/// A table cell: a number, or text (`N/A`, `CPX*`, `0,1`, or empty on a continuation row).
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
enum Field {
    Number(u64),
    Text(String),
}

impl Field {
    fn na() -> Field {
        Field::Text(NA.to_owned())
    }

    fn blank() -> Field {
        Field::Text(String::new())
    }
}

impl From<u32> for Field {
    fn from(n: u32) -> Field {
        Field::Number(u64::from(n))
    }
}

impl From<usize> for Field {
    fn from(n: usize) -> Field {
        Field::Number(n as u64)
    }
}

impl From<String> for Field {
    fn from(text: String) -> Field {
        Field::Text(text)
    }
}

/// A row of `CURRENT_PARTITION`.
#[derive(Serialize)]
struct Current {
    gpu_id: Field,
    memory: Field,
    accelerator_type: Field,
    accelerator_profile_index: Field,
    partition_id: Field,
}

/// A row of `MEMORY_PARTITION`.
#[derive(Serialize)]
struct Memory {
    gpu_id: Field,
    memory_partition_caps: Field,
    current_memory_partition: Field,
}

/// A row of `ACCELERATOR_PARTITION_PROFILES`.
#[derive(Serialize)]
struct Profile {
    gpu_id: Field,
    profile_index: Field,
    memory_partition_caps: Field,
    accelerator_type: Field,
    partition_id: Field,
    num_partitions: Field,
    num_resources: Field,
    resource_index: Field,
    resource_type: Field,
    resource_instances: Field,
    resources_shared: Field,
}

/// A row of `ACCELERATOR_PARTITION_RESOURCES`.
#[derive(Serialize)]
struct Resource {
    resource_index: Field,
    resource_type: Field,
    resource_instances: Field,
    resources_shared: Field,
}

impl Resource {
    fn na() -> Resource {
        Resource {
            resource_index: Field::na(),
            resource_type: Field::na(),
            resource_instances: Field::na(),
            resources_shared: Field::na(),
        }
    }
}

/// The tables asked for (`None`: not asked for), in AMD's order and JSON keys.
#[derive(Serialize, Default)]
struct Tables {
    #[serde(skip_serializing_if = "Option::is_none")]
    current_partition: Option<Vec<Current>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    memory_partition: Option<Vec<Memory>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partition_profiles: Option<Vec<Profile>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partition_resources: Option<Vec<Resource>>,
}

/// Partition ids as AMD writes them: `0`, or `0,1,2`.
fn ids(profile: &AcceleratorPartitionProfile) -> Field {
    let ids: Vec<String> = profile.partition_id.iter().map(u32::to_string).collect();
    Field::Text(ids.join(","))
}

/// Mode names as AMD writes them: `NPS1,NPS4`.
fn modes(names: &[String]) -> Field {
    Field::Text(names.join(","))
}

fn current(context: &Context, index: usize, gpu: ProcessorHandle) -> Current {
    let profile = context.gpu(gpu).and_then(|g| g.accelerator_partition_profile()).ok();
    let memory = context.gpu(gpu).and_then(|g| g.memory_partition()).ok();
    Current {
        gpu_id: index.into(),
        memory: memory.map_or_else(Field::na, Field::Text),
        accelerator_type: profile.as_ref().map_or_else(Field::na, |p| p.partition_profile.profile_type.clone().into()),
        accelerator_profile_index: profile
            .as_ref()
            .and_then(|p| p.partition_profile.profile_index)
            .map_or_else(Field::na, Field::from),
        partition_id: profile.as_ref().map_or_else(Field::na, ids),
    }
}

fn memory(context: &Context, index: usize, gpu: ProcessorHandle) -> Memory {
    let config = context.gpu(gpu).and_then(|g| g.memory_partition_config()).ok();
    Memory {
        gpu_id: index.into(),
        memory_partition_caps: config.as_ref().map_or_else(Field::na, |c| modes(&c.partition_caps)),
        current_memory_partition: config.map_or_else(Field::na, |c| c.mp_mode.name().to_owned().into()),
    }
}

/// One GPU's rows of both accelerator tables.
fn accelerator(context: &Context, index: usize, gpu: ProcessorHandle) -> (Vec<Profile>, Vec<Resource>) {
    let current = context.gpu(gpu).and_then(|g| g.accelerator_partition_profile()).ok();
    let config = context.gpu(gpu).and_then(|g| g.accelerator_partition_profile_config());
    let Ok(config) = config else {
        // AMD's row for a GPU without profiles: its partition ids when known, else `0`.
        let partition_id = current.as_ref().map_or_else(|| Field::Text("0".to_owned()), ids);
        let row = Profile {
            gpu_id: index.into(),
            profile_index: Field::na(),
            memory_partition_caps: Field::na(),
            accelerator_type: Field::na(),
            partition_id,
            num_partitions: Field::na(),
            num_resources: Field::na(),
            resource_index: Field::na(),
            resource_type: Field::na(),
            resource_instances: Field::na(),
            resources_shared: Field::na(),
        };
        return (vec![row], vec![Resource::na()]);
    };
    let current_type = current.as_ref().map(|p| p.partition_profile.profile_type.as_str());
    let mut profiles = Vec::new();
    let mut resources = Vec::new();
    let mut first_row = true;
    for profile in &config.profiles {
        let name = profile.profile_type.name();
        let is_current = current_type == Some(name);
        let mut head = Some(Profile {
            gpu_id: if std::mem::take(&mut first_row) { index.into() } else { Field::blank() },
            profile_index: profile.profile_index.into(),
            memory_partition_caps: modes(&profile.memory_caps),
            accelerator_type: Field::Text(if is_current { format!("{name}*") } else { name.to_owned() }),
            partition_id: match (&current, is_current) {
                (Some(p), true) => ids(p),
                _ => Field::na(),
            },
            num_partitions: profile.num_partitions.into(),
            num_resources: config.num_resource_profiles.into(),
            resource_index: Field::na(),
            resource_type: Field::na(),
            resource_instances: Field::na(),
            resources_shared: Field::na(),
        });
        for resource in &profile.resources {
            let row = Resource {
                resource_index: resources.len().into(),
                resource_type: Field::Text(resource.resource_type.name().to_owned()),
                resource_instances: resource.partition_resource.into(),
                resources_shared: resource.num_partitions_share_resource.into(),
            };
            let blank = || Field::blank();
            let mut line = head.take().unwrap_or_else(|| Profile {
                gpu_id: blank(),
                profile_index: blank(),
                memory_partition_caps: blank(),
                accelerator_type: blank(),
                partition_id: blank(),
                num_partitions: blank(),
                num_resources: blank(),
                resource_index: Field::na(),
                resource_type: Field::na(),
                resource_instances: Field::na(),
                resources_shared: Field::na(),
            });
            line.resource_index = row.resource_index.clone();
            line.resource_type = row.resource_type.clone();
            line.resource_instances = row.resource_instances.clone();
            line.resources_shared = row.resources_shared.clone();
            profiles.push(line);
            resources.push(row);
        }
        // A profile without resources is one row of its own.
        profiles.extend(head);
    }
    if resources.is_empty() {
        resources.push(Resource::na());
    }
    (profiles, resources)
}

/// A table for people as AMD's dynamic tables are: a blank line unless `first`, `TITLE:`, the
/// header (keys upper-cased, each padded to its length plus two, `PARTITION_ID` to
/// `id_header`), then the rows, each value padded to its key's length plus two (`partition_id`
/// to 17) and trimmed at the end.
fn table<T: Serialize>(first: bool, title: &str, id_header: usize, rows: &[T]) -> String {
    let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
        .iter()
        .filter_map(|r| match serde_json::to_value(r) {
            Ok(serde_json::Value::Object(o)) => Some(o),
            _ => None,
        })
        .collect();
    let mut out = if first { String::new() } else { "\n".to_owned() } + title + ":\n";
    let Some(keys) = objects.first().map(|o| o.keys().cloned().collect::<Vec<_>>()) else { return out };
    let width = |key: &str, id: usize| if key == "partition_id" { id } else { key.len() + 2 };
    for key in &keys {
        out += &format!("{:<w$}", key.to_uppercase(), w = width(key, id_header));
    }
    out.push('\n');
    for object in &objects {
        let line: String = keys
            .iter()
            .map(|k| format!("{:<w$}", object.get(k).map(render::human::text).unwrap_or_default(), w = width(k, 17)))
            .collect();
        out += line.trim_end();
        out.push('\n');
    }
    out
}

/// One table's rows as a CSV table (AMD's columns: the rows' keys).
fn csv_table<T: serde::Serialize>(rows: &[T]) -> String {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = rows
        .iter()
        .filter_map(|row| match serde_json::to_value(row) {
            Ok(serde_json::Value::Object(row)) => Some(row),
            _ => None,
        })
        .collect();
    render::csv::table(&rows)
}

/// Renders `partition` for the selected GPUs.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let gpus = args.gpus.resolve(context)?;
    if gpus.is_empty() {
        // AMD's JSON leaves out tables without rows; people get the other commands' notice.
        return Ok(if args.output.json {
            json::document(&Tables::default()) + "\n"
        } else {
            render::human::blocks("gpu", &[])
        });
    }
    let all = !args.current && !args.memory && !args.accelerator;
    let mut tables = Tables::default();
    if all || args.current {
        tables.current_partition = Some(gpus.iter().map(|&(i, h)| current(context, i, h)).collect());
    }
    if all || args.memory {
        tables.memory_partition = Some(gpus.iter().map(|&(i, h)| memory(context, i, h)).collect());
    }
    if all || args.accelerator {
        let (profiles, resources): (Vec<_>, Vec<_>) = gpus.iter().map(|&(i, h)| accelerator(context, i, h)).unzip();
        tables.partition_profiles = Some(profiles.into_iter().flatten().collect());
        tables.partition_resources = Some(resources.into_iter().flatten().collect());
    }
    match args.output.format() {
        render::Format::Json => return Ok(json::document(&tables) + "\n"),
        // Each table as its own CSV table (header and rows), in the order people see them.
        render::Format::Csv => {
            let mut out = String::new();
            out += &tables.current_partition.as_deref().map(csv_table).unwrap_or_default();
            out += &tables.memory_partition.as_deref().map(csv_table).unwrap_or_default();
            out += &tables.partition_profiles.as_deref().map(csv_table).unwrap_or_default();
            out += &tables.partition_resources.as_deref().map(csv_table).unwrap_or_default();
            return Ok(out);
        }
        render::Format::Human => {}
    }
    let mut out = String::new();
    if let Some(rows) = &tables.current_partition {
        out += &table(true, "CURRENT_PARTITION", 14, rows);
    }
    if let Some(rows) = &tables.memory_partition {
        out += &table(false, "MEMORY_PARTITION", 14, rows);
    }
    if let (Some(profiles), Some(resources)) = (&tables.partition_profiles, &tables.partition_resources) {
        out += &table(false, "ACCELERATOR_PARTITION_PROFILES", 17, profiles);
        out += &table(false, "ACCELERATOR_PARTITION_RESOURCES", 17, resources);
        out += "\n\nLegend:\n  * = Current mode\n";
    }
    Ok(out)
}

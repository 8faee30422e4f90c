//! `amd-smi xgmi`: the link metric table of every GPU (one per physical GPU: partitions other
//! than 0 are skipped, as amd-smi skips them) with the type of link that joins it to the other
//! GPUs, its XGMI bit rate and bandwidth (Gb/s), and per peer the data read and written over
//! the link that reaches it (KB, from `amdsmi_get_link_metrics`: the link whose peer BDF is that
//! GPU, where amd-smi indexes the per-link counters by GPU number).

use amdsmi::{AmdSmiLinkType, Context, ProcessorHandle};
use serde_json::{json, Map, Value};

use crate::render;

/// Options of `xgmi`.
#[derive(clap::Args)]
pub struct Args {
    /// XGMI link metrics (the default)
    #[arg(short = 'm', long)]
    metric: bool,
    /// Print JSON instead of human-readable text
    #[arg(long)]
    json: bool,
}

const NA: &str = "N/A";

const LEGEND: &str = "\n\nLegend:
  SELF = Current GPU
  N/A = Not supported
  U / D / X = Link is Up / Down / Disabled
  Read / Write = GPU Metric Accumulated Read / Write
";

/// A GPU of the table: its index in the enumeration, handle and BDF.
struct Gpu {
    index: usize,
    handle: ProcessorHandle,
    bdf: String,
}

/// The GPUs amd-smi's xgmi command shows: every processor but the partitions numbered above 0.
fn gpus(context: &Context) -> Vec<Gpu> {
    context
        .processor_handles()
        .into_iter()
        .enumerate()
        .filter(|&(_, h)| {
            context.gpu(h).and_then(|g| g.kfd_info()).map_or(true, |k| k.current_partition_id.unwrap_or(0) == 0)
        })
        .map(|(index, handle)| {
            let bdf =
                context.gpu(handle).and_then(|g| g.device_bdf()).map_or_else(|_| NA.to_owned(), |b| b.to_string());
            Gpu { index, handle, bdf }
        })
        .collect()
}

/// The link type of `src` as amd-smi shows it: `XGMI` as soon as one peer is reached over
/// XGMI, else the type of the last peer whose link type is known, `N/A` with no peer.
fn link_type(context: &Context, src: &Gpu, all: &[Gpu]) -> &'static str {
    let mut shown = NA;
    for dst in all.iter().filter(|d| d.handle != src.handle) {
        let Ok(link) = context.gpu(src.handle).and_then(|g| g.topo_link_type(&context.gpu(dst.handle)?)) else {
            continue;
        };
        if shown != "XGMI" {
            shown = match link.link_type {
                AmdSmiLinkType::Internal => "UNKNOWN",
                AmdSmiLinkType::Pcie | AmdSmiLinkType::Xgmi => link.link_type.name(),
                AmdSmiLinkType::NotApplicable | AmdSmiLinkType::Unknown => shown,
            };
        }
    }
    shown
}

/// A value with its unit: `"12 KB"` for people, `{"value": 12, "unit": "KB"}` in JSON; `N/A`
/// without a value.
fn with_unit<T: Into<Value> + std::fmt::Display>(value: Option<T>, unit: &str, json: bool) -> Value {
    match value {
        None => Value::from(NA),
        Some(v) if json => json!({ "value": v.into(), "unit": unit }),
        Some(v) => Value::from(format!("{v} {unit}")),
    }
}

/// One record per GPU: `gpu`, `bdf`, and `link_metrics` with one `links` entry per GPU.
fn records(context: &Context, all: &[Gpu], json: bool) -> Vec<Map<String, Value>> {
    all.iter()
        .map(|src| {
            let metrics = context.gpu(src.handle).and_then(|g| g.link_metrics()).ok();
            let link_to = |dst: &Gpu| {
                let links = metrics.as_ref().map(|m| m.links.as_slice()).unwrap_or_default();
                links.iter().find(|l| dst.handle != src.handle && l.bdf.is_some_and(|b| b.to_string() == dst.bdf))
            };
            let links: Vec<Value> = all
                .iter()
                .map(|dst| {
                    let link = link_to(dst);
                    json!({
                        "gpu": dst.index,
                        "bdf": dst.bdf,
                        "read": with_unit(link.and_then(|l| l.read), "KB", json),
                        "write": with_unit(link.and_then(|l| l.write), "KB", json),
                    })
                })
                .collect();
            let first = metrics.as_ref().and_then(|m| m.links.first());
            let mut rec = Map::new();
            rec.insert("gpu".into(), src.index.into());
            rec.insert("bdf".into(), src.bdf.clone().into());
            rec.insert(
                "link_metrics".into(),
                json!({
                    "bit_rate": with_unit(first.and_then(|l| l.bit_rate), "Gb/s", json),
                    "max_bandwidth": with_unit(first.and_then(|l| l.max_bandwidth), "Gb/s", json),
                    "link_type": link_type(context, src, all),
                    "links": links,
                }),
            );
            rec
        })
        .collect()
}

/// The LINK METRIC TABLE as amd-smi lays it out: a row per GPU (`GPU<n>`, BDF, bit rate,
/// bandwidth, link type) followed by its Read and Write rows, one column per GPU.
fn human(records: &[Map<String, Value>]) -> String {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or(NA).to_owned();
    let gpu_ids: Vec<String> =
        records.iter().map(|r| format!("GPU{}", r.get("gpu").cloned().unwrap_or_default())).collect();
    let columns: String = gpu_ids.iter().map(|g| format!("{g:>13}")).collect();
    let mut out = format!(
        "\nLINK METRIC TABLE:\n       {:<14}{:<10}{:<15}{:<11}{}\n",
        "bdf",
        "bit_rate",
        "max_bandwidth",
        "link_type",
        columns.trim_start()
    );
    for (rec, id) in records.iter().zip(&gpu_ids) {
        let metrics = rec.get("link_metrics");
        let field = |key: &str| text(metrics.and_then(|m| m.get(key)));
        let row = format!(
            "{id:<7}{:<14}{:<10}{:<15}{:<11}",
            text(rec.get("bdf")),
            field("bit_rate"),
            field("max_bandwidth"),
            field("link_type")
        );
        out.push_str(row.trim_end());
        out.push('\n');
        let links = metrics.and_then(|m| m.get("links")).and_then(Value::as_array).cloned().unwrap_or_default();
        for (label, key) in [(" Read", "read"), (" Write", "write")] {
            let cells: String = links
                .iter()
                .map(|l| text(l.get(key)))
                .map(|t| format!("{t:<width$}", width = 13.max(t.len() + 1)))
                .collect();
            out.push_str(format!("{label:<57}{cells}").trim_end());
            out.push('\n');
        }
    }
    out.push_str(LEGEND);
    out
}

/// Renders `amd-smi xgmi` for every GPU, human or JSON.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    // --metric is the only section so far, shown with or without the flag.
    let _ = args.metric;
    let records = records(context, &gpus(context), args.json);
    Ok(match (args.json, records.is_empty()) {
        (true, _) => render::json(&records),
        (false, true) => render::human(&[]),
        (false, false) => human(&records),
    })
}

//! `amd-smi xgmi`: the link metric table of every GPU (one per physical GPU: partitions other
//! than 0 are skipped, as amd-smi skips them) with the type of link that joins it to the other
//! GPUs. Bit rate, bandwidth and per-peer read/write traffic are `N/A` for now.

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
        .filter(|&(_, h)| context.gpu_kfd_info(h).map_or(true, |k| k.current_partition_id.unwrap_or(0) == 0))
        .map(|(index, handle)| {
            let bdf = context.gpu_device_bdf(handle).map_or_else(|_| NA.to_owned(), |b| b.to_string());
            Gpu { index, handle, bdf }
        })
        .collect()
}

/// The link type of `src` as amd-smi shows it: `XGMI` as soon as one peer is reached over
/// XGMI, else the type of the last peer whose link type is known, `N/A` with no peer.
fn link_type(context: &Context, src: &Gpu, all: &[Gpu]) -> &'static str {
    let mut shown = NA;
    for dst in all.iter().filter(|d| d.handle != src.handle) {
        let Ok(link) = context.topo_link_type(src.handle, dst.handle) else { continue };
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

/// One record per GPU: `gpu`, `bdf`, and `link_metrics` with one `links` entry per GPU.
fn records(context: &Context, all: &[Gpu]) -> Vec<Map<String, Value>> {
    all.iter()
        .map(|src| {
            let links: Vec<Value> =
                all.iter().map(|dst| json!({ "gpu": dst.index, "bdf": dst.bdf, "read": NA, "write": NA })).collect();
            let mut rec = Map::new();
            rec.insert("gpu".into(), src.index.into());
            rec.insert("bdf".into(), src.bdf.clone().into());
            rec.insert(
                "link_metrics".into(),
                json!({
                    "bit_rate": NA,
                    "max_bandwidth": NA,
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
            let cells: String = links.iter().map(|l| format!("{:<13}", text(l.get(key)))).collect();
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
    let records = records(context, &gpus(context));
    Ok(match (args.json, records.is_empty()) {
        (true, _) => render::json(&records),
        (false, true) => render::human(&[]),
        (false, false) => human(&records),
    })
}

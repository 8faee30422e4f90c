//! `amd-smi xgmi`: the link metric table of every GPU (one per physical GPU: partitions other
//! than 0 are skipped, as amd-smi skips them) with the type of link that joins it to the other
//! GPUs, its XGMI bit rate and bandwidth (Gb/s), and per peer the data read and written over
//! the links that reach it (KB, from `amdsmi_get_link_metrics`: summed over every link whose peer
//! BDF is that GPU, `N/A` when none does; people read them humanized, `8.0 GB`); and with
//! `-l/--link-status` the state of each XGMI link (`U`, `D`, `X`: up, down, disabled).
//!
//! As AMD's `amdsmi_commands.py` `xgmi` (7.0 series): `-m/--metric` and `-l/--link-status`
//! (`amdsmi_get_gpu_xgmi_link_status`), both when neither is named; the `-s/--source-status`
//! table is a ROCm 7.1 addition (AMD's 7.1.0 changelog) and not offered. In JSON one section is
//! a list of GPUs; both are one document `{"xgmi_metric": [...], "xgmi_link_status": [...]}`,
//! named after the logger's two lists (`store_xgmi_metric_json_output`,
//! `store_xgmi_link_status_json_output`: AMD's key names were not available to check).

use amdsmi::{Context, ProcessorHandle};
use serde::Serialize;

use crate::render::human::text;
use crate::render::table::{self, Cell};
use crate::render::{self, unit, Na, Unit, NA};
use crate::topology;

/// Options of `xgmi`.
#[derive(clap::Args)]
pub struct Args {
    /// XGMI link metrics
    #[arg(short = 'm', long)]
    metric: bool,
    /// XGMI link status: up (U), down (D) or disabled (X) per link
    #[arg(short = 'l', long = "link-status")]
    link_status: bool,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
}

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

/// The GPUs amd-smi's xgmi command shows: the selected processors but the partitions numbered
/// above 0.
fn gpus(context: &Context, selection: &crate::select::Gpus) -> amdsmi::Result<Vec<Gpu>> {
    Ok(selection
        .resolve(context)?
        .into_iter()
        .filter(|&(_, h)| {
            context.gpu(h).and_then(|g| g.kfd_info()).map_or(true, |k| k.current_partition_id.unwrap_or(0) == 0)
        })
        .map(|(index, handle)| Gpu { index, handle, bdf: topology::bdf(context, handle) })
        .collect())
}

/// The link type of `src` as amd-smi shows it: `XGMI` as soon as one peer is reached over
/// XGMI, else the type of the last peer whose link type is known, `N/A` with no peer.
fn link_type(context: &Context, src: &Gpu, all: &[Gpu]) -> &'static str {
    let mut shown = NA;
    for dst in all.iter().filter(|d| d.handle != src.handle) {
        let Ok(link) = context.gpu(src.handle).and_then(|g| g.topo_link_type(&context.gpu(dst.handle)?)) else {
            continue;
        };
        let name = topology::type_name(link.link_type);
        if shown != "XGMI" && name != NA {
            shown = name;
        }
    }
    shown
}

/// Data read and written over the link to one GPU, KB.
#[derive(Serialize)]
struct Link {
    gpu: usize,
    bdf: String,
    read: Na<Unit<u64>>,
    write: Na<Unit<u64>>,
}

/// The link metrics of one GPU: bit rate and bandwidth (Gb/s), link type, one link per GPU.
#[derive(Serialize)]
struct LinkMetrics {
    bit_rate: Na<Unit<u32>>,
    max_bandwidth: Na<Unit<u32>>,
    link_type: &'static str,
    links: Vec<Link>,
}

/// One GPU's record: its BDF and link metrics.
#[derive(Serialize)]
struct Record {
    bdf: String,
    link_metrics: LinkMetrics,
}

/// One record per GPU, numbered as in the enumeration.
fn records(context: &Context, all: &[Gpu]) -> Vec<(usize, Record)> {
    all.iter()
        .map(|src| {
            let metrics = context.gpu(src.handle).and_then(|g| g.link_metrics()).ok();
            // The data over every link to `dst`, summed (AMD accumulates links of the same BDF).
            let to = |dst: &Gpu, f: fn(&amdsmi::LinkMetric) -> Option<u64>| {
                let links = metrics.as_ref().map(|m| m.links.as_slice()).unwrap_or_default();
                let to_dst = links
                    .iter()
                    .filter(|l| dst.handle != src.handle && l.bdf.is_some_and(|b| b.to_string() == dst.bdf));
                to_dst.filter_map(f).reduce(u64::saturating_add)
            };
            let links = all
                .iter()
                .map(|dst| Link {
                    gpu: dst.index,
                    bdf: dst.bdf.clone(),
                    read: unit(to(dst, |l| l.read), "KB"),
                    write: unit(to(dst, |l| l.write), "KB"),
                })
                .collect();
            let first = metrics.as_ref().and_then(|m| m.links.first());
            let link_metrics = LinkMetrics {
                bit_rate: unit(first.and_then(|l| l.bit_rate), "Gb/s"),
                max_bandwidth: unit(first.and_then(|l| l.max_bandwidth), "Gb/s"),
                link_type: link_type(context, src, all),
                links,
            };
            (src.index, Record { bdf: src.bdf.clone(), link_metrics })
        })
        .collect()
}

/// The LINK METRIC TABLE as amd-smi lays it out: a row per GPU (`GPU<n>`, BDF, bit rate,
/// bandwidth, link type) followed by its Read and Write rows, one column per GPU.
fn human(records: &[(usize, Record)]) -> String {
    let gpu_ids: Vec<String> = records.iter().map(|(index, _)| format!("GPU{index}")).collect();
    let mut header = vec![
        Cell::Plain(" ".repeat(7)),
        Cell::Left("bdf".into(), 14),
        Cell::Left("bit_rate".into(), 10),
        Cell::Left("max_bandwidth".into(), 15),
        Cell::Left("link_type".into(), 11),
    ];
    // The first GPU column starts right after `link_type`, without its alignment spaces.
    for (i, id) in gpu_ids.iter().enumerate() {
        header.push(if i == 0 { Cell::Plain(id.clone()) } else { Cell::Right(id.clone(), table::COLUMN) });
    }
    let mut out = "\nLINK METRIC TABLE:\n".to_owned() + &table::line(&header);
    for ((_, rec), id) in records.iter().zip(&gpu_ids) {
        let metrics = &rec.link_metrics;
        out.push_str(&table::trimmed_line(&[
            Cell::Left(id.clone(), 7),
            Cell::Left(rec.bdf.clone(), 14),
            Cell::Left(text(&metrics.bit_rate), 10),
            Cell::Left(text(&metrics.max_bandwidth), 15),
            Cell::Left(metrics.link_type.to_owned(), 11),
        ]));
        for (label, data) in
            [(" Read", (|l: &Link| humanized(l.read)) as fn(&Link) -> String), (" Write", |l| humanized(l.write))]
        {
            let mut cells = vec![Cell::Left(label.to_owned(), 57)];
            cells.extend(metrics.links.iter().map(|l| Cell::Wide(data(l))));
            out.push_str(&table::trimmed_line(&cells));
        }
    }
    out
}

/// Data in KB as people read it: bytes humanized (`8.0 GB`), as AMD's
/// `convert_bytes_to_readable(kb * 1024)`.
fn humanized(kb: Na<Unit<u64>>) -> String {
    text(&unit(kb.0.map(|k| k.value.saturating_mul(1024)), "B"))
}

/// One GPU's XGMI link states: `U`, `D` or `X` per link (AMD's letters, the legend's).
#[derive(Serialize)]
struct LinkStatus {
    bdf: String,
    link_status: Vec<&'static str>,
}

/// The link states of the GPUs that report them (AMD leaves out a GPU whose call fails).
fn link_statuses(context: &Context, all: &[Gpu]) -> Vec<(usize, LinkStatus)> {
    let letter = |s: amdsmi::AmdSmiXgmiLinkStatusType| match s {
        amdsmi::AmdSmiXgmiLinkStatusType::Up => "U",
        amdsmi::AmdSmiXgmiLinkStatusType::Down => "D",
        amdsmi::AmdSmiXgmiLinkStatusType::Disable => "X",
    };
    all.iter()
        .filter_map(|gpu| {
            let status = Na::ok(context.gpu(gpu.handle).and_then(|g| g.xgmi_link_status())).0?;
            let link_status = status.status.into_iter().map(letter).collect();
            Some((gpu.index, LinkStatus { bdf: gpu.bdf.clone(), link_status }))
        })
        .collect()
}

/// The XGMI LINK STATUS table: a row per GPU with its BDF and its links' states (written as
/// Python writes a list, AMD's table cell).
fn status_table(statuses: &[(usize, LinkStatus)]) -> String {
    let header = [Cell::Plain(" ".repeat(7)), Cell::Left("bdf".into(), 14), Cell::Plain("link_status".into())];
    let mut out = "\nXGMI LINK STATUS:\n".to_owned() + &table::trimmed_line(&header);
    for (gpu, s) in statuses {
        let letters: Vec<String> = s.link_status.iter().map(|l| format!("'{l}'")).collect();
        out.push_str(&table::trimmed_line(&[
            Cell::Left(format!("GPU{gpu}"), 7),
            Cell::Left(s.bdf.clone(), 14),
            Cell::Plain(format!("[{}]", letters.join(", "))),
        ]));
    }
    out
}

/// Renders `amd-smi xgmi` for every GPU, human, JSON or CSV: the sections named, both when none.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let both = args.metric == args.link_status;
    let gpus = gpus(context, &args.gpus)?;
    if gpus.is_empty() && args.output.human() {
        return Ok(render::human::blocks("gpu", &[]));
    }
    let metric = (both || args.metric).then(|| records(context, &gpus));
    let status = (both || args.link_status).then(|| link_statuses(context, &gpus));
    let list = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap_or_default();
    Ok(match (args.output.format(), metric, status) {
        (render::Format::Human, metric, status) => {
            let mut out = metric.map(|m| human(&m)).unwrap_or_default();
            out.push_str(&status.map(|s| status_table(&s)).unwrap_or_default());
            out + LEGEND
        }
        (render::Format::Json, Some(metric), Some(status)) => {
            let doc = serde_json::json!({
                "xgmi_metric": list(render::records(args.output, "gpu", &metric)),
                "xgmi_link_status": list(render::records(args.output, "gpu", &status)),
            });
            render::json::document(&doc) + "\n"
        }
        // CSV of both sections: one table after the other.
        (_, metric, status) => {
            metric.map(|m| render::records(args.output, "gpu", &m)).unwrap_or_default()
                + &status.map(|s| render::records(args.output, "gpu", &s)).unwrap_or_default()
        }
    })
}

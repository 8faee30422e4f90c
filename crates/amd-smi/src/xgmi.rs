//! `amd-smi xgmi`: the link metric table of every GPU (one per physical GPU: partitions other
//! than 0 are skipped, as amd-smi skips them) with the type of link that joins it to the other
//! GPUs, its XGMI bit rate and bandwidth (Gb/s), and per peer the data read and written over
//! the link that reaches it (KB, from `amdsmi_get_link_metrics`: the link whose peer BDF is that
//! GPU, where amd-smi indexes the per-link counters by GPU number).

use amdsmi::{Context, ProcessorHandle};
use serde::Serialize;

use crate::render::human::text;
use crate::render::table::{self, Cell};
use crate::render::{self, unit, Na, Unit, NA};
use crate::topology;

/// Options of `xgmi`.
#[derive(clap::Args)]
pub struct Args {
    /// XGMI link metrics (the default)
    #[arg(short = 'm', long)]
    metric: bool,
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
            let link_to = |dst: &Gpu| {
                let links = metrics.as_ref().map(|m| m.links.as_slice()).unwrap_or_default();
                links.iter().find(|l| dst.handle != src.handle && l.bdf.is_some_and(|b| b.to_string() == dst.bdf))
            };
            let links = all
                .iter()
                .map(|dst| {
                    let link = link_to(dst);
                    Link {
                        gpu: dst.index,
                        bdf: dst.bdf.clone(),
                        read: unit(link.and_then(|l| l.read), "KB"),
                        write: unit(link.and_then(|l| l.write), "KB"),
                    }
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
            [(" Read", (|l: &Link| text(&l.read)) as fn(&Link) -> String), (" Write", |l| text(&l.write))]
        {
            let mut cells = vec![Cell::Left(label.to_owned(), 57)];
            cells.extend(metrics.links.iter().map(|l| Cell::Wide(data(l))));
            out.push_str(&table::trimmed_line(&cells));
        }
    }
    out.push_str(LEGEND);
    out
}

/// Renders `amd-smi xgmi` for every GPU, human or JSON.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    // --metric is the only section so far, shown with or without the flag.
    let _ = args.metric;
    let records = records(context, &gpus(context, &args.gpus)?);
    Ok(match (!args.output.human(), records.is_empty()) {
        (true, _) => render::records(args.output, "gpu", &records),
        (false, true) => render::human::blocks("gpu", &[]),
        (false, false) => human(&records),
    })
}

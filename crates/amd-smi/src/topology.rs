//! `amd-smi topology`: access, weight, hops, link type, NUMA bandwidth and peer-to-peer
//! capabilities between every pair of GPUs, as the tables `amd-smi topology` prints (one table
//! per section, BDF rows and columns, then a legend) or, with `--json`, one record per GPU with
//! a `links` list.

use amdsmi::{AmdSmiLinkType, Context, P2pCapability, ProcessorHandle};
use serde_json::{Map, Value};

use crate::render;

/// Options of `topology`: the sections to show (all when none is named).
#[derive(clap::Args)]
pub struct Args {
    /// Link accessibility between GPUs
    #[arg(short = 'a', long)]
    access: bool,
    /// Relative weight between GPUs
    #[arg(short = 'w', long)]
    weight: bool,
    /// Number of hops between GPUs
    #[arg(short = 'o', long)]
    hops: bool,
    /// Link type between GPUs
    #[arg(short = 't', long = "link-type")]
    link_type: bool,
    /// Minimum and maximum bandwidth between GPUs
    #[arg(short = 'b', long = "numa-bw")]
    numa_bw: bool,
    /// Cache-coherent (or non-coherent) link capability between GPUs
    #[arg(short = 'c', long)]
    coherent: bool,
    /// 32- and 64-bit atomics capability between GPUs
    #[arg(short = 'n', long)]
    atomics: bool,
    /// Peer-to-peer DMA capability between GPUs
    #[arg(short = 'd', long)]
    dma: bool,
    /// Bi-directional link capability between GPUs
    #[arg(short = 'z', long = "bi-dir")]
    bi_dir: bool,
    /// Print JSON instead of human-readable text
    #[arg(long)]
    json: bool,
}

const NA: &str = "N/A";
const SELF: &str = "SELF";

/// One section: its flag, its key in a `--json` link record, and its human table title.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Access,
    Weight,
    Hops,
    LinkType,
    NumaBw,
    Coherent,
    Atomics,
    Dma,
    BiDir,
}

impl Section {
    const ALL: [Section; 9] = [
        Section::Access,
        Section::Weight,
        Section::Hops,
        Section::LinkType,
        Section::NumaBw,
        Section::Coherent,
        Section::Atomics,
        Section::Dma,
        Section::BiDir,
    ];

    fn selected(self, args: &Args) -> bool {
        match self {
            Section::Access => args.access,
            Section::Weight => args.weight,
            Section::Hops => args.hops,
            Section::LinkType => args.link_type,
            Section::NumaBw => args.numa_bw,
            Section::Coherent => args.coherent,
            Section::Atomics => args.atomics,
            Section::Dma => args.dma,
            Section::BiDir => args.bi_dir,
        }
    }

    fn json_key(self) -> &'static str {
        match self {
            Section::Access => "link_status",
            Section::Weight => "weight",
            Section::Hops => "num_hops",
            Section::LinkType => "link_type",
            Section::NumaBw => "bandwidth",
            Section::Coherent => "coherent",
            Section::Atomics => "atomics",
            Section::Dma => "dma",
            Section::BiDir => "bi_dir",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Section::Access => "ACCESS TABLE",
            Section::Weight => "WEIGHT TABLE",
            Section::Hops => "HOPS TABLE",
            Section::LinkType => "LINK TYPE TABLE",
            Section::NumaBw => "NUMA BW TABLE",
            Section::Coherent => "CACHE COHERENCY TABLE",
            Section::Atomics => "ATOMICS TABLE",
            Section::Dma => "DMA TABLE",
            Section::BiDir => "BI-DIRECTIONAL TABLE",
        }
    }
}

/// The order of a `--json` link record's keys after `gpu` and `bdf`, as amd-smi writes them.
const JSON_ORDER: [Section; 9] = [
    Section::Weight,
    Section::Access,
    Section::LinkType,
    Section::Hops,
    Section::NumaBw,
    Section::Coherent,
    Section::Atomics,
    Section::Dma,
    Section::BiDir,
];

const LEGEND: &str = "\n\nLegend:
  SELF = Current GPU
  ENABLED / DISABLED = Link is enabled or disabled
  N/A = Not supported
  T/F = True / False
  C/NC = Coherent / Non-Coherent io links
  64,32 = 64 bit and 32 bit atomic support
  <BW from>-<BW to>
";

/// The link type as amd-smi names it.
fn type_name(link_type: AmdSmiLinkType) -> &'static str {
    match link_type {
        AmdSmiLinkType::Internal => "UNKNOWN",
        AmdSmiLinkType::Pcie | AmdSmiLinkType::Xgmi => link_type.name(),
        AmdSmiLinkType::NotApplicable | AmdSmiLinkType::Unknown => NA,
    }
}

/// `T`/`F` (or `C`/`NC`) for a capability, `N/A` when undefined.
fn yes_no(value: Option<bool>, yes: &str, no: &str) -> Value {
    Value::from(value.map_or(NA, |v| if v { yes } else { no }))
}

fn atomics(cap: &P2pCapability) -> &'static str {
    match (cap.is_iolink_atomics_32bit, cap.is_iolink_atomics_64bit) {
        (Some(true), Some(true)) => "64,32",
        (Some(true), _) => "32",
        (_, Some(true)) => "64",
        _ => NA,
    }
}

/// Every section's value from `src` to `dst`, as the JSON record and the tables show it.
fn link(context: &Context, src: ProcessorHandle, dst: ProcessorHandle, human: bool) -> Map<String, Value> {
    let na = || Value::from(NA);
    let mut values = Map::new();
    let access = context.gpu(src).and_then(|g| g.is_p2p_accessible(&context.gpu(dst)?)).map(|on| {
        if on {
            "ENABLED"
        } else {
            "DISABLED"
        }
    });
    values.insert(Section::Access.json_key().into(), access.map_or_else(|_| na(), Value::from));
    if src == dst {
        values.insert(Section::Weight.json_key().into(), 0.into());
        values.insert(Section::Hops.json_key().into(), 0.into());
        values.insert(Section::LinkType.json_key().into(), SELF.into());
        values.insert(Section::NumaBw.json_key().into(), na());
        for section in [Section::Coherent, Section::Atomics, Section::Dma, Section::BiDir] {
            values.insert(section.json_key().into(), SELF.into());
        }
        return values;
    }
    let link_type = context.gpu(src).and_then(|g| g.topo_link_type(&context.gpu(dst)?)).ok();
    let weight = context.gpu(src).and_then(|g| g.topo_link_weight(&context.gpu(dst)?));
    values.insert(Section::Weight.json_key().into(), weight.map_or_else(|_| na(), Value::from));
    values.insert(Section::Hops.json_key().into(), link_type.map_or_else(na, |t| t.hops.into()));
    values.insert(Section::LinkType.json_key().into(), link_type.map_or_else(na, |t| type_name(t.link_type).into()));
    // The table asks for the bandwidth of XGMI pairs only and shows the error of a failed call;
    // the JSON record asks for every pair and shows N/A.
    let xgmi = link_type.map_or(true, |t| t.link_type == AmdSmiLinkType::Xgmi);
    let bandwidth = if human && !xgmi {
        na()
    } else {
        match context.gpu(src).and_then(|g| g.minmax_bandwidth(&context.gpu(dst)?)) {
            Ok(bw) => format!("{}-{}", bw.min_bandwidth, bw.max_bandwidth).into(),
            Err(err) if human => err.status().description().into(),
            Err(_) => na(),
        }
    };
    values.insert(Section::NumaBw.json_key().into(), bandwidth);
    let cap = context.gpu(src).and_then(|g| g.topo_p2p_status(&context.gpu(dst)?)).ok().map(|p| p.cap);
    let cap = cap.as_ref();
    values.insert(Section::Coherent.json_key().into(), yes_no(cap.and_then(|c| c.is_iolink_coherent), "C", "NC"));
    values.insert(Section::Atomics.json_key().into(), cap.map_or(NA, atomics).into());
    values.insert(Section::Dma.json_key().into(), yes_no(cap.and_then(|c| c.is_iolink_dma), "T", "F"));
    values.insert(Section::BiDir.json_key().into(), yes_no(cap.and_then(|c| c.is_iolink_bi_directional), "T", "F"));
    values
}

fn bdf(context: &Context, gpu: ProcessorHandle) -> String {
    context.gpu(gpu).and_then(|g| g.device_bdf()).map_or_else(|_| NA.to_owned(), |b| b.to_string())
}

/// A value as amd-smi prints it in a table cell (strings without quotes).
fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The tables (`TITLE:`, a header of BDFs, one row per source GPU) and the legend.
fn human(
    context: &Context,
    gpus: &[ProcessorHandle],
    links: &[Vec<Map<String, Value>>],
    sections: &[Section],
) -> String {
    let bdfs: Vec<String> = gpus.iter().map(|&g| bdf(context, g)).collect();
    let header: String = " ".repeat(12) + &bdfs.iter().map(|b| format!("{b:>13}")).collect::<String>();
    let mut out = String::new();
    for &section in sections {
        out.push_str(section.title());
        out.push_str(":\n");
        out.push_str(&header);
        out.push('\n');
        for (src, row) in bdfs.iter().zip(links) {
            let mut line = format!("{src} ");
            for link in row {
                line.push_str(&format!("{:<13}", link.get(section.json_key()).map(cell).unwrap_or_default()));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push_str(LEGEND);
    out
}

/// One record per source GPU: `gpu`, `bdf` and a `links` list with one entry per destination.
fn records(
    context: &Context,
    gpus: &[ProcessorHandle],
    links: &[Vec<Map<String, Value>>],
    sections: &[Section],
) -> Vec<Map<String, Value>> {
    let entry = |index: usize, gpu: ProcessorHandle| {
        let mut rec = Map::new();
        rec.insert("gpu".into(), index.into());
        rec.insert("bdf".into(), bdf(context, gpu).into());
        rec
    };
    gpus.iter()
        .zip(links)
        .enumerate()
        .map(|(i, (&src, row))| {
            let mut rec = entry(i, src);
            let list = gpus.iter().zip(row).enumerate().map(|(j, (&dst, values))| {
                let mut link = entry(j, dst);
                for section in JSON_ORDER.into_iter().filter(|s| sections.contains(s)) {
                    let key = section.json_key();
                    link.insert(key.into(), values.get(key).cloned().unwrap_or_else(|| Value::from(NA)));
                }
                Value::Object(link)
            });
            rec.insert("links".into(), Value::Array(list.collect()));
            rec
        })
        .collect()
}

/// `amdsmi_get_link_topology_nearest` with the processors as BDFs: `{"processor_list": [...]}`.
pub fn nearest_bdfs(context: &Context, gpu: ProcessorHandle, link_type: AmdSmiLinkType) -> amdsmi::Result<Value> {
    let nearest = context.gpu(gpu)?.link_topology_nearest(link_type)?;
    let bdfs: Vec<String> = nearest.processor_list.iter().map(|&h| bdf(context, h)).collect();
    Ok(serde_json::json!({ "processor_list": bdfs }))
}

/// Renders the topology of every GPU as `amd-smi topology` does, or as JSON.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let mut sections: Vec<Section> = Section::ALL.into_iter().filter(|s| s.selected(args)).collect();
    if sections.is_empty() {
        sections = Section::ALL.to_vec();
    }
    let gpus = context.processor_handles();
    if gpus.is_empty() && !args.json {
        return Ok(render::human(&[]));
    }
    let links: Vec<Vec<Map<String, Value>>> =
        gpus.iter().map(|&src| gpus.iter().map(|&dst| link(context, src, dst, !args.json)).collect()).collect();
    Ok(if args.json {
        render::json(&records(context, &gpus, &links, &sections))
    } else {
        human(context, &gpus, &links, &sections)
    })
}

//! `amd-smi topology`: access, weight, hops, link type, NUMA bandwidth and peer-to-peer
//! capabilities between every pair of GPUs, as the tables `amd-smi topology` prints (one table
//! per section, BDF rows and columns, then a legend) or, with `--json`, one record per GPU with
//! a `links` list.

use amdsmi::{AmdSmiLinkType, Context, P2pCapability, ProcessorHandle};
use serde::Serialize;

use crate::render::{self, sections, Na, NA};

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
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
}

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
pub(crate) fn type_name(link_type: AmdSmiLinkType) -> &'static str {
    match link_type {
        AmdSmiLinkType::Internal => "UNKNOWN",
        AmdSmiLinkType::Pcie | AmdSmiLinkType::Xgmi => link_type.name(),
        AmdSmiLinkType::NotApplicable | AmdSmiLinkType::Unknown => NA,
    }
}

/// `T`/`F` (or `C`/`NC`) for a capability, `N/A` when undefined.
fn yes_no(value: Option<bool>, yes: &'static str, no: &'static str) -> &'static str {
    value.map_or(NA, |v| if v { yes } else { no })
}

fn atomics(cap: &P2pCapability) -> &'static str {
    match (cap.is_iolink_atomics_32bit, cap.is_iolink_atomics_64bit) {
        (Some(true), Some(true)) => "64,32",
        (Some(true), _) => "32",
        (_, Some(true)) => "64",
        _ => NA,
    }
}

/// The link from one GPU to another: `gpu` and `bdf` of the destination, then its values.
#[derive(Serialize)]
struct Link {
    gpu: usize,
    bdf: String,
    #[serde(flatten)]
    values: Values,
}

sections! {
    /// The selected sections of a link (unselected ones are left out), in the order amd-smi
    /// writes them.
    #[derive(Default)]
    struct Values {
        weight: Na<u64>,
        link_status: Na<&'static str>,
        link_type: &'static str,
        num_hops: Na<u64>,
        bandwidth: Na<String>,
        coherent: &'static str,
        atomics: &'static str,
        dma: &'static str,
        bi_dir: &'static str,
    }
}

/// The link from `src` to `dst` (`dst` numbered `index`, at `bdf`) with the selected sections,
/// as the tables (`human`) or the JSON record show it.
fn link(
    context: &Context,
    src: ProcessorHandle,
    (index, dst, bdf): (usize, ProcessorHandle, &str),
    sections: &[Section],
    human: bool,
) -> Link {
    let on = |section| sections.contains(&section);
    let mut values = Values::default();
    if on(Section::Access) {
        let access = context.gpu(src).and_then(|g| g.is_p2p_accessible(&context.gpu(dst)?)).map(|on| {
            if on {
                "ENABLED"
            } else {
                "DISABLED"
            }
        });
        values.link_status = Some(Na::ok(access));
    }
    let capability = |section, value: &'static str| on(section).then_some(value);
    if src == dst {
        values.weight = on(Section::Weight).then_some(Na(Some(0)));
        values.num_hops = on(Section::Hops).then_some(Na(Some(0)));
        values.link_type = capability(Section::LinkType, SELF);
        values.bandwidth = on(Section::NumaBw).then_some(Na::NA);
        values.coherent = capability(Section::Coherent, SELF);
        values.atomics = capability(Section::Atomics, SELF);
        values.dma = capability(Section::Dma, SELF);
        values.bi_dir = capability(Section::BiDir, SELF);
        return Link { gpu: index, bdf: bdf.to_owned(), values };
    }
    let link_type = context.gpu(src).and_then(|g| g.topo_link_type(&context.gpu(dst)?)).ok();
    if on(Section::Weight) {
        values.weight = Some(Na::ok(context.gpu(src).and_then(|g| g.topo_link_weight(&context.gpu(dst)?))));
    }
    values.num_hops = on(Section::Hops).then(|| Na(link_type.map(|t| t.hops)));
    values.link_type = on(Section::LinkType).then(|| link_type.map_or(NA, |t| type_name(t.link_type)));
    if on(Section::NumaBw) {
        // The table asks for the bandwidth of XGMI pairs only and shows the error of a failed
        // call; the JSON record asks for every pair and shows N/A.
        let xgmi = link_type.map_or(true, |t| t.link_type == AmdSmiLinkType::Xgmi);
        values.bandwidth = Some(Na(if human && !xgmi {
            None
        } else {
            match context.gpu(src).and_then(|g| g.minmax_bandwidth(&context.gpu(dst)?)) {
                Ok(bw) => Some(format!("{}-{}", bw.min_bandwidth, bw.max_bandwidth)),
                Err(err) if human => Some(err.status().description().to_owned()),
                Err(_) => None,
            }
        }));
    }
    let cap = context.gpu(src).and_then(|g| g.topo_p2p_status(&context.gpu(dst)?)).ok().map(|p| p.cap);
    let cap = cap.as_ref();
    values.coherent = capability(Section::Coherent, yes_no(cap.and_then(|c| c.is_iolink_coherent), "C", "NC"));
    values.atomics = capability(Section::Atomics, cap.map_or(NA, atomics));
    values.dma = capability(Section::Dma, yes_no(cap.and_then(|c| c.is_iolink_dma), "T", "F"));
    values.bi_dir = capability(Section::BiDir, yes_no(cap.and_then(|c| c.is_iolink_bi_directional), "T", "F"));
    Link { gpu: index, bdf: bdf.to_owned(), values }
}

/// The GPU's BDF as amd-smi writes it, `N/A` when unknown.
pub(crate) fn bdf(context: &Context, gpu: ProcessorHandle) -> String {
    context.gpu(gpu).and_then(|g| g.device_bdf()).map_or_else(|_| NA.to_owned(), |b| b.to_string())
}

/// The links of one source GPU: its BDF and one link per destination.
#[derive(Serialize)]
struct Links {
    bdf: String,
    links: Vec<Link>,
}

/// `amdsmi_get_link_topology_nearest` with the processors as BDFs.
#[derive(Serialize)]
pub(crate) struct NearestBdfs {
    /// The nearest GPUs' BDFs, nearest first.
    processor_list: Vec<String>,
}

/// `amdsmi_get_link_topology_nearest` with the processors as BDFs: `{"processor_list": [...]}`.
pub fn nearest_bdfs(context: &Context, gpu: ProcessorHandle, link_type: AmdSmiLinkType) -> amdsmi::Result<NearestBdfs> {
    let nearest = context.gpu(gpu).and_then(|g| g.link_topology_nearest(link_type))?;
    Ok(NearestBdfs { processor_list: nearest.processor_list.iter().map(|&h| bdf(context, h)).collect() })
}

/// Renders the topology between the selected GPUs (every GPU without `-g`) as `amd-smi topology` does (one table per section, then
/// the legend), or as JSON (one record per GPU with a `links` list).
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let mut sections: Vec<Section> = Section::ALL.into_iter().filter(|s| s.selected(args)).collect();
    if sections.is_empty() {
        sections = Section::ALL.to_vec();
    }
    let selected = args.gpus.resolve(context)?;
    let gpus: Vec<ProcessorHandle> = selected.iter().map(|&(_, gpu)| gpu).collect();
    let indices = selected.iter().map(|&(index, _)| index);
    if gpus.is_empty() && args.output.human() {
        return Ok(render::human::blocks("gpu", &[]));
    }
    let bdfs: Vec<String> = gpus.iter().map(|&g| bdf(context, g)).collect();
    let records: Vec<(usize, Links)> = gpus
        .iter()
        .zip(&bdfs)
        .map(|(&src, src_bdf)| {
            let links = gpus
                .iter()
                .zip(&bdfs)
                .zip(indices.clone())
                .map(|((dst, dst_bdf), j)| (j, (dst, dst_bdf)))
                .map(|(j, (&dst, dst_bdf))| link(context, src, (j, dst, dst_bdf), &sections, args.output.human()))
                .collect();
            Links { bdf: src_bdf.clone(), links }
        })
        .zip(indices.clone())
        .map(|(links, index)| (index, links))
        .collect();
    if !args.output.human() {
        return Ok(render::records(args.output, "gpu", &records));
    }
    let rows: Vec<(String, Vec<Link>)> = records.into_iter().map(|(_, r)| (r.bdf, r.links)).collect();
    let mut out: String =
        sections.iter().map(|s| render::table::matrix(s.title(), &bdfs, &rows, s.json_key())).collect();
    out.push_str(LEGEND);
    Ok(out)
}

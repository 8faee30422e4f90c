//! `amd-smi list [-g GPU...] [-e] [--json|--csv]`.

use amdsmi::Context;
use serde::Serialize;

use crate::render::{self, Na};

/// Options of `list`.
#[derive(clap::Args)]
pub struct Args {
    /// Also show the DRM render and card nodes, HSA id, HIP id and HIP UUID
    #[arg(short = 'e', long)]
    enumeration: bool,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
}

/// One GPU with `amd-smi list --json`'s keys.
#[derive(Serialize)]
struct Gpu {
    #[serde(flatten)]
    ids: Ids,
    kfd_id: Na<u64>,
    node_id: Na<u32>,
    partition_id: Na<u32>,
    #[serde(flatten)]
    enumeration: Option<Enumeration>,
}

/// BDF and UUID, named `gpu_bdf` and `gpu_uuid` in CSV ("aligned with Host", AMD's
/// `amdsmi_commands.py`, `list`).
#[derive(Serialize)]
#[serde(untagged)]
enum Ids {
    Named { bdf: Na<String>, uuid: Na<String> },
    Csv { gpu_bdf: Na<String>, gpu_uuid: Na<String> },
}

/// The `-e` keys: DRM nodes, HSA and HIP ids.
#[derive(Serialize)]
struct Enumeration {
    render: Na<String>,
    card: Na<String>,
    hsa_id: Na<u32>,
    hip_id: Na<u32>,
    hip_uuid: Na<String>,
}

fn gpu(context: &Context, gpu: amdsmi::ProcessorHandle, enumeration: bool, csv: bool) -> Gpu {
    let kfd = context.gpu(gpu).and_then(|g| g.kfd_info()).ok();
    let enumeration = enumeration.then(|| {
        let info = context.gpu(gpu).and_then(|g| g.enumeration_info()).ok();
        let node = |prefix: &str, minor: Option<u32>| Na(minor.map(|m| format!("{prefix}{m}")));
        Enumeration {
            render: node("renderD", info.as_ref().and_then(|i| i.drm_render)),
            card: node("card", info.as_ref().and_then(|i| i.drm_card)),
            hsa_id: Na(info.as_ref().and_then(|i| i.hsa_id)),
            hip_id: Na(info.as_ref().and_then(|i| i.hip_id)),
            hip_uuid: Na(info.and_then(|i| i.hip_uuid)),
        }
    });
    let bdf = Na::ok(context.gpu(gpu).and_then(|g| g.device_bdf()).map(|b| b.to_string()));
    let uuid = Na::ok(context.gpu(gpu).and_then(|g| g.device_uuid()));
    Gpu {
        ids: if csv { Ids::Csv { gpu_bdf: bdf, gpu_uuid: uuid } } else { Ids::Named { bdf, uuid } },
        kfd_id: Na(kfd.as_ref().and_then(|k| k.kfd_id)),
        node_id: Na(kfd.as_ref().and_then(|k| k.node_id)),
        partition_id: Na(kfd.as_ref().and_then(|k| k.current_partition_id)),
        enumeration,
    }
}

/// Renders the list as `amd-smi list` does: `GPU: n` blocks of upper-cased keys, or JSON.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let gpus: Vec<(usize, Gpu)> = args
        .gpus
        .resolve(context)?
        .into_iter()
        .map(|(i, h)| (i, gpu(context, h, args.enumeration, args.output.csv)))
        .collect();
    Ok(render::records(args.output, "gpu", &gpus))
}

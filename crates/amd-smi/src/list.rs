//! `amd-smi list [-e] [--json]`.

use amdsmi::Context;
use serde_json::{Map, Value};

use crate::render;

/// Options of `list`.
#[derive(clap::Args)]
pub struct Args {
    /// Also show the DRM render and card nodes, HSA id, HIP id and HIP UUID
    #[arg(short = 'e', long)]
    enumeration: bool,
    /// Print JSON instead of human-readable text
    #[arg(long)]
    json: bool,
}

const NA: &str = "N/A";

/// One record per GPU with `amd-smi list --json`'s keys, `"N/A"` where a value is not available.
fn records(context: &Context, enumeration: bool) -> Vec<Map<String, Value>> {
    let na = || Value::from(NA);
    context
        .processor_handles()
        .into_iter()
        .enumerate()
        .map(|(index, gpu)| {
            let mut rec = Map::new();
            rec.insert("gpu".into(), index.into());
            rec.insert(
                "bdf".into(),
                context.gpu(gpu).and_then(|g| g.device_bdf()).map_or_else(|_| na(), |b| b.to_string().into()),
            );
            rec.insert(
                "uuid".into(),
                context.gpu(gpu).and_then(|g| g.device_uuid()).map_or_else(|_| na(), Value::from),
            );
            let kfd = context.gpu(gpu).and_then(|g| g.kfd_info()).ok();
            let field = |v: Option<Value>| v.unwrap_or_else(na);
            rec.insert("kfd_id".into(), field(kfd.as_ref().and_then(|k| k.kfd_id).map(Value::from)));
            rec.insert("node_id".into(), field(kfd.as_ref().and_then(|k| k.node_id).map(Value::from)));
            rec.insert(
                "partition_id".into(),
                field(kfd.as_ref().and_then(|k| k.current_partition_id).map(Value::from)),
            );
            if enumeration {
                let info = context.gpu(gpu).and_then(|g| g.enumeration_info()).ok();
                let node = |prefix: &str, minor: Option<u32>| field(minor.map(|m| Value::from(format!("{prefix}{m}"))));
                rec.insert("render".into(), node("renderD", info.as_ref().and_then(|i| i.drm_render)));
                rec.insert("card".into(), node("card", info.as_ref().and_then(|i| i.drm_card)));
                rec.insert("hsa_id".into(), field(info.as_ref().and_then(|i| i.hsa_id).map(Value::from)));
                rec.insert("hip_id".into(), field(info.as_ref().and_then(|i| i.hip_id).map(Value::from)));
                rec.insert("hip_uuid".into(), field(info.and_then(|i| i.hip_uuid).map(Value::from)));
            }
            rec
        })
        .collect()
}

/// Renders the list as `amd-smi list` does: `GPU: n` blocks of upper-cased keys, or JSON.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let records = records(context, args.enumeration);
    Ok(if args.json { render::json(&records) } else { render::human(&records) })
}

//! `amd-smi firmware` (alias `ucode`) `[-g GPU...] [-f]`: each GPU's firmware blocks and their
//! versions.
//!
//! As AMD SMI 7.0 prints them (`amdsmi_cli/amdsmi_commands.py`, `AMDSMICommands.firmware`): the
//! list of `amdsmi_get_fw_info` as `fw_list`, each entry's `fw_name` renamed `fw_id` without its
//! `AMDSMI_FW_ID_` prefix, then `fw_version` as the library formats it (dotted hex for PSP, TA,
//! UVD, VCE and VCN, dotted decimal for PM and PLDM, else decimal: `format_fw_version`). For people
//! AMD numbers the entries `FW 0`, `FW 1` ...; `fw_list` is `N/A` when the library fails.

use amdsmi::{Context, ProcessorHandle};
use serde::Serialize;

use crate::render::{self, Entries, Na};

/// Options of `firmware`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    gpus: crate::select::Gpus,
    /// All firmware list information (`fw_list`, the one section: shown with or without this flag)
    #[arg(short = 'f', long = "ucode-list", visible_alias = "fw-list")]
    _ucode_list: bool,
    #[command(flatten)]
    output: render::Output,
}

/// One firmware block.
#[derive(Serialize)]
struct Firmware {
    fw_id: String,
    fw_version: String,
}

/// The blocks: a JSON list, or for people entries named `FW n`.
#[derive(Serialize)]
#[serde(untagged)]
enum FwList {
    List(Vec<Firmware>),
    Numbered(Entries<Firmware>),
}

/// One GPU's `firmware` record.
#[derive(Serialize)]
struct Gpu {
    fw_list: Na<FwList>,
}

fn gpu(context: &Context, gpu: ProcessorHandle, json: bool) -> Gpu {
    let list = context.gpu(gpu).and_then(|g| g.fw_info()).map(|info| {
        let blocks = info.fw_list.into_iter().map(|entry| Firmware {
            fw_id: entry.fw_name.strip_prefix("AMDSMI_FW_ID_").unwrap_or(&entry.fw_name).to_owned(),
            fw_version: entry.fw_version,
        });
        if json {
            FwList::List(blocks.collect())
        } else {
            FwList::Numbered(Entries(blocks.enumerate().map(|(i, b)| (format!("FW {i}"), b)).collect()))
        }
    });
    Gpu { fw_list: Na::ok(list) }
}

/// Renders `firmware` for the selected GPUs. In CSV one row per firmware block (`gpu, fw_id,
/// fw_version`), not one row per GPU with a column per block.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let gpus = args.gpus.resolve(context)?;
    if args.output.format() == render::Format::Csv {
        let rows: Vec<(usize, Firmware)> = gpus
            .into_iter()
            .flat_map(|(i, h)| match gpu(context, h, true).fw_list.0 {
                Some(FwList::List(blocks)) => blocks.into_iter().map(|b| (i, b)).collect(),
                _ => Vec::new(),
            })
            .collect();
        return Ok(render::records(args.output, "gpu", &rows));
    }
    let records: Vec<(usize, Gpu)> = gpus.into_iter().map(|(i, h)| (i, gpu(context, h, args.output.json))).collect();
    Ok(render::records(args.output, "gpu", &records))
}

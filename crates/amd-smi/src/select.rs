//! Which devices a command is about: `-g/--gpu`, and the CPU socket and core selections of
//! `-U/--cpu` and `-O/--core`, resolved here for every command.
//!
//! As AMD's `amdsmi_parser.py` (`_gpu_select`, `_cpu_select`, `_core_select`) and
//! `AMDSMIHelpers.get_device_handles_from_gpu_selections` (7.0 series): a GPU is named by its
//! index, BDF or UUID (as `amd-smi list` shows them) or `all`; several may be given at once
//! (`-g 0 2`) or the option repeated; without `-g` a command is about every GPU (`set` and
//! `reset` too, as AMD's do). A name that is no GPU is an error naming it before anything is
//! read or written (AMD raises `AmdSmiDeviceNotFoundException`, "Can not find a device: GPU
//! '…'", and exits 1; so does this CLI).

use amdsmi::{Context, Error, ProcessorHandle};

/// `-g/--gpu`: the GPUs to show or change.
#[derive(clap::Args, Clone, Default)]
pub struct Gpus {
    /// GPUs: index, BDF or UUID (as `amd-smi list` shows them), or all; several at once (-g 0 2)
    #[arg(short = 'g', long = "gpu", num_args = 1.., value_name = "GPU")]
    gpu: Vec<String>,
}

impl Gpus {
    /// The selected GPUs in order of first mention, with their index; every GPU without `-g`.
    pub fn resolve(&self, context: &Context) -> amdsmi::Result<Vec<(usize, ProcessorHandle)>> {
        let all = context.processor_handles();
        if self.gpu.is_empty() {
            return Ok(all.into_iter().enumerate().collect());
        }
        let mut chosen: Vec<(usize, ProcessorHandle)> = Vec::new();
        for spec in &self.gpu {
            for index in gpu_indices(context, &all, spec)? {
                if !chosen.iter().any(|&(i, _)| i == index) {
                    chosen.push((index, all[index]));
                }
            }
        }
        Ok(chosen)
    }
}

/// The indices of `all` that `spec` names: `all`, an index, a BDF or a UUID.
fn gpu_indices(context: &Context, all: &[ProcessorHandle], spec: &str) -> amdsmi::Result<Vec<usize>> {
    let found: Vec<usize> = if spec.eq_ignore_ascii_case("all") {
        (0..all.len()).collect()
    } else if let Ok(index) = spec.parse::<usize>() {
        (index < all.len()).then_some(index).into_iter().collect()
    } else if let Ok(handle) = context.processor_handle_from_bdf(spec) {
        all.iter().position(|&h| h == handle).into_iter().collect()
    } else {
        let uuid = |h: &ProcessorHandle| {
            context.gpu(*h).and_then(|g| g.device_uuid()).is_ok_and(|u| u.eq_ignore_ascii_case(spec))
        };
        all.iter().position(uuid).into_iter().collect()
    };
    if found.is_empty() {
        return Err(Error::new(amdsmi::Status::NotFound).with_detail(format!(
            "Can not find a device: GPU '{spec}' (an index, BDF or UUID from `amd-smi list`, or all)"
        )));
    }
    Ok(found)
}

/// The CPU sockets or cores (`what`: `CPU`, `core`) a `-U`/`-O` selection names, with their
/// index: every one for no selection, no value or `all`, else the listed indices (one that is
/// not there is an error naming it).
pub fn indices(
    handles: Vec<ProcessorHandle>,
    wanted: Option<&[String]>,
    what: &str,
) -> amdsmi::Result<Vec<(usize, ProcessorHandle)>> {
    let all: Vec<(usize, ProcessorHandle)> = handles.into_iter().enumerate().collect();
    match wanted {
        None => Ok(all),
        Some(list) if list.is_empty() || list.iter().any(|w| w.eq_ignore_ascii_case("all")) => Ok(all),
        Some(list) => list
            .iter()
            .map(|w| {
                let missing =
                    || Error::new(amdsmi::Status::NotFound).with_detail(format!("Can not find a device: {what} '{w}'"));
                let index: usize = w.parse().map_err(|_| missing())?;
                all.get(index).copied().ok_or_else(missing)
            })
            .collect(),
    }
}

//! `amd-smi bad-pages [-g GPU...] [-p] [-r] [-u]`: each GPU's retired, pending and unreservable
//! VRAM pages.
//!
//! As AMD SMI prints them (`amdsmi_cli/amdsmi_commands.py`, `AMDSMICommands.bad_pages`): one
//! read of `amdsmi_get_gpu_bad_page_info`, split by status into `retired` (RESERVED), `pending`
//! (PENDING) and `un_res` (UNRESERVABLE), in that order, every section without a flag. Each page
//! is `{page_address, page_size, status}` (the status name without `AMDSMI_MEM_PAGE_STATUS_`); a
//! section with one page is that page rather than a one-entry list, a section without pages is
//! `No bad pages found.`, and every section is `N/A` when the library fails. Later AMD releases
//! add `--hex` (addresses and sizes as hex text); 7.0's decimal numbers are what this prints.

use amdsmi::{AmdSmiMemoryPageStatus, Context, ProcessorHandle, RetiredPage};
use serde::Serialize;

use crate::render::{self, sections, Na};

/// Options of `bad-pages`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    gpus: crate::select::Gpus,
    /// Displays all pending retired pages
    #[arg(short = 'p', long)]
    pending: bool,
    /// Displays retired pages
    #[arg(short = 'r', long)]
    retired: bool,
    /// Displays unreservable pages
    #[arg(short = 'u', long = "un-res")]
    un_res: bool,
    #[command(flatten)]
    output: render::Output,
}

/// What AMD prints for a status with no page.
const NONE_FOUND: &str = "No bad pages found.";

/// One page as AMD prints it.
#[derive(Serialize)]
struct Page {
    page_address: u64,
    page_size: u64,
    status: &'static str,
}

/// A section's pages: one page, several, or a message (`No bad pages found.`).
#[derive(Serialize)]
#[serde(untagged)]
enum Pages {
    One(Page),
    Many(Vec<Page>),
    Message(&'static str),
}

sections! {
    /// One GPU's `bad-pages` record: the selected sections, `N/A` when the library failed.
    struct Gpu {
        retired: Na<Pages>,
        pending: Na<Pages>,
        un_res: Na<Pages>,
    }
}

/// The pages of `all` with `status`, as AMD shapes a section.
fn section(all: &[RetiredPage], status: AmdSmiMemoryPageStatus) -> Pages {
    let mut pages: Vec<Page> = all
        .iter()
        .filter(|p| p.status == status)
        .map(|p| Page { page_address: p.page_address, page_size: p.page_size, status: status.name() })
        .collect();
    match pages.len() {
        0 => Pages::Message(NONE_FOUND),
        1 => Pages::One(pages.remove(0)),
        _ => Pages::Many(pages),
    }
}

fn gpu(context: &Context, gpu: ProcessorHandle, args: &Args) -> Gpu {
    let all = !args.retired && !args.pending && !args.un_res;
    let pages = context.gpu(gpu).and_then(|g| g.bad_page_info()).ok();
    let wanted = |on: bool, status| on.then(|| Na(pages.as_deref().map(|p| section(p, status))));
    Gpu {
        retired: wanted(all || args.retired, AmdSmiMemoryPageStatus::Reserved),
        pending: wanted(all || args.pending, AmdSmiMemoryPageStatus::Pending),
        un_res: wanted(all || args.un_res, AmdSmiMemoryPageStatus::Unreservable),
    }
}

/// Renders `bad-pages` for the selected GPUs.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let records: Vec<(usize, Gpu)> =
        args.gpus.resolve(context)?.into_iter().map(|(i, h)| (i, gpu(context, h, args))).collect();
    Ok(render::records(args.output, "gpu", &records))
}

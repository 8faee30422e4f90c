//! `amd-smi event`: listens for GPU events (KFD SMI events) on the selected GPUs, all by
//! default, and prints each as it arrives, as AMD SMI's `event` command does: a `GPU: n` block
//! with its `EVENT` and `MESSAGE`, or a JSON object per event with `--json`.
//!
//! AMD SMI listens until `q` and ENTER; so does this command, unless `--timeout MS` (stop after
//! MS milliseconds without an event) or `--count N` (stop after N events) ends it first. On a
//! fixture root the scripted `dev/kfd` runs on a virtual clock, so `--timeout` returns at once
//! after the last scripted event. Every event type is selected, with `KFD_SMI_EVENT_ALL_PROCESS`
//! (honoured by the kernel for CAP_SYS_ADMIN only: other users see their own processes' SVM
//! events, and every process's device-wide ones).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use amdsmi::gpu::events::KFD_SMI_EVENT_ALL_PROCESS;
use amdsmi::{event_mask, AmdSmiEventReader, AmdSmiEvtNotificationType, Context, ProcessorHandle, Status};
use serde::Serialize;

use crate::render;

/// Options of `event`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    gpus: crate::select::Gpus,
    /// Stop after MS milliseconds without an event (default: listen until q and ENTER)
    #[arg(long, value_name = "MS")]
    timeout: Option<u32>,
    /// Stop after N events
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    #[command(flatten)]
    output: render::Output,
}

/// The longest single wait, ms: the stop flag (`q`) is looked at least this often.
const SLICE_MS: u32 = 1000;

/// One event as amd-smi prints it: `{"gpu", "event", "message"}`.
#[derive(Serialize)]
struct Event {
    event: &'static str,
    message: String,
}

/// Starts notification on the selected GPUs (a GPU that cannot is reported on stderr and
/// skipped; none at all is the first error); returns the started ones with their numbers.
fn start(context: &Context, args: &Args) -> amdsmi::Result<Vec<(usize, ProcessorHandle)>> {
    let mask = event_mask(&AmdSmiEvtNotificationType::ALL) | KFD_SMI_EVENT_ALL_PROCESS;
    let mut started = Vec::new();
    let mut first_error = None;
    for (index, handle) in args.gpus.resolve(context)? {
        let result = context
            .gpu(handle)
            .and_then(|g| g.init_event_notification())
            .and_then(|()| context.gpu(handle).and_then(|g| g.set_event_notification_mask(mask)));
        match result {
            Ok(()) => started.push((index, handle)),
            Err(err) => {
                eprintln!("amd-smi: GPU {index}: {err}");
                first_error.get_or_insert(err);
            }
        }
    }
    match (started.is_empty(), first_error) {
        (true, Some(err)) => Err(amdsmi::Error::new(err.status()).with_detail("no GPU could listen for events")),
        (true, None) => Err(amdsmi::Error::new(Status::NotFound).with_detail("no GPU to listen to")),
        (false, _) => Ok(started),
    }
}

/// Sets the returned flag when a line `q` is read from stdin (end of input is ignored).
fn watch_for_quit() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    std::thread::spawn(move || {
        let mut line = String::new();
        while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
            if line.trim() == "q" {
                flag.store(true, Ordering::Relaxed);
                return;
            }
            line.clear();
        }
    });
    stop
}

/// Listens and prints events through `emit` until stopped (see the module docs); stops early,
/// without error, when `emit` says the output is gone.
pub fn run(context: &Context, args: &Args, emit: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    let started = start(context, args)?;
    let how = if args.timeout.is_some() || args.count.is_some() {
        ""
    } else {
        "Press q and hit ENTER when you want to stop.\n"
    };
    emit(&render::notice(args.output, &format!("EVENT LISTENING:\n\n{how}")));
    let quit = watch_for_quit();
    let (mut printed, mut idle_ms) = (0u64, 0u64);
    let result = 'listen: loop {
        let left = args.count.map(|n| n.saturating_sub(printed));
        if quit.load(Ordering::Relaxed) || left == Some(0) {
            break Ok(());
        }
        let wait = args
            .timeout
            .map_or(SLICE_MS, |t| SLICE_MS.min(t.saturating_sub(u32::try_from(idle_ms).unwrap_or(u32::MAX))));
        let most = AmdSmiEventReader::DEFAULT_NUM_ELEM;
        let num_elem = left.map_or(most, |n| u32::try_from(n).unwrap_or(most).min(most));
        match context.gpu_event_notification(wait, num_elem) {
            Ok(events) => {
                idle_ms = 0;
                for event in events {
                    let Some(&(gpu, _)) = started.iter().find(|(_, h)| *h == event.processor_handle) else {
                        continue;
                    };
                    printed += 1;
                    let record = Event { event: event.event.name(), message: event.message };
                    if !emit(&render::record(args.output, "gpu", gpu, &record)) {
                        break 'listen Ok(());
                    }
                }
            }
            Err(err) if err.status() == Status::NoData => {
                idle_ms += u64::from(wait);
                if args.timeout.is_some_and(|t| idle_ms >= u64::from(t)) {
                    break Ok(());
                }
            }
            Err(err) => break Err(err),
        }
    };
    for (_, handle) in started {
        // Stopping cannot fail for a GPU that was started; the result is of no use here.
        let _ = context.gpu(handle).and_then(|g| g.stop_event_notification());
    }
    result
}

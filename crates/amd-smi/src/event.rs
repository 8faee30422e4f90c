//! `amd-smi event`: listens for GPU events (KFD SMI events) on the selected GPUs, all by
//! default, and prints each as it arrives, as AMD SMI's `event` command does: a `GPU: n` block
//! with its `TIMESTAMP`, `EVENT` and `MESSAGE`, the message as its `key: value` fields
//! (AMD's `_event_thread` splits the text on double spaces, then each item on `": "`).
//!
//! With `--json` the events form one JSON document, a list written as the events arrive (`[`
//! first, each object as it comes, `]` when listening ends), so the output parses as a whole
//! (AMD's later CLI prints through `print_event_output`; 7.0's `print_output` wrote one list per
//! event, which is not one document). The timestamp is the time the event was read, seconds
//! since the epoch: AMD SMI 7.0.2's `amdsmi_evt_notification_data_t` carries none (later
//! releases add one to the library's event).
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

use crate::render::{self, Entries, Format};

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

/// One event as amd-smi prints it: `{"gpu", "timestamp", "event", "message": {key: value}}`.
#[derive(Serialize)]
struct Event {
    timestamp: u64,
    event: &'static str,
    message: Entries<String>,
}

/// An event's text as its `key: value` fields, as AMD's CLI splits it: items separated by two
/// spaces, each `key: value` (an item without `": "` is a key with an empty value).
fn fields(message: &str) -> Entries<String> {
    let items = message.split("  ").filter(|item| !item.is_empty());
    Entries(
        items
            .map(|item| match item.split_once(": ") {
                Some((key, value)) => (key.to_owned(), value.to_owned()),
                None => (item.to_owned(), String::new()),
            })
            .collect(),
    )
}

/// Seconds since the epoch, now.
fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The text of one event: its block or CSV table, or (JSON) its object as an element of the
/// list the events form, `first` saying whether it opens the list.
fn event_text(output: render::Output, gpu: usize, event: &Event, first: bool) -> String {
    if output.format() != Format::Json {
        return render::record(output, "gpu", gpu, event);
    }
    let object = render::record(output, "gpu", gpu, event);
    let indented: Vec<String> = object.trim_end().lines().map(|l| format!("    {l}")).collect();
    format!("{}{}", if first { "[\n" } else { ",\n" }, indented.join("\n"))
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
                    let record = Event { timestamp: now(), event: event.event.name(), message: fields(&event.message) };
                    let text = event_text(args.output, gpu, &record, printed == 0);
                    printed += 1;
                    if !emit(&text) {
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
    if args.output.format() == Format::Json {
        emit(if printed == 0 { "[]\n" } else { "\n]\n" });
    }
    for (_, handle) in started {
        // Stopping cannot fail for a GPU that was started; the result is of no use here.
        let _ = context.gpu(handle).and_then(|g| g.stop_event_notification());
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_as_key_value_fields() {
        let f = fields("ns: 3600200000000  pid: 4242  addr: 0x7f3c10  node: 0xe636  rw: W");
        let keys: Vec<&str> = f.0.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["ns", "pid", "addr", "node", "rw"]);
        assert_eq!(f.0[2].1, "0x7f3c10");
        assert_eq!(fields("PID: 4242  task name: python3").0[1], ("task name".to_owned(), "python3".to_owned()));
        assert_eq!(fields("reset").0, [("reset".to_owned(), String::new())]);
    }
}

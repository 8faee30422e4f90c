//! Watch mode, shared by the commands that repeat (`metric`, `process`): `-w/--watch SECONDS`
//! takes a snapshot every SECONDS, `-W/--watch_time SECONDS` stops after that long in all,
//! `-i/--iterations N` after N snapshots; with neither, until interrupted.
//!
//! As AMD's `amdsmi_parser.py` (`_add_watch_arguments`: each a positive integer) and
//! `AMDSMIHelpers.handle_watch` (7.0 series); each snapshot's records start with AMD's
//! `timestamp` key, whole seconds since the epoch (`amdsmi_logger.py`, `_store_output_amdsmi`:
//! `int(time.time())`). `-W` and `-i` only make sense with `-w`: given without it, they are a
//! usage error (exit 2) instead of being ignored.
//!
//! AMD prints `'CTRL' + 'C' to stop watching output:` on stdout before the first snapshot, in
//! every format (`handle_watch`), so its JSON and CSV output is not a document until a reader
//! strips that line. Here people see it on stdout as AMD's users do; with `--json` or `--csv` it
//! goes to stderr, and stdout holds only the data.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::render::Output;

/// The watch options.
#[derive(clap::Args, Clone, Copy, Default)]
pub struct Watch {
    /// Repeat every SECONDS (each snapshot with a timestamp)
    #[arg(short = 'w', long = "watch", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    watch: Option<u64>,
    /// With --watch: stop after SECONDS in all
    #[arg(short = 'W', long = "watch_time", value_name = "SECONDS", requires = "watch",
          value_parser = clap::value_parser!(u64).range(1..))]
    watch_time: Option<u64>,
    /// With --watch: stop after ITERATIONS snapshots
    #[arg(short = 'i', long = "iterations", value_name = "ITERATIONS", requires = "watch",
          value_parser = clap::value_parser!(u64).range(1..))]
    iterations: Option<u64>,
}

/// What AMD's watch mode prints before the first snapshot.
const BANNER: &str = "'CTRL' + 'C' to stop watching output:\n";

/// Seconds since the epoch, now.
fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Writes `snapshot`'s text through `out`: once without `--watch`, else every interval with
/// `output.timestamp` set, until `-W`, `-i` or the output (`out` false) stops it.
pub fn run(
    watch: Watch,
    output: Output,
    out: &mut dyn FnMut(&str) -> bool,
    mut snapshot: impl FnMut(Output) -> amdsmi::Result<String>,
) -> amdsmi::Result<()> {
    let Some(seconds) = watch.watch else {
        out(&snapshot(output)?);
        return Ok(());
    };
    if output.format() == crate::render::Format::Human {
        if !out(BANNER) {
            return Ok(());
        }
    } else {
        eprint!("{BANNER}");
    }
    let start = Instant::now();
    let mut taken = 0u64;
    loop {
        if !out(&snapshot(Output { timestamp: Some(now()), ..output })?) {
            return Ok(());
        }
        taken += 1;
        if watch.iterations.is_some_and(|n| taken >= n) {
            return Ok(());
        }
        let next = Duration::from_secs(seconds.saturating_mul(taken));
        if watch.watch_time.is_some_and(|total| next >= Duration::from_secs(total)) {
            return Ok(());
        }
        std::thread::sleep(next.saturating_sub(start.elapsed()));
    }
}

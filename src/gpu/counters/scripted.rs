//! The scripted counter responder: a regular file `scripted_counters` in a fixture PMU
//! directory (next to the PMU's `type`, `format/` and `events/`), answering for that PMU's
//! `perf_event_open`.
//!
//! The file is UTF-8 text, one record a line:
//!
//! ```text
//! # comment lines and blank lines are ignored
//! step_ns <ns>                               (exactly once, > 0)
//! event <config, 0x hex> <count per step>    (one per countable config, no config twice)
//! ```
//!
//! Opening a counter succeeds only for the PMU's own perf type (its sysfs `type`; otherwise
//! NOT_SUPPORTED, as the kernel's ENOENT) and a listed `config` (otherwise NOT_SUPPORTED), which
//! checks the config encoding against values computed by hand. Each counter has a **virtual
//! clock** that advances by `step_ns` at every read; while the counter is enabled, that step
//! adds `count per step` events and `step_ns` to both times. A counter starts disabled at 0,
//! as perf creates it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{PerfAttr, PerfReading, PerfTransport};
use crate::error::{Error, Result, Status};
use crate::sysfs;

/// A parsed responder file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterScript {
    /// Virtual time one read takes, ns.
    pub step_ns: u64,
    /// Events per step while enabled, by `config`.
    pub rates: BTreeMap<u64, u64>,
}

/// Parses a responder file; a malformed line is UNEXPECTED_DATA naming the line. Never panics.
pub fn parse(text: &str) -> Result<CounterScript> {
    let mut step_ns = None;
    let mut rates = BTreeMap::new();
    let bad = |line: usize, what: &str| Error::new(Status::UnexpectedData).with_detail(format!("line {line}: {what}"));
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["step_ns", ns] if step_ns.is_none() => {
                step_ns = Some(decimal(ns).filter(|&ns| ns > 0).ok_or_else(|| bad(index + 1, "step_ns is not > 0"))?);
            }
            ["event", config, rate] => {
                let config = config
                    .strip_prefix("0x")
                    .filter(|hex| !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                    .and_then(|hex| u64::from_str_radix(hex, 16).ok())
                    .ok_or_else(|| bad(index + 1, "config is not 0x hex"))?;
                let rate = decimal(rate).ok_or_else(|| bad(index + 1, "count per step is not a decimal u64"))?;
                if rates.insert(config, rate).is_some() {
                    return Err(bad(index + 1, "config listed twice"));
                }
            }
            _ => return Err(bad(index + 1, "expected `step_ns <ns>` once or `event <0xconfig> <count>`")),
        }
    }
    let step_ns = step_ns.ok_or_else(|| Error::new(Status::UnexpectedData).with_detail("no step_ns line"))?;
    Ok(CounterScript { step_ns, rates })
}

fn decimal(s: &str) -> Option<u64> {
    s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok()).flatten()
}

/// One scripted counter.
#[derive(Debug)]
pub(super) struct ScriptedCounter {
    path: PathBuf,
    step_ns: u64,
    rate: u64,
    enabled: bool,
    reading: PerfReading,
}

impl ScriptedCounter {
    /// Opens a counter of the PMU whose responder file is `path`, as `perf_event_open` would.
    pub(super) fn open(path: &Path, attr: PerfAttr) -> Result<ScriptedCounter> {
        let script = parse(&sysfs::read_stream_text(path)?).map_err(|e| e.with_path(path))?;
        let type_path = path.with_file_name("type");
        let pmu_type: u32 = sysfs::read_number(&type_path)?;
        let refuse = |what: String| Error::new(Status::NotSupported).with_path(path).with_detail(what);
        if attr.pmu_type != pmu_type {
            return Err(refuse(format!("perf type {} is not this PMU's ({pmu_type})", attr.pmu_type)));
        }
        let rate = *script
            .rates
            .get(&attr.config)
            .ok_or_else(|| refuse(format!("no counter for config {:#x}", attr.config)))?;
        Ok(ScriptedCounter {
            path: path.to_path_buf(),
            step_ns: script.step_ns,
            rate,
            enabled: false,
            reading: PerfReading { value: 0, time_enabled: 0, time_running: 0 },
        })
    }
}

impl PerfTransport for ScriptedCounter {
    fn enable(&mut self) -> Result<()> {
        self.enabled = true;
        Ok(())
    }

    fn disable(&mut self) -> Result<()> {
        self.enabled = false;
        Ok(())
    }

    fn read(&mut self) -> Result<PerfReading> {
        if self.enabled {
            let overflow = || Error::new(Status::UnexpectedData).with_path(&self.path).with_detail("counter overflow");
            let r = &mut self.reading;
            r.value = r.value.checked_add(self.rate).ok_or_else(overflow)?;
            r.time_enabled = r.time_enabled.checked_add(self.step_ns).ok_or_else(overflow)?;
            r.time_running = r.time_running.checked_add(self.step_ns).ok_or_else(overflow)?;
        }
        Ok(self.reading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let s = parse("# c\nstep_ns 1000000\n\nevent 0x200000000024b07 4096\nevent 0x7 0\n").unwrap();
        assert_eq!(s.step_ns, 1_000_000);
        assert_eq!(s.rates, BTreeMap::from([(0x0200_0000_0002_4b07, 4096), (7, 0)]));
        for bad in [
            "",
            "event 0x7 1",
            "step_ns 0",
            "step_ns x",
            "step_ns 1\nstep_ns 2",
            "step_ns 1\nevent 7 1",
            "step_ns 1\nevent 0x 1",
            "step_ns 1\nevent 0x7 -1",
            "step_ns 1\nevent 0x7 1\nevent 0x7 2",
            "step_ns 1\nevent 0x7",
            "step_ns 1\nbogus",
        ] {
            assert_eq!(parse(bad).unwrap_err().status(), Status::UnexpectedData, "{bad:?}");
        }
    }
}

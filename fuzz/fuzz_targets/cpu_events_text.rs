//! Any bytes into the pure decoders of the CPU, event and counter modules: the HSMP metrics
//! table, KFD SMI event lines (and their messages), and, as text, the emulated-SMU state file,
//! `/proc/cpuinfo`, recorded MSR sets, scripted KFD event sources and PMU event/format files. An
//! error is fine; a panic or a hang is a finding.
#![no_main]

use amdsmi::cpu::{energy, topology};
use amdsmi::gpu::events::{parse as events, scripted};
use amdsmi::hsmp::{emulated, metrics};
use amdsmi::parse::{self, pmu};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = metrics::decode(data);
    for line in data.split(|&b| b == b'\n') {
        if let Some(event) = events::parse_line(line) {
            let _ = events::message(&event.payload);
        }
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = emulated::parse(text);
    if let Ok(entries) = topology::parse_cpuinfo(text) {
        let _ = topology::Topology::from_entries(&entries, 4096);
    }
    let _ = parse::last_index(text);
    let _ = energy::recorded_msr(text, 0xC001_029B);
    let _ = scripted::parse(text);
    if let Ok(terms) = pmu::parse_event_spec(text) {
        let _ = pmu::encode_config(&terms, |name| pmu::parse_format(name).ok());
    }
});

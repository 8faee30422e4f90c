//! Memory stays flat over 10,000 scrapes: the process's resident set (`VmRSS` of
//! `/proc/self/status`) after the 10,000th scrape is within 256 KiB of what it was after the
//! 100th. A scrape of rx6900xt makes ~110 allocations and a ~10 KB body: keeping one 32-byte
//! allocation per scrape would grow it by 310 KiB, keeping the bodies by ~100 MB. Its own test
//! binary, one test, so that nothing else runs meanwhile.

mod common;

use amdsmi_exporter::Format;
use common::{exporter_at, machine};

/// The resident set of this process, KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn resident_set_flat_over_ten_thousand_scrapes() {
    let exporter = exporter_at(&machine("rx6900xt"));
    let scrape = |i: usize| {
        let body = exporter.scrape(if i % 2 == 0 { Format::Prometheus } else { Format::OpenMetrics });
        // hwmon/hwmon5/temp1_input 56000 (label edge).
        assert!(body.contains("\ngpu_edge_temperature{") && body.contains("} 56\n"));
    };
    (0..100).for_each(scrape);
    let after_100 = rss_kib();
    (100..10_000).for_each(scrape);
    let after_10000 = rss_kib();
    eprintln!("resident set: {after_100} KiB after 100 scrapes, {after_10000} KiB after 10,000");
    assert!(after_10000 <= after_100 + 256, "grew from {after_100} KiB to {after_10000} KiB");
}

//! Snapshot tests: the CLI's output on every bundled machine must equal the reviewed files under
//! `tests/snapshots/<machine>/`: `<command>.txt` and `<command>.json` per command, and the
//! `dump --json` document split into one file per function (`dump/`, `dump.order.json`: see
//! `dump_files`). After a deliberate change, regenerate with `UPDATE_SNAPSHOTS=1 cargo test`
//! (which also removes the files of functions the dump no longer has) and review the diff.

use std::path::{Path, PathBuf};

use crate::common::{self, machine, machines};
use crate::dump_files;
use crate::{amd_smi, stdout};

/// The snapshot directory of a machine.
fn snapshots(machine_name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(machine_name)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

/// Compares `actual` with the snapshot `name` (a path under the machine's snapshot directory),
/// or rewrites it when `UPDATE_SNAPSHOTS` is set.
fn snapshot(machine_name: &str, name: &str, actual: &str) -> Option<String> {
    let path = snapshots(machine_name).join(name);
    let name = format!("{machine_name}/{name}");
    if updating() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    (expected != actual).then(|| format!("{name} differs from {} (UPDATE_SNAPSHOTS=1 to regenerate)", path.display()))
}

fn check_all(file: &str, args: &[&str]) {
    check(&machines(), file, args);
}

fn check(machines: &[String], file: &str, args: &[&str]) {
    let failures: Vec<String> = machines.iter().filter_map(|m| snapshot(m, file, &stdout(m, args))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Compares the per-function files of one machine's `dump --json` with its snapshots (every
/// differing, missing or left-over file), then the document re-assembled from the snapshots with
/// the output itself.
fn check_dump(machine_name: &str) -> Vec<String> {
    let text = stdout(machine_name, &["dump", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let files = dump_files::split(&doc).unwrap_or_else(|e| panic!("{machine_name}: {e}"));
    let mut failures: Vec<String> =
        files.iter().filter_map(|(name, actual)| snapshot(machine_name, name, actual)).collect();
    let dir = snapshots(machine_name).join(dump_files::DIR);
    for entry in std::fs::read_dir(&dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        let name = format!("{}/{}", dump_files::DIR, path.file_name().unwrap().to_string_lossy());
        if files.contains_key(&name) {
            continue;
        }
        if updating() {
            std::fs::remove_file(&path).unwrap();
        } else {
            failures.push(format!("{machine_name}/{name} is no function of the dump (UPDATE_SNAPSHOTS=1 removes it)"));
        }
    }
    if failures.is_empty() {
        let assembled = dump_files::assemble(&snapshots(machine_name)).unwrap_or_else(|e| panic!("{e}"));
        if assembled != text {
            failures.push(format!("{machine_name}: dump --json is not its files re-assembled (key order or format)"));
        }
    }
    failures
}

#[test]
fn dump_matches_snapshot_on_every_machine() {
    let failures: Vec<String> = machines().iter().flat_map(|m| check_dump(m)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn list_matches_snapshot_on_every_machine() {
    check_all("list.txt", &["list", "-e"]);
    check_all("list.json", &["list", "-e", "--json"]);
}

#[test]
fn static_matches_snapshot_on_every_machine() {
    for machine in machines() {
        let text = stdout(&machine, &["static", "--json"]);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        // AMD's `combine_arrays_to_json`: only the device lists that are not empty (`{}` without GPUs).
        let keys: Vec<&String> = parsed.as_object().unwrap().keys().collect();
        assert!(keys.is_empty() || keys == ["gpu_data"], "{machine}: {keys:?}");
        assert!(parsed.get("gpu_data").map_or(true, |gpus| gpus.as_array().is_some_and(|g| !g.is_empty())));
    }
    check_all("static.json", &["static", "--json"]);
    check_all("static.txt", &["static"]);
}

#[test]
fn metric_matches_snapshot_on_every_machine() {
    check_all("metric.json", &["metric", "--json"]);
    check_all("metric.txt", &["metric"]);
}

#[test]
fn dump_function_filter() {
    let text = stdout("rx6900xt", &["dump", "--function", "amdsmi_get_gpu_kfd_info"]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let gpu = &doc["processors"]["0000:0c:00.0"];
    assert_eq!(
        gpu,
        &serde_json::json!({"amdsmi_get_gpu_kfd_info": {"kfd_id": 3864, "node_id": 1, "current_partition_id": 0}})
    );
    assert_eq!(doc["system"], serde_json::json!({}));
    let out = common::run_cli(
        env!("CARGO_BIN_EXE_amd-smi"),
        Path::new("/nonexistent"),
        &["dump", "--function", "amdsmi_no_such_function"],
    );
    assert!(!out.status.success());
}

// Topology and XGMI.

#[test]
fn topology_matches_snapshot_on_every_machine() {
    check_all("topology.txt", &["topology"]);
    check_all("topology.json", &["topology", "--json"]);
}

#[test]
fn topology_sections_are_selectable() {
    // Only the hops table, and JSON links with only their hops.
    let text = stdout("mi210-xgmi", &["topology", "-o"]);
    assert!(text.starts_with("HOPS TABLE:\n"), "{text}");
    assert!(!text.contains("WEIGHT TABLE"));
    assert!(text.contains(
        "0000:03:00.0 0            1            1            1            3            3            3            3\n"
    ));
    let doc: serde_json::Value =
        serde_json::from_str(&stdout("mi210-xgmi", &["topology", "--hops", "--json"])).unwrap();
    assert_eq!(doc[0]["links"][4], serde_json::json!({"gpu": 4, "bdf": "0000:83:00.0", "num_hops": 3}));
}

#[test]
fn xgmi_matches_snapshot_on_every_machine() {
    check_all("xgmi.txt", &["xgmi"]);
    check_all("xgmi.json", &["xgmi", "--json"]);
}

// RAS/ECC and GPU processes (ras/process area)

#[test]
fn process_matches_snapshot_on_every_machine() {
    check_all("process.json", &["process", "--json"]);
    check_all("process.txt", &["process"]);
}

#[test]
fn process_filters() {
    // mi210-xgmi GPU 3 (0000:63:00.0) runs pid 3001 "xhpl"; --engine drops the memory fields.
    let text = stdout("mi210-xgmi", &["process", "--json", "--engine", "--name", "XHPL"]);
    let gpus: serde_json::Value = serde_json::from_str(&text).unwrap();
    let info = &gpus[3]["process_list"][0]["process_info"];
    assert_eq!(info["pid"], 3001);
    assert_eq!(info["usage"]["gfx"], serde_json::json!({"value": 0, "unit": "ns"}));
    assert!(info.get("mem_usage").is_none() && info.get("memory_usage").is_none());
    assert_eq!(gpus[0]["process_list"][0]["process_info"], "No running processes detected");
    let text = stdout("mi210-xgmi", &["process", "--general", "--pid", "3002"]);
    assert!(text
        .starts_with("GPU: 0\n    PROCESS_INFO:\n        NAME: N/A\n        PID: 3002\n        MEM_USAGE: 1.0 GB\n"));
}

#[test]
fn metric_ecc_sections() {
    // mi300x-cpx 0000:05:00.0: umc 0/12/3 + gfx 0/2 → cache (non-UMC) correctable 2.
    let text = stdout("mi300x-cpx", &["metric", "-e", "-k", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let gpus = &doc["gpu_data"];
    assert_eq!(
        gpus[0]["ecc"],
        serde_json::json!({"total_correctable_count": 14, "total_uncorrectable_count": 0, "total_deferred_count": 3,
                           "cache_correctable_count": 2, "cache_uncorrectable_count": 0})
    );
    assert_eq!(gpus[0]["ecc_blocks"]["UMC"]["deferred_count"], 3);
    assert_eq!(gpus[1]["ecc"]["total_correctable_count"], "N/A");
    assert!(gpus[0].get("usage").is_none());
}

// ---- EPYC CPUs (src/epyc.rs) ----

/// The machines with EPYC CPUs (an HSMP device).
fn cpu_machines() -> Vec<String> {
    machines().into_iter().filter(|m| machine(m).join("dev/hsmp").exists()).collect()
}

#[test]
fn cpu_sections_match_snapshot_on_every_cpu_machine() {
    let cpus = cpu_machines();
    assert_eq!(cpus, ["genoa-2s", "mi300a-2s", "mi300x-cpx", "turin-1s"]);
    check(&cpus, "static-cpu.txt", &["static", "--cpu"]);
    check(&cpus, "static-cpu.json", &["static", "--cpu", "--json"]);
    check(&cpus, "metric-cpu.txt", &["metric", "--cpu", "--core"]);
    check(&cpus, "metric-cpu.json", &["metric", "--cpu", "--core", "--json"]);
}

#[test]
fn cpu_options() {
    // Sections with arguments, one socket, one core.
    let text = stdout(
        "genoa-2s",
        &["metric", "--cpu", "1", "--cpu-dimm-pow-consumption", "0x81", "--cpu-io-bandwidth", "1", "G0", "--json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({"cpu_data": [{
            "cpu": 1,
            "io_bandwidth": {"band_width": {"value": 14100, "unit": "Mbps"}},
            "dimm_pow_consumption": {"response": {
                "power": {"value": 2010, "unit": "mW"},
                "update_rate": {"value": 6, "unit": "ms"},
                "dimm_addr": 129
            }}
        }]})
    );
    let text = stdout("turin-1s", &["metric", "--core-boost-limit", "--core", "1"]);
    assert_eq!(text, "CORE: 1\n    BOOST_LIMIT:\n        VALUE: 3900 MHz\n\n");
    let text = stdout("turin-1s", &["static", "--interface-ver"]);
    assert_eq!(text, "CPU: 0\n    INTERFACE_VERSION:\n        PROTO VERSION: 7\n\n");
    // No such CPU; a GPU machine has no CPUs to show.
    for (machine, args) in [("turin-1s", &["static", "--cpu", "1"][..]), ("rx6900xt", &["static", "--cpu"][..])] {
        let out = amd_smi(machine, args);
        assert!(!out.status.success(), "{machine} {args:?}");
    }
}

// Events and counters: `amd-smi event` on the scripted dev/kfd of mi300x-cpx.

#[test]
fn event_matches_snapshot() {
    let failures: Vec<String> =
        [("txt", vec!["event", "--timeout", "2000"]), ("json", vec!["event", "--timeout", "2000", "--json"])]
            .iter()
            .filter_map(|(ext, args)| {
                snapshot("mi300x-cpx", &format!("event.{ext}"), &without_timestamps(&stdout("mi300x-cpx", args)))
            })
            .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `text` with every event timestamp (the time it was read: not reproducible) written as 0.
fn without_timestamps(text: &str) -> String {
    let masked = text.lines().map(|line| {
        for prefix in ["\"timestamp\": ", "TIMESTAMP: "] {
            if let Some(at) = line.find(prefix) {
                let rest = &line[at + prefix.len()..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                return format!("{}{prefix}0{}", &line[..at], &rest[digits..]);
            }
        }
        line.to_owned()
    });
    masked.map(|l| l + "\n").collect()
}

/// The `(gpu, event)` pairs of `event --json` output (one list of event objects).
fn events(machine: &str, args: &[&str]) -> Vec<(u64, String)> {
    let doc: serde_json::Value = serde_json::from_str(&stdout(machine, args)).unwrap();
    let pair = |v: &serde_json::Value| (v["gpu"].as_u64().unwrap(), v["event"].as_str().unwrap().to_owned());
    doc.as_array().unwrap().iter().map(pair).collect()
}

#[test]
fn event_count_gpu_selection_and_errors() {
    let pairs = |list: &[(u64, &str)]| list.iter().map(|(g, e)| (*g, e.to_string())).collect::<Vec<_>>();
    assert_eq!(
        events("mi300x-cpx", &["event", "--json", "--count", "3", "--gpu", "0"]),
        pairs(&[(0, "PROCESS_START"), (0, "PAGE_FAULT_START"), (0, "MIGRATE_START")])
    );
    assert_eq!(events("mi300x-cpx", &["event", "--json", "--timeout", "0", "-g", "8", "-g", "1"]), pairs(&[]));
    assert_eq!(
        events("mi300x-cpx", &["event", "--json", "--timeout", "300", "-g", "8", "-g", "1"]),
        pairs(&[(1, "VMFAULT"), (8, "THERMAL_THROTTLE"), (8, "GPU_PRE_RESET"), (8, "GPU_POST_RESET")])
    );
    // No dev/kfd: every GPU fails, the command fails naming the node.
    let out = amd_smi("rx6900xt", &["event", "--timeout", "10"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("GPU 0: AMDSMI_STATUS_NOT_SUPPORTED") && stderr.contains("rx6900xt/dev/kfd"), "{stderr}");
}

// Firmware, bad pages and partitions (`partition -a` selects profiles through `xcp_config`: it
// runs on copies, in `partition.rs`).

#[test]
fn firmware_bad_pages_partition_match_snapshots_on_every_machine() {
    check_all("firmware.txt", &["firmware"]);
    check_all("firmware.json", &["firmware", "--json"]);
    check_all("bad-pages.txt", &["bad-pages"]);
    check_all("bad-pages.json", &["bad-pages", "--json"]);
    check_all("partition.txt", &["partition", "-c", "-m"]);
    check_all("partition.json", &["partition", "-c", "-m", "--json"]);
}

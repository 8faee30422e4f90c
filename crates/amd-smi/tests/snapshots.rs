//! Snapshot tests: the CLI's output on every bundled machine must equal the reviewed file under
//! `tests/snapshots/`. After a deliberate change, regenerate with `UPDATE_SNAPSHOTS=1 cargo test`
//! and review the diff.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn machines() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("fixtures/machines"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

fn amd_smi(machine: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_amd-smi"))
        .arg("--root")
        .arg(repo().join("fixtures/machines").join(machine))
        .args(args)
        .env_remove("AMDSMI_ROOT")
        .output()
        .unwrap();
    assert!(out.status.success(), "amd-smi {args:?} on {machine}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Compares `actual` with the snapshot `name`, or rewrites it when `UPDATE_SNAPSHOTS` is set.
fn snapshot(name: &str, actual: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    (expected != actual).then(|| format!("{name} differs from {} (UPDATE_SNAPSHOTS=1 to regenerate)", path.display()))
}

fn check_all(suffix: &str, args: &[&str]) {
    let failures: Vec<String> =
        machines().iter().filter_map(|m| snapshot(&format!("{m}.{suffix}"), &amd_smi(m, args))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dump_matches_snapshot_on_every_machine() {
    check_all("dump.json", &["dump", "--json"]);
}

#[test]
fn list_matches_snapshot_on_every_machine() {
    check_all("list.txt", &["list", "-e"]);
    check_all("list.json", &["list", "-e", "--json"]);
}

#[test]
fn static_matches_snapshot_on_every_machine() {
    for machine in machines() {
        let text = amd_smi(&machine, &["static", "--json"]);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(parsed.is_array(), "{machine}: static --json is a list of GPUs");
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
fn metric_watch_prints_one_snapshot_per_iteration() {
    let text = amd_smi("desktop-2gpu", &["metric", "-u", "--json", "-w", "0", "-i", "3"]);
    let snapshots: Vec<serde_json::Value> =
        serde_json::Deserializer::from_str(&text).into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(snapshots.len(), 3);
    assert!(snapshots.iter().all(|s| s.as_array().is_some_and(|gpus| gpus.len() == 2)));
}

#[test]
fn dump_function_filter() {
    let text = amd_smi("rx6900xt", &["dump", "--function", "amdsmi_get_gpu_kfd_info"]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let gpu = &doc["processors"]["0000:0c:00.0"];
    assert_eq!(
        gpu,
        &serde_json::json!({"amdsmi_get_gpu_kfd_info": {"kfd_id": 3864, "node_id": 1, "current_partition_id": 0}})
    );
    assert_eq!(doc["system"], serde_json::json!({}));
    let out = Command::new(env!("CARGO_BIN_EXE_amd-smi"))
        .args(["--root", "/nonexistent", "dump", "--function", "amdsmi_no_such_function"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

// Events and counters: `amd-smi event` on the scripted dev/kfd of mi300x-cpx.

#[test]
fn event_matches_snapshot() {
    let failures: Vec<String> =
        [("txt", vec!["event", "--timeout", "2000"]), ("json", vec!["event", "--timeout", "2000", "--json"])]
            .iter()
            .filter_map(|(ext, args)| snapshot(&format!("mi300x-cpx.event.{ext}"), &amd_smi("mi300x-cpx", args)))
            .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The `(gpu, event)` pairs of `event --json` output (a stream of JSON objects).
fn events(machine: &str, args: &[&str]) -> Vec<(u64, String)> {
    let text = amd_smi(machine, args);
    serde_json::Deserializer::from_str(&text)
        .into_iter::<serde_json::Value>()
        .map(|v| {
            let v = v.unwrap();
            (v["gpu"].as_u64().unwrap(), v["event"].as_str().unwrap().to_owned())
        })
        .collect()
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
    let out = Command::new(env!("CARGO_BIN_EXE_amd-smi"))
        .arg("--root")
        .arg(repo().join("fixtures/machines/rx6900xt"))
        .args(["event", "--timeout", "10"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("GPU 0: AMDSMI_STATUS_NOT_SUPPORTED") && stderr.contains("rx6900xt/dev/kfd"), "{stderr}");
}

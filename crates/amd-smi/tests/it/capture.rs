//! `amd-smi capture OUT_DIR [--redact]`: every fixture machine captured, plain and redacted, and
//! read back with `--root` (issue 15, items 6 and 7).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::{self, Node};

const BIN: &str = env!("CARGO_BIN_EXE_amd-smi");

/// Captures `root` into `out`; the summary line it prints.
fn capture(root: &Path, out: &Path, redact: bool) -> String {
    let mut args = vec!["capture", out.to_str().unwrap()];
    if redact {
        args.push("--redact");
    }
    let run = common::run_cli(BIN, root, &args);
    assert!(run.status.success(), "capture of {}: {}", root.display(), String::from_utf8_lossy(&run.stderr));
    String::from_utf8(run.stdout).unwrap()
}

/// `amd-smi dump --json` of `root`.
fn dump(root: &Path) -> String {
    let run = common::run_cli(BIN, root, &["dump", "--json"]);
    assert!(run.status.success(), "dump of {}", root.display());
    String::from_utf8(run.stdout).unwrap()
}

/// The regular files of a tree, the capture's own `README.md` and `MANIFEST.tsv` left out.
fn files(tree: &BTreeMap<String, Node>) -> usize {
    let own = ["README.md", "MANIFEST.tsv"];
    tree.iter().filter(|(path, node)| matches!(node, Node::File(_)) && !own.contains(&path.as_str())).count()
}

/// Every machine: the capture's dump is its source's, byte for byte; it holds well under the
/// source's files, each listed in its manifest, and its links are the source's links.
#[test]
fn every_machine_reads_back_as_itself() {
    let (mut captured, mut sources) = (0, 0);
    for name in common::machines() {
        let source = common::machine(&name);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(&name);
        let said = capture(&source, &out, false);
        assert!(said.starts_with("captured ") && said.ends_with(&format!(" to {}\n", out.display())), "{said}");
        assert_eq!(dump(&out), dump(&source), "{name}: dump of the capture");

        let (tree, source_tree) = (common::tree(&out), common::tree(&source));
        let (here, there) = (files(&tree), files(&source_tree));
        assert!(here * 5 < there * 4, "{name}: {here} files captured of {there}");
        (captured, sources) = (captured + here, sources + there);
        let manifest = fs::read_to_string(out.join("MANIFEST.tsv")).unwrap();
        let listed: Vec<&str> = manifest.lines().skip(1).filter_map(|l| l.split('\t').nth(1)).collect();
        for (path, node) in &tree {
            match node {
                Node::Link(target) => {
                    assert_eq!(source_tree.get(path), Some(node), "{name}: link {path}");
                    assert!(manifest.contains(&format!("link\t{path}\t{}\n", target.display())), "{name}: {path}");
                }
                Node::File(_) if path != "README.md" && path != "MANIFEST.tsv" => {
                    assert!(listed.contains(&path.as_str()), "{name}: {path} not in MANIFEST.tsv");
                }
                _ => {}
            }
        }
    }
    // 17 machines: 11,165 fixture files, of which dump reads (or lists) about 7,000.
    assert!(captured * 3 < sources * 2, "{captured} of {sources}");
}

/// What the capture of mi300x-cpx holds and leaves out, file by file.
#[test]
fn mi300x_capture_holds_what_the_library_reads() {
    let source = common::machine("mi300x-cpx");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("capture");
    capture(&source, &out, false);
    let gpu = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0";
    // Read by dump: byte for byte (fixtures/machines/mi300x-cpx/.../0000:05:00.0/serial_number).
    assert_eq!(fs::read(out.join(gpu).join("serial_number")).unwrap(), b"692300000001\n");
    let metrics = format!("{gpu}/gpu_metrics");
    assert_eq!(fs::read(out.join(&metrics)).unwrap(), fs::read(source.join(&metrics)).unwrap());
    // The render node stand-in, the emulated SMU and a recorded MSR set: regular files, copied.
    for node in ["dev/dri/renderD128", "dev/hsmp", "dev/cpu/0/msr"] {
        assert_eq!(fs::read(out.join(node)).unwrap(), fs::read(source.join(node)).unwrap(), "{node}");
    }
    // The kernel's links: /sys/class/drm/card0 -> the PCI device's drm/card0, as in the source.
    let card0 = fs::read_link(out.join("sys/class/drm/card0")).unwrap();
    assert_eq!(card0, fs::read_link(source.join("sys/class/drm/card0")).unwrap());
    assert!(out.join("sys/class/drm/card0/device/serial_number").is_file());
    // Files no read-only function reads are not there: the setters' run_cleaner_shader and
    // amdgpu_gpu_recover (fixtures/README.md, "Files only the setters use"), the PCI modalias,
    // the PMU's scripted counters.
    for never in [
        format!("{gpu}/run_cleaner_shader"),
        format!("{gpu}/modalias"),
        "sys/kernel/debug/dri/0/amdgpu_gpu_recover".to_owned(),
        "sys/devices/amdgpu_0/scripted_counters".to_owned(),
    ] {
        assert!(source.join(&never).is_file(), "{never} is in the fixture");
        assert!(!out.join(&never).exists(), "{never} is never read");
    }
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("\n- Tool: amd-smi 0.1.0 (amdsmi-rs)\n"), "{readme}");
    assert!(readme.contains("\n- Redacted: nothing"), "{readme}");
    // The machine has no /proc/sys/kernel/osrelease (its driver has a version file).
    assert!(readme.contains("\n- Kernel: unknown"), "{readme}");
    let manifest = fs::read_to_string(out.join("MANIFEST.tsv")).unwrap();
    assert!(manifest.contains(&format!("captured\t{gpu}/serial_number\t/{gpu}/serial_number\n")));
}

/// The kernel release the library read is named in the README, and the capture's driver
/// version is it.
#[test]
fn the_readme_names_the_kernel() {
    let copy = common::copy_machine("rx6900xt");
    fs::create_dir_all(copy.path().join("proc/sys/kernel")).unwrap();
    fs::write(copy.path().join("proc/sys/kernel/osrelease"), "6.8.0-49-generic\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("capture");
    capture(copy.path(), &out, false);
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("\n- Kernel: 6.8.0-49-generic\n"), "{readme}");
    let date = readme.lines().find_map(|l| l.strip_prefix("- Date: ")).unwrap();
    assert!(date.len() == 20 && date.starts_with("20") && date.ends_with(" UTC"), "{date}");
    let doc: Value = serde_json::from_str(&dump(&out)).unwrap();
    let driver = &doc["processors"]["0000:0c:00.0"]["amdsmi_get_gpu_driver_info"]["driver_version"];
    assert_eq!(driver, "6.8.0-49-generic");
}

/// Leaves of two documents of one shape that differ: (path, left, right).
fn differences(left: &Value, right: &Value, path: &str, out: &mut Vec<(String, String, String)>) {
    match (left, right) {
        (Value::Object(l), Value::Object(r)) => {
            assert_eq!(l.keys().collect::<Vec<_>>(), r.keys().collect::<Vec<_>>(), "keys of {path}");
            for (key, value) in l {
                differences(value, &r[key], &format!("{path}/{key}"), out);
            }
        }
        (Value::Array(l), Value::Array(r)) => {
            assert_eq!(l.len(), r.len(), "length of {path}");
            for (i, (a, b)) in l.iter().zip(r).enumerate() {
                differences(a, b, &format!("{path}/{i}"), out);
            }
        }
        _ if left != right => out.push((path.to_owned(), left.to_string(), right.to_string())),
        _ => {}
    }
}

/// Redacted: the dump differs from its source's only in the serial numbers, FRU ids and the
/// values made from the unique id (ASIC serial, UUID, HIP UUID), each source value always
/// replaced by the same fake, and different values by different fakes.
#[test]
fn every_machine_redacted_differs_only_in_the_redacted_values() {
    let fields = ["asic_serial", "product_serial", "fru_id", "hip_uuid", "amdsmi_get_gpu_device_uuid"];
    let mut changed: BTreeMap<&str, usize> = BTreeMap::new();
    for name in common::machines() {
        let source = common::machine(&name);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(&name);
        capture(&source, &out, true);
        let before: Value = serde_json::from_str(&dump(&source)).unwrap();
        let after: Value = serde_json::from_str(&dump(&out)).unwrap();
        let mut diffs = Vec::new();
        differences(&before, &after, "", &mut diffs);
        // One fake per value and field, one value per fake.
        let mut fakes: BTreeMap<(&str, &str), &str> = BTreeMap::new();
        let mut values: BTreeMap<(&str, &str), &str> = BTreeMap::new();
        for (path, old, new) in &diffs {
            let field = fields.iter().find(|f| path.ends_with(&format!("/{f}"))).copied();
            let field = field.unwrap_or_else(|| panic!("{name}: {path} changed: {old} -> {new}"));
            assert_eq!(*fakes.entry((field, old)).or_insert(new), new, "{name}: {path}");
            assert_eq!(*values.entry((field, new)).or_insert(old), old, "{name}: {path}");
            *changed.entry(field).or_default() += 1;
        }
        // The unique id's one fake in all three: ASIC serial 0x<HEX>, HIP UUID GPU-<hex>, and
        // the UUID's last 12 hex digits.
        for (bdf, gpu) in after["processors"].as_object().unwrap() {
            let (Some(asic), Some(hip)) = (
                gpu["amdsmi_get_gpu_asic_info"]["asic_serial"].as_str(),
                gpu["amdsmi_get_gpu_enumeration_info"]["hip_uuid"].as_str(),
            ) else {
                continue;
            };
            let (Some(asic), Some(hip)) = (asic.strip_prefix("0x"), hip.strip_prefix("GPU-")) else { continue };
            assert_eq!(asic.to_ascii_lowercase(), hip, "{name} {bdf}");
            let uuid = gpu["amdsmi_get_gpu_device_uuid"].as_str().unwrap();
            assert!(uuid.ends_with(&hip[4..]), "{name} {bdf}: {uuid} and {hip}");
        }
        let readme = fs::read_to_string(out.join("README.md")).unwrap();
        if name == "mi300x-cpx" {
            // 8 GPUs: serial_number, fru_id and unique_id each, and the 63 KFD nodes of
            // partitions, each with a unique_id (the 2 CPU nodes have none).
            assert!(
                readme.contains(
                    "- Redacted: serial numbers (`serial_number`) in 8 files; FRU ids (`fru_id`) in 8 files; unique \
                     ids (sysfs and KFD `unique_id`, and the UUIDs made from them) in 71 files"
                ),
                "{readme}"
            );
            // The same number in the sysfs file (hex) and in KFD node 2's properties (decimal).
            let gpu = out.join("sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0");
            let hex = fs::read_to_string(gpu.join("unique_id")).unwrap();
            let fake = u64::from_str_radix(hex.trim(), 16).unwrap();
            assert_ne!(hex, "e3aa140f9a5f9e31\n");
            let node = out.join("sys/devices/virtual/kfd/kfd/topology/nodes/2/properties");
            assert!(fs::read_to_string(node).unwrap().contains(&format!("\nunique_id {fake}\n")));
            let manifest = fs::read_to_string(out.join("MANIFEST.tsv")).unwrap();
            let serial = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0/serial_number";
            assert!(manifest.contains(&format!("derived\t{serial}\t/{serial} (redacted)\n")));
        }
    }
    // mi300x-cpx and mi210-xgmi: 8 GPUs with a serial and a FRU id each; every partition of
    // mi300x-cpx (63 with a KFD node, the 64th without) shows the physical GPU's values.
    assert!(changed["product_serial"] >= 16 && changed["fru_id"] >= 16, "{changed:?}");
    assert!(changed["asic_serial"] >= 64 && changed["hip_uuid"] >= 64, "{changed:?}");
    assert!(changed["amdsmi_get_gpu_device_uuid"] >= 64, "{changed:?}");
}

/// An OUT_DIR that is not an empty directory is refused; nothing is written; an empty one is
/// used.
#[test]
fn a_used_out_dir_is_refused() {
    let source = common::machine("rx6900xt");
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine\n").unwrap();
    let run = common::run_cli(BIN, &source, &["capture", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.is_empty());
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(stderr.contains("exists and is not empty"), "{stderr}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    // A file is refused too.
    let file = dir.path().join("notes.txt");
    let run = common::run_cli(BIN, &source, &["capture", file.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    // An empty directory is used.
    let empty = tempfile::tempdir().unwrap();
    capture(&source, empty.path(), false);
    assert!(empty.path().join("sys/class/drm").is_dir());
    // No OUT_DIR: a usage error.
    let run = common::run_cli(BIN, &source, &["capture"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(run.stdout.is_empty());
}

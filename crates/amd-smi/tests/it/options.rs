//! The options every command takes: GPU/CPU selection (`-g`, `-U`), the output formats (`--json`
//! document shapes, `--csv`), `--file`, `--loglevel`, the watch options (`-w -W -i`), and the
//! option combinations refused as usage errors (exit 2, nothing on stdout).
//!
//! Values are read by hand from the fixture files named next to them.

use crate::common::{self, machine};
use crate::{amd_smi, json, stdout};

/// The `(gpu, bdf)` of each record `list --json` prints with `selection` after `-g`.
fn listed(machine_name: &str, selection: &[&str]) -> Vec<(u64, String)> {
    let mut args = vec!["list", "--json"];
    args.extend_from_slice(selection);
    let doc = json(machine_name, &args);
    doc.as_array()
        .unwrap()
        .iter()
        .map(|gpu| (gpu["gpu"].as_u64().unwrap(), gpu["bdf"].as_str().unwrap().to_owned()))
        .collect()
}

fn pairs(list: &[(u64, &str)]) -> Vec<(u64, String)> {
    list.iter().map(|&(gpu, bdf)| (gpu, bdf.to_owned())).collect()
}

// desktop-2gpu: sys/bus/pci/devices holds 0000:03:00.0 and 0000:0c:00.0 (GPUs 0 and 1, in BDF
// order); 0000:0c:00.0's unique_id is 946d7e1ef9b172dd and its device 0x73bf, so its UUID is
// 940073bf-0000-1000-806d-7e1ef9b172dd.
const DESKTOP_UUID_1: &str = "940073bf-0000-1000-806d-7e1ef9b172dd";

#[test]
fn gpus_by_index_bdf_uuid_all_and_several() {
    let m = "desktop-2gpu";
    let one = pairs(&[(1, "0000:0c:00.0")]);
    assert_eq!(listed(m, &["-g", "1"]), one);
    assert_eq!(listed(m, &["-g", "0000:0c:00.0"]), one);
    assert_eq!(listed(m, &["--gpu", DESKTOP_UUID_1]), one);
    assert_eq!(listed(m, &["-g", "all"]), pairs(&[(0, "0000:03:00.0"), (1, "0000:0c:00.0")]));
    assert_eq!(listed(m, &[]), pairs(&[(0, "0000:03:00.0"), (1, "0000:0c:00.0")]));
    // In the order named, each GPU once.
    assert_eq!(listed(m, &["-g", "1", "0", "0000:0c:00.0"]), pairs(&[(1, "0000:0c:00.0"), (0, "0000:03:00.0")]));

    // mi210-xgmi: eight GPUs, 0000:63:00.0 the fourth (KFD node 2: gpu_id 2064, location_id
    // 25344 = 0x6300); 0000:a3:00.0's unique_id c34ec50444dd0a6d, device 0x740f.
    let m = "mi210-xgmi";
    assert_eq!(
        listed(m, &["-g", "3", "-g", "0000:26:00.0", "c300740f-0000-1000-804e-c50444dd0a6d"]),
        pairs(&[(3, "0000:63:00.0"), (1, "0000:26:00.0"), (5, "0000:a3:00.0")])
    );
    let doc = json(m, &["list", "-g", "3", "--json"]);
    assert_eq!(doc[0]["kfd_id"], 2064);
    assert_eq!(doc[0]["node_id"], 2);
    assert_eq!(listed(m, &["-g", "all"]).len(), 8);

    // The other commands select the same way.
    // 0000:0c:00.0: max_link_width 16, max_link_speed "16.0 GT/s PCIe" (PCIe 4).
    let doc = json("desktop-2gpu", &["static", "-b", "-g", DESKTOP_UUID_1, "--json"]);
    assert_eq!(
        doc,
        serde_json::json!({"gpu_data": [{"gpu": 1, "bus": {
            "bdf": "0000:0c:00.0",
            "max_pcie_width": 16,
            "max_pcie_speed": {"value": 16, "unit": "GT/s"},
            "pcie_interface_version": "Gen 4",
            "slot_type": "N/A"
        }}]})
    );
    let doc = json("mi210-xgmi", &["process", "-g", "3", "--json"]);
    assert_eq!(doc.as_array().unwrap().len(), 1);
    assert_eq!(doc[0]["gpu"], 3);
    // mi210-xgmi GPU 3 runs pid 3001, "xhpl" (proc/3001/comm).
    assert_eq!(doc[0]["process_list"][0]["process_info"]["pid"], 3001);
    let doc = json("mi210-xgmi", &["topology", "-o", "-g", "0", "3", "--json"]);
    let links: Vec<u64> = doc[1]["links"].as_array().unwrap().iter().map(|l| l["gpu"].as_u64().unwrap()).collect();
    assert_eq!((doc[1]["gpu"].as_u64(), links), (Some(3), vec![0, 3]));
    // ras --cper: mi300x-cpx GPU 8 (0000:27:00.0, a primary partition) has one FATAL entry in its
    // debugfs CPER ring, dated 2025/03/13 22:07:03 (tests/it/ras.rs reads the same ring).
    let text = stdout("mi300x-cpx", &["ras", "--cper", "-g", "8"]);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("2025/")).map(str::trim_end).collect();
    assert_eq!(rows, ["2025/03/13 22:07:03  8       FATAL"]);
}

#[test]
fn an_unknown_gpu_is_an_error_naming_it() {
    let commands: [&[&str]; 7] =
        [&["list"], &["static"], &["metric"], &["process"], &["topology"], &["xgmi"], &["event", "--timeout", "10"]];
    for (m, spec) in
        [("desktop-2gpu", "2"), ("desktop-2gpu", "0000:99:00.0"), ("mi210-xgmi", "8"), ("mi210-xgmi", "none")]
    {
        for command in commands {
            let mut args = command.to_vec();
            args.extend(["-g", "0", spec, "--json"]);
            let out = amd_smi(m, &args);
            assert_eq!(out.status.code(), Some(1), "{m} {args:?}");
            assert!(out.stdout.is_empty(), "{m} {args:?}");
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(stderr.contains(&format!("Can not find a device: GPU '{spec}'")), "{m} {args:?}: {stderr}");
        }
    }
    // CPU sockets the same way (turin-1s has one socket).
    let out = amd_smi("turin-1s", &["metric", "--cpu", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8(out.stderr).unwrap().contains("Can not find a device: CPU '5'"));
}

#[test]
fn json_documents_as_amd_smi_prints_them() {
    // static/metric: `{"gpu_data": [...]}` even for one GPU, four spaces a level. desktop-2gpu
    // 0000:0c:00.0 hwmon5: power1_cap 289000000, power1_cap_max 332000000, power1_cap_min 0.
    let text = stdout("desktop-2gpu", &["static", "-d", "-g", "1", "--json"]);
    assert_eq!(
        text,
        "{\n    \"gpu_data\": [\n        {\n            \"gpu\": 1,\n            \"driver\": {\n                \
         \"name\": \"amdgpu\",\n                \"version\": \"N/A\"\n            }\n        }\n    ]\n}\n"
    );
    let doc = json("desktop-2gpu", &["static", "-l", "-g", "1", "--json"]);
    assert_eq!(doc["gpu_data"][0]["limit"]["max_power"], serde_json::json!({"value": 332, "unit": "W"}));
    assert_eq!(doc["gpu_data"][0]["limit"]["socket_power"], serde_json::json!({"value": 289, "unit": "W"}));
    // hwmon5 temp1_input 56000 (edge), temp2_input 59000 (junction), temp3_input 54000 (mem).
    let doc = json("desktop-2gpu", &["metric", "-t", "-g", "1", "--json"]);
    assert_eq!(
        doc,
        serde_json::json!({"gpu_data": [{"gpu": 1, "temperature": {
            "edge": {"value": 56, "unit": "C"},
            "hotspot": {"value": 59, "unit": "C"},
            "mem": {"value": 54, "unit": "C"}
        }}]})
    );
    // list: a list of GPUs (AMD's print_output), also for one.
    assert_eq!(
        stdout("desktop-2gpu", &["list", "-g", "0", "--json"]),
        "[\n    {\n        \"gpu\": 0,\n        \"bdf\": \"0000:03:00.0\",\n        \"uuid\": \"N/A\",\n        \
         \"kfd_id\": 35429,\n        \"node_id\": 1,\n        \"partition_id\": 0\n    }\n]\n"
    );
    // CPUs: `{"cpu_data": [...]}`, cpus and cores in one document (genoa-2s: two sockets).
    let doc = json("genoa-2s", &["metric", "--cpu", "1", "--core", "0", "--core-boost-limit", "--cpu-temp", "--json"]);
    let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["cpu_data", "core_data"]);
    assert_eq!((doc["cpu_data"][0]["cpu"].as_u64(), doc["core_data"][0]["core"].as_u64()), (Some(1), Some(0)));
}

#[test]
fn csv_columns_as_amd_smi_names_them() {
    // list: AMD names the BDF and UUID columns gpu_bdf, gpu_uuid in CSV. desktop-2gpu KFD nodes
    // 1 and 2: gpu_id 35429 (location_id 768 = 03:00.0) and 3864 (3072 = 0c:00.0).
    assert_eq!(
        stdout("desktop-2gpu", &["list", "--csv"]),
        format!(
            "gpu,gpu_bdf,gpu_uuid,kfd_id,node_id,partition_id\r\n0,0000:03:00.0,N/A,35429,1,0\r\n\
             1,0000:0c:00.0,{DESKTOP_UUID_1},3864,2,0\r\n\n"
        )
    );
    // static: sections dissolve into their keys, units drop (hwmon5 power1_cap* as above).
    assert_eq!(
        stdout("desktop-2gpu", &["static", "-b", "-d", "-g", "1", "--csv"]),
        "gpu,bdf,max_pcie_width,max_pcie_speed,pcie_interface_version,slot_type,name,version\r\n\
         1,0000:0c:00.0,16,16,Gen 4,N/A,amdgpu,N/A\r\n\n"
    );
    // metric: hwmon5 temp1/2/3_input 56000, 59000, 54000.
    assert_eq!(
        stdout("desktop-2gpu", &["metric", "-t", "-g", "1", "--csv"]),
        "gpu,edge,hotspot,mem\r\n1,56,59,54\r\n\n"
    );
    // Nested objects of several entries name their columns <entry>_<key> (clock domains).
    let text = stdout("desktop-2gpu", &["metric", "-c", "-g", "1", "--csv"]);
    let header = text.lines().next().unwrap();
    assert!(header.starts_with("gpu,gfx_0_clk,gfx_0_min_clk,gfx_0_max_clk,"), "{header}");
}

#[test]
fn file_receives_what_stdout_would() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let file = path.to_str().unwrap();
    for args in [&["list", "--csv"][..], &["static", "-b", "--json"][..], &["metric", "-t"][..]] {
        let expected = stdout("mi210-xgmi", args);
        let _ = std::fs::remove_file(&path);
        let mut with_file = args.to_vec();
        with_file.extend(["--file", file]);
        assert_eq!(stdout("mi210-xgmi", &with_file), "", "{args:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), expected, "{args:?}");
        // A second run appends, as AMD's logger opens its file with 'a'.
        stdout("mi210-xgmi", &with_file);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), expected.repeat(2), "{args:?}");
    }
}

#[test]
fn loglevel_debug_logs_what_became_na() {
    // desktop-2gpu 0000:03:00.0 has no unique_id: its UUID is N/A, and DEBUG says why.
    let out = amd_smi("desktop-2gpu", &["list", "-g", "0", "--loglevel", "debug"]);
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.lines().any(|l| l.starts_with("DEBUG: ")), "{stderr}");
    let out = amd_smi("desktop-2gpu", &["list", "-g", "0"]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn watch_prints_each_snapshot_with_a_timestamp() {
    // The smallest interval AMD accepts is 1 s: two snapshots, one second apart.
    let text = stdout("desktop-2gpu", &["metric", "-t", "-g", "1", "--json", "-w", "1", "-i", "2"]);
    let snapshots: Vec<serde_json::Value> =
        serde_json::Deserializer::from_str(&text).into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(snapshots.len(), 2);
    let stamps: Vec<u64> = snapshots.iter().map(|s| s["gpu_data"][0]["timestamp"].as_u64().unwrap()).collect();
    assert!(stamps[0] < stamps[1], "{stamps:?}");
    let first = snapshots[0]["gpu_data"][0].as_object().unwrap();
    assert_eq!(first.keys().take(3).collect::<Vec<_>>(), ["timestamp", "gpu", "temperature"]);
    assert_eq!(first["temperature"]["edge"]["value"], 56);

    // process, CSV: the timestamp is the first column of each snapshot's table.
    let text = stdout("mi210-xgmi", &["process", "-g", "3", "--csv", "-w", "1", "-i", "2"]);
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("timestamp,")).collect();
    assert_eq!(headers.len(), 2, "{text}");
    assert!(headers[0].starts_with("timestamp,gpu,"));

    // -W: -w 1 -W 1 is one snapshot; without -w, no timestamp.
    let text = stdout("desktop-2gpu", &["metric", "-t", "-g", "1", "-w", "1", "-W", "1"]);
    assert_eq!(text.matches("TIMESTAMP: ").count(), 1, "{text}");
    assert!(!stdout("desktop-2gpu", &["metric", "-t", "-g", "1"]).contains("TIMESTAMP"));

    // AMD's banner before the first snapshot: on stdout for people, on stderr with --json/--csv
    // (whose stdout is then data only: the JSON above parsed whole).
    const BANNER: &str = "'CTRL' + 'C' to stop watching output:\n";
    assert!(text.starts_with(&format!("{BANNER}GPU: 1\n    TIMESTAMP: ")), "{text}");
    let out = common::run_cli(
        env!("CARGO_BIN_EXE_amd-smi"),
        &machine("desktop-2gpu"),
        &["metric", "-t", "-g", "1", "--csv", "-w", "1", "-i", "1"],
    );
    assert_eq!(String::from_utf8(out.stderr).unwrap(), BANNER);
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("timestamp,gpu,"));
}

#[test]
fn refused_combinations_are_usage_errors() {
    let refused: [&[&str]; 10] = [
        &["metric", "-i", "2"],
        &["metric", "-W", "5"],
        &["metric", "-w", "0"],
        &["metric", "-w", "1", "-i", "0"],
        &["process", "-i", "2"],
        &["metric", "--json", "--csv"],
        &["list", "--csv", "--json"],
        &["list", "--loglevel", "verbose"],
        &["static", "-g"],
        &["set", "-g", "0", "--fan", "256"],
    ];
    for args in refused {
        let out = amd_smi("desktop-2gpu", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

//! The default view: `amd-smi` without a command (also with only `--root`) and `amd-smi
//! default` with `--json`/`--csv`, on rx6900xt and mi210-xgmi: reviewed snapshots
//! (`tests/snapshots/<machine>/default.{txt,json,csv}`, `UPDATE_SNAPSHOTS=1` rewrites them) and
//! values read by hand from the fixture files named next to them.

use std::path::Path;

use crate::{amd_smi, stdout};

/// Compares `actual` with the snapshot `name` of a machine (rewrites it with `UPDATE_SNAPSHOTS`).
fn snapshot(machine_name: &str, name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(machine_name).join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(actual, expected, "{} differs (UPDATE_SNAPSHOTS=1 to regenerate)", path.display());
}

#[test]
fn default_view_matches_snapshots() {
    for m in ["rx6900xt", "mi210-xgmi"] {
        let text = stdout(m, &[]);
        assert_eq!(stdout(m, &["default"]), text, "{m}");
        snapshot(m, "default.txt", &text);
        snapshot(m, "default.json", &stdout(m, &["default", "--json"]));
        snapshot(m, "default.csv", &stdout(m, &["default", "--csv"]));
    }
}

#[test]
fn default_view_values() {
    // rx6900xt 0000:0c:00.0: gpu_metrics v1.3 (u16 at 16: gfx 3 %, at 18: umc 0 %, at 6:
    // hotspot 59, at 22: average_socket_power 36 W); hwmon5 power1_cap 289000000 µW, pwm1 0 of
    // pwm1_max 255; mem_info_vram_used 668274688 B (637 MB) of 17163091968 B (16368 MB); no
    // RAS (UEC N/A); no partitions; KFD node 1 is HIP device 0.
    let text = stdout("rx6900xt", &[]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "+------------------------------------------------------------------------------+");
    assert!(lines[1].starts_with("| AMD-SMI ") && lines[1].contains("ROCm version: N/A"), "{}", lines[1]);
    assert_eq!(lines[2], "| Platform: Linux Baremetal                                                    |");
    assert_eq!(lines[4], "| BDF                        GPU-Name | Mem-Uti   Temp   UEC       Power-Usage |");
    assert_eq!(lines[7], "| 0000:0c:00.0  AMD Radeon RX 6900 XT | 0 %      59 \u{b0}C   N/A          36/289 W |");
    assert_eq!(lines[8], "|   0       0     N/A             N/A | 3 %      0.0 %            637/16368 MB |");
    assert!(text.contains("|  No running processes found                                                  |\n"));
    assert!(lines.iter().all(|l| l.chars().count() == 80), "every line 80 wide");

    // mi210-xgmi: GPU 7 (0000:e3:00.0) ras/mmhub_err_count "ue: 1"; GPU 3 (0000:63:00.0, KFD
    // gpu_id 2064) runs pid 3001 "xhpl": fdinfo/3 drm-memory-gtt 8192 KiB, kfd vram_2064
    // 17179869184 B, cu_occupancy 104 of 104 CUs (simd_count 416 / simd_per_cu 4).
    let text = stdout("mi210-xgmi", &[]);
    assert!(
        text.contains("| 0000:e3:00.0     AMD Instinct MI210 | 1007    1002 \u{b0}   1          1009/300 W |"),
        "{text}"
    );
    assert!(
        text.contains("|    3       3001  xhpl                   8.0 MB   16.0 GB    16.0 GB  100.0 % |\n"),
        "{text}"
    );
    // AMD's amdgpu version: /sys/module/amdgpu/version.
    assert!(text.lines().nth(1).unwrap().contains("amdgpu version: 6.10.5 "));

    // JSON: AMD's document, a list of one object.
    let doc: serde_json::Value = serde_json::from_str(&stdout("mi210-xgmi", &["default", "--json"])).unwrap();
    let keys: Vec<&String> = doc[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["version_info", "gpu_info_list", "processes"]);
    let gpu7 = &doc[0]["gpu_info_list"][7];
    let keys: Vec<&String> = gpu7.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "gpu_id",
            "partition_mode",
            "market_name",
            "oam_id",
            "bdf",
            "hip_id",
            "mem_util",
            "gfx_util",
            "temp",
            "power_usage",
            "mem_usage",
            "uncorr_ecc",
            "fan"
        ]
    );
    assert_eq!((gpu7["bdf"].as_str(), gpu7["uncorr_ecc"].as_u64()), (Some("0000:e3:00.0"), Some(1)));
    assert_eq!(gpu7["power_usage"], serde_json::json!({"current_power": 1009, "power_limit": 300}));
    // mi210-xgmi 0000:e3:00.0 mem_info_vram_used 12582912 B, mem_info_vram_total 68702699520 B.
    assert_eq!(gpu7["mem_usage"], serde_json::json!({"used_vram": 12, "total_vram": 65520}));
    assert_eq!(doc[0]["version_info"]["rocm version"], serde_json::json!([false, "N/A"]));

    // CSV: the GPU table, then the process table.
    let csv = stdout("mi210-xgmi", &["default", "--csv"]);
    let headers: Vec<&str> = csv.lines().filter(|l| l.starts_with("gpu")).collect();
    assert_eq!(
        headers,
        [
            "gpu_id,partition_mode,market_name,oam_id,bdf,hip_id,mem_util,gfx_util,temp,current_power,power_limit,\
             used_vram,total_vram,uncorr_ecc,fan",
            "gpu,pid,name,gtt,vram,mem_usage,current_cu,total_num_cu"
        ]
    );
    assert!(csv.contains("\r\n3,3001,xhpl,8.0 MB,16.0 GB,16.0 GB,104,104\r\n"), "{csv}");
}

#[test]
fn default_refuses_what_it_does_not_take() {
    for args in [&["default", "--json", "--csv"][..], &["default", "-g", "0"][..], &["--json"][..]] {
        let out = amd_smi("rx6900xt", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

//! `amd-smi monitor` (alias `dmon`): every column option's headers and values on the fixture
//! machines, the default column set, the process table, the violation rows, `--json` keys,
//! `--csv` headers, the watch mode and the refused option combinations.
//!
//! Values are read by hand from the fixture files named next to them. `gpu_metrics` offsets are
//! those of the kernel's `gpu_metrics_v1_3` (`kgd_pp_interface.h`): u16 temperatures edge,
//! hotspot, mem at 4, 6, 8; activities gfx, umc, mm at 16, 18, 20; `average_socket_power` at 22;
//! current clocks gfx, soc, uclk, vclk0, dclk0 at 54..62. mi300x-cpx's `gpu_metrics` is
//! byte-identical to `fixtures/gpu_metrics/v1_8.bin`, whose decoded values are listed in
//! `fixtures/gpu_metrics/expected/v1_8.json`.

use std::collections::BTreeMap;

use crate::common::{self};
use crate::{amd_smi, json, stdout};

/// The cells of a right-aligned table line under `header`: each header word ends where its
/// column ends, and a cell is the text between the previous column's end and its own.
fn cells(header: &str, line: &str) -> BTreeMap<String, String> {
    let header: Vec<char> = header.chars().collect();
    let line: Vec<char> = line.chars().collect();
    let mut out = BTreeMap::new();
    let (mut start, mut word) = (0, None);
    for i in 0..=header.len() {
        let space = header.get(i).map_or(true, |&c| c == ' ');
        match (space, word) {
            (false, None) => word = Some(i),
            (true, Some(from)) => {
                let name: String = header[from..i].iter().collect();
                let end = i.min(line.len());
                let cell: String = line[start.min(end)..end].iter().collect();
                out.insert(name, cell.trim().to_owned());
                (start, word) = (i, None);
            }
            _ => {}
        }
    }
    out
}

/// The header words and the rows (as cells) of the GPU table of `amd-smi monitor ARGS`.
fn table(machine_name: &str, args: &[&str]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let text = stdout(machine_name, &[&["monitor"], args].concat());
    let mut lines = text.lines().take_while(|l| !l.is_empty());
    let header = lines.next().unwrap().to_owned();
    let rows = lines.map(|l| cells(&header, l)).collect();
    (header.split_whitespace().map(str::to_owned).collect(), rows)
}

/// `(header word, cell)` pairs.
fn row(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|&(k, v)| (k.to_owned(), v.to_owned())).collect()
}

#[test]
fn default_columns_as_amd_smi_monitor_prints_them() {
    // rx6900xt 0000:0c:00.0 gpu_metrics (v1.3): hotspot 59, mem 54, gfx 3 %, umc 0 %, mm 0 %
    // (the decoder use of a v1.3 GPU), average_socket_power 36 W, current_gfxclk 500 MHz;
    // mem_info_vram_used 668274688 B = 637 MB = 0.6 GB, mem_info_vram_total 17163091968 B =
    // 16368 MB = 16.0 GB.
    let expected = "GPU  XCP  POWER   GPU_T   MEM_T   GFX_CLK   GFX%   MEM%   ENC%   DEC%      VRAM_USAGE\n  \
                    0    0   36 W   59 \u{b0}C   54 \u{b0}C   500 MHz    3 %    0 %    N/A    0 %    0.6/ 16.0 GB\n";
    assert_eq!(stdout("rx6900xt", &["monitor"]), expected);
    assert_eq!(stdout("rx6900xt", &["dmon"]), expected);
    // -q alone keeps the default columns (AMD leaves it out of the "no column named" test).
    assert!(stdout("rx6900xt", &["monitor", "-q"]).starts_with(expected));
}

#[test]
fn every_column_option_on_the_fixtures() {
    // -p: POWER and PWR_CAP. rx6900xt hwmon5 power1_cap 289000000 µW.
    let (header, rows) = table("rx6900xt", &["-p"]);
    assert_eq!(header, ["GPU", "XCP", "POWER", "PWR_CAP"]);
    assert_eq!(rows, [row(&[("GPU", "0"), ("XCP", "0"), ("POWER", "36 W"), ("PWR_CAP", "289 W")])]);

    // -t: mi300x-cpx GPU 0 (0000:05:00.0): v1_8 temperature_hotspot 1001, temperature_mem 1002.
    let (header, rows) = table("mi300x-cpx", &["-t", "-g", "0"]);
    assert_eq!(header, ["GPU", "XCP", "GPU_T", "MEM_T"]);
    assert_eq!(rows, [row(&[("GPU", "0"), ("XCP", "0"), ("GPU_T", "1001 \u{b0}C"), ("MEM_T", "1002 \u{b0}C")])]);

    // -u: mi300x-cpx GPU 0: v1_8 current_gfxclk[0] 1050, average_gfx_activity 1004. GPU 9
    // (0000:27:00.1) is partition 1 of the second MI300X (KFD current partition id).
    let (header, rows) = table("mi300x-cpx", &["-u", "-g", "0", "9"]);
    assert_eq!(header, ["GPU", "XCP", "GFX_CLK", "GFX%"]);
    assert_eq!(rows[0], row(&[("GPU", "0"), ("XCP", "0"), ("GFX_CLK", "1050 MHz"), ("GFX%", "1004 %")]));
    assert_eq!((rows[1]["GPU"].as_str(), rows[1]["XCP"].as_str()), ("9", "1"));

    // -m, -n, -d, -e on mi210-xgmi GPU 7 (0000:e3:00.0): gpu_metrics v1.3 average_umc_activity
    // 1007, average_mm_activity 1008, current_uclk 1019, current_vclk0 1020, current_dclk0 1021;
    // ras/mmhub_err_count "ue: 1 ce: 5" (every other block 0); pcie_replay_count 0.
    let (header, rows) = table("mi210-xgmi", &["-m", "-g", "7"]);
    assert_eq!(header, ["GPU", "XCP", "MEM%", "MEM_CLOCK"]);
    assert_eq!(rows, [row(&[("GPU", "7"), ("XCP", "0"), ("MEM%", "1007 %"), ("MEM_CLOCK", "1019 MHz")])]);
    let (header, rows) = table("mi210-xgmi", &["-n", "-g", "7"]);
    assert_eq!(header, ["GPU", "XCP", "ENC%", "VCLOCK", "DCLOCK"]);
    assert_eq!(
        rows,
        [row(&[("GPU", "7"), ("XCP", "0"), ("ENC%", "N/A"), ("VCLOCK", "1020 MHz"), ("DCLOCK", "1021 MHz")])]
    );
    let (header, rows) = table("mi210-xgmi", &["-d", "-g", "7"]);
    assert_eq!(header, ["GPU", "XCP", "DEC%", "VCLOCK", "DCLOCK"]);
    assert_eq!(rows[0]["DEC%"], "1008 %");
    let (header, rows) = table("mi210-xgmi", &["-e", "-g", "7"]);
    assert_eq!(header, ["GPU", "XCP", "SINGLE_ECC", "DOUBLE_ECC", "PCIE_REPLAY"]);
    assert_eq!(
        rows,
        [row(&[("GPU", "7"), ("XCP", "0"), ("SINGLE_ECC", "5"), ("DOUBLE_ECC", "1"), ("PCIE_REPLAY", "0")])]
    );
    // rx6900xt has no RAS: the ECC columns are N/A, the replay count is pcie_replay_count (0).
    let (_, rows) = table("rx6900xt", &["-e"]);
    assert_eq!((rows[0]["SINGLE_ECC"].as_str(), rows[0]["DOUBLE_ECC"].as_str()), ("N/A", "N/A"));
    assert_eq!(rows[0]["PCIE_REPLAY"], "0");
    // mi300x-cpx partition 0 of the first GPU decodes the v1_8 partition's vcn_busy
    // [1118, N/A, 1119, 1120] (vcn_activity is all N/A): mean 1119.
    let (_, rows) = table("mi300x-cpx", &["-d", "-g", "0"]);
    assert_eq!(rows[0]["DEC%"], "1119 %");

    // -v: rx6900xt 637 MB used of 16368 MB: 15731 free, 3.89 %.
    let (header, rows) = table("rx6900xt", &["-v"]);
    assert_eq!(header, ["GPU", "XCP", "VRAM_USED", "VRAM_FREE", "VRAM_TOTAL", "VRAM%"]);
    assert_eq!(
        rows,
        [row(&[
            ("GPU", "0"),
            ("XCP", "0"),
            ("VRAM_USED", "637 MB"),
            ("VRAM_FREE", "15731 MB"),
            ("VRAM_TOTAL", "16368 MB"),
            ("VRAM%", "3.89 %")
        ])]
    );

    // -r: a v1.3 gpu_metrics has no PCIe bandwidth.
    let (header, rows) = table("rx6900xt", &["-r"]);
    assert_eq!(header, ["GPU", "XCP", "PCIE_BW"]);
    assert_eq!(rows[0]["PCIE_BW"], "N/A");

    // Columns in AMD's order whatever the order of the options.
    let (header, _) = table("rx6900xt", &["-r", "-t", "-p"]);
    assert_eq!(header, ["GPU", "XCP", "POWER", "PWR_CAP", "GPU_T", "MEM_T", "PCIE_BW"]);
}

#[test]
fn violation_columns_and_rows() {
    let (header, rows) = table("mi300x-cpx", &["-V", "-g", "0", "1"]);
    assert_eq!(
        header,
        [
            "GPU",
            "XCP",
            "PVIOL",
            "TVIOL",
            "TVIOL_ACTIVE",
            "PHOT_TVIOL",
            "VR_TVIOL",
            "HBM_TVIOL",
            "GFX_CLKVIOL",
            "GFXCLK_PVIOL",
            "GFXCLK_TVIOL",
            "GFXCLK_TOTALVIOL",
            "LOW_UTILVIOL"
        ]
    );
    // v1_8's num_partition is N/A (0xFFFF): one row per processor. The fixture's two samples
    // are the same bytes, so no accumulation cycles passed: every percentage is N/A.
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[1]["GPU"].as_str(), rows[1]["XCP"].as_str()), ("1", "1"));
    assert!(rows.iter().all(|r| r.iter().filter(|(k, _)| *k != "GPU" && *k != "XCP").all(|(_, v)| v == "N/A")));
    // JSON: every violation key, after gpu and xcp.
    let doc = json("mi300x-cpx", &["monitor", "-V", "-g", "0", "--json"]);
    let keys: Vec<&String> = doc[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "gpu",
            "xcp",
            "pviol",
            "tviol",
            "tviol_active",
            "phot_tviol",
            "vr_tviol",
            "hbm_tviol",
            "gfx_clkviol",
            "gfxclk_pviol",
            "gfxclk_tviol",
            "gfxclk_totalviol",
            "low_utilviol"
        ]
    );
}

#[test]
fn violation_rows_per_partition_of_a_primary_partition() {
    // A copy of mi300x-cpx whose first GPU's gpu_metrics (v1.8: num_partition u16 at 338, 0xFFFF
    // in the fixture) counts two partitions: GPU 0 gets a row per partition, the second with the
    // other columns N/A (AMD's rows after the first carry only that partition's lists).
    let dir = common::copy_machine("mi300x-cpx");
    let path = dir.path().join("sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0/gpu_metrics");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[338..340].copy_from_slice(&2u16.to_le_bytes());
    std::fs::write(&path, bytes).unwrap();
    let out = common::run_cli(env!("CARGO_BIN_EXE_amd-smi"), dir.path(), &["monitor", "-t", "-V", "-g", "0", "1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<BTreeMap<String, String>> = lines.map(|l| cells(header, l)).collect();
    let ids: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r["GPU"].as_str(), r["XCP"].as_str(), r["GPU_T"].as_str())).collect();
    // v1_8 temperature_hotspot 1001 on the first row; GPU 1 is partition 1 (one row).
    assert_eq!(ids, [("0", "0", "1001 \u{b0}C"), ("0", "1", "N/A"), ("1", "1", "1001 \u{b0}C")]);
    let out = common::run_cli(env!("CARGO_BIN_EXE_amd-smi"), dir.path(), &["monitor", "-t", "-V", "-g", "0", "--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let records: Vec<(u64, u64, &serde_json::Value)> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["gpu"].as_u64().unwrap(), r["xcp"].as_u64().unwrap(), &r["hotspot_temperature"]))
        .collect();
    assert_eq!(records[0], (0, 0, &serde_json::json!({"value": 1001, "unit": "C"})));
    assert_eq!(records[1], (0, 1, &serde_json::json!("N/A")));
    assert_eq!(records.len(), 2);
}

#[test]
fn process_table_below_the_gpu_table() {
    // mi210-xgmi GPU 3 (0000:63:00.0, KFD gpu_id 2064): pid 3001 "xhpl" (proc/3001/comm);
    // fdinfo/3 drm-memory-gtt 8192 KiB, -cpu 16 KiB, -vram 16777216 KiB; kfd proc/3001
    // vram_2064 17179869184, stats_2064/cu_occupancy 104 of 104 CUs (node 2 simd_count 416 /
    // simd_per_cu 4), evicted_ms 35. GPU 7 runs nothing.
    let text = stdout("mi210-xgmi", &["monitor", "-q", "-t", "-g", "3", "7"]);
    let (_, processes) = text.split_once("\nPROCESS INFO:\n").unwrap();
    let mut lines = processes.lines();
    let header = lines.next().unwrap();
    assert_eq!(header, "GPU               NAME      PID   GTT_MEM   CPU_MEM  VRAM_MEM   MEM_USG      CU%   EVICT");
    assert_eq!(
        cells(header, lines.next().unwrap()),
        row(&[
            ("GPU", "3"),
            ("NAME", "xhpl"),
            ("PID", "3001"),
            ("GTT_MEM", "8.0 MB"),
            ("CPU_MEM", "16.0 KB"),
            ("VRAM_MEM", "16.0 GB"),
            ("MEM_USG", "16.0 GB"),
            ("CU%", "100.0 %"),
            ("EVICT", "35 ms")
        ])
    );
    let none = cells(header, lines.next().unwrap());
    assert_eq!(none["GPU"], "7");
    assert!(none.iter().filter(|(k, _)| *k != "GPU").all(|(_, v)| v == "N/A"));

    // JSON: each GPU's process_list; CSV: a second table, one row per process.
    let doc = json("mi210-xgmi", &["monitor", "-q", "-t", "-g", "3", "--json"]);
    let info = &doc[0]["process_list"][0]["process_info"];
    assert_eq!((info["name"].as_str(), info["pid"].as_u64()), (Some("xhpl"), Some(3001)));
    assert_eq!(info["memory_usage"]["vram_mem"]["value"], 17_179_869_184u64);
    assert_eq!(info["cu_occupancy"], serde_json::json!({"value": 100.0, "unit": "%"}));
    let csv = stdout("mi210-xgmi", &["monitor", "-q", "-t", "-g", "3", "--csv"]);
    assert_eq!(
        csv,
        "gpu,xcp,hotspot_temperature,memory_temperature\r\n3,0,1002,1003\r\n\n\
         gpu,name,pid,gtt_mem,cpu_mem,vram_mem,mem_usage,cu_occupancy,evicted_time\r\n\
         3,xhpl,3001,8388608,16384,17179869184,17179869184,100.0,35\r\n\n"
    );
}

#[test]
fn json_keys_and_csv_headers() {
    // The default columns: VRAM in GB to one decimal in JSON (rx6900xt: 637 MB, 16368 MB).
    let doc = json("rx6900xt", &["monitor", "--json"]);
    let keys: Vec<&String> = doc[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "gpu",
            "xcp",
            "power_usage",
            "hotspot_temperature",
            "memory_temperature",
            "gfx_clk",
            "gfx",
            "mem",
            "encoder",
            "decoder",
            "vram_used",
            "vram_total"
        ]
    );
    assert_eq!(doc[0]["power_usage"], serde_json::json!({"value": 36, "unit": "W"}));
    assert_eq!(doc[0]["hotspot_temperature"], serde_json::json!({"value": 59, "unit": "C"}));
    assert_eq!(doc[0]["vram_used"], serde_json::json!({"value": 0.6, "unit": "GB"}));
    assert_eq!(doc[0]["vram_total"], serde_json::json!({"value": 16.0, "unit": "GB"}));
    assert_eq!(doc[0]["encoder"], "N/A");
    // Every option: AMD's keys in AMD's order; -v in whole MB.
    let all = ["monitor", "-p", "-t", "-u", "-m", "-n", "-d", "-e", "-v", "-r", "--json"];
    let doc = json("rx6900xt", &all);
    let keys: Vec<&String> = doc[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "gpu",
            "xcp",
            "power_usage",
            "max_power",
            "hotspot_temperature",
            "memory_temperature",
            "gfx_clk",
            "gfx",
            "mem",
            "mem_clock",
            "encoder",
            "decoder",
            "vclock",
            "dclock",
            "single_bit_ecc",
            "double_bit_ecc",
            "pcie_replay",
            "vram_used",
            "vram_free",
            "vram_total",
            "vram_percent",
            "pcie_bw"
        ]
    );
    assert_eq!(doc[0]["vram_used"], serde_json::json!({"value": 637, "unit": "MB"}));
    assert_eq!(doc[0]["vram_percent"], serde_json::json!({"value": 3.89, "unit": "%"}));
    // CSV: the same keys as columns, bare values.
    assert_eq!(
        stdout("rx6900xt", &["monitor", "--csv"]),
        "gpu,xcp,power_usage,hotspot_temperature,memory_temperature,gfx_clk,gfx,mem,encoder,decoder,\
         vram_used,vram_total\r\n0,0,36,59,54,500,3,0,N/A,0,0.6,16.0\r\n\n"
    );
    assert_eq!(
        stdout("rx6900xt", &["monitor", "-p", "-v", "--csv"]),
        "gpu,xcp,power_usage,max_power,vram_used,vram_free,vram_total,vram_percent\r\n\
         0,0,36,289,637,15731,16368,3.89\r\n\n"
    );
}

#[test]
fn watch_repeats_with_timestamps_and_stops() {
    // The smallest interval AMD accepts is 1 s: two snapshots, one second apart.
    let text = stdout("rx6900xt", &["monitor", "-t", "--json", "-w", "1", "-i", "2"]);
    let snapshots: Vec<serde_json::Value> =
        serde_json::Deserializer::from_str(&text).into_iter().collect::<Result<_, _>>().unwrap();
    assert_eq!(snapshots.len(), 2);
    let stamps: Vec<u64> = snapshots.iter().map(|s| s[0]["timestamp"].as_u64().unwrap()).collect();
    assert!(stamps[0] < stamps[1], "{stamps:?}");
    let keys: Vec<&String> = snapshots[0][0].as_object().unwrap().keys().take(3).collect();
    assert_eq!(keys, ["timestamp", "gpu", "xcp"]);

    // For people: the header again in each snapshot, the timestamp first; two blank lines after.
    let text = stdout("rx6900xt", &["monitor", "-t", "-w", "1", "-i", "2"]);
    let headers: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("TIMESTAMP")).collect();
    assert_eq!(headers, [" TIMESTAMP  GPU  XCP   GPU_T   MEM_T"; 2]);
    let rows: Vec<u64> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .filter(|&t: &u64| t > 1_000_000)
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0] < rows[1]);
    assert!(text.ends_with("54 \u{b0}C\n\n\n"), "{text:?}");

    // CSV: each snapshot's table starts with the timestamp column.
    let text = stdout("rx6900xt", &["monitor", "-t", "--csv", "-w", "1", "-i", "2"]);
    assert_eq!(text.lines().filter(|l| l.starts_with("timestamp,gpu,xcp,")).count(), 2);
}

#[test]
fn refused_combinations_are_usage_errors() {
    let refused: [&[&str]; 7] = [
        &["monitor", "-i", "2"],
        &["monitor", "-W", "5"],
        &["monitor", "-w", "0"],
        &["monitor", "-w", "1", "-i", "0"],
        &["monitor", "--json", "--csv"],
        &["dmon", "-x"],
        &["monitor", "-g"],
    ];
    for args in refused {
        let out = amd_smi("rx6900xt", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

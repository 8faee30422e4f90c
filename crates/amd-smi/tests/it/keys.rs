//! AMD's 7.0 keys, sections and values of `static`, `metric`, `event`, `xgmi` and `ras`, on the
//! fixture machines. Every value is read by hand from the fixture file named next to it
//! (machine roots under `fixtures/machines/`; the mi300x-cpx and mi210 `gpu_metrics` blobs are
//! `fixtures/gpu_metrics/v1_8.bin` and `v1_3.bin`, whose decoded fields are listed in
//! `fixtures/gpu_metrics/expected/v1_8.json` and `v1_3.json`; the synthesized Instinct devices'
//! DPM tables and hwmon limits are in `fixtures/build.py`, `INSTINCT`).

use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::common::machine;
use crate::{amd_smi, stdout};

/// The first GPU record of a `{"gpu_data": [...]}` document.
fn gpu(machine_name: &str, args: &[&str]) -> Value {
    let doc: Value = serde_json::from_str(&stdout(machine_name, args)).unwrap();
    doc["gpu_data"][0].clone()
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

fn mhz(value: u64) -> Value {
    json!({"value": value, "unit": "MHz"})
}

fn celsius(value: u64) -> Value {
    json!({"value": value, "unit": "C"})
}

#[test]
fn metric_sections_in_amds_order() {
    let record = gpu("mi300x-cpx", &["metric", "-g", "0", "--json"]);
    assert_eq!(
        keys(&record),
        [
            "gpu",
            "usage",
            "power",
            "clock",
            "temperature",
            "pcie",
            "ecc",
            "ecc_blocks",
            "fan",
            "voltage_curve",
            "overdrive",
            "mem_overdrive",
            "perf_level",
            "xgmi_err",
            "voltage",
            "energy",
            "mem_usage",
            "throttle"
        ]
    );
    // -T is -v/--violation's alias (AMD 7.0).
    assert_eq!(keys(&gpu("mi300x-cpx", &["metric", "-g", "0", "-T", "--json"])), ["gpu", "throttle"]);
    assert_eq!(keys(&gpu("mi300x-cpx", &["metric", "-g", "0", "--violation", "--json"])), ["gpu", "throttle"]);
}

#[test]
fn metric_clocks_every_domain() {
    let clock = gpu("mi300x-cpx", &["metric", "-c", "-g", "0", "--json"])["clock"].clone();
    let domains: Vec<String> = ["gfx_0", "gfx_1", "gfx_2", "gfx_3", "gfx_4", "gfx_5", "gfx_6", "gfx_7", "mem_0"]
        .iter()
        .map(|s| s.to_string())
        .chain((0..4).map(|i| format!("vclk_{i}")))
        .chain((0..4).map(|i| format!("dclk_{i}")))
        .chain(["fclk_0".to_owned(), "socclk_0".to_owned()])
        .collect();
    assert_eq!(keys(&clock), domains);
    // v1_8.json: current_gfxclk[0] 1050, gfxclk_lock_status 100014 (0b1_1000_0110_1010_1110: bit 0
    // clear, bit 1 set); pp_dpm_sclk 500/1433/2100 MHz (build.py sclk). 1050 >= 500: no deep sleep.
    assert_eq!(
        clock["gfx_0"],
        json!({"clk": mhz(1050), "min_clk": mhz(500), "max_clk": mhz(2100), "clk_locked": "DISABLED", "deep_sleep": "DISABLED"})
    );
    assert_eq!(clock["gfx_1"]["clk_locked"], "ENABLED");
    assert_eq!(clock["gfx_4"]["clk_locked"], "DISABLED");
    // current_uclk 1069; pp_dpm_mclk 900..1300 (build.py mclk).
    assert_eq!(clock["mem_0"]["clk"], mhz(1069));
    assert_eq!((clock["mem_0"]["min_clk"].clone(), clock["mem_0"]["max_clk"].clone()), (mhz(900), mhz(1300)));
    // current_dclk0[0] 65535: not available, so nothing else is shown for it.
    assert_eq!(
        clock["dclk_0"],
        json!({"clk": "N/A", "min_clk": "N/A", "max_clk": "N/A", "clk_locked": "N/A", "deep_sleep": "N/A"})
    );
    assert_eq!(clock["vclk_3"]["clk"], mhz(1065));
    // fclk from pp_dpm_fclk (1200 1400* 1600 1800 MHz, build.py fclk), not gpu_metrics.
    assert_eq!(
        clock["fclk_0"],
        json!({"clk": mhz(1400), "min_clk": mhz(1200), "max_clk": mhz(1800), "clk_locked": "N/A", "deep_sleep": "DISABLED"})
    );
    // current_socclk[0] 1058; pp_dpm_socclk 800..1200.
    assert_eq!(clock["socclk_0"]["clk"], mhz(1058));
    assert_eq!(clock["socclk_0"]["min_clk"], mhz(800));
}

#[test]
fn metric_usage_per_engine_and_partition() {
    // mi300x-cpx GPU 1 is partition 1: v1_8.json num_partition 65535 (none), so one XCP, and its
    // lists are xcp_stats[0]'s: gfx_busy_inst 100070.., vcn_busy [1118, 65535, 1119, 1120].
    let usage = gpu("mi300x-cpx", &["metric", "-u", "-g", "1", "--json"])["usage"].clone();
    assert_eq!(
        keys(&usage),
        [
            "gfx_activity",
            "umc_activity",
            "mm_activity",
            "vcn_activity",
            "jpeg_activity",
            "gfx_busy_inst",
            "jpeg_busy",
            "vcn_busy"
        ]
    );
    let pct = |v: u64| json!({"value": v, "unit": "%"});
    assert_eq!(usage["vcn_busy"], json!({"xcp_0": [pct(1118), "N/A", pct(1119), pct(1120)]}));
    assert_eq!(usage["gfx_busy_inst"]["xcp_0"][0], pct(100_070));
    assert_eq!(usage["jpeg_busy"]["xcp_0"].as_array().unwrap().len(), 40);
    assert_eq!(usage["jpeg_activity"].as_array().unwrap().len(), 32);
    let text = stdout("mi300x-cpx", &["metric", "-u", "-g", "1"]);
    assert!(text.contains("        VCN_BUSY:\n            XCP_0: [1118 %, N/A, 1119 %, 1120 %]\n"), "{text}");
    // Partition 0 of the same table: no partition count, no per-partition values.
    let usage = gpu("mi300x-cpx", &["metric", "-u", "-g", "0", "--json"])["usage"].clone();
    assert_eq!(usage["gfx_busy_inst"], "N/A");
}

#[test]
fn metric_pcie_temperature_memory_and_more() {
    let record = gpu("mi300x-cpx", &["metric", "-g", "0", "-P", "-t", "-o", "-x", "-V", "-E", "-e", "-k", "--json"]);
    let pcie = &record["pcie"];
    assert_eq!(
        keys(pcie),
        [
            "width",
            "speed",
            "bandwidth",
            "replay_count",
            "l0_to_recovery_count",
            "replay_roll_over_count",
            "nak_sent_count",
            "nak_received_count",
            "current_bandwidth_sent",
            "current_bandwidth_received",
            "max_packet_size",
            "lc_perf_other_end_recovery"
        ]
    );
    // v1_8.json pcie_link_width 1015, pcie_nak_sent_count_acc 100024,
    // pcie_lc_perf_other_end_recovery 100793; current_link_speed "32.0 GT/s PCIe": a whole 32.
    assert_eq!(pcie["width"], 1015);
    assert_eq!(pcie["speed"], json!({"value": 32, "unit": "GT/s"}));
    assert_eq!(pcie["nak_sent_count"], 100_024);
    assert_eq!(pcie["lc_perf_other_end_recovery"], 100_793);
    // hwmon: no temp1 (edge), temp2_input 42000 (junction), temp3_input 38000 (mem).
    assert_eq!(record["temperature"], json!({"edge": "N/A", "hotspot": celsius(42), "mem": celsius(38)}));
    // ras/features 0x1808f enables UMC SDMA GFX MMHUB XGMI_WAFL VCN JPEG; VCN and JPEG are not
    // among AMD's ecc_blocks.
    assert_eq!(keys(&record["ecc_blocks"]), ["UMC", "SDMA", "GFX", "MMHUB", "XGMI_WAFL"]);
    assert_eq!(record["overdrive"], "N/A");
    assert_eq!(record["mem_overdrive"], "N/A");
    // xgmi_error reads 0.
    assert_eq!(record["xgmi_err"], "AMDSMI_XGMI_STATUS_NO_ERRORS");
    assert_eq!(record["voltage"], json!({"vddboard": "N/A"}));
    // v1_8.json energy_accumulator 4294967303 × 15.3 µJ = 65713.001 J.
    assert_eq!(record["energy"], json!({"total_energy_consumption": {"value": 65713.001, "unit": "J"}}));

    // rx6900xt: max link 16.0 GT/s, current_link_speed 16.0 GT/s.
    assert_eq!(gpu("rx6900xt", &["metric", "-P", "--json"])["pcie"]["speed"], json!({"value": 16, "unit": "GT/s"}));
}

#[test]
fn metric_free_memory_is_total_minus_used_in_mb() {
    // phoenix 0000:64:00.0: mem_info_vram_total 4294967296 (4096 MB), mem_info_vram_used
    // 1272893440 (1213 MB): free 2883 MB (not (total - used) / 2^20 = 2882);
    // mem_info_gtt_total 31433977856 (29977 MB), mem_info_gtt_used 211398656 (201 MB).
    let mem = gpu("phoenix", &["metric", "-m", "--json"])["mem_usage"].clone();
    let mb = |v: u64| json!({"value": v, "unit": "MB"});
    assert_eq!(mem["total_vram"], mb(4096));
    assert_eq!(mem["used_vram"], mb(1213));
    assert_eq!(mem["free_vram"], mb(2883));
    assert_eq!(mem["free_gtt"], mb(29776));
}

#[test]
fn metric_throttle_keys_of_7_0() {
    let throttle = gpu("mi300x-cpx", &["metric", "-v", "-g", "0", "--json"])["throttle"].clone();
    let names = keys(&throttle);
    assert_eq!(names.len(), 31);
    assert_eq!(
        names[..7],
        [
            "accumulation_counter",
            "prochot_accumulated",
            "ppt_accumulated",
            "socket_thermal_accumulated",
            "vr_thermal_accumulated",
            "hbm_thermal_accumulated",
            "gfx_clk_below_host_limit_accumulated"
        ]
    );
    assert_eq!(names[30], "low_utilization_violation_activity");
    // v1_8.json accumulation_counter 100009, ppt_residency_acc 100010, prochot 0xFFFFFFFF (N/A).
    assert_eq!(
        (throttle["accumulation_counter"].clone(), throttle["ppt_accumulated"].clone()),
        (json!(100_009), json!(100_010))
    );
    assert_eq!(throttle["prochot_accumulated"], "N/A");
    // xcp_stats[0].gfx_below_host_limit_total_acc: 4294967449.., the seventh all ones (N/A).
    let total = &throttle["total_gfx_clk_below_host_limit_accumulated"]["xcp_0"];
    assert_eq!((total[0].clone(), total[6].clone()), (json!(4_294_967_449_u64), json!("N/A")));
}

#[test]
fn static_sections_and_values() {
    let record = gpu("mi300x-cpx", &["static", "-g", "0", "--json"]);
    assert_eq!(
        keys(&record),
        [
            "gpu",
            "asic",
            "bus",
            "vbios",
            "limit",
            "driver",
            "board",
            "ras",
            "soc_pstate",
            "xgmi_plpd",
            "process_isolation",
            "numa",
            "vram",
            "cache_info",
            "clock"
        ]
    );
    // CPX: 304 CUs / 8 partitions (build.py DRM_INFO note).
    assert_eq!(record["asic"]["num_compute_units"], 38);
    assert_eq!(keys(&record["asic"])[5..7], ["subsystem_id", "rev_id"]);
    // max_link_width 16, max_link_speed "32.0 GT/s PCIe" (PCIe 5).
    assert_eq!(
        record["bus"],
        json!({"bdf": "0000:05:00.0", "max_pcie_width": 16, "max_pcie_speed": {"value": 32, "unit": "GT/s"},
               "pcie_interface_version": "Gen 5", "slot_type": "N/A"})
    );
    assert_eq!(keys(&record["vbios"]), ["name", "build_date", "part_number", "version"]);
    // hwmon temp2_crit/emergency 110000/115000 (junction), temp3 94000/105000 (mem), no temp1.
    let limit = &record["limit"];
    assert_eq!(limit["slowdown_edge_temperature"], "N/A");
    assert_eq!(limit["slowdown_hotspot_temperature"], celsius(110));
    assert_eq!(limit["shutdown_hotspot_temperature"], celsius(115));
    assert_eq!(limit["slowdown_vram_temperature"], celsius(94));
    assert_eq!(limit["shutdown_vram_temperature"], celsius(105));
    // ras/version "table version: 0x21000", ras/schema 0xf (every schema).
    let ras = &record["ras"];
    assert_eq!(ras["eeprom_version"], "0x21000");
    assert_eq!((ras["parity_schema"].clone(), ras["poison_schema"].clone()), (json!("ENABLED"), json!("ENABLED")));
    assert_eq!(
        (ras["ecc_block_state"]["UMC"].clone(), ras["ecc_block_state"]["ATHUB"].clone()),
        (json!("ENABLED"), json!("DISABLED"))
    );
    // pm_policy/soc_pstate: 4 policies, 0 current; pm_policy/xgmi_plpd: 3, 1 current.
    assert_eq!(
        (record["soc_pstate"]["num_supported"].clone(), record["soc_pstate"]["current_id"].clone()),
        (json!(4), json!(0))
    );
    assert_eq!(record["xgmi_plpd"]["current_id"], 1);
    assert_eq!(record["xgmi_plpd"]["policies"][2], json!({"policy_id": 2, "policy_description": "plpd_optimized"}));
    // enforce_isolation "0 0 1 0 0 0 0 0": partition 0 off, partition 2 on.
    assert_eq!(record["process_isolation"], "Disabled");
    assert_eq!(gpu("mi300x-cpx", &["static", "-R", "-g", "2", "--json"])["process_isolation"], "Enabled");
    // pp_dpm_sclk "0: 500Mhz / 1: 1433Mhz * / 2: 2100Mhz".
    assert_eq!(
        record["clock"]["sys"],
        json!({"current level": 1, "frequency_levels": {"Level 0": "500 MHz", "Level 1": "1433 MHz", "Level 2": "2100 MHz"}})
    );
    // The partition only when asked for (current_compute_partition CPX, current_memory_partition NPS1).
    let partition = gpu("mi300x-cpx", &["static", "-p", "-g", "0", "--json"]);
    assert_eq!(
        partition,
        json!({"gpu": 0, "partition": {"accelerator_partition": "CPX", "memory_partition": "NPS1", "partition_id": 0}})
    );
    // -C names clocks: only those (pp_dpm_mclk 900..1300, current 3).
    let clock = gpu("mi300x-cpx", &["static", "-C", "mem", "-g", "0", "--json"])["clock"].clone();
    assert_eq!(keys(&clock), ["mem"]);
    assert_eq!(clock["mem"]["current level"], 3);
    // rx6900xt hwmon temp1/2/3_crit 100000/110000/100000, _emergency 105000/115000/105000.
    let limit = gpu("rx6900xt", &["static", "-l", "--json"])["limit"].clone();
    assert_eq!(
        [
            &limit["slowdown_edge_temperature"],
            &limit["slowdown_hotspot_temperature"],
            &limit["shutdown_vram_temperature"]
        ],
        [&celsius(100), &celsius(110), &celsius(105)]
    );
    // rx6900xt numa_node -1: the affinity is -1 in JSON, NONE for people.
    assert_eq!(gpu("rx6900xt", &["static", "-u", "--json"])["numa"], json!({"node": 0, "affinity": -1}));
    assert!(stdout("rx6900xt", &["static", "-u"]).contains("        AFFINITY: NONE\n"));
}

#[test]
fn csv_headers_of_static_and_metric() {
    // rx6900xt: one GPU; the limit temperatures from hwmon temp*_crit/_emergency (see above).
    let text = stdout("rx6900xt", &["static", "-b", "-l", "--csv"]);
    assert_eq!(
        text,
        "gpu,bdf,max_pcie_width,max_pcie_speed,pcie_interface_version,slot_type,max_power,min_power,socket_power,\
         slowdown_edge_temperature,slowdown_hotspot_temperature,slowdown_vram_temperature,shutdown_edge_temperature,\
         shutdown_hotspot_temperature,shutdown_vram_temperature\r\n0,0000:0c:00.0,16,16,Gen 4,N/A,332,0,289,100,110,100,105,115,105\r\n\n"
    );
    // rx6900xt metric -p -t: hwmon temp1/2/3_input 56000/59000/54000.
    let text = stdout("rx6900xt", &["metric", "-p", "-t", "--csv"]);
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "gpu,socket_power,gfx_voltage,soc_voltage,mem_voltage,throttle_status,power_management,edge,hotspot,mem"
    );
    assert!(text.lines().nth(1).unwrap().ends_with(",56,59,54"), "{text}");
    let text = stdout("rx6900xt", &["metric", "-m", "--csv"]);
    assert_eq!(
        text.lines().next().unwrap(),
        "gpu,total_vram,used_vram,free_vram,total_visible_vram,used_visible_vram,free_visible_vram,total_gtt,used_gtt,free_gtt"
    );
}

#[test]
fn human_details_as_amd_prints_them() {
    // °C for people (C in JSON), N/A sub-fields of a clock dropped, a packet size in bytes.
    let text = stdout("mi300x-cpx", &["metric", "-t", "-c", "-g", "0"]);
    assert!(text.contains("        HOTSPOT: 42 °C\n"), "{text}");
    assert!(text.contains("        DCLK_0: N/A\n"), "{text}");
    // vclk ranges are not readable on this fixture: only CLK is left of VCLK_0 (current_vclk0[0] 1062).
    assert!(text.contains("        VCLK_0:\n            CLK: 1062 MHz\n        VCLK_1:"), "{text}");
    // phoenix KFD node 1 caches/0/properties: level 1, size 32 (KB), type 9 (data | SIMD): a
    // CACHE_0 block, the properties joined, no index key; JSON keeps the list with the index.
    let text = stdout("phoenix", &["static", "-c"]);
    assert!(
        text.contains(
            "    CACHE_INFO:\n        CACHE_0:\n            CACHE_PROPERTIES: DATA_CACHE, SIMD_CACHE\n            \
             CACHE_SIZE: 32 KB\n            CACHE_LEVEL: 1\n"
        ),
        "{text}"
    );
    let cache = gpu("phoenix", &["static", "-c", "--json"])["cache_info"][0].clone();
    assert_eq!(
        (cache["cache"].clone(), cache["cache_properties"].clone()),
        (json!(0), json!(["DATA_CACHE", "SIMD_CACHE"]))
    );
    let text = stdout("mi300x-cpx", &["static", "-l", "-g", "0"]);
    assert!(text.contains("        SLOWDOWN_HOTSPOT_TEMPERATURE: 110 °C\n"), "{text}");
    // rx580 pcie_bw "11886 2528 256": 11886 and 2528 packets of 256 bytes in a second,
    // 3042816 B (2 MB, whole MiB) sent and 647168 B (0 MB) received.
    let text = stdout("rx580", &["metric", "-P"]);
    assert!(text.contains("        MAX_PACKET_SIZE: 256 B\n"), "{text}");
    assert!(
        text.contains("        CURRENT_BANDWIDTH_SENT: 2 MB/s\n        CURRENT_BANDWIDTH_RECEIVED: 0 MB/s\n"),
        "{text}"
    );
    let pcie = gpu("rx580", &["metric", "-P", "--json"])["pcie"].clone();
    assert_eq!(pcie["max_packet_size"], json!({"value": 256, "unit": "B"}));
}

#[test]
fn event_is_one_document_with_timestamps_and_fields() {
    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let doc: Value = serde_json::from_str(&stdout("mi300x-cpx", &["event", "--timeout", "2000", "--json"])).unwrap();
    let after = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
    let events = doc.as_array().unwrap();
    // The scripted dev/kfd of mi300x-cpx: PROCESS_START "PID: 4242  task name: python3" first.
    assert_eq!(keys(&events[0]), ["gpu", "timestamp", "event", "message"]);
    assert_eq!(events[0]["event"], "PROCESS_START");
    assert_eq!(events[0]["message"], json!({"PID": "4242", "task name": "python3"}));
    for event in events {
        let t = event["timestamp"].as_u64().unwrap();
        assert!((before..=after).contains(&t), "{t} not in {before}..={after}");
    }
    // No event: an empty list, still one document.
    assert_eq!(stdout("mi300x-cpx", &["event", "--timeout", "0", "-g", "8", "-g", "1", "--json"]), "[]\n");
}

#[test]
fn xgmi_link_status_and_metrics() {
    // mi210-xgmi: v1_3 gpu_metrics has no xgmi_link_status: every link disabled (X), eight links.
    let doc: Value = serde_json::from_str(&stdout("mi210-xgmi", &["xgmi", "-l", "--json"])).unwrap();
    let list = doc.as_array().unwrap();
    assert_eq!(list.len(), 8);
    assert_eq!(
        list[0],
        json!({"gpu": 0, "bdf": "0000:03:00.0", "link_status": ["X", "X", "X", "X", "X", "X", "X", "X"]})
    );
    // Both sections by default: one document with the two lists.
    let doc: Value = serde_json::from_str(&stdout("mi210-xgmi", &["xgmi", "--json"])).unwrap();
    assert_eq!(keys(&doc), ["xgmi_metric", "xgmi_link_status"]);
    assert_eq!(doc["xgmi_metric"][3]["bdf"], "0000:63:00.0");
    let text = stdout("mi210-xgmi", &["xgmi"]);
    assert!(text.contains("\nLINK METRIC TABLE:\n") && text.contains("\nXGMI LINK STATUS:\n"), "{text}");
    assert!(text.contains("GPU0   0000:03:00.0  ['X', 'X', 'X', 'X', 'X', 'X', 'X', 'X']\n"), "{text}");
    // -m alone: the metric table without the status table.
    assert!(!stdout("mi210-xgmi", &["xgmi", "-m"]).contains("XGMI LINK STATUS"));
    // mi300x-cpx: xgmi_read_data_acc[1] 4294967323 KB is 4.0 TB for people (KB in JSON).
    let text = stdout("mi300x-cpx", &["xgmi", "-m"]);
    assert!(text.contains(" Read                                                    N/A          4.0 TB"), "{text}");
}

#[test]
fn ras_options_refused_without_what_they_need() {
    for args in [
        &["ras", "--follow"][..],
        &["ras", "--cper", "--file-limit", "3"],
        &["ras", "--cper", "--folder", "x", "--file-limit", "0"],
    ] {
        let out = amd_smi("mi300x-cpx", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn ras_file_limit_keeps_the_newest_files() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cper");
    let f = folder.to_str().unwrap();
    // Six entries in the mi300x-cpx rings (tests/it/ras.rs): twelve files, three kept.
    let text = stdout("mi300x-cpx", &["ras", "--cper", "--folder", f, "--file-limit", "3"]);
    assert_eq!(text.lines().filter(|l| l.starts_with("2025/")).count(), 6);
    let left = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(left, 3);
}

#[test]
fn ras_follow_prints_each_entry_once() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_amd-smi"))
        .arg("--root")
        .arg(machine("mi300x-cpx"))
        .args(["ras", "--cper", "--follow"])
        .env_remove("AMDSMI_ROOT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Two more reads of the unchanged rings (one a second) add nothing.
    std::thread::sleep(Duration::from_millis(2500));
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("2025/")).collect();
    assert_eq!(rows.len(), 6, "{text}");
    assert_eq!(rows[5].trim_end(), "2025/03/13 22:07:03  8       FATAL");
}

//! `amd-smi firmware` / `ucode`: each GPU's firmware blocks, ids and versions as AMD SMI 7.0
//! prints them, on machines read by hand.

use serde_json::json;

use crate::{amd_smi, json, stdout};

#[test]
fn firmware_ids_and_versions_on_rx6900xt() {
    // rx6900xt 0000:0c:00.0 fw_version/: asd 0x21000095, ce 0x00000025, smc 0x003a5600 (PM: each
    // byte in decimal), sos 0x00210864 (PSP: dotted hex), vcn 0x0211a000, imu 0x00000000 (a block
    // AMD SMI does not know keeps its upper-cased name, last).
    let gpus = json("rx6900xt", &["firmware", "--json"]);
    let list = gpus[0]["fw_list"].as_array().unwrap();
    assert_eq!(gpus[0]["gpu"], 0);
    assert_eq!(list.len(), 22);
    assert_eq!(list[0], json!({"fw_id": "ASD", "fw_version": "553648277"}));
    assert_eq!(list[1], json!({"fw_id": "CP_CE", "fw_version": "37"}));
    let find = |id: &str| list.iter().find(|e| e["fw_id"] == id).map(|e| e["fw_version"].clone());
    assert_eq!(find("PM"), Some(json!("00.58.86.00")));
    assert_eq!(find("PSP_SOSDRV"), Some(json!("00.21.08.64")));
    assert_eq!(find("VCN"), Some(json!("02.11.A0.00")));
    assert_eq!(list[21], json!({"fw_id": "IMU", "fw_version": "0"}));
    // People see the entries numbered `FW n`; the alias and -f print the same.
    let text = stdout("rx6900xt", &["firmware"]);
    assert!(
        text.starts_with(
            "GPU: 0\n    FW_LIST:\n        FW 0:\n            FW_ID: ASD\n            FW_VERSION: 553648277\n        FW 1:\n"
        ),
        "{text}"
    );
    assert_eq!(stdout("rx6900xt", &["ucode", "-f"]), text);
    assert_eq!(stdout("rx6900xt", &["firmware", "--ucode-list"]), text);
}

#[test]
fn firmware_of_selected_gpus_on_mi300x_cpx() {
    // mi300x-cpx 0000:05:00.0 fw_version/: asd 0x21000123, mec 0x000000b1, smc 0x00556100,
    // sos 0x00370023, ta_ras 0x1b00013e, vcn 0x0110101b: nine blocks; GPU 8 is 0000:27:00.0.
    let gpus = json("mi300x-cpx", &["ucode", "-g", "0", "0000:27:00.0", "--json"]);
    assert_eq!(gpus.as_array().unwrap().len(), 2);
    assert_eq!((gpus[0]["gpu"].clone(), gpus[1]["gpu"].clone()), (json!(0), json!(8)));
    let list = gpus[0]["fw_list"].as_array().unwrap();
    assert_eq!(list.len(), 9);
    let pairs: Vec<(String, String)> = list
        .iter()
        .map(|e| (e["fw_id"].as_str().unwrap().to_owned(), e["fw_version"].as_str().unwrap().to_owned()))
        .collect();
    let expect = [
        ("ASD", "553648419"),
        ("CP_MEC1", "177"),
        ("PM", "00.85.97.00"),
        ("PSP_SOSDRV", "00.37.00.23"),
        ("TA_RAS", "1B.00.01.3E"),
        ("VCN", "01.10.10.1B"),
    ];
    for (id, version) in expect {
        assert!(pairs.contains(&(id.to_owned(), version.to_owned())), "{id} {version} in {pairs:?}");
    }
}

#[test]
fn firmware_csv_is_a_row_per_block() {
    // mi300x-cpx 0000:05:00.0 (GPU 0) fw_version/: asd 0x21000123 = 553648419, mec 0x000000b1 =
    // 177; GPU 8 (0000:27:00.0) has the same nine blocks.
    let text = stdout("mi300x-cpx", &["firmware", "-g", "0", "8", "--csv"]).replace("\r\n", "\n");
    assert!(text.starts_with("gpu,fw_id,fw_version\n0,ASD,553648419\n0,CP_MEC1,177\n"), "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("0,")).count(), 9);
    assert_eq!(text.lines().filter(|l| l.starts_with("8,")).count(), 9);
}

#[test]
fn firmware_refuses_an_unknown_gpu_and_bad_options() {
    let out = amd_smi("rx6900xt", &["firmware", "-g", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let out = amd_smi("rx6900xt", &["firmware", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

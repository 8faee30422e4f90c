//! The HSMP layer: the metrics table decoder against the generator's table (every field), the
//! emulated SMU of every fixture machine through the transport trait, the driver's checks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use amdsmi::hsmp::{self, emulated, metrics, Access, HsmpMessage};
use amdsmi::Status;
use serde_json::Value;

use crate::common;

fn blob_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/hsmp_metrics")
}

fn expected() -> Value {
    serde_json::from_slice(&std::fs::read(blob_dir().join("expected/v6.json")).unwrap()).unwrap()
}

/// The generator's raw value of a scalar field.
fn raw(exp: &Value, name: &str) -> u64 {
    exp["fields"][name].as_u64().unwrap_or_else(|| panic!("{name} is not a scalar"))
}

/// The generator's raw values of an array field.
fn raws(exp: &Value, name: &str) -> Vec<u64> {
    exp["fields"][name]
        .as_array()
        .unwrap_or_else(|| panic!("{name} is not an array"))
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect()
}

/// Signed Q10: two's complement at the field's width, / 1024.
fn sq10(v: u64, ctype: &str) -> f64 {
    let signed = if ctype == "u32" { f64::from(v as u32 as i32) } else { v as i64 as f64 };
    signed / 1024.0
}

fn uq10(v: u64) -> f64 {
    v as f64 / 1024.0
}

fn kj(v: u64) -> f64 {
    v as f64 / 65536.0 / 1000.0
}

#[test]
fn metrics_table_every_field() {
    let bytes = std::fs::read(blob_dir().join("v6.bin")).unwrap();
    assert_eq!(bytes.len(), metrics::TABLE_SIZE);
    let m = metrics::decode(&bytes).unwrap();
    let exp = expected();
    let ctype = |name: &str| exp["types"][name].as_str().unwrap().to_owned();
    let mut checked: BTreeSet<&str> = BTreeSet::new();

    macro_rules! scalar {
        ($conv:expr; $($field:ident),+) => {$(
            let name = stringify!($field);
            assert_eq!(m.$field, $conv(raw(&exp, name), name), "{name}");
            checked.insert(name);
        )+};
    }
    macro_rules! array {
        ($conv:expr; $($field:ident),+) => {$(
            let name = stringify!($field);
            let want: Vec<f64> = raws(&exp, name).into_iter().map(|v| $conv(v)).collect();
            assert_eq!(m.$field.to_vec(), want, "{name}");
            checked.insert(name);
        )+};
    }
    scalar!(|v, n: &str| sq10(v, &ctype(n)); max_socket_temperature, max_vr_temperature, max_hbm_temperature,
        max_socket_temperature_acc, max_vr_temperature_acc, max_hbm_temperature_acc);
    scalar!(|v, _| uq10(v); socket_power_limit, max_socket_power_limit, socket_power, cclk_frequency_limit,
        gfxclk_frequency_limit, fclk_frequency, uclk_frequency, max_cclk_frequency, min_cclk_frequency,
        max_gfxclk_frequency, min_gfxclk_frequency, xgmi_width, xgmi_bitrate, socket_c0_residency, socket_gfx_busy,
        dram_bandwidth_utilization, socket_c0_residency_acc, socket_gfx_busy_acc, dram_bandwidth_acc,
        max_dram_bandwidth, dram_bandwidth_utilization_acc);
    scalar!(|v, _| kj(v); socket_energy_acc, ccd_energy_acc, xcd_energy_acc, aid_energy_acc, hbm_energy_acc);
    scalar!(|v: u64, _| v as u32; accumulation_counter, max_lclk_dpm_range, min_lclk_dpm_range,
        prochot_residency_acc, ppt_residency_acc, socket_thm_residency_acc, vr_thm_residency_acc,
        hbm_thm_residency_acc);
    scalar!(|v, _| v; timestamp);
    array!(uq10; socclk_frequency, vclk_frequency, dclk_frequency, lclk_frequency, gfxclk_frequency_acc,
        cclk_frequency_acc, fclk_frequency_table, uclk_frequency_table, socclk_frequency_table,
        vclk_frequency_table, dclk_frequency_table, lclk_frequency_table, xgmi_read_bandwidth_acc,
        xgmi_write_bandwidth_acc, pcie_bandwidth_acc, gfxclk_frequency);

    // Every field the generator wrote was checked, except `spare` (not reported).
    let written: BTreeSet<&str> = exp["fields"].as_object().unwrap().keys().map(String::as_str).collect();
    let unchecked: Vec<&&str> = written.difference(&checked).collect();
    assert_eq!(unchecked, [&"spare"]);

    // Spot values read by hand from expected/v6.json: the first field, a negative temperature,
    // a 64-bit value at a 4-byte-aligned offset, the last array's last element.
    assert_eq!(m.accumulation_counter, 257);
    assert_eq!(m.max_socket_temperature, -(3.0 + 2.0 / 1024.0));
    assert_eq!(m.timestamp, 0x1_0000_000B);
    assert_eq!(m.gfxclk_frequency[7], 470.0 / 1024.0);
    assert_eq!(m.vr_thm_residency_acc, 0x8000_0000 + 204);
}

#[test]
fn truncated_and_oversized_tables() {
    let bytes = std::fs::read(blob_dir().join("v6.bin")).unwrap();
    for len in [0, 1, 52, metrics::TABLE_SIZE - 4, metrics::TABLE_SIZE - 1] {
        let err = metrics::decode(&bytes[..len]).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedSize, "{len}");
    }
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[0; 4]);
    assert_eq!(metrics::decode(&longer).unwrap_err().status(), Status::UnexpectedSize);
}

/// Every fixture machine's emulated SMU parses and answers GET_PROTO_VER on every socket.
#[test]
fn every_fixture_smu_answers() {
    let mut seen = Vec::new();
    for machine in common::machines() {
        let path = common::machine(&machine).join("dev/hsmp");
        if !path.exists() {
            continue;
        }
        let smu = hsmp::open(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let sockets = emulated::parse(&text).unwrap().len();
        for sock in 0..sockets as u16 {
            let mut msg = HsmpMessage::new(hsmp::GET_PROTO_VER, sock, &[], 1);
            smu.send(&mut msg, Access::Read).unwrap();
            seen.push((machine.clone(), sock, msg.args[0]));
        }
    }
    let expected = [
        ("genoa-2s", 0, 5),
        ("genoa-2s", 1, 5),
        ("mi300a-2s", 0, 6),
        ("mi300a-2s", 1, 6),
        ("mi300x-cpx", 0, 5),
        ("mi300x-cpx", 1, 5),
        ("turin-1s", 0, 7),
    ];
    let expected: Vec<(String, u16, u32)> = expected.iter().map(|&(m, s, p)| (m.to_owned(), s, p)).collect();
    assert_eq!(seen, expected);
}

fn send(
    smu: &dyn hsmp::HsmpTransport,
    id: u32,
    sock: u16,
    args: &[u32],
    resp: u16,
    access: Access,
) -> amdsmi::Result<Vec<u32>> {
    let mut msg = HsmpMessage::new(id, sock, args, resp);
    smu.send(&mut msg, access)?;
    Ok(msg.args[..usize::from(resp)].to_vec())
}

/// The genoa-2s SMU through the transport: words as the protocol encodes them (values from
/// fixtures/machines/genoa-2s/dev/hsmp), SET then GET, and the driver's checks.
#[test]
fn genoa_smu_words_and_checks() {
    let path = common::machine("genoa-2s").join("dev/hsmp");
    let smu = hsmp::open(&path).unwrap();
    let get = |id, sock, args: &[u32]| {
        send(smu.as_ref(), id, sock, args, hsmp::descriptor(id).unwrap().response_sz, Access::Read)
    };
    assert_eq!(get(hsmp::GET_SMU_VER, 1, &[]).unwrap(), [0x0055_5A01]);
    assert_eq!(get(hsmp::GET_FCLK_MCLK, 1, &[]).unwrap(), [1600, 2200]);
    // ddr_bw = 460 57 12: max[31:20] | used[19:8] | pct[7:0].
    assert_eq!(get(hsmp::GET_DDR_BANDWIDTH, 0, &[]).unwrap(), [460 << 20 | 57 << 8 | 12]);
    // freq_limit = 3700, source 0x0088.
    assert_eq!(get(hsmp::GET_SOCKET_FREQ_LIMIT, 0, &[]).unwrap(), [3700 << 16 | 0x88]);
    // dimm 0x81: power 2000 mW, 6 ms.
    assert_eq!(get(hsmp::GET_DIMM_POWER, 0, &[0x81]).unwrap(), [2000 << 17 | 6 << 8 | 0x81]);
    // The SMU has a temperature (45.625 C) even though protocol 5's table does not list 15h.
    assert_eq!(get(hsmp::GET_TEMP_MONITOR, 0, &[]).unwrap(), [45 << 8 | 5 << 5]);
    // Socket 1's second core (APIC 0x42) has its own boost limit.
    assert_eq!(get(hsmp::GET_BOOST_LIMIT, 1, &[0x42]).unwrap(), [3500]);
    assert_eq!(get(hsmp::GET_BOOST_LIMIT, 1, &[0x43]).unwrap(), [3500], "the sibling thread's APIC id");
    assert_eq!(get(hsmp::GET_BOOST_LIMIT, 1, &[0x08]).unwrap_err().status(), Status::Inval, "no such core");

    // SET then GET, clamped to the maximum.
    send(smu.as_ref(), hsmp::SET_SOCKET_POWER_LIMIT, 1, &[180_000], 0, Access::Write).unwrap();
    assert_eq!(get(hsmp::GET_SOCKET_POWER_LIMIT, 1, &[]).unwrap(), [180_000]);
    assert_eq!(get(hsmp::GET_SOCKET_POWER_LIMIT, 0, &[]).unwrap(), [200_000], "socket 0 untouched");
    send(smu.as_ref(), hsmp::SET_SOCKET_POWER_LIMIT, 1, &[500_000], 0, Access::Write).unwrap();
    assert_eq!(get(hsmp::GET_SOCKET_POWER_LIMIT, 1, &[]).unwrap(), [240_000]);
    // A new transport starts from the file again.
    let fresh = hsmp::open(&path).unwrap();
    assert_eq!(send(fresh.as_ref(), hsmp::GET_SOCKET_POWER_LIMIT, 1, &[], 1, Access::Read).unwrap(), [205_000]);

    // The driver's checks.
    let status = |r: amdsmi::Result<Vec<u32>>| r.unwrap_err().status();
    assert_eq!(status(send(smu.as_ref(), hsmp::GET_SOCKET_POWER, 0, &[], 1, Access::Write)), Status::NoPerm);
    assert_eq!(status(send(smu.as_ref(), hsmp::SET_SOCKET_POWER_LIMIT, 0, &[1], 0, Access::Read)), Status::NoPerm);
    assert_eq!(status(send(smu.as_ref(), hsmp::GET_SOCKET_POWER, 0, &[], 2, Access::Read)), Status::Inval);
    assert_eq!(status(send(smu.as_ref(), hsmp::GET_SOCKET_POWER, 2, &[], 1, Access::Read)), Status::Busy);
    assert_eq!(status(send(smu.as_ref(), 0x2B, 0, &[], 0, Access::ReadWrite)), Status::NoHsmpMsgSup);
    // Messages the genoa SMU has no state for: as an SMU without them.
    assert_eq!(status(get(hsmp::GET_RAPL_UNITS, 0, &[])), Status::NoHsmpMsgSup);
    assert_eq!(status(get(hsmp::GET_METRIC_TABLE_VER, 0, &[])), Status::NoHsmpMsgSup);
    let err = get(hsmp::GET_RAPL_UNITS, 0, &[]).unwrap_err();
    assert_eq!(err.path(), Some(path.as_path()));
}

#[test]
fn damaged_smu_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hsmp");
    std::fs::write(&path, "[socket0]\nproto_ver = five\n").unwrap();
    let err = hsmp::open(&path).unwrap_err();
    assert_eq!((err.status(), err.path()), (Status::UnexpectedData, Some(path.as_path())));
    assert_eq!(err.detail(), Some("line 2: \"five\" is not an unsigned integer"));
    std::fs::write(&path, b"\xff\xfe").unwrap();
    assert_eq!(hsmp::open(&path).unwrap_err().status(), Status::UnexpectedData);
    assert_eq!(hsmp::open(Path::new("/nonexistent/dev/hsmp")).unwrap_err().status(), Status::NoHsmpDrv);
}

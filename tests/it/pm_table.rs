//! `pm_metrics` and `reg_state` name/value tables against the synthesized blobs of
//! `tools/gen-pm-tables.py` (every entry against what the generator wrote, several against values
//! computed here by hand), damaged and hostile inputs, and the API on the fixture machines.

use std::fs;
use std::path::PathBuf;

use amdsmi::gpu::pm_table::{self, AmdSmiRegType, NameValue, PM_METRICS_V4_ENTRIES, PM_METRICS_V4_SIZE};
use amdsmi::{Context, Status};
use serde_json::Value;

use crate::common;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/pm_tables").join(name)
}

fn pm_blob() -> Vec<u8> {
    fs::read(fixture("pm_metrics.bin")).unwrap()
}

fn reg_blob() -> Vec<u8> {
    fs::read(fixture("reg_state.bin")).unwrap()
}

/// The `(name, value)` list a generator entry list holds.
fn pairs(entries: &Value) -> Vec<(String, u64)> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_owned(), e["value"].as_u64().unwrap()))
        .collect()
}

fn expected(name: &str) -> Value {
    serde_json::from_slice(&fs::read(fixture(&format!("expected/{name}.json"))).unwrap()).unwrap()
}

fn as_pairs(table: &[NameValue]) -> Vec<(String, u64)> {
    table.iter().map(|e| (e.name.clone(), e.value)).collect()
}

fn value(table: &[NameValue], name: &str) -> u64 {
    table.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no {name}")).value
}

/// The block of `reg_state.bin` that `reg_type` selects.
fn block(reg_type: AmdSmiRegType) -> Vec<u8> {
    let start = reg_type.offset() as usize;
    reg_blob()[start..start + pm_table::REG_BLOCK_SIZE].to_vec()
}

/// Deterministic garbage (xorshift64).
fn garbage(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn pm_metrics_holds_every_value_the_generator_wrote() {
    let table = pm_table::pm_metrics(&pm_blob()).unwrap();
    assert_eq!(as_pairs(&table), pairs(&expected("pm_metrics")));
    assert_eq!(table.len(), PM_METRICS_V4_ENTRIES);
}

#[test]
fn pm_metrics_values_by_hand() {
    let t = pm_table::pm_metrics(&pm_blob()).unwrap();
    // Header: 16 + 1724 table bytes + 16 bytes of later firmware fields, MI300's MP1 13.0.6.
    assert_eq!(value(&t, "structure_size"), 1756);
    assert_eq!(value(&t, "pad"), 0);
    assert_eq!(value(&t, "mp1_ip_discovery_version"), 0x000D_0006);
    assert_eq!(value(&t, "pmfw_version"), 0x0055_6100);
    assert_eq!(value(&t, "pmmetrics_version"), 4);
    // The generator's n-th table value is 0x4000_0000 + n * 0x1_0101 (u32) or
    // 0x4000_0000_0000_0000 + n * 0x1_0001_0001_0001 (u64).
    assert_eq!(t[5], NameValue { name: "AccumulationCounter".into(), value: 0x4001_0101 });
    assert_eq!(value(&t, "MaxSocketTemperatureAcc"), 0x4005_0005_0005_0005);
    assert_eq!(value(&t, "SocketPower"), 0x400A_0A0A);
    assert_eq!(value(&t, "Timestamp"), 0x400B_000B_000B_000B);
    assert_eq!(value(&t, "SocclkFrequency[2]"), 0x4017_1717);
    assert_eq!(value(&t, "CclkFrequencyAcc[95]"), 0x408C_008C_008C_008C);
    assert_eq!(t[t.len() - 1], NameValue { name: "XgmiWriteDataSizeAcc[7]".into(), value: 0x40FE_00FE_00FE_00FE });
    // The 16 bytes past AMD SMI's table (0xC0DE0000..) are not reported.
    assert!(t.iter().all(|e| e.value >> 16 != 0xC0DE));
}

#[test]
fn reg_state_blocks_hold_every_value_the_generator_wrote() {
    let all = expected("reg_state");
    for reg_type in AmdSmiRegType::ALL {
        let table = pm_table::reg_table(&block(reg_type), reg_type).unwrap();
        assert_eq!(as_pairs(&table), pairs(&all[reg_type.name()]), "{}", reg_type.name());
    }
}

#[test]
fn reg_state_values_by_hand() {
    let x = pm_table::reg_table(&block(AmdSmiRegType::Xgmi), AmdSmiRegType::Xgmi).unwrap();
    // 8-byte header + 2 instances of (8-byte header + 3 x 16-byte SMN registers).
    assert_eq!(x.len(), 6 + 2 * (4 + 3 * 3));
    assert_eq!(value(&x, "structure_size"), 120);
    assert_eq!((value(&x, "format_revision"), value(&x, "state_type"), value(&x, "num_instances")), (1, 1, 2));
    // Running counter: the n-th u16 is 0x4000 + n * 0x101, the n-th u32 0x4000_0000 + n * 0x1_0101.
    assert_eq!(value(&x, "pad"), 0x4101);
    assert_eq!(value(&x, "pad.instance[0]"), 0x4202);
    assert_eq!(value(&x, "num_smn_regs.instance[0]"), 3);
    assert_eq!(value(&x, "addr.instance[0].smn[0]"), 0x11A0_0050);
    assert_eq!(value(&x, "value.instance[0].smn[0]"), 0x4003_0303);
    assert_eq!(value(&x, "pad.instance[0].smn[0]"), 0x4004_0404);
    assert_eq!(value(&x, "instance.instance[1]"), 1);
    assert_eq!(value(&x, "state.instance[1]"), 1);
    assert_eq!(value(&x, "addr.instance[1].smn[2]"), 0x11B0_0184);

    let p = pm_table::reg_table(&block(AmdSmiRegType::Pcie), AmdSmiRegType::Pcie).unwrap();
    // One instance: 8-byte header, 16 bytes of link/AER status, 3 SMN registers.
    assert_eq!(p.len(), 6 + 9 + 3 * 3);
    assert_eq!(value(&p, "structure_size"), 80);
    assert_eq!(value(&p, "state_type"), 3);
    assert_eq!(value(&p, "device_status.instance[0]"), 0x0010);
    assert_eq!(value(&p, "link_status.instance[0]"), 0x1105);
    assert_eq!(value(&p, "sub_bus_number_latency.instance[0]"), 0x000C_0B0A);
    assert_eq!(value(&p, "pcie_corr_err_status.instance[0]"), 0x2000);
    assert_eq!(value(&p, "pcie_uncorr_err_status.instance[0]"), 0x0010_0000);
    assert_eq!(value(&p, "addr.instance[0].smn[1]"), 0x1A34_02E4);

    let u1 = pm_table::reg_table(&block(AmdSmiRegType::Usr1), AmdSmiRegType::Usr1).unwrap();
    // The kernel writes USR's state_type (4) into the USR_1 block too.
    assert_eq!((value(&u1, "structure_size"), value(&u1, "state_type")), (88, 4));
    assert_eq!(value(&u1, "state.instance[1]"), 2);
    assert_eq!(value(&u1, "addr.instance[1].smn[1]"), 0x1C38_0100);
    // The 0xEE filler past the records is never read.
    for reg_type in AmdSmiRegType::ALL {
        let t = pm_table::reg_table(&block(reg_type), reg_type).unwrap();
        assert!(t.iter().all(|e| e.value & 0xFFFF != 0xEEEE), "{}", reg_type.name());
    }
}

#[test]
fn truncated_tables_are_unexpected_size() {
    let pm = pm_blob();
    for len in 0..PM_METRICS_V4_SIZE {
        let err = pm_table::pm_metrics(&pm[..len]).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedSize, "{len} bytes");
    }
    // The table's own bytes are enough; what follows is ignored.
    assert_eq!(pm_table::pm_metrics(&pm[..PM_METRICS_V4_SIZE]).unwrap(), pm_table::pm_metrics(&pm).unwrap());

    for reg_type in AmdSmiRegType::ALL {
        let bytes = block(reg_type);
        let used = usize::from(u16::from_le_bytes([bytes[0], bytes[1]]));
        for len in 0..used {
            let err = pm_table::reg_table(&bytes[..len], reg_type).unwrap_err();
            assert_eq!(err.status(), Status::UnexpectedSize, "{} cut at {len}", reg_type.name());
        }
        let whole = pm_table::reg_table(&bytes, reg_type).unwrap();
        assert_eq!(pm_table::reg_table(&bytes[..used], reg_type).unwrap(), whole);
    }
}

#[test]
fn other_pm_metrics_versions_are_not_supported() {
    let mut pm = pm_blob();
    for version in [0u32, 3, 5, 8, u32::MAX] {
        pm[12..16].copy_from_slice(&version.to_le_bytes());
        let err = pm_table::pm_metrics(&pm).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert!(err.detail().unwrap().starts_with(&format!("pm_metrics version {version} is not supported")), "{err}");
    }
    // All zero: version 0.
    assert_eq!(pm_table::pm_metrics(&[0; 4096]).unwrap_err().status(), Status::NotSupported);
}

#[test]
fn zero_and_hostile_reg_state_blocks() {
    // All zero: AMD SMI's walk reads the header and one empty instance.
    let t = pm_table::reg_table(&[0; 4096], AmdSmiRegType::Xgmi).unwrap();
    assert_eq!(t.len(), 10);
    assert!(t.iter().all(|e| e.value == 0));
    // 255 instances without registers fit in 8 + 255 * 8 bytes.
    let mut many = vec![0u8; 4096];
    many[5] = 255;
    let t = pm_table::reg_table(&many, AmdSmiRegType::Wafl).unwrap();
    assert_eq!(t.len(), 6 + 255 * 4);
    assert_eq!(t[t.len() - 1].name, "pad.instance[254]");
    // PCIE instances are 24 bytes: 255 of them do not fit in 4096.
    let err = pm_table::reg_table(&many, AmdSmiRegType::Pcie).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedSize);
    // All ones: 255 instances of 65535 registers each; rejected, not walked.
    for reg_type in AmdSmiRegType::ALL {
        let err = pm_table::reg_table(&[0xFF; 4096], reg_type).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedSize);
        assert!(err.detail().unwrap().contains("65535 SMN registers"), "{err}");
    }
    // A huge block does not change that: the work is bounded by the bytes.
    let mut big = vec![0xFF; 1 << 20];
    big[5] = 255;
    assert_eq!(pm_table::reg_table(&big, AmdSmiRegType::Usr).unwrap_err().status(), Status::UnexpectedSize);
}

#[test]
fn garbage_never_panics() {
    for seed in 1..400u64 {
        let len = (seed as usize * 37) % 5000;
        let bytes = garbage(seed, len);
        match pm_table::pm_metrics(&bytes) {
            Ok(t) => assert_eq!(t.len(), PM_METRICS_V4_ENTRIES),
            Err(e) => assert!(matches!(e.status(), Status::UnexpectedSize | Status::NotSupported), "{e}"),
        }
        let mut versioned = bytes.clone();
        if let Some(v) = versioned.get_mut(12..16) {
            v.copy_from_slice(&4u32.to_le_bytes());
            let ok = pm_table::pm_metrics(&versioned).is_ok();
            assert_eq!(ok, len >= PM_METRICS_V4_SIZE, "{len} bytes");
        }
        for reg_type in AmdSmiRegType::ALL {
            if let Err(e) = pm_table::reg_table(&bytes, reg_type) {
                assert_eq!(e.status(), Status::UnexpectedSize, "{e}");
            }
        }
    }
}

#[cfg(feature = "serde")]
#[test]
fn name_value_serializes_with_the_documented_keys() {
    let entry = NameValue { name: "SocketPower".into(), value: 42 };
    assert_eq!(serde_json::to_value(entry).unwrap(), serde_json::json!({"name": "SocketPower", "value": 42}));
}

#[test]
fn mi300x_serves_both_tables_on_every_processor() {
    let ctx = Context::builder().root(common::machine("mi300x-cpx")).build().unwrap();
    let handles = ctx.processor_handles();
    assert_eq!(handles.len(), 63); // the capture's 63 partition nodes (8 GPUs in CPX)
    let pm = pairs(&expected("pm_metrics"));
    let regs = expected("reg_state");
    // Partitions share their GPU's device directory, and so its tables.
    for h in handles {
        assert_eq!(as_pairs(&ctx.gpu(h).and_then(|g| g.pm_metrics_info()).unwrap()), pm);
        for reg_type in AmdSmiRegType::ALL {
            assert_eq!(
                as_pairs(&ctx.gpu(h).and_then(|g| g.reg_table_info(reg_type)).unwrap()),
                pairs(&regs[reg_type.name()])
            );
        }
    }
}

#[test]
fn other_gpus_have_neither_table() {
    let ctx = Context::builder().root(common::machine("rx6900xt")).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    let err = ctx.gpu(gpu).and_then(|g| g.pm_metrics_info()).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert!(err.path().unwrap().ends_with("pm_metrics"));
    for reg_type in AmdSmiRegType::ALL {
        let err = ctx.gpu(gpu).and_then(|g| g.reg_table_info(reg_type)).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert!(err.path().unwrap().ends_with("reg_state"));
    }
}

#[test]
fn damaged_files_on_a_machine() {
    let dir = common::copy_machine("mi300x-cpx");
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    let dev = dir.path().join("sys/bus/pci/devices/0000:05:00.0");
    let (pm, reg) = (dev.join("pm_metrics"), dev.join("reg_state"));

    // reg_state cut inside the PCIE block: earlier blocks are whole, PCIE is short, the later
    // blocks are not in the file at all.
    fs::write(&reg, &reg_blob()[..0x2000 + 40]).unwrap();
    assert!(ctx.gpu(gpu).and_then(|g| g.reg_table_info(AmdSmiRegType::Wafl)).is_ok());
    let err = ctx.gpu(gpu).and_then(|g| g.reg_table_info(AmdSmiRegType::Pcie)).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedSize);
    assert!(err.path().unwrap().ends_with("reg_state"));
    for reg_type in [AmdSmiRegType::Usr, AmdSmiRegType::Usr1] {
        let err = ctx.gpu(gpu).and_then(|g| g.reg_table_info(reg_type)).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert!(err.detail().unwrap().starts_with(&format!("no {} block", reg_type.name())), "{err}");
    }
    fs::write(&reg, b"").unwrap();
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.reg_table_info(AmdSmiRegType::Xgmi)).unwrap_err().status(),
        Status::NotSupported
    );

    // pm_metrics of another version, then truncated.
    let mut blob = pm_blob();
    blob[12] = 5;
    fs::write(&pm, &blob).unwrap();
    let err = ctx.gpu(gpu).and_then(|g| g.pm_metrics_info()).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert!(err.path().unwrap().ends_with("pm_metrics"));
    fs::write(&pm, &pm_blob()[..100]).unwrap();
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.pm_metrics_info()).unwrap_err().status(), Status::UnexpectedSize);
    fs::remove_file(&pm).unwrap();
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.pm_metrics_info()).unwrap_err().status(), Status::NotSupported);
}

#[test]
fn process_wide_functions() {
    let _instance = common::global_instance();
    amdsmi::init_global(Context::builder().root(common::machine("mi300x-cpx"))).unwrap();
    let gpu = amdsmi::amdsmi_get_processor_handles().unwrap()[0];
    let pm = amdsmi::amdsmi_get_gpu_pm_metrics_info(gpu).unwrap();
    assert_eq!(value(&pm, "SocketPower"), 0x400A_0A0A);
    let pcie = amdsmi::amdsmi_get_gpu_reg_table_info(gpu, AmdSmiRegType::Pcie).unwrap();
    assert_eq!(value(&pcie, "link_status.instance[0]"), 0x1105);
    amdsmi::amdsmi_shut_down().unwrap();
}

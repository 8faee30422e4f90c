//! Overdrive ranges (`pp_od_clk_voltage`) and power profile presets (`pp_power_profile_mode`)
//! on the fixture machines, against values read by hand from the fixture files.

use std::fs;

use amdsmi::gpu::overdrive::{AmdSmiPowerProfilePresetMasks, OdRange, OdVoltInfo, PowerProfileStatus};
use amdsmi::*;

use crate::common;

const MHZ: u64 = 1_000_000;
const NA: OdRange = OdRange { lower_bound: None, upper_bound: None };
/// The seven presets AMD SMI names (CUSTOM ... BOOTUP_DEFAULT).
const ALL7: u64 = 0x7f;

fn first(machine: &str) -> (Context, ProcessorHandle) {
    let ctx = Context::builder().root(common::machine(machine)).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    (ctx, gpu)
}

fn mhz(lo: u64, hi: u64) -> OdRange {
    OdRange { lower_bound: Some(lo * MHZ), upper_bound: Some(hi * MHZ) }
}

fn ranges(info: &OdVoltInfo) -> [OdRange; 4] {
    [info.curr_sclk_range, info.curr_mclk_range, info.sclk_freq_limits, info.mclk_freq_limits]
}

fn status(available_profiles: u64, current: Option<u64>, num_profiles: u32) -> PowerProfileStatus {
    PowerProfileStatus { available_profiles, current, num_profiles }
}

#[test]
fn od_volt_info_per_machine() {
    let cases = [
        ("rx580", [mhz(300, 1366), mhz(300, 1750), mhz(300, 2000), mhz(300, 2250)]),
        ("vega10", [mhz(852, 1630), mhz(167, 945), mhz(852, 2400), mhz(167, 1500)]),
        ("rx6900xt", [mhz(500, 2499), mhz(97, 1000), mhz(500, 3000), mhz(674, 1075)]),
        ("rx7900xtx", [mhz(500, 2735), mhz(97, 1250), mhz(500, 5000), mhz(97, 1500)]),
        ("rx7800xt", [mhz(500, 2660), mhz(97, 1300), mhz(500, 5000), mhz(97, 1500)]),
        // RDNA4 gives a clock offset instead of an OD_SCLK range.
        ("rx9070", [NA, mhz(97, 1259), NA, mhz(97, 1500)]),
        ("phoenix", [mhz(800, 2700), NA, mhz(800, 2700), NA]),
        ("strixpoint", [mhz(600, 2900), NA, mhz(600, 2900), NA]),
    ];
    for (machine, expected) in cases {
        let (ctx, gpu) = first(machine);
        let info = ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap();
        assert_eq!(ranges(&info), expected, "{machine}");
        assert_eq!((info.curve_vc_points, info.num_regions), (None, 0), "{machine}");
        // No fixture GPU has a voltage curve (Vega20/Navi 1x only).
        let err = ctx.gpu(gpu).and_then(|g| g.od_volt_curve_regions(3)).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported, "{machine}");
        assert!(err.path().unwrap().ends_with("pp_od_clk_voltage"));
        assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_curve_regions(0)).unwrap_err().status(), Status::Inval);
    }
}

#[test]
fn od_volt_info_unavailable() {
    // Van Gogh with overdrive off: the file holds a lone newline. rocm_smi reports that as
    // NOT_YET_IMPLEMENTED; the feature is off, so this library says NOT_SUPPORTED.
    let (ctx, gpu) = first("vangogh");
    let err = ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert!(err.path().unwrap().ends_with("pp_od_clk_voltage"));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_curve_regions(1)).unwrap_err().status(), Status::NotSupported);
    // Oland (GCN 1) has no pp_od_clk_voltage and no pp_power_profile_mode.
    let (ctx, gpu) = first("r7-240");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_curve_regions(1)).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.power_profile_presets(0)).unwrap_err().status(), Status::NotSupported);
}

#[test]
fn power_profile_presets_per_machine() {
    let cases = [
        ("rx580", status(ALL7, Some(0x20), 7)),
        ("vega10", status(ALL7, Some(0x20), 7)),
        ("rx6900xt", status(ALL7, Some(0x40), 7)),
        // Navi 3x/4x also list WINDOW_3D, which has no AMD SMI mask.
        ("rx7900xtx", status(ALL7, Some(0x40), 8)),
        ("rx7800xt", status(ALL7, Some(0x08), 8)),
        ("rx9070", status(ALL7, Some(0x20), 8)),
        // No header, no BOOTUP_DEFAULT/POWER_SAVING rows, no `*`, CAPPED/UNCAPPED unmasked.
        ("vangogh", status(0x01 | 0x02 | 0x08 | 0x10 | 0x20, None, 7)),
    ];
    for (machine, expected) in cases {
        let (ctx, gpu) = first(machine);
        assert_eq!(ctx.gpu(gpu).and_then(|g| g.power_profile_presets(0)).unwrap(), expected, "{machine}");
    }
    let (ctx, gpu) = first("rx7800xt");
    let presets = ctx.gpu(gpu).and_then(|g| g.power_profile_presets(7)).unwrap();
    assert_eq!(presets.current_preset(), Some(AmdSmiPowerProfilePresetMasks::Compute));
    for machine in ["phoenix", "strixpoint"] {
        let (ctx, gpu) = first(machine);
        let err = ctx.gpu(gpu).and_then(|g| g.power_profile_presets(0)).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported, "{machine}");
        assert!(err.path().unwrap().ends_with("pp_power_profile_mode"));
    }
}

#[test]
fn two_gpu_machine_reads_each_gpu() {
    let ctx = Context::builder().root(common::machine("desktop-2gpu")).build().unwrap();
    let by_bdf = |bdf: &str| {
        ctx.processor_handles()
            .into_iter()
            .find(|&h| ctx.gpu(h).and_then(|g| g.device_bdf()).unwrap().to_string() == bdf)
            .unwrap()
    };
    let (navi31, navi21) = (by_bdf("0000:03:00.0"), by_bdf("0000:0c:00.0"));
    assert_eq!(ctx.gpu(navi31).and_then(|g| g.od_volt_info()).unwrap().curr_sclk_range, mhz(500, 2735));
    assert_eq!(ctx.gpu(navi21).and_then(|g| g.od_volt_info()).unwrap().curr_sclk_range, mhz(500, 2499));
    assert_eq!(ctx.gpu(navi31).and_then(|g| g.power_profile_presets(0)).unwrap(), status(ALL7, Some(0x40), 8));
    assert_eq!(ctx.gpu(navi21).and_then(|g| g.power_profile_presets(0)).unwrap(), status(ALL7, Some(0x40), 7));
}

#[test]
fn damaged_files() {
    let dir = common::copy_machine("rx6900xt");
    let device = dir.path().join("sys/bus/pci/devices/0000:0c:00.0");
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpu = ctx.processor_handles()[0];

    fs::write(device.join("pp_od_clk_voltage"), "OD_SCLK:\n0: 500Mhz\n1: 24").unwrap();
    let err = ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedData);
    assert!(err.path().unwrap().ends_with("pp_od_clk_voltage"));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_curve_regions(1)).unwrap_err().status(), Status::UnexpectedData);
    fs::write(device.join("pp_od_clk_voltage"), [0u8; 64]).unwrap();
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap_err().status(), Status::NotSupported);
    fs::write(device.join("pp_od_clk_voltage"), b"OD_SCLK:\n0: \xff\n").unwrap();
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap_err().status(), Status::UnexpectedData);
    fs::remove_file(device.join("pp_od_clk_voltage")).unwrap();
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap_err().status(), Status::NotSupported);

    fs::write(device.join("pp_power_profile_mode"), "garbage\n").unwrap();
    let err = ctx.gpu(gpu).and_then(|g| g.power_profile_presets(0)).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedData);
    assert!(err.path().unwrap().ends_with("pp_power_profile_mode"));
    fs::write(device.join("pp_power_profile_mode"), "").unwrap();
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.power_profile_presets(0)).unwrap_err().status(), Status::UnexpectedData);
}

#[cfg(feature = "serde")]
#[test]
fn serialized_like_amd_smi_python() {
    let (ctx, gpu) = first("phoenix");
    let json = serde_json::to_value(ctx.gpu(gpu).and_then(|g| g.od_volt_info()).unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "curr_sclk_range": {"lower_bound": 800_000_000u64, "upper_bound": 2_700_000_000u64},
            "curr_mclk_range": {"lower_bound": "N/A", "upper_bound": "N/A"},
            "sclk_freq_limits": {"lower_bound": 800_000_000u64, "upper_bound": 2_700_000_000u64},
            "mclk_freq_limits": {"lower_bound": "N/A", "upper_bound": "N/A"},
            "curve.vc_points": "N/A",
            "num_regions": 0,
        })
    );
    let (ctx, gpu) = first("rx7800xt");
    let json = serde_json::to_value(ctx.gpu(gpu).and_then(|g| g.power_profile_presets(0)).unwrap()).unwrap();
    assert_eq!(json, serde_json::json!({"available_profiles": 127, "current": 8, "num_profiles": 8}));
}

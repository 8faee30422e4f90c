//! `amd-smi set` CPU and core options on copies of the EPYC machines: each goes through the HSMP
//! stand-in (`dev/hsmp`, answered by the emulated SMU as the driver and the SMU would), whose
//! answers show in AMD's messages (the previous PCIe rate, the power limit maximum, a clamped
//! boost limit read back); bad arguments are refused by clap (exit 2) or the library (exit 1).

use std::path::Path;

use serde_json::{json, Value};

use crate::common;
use crate::{amd_smi, text};

fn json_ok(root: &Path, args: &[&str]) -> Value {
    let out = amd_smi(root, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    serde_json::from_str(text(&out.stdout)).unwrap()
}

#[test]
fn every_socket_setting_on_genoa_2s() {
    // genoa-2s dev/hsmp, both sockets: socket_power_limit_max 240000 mW (250000 is lowered to
    // it), pcie_rate 0 (the previous rate), max_dpm_level 3; protocol 5 (Genoa: two sockets
    // for xGMI, power modes up to 3, GMI3 width and DF P-states up to 2).
    let dir = common::copy_machine("genoa-2s");
    let args = [
        "set",
        "--cpu-pwr-limit",
        "250000",
        "--cpu-xgmi-link-width",
        "1",
        "2",
        "--cpu-lclk-dpm-level",
        "1",
        "0",
        "2",
        "--cpu-pwr-eff-mode",
        "2",
        "--cpu-gmi3-link-width",
        "0",
        "1",
        "--cpu-pcie-link-rate",
        "1",
        "--cpu-df-pstate-range",
        "0",
        "1",
        "--cpu-enable-apb",
        "--cpu-disable-apb",
        "2",
        "--soc-boost-limit",
        "3000",
        "--json",
    ];
    let cpus = json_ok(dir.path(), &args);
    let expected = |cpu: usize| {
        json!({
            "cpu": cpu,
            "set_pwr_limit": {"Warning_MSG": "maximum allowed power limit is 240000", "Response": "240.000 W"},
            "set_xgmi_link_width": {"Response": "1 - 2"},
            "set_lclk_dpm_level": {"Response": "NBIO[1]"},
            "pwr_eff_mode": {"mode": "2", "response": "Set power efficiency mode operation successful"},
            "set_gmi3_link_width": {"response": "0 - 1"},
            "set_pcie_link_rate": {"prev_mode": 0},
            "set_df_pstate_range": {"response": "Set Operation successful"},
            "apbenable": {"state": "Enabled DF - Pstate performance boost algorithm"},
            "apbdisable": {"state": "Disabled DF - Pstate performance boost algorithm"},
            "set_soc_boost_limit": {"Response": "Set Operation successful"},
        })
    };
    assert_eq!(cpus, json!([expected(0), expected(1)]));
    // Human output on socket 1 alone; a limit within the maximum has no warning.
    let out = amd_smi(dir.path(), &["set", "-U", "1", "--cpu-pwr-limit", "150000", "--cpu-pcie-link-rate", "2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "CPU: 1\n    SET_PWR_LIMIT:\n        RESPONSE: 150.000 W\n    SET_PCIE_LINK_RATE:\n        PREV_MODE: 0\n\n"
    );
}

#[test]
fn core_boost_limit_is_read_back_on_turin_1s() {
    // turin-1s dev/hsmp: fmax_fmin 4100 600, so the SMU clamps 5000 MHz to 4100 and 100 to 600;
    // core_boost_limit 4100 is every core's default.
    let dir = common::copy_machine("turin-1s");
    let cores = json_ok(dir.path(), &["set", "-O", "0", "7", "--core-boost-limit", "5000", "--json"]);
    let clamped = json!({"Response": "Max allowed boostlimit is 4100 MHz"});
    assert_eq!(
        cores,
        json!([{"core": 0, "set_core_boost_limit": clamped}, {"core": 7, "set_core_boost_limit": clamped}])
    );
    let cores = json_ok(dir.path(), &["set", "-O", "3", "--core-boost-limit", "100", "--json"]);
    assert_eq!(cores[0]["set_core_boost_limit"]["Response"], "Min allowed boostlimit is 600 MHz");
    let cores = json_ok(dir.path(), &["set", "--core", "2", "--core-boost-limit", "3000", "--json"]);
    assert_eq!(cores[0]["set_core_boost_limit"]["Response"], "3000 MHz");
    // Every core without -O: turin-1s has 8.
    let cores = json_ok(dir.path(), &["set", "--core-boost-limit", "3000", "--json"]);
    assert_eq!(cores.as_array().unwrap().len(), 8);
    // Protocol 7 (Turin): power efficiency modes up to 5.
    let cpus = json_ok(dir.path(), &["set", "-U", "0", "--cpu-pwr-eff-mode", "5", "--json"]);
    assert_eq!(cpus[0]["pwr_eff_mode"]["mode"], "5");
}

#[test]
fn cpu_settings_refused() {
    let dir = common::copy_machine("genoa-2s");
    // Out of the options' ranges: clap, exit 2, nothing on stdout.
    for args in [
        &["set", "--cpu-xgmi-link-width", "0", "3"][..],
        &["set", "--cpu-lclk-dpm-level", "4", "0", "1"],
        &["set", "--cpu-disable-apb", "4"],
        &["set", "--cpu-pwr-eff-mode", "6"],
        &["set", "--cpu-df-pstate-range", "0"],
        &["set", "--core-boost-limit", "65536"],
        &["set", "--cpu-pwr-limit", "-1"],
    ] {
        let out = amd_smi(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Refused by the library from the platform (genoa-2s protocol 5: power modes up to 3; the
    // DF P-state range's max (highest performance) not above its min): exit 1, nothing changed.
    for (args, detail) in [
        (&["set", "-U", "1", "--cpu-pwr-eff-mode", "4"][..], "power efficiency mode 4 above 3"),
        (&["set", "-U", "0", "--cpu-df-pstate-range", "2", "0"], "DF P-state range max 2 min 0"),
        (&["set", "-U", "0", "--cpu-lclk-dpm-level", "0", "3", "1"], "NBIO 0 LCLK DPM 3..1"),
        (&["set", "-U", "2", "--cpu-enable-apb"], "Can not find a device: CPU '2'"),
    ] {
        let out = amd_smi(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(text(&out.stderr).contains(detail), "{args:?}: {}", text(&out.stderr));
    }
    // turin-1s has one socket: no xGMI links to narrow.
    let turin = common::copy_machine("turin-1s");
    let out = amd_smi(turin.path(), &["set", "--cpu-xgmi-link-width", "0", "2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("xGMI links need two sockets"), "{}", text(&out.stderr));
    // A machine without CPUs.
    let gpu_only = common::copy_machine("rx6900xt");
    let out = amd_smi(gpu_only.path(), &["set", "--cpu-enable-apb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn the_first_failure_stops_after_printing_what_changed() {
    // genoa-2s: socket 0 takes the power limit, then mode 4 fails (above 3): socket 0's power
    // limit is printed, socket 1 is not touched.
    let dir = common::copy_machine("genoa-2s");
    let out = amd_smi(dir.path(), &["set", "--cpu-pwr-limit", "100000", "--cpu-pwr-eff-mode", "4"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "CPU: 0\n    SET_PWR_LIMIT:\n        RESPONSE: 100.000 W\n\n");
}

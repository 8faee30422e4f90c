//! `amd-smi set` and `amd-smi reset` on writable copies of fixture machines: what they print,
//! what they write, and that they refuse without a target GPU or setting (nothing changes).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::common::{self, tree, Node};
use crate::{amd_smi, text};

/// Runs amd-smi on `root`; its output and the files it changed (path: new text).
fn run(root: &Path, args: &[&str]) -> (Output, BTreeMap<String, String>) {
    let before = tree(root);
    let out = amd_smi(root, args);
    let after = tree(root);
    assert_eq!(before.len(), after.len(), "amd-smi {args:?} created or removed files");
    let changed = after
        .into_iter()
        .filter(|(path, node)| before.get(path) != Some(node))
        .map(|(path, node)| match node {
            Node::File(bytes) => (path, String::from_utf8(bytes).unwrap()),
            other => panic!("{path} became {other:?}"),
        })
        .collect();
    (out, changed)
}

fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

const RX6900XT: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0";

fn at(file: &str) -> String {
    format!("{RX6900XT}/{file}")
}

#[test]
fn set_refuses_without_a_setting_or_with_an_unknown_gpu() {
    let dir = common::copy_machine("rx6900xt");
    let (out, changed) = run(dir.path(), &["set"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("needs a setting"), "{}", text(&out.stderr));
    assert!(changed.is_empty());
    let (out, changed) = run(dir.path(), &["set", "-g", "0"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("needs a setting"), "{}", text(&out.stderr));
    assert!(changed.is_empty());
    let (out, changed) = run(dir.path(), &["set", "-g", "1", "--fan", "10"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Can not find a device: GPU '1'"), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    assert!(changed.is_empty());
    let (out, changed) = run(dir.path(), &["set", "-g", "0", "--fan", "256"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(changed.is_empty());
}

#[test]
fn set_and_reset_without_a_gpu_apply_to_every_gpu() {
    // As AMD's `amd-smi set`/`reset` (7.0): no -g is every GPU (rx6900xt has one).
    let dir = common::copy_machine("rx6900xt");
    let (out, changed) = run(dir.path(), &["set", "--fan", "50%"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "GPU: 0\n    FAN: Successfully set fan speed 127\n\n");
    assert_eq!(changed, files(&[(&at("hwmon/hwmon5/pwm1_enable"), "1\n"), (&at("hwmon/hwmon5/pwm1"), "127\n")]));
    let (out, changed) = run(dir.path(), &["reset", "--fans"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "GPU: 0\n    RESET_FANS: Successfully reset fan speed to driver control\n\n");
    assert_eq!(changed, files(&[(&at("hwmon/hwmon5/pwm1_enable"), "2\n")]));
}

#[test]
fn set_prints_and_writes_what_changed() {
    let dir = common::copy_machine("rx6900xt");
    let args =
        ["set", "-g", "0000:0c:00.0", "--fan", "50%", "--perf-level", "high", "-o", "250", "-c", "mclk", "2", "3"];
    let (out, changed) = run(dir.path(), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "GPU: 0\n    FAN: Successfully set fan speed 127\n    PERFLEVEL: Successfully set performance level HIGH\n    \
         POWERCAP: Successfully set power cap to 250\n    CLK_LEVEL: Successfully set mclk levels 2 3\n\n"
    );
    // `high`, then `manual` for the level mask: the file holds the last write.
    assert_eq!(
        changed,
        files(&[
            (&at("hwmon/hwmon5/pwm1_enable"), "1\n"),
            (&at("hwmon/hwmon5/pwm1"), "127\n"),
            (&at("power_dpm_force_performance_level"), "manual\n"),
            (&at("hwmon/hwmon5/power1_cap"), "250000000\n"),
            (&at("pp_dpm_mclk"), "2 3\n"),
        ])
    );

    // A refused setting after an applied one: what changed is printed, then the error.
    let (out, changed) = run(dir.path(), &["set", "-g", "all", "--fan", "100", "-o", "400", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, serde_json::json!([{"gpu": 0, "fan": "Successfully set fan speed 100"}]));
    assert!(
        text(&out.stderr).contains("unable to set power cap to 400 W on GPU 0 (0000:0c:00.0)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(changed, files(&[(&at("hwmon/hwmon5/pwm1"), "100\n")]));

    let (out, changed) = run(dir.path(), &["set", "-g", "0", "-o", "250"]);
    assert_eq!(text(&out.stdout), "GPU: 0\n    POWERCAP: Power cap is already set to 250\n\n");
    assert!(changed.is_empty());
}

#[test]
fn reset_prints_and_writes_what_was_reset() {
    let dir = common::copy_machine("rx6900xt");
    let (out, changed) = run(dir.path(), &["reset", "-g", "0", "-c", "-f", "-x", "-o", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed,
        serde_json::json!([{
            "gpu": 0,
            "reset_clocks": {"overdrive": "Overdrive set to 0", "clocks": "Successfully reset clocks",
                             "performance": "Performance level reset to auto"},
            "reset_fans": "Successfully reset fan speed to driver control",
            "reset_xgmi_err": "N/A",
            "powercap": "Power cap is already set to 289"
        }])
    );
    // The captured files are NUL-padded: the same values rewritten are new bytes.
    assert_eq!(
        changed,
        files(&[
            (&at("pp_sclk_od"), "0\n"),
            (&at("power_dpm_force_performance_level"), "auto\n"),
            (&at("hwmon/hwmon5/pwm1_enable"), "2\n"),
        ])
    );
    let (out, changed) = run(dir.path(), &["reset", "-g", "0", "-G"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("amdgpu_gpu_recover"), "{}", text(&out.stderr));
    assert!(changed.is_empty());
}

#[test]
fn instinct_partition_settings_by_bdf() {
    let dir = common::copy_machine("mi300x-cpx");
    let gpu0 = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0";
    let (out, changed) = run(dir.path(), &["set", "-g", "0000:05:00.3", "-R", "1", "-p", "2", "-x", "0"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "GPU: 3\n    SOCPSTATE: Successfully set soc pstate dpm policy to id 2\n    \
         XGMIPLPD: Successfully set per-link power down policy to id 0\n    \
         PROCESS_ISOLATION: Successfully set process isolation to Enabled\n\n"
    );
    let path = |f: &str| format!("{gpu0}/{f}");
    assert_eq!(
        changed,
        files(&[
            (&path("enforce_isolation"), "0 0 1 1 0 0 0 0\n"),
            (&path("pm_policy/soc_pstate"), "2\n"),
            (&path("pm_policy/xgmi_plpd"), "0\n"),
        ])
    );
    let (out, changed) = run(dir.path(), &["set", "-g", "2", "-R", "1", "-C", "tpx"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("AMDSMI_STATUS_SETTING_UNAVAILABLE"), "{}", text(&out.stderr));
    assert!(changed.is_empty());
    let (out, changed) = run(dir.path(), &["reset", "-g", "5", "-l", "-G"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "GPU: 5\n    GPU_RESET: Successfully reset GPU\n    CLEAN_LOCAL_DATA: Successfully clean GPU local data\n\n"
    );
    assert_eq!(changed, files(&[(&path("run_cleaner_shader"), "5\n")]));
}

//! `amd-smi version`: the tool, library, ROCm, amdgpu and HSMP driver versions as AMD SMI 7.0.2
//! prints them.

use serde_json::{json, Value};

use crate::common::{self, machine};
use crate::{amd_smi, stdout};

/// The tool and the library share the workspace version (`Cargo.toml` `[workspace.package]`).
const OURS: &str = env!("CARGO_PKG_VERSION");

#[test]
fn version_on_mi300x_cpx() {
    // mi300x-cpx: sys/module/amdgpu/version `6.10.5`, sys/module/amd_hsmp/version `2.2`, no
    // opt/rocm.
    let root = machine("mi300x-cpx");
    assert_eq!(
        stdout(&root, &["version"]),
        format!(
            "AMDSMI Tool: {OURS} | AMDSMI Library version: {OURS} | ROCm version: N/A | amdgpu version: 6.10.5 | \
             amd_hsmp version: 2.2\n"
        )
    );
    let doc: Value = serde_json::from_str(&stdout(&root, &["version", "--json"])).unwrap();
    assert_eq!(
        doc,
        json!([{"tool": "AMDSMI Tool", "version": OURS, "amdsmi_library_version": OURS, "rocm_version": "N/A",
                "amdgpu_version": "6.10.5", "amd_hsmp_driver_version": "2.2"}])
    );
    assert_eq!(
        stdout(&root, &["version", "--csv"]).replace("\r\n", "\n"),
        format!(
            "tool,version,amdsmi_library_version,rocm_version,amdgpu_version,amd_hsmp_driver_version\n\
             AMDSMI Tool,{OURS},{OURS},N/A,6.10.5,2.2\n\n"
        )
    );
    // -g alone: the amdgpu version only; -c alone: the HSMP driver's only.
    assert!(stdout(&root, &["version", "-g"]).ends_with("ROCm version: N/A | amdgpu version: 6.10.5\n"));
    assert!(stdout(&root, &["version", "--cpu_version"]).ends_with("ROCm version: N/A | amd_hsmp version: 2.2\n"));
}

#[test]
fn version_with_rocm_and_without_gpus() {
    // turin-1s (no GPU): sys/module/hsmp_common/version `2.4`; a copy with ROCm's version file
    // `7.0.2-56` (the build suffix is dropped).
    let dir = common::copy_machine("turin-1s");
    std::fs::create_dir_all(dir.path().join("opt/rocm/.info")).unwrap();
    std::fs::write(dir.path().join("opt/rocm/.info/version"), "7.0.2-56\n").unwrap();
    let doc: Value = serde_json::from_str(&stdout(dir.path(), &["version", "--json", "-g", "-c"])).unwrap();
    assert_eq!(doc[0]["rocm_version"], "7.0.2");
    assert_eq!(doc[0]["amdgpu_version"], "N/A");
    assert_eq!(doc[0]["amd_hsmp_driver_version"], "2.4");
    // rx6900xt: no sys/module/amdgpu/version and no proc/sys/kernel/osrelease, no HSMP.
    let text = stdout(&machine("rx6900xt"), &["version"]);
    assert!(text.ends_with("ROCm version: N/A | amdgpu version: N/A | amd_hsmp version: N/A\n"), "{text}");
}

#[test]
fn version_refuses_unknown_options() {
    let out = amd_smi(&machine("rx6900xt"), &["version", "--nic_version"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

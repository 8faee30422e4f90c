//! Every command on machine roots whose every file holds bad content: errors and `N/A` are fine,
//! a panic (exit status 101) or a hang (the command not returning) is not.

use crate::common;

const COMMANDS: &[&[&str]] = &[
    &["dump"],
    &["list", "-e"],
    &["static"],
    &["metric"],
    &["process"],
    &["topology"],
    &["xgmi"],
    &["ras", "--cper"],
    &["event", "--timeout", "10"],
    &["static", "--cpu"],
    &["metric", "--cpu"],
];

#[test]
fn no_command_panics_on_garbage_empty_or_overflowing_files() {
    let contents: [&[u8]; 3] = [b"", b"\xff\xfe\x00garbage\n", b"18446744073709551616 99999999999999999999\n"];
    for machine in ["mi210-xgmi", "genoa-2s", "rx6900xt"] {
        for content in contents {
            let dir = common::copy_machine(machine);
            common::overwrite_every_file(dir.path(), content);
            for args in COMMANDS {
                let out = common::run_cli(env!("CARGO_BIN_EXE_amd-smi"), dir.path(), args);
                assert_ne!(
                    out.status.code(),
                    Some(101),
                    "amd-smi {args:?} panicked on {machine} with every file {content:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(out.status.code().is_some(), "amd-smi {args:?} was killed on {machine}");
            }
        }
    }
}

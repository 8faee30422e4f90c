//! Every command on machine roots whose every file holds bad content: errors and `N/A` are fine,
//! a panic (exit status 101) or a hang (the command not returning) is not.

#[path = "../../../tests/common/mod.rs"]
mod common;

use std::fs;
use std::path::{Path, PathBuf};

/// Every regular file below `dir` (links are not followed: they lead back into the tree).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            out.extend(files(&entry.path()));
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out
}

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
            for file in files(dir.path()) {
                fs::write(&file, content).unwrap();
            }
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

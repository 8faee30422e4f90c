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

/// The corruption sweep through the commands (issue 16, item 2; the library's side is
/// `tests/it/corruption.rs`): on a copy of every machine, a sample of files damaged one at a time
/// in each way, then `dump`, `metric` and `static`: no panic (exit status 101), no hang (each
/// command returns; its reads are bounded and do not wait on a FIFO). `CORRUPTION_SWEEP=all`
/// damages every file (`tools/corruption-sweep`).
#[test]
fn no_command_panics_on_any_damaged_file() {
    let sample = common::sweep_sample(1);
    let (mut runs, mut failed, mut panics) = (0, 0, Vec::new());
    let machines = common::sweep_machines();
    for machine in &machines {
        let dir = common::copy_machine(machine);
        for file in common::files(dir.path(), sample) {
            let original = std::fs::read(&file).expect("a fixture file");
            for mutation in common::Mutation::ALL.into_iter().filter(|m| m.applies(&original)) {
                mutation.apply(&file, &original);
                for args in [&["dump"][..], &["metric"], &["static"]] {
                    let what = format!("amd-smi {args:?} on {machine} with {} {mutation:?}", file.display());
                    let limit = std::time::Duration::from_secs(60);
                    let out = common::run_cli_within(env!("CARGO_BIN_EXE_amd-smi"), dir.path(), args, limit)
                        .unwrap_or_else(|| panic!("{what}: no answer within 60 s (a hang)"));
                    match out.status.code() {
                        Some(101) => panics.push(format!("{what}: {}", String::from_utf8_lossy(&out.stderr))),
                        Some(code) => failed += usize::from(code != 0),
                        None => panic!("{what} was killed"),
                    }
                    runs += 1;
                }
                mutation.undo(&file, &original);
            }
        }
    }
    eprintln!(
        "corruption sweep (CLI): {} machines, {runs} commands, {failed} exited with an error, {} panics",
        machines.len(),
        panics.len()
    );
    assert!(panics.is_empty(), "panics: {panics:#?}");
    assert!(runs >= machines.len() * 7 * 3, "{runs} commands");
}

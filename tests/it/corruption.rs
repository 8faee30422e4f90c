//! The corruption sweep (issue 16, item 2): on a copy of every fixture machine, one file at a
//! time is damaged in each way of [`Mutation`] (empty, half, noise, 1 MiB of garbage, NUL padding,
//! a directory, a dangling link or a FIFO in its place, `-1` and an integer past every type), and
//! the context is built and every read of the surface table called on every processor: errors
//! and `N/A` are the answers, never a panic or a hang. CI damages a sample of each machine's
//! files; `tools/corruption-sweep` every file (`CORRUPTION_SWEEP=all`) and prints the counts.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use amdsmi::Context;

use crate::common::{self, Mutation};
use crate::reads::{self, Reads};

/// Builds a context on `root` and calls every read on every processor; how many calls
/// answered an error.
fn call_every_read(root: &Path, reads: &Reads) -> (usize, usize) {
    let Ok(ctx) = Context::builder().root(root).flags(amdsmi::AmdSmiInitFlags::INIT_ALL_PROCESSORS).build() else {
        return (1, 1);
    };
    let (mut calls, mut errors) = (0, 0);
    let mut count = |ok: bool| {
        calls += 1;
        errors += usize::from(!ok);
    };
    for h in ctx.processor_handles() {
        if let Ok(gpu) = ctx.gpu(h) {
            reads.gpu.iter().for_each(|(_, read)| count(read(&gpu).is_ok()));
        }
    }
    for h in ctx.cpusocket_handles() {
        if let Ok(socket) = ctx.cpu_socket(h) {
            reads.socket.iter().for_each(|(_, read)| count(read(&socket).is_ok()));
        }
    }
    for h in ctx.cpucore_handles() {
        if let Ok(core) = ctx.cpu_core(h) {
            reads.core.iter().for_each(|(_, read)| count(read(&core).is_ok()));
        }
    }
    (calls, errors)
}

#[test]
fn every_machine_with_damaged_files_answers_errors_never_panics_or_hangs() {
    let sample = common::sweep_sample(3);
    let (mut runs, mut calls, mut errors, mut panics) = (0, 0, 0, Vec::new());
    let machines = common::sweep_machines();
    for machine in &machines {
        let dir = common::copy_machine(machine);
        let root = dir.path().to_path_buf();
        for file in common::files(&root, sample) {
            let original = std::fs::read(&file).expect("a fixture file");
            for mutation in Mutation::ALL.into_iter().filter(|m| m.applies(&original)) {
                mutation.apply(&file, &original);
                // On its own thread, so that a hang fails the test instead of stopping it.
                let (done, outcome) = mpsc::channel();
                let root = root.clone();
                std::thread::spawn(move || {
                    let reads = reads::all();
                    let _ = done.send(catch_unwind(AssertUnwindSafe(|| call_every_read(&root, &reads))));
                });
                let what = format!("{machine}: {} {mutation:?}", file.strip_prefix(dir.path()).unwrap().display());
                match outcome.recv_timeout(Duration::from_secs(120)) {
                    Ok(Ok((c, e))) => (calls, errors) = (calls + c, errors + e),
                    Ok(Err(_)) => panics.push(what),
                    Err(_) => panic!("{what}: no answer within 120 s (a hang)"),
                }
                runs += 1;
                mutation.undo(&file, &original);
            }
        }
    }
    eprintln!(
        "corruption sweep: {} machines, {runs} damaged roots, {calls} calls, {errors} errors, {} panics",
        machines.len(),
        panics.len()
    );
    assert!(panics.is_empty(), "panics: {panics:#?}");
    // Every machine, several files, (nearly) every mutation each: the sweep did run.
    assert!(runs >= machines.len() * 3 * 7, "{runs} damaged roots");
}

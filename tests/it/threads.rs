//! Many threads at once, a GPU that goes away and comes back, and the process-wide instance
//! initialized and shut down meanwhile (issue 16, item 1): no panic, no deadlock, and every
//! value equals the value the same function gave for the same processor on the untouched
//! machine (a result of several files may have `N/A` fields, those it could not read), or is a
//! typed error of a device that is gone. Never another GPU's value, never a substitute.
//!
//! Bounded in time (a few seconds); `AMDSMI_STRESS_SECONDS` runs it longer, `STRESS_ALL=1`
//! prints every disagreement instead of stopping at the first.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use amdsmi::{Context, ProcessorHandle, Status};

use crate::common;
use crate::reads::{outcome, GpuRead, Outcome};

/// Whether `got` is `want`, but for fields `N/A` in `got`: a result made of several files whose
/// device went away between two of its reads has the fields it could read, the others `N/A`.
fn agrees(got: &str, want: &str) -> bool {
    fn fields(got: &serde_json::Value, want: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (got, want) {
            (Value::String(na), _) if na == "N/A" => true,
            (Value::Object(g), Value::Object(w)) => {
                g.len() == w.len() && g.iter().all(|(k, v)| w.get(k).is_some_and(|w| fields(v, w)))
            }
            (Value::Array(g), Value::Array(w)) => g.len() == w.len() && g.iter().zip(w).all(|(g, w)| fields(g, w)),
            _ => got == want,
        }
    }
    got == want || fields(&serde_json::from_str(got).unwrap(), &serde_json::from_str(want).unwrap())
}

/// What a read of a GPU whose files vanish under it may answer instead of its value.
const GONE: [Status; 5] = [Status::NotSupported, Status::NotFound, Status::NoData, Status::Io, Status::UnexpectedData];

/// How long the threads run: a few seconds in CI, `AMDSMI_STRESS_SECONDS` for a longer run.
fn run_time() -> Duration {
    let seconds = std::env::var("AMDSMI_STRESS_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    Duration::from_secs(seconds)
}

/// Each processor's result of each read, on the untouched machine.
fn baseline(ctx: &Context, reads: &[(String, GpuRead)]) -> HashMap<(ProcessorHandle, usize), Outcome> {
    let mut values = HashMap::new();
    for handle in ctx.processor_handles() {
        let gpu = ctx.gpu(handle).expect("a GPU");
        for (i, (_, read)) in reads.iter().enumerate() {
            values.insert((handle, i), read(&gpu));
        }
    }
    values
}

#[test]
fn sixteen_readers_a_gpu_unplugged_and_replugged_and_init_shut_down_meanwhile() {
    let _global = common::global_instance();
    // A copy of mi300x-cpx (8 x MI300X in CPX mode, 63 GPU processors), one GPU of which is
    // unplugged and replugged.
    let dir = common::copy_machine("mi300x-cpx");
    let unplugged = common::unplugged_gpu(dir.path());

    let reads = Arc::new(crate::reads::all().gpu);
    let ctx = Arc::new(Context::builder().root(dir.path()).build().expect("the copy builds"));
    let expected = Arc::new(baseline(&ctx, &reads));
    let bdf_of: HashMap<ProcessorHandle, String> = ctx
        .processor_handles()
        .into_iter()
        .map(|h| (h, ctx.gpu(h).unwrap().device_bdf().unwrap().to_string()))
        .collect();
    assert_eq!(bdf_of.len(), 63);

    let stop = Arc::new(AtomicBool::new(false));
    let (calls, errors, cycles, inits) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let (done, finished) = mpsc::channel::<Result<(), String>>();
    let mut workers = Vec::new();
    for t in 0..16usize {
        let (ctx, reads, expected, stop, calls, errors, done) =
            (ctx.clone(), reads.clone(), expected.clone(), stop.clone(), calls.clone(), errors.clone(), done.clone());
        workers.push(thread::spawn(move || {
            let handles = ctx.processor_handles();
            let mut bad = None;
            let mut k = t;
            // Each thread walks processors and functions from its own starting point.
            while !stop.load(Ordering::Relaxed) && bad.is_none() {
                let handle = handles[k % handles.len()];
                let gpu = ctx.gpu(handle).expect("a handle of the context");
                for (i, (name, read)) in reads.iter().enumerate() {
                    let got = read(&gpu);
                    calls.fetch_add(1, Ordering::Relaxed);
                    let want = &expected[&(handle, i)];
                    match (&got, want) {
                        (Ok(value), Ok(baseline)) if agrees(value, baseline) => {}
                        (Err(status), _) if GONE.contains(status) || want.as_ref().err() == Some(status) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            let line = format!("{name}: {got:?}, expected {want:?}");
                            if std::env::var("STRESS_ALL").is_ok() {
                                eprintln!("{line}");
                            } else {
                                bad = Some(line);
                                break;
                            }
                        }
                    }
                }
                k += 1;
            }
            let _ = done.send(bad.map_or(Ok(()), Err));
        }));
    }
    // The process-wide instance on the same copy, built and dropped again and again: its GPUs
    // are the same BDFs, and a value read through it is the value of that BDF.
    {
        let (stop, inits, done, root, expected, bdf_of, reads) = (
            stop.clone(),
            inits.clone(),
            done.clone(),
            dir.path().to_path_buf(),
            expected.clone(),
            bdf_of.clone(),
            reads.clone(),
        );
        workers.push(thread::spawn(move || {
            let busy = reads.iter().position(|(n, _)| n == "amdsmi_get_gpu_busy_percent").expect("in the table");
            let mut bad = None;
            while !stop.load(Ordering::Relaxed) && bad.is_none() {
                amdsmi::init_global(Context::builder().root(&root)).expect("init");
                let handles = amdsmi::amdsmi_get_processor_handles().expect("handles");
                for h in handles {
                    let Ok(bdf) = amdsmi::amdsmi_get_gpu_device_bdf(h) else { continue };
                    let got = outcome(amdsmi::amdsmi_get_gpu_busy_percent(h));
                    let same = bdf_of.iter().find(|(_, b)| **b == bdf.to_string()).map(|(h, _)| &expected[&(*h, busy)]);
                    match (&got, same) {
                        (Ok(value), Some(Ok(want))) if value == want => {}
                        (Err(status), _) if GONE.contains(status) => {}
                        _ => {
                            bad = Some(format!(
                                "busy_percent of {bdf} through the global API: {got:?}, expected {same:?}"
                            ))
                        }
                    }
                }
                amdsmi::amdsmi_shut_down().expect("shut down");
                inits.fetch_add(1, Ordering::Relaxed);
            }
            let _ = done.send(bad.map_or(Ok(()), Err));
        }));
    }
    let unplugger = {
        let (stop, cycles) = (stop.clone(), cycles.clone());
        thread::spawn(move || common::unplug_and_replug(&unplugged, &stop, &cycles))
    };
    // The run time, and at least three unplugs and two instance cycles however busy the machine
    // (at most a minute).
    let start = std::time::Instant::now();
    while start.elapsed() < run_time()
        || (start.elapsed() < Duration::from_secs(60)
            && (cycles.load(Ordering::Relaxed) < 3 || inits.load(Ordering::Relaxed) < 2))
    {
        thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, Ordering::Relaxed);
    // Every worker reports within a generous bound, or the test fails as a deadlock (instead of
    // hanging the test binary).
    for _ in 0..17 {
        match finished.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(())) => {}
            Ok(Err(wrong)) => panic!("{wrong}"),
            Err(_) => panic!("a thread did not finish within 60 s of the stop: deadlock"),
        }
    }
    for worker in workers {
        worker.join().expect("no thread panicked");
    }
    unplugger.join().expect("the unplugging thread did not panic");
    let (calls, errors, cycles, inits) = (
        calls.load(Ordering::Relaxed),
        errors.load(Ordering::Relaxed),
        cycles.load(Ordering::Relaxed),
        inits.load(Ordering::Relaxed),
    );
    eprintln!("{calls} reads ({errors} typed errors), {cycles} unplug/replug cycles, {inits} init/shut-down cycles");
    // The run did what it says: many reads, the GPU went away and came back, the instance cycled.
    assert!(calls > 10_000 && cycles >= 3 && inits >= 2, "{calls} reads, {cycles} cycles, {inits} inits");
    // After the last replug the machine is whole again. A descriptor kept from before the last
    // unplug answers its one typed error; from then on every value is the baseline's.
    for handle in ctx.processor_handles() {
        let gpu = ctx.gpu(handle).unwrap();
        for (i, (name, read)) in reads.iter().enumerate() {
            let got = read(&gpu);
            let want = &expected[&(handle, i)];
            let fine = match (&got, want) {
                (Ok(value), Ok(baseline)) => agrees(value, baseline),
                (Err(status), _) => GONE.contains(status) || want.as_ref().err() == Some(status),
                _ => false,
            };
            assert!(fine, "{name}: {got:?}, expected {want:?}");
        }
    }
    for handle in ctx.processor_handles() {
        let gpu = ctx.gpu(handle).unwrap();
        for (i, (name, read)) in reads.iter().enumerate() {
            assert_eq!(read(&gpu), expected[&(handle, i)], "{name} after the run");
        }
    }
}

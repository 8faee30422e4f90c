//! GPU event notification on mi300x-cpx's scripted `dev/kfd` (fixtures/README.md, "Scripted KFD
//! events"): every event type's payload, mask filtering, timeouts on the virtual clock, counts,
//! the C-level calls and the process-wide API. Expected values are read from the script.

use std::fs;

use amdsmi::*;
use AmdSmiEvtNotificationType as T;

use crate::common;

/// card0 / card1 / card8 and their KFD gpu_ids.
const CARD0: &str = "0000:05:00.0";
const CARD1: &str = "0000:05:00.1";
const CARD8: &str = "0000:27:00.0";
const GPU0: u32 = 0xe636;
const NS: i64 = 3_600_000_000_000;

fn mi300x() -> Context {
    Context::builder().root(common::machine("mi300x-cpx")).build().unwrap()
}

fn handle(ctx: &Context, bdf: &str) -> ProcessorHandle {
    ctx.processor_handle_from_bdf(bdf).unwrap()
}

/// Reads until a wait of `timeout` ms brings nothing; every event, in order.
fn drain(reader: &mut AmdSmiEventReader, timeout: u32) -> Vec<EvtNotificationData> {
    let mut all = Vec::new();
    loop {
        match reader.read(timeout, 100) {
            Ok(events) => all.extend(events),
            Err(e) => {
                assert_eq!(e.status(), Status::NoData, "{e}");
                return all;
            }
        }
    }
}

#[test]
fn every_event_type_payload() {
    let ctx = mi300x();
    let card0 = handle(&ctx, CARD0);
    let mut reader = AmdSmiEventReader::with_context(&ctx, card0, &T::ALL).unwrap();
    assert_eq!(reader.processor_handle(), card0);
    let events = drain(&mut reader, 10_000);
    let payloads: Vec<(T, EventPayload)> = events.iter().map(|e| (e.event, e.payload.clone())).collect();
    assert!(events.iter().all(|e| e.processor_handle == card0));
    assert_eq!(
        payloads,
        [
            (T::ProcessStart, EventPayload::Process { pid: 4242, task_name: "python3".into() }),
            (
                T::PageFaultStart,
                EventPayload::PageFaultStart {
                    ns: NS + 200_000_000,
                    pid: 4242,
                    address: 0x7f3c10,
                    node: GPU0,
                    write_fault: true
                }
            ),
            (
                T::MigrateStart,
                EventPayload::MigrateStart {
                    ns: NS + 200_015_000,
                    pid: 4242,
                    start: 0x7f3c00,
                    size: 0x10,
                    from: 0,
                    to: GPU0,
                    prefetch_loc: 0,
                    preferred_loc: GPU0,
                    migrate_trigger: 1
                }
            ),
            (
                T::MigrateEnd,
                EventPayload::MigrateEnd {
                    ns: NS + 200_230_000,
                    pid: 4242,
                    start: 0x7f3c00,
                    size: 0x10,
                    from: 0,
                    to: GPU0,
                    migrate_trigger: 1,
                    error_code: Some(0)
                }
            ),
            (
                T::PageFaultEnd,
                EventPayload::PageFaultEnd {
                    ns: NS + 200_241_000,
                    pid: 4242,
                    address: 0x7f3c10,
                    node: GPU0,
                    migrated: true
                }
            ),
            (
                T::QueueEviction,
                EventPayload::QueueEviction { ns: NS + 400_000_000, pid: 4242, node: GPU0, evict_trigger: 2 }
            ),
            (
                T::QueueRestore,
                EventPayload::QueueRestore { ns: NS + 450_000_000, pid: 4242, node: GPU0, rescheduled: false }
            ),
            (
                T::UnmapFromGpu,
                EventPayload::UnmapFromGpu {
                    ns: NS + 500_000_000,
                    pid: 4242,
                    address: 0x7f3c00,
                    size: 0x10,
                    node: GPU0,
                    unmap_trigger: 2
                }
            ),
            (T::ProcessEnd, EventPayload::Process { pid: 4242, task_name: "python3".into() }),
        ]
    );
    assert_eq!(events[0].message, "PID: 4242  task name: python3");
    assert_eq!(
        events[2].message,
        "ns: 3600200015000  pid: 4242  start: 0x7f3c00  size: 0x10  from: 0x0  to: 0xe636  prefetch_loc: 0x0  \
         preferred_loc: 0xe636  migrate_trigger: 1"
    );
    assert_eq!(events[4].message, "ns: 3600200241000  pid: 4242  addr: 0x7f3c10  node: 0xe636  migrate_update: M");

    let card1 = handle(&ctx, CARD1);
    let mut reader = AmdSmiEventReader::with_context(&ctx, card1, &T::ALL).unwrap();
    let events = drain(&mut reader, 10_000);
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].event, &events[0].message), (T::Vmfault, &"PID: 4260  task name: hpl".to_string()));
    assert_eq!(events[0].payload, EventPayload::VmFault { pid: 4260, task_name: "hpl".into() });

    let card8 = handle(&ctx, CARD8);
    let mut reader = AmdSmiEventReader::with_context(&ctx, card8, &T::ALL).unwrap();
    let events = drain(&mut reader, 10_000);
    let got: Vec<(T, &str)> = events.iter().map(|e| (e.event, e.message.as_str())).collect();
    assert_eq!(
        got,
        [
            (T::ThermalThrottle, "bitmask: 0x4  counter: 0x1"),
            (T::GpuPreReset, "reset sequence number: 1  reset cause: job hang"),
            (T::GpuPostReset, "reset sequence number: 1  reset cause: job hang"),
        ]
    );
    assert_eq!(events[0].payload, EventPayload::ThermalThrottle { bitmask: 4, counter: 1 });
    assert_eq!(events[1].payload, EventPayload::GpuReset { reset_seq_num: 1, reset_cause: Some("job hang".into()) });
}

#[test]
fn mask_filtering() {
    let ctx = mi300x();
    let (card0, card8) = (handle(&ctx, CARD0), handle(&ctx, CARD8));
    // The Python example: resets only. card8 has both; card0 none.
    let resets = [T::GpuPreReset, T::GpuPostReset];
    let mut reader = AmdSmiEventReader::with_context(&ctx, card8, &resets).unwrap();
    let got: Vec<T> = drain(&mut reader, 10_000).iter().map(|e| e.event).collect();
    assert_eq!(got, resets);
    let mut reader = AmdSmiEventReader::with_context(&ctx, card0, &resets).unwrap();
    assert_eq!(reader.read(10_000, 10).unwrap_err().status(), Status::NoData);
    // Process start and end only: the seven events between them are not delivered.
    let mut reader = AmdSmiEventReader::with_context(&ctx, card0, &[T::ProcessEnd, T::ProcessStart]).unwrap();
    let got: Vec<T> = drain(&mut reader, 10_000).iter().map(|e| e.event).collect();
    assert_eq!(got, [T::ProcessStart, T::ProcessEnd]);
    // VMFAULT happens on card1 only; NONE selects nothing.
    for types in [&[T::Vmfault][..], &[T::None], &[]] {
        let mut reader = AmdSmiEventReader::with_context(&ctx, card0, types).unwrap();
        assert_eq!(reader.read(10_000, 10).unwrap_err().status(), Status::NoData, "{types:?}");
    }
}

#[test]
fn timeout_on_the_virtual_clock() {
    let ctx = mi300x();
    let card8 = handle(&ctx, CARD8);
    let mut reader = AmdSmiEventReader::with_context(&ctx, card8, &[T::GpuPreReset, T::GpuPostReset]).unwrap();
    // PRE at 700 ms, POST at 900 ms: a wait ending 1 ms early gets nothing, the next 1 ms gets it.
    let err = reader.read(699, 10).unwrap_err();
    assert_eq!(err.status(), Status::NoData);
    assert_eq!(err.detail(), Some("no event within 699 ms"));
    assert_eq!(reader.read(1, 10).unwrap()[0].event, T::GpuPreReset);
    assert_eq!(reader.read(199, 10).unwrap_err().status(), Status::NoData);
    assert_eq!(reader.read(0, 10).unwrap_err().status(), Status::NoData);
    let post = reader.read(1, 10).unwrap();
    assert_eq!((post.len(), post[0].event), (1, T::GpuPostReset));
    assert_eq!(reader.read(u32::MAX, 10).unwrap_err().status(), Status::NoData);
}

#[test]
fn count_leaves_the_rest_for_the_next_read() {
    let ctx = mi300x();
    let card0 = handle(&ctx, CARD0);
    let mut reader = AmdSmiEventReader::with_context(&ctx, card0, &T::ALL).unwrap();
    assert_eq!(reader.read(150, AmdSmiEventReader::DEFAULT_NUM_ELEM).unwrap().len(), 1); // PROCESS_START at 100
                                                                                         // The four events due at 200 ms: 3 now, the fourth left over, returned without waiting.
    let events = reader.read(1000, 3).unwrap();
    let got: Vec<T> = events.iter().map(|e| e.event).collect();
    assert_eq!(got, [T::PageFaultStart, T::MigrateStart, T::MigrateEnd]);
    let events = reader.read(1000, 3).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event, T::PageFaultEnd);
    assert_eq!(reader.read(1000, 0).unwrap_err().status(), Status::Inval);
    // Stopped: reads and a second stop are INVAL.
    reader.stop().unwrap();
    assert_eq!(reader.read(1000, 1).unwrap_err().status(), Status::Inval);
    assert_eq!(reader.stop().unwrap_err().status(), Status::Inval);
}

#[test]
fn c_level_calls_share_one_clock() {
    let ctx = mi300x();
    let cards = [handle(&ctx, CARD0), handle(&ctx, CARD1), handle(&ctx, CARD8)];
    assert_eq!(
        ctx.gpu(cards[0]).and_then(|g| g.set_event_notification_mask(u64::MAX)).unwrap_err().status(),
        Status::InitError
    );
    assert_eq!(ctx.gpu(cards[0]).and_then(|g| g.stop_event_notification()).unwrap_err().status(), Status::Inval);
    assert_eq!(ctx.gpu_event_notification(10, 10).unwrap_err().status(), Status::NoData);
    for card in cards {
        ctx.gpu(card).and_then(|g| g.init_event_notification()).unwrap();
        ctx.gpu(card).and_then(|g| g.set_event_notification_mask(event_mask(&T::ALL))).unwrap();
    }
    let mut all = Vec::new();
    while let Ok(events) = ctx.gpu_event_notification(10_000, 100) {
        all.extend(events);
    }
    // All 13 scripted events, in time order across the three GPUs.
    let order: Vec<(usize, T)> =
        all.iter().map(|e| (cards.iter().position(|&c| c == e.processor_handle).unwrap(), e.event)).collect();
    assert_eq!(
        order,
        [
            (0, T::ProcessStart),
            (0, T::PageFaultStart),
            (0, T::MigrateStart),
            (0, T::MigrateEnd),
            (0, T::PageFaultEnd),
            (1, T::Vmfault),
            (0, T::QueueEviction),
            (0, T::QueueRestore),
            (0, T::UnmapFromGpu),
            (2, T::ThermalThrottle),
            (2, T::GpuPreReset),
            (2, T::GpuPostReset),
            (0, T::ProcessEnd),
        ]
    );
    assert_eq!(ctx.gpu_event_notification(10, 0).unwrap_err().status(), Status::Inval);
    for card in cards {
        ctx.gpu(card).and_then(|g| g.stop_event_notification()).unwrap();
    }
    assert_eq!(ctx.gpu(cards[2]).and_then(|g| g.stop_event_notification()).unwrap_err().status(), Status::Inval);
    // The last stop closed dev/kfd: a new init opens it again with the clock back at 0.
    ctx.gpu(cards[2]).and_then(|g| g.init_event_notification()).unwrap();
    ctx.gpu(cards[2]).and_then(|g| g.set_event_notification_mask(T::GpuPreReset.mask())).unwrap();
    let events = ctx.gpu_event_notification(700, 5).unwrap();
    assert_eq!((events.len(), events[0].event), (1, T::GpuPreReset));
    // Re-initializing a GPU replaces its client: the mask is empty again.
    ctx.gpu(cards[2]).and_then(|g| g.init_event_notification()).unwrap();
    assert_eq!(ctx.gpu_event_notification(10_000, 5).unwrap_err().status(), Status::NoData);
}

#[test]
fn errors_name_what_failed() {
    // A GPU without a KFD node (gfx6: KFD does not support it).
    let ctx = Context::builder().root(common::machine("r7-240")).build().unwrap();
    let oland = ctx.processor_handles()[0];
    assert_eq!(ctx.gpu(oland).and_then(|g| g.init_event_notification()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(AmdSmiEventReader::with_context(&ctx, oland, &T::ALL).unwrap_err().status(), Status::NotSupported);
    // A machine without dev/kfd.
    let ctx = Context::builder().root(common::machine("rx6900xt")).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    let err = ctx.gpu(gpu).and_then(|g| g.init_event_notification()).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert_eq!(err.path(), Some(common::machine("rx6900xt").join("dev/kfd").as_path()));
    // A damaged script is UNEXPECTED_DATA with its path and line; an old KFD NOT_SUPPORTED.
    // (rx6900xt has no dev/kfd: a copy gets one; its GPU's gpu_id is 3864.)
    let root = common::copy_machine("rx6900xt");
    let kfd = root.path().join("dev/kfd");
    fs::write(&kfd, "100 3864 3 1\n50 3864 4 1\n").unwrap();
    let ctx = Context::builder().root(root.path()).build().unwrap();
    let card0 = ctx.processor_handles()[0];
    let err = AmdSmiEventReader::with_context(&ctx, card0, &T::ALL).unwrap_err();
    assert_eq!((err.status(), err.path()), (Status::UnexpectedData, Some(kfd.as_path())));
    assert_eq!(err.detail(), Some("line 2: time goes backwards"));
    fs::write(&kfd, "version 1.2\n").unwrap();
    assert_eq!(ctx.gpu(card0).and_then(|g| g.init_event_notification()).unwrap_err().status(), Status::NotSupported);
    // A line the kernel never writes is skipped, the next one still read.
    fs::write(&kfd, "10 3864 3 zz\n10 3864 3 2 RAS error\n").unwrap();
    let mut reader = AmdSmiEventReader::with_context(&ctx, card0, &[T::GpuPreReset]).unwrap();
    let events = reader.read(10, 10).unwrap();
    assert_eq!(events[0].payload, EventPayload::Unparsed("zz".into()));
    assert_eq!(events[1].message, "reset sequence number: 2  reset cause: RAS error");
    // A handle of another context is INVAL.
    assert_eq!(ctx.gpu(oland).and_then(|g| g.init_event_notification()).unwrap_err().status(), Status::Inval);
}

#[test]
fn process_wide_api() {
    let _instance = common::global_instance();
    init_global(Context::builder().root(common::machine("mi300x-cpx"))).unwrap();
    let card8 = amdsmi_get_processor_handle_from_bdf(CARD8).unwrap();
    let mut reader = AmdSmiEventReader::new(card8, &[T::ThermalThrottle]).unwrap();
    assert_eq!(reader.read(600, 10).unwrap()[0].message, "bitmask: 0x4  counter: 0x1");
    amdsmi_init_gpu_event_notification(card8).unwrap();
    amdsmi_set_gpu_event_notification_mask(card8, event_mask(&[T::GpuPostReset])).unwrap();
    let events = amdsmi_get_gpu_event_notification(900, 10).unwrap();
    assert_eq!((events.len(), events[0].event, events[0].processor_handle), (1, T::GpuPostReset, card8));
    amdsmi_stop_gpu_event_notification(card8).unwrap();
    assert_eq!(amdsmi_get_gpu_event_notification(10, 10).unwrap_err().status(), Status::NoData);
    amdsmi_shut_down().unwrap();
    assert_eq!(AmdSmiEventReader::new(card8, &T::ALL).unwrap_err().status(), Status::NotInit);
}

//! GPU performance counters on mi300x-cpx's scripted amdgpu PMUs (fixtures/README.md, "Scripted
//! PMU counters"): group support, available counters, create / start / read / stop / destroy
//! with the exact counts of the script, and the errors of unknown groups and damaged PMUs.

use std::fs;
use std::path::Path;

use amdsmi::*;

use crate::common;

/// card0 (amdgpu_0, perf type 24), card1 (a secondary partition: no PMU), card8 (amdgpu_8).
const CARD0: &str = "0000:05:00.0";
const CARD1: &str = "0000:05:00.1";
const CARD8: &str = "0000:27:00.0";
/// The script's virtual time per read, ns.
const STEP: u64 = 1_000_000;

fn mi300x() -> Context {
    Context::builder().root(common::machine("mi300x-cpx")).build().unwrap()
}

fn handle(ctx: &Context, bdf: &str) -> ProcessorHandle {
    ctx.processor_handle_from_bdf(bdf).unwrap()
}

fn value(value: u64, enabled_steps: u64) -> CounterValue {
    CounterValue { value, time_enabled: enabled_steps * STEP, time_running: enabled_steps * STEP }
}

#[test]
fn group_support_and_available_counters() {
    let ctx = mi300x();
    let (card0, card1) = (handle(&ctx, CARD0), handle(&ctx, CARD1));
    assert_eq!(ctx.gpu(card0).and_then(|g| g.counter_group_supported(AmdSmiEventGroup::XgmiDataOut)), Ok(()));
    // No data fabric PMU (amdgpu_df_0) on this machine: the XGMI group is unknown here.
    let err = ctx.gpu(card0).and_then(|g| g.counter_group_supported(AmdSmiEventGroup::Xgmi)).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert!(err.path().unwrap().ends_with("sys/bus/event_source/devices/amdgpu_df_0"), "{err}");
    assert_eq!(
        ctx.gpu(card0).and_then(|g| g.counter_group_supported(AmdSmiEventGroup::GrpInvalid)).unwrap_err().status(),
        Status::NotSupported
    );
    // A secondary partition has its own card (card1) and no PMU of its own, as AMD SMI finds it.
    let err = ctx.gpu(card1).and_then(|g| g.counter_group_supported(AmdSmiEventGroup::XgmiDataOut)).unwrap_err();
    assert!(err.path().unwrap().ends_with("amdgpu_1"), "{err}");

    assert_eq!(ctx.gpu(card0).and_then(|g| g.available_counters(AmdSmiEventGroup::Xgmi)), Ok(4));
    assert_eq!(ctx.gpu(card1).and_then(|g| g.available_counters(AmdSmiEventGroup::XgmiDataOut)), Ok(4));
    let err = ctx.gpu(card0).and_then(|g| g.available_counters(AmdSmiEventGroup::GrpInvalid)).unwrap_err();
    assert_eq!((err.status(), err.kind()), (Status::Inval, ErrorKind::Parameter));
    let desktop = Context::builder().root(common::machine("rx6900xt")).build().unwrap();
    let gpu = desktop.processor_handles()[0];
    assert_eq!(
        desktop.gpu(gpu).and_then(|g| g.available_counters(AmdSmiEventGroup::Xgmi)).unwrap_err().status(),
        Status::NotSupported
    );
    assert_eq!(
        desktop.gpu(gpu).and_then(|g| g.counter_group_supported(AmdSmiEventGroup::XgmiDataOut)).unwrap_err().status(),
        Status::NotSupported
    );
}

#[test]
fn create_start_read_stop_destroy() {
    let _instance = common::global_instance();
    let ctx = mi300x();
    let card0 = handle(&ctx, CARD0);
    // xgmi_link0_data_outbound: config 0x200000000024b07 on type 24, 1562500 beats per step.
    let mut counter = ctx.gpu(card0).and_then(|g| g.create_counter(AmdSmiEventType::XgmiDataOut0)).unwrap();
    assert_eq!((counter.processor_handle(), counter.event_type()), (card0, AmdSmiEventType::XgmiDataOut0));
    // Created stopped: nothing counted, no time enabled.
    assert_eq!(counter.read(), Ok(value(0, 0)));
    counter.control(AmdSmiCounterCommand::CmdStart).unwrap();
    assert_eq!(counter.read(), Ok(value(1_562_500, 1)));
    assert_eq!(counter.read(), Ok(value(1_562_500, 2)));
    counter.control(AmdSmiCounterCommand::CmdStop).unwrap();
    assert_eq!(counter.read(), Ok(value(0, 2)));
    // Started again: counts from the restart, times go on from where they stopped.
    counter.control(AmdSmiCounterCommand::CmdStart).unwrap();
    assert_eq!(counter.read(), Ok(value(1_562_500, 3)));
    counter.destroy().unwrap();

    // Another link of another GPU, through the process-wide API.
    init_global(Context::builder().root(common::machine("mi300x-cpx"))).unwrap();
    let card8 = amdsmi_get_processor_handle_from_bdf(CARD8).unwrap();
    assert_eq!(amdsmi_gpu_counter_group_supported(card8, AmdSmiEventGroup::XgmiDataOut), Ok(()));
    assert_eq!(amdsmi_get_gpu_available_counters(card8, AmdSmiEventGroup::XgmiDataOut), Ok(4));
    let mut counter = amdsmi_gpu_create_counter(card8, AmdSmiEventType::XgmiDataOut5).unwrap();
    amdsmi_gpu_control_counter(&mut counter, AmdSmiCounterCommand::CmdStart).unwrap();
    assert_eq!(amdsmi_gpu_read_counter(&mut counter), Ok(value(48_828, 1)));
    amdsmi_gpu_control_counter(&mut counter, AmdSmiCounterCommand::CmdStop).unwrap();
    amdsmi_gpu_destroy_counter(counter).unwrap();
    amdsmi_shut_down().unwrap();
}

#[test]
fn unknown_group_errors() {
    let ctx = mi300x();
    let (card0, card1) = (handle(&ctx, CARD0), handle(&ctx, CARD1));
    for event in &AmdSmiEventType::ALL[..8] {
        let err = ctx.gpu(card0).and_then(|g| g.create_counter(*event)).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported, "{event:?}");
        assert!(err.path().unwrap().ends_with("amdgpu_df_0"), "{err}");
    }
    assert_eq!(
        ctx.gpu(card1).and_then(|g| g.create_counter(AmdSmiEventType::XgmiDataOut0)).unwrap_err().status(),
        Status::NotSupported
    );
}

/// rx6900xt (card0) with a Vega20-style data fabric PMU `amdgpu_df_0` added.
fn with_df_pmu(event_file: &str, script: &str) -> tempfile::TempDir {
    let root = common::copy_machine("rx6900xt");
    let pmu = root.path().join("sys/devices/amdgpu_df_0");
    for (field, bits) in [("event", "config:0-7"), ("instance", "config:8-15"), ("umask", "config:16-23")] {
        write(&pmu.join("format").join(field), &format!("{bits}\n"));
    }
    write(&pmu.join("type"), "11\n");
    write(&pmu.join("events/cake0_ftiinstat_reqalloc"), event_file);
    write(&pmu.join("scripted_counters"), script);
    let devices = root.path().join("sys/bus/event_source/devices");
    fs::create_dir_all(&devices).unwrap();
    std::os::unix::fs::symlink("../../../devices/amdgpu_df_0", devices.join("amdgpu_df_0")).unwrap();
    root
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn data_fabric_pmu_and_damaged_pmus() {
    // cake0_ftiinstat_reqalloc = event=0xb,instance=0x46,umask=0x4 -> config 0x4460b.
    let root = with_df_pmu("event=0xb,instance=0x46,umask=0x4\n", "step_ns 250\nevent 0x4460b 7\n");
    let ctx = Context::builder().root(root.path()).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.counter_group_supported(AmdSmiEventGroup::Xgmi)), Ok(()));
    let mut counter = ctx.gpu(gpu).and_then(|g| g.create_counter(AmdSmiEventType::Xgmi0RequestTx)).unwrap();
    counter.control(AmdSmiCounterCommand::CmdStart).unwrap();
    counter.read().unwrap();
    assert_eq!(counter.read(), Ok(CounterValue { value: 7, time_enabled: 500, time_running: 500 }));
    // An event of the group the PMU does not describe.
    let err = ctx.gpu(gpu).and_then(|g| g.create_counter(AmdSmiEventType::Xgmi1BeatsTx)).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert!(err.path().unwrap().ends_with("events/cake1_pcsout_txdata"), "{err}");

    // A config the PMU does not count (wrong encoding): refused as the kernel refuses it.
    let root = with_df_pmu("event=0xb,instance=0x46,umask=0x8\n", "step_ns 250\nevent 0x4460b 7\n");
    let ctx = Context::builder().root(root.path()).build().unwrap();
    let err = ctx
        .gpu(ctx.processor_handles()[0])
        .and_then(|g| g.create_counter(AmdSmiEventType::Xgmi0RequestTx))
        .unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert_eq!(err.detail(), Some("no counter for config 0x8460b"));

    // A value wider than its field, an unparsable event file, a term without a format file.
    for (event_file, status, file) in [
        ("event=0x1b,instance=0x146,umask=0x4\n", Status::UnexpectedData, "events/cake0_ftiinstat_reqalloc"),
        ("event=0xb;instance=0x46\n", Status::UnexpectedData, "events/cake0_ftiinstat_reqalloc"),
        ("event=0xb,edge\n", Status::NotSupported, "format/edge"),
    ] {
        let root = with_df_pmu(event_file, "step_ns 1\n");
        let ctx = Context::builder().root(root.path()).build().unwrap();
        let err = ctx
            .gpu(ctx.processor_handles()[0])
            .and_then(|g| g.create_counter(AmdSmiEventType::Xgmi0RequestTx))
            .unwrap_err();
        assert_eq!(err.status(), status, "{event_file:?}: {err}");
        assert!(err.path().unwrap().ends_with(file), "{err}");
    }

    // A PMU description with neither a live kernel (sysfs) nor a script behind it.
    let root = with_df_pmu("event=0xb,instance=0x46,umask=0x4\n", "");
    fs::remove_file(root.path().join("sys/devices/amdgpu_df_0/scripted_counters")).unwrap();
    let ctx = Context::builder().root(root.path()).build().unwrap();
    let err = ctx
        .gpu(ctx.processor_handles()[0])
        .and_then(|g| g.create_counter(AmdSmiEventType::Xgmi0RequestTx))
        .unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert_eq!(err.detail(), Some("not on sysfs and no scripted_counters"));
}

//! The process-wide instance: reference-counted init and shut-down, NOT_INIT outside them.
//! One test function, because the instance is global to the test binary; it and every other test
//! that uses the instance hold `common::global_instance()`.

use amdsmi::*;

use crate::common;

#[test]
fn init_is_reference_counted_and_calls_outside_it_are_not_init() {
    let _instance = common::global_instance();
    let not_init = |r: Result<Vec<ProcessorHandle>>| r.unwrap_err().status();
    assert_eq!(not_init(amdsmi_get_processor_handles()), Status::NotInit);
    assert_eq!(amdsmi_get_socket_handles().unwrap_err().status(), Status::NotInit);
    assert!(amdsmi_shut_down().is_ok(), "shut-down without init succeeds, as AMD's does");
    // Functions that need no init work anyway.
    assert_eq!(amdsmi_get_lib_version().unwrap().build, env!("CARGO_PKG_VERSION"));
    assert_eq!(amdsmi_status_code_to_string(32).unwrap(), "AMDSMI_STATUS_NOT_INIT - Device not initialized");

    // amdsmi_init reads AMDSMI_ROOT.
    std::env::set_var("AMDSMI_ROOT", common::machine("desktop-2gpu"));
    amdsmi_init(AmdSmiInitFlags::INIT_AMD_GPUS).unwrap();
    amdsmi_init(AmdSmiInitFlags::INIT_AMD_GPUS).unwrap();
    let gpus = amdsmi_get_processor_handles().unwrap();
    let bdfs: Vec<String> = gpus.iter().map(|&h| amdsmi_get_gpu_device_bdf(h).unwrap().to_string()).collect();
    assert_eq!(bdfs, ["0000:03:00.0", "0000:0c:00.0"]);
    assert_eq!(amdsmi_get_processor_handle_from_bdf("0c:00.0").unwrap(), gpus[1]);
    assert_eq!(amdsmi_get_processor_type(gpus[0]).unwrap().processor_type, AmdSmiProcessorType::AmdGpu);

    amdsmi_shut_down().unwrap();
    assert_eq!(amdsmi_get_processor_handles().unwrap().len(), 2, "one reference left");
    amdsmi_shut_down().unwrap();
    assert_eq!(not_init(amdsmi_get_processor_handles()), Status::NotInit);
    assert_eq!(amdsmi_get_gpu_device_bdf(gpus[0]).unwrap_err().status(), Status::NotInit);

    // A handle of an earlier instance is not a handle of the new one.
    init_global(Context::builder().root(common::machine("rx6900xt"))).unwrap();
    let err = amdsmi_get_gpu_bdf_id(gpus[0]).unwrap_err();
    assert_eq!((err.status(), err.kind()), (Status::Inval, ErrorKind::Library));
    let fresh = amdsmi_get_processor_handles().unwrap();
    assert_eq!(amdsmi_get_gpu_bdf_id(fresh[0]).unwrap(), 0x0c00);
    amdsmi_shut_down().unwrap();
    assert_eq!(not_init(amdsmi_get_processor_handles()), Status::NotInit);
}

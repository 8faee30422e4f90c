//! Bad input through the C ABI, called directly: null pointers, forged and stale handles,
//! undersized buffers, enum values AMD SMI does not define. Nothing may crash; each gets the
//! status AMD's library gives.

use std::ffi::{c_char, c_void, CStr};
use std::ptr::null_mut;

use amd_smi::entry::cpu::amdsmi_get_cpu_socket_power;
use amd_smi::entry::gpu::{
    amdsmi_get_gpu_device_uuid, amdsmi_get_gpu_id, amdsmi_get_gpu_memory_total, amdsmi_get_temp_metric,
};
use amd_smi::entry::handles::{
    amdsmi_get_processor_handles, amdsmi_get_processor_info, amdsmi_get_socket_handles, amdsmi_get_socket_info,
};
use amd_smi::entry::init::{amdsmi_shut_down, amdsmi_status_code_to_string};
use amdsmi::{AmdSmiInitFlags, Status};

use crate::common::{instance_on, INVAL, SUCCESS};

/// The processor handles of the first socket.
fn first_socket_processors() -> Vec<*mut c_void> {
    let mut count = 1u32;
    let mut socket: *mut c_void = null_mut();
    assert_eq!(amdsmi_get_socket_handles(&mut count, &mut socket), SUCCESS);
    let mut n = 0u32;
    assert_eq!(amdsmi_get_processor_handles(socket, &mut n, null_mut()), SUCCESS);
    let mut handles = vec![null_mut(); n as usize];
    assert_eq!(amdsmi_get_processor_handles(socket, &mut n, handles.as_mut_ptr()), SUCCESS);
    handles
}

#[test]
fn lists_fill_only_the_room_given() {
    let _instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    // mi300x-cpx: 8 GPUs in CPX mode, 8 sockets of 8 partitions (fixtures/machines/mi300x-cpx).
    let mut count = 0u32;
    assert_eq!(amdsmi_get_socket_handles(&mut count, null_mut()), SUCCESS);
    assert_eq!(count, 8);
    let mut sockets = [null_mut::<c_void>(); 3];
    let mut room = 2u32;
    assert_eq!(amdsmi_get_socket_handles(&mut room, sockets.as_mut_ptr()), SUCCESS);
    assert_eq!(room, 2, "two written");
    assert!(sockets[2].is_null(), "nothing past the room the caller gave");
    assert_eq!(amdsmi_get_socket_handles(null_mut(), sockets.as_mut_ptr()), INVAL);
    let mut name = [0 as c_char; 8];
    assert_eq!(amdsmi_get_socket_info(sockets[0], name.len(), name.as_mut_ptr()), SUCCESS);
    // SAFETY: the library wrote a NUL-terminated string within the 8 bytes.
    assert_eq!(unsafe { CStr::from_ptr(name.as_ptr()) }.to_str().unwrap(), "0000:05", "cut to the buffer, NUL kept");
    assert_eq!(first_socket_processors().len(), 8);
    amdsmi_shut_down();
}

#[test]
fn forged_and_stale_handles_are_refused() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = crate::common::processors()[0];
    let mut id = 0u16;
    assert_eq!(amdsmi_get_gpu_id(gpu, &mut id), SUCCESS);
    assert_eq!(id, 0x73bf, "fixtures/machines/rx6900xt/.../device");
    let rust = instance.context.processor_handles()[0];
    assert_eq!(instance.context.gpu(rust).and_then(|g| g.id()).unwrap(), id);
    let not_found = Status::NotFound.code();
    for forged in [null_mut(), 1 as *mut c_void, usize::MAX as *mut c_void, (gpu as usize + 1) as *mut c_void] {
        assert_eq!(amdsmi_get_gpu_id(forged, &mut id), not_found, "{forged:p}");
    }
    assert_eq!(amdsmi_get_gpu_id(gpu, null_mut()), INVAL);
    let mut socket_name = [0 as c_char; 16];
    assert_eq!(amdsmi_get_socket_info(3 as *mut c_void, 16, socket_name.as_mut_ptr()), INVAL, "unknown socket");
    // Shut down with the lock still held, so that no other test initializes meanwhile.
    instance.shut_down();
    assert_eq!(amdsmi_get_gpu_id(gpu, &mut id), Status::NotInit.code(), "after the last shut-down");
    drop(instance);
    let _again = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    assert_eq!(amdsmi_get_gpu_id(gpu, &mut id), not_found, "a handle of the previous instance is stale");
}

#[test]
fn buffers_and_enums_are_checked() {
    let _instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = first_socket_processors()[0];
    let mut uuid = [0 as c_char; 38];
    let mut short = 37u32;
    assert_eq!(amdsmi_get_gpu_device_uuid(gpu, &mut short, uuid.as_mut_ptr()), INVAL, "AMD requires 38 bytes");
    let mut len = 38u32;
    assert_eq!(amdsmi_get_gpu_device_uuid(gpu, &mut len, uuid.as_mut_ptr()), SUCCESS);
    let mut total = 0u64;
    assert_eq!(amdsmi_get_gpu_memory_total(gpu, 0, &mut total), SUCCESS, "VRAM");
    assert_eq!(total, 17_163_091_968, "fixtures/machines/rx6900xt/.../mem_info_vram_total");
    assert_eq!(amdsmi_get_gpu_memory_total(gpu, 3, &mut total), INVAL, "memory types are 0-2");
    let mut temp = 0i64;
    assert_eq!(amdsmi_get_temp_metric(gpu, 8, 0, &mut temp), INVAL, "temperature types jump from 7 to 100");
    assert_eq!(amdsmi_get_temp_metric(gpu, 0, 0, &mut temp), SUCCESS);
    let mut info = [0 as c_char; 4];
    assert_eq!(amdsmi_get_processor_info(gpu, 0, info.as_mut_ptr()), SUCCESS, "no room: nothing written");
    assert_eq!(info, [0; 4]);
    let mut power = 0u32;
    assert_eq!(amdsmi_get_cpu_socket_power(gpu, &mut power), Status::NotSupported.code(), "a CPU function on a GPU");
    let mut text: *const c_char = std::ptr::null();
    assert_eq!(amdsmi_status_code_to_string(2, &mut text), SUCCESS);
    // SAFETY: the library points at static NUL-terminated text.
    let text = unsafe { CStr::from_ptr(text) }.to_str().unwrap();
    assert!(text.starts_with("AMDSMI_STATUS_NOT_SUPPORTED"), "{text}");
    assert_eq!(amdsmi_status_code_to_string(2, null_mut()), INVAL);
    amdsmi_shut_down();
}

/// Many threads at once: init/shut-down pairs and reads through the C ABI, while the test holds
/// one reference, so every read must succeed with the fixture's value (the reference count is
/// behind one lock, the context shared read-only).
#[test]
fn calls_from_many_threads_at_once() {
    let _instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let handles: Vec<usize> = crate::common::processors().into_iter().map(|h| h as usize).collect();
    assert_eq!(handles.len(), 63);
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let handles = handles.clone();
            std::thread::spawn(move || {
                for i in 0..200 {
                    // AMDSMI_ROOT is not read: an instance exists, init only adds a reference.
                    assert_eq!(amd_smi::entry::init::amdsmi_init(2), SUCCESS);
                    let mut id = 0u16;
                    let gpu = handles[(t * 7 + i) % handles.len()] as *mut c_void;
                    assert_eq!(amdsmi_get_gpu_id(gpu, &mut id), SUCCESS);
                    assert_eq!(id, 0x74a1, "fixtures/machines/mi300x-cpx/.../device");
                    assert_eq!(amdsmi_shut_down(), SUCCESS);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("no thread panicked");
    }
    let mut id = 0u16;
    assert_eq!(amdsmi_get_gpu_id(handles[0] as *mut c_void, &mut id), SUCCESS, "the test's reference is intact");
}

//! Sockets, processors and their handles.

use std::ffi::c_char;

use amdsmi::{AmdSmiProcessorType, Bdf, Context, ProcessorHandle};

use crate::abi::{amdsmi_bdf_t, amdsmi_processor_handle, amdsmi_socket_handle, amdsmi_status_t, processor_type_t};
use crate::call::{instance, status, with_processor, with_socket};
use crate::ffi::{fill_list, processor_ptr, socket_ptr, write_str, Out};

/// The socket handles: `*socket_count` in (room) and out (written); NULL `socket_handles`
/// asks for the count.
#[no_mangle]
pub extern "C" fn amdsmi_get_socket_handles(
    socket_count: *mut u32,
    socket_handles: *mut amdsmi_socket_handle,
) -> amdsmi_status_t {
    status(|| {
        let handles: Vec<_> = instance()?.socket_handles().into_iter().map(socket_ptr).collect();
        fill_list(socket_count, socket_handles, &handles, "socket_count")
    })
}

/// The socket's name (`DDDD:BB:dd` for a GPU socket), cut to `len` bytes with its NUL.
#[no_mangle]
pub extern "C" fn amdsmi_get_socket_info(
    socket_handle: amdsmi_socket_handle,
    len: usize,
    name: *mut c_char,
) -> amdsmi_status_t {
    status(|| {
        let id = with_socket(socket_handle, |c, s| c.socket_info(s))?;
        write_str(name, len, &id, "name")
    })
}

/// The GPU processors of a socket (as AMD's library lists them: CPU sockets and cores come from
/// [`amdsmi_get_cpu_handles`] / [`amdsmi_get_cpucore_handles`]), in the list convention of
/// [`amdsmi_get_socket_handles`].
#[no_mangle]
pub extern "C" fn amdsmi_get_processor_handles(
    socket_handle: amdsmi_socket_handle,
    processor_count: *mut u32,
    processor_handles: *mut amdsmi_processor_handle,
) -> amdsmi_status_t {
    status(|| {
        let handles = with_socket(socket_handle, |c, s| {
            let all = c.socket_processor_handles(s)?;
            Ok(all
                .into_iter()
                .filter(|&h| c.processor_kind(h) == Some(AmdSmiProcessorType::AmdGpu))
                .collect::<Vec<_>>())
        })?;
        let handles: Vec<_> = handles.into_iter().map(processor_ptr).collect();
        fill_list(processor_count, processor_handles, &handles, "processor_count")
    })
}

fn list_of(
    handles: impl FnOnce(&Context) -> Vec<ProcessorHandle>,
    count: *mut u32,
    buffer: *mut amdsmi_processor_handle,
) -> amdsmi_status_t {
    status(|| {
        let handles: Vec<_> = handles(&*instance()?).into_iter().map(processor_ptr).collect();
        fill_list(count, buffer, &handles, "count")
    })
}

/// The CPU socket processors (`AMD_CPU`), in the list convention.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_handles(
    cpu_count: *mut u32,
    processor_handles: *mut amdsmi_processor_handle,
) -> amdsmi_status_t {
    list_of(Context::cpusocket_handles, cpu_count, processor_handles)
}

/// The CPU core processors (`AMD_CPU_CORE`), in the list convention.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpucore_handles(
    cores_count: *mut u32,
    processor_handles: *mut amdsmi_processor_handle,
) -> amdsmi_status_t {
    list_of(Context::cpucore_handles, cores_count, processor_handles)
}

/// The processor's type (`AMDSMI_PROCESSOR_TYPE_*`).
#[no_mangle]
pub extern "C" fn amdsmi_get_processor_type(
    processor_handle: amdsmi_processor_handle,
    processor_type: *mut processor_type_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(processor_type, "processor_type")?;
        let kind = with_processor(processor_handle, |c, h| c.processor_type(h))?.processor_type;
        out.write(AmdSmiProcessorType::code(kind));
        Ok(())
    })
}

/// The processor's index as AMD SMI prints it, a decimal string cut to `len` bytes.
#[no_mangle]
pub extern "C" fn amdsmi_get_processor_info(
    processor_handle: amdsmi_processor_handle,
    len: usize,
    name: *mut c_char,
) -> amdsmi_status_t {
    status(|| {
        let info = with_processor(processor_handle, |c, h| c.processor_info(h))?;
        write_str(name, len, &info, "name")
    })
}

/// The BDF an `amdsmi_bdf_t` packs.
pub(crate) fn bdf_from_c(bdf: amdsmi_bdf_t) -> Bdf {
    let domain = u32::try_from(bdf.domain_number()).unwrap_or(u32::MAX);
    Bdf { domain, bus: bdf.bus_number(), device: bdf.device_number(), function: bdf.function_number() }
}

/// The `amdsmi_bdf_t` of a BDF.
pub(crate) fn bdf_to_c(bdf: Bdf) -> amdsmi_bdf_t {
    amdsmi_bdf_t::new(u64::from(bdf.domain), bdf.bus, bdf.device, bdf.function)
}

/// The processor at a BDF (`amdsmi_bdf_t` by value); NOT_FOUND when none is there.
#[no_mangle]
pub extern "C" fn amdsmi_get_processor_handle_from_bdf(
    bdf: amdsmi_bdf_t,
    processor_handle: *mut amdsmi_processor_handle,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(processor_handle, "processor_handle")?;
        let handle = instance()?.processor_handle_from_bdf(&bdf_from_c(bdf).to_string())?;
        out.write(processor_ptr(handle));
        Ok(())
    })
}

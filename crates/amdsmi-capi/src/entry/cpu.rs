//! EPYC CPU sockets and cores.

use crate::abi::{amdsmi_processor_handle, amdsmi_status_t};
use crate::call::{instance, status, with_cpu_core, with_cpu_socket};
use crate::ffi::Out;

/// Socket power, mW.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_power(
    processor_handle: amdsmi_processor_handle,
    ppower: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(ppower, "ppower")?;
        out.write(with_cpu_socket(processor_handle, |s| s.power())?);
        Ok(())
    })
}

/// The socket's energy counter, µJ.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_socket_energy(
    processor_handle: amdsmi_processor_handle,
    penergy: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(penergy, "penergy")?;
        out.write(with_cpu_socket(processor_handle, |s| s.energy())?);
        Ok(())
    })
}

/// A core's energy counter, µJ.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_core_energy(
    processor_handle: amdsmi_processor_handle,
    penergy: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(penergy, "penergy")?;
        out.write(with_cpu_core(processor_handle, |c| c.energy())?);
        Ok(())
    })
}

/// The CPU family (25 = 19h, 26 = 1Ah).
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_family(cpu_family: *mut u32) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(cpu_family, "cpu_family")?;
        out.write(instance()?.cpu_family()?);
        Ok(())
    })
}

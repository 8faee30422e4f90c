//! GPU identity and values that are one scalar or one string.

use std::ffi::c_char;

use amdsmi::{AmdSmiMemoryType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Error, Status};

use crate::abi::{amdsmi_bdf_t, amdsmi_processor_handle, amdsmi_status_t};
use crate::call::{status, with_gpu, write_out};
use crate::entry::handles::bdf_to_c;
use crate::ffi::{read_count, write_str, Out};

/// The room AMD SMI requires for a UUID string (`AMDSMI_GPU_UUID_SIZE`), NUL included.
pub const AMDSMI_GPU_UUID_SIZE: u32 = 38;

/// An enum argument given as an integer: the value it names, INVAL for one it does not.
pub(crate) fn enum_arg<T>(code: u32, what: &str, from_code: fn(u32) -> Option<T>) -> amdsmi::Result<T> {
    from_code(code).ok_or_else(|| Error::new(Status::Inval).with_detail(format!("{code} is no {what}")))
}

/// The PCI device id.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_id(processor_handle: amdsmi_processor_handle, id: *mut u16) -> amdsmi_status_t {
    write_out(id, "id", || with_gpu(processor_handle, |g| g.id()))
}

/// The 64-bit BDF id (domain 63:32, partition 31:28, bus 15:8, device 7:3, function 2:0).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_bdf_id(processor_handle: amdsmi_processor_handle, bdfid: *mut u64) -> amdsmi_status_t {
    write_out(bdfid, "bdfid", || with_gpu(processor_handle, |g| g.bdf_id()))
}

/// The processor's BDF as an `amdsmi_bdf_t`.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_device_bdf(
    processor_handle: amdsmi_processor_handle,
    bdf: *mut amdsmi_bdf_t,
) -> amdsmi_status_t {
    write_out(bdf, "bdf", || Ok(bdf_to_c(with_gpu(processor_handle, |g| g.device_bdf())?)))
}

/// The UUID string; `*uuid_length` must be at least [`AMDSMI_GPU_UUID_SIZE`] (else INVAL, as
/// AMD's library checks).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_device_uuid(
    processor_handle: amdsmi_processor_handle,
    uuid_length: *mut u32,
    uuid: *mut c_char,
) -> amdsmi_status_t {
    status(|| {
        let room = read_count(uuid_length, "uuid_length")?;
        if uuid.is_null() || room < AMDSMI_GPU_UUID_SIZE {
            return Err(Error::new(Status::Inval).with_detail(format!("uuid needs {AMDSMI_GPU_UUID_SIZE} bytes")));
        }
        let text = with_gpu(processor_handle, |g| g.device_uuid())?;
        write_str(uuid, room as usize, &text, "uuid")
    })
}

/// The PCI vendor name, cut to `len` bytes with its NUL.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_vendor_name(
    processor_handle: amdsmi_processor_handle,
    name: *mut c_char,
    len: usize,
) -> amdsmi_status_t {
    status(|| {
        let text = with_gpu(processor_handle, |g| g.vendor_name())?;
        write_str(name, len, &text, "name")
    })
}

/// Total memory of a pool (`amdsmi_memory_type_t`), bytes.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_memory_total(
    processor_handle: amdsmi_processor_handle,
    mem_type: u32,
    total: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(total, "total")?;
        let mem_type = enum_arg(mem_type, "memory type", AmdSmiMemoryType::from_code)?;
        out.write(with_gpu(processor_handle, |g| g.memory_total(mem_type))?);
        Ok(())
    })
}

/// A temperature (`amdsmi_temperature_type_t`, `amdsmi_temperature_metric_t`), °C.
#[no_mangle]
pub extern "C" fn amdsmi_get_temp_metric(
    processor_handle: amdsmi_processor_handle,
    sensor_type: u32,
    metric: u32,
    temperature: *mut i64,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(temperature, "temperature")?;
        let sensor = enum_arg(sensor_type, "temperature type", AmdSmiTemperatureType::from_code)?;
        let metric = enum_arg(metric, "temperature metric", AmdSmiTemperatureMetric::from_code)?;
        out.write(with_gpu(processor_handle, |g| g.temp_metric(sensor, metric))?);
        Ok(())
    })
}

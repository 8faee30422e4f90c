//! Running one C call: the status it returns, the panic guard, and the handle lookups.
//!
//! Every entry point is `status(|| ...)`: `Ok` is SUCCESS, an error its AMD status number, and
//! a panic (a bug of ours) INTERNAL_EXCEPTION instead of unwinding into the caller. Handles are
//! looked up in the process-wide instance (the one `amdsmi_init` made, shared with the Rust
//! API), never dereferenced: NOT_INIT without an instance, NOT_FOUND for a processor handle the
//! instance did not issue (null, forged or stale), INVAL for such a socket handle, and
//! NOT_SUPPORTED for a GPU function given a CPU handle or the reverse (AMD SMI's statuses).

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use amdsmi::{
    AmdSmiProcessorType, Context, CpuCore, CpuSocket, Error, Gpu, ProcessorHandle, Result, SocketHandle, Status,
};

use crate::abi::amdsmi_status_t;
use crate::ffi::{self, Out};

/// Runs `f` and returns its status; a panic is INTERNAL_EXCEPTION and does not cross into C.
pub(crate) fn status(f: impl FnOnce() -> Result<()>) -> amdsmi_status_t {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => Status::Success.code(),
        Ok(Err(err)) => err.status().code(),
        Err(_) => Status::InternalException.code(),
    }
}

/// The shape most entry points share: `out` checked first (NULL is INVAL), then `value`
/// computed and written through it.
pub(crate) fn write_out<T>(out: *mut T, what: &str, value: impl FnOnce() -> Result<T>) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(out, what)?;
        out.write(value()?);
        Ok(())
    })
}

/// The process-wide instance; NOT_INIT before `amdsmi_init` or after the last shut-down.
pub(crate) fn instance() -> Result<Arc<Context>> {
    amdsmi::api::current()
}

/// The processor a C handle names in `context`, with its type; NOT_FOUND when it names none.
fn lookup(context: &Context, handle: *mut c_void) -> Result<(ProcessorHandle, AmdSmiProcessorType)> {
    let not_found = || Error::new(Status::NotFound).with_detail(format!("{handle:p} is no processor handle"));
    let processor = ffi::processor(handle).ok_or_else(not_found)?;
    let kind = context.processor_kind(processor).ok_or_else(not_found)?;
    Ok((processor, kind))
}

fn wrong_kind(expected: &str, kind: AmdSmiProcessorType) -> Error {
    Error::new(Status::NotSupported).with_detail(format!("a {expected} function given a {} handle", kind.name()))
}

/// Calls `f` with the processor of a C handle (any kind).
pub(crate) fn with_processor<T>(
    handle: *mut c_void,
    f: impl FnOnce(&Context, ProcessorHandle) -> Result<T>,
) -> Result<T> {
    let context = instance()?;
    let (processor, _) = lookup(&context, handle)?;
    f(&context, processor)
}

/// Calls `f` with the GPU of a C handle.
pub(crate) fn with_gpu<T>(handle: *mut c_void, f: impl FnOnce(Gpu<'_>) -> Result<T>) -> Result<T> {
    let context = instance()?;
    match lookup(&context, handle)? {
        (processor, AmdSmiProcessorType::AmdGpu) => f(context.gpu(processor)?),
        (_, kind) => Err(wrong_kind("GPU", kind)),
    }
}

/// Calls `f` with the CPU socket of a C handle.
pub(crate) fn with_cpu_socket<T>(handle: *mut c_void, f: impl FnOnce(CpuSocket<'_>) -> Result<T>) -> Result<T> {
    let context = instance()?;
    match lookup(&context, handle)? {
        (processor, AmdSmiProcessorType::AmdCpu) => f(context.cpu_socket(processor)?),
        (_, kind) => Err(wrong_kind("CPU socket", kind)),
    }
}

/// Calls `f` with the CPU core of a C handle.
pub(crate) fn with_cpu_core<T>(handle: *mut c_void, f: impl FnOnce(CpuCore<'_>) -> Result<T>) -> Result<T> {
    let context = instance()?;
    match lookup(&context, handle)? {
        (processor, AmdSmiProcessorType::AmdCpuCore) => f(context.cpu_core(processor)?),
        (_, kind) => Err(wrong_kind("CPU core", kind)),
    }
}

/// Calls `f` with the socket of a C socket handle; INVAL when the instance did not issue it.
pub(crate) fn with_socket<T>(handle: *mut c_void, f: impl FnOnce(&Context, SocketHandle) -> Result<T>) -> Result<T> {
    let context = instance()?;
    let invalid = || Error::new(Status::Inval).with_detail(format!("{handle:p} is no socket handle"));
    let socket = ffi::socket(handle).filter(|s| context.socket_handles().contains(s)).ok_or_else(invalid)?;
    f(&context, socket)
}

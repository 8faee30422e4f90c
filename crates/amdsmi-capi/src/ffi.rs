//! The only module that touches raw memory: every pointer the caller passes is checked here
//! before anything is written through it, and every write stays inside the room the caller
//! said it has.
//!
//! The caller's contract (AMD SMI's): a non-null pointer points at memory valid for the type
//! (or, for a buffer, for as many elements as the count it passes says). Pointers need not be
//! aligned: every access is `read_unaligned`/`write_unaligned`.
#![allow(unsafe_code)]

use std::ffi::{c_char, c_void};

use amdsmi::{Error, ProcessorHandle, Result, SocketHandle, Status};

/// INVAL with a detail naming the null argument.
pub(crate) fn null(what: &str) -> Error {
    Error::new(Status::Inval).with_detail(format!("{what} is NULL"))
}

/// An output pointer the caller passed, checked non-null.
pub(crate) struct Out<T>(*mut T);

impl<T> Out<T> {
    /// INVAL for NULL.
    pub(crate) fn new(ptr: *mut T, what: &str) -> Result<Out<T>> {
        if ptr.is_null() {
            return Err(null(what));
        }
        Ok(Out(ptr))
    }

    /// Writes `value` through the pointer.
    pub(crate) fn write(self, value: T) {
        // SAFETY: the pointer is non-null (checked in `new`) and, by the caller's contract,
        // valid for a write of one `T`; the write does not assume alignment.
        unsafe { self.0.write_unaligned(value) }
    }
}

/// Reads the `u32` a caller's count pointer holds.
pub(crate) fn read_count(ptr: *mut u32, what: &str) -> Result<u32> {
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-null, and by the caller's contract valid for reads of a `u32`.
    Ok(unsafe { ptr.read_unaligned() })
}

/// AMD SMI's list convention (`count` in and out, then the buffer): `count` NULL is INVAL; a
/// NULL `buffer` is a count query (`*count` = the number of items); otherwise at most `*count`
/// items are written and `*count` becomes the number written.
pub(crate) fn fill_list<T: Copy>(count: *mut u32, buffer: *mut T, items: &[T], what: &str) -> Result<()> {
    let room = read_count(count, what)?;
    let total = u32::try_from(items.len()).unwrap_or(u32::MAX);
    if buffer.is_null() {
        Out::new(count, what)?.write(total);
        return Ok(());
    }
    let written = room.min(total);
    for (i, item) in items.iter().take(written as usize).enumerate() {
        // SAFETY: `buffer` is non-null and, by the caller's contract, valid for `room` writes
        // of `T`; `i < written <= room`.
        unsafe { buffer.add(i).write_unaligned(*item) }
    }
    Out::new(count, what)?.write(written);
    Ok(())
}

/// Writes `text` into the caller's `len`-byte buffer as a NUL-terminated string, cut to fit
/// (`len` 0 writes nothing). NULL is INVAL.
pub(crate) fn write_str(buffer: *mut c_char, len: usize, text: &str, what: &str) -> Result<()> {
    if buffer.is_null() {
        return Err(null(what));
    }
    let Some(room) = len.checked_sub(1) else { return Ok(()) };
    let bytes = &text.as_bytes()[..text.len().min(room)];
    for (i, &b) in bytes.iter().chain(std::iter::once(&0)).enumerate() {
        // SAFETY: non-null, valid for `len` bytes by the caller's contract; `i <= room < len`.
        unsafe { buffer.add(i).write_unaligned(b as c_char) }
    }
    Ok(())
}

/// The processor a C handle stands for, when the value is one a handle can have.
pub(crate) fn processor(handle: *mut c_void) -> Option<ProcessorHandle> {
    ProcessorHandle::from_raw(handle as usize as u64)
}

/// The socket a C handle stands for, when the value is one a handle can have.
pub(crate) fn socket(handle: *mut c_void) -> Option<SocketHandle> {
    SocketHandle::from_raw(handle as usize as u64)
}

/// The C handle of a processor: its raw value as an opaque pointer (never dereferenced).
pub(crate) fn processor_ptr(handle: ProcessorHandle) -> *mut c_void {
    handle.to_raw() as usize as *mut c_void
}

/// The C handle of a socket: its raw value as an opaque pointer (never dereferenced).
pub(crate) fn socket_ptr(handle: SocketHandle) -> *mut c_void {
    handle.to_raw() as usize as *mut c_void
}

/// Writes `items` into the caller's array of `room` elements (AMD SMI's fixed-size output
/// arrays: the caller says, or the API fixes, how many it holds): at most `room` items are
/// written, nothing past them. NULL is INVAL. Returns the number written.
pub(crate) fn write_array<T: Copy>(buffer: *mut T, room: usize, items: &[T], what: &str) -> Result<usize> {
    if buffer.is_null() {
        return Err(null(what));
    }
    let written = room.min(items.len());
    for (i, item) in items.iter().take(written).enumerate() {
        // SAFETY: `buffer` is non-null and, by the caller's contract, valid for `room` writes of
        // `T`; `i < written <= room`.
        unsafe { buffer.add(i).write_unaligned(*item) }
    }
    Ok(written)
}

/// Reads the caller's NUL-terminated input string, looking at no more than `max` bytes: NULL,
/// no NUL within `max` bytes, or text that is not UTF-8 is INVAL.
pub(crate) fn read_str(ptr: *const c_char, max: usize, what: &str) -> Result<String> {
    if ptr.is_null() {
        return Err(null(what));
    }
    let mut bytes = Vec::new();
    for i in 0..max {
        // SAFETY: non-null, and by the caller's contract a NUL-terminated string: every byte up
        // to and including the NUL is readable; reading stops at the NUL (`i` never passes it).
        let b = unsafe { ptr.add(i).read_unaligned() } as u8;
        if b == 0 {
            return String::from_utf8(bytes)
                .map_err(|_| Error::new(Status::Inval).with_detail(format!("{what} is not UTF-8")));
        }
        bytes.push(b);
    }
    Err(Error::new(Status::Inval).with_detail(format!("{what} has no NUL within {max} bytes")))
}

/// Writes `bytes` as the caller's `T`, a C struct whose layout is exactly those bytes (a
/// firmware table passed through unchanged). NULL is INVAL; `bytes` of another length than `T`
/// is UNEXPECTED_SIZE and nothing is written.
pub(crate) fn write_bytes<T>(ptr: *mut T, bytes: &[u8], what: &str) -> Result<()> {
    if ptr.is_null() {
        return Err(null(what));
    }
    if bytes.len() != std::mem::size_of::<T>() {
        let detail = format!("{what}: {} bytes for a {}-byte struct", bytes.len(), std::mem::size_of::<T>());
        return Err(Error::new(Status::UnexpectedSize).with_detail(detail));
    }
    // SAFETY: non-null and, by the caller's contract, valid for a write of one `T`, which is
    // `bytes.len()` bytes; a byte copy needs no alignment; `bytes` is our memory, so the two
    // regions do not overlap.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr.cast::<u8>(), bytes.len()) }
    Ok(())
}

/// Reads `len` values of a caller's array (an input array of structs, e.g. the counter types of
/// `amdsmi_get_utilization_count`). NULL is INVAL.
pub(crate) fn read_array<T: Copy>(ptr: *const T, len: u32, what: &str) -> Result<Vec<T>> {
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-null and, by the caller's contract, valid for reads of `len` values of `T`;
    // `i < len`; the reads do not assume alignment.
    Ok((0..len as usize).map(|i| unsafe { ptr.add(i).read_unaligned() }).collect())
}

/// The arrays handed out by [`leak_name_values`] that [`free_name_values`] has not yet taken
/// back: address → length. Only an address in it is ever freed, so a forged, stale or doubly
/// freed pointer is ignored instead of corrupting memory.
static NAME_VALUE_ARRAYS: std::sync::Mutex<Vec<(usize, usize)>> = std::sync::Mutex::new(Vec::new());

/// Hands `items` to the caller as a library-allocated array (AMD's `amdsmi_name_value_t *` of
/// `amdsmi_get_gpu_pm_metrics_info` / `amdsmi_get_gpu_reg_table_info`), recorded for
/// [`free_name_values`]. An empty list is NULL (nothing to free).
pub(crate) fn leak_name_values(items: Vec<crate::abi::amdsmi_name_value_t>) -> *mut crate::abi::amdsmi_name_value_t {
    if items.is_empty() {
        return std::ptr::null_mut();
    }
    let boxed = items.into_boxed_slice();
    let len = boxed.len();
    let ptr = Box::into_raw(boxed) as *mut crate::abi::amdsmi_name_value_t;
    NAME_VALUE_ARRAYS.lock().unwrap_or_else(|p| p.into_inner()).push((ptr as usize, len));
    ptr
}

/// Takes back an array [`leak_name_values`] handed out (`amdsmi_free_name_value_pairs`); NULL and
/// any pointer it did not hand out (or already took back) are ignored.
pub(crate) fn free_name_values(ptr: *mut c_void) {
    let mut live = NAME_VALUE_ARRAYS.lock().unwrap_or_else(|p| p.into_inner());
    let Some(at) = live.iter().position(|&(addr, _)| addr == ptr as usize) else { return };
    let (_, len) = live.swap_remove(at);
    let slice = std::ptr::slice_from_raw_parts_mut(ptr as *mut crate::abi::amdsmi_name_value_t, len);
    // SAFETY: `ptr` and `len` are those of a `Box<[amdsmi_name_value_t]>` leaked by
    // `leak_name_values` and not yet reclaimed (it was in the registry, and is removed now).
    drop(unsafe { Box::from_raw(slice) });
}

/// Reads the `u64` a caller's in/out pointer holds (a size, count or cursor); NULL is INVAL.
pub(crate) fn read_u64(ptr: *mut u64, what: &str) -> Result<u64> {
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-null, and by the caller's contract valid for reads of a `u64`.
    Ok(unsafe { ptr.read_unaligned() })
}

/// A copy of the caller's `len` bytes at `data`; NULL is INVAL.
pub(crate) fn read_bytes(data: *const c_char, len: usize, what: &str) -> Result<Vec<u8>> {
    if data.is_null() {
        return Err(null(what));
    }
    // SAFETY: non-null and, by the caller's contract, valid for reads of `len` bytes, which are
    // copied out before the call returns; `u8` has no alignment requirement.
    Ok(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) }.to_vec())
}

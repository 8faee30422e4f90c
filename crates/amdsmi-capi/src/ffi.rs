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

/// Reads `len` values of an input array the caller passes (e.g. a list of handles); NULL is
/// INVAL. A `len` of 0 reads nothing (the pointer is still checked).
pub(crate) fn read_array<T: Copy>(ptr: *const T, len: u32, what: &str) -> Result<Vec<T>> {
    if ptr.is_null() {
        return Err(null(what));
    }
    Ok((0..len as usize)
        // SAFETY: non-null and, by the caller's contract, valid for reads of `len` values of
        // `T`; `i < len`; the read does not assume alignment.
        .map(|i| unsafe { ptr.add(i).read_unaligned() })
        .collect())
}

/// Writes a caller's array of `room` elements: `items` first (as many as fit), then `fill` up to
/// `room`. NULL is INVAL. Returns how many of `items` were written.
pub(crate) fn write_array<T: Copy>(ptr: *mut T, room: usize, items: &[T], fill: T, what: &str) -> Result<usize> {
    if ptr.is_null() {
        return Err(null(what));
    }
    for i in 0..room {
        let value = items.get(i).copied().unwrap_or(fill);
        // SAFETY: non-null and, by the caller's contract, valid for writes of `room` values of
        // `T`; `i < room`; the write does not assume alignment.
        unsafe { ptr.add(i).write_unaligned(value) }
    }
    Ok(items.len().min(room))
}

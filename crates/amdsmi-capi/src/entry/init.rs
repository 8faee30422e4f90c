//! Init, shut-down and status texts.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use amdsmi::{AmdSmiInitFlags, Status};

use crate::abi::amdsmi_status_t;
use crate::call::status;
use crate::ffi::Out;

/// Initializes the processors `init_flags` selects (`AMDSMI_INIT_*`; bits AMD SMI does not
/// know are kept and ignored, as AMD's library ignores them). Reference-counted and safe to
/// call from several threads at once; `AMDSMI_ROOT` selects the machine root.
#[no_mangle]
pub extern "C" fn amdsmi_init(init_flags: u64) -> amdsmi_status_t {
    status(|| amdsmi::amdsmi_init(AmdSmiInitFlags::from_bits_retain(init_flags)))
}

/// Drops one reference; the last one releases the instance (its handles become stale).
#[no_mangle]
pub extern "C" fn amdsmi_shut_down() -> amdsmi_status_t {
    status(amdsmi::amdsmi_shut_down)
}

/// The texts of every status, NUL-terminated, made once and kept for the life of the process.
fn status_texts() -> &'static [(u32, CString)] {
    static TEXTS: OnceLock<Vec<(u32, CString)>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let text = |s: Status| CString::new(s.description()).unwrap_or_default();
        Status::ALL.iter().map(|&s| (s.code(), text(s))).collect()
    })
}

/// Points `*status_string` at the status's text (static memory); a code AMD SMI does not define
/// gets the UNKNOWN_ERROR text, as AMD's Python layer shows.
#[no_mangle]
pub extern "C" fn amdsmi_status_code_to_string(
    code: amdsmi_status_t,
    status_string: *mut *const c_char,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(status_string, "status_string")?;
        let texts = status_texts();
        let unknown = Status::UnknownError.code();
        let text = texts.iter().find(|(c, _)| *c == code).or_else(|| texts.iter().find(|(c, _)| *c == unknown));
        out.write(text.map_or(std::ptr::null(), |(_, t)| t.as_ptr()));
        Ok(())
    })
}

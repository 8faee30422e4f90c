//! Conversions of Rust values into C fields that several areas share.

use std::ffi::c_char;

/// `text` as a NUL-terminated C string in an `N`-byte array, cut to `N - 1` bytes.
pub(crate) fn c_text<const N: usize>(text: &str) -> [c_char; N] {
    let mut out = [0 as c_char; N];
    for (slot, &b) in out.iter_mut().zip(text.as_bytes().iter().take(N.saturating_sub(1))) {
        *slot = b as c_char;
    }
    out
}

/// An optional text as a C string array: empty when not available (AMD leaves the array zeroed).
pub(crate) fn c_opt<const N: usize>(text: &Option<String>) -> [c_char; N] {
    c_text(text.as_deref().unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_cut_and_terminated() {
        let s: [c_char; 4] = c_text("abcdef");
        assert_eq!(s, [b'a' as c_char, b'b' as c_char, b'c' as c_char, 0]);
        let s: [c_char; 4] = c_text("ab");
        assert_eq!(s, [b'a' as c_char, b'b' as c_char, 0, 0]);
    }
}

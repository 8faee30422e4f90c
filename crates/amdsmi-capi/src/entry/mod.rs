//! The exported C functions, by area. Each is `call::status(|| ...)` around the Rust API: the
//! pointers checked by `crate::ffi`, the handles looked up by `crate::call`.
#![allow(unsafe_code)] // `#[no_mangle]` only: no `unsafe` block outside `ffi`.

pub mod cpu;
pub mod gpu;
pub mod gpu_control;
pub mod gpu_info;
pub mod gpu_ras;
pub mod gpu_telemetry;
pub mod handles;
pub mod init;

#[cfg(test)]
mod tests {
    /// The `allow(unsafe_code)` above is for `#[no_mangle]` only: no entry file holds an
    /// `unsafe` block or function (raw memory is `crate::ffi`'s alone).
    #[test]
    fn entry_points_hold_no_unsafe_code() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/entry");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
            // Spelt in two pieces so that this line is no match itself.
            let needles = [concat!("unsafe", " {"), concat!("unsafe", " fn")];
            let found: Vec<&str> = code.filter(|l| needles.iter().any(|n| l.contains(n))).collect();
            assert!(found.is_empty(), "{}: {found:?}", path.display());
            checked += 1;
        }
        assert!(checked >= 8, "the entry files were read");
    }
}

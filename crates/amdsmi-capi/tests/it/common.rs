//! What the direct-call and package tests share: the process-wide instance, one test at a time;
//! writable copies of fixture machines and their trees. Fixture roots, copies and the lock on
//! the instance are the library tests' (`tests/it/common.rs`, here `crate::shared`).

use std::collections::BTreeMap;
use std::ffi::c_void;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::ptr::null_mut;
use std::sync::{MutexGuard, OnceLock};

use amd_smi::entry::gpu_info::amdsmi_get_processor_handles_by_type;
use amd_smi::entry::handles::amdsmi_get_socket_handles;
use amdsmi::{AmdSmiInitFlags, AmdSmiProcessorType, Context, Status};

/// SUCCESS.
pub const SUCCESS: u32 = Status::Success.code();
/// INVAL.
pub const INVAL: u32 = Status::Inval.code();

/// The workspace directory.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace")
}

/// Cargo's target directory.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from)
}

pub use crate::shared::machine;

/// Runs a command that must succeed; its stdout.
pub fn run(command: &mut Command, what: &str) -> Vec<u8> {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{what} failed: {stdout}\n{stderr}");
    out.stdout
}

/// `libamd_smi.so` as `cargo build` makes it (`cargo test` builds the crate as an rlib only),
/// built once per test run.
pub fn library() -> &'static Path {
    static LIBRARY: OnceLock<PathBuf> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let build = ["build", "-p", "amdsmi-capi"];
        run(Command::new(cargo).args(build).current_dir(workspace()), "cargo build -p amdsmi-capi");
        target_dir().join("debug/libamd_smi.so")
    })
}

/// The process-wide instance, on `machine`, held for one test; dropped, it shuts down.
pub struct Instance {
    _lock: MutexGuard<'static, ()>,
    /// A context on the same root, for the Rust API's values.
    pub context: Context,
}

impl Instance {
    /// Shuts the process-wide instance down (every reference; each shut-down must succeed)
    /// while this test still holds the lock: no other test initializes it meanwhile.
    pub fn shut_down(&self) {
        while amdsmi::api::current().is_ok() {
            amdsmi::amdsmi_shut_down().expect("shut down");
        }
    }
}

impl Drop for Instance {
    /// Shuts the instance down as [`Instance::shut_down`], but never panics (a drop may run
    /// while a failed test unwinds), then releases the lock.
    fn drop(&mut self) {
        while amdsmi::api::current().is_ok() {
            let _ = amdsmi::amdsmi_shut_down();
        }
    }
}

/// Initializes the process-wide instance on `machine` (tests of this binary take turns).
pub fn instance_on(name: &str, flags: AmdSmiInitFlags) -> Instance {
    let lock = crate::shared::global_instance();
    init_on(name, flags);
    Instance { _lock: lock, context: Context::builder().root(machine(name)).flags(flags).build().unwrap() }
}

/// Initializes (or adds a reference to) the process-wide instance on `machine`.
pub fn init_on(name: &str, flags: AmdSmiInitFlags) {
    amdsmi::api::init_global(Context::builder().root(machine(name)).flags(flags)).unwrap();
}

/// Every processor handle, socket by socket, each socket's GPUs, then its CPU socket, then its
/// cores (the context's order), as C handles.
pub fn processors() -> Vec<*mut c_void> {
    let mut n = 0u32;
    assert_eq!(amdsmi_get_socket_handles(&mut n, null_mut()), SUCCESS);
    let mut sockets = vec![null_mut(); n as usize];
    assert_eq!(amdsmi_get_socket_handles(&mut n, sockets.as_mut_ptr()), SUCCESS);
    let kinds = [AmdSmiProcessorType::AmdGpu, AmdSmiProcessorType::AmdCpu, AmdSmiProcessorType::AmdCpuCore];
    let mut out = Vec::new();
    for socket in sockets {
        for kind in kinds {
            let mut count = 0u32;
            let status = amdsmi_get_processor_handles_by_type(socket, kind.code(), null_mut(), &mut count);
            assert_eq!(status, SUCCESS);
            let mut handles = vec![null_mut(); count as usize];
            let status = amdsmi_get_processor_handles_by_type(socket, kind.code(), handles.as_mut_ptr(), &mut count);
            assert_eq!(status, SUCCESS);
            out.extend(handles);
        }
    }
    out
}

pub use crate::shared::copy_machine;

/// Every file's bytes and every link's target under `root`, by relative path (links not followed).
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_symlink() {
                out.insert(rel, fs::read_link(&path).unwrap().into_os_string().into_encoded_bytes());
            } else if kind.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

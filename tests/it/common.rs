//! Helpers shared by the integration tests of the library and of the CLI (which includes this file
//! by `#[path]`): fixture roots, damaged copies of them, and the lock on the process-wide instance.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The repository's `fixtures/machines`, found from the manifest directory of the crate whose
/// tests include this module (the library's or the CLI's).
fn machines_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("fixtures/machines"))
        .find(|dir| dir.is_dir())
        .expect("fixtures/machines above the crate")
}

/// The root of a bundled fixture machine.
pub fn machine(name: &str) -> PathBuf {
    machines_dir().join(name)
}

/// Runs the CLI binary `bin` (the CLI tests' `env!("CARGO_BIN_EXE_amd-smi")`) on `root`.
pub fn run_cli(bin: &str, root: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(bin)
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("AMDSMI_ROOT")
        .output()
        .expect("run amd-smi")
}

/// Serializes the tests that use the process-wide instance (`amdsmi_init`, `init_global`,
/// `amdsmi_shut_down`): every test of the crate runs in one binary, whose threads share that
/// instance. Hold the guard for the whole test. A test that failed holding it does not poison
/// the others.
pub fn global_instance() -> MutexGuard<'static, ()> {
    static INSTANCE: Mutex<()> = Mutex::new(());
    INSTANCE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Every bundled machine.
pub fn machines() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(machines_dir())
        .expect("fixtures/machines")
        .map(|e| e.expect("entry").file_name().into_string().expect("utf-8 name"))
        .collect();
    names.sort();
    names
}

/// Copies a fixture machine into a fresh temporary directory, symbolic links kept as links.
pub fn copy_machine(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&machine(name), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            symlink(fs::read_link(&src).expect("readlink"), &dst).expect("symlink");
        } else if kind.is_dir() {
            copy_tree(&src, &dst);
        } else {
            fs::copy(&src, &dst).expect("copy");
        }
    }
}

/// Overwrites every regular file below `dir` with `content` (links are not followed: in a
/// machine root they lead back into the tree).
pub fn overwrite_every_file(dir: &Path, content: &[u8]) {
    for entry in fs::read_dir(dir).expect("read_dir") {
        let entry = entry.expect("entry");
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            overwrite_every_file(&entry.path(), content);
        } else if kind.is_file() {
            fs::write(entry.path(), content).expect("write");
        }
    }
}

// Setters and resets: the whole-tree snapshot that shows what a setter changed.

/// One entry of a tree: what `symlink_metadata` sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every entry under `root`, by path relative to it (links not followed).
pub fn tree(root: &Path) -> BTreeMap<String, Node> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Node>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_symlink() {
                out.insert(rel, Node::Link(fs::read_link(&path).unwrap()));
            } else if kind.is_dir() {
                out.insert(rel, Node::Dir);
                walk(root, &path, out);
            } else {
                out.insert(rel, Node::File(fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

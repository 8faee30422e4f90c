//! Helpers shared by the integration tests of the library and of the CLI (which includes this file
//! by `#[path]`): fixture roots, damaged copies of them, and the lock on the process-wide instance.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

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

/// [`run_cli`], killed after `limit`: `None` when it had not finished by then (a hang).
pub fn run_cli_within(
    bin: &str,
    root: &Path,
    args: &[&str],
    limit: std::time::Duration,
) -> Option<std::process::Output> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(bin)
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("AMDSMI_ROOT")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run amd-smi");
    // Read both pipes while waiting, or a large output would fill a pipe and stop the child.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for amd-smi") {
            let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
            return Some(std::process::Output { status, stdout, stderr });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
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

/// Copies the tree at `from` to `to`, symbolic links kept as links.
pub fn copy_tree(from: &Path, to: &Path) {
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

// The corruption sweep (issue 16): one file of a machine copy at a time, damaged, then put back.

/// A way a kernel file can be damaged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutation {
    /// No bytes.
    Empty,
    /// The first half of its bytes.
    Half,
    /// 64 bytes of noise.
    Noise64,
    /// 1 MiB of noise.
    Garbage1M,
    /// Its bytes and NULs up to 4 KiB.
    NulPadded4K,
    /// A directory in its place.
    Directory,
    /// A symbolic link to nothing in its place.
    Dangling,
    /// A FIFO in its place (a read that waited for a writer would hang).
    Fifo,
    /// `-1` (integer files only).
    MinusOne,
    /// `99999999999999999999`, past every integer type (integer files only).
    Huge,
}

impl Mutation {
    /// Every mutation.
    pub const ALL: [Mutation; 10] = [
        Mutation::Empty,
        Mutation::Half,
        Mutation::Noise64,
        Mutation::Garbage1M,
        Mutation::NulPadded4K,
        Mutation::Directory,
        Mutation::Dangling,
        Mutation::Fifo,
        Mutation::MinusOne,
        Mutation::Huge,
    ];

    /// Whether the mutation applies to a file holding `original`: the integer ones only to a
    /// file holding one integer.
    pub fn applies(self, original: &[u8]) -> bool {
        let integer = || {
            let text = String::from_utf8_lossy(original);
            let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
            let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix('-')).unwrap_or(text);
            !digits.is_empty() && digits.chars().all(|c| c.is_ascii_hexdigit())
        };
        !matches!(self, Mutation::MinusOne | Mutation::Huge) || integer()
    }

    /// Puts the damaged file at `path`, whose content was `original`.
    pub fn apply(self, path: &Path, original: &[u8]) {
        fs::remove_file(path).expect("the original file removed");
        // Noise from a fixed xorshift: a failure repeats.
        let noise = |len: usize| {
            let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ len as u64;
            (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect::<Vec<u8>>()
        };
        match self {
            Mutation::Empty => fs::write(path, b""),
            Mutation::Half => fs::write(path, &original[..original.len() / 2]),
            Mutation::Noise64 => fs::write(path, noise(64)),
            Mutation::Garbage1M => fs::write(path, noise(1 << 20)),
            Mutation::NulPadded4K => {
                let mut padded = original.to_vec();
                padded.resize(padded.len().max(4096), 0);
                fs::write(path, padded)
            }
            Mutation::Directory => fs::create_dir(path),
            Mutation::Dangling => symlink("nowhere/at/all", path),
            Mutation::Fifo => nix::unistd::mkfifo(path, nix::sys::stat::Mode::S_IRWXU).map_err(std::io::Error::from),
            Mutation::MinusOne => fs::write(path, b"-1\n"),
            Mutation::Huge => fs::write(path, b"99999999999999999999\n"),
        }
        .expect("the damaged file written");
    }

    /// Puts `original` back at `path` in place of whatever [`apply`](Self::apply) left there.
    pub fn undo(self, path: &Path, original: &[u8]) {
        match self {
            Mutation::Directory => fs::remove_dir(path),
            _ => fs::remove_file(path),
        }
        .expect("the damaged file removed");
        fs::write(path, original).expect("the original written back");
    }
}

/// Regular files of the tree under `root` (links not followed), sorted; with `sample` given,
/// that many of them spread evenly over the sorted list.
pub fn files(root: &Path, sample: Option<usize>) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).expect("read_dir") {
            let entry = entry.expect("entry");
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                walk(&entry.path(), out);
            } else if kind.is_file() {
                out.push(entry.path());
            }
        }
    }
    let mut all = Vec::new();
    walk(root, &mut all);
    all.sort();
    match sample {
        Some(n) if n < all.len() => (0..n).map(|i| all[i * all.len() / n + all.len() / (2 * n)].clone()).collect(),
        _ => all,
    }
}

/// The machines the corruption sweep damages: every fixture machine, or those
/// `CORRUPTION_MACHINES` names (comma-separated; a name that is not a machine fails).
pub fn sweep_machines() -> Vec<String> {
    let all = machines();
    let Ok(list) = std::env::var("CORRUPTION_MACHINES") else { return all };
    let named: Vec<String> = list.split(',').map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned).collect();
    for name in &named {
        assert!(all.contains(name), "CORRUPTION_MACHINES: no fixture machine {name}");
    }
    named
}

/// How many files of each machine the corruption sweep damages: `CORRUPTION_SWEEP=all` every
/// file (the full sweep, `tools/corruption-sweep`), else `default` of them.
pub fn sweep_sample(default: usize) -> Option<usize> {
    match std::env::var("CORRUPTION_SWEEP").as_deref() {
        Ok("all") => None,
        Ok(n) => n.parse().ok().or(Some(default)),
        Err(_) => Some(default),
    }
}

/// The GPU the hot-unplug tests take away from a copy of mi300x-cpx at `root`: 0000:05:00.0, its
/// PCI device directory and its KFD node 2 (whose `properties` has `location_id 1280`, bus 5),
/// each with the fixture's pristine copy to put back ([`unplug_and_replug`]).
pub fn unplugged_gpu(root: &Path) -> Vec<(PathBuf, PathBuf)> {
    let source = machine("mi300x-cpx");
    ["sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0", "sys/class/kfd/kfd/topology/nodes/2"]
        .into_iter()
        .map(|dir| (root.join(dir), source.join(dir)))
        .collect()
}

/// Removes each `dir` (its open files unlinked, as a hot-unplug leaves the kernel's nodes) and
/// puts a fresh copy of its `pristine` in its place, again and again until `stop`; counts the
/// cycles in `cycles`.
pub fn unplug_and_replug(dirs: &[(PathBuf, PathBuf)], stop: &AtomicBool, cycles: &AtomicU64) {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        for (dir, _) in dirs {
            let gone = dir.with_extension(format!("gone{n}"));
            fs::rename(dir, &gone).expect("unplug");
            fs::remove_dir_all(&gone).expect("unplugged files removed");
        }
        std::thread::sleep(Duration::from_millis(2));
        for (dir, pristine) in dirs {
            let staged = dir.with_extension(format!("new{n}"));
            copy_tree(pristine, &staged);
            fs::rename(&staged, dir).expect("replug");
        }
        n += 1;
        cycles.fetch_add(1, Ordering::Relaxed);
        std::thread::sleep(Duration::from_millis(2));
    }
}

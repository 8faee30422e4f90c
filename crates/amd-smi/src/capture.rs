//! `amd-smi capture OUT_DIR [--redact]`: the machine under `--root` written as a machine root
//! that the library and the CLI read with `--root` as they read the machine itself (a bug
//! report that can be replayed; issue 15). AMD's `amd-smi` has no such command.
//!
//! What is written is what the I/O layer RECORDS (`amdsmi::sysfs::trace::capture`) while the
//! context is built and every read-only function of [`crate::dump`] runs on every processor,
//! not a list of paths:
//!
//! - every path the library opened, read, listed, stat'ed or resolved, with the kernel's layout:
//!   each component that is a symbolic link on the source is the same link (an absolute target,
//!   as `/proc/<pid>/fd/<n>` holds, made relative to the capture's root), each directory a
//!   directory; a directory the library listed gets all its entries (links as links, directories
//!   as directories, files the library never read as empty files: their names are what it saw);
//! - a file the library read holds what it read: on a fixture root (files the kernel does not
//!   serve, `trace::served_by_kernel`) the file itself, byte for byte (the stand-ins' refusals,
//!   e.g. EINVAL for a short `gpu_metrics` read, then hold on the capture too); on a live
//!   machine the bytes each read was served, at its offset (the first read at an offset wins);
//!   a file only stat'ed or opened is empty;
//! - a device node that answered through an ioctl or `pread` is written as its fixture
//!   stand-in (`fixtures/README.md`, "Stand-ins for device nodes") from the answers the
//!   library noted, in the format of the module that reads the stand-in: DRM render nodes
//!   (`DRM_IOCTL_VERSION` and every `DRM_AMDGPU_INFO` query, `amdsmi::gpu::drm::recorded`),
//!   MSR devices (recorded MSR sets, `amdsmi::cpu::energy`) and `/dev/hsmp` (an emulated SMU
//!   file of the state every GET message showed, `amdsmi::hsmp::emulated::answered`: per-core
//!   values keyed by the APIC id asked, with `smt = 1`). The first answer to each question is
//!   kept (a counter read twice gives its first value). Only GET messages are noted, and dump
//!   sends no SET. On a fixture the stand-ins are regular files and are copied as they are. A
//!   live `/dev/kfd` (events) or PMU (`perf_event_open`) is not captured: dump opens neither;
//!   a device node that gave no answer is left out and named in the README. Answers that are
//!   errors are not recorded: on the capture the question finds no answer (NOT_SUPPORTED for
//!   DRM and MSR; ENOMSG, or EINVAL for an index, from the SMU), which is what the fixture
//!   stand-ins answer too.
//!
//! A live machine's permissions are not kept: a file the library could not read (debugfs as a
//! user) is written empty or not at all, so the capture says NOT_SUPPORTED or UNEXPECTED_DATA
//! where the machine said NO_PERM.
//!
//! The capture marks itself as captured data as `fixtures/README.md` asks of a machine: a
//! `MANIFEST.tsv` (`kind<TAB>path<TAB>source`: `captured` files with the source path,
//! `derived` stand-ins written from answers and redacted files, `synthesized` empty files,
//! `link` with the target) and a `README.md` naming the kernel release (when the library read
//! `/proc/sys/kernel/osrelease`), the date, this tool's version and what was redacted.
//!
//! `--redact` replaces, in the files written, serial numbers (`serial_number`, `fru_id`), the
//! 64-bit unique ids (sysfs `unique_id` in hex, KFD `properties` `unique_id` in decimal: one
//! number, one fake, in each file's format; the UUIDs AMD SMI derives from it follow) and host
//! names (`/proc/sys/kernel/hostname`, `/etc/hostname`), each by a hash keyed with a random key
//! of this run: the same value gets the same fake everywhere in the capture, and the fakes do not
//! lead back to the values.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use amdsmi::sysfs::trace::{self, Op};
use amdsmi::{Context, Error, Status};

/// Options of `capture`.
#[derive(clap::Args)]
pub struct Args {
    /// The directory to write the machine root to: new, or empty
    #[arg(value_name = "OUT_DIR")]
    out_dir: PathBuf,
    /// Replace serial numbers, unique ids (and the UUIDs made from them) and host names by fakes,
    /// the same fake for the same value everywhere
    #[arg(long)]
    redact: bool,
}

/// Captures the machine under `context`'s root into `args.out_dir` and says what was written.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let fail =
        |what: &str, e: io::Error| Error::new(Status::Io).with_path(&args.out_dir).with_detail(format!("{what}: {e}"));
    refuse_used(&args.out_dir)?;
    let source = fs::canonicalize(context.root().dir())
        .map_err(|e| Error::new(Status::Io).with_path(context.root().dir()).with_detail(e.to_string()))?;
    let taken = record(&source)?;
    let redactor = args.redact.then(Redactor::new);
    let layout = Layout::walk(&source, &taken);
    fs::create_dir_all(&args.out_dir).map_err(|e| fail("cannot create it", e))?;
    let written = layout
        .write(&args.out_dir, &taken, Mode::Auto, redactor.as_ref())
        .map_err(|e| fail("cannot write the capture", e))?;
    let readme = readme(&source, &args.out_dir, &written, redactor.as_ref());
    fs::write(args.out_dir.join("README.md"), readme).map_err(|e| fail("README.md", e))?;
    Ok(format!(
        "captured {} files, {} links and {} directories of {} to {}\n",
        written.files,
        written.links,
        written.dirs,
        source.display(),
        args.out_dir.display()
    ))
}

/// An OUT_DIR that exists and is not an empty directory is refused: a capture never mixes with
/// other files.
fn refuse_used(out: &Path) -> amdsmi::Result<()> {
    let refuse = |why: &str| Err(Error::new(Status::Inval).with_path(out).with_detail(why.to_owned()));
    match fs::read_dir(out).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => refuse("exists and is not empty: capture writes a new machine root"),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => refuse(&format!("cannot be used as an empty directory: {e}")),
    }
}

/// Runs what `dump` runs on every processor of the machine at `root`, recording the I/O layer.
/// The dump document is not kept: the calls are what the capture needs.
fn record(root: &Path) -> amdsmi::Result<trace::Capture> {
    let args = every_function()?;
    let (done, taken) = trace::capture(|| {
        let flags = amdsmi::AmdSmiInitFlags::INIT_ALL_PROCESSORS;
        let context = Context::builder().root(root).flags(flags).build()?;
        crate::dump::run(&context, &args, &mut |_| true)
    });
    done.map(|()| taken)
}

/// `dump`'s options for every function: `amd-smi dump` without options.
fn every_function() -> amdsmi::Result<crate::dump::Args> {
    use clap::{Args as _, FromArgMatches as _};
    let command = crate::dump::Args::augment_args(clap::Command::new("dump"));
    command
        .try_get_matches_from(["dump"])
        .and_then(|matches| crate::dump::Args::from_arg_matches(&matches))
        .map_err(|e| Error::parameter(format!("dump's options: {e}")))
}

/// Where the content of the files written comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Files the kernel serves from the bytes read, device nodes from their answers; fixture
    /// files copied (`trace::served_by_kernel`).
    Auto,
    /// Every file from the bytes read and every device node that answered from its answers, as
    /// on a live machine (tests run the live path on fixtures with it).
    #[cfg(test)]
    Live,
}

/// What a path of the source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dir,
    File,
    /// A character device or anything else that is neither a file nor a directory.
    Node,
}

/// The source's layout the recorded calls went through, relative to the root.
#[derive(Default)]
struct Layout {
    /// Links: path -> target as written (relative).
    links: BTreeMap<PathBuf, PathBuf>,
    /// Directories, files and nodes by the path the recorder saw them at (no link in it).
    objects: BTreeMap<PathBuf, Kind>,
    /// Files read (by their link-free path).
    read: BTreeSet<PathBuf>,
    /// Directories listed (by their link-free path).
    listed: BTreeSet<PathBuf>,
    /// The link-free path each recorded path reached.
    reached: BTreeMap<PathBuf, PathBuf>,
    /// What [`Layout::inspect`] found at each path it looked at.
    seen: std::collections::HashMap<PathBuf, Option<Source>>,
    source: PathBuf,
}

/// A path of the source: a link (with its target) or an object.
#[derive(Clone, Debug)]
enum Source {
    Link(PathBuf),
    Object(Kind),
}

/// The most links followed for one path (the kernel's `MAXSYMLINKS`).
const MAX_LINKS: u32 = 40;

impl Layout {
    /// The layout the recorded calls of `taken` went through on `source`.
    fn walk(source: &Path, taken: &trace::Capture) -> Layout {
        let mut layout = Layout { source: source.to_path_buf(), ..Layout::default() };
        for call in &taken.calls {
            let Ok(rel) = call.path.strip_prefix(source) else { continue };
            let follow_last = call.op != Op::ReadLink;
            let known = if call.op == Op::ReadLink { None } else { layout.reached.get(rel).cloned() };
            let Some(real) = known.or_else(|| layout.ensure(rel, follow_last, 0)) else { continue };
            if call.op == Op::ListDir
                && layout.objects.get(&real) == Some(&Kind::Dir)
                && layout.listed.insert(real.clone())
            {
                layout.list(&real);
            }
            if call.op == Op::Read {
                layout.read.insert(real.clone());
            }
            if call.op != Op::ReadLink {
                layout.reached.insert(rel.to_path_buf(), real);
            }
        }
        for answer in &taken.answers {
            if let Ok(rel) = answer.path.strip_prefix(source) {
                if let Some(real) = layout.ensure(rel, true, 0) {
                    layout.reached.insert(rel.to_path_buf(), real);
                }
            }
        }
        layout
    }

    /// Notes every component of `rel` on the way to it (following links, the last one only
    /// when `follow_last`) and returns the link-free path it reaches; `None` when it is not
    /// there (what exists of it is noted).
    fn ensure(&mut self, rel: &Path, follow_last: bool, depth: u32) -> Option<PathBuf> {
        if depth > MAX_LINKS {
            return None;
        }
        let parts: Vec<Component> = rel.components().collect();
        let mut real = PathBuf::new();
        for (i, part) in parts.iter().enumerate() {
            let name = match part {
                Component::Normal(name) => name,
                Component::ParentDir => {
                    real.pop();
                    continue;
                }
                _ => continue,
            };
            let here = real.join(name);
            let last = i + 1 == parts.len();
            match self.inspect(&here)? {
                Source::Link(target) => {
                    if last && !follow_last {
                        return Some(here);
                    }
                    let via = if target.is_absolute() { strip_root(&target) } else { real.join(&target) };
                    real = self.ensure(&via, true, depth + 1)?;
                }
                Source::Object(Kind::Dir) => real = here,
                Source::Object(_) if !last => return None,
                Source::Object(_) => real = here,
            }
        }
        Some(real)
    }

    /// What is at the link-free path `here` of the source (one `lstat` per path), noted.
    fn inspect(&mut self, here: &Path) -> Option<Source> {
        if let Some(known) = self.seen.get(here) {
            return known.clone();
        }
        let found = fs::symlink_metadata(self.source.join(here)).ok().and_then(|meta| {
            if meta.file_type().is_symlink() {
                let target = fs::read_link(self.source.join(here)).ok()?;
                self.links.insert(here.to_path_buf(), relative_target(here, &target));
                return Some(Source::Link(target));
            }
            let kind = match meta {
                m if m.is_dir() => Kind::Dir,
                m if m.is_file() => Kind::File,
                _ => Kind::Node,
            };
            self.objects.insert(here.to_path_buf(), kind);
            Some(Source::Object(kind))
        });
        self.seen.insert(here.to_path_buf(), found.clone());
        found
    }

    /// Notes every entry of the listed directory `dir` (links as links, not followed).
    fn list(&mut self, dir: &Path) {
        let Ok(entries) = fs::read_dir(self.source.join(dir)) else { return };
        for entry in entries.flatten() {
            let here = dir.join(entry.file_name());
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_symlink() {
                if let Ok(target) = fs::read_link(entry.path()) {
                    self.links.insert(here.clone(), relative_target(&here, &target));
                }
            } else {
                let kind = match kind {
                    k if k.is_dir() => Kind::Dir,
                    k if k.is_file() => Kind::File,
                    _ => Kind::Node,
                };
                self.objects.entry(here).or_insert(kind);
            }
        }
    }

    /// Writes the layout under `out` (which exists and is empty) with the files' content.
    fn write(
        &self,
        out: &Path,
        taken: &trace::Capture,
        mode: Mode,
        redactor: Option<&Redactor>,
    ) -> io::Result<Written> {
        let live = |real: &Path| match mode {
            Mode::Auto => trace::served_by_kernel(&self.source.join(real)),
            #[cfg(test)]
            Mode::Live => true,
        };
        let by_real = |path: &Path| path.strip_prefix(&self.source).ok().and_then(|rel| self.reached.get(rel));
        // The bytes each file was served and each node's answers, by link-free path.
        let mut served: BTreeMap<&Path, Vec<(u64, &[u8])>> = BTreeMap::new();
        for call in taken.calls.iter().filter(|c| c.op == Op::Read && !c.data.is_empty()) {
            if let Some(real) = by_real(&call.path) {
                served.entry(real.as_path()).or_default().push((call.offset, &call.data));
            }
        }
        let mut answers: BTreeMap<&Path, Vec<&trace::Answer>> = BTreeMap::new();
        for answer in &taken.answers {
            if let Some(real) = by_real(&answer.path) {
                answers.entry(real.as_path()).or_default().push(answer);
            }
        }

        let mut written = Written::default();
        // Directories made so far (one `mkdir` each).
        let mut made: BTreeSet<PathBuf> = BTreeSet::new();
        let mut make_dir = |dir: &Path| -> io::Result<()> {
            if !made.contains(dir) {
                fs::create_dir_all(dir)?;
                made.extend(dir.ancestors().map(Path::to_path_buf));
            }
            Ok(())
        };
        for (path, kind) in &self.objects {
            let dest = out.join(path);
            let answered = answers.get(path.as_path()).filter(|_| *kind == Kind::Node || live(path));
            let (bytes, entry) = match (kind, answered) {
                (Kind::Dir, _) => {
                    make_dir(&dest)?;
                    written.dirs += 1;
                    continue;
                }
                (_, Some(lines)) => (stand_in(lines), Entry::Derived("answers of the device node")),
                (Kind::Node, None) => {
                    written.left_out.push(path.clone());
                    continue;
                }
                (Kind::File, None) if !self.read.contains(path) => (Vec::new(), Entry::Empty),
                (Kind::File, None) if live(path) => {
                    (assemble(served.get(path.as_path()).map_or(&[][..], Vec::as_slice)), Entry::Captured)
                }
                (Kind::File, None) => (fs::read(self.source.join(path))?, Entry::Captured),
            };
            let (bytes, entry) = match redactor.and_then(|r| r.redact(path, &bytes)) {
                Some(redacted) => (redacted, Entry::Derived("redacted")),
                None => (bytes, entry),
            };
            if let Some(parent) = dest.parent() {
                make_dir(parent)?;
            }
            fs::write(&dest, bytes)?;
            written.files += 1;
            written.manifest.push(match entry {
                Entry::Captured => format!("captured\t{}\t/{}", path.display(), path.display()),
                Entry::Derived(how) => format!("derived\t{}\t/{} ({how})", path.display(), path.display()),
                Entry::Empty => format!("synthesized\t{}\tempty: listed or stat'ed, never read", path.display()),
            });
        }
        for (path, target) in &self.links {
            let dest = out.join(path);
            if let Some(parent) = dest.parent() {
                make_dir(parent)?;
            }
            std::os::unix::fs::symlink(target, &dest)?;
            written.links += 1;
            written.manifest.push(format!("link\t{}\t{}", path.display(), target.display()));
        }
        written.manifest.sort_by(|a, b| a.split('\t').nth(1).cmp(&b.split('\t').nth(1)));
        let header = "# kind\tpath\tsource (captured: the path on the captured machine; link: target)";
        let manifest = std::iter::once(header).chain(written.manifest.iter().map(String::as_str)).collect::<Vec<_>>();
        fs::write(out.join("MANIFEST.tsv"), manifest.join("\n") + "\n")?;
        written.osrelease = fs::read_to_string(out.join("proc/sys/kernel/osrelease")).ok().map(|t| t.trim().to_owned());
        Ok(written)
    }
}

/// How a file of the capture came to be (its `MANIFEST.tsv` kind).
enum Entry {
    Captured,
    Derived(&'static str),
    Empty,
}

/// What [`Layout::write`] wrote.
#[derive(Default)]
struct Written {
    files: usize,
    links: usize,
    dirs: usize,
    /// Device nodes that gave no answer the recorder notes: not written.
    left_out: Vec<PathBuf>,
    manifest: Vec<String>,
    /// The kernel release, when the library read it.
    osrelease: Option<String>,
}

/// The stand-in of a device node from its answers: the first line noted for each key, in
/// order, written in the stand-in's format.
fn stand_in(answers: &[&trace::Answer]) -> Vec<u8> {
    let mut seen = BTreeSet::new();
    let lines: Vec<&str> = answers.iter().filter(|a| seen.insert(a.key.as_str())).map(|a| a.line.as_str()).collect();
    answers.first().map_or_else(String::new, |a| (a.stand_in)(&lines)).into_bytes()
}

/// A file from the bytes its reads were served, each at its offset (the first read at an
/// offset wins; a gap no read covered is zeros).
fn assemble(reads: &[(u64, &[u8])]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut done = BTreeSet::new();
    for &(offset, data) in reads {
        let Ok(start) = usize::try_from(offset) else { continue };
        if !done.insert(start) {
            continue;
        }
        let end = start + data.len();
        if bytes.len() < end {
            bytes.resize(end, 0);
        }
        bytes[start..end].copy_from_slice(data);
    }
    bytes
}

/// `path` without its leading `/`.
fn strip_root(path: &Path) -> PathBuf {
    path.components().filter(|c| !matches!(c, Component::RootDir)).collect()
}

/// A link's target as the capture writes it: relative targets as they are; an absolute one
/// (resolved under the root, as the library resolves it) relative to the link's directory.
fn relative_target(link: &Path, target: &Path) -> PathBuf {
    if !target.is_absolute() {
        return target.to_path_buf();
    }
    let depth = link.parent().map_or(0, |p| p.components().count());
    let mut relative: PathBuf = std::iter::repeat("..").take(depth).collect();
    relative.push(strip_root(target));
    relative
}

/// The README of a capture.
fn readme(source: &Path, out: &Path, written: &Written, redactor: Option<&Redactor>) -> String {
    let kernel =
        written.osrelease.as_deref().unwrap_or("unknown (the library did not read /proc/sys/kernel/osrelease)");
    let mut text = format!(
        "# Machine root captured by amd-smi capture\n\n\
         Captured data: every file here is what amdsmi-rs read from the machine at `{}` while\n\
         every read-only function of `amd-smi dump` ran on every processor (see `MANIFEST.tsv`:\n\
         `captured` files hold the bytes read, `derived` ones were written from a device's\n\
         answers or redacted, `synthesized` ones are empty files the library only listed or\n\
         stat'ed, `link` lines are the machine's symbolic links). Read it with\n\
         `amd-smi --root {} dump`.\n\n\
         - Kernel: {kernel}\n\
         - Date: {}\n\
         - Tool: amd-smi {} (amdsmi-rs)\n\
         - Written: {} files, {} links, {} directories\n",
        source.display(),
        out.display(),
        utc_now(),
        env!("CARGO_PKG_VERSION"),
        written.files,
        written.links,
        written.dirs,
    );
    if !written.left_out.is_empty() {
        let nodes: Vec<String> = written.left_out.iter().map(|p| format!("`/{}`", p.display())).collect();
        text.push_str(&format!(
            "- Not captured (device nodes that gave no answer the recorder notes): {}\n",
            nodes.join(", ")
        ));
    }
    text.push_str(&match redactor {
        Some(r) => format!(
            "- Redacted: {} (each value replaced by a keyed hash of it, the same fake everywhere)\n",
            r.summary()
        ),
        None => "- Redacted: nothing (serial numbers, unique ids and host names are the machine's)\n".to_owned(),
    });
    text
}

/// Now, as `YYYY-MM-DD HH:MM UTC`.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02} UTC", rest / 3600, rest % 3600 / 60)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + u64::from(m <= 2), m, d)
}

/// The values `--redact` replaces, by file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Redacted {
    /// `serial_number` (the board's FRU serial).
    Serial,
    /// `fru_id`.
    FruId,
    /// The 64-bit unique id: sysfs `unique_id` (hex), KFD `properties` (decimal).
    UniqueId,
    /// `/proc/sys/kernel/hostname`, `/etc/hostname`.
    Hostname,
}

impl Redacted {
    /// What a file of the capture holds, by its path.
    fn of(path: &Path) -> Option<Redacted> {
        let name = path.file_name()?.to_str()?;
        match name {
            "serial_number" => Some(Redacted::Serial),
            "fru_id" => Some(Redacted::FruId),
            "unique_id" => Some(Redacted::UniqueId),
            "properties" if path.parent()?.parent()?.ends_with("topology/nodes") => Some(Redacted::UniqueId),
            "hostname" if path == Path::new("proc/sys/kernel/hostname") || path == Path::new("etc/hostname") => {
                Some(Redacted::Hostname)
            }
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Redacted::Serial => "serial numbers (`serial_number`)",
            Redacted::FruId => "FRU ids (`fru_id`)",
            Redacted::UniqueId => "unique ids (sysfs and KFD `unique_id`, and the UUIDs made from them)",
            Redacted::Hostname => "host names",
        }
    }
}

/// Fake values by a hash keyed with this run's random key ([`std::hash::RandomState`]).
struct Redactor {
    key: std::hash::RandomState,
    /// The files redacted, by what they held.
    done: std::cell::RefCell<BTreeMap<Redacted, usize>>,
}

impl Redactor {
    fn new() -> Redactor {
        Redactor { key: std::hash::RandomState::new(), done: std::cell::RefCell::default() }
    }

    /// The keyed hash of `value`.
    fn hash(&self, value: impl std::hash::Hash) -> u64 {
        std::hash::BuildHasher::hash_one(&self.key, value)
    }

    /// The fake of a 64-bit id: 0 (none) stays 0.
    fn fake_u64(&self, value: u64) -> u64 {
        match value {
            0 => 0,
            _ => self.hash(("u64", value)).max(1),
        }
    }

    /// The fake of a text value: each digit a digit, each letter a letter of the same case, the
    /// rest kept (the same length and shape, so parsers read it as they read the value).
    fn fake_text(&self, value: &str) -> String {
        value
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let h = self.hash(("text", value, i));
                match c {
                    '0'..='9' => char::from(b'0' + (h % 10) as u8),
                    'a'..='z' => char::from(b'a' + (h % 26) as u8),
                    'A'..='Z' => char::from(b'A' + (h % 26) as u8),
                    other => other,
                }
            })
            .collect()
    }

    /// `bytes` of the file at `path` with its values replaced, or `None` when the file holds
    /// none (or only values that stay: a unique id 0 is "none").
    fn redact(&self, path: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
        let what = Redacted::of(path)?;
        let redacted = self.replace(what, path, bytes).filter(|new| new != bytes)?;
        *self.done.borrow_mut().entry(what).or_default() += 1;
        Some(redacted)
    }

    /// `bytes` with the values of `what` replaced.
    fn replace(&self, what: Redacted, path: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
        let text = std::str::from_utf8(bytes).ok()?;
        let value = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        let fake = match what {
            Redacted::Serial | Redacted::FruId | Redacted::Hostname => self.fake_text(value),
            Redacted::UniqueId if path.ends_with("properties") => {
                let lines = text.lines().map(|line| match line.strip_prefix("unique_id ") {
                    Some(n) => n.trim().parse().map_or(line.to_owned(), |n| format!("unique_id {}", self.fake_u64(n))),
                    None => line.to_owned(),
                });
                let mut out = lines.collect::<Vec<_>>().join("\n");
                if text.ends_with('\n') {
                    out.push('\n');
                }
                return Some(out.into_bytes());
            }
            Redacted::UniqueId => {
                let n = u64::from_str_radix(value, 16).ok()?;
                format!("{:0width$x}", self.fake_u64(n), width = value.len())
            }
        };
        Some(text.replacen(value, &fake, 1).into_bytes())
    }

    /// What was redacted, for the README.
    fn summary(&self) -> String {
        let done = self.done.borrow();
        if done.is_empty() {
            return "nothing found to redact".to_owned();
        }
        let parts: Vec<String> = done.iter().map(|(what, files)| format!("{} in {files} files", what.name())).collect();
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine(name: &str) -> PathBuf {
        fs::canonicalize(format!("{}/../../fixtures/machines/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn dump_text(root: &Path) -> String {
        let flags = amdsmi::AmdSmiInitFlags::INIT_ALL_PROCESSORS;
        let context = Context::builder().root(root).flags(flags).build().unwrap();
        let mut text = String::new();
        crate::dump::run(&context, &every_function().unwrap(), &mut |piece| {
            text.push_str(piece);
            true
        })
        .unwrap();
        text
    }

    /// The live path (files from the bytes served, device nodes from their answers) run on
    /// fixtures: the machines with recorded render nodes (rx6900xt, desktop-2gpu, mi300x-cpx),
    /// recorded MSRs (mi300x-cpx), the emulated SMU of each HSMP protocol (genoa-2s 5,
    /// mi300a-2s 6 with its metrics table read in one read, turin-1s 7, mi300x-cpx 5).
    #[test]
    fn a_live_capture_reads_as_its_source() {
        let mut outs = BTreeMap::new();
        for name in ["rx6900xt", "desktop-2gpu", "mi300x-cpx", "mi300a-2s", "genoa-2s", "turin-1s"] {
            let source = machine(name);
            let out = tempfile::tempdir().unwrap();
            let taken = record(&source).unwrap();
            let written = Layout::walk(&source, &taken).write(out.path(), &taken, Mode::Live, None).unwrap();
            assert!(written.left_out.is_empty(), "{name}: {:?}", written.left_out);
            assert_eq!(dump_text(out.path()), dump_text(&source), "{name}");
            outs.insert(name, (out, taken));
        }
        // rx6900xt's render node, written from its answers: the lines of
        // fixtures/machines/rx6900xt/dev/dri/renderD128 that dump asks for.
        let node = fs::read_to_string(outs["rx6900xt"].0.path().join("dev/dri/renderD128")).unwrap();
        assert!(node.contains("\nversion 3.57.0 amdgpu 20150101 AMD GPU\n"), "{node}");
        assert!(node.contains("\ninfo 0x10 0x0 0010d52700000000\n"), "{node}");
        assert!(node.contains("\ninfo 0x1b 0x3 4e4156493231205854582044343132303520313647422032323530"), "{node}");
        // Each query once: the kernel's answers may change between two queries (VRAM usage).
        assert_eq!(node.matches("info 0x16 0x0 bf73").count(), 1, "{node}");
        // mi300x-cpx's MSR device of CPU 0 (fixtures/machines/mi300x-cpx/dev/cpu/0/msr):
        // MSR_RAPL_PWR_UNIT and both energy counters, as the stand-in's `<register> <value>` lines.
        let (out, taken) = &outs["mi300x-cpx"];
        let answers = taken.answers.iter().filter(|a| a.path.ends_with("dev/cpu/0/msr"));
        let msr: BTreeSet<&str> = answers.map(|a| a.line.as_str()).collect();
        assert_eq!(
            msr.into_iter().collect::<Vec<_>>(),
            ["0xc0010299 0xa1003", "0xc001029a 0x200000000", "0xc001029b 0x4089abcdef"]
        );
        let written = fs::read_to_string(out.path().join("dev/cpu/0/msr")).unwrap();
        assert!(written.starts_with("# written by amd-smi capture") && written.contains("\n0xc0010299 0xa1003\n"));
        // genoa-2s's SMU from its answers (fixtures/machines/genoa-2s/dev/hsmp): socket power
        // 95123 + 1000 x socket mW, DIMM 0x80's power 1875 mW every 5 ms, the second core's
        // own boost limit (APIC 2: 3500 MHz).
        let smu = fs::read_to_string(outs["genoa-2s"].0.path().join("dev/hsmp")).unwrap();
        let socket1 = smu.find("[socket1]\n").unwrap();
        let (first, second) = smu.split_at(socket1);
        assert!(first.starts_with("# written by amd-smi capture from the answers the SMU gave\n[socket0]\n"));
        assert!(first.contains("\nsocket_power = 95123\n") && second.contains("\nsocket_power = 96123\n"), "{smu}");
        assert!(first.contains("\ndimm.128.power = 1875\ndimm.128.power_update_rate = 5\n"), "{smu}");
        assert!(first.contains("\ncore.2.boost_limit = 3500\n") && first.contains("\nsmt = 1\n"), "{smu}");
        // Nothing that sets: no key only a SET answers (SET_PCI_RATE's pcie_rate, GMI3 width).
        assert!(!smu.contains("pcie_rate") && !smu.contains("gmi3_width"), "{smu}");
    }

    #[test]
    fn a_file_is_the_reads_at_their_offsets() {
        assert_eq!(assemble(&[]), b"");
        // A stream read to its end: 4 bytes, then 2, then the read that found the end.
        assert_eq!(assemble(&[(0, b"abcd"), (4, b"ef"), (6, b"")]), b"abcdef");
        // reg_state blocks at 4 KiB offsets: zeros between them.
        let blocks = assemble(&[(0x1000, b"xy"), (0, b"ab")]);
        assert_eq!((blocks.len(), &blocks[..2], &blocks[0x1000..]), (0x1002, &b"ab"[..], &b"xy"[..]));
        // The same offset read twice (a value that changed): the first read is kept.
        assert_eq!(assemble(&[(0, b"41000\n"), (0, b"42000\n")]), b"41000\n");
    }

    #[test]
    fn absolute_links_become_relative() {
        let fd = Path::new("proc/4242/fd/5");
        assert_eq!(relative_target(fd, Path::new("/dev/dri/renderD128")), Path::new("../../../dev/dri/renderD128"));
        let driver = Path::new("sys/devices/pci0000:00/0000:00:01.1/0000:03:00.0/driver");
        assert_eq!(
            relative_target(driver, Path::new("../../../../bus/pci/drivers/amdgpu")),
            Path::new("../../../../bus/pci/drivers/amdgpu")
        );
        assert_eq!(strip_root(Path::new("/sys/class/drm")), Path::new("sys/class/drm"));
    }

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2026-12-07 is day 20,794 (56 years, 14 of them leap, + 340 days).
        assert_eq!(civil_from_days(20_794), (2026, 12, 7));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn redaction_keeps_formats_and_is_consistent() {
        let r = Redactor::new();
        let kfd = Path::new("sys/devices/virtual/kfd/kfd/topology/nodes/2/properties");
        let sysfs = Path::new("sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0/unique_id");
        // mi300x-cpx 0000:05:00.0: sysfs unique_id e3aa140f9a5f9e31 is KFD node 2's
        // unique_id 16404946649897475633.
        let hex = String::from_utf8(r.redact(sysfs, b"e3aa140f9a5f9e31\n").unwrap()).unwrap();
        let props = r.redact(kfd, b"cpu_cores_count 0\nunique_id 16404946649897475633\nnum_xcc 1\n").unwrap();
        let props = String::from_utf8(props).unwrap();
        let fake = u64::from_str_radix(hex.trim(), 16).unwrap();
        assert_eq!((hex.len(), hex.ends_with('\n')), (17, true));
        assert_ne!(fake, 0xe3aa_140f_9a5f_9e31);
        assert_eq!(props, format!("cpu_cores_count 0\nunique_id {fake}\nnum_xcc 1\n"));
        // 0 means "none" and stays 0: nothing to redact in that file.
        assert_eq!(r.redact(kfd, b"unique_id 0\n"), None);
        // Text keeps its shape: digits, letters of the same case, the rest.
        let serial = r.redact(Path::new("x/serial_number"), b"PCB-692300000001\n").unwrap();
        let serial = String::from_utf8(serial).unwrap();
        assert_eq!(serial.len(), 17);
        assert!(serial.starts_with(|c: char| c.is_ascii_uppercase()) && &serial[3..4] == "-");
        assert!(serial[4..16].bytes().all(|b| b.is_ascii_digit()) && serial != "PCB-692300000001\n");
        assert_eq!(r.redact(Path::new("y/serial_number"), b"PCB-692300000001\n").unwrap(), serial.as_bytes());
        let host = r.redact(Path::new("proc/sys/kernel/hostname"), b"gpu-node-17\n").unwrap();
        assert_eq!(host.len(), 12);
        assert_ne!(host, b"gpu-node-17\n");
        // Files that hold none of it are not touched; a file named `hostname` elsewhere neither.
        assert_eq!(r.redact(Path::new("sys/class/drm/version"), b"drm 1.1.0 20060810\n"), None);
        assert_eq!(r.redact(Path::new("sys/hostname"), b"x\n"), None);
        assert_eq!(
            r.summary(),
            "serial numbers (`serial_number`) in 2 files; unique ids (sysfs and KFD `unique_id`, and the UUIDs made \
             from them) in 2 files; host names in 1 files"
        );
    }
}

//! `amd-smi ras --cper [--severity SEV...] [--folder DIR] [--afid] [--json]`: the GPUs' CPER
//! entries, as AMD's `amd-smi ras --cper` reads them (every primary partition's debugfs ring,
//! paged 1 MiB and 20 entries at a time, cursor by cursor; here each ring is read and scanned once
//! and the pages taken from that, `amdsmi::cper::ring::CperRing::pages`); with `--folder`, one
//! `<severity>-<n>.cper` (the raw record) and one `<severity>-<n>.json` (its entry) per entry,
//! `n` counting from 1 across GPUs. A GPU whose ring cannot be read is reported and skipped:
//! AMD's tool stops at a NO_PERM, NOT_SUPPORTED or FILE_ERROR ring and silently skips a GPU on
//! any other error (`amdsmi_commands.py`, `ras --cper`); issue 13 asks for every GPU's entries.
//! `amd-smi ras --afid --cper-file FILE` prints the AFIDs of one record file.
//!
//! AMD's 7.0 options `--follow` and `--file-limit N` (`amdsmi_parser.py`, `ras`): `--follow`
//! keeps reading the rings, once a second, and prints (and with `--folder` writes) each entry
//! that appeared since the previous read, until interrupted; `--file-limit N` keeps at most N
//! files in the `--folder` directory, deleting the oldest (by modification time, then name) after
//! each read: the count AMD's ROCm 7.1.0 fix settled on, `len(folder_files) - file_limit`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use amdsmi::cper::afid;
use amdsmi::{Context, CperEntry, Error, Status};
use serde::Serialize;

use crate::render::table::{self, Cell};
use crate::render::{self, json};

/// Options of `ras`.
#[derive(clap::Args)]
pub struct Args {
    /// Read the GPUs' CPER entries (needs root: the rings are in debugfs)
    #[arg(long)]
    cper: bool,
    /// Severities to read
    #[arg(long, value_enum, num_args = 1.., default_value = "all")]
    severity: Vec<Severity>,
    /// Write one .cper (the raw record) and one .json (its entry) per entry into DIR
    #[arg(long, value_name = "DIR")]
    folder: Option<PathBuf>,
    /// Show each entry's AMD Field IDs; with --cper-file, print the AFIDs of that file
    #[arg(long)]
    afid: bool,
    /// A CPER record file (e.g. a .cper written by --folder) for --afid
    #[arg(long = "cper-file", value_name = "FILE", requires = "afid")]
    cper_file: Option<PathBuf>,
    /// Keep reading the CPER rings, printing each new entry, until interrupted
    #[arg(long, requires = "cper")]
    follow: bool,
    /// Keep at most N files in the --folder directory (the oldest are deleted)
    #[arg(long = "file-limit", value_name = "N", requires = "folder", value_parser = clap::value_parser!(u64).range(1..))]
    file_limit: Option<u64>,
    #[command(flatten)]
    gpus: crate::select::Gpus,
    #[command(flatten)]
    output: render::Output,
}

/// `--severity` values, as AMD's tool names them.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Severity {
    All,
    Fatal,
    Nonfatal,
    NonfatalUncorrected,
    NonfatalCorrected,
    Corrected,
}

impl Severity {
    /// The `severity_mask` bits (`1 << AMDSMI_CPER_SEV_*`).
    fn mask(self) -> u32 {
        match self {
            Severity::All => 0b111,
            Severity::Fatal => 1 << 1,
            Severity::Nonfatal | Severity::NonfatalUncorrected => 1 << 0,
            Severity::NonfatalCorrected | Severity::Corrected => 1 << 2,
        }
    }
}

/// Bytes asked for per call (AMD's tool passes 1 MiB).
const BUFFER_SIZE: u64 = 1 << 20;

/// How long `--follow` waits between two reads of the rings.
const FOLLOW_INTERVAL: Duration = Duration::from_secs(1);

/// One entry read, with the file it was written to and its AMD Field IDs (with `--afid` or
/// `--folder`); its GPU's number goes with it.
#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    entry: CperEntry,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    afids: Option<Vec<u64>>,
}

/// The AFIDs of one record file.
#[derive(Serialize)]
struct Afids {
    afids: Vec<u64>,
}

/// How an entry is named: in file names (`uncorrected`, `corrected`, `fatal`, `boot`) and in the
/// severity column (`NONFATAL-UNCORRECTED`, `NONFATAL-CORRECTED`, `FATAL`, `BOOT`).
fn severity_names(entry: &CperEntry) -> (&'static str, &'static str) {
    match (entry.error_severity.name(), entry.notify_type.as_str()) {
        ("non_fatal_uncorrected", _) => ("uncorrected", "NONFATAL-UNCORRECTED"),
        ("non_fatal_corrected", _) => ("corrected", "NONFATAL-CORRECTED"),
        ("fatal", "BOOT") => ("boot", "BOOT"),
        ("fatal", _) => ("fatal", "FATAL"),
        _ => ("unknown", "UNKNOWN"),
    }
}

/// AMD's messages for the errors that stop `ras --cper`.
fn cper_error(err: Error) -> Error {
    let hint = match err.status() {
        Status::NoPerm => "Error opening CPER file. This command requires elevation",
        Status::NotSupported | Status::FileNotFound => {
            "Error accessing CPER files. This command requires CPER to be enabled."
        }
        Status::FileError => "Error opening CPER file. Unable to read CPER File",
        _ => return err,
    };
    let mut out = Error::new(err.status()).with_detail(hint);
    if let Some(path) = err.path() {
        out = out.with_path(path);
    }
    out
}

fn write_file(path: &Path, bytes: &[u8]) -> amdsmi::Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, &e))
}

/// The entries read, with their GPU's number; how many rings were read; the GPUs whose ring
/// could not be read (or paged), with the error.
struct Read {
    rows: Vec<(usize, Row)>,
    rings: usize,
    failures: Vec<(usize, Error)>,
}

/// What a reader has seen so far: the entries of each GPU already read (`--follow` shows only
/// the later ones), and how many entries were numbered for file names.
#[derive(Default)]
struct Seen {
    per_gpu: HashMap<usize, usize>,
    numbered: usize,
}

/// Reads the ring of every selected primary partition once and pages its entries, keeping those
/// not `seen` yet; writes the files when a folder is given. A GPU whose ring cannot be read is a
/// failure of that GPU: the others are still read (a file that cannot be written stops the
/// command).
fn read_entries(context: &Context, args: &Args, seen: &mut Seen) -> amdsmi::Result<Read> {
    let mask = args.severity.iter().fold(0, |m, s| m | s.mask());
    let gpus = args.gpus.resolve(context)?;
    if let Some(folder) = &args.folder {
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, &e))?;
    }
    let mut read = Read { rows: Vec::new(), rings: 0, failures: Vec::new() };
    for (gpu, handle) in gpus {
        // Secondary partitions share the primary's ring (their cards have none): skipped.
        if context.gpu(handle).and_then(|g| g.kfd_info()).ok().and_then(|k| k.current_partition_id) != Some(0) {
            continue;
        }
        let ring = match context.gpu(handle).and_then(|g| g.cper_ring()) {
            Ok(ring) => ring,
            Err(err) => {
                read.failures.push((gpu, cper_error(err)));
                continue;
            }
        };
        read.rings += 1;
        // A ring holding fewer entries than were seen has wrapped: all of it is new.
        let already = seen.per_gpu.get(&gpu).copied().unwrap_or(0);
        let mut index = 0;
        for page in ring.pages(mask, BUFFER_SIZE) {
            let page = match page {
                Ok(page) => page,
                Err(err) => {
                    read.failures.push((gpu, cper_error(err)));
                    break;
                }
            };
            for (entry, data) in page.entries.into_iter().zip(page.cper_data) {
                index += 1;
                if index <= already {
                    continue;
                }
                // A record the ring scan found has a valid header, so decoding it cannot fail.
                let afids = (args.afid || args.folder.is_some())
                    .then(|| afid::afids_from_cper(&data.bytes).unwrap_or_default());
                let file_name = match &args.folder {
                    Some(folder) => {
                        seen.numbered += 1;
                        let name = format!("{}-{}", severity_names(&entry).0, seen.numbered);
                        write_file(&folder.join(format!("{name}.cper")), &data.bytes)?;
                        write_file(&folder.join(format!("{name}.json")), json::document(&entry).as_bytes())?;
                        Some(format!("{name}.cper"))
                    }
                    None => None,
                };
                read.rows.push((gpu, Row { entry, file_name, afids }));
            }
        }
        if index < already {
            seen.per_gpu.insert(gpu, 0);
        } else {
            seen.per_gpu.insert(gpu, index);
        }
    }
    if let (Some(folder), Some(limit)) = (&args.folder, args.file_limit) {
        limit_files(folder, limit)?;
    }
    Ok(read)
}

/// Deletes the oldest files of `folder` (by modification time, then name) until at most `limit`
/// are left.
fn limit_files(folder: &Path, limit: u64) -> amdsmi::Result<()> {
    let listing = std::fs::read_dir(folder).map_err(|e| Error::io(folder, &e))?;
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = listing
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| (e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH), e.path()))
        .collect();
    files.sort();
    let extra = files.len().saturating_sub(usize::try_from(limit).unwrap_or(usize::MAX));
    for (_, path) in files.into_iter().take(extra) {
        std::fs::remove_file(&path).map_err(|e| Error::io(&path, &e))?;
    }
    Ok(())
}

/// `--follow`: reads the rings again once a second and writes each new entry (its line for
/// people, its record in JSON or CSV) until the output is gone or the process is interrupted.
fn follow(context: &Context, args: &Args, seen: &mut Seen, emit: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    loop {
        std::thread::sleep(FOLLOW_INTERVAL);
        let read = read_entries(context, args, seen)?;
        for (gpu, row) in &read.rows {
            let text =
                if args.output.human() { entry_line(*gpu, row) } else { render::record(args.output, "gpu", *gpu, row) };
            if !emit(&text) {
                return Ok(());
            }
        }
    }
}

fn afid_list(afids: &[u64]) -> String {
    afids.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")
}

/// The entries as amd-smi lists them for people: a warning without `--folder`, then one line
/// per entry (timestamp, GPU, severity; the file name with `--folder`, the AFIDs with `--afid`).
/// One line of the entry list: timestamp, GPU, severity, then the file name and the AFIDs when
/// they are shown.
fn line(timestamp: &str, gpu: String, severity: &str, file_name: Option<&str>, afids: Option<String>) -> String {
    let mut cells = vec![
        Cell::Left(timestamp.to_owned(), 20),
        Cell::Plain(" ".into()),
        Cell::Left(gpu, 7),
        Cell::Plain(" ".into()),
        Cell::Left(severity.to_owned(), 20),
    ];
    if let Some(name) = file_name {
        cells.extend([Cell::Plain(" ".into()), Cell::Left(name.to_owned(), 17)]);
    }
    if let Some(afids) = afids {
        cells.extend([Cell::Plain(" ".into()), Cell::Plain(afids)]);
    }
    table::line(&cells)
}

/// The line of one entry.
fn entry_line(gpu: usize, row: &Row) -> String {
    let afids = row.afids.as_deref().map(afid_list);
    line(&row.entry.timestamp, gpu.to_string(), severity_names(&row.entry).1, row.file_name.as_deref(), afids)
}

fn human(rows: &[(usize, Row)], args: &Args) -> String {
    let folder = args.folder.is_some();
    let mut out = String::new();
    if !folder {
        out.push_str(
            "WARNING: No CPER files will be dumped unless --folder=<folder_name> is specified and cper entries exist.\n",
        );
    }
    let afids_title = (args.afid || folder).then(|| "list of afids".to_owned());
    out.push_str(&line("timestamp", "gpu_id".into(), "severity", folder.then_some("file_name"), afids_title));
    for (gpu, row) in rows {
        out.push_str(&entry_line(*gpu, row));
    }
    out
}

/// Runs `ras`. With `--cper`, a GPU whose ring cannot be read is reported on stderr (`amd-smi:
/// GPU n: error`, as `event` reports a GPU it cannot listen on) and the other GPUs' entries are
/// still printed; the command then fails (nothing on stdout when no ring could be read).
pub fn run(context: &Context, args: &Args, emit: &mut dyn FnMut(&str) -> bool) -> amdsmi::Result<()> {
    if let Some(path) = &args.cper_file {
        // One read of at most what a ring holds (`/dev/zero` or a huge file is UNEXPECTED_SIZE).
        let bytes = amdsmi::sysfs::read_once(path, amdsmi::cper::ring::MAX_RING_FILE as usize)?;
        let (afids, _) = amdsmi::amdsmi_get_afids_from_cper(&bytes).map_err(|e| e.with_path(path))?;
        emit(&if args.output.json { json::line(&Afids { afids }) } else { format!("{}\n", afid_list(&afids)) });
        return Ok(());
    }
    if !args.cper {
        return Err(Error::parameter("ras needs --cper, or --afid --cper-file FILE"));
    }
    let mut seen = Seen::default();
    let Read { rows, rings, failures } = read_entries(context, args, &mut seen)?;
    if rings > 0 || failures.is_empty() {
        emit(&if !args.output.human() { render::records(args.output, "gpu", &rows) } else { human(&rows, args) });
    }
    if args.follow && rings > 0 {
        follow(context, args, &mut seen, emit)?;
    }
    for (gpu, err) in &failures {
        eprintln!("amd-smi: GPU {gpu}: {err}");
    }
    match failures.first() {
        None => Ok(()),
        Some((_, first)) => {
            let gpus = failures.iter().map(|(gpu, _)| gpu.to_string()).collect::<Vec<_>>().join(", ");
            Err(Error::new(first.status()).with_detail(format!("the CPER ring of GPU {gpus} could not be read")))
        }
    }
}

//! `amd-smi ras --cper [--severity SEV...] [--folder DIR] [--afid] [--json]`: the GPUs' CPER
//! entries, as AMD's `amd-smi ras --cper` reads them (every primary partition's debugfs ring, 1
//! MiB per call, cursor by cursor); with `--folder`, one `<severity>-<n>.cper` (the raw record)
//! and one `<severity>-<n>.json` (its entry) per entry, `n` counting from 1 across GPUs.
//! `amd-smi ras --afid --cper-file FILE` prints the AFIDs of one record file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use amdsmi::cper::afid;
use amdsmi::{Context, CperEntry, Error, Status};
use serde_json::{json, Value};

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
    /// Print JSON instead of human-readable text
    #[arg(long)]
    json: bool,
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

/// One entry read, with where it came from and what was made of it.
struct Row {
    gpu: usize,
    entry: CperEntry,
    file_name: Option<String>,
    afids: Option<Vec<u64>>,
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

/// Reads every primary partition's entries; writes the files when a folder is given.
fn read_entries(context: &Context, args: &Args) -> amdsmi::Result<Vec<Row>> {
    let mask = args.severity.iter().fold(0, |m, s| m | s.mask());
    if let Some(folder) = &args.folder {
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, &e))?;
    }
    let mut rows = Vec::new();
    for (gpu, handle) in context.processor_handles().into_iter().enumerate() {
        // Secondary partitions share the primary's ring (their cards have none): skipped.
        if context.gpu(handle).and_then(|g| g.kfd_info()).ok().and_then(|k| k.current_partition_id) != Some(0) {
            continue;
        }
        let mut cursor = 0;
        loop {
            let batch =
                context.gpu(handle).and_then(|g| g.cper_entries(mask, BUFFER_SIZE, cursor)).map_err(cper_error)?;
            if batch.entries.is_empty() || batch.cursor == cursor {
                break;
            }
            cursor = batch.cursor;
            for (entry, data) in batch.entries.into_iter().zip(batch.cper_data) {
                // A record the ring scan found has a valid header, so decoding it cannot fail.
                let afids = (args.afid || args.folder.is_some())
                    .then(|| afid::afids_from_cper(&data.bytes).unwrap_or_default());
                let file_name = match &args.folder {
                    Some(folder) => {
                        let name = format!("{}-{}", severity_names(&entry).0, rows.len() + 1);
                        write_file(&folder.join(format!("{name}.cper")), &data.bytes)?;
                        let json = serde_json::to_string_pretty(&entry).unwrap_or_default();
                        write_file(&folder.join(format!("{name}.json")), json.as_bytes())?;
                        Some(format!("{name}.cper"))
                    }
                    None => None,
                };
                rows.push(Row { gpu, entry, file_name, afids });
            }
        }
    }
    Ok(rows)
}

fn afid_list(afids: &[u64]) -> String {
    afids.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")
}

/// Runs `ras`.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    if let Some(path) = &args.cper_file {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        let (afids, _) = amdsmi::amdsmi_get_afids_from_cper(&bytes).map_err(|e| e.with_path(path))?;
        return Ok(if args.json {
            format!("{}\n", json!({ "afids": afids }))
        } else {
            format!("{}\n", afid_list(&afids))
        });
    }
    if !args.cper {
        return Err(Error::parameter("ras needs --cper, or --afid --cper-file FILE"));
    }
    let rows = read_entries(context, args)?;
    if args.json {
        let list: Vec<Value> = rows
            .iter()
            .map(|row| {
                let mut value = json!({ "gpu": row.gpu });
                if let (Value::Object(map), Ok(Value::Object(entry))) = (&mut value, serde_json::to_value(&row.entry)) {
                    map.extend(entry);
                    if let Some(name) = &row.file_name {
                        map.insert("file_name".into(), name.clone().into());
                    }
                    if let Some(afids) = &row.afids {
                        map.insert("afids".into(), afids.clone().into());
                    }
                }
                value
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
        text.push('\n');
        return Ok(text);
    }
    let mut out = String::new();
    if args.folder.is_none() {
        out.push_str(
            "WARNING: No CPER files will be dumped unless --folder=<folder_name> is specified and cper entries exist.\n",
        );
    }
    let _ = write!(out, "{:<20} {:<7} {:<20}", "timestamp", "gpu_id", "severity");
    if args.folder.is_some() {
        let _ = write!(out, " {:<17}", "file_name");
    }
    if args.afid || args.folder.is_some() {
        out.push_str(" list of afids");
    }
    out.push('\n');
    for row in &rows {
        let _ = write!(out, "{:<20} {:<7} {:<20}", row.entry.timestamp, row.gpu, severity_names(&row.entry).1);
        if let Some(name) = &row.file_name {
            let _ = write!(out, " {name:<17}");
        }
        if let Some(afids) = &row.afids {
            let _ = write!(out, " {}", afid_list(afids));
        }
        out.push('\n');
    }
    Ok(out)
}

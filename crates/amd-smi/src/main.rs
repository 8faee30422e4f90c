//! `amd-smi`: the command-line tool over the `amdsmi` crate.
//!
//! Every command runs on the machine under `--root` (default: `AMDSMI_ROOT`, else `/`), so it works
//! the same on a live machine and on a fixture root. Each command builds typed records and hands
//! them to [`render`], which writes them for people, as JSON or as CSV; this file decides where
//! the text goes: stdout, or appended to `--file PATH` (AMD's `AMDSMILogger` opens its
//! destination file with `'a'`; nothing is then written to stdout).

#![deny(unsafe_code)]

// Machine roots of the running machine.
mod capture;
mod dump;
// EPYC CPUs: the CPU sections of `static` and `metric`.
mod epyc;
mod list;
mod metric;
mod render;
mod static_info;
// Topology and XGMI.
mod topology;
mod xgmi;
// RAS/ECC and GPU processes (ras/process area)
mod ecc;
mod process;
// Setters and resets.
mod reset;
mod set;
// CPER (src/cper)
mod ras;
// Events and counters.
mod event;
// Device selection (-g, -U, -O) and the watch runner (-w, -W, -i).
mod select;
mod watch;
// Versions, firmware, bad pages, partitions.
mod bad_pages;
mod firmware;
mod partition;
mod version;
// The default view (no command, `default`) and `monitor`.
mod dashboard;
mod monitor;

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "amd-smi", version, about = "AMD System Management Interface, in pure Rust")]
struct Cli {
    /// Resolve every kernel path under DIR (a machine root); default AMDSMI_ROOT, else /
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Append the output to FILE instead of printing it
    #[arg(long, global = true, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Log messages from LEVEL up on stderr
    #[arg(long, global = true, value_name = "LEVEL", value_enum, ignore_case = true, default_value = "ERROR")]
    loglevel: render::log::Level,
    /// Without a command: the default view (as `default`)
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Versions of this tool, the library, ROCm, and the amdgpu and HSMP drivers
    Version(version::Args),
    /// List GPUs: BDF, UUID, KFD id, node id, partition id (-e adds DRM, HSA and HIP ids)
    List(list::Args),
    /// Static GPU inventory: ASIC, bus, VBIOS, driver, board, limits, partition, NUMA, VRAM, caches
    Static(static_info::Args),
    /// Firmware blocks of each GPU and their versions
    #[command(visible_alias = "ucode")]
    Firmware(firmware::Args),
    /// Retired, pending and unreservable VRAM pages of each GPU
    BadPages(bad_pages::Args),
    /// Live telemetry: usage, power, clocks, temperatures, PCIe, fan, overdrive, perf level, memory
    Metric(metric::Args),
    /// Call every read-only API function on every processor and print one JSON document
    Dump(dump::Args),
    /// Links between GPUs: access, weight, hops, type, bandwidth, P2P capabilities
    Topology(topology::Args),
    /// XGMI link metrics of every GPU
    Xgmi(xgmi::Args),
    /// Processes on each GPU: name, pid, memory, engine usage, CU occupancy, eviction time
    Process(process::Args),
    /// Change GPU settings (fan, performance level, profile, clocks, power cap, partitions, policies)
    Set(set::Args),
    /// Return GPU settings to their defaults, reset the GPU or its XGMI errors, clean local data
    Reset(reset::Args),
    /// RAS: CPER error records of every GPU (--cper, root only), their AMD Field IDs (--afid)
    Ras(ras::Args),
    /// Current compute and memory partitions, memory partition modes, accelerator partition profiles
    Partition(partition::Args),
    /// Listen for GPU events (resets, throttling, faults, migrations, processes) and print them
    Event(event::Args),
    /// The default view: a table of the GPUs and one of their processes
    Default(dashboard::Args),
    /// Monitor GPUs: one line per GPU of power, temperatures, use, ECC, VRAM, PCIe, violations
    #[command(visible_alias = "dmon")]
    Monitor(monitor::Args),
    /// Serve GPU and CPU metrics to Prometheus on /metrics (AMD device-metrics-exporter names)
    Exporter {
        /// Address to listen on
        #[arg(long, value_name = "ADDR", default_value = amdsmi_exporter::server::DEFAULT_LISTEN)]
        listen: std::net::SocketAddr,
    },
    /// Write this machine (or --root) as a machine root that --root reads: the files the library reads
    Capture(capture::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    render::log::set_level(cli.loglevel);
    let command = cli.command.unwrap_or_else(|| Command::Default(dashboard::Args::default()));
    // GPUs by default; `dump` and `version` every processor; `static`/`metric` about CPUs (--cpu, --core) the CPUs.
    let flags = match &command {
        Command::Dump(_) | Command::Version(_) | Command::Exporter { .. } => {
            amdsmi::AmdSmiInitFlags::INIT_ALL_PROCESSORS
        }
        Command::Static(args) if static_info::wants_cpus(args) => amdsmi::AmdSmiInitFlags::INIT_AMD_CPUS,
        Command::Metric(args) if metric::wants_cpus(args) => amdsmi::AmdSmiInitFlags::INIT_AMD_CPUS,
        Command::Set(args) if set::wants_cpus(args) => amdsmi::AmdSmiInitFlags::INIT_ALL_PROCESSORS,
        _ => amdsmi::AmdSmiInitFlags::INIT_AMD_GPUS,
    };
    let mut builder = amdsmi::Context::builder().flags(flags);
    if let Some(root) = cli.root {
        builder = builder.root(root);
    }
    let context = match builder.build() {
        Ok(context) => context,
        Err(err) => {
            eprintln!("amd-smi: {err}");
            return ExitCode::FAILURE;
        }
    };
    // The file is opened before anything runs: a path that cannot be written is an error before
    // a setting changes.
    let mut file = match &cli.file {
        Some(path) => match File::options().create(true).append(true).open(path) {
            Ok(file) => Some(file),
            Err(err) => {
                eprintln!("amd-smi: {}: {err}", path.display());
                return ExitCode::FAILURE;
            }
        },
        None => None,
    };
    let mut failed = false;
    // Writes one piece of output; false once the destination is gone (a reader that stopped
    // early, as `| head` does, is not an error of ours) or broken.
    let mut emit = |text: &str| {
        let written = match file.as_mut() {
            Some(file) => file.write_all(text.as_bytes()),
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush())
            }
        };
        match written {
            Ok(()) => true,
            Err(err) => {
                if err.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("amd-smi: {err}");
                    failed = true;
                }
                false
            }
        }
    };
    let result = match command {
        Command::Version(args) => {
            emit(&version::run(&context, &args));
            Ok(())
        }
        Command::Firmware(args) => firmware::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::BadPages(args) => bad_pages::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::Partition(args) => partition::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::List(args) => list::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::Static(args) => static_info::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::Metric(args) => metric::run(&context, &args, &mut emit),
        Command::Dump(args) => dump::run(&context, &args, &mut emit),
        Command::Topology(args) => topology::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::Xgmi(args) => xgmi::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::Process(args) => process::run(&context, &args, &mut emit),
        Command::Set(args) => set::run(&context, &args, &mut emit),
        Command::Reset(args) => reset::run(&context, &args, &mut emit),
        Command::Ras(args) => ras::run(&context, &args, &mut emit),
        Command::Event(args) => event::run(&context, &args, &mut emit),
        Command::Default(args) => dashboard::run(&context, &args).map(|text| {
            emit(&text);
        }),
        Command::Monitor(args) => monitor::run(&context, &args, &mut emit),
        Command::Exporter { listen } => amdsmi_exporter::server::run(context, listen).map_err(|err| {
            let status = amdsmi::Status::from_errno(err.raw_os_error().unwrap_or(0));
            amdsmi::Error::new(status).with_detail(format!("exporter on {listen}: {err}"))
        }),
        Command::Capture(args) => capture::run(&context, &args).map(|text| {
            emit(&text);
        }),
    };
    if let Err(err) = result {
        eprintln!("amd-smi: {err}");
        failed = true;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A result as the JSON value AMD SMI's tools print: the value, or the status name of the error.
fn json_or_status<T: serde::Serialize>(result: amdsmi::Result<T>) -> serde_json::Value {
    match result {
        Ok(value) => serde_json::to_value(value).unwrap_or_else(|e| serde_json::Value::String(e.to_string())),
        Err(err) => serde_json::Value::String(err.status().name().to_owned()),
    }
}

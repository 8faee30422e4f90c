//! `amd-smi version [-g] [-c]`: the tool's, library's, ROCm's and drivers' versions.
//!
//! As AMD SMI 7.0.2 prints them (`amdsmi_cli/amdsmi_commands.py`, `AMDSMICommands.version`; the
//! human line as a 7.0.2 user reported it: `AMDSMI Tool: 26.0.2+39589fda | AMDSMI Library
//! version: 26.0.2 | ROCm version: 7.0.2 | amdgpu version: 6.14.14 | amd_hsmp version: N/A`):
//! the tool version, the library's `major.minor.release` (`amdsmi_get_lib_version`), the ROCm
//! version (`amdsmi_get_rocm_version`: `/opt/rocm/.info/version` under the machine root, `N/A`
//! without it), then with `-g` (or neither flag) the amdgpu driver version of the first GPU
//! (`amdsmi_get_gpu_driver_info`) and with `-c` (or neither flag) the HSMP driver version of the
//! first CPU socket (`amdsmi_get_cpu_hsmp_driver_version`, `major.minor`), `N/A` where absent.
//! JSON is a one-object list, as AMD's logger prints a record that names no device.

use amdsmi::Context;
use serde::Serialize;

use crate::render::{self, Na};

/// Options of `version` (AMD's spellings, `amdsmi_parser.py` `_add_version_parser`).
#[derive(clap::Args)]
pub struct Args {
    /// Display the current amdgpu driver version
    #[arg(short = 'g', long = "gpu_version")]
    gpu_version: bool,
    /// Display the current amd_hsmp driver version
    #[arg(short = 'c', long = "cpu_version")]
    cpu_version: bool,
    #[command(flatten)]
    output: render::Output,
}

/// `amd-smi version`'s record, in AMD's key order.
#[derive(Serialize)]
struct Version {
    tool: &'static str,
    version: &'static str,
    amdsmi_library_version: Na<String>,
    rocm_version: Na<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amdgpu_version: Option<Na<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    amd_hsmp_driver_version: Option<Na<String>>,
}

fn version(context: &Context, args: &Args) -> Version {
    let both = !args.gpu_version && !args.cpu_version;
    let library = amdsmi::amdsmi_get_lib_version().map(|v| format!("{}.{}.{}", v.major, v.minor, v.release));
    let (found, rocm) = amdsmi::rocm_version(context.root());
    let amdgpu = (both || args.gpu_version).then(|| {
        let first = context.processor_handles().first().copied();
        Na(first.and_then(|gpu| context.gpu(gpu).and_then(|g| g.driver_info()).ok()?.driver_version))
    });
    let hsmp = (both || args.cpu_version).then(|| {
        let first = context.cpusocket_handles().first().copied();
        Na(first.and_then(|cpu| {
            let v = context.cpu_socket(cpu).and_then(|s| s.hsmp_driver_version()).ok()?;
            Some(format!("{}.{}", v.hsmp_driver_major_ver_num, v.hsmp_driver_minor_ver_num))
        }))
    });
    Version {
        tool: "AMDSMI Tool",
        version: env!("CARGO_PKG_VERSION"),
        amdsmi_library_version: Na::ok(library),
        rocm_version: Na(found.then_some(rocm)),
        amdgpu_version: amdgpu,
        amd_hsmp_driver_version: hsmp,
    }
}

/// Renders `version`: AMD's one `|`-separated line, JSON, or CSV (one row).
pub fn run(context: &Context, args: &Args) -> String {
    let v = version(context, args);
    match args.output.format() {
        render::Format::Json => return render::json::list(&[v]),
        render::Format::Csv => {
            let row = match serde_json::to_value(&v) {
                Ok(serde_json::Value::Object(row)) => row,
                _ => serde_json::Map::new(),
            };
            return render::csv::table(&[row]);
        }
        render::Format::Human => {}
    }
    let text = render::human::text;
    let mut line = format!(
        "AMDSMI Tool: {} | AMDSMI Library version: {} | ROCm version: {}",
        v.version,
        text(&v.amdsmi_library_version),
        text(&v.rocm_version)
    );
    if let Some(amdgpu) = &v.amdgpu_version {
        line += &format!(" | amdgpu version: {}", text(amdgpu));
    }
    if let Some(hsmp) = &v.amd_hsmp_driver_version {
        line += &format!(" | amd_hsmp version: {}", text(hsmp));
    }
    line + "\n"
}

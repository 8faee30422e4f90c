//! AMD's Python package on our library: `pip install amdsmi==7.0.2` into a venv under the target
//! directory (nothing outside the repository), `ROCM_PATH` pointing at a folder whose `lib/`
//! holds the `libamd_smi.so` this workspace builds, `ROCM_HOME` unset (the package prefers it)
//! and `/proc/self/maps` checked, so the library the package loaded is ours; then every value
//! it returns is compared with the Rust API's on the same machine root.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use amdsmi::{AmdSmiInitFlags, AmdSmiMemoryType, AmdSmiTemperatureMetric, AmdSmiTemperatureType, Context, Status};
use serde_json::{json, Value};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from)
}

fn machine(name: &str) -> PathBuf {
    workspace().join("fixtures/machines").join(name)
}

fn run(command: &mut Command, what: &str) -> Vec<u8> {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The venv's python and the `ROCM_PATH` folder, made once per test run.
struct PythonEnv {
    python: PathBuf,
    rocm_path: PathBuf,
}

fn python_env() -> &'static PythonEnv {
    static ENV: OnceLock<PythonEnv> = OnceLock::new();
    ENV.get_or_init(|| {
        // `cargo test` builds the crate as an rlib only: build the cdylib the package loads.
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        run(
            Command::new(cargo).args(["build", "-p", "amdsmi-capi"]).current_dir(workspace()),
            "cargo build -p amdsmi-capi",
        );
        let target = target_dir();
        let rocm_path = target.join("capi-rocm");
        std::fs::create_dir_all(rocm_path.join("lib")).expect("ROCM_PATH/lib");
        std::fs::copy(target.join("debug/libamd_smi.so"), rocm_path.join("lib/libamd_smi.so"))
            .expect("copy libamd_smi.so");
        let venv = target.join("capi-venv");
        let python = venv.join("bin/python");
        if !python.exists() {
            run(Command::new("python3").arg("-m").arg("venv").arg(&venv), "python3 -m venv");
        }
        let installed = Command::new(&python).args(["-c", "import amdsmi"]).env("ROCM_PATH", &rocm_path).output();
        if !installed.is_ok_and(|o| o.status.success()) {
            let pip =
                ["-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check", "--quiet", "amdsmi==7.0.2"];
            run(Command::new(&python).args(pip), "pip install amdsmi==7.0.2");
        }
        PythonEnv { python, rocm_path }
    })
}

/// Runs `tests/python/<script>` with AMD's package on `machine`, `stdin` on its standard input;
/// its stdout parsed as JSON.
fn python_with(script: &str, machine_name: &str, args: &[&str], stdin: &str) -> Value {
    use std::io::Write;
    let env = python_env();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python").join(script);
    let mut command = Command::new(&env.python);
    command.arg(&script).args(args).env("ROCM_PATH", &env.rocm_path).env_remove("ROCM_HOME");
    command.env("AMDSMI_ROOT", machine(machine_name));
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("python");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("python output");
    let what = format!("python {script:?} on {machine_name}");
    assert!(out.status.success(), "{what} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the script prints JSON")
}

/// [`python_with`] and nothing on standard input.
fn python(script: &str, machine_name: &str, args: &[&str]) -> Value {
    python_with(script, machine_name, args, "")
}

/// A Rust result as the scripts record it: the value, or `"status:<AMD status number>"`.
fn py<T: Into<Value>>(result: amdsmi::Result<T>) -> Value {
    result.map_or_else(|e| Value::from(format!("status:{}", e.status().code())), Into::into)
}

fn compare_values(machine_name: &str, flags: &str) {
    let doc = python("values.py", machine_name, &[flags]);
    let ours = python_env().rocm_path.join("lib/libamd_smi.so").canonicalize().unwrap();
    assert_eq!(doc["library"], json!([ours.to_str().unwrap()]), "the package loaded our library");
    assert_eq!(doc["after_shut_down"], json!(Status::NotInit.code()));

    let flags = AmdSmiInitFlags::from_name(flags).unwrap();
    let ctx = Context::builder().root(machine(machine_name)).flags(flags).build().unwrap();
    let sockets: Vec<Value> = ctx.socket_handles().into_iter().map(|s| py(ctx.socket_info(s))).collect();
    assert_eq!(doc["sockets"], Value::from(sockets));
    // AMD's `amdsmi_get_processor_handles(socket)` lists a socket's GPUs only (CPU sockets and
    // cores come from `amdsmi_get_cpu_handles` / `amdsmi_get_cpucore_handles`).
    let handles: Vec<_> = ctx.processor_handles().into_iter().filter(|&h| ctx.gpu(h).is_ok()).collect();
    let processors = doc["processors"].as_array().unwrap();
    assert_eq!(processors.len(), handles.len(), "{machine_name}: processor count");
    for (entry, &h) in processors.iter().zip(&handles) {
        let kind = ctx.processor_type(h).unwrap().processor_type;
        let mut expected = json!({
            "processor_type": {"processor_type": format!("AMDSMI_PROCESSOR_TYPE_{}", kind.name())},
            "processor_info": py(ctx.processor_info(h)),
        });
        if let Ok(gpu) = ctx.gpu(h) {
            let bdf = gpu.device_bdf().unwrap().to_string();
            expected["bdf"] = bdf.into();
            expected["uuid"] = py(gpu.device_uuid());
            expected["id"] = py(gpu.id());
            expected["vendor_name"] = py(gpu.vendor_name());
            expected["vram_total"] = py(gpu.memory_total(AmdSmiMemoryType::Vram));
            expected["edge_current"] =
                py(gpu.temp_metric(AmdSmiTemperatureType::Edge, AmdSmiTemperatureMetric::Current));
            expected["from_bdf_roundtrip"] = true.into();
        }
        assert_eq!(entry, &expected, "{machine_name}");
    }
    let sockets: Vec<Value> = ctx
        .cpusocket_handles()
        .into_iter()
        .map(|h| {
            let socket = ctx.cpu_socket(h).unwrap();
            json!({
                "processor_info": py(ctx.processor_info(h)),
                "hsmp_proto_ver": py(socket.hsmp_proto_ver()),
                "prochot": py(socket.prochot_status()),
            })
        })
        .collect();
    assert_eq!(doc["cpu_sockets"], Value::from(sockets), "{machine_name}: CPU sockets");
    let cores: Vec<Value> = ctx
        .cpucore_handles()
        .into_iter()
        .map(|h| {
            // The package formats the boost limit as "<MHz> MHz".
            let boost = ctx.cpu_core(h).and_then(|c| c.boostlimit()).map(|mhz| format!("{mhz} MHz"));
            json!({"processor_info": py(ctx.processor_info(h)), "boostlimit": py(boost)})
        })
        .collect();
    assert_eq!(doc["cpu_cores"], Value::from(cores), "{machine_name}: CPU cores");
}

#[test]
fn package_values_equal_the_rust_api_on_gpu_machines() {
    for machine_name in ["rx6900xt", "mi300x-cpx", "phoenix", "hd7870"] {
        compare_values(machine_name, "INIT_AMD_GPUS");
    }
}

#[test]
fn package_values_equal_the_rust_api_with_cpus() {
    compare_values("genoa-2s", "INIT_ALL_PROCESSORS");
}

/// Functions whose Python wrapper fails in the package's own code (a TypeError of amdsmi
/// 7.0.2's `amdsmi_interface.py`), whatever the library returns: its limits, not ours; the C
/// functions are tested directly. `pm_metrics_info` / `reg_table_info` fail before the call;
/// `memory_reserved_pages` builds its array as `record_t * c_uint32` (not `.value`), so it
/// fails whenever a GPU has reserved pages (mi300x-cpx, mi210-xgmi).
const PACKAGE_LIMITS: [&str; 3] =
    ["amdsmi_get_gpu_pm_metrics_info", "amdsmi_get_gpu_reg_table_info", "amdsmi_get_gpu_memory_reserved_pages"];

#[test]
fn every_read_function_runs_through_the_package_on_every_machine() {
    use amdsmi::surface::{Dump, FUNCTIONS};
    let kinds = ["gpu", "cpu_socket", "cpu_core"];
    let functions: Vec<Value> = FUNCTIONS
        .iter()
        .filter(|f| f.dump == Dump::Read && kinds.contains(&f.kind))
        .map(|f| json!({"name": f.name, "kind": f.kind}))
        .collect();
    let stdin = Value::from(functions).to_string();
    let machines = std::fs::read_dir(workspace().join("fixtures/machines")).unwrap();
    let mut failures = Vec::new();
    for entry in machines {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let doc = python_with("sweep.py", &name, &["INIT_ALL_PROCESSORS"], &stdin);
        for (function, result) in doc.as_object().unwrap() {
            let Some(errors) = result.get("error").and_then(Value::as_array) else { continue };
            if !errors.is_empty() && !PACKAGE_LIMITS.contains(&function.as_str()) {
                failures.push(format!("{name}: {function}: {errors:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "the package raised on our values:\n{}", failures.join("\n"));
}

/// Examples of the Python reference (`amdsmi-python-api.md`) that do not finish as written, by
/// function and index within its section, with what they show: the start of the exception that
/// escapes them, or the class of an AmdSmiException the package built and the example printed.
/// None is our library's doing; each is the reference's or amdsmi 7.0.2's own.
const EXAMPLES_THAT_CANNOT_RUN: [(&str, u64, &str); 20] = [
    // The package's AmdSmiProcessorType names its members AMDSMI_PROCESSOR_TYPE_AMD_GPU, ...
    ("amdsmi_get_processor_type", 0, "AttributeError: AMD_GPU"),
    // Functions amdsmi 7.0.2 does not have (neither exported nor in amdsmi_interface).
    ("amdsmi_get_supported_power_cap", 0, "NameError"),
    ("amdsmi_get_gpu_revision", 0, "NameError"),
    ("amdsmi_set_cpu_rail_isofreq_policy", 0, "NameError"),
    ("amdsmi_get_cpu_rail_isofreq_policy", 0, "NameError"),
    ("amdsmi_set_dfc_ctrl", 0, "NameError"),
    ("amdsmi_get_dfc_ctrl", 0, "NameError"),
    // The package's dicts lack the keys the examples read: vbios info has no `boot_firmware`,
    // DDR bandwidth's keys are `ddr_bw_max_bw`, ...
    ("amdsmi_get_gpu_vbios_info", 0, "KeyError: 'boot_firmware'"),
    ("amdsmi_get_cpu_ddr_bw", 0, "KeyError: 'max_bw'"),
    // The examples call the function without an argument it requires.
    ("amdsmi_get_cpu_affinity_with_scope", 0, "TypeError: amdsmi_get_cpu_affinity_with_scope() missing"),
    ("amdsmi_get_cpu_current_io_bandwidth", 0, "TypeError: amdsmi_get_cpu_current_io_bandwidth() missing"),
    // Prints `bad_page`, never defined (raised wherever the threshold read succeeds).
    ("amdsmi_get_gpu_bad_page_threshold", 0, "NameError: name 'bad_page'"),
    // Placeholder `. . .` in a list: not Python.
    ("amdsmi_get_afids_from_cper", 1, "SyntaxError"),
    // A fragment of the loop over CPER files (`cper_file`) that the ras_feature_info example
    // holds whole (that one only defines its function: re-indented, its last line, the call,
    // falls inside the definition).
    ("amdsmi_get_afids_from_cper", 2, "NameError: name 'cper_file'"),
    // `finally: event.stop()` when the reader could not be made (NOT_SUPPORTED without KFD
    // events): `event` is unbound.
    ("AmdSmiEventReader", 0, "NameError: name 'event'"),
    // The package's own TypeErrors, whatever the library returns (see PACKAGE_LIMITS;
    // status_code_to_string builds `POINTER(ctypes.c_char())` from an instance).
    ("amdsmi_get_gpu_pm_metrics_info", 0, "TypeError: unhashable type"),
    ("amdsmi_get_gpu_reg_table_info", 0, "TypeError: unhashable type"),
    ("amdsmi_status_code_to_string", 0, "TypeError: unhashable type"),
    ("amdsmi_get_gpu_memory_reserved_pages", 0, "TypeError: can't multiply sequence"),
    // The package lists the nearest GPUs as plain ints (an array of c_void_p read back), which
    // its own amdsmi_get_gpu_device_uuid refuses: an AmdSmiParameterException, printed.
    ("amdsmi_get_link_topology_nearest", 0, "AmdSmiParameterException"),
];

/// The examples that take `devices[0]` and `devices[1]`: an IndexError on a machine with one GPU.
const TWO_GPU_EXAMPLES: [&str; 5] = [
    "amdsmi_topo_get_link_weight",
    "amdsmi_get_minmax_bandwidth_between_processors",
    "amdsmi_topo_get_link_type",
    "amdsmi_topo_get_p2p_status",
    "amdsmi_is_P2P_accessible",
];

/// Runs every example of the reference with AMD's package on a writable copy of `machine_name`
/// (the setter examples write), initialized with `flags`; the list `examples.py` prints.
fn run_examples(machine_name: &str, flags: &str) -> Vec<Value> {
    let copy = target_dir().join(format!("capi-examples-{machine_name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    run(Command::new("cp").arg("-a").arg(machine(machine_name)).arg(&copy), "cp -a machine");
    let reference = workspace().join("../shared/reference/amdsmi-python-api.md");
    let reference = reference.to_str().expect("UTF-8 path");
    // `machine()` joins its argument to the fixtures folder: an absolute path names the copy.
    let doc = python("examples.py", copy.to_str().expect("UTF-8 path"), &[reference, flags]);
    std::fs::remove_dir_all(&copy).expect("remove the copy");
    doc.as_array().expect("a list").clone()
}

/// `(function, index)` of an example's entry.
fn example_id(entry: &Value) -> (&str, u64) {
    (entry["function"].as_str().unwrap(), entry["index"].as_u64().unwrap())
}

/// The entry for `function`'s first example.
fn example<'a>(doc: &'a [Value], function: &str) -> &'a Value {
    doc.iter().find(|e| example_id(e) == (function, 0)).unwrap_or_else(|| panic!("no example of {function}"))
}

/// What went wrong in an example, other than AmdSmiLibraryExceptions: the exception that
/// escaped it, and the other AmdSmiExceptions it caught.
fn example_problems(entry: &Value) -> Vec<String> {
    let mut problems: Vec<String> = entry["amdsmi_exceptions"]
        .as_array()
        .map(|made| made.iter().map(|m| m.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default();
    problems.retain(|m| !m.starts_with("AmdSmiLibraryException"));
    if entry["status"] != "ran" {
        let exception = entry["exception"].as_str().unwrap().to_owned();
        if !exception.starts_with("AmdSmiLibraryException") {
            problems.push(exception);
        }
    }
    problems
}

/// Asserts every example `judged` keeps to the rule: it runs, with no exception but
/// AmdSmiLibraryException, or it is in [`EXAMPLES_THAT_CANNOT_RUN`] and shows what that says.
fn assert_examples_run(machine_name: &str, doc: &[Value], gpus: usize, judged: impl Fn(&Value) -> bool) {
    let mut failures = Vec::new();
    for entry in doc.iter().filter(|e| judged(e)) {
        let (function, index) = example_id(entry);
        let allowed = EXAMPLES_THAT_CANNOT_RUN.iter().find(|&&(f, i, _)| (f, i) == (function, index));
        for problem in example_problems(entry) {
            let expected = match allowed {
                Some(&(_, _, shows)) => problem.starts_with(shows),
                None => gpus < 2 && TWO_GPU_EXAMPLES.contains(&function) && problem.starts_with("IndexError"),
            };
            if !expected {
                failures.push(format!("{machine_name}: {function}[{index}]: {problem}\n{}", entry["source"]));
            }
        }
    }
    assert!(failures.is_empty(), "examples failed:\n{}", failures.join("\n"));
}

/// A CPU example: it works on `amdsmi_get_cpusocket_handles` / `amdsmi_get_cpucore_handles` or
/// is one of the CPU functions without a handle.
fn is_cpu_example(entry: &Value) -> bool {
    let source = entry["source"].as_str().unwrap();
    let (function, _) = example_id(entry);
    source.contains("amdsmi_get_cpusocket_handles")
        || source.contains("amdsmi_get_cpucore_handles")
        || ["amdsmi_get_threads_per_core", "amdsmi_get_cpu_family", "amdsmi_get_cpu_model"].contains(&function)
}

#[test]
fn the_python_reference_examples_run_on_gpu_machines() {
    for machine_name in ["rx6900xt", "mi300x-cpx", "phoenix", "mi210-xgmi"] {
        let ctx = Context::builder().root(machine(machine_name)).build().unwrap();
        let gpus = ctx.processor_handles().into_iter().filter(|&h| ctx.gpu(h).is_ok()).count();
        let doc = run_examples(machine_name, "INIT_AMD_GPUS");
        assert_eq!(doc.len(), 171, "{machine_name}: every example block of the reference");
        assert_examples_run(machine_name, &doc, gpus, |_| true);
        if gpus >= 2 {
            for function in TWO_GPU_EXAMPLES {
                assert_eq!(example(&doc, function)["status"], "ran", "{machine_name}: {function}");
            }
        }
        if machine_name == "rx6900xt" {
            // AMD's UUID from the card's unique_id (946d7e1ef9b172dd) and device id (0x73bf),
            // fixtures/machines/rx6900xt/sys/class/drm/card*/device/{unique_id,device}.
            let uuid = "940073bf-0000-1000-806d-7e1ef9b172dd";
            assert_eq!(example(&doc, "amdsmi_get_gpu_device_uuid")["stdout"], format!("Device UUID: {uuid}\n"));
            // The example's BDF replaced by the GPU's (0000:0c:00.0): the same UUID back.
            let from_bdf = example(&doc, "amdsmi_get_processor_handle_from_bdf");
            assert!(from_bdf["source"].as_str().unwrap().contains("\"0000:0c:00.0\""));
            assert_eq!(from_bdf["stdout"], format!("{uuid}\n"));
            // device/vbios_version: 113-D4121EXT-CO1, the third line the example prints.
            let vbios = example(&doc, "amdsmi_get_gpu_vbios_info")["stdout"].as_str().unwrap().to_owned();
            assert_eq!(vbios.lines().nth(2), Some("113-D4121EXT-CO1"));
        }
    }
}

#[test]
fn the_python_reference_cpu_examples_run_on_epyc_machines() {
    for machine_name in ["genoa-2s", "turin-1s"] {
        let doc = run_examples(machine_name, "INIT_ALL_PROCESSORS");
        assert_examples_run(machine_name, &doc, 0, is_cpu_example);
        let stdout = |function: &str| example(&doc, function)["stdout"].as_str().unwrap().to_owned();
        // fixtures/machines/<machine>/dev/hsmp: proto_ver and socket_power of each [socketN];
        // proc/cpuinfo: cpu family.
        let (proto, power, family) = match machine_name {
            "genoa-2s" => ("5\n5\n", "95123 mW\n96123 mW\n", "25\n"),
            _ => ("7\n", "95123 mW\n", "26\n"),
        };
        assert_eq!(stdout("amdsmi_get_cpu_hsmp_proto_ver"), proto, "{machine_name}");
        assert_eq!(stdout("amdsmi_get_cpu_socket_power"), power, "{machine_name}");
        assert_eq!(stdout("amdsmi_get_cpu_family"), family, "{machine_name}");
    }
}

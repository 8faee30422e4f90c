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
    python_at(script, &machine(machine_name), args, stdin)
}

/// [`python_with`] on the machine root at `root`.
fn python_at(script: &str, root: &Path, args: &[&str], stdin: &str) -> Value {
    use std::io::Write;
    let env = python_env();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python").join(script);
    let mut command = Command::new(&env.python);
    command.arg(&script).args(args).env("ROCM_PATH", &env.rocm_path).env_remove("ROCM_HOME");
    command.env("AMDSMI_ROOT", root);
    command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("python");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("python output");
    let what = format!("python {script:?} on {root:?}");
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

/// Every `read` row of the surface table of kind `gpu`, `cpu_socket` or `cpu_core`, called
/// through AMD's package (`tests/python/sweep.py`) on every processor of its kind of every fixture
/// machine: no exception of the package's own code (but [`PACKAGE_LIMITS`]), and the package's
/// value equal to the Rust API's (see [`sweep`]: the same arguments, the first variant of the
/// row; the same AMD status when it fails; the leaves both values have equal after
/// [`sweep::normalized`]).
///
/// Not compared (called through the package only): `amdsmi_get_link_topology_nearest`, a
/// `custom` row of the dump (its Rust value is BDFs, the package's handles); the
/// [`sweep::UNCOMPARED`] functions; the calls of [`PACKAGE_LIMITS`] that raise in the package's
/// code; and the rows the 7.0.2 package does not have (`amdsmi_get_gpu_revision`,
/// `_busy_percent`, `_process_isolation`, `_soc_pstate`, `_xgmi_plpd`, `_supported_power_cap`,
/// `_dfc_ctrl`, `_cpu_rail_isofreq_policy`: printed). Only each row's first argument variant is
/// called (`SYS` of the clock rows, `UMC` of the ECC rows, ...). On the fixtures some rows fail
/// on every processor, so only their statuses are compared (printed: e.g.
/// `amdsmi_get_cpu_socket_temperature`, `amdsmi_get_gpu_od_volt_curve_regions`).
#[test]
fn every_read_function_runs_through_the_package_on_every_machine() {
    use amdsmi::surface::{Dump, FUNCTIONS};
    let kinds = ["gpu", "cpu_socket", "cpu_core"];
    let rows = sweep::rows();
    let functions: Vec<Value> = FUNCTIONS
        .iter()
        .filter(|f| f.dump == Dump::Read && kinds.contains(&f.kind))
        .map(|f| match rows.iter().find(|r| r.name == f.name) {
            Some(row) => json!({"name": f.name, "kind": f.kind, "args": row.args}),
            None => json!({"name": f.name, "kind": f.kind}),
        })
        .collect();
    let stdin = Value::from(functions).to_string();
    let mut names: Vec<String> = std::fs::read_dir(workspace().join("fixtures/machines"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut failures = Vec::new();
    let mut tally = sweep::Tally::default();
    for name in &names {
        let doc = python_with("sweep.py", name, &["INIT_ALL_PROCESSORS"], &stdin);
        for (function, result) in doc.as_object().unwrap() {
            let Some(errors) = result.get("error").and_then(Value::as_array) else { continue };
            if !errors.is_empty() && !PACKAGE_LIMITS.contains(&function.as_str()) {
                failures.push(format!("{name}: {function}: {errors:?}"));
            }
        }
        sweep::compare(name, &doc, &rows, &mut tally, &mut failures);
    }
    println!(
        "compared {} calls ({} functions) and {} leaves; {} calls failed with the same status on both sides; \
         absent from the package: {:?}",
        tally.calls,
        tally.functions.len(),
        tally.leaves,
        tally.statuses,
        tally.absent
    );
    let only_statuses: Vec<&str> = rows
        .iter()
        .map(|r| r.name)
        .filter(|f| !tally.functions.contains(f) && !tally.absent.contains(f))
        .filter(|f| !sweep::UNCOMPARED.iter().any(|u| u.0 == *f))
        .collect();
    println!("{} rows; failing on every processor of every machine (statuses compared): {only_statuses:?}", rows.len());
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

/// Setters through the package: every call made through AMD's package (`tests/python/setters.py`)
/// on a writable copy A of a fixture machine and through the Rust API on copy B; the same
/// outcome, and the trees of A and B byte-identical after it. Expected file contents are the
/// ones `c_gpu_control.rs` (and `tests/it/control.rs` of the root crate) read by hand from the
/// fixtures.
mod setters {
    use std::collections::BTreeMap;

    use amdsmi::{
        AmdSmiClkType, AmdSmiComputePartitionType, AmdSmiDevPerfLevel, AmdSmiFreqInd, AmdSmiInitFlags,
        AmdSmiMemoryPartitionType, AmdSmiPowerProfilePresetMasks, Context, Gpu, Status,
    };
    use serde_json::{json, Value};

    use super::{machine, python_at};
    use crate::common::{copy_machine, tree};

    const RX6900XT: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0";
    const RX6900XT_HWMON: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0/hwmon/hwmon5";
    const MI300X_GPU0: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0";

    fn at(dir: &str, file: &str) -> String {
        format!("{dir}/{file}")
    }

    /// One call for `setters.py`: `function` on the `index`-th processor of `kind` with `args`
    /// (numbers, strings, or `"<Enum>.<MEMBER>"` of the package).
    fn call(function: &str, kind: &str, index: usize, args: Value) -> Value {
        json!({"function": function, "kind": kind, "index": index, "args": args})
    }

    /// A Rust result as `setters.py` records an outcome.
    fn outcome<T: Into<Value>>(result: amdsmi::Result<T>) -> Value {
        result.map_or_else(|e| json!({"status": e.status().code()}), |v| json!({"ok": v.into()}))
    }

    /// A Rust setter's result as `setters.py` records an outcome (`None` for a setter).
    fn done(result: amdsmi::Result<()>) -> Value {
        outcome(result.map(|()| Value::Null))
    }

    /// Two writable copies of one fixture machine: A for the package, B for the Rust API.
    struct Copies {
        name: &'static str,
        flags: &'static str,
        a: tempfile::TempDir,
        b: tempfile::TempDir,
    }

    impl Copies {
        fn of(name: &'static str, flags: &'static str) -> Copies {
            Copies { name, flags, a: copy_machine(name), b: copy_machine(name) }
        }

        /// Runs `calls` through the package in one process on A and `rust` on a new context on
        /// B: the same outcomes, the same trees after. Returns the outcomes and the files the
        /// calls changed on A (path: new bytes as text).
        #[track_caller]
        fn same(
            &self,
            calls: &[Value],
            rust: impl FnOnce(&Context) -> Vec<Value>,
        ) -> (Value, BTreeMap<String, String>) {
            let before = tree(self.a.path());
            let stdin = Value::from(calls.to_vec()).to_string();
            let package = python_at("setters.py", self.a.path(), &[self.flags], &stdin);
            let flags = AmdSmiInitFlags::from_name(self.flags).unwrap();
            let context = Context::builder().root(self.b.path()).flags(flags).build().unwrap();
            assert_eq!(
                package,
                Value::from(rust(&context)),
                "{}: the package's outcomes and the Rust API's",
                self.name
            );
            let after = tree(self.a.path());
            assert!(after == tree(self.b.path()), "{}: the package and the Rust API left different trees", self.name);
            let changed = after
                .iter()
                .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
                .map(|(path, bytes)| (path.clone(), String::from_utf8_lossy(bytes).into_owned()))
                .collect();
            (package, changed)
        }

        /// GPU `index`'s setter through the package (`function`, `args`) and through the Rust
        /// API (`rust`) succeed and change exactly `writes` (path, final text); those files then
        /// get their fixture bytes back, so each check starts from the fixture.
        #[track_caller]
        fn writes(
            &self,
            index: usize,
            (function, args): (&str, Value),
            rust: impl FnOnce(Gpu<'_>) -> amdsmi::Result<()>,
            writes: &[(&str, &str)],
        ) {
            let (package, changed) = self.gpu(index, (function, args), rust);
            assert_eq!(package, json!([{"ok": null}]), "{function}");
            let expected: BTreeMap<String, String> =
                writes.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
            assert_eq!(changed, expected, "{function}");
            for path in changed.keys() {
                for copy in [&self.a, &self.b] {
                    std::fs::copy(machine(self.name).join(path), copy.path().join(path)).unwrap();
                }
            }
        }

        /// The setter through the package and through the Rust API fail with `status`;
        /// nothing changes.
        #[track_caller]
        fn refuses(
            &self,
            index: usize,
            (function, args): (&str, Value),
            rust: impl FnOnce(Gpu<'_>) -> amdsmi::Result<()>,
            status: Status,
        ) {
            let (package, changed) = self.gpu(index, (function, args), rust);
            assert_eq!(package, json!([{"status": status.code()}]), "{function}: expected {}", status.name());
            assert!(changed.is_empty(), "{function}: a refused call changed {changed:?}");
        }

        /// A call through the package alone (an argument the Rust API's types cannot carry)
        /// gives `outcome` and changes nothing on A.
        #[track_caller]
        fn package_alone(&self, index: usize, (function, args): (&str, Value), outcome: Value) {
            let before = tree(self.a.path());
            let stdin = Value::from(vec![call(function, "gpu", index, args)]).to_string();
            assert_eq!(python_at("setters.py", self.a.path(), &[self.flags], &stdin), json!([outcome]), "{function}");
            assert!(tree(self.a.path()) == before, "{function}: a refused call changed the tree");
        }

        /// One call on GPU `index` through both.
        #[track_caller]
        fn gpu(
            &self,
            index: usize,
            (function, args): (&str, Value),
            rust: impl FnOnce(Gpu<'_>) -> amdsmi::Result<()>,
        ) -> (Value, BTreeMap<String, String>) {
            self.same(&[call(function, "gpu", index, args)], |ctx| {
                vec![done(ctx.gpu(ctx.processor_handles()[index]).and_then(rust))]
            })
        }
    }

    #[test]
    fn radeon_setters_through_the_package_equal_the_rust_api() {
        let c = Copies::of("rx6900xt", "INIT_AMD_GPUS");
        let inval = Status::Inval;
        // power1_cap_min 0, power1_cap_max 332000000 µW (fixtures/machines/rx6900xt/.../hwmon5).
        let cap = at(RX6900XT_HWMON, "power1_cap");
        let set_cap = "amdsmi_set_power_cap";
        c.writes(0, (set_cap, json!([0, 250_000_000])), |g| g.set_power_cap(0, 250_000_000), &[(&cap, "250000000\n")]);
        c.refuses(0, (set_cap, json!([0, 332_000_001])), |g| g.set_power_cap(0, 332_000_001), inval);
        c.refuses(0, (set_cap, json!([1, 100_000_000])), |g| g.set_power_cap(1, 100_000_000), Status::NotSupported);

        let level = at(RX6900XT, "power_dpm_force_performance_level");
        let set_level = "amdsmi_set_gpu_perf_level";
        let peak = AmdSmiDevPerfLevel::StablePeak;
        c.writes(
            0,
            (set_level, json!(["AmdSmiDevPerfLevel.STABLE_PEAK"])),
            |g| g.set_perf_level(peak),
            &[(&level, "profile_peak\n")],
        );
        let unknown = AmdSmiDevPerfLevel::Unknown;
        c.refuses(0, (set_level, json!(["AmdSmiDevPerfLevel.UNKNOWN"])), |g| g.set_perf_level(unknown), inval);

        // pp_sclk_od: 0 to 20 % (ROCm SMI's limit, `MAX_OVERDRIVE_PERCENT` of the root crate).
        let od_level = "amdsmi_set_gpu_overdrive_level";
        let sclk_od = at(RX6900XT, "pp_sclk_od");
        c.writes(0, (od_level, json!([20])), |g| g.set_overdrive_level(20), &[(&sclk_od, "20\n")]);
        c.refuses(0, (od_level, json!([21])), |g| g.set_overdrive_level(21), inval);

        // Fan: pwm1_max 255; manual (1), then the duty; the reset gives it back to the driver (2).
        let (enable, pwm) = (at(RX6900XT_HWMON, "pwm1_enable"), at(RX6900XT_HWMON, "pwm1"));
        let fan = "amdsmi_set_gpu_fan_speed";
        c.writes(0, (fan, json!([0, 128])), |g| g.set_fan_speed(0, 128), &[(&enable, "1\n"), (&pwm, "128\n")]);
        c.refuses(0, (fan, json!([0, 256])), |g| g.set_fan_speed(0, 256), Status::InputOutOfBounds);
        c.refuses(0, (fan, json!([1, 100])), |g| g.set_fan_speed(1, 100), Status::NotSupported);
        c.writes(0, ("amdsmi_reset_gpu_fan", json!([0])), |g| g.reset_fan(0), &[(&enable, "2\n")]);

        // pp_dpm_mclk has 4 levels: bits 2 and 3 write `2 3` (the package names the clock "mclk").
        let mem = AmdSmiClkType::Mem;
        let mclk = at(RX6900XT, "pp_dpm_mclk");
        let freq = "amdsmi_set_clk_freq";
        c.writes(
            0,
            (freq, json!(["mclk", 0b1100])),
            |g| g.set_clk_freq(mem, 0b1100),
            &[(&level, "manual\n"), (&mclk, "2 3\n")],
        );
        c.refuses(0, (freq, json!(["mclk", 0b1_0000])), |g| g.set_clk_freq(mem, 0b1_0000), inval);

        // pp_power_profile_mode: COMPUTE is the kernel's index 5, after `manual`.
        let mode = at(RX6900XT, "pp_power_profile_mode");
        let profile = "amdsmi_set_gpu_power_profile";
        let compute = AmdSmiPowerProfilePresetMasks::Compute;
        c.writes(
            0,
            (profile, json!([0, "AmdSmiPowerProfilePresetMasks.COMPUTE_MASK"])),
            |g| g.set_power_profile(0, compute),
            &[(&level, "manual\n"), (&mode, "5\n")],
        );

        // INVALID is all 64 bits: no single preset.
        let invalid = json!({"status": Status::InputOutOfBounds.code()});
        c.package_alone(0, (profile, json!([0, "AmdSmiPowerProfilePresetMasks.INVALID"])), invalid);
        // The package maps only "sclk", "mclk", "fclk" and "socclk" to a clock type and raises
        // before calling the library otherwise.
        let message = "AmdSmiParameterException: Invalid parameter:\nActual type: <class 'str'>\nExpected type: <enum 'AmdSmiClkType'>";
        c.package_alone(0, (freq, json!(["vclk", 1])), json!({"error": message}));

        // OD_RANGE: SCLK 500-3000 MHz; each edit ends with the commit `c`, the last bytes the
        // file holds.
        let od = at(RX6900XT, "pp_od_clk_voltage");
        let od_clk = "amdsmi_set_gpu_od_clk_info";
        let (max, sys) = (AmdSmiFreqInd::Max, AmdSmiClkType::Sys);
        c.writes(
            0,
            (od_clk, json!(["AmdSmiFreqInd.MAX", 2400, "AmdSmiClkType.SYS"])),
            |g| g.set_od_clk_info(max, 2400, sys),
            &[(&level, "manual\n"), (&od, "c\n")],
        );
        c.refuses(
            0,
            (od_clk, json!(["AmdSmiFreqInd.MAX", 3001, "AmdSmiClkType.SYS"])),
            |g| g.set_od_clk_info(max, 3001, sys),
            inval,
        );
    }

    #[test]
    fn instinct_setters_through_the_package_equal_the_rust_api() {
        let c = Copies::of("mi300x-cpx", "INIT_AMD_GPUS");
        // Compute partition: available SPX, DPX, QPX, CPX; current CPX (.../0000:05:00.0).
        let compute = at(MI300X_GPU0, "current_compute_partition");
        let set_compute = "amdsmi_set_gpu_compute_partition";
        let spx = AmdSmiComputePartitionType::Spx;
        c.writes(
            3,
            (set_compute, json!(["AmdSmiComputePartitionType.SPX"])),
            |g| g.set_compute_partition(spx),
            &[(&compute, "SPX\n")],
        );
        let tpx = AmdSmiComputePartitionType::Tpx;
        c.refuses(
            0,
            (set_compute, json!(["AmdSmiComputePartitionType.TPX"])),
            |g| g.set_compute_partition(tpx),
            Status::SettingUnavailable,
        );
        let invalid = AmdSmiComputePartitionType::Invalid;
        c.refuses(
            0,
            (set_compute, json!(["AmdSmiComputePartitionType.INVALID"])),
            |g| g.set_compute_partition(invalid),
            Status::Inval,
        );

        // Memory partition: current NPS1, available NPS1, NPS4. The package's
        // `amdsmi_set_gpu_memory_partition_mode` calls the C `amdsmi_set_gpu_memory_partition`.
        let memory = at(MI300X_GPU0, "current_memory_partition");
        let nps4 = AmdSmiMemoryPartitionType::Nps4;
        for function in ["amdsmi_set_gpu_memory_partition", "amdsmi_set_gpu_memory_partition_mode"] {
            c.writes(
                0,
                (function, json!(["AmdSmiMemoryPartitionType.NPS4"])),
                |g| g.set_memory_partition(nps4),
                &[(&memory, "NPS4\n")],
            );
        }
        let nps2 = AmdSmiMemoryPartitionType::Nps2;
        c.refuses(
            0,
            ("amdsmi_set_gpu_memory_partition", json!(["AmdSmiMemoryPartitionType.NPS2"])),
            |g| g.set_memory_partition(nps2),
            Status::SettingUnavailable,
        );

        // enforce_isolation `0 0 1 0 0 0 0 0`: partition 3 enabled.
        let enforce = at(MI300X_GPU0, "enforce_isolation");
        let isolation = "amdsmi_set_gpu_process_isolation";
        c.writes(3, (isolation, json!([1])), |g| g.set_process_isolation(1), &[(&enforce, "0 0 1 1 0 0 0 0\n")]);
        c.refuses(3, (isolation, json!([2])), |g| g.set_process_isolation(2), Status::Inval);

        // pm_policy/soc_pstate lists ids 0-3, pm_policy/xgmi_plpd 0-2.
        let (soc, plpd) = (at(MI300X_GPU0, "pm_policy/soc_pstate"), at(MI300X_GPU0, "pm_policy/xgmi_plpd"));
        c.writes(0, ("amdsmi_set_soc_pstate", json!([3])), |g| g.set_soc_pstate(3), &[(&soc, "3\n")]);
        c.refuses(0, ("amdsmi_set_soc_pstate", json!([4])), |g| g.set_soc_pstate(4), Status::Inval);
        c.writes(5, ("amdsmi_set_xgmi_plpd", json!([2])), |g| g.set_xgmi_plpd(2), &[(&plpd, "2\n")]);
        c.refuses(0, ("amdsmi_set_xgmi_plpd", json!([3])), |g| g.set_xgmi_plpd(3), Status::Inval);
    }

    /// The emulated SMU (`dev/hsmp`) keeps what a SET changed in the process that sent it, not
    /// in the file: each package process and each Rust context starts from the file, so a
    /// setter is observed by the getter that follows it in the same process, and the tree
    /// never changes.
    #[test]
    fn cpu_setters_through_the_package_equal_the_rust_api() {
        let c = Copies::of("genoa-2s", "INIT_AMD_CPUS");
        let inval = Status::Inval.code();
        let (set_cap, get_cap) = ("amdsmi_set_cpu_socket_power_cap", "amdsmi_get_cpu_socket_power_cap");
        // The package formats the cap as "<mW> mW" and the boost limit as "<MHz> MHz".
        let cap = |ctx: &Context, s: usize| {
            outcome(ctx.cpu_socket(ctx.cpusocket_handles()[s]).and_then(|s| s.power_cap()).map(|mw| format!("{mw} mW")))
        };
        let set_socket_cap = |ctx: &Context, s: usize, mw: u32| {
            done(ctx.cpu_socket(ctx.cpusocket_handles()[s]).and_then(|s| s.set_power_cap(mw)))
        };
        // dev/hsmp: socket 0 cap 200000 mW, socket 1 205000 mW, maximum 240000 mW (clamped).
        for (mw, read_back) in [(150_000, "150000 mW"), (999_000, "240000 mW")] {
            let calls = [
                call(set_cap, "cpu_socket", 0, json!([mw])),
                call(get_cap, "cpu_socket", 0, json!([])),
                call(get_cap, "cpu_socket", 1, json!([])),
            ];
            let (package, changed) = c.same(&calls, |ctx| vec![set_socket_cap(ctx, 0, mw), cap(ctx, 0), cap(ctx, 1)]);
            assert_eq!(package, json!([{"ok": null}, {"ok": read_back}, {"ok": "205000 mW"}]));
            assert!(changed.is_empty(), "{changed:?}");
        }
        // A new process starts from the file again.
        let (package, changed) = c.same(&[call(get_cap, "cpu_socket", 0, json!([]))], |ctx| vec![cap(ctx, 0)]);
        assert_eq!(package, json!([{"ok": "200000 mW"}]));
        assert!(changed.is_empty(), "{changed:?}");

        // Core 3 (APIC 0x6): core_boost_limit 3700; fmax_fmin 3700 400 clamps; above 65535 MHz
        // is INVAL and leaves the limit.
        let (set_boost, get_boost) = ("amdsmi_set_cpu_core_boostlimit", "amdsmi_get_cpu_core_boostlimit");
        let boost = |ctx: &Context| {
            outcome(ctx.cpu_core(ctx.cpucore_handles()[3]).and_then(|c| c.boostlimit()).map(|m| format!("{m} MHz")))
        };
        for (mhz, result, read_back) in [
            (3000, json!({"ok": null}), "3000 MHz"),
            (9000, json!({"ok": null}), "3700 MHz"),
            (100, json!({"ok": null}), "400 MHz"),
            (70_000, json!({"status": inval}), "3700 MHz"),
        ] {
            let calls = [call(set_boost, "cpu_core", 3, json!([mhz])), call(get_boost, "cpu_core", 3, json!([]))];
            let (package, changed) = c.same(&calls, |ctx| {
                vec![done(ctx.cpu_core(ctx.cpucore_handles()[3]).and_then(|c| c.set_boostlimit(mhz))), boost(ctx)]
            });
            assert_eq!(package, json!([result, {"ok": read_back}]), "{mhz} MHz");
            assert!(changed.is_empty(), "{changed:?}");
        }
    }
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

/// The value side of [`every_read_function_runs_through_the_package_on_every_machine`]: the Rust
/// API's value of every `read` row of kind `gpu` / `cpu_socket` / `cpu_core` of the surface table
/// (generated from `amdsmi::amdsmi_functions!`, so a new row is compared as soon as it is
/// declared) and the comparison with what the package returned.
mod sweep {
    use std::collections::{BTreeMap, BTreeSet};

    use amdsmi::{AmdSmiInitFlags, Context, ProcessorHandle};
    use serde_json::{json, Value};

    use super::machine;

    /// Functions whose values are not compared (only called), each for a reason of the package's
    /// code (`amdsmi_interface.py` of amdsmi 7.0.2).
    pub const UNCOMPARED: &[(&str, &str)] = &[
        ("amdsmi_get_gpu_cper_entries", "returns a tuple (entries by index, cursor, raw records): another shape"),
        (
            "amdsmi_get_gpu_accelerator_partition_profile",
            "catches the library's error and returns a dict of N/A with partition_id [0]",
        ),
        ("amdsmi_get_hsmp_metrics_table", "converts each raw Q-format field to its own unit (kJ, MHz, ...)"),
    ];

    /// Functions whose package value is the Rust value in another unit: package × factor = Rust.
    const SCALED: &[(&str, f64, &str)] = &[
        ("amdsmi_get_cpu_socket_energy", 1e6, "formats µJ as f\"{µJ * 10**-6} J\""),
        ("amdsmi_get_cpu_core_energy", 1e6, "formats µJ as f\"{µJ * 10**-6} J\""),
    ];

    /// Leaves (function, key) not compared, each for its reason.
    const LEAVES: &[(&str, &str, &str)] = &[
        ("amdsmi_get_gpu_vram_info", "vram_type", "the package returns the C value, Rust the name"),
        ("amdsmi_get_gpu_xgmi_link_status", "status", "the package maps DISABLE/UP/DOWN to \"X\"/\"U\"/\"D\""),
        (
            "amdsmi_get_pcie_info",
            "pcie_bandwidth",
            "the C field is uint32_t: the C library keeps the low 32 bits of gpu_metrics' 64-bit \
             pcie_bandwidth_inst as AMD's translate_umax_or_assign_value does (mi300x-cpx: \
             4294967317 in Rust, 21 through C)",
        ),
    ];

    /// Functions whose package call fails with one of these AMD statuses where the Rust API's
    /// result differs, each for its reason.
    const STATUSES: &[(&str, &[u32], &str)] = &[(
        "amdsmi_get_cpu_affinity_with_scope",
        &[32, 41],
        "the package sizes cpu_set from amdsmi_get_cpu_socket_count × cores_per_socket (HSMP), \
             not from the node's CPUs: NOT_INIT without EPYC, INSUFFICIENT_SIZE when that is short \
             (mi300x-cpx: 5 words needed)",
    )];

    /// A row's Rust value on a processor: `{"value": v}` or `{"status": n}`.
    type Call = Box<dyn Fn(&Context, ProcessorHandle) -> Value>;

    /// One function: its argument labels (the first variant of its row, split at commas, as the
    /// sweep script takes them) and its Rust value on a processor.
    pub struct Row {
        /// The documented name.
        pub name: &'static str,
        /// `gpu`, `cpu_socket` or `cpu_core`.
        pub kind: &'static str,
        /// The argument labels.
        pub args: Vec<String>,
        call: Call,
    }

    /// `{"value": v}` or `{"status": AMD status number}`, as `sweep.py` records a call.
    macro_rules! outcome {
        ($result:expr) => {
            match $result {
                Ok(value) => json!({"value": serde_json::to_value(value).unwrap()}),
                Err(e) => json!({"status": e.status().code()}),
            }
        };
    }

    macro_rules! sweep_rows {
        ($( $(#[$attr:meta])* $kind:ident $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident, $dump:tt; )*) => {
            /// Every compared row, in the table's order.
            pub fn rows() -> Vec<Row> {
                #[allow(unused_imports, clippy::wildcard_imports)]
                use amdsmi::*;
                let mut rows = Vec::new();
                $( sweep_rows!(@row rows $kind $name ($($arg),*) = $method, $dump); )*
                rows
            }
        };
        (@row $rows:ident $kind:ident $name:ident () = $method:ident, read) => {
            sweep_rows!(@view $rows $kind $name {Some(("", ()))} () $method);
        };
        (@row $rows:ident $kind:ident $name:ident ($($arg:ident),*) = $method:ident, [$variants:expr]) => {
            sweep_rows!(@view $rows $kind $name {$variants.into_iter().next()} ($($arg),*) $method);
        };
        (@row $rows:ident $kind:ident $name:ident ($($arg:ident),*) = $method:ident, (zip $group:ident [$variants:expr])) => {
            sweep_rows!(@view $rows $kind $name {$variants.into_iter().next()} ($($arg),*) $method);
        };
        (@row $($rest:tt)*) => {};
        (@view $rows:ident gpu $name:ident $variant:tt ($($arg:ident),*) $method:ident) => {
            sweep_rows!(@push $rows gpu $name $variant ($($arg),*) |c, h| c.gpu(h).and_then(|v| v.$method($($arg),*)));
        };
        (@view $rows:ident cpu_socket $name:ident $variant:tt ($($arg:ident),*) $method:ident) => {
            sweep_rows!(@push $rows cpu_socket $name $variant ($($arg),*) |c, h| c.cpu_socket(h).and_then(|v| v.$method($($arg),*)));
        };
        (@view $rows:ident cpu_core $name:ident $variant:tt ($($arg:ident),*) $method:ident) => {
            sweep_rows!(@push $rows cpu_core $name $variant ($($arg),*) |c, h| c.cpu_core(h).and_then(|v| v.$method($($arg),*)));
        };
        (@view $($rest:tt)*) => {};
        (@push $rows:ident $kind:ident $name:ident $variant:tt ($($arg:ident),*) |$c:ident, $h:ident| $get:expr) => {
            if let Some((label, args)) = $variant {
            let label = label.to_string();
            let call = move |$c: &Context, $h: ProcessorHandle| -> Value {
                #[allow(unused_variables, clippy::let_unit_value)]
                let ($($arg,)*) = args;
                outcome!($get)
            };
            $rows.push(Row {
                name: stringify!($name),
                kind: stringify!($kind),
                args: if label.is_empty() { Vec::new() } else { label.split(',').map(str::to_owned).collect() },
                call: Box::new(call),
            });
            }
        };
    }

    amdsmi::amdsmi_functions!(sweep_rows);

    /// What the comparison covered.
    #[derive(Default)]
    pub struct Tally {
        /// Calls whose values were compared.
        pub calls: usize,
        /// Leaves compared (both sides have them, neither is N/A).
        pub leaves: usize,
        /// Calls that failed with the same status on both sides.
        pub statuses: usize,
        /// The functions compared at least once.
        pub functions: BTreeSet<&'static str>,
        /// The functions the 7.0.2 package does not have.
        pub absent: BTreeSet<&'static str>,
    }

    /// A leaf, normalized so that the package's formatting and serde's meet.
    #[derive(Debug, PartialEq)]
    pub enum Leaf {
        /// `null`, `"N/A"`: not available (equal to anything).
        Na,
        /// A number: JSON numbers, numeric strings, `"0x..."` hex strings, and `"<number>
        /// <unit>"` strings (`"95 W"`, `"1200 MHz"`, `"50 %"`) all become the number.
        Number(f64),
        /// Any other string (a `b'...'` wrapper removed), upper-cased; enum names are compared
        /// by suffix (see [`equal`]).
        Text(String),
        /// A boolean (the package turns some bit fields into `value != 0`: equal to 0 / not 0).
        Bool(bool),
    }

    /// The normalization rules of the comparison.
    pub fn normalized(leaf: &Value) -> Leaf {
        match leaf {
            Value::Null => Leaf::Na,
            Value::Bool(b) => Leaf::Bool(*b),
            Value::Number(n) => n.as_f64().map_or(Leaf::Na, Leaf::Number),
            Value::String(text) => {
                let text = text.trim();
                // The package formats some byte strings with str(): b'AMD EPYC ...'.
                let text = text.strip_prefix("b'").and_then(|t| t.strip_suffix('\'')).unwrap_or(text);
                if text.eq_ignore_ascii_case("N/A") {
                    return Leaf::Na;
                }
                if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                    if let Ok(n) = u64::from_str_radix(hex, 16) {
                        return Leaf::Number(n as f64);
                    }
                }
                let mut words = text.split_whitespace();
                let number = words.next().unwrap_or("");
                let number = number.strip_suffix('%').unwrap_or(number);
                let unit = words.all(|w| !w.chars().any(|c| c.is_ascii_digit()));
                match number.parse::<f64>() {
                    Ok(n) if unit => Leaf::Number(n),
                    _ => Leaf::Text(text.to_ascii_uppercase()),
                }
            }
            Value::Array(_) | Value::Object(_) => Leaf::Na,
        }
    }

    /// Two normalized leaves are equal: N/A equals anything; numbers exactly; `false` equals 0
    /// and `true` any other number; texts when equal or when one is the other's enum-name suffix (`AMDSMI_CLK_TYPE_SYS`
    /// and `SYS`).
    pub fn equal(a: &Leaf, b: &Leaf) -> bool {
        match (a, b) {
            (Leaf::Na, _) | (_, Leaf::Na) => true,
            (Leaf::Number(x), Leaf::Number(y)) => x == y,
            (Leaf::Bool(b), Leaf::Number(n)) | (Leaf::Number(n), Leaf::Bool(b)) => *b == (*n != 0.0),
            (Leaf::Text(x), Leaf::Text(y)) => x == y || x.ends_with(&format!("_{y}")) || y.ends_with(&format!("_{x}")),
            (x, y) => x == y,
        }
    }

    /// The leaves of a value by path (`key/0/key`; the value itself at `""`).
    fn leaves(value: &Value, path: String, out: &mut BTreeMap<String, Value>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    leaves(v, format!("{path}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    leaves(v, format!("{path}/{i}"), out);
                }
            }
            leaf => {
                out.insert(path, leaf.clone());
            }
        }
    }

    /// A package path matches a Rust path when they have the same segments, each package key
    /// equal to the Rust key or ending with `_<Rust key>` (the package prefixes keys:
    /// `ddr_bw_max_bw` for `max_bw`); used only when the Rust value has no leaf at the very
    /// same path (`max_clk` is compared with `max_clk`, not `clk`).
    fn same_path(package: &str, rust: &str) -> bool {
        let (a, b): (Vec<&str>, Vec<&str>) = (package.split('/').collect(), rust.split('/').collect());
        a.len() == b.len() && a.iter().zip(&b).all(|(p, r)| p == r || p.ends_with(&format!("_{r}")))
    }

    /// Compares the package's values in the sweep document `doc` of machine `name` with the
    /// Rust API's, pushing every difference to `failures`.
    pub fn compare(name: &str, doc: &Value, rows: &[Row], tally: &mut Tally, failures: &mut Vec<String>) {
        let ctx = Context::builder().root(machine(name)).flags(AmdSmiInitFlags::INIT_ALL_PROCESSORS).build().unwrap();
        let gpus: Vec<_> = ctx.processor_handles().into_iter().filter(|&h| ctx.gpu(h).is_ok()).collect();
        for row in rows {
            if UNCOMPARED.iter().any(|(f, _)| *f == row.name) {
                continue;
            }
            let handles = match row.kind {
                "gpu" => gpus.clone(),
                "cpu_socket" => ctx.cpusocket_handles(),
                _ => ctx.cpucore_handles(),
            };
            if doc[row.name] == "absent" {
                tally.absent.insert(row.name);
                continue;
            }
            let Some(package) = doc[row.name]["values"].as_array() else {
                failures.push(format!("{name}: {}: no values from the package", row.name));
                continue;
            };
            if package.len() != handles.len() {
                failures.push(format!("{name}: {}: {} values, {} processors", row.name, package.len(), handles.len()));
                continue;
            }
            for (index, (theirs, &handle)) in package.iter().zip(&handles).enumerate() {
                let ours = (row.call)(&ctx, handle);
                let at = format!("{name}: {}({}) on {} {index}", row.name, row.args.join(","), row.kind);
                if theirs.get("error").is_some() {
                    continue; // a limit of the package's code: checked by the caller
                }
                match (theirs.get("value"), ours.get("value")) {
                    (Some(theirs), Some(ours)) => {
                        let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
                        leaves(theirs, String::new(), &mut a);
                        leaves(ours, String::new(), &mut b);
                        let scale = SCALED.iter().find(|s| s.0 == row.name).map_or(1.0, |s| s.1);
                        let skipped =
                            |path: &str| LEAVES.iter().any(|l| l.0 == row.name && path.split('/').any(|k| k == l.1));
                        let mut compared = 0;
                        for (path, value) in a.iter().filter(|(p, _)| !skipped(p)) {
                            let exact = b.get(path.as_str());
                            let Some(rust) =
                                exact.or_else(|| b.iter().find(|(r, _)| same_path(path, r)).map(|(_, v)| v))
                            else {
                                continue;
                            };
                            let (x, y) = match (normalized(value), normalized(rust)) {
                                (Leaf::Number(x), Leaf::Number(y)) if scale != 1.0 => {
                                    let close = (x * scale - y).abs() <= 1e-9 * y.abs().max(1.0);
                                    (Leaf::Number(if close { y } else { x * scale }), Leaf::Number(y))
                                }
                                pair => pair,
                            };
                            if !equal(&x, &y) {
                                failures.push(format!("{at}: {path}: package {value}, Rust {rust}"));
                            }
                            compared += usize::from(x != Leaf::Na && y != Leaf::Na);
                        }
                        let available = |m: &BTreeMap<String, Value>| m.values().any(|v| normalized(v) != Leaf::Na);
                        if compared == 0 && available(&a) && available(&b) {
                            failures.push(format!("{at}: no leaf in common: package {theirs}, Rust {ours}"));
                        }
                        tally.calls += 1;
                        tally.leaves += compared;
                        tally.functions.insert(row.name);
                    }
                    _ if theirs.get("status") == ours.get("status") => tally.statuses += 1,
                    _ if STATUSES
                        .iter()
                        .any(|s| s.0 == row.name && s.1.iter().any(|&code| theirs["status"] == code)) => {}
                    _ => failures.push(format!("{at}: package {theirs}, Rust {ours}")),
                }
            }
        }
    }
}

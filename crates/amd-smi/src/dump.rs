//! `amd-smi dump`: every read-only API function the library implements, on every processor, as
//! one JSON document — the machine-readable mirror of the Python API, for bug reports and
//! snapshot tests.
//!
//! Layout: `{"system": {fn: result}, "processors": {"<BDF>": {fn: result}}, "sockets":
//! {"<socket id>": {fn: result}}}`; a result is the function's value with its documented keys, or
//! the status name of its error (`"AMDSMI_STATUS_NOT_SUPPORTED"`).

use amdsmi::{
    AmdSmiAffinityScope, AmdSmiClkType, AmdSmiGpuBlock, AmdSmiMemoryType, AmdSmiTemperatureMetric,
    AmdSmiTemperatureType, AmdSmiUtilizationCounterType, AmdSmiVoltageMetric, AmdSmiVoltageType, Context,
    ProcessorHandle, SocketHandle,
};
// PM metrics and register tables (pm_table).
use amdsmi::AmdSmiRegType;
use serde_json::{Map, Value};

use crate::json_or_status;

/// Options of `dump`.
#[derive(clap::Args)]
pub struct Args {
    /// Only these functions (repeatable), e.g. --function amdsmi_get_gpu_kfd_info
    #[arg(long = "function", value_name = "NAME")]
    functions: Vec<String>,
    /// Accepted for symmetry with the other commands: `dump` always prints JSON
    #[arg(long)]
    json: bool,
}

type SystemFn = fn(&Context) -> Value;
/// One processor function of the dump.
pub(crate) type ProcessorFn = Box<dyn Fn(&Context, ProcessorHandle) -> Value>;
type SocketFn = fn(&Context, SocketHandle) -> Value;

/// Functions that need no processor.
const SYSTEM: &[(&str, SystemFn)] = &[
    ("amdsmi_get_lib_version", |_| json_or_status(amdsmi::amdsmi_get_lib_version())),
    ("amdsmi_get_rocm_version", |c| json_or_status(Ok(amdsmi::api::rocm_version(c.root())))),
    // RAS/ECC and GPU processes (ras/process area): the per-pid functions for every pid KFD lists.
    ("amdsmi_get_gpu_compute_process_info", |c| json_or_status(Ok(c.gpu_compute_process_info()))),
    ("amdsmi_get_gpu_compute_process_info_by_pid(each pid)", |c| {
        per_pid(c, |c, pid| json_or_status(c.gpu_compute_process_info_by_pid(pid)))
    }),
    ("amdsmi_get_gpu_compute_process_gpus(each pid)", |c| {
        per_pid(c, |c, pid| json_or_status(c.gpu_compute_process_gpus(pid)))
    }),
];

/// `{"<pid>": f(pid)}` for every process KFD lists.
fn per_pid(context: &Context, f: impl Fn(&Context, u32) -> Value) -> Value {
    let pids = context.gpu_compute_process_info().into_iter().map(|p| p.process_id);
    Value::Object(pids.map(|pid| (pid.to_string(), f(context, pid))).collect())
}

/// Functions of one socket.
const SOCKET: &[(&str, SocketFn)] = &[("amdsmi_get_socket_info", |c, s| json_or_status(c.socket_info(s)))];

/// One processor function: its dump name and the call.
pub(crate) fn call<T, F>(name: impl Into<String>, f: F) -> (String, ProcessorFn)
where
    T: serde::Serialize,
    F: Fn(&Context, ProcessorHandle) -> amdsmi::Result<T> + 'static,
{
    (name.into(), Box::new(move |c, h| json_or_status(f(c, h))))
}

/// Functions of one processor, with every documented argument variant (`name(VARIANT)`).
fn processor_calls() -> Vec<(String, ProcessorFn)> {
    let mut calls = vec![
        call("amdsmi_get_processor_type", |c, h| c.processor_type(h)),
        call("amdsmi_get_gpu_device_bdf", |c, h| c.gpu_device_bdf(h)),
        call("amdsmi_get_gpu_bdf_id", |c, h| c.gpu_bdf_id(h)),
        call("amdsmi_get_gpu_device_uuid", |c, h| c.gpu_device_uuid(h)),
        call("amdsmi_get_gpu_enumeration_info", |c, h| c.gpu_enumeration_info(h)),
        call("amdsmi_get_gpu_kfd_info", |c, h| c.gpu_kfd_info(h)),
        call("amdsmi_get_processor_info", |c, h| c.processor_info(h)),
        call("amdsmi_get_gpu_asic_info", |c, h| c.gpu_asic_info(h)),
        call("amdsmi_get_gpu_board_info", |c, h| c.gpu_board_info(h)),
        call("amdsmi_get_gpu_vbios_info", |c, h| c.gpu_vbios_info(h)),
        call("amdsmi_get_fw_info", |c, h| c.gpu_fw_info(h)),
        call("amdsmi_get_gpu_driver_info", |c, h| c.gpu_driver_info(h)),
        call("amdsmi_get_gpu_vram_info", |c, h| c.gpu_vram_info(h)),
        call("amdsmi_get_gpu_cache_info", |c, h| c.gpu_cache_info(h)),
        call("amdsmi_get_gpu_revision", |c, h| c.gpu_revision(h)),
        call("amdsmi_get_gpu_vendor_name", |c, h| c.gpu_vendor_name(h)),
        call("amdsmi_get_gpu_id", |c, h| c.gpu_id(h)),
        call("amdsmi_get_gpu_vram_vendor", |c, h| c.gpu_vram_vendor(h)),
        call("amdsmi_get_gpu_subsystem_id", |c, h| c.gpu_subsystem_id(h)),
        call("amdsmi_get_gpu_subsystem_name", |c, h| c.gpu_subsystem_name(h)),
        call("amdsmi_topo_get_numa_node_number", |c, h| c.topo_numa_node_number(h)),
        call("amdsmi_get_gpu_topo_numa_affinity", |c, h| c.gpu_topo_numa_affinity(h)),
        call("amdsmi_get_cpu_affinity_with_scope(NODE)", |c, h| {
            c.cpu_affinity_with_scope(h, AmdSmiAffinityScope::Node)
        }),
        call("amdsmi_get_cpu_affinity_with_scope(SOCKET)", |c, h| {
            c.cpu_affinity_with_scope(h, AmdSmiAffinityScope::Socket)
        }),
        call("amdsmi_get_xgmi_info", |c, h| c.xgmi_info(h)),
        call("amdsmi_get_link_metrics", |c, h| c.link_metrics(h)),
        call("amdsmi_get_gpu_virtualization_mode", |c, h| c.gpu_virtualization_mode(h)),
        call("amdsmi_get_gpu_compute_partition", |c, h| c.gpu_compute_partition(h)),
        call("amdsmi_get_gpu_memory_partition", |c, h| c.gpu_memory_partition(h)),
        call("amdsmi_get_gpu_accelerator_partition_profile", |c, h| c.gpu_accelerator_partition_profile(h)),
        call("amdsmi_get_power_cap_info", |c, h| c.power_cap_info(h)),
        call("amdsmi_get_supported_power_cap", |c, h| c.supported_power_cap(h)),
        call("amdsmi_is_gpu_power_management_enabled", |c, h| c.is_gpu_power_management_enabled(h)),
        call("amdsmi_get_gpu_perf_level", |c, h| c.gpu_perf_level(h)),
        call("amdsmi_get_gpu_overdrive_level", |c, h| c.gpu_overdrive_level(h)),
        call("amdsmi_get_gpu_mem_overdrive_level", |c, h| c.gpu_mem_overdrive_level(h)),
        call("amdsmi_get_gpu_vram_usage", |c, h| c.gpu_vram_usage(h)),
        call("amdsmi_get_gpu_pci_bandwidth", |c, h| c.gpu_pci_bandwidth(h)),
        call("amdsmi_get_gpu_pci_throughput", |c, h| c.gpu_pci_throughput(h)),
        call("amdsmi_get_gpu_pci_replay_counter", |c, h| c.gpu_pci_replay_counter(h)),
        call("amdsmi_get_gpu_metrics_info", |c, h| c.gpu_metrics_info(h)),
        call("amdsmi_get_power_info", |c, h| c.power_info(h)),
        call("amdsmi_get_energy_count", |c, h| c.energy_count(h)),
        call("amdsmi_get_gpu_activity", |c, h| c.gpu_activity(h)),
        call("amdsmi_get_pcie_info", |c, h| c.pcie_info(h)),
        call("amdsmi_get_utilization_count(ALL)", |c, h| c.utilization_count(h, &AmdSmiUtilizationCounterType::ALL)),
        call("amdsmi_get_utilization_count(GFX,MEM)", |c, h| {
            c.utilization_count(h, &AmdSmiUtilizationCounterType::ALL[..2])
        }),
        call("amdsmi_get_gpu_od_volt_info", |c, h| c.gpu_od_volt_info(h)),
        call("amdsmi_get_gpu_od_volt_curve_regions(8)", |c, h| c.gpu_od_volt_curve_regions(h, 8)),
        call("amdsmi_get_gpu_power_profile_presets(0)", |c, h| c.gpu_power_profile_presets(h, 0)),
        call("amdsmi_get_gpu_fan_rpms(0)", |c, h| c.gpu_fan_rpms(h, 0)),
        call("amdsmi_get_gpu_fan_speed(0)", |c, h| c.gpu_fan_speed(h, 0)),
        call("amdsmi_get_gpu_fan_speed_max(0)", |c, h| c.gpu_fan_speed_max(h, 0)),
        // CPER (src/cper): all severities, AMD SMI's default buffer, from the first entry
        call("amdsmi_get_gpu_cper_entries(7,1048576,0)", |c, h| c.gpu_cper_entries(h, 7, 1 << 20, 0)),
    ];
    for clk in AmdSmiClkType::ALL {
        calls.push(call(format!("amdsmi_get_clk_freq({})", clk.name()), move |c, h| c.clk_freq(h, clk)));
        calls.push(call(format!("amdsmi_get_clock_info({})", clk.name()), move |c, h| c.clock_info(h, clk)));
    }
    for mem in AmdSmiMemoryType::ALL {
        calls
            .push(call(format!("amdsmi_get_gpu_memory_total({})", mem.name()), move |c, h| c.gpu_memory_total(h, mem)));
        calls
            .push(call(format!("amdsmi_get_gpu_memory_usage({})", mem.name()), move |c, h| c.gpu_memory_usage(h, mem)));
    }
    for sensor in AmdSmiTemperatureType::METRICS {
        let name = format!("amdsmi_get_temp_metric({},CURRENT)", sensor.name());
        calls.push(call(name, move |c, h| c.temp_metric(h, sensor, AmdSmiTemperatureMetric::Current)));
    }
    for sensor in AmdSmiTemperatureType::HWMON {
        for metric in AmdSmiTemperatureMetric::ALL {
            let name = format!("amdsmi_get_temp_metric({},{})", sensor.name(), metric.name());
            calls.push(call(name, move |c, h| c.temp_metric(h, sensor, metric)));
        }
    }
    for sensor in AmdSmiVoltageType::ALL {
        for metric in AmdSmiVoltageMetric::ALL {
            let name = format!("amdsmi_get_gpu_volt_metric({},{})", sensor.name(), metric.name());
            calls.push(call(name, move |c, h| c.gpu_volt_metric(h, sensor, metric)));
        }
    }
    // PM metrics and register tables (pm_table).
    calls.push(call("amdsmi_get_gpu_pm_metrics_info", |c, h| c.gpu_pm_metrics_info(h)));
    for reg_type in AmdSmiRegType::ALL {
        let name = format!("amdsmi_get_gpu_reg_table_info({})", reg_type.name());
        calls.push(call(name, move |c, h| c.gpu_reg_table_info(h, reg_type)));
    }
    // Topology and XGMI: the nearest GPUs by link type, as BDFs (the pairwise functions are
    // too many to dump; `amd-smi topology` prints every pair).
    for link_type in [amdsmi::AmdSmiLinkType::Xgmi, amdsmi::AmdSmiLinkType::Pcie] {
        let name = format!("amdsmi_get_link_topology_nearest({})", link_type.name());
        calls.push(call(name, move |c, h| crate::topology::nearest_bdfs(c, h, link_type)));
    }
    // RAS/ECC and GPU processes (ras/process area)
    calls.extend([
        call("amdsmi_get_gpu_total_ecc_count", |c, h| c.gpu_total_ecc_count(h)),
        call("amdsmi_get_gpu_ecc_enabled", |c, h| c.gpu_ecc_enabled(h)),
        call("amdsmi_get_gpu_ras_feature_info", |c, h| c.gpu_ras_feature_info(h)),
        call("amdsmi_get_gpu_ras_block_features_enabled", |c, h| c.gpu_ras_block_features_enabled(h)),
        call("amdsmi_get_gpu_bad_page_info", |c, h| c.gpu_bad_page_info(h)),
        call("amdsmi_get_gpu_memory_reserved_pages", |c, h| c.gpu_memory_reserved_pages(h)),
        call("amdsmi_get_gpu_bad_page_threshold", |c, h| c.gpu_bad_page_threshold(h)),
        call("amdsmi_gpu_xgmi_error_status", |c, h| c.gpu_xgmi_error_status(h)),
        call("amdsmi_get_gpu_process_list", |c, h| c.gpu_process_list(h)),
    ]);
    for &block in AmdSmiGpuBlock::ALL {
        calls.push(call(format!("amdsmi_get_gpu_ecc_count({})", block.name()), move |c, h| c.gpu_ecc_count(h, block)));
        calls
            .push(call(format!("amdsmi_get_gpu_ecc_status({})", block.name()), move |c, h| c.gpu_ecc_status(h, block)));
    }
    // Getters of the setters' state.
    calls.push(call("amdsmi_get_gpu_process_isolation", |c, h| c.gpu_process_isolation(h)));
    calls.push(call("amdsmi_get_soc_pstate", |c, h| c.soc_pstate(h)));
    calls.push(call("amdsmi_get_xgmi_plpd", |c, h| c.xgmi_plpd(h)));
    // Events and counters: the read-only counter queries, per group.
    for group in amdsmi::AmdSmiEventGroup::ALL {
        let name = format!("amdsmi_gpu_counter_group_supported({})", group.name());
        calls.push(call(name, move |c, h| c.gpu_counter_group_supported(h, group)));
        let name = format!("amdsmi_get_gpu_available_counters({})", group.name());
        calls.push(call(name, move |c, h| c.gpu_available_counters(h, group)));
    }
    calls
}

/// The function a dump name stands for: `amdsmi_get_clk_freq(SYS)` → `amdsmi_get_clk_freq`.
fn bare(name: &str) -> &str {
    name.split('(').next().unwrap_or(name)
}

/// Builds the dump document.
pub fn run(context: &Context, args: &Args) -> amdsmi::Result<String> {
    let calls = processor_calls();
    // EPYC CPUs (src/cpu.rs)
    let (cpu_socket_calls, cpu_core_calls, cpu_names) =
        (crate::cpu::dump_socket_calls(), crate::cpu::dump_core_calls(), crate::cpu::dump_names());
    let known = |name: &str| {
        let system = SYSTEM.iter().map(|e| e.0);
        let names = system.chain(SOCKET.iter().map(|e| e.0)).chain(calls.iter().map(|e| e.0.as_str()));
        let names = names.chain(cpu_names.iter().map(String::as_str));
        names.map(|n| [n, bare(n)]).any(|pair| pair.contains(&name))
    };
    if let Some(unknown) = args.functions.iter().find(|f| !known(f)) {
        return Err(amdsmi::Error::parameter(format!("dump knows no function {unknown:?}")));
    }
    let wanted = |name: &str| args.functions.is_empty() || args.functions.iter().any(|f| f == name || f == bare(name));

    let mut system: Map<String, Value> =
        SYSTEM.iter().filter(|(n, _)| wanted(n)).map(|(n, f)| (n.to_string(), f(context))).collect();
    system.extend(crate::cpu::dump_system(context).into_iter().filter(|(n, _)| wanted(n)));
    let mut processors = Map::new();
    for handle in context.processor_handles() {
        let (key, calls) = match crate::cpu::dump_key(context, handle) {
            Some(key) if key.starts_with("cpu") => (key, &cpu_socket_calls),
            Some(key) => (key, &cpu_core_calls),
            None => {
                let key =
                    context.gpu_device_bdf(handle).map_or_else(|e| e.status().name().to_owned(), |b| b.to_string());
                (key, &calls)
            }
        };
        let results = calls.iter().filter(|(n, _)| wanted(n)).map(|(n, f)| (n.clone(), f(context, handle)));
        processors.insert(key, Value::Object(results.collect()));
    }
    let mut sockets = Map::new();
    for socket in context.socket_handles() {
        let key = context.socket_info(socket).unwrap_or_else(|e| e.status().name().to_owned());
        let calls = SOCKET.iter().filter(|(n, _)| wanted(n)).map(|(n, f)| (n.to_string(), f(context, socket)));
        sockets.insert(key, Value::Object(calls.collect()));
    }
    let doc = serde_json::json!({ "system": system, "processors": processors, "sockets": sockets });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    Ok(text)
}

//! The CPU part of `dump`: the key of a CPU processor, the functions called on sockets and
//! cores, and the CPU system functions.

use amdsmi::{AmdSmiProcessorType, Context, ProcessorHandle};
use serde_json::Value;

use crate::dump::{call, ProcessorFn};

/// `dump`'s key of a CPU processor (`cpu0`, `core17`), or `None` for other processors.
pub fn dump_key(c: &Context, handle: ProcessorHandle) -> Option<String> {
    let kind = c.processor_type(handle).ok()?.processor_type;
    let prefix = match kind {
        AmdSmiProcessorType::AmdCpu => "cpu",
        AmdSmiProcessorType::AmdCpuCore => "core",
        _ => return None,
    };
    Some(format!("{prefix}{}", c.processor_info(handle).ok()?))
}

/// `dump`'s functions of a CPU socket (argument variants: DIMM 0x80, NBIO 0, link P0).
pub fn dump_socket_calls() -> Vec<(String, ProcessorFn)> {
    vec![
        call("amdsmi_get_processor_type", |c, h| c.processor_type(h)),
        call("amdsmi_get_processor_info", |c, h| c.processor_info(h)),
        call("amdsmi_get_cpu_model_name", |c, h| c.cpu_model_name(h)),
        call("amdsmi_first_online_core_on_cpu_socket", |c, h| c.first_online_core_on_cpu_socket(h)),
        call("amdsmi_get_cpu_hsmp_proto_ver", |c, h| c.cpu_hsmp_proto_ver(h)),
        call("amdsmi_get_cpu_hsmp_driver_version", |c, h| c.cpu_hsmp_driver_version(h)),
        call("amdsmi_get_cpu_smu_fw_version", |c, h| c.cpu_smu_fw_version(h)),
        call("amdsmi_get_cpu_prochot_status", |c, h| c.cpu_prochot_status(h)),
        call("amdsmi_get_cpu_fclk_mclk", |c, h| c.cpu_fclk_mclk(h)),
        call("amdsmi_get_cpu_cclk_limit", |c, h| c.cpu_cclk_limit(h)),
        call("amdsmi_get_cpu_socket_current_active_freq_limit", |c, h| c.cpu_socket_current_active_freq_limit(h)),
        call("amdsmi_get_cpu_socket_freq_range", |c, h| c.cpu_socket_freq_range(h)),
        call("amdsmi_get_cpu_socket_power", |c, h| c.cpu_socket_power(h)),
        call("amdsmi_get_cpu_socket_power_cap", |c, h| c.cpu_socket_power_cap(h)),
        call("amdsmi_get_cpu_socket_power_cap_max", |c, h| c.cpu_socket_power_cap_max(h)),
        call("amdsmi_get_cpu_pwr_svi_telemetry_all_rails", |c, h| c.cpu_pwr_svi_telemetry_all_rails(h)),
        call("amdsmi_get_cpu_socket_c0_residency", |c, h| c.cpu_socket_c0_residency(h)),
        call("amdsmi_get_cpu_ddr_bw", |c, h| c.cpu_ddr_bw(h)),
        call("amdsmi_get_cpu_socket_temperature", |c, h| c.cpu_socket_temperature(h)),
        call("amdsmi_get_cpu_dimm_temp_range_and_refresh_rate(0x80)", |c, h| {
            c.cpu_dimm_temp_range_and_refresh_rate(h, 0x80)
        }),
        call("amdsmi_get_cpu_dimm_power_consumption(0x80)", |c, h| c.cpu_dimm_power_consumption(h, 0x80)),
        call("amdsmi_get_cpu_dimm_thermal_sensor(0x80)", |c, h| c.cpu_dimm_thermal_sensor(h, 0x80)),
        call("amdsmi_get_cpu_socket_lclk_dpm_level(0)", |c, h| c.cpu_socket_lclk_dpm_level(h, 0)),
        call("amdsmi_get_cpu_current_io_bandwidth(1,P0)", |c, h| c.cpu_current_io_bandwidth(h, 1, "P0")),
        call("amdsmi_get_cpu_current_xgmi_bw(1,P0)", |c, h| c.cpu_current_xgmi_bw(h, 1, "P0")),
        call("amdsmi_get_hsmp_metrics_table_version", |c, h| c.hsmp_metrics_table_version(h)),
        call("amdsmi_get_hsmp_metrics_table", |c, h| c.hsmp_metrics_table(h)),
        call("amdsmi_get_cpu_rail_isofreq_policy", |c, h| c.cpu_rail_isofreq_policy(h)),
        call("amdsmi_get_dfc_ctrl", |c, h| c.dfc_ctrl(h)),
        call("amdsmi_get_cpu_socket_energy", |c, h| c.cpu_socket_energy(h)),
    ]
}

/// `dump`'s functions of a CPU core.
pub fn dump_core_calls() -> Vec<(String, ProcessorFn)> {
    vec![
        call("amdsmi_get_processor_type", |c, h| c.processor_type(h)),
        call("amdsmi_get_processor_info", |c, h| c.processor_info(h)),
        call("amdsmi_get_cpu_core_boostlimit", |c, h| c.cpu_core_boostlimit(h)),
        call("amdsmi_get_cpu_core_current_freq_limit", |c, h| c.cpu_core_current_freq_limit(h)),
        call("amdsmi_get_cpu_core_energy", |c, h| c.cpu_core_energy(h)),
    ]
}

/// `dump`'s system functions of the CPUs, when the context has any.
pub fn dump_system(c: &Context) -> Vec<(String, Value)> {
    if c.cpusocket_handles().is_empty() {
        return Vec::new();
    }
    vec![
        ("amdsmi_get_cpu_family".into(), crate::json_or_status(c.cpu_family())),
        ("amdsmi_get_cpu_model".into(), crate::json_or_status(c.cpu_model())),
        ("amdsmi_get_threads_per_core".into(), crate::json_or_status(c.threads_per_core())),
    ]
}

/// The names `dump --function` accepts for the CPUs.
pub fn dump_names() -> Vec<String> {
    let system = ["amdsmi_get_cpu_family", "amdsmi_get_cpu_model", "amdsmi_get_threads_per_core"].map(String::from);
    let socket = dump_socket_calls().into_iter().map(|(n, _)| n);
    let core = dump_core_calls().into_iter().map(|(n, _)| n);
    system.into_iter().chain(socket).chain(core).collect()
}

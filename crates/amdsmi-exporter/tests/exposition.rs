//! The exposition on fixture machines: series, values (read by hand from the fixture files
//! named in each comment), labels, and the series that must be absent.

mod common;

use amdsmi_exporter::Format;
use common::{exporter_at, find, machine, samples, value, HOST};

/// The rx6900xt's device directory, for the comments: `sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0`.
#[test]
fn rx6900xt_series_and_values() {
    let text = exporter_at(&machine("rx6900xt")).scrape(Format::Prometheus);
    let s = samples(&text);
    let gpu = [("gpu_id", "0")];
    // One GPU: one card with a KFD node.
    assert_eq!(value(&s, "gpu_nodes_total", &[("hostname", HOST)]), "1");
    // hwmon/hwmon5/temp1_input 56000 (label edge), temp2_input 59000 (junction), temp3_input 54000 (mem), m°C.
    assert_eq!(value(&s, "gpu_edge_temperature", &gpu), "56");
    assert_eq!(value(&s, "gpu_junction_temperature", &gpu), "59");
    assert_eq!(value(&s, "gpu_memory_temperature", &gpu), "54");
    // hwmon/hwmon5/power1_average 36000000 µW.
    assert_eq!(value(&s, "gpu_average_package_power", &gpu), "36");
    // mem_info_vram_total 17163091968 B = 16368 MiB; mem_info_vram_used 668274688 B = 637 MiB.
    assert_eq!(value(&s, "gpu_total_vram", &gpu), "16368");
    assert_eq!(value(&s, "gpu_used_vram", &gpu), "637");
    assert_eq!(value(&s, "gpu_free_vram", &gpu), "15731");
    // pp_dpm_sclk: `0: 500Mhz *`, `1: 2660Mhz`; pp_dpm_mclk: 96, 456, 673, `1000Mhz *`.
    let sys = [("gpu_id", "0"), ("clock_type", "system"), ("clock_index", "0")];
    assert_eq!(value(&s, "gpu_clock", &sys), "500");
    assert_eq!(value(&s, "gpu_min_clock", &sys), "500");
    assert_eq!(value(&s, "gpu_max_clock", &sys), "2660");
    let mem = [("gpu_id", "0"), ("clock_type", "memory"), ("clock_index", "0")];
    assert_eq!(value(&s, "gpu_clock", &mem), "1000");
    assert_eq!(value(&s, "gpu_min_clock", &mem), "96");
    // current_link_speed and max_link_speed `16.0 GT/s PCIe`.
    assert_eq!(value(&s, "pcie_speed", &gpu), "16.0");
    assert_eq!(value(&s, "pcie_max_speed", &gpu), "16.0");
    // pcie_replay_count 0.
    assert_eq!(value(&s, "pcie_replay_count", &gpu), "0");
    // hwmon/hwmon5/pwm1 0 of pwm1_max 255.
    assert_eq!(value(&s, "gpu_fan_speed", &gpu), "0.0");
    // gpu_busy_percent 3.
    assert_eq!(value(&s, "gpu_gfx_activity", &gpu), "3");

    // Labels: no serial_number file; product_name empty, so the card model is the pci.ids name
    // of `device` 0x73bf; not partitioned (no current_compute_partition).
    let labels = &find(&s, "gpu_edge_temperature", &gpu)[0].labels;
    let expected = [
        ("gpu_id", "0"),
        ("serial_number", ""),
        ("card_model", "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]"),
        ("hostname", HOST),
        ("gpu_partition_id", "0"),
        ("gpu_compute_partition_type", "none"),
        ("gpu_memory_partition_type", "none"),
        // The recorded DRM version predates the mode bits (3.62): AMD's default, bare metal.
        ("deployment_mode", "baremetal"),
    ];
    let expected: Vec<_> = expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(labels, &expected);

    // Unsupported values are absent, not 0: RDNA2 reports no current socket power (no
    // power1_input), no HBM, no RAS (no ras/ directory), no XGMI, and its gpu_metrics (v1.x of
    // Navi) has no violation accumulators; the machine has no EPYC CPU.
    for absent in [
        "gpu_package_power",
        "gpu_hbm_temperature",
        "gpu_ecc_correct_total",
        "gpu_ecc_correct_umc",
        "gpu_xgmi_link_rx",
        "gpu_violation_current_accumulated_counter",
        "amd_socket_power",
    ] {
        assert!(find(&s, absent, &[]).is_empty(), "{absent} should be absent");
        assert!(!text.contains(&format!("# TYPE {absent} ")), "{absent} has no descriptor either");
    }
}

/// mi300x-cpx: 8 MI300X in CPX mode. GPU 0 is partition 0 of 0000:05:00.0
/// (`sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0`), GPU 1 its partition 1, GPU 8 partition 0
/// of 0000:27:00.0 (`sys/devices/pci0000:00/0000:00:02.1/0000:27:00.0`).
#[test]
fn mi300x_cpx_series_and_values() {
    let text = exporter_at(&machine("mi300x-cpx")).scrape(Format::Prometheus);
    let s = samples(&text);
    // 63 partition processors (65 KFD nodes, 2 of them CPUs).
    assert_eq!(value(&s, "gpu_nodes_total", &[]), "63");
    let gpu0 = [("gpu_id", "0")];
    // 05:00.0 hwmon temp2_input 42000 (label junction), temp3_input 38000 (mem); no temp1 (edge).
    assert_eq!(value(&s, "gpu_junction_temperature", &gpu0), "42");
    assert_eq!(value(&s, "gpu_memory_temperature", &gpu0), "38");
    assert!(find(&s, "gpu_edge_temperature", &[]).is_empty(), "MI300X has no edge sensor");
    // 05:00.0 hwmon power1_input 165000000 µW; 27:00.0 166000000 µW, temp2_input 43000.
    assert_eq!(value(&s, "gpu_package_power", &gpu0), "165");
    assert_eq!(value(&s, "gpu_package_power", &[("gpu_id", "8")]), "166");
    assert_eq!(value(&s, "gpu_junction_temperature", &[("gpu_id", "8")]), "43");
    // mem_info_vram_total 206141652992 B = 196592 MiB; mem_info_vram_used 301989888 B = 288 MiB.
    assert_eq!(value(&s, "gpu_total_vram", &gpu0), "196592");
    assert_eq!(value(&s, "gpu_used_vram", &gpu0), "288");
    // ras/umc_err_count `ue: 0 ce: 12 de: 3`; ras/gfx_err_count `ue: 0 ce: 2`.
    assert_eq!(value(&s, "gpu_ecc_correct_umc", &gpu0), "12");
    assert_eq!(value(&s, "gpu_ecc_deferred_umc", &gpu0), "3");
    assert_eq!(value(&s, "gpu_ecc_uncorrect_umc", &gpu0), "0");
    assert_eq!(value(&s, "gpu_ecc_correct_gfx", &gpu0), "2");

    // Labels of partition 0 and partition 1 of the first GPU: the physical GPU's serial_number
    // (692300000001) and product_name; current_compute_partition CPX, current_memory_partition NPS1.
    for (gpu_id, partition) in [("0", "0"), ("1", "1")] {
        let labels = &find(&s, "gpu_total_vram", &[("gpu_id", gpu_id)])[0];
        assert_eq!(labels.label("serial_number"), Some("692300000001"));
        assert_eq!(labels.label("card_model"), Some("AMD Instinct MI300X OAM"));
        assert_eq!(labels.label("gpu_partition_id"), Some(partition));
        assert_eq!(labels.label("gpu_compute_partition_type"), Some("cpx"));
        assert_eq!(labels.label("gpu_memory_partition_type"), Some("nps1"));
        assert_eq!(labels.label("hostname"), Some(HOST));
        // DRM 3.63 device info, `ids_flags` mode bits 0 (PF): bare metal.
        assert_eq!(labels.label("deployment_mode"), Some("baremetal"));
    }
    assert_eq!(find(&s, "gpu_total_vram", &[("gpu_id", "8")])[0].label("serial_number"), Some("692300000002"));

    // The physical GPU's values only on its primary partition, as AMD's exporter does; the
    // partition's own (VRAM) on every partition.
    let gpu1 = [("gpu_id", "1")];
    for physical in ["gpu_package_power", "gpu_junction_temperature", "gpu_energy_consumed", "gpu_clock", "pcie_speed"]
    {
        assert!(!find(&s, physical, &gpu0).is_empty(), "{physical} on partition 0");
        assert!(find(&s, physical, &gpu1).is_empty(), "{physical} not on partition 1");
    }
    assert_eq!(value(&s, "gpu_total_vram", &gpu1), "196592");
    // One series per partition for the partition values, one per GPU for the physical ones.
    assert_eq!(find(&s, "gpu_total_vram", &[]).len(), 63);
    assert_eq!(find(&s, "gpu_package_power", &[]).len(), 8);

    // The host's two EPYC 9654 sockets are there too.
    assert_eq!(find(&s, "amd_socket_power", &[]).len(), 2);
}

/// genoa-2s: two EPYC 9124, the emulated SMU of `dev/hsmp`.
#[test]
fn genoa_2s_cpu_series() {
    let text = exporter_at(&machine("genoa-2s")).scrape(Format::Prometheus);
    let s = samples(&text);
    // [socket0] socket_power = 95123 mW, socket_power_limit = 200000, prochot = 0,
    // fclk_mclk = 1800 2400, cclk_throttle_limit = 3700, freq_limit = 3700.
    let socket0 = [("socket", "0")];
    assert_eq!(value(&s, "amd_socket_power", &socket0), "95.123");
    assert_eq!(value(&s, "amd_power_limit", &socket0), "200.0");
    assert_eq!(value(&s, "amd_prochot_status", &socket0), "0");
    assert_eq!(value(&s, "amd_fclk", &socket0), "1800");
    assert_eq!(value(&s, "amd_mclk", &socket0), "2400");
    assert_eq!(value(&s, "amd_cclk_limit", &socket0), "3700");
    assert_eq!(value(&s, "amd_socket_freq_limit", &socket0), "3700");
    // [socket1] socket_power = 96123, socket_power_limit = 205000, prochot = 1, fclk_mclk = 1600 2200.
    let socket1 = [("socket", "1")];
    assert_eq!(value(&s, "amd_socket_power", &socket1), "96.123");
    assert_eq!(value(&s, "amd_power_limit", &socket1), "205.0");
    assert_eq!(value(&s, "amd_prochot_status", &socket1), "1");
    assert_eq!(value(&s, "amd_mclk", &socket1), "2200");
    // HSMP protocol 5 has no temperature message: absent, though the SMU has one.
    assert!(find(&s, "amd_socket_temperature", &[]).is_empty());
    // amd_energy hwmon (sys/class/hwmon/hwmon0): energy33 `Esocket0` 987654321000, energy34
    // `Esocket1` 988654321007, µJ.
    assert_eq!(value(&s, "amd_socket_energy", &socket0), "987654321000");
    assert_eq!(value(&s, "amd_socket_energy", &socket1), "988654321007");
    // No per-core families.
    assert!(!text.contains("amd_core_energy") && !text.contains("amd_boost_limit"));
    // No GPU.
    assert_eq!(value(&s, "gpu_nodes_total", &[]), "0");
    assert!(find(&s, "gpu_total_vram", &[]).is_empty());
}

#[test]
fn openmetrics_and_prometheus_text() {
    let exporter = exporter_at(&machine("rx6900xt"));
    let openmetrics = exporter.scrape(Format::OpenMetrics);
    let prometheus = exporter.scrape(Format::Prometheus);
    assert!(openmetrics.ends_with("# EOF\n"), "OpenMetrics ends with its EOF marker");
    assert!(!prometheus.contains("# EOF"), "the 0.0.4 text format has none");
    // Both carry the same samples (gauges: same names in both formats).
    assert_eq!(samples(&openmetrics), samples(&prometheus));
    assert!(prometheus.contains("# TYPE gpu_edge_temperature gauge\n"));
}

#[test]
fn accept_header_selects_the_format() {
    // Prometheus 2.x's scrape Accept header.
    let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,\
                      text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    assert_eq!(Format::from_accept(Some(prometheus)), Format::OpenMetrics);
    assert_eq!(Format::from_accept(Some("text/plain")), Format::Prometheus);
    assert_eq!(Format::from_accept(Some("*/*")), Format::Prometheus);
    assert_eq!(Format::from_accept(None), Format::Prometheus);
    assert_eq!(Format::from_accept(Some("application/openmetrics-text; q=0")), Format::Prometheus);
    assert_eq!(Format::OpenMetrics.content_type(), "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assert_eq!(Format::Prometheus.content_type(), "text/plain; version=0.0.4; charset=utf-8");
}

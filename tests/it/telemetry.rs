//! sysfs telemetry (hwmon, pp_dpm_*, mem_info_*, PCIe counters) against values read by hand from
//! the fixture files.

use amdsmi::*;

use crate::common;

fn first(machine: &str) -> (Context, ProcessorHandle) {
    let ctx = Context::builder().root(common::machine(machine)).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    (ctx, gpu)
}

const MHZ: u64 = 1_000_000;

#[test]
fn rx6900xt_clocks() {
    let (ctx, gpu) = first("rx6900xt");
    let sclk = ctx.gpu(gpu).and_then(|g| g.clk_freq(AmdSmiClkType::Sys)).unwrap();
    assert_eq!((sclk.num_supported, sclk.current, sclk.has_deep_sleep), (2, Some(0), false));
    assert_eq!(sclk.frequency, [500 * MHZ, 2660 * MHZ]);
    let mclk = ctx.gpu(gpu).and_then(|g| g.clk_freq(AmdSmiClkType::Mem)).unwrap();
    assert_eq!(mclk.frequency, [96 * MHZ, 456 * MHZ, 673 * MHZ, 1000 * MHZ]);
    assert_eq!(mclk.current, Some(3));
    let fclk = ctx.gpu(gpu).and_then(|g| g.clk_freq(AmdSmiClkType::Df)).unwrap();
    assert_eq!((fclk.frequency, fclk.current), (vec![500 * MHZ, 1302 * MHZ, 1941 * MHZ], Some(1)));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.clk_freq(AmdSmiClkType::Vclk1)).unwrap_err().status(), Status::NotSupported);
    let pcie = ctx.gpu(gpu).and_then(|g| g.pci_bandwidth()).unwrap();
    assert_eq!(pcie.transfer_rate.frequency, [2_500_000_000, 16_000_000_000]);
    assert_eq!((pcie.transfer_rate.current, pcie.lanes), (Some(1), vec![1, 16]));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.perf_level()).unwrap(), "AMDSMI_DEV_PERF_LEVEL_AUTO");
    assert_eq!(
        (
            ctx.gpu(gpu).and_then(|g| g.overdrive_level()).unwrap(),
            ctx.gpu(gpu).and_then(|g| g.mem_overdrive_level()).unwrap()
        ),
        (0, 0)
    );
}

#[test]
fn deep_sleep_line_is_element_zero() {
    // rx9070 pp_dpm_sclk: "S: 500Mhz", "1: 789Mhz *", "2: 2070Mhz".
    let (ctx, gpu) = first("rx9070");
    let sclk = ctx.gpu(gpu).and_then(|g| g.clk_freq(AmdSmiClkType::Sys)).unwrap();
    assert_eq!(sclk.frequency, [500 * MHZ, 789 * MHZ, 2070 * MHZ]);
    assert_eq!((sclk.num_supported, sclk.current, sclk.has_deep_sleep), (3, Some(1), true));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.power_cap_info()).unwrap().dpm_cap, Some(3));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.fan_rpms(0)).unwrap(), 1944);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.fan_speed(0)).unwrap(), 117);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.fan_speed_max(0)).unwrap(), 255);
    assert_eq!(
        ctx.gpu(gpu)
            .and_then(|g| g.temp_metric(AmdSmiTemperatureType::Edge, AmdSmiTemperatureMetric::Current))
            .unwrap(),
        48
    );
    let vddgfx = ctx.gpu(gpu).and_then(|g| g.volt_metric(AmdSmiVoltageType::Vddgfx, AmdSmiVoltageMetric::Current));
    assert_eq!(vddgfx.unwrap(), 790);
}

#[test]
fn pcie_levels_without_clock() {
    // rx580 pp_dpm_pcie: "0: 2.5GT/s, x8", "1: 8.0GT/s, x16 *".
    let (ctx, gpu) = first("rx580");
    let pcie = ctx.gpu(gpu).and_then(|g| g.pci_bandwidth()).unwrap();
    assert_eq!(pcie.transfer_rate.frequency, [2_500_000_000, 8_000_000_000]);
    assert_eq!((pcie.transfer_rate.current, pcie.lanes), (Some(1), vec![8, 16]));
    let vega = first("vega10");
    assert_eq!(vega.0.gpu(vega.1).and_then(|g| g.clk_freq(AmdSmiClkType::Sys)).unwrap().num_supported, 8);
}

#[test]
fn rx6900xt_hwmon_by_label() {
    let (ctx, gpu) = first("rx6900xt");
    use AmdSmiTemperatureMetric as M;
    use AmdSmiTemperatureType as T;
    let temp = |t, m| ctx.gpu(gpu).and_then(|g| g.temp_metric(t, m));
    assert_eq!(temp(T::Edge, M::Current).unwrap(), 56);
    assert_eq!(temp(T::Junction, M::Current).unwrap(), 59);
    assert_eq!(temp(T::Vram, M::Current).unwrap(), 54);
    assert_eq!(temp(T::Edge, M::Critical).unwrap(), 100);
    assert_eq!(temp(T::Junction, M::Critical).unwrap(), 110);
    assert_eq!(temp(T::Edge, M::Offset).unwrap_err().status(), Status::NotSupported);
    assert_eq!(temp(T::Edge, M::Shutdown).unwrap_err().status(), Status::NotSupported);
    assert_eq!(temp(T::Hbm0, M::Current).unwrap_err().status(), Status::NotSupported);
    let volt =
        ctx.gpu(gpu).and_then(|g| g.volt_metric(AmdSmiVoltageType::Vddgfx, AmdSmiVoltageMetric::Current)).unwrap();
    assert_eq!(volt, 775);
    let board = ctx.gpu(gpu).and_then(|g| g.volt_metric(AmdSmiVoltageType::Vddboard, AmdSmiVoltageMetric::Current));
    assert_eq!(board.unwrap_err().status(), Status::NotSupported);
    assert_eq!(
        (ctx.gpu(gpu).and_then(|g| g.fan_rpms(0)).unwrap(), ctx.gpu(gpu).and_then(|g| g.fan_speed(0)).unwrap()),
        (0, 0)
    );
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.fan_rpms(1)).unwrap_err().status(), Status::NotSupported);
}

#[test]
fn mi300x_has_no_edge_sensor() {
    let (ctx, gpu) = first("mi300x-cpx");
    use AmdSmiTemperatureMetric as M;
    use AmdSmiTemperatureType as T;
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.temp_metric(T::Edge, M::Current)).unwrap_err().status(),
        Status::NotSupported
    );
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.temp_metric(T::Junction, M::Current)).unwrap(), 42);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.temp_metric(T::Junction, M::Emergency)).unwrap(), 115);
}

#[test]
fn rx6900xt_memory_and_pcie_counters() {
    let (ctx, gpu) = first("rx6900xt");
    use AmdSmiMemoryType::*;
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_total(Vram)).unwrap(), 17_163_091_968);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_usage(Vram)).unwrap(), 668_274_688);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_total(VisVram)).unwrap(), 17_163_091_968);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_usage(VisVram)).unwrap(), 668_274_688);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_total(Gtt)).unwrap(), 16_786_171_904);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_usage(Gtt)).unwrap(), 62_369_792);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.pci_replay_counter()).unwrap(), 0);
    // Recorded AMDGPU_INFO_VRAM_USAGE answer 668274688 bytes; mem_info_vram_total 17163091968.
    let usage = ctx.gpu(gpu).and_then(|g| g.vram_usage()).unwrap();
    assert_eq!((usage.vram_total, usage.vram_used), (16_368, 637));
    // The capture's pcie_bw is empty: not a number, so UNEXPECTED_DATA naming the file.
    let err = ctx.gpu(gpu).and_then(|g| g.pci_throughput()).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedData);
    assert!(err.path().unwrap().ends_with("pcie_bw"));
}

#[test]
fn vram_usage_without_render_node_reads_sysfs() {
    // rx580: no recorded render node; mem_info_vram_total 4294967296, mem_info_vram_used 536870912.
    let (ctx, gpu) = first("rx580");
    let usage = ctx.gpu(gpu).and_then(|g| g.vram_usage()).unwrap();
    assert_eq!((usage.vram_total, usage.vram_used), (4096, 512));
}

/// The captured rx6900xt `gpu_metrics` (v1.3, 120 bytes), decoded by hand from its hex dump:
/// edge 56 °C (@4), hotspot 59, mem 54, gfx activity 3 % (@16), umc 0, mm 0, average socket power
/// 36 W (@22), energy 0x010df422 (@24), system clock 0x7c358bae2c (@32), current gfxclk 500
/// (@54), socclk 800, uclk 1000, link width 16 (@74), link speed 160 = 16.0 GT/s (@76), voltages
/// soc 818 / gfx 775 / mem 1356 mV (@104), HBM temperatures all 0xffff.
#[test]
fn rx6900xt_gpu_metrics_telemetry() {
    let (ctx, gpu) = first("rx6900xt");
    let power = ctx.gpu(gpu).and_then(|g| g.power_info()).unwrap();
    assert_eq!(
        (power.socket_power, power.average_socket_power, power.current_socket_power),
        (Some(36), Some(36), None)
    );
    assert_eq!((power.gfx_voltage, power.soc_voltage, power.mem_voltage), (Some(775), Some(818), Some(1356)));
    assert_eq!(power.power_limit, Some(289), "hwmon power1_cap 289000000 µW");
    let energy = ctx.gpu(gpu).and_then(|g| g.energy_count()).unwrap();
    assert_eq!((energy.energy_accumulator, energy.timestamp), (17_691_682, Some(533_474_291_244)));
    assert_eq!(energy.counter_resolution, 15.3);
    let activity = ctx.gpu(gpu).and_then(|g| g.activity()).unwrap();
    assert_eq!((activity.gfx_activity, activity.umc_activity, activity.mm_activity), (Some(3), Some(0), Some(0)));

    let sys = ctx.gpu(gpu).and_then(|g| g.clock_info(AmdSmiClkType::Sys)).unwrap();
    assert_eq!((sys.clk, sys.min_clk, sys.max_clk, sys.clk_deep_sleep), (Some(500), Some(500), Some(2660), None));
    let mem = ctx.gpu(gpu).and_then(|g| g.clock_info(AmdSmiClkType::Mem)).unwrap();
    assert_eq!((mem.clk, mem.min_clk, mem.max_clk), (Some(1000), Some(96), Some(1000)));
    let soc = ctx.gpu(gpu).and_then(|g| g.clock_info(AmdSmiClkType::Soc)).unwrap();
    assert_eq!((soc.clk, soc.min_clk, soc.max_clk), (Some(800), Some(480), Some(1200)));

    let pcie = ctx.gpu(gpu).and_then(|g| g.pcie_info()).unwrap();
    assert_eq!((pcie.pcie_static.max_pcie_width, pcie.pcie_static.max_pcie_speed), (Some(16), Some(16_000)));
    assert_eq!(pcie.pcie_static.pcie_interface_version, Some(4));
    assert_eq!((pcie.pcie_metric.pcie_width, pcie.pcie_metric.pcie_speed), (Some(16), Some(16_000)));
    assert_eq!(pcie.pcie_metric.pcie_replay_count, Some(0), "v1.3 has no replay counter: sysfs pcie_replay_count");
    assert_eq!(pcie.pcie_metric.pcie_bandwidth, None);

    use AmdSmiTemperatureMetric as M;
    let hbm = ctx.gpu(gpu).and_then(|g| g.temp_metric(AmdSmiTemperatureType::Hbm0, M::Current));
    assert_eq!(hbm.unwrap_err().status(), Status::NotSupported, "0xffff: not available");
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.temp_metric(AmdSmiTemperatureType::Plx, M::Current)).unwrap(),
        49,
        "temperature_vrsoc @12"
    );
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.vram_info()).unwrap().vram_max_bandwidth,
        None,
        "v1.3 has no vram_max_bandwidth"
    );
}

#[test]
fn no_gpu_metrics_falls_back_to_sysfs() {
    // The Vega 64 capture has no gpu_metrics: the current clock is pp_dpm_sclk's `*` level
    // (0: 852Mhz), the range its first and last levels.
    let (ctx, gpu) = first("vega10");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.metrics_info()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.activity()).unwrap_err().status(), Status::NotSupported);
    let sys = ctx.gpu(gpu).and_then(|g| g.clock_info(AmdSmiClkType::Sys)).unwrap();
    assert_eq!((sys.clk, sys.min_clk, sys.max_clk), (Some(852), Some(852), Some(1630)));
    // The R7 240's pp_dpm_sclk is empty: no clock at all.
    let (ctx, gpu) = first("r7-240");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.clock_info(AmdSmiClkType::Sys)).unwrap_err().status(), Status::NotSupported);
}

/// mi300x-cpx carries the generator's v1.8 blob (fixtures/gpu_metrics/expected/v1_8.json):
/// energy_accumulator 4294967303, system_clock_counter 4294967304, current_gfxclk[0] 1050,
/// current_uclk 1069, mem_max_bandwidth 4294967302, temperature_vrsoc 1003, curr_socket_power
/// 0xffff (not available, so power comes from hwmon power1_input 165 W).
#[test]
fn mi300x_v1_8_blob() {
    let (ctx, gpu) = first("mi300x-cpx");
    let energy = ctx.gpu(gpu).and_then(|g| g.energy_count()).unwrap();
    assert_eq!((energy.energy_accumulator, energy.timestamp), (4_294_967_303, Some(4_294_967_304)));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.clock_info(AmdSmiClkType::Sys)).unwrap().clk, Some(1050));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.clock_info(AmdSmiClkType::Mem)).unwrap().clk, Some(1069));
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.vram_info()).unwrap().vram_max_bandwidth, Some(4_294_967_302));
    let plx =
        ctx.gpu(gpu).and_then(|g| g.temp_metric(AmdSmiTemperatureType::Plx, AmdSmiTemperatureMetric::Current)).unwrap();
    assert_eq!(plx, 1003);
    let power = ctx.gpu(gpu).and_then(|g| g.power_info()).unwrap();
    assert_eq!((power.current_socket_power, power.socket_power), (Some(165), Some(165)));

    // gfx_activity_acc 100018, mem_activity_acc 100019; duplicates count once.
    use AmdSmiUtilizationCounterType as U;
    let counts = ctx.gpu(gpu).and_then(|g| {
        g.utilization_count(&[U::CoarseGrainMemActivity, U::CoarseGrainGfxActivity, U::CoarseGrainMemActivity])
    });
    let counts = counts.unwrap();
    assert_eq!(counts.timestamp, 4_294_967_304);
    let values: Vec<(U, u64)> = counts.counters.iter().map(|c| (c.counter_type, c.value)).collect();
    assert_eq!(values, [(U::CoarseGrainMemActivity, 100_019), (U::CoarseGrainGfxActivity, 100_018)]);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.utilization_count(&[])).unwrap_err().status(), Status::Inval);
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.utilization_count(&[U::CoarseDecoderActivity])).unwrap_err().status(),
        Status::NotSupported
    );
    // The rx6900xt's v1.3 blob has the accumulators at 0xffffffff: not available.
    let (ctx, gpu) = first("rx6900xt");
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.utilization_count(&[U::CoarseGrainGfxActivity])).unwrap_err().status(),
        Status::NotSupported
    );
}

/// The violation status compares with the previous sample this context took: here the blob is
/// advanced between two calls by patching the v1.8 accumulators (accumulation_counter @40 from
/// 100009 to 100209, ppt_residency_acc @48 from 100010 to 100060, socket_thm @52 unchanged).
#[test]
fn violation_status_against_the_previous_sample() {
    let dir = common::copy_machine("mi300x-cpx");
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    let initial = ctx.gpu(gpu).and_then(|g| g.violation_status()).unwrap();
    assert_eq!(
        (initial.acc_counter, initial.acc_ppt_pwr, initial.acc_socket_thrm),
        (Some(100_009), Some(100_010), Some(100_011))
    );
    assert_eq!(initial.per_ppt_pwr, None, "the blob did not change between the two first samples");
    assert_eq!(initial.acc_prochot_thrm, None, "prochot_residency_acc is the unsupported sentinel in the blob");

    let path = dir.path().join("sys/bus/pci/devices/0000:05:00.0/gpu_metrics");
    let mut blob = std::fs::read(&path).unwrap();
    blob[40..44].copy_from_slice(&100_209u32.to_le_bytes());
    blob[48..52].copy_from_slice(&100_060u32.to_le_bytes());
    std::fs::write(&path, blob).unwrap();
    let second = ctx.gpu(gpu).and_then(|g| g.violation_status()).unwrap();
    assert_eq!((second.acc_counter, second.acc_ppt_pwr), (Some(100_209), Some(100_060)));
    assert_eq!((second.per_ppt_pwr, second.active_ppt_pwr), (Some(25), Some(true)), "50 of 200 cycles");
    assert_eq!((second.per_socket_thrm, second.active_socket_thrm), (Some(0), Some(false)));

    let (ctx, gpu) = first("rx6900xt");
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.violation_status()).unwrap_err().status(),
        Status::NotSupported,
        "v1.3 has no accumulators"
    );
}

/// Link metrics of the second MI300X (hive node 2): `xgmi_port_num` reads `02:00 ->  01:00`,
/// `02:01 ->  03:01`, ... `02:06 ->  08:01`, so link 0 goes to node1 (0000:05:00.0), links 1-6
/// to nodes 3-8; link 7 has no peer. The v1.8 blob: xgmi_link_speed 1017, xgmi_link_width 1016,
/// xgmi_read_data_acc 4294967322.., xgmi_write_data_acc 4294967330...
#[test]
fn mi300x_link_metrics() {
    let ctx = Context::builder().root(common::machine("mi300x-cpx")).build().unwrap();
    let gpu = ctx.processor_handle_from_bdf("0000:27:00.0").unwrap();
    let lm = ctx.gpu(gpu).and_then(|g| g.link_metrics()).unwrap();
    assert_eq!(lm.num_links, 7);
    assert_eq!(lm.links.len(), 8);
    let peers: Vec<Option<String>> = lm.links.iter().map(|l| l.bdf.map(|b| b.to_string())).collect();
    let expected = ["05", "47", "65", "85", "a7", "c7", "e5"].map(|bus| Some(format!("0000:{bus}:00.0")));
    assert_eq!(peers[..7], expected);
    assert_eq!(peers[7], None);
    for (i, link) in lm.links.iter().enumerate() {
        let i = u64::try_from(i).unwrap();
        assert_eq!(link.read, Some(4_294_967_322 + i));
        assert_eq!(link.write, Some(4_294_967_330 + i));
        assert_eq!((link.bit_rate, link.max_bandwidth), (Some(1017), Some(1017 * 1016)));
        assert_eq!(link.link_type, AmdSmiLinkType::Xgmi);
    }
    // A partition of the same GPU reports the same links.
    let part = ctx.processor_handle_from_bdf("0000:27:00.3").unwrap();
    assert_eq!(ctx.gpu(part).and_then(|g| g.link_metrics()).unwrap(), lm);
}

/// The MI210's v1.3 blob has no XGMI fields: peers from `xgmi_port_num` (3 links in a hive of
/// four), every metric N/A. A GPU without gpu_metrics gives NOT_SUPPORTED.
#[test]
fn mi210_link_metrics_and_missing_blob() {
    let ctx = Context::builder().root(common::machine("mi210-xgmi")).build().unwrap();
    let gpu = ctx.processor_handle_from_bdf("0000:03:00.0").unwrap();
    let lm = ctx.gpu(gpu).and_then(|g| g.link_metrics()).unwrap();
    assert_eq!(lm.num_links, 3);
    let peers: Vec<String> = lm.links.iter().filter_map(|l| l.bdf).map(|b| b.to_string()).collect();
    assert_eq!(peers, ["0000:63:00.0", "0000:43:00.0", "0000:26:00.0"]);
    assert!(lm.links.iter().all(|l| l.read.is_none() && l.bit_rate.is_none() && l.max_bandwidth.is_none()));
    let (ctx, gpu) = first("rx580");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.link_metrics()).unwrap_err().status(), Status::NotSupported);
}

#[test]
fn port_num_lines() {
    use amdsmi::parse::xgmi::{parse_port_num, PortLink};
    let links = parse_port_num("01:00 ->  02:03\n0a:07 ->  0b:00\ngarbage\n01:zz -> 02:00\n");
    assert_eq!(
        links,
        [PortLink { port: 0, peer_node: 2, peer_port: 3 }, PortLink { port: 7, peer_node: 11, peer_port: 0 }]
    );
}

//! Entry points of `entry/gpu_telemetry.rs` called directly: values against the Rust API on fixture machines, and bad input.
//!
//! rx6900xt's device directory is `fixtures/machines/rx6900xt/sys/devices/pci0000:00/0000:00:01.1/0000:0c:00.0`
//! (below: `rx6900xt/…/`), mi300x-cpx's first GPU `…/0000:05:00.0` (below: `mi300x/…/`).

use std::ffi::c_void;
use std::ptr::{null_mut, slice_from_raw_parts};

use amd_smi::abi::*;
use amd_smi::entry::gpu_telemetry::*;
use amd_smi::entry::init::amdsmi_shut_down;
use amdsmi::{AmdSmiClkType, AmdSmiInitFlags, AmdSmiRegType, Status};

use crate::common::{instance_on, processors, INVAL, SUCCESS};

const NOT_SUPPORTED: u32 = Status::NotSupported.code();
const NOT_FOUND: u32 = Status::NotFound.code();

/// A C string of a fixed array.
fn text(chars: &[std::ffi::c_char]) -> String {
    let bytes: Vec<u8> = chars.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn metrics_struct_of_a_v1_3_blob() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let rust = instance.context.gpu(instance.context.processor_handles()[0]).unwrap().metrics_info().unwrap();
    let mut m = amdsmi_gpu_metrics_t::ZERO;
    assert_eq!(amdsmi_get_gpu_metrics_info(gpu, &mut m), SUCCESS);
    assert_eq!(std::mem::size_of_val(&m), 4544);
    // rx6900xt/…/gpu_metrics: header 78 00 01 03 (120 bytes, v1.3); temperatures 0x38 0x3b 0x36;
    // average_gfx_activity 3; average_socket_power 0x24.
    assert_eq!(
        (m.common_header.structure_size, m.common_header.format_revision, m.common_header.content_revision),
        (120, 1, 3)
    );
    assert_eq!((m.temperature_edge, m.temperature_hotspot, m.temperature_mem), (56, 59, 54));
    assert_eq!((m.average_gfx_activity, m.average_socket_power), (3, 36));
    assert_eq!(Some(m.temperature_edge), rust.temperature_edge);
    assert_eq!(Some(m.energy_accumulator), rust.energy_accumulator);
    assert_eq!(Some(m.system_clock_counter), rust.system_clock_counter);
    assert_eq!(Some(m.current_gfxclk), rust.current_gfxclk);
    assert_eq!(Some(m.pcie_link_width), rust.pcie_link_width);
    assert_eq!(Some(m.voltage_gfx), rust.voltage_gfx);
    assert_eq!(m.voltage_gfx, 775, "rx6900xt/…/hwmon in0_input (vddgfx) agrees: 775 mV");
    // Fields v1.3 does not have: all ones of their width.
    assert_eq!(rust.temperature_hbm, [None; 4]);
    assert_eq!(m.temperature_hbm, [u16::MAX; 4]);
    assert_eq!(m.pcie_bandwidth_acc, u64::MAX);
    assert_eq!(m.pcie_nak_sent_count_acc, u32::MAX);
    assert_eq!(m.num_partition, u16::MAX);
    assert_eq!(m.xcp_stats[7].gfx_busy_inst, [u32::MAX; 8]);
    assert_eq!(m.xcp_stats[0].jpeg_busy, [u16::MAX; 40]);
    assert_eq!(m.xgmi_read_data_acc, [u64::MAX; 8]);

    let mut header = amd_metrics_table_header_t::ZERO;
    assert_eq!(amdsmi_get_gpu_metrics_header_info(gpu, &mut header), SUCCESS);
    assert_eq!((header.structure_size, header.format_revision, header.content_revision), (120, 1, 3));

    assert_eq!(amdsmi_get_gpu_metrics_info(gpu, null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_metrics_header_info(gpu, null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_metrics_info(7 as *mut c_void, &mut m), NOT_FOUND);
    drop(instance);
}

#[test]
fn metrics_struct_of_a_partitioned_mi300x() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let rust = instance.context.gpu(instance.context.processor_handles()[0]).unwrap().metrics_info().unwrap();
    let mut m = amdsmi_gpu_metrics_t::ZERO;
    assert_eq!(amdsmi_get_gpu_metrics_info(gpu, &mut m), SUCCESS);
    // mi300x/…/gpu_metrics (v1.8): accumulation_counter 100009, ppt_residency_acc 100010,
    // socket_thm_residency_acc 100011 (tests/it/telemetry.rs of the root crate reads the same).
    assert_eq!((m.accumulation_counter, m.ppt_residency_acc, m.socket_thm_residency_acc), (100_009, 100_010, 100_011));
    assert_eq!(m.prochot_residency_acc, u64::MAX, "the blob's own unsupported sentinel");
    assert_eq!(m.common_header.format_revision, 1);
    assert_eq!(m.num_partition, rust.num_partition.unwrap_or(u16::MAX));
    for (c, r) in m.xcp_stats.iter().zip(&rust.xcp_stats) {
        assert_eq!(c.gfx_busy_inst.map(Some), r.gfx_busy_inst.map(|v| Some(v.unwrap_or(u32::MAX))));
        assert_eq!(c.gfx_busy_acc.map(Some), r.gfx_busy_acc.map(|v| Some(v.unwrap_or(u64::MAX))));
        assert_eq!(c.jpeg_busy.map(Some), r.jpeg_busy.map(|v| Some(v.unwrap_or(u16::MAX))));
    }
    assert_eq!(m.current_gfxclks.map(Some), rust.current_gfxclks.map(|v| Some(v.unwrap_or(u16::MAX))));
    assert_eq!(Some(m.pcie_bandwidth_inst), rust.pcie_bandwidth_inst.or(Some(u64::MAX)));
    drop(instance);
}

#[test]
fn power_energy_and_activity() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let g = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();

    let mut p = amdsmi_power_info_t::ZERO;
    assert_eq!(amdsmi_get_power_info(gpu, &mut p), SUCCESS);
    let rust = g.power_info().unwrap();
    // rx6900xt/…/gpu_metrics average_socket_power 36 W; hwmon power1_cap 289000000 µW = 289 W;
    // v1.3 has no current_socket_power: 0xFFFF, the value AMD's package reads as N/A.
    assert_eq!((p.average_socket_power, p.socket_power, p.power_limit), (36, 36, 289));
    assert_eq!(p.current_socket_power, 0xFFFF);
    assert_eq!(rust.current_socket_power, None);
    assert_eq!(Some(p.gfx_voltage), rust.gfx_voltage);
    assert_eq!(Some(p.soc_voltage), rust.soc_voltage);
    assert_eq!(Some(u64::from(p.power_limit)), rust.power_limit);

    let mut caps = amdsmi_power_cap_info_t::ZERO;
    assert_eq!(amdsmi_get_power_cap_info(gpu, 0, &mut caps), SUCCESS);
    // hwmon power1_cap / _default / _min / _max; dpm_cap = the 2 levels of pp_dpm_sclk.
    assert_eq!(
        (caps.power_cap, caps.default_power_cap, caps.min_power_cap, caps.max_power_cap, caps.dpm_cap),
        (289_000_000, 289_000_000, 0, 332_000_000, 2)
    );
    assert_eq!(Some(caps.dpm_cap), g.power_cap_info().unwrap().dpm_cap);
    assert_eq!(amdsmi_get_power_cap_info(gpu, 1, &mut caps), NOT_SUPPORTED);
    assert_eq!(amdsmi_get_power_cap_info(gpu, 0, null_mut()), INVAL);

    let (mut acc, mut res, mut ts) = (0u64, 0f32, 0u64);
    assert_eq!(amdsmi_get_energy_count(gpu, &mut acc, &mut res, &mut ts), SUCCESS);
    let e = g.energy_count().unwrap();
    // rx6900xt/…/gpu_metrics energy_accumulator (offset 24): 22 f4 0d 01 = 17691682.
    assert_eq!((acc, res, Some(ts)), (17_691_682, 15.3, e.timestamp));
    assert_eq!(acc, e.energy_accumulator);
    assert_eq!(amdsmi_get_energy_count(gpu, &mut acc, null_mut(), &mut ts), INVAL);

    let mut usage = amdsmi_engine_usage_t::ZERO;
    assert_eq!(amdsmi_get_gpu_activity(gpu, &mut usage), SUCCESS);
    // gpu_metrics average_gfx_activity 3, average_umc_activity 0, average_mm_activity 0.
    assert_eq!((usage.gfx_activity, usage.umc_activity, usage.mm_activity), (3, 0, 0));
    let mut busy = 0u32;
    assert_eq!(amdsmi_get_gpu_busy_percent(gpu, &mut busy), SUCCESS);
    assert_eq!(busy, 3, "rx6900xt/…/gpu_busy_percent");
    assert_eq!(busy, g.busy_percent().unwrap());
    drop(instance);
}

#[test]
fn clocks_fans_memory_and_levels() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let g = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();

    // rx6900xt/…/pp_dpm_sclk: "0: 500Mhz *", "1: 2660Mhz".
    let mut f = amdsmi_frequencies_t::ZERO;
    assert_eq!(amdsmi_get_clk_freq(gpu, AmdSmiClkType::Sys.code(), &mut f), SUCCESS);
    assert_eq!((f.num_supported, f.current, f.has_deep_sleep), (2, 0, false));
    assert_eq!(&f.frequency[..3], &[500_000_000, 2_660_000_000, 0]);
    assert_eq!(f.frequency[..2], g.clk_freq(AmdSmiClkType::Sys).unwrap().frequency[..]);
    assert_eq!(amdsmi_get_clk_freq(gpu, 99, &mut f), INVAL, "clock types are 0-10");

    let mut c = amdsmi_clk_info_t::ZERO;
    assert_eq!(amdsmi_get_clock_info(gpu, AmdSmiClkType::Sys.code(), &mut c), SUCCESS);
    let rust = g.clock_info(AmdSmiClkType::Sys).unwrap();
    assert_eq!((c.min_clk, c.max_clk), (500, 2660));
    assert_eq!((Some(c.clk), Some(c.min_clk), Some(c.max_clk)), (rust.clk, rust.min_clk, rust.max_clk));
    assert_eq!(c.clk_locked, rust.clk_locked.map_or(u8::MAX, u8::from));

    let mut volt = 0i64;
    assert_eq!(amdsmi_get_gpu_volt_metric(gpu, 0, 0, &mut volt), SUCCESS);
    assert_eq!(volt, 775, "rx6900xt/…/hwmon in0_input (label vddgfx)");
    assert_eq!(amdsmi_get_gpu_volt_metric(gpu, 1, 0, &mut volt), NOT_SUPPORTED, "no vddboard label in hwmon");
    assert_eq!(amdsmi_get_gpu_volt_metric(gpu, 2, 0, &mut volt), INVAL, "voltage types are 0-1");
    assert_eq!(amdsmi_get_gpu_volt_metric(gpu, 0, 99, &mut volt), INVAL, "no metric 99");

    let (mut rpm, mut duty, mut max) = (-1i64, -1i64, 0u64);
    assert_eq!(amdsmi_get_gpu_fan_rpms(gpu, 0, &mut rpm), SUCCESS);
    assert_eq!(amdsmi_get_gpu_fan_speed(gpu, 0, &mut duty), SUCCESS);
    assert_eq!(amdsmi_get_gpu_fan_speed_max(gpu, 0, &mut max), SUCCESS);
    assert_eq!((rpm, duty, max), (0, 0, 255), "hwmon fan1_input, pwm1, pwm1_max");
    assert_eq!(max, g.fan_speed_max(0).unwrap());

    let mut used = 0u64;
    assert_eq!(amdsmi_get_gpu_memory_usage(gpu, 0, &mut used), SUCCESS);
    assert_eq!(used, 668_274_688, "rx6900xt/…/mem_info_vram_used");
    assert_eq!(amdsmi_get_gpu_memory_usage(gpu, 3, &mut used), INVAL);
    let mut vram = amdsmi_vram_usage_t::ZERO;
    assert_eq!(amdsmi_get_gpu_vram_usage(gpu, &mut vram), SUCCESS);
    // mem_info_vram_total 17163091968 B = 16368 MiB; used 668274688 B = 637 MiB (rounded down).
    assert_eq!((vram.vram_total, vram.vram_used), (16_368, 637));

    let mut level = 0xdead_u32;
    assert_eq!(amdsmi_get_gpu_perf_level(gpu, &mut level), SUCCESS);
    assert_eq!(level, AMDSMI_DEV_PERF_LEVEL_AUTO, "rx6900xt/…/power_dpm_force_performance_level: auto");
    let (mut od, mut mem_od) = (9u32, 9u32);
    assert_eq!(amdsmi_get_gpu_overdrive_level(gpu, &mut od), SUCCESS);
    assert_eq!(amdsmi_get_gpu_mem_overdrive_level(gpu, &mut mem_od), SUCCESS);
    assert_eq!((od, mem_od), (0, 0), "pp_sclk_od, pp_mclk_od");
    let mut enabled = false;
    assert_eq!(amdsmi_is_gpu_power_management_enabled(gpu, &mut enabled), SUCCESS);
    assert_eq!(enabled, g.is_power_management_enabled().unwrap());
    assert_eq!(amdsmi_is_gpu_power_management_enabled(gpu, null_mut()), INVAL);
    drop(instance);
}

#[test]
fn pcie_values_and_widths() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let g = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();

    let mut info = amdsmi_pcie_info_t::ZERO;
    assert_eq!(amdsmi_get_pcie_info(gpu, &mut info), SUCCESS);
    // rx6900xt/…/max_link_width 16, max_link_speed "16.0 GT/s PCIe" (gen 4); no slot type: PCIE,
    // AMD's default.
    let s = info.pcie_static;
    assert_eq!((s.max_pcie_width, s.max_pcie_speed, s.pcie_interface_version), (16, 16_000, 4));
    assert_eq!(s.slot_type, AMDSMI_CARD_FORM_FACTOR_PCIE);
    let rust = g.pcie_info().unwrap().pcie_metric;
    let m = info.pcie_metric;
    assert_eq!((Some(u32::from(m.pcie_width)), Some(m.pcie_speed)), (rust.pcie_width, rust.pcie_speed));
    // v1.3 has no bandwidth or accumulators: all ones of each C field (32-bit bandwidth).
    assert_eq!(rust.pcie_bandwidth, None);
    assert_eq!((m.pcie_bandwidth, m.pcie_lc_perf_other_end_recovery_count), (u32::MAX, u32::MAX));
    assert_eq!(rust.pcie_l0_to_recovery_count, None);
    assert_eq!(m.pcie_l0_to_recovery_count, u64::MAX);
    assert_eq!(Some(m.pcie_replay_count), rust.pcie_replay_count);
    assert_eq!(m.pcie_replay_count, 0, "rx6900xt/…/pcie_replay_count");

    // rx6900xt/…/pp_dpm_pcie: "0: 2.5GT/s, x1", "1: 16.0GT/s, x16 *".
    let mut bw = amdsmi_pcie_bandwidth_t::ZERO;
    assert_eq!(amdsmi_get_gpu_pci_bandwidth(gpu, &mut bw), SUCCESS);
    assert_eq!((bw.transfer_rate.num_supported, bw.transfer_rate.current), (2, 1));
    assert_eq!(&bw.transfer_rate.frequency[..2], &[2_500_000_000, 16_000_000_000]);
    assert_eq!(&bw.lanes[..3], &[1, 16, 0]);

    let mut replays = 9u64;
    assert_eq!(amdsmi_get_gpu_pci_replay_counter(gpu, &mut replays), SUCCESS);
    assert_eq!(replays, 0, "rx6900xt/…/pcie_replay_count");
    let (mut a, mut b) = (0u64, 0u64);
    assert_eq!(amdsmi_get_gpu_pci_throughput(gpu, &mut a, &mut b, null_mut()), INVAL);
    let mut c = 0u64;
    // rx6900xt/…/pcie_bw is empty: the Rust API's status, through the C call.
    let expected = g.pci_throughput().map_or_else(|e| e.status().code(), |_| SUCCESS);
    assert_eq!(amdsmi_get_gpu_pci_throughput(gpu, &mut a, &mut b, &mut c), expected);
    drop(instance);
}

#[test]
fn utilization_counters_in_the_callers_array() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let g = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();
    let metrics = g.metrics_info().unwrap();
    let counter = |t| amdsmi_utilization_counter_t { r#type: t, ..amdsmi_utilization_counter_t::ZERO };
    let mut list = [counter(AMDSMI_COARSE_GRAIN_MEM_ACTIVITY), counter(AMDSMI_COARSE_GRAIN_GFX_ACTIVITY)];
    let mut ts = 0u64;
    let status = amdsmi_get_utilization_count(gpu, list.as_mut_ptr(), 2, &mut ts);
    match (metrics.gfx_activity_acc, metrics.mem_activity_acc) {
        (Some(gfx), Some(mem)) => {
            assert_eq!(status, SUCCESS);
            assert_eq!((list[0].value, list[1].value), (u64::from(mem), u64::from(gfx)), "in the caller's order");
            assert_eq!(Some(ts), metrics.system_clock_counter);
        }
        _ => assert_ne!(status, SUCCESS, "a counter the blob lacks"),
    }
    assert_eq!(amdsmi_get_utilization_count(gpu, list.as_mut_ptr(), 0, &mut ts), INVAL, "no counter");
    assert_eq!(amdsmi_get_utilization_count(gpu, null_mut(), 2, &mut ts), INVAL);
    assert_eq!(amdsmi_get_utilization_count(gpu, list.as_mut_ptr(), 2, null_mut()), INVAL);
    let mut bad = [counter(7)];
    assert_eq!(amdsmi_get_utilization_count(gpu, bad.as_mut_ptr(), 1, &mut ts), INVAL, "types are 0-2 and 100-102");
    let mut fine = [counter(AMDSMI_COARSE_GRAIN_GFX_ACTIVITY), counter(101)];
    let not_supported = Status::NotSupported.code();
    assert_eq!(
        amdsmi_get_utilization_count(gpu, fine.as_mut_ptr(), 2, &mut ts),
        not_supported,
        "fine grain: no source"
    );
    drop(instance);
}

#[test]
fn violation_status_of_a_v1_8_blob() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let mut v = amdsmi_violation_status_t::ZERO;
    assert_eq!(amdsmi_get_violation_status(gpu, &mut v), SUCCESS);
    // mi300x/…/gpu_metrics: accumulation_counter 100009, ppt 100010, socket_thm 100011, prochot
    // the unsupported sentinel; the first call's two samples are equal, so no share is known.
    assert_eq!((v.acc_counter, v.acc_ppt_pwr, v.acc_socket_thrm), (100_009, 100_010, 100_011));
    assert_eq!(v.acc_prochot_thrm, u64::MAX);
    assert_eq!((v.per_ppt_pwr, v.active_ppt_pwr), (u64::MAX, u8::MAX));
    let rust = instance.context.gpu(instance.context.processor_handles()[0]).unwrap().violation_status().unwrap();
    assert_eq!(Some(v.acc_hbm_thrm), rust.acc_hbm_thrm.or(Some(u64::MAX)));
    assert_eq!(Some(v.violation_timestamp), rust.violation_timestamp.or(Some(u64::MAX)));
    let first_row =
        |t: &Vec<Vec<Option<u64>>>| t.first().and_then(|r| r.first().copied().flatten()).unwrap_or(u64::MAX);
    assert_eq!(v.acc_low_utilization[0][0], first_row(&rust.acc_low_utilization));
    assert_eq!(
        v.acc_gfx_clk_below_host_limit,
        first_row(&rust.acc_gfx_clk_below_host_limit),
        "partition 0: element 0 of the first XCP row"
    );
    assert_eq!(amdsmi_get_violation_status(gpu, null_mut()), INVAL);
    drop(instance);

    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    assert_eq!(amdsmi_get_violation_status(processors()[0], &mut v), NOT_SUPPORTED, "v1.3 has no accumulators");
    drop(instance);
}

#[test]
fn overdrive_and_power_profiles() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let g = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();
    let mut od = amdsmi_od_volt_freq_data_t::ZERO;
    assert_eq!(amdsmi_get_gpu_od_volt_info(gpu, &mut od), SUCCESS);
    // rx6900xt/…/pp_od_clk_voltage: OD_SCLK 500/2499 MHz, OD_MCLK 97/1000 MHz, OD_RANGE SCLK
    // 500-3000 MHz, MCLK 674-1075 MHz; no voltage curve.
    let r = |x: amdsmi_range_t| (x.lower_bound, x.upper_bound);
    assert_eq!(r(od.curr_sclk_range), (500_000_000, 2_499_000_000));
    assert_eq!(r(od.curr_mclk_range), (97_000_000, 1_000_000_000));
    assert_eq!(r(od.sclk_freq_limits), (500_000_000, 3_000_000_000));
    assert_eq!(r(od.mclk_freq_limits), (674_000_000, 1_075_000_000));
    assert_eq!(od.num_regions, 0);
    assert_eq!(od.num_regions, g.od_volt_info().unwrap().num_regions);
    assert_eq!(od.curve.vc_points[0].frequency, 0);

    let mut n = 8u32;
    let mut regions = [amdsmi_freq_volt_region_t::ZERO; 8];
    let expected = g.od_volt_curve_regions(8).map_or_else(|e| e.status().code(), |_| SUCCESS);
    assert_eq!(amdsmi_get_gpu_od_volt_curve_regions(gpu, &mut n, regions.as_mut_ptr()), expected);
    if expected == SUCCESS {
        assert_eq!(n, 0, "no curve regions");
    }
    assert_eq!(amdsmi_get_gpu_od_volt_curve_regions(gpu, null_mut(), regions.as_mut_ptr()), INVAL);

    // rx6900xt/…/pp_power_profile_mode: 7 profiles, BOOTUP_DEFAULT (0x40) current.
    let mut p = amdsmi_power_profile_status_t { available_profiles: 0, current: 0, num_profiles: 0 };
    assert_eq!(amdsmi_get_gpu_power_profile_presets(gpu, 0, &mut p), SUCCESS);
    assert_eq!((p.available_profiles, p.current, p.num_profiles), (0x7f, 0x40, 7));
    assert_eq!(amdsmi_get_gpu_power_profile_presets(gpu, 0, null_mut()), INVAL);
    drop(instance);
}

#[test]
fn pm_and_register_tables_are_library_allocated() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let g = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();
    let mut pairs: *mut amdsmi_name_value_t = null_mut();
    let mut n = 0u32;
    assert_eq!(amdsmi_get_gpu_pm_metrics_info(gpu, &mut pairs, &mut n), SUCCESS);
    // fixtures/pm_tables/expected/pm_metrics.json (of mi300x/…/pm_metrics): 259 values, the
    // first "structure_size" = 1756.
    assert_eq!(n, 259);
    assert!(!pairs.is_null());
    // SAFETY: the library returned an array of `n` entries, valid until freed below.
    let table = unsafe { &*slice_from_raw_parts(pairs, n as usize) };
    assert_eq!((text(&table[0].name), table[0].value), ("structure_size".to_owned(), 1756));
    let rust = g.pm_metrics_info().unwrap();
    for (c, r) in table.iter().zip(&rust) {
        assert_eq!((text(&c.name), c.value), (r.name.clone(), r.value));
    }
    amdsmi_free_name_value_pairs(pairs.cast());
    amdsmi_free_name_value_pairs(pairs.cast()); // freed already: ignored
    amdsmi_free_name_value_pairs(null_mut()); // NULL: a no-op

    // expected/reg_state.json: the XGMI block has 32 values, the first "structure_size" = 120.
    assert_eq!(amdsmi_get_gpu_reg_table_info(gpu, AmdSmiRegType::Xgmi.code(), &mut pairs, &mut n), SUCCESS);
    assert_eq!(n, 32);
    // SAFETY: as above.
    let table = unsafe { &*slice_from_raw_parts(pairs, n as usize) };
    assert_eq!((text(&table[0].name), table[0].value), ("structure_size".to_owned(), 120));
    amdsmi_free_name_value_pairs(pairs.cast());
    assert_eq!(amdsmi_get_gpu_reg_table_info(gpu, 5, &mut pairs, &mut n), INVAL, "register types are 0-4");
    assert_eq!(amdsmi_get_gpu_pm_metrics_info(gpu, null_mut(), &mut n), INVAL);
    assert_eq!(amdsmi_get_gpu_pm_metrics_info(gpu, &mut pairs, null_mut()), INVAL);
    drop(instance);

    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    assert_eq!(amdsmi_get_gpu_pm_metrics_info(processors()[0], &mut pairs, &mut n), NOT_SUPPORTED, "no pm_metrics");
    drop(instance);
}

#[test]
fn policies_and_isolation() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let handles = processors();
    let gpu = handles[0];
    let mut policy = amdsmi_dpm_policy_t::ZERO;
    assert_eq!(amdsmi_get_soc_pstate(gpu, &mut policy), SUCCESS);
    // mi300x/…/pm_policy/soc_pstate: "0 : soc_pstate_default*" and 3 more.
    assert_eq!((policy.num_supported, policy.current), (4, 0));
    assert_eq!(text(&policy.policies[0].policy_description), "soc_pstate_default");
    assert_eq!(
        (policy.policies[3].policy_id, text(&policy.policies[3].policy_description)),
        (3, "soc_pstate_2".into())
    );
    // pm_policy/xgmi_plpd: disallow, default*, optimized.
    assert_eq!(amdsmi_get_xgmi_plpd(gpu, &mut policy), SUCCESS);
    assert_eq!((policy.num_supported, policy.current), (3, 1));
    assert_eq!(text(&policy.policies[2].policy_description), "plpd_optimized");
    assert_eq!(amdsmi_get_soc_pstate(gpu, null_mut()), INVAL);

    // mi300x/…/enforce_isolation "0 0 1 0 0 0 0 0": each partition its own value.
    let ctx = &instance.context;
    for (i, &h) in handles.iter().enumerate().take(8) {
        let mut iso = 9u32;
        let rust = ctx.gpu(ctx.processor_handles()[i]).and_then(|g| g.process_isolation());
        assert_eq!(
            amdsmi_get_gpu_process_isolation(h, &mut iso),
            rust.as_ref().map_or_else(|e| e.status().code(), |_| SUCCESS)
        );
        if let Ok(r) = rust {
            assert_eq!(iso, r);
        }
    }
    let mut iso = 0u32;
    assert_eq!(amdsmi_get_gpu_process_isolation(gpu, &mut iso), SUCCESS);
    assert_eq!(iso, 0, "partition 0 of enforce_isolation");
    drop(instance);
}

#[test]
fn cpu_handles_and_bad_enums_are_refused() {
    let _instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let socket = processors()[0];
    let mut busy = 0u32;
    assert_eq!(amdsmi_get_gpu_busy_percent(socket, &mut busy), NOT_SUPPORTED, "a GPU function on a CPU");
    let mut m = amdsmi_gpu_metrics_t::ZERO;
    assert_eq!(amdsmi_get_gpu_metrics_info(socket, &mut m), NOT_SUPPORTED);
    let mut level = 0u32;
    assert_eq!(amdsmi_get_gpu_perf_level(socket, &mut level), NOT_SUPPORTED);
    amdsmi_shut_down();
}

/// `Option` as the C field holds it: all ones of the width when not available.
fn or_max<T: Copy + PartialEq>(value: Option<T>, max: T) -> T {
    value.unwrap_or(max)
}

#[test]
fn metrics_struct_on_every_gpu_machine() {
    for name in ["rx6900xt", "mi300x-cpx", "mi210-xgmi", "phoenix", "rx580", "rx9070", "rx7900xtx", "strixpoint"] {
        let instance = instance_on(name, AmdSmiInitFlags::INIT_AMD_GPUS);
        let ctx = &instance.context;
        for (&c, &h) in processors().iter().zip(&ctx.processor_handles()) {
            let mut m = amdsmi_gpu_metrics_t::ZERO;
            let status = amdsmi_get_gpu_metrics_info(c, &mut m);
            let rust = match ctx.gpu(h).and_then(|g| g.metrics_info()) {
                Ok(rust) => rust,
                Err(e) => {
                    assert_eq!(status, e.status().code(), "{name}: the Rust API's status");
                    continue;
                }
            };
            assert_eq!(status, SUCCESS, "{name}");
            assert_eq!(m.common_header.structure_size, rust.common_header.structure_size, "{name}");
            assert_eq!(m.temperature_hotspot, or_max(rust.temperature_hotspot, u16::MAX), "{name}");
            assert_eq!(m.average_socket_power, or_max(rust.average_socket_power, u16::MAX), "{name}");
            assert_eq!(m.current_socket_power, or_max(rust.current_socket_power, u16::MAX), "{name}");
            assert_eq!(m.energy_accumulator, or_max(rust.energy_accumulator, u64::MAX), "{name}");
            assert_eq!(m.throttle_status, or_max(rust.throttle_status, u32::MAX), "{name}");
            assert_eq!(m.indep_throttle_status, or_max(rust.indep_throttle_status, u64::MAX), "{name}");
            assert_eq!(m.pcie_link_speed, or_max(rust.pcie_link_speed, u16::MAX), "{name}");
            assert_eq!(m.firmware_timestamp, or_max(rust.firmware_timestamp, u64::MAX), "{name}");
            assert_eq!(m.vcn_activity, rust.vcn_activity.map(|v| or_max(v, u16::MAX)), "{name}");
            assert_eq!(m.xgmi_link_status, rust.xgmi_link_status.map(|v| or_max(v, u16::MAX)), "{name}");
            assert_eq!(m.current_socclks, rust.current_socclks.map(|v| or_max(v, u16::MAX)), "{name}");
            assert_eq!(m.jpeg_activity, rust.jpeg_activity.map(|v| or_max(v, u16::MAX)), "{name}");
            assert_eq!(m.vram_max_bandwidth, or_max(rust.vram_max_bandwidth, u64::MAX), "{name}");
            for (x, r) in m.xcp_stats.iter().zip(&rust.xcp_stats) {
                assert_eq!(x.vcn_busy, r.vcn_busy.map(|v| or_max(v, u16::MAX)), "{name}");
                assert_eq!(
                    x.gfx_below_host_limit_total_acc,
                    r.gfx_below_host_limit_total_acc.map(|v| or_max(v, u64::MAX))
                );
            }
        }
        drop(instance);
    }
}

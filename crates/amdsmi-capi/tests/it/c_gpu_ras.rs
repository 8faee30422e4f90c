//! Entry points of `entry/gpu_ras.rs` called directly: values against the Rust API on fixture machines, and bad input.

use std::ffi::{c_char, c_void, CStr};
use std::path::PathBuf;
use std::process::Command;
use std::ptr::null_mut;

use amd_smi::abi::{
    amdsmi_counter_value_t, amdsmi_cper_hdr_t, amdsmi_error_count_t, amdsmi_evt_notification_data_t,
    amdsmi_proc_info_t, amdsmi_process_info_t, amdsmi_ras_feature_t, amdsmi_retired_page_record_t,
};
use amd_smi::entry::gpu_ras::*;
use amdsmi::gpu::counters::{AmdSmiCounterCommand, AmdSmiEventGroup, AmdSmiEventType};
use amdsmi::gpu::events::{event_mask, AmdSmiEvtNotificationType as T};
use amdsmi::gpu::ras::AmdSmiGpuBlock;
use amdsmi::{AmdSmiInitFlags, Context, ProcessorHandle, Status};

use crate::common::{instance_on, Instance, INVAL, SUCCESS};

const NOT_SUPPORTED: u32 = Status::NotSupported.code();
const NOT_FOUND: u32 = Status::NotFound.code();

/// The C handle of the processor at `bdf` in the process-wide instance, and the Rust handle of
/// the same processor in the test's own context.
fn gpu_at(instance: &Instance, bdf: &str) -> (*mut c_void, ProcessorHandle) {
    let c = amdsmi::amdsmi_get_processor_handle_from_bdf(bdf).unwrap();
    (c.to_raw() as usize as *mut c_void, instance.context.processor_handle_from_bdf(bdf).unwrap())
}

/// mi300x-cpx, first GPU (partition 0 of 0000:05:00.0), whose `ras/` files are read below.
const MI300X_GPU0: &str = "0000:05:00.0";

#[test]
fn ecc_and_ras_values_match_the_rust_api() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let (gpu, rust) = gpu_at(&instance, MI300X_GPU0);
    let r = instance.context.gpu(rust).unwrap();
    let mut ec = amdsmi_error_count_t::ZERO;
    // .../0000:05:00.0/ras/umc_err_count: "ue: 0", "ce: 12", "de: 3".
    assert_eq!(amdsmi_get_gpu_ecc_count(gpu, AmdSmiGpuBlock::Umc.bit(), &mut ec), SUCCESS);
    assert_eq!((ec.correctable_count, ec.uncorrectable_count, ec.deferred_count), (12, 0, 3));
    let rust_umc = r.ecc_count(AmdSmiGpuBlock::Umc).unwrap();
    assert_eq!(
        (ec.correctable_count, ec.uncorrectable_count, ec.deferred_count),
        (rust_umc.correctable_count, rust_umc.uncorrectable_count, rust_umc.deferred_count)
    );
    // ras/gfx_err_count: ce 2, no de line.
    assert_eq!(amdsmi_get_gpu_ecc_count(gpu, AmdSmiGpuBlock::Gfx.bit(), &mut ec), SUCCESS);
    assert_eq!((ec.correctable_count, ec.uncorrectable_count, ec.deferred_count), (2, 0, 0));
    // Total over the enabled blocks: every other *_err_count of this GPU reads 0.
    assert_eq!(amdsmi_get_gpu_total_ecc_count(gpu, &mut ec), SUCCESS);
    let total = r.total_ecc_count().unwrap();
    assert_eq!((ec.correctable_count, ec.uncorrectable_count, ec.deferred_count), (14, 0, 3));
    assert_eq!((total.correctable_count, total.uncorrectable_count, total.deferred_count), (14, 0, 3));
    assert_eq!(ec.reserved, [0; 5]);

    // ras/features: "feature mask: 0x1808f".
    let mut mask = 0u64;
    assert_eq!(amdsmi_get_gpu_ecc_enabled(gpu, &mut mask), SUCCESS);
    assert_eq!(mask, 0x1808f);
    assert_eq!(r.ecc_enabled().unwrap(), mask);
    let mut state = u32::MAX;
    assert_eq!(amdsmi_get_gpu_ecc_status(gpu, AmdSmiGpuBlock::Umc.bit(), &mut state), SUCCESS);
    assert_eq!(state, 6, "ENABLED");
    assert_eq!(amdsmi_get_gpu_ecc_status(gpu, AmdSmiGpuBlock::PcieBif.bit(), &mut state), SUCCESS);
    assert_eq!(state, 1, "DISABLED: bit 0x20 is clear");
    for feature in r.ras_block_features_enabled().unwrap() {
        assert_eq!(amdsmi_get_gpu_ras_block_features_enabled(gpu, feature.block.bit(), &mut state), SUCCESS);
        assert_eq!(state, feature.status.code(), "{}", feature.block.name());
        assert_eq!(state, if mask & feature.block.bit() != 0 { 6 } else { 1 });
    }

    // ras/version "table version: 0x21000", ras/schema "schema: 0xf".
    let mut feature = amdsmi_ras_feature_t::ZERO;
    assert_eq!(amdsmi_get_gpu_ras_feature_info(gpu, &mut feature), SUCCESS);
    assert_eq!((feature.ras_eeprom_version, feature.ecc_correction_schema_flag), (0x21000, 0xf));
    assert_eq!(r.ras_feature_info().unwrap().eeprom_version, 0x21000);

    // sys/kernel/debug/dri/0/ras/bad_page_cnt_threshold: 1965.
    let mut threshold = 0u32;
    assert_eq!(amdsmi_get_gpu_bad_page_threshold(gpu, &mut threshold), SUCCESS);
    assert_eq!((threshold, r.bad_page_threshold().unwrap()), (1965, 1965));

    // xgmi_error of 0000:65:00.0 reads 1, of 0000:c7:00.0 reads 2, of 0000:05:00.0 reads 0.
    let mut xgmi = u32::MAX;
    assert_eq!(amdsmi_gpu_xgmi_error_status(gpu, &mut xgmi), SUCCESS);
    assert_eq!(xgmi, 0);
    for (bdf, expected) in [("0000:65:00.0", 1), ("0000:c7:00.0", 2)] {
        let (c, rust) = gpu_at(&instance, bdf);
        assert_eq!(amdsmi_gpu_xgmi_error_status(c, &mut xgmi), SUCCESS);
        assert_eq!(xgmi, expected, "{bdf}");
        assert_eq!(instance.context.gpu(rust).unwrap().xgmi_error_status().unwrap().code(), expected);
    }
    assert_eq!(amdsmi_gpu_validate_ras_eeprom(gpu), NOT_SUPPORTED, "as AMD SMI 7.0.2");
    drop(instance);
}

#[test]
fn ras_bad_input() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let (gpu, _) = gpu_at(&instance, MI300X_GPU0);
    let (partition1, _) = gpu_at(&instance, "0000:05:00.1");
    let mut ec = amdsmi_error_count_t::ZERO;
    let mut value = 0u32;
    assert_eq!(amdsmi_get_gpu_ecc_count(gpu, AmdSmiGpuBlock::Umc.bit(), null_mut()), INVAL);
    for block in [0, 3, 0x8000_0000_0000_0000, 0x80000] {
        assert_eq!(amdsmi_get_gpu_ecc_count(gpu, block, &mut ec), INVAL, "{block:#x}");
        assert_eq!(amdsmi_get_gpu_ecc_status(gpu, block, &mut value), INVAL, "{block:#x}");
        assert_eq!(amdsmi_get_gpu_ras_block_features_enabled(gpu, block, &mut value), INVAL, "{block:#x}");
    }
    assert_eq!(amdsmi_get_gpu_total_ecc_count(1 as *mut c_void, &mut ec), NOT_FOUND);
    assert_eq!(amdsmi_get_gpu_ecc_enabled(gpu, null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_ras_feature_info(gpu, null_mut()), INVAL);
    assert_eq!(amdsmi_gpu_xgmi_error_status(gpu, null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_bad_page_threshold(null_mut(), &mut value), NOT_FOUND);
    assert_eq!(amdsmi_gpu_validate_ras_eeprom(null_mut()), NOT_FOUND);
    // Partition 1 has no ras/ directory: AMD SMI reads RAS through partition 0.
    assert_eq!(amdsmi_get_gpu_total_ecc_count(partition1, &mut ec), NOT_SUPPORTED);
    let mut n = 4u32;
    assert_eq!(amdsmi_get_gpu_bad_page_info(gpu, null_mut(), null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_bad_page_info(partition1, &mut n, null_mut()), NOT_SUPPORTED);
    drop(instance);

    // A CPU handle on a GPU function.
    let instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let cpu = crate::common::processors()[0];
    let mut mask = 0u64;
    assert_eq!(amdsmi_get_gpu_ecc_enabled(cpu, &mut mask), NOT_SUPPORTED);
    assert_eq!(amdsmi_gpu_counter_group_supported(cpu, AmdSmiEventGroup::XgmiDataOut.code()), NOT_SUPPORTED);
    drop(instance);
}

#[test]
fn bad_pages_fill_only_the_room_given() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let (gpu, rust) = gpu_at(&instance, MI300X_GPU0);
    let pages = instance.context.gpu(rust).unwrap().bad_page_info().unwrap();
    // .../0000:05:00.0/ras/gpu_vram_bad_pages: 0x00012345 R, 0x00012346 P, 0x0001f000 F, 4 KiB each.
    let mut count = 0u32;
    assert_eq!(amdsmi_get_gpu_bad_page_info(gpu, &mut count, null_mut()), SUCCESS, "count query");
    assert_eq!((count, pages.len()), (3, 3));
    let sentinel = amdsmi_retired_page_record_t { page_address: 0xdead, page_size: 0xbeef, status: 77 };
    let mut records = [sentinel; 3];
    let mut room = 2u32;
    assert_eq!(amdsmi_get_gpu_bad_page_info(gpu, &mut room, records.as_mut_ptr()), SUCCESS);
    assert_eq!(room, 2);
    let got: Vec<_> = records.iter().map(|p| (p.page_address, p.page_size, p.status)).collect();
    assert_eq!(got, [(0x12345, 0x1000, 0), (0x12346, 0x1000, 1), (0xdead, 0xbeef, 77)], "third untouched");
    for (c, r) in records.iter().zip(&pages).take(2) {
        assert_eq!((c.page_address, c.page_size, c.status), (r.page_address, r.page_size, r.status.code()));
    }
    let mut room = 8u32;
    let mut records = [sentinel; 8];
    assert_eq!(amdsmi_get_gpu_memory_reserved_pages(gpu, &mut room, records.as_mut_ptr()), SUCCESS);
    assert_eq!(room, 3);
    assert_eq!((records[2].page_address, records[2].status), (0x1f000, 2), "F: unreservable");
    assert_eq!(records[3].page_address, 0xdead);
    drop(instance);
}

#[test]
fn cper_entries_are_packed_from_the_start_of_the_buffer() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let (gpu, rust) = gpu_at(&instance, MI300X_GPU0);
    let expected = instance.context.gpu(rust).unwrap().cper_entries(7, 1 << 20, 0).unwrap();
    // sys/kernel/debug/dri/0/amdgpu_ring_cper: records 0:1 (408 bytes, fatal BOOT), 0:2 (376,
    // fatal MCE), 0:3 (472, corrected CMC), 0:4 (816, non-fatal uncorrected MCE), 0:5 (472, fatal).
    let lengths: Vec<u32> = expected.cper_data.iter().map(|d| d.size).collect();
    assert_eq!(lengths, [408, 376, 472, 816, 472]);
    assert_eq!(expected.status_code, Status::Success);

    let mut buf = vec![0u8; 1 << 20];
    let base = buf.as_mut_ptr().cast::<c_char>();
    let mut size = buf.len() as u64;
    let mut hdrs = [null_mut::<amdsmi_cper_hdr_t>(); 20];
    let mut count = 20u64;
    let mut cursor = 0u64;
    let rc = amdsmi_get_gpu_cper_entries(gpu, 7, base, &mut size, hdrs.as_mut_ptr(), &mut count, &mut cursor);
    assert_eq!(rc, SUCCESS);
    assert_eq!((count as usize, cursor), (expected.entries.len(), expected.cursor));
    let all: Vec<u8> = expected.cper_data.iter().flat_map(|d| d.bytes.clone()).collect();
    assert_eq!(size as usize, all.len(), "bytes used");
    assert_eq!(&buf[..all.len()], &all[..], "packed from the start, in ring order");
    let mut offset = 0usize;
    for (i, data) in expected.cper_data.iter().enumerate() {
        assert_eq!(hdrs[i] as usize, base as usize + offset, "header {i} points into the buffer");
        // The header's record_length (offset 20) is the record's size.
        let length = u32::from_le_bytes(buf[offset + 20..offset + 24].try_into().unwrap());
        assert_eq!(length, data.size);
        offset += data.size as usize;
    }
    assert!(hdrs[expected.entries.len()].is_null(), "nothing past the entries");

    // Room for one entry: the first record, MORE_DATA, the cursor on the second.
    let mut size = buf.len() as u64;
    let mut count = 1u64;
    let mut cursor = 0u64;
    let rc = amdsmi_get_gpu_cper_entries(gpu, 7, base, &mut size, hdrs.as_mut_ptr(), &mut count, &mut cursor);
    assert_eq!((rc, count, cursor, size), (Status::MoreData.code(), 1, 1, 408));
    // From the cursor, fatal records only (mask 2): the cursor counts fatal records, so 0:2 and 0:5.
    let mut size = buf.len() as u64;
    let mut count = 20u64;
    let mut cursor = 1u64;
    let rc = amdsmi_get_gpu_cper_entries(gpu, 2, base, &mut size, hdrs.as_mut_ptr(), &mut count, &mut cursor);
    assert_eq!((rc, count, cursor, size), (SUCCESS, 2, 3, 376 + 472));
    // A buffer smaller than the first record, and no room for any entry.
    let mut size = 100u64;
    let mut count = 20u64;
    let mut cursor = 0u64;
    let rc = amdsmi_get_gpu_cper_entries(gpu, 7, base, &mut size, hdrs.as_mut_ptr(), &mut count, &mut cursor);
    assert_eq!(rc, Status::OutOfResources.code());
    let mut size = buf.len() as u64;
    let mut count = 0u64;
    let rc = amdsmi_get_gpu_cper_entries(gpu, 7, base, &mut size, hdrs.as_mut_ptr(), &mut count, &mut cursor);
    assert_eq!(rc, Status::OutOfResources.code());
    let mut count = 20u64;
    for rc in [
        amdsmi_get_gpu_cper_entries(gpu, 7, null_mut(), &mut size, hdrs.as_mut_ptr(), &mut count, &mut cursor),
        amdsmi_get_gpu_cper_entries(gpu, 7, base, null_mut(), hdrs.as_mut_ptr(), &mut count, &mut cursor),
        amdsmi_get_gpu_cper_entries(gpu, 7, base, &mut size, null_mut(), &mut count, &mut cursor),
        amdsmi_get_gpu_cper_entries(gpu, 7, base, &mut size, hdrs.as_mut_ptr(), null_mut(), &mut cursor),
        amdsmi_get_gpu_cper_entries(gpu, 7, base, &mut size, hdrs.as_mut_ptr(), &mut count, null_mut()),
    ] {
        assert_eq!(rc, INVAL);
    }

    // The AFIDs of the first record, against the Rust decoder.
    let first = &expected.cper_data[0].bytes;
    let (ids, total) = amdsmi::amdsmi_get_afids_from_cper(first).unwrap();
    let mut afids = [u64::MAX; 12];
    let mut n = 12u32;
    let data = first.as_ptr().cast::<c_char>().cast_mut();
    assert_eq!(amdsmi_get_afids_from_cper(data, first.len() as u32, afids.as_mut_ptr(), &mut n), SUCCESS);
    assert_eq!(n as usize, total);
    assert_eq!(&afids[..total], &ids[..]);
    assert_eq!(&afids[..total], [8], "record 0:1, a boot-time error (`amd-smi ras --cper --afid`)");
    assert!(afids[total..].iter().all(|&a| a == u64::MAX), "nothing past the AFIDs");
    // Record 0:4 has two sections, AFIDs 22 and 17: with room for one, one is written and
    // `*num_afids` says how many the record has (AMD SMI's convention).
    let fourth = &expected.cper_data[3].bytes;
    let mut afids = [u64::MAX; 2];
    let mut n = 1u32;
    let data4 = fourth.as_ptr().cast::<c_char>().cast_mut();
    assert_eq!(amdsmi_get_afids_from_cper(data4, fourth.len() as u32, afids.as_mut_ptr(), &mut n), SUCCESS);
    assert_eq!((n, afids), (2, [22, u64::MAX]));
    assert_eq!(amdsmi_get_afids_from_cper(data, 100, afids.as_mut_ptr(), &mut n), Status::UnexpectedSize.code());
    assert_eq!(amdsmi_get_afids_from_cper(null_mut(), 408, afids.as_mut_ptr(), &mut n), INVAL);
    assert_eq!(amdsmi_get_afids_from_cper(data, 408, afids.as_mut_ptr(), null_mut()), INVAL);
    drop(instance);
}

#[test]
fn processes_match_the_rust_api() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let ctx = &instance.context;
    // sys/class/kfd/kfd/proc: pids 4242, 5150, 6001.
    let mut n = 0u32;
    assert_eq!(amdsmi_get_gpu_compute_process_info(null_mut(), &mut n), SUCCESS, "count query");
    assert_eq!(n, 3);
    let expected = ctx.gpu_compute_process_info();
    let mut procs = [amdsmi_process_info_t::ZERO; 3];
    assert_eq!(amdsmi_get_gpu_compute_process_info(procs.as_mut_ptr(), &mut n), SUCCESS);
    let got: Vec<u32> = procs.iter().map(|p| p.process_id).collect();
    assert_eq!(got, [4242, 5150, 6001]);
    for (c, r) in procs.iter().zip(&expected) {
        assert_eq!((c.process_id, c.vram_usage, c.sdma_usage), (r.process_id, r.vram_usage, r.sdma_usage));
        assert_eq!(c.cu_occupancy, r.cu_occupancy.unwrap_or(0));
    }
    let mut procs = [amdsmi_process_info_t::ZERO; 3];
    let mut room = 2u32;
    assert_eq!(amdsmi_get_gpu_compute_process_info(procs.as_mut_ptr(), &mut room), Status::InsufficientSize.code());
    assert_eq!((room, procs[1].process_id, procs[2].process_id), (2, 5150, 0));
    assert_eq!(amdsmi_get_gpu_compute_process_info(procs.as_mut_ptr(), null_mut()), INVAL);

    let mut one = amdsmi_process_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_compute_process_info_by_pid(4242, &mut one), SUCCESS);
    let r = ctx.gpu_compute_process_info_by_pid(4242).unwrap();
    assert_eq!((one.process_id, one.vram_usage, one.sdma_usage), (4242, r.vram_usage, r.sdma_usage));
    assert_eq!(amdsmi_get_gpu_compute_process_info_by_pid(1, &mut one), NOT_FOUND);
    assert_eq!(amdsmi_get_gpu_compute_process_info_by_pid(4242, null_mut()), INVAL);

    // 4242 has vram_10999 and vram_58934: two GPUs.
    let mut n = 0u32;
    assert_eq!(amdsmi_get_gpu_compute_process_gpus(4242, null_mut(), &mut n), SUCCESS);
    assert_eq!(n, 2);
    let mut indices = [u32::MAX; 3];
    let mut n = 3u32;
    assert_eq!(amdsmi_get_gpu_compute_process_gpus(4242, indices.as_mut_ptr(), &mut n), SUCCESS);
    assert_eq!(indices[..2], ctx.gpu_compute_process_gpus(4242).unwrap()[..]);
    assert_eq!((n, indices[2]), (2, u32::MAX));
    assert_eq!(amdsmi_get_gpu_compute_process_gpus(1, null_mut(), &mut n), NOT_FOUND);

    // Per GPU: the processors whose KFD gpu_id the processes use, against the Rust list.
    let mut seen = 0;
    for (&c, &rust) in crate::common::processors().iter().zip(ctx.processor_handles().iter()) {
        let Ok(expected) = ctx.gpu(rust).and_then(|g| g.process_list()) else { continue };
        let mut n = 0u32;
        assert_eq!(amdsmi_get_gpu_process_list(c, &mut n, null_mut()), SUCCESS);
        assert_eq!(n as usize, expected.len());
        let mut list = vec![amdsmi_proc_info_t::ZERO; expected.len()];
        assert_eq!(amdsmi_get_gpu_process_list(c, &mut n, list.as_mut_ptr()), SUCCESS);
        for (p, r) in list.iter().zip(&expected) {
            seen += 1;
            // SAFETY: the library wrote a NUL-terminated name into the 256 bytes.
            let name = unsafe { CStr::from_ptr(p.name.as_ptr()) }.to_str().unwrap();
            assert_eq!(name, r.name.as_deref().unwrap_or(""));
            assert_eq!((p.pid, p.mem), (r.pid, r.mem.unwrap_or(0)));
            assert_eq!(p.engine_usage.gfx, r.engine_usage.gfx.unwrap_or(0));
            assert_eq!(p.memory_usage.vram_mem, r.memory_usage.vram_mem.unwrap_or(0));
            assert_eq!(p.cu_occupancy, r.cu_occupancy.unwrap_or(u32::MAX));
        }
        if !expected.is_empty() {
            let mut n = 4u32;
            assert_eq!(amdsmi_get_gpu_process_list(c, &mut n, null_mut()), INVAL, "AMD: no list with room is INVAL");
        }
    }
    // 4242 on two GPUs, 5150 and 6001 on one each.
    assert_eq!(seen, 4);
    drop(instance);
}

#[test]
fn event_notification_through_the_c_abi() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    // card8 (0000:27:00.0) has the scripted THERMAL_THROTTLE, GPU_PRE_RESET and GPU_POST_RESET.
    let (card8, rust) = gpu_at(&instance, "0000:27:00.0");
    let all = event_mask(&T::ALL);
    assert_eq!(amdsmi_set_gpu_event_notification_mask(card8, all), Status::InitError.code(), "before init");
    assert_eq!(amdsmi_stop_gpu_event_notification(card8), INVAL, "not started");
    assert_eq!(amdsmi_init_gpu_event_notification(card8), SUCCESS);
    assert_eq!(amdsmi_set_gpu_event_notification_mask(card8, all), SUCCESS);
    let r = instance.context.gpu(rust).unwrap();
    r.init_event_notification().unwrap();
    r.set_event_notification_mask(all).unwrap();

    let mut got = Vec::new();
    loop {
        let mut data = [amdsmi_evt_notification_data_t::ZERO; 2];
        let mut n = 2u32;
        let rc = amdsmi_get_gpu_event_notification(10_000, &mut n, data.as_mut_ptr());
        if rc != SUCCESS {
            assert_eq!(rc, Status::NoData.code());
            break;
        }
        assert!((1..=2).contains(&n));
        got.extend_from_slice(&data[..n as usize]);
    }
    let mut expected = Vec::new();
    while let Ok(events) = instance.context.gpu_event_notification(10_000, 100) {
        expected.extend(events);
    }
    let codes: Vec<u32> = got.iter().map(|e| e.event).collect();
    assert_eq!(codes, [T::ThermalThrottle.code(), T::GpuPreReset.code(), T::GpuPostReset.code()]);
    assert_eq!(got.len(), expected.len());
    for (c, r) in got.iter().zip(&expected) {
        assert_eq!(c.processor_handle, card8);
        // SAFETY: the library wrote a NUL-terminated message into the 256 bytes.
        let message = unsafe { CStr::from_ptr(c.message.as_ptr()) }.to_str().unwrap();
        assert_eq!((c.event, message), (r.event.code(), r.message.as_str()));
    }
    let mut n = 2u32;
    assert_eq!(amdsmi_get_gpu_event_notification(10, &mut n, null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_event_notification(10, null_mut(), got.as_mut_ptr()), INVAL);
    assert_eq!(amdsmi_stop_gpu_event_notification(card8), SUCCESS);
    assert_eq!(amdsmi_stop_gpu_event_notification(card8), INVAL, "stopped twice");
    assert_eq!(amdsmi_init_gpu_event_notification(2 as *mut c_void), NOT_FOUND);
    drop(instance);
}

#[test]
fn counters_are_handles_the_library_issued() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let (card0, _) = gpu_at(&instance, "0000:05:00.0");
    assert_eq!(amdsmi_gpu_counter_group_supported(card0, AmdSmiEventGroup::XgmiDataOut.code()), SUCCESS);
    // No data fabric PMU (sys/bus/event_source/devices/amdgpu_df_0) on this machine.
    assert_eq!(amdsmi_gpu_counter_group_supported(card0, AmdSmiEventGroup::Xgmi.code()), NOT_SUPPORTED);
    assert_eq!(amdsmi_gpu_counter_group_supported(card0, 7), INVAL, "no such group");
    let mut available = 0u32;
    assert_eq!(amdsmi_get_gpu_available_counters(card0, AmdSmiEventGroup::Xgmi.code(), &mut available), SUCCESS);
    assert_eq!(available, 4, "the scripted df_cntr_avail");
    assert_eq!(amdsmi_get_gpu_available_counters(card0, AmdSmiEventGroup::Xgmi.code(), null_mut()), INVAL);

    let mut handle = 0u64;
    let xgmi_out0 = AmdSmiEventType::XgmiDataOut0.code();
    assert_eq!(amdsmi_gpu_create_counter(card0, xgmi_out0, null_mut()), INVAL);
    assert_eq!(amdsmi_gpu_create_counter(card0, 0xFFFF, &mut handle), INVAL, "no such event type");
    assert_eq!(amdsmi_gpu_create_counter(card0, xgmi_out0, &mut handle), SUCCESS);
    assert_ne!(handle, 0);
    // The scripted PMU: 1562500 beats of link 0 per 1 ms step, as the root crate's counters test.
    let mut value = amdsmi_counter_value_t { value: 9, time_enabled: 9, time_running: 9 };
    assert_eq!(amdsmi_gpu_read_counter(handle, &mut value), SUCCESS);
    assert_eq!((value.value, value.time_enabled, value.time_running), (0, 0, 0), "created stopped");
    assert_eq!(amdsmi_gpu_control_counter(handle, 2, null_mut()), INVAL, "no such command");
    assert_eq!(amdsmi_gpu_control_counter(handle, AmdSmiCounterCommand::CmdStart.code(), null_mut()), SUCCESS);
    assert_eq!(amdsmi_gpu_read_counter(handle, &mut value), SUCCESS);
    assert_eq!((value.value, value.time_enabled, value.time_running), (1_562_500, 1_000_000, 1_000_000));
    assert_eq!(amdsmi_gpu_read_counter(handle, null_mut()), INVAL);
    for forged in [0, handle + 1000, u64::MAX] {
        assert_eq!(amdsmi_gpu_read_counter(forged, &mut value), INVAL);
        assert_eq!(amdsmi_gpu_control_counter(forged, 0, null_mut()), INVAL);
        assert_eq!(amdsmi_gpu_destroy_counter(forged), INVAL);
    }
    assert_eq!(amdsmi_gpu_destroy_counter(handle), SUCCESS);
    assert_eq!(amdsmi_gpu_read_counter(handle, &mut value), INVAL, "destroyed");
    assert_eq!(amdsmi_gpu_destroy_counter(handle), INVAL, "destroyed twice");
    let mut second = 0u64;
    assert_eq!(amdsmi_gpu_create_counter(card0, xgmi_out0, &mut second), SUCCESS);
    assert_ne!(second, handle, "handles are not reused");
    assert_eq!(amdsmi_gpu_destroy_counter(second), SUCCESS);
    drop(instance);
}

/// A copy of fixture machine `name` in a fresh temporary directory (removed by the caller).
fn copy_machine(name: &str, tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("amdsmi-capi-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let ok = Command::new("cp").arg("-a").arg(crate::common::machine(name)).arg(&dir).status().unwrap();
    assert!(ok.success(), "cp -a {name}");
    dir
}

#[test]
fn process_list_reports_what_did_not_fit() {
    let lock = instance_on("mi210-xgmi", AmdSmiInitFlags::INIT_AMD_GPUS);
    lock.shut_down();
    // mi210-xgmi with a second process on the GPU of KFD gpu_id 3696: KFD's proc/3002 copied as
    // proc/3003 (vram_3696 1073741824, sdma_3696 0, stats_3696/cu_occupancy 0).
    let root = copy_machine("mi210-xgmi", "proclist");
    let kfd = root.join("sys/class/kfd/kfd/proc");
    let ok = Command::new("cp").arg("-a").arg(kfd.join("3002")).arg(kfd.join("3003")).status().unwrap();
    assert!(ok.success());
    amdsmi::api::init_global(Context::builder().root(&root)).unwrap();
    let ctx = Context::builder().root(&root).build().unwrap();
    let (index, rust) = ctx
        .processor_handles()
        .into_iter()
        .enumerate()
        .find(|&(_, h)| ctx.gpu(h).and_then(|g| g.process_list()).is_ok_and(|l| l.len() == 2))
        .expect("a GPU with two processes");
    let gpu = crate::common::processors()[index];
    let expected = ctx.gpu(rust).unwrap().process_list().unwrap();
    let pids: Vec<u32> = expected.iter().map(|p| p.pid).collect();
    assert_eq!(pids, [3002, 3003]);
    let mut n = 0u32;
    assert_eq!(amdsmi_get_gpu_process_list(gpu, &mut n, null_mut()), SUCCESS, "count query");
    assert_eq!(n, 2);
    // Room for one: one written, the count out is the number of processes (AMD's convention).
    let mut list = [amdsmi_proc_info_t::ZERO; 2];
    list[1].pid = 77;
    let mut room = 1u32;
    assert_eq!(amdsmi_get_gpu_process_list(gpu, &mut room, list.as_mut_ptr()), Status::OutOfResources.code());
    assert_eq!((room, list[0].pid, list[1].pid), (2, 3002, 77));
    assert_eq!((list[0].mem, list[0].cu_occupancy), (1_073_741_824, 0), "proc/3002/vram_3696, cu_occupancy");
    let mut room = 2u32;
    assert_eq!(amdsmi_get_gpu_process_list(gpu, &mut room, list.as_mut_ptr()), SUCCESS);
    assert_eq!((room, list[1].pid), (2, 3003));
    // rocm_smi's convention for the system-wide list: 3001, 3002, 3003.
    let mut procs = [amdsmi_process_info_t::ZERO; 2];
    let mut room = 2u32;
    assert_eq!(amdsmi_get_gpu_compute_process_info(procs.as_mut_ptr(), &mut room), Status::InsufficientSize.code());
    assert_eq!((room, procs[0].process_id, procs[1].process_id), (2, 3001, 3002));
    drop(lock);
    std::fs::remove_dir_all(&root).unwrap();
}

/// The status a Rust result gives through the C ABI.
fn code<T>(result: &amdsmi::Result<T>) -> u32 {
    result.as_ref().map_or_else(|e| e.status().code(), |_| SUCCESS)
}

#[test]
fn every_gpu_of_the_ras_machines_matches_the_rust_api() {
    for name in ["mi210-xgmi", "rx7900xtx", "mi300x-cpx"] {
        let instance = instance_on(name, AmdSmiInitFlags::INIT_AMD_GPUS);
        let ctx = &instance.context;
        let mut supported = 0;
        for (&c, &rust) in crate::common::processors().iter().zip(ctx.processor_handles().iter()) {
            let r = ctx.gpu(rust).unwrap();
            let at = format!("{name} {}", r.device_bdf().map(|b| b.to_string()).unwrap_or_default());
            let mut ec = amdsmi_error_count_t::ZERO;
            let total = r.total_ecc_count();
            assert_eq!(amdsmi_get_gpu_total_ecc_count(c, &mut ec), code(&total), "{at}");
            if let Ok(t) = total {
                supported += 1;
                let got = (ec.correctable_count, ec.uncorrectable_count, ec.deferred_count);
                assert_eq!(got, (t.correctable_count, t.uncorrectable_count, t.deferred_count), "{at}");
            }
            let mut mask = 0u64;
            let enabled = r.ecc_enabled();
            assert_eq!(amdsmi_get_gpu_ecc_enabled(c, &mut mask), code(&enabled), "{at}");
            assert_eq!(enabled.unwrap_or(0), mask, "{at}");
            let mut feature = amdsmi_ras_feature_t::ZERO;
            let info = r.ras_feature_info();
            assert_eq!(amdsmi_get_gpu_ras_feature_info(c, &mut feature), code(&info), "{at}");
            if let Ok(info) = info {
                assert_eq!(feature.ras_eeprom_version, info.eeprom_version, "{at}");
                let flag = feature.ecc_correction_schema_flag;
                let bits = [info.parity_schema, info.single_bit_schema, info.double_bit_schema, info.poison_schema];
                assert_eq!(flag >> 4, 0, "{at}");
                for (bit, set) in bits.iter().enumerate() {
                    assert_eq!(flag & (1 << bit) != 0, *set, "{at} schema bit {bit}");
                }
            }
            let pages = r.bad_page_info();
            let mut n = 0u32;
            assert_eq!(amdsmi_get_gpu_bad_page_info(c, &mut n, null_mut()), code(&pages), "{at}");
            if let Ok(pages) = pages {
                let mut records = vec![amdsmi_retired_page_record_t::ZERO; pages.len()];
                assert_eq!(amdsmi_get_gpu_bad_page_info(c, &mut n, records.as_mut_ptr()), SUCCESS, "{at}");
                let got: Vec<_> = records.iter().map(|p| (p.page_address, p.page_size, p.status)).collect();
                let want: Vec<_> = pages.iter().map(|p| (p.page_address, p.page_size, p.status.code())).collect();
                assert_eq!(got, want, "{at}");
            }
            let mut threshold = 0u32;
            let t = r.bad_page_threshold();
            assert_eq!(amdsmi_get_gpu_bad_page_threshold(c, &mut threshold), code(&t), "{at}");
            assert_eq!(t.unwrap_or(0), threshold, "{at}");
            let mut xgmi = 0u32;
            let x = r.xgmi_error_status();
            assert_eq!(amdsmi_gpu_xgmi_error_status(c, &mut xgmi), code(&x), "{at}");
            assert_eq!(x.map(|s| s.code()).unwrap_or(0), xgmi, "{at}");
            let list = r.process_list();
            let mut n = 0u32;
            assert_eq!(amdsmi_get_gpu_process_list(c, &mut n, null_mut()), code(&list), "{at}");
            assert_eq!(list.map(|l| l.len() as u32).unwrap_or(0), n, "{at}");
        }
        // mi210-xgmi: 8 GPUs, each with a ras/ directory (…/0000:63:00.0/ras/umc_err_count has errors);
        // rx7900xtx: no ras/ directory; mi300x-cpx: 8 partition-0 processors of 64.
        if name == "mi210-xgmi" {
            // …/0000:63:00.0/ras: umc_err_count "ue: 0", "ce: 3" (UMC enabled: features 0x8f);
            // gpu_vram_bad_pages 0x000a1b2c and 0x000a1b2d, 4 KiB, R.
            let (gpu, _) = gpu_at(&instance, "0000:63:00.0");
            let mut ec = amdsmi_error_count_t::ZERO;
            assert_eq!(amdsmi_get_gpu_total_ecc_count(gpu, &mut ec), SUCCESS);
            assert_eq!((ec.correctable_count, ec.uncorrectable_count), (3, 0));
            let mut records = [amdsmi_retired_page_record_t::ZERO; 2];
            let mut n = 2u32;
            assert_eq!(amdsmi_get_gpu_bad_page_info(gpu, &mut n, records.as_mut_ptr()), SUCCESS);
            let got: Vec<_> = records.iter().map(|p| (p.page_address, p.page_size, p.status)).collect();
            assert_eq!(got, [(0xa1b2c, 0x1000, 0), (0xa1b2d, 0x1000, 0)]);
        }
        let expected = match name {
            "mi210-xgmi" => 8,
            "rx7900xtx" => 0,
            _ => 8,
        };
        assert_eq!(supported, expected, "{name}: GPUs with RAS counts");
        drop(instance);
    }
}

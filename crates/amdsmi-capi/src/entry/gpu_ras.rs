//! RAS, CPER, processes, event notification and counters.
//!
//! The values come from the Rust API (`amdsmi::Gpu::ecc_count`, `cper_entries`, `process_list`,
//! `Context::gpu_compute_process_info`, `gpu_event_notification`, `create_counter`, ...); here
//! they are put into AMD SMI 7.0.2's C structs (`amdsmi.h` of ROCm/amdsmi) with the conventions
//! of AMD's library and of its Python package (`amdsmi_interface.py`), which is what reads them:
//!
//! - Lists (`bad_page_info`, `memory_reserved_pages`, `process_list`, `compute_process_info`,
//!   `compute_process_gpus`, `event_notification`) are filled only up to the count the caller
//!   gave (AMD's `amdsmi_get_gpu_bad_page_info` writes every record whatever the count: ours
//!   does not).
//! - CPER records are packed from the start of the caller's buffer, at most 20 per call and at
//!   most `*entry_count`; `cper_hdrs[i]` points at the i-th record in that buffer.
//! - Counters: an `amdsmi_event_handle_t` is a number this library issued, kept with its
//!   [`EventHandle`] in a registry of this module and looked up on every call; a forged or
//!   destroyed one is INVAL.
//! - Enum fields hold AMD's values only (`AmdSmiRasErrState`, `AmdSmiXgmiStatus`,
//!   `AmdSmiMemoryPageStatus`, `AmdSmiEvtNotificationType`), which the package's enums know.

use std::collections::BTreeMap;
use std::ffi::c_char;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use amdsmi::cper::CperEntries;
use amdsmi::gpu::counters::{AmdSmiCounterCommand, AmdSmiEventGroup, AmdSmiEventType, EventHandle};
use amdsmi::gpu::events::EvtNotificationData;
use amdsmi::gpu::process::{ComputeProcessInfo, ProcessInfo};
use amdsmi::gpu::ras::{AmdSmiGpuBlock, EccCount, RasFeatureInfo, RetiredPage};
use amdsmi::{Error, Status};

use crate::abi::{
    amdsmi_counter_value_t, amdsmi_cper_hdr_t, amdsmi_error_count_t, amdsmi_event_handle_t,
    amdsmi_evt_notification_data_t, amdsmi_proc_info_t, amdsmi_process_info_t, amdsmi_processor_handle,
    amdsmi_ras_feature_t, amdsmi_retired_page_record_t, amdsmi_status_t, engine_usage_, memory_usage_,
};
use crate::call::{instance, status, with_gpu, write_out};
use crate::convert::c_text;
use crate::entry::gpu::enum_arg;
use crate::ffi::{fill_list, null, processor_ptr, read_bytes, read_count, read_u64, write_array, Out};

/// A `u32` count as `usize` (lossless on the 64-bit targets AMD SMI supports).
fn room(count: u32) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

/// A length as the `u32` of a C count, saturating.
fn count_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// A GPU block argument (`amdsmi_gpu_block_t`, 8 bytes): the block it names, INVAL for a value
/// that names none and for `INVALID`/`RESERVED`, which name no RAS block.
fn block_arg(code: u64) -> amdsmi::Result<AmdSmiGpuBlock> {
    AmdSmiGpuBlock::from_code(code)
        .filter(|block| block.kernel_name().is_some())
        .ok_or_else(|| Error::new(Status::Inval).with_detail(format!("{code:#x} is no RAS block")))
}

// ---- ECC and RAS ----

/// Error counts into `amdsmi_error_count_t` (`reserved` zero).
fn error_count_to_c(count: &EccCount) -> amdsmi_error_count_t {
    amdsmi_error_count_t {
        correctable_count: count.correctable_count,
        uncorrectable_count: count.uncorrectable_count,
        deferred_count: count.deferred_count,
        ..amdsmi_error_count_t::ZERO
    }
}

/// Error counts of one RAS block (`amdsmi_gpu_block_t`), counts of errors.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_ecc_count(
    processor_handle: amdsmi_processor_handle,
    block: u64,
    ec: *mut amdsmi_error_count_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(ec, "ec")?;
        let block = block_arg(block)?;
        out.write(error_count_to_c(&with_gpu(processor_handle, |g| g.ecc_count(block))?));
        Ok(())
    })
}

/// The RAS feature mask: bit n set when the block of `amdsmi_gpu_block_t` value `1 << n` has RAS
/// enabled.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_ecc_enabled(
    processor_handle: amdsmi_processor_handle,
    enabled_blocks: *mut u64,
) -> amdsmi_status_t {
    write_out(enabled_blocks, "enabled_blocks", || with_gpu(processor_handle, |g| g.ecc_enabled()))
}

/// The ECC state of one block (`amdsmi_ras_err_state_t`: `ENABLED` or `DISABLED`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_ecc_status(
    processor_handle: amdsmi_processor_handle,
    block: u64,
    state: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(state, "state")?;
        let block = block_arg(block)?;
        out.write(with_gpu(processor_handle, |g| g.ecc_status(block))?.code());
        Ok(())
    })
}

/// Error counts summed over the blocks RAS is enabled on, counts of errors.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_total_ecc_count(
    processor_handle: amdsmi_processor_handle,
    ec: *mut amdsmi_error_count_t,
) -> amdsmi_status_t {
    write_out(ec, "ec", || Ok(error_count_to_c(&with_gpu(processor_handle, |g| g.total_ecc_count())?)))
}

/// RAS features into `amdsmi_ras_feature_t`: the EEPROM table version, and the schema as the
/// flag word the Python package decodes (bit 0 parity, 1 single-bit, 2 double-bit, 3 poison:
/// the bits of `ras/schema`).
fn ras_feature_to_c(info: &RasFeatureInfo) -> amdsmi_ras_feature_t {
    amdsmi_ras_feature_t {
        ras_eeprom_version: info.eeprom_version,
        ecc_correction_schema_flag: u32::from(info.parity_schema)
            | u32::from(info.single_bit_schema) << 1
            | u32::from(info.double_bit_schema) << 2
            | u32::from(info.poison_schema) << 3,
    }
}

/// RAS EEPROM version and ECC schema flags.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_ras_feature_info(
    processor_handle: amdsmi_processor_handle,
    ras_feature: *mut amdsmi_ras_feature_t,
) -> amdsmi_status_t {
    write_out(ras_feature, "ras_feature", || {
        Ok(ras_feature_to_c(&with_gpu(processor_handle, |g| g.ras_feature_info())?))
    })
}

/// The RAS state of one block (`amdsmi_ras_err_state_t`: `ENABLED` or `DISABLED`), the block's
/// item of the Rust API's list.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_ras_block_features_enabled(
    processor_handle: amdsmi_processor_handle,
    block: u64,
    state: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(state, "state")?;
        let block = block_arg(block)?;
        let features = with_gpu(processor_handle, |g| g.ras_block_features_enabled())?;
        let feature = features.iter().find(|f| f.block == block).ok_or_else(|| {
            Error::new(Status::NotSupported).with_detail(format!("{} has no RAS state", block.name()))
        })?;
        out.write(feature.status.code());
        Ok(())
    })
}

/// A retired page into `amdsmi_retired_page_record_t` (page frame number as the kernel prints
/// it, size in bytes, `amdsmi_memory_page_status_t`).
fn retired_page_to_c(page: &RetiredPage) -> amdsmi_retired_page_record_t {
    amdsmi_retired_page_record_t {
        page_address: page.page_address,
        page_size: page.page_size,
        status: page.status.code(),
    }
}

/// A list of pages in AMD's list convention, `num_pages` checked before the GPU is looked up.
fn page_list(
    handle: amdsmi_processor_handle,
    num_pages: *mut u32,
    buffer: *mut amdsmi_retired_page_record_t,
    get: impl FnOnce(amdsmi::Gpu<'_>) -> amdsmi::Result<Vec<RetiredPage>>,
) -> amdsmi_status_t {
    status(|| {
        read_count(num_pages, "num_pages")?;
        let records: Vec<_> = with_gpu(handle, get)?.iter().map(retired_page_to_c).collect();
        fill_list(num_pages, buffer, &records, "num_pages")
    })
}

/// Retired VRAM pages with AMD's list convention: `info` NULL is a count query; otherwise at
/// most `*num_pages` records are written and `*num_pages` becomes the number written.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_bad_page_info(
    processor_handle: amdsmi_processor_handle,
    num_pages: *mut u32,
    info: *mut amdsmi_retired_page_record_t,
) -> amdsmi_status_t {
    page_list(processor_handle, num_pages, info, |g| g.bad_page_info())
}

/// Reserved VRAM pages, with the list convention of [`amdsmi_get_gpu_bad_page_info`].
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_memory_reserved_pages(
    processor_handle: amdsmi_processor_handle,
    num_pages: *mut u32,
    records: *mut amdsmi_retired_page_record_t,
) -> amdsmi_status_t {
    page_list(processor_handle, num_pages, records, |g| g.memory_reserved_pages())
}

/// Retired pages at which the GPU is declared bad, a count of pages (debugfs, root only).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_bad_page_threshold(
    processor_handle: amdsmi_processor_handle,
    threshold: *mut u32,
) -> amdsmi_status_t {
    write_out(threshold, "threshold", || with_gpu(processor_handle, |g| g.bad_page_threshold()))
}

/// The XGMI error status (`amdsmi_xgmi_status_t`: 0 no errors, 1 error, 2 multiple errors).
#[no_mangle]
pub extern "C" fn amdsmi_gpu_xgmi_error_status(
    processor_handle: amdsmi_processor_handle,
    status_out: *mut u32,
) -> amdsmi_status_t {
    write_out(status_out, "status", || Ok(with_gpu(processor_handle, |g| g.xgmi_error_status())?.code()))
}

/// Validates the RAS EEPROM: NOT_SUPPORTED, as AMD SMI 7.0.2 answers (after the handle check).
#[no_mangle]
pub extern "C" fn amdsmi_gpu_validate_ras_eeprom(processor_handle: amdsmi_processor_handle) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.validate_ras_eeprom()))
}

// ---- CPER ----

/// CPER records of the GPU's debugfs ring (root only) whose severity is in `severity_mask`
/// (bit `1 << amdsmi_cper_sev_t`), from the `*cursor`-th on. In: `*buf_size` bytes at
/// `cper_data`, room for `*entry_count` pointers at `cper_hdrs`. The records are copied one
/// after the other from the start of `cper_data` while they fit, at most 20 and at most
/// `*entry_count`; `cper_hdrs[i]` points at the i-th. Out: `*buf_size` the bytes used,
/// `*entry_count` the records written, `*cursor` the cursor of the next call. MORE_DATA when
/// selected records remain; OUT_OF_RESOURCES when one remains and none fit (AMD SMI's
/// `amd_smi_cper.cc`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_cper_entries(
    processor_handle: amdsmi_processor_handle,
    severity_mask: u32,
    cper_data: *mut c_char,
    buf_size: *mut u64,
    cper_hdrs: *mut *mut amdsmi_cper_hdr_t,
    entry_count: *mut u64,
    cursor: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let size = read_u64(buf_size, "buf_size")?;
        let room = read_u64(entry_count, "entry_count")?;
        let start = read_u64(cursor, "cursor")?;
        if cper_data.is_null() {
            return Err(null("cper_data"));
        }
        if cper_hdrs.is_null() {
            return Err(null("cper_hdrs"));
        }
        let read = with_gpu(processor_handle, |g| g.cper_entries(severity_mask, size, start))?;
        let (bytes, pointers, next, result) = pack_cper(&read, room, start, cper_data)?;
        write_array(cper_data.cast::<u8>(), room_of(size), &bytes, "cper_data")?;
        write_array(cper_hdrs, pointers.len(), &pointers, "cper_hdrs")?;
        Out::new(buf_size, "buf_size")?.write(bytes.len() as u64);
        Out::new(entry_count, "entry_count")?.write(pointers.len() as u64);
        Out::new(cursor, "cursor")?.write(next);
        match result {
            Status::Success => Ok(()),
            other => Err(Error::new(other).with_detail("CPER: more records remain")),
        }
    })
}

/// A `u64` size as `usize`, saturating.
fn room_of(size: u64) -> usize {
    usize::try_from(size).unwrap_or(usize::MAX)
}

/// Records packed for the caller: their bytes, a header pointer per record, the next cursor,
/// and the call's status.
type PackedCper = (Vec<u8>, Vec<*mut amdsmi_cper_hdr_t>, u64, Status);

/// The records of `read` cut to `room` entries: their bytes packed, a pointer into `base` per
/// record, the next cursor (`start` + the records kept when some were cut), and the status
/// (MORE_DATA when some were cut; OUT_OF_RESOURCES when `room` is 0 and a record was selected).
fn pack_cper(read: &CperEntries, room: u64, start: u64, base: *mut c_char) -> amdsmi::Result<PackedCper> {
    let total = read.cper_data.len();
    let kept = room_of(room).min(total);
    if kept == 0 && total > 0 {
        return Err(Error::new(Status::OutOfResources).with_detail("CPER: entry_count is 0"));
    }
    let mut bytes = Vec::new();
    let mut pointers = Vec::with_capacity(kept);
    for data in &read.cper_data[..kept] {
        pointers.push(base.wrapping_add(bytes.len()).cast::<amdsmi_cper_hdr_t>());
        bytes.extend_from_slice(&data.bytes);
    }
    let (next, result) =
        if kept < total { (start + kept as u64, Status::MoreData) } else { (read.cursor, read.status_code) };
    Ok((bytes, pointers, next, result))
}

/// The AMD Field IDs of the one CPER record in `cper_data` (`buf_size` bytes): at most
/// `*num_afids` are written to `afids`, and `*num_afids` becomes how many the record has (AMD
/// SMI's convention). Needs no init.
#[no_mangle]
pub extern "C" fn amdsmi_get_afids_from_cper(
    cper_data: *mut c_char,
    buf_size: u32,
    afids: *mut u64,
    num_afids: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let room = read_count(num_afids, "num_afids")?;
        let data = read_bytes(cper_data, room_of(u64::from(buf_size)), "cper_data")?;
        let (ids, count) = amdsmi::amdsmi_get_afids_from_cper(&data)?;
        write_array(afids, self::room(room), &ids, "afids")?;
        Out::new(num_afids, "num_afids")?.write(count_u32(count));
        Ok(())
    })
}

// ---- Processes ----

/// A process on a GPU into `amdsmi_proc_info_t`. Values the kernel does not give are 0, except
/// `cu_occupancy`, UINT32_MAX, which the Python package shows as "N/A"; a name that cannot be
/// read is empty (the package shows "N/A"); `container_name` is empty (not read by the Rust API);
/// the eviction time has no 7.0.2 field.
fn proc_info_to_c(p: &ProcessInfo) -> amdsmi_proc_info_t {
    amdsmi_proc_info_t {
        name: c_text(p.name.as_deref().unwrap_or("")),
        pid: p.pid,
        mem: p.mem.unwrap_or(0),
        engine_usage: engine_usage_ {
            gfx: p.engine_usage.gfx.unwrap_or(0),
            enc: p.engine_usage.enc.unwrap_or(0),
            ..engine_usage_::ZERO
        },
        memory_usage: memory_usage_ {
            gtt_mem: p.memory_usage.gtt_mem.unwrap_or(0),
            cpu_mem: p.memory_usage.cpu_mem.unwrap_or(0),
            vram_mem: p.memory_usage.vram_mem.unwrap_or(0),
            ..memory_usage_::ZERO
        },
        cu_occupancy: p.cu_occupancy.unwrap_or(u32::MAX),
        ..amdsmi_proc_info_t::ZERO
    }
}

/// The processes on a GPU, with AMD's convention (`amdsmi_get_gpu_process_list` in
/// `amd_smi.cc`): `*max_processes` 0, or no process, is a count query (`*max_processes` becomes
/// the number of processes, SUCCESS); otherwise `list` NULL is INVAL, at most `*max_processes`
/// entries are written, `*max_processes` becomes the number of processes, and OUT_OF_RESOURCES
/// says not all fitted.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_process_list(
    processor_handle: amdsmi_processor_handle,
    max_processes: *mut u32,
    list: *mut amdsmi_proc_info_t,
) -> amdsmi_status_t {
    status(|| {
        let room = read_count(max_processes, "max_processes")?;
        let items: Vec<_> = with_gpu(processor_handle, |g| g.process_list())?.iter().map(proc_info_to_c).collect();
        let total = count_u32(items.len());
        if room == 0 || items.is_empty() {
            Out::new(max_processes, "max_processes")?.write(total);
            return Ok(());
        }
        let written = write_array(list, self::room(room), &items, "list")?;
        Out::new(max_processes, "max_processes")?.write(total);
        if written < items.len() {
            return Err(Error::new(Status::OutOfResources).with_detail(format!("{total} processes, room for {room}")));
        }
        Ok(())
    })
}

/// KFD's view of a process into `amdsmi_process_info_t` (VRAM bytes, SDMA µs, CU occupancy
/// percent; 0 where the kernel gives none, as rocm_smi's sums start at 0).
fn process_info_to_c(p: &ComputeProcessInfo) -> amdsmi_process_info_t {
    amdsmi_process_info_t {
        process_id: p.process_id,
        vram_usage: p.vram_usage,
        sdma_usage: p.sdma_usage,
        cu_occupancy: p.cu_occupancy.unwrap_or(0),
    }
}

/// Fills `buffer` (room `*count`) from `items` with rocm_smi's convention: `buffer` NULL is a
/// count query; otherwise at most `*count` are written, `*count` becomes the number written and
/// INSUFFICIENT_SIZE says there were more.
fn fill_or_insufficient<T: Copy>(count: *mut u32, buffer: *mut T, items: &[T], what: &str) -> amdsmi::Result<()> {
    let room = read_count(count, what)?;
    fill_list(count, buffer, items, what)?;
    if !buffer.is_null() && self::room(room) < items.len() {
        return Err(Error::new(Status::InsufficientSize).with_detail(format!("{} items, room for {room}", items.len())));
    }
    Ok(())
}

/// Every process KFD lists, with its usage over all the GPUs it uses. Arguments `(procs,
/// num_items)`: `procs` NULL is a count query; otherwise at most `*num_items` are written,
/// `*num_items` becomes the number written, INSUFFICIENT_SIZE when more exist
/// (rocm_smi's `rsmi_compute_process_info_get`, which AMD SMI calls).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_compute_process_info(
    procs: *mut amdsmi_process_info_t,
    num_items: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        read_count(num_items, "num_items")?;
        let items: Vec<_> = instance()?.gpu_compute_process_info().iter().map(process_info_to_c).collect();
        fill_or_insufficient(num_items, procs, &items, "num_items")
    })
}

/// One process's usage over all the GPUs it uses; NOT_FOUND when KFD does not list it.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_compute_process_info_by_pid(
    pid: u32,
    proc_: *mut amdsmi_process_info_t,
) -> amdsmi_status_t {
    write_out(proc_, "proc", || Ok(process_info_to_c(&instance()?.gpu_compute_process_info_by_pid(pid)?)))
}

/// The enumeration indices of the GPUs a process uses, with the convention of
/// [`amdsmi_get_gpu_compute_process_info`] (`dv_indices` NULL is a count query);
/// NOT_FOUND when KFD does not list the process.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_compute_process_gpus(
    pid: u32,
    dv_indices: *mut u32,
    num_devices: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        read_count(num_devices, "num_devices")?;
        let indices = instance()?.gpu_compute_process_gpus(pid)?;
        fill_or_insufficient(num_devices, dv_indices, &indices, "num_devices")
    })
}

// ---- Event notification ----

/// Starts event notification for a GPU (its mask empty until set).
#[no_mangle]
pub extern "C" fn amdsmi_init_gpu_event_notification(processor_handle: amdsmi_processor_handle) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.init_event_notification()))
}

/// Selects the events a GPU reports: bit `id - 1` for `amdsmi_evt_notification_type_t` `id`.
#[no_mangle]
pub extern "C" fn amdsmi_set_gpu_event_notification_mask(
    processor_handle: amdsmi_processor_handle,
    mask: u64,
) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.set_event_notification_mask(mask)))
}

/// An event into `amdsmi_evt_notification_data_t` (message cut to 255 bytes with its NUL).
fn event_to_c(e: &EvtNotificationData) -> amdsmi_evt_notification_data_t {
    amdsmi_evt_notification_data_t {
        processor_handle: processor_ptr(e.processor_handle),
        event: e.event.code(),
        message: c_text(&e.message),
    }
}

/// Up to `*num_elem` events of every GPU with notification started, waiting at most
/// `timeout_ms` ms for the first (a negative timeout, "wait for ever" to `poll`, waits
/// UINT32_MAX ms); `*num_elem` becomes the number written. NO_DATA when none arrived.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_event_notification(
    timeout_ms: i32,
    num_elem: *mut u32,
    data: *mut amdsmi_evt_notification_data_t,
) -> amdsmi_status_t {
    status(|| {
        let room = read_count(num_elem, "num_elem")?;
        if data.is_null() {
            return Err(null("data"));
        }
        let timeout = u32::try_from(timeout_ms).unwrap_or(u32::MAX);
        let events = instance()?.gpu_event_notification(timeout, room)?;
        let items: Vec<_> = events.iter().map(event_to_c).collect();
        fill_list(num_elem, data, &items, "num_elem")
    })
}

/// Stops event notification for a GPU; INVAL when it was not started.
#[no_mangle]
pub extern "C" fn amdsmi_stop_gpu_event_notification(processor_handle: amdsmi_processor_handle) -> amdsmi_status_t {
    status(|| with_gpu(processor_handle, |g| g.stop_event_notification()))
}

// ---- Counters ----

/// The open counters, by the handle this library gave the caller.
static COUNTERS: Mutex<BTreeMap<amdsmi_event_handle_t, EventHandle>> = Mutex::new(BTreeMap::new());
/// The next handle to issue (never 0, never reused).
static NEXT_COUNTER: AtomicU64 = AtomicU64::new(1);

fn counters() -> MutexGuard<'static, BTreeMap<amdsmi_event_handle_t, EventHandle>> {
    // Each use is one call on one counter: a panic in one leaves the map usable.
    COUNTERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// INVAL for a handle this library did not issue or has destroyed.
fn unknown_counter(handle: amdsmi_event_handle_t) -> Error {
    Error::new(Status::Inval).with_detail(format!("{handle:#x} is no open counter"))
}

/// Calls `f` with the open counter of `handle`.
fn with_counter<T>(
    handle: amdsmi_event_handle_t,
    f: impl FnOnce(&mut EventHandle) -> amdsmi::Result<T>,
) -> amdsmi::Result<T> {
    f(counters().get_mut(&handle).ok_or_else(|| unknown_counter(handle))?)
}

/// Opens a counter of an event (`amdsmi_event_type_t`) on the GPU, stopped; `*evnt_handle`
/// becomes its handle.
#[no_mangle]
pub extern "C" fn amdsmi_gpu_create_counter(
    processor_handle: amdsmi_processor_handle,
    type_: u32,
    evnt_handle: *mut amdsmi_event_handle_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(evnt_handle, "evnt_handle")?;
        let event_type = enum_arg(type_, "event type", AmdSmiEventType::from_code)?;
        let counter = with_gpu(processor_handle, |g| g.create_counter(event_type))?;
        let handle = NEXT_COUNTER.fetch_add(1, Ordering::Relaxed);
        counters().insert(handle, counter);
        out.write(handle);
        Ok(())
    })
}

/// Starts or stops a counter (`amdsmi_counter_command_t`); `cmd_args` is unused, as in AMD SMI.
#[no_mangle]
pub extern "C" fn amdsmi_gpu_control_counter(
    evt_handle: amdsmi_event_handle_t,
    cmd: u32,
    _cmd_args: *mut std::ffi::c_void,
) -> amdsmi_status_t {
    status(|| {
        let command = enum_arg(cmd, "counter command", AmdSmiCounterCommand::from_code)?;
        with_counter(evt_handle, |c| c.control(command))
    })
}

/// The events counted since the previous read or start (a count) and the counter's enabled and
/// running times, ns.
#[no_mangle]
pub extern "C" fn amdsmi_gpu_read_counter(
    evt_handle: amdsmi_event_handle_t,
    value: *mut amdsmi_counter_value_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(value, "value")?;
        let v = with_counter(evt_handle, |c| c.read())?;
        out.write(amdsmi_counter_value_t {
            value: v.value,
            time_enabled: v.time_enabled,
            time_running: v.time_running,
        });
        Ok(())
    })
}

/// Stops a counter and closes it; its handle is invalid afterwards.
#[no_mangle]
pub extern "C" fn amdsmi_gpu_destroy_counter(evt_handle: amdsmi_event_handle_t) -> amdsmi_status_t {
    status(|| {
        let counter = counters().remove(&evt_handle).ok_or_else(|| unknown_counter(evt_handle))?;
        counter.destroy()
    })
}

/// SUCCESS when the GPU has the counter group's (`amdsmi_event_group_t`) PMU, else
/// NOT_SUPPORTED.
#[no_mangle]
pub extern "C" fn amdsmi_gpu_counter_group_supported(
    processor_handle: amdsmi_processor_handle,
    group: u32,
) -> amdsmi_status_t {
    status(|| {
        let group = enum_arg(group, "event group", AmdSmiEventGroup::from_code)?;
        with_gpu(processor_handle, |g| g.counter_group_supported(group))
    })
}

/// Free counters of a group (`amdsmi_event_group_t`), a count.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_available_counters(
    processor_handle: amdsmi_processor_handle,
    grp: u32,
    available: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(available, "available")?;
        let group = enum_arg(grp, "event group", AmdSmiEventGroup::from_code)?;
        out.write(with_gpu(processor_handle, |g| g.available_counters(group))?);
        Ok(())
    })
}

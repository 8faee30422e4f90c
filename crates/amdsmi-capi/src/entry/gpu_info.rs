//! GPU identity, inventory, partitions and topology.
//!
//! Each function fills AMD SMI 7.0.2's C struct from the Rust API's value (`src/gpu/inventory.rs`,
//! `identity.rs`, `partition.rs`, `xgmi.rs`, `topology.rs`, `numa.rs` of the `amdsmi` crate),
//! starting from the struct's `ZERO`. Where the Rust value is "not available" (`None`), the C
//! field gets the sentinel AMD's library writes there (ROCm/amdsmi `src/amd_smi/amd_smi.cc`,
//! 7.0.x): `UINT*_MAX` for the numbers it initializes so (`kfd_info`, `vram_bit_width`,
//! `vram_max_bandwidth`, `num_of_compute_units`, `target_graphics_version`, the link metrics),
//! `"ffffffffffffffff"` for a missing ASIC serial (the package parses the serial as hex), and an
//! empty string for text (the package prints `N/A` for it). Strings are cut to their array with
//! the NUL kept; lists are cut to AMD's array lengths.

use std::ffi::{c_char, CString};
use std::sync::OnceLock;

use amdsmi::{
    AcceleratorPartitionProfile, AcceleratorPartitionProfileConfig, AcceleratorProfileConfig,
    AcceleratorResourceProfile, AmdSmiAffinityScope, AmdSmiComputePartitionType, AmdSmiLinkType, AmdSmiProcessorType,
    AsicInfo, BoardInfo, Cache, CacheInfo, DriverInfo, EnumerationInfo, Error, FwInfo, Gpu, KfdInfo, LinkMetric,
    LinkMetrics, MemoryPartitionConfig, P2pCapability, Result, Status, VbiosInfo, VramInfo, XgmiInfo, XgmiLinkStatus,
};

use crate::abi::*;
use crate::call::{instance, status, with_gpu, with_socket, write_out};
use crate::convert::{c_opt, c_text};
use crate::entry::gpu::enum_arg;
use crate::entry::handles::bdf_to_c;
use crate::ffi::{fill_list, processor, processor_ptr, read_array, write_array, write_str, Out};

/// A count as `u32`, saturated.
fn count32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The number in a hex string of the Rust API (`0xc0`, `0x440e`); UNEXPECTED_DATA otherwise.
fn hex_u16(text: &str) -> Result<u16> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    u16::from_str_radix(digits, 16)
        .map_err(|_| Error::new(Status::UnexpectedData).with_detail(format!("{text:?} is no 16-bit hex number")))
}

/// Writes a string result into a caller's `(buffer, len)` as rocm_smi's string getters do
/// (`rsmi_dev_vram_vendor_get`, `rsmi_dev_subsystem_name_get`, `rsmi_dev_compute_partition_get`):
/// `len` 0 is INVAL; the text is cut to `len - 1` bytes with its NUL, and a cut text is
/// INSUFFICIENT_SIZE (the cut text is still written).
fn write_text(buffer: *mut c_char, len: usize, text: &str, what: &str) -> Result<()> {
    if len == 0 {
        return Err(Error::new(Status::Inval).with_detail(format!("{what} has no room")));
    }
    write_str(buffer, len, text, what)?;
    if text.len() >= len {
        return Err(Error::new(Status::InsufficientSize)
            .with_detail(format!("{what} needs {} bytes, {len} given", text.len() + 1)));
    }
    Ok(())
}

/// Fills one output struct with the converted value of a GPU getter.
fn fill<T, C>(
    handle: amdsmi_processor_handle,
    out: *mut C,
    what: &str,
    get: impl FnOnce(Gpu<'_>) -> Result<T>,
    convert: impl FnOnce(&T) -> C,
) -> amdsmi_status_t {
    write_out(out, what, || with_gpu(handle, get).map(|value| convert(&value)))
}

/// `amdsmi_asic_info_t` of an [`AsicInfo`]. Missing ids are 0 (vendor, device, revision: AMD
/// leaves them zeroed and the package prints `N/A` for 0) or `UINT32_MAX` (subvendor,
/// subsystem, OAM id, compute units); the serial is lower-case hex without `0x` as AMD writes
/// it, `"ffffffffffffffff"` without one (AMD's default, which the package parses as hex);
/// `target_graphics_version` is the gfx name's hex digits as a number (`gfx90a` → 0x90a, the
/// package prints `"gfx" + hex(value)`), `UINT64_MAX` without one.
fn asic_info_to_c(info: &AsicInfo) -> amdsmi_asic_info_t {
    let serial = info.asic_serial.map_or_else(|| "ffffffffffffffff".to_owned(), |s| format!("{s:x}"));
    let gfx = info
        .target_graphics_version
        .as_deref()
        .and_then(|name| u64::from_str_radix(name.strip_prefix("gfx")?, 16).ok());
    amdsmi_asic_info_t {
        market_name: c_opt(&info.market_name),
        vendor_id: info.vendor_id.map_or(0, u32::from),
        vendor_name: c_opt(&info.vendor_name),
        subvendor_id: info.subvendor_id.map_or(u32::MAX, u32::from),
        device_id: info.device_id.map_or(0, u64::from),
        rev_id: info.rev_id.map_or(0, u32::from),
        asic_serial: c_text(&serial),
        oam_id: info.oam_id.unwrap_or(u32::MAX),
        num_of_compute_units: info.num_of_compute_units.unwrap_or(u32::MAX),
        target_graphics_version: gfx.unwrap_or(u64::MAX),
        subsystem_id: info.subsystem_id.map_or(u32::MAX, u32::from),
        ..amdsmi_asic_info_t::ZERO
    }
}

/// ASIC identity (see `asic_info_to_c` for the fields that are not available).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_asic_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_asic_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.asic_info(), asic_info_to_c)
}

/// `amdsmi_board_info_t` of a [`BoardInfo`]: the FRU strings, empty when not available.
fn board_info_to_c(info: &BoardInfo) -> amdsmi_board_info_t {
    amdsmi_board_info_t {
        model_number: c_opt(&info.model_number),
        product_serial: c_opt(&info.product_serial),
        fru_id: c_opt(&info.fru_id),
        product_name: c_opt(&info.product_name),
        manufacturer_name: c_opt(&info.manufacturer_name),
        ..amdsmi_board_info_t::ZERO
    }
}

/// Board identity (FRU strings; empty when the kernel has none, which the package prints `N/A`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_board_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_board_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.board_info(), board_info_to_c)
}

/// `amdsmi_vbios_info_t` of a [`VbiosInfo`] (7.0.2's struct has no boot-firmware field).
fn vbios_info_to_c(info: &VbiosInfo) -> amdsmi_vbios_info_t {
    amdsmi_vbios_info_t {
        name: c_opt(&info.name),
        build_date: c_opt(&info.build_date),
        part_number: c_opt(&info.part_number),
        version: c_opt(&info.version),
        ..amdsmi_vbios_info_t::ZERO
    }
}

/// VBIOS name, build date, part number and version.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_vbios_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_vbios_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.vbios_info(), vbios_info_to_c)
}

/// The 7.0.2 `amdsmi_fw_block_t` id of each block name the Rust API gives (the sysfs blocks
/// AMD's `amdsmi_get_fw_info` reads, `fw_in_rsmi` in `amd_smi.cc`, plus MES and the PLDM
/// bundle, which have 7.0.2 ids). MES KIQ has a C id (47) but the 7.0.2 package's
/// `AmdSmiFwBlock` does not know it (it raises ValueError on it), so it is left out, like the
/// blocks with no id at all (IMU, DMCUB).
const FW_IDS: &[(&str, amdsmi_fw_block_t)] = &[
    ("AMDSMI_FW_ID_ASD", AMDSMI_FW_ID_ASD),
    ("AMDSMI_FW_ID_CP_CE", AMDSMI_FW_ID_CP_CE),
    ("AMDSMI_FW_ID_DMCU", AMDSMI_FW_ID_DMCU),
    ("AMDSMI_FW_ID_MC", AMDSMI_FW_ID_MC),
    ("AMDSMI_FW_ID_CP_ME", AMDSMI_FW_ID_CP_ME),
    ("AMDSMI_FW_ID_CP_MEC1", AMDSMI_FW_ID_CP_MEC1),
    ("AMDSMI_FW_ID_CP_MEC2", AMDSMI_FW_ID_CP_MEC2),
    ("AMDSMI_FW_ID_CP_PFP", AMDSMI_FW_ID_CP_PFP),
    ("AMDSMI_FW_ID_RLC", AMDSMI_FW_ID_RLC),
    ("AMDSMI_FW_ID_RLC_RESTORE_LIST_CNTL", AMDSMI_FW_ID_RLC_RESTORE_LIST_CNTL),
    ("AMDSMI_FW_ID_RLC_RESTORE_LIST_GPM_MEM", AMDSMI_FW_ID_RLC_RESTORE_LIST_GPM_MEM),
    ("AMDSMI_FW_ID_RLC_RESTORE_LIST_SRM_MEM", AMDSMI_FW_ID_RLC_RESTORE_LIST_SRM_MEM),
    ("AMDSMI_FW_ID_SDMA0", AMDSMI_FW_ID_SDMA0),
    ("AMDSMI_FW_ID_SDMA1", AMDSMI_FW_ID_SDMA1),
    ("AMDSMI_FW_ID_PM", AMDSMI_FW_ID_PM),
    ("AMDSMI_FW_ID_PSP_SOSDRV", AMDSMI_FW_ID_PSP_SOSDRV),
    ("AMDSMI_FW_ID_TA_RAS", AMDSMI_FW_ID_TA_RAS),
    ("AMDSMI_FW_ID_TA_XGMI", AMDSMI_FW_ID_TA_XGMI),
    ("AMDSMI_FW_ID_UVD", AMDSMI_FW_ID_UVD),
    ("AMDSMI_FW_ID_VCE", AMDSMI_FW_ID_VCE),
    ("AMDSMI_FW_ID_VCN", AMDSMI_FW_ID_VCN),
    ("AMDSMI_FW_ID_CP_MES", AMDSMI_FW_ID_CP_MES),
    ("AMDSMI_FW_ID_PLDM_BUNDLE", AMDSMI_FW_ID_PLDM_BUNDLE),
];

/// The firmware version number behind the Rust API's formatted text (the inverse of
/// `amdsmi::gpu::inventory::format_fw_version`): dotted hex bytes (`00.21.00.AC`), dotted
/// decimal bytes (`00.58.88.00`, PM and PLDM) or decimal. Exact for the kernel's 32-bit
/// versions (`0x%08x` in amdgpu's `fw_version` files).
fn fw_version_value(fw_name: &str, text: &str) -> Option<u64> {
    if !text.contains('.') {
        return text.parse().ok();
    }
    if matches!(fw_name, "AMDSMI_FW_ID_PM" | "AMDSMI_FW_ID_PLDM_BUNDLE") {
        return text
            .split('.')
            .try_fold(0u64, |acc, byte| Some(acc.checked_shl(8)? | u64::from(byte.parse::<u8>().ok()?)));
    }
    u64::from_str_radix(&text.replace('.', ""), 16).ok()
}

/// `amdsmi_fw_info_t` of an [`FwInfo`]. Blocks with no 7.0.2 id (IMU, DMCUB, ... — the
/// upper-cased sysfs names the Rust API keeps) are left out, as AMD's library never reads them
/// (it walks only its own block table); at most 80 entries (the array).
fn fw_info_to_c(info: &FwInfo) -> amdsmi_fw_info_t {
    let mut out = amdsmi_fw_info_t::ZERO;
    let known = info.fw_list.iter().filter_map(|entry| {
        let id = FW_IDS.iter().find(|(name, _)| *name == entry.fw_name)?.1;
        Some((id, fw_version_value(&entry.fw_name, &entry.fw_version)?))
    });
    let mut n = 0;
    for (slot, (fw_id, fw_version)) in out.fw_info_list.iter_mut().zip(known) {
        *slot = fw_info_list_ { fw_id, fw_version, ..fw_info_list_::ZERO };
        n += 1;
    }
    out.num_fw_info = u8::try_from(n).unwrap_or(u8::MAX);
    out
}

/// Firmware block ids and versions (see `fw_info_to_c` for the blocks left out).
#[no_mangle]
pub extern "C" fn amdsmi_get_fw_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_fw_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.fw_info(), fw_info_to_c)
}

/// `amdsmi_driver_info_t` of a [`DriverInfo`].
fn driver_info_to_c(info: &DriverInfo) -> amdsmi_driver_info_t {
    amdsmi_driver_info_t {
        driver_version: c_opt(&info.driver_version),
        driver_date: c_opt(&info.driver_date),
        driver_name: c_opt(&info.driver_name),
    }
}

/// Driver name, version and date (`YYYY/MM/DD 00:00`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_driver_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_driver_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.driver_info(), driver_info_to_c)
}

/// `amdsmi_vram_info_t` of a [`VramInfo`], with AMD's defaults for what is missing: size 0,
/// `vram_bit_width` `UINT32_MAX`, `vram_max_bandwidth` `UINT64_MAX` (`amd_smi.cc`).
fn vram_info_to_c(info: &VramInfo) -> amdsmi_vram_info_t {
    amdsmi_vram_info_t {
        vram_type: info.vram_type.code(),
        vram_vendor: c_opt(&info.vram_vendor),
        vram_size: info.vram_size.unwrap_or(0),
        vram_bit_width: info.vram_bit_width.unwrap_or(u32::MAX),
        vram_max_bandwidth: info.vram_max_bandwidth.unwrap_or(u64::MAX),
        ..amdsmi_vram_info_t::ZERO
    }
}

/// VRAM type, vendor, size (MiB), bus width (bits) and peak bandwidth (GB/s).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_vram_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_vram_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.vram_info(), vram_info_to_c)
}

/// The `AMDSMI_CACHE_PROPERTY_*` bits of the Rust API's property names.
fn cache_properties(cache: &Cache) -> u32 {
    cache
        .cache_properties
        .iter()
        .map(|name| match *name {
            "DATA_CACHE" => AMDSMI_CACHE_PROPERTY_DATA_CACHE,
            "INST_CACHE" => AMDSMI_CACHE_PROPERTY_INST_CACHE,
            "CPU_CACHE" => AMDSMI_CACHE_PROPERTY_CPU_CACHE,
            "SIMD_CACHE" => AMDSMI_CACHE_PROPERTY_SIMD_CACHE,
            _ => 0,
        })
        .fold(0, |mask, bit| mask | bit)
}

/// `amdsmi_gpu_cache_info_t` of a [`CacheInfo`]: at most `AMDSMI_MAX_CACHE_TYPES` (10) kinds.
fn cache_info_to_c(info: &CacheInfo) -> amdsmi_gpu_cache_info_t {
    let mut out = amdsmi_gpu_cache_info_t::ZERO;
    for (slot, cache) in out.cache.iter_mut().zip(&info.cache) {
        *slot = cache_ {
            cache_properties: cache_properties(cache),
            cache_size: cache.cache_size,
            cache_level: cache.cache_level,
            max_num_cu_shared: cache.max_num_cu_shared,
            num_cache_instance: cache.num_cache_instance,
            ..cache_::ZERO
        };
    }
    out.num_cache_types = count32(info.cache.len().min(AMDSMI_MAX_CACHE_TYPES));
    out
}

/// The GPU's caches (sizes in KiB).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_cache_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_gpu_cache_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.cache_info(), cache_info_to_c)
}

/// `amdsmi_enumeration_info_t` of an [`EnumerationInfo`]: missing ids `UINT32_MAX` (the package
/// prints `N/A`), a missing HIP UUID empty.
fn enumeration_info_to_c(info: &EnumerationInfo) -> amdsmi_enumeration_info_t {
    amdsmi_enumeration_info_t {
        drm_render: info.drm_render.unwrap_or(u32::MAX),
        drm_card: info.drm_card.unwrap_or(u32::MAX),
        hsa_id: info.hsa_id.unwrap_or(u32::MAX),
        hip_id: info.hip_id.unwrap_or(u32::MAX),
        hip_uuid: c_opt(&info.hip_uuid),
    }
}

/// DRM render and card minors, HSA id, HIP id and HIP UUID.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_enumeration_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_enumeration_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.enumeration_info(), enumeration_info_to_c)
}

/// `amdsmi_kfd_info_t` of a [`KfdInfo`]: missing values `UINT64_MAX`/`UINT32_MAX`, as AMD
/// initializes them.
fn kfd_info_to_c(info: &KfdInfo) -> amdsmi_kfd_info_t {
    amdsmi_kfd_info_t {
        kfd_id: info.kfd_id.unwrap_or(u64::MAX),
        node_id: info.node_id.unwrap_or(u32::MAX),
        current_partition_id: info.current_partition_id.unwrap_or(u32::MAX),
        ..amdsmi_kfd_info_t::ZERO
    }
}

/// KFD gpu id, node id and current partition id.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_kfd_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_kfd_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.kfd_info(), kfd_info_to_c)
}

/// The PCI revision id (sysfs `revision`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_revision(
    processor_handle: amdsmi_processor_handle,
    revision: *mut u16,
) -> amdsmi_status_t {
    write_out(revision, "revision", || hex_u16(&with_gpu(processor_handle, |g| g.revision())?))
}

/// The PCI subsystem device id (sysfs `subsystem_device`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_subsystem_id(
    processor_handle: amdsmi_processor_handle,
    id: *mut u16,
) -> amdsmi_status_t {
    write_out(id, "id", || hex_u16(&with_gpu(processor_handle, |g| g.subsystem_id())?))
}

/// The PCI subsystem name into `(name, len)` (see `write_text` for a short buffer).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_subsystem_name(
    processor_handle: amdsmi_processor_handle,
    name: *mut c_char,
    len: usize,
) -> amdsmi_status_t {
    status(|| {
        let text = with_gpu(processor_handle, |g| g.subsystem_name())?;
        write_text(name, len, &text, "name")
    })
}

/// The VRAM vendor into `(brand, len)` (see `write_text` for a short buffer).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_vram_vendor(
    processor_handle: amdsmi_processor_handle,
    brand: *mut c_char,
    len: u32,
) -> amdsmi_status_t {
    status(|| {
        let text = with_gpu(processor_handle, |g| g.vram_vendor())?;
        write_text(brand, len as usize, &text, "brand")
    })
}

/// `amdsmi_xgmi_info_t` of an [`XgmiInfo`]: the hive id; lanes, node id and index are not
/// available from the kernel and stay 0, as AMD's library leaves them (lanes wider than the
/// `uint8_t` field would saturate at 255).
fn xgmi_info_to_c(info: &XgmiInfo) -> amdsmi_xgmi_info_t {
    amdsmi_xgmi_info_t {
        xgmi_lanes: info.xgmi_lanes.map_or(0, |l| u8::try_from(l).unwrap_or(u8::MAX)),
        xgmi_hive_id: info.xgmi_hive_id,
        xgmi_node_id: info.xgmi_node_id.unwrap_or(0),
        index: info.index.unwrap_or(0),
        ..amdsmi_xgmi_info_t::ZERO
    }
}

/// The XGMI hive id (0: no hive).
#[no_mangle]
pub extern "C" fn amdsmi_get_xgmi_info(
    processor_handle: amdsmi_processor_handle,
    info: *mut amdsmi_xgmi_info_t,
) -> amdsmi_status_t {
    fill(processor_handle, info, "info", |g| g.xgmi_info(), xgmi_info_to_c)
}

/// The virtualization mode (`AMDSMI_VIRTUALIZATION_MODE_*`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_virtualization_mode(
    processor_handle: amdsmi_processor_handle,
    mode: *mut amdsmi_virtualization_mode_t,
) -> amdsmi_status_t {
    fill(processor_handle, mode, "mode", |g| g.virtualization_mode(), |v| v.mode.code())
}

/// The compute partition mode (`SPX`, `CPX`, ...) into `(compute_partition, len)` (see
/// `write_text` for a short buffer).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_compute_partition(
    processor_handle: amdsmi_processor_handle,
    compute_partition: *mut c_char,
    len: u32,
) -> amdsmi_status_t {
    status(|| {
        let text = with_gpu(processor_handle, |g| g.compute_partition())?;
        write_text(compute_partition, len as usize, &text, "compute_partition")
    })
}

/// The memory partition mode (`NPS1`, ...) into `(memory_partition, len)` (see `write_text`
/// for a short buffer).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_memory_partition(
    processor_handle: amdsmi_processor_handle,
    memory_partition: *mut c_char,
    len: u32,
) -> amdsmi_status_t {
    status(|| {
        let text = with_gpu(processor_handle, |g| g.memory_partition())?;
        write_text(memory_partition, len as usize, &text, "memory_partition")
    })
}

/// `amdsmi_nps_caps_t` of memory mode names (`NPS1`, `NPS2`, `NPS4`, `NPS8`; others ignored).
fn nps_caps(modes: &[String]) -> amdsmi_nps_caps_t {
    let has = |name: &str| modes.iter().any(|m| m == name);
    amdsmi_nps_caps_t::new(has("NPS1"), has("NPS2"), has("NPS4"), has("NPS8"))
}

/// The `amdsmi_accelerator_partition_type_t` of a mode name (`INVALID` for an unknown one): the
/// compute partition values, which 7.0.2 numbers alike.
fn partition_type(mode: &str) -> amdsmi_accelerator_partition_type_t {
    mode.parse().unwrap_or(AmdSmiComputePartitionType::Invalid).code()
}

/// `amdsmi_accelerator_partition_profile_t` of the current profile: `profile_index`
/// `UINT32_MAX` and `num_resources` 0 when not available; `resources` stay 0 (the package
/// does not read them).
fn partition_profile_to_c(profile: &AcceleratorPartitionProfile) -> amdsmi_accelerator_partition_profile_t {
    let p = &profile.partition_profile;
    amdsmi_accelerator_partition_profile_t {
        profile_type: partition_type(&p.profile_type),
        num_partitions: p.num_partitions,
        memory_caps: nps_caps(p.memory_caps.as_deref().unwrap_or(&[])),
        profile_index: p.profile_index.unwrap_or(u32::MAX),
        num_resources: p.num_resources.unwrap_or(0),
        ..amdsmi_accelerator_partition_profile_t::ZERO
    }
}

/// The current accelerator partition profile, and the processor's partition id in
/// `partition_id[0]` (the C signature gives no length: only the first element is written,
/// the one AMD's package reads).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_accelerator_partition_profile(
    processor_handle: amdsmi_processor_handle,
    profile: *mut amdsmi_accelerator_partition_profile_t,
    partition_id: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(profile, "profile")?;
        let id = Out::new(partition_id, "partition_id")?;
        let value = with_gpu(processor_handle, |g| g.accelerator_partition_profile())?;
        out.write(partition_profile_to_c(&value));
        id.write(value.partition_id.first().copied().unwrap_or(0));
        Ok(())
    })
}

/// `amdsmi_accelerator_partition_resource_profile_t` of one resource.
fn resource_profile_to_c(r: &AcceleratorResourceProfile) -> amdsmi_accelerator_partition_resource_profile_t {
    amdsmi_accelerator_partition_resource_profile_t {
        profile_index: r.profile_index,
        resource_type: r.resource_type.code(),
        partition_resource: r.partition_resource,
        num_partitions_share_resource: r.num_partitions_share_resource,
        ..amdsmi_accelerator_partition_resource_profile_t::ZERO
    }
}

/// One profile of a configuration (its `resources` matrix stays 0: the package does not read it).
fn profile_config_to_c(p: &AcceleratorProfileConfig) -> amdsmi_accelerator_partition_profile_t {
    amdsmi_accelerator_partition_profile_t {
        profile_type: p.profile_type.code(),
        num_partitions: p.num_partitions,
        memory_caps: nps_caps(&p.memory_caps),
        profile_index: p.profile_index,
        num_resources: p.num_resources,
        ..amdsmi_accelerator_partition_profile_t::ZERO
    }
}

/// `amdsmi_accelerator_partition_profile_config_t`: at most 32 profiles and 32 resource
/// profiles (the arrays); the counts say how many were written.
fn partition_config_to_c(c: &AcceleratorPartitionProfileConfig) -> amdsmi_accelerator_partition_profile_config_t {
    let mut out = amdsmi_accelerator_partition_profile_config_t::ZERO;
    for (slot, r) in out.resource_profiles.iter_mut().zip(&c.resource_profiles) {
        *slot = resource_profile_to_c(r);
    }
    for (slot, p) in out.profiles.iter_mut().zip(&c.profiles) {
        *slot = profile_config_to_c(p);
    }
    out.num_profiles = c.num_profiles.min(count32(AMDSMI_MAX_ACCELERATOR_PROFILE));
    out.num_resource_profiles = c.num_resource_profiles.min(count32(AMDSMI_MAX_CP_PROFILE_RESOURCES));
    out.default_profile_index = c.default_profile_index;
    out
}

/// Every accelerator partition profile with its memory modes and resources (walks the profiles
/// through `xcp_config`: root only).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_accelerator_partition_profile_config(
    processor_handle: amdsmi_processor_handle,
    profile_config: *mut amdsmi_accelerator_partition_profile_config_t,
) -> amdsmi_status_t {
    fill(
        processor_handle,
        profile_config,
        "profile_config",
        |g| g.accelerator_partition_profile_config(),
        partition_config_to_c,
    )
}

/// `amdsmi_memory_partition_config_t`: the supported modes and the current one (no NUMA ranges:
/// the package prints them `N/A`).
fn memory_partition_config_to_c(c: &MemoryPartitionConfig) -> amdsmi_memory_partition_config_t {
    amdsmi_memory_partition_config_t {
        partition_caps: nps_caps(&c.partition_caps),
        mp_mode: c.mp_mode.code(),
        ..amdsmi_memory_partition_config_t::ZERO
    }
}

/// The memory partition modes the GPU supports and its current one.
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_memory_partition_config(
    processor_handle: amdsmi_processor_handle,
    config: *mut amdsmi_memory_partition_config_t,
) -> amdsmi_status_t {
    fill(processor_handle, config, "config", |g| g.memory_partition_config(), memory_partition_config_to_c)
}

/// The build string of [`amdsmi_get_lib_version`], in static memory for the life of the process.
fn build_string(build: &str) -> &'static CString {
    static BUILD: OnceLock<CString> = OnceLock::new();
    BUILD.get_or_init(|| CString::new(build).unwrap_or_default())
}

/// The library's version (the crate version); `build` points at a static NUL-terminated string
/// the caller must not free. Needs no init.
#[no_mangle]
pub extern "C" fn amdsmi_get_lib_version(version: *mut amdsmi_version_t) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(version, "version")?;
        let v = amdsmi::amdsmi_get_lib_version()?;
        out.write(amdsmi_version_t {
            major: v.major,
            minor: v.minor,
            release: v.release,
            build: build_string(&v.build).as_ptr().cast_mut(),
        });
        Ok(())
    })
}

/// How many CPU sockets, CPU cores and GPUs the `*processor_count` handles of
/// `processor_handles` hold. Every pointer must be non-null (INVAL); a handle the library did
/// not issue is NOT_FOUND.
#[no_mangle]
pub extern "C" fn amdsmi_get_processor_count_from_handles(
    processor_handles: *mut amdsmi_processor_handle,
    processor_count: *mut u32,
    nr_cpusockets: *mut u32,
    nr_cpucores: *mut u32,
    nr_gpus: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let count = crate::ffi::read_count(processor_count, "processor_count")?;
        let (sockets, cores, gpus) = (
            Out::new(nr_cpusockets, "nr_cpusockets")?,
            Out::new(nr_cpucores, "nr_cpucores")?,
            Out::new(nr_gpus, "nr_gpus")?,
        );
        let raw = read_array(processor_handles.cast_const(), count, "processor_handles")?;
        let context = instance()?;
        let handles = raw
            .into_iter()
            .map(|h| {
                processor(h)
                    .filter(|&p| context.processor_type(p).is_ok())
                    .ok_or_else(|| Error::new(Status::NotFound).with_detail(format!("{h:p} is no processor handle")))
            })
            .collect::<Result<Vec<_>>>()?;
        let counts = context.processor_count_from_handles(&handles)?;
        sockets.write(counts.nr_cpusockets);
        cores.write(counts.nr_cpucores);
        gpus.write(counts.nr_gpus);
        Ok(())
    })
}

/// The processors of a socket whose type is `processor_type` (`AMDSMI_PROCESSOR_TYPE_*`; INVAL
/// for a value 7.0.2 does not define), in the list convention with AMD's argument order
/// `(buffer, count)`: NULL `processor_handles` asks for the count.
#[no_mangle]
pub extern "C" fn amdsmi_get_processor_handles_by_type(
    socket_handle: amdsmi_socket_handle,
    processor_type: processor_type_t,
    processor_handles: *mut amdsmi_processor_handle,
    processor_count: *mut u32,
) -> amdsmi_status_t {
    status(|| {
        let kind = enum_arg(processor_type, "processor type", AmdSmiProcessorType::from_code)?;
        let handles = with_socket(socket_handle, |c, s| c.processor_handles_by_type(s, kind))?;
        let handles: Vec<_> = handles.into_iter().map(processor_ptr).collect();
        fill_list(processor_count, processor_handles, &handles, "processor_count")
    })
}

/// The GPU's NUMA node as KFD sees it.
#[no_mangle]
pub extern "C" fn amdsmi_topo_get_numa_node_number(
    processor_handle: amdsmi_processor_handle,
    numa_node: *mut u32,
) -> amdsmi_status_t {
    fill(processor_handle, numa_node, "numa_node", |g| g.topo_numa_node_number(), |&n| n)
}

/// The device's `numa_node` (-1: no affinity).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_topo_numa_affinity(
    processor_handle: amdsmi_processor_handle,
    numa_node: *mut i32,
) -> amdsmi_status_t {
    fill(processor_handle, numa_node, "numa_node", |g| g.topo_numa_affinity(), |&n| n)
}

/// The CPUs close to the GPU for a scope (`AMDSMI_AFFINITY_SCOPE_*`) as 64-bit mask words (CPU
/// `n` = bit `n % 64` of word `n / 64`) into the caller's `cpu_set_size` words: the words that
/// fit are written and the rest of the caller's words zeroed. A mask with CPUs past the room is
/// INSUFFICIENT_SIZE (the words that fit are still written): AMD's package sizes the buffer by
/// sockets × cores per socket, which SMT siblings can exceed. `cpu_set_size` 0 or NULL
/// `cpu_set` is INVAL.
#[no_mangle]
pub extern "C" fn amdsmi_get_cpu_affinity_with_scope(
    processor_handle: amdsmi_processor_handle,
    cpu_set_size: u32,
    cpu_set: *mut u64,
    scope: amdsmi_affinity_scope_t,
) -> amdsmi_status_t {
    status(|| {
        if cpu_set.is_null() || cpu_set_size == 0 {
            return Err(Error::new(Status::Inval).with_detail("cpu_set is NULL or has no room"));
        }
        let scope = enum_arg(scope, "affinity scope", AmdSmiAffinityScope::from_code)?;
        let words = with_gpu(processor_handle, |g| g.cpu_affinity_with_scope(scope))?;
        let room = cpu_set_size as usize;
        let mut padded = words.clone();
        padded.resize(room.max(words.len()), 0);
        let written = write_array(cpu_set, room, &padded, "cpu_set")?.min(words.len());
        if words[written..].iter().any(|&w| w != 0) {
            return Err(Error::new(Status::InsufficientSize)
                .with_detail(format!("the mask needs {} words, {cpu_set_size} given", words.len())));
        }
        Ok(())
    })
}

/// The GPUs nearest to one over links of `link_type` (`AMDSMI_LINK_TYPE_*`; INVAL for a value
/// 7.0.2 does not define), nearest first, at most `AMDSMI_MAX_DEVICES` (32, the array): the 32
/// nearest are kept and `count` says 32. AMD's loop (`amd_smi.cc`/`topology_nearest.h`) bounds
/// its fill at `AMDSMI_MAX_DEVICES * AMDSMI_MAX_NUM_XCP` (256), past the end of 7.0.2's 32-entry
/// array; this library stops at the array's end instead of overrunning the caller's struct.
#[no_mangle]
pub extern "C" fn amdsmi_get_link_topology_nearest(
    processor_handle: amdsmi_processor_handle,
    link_type: amdsmi_link_type_t,
    topology_nearest_info: *mut amdsmi_topology_nearest_t,
) -> amdsmi_status_t {
    status(|| {
        let out = Out::new(topology_nearest_info, "topology_nearest_info")?;
        let link_type = enum_arg(link_type, "link type", AmdSmiLinkType::from_code)?;
        let nearest = with_gpu(processor_handle, |g| g.link_topology_nearest(link_type))?;
        let mut value = amdsmi_topology_nearest_t::ZERO;
        for (slot, &handle) in value.processor_list.iter_mut().zip(&nearest.processor_list) {
            *slot = processor_ptr(handle);
        }
        value.count = count32(nearest.processor_list.len().min(AMDSMI_MAX_DEVICES));
        out.write(value);
        Ok(())
    })
}

/// Runs `f` on the source and destination GPUs of a pair function (source checked first).
fn with_gpu_pair<T>(
    src: amdsmi_processor_handle,
    dst: amdsmi_processor_handle,
    f: impl FnOnce(&Gpu<'_>, &Gpu<'_>) -> Result<T>,
) -> Result<T> {
    with_gpu(src, |s| with_gpu(dst, |d| f(&s, &d)))
}

/// The weight (relative distance) of the connection between two GPUs.
#[no_mangle]
pub extern "C" fn amdsmi_topo_get_link_weight(
    processor_handle_src: amdsmi_processor_handle,
    processor_handle_dst: amdsmi_processor_handle,
    weight: *mut u64,
) -> amdsmi_status_t {
    write_out(weight, "weight", || {
        with_gpu_pair(processor_handle_src, processor_handle_dst, |s, d| s.topo_link_weight(d))
    })
}

/// Hops and link type (`AMDSMI_LINK_TYPE_*`) between two GPUs.
#[no_mangle]
pub extern "C" fn amdsmi_topo_get_link_type(
    processor_handle_src: amdsmi_processor_handle,
    processor_handle_dst: amdsmi_processor_handle,
    hops: *mut u64,
    r#type: *mut amdsmi_link_type_t,
) -> amdsmi_status_t {
    status(|| {
        let (hops, kind) = (Out::new(hops, "hops")?, Out::new(r#type, "type")?);
        let link = with_gpu_pair(processor_handle_src, processor_handle_dst, |s, d| s.topo_link_type(d))?;
        hops.write(link.hops);
        kind.write(link.link_type.code());
        Ok(())
    })
}

/// `amdsmi_p2p_capability_t`: 1/0, or `UINT8_MAX` when the link is not enabled (AMD's value).
fn p2p_cap_to_c(cap: &P2pCapability) -> amdsmi_p2p_capability_t {
    let flag = |f: Option<bool>| f.map_or(u8::MAX, u8::from);
    amdsmi_p2p_capability_t {
        is_iolink_coherent: flag(cap.is_iolink_coherent),
        is_iolink_atomics_32bit: flag(cap.is_iolink_atomics_32bit),
        is_iolink_atomics_64bit: flag(cap.is_iolink_atomics_64bit),
        is_iolink_dma: flag(cap.is_iolink_dma),
        is_iolink_bi_directional: flag(cap.is_iolink_bi_directional),
    }
}

/// Link type and peer-to-peer capabilities between two GPUs.
#[no_mangle]
pub extern "C" fn amdsmi_topo_get_p2p_status(
    processor_handle_src: amdsmi_processor_handle,
    processor_handle_dst: amdsmi_processor_handle,
    r#type: *mut amdsmi_link_type_t,
    cap: *mut amdsmi_p2p_capability_t,
) -> amdsmi_status_t {
    status(|| {
        let (kind, caps) = (Out::new(r#type, "type")?, Out::new(cap, "cap")?);
        let p2p = with_gpu_pair(processor_handle_src, processor_handle_dst, |s, d| s.topo_p2p_status(d))?;
        kind.write(p2p.link_type.code());
        caps.write(p2p_cap_to_c(&p2p.cap));
        Ok(())
    })
}

/// Whether the source GPU reaches the destination peer-to-peer.
#[no_mangle]
pub extern "C" fn amdsmi_is_P2P_accessible(
    processor_handle_src: amdsmi_processor_handle,
    processor_handle_dst: amdsmi_processor_handle,
    are_p2p_accessible: *mut bool,
) -> amdsmi_status_t {
    write_out(are_p2p_accessible, "are_p2p_accessible", || {
        with_gpu_pair(processor_handle_src, processor_handle_dst, |s, d| s.is_p2p_accessible(d))
    })
}

/// Minimum and maximum bandwidth of the XGMI link between two GPUs, MB/s.
#[no_mangle]
pub extern "C" fn amdsmi_get_minmax_bandwidth_between_processors(
    processor_handle_src: amdsmi_processor_handle,
    processor_handle_dst: amdsmi_processor_handle,
    min_bandwidth: *mut u64,
    max_bandwidth: *mut u64,
) -> amdsmi_status_t {
    status(|| {
        let (min, max) = (Out::new(min_bandwidth, "min_bandwidth")?, Out::new(max_bandwidth, "max_bandwidth")?);
        let bw = with_gpu_pair(processor_handle_src, processor_handle_dst, |s, d| s.minmax_bandwidth(d))?;
        min.write(bw.min_bandwidth);
        max.write(bw.max_bandwidth);
        Ok(())
    })
}

/// One `_links` entry: a peer not known is the all-ones BDF, missing speeds `UINT32_MAX` and
/// missing totals `UINT64_MAX`, as AMD's library fills them.
fn link_to_c(link: &LinkMetric) -> _links {
    _links {
        bdf: link.bdf.map_or(amdsmi_bdf_t { as_uint: u64::MAX }, bdf_to_c),
        bit_rate: link.bit_rate.unwrap_or(u32::MAX),
        max_bandwidth: link.max_bandwidth.unwrap_or(u32::MAX),
        link_type: link.link_type.code(),
        read: link.read.unwrap_or(u64::MAX),
        write: link.write.unwrap_or(u64::MAX),
        ..amdsmi_link_metrics_t::ZERO.links[0]
    }
}

/// `amdsmi_link_metrics_t` of [`LinkMetrics`]: the Rust API's links (8) from the start of the
/// 64-entry array, the rest zero.
fn link_metrics_to_c(m: &LinkMetrics) -> amdsmi_link_metrics_t {
    let mut out = amdsmi_link_metrics_t::ZERO;
    for (slot, link) in out.links.iter_mut().zip(&m.links) {
        *slot = link_to_c(link);
    }
    out.num_links = m.num_links.min(count32(AMDSMI_MAX_NUM_XGMI_PHYSICAL_LINK));
    out
}

/// Per-link XGMI traffic (KB), speed (Gb/s) and peers.
#[no_mangle]
pub extern "C" fn amdsmi_get_link_metrics(
    processor_handle: amdsmi_processor_handle,
    link_metrics: *mut amdsmi_link_metrics_t,
) -> amdsmi_status_t {
    fill(processor_handle, link_metrics, "link_metrics", |g| g.link_metrics(), link_metrics_to_c)
}

/// `amdsmi_xgmi_link_status_t` of [`XgmiLinkStatus`] (at most 8 links, the array).
fn xgmi_link_status_to_c(s: &XgmiLinkStatus) -> amdsmi_xgmi_link_status_t {
    let mut out = amdsmi_xgmi_link_status_t::ZERO;
    for (slot, state) in out.status.iter_mut().zip(&s.status) {
        *slot = state.code();
    }
    out.total_links = s.total_links.min(count32(AMDSMI_MAX_NUM_XGMI_LINKS));
    out
}

/// The state of each XGMI link (`AMDSMI_XGMI_LINK_*`).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_xgmi_link_status(
    processor_handle: amdsmi_processor_handle,
    link_status: *mut amdsmi_xgmi_link_status_t,
) -> amdsmi_status_t {
    fill(processor_handle, link_status, "link_status", |g| g.xgmi_link_status(), xgmi_link_status_to_c)
}

/// The number of XCDs working (gpu_metrics `current_gfxclks` set).
#[no_mangle]
pub extern "C" fn amdsmi_get_gpu_xcd_counter(
    processor_handle: amdsmi_processor_handle,
    xcd_count: *mut u16,
) -> amdsmi_status_t {
    fill(processor_handle, xcd_count, "xcd_count", |g| g.xcd_counter(), |&n| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids_parse_or_are_unexpected_data() {
        assert_eq!(hex_u16("0x440e").unwrap(), 0x440e);
        assert_eq!(hex_u16("0x1ffff").unwrap_err().status(), Status::UnexpectedData);
    }

    #[test]
    fn fw_versions_read_back_as_numbers() {
        // The Rust API's texts of rx6900xt's fw_version files (smc 0x003a5600, sos 0x00210864,
        // mec 0x68) and of a 36-bit VCN version.
        assert_eq!(fw_version_value("AMDSMI_FW_ID_PM", "00.58.86.00"), Some(0x003a_5600));
        assert_eq!(fw_version_value("AMDSMI_FW_ID_PSP_SOSDRV", "00.21.08.64"), Some(0x0021_0864));
        assert_eq!(fw_version_value("AMDSMI_FW_ID_CP_MEC1", "104"), Some(0x68));
        assert_eq!(fw_version_value("AMDSMI_FW_ID_VCN", "10.00.00.00.0"), Some(0x1_0000_0000));
        assert_eq!(fw_version_value("AMDSMI_FW_ID_PM", "00.300.00.00"), None, "not a byte");
    }
}

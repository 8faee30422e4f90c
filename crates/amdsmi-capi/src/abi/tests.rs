//! Tests of the ABI module: the generated layouts are those of the generator, the spot sizes and
//! enumerators issue 12 names, the enumerators agree with the library's enums, the header is the
//! one cbindgen writes, and a C program compiles against it.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// The crate directory (`crates/amdsmi-capi`).
fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The repository root.
fn repo_dir() -> PathBuf {
    crate_dir().join("../..")
}

/// `amdsmi-7.0.2-abi-layouts.txt`, in `../shared/reference/` beside the repository.
fn layouts_txt() -> PathBuf {
    repo_dir().join("../shared/reference/amdsmi-7.0.2-abi-layouts.txt")
}

/// Whether `program --version` runs; the tests that need a tool skip with a message without it.
fn have(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        eprintln!("SKIPPED: `{program}` is not installed");
    }
    found
}

#[test]
fn layouts_rs_is_the_generators_output() {
    if !have("python3") {
        return;
    }
    let out = Command::new("python3")
        .arg(repo_dir().join("tools/gen-abi.py"))
        .arg(layouts_txt())
        .args(["--out", "-"])
        .output()
        .expect("run tools/gen-abi.py");
    assert!(out.status.success(), "gen-abi.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let committed = std::fs::read_to_string(crate_dir().join("src/abi/layouts.rs")).expect("read layouts.rs");
    assert!(
        String::from_utf8_lossy(&out.stdout) == committed,
        "src/abi/layouts.rs is stale: run `python3 tools/gen-abi.py ../shared/reference/amdsmi-7.0.2-abi-layouts.txt`"
    );
}

/// The sizes issue 12 names, from `amdsmi-7.0.2-abi-layouts.txt` and the wrapper's enum widths.
#[test]
fn sizes_named_in_the_issue() {
    use core::mem::size_of;
    // `amdsmi_gpu_block_t = ctypes.c_uint64`, `amdsmi_power_profile_preset_masks_t = ctypes.c_uint64`.
    assert_eq!(size_of::<amdsmi_gpu_block_t>(), 8);
    assert_eq!(size_of::<amdsmi_power_profile_preset_masks_t>(), 8);
    assert_eq!(size_of::<amdsmi_cper_notify_type_t>(), 8);
    assert_eq!(size_of::<amdsmi_clk_type_t>(), 4);
    assert_eq!(size_of::<amdsmi_status_t>(), 4);
    assert_eq!(size_of::<amdsmi_link_metrics_t>(), 3648);
    assert_eq!(size_of::<amdsmi_accelerator_partition_profile_config_t>(), 39168);
    assert_eq!(size_of::<amdsmi_gpu_metrics_t>(), 4544);
    assert_eq!(size_of::<amdsmi_asic_info_t>(), 896);
    assert_eq!(size_of::<amdsmi_bdf_t>(), 8);
    assert_eq!(size_of::<amdsmi_processor_handle>(), 8);
    // Packed in AMD's header: members at 4-byte (HSMP table) and 2-byte (CPER header) offsets.
    assert_eq!(core::mem::align_of::<amdsmi_hsmp_metrics_table_t>(), 1);
    assert_eq!(core::mem::offset_of!(amdsmi_hsmp_metrics_table_t, timestamp), 52);
    assert_eq!(core::mem::offset_of!(amdsmi_cper_hdr_t, persistence_info), 108);
}

#[test]
fn zero_is_every_byte_zero() {
    let z = amdsmi_gpu_metrics_t::ZERO;
    assert_eq!(z.common_header.structure_size, 0);
    assert_eq!(z.xcp_stats[7].gfx_below_host_limit_total_acc[7], 0);
    assert!(amdsmi_topology_nearest_t::ZERO.processor_list.iter().all(|p| p.is_null()));
    assert!(amdsmi_version_t::ZERO.build.is_null());
    let frequencies = amdsmi_frequencies_t::ZERO;
    assert!(!frequencies.has_deep_sleep);
}

/// Enumerators with gaps and aliases, as in the wrapper's enum tables.
#[test]
fn enumerators_with_gaps() {
    assert_eq!(AMDSMI_INIT_ALL_PROCESSORS, 0xFFFF_FFFF);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE_PLX, 7);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_FIRST, 100);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_LAST, 149);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_FIRST, 150);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDIO_11_E32, 162);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE_BASEBOARD_FIRST, 200);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE_BASEBOARD_IBC, 222);
    assert_eq!(AMDSMI_TEMPERATURE_TYPE__MAX, 249);
    assert_eq!(AMDSMI_DEV_PERF_LEVEL_DETERMINISM, 8);
    assert_eq!(AMDSMI_DEV_PERF_LEVEL_UNKNOWN, 0x100);
    assert_eq!(AMDSMI_MEMORY_PARTITION_NPS4, 4);
    assert_eq!(AMDSMI_MEMORY_PARTITION_NPS8, 8);
    assert_eq!(AMDSMI_VRAM_TYPE_DDR2, 10);
    assert_eq!(AMDSMI_VRAM_TYPE_GDDR1, 17);
    assert_eq!(AMDSMI_FW_ID_SMU, 1);
    assert_eq!(AMDSMI_FW_ID_PLDM_BUNDLE, 79);
    assert_eq!(AMDSMI_GPU_BLOCK_RESERVED, 1 << 63);
    assert_eq!(AMDSMI_PWR_PROF_PRST_INVALID, u64::MAX);
    assert_eq!(AMDSMI_STATUS_NOT_SUPPORTED, 2);
    assert_eq!(AMDSMI_STATUS_BUSY, 30);
    assert_eq!(AMDSMI_STATUS_MORE_DATA, 39);
    assert_eq!(AMDSMI_STATUS_CORRUPTED_EEPROM, 56);
    assert_eq!(AMDSMI_STATUS_MAP_ERROR, 0xFFFF_FFFE);
}

/// The array sizes of AMD's header are the lengths of the arrays they size in the layouts.
#[test]
fn array_sizes_match_the_layouts() {
    let metrics = amdsmi_gpu_metrics_t::ZERO;
    let xcp = metrics.xcp_stats[0];
    let profiles = amdsmi_accelerator_partition_profile_config_t::ZERO;
    let sizes = [
        (AMDSMI_MAX_STRING_LENGTH, amdsmi_asic_info_t::ZERO.market_name.len()),
        (AMDSMI_MAX_STRING_LENGTH, amdsmi_board_info_t::ZERO.product_name.len()),
        (AMDSMI_MAX_DEVICES, amdsmi_topology_nearest_t::ZERO.processor_list.len()),
        (AMDSMI_MAX_CACHE_TYPES, amdsmi_gpu_cache_info_t::ZERO.cache.len()),
        (AMDSMI_MAX_ACCELERATOR_PROFILE, profiles.profiles.len()),
        (AMDSMI_MAX_CP_PROFILE_RESOURCES, profiles.resource_profiles.len()),
        (AMDSMI_MAX_CP_PROFILE_RESOURCES, profiles.profiles[0].resources.len()),
        (AMDSMI_MAX_ACCELERATOR_PARTITIONS, profiles.profiles[0].resources[0].len()),
        (AMDSMI_MAX_NUM_NUMA_NODES, amdsmi_memory_partition_config_t::ZERO.numa_range.len()),
        (AMDSMI_MAX_NUM_XGMI_PHYSICAL_LINK, amdsmi_link_metrics_t::ZERO.links.len()),
        (AMDSMI_MAX_NUM_PM_POLICIES, amdsmi_dpm_policy_t::ZERO.policies.len()),
        (AMDSMI_MAX_NUM_FREQUENCIES, amdsmi_frequencies_t::ZERO.frequency.len()),
        (AMDSMI_NUM_VOLTAGE_CURVE_POINTS, amdsmi_od_volt_curve_t::ZERO.vc_points.len()),
        (AMDSMI_NUM_HBM_INSTANCES, metrics.temperature_hbm.len()),
        (AMDSMI_MAX_NUM_VCN, metrics.vcn_activity.len()),
        (AMDSMI_MAX_NUM_CLKS, metrics.current_socclks.len()),
        (AMDSMI_MAX_NUM_XGMI_LINKS, metrics.xgmi_read_data_acc.len()),
        (AMDSMI_MAX_NUM_XGMI_LINKS, amdsmi_xgmi_link_status_t::ZERO.status.len()),
        (AMDSMI_MAX_NUM_GFX_CLKS, metrics.current_gfxclks.len()),
        (AMDSMI_MAX_NUM_JPEG, metrics.jpeg_activity.len()),
        (AMDSMI_MAX_NUM_JPEG_ENG_V1, xcp.jpeg_busy.len()),
        (AMDSMI_MAX_NUM_XCC, xcp.gfx_busy_inst.len()),
        (AMDSMI_MAX_NUM_XCP, metrics.xcp_stats.len()),
    ];
    for (i, (constant, array)) in sizes.into_iter().enumerate() {
        assert_eq!(constant, array, "entry {i}");
    }
}

#[test]
fn bitfield_accessors() {
    // 0000:c1:00.0, and a domain and function that use every bit of their fields.
    let bdf = amdsmi_bdf_t::new(0, 0xc1, 0, 0);
    assert_eq!(bdf.as_uint, 0xc100);
    let bdf = amdsmi_bdf_t::new(0xFFFF_FFFF_FFFF, 0x12, 0x1F, 7);
    assert_eq!(bdf.as_uint, 0xFFFF_FFFF_FFFF_12FF);
    assert_eq!(
        (bdf.domain_number(), bdf.bus_number(), bdf.device_number(), bdf.function_number()),
        (0xFFFF_FFFF_FFFF, 0x12, 0x1F, 7)
    );
    assert_eq!(amdsmi_nps_caps_t::new(true, false, true, true).nps_cap_mask, 0b1101);
    assert_eq!(amdsmi_cper_valid_bits_t::new(true, false, true).valid_mask, 0b101);
    assert_eq!(amdsmi_temp_range_refresh_rate_t::new(5, 1).bits, 0b1101);
    assert_eq!(amdsmi_temp_range_refresh_rate_t::new(0xFF, 0).bits, 0b0111);
}

/// Every enumerator of `enums.rs` and every status: (C typedef, C name, value).
const ENUMERATORS: &[(&str, &str, u64)] = &[
    ("amdsmi_status_t", "AMDSMI_STATUS_SUCCESS", AMDSMI_STATUS_SUCCESS as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_INVAL", AMDSMI_STATUS_INVAL as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NOT_SUPPORTED", AMDSMI_STATUS_NOT_SUPPORTED as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NOT_YET_IMPLEMENTED", AMDSMI_STATUS_NOT_YET_IMPLEMENTED as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_FAIL_LOAD_MODULE", AMDSMI_STATUS_FAIL_LOAD_MODULE as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_FAIL_LOAD_SYMBOL", AMDSMI_STATUS_FAIL_LOAD_SYMBOL as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_DRM_ERROR", AMDSMI_STATUS_DRM_ERROR as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_API_FAILED", AMDSMI_STATUS_API_FAILED as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_TIMEOUT", AMDSMI_STATUS_TIMEOUT as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_RETRY", AMDSMI_STATUS_RETRY as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_PERM", AMDSMI_STATUS_NO_PERM as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_INTERRUPT", AMDSMI_STATUS_INTERRUPT as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_IO", AMDSMI_STATUS_IO as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_ADDRESS_FAULT", AMDSMI_STATUS_ADDRESS_FAULT as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_FILE_ERROR", AMDSMI_STATUS_FILE_ERROR as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_OUT_OF_RESOURCES", AMDSMI_STATUS_OUT_OF_RESOURCES as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_INTERNAL_EXCEPTION", AMDSMI_STATUS_INTERNAL_EXCEPTION as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_INPUT_OUT_OF_BOUNDS", AMDSMI_STATUS_INPUT_OUT_OF_BOUNDS as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_INIT_ERROR", AMDSMI_STATUS_INIT_ERROR as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_REFCOUNT_OVERFLOW", AMDSMI_STATUS_REFCOUNT_OVERFLOW as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_DIRECTORY_NOT_FOUND", AMDSMI_STATUS_DIRECTORY_NOT_FOUND as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_BUSY", AMDSMI_STATUS_BUSY as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NOT_FOUND", AMDSMI_STATUS_NOT_FOUND as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NOT_INIT", AMDSMI_STATUS_NOT_INIT as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_SLOT", AMDSMI_STATUS_NO_SLOT as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_DRIVER_NOT_LOADED", AMDSMI_STATUS_DRIVER_NOT_LOADED as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_MORE_DATA", AMDSMI_STATUS_MORE_DATA as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_DATA", AMDSMI_STATUS_NO_DATA as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_INSUFFICIENT_SIZE", AMDSMI_STATUS_INSUFFICIENT_SIZE as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_UNEXPECTED_SIZE", AMDSMI_STATUS_UNEXPECTED_SIZE as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_UNEXPECTED_DATA", AMDSMI_STATUS_UNEXPECTED_DATA as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NON_AMD_CPU", AMDSMI_STATUS_NON_AMD_CPU as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_ENERGY_DRV", AMDSMI_STATUS_NO_ENERGY_DRV as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_MSR_DRV", AMDSMI_STATUS_NO_MSR_DRV as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_HSMP_DRV", AMDSMI_STATUS_NO_HSMP_DRV as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_HSMP_SUP", AMDSMI_STATUS_NO_HSMP_SUP as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_HSMP_MSG_SUP", AMDSMI_STATUS_NO_HSMP_MSG_SUP as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_HSMP_TIMEOUT", AMDSMI_STATUS_HSMP_TIMEOUT as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_NO_DRV", AMDSMI_STATUS_NO_DRV as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_FILE_NOT_FOUND", AMDSMI_STATUS_FILE_NOT_FOUND as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_ARG_PTR_NULL", AMDSMI_STATUS_ARG_PTR_NULL as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_AMDGPU_RESTART_ERR", AMDSMI_STATUS_AMDGPU_RESTART_ERR as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_SETTING_UNAVAILABLE", AMDSMI_STATUS_SETTING_UNAVAILABLE as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_CORRUPTED_EEPROM", AMDSMI_STATUS_CORRUPTED_EEPROM as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_MAP_ERROR", AMDSMI_STATUS_MAP_ERROR as u64),
    ("amdsmi_status_t", "AMDSMI_STATUS_UNKNOWN_ERROR", AMDSMI_STATUS_UNKNOWN_ERROR as u64),
    ("amdsmi_init_flags_t", "AMDSMI_INIT_ALL_PROCESSORS", AMDSMI_INIT_ALL_PROCESSORS as u64),
    ("amdsmi_init_flags_t", "AMDSMI_INIT_AMD_CPUS", AMDSMI_INIT_AMD_CPUS as u64),
    ("amdsmi_init_flags_t", "AMDSMI_INIT_AMD_GPUS", AMDSMI_INIT_AMD_GPUS as u64),
    ("amdsmi_init_flags_t", "AMDSMI_INIT_NON_AMD_CPUS", AMDSMI_INIT_NON_AMD_CPUS as u64),
    ("amdsmi_init_flags_t", "AMDSMI_INIT_NON_AMD_GPUS", AMDSMI_INIT_NON_AMD_GPUS as u64),
    ("amdsmi_init_flags_t", "AMDSMI_INIT_AMD_APUS", AMDSMI_INIT_AMD_APUS as u64),
    ("amdsmi_mm_ip_t", "AMDSMI_MM_UVD", AMDSMI_MM_UVD as u64),
    ("amdsmi_mm_ip_t", "AMDSMI_MM_VCE", AMDSMI_MM_VCE as u64),
    ("amdsmi_mm_ip_t", "AMDSMI_MM_VCN", AMDSMI_MM_VCN as u64),
    ("amdsmi_mm_ip_t", "AMDSMI_MM__MAX", AMDSMI_MM__MAX as u64),
    ("amdsmi_container_types_t", "AMDSMI_CONTAINER_LXC", AMDSMI_CONTAINER_LXC as u64),
    ("amdsmi_container_types_t", "AMDSMI_CONTAINER_DOCKER", AMDSMI_CONTAINER_DOCKER as u64),
    ("processor_type_t", "AMDSMI_PROCESSOR_TYPE_UNKNOWN", AMDSMI_PROCESSOR_TYPE_UNKNOWN as u64),
    ("processor_type_t", "AMDSMI_PROCESSOR_TYPE_AMD_GPU", AMDSMI_PROCESSOR_TYPE_AMD_GPU as u64),
    ("processor_type_t", "AMDSMI_PROCESSOR_TYPE_AMD_CPU", AMDSMI_PROCESSOR_TYPE_AMD_CPU as u64),
    ("processor_type_t", "AMDSMI_PROCESSOR_TYPE_NON_AMD_GPU", AMDSMI_PROCESSOR_TYPE_NON_AMD_GPU as u64),
    ("processor_type_t", "AMDSMI_PROCESSOR_TYPE_NON_AMD_CPU", AMDSMI_PROCESSOR_TYPE_NON_AMD_CPU as u64),
    ("processor_type_t", "AMDSMI_PROCESSOR_TYPE_AMD_CPU_CORE", AMDSMI_PROCESSOR_TYPE_AMD_CPU_CORE as u64),
    ("processor_type_t", "AMDSMI_PROCESSOR_TYPE_AMD_APU", AMDSMI_PROCESSOR_TYPE_AMD_APU as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_SYS", AMDSMI_CLK_TYPE_SYS as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_FIRST", AMDSMI_CLK_TYPE_FIRST as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_GFX", AMDSMI_CLK_TYPE_GFX as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_DF", AMDSMI_CLK_TYPE_DF as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_DCEF", AMDSMI_CLK_TYPE_DCEF as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_SOC", AMDSMI_CLK_TYPE_SOC as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_MEM", AMDSMI_CLK_TYPE_MEM as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_PCIE", AMDSMI_CLK_TYPE_PCIE as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_VCLK0", AMDSMI_CLK_TYPE_VCLK0 as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_VCLK1", AMDSMI_CLK_TYPE_VCLK1 as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_DCLK0", AMDSMI_CLK_TYPE_DCLK0 as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_DCLK1", AMDSMI_CLK_TYPE_DCLK1 as u64),
    ("amdsmi_clk_type_t", "AMDSMI_CLK_TYPE__MAX", AMDSMI_CLK_TYPE__MAX as u64),
    (
        "amdsmi_accelerator_partition_type_t",
        "AMDSMI_ACCELERATOR_PARTITION_INVALID",
        AMDSMI_ACCELERATOR_PARTITION_INVALID as u64,
    ),
    (
        "amdsmi_accelerator_partition_type_t",
        "AMDSMI_ACCELERATOR_PARTITION_SPX",
        AMDSMI_ACCELERATOR_PARTITION_SPX as u64,
    ),
    (
        "amdsmi_accelerator_partition_type_t",
        "AMDSMI_ACCELERATOR_PARTITION_DPX",
        AMDSMI_ACCELERATOR_PARTITION_DPX as u64,
    ),
    (
        "amdsmi_accelerator_partition_type_t",
        "AMDSMI_ACCELERATOR_PARTITION_TPX",
        AMDSMI_ACCELERATOR_PARTITION_TPX as u64,
    ),
    (
        "amdsmi_accelerator_partition_type_t",
        "AMDSMI_ACCELERATOR_PARTITION_QPX",
        AMDSMI_ACCELERATOR_PARTITION_QPX as u64,
    ),
    (
        "amdsmi_accelerator_partition_type_t",
        "AMDSMI_ACCELERATOR_PARTITION_CPX",
        AMDSMI_ACCELERATOR_PARTITION_CPX as u64,
    ),
    (
        "amdsmi_accelerator_partition_type_t",
        "AMDSMI_ACCELERATOR_PARTITION_MAX",
        AMDSMI_ACCELERATOR_PARTITION_MAX as u64,
    ),
    ("amdsmi_accelerator_partition_resource_type_t", "AMDSMI_ACCELERATOR_XCC", AMDSMI_ACCELERATOR_XCC as u64),
    ("amdsmi_accelerator_partition_resource_type_t", "AMDSMI_ACCELERATOR_ENCODER", AMDSMI_ACCELERATOR_ENCODER as u64),
    ("amdsmi_accelerator_partition_resource_type_t", "AMDSMI_ACCELERATOR_DECODER", AMDSMI_ACCELERATOR_DECODER as u64),
    ("amdsmi_accelerator_partition_resource_type_t", "AMDSMI_ACCELERATOR_DMA", AMDSMI_ACCELERATOR_DMA as u64),
    ("amdsmi_accelerator_partition_resource_type_t", "AMDSMI_ACCELERATOR_JPEG", AMDSMI_ACCELERATOR_JPEG as u64),
    ("amdsmi_accelerator_partition_resource_type_t", "AMDSMI_ACCELERATOR_MAX", AMDSMI_ACCELERATOR_MAX as u64),
    ("amdsmi_compute_partition_type_t", "AMDSMI_COMPUTE_PARTITION_INVALID", AMDSMI_COMPUTE_PARTITION_INVALID as u64),
    ("amdsmi_compute_partition_type_t", "AMDSMI_COMPUTE_PARTITION_SPX", AMDSMI_COMPUTE_PARTITION_SPX as u64),
    ("amdsmi_compute_partition_type_t", "AMDSMI_COMPUTE_PARTITION_DPX", AMDSMI_COMPUTE_PARTITION_DPX as u64),
    ("amdsmi_compute_partition_type_t", "AMDSMI_COMPUTE_PARTITION_TPX", AMDSMI_COMPUTE_PARTITION_TPX as u64),
    ("amdsmi_compute_partition_type_t", "AMDSMI_COMPUTE_PARTITION_QPX", AMDSMI_COMPUTE_PARTITION_QPX as u64),
    ("amdsmi_compute_partition_type_t", "AMDSMI_COMPUTE_PARTITION_CPX", AMDSMI_COMPUTE_PARTITION_CPX as u64),
    ("amdsmi_memory_partition_type_t", "AMDSMI_MEMORY_PARTITION_UNKNOWN", AMDSMI_MEMORY_PARTITION_UNKNOWN as u64),
    ("amdsmi_memory_partition_type_t", "AMDSMI_MEMORY_PARTITION_NPS1", AMDSMI_MEMORY_PARTITION_NPS1 as u64),
    ("amdsmi_memory_partition_type_t", "AMDSMI_MEMORY_PARTITION_NPS2", AMDSMI_MEMORY_PARTITION_NPS2 as u64),
    ("amdsmi_memory_partition_type_t", "AMDSMI_MEMORY_PARTITION_NPS4", AMDSMI_MEMORY_PARTITION_NPS4 as u64),
    ("amdsmi_memory_partition_type_t", "AMDSMI_MEMORY_PARTITION_NPS8", AMDSMI_MEMORY_PARTITION_NPS8 as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_EDGE", AMDSMI_TEMPERATURE_TYPE_EDGE as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_FIRST", AMDSMI_TEMPERATURE_TYPE_FIRST as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_HOTSPOT", AMDSMI_TEMPERATURE_TYPE_HOTSPOT as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_JUNCTION", AMDSMI_TEMPERATURE_TYPE_JUNCTION as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_VRAM", AMDSMI_TEMPERATURE_TYPE_VRAM as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_HBM_0", AMDSMI_TEMPERATURE_TYPE_HBM_0 as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_HBM_1", AMDSMI_TEMPERATURE_TYPE_HBM_1 as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_HBM_2", AMDSMI_TEMPERATURE_TYPE_HBM_2 as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_HBM_3", AMDSMI_TEMPERATURE_TYPE_HBM_3 as u64),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_PLX", AMDSMI_TEMPERATURE_TYPE_PLX as u64),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_FIRST",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_FIRST as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_RETIMER_X",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_RETIMER_X as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_IBC",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_IBC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_IBC_2",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_IBC_2 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_VDD18_VR",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_VDD18_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_04_HBM_B_VR",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_04_HBM_B_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_04_HBM_D_VR",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_04_HBM_D_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_LAST",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_LAST as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_FIRST",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_FIRST as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD0",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD0 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD1",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD1 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD2",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD2 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD3",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD3 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOC_A",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOC_A as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOC_C",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOC_C as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOCIO_A",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOCIO_A as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOCIO_C",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOCIO_C as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDD_085_HBM",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDD_085_HBM as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_11_HBM_B",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_11_HBM_B as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_11_HBM_D",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_11_HBM_D as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDD_USR",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDD_USR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDIO_11_E32",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDIO_11_E32 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_LAST",
        AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_LAST as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_FIRST",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_FIRST as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FRONT",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FRONT as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_BACK",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_BACK as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_OAM7",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_OAM7 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_IBC",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_IBC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_UFPGA",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_UFPGA as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_OAM1",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_OAM1 as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_0_1_HSC",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_0_1_HSC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_2_3_HSC",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_2_3_HSC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_4_5_HSC",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_4_5_HSC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_6_7_HSC",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_6_7_HSC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA_0V72_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA_0V72_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA_3V3_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA_3V3_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_0_1_2_3_1V2_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_0_1_2_3_1V2_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_4_5_6_7_1V2_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_4_5_6_7_1V2_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_0_1_0V9_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_0_1_0V9_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_4_5_0V9_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_4_5_0V9_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_2_3_0V9_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_2_3_0V9_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_6_7_0V9_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_6_7_0V9_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_0_1_2_3_3V3_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_0_1_2_3_3V3_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_4_5_6_7_3V3_VR",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_4_5_6_7_3V3_VR as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_IBC_HSC",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_IBC_HSC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_IBC",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_IBC as u64,
    ),
    (
        "amdsmi_temperature_type_t",
        "AMDSMI_TEMPERATURE_TYPE_BASEBOARD_LAST",
        AMDSMI_TEMPERATURE_TYPE_BASEBOARD_LAST as u64,
    ),
    ("amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE__MAX", AMDSMI_TEMPERATURE_TYPE__MAX as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SMU", AMDSMI_FW_ID_SMU as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_FIRST", AMDSMI_FW_ID_FIRST as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_CE", AMDSMI_FW_ID_CP_CE as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_PFP", AMDSMI_FW_ID_CP_PFP as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_ME", AMDSMI_FW_ID_CP_ME as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_MEC_JT1", AMDSMI_FW_ID_CP_MEC_JT1 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_MEC_JT2", AMDSMI_FW_ID_CP_MEC_JT2 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_MEC1", AMDSMI_FW_ID_CP_MEC1 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_MEC2", AMDSMI_FW_ID_CP_MEC2 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC", AMDSMI_FW_ID_RLC as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA0", AMDSMI_FW_ID_SDMA0 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA1", AMDSMI_FW_ID_SDMA1 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA2", AMDSMI_FW_ID_SDMA2 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA3", AMDSMI_FW_ID_SDMA3 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA4", AMDSMI_FW_ID_SDMA4 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA5", AMDSMI_FW_ID_SDMA5 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA6", AMDSMI_FW_ID_SDMA6 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA7", AMDSMI_FW_ID_SDMA7 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_VCN", AMDSMI_FW_ID_VCN as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_UVD", AMDSMI_FW_ID_UVD as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_VCE", AMDSMI_FW_ID_VCE as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_ISP", AMDSMI_FW_ID_ISP as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_DMCU_ERAM", AMDSMI_FW_ID_DMCU_ERAM as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_DMCU_ISR", AMDSMI_FW_ID_DMCU_ISR as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_RESTORE_LIST_GPM_MEM", AMDSMI_FW_ID_RLC_RESTORE_LIST_GPM_MEM as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_RESTORE_LIST_SRM_MEM", AMDSMI_FW_ID_RLC_RESTORE_LIST_SRM_MEM as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_RESTORE_LIST_CNTL", AMDSMI_FW_ID_RLC_RESTORE_LIST_CNTL as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_V", AMDSMI_FW_ID_RLC_V as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_MMSCH", AMDSMI_FW_ID_MMSCH as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_SYSDRV", AMDSMI_FW_ID_PSP_SYSDRV as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_SOSDRV", AMDSMI_FW_ID_PSP_SOSDRV as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_TOC", AMDSMI_FW_ID_PSP_TOC as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_KEYDB", AMDSMI_FW_ID_PSP_KEYDB as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_DFC", AMDSMI_FW_ID_DFC as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_SPL", AMDSMI_FW_ID_PSP_SPL as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_DRV_CAP", AMDSMI_FW_ID_DRV_CAP as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_MC", AMDSMI_FW_ID_MC as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_BL", AMDSMI_FW_ID_PSP_BL as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_PM4", AMDSMI_FW_ID_CP_PM4 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_P", AMDSMI_FW_ID_RLC_P as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SEC_POLICY_STAGE2", AMDSMI_FW_ID_SEC_POLICY_STAGE2 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_REG_ACCESS_WHITELIST", AMDSMI_FW_ID_REG_ACCESS_WHITELIST as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_IMU_DRAM", AMDSMI_FW_ID_IMU_DRAM as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_IMU_IRAM", AMDSMI_FW_ID_IMU_IRAM as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA_TH0", AMDSMI_FW_ID_SDMA_TH0 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_SDMA_TH1", AMDSMI_FW_ID_SDMA_TH1 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_CP_MES", AMDSMI_FW_ID_CP_MES as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_MES_KIQ", AMDSMI_FW_ID_MES_KIQ as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_MES_STACK", AMDSMI_FW_ID_MES_STACK as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_MES_THREAD1", AMDSMI_FW_ID_MES_THREAD1 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_MES_THREAD1_STACK", AMDSMI_FW_ID_MES_THREAD1_STACK as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLX6", AMDSMI_FW_ID_RLX6 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLX6_DRAM_BOOT", AMDSMI_FW_ID_RLX6_DRAM_BOOT as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_ME", AMDSMI_FW_ID_RS64_ME as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_ME_P0_DATA", AMDSMI_FW_ID_RS64_ME_P0_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_ME_P1_DATA", AMDSMI_FW_ID_RS64_ME_P1_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_PFP", AMDSMI_FW_ID_RS64_PFP as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_PFP_P0_DATA", AMDSMI_FW_ID_RS64_PFP_P0_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_PFP_P1_DATA", AMDSMI_FW_ID_RS64_PFP_P1_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_MEC", AMDSMI_FW_ID_RS64_MEC as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_MEC_P0_DATA", AMDSMI_FW_ID_RS64_MEC_P0_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_MEC_P1_DATA", AMDSMI_FW_ID_RS64_MEC_P1_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_MEC_P2_DATA", AMDSMI_FW_ID_RS64_MEC_P2_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RS64_MEC_P3_DATA", AMDSMI_FW_ID_RS64_MEC_P3_DATA as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PPTABLE", AMDSMI_FW_ID_PPTABLE as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_SOC", AMDSMI_FW_ID_PSP_SOC as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_DBG", AMDSMI_FW_ID_PSP_DBG as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PSP_INTF", AMDSMI_FW_ID_PSP_INTF as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLX6_CORE1", AMDSMI_FW_ID_RLX6_CORE1 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLX6_DRAM_BOOT_CORE1", AMDSMI_FW_ID_RLX6_DRAM_BOOT_CORE1 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLCV_LX7", AMDSMI_FW_ID_RLCV_LX7 as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_SAVE_RESTORE_LIST", AMDSMI_FW_ID_RLC_SAVE_RESTORE_LIST as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_ASD", AMDSMI_FW_ID_ASD as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_TA_RAS", AMDSMI_FW_ID_TA_RAS as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_TA_XGMI", AMDSMI_FW_ID_TA_XGMI as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_SRLG", AMDSMI_FW_ID_RLC_SRLG as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_RLC_SRLS", AMDSMI_FW_ID_RLC_SRLS as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PM", AMDSMI_FW_ID_PM as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_DMCU", AMDSMI_FW_ID_DMCU as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID_PLDM_BUNDLE", AMDSMI_FW_ID_PLDM_BUNDLE as u64),
    ("amdsmi_fw_block_t", "AMDSMI_FW_ID__MAX", AMDSMI_FW_ID__MAX as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_UNKNOWN", AMDSMI_VRAM_TYPE_UNKNOWN as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_HBM", AMDSMI_VRAM_TYPE_HBM as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_HBM2", AMDSMI_VRAM_TYPE_HBM2 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_HBM2E", AMDSMI_VRAM_TYPE_HBM2E as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_HBM3", AMDSMI_VRAM_TYPE_HBM3 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_DDR2", AMDSMI_VRAM_TYPE_DDR2 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_DDR3", AMDSMI_VRAM_TYPE_DDR3 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_DDR4", AMDSMI_VRAM_TYPE_DDR4 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_GDDR1", AMDSMI_VRAM_TYPE_GDDR1 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_GDDR2", AMDSMI_VRAM_TYPE_GDDR2 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_GDDR3", AMDSMI_VRAM_TYPE_GDDR3 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_GDDR4", AMDSMI_VRAM_TYPE_GDDR4 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_GDDR5", AMDSMI_VRAM_TYPE_GDDR5 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_GDDR6", AMDSMI_VRAM_TYPE_GDDR6 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_GDDR7", AMDSMI_VRAM_TYPE_GDDR7 as u64),
    ("amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE__MAX", AMDSMI_VRAM_TYPE__MAX as u64),
    ("amdsmi_card_form_factor_t", "AMDSMI_CARD_FORM_FACTOR_PCIE", AMDSMI_CARD_FORM_FACTOR_PCIE as u64),
    ("amdsmi_card_form_factor_t", "AMDSMI_CARD_FORM_FACTOR_OAM", AMDSMI_CARD_FORM_FACTOR_OAM as u64),
    ("amdsmi_card_form_factor_t", "AMDSMI_CARD_FORM_FACTOR_CEM", AMDSMI_CARD_FORM_FACTOR_CEM as u64),
    ("amdsmi_card_form_factor_t", "AMDSMI_CARD_FORM_FACTOR_UNKNOWN", AMDSMI_CARD_FORM_FACTOR_UNKNOWN as u64),
    ("amdsmi_cache_property_type_t", "AMDSMI_CACHE_PROPERTY_ENABLED", AMDSMI_CACHE_PROPERTY_ENABLED as u64),
    ("amdsmi_cache_property_type_t", "AMDSMI_CACHE_PROPERTY_DATA_CACHE", AMDSMI_CACHE_PROPERTY_DATA_CACHE as u64),
    ("amdsmi_cache_property_type_t", "AMDSMI_CACHE_PROPERTY_INST_CACHE", AMDSMI_CACHE_PROPERTY_INST_CACHE as u64),
    ("amdsmi_cache_property_type_t", "AMDSMI_CACHE_PROPERTY_CPU_CACHE", AMDSMI_CACHE_PROPERTY_CPU_CACHE as u64),
    ("amdsmi_cache_property_type_t", "AMDSMI_CACHE_PROPERTY_SIMD_CACHE", AMDSMI_CACHE_PROPERTY_SIMD_CACHE as u64),
    ("amdsmi_link_type_t", "AMDSMI_LINK_TYPE_INTERNAL", AMDSMI_LINK_TYPE_INTERNAL as u64),
    ("amdsmi_link_type_t", "AMDSMI_LINK_TYPE_PCIE", AMDSMI_LINK_TYPE_PCIE as u64),
    ("amdsmi_link_type_t", "AMDSMI_LINK_TYPE_XGMI", AMDSMI_LINK_TYPE_XGMI as u64),
    ("amdsmi_link_type_t", "AMDSMI_LINK_TYPE_NOT_APPLICABLE", AMDSMI_LINK_TYPE_NOT_APPLICABLE as u64),
    ("amdsmi_link_type_t", "AMDSMI_LINK_TYPE_UNKNOWN", AMDSMI_LINK_TYPE_UNKNOWN as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_AUTO", AMDSMI_DEV_PERF_LEVEL_AUTO as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_FIRST", AMDSMI_DEV_PERF_LEVEL_FIRST as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_LOW", AMDSMI_DEV_PERF_LEVEL_LOW as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_HIGH", AMDSMI_DEV_PERF_LEVEL_HIGH as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_MANUAL", AMDSMI_DEV_PERF_LEVEL_MANUAL as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_STABLE_STD", AMDSMI_DEV_PERF_LEVEL_STABLE_STD as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_STABLE_PEAK", AMDSMI_DEV_PERF_LEVEL_STABLE_PEAK as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_MCLK", AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_MCLK as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_SCLK", AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_SCLK as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_DETERMINISM", AMDSMI_DEV_PERF_LEVEL_DETERMINISM as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_LAST", AMDSMI_DEV_PERF_LEVEL_LAST as u64),
    ("amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_UNKNOWN", AMDSMI_DEV_PERF_LEVEL_UNKNOWN as u64),
    ("amdsmi_event_group_t", "AMDSMI_EVNT_GRP_XGMI", AMDSMI_EVNT_GRP_XGMI as u64),
    ("amdsmi_event_group_t", "AMDSMI_EVNT_GRP_XGMI_DATA_OUT", AMDSMI_EVNT_GRP_XGMI_DATA_OUT as u64),
    ("amdsmi_event_group_t", "AMDSMI_EVNT_GRP_INVALID", AMDSMI_EVNT_GRP_INVALID as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_FIRST", AMDSMI_EVNT_FIRST as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_FIRST", AMDSMI_EVNT_XGMI_FIRST as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_0_NOP_TX", AMDSMI_EVNT_XGMI_0_NOP_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_0_REQUEST_TX", AMDSMI_EVNT_XGMI_0_REQUEST_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_0_RESPONSE_TX", AMDSMI_EVNT_XGMI_0_RESPONSE_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_0_BEATS_TX", AMDSMI_EVNT_XGMI_0_BEATS_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_1_NOP_TX", AMDSMI_EVNT_XGMI_1_NOP_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_1_REQUEST_TX", AMDSMI_EVNT_XGMI_1_REQUEST_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_1_RESPONSE_TX", AMDSMI_EVNT_XGMI_1_RESPONSE_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_1_BEATS_TX", AMDSMI_EVNT_XGMI_1_BEATS_TX as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_LAST", AMDSMI_EVNT_XGMI_LAST as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_FIRST", AMDSMI_EVNT_XGMI_DATA_OUT_FIRST as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_0", AMDSMI_EVNT_XGMI_DATA_OUT_0 as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_1", AMDSMI_EVNT_XGMI_DATA_OUT_1 as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_2", AMDSMI_EVNT_XGMI_DATA_OUT_2 as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_3", AMDSMI_EVNT_XGMI_DATA_OUT_3 as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_4", AMDSMI_EVNT_XGMI_DATA_OUT_4 as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_5", AMDSMI_EVNT_XGMI_DATA_OUT_5 as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_XGMI_DATA_OUT_LAST", AMDSMI_EVNT_XGMI_DATA_OUT_LAST as u64),
    ("amdsmi_event_type_t", "AMDSMI_EVNT_LAST", AMDSMI_EVNT_LAST as u64),
    ("amdsmi_counter_command_t", "AMDSMI_CNTR_CMD_START", AMDSMI_CNTR_CMD_START as u64),
    ("amdsmi_counter_command_t", "AMDSMI_CNTR_CMD_STOP", AMDSMI_CNTR_CMD_STOP as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_NONE", AMDSMI_EVT_NOTIF_NONE as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_VMFAULT", AMDSMI_EVT_NOTIF_VMFAULT as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_FIRST", AMDSMI_EVT_NOTIF_FIRST as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_THERMAL_THROTTLE", AMDSMI_EVT_NOTIF_THERMAL_THROTTLE as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_GPU_PRE_RESET", AMDSMI_EVT_NOTIF_GPU_PRE_RESET as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_GPU_POST_RESET", AMDSMI_EVT_NOTIF_GPU_POST_RESET as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_MIGRATE_START", AMDSMI_EVT_NOTIF_MIGRATE_START as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_MIGRATE_END", AMDSMI_EVT_NOTIF_MIGRATE_END as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_PAGE_FAULT_START", AMDSMI_EVT_NOTIF_PAGE_FAULT_START as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_PAGE_FAULT_END", AMDSMI_EVT_NOTIF_PAGE_FAULT_END as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_QUEUE_EVICTION", AMDSMI_EVT_NOTIF_QUEUE_EVICTION as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_QUEUE_RESTORE", AMDSMI_EVT_NOTIF_QUEUE_RESTORE as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_UNMAP_FROM_GPU", AMDSMI_EVT_NOTIF_UNMAP_FROM_GPU as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_PROCESS_START", AMDSMI_EVT_NOTIF_PROCESS_START as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_PROCESS_END", AMDSMI_EVT_NOTIF_PROCESS_END as u64),
    ("amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_LAST", AMDSMI_EVT_NOTIF_LAST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_CURRENT", AMDSMI_TEMP_CURRENT as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_FIRST", AMDSMI_TEMP_FIRST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_MAX", AMDSMI_TEMP_MAX as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_MIN", AMDSMI_TEMP_MIN as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_MAX_HYST", AMDSMI_TEMP_MAX_HYST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_MIN_HYST", AMDSMI_TEMP_MIN_HYST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_CRITICAL", AMDSMI_TEMP_CRITICAL as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_CRITICAL_HYST", AMDSMI_TEMP_CRITICAL_HYST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_EMERGENCY", AMDSMI_TEMP_EMERGENCY as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_EMERGENCY_HYST", AMDSMI_TEMP_EMERGENCY_HYST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_CRIT_MIN", AMDSMI_TEMP_CRIT_MIN as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_CRIT_MIN_HYST", AMDSMI_TEMP_CRIT_MIN_HYST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_OFFSET", AMDSMI_TEMP_OFFSET as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_LOWEST", AMDSMI_TEMP_LOWEST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_HIGHEST", AMDSMI_TEMP_HIGHEST as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_SHUTDOWN", AMDSMI_TEMP_SHUTDOWN as u64),
    ("amdsmi_temperature_metric_t", "AMDSMI_TEMP_LAST", AMDSMI_TEMP_LAST as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_CURRENT", AMDSMI_VOLT_CURRENT as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_FIRST", AMDSMI_VOLT_FIRST as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_MAX", AMDSMI_VOLT_MAX as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_MIN_CRIT", AMDSMI_VOLT_MIN_CRIT as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_MIN", AMDSMI_VOLT_MIN as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_MAX_CRIT", AMDSMI_VOLT_MAX_CRIT as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_AVERAGE", AMDSMI_VOLT_AVERAGE as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_LOWEST", AMDSMI_VOLT_LOWEST as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_HIGHEST", AMDSMI_VOLT_HIGHEST as u64),
    ("amdsmi_voltage_metric_t", "AMDSMI_VOLT_LAST", AMDSMI_VOLT_LAST as u64),
    ("amdsmi_voltage_type_t", "AMDSMI_VOLT_TYPE_FIRST", AMDSMI_VOLT_TYPE_FIRST as u64),
    ("amdsmi_voltage_type_t", "AMDSMI_VOLT_TYPE_VDDGFX", AMDSMI_VOLT_TYPE_VDDGFX as u64),
    ("amdsmi_voltage_type_t", "AMDSMI_VOLT_TYPE_VDDBOARD", AMDSMI_VOLT_TYPE_VDDBOARD as u64),
    ("amdsmi_voltage_type_t", "AMDSMI_VOLT_TYPE_LAST", AMDSMI_VOLT_TYPE_LAST as u64),
    ("amdsmi_voltage_type_t", "AMDSMI_VOLT_TYPE_INVALID", AMDSMI_VOLT_TYPE_INVALID as u64),
    ("amdsmi_power_profile_preset_masks_t", "AMDSMI_PWR_PROF_PRST_CUSTOM_MASK", AMDSMI_PWR_PROF_PRST_CUSTOM_MASK),
    ("amdsmi_power_profile_preset_masks_t", "AMDSMI_PWR_PROF_PRST_VIDEO_MASK", AMDSMI_PWR_PROF_PRST_VIDEO_MASK),
    (
        "amdsmi_power_profile_preset_masks_t",
        "AMDSMI_PWR_PROF_PRST_POWER_SAVING_MASK",
        AMDSMI_PWR_PROF_PRST_POWER_SAVING_MASK,
    ),
    ("amdsmi_power_profile_preset_masks_t", "AMDSMI_PWR_PROF_PRST_COMPUTE_MASK", AMDSMI_PWR_PROF_PRST_COMPUTE_MASK),
    ("amdsmi_power_profile_preset_masks_t", "AMDSMI_PWR_PROF_PRST_VR_MASK", AMDSMI_PWR_PROF_PRST_VR_MASK),
    (
        "amdsmi_power_profile_preset_masks_t",
        "AMDSMI_PWR_PROF_PRST_3D_FULL_SCR_MASK",
        AMDSMI_PWR_PROF_PRST_3D_FULL_SCR_MASK,
    ),
    ("amdsmi_power_profile_preset_masks_t", "AMDSMI_PWR_PROF_PRST_BOOTUP_DEFAULT", AMDSMI_PWR_PROF_PRST_BOOTUP_DEFAULT),
    ("amdsmi_power_profile_preset_masks_t", "AMDSMI_PWR_PROF_PRST_LAST", AMDSMI_PWR_PROF_PRST_LAST),
    ("amdsmi_power_profile_preset_masks_t", "AMDSMI_PWR_PROF_PRST_INVALID", AMDSMI_PWR_PROF_PRST_INVALID),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_INVALID", AMDSMI_GPU_BLOCK_INVALID),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_FIRST", AMDSMI_GPU_BLOCK_FIRST),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_UMC", AMDSMI_GPU_BLOCK_UMC),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_SDMA", AMDSMI_GPU_BLOCK_SDMA),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_GFX", AMDSMI_GPU_BLOCK_GFX),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_MMHUB", AMDSMI_GPU_BLOCK_MMHUB),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_ATHUB", AMDSMI_GPU_BLOCK_ATHUB),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_PCIE_BIF", AMDSMI_GPU_BLOCK_PCIE_BIF),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_HDP", AMDSMI_GPU_BLOCK_HDP),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_XGMI_WAFL", AMDSMI_GPU_BLOCK_XGMI_WAFL),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_DF", AMDSMI_GPU_BLOCK_DF),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_SMN", AMDSMI_GPU_BLOCK_SMN),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_SEM", AMDSMI_GPU_BLOCK_SEM),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_MP0", AMDSMI_GPU_BLOCK_MP0),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_MP1", AMDSMI_GPU_BLOCK_MP1),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_FUSE", AMDSMI_GPU_BLOCK_FUSE),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_MCA", AMDSMI_GPU_BLOCK_MCA),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_VCN", AMDSMI_GPU_BLOCK_VCN),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_JPEG", AMDSMI_GPU_BLOCK_JPEG),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_IH", AMDSMI_GPU_BLOCK_IH),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_MPIO", AMDSMI_GPU_BLOCK_MPIO),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_LAST", AMDSMI_GPU_BLOCK_LAST),
    ("amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_RESERVED", AMDSMI_GPU_BLOCK_RESERVED),
    ("amdsmi_clk_limit_type_t", "CLK_LIMIT_MIN", CLK_LIMIT_MIN as u64),
    ("amdsmi_clk_limit_type_t", "CLK_LIMIT_MAX", CLK_LIMIT_MAX as u64),
    ("amdsmi_cper_sev_t", "AMDSMI_CPER_SEV_NON_FATAL_UNCORRECTED", AMDSMI_CPER_SEV_NON_FATAL_UNCORRECTED as u64),
    ("amdsmi_cper_sev_t", "AMDSMI_CPER_SEV_FATAL", AMDSMI_CPER_SEV_FATAL as u64),
    ("amdsmi_cper_sev_t", "AMDSMI_CPER_SEV_NON_FATAL_CORRECTED", AMDSMI_CPER_SEV_NON_FATAL_CORRECTED as u64),
    ("amdsmi_cper_sev_t", "AMDSMI_CPER_SEV_NUM", AMDSMI_CPER_SEV_NUM as u64),
    ("amdsmi_cper_sev_t", "AMDSMI_CPER_SEV_UNUSED", AMDSMI_CPER_SEV_UNUSED as u64),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_CMC", AMDSMI_CPER_NOTIFY_TYPE_CMC),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_CPE", AMDSMI_CPER_NOTIFY_TYPE_CPE),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_MCE", AMDSMI_CPER_NOTIFY_TYPE_MCE),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_PCIE", AMDSMI_CPER_NOTIFY_TYPE_PCIE),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_INIT", AMDSMI_CPER_NOTIFY_TYPE_INIT),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_NMI", AMDSMI_CPER_NOTIFY_TYPE_NMI),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_BOOT", AMDSMI_CPER_NOTIFY_TYPE_BOOT),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_DMAR", AMDSMI_CPER_NOTIFY_TYPE_DMAR),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_SEA", AMDSMI_CPER_NOTIFY_TYPE_SEA),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_SEI", AMDSMI_CPER_NOTIFY_TYPE_SEI),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_PEI", AMDSMI_CPER_NOTIFY_TYPE_PEI),
    ("amdsmi_cper_notify_type_t", "AMDSMI_CPER_NOTIFY_TYPE_CXL_COMPONENT", AMDSMI_CPER_NOTIFY_TYPE_CXL_COMPONENT),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_NONE", AMDSMI_RAS_ERR_STATE_NONE as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_DISABLED", AMDSMI_RAS_ERR_STATE_DISABLED as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_PARITY", AMDSMI_RAS_ERR_STATE_PARITY as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_SING_C", AMDSMI_RAS_ERR_STATE_SING_C as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_MULT_UC", AMDSMI_RAS_ERR_STATE_MULT_UC as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_POISON", AMDSMI_RAS_ERR_STATE_POISON as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_ENABLED", AMDSMI_RAS_ERR_STATE_ENABLED as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_LAST", AMDSMI_RAS_ERR_STATE_LAST as u64),
    ("amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_INVALID", AMDSMI_RAS_ERR_STATE_INVALID as u64),
    ("amdsmi_memory_type_t", "AMDSMI_MEM_TYPE_FIRST", AMDSMI_MEM_TYPE_FIRST as u64),
    ("amdsmi_memory_type_t", "AMDSMI_MEM_TYPE_VRAM", AMDSMI_MEM_TYPE_VRAM as u64),
    ("amdsmi_memory_type_t", "AMDSMI_MEM_TYPE_VIS_VRAM", AMDSMI_MEM_TYPE_VIS_VRAM as u64),
    ("amdsmi_memory_type_t", "AMDSMI_MEM_TYPE_GTT", AMDSMI_MEM_TYPE_GTT as u64),
    ("amdsmi_memory_type_t", "AMDSMI_MEM_TYPE_LAST", AMDSMI_MEM_TYPE_LAST as u64),
    ("amdsmi_freq_ind_t", "AMDSMI_FREQ_IND_MIN", AMDSMI_FREQ_IND_MIN as u64),
    ("amdsmi_freq_ind_t", "AMDSMI_FREQ_IND_MAX", AMDSMI_FREQ_IND_MAX as u64),
    ("amdsmi_freq_ind_t", "AMDSMI_FREQ_IND_INVALID", AMDSMI_FREQ_IND_INVALID as u64),
    ("amdsmi_xgmi_status_t", "AMDSMI_XGMI_STATUS_NO_ERRORS", AMDSMI_XGMI_STATUS_NO_ERRORS as u64),
    ("amdsmi_xgmi_status_t", "AMDSMI_XGMI_STATUS_ERROR", AMDSMI_XGMI_STATUS_ERROR as u64),
    ("amdsmi_xgmi_status_t", "AMDSMI_XGMI_STATUS_MULTIPLE_ERRORS", AMDSMI_XGMI_STATUS_MULTIPLE_ERRORS as u64),
    ("amdsmi_memory_page_status_t", "AMDSMI_MEM_PAGE_STATUS_RESERVED", AMDSMI_MEM_PAGE_STATUS_RESERVED as u64),
    ("amdsmi_memory_page_status_t", "AMDSMI_MEM_PAGE_STATUS_PENDING", AMDSMI_MEM_PAGE_STATUS_PENDING as u64),
    ("amdsmi_memory_page_status_t", "AMDSMI_MEM_PAGE_STATUS_UNRESERVABLE", AMDSMI_MEM_PAGE_STATUS_UNRESERVABLE as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_UTILIZATION_COUNTER_FIRST", AMDSMI_UTILIZATION_COUNTER_FIRST as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_COARSE_GRAIN_GFX_ACTIVITY", AMDSMI_COARSE_GRAIN_GFX_ACTIVITY as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_COARSE_GRAIN_MEM_ACTIVITY", AMDSMI_COARSE_GRAIN_MEM_ACTIVITY as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_COARSE_DECODER_ACTIVITY", AMDSMI_COARSE_DECODER_ACTIVITY as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_FINE_GRAIN_GFX_ACTIVITY", AMDSMI_FINE_GRAIN_GFX_ACTIVITY as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_FINE_GRAIN_MEM_ACTIVITY", AMDSMI_FINE_GRAIN_MEM_ACTIVITY as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_FINE_DECODER_ACTIVITY", AMDSMI_FINE_DECODER_ACTIVITY as u64),
    ("amdsmi_utilization_counter_type_t", "AMDSMI_UTILIZATION_COUNTER_LAST", AMDSMI_UTILIZATION_COUNTER_LAST as u64),
    ("amdsmi_xgmi_link_status_type_t", "AMDSMI_XGMI_LINK_DOWN", AMDSMI_XGMI_LINK_DOWN as u64),
    ("amdsmi_xgmi_link_status_type_t", "AMDSMI_XGMI_LINK_UP", AMDSMI_XGMI_LINK_UP as u64),
    ("amdsmi_xgmi_link_status_type_t", "AMDSMI_XGMI_LINK_DISABLE", AMDSMI_XGMI_LINK_DISABLE as u64),
    ("amdsmi_reg_type_t", "AMDSMI_REG_XGMI", AMDSMI_REG_XGMI as u64),
    ("amdsmi_reg_type_t", "AMDSMI_REG_WAFL", AMDSMI_REG_WAFL as u64),
    ("amdsmi_reg_type_t", "AMDSMI_REG_PCIE", AMDSMI_REG_PCIE as u64),
    ("amdsmi_reg_type_t", "AMDSMI_REG_USR", AMDSMI_REG_USR as u64),
    ("amdsmi_reg_type_t", "AMDSMI_REG_USR1", AMDSMI_REG_USR1 as u64),
    ("amdsmi_virtualization_mode_t", "AMDSMI_VIRTUALIZATION_MODE_UNKNOWN", AMDSMI_VIRTUALIZATION_MODE_UNKNOWN as u64),
    (
        "amdsmi_virtualization_mode_t",
        "AMDSMI_VIRTUALIZATION_MODE_BAREMETAL",
        AMDSMI_VIRTUALIZATION_MODE_BAREMETAL as u64,
    ),
    ("amdsmi_virtualization_mode_t", "AMDSMI_VIRTUALIZATION_MODE_HOST", AMDSMI_VIRTUALIZATION_MODE_HOST as u64),
    ("amdsmi_virtualization_mode_t", "AMDSMI_VIRTUALIZATION_MODE_GUEST", AMDSMI_VIRTUALIZATION_MODE_GUEST as u64),
    (
        "amdsmi_virtualization_mode_t",
        "AMDSMI_VIRTUALIZATION_MODE_PASSTHROUGH",
        AMDSMI_VIRTUALIZATION_MODE_PASSTHROUGH as u64,
    ),
    ("amdsmi_affinity_scope_t", "AMDSMI_AFFINITY_SCOPE_NODE", AMDSMI_AFFINITY_SCOPE_NODE as u64),
    ("amdsmi_affinity_scope_t", "AMDSMI_AFFINITY_SCOPE_SOCKET", AMDSMI_AFFINITY_SCOPE_SOCKET as u64),
    ("amdsmi_io_bw_encoding_t", "AGG_BW0", AGG_BW0 as u64),
    ("amdsmi_io_bw_encoding_t", "RD_BW0", RD_BW0 as u64),
    ("amdsmi_io_bw_encoding_t", "WR_BW0", WR_BW0 as u64),
];

/// The entry of `ENUMERATORS` named `name` in `typedef`.
fn enumerator(typedef: &str, name: &str) -> Option<u64> {
    ENUMERATORS.iter().find(|(t, n, _)| *t == typedef && *n == name).map(|(_, _, v)| *v)
}

/// The value of the enumerator of `typedef` named one of `prefixes` + `name`, with that name.
fn prefixed(typedef: &str, prefixes: &[&str], name: &str) -> Option<(String, u64)> {
    prefixes.iter().map(|p| format!("{p}{name}")).find_map(|n| enumerator(typedef, &n).map(|v| (n, v)))
}

/// Checks a library enum against the C enumerators of `typedef`: every variant (`ALL`) is the
/// enumerator named a prefix + its AMD name, with its code; and every enumerator whose value the
/// library decodes (`from_code`, sentinels included) has that variant's name or is its alias.
macro_rules! agrees {
    ($lib:ty, $typedef:literal, $($prefix:literal),+) => {{
        let prefixes = [$($prefix),+];
        for v in <$lib>::ALL.iter().copied() {
            let found = prefixed($typedef, &prefixes, v.name());
            assert_eq!(found.map(|(_, value)| value), Some(v.code() as u64), "{} {}", stringify!($lib), v.name());
        }
        let mut decoded = 0;
        for (_, name, value) in ENUMERATORS.iter().filter(|(t, _, _)| *t == $typedef) {
            if let Some(v) = <$lib>::from_code(*value as _) {
                let found = prefixed($typedef, &prefixes, v.name());
                assert_eq!(found.map(|(_, value)| value), Some(*value), "{name} decodes as {}", v.name());
                decoded += 1;
            }
        }
        assert!(decoded >= <$lib>::ALL.len(), "{}: {decoded} enumerators decoded", stringify!($lib));
    }};
}

/// One fact, one place: the numbers the library's `#[derive(AmdEnum)]` enums carry are the
/// numbers of the C enumerators.
#[test]
fn enumerators_agree_with_the_library() {
    use amdsmi::*;
    agrees!(Status, "amdsmi_status_t", "");
    agrees!(AmdSmiProcessorType, "processor_type_t", "AMDSMI_PROCESSOR_TYPE_");
    agrees!(VramType, "amdsmi_vram_type_t", "AMDSMI_VRAM_TYPE_");
    agrees!(VirtualizationMode, "amdsmi_virtualization_mode_t", "AMDSMI_VIRTUALIZATION_MODE_");
    agrees!(AmdSmiRegType, "amdsmi_reg_type_t", "AMDSMI_REG_");
    // The library names the sentinel `GRP_INVALID`, after AMD's Python enum.
    agrees!(AmdSmiEventGroup, "amdsmi_event_group_t", "AMDSMI_EVNT_GRP_", "AMDSMI_EVNT_");
    agrees!(AmdSmiEventType, "amdsmi_event_type_t", "AMDSMI_EVNT_");
    agrees!(AmdSmiCounterCommand, "amdsmi_counter_command_t", "AMDSMI_CNTR_");
    agrees!(AmdSmiClkType, "amdsmi_clk_type_t", "AMDSMI_CLK_TYPE_");
    agrees!(AmdSmiLinkType, "amdsmi_link_type_t", "AMDSMI_LINK_TYPE_");
    agrees!(AmdSmiEvtNotificationType, "amdsmi_evt_notification_type_t", "AMDSMI_EVT_NOTIF_");
    agrees!(AmdSmiAffinityScope, "amdsmi_affinity_scope_t", "AMDSMI_AFFINITY_SCOPE_");
    agrees!(AmdSmiComputePartitionType, "amdsmi_compute_partition_type_t", "AMDSMI_COMPUTE_PARTITION_");
    agrees!(AmdSmiMemoryPartitionType, "amdsmi_memory_partition_type_t", "AMDSMI_MEMORY_PARTITION_");
    agrees!(AmdSmiDevPerfLevel, "amdsmi_dev_perf_level_t", "AMDSMI_DEV_PERF_LEVEL_");
    agrees!(AmdSmiFreqInd, "amdsmi_freq_ind_t", "AMDSMI_FREQ_IND_");
    agrees!(AmdSmiMemoryType, "amdsmi_memory_type_t", "AMDSMI_MEM_TYPE_");
    agrees!(AmdSmiPowerProfilePresetMasks, "amdsmi_power_profile_preset_masks_t", "");
    agrees!(AmdSmiGpuBlock, "amdsmi_gpu_block_t", "AMDSMI_GPU_BLOCK_");
    agrees!(AmdSmiRasErrState, "amdsmi_ras_err_state_t", "AMDSMI_RAS_ERR_STATE_");
    agrees!(AmdSmiMemoryPageStatus, "amdsmi_memory_page_status_t", "AMDSMI_MEM_PAGE_STATUS_");
    agrees!(AmdSmiXgmiStatus, "amdsmi_xgmi_status_t", "AMDSMI_XGMI_STATUS_");
    agrees!(AmdSmiUtilizationCounterType, "amdsmi_utilization_counter_type_t", "");
    agrees!(AmdSmiTemperatureType, "amdsmi_temperature_type_t", "AMDSMI_TEMPERATURE_TYPE_");
    agrees!(AmdSmiTemperatureMetric, "amdsmi_temperature_metric_t", "AMDSMI_TEMP_");
    agrees!(AmdSmiVoltageType, "amdsmi_voltage_type_t", "AMDSMI_VOLT_TYPE_");
    agrees!(AmdSmiVoltageMetric, "amdsmi_voltage_metric_t", "AMDSMI_VOLT_");
    // The init flags are a bitflags type in the library: every C flag is a library flag.
    let flags: Vec<_> = ENUMERATORS.iter().filter(|(t, _, _)| *t == "amdsmi_init_flags_t").collect();
    assert_eq!(flags.len(), 6);
    for (_, name, value) in flags {
        let flag = AmdSmiInitFlags::from_name(name.trim_start_matches("AMDSMI_"));
        assert_eq!(flag.map(|f| f.bits()), Some(*value), "{name}");
    }
}

/// `ENUMERATORS` lists every enumerator constant of `enums.rs` and `mod.rs` (411 enumerators, 46
/// statuses; the `usize` array sizes are not enumerators).
#[test]
fn enumerators_table_is_complete() {
    let consts = |file: &str| {
        let text = std::fs::read_to_string(crate_dir().join("src/abi").join(file)).expect("read source");
        text.lines()
            .filter(|l| !l.contains(": usize"))
            .filter_map(|l| l.strip_prefix("pub const "))
            .map(|l| l.split(':').next().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    let mut declared = consts("enums.rs");
    declared.extend(consts("mod.rs"));
    assert_eq!(declared.len(), 411 + 46);
    let mut listed: Vec<_> = ENUMERATORS.iter().map(|(_, n, _)| n.to_string()).collect();
    declared.sort();
    listed.sort();
    assert!(declared == listed, "ENUMERATORS and the declared constants differ");
}

/// Every type `src/abi/` declares (`pub struct` and `pub type`): cbindgen emits only the types the
/// exported functions use unless told to include the others.
fn abi_type_names() -> Vec<String> {
    let mut names = Vec::new();
    for file in ["mod.rs", "enums.rs", "layouts.rs"] {
        let text = std::fs::read_to_string(crate_dir().join("src/abi").join(file)).expect("read source");
        for line in text.lines() {
            let rest = line.strip_prefix("pub struct ").or_else(|| line.strip_prefix("pub type "));
            if let Some(name) = rest.and_then(|r| r.split([' ', ':', '=']).next()) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

/// The header cbindgen writes from the crate with `cbindgen.toml`.
fn generate_header() -> String {
    let mut config = cbindgen::Config::from_file(crate_dir().join("cbindgen.toml")).expect("read cbindgen.toml");
    config.export.include.extend(abi_type_names());
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(crate_dir().join("src/lib.rs"))
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn header_is_up_to_date() {
    let path = crate_dir().join("include/amdsmi.h");
    let generated = generate_header();
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::create_dir_all(crate_dir().join("include")).expect("create include/");
        std::fs::write(&path, &generated).expect("write include/amdsmi.h");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "include/amdsmi.h is stale: run `UPDATE_HEADER=1 cargo test -p amdsmi-capi --lib header` and review the diff"
    );
}

/// `_Static_assert`s of every size and member offset that `layouts.rs` asserts in Rust, so the C
/// compiler checks the header against the same numbers (`bits`, the Rust-only integer of a
/// bitfield struct, has no C member).
fn c_layout_asserts() -> String {
    let text = std::fs::read_to_string(crate_dir().join("src/abi/layouts.rs")).expect("read layouts.rs");
    let mut out = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("assert!(size_of::<") {
            let (name, size) = rest.trim_end_matches(");").split_once(">() == ").expect("size assertion");
            out += &format!("_Static_assert(sizeof({name}) == {size}, \"sizeof {name}\");\n");
        } else if let Some(rest) = line.strip_prefix("assert!(offset_of!(") {
            let (args, offset) = rest.trim_end_matches(");").split_once(") == ").expect("offset assertion");
            let (name, member) = args.split_once(", ").expect("type, member");
            let member = member.trim_start_matches("r#");
            if member != "bits" {
                out += &format!("_Static_assert(offsetof({name}, {member}) == {offset}, \"{name}.{member}\");\n");
            }
        }
    }
    out
}

/// `AMDSMI_EVENT_MASK_FROM_INDEX` of every event type is the library's mask bit of it.
fn event_mask_asserts() -> String {
    let mut out = String::new();
    for t in amdsmi::AmdSmiEvtNotificationType::ALL.iter().filter(|t| t.code() != 0) {
        let (code, mask) = (t.code(), t.mask());
        out += &format!("_Static_assert(AMDSMI_EVENT_MASK_FROM_INDEX({code}) == {mask}ull, \"event {code}\");\n");
    }
    out
}

#[test]
fn c_program_compiles_against_amdsmi_h() {
    if !have("cc") {
        return;
    }
    let c = format!(
        r#"#include <stddef.h>
#include "amdsmi.h"

_Static_assert(sizeof(amdsmi_asic_info_t) == 896, "asic_info");
_Static_assert(sizeof(amdsmi_gpu_block_t) == 8, "gpu_block");
_Static_assert(sizeof(amdsmi_power_profile_preset_masks_t) == 8, "preset masks");
_Static_assert(sizeof(amdsmi_status_t) == 4, "status");
_Static_assert(AMDSMI_STATUS_NOT_SUPPORTED == 2, "NOT_SUPPORTED");
_Static_assert(AMDSMI_STATUS_INSUFFICIENT_SIZE == 41, "INSUFFICIENT_SIZE");
_Static_assert(AMDSMI_INIT_ALL_PROCESSORS == 0xFFFFFFFF, "INIT_ALL_PROCESSORS");
_Static_assert(AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_FIRST == 150, "temperature gap");
_Static_assert(AMDSMI_DEV_PERF_LEVEL_UNKNOWN == 0x100, "perf level UNKNOWN");
_Static_assert(AMDSMI_GPU_BLOCK_RESERVED == 0x8000000000000000ull, "gpu block RESERVED");
_Static_assert(sizeof(amdsmi_processor_handle) == sizeof(void *), "handle");
{asserts}
/* AMD's names, as a program written against AMD's header uses them. */
int use_amd_names(void) {{
    amdsmi_bdf_t bdf = {{ .as_uint = 0 }};
    bdf.bus_number = 0xc1;
    bdf.bdf.device_number = 2;
    amdsmi_nps_caps_t caps = {{ .nps_cap_mask = 0 }};
    caps.nps_flags.nps4_cap = 1;
    amdsmi_temp_range_refresh_rate_t rate = {{ 0 }};
    rate.range = 5;
    amdsmi_gpu_metrics_t metrics = {{ 0 }};
    metrics.xcp_stats[7].gfx_busy_inst[7] = 1;
    amdsmi_utilization_counter_t counter = {{ .type = AMDSMI_COARSE_GRAIN_GFX_ACTIVITY }};
    amdsmi_version_t version = {{ .build = 0 }};
    amdsmi_clk_type_t clk = AMDSMI_CLK_TYPE_SYS;
    amdsmi_status_t status = AMDSMI_STATUS_SUCCESS;
    return (int)(bdf.as_uint + caps.nps_cap_mask + rate.range + metrics.xcp_stats[7].gfx_busy_inst[7]
        + counter.type + version.major + clk + status);
}}
"#,
        asserts = c_layout_asserts() + &event_mask_asserts()
    );
    let dir = std::env::temp_dir().join(format!("amdsmi-capi-header-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    let source = dir.join("use_header.c");
    std::fs::write(&source, c).expect("write the C program");
    let out = Command::new("cc")
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-c", "-o"])
        .arg(dir.join("use_header.o"))
        .arg("-I")
        .arg(crate_dir().join("include"))
        .arg(&source)
        .output()
        .expect("run cc");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "cc failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

//! AMD SMI 7.0.2's C enums: each `typedef enum` as an integer typedef of the width AMD's Python
//! package binds (`ctypes.c_uint32`, or `c_uint64` for `amdsmi_power_profile_preset_masks_t`,
//! `amdsmi_gpu_block_t` and `amdsmi_cper_notify_type_t`) and each enumerator as a constant of it.
//!
//! Names and values are those of the enum tables of AMD's `amdsmi_wrapper.py` (amdsmi 7.0.2), the
//! final word for the ABI (issue 12), aliases (`..._FIRST`, `..._LAST`, `..._MAX`) and gaps
//! included. They are plain integers, not Rust enums: an integer from a C caller is never
//! transmuted into an enum; the entry points convert with the library's `from_code` (the
//! `#[derive(AmdEnum)]` enums of the `amdsmi` crate), and the tests check that every value the
//! library knows has the same number here. The statuses are in `abi/mod.rs`, next to
//! [`amdsmi::Status`].

/// `amdsmi_init_flags_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_init_flags_t = u32;
/// A value of [`amdsmi_init_flags_t`].
pub const AMDSMI_INIT_ALL_PROCESSORS: amdsmi_init_flags_t = 0xFFFFFFFF;
/// A value of [`amdsmi_init_flags_t`].
pub const AMDSMI_INIT_AMD_CPUS: amdsmi_init_flags_t = 1;
/// A value of [`amdsmi_init_flags_t`].
pub const AMDSMI_INIT_AMD_GPUS: amdsmi_init_flags_t = 2;
/// A value of [`amdsmi_init_flags_t`].
pub const AMDSMI_INIT_NON_AMD_CPUS: amdsmi_init_flags_t = 4;
/// A value of [`amdsmi_init_flags_t`].
pub const AMDSMI_INIT_NON_AMD_GPUS: amdsmi_init_flags_t = 8;
/// A value of [`amdsmi_init_flags_t`].
pub const AMDSMI_INIT_AMD_APUS: amdsmi_init_flags_t = 3;

/// `amdsmi_mm_ip_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_mm_ip_t = u32;
/// A value of [`amdsmi_mm_ip_t`].
pub const AMDSMI_MM_UVD: amdsmi_mm_ip_t = 0;
/// A value of [`amdsmi_mm_ip_t`].
pub const AMDSMI_MM_VCE: amdsmi_mm_ip_t = 1;
/// A value of [`amdsmi_mm_ip_t`].
pub const AMDSMI_MM_VCN: amdsmi_mm_ip_t = 2;
/// A value of [`amdsmi_mm_ip_t`].
pub const AMDSMI_MM__MAX: amdsmi_mm_ip_t = 3;

/// `amdsmi_container_types_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_container_types_t = u32;
/// A value of [`amdsmi_container_types_t`].
pub const AMDSMI_CONTAINER_LXC: amdsmi_container_types_t = 0;
/// A value of [`amdsmi_container_types_t`].
pub const AMDSMI_CONTAINER_DOCKER: amdsmi_container_types_t = 1;

/// `processor_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type processor_type_t = u32;
/// A value of [`processor_type_t`].
pub const AMDSMI_PROCESSOR_TYPE_UNKNOWN: processor_type_t = 0;
/// A value of [`processor_type_t`].
pub const AMDSMI_PROCESSOR_TYPE_AMD_GPU: processor_type_t = 1;
/// A value of [`processor_type_t`].
pub const AMDSMI_PROCESSOR_TYPE_AMD_CPU: processor_type_t = 2;
/// A value of [`processor_type_t`].
pub const AMDSMI_PROCESSOR_TYPE_NON_AMD_GPU: processor_type_t = 3;
/// A value of [`processor_type_t`].
pub const AMDSMI_PROCESSOR_TYPE_NON_AMD_CPU: processor_type_t = 4;
/// A value of [`processor_type_t`].
pub const AMDSMI_PROCESSOR_TYPE_AMD_CPU_CORE: processor_type_t = 5;
/// A value of [`processor_type_t`].
pub const AMDSMI_PROCESSOR_TYPE_AMD_APU: processor_type_t = 6;

/// `amdsmi_clk_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_clk_type_t = u32;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_SYS: amdsmi_clk_type_t = 0;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_FIRST: amdsmi_clk_type_t = 0;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_GFX: amdsmi_clk_type_t = 0;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_DF: amdsmi_clk_type_t = 1;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_DCEF: amdsmi_clk_type_t = 2;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_SOC: amdsmi_clk_type_t = 3;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_MEM: amdsmi_clk_type_t = 4;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_PCIE: amdsmi_clk_type_t = 5;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_VCLK0: amdsmi_clk_type_t = 6;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_VCLK1: amdsmi_clk_type_t = 7;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_DCLK0: amdsmi_clk_type_t = 8;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE_DCLK1: amdsmi_clk_type_t = 9;
/// A value of [`amdsmi_clk_type_t`].
pub const AMDSMI_CLK_TYPE__MAX: amdsmi_clk_type_t = 9;

/// `amdsmi_accelerator_partition_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_accelerator_partition_type_t = u32;
/// A value of [`amdsmi_accelerator_partition_type_t`].
pub const AMDSMI_ACCELERATOR_PARTITION_INVALID: amdsmi_accelerator_partition_type_t = 0;
/// A value of [`amdsmi_accelerator_partition_type_t`].
pub const AMDSMI_ACCELERATOR_PARTITION_SPX: amdsmi_accelerator_partition_type_t = 1;
/// A value of [`amdsmi_accelerator_partition_type_t`].
pub const AMDSMI_ACCELERATOR_PARTITION_DPX: amdsmi_accelerator_partition_type_t = 2;
/// A value of [`amdsmi_accelerator_partition_type_t`].
pub const AMDSMI_ACCELERATOR_PARTITION_TPX: amdsmi_accelerator_partition_type_t = 3;
/// A value of [`amdsmi_accelerator_partition_type_t`].
pub const AMDSMI_ACCELERATOR_PARTITION_QPX: amdsmi_accelerator_partition_type_t = 4;
/// A value of [`amdsmi_accelerator_partition_type_t`].
pub const AMDSMI_ACCELERATOR_PARTITION_CPX: amdsmi_accelerator_partition_type_t = 5;
/// A value of [`amdsmi_accelerator_partition_type_t`].
pub const AMDSMI_ACCELERATOR_PARTITION_MAX: amdsmi_accelerator_partition_type_t = 6;

/// `amdsmi_accelerator_partition_resource_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_accelerator_partition_resource_type_t = u32;
/// A value of [`amdsmi_accelerator_partition_resource_type_t`].
pub const AMDSMI_ACCELERATOR_XCC: amdsmi_accelerator_partition_resource_type_t = 0;
/// A value of [`amdsmi_accelerator_partition_resource_type_t`].
pub const AMDSMI_ACCELERATOR_ENCODER: amdsmi_accelerator_partition_resource_type_t = 1;
/// A value of [`amdsmi_accelerator_partition_resource_type_t`].
pub const AMDSMI_ACCELERATOR_DECODER: amdsmi_accelerator_partition_resource_type_t = 2;
/// A value of [`amdsmi_accelerator_partition_resource_type_t`].
pub const AMDSMI_ACCELERATOR_DMA: amdsmi_accelerator_partition_resource_type_t = 3;
/// A value of [`amdsmi_accelerator_partition_resource_type_t`].
pub const AMDSMI_ACCELERATOR_JPEG: amdsmi_accelerator_partition_resource_type_t = 4;
/// A value of [`amdsmi_accelerator_partition_resource_type_t`].
pub const AMDSMI_ACCELERATOR_MAX: amdsmi_accelerator_partition_resource_type_t = 5;

/// `amdsmi_compute_partition_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_compute_partition_type_t = u32;
/// A value of [`amdsmi_compute_partition_type_t`].
pub const AMDSMI_COMPUTE_PARTITION_INVALID: amdsmi_compute_partition_type_t = 0;
/// A value of [`amdsmi_compute_partition_type_t`].
pub const AMDSMI_COMPUTE_PARTITION_SPX: amdsmi_compute_partition_type_t = 1;
/// A value of [`amdsmi_compute_partition_type_t`].
pub const AMDSMI_COMPUTE_PARTITION_DPX: amdsmi_compute_partition_type_t = 2;
/// A value of [`amdsmi_compute_partition_type_t`].
pub const AMDSMI_COMPUTE_PARTITION_TPX: amdsmi_compute_partition_type_t = 3;
/// A value of [`amdsmi_compute_partition_type_t`].
pub const AMDSMI_COMPUTE_PARTITION_QPX: amdsmi_compute_partition_type_t = 4;
/// A value of [`amdsmi_compute_partition_type_t`].
pub const AMDSMI_COMPUTE_PARTITION_CPX: amdsmi_compute_partition_type_t = 5;

/// `amdsmi_memory_partition_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_memory_partition_type_t = u32;
/// A value of [`amdsmi_memory_partition_type_t`].
pub const AMDSMI_MEMORY_PARTITION_UNKNOWN: amdsmi_memory_partition_type_t = 0;
/// A value of [`amdsmi_memory_partition_type_t`].
pub const AMDSMI_MEMORY_PARTITION_NPS1: amdsmi_memory_partition_type_t = 1;
/// A value of [`amdsmi_memory_partition_type_t`].
pub const AMDSMI_MEMORY_PARTITION_NPS2: amdsmi_memory_partition_type_t = 2;
/// A value of [`amdsmi_memory_partition_type_t`].
pub const AMDSMI_MEMORY_PARTITION_NPS4: amdsmi_memory_partition_type_t = 4;
/// A value of [`amdsmi_memory_partition_type_t`].
pub const AMDSMI_MEMORY_PARTITION_NPS8: amdsmi_memory_partition_type_t = 8;

/// `amdsmi_temperature_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_temperature_type_t = u32;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_EDGE: amdsmi_temperature_type_t = 0;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_FIRST: amdsmi_temperature_type_t = 0;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_HOTSPOT: amdsmi_temperature_type_t = 1;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_JUNCTION: amdsmi_temperature_type_t = 1;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_VRAM: amdsmi_temperature_type_t = 2;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_HBM_0: amdsmi_temperature_type_t = 3;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_HBM_1: amdsmi_temperature_type_t = 4;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_HBM_2: amdsmi_temperature_type_t = 5;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_HBM_3: amdsmi_temperature_type_t = 6;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_PLX: amdsmi_temperature_type_t = 7;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_FIRST: amdsmi_temperature_type_t = 100;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_RETIMER_X: amdsmi_temperature_type_t = 100;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_IBC: amdsmi_temperature_type_t = 101;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_IBC_2: amdsmi_temperature_type_t = 102;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_VDD18_VR: amdsmi_temperature_type_t = 103;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_04_HBM_B_VR: amdsmi_temperature_type_t = 104;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_OAM_X_04_HBM_D_VR: amdsmi_temperature_type_t = 105;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_NODE_LAST: amdsmi_temperature_type_t = 149;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_FIRST: amdsmi_temperature_type_t = 150;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD0: amdsmi_temperature_type_t = 150;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD1: amdsmi_temperature_type_t = 151;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD2: amdsmi_temperature_type_t = 152;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_VDD3: amdsmi_temperature_type_t = 153;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOC_A: amdsmi_temperature_type_t = 154;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOC_C: amdsmi_temperature_type_t = 155;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOCIO_A: amdsmi_temperature_type_t = 156;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_SOCIO_C: amdsmi_temperature_type_t = 157;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDD_085_HBM: amdsmi_temperature_type_t = 158;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_11_HBM_B: amdsmi_temperature_type_t = 159;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDCR_11_HBM_D: amdsmi_temperature_type_t = 160;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDD_USR: amdsmi_temperature_type_t = 161;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VDDIO_11_E32: amdsmi_temperature_type_t = 162;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_GPUBOARD_VR_LAST: amdsmi_temperature_type_t = 199;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_FIRST: amdsmi_temperature_type_t = 200;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA: amdsmi_temperature_type_t = 200;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FRONT: amdsmi_temperature_type_t = 201;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_BACK: amdsmi_temperature_type_t = 202;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_OAM7: amdsmi_temperature_type_t = 203;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_IBC: amdsmi_temperature_type_t = 204;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_UFPGA: amdsmi_temperature_type_t = 205;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_OAM1: amdsmi_temperature_type_t = 206;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_0_1_HSC: amdsmi_temperature_type_t = 207;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_2_3_HSC: amdsmi_temperature_type_t = 208;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_4_5_HSC: amdsmi_temperature_type_t = 209;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_6_7_HSC: amdsmi_temperature_type_t = 210;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA_0V72_VR: amdsmi_temperature_type_t = 211;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_UBB_FPGA_3V3_VR: amdsmi_temperature_type_t = 212;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_0_1_2_3_1V2_VR: amdsmi_temperature_type_t = 213;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_4_5_6_7_1V2_VR: amdsmi_temperature_type_t = 214;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_0_1_0V9_VR: amdsmi_temperature_type_t = 215;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_4_5_0V9_VR: amdsmi_temperature_type_t = 216;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_2_3_0V9_VR: amdsmi_temperature_type_t = 217;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_RETIMER_6_7_0V9_VR: amdsmi_temperature_type_t = 218;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_0_1_2_3_3V3_VR: amdsmi_temperature_type_t = 219;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_OAM_4_5_6_7_3V3_VR: amdsmi_temperature_type_t = 220;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_IBC_HSC: amdsmi_temperature_type_t = 221;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_IBC: amdsmi_temperature_type_t = 222;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE_BASEBOARD_LAST: amdsmi_temperature_type_t = 249;
/// A value of [`amdsmi_temperature_type_t`].
pub const AMDSMI_TEMPERATURE_TYPE__MAX: amdsmi_temperature_type_t = 249;

/// `amdsmi_fw_block_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_fw_block_t = u32;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SMU: amdsmi_fw_block_t = 1;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_FIRST: amdsmi_fw_block_t = 1;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_CE: amdsmi_fw_block_t = 2;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_PFP: amdsmi_fw_block_t = 3;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_ME: amdsmi_fw_block_t = 4;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_MEC_JT1: amdsmi_fw_block_t = 5;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_MEC_JT2: amdsmi_fw_block_t = 6;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_MEC1: amdsmi_fw_block_t = 7;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_MEC2: amdsmi_fw_block_t = 8;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC: amdsmi_fw_block_t = 9;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA0: amdsmi_fw_block_t = 10;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA1: amdsmi_fw_block_t = 11;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA2: amdsmi_fw_block_t = 12;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA3: amdsmi_fw_block_t = 13;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA4: amdsmi_fw_block_t = 14;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA5: amdsmi_fw_block_t = 15;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA6: amdsmi_fw_block_t = 16;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA7: amdsmi_fw_block_t = 17;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_VCN: amdsmi_fw_block_t = 18;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_UVD: amdsmi_fw_block_t = 19;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_VCE: amdsmi_fw_block_t = 20;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_ISP: amdsmi_fw_block_t = 21;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_DMCU_ERAM: amdsmi_fw_block_t = 22;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_DMCU_ISR: amdsmi_fw_block_t = 23;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_RESTORE_LIST_GPM_MEM: amdsmi_fw_block_t = 24;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_RESTORE_LIST_SRM_MEM: amdsmi_fw_block_t = 25;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_RESTORE_LIST_CNTL: amdsmi_fw_block_t = 26;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_V: amdsmi_fw_block_t = 27;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_MMSCH: amdsmi_fw_block_t = 28;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_SYSDRV: amdsmi_fw_block_t = 29;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_SOSDRV: amdsmi_fw_block_t = 30;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_TOC: amdsmi_fw_block_t = 31;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_KEYDB: amdsmi_fw_block_t = 32;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_DFC: amdsmi_fw_block_t = 33;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_SPL: amdsmi_fw_block_t = 34;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_DRV_CAP: amdsmi_fw_block_t = 35;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_MC: amdsmi_fw_block_t = 36;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_BL: amdsmi_fw_block_t = 37;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_PM4: amdsmi_fw_block_t = 38;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_P: amdsmi_fw_block_t = 39;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SEC_POLICY_STAGE2: amdsmi_fw_block_t = 40;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_REG_ACCESS_WHITELIST: amdsmi_fw_block_t = 41;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_IMU_DRAM: amdsmi_fw_block_t = 42;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_IMU_IRAM: amdsmi_fw_block_t = 43;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA_TH0: amdsmi_fw_block_t = 44;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_SDMA_TH1: amdsmi_fw_block_t = 45;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_CP_MES: amdsmi_fw_block_t = 46;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_MES_KIQ: amdsmi_fw_block_t = 47;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_MES_STACK: amdsmi_fw_block_t = 48;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_MES_THREAD1: amdsmi_fw_block_t = 49;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_MES_THREAD1_STACK: amdsmi_fw_block_t = 50;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLX6: amdsmi_fw_block_t = 51;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLX6_DRAM_BOOT: amdsmi_fw_block_t = 52;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_ME: amdsmi_fw_block_t = 53;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_ME_P0_DATA: amdsmi_fw_block_t = 54;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_ME_P1_DATA: amdsmi_fw_block_t = 55;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_PFP: amdsmi_fw_block_t = 56;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_PFP_P0_DATA: amdsmi_fw_block_t = 57;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_PFP_P1_DATA: amdsmi_fw_block_t = 58;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_MEC: amdsmi_fw_block_t = 59;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_MEC_P0_DATA: amdsmi_fw_block_t = 60;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_MEC_P1_DATA: amdsmi_fw_block_t = 61;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_MEC_P2_DATA: amdsmi_fw_block_t = 62;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RS64_MEC_P3_DATA: amdsmi_fw_block_t = 63;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PPTABLE: amdsmi_fw_block_t = 64;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_SOC: amdsmi_fw_block_t = 65;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_DBG: amdsmi_fw_block_t = 66;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PSP_INTF: amdsmi_fw_block_t = 67;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLX6_CORE1: amdsmi_fw_block_t = 68;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLX6_DRAM_BOOT_CORE1: amdsmi_fw_block_t = 69;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLCV_LX7: amdsmi_fw_block_t = 70;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_SAVE_RESTORE_LIST: amdsmi_fw_block_t = 71;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_ASD: amdsmi_fw_block_t = 72;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_TA_RAS: amdsmi_fw_block_t = 73;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_TA_XGMI: amdsmi_fw_block_t = 74;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_SRLG: amdsmi_fw_block_t = 75;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_RLC_SRLS: amdsmi_fw_block_t = 76;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PM: amdsmi_fw_block_t = 77;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_DMCU: amdsmi_fw_block_t = 78;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID_PLDM_BUNDLE: amdsmi_fw_block_t = 79;
/// A value of [`amdsmi_fw_block_t`].
pub const AMDSMI_FW_ID__MAX: amdsmi_fw_block_t = 80;

/// `amdsmi_vram_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_vram_type_t = u32;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_UNKNOWN: amdsmi_vram_type_t = 0;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_HBM: amdsmi_vram_type_t = 1;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_HBM2: amdsmi_vram_type_t = 2;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_HBM2E: amdsmi_vram_type_t = 3;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_HBM3: amdsmi_vram_type_t = 4;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_DDR2: amdsmi_vram_type_t = 10;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_DDR3: amdsmi_vram_type_t = 11;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_DDR4: amdsmi_vram_type_t = 12;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_GDDR1: amdsmi_vram_type_t = 17;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_GDDR2: amdsmi_vram_type_t = 18;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_GDDR3: amdsmi_vram_type_t = 19;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_GDDR4: amdsmi_vram_type_t = 20;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_GDDR5: amdsmi_vram_type_t = 21;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_GDDR6: amdsmi_vram_type_t = 22;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE_GDDR7: amdsmi_vram_type_t = 23;
/// A value of [`amdsmi_vram_type_t`].
pub const AMDSMI_VRAM_TYPE__MAX: amdsmi_vram_type_t = 23;

/// `amdsmi_card_form_factor_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_card_form_factor_t = u32;
/// A value of [`amdsmi_card_form_factor_t`].
pub const AMDSMI_CARD_FORM_FACTOR_PCIE: amdsmi_card_form_factor_t = 0;
/// A value of [`amdsmi_card_form_factor_t`].
pub const AMDSMI_CARD_FORM_FACTOR_OAM: amdsmi_card_form_factor_t = 1;
/// A value of [`amdsmi_card_form_factor_t`].
pub const AMDSMI_CARD_FORM_FACTOR_CEM: amdsmi_card_form_factor_t = 2;
/// A value of [`amdsmi_card_form_factor_t`].
pub const AMDSMI_CARD_FORM_FACTOR_UNKNOWN: amdsmi_card_form_factor_t = 3;

/// `amdsmi_cache_property_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_cache_property_type_t = u32;
/// A value of [`amdsmi_cache_property_type_t`].
pub const AMDSMI_CACHE_PROPERTY_ENABLED: amdsmi_cache_property_type_t = 1;
/// A value of [`amdsmi_cache_property_type_t`].
pub const AMDSMI_CACHE_PROPERTY_DATA_CACHE: amdsmi_cache_property_type_t = 2;
/// A value of [`amdsmi_cache_property_type_t`].
pub const AMDSMI_CACHE_PROPERTY_INST_CACHE: amdsmi_cache_property_type_t = 4;
/// A value of [`amdsmi_cache_property_type_t`].
pub const AMDSMI_CACHE_PROPERTY_CPU_CACHE: amdsmi_cache_property_type_t = 8;
/// A value of [`amdsmi_cache_property_type_t`].
pub const AMDSMI_CACHE_PROPERTY_SIMD_CACHE: amdsmi_cache_property_type_t = 16;

/// `amdsmi_link_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_link_type_t = u32;
/// A value of [`amdsmi_link_type_t`].
pub const AMDSMI_LINK_TYPE_INTERNAL: amdsmi_link_type_t = 0;
/// A value of [`amdsmi_link_type_t`].
pub const AMDSMI_LINK_TYPE_PCIE: amdsmi_link_type_t = 1;
/// A value of [`amdsmi_link_type_t`].
pub const AMDSMI_LINK_TYPE_XGMI: amdsmi_link_type_t = 2;
/// A value of [`amdsmi_link_type_t`].
pub const AMDSMI_LINK_TYPE_NOT_APPLICABLE: amdsmi_link_type_t = 3;
/// A value of [`amdsmi_link_type_t`].
pub const AMDSMI_LINK_TYPE_UNKNOWN: amdsmi_link_type_t = 4;

/// `amdsmi_dev_perf_level_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_dev_perf_level_t = u32;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_AUTO: amdsmi_dev_perf_level_t = 0;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_FIRST: amdsmi_dev_perf_level_t = 0;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_LOW: amdsmi_dev_perf_level_t = 1;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_HIGH: amdsmi_dev_perf_level_t = 2;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_MANUAL: amdsmi_dev_perf_level_t = 3;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_STABLE_STD: amdsmi_dev_perf_level_t = 4;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_STABLE_PEAK: amdsmi_dev_perf_level_t = 5;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_MCLK: amdsmi_dev_perf_level_t = 6;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_STABLE_MIN_SCLK: amdsmi_dev_perf_level_t = 7;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_DETERMINISM: amdsmi_dev_perf_level_t = 8;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_LAST: amdsmi_dev_perf_level_t = 8;
/// A value of [`amdsmi_dev_perf_level_t`].
pub const AMDSMI_DEV_PERF_LEVEL_UNKNOWN: amdsmi_dev_perf_level_t = 0x100;

/// `amdsmi_event_group_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_event_group_t = u32;
/// A value of [`amdsmi_event_group_t`].
pub const AMDSMI_EVNT_GRP_XGMI: amdsmi_event_group_t = 0;
/// A value of [`amdsmi_event_group_t`].
pub const AMDSMI_EVNT_GRP_XGMI_DATA_OUT: amdsmi_event_group_t = 10;
/// A value of [`amdsmi_event_group_t`].
pub const AMDSMI_EVNT_GRP_INVALID: amdsmi_event_group_t = 0xFFFFFFFF;

/// `amdsmi_event_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_event_type_t = u32;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_FIRST: amdsmi_event_type_t = 0;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_FIRST: amdsmi_event_type_t = 0;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_0_NOP_TX: amdsmi_event_type_t = 0;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_0_REQUEST_TX: amdsmi_event_type_t = 1;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_0_RESPONSE_TX: amdsmi_event_type_t = 2;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_0_BEATS_TX: amdsmi_event_type_t = 3;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_1_NOP_TX: amdsmi_event_type_t = 4;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_1_REQUEST_TX: amdsmi_event_type_t = 5;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_1_RESPONSE_TX: amdsmi_event_type_t = 6;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_1_BEATS_TX: amdsmi_event_type_t = 7;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_LAST: amdsmi_event_type_t = 7;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_FIRST: amdsmi_event_type_t = 10;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_0: amdsmi_event_type_t = 10;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_1: amdsmi_event_type_t = 11;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_2: amdsmi_event_type_t = 12;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_3: amdsmi_event_type_t = 13;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_4: amdsmi_event_type_t = 14;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_5: amdsmi_event_type_t = 15;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_XGMI_DATA_OUT_LAST: amdsmi_event_type_t = 15;
/// A value of [`amdsmi_event_type_t`].
pub const AMDSMI_EVNT_LAST: amdsmi_event_type_t = 15;

/// `amdsmi_counter_command_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_counter_command_t = u32;
/// A value of [`amdsmi_counter_command_t`].
pub const AMDSMI_CNTR_CMD_START: amdsmi_counter_command_t = 0;
/// A value of [`amdsmi_counter_command_t`].
pub const AMDSMI_CNTR_CMD_STOP: amdsmi_counter_command_t = 1;

/// `amdsmi_evt_notification_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_evt_notification_type_t = u32;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_NONE: amdsmi_evt_notification_type_t = 0;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_VMFAULT: amdsmi_evt_notification_type_t = 1;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_FIRST: amdsmi_evt_notification_type_t = 1;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_THERMAL_THROTTLE: amdsmi_evt_notification_type_t = 2;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_GPU_PRE_RESET: amdsmi_evt_notification_type_t = 3;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_GPU_POST_RESET: amdsmi_evt_notification_type_t = 4;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_MIGRATE_START: amdsmi_evt_notification_type_t = 5;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_MIGRATE_END: amdsmi_evt_notification_type_t = 6;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_PAGE_FAULT_START: amdsmi_evt_notification_type_t = 7;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_PAGE_FAULT_END: amdsmi_evt_notification_type_t = 8;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_QUEUE_EVICTION: amdsmi_evt_notification_type_t = 9;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_QUEUE_RESTORE: amdsmi_evt_notification_type_t = 10;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_UNMAP_FROM_GPU: amdsmi_evt_notification_type_t = 11;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_PROCESS_START: amdsmi_evt_notification_type_t = 12;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_PROCESS_END: amdsmi_evt_notification_type_t = 13;
/// A value of [`amdsmi_evt_notification_type_t`].
pub const AMDSMI_EVT_NOTIF_LAST: amdsmi_evt_notification_type_t = 13;

/// `amdsmi_temperature_metric_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_temperature_metric_t = u32;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_CURRENT: amdsmi_temperature_metric_t = 0;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_FIRST: amdsmi_temperature_metric_t = 0;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_MAX: amdsmi_temperature_metric_t = 1;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_MIN: amdsmi_temperature_metric_t = 2;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_MAX_HYST: amdsmi_temperature_metric_t = 3;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_MIN_HYST: amdsmi_temperature_metric_t = 4;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_CRITICAL: amdsmi_temperature_metric_t = 5;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_CRITICAL_HYST: amdsmi_temperature_metric_t = 6;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_EMERGENCY: amdsmi_temperature_metric_t = 7;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_EMERGENCY_HYST: amdsmi_temperature_metric_t = 8;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_CRIT_MIN: amdsmi_temperature_metric_t = 9;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_CRIT_MIN_HYST: amdsmi_temperature_metric_t = 10;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_OFFSET: amdsmi_temperature_metric_t = 11;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_LOWEST: amdsmi_temperature_metric_t = 12;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_HIGHEST: amdsmi_temperature_metric_t = 13;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_SHUTDOWN: amdsmi_temperature_metric_t = 14;
/// A value of [`amdsmi_temperature_metric_t`].
pub const AMDSMI_TEMP_LAST: amdsmi_temperature_metric_t = 14;

/// `amdsmi_voltage_metric_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_voltage_metric_t = u32;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_CURRENT: amdsmi_voltage_metric_t = 0;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_FIRST: amdsmi_voltage_metric_t = 0;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_MAX: amdsmi_voltage_metric_t = 1;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_MIN_CRIT: amdsmi_voltage_metric_t = 2;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_MIN: amdsmi_voltage_metric_t = 3;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_MAX_CRIT: amdsmi_voltage_metric_t = 4;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_AVERAGE: amdsmi_voltage_metric_t = 5;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_LOWEST: amdsmi_voltage_metric_t = 6;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_HIGHEST: amdsmi_voltage_metric_t = 7;
/// A value of [`amdsmi_voltage_metric_t`].
pub const AMDSMI_VOLT_LAST: amdsmi_voltage_metric_t = 7;

/// `amdsmi_voltage_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_voltage_type_t = u32;
/// A value of [`amdsmi_voltage_type_t`].
pub const AMDSMI_VOLT_TYPE_FIRST: amdsmi_voltage_type_t = 0;
/// A value of [`amdsmi_voltage_type_t`].
pub const AMDSMI_VOLT_TYPE_VDDGFX: amdsmi_voltage_type_t = 0;
/// A value of [`amdsmi_voltage_type_t`].
pub const AMDSMI_VOLT_TYPE_VDDBOARD: amdsmi_voltage_type_t = 1;
/// A value of [`amdsmi_voltage_type_t`].
pub const AMDSMI_VOLT_TYPE_LAST: amdsmi_voltage_type_t = 1;
/// A value of [`amdsmi_voltage_type_t`].
pub const AMDSMI_VOLT_TYPE_INVALID: amdsmi_voltage_type_t = 0xFFFFFFFF;

/// `amdsmi_power_profile_preset_masks_t`: C enum, 8 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_power_profile_preset_masks_t = u64;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_CUSTOM_MASK: amdsmi_power_profile_preset_masks_t = 1;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_VIDEO_MASK: amdsmi_power_profile_preset_masks_t = 2;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_POWER_SAVING_MASK: amdsmi_power_profile_preset_masks_t = 4;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_COMPUTE_MASK: amdsmi_power_profile_preset_masks_t = 8;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_VR_MASK: amdsmi_power_profile_preset_masks_t = 16;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_3D_FULL_SCR_MASK: amdsmi_power_profile_preset_masks_t = 32;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_BOOTUP_DEFAULT: amdsmi_power_profile_preset_masks_t = 64;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_LAST: amdsmi_power_profile_preset_masks_t = 64;
/// A value of [`amdsmi_power_profile_preset_masks_t`].
pub const AMDSMI_PWR_PROF_PRST_INVALID: amdsmi_power_profile_preset_masks_t = 0xFFFFFFFFFFFFFFFF;

/// `amdsmi_gpu_block_t`: C enum, 8 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_gpu_block_t = u64;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_INVALID: amdsmi_gpu_block_t = 0;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_FIRST: amdsmi_gpu_block_t = 1;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_UMC: amdsmi_gpu_block_t = 1;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_SDMA: amdsmi_gpu_block_t = 2;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_GFX: amdsmi_gpu_block_t = 4;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_MMHUB: amdsmi_gpu_block_t = 8;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_ATHUB: amdsmi_gpu_block_t = 16;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_PCIE_BIF: amdsmi_gpu_block_t = 32;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_HDP: amdsmi_gpu_block_t = 64;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_XGMI_WAFL: amdsmi_gpu_block_t = 128;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_DF: amdsmi_gpu_block_t = 0x100;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_SMN: amdsmi_gpu_block_t = 0x200;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_SEM: amdsmi_gpu_block_t = 0x400;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_MP0: amdsmi_gpu_block_t = 0x800;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_MP1: amdsmi_gpu_block_t = 0x1000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_FUSE: amdsmi_gpu_block_t = 0x2000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_MCA: amdsmi_gpu_block_t = 0x4000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_VCN: amdsmi_gpu_block_t = 0x8000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_JPEG: amdsmi_gpu_block_t = 0x10000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_IH: amdsmi_gpu_block_t = 0x20000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_MPIO: amdsmi_gpu_block_t = 0x40000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_LAST: amdsmi_gpu_block_t = 0x40000;
/// A value of [`amdsmi_gpu_block_t`].
pub const AMDSMI_GPU_BLOCK_RESERVED: amdsmi_gpu_block_t = 0x8000000000000000;

/// `amdsmi_clk_limit_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_clk_limit_type_t = u32;
/// A value of [`amdsmi_clk_limit_type_t`].
pub const CLK_LIMIT_MIN: amdsmi_clk_limit_type_t = 0;
/// A value of [`amdsmi_clk_limit_type_t`].
pub const CLK_LIMIT_MAX: amdsmi_clk_limit_type_t = 1;

/// `amdsmi_cper_sev_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_cper_sev_t = u32;
/// A value of [`amdsmi_cper_sev_t`].
pub const AMDSMI_CPER_SEV_NON_FATAL_UNCORRECTED: amdsmi_cper_sev_t = 0;
/// A value of [`amdsmi_cper_sev_t`].
pub const AMDSMI_CPER_SEV_FATAL: amdsmi_cper_sev_t = 1;
/// A value of [`amdsmi_cper_sev_t`].
pub const AMDSMI_CPER_SEV_NON_FATAL_CORRECTED: amdsmi_cper_sev_t = 2;
/// A value of [`amdsmi_cper_sev_t`].
pub const AMDSMI_CPER_SEV_NUM: amdsmi_cper_sev_t = 3;
/// A value of [`amdsmi_cper_sev_t`].
pub const AMDSMI_CPER_SEV_UNUSED: amdsmi_cper_sev_t = 10;

/// `amdsmi_cper_notify_type_t`: C enum, 8 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_cper_notify_type_t = u64;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_CMC: amdsmi_cper_notify_type_t = 0x450EBDD72DCE8BB1;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_CPE: amdsmi_cper_notify_type_t = 0x4A55D8434E292F96;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_MCE: amdsmi_cper_notify_type_t = 0x4CC5919CE8F56FFE;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_PCIE: amdsmi_cper_notify_type_t = 0x4DFC1A16CF93C01F;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_INIT: amdsmi_cper_notify_type_t = 0x454A9308CC5263E8;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_NMI: amdsmi_cper_notify_type_t = 0x42C9B7E65BAD89FF;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_BOOT: amdsmi_cper_notify_type_t = 0x409AAB403D61A466;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_DMAR: amdsmi_cper_notify_type_t = 0x4C27C6B3667DD791;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_SEA: amdsmi_cper_notify_type_t = 0x11E4BBE89A78788A;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_SEI: amdsmi_cper_notify_type_t = 0x4E87B0AE5C284C81;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_PEI: amdsmi_cper_notify_type_t = 0x4214520409A9D5AC;
/// A value of [`amdsmi_cper_notify_type_t`].
pub const AMDSMI_CPER_NOTIFY_TYPE_CXL_COMPONENT: amdsmi_cper_notify_type_t = 0x49A341DF69293BC9;

/// `amdsmi_ras_err_state_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_ras_err_state_t = u32;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_NONE: amdsmi_ras_err_state_t = 0;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_DISABLED: amdsmi_ras_err_state_t = 1;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_PARITY: amdsmi_ras_err_state_t = 2;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_SING_C: amdsmi_ras_err_state_t = 3;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_MULT_UC: amdsmi_ras_err_state_t = 4;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_POISON: amdsmi_ras_err_state_t = 5;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_ENABLED: amdsmi_ras_err_state_t = 6;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_LAST: amdsmi_ras_err_state_t = 6;
/// A value of [`amdsmi_ras_err_state_t`].
pub const AMDSMI_RAS_ERR_STATE_INVALID: amdsmi_ras_err_state_t = 0xFFFFFFFF;

/// `amdsmi_memory_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_memory_type_t = u32;
/// A value of [`amdsmi_memory_type_t`].
pub const AMDSMI_MEM_TYPE_FIRST: amdsmi_memory_type_t = 0;
/// A value of [`amdsmi_memory_type_t`].
pub const AMDSMI_MEM_TYPE_VRAM: amdsmi_memory_type_t = 0;
/// A value of [`amdsmi_memory_type_t`].
pub const AMDSMI_MEM_TYPE_VIS_VRAM: amdsmi_memory_type_t = 1;
/// A value of [`amdsmi_memory_type_t`].
pub const AMDSMI_MEM_TYPE_GTT: amdsmi_memory_type_t = 2;
/// A value of [`amdsmi_memory_type_t`].
pub const AMDSMI_MEM_TYPE_LAST: amdsmi_memory_type_t = 2;

/// `amdsmi_freq_ind_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_freq_ind_t = u32;
/// A value of [`amdsmi_freq_ind_t`].
pub const AMDSMI_FREQ_IND_MIN: amdsmi_freq_ind_t = 0;
/// A value of [`amdsmi_freq_ind_t`].
pub const AMDSMI_FREQ_IND_MAX: amdsmi_freq_ind_t = 1;
/// A value of [`amdsmi_freq_ind_t`].
pub const AMDSMI_FREQ_IND_INVALID: amdsmi_freq_ind_t = 0xFFFFFFFF;

/// `amdsmi_xgmi_status_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_xgmi_status_t = u32;
/// A value of [`amdsmi_xgmi_status_t`].
pub const AMDSMI_XGMI_STATUS_NO_ERRORS: amdsmi_xgmi_status_t = 0;
/// A value of [`amdsmi_xgmi_status_t`].
pub const AMDSMI_XGMI_STATUS_ERROR: amdsmi_xgmi_status_t = 1;
/// A value of [`amdsmi_xgmi_status_t`].
pub const AMDSMI_XGMI_STATUS_MULTIPLE_ERRORS: amdsmi_xgmi_status_t = 2;

/// `amdsmi_memory_page_status_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_memory_page_status_t = u32;
/// A value of [`amdsmi_memory_page_status_t`].
pub const AMDSMI_MEM_PAGE_STATUS_RESERVED: amdsmi_memory_page_status_t = 0;
/// A value of [`amdsmi_memory_page_status_t`].
pub const AMDSMI_MEM_PAGE_STATUS_PENDING: amdsmi_memory_page_status_t = 1;
/// A value of [`amdsmi_memory_page_status_t`].
pub const AMDSMI_MEM_PAGE_STATUS_UNRESERVABLE: amdsmi_memory_page_status_t = 2;

/// `amdsmi_utilization_counter_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_utilization_counter_type_t = u32;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_UTILIZATION_COUNTER_FIRST: amdsmi_utilization_counter_type_t = 0;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_COARSE_GRAIN_GFX_ACTIVITY: amdsmi_utilization_counter_type_t = 0;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_COARSE_GRAIN_MEM_ACTIVITY: amdsmi_utilization_counter_type_t = 1;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_COARSE_DECODER_ACTIVITY: amdsmi_utilization_counter_type_t = 2;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_FINE_GRAIN_GFX_ACTIVITY: amdsmi_utilization_counter_type_t = 100;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_FINE_GRAIN_MEM_ACTIVITY: amdsmi_utilization_counter_type_t = 101;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_FINE_DECODER_ACTIVITY: amdsmi_utilization_counter_type_t = 102;
/// A value of [`amdsmi_utilization_counter_type_t`].
pub const AMDSMI_UTILIZATION_COUNTER_LAST: amdsmi_utilization_counter_type_t = 102;

/// `amdsmi_xgmi_link_status_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_xgmi_link_status_type_t = u32;
/// A value of [`amdsmi_xgmi_link_status_type_t`].
pub const AMDSMI_XGMI_LINK_DOWN: amdsmi_xgmi_link_status_type_t = 0;
/// A value of [`amdsmi_xgmi_link_status_type_t`].
pub const AMDSMI_XGMI_LINK_UP: amdsmi_xgmi_link_status_type_t = 1;
/// A value of [`amdsmi_xgmi_link_status_type_t`].
pub const AMDSMI_XGMI_LINK_DISABLE: amdsmi_xgmi_link_status_type_t = 2;

/// `amdsmi_reg_type_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_reg_type_t = u32;
/// A value of [`amdsmi_reg_type_t`].
pub const AMDSMI_REG_XGMI: amdsmi_reg_type_t = 0;
/// A value of [`amdsmi_reg_type_t`].
pub const AMDSMI_REG_WAFL: amdsmi_reg_type_t = 1;
/// A value of [`amdsmi_reg_type_t`].
pub const AMDSMI_REG_PCIE: amdsmi_reg_type_t = 2;
/// A value of [`amdsmi_reg_type_t`].
pub const AMDSMI_REG_USR: amdsmi_reg_type_t = 3;
/// A value of [`amdsmi_reg_type_t`].
pub const AMDSMI_REG_USR1: amdsmi_reg_type_t = 4;

/// `amdsmi_virtualization_mode_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_virtualization_mode_t = u32;
/// A value of [`amdsmi_virtualization_mode_t`].
pub const AMDSMI_VIRTUALIZATION_MODE_UNKNOWN: amdsmi_virtualization_mode_t = 0;
/// A value of [`amdsmi_virtualization_mode_t`].
pub const AMDSMI_VIRTUALIZATION_MODE_BAREMETAL: amdsmi_virtualization_mode_t = 1;
/// A value of [`amdsmi_virtualization_mode_t`].
pub const AMDSMI_VIRTUALIZATION_MODE_HOST: amdsmi_virtualization_mode_t = 2;
/// A value of [`amdsmi_virtualization_mode_t`].
pub const AMDSMI_VIRTUALIZATION_MODE_GUEST: amdsmi_virtualization_mode_t = 3;
/// A value of [`amdsmi_virtualization_mode_t`].
pub const AMDSMI_VIRTUALIZATION_MODE_PASSTHROUGH: amdsmi_virtualization_mode_t = 4;

/// `amdsmi_affinity_scope_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_affinity_scope_t = u32;
/// A value of [`amdsmi_affinity_scope_t`].
pub const AMDSMI_AFFINITY_SCOPE_NODE: amdsmi_affinity_scope_t = 0;
/// A value of [`amdsmi_affinity_scope_t`].
pub const AMDSMI_AFFINITY_SCOPE_SOCKET: amdsmi_affinity_scope_t = 1;

/// `amdsmi_io_bw_encoding_t`: C enum, 4 bytes wide in AMD SMI 7.0.2.
pub type amdsmi_io_bw_encoding_t = u32;
/// A value of [`amdsmi_io_bw_encoding_t`].
pub const AGG_BW0: amdsmi_io_bw_encoding_t = 1;
/// A value of [`amdsmi_io_bw_encoding_t`].
pub const RD_BW0: amdsmi_io_bw_encoding_t = 2;
/// A value of [`amdsmi_io_bw_encoding_t`].
pub const WR_BW0: amdsmi_io_bw_encoding_t = 4;

//! GPU identity and inventory on the fixture machines, against values read by hand from the
//! fixture files (sysfs attributes, KFD caches, the recorded DRM render nodes).

use amdsmi::*;

use crate::common;

fn context(machine: &str) -> Context {
    Context::builder().root(common::machine(machine)).build().unwrap()
}

fn first(machine: &str) -> (Context, ProcessorHandle) {
    let ctx = context(machine);
    let gpu = ctx.processor_handles()[0];
    (ctx, gpu)
}

#[test]
fn rx6900xt_identity() {
    let (ctx, gpu) = first("rx6900xt");
    let asic = ctx.gpu(gpu).and_then(|g| g.asic_info()).unwrap();
    assert_eq!(asic.market_name.as_deref(), Some("AMD Radeon RX 6900 XT"));
    assert_eq!((asic.vendor_id, asic.device_id, asic.rev_id), (Some(0x1002), Some(0x73bf), Some(0xc0)));
    assert_eq!((asic.subvendor_id, asic.subsystem_id), (Some(0x1da2), Some(0x440e)));
    assert_eq!(asic.vendor_name.as_deref(), Some("Advanced Micro Devices Inc. [AMD/ATI]"));
    assert_eq!(asic.asic_serial, Some(0x946d_7e1e_f9b1_72dd));
    assert_eq!(asic.oam_id, None, "no xgmi_physical_id on a desktop card");
    assert_eq!(asic.num_of_compute_units, Some(80));
    assert_eq!(asic.target_graphics_version.as_deref(), Some("gfx1030"));

    assert_eq!(ctx.gpu(gpu).and_then(|g| g.id()).unwrap(), 0x73bf);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.revision()).unwrap(), "0xc0");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.subsystem_id()).unwrap(), "0x440e");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.vendor_name()).unwrap(), "Advanced Micro Devices, Inc. [AMD/ATI]");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.vram_vendor()).unwrap(), "samsung");
    assert_eq!(ctx.processor_info(gpu).unwrap(), "0");
}

#[test]
fn rx6900xt_vbios_driver_vram_from_recorded_render_node() {
    let (ctx, gpu) = first("rx6900xt");
    let vbios = ctx.gpu(gpu).and_then(|g| g.vbios_info()).unwrap();
    assert_eq!(vbios.part_number.as_deref(), Some("113-D4121EXT-CO1"), "= sysfs vbios_version");
    assert_eq!(vbios.name.as_deref(), Some("NAVI21 XTX D41205 16GB 2250e/1000m"));
    assert_eq!(vbios.build_date.as_deref(), Some("2020/11/05 11:22"));
    assert_eq!(vbios.version.as_deref(), Some("020.001.000.038.015717"));
    assert_eq!(vbios.boot_firmware, None);

    let driver = ctx.gpu(gpu).and_then(|g| g.driver_info()).unwrap();
    assert_eq!(driver.driver_name.as_deref(), Some("amdgpu"));
    assert_eq!(driver.driver_date.as_deref(), Some("2015/01/01 00:00"));
    assert_eq!(driver.driver_version, None, "in-tree driver: no module version, no osrelease in the fixture");

    let vram = ctx.gpu(gpu).and_then(|g| g.vram_info()).unwrap();
    assert_eq!(vram.vram_type, VramType::Gddr6);
    assert_eq!(vram.vram_vendor.as_deref(), Some("SAMSUNG"));
    assert_eq!(vram.vram_size, Some(17_163_091_968 / (1024 * 1024)));
    assert_eq!(vram.vram_bit_width, Some(256));
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.virtualization_mode()).unwrap_err().status(),
        Status::NotSupported,
        "DRM 3.57 predates the mode bits"
    );
}

#[test]
fn rx6900xt_firmware_list_is_its_fw_version_folder() {
    let (ctx, gpu) = first("rx6900xt");
    let fw = ctx.gpu(gpu).and_then(|g| g.fw_info()).unwrap().fw_list;
    let listed: Vec<(&str, &str)> = fw.iter().map(|e| (e.fw_name.as_str(), e.fw_version.as_str())).collect();
    // 22 files in fw_version/; smc 0x003a5600, sos 0x00210864, ta_ras 0x1b00013e, vcn 0x0211a000,
    // asd 0x21000095, mec 0x68; imu is not an AMD SMI block and keeps its name.
    assert_eq!(fw.len(), 22);
    assert!(listed.contains(&("AMDSMI_FW_ID_PM", "00.58.86.00")));
    assert!(listed.contains(&("AMDSMI_FW_ID_PSP_SOSDRV", "00.21.08.64")));
    assert!(listed.contains(&("AMDSMI_FW_ID_TA_RAS", "1B.00.01.3E")));
    assert!(listed.contains(&("AMDSMI_FW_ID_TA_XGMI", "20.00.00.0D")));
    assert!(listed.contains(&("AMDSMI_FW_ID_VCN", "02.11.A0.00")));
    assert!(listed.contains(&("AMDSMI_FW_ID_ASD", "553648277")));
    assert!(listed.contains(&("AMDSMI_FW_ID_CP_MEC1", "104")));
    assert!(listed.contains(&("AMDSMI_FW_ID_SDMA1", "81")));
    assert_eq!(listed.last(), Some(&("IMU", "0")));
}

#[test]
fn rx6900xt_power_board_numa() {
    let (ctx, gpu) = first("rx6900xt");
    let caps = ctx.gpu(gpu).and_then(|g| g.power_cap_info()).unwrap();
    assert_eq!(caps.power_cap, 289_000_000);
    assert_eq!(caps.default_power_cap, Some(289_000_000));
    assert_eq!((caps.min_power_cap, caps.max_power_cap), (Some(0), Some(332_000_000)));
    assert_eq!(caps.dpm_cap, Some(2), "pp_dpm_sclk lists levels 0 and 1");
    let supported = ctx.gpu(gpu).and_then(|g| g.supported_power_cap()).unwrap();
    assert_eq!((supported.sensor_inds, supported.sensor_types), (vec![0], vec!["PPT0".to_owned()]));
    assert!(ctx.gpu(gpu).and_then(|g| g.is_power_management_enabled()).unwrap());

    let board = ctx.gpu(gpu).and_then(|g| g.board_info()).unwrap();
    assert_eq!(board.model_number, None, "product_number is empty");
    assert_eq!(board.product_serial, None);
    assert_eq!(board.product_name.as_deref(), Some("Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]"));

    assert_eq!(ctx.gpu(gpu).and_then(|g| g.topo_numa_affinity()).unwrap(), -1);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.topo_numa_node_number()).unwrap(), 0);
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.cpu_affinity_with_scope(AmdSmiAffinityScope::Socket)).unwrap(),
        vec![0xffff],
        "0-15"
    );
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.compute_partition()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.cache_info()).unwrap_err().status(), Status::NoData, "caches_count 0");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.xgmi_info()).unwrap().xgmi_hive_id, 0);
}

#[test]
fn apu_caches_equal_their_kfd_caches() {
    // Both captured KFD trees list 27 caches that group into the same five kinds.
    for machine in ["phoenix", "strixpoint"] {
        let (ctx, gpu) = first(machine);
        let caches = ctx.gpu(gpu).and_then(|g| g.cache_info()).unwrap().cache;
        let got: Vec<(u32, u32, u32, u32, Vec<&str>)> = caches
            .iter()
            .map(|c| {
                (c.cache_level, c.cache_size, c.max_num_cu_shared, c.num_cache_instance, c.cache_properties.clone())
            })
            .collect();
        let data = vec!["DATA_CACHE", "SIMD_CACHE"];
        let inst = vec!["INST_CACHE", "SIMD_CACHE"];
        assert_eq!(
            got,
            [
                (1, 32, 1, 12, data.clone()),
                (1, 32, 2, 6, inst),
                (1, 16, 2, 6, data.clone()),
                (1, 256, 6, 2, data.clone()),
                (2, 2048, 12, 1, data),
            ],
            "{machine}"
        );
    }
    let (ctx, gpu) = first("phoenix");
    let asic = ctx.gpu(gpu).and_then(|g| g.asic_info()).unwrap();
    assert_eq!((asic.device_id, asic.rev_id, asic.num_of_compute_units), (Some(0x15bf), Some(0xdd), Some(12)));
    assert_eq!(asic.target_graphics_version.as_deref(), Some("gfx1103"));
    assert_eq!(asic.asic_serial, None, "empty unique_id, KFD unique_id 0");
}

#[test]
fn mi300x_partitions_and_board() {
    let ctx = context("mi300x-cpx");
    let gpus = ctx.processor_handles();
    for &gpu in &gpus {
        assert_eq!(ctx.gpu(gpu).and_then(|g| g.compute_partition()).unwrap(), "CPX");
        assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_partition()).unwrap(), "NPS1");
    }
    let profile = ctx.gpu(gpus[3]).and_then(|g| g.accelerator_partition_profile()).unwrap();
    assert_eq!(profile.partition_id, [3]);
    assert_eq!(profile.partition_profile.profile_type, "CPX");
    assert_eq!(profile.partition_profile.num_partitions, 8);
    let last = ctx.gpu(gpus[62]).and_then(|g| g.accelerator_partition_profile()).unwrap();
    assert_eq!(last.partition_profile.num_partitions, 7, "the capture lacks the 8th partition of bus 0xe5");

    let gpu = gpus[0];
    let board = ctx.gpu(gpu).and_then(|g| g.board_info()).unwrap();
    assert_eq!(board.product_name.as_deref(), Some("AMD Instinct MI300X OAM"));
    assert_eq!(board.model_number.as_deref(), Some("102-G30211-00"));
    assert_eq!(board.product_serial.as_deref(), Some("692300000001"));
    assert_eq!(board.fru_id.as_deref(), Some("4D84EDA1"));
    assert_eq!(board.manufacturer_name.as_deref(), Some("AMD"));
    let asic = ctx.gpu(gpu).and_then(|g| g.asic_info()).unwrap();
    assert_eq!(asic.oam_id, Some(0));
    assert_eq!(asic.asic_serial, Some(0xe3aa_140f_9a5f_9e31));
    assert_eq!(asic.target_graphics_version.as_deref(), Some("gfx942"));
    assert_eq!(asic.num_of_compute_units, Some(38), "152 SIMDs / 4 per CU in one CPX partition");
    let caps = ctx.gpu(gpu).and_then(|g| g.power_cap_info()).unwrap();
    assert_eq!((caps.power_cap, caps.max_power_cap), (750_000_000, Some(750_000_000)));
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.cpu_affinity_with_scope(AmdSmiAffinityScope::Socket)).unwrap().len(),
        5,
        "cpus 0-95,192-287"
    );
    assert_eq!(ctx.gpu(gpus[62]).and_then(|g| g.topo_numa_affinity()).unwrap(), 1);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.xgmi_info()).unwrap().xgmi_hive_id, 15_188_982_192_727_901_047);
    let vram = ctx.gpu(gpu).and_then(|g| g.vram_info()).unwrap();
    assert_eq!((vram.vram_type, vram.vram_bit_width), (VramType::Hbm, Some(8192)));
    assert_eq!(vram.vram_size, Some(196_592));
    assert_eq!(
        ctx.gpu(gpu).and_then(|g| g.virtualization_mode()).unwrap().mode,
        VirtualizationMode::Baremetal,
        "DRM 3.63, ids_flags 0"
    );
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.driver_info()).unwrap().driver_version.as_deref(), Some("6.10.5"));
}

#[test]
fn missing_files_are_not_supported_not_defaults() {
    // The R7 240 capture has no unique_id, no KFD node, no recorded render node.
    let (ctx, gpu) = first("r7-240");
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.cache_info()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.xgmi_info()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.topo_numa_node_number()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.memory_partition()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.virtualization_mode()).unwrap_err().status(), Status::NotSupported);
    let asic = ctx.gpu(gpu).and_then(|g| g.asic_info()).unwrap();
    assert_eq!((asic.asic_serial, asic.num_of_compute_units, asic.target_graphics_version), (None, None, None));
    let vram = ctx.gpu(gpu).and_then(|g| g.vram_info()).unwrap();
    assert_eq!((vram.vram_type, vram.vram_bit_width), (VramType::Unknown, None), "no DRM answer: unknown, not 0");

    // A file removed from a copy of a full machine.
    let dir = common::copy_machine("rx6900xt");
    let dev = dir.path().join("sys/bus/pci/devices/0000:0c:00.0");
    for f in ["mem_info_vram_vendor", "revision", "subsystem_device"] {
        std::fs::remove_file(dev.join(f)).unwrap();
    }
    std::fs::remove_dir_all(dev.join("fw_version")).unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpu = ctx.processor_handles()[0];
    for err in [
        ctx.gpu(gpu).and_then(|g| g.vram_vendor()).unwrap_err(),
        ctx.gpu(gpu).and_then(|g| g.revision()).unwrap_err(),
        ctx.gpu(gpu).and_then(|g| g.subsystem_id()).unwrap_err(),
        ctx.gpu(gpu).and_then(|g| g.fw_info()).unwrap_err(),
    ] {
        assert_eq!(err.status(), Status::NotSupported, "{err}");
        assert!(err.path().is_some(), "{err}: the error names the file");
    }
    assert_eq!(ctx.gpu(gpu).and_then(|g| g.asic_info()).unwrap().subsystem_id, None);
}

/// What `asic`, `vbios` and `vram` must report on one single-GPU machine.
struct Inventory {
    machine: &'static str,
    device: u16,
    rev: Option<u8>,
    subsystem: (u16, u16),
    market: Option<&'static str>,
    cus: Option<u32>,
    gfx: Option<&'static str>,
    vbios_part: &'static str,
    vram_vendor: Option<&'static str>,
    vram_mib: Option<u64>,
}

#[test]
fn every_single_gpu_machine() {
    let table = [
        Inventory {
            machine: "rx7900xtx",
            device: 0x744c,
            rev: None,
            subsystem: (0x1da2, 0xe471),
            market: None,
            cus: Some(96),
            gfx: Some("gfx1100"),
            vbios_part: "113-D70401XT-N11",
            vram_vendor: None,
            vram_mib: None,
        },
        Inventory {
            machine: "rx9070",
            device: 0x7550,
            rev: None,
            subsystem: (0x1da2, 0x2490),
            market: None,
            cus: Some(56),
            gfx: Some("gfx1201"),
            vbios_part: "113-2E490TX-US2",
            vram_vendor: Some("hynix"),
            vram_mib: None,
        },
        Inventory {
            machine: "rx7800xt",
            device: 0x747e,
            rev: None,
            subsystem: (0x148c, 0x2427),
            market: None,
            cus: Some(60),
            gfx: Some("gfx1101"),
            vbios_part: "113-EXT90249-100",
            vram_vendor: Some("samsung"),
            vram_mib: None,
        },
        Inventory {
            machine: "rx580",
            device: 0x67df,
            rev: Some(0xe7),
            subsystem: (0x1da2, 0xe387),
            market: Some("AMD Radeon RX 580 Series"),
            cus: Some(36),
            gfx: Some("gfx803"),
            vbios_part: "113-1E3871U-O4C",
            vram_vendor: Some("unknown"),
            vram_mib: Some(4096),
        },
        Inventory {
            machine: "vega10",
            device: 0x687f,
            rev: Some(0xc1),
            subsystem: (0x1043, 0x04c4),
            market: Some("AMD Radeon RX Vega"),
            cus: Some(64),
            gfx: Some("gfx900"),
            vbios_part: "115-D050PIL-100",
            vram_vendor: Some("samsung"),
            vram_mib: Some(8176),
        },
        Inventory {
            machine: "r7-240",
            device: 0x6617,
            rev: Some(0x87),
            subsystem: (0x1787, 0x012f),
            market: Some("AMD Radeon R7 200 Series"),
            cus: None,
            gfx: None,
            vbios_part: "13-C86901_216",
            vram_vendor: Some("unknown"),
            vram_mib: Some(2048),
        },
        Inventory {
            machine: "strixpoint",
            device: 0x150e,
            rev: Some(0xc4),
            subsystem: (0x17aa, 0x3801),
            market: Some("AMD Radeon Graphics"),
            cus: Some(12),
            gfx: Some("gfx1150"),
            vbios_part: "113-STRIXEMU-001",
            vram_vendor: None,
            vram_mib: Some(512),
        },
        Inventory {
            machine: "vangogh",
            device: 0x163f,
            rev: None,
            subsystem: (0x1002, 0x0123),
            market: None,
            cus: Some(8),
            gfx: Some("gfx1033"),
            vbios_part: "113-AMDAerithJ-005",
            vram_vendor: None,
            vram_mib: None,
        },
    ];
    for want in table {
        let (ctx, gpu) = first(want.machine);
        let m = want.machine;
        let asic = ctx.gpu(gpu).and_then(|g| g.asic_info()).unwrap();
        assert_eq!((asic.device_id, asic.rev_id), (Some(want.device), want.rev), "{m}");
        assert_eq!((asic.subvendor_id, asic.subsystem_id), (Some(want.subsystem.0), Some(want.subsystem.1)), "{m}");
        assert_eq!(asic.market_name.as_deref(), want.market, "{m}");
        assert_eq!(asic.num_of_compute_units, want.cus, "{m}");
        assert_eq!(asic.target_graphics_version.as_deref(), want.gfx, "{m}");
        assert_eq!(
            ctx.gpu(gpu).and_then(|g| g.vbios_info()).unwrap().part_number.as_deref(),
            Some(want.vbios_part),
            "{m}"
        );
        assert_eq!(ctx.gpu(gpu).and_then(|g| g.vram_vendor()).ok().as_deref(), want.vram_vendor, "{m}");
        let vram = ctx.gpu(gpu).and_then(|g| g.vram_info()).ok();
        assert_eq!(vram.and_then(|v| v.vram_size), want.vram_mib, "{m}");
    }
}

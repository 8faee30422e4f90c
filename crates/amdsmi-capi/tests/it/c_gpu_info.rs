//! Entry points of `entry/gpu_info.rs` called directly: values against the Rust API on fixture machines, and bad input.

use std::ffi::{c_char, c_void, CStr};
use std::ptr::null_mut;

use amd_smi::abi::*;
use amd_smi::entry::gpu_info::*;
use amd_smi::entry::handles::{amdsmi_get_cpu_handles, amdsmi_get_socket_handles};
use amdsmi::{AmdSmiAffinityScope, AmdSmiInitFlags, AmdSmiLinkType, Status};

use crate::common::{instance_on, processors, INVAL, SUCCESS};

const NOT_FOUND: u32 = Status::NotFound.code();
const NOT_SUPPORTED: u32 = Status::NotSupported.code();
const INSUFFICIENT_SIZE: u32 = Status::InsufficientSize.code();

/// The text of a NUL-terminated C array.
fn text(chars: &[c_char]) -> String {
    let bytes: Vec<u8> = chars.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn asic_info_and_ids_on_rx6900xt() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let rust = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();
    let mut info = amdsmi_asic_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_asic_info(gpu, &mut info), SUCCESS);
    let expected = rust.asic_info().unwrap();
    // fixtures/machines/rx6900xt/sys/devices/.../0000:0c:00.0: vendor 0x1002, device 0x73bf,
    // revision 0xc0, subsystem_vendor 0x1da2, subsystem_device 0x440e, unique_id 946d7e1ef9b172dd;
    // KFD node 1: simd_count 160 / simd_per_cu 2 = 80 CUs, gfx_target_version 100300 (gfx1030).
    assert_eq!((info.vendor_id, info.device_id, info.rev_id), (0x1002, 0x73bf, 0xc0));
    assert_eq!((info.subvendor_id, info.subsystem_id), (0x1da2, 0x440e));
    assert_eq!(text(&info.asic_serial), "946d7e1ef9b172dd");
    assert_eq!(u64::from_str_radix(&text(&info.asic_serial), 16).unwrap(), expected.asic_serial.unwrap());
    assert_eq!(info.num_of_compute_units, 80);
    assert_eq!(info.num_of_compute_units, expected.num_of_compute_units.unwrap());
    assert_eq!(info.target_graphics_version, 0x1030, "the package prints gfx + hex(value)");
    assert_eq!(info.oam_id, u32::MAX, "no xgmi_physical_id: N/A");
    assert_eq!(text(&info.market_name), expected.market_name.unwrap());
    assert_eq!(text(&info.market_name), "AMD Radeon RX 6900 XT");
    assert_eq!(text(&info.vendor_name), expected.vendor_name.unwrap());

    let mut id = 0u16;
    assert_eq!(amdsmi_get_gpu_revision(gpu, &mut id), SUCCESS);
    assert_eq!(id, 0xc0, "revision");
    assert_eq!(amdsmi_get_gpu_subsystem_id(gpu, &mut id), SUCCESS);
    assert_eq!(id, 0x440e, "subsystem_device");
    assert_eq!(format!("{id:#06x}"), rust.subsystem_id().unwrap());

    let mut name = [0 as c_char; 256];
    assert_eq!(amdsmi_get_gpu_subsystem_name(gpu, name.as_mut_ptr(), name.len()), SUCCESS);
    assert_eq!(text(&name), rust.subsystem_name().unwrap());
    // mem_info_vram_vendor: "samsung".
    assert_eq!(amdsmi_get_gpu_vram_vendor(gpu, name.as_mut_ptr(), 256), SUCCESS);
    assert_eq!(text(&name), "samsung");
    let mut short = [0x7f as c_char; 6];
    assert_eq!(amdsmi_get_gpu_vram_vendor(gpu, short.as_mut_ptr(), 4), INSUFFICIENT_SIZE);
    assert_eq!(text(&short), "sam", "cut to the room, NUL kept");
    assert_eq!(short[4], 0x7f, "nothing past the room");
    assert_eq!(amdsmi_get_gpu_vram_vendor(gpu, short.as_mut_ptr(), 0), INVAL);
    assert_eq!(amdsmi_get_gpu_vram_vendor(gpu, null_mut(), 8), INVAL);

    // Bad input: null outputs, forged handles.
    assert_eq!(amdsmi_get_gpu_asic_info(gpu, null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_revision(gpu, null_mut()), INVAL);
    assert_eq!(amdsmi_get_gpu_asic_info(null_mut(), &mut info), NOT_FOUND);
    assert_eq!(amdsmi_get_gpu_asic_info((gpu as usize + 1) as *mut c_void, &mut info), NOT_FOUND);
    drop(instance);
}

#[test]
fn asic_serial_without_unique_id_is_amds_default() {
    let instance = instance_on("phoenix", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    // fixtures/machines/phoenix: the APU has no unique_id file.
    assert_eq!(
        instance.context.gpu(instance.context.processor_handles()[0]).unwrap().asic_info().unwrap().asic_serial,
        None
    );
    let mut info = amdsmi_asic_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_asic_info(gpu, &mut info), SUCCESS);
    assert_eq!(text(&info.asic_serial), "ffffffffffffffff", "AMD's default, which the package parses as hex");

    // Caches: KFD node 1 caches/0 is level 1, 32 KiB, type 9 (data + SIMD), shared by 1 CU.
    let mut caches = amdsmi_gpu_cache_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_cache_info(gpu, &mut caches), SUCCESS);
    let expected = instance.context.gpu(instance.context.processor_handles()[0]).unwrap().cache_info().unwrap();
    assert_eq!(caches.num_cache_types as usize, expected.cache.len());
    assert_eq!(caches.num_cache_types, 5);
    let first = caches.cache[0];
    assert_eq!(
        (first.cache_properties, first.cache_size, first.cache_level, first.max_num_cu_shared),
        (AMDSMI_CACHE_PROPERTY_DATA_CACHE | AMDSMI_CACHE_PROPERTY_SIMD_CACHE, 32, 1, 1)
    );
    for (c, r) in caches.cache.iter().zip(&expected.cache) {
        assert_eq!(
            (c.cache_size, c.cache_level, c.max_num_cu_shared, c.num_cache_instance),
            (r.cache_size, r.cache_level, r.max_num_cu_shared, r.num_cache_instance)
        );
    }

    // XGMI link states: phoenix's gpu_metrics has none (DISABLE), one socket = one link.
    let mut links = amdsmi_xgmi_link_status_t::ZERO;
    assert_eq!(amdsmi_get_gpu_xgmi_link_status(gpu, &mut links), SUCCESS);
    assert_eq!((links.total_links, links.status[0]), (1, AMDSMI_XGMI_LINK_DISABLE));
    drop(instance);
}

#[test]
fn firmware_ids_and_versions_on_rx6900xt() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let mut info = amdsmi_fw_info_t::ZERO;
    assert_eq!(amdsmi_get_fw_info(gpu, &mut info), SUCCESS);
    let list = &info.fw_info_list[..usize::from(info.num_fw_info)];
    let version = |id| list.iter().find(|e| e.fw_id == id).map(|e| e.fw_version);
    // fixtures/machines/rx6900xt/.../fw_version: asd 0x21000095, smc 0x003a5600, ta_ras 0x1b00013e,
    // imu 0x00000000 (IMU has no 7.0.2 id: left out).
    assert_eq!(version(AMDSMI_FW_ID_ASD), Some(0x2100_0095));
    assert_eq!(version(AMDSMI_FW_ID_PM), Some(0x003a_5600));
    assert_eq!(version(AMDSMI_FW_ID_TA_RAS), Some(0x1b00_013e));
    let rust = instance.context.gpu(instance.context.processor_handles()[0]).unwrap().fw_info().unwrap();
    assert_eq!(rust.fw_list.len(), 22);
    assert!(rust.fw_list.iter().any(|e| e.fw_name == "IMU"));
    assert_eq!(info.num_fw_info, 21, "every block but IMU");
    assert!(list.iter().all(|e| e.fw_id >= AMDSMI_FW_ID_FIRST && e.fw_id < AMDSMI_FW_ID__MAX));
    assert_eq!(amdsmi_get_fw_info(gpu, null_mut()), INVAL);
    drop(instance);
}

#[test]
fn vram_driver_kfd_and_enumeration_on_rx6900xt() {
    let instance = instance_on("rx6900xt", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpu = processors()[0];
    let rust = instance.context.gpu(instance.context.processor_handles()[0]).unwrap();
    let mut vram = amdsmi_vram_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_vram_info(gpu, &mut vram), SUCCESS);
    // mem_info_vram_total 17163091968 B = 16368 MiB; vendor "samsung"; DRM device info: GDDR6, 256 bits;
    // gpu_metrics v1.x without vram_max_bandwidth: UINT64_MAX as AMD initializes it.
    assert_eq!((vram.vram_type, vram.vram_size, vram.vram_bit_width), (AMDSMI_VRAM_TYPE_GDDR6, 16368, 256));
    assert_eq!(text(&vram.vram_vendor), "SAMSUNG");
    assert_eq!(vram.vram_max_bandwidth, u64::MAX);
    let expected = rust.vram_info().unwrap();
    assert_eq!(vram.vram_size, expected.vram_size.unwrap());

    let mut driver = amdsmi_driver_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_driver_info(gpu, &mut driver), SUCCESS);
    let expected = rust.driver_info().unwrap();
    assert_eq!(text(&driver.driver_name), expected.driver_name.unwrap());
    assert_eq!(text(&driver.driver_version), expected.driver_version.unwrap_or_default(), "empty when N/A");

    let mut kfd = amdsmi_kfd_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_kfd_info(gpu, &mut kfd), SUCCESS);
    // KFD node 1: gpu_id 3864; an unpartitioned GPU is partition 0.
    assert_eq!((kfd.kfd_id, kfd.node_id, kfd.current_partition_id), (3864, 1, 0));

    let mut enumeration = amdsmi_enumeration_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_enumeration_info(gpu, &mut enumeration), SUCCESS);
    let expected = rust.enumeration_info().unwrap();
    assert_eq!(enumeration.drm_card, expected.drm_card.unwrap());
    assert_eq!(enumeration.drm_render, expected.drm_render.unwrap());
    assert_eq!(enumeration.hsa_id, 1, "the KFD node id");
    assert_eq!(enumeration.hip_id, 0, "the first GPU node");
    assert_eq!(text(&enumeration.hip_uuid).to_lowercase(), "gpu-946d7e1ef9b172dd", "GPU- and unique_id");
    assert_eq!(text(&enumeration.hip_uuid), expected.hip_uuid.unwrap());

    let mut board = amdsmi_board_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_board_info(gpu, &mut board), SUCCESS);
    // No FRU files: product_name from pci.ids (device 0x73bf), model number empty (the package prints N/A).
    assert_eq!(text(&board.product_name), "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]");
    assert_eq!(text(&board.product_name), rust.board_info().unwrap().product_name.unwrap());
    assert_eq!(text(&board.model_number), "");
    drop(instance);
}

#[test]
fn partitions_and_nearest_on_mi300x_cpx() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpus = processors();
    let rust = instance.context.processor_handles();
    assert_eq!(gpus.len(), 63, "8 MI300X in CPX mode: 63 partition processors (README)");
    let mut buf = [0 as c_char; 8];
    // current_compute_partition "CPX", current_memory_partition "NPS1".
    assert_eq!(amdsmi_get_gpu_compute_partition(gpus[0], buf.as_mut_ptr(), 8), SUCCESS);
    assert_eq!(text(&buf), "CPX");
    assert_eq!(amdsmi_get_gpu_memory_partition(gpus[0], buf.as_mut_ptr(), 8), SUCCESS);
    assert_eq!(text(&buf), "NPS1");
    assert_eq!(amdsmi_get_gpu_compute_partition(gpus[0], buf.as_mut_ptr(), 3), INSUFFICIENT_SIZE);
    assert_eq!(text(&buf), "CP");

    // available_memory_partition "NPS1, NPS4".
    let mut config = amdsmi_memory_partition_config_t::ZERO;
    assert_eq!(amdsmi_get_gpu_memory_partition_config(gpus[0], &mut config), SUCCESS);
    assert_eq!(config.partition_caps.nps_cap_mask, 0b0101, "NPS1 and NPS4");
    assert_eq!(config.mp_mode, AMDSMI_MEMORY_PARTITION_NPS1);

    let mut profile = amdsmi_accelerator_partition_profile_t::ZERO;
    let mut partition_id = [u32::MAX; 2];
    assert_eq!(amdsmi_get_gpu_accelerator_partition_profile(gpus[1], &mut profile, partition_id.as_mut_ptr()), SUCCESS);
    let expected = instance.context.gpu(rust[1]).unwrap().accelerator_partition_profile().unwrap();
    // supported_xcp_configs "SPX, DPX, QPX, CPX": CPX is index 3; 8 partitions in the socket.
    assert_eq!(
        (profile.profile_type, profile.num_partitions, profile.profile_index),
        (AMDSMI_ACCELERATOR_PARTITION_CPX, 8, 3)
    );
    assert_eq!(profile.memory_caps.nps_cap_mask, 0b0101);
    assert_eq!(partition_id, [1, u32::MAX], "the second partition; only element 0 written");
    assert_eq!(partition_id[0], expected.partition_id[0]);
    assert_eq!(amdsmi_get_gpu_accelerator_partition_profile(gpus[1], &mut profile, null_mut()), INVAL);

    let mut xcd = 0u16;
    assert_eq!(amdsmi_get_gpu_xcd_counter(gpus[0], &mut xcd), SUCCESS);
    assert_eq!(xcd, instance.context.gpu(rust[0]).unwrap().xcd_counter().unwrap());

    let mut mode = u32::MAX;
    assert_eq!(amdsmi_get_gpu_virtualization_mode(gpus[0], &mut mode), SUCCESS);
    assert_eq!(mode, AMDSMI_VIRTUALIZATION_MODE_BAREMETAL);

    // 62 XGMI peers of the first partition: capped at AMD's 32, nearest first.
    let mut nearest = amdsmi_topology_nearest_t::ZERO;
    assert_eq!(amdsmi_get_link_topology_nearest(gpus[0], AMDSMI_LINK_TYPE_XGMI, &mut nearest), SUCCESS);
    let expected = instance.context.gpu(rust[0]).unwrap().link_topology_nearest(AmdSmiLinkType::Xgmi).unwrap();
    assert_eq!(expected.processor_list.len(), 62);
    assert_eq!(nearest.count, 32);
    assert_eq!(&nearest.processor_list[..], &gpus[1..33], "BDF order among equals, as the Rust API");
    assert_eq!(amdsmi_get_link_topology_nearest(gpus[0], AMDSMI_LINK_TYPE_PCIE, &mut nearest), SUCCESS);
    assert_eq!(nearest.count, 0);
    assert_eq!(amdsmi_get_link_topology_nearest(gpus[0], 5, &mut nearest), INVAL, "link types are 0-4");

    // NUMA node 0: cpulist 0-95,192-287 as five 64-bit words.
    let full = [u64::MAX, 0xFFFF_FFFF, 0, u64::MAX, 0xFFFF_FFFF];
    let words = instance.context.gpu(rust[0]).unwrap().cpu_affinity_with_scope(AmdSmiAffinityScope::Node).unwrap();
    assert_eq!(words, full);
    let mut set = [7u64; 8];
    assert_eq!(amdsmi_get_cpu_affinity_with_scope(gpus[0], 7, set.as_mut_ptr(), AMDSMI_AFFINITY_SCOPE_NODE), SUCCESS);
    assert_eq!(set, [u64::MAX, 0xFFFF_FFFF, 0, u64::MAX, 0xFFFF_FFFF, 0, 0, 7], "rest of the room zeroed");
    let mut set = [7u64; 3];
    assert_eq!(amdsmi_get_cpu_affinity_with_scope(gpus[0], 2, set.as_mut_ptr(), 0), INSUFFICIENT_SIZE);
    assert_eq!(set, [u64::MAX, 0xFFFF_FFFF, 7], "the words that fit, nothing past the room");
    assert_eq!(amdsmi_get_cpu_affinity_with_scope(gpus[0], 8, set.as_mut_ptr(), 2), INVAL, "scopes are 0-1");
    assert_eq!(amdsmi_get_cpu_affinity_with_scope(gpus[0], 0, set.as_mut_ptr(), 0), INVAL);
    assert_eq!(amdsmi_get_cpu_affinity_with_scope(gpus[0], 8, null_mut(), 0), INVAL);
    drop(instance);
}

#[test]
fn counts_and_handles_by_type_on_mi300x_cpx() {
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    let mut gpus = processors();
    let (mut sockets, mut cores, mut n_gpus) = (u32::MAX, u32::MAX, u32::MAX);
    let mut count = 10u32;
    assert_eq!(
        amdsmi_get_processor_count_from_handles(gpus.as_mut_ptr(), &mut count, &mut sockets, &mut cores, &mut n_gpus),
        SUCCESS
    );
    assert_eq!((sockets, cores, n_gpus), (0, 0, 10), "the first 10 handles the caller counted");
    let mut count = gpus.len() as u32;
    assert_eq!(
        amdsmi_get_processor_count_from_handles(gpus.as_mut_ptr(), &mut count, &mut sockets, &mut cores, &mut n_gpus),
        SUCCESS
    );
    assert_eq!(n_gpus, 63);
    let rust = instance.context.processor_count_from_handles(&instance.context.processor_handles()).unwrap();
    assert_eq!(n_gpus, rust.nr_gpus);
    let mut forged = [gpus[0], 12345 as *mut c_void];
    let mut two = 2u32;
    assert_eq!(
        amdsmi_get_processor_count_from_handles(forged.as_mut_ptr(), &mut two, &mut sockets, &mut cores, &mut n_gpus),
        NOT_FOUND
    );
    assert_eq!(
        amdsmi_get_processor_count_from_handles(gpus.as_mut_ptr(), &mut two, null_mut(), &mut cores, &mut n_gpus),
        INVAL
    );
    assert_eq!(
        amdsmi_get_processor_count_from_handles(null_mut(), &mut two, &mut sockets, &mut cores, &mut n_gpus),
        INVAL
    );

    let mut socket = null_mut();
    let mut one = 1u32;
    assert_eq!(amdsmi_get_socket_handles(&mut one, &mut socket), SUCCESS);
    let mut n = 0u32;
    assert_eq!(
        amdsmi_get_processor_handles_by_type(socket, AMDSMI_PROCESSOR_TYPE_AMD_GPU, null_mut(), &mut n),
        SUCCESS
    );
    assert_eq!(n, 8, "socket 0000:05: 8 CPX partitions");
    let mut handles = [null_mut(); 4];
    let mut room = 3u32;
    assert_eq!(
        amdsmi_get_processor_handles_by_type(socket, AMDSMI_PROCESSOR_TYPE_AMD_GPU, handles.as_mut_ptr(), &mut room),
        SUCCESS
    );
    assert_eq!((room, &handles[..3]), (3, &gpus[..3]));
    assert!(handles[3].is_null());
    assert_eq!(
        amdsmi_get_processor_handles_by_type(socket, AMDSMI_PROCESSOR_TYPE_AMD_CPU, null_mut(), &mut n),
        SUCCESS
    );
    assert_eq!(n, 0);
    assert_eq!(amdsmi_get_processor_handles_by_type(socket, 7, null_mut(), &mut n), INVAL, "types are 0-6");
    assert_eq!(amdsmi_get_processor_handles_by_type(3 as *mut c_void, 1, null_mut(), &mut n), INVAL, "unknown socket");
    drop(instance);
}

#[test]
fn pairs_and_link_metrics_on_mi210_xgmi() {
    let instance = instance_on("mi210-xgmi", AmdSmiInitFlags::INIT_AMD_GPUS);
    let gpus = processors();
    let rust = instance.context.processor_handles();
    // BDF order: 03, 26, 43, 63, 83, a3, c3, e3. KFD node 2 (location_id 0x6300) io_links/1 to
    // node 3 (0x4300): type 11 (XGMI), weight 15, min/max bandwidth 50000, flags 1.
    let (g63, g43, g83) = (gpus[3], gpus[2], gpus[4]);
    let mut weight = 0u64;
    assert_eq!(amdsmi_topo_get_link_weight(g63, g43, &mut weight), SUCCESS);
    assert_eq!(weight, 15);
    let (mut hops, mut kind) = (0u64, u32::MAX);
    assert_eq!(amdsmi_topo_get_link_type(g63, g43, &mut hops, &mut kind), SUCCESS);
    assert_eq!((hops, kind), (1, AMDSMI_LINK_TYPE_XGMI));
    let (mut min, mut max) = (0u64, 0u64);
    assert_eq!(amdsmi_get_minmax_bandwidth_between_processors(g63, g43, &mut min, &mut max), SUCCESS);
    assert_eq!((min, max), (50000, 50000));
    let mut cap = amdsmi_p2p_capability_t { is_iolink_coherent: 9, ..amdsmi_p2p_capability_t::ZERO };
    assert_eq!(amdsmi_topo_get_p2p_status(g63, g43, &mut kind, &mut cap), SUCCESS);
    let expected =
        instance.context.gpu(rust[3]).unwrap().topo_p2p_status(&instance.context.gpu(rust[2]).unwrap()).unwrap();
    assert_eq!(kind, expected.link_type.code());
    assert_eq!(cap.is_iolink_coherent, 1, "flags 1: enabled, coherent");
    assert_eq!(cap.is_iolink_dma, 1);
    let mut accessible = false;
    assert_eq!(amdsmi_is_P2P_accessible(g63, g43, &mut accessible), SUCCESS);
    assert!(accessible);

    // Across the two hives: PCIe through both CPUs (topology.txt: 3 hops, weight 72), no XGMI bandwidth.
    assert_eq!(amdsmi_topo_get_link_type(g63, g83, &mut hops, &mut kind), SUCCESS);
    assert_eq!((hops, kind), (3, AMDSMI_LINK_TYPE_PCIE));
    assert_eq!(amdsmi_topo_get_link_weight(g63, g83, &mut weight), SUCCESS);
    assert_eq!(weight, 72);
    let status = instance.context.gpu(rust[3]).unwrap().minmax_bandwidth(&instance.context.gpu(rust[4]).unwrap());
    assert_eq!(
        amdsmi_get_minmax_bandwidth_between_processors(g63, g83, &mut min, &mut max),
        status.unwrap_err().status().code()
    );
    assert_eq!(amdsmi_topo_get_link_weight(g63, null_mut(), &mut weight), NOT_FOUND);
    assert_eq!(amdsmi_topo_get_link_weight(g63, g43, null_mut()), INVAL);
    assert_eq!(amdsmi_topo_get_p2p_status(g63, g43, &mut kind, null_mut()), INVAL);

    // 0000:03:00.0's xgmi_port_num: links 0-2 to hive nodes 1-3 (63, 43, 26); no speed in gpu_metrics.
    let mut metrics = amdsmi_link_metrics_t::ZERO;
    assert_eq!(amdsmi_get_link_metrics(gpus[0], &mut metrics), SUCCESS);
    let expected = instance.context.gpu(rust[0]).unwrap().link_metrics().unwrap();
    assert_eq!(metrics.num_links, 3);
    assert_eq!(metrics.num_links, expected.num_links);
    let bdf = |l: &_links| (l.bdf.bus_number(), l.bdf.device_number(), l.bdf.function_number());
    assert_eq!(
        [bdf(&metrics.links[0]), bdf(&metrics.links[1]), bdf(&metrics.links[2])],
        [(0x63, 0, 0), (0x43, 0, 0), (0x26, 0, 0)]
    );
    assert_eq!(metrics.links[3].bdf.as_uint, u64::MAX, "no peer: all ones, as AMD");
    assert_eq!((metrics.links[0].bit_rate, metrics.links[0].link_type), (u32::MAX, AMDSMI_LINK_TYPE_XGMI));
    assert_eq!(metrics.links[0].read, u64::MAX);
    assert_eq!(metrics.links[8].link_type, 0, "past the Rust API's 8 links: zero");

    let mut xgmi = amdsmi_xgmi_info_t::ZERO;
    assert_eq!(amdsmi_get_xgmi_info(gpus[0], &mut xgmi), SUCCESS);
    assert_eq!(xgmi.xgmi_hive_id, instance.context.gpu(rust[0]).unwrap().xgmi_info().unwrap().xgmi_hive_id);
    assert_ne!(xgmi.xgmi_hive_id, 0);
    drop(instance);
}

#[test]
fn lib_version_build_string_is_static() {
    let mut first = amdsmi_version_t { major: 0, minor: 0, release: 0, build: null_mut() };
    assert_eq!(amdsmi_get_lib_version(&mut first), SUCCESS);
    let mut second = first;
    second.build = null_mut();
    assert_eq!(amdsmi_get_lib_version(&mut second), SUCCESS);
    assert_eq!(first.build, second.build, "one static string");
    let expected = amdsmi::amdsmi_get_lib_version().unwrap();
    assert_eq!((first.major, first.minor, first.release), (expected.major, expected.minor, expected.release));
    // SAFETY: the library points at its static NUL-terminated build string.
    assert_eq!(unsafe { CStr::from_ptr(first.build) }.to_str().unwrap(), expected.build);
    assert_eq!(amdsmi_get_lib_version(null_mut()), INVAL);
}

#[test]
fn gpu_functions_refuse_cpu_handles() {
    let instance = instance_on("genoa-2s", AmdSmiInitFlags::INIT_AMD_CPUS);
    let mut n = 0u32;
    assert_eq!(amdsmi_get_cpu_handles(&mut n, null_mut()), SUCCESS);
    let mut cpus = vec![null_mut(); n as usize];
    assert_eq!(amdsmi_get_cpu_handles(&mut n, cpus.as_mut_ptr()), SUCCESS);
    assert_eq!(n, 2, "two EPYC sockets");
    let mut info = amdsmi_asic_info_t::ZERO;
    assert_eq!(amdsmi_get_gpu_asic_info(cpus[0], &mut info), NOT_SUPPORTED);
    let mut weight = 0u64;
    assert_eq!(amdsmi_topo_get_link_weight(cpus[0], cpus[1], &mut weight), NOT_SUPPORTED);
    let (mut sockets, mut cores, mut gpus) = (0, 0, 0);
    assert_eq!(
        amdsmi_get_processor_count_from_handles(cpus.as_mut_ptr(), &mut n, &mut sockets, &mut cores, &mut gpus),
        SUCCESS
    );
    assert_eq!((sockets, cores, gpus), (2, 0, 0));
    drop(instance);
}

#[test]
fn partition_profile_config_walks_and_restores_on_a_copy() {
    // Take the instance lock, then move the process-wide instance onto a writable copy.
    let instance = instance_on("mi300x-cpx", AmdSmiInitFlags::INIT_AMD_GPUS);
    instance.shut_down();
    let copy = crate::common::copy_machine("mi300x-cpx");
    let builder = || amdsmi::Context::builder().root(copy.path()).flags(AmdSmiInitFlags::INIT_AMD_GPUS);
    amdsmi::api::init_global(builder()).unwrap();
    let gpus = processors();
    let selector =
        copy.path().join("sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0/compute_partition_config/xcp_config");

    let mut config = amdsmi_accelerator_partition_profile_config_t::ZERO;
    assert_eq!(amdsmi_get_gpu_accelerator_partition_profile_config(gpus[0], &mut config), SUCCESS);
    assert_eq!(std::fs::read_to_string(&selector).unwrap().trim(), "CPX", "the walk restores xcp_config");
    // compute_partition_config: supported_xcp_configs "SPX, DPX, QPX, CPX" (current CPX: index 3),
    // supported_nps_configs "NPS1, NPS4"; xcc 1/1, dec 1/2, dma 2/1, jpeg 1/2 (num_inst/num_shared).
    assert_eq!((config.num_profiles, config.num_resource_profiles, config.default_profile_index), (4, 4, 3));
    let types: Vec<u32> = config.profiles[..4].iter().map(|p| p.profile_type).collect();
    assert_eq!(
        types,
        [
            AMDSMI_ACCELERATOR_PARTITION_SPX,
            AMDSMI_ACCELERATOR_PARTITION_DPX,
            AMDSMI_ACCELERATOR_PARTITION_QPX,
            AMDSMI_ACCELERATOR_PARTITION_CPX
        ]
    );
    assert_eq!(config.profiles[2].num_partitions, 4);
    assert_eq!(config.profiles[0].memory_caps.nps_cap_mask, 0b0101);
    let first: Vec<(u32, u32, u32)> = config.resource_profiles[..4]
        .iter()
        .map(|r| (r.resource_type, r.partition_resource, r.num_partitions_share_resource))
        .collect();
    assert_eq!(
        first,
        [
            (AMDSMI_ACCELERATOR_XCC, 1, 1),
            (AMDSMI_ACCELERATOR_DECODER, 1, 2),
            (AMDSMI_ACCELERATOR_DMA, 2, 1),
            (AMDSMI_ACCELERATOR_JPEG, 1, 2)
        ]
    );
    assert_eq!(config.resource_profiles[12].profile_index, 3, "the package reads 4 per profile, 16 in all");

    let context = builder().build().unwrap();
    let rust = context.gpu(context.processor_handles()[0]).unwrap().accelerator_partition_profile_config().unwrap();
    assert_eq!(rust.resource_profiles.len(), 16);
    for (c, r) in config.resource_profiles.iter().zip(&rust.resource_profiles) {
        assert_eq!((c.profile_index, c.resource_type), (r.profile_index, r.resource_type.code()));
    }
    assert_eq!(config.profiles[3].num_partitions, rust.profiles[3].num_partitions);
    assert_eq!(amdsmi_get_gpu_accelerator_partition_profile_config(gpus[0], null_mut()), INVAL);
    drop(instance);
}

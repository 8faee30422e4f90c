//! The one declaration of AMD SMI's function surface.
//!
//! [`amdsmi_functions!`](crate::amdsmi_functions) lists every documented function once: its
//! documented name, parameters in the documented order, result type, the method that
//! implements it, and whether it only reads (and with which argument variants `dump` calls it).
//! It is a callback ("X-macro"): `amdsmi_functions!(generator)` expands to
//! `generator! { <the table> }`, and each consumer writes its own generator — `src/api.rs` the
//! free functions of the process-wide instance, the CLI's `dump` its registry, the C library
//! its entry points. Type and path names in the table are bare: a generator expands them in a
//! scope that imports this crate's root (`use amdsmi::*`).
//!
//! One row: `KIND NAME(ARG: TYPE, ...) -> RESULT = METHOD, DUMP;`
//!
//! | KIND | the documented function | calls |
//! |---|---|---|
//! | `gpu` | `NAME(processor_handle, ARGS) -> Result<RESULT>` | `context.gpu(processor_handle)?.METHOD(ARGS)` ([`crate::Gpu`]) |
//! | `pair` | `NAME(processor_handle_src, processor_handle_dst) -> Result<RESULT>` | `context.gpu(src)?.METHOD(&context.gpu(dst)?)` |
//! | `cpu_socket` | `NAME(processor_handle, ARGS) -> Result<RESULT>` | `context.cpu_socket(processor_handle)?.METHOD(ARGS)` ([`crate::CpuSocket`]) |
//! | `cpu_core` | `NAME(processor_handle, ARGS) -> Result<RESULT>` | `context.cpu_core(processor_handle)?.METHOD(ARGS)` ([`crate::CpuCore`]) |
//! | `processor` | `NAME(processor_handle, ARGS) -> Result<RESULT>` | `context.METHOD(processor_handle, ARGS)`: any kind of processor |
//! | `socket` | `NAME(socket_handle, ARGS) -> Result<RESULT>` | `context.METHOD(socket_handle, ARGS)` |
//! | `system` | `NAME(ARGS) -> Result<RESULT>` | `context.METHOD(ARGS)` |
//! | `system_list` | `NAME(ARGS) -> Result<RESULT>` | `Ok(context.METHOD(ARGS))`: a list that cannot fail |
//! | `cpu_system` | `NAME(ARGS) -> Result<RESULT>` | `context.METHOD(ARGS)`, of the CPUs as a whole |
//! | `receiver` | `NAME(FIRST, ARGS) -> Result<RESULT>` | `FIRST.METHOD(ARGS)` (an event counter) |
//! | `free` | `NAME(ARGS) -> RESULT` (RESULT written in full) | `METHOD(ARGS)`, a function of `api.rs`; needs no init |
//!
//! DUMP says what `amd-smi dump` does with the function: `write` (it changes something: not
//! called), `read` (called once, no arguments), `[VARIANTS]` (called once per variant:
//! `VARIANTS` iterates `(label, (ARGS,))`, the dump key being `NAME(label)`), `(zip GROUP
//! [VARIANTS])` (as `[VARIANTS]`, and the dump interleaves the variants of consecutive rows of
//! one group, e.g. `clk_freq(SYS)`, `clock_info(SYS)`, `clk_freq(DF)`, ...), `custom` (the consumer computes the
//! entry itself, under the function's name), or `(skip "why")` (reads, but is not dumped; the
//! reason is kept with the row).
//!
//! The rows are in `dump`'s order: GPU functions, then CPU socket and core functions;
//! `processor` rows are dumped for every kind of processor.

/// Calls `$generator! { <table> }` with the table of every AMD SMI function (see
/// [`crate::surface`] for the row syntax).
#[macro_export]
macro_rules! amdsmi_functions {
    ($generator:ident) => {
        $generator! {
            // ---- Library, init and enumeration ----
            /// The library's version (the crate version). Needs no init.
            free amdsmi_get_lib_version() -> Result<LibVersion> = lib_version, read;
            /// `(found, message)`: whether a ROCm installation is present under `AMDSMI_ROOT`
            /// and its `major.minor.patch` (nothing is loaded: this library needs no ROCm).
            /// Needs no init.
            free amdsmi_get_rocm_version() -> (bool, String) = rocm_version_from_env, custom;
            /// Initializes AMD SMI for the processors `flags` selects (Python's default is
            /// `INIT_AMD_GPUS`). Reference-counted: each call needs one `amdsmi_shut_down`.
            free amdsmi_init(flags: AmdSmiInitFlags) -> Result<()> = init, write;
            /// Drops one reference; the last one releases the instance. Without an instance it
            /// succeeds, as AMD SMI's does.
            free amdsmi_shut_down() -> Result<()> = shut_down, write;
            /// The text of a status code, e.g. `"AMDSMI_STATUS_NOT_SUPPORTED - Feature not
            /// supported"`; codes AMD SMI does not define give the UNKNOWN_ERROR text, as its
            /// Python layer does. Needs no init.
            free amdsmi_status_code_to_string(status: u32) -> Result<&'static str> = status_code_to_string,
                (skip "a pure function of its argument");
            /// The AMD Field IDs of one CPER record (its raw bytes, e.g. an entry's
            /// `cper_data[i].bytes` or a `.cper` file) and how many there are, one per section
            /// that has one (see [`crate::cper::afid`]). Fewer than 128 bytes, or a
            /// `record_length` outside the data, is UNEXPECTED_SIZE; a bad signature
            /// UNEXPECTED_DATA. Needs no init.
            free amdsmi_get_afids_from_cper(cper_afid_data: &[u8]) -> Result<(Vec<u64>, usize)> = afids_from_cper,
                (skip "a pure decoder of the caller's bytes");
            /// Every processor handle, in AMD SMI's enumeration order (BDF order).
            system_list amdsmi_get_processor_handles() -> Vec<ProcessorHandle> = processor_handles,
                (skip "the handles are the dump's keys");
            /// Every socket handle (GPU sockets group the partitions of one PCI device).
            system_list amdsmi_get_socket_handles() -> Vec<SocketHandle> = socket_handles,
                (skip "the handles are the dump's keys");
            /// The processor at `bdf` (`<domain>:<bus>:<device>.<function>` or
            /// `<bus>:<device>.<function>`); any other form is a BDF-format error.
            system amdsmi_get_processor_handle_from_bdf(bdf: &str) -> ProcessorHandle = processor_handle_from_bdf,
                (skip "the dump is keyed by BDF");
            /// The CPU socket processors (type `AMD_CPU`); empty without CPUs (init with
            /// `INIT_AMD_CPUS`).
            system_list amdsmi_get_cpusocket_handles() -> Vec<ProcessorHandle> = cpusocket_handles,
                (skip "the handles are the dump's keys");
            /// The CPU core processors (type `AMD_CPU_CORE`), socket by socket.
            system_list amdsmi_get_cpucore_handles() -> Vec<ProcessorHandle> = cpucore_handles,
                (skip "the handles are the dump's keys");
            /// The CPU socket processors (type `AMD_CPU`), socket by socket: the same list as
            /// `amdsmi_get_cpusocket_handles`.
            system_list amdsmi_get_cpu_handles() -> Vec<ProcessorHandle> = cpusocket_handles,
                (skip "the handles are the dump's keys");
            /// The processors of one socket whose type is `processor_type`.
            socket amdsmi_get_processor_handles_by_type(processor_type: AmdSmiProcessorType) -> Vec<ProcessorHandle> = processor_handles_by_type,
                (skip "the handles are the dump's keys");
            /// How many CPU sockets, CPU cores and GPUs a list of handles holds.
            system amdsmi_get_processor_count_from_handles(processor_handles: &[ProcessorHandle]) -> ProcessorCounts = processor_count_from_handles,
                (skip "a function of the caller's handles");

            // ---- GPU processes (system-wide) ----
            /// Every process KFD lists, with its usage over all the GPUs it uses.
            system_list amdsmi_get_gpu_compute_process_info() -> Vec<ComputeProcessInfo> = gpu_compute_process_info, read;
            /// One process's usage over all the GPUs it uses; NOT_FOUND when KFD does not list it.
            system amdsmi_get_gpu_compute_process_info_by_pid(pid: u32) -> ComputeProcessInfo = gpu_compute_process_info_by_pid, custom;
            /// The enumeration indices of the GPUs a process uses; NOT_FOUND when KFD does not
            /// list it.
            system amdsmi_get_gpu_compute_process_gpus(pid: u32) -> Vec<u32> = gpu_compute_process_gpus, custom;

            // ---- EPYC CPUs as a whole ----
            /// The CPU family (25 = 19h, 26 = 1Ah).
            cpu_system amdsmi_get_cpu_family() -> u32 = cpu_family, read;
            /// The CPU model.
            cpu_system amdsmi_get_cpu_model() -> u32 = cpu_model, read;
            /// Threads per core.
            cpu_system amdsmi_get_threads_per_core() -> u32 = threads_per_core, read;
            /// The number of CPU sockets.
            cpu_system amdsmi_get_cpu_socket_count() -> u32 = cpu_socket_count, read;
            /// The core count of sockets `0..sock_count`.
            cpu_system amdsmi_get_cpu_cores_per_socket(sock_count: u32) -> Vec<SockInfo> = cpu_cores_per_socket,
                [[("1", (1,))]];
            /// E-SMI's message for the E-SMI status that maps to an AMD SMI status code.
            cpu_system amdsmi_get_esmi_err_msg(status: u32) -> &'static str = esmi_err_msg,
                (skip "a pure function of its argument");

            // ---- Sockets ----
            /// The socket's name: `DDDD:BB:dd` for a GPU socket, the socket index for a CPU one.
            socket amdsmi_get_socket_info() -> String = socket_info, read;

            // ---- Any processor ----
            /// The processor type of a handle: `{"processor_type": "AMD_GPU"}`.
            processor amdsmi_get_processor_type() -> ProcessorTypeInfo = processor_type, read;

            // ---- GPU identity and inventory ----
            /// The processor's BDF; its `Display` is the documented string `0000:0c:00.0`.
            gpu amdsmi_get_gpu_device_bdf() -> Bdf = device_bdf, read;
            /// The 64-bit BDF id: domain 63:32, partition id 31:28, bus 15:8, device 7:3,
            /// function 2:0.
            gpu amdsmi_get_gpu_bdf_id() -> u64 = bdf_id, read;
            /// The GPU's UUID string.
            gpu amdsmi_get_gpu_device_uuid() -> String = device_uuid, read;
            /// DRM render/card minors, HSA id, HIP id and HIP UUID.
            gpu amdsmi_get_gpu_enumeration_info() -> EnumerationInfo = enumeration_info, read;
            /// KFD gpu id, node id and current partition id.
            gpu amdsmi_get_gpu_kfd_info() -> KfdInfo = kfd_info, read;
            /// The processor's index in the enumeration, as a decimal string.
            processor amdsmi_get_processor_info() -> String = processor_info, read;
            /// ASIC identity: market name, ids, serial, OAM id, compute units, gfx target.
            gpu amdsmi_get_gpu_asic_info() -> AsicInfo = asic_info, read;
            /// Board identity: model and serial numbers, FRU id, product and manufacturer names.
            gpu amdsmi_get_gpu_board_info() -> BoardInfo = board_info, read;
            /// VBIOS name, build date, part number, version and boot firmware.
            gpu amdsmi_get_gpu_vbios_info() -> VbiosInfo = vbios_info, read;
            /// Firmware block versions: `{"fw_list": [{"fw_name", "fw_version"}]}`.
            gpu amdsmi_get_fw_info() -> FwInfo = fw_info, read;
            /// Driver name, version and date.
            gpu amdsmi_get_gpu_driver_info() -> DriverInfo = driver_info, read;
            /// VRAM type, vendor, size (MiB), bit width and peak bandwidth.
            gpu amdsmi_get_gpu_vram_info() -> VramInfo = vram_info, read;
            /// The GPU's caches (KFD), grouped as AMD SMI groups them.
            gpu amdsmi_get_gpu_cache_info() -> CacheInfo = cache_info, read;
            /// The PCI revision as a hex string.
            gpu amdsmi_get_gpu_revision() -> String = revision, read;
            /// The PCI vendor name.
            gpu amdsmi_get_gpu_vendor_name() -> String = vendor_name, read;
            /// The PCI device id.
            gpu amdsmi_get_gpu_id() -> u16 = id, read;
            /// The VRAM vendor.
            gpu amdsmi_get_gpu_vram_vendor() -> String = vram_vendor, read;
            /// The PCI subsystem device id as a hex string.
            gpu amdsmi_get_gpu_subsystem_id() -> String = subsystem_id, read;
            /// The PCI subsystem name.
            gpu amdsmi_get_gpu_subsystem_name() -> String = subsystem_name, read;
            /// The GPU's NUMA node as KFD sees it.
            gpu amdsmi_topo_get_numa_node_number() -> u32 = topo_numa_node_number, read;
            /// The device's `numa_node` (-1: no affinity).
            gpu amdsmi_get_gpu_topo_numa_affinity() -> i32 = topo_numa_affinity, read;
            /// The CPUs close to a GPU, as 64-bit mask words, for a NUMA-node or socket scope.
            gpu amdsmi_get_cpu_affinity_with_scope(scope: AmdSmiAffinityScope) -> Vec<u64> = cpu_affinity_with_scope,
                [[("NODE", (AmdSmiAffinityScope::Node,)), ("SOCKET", (AmdSmiAffinityScope::Socket,))]];
            /// The XGMI hive id.
            gpu amdsmi_get_xgmi_info() -> XgmiInfo = xgmi_info, read;
            /// Per-link XGMI traffic (KB), speed and peers.
            gpu amdsmi_get_link_metrics() -> LinkMetrics = link_metrics, read;
            /// The state of each XGMI link (gpu_metrics `xgmi_link_status`).
            gpu amdsmi_get_gpu_xgmi_link_status() -> XgmiLinkStatus = xgmi_link_status, read;
            /// Bare metal, guest or passthrough.
            gpu amdsmi_get_gpu_virtualization_mode() -> VirtualizationInfo = virtualization_mode, read;
            /// The compute partition mode (`SPX`, `CPX`, ...).
            gpu amdsmi_get_gpu_compute_partition() -> String = compute_partition, read;
            /// The memory partition mode (`NPS1`, ...).
            gpu amdsmi_get_gpu_memory_partition() -> String = memory_partition, read;
            /// The partition id and the current accelerator profile.
            gpu amdsmi_get_gpu_accelerator_partition_profile() -> AcceleratorPartitionProfile = accelerator_partition_profile, read;
            /// The memory partition modes the GPU supports and its current one.
            gpu amdsmi_get_gpu_memory_partition_config() -> MemoryPartitionConfig = memory_partition_config, read;
            /// The number of XCDs working (gpu_metrics `current_gfxclks` set).
            gpu amdsmi_get_gpu_xcd_counter() -> u16 = xcd_counter, read;
            /// Every accelerator partition profile with its memory modes and resources (root).
            gpu amdsmi_get_gpu_accelerator_partition_profile_config() -> AcceleratorPartitionProfileConfig = accelerator_partition_profile_config,
                (skip "writes compute_partition_config/xcp_config once per profile (root only)");

            // ---- GPU power, clocks, memory, PCIe, telemetry ----
            /// Power cap settings of PPT0, in µW.
            gpu amdsmi_get_power_cap_info() -> PowerCapInfo = power_cap_info, read;
            /// The PPT sensors whose cap can be read.
            gpu amdsmi_get_supported_power_cap() -> SupportedPowerCap = supported_power_cap, read;
            /// Whether power management (DPM) is enabled.
            gpu amdsmi_is_gpu_power_management_enabled() -> bool = is_power_management_enabled, read;
            /// The forced performance level, e.g. `AMDSMI_DEV_PERF_LEVEL_AUTO`.
            gpu amdsmi_get_gpu_perf_level() -> String = perf_level, read;
            /// Graphics clock overdrive, percent.
            gpu amdsmi_get_gpu_overdrive_level() -> u32 = overdrive_level, read;
            /// Memory clock overdrive, percent.
            gpu amdsmi_get_gpu_mem_overdrive_level() -> u32 = mem_overdrive_level, read;
            /// VRAM size and use, MiB.
            gpu amdsmi_get_gpu_vram_usage() -> VramUsage = vram_usage, read;
            /// PCIe levels: transfer rates and lanes.
            gpu amdsmi_get_gpu_pci_bandwidth() -> PcieBandwidth = pci_bandwidth, read;
            /// PCIe traffic of the last second.
            gpu amdsmi_get_gpu_pci_throughput() -> PciThroughput = pci_throughput, read;
            /// PCIe replay count.
            gpu amdsmi_get_gpu_pci_replay_counter() -> u64 = pci_replay_counter, read;
            /// The decoded `gpu_metrics` blob.
            gpu amdsmi_get_gpu_metrics_info() -> GpuMetrics = metrics_info, read;
            /// The `gpu_metrics` header: structure size (bytes), format and content revisions.
            gpu amdsmi_get_gpu_metrics_header_info() -> MetricsHeader = metrics_header_info, read;
            /// The GFX engine's busy time, % (`gpu_busy_percent`).
            gpu amdsmi_get_gpu_busy_percent() -> u32 = busy_percent, read;
            /// Socket power (W), voltages (mV), power limit (W).
            gpu amdsmi_get_power_info() -> PowerInfo = power_info, read;
            /// The energy accumulator, its resolution and timestamp.
            gpu amdsmi_get_energy_count() -> EnergyCount = energy_count, read;
            /// GFX, memory and multimedia activity, %.
            gpu amdsmi_get_gpu_activity() -> EngineUsage = activity, read;
            /// PCIe capabilities and state.
            gpu amdsmi_get_pcie_info() -> PcieInfo = pcie_info, read;
            /// Accumulated activity counters and their timestamp.
            gpu amdsmi_get_utilization_count(counter_types: &[AmdSmiUtilizationCounterType]) -> UtilizationCounts = utilization_count,
                [[
                    ("ALL", (&AmdSmiUtilizationCounterType::ALL as &[_],)),
                    ("GFX,MEM", (&[
                        AmdSmiUtilizationCounterType::CoarseGrainGfxActivity,
                        AmdSmiUtilizationCounterType::CoarseGrainMemActivity,
                    ] as &[_],)),
                ]];
            /// Overdrive clock ranges and voltage curve (`pp_od_clk_voltage`).
            gpu amdsmi_get_gpu_od_volt_info() -> OdVoltInfo = od_volt_info, read;
            /// Frequency/voltage regions of the overdrive curve.
            gpu amdsmi_get_gpu_od_volt_curve_regions(num_regions: u32) -> Vec<FreqVoltRegion> = od_volt_curve_regions,
                [[("8", (8,))]];
            /// Available and current power profiles (`pp_power_profile_mode`).
            gpu amdsmi_get_gpu_power_profile_presets(sensor_idx: u32) -> PowerProfileStatus = power_profile_presets,
                [[("0", (0,))]];
            /// Fan speed, RPM.
            gpu amdsmi_get_gpu_fan_rpms(sensor_idx: u32) -> u64 = fan_rpms, [[("0", (0,))]];
            /// Fan duty, 0 to the maximum duty.
            gpu amdsmi_get_gpu_fan_speed(sensor_idx: u32) -> u64 = fan_speed, [[("0", (0,))]];
            /// Maximum fan duty.
            gpu amdsmi_get_gpu_fan_speed_max(sensor_idx: u32) -> u64 = fan_speed_max, [[("0", (0,))]];
            /// CPER entries of the GPU's debugfs ring (root only): those whose severity is in
            /// `severity_mask` (1 non-fatal uncorrected, 2 fatal, 4 corrected, 7 all), from the
            /// `cursor`-th on, as many as fit in `buffer_size` bytes (AMD SMI's default 1048576)
            /// and at most 20; with the next cursor, the records' bytes, and SUCCESS or MORE_DATA.
            gpu amdsmi_get_gpu_cper_entries(severity_mask: u32, buffer_size: u64, cursor: u64) -> CperEntries = cper_entries,
                [[("7,1048576,0", (7, 1 << 20, 0))]];
            /// The supported levels of a clock, Hz, and the current one.
            gpu amdsmi_get_clk_freq(clk_type: AmdSmiClkType) -> Frequencies = clk_freq,
                (zip clk [AmdSmiClkType::ALL.iter().map(|&clk| (clk.name(), (clk,)))]);
            /// A clock's current, minimum and maximum, MHz.
            gpu amdsmi_get_clock_info(clk_type: AmdSmiClkType) -> ClockInfo = clock_info,
                (zip clk [AmdSmiClkType::ALL.iter().map(|&clk| (clk.name(), (clk,)))]);
            /// Total memory of a pool, bytes.
            gpu amdsmi_get_gpu_memory_total(mem_type: AmdSmiMemoryType) -> u64 = memory_total,
                (zip mem [AmdSmiMemoryType::ALL.iter().map(|&mem| (mem.name(), (mem,)))]);
            /// Memory in use in a pool, bytes.
            gpu amdsmi_get_gpu_memory_usage(mem_type: AmdSmiMemoryType) -> u64 = memory_usage,
                (zip mem [AmdSmiMemoryType::ALL.iter().map(|&mem| (mem.name(), (mem,)))]);
            /// A temperature, °C: the `gpu_metrics` sensors' current values, and every metric
            /// of the hwmon sensors.
            gpu amdsmi_get_temp_metric(sensor_type: AmdSmiTemperatureType, metric: AmdSmiTemperatureMetric) -> i64 = temp_metric,
                [AmdSmiTemperatureType::METRICS
                    .iter()
                    .map(|&sensor| (format!("{},CURRENT", sensor.name()), (sensor, AmdSmiTemperatureMetric::Current)))
                    .chain(AmdSmiTemperatureType::HWMON.iter().flat_map(|&sensor| {
                        AmdSmiTemperatureMetric::ALL
                            .iter()
                            .map(move |&metric| (format!("{},{}", sensor.name(), metric.name()), (sensor, metric)))
                    }))];
            /// A voltage, mV.
            gpu amdsmi_get_gpu_volt_metric(sensor_type: AmdSmiVoltageType, metric: AmdSmiVoltageMetric) -> i64 = volt_metric,
                [AmdSmiVoltageType::ALL.iter().flat_map(|&sensor| {
                    AmdSmiVoltageMetric::ALL
                        .iter()
                        .map(move |&metric| (format!("{},{}", sensor.name(), metric.name()), (sensor, metric)))
                })];
            /// The PMFW metrics table (`pm_metrics`, MI300-class) as name/value pairs.
            gpu amdsmi_get_gpu_pm_metrics_info() -> Vec<NameValue> = pm_metrics_info, read;
            /// One register block of `reg_state` (MI300-class) as name/value pairs.
            gpu amdsmi_get_gpu_reg_table_info(reg_type: AmdSmiRegType) -> Vec<NameValue> = reg_table_info,
                [AmdSmiRegType::ALL.iter().map(|&reg| (reg.name(), (reg,)))];
            /// The GPUs nearest to one over links of a type, nearest first.
            gpu amdsmi_get_link_topology_nearest(link_type: AmdSmiLinkType) -> TopologyNearest = link_topology_nearest, custom;

            // ---- RAS, ECC and processes ----
            /// Error counts summed over the blocks RAS is enabled on.
            gpu amdsmi_get_gpu_total_ecc_count() -> EccCount = total_ecc_count, read;
            /// The RAS feature mask: bit n set when `AmdSmiGpuBlock` bit n has RAS on.
            gpu amdsmi_get_gpu_ecc_enabled() -> u64 = ecc_enabled, read;
            /// RAS EEPROM version and ECC schema flags.
            gpu amdsmi_get_gpu_ras_feature_info() -> RasFeatureInfo = ras_feature_info, read;
            /// Every RAS block with its state.
            gpu amdsmi_get_gpu_ras_block_features_enabled() -> Vec<RasBlockFeature> = ras_block_features_enabled, read;
            /// Retired VRAM pages.
            gpu amdsmi_get_gpu_bad_page_info() -> Vec<RetiredPage> = bad_page_info, read;
            /// Reserved VRAM pages.
            gpu amdsmi_get_gpu_memory_reserved_pages() -> Vec<RetiredPage> = memory_reserved_pages, read;
            /// Retired pages at which the GPU is declared bad (debugfs, root only).
            gpu amdsmi_get_gpu_bad_page_threshold() -> u32 = bad_page_threshold, read;
            /// Validates the RAS EEPROM: NOT_SUPPORTED, as in AMD SMI 7.0.2.
            gpu amdsmi_gpu_validate_ras_eeprom() -> () = validate_ras_eeprom,
                (skip "AMD SMI 7.0.2 does not support it: always NOT_SUPPORTED");
            /// The XGMI error status.
            gpu amdsmi_gpu_xgmi_error_status() -> AmdSmiXgmiStatus = xgmi_error_status, read;
            /// The processes running on the GPU.
            gpu amdsmi_get_gpu_process_list() -> Vec<ProcessInfo> = process_list, read;
            /// Error counts of one RAS block.
            gpu amdsmi_get_gpu_ecc_count(block: AmdSmiGpuBlock) -> EccCount = ecc_count,
                (zip block [AmdSmiGpuBlock::ALL.iter().map(|&block| (block.name(), (block,)))]);
            /// `ENABLED` or `DISABLED` for one block.
            gpu amdsmi_get_gpu_ecc_status(block: AmdSmiGpuBlock) -> AmdSmiRasErrState = ecc_status,
                (zip block [AmdSmiGpuBlock::ALL.iter().map(|&block| (block.name(), (block,)))]);

            // ---- Getters of the setters' state ----
            /// Process isolation of the processor's partition: 0 disabled, 1 enabled.
            gpu amdsmi_get_gpu_process_isolation() -> u32 = process_isolation, read;
            /// The SoC P-state policies and the current one.
            gpu amdsmi_get_soc_pstate() -> DpmPolicy = soc_pstate, read;
            /// The XGMI per-link power-down policies and the current one.
            gpu amdsmi_get_xgmi_plpd() -> DpmPolicy = xgmi_plpd, read;

            // ---- Counters (read-only queries) ----
            /// `Ok` when the GPU has the counter group's PMU, else NOT_SUPPORTED.
            gpu amdsmi_gpu_counter_group_supported(event_group: AmdSmiEventGroup) -> () = counter_group_supported,
                (zip group [AmdSmiEventGroup::ALL.iter().map(|&group| (group.name(), (group,)))]);
            /// Free data fabric counters (`df_cntr_avail`), a count.
            gpu amdsmi_get_gpu_available_counters(event_group: AmdSmiEventGroup) -> u32 = available_counters,
                (zip group [AmdSmiEventGroup::ALL.iter().map(|&group| (group.name(), (group,)))]);

            // ---- Reads that are not dumped ----
            /// Throttling status against this process's previous sample of the GPU.
            gpu amdsmi_get_violation_status() -> ViolationStatus = violation_status,
                (skip "compares with the previous sample: `metric -T` shows it");
            /// The weight (relative distance) of the connection between two GPUs.
            pair amdsmi_topo_get_link_weight() -> u64 = topo_link_weight,
                (skip "a function of every GPU pair: `amd-smi topology` prints them");
            /// Minimum and maximum bandwidth of the XGMI link between two GPUs, MB/s.
            pair amdsmi_get_minmax_bandwidth_between_processors() -> MinMaxBandwidth = minmax_bandwidth,
                (skip "a function of every GPU pair: `amd-smi topology` prints them");
            /// Hops and connection type between two GPUs.
            pair amdsmi_topo_get_link_type() -> TopoLinkType = topo_link_type,
                (skip "a function of every GPU pair: `amd-smi topology` prints them");
            /// Whether the source GPU reaches the destination peer-to-peer.
            #[allow(non_snake_case)]
            pair amdsmi_is_P2P_accessible() -> bool = is_p2p_accessible,
                (skip "a function of every GPU pair: `amd-smi topology` prints them");
            /// Connection type and peer-to-peer capabilities between two GPUs.
            pair amdsmi_topo_get_p2p_status() -> P2pStatus = topo_p2p_status,
                (skip "a function of every GPU pair: `amd-smi topology` prints them");
            /// Up to `num_elem` events of every GPU with notification started, waiting at most
            /// `timeout_ms` milliseconds for the first; NO_DATA when none arrived.
            system amdsmi_get_gpu_event_notification(timeout_ms: u32, num_elem: u32) -> Vec<EvtNotificationData> = gpu_event_notification,
                (skip "consumes the events it returns: `amd-smi event` shows them");
            /// The events counted since the previous read or start, and the counter's times, ns
            /// ([`EventHandle::read`]).
            receiver amdsmi_gpu_read_counter(event_handle: &mut EventHandle) -> CounterValue = read,
                (skip "needs a counter the caller opened");

            // ---- GPU setters, resets, events and counters ----
            /// Sets the power cap of a PPT sensor, µW, within the limits
            /// `amdsmi_get_power_cap_info` reports.
            gpu amdsmi_set_power_cap(sensor_ind: u32, cap: u64) -> () = set_power_cap, write;
            /// Sets the performance level.
            gpu amdsmi_set_gpu_perf_level(perf_level: AmdSmiDevPerfLevel) -> () = set_perf_level, write;
            /// Enters performance determinism with the graphics clock capped, MHz.
            gpu amdsmi_set_gpu_perf_determinism_mode(clkvalue: u64) -> () = set_perf_determinism_mode, write;
            /// Selects a power profile.
            gpu amdsmi_set_gpu_power_profile(reserved: u32, profile: AmdSmiPowerProfilePresetMasks) -> () = set_power_profile, write;
            /// Sets the graphics or memory clock range, MHz.
            gpu amdsmi_set_gpu_clk_range(min_clk_value: u64, max_clk_value: u64, clk_type: AmdSmiClkType) -> () = set_clk_range, write;
            /// Sets the minimum or maximum of the graphics or memory clock, MHz.
            gpu amdsmi_set_gpu_clk_limit(clk_type: AmdSmiClkType, limit_type: AmdSmiClkLimitType, clk_value: u64) -> () = set_clk_limit, write;
            /// Restricts a clock to the DPM levels of a bit mask.
            gpu amdsmi_set_clk_freq(clk_type: AmdSmiClkType, freq_bitmask: u64) -> () = set_clk_freq, write;
            /// Restricts the PCIe link to the levels of a bit mask.
            gpu amdsmi_set_gpu_pci_bandwidth(bw_bitmask: u64) -> () = set_pci_bandwidth, write;
            /// Sets one end of the graphics or memory clock range, MHz.
            gpu amdsmi_set_gpu_od_clk_info(level: AmdSmiFreqInd, clk_value: u64, clk_type: AmdSmiClkType) -> () = set_od_clk_info, write;
            /// Sets one voltage curve point, MHz and mV.
            gpu amdsmi_set_gpu_od_volt_info(vpoint: u32, clk_value: u64, volt_value: u64) -> () = set_od_volt_info, write;
            /// Sets the graphics clock overdrive, percent (deprecated by AMD).
            gpu amdsmi_set_gpu_overdrive_level(overdrive_value: u32) -> () = set_overdrive_level, write;
            /// Sets a fan's duty, 0 to the maximum duty.
            gpu amdsmi_set_gpu_fan_speed(sensor_idx: u32, fan_speed: u64) -> () = set_fan_speed, write;
            /// Returns a fan to automatic driver control.
            gpu amdsmi_reset_gpu_fan(sensor_idx: u32) -> () = reset_fan, write;
            /// Switches the compute partition mode.
            gpu amdsmi_set_gpu_compute_partition(compute_partition: AmdSmiComputePartitionType) -> () = set_compute_partition, write;
            /// Switches the memory partition mode.
            gpu amdsmi_set_gpu_memory_partition(memory_partition: AmdSmiMemoryPartitionType) -> () = set_memory_partition, write;
            /// Switches the memory partition mode (AMD SMI 7.0.2's Python layer calls
            /// `amdsmi_set_gpu_memory_partition` for it); it applies once the driver reloads.
            gpu amdsmi_set_gpu_memory_partition_mode(memory_partition: AmdSmiMemoryPartitionType) -> () = set_memory_partition, write;
            /// Switches to the accelerator partition profile at an index of
            /// `supported_xcp_configs`.
            gpu amdsmi_set_gpu_accelerator_partition_profile(profile_index: u32) -> () = set_accelerator_partition_profile, write;
            /// Enables (1) or disables (0) process isolation on the processor's partition.
            gpu amdsmi_set_gpu_process_isolation(pisolate: u32) -> () = set_process_isolation, write;
            /// Clears the local data (LDS, GPRs) of the processor's partition.
            gpu amdsmi_clean_gpu_local_data() -> () = clean_local_data, write;
            /// Selects a SoC P-state policy.
            gpu amdsmi_set_soc_pstate(policy_id: u32) -> () = set_soc_pstate, write;
            /// Selects an XGMI per-link power-down policy.
            gpu amdsmi_set_xgmi_plpd(policy_id: u32) -> () = set_xgmi_plpd, write;
            /// Resets the GPU (debugfs `amdgpu_gpu_recover`, root).
            gpu amdsmi_reset_gpu() -> () = reset, write;
            /// Reloads the amdgpu driver on every GPU (unbind, then bind; root).
            system amdsmi_gpu_driver_reload() -> () = gpu_driver_reload, write;
            /// Resets the GPU's XGMI error count.
            gpu amdsmi_reset_gpu_xgmi_error() -> () = reset_xgmi_error, write;
            /// Starts event notification for a GPU (its mask is empty until set).
            gpu amdsmi_init_gpu_event_notification() -> () = init_event_notification, write;
            /// Selects the events a GPU reports: bit `id - 1` per event id.
            gpu amdsmi_set_gpu_event_notification_mask(mask: u64) -> () = set_event_notification_mask, write;
            /// Stops event notification for a GPU.
            gpu amdsmi_stop_gpu_event_notification() -> () = stop_event_notification, write;
            /// Opens a counter of an event on the GPU, stopped.
            gpu amdsmi_gpu_create_counter(event_type: AmdSmiEventType) -> EventHandle = create_counter, write;
            /// Stops a counter and closes it ([`EventHandle::destroy`]).
            receiver amdsmi_gpu_destroy_counter(event_handle: EventHandle) -> () = destroy, write;
            /// Starts or stops a counter ([`EventHandle::control`]).
            receiver amdsmi_gpu_control_counter(event_handle: &mut EventHandle, counter_command: AmdSmiCounterCommand) -> () = control, write;

            // ---- EPYC CPU sockets ----
            /// The socket's model name.
            cpu_socket amdsmi_get_cpu_model_name() -> String = model_name, read;
            /// The socket's first online core.
            cpu_socket amdsmi_first_online_core_on_cpu_socket() -> u32 = first_online_core, read;
            /// The HSMP protocol version of a CPU socket.
            cpu_socket amdsmi_get_cpu_hsmp_proto_ver() -> u32 = hsmp_proto_ver, read;
            /// The HSMP driver version: `hsmp_driver_major_ver_num`, `hsmp_driver_minor_ver_num`.
            cpu_socket amdsmi_get_cpu_hsmp_driver_version() -> HsmpDriverVersion = hsmp_driver_version, read;
            /// The SMU firmware version: major, minor, debug.
            cpu_socket amdsmi_get_cpu_smu_fw_version() -> SmuFwVersion = smu_fw_version, read;
            /// PROCHOT status (1 asserted).
            cpu_socket amdsmi_get_cpu_prochot_status() -> u32 = prochot_status, read;
            /// Data fabric and memory clocks, MHz.
            cpu_socket amdsmi_get_cpu_fclk_mclk() -> FclkMclk = fclk_mclk, read;
            /// The socket's CCLK limit, MHz.
            cpu_socket amdsmi_get_cpu_cclk_limit() -> u32 = cclk_limit, read;
            /// The socket's current active frequency limit (MHz) and its sources.
            cpu_socket amdsmi_get_cpu_socket_current_active_freq_limit() -> SocketFreqLimit = current_active_freq_limit, read;
            /// The socket's frequency range, MHz.
            cpu_socket amdsmi_get_cpu_socket_freq_range() -> SocketFreqRange = freq_range, read;
            /// Socket power, mW.
            cpu_socket amdsmi_get_cpu_socket_power() -> u32 = power, read;
            /// Socket power cap, mW.
            cpu_socket amdsmi_get_cpu_socket_power_cap() -> u32 = power_cap, read;
            /// Highest socket power cap, mW.
            cpu_socket amdsmi_get_cpu_socket_power_cap_max() -> u32 = power_cap_max, read;
            /// SVI-telemetry power of all rails, mW.
            cpu_socket amdsmi_get_cpu_pwr_svi_telemetry_all_rails() -> u32 = pwr_svi_telemetry_all_rails, read;
            /// The socket's C0 residency, %.
            cpu_socket amdsmi_get_cpu_socket_c0_residency() -> u32 = c0_residency, read;
            /// DDR bandwidth: `max_bw`, `utilized_bw` (Gbps), `utilized_pct`.
            cpu_socket amdsmi_get_cpu_ddr_bw() -> DdrBwMetrics = ddr_bw, read;
            /// Socket temperature, m°C.
            cpu_socket amdsmi_get_cpu_socket_temperature() -> u32 = temperature, read;
            /// A DIMM's temperature range and refresh rate.
            cpu_socket amdsmi_get_cpu_dimm_temp_range_and_refresh_rate(dimm_addr: u8) -> DimmTempRangeRefreshRate = dimm_temp_range_and_refresh_rate,
                [[("0x80", (0x80,))]];
            /// A DIMM's power (mW) and update rate (ms).
            cpu_socket amdsmi_get_cpu_dimm_power_consumption(dimm_addr: u8) -> DimmPower = dimm_power_consumption,
                [[("0x80", (0x80,))]];
            /// A DIMM's thermal sensor and temperature (°C).
            cpu_socket amdsmi_get_cpu_dimm_thermal_sensor(dimm_addr: u8) -> DimmThermal = dimm_thermal_sensor,
                [[("0x80", (0x80,))]];
            /// An NBIO's LCLK DPM level range.
            cpu_socket amdsmi_get_cpu_socket_lclk_dpm_level(nbio_id: u8) -> DpmLevel = lclk_dpm_level, [[("0", (0,))]];
            /// An IO link's current bandwidth, Mbps.
            cpu_socket amdsmi_get_cpu_current_io_bandwidth(encoding: u32, link_name: &str) -> u32 = current_io_bandwidth,
                [[("1,P0", (1, "P0"))]];
            /// An xGMI link's current bandwidth, Mbps.
            cpu_socket amdsmi_get_cpu_current_xgmi_bw(encoding: u32, link_name: &str) -> u32 = current_xgmi_bw,
                [[("1,P0", (1, "P0"))]];
            /// The HSMP metrics table version.
            cpu_socket amdsmi_get_hsmp_metrics_table_version() -> u32 = hsmp_metrics_table_version, read;
            /// The HSMP metrics table, decoded.
            cpu_socket amdsmi_get_hsmp_metrics_table() -> HsmpMetricsTable = hsmp_metrics_table, read;
            /// The CPU rail isofrequency policy (0 or 1).
            cpu_socket amdsmi_get_cpu_rail_isofreq_policy() -> u8 = rail_isofreq_policy, read;
            /// The DF C-state control (0 or 1).
            cpu_socket amdsmi_get_dfc_ctrl() -> u8 = dfc_ctrl, read;
            /// The socket's energy counter, µJ.
            cpu_socket amdsmi_get_cpu_socket_energy() -> u64 = energy, read;
            /// Sets the socket power cap, mW.
            cpu_socket amdsmi_set_cpu_socket_power_cap(power_cap: u32) -> () = set_power_cap, write;
            /// Sets the power efficiency mode.
            cpu_socket amdsmi_set_cpu_pwr_efficiency_mode(mode: u8) -> () = set_pwr_efficiency_mode, write;
            /// Sets every core's boost limit, MHz.
            cpu_socket amdsmi_set_cpu_socket_boostlimit(boostlimit: u32) -> () = set_boostlimit, write;
            /// Sets the xGMI link width range of every socket.
            cpu_socket amdsmi_set_cpu_xgmi_width(min_width: u8, max_width: u8) -> () = set_xgmi_width, write;
            /// Sets the GMI3 link width range.
            cpu_socket amdsmi_set_cpu_gmi3_link_width_range(min_link_width: u8, max_link_width: u8) -> () = set_gmi3_link_width_range, write;
            /// Enables APB.
            cpu_socket amdsmi_cpu_apb_enable() -> () = apb_enable, write;
            /// Disables APB, pinning a DF P-state.
            cpu_socket amdsmi_cpu_apb_disable(pstate: u8) -> () = apb_disable, write;
            /// Sets an NBIO's LCLK DPM level range.
            cpu_socket amdsmi_set_cpu_socket_lclk_dpm_level(nbio_id: u8, min_val: u8, max_val: u8) -> () = set_lclk_dpm_level, write;
            /// Sets the PCIe link rate control; the previous value.
            cpu_socket amdsmi_set_cpu_pcie_link_rate(rate_ctrl: u8) -> u8 = set_pcie_link_rate, write;
            /// Sets the DF P-state range.
            cpu_socket amdsmi_set_cpu_df_pstate_range(max_pstate: u8, min_pstate: u8) -> () = set_df_pstate_range, write;
            /// Sets the CPU rail isofrequency policy.
            cpu_socket amdsmi_set_cpu_rail_isofreq_policy(value: u8) -> () = set_rail_isofreq_policy, write;
            /// Sets the DF C-state control.
            cpu_socket amdsmi_set_dfc_ctrl(value: u8) -> () = set_dfc_ctrl, write;

            // ---- EPYC CPU cores ----
            /// A core's boost limit, MHz.
            cpu_core amdsmi_get_cpu_core_boostlimit() -> u32 = boostlimit, read;
            /// A core's current frequency limit, MHz.
            cpu_core amdsmi_get_cpu_core_current_freq_limit() -> u32 = current_freq_limit, read;
            /// A core's energy counter, µJ.
            cpu_core amdsmi_get_cpu_core_energy() -> u64 = energy, read;
            /// Sets a core's boost limit, MHz.
            cpu_core amdsmi_set_cpu_core_boostlimit(boostlimit: u32) -> () = set_boostlimit, write;
        }
    };
}

/// How `amd-smi dump` treats a function (the DUMP column of the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dump {
    /// It changes something: not called.
    Write,
    /// Called, once per argument variant (or once without arguments).
    Read,
    /// Read-only but not dumped, for the reason given.
    Skip(&'static str),
}

/// One function of the surface, as the table declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    /// The documented name, e.g. `amdsmi_get_gpu_asic_info`.
    pub name: &'static str,
    /// The row's kind (`gpu`, `cpu_socket`, `system`, ...: see the module docs).
    pub kind: &'static str,
    /// The documented parameters after the handle, in order.
    pub params: &'static [&'static str],
    /// The method (or function) that implements it.
    pub method: &'static str,
    /// How `dump` treats it.
    pub dump: Dump,
}

/// Generates [`FUNCTIONS`] from the table.
macro_rules! function_list {
    ($( $(#[$attr:meta])* $kind:ident $name:ident ($($arg:ident: $aty:ty),*) -> $ret:ty = $method:ident, $dump:tt; )*) => {
        /// Every function of the surface, in the table's order.
        pub const FUNCTIONS: &[Function] = &[$(Function {
            name: stringify!($name),
            kind: stringify!($kind),
            params: &[$(stringify!($arg)),*],
            method: stringify!($method),
            dump: function_list!(@dump $dump),
        }),*];
    };
    (@dump write) => { Dump::Write };
    (@dump (skip $why:literal)) => { Dump::Skip($why) };
    (@dump $other:tt) => { Dump::Read };
}

crate::amdsmi_functions!(function_list);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_is_declared_once() {
        let mut names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a function is declared twice");
        assert_eq!(before, 190);
    }

    /// Every function of the Python reference (`### amdsmi_...` headings) has a row.
    #[test]
    fn every_function_of_the_python_reference_is_declared() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/amdsmi-python-api.md");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (the spec sits beside the repository)"));
        let documented: Vec<&str> =
            text.lines().filter_map(|l| l.strip_prefix("### ")).filter(|n| n.starts_with("amdsmi_")).collect();
        assert_eq!(documented.len(), 165);
        let missing: Vec<&&str> = documented.iter().filter(|n| !FUNCTIONS.iter().any(|f| f.name == **n)).collect();
        assert!(missing.is_empty(), "documented but not declared: {missing:?}");
    }

    /// Every function of AMD SMI 7.0.2's C library has a row, but `amdsmi_free_name_value_pairs`,
    /// which frees memory the C library allocated (its entry point does it; nothing to read).
    #[test]
    fn every_function_of_the_c_library_is_declared() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/amdsmi-7.0.2-c-symbols.txt");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (the spec sits beside the repository)"));
        let symbols: Vec<&str> = text.lines().map(str::trim).filter(|l| l.starts_with("amdsmi_")).collect();
        assert_eq!(symbols.len(), 184);
        let missing: Vec<&&str> = symbols
            .iter()
            .filter(|n| **n != "amdsmi_free_name_value_pairs" && !FUNCTIONS.iter().any(|f| f.name == **n))
            .collect();
        assert!(missing.is_empty(), "in the C library but not declared: {missing:?}");
    }

    #[test]
    fn skipped_reads_say_why() {
        for f in FUNCTIONS {
            if let Dump::Skip(why) = f.dump {
                assert!(why.len() > 10, "{}: {why:?}", f.name);
            }
        }
    }
}

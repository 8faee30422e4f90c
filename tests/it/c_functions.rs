//! The functions AMD SMI 7.0.2's C library exports beyond the Python reference (busy percent,
//! the gpu_metrics header, XCD count, XGMI link states, memory partition and accelerator profile
//! configurations, processor lists and counts, CPU socket and core counts, E-SMI messages), on
//! the fixture machines, against values read by hand from the files named in each test.

use std::fs;
use std::path::Path;

use amdsmi::{AmdSmiInitFlags as F, AmdSmiProcessorType as T, *};

use crate::common;

const MI300X_GPU0: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0";

fn gpus(root: impl AsRef<Path>) -> Context {
    Context::builder().root(root.as_ref()).build().unwrap()
}

fn cpus(root: impl AsRef<Path>) -> Context {
    Context::builder().root(root.as_ref()).flags(F::INIT_AMD_CPUS).build().unwrap()
}

fn status<V: std::fmt::Debug>(r: Result<V>) -> Status {
    r.unwrap_err().status()
}

/// Writes `values` as little-endian u16s at `offset` of a copied machine's `gpu_metrics`.
fn patch_u16s(root: &Path, offset: usize, values: &[u16]) {
    let path = root.join(MI300X_GPU0).join("gpu_metrics");
    let mut bytes = fs::read(&path).unwrap();
    for (i, v) in values.iter().enumerate() {
        bytes[offset + 2 * i..offset + 2 * i + 2].copy_from_slice(&v.to_le_bytes());
    }
    fs::write(&path, bytes).unwrap();
}

#[test]
fn busy_percent_is_gpu_busy_percent() {
    // rx580 .../0000:09:00.0/gpu_busy_percent "11", rx9070 .../0000:03:00.0 "25", mi300x "0".
    for (machine, busy) in [("rx580", 11), ("rx9070", 25), ("mi300x-cpx", 0)] {
        let ctx = gpus(common::machine(machine));
        let g = ctx.processor_handles()[0];
        assert_eq!(ctx.gpu(g).and_then(|g| g.busy_percent()).unwrap(), busy, "{machine}");
    }
    // The radeon-driven HD 7870 is no amdgpu GPU; r7-240 (Oland) has no gpu_busy_percent.
    let ctx = gpus(common::machine("r7-240"));
    assert_eq!(status(ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.busy_percent())), Status::NotSupported);
}

#[test]
fn metrics_header_is_the_first_four_bytes() {
    // xxd -l 4 gpu_metrics: mi300x "200f 0108" (3872 bytes, v1.8), rx6900xt "7800 0103"
    // (120 bytes, v1.3), phoenix "7800 0201" (120 bytes, v2.1).
    for (machine, size, format, content) in
        [("mi300x-cpx", 3872, 1, 8), ("rx6900xt", 120, 1, 3), ("phoenix", 120, 2, 1)]
    {
        let ctx = gpus(common::machine(machine));
        let h = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.metrics_header_info()).unwrap();
        assert_eq!((h.structure_size, h.format_revision, h.content_revision), (size, format, content), "{machine}");
    }
    // rx580 has no gpu_metrics.
    let ctx = gpus(common::machine("rx580"));
    assert_eq!(status(ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.metrics_header_info())), Status::NotSupported);
}

#[test]
fn xcd_counter_counts_the_working_gfx_clocks() {
    // v1_8.bin current_gfxclk[8] at offset 296: 1050..1057, none 0 or 0xFFFF.
    let ctx = gpus(common::machine("mi300x-cpx"));
    assert_eq!(ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.xcd_counter()).unwrap(), 8);
    // One clock 0 and one 0xFFFF: six XCDs.
    let copy = common::copy_machine("mi300x-cpx");
    patch_u16s(copy.path(), 296 + 2 * 2, &[0, 0xFFFF]);
    let ctx = gpus(copy.path());
    assert_eq!(ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.xcd_counter()).unwrap(), 6);
    // v1.3 (rx6900xt) has one current_gfxclk (offset 54: 500 MHz), which fills entry 0: one XCD.
    let ctx = gpus(common::machine("rx6900xt"));
    assert_eq!(ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.xcd_counter()).unwrap(), 1);
}

#[test]
fn xgmi_link_status_from_gpu_metrics() {
    // v1_8.bin xgmi_link_status[8] at offset 264: 1042..1048, 0xFFFF: 1042 is no link state.
    let ctx = gpus(common::machine("mi300x-cpx"));
    let err = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.xgmi_link_status()).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedData);
    assert!(err.detail().unwrap().contains("1042"), "{err}");

    use AmdSmiXgmiLinkStatusType::{Disable, Down, Up};
    let copy = common::copy_machine("mi300x-cpx");
    patch_u16s(copy.path(), 264, &[1, 0, 1, 1, 0, 1, 1]);
    let ctx = gpus(copy.path());
    let s = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.xgmi_link_status()).unwrap();
    // Eight GPU sockets: eight links reported, link 7 still 0xFFFF.
    assert_eq!(s.total_links, 8);
    assert_eq!(s.status, [Up, Down, Up, Up, Down, Up, Up, Disable]);
    // v1.3 has no xgmi_link_status: every link DISABLE (AMD SMI's all-ones); mi210-xgmi: 8 sockets.
    let ctx = gpus(common::machine("mi210-xgmi"));
    let s = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.xgmi_link_status()).unwrap();
    assert_eq!((s.total_links, s.status), (8, vec![Disable; 8]));
    // One GPU, one socket: one link.
    let ctx = gpus(common::machine("rx6900xt"));
    let s = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.xgmi_link_status()).unwrap();
    assert_eq!((s.total_links, s.status), (1, vec![Disable]));
}

#[test]
fn memory_partition_config_from_the_partition_files() {
    // mi300x: current_memory_partition "NPS1", available_memory_partition "NPS1, NPS4".
    let ctx = gpus(common::machine("mi300x-cpx"));
    let c = ctx.gpu(ctx.processor_handles()[9]).and_then(|g| g.memory_partition_config()).unwrap();
    assert_eq!(
        (c.partition_caps, c.mp_mode),
        (vec!["NPS1".to_owned(), "NPS4".to_owned()], AmdSmiMemoryPartitionType::Nps1)
    );
    let ctx = gpus(common::machine("rx6900xt"));
    assert_eq!(
        status(ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.memory_partition_config())),
        Status::NotSupported
    );
}

#[test]
fn accelerator_profile_config_walks_every_profile() {
    use AmdSmiAcceleratorPartitionResourceType::{Decoder, Dma, Jpeg, Xcc};
    // compute_partition_config/ (synthesized, CPX): supported_xcp_configs "SPX, DPX, QPX, CPX",
    // supported_nps_configs "NPS1, NPS4", xcc 1/1, dec 1/2, dma 2/1, jpeg 1/2 (num_inst/num_shared).
    let copy = common::copy_machine("mi300x-cpx");
    let ctx = gpus(copy.path());
    let before = common::tree(copy.path());
    let c = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.accelerator_partition_profile_config()).unwrap();
    // xcp_config is written back to "CPX": the tree is as it was.
    assert!(common::tree(copy.path()) == before, "the profile walk left a change");
    assert_eq!((c.num_profiles, c.num_resource_profiles, c.default_profile_index), (4, 4, 3));
    let types: Vec<_> = c.profiles.iter().map(|p| (p.profile_type.name(), p.num_partitions, p.profile_index)).collect();
    assert_eq!(types, [("SPX", 1, 0), ("DPX", 2, 1), ("QPX", 4, 2), ("CPX", 8, 3)]);
    let qpx = &c.profiles[2];
    assert_eq!(qpx.memory_caps, ["NPS1", "NPS4"]);
    let res: Vec<_> = qpx
        .resources
        .iter()
        .map(|r| (r.profile_index, r.resource_type, r.partition_resource, r.num_partitions_share_resource))
        .collect();
    assert_eq!(res, [(2, Xcc, 1, 1), (2, Decoder, 1, 2), (2, Dma, 2, 1), (2, Jpeg, 1, 2)]);
    assert_eq!(c.resource_profiles.len(), 16);
    assert_eq!(c.resource_profiles[8], qpx.resources[0]);

    // A resource file that cannot be read fails the call after "SPX" was selected: the original
    // "CPX" is written back all the same.
    let selector = copy.path().join(MI300X_GPU0).join("compute_partition_config/xcp_config");
    let dma = copy.path().join(MI300X_GPU0).join("compute_partition_config/dma/num_inst");
    fs::write(&dma, "two\n").unwrap();
    let r = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.accelerator_partition_profile_config());
    assert_eq!(status(r), Status::UnexpectedData);
    assert_eq!(fs::read_to_string(&selector).unwrap(), "CPX\n");
    fs::write(&dma, "2\n").unwrap();

    // xcp_config read-only: NO_PERM (unless this process is root), nothing written.
    fs::set_permissions(&selector, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
    if fs::OpenOptions::new().write(true).open(&selector).is_err() {
        let r = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.accelerator_partition_profile_config());
        assert_eq!(status(r), Status::NoPerm);
    }
    // No compute_partition_config on mi210.
    let ctx = gpus(common::machine("mi210-xgmi"));
    let r = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.accelerator_partition_profile_config());
    assert_eq!(status(r), Status::NotSupported);
}

#[test]
fn processor_lists_and_counts_by_type() {
    // genoa-2s: sockets "0" and "1", each its CPU then 16 cores (cpuinfo: cpu cores 16).
    let ctx = Context::builder().root(common::machine("genoa-2s")).flags(F::INIT_ALL_PROCESSORS).build().unwrap();
    let sockets = ctx.socket_handles();
    let all = ctx.processor_handles();
    assert_eq!(ctx.processor_handles_by_type(sockets[1], T::AmdCpu).unwrap(), [all[17]]);
    assert_eq!(ctx.processor_handles_by_type(sockets[1], T::AmdCpuCore).unwrap(), &all[18..34]);
    assert!(ctx.processor_handles_by_type(sockets[0], T::AmdGpu).unwrap().is_empty());
    assert_eq!(ctx.cpusocket_handles(), [all[0], all[17]]);
    let n = ctx.processor_count_from_handles(&all).unwrap();
    assert_eq!((n.nr_cpusockets, n.nr_cpucores, n.nr_gpus), (2, 32, 0));
    let n = ctx.processor_count_from_handles(&all[..3]).unwrap();
    assert_eq!((n.nr_cpusockets, n.nr_cpucores, n.nr_gpus), (1, 2, 0));

    // mi300x-cpx: socket 0000:05:00 holds the 8 CPX partitions of one MI300X.
    let ctx = gpus(common::machine("mi300x-cpx"));
    let sockets = ctx.socket_handles();
    let gpus0 = ctx.processor_handles_by_type(sockets[0], T::AmdGpu).unwrap();
    assert_eq!(gpus0, &ctx.processor_handles()[..8]);
    let n = ctx.processor_count_from_handles(&gpus0).unwrap();
    assert_eq!((n.nr_cpusockets, n.nr_cpucores, n.nr_gpus), (0, 0, 8));
    // A handle of another context is INVAL.
    let other = gpus(common::machine("rx6900xt"));
    assert_eq!(status(ctx.processor_count_from_handles(&other.processor_handles())), Status::Inval);
    assert_eq!(status(ctx.processor_handles_by_type(other.socket_handles()[0], T::AmdGpu)), Status::Inval);
}

#[test]
fn cpu_socket_count_and_cores_per_socket() {
    // genoa-2s cpuinfo: physical id 0 and 1, cpu cores 16; turin-1s: physical id 0, cpu cores 8.
    let ctx = cpus(common::machine("genoa-2s"));
    assert_eq!(ctx.cpu_socket_count().unwrap(), 2);
    let info = ctx.cpu_cores_per_socket(2).unwrap();
    let pairs: Vec<_> = info.iter().map(|s| (s.socket_id, s.cores_per_socket)).collect();
    assert_eq!(pairs, [(0, 16), (1, 16)]);
    assert_eq!(status(ctx.cpu_cores_per_socket(3)), Status::Inval);
    assert_eq!(status(ctx.cpu_cores_per_socket(0)), Status::Inval);
    let ctx = cpus(common::machine("turin-1s"));
    assert_eq!(ctx.cpu_socket_count().unwrap(), 1);
    assert_eq!(ctx.cpu_cores_per_socket(1).unwrap()[0].cores_per_socket, 8);
    // Without CPUs in the context: NOT_INIT.
    let ctx = gpus(common::machine("rx6900xt"));
    assert_eq!(status(ctx.cpu_socket_count()), Status::NotInit);
}

#[test]
fn esmi_messages_of_amd_statuses() {
    let ctx = cpus(common::machine("genoa-2s"));
    assert_eq!(ctx.esmi_err_msg(Status::NoHsmpDrv.code()).unwrap(), "HSMP driver not present");
    assert_eq!(ctx.esmi_err_msg(Status::Inval.code()).unwrap(), "Input value is invalid");
    assert_eq!(ctx.esmi_err_msg(Status::Io.code()).unwrap(), "I/O Error");
    assert_eq!(ctx.esmi_err_msg(0).unwrap(), "Success");
    // No E-SMI status maps to DRM_ERROR (6) or to an undefined code.
    assert_eq!(ctx.esmi_err_msg(6).unwrap(), "Unknown error");
    assert_eq!(ctx.esmi_err_msg(12345).unwrap(), "Unknown error");
}

#[test]
fn validate_ras_eeprom_is_not_supported_as_in_amd_smi() {
    let ctx = gpus(common::machine("mi300x-cpx"));
    let err = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.validate_ras_eeprom()).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert!(err.detail().unwrap().contains("AMD SMI 7.0.2"), "{err}");
}

//! Topology between GPUs on the real MI210 two-hive and MI300X CPX topologies, and the statuses
//! AMD SMI gives for the same GPU twice and for GPUs without a KFD node. Expected values are
//! read by hand from the fixtures' KFD `io_links` / `p2p_links` files.

use amdsmi::{AmdSmiLinkType, Context, P2pCapability, ProcessorHandle, Status};

use crate::common;

fn context(machine: &str) -> Context {
    Context::builder().root(common::machine(machine)).build().expect("context")
}

fn status<T: std::fmt::Debug>(result: amdsmi::Result<T>) -> Status {
    result.expect_err("an error").status()
}

/// Every ordered pair of processors, `(i, j, src, dst)`.
fn pairs(ctx: &Context) -> Vec<(usize, usize, ProcessorHandle, ProcessorHandle)> {
    let gpus = ctx.processor_handles();
    let mut out = Vec::new();
    for (i, &a) in gpus.iter().enumerate() {
        for (j, &b) in gpus.iter().enumerate() {
            out.push((i, j, a, b));
        }
    }
    out
}

/// A matrix of one function over every ordered pair, errors as their status name.
fn matrix<T: ToString>(
    ctx: &Context,
    f: impl Fn(ProcessorHandle, ProcessorHandle) -> amdsmi::Result<T>,
) -> Vec<Vec<String>> {
    let gpus = ctx.processor_handles();
    gpus.iter()
        .map(|&a| {
            gpus.iter()
                .map(|&b| {
                    f(a, b).map_or_else(
                        |e| e.status().name().trim_start_matches("AMDSMI_STATUS_").to_owned(),
                        |v| v.to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

/// The 8×8 matrix of mi210-xgmi's two hives of four: `itself` on the diagonal, `same_hive` between
/// GPUs of one hive, `other_hive` across.
fn two_hives(itself: &str, same_hive: &str, other_hive: &str) -> Vec<Vec<String>> {
    let cell = |i: usize, j: usize| match (i == j, i / 4 == j / 4) {
        (true, _) => itself,
        (false, true) => same_hive,
        (false, false) => other_hive,
    };
    (0..8).map(|i| (0..8).map(|j| cell(i, j).to_owned()).collect()).collect()
}

fn rows(text: &[&str]) -> Vec<Vec<String>> {
    text.iter().map(|row| row.split_whitespace().map(str::to_owned).collect()).collect()
}

// MI210 x8 in two XGMI hives. Enumeration (BDF) order and KFD nodes:
// GPU 0-3 = 03/26/43/63:00.0 = nodes 4,5,3,2 (hive 12609507387757274807, CPU node 0);
// GPU 4-7 = 83/a3/c3/e3:00.0 = nodes 8,9,7,6 (hive 18091350218769748594, CPU node 1).
// Inside a hive: io_links type 11 (XGMI), weight 15, min/max_bandwidth 50000, flags 1.
// Across hives: no io_link; the GPUs reach their CPU over io_links type 2 weight 20, and
// CPU node 0 has an io_link to node 1 (type 1, weight 32): 20 + 20 + 32 = 72, 3 hops.
// p2p_links across hives: type 2, weight 72, flags 3 (enabled, non-coherent).

#[test]
fn mi210_link_types_and_hops_xgmi_inside_a_hive_pcie_across() {
    let ctx = context("mi210-xgmi");
    let kinds = matrix(&ctx, |a, b| {
        ctx.gpu(a).and_then(|g| g.topo_link_type(&ctx.gpu(b)?)).map(|t| format!("{}/{}", t.link_type.name(), t.hops))
    });
    let x = "XGMI/1";
    let p = "PCIE/3";
    let s = "PCIE/2"; // the same GPU twice: AMD SMI reports PCIe through the CPU, 2 hops
    let expected = two_hives(s, x, p);
    assert_eq!(kinds, expected);
}

#[test]
fn mi210_weights_bandwidth_and_access_match_the_kfd_files() {
    let ctx = context("mi210-xgmi");
    let weights = matrix(&ctx, |a, b| ctx.gpu(a).and_then(|g| g.topo_link_weight(&ctx.gpu(b)?)));
    assert_eq!(
        weights,
        rows(&[
            "40 15 15 15 72 72 72 72",
            "15 40 15 15 72 72 72 72",
            "15 15 40 15 72 72 72 72",
            "15 15 15 40 72 72 72 72",
            "72 72 72 72 40 15 15 15",
            "72 72 72 72 15 40 15 15",
            "72 72 72 72 15 15 40 15",
            "72 72 72 72 15 15 15 40",
        ])
    );
    let bandwidth = matrix(&ctx, |a, b| {
        ctx.gpu(a)
            .and_then(|g| g.minmax_bandwidth(&ctx.gpu(b)?))
            .map(|bw| format!("{}-{}", bw.min_bandwidth, bw.max_bandwidth))
    });
    let (x, n, v) = ("50000-50000", "NOT_SUPPORTED", "INVAL");
    let expected = two_hives(v, x, n);
    assert_eq!(bandwidth, expected);
    // XGMI peers through io_links, the other hive through p2p_links, itself always.
    assert!(matrix(&ctx, |a, b| ctx.gpu(a).and_then(|g| g.is_p2p_accessible(&ctx.gpu(b)?)))
        .iter()
        .flatten()
        .all(|v| v == "true"));
}

#[test]
fn mi210_p2p_status_reads_the_link_flags() {
    let ctx = context("mi210-xgmi");
    let gpus = ctx.processor_handles();
    let xgmi = P2pCapability {
        is_iolink_coherent: Some(true),
        is_iolink_atomics_32bit: Some(true),
        is_iolink_atomics_64bit: Some(true),
        is_iolink_dma: Some(true),
        // flags 1 has no bi-directional bit; both GPUs have an io_link to each other.
        is_iolink_bi_directional: Some(true),
    };
    let pcie = P2pCapability { is_iolink_coherent: Some(false), is_iolink_bi_directional: Some(false), ..xgmi };
    for (i, j, a, b) in pairs(&ctx) {
        let result = ctx.gpu(a).and_then(|g| g.topo_p2p_status(&ctx.gpu(b)?));
        if i == j {
            assert_eq!(status(result), Status::Inval);
            continue;
        }
        let p2p = result.expect("p2p status");
        if i / 4 == j / 4 {
            assert_eq!((p2p.link_type, p2p.cap), (AmdSmiLinkType::Xgmi, xgmi), "{i} -> {j}");
        } else {
            assert_eq!((p2p.link_type, p2p.cap), (AmdSmiLinkType::Pcie, pcie), "{i} -> {j}");
        }
    }
    assert_eq!(gpus.len(), 8);
}

#[test]
fn mi210_nearest_gpus_are_the_hive_then_the_other_hive() {
    let ctx = context("mi210-xgmi");
    let gpus = ctx.processor_handles();
    let nearest =
        |i: usize, t| ctx.gpu(gpus[i]).and_then(|g| g.link_topology_nearest(t)).expect("nearest").processor_list;
    assert_eq!(nearest(0, AmdSmiLinkType::Xgmi), [gpus[1], gpus[2], gpus[3]]);
    assert_eq!(nearest(0, AmdSmiLinkType::Pcie), [gpus[4], gpus[5], gpus[6], gpus[7]]);
    assert_eq!(nearest(6, AmdSmiLinkType::Xgmi), [gpus[4], gpus[5], gpus[7]]);
    assert_eq!(nearest(6, AmdSmiLinkType::Pcie), [gpus[0], gpus[1], gpus[2], gpus[3]]);
    for other in [AmdSmiLinkType::Internal, AmdSmiLinkType::NotApplicable, AmdSmiLinkType::Unknown] {
        assert!(nearest(0, other).is_empty());
    }
}

// MI300X x8 in CPX mode: 63 partitions (one missing from the capture), KFD nodes 2-64 in
// enumeration order, 8 per GPU (05/27/47/65/85/a7/c7/e5:00.0-7); the last GPU has 7. Every pair
// of partitions has an io_link of type 11 (XGMI), flags 1: weight 13 and min/max_bandwidth
// 819200 between partitions of one GPU, weight 41 and bandwidth 0 between GPUs. Partitions of
// GPUs 0-3 (nodes 2-33) hang off CPU node 0, the others off node 1 (io_link type 2, weight 20).
// The capture has no p2p_links.

#[test]
fn mi300x_partitions_of_one_gpu_are_xgmi_weight_13_and_others_weight_41() {
    let ctx = context("mi300x-cpx");
    let gpus = ctx.processor_handles();
    assert_eq!(gpus.len(), 63);
    let all_caps = P2pCapability {
        is_iolink_coherent: Some(true),
        is_iolink_atomics_32bit: Some(true),
        is_iolink_atomics_64bit: Some(true),
        is_iolink_dma: Some(true),
        is_iolink_bi_directional: Some(true),
    };
    for (i, j, a, b) in pairs(&ctx) {
        let link = ctx.gpu(a).and_then(|g| g.topo_link_type(&ctx.gpu(b)?)).expect("link type");
        let weight = ctx.gpu(a).and_then(|g| g.topo_link_weight(&ctx.gpu(b)?)).expect("weight");
        assert!(ctx.gpu(a).and_then(|g| g.is_p2p_accessible(&ctx.gpu(b)?)).expect("access"), "{i} -> {j}");
        if i == j {
            assert_eq!((link.link_type, link.hops, weight), (AmdSmiLinkType::Pcie, 2, 40));
            assert_eq!(status(ctx.gpu(a).and_then(|g| g.minmax_bandwidth(&ctx.gpu(b)?))), Status::Inval);
            assert_eq!(status(ctx.gpu(a).and_then(|g| g.topo_p2p_status(&ctx.gpu(b)?))), Status::Inval);
            continue;
        }
        let same_gpu = i / 8 == j / 8;
        let bandwidth = ctx.gpu(a).and_then(|g| g.minmax_bandwidth(&ctx.gpu(b)?)).expect("bandwidth");
        let p2p = ctx.gpu(a).and_then(|g| g.topo_p2p_status(&ctx.gpu(b)?)).expect("p2p status");
        let (want_weight, want_bw) = if same_gpu { (13, 819200) } else { (41, 0) };
        assert_eq!((link.link_type, link.hops, weight), (AmdSmiLinkType::Xgmi, 1, want_weight), "{i} -> {j}");
        assert_eq!((bandwidth.min_bandwidth, bandwidth.max_bandwidth), (want_bw, want_bw), "{i} -> {j}");
        assert_eq!((p2p.link_type, p2p.cap), (AmdSmiLinkType::Xgmi, all_caps), "{i} -> {j}");
    }
}

#[test]
fn mi300x_nearest_partitions_come_first_then_the_other_gpus() {
    let ctx = context("mi300x-cpx");
    let gpus = ctx.processor_handles();
    let xgmi =
        ctx.gpu(gpus[9]).and_then(|g| g.link_topology_nearest(AmdSmiLinkType::Xgmi)).expect("nearest").processor_list;
    // Partitions 8, 10-15 of GPU 1 (weight 13), then the 55 partitions of the other GPUs (41).
    let mut expected: Vec<ProcessorHandle> = [8, 10, 11, 12, 13, 14, 15].iter().map(|&i| gpus[i]).collect();
    expected.extend((0..63).filter(|i| !(8..16).contains(i)).map(|i| gpus[i]));
    assert_eq!(xgmi, expected);
    assert!(ctx
        .gpu(gpus[9])
        .and_then(|g| g.link_topology_nearest(AmdSmiLinkType::Pcie))
        .expect("nearest")
        .processor_list
        .is_empty());
    // The NUMA node is the CPU node of the partition's io_link of type 2.
    assert_eq!(ctx.gpu(gpus[31]).and_then(|g| g.topo_numa_node_number()), Ok(0)); // node 33
    assert_eq!(ctx.gpu(gpus[32]).and_then(|g| g.topo_numa_node_number()), Ok(1));
    // node 34
}

// Two PCIe GPUs under one CPU node (desktop-2gpu: nodes 1 and 2, io_links to node 0 weight 20,
// no link between the GPUs and no p2p_links).

#[test]
fn pcie_gpus_without_a_peer_link_are_two_hops_and_not_p2p_accessible() {
    let ctx = context("desktop-2gpu");
    let gpus = ctx.processor_handles();
    let (a, b) = (gpus[0], gpus[1]);
    let link = ctx.gpu(a).and_then(|g| g.topo_link_type(&ctx.gpu(b)?)).expect("link type");
    assert_eq!((link.link_type, link.hops), (AmdSmiLinkType::Pcie, 2));
    assert_eq!(ctx.gpu(a).and_then(|g| g.topo_link_weight(&ctx.gpu(b)?)), Ok(40));
    assert_eq!(ctx.gpu(b).and_then(|g| g.topo_link_weight(&ctx.gpu(a)?)), Ok(40));
    assert_eq!(status(ctx.gpu(a).and_then(|g| g.minmax_bandwidth(&ctx.gpu(b)?))), Status::NotSupported);
    assert_eq!(ctx.gpu(a).and_then(|g| g.is_p2p_accessible(&ctx.gpu(b)?)), Ok(false));
    assert_eq!(ctx.gpu(a).and_then(|g| g.is_p2p_accessible(&ctx.gpu(a)?)), Ok(true));
    assert_eq!(status(ctx.gpu(a).and_then(|g| g.topo_p2p_status(&ctx.gpu(b)?))), Status::NotSupported);
    assert!(ctx
        .gpu(a)
        .and_then(|g| g.link_topology_nearest(AmdSmiLinkType::Pcie))
        .expect("nearest")
        .processor_list
        .is_empty());
}

#[test]
fn gpus_without_a_kfd_node_give_amds_statuses() {
    // desktop-2gpu with GPU 1's KFD node removed: GPU 1 is still a processor, without a node.
    let dir = common::copy_machine("desktop-2gpu");
    std::fs::remove_dir_all(dir.path().join("sys/class/kfd/kfd/topology/nodes/2")).expect("remove node 2");
    let ctx = Context::builder().root(dir.path()).build().expect("context");
    let gpus = ctx.processor_handles();
    assert_eq!(gpus.len(), 2);
    let (kfd, bare) = (gpus[0], gpus[1]);
    assert_eq!(status(ctx.gpu(bare).and_then(|g| g.kfd_info())), Status::NotSupported);
    // Source without a node: rocm_smi's initialization error, NOT_INIT in AMD SMI.
    for dst in [kfd, bare] {
        assert_eq!(status(ctx.gpu(bare).and_then(|g| g.topo_link_weight(&ctx.gpu(dst)?))), Status::NotInit);
        assert_eq!(status(ctx.gpu(bare).and_then(|g| g.topo_link_type(&ctx.gpu(dst)?))), Status::NotInit);
        assert_eq!(status(ctx.gpu(bare).and_then(|g| g.minmax_bandwidth(&ctx.gpu(dst)?))), Status::NotInit);
        assert_eq!(status(ctx.gpu(bare).and_then(|g| g.is_p2p_accessible(&ctx.gpu(dst)?))), Status::NotInit);
        assert_eq!(status(ctx.gpu(bare).and_then(|g| g.topo_p2p_status(&ctx.gpu(dst)?))), Status::NotInit);
    }
    // Destination without a node: INVAL.
    assert_eq!(status(ctx.gpu(kfd).and_then(|g| g.topo_link_weight(&ctx.gpu(bare)?))), Status::Inval);
    assert_eq!(status(ctx.gpu(kfd).and_then(|g| g.topo_link_type(&ctx.gpu(bare)?))), Status::Inval);
    assert_eq!(status(ctx.gpu(kfd).and_then(|g| g.minmax_bandwidth(&ctx.gpu(bare)?))), Status::Inval);
    assert_eq!(status(ctx.gpu(kfd).and_then(|g| g.is_p2p_accessible(&ctx.gpu(bare)?))), Status::Inval);
    assert_eq!(status(ctx.gpu(kfd).and_then(|g| g.topo_p2p_status(&ctx.gpu(bare)?))), Status::Inval);
    assert!(ctx
        .gpu(bare)
        .and_then(|g| g.link_topology_nearest(AmdSmiLinkType::Pcie))
        .expect("nearest")
        .processor_list
        .is_empty());
    assert!(ctx
        .gpu(kfd)
        .and_then(|g| g.link_topology_nearest(AmdSmiLinkType::Pcie))
        .expect("nearest")
        .processor_list
        .is_empty());

    // An R7 240 (SI) on amdgpu: KFD has only the CPU node.
    let si = context("r7-240");
    let gpu = si.processor_handles()[0];
    assert_eq!(status(si.gpu(gpu).and_then(|g| g.topo_link_type(&si.gpu(gpu)?))), Status::NotInit);
    assert_eq!(status(si.gpu(gpu).and_then(|g| g.is_p2p_accessible(&si.gpu(gpu)?))), Status::NotInit);
}

#[test]
fn handles_of_another_context_are_inval() {
    let (one, two) = (context("mi210-xgmi"), context("mi210-xgmi"));
    let (a, foreign) = (one.processor_handles()[0], two.processor_handles()[1]);
    assert_eq!(status(one.gpu(a).and_then(|g| g.topo_link_type(&one.gpu(foreign)?))), Status::Inval);
    assert_eq!(status(one.gpu(foreign).and_then(|g| g.topo_link_weight(&one.gpu(a)?))), Status::Inval);
    assert_eq!(status(one.gpu(a).and_then(|g| g.is_p2p_accessible(&one.gpu(foreign)?))), Status::Inval);
    assert_eq!(status(one.gpu(foreign).and_then(|g| g.link_topology_nearest(AmdSmiLinkType::Xgmi))), Status::Inval);
}

#[test]
fn unreadable_or_malformed_links_never_panic() {
    let dir = common::copy_machine("mi210-xgmi");
    let nodes = dir.path().join("sys/class/kfd/kfd/topology/nodes");
    // Node 4 (GPU 0): its XGMI link to node 5 (GPU 1) is garbage, its p2p_links are gone.
    std::fs::write(nodes.join("4/io_links/3/properties"), "type 11\nnode_to banana\n").expect("write");
    std::fs::remove_dir_all(nodes.join("4/p2p_links")).expect("remove p2p_links");
    // Node 5 (GPU 1): a weight that would overflow a sum.
    let huge =
        format!("type 2\nnode_from 5\nnode_to 0\nweight {}\nmin_bandwidth 0\nmax_bandwidth 0\nflags 1\n", u64::MAX);
    std::fs::write(nodes.join("5/io_links/0/properties"), huge).expect("write");
    let ctx = Context::builder().root(dir.path()).build().expect("context");
    let gpus = ctx.processor_handles();
    // GPU 0 -> GPU 1 falls back to PCIe through CPU node 0; the weight saturates.
    let link = ctx.gpu(gpus[0]).and_then(|g| g.topo_link_type(&ctx.gpu(gpus[1])?)).expect("link type");
    assert_eq!((link.link_type, link.hops), (AmdSmiLinkType::Pcie, 2));
    assert_eq!(ctx.gpu(gpus[0]).and_then(|g| g.topo_link_weight(&ctx.gpu(gpus[1])?)), Ok(u64::MAX));
    // Without p2p_links GPU 0 no longer reaches the other hive.
    assert_eq!(ctx.gpu(gpus[0]).and_then(|g| g.is_p2p_accessible(&ctx.gpu(gpus[4])?)), Ok(false));
    assert_eq!(ctx.gpu(gpus[0]).and_then(|g| g.is_p2p_accessible(&ctx.gpu(gpus[2])?)), Ok(true));
    for (_, _, a, b) in pairs(&ctx) {
        let _ = (
            ctx.gpu(a).and_then(|g| g.topo_link_type(&ctx.gpu(b)?)),
            ctx.gpu(a).and_then(|g| g.topo_link_weight(&ctx.gpu(b)?)),
            ctx.gpu(a).and_then(|g| g.topo_p2p_status(&ctx.gpu(b)?)),
        );
    }
}

#[test]
fn process_wide_functions_take_source_then_destination() {
    let _instance = common::global_instance();
    // The documented free functions on the process-wide instance (held alone: see common::global_instance).
    amdsmi::api::init_global(Context::builder().root(common::machine("mi210-xgmi"))).expect("init");
    let gpus = amdsmi::amdsmi_get_processor_handles().expect("handles");
    assert_eq!(amdsmi::amdsmi_topo_get_link_weight(gpus[0], gpus[7]), Ok(72));
    let link = amdsmi::amdsmi_topo_get_link_type(gpus[0], gpus[1]).expect("link type");
    assert_eq!((link.hops, link.link_type), (1, AmdSmiLinkType::Xgmi));
    let bw = amdsmi::amdsmi_get_minmax_bandwidth_between_processors(gpus[2], gpus[3]).expect("bandwidth");
    assert_eq!((bw.min_bandwidth, bw.max_bandwidth), (50000, 50000));
    assert_eq!(amdsmi::amdsmi_is_P2P_accessible(gpus[5], gpus[1]), Ok(true));
    assert_eq!(amdsmi::amdsmi_topo_get_p2p_status(gpus[5], gpus[1]).expect("p2p").link_type, AmdSmiLinkType::Pcie);
    let nearest = amdsmi::amdsmi_get_link_topology_nearest(gpus[7], AmdSmiLinkType::Xgmi).expect("nearest");
    assert_eq!(nearest.processor_list, [gpus[4], gpus[5], gpus[6]]);
    amdsmi::amdsmi_shut_down().expect("shut down");
}

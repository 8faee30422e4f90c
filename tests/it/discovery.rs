//! Discovery and identity on every bundled machine, against values read by hand from the fixture
//! files (`unique_id`, uevent `PCI_ID`, KFD `gpu_id` and `properties`, the DRM links).

use amdsmi::{Context, Status};

use crate::common;

/// What one processor must report.
struct Want {
    bdf: &'static str,
    uuid: Option<&'static str>,
    kfd_id: Option<u64>,
    node_id: Option<u32>,
    partition_id: u32,
    card: u32,
    render: u32,
    hip_id: Option<u32>,
}

const fn gpu(bdf: &'static str, uuid: Option<&'static str>, kfd_id: u64, node: u32, card: u32, render: u32) -> Want {
    Want { bdf, uuid, kfd_id: Some(kfd_id), node_id: Some(node), partition_id: 0, card, render, hip_id: Some(node - 1) }
}

fn context(machine: &str) -> Context {
    Context::builder().root(common::machine(machine)).build().unwrap()
}

fn check(machine: &str, want: &[Want]) {
    let ctx = context(machine);
    let handles = ctx.processor_handles();
    assert_eq!(handles.len(), want.len(), "{machine}: processor count");
    for (&h, w) in handles.iter().zip(want) {
        let at = format!("{machine} {}", w.bdf);
        assert_eq!(ctx.gpu(h).and_then(|g| g.device_bdf()).unwrap().to_string(), w.bdf, "{at}");
        assert_eq!(ctx.gpu(h).and_then(|g| g.device_uuid()).ok().as_deref(), w.uuid, "{at}: uuid");
        match ctx.gpu(h).and_then(|g| g.kfd_info()) {
            Ok(kfd) => {
                assert_eq!(kfd.kfd_id, w.kfd_id, "{at}: kfd_id");
                assert_eq!(kfd.node_id, w.node_id, "{at}: node_id");
                assert_eq!(kfd.current_partition_id, Some(w.partition_id), "{at}: partition");
            }
            Err(e) => {
                assert_eq!(e.status(), Status::NotSupported, "{at}");
                assert_eq!((w.kfd_id, w.node_id), (None, None), "{at}: KFD info expected");
            }
        }
        let e = ctx.gpu(h).and_then(|g| g.enumeration_info()).unwrap();
        assert_eq!((e.drm_card, e.drm_render), (Some(w.card), Some(w.render)), "{at}: DRM minors");
        assert_eq!(e.hsa_id, w.node_id, "{at}: hsa_id");
        assert_eq!(e.hip_id, w.hip_id, "{at}: hip_id");
        let serial = w.uuid.map(|u| format!("GPU-{}{}", &u[..2], &u[21..].replace('-', "")));
        assert_eq!(e.hip_uuid, serial, "{at}: hip_uuid");
        assert_eq!(ctx.processor_handle_from_bdf(w.bdf).unwrap(), h, "{at}: handle from BDF");
    }
}

#[test]
fn single_gpu_desktops() {
    let rx6900xt = Some("940073bf-0000-1000-806d-7e1ef9b172dd");
    check("rx6900xt", &[gpu("0000:0c:00.0", rx6900xt, 3864, 1, 0, 128)]);
    check("rx7900xtx", &[gpu("0000:03:00.0", None, 35429, 1, 0, 128)]);
    check("rx9070", &[gpu("0000:03:00.0", None, 55859, 1, 1, 128)]);
    check("rx7800xt", &[gpu("0000:03:00.0", None, 12907, 1, 1, 128)]);
    check("rx580", &[gpu("0000:09:00.0", None, 2835, 1, 0, 128)]);
    check("vega10", &[gpu("0000:09:00.0", Some("0100687f-0000-1000-8023-456789abcdef"), 2049, 1, 0, 128)]);
}

#[test]
fn si_card_without_kfd_node_is_one_processor_without_kfd_info() {
    let want = Want {
        bdf: "0000:01:00.0",
        uuid: None,
        kfd_id: None,
        node_id: None,
        partition_id: 0,
        card: 1,
        render: 128,
        hip_id: None,
    };
    check("r7-240", &[want]);
}

#[test]
fn apus_on_their_captured_kfd_trees() {
    check("phoenix", &[gpu("0000:64:00.0", None, 35218, 1, 1, 128)]);
    check("strixpoint", &[gpu("0000:c1:00.0", None, 59419, 1, 1, 128)]);
    check("vangogh", &[gpu("0000:04:00.0", None, 8784, 1, 0, 128)]);
}

#[test]
fn radeon_driver_yields_no_gpu() {
    let ctx = context("hd7870");
    assert!(ctx.processor_handles().is_empty());
    assert!(ctx.socket_handles().is_empty());
}

#[test]
fn two_gpu_desktop_in_bdf_order() {
    check(
        "desktop-2gpu",
        &[
            gpu("0000:03:00.0", None, 35429, 1, 0, 128),
            gpu("0000:0c:00.0", Some("940073bf-0000-1000-806d-7e1ef9b172dd"), 3864, 2, 1, 129),
        ],
    );
}

#[test]
fn mi210_hives_in_bdf_order_not_card_order() {
    let u = Some;
    check(
        "mi210-xgmi",
        &[
            gpu("0000:03:00.0", u("9300740f-0000-1000-80bb-3629c01aea1c"), 3696, 4, 2, 130),
            gpu("0000:26:00.0", u("4300740f-0000-1000-8044-e78b718814cd"), 52228, 5, 3, 131),
            gpu("0000:43:00.0", u("5100740f-0000-1000-8027-6ac12ce05db3"), 51761, 3, 1, 129),
            gpu("0000:63:00.0", u("1900740f-0000-1000-8001-ead3a2ecd4a6"), 2064, 2, 0, 128),
            gpu("0000:83:00.0", u("f800740f-0000-1000-803f-06efb714e6cf"), 50929, 8, 6, 134),
            gpu("0000:a3:00.0", u("c300740f-0000-1000-804e-c50444dd0a6d"), 1232, 9, 7, 135),
            gpu("0000:c3:00.0", u("a300740f-0000-1000-8078-1b5a10fcf54a"), 688, 7, 5, 133),
            gpu("0000:e3:00.0", u("ae00740f-0000-1000-80a8-34aa2723eb57"), 49297, 6, 4, 132),
        ]
        .map(|w| Want { hip_id: w.node_id.map(|n| n - 2), ..w }),
    );
}

/// The `gpu_id` files of KFD nodes 2..=64, in node order.
const MI300X_GPU_IDS: [u64; 63] = [
    58934, 10999, 16311, 62326, 5431, 55798, 52406, 119, 58420, 10485, 15797, 61812, 5941, 56308, 52916, 629, 57940,
    11925, 15317, 63252, 4437, 56724, 51412, 1045, 57430, 11415, 14807, 62742, 4951, 57238, 51926, 1559, 11959, 57974,
    63286, 15351, 56758, 4471, 1079, 51446, 11445, 57460, 62772, 14837, 57268, 4981, 1589, 51956, 10965, 58900, 62292,
    16277, 55764, 5397, 85, 52372, 10455, 58390, 61782, 15767, 56278, 5911, 599,
];

#[test]
fn mi300x_cpx_one_processor_per_partition_node() {
    const BUSES: [u8; 8] = [0x05, 0x27, 0x47, 0x65, 0x85, 0xa7, 0xc7, 0xe5];
    let ctx = context("mi300x-cpx");
    let handles = ctx.processor_handles();
    assert_eq!(handles.len(), 63, "63 partition nodes captured; the 64th is missing from the capture");
    for (i, &h) in handles.iter().enumerate() {
        let (g, p) = (i / 8, (i % 8) as u32);
        let node = 2 + i as u32;
        assert_eq!(
            ctx.gpu(h).and_then(|g| g.device_bdf()).unwrap().to_string(),
            format!("0000:{:02x}:00.{p}", BUSES[g])
        );
        assert_eq!(
            ctx.gpu(h).and_then(|g| g.bdf_id()).unwrap(),
            u64::from(p) << 28 | u64::from(BUSES[g]) << 8 | u64::from(p)
        );
        let kfd = ctx.gpu(h).and_then(|g| g.kfd_info()).unwrap();
        assert_eq!((kfd.kfd_id, kfd.node_id, kfd.current_partition_id), (Some(MI300X_GPU_IDS[i]), Some(node), Some(p)));
        let e = ctx.gpu(h).and_then(|g| g.enumeration_info()).unwrap();
        assert_eq!((e.drm_card, e.drm_render), (Some(8 * g as u32 + p), Some(128 + 8 * g as u32 + p)));
        assert_eq!((e.hsa_id, e.hip_id), (Some(node), Some(node - 2)));
    }
    let uuid = |i: usize| ctx.gpu(handles[i]).and_then(|g| g.device_uuid()).unwrap();
    assert_eq!(uuid(0), "e30074a1-0000-1000-80aa-140f9a5f9e31");
    assert_eq!(uuid(1), "e30174a1-0000-1000-80aa-140f9a5f9e31");
    assert_eq!(uuid(62), "dd0674a1-0000-1000-8019-7ad1b50577f6");
    assert_eq!(
        ctx.gpu(handles[62]).and_then(|g| g.enumeration_info()).unwrap().hip_uuid.as_deref(),
        Some("GPU-dd197ad1b50577f6")
    );
    // The partition without a KFD node (render node 191 exists) is not a processor.
    assert_eq!(ctx.processor_handle_from_bdf("0000:e5:00.7").unwrap_err().status(), Status::NotFound);

    // Sockets group the partitions of one PCI device.
    let sockets = ctx.socket_handles();
    assert_eq!(sockets.len(), 8);
    assert_eq!(ctx.socket_info(sockets[0]).unwrap(), "0000:05:00");
    assert_eq!(ctx.socket_info(sockets[7]).unwrap(), "0000:e5:00");
    assert_eq!(ctx.socket_processor_handles(sockets[0]).unwrap(), handles[..8]);
    assert_eq!(ctx.socket_processor_handles(sockets[7]).unwrap(), handles[56..]);
}

#[test]
fn handles_of_one_context_are_invalid_in_another() {
    let (a, b) = (context("rx6900xt"), context("rx6900xt"));
    let h = a.processor_handles()[0];
    let err = b.gpu(h).and_then(|g| g.device_bdf()).unwrap_err();
    assert_eq!(err.status(), Status::Inval);
    assert_eq!(b.socket_info(a.socket_handles()[0]).unwrap_err().status(), Status::Inval);
}

#[test]
fn bdf_lookup_accepts_both_forms_and_rejects_garbage() {
    let ctx = context("desktop-2gpu");
    let second = ctx.processor_handles()[1];
    assert_eq!(ctx.processor_handle_from_bdf("0c:00.0").unwrap(), second);
    assert_eq!(ctx.processor_handle_from_bdf("0000:0C:00.0").unwrap(), second);
    assert_eq!(ctx.processor_handle_from_bdf("0000:0d:00.0").unwrap_err().status(), Status::NotFound);
    for bad in ["0000:0c:00", "gpu0", "0000:0c:00.0 ", ""] {
        assert_eq!(ctx.processor_handle_from_bdf(bad).unwrap_err().kind(), amdsmi::ErrorKind::BdfFormat, "{bad:?}");
    }
}

#[test]
fn gpus_only_unless_cpus_are_asked_for() {
    use amdsmi::AmdSmiInitFlags as F;
    let root = common::machine("mi300x-cpx");
    // No /proc/cpuinfo: no CPU to name, no CPUs (tests/it/cpu.rs covers the CPU machines).
    let cpus_only = Context::builder().root(common::machine("rx6900xt")).flags(F::INIT_AMD_CPUS).build().unwrap_err();
    assert_eq!(cpus_only.status(), Status::NotSupported);
    let gpus = Context::builder().root(&root).build().unwrap();
    assert_eq!(gpus.processor_handles().len(), 63);
    // mi300x-cpx has its two host CPU sockets (96 cores each) too.
    let apus = Context::builder().root(&root).flags(F::INIT_AMD_APUS).build().unwrap();
    assert_eq!(apus.processor_handles().len(), 63 + 2 + 2 * 96);
    let none = Context::builder().root(&root).flags(F::INIT_NON_AMD_GPUS).build().unwrap();
    assert!(none.processor_handles().is_empty());
}

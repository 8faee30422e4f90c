//! Damaged machine roots: init still succeeds for the healthy GPUs, nothing panics or hangs.

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::Path;

use amdsmi::{Context, Status};

use crate::common;

const PCI: &str = "sys/bus/pci/devices";
const NODES: &str = "sys/class/kfd/kfd/topology/nodes";

fn bdfs(root: &Path) -> Vec<String> {
    let ctx = Context::builder().root(root).build().unwrap();
    ctx.processor_handles().into_iter().map(|h| ctx.gpu(h).and_then(|g| g.device_bdf()).unwrap().to_string()).collect()
}

/// Calls every implemented function on every processor; errors are fine, panics are not.
fn call_everything(root: &Path) {
    let ctx = Context::builder().root(root).build().unwrap();
    for h in ctx.processor_handles() {
        let _ = (
            ctx.gpu(h).and_then(|g| g.device_bdf()),
            ctx.gpu(h).and_then(|g| g.bdf_id()),
            ctx.gpu(h).and_then(|g| g.device_uuid()),
            ctx.processor_type(h),
        );
        let _ = (ctx.gpu(h).and_then(|g| g.kfd_info()), ctx.gpu(h).and_then(|g| g.enumeration_info()));
    }
    for s in ctx.socket_handles() {
        let _ = (ctx.socket_info(s), ctx.socket_processor_handles(s));
    }
}

#[test]
fn empty_vendor_file_drops_only_that_gpu() {
    let dir = common::copy_machine("desktop-2gpu");
    fs::write(dir.path().join(PCI).join("0000:0c:00.0/vendor"), "").unwrap();
    assert_eq!(bdfs(dir.path()), ["0000:03:00.0"]);
}

#[test]
fn kfd_node_without_properties_leaves_its_gpu_without_kfd_info() {
    let dir = common::copy_machine("desktop-2gpu");
    fs::remove_file(dir.path().join(NODES).join("2/properties")).unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpus = ctx.processor_handles();
    assert_eq!(gpus.len(), 2);
    assert_eq!(ctx.gpu(gpus[0]).and_then(|g| g.kfd_info()).unwrap().node_id, Some(1));
    assert_eq!(ctx.gpu(gpus[1]).and_then(|g| g.kfd_info()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(gpus[1]).and_then(|g| g.enumeration_info()).unwrap().hsa_id, None);
}

#[test]
fn garbage_kfd_properties_and_a_fifo_are_skipped() {
    let dir = common::copy_machine("desktop-2gpu");
    fs::write(dir.path().join(NODES).join("1/properties"), "simd_count banana\n").unwrap();
    let props = dir.path().join(NODES).join("2/properties");
    fs::remove_file(&props).unwrap();
    nix::unistd::mkfifo(&props, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let gpus = ctx.processor_handles();
    assert_eq!(gpus.len(), 2);
    assert!(gpus.iter().all(|&h| ctx.gpu(h).and_then(|g| g.kfd_info()).is_err()));
}

#[test]
fn dangling_card_links_are_ignored() {
    let dir = common::copy_machine("desktop-2gpu");
    let drm = dir.path().join("sys/class/drm");
    fs::remove_file(drm.join("card1")).unwrap();
    symlink("../../devices/pci0000:00/nowhere/drm/card1", drm.join("card1")).unwrap();
    symlink("does-not-exist", drm.join("card7")).unwrap();
    assert_eq!(bdfs(dir.path()), ["0000:03:00.0"]);
}

#[test]
fn unreadable_files() {
    let dir = common::copy_machine("desktop-2gpu");
    // A directory where a file should be: reading it fails (EISDIR), the KFD serial still serves.
    let unique_id = dir.path().join(PCI).join("0000:0c:00.0/unique_id");
    fs::remove_file(&unique_id).unwrap();
    fs::create_dir(&unique_id).unwrap();
    // No permission to read the vendor of the first GPU.
    let vendor = dir.path().join(PCI).join("0000:03:00.0/vendor");
    fs::set_permissions(&vendor, fs::Permissions::from_mode(0o000)).unwrap();
    // Root (or CAP_DAC_OVERRIDE) reads it anyway; anyone else loses that GPU and keeps the other.
    let want: &[&str] = if fs::read(&vendor).is_ok() { &["0000:03:00.0", "0000:0c:00.0"] } else { &["0000:0c:00.0"] };
    assert_eq!(bdfs(dir.path()), want);
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let last = *ctx.processor_handles().last().unwrap();
    assert_eq!(ctx.gpu(last).and_then(|g| g.device_uuid()).unwrap(), "940073bf-0000-1000-806d-7e1ef9b172dd");
    call_everything(dir.path());
}

#[test]
fn missing_trees_give_no_gpus() {
    let empty = tempfile::tempdir().unwrap();
    assert!(bdfs(empty.path()).is_empty());
    let dir = common::copy_machine("rx6900xt");
    fs::remove_dir_all(dir.path().join("sys/devices/virtual/kfd")).unwrap();
    assert_eq!(bdfs(dir.path()), ["0000:0c:00.0"]);
    fs::remove_dir_all(dir.path().join("sys/class/drm")).unwrap();
    assert!(bdfs(dir.path()).is_empty());
}

/// Overwrites every regular file of a machine with each kind of bad content.
#[test]
fn every_file_garbage_truncated_or_empty() {
    let contents: [&[u8]; 4] = [b"", b"\xff\xfe\x00garbage", b"0x", b"18446744073709551616 99999999999999999999\n"];
    for machine in ["rx6900xt", "mi210-xgmi", "phoenix"] {
        for content in contents {
            let dir = common::copy_machine(machine);
            common::overwrite_every_file(dir.path(), content);
            call_everything(dir.path());
        }
    }
}

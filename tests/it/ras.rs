//! RAS and ECC against the fixture files, numbers read by hand from
//! `fixtures/machines/{mi300x-cpx,mi210-xgmi}/sys/bus/pci/devices/<BDF>/ras/`.

use std::fs;

use amdsmi::{
    AmdSmiGpuBlock, AmdSmiMemoryPageStatus, AmdSmiRasErrState, AmdSmiXgmiStatus, Context, EccCount, ProcessorHandle,
    RasFeatureInfo, RetiredPage, Status,
};

use crate::common;

fn context(machine: &str) -> Context {
    Context::builder().root(common::machine(machine)).build().unwrap()
}

fn gpu(ctx: &Context, bdf: &str) -> ProcessorHandle {
    ctx.processor_handle_from_bdf(bdf).unwrap()
}

fn count(ue: u64, ce: u64, de: u64) -> EccCount {
    EccCount { uncorrectable_count: ue, correctable_count: ce, deferred_count: de }
}

#[test]
fn ecc_counts_with_the_deferred_line() {
    let ctx = context("mi300x-cpx");
    let g = gpu(&ctx, "0000:05:00.0");
    // umc_err_count "ue: 0\nce: 12\nde: 3\n"; gfx_err_count "ue: 0\nce: 2\n" (no de line).
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).unwrap(), count(0, 12, 3));
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Gfx)).unwrap(), count(0, 2, 0));
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Jpeg)).unwrap(), count(0, 0, 0));
    // Blocks the kernel has no counter file for.
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Hdp)).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Invalid)).unwrap_err().status(), Status::Inval);
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Reserved)).unwrap_err().status(), Status::Inval);
    // 0000:27:00.0 umc "ue: 1\nce: 0\nde: 0\n"; 0000:a7:00.0 sdma "ue: 0\nce: 7\n", vcn "ue: 2\nce: 0\n".
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:27:00.0")).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).unwrap(),
        count(1, 0, 0)
    );
    let a7 = gpu(&ctx, "0000:a7:00.0");
    assert_eq!(ctx.gpu(a7).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Sdma)).unwrap(), count(0, 7, 0));
    assert_eq!(ctx.gpu(a7).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Vcn)).unwrap(), count(2, 0, 0));
}

#[test]
fn ecc_counts_without_the_deferred_line_and_busy() {
    let ctx = context("mi210-xgmi");
    // 0000:63:00.0 umc "ue: 0\nce: 3\n"; 0000:e3:00.0 mmhub "ue: 1\nce: 5\n".
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).unwrap(),
        count(0, 3, 0)
    );
    let e3 = gpu(&ctx, "0000:e3:00.0");
    assert_eq!(ctx.gpu(e3).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Mmhub)).unwrap(), count(1, 5, 0));
    assert_eq!(ctx.gpu(e3).and_then(|g| g.total_ecc_count()).unwrap(), count(1, 5, 0));
    // 0000:03:00.0 umc "Query currently inaccessible\n": NOT_SUPPORTED, as AMD SMI reports it,
    // and left out of the total.
    let busy = gpu(&ctx, "0000:03:00.0");
    let err = ctx.gpu(busy).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
    assert_eq!(err.detail(), Some("Query currently inaccessible"));
    assert_eq!(ctx.gpu(busy).and_then(|g| g.total_ecc_count()).unwrap(), count(0, 0, 0));
}

#[test]
fn total_sums_the_enabled_blocks() {
    let ctx = context("mi300x-cpx");
    // features 0x1808f: UMC, SDMA, GFX, MMHUB, XGMI_WAFL, VCN, JPEG. 05:00.0: umc 0/12/3 + gfx 0/2.
    assert_eq!(ctx.gpu(gpu(&ctx, "0000:05:00.0")).and_then(|g| g.total_ecc_count()).unwrap(), count(0, 14, 3));
    // a7:00.0: sdma 0/7 + vcn 2/0.
    assert_eq!(ctx.gpu(gpu(&ctx, "0000:a7:00.0")).and_then(|g| g.total_ecc_count()).unwrap(), count(2, 7, 0));
}

#[test]
fn features_mask_and_block_states() {
    let ctx = context("mi300x-cpx");
    let g = gpu(&ctx, "0000:05:00.0");
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_enabled()).unwrap(), 0x1808f);
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_status(AmdSmiGpuBlock::Vcn)).unwrap(), AmdSmiRasErrState::Enabled);
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_status(AmdSmiGpuBlock::PcieBif)).unwrap(), AmdSmiRasErrState::Disabled);
    let states = ctx.gpu(g).and_then(|g| g.ras_block_features_enabled()).unwrap();
    assert_eq!(states.len(), 19);
    let enabled: Vec<&str> =
        states.iter().filter(|s| s.status == AmdSmiRasErrState::Enabled).map(|s| s.block.name()).collect();
    assert_eq!(enabled, ["UMC", "SDMA", "GFX", "MMHUB", "XGMI_WAFL", "VCN", "JPEG"]);
    assert_eq!(states.last().unwrap().block, AmdSmiGpuBlock::Mpio);
    let ctx = context("mi210-xgmi");
    assert_eq!(ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.ecc_enabled()).unwrap(), 0x8f);
}

#[test]
fn ras_feature_info() {
    // mi300x: "table version: 0x21000", "schema: 0xf"; mi210: 0x10000, 0xe (no parity).
    let ctx = context("mi300x-cpx");
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:05:00.0")).and_then(|g| g.ras_feature_info()).unwrap(),
        RasFeatureInfo {
            eeprom_version: 0x21000,
            parity_schema: true,
            single_bit_schema: true,
            double_bit_schema: true,
            poison_schema: true,
        }
    );
    let ctx = context("mi210-xgmi");
    let info = ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.ras_feature_info()).unwrap();
    assert_eq!((info.eeprom_version, info.parity_schema, info.poison_schema), (0x10000, false, true));
}

#[test]
fn bad_pages_in_every_state() {
    let ctx = context("mi300x-cpx");
    let g = gpu(&ctx, "0000:05:00.0");
    let page = |value, page_address, status| RetiredPage { value, page_address, page_size: 0x1000, status };
    let want = [
        page(0, 0x12345, AmdSmiMemoryPageStatus::Reserved),
        page(1, 0x12346, AmdSmiMemoryPageStatus::Pending),
        page(2, 0x1f000, AmdSmiMemoryPageStatus::Unreservable),
    ];
    assert_eq!(ctx.gpu(g).and_then(|g| g.bad_page_info()).unwrap(), want);
    assert_eq!(ctx.gpu(g).and_then(|g| g.memory_reserved_pages()).unwrap(), want);
    // An empty gpu_vram_bad_pages: no retired page.
    assert_eq!(ctx.gpu(gpu(&ctx, "0000:27:00.0")).and_then(|g| g.bad_page_info()).unwrap(), []);
    let ctx = context("mi210-xgmi");
    let pages = ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.bad_page_info()).unwrap();
    assert_eq!(
        pages.iter().map(|p| (p.page_address, p.status)).collect::<Vec<_>>(),
        [(0xa1b2c, AmdSmiMemoryPageStatus::Reserved), (0xa1b2d, AmdSmiMemoryPageStatus::Reserved)]
    );
}

#[test]
fn partitions_other_than_0_have_no_ras() {
    let ctx = context("mi300x-cpx");
    let xcp1 = gpu(&ctx, "0000:05:00.1");
    assert_eq!(
        ctx.gpu(xcp1).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).unwrap_err().status(),
        Status::NotSupported
    );
    assert_eq!(ctx.gpu(xcp1).and_then(|g| g.total_ecc_count()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(xcp1).and_then(|g| g.bad_page_info()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(xcp1).and_then(|g| g.xgmi_error_status()).unwrap_err().status(), Status::NotSupported);
}

#[test]
fn desktop_gpus_without_ras() {
    let ctx = context("rx6900xt");
    let g = ctx.processor_handles()[0];
    assert_eq!(ctx.gpu(g).and_then(|g| g.ecc_enabled()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(g).and_then(|g| g.total_ecc_count()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(g).and_then(|g| g.bad_page_info()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(g).and_then(|g| g.ras_block_features_enabled()).unwrap_err().status(), Status::NotSupported);
    assert_eq!(ctx.gpu(g).and_then(|g| g.bad_page_threshold()).unwrap_err().status(), Status::NotSupported);
}

#[test]
fn bad_page_threshold_from_debugfs() {
    // dri/0/ras/bad_page_cnt_threshold "1965"; mi210-xgmi has no debugfs.
    let ctx = context("mi300x-cpx");
    assert_eq!(ctx.gpu(gpu(&ctx, "0000:05:00.0")).and_then(|g| g.bad_page_threshold()).unwrap(), 1965);
    let ctx = context("mi210-xgmi");
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.bad_page_threshold()).unwrap_err().status(),
        Status::NotSupported
    );
}

#[test]
fn bad_page_threshold_is_root_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::copy_machine("mi210-xgmi");
    let debugfs = dir.path().join("sys/kernel/debug");
    let file = debugfs.join("dri/0/ras/bad_page_cnt_threshold");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, "655\n").unwrap();
    fs::set_permissions(&debugfs, fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    // card0 is 0000:63:00.0. Root (or CAP_DAC_OVERRIDE) reads it anyway; anyone else gets NO_PERM.
    let result = ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.bad_page_threshold());
    match fs::read(&file) {
        Ok(_) => assert_eq!(result.unwrap(), 655),
        Err(_) => assert_eq!(result.unwrap_err().status(), Status::NoPerm),
    }
}

#[test]
fn xgmi_error_status() {
    let ctx = context("mi300x-cpx");
    // xgmi_error: 05 "0", 65 "1", c7 "2".
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:05:00.0")).and_then(|g| g.xgmi_error_status()).unwrap(),
        AmdSmiXgmiStatus::NoErrors
    );
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:65:00.0")).and_then(|g| g.xgmi_error_status()).unwrap(),
        AmdSmiXgmiStatus::Error
    );
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:c7:00.0")).and_then(|g| g.xgmi_error_status()).unwrap(),
        AmdSmiXgmiStatus::MultipleErrors
    );
    let ctx = context("mi210-xgmi");
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:43:00.0")).and_then(|g| g.xgmi_error_status()).unwrap(),
        AmdSmiXgmiStatus::Error
    );
}

#[test]
fn aca_file_when_the_err_count_file_is_missing() {
    let dir = common::copy_machine("mi210-xgmi");
    let ras = dir.path().join("sys/bus/pci/devices/0000:63:00.0/ras");
    fs::remove_file(ras.join("umc_err_count")).unwrap();
    fs::write(ras.join("aca_umc"), "ue: 4\nce: 9\nde: 1\n").unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).unwrap(),
        count(4, 9, 1)
    );
}

#[test]
fn malformed_ras_files_are_unexpected_data() {
    let dir = common::copy_machine("mi210-xgmi");
    let dev = dir.path().join("sys/bus/pci/devices/0000:63:00.0");
    fs::write(dev.join("ras/umc_err_count"), "ue: x\nce: 1\n").unwrap();
    fs::write(dev.join("ras/gpu_vram_bad_pages"), "0x1 : 0x1000 : Q\n").unwrap();
    fs::write(dev.join("ras/features"), "feature mask: banana\n").unwrap();
    let ctx = Context::builder().root(dir.path()).build().unwrap();
    let g = gpu(&ctx, "0000:63:00.0");
    for err in [
        ctx.gpu(g).and_then(|g| g.ecc_count(AmdSmiGpuBlock::Umc)).unwrap_err(),
        ctx.gpu(g).and_then(|g| g.bad_page_info()).unwrap_err(),
        ctx.gpu(g).and_then(|g| g.ecc_enabled()).unwrap_err(),
    ] {
        assert_eq!(err.status(), Status::UnexpectedData);
        assert!(err.path().is_some());
    }
}

#[test]
fn garbage_in_every_ras_file_never_panics() {
    let contents: [&[u8]; 4] = [b"", b"\xff\xfe\x00garbage", b"ue: 18446744073709551616\nce: 0\n", b"0x : 0x : \n"];
    let dir = common::copy_machine("mi210-xgmi");
    for content in contents {
        for dev in fs::read_dir(dir.path().join("sys/bus/pci/devices")).unwrap() {
            let dev = dev.unwrap().path();
            fs::write(dev.join("xgmi_error"), content).unwrap();
            for file in fs::read_dir(dev.join("ras")).unwrap() {
                fs::write(file.unwrap().path(), content).unwrap();
            }
        }
        let ctx = Context::builder().root(dir.path()).build().unwrap();
        for h in ctx.processor_handles() {
            for &block in AmdSmiGpuBlock::ALL {
                let _ = (ctx.gpu(h).and_then(|g| g.ecc_count(block)), ctx.gpu(h).and_then(|g| g.ecc_status(block)));
            }
            let _ = (
                ctx.gpu(h).and_then(|g| g.total_ecc_count()),
                ctx.gpu(h).and_then(|g| g.ras_feature_info()),
                ctx.gpu(h).and_then(|g| g.ras_block_features_enabled()),
            );
            let _ = (
                ctx.gpu(h).and_then(|g| g.bad_page_info()),
                ctx.gpu(h).and_then(|g| g.memory_reserved_pages()),
                ctx.gpu(h).and_then(|g| g.xgmi_error_status()),
            );
        }
    }
}

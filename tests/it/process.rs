//! GPU processes against the synthesized KFD (`sys/class/kfd/kfd/proc/<pid>/`) and procfs
//! (`proc/<pid>/`) trees of mi300x-cpx, mi210-xgmi and rx7900xtx; numbers read by hand from
//! those files (fdinfo sizes are KiB, hence the `* 1024`).

use std::fs;

use amdsmi::{
    ComputeProcessInfo, Context, ProcessEngineUsage, ProcessInfo, ProcessMemoryUsage, ProcessorHandle, Status,
};

use crate::common;

const GIB: u64 = 1 << 30;

fn context(machine: &str) -> Context {
    Context::builder().root(common::machine(machine)).build().unwrap()
}

fn gpu(ctx: &Context, bdf: &str) -> ProcessorHandle {
    ctx.processor_handle_from_bdf(bdf).unwrap()
}

fn pids(ctx: &Context, bdf: &str) -> Vec<u32> {
    ctx.gpu(gpu(ctx, bdf)).and_then(|g| g.process_list()).unwrap().iter().map(|p| p.pid).collect()
}

#[test]
fn process_on_two_partitions_is_split_by_its_fd_links() {
    let ctx = context("mi300x-cpx");
    // pid 4242: KFD vram_58934/stats_58934 (0000:05:00.0) and vram_10999 (0000:05:00.1); fdinfo/5
    // and fdinfo/7 (same drm-client-id 11) link to renderD128, fdinfo/6 to renderD129; all three
    // print drm-pdev 0000:05:00.0, so only the links tell the partitions apart.
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:05:00.0")).and_then(|g| g.process_list()).unwrap(),
        [ProcessInfo {
            name: Some("python3".into()),
            pid: 4242,
            mem: Some(8 * GIB),
            engine_usage: ProcessEngineUsage { gfx: Some(123456789), enc: Some(0) },
            memory_usage: ProcessMemoryUsage {
                gtt_mem: Some(2048 * 1024),
                cpu_mem: Some(0),
                vram_mem: Some(8388608 * 1024)
            },
            cu_occupancy: Some(19),
            evicted_time: Some(12),
        }]
    );
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:05:00.1")).and_then(|g| g.process_list()).unwrap(),
        [ProcessInfo {
            name: Some("python3".into()),
            pid: 4242,
            mem: Some(2 * GIB),
            engine_usage: ProcessEngineUsage { gfx: Some(0), enc: Some(0) },
            memory_usage: ProcessMemoryUsage {
                gtt_mem: Some(1024 * 1024),
                cpu_mem: Some(4 * 1024),
                vram_mem: Some(2097152 * 1024)
            },
            cu_occupancy: Some(7),
            evicted_time: Some(0),
        }]
    );
}

#[test]
fn processes_listed_only_on_the_gpus_they_use() {
    let ctx = context("mi300x-cpx");
    assert_eq!(pids(&ctx, "0000:27:00.0"), [5150]);
    assert_eq!(pids(&ctx, "0000:47:00.0"), [6001]);
    for idle in ["0000:05:00.2", "0000:27:00.1", "0000:65:00.0", "0000:e5:00.6"] {
        assert_eq!(pids(&ctx, idle), [] as [u32; 0], "{idle}");
    }
}

#[test]
fn unreadable_proc_entries_are_not_available_not_dropped() {
    let ctx = context("mi300x-cpx");
    // pid 5150: comm "llama-server", fdinfo unreadable: DRM usage N/A, VRAM from KFD vram_58420.
    assert_eq!(
        ctx.gpu(gpu(&ctx, "0000:27:00.0")).and_then(|g| g.process_list()).unwrap(),
        [ProcessInfo {
            name: Some("llama-server".into()),
            pid: 5150,
            mem: Some(3 * GIB),
            engine_usage: ProcessEngineUsage { gfx: None, enc: None },
            memory_usage: ProcessMemoryUsage { gtt_mem: None, cpu_mem: None, vram_mem: Some(3 * GIB) },
            cu_occupancy: Some(38),
            evicted_time: Some(250),
        }]
    );
    // pid 6001: no /proc entry at all (another PID namespace); KFD primary context + context_1:
    // vram 1 GiB + 512 MiB, cu_occupancy max(5, 9), evicted_ms 3 + 4.
    let p = &ctx.gpu(gpu(&ctx, "0000:47:00.0")).and_then(|g| g.process_list()).unwrap()[0];
    assert_eq!((p.name.as_deref(), p.pid, p.mem), (None, 6001, Some(GIB + GIB / 2)));
    assert_eq!(p.engine_usage, ProcessEngineUsage { gfx: None, enc: None });
    assert_eq!(p.memory_usage.vram_mem, Some(GIB + GIB / 2));
    assert_eq!((p.memory_usage.gtt_mem, p.cu_occupancy, p.evicted_time), (None, Some(9), Some(7)));
}

#[test]
fn fdinfo_matched_by_pci_device_without_fd_links() {
    let ctx = context("mi210-xgmi");
    // pid 3001 on 0000:63:00.0 and 0000:43:00.0 (no fd/ links: drm-pdev decides).
    let on_63 = &ctx.gpu(gpu(&ctx, "0000:63:00.0")).and_then(|g| g.process_list()).unwrap()[0];
    assert_eq!((on_63.pid, on_63.name.as_deref(), on_63.mem), (3001, Some("xhpl"), Some(16 * GIB)));
    assert_eq!(
        on_63.memory_usage,
        ProcessMemoryUsage { gtt_mem: Some(8192 * 1024), cpu_mem: Some(16 * 1024), vram_mem: Some(16777216 * 1024) }
    );
    assert_eq!(on_63.engine_usage, ProcessEngineUsage { gfx: Some(0), enc: Some(0) });
    assert_eq!((on_63.cu_occupancy, on_63.evicted_time), (Some(104), Some(35)));
    let on_43 = &ctx.gpu(gpu(&ctx, "0000:43:00.0")).and_then(|g| g.process_list()).unwrap()[0];
    assert_eq!((on_43.pid, on_43.mem, on_43.memory_usage.gtt_mem), (3001, Some(12 * GIB), Some(4096 * 1024)));
    // pid 3002 has no comm: name N/A, the rest read.
    let on_03 = &ctx.gpu(gpu(&ctx, "0000:03:00.0")).and_then(|g| g.process_list()).unwrap()[0];
    assert_eq!((on_03.pid, on_03.name.as_deref(), on_03.memory_usage.vram_mem), (3002, None, Some(GIB)));
    // 3001 also has vram_52228/sdma_52228 (0000:26:00.0), both 0, and no queue there: ROCm opened
    // that GPU without using it, so the process is not listed on it.
    assert_eq!(pids(&ctx, "0000:26:00.0"), [] as [u32; 0]);
}

#[test]
fn desktop_kfd_process_listed_graphics_only_process_not() {
    let ctx = context("rx7900xtx");
    // pid 2200 (KFD + fdinfo/12); pid 1500 "Xorg" has DRM fdinfo but no KFD entry: AMD SMI lists
    // only KFD processes. No cu_occupancy file on RDNA 3.
    assert_eq!(
        ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.process_list()).unwrap(),
        [ProcessInfo {
            name: Some("ollama".into()),
            pid: 2200,
            mem: Some(6 * GIB),
            engine_usage: ProcessEngineUsage { gfx: Some(4200000000), enc: Some(250000) },
            memory_usage: ProcessMemoryUsage {
                gtt_mem: Some(65536 * 1024),
                cpu_mem: Some(512 * 1024),
                vram_mem: Some(6291456 * 1024)
            },
            cu_occupancy: None,
            evicted_time: Some(4),
        }]
    );
    assert_eq!(ctx.gpu_compute_process_gpus(1500).unwrap_err().status(), Status::NotFound);
}

#[test]
fn no_processes_and_no_kfd() {
    let ctx = context("rx6900xt");
    assert_eq!(ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.process_list()).unwrap(), []);
    assert_eq!(ctx.gpu_compute_process_info(), []);
    let ctx = context("r7-240");
    assert_eq!(
        ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.process_list()).unwrap_err().status(),
        Status::NotSupported
    );
}

#[test]
fn compute_process_info_by_pid_and_all() {
    let ctx = context("mi300x-cpx");
    // 4242: vram 8 + 2 GiB, sdma 1500 + 300, CUs (19 + 7) of 2 x 38 = 34 %, evicted 12 + 0.
    let p4242 = ComputeProcessInfo {
        process_id: 4242,
        pasid: Some(32771),
        vram_usage: 10 * GIB,
        sdma_usage: 1800,
        cu_occupancy: Some(34),
        evicted_time: Some(12),
    };
    assert_eq!(ctx.gpu_compute_process_info_by_pid(4242).unwrap(), p4242);
    // 6001: no pasid file; sdma 10 + 6; 9 of 38 CUs = 23 %.
    let p6001 = ctx.gpu_compute_process_info_by_pid(6001).unwrap();
    assert_eq!((p6001.pasid, p6001.vram_usage, p6001.sdma_usage), (None, GIB + GIB / 2, 16));
    assert_eq!((p6001.cu_occupancy, p6001.evicted_time), (Some(23), Some(7)));
    let all = ctx.gpu_compute_process_info();
    assert_eq!(all.iter().map(|p| p.process_id).collect::<Vec<_>>(), [4242, 5150, 6001]);
    assert_eq!(all[0], p4242);
    assert_eq!(all[1].cu_occupancy, Some(100));
    assert_eq!(ctx.gpu_compute_process_info_by_pid(1).unwrap_err().status(), Status::NotFound);
    // mi210 3001: (104 + 52) of 2 x 104 CUs = 75 %.
    let ctx = context("mi210-xgmi");
    let p3001 = ctx.gpu_compute_process_info_by_pid(3001).unwrap();
    assert_eq!((p3001.vram_usage, p3001.sdma_usage, p3001.cu_occupancy), (28 * GIB, 4500, Some(75)));
    let ctx = context("rx7900xtx");
    assert_eq!(ctx.gpu_compute_process_info_by_pid(2200).unwrap().cu_occupancy, None);
}

#[test]
fn gpus_of_a_process() {
    let ctx = context("mi300x-cpx");
    // Enumeration order: 0000:05:00.0..7 are 0..7, 0000:27:00.0 is 8, 0000:47:00.0 is 16.
    assert_eq!(ctx.gpu_compute_process_gpus(4242).unwrap(), [0, 1]);
    assert_eq!(ctx.gpu_compute_process_gpus(5150).unwrap(), [8]);
    assert_eq!(ctx.gpu_compute_process_gpus(6001).unwrap(), [16]);
    assert_eq!(ctx.gpu_compute_process_gpus(99999).unwrap_err().status(), Status::NotFound);
    let ctx = context("mi210-xgmi");
    // 0000:43:00.0 is 2, 0000:63:00.0 is 3 (BDF order).
    assert_eq!(ctx.gpu_compute_process_gpus(3001).unwrap(), [2, 3]);
}

#[test]
fn garbage_process_files_never_panic() {
    let dir = common::copy_machine("rx7900xtx");
    let kfd = dir.path().join("sys/devices/virtual/kfd/kfd/proc/2200");
    let listed = |root: &std::path::Path| {
        let ctx = Context::builder().root(root).build().unwrap();
        let _ = (ctx.gpu_compute_process_info(), ctx.gpu_compute_process_gpus(2200));
        ctx.gpu(ctx.processor_handles()[0])
            .and_then(|g| g.process_list())
            .unwrap()
            .iter()
            .map(|p| p.pid)
            .collect::<Vec<_>>()
    };
    for content in [&b""[..], b"\xff\xfe\x00garbage", b"18446744073709551616\n", b"-1\n"] {
        for file in ["vram_35429", "sdma_35429", "stats_35429/evicted_ms", "pasid"] {
            fs::write(kfd.join(file), content).unwrap();
        }
        fs::write(dir.path().join("proc/2200/fdinfo/12"), content).unwrap();
        fs::write(dir.path().join("proc/2200/comm"), content).unwrap();
        // The queue still shows the process uses the GPU.
        assert_eq!(listed(dir.path()), [2200]);
        let gpuid = kfd.join("queues/0/gpuid");
        let saved = fs::read(&gpuid).unwrap();
        fs::write(&gpuid, content).unwrap();
        // Now no readable queue, VRAM or SDMA number shows it uses the GPU.
        assert_eq!(listed(dir.path()), [] as [u32; 0]);
        fs::write(&gpuid, saved).unwrap();
    }
}

//! The C library's argument checks under forged arguments: any bytes choose a function of
//! `libamd_smi` and its arguments — a real processor handle of mi300x-cpx or a forged one (any
//! 64-bit value, a real one with bits flipped, null), any 32/64-bit enum value, any buffer
//! length up to the buffer's real size, null or valid out pointers. Every call must return one of
//! AMD's status codes; a panic, a crash or a write past a buffer is a finding.
#![no_main]

use std::ffi::c_void;
use std::mem::MaybeUninit;
use std::sync::OnceLock;

use amd_smi::abi::*;
use amd_smi::entry::gpu::{amdsmi_get_gpu_device_uuid, amdsmi_get_gpu_id, amdsmi_get_gpu_memory_total, amdsmi_get_temp_metric};
use amd_smi::entry::gpu_info::amdsmi_get_gpu_board_info;
use amd_smi::entry::gpu_ras::amdsmi_get_gpu_ecc_count;
use amd_smi::entry::gpu_telemetry::{
    amdsmi_get_clk_freq, amdsmi_get_clock_info, amdsmi_get_gpu_metrics_info, amdsmi_get_gpu_vram_usage,
    amdsmi_get_power_cap_info,
};
use amd_smi::entry::handles::{amdsmi_get_processor_handles, amdsmi_get_socket_handles};
use amd_smi::entry::init::amdsmi_init;
use libfuzzer_sys::fuzz_target;

/// The real processor handles, after `amdsmi_init` on mi300x-cpx.
fn handles() -> &'static [usize] {
    static HANDLES: OnceLock<Vec<usize>> = OnceLock::new();
    HANDLES.get_or_init(|| {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/machines/mi300x-cpx");
        std::env::set_var("AMDSMI_ROOT", root);
        assert_eq!(amdsmi_init(u64::from(AMDSMI_INIT_ALL_PROCESSORS)), AMDSMI_STATUS_SUCCESS);
        let mut sockets = [std::ptr::null_mut(); 16];
        let mut socket_count = 16u32;
        assert_eq!(amdsmi_get_socket_handles(&mut socket_count, sockets.as_mut_ptr()), AMDSMI_STATUS_SUCCESS);
        let mut all = Vec::new();
        for socket in &sockets[..socket_count as usize] {
            let mut found = [std::ptr::null_mut(); 128];
            let mut count = 128u32;
            assert_eq!(amdsmi_get_processor_handles(*socket, &mut count, found.as_mut_ptr()), AMDSMI_STATUS_SUCCESS);
            all.extend(found[..count as usize].iter().map(|h| *h as usize));
        }
        all
    })
}

/// The fuzz input read a piece at a time (zeros once it runs out).
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn u64(&mut self) -> u64 {
        let (head, rest) = self.0.split_at(self.0.len().min(8));
        self.0 = rest;
        let mut word = [0u8; 8];
        word[..head.len()].copy_from_slice(head);
        u64::from_le_bytes(word)
    }

    fn u32(&mut self) -> u32 {
        self.u64() as u32
    }

    /// A processor handle: a real one, a real one with bits flipped, null, or any value.
    fn handle(&mut self) -> amdsmi_processor_handle {
        let real = handles();
        let value = match self.u64() % 4 {
            0 => real[self.u64() as usize % real.len()],
            1 => real[self.u64() as usize % real.len()] ^ (1 << (self.u64() % 64)),
            2 => 0,
            _ => self.u64() as usize,
        };
        value as *mut c_void
    }
}

/// An out pointer to `slot`, or null.
fn out<T>(null: bool, slot: &mut MaybeUninit<T>) -> *mut T {
    if null {
        std::ptr::null_mut()
    } else {
        slot.as_mut_ptr()
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input(data);
    let function = input.u64() % 12;
    let handle = input.handle();
    let null = input.u64() % 8 == 0;
    let status = match function {
        0 => amdsmi_get_gpu_id(handle, out(null, &mut MaybeUninit::uninit())),
        1 => amdsmi_get_gpu_memory_total(handle, input.u32(), out(null, &mut MaybeUninit::uninit())),
        2 => amdsmi_get_temp_metric(handle, input.u32(), input.u32(), out(null, &mut MaybeUninit::uninit())),
        3 => amdsmi_get_clock_info(handle, input.u32(), out(null, &mut MaybeUninit::uninit())),
        4 => amdsmi_get_clk_freq(handle, input.u32(), out(null, &mut MaybeUninit::uninit())),
        5 => amdsmi_get_power_cap_info(handle, input.u32(), out(null, &mut MaybeUninit::uninit())),
        6 => amdsmi_get_gpu_ecc_count(handle, input.u64(), out(null, &mut MaybeUninit::uninit())),
        7 => amdsmi_get_gpu_metrics_info(handle, out(null, &mut MaybeUninit::uninit())),
        8 => amdsmi_get_gpu_board_info(handle, out(null, &mut MaybeUninit::uninit())),
        9 => {
            // A length up to the buffer's real size (a larger one would be the caller's lie).
            let mut uuid = [0 as std::ffi::c_char; 64];
            let mut length = input.u32() % 65;
            let length_ptr = if input.u64() % 8 == 0 { std::ptr::null_mut() } else { &mut length as *mut u32 };
            amdsmi_get_gpu_device_uuid(handle, length_ptr, if null { std::ptr::null_mut() } else { uuid.as_mut_ptr() })
        }
        10 => {
            let mut found = [std::ptr::null_mut(); 128];
            let mut count = input.u32() % 129;
            let socket = input.u64() as usize as *mut c_void;
            amdsmi_get_processor_handles(socket, &mut count, if null { std::ptr::null_mut() } else { found.as_mut_ptr() })
        }
        _ => amdsmi_get_gpu_vram_usage(handle, out(null, &mut MaybeUninit::uninit())),
    };
    assert!(amdsmi::Status::try_from(status).is_ok() || status == AMDSMI_STATUS_SUCCESS, "status {status}");
});

//! `gpu_metrics` v2.0–v2.4: APUs (Renoir, Van Gogh, Rembrandt, Phoenix, ...).
//!
//! Wire layouts mirror `struct gpu_metrics_v2_0` and `struct gpu_metrics_v2_4` of the kernel's
//! `kgd_pp_interface.h`; v2.1, v2.2 and v2.3 are v2.4's first 120, 128 and 152 bytes. v2.0 puts
//! `system_clock_counter` right after the header.

use std::mem::{offset_of, size_of};

use super::layout::{Src, Table};
use super::{ApuField, Field};

/// The v2.x fields after the timestamp, in the same order in every v2 layout.
macro_rules! v2_struct {
    ($name:ident { $($head:tt)* } { $($tail:tt)* }) => {
        #[repr(C)]
        #[allow(dead_code)] // a layout description: read by offset, never constructed
        struct $name {
            common_header: [u8; 4],
            $($head)*
            average_socket_power: u16,
            average_cpu_power: u16,
            average_soc_power: u16,
            average_gfx_power: u16,
            average_core_power: [u16; 8],
            average_gfxclk_frequency: u16,
            average_socclk_frequency: u16,
            average_uclk_frequency: u16,
            average_fclk_frequency: u16,
            average_vclk_frequency: u16,
            average_dclk_frequency: u16,
            current_gfxclk: u16,
            current_socclk: u16,
            current_uclk: u16,
            current_fclk: u16,
            current_vclk: u16,
            current_dclk: u16,
            current_coreclk: [u16; 8],
            current_l3clk: [u16; 2],
            throttle_status: u32,
            fan_pwm: u16,
            $($tail)*
        }
    };
}

v2_struct!(V2_0 {
    system_clock_counter: u64,
    temperature_gfx: u16,
    temperature_soc: u16,
    temperature_core: [u16; 8],
    temperature_l3: [u16; 2],
    average_gfx_activity: u16,
    average_mm_activity: u16,
} {
    padding: u16,
});

v2_struct!(V2_4 {
    temperature_gfx: u16,
    temperature_soc: u16,
    temperature_core: [u16; 8],
    temperature_l3: [u16; 2],
    average_gfx_activity: u16,
    average_mm_activity: u16,
    system_clock_counter: u64,
} {
    padding: [u16; 3],
    // v2.2
    indep_throttle_status: u64,
    // v2.3
    average_temperature_gfx: u16,
    average_temperature_soc: u16,
    average_temperature_core: [u16; 8],
    average_temperature_l3: [u16; 2],
    // v2.4
    average_cpu_voltage: u16,
    average_soc_voltage: u16,
    average_gfx_voltage: u16,
    average_cpu_current: u16,
    average_soc_current: u16,
    average_gfx_current: u16,
});

const _: () = assert!(offset_of!(V2_0, system_clock_counter) == 8);
const _: () = assert!(offset_of!(V2_0, temperature_gfx) == 16);
const _: () = assert!(offset_of!(V2_0, average_socket_power) == 44);
const _: () = assert!(offset_of!(V2_0, average_gfxclk_frequency) == 68);
const _: () = assert!(offset_of!(V2_0, current_l3clk) == 108);
const _: () = assert!(offset_of!(V2_0, throttle_status) == 112);
const _: () = assert!(offset_of!(V2_0, fan_pwm) == 116);
const _: () = assert!(size_of::<V2_0>() == 120);
const _: () = assert!(offset_of!(V2_4, average_gfx_activity) == 28);
const _: () = assert!(offset_of!(V2_4, system_clock_counter) == 32);
const _: () = assert!(offset_of!(V2_4, average_socket_power) == 40);
const _: () = assert!(offset_of!(V2_4, average_core_power) == 48);
const _: () = assert!(offset_of!(V2_4, current_gfxclk) == 76);
const _: () = assert!(offset_of!(V2_4, throttle_status) == 108);
const _: () = assert!(offset_of!(V2_4, indep_throttle_status) == 120);
const _: () = assert!(offset_of!(V2_4, average_temperature_gfx) == 128);
const _: () = assert!(offset_of!(V2_4, average_temperature_l3) == 148);
const _: () = assert!(offset_of!(V2_4, average_cpu_voltage) == 152);
const _: () = assert!(offset_of!(V2_4, average_gfx_current) == 162);
const _: () = assert!(size_of::<V2_4>() == 168);

/// Bytes of `struct gpu_metrics_v2_0`.
pub(super) const V2_0_SIZE: usize = size_of::<V2_0>();

/// Bytes of `struct gpu_metrics_v2_{1,2,3,4}` for content revision 1–4.
pub(super) const fn size(content: u8) -> usize {
    match content {
        1 => offset_of!(V2_4, indep_throttle_status),
        2 => offset_of!(V2_4, average_temperature_gfx),
        3 => offset_of!(V2_4, average_cpu_voltage),
        _ => size_of::<V2_4>(),
    }
}

/// The fields every v2 layout has (`$wire` gives the offsets): every wire field into the APU
/// block (8 cores into 16), `system_clock_counter`, and AMD SMI's own fields as newer AMD SMI's
/// `ApuMetricsBase_v30_t` (v2.4, and v2.1–2.3 as its prefixes) fills them:
/// `average_gfx_activity`, `average_mm_activity`, `average_{gfxclk,socclk,uclk}_frequency`,
/// `current_{gfxclk,socclk,uclk}` and `throttle_status` straight across;
/// `average_vclk0_frequency` = `average_vclk_frequency`, `average_dclk0_frequency` =
/// `average_dclk_frequency`, `current_vclk0` = `current_vclk`, `current_dclk0` = `current_dclk`;
/// `average_socket_power` = the mW value rounded to W. v2.0, which AMD SMI does not read, is
/// mapped the same way.
macro_rules! common_v2 {
    ($t:ident, $apu:ident, $wire:ty) => {
        place!($apu, ApuField, $wire: temperature_gfx, temperature_soc, temperature_core, temperature_l3,
            average_gfx_activity, average_mm_activity, average_socket_power, average_cpu_power, average_soc_power,
            average_gfx_power, average_core_power, average_gfxclk_frequency, average_socclk_frequency,
            average_uclk_frequency, average_fclk_frequency, average_vclk_frequency, average_dclk_frequency,
            current_gfxclk, current_socclk, current_uclk, current_fclk, current_vclk, current_dclk, current_coreclk,
            current_l3clk, throttle_status, fan_pwm);
        place!($t.fields, Field, $wire: system_clock_counter, average_gfx_activity, average_mm_activity,
            average_socket_power / MilliToUnit, average_gfxclk_frequency, average_socclk_frequency,
            average_uclk_frequency, average_vclk0_frequency <- average_vclk_frequency,
            average_dclk0_frequency <- average_dclk_frequency, current_gfxclk, current_socclk, current_uclk,
            current_vclk0 <- current_vclk, current_dclk0 <- current_dclk, throttle_status);
    };
}

/// v2.0 (see `common_v2!`).
pub(super) static V2_0: Table = {
    let (mut t, mut apu) = (Table::EMPTY, [Src::Absent; ApuField::COUNT]);
    common_v2!(t, apu, V2_0);
    t.apu = Some(apu);
    t
};

/// v2.1–v2.4 (see `common_v2!`): v2.2 adds `indep_throttle_status` (into the APU block and AMD
/// SMI's field), v2.3 the average temperatures, v2.4 the voltages and currents.
const fn v2_1_to_4(content: u8) -> Table {
    let (mut t, mut apu) = (Table::EMPTY, [Src::Absent; ApuField::COUNT]);
    common_v2!(t, apu, V2_4);
    if content >= 2 {
        place!(apu, ApuField, V2_4: indep_throttle_status);
        place!(t.fields, Field, V2_4: indep_throttle_status);
    }
    if content >= 3 {
        place!(apu, ApuField, V2_4: average_temperature_gfx, average_temperature_soc, average_temperature_core,
            average_temperature_l3);
    }
    if content >= 4 {
        place!(apu, ApuField, V2_4: average_cpu_voltage, average_soc_voltage, average_gfx_voltage,
            average_cpu_current, average_soc_current, average_gfx_current);
    }
    t.apu = Some(apu);
    t
}

/// v2.1 (see `v2_1_to_4`).
pub(super) static V2_1: Table = v2_1_to_4(1);
/// v2.2 (see `v2_1_to_4`).
pub(super) static V2_2: Table = v2_1_to_4(2);
/// v2.3 (see `v2_1_to_4`).
pub(super) static V2_3: Table = v2_1_to_4(3);
/// v2.4 (see `v2_1_to_4`).
pub(super) static V2_4: Table = v2_1_to_4(4);

//! Any text into the sysfs parsers (pp_dpm tables, KFD properties, overdrive and power-profile
//! tables, CPU lists, the recorded DRM responder): an error is fine, a panic is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = amdsmi::gpu::dpm::parse(text);
    let _ = amdsmi::sysfs::text::Properties::parse(text);
    let _ = amdsmi::sysfs::text::parse_cpulist(text);
    let _ = amdsmi::gpu::overdrive::parse_od_clk_voltage(text);
    let _ = amdsmi::gpu::overdrive::parse_power_profile_mode(text);
    let _ = amdsmi::gpu::drm::recorded::parse(text);
});

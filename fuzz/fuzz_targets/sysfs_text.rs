//! Any text into the kernel text parsers of `amdsmi::parse` (pp_dpm tables, KFD node and cache
//! properties, overdrive and power-profile tables, DPM policies, RAS files, fdinfo, PCIe
//! attributes, mode lists, version files, numbers and CPU lists) and the recorded DRM responder,
//! and any bytes into the byte-level readers of polled files (the `pp_dpm_*` scan; the one-pass
//! integer, checked against the text parsers): an error is fine, a panic or a disagreement is a
//! finding.
#![no_main]

use amdsmi::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The byte-level readers of polled files: the pp_dpm scan, and the one-pass integer, which
    // must read what the text parsers read whenever it takes the bytes.
    let _ = parse::dpm::visit(data, |_| {});
    if let Some(value) = parse::plain_integer(data) {
        let text = parse::attribute_text(data).expect("plain digits are text");
        assert_eq!(parse::parse_number::<i64>(text).ok(), Some(value), "{data:?}");
        assert_eq!(parse::parse_u64(text).ok(), u64::try_from(value).ok(), "{data:?}");
    }
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse::dpm::parse(text);
    let _ = parse::Properties::parse(text);
    let _ = parse::KfdCache::parse(text);
    let _ = parse::parse_cpulist(text);
    let _ = parse::parse_u64(text);
    let _ = parse::parse_u32_list(text);
    let _ = parse::od::parse_od_clk_voltage(text);
    let _ = parse::profile::parse_power_profile_mode(text);
    let _ = parse::policy::parse_dpm_policy(text);
    let _ = parse::ras::parse_err_count(text);
    let _ = parse::ras::parse_bad_pages(text);
    let _ = parse::ras::parse_prefixed_hex::<u32>(text, "schema:");
    let _ = parse::fdinfo::parse_fdinfo(text);
    let _ = parse::pcie::pcie_bw(text);
    let _ = parse::pcie::link_speed_mts(text);
    let _ = parse::xgmi::parse_port_num(text);
    let _ = parse::partition::mode_list(text);
    let _ = parse::version::rocm_version(text);
    let _ = parse::version::hsmp_driver_version(text);
    let _ = parse::features::any_feature_enabled(text);
    let _ = parse::uevent_value(text, "DRIVER");
    let _ = amdsmi::gpu::drm::recorded::parse(text);
});

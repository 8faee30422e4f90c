//! `pp_od_clk_voltage` (amdgpu_pm.c `amdgpu_get_pp_od_clk_voltage`, the SMU `print_clk_levels`
//! handlers with `OD_*` types), as AMD SMI reads it through rocm_smi.
//!
//! The file is a list of sections, each a title line ending in `:`:
//! - `OD_SCLK:` (or `GFXCLK:` on MI200-class parts) — indexed graphics clock levels,
//!   `0: 500Mhz`; Polaris/Vega10 add a voltage (`0: 300MHz 750mV`), MI parts may mark one `*`;
//! - `OD_MCLK:` (or `MCLK:`) — memory clock levels; Navi 1x lists only the maximum (`1: 875MHz`);
//! - `OD_VDDC_CURVE:` (Vega20, Navi 1x) — the three curve points, `0: 1351MHz 750mV`;
//! - `OD_RANGE:` — `SCLK: lo hi`, `MCLK: lo hi`, and on curve parts
//!   `VDDC_CURVE_SCLK[i]: lo hi` / `VDDC_CURVE_VOLT[i]: lo hi`;
//! - sections AMD SMI has no field for (`OD_VDDGFX_OFFSET:`, `OD_SCLK_OFFSET:`, `OD_CCLK:`, ...)
//!   and range keys such as `VDDC:` or `VDDGFX_OFFSET:` are skipped.
//!
//! amdgpu emits the file in chunks and some kernels leave NUL runs between them (up to a page),
//! so a NUL byte separates lines here instead of ending the text (a chunk after a NUL run keeps
//! the number of the line it is on).

use std::collections::BTreeMap;

use super::{chunked_lines, dpm, ParseError, Result};
use crate::gpu::overdrive::{FreqVoltRegion, OdClkVoltage, OdRange, OdVddcPoint, OdVoltInfo};

/// Hz in a MHz.
const HZ_PER_MHZ: u64 = 1_000_000;

/// What the text must contain.
const SECTIONS: &str =
    "a section AMD SMI reads (`OD_SCLK:`, `GFXCLK:`, `OD_MCLK:`, `MCLK:`, `OD_VDDC_CURVE:`, `OD_RANGE:`)";
/// What precedes everything else.
const TITLE: &str = "a section title such as `OD_SCLK:`";
/// A clock level line.
const LEVEL: &str = "`<level>: <clock>Mhz [<voltage>mV] [*]`";
/// A curve point line.
const POINT: &str = "`<point>: <clock>Mhz <voltage>mV`";
/// A range line.
const RANGE: &str = "`<name>: <low> <high>` (clocks in Mhz, voltages in mV)";

/// `2700Mhz` → 2 700 000 000 Hz.
fn hz(word: &str) -> Option<u64> {
    dpm::mhz(word).map(|m| u64::from(m) * HZ_PER_MHZ)
}

/// `750mV` / `750mv` → 750.
fn mv(word: &str) -> Option<u64> {
    let lower = word.to_ascii_lowercase();
    lower.strip_suffix("mv")?.parse().ok()
}

/// The two bounds of an `OD_RANGE` line, each parsed by `unit`.
fn range(words: &[&str], unit: fn(&str) -> Option<u64>) -> Option<OdRange> {
    match words {
        [lo, hi] => Some(OdRange { lower_bound: Some(unit(lo)?), upper_bound: Some(unit(hi)?) }),
        _ => None,
    }
}

/// `VDDC_CURVE_SCLK[2]` with prefix `VDDC_CURVE_SCLK` → 2.
fn bracket_index(key: &str, prefix: &str) -> Option<u32> {
    key.strip_prefix(prefix)?.strip_prefix('[')?.strip_suffix(']')?.parse().ok()
}

/// `1: 875MHz` → (1, ["875MHz"]), the current-level mark `*` dropped.
fn level(line: &str) -> Option<(u32, Vec<&str>)> {
    let (label, rest) = line.split_once(':')?;
    let mut words: Vec<&str> = rest.split_whitespace().collect();
    if words.last() == Some(&"*") {
        words.pop();
    }
    Some((label.trim().parse().ok()?, words))
}

/// Level 0 and the highest level of an `OD_SCLK`/`OD_MCLK` section.
fn level_range(levels: &BTreeMap<u32, u64>) -> OdRange {
    OdRange { lower_bound: levels.get(&0).copied(), upper_bound: levels.last_key_value().map(|(_, &v)| v) }
}

/// Parses a `pp_od_clk_voltage` text. An error names the first line that precedes every section
/// title or does not parse in a section AMD SMI reads (`OD_SCLK`/`GFXCLK`, `OD_MCLK`/`MCLK`,
/// `OD_VDDC_CURVE`, `OD_RANGE`), or the whole text when it has none of those sections.
pub fn parse_od_clk_voltage(text: &str) -> Result<OdClkVoltage> {
    #[derive(Clone, Copy, PartialEq)]
    enum Section {
        Start,
        Sclk,
        Mclk,
        Curve,
        Range,
        Other,
    }
    let mut section = Section::Start;
    let mut known = false;
    let (mut sclk, mut mclk) = (BTreeMap::new(), BTreeMap::new());
    let mut curve = BTreeMap::new();
    let mut regions: BTreeMap<u32, FreqVoltRegion> = BTreeMap::new();
    let mut info = OdVoltInfo::default();
    for (n, line) in chunked_lines(text) {
        // A title ends in `:`; a level label with its value cut off (`1:`) is not one.
        if let Some(title) = line.strip_suffix(':').filter(|t| t.trim().parse::<u32>().is_err()) {
            section = match title.trim() {
                "OD_SCLK" | "GFXCLK" => Section::Sclk,
                "OD_MCLK" | "MCLK" => Section::Mclk,
                "OD_VDDC_CURVE" => Section::Curve,
                "OD_RANGE" => Section::Range,
                _ => Section::Other,
            };
            known |= section != Section::Other;
            continue;
        }
        let bad = |expected| ParseError::new(n, expected, line);
        match section {
            Section::Start => return Err(bad(TITLE)),
            Section::Other => {}
            Section::Sclk | Section::Mclk => {
                // `0: 500Mhz`, or on Polaris/Vega10 `0: 300MHz 750mV`.
                let clock = level(line).and_then(|(index, words)| match words.as_slice() {
                    [clock] => Some((index, hz(clock)?)),
                    [clock, volt] => Some((index, mv(volt).and(hz(clock))?)),
                    _ => None,
                });
                let (index, clock) = clock.ok_or_else(|| bad(LEVEL))?;
                let levels = if section == Section::Sclk { &mut sclk } else { &mut mclk };
                levels.insert(index, clock);
            }
            Section::Curve => {
                let point = level(line).and_then(|(index, words)| match words.as_slice() {
                    [clock, volt] => Some((index, OdVddcPoint { frequency: hz(clock)?, voltage: mv(volt)? })),
                    _ => None,
                });
                let (index, point) = point.ok_or_else(|| bad(POINT))?;
                curve.insert(index, point);
            }
            Section::Range => {
                let (key, rest) = line.split_once(':').ok_or_else(|| bad(RANGE))?;
                let words: Vec<&str> = rest.split_whitespace().collect();
                let key = key.trim();
                let parsed = if key == "SCLK" {
                    range(&words, hz).map(|r| info.sclk_freq_limits = r)
                } else if key == "MCLK" {
                    range(&words, hz).map(|r| info.mclk_freq_limits = r)
                } else if let Some(i) = bracket_index(key, "VDDC_CURVE_SCLK") {
                    range(&words, hz).map(|r| regions.entry(i).or_default().freq_range = r)
                } else if let Some(i) = bracket_index(key, "VDDC_CURVE_VOLT") {
                    range(&words, mv).map(|r| regions.entry(i).or_default().volt_range = r)
                } else {
                    Some(())
                };
                parsed.ok_or_else(|| bad(RANGE))?;
            }
        }
    }
    if !known {
        return Err(ParseError::whole(SECTIONS, chunked_lines(text).next().map_or("", |(_, l)| l)));
    }
    info.curr_sclk_range = level_range(&sclk);
    info.curr_mclk_range = level_range(&mclk);
    info.curve_vc_points = (!curve.is_empty()).then(|| curve.into_values().collect());
    info.num_regions = u32::try_from(regions.len()).map_err(|_| ParseError::whole("at most 2^32 curve regions", ""))?;
    Ok(OdClkVoltage { info, regions: regions.into_values().collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MHZ: u64 = 1_000_000;

    fn r(lo: u64, hi: u64) -> OdRange {
        OdRange { lower_bound: Some(lo), upper_bound: Some(hi) }
    }

    fn mhz(lo: u64, hi: u64) -> OdRange {
        r(lo * MHZ, hi * MHZ)
    }

    const NA: OdRange = OdRange { lower_bound: None, upper_bound: None };

    /// `upstream-captures/lact/rx5700xt/card1/device/pp_od_clk_voltage` (Navi 10), verbatim: the
    /// only captured part with a voltage curve, not among the fixture machines.
    const RX5700XT_OD: &str =
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/captured/rx5700xt.pp_od_clk_voltage"));

    fn od(text: &str) -> OdVoltInfo {
        parse_od_clk_voltage(text).unwrap().info
    }

    #[test]
    fn od_navi10_curve_and_regions() {
        let parsed = parse_od_clk_voltage(RX5700XT_OD).unwrap();
        let info = &parsed.info;
        assert_eq!(info.curr_sclk_range, mhz(1351, 1900));
        assert_eq!(info.curr_mclk_range, OdRange { lower_bound: None, upper_bound: Some(875 * MHZ) });
        assert_eq!(info.sclk_freq_limits, mhz(800, 2150));
        assert_eq!(info.mclk_freq_limits, mhz(625, 950));
        let points: Vec<(u64, u64)> =
            info.curve_vc_points.as_ref().unwrap().iter().map(|p| (p.frequency, p.voltage)).collect();
        assert_eq!(points, [(1351 * MHZ, 750), (1424 * MHZ, 805), (1900 * MHZ, 1100)]);
        assert_eq!(info.num_regions, 3);
        let region = FreqVoltRegion { freq_range: mhz(800, 2150), volt_range: r(750, 1200) };
        assert_eq!(parsed.regions, [region; 3]);
    }

    #[test]
    fn od_polaris_and_vega10_levels_with_voltages() {
        let rx580 = od(fixture!("rx580", "0000:09:00.0", "pp_od_clk_voltage"));
        assert_eq!(rx580.curr_sclk_range, mhz(300, 1366));
        assert_eq!(rx580.curr_mclk_range, mhz(300, 1750));
        assert_eq!(rx580.sclk_freq_limits, mhz(300, 2000));
        assert_eq!(rx580.mclk_freq_limits, mhz(300, 2250));
        assert_eq!((rx580.curve_vc_points, rx580.num_regions), (None, 0));
        let vega10 = od(fixture!("vega10", "0000:09:00.0", "pp_od_clk_voltage"));
        assert_eq!(vega10.curr_sclk_range, mhz(852, 1630));
        assert_eq!(vega10.curr_mclk_range, mhz(167, 945));
        assert_eq!(vega10.sclk_freq_limits, mhz(852, 2400));
        assert_eq!(vega10.mclk_freq_limits, mhz(167, 1500));
        assert_eq!((vega10.curve_vc_points, vega10.num_regions), (None, 0));
    }

    #[test]
    fn od_rdna2_rdna3_with_nul_runs() {
        let rx6900xt = parse_od_clk_voltage(fixture!("rx6900xt", "0000:0c:00.0", "pp_od_clk_voltage")).unwrap();
        assert_eq!(rx6900xt.info.curr_sclk_range, mhz(500, 2499));
        assert_eq!(rx6900xt.info.curr_mclk_range, mhz(97, 1000));
        assert_eq!(rx6900xt.info.sclk_freq_limits, mhz(500, 3000));
        assert_eq!(rx6900xt.info.mclk_freq_limits, mhz(674, 1075));
        assert_eq!((rx6900xt.info.curve_vc_points, rx6900xt.info.num_regions), (None, 0));
        assert!(rx6900xt.regions.is_empty());
        // NUL runs between the chunks; OD_RANGE comes after the last one.
        let rx7900xtx = od(fixture!("rx7900xtx", "0000:03:00.0", "pp_od_clk_voltage"));
        assert_eq!(rx7900xtx.curr_sclk_range, mhz(500, 2735));
        assert_eq!(rx7900xtx.curr_mclk_range, mhz(97, 1250));
        assert_eq!(rx7900xtx.sclk_freq_limits, mhz(500, 5000));
        assert_eq!(rx7900xtx.mclk_freq_limits, mhz(97, 1500));
        let rx7800xt = od(fixture!("rx7800xt", "0000:03:00.0", "pp_od_clk_voltage"));
        assert_eq!(rx7800xt.curr_sclk_range, mhz(500, 2660));
        assert_eq!(rx7800xt.curr_mclk_range, mhz(97, 1300));
        assert_eq!(rx7800xt.sclk_freq_limits, mhz(500, 5000));
        assert_eq!(rx7800xt.mclk_freq_limits, mhz(97, 1500));
        assert_eq!(rx7800xt.num_regions, 0);
    }

    #[test]
    fn od_rdna4_has_only_a_clock_offset() {
        let rx9070 = od(fixture!("rx9070", "0000:03:00.0", "pp_od_clk_voltage"));
        assert_eq!((rx9070.curr_sclk_range, rx9070.sclk_freq_limits), (NA, NA));
        assert_eq!(rx9070.curr_mclk_range, mhz(97, 1259));
        assert_eq!(rx9070.mclk_freq_limits, mhz(97, 1500));
        assert_eq!((rx9070.curve_vc_points, rx9070.num_regions), (None, 0));
    }

    #[test]
    fn od_apus_have_no_memory_clock() {
        let phoenix = od(fixture!("phoenix", "0000:64:00.0", "pp_od_clk_voltage"));
        assert_eq!((phoenix.curr_sclk_range, phoenix.sclk_freq_limits), (mhz(800, 2700), mhz(800, 2700)));
        assert_eq!((phoenix.curr_mclk_range, phoenix.mclk_freq_limits), (NA, NA));
        let strix = od(fixture!("strixpoint", "0000:c1:00.0", "pp_od_clk_voltage"));
        assert_eq!((strix.curr_sclk_range, strix.sclk_freq_limits), (mhz(600, 2900), mhz(600, 2900)));
        assert_eq!((strix.curr_mclk_range, strix.mclk_freq_limits), (NA, NA));
        // Van Gogh with overdrive off: a lone newline.
        assert!(parse_od_clk_voltage(fixture!("vangogh", "0000:04:00.0", "pp_od_clk_voltage")).is_err());
    }

    #[test]
    fn od_mi_gfxclk_format() {
        let info = od("GFXCLK:\n0: 500Mhz\n1: 800Mhz *\n2: 1700Mhz\nMCLK:\n0: 400Mhz\n1: 1600Mhz *\n\
                       OD_RANGE:\nSCLK:     500Mhz        1700Mhz\n");
        assert_eq!(info.curr_sclk_range, mhz(500, 1700));
        assert_eq!(info.curr_mclk_range, mhz(400, 1600));
        assert_eq!((info.sclk_freq_limits, info.mclk_freq_limits), (mhz(500, 1700), NA));
    }

    #[test]
    fn od_garbage_is_rejected() {
        for bad in [
            "",
            "\0\0\0",
            "garbage",
            "0: 500Mhz\nOD_SCLK:",
            "OD_VDDGFX_OFFSET:\n0mV\n",
            "OD_SCLK:\n0: fast\n",
            "OD_SCLK:\n0:\n",
            "OD_SCLK:\nx: 500Mhz\n",
            "OD_SCLK:\n0: 500Mhz 1 2\n",
            "OD_SCLK:\n0: 500Mhz 700\n",
            "OD_SCLK:\n0: 99999999999Mhz\n",
            "OD_VDDC_CURVE:\n0: 1351MHz\n",
            "OD_RANGE:\nSCLK: 800Mhz\n",
            "OD_RANGE:\nSCLK: 800mV 900mV\n",
            "OD_RANGE:\nVDDC_CURVE_VOLT[0]: 750Mhz 1200Mhz\n",
            "OD_RANGE:\nno colon here\n",
        ] {
            assert!(parse_od_clk_voltage(bad).is_err(), "{bad:?}");
        }
        // Sections and range keys AMD SMI has no field for are skipped.
        let info =
            od("OD_SCLK:\n0: 500Mhz\nOD_CCLK:\nCCLK_RANGE in Core0:\n0: 1400Mhz\nOD_RANGE:\nVDDC: 750mV 1200mV\n");
        assert_eq!((info.curr_sclk_range, info.sclk_freq_limits), (mhz(500, 500), NA));
    }

    #[test]
    fn od_truncations_never_panic() {
        for text in [RX5700XT_OD, fixture!("rx580", "0000:09:00.0", "pp_od_clk_voltage")] {
            for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let _ = parse_od_clk_voltage(&text[..end]);
            }
        }
        // Cut inside a value: the half line is rejected, not misread.
        assert!(parse_od_clk_voltage(&RX5700XT_OD[..RX5700XT_OD.find("1424M").unwrap() + 3]).is_err());
    }

    #[test]
    fn od_errors_name_the_line_and_the_expectation() {
        // The Polaris table with its fourth graphics level damaged.
        let text = fixture!("rx580", "0000:09:00.0", "pp_od_clk_voltage").replace("1145MHz", "fast");
        let err = parse_od_clk_voltage(&text).unwrap_err();
        assert_eq!((err.line(), err.expected()), (5, LEVEL));
        assert_eq!(
            err.to_string(),
            "line 5: expected `<level>: <clock>Mhz [<voltage>mV] [*]`, found `3:       fast       1125mV`"
        );
        let text = fixture!("rx580", "0000:09:00.0", "pp_od_clk_voltage").replace("MCLK:     300MHz", "MCLK:");
        assert_eq!(
            parse_od_clk_voltage(&text).unwrap_err().to_string(),
            format!("line 16: expected {RANGE}, found `MCLK:       2250MHz`")
        );
        // After a NUL run, a chunk keeps its line's number.
        let err = parse_od_clk_voltage("OD_SCLK:\n0: 500Mhz\0\0\0 1: x\n").unwrap_err();
        assert_eq!((err.line(), err.found()), (2, "1: x"));
        let err = parse_od_clk_voltage("garbage\n").unwrap_err();
        assert_eq!((err.line(), err.expected()), (1, TITLE));
        let err = parse_od_clk_voltage("OD_CCLK:\n0: 1400Mhz\n").unwrap_err();
        assert_eq!((err.line(), err.expected(), err.found()), (0, SECTIONS, "OD_CCLK:"));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serialized_as_amd_smi_python() {
        let info = parse_od_clk_voltage(RX5700XT_OD).unwrap().info;
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["curr_mclk_range"], serde_json::json!({"lower_bound": "N/A", "upper_bound": 875_000_000u64}));
        assert_eq!(json["curve.vc_points"][2], serde_json::json!({"frequency": 1_900_000_000u64, "voltage": 1100}));
        assert_eq!(json["num_regions"], 3);
        let rx9070 = od(fixture!("rx9070", "0000:03:00.0", "pp_od_clk_voltage"));
        assert_eq!(serde_json::to_value(&rx9070).unwrap()["curve.vc_points"], "N/A");
        let status =
            crate::gpu::overdrive::PowerProfileStatus { available_profiles: 59, current: None, num_profiles: 7 };
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::json!({"available_profiles": 59, "current": "N/A", "num_profiles": 7})
        );
    }
}

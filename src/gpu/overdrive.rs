//! Overdrive clock/voltage ranges (`pp_od_clk_voltage`) and power profile presets
//! (`pp_power_profile_mode`), as AMD SMI reports them through rocm_smi.
//!
//! Both files are read whole: amdgpu emits them in chunks and some kernels leave NUL runs between
//! the chunks (up to a page), so a NUL byte separates lines here instead of ending the text.
//!
//! `pp_od_clk_voltage` is a list of sections, each a title line ending in `:`:
//! - `OD_SCLK:` (or `GFXCLK:` on MI200-class parts) — indexed graphics clock levels,
//!   `0: 500Mhz`; Polaris/Vega10 add a voltage (`0: 300MHz 750mV`), MI parts may mark one `*`;
//! - `OD_MCLK:` (or `MCLK:`) — memory clock levels; Navi 1x lists only the maximum (`1: 875MHz`);
//! - `OD_VDDC_CURVE:` (Vega20, Navi 1x) — the three curve points, `0: 1351MHz 750mV`;
//! - `OD_RANGE:` — `SCLK: lo hi`, `MCLK: lo hi`, and on curve parts
//!   `VDDC_CURVE_SCLK[i]: lo hi` / `VDDC_CURVE_VOLT[i]: lo hi`;
//! - sections AMD SMI has no field for (`OD_VDDGFX_OFFSET:`, `OD_SCLK_OFFSET:`, `OD_CCLK:`, ...)
//!   and range keys such as `VDDC:` or `VDDGFX_OFFSET:` are skipped.
//!
//! `pp_power_profile_mode` lists the profiles as `N NAME` entries, the current one marked `*`:
//! - one row per profile after a text header (`  1 3D_FULL_SCREEN *:  0  100 ...` on Polaris,
//!   ` 1 3D_FULL_SCREEN*:  70  60  1  3` on Vega, ` 5        COMPUTE*:` on Navi, followed there by
//!   per-clock rows `   0(       GFXCLK)  ...`);
//! - one row per profile without a header on APUs (` 3          VIDEO `);
//! - SMU 13.0.7 (Navi 33) puts every entry on its first line (`0 BOOTUP_DEFAULT  1 ...  4 VR
//!   * 5 COMPUTE ...`: the `*` follows the name it marks), then one row per parameter.

use std::collections::BTreeMap;

use crate::context::{Context, ProcessorHandle};
use crate::error::{Error, Result, Status};
use crate::gpu::device::GpuDevice;
use crate::gpu::dpm;
use crate::sysfs;

const HZ_PER_MHZ: u64 = 1_000_000;

/// A range of values (`amdsmi_range_t`): Hz for a clock, mV for a voltage.
#[amdsmi_macros::na_fields]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdRange {
    /// The lower bound, Hz for a clock range and mV for a voltage range; `None` ("N/A") when the
    /// file does not give it.
    pub lower_bound: Option<u64>,
    /// The upper bound, Hz for a clock range and mV for a voltage range; `None` ("N/A") when the
    /// file does not give it.
    pub upper_bound: Option<u64>,
}

/// A point of the voltage/frequency curve (`amdsmi_od_vddc_point_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdVddcPoint {
    /// The graphics clock of the point, Hz.
    pub frequency: u64,
    /// The voltage of the point, mV.
    pub voltage: u64,
}

/// The ranges one curve point may be set within (`amdsmi_freq_volt_region_t`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FreqVoltRegion {
    /// The clock range of the point, Hz (`VDDC_CURVE_SCLK[i]`).
    pub freq_range: OdRange,
    /// The voltage range of the point, mV (`VDDC_CURVE_VOLT[i]`).
    pub volt_range: OdRange,
}

/// Overdrive clock ranges and voltage curve (`amdsmi_get_gpu_od_volt_info`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdVoltInfo {
    /// The current graphics clock range, Hz: level 0 and the highest level of `OD_SCLK`.
    pub curr_sclk_range: OdRange,
    /// The current memory clock range, Hz: level 0 and the highest level of `OD_MCLK` (Navi 1x
    /// lists only the maximum, so its lower bound is "N/A").
    pub curr_mclk_range: OdRange,
    /// The settable graphics clock range, Hz (`OD_RANGE` `SCLK:`).
    pub sclk_freq_limits: OdRange,
    /// The settable memory clock range, Hz (`OD_RANGE` `MCLK:`).
    pub mclk_freq_limits: OdRange,
    /// The voltage curve points (Hz, mV) of `OD_VDDC_CURVE`; `None` ("N/A") on parts without one.
    #[cfg_attr(feature = "serde", serde(rename = "curve.vc_points"))]
    pub curve_vc_points: Option<Vec<OdVddcPoint>>,
    /// The number of voltage curve regions (`VDDC_CURVE_SCLK[i]`/`VDDC_CURVE_VOLT[i]` entries);
    /// 0 on parts without a curve.
    pub num_regions: u32,
}

/// A parsed `pp_od_clk_voltage`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OdClkVoltage {
    /// The ranges and curve (Hz, mV).
    pub info: OdVoltInfo,
    /// The voltage curve regions in index order (Hz, mV); empty on parts without a curve.
    pub regions: Vec<FreqVoltRegion>,
}

/// A power profile preset (`amdsmi_power_profile_preset_masks_t`), with AMD's mask values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, amdsmi_macros::AmdEnum)]
#[repr(u64)]
pub enum AmdSmiPowerProfilePresetMasks {
    /// `CUSTOM`: user-tuned profile.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_CUSTOM_MASK")]
    Custom = 0x1,
    /// `VIDEO`: video playback.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_VIDEO_MASK")]
    Video = 0x2,
    /// `POWER_SAVING`.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_POWER_SAVING_MASK")]
    PowerSaving = 0x4,
    /// `COMPUTE`.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_COMPUTE_MASK")]
    Compute = 0x8,
    /// `VR`: virtual reality.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_VR_MASK")]
    Vr = 0x10,
    /// `3D_FULL_SCREEN`: full-screen 3D.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_3D_FULL_SCR_MASK")]
    FullScreen3d = 0x20,
    /// `BOOTUP_DEFAULT`: the default profile.
    #[amd(name = "AMDSMI_PWR_PROF_PRST_BOOTUP_DEFAULT")]
    BootupDefault = 0x40,
}

impl AmdSmiPowerProfilePresetMasks {
    /// The mask bit.
    pub fn bits(self) -> u64 {
        self as u64
    }

    /// The preset of an amdgpu profile name (`COMPUTE`, `3D_FULL_SCREEN`, ...); `None` for the
    /// profiles AMD SMI has no mask for (`WINDOW_3D`, `CAPPED`, `UNCAPPED`).
    pub fn from_kernel_name(name: &str) -> Option<AmdSmiPowerProfilePresetMasks> {
        Some(match name {
            "CUSTOM" => AmdSmiPowerProfilePresetMasks::Custom,
            "VIDEO" => AmdSmiPowerProfilePresetMasks::Video,
            "POWER_SAVING" => AmdSmiPowerProfilePresetMasks::PowerSaving,
            "COMPUTE" => AmdSmiPowerProfilePresetMasks::Compute,
            "VR" => AmdSmiPowerProfilePresetMasks::Vr,
            "3D_FULL_SCREEN" => AmdSmiPowerProfilePresetMasks::FullScreen3d,
            "BOOTUP_DEFAULT" => AmdSmiPowerProfilePresetMasks::BootupDefault,
            _ => return None,
        })
    }
}

/// The power profile presets of a GPU (`amdsmi_get_gpu_power_profile_presets`).
#[amdsmi_macros::na_fields]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PowerProfileStatus {
    /// The presets the GPU offers, a bit mask of [`AmdSmiPowerProfilePresetMasks`] values
    /// (profiles without an AMD SMI mask are not in it).
    pub available_profiles: u64,
    /// The mask bit of the current profile; `None` ("N/A") when no profile is marked current or
    /// the marked one has no AMD SMI mask.
    pub current: Option<u64>,
    /// The number of profiles the kernel lists, including those without an AMD SMI mask.
    pub num_profiles: u32,
}

impl PowerProfileStatus {
    /// Whether `preset` is available.
    pub fn has(&self, preset: AmdSmiPowerProfilePresetMasks) -> bool {
        self.available_profiles & preset.bits() != 0
    }

    /// The current preset, when it is one AMD SMI names.
    pub fn current_preset(&self) -> Option<AmdSmiPowerProfilePresetMasks> {
        AmdSmiPowerProfilePresetMasks::ALL.into_iter().find(|p| Some(p.bits()) == self.current)
    }
}

/// The non-blank lines of a sysfs text; NUL bytes separate lines like newlines.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\0']).map(str::trim).filter(|l| !l.is_empty())
}

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

/// Parses a `pp_od_clk_voltage` text; `None` when it has none of the sections AMD SMI reads
/// (`OD_SCLK`/`GFXCLK`, `OD_MCLK`/`MCLK`, `OD_VDDC_CURVE`, `OD_RANGE`), when text precedes the
/// first section title, or when a line of those sections does not parse.
pub fn parse_od_clk_voltage(text: &str) -> Option<OdClkVoltage> {
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
    for line in lines(text) {
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
        match section {
            Section::Start => return None,
            Section::Other => {}
            Section::Sclk | Section::Mclk => {
                // `0: 500Mhz`, or on Polaris/Vega10 `0: 300MHz 750mV`.
                let (index, words) = level(line)?;
                let clock = match words.as_slice() {
                    [clock] => hz(clock)?,
                    [clock, volt] => mv(volt).and(hz(clock))?,
                    _ => return None,
                };
                let levels = if section == Section::Sclk { &mut sclk } else { &mut mclk };
                levels.insert(index, clock);
            }
            Section::Curve => {
                let (index, words) = level(line)?;
                let point = match words.as_slice() {
                    [clock, volt] => OdVddcPoint { frequency: hz(clock)?, voltage: mv(volt)? },
                    _ => return None,
                };
                curve.insert(index, point);
            }
            Section::Range => {
                let (key, rest) = line.split_once(':')?;
                let words: Vec<&str> = rest.split_whitespace().collect();
                let key = key.trim();
                if key == "SCLK" {
                    info.sclk_freq_limits = range(&words, hz)?;
                } else if key == "MCLK" {
                    info.mclk_freq_limits = range(&words, hz)?;
                } else if let Some(i) = bracket_index(key, "VDDC_CURVE_SCLK") {
                    regions.entry(i).or_default().freq_range = range(&words, hz)?;
                } else if let Some(i) = bracket_index(key, "VDDC_CURVE_VOLT") {
                    regions.entry(i).or_default().volt_range = range(&words, mv)?;
                }
            }
        }
    }
    if !known {
        return None;
    }
    info.curr_sclk_range = level_range(&sclk);
    info.curr_mclk_range = level_range(&mclk);
    info.curve_vc_points = (!curve.is_empty()).then(|| curve.into_values().collect());
    info.num_regions = u32::try_from(regions.len()).ok()?;
    Some(OdClkVoltage { info, regions: regions.into_values().collect() })
}

/// One `N NAME` profile entry of `pp_power_profile_mode`.
struct ProfileEntry<'a> {
    name: &'a str,
    current: bool,
}

/// The profile entries of one line: one for a profile row, all of them for the SMU 13.0.7 first
/// line, none for a header, per-clock or parameter row (a line not starting with an index).
/// `None` for a line that starts with an index but is not a profile row.
fn profile_entries(line: &str) -> Option<Vec<ProfileEntry<'_>>> {
    let mut words = line.split_whitespace().peekable();
    let mut entries = Vec::new();
    while let Some(word) = words.peek() {
        if word.parse::<u32>().is_err() {
            // A header or parameter row; after an entry, text that is neither a mark nor an index.
            return entries.is_empty().then_some(entries);
        }
        words.next();
        // The name may carry the marks: `CUSTOM*:`, `BOOTUP_DEFAULT:`, `BOOTUP_DEFAULT*`.
        let word = words.next()?;
        let name = word.trim_end_matches(['*', ':']);
        let tail = &word[name.len()..];
        let (mut current, mut row) = (tail.contains('*'), tail.contains(':'));
        // ... or they follow it: `3D_FULL_SCREEN *:`, `CUSTOM :`, `VR            * 5 COMPUTE`.
        while let Some(&mark) = words.peek() {
            if mark.is_empty() || !mark.chars().all(|c| c == '*' || c == ':') {
                break;
            }
            current |= mark.contains('*');
            row |= mark.contains(':');
            words.next();
        }
        if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        entries.push(ProfileEntry { name, current });
        if row {
            // A table row: the profile's parameters follow its `:`.
            break;
        }
    }
    Some(entries)
}

/// Parses a `pp_power_profile_mode` text; `None` when it lists no profile or a line starting
/// with a profile index is malformed.
pub fn parse_power_profile_mode(text: &str) -> Option<PowerProfileStatus> {
    let mut status = PowerProfileStatus::default();
    let mut count = 0usize;
    for line in lines(text) {
        for entry in profile_entries(line)? {
            count += 1;
            let Some(preset) = AmdSmiPowerProfilePresetMasks::from_kernel_name(entry.name) else { continue };
            status.available_profiles |= preset.bits();
            if entry.current {
                status.current = Some(preset.bits());
            }
        }
    }
    status.num_profiles = u32::try_from(count).ok()?;
    (count > 0).then_some(status)
}

/// A multi-line attribute parsed by `parse`, NUL bytes kept as line breaks (the I/O layer's
/// `read_text` stops at the first NUL, which would drop every chunk after the first). An empty
/// file is NOT_SUPPORTED when `empty_unsupported` (an empty `pp_od_clk_voltage` means overdrive
/// is off; rocm_smi says NOT_YET_IMPLEMENTED); content `parse` rejects is UNEXPECTED_DATA naming
/// the file.
fn read_multiline<T>(gpu: &GpuDevice, file: &str, empty_unsupported: bool, parse: fn(&str) -> Option<T>) -> Result<T> {
    let path = gpu.attr(file);
    let bytes = sysfs::read_bytes(&path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::unexpected_data(&path, "not UTF-8 text"))?;
    if empty_unsupported && lines(text).next().is_none() {
        return Err(Error::new(Status::NotSupported).with_path(&path).with_detail("empty: overdrive not enabled"));
    }
    parse(text).ok_or_else(|| {
        let shown: Vec<&str> = lines(text).collect();
        Error::unexpected_data(&path, format!("unexpected content {:?}", shown.join("\n")))
    })
}

impl Context {
    /// The overdrive clock ranges (Hz) and voltage curve (Hz, mV) of `pp_od_clk_voltage`.
    ///
    /// NOT_SUPPORTED without the file, or when it is empty (overdrive off).
    #[doc(alias = "amdsmi_get_gpu_od_volt_info")]
    pub fn gpu_od_volt_info(&self, handle: ProcessorHandle) -> Result<OdVoltInfo> {
        let gpu = self.gpu(handle)?;
        Ok(read_multiline(gpu, "pp_od_clk_voltage", true, parse_od_clk_voltage)?.info)
    }

    /// The regions (Hz, mV) the voltage curve points may be set within, at most `num_regions`.
    ///
    /// INVAL when `num_regions` is 0; NOT_SUPPORTED when the GPU has no voltage curve (every
    /// part since Navi 2x) or no `pp_od_clk_voltage`.
    #[doc(alias = "amdsmi_get_gpu_od_volt_curve_regions")]
    pub fn gpu_od_volt_curve_regions(&self, handle: ProcessorHandle, num_regions: u32) -> Result<Vec<FreqVoltRegion>> {
        let gpu = self.gpu(handle)?;
        if num_regions == 0 {
            return Err(Error::new(Status::Inval).with_detail("num_regions must be at least 1"));
        }
        let mut regions = read_multiline(gpu, "pp_od_clk_voltage", true, parse_od_clk_voltage)?.regions;
        if regions.is_empty() {
            return Err(Error::new(Status::NotSupported)
                .with_path(&gpu.attr("pp_od_clk_voltage"))
                .with_detail("no voltage curve regions"));
        }
        regions.truncate(num_regions as usize);
        Ok(regions)
    }

    /// The power profile presets of `pp_power_profile_mode`. `sensor_idx` is reserved, as in
    /// AMD SMI (any value reads the one table).
    #[doc(alias = "amdsmi_get_gpu_power_profile_presets")]
    pub fn gpu_power_profile_presets(&self, handle: ProcessorHandle, sensor_idx: u32) -> Result<PowerProfileStatus> {
        let _ = sensor_idx;
        let gpu = self.gpu(handle)?;
        read_multiline(gpu, "pp_power_profile_mode", false, parse_power_profile_mode)
    }
}

// Helpers of the setters (gpu::control): the whole parsed table, and the kernel's profile indices.

impl Context {
    /// The parsed `pp_od_clk_voltage` (ranges, curve points and regions): NOT_SUPPORTED without
    /// the file or when it is empty (overdrive off).
    pub(crate) fn od_clk_voltage(&self, handle: ProcessorHandle) -> Result<OdClkVoltage> {
        read_multiline(self.gpu(handle)?, "pp_od_clk_voltage", true, parse_od_clk_voltage)
    }
}

/// The kernel's index of every preset the GPU's `pp_power_profile_mode` lists (what a write of
/// the file selects by).
pub(crate) fn power_profile_indices(gpu: &GpuDevice) -> Result<Vec<(AmdSmiPowerProfilePresetMasks, u32)>> {
    read_multiline(gpu, "pp_power_profile_mode", false, profile_indices)
}

/// The number before each profile name AMD SMI has a mask for (`5 COMPUTE*:` -> (COMPUTE, 5)),
/// in every layout [`parse_power_profile_mode`] reads, first occurrence only.
pub(crate) fn profile_indices(text: &str) -> Option<Vec<(AmdSmiPowerProfilePresetMasks, u32)>> {
    let mut found: Vec<(AmdSmiPowerProfilePresetMasks, u32)> = Vec::new();
    for line in lines(text) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            let preset = AmdSmiPowerProfilePresetMasks::from_kernel_name(pair[1].trim_end_matches(['*', ':']));
            if let (Some(preset), Ok(index)) = (preset, pair[0].parse()) {
                if !found.iter().any(|&(p, _)| p == preset) {
                    found.push((preset, index));
                }
            }
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmdSmiPowerProfilePresetMasks as P;

    macro_rules! fixture {
        ($machine:literal, $bdf:literal, $file:literal) => {
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/fixtures/machines/",
                $machine,
                "/sys/bus/pci/devices/",
                $bdf,
                "/",
                $file
            ))
        };
    }

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
        assert_eq!(parse_od_clk_voltage(fixture!("vangogh", "0000:04:00.0", "pp_od_clk_voltage")), None);
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
            assert_eq!(parse_od_clk_voltage(bad), None, "{bad:?}");
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
        assert_eq!(parse_od_clk_voltage(&RX5700XT_OD[..RX5700XT_OD.find("1424M").unwrap() + 3]), None);
    }

    fn profiles(text: &str) -> PowerProfileStatus {
        parse_power_profile_mode(text).unwrap()
    }

    /// The seven presets AMD SMI names.
    const ALL7: u64 = 0x7f;

    #[test]
    fn profiles_polaris_and_vega10_tables() {
        let rx580 = profiles(fixture!("rx580", "0000:09:00.0", "pp_power_profile_mode"));
        assert_eq!(rx580, PowerProfileStatus { available_profiles: ALL7, current: Some(0x20), num_profiles: 7 });
        assert_eq!(rx580.current_preset(), Some(P::FullScreen3d));
        let vega10 = profiles(fixture!("vega10", "0000:09:00.0", "pp_power_profile_mode"));
        assert_eq!(vega10, PowerProfileStatus { available_profiles: ALL7, current: Some(0x20), num_profiles: 7 });
    }

    #[test]
    fn profiles_navi_tables_with_clock_rows() {
        // Navi 21, NUL-padded to a page.
        let rx6900xt = profiles(fixture!("rx6900xt", "0000:0c:00.0", "pp_power_profile_mode"));
        assert_eq!(rx6900xt, PowerProfileStatus { available_profiles: ALL7, current: Some(0x40), num_profiles: 7 });
        // Navi 3x/4x list WINDOW_3D too, which AMD SMI has no mask for.
        let rx7900xtx = profiles(fixture!("rx7900xtx", "0000:03:00.0", "pp_power_profile_mode"));
        assert_eq!(rx7900xtx, PowerProfileStatus { available_profiles: ALL7, current: Some(0x40), num_profiles: 8 });
        let rx7800xt = profiles(fixture!("rx7800xt", "0000:03:00.0", "pp_power_profile_mode"));
        assert_eq!(rx7800xt, PowerProfileStatus { available_profiles: ALL7, current: Some(0x8), num_profiles: 8 });
        assert_eq!(rx7800xt.current_preset(), Some(P::Compute));
        let rx9070 = profiles(fixture!("rx9070", "0000:03:00.0", "pp_power_profile_mode"));
        assert_eq!(rx9070, PowerProfileStatus { available_profiles: ALL7, current: Some(0x20), num_profiles: 8 });
        // Navi 10 (upstream-captures/lact/rx5700xt), first rows and the CUSTOM row.
        let navi10 = profiles(
            "PROFILE_INDEX(NAME) CLOCK_TYPE(NAME) FPS MinFreqType MinActiveFreqType MinActiveFreq\n \
             0 BOOTUP_DEFAULT :\n                    0(       GFXCLK)       0       5       1       0\n \
             6         CUSTOM*:\n                    2(       MEMCLK)       0       5       4     850\n",
        );
        assert_eq!(navi10, PowerProfileStatus { available_profiles: 0x41, current: Some(0x1), num_profiles: 2 });
    }

    #[test]
    fn profiles_apu_rows_without_header_or_mark() {
        let vangogh = profiles(fixture!("vangogh", "0000:04:00.0", "pp_power_profile_mode"));
        let available = [P::FullScreen3d, P::Video, P::Vr, P::Compute, P::Custom].iter().map(|p| p.bits()).sum();
        assert_eq!(vangogh, PowerProfileStatus { available_profiles: available, current: None, num_profiles: 7 });
        assert!(vangogh.has(P::Vr) && !vangogh.has(P::PowerSaving));
        assert_eq!(profiles(" 1 3D_FULL_SCREEN \n 3          VIDEO *\n").current, Some(0x2));
    }

    #[test]
    fn profiles_smu13_0_7_transposed() {
        // upstream-captures/lact/rx7600s, first two lines: VR is current.
        let text = "                              0 BOOTUP_DEFAULT  1 3D_FULL_SCREEN  2 POWER_SAVING    3 VIDEO           \
                    4 VR            * 5 COMPUTE         6 CUSTOM          7 WINDOW_3D       \n\
                    Gfx_ActiveHystLimit           0                 0                 0                 0                 \
                    0                 0                 0                 0                 \n";
        assert_eq!(
            profiles(text),
            PowerProfileStatus { available_profiles: ALL7, current: Some(0x10), num_profiles: 8 }
        );
        let abutting =
            text.replace("BOOTUP_DEFAULT  1", "BOOTUP_DEFAULT* 1").replace("VR            * 5", "VR              5");
        assert_eq!(profiles(&abutting).current, Some(0x40));
        // A marked profile AMD SMI has no mask for is not "current".
        assert_eq!(profiles("0 BOOTUP_DEFAULT  7 WINDOW_3D     * \n").current, None);
    }

    #[test]
    fn profiles_garbage_is_rejected() {
        for bad in [
            "",
            "\0\0",
            "garbage",
            "NUM MODE_NAME\n",
            "0 1 5 9 digits only\n",
            "5\n",
            "5 COMPUTE garbage\n",
            " 0 BOOTUP_DEFAULT  1\n",
        ] {
            assert_eq!(parse_power_profile_mode(bad), None, "{bad:?}");
        }
        let text = fixture!("rx7900xtx", "0000:03:00.0", "pp_power_profile_mode");
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let _ = parse_power_profile_mode(&text[..end]);
        }
    }

    #[test]
    fn preset_names() {
        assert_eq!(P::ALL.iter().map(|p| p.bits()).sum::<u64>(), ALL7);
        assert_eq!(P::FullScreen3d.name(), "AMDSMI_PWR_PROF_PRST_3D_FULL_SCR_MASK");
        assert_eq!(P::from_kernel_name("POWER_SAVING"), Some(P::PowerSaving));
        assert_eq!(P::from_kernel_name("CAPPED"), None);
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
        let status = PowerProfileStatus { available_profiles: 59, current: None, num_profiles: 7 };
        assert_eq!(
            serde_json::to_value(status).unwrap(),
            serde_json::json!({"available_profiles": 59, "current": "N/A", "num_profiles": 7})
        );
    }
}

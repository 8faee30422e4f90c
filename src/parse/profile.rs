//! `pp_power_profile_mode` (amdgpu_pm.c `amdgpu_get_pp_power_profile_mode`, the SMU
//! `get_power_profile_mode` handlers), as AMD SMI reads it through rocm_smi.
//!
//! The file lists the profiles as `N NAME` entries, the current one marked `*`:
//! - one row per profile after a text header (`  1 3D_FULL_SCREEN *:  0  100 ...` on Polaris,
//!   ` 1 3D_FULL_SCREEN*:  70  60  1  3` on Vega, ` 5        COMPUTE*:` on Navi, followed there by
//!   per-clock rows `   0(       GFXCLK)  ...`);
//! - one row per profile without a header on APUs (` 3          VIDEO `);
//! - SMU 13.0.7 (Navi 33) puts every entry on its first line (`0 BOOTUP_DEFAULT  1 ...  4 VR
//!   * 5 COMPUTE ...`: the `*` follows the name it marks), then one row per parameter.
//!
//! Like `pp_od_clk_voltage`, it may have NUL runs between chunks; a NUL separates lines here.

use super::{chunked_lines, ParseError, Result};
use crate::gpu::overdrive::{AmdSmiPowerProfilePresetMasks, PowerProfileStatus};

/// What a line starting with an index must be.
const ENTRY: &str = "profile entries `<index> <NAME>[*][:]`";
/// What the text must contain.
const PROFILES: &str = "at least one profile entry `<index> <NAME>`";

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

/// Parses a `pp_power_profile_mode` text. An error names the first line that starts with a
/// profile index but is not a profile row, or the whole text when it lists no profile.
pub fn parse_power_profile_mode(text: &str) -> Result<PowerProfileStatus> {
    let mut status = PowerProfileStatus::default();
    let mut count = 0usize;
    for (n, line) in chunked_lines(text) {
        for entry in profile_entries(line).ok_or_else(|| ParseError::new(n, ENTRY, line))? {
            count += 1;
            let Some(preset) = AmdSmiPowerProfilePresetMasks::from_kernel_name(entry.name) else { continue };
            status.available_profiles |= preset.bits();
            if entry.current {
                status.current = Some(preset.bits());
            }
        }
    }
    status.num_profiles = u32::try_from(count).map_err(|_| ParseError::whole("at most 2^32 profiles", ""))?;
    if count == 0 {
        return Err(ParseError::whole(PROFILES, chunked_lines(text).next().map_or("", |(_, l)| l)));
    }
    Ok(status)
}

/// The number before each profile name AMD SMI has a mask for (`5 COMPUTE*:` -> (COMPUTE, 5)),
/// in every layout [`parse_power_profile_mode`] reads, first occurrence only.
pub(crate) fn profile_indices(text: &str) -> Vec<(AmdSmiPowerProfilePresetMasks, u32)> {
    let mut found: Vec<(AmdSmiPowerProfilePresetMasks, u32)> = Vec::new();
    for (_, line) in chunked_lines(text) {
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
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmdSmiPowerProfilePresetMasks as P;

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
            assert!(parse_power_profile_mode(bad).is_err(), "{bad:?}");
        }
        let text = fixture!("rx7900xtx", "0000:03:00.0", "pp_power_profile_mode");
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let _ = parse_power_profile_mode(&text[..end]);
        }
    }

    fn indices(text: &str) -> Vec<(P, u32)> {
        profile_indices(text)
    }

    #[test]
    fn profile_indices_in_every_layout() {
        // Polaris (mark after the name), Navi (mark glued, per-clock rows), APU rows, SMU 13.0.7.
        assert_eq!(
            indices("NUM        MODE_NAME\n  0 BOOTUP_DEFAULT:  70\n  1 3D_FULL_SCREEN *:  0\n")[1],
            (P::FullScreen3d, 1)
        );
        let navi = "PROFILE_INDEX(NAME) CLOCK_TYPE(NAME)\n 0 BOOTUP_DEFAULT :\n   0(       GFXCLK)  0  5\n \
                    5        COMPUTE*:\n   1(       SOCCLK)  0  5\n 6         CUSTOM:\n";
        assert_eq!(indices(navi), [(P::BootupDefault, 0), (P::Compute, 5), (P::Custom, 6)]);
        assert_eq!(indices(" 3          VIDEO \n 5        COMPUTE *\n"), [(P::Video, 3), (P::Compute, 5)]);
        let smu13_0_7 = "   0 BOOTUP_DEFAULT  1 3D_FULL_SCREEN  4 VR            * 5 COMPUTE  7 WINDOW_3D\n\
                         Gfx_ActiveHystLimit  0  0  0  0  0\n";
        assert_eq!(indices(smu13_0_7), [(P::BootupDefault, 0), (P::FullScreen3d, 1), (P::Vr, 4), (P::Compute, 5)]);
        assert!(indices("garbage\n").is_empty());
    }

    #[test]
    fn profile_errors_name_the_line_and_the_expectation() {
        // The Polaris table with the VIDEO row's name lost.
        let text = fixture!("rx580", "0000:09:00.0", "pp_power_profile_mode");
        let video = text.lines().position(|l| l.contains("VIDEO")).unwrap();
        let damaged = text.replace("VIDEO", "");
        let err = parse_power_profile_mode(&damaged).unwrap_err();
        assert_eq!((err.line(), err.expected()), (video + 1, ENTRY));
        assert!(err.to_string().starts_with(&format!("line {}: expected {ENTRY}, found `", video + 1)), "{err}");
        let err = parse_power_profile_mode("NUM MODE_NAME\n").unwrap_err();
        assert_eq!(err.to_string(), format!("expected {PROFILES}, found `NUM MODE_NAME`"));
    }
}

//! Version files: ROCm's `/opt/rocm/.info/version` (`<major>.<minor>.<patch>[-<build>]`, written
//! by the ROCm packages) and the HSMP driver's module version (`/sys/module/hsmp_common/version`
//! or `/sys/module/amd_hsmp/version`, `MODULE_VERSION("2.2")`), read as E-SMI reads it.

use super::{ParseError, Result};
use crate::cpu::HsmpDriverVersion;

/// The `major.minor.patch` of a ROCm version file, the build suffix (`-98`) and the rest of the
/// text dropped: `6.4.1-98\n` → `6.4.1`.
pub fn rocm_version(text: &str) -> Result<&str> {
    let version = text.split(['-', '\n']).next().unwrap_or_default();
    let numbers: Vec<&str> = version.split('.').collect();
    if numbers.len() == 3 && numbers.iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
        Ok(version)
    } else {
        Err(ParseError::new(1, "`<major>.<minor>.<patch>[-<build>]`", text.lines().next().unwrap_or_default()))
    }
}

/// The leading decimal digits of `s` as C's `atoi` reads them (0 without any).
fn atoi(s: &str) -> u32 {
    let digits: String = s.trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// The HSMP driver's `major.minor`, each part read with C's `atoi` as E-SMI does (never an error:
/// a part without digits is 0).
pub fn hsmp_driver_version(text: &str) -> HsmpDriverVersion {
    let mut parts = text.split('.');
    HsmpDriverVersion {
        hsmp_driver_major_ver_num: parts.next().map_or(0, atoi),
        hsmp_driver_minor_ver_num: parts.next().map_or(0, atoi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_atoi() {
        assert_eq!(atoi("2"), 2);
        assert_eq!(atoi(" 13abc"), 13);
        assert_eq!(atoi("x"), 0);
        assert_eq!(atoi(""), 0);
    }

    #[test]
    fn versions() {
        assert_eq!(rocm_version("6.4.1-98\n"), Ok("6.4.1"));
        assert_eq!(rocm_version("7.0.2"), Ok("7.0.2"));
        let err = rocm_version("6.4\n").unwrap_err();
        assert_eq!(err.to_string(), "line 1: expected `<major>.<minor>.<patch>[-<build>]`, found `6.4`");
        let v = hsmp_driver_version("2.2");
        assert_eq!((v.hsmp_driver_major_ver_num, v.hsmp_driver_minor_ver_num), (2, 2));
        let v = hsmp_driver_version("x");
        assert_eq!((v.hsmp_driver_major_ver_num, v.hsmp_driver_minor_ver_num), (0, 0));
    }
}

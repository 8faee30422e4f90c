//! The library's version and the ROCm installation's (`amdsmi_get_lib_version`,
//! `amdsmi_get_rocm_version`).

use crate::error::{Error, Result, Status};
use crate::sysfs::{self, Root};

/// The library's version (`amdsmi_get_lib_version`): the crate version. Needs no init.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LibVersion {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Release (patch) version.
    pub release: u32,
    /// The full version string.
    pub build: String,
}

/// The version of this library.
pub(crate) fn lib_version() -> Result<LibVersion> {
    let part = |s: &str| s.parse::<u32>().map_err(|_| Error::new(Status::InternalException));
    Ok(LibVersion {
        major: part(env!("CARGO_PKG_VERSION_MAJOR"))?,
        minor: part(env!("CARGO_PKG_VERSION_MINOR"))?,
        release: part(env!("CARGO_PKG_VERSION_PATCH"))?,
        build: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

/// Where a ROCm installation records its version, as a kernel-root path.
pub const ROCM_VERSION_FILE: &str = "/opt/rocm/.info/version";

/// `(found, message)`: whether a ROCm installation is present under `root` and its
/// `major.minor.patch`, read from `/opt/rocm/.info/version` (nothing is loaded: this library needs
/// no ROCm). Without ROCm: `(false, "ROCm not found: ...")`.
pub fn rocm_version(root: &Root) -> (bool, String) {
    let path = root.path(ROCM_VERSION_FILE);
    match sysfs::read_text(&path) {
        Ok(text) => match crate::parse::version::rocm_version(&text) {
            Ok(version) => (true, version.to_owned()),
            Err(_) => (false, format!("Failed to unpack ROCm version from {ROCM_VERSION_FILE}")),
        },
        Err(_) => (false, format!("ROCm not found: no {ROCM_VERSION_FILE}")),
    }
}

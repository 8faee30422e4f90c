//! A DRM file's `/proc/<pid>/fdinfo/<fd>`: the keys of Documentation/gpu/drm-usage-stats.rst as
//! amdgpu prints them (amdgpu_fdinfo.c `amdgpu_show_fdinfo`): `drm-driver`, `drm-pdev`,
//! `drm-client-id`, `drm-memory-{vram,gtt,cpu}` (`<n> KiB`), `drm-engine-<engine>` (`<n> ns`).

use super::{ParseError, Result};
use crate::gpu::bdf::Bdf;

/// What makes an fdinfo a DRM file's.
const DRM_KEYS: &str = "a DRM file's keys (`drm-driver:`, `drm-pdev:` or `drm-client-id:`)";

/// The DRM usage of one fdinfo file (drm-usage-stats.rst keys amdgpu prints).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FdinfoUsage {
    /// `drm-pdev`: the PCI device of the DRM device.
    pub pdev: Option<Bdf>,
    /// `drm-client-id`: the DRM client; fds with the same id share one client.
    pub client_id: Option<u64>,
    /// `drm-memory-vram`, bytes.
    pub vram: u64,
    /// `drm-memory-gtt`, bytes.
    pub gtt: u64,
    /// `drm-memory-cpu`, bytes.
    pub cpu: u64,
    /// `drm-engine-gfx`, ns.
    pub gfx: u64,
    /// `drm-engine-enc`, ns.
    pub enc: u64,
}

/// A memory amount as drm-usage-stats.rst writes it: `<uint> [KiB|MiB]` (no unit: bytes).
fn parse_memory(value: &str) -> Option<u64> {
    let mut words = value.split_whitespace();
    let number: u64 = words.next()?.parse().ok()?;
    let scale: u64 = match words.next() {
        None => 1,
        Some("KiB") => 1 << 10,
        Some("MiB") => 1 << 20,
        Some(_) => return None,
    };
    words.next().is_none().then(|| number.saturating_mul(scale))
}

/// An engine time: `<uint> ns`.
fn parse_ns(value: &str) -> Option<u64> {
    match value.split_whitespace().collect::<Vec<_>>()[..] {
        [number, "ns"] => number.parse().ok(),
        _ => None,
    }
}

/// Parses an fdinfo file; an error (about the whole text) when it is not a DRM file (no
/// `drm-driver`, `drm-pdev` or `drm-client-id`). Lines with unparsable values are ignored, as AMD
/// SMI's `sscanf` does.
pub fn parse_fdinfo(text: &str) -> Result<FdinfoUsage> {
    let mut usage = FdinfoUsage::default();
    let mut drm = false;
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match key.trim() {
            "drm-driver" => drm = true,
            "drm-pdev" => {
                drm = true;
                usage.pdev = Bdf::from_kernel_name(value);
            }
            "drm-client-id" => {
                drm = true;
                usage.client_id = value.parse().ok();
            }
            "drm-memory-vram" => usage.vram = parse_memory(value).unwrap_or(usage.vram),
            "drm-memory-gtt" => usage.gtt = parse_memory(value).unwrap_or(usage.gtt),
            "drm-memory-cpu" => usage.cpu = parse_memory(value).unwrap_or(usage.cpu),
            "drm-engine-gfx" => usage.gfx = parse_ns(value).unwrap_or(usage.gfx),
            "drm-engine-enc" => usage.enc = parse_ns(value).unwrap_or(usage.enc),
            _ => {}
        }
    }
    if !drm {
        return Err(ParseError::whole(DRM_KEYS, text.lines().next().unwrap_or_default()));
    }
    Ok(usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DRM_FD: &str = "pos:\t0\nflags:\t02100002\nmnt_id:\t26\nino:\t1005\npasid:\t32771\n\
        drm-driver:\tamdgpu\ndrm-pdev:\t0000:05:00.0\ndrm-client-id:\t11\ndrm-memory-vram:\t8388608 KiB\n\
        drm-memory-gtt: \t2048 KiB\ndrm-memory-cpu: \t3 MiB\namd-requested-vram:\t8388608 KiB\n\
        drm-engine-gfx:\t123456789 ns\ndrm-engine-compute:\t987654321 ns\ndrm-engine-enc_1:\t5 ns\n";

    #[test]
    fn fdinfo_of_a_drm_file() {
        let usage = parse_fdinfo(DRM_FD).unwrap();
        assert_eq!(usage.pdev, Bdf::from_kernel_name("0000:05:00.0"));
        assert_eq!(usage.client_id, Some(11));
        assert_eq!(usage.vram, 8388608 * 1024);
        assert_eq!(usage.gtt, 2048 * 1024);
        assert_eq!(usage.cpu, 3 << 20);
        assert_eq!((usage.gfx, usage.enc), (123456789, 0));
    }

    #[test]
    fn fdinfo_of_other_files_and_bad_values() {
        let err = parse_fdinfo("pos:\t0\nflags:\t02\nmnt_id:\t15\nino:\t4321\n").unwrap_err();
        assert_eq!(err.to_string(), format!("expected {DRM_KEYS}, found `pos:\\t0`"));
        assert!(parse_fdinfo("").is_err());
        let odd = parse_fdinfo("drm-client-id:\tx\ndrm-memory-vram:\t12 GiB\ndrm-engine-gfx:\t9\n").unwrap();
        assert_eq!(odd, FdinfoUsage::default());
        let bytes = parse_fdinfo("drm-driver:\tamdgpu\ndrm-memory-gtt:\t4096\n").unwrap();
        assert_eq!(bytes.gtt, 4096);
        let huge = parse_fdinfo("drm-driver:\tx\ndrm-memory-vram:\t18446744073709551615 MiB\n").unwrap();
        assert_eq!(huge.vram, u64::MAX);
    }
}

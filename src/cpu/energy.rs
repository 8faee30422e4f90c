//! Core and socket energy counters, from the one source E-SMI 4.2 (the E-SMI of AMD SMI 7.0.2)
//! picks at `esmi_init` (`create_energy_monitor` in `e_smi.c`, then the dispatch of
//! `esmi_core_energy_get` / `esmi_socket_energy_get`):
//!
//! 1. the HSMP RAPL messages (30h–32h), when the HSMP driver answered and the platform reads
//!    RAPL through HSMP (Turin and the protocol-7 branch: [`crate::hsmp::platform`]);
//! 2. otherwise, on CPUs with 64-bit RAPL registers (all but family 19h models 00h–0Fh and
//!    30h–3Fh, [`crate::hsmp::platform::rapl_64bit`]), the first of: `/dev/cpu/0/msr_safe`,
//!    the `amd_energy` hwmon driver, `/dev/cpu/0/msr`;
//! 3. otherwise (Milan and its kin, 32-bit registers) the `amd_energy` driver only: E-SMI 4.2
//!    does not read those CPUs' MSRs.
//!
//! With none: NO_ENERGY_DRV for the energy functions (and, with no HSMP driver either,
//! discovery fails with NO_DRV). Choice recorded: E-SMI 4.2's `create_energy_monitor` order,
//! msr_safe before amd_energy on 64-bit RAPL CPUs and amd_energy alone on 32-bit ones.
//!
//! The sources read:
//!
//! * `amd_energy`: `energy<N>_input` in µJ, one per physical core (N = core index + 1), then
//!   one per socket (N = cores + socket + 1);
//! * the RAPL MSRs through `/dev/cpu/<n>/msr_safe` or `/dev/cpu/<n>/msr`: the energy unit in
//!   `MSR_RAPL_PWR_UNIT` (C001_0299h bits 12:8) of CPU 0, the core counter in
//!   `MSR_CORE_ENERGY_STAT` (C001_029Ah) of the core's CPU, the package counter in
//!   `MSR_PKG_ENERGY_STAT` (C001_029Bh) of the socket's first online CPU.
//!
//! Raw counters become µJ as `raw × 0.5^unit × 10^6`, computed exactly in integers (E-SMI uses
//! a double).
//!
//! An MSR device is read with `pread` at the register's number; a fixture root cannot hold such
//! a file (the offsets are past 3 GiB), so with the `fixtures` feature a regular file there
//! ([`sysfs::device_node`]) is a **recorded** MSR set: UTF-8 text, one `<register> <value>` pair
//! a line (both `0x` hex), `#` comments (the values `mi300x-cpx` records: `fixtures/README.md`,
//! "EPYC CPUs").

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, Status};
use crate::sysfs::{self, DeviceNode, Root};

/// `MSR_RAPL_PWR_UNIT`.
pub const MSR_RAPL_PWR_UNIT: u32 = 0xC001_0299;
/// `MSR_CORE_ENERGY_STAT`.
pub const MSR_CORE_ENERGY_STAT: u32 = 0xC001_029A;
/// `MSR_PKG_ENERGY_STAT`.
pub const MSR_PKG_ENERGY_STAT: u32 = 0xC001_029B;

/// The hwmon name of the `amd_energy` driver.
pub const AMD_ENERGY: &str = "amd_energy";

/// Where energy counters are read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnergySource {
    /// The HSMP RAPL messages.
    Hsmp,
    /// The `amd_energy` hwmon directory.
    AmdEnergy(PathBuf),
    /// `/dev/cpu/<n>/msr_safe`.
    MsrSafe,
    /// `/dev/cpu/<n>/msr`.
    Msr,
    /// Nothing: NO_ENERGY_DRV.
    None,
}

impl EnergySource {
    /// The source E-SMI 4.2 would use (see the module docs): HSMP if `hsmp_rapl` (the HSMP
    /// driver answered and the platform reads RAPL through it); else, with `rapl_64bit`
    /// registers, `msr_safe`, then `amd_energy`, then `msr`; else `amd_energy` only.
    pub fn detect(root: &Root, hsmp_rapl: bool, rapl_64bit: bool) -> EnergySource {
        let amd_energy = || find_amd_energy(root).map(EnergySource::AmdEnergy);
        let msr = |safe| sysfs::exists(&root.path(&msr_path(0, safe)));
        let found = if hsmp_rapl {
            Some(EnergySource::Hsmp)
        } else if rapl_64bit {
            msr(true)
                .then_some(EnergySource::MsrSafe)
                .or_else(amd_energy)
                .or_else(|| msr(false).then_some(EnergySource::Msr))
        } else {
            amd_energy()
        };
        found.unwrap_or(EnergySource::None)
    }

    /// A short name for messages (`"HSMP"`, `"amd_energy"`, `"msr"`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            EnergySource::Hsmp => "HSMP",
            EnergySource::AmdEnergy(_) => AMD_ENERGY,
            EnergySource::MsrSafe => "msr_safe",
            EnergySource::Msr => "msr",
            EnergySource::None => "none",
        }
    }
}

/// The `sys/class/hwmon/hwmon<N>` whose `name` is `amd_energy`, first in name order.
fn find_amd_energy(root: &Root) -> Option<PathBuf> {
    let class = root.path("/sys/class/hwmon");
    let names = sysfs::list_dir(&class).ok()?;
    names
        .into_iter()
        .map(|n| class.join(n))
        .find(|dir| sysfs::read_text(&dir.join("name")).is_ok_and(|n| n == AMD_ENERGY))
}

/// `/dev/cpu/<cpu>/msr_safe` or `/dev/cpu/<cpu>/msr`.
pub fn msr_path(cpu: u32, safe: bool) -> String {
    format!("/dev/cpu/{cpu}/{}", if safe { "msr_safe" } else { "msr" })
}

/// `energy<index>_input` of the `amd_energy` hwmon directory, µJ.
pub fn read_hwmon_energy(dir: &Path, index: u32) -> Result<u64> {
    sysfs::read_number(&dir.join(format!("energy{index}_input")))
}

/// Register `reg` of the MSR device at `path`: `pread` of 8 bytes at offset `reg` on a
/// character device, a lookup in a recorded MSR set (see the module docs; `fixtures` feature) on
/// a regular file.
/// Missing: NO_MSR_DRV; a register the recording lacks: NOT_SUPPORTED.
pub fn read_msr(path: &Path, reg: u32) -> Result<u64> {
    match sysfs::device_node(path, Status::NoMsrDrv)? {
        DeviceNode::Device => {
            let file = File::open(path).map_err(|e| Error::io(path, &e))?;
            let mut bytes = [0u8; 8];
            file.read_exact_at(&mut bytes, u64::from(reg)).map_err(|e| Error::io(path, &e))?;
            let value = u64::from_le_bytes(bytes);
            #[cfg(feature = "fixtures")]
            note_msr(path, reg, value);
            Ok(value)
        }
        #[cfg(feature = "fixtures")]
        DeviceNode::Fixture => {
            let recorded = sysfs::read_stream_text(path)?;
            let value = recorded_msr(&recorded, reg).map_err(|e| e.with_path(path))?.ok_or_else(|| {
                Error::new(Status::NotSupported)
                    .with_path(path)
                    .with_detail(format!("no recorded value of MSR {reg:#x}"))
            })?;
            note_msr(path, reg, value);
            Ok(value)
        }
    }
}

/// Notes MSR `reg` = `value` of the device at `path` under a capture, as a line of a recorded
/// MSR set (`amd-smi capture` writes them as the device's stand-in).
#[cfg(feature = "fixtures")]
fn note_msr(path: &Path, reg: u32, value: u64) {
    sysfs::trace::answer(path, || format!("{reg:#x}"), || format!("{reg:#x} {value:#x}"), sysfs::trace::line_stand_in);
}

/// The value of `reg` in a recorded MSR set; malformed lines are UNEXPECTED_DATA naming the line.
#[cfg(feature = "fixtures")]
pub fn recorded_msr(recording: &str, reg: u32) -> Result<Option<u64>> {
    for (index, raw) in recording.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let pair = line.split_once(char::is_whitespace).and_then(|(r, v)| {
            let hex = |s: &str| s.trim().strip_prefix("0x").and_then(|h| crate::parse::parse_hex_u64(h).ok());
            Some((hex(r)?, hex(v)?))
        });
        let (r, v) = pair.ok_or_else(|| {
            Error::new(Status::UnexpectedData)
                .with_detail(format!("line {}: {line:?} is not <0x register> <0x value>", index + 1))
        })?;
        if r == u64::from(reg) {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// A raw RAPL counter in µJ: `raw × 10^6 / 2^unit`, exactly (truncated).
pub fn microjoules(raw: u64, unit: u32) -> u64 {
    let uj = (u128::from(raw) * 1_000_000) >> unit.min(127);
    u64::try_from(uj).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_is_exact() {
        assert_eq!(microjoules(1 << 16, 16), 1_000_000);
        assert_eq!(microjoules(3, 1), 1_500_000);
        assert_eq!(microjoules(0x1_2345_6789, 14), 298_261_617_736);
        assert_eq!(microjoules(u64::MAX, 0), u64::MAX);
        assert_eq!(microjoules(5, 200), 0);
    }

    #[test]
    fn recorded_msr_sets() {
        let rec = "# recorded\n0xc0010299 0x000a1003\n\n0xC001029A 0x10  # core\n";
        assert_eq!(recorded_msr(rec, MSR_RAPL_PWR_UNIT).unwrap(), Some(0x000a_1003));
        assert_eq!(recorded_msr(rec, MSR_CORE_ENERGY_STAT).unwrap(), Some(0x10));
        assert_eq!(recorded_msr(rec, MSR_PKG_ENERGY_STAT).unwrap(), None);
        let err = recorded_msr("0xc0010299 12", MSR_RAPL_PWR_UNIT).unwrap_err();
        assert_eq!(err.detail(), Some("line 1: \"0xc0010299 12\" is not <0x register> <0x value>"));
        assert!(recorded_msr("0xc0010299", 1).is_err());
    }

    #[test]
    fn msr_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("msr");
        let err = read_msr(&path, MSR_RAPL_PWR_UNIT).unwrap_err();
        assert_eq!((err.status(), err.path()), (Status::NoMsrDrv, Some(path.as_path())));
        std::fs::write(&path, "0xc0010299 0xa1003\n").unwrap();
        assert_eq!(read_msr(&path, MSR_RAPL_PWR_UNIT).unwrap(), 0xa1003);
        assert_eq!(read_msr(&path, MSR_PKG_ENERGY_STAT).unwrap_err().status(), Status::NotSupported);
        std::fs::write(&path, "junk\n").unwrap();
        assert_eq!(read_msr(&path, MSR_PKG_ENERGY_STAT).unwrap_err().status(), Status::UnexpectedData);
        // A character device that is not an MSR device: /dev/null reads nothing at any offset.
        assert_eq!(read_msr(Path::new("/dev/null"), MSR_RAPL_PWR_UNIT).unwrap_err().status(), Status::Io);
    }
}

//! The emulated SMU: a regular file at `dev/hsmp` in a fixture root describes the SMU state of
//! every socket, and [`EmulatedSmu`] answers each message as the driver and the SMU would.
//!
//! The mainline driver's checks come first, in its order ([`super::validate`], from
//! `hsmp_ioctl` and `validate_message` of `drivers/platform/x86/amd/hsmp/hsmp.c`: the id within
//! the table's bounds (ENOMSG), the descriptor's open mode against the message's direction
//! (EPERM), a reserved id (ENOMSG), the argument count and the response size (EINVAL); then, as
//! `hsmp_send_message` does, a socket index below the socket count, else ENODEV). The SMU then
//! answers from the state, with the argument
//! and response word encodings of the real protocol, and keeps its state across messages: a SET
//! changes what the next GET returns (a power limit above the maximum is clamped to it, a boost
//! limit to the socket's frequency range, as the SMU does). State lives as long as the
//! transport (one [`crate::Context`]); the file is never written.
//!
//! ## File format
//!
//! UTF-8 text. `#` starts a comment; blank lines are ignored. `[socketN]` starts socket *N*'s
//! section (sections 0, 1, ... in order); each other line is `key = value...`, values unsigned
//! integers (decimal or `0x` hex) separated by spaces. A key the SMU has no value for makes the
//! messages that need it fail as an SMU without that message does (ENOMSG); an index that is
//! not there (a DIMM address, APIC id, NBIO or link id) fails as invalid input (EINVAL).
//!
//! | key | values | messages |
//! |---|---|---|
//! | `proto_ver` | HSMP protocol version | 03h |
//! | `smu_fw_version` | major\[23:16\] minor\[15:8\] debug\[7:0\] | 02h |
//! | `socket_power` | mW | 04h |
//! | `socket_power_limit`, `socket_power_limit_max` | mW (the limit is clamped to the max on SET) | 05h–07h |
//! | `prochot` | 0 or 1 | 0Bh |
//! | `xgmi_width` | min max | 0Ch |
//! | `apb_disabled`, `df_pstate` | 0/1, the P-state APB disable pins | 0Dh, 0Eh |
//! | `fclk_mclk` | fclk mclk, MHz | 0Fh |
//! | `cclk_throttle_limit` | MHz | 10h |
//! | `c0_residency` | % | 11h |
//! | `max_dpm_level`, `lclk_dpm.<nbio>` | highest level; min max | 12h, 13h |
//! | `ddr_bw` | max Gbps, used Gbps, used % | 14h |
//! | `temperature` | m°C (multiples of 125) | 15h |
//! | `dimm.<addr>.temp_range`, `.refresh_rate` | range\[2:0\], refresh\[3\] | 16h |
//! | `dimm.<addr>.power`, `.power_update_rate` | mW, ms | 17h |
//! | `dimm.<addr>.thermal_sensor`, `.thermal_update_rate` | raw 11-bit (0.25 °C), ms | 18h |
//! | `freq_limit`, `freq_limit_source` | MHz, source bitmask | 19h |
//! | `smt`, `cores` | threads per core; the first-thread APIC id of every core | 08h, 0Ah, 1Ah, 31h |
//! | `core_boost_limit`, `core_cclk_limit` | MHz, every core's default | 08h–0Ah, 1Ah |
//! | `core.<apic>.boost_limit`, `.cclk_limit`, `.energy` | MHz, MHz, raw RAPL counter | 08h–0Ah, 1Ah, 31h |
//! | `svi_power` | mW | 1Bh |
//! | `fmax_fmin` | fmax fmin, MHz (boost limits are clamped to it) | 1Ch |
//! | `io_bw.<link id>` | aggregate Mbps | 1Dh |
//! | `xgmi_bw.<link id>` | aggregate, read, write Mbps | 1Eh |
//! | `gmi3_width` | min max | 1Fh |
//! | `pcie_rate` | rate control | 20h |
//! | `power_mode` | mode | 21h |
//! | `df_pstate_range` | max min (P-states) | 22h |
//! | `metrics_table_version` | version | 23h, 24h |
//! | `xgmi_pstate_range` | min max | 26h |
//! | `rail_isofreq`, `dfc_enable` | 0 or 1 | 27h, 28h |
//! | `rapl_tu`, `rapl_esu`, `package_energy` | time unit, energy status unit, raw counter | 30h, 32h |
//!
//! Values wider than their field in the response word are truncated to it, as a register is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use nix::errno::Errno;

use super::{message_error, validate, Access, HsmpMessage, HsmpTransport, GET_BIT};
use crate::error::{Error, Result, Status};
use crate::sysfs;

/// Keys of one value or a fixed count of them: (name, count).
const PLAIN_KEYS: &[(&str, usize)] = &[
    ("proto_ver", 1),
    ("smu_fw_version", 1),
    ("socket_power", 1),
    ("socket_power_limit", 1),
    ("socket_power_limit_max", 1),
    ("prochot", 1),
    ("xgmi_width", 2),
    ("apb_disabled", 1),
    ("df_pstate", 1),
    ("fclk_mclk", 2),
    ("cclk_throttle_limit", 1),
    ("c0_residency", 1),
    ("max_dpm_level", 1),
    ("ddr_bw", 3),
    ("temperature", 1),
    ("freq_limit", 1),
    ("freq_limit_source", 1),
    ("smt", 1),
    ("core_boost_limit", 1),
    ("core_cclk_limit", 1),
    ("svi_power", 1),
    ("fmax_fmin", 2),
    ("gmi3_width", 2),
    ("pcie_rate", 1),
    ("power_mode", 1),
    ("df_pstate_range", 2),
    ("metrics_table_version", 1),
    ("xgmi_pstate_range", 2),
    ("rail_isofreq", 1),
    ("dfc_enable", 1),
    ("rapl_tu", 1),
    ("rapl_esu", 1),
    ("package_energy", 1),
];

/// Indexed keys `<prefix>.<index>[.<field>]`: (prefix, fields, count); an empty field list
/// means no field segment.
const INDEXED_KEYS: &[(&str, &[&str], usize)] = &[
    ("lclk_dpm", &[], 2),
    ("io_bw", &[], 1),
    ("xgmi_bw", &[], 3),
    ("dimm", &["temp_range", "refresh_rate", "power", "power_update_rate", "thermal_sensor", "thermal_update_rate"], 1),
    ("core", &["boost_limit", "cclk_limit", "energy"], 1),
];

/// One socket's SMU state: canonical key (indices in decimal) → values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SmuState {
    values: BTreeMap<String, Vec<u64>>,
}

impl SmuState {
    /// The values of `key` (canonical form: indices in decimal, e.g. `core.16.energy`).
    pub fn get(&self, key: &str) -> Option<&[u64]> {
        self.values.get(key).map(Vec::as_slice)
    }

    /// The `n`th value of a key the SMU must have for this message (missing: ENOMSG).
    fn need(&self, key: &str, n: usize) -> std::result::Result<u64, Errno> {
        self.values.get(key).and_then(|v| v.get(n)).copied().ok_or(Errno::ENOMSG)
    }

    /// The `n`th value of an indexed key (missing index: EINVAL, invalid input).
    fn indexed(&self, key: &str, n: usize) -> std::result::Result<u64, Errno> {
        self.values.get(key).and_then(|v| v.get(n)).copied().ok_or(Errno::EINVAL)
    }

    fn set(&mut self, key: &str, values: Vec<u64>) {
        self.values.insert(key.to_owned(), values);
    }
}

/// Parses an emulated SMU file into one state per socket. Malformed content is
/// UNEXPECTED_DATA with a detail naming the 1-based line; never panics.
pub fn parse(text: &str) -> Result<Vec<SmuState>> {
    let mut sockets: Vec<SmuState> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let bad = |what: String| Error::new(Status::UnexpectedData).with_detail(format!("line {}: {what}", index + 1));
        let line = raw.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let expected = format!("socket{}", sockets.len());
            if section.trim() != expected {
                return Err(bad(format!("section [{section}] where [{expected}] was expected")));
            }
            sockets.push(SmuState::default());
            continue;
        }
        let state = sockets.last_mut().ok_or_else(|| bad("a key before the first [socket0] section".into()))?;
        let (key, value) = line.split_once('=').ok_or_else(|| bad(format!("{line:?} is not key = value")))?;
        let (key, count) = canonical_key(key.trim()).map_err(bad)?;
        let values: Vec<u64> = value
            .split_whitespace()
            .map(|v| crate::parse::parse_u64(v).map_err(|_| bad(format!("{v:?} is not an unsigned integer"))))
            .collect::<Result<_>>()?;
        let fits = match count {
            Some(n) => values.len() == n,
            None => !values.is_empty(),
        };
        if !fits {
            return Err(bad(format!(
                "{key} takes {} value(s), not {}",
                count.map_or("1 or more".into(), |n| n.to_string()),
                values.len()
            )));
        }
        if state.values.insert(key.clone(), values).is_some() {
            return Err(bad(format!("{key} given twice")));
        }
    }
    if sockets.is_empty() {
        return Err(Error::new(Status::UnexpectedData).with_detail("no [socket0] section"));
    }
    Ok(sockets)
}

/// A key's canonical form and value count (`None`: a list of one or more), or what is wrong.
fn canonical_key(key: &str) -> std::result::Result<(String, Option<usize>), String> {
    if key == "cores" {
        return Ok((key.into(), None));
    }
    if let Some(&(name, count)) = PLAIN_KEYS.iter().find(|(name, _)| *name == key) {
        return Ok((name.into(), Some(count)));
    }
    let mut parts = key.split('.');
    let prefix = parts.next().unwrap_or_default();
    let &(_, fields, count) =
        INDEXED_KEYS.iter().find(|(p, ..)| *p == prefix).ok_or_else(|| format!("unknown key {key:?}"))?;
    let index = parts
        .next()
        .and_then(|t| crate::parse::parse_u64(t).ok())
        .ok_or_else(|| format!("{key:?}: {prefix} needs a numeric index"))?;
    let field = parts.next();
    if parts.next().is_some() {
        return Err(format!("unknown key {key:?}"));
    }
    match (field, fields.is_empty()) {
        (None, true) => Ok((format!("{prefix}.{index}"), Some(count))),
        (Some(f), false) if fields.contains(&f) => Ok((format!("{prefix}.{index}.{f}"), Some(count))),
        _ => Err(format!("unknown key {key:?}")),
    }
}

/// The emulated SMU of every socket, behind the [`HsmpTransport`] trait.
#[derive(Debug)]
pub struct EmulatedSmu {
    path: PathBuf,
    sockets: Mutex<Vec<SmuState>>,
}

impl EmulatedSmu {
    /// Reads and parses the SMU file at `path` (UNEXPECTED_DATA with the path if it does not parse).
    pub fn open(path: &Path) -> Result<EmulatedSmu> {
        let text = sysfs::read_stream_text(path)?;
        let sockets = parse(&text).map_err(|e| e.with_path(path))?;
        Ok(EmulatedSmu { path: path.to_path_buf(), sockets: Mutex::new(sockets) })
    }

    /// An emulated SMU with these socket states (tests and embedders).
    pub fn new(path: &Path, sockets: Vec<SmuState>) -> EmulatedSmu {
        EmulatedSmu { path: path.to_path_buf(), sockets: Mutex::new(sockets) }
    }

    /// A copy of socket `sock`'s current state.
    pub fn state(&self, sock: usize) -> Option<SmuState> {
        self.lock().get(sock).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SmuState>> {
        // A panic while holding the lock leaves whole values (each answer replaces keys whole).
        self.sockets.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl HsmpTransport for EmulatedSmu {
    fn send(&self, msg: &mut HsmpMessage, access: Access) -> Result<()> {
        let fail = |errno| message_error(&self.path, msg.msg_id, errno);
        validate(msg, access).map_err(fail)?;
        let mut sockets = self.lock();
        let state = sockets.get_mut(usize::from(msg.sock_ind)).ok_or_else(|| fail(Errno::ENODEV))?;
        let response = answer(state, msg).map_err(fail)?;
        for (slot, word) in msg.args.iter_mut().zip(response).take(usize::from(msg.response_sz)) {
            *slot = word;
        }
        Ok(())
    }
}

/// `value` truncated to a `bits`-wide field, as a response word carries it.
fn field(value: u64, bits: u32) -> u32 {
    (value & ((1u64 << bits) - 1)) as u32
}

/// Bits `shift..shift+bits` of an argument word.
fn arg(word: u32, shift: u32, bits: u32) -> u64 {
    u64::from(word >> shift) & ((1u64 << bits) - 1)
}

/// The first-thread APIC id of the core `apic` belongs to (EINVAL if no core has it).
fn core_of(state: &SmuState, apic: u64) -> std::result::Result<u64, Errno> {
    let cores = state.get("cores").ok_or(Errno::ENOMSG)?;
    let smt = state.get("smt").and_then(|v| v.first()).copied().unwrap_or(1).max(1);
    let core = apic - apic % smt;
    cores.contains(&core).then_some(core).ok_or(Errno::EINVAL)
}

/// A per-core value: `core.<apic>.<field>`, else the socket-wide default `default_key`.
fn core_value(state: &SmuState, core: u64, name: &str, default_key: Option<&str>) -> std::result::Result<u64, Errno> {
    if let Some(&v) = state.get(&format!("core.{core}.{name}")).and_then(|v| v.first()) {
        return Ok(v);
    }
    default_key.map_or(Err(Errno::ENOMSG), |key| state.need(key, 0))
}

/// A boost limit as the SMU applies it: clamped to the socket's [fmin, fmax] when known.
fn clamp_boost(state: &SmuState, mhz: u64) -> u64 {
    match state.get("fmax_fmin") {
        Some(&[fmax, fmin]) => mhz.clamp(fmin.min(fmax), fmax),
        _ => mhz,
    }
}

/// A SET_GET pair setting such as `xgmi_width` (`min max` in the state, min\[15:8\] max\[7:0\] on
/// the wire): GET answers it, SET stores it after `check(min, max)`.
fn pair_setting(
    state: &mut SmuState,
    key: &str,
    word: u32,
    check: impl Fn(u64, u64) -> bool,
) -> std::result::Result<[u32; 1], Errno> {
    let (min, max) = (state.need(key, 0)?, state.need(key, 1)?);
    if word & GET_BIT != 0 {
        return Ok([field(min, 8) << 8 | field(max, 8)]);
    }
    let (new_min, new_max) = (arg(word, 8, 8), arg(word, 0, 8));
    if !check(new_min, new_max) {
        return Err(Errno::EINVAL);
    }
    state.set(key, vec![new_min, new_max]);
    Ok([field(new_min, 8) << 8 | field(new_max, 8)])
}

/// A SET_GET 0/1 setting (`rail_isofreq`, `dfc_enable`): GET answers it, SET stores bit 0.
fn flag_setting(state: &mut SmuState, key: &str, word: u32) -> std::result::Result<[u32; 1], Errno> {
    let current = state.need(key, 0)?;
    if word & GET_BIT != 0 {
        return Ok([field(current, 1)]);
    }
    let new = u64::from(word & 1);
    state.set(key, vec![new]);
    Ok([field(new, 1)])
}

/// What the SMU answers `msg` with (up to [`MAX_MSG_LEN`] words), changing `state` for SETs.
fn answer(state: &mut SmuState, msg: &HsmpMessage) -> std::result::Result<Vec<u32>, Errno> {
    use super::*;
    let a0 = msg.args[0];
    let one = |v: u64| Ok(vec![field(v, 32)]);
    match msg.msg_id {
        TEST => Ok(vec![a0.wrapping_add(1)]),
        GET_SMU_VER => one(state.need("smu_fw_version", 0)?),
        GET_PROTO_VER => one(state.need("proto_ver", 0)?),
        GET_SOCKET_POWER => one(state.need("socket_power", 0)?),
        SET_SOCKET_POWER_LIMIT => {
            state.need("socket_power_limit", 0)?;
            let max = state.get("socket_power_limit_max").and_then(|v| v.first()).copied().unwrap_or(u64::MAX);
            state.set("socket_power_limit", vec![u64::from(a0).min(max)]);
            Ok(vec![])
        }
        GET_SOCKET_POWER_LIMIT => one(state.need("socket_power_limit", 0)?),
        GET_SOCKET_POWER_LIMIT_MAX => one(state.need("socket_power_limit_max", 0)?),
        SET_BOOST_LIMIT => {
            let core = core_of(state, arg(a0, 16, 16))?;
            core_value(state, core, "boost_limit", Some("core_boost_limit"))?;
            let mhz = clamp_boost(state, arg(a0, 0, 16));
            state.set(&format!("core.{core}.boost_limit"), vec![mhz]);
            Ok(vec![])
        }
        SET_BOOST_LIMIT_SOCKET => {
            let cores = state.get("cores").ok_or(Errno::ENOMSG)?.to_vec();
            let mhz = clamp_boost(state, arg(a0, 0, 16));
            state.set("core_boost_limit", vec![mhz]);
            for core in cores {
                state.values.remove(&format!("core.{core}.boost_limit"));
            }
            Ok(vec![])
        }
        GET_BOOST_LIMIT => {
            let core = core_of(state, u64::from(a0))?;
            one(core_value(state, core, "boost_limit", Some("core_boost_limit"))?)
        }
        GET_PROC_HOT => one(state.need("prochot", 0)?),
        SET_XGMI_LINK_WIDTH => Ok(pair_setting(state, "xgmi_width", a0, |min, max| min <= max && max <= 2)?.to_vec()),
        SET_DF_PSTATE => {
            let (disabled, pstate) = (state.need("apb_disabled", 0)?, state.need("df_pstate", 0)?);
            if a0 & GET_BIT != 0 {
                return Ok(vec![field(disabled, 1) << 8 | field(pstate, 8)]);
            }
            let new = arg(a0, 0, 8);
            if new > 3 {
                return Err(Errno::EINVAL);
            }
            state.set("apb_disabled", vec![1]);
            state.set("df_pstate", vec![new]);
            Ok(vec![1 << 8 | field(new, 8)])
        }
        SET_AUTO_DF_PSTATE => {
            state.need("apb_disabled", 0)?;
            state.set("apb_disabled", vec![0]);
            Ok(vec![])
        }
        GET_FCLK_MCLK => Ok(vec![field(state.need("fclk_mclk", 0)?, 32), field(state.need("fclk_mclk", 1)?, 32)]),
        GET_CCLK_THROTTLE_LIMIT => one(state.need("cclk_throttle_limit", 0)?),
        GET_C0_PERCENT => one(state.need("c0_residency", 0)?),
        SET_NBIO_DPM_LEVEL => {
            let highest = state.need("max_dpm_level", 0)?;
            let key = format!("lclk_dpm.{}", arg(a0, 16, 8));
            state.indexed(&key, 0)?;
            let (max, min) = (arg(a0, 8, 8), arg(a0, 0, 8));
            if min > max || max > highest {
                return Err(Errno::EINVAL);
            }
            state.set(&key, vec![min, max]);
            Ok(vec![])
        }
        GET_NBIO_DPM_LEVEL => {
            let key = format!("lclk_dpm.{}", arg(a0, 16, 8));
            Ok(vec![field(state.indexed(&key, 1)?, 8) << 8 | field(state.indexed(&key, 0)?, 8)])
        }
        GET_DDR_BANDWIDTH => {
            let (max, used, pct) = (state.need("ddr_bw", 0)?, state.need("ddr_bw", 1)?, state.need("ddr_bw", 2)?);
            Ok(vec![field(max, 12) << 20 | field(used, 12) << 8 | field(pct, 8)])
        }
        GET_TEMP_MONITOR => {
            let mdeg = state.need("temperature", 0)?;
            Ok(vec![field(mdeg / 1000, 8) << 8 | field(mdeg % 1000 / 125, 3) << 5])
        }
        GET_DIMM_TEMP_RANGE => {
            let addr = arg(a0, 0, 8);
            let range = state.indexed(&format!("dimm.{addr}.temp_range"), 0)?;
            let refresh = state.indexed(&format!("dimm.{addr}.refresh_rate"), 0)?;
            Ok(vec![field(refresh, 1) << 3 | field(range, 3)])
        }
        GET_DIMM_POWER => {
            let addr = arg(a0, 0, 8);
            let power = state.indexed(&format!("dimm.{addr}.power"), 0)?;
            let rate = state.indexed(&format!("dimm.{addr}.power_update_rate"), 0)?;
            Ok(vec![field(power, 15) << 17 | field(rate, 9) << 8 | field(addr, 8)])
        }
        GET_DIMM_THERMAL => {
            let addr = arg(a0, 0, 8);
            let sensor = state.indexed(&format!("dimm.{addr}.thermal_sensor"), 0)?;
            let rate = state.indexed(&format!("dimm.{addr}.thermal_update_rate"), 0)?;
            Ok(vec![field(sensor, 11) << 21 | field(rate, 9) << 8 | field(addr, 8)])
        }
        GET_SOCKET_FREQ_LIMIT => {
            Ok(vec![field(state.need("freq_limit", 0)?, 16) << 16 | field(state.need("freq_limit_source", 0)?, 16)])
        }
        GET_CCLK_CORE_LIMIT => {
            let core = core_of(state, u64::from(a0))?;
            one(core_value(state, core, "cclk_limit", Some("core_cclk_limit"))?)
        }
        GET_RAILS_SVI => one(state.need("svi_power", 0)?),
        GET_SOCKET_FMAX_FMIN => {
            Ok(vec![field(state.need("fmax_fmin", 0)?, 16) << 16 | field(state.need("fmax_fmin", 1)?, 16)])
        }
        GET_IOLINK_BANDWITH => {
            if arg(a0, 0, 3) != 1 {
                return Err(Errno::EINVAL);
            }
            one(state.indexed(&format!("io_bw.{}", arg(a0, 8, 8)), 0)?)
        }
        GET_XGMI_BANDWITH => {
            let which = match arg(a0, 0, 3) {
                1 => 0,
                2 => 1,
                4 => 2,
                _ => return Err(Errno::EINVAL),
            };
            one(state.indexed(&format!("xgmi_bw.{}", arg(a0, 8, 8)), which)?)
        }
        SET_GMI3_WIDTH => {
            pair_setting(state, "gmi3_width", a0, |min, max| min <= max && max <= 2)?;
            Ok(vec![])
        }
        SET_PCI_RATE => {
            let previous = state.need("pcie_rate", 0)?;
            let new = arg(a0, 0, 8);
            if new > 2 {
                return Err(Errno::EINVAL);
            }
            state.set("pcie_rate", vec![new]);
            one(previous)
        }
        SET_POWER_MODE => {
            let current = state.need("power_mode", 0)?;
            if a0 & GET_BIT != 0 {
                return one(current);
            }
            let new = arg(a0, 0, 3);
            state.set("power_mode", vec![new]);
            one(new)
        }
        SET_PSTATE_MAX_MIN => {
            // The state keeps `max min`; the wire carries min[15:8] | max[7:0].
            let (max, min) = (state.need("df_pstate_range", 0)?, state.need("df_pstate_range", 1)?);
            if a0 & GET_BIT != 0 {
                return Ok(vec![field(min, 8) << 8 | field(max, 8)]);
            }
            let (new_min, new_max) = (arg(a0, 8, 8), arg(a0, 0, 8));
            if new_max > new_min {
                return Err(Errno::EINVAL);
            }
            state.set("df_pstate_range", vec![new_max, new_min]);
            Ok(vec![field(new_min, 8) << 8 | field(new_max, 8)])
        }
        GET_METRIC_TABLE_VER => one(state.need("metrics_table_version", 0)?),
        GET_METRIC_TABLE => {
            state.need("metrics_table_version", 0)?;
            Ok(vec![])
        }
        SET_XGMI_PSTATE_RANGE => Ok(pair_setting(state, "xgmi_pstate_range", a0, |min, max| max <= min)?.to_vec()),
        CPU_RAIL_ISO_FREQ_POLICY => Ok(flag_setting(state, "rail_isofreq", a0)?.to_vec()),
        DFC_ENABLE_CTRL => Ok(flag_setting(state, "dfc_enable", a0)?.to_vec()),
        GET_RAPL_UNITS => {
            Ok(vec![field(state.need("rapl_tu", 0)?, 4) << 16 | field(state.need("rapl_esu", 0)?, 5) << 8])
        }
        GET_RAPL_CORE_COUNTER => {
            let core = core_of(state, arg(a0, 0, 16))?;
            let energy = core_value(state, core, "energy", None)?;
            Ok(vec![field(energy, 32), field(energy >> 32, 32)])
        }
        GET_RAPL_PACKAGE_COUNTER => {
            let energy = state.need("package_energy", 0)?;
            Ok(vec![field(energy, 32), field(energy >> 32, 32)])
        }
        _ => Err(Errno::ENOMSG),
    }
    .map(|mut words: Vec<u32>| {
        words.truncate(MAX_MSG_LEN);
        words
    })
}

/// The state a GET's answer shows, the inverse of [`answer`]: `(key, index, value)` for each
/// value of the state the SMU answered `request` from with `response` (nothing for SETs, for
/// messages without state and for a SET_GET that sets). A capture (`amd-smi capture`) notes them
/// and [`stand_in`] writes an SMU file that answers the same.
pub fn answered(request: &HsmpMessage, response: &[u32]) -> Vec<(String, usize, u64)> {
    use super::*;
    if !is_get(request) {
        return Vec::new();
    }
    let a0 = request.args[0];
    let word = |n: usize| response.get(n).copied().map_or(0, u64::from);
    let r = word(0);
    let bits = |shift: u32, width: u32| (r >> shift) & ((1 << width) - 1);
    let one = |key: &str, value: u64| vec![(key.to_owned(), 0, value)];
    let pair = |key: &str, first: u64, second: u64| vec![(key.to_owned(), 0, first), (key.to_owned(), 1, second)];
    let core = |field: &str| format!("core.{}.{field}", arg(a0, 0, 16));
    let dimm = |field: &str| format!("dimm.{}.{field}", arg(a0, 0, 8));
    match request.msg_id {
        GET_SMU_VER => one("smu_fw_version", r),
        GET_PROTO_VER => one("proto_ver", r),
        GET_SOCKET_POWER => one("socket_power", r),
        GET_SOCKET_POWER_LIMIT => one("socket_power_limit", r),
        GET_SOCKET_POWER_LIMIT_MAX => one("socket_power_limit_max", r),
        GET_BOOST_LIMIT => one(&core("boost_limit"), r),
        GET_PROC_HOT => one("prochot", r),
        SET_XGMI_LINK_WIDTH => pair("xgmi_width", bits(8, 8), bits(0, 8)),
        SET_DF_PSTATE => [one("apb_disabled", bits(8, 1)), one("df_pstate", bits(0, 8))].concat(),
        GET_FCLK_MCLK => pair("fclk_mclk", r, word(1)),
        GET_CCLK_THROTTLE_LIMIT => one("cclk_throttle_limit", r),
        GET_C0_PERCENT => one("c0_residency", r),
        GET_NBIO_DPM_LEVEL => pair(&format!("lclk_dpm.{}", arg(a0, 16, 8)), bits(0, 8), bits(8, 8)),
        GET_DDR_BANDWIDTH => {
            vec![
                ("ddr_bw".into(), 0, bits(20, 12)),
                ("ddr_bw".into(), 1, bits(8, 12)),
                ("ddr_bw".into(), 2, bits(0, 8)),
            ]
        }
        GET_TEMP_MONITOR => one("temperature", bits(8, 8) * 1000 + bits(5, 3) * 125),
        GET_DIMM_TEMP_RANGE => [one(&dimm("temp_range"), bits(0, 3)), one(&dimm("refresh_rate"), bits(3, 1))].concat(),
        GET_DIMM_POWER => [one(&dimm("power"), bits(17, 15)), one(&dimm("power_update_rate"), bits(8, 9))].concat(),
        GET_DIMM_THERMAL => {
            [one(&dimm("thermal_sensor"), bits(21, 11)), one(&dimm("thermal_update_rate"), bits(8, 9))].concat()
        }
        GET_SOCKET_FREQ_LIMIT => [one("freq_limit", bits(16, 16)), one("freq_limit_source", bits(0, 16))].concat(),
        GET_CCLK_CORE_LIMIT => one(&core("cclk_limit"), r),
        GET_RAILS_SVI => one("svi_power", r),
        GET_SOCKET_FMAX_FMIN => pair("fmax_fmin", bits(16, 16), bits(0, 16)),
        GET_IOLINK_BANDWITH => one(&format!("io_bw.{}", arg(a0, 8, 8)), r),
        GET_XGMI_BANDWITH => {
            let index = match arg(a0, 0, 3) {
                1 => 0,
                2 => 1,
                4 => 2,
                _ => return Vec::new(),
            };
            vec![(format!("xgmi_bw.{}", arg(a0, 8, 8)), index, r)]
        }
        SET_POWER_MODE => one("power_mode", r),
        SET_PSTATE_MAX_MIN => pair("df_pstate_range", bits(0, 8), bits(8, 8)),
        GET_METRIC_TABLE_VER => one("metrics_table_version", r),
        SET_XGMI_PSTATE_RANGE => pair("xgmi_pstate_range", bits(8, 8), bits(0, 8)),
        CPU_RAIL_ISO_FREQ_POLICY => one("rail_isofreq", bits(0, 1)),
        DFC_ENABLE_CTRL => one("dfc_enable", bits(0, 1)),
        GET_RAPL_UNITS => [one("rapl_tu", bits(16, 4)), one("rapl_esu", bits(8, 5))].concat(),
        GET_RAPL_CORE_COUNTER => one(&core("energy"), r | word(1) << 32),
        GET_RAPL_PACKAGE_COUNTER => one("package_energy", r | word(1) << 32),
        _ => Vec::new(),
    }
}

/// The line a capture notes for one value of [`answered`] on socket `socket`:
/// `<socket> <key> <index> <value>`.
pub fn answered_line(socket: u16, key: &str, index: usize, value: u64) -> String {
    format!("{socket} {key} {index} {value}")
}

/// An SMU file (the format above) from the lines of [`answered_line`]: a section per socket up
/// to the highest one noted, each key with its values (a value no answer showed is 0), and,
/// when a per-core value was answered, `smt = 1` and `cores` listing the APIC ids asked (so
/// each id is its own core, whatever the SMT of the machine). Lines that do not parse are left
/// out.
pub fn stand_in(lines: &[&str]) -> String {
    let mut sockets: BTreeMap<u16, BTreeMap<String, Vec<u64>>> = BTreeMap::new();
    for line in lines {
        let mut parts = line.split(' ');
        let (Some(socket), Some(key), Some(index), Some(value), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(socket), Ok(index), Ok(value)) = (socket.parse(), index.parse::<usize>(), value.parse()) else {
            continue;
        };
        let Ok((key, Some(count))) = canonical_key(key) else { continue };
        let values = sockets.entry(socket).or_default().entry(key).or_default();
        values.resize(count.max(values.len()), 0);
        if let Some(slot) = values.get_mut(index) {
            *slot = value;
        }
    }
    let last = sockets.keys().next_back().copied().unwrap_or(0);
    let mut text = String::from("# written by amd-smi capture from the answers the SMU gave\n");
    for socket in 0..=last {
        text.push_str(&format!("[socket{socket}]\n"));
        let Some(state) = sockets.get(&socket) else { continue };
        let cores: BTreeSet<u64> =
            state.keys().filter_map(|k| k.strip_prefix("core.")?.split('.').next()?.parse().ok()).collect();
        if !cores.is_empty() {
            let cores: Vec<String> = cores.iter().map(u64::to_string).collect();
            text.push_str(&format!("smt = 1\ncores = {}\n", cores.join(" ")));
        }
        for (key, values) in state {
            let values: Vec<String> = values.iter().map(u64::to_string).collect();
            text.push_str(&format!("{key} = {}\n", values.join(" ")));
        }
    }
    text
}

/// A transport whose GET answers are noted, under a capture, as [`answered_line`]s (the
/// library's `hsmp::open` wraps every transport in it with the `fixtures` feature).
#[derive(Debug)]
pub struct Noted {
    /// The HSMP device.
    pub path: PathBuf,
    /// The transport asked.
    pub inner: Box<dyn HsmpTransport>,
}

impl HsmpTransport for Noted {
    fn send(&self, msg: &mut HsmpMessage, access: Access) -> Result<()> {
        let request = *msg;
        self.inner.send(msg, access)?;
        if sysfs::trace::capturing() {
            let response = msg.args.get(..usize::from(msg.response_sz)).unwrap_or_default();
            for (key, index, value) in answered(&request, response) {
                let line = answered_line(request.sock_ind, &key, index, value);
                let key = || format!("{} {key} {index}", request.sock_ind);
                sysfs::trace::answer(&self.path, key, || line, stand_in);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    const STATE: &str = "\
# a comment
[socket0]
proto_ver = 5
smu_fw_version = 0x00555A00   # 85.90.0
socket_power = 95123
socket_power_limit = 200000
socket_power_limit_max = 240000
smt = 2
cores = 0 2 0x10
core_boost_limit = 3700
core.0x10.boost_limit = 3500
core.2.energy = 0x123456789
fmax_fmin = 3700 400
temperature = 45625
dimm.0x80.thermal_sensor = 0x7FF
dimm.0x80.thermal_update_rate = 511
xgmi_width = 0 2
df_pstate_range = 0 2
rail_isofreq = 0
[socket1]
proto_ver = 5
";

    fn smu() -> EmulatedSmu {
        EmulatedSmu::new(Path::new("/dev/hsmp"), parse(STATE).unwrap())
    }

    fn send(smu: &EmulatedSmu, id: u32, sock: u16, args: &[u32], resp: u16, access: Access) -> Result<Vec<u32>> {
        let mut msg = HsmpMessage::new(id, sock, args, resp);
        smu.send(&mut msg, access)?;
        Ok(msg.args[..usize::from(resp)].to_vec())
    }

    fn get(smu: &EmulatedSmu, id: u32, sock: u16, args: &[u32], resp: u16) -> Result<Vec<u32>> {
        send(smu, id, sock, args, resp, Access::Read)
    }

    /// What a GET showed, written back as an SMU file, answers that GET the same; SETs and
    /// SET_GETs that set show nothing.
    #[test]
    fn answered_values_answer_again() {
        let smu = smu();
        let asks: [(u32, u16, &[u32], u16); 8] = [
            (GET_SOCKET_POWER, 0, &[], 1),
            (GET_BOOST_LIMIT, 0, &[0x10], 1),
            (GET_BOOST_LIMIT, 0, &[3], 1),
            (GET_TEMP_MONITOR, 0, &[], 1),
            (GET_DIMM_THERMAL, 0, &[0x80], 1),
            (SET_XGMI_LINK_WIDTH, 0, &[GET_BIT], 1),
            (CPU_RAIL_ISO_FREQ_POLICY, 0, &[GET_BIT], 1),
            (GET_PROTO_VER, 1, &[], 1),
        ];
        let mut lines = Vec::new();
        let mut answers = Vec::new();
        for (id, sock, args, resp) in asks {
            let answer = get(&smu, id, sock, args, resp).unwrap();
            let request = HsmpMessage::new(id, sock, args, resp);
            for (key, index, value) in answered(&request, &answer) {
                lines.push(answered_line(sock, &key, index, value));
            }
            answers.push(answer);
        }
        assert!(lines.contains(&"0 core.3.boost_limit 0 3700".to_owned()), "{lines:?}");
        assert!(lines.contains(&"0 dimm.128.thermal_sensor 0 2047".to_owned()), "{lines:?}");
        let text = stand_in(&lines.iter().map(String::as_str).collect::<Vec<_>>());
        let again = EmulatedSmu::new(Path::new("/dev/hsmp"), parse(&text).unwrap());
        for ((id, sock, args, resp), answer) in asks.into_iter().zip(answers) {
            assert_eq!(get(&again, id, sock, args, resp).unwrap(), answer, "message {id:#x}\n{text}");
        }
        // Nothing was asked of DIMM 0x81: the index is not there (EINVAL, as the source says
        // for a DIMM it does not have).
        assert_eq!(get(&again, GET_DIMM_THERMAL, 0, &[0x81], 1).unwrap_err().status(), Status::Inval);
        // Messages that set show nothing, whatever they answer.
        let set = HsmpMessage::new(SET_SOCKET_POWER_LIMIT, 0, &[1000], 0);
        assert_eq!(answered(&set, &[]), []);
        let set_get = HsmpMessage::new(SET_XGMI_LINK_WIDTH, 0, &[0x0102], 1);
        assert_eq!(answered(&set_get, &[0x0102]), []);
        assert_eq!(answered(&HsmpMessage::new(SET_PCI_RATE, 0, &[1], 1), &[0]), []);
    }

    #[test]
    fn answers_and_keeps_state() {
        let smu = smu();
        assert_eq!(get(&smu, GET_PROTO_VER, 1, &[], 1).unwrap(), [5]);
        assert_eq!(get(&smu, GET_SMU_VER, 0, &[], 1).unwrap(), [0x0055_5A00]);
        assert_eq!(get(&smu, TEST, 0, &[41], 1).unwrap(), [42]);
        // SET then GET; clamped to the maximum.
        send(&smu, SET_SOCKET_POWER_LIMIT, 0, &[150_000], 0, Access::Write).unwrap();
        assert_eq!(get(&smu, GET_SOCKET_POWER_LIMIT, 0, &[], 1).unwrap(), [150_000]);
        send(&smu, SET_SOCKET_POWER_LIMIT, 0, &[999_999], 0, Access::Write).unwrap();
        assert_eq!(get(&smu, GET_SOCKET_POWER_LIMIT, 0, &[], 1).unwrap(), [240_000]);
        // Boost limits: per core (either thread's APIC id), clamped to fmax/fmin, socket-wide.
        assert_eq!(get(&smu, GET_BOOST_LIMIT, 0, &[3], 1).unwrap(), [3700]);
        assert_eq!(get(&smu, GET_BOOST_LIMIT, 0, &[0x11], 1).unwrap(), [3500]);
        send(&smu, SET_BOOST_LIMIT, 0, &[2 << 16 | 9000], 0, Access::Write).unwrap();
        assert_eq!(get(&smu, GET_BOOST_LIMIT, 0, &[2], 1).unwrap(), [3700]);
        send(&smu, SET_BOOST_LIMIT, 0, &[2 << 16 | 100], 0, Access::Write).unwrap();
        assert_eq!(get(&smu, GET_BOOST_LIMIT, 0, &[2], 1).unwrap(), [400]);
        send(&smu, SET_BOOST_LIMIT_SOCKET, 0, &[3000], 0, Access::Write).unwrap();
        assert_eq!(get(&smu, GET_BOOST_LIMIT, 0, &[0x10], 1).unwrap(), [3000]);
        assert_eq!(get(&smu, GET_BOOST_LIMIT, 0, &[2], 1).unwrap(), [3000]);
        assert_eq!(smu.state(0).unwrap().get("core_boost_limit"), Some(&[3000][..]));
        // Encodings.
        assert_eq!(get(&smu, GET_TEMP_MONITOR, 0, &[], 1).unwrap(), [45 << 8 | 5 << 5]);
        assert_eq!(get(&smu, GET_DIMM_THERMAL, 0, &[0x80], 1).unwrap(), [0x7FF << 21 | 511 << 8 | 0x80]);
        assert_eq!(get(&smu, GET_RAPL_CORE_COUNTER, 0, &[3], 2).unwrap(), [0x2345_6789, 1]);
        // SET_GET pairs.
        assert_eq!(get(&smu, SET_XGMI_LINK_WIDTH, 0, &[GET_BIT], 1).unwrap(), [2]);
        send(&smu, SET_XGMI_LINK_WIDTH, 0, &[1 << 8 | 1], 0, Access::Write).unwrap();
        assert_eq!(get(&smu, SET_XGMI_LINK_WIDTH, 0, &[GET_BIT], 1).unwrap(), [1 << 8 | 1]);
        let err = send(&smu, SET_XGMI_LINK_WIDTH, 0, &[2 << 8 | 1], 0, Access::Write).unwrap_err();
        assert_eq!(err.status(), Status::Inval);
        assert_eq!(send(&smu, CPU_RAIL_ISO_FREQ_POLICY, 0, &[1], 1, Access::ReadWrite).unwrap(), [1]);
        assert_eq!(get(&smu, CPU_RAIL_ISO_FREQ_POLICY, 0, &[GET_BIT], 1).unwrap(), [1]);
        send(&smu, SET_PSTATE_MAX_MIN, 0, &[2 << 8 | 1], 0, Access::Write).unwrap();
        assert_eq!(smu.state(0).unwrap().get("df_pstate_range"), Some(&[1, 2][..]));
    }

    #[test]
    fn fails_as_driver_and_smu_do() {
        let smu = smu();
        let status = |r: Result<Vec<u32>>| r.unwrap_err().status();
        // No value in the state: the SMU does not implement the message.
        assert_eq!(status(get(&smu, GET_SOCKET_POWER, 1, &[], 1)), Status::NoHsmpMsgSup);
        assert_eq!(status(get(&smu, GET_C0_PERCENT, 0, &[], 1)), Status::NoHsmpMsgSup);
        // Unknown index: invalid input.
        assert_eq!(status(get(&smu, GET_BOOST_LIMIT, 0, &[4], 1)), Status::Inval);
        assert_eq!(status(get(&smu, GET_DIMM_THERMAL, 0, &[0x81], 1)), Status::Inval);
        // Driver checks, in hsmp_ioctl's and hsmp_send_message's order: bounds, open mode,
        // reserved id, counts, socket (ENODEV, which AMD SMI reports as BUSY).
        assert_eq!(status(send(&smu, 0x3B, 0, &[], 0, Access::ReadWrite)), Status::NoHsmpMsgSup);
        assert_eq!(status(send(&smu, GET_SOCKET_POWER, 0, &[], 1, Access::Write)), Status::NoPerm);
        assert_eq!(status(send(&smu, 0x2C, 0, &[], 0, Access::ReadWrite)), Status::NoHsmpMsgSup);
        assert_eq!(status(get(&smu, GET_PROTO_VER, 0, &[1], 1)), Status::Inval);
        assert_eq!(status(get(&smu, GET_PROTO_VER, 0, &[], 2)), Status::Inval);
        assert_eq!(status(get(&smu, GET_PROTO_VER, 2, &[], 1)), Status::Busy);
        let err = get(&smu, GET_PROTO_VER, 7, &[], 1).unwrap_err();
        assert_eq!(err.path(), Some(Path::new("/dev/hsmp")));
    }

    /// A request breaking two of the driver's rules fails with the first one's errno.
    #[test]
    fn driver_checks_in_the_driver_order() {
        let smu = smu();
        let first = |r: Result<Vec<u32>>| {
            let err = r.unwrap_err();
            (err.status(), err.detail().unwrap().split(": ").nth(1).unwrap().to_owned())
        };
        // Bounds before open mode: id 0 (no GET) on a read-only descriptor.
        assert_eq!(first(get(&smu, 0, 0, &[], 0)), (Status::NoHsmpMsgSup, "ENOMSG".into()));
        // Open mode before the reserved id: 2Ch on a read-only descriptor.
        assert_eq!(first(get(&smu, 0x2C, 0, &[], 0)), (Status::NoPerm, "EPERM".into()));
        // Open mode before the counts: a SET with no argument on a read-only descriptor.
        assert_eq!(first(get(&smu, SET_SOCKET_POWER_LIMIT, 0, &[], 0)), (Status::NoPerm, "EPERM".into()));
        // Counts before the socket: a wrong argument count to socket 9 of 2.
        assert_eq!(first(get(&smu, GET_SOCKET_POWER, 9, &[1], 1)), (Status::Inval, "EINVAL".into()));
        // Only then the socket.
        assert_eq!(first(get(&smu, GET_SOCKET_POWER, 9, &[], 1)), (Status::Busy, "ENODEV".into()));
    }

    #[test]
    fn rejects_bad_files() {
        let detail = |text: &str| parse(text).unwrap_err().detail().unwrap().to_owned();
        assert!(detail("").contains("no [socket0]"));
        assert!(detail("proto_ver = 5").contains("line 1"));
        assert!(detail("[socket1]").contains("[socket0]"));
        assert!(detail("[socket0]\nbogus = 1").contains("unknown key"));
        assert!(detail("[socket0]\nproto_ver = 5 6").contains("takes 1"));
        assert!(detail("[socket0]\nproto_ver = -5").contains("unsigned"));
        assert!(detail("[socket0]\nproto_ver").contains("key = value"));
        assert!(detail("[socket0]\nproto_ver = 5\nproto_ver = 5").contains("twice"));
        assert!(detail("[socket0]\ncore.x.energy = 1").contains("numeric index"));
        assert!(detail("[socket0]\ncore.1.volts = 1").contains("unknown key"));
        assert!(detail("[socket0]\nio_bw.1.x = 1").contains("unknown key"));
        assert!(detail("[socket0]\ncores =").contains("1 or more"));
        // Canonical keys: hex and decimal indices are one key.
        assert!(detail("[socket0]\ncore.16.energy = 1\ncore.0x10.energy = 2").contains("twice"));
    }
}

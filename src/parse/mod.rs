//! Kernel text parsers, together: every function here takes the text of a kernel file (`&str`)
//! and never touches the filesystem. A malformed text is a [`ParseError`] that names the line
//! and what was expected there; the I/O layer ([`crate::sysfs::read_parsed`]) attaches the path
//! and turns it into an UNEXPECTED_DATA [`Error`].
//!
//! This module holds the error and the generic parsers (numbers as sysfs prints them, CPU lists,
//! KFD `properties`, `uevent`); one submodule per kernel file family holds the rest:
//! - [`dpm`] — the `pp_dpm_*` level tables (amdgpu_pm.c `amdgpu_get_pp_dpm_clock`);
//! - [`pcie`] — `pcie_bw` and the PCI core's `current_link_speed`/`max_link_speed`;
//! - [`od`] — `pp_od_clk_voltage` (amdgpu_pm.c `amdgpu_get_pp_od_clk_voltage`);
//! - [`profile`] — `pp_power_profile_mode`;
//! - [`policy`] — the DPM policy files `pm_policy/soc_pstate` and `pm_policy/xgmi_plpd`;
//! - [`ras`] — the `ras/` counter, feature and bad-page files (amdgpu_ras.c);
//! - [`features`] — `pp_features`;
//! - [`fdinfo`] — a DRM fd's `/proc/<pid>/fdinfo` (Documentation/gpu/drm-usage-stats.rst);
//! - [`xgmi`] — `xgmi_port_num` (amdgpu_xgmi.c);
//! - [`pmu`] — a perf PMU's `events/<name>` and `format/<field>` files;
//! - [`partition`] — the compute/memory partition mode lists;
//! - [`version`] — ROCm's version file and the HSMP driver's module version.
//!
//! Model: the `procfs` crate's core, whose parsers read from any `Read` and report what they
//! expected. No parser panics on any input (the `sysfs_text` and `cpu_events_text` fuzz targets
//! feed them arbitrary text).

/// The text of a fixture machine's PCI device file, for the parsers' tests:
/// `fixture!("rx580", "0000:09:00.0", "pp_od_clk_voltage")`.
#[cfg(test)]
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

pub mod dpm;
pub mod fdinfo;
pub mod features;
pub mod od;
pub mod partition;
pub mod pcie;
pub mod pmu;
pub mod policy;
pub mod profile;
pub mod ras;
pub mod version;
pub mod xgmi;

use std::fmt;

use crate::error::{Error, Status};

/// The most characters of the offending text a [`ParseError`] keeps.
const FOUND_MAX: usize = 80;

/// Why a kernel text did not parse: the line (1-based; 0 when the text as a whole is wrong, e.g.
/// a one-value attribute or a table without a required entry), what was expected there and what
/// was found (at most 80 characters of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    line: usize,
    expected: &'static str,
    found: String,
}

impl ParseError {
    /// An error on line `line` (1-based; 0 for the whole text): `expected` describes what
    /// should have been there, `found` is what was (cut to 80 characters).
    pub fn new(line: usize, expected: &'static str, found: &str) -> ParseError {
        let mut cut = found.chars();
        let mut shown: String = cut.by_ref().take(FOUND_MAX).collect();
        if cut.next().is_some() {
            shown.push_str("...");
        }
        ParseError { line, expected, found: shown }
    }

    /// An error about the text as a whole (line 0).
    pub fn whole(expected: &'static str, found: &str) -> ParseError {
        ParseError::new(0, expected, found)
    }

    /// The 1-based line the error is on; 0 when it is about the whole text.
    pub fn line(&self) -> usize {
        self.line
    }

    /// What was expected.
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// What was found instead (at most 80 characters, then `...`).
    pub fn found(&self) -> &str {
        &self.found
    }
}

impl fmt::Display for ParseError {
    /// ``line 3: expected `<level>: <clock>Mhz [*]`, found `3: fast` ``; without `line N: ` for
    /// the whole text. Control characters of the found text are escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        write!(f, "expected {}, found `{}`", self.expected, self.found.escape_debug())
    }
}

impl std::error::Error for ParseError {}

impl From<ParseError> for Error {
    /// UNEXPECTED_DATA with the error's text as detail; the I/O layer adds the path.
    fn from(err: ParseError) -> Error {
        Error::new(Status::UnexpectedData).with_detail(err.to_string())
    }
}

/// The result of a parser.
pub type Result<T> = std::result::Result<T, ParseError>;

/// The non-blank lines of a text with their 1-based numbers, whitespace and NUL padding trimmed.
pub(crate) fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim_matches(|c: char| c.is_whitespace() || c == '\0')))
        .filter(|(_, line)| !line.is_empty())
}

/// As [`numbered_lines`], NUL bytes also breaking lines: amdgpu emits some tables in chunks and
/// some kernels leave NUL runs between them, so a chunk after a NUL run keeps the number of the
/// line it is on.
pub(crate) fn chunked_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n')
        .enumerate()
        .flat_map(|(i, line)| line.split('\0').map(move |piece| (i + 1, piece.trim())))
        .filter(|(_, piece)| !piece.is_empty())
}

/// The text of a sysfs attribute: NUL padding and surrounding whitespace removed.
///
/// Some drivers (and captures of them) pad attribute files with NUL bytes up to a page;
/// those bytes are not part of the value. Returns `None` when the content is not UTF-8.
pub fn attribute_text(bytes: &[u8]) -> Option<&str> {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let head = bytes.get(..end)?;
    std::str::from_utf8(head).ok().map(str::trim)
}

/// An integer as the kernel prints a polled value (`"%d\n"`, `"%u\n"`, `"%llu\n"`): an optional
/// `-`, 1 to 18 digits, an optional newline, nothing else (and not `-0`). One pass over the bytes, for the
/// values a monitor reads again and again; `None` for any other bytes (padding, spaces, hex, 19
/// or more digits), which then take the general path ([`attribute_text`] and a text parser).
/// Where both accept the bytes they give the same value (a test compares them).
pub fn plain_integer(bytes: &[u8]) -> Option<i64> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let (negative, digits) = match body.strip_prefix(b"-") {
        Some(digits) => (true, digits),
        None => (false, body),
    };
    // 18 digits cannot overflow an i64.
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut value = 0i64;
    for &digit in digits {
        if !digit.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(digit - b'0');
    }
    // `-0` is left to the text parsers: 0 for a signed value, an error for an unsigned one.
    match negative {
        true if value == 0 => None,
        true => Some(-value),
        false => Some(value),
    }
}

/// What [`parse_u64`] expects.
const UNSIGNED: &str = "an unsigned integer (decimal or `0x` hex)";
/// What [`parse_hex_u64`] expects.
const HEX: &str = "a hexadecimal integer of at most 16 digits";

/// An unsigned integer as sysfs prints it: decimal, or hexadecimal with a `0x`/`0X` prefix.
pub fn parse_u64(text: &str) -> Result<u64> {
    let text = text.trim();
    let value = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => hex_digits(hex),
        None if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        None => None,
    };
    value.ok_or_else(|| ParseError::whole(UNSIGNED, text))
}

/// A hexadecimal integer with or without a `0x` prefix (e.g. `unique_id`, `946d7e1ef9b172dd`).
pub fn parse_hex_u64(text: &str) -> Result<u64> {
    let text = text.trim();
    hex_digits(text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text))
        .ok_or_else(|| ParseError::whole(HEX, text))
}

/// 1 to 16 hexadecimal digits, no prefix.
fn hex_digits(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(digits, 16).ok()
}

/// A decimal attribute of any integer type (signed ones too, e.g. `numa_node` -1).
pub fn parse_number<T: std::str::FromStr>(text: &str) -> Result<T> {
    text.parse().map_err(|_| ParseError::whole("a decimal integer in range", text))
}

/// A decimal word with up to three fraction digits in thousandths: `16.0` → 16000, `2.5` → 2500
/// (GT/s to MT/s). More fraction digits, signs or overflow give `None` (a word of a line: the
/// line's parser reports the error).
pub(crate) fn thousandths(word: &str) -> Option<u32> {
    let (whole, frac) = word.split_once('.').unwrap_or((word, ""));
    if whole.is_empty() || frac.len() > 3 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: String = frac.chars().chain("000".chars()).take(3).collect();
    whole.parse::<u32>().ok()?.checked_mul(1000)?.checked_add(frac.parse().ok()?)
}

/// The value of `KEY=value` in a `uevent` file, e.g. `DRIVER` or `PCI_SLOT_NAME`; `None` when
/// no line has the key (a lookup: lines of another shape are not an error).
pub fn uevent_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then_some(v.trim())
    })
}

/// A KFD `properties` file: one `name value` pair a line, values unsigned decimal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Properties {
    entries: Vec<(String, u64)>,
}

impl Properties {
    /// Parses `name value` lines (kfd_topology.c `node_show`, `iolink_show`, `kfd_cache_show`);
    /// blank lines are skipped.
    pub fn parse(text: &str) -> Result<Properties> {
        let mut entries = Vec::new();
        for (n, line) in numbered_lines(text) {
            let mut words = line.split_whitespace();
            let parsed = match (words.next(), words.next(), words.next()) {
                (Some(name), Some(value), None) => value.parse::<u64>().ok().map(|v| (name.to_owned(), v)),
                _ => None,
            };
            entries.push(parsed.ok_or_else(|| ParseError::new(n, "`<name> <unsigned decimal>`", line))?);
        }
        Ok(Properties { entries })
    }

    /// The value of the property `name`, if present.
    pub fn get(&self, name: &str) -> Option<u64> {
        self.entries.iter().find(|(k, _)| k == name).map(|&(_, v)| v)
    }
}

/// The fields AMD SMI reads of a KFD cache `properties` file (kfd_topology.c `kfd_cache_show`:
/// `processor_id_low`, `level`, `size` in KiB, ..., `type` as `HSA_CACHE_TYPE_*` bits,
/// `sibling_map` as `1,1,0,...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KfdCache {
    /// The cache level, 1 or more.
    pub level: u32,
    /// `HSA_CACHE_TYPE_*` bits (1 data, 2 instruction, 4 CPU, 8 SIMD), not 0.
    pub kind: u64,
    /// The size of one instance, KiB, 1 or more.
    pub size: u32,
    /// The compute units sharing one instance: the `1`s of `sibling_map` (0 without the line).
    pub shared: u32,
}

impl KfdCache {
    /// Parses a cache `properties` text; an error when `level`, `type` or `size` is missing (the
    /// whole text), or is not a positive decimal (in range of the field) on its line.
    pub fn parse(text: &str) -> Result<KfdCache> {
        let field = |key: &str| {
            text.lines().enumerate().find_map(|(i, l)| Some((i + 1, l, l.strip_prefix(key)?.strip_prefix(' ')?.trim())))
        };
        let positive = |key: &str, expected: &'static str| -> Result<u64> {
            let (n, line, value) = field(key).ok_or_else(|| ParseError::whole(expected, text))?;
            value.parse::<u64>().ok().filter(|&v| v > 0).ok_or_else(|| ParseError::new(n, expected, line))
        };
        let narrow = |key: &str, expected: &'static str| -> Result<u32> {
            let wide = positive(key, expected)?;
            u32::try_from(wide).map_err(|_| ParseError::whole(expected, text))
        };
        let level = narrow("level", "`level <1 to 2^32-1>`")?;
        let kind = positive("type", "`type <HSA cache type bits, not 0>`")?;
        let size = narrow("size", "`size <KiB, 1 to 2^32-1>`")?;
        let shared = field("sibling_map").map_or(0, |(_, _, map)| map.matches('1').count());
        Ok(KfdCache { level, kind, size, shared: u32::try_from(shared).unwrap_or(u32::MAX) })
    }
}

/// One or more unsigned decimals separated by whitespace, e.g. `enforce_isolation` (`0 0 1 0`:
/// one value per partition).
pub fn parse_u32_list(text: &str) -> Result<Vec<u32>> {
    let values: Option<Vec<u32>> = text.split_whitespace().map(|v| v.parse().ok()).collect();
    values
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ParseError::whole("one or more unsigned decimals separated by spaces", text.trim()))
}

/// What [`parse_cpulist`] expects.
const CPULIST: &str = "a CPU list such as `0-3,8` (ranges ascending, at most 65537 CPUs each)";

/// A kernel CPU list such as `0-95,192-287` (as in `local_cpulist` or a NUMA node's `cpulist`).
pub fn parse_cpulist(text: &str) -> Result<Vec<u32>> {
    let mut cpus = Vec::new();
    for part in text.trim().split(',').filter(|p| !p.is_empty()) {
        let bad = || ParseError::whole(CPULIST, text.trim());
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (a.parse::<u32>().map_err(|_| bad())?, b.parse::<u32>().map_err(|_| bad())?),
            None => {
                let cpu = part.parse::<u32>().map_err(|_| bad())?;
                (cpu, cpu)
            }
        };
        if last < first || last - first > 1 << 16 {
            return Err(bad());
        }
        cpus.extend(first..=last);
    }
    Ok(cpus)
}

/// The last number of a CPU list such as `/sys/devices/system/cpu/present` (`0-63`, `0,2-5`),
/// as E-SMI's `read_index` takes it.
pub fn last_index(text: &str) -> Result<u32> {
    let text = text.trim();
    let start = text.rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    text.get(start..)
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| ParseError::whole("a CPU list ending in a CPU number", text))
}

/// A CPU set as 64-bit mask words (CPU `n` is bit `n % 64` of word `n / 64`), as AMD SMI's
/// `cpu_set` array holds it.
pub fn cpu_mask(cpus: &[u32]) -> Vec<u64> {
    let words = cpus.iter().max().map_or(0, |&m| m as usize / 64 + 1);
    let mut mask = vec![0u64; words];
    for &cpu in cpus {
        if let Some(word) = mask.get_mut(cpu as usize / 64) {
            *word |= 1 << (cpu % 64);
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_integers_read_as_the_text_parsers_do() {
        // hwmon's temp2_input of mi300x-cpx, and the edges of the one-pass form.
        assert_eq!(plain_integer(b"42000\n"), Some(42_000));
        assert_eq!(plain_integer(b"-1\n"), Some(-1));
        assert_eq!(plain_integer(b"999999999999999999"), Some(999_999_999_999_999_999));
        for other in [
            &b""[..],
            b"\n",
            b"-",
            b"+5",
            b" 5",
            b"5 \n",
            b"0x10",
            b"5\0",
            b"1234567890123456789",
            b"5\n\n",
            b"-0",
            b"-00\n",
        ] {
            assert_eq!(plain_integer(other), None, "{other:?}");
        }
        // 100,000 texts of digits, signs, blanks, newlines, NULs and letters (a deterministic
        // xorshift): whenever the one pass takes one, the text parsers read the same value.
        const PIECES: [&[u8]; 10] = [b"0", b"7", b"42", b"9999999999", b"-", b"+", b" ", b"\n", b"\0", b"x"];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut taken = 0;
        for _ in 0..100_000 {
            let mut bytes = Vec::new();
            for _ in 0..(state % 6) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                bytes.extend_from_slice(PIECES[(state % 10) as usize]);
            }
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            if let Some(value) = plain_integer(&bytes) {
                let text = attribute_text(&bytes).unwrap();
                assert_eq!(parse_number::<i64>(text).ok(), Some(value), "{bytes:?}");
                assert_eq!(parse_u64(text).ok(), u64::try_from(value).ok(), "{bytes:?}");
                taken += 1;
            }
        }
        assert!(taken > 1000, "texts the one pass took: {taken}");
    }

    #[test]
    fn found_text_is_cut_and_escaped() {
        let err = ParseError::new(2, "`x`", &"é".repeat(100));
        assert_eq!(err.found().chars().count(), 83);
        assert!(err.found().ends_with("..."));
        assert_eq!(ParseError::whole("`x`", "a\tb").to_string(), "expected `x`, found `a\\tb`");
        let error = Error::from(ParseError::new(3, "`x`", "y"));
        assert_eq!((error.status(), error.detail()), (Status::UnexpectedData, Some("line 3: expected `x`, found `y`")));
    }

    #[test]
    fn attribute_text_strips_nul_padding_and_newline() {
        let mut padded = b"0x1002\n".to_vec();
        padded.resize(4096, 0);
        assert_eq!(attribute_text(&padded), Some("0x1002"));
        assert_eq!(attribute_text(b""), Some(""));
        assert_eq!(attribute_text(b"\xff\xfe"), None);
    }

    #[test]
    fn integers() {
        assert_eq!(parse_u64("0x73bf\n"), Ok(0x73bf));
        assert_eq!(parse_u64("128"), Ok(128));
        assert!(parse_u64("-1").is_err());
        assert!(parse_u64("").is_err());
        assert!(parse_u64("0x").is_err());
        assert!(parse_u64("18446744073709551616").is_err());
        assert_eq!(parse_hex_u64("946d7e1ef9b172dd"), Ok(0x946d_7e1e_f9b1_72dd));
        assert!(parse_hex_u64("0x00000000000000001").is_err());
        assert!(parse_hex_u64("xyz").is_err());
        assert_eq!(parse_number::<i32>("-1"), Ok(-1));
        assert_eq!(
            parse_u64("-1").unwrap_err().to_string(),
            "expected an unsigned integer (decimal or `0x` hex), found `-1`"
        );
    }

    #[test]
    fn uevent() {
        let text = "DRIVER=amdgpu\nPCI_SLOT_NAME=0000:0c:00.0\nMODALIAS=pci:v00001002";
        assert_eq!(uevent_value(text, "DRIVER"), Some("amdgpu"));
        assert_eq!(uevent_value(text, "PCI_SLOT_NAME"), Some("0000:0c:00.0"));
        assert_eq!(uevent_value(text, "PCI_ID"), None);
    }

    #[test]
    fn thousandths_of_words() {
        assert_eq!(thousandths("16.0"), Some(16000));
        assert_eq!(thousandths("2.5"), Some(2500));
        assert_eq!(thousandths("8"), Some(8000));
        assert_eq!(thousandths("1.2345"), None);
        assert_eq!(thousandths("-1.0"), None);
        assert_eq!(thousandths(".5"), None);
        assert_eq!(thousandths("4294968.0"), None);
    }

    #[test]
    fn kfd_caches() {
        let l1 = KfdCache::parse("level 1\nsize 16\ntype 9\nsibling_map 1,1,0\n").unwrap();
        assert_eq!(l1, KfdCache { level: 1, kind: 9, size: 16, shared: 2 });
        let err = KfdCache::parse("level 0\nsize 16\ntype 9\n").unwrap_err();
        assert_eq!(err.to_string(), "line 1: expected `level <1 to 2^32-1>`, found `level 0`");
        let err = KfdCache::parse("level 1\ntype 9\n").unwrap_err();
        assert_eq!((err.line(), err.expected()), (0, "`size <KiB, 1 to 2^32-1>`"));
        assert!(KfdCache::parse("level 4294967296\nsize 16\ntype 9\n").is_err());
    }

    #[test]
    fn u32_lists() {
        assert_eq!(parse_u32_list("0 0 1 0\n"), Ok(vec![0, 0, 1, 0]));
        assert_eq!(parse_u32_list("1"), Ok(vec![1]));
        assert!(parse_u32_list("").is_err());
        assert!(parse_u32_list("0 x").is_err());
    }

    #[test]
    fn cpulists() {
        assert_eq!(parse_cpulist("0-3,8\n"), Ok(vec![0, 1, 2, 3, 8]));
        assert_eq!(parse_cpulist(""), Ok(vec![]));
        assert!(parse_cpulist("3-1").is_err());
        assert!(parse_cpulist("0-99999999").is_err());
        assert!(parse_cpulist("a").is_err());
        assert_eq!(cpu_mask(&[0, 1, 65]), vec![0b11, 0b10]);
        assert_eq!(last_index("0-63\n"), Ok(63));
        assert_eq!(last_index("0,2-5"), Ok(5));
        assert_eq!(last_index("0"), Ok(0));
        assert!(last_index("").is_err());
        assert!(last_index("0-").is_err());
        assert_eq!(cpu_mask(&[]), Vec::<u64>::new());
    }

    #[test]
    fn properties() {
        let p = Properties::parse("simd_count 24\n\nlocation_id 25600\nunique_id 18446744073709551615\n").unwrap();
        assert_eq!(p.get("simd_count"), Some(24));
        assert_eq!(p.get("location_id"), Some(25600));
        assert_eq!(p.get("unique_id"), Some(u64::MAX));
        assert_eq!(p.get("domain"), None);
        assert!(Properties::parse("simd_count\n").unwrap_err().to_string().starts_with("line 1"));
        assert!(Properties::parse("a 1\nb -3\n").unwrap_err().to_string().starts_with("line 2"));
        assert!(Properties::parse("a 1 2\n").is_err());
        // A real KFD node with one line damaged.
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/machines/rx6900xt/sys/class/kfd/kfd/topology/nodes/1/properties"
        ));
        assert!(Properties::parse(text).unwrap().get("simd_count").is_some());
        let line = text.lines().position(|l| l.starts_with("simd_count")).unwrap() + 1;
        let err = Properties::parse(&text.replace("simd_count ", "simd_count -")).unwrap_err();
        assert_eq!((err.line(), err.expected()), (line, "`<name> <unsigned decimal>`"));
        assert!(err
            .to_string()
            .starts_with(&format!("line {line}: expected `<name> <unsigned decimal>`, found `simd_count -")));
    }
}

//! The recorded responder: a regular file standing in for a render node in a fixture root.
//!
//! The file is UTF-8 text, one record a line:
//!
//! ```text
//! # comment lines and blank lines are ignored
//! version <major>.<minor>.<patch> <name> <date> <desc, rest of the line>
//! info <query, hex with 0x> <arg, hex with 0x> <answer: the kernel struct's bytes as hex, no spaces, any length>
//! ```
//!
//! * `version` answers DRM_IOCTL_VERSION (at most one such line; without it the version query
//!   is NOT_SUPPORTED).
//! * Each `info` line answers DRM_AMDGPU_INFO for one (query, arg) pair (no pair twice); `arg`
//!   is the first u32 of the query union (e.g. the VBIOS sub-query type; 0 when unused). The
//!   answer is the kernel struct's bytes in memory order (little-endian), truncated to the size
//!   the caller asks for; a shorter answer is returned short (decoders then fail with
//!   UNEXPECTED_SIZE). A request with no matching line fails as the kernel fails an unsupported
//!   query: NOT_SUPPORTED.
//! * Anything else (unknown keyword, odd-length or non-hex answer, missing fields, numbers that
//!   do not fit) makes the whole file UNEXPECTED_DATA, reported with its path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{check_info_size, DrmTransport, DrmVersion};
use crate::error::{Error, Result, Status};
use crate::sysfs;

/// The parsed content of a recorded render node.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    /// The `version` line, if there is one.
    pub version: Option<DrmVersion>,
    /// The `info` lines: (query, arg) -> the answer's bytes (as many as recorded).
    pub info: BTreeMap<(u32, u32), Vec<u8>>,
}

/// Parses a recording. Any malformed line is UNEXPECTED_DATA with a detail naming the line
/// (1-based); never panics.
pub fn parse(text: &str) -> Result<Recording> {
    let mut rec = Recording::default();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: String| Error::new(Status::UnexpectedData).with_detail(format!("line {}: {what}", index + 1));
        let (keyword, rest) = split_token(line);
        match keyword {
            "version" => {
                if rec.version.is_some() {
                    return Err(bad("second version line".into()));
                }
                rec.version = Some(parse_version(rest).map_err(bad)?);
            }
            "info" => {
                let (key, answer) = parse_info(rest).map_err(bad)?;
                if rec.info.insert(key, answer).is_some() {
                    return Err(bad(format!("second answer for query 0x{:x} arg 0x{:x}", key.0, key.1)));
                }
            }
            other => return Err(bad(format!("unknown record {other:?}"))),
        }
    }
    Ok(rec)
}

/// The first whitespace-separated token of `s` and the rest (leading whitespace removed).
fn split_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.split_once(char::is_whitespace) {
        Some((token, rest)) => (token, rest.trim_start()),
        None => (s, ""),
    }
}

/// `<major>.<minor>.<patch> <name> <date> <desc...>`; desc may be empty.
fn parse_version(rest: &str) -> std::result::Result<DrmVersion, String> {
    let (numbers, rest) = split_token(rest);
    let (name, rest) = split_token(rest);
    let (date, desc) = split_token(rest);
    if numbers.is_empty() || name.is_empty() || date.is_empty() {
        return Err("version needs <major>.<minor>.<patch> <name> <date> [<desc>]".into());
    }
    let mut parts = numbers.split('.');
    let mut number = || -> std::result::Result<i32, String> {
        let part = parts.next().ok_or_else(|| format!("version {numbers:?} is not major.minor.patch"))?;
        parse_decimal_i32(part).ok_or_else(|| format!("version number {part:?} is not a decimal i32"))
    };
    let (major, minor, patch) = (number()?, number()?, number()?);
    if parts.next().is_some() {
        return Err(format!("version {numbers:?} is not major.minor.patch"));
    }
    Ok(DrmVersion { major, minor, patch, name: name.into(), date: date.into(), desc: desc.trim_end().into() })
}

/// `<query> <arg> <answer>`: two `0x` hex u32 and an even-length hex byte string.
fn parse_info(rest: &str) -> std::result::Result<((u32, u32), Vec<u8>), String> {
    let (query, rest) = split_token(rest);
    let (arg, rest) = split_token(rest);
    let (answer, extra) = split_token(rest);
    if answer.is_empty() {
        return Err("info needs <query> <arg> <answer hex>".into());
    }
    if !extra.is_empty() {
        return Err(format!("unexpected text after the answer: {extra:?}"));
    }
    let query = parse_hex_u32(query).ok_or_else(|| format!("query {query:?} is not a 0x hex u32"))?;
    let arg = parse_hex_u32(arg).ok_or_else(|| format!("arg {arg:?} is not a 0x hex u32"))?;
    let bytes = parse_hex_bytes(answer).ok_or_else(|| "answer is not an even number of hex digits".to_string())?;
    Ok(((query, arg), bytes))
}

/// A non-negative decimal i32 of ASCII digits only (no sign, no spaces).
fn parse_decimal_i32(s: &str) -> Option<i32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `0x` followed by 1-8 hex digits (no sign).
fn parse_hex_u32(s: &str) -> Option<u32> {
    let digits = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

/// Pairs of hex digits as bytes.
fn parse_hex_bytes(s: &str) -> Option<Vec<u8>> {
    fn nibble(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let digits = s.as_bytes();
    if digits.len() % 2 != 0 {
        return None;
    }
    digits.chunks_exact(2).map(|pair| Some((nibble(*pair.first()?)? << 4) | nibble(*pair.get(1)?)?)).collect()
}

/// The `version` line that answers DRM_IOCTL_VERSION with `v`.
pub fn version_line(v: &DrmVersion) -> String {
    let DrmVersion { major, minor, patch, name, date, desc } = v;
    format!("version {major}.{minor}.{patch} {name} {date} {desc}").trim_end().to_owned()
}

/// The `info` line that answers DRM_AMDGPU_INFO `query`/`arg` with `answer`.
pub fn info_line(query: u32, arg: u32, answer: &[u8]) -> String {
    let hex: String = answer.iter().map(|b| format!("{b:02x}")).collect();
    format!("{} {hex}", info_key(query, arg))
}

/// What an `info` line answers: `info <query> <arg>` (one line per pair).
fn info_key(query: u32, arg: u32) -> String {
    format!("info 0x{query:x} 0x{arg:x}")
}

/// A transport whose answers are noted, under a capture ([`sysfs::trace::capture`]), as the
/// lines of a recording that answers the same: `amd-smi capture` writes them as the render
/// node's stand-in.
pub(super) struct Noted {
    /// The render node.
    pub(super) path: PathBuf,
    /// The transport asked.
    pub(super) inner: Box<dyn DrmTransport>,
}

impl DrmTransport for Noted {
    fn version(&self) -> Result<DrmVersion> {
        let version = self.inner.version()?;
        let lines = sysfs::trace::line_stand_in;
        sysfs::trace::answer(&self.path, || "version".into(), || version_line(&version), lines);
        Ok(version)
    }

    fn amdgpu_info(&self, query: u32, arg: u32, size: usize) -> Result<Vec<u8>> {
        let answer = self.inner.amdgpu_info(query, arg, size)?;
        let lines = sysfs::trace::line_stand_in;
        sysfs::trace::answer(&self.path, || info_key(query, arg), || info_line(query, arg, &answer), lines);
        Ok(answer)
    }
}

/// A [`DrmTransport`] answering from a parsed recording.
#[derive(Debug)]
pub(super) struct RecordedTransport {
    path: PathBuf,
    recording: Recording,
}

impl RecordedTransport {
    /// Reads and parses the recording at `path` (UNEXPECTED_DATA with the path if it does not parse).
    pub(super) fn open(path: &Path) -> Result<RecordedTransport> {
        let text = sysfs::read_stream_text(path)?;
        let recording = parse(&text).map_err(|e| e.with_path(path))?;
        Ok(RecordedTransport { path: path.to_path_buf(), recording })
    }
}

impl DrmTransport for RecordedTransport {
    fn version(&self) -> Result<DrmVersion> {
        self.recording.version.clone().ok_or_else(|| {
            Error::new(Status::NotSupported).with_path(&self.path).with_detail("no recorded DRM_IOCTL_VERSION answer")
        })
    }

    fn amdgpu_info(&self, query: u32, arg: u32, size: usize) -> Result<Vec<u8>> {
        check_info_size(size)?;
        let answer = self.recording.info.get(&(query, arg)).ok_or_else(|| {
            Error::new(Status::NotSupported)
                .with_path(&self.path)
                .with_detail(format!("no recorded DRM_AMDGPU_INFO answer for query 0x{query:x} arg 0x{arg:x}"))
        })?;
        Ok(answer.iter().take(size).copied().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detail(text: &str) -> String {
        let err = parse(text).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedData, "{text:?}");
        err.detail().unwrap().to_string()
    }

    /// The lines a capture writes parse back to the same answers.
    #[test]
    fn noted_lines_parse_back() {
        let version = DrmVersion {
            major: 3,
            minor: 63,
            patch: 0,
            name: "amdgpu".into(),
            date: "20150101".into(),
            desc: "AMD GPU".into(),
        };
        let text = [version_line(&version), info_line(0x1b, 3, &[0x00, 0xbf, 0x73])].join("\n");
        assert_eq!(text, "version 3.63.0 amdgpu 20150101 AMD GPU\ninfo 0x1b 0x3 00bf73");
        let rec = parse(&text).unwrap();
        assert_eq!(rec.version, Some(version));
        assert_eq!(rec.info.get(&(0x1b, 3)), Some(&vec![0x00, 0xbf, 0x73]));
    }

    #[test]
    fn parses_good_recordings() {
        assert_eq!(parse("").unwrap(), Recording::default());
        assert_eq!(parse("\n  \n# only a comment\n\t# indented comment\n").unwrap(), Recording::default());
        let rec = parse(
            "# header\nversion 3.57.0 amdgpu 20150101 AMD GPU \ninfo 0x16 0x0 BF73aa\r\n\n  info 0X1b 0x3 00\ninfo 0x10 0xffffffff 0102030405060708\n",
        )
        .unwrap();
        assert_eq!(
            rec.version,
            Some(DrmVersion {
                major: 3,
                minor: 57,
                patch: 0,
                name: "amdgpu".into(),
                date: "20150101".into(),
                desc: "AMD GPU".into()
            })
        );
        assert_eq!(rec.info.len(), 3);
        assert_eq!(rec.info[&(0x16, 0)], vec![0xBF, 0x73, 0xAA]);
        assert_eq!(rec.info[&(0x1B, 3)], vec![0]);
        assert_eq!(rec.info[&(0x10, u32::MAX)], vec![1, 2, 3, 4, 5, 6, 7, 8]);
        // desc may be empty; many spaces between fields are fine
        let rec = parse("version   2.147483647.0   radeon   20080528").unwrap();
        assert_eq!(rec.version.unwrap().desc, "");
    }

    #[test]
    fn rejects_bad_recordings_without_panicking() {
        assert!(detail("info 0x10 0x0 001").contains("line 1"));
        assert!(detail("# c\n\ninfo 0x10 0x0 0g").contains("line 3"));
        detail("info 0x10 0x0 +1");
        detail("info 0x10 0x0 é1");
        detail("info 0x10 0x0");
        detail("info 0x10");
        detail("info");
        detail("info 0x10 0x0 00 extra");
        detail("info 16 0x0 00");
        detail("info 0x 0x0 00");
        detail("info 0x+1 0x0 00");
        detail("info 0x100000000 0x0 00");
        detail("info 0x10 0xffffffffffffffffffffff 00");
        detail("info 0x10 0x0 00\ninfo 0x10 0x0 11");
        detail("version");
        detail("version 3.57.0");
        detail("version 3.57.0 amdgpu");
        detail("version 3.57 amdgpu 20150101 AMD GPU");
        detail("version 3.57.0.1 amdgpu 20150101 AMD GPU");
        detail("version 3..0 amdgpu 20150101 AMD GPU");
        detail("version -3.57.0 amdgpu 20150101 AMD GPU");
        detail("version +3.57.0 amdgpu 20150101 AMD GPU");
        detail("version 3.2147483648.0 amdgpu 20150101 AMD GPU");
        detail("version 99999999999999999999999.0.0 amdgpu 20150101 AMD GPU");
        detail("version 3.57.0 amdgpu 20150101 x\nversion 3.57.0 amdgpu 20150101 x");
        detail("versions 3.57.0 amdgpu 20150101 x");
        detail("garbage");
        detail("\u{0}");
    }

    #[test]
    fn answers_are_truncated_to_the_requested_size() {
        let t = RecordedTransport {
            path: PathBuf::from("/r"),
            recording: parse("info 0x10 0x0 0102030405060708").unwrap(),
        };
        assert_eq!(t.amdgpu_info(0x10, 0, 3).unwrap(), vec![1, 2, 3]);
        assert_eq!(t.amdgpu_info(0x10, 0, 100).unwrap().len(), 8);
        let err = t.amdgpu_info(0x10, 1, 8).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(Path::new("/r")));
        assert_eq!(t.version().unwrap_err().status(), Status::NotSupported);
    }
}

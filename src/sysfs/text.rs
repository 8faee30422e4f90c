//! Pure parsers for sysfs text: they take `&str`/`&[u8]` and never touch the filesystem.

/// The text of a sysfs attribute: NUL padding and surrounding whitespace removed.
///
/// Some drivers (and captures of them) pad attribute files with NUL bytes up to a page;
/// those bytes are not part of the value. Returns `None` when the content is not UTF-8.
pub fn attribute_text(bytes: &[u8]) -> Option<&str> {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    let head = bytes.get(..end)?;
    std::str::from_utf8(head).ok().map(str::trim)
}

/// An unsigned integer as sysfs prints it: decimal, or hexadecimal with a `0x`/`0X` prefix.
pub fn parse_u64(text: &str) -> Option<u64> {
    let text = text.trim();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => parse_hex_u64(hex),
        None if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
        None => None,
    }
}

/// A hexadecimal integer with or without a `0x` prefix (e.g. `unique_id`, `946d7e1ef9b172dd`).
pub fn parse_hex_u64(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")).unwrap_or(text);
    if digits.is_empty() || digits.len() > 16 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(digits, 16).ok()
}

/// A decimal with up to three fraction digits in thousandths: `16.0` → 16000, `2.5` → 2500
/// (GT/s to MT/s). More fraction digits, signs or overflow give `None`.
pub fn parse_thousandths(text: &str) -> Option<u32> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || frac.len() > 3 || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac: String = frac.chars().chain("000".chars()).take(3).collect();
    whole.parse::<u32>().ok()?.checked_mul(1000)?.checked_add(frac.parse().ok()?)
}

/// The value of `KEY=value` in a `uevent` file, e.g. `DRIVER` or `PCI_SLOT_NAME`.
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
    /// Parses `name value` lines; blank lines are skipped. A malformed line is an error
    /// naming its 1-based number.
    pub fn parse(text: &str) -> Result<Properties, String> {
        let mut entries = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\0');
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let parsed = match (words.next(), words.next(), words.next()) {
                (Some(name), Some(value), None) => value.parse::<u64>().ok().map(|v| (name.to_owned(), v)),
                _ => None,
            };
            match parsed {
                Some(entry) => entries.push(entry),
                None => return Err(format!("line {}: expected `name value`, found {line:?}", n + 1)),
            }
        }
        Ok(Properties { entries })
    }

    /// The value of the property `name`, if present.
    pub fn get(&self, name: &str) -> Option<u64> {
        self.entries.iter().find(|(k, _)| k == name).map(|&(_, v)| v)
    }
}

/// A kernel CPU list such as `0-95,192-287` (as in `local_cpulist` or a NUMA node's `cpulist`).
pub fn parse_cpulist(text: &str) -> Option<Vec<u32>> {
    let mut cpus = Vec::new();
    for part in text.trim().split(',').filter(|p| !p.is_empty()) {
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?),
            None => {
                let cpu = part.parse::<u32>().ok()?;
                (cpu, cpu)
            }
        };
        if last < first || last - first > 1 << 16 {
            return None;
        }
        cpus.extend(first..=last);
    }
    Some(cpus)
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
    fn attribute_text_strips_nul_padding_and_newline() {
        let mut padded = b"0x1002\n".to_vec();
        padded.resize(4096, 0);
        assert_eq!(attribute_text(&padded), Some("0x1002"));
        assert_eq!(attribute_text(b""), Some(""));
        assert_eq!(attribute_text(b"\xff\xfe"), None);
    }

    #[test]
    fn integers() {
        assert_eq!(parse_u64("0x73bf\n"), Some(0x73bf));
        assert_eq!(parse_u64("128"), Some(128));
        assert_eq!(parse_u64("-1"), None);
        assert_eq!(parse_u64(""), None);
        assert_eq!(parse_u64("0x"), None);
        assert_eq!(parse_u64("18446744073709551616"), None);
        assert_eq!(parse_hex_u64("946d7e1ef9b172dd"), Some(0x946d_7e1e_f9b1_72dd));
        assert_eq!(parse_hex_u64("0x00000000000000001"), None);
        assert_eq!(parse_hex_u64("xyz"), None);
    }

    #[test]
    fn uevent() {
        let text = "DRIVER=amdgpu\nPCI_SLOT_NAME=0000:0c:00.0\nMODALIAS=pci:v00001002";
        assert_eq!(uevent_value(text, "DRIVER"), Some("amdgpu"));
        assert_eq!(uevent_value(text, "PCI_SLOT_NAME"), Some("0000:0c:00.0"));
        assert_eq!(uevent_value(text, "PCI_ID"), None);
    }

    #[test]
    fn thousandths() {
        assert_eq!(parse_thousandths("16.0"), Some(16000));
        assert_eq!(parse_thousandths("2.5"), Some(2500));
        assert_eq!(parse_thousandths("8"), Some(8000));
        assert_eq!(parse_thousandths("1.2345"), None);
        assert_eq!(parse_thousandths("-1.0"), None);
        assert_eq!(parse_thousandths(".5"), None);
        assert_eq!(parse_thousandths("4294968.0"), None);
    }

    #[test]
    fn cpulists() {
        assert_eq!(parse_cpulist("0-3,8\n"), Some(vec![0, 1, 2, 3, 8]));
        assert_eq!(parse_cpulist(""), Some(vec![]));
        assert_eq!(parse_cpulist("3-1"), None);
        assert_eq!(parse_cpulist("0-99999999"), None);
        assert_eq!(parse_cpulist("a"), None);
        assert_eq!(cpu_mask(&[0, 1, 65]), vec![0b11, 0b10]);
        assert_eq!(cpu_mask(&[]), Vec::<u64>::new());
    }

    #[test]
    fn properties() {
        let p = Properties::parse("simd_count 24\n\nlocation_id 25600\nunique_id 18446744073709551615\n").unwrap();
        assert_eq!(p.get("simd_count"), Some(24));
        assert_eq!(p.get("location_id"), Some(25600));
        assert_eq!(p.get("unique_id"), Some(u64::MAX));
        assert_eq!(p.get("domain"), None);
        assert!(Properties::parse("simd_count\n").unwrap_err().starts_with("line 1"));
        assert!(Properties::parse("a 1\nb -3\n").unwrap_err().starts_with("line 2"));
        assert!(Properties::parse("a 1 2\n").is_err());
    }
}

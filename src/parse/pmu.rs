//! A perf PMU's sysfs description (`/sys/bus/event_source/devices/<pmu>/`, as
//! Documentation/ABI/testing/sysfs-bus-event_source-devices-{events,format} define it): an event
//! file (`events/<name>`, e.g. `event=0x7,instance=0x46,umask=0x2,type=0x2`, amdgpu_pmu.c), a
//! format file (`format/<field>`, e.g. `config:0-7`), and the `perf_event_attr.config` they encode
//! together (each term's value shifted to its field's first bit).

use super::{ParseError, Result};

/// Where a format field sits in `perf_event_attr.config`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormatField {
    /// The field's lowest bit (0..=63).
    pub start: u32,
    /// The field's width in bits (1..=64 - start).
    pub width: u32,
}

/// An event file's terms, `name=value` separated by commas (values `0x` hex or decimal; a bare
/// name means 1, as perf reads it). Anything else (empty terms, bad numbers) is an error naming
/// the term.
pub fn parse_event_spec(text: &str) -> Result<Vec<(String, u64)>> {
    text.trim()
        .split(',')
        .map(|term| {
            let (name, value) = term.split_once('=').unwrap_or((term, "1"));
            let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            valid.then(|| parse_number(value)).flatten().map(|v| (name.to_owned(), v)).ok_or_else(|| {
                ParseError::whole("event terms `<name>[=<0x hex or decimal>]` separated by commas", term)
            })
        })
        .collect()
}

/// `0x` hex or decimal, ASCII digits only.
fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => u64::from_str_radix(hex, 16).ok(),
        Some(_) => None,
        None if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        None => None,
    }
}

/// A format file: `config:<first>-<last>` or `config:<bit>`. Fields in `config1`/`config2` or
/// split over several ranges are not used by amdgpu and are errors.
pub fn parse_format(text: &str) -> Result<FormatField> {
    let bit = |s: &str| -> Option<u32> { s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok()).flatten() };
    let field = text.trim().strip_prefix("config:").and_then(|bits| {
        let (first, last) = match bits.split_once('-') {
            Some((first, last)) => (bit(first)?, bit(last)?),
            None => (bit(bits)?, bit(bits)?),
        };
        (first <= last && last < 64).then(|| FormatField { start: first, width: last - first + 1 })
    });
    field.ok_or_else(|| {
        ParseError::whole("`config:<first bit>-<last bit>` or `config:<bit>` within bits 0-63", text.trim())
    })
}

/// The `config` of an event: every term's value at its field. `format(name)` gives a term's
/// field; an error names the term that has no field or whose value does not fit it.
pub fn encode_config(
    terms: &[(String, u64)],
    mut format: impl FnMut(&str) -> Option<FormatField>,
) -> std::result::Result<u64, String> {
    terms.iter().try_fold(0u64, |config, (name, value)| {
        let field = format(name).ok_or_else(|| format!("no usable format for term {name:?}"))?;
        let fits = field.width >= 64 || value >> field.width == 0;
        if !fits {
            return Err(format!("{name}={value:#x} does not fit {} bits", field.width));
        }
        Ok(config | value << field.start)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(name: &str) -> Option<FormatField> {
        match name {
            "event" => parse_format("config:0-7\n").ok(),
            "instance" => parse_format("config:8-15").ok(),
            "umask" => parse_format("config:16-23").ok(),
            "type" => parse_format("config:56-63").ok(),
            "edge" => parse_format("config:24").ok(),
            _ => None,
        }
    }

    #[test]
    fn kernel_event_files_encode() {
        // amdgpu_df_<N> (Vega20): cake0_ftiinstat_reqalloc.
        let terms = parse_event_spec("event=0xb,instance=0x46,umask=0x4\n").unwrap();
        assert_eq!(terms, [("event".into(), 0xb), ("instance".into(), 0x46), ("umask".into(), 0x4)]);
        assert_eq!(encode_config(&terms, formats), Ok(0x04_46_0b));
        // amdgpu_<N> (Arcturus): xgmi_link5_data_outbound, with the type term the kernel appends.
        let terms = parse_event_spec("event=0x7,instance=0x50,umask=0x2,type=0x2").unwrap();
        assert_eq!(encode_config(&terms, formats), Ok(0x0200_0000_0002_5007));
        let terms = parse_event_spec("event=7,edge").unwrap();
        assert_eq!(encode_config(&terms, formats), Ok((1 << 24) | 7));
    }

    #[test]
    fn format_files() {
        assert_eq!(parse_format("config:0-63"), Ok(FormatField { start: 0, width: 64 }));
        assert_eq!(parse_format("config:5"), Ok(FormatField { start: 5, width: 1 }));
        for bad in
            ["config:7-0", "config:0-64", "config1:0-7", "config:0-3,8-11", "config:", "config:a-b", "config:-1", ""]
        {
            assert!(parse_format(bad).is_err(), "{bad:?}");
        }
        let all = FormatField { start: 0, width: 64 };
        assert_eq!(encode_config(&[("x".into(), u64::MAX)], |_| Some(all)), Ok(u64::MAX));
    }

    #[test]
    fn bad_specs_and_values() {
        for bad in [
            "",
            "event=",
            "event=0x",
            "event=0xg",
            "=1",
            "event=1,,umask=2",
            "ev ent=1",
            "event=-1",
            "event=99999999999999999999",
        ] {
            assert!(parse_event_spec(bad).is_err(), "{bad:?}");
        }
        let terms = parse_event_spec("event=0x100").unwrap();
        assert!(encode_config(&terms, formats).unwrap_err().contains("does not fit 8 bits"));
        let terms = parse_event_spec("event=1,bogus=1").unwrap();
        assert!(encode_config(&terms, formats).unwrap_err().contains("bogus"));
    }
}

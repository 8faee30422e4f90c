//! The RAS files of a GPU's `ras/` directory (amdgpu_ras.c): `<block>_err_count`
//! (`amdgpu_ras_sysfs_read`: `ue: %lu`, `ce: %lu`, and `de: %lu` where deferred errors are
//! counted), `features` (`feature mask: 0x%x`), `version` (`table version: 0x%x`), `schema`
//! (`schema: 0x%x`) and `gpu_vram_bad_pages` (amdgpu_ras.c `amdgpu_ras_sysfs_badpages_read`:
//! `0x%08x : 0x%08x : %1s` per retired page).

use super::{numbered_lines, ParseError, Result};
use crate::gpu::ras::{AmdSmiMemoryPageStatus, EccCount, RetiredPage};

/// What an error-count line looks like.
const COUNT_LINE: &str = "`ue: <count>`, `ce: <count>` or `de: <count>`, each once";
/// What an error-count file must hold.
const COUNTS: &str = "both a `ue: <count>` and a `ce: <count>` line";
/// What a bad-page line looks like.
const PAGE_LINE: &str = "`0x<page> : 0x<size> : <R|P|F>`";
/// What a one-line hex attribute looks like.
const PREFIXED_HEX: &str = "the file's label and a `0x` hexadecimal value in range (`feature mask: 0x8f`)";

/// Parses a `<block>_err_count` file: `ue: N`, `ce: N` and an optional `de: N` line. The kernel's
/// "Query currently inaccessible" is an error here too: the caller tells it apart first.
pub fn parse_err_count(text: &str) -> Result<EccCount> {
    let (mut ue, mut ce, mut de) = (None, None, None);
    for (n, line) in numbered_lines(text) {
        let bad = || ParseError::new(n, COUNT_LINE, line);
        let (key, value) = line.split_once(':').ok_or_else(bad)?;
        let value = value.trim();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let slot = match key.trim() {
            "ue" => &mut ue,
            "ce" => &mut ce,
            "de" => &mut de,
            _ => return Err(bad()),
        };
        if slot.replace(value.parse::<u64>().map_err(|_| bad())?).is_some() {
            return Err(bad());
        }
    }
    match (ue, ce) {
        (Some(ue), Some(ce)) => {
            Ok(EccCount { uncorrectable_count: ue, correctable_count: ce, deferred_count: de.unwrap_or(0) })
        }
        _ => Err(ParseError::whole(COUNTS, text.trim())),
    }
}

/// A number the kernel prints with `0x%x`: the `0x` prefix is required.
fn hex_0x(field: &str) -> Option<u64> {
    let digits = field.strip_prefix("0x")?;
    if digits.starts_with(['x', 'X']) {
        return None;
    }
    super::parse_hex_u64(digits).ok()
}

/// The hex number after `prefix` on a one-line attribute (`feature mask: 0x8f`, `schema: 0xf`),
/// in the type the caller keeps it in.
pub fn parse_prefixed_hex<T: TryFrom<u64>>(text: &str, prefix: &str) -> Result<T> {
    let value = text.trim().strip_prefix(prefix).and_then(|rest| hex_0x(rest.trim()));
    value.and_then(|v| T::try_from(v).ok()).ok_or_else(|| ParseError::whole(PREFIXED_HEX, text.trim()))
}

/// Parses `gpu_vram_bad_pages`: one `0x<pfn> : 0x<size> : <R|P|F>` line per page, blank lines
/// ignored.
pub fn parse_bad_pages(text: &str) -> Result<Vec<RetiredPage>> {
    let mut pages = Vec::new();
    for (n, line) in numbered_lines(text) {
        let mut fields = line.split(':').map(str::trim);
        let page = match (fields.next(), fields.next(), fields.next(), fields.next()) {
            (Some(pfn), Some(size), Some(flag), None) => (|| {
                Some(RetiredPage {
                    value: u32::try_from(pages.len()).ok()?,
                    page_address: hex_0x(pfn)?,
                    page_size: hex_0x(size)?,
                    status: AmdSmiMemoryPageStatus::from_flag(flag)?,
                })
            })(),
            _ => None,
        };
        pages.push(page.ok_or_else(|| ParseError::new(n, PAGE_LINE, line))?);
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn err_count_formats() {
        let two = parse_err_count("ue: 1\nce: 22\n").unwrap();
        assert_eq!(two, EccCount { correctable_count: 22, uncorrectable_count: 1, deferred_count: 0 });
        let three = parse_err_count("ue: 0\nce: 12\nde: 3\n").unwrap();
        assert_eq!(three, EccCount { correctable_count: 12, uncorrectable_count: 0, deferred_count: 3 });
        for bad in ["", "ue: 1\n", "ce: 1\n", "ue: 1\nce: x\n", "ue: 1\nce: 2\nxx: 3\n", "ue: 1\nue: 2\nce: 0\n"] {
            assert!(parse_err_count(bad).is_err(), "{bad:?}");
        }
        assert!(parse_err_count("Query currently inaccessible\n").is_err());
        assert!(parse_err_count("ue: 99999999999999999999\nce: 0\n").is_err());
    }

    #[test]
    fn feature_mask_and_bad_pages() {
        assert_eq!(parse_prefixed_hex::<u64>("feature mask: 0x1808f\n", "feature mask:"), Ok(0x1808f));
        assert_eq!(parse_prefixed_hex::<u32>("table version: 0x21000", "table version:"), Ok(0x21000));
        assert!(parse_prefixed_hex::<u64>("feature mask: 8f", "feature mask:").is_err());
        assert!(parse_prefixed_hex::<u64>("schema: 0xf", "feature mask:").is_err());
        assert!(parse_prefixed_hex::<u32>("schema: 0x100000000", "schema:").is_err());
        let pages = parse_bad_pages("0x00012345 : 0x00001000 : R\n0x00000002 : 0x00001000 : P\n").unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[1],
            RetiredPage { value: 1, page_address: 2, page_size: 0x1000, status: AmdSmiMemoryPageStatus::Pending }
        );
        assert_eq!(parse_bad_pages("").unwrap(), []);
        for bad in ["0x1 : 0x1000 : X\n", "0x1 : 0x1000\n", "1 : 0x1000 : R\n", "0x1 : 0x1000 : R : R\n"] {
            assert!(parse_bad_pages(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ras_errors_name_the_line_and_the_expectation() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines/mi210-xgmi/sys/bus/pci/devices/0000:26:00.0");
        let text = std::fs::read_to_string(format!("{dir}/ras/umc_err_count")).unwrap();
        assert_eq!(parse_err_count(&text), Ok(EccCount::default()));
        let err = parse_err_count(&text.replace("ce: 0", "ce: -1")).unwrap_err();
        assert_eq!((err.line(), err.expected(), err.found()), (2, COUNT_LINE, "ce: -1"));
        assert_eq!(
            err.to_string(),
            "line 2: expected `ue: <count>`, `ce: <count>` or `de: <count>`, each once, found `ce: -1`"
        );
        let err = parse_err_count(&text.replace("ce: 0\n", "")).unwrap_err();
        assert_eq!(err.to_string(), format!("expected {COUNTS}, found `ue: 0`"));
        let err = parse_bad_pages("0x00012345 : 0x00001000 : R\n\n0x00000002 : 0x1000 : Q\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 3: expected `0x<page> : 0x<size> : <R|P|F>`, found `0x00000002 : 0x1000 : Q`"
        );
    }
}

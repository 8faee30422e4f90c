//! The `pp_dpm_*` DPM level tables (`pp_dpm_sclk`, `pp_dpm_mclk`, `pp_dpm_pcie`, ...), as
//! amdgpu_pm.c `amdgpu_get_pp_dpm_clock` and the SMU `print_clk_levels` handlers print them.
//!
//! Lines look like `1: 2660Mhz *` (the `*` marks the current level), `S: 19Mhz` (the deep-sleep
//! clock, not a level), or for PCIe `1: 16.0GT/s, x16 619Mhz *`. The unit's spelling varies
//! (`Mhz`, `MHz`, `mhz`); files may be NUL-padded or end with a blank line.

use super::{numbered_lines, thousandths, ParseError, Result};

/// One DPM level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DpmLevel {
    /// The clock, MHz (for PCIe: the link clock, when the line gives one).
    pub mhz: Option<u32>,
    /// PCIe transfer rate, MT/s (`16.0GT/s` → 16000).
    pub transfer_mts: Option<u32>,
    /// PCIe lanes (`x16` → 16).
    pub lanes: Option<u32>,
}

/// A parsed `pp_dpm_*` table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DpmTable {
    /// The levels, in file order.
    pub levels: Vec<DpmLevel>,
    /// Index of the level marked `*`, if a level is.
    pub current: Option<usize>,
    /// The deep-sleep clock of the `S:` line, MHz.
    pub deep_sleep_mhz: Option<u32>,
    /// Whether the deep-sleep line is the one marked current (the GPU is asleep).
    pub sleeping: bool,
}

/// What a level line looks like.
const LEVEL: &str = "`<level>: <clock>Mhz [*]` or `<level>: <rate>GT/s, x<lanes> [<clock>Mhz] [*]`";
/// What the deep-sleep line looks like.
const DEEP_SLEEP: &str = "`S: <clock>Mhz [*]`";

/// `2660Mhz` / `2660MHz` → 2660.
pub(crate) fn mhz(word: &str) -> Option<u32> {
    let split = word.len().checked_sub(3)?;
    let (number, unit) = (word.get(..split)?, word.get(split..)?);
    unit.eq_ignore_ascii_case("mhz").then(|| number.parse().ok()).flatten()
}

/// `16.0GT/s` (or `16.0GT/s,`) → 16000 MT/s.
fn mts(word: &str) -> Option<u32> {
    thousandths(word.trim_end_matches(',').strip_suffix("GT/s")?)
}

/// One level line without its `*` mark: `["2660Mhz"]` or `["16.0GT/s,", "x16", "619Mhz"]`.
fn level(words: &[&str]) -> Option<DpmLevel> {
    Some(match words {
        [clock] => DpmLevel { mhz: Some(mhz(clock)?), transfer_mts: None, lanes: None },
        [rate, lanes, clock @ ..] if clock.len() <= 1 => DpmLevel {
            mhz: match clock {
                [c] => Some(mhz(c)?),
                _ => None,
            },
            transfer_mts: Some(mts(rate)?),
            lanes: Some(lanes.strip_prefix('x')?.parse().ok()?),
        },
        _ => return None,
    })
}

/// The common level line `<level>: <clock>Mhz [*]` read byte by byte (the general path below
/// reads every form, this one the form a monitor polls, without splitting): the clock, MHz, and
/// whether the line is marked current. `None` for any other form.
fn clock_line(b: &[u8]) -> Option<(u32, bool)> {
    let mut at = 0;
    let number = |at: &mut usize| {
        let start = *at;
        let mut value: u32 = 0;
        while let Some(d) = b.get(*at).filter(|c| c.is_ascii_digit()) {
            value = value.checked_mul(10)?.checked_add(u32::from(d - b'0'))?;
            *at += 1;
        }
        (*at > start).then_some(value)
    };
    let spaces = |at: &mut usize| {
        let start = *at;
        while b.get(*at).is_some_and(u8::is_ascii_whitespace) {
            *at += 1;
        }
        *at > start
    };
    number(&mut at)?;
    spaces(&mut at);
    (b.get(at) == Some(&b':')).then_some(())?;
    at += 1;
    spaces(&mut at);
    let mhz = number(&mut at)?;
    b.get(at..at + 3).filter(|unit| unit.eq_ignore_ascii_case(b"mhz"))?;
    at += 3;
    let marked = spaces(&mut at) && b.get(at) == Some(&b'*');
    if marked {
        at += 1;
        spaces(&mut at);
    }
    (at == b.len()).then_some((mhz, marked))
}

/// One line of a `pp_dpm_*` table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DpmLine {
    /// A level, and whether it is marked current (`*`).
    Level(DpmLevel, bool),
    /// The deep-sleep clock of an `S:` line, MHz, and whether it is marked current.
    DeepSleep(u32, bool),
}

/// The non-blank lines of `text` as bytes, NUL padding and surrounding ASCII whitespace removed
/// (the lines [`numbered_lines`] gives, for ASCII text).
fn byte_lines(text: &str) -> impl Iterator<Item = &[u8]> {
    let pad = |c: &u8| c.is_ascii_whitespace() || *c == 0;
    text.as_bytes()
        .split(|&c| c == b'\n')
        .map(move |line| {
            let start = line.iter().position(|c| !pad(c)).unwrap_or(line.len());
            let end = line.iter().rposition(|c| !pad(c)).map_or(start, |i| i + 1);
            line.get(start..end).unwrap_or_default()
        })
        .filter(|line| !line.is_empty())
}

/// Every line of a `pp_dpm_*` text, in order, passed to `visit`; an error names the first line
/// that is not a level line (the lines before it were visited). A table of plain clock lines (the
/// form a monitor polls) is read with a byte scan ([`clock_line`]), any other by the general
/// path, which reads every form.
pub fn visit(text: &str, mut visit: impl FnMut(DpmLine)) -> Result<()> {
    if byte_lines(text).all(|line| clock_line(line).is_some()) {
        for (mhz, marked) in byte_lines(text).filter_map(clock_line) {
            visit(DpmLine::Level(DpmLevel { mhz: Some(mhz), transfer_mts: None, lanes: None }, marked));
        }
        return Ok(());
    }
    for (n, line) in numbered_lines(text) {
        let bad = |expected| ParseError::new(n, expected, line);
        let (label, rest) = line.split_once(':').ok_or_else(|| bad(LEVEL))?;
        // At most 4 words (`16.0GT/s, x16 619Mhz *`); a fifth makes the line no level line.
        let mut all = [""; 5];
        let count = all.iter_mut().zip(rest.split_whitespace()).map(|(slot, word)| *slot = word).count();
        let marked = count > 0 && all[count - 1] == "*";
        let words = all.get(..count - usize::from(marked)).unwrap_or_default();
        if label.trim() == "S" {
            visit(DpmLine::DeepSleep(words.first().and_then(|w| mhz(w)).ok_or_else(|| bad(DEEP_SLEEP))?, marked));
            continue;
        }
        label.trim().parse::<u32>().map_err(|_| bad(LEVEL))?;
        visit(DpmLine::Level(level(words).filter(|_| count < all.len()).ok_or_else(|| bad(LEVEL))?, marked));
    }
    Ok(())
}

/// Parses a `pp_dpm_*` text ([`visit`]); an error names the first line that is not a level line.
pub fn parse(text: &str) -> Result<DpmTable> {
    let mut table = DpmTable::default();
    visit(text, |line| match line {
        DpmLine::DeepSleep(mhz, marked) => {
            table.deep_sleep_mhz = Some(mhz);
            table.sleeping |= marked;
        }
        DpmLine::Level(level, marked) => {
            if marked {
                table.current = Some(table.levels.len());
            }
            table.levels.push(level);
        }
    })?;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        let t = parse("0: 500Mhz *\n1: 2660Mhz \n").unwrap();
        assert_eq!(t.levels.iter().map(|l| l.mhz).collect::<Vec<_>>(), [Some(500), Some(2660)]);
        assert_eq!((t.current, t.deep_sleep_mhz), (Some(0), None));
        let t = parse("S: 19MHz *\n0: 500mhz\n1: 800Mhz\n\0\0").unwrap();
        assert_eq!((t.current, t.deep_sleep_mhz, t.sleeping), (None, Some(19), true));
        assert_eq!(t.levels.len(), 2);
        assert_eq!(parse("").unwrap(), DpmTable::default());
    }

    #[test]
    fn the_common_line_reads_as_the_general_path_does() {
        for line in ["0: 500Mhz *", "1: 2660Mhz", "2 :  2100MHZ   *  ", "7: 0mhz", "3: 4294967295Mhz"] {
            let fast = clock_line(line.as_bytes()).unwrap();
            let (label, rest) = line.split_once(':').unwrap();
            assert!(label.trim().parse::<u32>().is_ok(), "{line}");
            let words: Vec<&str> = rest.split_whitespace().collect();
            assert_eq!((mhz(words[0]), words.get(1) == Some(&"*")), (Some(fast.0), fast.1), "{line}");
        }
        // Other forms go the general way (and the general parser decides).
        for line in
            ["0: 500Mhz*", "0: 500 Mhz", "+0: 500Mhz", "0: +500Mhz", "S: 19Mhz", "0: 4294967296Mhz", "0: 500Mhz * x"]
        {
            assert_eq!(clock_line(line.as_bytes()), None, "{line}");
        }
        assert!(parse("0: 500Mhz*").is_err());
        // A whole table of common lines (NUL padding, a blank line, CRLF) has the lines
        // `numbered_lines` gives.
        let text = "0: 500Mhz\n\n1: 1433Mhz *\r\n2: 2100Mhz\n\0\0";
        let general: Vec<&[u8]> = numbered_lines(text).map(|(_, l)| l.as_bytes()).collect();
        assert_eq!(byte_lines(text).collect::<Vec<_>>(), general);
        let t = parse(text).unwrap();
        assert_eq!(t.levels.iter().map(|l| l.mhz).collect::<Vec<_>>(), [Some(500), Some(1433), Some(2100)]);
        assert_eq!(t.current, Some(1));
        // One line of another form: the general path reads them all.
        let mut lines = Vec::new();
        visit("0: 500Mhz\nS: 19Mhz *", |l| lines.push(l)).unwrap();
        assert_eq!(lines[1], DpmLine::DeepSleep(19, true));
        assert_eq!(parse("+0: +500Mhz *").unwrap().levels[0].mhz, Some(500));
    }

    #[test]
    fn pcie() {
        let t = parse("0: 2.5GT/s, x1 310Mhz \n1: 16.0GT/s, x16 619Mhz *\n").unwrap();
        assert_eq!(t.levels[1], DpmLevel { mhz: Some(619), transfer_mts: Some(16000), lanes: Some(16) });
        assert_eq!(t.levels[0].transfer_mts, Some(2500));
        let t = parse("0: 2.5GT/s, x8 \n1: 8.0GT/s, x16 *\n").unwrap();
        assert_eq!(t.levels[1], DpmLevel { mhz: None, transfer_mts: Some(8000), lanes: Some(16) });
        assert_eq!(t.current, Some(1));
    }

    #[test]
    fn garbage() {
        for bad in ["0: fast", "x: 500Mhz", "0:", "0: 500", "garbage", "0: 2.5GT/s, 16 *", "0: 99999999999Mhz"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn errors_name_the_line_and_the_expectation() {
        let text = fixture!("rx580", "0000:09:00.0", "pp_dpm_sclk");
        assert_eq!(parse(text).unwrap().levels.len(), 8);
        let err = parse(&text.replace("1145Mhz", "fast")).unwrap_err();
        assert_eq!((err.line(), err.expected(), err.found()), (4, LEVEL, "3: fast"));
        assert_eq!(
            err.to_string(),
            "line 4: expected `<level>: <clock>Mhz [*]` or `<level>: <rate>GT/s, x<lanes> [<clock>Mhz] [*]`, \
             found `3: fast`"
        );
        // The NUL padding after the PCIe levels is not a line.
        let pcie = fixture!("rx6900xt", "0000:0c:00.0", "pp_dpm_pcie");
        let err = parse(&pcie.replace("x16", "16")).unwrap_err();
        assert_eq!((err.line(), err.found()), (2, "1: 16.0GT/s, 16 619Mhz *"));
        let err = parse("S: deep\n0: 500Mhz\n").unwrap_err();
        assert_eq!((err.line(), err.expected()), (1, DEEP_SLEEP));
    }
}

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

/// One line of a `pp_dpm_*` table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DpmLine {
    /// A level, and whether it is marked current (`*`).
    Level(DpmLevel, bool),
    /// The deep-sleep clock of an `S:` line, MHz, and whether it is marked current.
    DeepSleep(u32, bool),
}

/// Most plain levels [`plain_levels`] reads (SMU DPM tables have at most 16).
const MAX_PLAIN: usize = 16;

/// A table of plain clock lines only — `<level>: <clock>Mhz [*]`, blank lines between them,
/// up to the end or a NUL at the start of a line — read into `out` in one pass over the bytes (the form a monitor polls; the
/// general path reads every form, a line at a time): the number of levels, or `None` for a line
/// of any other form or more levels than `out` holds. Within a line only ASCII blanks separate
/// words (anything else goes the general way).
fn plain_levels(text: &[u8], out: &mut [(u32, bool)]) -> Option<usize> {
    let mut scan = Scan { text, at: 0 };
    let mut count = 0;
    loop {
        scan.skip(|c| is_blank(c) || c == b'\n');
        // The end of the text, or of its part before NUL padding.
        if matches!(scan.peek(), None | Some(0)) {
            return Some(count);
        }
        scan.number()?;
        scan.skip(is_blank);
        scan.expect(b":")?;
        scan.skip(is_blank);
        let mhz = scan.number()?;
        scan.expect_ignore_case(b"mhz")?;
        let marked = scan.skip(is_blank) && scan.expect(b"*").is_some();
        if marked {
            scan.skip(is_blank);
        }
        if scan.peek().is_some_and(|c| c != b'\n') {
            return None;
        }
        *out.get_mut(count)? = (mhz, marked);
        count += 1;
    }
}

/// What separates words within a plain line: ASCII blanks only.
fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\x0c')
}

/// A position in bytes being scanned.
struct Scan<'a> {
    text: &'a [u8],
    at: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// Skips the bytes `what` accepts; whether there were any.
    fn skip(&mut self, what: impl Fn(u8) -> bool) -> bool {
        let start = self.at;
        while self.peek().is_some_and(&what) {
            self.at += 1;
        }
        self.at > start
    }

    /// A decimal `u32` of 1 to 10 digits (longer numbers, even with leading zeros, go the
    /// general way).
    #[inline]
    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        let mut value: u64 = 0;
        while let Some(d) = self.peek().filter(u8::is_ascii_digit) {
            if self.at - start == 10 {
                return None;
            }
            // Without overflow checks on the way: 10 digits fit a u64.
            value = value * 10 + u64::from(d - b'0');
            self.at += 1;
        }
        u32::try_from(value).ok().filter(|_| self.at > start)
    }

    fn expect(&mut self, word: &[u8]) -> Option<()> {
        self.text.get(self.at..self.at + word.len()).filter(|w| *w == word)?;
        self.at += word.len();
        Some(())
    }

    fn expect_ignore_case(&mut self, word: &[u8]) -> Option<()> {
        self.text.get(self.at..self.at + word.len()).filter(|w| w.eq_ignore_ascii_case(word))?;
        self.at += word.len();
        Some(())
    }
}

/// Every line of a `pp_dpm_*` attribute, in order, passed to `visit`; an error names the first
/// line that is not a level line (the lines before it were visited). The bytes are the
/// attribute's as read, which end at the first NUL (as [`super::attribute_text`] has them). A
/// table of plain clock lines is read with one byte scan, without making text
/// of it first; any other must be UTF-8 and takes the general path.
pub fn visit(bytes: &[u8], mut visit: impl FnMut(DpmLine)) -> Result<()> {
    let mut plain = [(0, false); MAX_PLAIN];
    if let Some(count) = plain_levels(bytes, &mut plain) {
        for &(mhz, marked) in plain.iter().take(count) {
            visit(DpmLine::Level(DpmLevel { mhz: Some(mhz), transfer_mts: None, lanes: None }, marked));
        }
        return Ok(());
    }
    let text =
        super::attribute_text(bytes).ok_or_else(|| ParseError::whole("UTF-8 text", &String::from_utf8_lossy(bytes)))?;
    visit_lines(text, visit)
}

/// [`visit`]'s general path: any form, a line at a time.
fn visit_lines(text: &str, mut visit: impl FnMut(DpmLine)) -> Result<()> {
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
    parse_attribute(text.as_bytes())
}

/// [`parse`] of an attribute's bytes as read ([`visit`]).
pub fn parse_attribute(bytes: &[u8]) -> Result<DpmTable> {
    let mut table = DpmTable::default();
    visit(bytes, |line| match line {
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

    /// The plain-table scan and the general path, on the same text: the same lines when the scan
    /// takes the text.
    fn both(text: &str) -> (Option<Vec<DpmLine>>, Result<Vec<DpmLine>>) {
        let mut plain = [(0, false); MAX_PLAIN];
        let level = |(mhz, marked): (u32, bool)| {
            DpmLine::Level(DpmLevel { mhz: Some(mhz), transfer_mts: None, lanes: None }, marked)
        };
        let fast = plain_levels(text.as_bytes(), &mut plain).map(|n| plain[..n].iter().copied().map(level).collect());
        let mut lines = Vec::new();
        let general =
            visit_lines(crate::parse::attribute_text(text.as_bytes()).unwrap(), |l| lines.push(l)).map(|()| lines);
        (fast, general)
    }

    #[test]
    fn the_plain_scan_reads_as_the_general_path_does() {
        let plain = [
            "0: 500Mhz *\n1: 2660Mhz \n",
            "0: 500Mhz\n\n1: 1433MHZ *\r\n2: 2100mhz\n\0\0\0",
            " 2 :\t2100Mhz   *  \n",
            "3: 4294967295Mhz",
            "",
        ];
        for text in plain {
            let (fast, general) = both(text);
            assert_eq!(fast.as_ref(), Some(&general.unwrap()), "{text:?}");
        }
        // Other forms go the general way, which decides.
        let other = [
            "0: 500Mhz*",
            "0: 500 Mhz",
            "+0: 500Mhz",
            "0: +500Mhz",
            "S: 19Mhz\n0: 500Mhz",
            "0: 4294967296Mhz",
            "0: 500Mhz * x",
            "0: 500Mhz **",
            "0:\x000500Mhz",
            "0: 500Mhz\x00\n1: 600Mhz",
            "1: 2.5GT/s, x1 310Mhz",
        ];
        for text in other {
            assert_eq!(both(text).0, None, "{text:?}");
        }
        assert!(parse("0: 500Mhz*").is_err());
        assert_eq!(parse("+0: +500Mhz *").unwrap().levels[0].mhz, Some(500));
        // The attribute ends at its first NUL, on either path.
        assert_eq!(parse("0: 500Mhz\x00\n1: 600Mhz").unwrap().levels.len(), 1);
        assert_eq!(parse("0: 500Mhz\n\x001: 600Mhz").unwrap().levels.len(), 1);
        // 16 plain levels take the scan, 17 the general path: the same levels.
        let long: String = (0..17).map(|i| format!("{i}: {}Mhz\n", 100 + i)).collect();
        assert_eq!(both(&long).0, None);
        let mhz = |text: &str| parse(text).unwrap().levels.iter().map(|l| l.mhz.unwrap()).collect::<Vec<_>>();
        assert_eq!(mhz(&long), (100..117).collect::<Vec<_>>());
        let short: String = long.lines().take(16).map(|l| format!("{l}\n")).collect();
        assert_eq!(both(&short).0.unwrap().len(), 16);
        assert_eq!(mhz(&short), (100..116).collect::<Vec<_>>());
    }

    #[test]
    fn an_attribute_ends_at_its_first_nul() {
        let mhz = |bytes: &[u8]| {
            let mut levels = Vec::new();
            visit(bytes, |l| levels.push(if let DpmLine::Level(l, _) = l { l.mhz } else { None })).map(|()| levels)
        };
        // mi300x-cpx's pp_dpm_sclk, NUL-padded as some captures are: the scan takes it.
        assert_eq!(both("0: 500Mhz\n1: 1433Mhz *\n2: 2100Mhz\n\0\0\0").0.map(|l| l.len()), Some(3));
        assert_eq!(mhz(b"0: 500Mhz\n1: 1433Mhz *\n2: 2100Mhz\n\0\0\0").unwrap(), [Some(500), Some(1433), Some(2100)]);
        // After a NUL nothing counts, on either path (the scan, then the general one).
        assert_eq!(mhz(b"0: 500Mhz\n\x001: 600Mhz\n").unwrap(), [Some(500)]);
        assert_eq!(mhz(b"S: 19Mhz *\n0: 500Mhz\0\n1: 600Mhz").unwrap(), [None, Some(500)]);
        let bad = mhz(b"0: 500Mhz\n1: \xff600Mhz\n").unwrap_err();
        assert_eq!(bad.to_string(), ParseError::whole("UTF-8 text", "0: 500Mhz\n1: \u{fffd}600Mhz\n").to_string());
    }

    #[test]
    fn random_tables_read_alike_both_ways() {
        // 200,000 texts of pieces a plain table is made of, and pieces that break it (a
        // deterministic xorshift, so a failure repeats): whenever the byte scan takes a text, the
        // general path reads the same lines from it.
        const PIECES: [&str; 16] =
            ["0", "7", "42", "4294967295", ":", " ", "\t", "Mhz", "MHz", "mhz", "*", "\n", "\0", "S", "x", "\r"];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut taken = 0;
        for _ in 0..200_000 {
            let len = next() % 24;
            let text: String = (0..len).map(|_| PIECES[(next() % 16) as usize]).collect();
            if let (Some(fast), general) = both(&text) {
                assert_eq!(Ok(fast), general, "{text:?}");
                taken += 1;
            }
        }
        assert!(taken > 1000, "texts the scan took: {taken}");
    }

    #[test]
    fn every_fixture_table_reads_alike_both_ways() {
        let machines = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines");
        let mut plain = 0;
        for machine in std::fs::read_dir(machines).unwrap().flatten() {
            let devices = machine.path().join("sys/class/drm");
            for card in std::fs::read_dir(devices).into_iter().flatten().flatten() {
                for file in ["pp_dpm_sclk", "pp_dpm_mclk", "pp_dpm_socclk", "pp_dpm_fclk", "pp_dpm_pcie"] {
                    let Ok(text) = std::fs::read_to_string(card.path().join("device").join(file)) else { continue };
                    let (fast, general) = both(&text);
                    if let Some(fast) = fast {
                        assert_eq!(fast, general.unwrap(), "{}", card.path().display());
                        plain += 1;
                    }
                }
            }
        }
        assert!(plain > 20, "plain tables among the fixtures: {plain}");
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

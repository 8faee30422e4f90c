//! `--loglevel`: AMD's levels (`amdsmi_parser.py`, `--loglevel` choices DEBUG, INFO, WARNING,
//! ERROR, CRITICAL; default ERROR), log lines on stderr as `LEVEL: message`. A library error
//! that a command turns into `N/A` is logged at DEBUG ([`super::Na::ok`]).

use std::sync::atomic::{AtomicU8, Ordering};

/// A level of `--loglevel`, least severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum Level {
    /// Everything, including library errors shown as `N/A`.
    Debug,
    /// Progress.
    Info,
    /// Something unexpected that does not stop the command.
    Warning,
    /// Failures (the default).
    Error,
    /// Only what stops everything.
    Critical,
}

/// The level below which nothing is logged (an index of [`Level`]; ERROR until set).
static THRESHOLD: AtomicU8 = AtomicU8::new(Level::Error as u8);

/// Logs from `level` up, from now on.
pub fn set_level(level: Level) {
    THRESHOLD.store(level as u8, Ordering::Relaxed);
}

/// Whether a message at `level` is written.
pub fn enabled(level: Level) -> bool {
    level as u8 >= THRESHOLD.load(Ordering::Relaxed)
}

/// Writes `message` on stderr when `level` is enabled.
pub fn log(level: Level, message: &str) {
    if enabled(level) {
        let name = match level {
            Level::Debug => "DEBUG",
            Level::Info => "INFO",
            Level::Warning => "WARNING",
            Level::Error => "ERROR",
            Level::Critical => "CRITICAL",
        };
        eprintln!("{name}: {message}");
    }
}

/// [`log`] at DEBUG.
pub fn debug(message: &str) {
    log(Level::Debug, message);
}

//! The scripted event source: a regular file standing in for `/dev/kfd` in a fixture root.
//!
//! The file is UTF-8 text, one record a line:
//!
//! ```text
//! # comment lines and blank lines are ignored
//! version <major>.<minor>              (optional, at most once: the AMDKFD_IOC_GET_VERSION answer)
//! <at_ms> <gpu_id> <event line>        (one scripted event)
//! ```
//!
//! * `at_ms` (decimal) is the time of the event in milliseconds of a **virtual clock** that
//!   starts at 0 when the source is opened and moves only when a reader waits: a wait of
//!   `timeout` ms with no event due moves it by exactly `timeout` and returns at once; a wait
//!   that reaches an event moves it to that event's time. Nothing ever sleeps. Times must not
//!   decrease from one line to the next.
//! * `gpu_id` (decimal) is the KFD gpu_id (the topology node's `gpu_id` file) of the GPU whose
//!   clients receive the event.
//! * `event line` is what the kernel writes on the client's descriptor, without its newline:
//!   `<event id, hex> <payload>`, the payload in the event's `KFD_EVENT_FMT_*` format
//!   (`include/uapi/linux/kfd_ioctl.h`; see [`super::parse`]).
//!
//! As the kernel does, an event reaches a client of its GPU only if the client's mask, at the
//! event's time, has the event's bit; an event due before a client exists, or masked out, is
//! lost for that client. Without a `version` line the source answers as KFD 1.17 does. Any other
//! line makes the whole file UNEXPECTED_DATA, naming the line.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use super::{ClientId, KfdTransport, KfdVersion};
use crate::error::{Error, Result, Status};
use crate::sysfs;

/// The KFD version a scripted source reports without a `version` line.
const DEFAULT_VERSION: KfdVersion = KfdVersion { major: 1, minor: 17 };

/// One scripted event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptedEvent {
    /// Virtual time, ms since the source was opened.
    pub at_ms: u64,
    /// KFD gpu_id of the GPU it happens on.
    pub gpu_id: u32,
    /// The KFD event id (the line's first field, hex).
    pub id: u32,
    /// The line as the kernel writes it, without the newline.
    pub line: String,
}

/// A parsed script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// The AMDKFD_IOC_GET_VERSION answer.
    pub version: KfdVersion,
    /// The events, in time order.
    pub events: Vec<ScriptedEvent>,
}

/// Parses a script; a malformed line is UNEXPECTED_DATA naming the line (1-based). Never panics.
pub fn parse(text: &str) -> Result<Script> {
    let mut version = None;
    let mut events: Vec<ScriptedEvent> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |what: &str| Error::new(Status::UnexpectedData).with_detail(format!("line {}: {what}", index + 1));
        let mut fields = line.splitn(3, char::is_whitespace);
        let (first, second, rest) = (fields.next().unwrap_or_default(), fields.next(), fields.next());
        if first == "version" {
            let parsed = second
                .filter(|_| rest.is_none() && version.is_none())
                .and_then(|v| v.split_once('.'))
                .and_then(|(major, minor)| Some(KfdVersion { major: decimal(major)?, minor: decimal(minor)? }));
            version = Some(parsed.ok_or_else(|| bad("expected one `version <major>.<minor>`"))?);
            continue;
        }
        let at_ms = decimal(first).ok_or_else(|| bad("time is not a decimal number of ms"))?;
        let gpu_id = second.and_then(decimal).ok_or_else(|| bad("gpu_id is not a decimal u32"))?;
        let event = rest.map(str::trim).unwrap_or_default();
        let id = event
            .split(' ')
            .next()
            .filter(|id| !id.is_empty() && id.len() <= 8 && id.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|id| u32::from_str_radix(id, 16).ok())
            .ok_or_else(|| bad("the event line does not start with a hex event id"))?;
        if events.last().is_some_and(|last| last.at_ms > at_ms) {
            return Err(bad("time goes backwards"));
        }
        events.push(ScriptedEvent { at_ms, gpu_id, id, line: event.to_owned() });
    }
    Ok(Script { version: version.unwrap_or(DEFAULT_VERSION), events })
}

/// ASCII digits only, as any unsigned integer type.
fn decimal<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One client (what an anon fd is to the kernel).
#[derive(Debug)]
struct Client {
    gpu_id: u32,
    mask: u64,
    /// Event lines generated for the client and not read yet, newline-terminated.
    fifo: VecDeque<u8>,
}

/// A [`KfdTransport`] answering from a script on a virtual clock.
#[derive(Debug)]
pub(super) struct ScriptedTransport {
    path: PathBuf,
    script: Script,
    /// Virtual time, ms.
    now_ms: u64,
    /// Index of the first event not generated yet.
    next: usize,
    /// Clients by id; closed ones are `None` (ids are never reused).
    clients: Vec<Option<Client>>,
}

impl ScriptedTransport {
    /// Reads and parses the script at `path` (UNEXPECTED_DATA with the path if it does not parse).
    pub(super) fn open(path: &Path) -> Result<ScriptedTransport> {
        let text = sysfs::read_stream_text(path)?;
        let script = parse(&text).map_err(|e| e.with_path(path))?;
        Ok(ScriptedTransport { path: path.to_path_buf(), script, now_ms: 0, next: 0, clients: Vec::new() })
    }

    /// Generates every event due at or before `time`, into the fifo of each client of its GPU
    /// whose current mask selects it, and moves the clock there.
    fn advance_to(&mut self, time: u64) {
        while let Some(event) = self.script.events.get(self.next).filter(|e| e.at_ms <= time) {
            let bit = event.id.checked_sub(1).and_then(|shift| 1u64.checked_shl(shift)).unwrap_or(0);
            for client in self.clients.iter_mut().flatten() {
                if client.gpu_id == event.gpu_id && client.mask & bit != 0 {
                    client.fifo.extend(event.line.bytes().chain([b'\n']));
                }
            }
            self.next += 1;
        }
        self.now_ms = self.now_ms.max(time);
    }

    fn client(&mut self, id: ClientId) -> Result<&mut Client> {
        let path = &self.path;
        self.clients.get_mut(id.0).and_then(Option::as_mut).ok_or_else(|| {
            Error::new(Status::Inval).with_path(path).with_detail(format!("no open event client {}", id.0))
        })
    }
}

impl KfdTransport for ScriptedTransport {
    fn version(&self) -> Result<KfdVersion> {
        Ok(self.script.version)
    }

    fn open_client(&mut self, gpu_id: u32) -> Result<ClientId> {
        self.advance_to(self.now_ms);
        self.clients.push(Some(Client { gpu_id, mask: 0, fifo: VecDeque::new() }));
        Ok(ClientId(self.clients.len() - 1))
    }

    fn set_mask(&mut self, client: ClientId, mask: u64) -> Result<()> {
        self.advance_to(self.now_ms);
        self.client(client)?.mask = mask;
        Ok(())
    }

    fn poll(&mut self, clients: &[ClientId], timeout_ms: u32) -> Result<Vec<ClientId>> {
        let deadline = self.now_ms.saturating_add(u64::from(timeout_ms));
        loop {
            self.advance_to(self.now_ms);
            let ready: Vec<ClientId> = clients
                .iter()
                .copied()
                .filter(|id| self.clients.get(id.0).and_then(Option::as_ref).is_some_and(|c| !c.fifo.is_empty()))
                .collect();
            if !ready.is_empty() {
                return Ok(ready);
            }
            match self.script.events.get(self.next) {
                Some(event) if event.at_ms <= deadline => self.advance_to(event.at_ms),
                _ => {
                    self.advance_to(deadline);
                    return Ok(Vec::new());
                }
            }
        }
    }

    fn read(&mut self, client: ClientId) -> Result<Vec<u8>> {
        Ok(self.client(client)?.fifo.drain(..).collect())
    }

    fn close_client(&mut self, client: ClientId) {
        if let Some(slot) = self.clients.get_mut(client.0) {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport(text: &str) -> ScriptedTransport {
        ScriptedTransport {
            path: PathBuf::from("/kfd"),
            script: parse(text).unwrap(),
            now_ms: 0,
            next: 0,
            clients: vec![],
        }
    }

    fn detail(text: &str) -> String {
        let err = parse(text).unwrap_err();
        assert_eq!(err.status(), Status::UnexpectedData, "{text:?}");
        err.detail().unwrap().to_string()
    }

    #[test]
    fn parses_scripts() {
        let s = parse("# c\n\nversion 1.3\n 10 7 3 1 job hang\n10\t7 4 1\n250 9 1 4d2:my app  \n").unwrap();
        assert_eq!(s.version, KfdVersion { major: 1, minor: 3 });
        assert_eq!(s.events.len(), 3);
        assert_eq!(s.events[0], ScriptedEvent { at_ms: 10, gpu_id: 7, id: 3, line: "3 1 job hang".into() });
        assert_eq!(s.events[2], ScriptedEvent { at_ms: 250, gpu_id: 9, id: 1, line: "1 4d2:my app".into() });
        assert_eq!(parse("").unwrap(), Script { version: DEFAULT_VERSION, events: vec![] });
    }

    #[test]
    fn rejects_bad_scripts() {
        assert!(detail("10 7 3 1\n5 7 4 1").contains("line 2"));
        detail("x 7 3 1");
        detail("10 x 3 1");
        detail("10 7");
        detail("10 7 zz 1");
        detail("10 7 123456789 1");
        detail("-1 7 3 1");
        detail("10 99999999999 3 1");
        detail("version");
        detail("version 1");
        detail("version 1.x");
        detail("version 1.3 extra");
        detail("version 1.3\nversion 1.4");
    }

    #[test]
    fn virtual_clock_masks_and_fifo() {
        let mut t = transport("0 7 3 0\n100 7 3 1\n100 8 3 1\n200 7 1 1:a\n300 7 4 1\n");
        let a = t.open_client(7).unwrap();
        // The event at 0 was generated before any mask: lost.
        t.set_mask(a, 0b1100).unwrap();
        assert_eq!(t.poll(&[a], 99).unwrap(), vec![]);
        assert_eq!(t.now_ms, 99);
        assert_eq!(t.poll(&[a], 1).unwrap(), vec![a]);
        assert_eq!(t.now_ms, 100);
        assert_eq!(t.read(a).unwrap(), b"3 1\n");
        assert_eq!(t.read(a).unwrap(), b"");
        // VMFAULT (bit 0) is masked out; the next selected event is at 300.
        assert_eq!(t.poll(&[a], 1000).unwrap(), vec![a]);
        assert_eq!(t.now_ms, 300);
        assert_eq!(t.read(a).unwrap(), b"4 1\n");
        assert_eq!(t.poll(&[a], 50).unwrap(), vec![]);
        assert_eq!(t.now_ms, 350);
        t.close_client(a);
        assert_eq!(t.read(a).unwrap_err().status(), Status::Inval);
        assert_eq!(t.set_mask(ClientId(9), 1).unwrap_err().status(), Status::Inval);
        assert_eq!(t.version().unwrap(), DEFAULT_VERSION);
    }
}

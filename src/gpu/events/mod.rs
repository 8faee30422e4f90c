//! GPU event notification over the KFD SMI events interface: `AmdSmiEventReader` and the C-level
//! functions `amdsmi_init_gpu_event_notification`, `amdsmi_set_gpu_event_notification_mask`,
//! `amdsmi_get_gpu_event_notification` and `amdsmi_stop_gpu_event_notification`.
//!
//! The kernel side (`drivers/gpu/drm/amd/amdkfd/kfd_smi_events.c`): `AMDKFD_IOC_SMI_EVENTS` on
//! `/dev/kfd` with a GPU's KFD gpu_id gives an anonymous descriptor (a *client*) whose event mask
//! starts empty; writing a u64 mask to it (`KFD_SMI_EVENT_MASK_FROM_INDEX(id)` = `1 << (id - 1)`
//! per event) selects events; each event then arrives as one text line
//! `"<event id, hex> <payload>\n"`, which [`parse`] turns into a typed [`KfdEvent`]. Without
//! CAP_SYS_ADMIN a client only receives the events of its own process (bit 64,
//! `KFD_SMI_EVENT_ALL_PROCESS`, asks for all processes and needs that capability).
//!
//! Everything goes through one narrow trait, [`KfdTransport`]: [`open`] gives the real ioctls on
//! a character device `dev/kfd` under the root and a scripted event source on a regular file
//! (fixture roots, `fixtures` feature; see `scripted` and `fixtures/README.md`, "Scripted KFD
//! events"), whose
//! virtual clock makes the timeout and count of a read testable without waiting. A read waits
//! at most its timeout (the real transport `poll`s with it, the scripted one moves its clock).

mod ioctl;
pub mod parse;
#[cfg(feature = "fixtures")]
pub mod scripted;

use std::collections::VecDeque;
use std::fmt;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

pub use parse::{event_mask, AmdSmiEvtNotificationType, EventPayload, KfdEvent};

use crate::context::{Context, ProcessorHandle};
use crate::error::{Error, Result, Status};
use crate::gpu::device::GpuDevice;
use crate::gpu::Gpu;
use crate::sysfs::Root;
use crate::sysfs::{self, DeviceNode};

/// Where the KFD device node is, as a kernel path.
pub const KFD_DEVICE: &str = "/dev/kfd";

/// `KFD_SMI_EVENT_ALL_PROCESS`: the mask bit (bit 63, event index 64) that asks for the events
/// of every process, not only the caller's; the kernel honours it for CAP_SYS_ADMIN only.
pub const KFD_SMI_EVENT_ALL_PROCESS: u64 = 1 << 63;

/// The first KFD minor version with SMI events (AMD SMI refuses older ones: NOT_SUPPORTED).
pub const MIN_SMI_EVENTS_MINOR: u32 = 3;

/// The longest event line kept while waiting for its newline, in bytes; a longer run without a
/// newline is dropped (the kernel's lines are at most 96 bytes, `KFD_SMI_EVENT_MSG_SIZE`).
const MAX_LINE: usize = 4096;

/// The KFD interface version (AMDKFD_IOC_GET_VERSION).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KfdVersion {
    /// Major version (1).
    pub major: u32,
    /// Minor version (SMI events need 3 or later).
    pub minor: u32,
}

/// Names one client of a transport (what an anonymous SMI event descriptor is to the kernel).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientId(usize);

/// The narrow transport trait: everything above it is tested on fixtures.
pub trait KfdTransport: Send + fmt::Debug {
    /// AMDKFD_IOC_GET_VERSION.
    fn version(&self) -> Result<KfdVersion>;
    /// AMDKFD_IOC_SMI_EVENTS for the GPU with this KFD gpu_id: a new client, mask 0.
    fn open_client(&mut self, gpu_id: u32) -> Result<ClientId>;
    /// Writes the client's event mask (u64, native byte order).
    fn set_mask(&mut self, client: ClientId, mask: u64) -> Result<()>;
    /// Waits at most `timeout_ms` milliseconds (0: not at all) until one of `clients` has
    /// events to read; returns those that have, empty when the time passed without any.
    fn poll(&mut self, clients: &[ClientId], timeout_ms: u32) -> Result<Vec<ClientId>>;
    /// The bytes the client has now (whole or partial lines; empty when none). Never blocks.
    fn read(&mut self, client: ClientId) -> Result<Vec<u8>>;
    /// Closes the client.
    fn close_client(&mut self, client: ClientId);
}

/// Opens `path` (the root's `dev/kfd`): a character device -> the real ioctls; a regular file ->
/// the scripted source; missing -> NOT_SUPPORTED (with the path); anything else NOT_SUPPORTED.
/// A KFD older than 1.3 (no SMI events) is NOT_SUPPORTED.
pub fn open(path: &Path) -> Result<Box<dyn KfdTransport>> {
    let transport: Box<dyn KfdTransport> = match sysfs::device_node(path, Status::NotSupported)? {
        DeviceNode::Device => Box::new(ioctl::DeviceTransport::open(path)?),
        #[cfg(feature = "fixtures")]
        DeviceNode::Fixture => Box::new(scripted::ScriptedTransport::open(path)?),
    };
    let version = transport.version()?;
    if version.minor < MIN_SMI_EVENTS_MINOR {
        return Err(Error::new(Status::NotSupported)
            .with_path(path)
            .with_detail(format!("KFD {}.{} has no SMI events", version.major, version.minor)));
    }
    Ok(transport)
}

/// One event as AMD SMI reports it (`amdsmi_evt_notification_data_t`), with its typed payload.
/// Serialized with the Python layer's keys `event` and `message` (the handle is not
/// serializable; the payload is for Rust callers).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EvtNotificationData {
    /// The GPU the event happened on.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub processor_handle: ProcessorHandle,
    /// The event type (serialized as its name, e.g. `"GPU_PRE_RESET"`).
    pub event: AmdSmiEvtNotificationType,
    /// The event's text, in AMD SMI's wording (see [`parse::message`]).
    pub message: String,
    /// The typed payload.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub payload: EventPayload,
}

/// One GPU's client: its partial line and the events read but not returned yet.
#[derive(Debug)]
struct Listener {
    processor: ProcessorHandle,
    client: ClientId,
    partial: Vec<u8>,
    pending: VecDeque<EvtNotificationData>,
}

impl Listener {
    /// Appends bytes read from the client; every complete line that parses becomes a pending event.
    fn ingest(&mut self, bytes: &[u8]) {
        self.partial.extend_from_slice(bytes);
        while let Some(end) = self.partial.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            if let Some(KfdEvent { event, payload }) = parse::parse_line(&line) {
                let message = parse::message(&payload);
                self.pending.push_back(EvtNotificationData {
                    processor_handle: self.processor,
                    event,
                    message,
                    payload,
                });
            }
        }
        if self.partial.len() > MAX_LINE {
            self.partial.clear();
        }
    }
}

/// One open `dev/kfd` and the GPUs listened to through it.
#[derive(Debug)]
struct EventSource {
    transport: Box<dyn KfdTransport>,
    listeners: Vec<Listener>,
}

impl EventSource {
    fn open(root: &Root) -> Result<EventSource> {
        Ok(EventSource { transport: open(&root.path(KFD_DEVICE))?, listeners: Vec::new() })
    }

    fn position(&self, processor: ProcessorHandle) -> Option<usize> {
        self.listeners.iter().position(|l| l.processor == processor)
    }

    /// A new client for the GPU (replacing any it had: mask back to 0, unread events gone).
    fn listen(&mut self, processor: ProcessorHandle, gpu_id: u32) -> Result<()> {
        let client = self.transport.open_client(gpu_id)?;
        let listener = Listener { processor, client, partial: Vec::new(), pending: VecDeque::new() };
        match self.position(processor) {
            Some(index) => {
                let old = std::mem::replace(&mut self.listeners[index], listener);
                self.transport.close_client(old.client);
            }
            None => self.listeners.push(listener),
        }
        Ok(())
    }

    /// INIT_ERROR when the GPU has no client, as AMD SMI answers.
    fn set_mask(&mut self, processor: ProcessorHandle, mask: u64) -> Result<()> {
        let index = self.position(processor).ok_or_else(|| {
            Error::new(Status::InitError).with_detail("event notification is not initialized for this GPU")
        })?;
        self.transport.set_mask(self.listeners[index].client, mask)
    }

    /// INVAL when the GPU has no client, as AMD SMI answers.
    fn stop(&mut self, processor: ProcessorHandle) -> Result<()> {
        let index = self.position(processor).ok_or_else(|| {
            Error::new(Status::Inval).with_detail("event notification is not initialized for this GPU")
        })?;
        let listener = self.listeners.remove(index);
        self.transport.close_client(listener.client);
        Ok(())
    }

    /// Up to `num_elem` pending events, in client order.
    fn take_pending(&mut self, num_elem: usize, out: &mut Vec<EvtNotificationData>) {
        for listener in &mut self.listeners {
            while out.len() < num_elem {
                match listener.pending.pop_front() {
                    Some(event) => out.push(event),
                    None => break,
                }
            }
        }
    }

    /// Events left from an earlier read first; then, if fewer than `num_elem`, what arrives
    /// within `timeout_ms` (not waiting at all once there is at least one). NO_DATA when none.
    fn read(&mut self, timeout_ms: u32, num_elem: u32) -> Result<Vec<EvtNotificationData>> {
        if num_elem == 0 {
            return Err(Error::parameter("num_elem must be at least 1"));
        }
        let wanted = usize::try_from(num_elem).unwrap_or(usize::MAX);
        let mut out = Vec::new();
        self.take_pending(wanted, &mut out);
        if out.len() < wanted && !self.listeners.is_empty() {
            let clients: Vec<ClientId> = self.listeners.iter().map(|l| l.client).collect();
            let wait = if out.is_empty() { timeout_ms } else { 0 };
            for client in self.transport.poll(&clients, wait)? {
                let bytes = self.transport.read(client)?;
                if let Some(listener) = self.listeners.iter_mut().find(|l| l.client == client) {
                    listener.ingest(&bytes);
                }
            }
            self.take_pending(wanted, &mut out);
        }
        if out.is_empty() {
            return Err(Error::new(Status::NoData).with_detail(format!("no event within {timeout_ms} ms")));
        }
        Ok(out)
    }
}

/// The event notification state of a [`Context`]: its open `dev/kfd`, if any GPU listens.
#[derive(Debug, Default)]
struct Notifier(Mutex<Option<EventSource>>);

impl Notifier {
    fn lock(&self) -> MutexGuard<'_, Option<EventSource>> {
        // A panic while holding the lock leaves the source usable (each step is one call).
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The KFD gpu_id of a GPU (NOT_SUPPORTED when it has no KFD node or gpu_id).
fn kfd_gpu_id(gpu: &GpuDevice) -> Result<u32> {
    gpu.kfd_node()?
        .gpu_id
        .and_then(|id| u32::try_from(id).ok())
        .ok_or_else(|| Error::new(Status::NotSupported).with_detail(format!("{}: no KFD gpu_id", gpu.bdf)))
}

impl Context {
    /// Up to `num_elem` events of every GPU with notification started, waiting at most
    /// `timeout_ms` milliseconds for the first one (events left over from an earlier call come
    /// first and are returned without waiting). NO_DATA when none arrived; INVAL for
    /// `num_elem` 0. Other threads' notification calls on this context wait while it waits.
    #[doc(alias = "amdsmi_get_gpu_event_notification")]
    pub fn gpu_event_notification(&self, timeout_ms: u32, num_elem: u32) -> Result<Vec<EvtNotificationData>> {
        match self.state::<Notifier>().lock().as_mut() {
            Some(source) => source.read(timeout_ms, num_elem),
            None if num_elem == 0 => Err(Error::parameter("num_elem must be at least 1")),
            None => Err(Error::new(Status::NoData).with_detail("event notification is not initialized for any GPU")),
        }
    }
}

impl Gpu<'_> {
    /// Starts event notification for a GPU: opens `dev/kfd` (once per context) and a client for
    /// the GPU, whose mask is empty until [`Gpu::set_event_notification_mask`]. Calling
    /// it again for the same GPU replaces its client.
    #[doc(alias = "amdsmi_init_gpu_event_notification")]
    pub fn init_event_notification(&self) -> Result<()> {
        let gpu_id = kfd_gpu_id(self.device())?;
        let notifier = self.context().state::<Notifier>();
        let mut guard = notifier.lock();
        let source = match guard.take() {
            Some(source) => source,
            None => EventSource::open(self.root())?,
        };
        let source = guard.insert(source);
        let result = source.listen(self.handle(), gpu_id);
        if source.listeners.is_empty() {
            *guard = None;
        }
        result
    }

    /// Selects the events a GPU reports: bit `id - 1` for event id `id` (see
    /// [`AmdSmiEvtNotificationType::mask`]). INIT_ERROR before
    /// [`Gpu::init_event_notification`].
    #[doc(alias = "amdsmi_set_gpu_event_notification_mask")]
    pub fn set_event_notification_mask(&self, mask: u64) -> Result<()> {
        match self.context().state::<Notifier>().lock().as_mut() {
            Some(source) => source.set_mask(self.handle(), mask),
            None => Err(Error::new(Status::InitError).with_detail("event notification is not initialized")),
        }
    }

    /// Stops event notification for a GPU (its client is closed; `dev/kfd` too once no GPU
    /// listens). INVAL when it was not started.
    #[doc(alias = "amdsmi_stop_gpu_event_notification")]
    pub fn stop_event_notification(&self) -> Result<()> {
        let notifier = self.context().state::<Notifier>();
        let mut guard = notifier.lock();
        let source = guard.as_mut().ok_or_else(|| {
            Error::new(Status::Inval).with_detail("event notification is not initialized for this GPU")
        })?;
        source.stop(self.handle())?;
        if source.listeners.is_empty() {
            *guard = None;
        }
        Ok(())
    }
}

/// Listens for events of one GPU (AMD SMI's Python `AmdSmiEventReader`): `new` starts a client
/// with the mask of `event_types`, `read` returns what arrived, `stop` (or dropping the reader,
/// which closes its descriptors) ends it.
///
/// Unlike AMD SMI's Python class, whose `read` returns the events of every GPU any reader of
/// the process listens to, a reader has its own `dev/kfd` and returns only its GPU's events.
#[derive(Debug)]
pub struct AmdSmiEventReader {
    processor_handle: ProcessorHandle,
    source: Option<EventSource>,
}

impl AmdSmiEventReader {
    /// How many events [`AmdSmiEventReader::read`] returns at most when the caller has no
    /// preference (the Python default of `num_elem`).
    pub const DEFAULT_NUM_ELEM: u32 = 10;

    /// A reader for a GPU of `context` (the reader does not borrow the context).
    pub fn with_context(
        context: &Context,
        processor_handle: ProcessorHandle,
        event_types: &[AmdSmiEvtNotificationType],
    ) -> Result<AmdSmiEventReader> {
        let gpu_id = kfd_gpu_id(context.gpu(processor_handle)?.device())?;
        let mut source = EventSource::open(context.root())?;
        source.listen(processor_handle, gpu_id)?;
        source.set_mask(processor_handle, event_mask(event_types))?;
        Ok(AmdSmiEventReader { processor_handle, source: Some(source) })
    }

    /// The GPU the reader listens to.
    pub fn processor_handle(&self) -> ProcessorHandle {
        self.processor_handle
    }

    /// Up to `num_elem` events ([`AmdSmiEventReader::DEFAULT_NUM_ELEM`] is the Python default), waiting at most
    /// `timestamp` milliseconds for the first one; NO_DATA when none arrived, INVAL after
    /// [`AmdSmiEventReader::stop`].
    pub fn read(&mut self, timestamp: u32, num_elem: u32) -> Result<Vec<EvtNotificationData>> {
        self.source.as_mut().ok_or_else(stopped)?.read(timestamp, num_elem)
    }

    /// Stops listening and closes the descriptors; INVAL when already stopped.
    pub fn stop(&mut self) -> Result<()> {
        self.source.take().map(drop).ok_or_else(stopped)
    }
}

fn stopped() -> Error {
    Error::new(Status::Inval).with_detail("the event reader is stopped")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn listener_splits_lines_across_reads() {
        let ctx = Context::builder().root(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines/rx6900xt")).build();
        let processor = ctx.unwrap().processor_handles()[0];
        let mut l = Listener { processor, client: ClientId(0), partial: Vec::new(), pending: VecDeque::new() };
        // The kernel's read returned 8 bytes at a time before a fix: lines arrive in pieces.
        l.ingest(b"3 1 job ");
        assert!(l.pending.is_empty());
        l.ingest(b"hang\n4 1\ne 1 2\nnot an event\n2 1:");
        assert_eq!(l.pending.len(), 2);
        assert_eq!(l.pending[0].message, "reset sequence number: 1  reset cause: job hang");
        assert_eq!(l.pending[1].event, AmdSmiEvtNotificationType::GpuPostReset);
        assert_eq!(l.partial, b"2 1:");
        l.ingest(&[b'x'; MAX_LINE]);
        assert!(l.partial.is_empty());
    }

    #[test]
    fn open_missing_other_kinds_and_old_kfd() {
        let dir = tempfile::tempdir().unwrap();
        let kfd = dir.path().join("kfd");
        let err = open(&kfd).unwrap_err();
        assert_eq!((err.status(), err.path()), (Status::NotSupported, Some(kfd.as_path())));
        assert_eq!(open(dir.path()).unwrap_err().status(), Status::NotSupported);
        fs::write(&kfd, "version 1.2\n").unwrap();
        let err = open(&kfd).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert!(err.detail().unwrap().contains("KFD 1.2"), "{err}");
        fs::write(&kfd, "version 1.3\n").unwrap();
        assert!(open(&kfd).is_ok());
        fs::write(&kfd, "garbage\n").unwrap();
        let err = open(&kfd).unwrap_err();
        assert_eq!((err.status(), err.path()), (Status::UnexpectedData, Some(kfd.as_path())));
    }

    #[test]
    fn dev_null_is_not_kfd() {
        let err = open(Path::new("/dev/null")).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.path(), Some(Path::new("/dev/null")));
    }
}

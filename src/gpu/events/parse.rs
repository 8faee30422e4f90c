//! The pure parser of KFD SMI event lines: `"<event id, hex> <payload>\n"` as
//! `drivers/gpu/drm/amd/amdkfd/kfd_smi_events.c` writes them, the payload in the
//! `KFD_EVENT_FMT_*` format of its event (`include/uapi/linux/kfd_ioctl.h`), into typed events,
//! and the message text AMD SMI reports for each. Never touches the filesystem, never panics.
//!
//! Formats accepted (`%x` hex, `%d`/`%lld` decimal, `-%d` a `-` followed by the pid):
//!
//! | id | event | payload |
//! |---|---|---|
//! | 1 | VMFAULT | `%x:%s` pid, task name |
//! | 2 | THERMAL_THROTTLE | `%llx:%llx` throttle bitmask, throttle interrupt counter |
//! | 3, 4 | GPU_PRE_RESET, GPU_POST_RESET | `%x %s` reset sequence number, cause (kernels before 6.11: `%x` only) |
//! | 5 | MIGRATE_START | `%lld -%d @%lx(%lx) %x->%x %x:%x %d` ns, pid, start, size, from, to, prefetch, preferred, trigger |
//! | 6 | MIGRATE_END | `%lld -%d @%lx(%lx) %x->%x %d %d` ns, pid, start, size, from, to, trigger, error code (older: no error code) |
//! | 7 | PAGE_FAULT_START | `%lld -%d @%lx(%x) %c` ns, pid, address, node, `W`/`R` |
//! | 8 | PAGE_FAULT_END | `%lld -%d @%lx(%x) %c` ns, pid, address, node, `M`/`U` |
//! | 9 | QUEUE_EVICTION | `%lld -%d %x %d` ns, pid, node, trigger |
//! | 10 | QUEUE_RESTORE | `%lld -%d %x %c` ns, pid, node, `R` when rescheduled (older: no `%c`; 6.12 wrote a NUL there, later `0`) |
//! | 11 | UNMAP_FROM_GPU | `%lld -%d @%lx(%lx) %x %d` ns, pid, address, size, node, trigger |
//! | 12, 13 | PROCESS_START, PROCESS_END | `%x %s` pid, task name |
//!
//! NUL bytes anywhere in a line are dropped (the 6.12 QUEUE_RESTORE bug put one before the
//! newline). Addresses and sizes of the SVM events are in pages (the SVM code's unit, a virtual
//! address shifted right by `PAGE_SHIFT`); `from`/`to`/`node` and the locations are KFD gpu_ids
//! (0 = system memory).

/// An event type (`AmdSmiEvtNotificationType`, AMD's values = the KFD event ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, amdsmi_macros::AmdEnum)]
#[repr(u32)]
pub enum AmdSmiEvtNotificationType {
    /// Not an event (AMD's placeholder, value 0); asking for it selects nothing.
    #[amd(name = "NONE", sentinel)]
    None = 0,
    /// A GPU VM page fault of a process.
    #[amd(name = "VMFAULT")]
    Vmfault = 1,
    /// Thermal throttling.
    #[amd(name = "THERMAL_THROTTLE")]
    ThermalThrottle = 2,
    /// A GPU reset is about to happen; the message gives its cause.
    #[amd(name = "GPU_PRE_RESET")]
    GpuPreReset = 3,
    /// A GPU reset finished.
    #[amd(name = "GPU_POST_RESET")]
    GpuPostReset = 4,
    /// An SVM range migration started.
    #[amd(name = "MIGRATE_START")]
    MigrateStart = 5,
    /// An SVM range migration ended.
    #[amd(name = "MIGRATE_END")]
    MigrateEnd = 6,
    /// A GPU page fault started being handled.
    #[amd(name = "PAGE_FAULT_START")]
    PageFaultStart = 7,
    /// A GPU page fault was handled.
    #[amd(name = "PAGE_FAULT_END")]
    PageFaultEnd = 8,
    /// A process's user queues were evicted.
    #[amd(name = "QUEUE_EVICTION")]
    QueueEviction = 9,
    /// A process's user queues were restored.
    #[amd(name = "QUEUE_RESTORE")]
    QueueRestore = 10,
    /// An SVM range was unmapped from the GPU.
    #[amd(name = "UNMAP_FROM_GPU")]
    UnmapFromGpu = 11,
    /// A process opened the GPU through KFD.
    #[amd(name = "PROCESS_START")]
    ProcessStart = 12,
    /// A process closed the GPU.
    #[amd(name = "PROCESS_END")]
    ProcessEnd = 13,
}

impl AmdSmiEvtNotificationType {
    /// The type with this KFD event id (1..=13), if AMD SMI defines one.
    pub fn from_id(id: u32) -> Option<AmdSmiEvtNotificationType> {
        AmdSmiEvtNotificationType::ALL.into_iter().find(|t| *t as u32 == id)
    }

    /// The type's bit in a KFD event mask (`KFD_SMI_EVENT_MASK_FROM_INDEX(id)` = `1 << (id - 1)`);
    /// 0 for `None`.
    pub fn mask(self) -> u64 {
        match self as u32 {
            0 => 0,
            id => 1 << (id - 1),
        }
    }
}

/// The OR of the types' mask bits (`None` adds nothing), as AMD SMI's Python layer builds the
/// mask of an `AmdSmiEventReader`.
pub fn event_mask(event_types: &[AmdSmiEvtNotificationType]) -> u64 {
    event_types.iter().fold(0, |mask, t| mask | t.mask())
}

/// The typed payload of one event. Times are `ktime_get_boottime_ns()` values (ns since boot);
/// pids are thread-group ids; SVM addresses and sizes are in pages; nodes and locations are KFD
/// gpu_ids (0 = system memory). Triggers are the kernel's `KFD_*_TRIGGER_*` enum values.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum EventPayload {
    /// VMFAULT: the faulting process.
    VmFault {
        /// Process id.
        pid: u32,
        /// The process's command name (`comm`).
        task_name: String,
    },
    /// THERMAL_THROTTLE.
    ThermalThrottle {
        /// The SMU throttler status bits (ASIC-specific).
        bitmask: u64,
        /// Thermal throttling interrupts counted since the driver loaded.
        counter: u64,
    },
    /// GPU_PRE_RESET and GPU_POST_RESET.
    GpuReset {
        /// Reset sequence number (incremented by every pre-reset event).
        reset_seq_num: u32,
        /// Why the GPU is reset (`job hang`, `RAS error`, `MES hang`, `HWS hang`, `user trigger`,
        /// `unknown`, ...); `None` when the kernel gives no cause (before 6.11, or empty).
        reset_cause: Option<String>,
    },
    /// MIGRATE_START.
    MigrateStart {
        /// Boot time, ns.
        ns: i64,
        /// Process id.
        pid: u32,
        /// First page of the range.
        start: u64,
        /// Range size, pages.
        size: u64,
        /// Source location (gpu_id, 0 = system memory).
        from: u32,
        /// Destination location (gpu_id, 0 = system memory).
        to: u32,
        /// The range's prefetch location (gpu_id).
        prefetch_loc: u32,
        /// The range's preferred location (gpu_id).
        preferred_loc: u32,
        /// `KFD_MIGRATE_TRIGGER_*`: 0 prefetch, 1 GPU page fault, 2 CPU page fault, 3 TTM eviction.
        migrate_trigger: i32,
    },
    /// MIGRATE_END.
    MigrateEnd {
        /// Boot time, ns.
        ns: i64,
        /// Process id.
        pid: u32,
        /// First page of the range.
        start: u64,
        /// Range size, pages.
        size: u64,
        /// Source location (gpu_id, 0 = system memory).
        from: u32,
        /// Destination location (gpu_id, 0 = system memory).
        to: u32,
        /// `KFD_MIGRATE_TRIGGER_*`, as in MIGRATE_START.
        migrate_trigger: i32,
        /// The migration's result: 0 success, else a negative errno; `None` on kernels that do
        /// not report it.
        error_code: Option<i32>,
    },
    /// PAGE_FAULT_START.
    PageFaultStart {
        /// Boot time, ns.
        ns: i64,
        /// Process id.
        pid: u32,
        /// Faulting page.
        address: u64,
        /// The faulting GPU (gpu_id).
        node: u32,
        /// Whether it is a write fault (`W`; `R` read).
        write_fault: bool,
    },
    /// PAGE_FAULT_END.
    PageFaultEnd {
        /// Boot time, ns.
        ns: i64,
        /// Process id.
        pid: u32,
        /// Faulting page.
        address: u64,
        /// The faulting GPU (gpu_id).
        node: u32,
        /// Whether the page was migrated (`M`; `U` only its mapping updated).
        migrated: bool,
    },
    /// QUEUE_EVICTION.
    QueueEviction {
        /// Boot time, ns.
        ns: i64,
        /// Process id.
        pid: u32,
        /// The GPU (gpu_id).
        node: u32,
        /// `KFD_QUEUE_EVICTION_*`: 0 SVM, 1 userptr, 2 TTM, 3 suspend, 4 CRIU checkpoint, 5 CRIU restore.
        evict_trigger: i32,
    },
    /// QUEUE_RESTORE.
    QueueRestore {
        /// Boot time, ns.
        ns: i64,
        /// Process id.
        pid: u32,
        /// The GPU (gpu_id).
        node: u32,
        /// Whether the restore failed and was rescheduled (`R`).
        rescheduled: bool,
    },
    /// UNMAP_FROM_GPU.
    UnmapFromGpu {
        /// Boot time, ns.
        ns: i64,
        /// Process id.
        pid: u32,
        /// First page unmapped.
        address: u64,
        /// Pages unmapped.
        size: u64,
        /// The GPU (gpu_id).
        node: u32,
        /// `KFD_SVM_UNMAP_TRIGGER_*`: 0 MMU notifier, 1 MMU notifier migration, 2 unmap from CPU.
        unmap_trigger: i32,
    },
    /// PROCESS_START and PROCESS_END.
    Process {
        /// Process id.
        pid: u32,
        /// The process's command name (`comm`).
        task_name: String,
    },
    /// A payload of a known event that does not have its event's format: the text as read.
    Unparsed(String),
}

/// One event line, parsed: its type and payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KfdEvent {
    /// The event type.
    pub event: AmdSmiEvtNotificationType,
    /// The typed payload.
    pub payload: EventPayload,
}

/// Parses one event line (with or without its newline). `None` for a line without a hex event
/// id or with an id AMD SMI does not define (AMD SMI's Python layer drops those too); a known
/// id with a malformed payload gives [`EventPayload::Unparsed`].
pub fn parse_line(line: &[u8]) -> Option<KfdEvent> {
    let bytes: Vec<u8> = line.iter().copied().filter(|&b| b != 0).collect();
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_end_matches(['\n', '\r']);
    let (id, payload) = text.split_once(' ').unwrap_or((text, ""));
    if id.is_empty() || id.len() > 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let event = AmdSmiEvtNotificationType::from_id(u32::from_str_radix(id, 16).ok()?)?;
    let payload = parse_payload(event, payload).unwrap_or_else(|| EventPayload::Unparsed(payload.to_owned()));
    Some(KfdEvent { event, payload })
}

/// A cursor over a payload, one `scanf` conversion at a time.
struct Scan<'a>(&'a str);

impl<'a> Scan<'a> {
    fn lit(&mut self, prefix: &str) -> Option<()> {
        self.0 = self.0.strip_prefix(prefix)?;
        Some(())
    }

    fn take(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let end = self.0.find(|c: char| !keep(c)).unwrap_or(self.0.len());
        let (head, tail) = self.0.split_at(end);
        self.0 = tail;
        head
    }

    /// `%x`/`%lx`: 1 to 16 hex digits.
    fn hex(&mut self) -> Option<u64> {
        let digits = self.take(|c| c.is_ascii_hexdigit());
        if digits.is_empty() || digits.len() > 16 {
            return None;
        }
        u64::from_str_radix(digits, 16).ok()
    }

    fn hex32(&mut self) -> Option<u32> {
        u32::try_from(self.hex()?).ok()
    }

    /// `%d`/`%lld`: an optional `-` and decimal digits.
    fn dec(&mut self) -> Option<i64> {
        let negative = self.lit("-").is_some();
        let digits = self.take(|c| c.is_ascii_digit());
        if digits.is_empty() {
            return None;
        }
        let value: i64 = digits.parse().ok()?;
        Some(if negative { -value } else { value })
    }

    fn dec32(&mut self) -> Option<i32> {
        i32::try_from(self.dec()?).ok()
    }

    /// `-%d` of a pid: the literal `-`, then a non-negative decimal.
    fn pid(&mut self) -> Option<u32> {
        self.lit("-")?;
        let digits = self.take(|c| c.is_ascii_digit());
        if digits.is_empty() {
            return None;
        }
        digits.parse().ok()
    }

    /// `%lld -%d `: the boot time and pid every SVM event starts with.
    fn time_pid(&mut self) -> Option<(i64, u32)> {
        let ns = self.dec()?;
        self.lit(" ")?;
        let pid = self.pid()?;
        self.lit(" ")?;
        Some((ns, pid))
    }

    /// `@%lx(%lx)`: a page and a page count (or a node id, for page faults).
    fn at(&mut self) -> Option<(u64, u64)> {
        self.lit("@")?;
        let address = self.hex()?;
        self.lit("(")?;
        let inner = self.hex()?;
        self.lit(")")?;
        Some((address, inner))
    }

    fn char(&mut self) -> Option<char> {
        let c = self.0.chars().next()?;
        self.0 = &self.0[c.len_utf8()..];
        Some(c)
    }

    fn end(&self) -> Option<()> {
        self.0.trim_end().is_empty().then_some(())
    }
}

/// The payload of `event` in its `KFD_EVENT_FMT_*` format; `None` when it does not match.
fn parse_payload(event: AmdSmiEvtNotificationType, payload: &str) -> Option<EventPayload> {
    use AmdSmiEvtNotificationType as T;
    let mut s = Scan(payload);
    let parsed = match event {
        T::None => return None,
        T::Vmfault => {
            let pid = s.hex32()?;
            s.lit(":")?;
            EventPayload::VmFault { pid, task_name: s.0.trim_end().to_owned() }
        }
        T::ProcessStart | T::ProcessEnd => {
            let pid = s.hex32()?;
            s.lit(" ")?;
            EventPayload::Process { pid, task_name: s.0.trim_end().to_owned() }
        }
        T::ThermalThrottle => {
            let bitmask = s.hex()?;
            s.lit(":")?;
            let counter = s.hex()?;
            s.end()?;
            EventPayload::ThermalThrottle { bitmask, counter }
        }
        T::GpuPreReset | T::GpuPostReset => {
            let reset_seq_num = s.hex32()?;
            let cause = match s.lit(" ") {
                Some(()) => s.0.trim(),
                None => {
                    s.end()?;
                    ""
                }
            };
            EventPayload::GpuReset { reset_seq_num, reset_cause: (!cause.is_empty()).then(|| cause.to_owned()) }
        }
        T::MigrateStart | T::MigrateEnd => {
            let (ns, pid) = s.time_pid()?;
            let (start, size) = s.at()?;
            s.lit(" ")?;
            let from = s.hex32()?;
            s.lit("->")?;
            let to = s.hex32()?;
            s.lit(" ")?;
            if event == T::MigrateStart {
                let prefetch_loc = s.hex32()?;
                s.lit(":")?;
                let preferred_loc = s.hex32()?;
                s.lit(" ")?;
                let migrate_trigger = s.dec32()?;
                s.end()?;
                EventPayload::MigrateStart {
                    ns,
                    pid,
                    start,
                    size,
                    from,
                    to,
                    prefetch_loc,
                    preferred_loc,
                    migrate_trigger,
                }
            } else {
                let migrate_trigger = s.dec32()?;
                let error_code = match s.lit(" ") {
                    Some(()) => Some(s.dec32()?),
                    None => None,
                };
                s.end()?;
                EventPayload::MigrateEnd { ns, pid, start, size, from, to, migrate_trigger, error_code }
            }
        }
        T::PageFaultStart | T::PageFaultEnd => {
            let (ns, pid) = s.time_pid()?;
            let (address, node) = s.at()?;
            let node = u32::try_from(node).ok()?;
            s.lit(" ")?;
            let flag = s.char()?;
            s.end()?;
            if event == T::PageFaultStart {
                EventPayload::PageFaultStart { ns, pid, address, node, write_fault: flag == 'W' }
            } else {
                EventPayload::PageFaultEnd { ns, pid, address, node, migrated: flag == 'M' }
            }
        }
        T::QueueEviction => {
            let (ns, pid) = s.time_pid()?;
            let node = s.hex32()?;
            s.lit(" ")?;
            let evict_trigger = s.dec32()?;
            s.end()?;
            EventPayload::QueueEviction { ns, pid, node, evict_trigger }
        }
        T::QueueRestore => {
            let (ns, pid) = s.time_pid()?;
            let node = s.hex32()?;
            let rescheduled = match s.lit(" ") {
                Some(()) => s.char() == Some('R'),
                None => false,
            };
            s.end()?;
            EventPayload::QueueRestore { ns, pid, node, rescheduled }
        }
        T::UnmapFromGpu => {
            let (ns, pid) = s.time_pid()?;
            let (address, size) = s.at()?;
            s.lit(" ")?;
            let node = s.hex32()?;
            s.lit(" ")?;
            let unmap_trigger = s.dec32()?;
            s.end()?;
            EventPayload::UnmapFromGpu { ns, pid, address, size, node, unmap_trigger }
        }
    };
    Some(parsed)
}

/// The message AMD SMI reports with an event (`amdsmi_evt_notification_data_t.message`), in
/// the wording of its 7.x `rsmi_event_notification_get`, with three differences: values are
/// not truncated to 32 bits, its typos (`nd:`, `migrate_udpate`) are fixed, and PROCESS_START /
/// PROCESS_END give their pid and task name where AMD says `Unknown event received`.
pub fn message(payload: &EventPayload) -> String {
    match payload {
        EventPayload::VmFault { pid, task_name } | EventPayload::Process { pid, task_name } => {
            format!("PID: {pid}  task name: {task_name}")
        }
        EventPayload::ThermalThrottle { bitmask, counter } => format!("bitmask: 0x{bitmask:x}  counter: 0x{counter:x}"),
        EventPayload::GpuReset { reset_seq_num, reset_cause: Some(cause) } => {
            format!("reset sequence number: {reset_seq_num}  reset cause: {cause}")
        }
        EventPayload::GpuReset { reset_seq_num, reset_cause: None } => {
            format!("reset sequence number: {reset_seq_num}")
        }
        EventPayload::MigrateStart { ns, pid, start, size, from, to, prefetch_loc, preferred_loc, migrate_trigger } => {
            format!(
                "ns: {ns}  pid: {pid}  start: 0x{start:x}  size: 0x{size:x}  from: 0x{from:x}  to: 0x{to:x}  \
                 prefetch_loc: 0x{prefetch_loc:x}  preferred_loc: 0x{preferred_loc:x}  migrate_trigger: {migrate_trigger}"
            )
        }
        EventPayload::MigrateEnd { ns, pid, start, size, from, to, migrate_trigger, error_code } => {
            let mut text = format!(
                "ns: {ns}  pid: {pid}  start: 0x{start:x}  size: 0x{size:x}  from: 0x{from:x}  to: 0x{to:x}  \
                 migrate_trigger: {migrate_trigger}"
            );
            if let Some(code) = error_code {
                text.push_str(&format!("  error_code: {code}"));
            }
            text
        }
        EventPayload::PageFaultStart { ns, pid, address, node, write_fault } => {
            let rw = if *write_fault { 'W' } else { 'R' };
            format!("ns: {ns}  pid: {pid}  addr: 0x{address:x}  node: 0x{node:x}  rw: {rw}")
        }
        EventPayload::PageFaultEnd { ns, pid, address, node, migrated } => {
            let update = if *migrated { 'M' } else { 'U' };
            format!("ns: {ns}  pid: {pid}  addr: 0x{address:x}  node: 0x{node:x}  migrate_update: {update}")
        }
        EventPayload::QueueEviction { ns, pid, node, evict_trigger } => {
            format!("ns: {ns}  pid: {pid}  node: 0x{node:x}  evict_trigger: {evict_trigger}")
        }
        EventPayload::QueueRestore { ns, pid, node, rescheduled } => {
            let flag = if *rescheduled { "R" } else { "0" };
            format!("ns: {ns}  pid: {pid}  node: 0x{node:x}  rescheduled: {flag}")
        }
        EventPayload::UnmapFromGpu { ns, pid, address, size, node, unmap_trigger } => {
            format!("ns: {ns}  pid: {pid}  addr: 0x{address:x}  size: 0x{size:x}  node: 0x{node:x}  unmap_trigger: {unmap_trigger}")
        }
        EventPayload::Unparsed(text) => text.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AmdSmiEvtNotificationType as T;

    fn parse(line: &str) -> KfdEvent {
        parse_line(line.as_bytes()).unwrap_or_else(|| panic!("{line:?} did not parse"))
    }

    #[test]
    fn ids_names_and_masks() {
        for (i, t) in T::ALL.into_iter().enumerate() {
            let id = i as u32 + 1;
            assert_eq!(t as u32, id);
            assert_eq!(T::from_id(id), Some(t));
            assert_eq!(t.mask(), 1 << i);
        }
        assert_eq!((T::from_id(0), T::from_id(14), T::from_id(64)), (None, None, None));
        assert_eq!(T::None.mask(), 0);
        assert_eq!(T::GpuPreReset.name(), "GPU_PRE_RESET");
        assert_eq!(T::UnmapFromGpu.name(), "UNMAP_FROM_GPU");
        assert_eq!(event_mask(&[T::GpuPreReset, T::GpuPostReset, T::None]), 0b1100);
        assert_eq!(event_mask(&T::ALL), 0x1FFF);
        assert_eq!(event_mask(&[]), 0);
    }

    #[test]
    fn every_current_kernel_format() {
        let e = parse("1 4d2:rocminfo\n");
        assert_eq!(
            (e.event, e.payload),
            (T::Vmfault, EventPayload::VmFault { pid: 1234, task_name: "rocminfo".into() })
        );
        let e = parse("2 40000000000:1a\n");
        assert_eq!(e.payload, EventPayload::ThermalThrottle { bitmask: 0x400_0000_0000, counter: 26 });
        let e = parse("3 2 job hang on ring:gfx_0.0.0\n");
        assert_eq!(e.event, T::GpuPreReset);
        assert_eq!(
            e.payload,
            EventPayload::GpuReset { reset_seq_num: 2, reset_cause: Some("job hang on ring:gfx_0.0.0".into()) }
        );
        let e = parse("4 2 RAS error\n");
        assert_eq!(e.event, T::GpuPostReset);
        assert_eq!(e.payload, EventPayload::GpuReset { reset_seq_num: 2, reset_cause: Some("RAS error".into()) });
        let e = parse("5 5123456789 -4242 @7f0000(200) 0->c1e5 c1e5:0 1\n");
        assert_eq!(
            e.payload,
            EventPayload::MigrateStart {
                ns: 5_123_456_789,
                pid: 4242,
                start: 0x7f0000,
                size: 0x200,
                from: 0,
                to: 0xc1e5,
                prefetch_loc: 0xc1e5,
                preferred_loc: 0,
                migrate_trigger: 1
            }
        );
        let e = parse("6 5123999999 -4242 @7f0000(200) 0->c1e5 1 -12\n");
        assert_eq!(
            e.payload,
            EventPayload::MigrateEnd {
                ns: 5_123_999_999,
                pid: 4242,
                start: 0x7f0000,
                size: 0x200,
                from: 0,
                to: 0xc1e5,
                migrate_trigger: 1,
                error_code: Some(-12)
            }
        );
        let e = parse("7 5123000000 -4242 @7f0010(c1e5) W\n");
        assert_eq!(
            e.payload,
            EventPayload::PageFaultStart {
                ns: 5_123_000_000,
                pid: 4242,
                address: 0x7f0010,
                node: 0xc1e5,
                write_fault: true
            }
        );
        let e = parse("8 5124000000 -4242 @7f0010(c1e5) U\n");
        assert_eq!(
            e.payload,
            EventPayload::PageFaultEnd {
                ns: 5_124_000_000,
                pid: 4242,
                address: 0x7f0010,
                node: 0xc1e5,
                migrated: false
            }
        );
        let e = parse("9 6000000000 -4242 c1e5 2\n");
        assert_eq!(
            e.payload,
            EventPayload::QueueEviction { ns: 6_000_000_000, pid: 4242, node: 0xc1e5, evict_trigger: 2 }
        );
        let e = parse("a 6100000000 -4242 c1e5 R\n");
        assert_eq!(e.event, T::QueueRestore);
        assert_eq!(
            e.payload,
            EventPayload::QueueRestore { ns: 6_100_000_000, pid: 4242, node: 0xc1e5, rescheduled: true }
        );
        let e = parse("b 6200000000 -4242 @7f0000(200) c1e5 2\n");
        assert_eq!(
            e.payload,
            EventPayload::UnmapFromGpu {
                ns: 6_200_000_000,
                pid: 4242,
                address: 0x7f0000,
                size: 0x200,
                node: 0xc1e5,
                unmap_trigger: 2
            }
        );
        let e = parse("c 1092 python3\n");
        assert_eq!(
            (e.event, e.payload),
            (T::ProcessStart, EventPayload::Process { pid: 0x1092, task_name: "python3".into() })
        );
        let e = parse("d 1092 python3\n");
        assert_eq!(e.event, T::ProcessEnd);
    }

    #[test]
    fn older_and_buggy_kernel_variants() {
        // Before 6.11 the reset events carried only the sequence number; an empty cause is none.
        assert_eq!(parse("3 1\n").payload, EventPayload::GpuReset { reset_seq_num: 1, reset_cause: None });
        assert_eq!(parse("4 1 \n").payload, EventPayload::GpuReset { reset_seq_num: 1, reset_cause: None });
        // MIGRATE_END without the error code (before it was added).
        let e = parse("6 10 -1 @1(2) 3->0 3");
        assert!(matches!(e.payload, EventPayload::MigrateEnd { error_code: None, migrate_trigger: 3, .. }));
        // QUEUE_RESTORE: no flag (first format), a NUL flag (6.12), '0' (fixed).
        for line in ["a 10 -1 c1e5\n", "a 10 -1 c1e5 \0\n", "a 10 -1 c1e5 0\n"] {
            let e = parse(line);
            assert_eq!(
                e.payload,
                EventPayload::QueueRestore { ns: 10, pid: 1, node: 0xc1e5, rescheduled: false },
                "{line:?}"
            );
        }
        // Task names may hold spaces; thermal bitmask of an older u32 kernel.
        assert_eq!(parse("1 7:my app\n").payload, EventPayload::VmFault { pid: 7, task_name: "my app".into() });
        assert_eq!(parse("2 1:0").payload, EventPayload::ThermalThrottle { bitmask: 1, counter: 0 });
    }

    #[test]
    fn malformed_payloads_and_unknown_ids() {
        for line in [
            "2 zz:1",
            "2 1:2 extra",
            "3 x",
            "5 1 -2 @3(4) 5->6 7:8",
            "6 1 -2 @3(4) 5->6 x",
            "7 1 -2 @3(4)",
            "7 1 2 @3(4) W",
            "7 1 --2 @3(4) W",
            "9 1 -2 3",
            "b 1 -2 @3(4) 5",
            "c 1092",
            "1 1092",
            "8 1 -2 @3(100000000) U",
            "2 11111111111111111:0",
        ] {
            let e = parse(line);
            let payload = line.split_once(' ').unwrap().1;
            assert_eq!(e.payload, EventPayload::Unparsed(payload.into()), "{line:?}");
            assert_eq!(message(&e.payload), payload);
        }
        for line in ["", "\n", "e 1 2", "40 x", "0 nothing", "g 1", " 1 2", "123456789 1", "-1 2"] {
            assert_eq!(parse_line(line.as_bytes()), None, "{line:?}");
        }
        // Invalid UTF-8 and NULs never panic.
        assert!(parse_line(b"1 \xff\xfe:\0").is_some());
        assert_eq!(parse_line(b"\xff"), None);
    }

    #[test]
    fn messages_in_amd_wording() {
        let m = |line: &str| message(&parse(line).payload);
        assert_eq!(m("1 4d2:rocminfo"), "PID: 1234  task name: rocminfo");
        assert_eq!(m("2 40000000000:1a"), "bitmask: 0x40000000000  counter: 0x1a");
        assert_eq!(m("3 2 job hang"), "reset sequence number: 2  reset cause: job hang");
        assert_eq!(m("4 2"), "reset sequence number: 2");
        assert_eq!(
            m("5 5123456789 -4242 @7f0000(200) 0->c1e5 c1e5:0 1"),
            "ns: 5123456789  pid: 4242  start: 0x7f0000  size: 0x200  from: 0x0  to: 0xc1e5  prefetch_loc: 0xc1e5  \
             preferred_loc: 0x0  migrate_trigger: 1"
        );
        assert_eq!(
            m("6 9 -4242 @7f0000(200) 0->c1e5 1 0"),
            "ns: 9  pid: 4242  start: 0x7f0000  size: 0x200  from: 0x0  to: 0xc1e5  migrate_trigger: 1  error_code: 0"
        );
        assert_eq!(
            m("6 9 -1 @1(2) 3->0 3"),
            "ns: 9  pid: 1  start: 0x1  size: 0x2  from: 0x3  to: 0x0  migrate_trigger: 3"
        );
        assert_eq!(m("7 5 -4242 @7f0010(c1e5) R"), "ns: 5  pid: 4242  addr: 0x7f0010  node: 0xc1e5  rw: R");
        assert_eq!(m("8 5 -4242 @7f0010(c1e5) M"), "ns: 5  pid: 4242  addr: 0x7f0010  node: 0xc1e5  migrate_update: M");
        assert_eq!(m("9 6 -4242 c1e5 2"), "ns: 6  pid: 4242  node: 0xc1e5  evict_trigger: 2");
        assert_eq!(m("a 6 -4242 c1e5 0"), "ns: 6  pid: 4242  node: 0xc1e5  rescheduled: 0");
        assert_eq!(
            m("b 6 -4242 @7f0000(200) c1e5 2"),
            "ns: 6  pid: 4242  addr: 0x7f0000  size: 0x200  node: 0xc1e5  unmap_trigger: 2"
        );
        assert_eq!(m("d 1092 python3"), "PID: 4242  task name: python3");
    }
}

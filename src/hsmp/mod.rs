//! The HSMP mailbox of EPYC CPUs (`/dev/hsmp` ioctls) and the HSMP metrics table.
//!
//! HSMP (Host System Management Port) is the mailbox through which the host talks to the SMU of
//! each EPYC socket. The kernel's `amd_hsmp`/`hsmp_acpi` driver exposes it as the misc device
//! `/dev/hsmp`: one ioctl, `HSMP_IOCTL_CMD`, carries a [`HsmpMessage`] (message id, argument
//! words in, response words out, socket index). This module has:
//!
//! - the message table ([`descriptor`]: argument and response word counts and the message type,
//!   as `arch/x86/include/uapi/asm/amd_hsmp.h` and AMD's out-of-tree driver describe them);
//! - the one narrow transport trait, [`HsmpTransport`], and [`open`], which gives the real ioctl
//!   on a character device (the private `ioctl` module, the only `unsafe` here) and the
//!   `emulated` SMU when the root holds a regular file at `dev/hsmp` (fixture roots, `fixtures`
//!   feature);
//! - which messages a platform supports ([`platform`], AMD E-SMI's per-platform tables);
//! - the pure decoder of the protocol-6 metrics table ([`metrics`]).
//!
//! ## Errors
//!
//! A failed message maps its errno as AMD SMI does (E-SMI's `errno_to_esmi_status`, then AMD SMI's
//! E-SMI status table): ETIMEDOUT is HSMP_TIMEOUT, ENOMSG (a message the SMU does not know)
//! NO_HSMP_MSG_SUP, EINVAL INVAL, EACCES/EPERM NO_PERM, ENODEV/EAGAIN/EBUSY BUSY, EIO
//! UNEXPECTED_SIZE (E-SMI's mapping), EINTR INTERRUPT, ENOMEM OUT_OF_RESOURCES, EFAULT
//! ARG_PTR_NULL, EBADF/EISDIR FILE_ERROR, ENOENT FILE_NOT_FOUND, EREMOTEIO (prerequisite not
//! satisfied, which AMD SMI's table forgets) IO, anything else UNKNOWN_ERROR. No `/dev/hsmp` is
//! NO_HSMP_DRV. See [`errno_status`].

#[cfg(feature = "fixtures")]
pub mod emulated;
mod ioctl;
pub mod metrics;
pub mod platform;

use std::path::Path;

use nix::errno::Errno;

use crate::error::{Error, Result, Status};
use crate::sysfs::{self, DeviceNode};

/// The most argument/response words a message has (`HSMP_MAX_MSG_LEN`).
pub const MAX_MSG_LEN: usize = 8;

/// `struct hsmp_message` as this crate passes it around (the ioctl module lays it out for the
/// kernel): in, the message id, argument count, expected response word count, arguments and
/// socket; out, the response words in `args[..response_sz]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HsmpMessage {
    /// Message id (`HSMP_*`, e.g. [`GET_SOCKET_POWER`]).
    pub msg_id: u32,
    /// Number of argument words in `args`.
    pub num_args: u16,
    /// Number of response words expected back in `args`.
    pub response_sz: u16,
    /// Argument words in, response words out.
    pub args: [u32; MAX_MSG_LEN],
    /// Socket index (0-based).
    pub sock_ind: u16,
}

impl HsmpMessage {
    /// A message to socket `sock_ind` with `args` (at most [`MAX_MSG_LEN`]; more are dropped)
    /// expecting `response_sz` words back.
    pub fn new(msg_id: u32, sock_ind: u16, args: &[u32], response_sz: u16) -> HsmpMessage {
        let mut msg = HsmpMessage { msg_id, sock_ind, response_sz, ..HsmpMessage::default() };
        for (slot, &arg) in msg.args.iter_mut().zip(args) {
            *slot = arg;
            msg.num_args += 1;
        }
        msg
    }
}

/// How a descriptor on `/dev/hsmp` is opened for a message, as E-SMI opens it: the driver lets
/// a read-only descriptor send only GET messages and a write-only one only SET messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Access {
    /// `O_RDONLY`: GET messages (and SET_GET messages with bit 31 of `args\[0\]` set).
    Read,
    /// `O_WRONLY`: SET messages.
    Write,
    /// `O_RDWR`: both.
    ReadWrite,
}

impl Access {
    /// Whether a descriptor opened this way may read (send GET messages).
    pub fn reads(self) -> bool {
        matches!(self, Access::Read | Access::ReadWrite)
    }

    /// Whether a descriptor opened this way may write (send SET messages).
    pub fn writes(self) -> bool {
        matches!(self, Access::Write | Access::ReadWrite)
    }
}

/// The narrow transport every HSMP message goes through: the real ioctl, or the emulated SMU.
pub trait HsmpTransport: Send + Sync + std::fmt::Debug {
    /// Sends `msg` through a descriptor opened with `access`. On success the response words are
    /// in `msg.args[..msg.response_sz]`; a failure carries the status its errno maps to
    /// ([`errno_status`]) and the device path.
    fn send(&self, msg: &mut HsmpMessage, access: Access) -> Result<()>;
}

/// What a message does (`enum hsmp_msg_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MsgType {
    /// Reads a value.
    Get,
    /// Changes a setting.
    Set,
    /// Both, chosen by bit 31 of `args\[0\]` (set: GET).
    SetGet,
}

/// A message's shape as the driver validates it (`struct hsmp_msg_desc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Descriptor {
    /// Argument words the message takes (must be exact).
    pub num_args: u16,
    /// Response words (GET and SET: exact; SET_GET: at most this many).
    pub response_sz: u16,
    /// GET, SET or SET_GET.
    pub msg_type: MsgType,
}

macro_rules! messages {
    ($( $(#[$doc:meta])* $name:ident = $id:literal, $args:literal, $resp:literal, $ty:ident; )*) => {
        $( $(#[$doc])* pub const $name: u32 = $id; )*

        /// The descriptor of a message id; `None` for a reserved or unknown id (the driver
        /// answers those with ENOMSG, or EPERM first for a reserved id on a read-only
        /// descriptor: [`validate`]).
        pub fn descriptor(msg_id: u32) -> Option<Descriptor> {
            match msg_id {
                $( $id => Some(Descriptor { num_args: $args, response_sz: $resp, msg_type: MsgType::$ty }), )*
                _ => None,
            }
        }

        /// The message's name as the kernel header spells it (`"HSMP_GET_SOCKET_POWER"`).
        pub fn message_name(msg_id: u32) -> Option<&'static str> {
            match msg_id {
                $( $id => Some(concat!("HSMP_", stringify!($name))), )*
                _ => None,
            }
        }
    };
}

messages! {
    /// 0x01: `args\[0\] + 1` (a mailbox test).
    TEST = 0x01, 1, 1, Get;
    /// 0x02: SMU firmware version, major\[23:16\] minor\[15:8\] debug\[7:0\].
    GET_SMU_VER = 0x02, 0, 1, Get;
    /// 0x03: HSMP protocol version.
    GET_PROTO_VER = 0x03, 0, 1, Get;
    /// 0x04: average socket power, mW.
    GET_SOCKET_POWER = 0x04, 0, 1, Get;
    /// 0x05: set the socket power limit, mW.
    SET_SOCKET_POWER_LIMIT = 0x05, 1, 0, Set;
    /// 0x06: socket power limit, mW.
    GET_SOCKET_POWER_LIMIT = 0x06, 0, 1, Get;
    /// 0x07: maximum socket power limit, mW.
    GET_SOCKET_POWER_LIMIT_MAX = 0x07, 0, 1, Get;
    /// 0x08: set a core's boost limit: APIC id\[31:16\] | MHz\[15:0\].
    SET_BOOST_LIMIT = 0x08, 1, 0, Set;
    /// 0x09: set every core's boost limit, MHz.
    SET_BOOST_LIMIT_SOCKET = 0x09, 1, 0, Set;
    /// 0x0A: a core's boost limit (APIC id in), MHz.
    GET_BOOST_LIMIT = 0x0A, 1, 1, Get;
    /// 0x0B: PROCHOT status (1 asserted).
    GET_PROC_HOT = 0x0B, 0, 1, Get;
    /// 0x0C: xGMI link width range: get\[31\] | min\[15:8\] | max\[7:0\].
    SET_XGMI_LINK_WIDTH = 0x0C, 1, 1, SetGet;
    /// 0x0D: APB disable with a DF P-state: get\[31\] | P-state\[7:0\]; out APB disabled\[8\] | P-state\[7:0\].
    SET_DF_PSTATE = 0x0D, 1, 1, SetGet;
    /// 0x0E: APB enable (automatic DF P-state).
    SET_AUTO_DF_PSTATE = 0x0E, 0, 0, Set;
    /// 0x0F: FCLK and MCLK, MHz (two words).
    GET_FCLK_MCLK = 0x0F, 0, 2, Get;
    /// 0x10: CCLK frequency limit of the socket, MHz.
    GET_CCLK_THROTTLE_LIMIT = 0x10, 0, 1, Get;
    /// 0x11: socket C0 residency, %.
    GET_C0_PERCENT = 0x11, 0, 1, Get;
    /// 0x12: set an NBIO's LCLK DPM range: NBIO\[23:16\] | max\[15:8\] | min\[7:0\].
    SET_NBIO_DPM_LEVEL = 0x12, 1, 0, Set;
    /// 0x13: an NBIO's LCLK DPM range (NBIO\[23:16\] in): max\[15:8\] | min\[7:0\].
    GET_NBIO_DPM_LEVEL = 0x13, 1, 1, Get;
    /// 0x14: DDR bandwidth: max Gbps\[31:20\] | used Gbps\[19:8\] | used %\[7:0\].
    GET_DDR_BANDWIDTH = 0x14, 0, 1, Get;
    /// 0x15: socket temperature: °C integer\[15:8\] | eighths\[7:5\].
    GET_TEMP_MONITOR = 0x15, 0, 1, Get;
    /// 0x16: a DIMM's temperature range\[2:0\] and refresh rate\[3\] (DIMM address in).
    GET_DIMM_TEMP_RANGE = 0x16, 1, 1, Get;
    /// 0x17: a DIMM's power: mW\[31:17\] | update ms\[16:8\] | address\[7:0\].
    GET_DIMM_POWER = 0x17, 1, 1, Get;
    /// 0x18: a DIMM's thermal sensor: raw\[31:21\] | update ms\[16:8\] | address\[7:0\].
    GET_DIMM_THERMAL = 0x18, 1, 1, Get;
    /// 0x19: socket frequency limit: MHz\[31:16\] | limiting sources\[15:0\].
    GET_SOCKET_FREQ_LIMIT = 0x19, 0, 1, Get;
    /// 0x1A: a core's CCLK limit (APIC id in), MHz.
    GET_CCLK_CORE_LIMIT = 0x1A, 1, 1, Get;
    /// 0x1B: SVI-telemetry power of all rails, mW.
    GET_RAILS_SVI = 0x1B, 0, 1, Get;
    /// 0x1C: socket frequency range: fmax MHz\[31:16\] | fmin MHz\[15:0\].
    GET_SOCKET_FMAX_FMIN = 0x1C, 0, 1, Get;
    /// 0x1D: an IO link's bandwidth (link\[15:8\] | type\[2:0\] in), Mbps.
    GET_IOLINK_BANDWITH = 0x1D, 1, 1, Get;
    /// 0x1E: an xGMI link's bandwidth (link\[15:8\] | type\[2:0\] in), Mbps.
    GET_XGMI_BANDWITH = 0x1E, 1, 1, Get;
    /// 0x1F: GMI3 link width range: min\[15:8\] | max\[7:0\].
    SET_GMI3_WIDTH = 0x1F, 1, 0, Set;
    /// 0x20: PCIe link rate control\[7:0\]; out the previous control value.
    SET_PCI_RATE = 0x20, 1, 1, Set;
    /// 0x21: power efficiency mode: get\[31\] | mode\[2:0\].
    SET_POWER_MODE = 0x21, 1, 1, SetGet;
    /// 0x22: DF P-state range: get\[31\] | min\[15:8\] | max\[7:0\].
    SET_PSTATE_MAX_MIN = 0x22, 1, 1, SetGet;
    /// 0x23: metrics table version.
    GET_METRIC_TABLE_VER = 0x23, 0, 1, Get;
    /// 0x24: refresh the metrics table (the driver copies it to `metrics_bin`).
    GET_METRIC_TABLE = 0x24, 0, 0, Get;
    /// 0x25: the metrics table's DRAM address (two words).
    GET_METRIC_TABLE_DRAM_ADDR = 0x25, 0, 2, Get;
    /// 0x26: xGMI P-state range: get\[31\] | min\[15:8\] | max\[7:0\].
    SET_XGMI_PSTATE_RANGE = 0x26, 1, 1, SetGet;
    /// 0x27: CPU rail isofrequency policy: get\[31\] | policy\[0\].
    CPU_RAIL_ISO_FREQ_POLICY = 0x27, 1, 1, SetGet;
    /// 0x28: DF C-state enable: get\[31\] | enable\[0\].
    DFC_ENABLE_CTRL = 0x28, 1, 1, SetGet;
    /// 0x29: PC6 enable: get\[31\] | enable\[0\].
    PC6_ENABLE = 0x29, 1, 1, SetGet;
    /// 0x2A: CC6 enable: get\[31\] | enable\[0\].
    CC6_ENABLE = 0x2A, 1, 1, SetGet;
    /// 0x30: RAPL units: time unit\[19:16\] | energy status unit\[12:8\].
    GET_RAPL_UNITS = 0x30, 0, 1, Get;
    /// 0x31: a core's RAPL energy counter (APIC id in): low word, high word.
    GET_RAPL_CORE_COUNTER = 0x31, 1, 2, Get;
    /// 0x32: the socket's RAPL energy counter: low word, high word.
    GET_RAPL_PACKAGE_COUNTER = 0x32, 0, 2, Get;
    /// 0x33: DIMM sideband register read.
    DIMM_SB_RD = 0x33, 1, 1, Get;
    /// 0x34: a CCD's average power (APIC id in), mW.
    READ_CCD_POWER = 0x34, 1, 1, Get;
    /// 0x35: thermal solution behaviour.
    READ_TDELTA = 0x35, 0, 1, Get;
    /// 0x36: SVI3 VR controller temperature.
    GET_SVI3_VR_CTRL_TEMP = 0x36, 1, 1, Get;
    /// 0x37: bitmap of enabled HSMP commands (three words).
    GET_ENABLED_HSMP_CMDS = 0x37, 1, 3, Get;
    /// 0x38: floor frequency limits.
    SET_GET_FLOOR_LIMIT = 0x38, 1, 1, SetGet;
    /// 0x39: DIMM sideband register write.
    DIMM_SB_WR = 0x39, 1, 0, Set;
    /// 0x3A: SDPS limit: get\[31\] | limit\[30:0\].
    SDPS_LIMIT = 0x3A, 1, 1, SetGet;
}

/// Bit 31 of `args\[0\]`: a SET_GET message that reads.
pub const GET_BIT: u32 = 1 << 31;

/// Whether the driver treats `msg` as a GET (needs a readable descriptor): GET messages, and
/// SET_GET messages with [`GET_BIT`] set. Unknown ids are not GETs.
pub fn is_get(msg: &HsmpMessage) -> bool {
    match descriptor(msg.msg_id).map(|d| d.msg_type) {
        Some(MsgType::Get) => true,
        Some(MsgType::SetGet) => msg.args[0] & GET_BIT != 0,
        _ => false,
    }
}

/// One past the last message id the driver's table describes (`HSMP_MSG_ID_MAX`): ids from
/// [`TEST`] up to this one index `hsmp_msg_desc_table`; reserved ids among them (2Bh–2Fh) have
/// no [`descriptor`].
pub const MSG_ID_MAX: u32 = 0x3B;

/// The driver's checks before a message reaches the SMU, in the mainline driver's order
/// (`drivers/platform/x86/amd/hsmp/hsmp.c`: `hsmp_ioctl`, then `hsmp_send_message`'s
/// `validate_message`):
///
/// 1. the id within the table's bounds, [`TEST`]..[`MSG_ID_MAX`] (`hsmp_ioctl`), else ENOMSG;
/// 2. the descriptor's open mode against the message's direction (`hsmp_ioctl`,
///    `is_get_msg`): a read-only descriptor sends only GETs ([`is_get`]; a reserved id is
///    none), a write-only one anything else, else EPERM;
/// 3. a reserved id (`validate_message`), else ENOMSG;
/// 4. exactly the descriptor's argument count, else EINVAL;
/// 5. the response size: exact for GET and SET, at most the descriptor's for SET_GET, else
///    EINVAL.
///
/// So the open mode is checked before the id is known to be reserved: a reserved id on a
/// read-only descriptor is EPERM, on a write-only or read-write one ENOMSG. The socket index
/// comes after all of these (`hsmp_send_message`: ENODEV), and is the transport's to check.
pub fn validate(msg: &HsmpMessage, access: Access) -> std::result::Result<Descriptor, Errno> {
    if !(TEST..MSG_ID_MAX).contains(&msg.msg_id) {
        return Err(Errno::ENOMSG);
    }
    let allowed = match access {
        Access::Read => is_get(msg),
        Access::Write => !is_get(msg),
        Access::ReadWrite => true,
    };
    if !allowed {
        return Err(Errno::EPERM);
    }
    let desc = descriptor(msg.msg_id).ok_or(Errno::ENOMSG)?;
    if msg.num_args != desc.num_args {
        return Err(Errno::EINVAL);
    }
    let response_ok = match desc.msg_type {
        MsgType::SetGet => msg.response_sz <= desc.response_sz,
        MsgType::Get | MsgType::Set => msg.response_sz == desc.response_sz,
    };
    if !response_ok {
        return Err(Errno::EINVAL);
    }
    Ok(desc)
}

/// The AMD SMI status of a failed HSMP message's errno (see the module docs).
pub fn errno_status(errno: Errno) -> Status {
    match errno {
        Errno::EACCES | Errno::EPERM => Status::NoPerm,
        Errno::ENOENT => Status::FileNotFound,
        Errno::ENODEV | Errno::EAGAIN | Errno::EBUSY => Status::Busy,
        Errno::EBADF | Errno::EISDIR => Status::FileError,
        Errno::EINTR => Status::Interrupt,
        Errno::EIO => Status::UnexpectedSize,
        Errno::ENOMEM => Status::OutOfResources,
        Errno::EFAULT => Status::ArgPtrNull,
        Errno::EINVAL => Status::Inval,
        Errno::ETIMEDOUT => Status::HsmpTimeout,
        Errno::ENOMSG => Status::NoHsmpMsgSup,
        Errno::EREMOTEIO => Status::Io,
        _ => Status::UnknownError,
    }
}

/// The error of message `msg_id` failing with `errno` on the device at `path`.
pub(crate) fn message_error(path: &Path, msg_id: u32, errno: Errno) -> Error {
    let name = message_name(msg_id).unwrap_or("unknown HSMP message");
    Error::new(errno_status(errno)).with_path(path).with_detail(format!("{name} (0x{msg_id:02x}): {errno}"))
}

/// Opens the HSMP device at `path` (`dev/hsmp` under the root): a character device gives the
/// real ioctl (a descriptor is opened per message, as E-SMI does), a regular file the emulated
/// SMU it describes, anything else or nothing NO_HSMP_DRV. An emulated SMU file that does not
/// parse is UNEXPECTED_DATA with the path.
///
/// With the `fixtures` feature, either is wrapped so that its GET answers are noted under a
/// capture ([`emulated::Noted`]).
pub fn open(path: &Path) -> Result<Box<dyn HsmpTransport>> {
    let transport: Box<dyn HsmpTransport> = match sysfs::device_node(path, Status::NoHsmpDrv)? {
        DeviceNode::Device => Box::new(ioctl::DeviceTransport::new(path)),
        #[cfg(feature = "fixtures")]
        DeviceNode::Fixture => Box::new(emulated::EmulatedSmu::open(path)?),
    };
    #[cfg(feature = "fixtures")]
    let transport = Box::new(emulated::Noted { path: path.to_path_buf(), inner: transport });
    Ok(transport)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_match_the_kernel_table() {
        assert_eq!(descriptor(0x00), None);
        assert_eq!(descriptor(0x2B), None);
        assert_eq!(descriptor(0x3B), None);
        let d = descriptor(GET_FCLK_MCLK).unwrap();
        assert_eq!((d.num_args, d.response_sz, d.msg_type), (0, 2, MsgType::Get));
        let d = descriptor(SET_PCI_RATE).unwrap();
        assert_eq!((d.num_args, d.response_sz, d.msg_type), (1, 1, MsgType::Set));
        let d = descriptor(GET_RAPL_CORE_COUNTER).unwrap();
        assert_eq!((d.num_args, d.response_sz), (1, 2));
        assert_eq!(message_name(GET_SOCKET_POWER), Some("HSMP_GET_SOCKET_POWER"));
        // Every id of 0x01..=0x2A and 0x30..=0x3A is known, nothing else below 0x40.
        let known: Vec<u32> = (0..0x40).filter(|&id| descriptor(id).is_some()).collect();
        let expected: Vec<u32> = (0x01..=0x2A).chain(0x30..=0x3A).collect();
        assert_eq!(known, expected);
    }

    #[test]
    fn validation_as_the_driver_does() {
        let get = HsmpMessage::new(GET_SOCKET_POWER, 0, &[], 1);
        assert_eq!(validate(&get, Access::Read), Ok(descriptor(GET_SOCKET_POWER).unwrap()));
        assert!(validate(&get, Access::ReadWrite).is_ok());
        let set = HsmpMessage::new(SET_SOCKET_POWER_LIMIT, 0, &[1000], 0);
        assert!(validate(&set, Access::Write).is_ok());
        assert!(validate(&set, Access::ReadWrite).is_ok());
        // SET_GET: bit 31 picks the direction; the response size is a maximum.
        let read = HsmpMessage::new(DFC_ENABLE_CTRL, 0, &[GET_BIT], 1);
        assert!(validate(&read, Access::Read).is_ok());
        let write = HsmpMessage::new(DFC_ENABLE_CTRL, 0, &[1], 0);
        assert!(validate(&write, Access::Write).is_ok());
        assert!(validate(&HsmpMessage::new(DFC_ENABLE_CTRL, 0, &[1], 1), Access::Write).is_ok());
        // The last id the table describes.
        assert!(validate(&HsmpMessage::new(MSG_ID_MAX - 1, 0, &[GET_BIT], 1), Access::Read).is_ok());
    }

    /// One test per check of `hsmp_ioctl` and `validate_message`, each failing only that check.
    #[test]
    fn each_driver_check() {
        // 1. The id out of the table's bounds: ENOMSG.
        assert_eq!(validate(&HsmpMessage::new(0, 0, &[], 0), Access::ReadWrite), Err(Errno::ENOMSG));
        assert_eq!(validate(&HsmpMessage::new(MSG_ID_MAX, 0, &[], 0), Access::ReadWrite), Err(Errno::ENOMSG));
        // 2. The open mode: a read-only descriptor sends only GETs, a write-only one no GET.
        let get = HsmpMessage::new(GET_SOCKET_POWER, 0, &[], 1);
        assert_eq!(validate(&get, Access::Write), Err(Errno::EPERM));
        let set = HsmpMessage::new(SET_SOCKET_POWER_LIMIT, 0, &[1000], 0);
        assert_eq!(validate(&set, Access::Read), Err(Errno::EPERM));
        assert_eq!(validate(&HsmpMessage::new(DFC_ENABLE_CTRL, 0, &[1], 0), Access::Read), Err(Errno::EPERM));
        assert_eq!(validate(&HsmpMessage::new(DFC_ENABLE_CTRL, 0, &[GET_BIT], 1), Access::Write), Err(Errno::EPERM));
        // 3. A reserved id inside the bounds: ENOMSG.
        assert_eq!(validate(&HsmpMessage::new(0x2C, 0, &[], 0), Access::ReadWrite), Err(Errno::ENOMSG));
        // 4. The argument count: EINVAL.
        assert_eq!(validate(&HsmpMessage::new(GET_SOCKET_POWER, 0, &[1], 1), Access::Read), Err(Errno::EINVAL));
        assert_eq!(validate(&HsmpMessage::new(SET_SOCKET_POWER_LIMIT, 0, &[], 0), Access::Write), Err(Errno::EINVAL));
        // 5. The response size: exact for GET and SET, at most the descriptor's for SET_GET.
        assert_eq!(validate(&HsmpMessage::new(GET_SOCKET_POWER, 0, &[], 0), Access::Read), Err(Errno::EINVAL));
        assert_eq!(validate(&HsmpMessage::new(SET_SOCKET_POWER_LIMIT, 0, &[1], 1), Access::Write), Err(Errno::EINVAL));
        assert_eq!(validate(&HsmpMessage::new(DFC_ENABLE_CTRL, 0, &[1], 2), Access::Write), Err(Errno::EINVAL));
    }

    /// Requests that break two rules get the first rule's errno, in the driver's order.
    #[test]
    fn driver_check_order() {
        // Bounds before mode: an out-of-range id (no GET) on a read-only descriptor is ENOMSG.
        assert_eq!(validate(&HsmpMessage::new(0, 0, &[], 0), Access::Read), Err(Errno::ENOMSG));
        assert_eq!(validate(&HsmpMessage::new(MSG_ID_MAX, 0, &[GET_BIT], 1), Access::Write), Err(Errno::ENOMSG));
        // Mode before the reserved id: a reserved id is no GET, so a read-only descriptor is
        // refused first (EPERM); on a write-only one the id is then found reserved (ENOMSG).
        assert_eq!(validate(&HsmpMessage::new(0x2C, 0, &[], 0), Access::Read), Err(Errno::EPERM));
        assert_eq!(validate(&HsmpMessage::new(0x2C, 0, &[], 0), Access::Write), Err(Errno::ENOMSG));
        // Mode before the counts: a SET with a wrong argument count on a read-only descriptor.
        assert_eq!(validate(&HsmpMessage::new(SET_SOCKET_POWER_LIMIT, 0, &[], 3), Access::Read), Err(Errno::EPERM));
        // The reserved id before the counts.
        assert_eq!(validate(&HsmpMessage::new(0x2D, 0, &[1, 2], 5), Access::ReadWrite), Err(Errno::ENOMSG));
    }

    #[test]
    fn message_builder_counts_arguments() {
        let msg = HsmpMessage::new(TEST, 3, &[41], 1);
        assert_eq!((msg.num_args, msg.response_sz, msg.args[0], msg.sock_ind), (1, 1, 41, 3));
        let many = HsmpMessage::new(TEST, 0, &[1; 12], 1);
        assert_eq!(many.num_args, 8);
    }

    #[test]
    fn errno_mapping_follows_esmi_and_amd_smi() {
        assert_eq!(errno_status(Errno::ETIMEDOUT), Status::HsmpTimeout);
        assert_eq!(errno_status(Errno::ENOMSG), Status::NoHsmpMsgSup);
        assert_eq!(errno_status(Errno::EINVAL), Status::Inval);
        assert_eq!(errno_status(Errno::EPERM), Status::NoPerm);
        assert_eq!(errno_status(Errno::ENODEV), Status::Busy);
        assert_eq!(errno_status(Errno::EIO), Status::UnexpectedSize);
        assert_eq!(errno_status(Errno::EREMOTEIO), Status::Io);
        assert_eq!(errno_status(Errno::E2BIG), Status::UnknownError);
        let err = message_error(Path::new("/dev/hsmp"), GET_PROC_HOT, Errno::ETIMEDOUT);
        assert_eq!(err.status(), Status::HsmpTimeout);
        assert_eq!(err.detail(), Some("HSMP_GET_PROC_HOT (0x0b): ETIMEDOUT: Connection timed out"));
    }

    #[test]
    fn open_missing_or_odd_is_no_driver() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("hsmp");
        let err = open(&missing).unwrap_err();
        assert_eq!((err.status(), err.path()), (Status::NoHsmpDrv, Some(missing.as_path())));
        assert_eq!(open(dir.path()).unwrap_err().status(), Status::NoHsmpDrv);
    }
}

//! AMD EPYC CPUs: sockets and cores, their HSMP telemetry and controls, and energy counters —
//! the "CPU APIs" of AMD SMI, which AMD implements with its E-SMI library.
//!
//! [`crate::ContextBuilder`] discovers CPUs when asked (`INIT_AMD_CPUS`): one processor of type
//! `AMD_CPU` per socket, followed by one `AMD_CPU_CORE` per physical core of it, in a socket
//! named `"0"`, `"1"`, ... (after any GPU sockets). Discovery follows E-SMI 4.2's `esmi_init`
//! (the E-SMI AMD SMI 7.0.2 is built with), in its order: the CPU's identity ([`topology`]: an
//! AMD CPU, else NON_AMD_CPU; family 19h or later, else NOT_SUPPORTED), then `/dev/hsmp` and
//! socket 0's answer to the HSMP protocol version query (which with the family and model picks
//! the platform's supported messages, [`crate::hsmp::platform`]), then the energy source
//! ([`energy`], whose choice depends on that answer); with neither an HSMP driver that answered
//! nor an energy source, NO_DRV (`ESMI_NO_DRV`). Asked together with GPUs, a CPU discovery
//! failure leaves the CPUs out.
//!
//! Every HSMP function checks, in E-SMI 4.2's order: the message in the platform's table (else
//! NO_HSMP_MSG_SUP, before anything is sent: `check_sup`), an HSMP driver that answered (else
//! NO_HSMP_DRV), the handle's kind (a socket function given a core handle, or the reverse, is
//! INVAL), E-SMI's argument limits (INVAL); then it sends the message through the
//! [`crate::hsmp::HsmpTransport`].
//!
//! ## Without an HSMP driver
//!
//! Choice recorded, following E-SMI 4.2 (`e_smi.c`, `e_smi_plat.c`) as AMD SMI 7.0.2 passes its
//! statuses through (`amdsmi_errno_to_esmi_status`, the `esmi_status_map`): with no `/dev/hsmp`,
//! or one whose protocol query fails, and an energy driver, discovery succeeds (`esmi_init`
//! returns success when any of HSMP, amd_energy, msr_safe, msr is there). E-SMI's platform table
//! is then empty (`init_platform_info` only runs after the protocol query answered), so every
//! function that sends an HSMP message fails with NO_HSMP_MSG_SUP (`check_sup` runs before
//! `CHECK_HSMP_INPUT`), the metrics table included. Three functions check the driver first and
//! fail with NO_HSMP_DRV: `amdsmi_get_cpu_hsmp_proto_ver` (`esmi_hsmp_proto_ver_get`),
//! `amdsmi_get_cpu_hsmp_driver_version` (`esmi_hsmp_driver_version_get`) and
//! `amdsmi_set_cpu_xgmi_width` (`esmi_xgmi_width_set`). Energy, family, model, topology and the
//! first online core keep working.
//!
//! ## Keys and units
//!
//! Result fields carry the keys the spec's examples read (`ddr_bw['max_bw']`,
//! `dimm['power']`, `nbio['nbio_max_dpm_level']`, `mtbl['accumulation_counter']`) and, where
//! the spec shows none, the keys of AMD SMI's Python wrapper (`smu_fw_major_ver_num`, `fclk`,
//! `freq_src`, `max_socket_freq`, `dimm_temperature_range`, ...). Values are numbers in the unit
//! each field's documentation names (mW, MHz, %, Gbps, m°C, µJ) where AMD's Python layer formats
//! strings such as `"95123 mW"`.
//!
//! ## Differences from AMD SMI
//!
//! * Core handles name a core by its first thread's logical CPU number (E-SMI's core index), so
//!   the cores of socket 1 are distinct from those of socket 0; AMD SMI 7.0 numbers the cores of
//!   every socket from 0, which makes its socket-1 core handles address socket 0's cores.
//!   `amdsmi_get_processor_info` of a core is that CPU number.
//! * The SMU firmware version and the metrics table version are asked of the handle's socket
//!   (E-SMI always asks socket 0).
//! * Family, model and threads per core come from `/proc/cpuinfo` instead of `cpuid` (so a
//!   root without `/proc/cpuinfo` fails discovery with that file's error, where E-SMI always
//!   has a CPU to ask).
//! * With no HSMP driver and no energy driver, `amdsmi_init(AMDSMI_INIT_AMD_CPUS)` of AMD SMI
//!   7.0.2 returns E-SMI's `ESMI_NO_DRV` cast unconverted to `amdsmi_status_t` (5, which reads
//!   as FAIL_LOAD_SYMBOL: `populate_amd_cpus`'s `static_cast<amdsmi_status_t>(esmi_init())`,
//!   removed as incorrect in AMD SMI 26.5.0); discovery here fails with the status that
//!   E-SMI status means, NO_DRV (51), as AMD SMI's `esmi_status_map` converts it everywhere
//!   else. AMD SMI 7.0.2 also fails the whole `amdsmi_init` when CPU discovery fails beside
//!   GPUs; this crate leaves the CPUs out (AMD SMI 26.5.0's behaviour).

pub mod energy;
mod functions;
pub mod topology;
mod view;

pub use functions::SockInfo;
pub use view::{CpuCore, CpuSocket, ProcessorCounts};

use std::path::PathBuf;

use crate::error::{Error, Result, Status};
use crate::hsmp::{self, platform::Platform, Access, HsmpMessage, HsmpTransport, MAX_MSG_LEN};
use crate::sysfs::{self, Root};
use energy::EnergySource;
use topology::Topology;

/// The HSMP device, as a kernel path.
pub const HSMP_DEVICE: &str = "/dev/hsmp";

/// The HSMP frequency-limit sources, bit 0 first (`GET_SOCKET_FREQ_LIMIT` bits 15:0), as E-SMI
/// names them.
pub const FREQ_LIMIT_SOURCES: [&str; 11] = [
    "cHTC-Active",
    "PROCHOT",
    "TDC Limit (CPU rail)",
    "PPT Limit",
    "OPN Max",
    "Reliability Limit",
    "APML Agent",
    "HSMP Agent",
    "VRHOT(Voltage Regulator Hot)",
    "TDC Limit (VDD_MEM_S3 rail)",
    "SOC and DIMM Power Limit",
];

/// A CPU processor of a context: a socket, or one core of a socket (index into its cores).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum CpuProcessor {
    /// Socket `n`.
    Socket(u32),
    /// Core `core` (an index into the socket's cores) of socket `socket`.
    Core {
        /// The socket index.
        socket: u32,
        /// The core's index in [`topology::Socket::cores`].
        core: u32,
    },
}

/// A working HSMP mailbox: its transport, protocol and platform.
#[derive(Debug)]
struct Hsmp {
    path: PathBuf,
    transport: Box<dyn HsmpTransport>,
    proto_ver: u32,
    platform: Platform,
}

/// The machine's EPYC CPUs as one context sees them.
#[derive(Debug)]
pub(crate) struct CpuSystem {
    root: Root,
    topology: Topology,
    /// The HSMP mailbox, or the error every HSMP function reports (NO_HSMP_DRV).
    hsmp: std::result::Result<Hsmp, Error>,
    energy: EnergySource,
}

impl CpuSystem {
    /// Discovers the CPUs under `root` (see the module docs for the order of the checks).
    pub(crate) fn discover(root: &Root) -> Result<CpuSystem> {
        // esmi_init: the CPU's identity first (detect_packages, the family check).
        let topology = Topology::read(root)?;
        let path = root.path(HSMP_DEVICE);
        let hsmp = if sysfs::exists(&path) {
            let transport = hsmp::open(&path)?;
            let mut msg = HsmpMessage::new(hsmp::GET_PROTO_VER, 0, &[], 1);
            match transport.send(&mut msg, Access::Read) {
                Ok(()) => {
                    let proto_ver = msg.args[0];
                    let platform = Platform::detect(proto_ver, topology.family, topology.model);
                    Ok(Hsmp { path: path.clone(), transport, proto_ver, platform })
                }
                Err(e) => Err(Error::new(Status::NoHsmpDrv)
                    .with_path(&path)
                    .with_detail(format!("the HSMP protocol version query failed: {e}"))),
            }
        } else {
            Err(Error::new(Status::NoHsmpDrv).with_path(&path).with_detail("no HSMP device"))
        };
        let hsmp_rapl = hsmp.as_ref().is_ok_and(|h| h.platform.hsmp_rapl);
        let rapl_64bit = hsmp::platform::rapl_64bit(topology.family, topology.model);
        let energy = EnergySource::detect(root, hsmp_rapl, rapl_64bit);
        if let (Err(no_hsmp), EnergySource::None) = (&hsmp, &energy) {
            let energy_drivers = if rapl_64bit { "msr_safe, amd_energy or msr" } else { "amd_energy" };
            return Err(Error::new(Status::NoDrv)
                .with_path(&path)
                .with_detail(format!("{}; no {energy_drivers} driver", no_hsmp.detail().unwrap_or("no HSMP driver"))));
        }
        Ok(CpuSystem { root: root.clone(), topology, hsmp, energy })
    }

    /// The processors of every socket: the socket, then its cores.
    pub(crate) fn processors(&self) -> Vec<Vec<CpuProcessor>> {
        (0u32..)
            .zip(&self.topology.sockets)
            .map(|(s, socket)| {
                let cores = (0u32..).zip(&socket.cores).map(|(core, _)| CpuProcessor::Core { socket: s, core });
                std::iter::once(CpuProcessor::Socket(s)).chain(cores).collect()
            })
            .collect()
    }

    /// What `amdsmi_get_processor_info` reports: the socket index, or the core's CPU number.
    pub(crate) fn processor_index(&self, processor: CpuProcessor) -> u32 {
        match processor {
            CpuProcessor::Socket(socket) => socket,
            CpuProcessor::Core { socket, core } => self.core(socket, core).map_or(u32::MAX, |c| c.cpu),
        }
    }

    /// Core `core` of socket `socket`.
    fn core(&self, socket: u32, core: u32) -> Option<topology::Core> {
        self.topology.sockets.get(socket as usize)?.cores.get(core as usize).copied()
    }

    /// The working mailbox, if message `msg_id` may be sent on this platform. Without a
    /// mailbox that answered, every message is NO_HSMP_MSG_SUP: E-SMI 4.2 checks the message
    /// against its platform table (`check_sup`) before it checks the driver, and with no driver
    /// that table is empty.
    fn hsmp_for(&self, msg_id: u32) -> Result<&Hsmp> {
        let name = hsmp::message_name(msg_id).unwrap_or("an unknown HSMP message");
        let hsmp = self.hsmp.as_ref().map_err(|no_hsmp| {
            let mut err = Error::new(Status::NoHsmpMsgSup).with_detail(format!(
                "{name} (0x{msg_id:02x}) is in no platform table: {}",
                no_hsmp.detail().unwrap_or("no HSMP driver")
            ));
            if let Some(path) = no_hsmp.path() {
                err = err.with_path(path);
            }
            err
        })?;
        if !hsmp.platform.supports(msg_id) {
            return Err(Error::new(Status::NoHsmpMsgSup).with_path(&hsmp.path).with_detail(format!(
                "{name} (0x{msg_id:02x}) is not supported on {} (HSMP protocol {})",
                hsmp.platform.name, hsmp.proto_ver
            )));
        }
        Ok(hsmp)
    }

    /// The platform, when HSMP works (else its NO_HSMP_DRV error).
    fn platform(&self) -> Result<&Platform> {
        self.hsmp.as_ref().map(|h| &h.platform).map_err(Clone::clone)
    }

    /// Sends message `msg_id` with `args` to `socket`, expecting `response_sz` words, through a
    /// descriptor opened with `access`; the response words.
    fn send(
        &self,
        socket: u32,
        msg_id: u32,
        args: &[u32],
        response_sz: u16,
        access: Access,
    ) -> Result<[u32; MAX_MSG_LEN]> {
        let hsmp = self.hsmp_for(msg_id)?;
        let sock_ind = u16::try_from(socket).map_err(|_| Error::new(Status::Inval).with_detail("socket index"))?;
        let mut msg = HsmpMessage::new(msg_id, sock_ind, args, response_sz);
        hsmp.transport.send(&mut msg, access)?;
        Ok(msg.args)
    }

    /// A GET with no arguments and one response word.
    fn get1(&self, socket: u32, msg_id: u32) -> Result<u32> {
        self.send(socket, msg_id, &[], 1, Access::Read).map(|r| r[0])
    }
}

/// The SMU firmware version (`amdsmi_smu_fw_version_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SmuFwVersion {
    /// Debug version number.
    pub smu_fw_debug_ver_num: u8,
    /// Minor version number.
    pub smu_fw_minor_ver_num: u8,
    /// Major version number.
    pub smu_fw_major_ver_num: u8,
}

/// The HSMP driver version (`amdsmi_hsmp_driver_version_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HsmpDriverVersion {
    /// Major version number.
    pub hsmp_driver_major_ver_num: u32,
    /// Minor version number.
    pub hsmp_driver_minor_ver_num: u32,
}

/// Data fabric and memory clocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FclkMclk {
    /// Data fabric clock, MHz.
    pub fclk: u32,
    /// Memory clock, MHz.
    pub mclk: u32,
}

/// The socket's current active frequency limit and what limits it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketFreqLimit {
    /// Frequency limit, MHz.
    pub freq: u16,
    /// The limiting sources, by E-SMI's names ([`FREQ_LIMIT_SOURCES`]).
    pub freq_src: Vec<String>,
}

/// The socket's frequency range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketFreqRange {
    /// Maximum frequency (Fmax), MHz.
    pub max_socket_freq: u16,
    /// Minimum frequency (Fmin), MHz.
    pub min_socket_freq: u16,
}

/// DDR bandwidth (`amdsmi_ddr_bw_metrics_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DdrBwMetrics {
    /// Theoretical maximum DDR bandwidth, Gbps.
    pub max_bw: u32,
    /// Utilized DDR bandwidth, Gbps.
    pub utilized_bw: u32,
    /// Utilized DDR bandwidth, % of the maximum.
    pub utilized_pct: u32,
}

/// A DIMM's temperature range and refresh rate (`amdsmi_temp_range_refresh_rate_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DimmTempRangeRefreshRate {
    /// Temperature range, the JEDEC MR4 encoding (3 bits).
    pub dimm_temperature_range: u8,
    /// Refresh rate mode: 0 1x, 1 2x.
    pub dimm_refresh_rate: u8,
}

/// A DIMM's power (`amdsmi_dimm_power_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DimmPower {
    /// Power, mW.
    pub power: u16,
    /// Time since the last update, ms (0: under 1 ms; 511: 511 ms or more).
    pub update_rate: u16,
    /// The DIMM address.
    pub dimm_addr: u8,
}

/// A DIMM's thermal sensor (`amdsmi_dimm_thermal_t`).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DimmThermal {
    /// Raw sensor value (11 bits, 0.25 °C steps, two's complement above 0x3FF).
    pub sensor: u16,
    /// Time since the last update, ms (0: under 1 ms; 511: 511 ms or more).
    pub update_rate: u16,
    /// The DIMM address.
    pub dimm_addr: u8,
    /// Temperature, °C.
    pub temp: f32,
}

/// An NBIO's LCLK DPM level range (`amdsmi_dpm_level_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DpmLevel {
    /// Highest LCLK DPM level.
    pub nbio_max_dpm_level: u8,
    /// Lowest LCLK DPM level.
    pub nbio_min_dpm_level: u8,
}

pub use crate::hsmp::metrics::HsmpMetricsTable;

#[cfg(test)]
pub(crate) mod testing {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A transport that records every message reaching it (as sent) before passing it on.
    #[derive(Debug)]
    pub(crate) struct Recording {
        inner: Box<dyn HsmpTransport>,
        pub(crate) sent: Arc<Mutex<Vec<(HsmpMessage, Access)>>>,
    }

    impl HsmpTransport for Recording {
        fn send(&self, msg: &mut HsmpMessage, access: Access) -> Result<()> {
            self.sent.lock().unwrap().push((*msg, access));
            self.inner.send(msg, access)
        }
    }

    /// Stands in for a moment while the real transport moves into the recorder.
    #[derive(Debug)]
    struct Unreachable;

    impl HsmpTransport for Unreachable {
        fn send(&self, _: &mut HsmpMessage, _: Access) -> Result<()> {
            Err(Error::new(Status::UnknownError))
        }
    }

    /// Wraps `cpu`'s transport in a [`Recording`]; the log of what it sends.
    pub(crate) fn record(cpu: &mut CpuSystem) -> Arc<Mutex<Vec<(HsmpMessage, Access)>>> {
        let sent = Arc::new(Mutex::new(Vec::new()));
        let hsmp = cpu.hsmp.as_mut().expect("a working HSMP");
        let inner = std::mem::replace(&mut hsmp.transport, Box::new(Unreachable));
        hsmp.transport = Box::new(Recording { inner, sent: sent.clone() });
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsupported_messages_are_never_sent() {
        let root = Root::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines/genoa-2s"));
        let mut cpu = CpuSystem::discover(&root).unwrap();
        let sent = testing::record(&mut cpu);
        assert_eq!(cpu.get1(0, hsmp::GET_SOCKET_POWER).unwrap(), 95123);
        assert_eq!(sent.lock().unwrap().len(), 1);
        // 15h (temperature), 23h (metrics table version), 27h, 30h: not on Genoa.
        for id in
            [hsmp::GET_TEMP_MONITOR, hsmp::GET_METRIC_TABLE_VER, hsmp::CPU_RAIL_ISO_FREQ_POLICY, hsmp::GET_RAPL_UNITS]
        {
            assert_eq!(cpu.get1(0, id).unwrap_err().status(), Status::NoHsmpMsgSup);
        }
        assert_eq!(sent.lock().unwrap().len(), 1);
    }
}

//! The CPU functions of the spec, as [`Context`] methods (the documented `amdsmi_*` free
//! functions in [`crate::api`] forward to them).

use super::view::{CpuCore, CpuSocket};
use crate::context::Context;
use crate::error::{Error, Result, Status};
use crate::hsmp::{self, Access, GET_BIT};
use crate::parse;
use crate::sysfs;

use super::energy::{self, EnergySource};
use super::topology::{Core, CPU_SYS};
use super::{
    CpuSystem, DdrBwMetrics, DimmPower, DimmTempRangeRefreshRate, DimmThermal, DpmLevel, FclkMclk, HsmpDriverVersion,
    HsmpMetricsTable, SmuFwVersion, SocketFreqLimit, SocketFreqRange, FREQ_LIMIT_SOURCES,
};

/// Where the HSMP driver reports its version, in E-SMI's order.
const DRIVER_VERSION_FILES: [&str; 2] = ["/sys/module/hsmp_common/version", "/sys/module/amd_hsmp/version"];

/// The one read of `metrics_bin`: a page, from offset 0. The kernel's `hsmp_metric_tbl_read`
/// answers EINVAL to a read of any other size than the table, and sysfs trims a larger read to
/// the attribute's size (the table), so one read of a page gets the whole table; it is what
/// E-SMI's one `fread` of the table asks of a 4 KiB-buffered stream.
const METRICS_BIN_READ: usize = 4096;

/// An argument outside what E-SMI accepts: INVAL.
fn invalid(detail: String) -> Error {
    Error::new(Status::Inval).with_detail(detail)
}

/// A DIMM thermal sensor's raw 11-bit value in °C (0.25 °C steps; above 0x3FF it is negative).
fn dimm_temp(raw: u16) -> f32 {
    let steps = if raw <= 0x3FF { i32::from(raw) } else { i32::from(raw) - 0x800 };
    steps as f32 * 0.25
}

impl CpuSystem {
    /// The socket's first online CPU: the first `cpu<i>` (i below the CPU count) whose
    /// `topology/physical_package_id` is `socket`; IO if none is.
    fn first_online_cpu(&self, socket: u32) -> Result<u32> {
        (0..self.topology.total_cpus)
            .find(|i| {
                let path = self.root.path(&format!("{CPU_SYS}/cpu{i}/topology/physical_package_id"));
                sysfs::read_number::<u32>(&path).is_ok_and(|s| s == socket)
            })
            .ok_or_else(|| {
                Error::new(Status::Io)
                    .with_path(&self.root.path(CPU_SYS))
                    .with_detail(format!("no online CPU on socket {socket}"))
            })
    }

    /// A raw RAPL counter read through HSMP (`counter` is 31h for a core or 32h for the
    /// package), scaled with the socket's energy status unit, in µJ.
    fn hsmp_energy(&self, socket: u32, counter: u32, args: &[u32]) -> Result<u64> {
        let units = self.get1(socket, hsmp::GET_RAPL_UNITS)?;
        let words = self.send(socket, counter, args, 2, Access::Read)?;
        let raw = u64::from(words[1]) << 32 | u64::from(words[0]);
        Ok(energy::microjoules(raw, units >> 8 & 0x1F))
    }

    /// A RAPL MSR of `cpu` in µJ, with the energy unit of CPU 0 (as E-SMI reads it).
    fn msr_energy(&self, safe: bool, cpu: u32, reg: u32) -> Result<u64> {
        let unit = energy::read_msr(&self.root.path(&energy::msr_path(0, safe)), energy::MSR_RAPL_PWR_UNIT)?;
        let raw = energy::read_msr(&self.root.path(&energy::msr_path(cpu, safe)), reg)?;
        Ok(energy::microjoules(raw, (unit >> 8 & 0x1F) as u32))
    }

    /// NO_ENERGY_DRV: no source.
    fn no_energy(&self) -> Error {
        Error::new(Status::NoEnergyDrv).with_detail("no HSMP RAPL, amd_energy, msr_safe or msr driver")
    }

    /// The energy counter of a core of `socket`, µJ.
    fn core_energy(&self, socket: u32, core: Core) -> Result<u64> {
        match &self.energy {
            EnergySource::Hsmp => self.hsmp_energy(socket, hsmp::GET_RAPL_CORE_COUNTER, &[core.apic_id & 0xFFFF]),
            EnergySource::AmdEnergy(dir) => {
                energy::read_hwmon_energy(dir, core.cpu % self.topology.physical_cores().max(1) + 1)
            }
            EnergySource::MsrSafe => self.msr_energy(true, core.cpu, energy::MSR_CORE_ENERGY_STAT),
            EnergySource::Msr => self.msr_energy(false, core.cpu, energy::MSR_CORE_ENERGY_STAT),
            EnergySource::None => Err(self.no_energy()),
        }
    }

    /// The energy counter of `socket`, µJ.
    fn socket_energy(&self, socket: u32) -> Result<u64> {
        match &self.energy {
            EnergySource::Hsmp => self.hsmp_energy(socket, hsmp::GET_RAPL_PACKAGE_COUNTER, &[]),
            EnergySource::AmdEnergy(dir) => energy::read_hwmon_energy(dir, self.topology.physical_cores() + socket + 1),
            EnergySource::MsrSafe => self.msr_energy(true, self.first_online_cpu(socket)?, energy::MSR_PKG_ENERGY_STAT),
            EnergySource::Msr => self.msr_energy(false, self.first_online_cpu(socket)?, energy::MSR_PKG_ENERGY_STAT),
            EnergySource::None => Err(self.no_energy()),
        }
    }

    /// The link id of `link_name` on this platform, as the bandwidth messages carry it in
    /// `args[0]` bits 15:8: INVAL if the platform has no such link, or if its id does not fit
    /// those 8 bits (Genoa's P4 and P5, `1 << 8` and `1 << 9`, which E-SMI 4.2 — AMD SMI 7.0.2's —
    /// refuses rather than encode into the bits above the field).
    fn link_id(&self, link_name: &str) -> Result<u32> {
        let platform = self.platform()?;
        let id = platform
            .link_id(link_name)
            .ok_or_else(|| invalid(format!("no link {link_name:?} on {}", platform.name)))?;
        if id > 0xFF {
            return Err(invalid(format!("link {link_name:?} (id {id:#x}) does not fit the link-id field, bits 15:8")));
        }
        Ok(id)
    }

    /// A SET_GET 0/1 setting: GET with bit 31, response bit 0.
    fn get_flag(&self, socket: u32, msg_id: u32) -> Result<u8> {
        Ok((self.send(socket, msg_id, &[GET_BIT], 1, Access::Read)?[0] & 1) as u8)
    }

    /// A SET_GET 0/1 setting: SET with bit 0 = `value != 0`, as AMD SMI passes a C `bool`.
    fn set_flag(&self, socket: u32, msg_id: u32, value: u8) -> Result<()> {
        self.send(socket, msg_id, &[u32::from(value != 0)], 1, Access::ReadWrite).map(drop)
    }
}

impl Context {
    /// The CPU family (e.g. 25 = 19h).
    #[doc(alias = "amdsmi_get_cpu_family")]
    pub fn cpu_family(&self) -> Result<u32> {
        Ok(self.cpu_system()?.topology.family)
    }

    /// The CPU model (e.g. 17 = 11h).
    #[doc(alias = "amdsmi_get_cpu_model")]
    pub fn cpu_model(&self) -> Result<u32> {
        Ok(self.cpu_system()?.topology.model)
    }

    /// Threads per core.
    #[doc(alias = "amdsmi_get_threads_per_core")]
    pub fn threads_per_core(&self) -> Result<u32> {
        Ok(self.cpu_system()?.topology.threads_per_core)
    }
}

impl CpuSocket<'_> {
    /// A socket GET with no arguments and one response word.
    fn socket_get1(&self, msg_id: u32) -> Result<u32> {
        let (cpu, socket) = self.parts();
        cpu.get1(socket, msg_id)
    }

    /// A socket SET with arguments and no response.
    fn socket_set(&self, msg_id: u32, args: &[u32]) -> Result<()> {
        let (cpu, socket) = self.parts();
        cpu.send(socket, msg_id, args, 0, Access::Write).map(drop)
    }

    /// The HSMP protocol version the socket's SMU reported at discovery.
    #[doc(alias = "amdsmi_get_cpu_hsmp_proto_ver")]
    pub fn hsmp_proto_ver(&self) -> Result<u32> {
        let (cpu, _) = self.parts();
        cpu.hsmp.as_ref().map(|h| h.proto_ver).map_err(Clone::clone)
    }

    /// The HSMP driver's version, from `/sys/module/hsmp_common/version`, else
    /// `/sys/module/amd_hsmp/version` (`major.minor`); FILE_NOT_FOUND without either.
    #[doc(alias = "amdsmi_get_cpu_hsmp_driver_version")]
    pub fn hsmp_driver_version(&self) -> Result<HsmpDriverVersion> {
        let (cpu, _) = self.parts();
        cpu.platform()?;
        let paths = DRIVER_VERSION_FILES.map(|f| self.context().root().path(f));
        let text = paths.iter().find_map(|p| sysfs::read_text(p).ok()).ok_or_else(|| {
            Error::new(Status::FileNotFound).with_path(&paths[1]).with_detail("no HSMP driver version file")
        })?;
        Ok(parse::version::hsmp_driver_version(&text))
    }

    /// The SMU firmware version.
    #[doc(alias = "amdsmi_get_cpu_smu_fw_version")]
    pub fn smu_fw_version(&self) -> Result<SmuFwVersion> {
        let [debug, minor, major, _] = self.socket_get1(hsmp::GET_SMU_VER)?.to_le_bytes();
        Ok(SmuFwVersion { smu_fw_debug_ver_num: debug, smu_fw_minor_ver_num: minor, smu_fw_major_ver_num: major })
    }

    /// PROCHOT status: 1 asserted, 0 not.
    #[doc(alias = "amdsmi_get_cpu_prochot_status")]
    pub fn prochot_status(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_PROC_HOT)
    }

    /// Data fabric and memory clocks, MHz.
    #[doc(alias = "amdsmi_get_cpu_fclk_mclk")]
    pub fn fclk_mclk(&self) -> Result<FclkMclk> {
        let (cpu, socket) = self.parts();
        let words = cpu.send(socket, hsmp::GET_FCLK_MCLK, &[], 2, Access::Read)?;
        Ok(FclkMclk { fclk: words[0], mclk: words[1] })
    }

    /// The socket's core clock (CCLK) limit, MHz.
    #[doc(alias = "amdsmi_get_cpu_cclk_limit")]
    pub fn cclk_limit(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_CCLK_THROTTLE_LIMIT)
    }

    /// The socket's current active frequency limit (MHz) and the sources limiting it.
    #[doc(alias = "amdsmi_get_cpu_socket_current_active_freq_limit")]
    pub fn current_active_freq_limit(&self) -> Result<SocketFreqLimit> {
        let word = self.socket_get1(hsmp::GET_SOCKET_FREQ_LIMIT)?;
        let sources = FREQ_LIMIT_SOURCES.iter().enumerate().filter(|&(bit, _)| word >> bit & 1 == 1);
        Ok(SocketFreqLimit {
            freq: (word >> 16) as u16,
            freq_src: sources.map(|(_, name)| (*name).to_owned()).collect(),
        })
    }

    /// The socket's frequency range (Fmax, Fmin), MHz.
    #[doc(alias = "amdsmi_get_cpu_socket_freq_range")]
    pub fn freq_range(&self) -> Result<SocketFreqRange> {
        let word = self.socket_get1(hsmp::GET_SOCKET_FMAX_FMIN)?;
        Ok(SocketFreqRange { max_socket_freq: (word >> 16) as u16, min_socket_freq: word as u16 })
    }

    /// Average socket power, mW.
    #[doc(alias = "amdsmi_get_cpu_socket_power")]
    pub fn power(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_SOCKET_POWER)
    }

    /// The socket power cap, mW.
    #[doc(alias = "amdsmi_get_cpu_socket_power_cap")]
    pub fn power_cap(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_SOCKET_POWER_LIMIT)
    }

    /// The highest socket power cap, mW.
    #[doc(alias = "amdsmi_get_cpu_socket_power_cap_max")]
    pub fn power_cap_max(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_SOCKET_POWER_LIMIT_MAX)
    }

    /// SVI-telemetry power of all rails, mW.
    #[doc(alias = "amdsmi_get_cpu_pwr_svi_telemetry_all_rails")]
    pub fn pwr_svi_telemetry_all_rails(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_RAILS_SVI)
    }

    /// Sets the socket power cap, mW (the SMU clamps it to the maximum).
    #[doc(alias = "amdsmi_set_cpu_socket_power_cap")]
    pub fn set_power_cap(&self, power_cap: u32) -> Result<()> {
        self.socket_set(hsmp::SET_SOCKET_POWER_LIMIT, &[power_cap])
    }

    /// Sets the power efficiency mode (0 high performance, 1 power efficient, 2 IO performance,
    /// 3 balanced memory performance, ...); above the platform's highest mode is INVAL.
    #[doc(alias = "amdsmi_set_cpu_pwr_efficiency_mode")]
    pub fn set_pwr_efficiency_mode(&self, mode: u8) -> Result<()> {
        let (cpu, socket) = self.parts();
        let max = cpu.hsmp_for(hsmp::SET_POWER_MODE)?.platform.max_pwr_eff_mode;
        if mode > max {
            return Err(invalid(format!("power efficiency mode {mode} above {max}")));
        }
        cpu.send(socket, hsmp::SET_POWER_MODE, &[u32::from(mode)], 0, Access::ReadWrite).map(drop)
    }

    /// The socket's C0 residency, %.
    #[doc(alias = "amdsmi_get_cpu_socket_c0_residency")]
    pub fn c0_residency(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_C0_PERCENT)
    }

    /// Sets every core's boost limit, MHz (above 65535 is INVAL; the SMU clamps to its range).
    #[doc(alias = "amdsmi_set_cpu_socket_boostlimit")]
    pub fn set_boostlimit(&self, boostlimit: u32) -> Result<()> {
        let (cpu, _) = self.parts();
        cpu.hsmp_for(hsmp::SET_BOOST_LIMIT_SOCKET)?;
        let mhz =
            u16::try_from(boostlimit).map_err(|_| invalid(format!("boost limit {boostlimit} MHz above 65535")))?;
        self.socket_set(hsmp::SET_BOOST_LIMIT_SOCKET, &[u32::from(mhz)])
    }

    /// DDR bandwidth: maximum and used (Gbps) and used %.
    #[doc(alias = "amdsmi_get_cpu_ddr_bw")]
    pub fn ddr_bw(&self) -> Result<DdrBwMetrics> {
        let word = self.socket_get1(hsmp::GET_DDR_BANDWIDTH)?;
        Ok(DdrBwMetrics { max_bw: word >> 20, utilized_bw: word >> 8 & 0xFFF, utilized_pct: word & 0xFF })
    }

    /// The socket temperature, m°C (0.125 °C resolution).
    #[doc(alias = "amdsmi_get_cpu_socket_temperature")]
    pub fn temperature(&self) -> Result<u32> {
        let word = self.socket_get1(hsmp::GET_TEMP_MONITOR)?;
        Ok((word >> 8 & 0xFF) * 1000 + (word >> 5 & 0x7) * 125)
    }

    /// One DIMM word (message `msg_id`, DIMM address in).
    fn dimm_word(&self, msg_id: u32, dimm_addr: u8) -> Result<u32> {
        let (cpu, socket) = self.parts();
        Ok(cpu.send(socket, msg_id, &[u32::from(dimm_addr)], 1, Access::Read)?[0])
    }

    /// A DIMM's temperature range and refresh rate.
    #[doc(alias = "amdsmi_get_cpu_dimm_temp_range_and_refresh_rate")]
    pub fn dimm_temp_range_and_refresh_rate(&self, dimm_addr: u8) -> Result<DimmTempRangeRefreshRate> {
        let word = self.dimm_word(hsmp::GET_DIMM_TEMP_RANGE, dimm_addr)?;
        Ok(DimmTempRangeRefreshRate {
            dimm_temperature_range: (word & 0x7) as u8,
            dimm_refresh_rate: (word >> 3 & 1) as u8,
        })
    }

    /// A DIMM's power (mW) and how long ago it was updated (ms).
    #[doc(alias = "amdsmi_get_cpu_dimm_power_consumption")]
    pub fn dimm_power_consumption(&self, dimm_addr: u8) -> Result<DimmPower> {
        let word = self.dimm_word(hsmp::GET_DIMM_POWER, dimm_addr)?;
        Ok(DimmPower { power: (word >> 17) as u16, update_rate: (word >> 8 & 0x1FF) as u16, dimm_addr: word as u8 })
    }

    /// A DIMM's thermal sensor: raw value, °C, and how long ago it was updated (ms).
    #[doc(alias = "amdsmi_get_cpu_dimm_thermal_sensor")]
    pub fn dimm_thermal_sensor(&self, dimm_addr: u8) -> Result<DimmThermal> {
        let word = self.dimm_word(hsmp::GET_DIMM_THERMAL, dimm_addr)?;
        let sensor = (word >> 21) as u16;
        Ok(DimmThermal {
            sensor,
            update_rate: (word >> 8 & 0x1FF) as u16,
            dimm_addr: word as u8,
            temp: dimm_temp(sensor),
        })
    }

    /// Sets the xGMI link width range of every socket (E-SMI sets them all; widths 0..=2, min
    /// not above max, else INVAL; a single-socket machine is NOT_SUPPORTED). Without an HSMP
    /// driver: NO_HSMP_DRV (E-SMI 4.2's `esmi_xgmi_width_set` checks the driver, not the
    /// platform table).
    #[doc(alias = "amdsmi_set_cpu_xgmi_width")]
    pub fn set_xgmi_width(&self, min_width: u8, max_width: u8) -> Result<()> {
        let (cpu, _) = self.parts();
        cpu.platform()?;
        let sockets = cpu.topology.sockets.len() as u32;
        if sockets < 2 {
            return Err(Error::new(Status::NotSupported).with_detail("xGMI links need two sockets"));
        }
        if min_width > max_width || max_width > 2 {
            return Err(invalid(format!("xGMI width range {min_width}..{max_width} (0 <= min <= max <= 2)")));
        }
        let arg = u32::from(min_width) << 8 | u32::from(max_width);
        (0..sockets).try_for_each(|s| cpu.send(s, hsmp::SET_XGMI_LINK_WIDTH, &[arg], 0, Access::Write).map(drop))
    }

    /// Sets the GMI3 link width range (min not above max, max within the platform's limit).
    #[doc(alias = "amdsmi_set_cpu_gmi3_link_width_range")]
    pub fn set_gmi3_link_width_range(&self, min_link_width: u8, max_link_width: u8) -> Result<()> {
        let (cpu, _) = self.parts();
        let limit = cpu.hsmp_for(hsmp::SET_GMI3_WIDTH)?.platform.gmi3_link_width_limit;
        if max_link_width > limit || max_link_width < min_link_width {
            return Err(invalid(format!("GMI3 width range {min_link_width}..{max_link_width} (limit {limit})")));
        }
        self.socket_set(hsmp::SET_GMI3_WIDTH, &[u32::from(min_link_width) << 8 | u32::from(max_link_width)])
    }

    /// Enables APB (automatic DF P-state selection).
    #[doc(alias = "amdsmi_cpu_apb_enable")]
    pub fn apb_enable(&self) -> Result<()> {
        self.socket_set(hsmp::SET_AUTO_DF_PSTATE, &[])
    }

    /// Disables APB and pins DF P-state `pstate` (0..=3, else INVAL).
    #[doc(alias = "amdsmi_cpu_apb_disable")]
    pub fn apb_disable(&self, pstate: u8) -> Result<()> {
        let (cpu, _) = self.parts();
        cpu.hsmp_for(hsmp::SET_DF_PSTATE)?;
        if pstate > 3 {
            return Err(invalid(format!("DF P-state {pstate} above 3")));
        }
        self.socket_set(hsmp::SET_DF_PSTATE, &[u32::from(pstate)])
    }

    /// Sets an NBIO's LCLK DPM level range (NBIO 0..=3, min not above max, max within the
    /// platform's highest level).
    #[doc(alias = "amdsmi_set_cpu_socket_lclk_dpm_level")]
    pub fn set_lclk_dpm_level(&self, nbio_id: u8, min_val: u8, max_val: u8) -> Result<()> {
        let (cpu, _) = self.parts();
        let highest = cpu.hsmp_for(hsmp::SET_NBIO_DPM_LEVEL)?.platform.max_dpm_level;
        if nbio_id > 3 || min_val > max_val || max_val > highest {
            return Err(invalid(format!(
                "NBIO {nbio_id} LCLK DPM {min_val}..{max_val} (NBIO 0..3, levels 0..{highest})"
            )));
        }
        let arg = u32::from(nbio_id) << 16 | u32::from(max_val) << 8 | u32::from(min_val);
        self.socket_set(hsmp::SET_NBIO_DPM_LEVEL, &[arg])
    }

    /// An NBIO's LCLK DPM level range (NBIO 0..=3, else INVAL).
    #[doc(alias = "amdsmi_get_cpu_socket_lclk_dpm_level")]
    pub fn lclk_dpm_level(&self, nbio_id: u8) -> Result<DpmLevel> {
        let (cpu, socket) = self.parts();
        cpu.hsmp_for(hsmp::GET_NBIO_DPM_LEVEL)?;
        if nbio_id > 3 {
            return Err(invalid(format!("NBIO {nbio_id} above 3")));
        }
        let word = cpu.send(socket, hsmp::GET_NBIO_DPM_LEVEL, &[u32::from(nbio_id) << 16], 1, Access::Read)?[0];
        Ok(DpmLevel { nbio_max_dpm_level: (word >> 8) as u8, nbio_min_dpm_level: word as u8 })
    }

    /// Sets the PCIe link rate control (0..= the platform's highest, else INVAL); the previous
    /// control value.
    #[doc(alias = "amdsmi_set_cpu_pcie_link_rate")]
    pub fn set_pcie_link_rate(&self, rate_ctrl: u8) -> Result<u8> {
        let (cpu, socket) = self.parts();
        let max = cpu.hsmp_for(hsmp::SET_PCI_RATE)?.platform.pci_rate_ctl_max;
        if rate_ctrl > max {
            return Err(invalid(format!("PCIe rate control {rate_ctrl} above {max}")));
        }
        let word = cpu.send(socket, hsmp::SET_PCI_RATE, &[u32::from(rate_ctrl)], 1, Access::ReadWrite)?[0];
        Ok((word & 0x3) as u8)
    }

    /// Sets the DF P-state range: `max_pstate` (highest performance) not above `min_pstate`,
    /// which is within the platform's limit, else INVAL.
    #[doc(alias = "amdsmi_set_cpu_df_pstate_range")]
    pub fn set_df_pstate_range(&self, max_pstate: u8, min_pstate: u8) -> Result<()> {
        let (cpu, _) = self.parts();
        let limit = cpu.hsmp_for(hsmp::SET_PSTATE_MAX_MIN)?.platform.df_pstate_max_limit;
        if max_pstate > min_pstate || min_pstate > limit {
            return Err(invalid(format!("DF P-state range max {max_pstate} min {min_pstate} (limit {limit})")));
        }
        self.socket_set(hsmp::SET_PSTATE_MAX_MIN, &[u32::from(min_pstate) << 8 | u32::from(max_pstate)])
    }

    /// Current bandwidth of IO link `link_name` (`"P0"`, `"G1"`, ...), Mbps; `encoding` is the
    /// bandwidth type and must be 1 (aggregate), else INVAL.
    #[doc(alias = "amdsmi_get_cpu_current_io_bandwidth")]
    pub fn current_io_bandwidth(&self, encoding: u32, link_name: &str) -> Result<u32> {
        let (cpu, socket) = self.parts();
        cpu.hsmp_for(hsmp::GET_IOLINK_BANDWITH)?;
        if encoding != 1 {
            return Err(invalid(format!("IO bandwidth type {encoding}: only 1 (aggregate)")));
        }
        let link = cpu.link_id(link_name)?;
        Ok(cpu.send(socket, hsmp::GET_IOLINK_BANDWITH, &[encoding | link << 8], 1, Access::Read)?[0])
    }

    /// Current bandwidth of xGMI link `link_name`, Mbps; `encoding` 1 aggregate, 2 read,
    /// 4 write (else INVAL).
    #[doc(alias = "amdsmi_get_cpu_current_xgmi_bw")]
    pub fn current_xgmi_bw(&self, encoding: u32, link_name: &str) -> Result<u32> {
        let (cpu, socket) = self.parts();
        cpu.hsmp_for(hsmp::GET_XGMI_BANDWITH)?;
        let link = cpu.link_id(link_name)?;
        if ![1, 2, 4].contains(&encoding) {
            return Err(invalid(format!("xGMI bandwidth type {encoding}: 1, 2 or 4")));
        }
        Ok(cpu.send(socket, hsmp::GET_XGMI_BANDWITH, &[encoding | link << 8], 1, Access::Read)?[0])
    }

    /// The HSMP metrics table version.
    #[doc(alias = "amdsmi_get_hsmp_metrics_table_version")]
    pub fn hsmp_metrics_table_version(&self) -> Result<u32> {
        self.socket_get1(hsmp::GET_METRIC_TABLE_VER)
    }

    /// The socket's HSMP metrics table, decoded ([`crate::hsmp::metrics`]), read from
    /// `/sys/devices/platform/amd_hsmp/socket<N>/metrics_bin`, else the ACPI driver's
    /// `/sys/devices/platform/AMDI0097:<NN>/metrics_bin`, in one read of a page from offset 0
    /// (the only read the kernel serves).
    #[doc(alias = "amdsmi_get_hsmp_metrics_table")]
    pub fn hsmp_metrics_table(&self) -> Result<HsmpMetricsTable> {
        let (path, bytes) = self.read_metrics_bin()?;
        hsmp::metrics::decode(&bytes).map_err(|e| e.with_path(&path))
    }

    /// The socket's HSMP metrics table as the firmware wrote it: exactly
    /// [`hsmp::metrics::TABLE_SIZE`] bytes (else UNEXPECTED_SIZE), for callers that want the raw
    /// table (the C library's `amdsmi_hsmp_metrics_table_t` is this layout).
    pub fn hsmp_metrics_table_bytes(&self) -> Result<Vec<u8>> {
        let (path, bytes) = self.read_metrics_bin()?;
        hsmp::metrics::decode(&bytes).map_err(|e| e.with_path(&path))?;
        Ok(bytes)
    }

    /// The `metrics_bin` file of the socket and its bytes.
    fn read_metrics_bin(&self) -> Result<(std::path::PathBuf, Vec<u8>)> {
        let (cpu, socket) = self.parts();
        cpu.hsmp_for(hsmp::GET_METRIC_TABLE)?;
        let legacy = self.context().root().path(&format!("/sys/devices/platform/amd_hsmp/socket{socket}/metrics_bin"));
        let acpi = self.context().root().path(&format!("/sys/devices/platform/AMDI0097:{socket:02}/metrics_bin"));
        let path = if sysfs::exists(&legacy) || !sysfs::exists(&acpi) { legacy } else { acpi };
        let bytes = sysfs::read_once(&path, METRICS_BIN_READ)?;
        Ok((path, bytes))
    }

    /// The socket's first online core: the lowest CPU whose
    /// `/sys/devices/system/cpu/cpu<N>/topology/physical_package_id` is the socket.
    #[doc(alias = "amdsmi_first_online_core_on_cpu_socket")]
    pub fn first_online_core(&self) -> Result<u32> {
        let (cpu, socket) = self.parts();
        cpu.first_online_cpu(socket)
    }

    /// The socket's model name (`/proc/cpuinfo` `model name`).
    #[doc(alias = "amdsmi_get_cpu_model_name")]
    pub fn model_name(&self) -> Result<String> {
        let (cpu, socket) = self.parts();
        cpu.topology.sockets.get(socket as usize).map(|s| s.model_name.clone()).ok_or_else(|| invalid("socket".into()))
    }

    /// The CPU rail isofrequency policy: 0 each rail has its own frequency limit, 1 both share one.
    #[doc(alias = "amdsmi_get_cpu_rail_isofreq_policy")]
    pub fn rail_isofreq_policy(&self) -> Result<u8> {
        let (cpu, socket) = self.parts();
        cpu.get_flag(socket, hsmp::CPU_RAIL_ISO_FREQ_POLICY)
    }

    /// Sets the CPU rail isofrequency policy (0 independent, any other value shared).
    #[doc(alias = "amdsmi_set_cpu_rail_isofreq_policy")]
    pub fn set_rail_isofreq_policy(&self, value: u8) -> Result<()> {
        let (cpu, socket) = self.parts();
        cpu.set_flag(socket, hsmp::CPU_RAIL_ISO_FREQ_POLICY, value)
    }

    /// The DF C-state (DFCState) control: 0 disabled, 1 enabled.
    #[doc(alias = "amdsmi_get_dfc_ctrl")]
    pub fn dfc_ctrl(&self) -> Result<u8> {
        let (cpu, socket) = self.parts();
        cpu.get_flag(socket, hsmp::DFC_ENABLE_CTRL)
    }

    /// Sets the DF C-state control (0 disable, any other value enable).
    #[doc(alias = "amdsmi_set_dfc_ctrl")]
    pub fn set_dfc_ctrl(&self, value: u8) -> Result<()> {
        let (cpu, socket) = self.parts();
        cpu.set_flag(socket, hsmp::DFC_ENABLE_CTRL, value)
    }

    /// The socket's energy counter, µJ.
    #[doc(alias = "amdsmi_get_cpu_socket_energy")]
    pub fn energy(&self) -> Result<u64> {
        let (cpu, socket) = self.parts();
        cpu.socket_energy(socket)
    }
}

impl CpuCore<'_> {
    /// A core's current frequency limit, MHz.
    #[doc(alias = "amdsmi_get_cpu_core_current_freq_limit")]
    pub fn current_freq_limit(&self) -> Result<u32> {
        let (cpu, socket, core) = self.parts();
        Ok(cpu.send(socket, hsmp::GET_CCLK_CORE_LIMIT, &[core.apic_id], 1, Access::Read)?[0])
    }

    /// A core's boost limit, MHz.
    #[doc(alias = "amdsmi_get_cpu_core_boostlimit")]
    pub fn boostlimit(&self) -> Result<u32> {
        let (cpu, socket, core) = self.parts();
        Ok(cpu.send(socket, hsmp::GET_BOOST_LIMIT, &[core.apic_id], 1, Access::Read)?[0])
    }

    /// Sets a core's boost limit, MHz (above 65535 is INVAL; the SMU clamps to its range).
    #[doc(alias = "amdsmi_set_cpu_core_boostlimit")]
    pub fn set_boostlimit(&self, boostlimit: u32) -> Result<()> {
        let (cpu, socket, core) = self.parts();
        cpu.hsmp_for(hsmp::SET_BOOST_LIMIT)?;
        let mhz =
            u16::try_from(boostlimit).map_err(|_| invalid(format!("boost limit {boostlimit} MHz above 65535")))?;
        let arg = (core.apic_id & 0xFFFF) << 16 | u32::from(mhz);
        cpu.send(socket, hsmp::SET_BOOST_LIMIT, &[arg], 0, Access::Write).map(drop)
    }

    /// A core's energy counter, µJ ([`super::energy`] for the sources).
    #[doc(alias = "amdsmi_get_cpu_core_energy")]
    pub fn energy(&self) -> Result<u64> {
        let (cpu, socket, core) = self.parts();
        cpu.core_energy(socket, core)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hsmp::HsmpMessage;
    use crate::AmdSmiInitFlags;

    /// Every setter's message on the wire: id, argument words, response size, socket, access
    /// (genoa-2s: socket 1's second core has APIC id 0x42).
    #[test]
    fn setters_on_the_wire() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/machines/genoa-2s");
        let mut ctx = Context::builder().root(root).flags(AmdSmiInitFlags::INIT_AMD_CPUS).build().unwrap();
        let sent = super::super::testing::record(ctx.cpu_system_mut().unwrap());
        let (s1, core) = (ctx.cpusocket_handles()[1], ctx.cpucore_handles()[17]);
        ctx.cpu_socket(s1).and_then(|s| s.set_power_cap(150_000)).unwrap();
        ctx.cpu_socket(s1).and_then(|s| s.set_pwr_efficiency_mode(2)).unwrap();
        ctx.cpu_core(core).and_then(|c| c.set_boostlimit(3000)).unwrap();
        ctx.cpu_socket(s1).and_then(|s| s.set_boostlimit(3100)).unwrap();
        ctx.cpu_socket(s1).and_then(|s| s.set_xgmi_width(1, 2)).unwrap();
        ctx.cpu_socket(s1).and_then(|s| s.set_gmi3_link_width_range(0, 1)).unwrap();
        ctx.cpu_socket(s1).and_then(|s| s.apb_enable()).unwrap();
        ctx.cpu_socket(s1).and_then(|s| s.apb_disable(3)).unwrap();
        ctx.cpu_socket(s1).and_then(|s| s.set_lclk_dpm_level(2, 1, 3)).unwrap();
        assert_eq!(ctx.cpu_socket(s1).and_then(|s| s.set_pcie_link_rate(2)).unwrap(), 0);
        ctx.cpu_socket(s1).and_then(|s| s.set_df_pstate_range(0, 1)).unwrap();
        let msg = |id, args: &[u32], resp, sock| HsmpMessage::new(id, sock, args, resp);
        let expected = [
            (msg(hsmp::SET_SOCKET_POWER_LIMIT, &[150_000], 0, 1), Access::Write),
            (msg(hsmp::SET_POWER_MODE, &[2], 0, 1), Access::ReadWrite),
            (msg(hsmp::SET_BOOST_LIMIT, &[0x42 << 16 | 3000], 0, 1), Access::Write),
            (msg(hsmp::SET_BOOST_LIMIT_SOCKET, &[3100], 0, 1), Access::Write),
            (msg(hsmp::SET_XGMI_LINK_WIDTH, &[0x0102], 0, 0), Access::Write),
            (msg(hsmp::SET_XGMI_LINK_WIDTH, &[0x0102], 0, 1), Access::Write),
            (msg(hsmp::SET_GMI3_WIDTH, &[0x0001], 0, 1), Access::Write),
            (msg(hsmp::SET_AUTO_DF_PSTATE, &[], 0, 1), Access::Write),
            (msg(hsmp::SET_DF_PSTATE, &[3], 0, 1), Access::Write),
            (msg(hsmp::SET_NBIO_DPM_LEVEL, &[2 << 16 | 3 << 8 | 1], 0, 1), Access::Write),
            (msg(hsmp::SET_PCI_RATE, &[2], 1, 1), Access::ReadWrite),
            (msg(hsmp::SET_PSTATE_MAX_MIN, &[1 << 8], 0, 1), Access::Write),
        ];
        let sent = sent.lock().unwrap();
        assert_eq!(sent.len(), expected.len());
        for ((got, got_access), (want, want_access)) in sent.iter().zip(&expected) {
            let words = usize::from(want.num_args);
            assert_eq!(
                (got.msg_id, got.num_args, got.response_sz, got.sock_ind, &got.args[..words], got_access),
                (want.msg_id, want.num_args, want.response_sz, want.sock_ind, &want.args[..words], want_access)
            );
        }
    }

    #[test]
    fn dimm_temperatures() {
        assert_eq!(dimm_temp(0), 0.0);
        assert_eq!(dimm_temp(165), 41.25);
        assert_eq!(dimm_temp(0x3FF), 255.75);
        assert_eq!(dimm_temp(0x7FF), -0.25);
        assert_eq!(dimm_temp(0x400), -256.0);
    }
}

/// E-SMI's message (`esmi_get_err_msg` of E-SMI's `e_smi.c`) for the AMD SMI status each E-SMI
/// status maps to (AMD SMI's `esmi_status_map`); `None` for a status no E-SMI status maps to.
fn esmi_message(status: Status) -> Option<&'static str> {
    Some(match status {
        Status::Success => "Success",
        Status::NoEnergyDrv => "Energy driver not present",
        Status::NoMsrDrv => "MSR driver not present",
        Status::NoHsmpDrv => "HSMP driver not present",
        Status::NoDrv => "Both Energy, HSMP drivers not present",
        Status::FileNotFound => "Entry not found",
        Status::Busy => "Device busy or core offline",
        Status::NoPerm => "Invalid permissions",
        Status::NotSupported => "Not Supported",
        Status::FileError => "File Error",
        Status::Interrupt => "Task Interrupted",
        Status::UnexpectedSize | Status::Io => "I/O Error",
        Status::ArgPtrNull => "Invalid buffer",
        Status::OutOfResources => "Memory Error",
        Status::NotInit => "ESMI not initialized",
        Status::Inval => "Input value is invalid",
        Status::NoHsmpSup => "HSMP interface not supported/enabled",
        Status::NoHsmpMsgSup => "HSMP message/command not supported",
        _ => return None,
    })
}

/// One socket's core count (`amdsmi_sock_info_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SockInfo {
    /// The socket index.
    pub socket_id: u32,
    /// Physical cores of the socket (its `AMD_CPU_CORE` processors).
    pub cores_per_socket: u32,
}

impl Context {
    /// The number of EPYC sockets (the distinct `physical id`s of `/proc/cpuinfo`).
    #[doc(alias = "amdsmi_get_cpu_socket_count")]
    pub fn cpu_socket_count(&self) -> Result<u32> {
        Ok(u32::try_from(self.cpu_system()?.topology.sockets.len()).unwrap_or(u32::MAX))
    }

    /// The core count of sockets `0..sock_count`, one entry each (the C function fills an array
    /// of `sock_count`; AMD's Python layer passes the socket count and reads the first). INVAL
    /// for 0 or more sockets than there are.
    #[doc(alias = "amdsmi_get_cpu_cores_per_socket")]
    pub fn cpu_cores_per_socket(&self, sock_count: u32) -> Result<Vec<SockInfo>> {
        let sockets = &self.cpu_system()?.topology.sockets;
        if sock_count == 0 || sock_count as usize > sockets.len() {
            return Err(invalid(format!("{sock_count} sockets asked for, the system has {}", sockets.len())));
        }
        Ok((0..sock_count)
            .zip(sockets)
            .map(|(socket_id, socket)| SockInfo {
                socket_id,
                cores_per_socket: u32::try_from(socket.cores.len()).unwrap_or(u32::MAX),
            })
            .collect())
    }

    /// E-SMI's message for the E-SMI status that maps to `status` (an AMD SMI status code,
    /// e.g. 47 NO_HSMP_DRV → `"HSMP driver not present"`); a code no E-SMI status maps to gets
    /// E-SMI's default `"Unknown error"`. Needs a context with CPUs (NOT_INIT otherwise), as
    /// AMD SMI's E-SMI functions do.
    #[doc(alias = "amdsmi_get_esmi_err_msg")]
    pub fn esmi_err_msg(&self, status: u32) -> Result<&'static str> {
        self.cpu_system()?;
        Ok(Status::from_code(status).and_then(esmi_message).unwrap_or("Unknown error"))
    }
}

//! A pure decoder of the HSMP metrics table (`struct hsmp_metric_table`, protocol 6 / MI300A),
//! as the driver exposes it in `metrics_bin` (`/sys/devices/platform/amd_hsmp/socket<N>/` or the
//! ACPI driver's `/sys/devices/platform/AMDI0097:<NN>/`).
//!
//! The kernel declares the struct under `#pragma pack(4)`: it is exactly [`TABLE_SIZE`] (1404)
//! bytes and its 64-bit fields are only 4-byte aligned (`timestamp` sits at offset 52), so it is
//! read field by field, in order, from the bytes — never cast. A table of any other size is
//! UNEXPECTED_SIZE (the driver itself refuses reads of any other size).
//!
//! Values come out in the units AMD SMI's Python layer reports (`amdsmi_get_hsmp_metrics_table`):
//! the SMU's fixed-point encodings are scaled — temperatures are signed Q10 in °C, powers,
//! frequencies, residencies and bandwidths unsigned Q10 (W, MHz or GHz, %, Gbps), energies
//! unsigned Q16 joules reported in kJ. AMD rounds each to 3 decimals for display; these are the
//! exact values. AMD's Python layer negates a temperature with bit 31 set instead of reading it
//! as two's complement; here it is read as two's complement (what the SMU means). Accumulators,
//! the LCLK DPM range, the residency counters and the timestamp are raw counts. `spare` is not
//! reported (AMD does not either).

use crate::error::{Error, Result, Status};

/// `sizeof(struct hsmp_metric_table)` under `#pragma pack(4)`.
pub const TABLE_SIZE: usize = 1404;

/// The decoded metrics table, fields named as `struct hsmp_metric_table` (and
/// `amdsmi_hsmp_metrics_table_t`) names them.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct HsmpMetricsTable {
    /// Number of samples the accumulators hold, a count.
    pub accumulation_counter: u32,
    /// Maximum socket temperature, °C.
    pub max_socket_temperature: f64,
    /// Maximum VR temperature, °C.
    pub max_vr_temperature: f64,
    /// Maximum HBM temperature, °C.
    pub max_hbm_temperature: f64,
    /// Accumulated maximum socket temperature, °C (sum over `accumulation_counter` samples).
    pub max_socket_temperature_acc: f64,
    /// Accumulated maximum VR temperature, °C.
    pub max_vr_temperature_acc: f64,
    /// Accumulated maximum HBM temperature, °C.
    pub max_hbm_temperature_acc: f64,
    /// Socket power limit, W.
    pub socket_power_limit: f64,
    /// Maximum socket power limit, W.
    pub max_socket_power_limit: f64,
    /// Socket power, W.
    pub socket_power: f64,
    /// Timestamp, raw SMU count.
    pub timestamp: u64,
    /// Accumulated socket energy, kJ.
    pub socket_energy_acc: f64,
    /// Accumulated CCD energy, kJ.
    pub ccd_energy_acc: f64,
    /// Accumulated XCD energy, kJ.
    pub xcd_energy_acc: f64,
    /// Accumulated AID energy, kJ.
    pub aid_energy_acc: f64,
    /// Accumulated HBM energy, kJ.
    pub hbm_energy_acc: f64,
    /// CCLK frequency limit, GHz.
    pub cclk_frequency_limit: f64,
    /// GFXCLK frequency limit, MHz.
    pub gfxclk_frequency_limit: f64,
    /// FCLK frequency, MHz.
    pub fclk_frequency: f64,
    /// UCLK frequency, MHz.
    pub uclk_frequency: f64,
    /// SOCCLK frequency of each of the 4 AIDs, MHz.
    pub socclk_frequency: [f64; 4],
    /// VCLK frequency of each AID, MHz.
    pub vclk_frequency: [f64; 4],
    /// DCLK frequency of each AID, MHz.
    pub dclk_frequency: [f64; 4],
    /// LCLK frequency of each AID, MHz.
    pub lclk_frequency: [f64; 4],
    /// Accumulated GFXCLK frequency of each of the 8 XCDs, MHz.
    pub gfxclk_frequency_acc: [f64; 8],
    /// Accumulated CCLK frequency of each of the 96 cores, GHz.
    pub cclk_frequency_acc: Vec<f64>,
    /// Maximum CCLK frequency, GHz.
    pub max_cclk_frequency: f64,
    /// Minimum CCLK frequency, GHz.
    pub min_cclk_frequency: f64,
    /// Maximum GFXCLK frequency, MHz.
    pub max_gfxclk_frequency: f64,
    /// Minimum GFXCLK frequency, MHz.
    pub min_gfxclk_frequency: f64,
    /// FCLK DPM levels, MHz.
    pub fclk_frequency_table: [f64; 4],
    /// UCLK DPM levels, MHz.
    pub uclk_frequency_table: [f64; 4],
    /// SOCCLK DPM levels, MHz.
    pub socclk_frequency_table: [f64; 4],
    /// VCLK DPM levels, MHz.
    pub vclk_frequency_table: [f64; 4],
    /// DCLK DPM levels, MHz.
    pub dclk_frequency_table: [f64; 4],
    /// LCLK DPM levels, MHz.
    pub lclk_frequency_table: [f64; 4],
    /// Highest LCLK DPM level allowed, a level index.
    pub max_lclk_dpm_range: u32,
    /// Lowest LCLK DPM level allowed, a level index.
    pub min_lclk_dpm_range: u32,
    /// xGMI link width, lanes (Q10).
    pub xgmi_width: f64,
    /// xGMI bit rate, Gbps.
    pub xgmi_bitrate: f64,
    /// Accumulated xGMI read bandwidth of each of the 8 links, Gbps.
    pub xgmi_read_bandwidth_acc: [f64; 8],
    /// Accumulated xGMI write bandwidth of each link, Gbps.
    pub xgmi_write_bandwidth_acc: [f64; 8],
    /// Socket C0 residency, %.
    pub socket_c0_residency: f64,
    /// Socket GFX busy, %.
    pub socket_gfx_busy: f64,
    /// HBM bandwidth utilization, %.
    pub dram_bandwidth_utilization: f64,
    /// Accumulated socket C0 residency (Q10 sum, no unit).
    pub socket_c0_residency_acc: f64,
    /// Accumulated socket GFX busy (Q10 sum, no unit).
    pub socket_gfx_busy_acc: f64,
    /// Accumulated HBM bandwidth, Gbps.
    pub dram_bandwidth_acc: f64,
    /// Maximum HBM bandwidth, Gbps.
    pub max_dram_bandwidth: f64,
    /// Accumulated HBM bandwidth utilization (Q10 sum, no unit).
    pub dram_bandwidth_utilization_acc: f64,
    /// Accumulated PCIe bandwidth of each of the 4 AIDs, Gbps.
    pub pcie_bandwidth_acc: [f64; 4],
    /// Accumulated PROCHOT residency, a count.
    pub prochot_residency_acc: u32,
    /// Accumulated PPT residency, a count.
    pub ppt_residency_acc: u32,
    /// Accumulated socket thermal residency, a count.
    pub socket_thm_residency_acc: u32,
    /// Accumulated VR thermal residency, a count.
    pub vr_thm_residency_acc: u32,
    /// Accumulated HBM thermal residency, a count.
    pub hbm_thm_residency_acc: u32,
    /// GFXCLK frequency of each of the 8 XCDs, MHz.
    pub gfxclk_frequency: [f64; 8],
}

/// Reads the table's fields in declaration order (each exactly where pack(4) puts it).
struct Cursor<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl Cursor<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N]> {
        let end = self.offset.checked_add(N);
        let bytes = end.and_then(|end| self.bytes.get(self.offset..end)).and_then(|b| <[u8; N]>::try_from(b).ok());
        let bytes = bytes.ok_or_else(|| {
            Error::new(Status::UnexpectedSize)
                .with_detail(format!("HSMP metrics table: no {N} bytes at {}", self.offset))
        })?;
        self.offset += N;
        Ok(bytes)
    }

    fn u32(&mut self) -> Result<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64> {
        self.take().map(u64::from_le_bytes)
    }

    /// `N` values read with `read`, converted with `f`.
    fn array<T, const N: usize>(&mut self, read: fn(&mut Self) -> Result<T>, f: fn(T) -> f64) -> Result<[f64; N]> {
        let mut out = [0.0; N];
        for slot in &mut out {
            *slot = f(read(self)?);
        }
        Ok(out)
    }
}

/// 2^-10: the Q10 fraction.
const Q10: f64 = 1.0 / 1024.0;
/// 2^-16: the Q16 fraction.
const Q16: f64 = 1.0 / 65536.0;

/// A signed Q10 32-bit value (two's complement).
fn sq10(raw: u32) -> f64 {
    f64::from(raw as i32) * Q10
}

/// A signed Q10 64-bit value (two's complement).
fn sq10_64(raw: u64) -> f64 {
    (raw as i64) as f64 * Q10
}

/// An unsigned Q10 32-bit value.
fn uq10(raw: u32) -> f64 {
    f64::from(raw) * Q10
}

/// An unsigned Q10 64-bit value.
fn uq10_64(raw: u64) -> f64 {
    raw as f64 * Q10
}

/// An unsigned Q16 energy in joules, as kJ.
fn kj(raw: u64) -> f64 {
    raw as f64 * Q16 / 1000.0
}

/// Decodes a metrics table; `bytes` must be exactly [`TABLE_SIZE`] long (else UNEXPECTED_SIZE).
pub fn decode(bytes: &[u8]) -> Result<HsmpMetricsTable> {
    if bytes.len() != TABLE_SIZE {
        return Err(Error::new(Status::UnexpectedSize)
            .with_detail(format!("HSMP metrics table: {} bytes, expected {TABLE_SIZE}", bytes.len())));
    }
    let c = &mut Cursor { bytes, offset: 0 };
    let accumulation_counter = c.u32()?;
    let (max_socket_temperature, max_vr_temperature, max_hbm_temperature) =
        (sq10(c.u32()?), sq10(c.u32()?), sq10(c.u32()?));
    let (max_socket_temperature_acc, max_vr_temperature_acc, max_hbm_temperature_acc) =
        (sq10_64(c.u64()?), sq10_64(c.u64()?), sq10_64(c.u64()?));
    let (socket_power_limit, max_socket_power_limit, socket_power) = (uq10(c.u32()?), uq10(c.u32()?), uq10(c.u32()?));
    let timestamp = c.u64()?;
    let socket_energy_acc = kj(c.u64()?);
    let ccd_energy_acc = kj(c.u64()?);
    let xcd_energy_acc = kj(c.u64()?);
    let aid_energy_acc = kj(c.u64()?);
    let hbm_energy_acc = kj(c.u64()?);
    let cclk_frequency_limit = uq10(c.u32()?);
    let gfxclk_frequency_limit = uq10(c.u32()?);
    let fclk_frequency = uq10(c.u32()?);
    let uclk_frequency = uq10(c.u32()?);
    let socclk_frequency = c.array(Cursor::u32, uq10)?;
    let vclk_frequency = c.array(Cursor::u32, uq10)?;
    let dclk_frequency = c.array(Cursor::u32, uq10)?;
    let lclk_frequency = c.array(Cursor::u32, uq10)?;
    let gfxclk_frequency_acc = c.array(Cursor::u64, uq10_64)?;
    let cclk_frequency_acc = c.array::<u64, 96>(Cursor::u64, uq10_64)?.to_vec();
    let max_cclk_frequency = uq10(c.u32()?);
    let min_cclk_frequency = uq10(c.u32()?);
    let max_gfxclk_frequency = uq10(c.u32()?);
    let min_gfxclk_frequency = uq10(c.u32()?);
    let fclk_frequency_table = c.array(Cursor::u32, uq10)?;
    let uclk_frequency_table = c.array(Cursor::u32, uq10)?;
    let socclk_frequency_table = c.array(Cursor::u32, uq10)?;
    let vclk_frequency_table = c.array(Cursor::u32, uq10)?;
    let dclk_frequency_table = c.array(Cursor::u32, uq10)?;
    let lclk_frequency_table = c.array(Cursor::u32, uq10)?;
    let max_lclk_dpm_range = c.u32()?;
    let min_lclk_dpm_range = c.u32()?;
    let xgmi_width = uq10(c.u32()?);
    let xgmi_bitrate = uq10(c.u32()?);
    let xgmi_read_bandwidth_acc = c.array(Cursor::u64, uq10_64)?;
    let xgmi_write_bandwidth_acc = c.array(Cursor::u64, uq10_64)?;
    let socket_c0_residency = uq10(c.u32()?);
    let socket_gfx_busy = uq10(c.u32()?);
    let dram_bandwidth_utilization = uq10(c.u32()?);
    let socket_c0_residency_acc = uq10_64(c.u64()?);
    let socket_gfx_busy_acc = uq10_64(c.u64()?);
    let dram_bandwidth_acc = uq10_64(c.u64()?);
    let max_dram_bandwidth = uq10(c.u32()?);
    let dram_bandwidth_utilization_acc = uq10_64(c.u64()?);
    let pcie_bandwidth_acc = c.array(Cursor::u64, uq10_64)?;
    let prochot_residency_acc = c.u32()?;
    let ppt_residency_acc = c.u32()?;
    let socket_thm_residency_acc = c.u32()?;
    let vr_thm_residency_acc = c.u32()?;
    let hbm_thm_residency_acc = c.u32()?;
    let _spare = c.u32()?;
    let gfxclk_frequency = c.array(Cursor::u32, uq10)?;
    debug_assert_eq!(c.offset, TABLE_SIZE);
    Ok(HsmpMetricsTable {
        accumulation_counter,
        max_socket_temperature,
        max_vr_temperature,
        max_hbm_temperature,
        max_socket_temperature_acc,
        max_vr_temperature_acc,
        max_hbm_temperature_acc,
        socket_power_limit,
        max_socket_power_limit,
        socket_power,
        timestamp,
        socket_energy_acc,
        ccd_energy_acc,
        xcd_energy_acc,
        aid_energy_acc,
        hbm_energy_acc,
        cclk_frequency_limit,
        gfxclk_frequency_limit,
        fclk_frequency,
        uclk_frequency,
        socclk_frequency,
        vclk_frequency,
        dclk_frequency,
        lclk_frequency,
        gfxclk_frequency_acc,
        cclk_frequency_acc,
        max_cclk_frequency,
        min_cclk_frequency,
        max_gfxclk_frequency,
        min_gfxclk_frequency,
        fclk_frequency_table,
        uclk_frequency_table,
        socclk_frequency_table,
        vclk_frequency_table,
        dclk_frequency_table,
        lclk_frequency_table,
        max_lclk_dpm_range,
        min_lclk_dpm_range,
        xgmi_width,
        xgmi_bitrate,
        xgmi_read_bandwidth_acc,
        xgmi_write_bandwidth_acc,
        socket_c0_residency,
        socket_gfx_busy,
        dram_bandwidth_utilization,
        socket_c0_residency_acc,
        socket_gfx_busy_acc,
        dram_bandwidth_acc,
        max_dram_bandwidth,
        dram_bandwidth_utilization_acc,
        pcie_bandwidth_acc,
        prochot_residency_acc,
        ppt_residency_acc,
        socket_thm_residency_acc,
        vr_thm_residency_acc,
        hbm_thm_residency_acc,
        gfxclk_frequency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table whose every byte is its offset's low byte, with chosen fields at the offsets the
    /// pack(4) layout gives (gcc and AMD SMI 7.0.2's ctypes layout agree on them).
    #[test]
    fn offsets_of_the_pack4_layout() {
        let mut t = vec![0u8; TABLE_SIZE];
        let put32 = |t: &mut [u8], off: usize, v: u32| t[off..off + 4].copy_from_slice(&v.to_le_bytes());
        let put64 = |t: &mut [u8], off: usize, v: u64| t[off..off + 8].copy_from_slice(&v.to_le_bytes());
        put32(&mut t, 0, 7);
        put32(&mut t, 4, (-5i32 * 1024) as u32);
        put64(&mut t, 16, (-3i64 * 1024) as u64);
        put32(&mut t, 48, 300 * 1024);
        put64(&mut t, 52, 0x0102_0304_0506_0708);
        put64(&mut t, 60, 3 << 16);
        put32(&mut t, 100, 3584); // 3.5 GHz
        put64(&mut t, 244, 1024); // cclk_frequency_acc[0]
        put64(&mut t, 244 + 95 * 8, 2048); // cclk_frequency_acc[95]
        put32(&mut t, 1012, 3789);
        put32(&mut t, 1124, 3);
        put64(&mut t, 1140 + 7 * 8, 512);
        put32(&mut t, 1268, 50 * 1024);
        put32(&mut t, 1304, 5300 * 1024);
        put64(&mut t, 1308, 4096);
        put64(&mut t, 1316 + 3 * 8, 1536);
        put32(&mut t, 1364, 9);
        put32(&mut t, 1368, 0xFFFF_FFFF); // spare, never reported
        put32(&mut t, 1372 + 7 * 4, 2100 * 1024);
        let m = decode(&t).unwrap();
        assert_eq!(m.accumulation_counter, 7);
        assert_eq!(m.max_socket_temperature, -5.0);
        assert_eq!(m.max_socket_temperature_acc, -3.0);
        assert_eq!(m.socket_power, 300.0);
        assert_eq!(m.timestamp, 0x0102_0304_0506_0708);
        assert_eq!(m.socket_energy_acc, 0.003);
        assert_eq!(m.cclk_frequency_limit, 3.5);
        assert_eq!((m.cclk_frequency_acc.len(), m.cclk_frequency_acc[0], m.cclk_frequency_acc[95]), (96, 1.0, 2.0));
        assert_eq!(m.max_cclk_frequency, 3789.0 / 1024.0);
        assert_eq!(m.max_lclk_dpm_range, 3);
        assert_eq!(m.xgmi_read_bandwidth_acc[7], 0.5);
        assert_eq!(m.socket_c0_residency, 50.0);
        assert_eq!(m.max_dram_bandwidth, 5300.0);
        assert_eq!(m.dram_bandwidth_utilization_acc, 4.0);
        assert_eq!(m.pcie_bandwidth_acc[3], 1.5);
        assert_eq!(m.hbm_thm_residency_acc, 9);
        assert_eq!(m.gfxclk_frequency[7], 2100.0);
    }

    #[test]
    fn wrong_sizes_are_errors() {
        for len in [0, 4, TABLE_SIZE - 1, TABLE_SIZE + 1, 4096] {
            let err = decode(&vec![0u8; len]).unwrap_err();
            assert_eq!(err.status(), Status::UnexpectedSize, "{len}");
        }
        let mut c = Cursor { bytes: &[1, 2, 3], offset: 0 };
        assert!(c.u32().is_err());
        c.offset = usize::MAX;
        assert!(c.u32().is_err());
    }
}

//! A pure decoder of the HSMP metrics table (`struct hsmp_metric_table`, protocol 6 / MI300A),
//! as the driver exposes it in `metrics_bin` (`/sys/devices/platform/amd_hsmp/socket<N>/` or the
//! ACPI driver's `/sys/devices/platform/AMDI0097:<NN>/`).
//!
//! The kernel declares the struct under `#pragma pack(4)`: it is exactly [`TABLE_SIZE`] (1404)
//! bytes and its 64-bit fields are only 4-byte aligned (`timestamp` sits at offset 52). It is
//! the SMU 13.0.6 firmware's metrics table (`MetricsTableX_t`, `smu_v13_0_6_pmfw.h`), declared
//! once here as `MetricsTable` (offsets and size asserted at compile time) and read member by
//! member through `Bytes` — never cast. The GPU's `pm_metrics` carries the same table
//! ([`crate::gpu::pm_table`]). A table of any other size is UNEXPECTED_SIZE (the driver itself
//! refuses reads of any other size).
//!
//! Values come out in the units AMD SMI's Python layer reports (`amdsmi_get_hsmp_metrics_table`):
//! the SMU's fixed-point encodings are scaled — temperatures are signed Q10 in °C, powers,
//! frequencies, residencies and bandwidths unsigned Q10 (W, MHz or GHz, %, Gbps), energies
//! unsigned Q16 joules reported in kJ. AMD rounds each to 3 decimals for display; these are the
//! exact values. AMD's Python layer negates a temperature with bit 31 set instead of reading it
//! as two's complement; here it is read as two's complement (what the SMU means). Accumulators,
//! the LCLK DPM range, the residency counters and the timestamp are raw counts. `spare` is not
//! reported (AMD does not either).

use std::mem::size_of;

use crate::bytes::{wire_struct, Bytes};
use crate::error::{Error, Result, Status};

/// `sizeof(struct hsmp_metric_table)` under `#pragma pack(4)`.
pub const TABLE_SIZE: usize = size_of::<MetricsTable>();

wire_struct! {
    /// The SMU 13.0.6 (MI300) firmware's metrics table, `MetricsTableX_t` of
    /// `smu_v13_0_6_pmfw.h` as far as `struct hsmp_metric_table` (`amd_hsmp.h`, protocol 6)
    /// mirrors it: members named as the firmware (and AMD SMI's `pm_metrics` names) spell them;
    /// the kernel's HSMP struct names them in snake case and calls `GfxLockXCDMak` `spare`.
    /// Newer firmware appends members (see [`crate::gpu::pm_table`]).
    #[allow(non_snake_case)] // the firmware's names
    MetricsTable: 1404, packed(4), {
        AccumulationCounter: u32 = 0,
        MaxSocketTemperature: u32 = 4,
        MaxVrTemperature: u32 = 8,
        MaxHbmTemperature: u32 = 12,
        MaxSocketTemperatureAcc: u64 = 16,
        MaxVrTemperatureAcc: u64 = 24,
        MaxHbmTemperatureAcc: u64 = 32,
        SocketPowerLimit: u32 = 40,
        MaxSocketPowerLimit: u32 = 44,
        SocketPower: u32 = 48,
        Timestamp: u64 = 52,
        SocketEnergyAcc: u64 = 60,
        CcdEnergyAcc: u64 = 68,
        XcdEnergyAcc: u64 = 76,
        AidEnergyAcc: u64 = 84,
        HbmEnergyAcc: u64 = 92,
        CclkFrequencyLimit: u32 = 100,
        GfxclkFrequencyLimit: u32 = 104,
        FclkFrequency: u32 = 108,
        UclkFrequency: u32 = 112,
        SocclkFrequency: [u32; 4] = 116,
        VclkFrequency: [u32; 4] = 132,
        DclkFrequency: [u32; 4] = 148,
        LclkFrequency: [u32; 4] = 164,
        GfxclkFrequencyAcc: [u64; 8] = 180,
        CclkFrequencyAcc: [u64; 96] = 244,
        MaxCclkFrequency: u32 = 1012,
        MinCclkFrequency: u32 = 1016,
        MaxGfxclkFrequency: u32 = 1020,
        MinGfxclkFrequency: u32 = 1024,
        FclkFrequencyTable: [u32; 4] = 1028,
        UclkFrequencyTable: [u32; 4] = 1044,
        SocclkFrequencyTable: [u32; 4] = 1060,
        VclkFrequencyTable: [u32; 4] = 1076,
        DclkFrequencyTable: [u32; 4] = 1092,
        LclkFrequencyTable: [u32; 4] = 1108,
        MaxLclkDpmRange: u32 = 1124,
        MinLclkDpmRange: u32 = 1128,
        XgmiWidth: u32 = 1132,
        XgmiBitrate: u32 = 1136,
        XgmiReadBandwidthAcc: [u64; 8] = 1140,
        XgmiWriteBandwidthAcc: [u64; 8] = 1204,
        SocketC0Residency: u32 = 1268,
        SocketGfxBusy: u32 = 1272,
        DramBandwidthUtilization: u32 = 1276,
        SocketC0ResidencyAcc: u64 = 1280,
        SocketGfxBusyAcc: u64 = 1288,
        DramBandwidthAcc: u64 = 1296,
        MaxDramBandwidth: u32 = 1304,
        DramBandwidthUtilizationAcc: u64 = 1308,
        PcieBandwidthAcc: [u64; 4] = 1316,
        ProchotResidencyAcc: u32 = 1348,
        PptResidencyAcc: u32 = 1352,
        SocketThmResidencyAcc: u32 = 1356,
        VrThmResidencyAcc: u32 = 1360,
        HbmThmResidencyAcc: u32 = 1364,
        GfxLockXCDMak: u32 = 1368,
        GfxclkFrequency: [u32; 8] = 1372,
    }
}

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
    let t: MetricsTable = Bytes::new(bytes).read().map_err(|e| e.to_error("HSMP metrics table"))?;
    Ok(HsmpMetricsTable {
        accumulation_counter: t.AccumulationCounter,
        max_socket_temperature: sq10(t.MaxSocketTemperature),
        max_vr_temperature: sq10(t.MaxVrTemperature),
        max_hbm_temperature: sq10(t.MaxHbmTemperature),
        max_socket_temperature_acc: sq10_64(t.MaxSocketTemperatureAcc),
        max_vr_temperature_acc: sq10_64(t.MaxVrTemperatureAcc),
        max_hbm_temperature_acc: sq10_64(t.MaxHbmTemperatureAcc),
        socket_power_limit: uq10(t.SocketPowerLimit),
        max_socket_power_limit: uq10(t.MaxSocketPowerLimit),
        socket_power: uq10(t.SocketPower),
        timestamp: t.Timestamp,
        socket_energy_acc: kj(t.SocketEnergyAcc),
        ccd_energy_acc: kj(t.CcdEnergyAcc),
        xcd_energy_acc: kj(t.XcdEnergyAcc),
        aid_energy_acc: kj(t.AidEnergyAcc),
        hbm_energy_acc: kj(t.HbmEnergyAcc),
        cclk_frequency_limit: uq10(t.CclkFrequencyLimit),
        gfxclk_frequency_limit: uq10(t.GfxclkFrequencyLimit),
        fclk_frequency: uq10(t.FclkFrequency),
        uclk_frequency: uq10(t.UclkFrequency),
        socclk_frequency: { t.SocclkFrequency }.map(uq10),
        vclk_frequency: { t.VclkFrequency }.map(uq10),
        dclk_frequency: { t.DclkFrequency }.map(uq10),
        lclk_frequency: { t.LclkFrequency }.map(uq10),
        gfxclk_frequency_acc: { t.GfxclkFrequencyAcc }.map(uq10_64),
        cclk_frequency_acc: { t.CclkFrequencyAcc }.map(uq10_64).to_vec(),
        max_cclk_frequency: uq10(t.MaxCclkFrequency),
        min_cclk_frequency: uq10(t.MinCclkFrequency),
        max_gfxclk_frequency: uq10(t.MaxGfxclkFrequency),
        min_gfxclk_frequency: uq10(t.MinGfxclkFrequency),
        fclk_frequency_table: { t.FclkFrequencyTable }.map(uq10),
        uclk_frequency_table: { t.UclkFrequencyTable }.map(uq10),
        socclk_frequency_table: { t.SocclkFrequencyTable }.map(uq10),
        vclk_frequency_table: { t.VclkFrequencyTable }.map(uq10),
        dclk_frequency_table: { t.DclkFrequencyTable }.map(uq10),
        lclk_frequency_table: { t.LclkFrequencyTable }.map(uq10),
        max_lclk_dpm_range: t.MaxLclkDpmRange,
        min_lclk_dpm_range: t.MinLclkDpmRange,
        xgmi_width: uq10(t.XgmiWidth),
        xgmi_bitrate: uq10(t.XgmiBitrate),
        xgmi_read_bandwidth_acc: { t.XgmiReadBandwidthAcc }.map(uq10_64),
        xgmi_write_bandwidth_acc: { t.XgmiWriteBandwidthAcc }.map(uq10_64),
        socket_c0_residency: uq10(t.SocketC0Residency),
        socket_gfx_busy: uq10(t.SocketGfxBusy),
        dram_bandwidth_utilization: uq10(t.DramBandwidthUtilization),
        socket_c0_residency_acc: uq10_64(t.SocketC0ResidencyAcc),
        socket_gfx_busy_acc: uq10_64(t.SocketGfxBusyAcc),
        dram_bandwidth_acc: uq10_64(t.DramBandwidthAcc),
        max_dram_bandwidth: uq10(t.MaxDramBandwidth),
        dram_bandwidth_utilization_acc: uq10_64(t.DramBandwidthUtilizationAcc),
        pcie_bandwidth_acc: { t.PcieBandwidthAcc }.map(uq10_64),
        prochot_residency_acc: t.ProchotResidencyAcc,
        ppt_residency_acc: t.PptResidencyAcc,
        socket_thm_residency_acc: t.SocketThmResidencyAcc,
        vr_thm_residency_acc: t.VrThmResidencyAcc,
        hbm_thm_residency_acc: t.HbmThmResidencyAcc,
        gfxclk_frequency: { t.GfxclkFrequency }.map(uq10),
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
    }
}

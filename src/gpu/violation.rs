//! Throttling (violation) status from the residency accumulators of `gpu_metrics`.
//!
//! A violation percentage is the share of accumulation cycles between two samples that a
//! throttler was active: `(acc₂ − acc₁) × 100 / (counter₂ − counter₁)`. AMD SMI takes both samples
//! inside the call, 100 ms apart, so every call blocks for 100 ms. This library keeps the last
//! sample of each GPU in its [`Context`](crate::Context): a call computes against the previous call's sample and
//! returns at once; only the first call for a GPU (no previous sample) takes a second sample
//! 100 ms after the first, as AMD SMI does. A monitoring loop therefore gets the percentages over
//! its own polling period, not over an arbitrary 100 ms window.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::context::ProcessorHandle;
use crate::error::{Error, Result, Status};
use crate::gpu::metrics::{GpuMetrics, MAX_XCC, NUM_XCP};
use crate::gpu::Gpu;

/// How long the first call for a GPU waits between its two samples (AMD SMI's `kFASTEST_POLL_TIME_MS`).
pub const FIRST_SAMPLE_INTERVAL: Duration = Duration::from_millis(100);

/// A per-XCP × per-XCC table (AMD SMI's 2D arrays).
pub type XcpTable<T> = Vec<Vec<Option<T>>>;

/// Throttling status (`amdsmi_get_violation_status`). Accumulators are cycle counts; `per_*` are %
/// of the cycles between the two samples; `active_*` whether that share is above 0.
#[amdsmi_macros::na_fields]
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[allow(missing_docs)] // the fields are the documented keys; the struct doc gives their units
pub struct ViolationStatus {
    /// When the call returned, µs since the Unix epoch.
    pub reference_timestamp: u64,
    /// The firmware timestamp of the newer sample, ns.
    pub violation_timestamp: Option<u64>,
    pub acc_counter: Option<u64>,
    pub acc_prochot_thrm: Option<u64>,
    pub acc_ppt_pwr: Option<u64>,
    pub acc_socket_thrm: Option<u64>,
    pub acc_vr_thrm: Option<u64>,
    pub acc_hbm_thrm: Option<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub acc_gfx_clk_below_host_limit: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub acc_gfx_clk_below_host_limit_pwr: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub acc_gfx_clk_below_host_limit_thm: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub acc_low_utilization: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub acc_gfx_clk_below_host_limit_total: XcpTable<u64>,
    pub per_prochot_thrm: Option<u64>,
    pub per_ppt_pwr: Option<u64>,
    pub per_socket_thrm: Option<u64>,
    pub per_vr_thrm: Option<u64>,
    pub per_hbm_thrm: Option<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub per_gfx_clk_below_host_limit: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub per_gfx_clk_below_host_limit_pwr: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub per_gfx_clk_below_host_limit_thm: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub per_low_utilization: XcpTable<u64>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub per_gfx_clk_below_host_limit_total: XcpTable<u64>,
    pub active_prochot_thrm: Option<bool>,
    pub active_ppt_pwr: Option<bool>,
    pub active_socket_thrm: Option<bool>,
    pub active_vr_thrm: Option<bool>,
    pub active_hbm_thrm: Option<bool>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub active_gfx_clk_below_host_limit: XcpTable<bool>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub active_gfx_clk_below_host_limit_pwr: XcpTable<bool>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub active_gfx_clk_below_host_limit_thm: XcpTable<bool>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub active_low_utilization: XcpTable<bool>,
    #[cfg_attr(feature = "serde", serde(serialize_with = "crate::na::table"))]
    pub active_gfx_clk_below_host_limit_total: XcpTable<bool>,
}

/// `(new − old) × 100 / cycles`, `None` when either side is missing, the accumulator went
/// backwards (a reset) or no cycle passed.
fn percent(old: Option<u64>, new: Option<u64>, cycles: Option<u64>) -> Option<u64> {
    let delta = new?.checked_sub(old?)?;
    let cycles = cycles.filter(|&c| c > 0)?;
    Some(u64::try_from(u128::from(delta) * 100 / u128::from(cycles)).unwrap_or(u64::MAX))
}

/// One per-XCP accumulator array of a sample.
type XcpField = fn(&GpuMetrics, usize) -> &[Option<u64>; MAX_XCC];

/// The accumulator, percentage and active tables of one per-XCP accumulator.
fn tables(old: &GpuMetrics, new: &GpuMetrics, cycles: Option<u64>, field: XcpField) -> [XcpTable<u64>; 2] {
    let mut acc = Vec::with_capacity(NUM_XCP);
    let mut per = Vec::with_capacity(NUM_XCP);
    for xcp in 0..NUM_XCP {
        let (o, n) = (field(old, xcp), field(new, xcp));
        acc.push(n.to_vec());
        per.push(o.iter().zip(n).map(|(&o, &n)| percent(o, n, cycles)).collect());
    }
    [acc, per]
}

fn active(per: &XcpTable<u64>) -> XcpTable<bool> {
    per.iter().map(|row| row.iter().map(|p| p.map(|p| p > 0)).collect()).collect()
}

/// The violation status between two samples of the same GPU (`old` taken before `new`).
pub fn violation_status(old: &GpuMetrics, new: &GpuMetrics, reference_timestamp: u64) -> ViolationStatus {
    let cycles = new.accumulation_counter.zip(old.accumulation_counter).and_then(|(n, o)| n.checked_sub(o));
    let scalar = |f: fn(&GpuMetrics) -> Option<u64>| percent(f(old), f(new), cycles);
    let [acc_limit, per_limit] = tables(old, new, cycles, |m, x| &m.xcp_stats[x].gfx_below_host_limit_acc);
    let [acc_pwr, per_pwr] = tables(old, new, cycles, |m, x| &m.xcp_stats[x].gfx_below_host_limit_ppt_acc);
    let [acc_thm, per_thm] = tables(old, new, cycles, |m, x| &m.xcp_stats[x].gfx_below_host_limit_thm_acc);
    let [acc_low, per_low] = tables(old, new, cycles, |m, x| &m.xcp_stats[x].gfx_low_utilization_acc);
    let [acc_total, per_total] = tables(old, new, cycles, |m, x| &m.xcp_stats[x].gfx_below_host_limit_total_acc);
    let per_prochot_thrm = scalar(|m| m.prochot_residency_acc);
    let per_ppt_pwr = scalar(|m| m.ppt_residency_acc);
    let per_socket_thrm = scalar(|m| m.socket_thm_residency_acc);
    let per_vr_thrm = scalar(|m| m.vr_thm_residency_acc);
    let per_hbm_thrm = scalar(|m| m.hbm_thm_residency_acc);
    let on = |p: Option<u64>| p.map(|p| p > 0);
    ViolationStatus {
        reference_timestamp,
        violation_timestamp: new.firmware_timestamp,
        acc_counter: new.accumulation_counter,
        acc_prochot_thrm: new.prochot_residency_acc,
        acc_ppt_pwr: new.ppt_residency_acc,
        acc_socket_thrm: new.socket_thm_residency_acc,
        acc_vr_thrm: new.vr_thm_residency_acc,
        acc_hbm_thrm: new.hbm_thm_residency_acc,
        active_gfx_clk_below_host_limit: active(&per_limit),
        active_gfx_clk_below_host_limit_pwr: active(&per_pwr),
        active_gfx_clk_below_host_limit_thm: active(&per_thm),
        active_low_utilization: active(&per_low),
        active_gfx_clk_below_host_limit_total: active(&per_total),
        acc_gfx_clk_below_host_limit: acc_limit,
        acc_gfx_clk_below_host_limit_pwr: acc_pwr,
        acc_gfx_clk_below_host_limit_thm: acc_thm,
        acc_low_utilization: acc_low,
        acc_gfx_clk_below_host_limit_total: acc_total,
        per_gfx_clk_below_host_limit: per_limit,
        per_gfx_clk_below_host_limit_pwr: per_pwr,
        per_gfx_clk_below_host_limit_thm: per_thm,
        per_low_utilization: per_low,
        per_gfx_clk_below_host_limit_total: per_total,
        active_prochot_thrm: on(per_prochot_thrm),
        active_ppt_pwr: on(per_ppt_pwr),
        active_socket_thrm: on(per_socket_thrm),
        active_vr_thrm: on(per_vr_thrm),
        active_hbm_thrm: on(per_hbm_thrm),
        per_prochot_thrm,
        per_ppt_pwr,
        per_socket_thrm,
        per_vr_thrm,
        per_hbm_thrm,
    }
}

/// The last `gpu_metrics` sample of each processor taken for the violation status: state of the
/// context (`Context::state`).
#[derive(Default)]
struct Samples(Mutex<HashMap<ProcessorHandle, GpuMetrics>>);

impl Gpu<'_> {
    /// Stores `sample` as the processor's latest violation sample; returns the one it replaces.
    fn remember_sample(&self, sample: GpuMetrics) -> Option<GpuMetrics> {
        let samples = self.context().state::<Samples>();
        // A panic while holding the lock cannot leave the map half-updated (one insert).
        let mut samples = samples.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        samples.insert(self.handle(), sample)
    }

    /// Throttling status against the previous sample this context took of the GPU (the first
    /// call for a GPU takes two samples 100 ms apart); NOT_SUPPORTED when `gpu_metrics` has no
    /// residency accumulators (before v1.6).
    #[doc(alias = "amdsmi_get_violation_status")]
    pub fn violation_status(&self) -> Result<ViolationStatus> {
        let sample = || -> Result<GpuMetrics> {
            let m = self.metrics_info()?;
            if m.accumulation_counter.is_none() {
                return Err(Error::new(Status::NotSupported).with_detail("gpu_metrics has no accumulation counter"));
            }
            Ok(m)
        };
        let new_sample = sample()?;
        let old = match self.remember_sample(new_sample.clone()) {
            Some(old) => old,
            None => {
                std::thread::sleep(FIRST_SAMPLE_INTERVAL);
                let newer = sample()?;
                self.remember_sample(newer.clone());
                return Ok(violation_status(&new_sample, &newer, now_us()));
            }
        };
        Ok(violation_status(&old, &new_sample, now_us()))
    }
}

/// Now, µs since the Unix epoch (0 if the clock is before it).
fn now_us() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpu::metrics::MetricsHeader;

    fn sample(counter: u64, ppt: u64, thm_xcp1_xcc2: u64) -> GpuMetrics {
        let header = MetricsHeader { structure_size: 0, format_revision: 1, content_revision: 8 };
        let mut m = GpuMetrics::unavailable(header);
        m.accumulation_counter = Some(counter);
        m.ppt_residency_acc = Some(ppt);
        m.socket_thm_residency_acc = Some(7);
        m.xcp_stats[1].gfx_below_host_limit_thm_acc[2] = Some(thm_xcp1_xcc2);
        m
    }

    #[test]
    fn percentages_from_deltas() {
        let v = violation_status(&sample(1000, 50, 0), &sample(1200, 150, 20), 42);
        assert_eq!(v.reference_timestamp, 42);
        assert_eq!((v.acc_counter, v.acc_ppt_pwr), (Some(1200), Some(150)));
        assert_eq!((v.per_ppt_pwr, v.active_ppt_pwr), (Some(50), Some(true)), "100 of 200 cycles");
        assert_eq!((v.per_socket_thrm, v.active_socket_thrm), (Some(0), Some(false)));
        assert_eq!((v.per_prochot_thrm, v.active_prochot_thrm), (None, None), "not in the blob");
        assert_eq!(v.per_gfx_clk_below_host_limit_thm[1][2], Some(10));
        assert_eq!(v.active_gfx_clk_below_host_limit_thm[1][2], Some(true));
        assert_eq!(v.per_gfx_clk_below_host_limit_thm[0][0], None);
        assert_eq!(v.per_gfx_clk_below_host_limit_thm.len(), NUM_XCP);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn tables_serialize_missing_values_as_na() {
        let v = violation_status(&sample(1000, 50, 0), &sample(1200, 150, 20), 42);
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["per_gfx_clk_below_host_limit_thm"][1][2], 10);
        assert_eq!(json["per_gfx_clk_below_host_limit_thm"][0][0], "N/A");
        assert_eq!(json["active_low_utilization"][3][3], "N/A");
        assert_eq!(json["per_prochot_thrm"], "N/A");
    }

    #[test]
    fn no_cycles_or_a_reset_is_not_available() {
        let same = violation_status(&sample(1000, 50, 0), &sample(1000, 50, 0), 0);
        assert_eq!(same.per_ppt_pwr, None);
        let reset = violation_status(&sample(1000, 50, 0), &sample(10, 5, 0), 0);
        assert_eq!((reset.per_ppt_pwr, reset.per_socket_thrm), (None, None));
    }
}

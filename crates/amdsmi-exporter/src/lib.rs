//! A Prometheus exporter of AMD GPU and EPYC CPU metrics over the `amdsmi` crate: what
//! `amd-smi exporter` serves.
//!
//! Each scrape reads every value once from the library's device views ([`collect`]) and encodes
//! it with the official Rust client, `prometheus-client`: the Prometheus text format (0.0.4,
//! `encoding::prometheus_text`) by default, OpenMetrics 1.0 (`encoding::text`) when the request's
//! `Accept` names `application/openmetrics-text`, as Prometheus's own scrapes do. The families
//! and their labels are AMD's ROCm/device-metrics-exporter's ([`families`]), so that its
//! dashboards work unchanged. [`server`] serves `/metrics` over HTTP with axum on hyper.

#![deny(unsafe_code)]

pub mod collect;
pub mod families;
pub mod server;

use std::fmt;
use std::sync::Arc;

use amdsmi::Context;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;

use crate::collect::{Inventory, Snapshot, Value};
use crate::families::Family;

/// The exposition formats served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The Prometheus text format, version 0.0.4.
    Prometheus,
    /// OpenMetrics text, version 1.0.0.
    OpenMetrics,
}

impl Format {
    /// The format a request's `Accept` header asks for: OpenMetrics when it names
    /// `application/openmetrics-text` (with a non-zero quality), else the Prometheus text format.
    pub fn from_accept(accept: Option<&str>) -> Format {
        let wants_openmetrics = accept.is_some_and(|accept| {
            accept.split(',').any(|range| {
                let mut parts = range.split(';').map(str::trim);
                let media = parts.next().unwrap_or_default();
                let zero = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()) == Some(0.0));
                media.eq_ignore_ascii_case("application/openmetrics-text") && !zero
            })
        });
        if wants_openmetrics {
            Format::OpenMetrics
        } else {
            Format::Prometheus
        }
    }

    /// The `Content-Type` of a body in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Prometheus => "text/plain; version=0.0.4; charset=utf-8",
            Format::OpenMetrics => "application/openmetrics-text; version=1.0.0; charset=utf-8",
        }
    }
}

/// The registry's one collector: reads the devices when the registry is encoded.
#[derive(Debug)]
struct Devices {
    context: Arc<Context>,
    inventory: Inventory,
    families: Vec<Family>,
}

impl Collector for Devices {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
        let snapshot = collect::collect(&self.context, &self.inventory, self.families.len());
        encode(&snapshot, &self.inventory, &self.families, &mut encoder)
    }
}

/// Writes the families of `snapshot` that have series (a family no device reports is left out).
fn encode(
    snapshot: &Snapshot,
    inventory: &Inventory,
    families: &[Family],
    encoder: &mut DescriptorEncoder,
) -> Result<(), fmt::Error> {
    for (family, series) in families.iter().zip(&snapshot.series) {
        if series.is_empty() {
            continue;
        }
        let mut metric = encoder.encode_descriptor(&family.name, &family.help, None, MetricType::Gauge)?;
        for s in series {
            let base = inventory.label_sets.get(s.labels).map_or(&[][..], Vec::as_slice);
            let labels = (s.extra.as_slice(), base);
            let sample = metric.encode_family(&labels)?;
            match s.value {
                Value::Int(v) => ConstGauge::new(v).encode(sample)?,
                Value::Float(v) => ConstGauge::new(v).encode(sample)?,
            }
        }
    }
    Ok(())
}

/// The exporter: a registry whose collector reads the machine of a [`Context`] on each scrape
/// (the processors and their labels are taken when it is made: [`Inventory`]).
#[derive(Debug)]
pub struct Exporter {
    registry: Registry,
}

impl Exporter {
    /// An exporter of the processors of `context`, labelling its series with `hostname`.
    pub fn new(context: Arc<Context>, hostname: impl Into<String>) -> Exporter {
        let inventory = Inventory::new(&context, &hostname.into());
        let mut registry = Registry::default();
        registry.register_collector(Box::new(Devices { context, inventory, families: families::all() }));
        Exporter { registry }
    }

    /// One scrape: collects every value and encodes it in `format`.
    pub fn scrape(&self, format: Format) -> String {
        let mut body = String::with_capacity(64 * 1024);
        let encoded = match format {
            Format::Prometheus => prometheus_client::encoding::prometheus_text::encode(&mut body, &self.registry),
            Format::OpenMetrics => prometheus_client::encoding::text::encode(&mut body, &self.registry),
        };
        // Writing to a String cannot fail, nor can the collector.
        debug_assert!(encoded.is_ok());
        body
    }
}

/// The host's name for the `hostname` label: the kernel's (`/proc/sys/kernel/hostname`), else
/// `localhost`.
pub fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".to_owned())
}

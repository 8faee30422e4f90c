//! The `gpu_metrics` decoder against the synthesized blobs of `tools/gen-gpu-metrics.py` (every
//! field checked against what the generator wrote, after AMD SMI's derivations, which this file
//! restates independently) and against real captures (MangoHud's own expected values, LACT).

use std::collections::BTreeMap;
use std::path::PathBuf;

use amdsmi::gpu::metrics::{self, AttributeType, GpuMetrics, MetricsHeader};
use amdsmi::Status;
use serde_json::{json, Map, Value};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/gpu_metrics").join(name)
}

fn blob(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn expected_json(name: &str) -> Value {
    serde_json::from_slice(&blob(&format!("expected/{name}.json"))).unwrap()
}

const SYNTHESIZED: &[&str] = &[
    "v1_0", "v1_1", "v1_2", "v1_3", "v1_4", "v1_5", "v1_6", "v1_6_384", "v1_7", "v1_8", "v1_9", "v2_0", "v2_1", "v2_2",
    "v2_3", "v2_4", "v3_0",
];

const CAPTURED: &[&str] = &[
    "captured/mangohud-gpu_metrics",
    "captured/mangohud-gpu_metrics_apu",
    "captured/lact-rx6900xt",
    "captured/lact-rx9070",
    "captured/lact-rx7800xt",
    "captured/lact-rx7600s",
    "captured/lact-phoenix",
    "captured/lact-strixpoint",
];

/// `Option<T>` / `[Option<T>; N]` as JSON (`null` for not available).
trait ToJson {
    fn to_json(&self) -> Value;
}

impl<T: Copy + Into<u64>> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.map_or(Value::Null, |v| json!(v.into()))
    }
}

impl<T: Copy + Into<u64>, const N: usize> ToJson for [Option<T>; N] {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

macro_rules! flatten {
    ($out:expr, $prefix:expr, $s:expr, [$($f:ident),* $(,)?]) => {
        $( $out.insert(format!("{}{}", $prefix, stringify!($f)), $s.$f.to_json()); )*
    };
}

/// Every normalized field of `m`, keyed `name`, `xcp_stats.<i>.<name>` and `apu.<name>`.
fn flat(m: &GpuMetrics) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    flatten!(
        out,
        "",
        m,
        [
            temperature_edge,
            temperature_hotspot,
            temperature_mem,
            temperature_vrgfx,
            temperature_vrsoc,
            temperature_vrmem,
            average_gfx_activity,
            average_umc_activity,
            average_mm_activity,
            average_socket_power,
            energy_accumulator,
            system_clock_counter,
            average_gfxclk_frequency,
            average_socclk_frequency,
            average_uclk_frequency,
            average_vclk0_frequency,
            average_dclk0_frequency,
            average_vclk1_frequency,
            average_dclk1_frequency,
            current_gfxclk,
            current_socclk,
            current_uclk,
            current_vclk0,
            current_dclk0,
            current_vclk1,
            current_dclk1,
            throttle_status,
            current_fan_speed,
            pcie_link_width,
            pcie_link_speed,
            gfx_activity_acc,
            mem_activity_acc,
            temperature_hbm,
            firmware_timestamp,
            voltage_soc,
            voltage_gfx,
            voltage_mem,
            indep_throttle_status,
            current_socket_power,
            vcn_activity,
            gfxclk_lock_status,
            xgmi_link_width,
            xgmi_link_speed,
            pcie_bandwidth_acc,
            pcie_bandwidth_inst,
            pcie_l0_to_recov_count_acc,
            pcie_replay_count_acc,
            pcie_replay_rover_count_acc,
            xgmi_read_data_acc,
            xgmi_write_data_acc,
            current_gfxclks,
            current_socclks,
            current_vclk0s,
            current_dclk0s,
            jpeg_activity,
            pcie_nak_sent_count_acc,
            pcie_nak_rcvd_count_acc,
            accumulation_counter,
            prochot_residency_acc,
            ppt_residency_acc,
            socket_thm_residency_acc,
            vr_thm_residency_acc,
            hbm_thm_residency_acc,
            num_partition,
            pcie_lc_perf_other_end_recovery,
            vram_max_bandwidth,
            xgmi_link_status
        ]
    );
    for (i, x) in m.xcp_stats.iter().enumerate() {
        flatten!(
            out,
            format!("xcp_stats.{i}."),
            x,
            [
                gfx_busy_inst,
                jpeg_busy,
                vcn_busy,
                gfx_busy_acc,
                gfx_below_host_limit_acc,
                gfx_below_host_limit_ppt_acc,
                gfx_below_host_limit_thm_acc,
                gfx_low_utilization_acc,
                gfx_below_host_limit_total_acc
            ]
        );
    }
    if let Some(a) = &m.apu {
        flatten!(
            out,
            "apu.",
            a,
            [
                temperature_gfx,
                temperature_soc,
                temperature_core,
                temperature_l3,
                temperature_skin,
                average_gfx_activity,
                average_mm_activity,
                average_vcn_activity,
                average_ipu_activity,
                average_core_c0_activity,
                average_dram_reads,
                average_dram_writes,
                average_ipu_reads,
                average_ipu_writes,
                average_socket_power,
                average_cpu_power,
                average_soc_power,
                average_gfx_power,
                average_ipu_power,
                average_apu_power,
                average_dgpu_power,
                average_all_core_power,
                average_core_power,
                average_sys_power,
                stapm_power_limit,
                current_stapm_power_limit,
                average_gfxclk_frequency,
                average_socclk_frequency,
                average_uclk_frequency,
                average_fclk_frequency,
                average_vclk_frequency,
                average_dclk_frequency,
                average_vpeclk_frequency,
                average_ipuclk_frequency,
                average_mpipu_frequency,
                current_gfxclk,
                current_socclk,
                current_uclk,
                current_fclk,
                current_vclk,
                current_dclk,
                current_coreclk,
                current_l3clk,
                current_core_maxfreq,
                current_gfx_maxfreq,
                throttle_status,
                indep_throttle_status,
                fan_pwm,
                average_temperature_gfx,
                average_temperature_soc,
                average_temperature_core,
                average_temperature_l3,
                average_cpu_voltage,
                average_soc_voltage,
                average_gfx_voltage,
                average_cpu_current,
                average_soc_current,
                average_gfx_current,
                throttle_residency_prochot,
                throttle_residency_spl,
                throttle_residency_fppt,
                throttle_residency_sppt,
                throttle_residency_thm_core,
                throttle_residency_thm_gfx,
                throttle_residency_thm_soc,
                time_filter_alphavalue
            ]
        );
    }
    out
}

/// The expected normalized fields, built from the generator's raw values.
struct Expect {
    map: BTreeMap<String, Value>,
}

impl Expect {
    fn new(header: MetricsHeader, apu: bool) -> Expect {
        let mut m = GpuMetrics::unavailable(header);
        if apu {
            m.apu = Some(metrics::ApuMetrics::unavailable());
        }
        Expect { map: flat(&m) }
    }

    /// Sets `key` (which must exist: every raw field lands somewhere), arrays element by element
    /// into the front of a possibly longer normalized array.
    fn set(&mut self, key: &str, value: Value) {
        let slot = self.map.get_mut(key).unwrap_or_else(|| panic!("no normalized field {key}"));
        match (slot, value) {
            (Value::Array(dst), Value::Array(src)) => {
                assert!(src.len() <= dst.len(), "{key}: {} values into {}", src.len(), dst.len());
                for (d, s) in dst.iter_mut().zip(src) {
                    *d = s;
                }
            }
            (slot, value) => *slot = value,
        }
    }

    fn get(&self, key: &str) -> Value {
        self.map[key].clone()
    }

    fn element(&self, key: &str, i: usize) -> Value {
        self.map[key][i].clone()
    }

    fn set_element(&mut self, key: &str, i: usize, v: Value) {
        let Some(Value::Array(a)) = self.map.get_mut(key) else { panic!("{key} is not an array") };
        a[i] = v;
    }
}

/// A raw value with the all-ones sentinel (at the C type's width) as `null`.
fn unsentinel(v: &Value, ctype: &str) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.iter().map(|e| unsentinel(e, ctype)).collect()),
        Value::Number(n) => {
            let bits = match ctype {
                "u8" => 8,
                "u16" => 16,
                "u32" => 32,
                "u64" => 64,
                other => panic!("type {other}"),
            };
            let all_ones = u64::MAX >> (64 - bits);
            if n.as_u64() == Some(all_ones) {
                Value::Null
            } else {
                v.clone()
            }
        }
        other => panic!("raw value {other}"),
    }
}

fn times_ten(v: Value) -> Value {
    v.as_u64().map_or(Value::Null, |t| json!(t * 10))
}

fn mw_to_w(v: Value) -> Value {
    v.as_u64().map_or(Value::Null, |mw| json!(((mw + 500) / 1000).min(u64::from(u16::MAX))))
}

/// AMD SMI's v1.4+ derivation of the scalar clocks from element 0/1 of the arrays.
fn derive_scalar_clocks(e: &mut Expect) {
    for (scalar, array, i) in [
        ("current_gfxclk", "current_gfxclks", 0),
        ("current_socclk", "current_socclks", 0),
        ("current_vclk0", "current_vclk0s", 0),
        ("current_vclk1", "current_vclk0s", 1),
        ("current_dclk0", "current_dclk0s", 0),
        ("current_dclk1", "current_dclk0s", 1),
    ] {
        let v = e.element(array, i);
        e.set(scalar, v);
    }
}

/// Expected fields of a fixed-layout dGPU/Instinct version (1.0–1.8).
fn expect_v1(header: MetricsHeader, exp: &Value) -> Expect {
    let mut e = Expect::new(header, false);
    let (fields, types) = (exp["fields"].as_object().unwrap(), exp["types"].as_object().unwrap());
    let instinct = header.content_revision >= 4;
    for (name, raw) in fields {
        if name == "xcp_stats" {
            for (i, entry) in raw.as_array().unwrap().iter().enumerate() {
                for (field, v) in entry.as_object().unwrap() {
                    let ctype = types["xcp_stats"][field].as_str().unwrap();
                    e.set(&format!("xcp_stats.{i}.{field}"), unsentinel(v, ctype));
                }
            }
            continue;
        }
        let v = unsentinel(raw, types[name].as_str().unwrap());
        let key = match name.as_str() {
            "firmware_timestamp" => {
                e.set(name, times_ten(v));
                continue;
            }
            "curr_socket_power" => "current_socket_power",
            "mem_max_bandwidth" => "vram_max_bandwidth",
            "current_gfxclk" if instinct => "current_gfxclks",
            "current_socclk" if instinct => "current_socclks",
            "current_vclk0" if instinct => "current_vclk0s",
            "current_dclk0" if instinct => "current_dclk0s",
            other => other,
        };
        e.set(key, v);
    }
    if instinct {
        derive_scalar_clocks(&mut e);
    } else if header.content_revision == 3 {
        for (array, scalar) in [
            ("current_gfxclks", "current_gfxclk"),
            ("current_socclks", "current_socclk"),
            ("current_vclk0s", "current_vclk0"),
            ("current_dclk0s", "current_dclk0"),
        ] {
            let v = e.get(scalar);
            e.set_element(array, 0, v);
        }
        let mm = e.get("average_mm_activity");
        if !mm.is_null() {
            e.set_element("vcn_activity", 0, mm.clone());
            e.set_element("xcp_stats.0.vcn_busy", 0, mm);
        }
    }
    e
}

/// Expected fields of an APU version (2.x, 3.0): everything into `apu`, AMD SMI's subset out.
fn expect_apu(header: MetricsHeader, exp: &Value) -> Expect {
    let mut e = Expect::new(header, true);
    let (fields, types) = (exp["fields"].as_object().unwrap(), exp["types"].as_object().unwrap());
    for (name, raw) in fields {
        let v = unsentinel(raw, types[name].as_str().unwrap());
        if name == "system_clock_counter" {
            e.set(name, v);
        } else {
            e.set(&format!("apu.{name}"), v);
        }
    }
    let power = mw_to_w(e.get("apu.average_socket_power"));
    e.set("average_socket_power", power);
    let mut common = vec![
        ("average_gfx_activity", "average_gfx_activity"),
        ("average_gfxclk_frequency", "average_gfxclk_frequency"),
        ("average_socclk_frequency", "average_socclk_frequency"),
        ("average_uclk_frequency", "average_uclk_frequency"),
        ("average_vclk0_frequency", "average_vclk_frequency"),
    ];
    if header.format_revision == 2 {
        common.extend([
            ("average_mm_activity", "average_mm_activity"),
            ("average_dclk0_frequency", "average_dclk_frequency"),
            ("current_gfxclk", "current_gfxclk"),
            ("current_socclk", "current_socclk"),
            ("current_uclk", "current_uclk"),
            ("current_vclk0", "current_vclk"),
            ("current_dclk0", "current_dclk"),
            ("throttle_status", "throttle_status"),
            ("indep_throttle_status", "indep_throttle_status"),
        ]);
    }
    for (to, from) in common {
        let v = e.get(&format!("apu.{from}"));
        e.set(to, v);
    }
    e
}

/// Expected fields of the tagged v1.9 blob, from its attribute list.
fn expect_v1_9(header: MetricsHeader, exp: &Value) -> Expect {
    let mut e = Expect::new(header, false);
    for attr in exp["attributes"].as_array().unwrap() {
        let Some(name) = attr["name"].as_str() else { continue }; // ids 49 and 1023: not mapped
        let ctype = attr["type"].as_str().unwrap();
        let values = unsentinel(&attr["values"], ctype);
        let scalar = attr["scalar"].as_bool().unwrap();
        let key = match name {
            "CURR_SOCKET_POWER" => "current_socket_power".to_string(),
            "MEM_MAX_BANDWIDTH" => "vram_max_bandwidth".to_string(),
            "CURRENT_GFXCLK" => "current_gfxclks".to_string(),
            "CURRENT_SOCCLK" => "current_socclks".to_string(),
            "CURRENT_VCLK0" => "current_vclk0s".to_string(),
            "CURRENT_DCLK0" => "current_dclk0s".to_string(),
            "GFX_BUSY_INST"
            | "JPEG_BUSY"
            | "VCN_BUSY"
            | "GFX_BUSY_ACC"
            | "GFX_BELOW_HOST_LIMIT_PPT_ACC"
            | "GFX_BELOW_HOST_LIMIT_THM_ACC"
            | "GFX_LOW_UTILIZATION_ACC"
            | "GFX_BELOW_HOST_LIMIT_TOTAL_ACC" => {
                format!("xcp_stats.0.{}", name.to_lowercase())
            }
            other => other.to_lowercase(),
        };
        if name == "TEMPERATURE_HBM" {
            // 8 stacks on SMU 13.0.12; AMD SMI 7.0.2's temperature_hbm holds the first 4.
            e.set(&key, Value::Array(values.as_array().unwrap()[..4].to_vec()));
        } else if scalar {
            let v = values[0].clone();
            e.set(&key, if name == "FIRMWARE_TIMESTAMP" { times_ten(v) } else { v });
        } else {
            e.set(&key, values);
        }
    }
    derive_scalar_clocks(&mut e);
    e
}

fn expect(name: &str) -> (Vec<u8>, Expect) {
    let exp = expected_json(name);
    let header = MetricsHeader {
        structure_size: exp["structure_size"].as_u64().unwrap() as u16,
        format_revision: exp["format_revision"].as_u64().unwrap() as u8,
        content_revision: exp["content_revision"].as_u64().unwrap() as u8,
    };
    let e = match (header.format_revision, header.content_revision) {
        (1, 9) => expect_v1_9(header, &exp),
        (1, _) => expect_v1(header, &exp),
        _ => expect_apu(header, &exp),
    };
    (blob(&format!("{name}.bin")), e)
}

#[test]
fn every_synthesized_field_matches_what_the_generator_wrote() {
    for name in SYNTHESIZED {
        let (bytes, e) = expect(name);
        let m = metrics::decode(&bytes).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(usize::from(m.common_header.structure_size), bytes.len(), "{name}");
        let actual = flat(&m);
        assert_eq!(actual.keys().collect::<Vec<_>>(), e.map.keys().collect::<Vec<_>>(), "{name}: field set");
        let mut available = 0;
        for (key, want) in &e.map {
            assert_eq!(&actual[key], want, "{name}: {key}");
            available += match want {
                Value::Array(a) => a.iter().filter(|v| !v.is_null()).count(),
                v => usize::from(!v.is_null()),
            };
        }
        assert!(available > 10, "{name}: only {available} values available");
    }
}

#[test]
fn sentinels_and_padding_are_exercised() {
    // The generator set some fields to all-ones: they must come out as None, not as 0xFFFF.
    let m = metrics::decode(&blob("v1_3.bin")).unwrap();
    assert_eq!((m.temperature_vrgfx, m.energy_accumulator, m.mem_activity_acc), (None, None, None));
    assert_eq!(m.temperature_edge, Some(1001));
    // 0xA5 filler in the padding members never leaks into a field.
    let flat = flat(&m);
    assert!(!flat.values().any(|v| v.as_u64() == Some(0xA5A5)));
}

#[test]
fn headers() {
    for name in SYNTHESIZED {
        let exp = expected_json(name);
        let h = metrics::header(&blob(&format!("{name}.bin"))).unwrap();
        assert_eq!(u64::from(h.structure_size), exp["structure_size"].as_u64().unwrap(), "{name}");
        assert_eq!(u64::from(h.format_revision), exp["format_revision"].as_u64().unwrap(), "{name}");
        assert_eq!(u64::from(h.content_revision), exp["content_revision"].as_u64().unwrap(), "{name}");
    }
    let h = metrics::header(&blob("captured/lact-strixpoint")).unwrap();
    assert_eq!(h, MetricsHeader { structure_size: 264, format_revision: 3, content_revision: 0 });
    assert_eq!(metrics::header(&[0x78, 0, 1]).unwrap_err().status(), Status::UnexpectedSize);
}

#[test]
fn v1_9_attribute_list_as_written() {
    let exp = expected_json("v1_9");
    let attrs = metrics::attributes(&blob("v1_9.bin")).unwrap();
    let want = exp["attributes"].as_array().unwrap();
    assert_eq!(attrs.len(), want.len());
    let units =
        ["NONE", "CLOCK_1", "TEMP_1", "POWER_1", "TIME_1", "TIME_2", "SPEED_1", "SPEED_2", "BW_1", "DATA_1", "PERCENT"];
    for (a, w) in attrs.iter().zip(want) {
        assert_eq!(u64::from(a.id), w["id"].as_u64().unwrap());
        assert_eq!(a.name(), w["name"].as_str());
        let unit = w["unit"].as_str().unwrap();
        assert_eq!(usize::from(a.unit), units.iter().position(|u| *u == unit).unwrap(), "{unit}");
        let ty = match w["type"].as_str().unwrap() {
            "u16" => AttributeType::U16,
            "u32" => AttributeType::U32,
            "u64" => AttributeType::U64,
            "s32" => AttributeType::S32,
            other => panic!("{other}"),
        };
        assert_eq!(a.value_type, ty);
        let values = w["values"].as_array().unwrap();
        assert_eq!(a.values.len(), values.len());
        for (i, v) in values.iter().enumerate() {
            let sentinel = v.as_i64() == Some(-1) || v.as_u64() == Some(u64::MAX >> (64 - 8 * ty.size()));
            let as_i128 = v.as_i64().map(i128::from).or_else(|| v.as_u64().map(i128::from));
            let want = if sentinel { None } else { as_i128 };
            assert_eq!(a.get::<i128>(i), want, "{:?}[{i}]", a.name());
        }
    }
    // The unnamed id 1023 carries negative S32 values; they fit i32, not u32.
    let last = attrs.last().unwrap();
    assert_eq!((last.get::<i32>(0), last.get::<u32>(0)), (Some(-100_173), None));
    let err = metrics::attributes(&blob("v1_8.bin")).unwrap_err();
    assert_eq!(err.status(), Status::NotSupported);
}

#[test]
fn mangohud_dgpu_v1_3() {
    // MangoHud's test: gfx activity 64 %, gfx power 33 W, gfxclk 2165 MHz, uclk 1000 MHz, edge 36 C,
    // no throttling.
    let m = metrics::decode(&blob("captured/mangohud-gpu_metrics")).unwrap();
    assert_eq!(m.common_header, MetricsHeader { structure_size: 120, format_revision: 1, content_revision: 3 });
    assert_eq!(m.average_gfx_activity, Some(64));
    assert_eq!(m.average_socket_power, Some(33));
    assert_eq!(m.current_gfxclk, Some(2165));
    assert_eq!(m.current_uclk, Some(1000));
    assert_eq!(m.temperature_edge, Some(36));
    assert_eq!((m.throttle_status, m.indep_throttle_status), (Some(0), Some(0)));
    // v1.3 feeds element 0 of the per-instance arrays (AMD SMI's backwards compatibility).
    assert_eq!(m.current_gfxclks[0], Some(2165));
    assert_eq!(m.current_gfxclks[1], None);
    assert_eq!(m.apu, None);
}

#[test]
fn mangohud_apu_v2_2() {
    // MangoHud's test: gfx activity 100 %, gfx power 6.161 W, cpu power 9.235 W, gfxclk 1040 MHz,
    // uclk 687 MHz, gfx 81 C, soc 71 C, cpu 80 C, power throttled.
    let m = metrics::decode(&blob("captured/mangohud-gpu_metrics_apu")).unwrap();
    assert_eq!(m.common_header, MetricsHeader { structure_size: 128, format_revision: 2, content_revision: 2 });
    let apu = m.apu.as_ref().unwrap();
    assert_eq!(m.average_gfx_activity, Some(100));
    assert_eq!(apu.average_gfx_power, Some(6161)); // mW
    assert_eq!(apu.average_cpu_power, Some(9235)); // mW
    assert_eq!(m.current_gfxclk, Some(1040));
    assert_eq!(m.current_uclk, Some(687));
    assert_eq!(apu.temperature_gfx.map(|t| t / 100), Some(81)); // centi-degrees on the wire
    assert_eq!(apu.temperature_soc.map(|t| t / 100), Some(71));
    let hottest_core = apu.temperature_core.iter().flatten().max().copied();
    assert_eq!(hottest_core.map(|t| t / 100), Some(80));
    // indep_throttle_status 0x60: SMU_THROTTLER_FPPT_BIT (5) and SPPT_BIT (6), both power limits.
    assert_eq!(m.indep_throttle_status, Some(0x60));
    assert_ne!(m.indep_throttle_status.unwrap() & 0xFFFF, 0);
    // AMD SMI's socket power: 18844 mW rounded to W.
    assert_eq!((apu.average_socket_power, m.average_socket_power), (Some(18_844), Some(19)));
    // Only 4 of the 8 cores and 1 of 2 L3 clocks are reported; the rest are all-ones.
    assert_eq!(apu.temperature_core.iter().flatten().count(), 4);
    assert_eq!(apu.current_l3clk, [Some(3475), None]);
}

#[test]
fn mangohud_invalid_blob() {
    let err = metrics::decode(&blob("captured/mangohud-gpu_metrics_invalid")).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedData);
}

#[test]
fn lact_captures() {
    // Values read by hand from the hex dumps.
    let m = metrics::decode(&blob("captured/lact-rx6900xt")).unwrap(); // 4096 bytes, NUL padded
    assert_eq!(m.common_header.structure_size, 120);
    assert_eq!((m.temperature_edge, m.temperature_hotspot, m.temperature_mem), (Some(56), Some(59), Some(54)));
    assert_eq!((m.average_gfxclk_frequency, m.average_socclk_frequency), (Some(41), None));
    assert_eq!((m.current_gfxclk, m.current_uclk, m.average_socket_power), (Some(500), Some(1000), Some(36)));
    assert_eq!((m.voltage_soc, m.voltage_gfx, m.voltage_mem), (Some(818), Some(775), Some(1356)));
    for name in ["captured/lact-rx9070", "captured/lact-rx7800xt", "captured/lact-rx7600s"] {
        let m = metrics::decode(&blob(name)).unwrap();
        assert_eq!((m.common_header.format_revision, m.common_header.content_revision), (1, 3), "{name}");
        assert!(m.temperature_edge.is_some_and(|t| (20..110).contains(&t)), "{name}");
    }
    let phoenix = metrics::decode(&blob("captured/lact-phoenix")).unwrap();
    let apu = phoenix.apu.as_ref().unwrap();
    assert_eq!(phoenix.common_header.content_revision, 1);
    assert_eq!((apu.temperature_gfx, apu.temperature_soc), (Some(2500), Some(2737)));
    assert_eq!(phoenix.average_gfx_activity, Some(79));
    assert_eq!(phoenix.indep_throttle_status, None); // v2.1 has none
                                                     // Phoenix fills the average clocks only; the current ones are all-ones.
    assert_eq!((phoenix.average_gfxclk_frequency, phoenix.average_socclk_frequency), (Some(800), Some(400)));
    assert_eq!((phoenix.current_gfxclk, phoenix.current_uclk, apu.current_fclk), (None, None, None));
    assert_eq!((apu.average_socket_power, phoenix.average_socket_power), (Some(3401), Some(3)));
    let strix = metrics::decode(&blob("captured/lact-strixpoint")).unwrap();
    let apu = strix.apu.as_ref().unwrap();
    assert_eq!((apu.temperature_gfx, apu.temperature_soc), (Some(3812), Some(4062)));
    assert_eq!(
        (apu.average_socket_power, apu.average_apu_power, apu.average_gfx_power),
        (Some(9839), Some(9839), Some(1536))
    );
    assert_eq!(strix.average_socket_power, Some(10)); // AMD SMI: mW rounded to W
    assert_eq!(strix.system_clock_counter, Some(0x8a62_5c21_8a71));
    assert_eq!((strix.current_gfxclk, strix.throttle_status), (None, None)); // not in v3.0
    assert_eq!(apu.time_filter_alphavalue, Some(1_000_000));
}

#[test]
fn errors() {
    let v13 = blob("v1_3.bin");
    // Truncated: structure_size 120 but 100 bytes.
    let err = metrics::decode(&v13[..100]).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedSize);
    assert_eq!(err.detail(), Some("gpu_metrics v1.3: structure_size 120 but only 100 bytes were read"));
    // structure_size larger than the file.
    let mut big = v13.clone();
    big[..2].copy_from_slice(&200u16.to_le_bytes());
    let err = metrics::decode(&big).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedSize);
    assert!(err.detail().unwrap().starts_with("gpu_metrics v1.3:"));
    // structure_size smaller than the layout.
    let mut small = v13.clone();
    small[..2].copy_from_slice(&100u16.to_le_bytes());
    let err = metrics::decode(&small).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedSize);
    assert_eq!(
        err.detail(),
        Some("gpu_metrics v1.3: structure_size 100 is smaller than the 120 bytes of the v1.3 layout")
    );
    // Unknown versions.
    for (f, c) in [(4u8, 0u8), (1, 10), (2, 5), (0, 3)] {
        let mut b = v13.clone();
        b[2] = f;
        b[3] = c;
        let err = metrics::decode(&b).unwrap_err();
        assert_eq!(err.status(), Status::NotSupported);
        assert_eq!(err.detail(), Some(format!("gpu_metrics v{f}.{c} is not supported").as_str()));
    }
    // All-zero (a page of NULs): structure_size 0.
    assert_eq!(metrics::decode(&[0u8; 4096]).unwrap_err().status(), Status::UnexpectedData);
    assert_eq!(metrics::decode(&[]).unwrap_err().status(), Status::UnexpectedSize);
    // v1.6 with a size that is neither 1.6 layout.
    let mut v16 = blob("v1_6.bin");
    v16[..2].copy_from_slice(&1000u16.to_le_bytes());
    assert_eq!(metrics::decode(&v16).unwrap_err().status(), Status::UnexpectedSize);
}

#[test]
fn malformed_v1_9() {
    let v19 = blob("v1_9.bin");
    let count = i32::from_le_bytes(v19[4..8].try_into().unwrap());
    // More attributes claimed than present.
    let mut b = v19.clone();
    b[4..8].copy_from_slice(&(count + 1).to_le_bytes());
    assert_eq!(metrics::decode(&b).unwrap_err().status(), Status::UnexpectedData);
    // Negative count.
    b[4..8].copy_from_slice(&(-1i32).to_le_bytes());
    assert_eq!(metrics::decode(&b).unwrap_err().status(), Status::UnexpectedData);
    // Unknown value type (9) in the first encoding.
    let mut b = v19.clone();
    b[10] = (b[10] & 0x0F) | 0x90;
    assert_eq!(metrics::attributes(&b).unwrap_err().status(), Status::UnexpectedData);
    // Fewer attributes than present is fine: the rest is ignored.
    let mut b = v19.clone();
    b[4..8].copy_from_slice(&3i32.to_le_bytes());
    let m = metrics::decode(&b).unwrap();
    assert_eq!(m.temperature_hotspot, Some(1001));
    assert_eq!(m.current_socket_power, None);
    // Only the header and an empty list.
    let m = metrics::decode(&[8, 0, 1, 9, 0, 0, 0, 0]).unwrap();
    assert_eq!(m, GpuMetrics::unavailable(m.common_header));
}

#[test]
fn no_prefix_of_any_blob_panics() {
    let names: Vec<String> = SYNTHESIZED
        .iter()
        .map(|n| format!("{n}.bin"))
        .chain(CAPTURED.iter().map(|n| n.to_string()))
        .chain(["captured/mangohud-gpu_metrics_invalid".to_string()])
        .collect();
    for name in &names {
        let bytes = blob(name);
        let size = metrics::header(&bytes).map_or(usize::MAX, |h| usize::from(h.structure_size));
        for len in 0..=bytes.len() {
            let prefix = &bytes[..len];
            let ok = metrics::decode(prefix).is_ok();
            let _ = metrics::attributes(prefix);
            let _ = metrics::header(prefix);
            if !name.ends_with("invalid") {
                assert_eq!(ok, len >= size, "{name}: {len} bytes");
            }
        }
    }
}

#[test]
fn scrambled_blobs_never_panic() {
    // Deterministic pseudo-random corruption of every blob, headers included (versions and sizes
    // get shuffled, so every decoder sees every other version's bytes).
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let blobs: Vec<Vec<u8>> = SYNTHESIZED.iter().map(|n| blob(&format!("{n}.bin"))).collect();
    let versions = [(1u8, 0u8), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8), (1, 9)];
    let versions: Vec<(u8, u8)> =
        versions.into_iter().chain([(2, 0), (2, 1), (2, 2), (2, 3), (2, 4), (3, 0)]).collect();
    for round in 0..4000 {
        let mut b = blobs[round % blobs.len()].clone();
        let (f, c) = versions[(next() % versions.len() as u64) as usize];
        let size = (next() % (b.len() as u64 + 16)) as u16;
        b[..4].copy_from_slice(&[size.to_le_bytes()[0], size.to_le_bytes()[1], f, c]);
        for _ in 0..(next() % 8) {
            let i = (next() % b.len() as u64) as usize;
            b[i] = next() as u8;
        }
        let _ = metrics::decode(&b);
        let _ = metrics::attributes(&b);
    }
}

#[test]
fn json_map_sanity() {
    // The test's own helper: all-ones at the declared width only.
    assert_eq!(unsentinel(&json!(65535), "u16"), Value::Null);
    assert_eq!(unsentinel(&json!(65535), "u32"), json!(65535));
    assert_eq!(unsentinel(&json!([1, 255]), "u8"), json!([1, null]));
    let _ = Map::new();
}

// ---- The zero-copy view (`metrics::parse`) against the normalized struct (`metrics::decode`) ----

use metrics::{ApuField, Field, XcpField};

/// Every blob that parses: synthesized and captured.
fn parseable() -> Vec<(String, Vec<u8>)> {
    SYNTHESIZED
        .iter()
        .map(|n| format!("{n}.bin"))
        .chain(CAPTURED.iter().map(|n| n.to_string()))
        .map(|n| {
            let b = blob(&n);
            (n, b)
        })
        .collect()
}

/// A field's values read through `get` as the JSON `flat` gives: one value, or an array.
fn json_of(elements: usize, get: impl Fn(usize) -> Option<u64>) -> Value {
    let one = |i| get(i).map_or(Value::Null, |v| json!(v));
    if elements == 1 {
        one(0)
    } else {
        Value::Array((0..elements).map(one).collect())
    }
}

#[test]
fn view_agrees_with_decode_for_every_field_of_every_blob() {
    for (name, bytes) in parseable() {
        let m = metrics::decode(&bytes).unwrap();
        let view = metrics::parse(&bytes).unwrap();
        let flat = flat(&m);
        assert_eq!(view.header(), m.common_header, "{name}");
        assert_eq!(view.bytes().len(), usize::from(m.common_header.structure_size), "{name}");
        let mut checked = 0;
        for f in Field::ALL {
            let from_view = json_of(f.elements(), |i| view.get(f, i));
            assert_eq!(from_view, flat[f.name()], "{name}: {}", f.name());
            assert_eq!(from_view, json_of(f.elements(), |i| m.get(f, i)), "{name}: {}", f.name());
            checked += 1;
        }
        for (p, x) in m.xcp_stats.iter().enumerate() {
            for f in XcpField::ALL {
                let from_view = json_of(f.elements(), |i| view.xcp(p).get(f, i));
                assert_eq!(from_view, flat[&format!("xcp_stats.{p}.{}", f.name())], "{name}: xcp {p} {}", f.name());
                assert_eq!(from_view, json_of(f.elements(), |i| x.get(f, i)), "{name}: xcp {p} {}", f.name());
                checked += 1;
            }
        }
        assert_eq!(view.apu().is_some(), m.apu.is_some(), "{name}");
        if let (Some(apu), Some(a)) = (view.apu(), &m.apu) {
            for f in ApuField::ALL {
                let from_view = json_of(f.elements(), |i| apu.get(f, i));
                assert_eq!(from_view, flat[&format!("apu.{}", f.name())], "{name}: apu {}", f.name());
                assert_eq!(from_view, json_of(f.elements(), |i| a.get(f, i)), "{name}: apu {}", f.name());
                checked += 1;
            }
        }
        // Every key of the flattened struct was compared.
        assert_eq!(checked, flat.len(), "{name}");
        // The owned view and the struct built from either view are the decode.
        assert_eq!(view.to_gpu_metrics(), m, "{name}");
        let owned = metrics::parse_owned(&bytes).unwrap();
        assert_eq!(owned.to_gpu_metrics(), m, "{name}");
        assert_eq!(owned.bytes(), view.bytes(), "{name}");
    }
}

#[test]
fn view_typed_accessors() {
    // MangoHud's v1.3 capture (values of `mangohud_dgpu_v1_3`).
    let b = blob("captured/mangohud-gpu_metrics");
    let v = metrics::parse(&b).unwrap();
    assert_eq!(
        (v.average_gfx_activity(), v.average_socket_power(), v.temperature_edge()),
        (Some(64), Some(33), Some(36))
    );
    assert_eq!((v.current_gfxclk(), v.current_uclk(), v.current_socket_power()), (Some(2165), Some(1000), None));
    assert_eq!(v.current_gfxclks(), [Some(2165), None, None, None, None, None, None, None]);
    assert_eq!((v.partitions(), v.xcp(0).vcn_busy()[0], v.xcp(1).vcn_busy()[0]), (1, Some(0), None));
    assert!(v.apu().is_none());
    // MangoHud's v2.2 APU capture: mW in the APU block, W in AMD SMI's field.
    let b = blob("captured/mangohud-gpu_metrics_apu");
    let v = metrics::parse(&b).unwrap();
    let apu = v.apu().unwrap();
    assert_eq!((apu.average_socket_power(), v.average_socket_power()), (Some(18_844), Some(19)));
    assert_eq!((apu.average_gfx_power(), apu.average_cpu_power()), (Some(6161), Some(9235)));
    assert_eq!(apu.current_l3clk(), [Some(3475), None]);
    assert_eq!(v.indep_throttle_status(), Some(0x60));
    assert_eq!(v.partitions(), 0);
    // v1.8: per-partition blocks, values as the generator wrote them.
    let exp = expected_json("v1_8");
    let b = blob("v1_8.bin");
    let v = metrics::parse(&b).unwrap();
    assert_eq!(v.partitions(), 8);
    let want = exp["fields"]["xcp_stats"][5]["gfx_below_host_limit_thm_acc"][3].as_u64();
    assert!(want.is_some_and(|w| w != u64::MAX));
    assert_eq!(v.xcp(5).gfx_below_host_limit_thm_acc()[3], want);
    assert_eq!(v.xcp(8).gfx_busy_acc(), [None; 8], "no ninth partition");
    assert_eq!(v.vram_max_bandwidth(), exp["fields"]["mem_max_bandwidth"].as_u64());
    // v1.9: through the attribute index; firmware timestamp in 10 ns → ns.
    let exp = expected_json("v1_9");
    let attr = |id: u64| exp["attributes"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone();
    let b = blob("v1_9.bin");
    let v = metrics::parse(&b).unwrap();
    assert_eq!(v.temperature_hotspot(), attr(0)["values"][0].as_u64().map(|t| t as u16));
    assert_eq!(v.firmware_timestamp(), attr(32)["values"][0].as_u64().map(|t| t * 10));
    assert_eq!(v.xcp(0).jpeg_busy()[39], attr(41)["values"][39].as_u64().map(|t| t as u16));
    assert_eq!(v.temperature_hbm()[3], attr(48)["values"][3].as_u64().map(|t| t as u16));
    assert_eq!(v.partitions(), 1);
    // Strix Point (v3.0): no current GFX clock in the layout.
    let b = blob("captured/lact-strixpoint");
    let v = metrics::parse(&b).unwrap();
    assert_eq!((v.current_gfxclk(), v.average_socket_power()), (None, Some(10)));
    assert_eq!(v.apu().unwrap().time_filter_alphavalue(), Some(1_000_000));
}

#[test]
fn parse_rejects_what_decode_rejects() {
    let v13 = blob("v1_3.bin");
    let mut bad = vec![v13[..100].to_vec(), vec![0u8; 4096], vec![], blob("captured/mangohud-gpu_metrics_invalid")];
    let mut v16 = blob("v1_6.bin");
    v16[..2].copy_from_slice(&1000u16.to_le_bytes());
    bad.push(v16);
    let mut v19 = blob("v1_9.bin");
    v19[4..8].copy_from_slice(&(-1i32).to_le_bytes());
    bad.push(v19);
    for b in bad {
        let (d, p, o) =
            (metrics::decode(&b).unwrap_err(), metrics::parse(&b).unwrap_err(), metrics::parse_owned(&b).unwrap_err());
        assert_eq!((p.status(), p.detail()), (d.status(), d.detail()));
        assert_eq!((o.status(), o.detail()), (d.status(), d.detail()));
    }
    // Field enums: names are AMD SMI's, element counts the arrays'.
    assert_eq!((Field::COUNT, XcpField::COUNT), (67, 9));
    assert_eq!((Field::TemperatureHbm.name(), Field::TemperatureHbm.elements()), ("temperature_hbm", 4));
    assert_eq!((XcpField::JpegBusy.elements(), ApuField::TemperatureCore.elements()), (40, 16));
}

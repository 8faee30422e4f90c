//! Unit tests of the gpu_metrics decoder: validation order, derivation edge cases, v1.9 attribute
//! handling and serialization. Field-by-field checks of every layout are in `tests/it/gpu_metrics.rs`.

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/gpu_metrics").join(name)).unwrap()
}

/// A v1.9 blob from `(unit, type, id, values as little-endian bytes)`, instances = bytes / size.
fn tagged(attrs: &[(u64, u64, u64, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for &(unit, ty, id, values) in attrs {
        let size = AttributeType::ALL[ty as usize].size();
        let inst = (values.len() / size) as u64;
        body.extend_from_slice(&(unit << 24 | ty << 20 | id << 10 | inst).to_le_bytes());
        body.extend_from_slice(values);
    }
    let mut blob = ((8 + body.len()) as u16).to_le_bytes().to_vec();
    blob.extend_from_slice(&[1, 9]);
    blob.extend_from_slice(&(attrs.len() as i32).to_le_bytes());
    blob.extend_from_slice(&body);
    blob
}

const U16: u64 = 2;
const S16: u64 = 3;
const U64: u64 = 6;

#[test]
fn validation_order() {
    // Size 0 wins over an unknown version (MangoHud's invalid blob is both).
    assert_eq!(decode(&[0, 0, 9, 9, 1]).unwrap_err().status(), Status::UnexpectedData);
    // An unknown version wins over a size that does not match the bytes.
    let err = decode(&[0xFF, 0xFF, 7, 1]).unwrap_err();
    assert_eq!((err.status(), err.detail()), (Status::NotSupported, Some("gpu_metrics v7.1 is not supported")));
    // Known version: oversized structure_size, then undersized.
    assert_eq!(decode(&[200, 0, 1, 3]).unwrap_err().status(), Status::UnexpectedSize);
    let err = decode(&[4, 0, 2, 1, 0, 0]).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedSize);
    assert_eq!(
        err.detail(),
        Some("gpu_metrics v2.1: structure_size 4 is smaller than the 120 bytes of the v2.1 layout")
    );
    assert_eq!(header(&[1, 2, 3]).unwrap_err().status(), Status::UnexpectedSize);
    assert_eq!(
        header(&[0x78, 0, 1, 3]).unwrap(),
        MetricsHeader { structure_size: 120, format_revision: 1, content_revision: 3 }
    );
}

#[test]
fn layout_sizes_are_the_kernel_structs() {
    let sizes: Vec<(u8, u8, usize)> = [(1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8), (1, 9)]
        .into_iter()
        .chain([(2, 0), (2, 1), (2, 2), (2, 3), (2, 4), (3, 0)])
        .map(|(f, c)| (f, c, layout(f, c).unwrap().min_size))
        .collect();
    let want = [80, 96, 104, 120, 288, 360, 384, 2208, 3872, 8, 120, 120, 128, 152, 168, 264];
    assert_eq!(sizes.iter().map(|s| s.2).collect::<Vec<_>>(), want);
    assert_eq!(v1_mi::V1_6_SIZE, 1664);
    assert!(layout(1, 10).is_none() && layout(2, 5).is_none() && layout(0, 0).is_none());
}

#[test]
fn derivation_helpers() {
    assert_eq!(firmware_ns(Some(123)), Some(1230));
    assert_eq!(firmware_ns(Some(u64::MAX / 5)), None);
    assert_eq!(firmware_ns(None), None);
    assert_eq!(apu_socket_power_w(Some(499)), Some(0));
    assert_eq!(apu_socket_power_w(Some(500)), Some(1));
    assert_eq!(apu_socket_power_w(Some(6161)), Some(6));
    assert_eq!(apu_socket_power_w(Some(u32::MAX - 1)), Some(u16::MAX));
    assert_eq!(apu_socket_power_w(None), None);
}

#[test]
fn v1_3_vcn_from_mm_activity_only_when_available() {
    let mut b = fixture("captured/mangohud-gpu_metrics");
    let m = decode(&b).unwrap();
    assert_eq!(m.average_mm_activity, Some(0));
    assert_eq!((m.vcn_activity[0], m.xcp_stats[0].vcn_busy[0]), (Some(0), Some(0)));
    assert_eq!((m.vcn_activity[1], m.xcp_stats[1].vcn_busy[0]), (None, None));
    b[20..22].copy_from_slice(&[0xFF, 0xFF]); // average_mm_activity N/A
    let m = decode(&b).unwrap();
    assert_eq!((m.average_mm_activity, m.vcn_activity[0], m.xcp_stats[0].vcn_busy[0]), (None, None, None));
    // v1.2 (same bytes, content revision 2, 104 bytes): no voltages, no derived arrays.
    b[0] = 104;
    b[3] = 2;
    let m = decode(&b).unwrap();
    assert_eq!((m.voltage_gfx, m.current_gfxclks[0], m.vcn_activity[0]), (None, None, None));
    assert_eq!(m.current_gfxclk, Some(2165));
    assert_eq!(m.firmware_timestamp, None); // all-ones in this capture
}

#[test]
fn v1_9_mapping_rules() {
    let b = tagged(&[
        // CURRENT_UCLK as a per-AID array (SMU 15.0.8): AMD SMI takes the first value.
        (1, U16, 37, &[0x10, 0x02, 0x20, 0x03]),
        // SYSTEM_CLOCK_COUNTER declared in 10 ns: converted to ns.
        (5, U64, 8, &7u64.to_le_bytes()),
        // A u64 too wide for AMD SMI's u16 current_socket_power: not available, not truncated.
        (3, U64, 3, &0x1_0001u64.to_le_bytes()),
        // Multi-value attribute for a scalar field: ignored, as AMD SMI does.
        (0, U16, 16, &[16, 0, 8, 0]),
        // A signed value of -1 is the sentinel; a negative one does not fit an unsigned field.
        (2, S16, 0, &[0xFF, 0xFF]),
        (2, S16, 1, &[0xFE, 0xFF]),
        (2, S16, 2, &[77, 0]),
        // Two HBM stacks fill the first two of four.
        (2, U16, 48, &[40, 0, 41, 0]),
        // Ids 49+ changed meaning between kernels: skipped.
        (2, U16, 49, &[1, 0, 2, 0]),
        // Per-XCC arrays go to partition 0 only.
        (10, U16, 42, &[5, 0, 6, 0]),
        // Later values for an id overwrite earlier ones.
        (3, U16, 4, &[10, 0]),
        (3, U16, 4, &[11, 0]),
        // Zero instances.
        (0, U16, 38, &[]),
    ]);
    let m = decode(&b).unwrap();
    assert_eq!(m.current_uclk, Some(0x0210));
    assert_eq!(m.system_clock_counter, Some(70));
    assert_eq!(m.current_socket_power, None);
    assert_eq!(m.pcie_link_width, None);
    assert_eq!((m.temperature_hotspot, m.temperature_mem, m.temperature_vrsoc), (None, None, Some(77)));
    assert_eq!(m.temperature_hbm, [Some(40), Some(41), None, None]);
    assert_eq!(m.xcp_stats[0].vcn_busy, [Some(5), Some(6), None, None]);
    assert_eq!(m.xcp_stats[1].vcn_busy, [None; 4]);
    assert_eq!((m.average_gfx_activity, m.num_partition), (Some(11), None));
    let attrs = attributes(&b).unwrap();
    assert_eq!(attrs.len(), 13);
    assert_eq!((attrs[8].id, attrs[8].name(), attrs[8].values.clone()), (49, None, vec![1, 2]));
    assert_eq!(attrs[5].get::<i16>(0), Some(-2));
    assert_eq!(attrs[5].get::<u16>(0), None);
    assert_eq!(attrs[4].get::<i16>(0), None);
    assert_eq!(attrs[0].name(), Some("CURRENT_UCLK"));
    assert_eq!(attrs[0].get::<u16>(5), None);
}

#[test]
fn v1_9_malformed_lists() {
    // An encoding whose values would run past structure_size.
    let mut b = tagged(&[(0, U64, 7, &5u64.to_le_bytes())]);
    b[0] -= 1;
    b.pop();
    let err = decode(&b).unwrap_err();
    assert_eq!(err.status(), Status::UnexpectedData);
    // Encoding itself truncated.
    let b = [12, 0, 1, 9, 1, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(decode(&b).unwrap_err().status(), Status::UnexpectedData);
    // attr_count near i32::MAX does not preallocate or loop: first missing attribute stops it.
    let b = [8, 0, 1, 9, 0xFF, 0xFF, 0xFF, 0x7F];
    assert_eq!(decode(&b).unwrap_err().status(), Status::UnexpectedData);
}

#[test]
fn every_version_header_over_every_short_body() {
    // Each known version's header over bodies of every length up to its layout and a fixed
    // filler: no panic, and success exactly when the layout fits.
    for (f, c) in [(1u8, 0u8), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 7), (1, 8), (2, 0), (2, 2), (2, 4), (3, 0)] {
        let min = layout(f, c).unwrap().min_size;
        for len in 4..=min + 4 {
            let mut b = vec![0x5Au8; len];
            b[..4].copy_from_slice(&[len as u8, (len >> 8) as u8, f, c]);
            assert_eq!(decode(&b).is_ok(), len >= min, "v{f}.{c} {len}");
        }
    }
}

#[test]
fn unavailable_is_all_none() {
    let h = MetricsHeader { structure_size: 8, format_revision: 1, content_revision: 9 };
    let m = GpuMetrics::unavailable(h);
    assert_eq!((m.temperature_edge, m.vram_max_bandwidth, m.apu.as_ref()), (None, None, None));
    assert_eq!(m.xcp_stats[7].jpeg_busy, [None; NUM_JPEG_ENG_V1]);
    assert_eq!(ApuMetrics::unavailable().temperature_core, [None; MAX_APU_CORES]);
}

#[cfg(feature = "serde")]
#[test]
fn serializes_with_na() {
    let m = decode(&fixture("v1_3.bin")).unwrap();
    let v = serde_json::to_value(&m).unwrap();
    assert_eq!(v["common_header"]["structure_size"], 120);
    assert_eq!(v["temperature_edge"], 1001);
    assert_eq!(v["temperature_vrgfx"], "N/A");
    assert_eq!(v["apu"], "N/A");
    assert_eq!(v["current_gfxclks"][0], 1017);
    assert_eq!(v["current_gfxclks"][1], "N/A");
    assert_eq!(v["xcp_stats"].as_array().unwrap().len(), NUM_XCP);
    assert_eq!(v["xcp_stats"][0]["jpeg_busy"].as_array().unwrap().len(), NUM_JPEG_ENG_V1);
    let apu = serde_json::to_value(decode(&fixture("captured/mangohud-gpu_metrics_apu")).unwrap()).unwrap();
    assert_eq!(apu["apu"]["temperature_gfx"], 8175);
    assert_eq!(apu["apu"]["temperature_core"][7], "N/A");
    let attrs = serde_json::to_value(attributes(&fixture("v1_9.bin")).unwrap()).unwrap();
    assert_eq!(attrs[0]["value_type"], "U16");
}

#[test]
fn v1_9_index_rules() {
    let b = tagged(&[
        // A scalar then a two-value attribute of the same id: the last one wins, and a scalar
        // field ignores a multi-value attribute.
        (3, U16, 3, &[50, 0]),
        (3, U16, 3, &[51, 0, 52, 0]),
        // CURRENT_VCLK0 as three instances: the array, and vclk0/vclk1 from elements 0 and 1.
        (1, U16, 35, &[1, 0, 2, 0, 3, 0]),
        // FIRMWARE_TIMESTAMP declared in ns: as is; SYSTEM_CLOCK_COUNTER with no unit: ns.
        (4, U64, 32, &9u64.to_le_bytes()),
        (0, U64, 8, &5u64.to_le_bytes()),
        // An id past the mapped ones: not indexed, still listed.
        (2, U16, 50, &[7, 0]),
    ]);
    let v = parse(&b).unwrap();
    assert_eq!(v.current_socket_power(), None);
    assert_eq!(v.current_vclk0s(), [Some(1), Some(2), Some(3), None]);
    assert_eq!((v.current_vclk0(), v.current_vclk1()), (Some(1), Some(2)));
    assert_eq!((v.firmware_timestamp(), v.system_clock_counter()), (Some(9), Some(5)));
    assert_eq!(attributes(&b).unwrap().last().map(|a| a.id), Some(50));
    assert_eq!(v.to_gpu_metrics(), decode(&b).unwrap());
    // The index holds where each known id's encoding is.
    let index = v1_9::index(&b).unwrap();
    assert_eq!(index, v1_9::index(v.bytes()).unwrap());
    assert_ne!(index, v1_9::AttrIndex::EMPTY);
    // FIRMWARE_TIMESTAMP with no unit: its 10 ns default.
    let v = tagged(&[(0, U64, 32, &9u64.to_le_bytes())]);
    assert_eq!(parse(&v).unwrap().firmware_timestamp(), Some(90));
}

#[test]
fn tables_place_what_each_version_has() {
    // Spot checks of the offsets `offset_of!` gave, against the kernel header's layout.
    let h = |s: u16, f: u8, c: u8| [s.to_le_bytes()[0], s.to_le_bytes()[1], f, c];
    let mut b = vec![0u8; 120];
    b[..4].copy_from_slice(&h(120, 1, 3));
    b[4..6].copy_from_slice(&77u16.to_le_bytes()); // temperature_edge
    b[54..56].copy_from_slice(&1500u16.to_le_bytes()); // current_gfxclk
    b[96..104].copy_from_slice(&3u64.to_le_bytes()); // firmware_timestamp, 10 ns
    let v = parse(&b).unwrap();
    assert_eq!((v.temperature_edge(), v.current_gfxclk(), v.current_gfxclks()[0]), (Some(77), Some(1500), Some(1500)));
    assert_eq!(v.firmware_timestamp(), Some(30));
    // The same bytes as v1.2: no derived arrays, no voltages.
    b[..4].copy_from_slice(&h(104, 1, 2));
    let v = parse(&b).unwrap();
    assert_eq!((v.current_gfxclks()[0], v.voltage_soc(), v.firmware_timestamp()), (None, None, Some(30)));
    // v1.1 stops before the firmware timestamp.
    b[..4].copy_from_slice(&h(96, 1, 1));
    assert_eq!(parse(&b).unwrap().firmware_timestamp(), None);
}

#!/usr/bin/env python3
"""Writes synthesized `gpu_metrics` blobs, one per layout the kernel has shipped.

Layouts are transcribed from the kernel's drivers/gpu/drm/amd/include/kgd_pp_interface.h
(ROCm/amdgpu @ 0ce779bf; the 384-byte 2024 gpu_metrics_v1_6 from torvalds/linux) and laid out
with x86-64 natural C alignment (the header has no __packed). The tagged v1.9 blob follows the
kernel's DECLARE_SMU_METRICS_CLASS (smu_cmn.h): a __packed struct of
`{header, int attr_count, {u64 encoding, value[inst]}...}`, attribute set from
SMU_13_0_6_METRICS_FIELDS (smu_v13_0_6_ppt.h).

Every field element gets a distinct value from a running counter (width-dependent base, so
64-bit reads and byte order are exercised); a few are set to all-ones, the kernel's
"not available" sentinel. Alignment holes and `padding` members hold 0xA5 filler the decoder
must never read. For each blob, `expected/<name>.json` records what was written:
`fields` (name -> value, nested for xcp_stats), `types` (name -> c type), and for v1.9 the
attribute list. Output is deterministic.

Usage: python3 tools/gen-gpu-metrics.py [--out fixtures/gpu_metrics]
"""

import argparse
import json
import os
import struct
import sys

CTYPES = {"u8": (1, "B"), "u16": (2, "H"), "u32": (4, "I"), "u64": (8, "Q"),
          "s8": (1, "b"), "s16": (2, "h"), "s32": (4, "i"), "s64": (8, "q")}

NUM_HBM_INSTANCES, NUM_XGMI_LINKS, MAX_GFX_CLKS, MAX_CLKS = 4, 8, 8, 4
NUM_VCN, NUM_JPEG_ENG, NUM_JPEG_ENG_V1, MAX_XCC, NUM_XCP = 4, 32, 40, 8, 8

# Fields are (name, type, count); count None is a scalar. type "pad" marks a padding member,
# a tuple type is a nested struct (name, fields) repeated count times.


def f(name, ctype, count=None):
    return (name, ctype, count)


def pad(name, ctype, count=None):
    return (name, ("pad", ctype), count)


XCP_V1_0 = ("amdgpu_xcp_metrics", [
    f("gfx_busy_inst", "u32", MAX_XCC), f("jpeg_busy", "u16", NUM_JPEG_ENG), f("vcn_busy", "u16", NUM_VCN),
    f("gfx_busy_acc", "u64", MAX_XCC)])
XCP_V1_1 = ("amdgpu_xcp_metrics_v1_1", XCP_V1_0[1] + [f("gfx_below_host_limit_acc", "u64", MAX_XCC)])
XCP_V1_2 = ("amdgpu_xcp_metrics_v1_2", [
    f("gfx_busy_inst", "u32", MAX_XCC), f("jpeg_busy", "u16", NUM_JPEG_ENG_V1), f("vcn_busy", "u16", NUM_VCN),
    f("gfx_busy_acc", "u64", MAX_XCC), f("gfx_below_host_limit_ppt_acc", "u64", MAX_XCC),
    f("gfx_below_host_limit_thm_acc", "u64", MAX_XCC), f("gfx_low_utilization_acc", "u64", MAX_XCC),
    f("gfx_below_host_limit_total_acc", "u64", MAX_XCC)])

HEADER = [f("structure_size", "u16"), f("format_revision", "u8"), f("content_revision", "u8")]

TEMPS_V1 = [f(n, "u16") for n in ("temperature_edge", "temperature_hotspot", "temperature_mem",
                                  "temperature_vrgfx", "temperature_vrsoc", "temperature_vrmem")]
UTIL_V1 = [f("average_gfx_activity", "u16"), f("average_umc_activity", "u16"), f("average_mm_activity", "u16")]
AVG_CLKS_V1 = [f("average_%s_frequency" % c, "u16") for c in ("gfxclk", "socclk", "uclk", "vclk0", "dclk0", "vclk1", "dclk1")]
CUR_CLKS_V1 = [f("current_%s" % c, "u16") for c in ("gfxclk", "socclk", "uclk", "vclk0", "dclk0", "vclk1", "dclk1")]

V1_0 = HEADER + [f("system_clock_counter", "u64")] + TEMPS_V1 + UTIL_V1 + [
    f("average_socket_power", "u16"), f("energy_accumulator", "u32")] + AVG_CLKS_V1 + CUR_CLKS_V1 + [
    f("throttle_status", "u32"), f("current_fan_speed", "u16"), f("pcie_link_width", "u8"), f("pcie_link_speed", "u8")]

V1_1 = HEADER + TEMPS_V1 + UTIL_V1 + [
    f("average_socket_power", "u16"), f("energy_accumulator", "u64"), f("system_clock_counter", "u64")] + \
    AVG_CLKS_V1 + CUR_CLKS_V1 + [
    f("throttle_status", "u32"), f("current_fan_speed", "u16"), f("pcie_link_width", "u16"),
    f("pcie_link_speed", "u16"), pad("padding", "u16"), f("gfx_activity_acc", "u32"), f("mem_activity_acc", "u32"),
    f("temperature_hbm", "u16", NUM_HBM_INSTANCES)]
V1_2 = V1_1 + [f("firmware_timestamp", "u64")]
V1_3 = V1_2 + [f("voltage_soc", "u16"), f("voltage_gfx", "u16"), f("voltage_mem", "u16"), pad("padding1", "u16"),
               f("indep_throttle_status", "u64")]

MI_HEAD = HEADER + [f("temperature_hotspot", "u16"), f("temperature_mem", "u16"), f("temperature_vrsoc", "u16"),
                    f("curr_socket_power", "u16"), f("average_gfx_activity", "u16"), f("average_umc_activity", "u16")]
LINKS = [f("pcie_link_width", "u16"), f("pcie_link_speed", "u16"), f("xgmi_link_width", "u16"),
         f("xgmi_link_speed", "u16"), f("gfx_activity_acc", "u32"), f("mem_activity_acc", "u32")]
PCIE = [f(n, "u64") for n in ("pcie_bandwidth_acc", "pcie_bandwidth_inst", "pcie_l0_to_recov_count_acc",
                              "pcie_replay_count_acc", "pcie_replay_rover_count_acc")]
NAK = [f("pcie_nak_sent_count_acc", "u32"), f("pcie_nak_rcvd_count_acc", "u32")]
XGMI = [f("xgmi_read_data_acc", "u64", NUM_XGMI_LINKS), f("xgmi_write_data_acc", "u64", NUM_XGMI_LINKS)]
CLKS_MI = [f("firmware_timestamp", "u64"), f("current_gfxclk", "u16", MAX_GFX_CLKS),
           f("current_socclk", "u16", MAX_CLKS), f("current_vclk0", "u16", MAX_CLKS),
           f("current_dclk0", "u16", MAX_CLKS), f("current_uclk", "u16")]
RESIDENCY = [f(n, "u32") for n in ("accumulation_counter", "prochot_residency_acc", "ppt_residency_acc",
                                   "socket_thm_residency_acc", "vr_thm_residency_acc", "hbm_thm_residency_acc")]
ENERGY = [f("energy_accumulator", "u64"), f("system_clock_counter", "u64")]

V1_4 = MI_HEAD + [f("vcn_activity", "u16", NUM_VCN)] + ENERGY + [
    f("throttle_status", "u32"), f("gfxclk_lock_status", "u32")] + LINKS + PCIE + XGMI + CLKS_MI + [pad("padding", "u16")]
V1_5 = MI_HEAD + [f("vcn_activity", "u16", NUM_VCN), f("jpeg_activity", "u16", NUM_JPEG_ENG)] + ENERGY + [
    f("throttle_status", "u32"), f("gfxclk_lock_status", "u32")] + LINKS + PCIE + NAK + XGMI + CLKS_MI + [
    pad("padding", "u16")]
V1_6_2024 = MI_HEAD + [f("vcn_activity", "u16", NUM_VCN), f("jpeg_activity", "u16", NUM_JPEG_ENG)] + ENERGY + \
    RESIDENCY + [f("throttle_status", "u32"), f("gfxclk_lock_status", "u32")] + LINKS + PCIE + NAK + XGMI + \
    CLKS_MI + [pad("padding", "u16")]
V1_6 = MI_HEAD + ENERGY + RESIDENCY + [f("gfxclk_lock_status", "u32")] + LINKS + PCIE + NAK + XGMI + CLKS_MI + [
    f("num_partition", "u16"), f("xcp_stats", XCP_V1_0, NUM_XCP), f("pcie_lc_perf_other_end_recovery", "u32")]


def v17_like(xcp):
    return MI_HEAD + [f("mem_max_bandwidth", "u64")] + ENERGY + RESIDENCY + [f("gfxclk_lock_status", "u32")] + \
        LINKS + PCIE + NAK + XGMI + [f("xgmi_link_status", "u16", NUM_XGMI_LINKS), pad("padding", "u16")] + \
        CLKS_MI + [f("num_partition", "u16"), f("xcp_stats", xcp, NUM_XCP), f("pcie_lc_perf_other_end_recovery", "u32")]


V1_7 = v17_like(XCP_V1_1)
V1_8 = v17_like(XCP_V1_2)

APU_TEMPS = [f("temperature_gfx", "u16"), f("temperature_soc", "u16"), f("temperature_core", "u16", 8),
             f("temperature_l3", "u16", 2)]
APU_UTIL = [f("average_gfx_activity", "u16"), f("average_mm_activity", "u16")]
APU_POWER = [f("average_socket_power", "u16"), f("average_cpu_power", "u16"), f("average_soc_power", "u16"),
             f("average_gfx_power", "u16"), f("average_core_power", "u16", 8)]
APU_CLKS = [f("average_%s_frequency" % c, "u16") for c in ("gfxclk", "socclk", "uclk", "fclk", "vclk", "dclk")] + \
    [f("current_%s" % c, "u16") for c in ("gfxclk", "socclk", "uclk", "fclk", "vclk", "dclk")] + [
    f("current_coreclk", "u16", 8), f("current_l3clk", "u16", 2), f("throttle_status", "u32"), f("fan_pwm", "u16")]

V2_0 = HEADER + [f("system_clock_counter", "u64")] + APU_TEMPS + APU_UTIL + APU_POWER + APU_CLKS + [
    pad("padding", "u16")]
V2_1 = HEADER + APU_TEMPS + APU_UTIL + [f("system_clock_counter", "u64")] + APU_POWER + APU_CLKS + [
    pad("padding", "u16", 3)]
V2_2 = V2_1 + [f("indep_throttle_status", "u64")]
V2_3 = V2_2 + [f("average_temperature_gfx", "u16"), f("average_temperature_soc", "u16"),
               f("average_temperature_core", "u16", 8), f("average_temperature_l3", "u16", 2)]
V2_4 = V2_3 + [f(n, "u16") for n in ("average_cpu_voltage", "average_soc_voltage", "average_gfx_voltage",
                                     "average_cpu_current", "average_soc_current", "average_gfx_current")]

V3_0 = HEADER + [
    f("temperature_gfx", "u16"), f("temperature_soc", "u16"), f("temperature_core", "u16", 16),
    f("temperature_skin", "u16"), f("average_gfx_activity", "u16"), f("average_vcn_activity", "u16"),
    f("average_ipu_activity", "u16", 8), f("average_core_c0_activity", "u16", 16), f("average_dram_reads", "u16"),
    f("average_dram_writes", "u16"), f("average_ipu_reads", "u16"), f("average_ipu_writes", "u16"),
    f("system_clock_counter", "u64"), f("average_socket_power", "u32"), f("average_ipu_power", "u16"),
    f("average_apu_power", "u32"), f("average_gfx_power", "u32"), f("average_dgpu_power", "u32"),
    f("average_all_core_power", "u32"), f("average_core_power", "u16", 16), f("average_sys_power", "u16"),
    f("stapm_power_limit", "u16"), f("current_stapm_power_limit", "u16")] + \
    [f("average_%s_frequency" % c, "u16")
     for c in ("gfxclk", "socclk", "vpeclk", "ipuclk", "fclk", "vclk", "uclk", "mpipu")] + [
    f("current_coreclk", "u16", 16), f("current_core_maxfreq", "u16"), f("current_gfx_maxfreq", "u16")] + \
    [f("throttle_residency_%s" % n, "u32") for n in ("prochot", "spl", "fppt", "sppt", "thm_core", "thm_gfx", "thm_soc")] + \
    [f("time_filter_alphavalue", "u32")]

# (file name, format, content, fields, sizeof as the kernel's struct has it)
FIXED = [
    ("v1_0", 1, 0, V1_0, 80), ("v1_1", 1, 1, V1_1, 96), ("v1_2", 1, 2, V1_2, 104), ("v1_3", 1, 3, V1_3, 120),
    ("v1_4", 1, 4, V1_4, 288), ("v1_5", 1, 5, V1_5, 360), ("v1_6", 1, 6, V1_6, 1664),
    ("v1_6_384", 1, 6, V1_6_2024, 384), ("v1_7", 1, 7, V1_7, 2208), ("v1_8", 1, 8, V1_8, 3872),
    ("v2_0", 2, 0, V2_0, 120), ("v2_1", 2, 1, V2_1, 120), ("v2_2", 2, 2, V2_2, 128), ("v2_3", 2, 3, V2_3, 152),
    ("v2_4", 2, 4, V2_4, 168), ("v3_0", 3, 0, V3_0, 264),
]

# v1.9 attribute encoding (AMDGPU_METRICS_ENC_ATTR): unit << 24 | type << 20 | id << 10 | instances.
ATTR_TYPES = ["u8", "s8", "u16", "s16", "u32", "s32", "u64", "s64"]
UNITS = ["NONE", "CLOCK_1", "TEMP_1", "POWER_1", "TIME_1", "TIME_2", "SPEED_1", "SPEED_2", "BW_1", "DATA_1",
         "PERCENT"]
ATTR_IDS = [
    "TEMPERATURE_HOTSPOT", "TEMPERATURE_MEM", "TEMPERATURE_VRSOC", "CURR_SOCKET_POWER", "AVERAGE_GFX_ACTIVITY",
    "AVERAGE_UMC_ACTIVITY", "MEM_MAX_BANDWIDTH", "ENERGY_ACCUMULATOR", "SYSTEM_CLOCK_COUNTER",
    "ACCUMULATION_COUNTER", "PROCHOT_RESIDENCY_ACC", "PPT_RESIDENCY_ACC", "SOCKET_THM_RESIDENCY_ACC",
    "VR_THM_RESIDENCY_ACC", "HBM_THM_RESIDENCY_ACC", "GFXCLK_LOCK_STATUS", "PCIE_LINK_WIDTH", "PCIE_LINK_SPEED",
    "XGMI_LINK_WIDTH", "XGMI_LINK_SPEED", "GFX_ACTIVITY_ACC", "MEM_ACTIVITY_ACC", "PCIE_BANDWIDTH_ACC",
    "PCIE_BANDWIDTH_INST", "PCIE_L0_TO_RECOV_COUNT_ACC", "PCIE_REPLAY_COUNT_ACC", "PCIE_REPLAY_ROVER_COUNT_ACC",
    "PCIE_NAK_SENT_COUNT_ACC", "PCIE_NAK_RCVD_COUNT_ACC", "XGMI_READ_DATA_ACC", "XGMI_WRITE_DATA_ACC",
    "XGMI_LINK_STATUS", "FIRMWARE_TIMESTAMP", "CURRENT_GFXCLK", "CURRENT_SOCCLK", "CURRENT_VCLK0", "CURRENT_DCLK0",
    "CURRENT_UCLK", "NUM_PARTITION", "PCIE_LC_PERF_OTHER_END_RECOVERY", "GFX_BUSY_INST", "JPEG_BUSY", "VCN_BUSY",
    "GFX_BUSY_ACC", "GFX_BELOW_HOST_LIMIT_PPT_ACC", "GFX_BELOW_HOST_LIMIT_THM_ACC", "GFX_LOW_UTILIZATION_ACC",
    "GFX_BELOW_HOST_LIMIT_TOTAL_ACC", "TEMPERATURE_HBM",
]

# SMU_13_0_6_METRICS_FIELDS, in the kernel's order: (id, unit, type, instances), instances None = SMU_SCALAR.
V1_9_ATTRS = [
    ("TEMPERATURE_HOTSPOT", "TEMP_1", "u16", None), ("TEMPERATURE_MEM", "TEMP_1", "u16", None),
    ("TEMPERATURE_VRSOC", "TEMP_1", "u16", None), ("CURR_SOCKET_POWER", "POWER_1", "u16", None),
    ("AVERAGE_GFX_ACTIVITY", "PERCENT", "u16", None), ("AVERAGE_UMC_ACTIVITY", "PERCENT", "u16", None),
    ("MEM_MAX_BANDWIDTH", "BW_1", "u64", None), ("ENERGY_ACCUMULATOR", "NONE", "u64", None),
    ("SYSTEM_CLOCK_COUNTER", "TIME_1", "u64", None), ("ACCUMULATION_COUNTER", "NONE", "u32", None),
    ("PROCHOT_RESIDENCY_ACC", "NONE", "u32", None), ("PPT_RESIDENCY_ACC", "NONE", "u32", None),
    ("SOCKET_THM_RESIDENCY_ACC", "NONE", "u32", None), ("VR_THM_RESIDENCY_ACC", "NONE", "u32", None),
    ("HBM_THM_RESIDENCY_ACC", "NONE", "u32", None), ("GFXCLK_LOCK_STATUS", "NONE", "u32", None),
    ("PCIE_LINK_WIDTH", "NONE", "u16", None), ("PCIE_LINK_SPEED", "SPEED_2", "u16", None),
    ("XGMI_LINK_WIDTH", "NONE", "u16", None), ("XGMI_LINK_SPEED", "SPEED_1", "u16", None),
    ("GFX_ACTIVITY_ACC", "PERCENT", "u32", None), ("MEM_ACTIVITY_ACC", "PERCENT", "u32", None),
    ("PCIE_BANDWIDTH_ACC", "PERCENT", "u64", None), ("PCIE_BANDWIDTH_INST", "BW_1", "u64", None),
    ("PCIE_L0_TO_RECOV_COUNT_ACC", "NONE", "u64", None), ("PCIE_REPLAY_COUNT_ACC", "NONE", "u64", None),
    ("PCIE_REPLAY_ROVER_COUNT_ACC", "NONE", "u64", None), ("PCIE_NAK_SENT_COUNT_ACC", "NONE", "u32", None),
    ("PCIE_NAK_RCVD_COUNT_ACC", "NONE", "u32", None), ("XGMI_READ_DATA_ACC", "DATA_1", "u64", 8),
    ("XGMI_WRITE_DATA_ACC", "DATA_1", "u64", 8), ("XGMI_LINK_STATUS", "NONE", "u16", 8),
    ("FIRMWARE_TIMESTAMP", "TIME_2", "u64", None), ("CURRENT_GFXCLK", "CLOCK_1", "u16", 8),
    ("CURRENT_SOCCLK", "CLOCK_1", "u16", 4), ("CURRENT_VCLK0", "CLOCK_1", "u16", 4),
    ("CURRENT_DCLK0", "CLOCK_1", "u16", 4), ("CURRENT_UCLK", "CLOCK_1", "u16", None),
    ("PCIE_LC_PERF_OTHER_END_RECOVERY", "NONE", "u32", None), ("GFX_BUSY_INST", "PERCENT", "u32", 8),
    ("JPEG_BUSY", "PERCENT", "u16", 40), ("VCN_BUSY", "PERCENT", "u16", 4), ("GFX_BUSY_ACC", "PERCENT", "u64", 8),
    ("GFX_BELOW_HOST_LIMIT_PPT_ACC", "NONE", "u64", 8), ("GFX_BELOW_HOST_LIMIT_THM_ACC", "NONE", "u64", 8),
    ("GFX_LOW_UTILIZATION_ACC", "NONE", "u64", 8), ("GFX_BELOW_HOST_LIMIT_TOTAL_ACC", "NONE", "u64", 8),
    # Added for SMU 13.0.12 (kernel: "Add aid, xcd & hbm temperatures to gpu metrics").
    ("TEMPERATURE_HBM", "TEMP_1", "u16", 8),
    # Not in the 13.0.6 list; exercises the mapping and the skipping of ids the decoder does not map.
    ("NUM_PARTITION", "NONE", "u16", None),
    (49, "TEMP_1", "u16", 4),   # AID temperature in some kernels, MID in newer ones: left unmapped
    (1023, "NONE", "s32", 2),   # an id no kernel defines
]


class Counter:
    def __init__(self):
        self.n = 0

    def value(self, ctype, sentinel):
        """A fresh value for one element of `ctype`, or the all-ones sentinel."""
        size, _ = CTYPES[ctype]
        if sentinel:
            return -1 if ctype.startswith("s") else (1 << (8 * size)) - 1
        self.n += 1
        base = {1: 20, 2: 1000, 4: 100000, 8: 1 << 32}[size]
        v = base + self.n
        if size == 1:
            v = 20 + self.n % 200
        return -v if ctype.startswith("s") else v


def align_of(ctype):
    if isinstance(ctype, tuple) and ctype[0] == "pad":
        ctype = ctype[1]
    if isinstance(ctype, tuple):
        return max(align_of(t) for _, t, _ in ctype[1])
    return CTYPES[ctype][0]


def size_of_fields(fields):
    off, align = 0, 1
    for _, ctype, count in fields:
        a = align_of(ctype)
        align = max(align, a)
        off = (off + a - 1) // a * a
        off += elem_size(ctype) * (count or 1)
    return (off + align - 1) // align * align


def elem_size(ctype):
    if isinstance(ctype, tuple) and ctype[0] == "pad":
        return CTYPES[ctype[1]][0]
    if isinstance(ctype, tuple):
        return size_of_fields(ctype[1])
    return CTYPES[ctype][0]


def put(buf, off, ctype, value):
    _, code = CTYPES[ctype]
    struct.pack_into("<" + code, buf, off, value)


def write_fields(buf, base, fields, counter, values, types, index):
    """Lays out `fields` at `base`; returns the next field index (drives the sentinel choice)."""
    off = 0
    for name, ctype, count in fields:
        a = align_of(ctype)
        off = (off + a - 1) // a * a
        if isinstance(ctype, tuple) and ctype[0] == "pad":
            off += elem_size(ctype) * (count or 1)   # padding keeps the 0xA5 filler
            continue
        if name in ("structure_size", "format_revision", "content_revision"):
            off += CTYPES[ctype][0]
            continue
        if isinstance(ctype, tuple):                  # nested struct array (xcp_stats)
            size = elem_size(ctype)
            entries = []
            for i in range(count):
                sub_values, sub_types = {}, {}
                index = write_fields(buf, base + off + i * size, ctype[1], counter, sub_values, sub_types, index)
                entries.append(sub_values)
                types.setdefault(name, sub_types)
            values[name] = entries
            off += size * count
            continue
        size = CTYPES[ctype][0]
        if count is None:
            v = counter.value(ctype, index % 7 == 3)
            put(buf, base + off, ctype, v)
            values[name] = v
        else:
            hole = index % count if index % 5 == 1 else None
            vs = []
            for i in range(count):
                v = counter.value(ctype, i == hole)
                put(buf, base + off + i * size, ctype, v)
                vs.append(v)
            values[name] = vs
        types[name] = ctype
        off += size * (count or 1)
        index += 1
    return index


def fixed_blob(fmt, content, fields, sizeof):
    size = size_of_fields(fields)
    if size != sizeof:
        sys.exit("layout error: computed sizeof %d, kernel has %d" % (size, sizeof))
    buf = bytearray(b"\xa5" * size)
    struct.pack_into("<HBB", buf, 0, size, fmt, content)
    values, types = {}, {}
    write_fields(buf, 0, fields, Counter(), values, types, 0)
    return bytes(buf), {"format_revision": fmt, "content_revision": content, "structure_size": size,
                        "fields": values, "types": types}


def tagged_blob():
    counter = Counter()
    body, attrs = bytearray(), []
    for index, (attr, unit, ctype, inst) in enumerate(V1_9_ATTRS):
        attr_id = ATTR_IDS.index(attr) if isinstance(attr, str) else attr
        n = inst or 1
        encoding = UNITS.index(unit) << 24 | ATTR_TYPES.index(ctype) << 20 | attr_id << 10 | n
        body += struct.pack("<Q", encoding)
        if inst is None:
            vs = [counter.value(ctype, index % 7 == 3)]
        else:
            hole = index % n if index % 5 == 1 else None
            vs = [counter.value(ctype, i == hole) for i in range(n)]
        for v in vs:
            body += struct.pack("<" + CTYPES[ctype][1], v)
        attrs.append({"name": attr if isinstance(attr, str) else None, "id": attr_id, "unit": unit, "type": ctype,
                      "scalar": inst is None, "values": vs})
    size = 8 + len(body)
    blob = struct.pack("<HBBi", size, 1, 9, len(attrs)) + bytes(body)
    return blob, {"format_revision": 1, "content_revision": 9, "structure_size": size, "attributes": attrs}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "fixtures", "gpu_metrics"))
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "expected"), exist_ok=True)
    outputs = [(name,) + fixed_blob(fmt, content, fields, sizeof) for name, fmt, content, fields, sizeof in FIXED]
    outputs.insert(10, ("v1_9",) + tagged_blob())
    for name, blob, expected in outputs:
        with open(os.path.join(args.out, name + ".bin"), "wb") as fh:
            fh.write(blob)
        with open(os.path.join(args.out, "expected", name + ".json"), "w") as fh:
            json.dump(expected, fh, indent=1, sort_keys=True)
            fh.write("\n")
        print("%-9s %5d bytes" % (name, len(blob)))


if __name__ == "__main__":
    main()

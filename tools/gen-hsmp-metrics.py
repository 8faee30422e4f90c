#!/usr/bin/env python3
"""Writes a synthesized HSMP metrics table (`struct hsmp_metric_table`, protocol 6 / MI300A).

The layout is transcribed from the kernel's arch/x86/include/uapi/asm/amd_hsmp.h: declared under
`#pragma pack(4)`, so every member sits right after the previous one with at most 4-byte
alignment (the u64 members are only 4-byte aligned) and the struct is 1404 bytes.

Every element gets a distinct value from a running counter: u32 elements 0x100 + n, u64 elements
0x1_0000_0000 + n (so the high word is read; below 2^53, so its Q10 value is exact in a double).
The temperatures get negative values (the SMU's signed Q10), one u32 residency counter gets
bit 31 set. `expected/v6.json` records every field's raw value (name -> int, arrays as lists)
and C type, for the decoder tests to scale and compare. Output is deterministic.

Usage: python3 tools/gen-hsmp-metrics.py [--out fixtures/hsmp_metrics]
"""

import argparse
import json
import os
import struct
import sys

TABLE_SIZE = 1404

# (name, type, count); count None is a scalar. In declaration order.
LAYOUT = [
    ("accumulation_counter", "u32", None),
    ("max_socket_temperature", "u32", None),
    ("max_vr_temperature", "u32", None),
    ("max_hbm_temperature", "u32", None),
    ("max_socket_temperature_acc", "u64", None),
    ("max_vr_temperature_acc", "u64", None),
    ("max_hbm_temperature_acc", "u64", None),
    ("socket_power_limit", "u32", None),
    ("max_socket_power_limit", "u32", None),
    ("socket_power", "u32", None),
    ("timestamp", "u64", None),
    ("socket_energy_acc", "u64", None),
    ("ccd_energy_acc", "u64", None),
    ("xcd_energy_acc", "u64", None),
    ("aid_energy_acc", "u64", None),
    ("hbm_energy_acc", "u64", None),
    ("cclk_frequency_limit", "u32", None),
    ("gfxclk_frequency_limit", "u32", None),
    ("fclk_frequency", "u32", None),
    ("uclk_frequency", "u32", None),
    ("socclk_frequency", "u32", 4),
    ("vclk_frequency", "u32", 4),
    ("dclk_frequency", "u32", 4),
    ("lclk_frequency", "u32", 4),
    ("gfxclk_frequency_acc", "u64", 8),
    ("cclk_frequency_acc", "u64", 96),
    ("max_cclk_frequency", "u32", None),
    ("min_cclk_frequency", "u32", None),
    ("max_gfxclk_frequency", "u32", None),
    ("min_gfxclk_frequency", "u32", None),
    ("fclk_frequency_table", "u32", 4),
    ("uclk_frequency_table", "u32", 4),
    ("socclk_frequency_table", "u32", 4),
    ("vclk_frequency_table", "u32", 4),
    ("dclk_frequency_table", "u32", 4),
    ("lclk_frequency_table", "u32", 4),
    ("max_lclk_dpm_range", "u32", None),
    ("min_lclk_dpm_range", "u32", None),
    ("xgmi_width", "u32", None),
    ("xgmi_bitrate", "u32", None),
    ("xgmi_read_bandwidth_acc", "u64", 8),
    ("xgmi_write_bandwidth_acc", "u64", 8),
    ("socket_c0_residency", "u32", None),
    ("socket_gfx_busy", "u32", None),
    ("dram_bandwidth_utilization", "u32", None),
    ("socket_c0_residency_acc", "u64", None),
    ("socket_gfx_busy_acc", "u64", None),
    ("dram_bandwidth_acc", "u64", None),
    ("max_dram_bandwidth", "u32", None),
    ("dram_bandwidth_utilization_acc", "u64", None),
    ("pcie_bandwidth_acc", "u64", 4),
    ("prochot_residency_acc", "u32", None),
    ("ppt_residency_acc", "u32", None),
    ("socket_thm_residency_acc", "u32", None),
    ("vr_thm_residency_acc", "u32", None),
    ("hbm_thm_residency_acc", "u32", None),
    ("spare", "u32", None),
    ("gfxclk_frequency", "u32", 8),
]

FORMATS = {"u32": "<I", "u64": "<Q"}

# Signed Q10 fields: negative temperatures (two's complement), -(n + 1) degrees.
NEGATIVE = {"max_socket_temperature", "max_vr_temperature", "max_hbm_temperature",
            "max_socket_temperature_acc", "max_vr_temperature_acc", "max_hbm_temperature_acc"}


def build():
    blob = bytearray()
    fields, types = {}, {}
    n = 0
    for name, ctype, count in LAYOUT:
        values = []
        for _ in range(count or 1):
            n += 1
            if name in NEGATIVE:
                bits = 32 if ctype == "u32" else 64
                value = (1 << bits) - (n + 1) * 1024 - n  # -(n+1) - n/1024 degrees
            elif name == "vr_thm_residency_acc":
                value = 0x8000_0000 + n
            elif ctype == "u32":
                value = 0x100 + n
            else:
                value = 0x1_0000_0000 + n
            blob += struct.pack(FORMATS[ctype], value)
            values.append(value)
        fields[name] = values if count else values[0]
        types[name] = ctype
    assert len(blob) == TABLE_SIZE, len(blob)
    return bytes(blob), {"size": TABLE_SIZE, "fields": fields, "types": types}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "fixtures", "hsmp_metrics"))
    args = ap.parse_args()
    blob, expected = build()
    os.makedirs(os.path.join(args.out, "expected"), exist_ok=True)
    with open(os.path.join(args.out, "v6.bin"), "wb") as f:
        f.write(blob)
    with open(os.path.join(args.out, "expected", "v6.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"wrote v6.bin ({len(blob)} bytes) and expected/v6.json")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes synthesized MI300-class `pm_metrics` and `reg_state` blobs and what they hold.

pm_metrics.bin: the kernel's `struct amdgpu_pmmetrics_header` (kgd_pp_interface.h: u16
structure_size, u16 pad, u32 mp1_ip_discovery_version, u32 pmfw_version, u32 pmmetrics_version)
followed by the MI300 PMFW metrics table in the layout AMD SMI decodes for pmmetrics_version 4
(AMD SMI's `smu_13_0_6_v8` field table, rocm_smi_binary_parser.h, which is the start of the
kernel's packed `MetricsTableX_t`, smu_v13_0_6_pmfw.h), then 16 bytes of later PMFW fields that
AMD SMI's table does not name (a decoder must ignore them). structure_size is the file size, as
the kernel sets it; the header pad is 0 (the kernel memsets the header).

reg_state.bin: the 0x5000-byte `reg_state` attribute, five 4 KiB blocks at the offsets that select
them (amdgpu_reg_state.h: XGMI 0x0000, WAFL 0x1000, PCIE 0x2000, USR 0x3000, USR_1 0x4000). Each
block is `struct amdgpu_reg_state_header` (u16 structure_size, u8 format_revision 1, u8
content_revision 0, u8 state_type, u8 num_instances, u16 pad), then per instance
`struct amdgpu_reg_inst_header` (u16 instance, state, num_smn_regs, pad), PCIE's 16 bytes of link
and AER status (u16 device_status, u16 link_status, u32 sub_bus_number_latency, u32
pcie_corr_err_status, u32 pcie_uncorr_err_status), and num_smn_regs `struct amdgpu_smn_reg_data`
(u64 addr, u32 value, u32 pad). Blocks hold 1-2 instances with a few registers each (the kernel
writes 8 XGMI/WAFL, 1 PCIE, 4 USR instances with 25/5/14/20/46 registers). As the kernel does
(aqua_vanjaram.c), the USR_1 block's state_type is 4 (USR), structure_size counts the bytes the
block fills, and the SMN pads are not zeroed (here: distinct values). Bytes past a block's records
are 0xEE filler a decoder must never read.

Values: every value is distinct (a running counter with a width-dependent base, so 64-bit reads
and byte order are exercised), except the fixed header fields and the pad. expected/pm_metrics.json
and expected/reg_state.json record, in order, each value AMD SMI reports: name (as AMD SMI
builds it: `Field[i]`, `field.instance[i]`, `field.instance[i].smn[j]`), value, and the byte
offset it was written at (in the file for pm_metrics, in the block for reg_state). Output is
deterministic.

Usage: python3 tools/gen-pm-tables.py [--out fixtures/pm_tables]
"""

import argparse
import json
import os
import struct
import sys

FMT = {1: "<B", 2: "<H", 4: "<I", 8: "<Q"}

# AMD SMI's smu_13_0_6_v8 after the header: (name, bytes per value, count).
PM_TABLE_V8 = [
    ("AccumulationCounter", 4, 1),
    ("MaxSocketTemperature", 4, 1), ("MaxVrTemperature", 4, 1), ("MaxHbmTemperature", 4, 1),
    ("MaxSocketTemperatureAcc", 8, 1), ("MaxVrTemperatureAcc", 8, 1), ("MaxHbmTemperatureAcc", 8, 1),
    ("SocketPowerLimit", 4, 1), ("MaxSocketPowerLimit", 4, 1), ("SocketPower", 4, 1),
    ("Timestamp", 8, 1), ("SocketEnergyAcc", 8, 1), ("CcdEnergyAcc", 8, 1), ("XcdEnergyAcc", 8, 1),
    ("AidEnergyAcc", 8, 1), ("HbmEnergyAcc", 8, 1),
    ("CclkFrequencyLimit", 4, 1), ("GfxclkFrequencyLimit", 4, 1), ("FclkFrequency", 4, 1),
    ("UclkFrequency", 4, 1), ("SocclkFrequency", 4, 4), ("VclkFrequency", 4, 4),
    ("DclkFrequency", 4, 4), ("LclkFrequency", 4, 4), ("GfxclkFrequencyAcc", 8, 8),
    ("CclkFrequencyAcc", 8, 96),
    ("MaxCclkFrequency", 4, 1), ("MinCclkFrequency", 4, 1), ("MaxGfxclkFrequency", 4, 1),
    ("MinGfxclkFrequency", 4, 1), ("FclkFrequencyTable", 4, 4), ("UclkFrequencyTable", 4, 4),
    ("SocclkFrequencyTable", 4, 4), ("VclkFrequencyTable", 4, 4), ("DclkFrequencyTable", 4, 4),
    ("LclkFrequencyTable", 4, 4), ("MaxLclkDpmRange", 4, 1), ("MinLclkDpmRange", 4, 1),
    ("XgmiWidth", 4, 1), ("XgmiBitrate", 4, 1), ("XgmiReadBandwidthAcc", 8, 8),
    ("XgmiWriteBandwidthAcc", 8, 8),
    ("SocketC0Residency", 4, 1), ("SocketGfxBusy", 4, 1), ("DramBandwidthUtilization", 4, 1),
    ("SocketC0ResidencyAcc", 8, 1), ("SocketGfxBusyAcc", 8, 1), ("DramBandwidthAcc", 8, 1),
    ("MaxDramBandwidth", 4, 1), ("DramBandwidthUtilizationAcc", 8, 1), ("PcieBandwidthAcc", 8, 4),
    ("ProchotResidencyAcc", 4, 1), ("PptResidencyAcc", 4, 1), ("SocketThmResidencyAcc", 4, 1),
    ("VrThmResidencyAcc", 4, 1), ("HbmThmResidencyAcc", 4, 1), ("GfxLockXCDMak", 4, 1),
    ("GfxclkFrequency", 4, 8),
    ("PublicSerialNumber_AID", 8, 4), ("PublicSerialNumber_XCD", 8, 8),
    ("PublicSerialNumber_CCD", 8, 12),
    ("XgmiReadDataSizeAcc", 8, 8), ("XgmiWriteDataSizeAcc", 8, 8),
]
PM_METRICS_VERSION = 4
MP1_IP_VERSION = (13 << 16) | (0 << 8) | 6  # IP_VERSION(13, 0, 6): MI300
PMFW_VERSION = 0x00556100  # the mi300x fixture's smc firmware version
TAIL = 16  # bytes of later PMFW fields past AMD SMI's table

REG_BLOCK = 0x1000
REG_STATE_END = 0x5000
FILLER = 0xEE
# name, offset, state_type, [(state, [(smn addr, value)...]) per instance], pcie status or None.
# Addresses are the kernel's (aqua_vanjaram.c register lists); values are synthesized.
REG_BLOCKS = [
    ("XGMI", 0x0000, 1, [
        (0, [0x11A00050, 0x11A00180, 0x11A00184]),
        (1, [0x11B00050, 0x11B00180, 0x11B00184]),
    ], None),
    ("WAFL", 0x1000, 2, [
        (0, [0x11C00070, 0x11C00210]),
        (0, [0x11D00070, 0x11D00210]),
    ], None),
    ("PCIE", 0x2000, 3, [
        (0, [0x1A340218, 0x1A3402E4, 0x1A340294]),
    ], "pcie"),
    ("USR", 0x3000, 4, [
        (0, [0x1B311060, 0x1B311064, 0x1B411060, 0x1C307120]),
    ], None),
    ("USR1", 0x4000, 4, [  # state_type 4: the kernel writes USR's for USR_1 too
        (0, [0x1C320830, 0x1C320100]),
        (2, [0x1C380830, 0x1C380100]),
    ], None),
]


class Counter:
    """Distinct values: a width-dependent base plus a running index."""

    BASE = {1: 0x40, 2: 0x4000, 4: 0x4000_0000, 8: 0x4000_0000_0000_0000}
    STEP = {1: 1, 2: 0x101, 4: 0x0001_0101, 8: 0x0001_0001_0001_0001}

    def __init__(self):
        self.n = 0

    def next(self, width):
        self.n += 1
        return self.BASE[width] + self.n * self.STEP[width]


class Writer:
    def __init__(self):
        self.data = bytearray()
        self.entries = []

    def put(self, name, width, value):
        self.entries.append(dict(name=name, value=value, offset=len(self.data)))
        self.data += struct.pack(FMT[width], value)


def pm_metrics():
    values = Counter()
    w = Writer()
    size = 16 + sum(width * count for _, width, count in PM_TABLE_V8) + TAIL
    w.put("structure_size", 2, size)
    w.put("pad", 2, 0)
    w.put("mp1_ip_discovery_version", 4, MP1_IP_VERSION)
    w.put("pmfw_version", 4, PMFW_VERSION)
    w.put("pmmetrics_version", 4, PM_METRICS_VERSION)
    for name, width, count in PM_TABLE_V8:
        for i in range(count):
            w.put(name if count == 1 else f"{name}[{i}]", width, values.next(width))
    entries = list(w.entries)
    tail = struct.pack("<4I", *(0xC0DE0000 + i for i in range(4)))  # not in AMD SMI's table
    w.data += tail
    assert len(w.data) == size, (len(w.data), size)
    return bytes(w.data), entries


def reg_block(name, state_type, instances, pcie, values):
    w = Writer()
    w.put("structure_size", 2, 0)  # patched below
    w.put("format_revision", 1, 1)
    w.put("content_revision", 1, 0)
    w.put("state_type", 1, state_type)
    w.put("num_instances", 1, len(instances))
    w.put("pad", 2, values.next(2))
    for i, (state, addrs) in enumerate(instances):
        s = f".instance[{i}]"
        w.put("instance" + s, 2, i)
        w.put("state" + s, 2, state)
        w.put("num_smn_regs" + s, 2, len(addrs))
        w.put("pad" + s, 2, values.next(2))
        if pcie:
            w.put("device_status" + s, 2, 0x0010 + i)  # PCI_EXP_DEVSTA: AUX power detected
            w.put("link_status" + s, 2, 0x1105)  # PCI_EXP_LNKSTA: 32 GT/s x16, slot clock
            w.put("sub_bus_number_latency" + s, 4, 0x000C0B0A)  # PCI_PRIMARY_BUS dword
            w.put("pcie_corr_err_status" + s, 4, 0x00002000)  # advisory non-fatal
            w.put("pcie_uncorr_err_status" + s, 4, 0x00100000 + i)  # unsupported request
        for j, addr in enumerate(addrs):
            r = f"{s}.smn[{j}]"
            w.put("addr" + r, 8, addr)
            w.put("value" + r, 4, values.next(4))
            w.put("pad" + r, 4, values.next(4))
    size = len(w.data)
    struct.pack_into("<H", w.data, 0, size)
    w.entries[0]["value"] = size
    assert size <= REG_BLOCK, (name, size)
    return bytes(w.data) + bytes([FILLER]) * (REG_BLOCK - size), w.entries


def reg_state():
    values = Counter()
    data = bytearray()
    expected = {}
    for name, offset, state_type, instances, pcie in REG_BLOCKS:
        assert len(data) == offset, (name, len(data), offset)
        block, entries = reg_block(name, state_type, instances, pcie, values)
        data += block
        expected[name] = entries
    assert len(data) == REG_STATE_END
    return bytes(data), expected


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "fixtures", "pm_tables"))
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, "expected"), exist_ok=True)

    def write(rel, content):
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(args.out, rel), mode) as f:
            f.write(content)

    blob, entries = pm_metrics()
    write("pm_metrics.bin", blob)
    write("expected/pm_metrics.json", json.dumps(entries, indent=1) + "\n")
    blob, expected = reg_state()
    write("reg_state.bin", blob)
    write("expected/reg_state.json", json.dumps(expected, indent=1) + "\n")
    print(f"pm_metrics.bin: {len(entries)} values; reg_state.bin: "
          + ", ".join(f"{k} {len(v)}" for k, v in expected.items()))


if __name__ == "__main__":
    sys.exit(main())

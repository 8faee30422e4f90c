#!/usr/bin/env python3
"""Writes crates/amdsmi-capi/src/abi/layouts.rs: AMD SMI 7.0.2's C structs and unions in Rust.

Input: the ctypes layout dump `amdsmi-7.0.2-abi-layouts.txt` (../shared/reference/ beside the repo):
blocks of `struct_<name>  size=N` / `union_<name>  size=N` followed by `+OFFSET  field: ctype` lines,
as AMD's 7.0.2 Python package (`amdsmi_wrapper.py`, clang2py output, `_pack_ = 1` with explicit
`PADDING_n` members) lays them out. Type names are the C typedef names: the dump's `struct_` /
`union_` prefixes dropped, as the wrapper's `amdsmi_asic_info_t = struct_amdsmi_asic_info_t` lines do.

Rules:
- Every struct becomes `#[repr(C)]` without its `PADDING_n` members when natural C alignment puts
  every other member at the dumped offset and gives the dumped size; otherwise (the members AMD's
  header declares `__attribute__((packed))`: the CPER header, the HSMP metrics table) it becomes
  `#[repr(C, packed)]` with the padding kept as byte arrays.
- Bitfields: ctypes reports every bitfield of one storage unit at the unit's offset, so a struct
  whose members share one offset is a bitfield struct. A union whose members are all integers or
  bitfield structs of the union's size (`amdsmi_bdf_t`, `amdsmi_nps_caps_t`,
  `amdsmi_cper_valid_bits_t`) becomes a `#[repr(C)]` struct holding its one plain integer member
  (same size, alignment and by-value passing); the bitfield views are the hand-written accessors of
  `abi/mod.rs`, and the C header declares the bitfields (cbindgen.toml). A top-level bitfield struct
  (`amdsmi_temp_range_refresh_rate_t`) becomes a struct holding the integer as `bits`.
- Any other union stops the generator (7.0.2 has none: it would need a rule first).
- Every type gets `ZERO` (all bytes zero; kept out of the C header with `cbindgen:ignore`) and a
  `const` block asserting its size and every member offset of the dump.

Usage: python3 tools/gen-abi.py LAYOUTS.txt [--out crates/amdsmi-capi/src/abi/layouts.rs]
       (`--out -` writes to stdout). Output is deterministic.
"""

import argparse
import os
import re
import sys

# ctypes scalar -> (Rust type, size, zero literal)
SCALARS = {
    "c_uint": ("u32", 4, "0"),
    "c_ulong": ("u64", 8, "0"),
    "c_ushort": ("u16", 2, "0"),
    "c_ubyte": ("u8", 1, "0"),
    "c_char": ("c_char", 1, "0"),
    "c_bool": ("bool", 1, "false"),
    "c_float": ("f32", 4, "0.0"),
    # Both `void *` members of 7.0.2 (`amdsmi_evt_notification_data_t::processor_handle`,
    # `amdsmi_topology_nearest_t::processor_list`) are processor handles in AMD's header.
    "c_void_p": ("amdsmi_processor_handle", 8, "core::ptr::null_mut()"),
    "LP_c_char": ("*mut c_char", 8, "core::ptr::null_mut()"),
}

HEAD_RE = re.compile(r"^(struct|union)_(\w+)\s+size=(\d+)$")
FIELD_RE = re.compile(r"^\+(\d+)\s+(\w+): (\w+)((?:\[\d+\])*)$")


def parse(text):
    """Returns {name: {kind, size, fields: [(offset, name, ctype, dims)]}} in file order."""
    types = {}
    cur = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            cur = None
            continue
        m = HEAD_RE.match(line)
        if m:
            kind, name, size = m.group(1), m.group(2), int(m.group(3))
            key = (kind, name)
            if key in types:
                sys.exit(f"line {lineno}: {kind} {name} declared twice")
            cur = {"kind": kind, "name": name, "size": size, "fields": []}
            types[key] = cur
            continue
        m = FIELD_RE.match(line)
        if not m or cur is None:
            sys.exit(f"line {lineno}: cannot parse {raw!r}")
        dims = [int(d) for d in re.findall(r"\[(\d+)\]", m.group(4))]
        cur["fields"].append((int(m.group(1)), m.group(2), m.group(3), dims))
    return types


class Model:
    def __init__(self, types):
        self.types = types
        self.by_name = {}
        for (kind, name), t in types.items():
            self.by_name[f"{kind}_{name}"] = t
        self.cache = {}

    def is_padding(self, field):
        return field[1].startswith("PADDING_")

    def is_bitfield_struct(self, t):
        real = [f for f in t["fields"] if not self.is_padding(f)]
        return t["kind"] == "struct" and len(real) > 1 and len({f[0] for f in real}) == 1

    def is_integer_union(self, t):
        """A union of same-size integers and bitfield structs: its plain integer member, or None."""
        if t["kind"] != "union":
            return None
        plain = None
        for off, name, ctype, dims in t["fields"]:
            if dims:
                return None
            if ctype in SCALARS and SCALARS[ctype][0] in ("u8", "u16", "u32", "u64"):
                if SCALARS[ctype][1] != t["size"]:
                    return None
                plain = (name, ctype)
            elif ctype in self.by_name and self.is_bitfield_struct(self.by_name[ctype]):
                if self.by_name[ctype]["size"] != t["size"]:
                    return None
            else:
                return None
        return plain

    def referenced(self):
        refs = set()
        for t in self.types.values():
            for f in t["fields"]:
                refs.add(f[2])
        return refs

    def base(self, ctype):
        """(Rust name, size, align, zero) of a scalar or named type."""
        if ctype in SCALARS:
            rust, size, zero = SCALARS[ctype]
            return rust, size, size, zero
        t = self.by_name.get(ctype)
        if t is None:
            sys.exit(f"unknown type {ctype}")
        return t["name"], t["size"], self.layout(t)["align"], f"{t['name']}::ZERO"

    def field_type(self, ctype, dims):
        rust, size, align, zero = self.base(ctype)
        for d in reversed(dims):
            rust, zero, size = f"[{rust}; {d}]", f"[{zero}; {d}]", size * d
        return rust, size, align, zero

    def layout(self, t):
        """How a type is emitted: {repr, align, members: [(name, rust, zero, offset)]}."""
        key = (t["kind"], t["name"])
        if key in self.cache:
            return self.cache[key]
        plain = self.is_integer_union(t)
        if self.is_bitfield_struct(t) or plain:
            ctype = plain[1] if plain else t["fields"][0][2]
            name = plain[0] if plain else "bits"
            rust, size, zero = SCALARS[ctype]
            if size != t["size"]:
                sys.exit(f"{t['name']}: bitfield unit {ctype} is not {t['size']} bytes")
            out = {"repr": "C", "align": size, "members": [(name, rust, zero, 0)], "bits": True}
        elif t["kind"] == "union":
            # 7.0.2 has only integer unions; a union of other members needs a rule first.
            sys.exit(f"{t['name']}: union of non-integer members")
        else:
            out = self.natural(t) or self.packed(t)
        self.cache[key] = out
        return out

    def natural(self, t):
        """The repr(C) layout without padding members, if it reproduces the dump."""
        pos, align, members = 0, 1, []
        for off, name, ctype, dims in t["fields"]:
            if self.is_padding((off, name)):
                continue
            rust, size, a, zero = self.field_type(ctype, dims)
            pos = (pos + a - 1) // a * a
            if pos != off:
                return None
            members.append((name, rust, zero, off))
            pos += size
            align = max(align, a)
        if (pos + align - 1) // align * align != t["size"]:
            return None
        return {"repr": "C", "align": align, "members": members}

    def packed(self, t):
        pos, members = 0, []
        for off, name, ctype, dims in t["fields"]:
            rust, size, _, zero = self.field_type(ctype, dims)
            if pos != off:
                sys.exit(f"{t['name']}.{name}: packed offset {pos} is not the dumped {off}")
            members.append((name, rust, zero, off))
            pos += size
        if pos != t["size"]:
            sys.exit(f"{t['name']}: packed size {pos} is not the dumped {t['size']}")
        return {"repr": "C, packed", "align": 1, "members": members}


def ident(name):
    return f"r#{name}" if name in ("type", "match", "ref", "move", "fn", "struct") else name


def emit(types, source):
    model = Model(types)
    refs = model.referenced()
    out = [
        f"// generated by tools/gen-abi.py from {source}; do not edit",
        "//! AMD SMI 7.0.2's C structs and unions, byte for byte (see `tools/gen-abi.py` for the rules).",
        "//!",
        "//! Each type has AMD's C name, `ZERO` (every byte zero) and compile-time assertions of its",
        "//! size and of every member offset of `amdsmi-7.0.2-abi-layouts.txt` (the ctypes layouts of",
        "//! AMD's Python package, `amdsmi_wrapper.py`). Offsets and sizes are in bytes.",
        "//! The C names are allowed by `abi/mod.rs`.",
        "",
        "use core::ffi::c_char;",
        "use core::mem::{offset_of, size_of};",
        "",
        "use super::amdsmi_processor_handle;",
    ]
    for (kind, name), t in sorted(types.items(), key=lambda kv: kv[0][1]):
        if model.is_bitfield_struct(t) and f"{kind}_{name}" in refs:
            # Only a member of an integer union; the union carries its bits.
            continue
        lay = model.layout(t)
        out.append("")
        c_kind = "union" if kind == "union" else "struct"
        if lay.get("bits"):
            real = [f[1] for f in t["fields"] if not model.is_padding(f)]
            views = ", ".join(f"`{n}`" for n in real)
            out.append(f"/// `{name}`: C {c_kind} of {t['size']} bytes, held as the one integer it occupies;")
            out.append(f"/// AMD's bitfield members ({views}) are read and built by the accessors in `abi/mod.rs`.")
        else:
            out.append(f"/// `{name}`: C {c_kind} of {t['size']} bytes.")
        out.append(f"#[repr({lay['repr']})]")
        out.append("#[derive(Clone, Copy)]")
        out.append(f"pub struct {name} {{")
        for mname, rust, _, off in lay["members"]:
            if lay.get("bits"):
                out.append(f"    /// Every bit of the {c_kind} (offset {off}).")
            else:
                out.append(f"    /// Offset {off}.")
            out.append(f"    pub {ident(mname)}: {rust},")
        out.append("}")
        out.append("")
        out.append("/// cbindgen:ignore")
        out.append(f"impl {name} {{")
        out.append("    /// Every byte zero.")
        out.append("    pub const ZERO: Self = Self {")
        for mname, _, zero, _ in lay["members"]:
            out.append(f"        {ident(mname)}: {zero},")
        out.append("    };")
        out.append("}")
        out.append("")
        out.append("const _: () = {")
        out.append(f"    assert!(size_of::<{name}>() == {t['size']});")
        for mname, _, _, off in lay["members"]:
            out.append(f"    assert!(offset_of!({name}, {ident(mname)}) == {off});")
        out.append("};")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("layouts", help="amdsmi-7.0.2-abi-layouts.txt")
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "crates", "amdsmi-capi", "src", "abi", "layouts.rs")
    ap.add_argument("--out", default=default_out)
    args = ap.parse_args()
    with open(args.layouts, encoding="utf-8") as f:
        text = f.read()
    rendered = emit(parse(text), os.path.basename(args.layouts))
    if args.out == "-":
        sys.stdout.write(rendered)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(rendered)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generate the embedded name tables of amdsmi-rs (src/gpu/names/amdgpu_ids.rs and pci_ids.rs).

Usage:  python3 tools/gen-names.py [--amdgpu-ids PATH] [--pci-ids PATH] [--out-dir DIR]

  --amdgpu-ids  libdrm's ASIC id table: the file itself (default /usr/share/libdrm/amdgpu.ids,
                from Debian's libdrm-common) or the libdrm-common .deb that holds it.
  --pci-ids     the PCI ID Repository: the file itself (default /usr/share/misc/pci.ids, from
                Debian's pci.ids) or the pci.ids .deb that holds it.
  --out-dir     where the two .rs files are written (default <repo>/src/gpu/names).

The Debian package name and version written into each file's header come from the .deb's control
fields, or, for a plain file, from `dpkg-query -S` / `dpkg-query -W` (a plain file that no
installed package owns is refused: the header must say where the data came from).

To regenerate from a newer Debian release than the machine's, fetch the two .debs with
`apt-get download libdrm-common pci.ids` (from a sources list naming that release) and pass
them as --amdgpu-ids / --pci-ids; nothing has to be installed. The committed tables were made
from Debian 13 (trixie), because bookworm's libdrm-common 2.4.114-1 predates RX 7900, Phoenix
and MI300X (the unit tests in src/gpu/names/mod.rs pin entries of those):

  python3 tools/gen-names.py --amdgpu-ids libdrm-common_2.4.124-2_all.deb \\
                             --pci-ids pci.ids_0.0~2025.06.09-1_all.deb

What is extracted, and how duplicates are resolved (first line wins, as the C readers do):

  amdgpu_ids.rs  MARKETING_NAMES: every `DEVICE_ID,<tab>REVISION_ID,<tab>NAME` line, as
                 (device, revision, name), sorted by (device, revision). Like libdrm's
                 parse_one_line() the name is the text between the 2nd and 3rd comma with
                 leading blanks removed.
  pci_ids.rs     VENDORS:    vendor 0x1002 and every subsystem vendor named under a 0x1002
                             device that pci.ids lists as a vendor, as (vendor, name);
                 DEVICES:    every device of vendor 0x1002, as (device, name);
                 SUBSYSTEMS: every subsystem line under a 0x1002 device, as
                             (device, subvendor, subdevice, name).
                 Names are the rest of the line after the id(s), leading blanks removed, as
                 rocm_smi's get_id_name_str_from_line() returns them.

Python 3 standard library only (plus dpkg-deb / dpkg-query from Debian's dpkg); the output is
deterministic: the same inputs always give byte-identical files, formatted as rustfmt (max_width
120, see rustfmt.toml) leaves them.
"""

import argparse
import hashlib
import io
import re
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent  # <repo>/tools
DEFAULT_OUT = HERE.parent / "src" / "gpu" / "names"
DEFAULT_AMDGPU_IDS = "/usr/share/libdrm/amdgpu.ids"
DEFAULT_PCI_IDS = "/usr/share/misc/pci.ids"

AMD_VENDOR = 0x1002
MAX_WIDTH = 120  # rustfmt.toml
INDENT = "    "

MIT_TEXT = """\
Permission is hereby granted, free of charge, to any person obtaining a
copy of this software and associated documentation files (the "Software"),
to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense,
and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.  IN NO EVENT SHALL
THE COPYRIGHT HOLDER(S) OR AUTHOR(S) BE LIABLE FOR ANY CLAIM, DAMAGES OR
OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE,
ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR
OTHER DEALINGS IN THE SOFTWARE."""

BSD3_TEXT = """\
Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:

1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in the
   documentation and/or other materials provided with the distribution.
3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE
ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS
BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR
CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS
INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN
CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE)
ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF
THE POSSIBILITY OF SUCH DAMAGE."""


def die(msg):
    sys.exit(f"gen-names.py: {msg}")


# ----------------------------------------------------------------------------------------------
# Input: a data file, or the .deb that ships it
# ----------------------------------------------------------------------------------------------


class Source:
    """One input file: its bytes and where they came from."""

    def __init__(self, path, installed_path):
        self.path = path
        if path.endswith(".deb"):
            self.installed_path = installed_path  # where the package installs the file
            self.data = self._from_deb(path, installed_path)
            fields = run(["dpkg-deb", "-f", path, "Package", "Version"])
            meta = dict(line.split(": ", 1) for line in fields.splitlines() if ": " in line)
            self.package, self.version = meta.get("Package"), meta.get("Version")
            doc = f"/usr/share/doc/{self.package}/copyright"
            self.copyright = self._from_deb(path, doc, required=False)
        else:
            self.installed_path = str(Path(path).resolve())
            self.data = Path(path).read_bytes()
            owner = run(["dpkg-query", "-S", self.installed_path], missing=f"no installed package owns {path}")
            self.package = owner.split(":", 1)[0].strip()
            self.version = run(["dpkg-query", "-W", "-f", "${Version}", self.package]).strip()
            doc = Path(f"/usr/share/doc/{self.package}/copyright")
            self.copyright = doc.read_bytes() if doc.is_file() else None
        if not self.package or not self.version:
            die(f"cannot tell which Debian package and version {path} comes from")
        self.sha256 = hashlib.sha256(self.data).hexdigest()
        try:
            self.text = self.data.decode("utf-8")
        except UnicodeDecodeError as e:
            die(f"{path}: not UTF-8: {e}")

    @staticmethod
    def _from_deb(deb, member, required=True):
        tar_bytes = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
            for name in ("." + member, member.lstrip("/")):
                try:
                    f = tar.extractfile(name)
                except KeyError:
                    continue
                if f is not None:
                    return f.read()
        if required:
            die(f"{deb} does not contain {member}")
        return None

    def debian_copyright_holders(self):
        """The lines of the first `Copyright:` field of a machine-readable debian/copyright."""
        if self.copyright is None:
            return []
        holders, inside = [], False
        for line in self.copyright.decode("utf-8").split("\n"):
            if line.startswith("Copyright:"):
                if holders:
                    break
                inside = True
                first = line[len("Copyright:") :].strip()
                holders += [first] if first else []
            elif inside and line.startswith((" ", "\t")):
                holders.append(line.strip())
            elif inside:
                break
        return holders

    def describe(self):
        return f"{self.installed_path} from Debian package {self.package} {self.version}"


def run(cmd, missing=None):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        die(missing or f"{' '.join(cmd)} failed: {r.stderr.strip()}")
    return r.stdout


# ----------------------------------------------------------------------------------------------
# Parsers
# ----------------------------------------------------------------------------------------------

# libdrm splits the line with strtok_r(",") and strtol(.., 16)s the first two fields (leading blanks
# allowed, nothing after the digits): the name is the third field, cut at any further comma.
AMDGPU_LINE = re.compile(r"^([0-9A-Fa-f]+),[ \t]*([0-9A-Fa-f]+),([^,]*)")


def parse_amdgpu_ids(text):
    """(version line, [(device, revision, name)] sorted, duplicates dropped)."""
    version = None
    seen = {}
    dups = []
    for n, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line or line.startswith("#"):
            continue
        if version is None:  # libdrm: the first valid line is the file version
            version = line
            continue
        m = AMDGPU_LINE.match(line)
        if not m:
            die(f"amdgpu.ids line {n}: not DEVICE_ID, REVISION_ID, NAME: {line!r}")
        did, rid = int(m.group(1), 16), int(m.group(2), 16)
        name = m.group(3).lstrip(" \t")  # libdrm trims leading blanks only
        if did > 0xFFFF or rid > 0xFF or not name:
            die(f"amdgpu.ids line {n}: bad entry: {line!r}")
        key = (did, rid)
        if key in seen:
            dups.append((n, line))
            continue
        seen[key] = name
    if version is None:
        die("amdgpu.ids: no version line")
    for n, line in dups:
        print(f"amdgpu.ids line {n}: duplicate id, first entry kept (as libdrm does): {line!r}", file=sys.stderr)
    return version, sorted((d, r, name) for (d, r), name in seen.items())


PCI_VENDOR = re.compile(r"^([0-9a-f]{4})\s+(\S.*)$")
PCI_DEVICE = re.compile(r"^\t([0-9a-f]{4})\s+(\S.*)$")
PCI_SUBSYS = re.compile(r"^\t\t([0-9a-f]{4})\s+([0-9a-f]{4})\s+(\S.*)$")


def parse_pci_ids(text):
    """(header comment lines, vendors {id: name}, amd devices {id: name}, amd subsystems {key: name})."""
    lines = text.split("\n")
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    vendors, devices, subsystems = {}, {}, {}
    vendor = device = None
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if not line or line.startswith("#"):
            continue
        if line.startswith("C "):  # the device class list follows the vendors: done
            break
        if not line.startswith("\t"):
            m = PCI_VENDOR.match(line)
            if not m:
                die(f"pci.ids line {n}: bad vendor line: {line!r}")
            vendor, device = int(m.group(1), 16), None
            vendors.setdefault(vendor, m.group(2))
        elif not line.startswith("\t\t"):
            m = PCI_DEVICE.match(line)
            if not m or vendor is None:
                die(f"pci.ids line {n}: bad device line: {line!r}")
            device = int(m.group(1), 16)
            if vendor == AMD_VENDOR:
                if device in devices:
                    die(f"pci.ids line {n}: duplicate AMD device {device:04x}")
                devices[device] = m.group(2)
        else:
            m = PCI_SUBSYS.match(line)
            if not m or device is None:
                die(f"pci.ids line {n}: bad subsystem line: {line!r}")
            if vendor == AMD_VENDOR:
                key = (device, int(m.group(1), 16), int(m.group(2), 16))
                if key in subsystems:
                    print(f"pci.ids line {n}: duplicate subsystem, first kept: {line!r}", file=sys.stderr)
                    continue
                subsystems[key] = m.group(3)
    if AMD_VENDOR not in vendors:
        die("pci.ids: no vendor 1002")
    wanted = {AMD_VENDOR} | {sv for (_, sv, _) in subsystems}
    missing = sorted(wanted - vendors.keys())
    if missing:
        print(
            f"pci.ids: {len(missing)} subsystem vendor id(s) under AMD devices are not listed as vendors: "
            + " ".join(f"{v:04x}" for v in missing),
            file=sys.stderr,
        )
    kept_vendors = {v: vendors[v] for v in wanted if v in vendors}
    return header, kept_vendors, devices, subsystems


# ----------------------------------------------------------------------------------------------
# Rust output
# ----------------------------------------------------------------------------------------------


def rust_str(s):
    out = ['"']
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def hex_lit(v, digits):
    return f"0x{v:0{digits}X}"


def width(s):
    # rustfmt counts characters; every character in these tables is one column wide.
    return len(s)


def table(name, doc, ty, rows):
    """A `pub(super) static` slice, one tuple per line, laid out as rustfmt lays it out."""
    out = [f"/// {line}".rstrip() for line in doc]
    out.append(f"pub(super) static {name}: &[{ty}] = &[")
    for fields in rows:
        one_line = f"{INDENT}({', '.join(fields)}),"
        if width(one_line) <= MAX_WIDTH:
            out.append(one_line)
        else:  # too wide: rustfmt puts each field on its own line
            out.append(f"{INDENT}(")
            out.extend(f"{INDENT}{INDENT}{f}," for f in fields)
            out.append(f"{INDENT}),")
    out.append("];")
    return out


def comment(lines):
    return [f"// {line}".rstrip() for line in lines]


def write(path, lines):
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(text.encode('utf-8'))} bytes)", file=sys.stderr)


def gen_amdgpu(src, out_dir):
    version, entries = parse_amdgpu_ids(src.text)
    head = comment(
        [
            "@generated by tools/gen-names.py: do not edit; rerun the script instead.",
            "",
            f"Source: {src.describe()}",
            f'(sha256 {src.sha256}), table version line "{version}".',
            "The file is libdrm's data/amdgpu.ids (https://gitlab.freedesktop.org/mesa/drm).",
            "",
            "Licence: MIT, as the rest of libdrm. amdgpu.ids carries no copyright line of its own; the table was",
            "moved into it from libdrm's amdgpu/amdgpu_asic_id.h, whose notice is:",
            "",
            "Copyright © 2016 Advanced Micro Devices, Inc.",
            "All Rights Reserved.",
            "",
            *MIT_TEXT.split("\n"),
        ]
    )
    body = table(
        "MARKETING_NAMES",
        [
            "(PCI device id, PCI revision id, marketing name) of every amdgpu.ids entry,",
            "sorted by (device, revision); for a duplicated pair only the first line of the file is kept.",
        ],
        "(u16, u8, &str)",
        [(hex_lit(d, 4), hex_lit(r, 2), rust_str(n)) for d, r, n in entries],
    )
    write(out_dir / "amdgpu_ids.rs", head + [""] + body)
    return len(entries)


def gen_pci(src, out_dir):
    header, vendors, devices, subsystems = parse_pci_ids(src.text)
    head_lines = [line[1:].strip() if line.startswith("#") else line for line in header]
    while head_lines and not head_lines[-1]:
        head_lines.pop()
    while head_lines and not head_lines[0]:
        head_lines.pop(0)
    head = comment(
        [
            "@generated by tools/gen-names.py: do not edit; rerun the script instead.",
            "",
            f"Source: {src.describe()}",
            f"(sha256 {src.sha256}).",
            "Only vendor 0x1002 (AMD/ATI), its devices and their subsystems, and the vendors named",
            "by those subsystems are kept.",
            "",
            "Licence: pci.ids may be distributed under either the GNU General Public License (version 2",
            "or higher) or the 3-clause BSD License; this project uses it under BSD-3-Clause. The header of",
            "the source file, with its copyright and attribution lines:",
            "",
            *[f"  {line}".rstrip() for line in head_lines],
            "",
            *(
                [f"Debian's copyright file for {src.package} {src.version} gives the holders as:", ""]
                + [f"  {h}" for h in src.debian_copyright_holders()]
                + [""]
                if src.debian_copyright_holders()
                else []
            ),
            *BSD3_TEXT.split("\n"),
        ]
    )
    body = table(
        "VENDORS",
        ["(vendor id, name): vendor 0x1002 and every subsystem vendor named under one of its devices, sorted."],
        "(u16, &str)",
        [(hex_lit(v, 4), rust_str(n)) for v, n in sorted(vendors.items())],
    )
    body += [""] + table(
        "DEVICES",
        ["(device id, name) of every device of vendor 0x1002, sorted."],
        "(u16, &str)",
        [(hex_lit(d, 4), rust_str(n)) for d, n in sorted(devices.items())],
    )
    body += [""] + table(
        "SUBSYSTEMS",
        [
            "(device id, subsystem vendor id, subsystem device id, name) of every subsystem listed under a",
            "device of vendor 0x1002, sorted.",
        ],
        "(u16, u16, u16, &str)",
        [(hex_lit(d, 4), hex_lit(sv, 4), hex_lit(sd, 4), rust_str(n)) for (d, sv, sd), n in sorted(subsystems.items())],
    )
    write(out_dir / "pci_ids.rs", head + [""] + body)
    return len(vendors), len(devices), len(subsystems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--amdgpu-ids", default=DEFAULT_AMDGPU_IDS, help="amdgpu.ids, or the libdrm-common .deb")
    ap.add_argument("--pci-ids", default=DEFAULT_PCI_IDS, help="pci.ids, or the pci.ids .deb")
    ap.add_argument("--out-dir", default=str(DEFAULT_OUT), help="output directory")
    args = ap.parse_args()
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_ids = gen_amdgpu(Source(args.amdgpu_ids, DEFAULT_AMDGPU_IDS), out_dir)
    n_v, n_d, n_s = gen_pci(Source(args.pci_ids, DEFAULT_PCI_IDS), out_dir)
    print(f"{n_ids} marketing names; {n_v} vendors, {n_d} AMD devices, {n_s} AMD subsystems", file=sys.stderr)


if __name__ == "__main__":
    main()

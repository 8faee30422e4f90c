"""Makes the calls listed on stdin through AMD's amdsmi 7.0.2 Python package, in order, in one
process (initialized with the AmdSmiInitFlags member named by argv[1] on the machine under
AMDSMI_ROOT), and prints one JSON list: each call's outcome.

A call is {"function": name, "kind": "gpu" | "cpu_socket" | "cpu_core", "index": n,
"args": [...]}: the function gets the index-th handle of that kind, then the arguments; an
argument "<Enum>.<MEMBER>" naming an enum of the package is that member, any other string or
number is passed as it is. An outcome is {"ok": value} (null for a setter), {"status": n} (an
AmdSmiLibraryException: the library's status) or {"error": "<type>: <message>"} (what the
package itself raised).

Run by crates/amdsmi-capi/tests/it/python.rs, which makes the same calls through the Rust API
on a second copy of the machine and compares outcomes and trees.
"""
import enum
import json
import sys

import amdsmi
from amdsmi import AmdSmiInitFlags


def argument(value):
    if isinstance(value, str) and "." in value:
        name, member = value.split(".", 1)
        kind = getattr(amdsmi, name, None)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return kind[member]
    return value


def outcome(f, *args):
    try:
        return {"ok": f(*args)}
    except amdsmi.AmdSmiLibraryException as e:
        return {"status": e.get_error_code()}
    except Exception as e:  # noqa: BLE001 - what the package itself raises is the finding
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main():
    calls = json.load(sys.stdin)
    amdsmi.amdsmi_init(AmdSmiInitFlags[sys.argv[1]])
    handles = {
        "gpu": amdsmi.amdsmi_get_processor_handles,
        "cpu_socket": amdsmi.amdsmi_get_cpusocket_handles,
        "cpu_core": amdsmi.amdsmi_get_cpucore_handles,
    }
    out = []
    for call in calls:
        handle = handles[call["kind"]]()[call["index"]]
        args = [argument(a) for a in call["args"]]
        out.append(outcome(getattr(amdsmi, call["function"]), handle, *args))
    amdsmi.amdsmi_shut_down()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

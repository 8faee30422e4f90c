"""Calls every function named on stdin (one JSON list of {"name", "kind", "args"}) through AMD's
amdsmi 7.0.2 Python package on every processor of its kind and prints one JSON object:
{name: {"ok": n, "status": {code: n}, "error": [messages], "values": [per processor]}}, or
"absent" for a function the package does not have.

"args" are the Rust test's argument labels (the first variant of the surface table's row), one
string per parameter after the handle: an enum member's name (`SYS`), a number (`0`, `0x80`),
`ALL` for a list of enum members (every member), or a string (`P0`). Without "args", the
arguments are chosen from the function's annotations (an enum's first member, 0 for integers).

"values" holds, per processor in the package's handle order, {"value": the returned value as
plain JSON (enums by name, ctypes by value, bytes as text)}, {"status": AMD status number} or
{"error": message}.

"error" collects what is neither a value nor an AmdSmiLibraryException: an exception of the
package's own code, i.e. a value of ours it cannot take (a layout, enum or string it rejects).
"""
import enum
import inspect
import json
import sys

import amdsmi
from amdsmi import amdsmi_wrapper
from amdsmi import AmdSmiInitFlags

KINDS = {"gpu": "AMD_GPU", "cpu_socket": "AMD_CPU", "cpu_core": "AMD_CPU_CORE"}


# Parameters whose annotation does not say what they take.
BY_NAME = {"counter_types": lambda: [next(iter(amdsmi.AmdSmiUtilizationCounterType))]}


def argument(param):
    if param.name in BY_NAME:
        return BY_NAME[param.name]()
    annotation = param.annotation
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return next(iter(annotation))
    if param.default is not inspect.Parameter.empty:
        return param.default
    if annotation is str:
        return "P0"
    return 0


def labelled(param, label):
    """The argument a label of the Rust test stands for, typed by the parameter's annotation."""
    annotation = param.annotation
    if param.name in BY_NAME:
        members = list(amdsmi.AmdSmiUtilizationCounterType)
        return members if label == "ALL" else [amdsmi.AmdSmiUtilizationCounterType[n] for n in label.split("+")]
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        if label in annotation.__members__:
            return annotation[label]
        # The package renamed the member (`NUMA_SCOPE` for AMDSMI_AFFINITY_SCOPE_NODE): the
        # member whose value is a C constant `AMDSMI_..._<label>` of the wrapper.
        values = {getattr(amdsmi_wrapper, k) for k in dir(amdsmi_wrapper) if k.endswith("_" + label)}
        members = [m for m in annotation if m.value in values]
        if len(members) != 1:
            raise KeyError("%s: no one member for %s: %s" % (annotation.__name__, label, members))
        return members[0]
    try:
        return int(label, 0)
    except ValueError:
        return label


def plain(value):
    """A returned value as plain JSON: enums by name, ctypes by value, bytes as text."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace").rstrip("\x00")
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if hasattr(value, "value"):  # a ctypes scalar
        return plain(value.value)
    return repr(value)


def main():
    functions = json.load(sys.stdin)
    amdsmi.amdsmi_init(AmdSmiInitFlags[sys.argv[1]])
    cpus = AmdSmiInitFlags[sys.argv[1]] & AmdSmiInitFlags.INIT_AMD_CPUS
    handles = {
        "AMD_GPU": amdsmi.amdsmi_get_processor_handles(),
        "AMD_CPU": amdsmi.amdsmi_get_cpusocket_handles() if cpus else [],
        "AMD_CPU_CORE": amdsmi.amdsmi_get_cpucore_handles() if cpus else [],
    }
    out = {}
    for function in functions:
        f = getattr(amdsmi, function["name"], None)
        if f is None:
            # A function of the Python reference that the 7.0.2 package does not have.
            out[function["name"]] = "absent"
            continue
        result = out.setdefault(function["name"], {"ok": 0, "status": {}, "error": [], "values": []})
        params = list(inspect.signature(f).parameters.values())[1:]
        if "args" in function:
            args = [labelled(p, label) for p, label in zip(params, function["args"])]
        else:
            args = [argument(p) for p in params]
        for handle in handles.get(KINDS[function["kind"]], []):
            try:
                result["values"].append({"value": plain(f(handle, *args))})
                result["ok"] += 1
            except amdsmi.AmdSmiLibraryException as e:
                code = str(e.get_error_code())
                result["status"][code] = result["status"].get(code, 0) + 1
                result["values"].append({"status": e.get_error_code()})
            except Exception as e:  # noqa: BLE001 - what the package itself raises is the finding
                message = "%s: %s" % (type(e).__name__, e)
                result["error"].append(message)
                result["values"].append({"error": message})
    amdsmi.amdsmi_shut_down()
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

"""Calls every function named on stdin (one JSON list of {"name", "kind"}) through AMD's amdsmi
7.0.2 Python package on every processor of its kind, with arguments chosen from the function's
annotations (an enum's first member, 0 for integers), and prints one JSON object:
{name: {"ok": n, "status": {code: n}, "error": [messages]}}, or "absent" for a
function the package does not have.

"error" collects what is neither a value nor an AmdSmiLibraryException: an exception of the
package's own code, i.e. a value of ours it cannot take (a layout, enum or string it rejects).
"""
import enum
import inspect
import json
import sys

import amdsmi
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
        result = out.setdefault(function["name"], {"ok": 0, "status": {}, "error": []})
        params = list(inspect.signature(f).parameters.values())[1:]
        args = [argument(p) for p in params]
        for handle in handles.get(KINDS[function["kind"]], []):
            try:
                f(handle, *args)
                result["ok"] += 1
            except amdsmi.AmdSmiLibraryException as e:
                code = str(e.get_error_code())
                result["status"][code] = result["status"].get(code, 0) + 1
            except Exception as e:  # noqa: BLE001 - what the package itself raises is the finding
                result["error"].append("%s: %s" % (type(e).__name__, e))
    amdsmi.amdsmi_shut_down()
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

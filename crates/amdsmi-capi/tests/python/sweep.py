"""Calls every function named on stdin (one JSON list of {"name", "kind"}) through AMD's amdsmi
7.0.2 Python package on every processor of its kind, with arguments chosen from the function's
annotations (an enum's first member, 0 for integers), and prints one JSON object:
{name: {"ok": n, "status": {code: n}, "error": [messages]}}.

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


def argument(param):
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
    handles = {}
    for handle in amdsmi.amdsmi_get_processor_handles():
        kind = amdsmi.amdsmi_get_processor_type(handle)["processor_type"]
        handles.setdefault(kind, []).append(handle)
    out = {}
    for function in functions:
        f = getattr(amdsmi, function["name"], None)
        result = out.setdefault(function["name"], {"ok": 0, "status": {}, "error": []})
        if f is None:
            result["error"].append("not in the package")
            continue
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

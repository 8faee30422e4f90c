"""Prints, as one JSON document, what AMD's amdsmi 7.0.2 Python package returns through the
library ROCM_PATH/lib/libamd_smi.so for every processor of the machine under AMDSMI_ROOT.

Run by crates/amdsmi-capi/tests/it/python.rs, which compares each value with the Rust API's.
Errors are recorded as the AmdSmiLibraryException's status name, like `amd-smi dump`.
"""
import json
import os
import sys

import amdsmi
from amdsmi import AmdSmiInitFlags, AmdSmiMemoryType, AmdSmiTemperatureMetric, AmdSmiTemperatureType

STATUS_NAMES = {0: "AMDSMI_STATUS_SUCCESS"}


def call(f, *args):
    try:
        return f(*args)
    except amdsmi.AmdSmiLibraryException as e:
        return "status:%d" % e.get_error_code()


def loaded_library():
    """The libamd_smi.so this process mapped (from /proc/self/maps)."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if line.rstrip().endswith("libamd_smi.so")}
    return sorted(paths)


def main():
    flags = AmdSmiInitFlags[sys.argv[1]] if len(sys.argv) > 1 else AmdSmiInitFlags.INIT_AMD_GPUS
    amdsmi.amdsmi_init(flags)
    out = {"library": loaded_library(), "processors": [], "sockets": []}
    for socket in amdsmi.amdsmi_get_socket_handles():
        out["sockets"].append(call(amdsmi.amdsmi_get_socket_info, socket))
    for handle in amdsmi.amdsmi_get_processor_handles():
        kind = call(amdsmi.amdsmi_get_processor_type, handle)
        entry = {"processor_type": kind, "processor_info": call(amdsmi.amdsmi_get_processor_info, handle)}
        if kind == {"processor_type": "AMDSMI_PROCESSOR_TYPE_AMD_GPU"}:
            entry["bdf"] = call(amdsmi.amdsmi_get_gpu_device_bdf, handle)
            entry["uuid"] = call(amdsmi.amdsmi_get_gpu_device_uuid, handle)
            entry["id"] = call(amdsmi.amdsmi_get_gpu_id, handle)
            entry["vendor_name"] = call(amdsmi.amdsmi_get_gpu_vendor_name, handle)
            entry["vram_total"] = call(amdsmi.amdsmi_get_gpu_memory_total, handle, AmdSmiMemoryType.VRAM)
            entry["edge_current"] = call(
                amdsmi.amdsmi_get_temp_metric, handle, AmdSmiTemperatureType.EDGE, AmdSmiTemperatureMetric.CURRENT
            )
            entry["from_bdf_roundtrip"] = (
                call(amdsmi.amdsmi_get_processor_handle_from_bdf, entry["bdf"]).value == handle.value
                if isinstance(entry["bdf"], str)
                else None
            )
        out["processors"].append(entry)
    out["cpu_sockets"] = [
        {
            "processor_info": call(amdsmi.amdsmi_get_processor_info, h),
            "hsmp_proto_ver": call(amdsmi.amdsmi_get_cpu_hsmp_proto_ver, h),
            "prochot": call(amdsmi.amdsmi_get_cpu_prochot_status, h),
        }
        for h in (amdsmi.amdsmi_get_cpusocket_handles() if flags & AmdSmiInitFlags.INIT_AMD_CPUS else [])
    ]
    out["cpu_cores"] = [
        {"processor_info": call(amdsmi.amdsmi_get_processor_info, h), "boostlimit": call(amdsmi.amdsmi_get_cpu_core_boostlimit, h)}
        for h in (amdsmi.amdsmi_get_cpucore_handles() if flags & AmdSmiInitFlags.INIT_AMD_CPUS else [])
    ]
    amdsmi.amdsmi_shut_down()
    try:
        amdsmi.amdsmi_get_gpu_id(amdsmi.amdsmi_wrapper.amdsmi_processor_handle(1))
        out["after_shut_down"] = "no error"
    except amdsmi.AmdSmiLibraryException as e:
        out["after_shut_down"] = e.get_error_code()
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Builds fuzz/seeds/<target>/: the committed seed corpus of each target, copied unchanged from the
# fixture files (their provenance is theirs: fixtures/README.md), plus the few synthesized seeds
# named `synth-*` (zero-filled answers of the DRM structs' sizes). Run from anywhere; rerun after
# fixtures change and commit the result.
set -euo pipefail
cd "$(dirname "$0")"
F=../fixtures
M=$F/machines
rm -rf seeds && mkdir -p seeds/{gpu_metrics,sysfs_text,pm_table,cper,cpu_events_text,drm_answers,capi_args}
# gpu_metrics: every blob, synthesized and captured.
cp $F/gpu_metrics/*.bin seeds/gpu_metrics/
for f in $F/gpu_metrics/captured/*; do cp "$f" "seeds/gpu_metrics/captured-$(basename "$f")"; done
# sysfs_text: the text attributes the parsers read, from three machines.
n=0
for m in rx6900xt mi300x-cpx rx580 vega10 phoenix; do
  for f in $(find -L $M/$m/sys/bus/pci/devices/ -maxdepth 2 -type f \( -name 'pp_*' -o -name 'pcie_bw' -o -name '*link_speed' -o -name 'xgmi_port_num' -o -name 'current_*partition*' -o -name 'available_*partition*' -o -name 'unique_id' -o -name 'mem_info_vram_used' \) 2>/dev/null | sort); do
    n=$((n + 1)); cp "$f" "seeds/sysfs_text/$m-$(basename "$f")-$n"
  done
  for f in $(find $M/$m/sys/class/kfd/kfd/topology/nodes -name properties 2>/dev/null | sort | head -3); do
    n=$((n + 1)); cp "$f" "seeds/sysfs_text/$m-properties-$n"
  done
done
for f in $(find $M -path '*ras*' -name '*_err_count' | sort | head -4) $(find $M -name 'gpu_vram_bad_pages' | sort | head -2); do
  n=$((n + 1)); cp "$f" "seeds/sysfs_text/ras-$(basename "$f")-$n"
done
# pm_table: the PM metrics blob, and each reg_state block behind its layout byte.
cp $F/pm_tables/pm_metrics.bin seeds/pm_table/
python3 -c "
d = open('$F/pm_tables/reg_state.bin', 'rb').read()
for i in range(5):
    open(f'seeds/pm_table/reg-{i}', 'wb').write(bytes([i]) + d[i * 4096:(i + 1) * 4096])"
# cper: the mi300x-cpx rings.
for d in 0 8; do cp $M/mi300x-cpx/sys/kernel/debug/dri/$d/amdgpu_ring_cper seeds/cper/ring-$d; done
# cpu_events_text: the HSMP metrics table, the HSMP stand-in's state, cpuinfo's first 4000 bytes,
# the KFD event script and a recorded MSR set.
cp $M/mi300a-2s/sys/devices/platform/amd_hsmp/metrics_bin seeds/cpu_events_text/metrics_bin 2>/dev/null \
  || find $M/mi300a-2s -name metrics_bin -exec cp {} seeds/cpu_events_text/metrics_bin \; -quit
cp $M/genoa-2s/dev/hsmp seeds/cpu_events_text/hsmp
head -c 4000 $M/genoa-2s/proc/cpuinfo > seeds/cpu_events_text/cpuinfo
cp $M/mi300x-cpx/dev/kfd seeds/cpu_events_text/kfd
cp $M/mi300x-cpx/dev/cpu/0/msr seeds/cpu_events_text/msr
# drm_answers: zero-filled answers of the sizes the decoders take (synthesized).
head -c 384 /dev/zero > seeds/drm_answers/synth-dev-info
head -c 200 /dev/zero > seeds/drm_answers/synth-vbios
head -c 8 /dev/zero > seeds/drm_answers/synth-vram-usage
# capi_args: one call of each of the 12 functions on the first real handle, out pointers valid
# (synthesized: the target's input layout, little-endian u64s).
python3 -c "
import struct
for f in range(12):
    open(f'seeds/capi_args/synth-call-{f}', 'wb').write(struct.pack('<6Q', f, 0, 0, 1, 0, 0))"
du -sh seeds; for d in seeds/*; do echo "$d $(ls $d | wc -l)"; done

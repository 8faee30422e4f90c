//! A C program written against AMD's API, compiled with `cc` against `include/amdsmi.h`, linked
//! with the built `libamd_smi.so` and run on a fixture machine.

use std::path::Path;
use std::process::Command;

use crate::common::{library, machine, run, target_dir};

const PROGRAM: &str = r#"
#include <stdio.h>
#include <stdlib.h>
#include "amdsmi.h"

#define CHECK(call) do { amdsmi_status_t s = (call); if (s != AMDSMI_STATUS_SUCCESS) { \
    printf("%s: %u\n", #call, s); return 1; } } while (0)

int main(void) {
    CHECK(amdsmi_init(AMDSMI_INIT_AMD_GPUS));
    uint32_t sockets = 0;
    CHECK(amdsmi_get_socket_handles(&sockets, NULL));
    amdsmi_socket_handle socket_handles[16];
    if (sockets > 16) sockets = 16;
    CHECK(amdsmi_get_socket_handles(&sockets, socket_handles));
    for (uint32_t s = 0; s < sockets; s++) {
        uint32_t count = 0;
        CHECK(amdsmi_get_processor_handles(socket_handles[s], &count, NULL));
        amdsmi_processor_handle handles[64];
        if (count > 64) count = 64;
        CHECK(amdsmi_get_processor_handles(socket_handles[s], &count, handles));
        for (uint32_t i = 0; i < count; i++) {
            processor_type_t type;
            uint16_t id;
            uint64_t vram;
            char uuid[AMDSMI_GPU_UUID_SIZE];
            unsigned int uuid_len = sizeof uuid;
            amdsmi_bdf_t bdf;
            CHECK(amdsmi_get_processor_type(handles[i], &type));
            CHECK(amdsmi_get_gpu_id(handles[i], &id));
            CHECK(amdsmi_get_gpu_memory_total(handles[i], AMDSMI_MEM_TYPE_VRAM, &vram));
            CHECK(amdsmi_get_gpu_device_uuid(handles[i], &uuid_len, uuid));
            CHECK(amdsmi_get_gpu_device_bdf(handles[i], &bdf));
            printf("%04llx:%02x:%02x.%x type=%u id=0x%04x vram=%llu uuid=%s\n",
                   (unsigned long long)bdf.as_uint >> 16, (unsigned)(bdf.as_uint >> 8) & 0xff,
                   (unsigned)(bdf.as_uint >> 3) & 0x1f, (unsigned)bdf.as_uint & 7,
                   type, id, (unsigned long long)vram, uuid);
        }
    }
    CHECK(amdsmi_shut_down());
    uint16_t id;
    return amdsmi_get_gpu_id(NULL, &id) == AMDSMI_STATUS_NOT_INIT ? 0 : 2;
}
"#;

#[test]
fn a_c_program_runs_on_a_fixture_machine() {
    let Some(exe) = compile("capi-c-program", PROGRAM, &[]) else { return };
    let out = run(Command::new(&exe).env("AMDSMI_ROOT", machine("rx6900xt")), "program on rx6900xt");
    // fixtures/machines/rx6900xt: one GPU at 0000:0c:00.0, device 0x73bf, mem_info_vram_total
    // 17163091968; the UUID as `amdsmi_get_gpu_device_uuid` derives it (see tests/it/inventory.rs).
    let ctx = amdsmi::Context::builder().root(machine("rx6900xt")).build().unwrap();
    let uuid = ctx.gpu(ctx.processor_handles()[0]).and_then(|g| g.device_uuid()).unwrap();
    let expected = format!("0000:0c:00.0 type=1 id=0x73bf vram=17163091968 uuid={uuid}\n");
    assert_eq!(String::from_utf8(out).unwrap(), expected);
}

/// `source` compiled with `cc` (C11, warnings as errors, `extra` flags) against
/// `include/amdsmi.h` and linked with the built `libamd_smi.so`, in `target/<dir>`; `None` (the
/// test skipped, and says so) without a C compiler.
pub(crate) fn compile(dir: &str, source: &str, extra: &[&str]) -> Option<std::path::PathBuf> {
    let found = Command::new("cc").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: no C compiler (cc) on this machine");
        return None;
    }
    let lib = library();
    let dir = target_dir().join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("program.c");
    std::fs::write(&file, source).unwrap();
    let exe = dir.join("program");
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    let lib_dir = lib.parent().unwrap();
    let mut cc = Command::new("cc");
    cc.arg("-std=c11").arg("-Wall").arg("-Werror").arg("-I").arg(&include).arg(&file).arg("-o").arg(&exe);
    cc.arg("-L").arg(lib_dir).arg("-lamd_smi").arg(format!("-Wl,-rpath,{}", lib_dir.display())).args(extra);
    run(&mut cc, "cc program.c");
    Some(exe)
}

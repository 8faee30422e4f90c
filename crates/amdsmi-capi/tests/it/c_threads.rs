//! The C library under several native threads (issue 16, item 1): a C program with eight
//! pthreads reading every GPU processor of mi300x-cpx at once, round after round, while a ninth
//! initializes and shuts down the library again and again (reference-counted: the main thread's
//! reference keeps it up). Every answer, status and bytes, equals the answer the same call gave
//! on one thread before; no crash, no deadlock. Then the same on a copy of the machine whose GPU
//! 0000:05:00.0 the test unplugs and replugs meanwhile: each answer is the one before, a status
//! of a device that is gone, or the one before with fields "not available".

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::common::{copy_machine, machine, run};
use crate::shared;

const PROGRAM: &str = r#"
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "amdsmi.h"

#define MAX_GPUS 64
#define READERS 8
#define ROUNDS 40

/* One processor's answers: each call's status and its result's fields (copied out of the
   structs, whose padding bytes are not part of an answer). */
typedef struct {
    amdsmi_status_t s[7];
    char uuid[AMDSMI_GPU_UUID_SIZE];
    uint64_t v[18];
} answers_t;

static amdsmi_processor_handle handles[MAX_GPUS];
static uint32_t count;
static answers_t baseline[MAX_GPUS];
static volatile int stop;
static unsigned long calls[READERS];
static unsigned long gone_answers[READERS];
/* `unplug`: a GPU goes away and comes back while the threads read; they read until stdin ends. */
static int unplug;

/* The statuses of a read whose device went away. */
static int gone(amdsmi_status_t s) {
    return s == AMDSMI_STATUS_NOT_SUPPORTED || s == AMDSMI_STATUS_NOT_FOUND || s == AMDSMI_STATUS_NO_DATA ||
           s == AMDSMI_STATUS_IO || s == AMDSMI_STATUS_UNEXPECTED_DATA;
}

/* "Not available" in a field of 8, 16, 32 or 64 bits (all ones; 0xFFFF in amdsmi_power_info_t). */
static int na(uint64_t x) { return x == 0xFF || x == 0xFFFF || x == 0xFFFFFFFFu || x == UINT64_MAX; }

/* The values of call k are v[first[k]] .. v[first[k + 1] - 1] (the UUID, call 2, has none). */
static const int first[8] = {0, 1, 2, 2, 3, 6, 11, 18};

/* Whether `a` may be the answer of a GPU that went away and came back while it was read: per
   call, the baseline's status and values (a value may be "not available": the device went away
   between two files of a result), or a status of a device that is gone. */
static int agrees(const answers_t *a, const answers_t *b, unsigned long *gone_count) {
    for (int k = 0; k < 7; k++) {
        if (a->s[k] != b->s[k]) {
            if (!gone(a->s[k])) return 0;
            ++*gone_count;
            continue;
        }
        if (a->s[k] != AMDSMI_STATUS_SUCCESS) continue;
        if (k == 2 && memcmp(a->uuid, b->uuid, sizeof a->uuid) != 0) return 0;
        for (int i = first[k]; i < first[k + 1]; i++)
            if (a->v[i] != b->v[i] && !na(a->v[i])) return 0;
    }
    return 1;
}

static void ask(amdsmi_processor_handle h, answers_t *a) {
    memset(a, 0, sizeof *a);
    uint16_t id = 0;
    uint64_t vram = 0;
    int64_t hotspot = 0;
    amdsmi_engine_usage_t use;
    amdsmi_clk_info_t gfx;
    amdsmi_power_info_t power;
    memset(&use, 0, sizeof use);
    memset(&gfx, 0, sizeof gfx);
    memset(&power, 0, sizeof power);
    unsigned int len = sizeof a->uuid;
    a->s[0] = amdsmi_get_gpu_id(h, &id);
    a->s[1] = amdsmi_get_gpu_memory_total(h, AMDSMI_MEM_TYPE_VRAM, &vram);
    a->s[2] = amdsmi_get_gpu_device_uuid(h, &len, a->uuid);
    a->s[3] = amdsmi_get_temp_metric(h, AMDSMI_TEMPERATURE_TYPE_HOTSPOT, AMDSMI_TEMP_CURRENT, &hotspot);
    a->s[4] = amdsmi_get_gpu_activity(h, &use);
    a->s[5] = amdsmi_get_clock_info(h, AMDSMI_CLK_TYPE_SYS, &gfx);
    a->s[6] = amdsmi_get_power_info(h, &power);
    uint64_t v[18] = {id, vram, (uint64_t)hotspot, use.gfx_activity, use.umc_activity, use.mm_activity,
                      gfx.clk, gfx.min_clk, gfx.max_clk, gfx.clk_locked, gfx.clk_deep_sleep,
                      power.socket_power, power.current_socket_power, power.average_socket_power, power.gfx_voltage,
                      power.soc_voltage, power.mem_voltage, power.power_limit};
    memcpy(a->v, v, sizeof v);
}

static void *reader(void *arg) {
    long t = (long)arg;
    answers_t a;
    for (int round = 0; unplug ? !stop : round < ROUNDS; round++) {
        for (uint32_t k = 0; k < count; k++) {
            uint32_t i = (k + (uint32_t)t * 7) % count;
            ask(handles[i], &a);
            calls[t] += 7;
            int same = unplug ? agrees(&a, &baseline[i], &gone_answers[t]) : memcmp(&a, &baseline[i], sizeof a) == 0;
            if (!same) {
                printf("thread %ld, processor %u: an answer differs from the baseline\n", t, i);
                return (void *)1;
            }
        }
    }
    return NULL;
}

static void *cycler(void *arg) {
    (void)arg;
    long cycles = 0;
    while (!stop) {
        if (amdsmi_init(AMDSMI_INIT_AMD_GPUS) != AMDSMI_STATUS_SUCCESS) return (void *)1;
        if (amdsmi_shut_down() != AMDSMI_STATUS_SUCCESS) return (void *)1;
        cycles++;
    }
    return cycles > 0 ? NULL : (void *)1;
}

int main(int argc, char **argv) {
    unplug = argc > 1 && strcmp(argv[1], "unplug") == 0;
    if (amdsmi_init(AMDSMI_INIT_AMD_GPUS) != AMDSMI_STATUS_SUCCESS) return 3;
    uint32_t sockets = 16;
    amdsmi_socket_handle socket_handles[16];
    if (amdsmi_get_socket_handles(&sockets, socket_handles) != AMDSMI_STATUS_SUCCESS) return 3;
    for (uint32_t s = 0; s < sockets && count < MAX_GPUS; s++) {
        uint32_t n = MAX_GPUS - count;
        if (amdsmi_get_processor_handles(socket_handles[s], &n, handles + count) != AMDSMI_STATUS_SUCCESS) return 3;
        count += n;
    }
    for (uint32_t i = 0; i < count; i++) ask(handles[i], &baseline[i]);
    pthread_t readers[READERS], cycling;
    pthread_create(&cycling, NULL, cycler, NULL);
    for (long t = 0; t < READERS; t++) pthread_create(&readers[t], NULL, reader, (void *)t);
    if (unplug) {
        /* The baseline is taken: the test starts unplugging, and closes stdin when it is done. */
        printf("ready\n");
        fflush(stdout);
        while (getchar() != EOF) {}
        stop = 1;
    }
    int failed = 0;
    unsigned long total = 0, total_gone = 0;
    for (int t = 0; t < READERS; t++) {
        void *r;
        pthread_join(readers[t], &r);
        failed |= r != NULL;
        total += calls[t];
        total_gone += gone_answers[t];
    }
    stop = 1;
    void *r;
    pthread_join(cycling, &r);
    failed |= r != NULL;
    if (amdsmi_shut_down() != AMDSMI_STATUS_SUCCESS) return 4;
    if (unplug)
        printf("%s %u processors, %lu calls, %lu answers of a device gone\n", failed ? "failed" : "ok", count, total,
               total_gone);
    else
        printf("%s %u processors, %lu calls\n", failed ? "failed" : "ok", count, total);
    return failed;
}
"#;

#[test]
fn eight_native_threads_read_while_a_ninth_cycles_init() {
    let Some(exe) = crate::c_program::compile("capi-c-threads", PROGRAM, &["-pthread"]) else { return };
    let out = run(Command::new(&exe).env("AMDSMI_ROOT", machine("mi300x-cpx")), "threads on mi300x-cpx");
    // mi300x-cpx: 63 GPU processors; 8 threads x 40 rounds x 63 processors x 7 calls.
    assert_eq!(String::from_utf8(out).unwrap(), "ok 63 processors, 141120 calls\n");
}

#[test]
fn eight_native_threads_read_while_a_gpu_is_unplugged_and_replugged() {
    let Some(exe) = crate::c_program::compile("capi-c-threads", PROGRAM, &["-pthread"]) else { return };
    let copy = copy_machine("mi300x-cpx");
    let mut child = Command::new(&exe)
        .arg("unplug")
        .env("AMDSMI_ROOT", copy.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the C program");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the program's first line");
    assert_eq!(line, "ready\n", "the program took its baseline");
    // Three seconds and at least three unplugs (at most a minute), the readers reading meanwhile.
    let (stop, cycles) = (AtomicBool::new(false), AtomicU64::new(0));
    std::thread::scope(|s| {
        s.spawn(|| shared::unplug_and_replug(&shared::unplugged_gpu(copy.path()), &stop, &cycles));
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3)
            || (cycles.load(Ordering::Relaxed) < 3 && start.elapsed() < Duration::from_secs(60))
        {
            std::thread::sleep(Duration::from_millis(50));
        }
        stop.store(true, Ordering::Relaxed);
    });
    // The GPU is back: closing stdin stops the readers.
    let mut stdin = child.stdin.take().expect("piped");
    stdin.flush().unwrap();
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    eprintln!("{rest}{} unplug/replug cycles", cycles.load(Ordering::Relaxed));
    assert!(status.success() && rest.starts_with("ok 63 processors, "), "{status}: {rest}");
    assert!(cycles.load(Ordering::Relaxed) >= 3);
    // The unplugs reached the readers: some answers were those of a device that is gone.
    let gone: u64 = rest.split(", ").nth(2).and_then(|g| g.split(' ').next()?.parse().ok()).expect("a count");
    assert!(gone > 0, "{rest}");
}

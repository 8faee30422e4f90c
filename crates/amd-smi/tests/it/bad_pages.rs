//! `amd-smi bad-pages`: retired, pending and unreservable pages split from
//! `ras/gpu_vram_bad_pages` as AMD SMI 7.0 prints them.

use serde_json::json;

use crate::{amd_smi, json, stdout};

#[test]
fn one_page_of_each_status_on_mi300x_cpx() {
    // mi300x-cpx 0000:05:00.0 ras/gpu_vram_bad_pages: `0x00012345 : 0x00001000 : R`,
    // `0x00012346 : 0x00001000 : P`, `0x0001f000 : 0x00001000 : F`: one page per section, shown
    // as the page itself. GPU 1 (a CPX partition, no ras/) is N/A in every section.
    let gpus = json("mi300x-cpx", &["bad-pages", "-g", "0", "1", "--json"]);
    assert_eq!(
        gpus,
        json!([
            {"gpu": 0,
             "retired": {"page_address": 0x12345, "page_size": 4096, "status": "RESERVED"},
             "pending": {"page_address": 0x12346, "page_size": 4096, "status": "PENDING"},
             "un_res": {"page_address": 0x1f000, "page_size": 4096, "status": "UNRESERVABLE"}},
            {"gpu": 1, "retired": "N/A", "pending": "N/A", "un_res": "N/A"}
        ])
    );
    let text = stdout("mi300x-cpx", &["bad-pages", "-g", "0", "-p"]);
    assert_eq!(
        text,
        "GPU: 0\n    PENDING:\n        PAGE_ADDRESS: 74566\n        PAGE_SIZE: 4096\n        STATUS: PENDING\n\n"
    );
}

#[test]
fn sections_on_mi210_xgmi() {
    // mi210-xgmi GPU 3 (0000:63:00.0) ras/gpu_vram_bad_pages: two `R` pages 0x000a1b2c and
    // 0x000a1b2d; GPU 0 (0000:03:00.0) has an empty file.
    let gpus = json("mi210-xgmi", &["bad-pages", "-r", "-u", "--json"]);
    assert_eq!(gpus.as_array().unwrap().len(), 8);
    assert_eq!(gpus[0], json!({"gpu": 0, "retired": "No bad pages found.", "un_res": "No bad pages found."}));
    assert_eq!(
        gpus[3],
        json!({"gpu": 3,
               "retired": [{"page_address": 0xa1b2c, "page_size": 4096, "status": "RESERVED"},
                           {"page_address": 0xa1b2d, "page_size": 4096, "status": "RESERVED"}],
               "un_res": "No bad pages found."})
    );
    let text = stdout("mi210-xgmi", &["bad-pages", "--retired", "-g", "3"]);
    assert!(text.starts_with("GPU: 3\n    RETIRED:\n        RETIRED_0:\n            PAGE_ADDRESS: 662316\n"), "{text}");
}

#[test]
fn bad_pages_without_ras_and_refused_options() {
    // rx6900xt has no ras/ directory: every section N/A.
    let gpus = json("rx6900xt", &["bad-pages", "--json"]);
    assert_eq!(gpus, json!([{"gpu": 0, "retired": "N/A", "pending": "N/A", "un_res": "N/A"}]));
    let out = amd_smi("rx6900xt", &["bad-pages", "--hex"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

//! Any bytes into the gpu_metrics decoder: the zero-copy view (`parse`, `parse_owned`, every
//! accessor through `get`, one past each array's end and one partition past the last) must agree
//! with the normalized struct (`decode`) on every field, and both must accept or reject the same
//! inputs with the same error. An error is fine; a panic or a disagreement is a finding.
#![no_main]

use amdsmi::gpu::metrics::{self, ApuField, Field, XcpField, NUM_XCP};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = metrics::header(data);
    let _ = metrics::attributes(data);
    let decoded = metrics::decode(data);
    let (view, owned) = (metrics::parse(data), metrics::parse_owned(data));
    let (view, m) = match (view, owned, decoded) {
        (Ok(view), Ok(owned), Ok(m)) => {
            assert_eq!(owned.to_gpu_metrics(), m);
            (view, m)
        }
        (Err(p), Err(o), Err(d)) => {
            assert_eq!((p.status(), p.detail()), (d.status(), d.detail()));
            assert_eq!((o.status(), o.detail()), (d.status(), d.detail()));
            return;
        }
        (p, o, d) => panic!("parse {:?}, parse_owned {:?} and decode {:?} disagree", p.is_ok(), o.is_ok(), d.is_ok()),
    };
    assert_eq!(view.header(), m.common_header);
    for f in Field::ALL {
        for i in 0..=f.elements() {
            assert_eq!(view.get(f, i), m.get(f, i), "{}[{i}]", f.name());
        }
    }
    for p in 0..=NUM_XCP {
        let x = view.xcp(p);
        for f in XcpField::ALL {
            for i in 0..=f.elements() {
                let want = m.xcp_stats.get(p).and_then(|s| s.get(f, i));
                assert_eq!(x.get(f, i), want, "xcp {p} {}[{i}]", f.name());
            }
        }
    }
    match (view.apu(), &m.apu) {
        (Some(a), Some(ma)) => {
            for f in ApuField::ALL {
                for i in 0..=f.elements() {
                    assert_eq!(a.get(f, i), ma.get(f, i), "apu {}[{i}]", f.name());
                }
            }
        }
        (None, None) => {}
        (a, ma) => panic!("apu block: view {:?}, decode {:?}", a.is_some(), ma.is_some()),
    }
    assert_eq!(view.to_gpu_metrics(), m);
});

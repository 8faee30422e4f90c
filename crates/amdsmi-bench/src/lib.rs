//! What the benches of `amdsmi-bench` share: the fixture machines, and the check that they
//! measure the library as users build it.

use std::path::{Path, PathBuf};

/// The repository's `fixtures/` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The root of fixture machine `name` (`fixtures/machines/<name>`).
pub fn machine(name: &str) -> PathBuf {
    fixtures().join("machines").join(name)
}

/// Whether the library was built without its fixture stand-ins, as the numbers of these benches
/// must be: a regular file where a device node belongs is then NOT_SUPPORTED.
pub fn without_stand_ins() -> bool {
    let node = machine("rx6900xt").join("dev/dri/renderD128");
    amdsmi::sysfs::device_node(&node, amdsmi::Status::NotSupported).is_err()
}

/// Panics unless [`without_stand_ins`]: `cargo bench -p amdsmi-bench` alone builds the library
/// without features.
pub fn require_plain_library() {
    assert!(
        without_stand_ins(),
        "the library was built with the `fixtures` feature: run `cargo bench -p amdsmi-bench` on its own"
    );
}

//! Helpers of the exporter's tests: a context on a fixture machine, and a reader of the
//! exposition's samples (the test's own, so that the encoder is checked, not trusted).
#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};
use std::sync::Arc;

use amdsmi::{AmdSmiInitFlags, Context};
use amdsmi_exporter::Exporter;

/// The hostname label the tests give the exporter.
pub const HOST: &str = "testhost";

/// The directory of a bundled fixture machine.
pub fn machine(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/machines").join(name)
}

/// An exporter of every processor of the machine at `root`.
pub fn exporter_at(root: &Path) -> Exporter {
    let context = Context::builder().root(root).flags(AmdSmiInitFlags::INIT_ALL_PROCESSORS).build().unwrap();
    Exporter::new(Arc::new(context), HOST)
}

/// One sample: name, labels, value as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: Vec<(String, String)>,
    pub value: String,
}

impl Sample {
    /// The value of label `key`.
    pub fn label(&self, key: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// The samples of an exposition (comment lines skipped).
pub fn samples(text: &str) -> Vec<Sample> {
    text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(parse_line).collect()
}

fn parse_line(line: &str) -> Sample {
    let b = line.as_bytes();
    let name_end = line.find(['{', ' ']).unwrap();
    let mut labels = Vec::new();
    let mut i = name_end;
    if b[i] == b'{' {
        i += 1;
        while b[i] != b'}' {
            let eq = i + line[i..].find('=').unwrap();
            let key = line[i..eq].to_owned();
            i = eq + 2; // past `="`
            let mut value = String::new();
            while b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                value.push(b[i] as char);
                i += 1;
            }
            i += 1; // past the closing quote
            if b[i] == b',' {
                i += 1;
            }
            labels.push((key, value));
        }
        i += 1;
    }
    Sample { name: line[..name_end].to_owned(), labels, value: line[i..].trim().to_owned() }
}

/// The value of the one sample of `name` whose labels include `labels`; panics if there is not
/// exactly one.
pub fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> String {
    let found = find(samples, name, labels);
    assert_eq!(found.len(), 1, "{name}{labels:?}: {found:?}");
    found[0].value.clone()
}

/// The samples of `name` whose labels include `labels`.
pub fn find<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Vec<&'a Sample> {
    samples.iter().filter(|s| s.name == name && labels.iter().all(|(k, v)| s.label(k) == Some(v))).collect()
}

//! `amd-smi exporter`: the subcommand's wiring (its address option, the processors it opens) on
//! the binary; the exposition and the server are tested in `crates/amdsmi-exporter/tests/`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use crate::common::{self, machine};

/// Kills the exporter when the test ends, passed or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serves_gpus_and_cpus_on_the_given_address() {
    // Port 0: the kernel picks one; the exporter names it on stderr.
    let mut child = Command::new(env!("CARGO_BIN_EXE_amd-smi"))
        .arg("--root")
        .arg(machine("mi300x-cpx"))
        .args(["exporter", "--listen", "127.0.0.1:0"])
        .env_remove("AMDSMI_ROOT")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("amd-smi exporter: serving http://").and_then(|l| l.strip_suffix("/metrics"));
    let addr = addr.unwrap_or_else(|| panic!("first line: {line:?}"));

    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    drop(running);
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{}", &response[..response.len().min(200)]);
    // 63 partitions (KFD nodes); 05:00.0 hwmon power1_input 165000000 µW; and the EPYC sockets
    // too (the command opens every processor): dev/hsmp [socket0] fclk_mclk of the emulated SMU.
    assert!(response.contains("\ngpu_nodes_total{hostname=\""), "{response}");
    assert!(response.contains("\"} 63\n"));
    assert!(response.lines().any(|l| l.starts_with("gpu_package_power{gpu_id=\"0\",") && l.ends_with("} 165")));
    assert_eq!(response.lines().filter(|l| l.starts_with("amd_socket_power{socket=")).count(), 2);
}

#[test]
fn a_bad_address_is_a_usage_error() {
    let out =
        common::run_cli(env!("CARGO_BIN_EXE_amd-smi"), &machine("rx6900xt"), &["exporter", "--listen", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--listen"));
}

#[test]
fn listens_on_amds_port_by_default() {
    let out = common::run_cli(env!("CARGO_BIN_EXE_amd-smi"), &machine("rx6900xt"), &["exporter", "--help"]);
    assert!(out.status.success());
    // AMD's device-metrics-exporter serves on port 5000.
    assert!(String::from_utf8_lossy(&out.stdout).contains("[default: 127.0.0.1:5000]"));
}

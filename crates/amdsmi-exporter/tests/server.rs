//! The HTTP server under good and bad clients, over real loopback connections. The requests are
//! written by hand on a `TcpStream` so that a test can also misbehave (stall, oversize).

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use amdsmi_exporter::server::{serve, Limits};
use common::{exporter_at, find, machine, samples, value};

/// Limits short enough for a test to wait them out.
fn test_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(500),
        max_header_bytes: 16 * 1024,
        max_body_bytes: 4 * 1024,
        request_timeout: Duration::from_secs(20),
        connection_lifetime: Duration::from_secs(3),
        grace: Duration::from_millis(500),
    }
}

/// Serves the machine at `root` on a loopback port (a server thread of its own, ended with the
/// test process); returns its address.
fn start(root: &Path, limits: Limits) -> SocketAddr {
    let exporter = Arc::new(exporter_at(root));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            serve(listener, exporter, limits).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// A response: status code, header lines (lower-case names), body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Sends `request` as is and reads the response until the server closes the connection.
fn exchange(addr: SocketAddr, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Response { status, headers, body: body.to_owned() }
}

/// `GET path` with `Connection: close` and the given extra header lines.
fn get(addr: SocketAddr, path: &str, extra: &str) -> Response {
    exchange(addr, format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n{extra}\r\n").as_bytes())
}

#[test]
fn metrics_in_both_formats_and_404_elsewhere() {
    let addr = start(&machine("rx6900xt"), test_limits());
    let plain = get(addr, "/metrics", "");
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("content-type"), Some("text/plain; version=0.0.4; charset=utf-8"));
    // hwmon/hwmon5/temp1_input 56000 (label edge) of the rx6900xt.
    assert_eq!(value(&samples(&plain.body), "gpu_edge_temperature", &[]), "56");

    let open = get(addr, "/metrics", "Accept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5\r\n");
    assert_eq!(open.status, 200);
    assert_eq!(open.header("content-type"), Some("application/openmetrics-text; version=1.0.0; charset=utf-8"));
    assert!(open.body.ends_with("# EOF\n"));

    for path in ["/", "/metric", "/metrics/x", "/api/v1/query"] {
        assert_eq!(get(addr, path, "").status, 404, "{path}");
    }
    let post = exchange(addr, b"POST /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    assert_eq!(post.status, 405);
}

#[test]
fn oversized_requests_are_refused() {
    let addr = start(&machine("rx6900xt"), test_limits());
    // A header past the 16 KiB buffer: hyper answers 431 (or drops the connection mid-request).
    let huge = format!("X-Filler: {}\r\n", "a".repeat(64 * 1024));
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!("GET /metrics HTTP/1.1\r\nHost: test\r\n{huge}\r\n");
    let _ = stream.write_all(request.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let response = parse(&raw);
    assert!(response.status == 431 || raw.is_empty(), "status {}", response.status);
    assert_ne!(response.status, 200);

    // A body past 4 KiB: 413 from its Content-Length, before it is read.
    let body = "x".repeat(8 * 1024);
    let request = format!(
        "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    assert_eq!(exchange(addr, request.as_bytes()).status, 413);

    // The server still serves.
    assert_eq!(get(addr, "/metrics", "").status, 200);
}

#[test]
fn slow_clients_are_cut_off() {
    let addr = start(&machine("rx6900xt"), test_limits());
    // Headers never finished: the connection is closed after the 500 ms header read timeout.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: te").unwrap();
    let started = Instant::now();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(400), "closed after {waited:?}");
    assert!(waited < Duration::from_secs(5), "closed after {waited:?}");
    assert_ne!(parse(&raw).status, 200);

    // After a response, a kept-alive connection that sends nothing more is closed by the same
    // timeout.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: test\r\n\r\n").unwrap();
    assert_eq!(read_response(&mut stream).map(|r| r.status), Some(200));
    let started = Instant::now();
    assert!(read_response(&mut stream).is_none(), "closed");
    assert!(started.elapsed() < Duration::from_secs(5), "closed after {:?}", started.elapsed());

    // A client that keeps its connection busy (a request every 250 ms) has it closed after the
    // 3 s connection lifetime, between two responses.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let started = Instant::now();
    let mut answered = 0;
    loop {
        if stream.write_all(b"GET /metrics HTTP/1.1\r\nHost: test\r\n\r\n").is_err() {
            break;
        }
        match read_response(&mut stream) {
            Some(response) => {
                assert_eq!(response.status, 200);
                answered += 1;
            }
            None => break,
        }
        assert!(started.elapsed() < Duration::from_secs(10), "never closed");
        std::thread::sleep(Duration::from_millis(250));
    }
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(2900), "closed after {waited:?}");
    assert!(answered >= 5, "{answered} responses before the close");
}

/// Reads one response of a kept-alive connection (its body by `Content-Length`); `None` when the
/// server closed the connection first.
fn read_response(stream: &mut TcpStream) -> Option<Response> {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => raw.push(byte[0]),
            _ => return None,
        }
    }
    let head = parse(&raw);
    let length: usize = head.header("content-length")?.parse().ok()?;
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some(Response { body: String::from_utf8_lossy(&body).into_owned(), ..head })
}

#[test]
fn fifty_concurrent_scrapers() {
    // The default limits: 50 scrapes of 63 partitions on 2 shared cores may take longer than the
    // short test lifetime.
    let addr = start(&machine("mi300x-cpx"), Limits::default());
    let started = Instant::now();
    let scrapers: Vec<_> = (0..50)
        .map(|_| {
            std::thread::spawn(move || {
                let response = get(addr, "/metrics", "Accept: application/openmetrics-text\r\n");
                let s = samples(&response.body);
                // 63 partition processors; 05:00.0 hwmon power1_input 165000000 µW.
                (response.status, value(&s, "gpu_nodes_total", &[]), value(&s, "gpu_package_power", &[("gpu_id", "0")]))
            })
        })
        .collect();
    for scraper in scrapers {
        assert_eq!(scraper.join().unwrap(), (200, "63".to_owned(), "165".to_owned()));
    }
    eprintln!("50 concurrent scrapes of mi300x-cpx served in {:?}", started.elapsed());
}

/// A GPU whose files disappear between two scrapes loses its series; the other GPU keeps
/// all of its own and the endpoint keeps answering.
#[test]
fn a_gpu_that_fails_drops_its_series_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("desktop-2gpu");
    let copied = Command::new("cp").arg("-a").arg(machine("desktop-2gpu")).arg(&root).status().unwrap();
    assert!(copied.success());
    let addr = start(&root, test_limits());

    let before = samples(&get(addr, "/metrics", "").body);
    // desktop-2gpu: GPU 0 the RX 7900 XTX (0000:03:00.0), GPU 1 the RX 6900 XT (0000:0c:00.0,
    // hwmon temp1_input 56000).
    assert_eq!(value(&before, "gpu_edge_temperature", &[("gpu_id", "1")]), "56");
    let gpu0_before: Vec<_> = before.iter().filter(|s| s.label("gpu_id") == Some("0")).cloned().collect();
    assert!(gpu0_before.len() > 10, "{} series of GPU 0", gpu0_before.len());

    // GPU 1 goes away: every file of its device directory emptied (so that a descriptor the
    // library keeps open reads nothing, as the kernel's fail on a removed device) and removed.
    let device = root.join("sys/devices/pci0000:00/0000:00:02.1/0000:0c:00.0");
    empty_and_remove(&device);

    let after = get(addr, "/metrics", "");
    assert_eq!(after.status, 200);
    let after = samples(&after.body);
    assert!(find(&after, "gpu_edge_temperature", &[("gpu_id", "1")]).is_empty());
    let gpu1: Vec<_> = after.iter().filter(|s| s.label("gpu_id") == Some("1")).collect();
    assert!(gpu1.is_empty(), "GPU 1 still has {gpu1:?}");
    let gpu0_after: Vec<_> = after.iter().filter(|s| s.label("gpu_id") == Some("0")).cloned().collect();
    assert_eq!(gpu0_after, gpu0_before, "GPU 0 unchanged");
}

/// Truncates every regular file under `dir` (symbolic links not followed), then removes `dir`.
fn empty_and_remove(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            empty_and_remove(&entry.path());
        } else if kind.is_file() {
            let _ = std::fs::OpenOptions::new().write(true).truncate(true).open(entry.path());
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

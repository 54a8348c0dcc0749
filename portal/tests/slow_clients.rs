//! The binary over raw TCP: clients that send a head or a body too slowly,
//! or hold connections open, are cut off instead of using the portal up; and
//! everything it writes is private even under the usual umask 022.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest a test waits for the portal to act (its limits here are ~1 s);
/// failing means the portal never cut the client off.
const WITHIN: Duration = Duration::from_secs(20);

/// Reads until the portal closes the connection: what it sent.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return buf,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn status(reply: &[u8]) -> Option<u16> {
    std::str::from_utf8(reply.get(..12)?).ok()?.split(' ').nth(1)?.parse().ok()
}

#[tokio::test]
async fn a_head_sent_too_slowly_is_cut_off() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &["--header-timeout", "1"]);
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    // The rest of the head never comes.
    let reply = tokio::time::timeout(WITHIN, until_closed(&mut s)).await.expect("the portal closed the connection");
    assert!(reply.is_empty() || status(&reply) == Some(408), "{}", String::from_utf8_lossy(&reply));
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_keep_alive_timeout() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &["--keep-alive-timeout", "1", "--header-timeout", "1"]);
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    // Not a byte sent.
    let reply = tokio::time::timeout(WITHIN, until_closed(&mut s)).await.expect("the portal closed the connection");
    assert!(reply.is_empty() || status(&reply) == Some(408), "{}", String::from_utf8_lossy(&reply));
}

#[tokio::test]
async fn a_body_slower_than_the_minimum_rate_is_408_too_slow() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &["--body-min-rate", "1024", "--body-rate-window", "1"]);
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /api/bundles HTTP/1.1\r\nHost: x\r\nContent-Type: {BUNDLE_TYPE}\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(b"PK\x03\x04").await.unwrap();
    // The remaining 99,996 bytes never come.
    let reply = tokio::time::timeout(WITHIN, until_closed(&mut s)).await.expect("the portal answered the slow upload");
    let text = String::from_utf8_lossy(&reply);
    assert_eq!(status(&reply), Some(408), "{text}");
    assert!(text.contains("too_slow"), "{text}");
}

#[tokio::test]
async fn past_the_connection_cap_a_connection_gets_503_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &["--max-connections", "2", "--header-timeout", "60", "--keep-alive-timeout", "60"]);
    // Two idle connections hold the cap (a byte each, so both are accepted and counted).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(server.addr).await.unwrap();
        s.write_all(b"G").await.unwrap();
        held.push(s);
    }
    // The third is refused with a complete answer, long before the held ones time out.
    let reply = loop {
        let exchange = tokio::time::timeout(WITHIN, raw_request(server.addr, "GET", "/api/health", &[], b""))
            .await
            .expect("the third connection is answered at once");
        match exchange {
            Exchange::Reply { status: 503, headers, body } => break (headers, body),
            // The two held connections may not be counted yet: ask again.
            Exchange::Reply { status: 200, .. } => continue,
            other => panic!("{other:?}"),
        }
    };
    assert!(reply.0.iter().any(|(k, _)| k == "retry-after"), "{:?}", reply.0);
    assert!(String::from_utf8_lossy(&reply.1).contains("unavailable"));
    drop(held);
}

#[tokio::test]
async fn files_are_private_under_umask_022() {
    // The usual umask: without the portal's own care its files would be world-readable.
    // SAFETY: umask only changes the process's file mode creation mask.
    unsafe {
        libc::umask(0o022);
    }
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(tmp.path(), &[]);
    // A filing, so the database and its journal are written.
    let exchange = raw_request(
        server.addr,
        "POST",
        "/api/bundles",
        &[("Content-Type", BUNDLE_TYPE)],
        &sealed("1.001193", &uuid(1)),
    )
    .await;
    assert!(matches!(exchange, Exchange::Reply { status: 201, .. }), "{exchange:?}");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&tmp.path().join("keys")), 0o700, "data key directory");
    for f in ["keys/data-key.json", "portal-signing-key.json", "portal.sqlite3"] {
        assert_eq!(mode(&tmp.path().join(f)), 0o600, "{f}");
    }
    for entry in std::fs::read_dir(tmp.path()).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("portal.sqlite3") {
            assert_eq!(mode(&p), 0o600, "{name}");
        }
    }
}

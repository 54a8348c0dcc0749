//! Refusing a connection over the cap: a complete `503` with `Retry-After`
//! (and the headers every answer carries), then the connection is closed.
//! The client is told to come back rather than left waiting in the backlog.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Seconds a refused client is asked to wait.
pub const RETRY_AFTER_SECS: u64 = 5;

/// The whole answer, bytes on the wire.
pub fn answer() -> Vec<u8> {
    let body = format!(
        r#"{{"code":"{}","message":"the portal is serving as many connections as it can; try again in a few seconds"}}"#,
        tokhai_core::api::code::UNAVAILABLE
    );
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: {RETRY_AFTER_SECS}\r\n\
         cache-control: no-store\r\nconnection: close\r\ncontent-security-policy: {}\r\nx-content-type-options: nosniff\r\n\
         referrer-policy: no-referrer\r\ncontent-length: {}\r\n\r\n{body}",
        crate::http::CSP,
        body.len()
    )
    .into_bytes()
}

/// Writes the `503` and closes the connection; never more than about 2 s.
pub async fn refuse(mut stream: TcpStream) {
    let written = tokio::time::timeout(Duration::from_secs(1), stream.write_all(&answer())).await;
    if !matches!(written, Ok(Ok(()))) {
        return;
    }
    let _ = stream.shutdown().await;
    // Read (and drop) what the client was sending, briefly, so that closing
    // does not reset the connection before it read the answer.
    let mut sink = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let mut left = 64 * 1024;
        while left > 0 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left -= n.min(left),
            }
        }
    })
    .await;
}

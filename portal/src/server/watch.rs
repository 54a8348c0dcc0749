//! What a connection is doing, and the watchdog that closes it when it has
//! waited too long: for a request's head (`header_timeout` from the
//! connection or from the first byte of the request) or, idle between
//! requests, for the next one (`keep_alive_timeout`). While a request is
//! being served, the body rate (`slow_body.rs`) is what applies.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::Body;
use http_body::{Body as HttpBody, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::ServerLimits;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Waiting for (the rest of) a request's head, since then.
    Head(Instant),
    /// A request is being served (its body read, its response written).
    Busy,
    /// Between requests, since then.
    Idle(Instant),
}

/// The phase of one connection, shared by its I/O, its service and its watchdog.
pub struct Activity {
    phase: Mutex<Phase>,
    changed: Notify,
}

impl Activity {
    pub fn new() -> Arc<Activity> {
        Arc::new(Activity { phase: Mutex::new(Phase::Head(Instant::now())), changed: Notify::new() })
    }

    fn set(&self, f: impl FnOnce(Phase) -> Phase) {
        let mut p = self.phase.lock().unwrap_or_else(|e| e.into_inner());
        let next = f(*p);
        if next != *p {
            *p = next;
            self.changed.notify_one();
        }
    }

    /// hyper parsed a request's head and called the service.
    pub fn request_started(&self) {
        self.set(|_| Phase::Busy);
    }

    /// The response's body is complete (or dropped): idle from now.
    fn response_done(&self) {
        self.set(|_| Phase::Idle(Instant::now()));
    }

    /// Bytes arrived: an idle connection starts a new request's head.
    fn bytes_read(&self) {
        self.set(|p| match p {
            Phase::Idle(_) => Phase::Head(Instant::now()),
            other => other,
        });
    }

    fn phase(&self) -> Phase {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Resolves when the connection has waited too long, saying why; the caller
/// then drops the connection (which closes it).
pub async fn watchdog(activity: &Activity, limits: ServerLimits) -> &'static str {
    loop {
        let changed = activity.changed.notified();
        let (deadline, why) = match activity.phase() {
            Phase::Head(since) => (Some(since + limits.header_timeout), "the request head did not arrive in time"),
            Phase::Idle(since) => (Some(since + limits.keep_alive_timeout), "idle past the keep-alive timeout"),
            Phase::Busy => (None, ""),
        };
        match deadline {
            Some(at) => {
                tokio::select! {
                    () = tokio::time::sleep_until(at) => {
                        // Still the same wait? (A change may have raced the timer.)
                        let still = match activity.phase() {
                            Phase::Head(s) => s + limits.header_timeout <= Instant::now(),
                            Phase::Idle(s) => s + limits.keep_alive_timeout <= Instant::now(),
                            Phase::Busy => false,
                        };
                        if still {
                            return why;
                        }
                    }
                    () = changed => {}
                }
            }
            None => changed.await,
        }
    }
}

/// The connection's socket, telling `Activity` when bytes arrive.
pub struct Watched<T> {
    inner: T,
    activity: Arc<Activity>,
}

impl<T> Watched<T> {
    pub fn new(inner: T, activity: Arc<Activity>) -> Watched<T> {
        Watched { inner, activity }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_read();
        }
        r
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// A response body that tells `Activity` when it is finished (or dropped).
pub fn track(body: Body, activity: Arc<Activity>) -> Body {
    Body::new(Tracked { inner: body, activity: Some(activity) })
}

struct Tracked {
    inner: Body,
    activity: Option<Arc<Activity>>,
}

impl Tracked {
    fn done(&mut self) {
        if let Some(a) = self.activity.take() {
            a.response_done();
        }
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.done();
    }
}

impl HttpBody for Tracked {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let r = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(r, Poll::Ready(None)) {
            self.done();
        }
        r
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

//! A request body that must keep coming: at least `min_rate` bytes per second
//! on average over every `window` (counted from when the handler starts
//! reading). A body that stalls or trickles — 100 B/s, or nothing at all —
//! fails with [`TooSlow`], which the intake answers `408 too_slow`; a slow
//! but real phone upload (10 kB/s on 2G) passes easily.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use tokio::time::{Instant, Sleep};

/// The body came slower than the minimum rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the request body came slower than {min_rate} bytes/s over {window_secs} s")]
pub struct TooSlow {
    pub min_rate: u64,
    pub window_secs: u64,
}

/// Whether an error (from reading a body) is, somewhere down its sources, [`TooSlow`].
pub fn is_too_slow(e: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(e), |e| e.source()).any(|e| e.is::<TooSlow>())
}

pin_project_lite::pin_project! {
    pub struct MinRate {
        #[pin]
        inner: Incoming,
        min_rate: u64,
        window: Duration,
        received: u64,
        timer: Option<Pin<Box<Sleep>>>,
    }
}

impl MinRate {
    pub fn new(inner: Incoming, min_rate: u64, window: Duration) -> MinRate {
        MinRate { inner, min_rate, window, received: 0, timer: None }
    }
}

impl HttpBody for MinRate {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.project();
        if *this.min_rate == 0 {
            return this.inner.poll_frame(cx).map_err(Into::into);
        }
        let window = *this.window;
        let timer = this.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(window)));
        match this.inner.poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    *this.received += data.len() as u64;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(other) => Poll::Ready(other.map(|r| r.map_err(Into::into))),
            Poll::Pending => {
                // Every window, the bytes of that window are weighed.
                while timer.as_mut().poll(cx).is_ready() {
                    let needed = this.min_rate.saturating_mul(window.as_secs().max(1));
                    if *this.received < needed {
                        return Poll::Ready(Some(Err(Box::new(TooSlow {
                            min_rate: *this.min_rate,
                            window_secs: window.as_secs().max(1),
                        }))));
                    }
                    *this.received = 0;
                    let next = timer.deadline() + window;
                    timer.as_mut().reset(next.max(Instant::now()));
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

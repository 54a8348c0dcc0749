//! Serving HTTP/1.1 without letting idle or slow clients use the portal up.
//!
//! `axum::serve` has no timeouts and no connection cap: 1,100 idle TCP
//! connections exhausted a 1,024-descriptor limit, and a header sent a byte
//! at a time or a 100 B/s body was never cut off. Here, per connection:
//!
//! - **header timeout** (`--header-timeout`): a request's head must arrive
//!   within it, counted from the connection or from the request's first byte;
//! - **keep-alive timeout** (`--keep-alive-timeout`): an idle connection
//!   between requests is closed after it;
//! - **minimum body rate** (`--body-min-rate` bytes/s over each
//!   `--body-rate-window`): a slower upload is answered `408 too_slow`
//!   (`slow_body.rs`);
//! - **connection cap** (`--max-connections`, kept below the process's
//!   descriptor limit): past it a connection gets an immediate `503` with
//!   `Retry-After` and is closed (`shed.rs`), instead of waiting unanswered.
//!
//! Request-level limits (uploads at once, reads by id) are the handlers'.

mod shed;
pub mod slow_body;
mod watch;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

pub use slow_body::TooSlow;

/// The connection limits (see the module doc); the defaults are the command line's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerLimits {
    pub header_timeout: Duration,
    pub keep_alive_timeout: Duration,
    /// Bytes per second a request body must average over each window.
    pub body_min_rate: u64,
    pub body_rate_window: Duration,
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            keep_alive_timeout: Duration::from_secs(15),
            body_min_rate: 1024,
            body_rate_window: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Connections being refused at once (each holds a descriptor for ≤ 2 s);
/// past this, a connection over the cap is closed without an answer.
const SHEDDING: usize = 64;
/// Descriptors kept free for the database, the app's files and the logs.
const RESERVED_FDS: u64 = 64;
/// How long shutting down waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

/// Raises the soft descriptor limit to the hard one, and lowers `wanted`
/// connections so that they, the refusals and a reserve always fit under it.
pub fn fit_connections(wanted: usize) -> usize {
    let limit = raise_fd_limit();
    let room = limit.saturating_sub(RESERVED_FDS + SHEDDING as u64) as usize;
    if wanted > room {
        tracing::warn!(
            "--max-connections {wanted} does not fit the descriptor limit ({limit}); serving at most {room} connections"
        );
        room.max(1)
    } else {
        wanted
    }
}

#[cfg(unix)]
fn raise_fd_limit() -> u64 {
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    unsafe {
        let mut l = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut l) != 0 {
            return 1024;
        }
        if l.rlim_cur < l.rlim_max {
            let raised = libc::rlimit { rlim_cur: l.rlim_max, rlim_max: l.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                l.rlim_cur = l.rlim_max;
            }
        }
        l.rlim_cur as u64
    }
}

#[cfg(not(unix))]
fn raise_fd_limit() -> u64 {
    u64::MAX
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the
/// requests in flight finish (up to 10 s).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let shedding = Arc::new(Semaphore::new(SHEDDING));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors (or a connection reset before accept): wait a moment.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            match shedding.clone().try_acquire_owned() {
                Ok(p) => {
                    tokio::spawn(async move {
                        shed::refuse(stream).await;
                        drop(p);
                    });
                }
                Err(_) => drop(stream),
            }
            continue;
        };
        let activity = watch::Activity::new();
        let io = TokioIo::new(watch::Watched::new(stream, activity.clone()));
        let service = {
            let activity = activity.clone();
            let router = router.clone();
            hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                activity.request_started();
                let mut req = req.map(|body| {
                    axum::body::Body::new(slow_body::MinRate::new(body, limits.body_min_rate, limits.body_rate_window))
                });
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
                let activity = activity.clone();
                let router = router.clone();
                async move {
                    let res = router.oneshot(req).await.unwrap_or_else(|never| match never {});
                    Ok::<_, std::convert::Infallible>(res.map(|b| watch::track(b, activity)))
                }
            })
        };
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            // The head's own deadline is the watchdog's; hyper's is only a backstop.
            .header_read_timeout(limits.header_timeout + limits.keep_alive_timeout)
            .serve_connection(io, service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            tokio::select! {
                result = conn => {
                    if let Err(e) = result {
                        tracing::debug!("connection from {peer}: {e}");
                    }
                }
                why = watch::watchdog(&activity, limits) => {
                    tracing::debug!("connection from {peer} closed: {why}");
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => tracing::warn!("shutting down with requests still in flight"),
    }
    Ok(())
}

//! The mock over loopback: an HTTP/1.1 server on `127.0.0.1`, in a thread
//! of its own with a small runtime of its own, so that blocking code and
//! any async runtime can call it alike.
//!
//! hyper rather than axum: a dropped connection is a service that fails
//! (hyper then closes the connection without an answer), which axum's
//! infallible handlers cannot be; reqwest already builds hyper.

use std::future::Future;
use std::sync::Arc;
use std::task::Poll;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};

use super::{Reply, Shared, matching};

/// A running loopback server.
pub(super) struct Loopback {
    pub(super) base_url: String,
    stop: Arc<tokio::sync::Notify>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Why a connection was closed without an answer: the expectation said so.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the expectation drops the connection")
    }
}

impl std::error::Error for Dropped {}

impl Loopback {
    pub(super) fn start(shared: Arc<Shared>) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let stop = Arc::new(tokio::sync::Notify::new());
        let stopped = stop.clone();
        let thread = std::thread::Builder::new().name("endpointgen-mock".to_owned()).spawn(move || {
            runtime.block_on(serve(listener, shared, &stopped));
            // Dropping the runtime ends the connections still open.
        })?;
        Ok(Self { base_url, stop, thread: Some(thread) })
    }

    /// Stops the server and waits for its thread.
    pub(super) fn stop(mut self) {
        // A permit is kept if the server is not waiting right now.
        self.stop.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(listener: std::net::TcpListener, shared: Arc<Shared>, stop: &tokio::sync::Notify) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    let stopping = stop.notified();
    let mut stopping = std::pin::pin!(stopping);
    loop {
        // The next connection, or the end.
        let accept = listener.accept();
        let mut accept = std::pin::pin!(accept);
        let next = std::future::poll_fn(|cx| {
            if stopping.as_mut().poll(cx).is_ready() {
                return Poll::Ready(None);
            }
            accept.as_mut().poll(cx).map(Some)
        })
        .await;
        let stream = match next {
            None => return,
            Some(Ok((stream, _))) => stream,
            // A connection that failed before it was accepted: the next.
            Some(Err(_)) => continue,
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| answer(shared.clone(), request));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn answer(
    shared: Arc<Shared>,
    request: hyper::Request<hyper::body::Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let target = parts.uri.path_and_query().map_or("/", http::uri::PathAndQuery::as_str);
    let (path, query) = matching::split_target(target);
    let received = matching::Received { method: parts.method, path, query, headers: parts.headers, body };
    let Reply { delay, response } = shared.answer(&received);
    tokio::time::sleep(delay).await;
    response.map(|response| response.map(Full::new)).ok_or(Dropped)
}

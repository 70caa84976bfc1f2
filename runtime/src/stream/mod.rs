//! Answers read as they arrive instead of whole: a byte stream (a download),
//! JSON lines (one JSON value per line) and Server-Sent Events.
//!
//! A streamed answer has no size limit of its own: the client's
//! `max_response_bytes` limits each item instead (a line of JSON lines, an
//! event), so that a server cannot make the client buffer without end.
//! Error answers (4xx, 5xx) are still read whole and decoded as the
//! endpoint's documented errors.

mod events;
mod lines;

use std::convert::Infallible;
#[cfg(feature = "client")]
use std::pin::Pin;
#[cfg(feature = "client")]
use std::task::{Context, Poll};
#[cfg(feature = "client")]
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;

use crate::error::{Error, RequestInfo, TransportError};

pub use events::{EventStream, ResumeFrom, ServerEvent};
pub use lines::JsonLines;

/// How reading a chunk failed: the message, whether a timeout ended it,
/// and the cause.
type Failed = (String, bool, Option<Box<dyn std::error::Error + Send + Sync>>);

/// What a stream yields when it fails: a broken connection, a stall longer
/// than the client's timeout, an item over the size limit
/// ([`Error::Transport`]), or an item that does not match the spec
/// ([`Error::Decode`]). Documented errors come before the stream, from
/// `send`.
pub type StreamError = Error<Infallible>;

/// The body of a successful answer, as chunks of bytes in the order they
/// arrive, read with constant memory: [`chunk`](Self::chunk) (async),
/// the [`Stream`](futures_core::Stream) impl, or the [`Iterator`] impl with
/// the blocking client; [`write_to`](Self::write_to) and
/// [`copy_to`](Self::copy_to) write it all to a file.
///
/// Made by a client for an endpoint whose response is
/// `{ type: bytes, stream: true }`; [`Endpoint::decode`](crate::Endpoint::decode)
/// (sans-IO) makes one over a body already read.
pub struct ByteStream {
    source: Source,
    info: RequestInfo,
    status: StatusCode,
    item_limit: usize,
}

enum Source {
    /// A body read whole before: one chunk, then the end.
    Buffered(Option<Bytes>),
    #[cfg(feature = "client")]
    Async(Box<AsyncBody>),
    #[cfg(feature = "blocking")]
    Blocking(Box<BlockingBody>),
    /// Over, or failed: nothing more comes.
    Done,
}

/// An async body and the idle timeout between its chunks: one timer, reset
/// for each chunk rather than made anew.
#[cfg(feature = "client")]
struct AsyncBody {
    body: reqwest::Body,
    idle: Option<Duration>,
    timer: Option<Pin<Box<tokio::time::Sleep>>>,
    /// The timer runs from the last wait's start: a chunk stops it (with
    /// no new allocation), the next wait starts it again.
    timer_armed: bool,
}

#[cfg(feature = "blocking")]
struct BlockingBody {
    response: reqwest::blocking::Response,
    buffer: Vec<u8>,
}

/// The size of the blocking client's reads: as large as hyper's chunks
/// usually are, so that a download takes few system calls.
#[cfg(feature = "blocking")]
const BLOCKING_READ: usize = 64 * 1024;

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream").field("request", &self.info).field("status", &self.status).finish_non_exhaustive()
    }
}

impl ByteStream {
    /// A stream of a body already read whole (sans-IO decoding).
    #[must_use]
    pub fn from_bytes(info: RequestInfo, status: StatusCode, body: Bytes, item_limit: usize) -> Self {
        Self { source: Source::Buffered(Some(body)), info, status, item_limit }
    }

    /// A stream of an async response's body; `idle` is the longest wait
    /// for the next chunk.
    #[cfg(feature = "client")]
    pub(crate) fn from_async(
        info: RequestInfo,
        response: reqwest::Response,
        idle: Option<Duration>,
        item_limit: usize,
    ) -> Self {
        let status = response.status();
        let body = AsyncBody { body: reqwest::Body::from(response), idle, timer: None, timer_armed: false };
        Self { source: Source::Async(Box::new(body)), info, status, item_limit }
    }

    /// A stream of a blocking response's body (each read waits at most the
    /// client's timeout).
    #[cfg(feature = "blocking")]
    pub(crate) fn from_blocking(info: RequestInfo, response: reqwest::blocking::Response, item_limit: usize) -> Self {
        let status = response.status();
        let body = BlockingBody { response, buffer: Vec::new() };
        Self { source: Source::Blocking(Box::new(body)), info, status, item_limit }
    }

    /// The status of the answer.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The request it answers, as errors name it.
    #[must_use]
    pub fn request(&self) -> &RequestInfo {
        &self.info
    }

    /// The largest item a [`JsonLines`] or [`EventStream`] over this stream
    /// holds in memory: the client's `max_response_bytes`.
    #[must_use]
    pub fn item_limit(&self) -> usize {
        self.item_limit
    }

    /// The next chunk, `None` at the end. After an error the stream is
    /// over.
    ///
    /// # Errors
    ///
    /// The connection failed or stalled longer than the client's timeout,
    /// or this stream came from the blocking client (read it as an
    /// [`Iterator`]).
    #[cfg(feature = "client")]
    pub async fn chunk(&mut self) -> Option<Result<Bytes, StreamError>> {
        std::future::poll_fn(|cx| self.poll_chunk(cx)).await
    }

    /// Writes the rest of the body to `writer`, one chunk at a time (constant
    /// memory), and returns how many bytes it wrote.
    ///
    /// # Errors
    ///
    /// As [`chunk`](Self::chunk), and a failed write ([`Error::Transport`]
    /// saying so, with the I/O error as its source).
    #[cfg(feature = "client")]
    pub async fn write_to<W>(&mut self, writer: &mut W) -> Result<u64, StreamError>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt as _;
        let mut written = 0_u64;
        while let Some(chunk) = self.chunk().await {
            let chunk = chunk?;
            writer.write_all(&chunk).await.map_err(|error| self.write_failed(error))?;
            written = written.saturating_add(chunk.len() as u64);
        }
        writer.flush().await.map_err(|error| self.write_failed(error))?;
        Ok(written)
    }

    /// The blocking [`write_to`](Self::write_to): writes the rest of the
    /// body to `writer` one chunk at a time.
    ///
    /// # Errors
    ///
    /// As the [`Iterator`] impl's items, and a failed write.
    pub fn copy_to<W: std::io::Write + ?Sized>(&mut self, writer: &mut W) -> Result<u64, StreamError> {
        let mut written = 0_u64;
        while let Some(chunk) = self.next_blocking() {
            let chunk = chunk?;
            writer.write_all(&chunk).map_err(|error| self.write_failed(error))?;
            written = written.saturating_add(chunk.len() as u64);
        }
        writer.flush().map_err(|error| self.write_failed(error))?;
        Ok(written)
    }

    /// Reads the rest of the body whole, within `limit` bytes: for an answer
    /// known to be small.
    ///
    /// # Errors
    ///
    /// As [`copy_to`](Self::copy_to), and a body over `limit`.
    #[cfg(feature = "client")]
    pub async fn collect(&mut self, limit: usize) -> Result<Bytes, StreamError> {
        let mut body = crate::transport::BodyBuffer::new(limit);
        while let Some(chunk) = self.chunk().await {
            body.push(chunk?).map_err(|failure| self.failed(failure.message, false, None))?;
        }
        Ok(body.finish())
    }

    fn write_failed(&mut self, error: std::io::Error) -> StreamError {
        self.failed(format!("writing the body failed: {error}"), false, Some(Box::new(error)))
    }

    /// Ends the stream with a transport error.
    fn failed(
        &mut self,
        message: String,
        timeout: bool,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> StreamError {
        self.source = Source::Done;
        Error::Transport(Box::new(TransportError { request: self.info.clone(), message, timeout, source }))
    }

    #[cfg(feature = "client")]
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, StreamError>>> {
        use http_body::Body as _;
        let body = match &mut self.source {
            Source::Buffered(chunk) => return Poll::Ready(chunk.take().filter(|chunk| !chunk.is_empty()).map(Ok)),
            Source::Done => return Poll::Ready(None),
            #[cfg(feature = "blocking")]
            Source::Blocking(_) => {
                let message = "this stream came from the blocking client: read it as an iterator".to_owned();
                return Poll::Ready(Some(Err(self.failed(message, false, None))));
            }
            Source::Async(body) => body,
        };
        loop {
            let polled = Pin::new(&mut body.body).poll_frame(cx);
            match polled {
                Poll::Ready(Some(Ok(frame))) => {
                    // Trailers carry no body bytes.
                    let Ok(data) = frame.into_data() else { continue };
                    if data.is_empty() {
                        continue;
                    }
                    body.timer_armed = false;
                    return Poll::Ready(Some(Ok(data)));
                }
                Poll::Ready(Some(Err(error))) => {
                    let failure = crate::transport::Failure::from_reqwest(error);
                    return Poll::Ready(Some(Err(self.failed(failure.message, failure.timeout, failure.source))));
                }
                Poll::Ready(None) => {
                    self.source = Source::Done;
                    return Poll::Ready(None);
                }
                Poll::Pending => break,
            }
        }
        // Waiting for the next chunk: no longer than the idle timeout.
        let Some(idle) = body.idle else { return Poll::Pending };
        let timer = match &mut body.timer {
            Some(timer) if body.timer_armed => timer,
            Some(timer) => {
                // A timeout too long to be an `Instant` waits as long as one can.
                let now = tokio::time::Instant::now();
                let year = Duration::from_secs(365 * 86_400);
                timer.as_mut().reset(now.checked_add(idle).or_else(|| now.checked_add(year)).unwrap_or(now));
                timer
            }
            slot @ None => slot.insert(Box::pin(tokio::time::sleep(idle))),
        };
        body.timer_armed = true;
        if timer.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        let message = format!("no part of the body came for {idle:?} (the client's timeout)");
        Poll::Ready(Some(Err(self.failed(message, true, None))))
    }

    /// The next chunk for blocking code.
    #[cfg_attr(
        not(feature = "client"),
        allow(unreachable_code, unused_variables, reason = "only bodies read whole without a client")
    )]
    fn next_blocking(&mut self) -> Option<Result<Bytes, StreamError>> {
        let outcome: Result<Option<Bytes>, Failed> = match &mut self.source {
            Source::Buffered(chunk) => return chunk.take().filter(|chunk| !chunk.is_empty()).map(Ok),
            Source::Done => return None,
            #[cfg(feature = "client")]
            Source::Async(_) => {
                Err(("this stream came from the async client: read it with `chunk().await`".to_owned(), false, None))
            }
            #[cfg(feature = "blocking")]
            Source::Blocking(body) => body.read().map_err(|failure| (failure.message, failure.timeout, failure.source)),
        };
        match outcome {
            Ok(Some(chunk)) => Some(Ok(chunk)),
            Ok(None) => {
                self.source = Source::Done;
                None
            }
            Err((message, timeout, source)) => Some(Err(self.failed(message, timeout, source))),
        }
    }
}

#[cfg(feature = "blocking")]
impl BlockingBody {
    /// The next chunk, `None` at the end.
    fn read(&mut self) -> Result<Option<Bytes>, crate::transport::Failure> {
        use std::io::Read as _;
        self.buffer.resize(BLOCKING_READ, 0);
        loop {
            match self.response.read(&mut self.buffer) {
                Ok(0) => return Ok(None),
                Ok(read) => return Ok(self.buffer.get(..read).map(Bytes::copy_from_slice)),
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(crate::transport::Failure::from_io(error)),
            }
        }
    }
}

#[cfg(feature = "client")]
impl futures_core::Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_chunk(cx)
    }
}

/// The chunks, for the blocking client (and bodies read whole).
impl Iterator for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_blocking()
    }
}

/// What a streamed endpoint's output is made from: the decoders of
/// generated endpoints call this.
pub trait FromByteStream: Sized {
    /// Wraps the body of a successful answer.
    fn from_byte_stream(stream: ByteStream) -> Self;
}

impl FromByteStream for ByteStream {
    fn from_byte_stream(stream: ByteStream) -> Self {
        stream
    }
}

/// A successful answer's body, still arriving, carried past the client's
/// attempts, retries and redirects (which look only at the head) in the
/// extensions of the head.
#[cfg(feature = "client")]
#[derive(Clone)]
struct LiveBody(std::sync::Arc<std::sync::Mutex<Option<ByteStream>>>);

/// The head of an answer, with an empty body.
#[cfg(feature = "client")]
pub(crate) fn head_of(status: StatusCode, version: http::Version, headers: http::HeaderMap) -> http::Response<Bytes> {
    crate::transport::whole_response(status, version, headers, Bytes::new())
}

/// `head` carrying `body` along.
#[cfg(feature = "client")]
pub(crate) fn with_live_body(mut head: http::Response<Bytes>, body: ByteStream) -> http::Response<Bytes> {
    head.extensions_mut().insert(LiveBody(std::sync::Arc::new(std::sync::Mutex::new(Some(body)))));
    head
}

/// An answer as a client hands it to the endpoint.
#[cfg(feature = "client")]
pub(crate) enum Answer {
    /// A successful answer whose body is still arriving.
    Streamed(http::Response<ByteStream>),
    /// An answer read whole.
    Whole(http::Response<Bytes>),
}

/// The answer with its body still arriving, when it has one; otherwise the
/// answer read whole, as it is.
#[cfg(feature = "client")]
pub(crate) fn live_body(mut response: http::Response<Bytes>) -> Answer {
    let body = response
        .extensions_mut()
        .remove::<LiveBody>()
        .and_then(|live| live.0.lock().ok().and_then(|mut body| body.take()));
    match body {
        Some(body) => Answer::Streamed(response.map(|_| body)),
        None => Answer::Whole(response),
    }
}

/// Sets `Last-Event-ID` for a reconnection.
#[cfg(feature = "client")]
pub(crate) fn resume_headers(from: &ResumeFrom, headers: &mut http::HeaderMap) -> Result<(), String> {
    if let Some(id) = &from.last_event_id {
        let value = http::HeaderValue::from_str(id)
            .map_err(|_| "the last event id has a character that a header cannot carry".to_owned())?;
        headers.insert(http::HeaderName::from_static("last-event-id"), value);
    }
    Ok(())
}

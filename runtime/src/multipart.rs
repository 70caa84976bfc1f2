//! Multipart bodies (`multipart/form-data`, RFC 7578): text parts, JSON
//! parts and file parts, written by an endpoint into a [`Multipart`] and
//! sent by the clients as a body that is read as it goes, so that a file
//! part from a path or a stream is never held in memory whole.
//!
//! The body is written here rather than with reqwest's `multipart` module:
//! one encoder serves the sans-IO [`Endpoint::to_request`](crate::Endpoint::to_request)
//! (all in memory), the async client (an [`http_body::Body`]) and the
//! blocking one (a [`Read`]), and the body's length is known whenever every
//! part's is, so that it is sent with a `Content-Length`, as servers and
//! proxies that refuse chunked uploads want.

#[cfg(feature = "client")]
use std::collections::VecDeque;
use std::fmt;
use std::hash::{BuildHasher as _, Hasher as _};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::HeaderValue;

use crate::param::QueryValue;

/// The media type of a file part that says none and has none from the spec.
const OCTET_STREAM: &str = "application/octet-stream";

/// A file part of a multipart body: its content, from bytes, a file or a
/// stream, with a file name and a media type.
///
/// A part from a path is opened when the request is built and read as it is
/// sent, never whole into memory; one from a stream or a reader is read as
/// it is sent, once (a clone of the part shares the one stream). A request
/// with a part read as it is sent is not sent again: no retry after a
/// throttled answer, no redirect that resends the body.
///
/// ```
/// # use endpointgen::FilePart;
/// let report = FilePart::from_bytes("a,b\n1,2\n").file_name("report.csv").content_type("text/csv");
/// let video = FilePart::from_path("/var/videos/talk.mp4").content_type("video/mp4");
/// # let _ = (report, video);
/// ```
#[derive(Clone)]
pub struct FilePart {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
    /// Headers of the part besides its `Content-Disposition` and
    /// `Content-Type` (OpenAPI's `encoding.headers`), or why one cannot be.
    headers: Vec<Result<(http::HeaderName, HeaderValue), String>>,
}

/// Where a file part's content comes from.
#[derive(Clone)]
enum Source {
    Bytes(Bytes),
    Path(Arc<Path>),
    /// Read once, by the async client.
    #[cfg(feature = "client")]
    Stream {
        stream: Once<ByteStream>,
        length: Option<u64>,
    },
    /// Read once, by the blocking client.
    Reader {
        reader: Once<Box<dyn Read + Send>>,
        length: Option<u64>,
    },
}

/// A value taken by the first send; clones share it.
type Once<T> = Arc<Mutex<Option<T>>>;

/// The stream of an async file part. In a `Mutex` so that the body is
/// `Sync`, as reqwest asks; it is only ever polled through `&mut`.
#[cfg(feature = "client")]
type ByteStream = std::pin::Pin<Box<dyn futures_core::Stream<Item = std::io::Result<Bytes>> + Send>>;

#[cfg(feature = "client")]
fn take<T>(once: &Once<T>) -> Option<T> {
    once.lock().ok().and_then(|mut value| value.take())
}

impl FilePart {
    /// A part holding `bytes`.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self::new(Source::Bytes(bytes.into()))
    }

    /// A part holding the file at `path`, opened when the request is built
    /// and read as it is sent. Its file name is the path's last component,
    /// unless [`file_name`](Self::file_name) gives another.
    ///
    /// A file that cannot be opened makes the request fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before
    /// anything is sent; one that changes length while it is sent fails it
    /// with [`Error::Transport`](crate::Error::Transport).
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path: PathBuf = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Self { file_name, ..Self::new(Source::Path(Arc::from(path))) }
    }

    /// A part read from `stream` as it is sent, by the async
    /// [`Client`](crate::Client). With its `length`, the body is sent with
    /// a `Content-Length` (and a stream that ends early or goes on is an
    /// error); without, chunked.
    #[cfg(feature = "client")]
    pub fn from_stream<S>(stream: S, length: Option<u64>) -> Self
    where
        S: futures_core::Stream<Item = std::io::Result<Bytes>> + Send + 'static,
    {
        Self::new(Source::Stream { stream: Arc::new(Mutex::new(Some(Box::pin(stream)))), length })
    }

    /// A part read from `reader` as it is sent, by the blocking client
    /// (`blocking::Client`). `length` as for [`from_stream`](Self::from_stream).
    pub fn from_reader(reader: impl Read + Send + 'static, length: Option<u64>) -> Self {
        Self::new(Source::Reader { reader: Arc::new(Mutex::new(Some(Box::new(reader)))), length })
    }

    fn new(source: Source) -> Self {
        Self { source, file_name: None, content_type: None, headers: Vec::new() }
    }

    /// A header of the part, sent after its `Content-Disposition` and
    /// `Content-Type` (an OpenAPI document's `encoding` of the part may
    /// name some, such as a checksum). A name that is no header name, one
    /// of those two, or a value with a line break makes the request fail
    /// with [`Error::InvalidRequest`](crate::Error::InvalidRequest) before
    /// anything is sent.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let header = match (http::HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            (Ok(name), _) if name == http::header::CONTENT_DISPOSITION || name == http::header::CONTENT_TYPE => {
                Err(format!("a part's `{name}` is written by the client (`file_name`, `content_type`)"))
            }
            (Ok(name), Ok(value)) => Ok((name, value)),
            (Err(_), _) => Err(format!("`{name}` is not a header name")),
            (Ok(name), Err(_)) => Err(format!("the value of the part header `{name}` cannot be sent")),
        };
        self.headers.push(header);
        self
    }

    /// The file name the part is sent with (`filename` of its
    /// `Content-Disposition`).
    #[must_use]
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's media type, over the one the spec gives the part (and
    /// `application/octet-stream`, when neither does).
    #[must_use]
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The content is never shown: it can be anything, and large.
        let source = match &self.source {
            Source::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Source::Path(path) => format!("file {}", path.display()),
            #[cfg(feature = "client")]
            Source::Stream { .. } => "stream".to_owned(),
            Source::Reader { length: Some(length), .. } => format!("reader of {length} bytes"),
            Source::Reader { length: None, .. } => "reader".to_owned(),
        };
        // Header names only: a value may be a signature or a token.
        let headers: Vec<&str> =
            self.headers.iter().filter_map(|header| header.as_ref().ok()).map(|(name, _)| name.as_str()).collect();
        f.debug_struct("FilePart")
            .field("source", &source)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("headers", &headers)
            .finish()
    }
}

/// Equal when they send the same: the same bytes, the same path, or the
/// very same stream or reader; and the same file name and media type.
impl PartialEq for FilePart {
    fn eq(&self, other: &Self) -> bool {
        let same_source = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            #[cfg(feature = "client")]
            (Source::Stream { stream: a, .. }, Source::Stream { stream: b, .. }) => Arc::ptr_eq(a, b),
            (Source::Reader { reader: a, .. }, Source::Reader { reader: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_source
            && self.file_name == other.file_name
            && self.content_type == other.content_type
            && self.headers == other.headers
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Bytes> for FilePart {
    fn from(bytes: Bytes) -> Self {
        Self::from_bytes(bytes)
    }
}

/// The file parts of a field: one, none (`None`), or one per element of a
/// list (`list<file>`), each sent as a part of the field's name.
pub trait FileParts {
    /// Calls `write` once per part to send.
    fn for_each_part(&self, write: &mut dyn FnMut(&FilePart));
}

impl FileParts for FilePart {
    fn for_each_part(&self, write: &mut dyn FnMut(&FilePart)) {
        write(self);
    }
}

impl<P: FileParts> FileParts for Option<P> {
    fn for_each_part(&self, write: &mut dyn FnMut(&FilePart)) {
        if let Some(parts) = self {
            parts.for_each_part(write);
        }
    }
}

impl<P: FileParts> FileParts for Vec<P> {
    fn for_each_part(&self, write: &mut dyn FnMut(&FilePart)) {
        for parts in self {
            parts.for_each_part(write);
        }
    }
}

/// A piece of a multipart body: bytes written already, or a file part's
/// content, read when the body is sent.
#[cfg_attr(not(feature = "client"), allow(dead_code, reason = "a part's source is read by the clients only"))]
enum Segment {
    Bytes(Bytes),
    Source { field: String, source: Source },
}

/// A multipart body being written: the parts in the order the endpoint
/// writes them (the order of the body's fields: Box wants its `attributes`
/// before its `file`). Made by [`RequestBuilder::multipart_body`](crate::RequestBuilder::multipart_body).
pub struct Multipart {
    boundary: String,
    segments: Vec<Segment>,
    /// Bytes written since the last segment, joined into one.
    pending: Vec<u8>,
    problem: Option<String>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field("boundary", &self.boundary)
            .field("segments", &self.segments.len())
            .field("pending", &self.pending.len())
            .field("problem", &self.problem)
            .finish()
    }
}

/// A boundary that no part is likely to hold: 128 bits from the process's
/// randomly seeded hasher and a counter (RFC 2046 allows 70 characters).
fn new_boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = std::collections::hash_map::RandomState::new();
    let mut halves = [0_u64; 2];
    for (index, half) in halves.iter_mut().enumerate() {
        let mut hasher = state.build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_usize(index);
        *half = hasher.finish();
    }
    format!("endpointgen-{:016x}{:016x}", halves[0], halves[1])
}

/// A name or file name inside a `Content-Disposition` quoted string, as
/// browsers write it (the HTML standard's form encoding): `"`, CR and LF
/// percent-encoded, so that a value cannot end the string or add a header.
fn quoted(value: &str) -> String {
    value.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// Whether a media type given at run time can go in a part's header as is.
fn valid_media_type(media_type: &str) -> bool {
    HeaderValue::from_str(media_type).is_ok() && media_type.contains('/')
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Self { boundary: new_boundary(), segments: Vec::new(), pending: Vec::new(), problem: None }
    }

    /// The `Content-Type` of the body, with its boundary.
    pub(crate) fn content_type(&self) -> HeaderValue {
        // The boundary is ASCII letters, digits and `-`.
        HeaderValue::from_str(&format!("multipart/form-data; boundary={}", self.boundary))
            .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"))
    }

    fn head(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
        self.head_with(name, file_name, content_type, &[]);
    }

    fn head_with(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        headers: &[(http::HeaderName, HeaderValue)],
    ) {
        let mut head = format!("--{}\r\nContent-Disposition: form-data; name=\"{}\"", self.boundary, quoted(name));
        if let Some(file_name) = file_name {
            head.push_str("; filename=\"");
            head.push_str(&quoted(file_name));
            head.push('"');
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str("Content-Type: ");
            head.push_str(content_type);
            head.push_str("\r\n");
        }
        self.pending.extend_from_slice(head.as_bytes());
        for (header, value) in headers {
            // Checked as header values: no line break can end the head.
            self.pending.extend_from_slice(header.as_str().as_bytes());
            self.pending.extend_from_slice(b": ");
            self.pending.extend_from_slice(value.as_bytes());
            self.pending.extend_from_slice(b"\r\n");
        }
        self.pending.extend_from_slice(b"\r\n");
    }

    fn part(&mut self, name: &str, content_type: Option<&str>, content: &[u8]) {
        self.head(name, None, content_type);
        self.pending.extend_from_slice(content);
        self.pending.extend_from_slice(b"\r\n");
    }

    /// Adds a text part per value (none for `None`, one per element of a
    /// list), without a `Content-Type` (`text/plain`, RFC 7578).
    pub fn text(&mut self, name: &str, value: &(impl QueryValue + ?Sized)) {
        self.text_as(name, value, None);
    }

    /// Adds a text part per value with a media type of the spec's
    /// `encoding`.
    pub fn text_as(&mut self, name: &str, value: &(impl QueryValue + ?Sized), content_type: Option<&'static str>) {
        let mut texts = Vec::new();
        value.for_each_value(&mut |text| texts.push(text.to_owned()));
        for text in texts {
            self.part(name, content_type, text.as_bytes());
        }
    }

    /// Adds a part holding the JSON text of `value`, as `content_type`
    /// (`application/json` unless the spec's `encoding` says otherwise).
    pub fn json(&mut self, name: &str, value: &(impl serde::Serialize + ?Sized), content_type: &'static str) {
        match serde_json::to_vec(value) {
            Ok(json) => self.part(name, Some(content_type), &json),
            Err(error) => {
                self.problem.get_or_insert(format!("the part `{name}` cannot be written as JSON: {error}"));
            }
        }
    }

    /// Adds a file part per [`FilePart`] of `parts`; one without a media
    /// type of its own is sent as `default_type` (the spec's `encoding`), or
    /// `application/octet-stream`.
    pub fn file(&mut self, name: &str, parts: &(impl FileParts + ?Sized), default_type: Option<&'static str>) {
        parts.for_each_part(&mut |part| {
            let content_type = part.content_type.as_deref().or(default_type).unwrap_or(OCTET_STREAM);
            if !valid_media_type(content_type) {
                self.problem.get_or_insert(format!(
                    "the file part `{name}` has the media type {content_type:?}, which is none"
                ));
                return;
            }
            let mut headers = Vec::with_capacity(part.headers.len());
            for header in &part.headers {
                match header {
                    Ok(header) => headers.push(header.clone()),
                    Err(problem) => {
                        self.problem.get_or_insert(format!("the file part `{name}`: {problem}"));
                        return;
                    }
                }
            }
            // A file name is what makes a part a file to most servers.
            let file_name = part.file_name.as_deref().unwrap_or(name);
            self.head_with(name, Some(file_name), Some(content_type), &headers);
            match &part.source {
                Source::Bytes(bytes) => self.pending.extend_from_slice(bytes),
                source => {
                    let bytes = Bytes::from(std::mem::take(&mut self.pending));
                    self.segments.push(Segment::Bytes(bytes));
                    self.segments.push(Segment::Source { field: name.to_owned(), source: source.clone() });
                }
            }
            self.pending.extend_from_slice(b"\r\n");
        });
    }

    /// The segments with the closing boundary, or why the body cannot be
    /// sent.
    fn finish(mut self) -> Result<Vec<Segment>, String> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        self.pending.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        self.segments.push(Segment::Bytes(Bytes::from(self.pending)));
        self.segments.retain(|segment| !matches!(segment, Segment::Bytes(bytes) if bytes.is_empty()));
        Ok(self.segments)
    }

    /// Whether every part is in memory (no file, stream or reader): the
    /// clients then send the body as bytes, which a retry or a redirect can
    /// send again.
    #[cfg(feature = "client")]
    pub(crate) fn is_in_memory(&self) -> bool {
        self.segments.iter().all(|segment| matches!(segment, Segment::Bytes(_)))
    }

    /// The whole body in memory, for [`Endpoint::to_request`](crate::Endpoint::to_request):
    /// only when every file part holds bytes.
    pub(crate) fn into_bytes(self) -> Result<Vec<u8>, String> {
        let mut body = Vec::new();
        for segment in self.finish()? {
            match segment {
                Segment::Bytes(bytes) => body.extend_from_slice(&bytes),
                Segment::Source { field, .. } => {
                    return Err(format!(
                        "the file part `{field}` is read from a file or a stream as it is sent, and `to_request` \
                         holds the whole body in memory: send the endpoint with a client, or give the part bytes"
                    ));
                }
            }
        }
        Ok(body)
    }

    /// The body as the blocking client reads it, with its length when every
    /// part's is known.
    #[cfg(feature = "blocking")]
    pub(crate) fn into_reader(self) -> Result<(BodyReader, Option<u64>), String> {
        let mut pieces = VecDeque::new();
        let mut total = Some(0_u64);
        for segment in self.finish()? {
            let piece = match segment {
                Segment::Bytes(bytes) => Piece::Bytes(bytes),
                Segment::Source { field, source } => match source {
                    Source::Bytes(bytes) => Piece::Bytes(bytes),
                    Source::Path(path) => {
                        let (file, length) = open(&field, &path)?;
                        Piece::Read(Counted::new(field, Box::new(file), Some(length)))
                    }
                    Source::Reader { reader, length } => {
                        let reader = take(&reader).ok_or_else(|| sent_once(&field))?;
                        Piece::Read(Counted::new(field, reader, length))
                    }
                    #[cfg(feature = "client")]
                    Source::Stream { .. } => {
                        return Err(format!(
                            "the file part `{field}` is a stream, which the async client sends: give the blocking \
                             client a part from a path, bytes or a reader (`FilePart::from_reader`)"
                        ));
                    }
                },
            };
            total = match (&piece, total) {
                (Piece::Bytes(bytes), Some(total)) => total.checked_add(bytes.len() as u64),
                (Piece::Read(read), Some(total)) => read.check.expected.and_then(|length| total.checked_add(length)),
                (_, None) => None,
            };
            pieces.push_back(piece);
        }
        Ok((BodyReader { pieces }, total))
    }

    /// The body as the async client sends it, with its length when every
    /// part's is known.
    #[cfg(feature = "client")]
    pub(crate) fn into_async(self) -> Result<AsyncBody, String> {
        let mut pieces = VecDeque::new();
        let mut total = Some(0_u64);
        for segment in self.finish()? {
            let (piece, length) = match segment {
                Segment::Bytes(bytes) => {
                    let length = bytes.len() as u64;
                    (AsyncPiece::Bytes(bytes), Some(length))
                }
                Segment::Source { field, source } => match source {
                    Source::Bytes(bytes) => {
                        let length = bytes.len() as u64;
                        (AsyncPiece::Bytes(bytes), Some(length))
                    }
                    Source::Path(path) => {
                        let (file, length) = open(&field, &path)?;
                        let file = tokio::fs::File::from_std(file);
                        (AsyncPiece::File(Checked::new(field, Some(length)), Box::new(file)), Some(length))
                    }
                    Source::Stream { stream, length } => {
                        let stream = take(&stream).ok_or_else(|| sent_once(&field))?;
                        (AsyncPiece::Stream(Checked::new(field, length), Mutex::new(stream)), length)
                    }
                    Source::Reader { .. } => {
                        return Err(format!(
                            "the file part `{field}` is a reader, which the blocking client sends: give the async \
                             client a part from a path, bytes or a stream (`FilePart::from_stream`)"
                        ));
                    }
                },
            };
            total = total.zip(length).and_then(|(total, length)| total.checked_add(length));
            pieces.push_back(piece);
        }
        Ok(AsyncBody { pieces, length: total, buffer: vec![0; CHUNK] })
    }
}

/// How much of a file is read at a time.
#[cfg(feature = "client")]
const CHUNK: usize = 256 * 1024;

#[cfg(feature = "client")]
fn sent_once(field: &str) -> String {
    format!(
        "the file part `{field}` was read from its stream or reader by an earlier request, and cannot be sent again"
    )
}

/// The file at `path`, opened, and its length.
#[cfg(feature = "client")]
fn open(field: &str, path: &Path) -> Result<(std::fs::File, u64), String> {
    let cannot = |error: std::io::Error| format!("the file part `{field}` cannot read {}: {error}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let metadata = file.metadata().map_err(cannot)?;
    if !metadata.is_file() {
        return Err(format!("the file part `{field}` names {}, which is not a file", path.display()));
    }
    Ok((file, metadata.len()))
}

/// The count of a part's bytes against the length it was given: a file that
/// shrinks or grows while it is sent, or a stream that gives another length
/// than it said, is an error rather than a body that its `Content-Length`
/// belies.
#[cfg(feature = "client")]
pub(crate) struct Checked {
    field: String,
    expected: Option<u64>,
    read: u64,
}

#[cfg(feature = "client")]
impl Checked {
    fn new(field: String, expected: Option<u64>) -> Self {
        Self { field, expected, read: 0 }
    }

    fn add(&mut self, count: usize) -> std::io::Result<()> {
        self.read = self.read.saturating_add(count as u64);
        match self.expected {
            Some(expected) if self.read > expected => Err(std::io::Error::other(format!(
                "the file part `{}` is longer than its {expected} bytes",
                self.field
            ))),
            _ => Ok(()),
        }
    }

    fn end(&self) -> std::io::Result<()> {
        match self.expected {
            Some(expected) if self.read < expected => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("the file part `{}` ended after {} of its {expected} bytes", self.field, self.read),
            )),
            _ => Ok(()),
        }
    }
}

/// A reader of a part, counted.
#[cfg(feature = "blocking")]
struct Counted {
    check: Checked,
    reader: Box<dyn Read + Send>,
}

#[cfg(feature = "blocking")]
impl Counted {
    fn new(field: String, reader: Box<dyn Read + Send>, expected: Option<u64>) -> Self {
        Self { check: Checked::new(field, expected), reader }
    }
}

#[cfg(feature = "blocking")]
enum Piece {
    Bytes(Bytes),
    Read(Counted),
}

/// A multipart body read piece by piece, for the blocking client.
#[cfg(feature = "blocking")]
pub(crate) struct BodyReader {
    pieces: VecDeque<Piece>,
}

#[cfg(feature = "blocking")]
impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while let Some(piece) = self.pieces.front_mut() {
            match piece {
                Piece::Bytes(bytes) => {
                    let count = bytes.len().min(buf.len());
                    let chunk = bytes.split_to(count);
                    buf.get_mut(..count).unwrap_or_default().copy_from_slice(&chunk);
                    if bytes.is_empty() {
                        self.pieces.pop_front();
                    }
                    if count > 0 {
                        return Ok(count);
                    }
                }
                Piece::Read(counted) => {
                    let count = counted.reader.read(buf)?;
                    if count == 0 {
                        counted.check.end()?;
                        self.pieces.pop_front();
                    } else {
                        counted.check.add(count)?;
                        return Ok(count);
                    }
                }
            }
        }
        Ok(0)
    }
}

#[cfg(feature = "client")]
use async_body::{AsyncBody, AsyncPiece};

#[cfg(feature = "client")]
mod async_body {
    use std::collections::VecDeque;
    use std::pin::Pin;
    use std::sync::Mutex;
    use std::task::{Context, Poll};

    use bytes::Bytes;
    use http_body::{Frame, SizeHint};
    use tokio::io::{AsyncRead, ReadBuf};

    use super::{ByteStream, Checked};

    pub(super) enum AsyncPiece {
        Bytes(Bytes),
        File(Checked, Box<tokio::fs::File>),
        Stream(Checked, Mutex<ByteStream>),
    }

    /// A multipart body sent piece by piece, for the async client: a file
    /// is read a chunk at a time, a stream as it yields.
    pub(crate) struct AsyncBody {
        pub(super) pieces: VecDeque<AsyncPiece>,
        pub(super) length: Option<u64>,
        pub(super) buffer: Vec<u8>,
    }

    impl http_body::Body for AsyncBody {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
            let this = self.get_mut();
            loop {
                let Some(piece) = this.pieces.front_mut() else { return Poll::Ready(None) };
                let chunk = match piece {
                    AsyncPiece::Bytes(bytes) => Some(std::mem::take(bytes)),
                    AsyncPiece::File(check, file) => {
                        let mut buf = ReadBuf::new(&mut this.buffer);
                        match Pin::new(&mut **file).poll_read(cx, &mut buf) {
                            Poll::Pending => return Poll::Pending,
                            Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                            Poll::Ready(Ok(())) => {
                                let filled = buf.filled();
                                if filled.is_empty() {
                                    if let Err(error) = check.end() {
                                        return Poll::Ready(Some(Err(error)));
                                    }
                                    None
                                } else {
                                    if let Err(error) = check.add(filled.len()) {
                                        return Poll::Ready(Some(Err(error)));
                                    }
                                    Some(Bytes::copy_from_slice(filled))
                                }
                            }
                        }
                    }
                    AsyncPiece::Stream(check, stream) => {
                        let stream = match stream.get_mut() {
                            Ok(stream) => stream,
                            Err(poisoned) => poisoned.into_inner(),
                        };
                        match stream.as_mut().poll_next(cx) {
                            Poll::Pending => return Poll::Pending,
                            Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                            Poll::Ready(Some(Ok(bytes))) => {
                                if let Err(error) = check.add(bytes.len()) {
                                    return Poll::Ready(Some(Err(error)));
                                }
                                // An empty chunk is no end: ask again.
                                if bytes.is_empty() {
                                    continue;
                                }
                                Some(bytes)
                            }
                            Poll::Ready(None) => {
                                if let Err(error) = check.end() {
                                    return Poll::Ready(Some(Err(error)));
                                }
                                None
                            }
                        }
                    }
                };
                match chunk {
                    Some(bytes) if !bytes.is_empty() => {
                        if matches!(piece, AsyncPiece::Bytes(_)) {
                            this.pieces.pop_front();
                        }
                        return Poll::Ready(Some(Ok(Frame::data(bytes))));
                    }
                    _ => {
                        this.pieces.pop_front();
                    }
                }
            }
        }

        fn size_hint(&self) -> SizeHint {
            match self.length {
                Some(length) => SizeHint::with_exact(length),
                None => SizeHint::default(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "blocking")]
    use std::io::Read as _;

    use super::{FilePart, Multipart};

    fn body(write: impl FnOnce(&mut Multipart)) -> (String, String) {
        let mut form = Multipart::new();
        write(&mut form);
        let boundary = form.boundary.clone();
        (boundary, String::from_utf8(form.into_bytes().unwrap()).unwrap())
    }

    #[test]
    fn parts_are_written_in_order_with_their_headers() {
        let (b, text) = body(|form| {
            form.text("name", "Ann");
            form.text("tags", &vec!["a", "b"]);
            form.text("none", &None::<i32>);
            form.json("attributes", &serde_json::json!({"parent": {"id": "0"}}), "application/json");
            form.file("file", &FilePart::from_bytes("hello").file_name("a.txt").content_type("text/plain"), None);
            form.file("raw", &FilePart::from_bytes(vec![1, 2]), Some("image/png"));
        });
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAnn\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"attributes\"\r\nContent-Type: application/json\r\n\r\n{{\"parent\":{{\"id\":\"0\"}}}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"raw\"\r\nContent-Type: image/png\r\n\r\n\u{1}\u{2}\r\n\
             --{b}--\r\n"
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn names_cannot_break_out_of_their_header() {
        let (_, text) = body(|form| {
            form.file("f\"x", &FilePart::from_bytes("1").file_name("evil\"\r\nX-Injected: 1.txt"), None);
        });
        assert!(text.contains("name=\"f%22x\"; filename=\"evil%22%0D%0AX-Injected: 1.txt\""), "{text}");
        assert!(!text.contains("\r\nX-Injected"));
    }

    #[test]
    fn a_bad_media_type_is_refused() {
        let mut form = Multipart::new();
        form.file("f", &FilePart::from_bytes("1").content_type("text/plain\r\nX-Evil: 1"), None);
        assert!(form.into_bytes().unwrap_err().contains("media type"));
    }

    #[test]
    fn a_file_part_sends_its_own_headers_after_its_type() {
        let part = FilePart::from_bytes("1").file_name("a.txt").header("Content-MD5", "xMpCOKC5I4INzFCab3WEmw==");
        let (b, text) = body(|form| form.file("f", &part, Some("text/plain")));
        assert_eq!(
            text,
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\
                 content-md5: xMpCOKC5I4INzFCab3WEmw==\r\n\r\n1\r\n--{b}--\r\n"
            )
        );
        // The name shows in `Debug`, the value (a signature, say) does not.
        let shown = format!("{part:?}");
        assert!(shown.contains("content-md5") && !shown.contains("xMpC"), "{shown}");
    }

    #[test]
    fn a_part_header_that_cannot_be_sent_refuses_the_request() {
        for (name, value, problem) in [
            ("X-Sum", "1\r\nX-Injected: 1", "cannot be sent"),
            ("X Sum", "1", "not a header name"),
            ("Content-Type", "text/html", "written by the client"),
            ("content-disposition", "form-data", "written by the client"),
        ] {
            let mut form = Multipart::new();
            form.file("f", &FilePart::from_bytes("1").header(name, value), None);
            let error = form.into_bytes().unwrap_err();
            assert!(error.contains(problem) && error.contains("`f`"), "{name}: {error}");
        }
    }

    #[test]
    fn boundaries_differ() {
        assert_ne!(Multipart::new().boundary, Multipart::new().boundary);
    }

    #[test]
    fn a_streamed_part_is_not_held_in_memory_by_to_request() {
        let mut form = Multipart::new();
        form.file("video", &FilePart::from_path("/nonexistent"), None);
        assert!(form.into_bytes().unwrap_err().contains("`video`"));
    }

    #[test]
    #[cfg(feature = "blocking")]
    fn the_reader_sends_files_and_readers_with_their_length() {
        let dir = std::env::temp_dir().join(format!("endpointgen-multipart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("notes.txt");
        std::fs::write(&path, "from a file").unwrap();
        let mut form = Multipart::new();
        form.file("a", &FilePart::from_path(&path), None);
        form.file("b", &FilePart::from_reader(std::io::Cursor::new(b"from a reader".to_vec()), Some(13)), None);
        let b = form.boundary.clone();
        let (mut reader, length) = form.into_reader().unwrap();
        let mut text = String::new();
        reader.read_to_string(&mut text).unwrap();
        assert_eq!(length, Some(text.len() as u64));
        assert!(
            text.contains("filename=\"notes.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nfrom a file\r\n")
        );
        assert!(text.ends_with(&format!("from a reader\r\n--{b}--\r\n")));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    #[cfg(feature = "blocking")]
    fn a_reader_shorter_or_longer_than_its_length_is_an_error() {
        for (content, length) in [(&b"abc"[..], 4), (&b"abcde"[..], 4)] {
            let mut form = Multipart::new();
            form.file("f", &FilePart::from_reader(std::io::Cursor::new(content.to_vec()), Some(length)), None);
            let (mut reader, _) = form.into_reader().unwrap();
            let error = reader.read_to_end(&mut Vec::new()).unwrap_err();
            assert!(error.to_string().contains("`f`"), "{error}");
        }
    }

    #[test]
    #[cfg(feature = "blocking")]
    fn a_reader_is_sent_once() {
        let part = FilePart::from_reader(std::io::empty(), None);
        let mut first = Multipart::new();
        first.file("f", &part, None);
        assert!(first.into_reader().is_ok());
        let mut second = Multipart::new();
        second.file("f", &part.clone(), None);
        assert!(second.into_reader().err().unwrap().contains("cannot be sent again"));
    }

    #[test]
    fn debug_shows_no_content() {
        let debug = format!("{:?}", FilePart::from_bytes("secret content").file_name("a.txt"));
        assert!(!debug.contains("secret") && debug.contains("14 bytes") && debug.contains("a.txt"), "{debug}");
    }
}

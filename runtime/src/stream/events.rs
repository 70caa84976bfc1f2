//! Server-Sent Events (`text/event-stream`), parsed as the WHATWG HTML
//! standard says (section 9.2.6, "Interpreting an event stream").

use std::collections::VecDeque;
use std::marker::PhantomData;
#[cfg(feature = "client")]
use std::pin::Pin;
#[cfg(feature = "client")]
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::{ByteStream, FromByteStream, StreamError};
use crate::decode::from_json;
use crate::error::{DecodeError, Error, JsonError};

/// One event of an event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerEvent<T> {
    /// Its type: the `event` field, `message` when it has none.
    pub event: String,
    /// The last event id the stream set (`id` fields carry over to later
    /// events), `None` when none was set or the last one was empty. A
    /// reconnection sends it as `Last-Event-ID`.
    pub id: Option<String>,
    /// The reconnection delay the server asked for with this event, if it
    /// did (`retry`).
    pub retry: Option<Duration>,
    /// The `data` lines, joined with `\n` and decoded as the spec says:
    /// JSON, or the text itself for `string`.
    pub data: T,
}

/// Where to reconnect to an event stream from: the last event id received
/// and the reconnection delay the server asked for. Given to
/// `Client::resume` with the endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResumeFrom {
    /// Sent as `Last-Event-ID`, when there is one.
    pub last_event_id: Option<String>,
    /// How long to wait before reconnecting, when the server said (`retry`).
    pub retry: Option<Duration>,
}

impl ResumeFrom {
    /// The wait before reconnecting when the server asked for none: what
    /// browsers wait.
    pub const DEFAULT_RETRY: Duration = Duration::from_secs(3);

    /// How long to wait before reconnecting.
    #[must_use]
    pub fn delay(&self) -> Duration {
        self.retry.unwrap_or(Self::DEFAULT_RETRY)
    }
}

/// A stream of [`ServerEvent`]s as they arrive: async with
/// [`event`](Self::event) or the [`Stream`](futures_core::Stream) impl,
/// blocking as an [`Iterator`].
///
/// Lines end with CR, LF or CRLF; a leading byte order mark, comments
/// (`:` lines), unknown fields, events without data, and an event cut off
/// by the end of the body are dropped, as the standard says. An `id` with a
/// NUL is ignored, and a `retry` that is not all digits. An event whose
/// data does not decode is an [`Error::Decode`] item, and the stream goes
/// on; an event larger than the client's `max_response_bytes` ends it with
/// [`Error::Transport`]. With JSON data, an event whose data is `[DONE]`
/// ends the stream (as `OpenAI`'s streams end).
///
/// A dropped connection ends the stream with an error; reconnect with
/// [`resume_from`](Self::resume_from) and the client's `resume`.
pub struct EventStream<T> {
    body: ByteStream,
    parser: Parser,
    /// The data is text (`string` in the spec), not JSON.
    text: bool,
    ended: bool,
    data: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("body", &self.body)
            .field("last_event_id", &self.parser.last_event_id)
            .finish_non_exhaustive()
    }
}

/// Events whose data is JSON.
impl<T> FromByteStream for EventStream<T> {
    fn from_byte_stream(body: ByteStream) -> Self {
        Self { body, parser: Parser::default(), text: false, ended: false, data: PhantomData }
    }
}

impl<T> EventStream<T> {
    /// Events whose data is the text itself, for `string` data.
    #[must_use]
    pub fn with_text_data(body: ByteStream) -> Self {
        Self { text: true, ..Self::from_byte_stream(body) }
    }

    /// The last event id received (`None` before any, or after an empty
    /// `id`).
    #[must_use]
    pub fn last_event_id(&self) -> Option<&str> {
        Some(self.parser.last_event_id.as_str()).filter(|id| !id.is_empty())
    }

    /// The reconnection delay the server last asked for (`retry`).
    #[must_use]
    pub fn retry(&self) -> Option<Duration> {
        self.parser.retry
    }

    /// Where to reconnect from: the last event id and the delay.
    #[must_use]
    pub fn resume_from(&self) -> ResumeFrom {
        ResumeFrom { last_event_id: self.last_event_id().map(str::to_owned), retry: self.retry() }
    }
}

impl<T: DeserializeOwned> EventStream<T> {
    /// The next event, `None` at the end.
    ///
    /// # Errors
    ///
    /// See the type's docs.
    #[cfg(feature = "client")]
    pub async fn event(&mut self) -> Option<Result<ServerEvent<T>, StreamError>> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    #[cfg(feature = "client")]
    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<ServerEvent<T>, StreamError>>> {
        loop {
            if let Some(ready) = self.ready() {
                return Poll::Ready(ready.into_option());
            }
            let chunk = std::task::ready!(self.body.poll_chunk(cx));
            self.accept(chunk);
        }
    }

    fn next_blocking(&mut self) -> Option<Result<ServerEvent<T>, StreamError>> {
        loop {
            if let Some(ready) = self.ready() {
                return ready.into_option();
            }
            let chunk = self.body.next();
            self.accept(chunk);
        }
    }

    /// Parses a chunk; `None` is the end of the body.
    fn accept(&mut self, chunk: Option<Result<Bytes, StreamError>>) {
        match chunk {
            Some(Ok(chunk)) => {
                if let Err(message) = self.parser.push(&chunk, self.body.item_limit) {
                    self.parser.failed = Some(self.body.failed(message, false, None));
                }
            }
            Some(Err(error)) => self.parser.failed = Some(error),
            // An event cut off by the end is not dispatched.
            None => self.ended = true,
        }
    }

    /// What there is to yield, if anything: an event, an error, or the end.
    fn ready(&mut self) -> Option<Ready<T>> {
        if self.ended && self.parser.events.is_empty() && self.parser.failed.is_none() {
            return Some(Ready::End);
        }
        if let Some(raw) = self.parser.events.pop_front() {
            return Some(self.decode(raw).map_or(Ready::End, Ready::Item));
        }
        let error = self.parser.failed.take()?;
        self.ended = true;
        self.parser.events.clear();
        Some(Ready::Item(Err(error)))
    }

    fn decode(&mut self, raw: RawEvent) -> Option<Result<ServerEvent<T>, StreamError>> {
        let decoded = if self.text {
            // A text event's data is the value itself: there is no path into it.
            serde_json::from_value(serde_json::Value::String(raw.data.clone()))
                .map_err(|source| JsonError { path: String::new(), source })
        } else if raw.data == "[DONE]" {
            self.ended = true;
            self.parser.events.clear();
            return None;
        } else {
            from_json(raw.data.as_bytes())
        };
        Some(match decoded {
            Ok(data) => Ok(ServerEvent { event: raw.event, id: raw.id, retry: raw.retry, data }),
            Err(error) => Err(Error::Decode(Box::new(DecodeError::new(
                self.body.info.clone(),
                self.body.status,
                error,
                raw.data.as_bytes(),
            )))),
        })
    }
}

#[cfg(feature = "client")]
impl<T: DeserializeOwned> futures_core::Stream for EventStream<T> {
    type Item = Result<ServerEvent<T>, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

/// The events, for the blocking client.
impl<T: DeserializeOwned> Iterator for EventStream<T> {
    type Item = Result<ServerEvent<T>, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_blocking()
    }
}

/// What an event stream yields next.
enum Ready<T> {
    Item(Result<ServerEvent<T>, StreamError>),
    End,
}

impl<T> Ready<T> {
    fn into_option(self) -> Option<Result<ServerEvent<T>, StreamError>> {
        match self {
            Self::Item(item) => Some(item),
            Self::End => None,
        }
    }
}

/// An event as dispatched, before its data is decoded.
#[derive(Debug, PartialEq)]
struct RawEvent {
    event: String,
    data: String,
    id: Option<String>,
    retry: Option<Duration>,
}

/// The event stream interpreter: lines, fields, and the buffers the
/// standard names (data, event type, last event id).
#[derive(Default)]
struct Parser {
    line: Vec<u8>,
    /// The last byte was a CR: an LF right after it ends no other line.
    after_cr: bool,
    /// Past the first line (where a byte order mark may be).
    started: bool,
    data: String,
    event_type: String,
    last_event_id: String,
    /// The `retry` of the event being read.
    event_retry: Option<Duration>,
    /// The last `retry` of the stream.
    retry: Option<Duration>,
    events: VecDeque<RawEvent>,
    failed: Option<StreamError>,
}

impl Parser {
    /// Parses a chunk into events; fails when the event being read would be
    /// over `limit` bytes.
    fn push(&mut self, mut chunk: &[u8], limit: usize) -> Result<(), String> {
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        while !chunk.is_empty() {
            let end = chunk.iter().position(|&byte| byte == b'\n' || byte == b'\r');
            let Some(end) = end else {
                self.line.extend_from_slice(chunk);
                break;
            };
            let (line, rest) = chunk.split_at_checked(end).unwrap_or((chunk, &[]));
            self.line.extend_from_slice(line);
            if self.line.len().saturating_add(self.data.len()) > limit {
                return Err(format!("an event is larger than the limit of {limit} bytes"));
            }
            let line = std::mem::take(&mut self.line);
            self.line_ended(&line);
            self.line = line;
            self.line.clear();
            // `rest` starts with the line's end: CRLF, or one CR or LF. A
            // CR that ends the chunk may be the first half of a CRLF.
            chunk = match rest {
                [b'\r'] => {
                    self.after_cr = true;
                    &[]
                }
                [b'\r', b'\n', rest @ ..] | [_, rest @ ..] => rest,
                [] => &[],
            };
        }
        if self.line.len().saturating_add(self.data.len()) > limit {
            return Err(format!("an event is larger than the limit of {limit} bytes"));
        }
        Ok(())
    }

    fn line_ended(&mut self, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        let mut line = &*text;
        if !self.started {
            self.started = true;
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event_type),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_event_id),
            "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                // Too large to be a number of milliseconds: ignored.
                if let Ok(millis) = value.parse::<u64>() {
                    let retry = Duration::from_millis(millis);
                    self.event_retry = Some(retry);
                    self.retry = Some(retry);
                }
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        let retry = self.event_retry.take();
        if self.data.is_empty() {
            self.event_type.clear();
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        let event = match std::mem::take(&mut self.event_type) {
            event if event.is_empty() => "message".to_owned(),
            event => event,
        };
        let id = Some(self.last_event_id.clone()).filter(|id| !id.is_empty());
        self.events.push_back(RawEvent { event, data, id, retry });
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = Parser::default();
        for chunk in chunks {
            parser.push(chunk, 1000).unwrap();
        }
        parser.events.into_iter().collect()
    }

    fn event(event: &str, data: &str, id: Option<&str>) -> RawEvent {
        RawEvent { event: event.to_owned(), data: data.to_owned(), id: id.map(str::to_owned), retry: None }
    }

    #[test]
    fn the_standards_examples() {
        // WHATWG HTML 9.2.6's examples: the second block resets the id,
        // and only one space after the colon is dropped.
        let stream = b"data: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n";
        assert_eq!(
            parse(&[stream]),
            [
                event("message", "first event", Some("1")),
                event("message", "second event", None),
                event("message", " third event", None)
            ]
        );
        // Two events: the first's data is "" and the second's "\n".
        assert_eq!(
            parse(&[b"data\n\ndata\ndata\n\ndata:\n"]),
            [event("message", "", None), event("message", "\n", None)]
        );
        // Multi-line data, an event type, a comment.
        assert_eq!(
            parse(&[b": hello\nevent: add\ndata: YHOO\ndata: +2\ndata: 10\n\n"]),
            [event("add", "YHOO\n+2\n10", None)]
        );
    }

    #[test]
    fn line_endings_split_anywhere_and_a_leading_bom() {
        let whole: &[u8] = "\u{feff}data: a\r\ndata: b\r\rid: 7\revent: x\ndata: c\r\n\r\nevent: y\n\n".as_bytes();
        let expected = [event("message", "a\nb", None), event("x", "c", Some("7"))];
        assert_eq!(parse(&[whole]), expected);
        for split in 0..whole.len() {
            let (a, b) = whole.split_at(split);
            assert_eq!(parse(&[a, b]), expected, "split at {split}");
        }
        // A BOM only at the very start is dropped.
        assert_eq!(parse(&["data: a\n\n\u{feff}data: b\n\n".as_bytes()]).len(), 1);
    }

    #[test]
    fn retry_digits_only_and_ids_without_nul() {
        let mut parser = Parser::default();
        parser.push(b"retry: 1500\nid: one\ndata: a\n\nretry: 15x\nretry: -1\nid: t\0wo\ndata: b\n\n", 1000).unwrap();
        let events: Vec<_> = parser.events.drain(..).collect();
        assert_eq!(events[0].retry, Some(Duration::from_millis(1500)));
        assert_eq!(events[1].retry, None);
        assert_eq!(events[1].id.as_deref(), Some("one"));
        assert_eq!(parser.retry, Some(Duration::from_millis(1500)));
        parser.push(b"retry: 99999999999999999999999\ndata: c\n\n", 1000).unwrap();
        assert_eq!(parser.retry, Some(Duration::from_millis(1500)));
    }

    #[test]
    fn an_event_over_the_limit_fails_and_a_cut_off_event_is_dropped() {
        let mut parser = Parser::default();
        assert!(parser.push(b"data: 01234567890\n", 16).unwrap_err().contains("limit of 16 bytes"));
        let mut parser = Parser::default();
        parser.push(b"data: 01234\ndata: 01234\n", 16).unwrap_err();
        assert_eq!(parse(&[b"data: a\n\ndata: b\n"]), [event("message", "a", None)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any bytes, cut anywhere, parse without a panic into the events
        /// they give whole, or fail at the limit either way.
        #[test]
        fn any_event_stream_parses_the_same_however_it_is_cut(
            stream in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..400),
                "(data|event|id|retry|:)?(:| )?[a-z0-9 \\x00\u{feff}]{0,8}(\r\n|\r|\n){1,2}{0,30}".prop_map(String::into_bytes),
            ],
            cut in any::<proptest::sample::Index>(),
            limit in 1_usize..200,
        ) {
            let cut = cut.index(stream.len() + 1);
            let (first, second) = stream.split_at(cut);
            let mut whole = Parser::default();
            let whole_result = whole.push(&stream, limit);
            let mut parts = Parser::default();
            let parts_result = parts.push(first, limit).and_then(|()| parts.push(second, limit));
            if whole_result.is_ok() && parts_result.is_ok() {
                prop_assert_eq!(&whole.events, &parts.events);
                prop_assert_eq!(whole.retry, parts.retry);
            }
            for event in &whole.events {
                prop_assert!(event.data.len() <= limit);
            }
        }
    }
}

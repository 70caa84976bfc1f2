//! JSON lines (`application/x-ndjson`, `application/jsonl`): one JSON value
//! per line, decoded one at a time.

use std::marker::PhantomData;
#[cfg(feature = "client")]
use std::pin::Pin;
#[cfg(feature = "client")]
use std::task::{Context, Poll};

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::{ByteStream, FromByteStream, StreamError};
use crate::decode::from_json;
use crate::error::{DecodeError, Error};

/// A stream of `T`, one per line of the body, as they arrive: async with
/// [`item`](Self::item) or the [`Stream`](futures_core::Stream) impl, blocking
/// as an [`Iterator`].
///
/// Lines end with `\n` (a `\r` before it is dropped); blank lines are
/// skipped, and a last line without `\n` counts. A line longer than the
/// client's `max_response_bytes` ends the stream with [`Error::Transport`];
/// a line that does not decode is an [`Error::Decode`] item, and the
/// stream goes on with the next line.
pub struct JsonLines<T> {
    body: ByteStream,
    lines: LineBuffer,
    item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines").field("body", &self.body).finish_non_exhaustive()
    }
}

impl<T> FromByteStream for JsonLines<T> {
    fn from_byte_stream(body: ByteStream) -> Self {
        Self { lines: LineBuffer::default(), body, item: PhantomData }
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    /// The next item, `None` at the end.
    ///
    /// # Errors
    ///
    /// See the type's docs.
    #[cfg(feature = "client")]
    pub async fn item(&mut self) -> Option<Result<T, StreamError>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// The body's bytes as they come, undecoded.
    #[must_use]
    pub fn into_bytes(self) -> ByteStream {
        self.body
    }

    #[cfg(feature = "client")]
    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, StreamError>>> {
        loop {
            if let Some(item) = self.ready() {
                return Poll::Ready(Some(item));
            }
            if self.lines.ended {
                return Poll::Ready(None);
            }
            match std::task::ready!(self.body.poll_chunk(cx)) {
                Some(chunk) => self.accept(chunk),
                None => self.lines.ended = true,
            }
        }
    }

    /// The next item for blocking code.
    fn next_blocking(&mut self) -> Option<Result<T, StreamError>> {
        loop {
            if let Some(item) = self.ready() {
                return Some(item);
            }
            if self.lines.ended {
                return None;
            }
            match self.body.next() {
                Some(chunk) => self.accept(chunk),
                None => self.lines.ended = true,
            }
        }
    }

    /// Adds a chunk, or ends the lines at an error (kept to be yielded).
    fn accept(&mut self, chunk: Result<Bytes, StreamError>) {
        if self.lines.ended {
            return;
        }
        match chunk {
            Ok(chunk) => {
                if let Err(message) = self.lines.push(&chunk, self.body.item_limit) {
                    self.lines.failed = Some(self.body.failed(message, false, None));
                }
            }
            Err(error) => self.lines.failed = Some(error),
        }
    }

    /// The next complete line's item, or the error that ended the stream.
    fn ready(&mut self) -> Option<Result<T, StreamError>> {
        if let Some(error) = self.lines.failed.take() {
            self.lines.ended = true;
            self.lines.clear();
            return Some(Err(error));
        }
        let limit = self.body.item_limit;
        let line = self.lines.next_line()?;
        if line.len() > limit {
            let error = self.body.failed(too_long(limit), false, None);
            self.lines.ended = true;
            self.lines.clear();
            return Some(Err(error));
        }
        Some(from_json(line).map_err(|error| {
            Error::Decode(Box::new(DecodeError::new(self.body.info.clone(), self.body.status, error, line)))
        }))
    }
}

fn too_long(limit: usize) -> String {
    format!("a line of the body is longer than the limit of {limit} bytes")
}

#[cfg(feature = "client")]
impl<T: DeserializeOwned> futures_core::Stream for JsonLines<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// The items, for the blocking client.
impl<T: DeserializeOwned> Iterator for JsonLines<T> {
    type Item = Result<T, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_blocking()
    }
}

/// The bytes received and not yet split into lines. Lines are read from
/// `start` on, and the buffer is compacted once per chunk, so that a chunk
/// of many short lines is not moved once per line.
#[derive(Default)]
struct LineBuffer {
    buffer: Vec<u8>,
    start: usize,
    /// The body ended: what is left is the last line.
    ended: bool,
    failed: Option<StreamError>,
}

impl LineBuffer {
    /// Adds a chunk; fails when the line it leaves unfinished is over
    /// `limit` (finished lines are checked as they are read).
    fn push(&mut self, chunk: &[u8], limit: usize) -> Result<(), String> {
        self.buffer.drain(..self.start.min(self.buffer.len()));
        self.start = 0;
        let unfinished = match chunk.iter().rposition(|&byte| byte == b'\n') {
            Some(last) => chunk.len().saturating_sub(last).saturating_sub(1),
            None => self.buffer.len().saturating_add(chunk.len()),
        };
        if unfinished > limit {
            return Err(too_long(limit));
        }
        self.buffer.extend_from_slice(chunk);
        Ok(())
    }

    fn clear(&mut self) {
        self.buffer = Vec::new();
        self.start = 0;
    }

    /// The next line that is not blank, without its line ending; at the
    /// end of the body, the last one even without `\n`.
    fn next_line(&mut self) -> Option<&[u8]> {
        loop {
            let rest = self.buffer.get(self.start..)?;
            let (line, consumed) = match rest.iter().position(|&byte| byte == b'\n') {
                Some(end) => (rest.get(..end)?, end.saturating_add(1)),
                None if self.ended && !rest.is_empty() => (rest, rest.len()),
                None => return None,
            };
            let start = self.start;
            self.start = self.start.saturating_add(consumed);
            if !line.iter().all(u8::is_ascii_whitespace) {
                let line = self.buffer.get(start..start.saturating_add(line.len()))?;
                return Some(line.strip_suffix(b"\r").unwrap_or(line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::error::RequestInfo;

    fn lines(chunks: &[&str], limit: usize) -> Vec<Result<serde_json::Value, String>> {
        let info = RequestInfo { method: http::Method::GET, path: "/lines" };
        let mut lines = JsonLines::<serde_json::Value>::from_byte_stream(ByteStream::from_bytes(
            info,
            http::StatusCode::OK,
            Bytes::new(),
            limit,
        ));
        let mut items = Vec::new();
        for chunk in chunks {
            lines.accept(Ok(Bytes::copy_from_slice(chunk.as_bytes())));
            while let Some(item) = lines.ready() {
                items.push(item.map_err(|error| error.to_string()));
            }
        }
        lines.lines.ended = true;
        while let Some(item) = lines.ready() {
            items.push(item.map_err(|error| error.to_string()));
        }
        items
    }

    #[test]
    fn lines_split_across_chunks_blank_lines_and_a_last_line_without_newline() {
        let items = lines(&["{\"a\":1}\n{\"a\"", ":2}\r\n\n  \n[3", ",4]"], 100);
        let items: Vec<_> = items.into_iter().map(Result::unwrap).collect();
        assert_eq!(items, [serde_json::json!({"a": 1}), serde_json::json!({"a": 2}), serde_json::json!([3, 4])]);
    }

    #[test]
    fn a_bad_line_is_an_error_and_the_next_lines_still_come() {
        let items = lines(&["1\nnope\n3\n"], 100);
        assert_eq!(items.len(), 3);
        assert!(items[1].as_ref().unwrap_err().contains("does not match the spec"), "{items:?}");
        assert_eq!(items[2], Ok(serde_json::json!(3)));
    }

    #[test]
    fn a_line_over_the_limit_ends_the_stream() {
        for chunks in
            [&["1\n", "22222", "22222", "2\n", "3\n"][..], &["1\n2222222222", "2\n3\n"], &["1\n22222222222\n3\n"]]
        {
            let items = lines(chunks, 10);
            assert_eq!(items.len(), 2, "{items:?}");
            assert_eq!(items[0], Ok(serde_json::json!(1)));
            assert!(items[1].as_ref().unwrap_err().contains("longer than the limit of 10 bytes"), "{items:?}");
        }
        assert_eq!(lines(&["1\n2222222222\n"], 10).len(), 2, "a line at the limit is read");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1_000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Any bytes, cut anywhere, give items or errors without a panic,
        /// and the same ones however they are cut, while no line is over
        /// the limit.
        #[test]
        fn any_json_lines_read_the_same_however_they_are_cut(
            body in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..300),
                "([0-9]{1,5}|\\{\\}|\\[1\\]|nope| )(\r?\n){1,2}{0,20}".prop_map(String::into_bytes),
            ],
            cut in any::<proptest::sample::Index>(),
        ) {
            let text = String::from_utf8_lossy(&body).into_owned();
            let cut = cut.index(text.len() + 1);
            let cut = (0..=cut).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(0);
            let (first, second) = text.split_at(cut);
            prop_assert_eq!(lines(&[&text], 1000), lines(&[first, second], 1000));
        }
    }
}

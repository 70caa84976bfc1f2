//! The other side of [`Endpoint::decode`]: the answer a server sends for an
//! endpoint's output or one of its documented errors. Mocks
//! (`endpointgen::mock`) and generated servers (`endpointgen::serve`) write
//! their answers with it, so that what they send is what the client reads.
//!
//! The generated `respond` of each endpoint is one call of a generic
//! function here, one per way of decoding (`respond_json` for
//! `decode_json`, …), as `decode` is one call into `crate::decode`.

use bytes::Bytes;
use http::{HeaderValue, StatusCode};
use serde::Serialize;

use crate::{BodyExcerpt, Endpoint};

/// An endpoint whose answers can be written as the API's server writes them:
/// status, `Content-Type` and body (the envelope included, when the
/// endpoint has one).
///
/// Generated for each endpoint when the client is generated with the
/// `mocks` or `server` option (`generate!(…, mocks = true)`,
/// `Config::mocks(true)`, `endpointgen generate --mocks`), which also gives
/// the output and error types the `Serialize` they need. Without it the
/// generated types do not pay for serializing what only the server sends.
///
/// For any `output`, `E::decode(E::respond(&output))` gives back an equal
/// output; for any documented `error`, it gives back [`Error::Api`](crate::Error::Api)
/// with an equal error (a body excerpt keeps its text).
///
/// The answer's status is the spec's: 200 for a body, 204 No Content for
/// an endpoint that declares no response, the variant's status for answers
/// by status (`responses:`); an error's is [`ApiError::status`](crate::ApiError::status).
/// Its `Content-Type` is the media type the endpoint asks for (JSON by
/// default, `application/octet-stream` for bytes of no one type). Outputs
/// carry no response headers, so none is written.
///
/// Streamed endpoints (`stream: true`, JSON lines, events) do not implement
/// it: their output is read as it arrives and cannot be written back from
/// a reference; a mock or a server writes their body's bytes itself.
pub trait Respond: Endpoint {
    /// The successful answer carrying `output`.
    fn respond(output: &Self::Output) -> http::Response<Bytes>;

    /// The answer of the documented `error`: its status, and its body (its
    /// typed body as JSON, or the excerpt's text).
    fn respond_error(error: &Self::Error) -> http::Response<Bytes>;
}

/// The answer `E` sends for its documented error: what the error enum
/// writes. Implemented by the generated error enums (with the `mocks`
/// option) and by `Infallible`, the error of an endpoint that documents
/// none.
pub trait ErrorResponse {
    /// The error's status and body.
    fn error_response(&self) -> http::Response<Bytes>;
}

impl ErrorResponse for std::convert::Infallible {
    fn error_response(&self) -> http::Response<Bytes> {
        match *self {}
    }
}

/// The media type of a JSON body.
const JSON: &str = "application/json";

/// An answer with `status`, a `Content-Type` when there is a body, and
/// `body`.
fn answer(status: StatusCode, content_type: Option<&str>, body: Bytes) -> http::Response<Bytes> {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    // A media type of the spec that is no header value (it never is one
    // that a client could have asked for) is left out rather than sent
    // broken.
    if let Some(value) = content_type.and_then(|content_type| HeaderValue::from_str(content_type).ok()) {
        response.headers_mut().insert(http::header::CONTENT_TYPE, value);
    }
    response
}

/// `value` as a JSON body with `status`. A value that serde cannot write
/// (a map whose keys are not strings: no generated type has one) is a 500
/// whose text says why, so that a test sees it instead of a panic.
fn json_answer<T: Serialize + ?Sized>(status: StatusCode, value: &T, content_type: &str) -> http::Response<Bytes> {
    match serde_json::to_vec(value) {
        Ok(body) => answer(status, Some(content_type), Bytes::from(body)),
        Err(error) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            Some("text/plain; charset=utf-8"),
            Bytes::from(format!("the answer could not be written as JSON: {error}")),
        ),
    }
}

/// A success status of the spec (200–299); 200 for anything else, which
/// the generated code never passes.
fn success(status: u16) -> StatusCode {
    StatusCode::from_u16(status).ok().filter(StatusCode::is_success).unwrap_or(StatusCode::OK)
}

/// The answer of a JSON response ([`decode_json`](crate::__private::decode_json)),
/// an envelope included ([`decode_enveloped`](crate::__private::decode_enveloped)):
/// the output of an enveloped endpoint is the envelope, written whole.
/// 200, with `content_type` (the JSON media type the endpoint asks for).
#[must_use]
pub fn respond_json<E>(output: &E::Output, content_type: &str) -> http::Response<Bytes>
where
    E: Endpoint,
    E::Output: Serialize,
{
    respond_json_as(200, output, content_type)
}

/// The answer of a response that may be empty (`response: T?`, decoded by
/// [`decode_optional_json`](crate::__private::decode_optional_json) or
/// `decode_optional_enveloped`): `None` is an empty body, 200 without a
/// `Content-Type`.
#[must_use]
pub fn respond_optional_json<E, T>(output: &Option<T>, content_type: &str) -> http::Response<Bytes>
where
    E: Endpoint<Output = Option<T>>,
    T: Serialize,
{
    respond_optional_json_as(200, output.as_ref(), content_type)
}

/// The answer of an endpoint whose spec declares no response
/// ([`decode_empty`](crate::__private::decode_empty)): 204 No Content.
#[must_use]
pub fn respond_empty<E>(_output: &()) -> http::Response<Bytes>
where
    E: Endpoint<Output = ()>,
{
    respond_empty_as(204)
}

/// The answer of a `bytes` response ([`decode_bytes`](crate::__private::decode_bytes)):
/// 200, the bytes as they are, with `content_type`.
#[must_use]
pub fn respond_bytes<E>(output: &Bytes, content_type: &str) -> http::Response<Bytes>
where
    E: Endpoint<Output = Bytes>,
{
    respond_bytes_as(200, output, content_type)
}

/// One answer among several by status (`responses:`): `value` as JSON
/// with `status`.
#[must_use]
pub fn respond_json_as<T: Serialize + ?Sized>(status: u16, value: &T, content_type: &str) -> http::Response<Bytes> {
    json_answer(success(status), value, content_type)
}

/// [`respond_json_as`] for a body that may be empty: `None` is an empty
/// body.
#[must_use]
pub fn respond_optional_json_as<T: Serialize>(
    status: u16,
    value: Option<&T>,
    content_type: &str,
) -> http::Response<Bytes> {
    match value {
        Some(value) => respond_json_as(status, value, content_type),
        None => respond_empty_as(status),
    }
}

/// An answer without a body, with `status`.
#[must_use]
pub fn respond_empty_as(status: u16) -> http::Response<Bytes> {
    answer(success(status), None, Bytes::new())
}

/// An answer of bytes, as they are, with `status` and `content_type`.
#[must_use]
pub fn respond_bytes_as(status: u16, body: &Bytes, content_type: &str) -> http::Response<Bytes> {
    answer(success(status), Some(content_type), body.clone())
}

/// The answer of `E`'s documented `error`, for [`Respond::respond_error`].
#[must_use]
pub fn respond_error<E>(error: &E::Error) -> http::Response<Bytes>
where
    E: Endpoint,
    E::Error: ErrorResponse,
{
    error.error_response()
}

/// A documented error with a typed body: its status, and the body as JSON.
#[must_use]
pub fn respond_error_json<T: Serialize + ?Sized>(status: StatusCode, body: &T) -> http::Response<Bytes> {
    json_answer(status, body, JSON)
}

/// A documented error without a body type: its status, and the text the
/// excerpt kept (JSON when it is JSON, as an API's error bodies mostly
/// are; plain text otherwise).
#[must_use]
pub fn respond_error_excerpt(status: StatusCode, excerpt: &BodyExcerpt) -> http::Response<Bytes> {
    let text = excerpt.text();
    let content_type = if text.trim().is_empty() {
        None
    } else if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        Some(JSON)
    } else {
        Some("text/plain; charset=utf-8")
    };
    answer(status, content_type, Bytes::copy_from_slice(text.as_bytes()))
}

//! Generic response decoding that generated endpoints call into, so that the
//! code emitted per endpoint stays one line.

use bytes::Bytes;
use http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, BodyExcerpt, DecodeError, Error, JsonError, Rejection, RequestInfo, UnexpectedStatus};
use crate::{Endpoint, Envelope, JsonValue};

/// Decodes a JSON body as `T`, and when it does not decode, says where in
/// the value (`owner.id`). Every body that the runtime and the generated
/// code decode goes through here: responses, envelopes, documented errors'
/// bodies, JSON lines and events.
///
/// `serde_json` decodes alone; only a body that failed is read a second time,
/// by [`serde_path_to_error`], which wraps every step of the decoder to
/// know the path: the cost falls on errors only.
///
/// # Errors
///
/// The body is not JSON, or not a `T`.
pub fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    serde_json::from_slice(body).map_err(|source| {
        let mut tracked = serde_json::Deserializer::from_slice(body);
        let path = match serde_path_to_error::deserialize::<_, T>(&mut tracked) {
            Err(error) => describe_path(error.path()),
            // What serde_json checks after the value (trailing characters)
            // is at the top.
            Ok(_) => String::new(),
        };
        JsonError { path, source }
    })
}

/// The most characters of one key shown in a path, and of the whole path
/// (whose start is cut): keys are the server's text.
const KEY_LIMIT: usize = 64;
const PATH_LIMIT: usize = 256;

/// `owner.id`, `items[3]`, `labels["a.b"]`: a path into a JSON value, for a
/// message. A key that is not a plain name is quoted and escaped, so that a
/// hostile key cannot forge a line of a log, and each key and the path as a
/// whole are bounded.
fn describe_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    use std::fmt::Write as _;
    let mut described = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => write!(described, "[{index}]").unwrap_or_default(),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                let plain = !key.is_empty()
                    && key.chars().count() <= KEY_LIMIT
                    && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '@'));
                if plain {
                    if !described.is_empty() {
                        described.push('.');
                    }
                    described.push_str(key);
                } else {
                    let cut: String = key.chars().take(KEY_LIMIT).collect();
                    let more = if cut.len() < key.len() { "…" } else { "" };
                    write!(described, "[{cut:?}{more}]").unwrap_or_default();
                }
            }
            Segment::Unknown => described.push_str(if described.is_empty() { "?" } else { ".?" }),
        }
    }
    let count = described.chars().count();
    if count > PATH_LIMIT {
        let kept: String = described.chars().skip(count.saturating_sub(PATH_LIMIT)).collect();
        described = format!("…{kept}");
    }
    described
}

/// Decodes a JSON response body.
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_json<E>(response: http::Response<Bytes>) -> Result<E::Output, Error<E::Error>>
where
    E: Endpoint,
    E::Output: DeserializeOwned,
{
    decode_json_as::<E, E::Output>(response)
}

/// Decodes a JSON response body wrapped in an envelope, and turns an envelope
/// that reports failure into [`Error::Rejected`].
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_enveloped<E>(response: http::Response<Bytes>) -> Result<E::Output, Error<E::Error>>
where
    E: Endpoint,
    E::Output: DeserializeOwned + Envelope,
{
    decode_enveloped_as::<E, E::Output>(response)
}

/// The envelope `T` in `body`, or the failure it reports.
fn enveloped<E, T>(status: StatusCode, body: &[u8]) -> Result<T, Error<E::Error>>
where
    E: Endpoint,
    T: DeserializeOwned + Envelope,
{
    match from_json::<T>(body) {
        Ok(output) if output.succeeded() => Ok(output),
        Ok(_) => Err(Error::Rejected(Box::new(rejection::<T>(E::info(), status, body).unwrap_or_else(|| Rejection {
            request: E::info(),
            status,
            body_status: None,
            message: None,
            errors: None,
        })))),
        // A failed call often has `null` where the payload would be, so the
        // typed decode fails; the outcome fields still say what happened.
        Err(source) => Err(match rejection::<T>(E::info(), status, body) {
            Some(rejection) => Error::Rejected(Box::new(rejection)),
            None => Error::Decode(decode_error(E::info(), status, source, body)),
        }),
    }
}

/// Decodes a JSON response body that may be empty (`response: T?`): an
/// empty body is `None`.
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_optional_json<E, T>(response: http::Response<Bytes>) -> Result<Option<T>, Error<E::Error>>
where
    E: Endpoint<Output = Option<T>>,
    T: DeserializeOwned,
{
    decode_optional_json_as::<E, T>(response)
}

/// Decodes an envelope that may be missing (`response: Envelope<T>?`): an
/// empty body is `None`, and an envelope that reports failure is
/// [`Error::Rejected`].
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_optional_enveloped<E, T>(response: http::Response<Bytes>) -> Result<Option<T>, Error<E::Error>>
where
    E: Endpoint<Output = Option<T>>,
    T: DeserializeOwned + Envelope,
{
    decode_optional_enveloped_as::<E, T>(response)
}

/// Accepts any successful response and ignores its body, for endpoints whose
/// spec declares no response.
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_empty<E>(response: http::Response<Bytes>) -> Result<(), Error<E::Error>>
where
    E: Endpoint<Output = ()>,
{
    successful_body::<E>(response).map(drop)
}

/// Returns the raw body of a successful response, for `bytes` responses
/// (a PDF, say).
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_bytes<E>(response: http::Response<Bytes>) -> Result<Bytes, Error<E::Error>>
where
    E: Endpoint<Output = Bytes>,
{
    successful_body::<E>(response).map(|(_, body)| body)
}

/// A streamed endpoint's output over a body read whole (sans-IO
/// decoding with [`Endpoint::decode`]); a status other than 2xx is an
/// error, as for any endpoint.
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_streamed<E: Endpoint>(
    response: http::Response<Bytes>,
    wrap: fn(crate::ByteStream) -> E::Output,
) -> Result<E::Output, Error<E::Error>> {
    let (status, body) = successful_body::<E>(response)?;
    // The body is in memory already: no item of it is over a limit.
    Ok(wrap(crate::ByteStream::from_bytes(E::info(), status, body, usize::MAX)))
}

/// Decodes the JSON body of a success status that the endpoint declares
/// among several (`responses:`), as the type of that status' variant.
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_json_as<E: Endpoint, T: DeserializeOwned>(response: http::Response<Bytes>) -> Result<T, Error<E::Error>> {
    let (status, body) = successful_body::<E>(response)?;
    from_json(&body).map_err(|error| Error::Decode(decode_error(E::info(), status, error, &body)))
}

/// [`decode_json_as`] for a body that may be empty: an empty body is `None`.
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_optional_json_as<E: Endpoint, T: DeserializeOwned>(
    response: http::Response<Bytes>,
) -> Result<Option<T>, Error<E::Error>> {
    let (status, body) = successful_body::<E>(response)?;
    if body.trim_ascii().is_empty() {
        return Ok(None);
    }
    from_json(&body).map_err(|error| Error::Decode(decode_error(E::info(), status, error, &body)))
}

/// [`decode_json_as`] for an envelope, whose failure is [`Error::Rejected`].
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_enveloped_as<E, T>(response: http::Response<Bytes>) -> Result<T, Error<E::Error>>
where
    E: Endpoint,
    T: DeserializeOwned + Envelope,
{
    let (status, body) = successful_body::<E>(response)?;
    enveloped::<E, T>(status, &body)
}

/// [`decode_enveloped_as`] for an envelope that may be missing: an empty
/// body is `None`.
///
/// # Errors
///
/// See [`Endpoint::decode`].
pub fn decode_optional_enveloped_as<E, T>(response: http::Response<Bytes>) -> Result<Option<T>, Error<E::Error>>
where
    E: Endpoint,
    T: DeserializeOwned + Envelope,
{
    let (status, body) = successful_body::<E>(response)?;
    if body.trim_ascii().is_empty() {
        return Ok(None);
    }
    enveloped::<E, T>(status, &body).map(Some)
}

/// The error for a status that an endpoint with several declared success
/// statuses does not declare: a documented error, or
/// [`Error::UnexpectedStatus`] for any other, a success status too (its
/// body's shape is unknown, and decoding it as another status' would
/// guess).
///
/// # Errors
///
/// Always.
pub fn undeclared_status<E: Endpoint, T>(response: http::Response<Bytes>) -> Result<T, Error<E::Error>> {
    let status = response.status();
    let body = response.into_body();
    if status.is_success() {
        return Err(Error::UnexpectedStatus(unexpected_status(E::info(), status, &body)));
    }
    Err(error_status(E::info(), status, &body))
}

/// Reads an integer enum: `parse` maps the number to a variant (or to
/// `Unknown`).
///
/// # Errors
///
/// The value is not an integer.
pub fn deserialize_int_enum<'de, D, T>(deserializer: D, parse: impl FnOnce(i64) -> T) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    <i64 as serde::Deserialize>::deserialize(deserializer).map(parse)
}

/// The body of a documented error that has no body type in the spec.
#[must_use]
pub fn error_body(body: &[u8]) -> BodyExcerpt {
    BodyExcerpt::new(body)
}

/// Reads a string enum: `parse` maps the text to a variant (or to
/// `Unknown`).
///
/// # Errors
///
/// The value is not a string.
pub fn deserialize_enum<'de, D, T>(deserializer: D, parse: impl FnOnce(&str) -> T) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    Ok(parse(&text))
}

/// Reads a member of a tagged union: the JSON object's `tag` property names
/// the member, and `parse` decodes the member from the whole object (so that
/// a member struct with a field for the tag gets it too).
///
/// # Errors
///
/// The value is not an object with a string `tag`, or the member does not
/// decode.
pub fn deserialize_tagged<'de, D, T>(
    deserializer: D,
    tag: &'static str,
    parse: impl FnOnce(&str, JsonValue) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::de::Error as _;
    let value = <JsonValue as serde::Deserialize>::deserialize(deserializer)?;
    let Some(member) = value.get(tag).and_then(JsonValue::as_str).map(str::to_owned) else {
        return Err(D::Error::custom(format_args!("expected an object with a string `{tag}` property")));
    };
    parse(&member, value).map_err(D::Error::custom)
}

/// Writes a member of a tagged union: the member's JSON object with the
/// `tag` property set to `value`; only the tag for a member that holds
/// nothing else.
///
/// # Errors
///
/// The member does not serialize, or not as a JSON object.
pub fn serialize_tagged<S, T>(serializer: S, tag: &str, value: &str, member: Option<&T>) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize + ?Sized,
{
    use serde::ser::Error as _;
    let mut object = match member.map(serde_json::to_value).transpose().map_err(S::Error::custom)? {
        Some(JsonValue::Object(object)) => object,
        Some(_) => {
            return Err(S::Error::custom(format_args!("a member of a union tagged by `{tag}` must be an object")));
        }
        None => serde_json::Map::new(),
    };
    object.insert(tag.to_owned(), JsonValue::String(value.to_owned()));
    serde::Serialize::serialize(&object, serializer)
}

/// Whether an envelope's status field reports failure (400–599).
#[must_use]
pub fn status_failed(status: &impl BodyStatus) -> bool {
    status.as_i64().is_some_and(|status| (400..=599).contains(&status))
}

/// An envelope's status field: an integer, possibly optional.
pub trait BodyStatus {
    /// The status, if present.
    fn as_i64(&self) -> Option<i64>;
}

macro_rules! body_status {
    ($($ty:ty),*) => {$(
        impl BodyStatus for $ty {
            fn as_i64(&self) -> Option<i64> {
                i64::try_from(*self).ok()
            }
        }
    )*};
}

body_status!(i32, i64, u16, u32, u64);

impl<T: BodyStatus> BodyStatus for Option<T> {
    fn as_i64(&self) -> Option<i64> {
        self.as_ref().and_then(BodyStatus::as_i64)
    }
}

/// The status and body of a 2xx response, or the error that any other status
/// stands for.
///
/// This and the functions below are small generic steps over non-generic
/// ones, so that what is compiled per endpoint stays small.
fn successful_body<E: Endpoint>(response: http::Response<Bytes>) -> Result<(StatusCode, Bytes), Error<E::Error>> {
    let status = response.status();
    let body = response.into_body();
    if status.is_success() {
        return Ok((status, body));
    }
    Err(error_status(E::info(), status, &body))
}

/// The error for a status other than 2xx: documented or not. Generic only
/// over the error type.
fn error_status<T: ApiError>(request: RequestInfo, status: StatusCode, body: &[u8]) -> Error<T> {
    match T::from_response(status, body) {
        Some(Ok(documented)) => Error::Api(documented),
        Some(Err(source)) => Error::Decode(decode_error(request, status, source, body)),
        None => Error::UnexpectedStatus(unexpected_status(request, status, body)),
    }
}

#[allow(clippy::unnecessary_box_returns, reason = "boxed here, once, rather than in each generic caller")]
fn unexpected_status(request: RequestInfo, status: StatusCode, body: &[u8]) -> Box<UnexpectedStatus> {
    Box::new(UnexpectedStatus { request, status, body: BodyExcerpt::new(body) })
}

#[allow(clippy::unnecessary_box_returns, reason = "boxed here, once, rather than in each generic caller")]
fn decode_error(request: RequestInfo, status: StatusCode, error: JsonError, body: &[u8]) -> Box<DecodeError> {
    Box::new(DecodeError::new(request, status, error, body))
}

/// Reads the outcome fields of an envelope from the raw body; `Some` when
/// they report failure.
fn rejection<V: Envelope>(request: RequestInfo, status: StatusCode, body: &[u8]) -> Option<Rejection> {
    let JsonValue::Object(mut fields) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    let names = V::FIELDS;
    let succeeded = fields.get(names.success).and_then(JsonValue::as_bool);
    let body_status = names.status.and_then(|name| fields.get(name)).and_then(JsonValue::as_i64);
    let failed = succeeded == Some(false) || body_status.is_some_and(|s| (400..=599).contains(&s));
    if !failed {
        return None;
    }
    let message = names.message.and_then(|name| fields.get(name)).and_then(JsonValue::as_str).map(str::to_owned);
    let errors = names.errors.and_then(|name| fields.remove(name)).filter(|errors| !errors.is_null());
    Some(Rejection { request, status, body_status, message, errors })
}

#[cfg(test)]
mod tests {
    use super::from_json;

    #[derive(Debug, serde::Deserialize)]
    struct Owner {
        #[allow(dead_code, reason = "read to be checked")]
        id: i64,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Node {
        #[allow(dead_code, reason = "read to be checked")]
        next: Option<Box<Node>>,
    }

    #[test]
    fn a_path_names_fields_indexes_and_quotes_other_keys() {
        let error = from_json::<Vec<Owner>>(br#"[{"id":1},{"id":"2"}]"#).unwrap_err();
        assert_eq!(error.path, "[1].id");
        assert_eq!(error.to_string(), r#"[1].id: invalid type: string "2", expected i64 at line 1 column 19"#);

        let error = from_json::<std::collections::BTreeMap<String, Owner>>(br#"{"a b":{"id":true}}"#).unwrap_err();
        assert_eq!(error.path, r#"["a b"].id"#);
    }

    #[test]
    fn a_path_is_bounded_however_long_or_deep_the_keys() {
        let key = "k".repeat(10_000);
        let body = format!(r#"{{"{key}":{{"id":"x"}}}}"#);
        let error = from_json::<std::collections::BTreeMap<String, Owner>>(body.as_bytes()).unwrap_err();
        assert_eq!(error.path, format!("[\"{}\"…].id", "k".repeat(64)));

        // 100 levels: the path keeps its end.
        let body = format!("{}\"x\"{}", r#"{"next":"#.repeat(100), "}".repeat(100));
        let error = from_json::<Node>(body.as_bytes()).unwrap_err();
        assert_eq!(error.path, format!("…{}", ".next".repeat(100).split_off(500 - 256)));
    }

    #[test]
    fn an_error_after_the_value_is_at_the_top() {
        let error = from_json::<i64>(b"1 2").unwrap_err();
        assert_eq!(error.path, "");
        assert_eq!(error.to_string(), "trailing characters at line 1 column 3");
    }
}

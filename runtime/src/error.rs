//! What can go wrong when an endpoint is sent, kept apart by who is to blame.

use std::borrow::Cow;
use std::fmt;

use http::{Method, StatusCode};

use crate::JsonValue;

/// The request an error belongs to: its method and path *template*
/// (`GET /api/public/bookings/{id}`).
///
/// The template, not the path sent, so that no parameter value and no query
/// string (which can hold one-time tokens) ends up in error messages or logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    /// The HTTP method.
    pub method: Method,
    /// The path template from the spec.
    pub path: &'static str,
}

impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// The documented error responses of one endpoint, one enum variant each.
///
/// Generated for every endpoint that documents errors; endpoints that
/// document none use [`std::convert::Infallible`].
pub trait ApiError: Sized {
    /// The documented error for this status, decoded from `body`; `None` when
    /// the status is not documented.
    ///
    /// # Errors
    ///
    /// The body of a documented error with a typed body did not decode.
    fn from_response(status: StatusCode, body: &[u8]) -> Option<Result<Self, JsonError>>;

    /// The documented status, name and description of this error.
    fn info(&self) -> &'static ErrorInfo;

    /// The status of the response: the documented one, or for an error that
    /// stands for several (`4XX`, `5XX`, `default`), the one that arrived.
    fn status(&self) -> StatusCode;

    /// The server's own message in the error's body, when it has one: a
    /// string field `message`, `detail`, `error_description`, `title`,
    /// `msg` or `error` of the body's type (not one marked `secret`), or of
    /// a body without a type that is a JSON object (`error.message` too).
    ///
    /// The text is the server's, as sent: [`Error`]'s `Display` shows it
    /// cut to 200 characters and quoted, with control characters escaped.
    fn message(&self) -> Option<Cow<'_, str>> {
        None
    }
}

/// What the spec says about one documented error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The status the spec documents it for, as the spec writes it: `"404"`,
    /// or for an error that stands for several, `"4XX"`, `"5XX"` or
    /// `"default"` (the status that arrived is [`ApiError::status`]).
    pub status: &'static str,
    /// Its name in the spec.
    pub name: &'static str,
    /// Its description in the spec.
    pub description: &'static str,
}

impl ApiError for std::convert::Infallible {
    fn from_response(_: StatusCode, _: &[u8]) -> Option<Result<Self, JsonError>> {
        None
    }

    fn info(&self) -> &'static ErrorInfo {
        match *self {}
    }

    fn status(&self) -> StatusCode {
        match *self {}
    }
}

/// Why sending an endpoint failed.
///
/// [`Error::Api`] holds the errors the spec documents for the endpoint, typed;
/// the other variants are what no spec can promise: statuses it does not
/// mention, envelopes that report failure, bodies that do not decode, the
/// network, and values that cannot be sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// A documented error response, such as `SetCurrentProfileError::NotFound`.
    Api(E),
    /// The response's envelope says the call failed (for example
    /// `"WasSuccessful": false`), whatever the HTTP status.
    Rejected(Box<Rejection>),
    /// A status that the spec does not document for this endpoint.
    UnexpectedStatus(Box<UnexpectedStatus>),
    /// The response body is not what the spec says.
    Decode(Box<DecodeError>),
    /// The request did not get a complete response: connection, timeout,
    /// TLS, or a body over the size limit.
    Transport(Box<TransportError>),
    /// The request was not sent, because a value in it could not be sent
    /// safely (a `..` path segment, a header value with a line break, …).
    InvalidRequest(Box<InvalidRequest>),
    /// The server redirected somewhere the client does not follow: from
    /// `https` to `http`, a body to another origin, or too many times.
    Redirect(Box<RedirectError>),
    /// Going through pages stopped before the server said the last one
    /// came: too many pages, or a page asked for twice.
    Paging(Box<PagingError>),
    /// The client gets its access tokens from a token source
    /// (`Client::token_source`), and could get none: the token endpoint
    /// refused (`invalid_client`, an expired refresh token…), did not
    /// answer, or answered without a token. The request was not sent.
    Token(Box<crate::auth::TokenError>),
}

impl<E> Error<E> {
    /// The documented error, if this is one.
    pub fn api(&self) -> Option<&E> {
        match self {
            Self::Api(error) => Some(error),
            _ => None,
        }
    }

    /// The HTTP status of the response, if one arrived.
    pub fn status(&self) -> Option<StatusCode>
    where
        E: ApiError,
    {
        match self {
            Self::Api(error) => Some(error.status()),
            Self::Rejected(rejection) => Some(rejection.status),
            Self::UnexpectedStatus(unexpected) => Some(unexpected.status),
            Self::Decode(decode) => Some(decode.status),
            Self::Redirect(redirect) => Some(redirect.status),
            Self::Transport(_) | Self::InvalidRequest(_) | Self::Paging(_) | Self::Token(_) => None,
        }
    }

    pub(crate) fn invalid_request(request: RequestInfo, reason: String) -> Self {
        Self::InvalidRequest(Box::new(InvalidRequest { request, reason }))
    }
}

impl<E: ApiError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(error) => {
                let info = error.info();
                write!(f, "the API answered {} {}", error.status().as_u16(), info.name)?;
                if !info.description.is_empty() {
                    write!(f, ": {}", info.description)?;
                }
                if let Some(message) = error.message().filter(|message| !message.trim().is_empty()) {
                    write!(f, " (the server says {})", Quoted(&message))?;
                }
                Ok(())
            }
            Self::Rejected(rejection) => rejection.fmt(f),
            Self::UnexpectedStatus(unexpected) => unexpected.fmt(f),
            Self::Decode(decode) => decode.fmt(f),
            Self::Transport(transport) => transport.fmt(f),
            Self::InvalidRequest(invalid) => invalid.fmt(f),
            Self::Redirect(redirect) => redirect.fmt(f),
            Self::Paging(paging) => paging.fmt(f),
            Self::Token(token) => token.fmt(f),
        }
    }
}

impl<E: ApiError + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Decode(decode) => Some(&decode.source),
            Self::Transport(transport) => transport.source.as_deref().map(|source| source as _),
            Self::Token(token) => Some(&**token),
            _ => None,
        }
    }
}

/// The start of a response body, kept for error messages: at most
/// [`BodyExcerpt::LIMIT`] bytes, so that a huge or hostile body cannot flood
/// a log.
#[derive(Clone, PartialEq, Eq)]
pub struct BodyExcerpt {
    text: String,
    /// How many bytes of the body `text` holds (replacing invalid UTF-8
    /// can make the text longer than they are).
    kept_len: usize,
    total_len: usize,
}

impl BodyExcerpt {
    /// How many bytes of the body are kept.
    pub const LIMIT: usize = 1024;

    /// The first bytes of `body`, as text (invalid UTF-8 replaced).
    #[must_use]
    pub fn new(body: &[u8]) -> Self {
        let mut end = body.len().min(Self::LIMIT);
        // Cut at a character boundary when the body is UTF-8 text: at most
        // three continuation bytes back (a binary body may have more).
        for _ in 0..3 {
            if end == 0 || body.get(end).is_none_or(|&byte| (byte & 0xC0) != 0x80) {
                break;
            }
            end -= 1;
        }
        let kept = body.get(..end).unwrap_or_default();
        Self { text: String::from_utf8_lossy(kept).into_owned(), kept_len: kept.len(), total_len: body.len() }
    }

    /// The kept text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The length of the whole body in bytes.
    #[must_use]
    pub fn total_len(&self) -> usize {
        self.total_len
    }

    /// Whether the body was longer than what was kept.
    #[must_use]
    pub fn is_truncated(&self) -> bool {
        self.kept_len < self.total_len
    }

    /// The server's message, when the body is a JSON object that has one
    /// (see [`ApiError::message`]) and was kept whole.
    #[must_use]
    pub fn message(&self) -> Option<String> {
        let body: JsonValue = serde_json::from_str(&self.text).ok()?;
        message_of(&body).map(str::to_owned)
    }
}

/// The fields that APIs put their error messages in: most (GitHub's,
/// Twilio's) `message`, RFC 9457 problem details `detail` (then `title`),
/// OAuth 2 `error_description`, Stripe's and OpenAI's `error.message`;
/// `error` alone last, as it is often a code (`invalid_grant`).
const MESSAGE_FIELDS: [&str; 5] = ["message", "detail", "error_description", "title", "msg"];

/// The message of an error body: the first of [`MESSAGE_FIELDS`] that is a
/// string, then `error.message`, then a string `error`.
pub(crate) fn message_of(body: &JsonValue) -> Option<&str> {
    fn text(value: Option<&JsonValue>) -> Option<&str> {
        value.and_then(JsonValue::as_str).filter(|text| !text.trim().is_empty())
    }
    MESSAGE_FIELDS
        .iter()
        .find_map(|name| text(body.get(name)))
        .or_else(|| text(body.get("error").and_then(|error| error.get("message"))))
        .or_else(|| text(body.get("error")))
}

/// Text from a server, shown in a message: at most [`Quoted::LIMIT`]
/// characters (then `…`), in quotes, with control characters and
/// invisible ones (bidi overrides…) escaped as Rust escapes them, so that it
/// cannot forge lines of a log or hide what it says.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl Quoted<'_> {
    pub(crate) const LIMIT: usize = 200;
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (cut, rest) = match self.0.char_indices().nth(Self::LIMIT) {
            Some((end, _)) => (self.0.get(..end).unwrap_or_default(), true),
            None => (self.0, false),
        };
        write!(f, "{cut:?}")?;
        if rest {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// Whether a character of a server's text is written escaped where it is
/// shown: control characters (a line break would forge a log line, an
/// escape sequence would restyle a terminal) and the ones that change the
/// direction of the text around them (which can hide what it says).
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Writes `text` with [`is_hidden`] characters escaped as Rust escapes them
/// (`\n`, `\u{1b}`, `\u{202e}`), the rest as it is.
pub(crate) fn write_visible(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for c in text.chars() {
        if is_hidden(c) {
            write!(f, "{}", c.escape_default())?;
        } else {
            fmt::Write::write_char(f, c)?;
        }
    }
    Ok(())
}

impl fmt::Display for BodyExcerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.total_len == 0 {
            return f.write_str("(empty body)");
        }
        write_visible(f, &self.text)?;
        if self.is_truncated() {
            write!(f, "… ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}

impl fmt::Debug for BodyExcerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)?;
        if self.is_truncated() {
            write!(f, "… ({} bytes in all)", self.total_len)?;
        }
        Ok(())
    }
}

/// An envelope that reports failure.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Rejection {
    /// The request.
    pub request: RequestInfo,
    /// The HTTP status, often 200 even so.
    pub status: StatusCode,
    /// The status the envelope itself carries, if it has one.
    pub body_status: Option<i64>,
    /// The envelope's message, if it has one.
    pub message: Option<String>,
    /// The envelope's errors, as JSON (`None` when absent or null).
    pub errors: Option<JsonValue>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the API reported failure (HTTP {}", self.request, self.status.as_u16())?;
        if let Some(body_status) = self.body_status {
            write!(f, ", status {body_status} in the body")?;
        }
        f.write_str(")")?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(errors) = &self.errors {
            write!(f, "; errors: {errors}")?;
        }
        Ok(())
    }
}

/// A status the spec does not document for the endpoint.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UnexpectedStatus {
    /// The request.
    pub request: RequestInfo,
    /// The status.
    pub status: StatusCode,
    /// The start of the body.
    pub body: BodyExcerpt,
}

impl fmt::Display for UnexpectedStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: unexpected status {}: {}", self.request, self.status, self.body)
    }
}

/// A body that does not match the spec.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The request.
    pub request: RequestInfo,
    /// The status of the response.
    pub status: StatusCode,
    /// Where in the body's value decoding failed, as in [`JsonError::path`]:
    /// `owner.id`, `items[3].due`; empty at the top.
    pub path: String,
    /// What the JSON decoder found, with the line and column.
    pub source: serde_json::Error,
    /// The start of the body.
    pub body: BodyExcerpt,
}

impl DecodeError {
    pub(crate) fn new(request: RequestInfo, status: StatusCode, error: JsonError, body: &[u8]) -> Self {
        Self { request, status, path: error.path, source: error.source, body: BodyExcerpt::new(body) }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the {} response does not match the spec: ", self.request, self.status)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}; body: {}", self.source, self.body)
    }
}

/// A JSON value that does not decode as its type: where, and what serde
/// found there.
#[derive(Debug)]
#[non_exhaustive]
pub struct JsonError {
    /// The path into the value where decoding failed: field names joined
    /// with `.`, list indexes in brackets (`owner.id`, `items[3].due`); a
    /// name that is not plain (with a dot, a space, a quote, a control
    /// character) in brackets and quotes, escaped (`labels["a.b"]`). Empty
    /// at the top of the value, or when the JSON is not well-formed before
    /// any value is read.
    pub path: String,
    /// serde's error, with the line and column.
    pub source: serde_json::Error,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        self.source.fmt(f)
    }
}

impl std::error::Error for JsonError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A request that got no complete response.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The request.
    pub request: RequestInfo,
    /// What happened, in words.
    pub message: String,
    /// Whether a timeout ended it.
    pub timeout: bool,
    /// The underlying error, if any. URLs are stripped from it: a query
    /// string can carry a token.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.request, self.message)
    }
}

/// A request that was not sent, and why.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct InvalidRequest {
    /// The request.
    pub request: RequestInfo,
    /// Why it was not sent.
    pub reason: String,
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: not sent: {}", self.request, self.reason)
    }
}

/// A redirect that the client did not follow, and why. See
/// [`ClientBuilder::max_redirects`](crate::ClientBuilder::max_redirects)
/// for the redirects it does follow.
///
/// Its `Debug` and `Display` show where the redirect pointed only as an
/// origin (`https://host:port`): the rest of a `Location` can hold a
/// signed URL's token. [`location`](Self::location) gives all of it.
#[derive(Clone)]
#[non_exhaustive]
pub struct RedirectError {
    /// The request.
    pub request: RequestInfo,
    /// The redirect's status (301, 302, 303, 307 or 308).
    pub status: StatusCode,
    /// Why it was not followed.
    pub reason: RedirectReason,
    /// The `Location`, resolved against the URL it answered; as sent when
    /// it is no `http` or `https` URL.
    pub(crate) location: Option<Box<str>>,
    /// The scheme, host and port of `location`.
    pub(crate) target_origin: Option<Box<str>>,
}

impl RedirectError {
    /// Where the server redirected to, as a whole URL (or as the server
    /// sent it, when it is not an `http` or `https` URL): for a caller that
    /// decides to follow it by other means.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// The scheme, host and port that the redirect pointed to.
    #[must_use]
    pub fn target_origin(&self) -> Option<&str> {
        self.target_origin.as_deref()
    }
}

impl fmt::Debug for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedirectError")
            .field("request", &self.request)
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("target_origin", &self.target_origin())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: the server redirected ({})", self.request, self.status.as_u16())?;
        if let Some(origin) = self.target_origin() {
            write!(f, " to {origin}")?;
        }
        let reason = match self.reason {
            RedirectReason::Downgrade => {
                "not followed from https to http, where anyone on the way can read and change it"
            }
            RedirectReason::BodyToOtherOrigin => {
                "not followed: it would send the request's body to another origin (scheme, host or port)"
            }
            RedirectReason::TooMany { limit } => return write!(f, ": more than {limit} redirects in a row"),
            RedirectReason::InvalidLocation => "not followed: its `Location` is not an http or https URL",
        };
        write!(f, ": {reason}")
    }
}

impl std::error::Error for RedirectError {}

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectReason {
    /// From `https` to `http`: the request and its answer would cross the
    /// network in clear text.
    Downgrade,
    /// A 307 or 308 to another origin, which would send the request's body
    /// (a password in a form, say) there.
    BodyToOtherOrigin,
    /// More redirects in a row than the client follows.
    TooMany {
        /// The most the client follows.
        limit: u32,
    },
    /// The `Location` is missing a usable `http` or `https` URL.
    InvalidLocation,
}

/// Going through the pages of a paged endpoint stopped early, and why. See
/// [`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PagingError {
    /// The paged request.
    pub request: RequestInfo,
    /// How many pages were fetched before stopping.
    pub pages: u32,
    /// Why it stopped.
    pub reason: PagingReason,
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: stopped after page {}: ", self.request, self.pages)?;
        match self.reason {
            PagingReason::TooManyPages { limit } => {
                write!(f, "the server says more follow, and {limit} pages is the most this client fetches")
            }
            PagingReason::Repeated => f.write_str("the next page is one already fetched, so the pages would never end"),
            PagingReason::OtherOrigin => f.write_str(
                "the response gave the next page's URL at another origin than the API's, where the client does not \
                 send its requests",
            ),
            PagingReason::InvalidUrl => f.write_str("the response gave the next page's URL, which is not a valid URL"),
        }
    }
}

impl std::error::Error for PagingError {}

/// Why going through pages stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingReason {
    /// The most pages the client fetches in one go were fetched, and the
    /// last one still said another follows.
    TooManyPages {
        /// The most pages the client fetches.
        limit: u32,
    },
    /// The request for the next page is one already sent (the same URL and
    /// body): a server that hands out the same cursor again.
    Repeated,
    /// The response gave the next page's URL (in the body or a `Link`
    /// header) at another origin (scheme, host, port) than the request's:
    /// it is not followed, as the request would carry the API's
    /// credentials there.
    OtherOrigin,
    /// The response gave the next page's URL, and it does not parse.
    InvalidUrl,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::BodyExcerpt;

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Any body, text or not, gives a bounded excerpt.
        #[test]
        fn any_body_gives_a_bounded_excerpt(
            body in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..3000),
                "\\PC{0,1500}".prop_map(String::into_bytes),
            ]
        ) {
            let excerpt = BodyExcerpt::new(&body);
            // Each invalid byte may become a three-byte replacement character.
            prop_assert!(excerpt.text().len() <= BodyExcerpt::LIMIT * 3);
            prop_assert_eq!(excerpt.total_len(), body.len());
            prop_assert_eq!(excerpt.is_truncated(), body.len() > BodyExcerpt::LIMIT);
            let _ = (excerpt.to_string(), format!("{excerpt:?}"));
        }
    }

    #[test]
    fn an_excerpt_shows_control_and_direction_characters_escaped() {
        // A hostile body would otherwise forge a log line, restyle a
        // terminal or turn the text around it.
        let excerpt = BodyExcerpt::new("{\"a\": 1}\nERROR forged\r\u{1b}[31m\u{202e}red\t".as_bytes());
        assert_eq!(excerpt.to_string(), "{\"a\": 1}\\nERROR forged\\r\\u{1b}[31m\\u{202e}red\\t");
        assert_eq!(excerpt.text(), "{\"a\": 1}\nERROR forged\r\u{1b}[31m\u{202e}red\t", "the text itself is kept");
    }

    #[test]
    fn an_excerpt_is_bounded_and_cut_at_a_character_boundary() {
        let body = "é".repeat(2000);
        let excerpt = BodyExcerpt::new(body.as_bytes());
        assert!(excerpt.text().len() <= BodyExcerpt::LIMIT);
        assert!(excerpt.text().chars().all(|c| c == 'é'));
        assert!(excerpt.is_truncated());
        assert!(excerpt.to_string().ends_with("(4000 bytes in all)"));
    }
}

//! Options of one request: its timeout and deadline, headers of its own
//! (an idempotency key), and its retry policy, without building another
//! client (`client.send_with(endpoint, &options)`).

use std::borrow::Cow;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};

use crate::RetryPolicy;

/// What one call of `send_with` does differently from the client's
/// settings. Cheap to clone; the same options can go with many requests.
///
/// ```
/// use std::time::Duration;
/// use endpointgen::{RequestOptions, RetryPolicy};
///
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .header("X-Request-Id", "7f3c")
///     .idempotency_key("order-42-attempt-1")
///     .retry(RetryPolicy::new().max_retries(5));
/// ```
#[derive(Clone)]
#[must_use]
pub struct RequestOptions {
    timeout: Option<Duration>,
    /// Whether the request has a deadline of its own: `deadline`, which
    /// may be none.
    own_deadline: bool,
    deadline: Option<Duration>,
    retry: Option<RetryPolicy>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// Set by [`idempotency_key`](Self::idempotency_key): the request may
    /// be retried whatever its method.
    idempotent: bool,
    /// Why a header given cannot be sent; sending then fails with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    refused: Option<String>,
}

/// Headers that a request's own options may not set: the credentials are
/// the client's to send (a per-request `Authorization` would silently
/// replace them, or be sent where none should go), and the others describe
/// the connection and the body, which the client writes.
const NOT_PER_REQUEST: [HeaderName; 6] = [
    http::header::AUTHORIZATION,
    http::header::PROXY_AUTHORIZATION,
    http::header::HOST,
    http::header::CONTENT_LENGTH,
    http::header::TRANSFER_ENCODING,
    http::header::CONNECTION,
];

impl Default for RequestOptions {
    fn default() -> Self {
        Self::NONE
    }
}

impl RequestOptions {
    /// No change, as a constant (for a `static`).
    pub(crate) const NONE: Self = Self {
        timeout: None,
        own_deadline: false,
        deadline: None,
        retry: None,
        headers: Vec::new(),
        idempotent: false,
        refused: None,
    };

    /// No change from the client's settings.
    pub fn new() -> Self {
        Self::NONE
    }

    /// The longest each attempt of this request may take, response body
    /// included, instead of the client's
    /// [`timeout`](crate::ClientBuilder::timeout).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest the whole call may take (every attempt, redirect and
    /// wait; the time spent getting an access token counts against it),
    /// instead of the client's
    /// [`deadline`](crate::ClientBuilder::deadline); `None` has none.
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.own_deadline = true;
        self.deadline = deadline;
        self
    }

    /// How this request is retried, instead of the client's
    /// [`retry`](crate::ClientBuilder::retry) policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// A header sent with this request, in place of the endpoint's or a
    /// default header of the same name. Its value is hidden from `Debug`
    /// output, and it does not follow a redirect to another origin, as a
    /// default header does not. `Authorization` and `Proxy-Authorization`
    /// (the client's credentials say those), `Host`, `Content-Length`,
    /// `Transfer-Encoding` and `Connection` cannot be set here, nor a name
    /// or value that is not valid in a header (a line break): sending then
    /// fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.refused.get_or_insert_with(|| format!("`{name}` is not a valid header name"));
            return self;
        };
        if NOT_PER_REQUEST.contains(&name) {
            self.refused.get_or_insert_with(|| {
                format!(
                    "the header `{name}` cannot be set for one request: the client writes it (credentials go to the \
                     client: `.bearer`, `.token_source`, …)"
                )
            });
            return self;
        }
        match HeaderValue::from_str(value) {
            Ok(mut value) => {
                value.set_sensitive(true);
                self.headers.retain(|(known, _)| *known != name);
                self.headers.push((name, value));
            }
            Err(_) => {
                self.refused.get_or_insert_with(|| {
                    format!("the value of the header `{name}` has a character that cannot go in a header")
                });
            }
        }
        self
    }

    /// An `Idempotency-Key` header: the server acts on a request with a key
    /// once, however many times it arrives. With it, the request is retried
    /// as its retry policy says whatever its method (a `POST` too), since a
    /// retry cannot act twice.
    pub fn idempotency_key(mut self, key: &str) -> Self {
        self.idempotent = true;
        self.header("Idempotency-Key", key)
    }

    /// Puts the headers in `headers`.
    ///
    /// # Errors
    ///
    /// Why a header given cannot be sent.
    pub(crate) fn apply_headers(&self, headers: &mut http::HeaderMap) -> Result<(), String> {
        if let Some(refused) = &self.refused {
            return Err(refused.clone());
        }
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        Ok(())
    }

    /// The retry policy of this request: its own or the client's, allowed
    /// to retry any method when the request has an idempotency key.
    pub(crate) fn retry_policy<'p>(&'p self, client: &'p RetryPolicy) -> Cow<'p, RetryPolicy> {
        let policy = self.retry.as_ref().unwrap_or(client);
        if self.idempotent { Cow::Owned(policy.clone().retry_non_idempotent(true)) } else { Cow::Borrowed(policy) }
    }

    /// The attempt timeout, when this request has its own.
    pub(crate) fn own_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The deadline: this request's own, or `client`'s.
    pub(crate) fn deadline_or(&self, client: Option<Duration>) -> Option<Duration> {
        if self.own_deadline { self.deadline } else { client }
    }
}

impl std::fmt::Debug for RequestOptions {
    /// Header values can be secrets: only their names are shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.own_deadline.then_some(self.deadline))
            .field("retry", &self.retry)
            .field("headers", &names)
            .field("idempotent", &self.idempotent)
            .field("refused", &self.refused)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http::{HeaderMap, Method};

    use super::RequestOptions;
    use crate::RetryPolicy;

    #[test]
    fn headers_replace_those_of_the_same_name_and_hide_their_values() {
        let options = RequestOptions::new().header("X-Trace", "one").header("x-trace", "s3cr3t");
        let mut headers = HeaderMap::new();
        headers.insert("x-trace", "endpoint".parse().unwrap());
        options.apply_headers(&mut headers).unwrap();
        assert_eq!(headers.get_all("x-trace").iter().collect::<Vec<_>>(), ["s3cr3t"]);
        assert!(headers["x-trace"].is_sensitive());
        assert!(!format!("{options:?}").contains("s3cr3t"));
    }

    #[test]
    fn credentials_framing_and_broken_headers_are_refused() {
        for options in [
            RequestOptions::new().header("Authorization", "Bearer other"),
            RequestOptions::new().header("content-length", "0"),
            RequestOptions::new().header("X-Ok", "a\r\nX-Evil: 1"),
            RequestOptions::new().header("bad name", "a"),
            RequestOptions::new().idempotency_key("line\nbreak"),
        ] {
            let mut headers = HeaderMap::new();
            let refused = options.apply_headers(&mut headers).unwrap_err();
            assert!(headers.is_empty(), "{refused}");
        }
    }

    #[test]
    fn an_idempotency_key_lets_any_method_be_retried() {
        let client = RetryPolicy::new();
        let plain = RequestOptions::new();
        let throttled = HeaderMap::new();
        let conflict = http::StatusCode::CONFLICT;
        assert!(plain.retry_policy(&client).start().after(&Method::POST, conflict, &throttled).is_none());
        let keyed = RequestOptions::new().idempotency_key("k-1");
        assert!(keyed.retry_policy(&client).start().after(&Method::POST, conflict, &throttled).is_some());
        let never = keyed.retry(RetryPolicy::never());
        assert!(never.retry_policy(&client).start().after(&Method::POST, conflict, &throttled).is_none());
        let mut headers = HeaderMap::new();
        never.apply_headers(&mut headers).unwrap();
        assert_eq!(headers["idempotency-key"], "k-1");
        assert_eq!(RequestOptions::new().deadline(None).deadline_or(Some(Duration::from_secs(1))), None);
    }
}

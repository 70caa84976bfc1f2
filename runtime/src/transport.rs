//! What the async and the blocking clients share: settings, preparing a
//! request, and the bookkeeping around each attempt (hooks, tracing,
//! retries). Each client only sends and sleeps its own way.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};

use crate::auth::{Credentials, SatisfiedBy};
use crate::error::{Error, RequestInfo, TransportError};
use crate::hook::{Exchange, Hook};
use crate::request::Parts;
use crate::retry::{Retries, RetryPolicy};
use crate::{BaseUrl, Endpoint, RequestBuilder};

/// Settings common to both clients.
pub(crate) struct Settings {
    pub(crate) base_url: BaseUrl,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    /// Sent with every request unless the endpoint sets the same header.
    pub(crate) default_headers: HeaderMap,
    /// The base URL's scheme and authority, parsed once.
    pub(crate) origin: Option<Origin>,
}

/// The base URL's scheme and authority (`https://host:8443/`), parsed once
/// when the client is built, so that each request's URL is parsed from its
/// path on: the host is not parsed again for every request.
pub(crate) struct Origin {
    url: reqwest::Url,
    /// The base URL up to where its path starts, as written.
    text: Box<str>,
}

impl Origin {
    /// `None` for a base URL this does not understand; requests then parse
    /// their whole URL.
    fn new(base_url: &BaseUrl) -> Option<Self> {
        let base = base_url.as_str();
        let authority = base.find("://")? + 3;
        let path_start = base[authority..].find('/').map_or(base.len(), |index| authority + index);
        let text = &base[..path_start];
        // A backslash is a slash to `url::Url` in http(s) URLs; `BaseUrl`
        // does not allow one, and this does not rely on it.
        if text.contains('\\') {
            return None;
        }
        let url = reqwest::Url::parse(text).ok()?;
        (url.path() == "/" && url.query().is_none() && url.fragment().is_none())
            .then(|| Self { url, text: text.into() })
    }

    /// Parses `url`, the base URL followed by a path and query.
    ///
    /// When the path after the origin starts with one `/` and not two (nor
    /// `/\`, which `url::Url` reads the same), it is parsed relative to the
    /// origin, as `url::Url` parses the same text after a scheme and host:
    /// the same URL. Anything else (`//host` would name another host) is
    /// parsed whole.
    pub(crate) fn parse(origin: Option<&Self>, url: &str) -> Result<reqwest::Url, String> {
        let relative = origin.and_then(|origin| {
            let path = url.strip_prefix(&*origin.text)?;
            let after_slash = path.strip_prefix('/')?;
            (!after_slash.starts_with(['/', '\\'])).then_some((origin, path))
        });
        let parsed = match relative {
            Some((origin, path)) => reqwest::Url::options().base_url(Some(&origin.url)).parse(path),
            None => reqwest::Url::parse(url),
        };
        parsed.map_err(|error| format!("the URL is not valid: {error}"))
    }
}

/// A request ready to send: the endpoint's request with the client's default
/// headers and the credentials, its URL parsed once, straight into the
/// `url::Url` that reqwest sends. Each client makes its own reqwest request
/// type of it ([`Client::build_request`](crate::Client::build_request)).
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) url: reqwest::Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Prepared {
    /// The endpoint's request with the client's default headers and the
    /// credentials.
    ///
    /// The generic part is only what needs the endpoint's and the
    /// credentials' types; the rest is in [`Prepared::from_parts`], which
    /// is compiled once for all endpoints.
    ///
    /// This does not go through [`Endpoint::to_request`]: its
    /// [`http::Request`] has a parsed [`http::Uri`], which reqwest would
    /// print and parse again as a `url::Url`. The endpoint writes the same
    /// [`RequestBuilder`] either way, so the request is the same.
    pub(crate) fn new<E, C>(settings: &Settings, endpoint: &E, credentials: &C) -> Result<Self, Error<E::Error>>
    where
        E: Endpoint,
        C: Credentials,
        E::Auth: SatisfiedBy<C, E>,
    {
        let mut builder = RequestBuilder::for_base(&settings.base_url);
        endpoint.write_request(&mut builder);
        let mut prepared = Self::from_parts(settings, E::METHOD, builder)
            .map_err(|reason| Error::invalid_request(E::info(), reason))?;
        <E::Auth as SatisfiedBy<C, E>>::authorize(credentials, &mut prepared.headers)
            .map_err(|reason| Error::invalid_request(E::info(), reason.to_owned()))?;
        Ok(prepared)
    }

    /// The URL parsed once, and the client's default headers where the
    /// endpoint set none of the same name.
    fn from_parts(settings: &Settings, method: Method, builder: RequestBuilder) -> Result<Self, String> {
        let Parts { url, mut headers, body } = builder.into_parts(&settings.base_url)?;
        let url = Origin::parse(settings.origin.as_ref(), &url)?;
        for (name, value) in &settings.default_headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        Ok(Self { method, url, headers, body: Bytes::from(body) })
    }
}

/// The attempts at one request: counts them, calls the hooks, records them
/// in the request's tracing span, and decides on retries.
pub(crate) struct Attempts<'s> {
    settings: &'s Settings,
    info: RequestInfo,
    retries: Retries<'s>,
    attempt: u32,
    started: Instant,
    span: tracing::Span,
}

impl<'s> Attempts<'s> {
    pub(crate) fn new(settings: &'s Settings, info: RequestInfo) -> Self {
        // The method and the path template: never the URL, whose query can
        // carry a token, and never a header.
        let span = tracing::info_span!(
            "endpointgen.request",
            http.method = %info.method,
            url.template = info.path,
            http.status_code = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        Self { settings, retries: settings.retry.start(), info, attempt: 0, started: Instant::now(), span }
    }

    /// The span that the request's events belong to.
    pub(crate) fn span(&self) -> &tracing::Span {
        &self.span
    }

    /// Whether another attempt may follow the next one: when not, the
    /// client sends the prepared request itself rather than a copy.
    pub(crate) fn may_retry(&self) -> bool {
        self.retries.may_retry(&self.info.method)
    }

    /// Counts an attempt and lets the hooks see (and add to) its headers.
    pub(crate) fn start(&mut self, headers: &mut HeaderMap) {
        self.attempt += 1;
        for hook in &self.settings.hooks {
            hook.on_request(&self.info, headers);
        }
        self.started = Instant::now();
    }

    /// Records how an attempt ended. For a response, returns how long to
    /// wait before the next attempt, or `None` when this response is the
    /// answer.
    pub(crate) fn finish(&mut self, outcome: Result<&http::Response<Bytes>, &Failure>) -> Option<Duration> {
        let exchange = Exchange {
            request: &self.info,
            attempt: self.attempt,
            status: outcome.ok().map(http::Response::status),
            headers: outcome.ok().map(http::Response::headers),
            elapsed: self.started.elapsed(),
            failure: outcome.err().map(|failure| failure.message.as_str()),
        };
        for hook in &self.settings.hooks {
            hook.on_response(&exchange);
        }
        self.span.record("attempts", self.attempt);
        let response = outcome.ok()?;
        let status = response.status();
        self.span.record("http.status_code", status.as_u16());
        let wait = self.retries.after(&self.info.method, status, response.headers())?;
        tracing::info!(
            parent: &self.span,
            http.status_code = status.as_u16(),
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            retry = self.retries.count(),
            "throttled; sending again"
        );
        Some(wait)
    }

    /// The error for a transport failure of this request. Not generic over
    /// the endpoint's error type: the caller wraps it in
    /// [`Error::Transport`].
    #[allow(clippy::unnecessary_box_returns, reason = "boxed here, once, rather than in each generic caller")]
    pub(crate) fn transport_error(&self, failure: Failure) -> Box<TransportError> {
        tracing::info!(parent: &self.span, error = %failure.message, "no response");
        Box::new(TransportError {
            request: self.info.clone(),
            message: failure.message,
            timeout: failure.timeout,
            source: failure.source,
        })
    }
}

/// A transport failure before the endpoint it belongs to is known.
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) timeout: bool,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Failure {
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        // The URL can carry a one-time token in its query: keep it out.
        let error = error.without_url();
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(&error);
        while let Some(inner) = cause {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            cause = inner.source();
        }
        Self { message, timeout: error.is_timeout(), source: Some(Box::new(error)) }
    }

    pub(crate) fn too_large(limit: usize) -> Self {
        Self {
            message: format!("the response body is larger than the limit of {limit} bytes"),
            timeout: false,
            source: None,
        }
    }
}

/// A response body read chunk by chunk within a size limit. A body that
/// comes in one chunk (most JSON answers) is kept as that chunk, without a
/// copy; more chunks are joined.
pub(crate) struct BodyBuffer {
    limit: usize,
    first: Option<Bytes>,
    joined: Vec<u8>,
}

impl BodyBuffer {
    pub(crate) fn new(limit: usize) -> Self {
        Self { limit, first: None, joined: Vec::new() }
    }

    /// Adds a chunk; fails once the body is over the limit.
    pub(crate) fn push(&mut self, chunk: Bytes) -> Result<(), Failure> {
        let length = self.first.as_ref().map_or(self.joined.len(), Bytes::len);
        if length + chunk.len() > self.limit {
            return Err(Failure::too_large(self.limit));
        }
        if let Some(first) = self.first.take() {
            self.joined.reserve(first.len() + chunk.len());
            self.joined.extend_from_slice(&first);
            self.joined.extend_from_slice(&chunk);
        } else if self.joined.is_empty() {
            self.first = Some(chunk);
        } else {
            self.joined.extend_from_slice(&chunk);
        }
        Ok(())
    }

    /// The whole body.
    pub(crate) fn finish(self) -> Bytes {
        self.first.unwrap_or_else(|| Bytes::from(self.joined))
    }
}

/// The settings shared by both client builders.
#[derive(Debug)]
pub(crate) struct BuilderSettings {
    pub(crate) base_url: String,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) user_agent: String,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) default_headers: Vec<(String, String)>,
}

impl BuilderSettings {
    pub(crate) fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: concat!("endpointgen/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_response_bytes: 16 * 1024 * 1024,
            retry: RetryPolicy::default(),
            default_headers: Vec::new(),
        }
    }

    /// The settings, checked.
    pub(crate) fn settings(&self, hooks: Vec<Arc<dyn Hook>>) -> Result<Settings, crate::ClientError> {
        let base_url = BaseUrl::parse(&self.base_url).map_err(crate::ClientError::BaseUrl)?;
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| crate::ClientError::Header(format!("`{name}` is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| crate::ClientError::Header(format!("the value of `{name}` has a control character")))?;
            default_headers.append(name, value);
        }
        Ok(Settings {
            origin: Origin::new(&base_url),
            base_url,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry.clone(),
            hooks,
            default_headers,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Origin;
    use crate::BaseUrl;

    #[test]
    fn a_url_parsed_after_the_origin_is_the_url_parsed_whole() {
        let bases = [
            "https://api.example.com",
            "http://127.0.0.1:8080/portal/",
            "HTTPS://User:Secret@API.Example.com:443/v1/",
            "http://[::1]:80",
            "https://xn--caf-dma.example/a/b",
        ];
        let paths = [
            "/items/42?expand=true&fields=name%2Ctags",
            "/a/../b/./c",
            "/%2e%2e/x",
            "//evil.example/x",
            "/\\evil.example/x",
            "",
            "?q=1",
            "evil.example/x",
            "/",
            "/items:search/@me;x=1?",
        ];
        for base in bases {
            let base = BaseUrl::parse(base).unwrap();
            let origin = Origin::new(&base);
            assert!(origin.is_some(), "{base:?}");
            for path in paths {
                let url = format!("{base}{path}");
                let whole = reqwest::Url::parse(&url).map_err(|error| format!("the URL is not valid: {error}"));
                assert_eq!(Origin::parse(origin.as_ref(), &url), whole, "{url}");
                assert_eq!(Origin::parse(None, &url), whole, "{url}");
            }
        }
    }
}

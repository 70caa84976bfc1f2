//! What the async and the blocking clients share: settings, preparing a
//! request, and the bookkeeping around each attempt (hooks, tracing,
//! retries). Each client only sends and sleeps its own way.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Uri};

use crate::auth::{Credentials, SatisfiedBy};
use crate::error::{Error, RequestInfo, TransportError};
use crate::hook::{Exchange, Hook};
use crate::retry::{Retries, RetryPolicy};
use crate::{BaseUrl, Endpoint};

/// Settings common to both clients.
pub(crate) struct Settings {
    pub(crate) base_url: BaseUrl,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    /// Sent with every request unless the endpoint sets the same header.
    pub(crate) default_headers: HeaderMap,
}

/// A request ready to send, as many times as retries need.
pub(crate) struct Prepared {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl Prepared {
    /// The endpoint's request with the client's default headers and the
    /// credentials.
    ///
    /// The generic part is only what needs the endpoint's and the
    /// credentials' types; the rest is in [`Prepared::with_defaults`], which
    /// is compiled once for all endpoints.
    pub(crate) fn new<E, C>(settings: &Settings, endpoint: &E, credentials: &C) -> Result<Self, Error<E::Error>>
    where
        E: Endpoint,
        C: Credentials,
        E::Auth: SatisfiedBy<C, E>,
    {
        let mut prepared = Self::with_defaults(settings, endpoint.to_request(&settings.base_url)?);
        <E::Auth as SatisfiedBy<C, E>>::authorize(credentials, &mut prepared.headers)
            .map_err(|reason| Error::invalid_request(E::info(), reason.to_owned()))?;
        Ok(prepared)
    }

    /// The request with the client's default headers where the endpoint set
    /// none of the same name.
    fn with_defaults(settings: &Settings, request: http::Request<Vec<u8>>) -> Self {
        let (parts, body) = request.into_parts();
        let mut headers = parts.headers;
        for (name, value) in &settings.default_headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        Self { method: parts.method, uri: parts.uri, headers, body: Bytes::from(body) }
    }

    /// A request for the next attempt, after the hooks had their say.
    pub(crate) fn request(&self, attempts: &mut Attempts<'_>) -> http::Request<Bytes> {
        let mut request = http::Request::new(self.body.clone());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        attempts.start(request.headers_mut());
        request
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

    fn start(&mut self, headers: &mut HeaderMap) {
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
            base_url,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry.clone(),
            hooks,
            default_headers,
        })
    }
}

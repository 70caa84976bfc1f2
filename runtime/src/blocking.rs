//! A blocking client for the same generated endpoints, for code without an
//! async runtime (feature `blocking`). Made by
//! [`ClientBuilder::build_blocking`](crate::ClientBuilder::build_blocking).
//!
//! Like reqwest's blocking client it runs its own small runtime: do not call
//! it from async code.

use std::fmt;
use std::io::Read as _;
use std::sync::Arc;

use bytes::Bytes;

use crate::auth::{Anonymous, ApiKey, BearerToken, Credentials, SatisfiedBy};
use crate::error::Error;
use crate::transport::{Attempts, Failure, Prepared, Settings};
use crate::{BaseUrl, ClientError, Endpoint, Paged};

/// Sends endpoints over HTTP, blocking the calling thread. Everything else is
/// as for the async [`Client`](crate::Client): credentials checked at compile
/// time, retries, hooks, tracing, size limit.
#[derive(Clone)]
pub struct Client<C: Credentials = Anonymous> {
    shared: Arc<Shared>,
    credentials: C,
}

struct Shared {
    http: reqwest::blocking::Client,
    settings: Settings,
}

impl Client {
    /// A blocking client for the API at `base_url`, with the default
    /// settings and no credentials.
    ///
    /// # Errors
    ///
    /// An invalid base URL, or a TLS setup that cannot be built.
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        crate::Client::builder(base_url).build_blocking()
    }

    pub(crate) fn from_parts(http: reqwest::blocking::Client, settings: Settings) -> Self {
        Self { shared: Arc::new(Shared { http, settings }), credentials: Anonymous }
    }
}

impl<C: Credentials> Client<C> {
    /// The same client, sending `token` as `Authorization: Bearer <token>`.
    #[must_use]
    pub fn bearer(self, token: &str) -> Client<BearerToken> {
        Client { shared: self.shared, credentials: BearerToken::new(token) }
    }

    /// The same client, sending `key` in the header that each endpoint's API
    /// key scheme names.
    #[must_use]
    pub fn api_key(self, key: &str) -> Client<ApiKey> {
        Client { shared: self.shared, credentials: ApiKey::new(key) }
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &BaseUrl {
        &self.shared.settings.base_url
    }

    /// Sends `endpoint` and decodes its response.
    ///
    /// # Errors
    ///
    /// As [`Client::send`](crate::Client::send).
    pub fn send<E>(&self, endpoint: E) -> Result<E::Output, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        // As in the async client: only building the request and decoding
        // the response are generic; the attempts are compiled once.
        let request = self.build_request(&endpoint)?;
        drop(endpoint);
        match self.shared.exchange(request, E::info()) {
            Ok(response) => E::decode(response),
            Err(error) => Err(Error::Transport(error)),
        }
    }

    /// The request that [`send`](Self::send) sends for `endpoint`, built as
    /// [`Client::build_request`](crate::Client::build_request) builds it
    /// (the URL parsed once; the endpoint's and the client's default
    /// headers, the credentials, the body), as a blocking reqwest request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a value cannot be sent safely, or the
    /// credentials cannot be a header value.
    pub fn build_request<E>(&self, endpoint: &E) -> Result<reqwest::blocking::Request, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        Prepared::new(&self.shared.settings, endpoint, &self.credentials).map(into_reqwest)
    }

    /// The pages of a paged endpoint, one request each, starting with the
    /// page `first` asks for; the iterator ends after the last page, or
    /// after an error.
    pub fn pages<E>(&self, first: E) -> impl Iterator<Item = Result<E::Output, Error<E::Error>>> + '_
    where
        E: Paged + 'static,
        E::Auth: SatisfiedBy<C, E>,
    {
        let mut next = Some(first);
        std::iter::from_fn(move || {
            let endpoint = next.take()?;
            let result = self.send(endpoint.clone());
            if let Ok(page) = &result {
                next = endpoint.next_page(page);
            }
            Some(result)
        })
    }
}

impl Shared {
    /// Sends a request until it gets an answer that is not throttled, in the
    /// request's tracing span, and returns that answer.
    fn exchange(
        &self,
        request: reqwest::blocking::Request,
        info: crate::error::RequestInfo,
    ) -> Result<http::Response<Bytes>, Box<crate::error::TransportError>> {
        let mut attempts = Attempts::new(&self.settings, info);
        let span = attempts.span().clone();
        let _entered = span.enter();
        // As in the async client: a copy for each attempt that a retry may
        // follow, the request itself for the last.
        let mut request = request;
        loop {
            let (mut attempt, kept) = match attempts.may_retry().then(|| request.try_clone()).flatten() {
                Some(copy) => (copy, Some(request)),
                None => (request, None),
            };
            attempts.start(attempt.headers_mut());
            match self.execute(attempt) {
                Ok(response) => match (attempts.finish(Ok(&response)), kept) {
                    (Some(wait), Some(kept)) => {
                        std::thread::sleep(wait);
                        request = kept;
                    }
                    _ => return Ok(response),
                },
                Err(failure) => {
                    attempts.finish(Err(&failure));
                    return Err(attempts.transport_error(failure));
                }
            }
        }
    }

    fn execute(&self, request: reqwest::blocking::Request) -> Result<http::Response<Bytes>, Failure> {
        let mut response = self.http.execute(request).map_err(Failure::from_reqwest)?;
        let limit = self.settings.max_response_bytes;
        let length = response.content_length();
        if length.is_some_and(|length| length > limit as u64) {
            return Err(Failure::too_large(limit));
        }
        // One byte more than allowed tells a body at the limit from one over it.
        let mut body = Vec::with_capacity(length.map_or(0, |length| usize::try_from(length).unwrap_or(limit)));
        let read = (&mut response).take(limit as u64 + 1).read_to_end(&mut body);
        read.map_err(|error| Failure {
            message: format!("reading the body failed: {error}"),
            timeout: false,
            source: Some(Box::new(error)),
        })?;
        if body.len() > limit {
            return Err(Failure::too_large(limit));
        }
        let mut decoded = http::Response::new(Bytes::from(body));
        *decoded.status_mut() = response.status();
        *decoded.version_mut() = response.version();
        *decoded.headers_mut() = std::mem::take(response.headers_mut());
        Ok(decoded)
    }
}

/// The blocking reqwest request for a prepared one: no parsing, only moves.
fn into_reqwest(prepared: Prepared) -> reqwest::blocking::Request {
    let mut request = reqwest::blocking::Request::new(prepared.method, prepared.url);
    *request.headers_mut() = prepared.headers;
    *request.body_mut() = Some(prepared.body.into());
    request
}

impl<C: Credentials> fmt::Debug for Client<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("base_url", &self.shared.settings.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

//! A blocking client for the same generated endpoints, for code without an
//! async runtime (feature `blocking`). Made by
//! [`ClientBuilder::build_blocking`](crate::ClientBuilder::build_blocking).
//!
//! Like reqwest's blocking client it runs its own small runtime: do not call
//! it from async code.

use std::fmt;
use std::io::Read as _;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use crate::auth::{
    Anonymous, ApiKey, BasicCredentials, BearerToken, Credentials, SatisfiedBy, TokenCredentials, TokenSource,
};
use crate::error::Error;
use crate::paging::{PageGuard, PageRequest};
use crate::transport::{Call, Failure, Limits, Next, Prepared, Settings, Stopped, whole_response};
use crate::{BaseUrl, ClientError, Endpoint, Paged, RequestOptions};

/// Sends endpoints over HTTP, blocking the calling thread. Everything else is
/// as for the async [`Client`](crate::Client): credentials checked at compile
/// time, retries, redirects, the deadline, hooks, tracing, size limit.
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
        self.credentials(BearerToken::new(token))
    }

    /// The same client, sending `key` where each endpoint's API key scheme
    /// says: a header, a query parameter or a cookie.
    #[must_use]
    pub fn api_key(self, key: &str) -> Client<ApiKey> {
        self.credentials(ApiKey::new(key))
    }

    /// The same client, sending `username` and `password` as HTTP Basic
    /// credentials: `Authorization: Basic <base64 of username:password>`.
    #[must_use]
    pub fn basic(self, username: &str, password: &str) -> Client<BasicCredentials> {
        self.credentials(BasicCredentials::new(username, password))
    }

    /// The same client, holding `credentials`: for an endpoint that needs
    /// several schemes at once ([`AllOf`](crate::auth::AllOf)), a tuple of
    /// the credentials of each.
    #[must_use]
    pub fn credentials<K: Credentials>(self, credentials: K) -> Client<K> {
        Client { shared: self.shared, credentials }
    }

    /// The same client, getting its access tokens from `source`, as
    /// [`Client::token_source`](crate::Client::token_source) does: one
    /// thread fetches a token when several need one, the others wait for it.
    #[must_use]
    pub fn token_source(self, source: impl TokenSource) -> Client<TokenCredentials> {
        self.credentials(TokenCredentials::new(source))
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
        self.send_request::<E>(request, &RequestOptions::NONE)
    }

    /// Sends `endpoint` with options of its own, as
    /// [`Client::send_with`](crate::Client::send_with) does.
    ///
    /// # Errors
    ///
    /// As [`Client::send_with`](crate::Client::send_with).
    pub fn send_with<E>(&self, endpoint: E, options: &RequestOptions) -> Result<E::Output, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let mut request = self.build_request(&endpoint)?;
        drop(endpoint);
        options.apply_headers(request.headers_mut()).map_err(|reason| Error::invalid_request(E::info(), reason))?;
        self.send_request::<E>(request, options)
    }

    /// Sends a request that [`build_request`](Self::build_request) built
    /// for `E`, with the access token when `E` takes one from the client's
    /// token source, and decodes the answer as `E`'s.
    fn send_request<E>(
        &self,
        request: reqwest::blocking::Request,
        options: &RequestOptions,
    ) -> Result<E::Output, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        crate::client::decode_answer::<E>(self.call::<E>(request, options)?)
    }

    /// Sends a request with its options, with the access token of the
    /// client's token source when the endpoint takes one; a streamed
    /// endpoint's successful answer comes with its body unread.
    fn call<E>(
        &self,
        request: reqwest::blocking::Request,
        options: &RequestOptions,
    ) -> Result<http::Response<Bytes>, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let tokens = crate::tokens::source_for::<E, C>(&self.credentials);
        self.shared.call_with(request, E::info(), tokens.as_ref(), options, E::STREAMED).map_err(Into::into)
    }

    /// [`build_request`](Self::build_request), sent to `url` instead of
    /// the endpoint's path and query when given: a page's URL from the
    /// previous page.
    pub(crate) fn build_request_at<E>(
        &self,
        endpoint: &E,
        url: Option<&reqwest::Url>,
    ) -> Result<reqwest::blocking::Request, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let prepared = Prepared::new_at(&self.shared.settings, endpoint, &self.credentials, url)?;
        into_reqwest(prepared).map_err(|reason| Error::invalid_request(E::info(), reason))
    }

    /// As [`send_request`](Self::send_request), with the response's headers
    /// (where paging finds a `Link` header).
    pub(crate) fn send_request_with_headers<E>(
        &self,
        request: reqwest::blocking::Request,
    ) -> Result<(E::Output, http::HeaderMap), Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let response = self.call::<E>(request, &RequestOptions::NONE)?;
        let headers = response.headers().clone();
        crate::client::decode_answer::<E>(response).map(|page| (page, headers))
    }

    /// Sends `endpoint` again to resume an event stream that ended early,
    /// as the async [`Client::resume`](crate::Client::resume) does: after
    /// the `retry` delay (3 s if the server gave none), with `Last-Event-ID`.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send); [`Error::InvalidRequest`] when the last
    /// event id cannot be a header value.
    pub fn resume<E>(&self, endpoint: E, from: &crate::ResumeFrom) -> Result<E::Output, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let mut request = self.build_request(&endpoint)?;
        drop(endpoint);
        crate::stream::resume_headers(from, request.headers_mut())
            .map_err(|reason| Error::invalid_request(E::info(), reason))?;
        std::thread::sleep(from.delay());
        self.send_request::<E>(request, &RequestOptions::NONE)
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
        let prepared = Prepared::new(&self.shared.settings, endpoint, &self.credentials)?;
        into_reqwest(prepared).map_err(|reason| Error::invalid_request(E::info(), reason))
    }

    /// The pages of a paged endpoint, one request each, starting with the
    /// page `first` asks for; the iterator ends after the last page, or
    /// after an error. As for the async client's, a server that never says
    /// a page is the last ends it with [`Error::Paging`]
    /// ([`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)).
    pub fn pages<E>(&self, first: E) -> impl Iterator<Item = Result<E::Output, Error<E::Error>>> + '_
    where
        E: Paged + 'static,
        E::Auth: SatisfiedBy<C, E>,
    {
        // As the async `Pages`: a next page that may not be fetched is the
        // error after the page that pointed at it.
        let mut next = Some(Ok(PageRequest { endpoint: first, url: None }));
        let mut guard = PageGuard::new(self.shared.settings.max_pages);
        std::iter::from_fn(move || {
            let PageRequest { endpoint, url } = match next.take()? {
                Ok(request) => request,
                Err(error) => return Some(Err(Error::Paging(error))),
            };
            let request = match self.build_request_at(&endpoint, url.as_ref()) {
                Ok(request) => request,
                Err(error) => return Some(Err(error)),
            };
            if let Err(error) = guard.admit(E::info(), &request) {
                return Some(Err(Error::Paging(error)));
            }
            let url = request.url().clone();
            Some(self.send_request_with_headers::<E>(request).map(|(page, headers)| {
                next = guard.follow(endpoint, &url, &page, &headers).transpose();
                page
            }))
        })
    }
}

impl Shared {
    /// Sends a request with its options, and with an access token when it
    /// takes one, as the async client's `call_with` does: once more with a
    /// new token after a 401.
    fn call_with(
        &self,
        mut request: reqwest::blocking::Request,
        info: crate::error::RequestInfo,
        tokens: Option<&TokenCredentials>,
        options: &RequestOptions,
        streamed: bool,
    ) -> Result<http::Response<Bytes>, Stopped> {
        let started = std::time::Instant::now();
        let policy = options.retry_policy(&self.settings.retry);
        let deadline = options.deadline_or(self.settings.deadline);
        let timeout = options.own_timeout().or(self.settings.timeout);
        let limits = |deadline: Option<Duration>| Limits { retry: &policy, timeout, deadline };
        let Some(tokens) = tokens else { return self.call(request, info, limits(deadline), streamed) };
        let issued = self.access_token(tokens)?;
        let left = |deadline: Option<Duration>| deadline.map(|deadline| deadline.saturating_sub(started.elapsed()));
        let again = request.try_clone();
        request.headers_mut().insert(http::header::AUTHORIZATION, issued.header);
        let response = self.call(request, info.clone(), limits(left(deadline)), streamed)?;
        let Some(mut again) = again.filter(|_| response.status() == http::StatusCode::UNAUTHORIZED) else {
            return Ok(response);
        };
        tokens.rejected(issued.generation);
        let fresh = self.access_token(tokens)?;
        tracing::info!(url.template = info.path, "401 to the access token: sending again with a new one");
        again.headers_mut().insert(http::header::AUTHORIZATION, fresh.header);
        self.call(again, info, limits(left(deadline)), streamed)
    }

    /// A token from `tokens`, fetched with this client's HTTP client when
    /// there is no fresh one.
    fn access_token(&self, tokens: &TokenCredentials) -> Result<crate::tokens::Issued, Stopped> {
        let fetch = |request| crate::tokens::fetch_blocking(&self.http, self.settings.timeout, request);
        tokens.token_blocking(fetch).map_err(|error| Stopped::Token(Box::new(error)))
    }

    /// Sends a request (again when throttled, on when redirected) in its
    /// tracing span, and returns the answer: [`Call`] decides, this only
    /// sends and sleeps.
    ///
    /// When `streamed`, a successful answer's body is not read: it comes
    /// along in the response's extensions (`stream::live_body`).
    fn call(
        &self,
        request: reqwest::blocking::Request,
        info: crate::error::RequestInfo,
        limits: Limits<'_>,
        streamed: bool,
    ) -> Result<http::Response<Bytes>, Stopped> {
        let (mut call, mut next) = Call::start_with(&self.settings, limits, info, request);
        let span = call.span().clone();
        let _entered = span.enter();
        loop {
            next = match next {
                Next::Send(request) if streamed => {
                    let outcome = self.execute_streamed(request, call.info());
                    call.outcome(outcome)
                }
                Next::Send(request) => {
                    let outcome = self.execute(request);
                    call.outcome(outcome)
                }
                Next::Wait(wait) => {
                    std::thread::sleep(wait);
                    call.resume()
                }
                Next::Done(result) => return result,
            };
        }
    }

    /// Sends one request and reads its whole body, within the size limit.
    fn execute(&self, request: reqwest::blocking::Request) -> Result<http::Response<Bytes>, Failure> {
        let response = self.exchange(request)?;
        self.read_whole(response)
    }

    /// Sends one request and waits for the head of its answer: over the
    /// network, or to the mock the client was built with, as the async
    /// client's `exchange` does. A request without a timeout of its own
    /// (a streamed endpoint's) waits for the mock as long as the client's
    /// timeout, as reqwest's blocking client does for a head.
    fn exchange(&self, request: reqwest::blocking::Request) -> Result<reqwest::blocking::Response, Failure> {
        #[cfg(feature = "mock")]
        if let Some(mock) = &self.settings.mock {
            let timeout = request.timeout().copied().or(self.settings.timeout);
            return crate::mock::in_process::answer_blocking(mock, &self.settings.base_url, request, timeout);
        }
        self.http.execute(request).map_err(Failure::from_reqwest)
    }

    /// Sends one request of a streamed endpoint: a successful answer's body
    /// is left to arrive as it is read, any other answer is read whole.
    ///
    /// The client's timeout is then the longest wait for the answer's head
    /// and for each read of its body (reqwest's blocking reads wait so
    /// long), rather than for the whole body.
    fn execute_streamed(
        &self,
        mut request: reqwest::blocking::Request,
        info: &crate::error::RequestInfo,
    ) -> Result<http::Response<Bytes>, Failure> {
        // A timeout set on the request would also cut the body; without
        // one, the client's applies to the head and to each read.
        *request.timeout_mut() = None;
        let response = self.exchange(request)?;
        if !response.status().is_success() {
            return self.read_whole(response);
        }
        let head = crate::stream::head_of(response.status(), response.version(), response.headers().clone());
        let body = crate::ByteStream::from_blocking(info.clone(), response, self.settings.max_response_bytes);
        Ok(crate::stream::with_live_body(head, body))
    }

    /// Reads the whole body of `response`, within the size limit.
    fn read_whole(&self, mut response: reqwest::blocking::Response) -> Result<http::Response<Bytes>, Failure> {
        let limit = self.settings.max_response_bytes;
        if let Some(failure) = Failure::declared_too_large(response.content_length(), limit) {
            return Err(failure);
        }
        // The buffer grows as bytes arrive, never from the length the
        // server claims. One byte more than allowed tells a body at the
        // limit from one over it.
        let mut body = Vec::new();
        let read =
            (&mut response).take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut body);
        read.map_err(Failure::from_io)?;
        if body.len() > limit {
            return Err(Failure::too_large(limit));
        }
        Ok(whole_response(
            response.status(),
            response.version(),
            std::mem::take(response.headers_mut()),
            Bytes::from(body),
        ))
    }
}

/// The blocking reqwest request for a prepared one: no parsing, only moves;
/// a multipart body is read as it is sent, with a `Content-Length` when
/// every part's length is known.
fn into_reqwest(prepared: Prepared) -> Result<reqwest::blocking::Request, String> {
    let mut request = reqwest::blocking::Request::new(prepared.method, prepared.url);
    *request.headers_mut() = prepared.headers;
    *request.body_mut() = Some(match prepared.multipart {
        Some(multipart) if multipart.is_in_memory() => multipart.into_bytes()?.into(),
        Some(multipart) => match multipart.into_reader()? {
            (reader, Some(length)) => reqwest::blocking::Body::sized(reader, length),
            (reader, None) => reqwest::blocking::Body::new(reader),
        },
        None => prepared.body.into(),
    });
    Ok(request)
}

impl<C: Credentials> fmt::Debug for Client<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("base_url", &self.shared.settings.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

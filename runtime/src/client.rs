//! The async transport: reqwest over rustls with the ring provider.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use tracing::Instrument as _;

use crate::auth::{
    Anonymous, ApiKey, BasicCredentials, BearerToken, Credentials, SatisfiedBy, TokenCredentials, TokenSource,
};
use crate::error::Error;
use crate::hook::Hook;
use crate::retry::RetryPolicy;
use crate::transport::{
    BodyBuffer, BuilderSettings, Call, Failure, Limits, Next, Prepared, Settings, Stopped, whole_response,
};
use crate::{BaseUrl, BaseUrlError, Endpoint, RequestOptions};

/// Sends endpoints over HTTP and decodes their responses.
///
/// `C` is what the client holds: [`Anonymous`] after [`Client::new`],
/// [`BearerToken`] after [`Client::bearer`], [`ApiKey`] after
/// [`Client::api_key`], [`BasicCredentials`] after [`Client::basic`],
/// [`TokenCredentials`] after [`Client::token_source`]. Sending an endpoint
/// that needs credentials through a client without them does not compile.
///
/// Throttled requests (409, 429) are sent again as its [`RetryPolicy`]
/// says; redirects are followed within the API's origin, and to other
/// origins only without credentials ([`ClientBuilder::max_redirects`]); a
/// whole call has a deadline ([`ClientBuilder::deadline`]). Each request is
/// a `tracing` span (`endpointgen.request`) with its method, path template
/// and status. Cloning is cheap and shares the connection pool.
#[derive(Clone)]
pub struct Client<C: Credentials = Anonymous> {
    shared: Arc<Shared>,
    credentials: C,
}

struct Shared {
    http: reqwest::Client,
    settings: Settings,
}

impl Client {
    /// A client for the API at `base_url`, with the default settings and no
    /// credentials.
    ///
    /// # Errors
    ///
    /// An invalid base URL, or a TLS setup that cannot be built.
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        Self::builder(base_url).build()
    }

    /// A builder for a client with other settings.
    pub fn builder(base_url: &str) -> ClientBuilder {
        ClientBuilder { settings: BuilderSettings::new(base_url), hooks: Vec::new(), reqwest: None }
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
    /// the credentials of each, such as
    /// `(SchemeKey::<auth::AppId>::new(id), SchemeKey::<auth::ApiKey>::new(key))`.
    #[must_use]
    pub fn credentials<K: Credentials>(self, credentials: K) -> Client<K> {
        Client { shared: self.shared, credentials }
    }

    /// The same client, getting its access tokens from `source`
    /// ([`OAuth2ClientCredentials`](crate::auth::OAuth2ClientCredentials),
    /// [`RefreshToken`](crate::auth::RefreshToken) or an API's own login)
    /// and sending them as `Authorization: Bearer <token>`, for every
    /// bearer, OAuth 2 and OpenID Connect scheme. The token is fetched on
    /// first use, renewed before it expires, fetched once for all the
    /// requests that wait for it, and fetched again when the API answers
    /// 401 (the request is then sent once more). See
    /// [`TokenCredentials`].
    #[must_use]
    pub fn token_source(self, source: impl TokenSource) -> Client<TokenCredentials> {
        self.credentials(TokenCredentials::new(source))
    }

    /// The same client without credentials.
    #[must_use]
    pub fn anonymous(self) -> Client<Anonymous> {
        self.credentials(Anonymous)
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &BaseUrl {
        &self.shared.settings.base_url
    }

    /// Sends `endpoint` and decodes its response, when awaited.
    ///
    /// # Errors
    ///
    /// The endpoint's documented errors as [`Error::Api`], and the other
    /// variants of [`Error`] for everything else.
    pub fn send<E>(&self, endpoint: E) -> Sending<'_, E>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let request = self.build_request(&endpoint);
        drop(endpoint);
        self.start::<E>(request, &NO_OPTIONS, None)
    }

    /// The call of a request built for `E` (or why it was not built), with
    /// the access token when `E` takes one from the client's token source,
    /// after `delay`.
    ///
    /// Three steps, and only the first and the last are generic: building
    /// the request and decoding the response are synchronous and small,
    /// while the async part (attempts, retries, hooks, tracing, reqwest) is
    /// one function compiled once for every endpoint. A generic async body
    /// would be compiled again, whole, for each endpoint a program sends,
    /// which made release builds of large clients slow.
    ///
    /// Not an `async fn`: the future of one would carry the bound
    /// `E::Auth: SatisfiedBy<C, E>`, which rustc checks again where the
    /// future is made and where it is awaited, so that a client without the
    /// endpoint's credentials got the same error three times. [`Sending`]
    /// has no such bound: the error is the one of the call.
    fn start<'a, E>(
        &'a self,
        request: Result<reqwest::Request, Error<E::Error>>,
        options: &'a RequestOptions,
        delay: Option<Duration>,
    ) -> Sending<'a, E>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let request = match request {
            Ok(request) => request,
            Err(error) => return Sending { call: Err(Some(error)), endpoint: PhantomData },
        };
        let tokens = crate::tokens::source_for::<E, C>(&self.credentials);
        let shared = &*self.shared;
        let (info, streamed) = (E::info(), E::STREAMED);
        let call = async move {
            if let Some(delay) = delay {
                tokio::time::sleep(delay).await;
            }
            shared.call_with(request, info, tokens.as_ref(), options, streamed).await
        };
        Sending { call: Ok(Box::pin(call)), endpoint: PhantomData }
    }

    /// Sends `endpoint` as [`send`](Self::send) does, with options of its
    /// own: a timeout or deadline, headers (an idempotency key), a retry
    /// policy.
    ///
    /// ```no_run
    /// # async fn run<E: endpointgen::Endpoint<Auth = endpointgen::auth::Public>>(client: endpointgen::Client, create_order: E) -> Result<(), endpointgen::Error<E::Error>> {
    /// use std::time::Duration;
    /// use endpointgen::RequestOptions;
    ///
    /// // A POST that may be sent again when throttled: the server acts on
    /// // the key once.
    /// let options = RequestOptions::new().idempotency_key("order-42").timeout(Duration::from_secs(5));
    /// client.send_with(create_order, &options).await?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send); [`Error::InvalidRequest`] for a header the
    /// options cannot set.
    pub fn send_with<'a, E>(&'a self, endpoint: E, options: &'a RequestOptions) -> Sending<'a, E>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let request = self.build_request(&endpoint).and_then(|mut request| {
            options.apply_headers(request.headers_mut()).map_err(|reason| Error::invalid_request(E::info(), reason))?;
            Ok(request)
        });
        drop(endpoint);
        self.start::<E>(request, options, None)
    }

    /// Sends a request with its options, with the access token when `E`
    /// takes one from the client's token source; a streamed endpoint's
    /// successful answer comes with its body unread.
    async fn call<E>(
        &self,
        request: reqwest::Request,
        options: &RequestOptions,
    ) -> Result<http::Response<Bytes>, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let tokens = crate::tokens::source_for::<E, C>(&self.credentials);
        self.shared.call_with(request, E::info(), tokens.as_ref(), options, E::STREAMED).await.map_err(Into::into)
    }

    /// Sends `endpoint` again to resume an event stream that ended early
    /// (a dropped connection): after the delay the server asked for with
    /// `retry` (3 s if it did not), with the last event id received as
    /// `Last-Event-ID`, so that the server sends the events after it.
    ///
    /// ```no_run
    /// # async fn run<E>(client: endpointgen::Client, endpoint: E) -> Result<(), endpointgen::Error<E::Error>>
    /// # where E: endpointgen::Endpoint<Output = endpointgen::EventStream<String>, Auth = endpointgen::auth::Public> + Clone {
    /// let mut events = client.send(endpoint.clone()).await?;
    /// loop {
    ///     while let Some(Ok(event)) = events.event().await {
    ///         println!("{}: {}", event.event, event.data);
    ///     }
    ///     events = client.resume(endpoint.clone(), &events.resume_from()).await?;
    /// }
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send); [`Error::InvalidRequest`] when the last
    /// event id cannot be a header value.
    pub fn resume<E>(&self, endpoint: E, from: &crate::ResumeFrom) -> Sending<'_, E>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let request = self.build_request(&endpoint).and_then(|mut request| {
            crate::stream::resume_headers(from, request.headers_mut())
                .map_err(|reason| Error::invalid_request(E::info(), reason))?;
            Ok(request)
        });
        drop(endpoint);
        self.start::<E>(request, &NO_OPTIONS, Some(from.delay()))
    }

    /// The most pages [`pages`](Self::pages) fetches.
    pub(crate) fn max_pages(&self) -> u32 {
        self.shared.settings.max_pages
    }

    /// [`build_request`](Self::build_request), sent to `url` instead of
    /// the endpoint's path and query when given: a page's URL from the
    /// previous page.
    pub(crate) fn build_request_at<E>(
        &self,
        endpoint: &E,
        url: Option<&reqwest::Url>,
    ) -> Result<reqwest::Request, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let prepared = Prepared::new_at(&self.shared.settings, endpoint, &self.credentials, url)?;
        into_reqwest(prepared).map_err(|reason| Error::invalid_request(E::info(), reason))
    }

    /// As [`send_request`](Self::send_request), with the response's headers
    /// (where paging finds a `Link` header).
    pub(crate) async fn send_request_with_headers<E>(
        &self,
        request: reqwest::Request,
    ) -> Result<(E::Output, http::HeaderMap), Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let response = self.call::<E>(request, &NO_OPTIONS).await?;
        let headers = response.headers().clone();
        decode_answer::<E>(response).map(|page| (page, headers))
    }

    /// The request that [`send`](Self::send) sends for `endpoint`: its URL
    /// (the base URL, the path and the query, parsed once), the endpoint's
    /// headers, the client's default headers, the credentials, and the body.
    /// `send` builds it with this function.
    ///
    /// Before each attempt `send` lets the [hooks](ClientBuilder::hook) add
    /// headers, and reqwest adds its own (`User-Agent`, `Content-Length`…)
    /// as it sends. The credentials' header is marked sensitive, so the
    /// request's `Debug` output does not show it; its URL is shown, and a
    /// query can hold a one-time token or an API key.
    ///
    /// A client with a [token source](Self::token_source) fetches the
    /// access token when it sends: this request has no `Authorization`.
    ///
    /// Useful to look at a request, or to send it with a `reqwest::Client`
    /// of one's own and decode the answer with [`Endpoint::decode`]. Sans-IO
    /// code without reqwest uses [`Endpoint::to_request`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a value cannot be sent safely, or the
    /// credentials cannot be a header value.
    pub fn build_request<E>(&self, endpoint: &E) -> Result<reqwest::Request, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        let prepared = Prepared::new(&self.shared.settings, endpoint, &self.credentials)?;
        into_reqwest(prepared).map_err(|reason| Error::invalid_request(E::info(), reason))
    }
}

/// The async part of sending a request, compiled once for all endpoints.
type Calling<'a> = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, Stopped>> + Send + 'a>>;

/// An endpoint on its way: what [`Client::send`], [`Client::send_with`] and
/// [`Client::resume`] return, a future of the endpoint's decoded answer.
/// Nothing is sent until it is awaited (the request is already built:
/// a value that cannot be sent is the answer then).
#[must_use = "the endpoint is sent when this is awaited"]
pub struct Sending<'a, E: Endpoint> {
    /// The call, or why there is none (taken when polled).
    call: Result<Calling<'a>, Option<Error<E::Error>>>,
    endpoint: PhantomData<fn() -> E>,
}

// The call is boxed, and the error is not pinned: moving either is fine.
impl<E: Endpoint> Unpin for Sending<'_, E> {}

impl<E: Endpoint> Future for Sending<'_, E> {
    type Output = Result<E::Output, Error<E::Error>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().call {
            Ok(call) => call.as_mut().poll(cx).map(|answer| decode_answer::<E>(answer?)),
            // Polled again after its answer: it has no other.
            Err(refused) => refused.take().map_or(Poll::Pending, |error| Poll::Ready(Err(error))),
        }
    }
}

impl<E: Endpoint> fmt::Debug for Sending<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending").field("endpoint", &std::any::type_name::<E>()).finish_non_exhaustive()
    }
}

/// The client's settings, unchanged, for the requests sent without options.
static NO_OPTIONS: RequestOptions = RequestOptions::NONE;

/// The reqwest request for a prepared one: no parsing, only moves; a
/// multipart body's files are opened (and a stream part taken), so that
/// what cannot be sent fails here, before anything is.
fn into_reqwest(prepared: Prepared) -> Result<reqwest::Request, String> {
    let mut request = reqwest::Request::new(prepared.method, prepared.url);
    *request.headers_mut() = prepared.headers;
    *request.body_mut() = Some(match prepared.multipart {
        // Its length, when known, is its `http_body` size hint, which hyper
        // sends as the `Content-Length`.
        Some(multipart) if multipart.is_in_memory() => multipart.into_bytes()?.into(),
        Some(multipart) => reqwest::Body::wrap(multipart.into_async()?),
        None => prepared.body.into(),
    });
    Ok(request)
}

impl Shared {
    /// Sends a request with its options, and with an access token from
    /// `tokens` when it takes one: a 401 to that token makes it fetch
    /// another and send the request once more (its body is bytes, so it
    /// can be sent again), within the same deadline.
    async fn call_with(
        &self,
        mut request: reqwest::Request,
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
        let Some(tokens) = tokens else { return self.call(request, info, limits(deadline), streamed).await };
        let issued = self.access_token(tokens).await?;
        let left = |deadline: Option<Duration>| deadline.map(|deadline| deadline.saturating_sub(started.elapsed()));
        let again = request.try_clone();
        request.headers_mut().insert(http::header::AUTHORIZATION, issued.header);
        let response = self.call(request, info.clone(), limits(left(deadline)), streamed).await?;
        let Some(mut again) = again.filter(|_| response.status() == http::StatusCode::UNAUTHORIZED) else {
            return Ok(response);
        };
        tokens.rejected(issued.generation);
        let fresh = self.access_token(tokens).await?;
        tracing::info!(url.template = info.path, "401 to the access token: sending again with a new one");
        again.headers_mut().insert(http::header::AUTHORIZATION, fresh.header);
        self.call(again, info, limits(left(deadline)), streamed).await
    }

    /// A token from `tokens`, fetched with this client's HTTP client when
    /// there is no fresh one.
    async fn access_token(&self, tokens: &TokenCredentials) -> Result<crate::tokens::Issued, Stopped> {
        let fetch = |request| crate::tokens::fetch(&self.http, self.settings.timeout, request);
        tokens.token(fetch).await.map_err(|error| Stopped::Token(Box::new(error)))
    }

    /// Sends a request (again when throttled, on when redirected) in its
    /// tracing span, and returns the answer: [`Call`] decides, this only
    /// sends and sleeps.
    ///
    /// When `streamed`, a successful answer's body is not read: it comes
    /// along in the response's extensions (`stream::live_body`).
    async fn call(
        &self,
        request: reqwest::Request,
        info: crate::error::RequestInfo,
        limits: Limits<'_>,
        streamed: bool,
    ) -> Result<http::Response<Bytes>, Stopped> {
        let (mut call, mut next) = Call::start_with(&self.settings, limits, info, request);
        let span = call.span().clone();
        async move {
            loop {
                next = match next {
                    Next::Send(request) if streamed => {
                        let outcome = self.execute_streamed(request, call.info()).await;
                        call.outcome(outcome)
                    }
                    Next::Send(request) => {
                        let outcome = self.execute(request).await;
                        call.outcome(outcome)
                    }
                    Next::Wait(wait) => {
                        tokio::time::sleep(wait).await;
                        call.resume()
                    }
                    Next::Done(result) => return result,
                };
            }
        }
        .instrument(span)
        .await
    }

    /// Sends one request and reads its whole body, within the size limit.
    /// Not generic over the endpoint, so it is compiled once.
    async fn execute(&self, request: reqwest::Request) -> Result<http::Response<Bytes>, Failure> {
        let response = self.exchange(request).await?;
        self.read_whole(response).await
    }

    /// Sends one request and waits for the head of its answer: over the
    /// network, or to the mock the client was built with. Everything
    /// before (attempts, hooks, credentials, redirects) and after (reading
    /// the body within its limit, streaming it) is the same either way.
    async fn exchange(&self, request: reqwest::Request) -> Result<reqwest::Response, Failure> {
        #[cfg(feature = "mock")]
        if let Some(mock) = &self.settings.mock {
            return crate::mock::in_process::answer_async(mock, &self.settings.base_url, request).await;
        }
        self.http.execute(request).await.map_err(Failure::from_reqwest)
    }

    /// Sends one request of a streamed endpoint: a successful answer's body
    /// is left to arrive as it is read, any other answer is read whole.
    ///
    /// The client's timeout is then the longest wait for the answer's head,
    /// and for each chunk of its body, rather than for the whole body: a
    /// download may take longer than any timeout, as long as it moves.
    async fn execute_streamed(
        &self,
        mut request: reqwest::Request,
        info: &crate::error::RequestInfo,
    ) -> Result<http::Response<Bytes>, Failure> {
        let timeout = request.timeout().copied();
        // reqwest's own timeout would also cut the body: it waits for ever
        // here (tokio clamps the far future), and the head waits as long as
        // `timeout` says.
        *request.timeout_mut() = Some(Duration::MAX);
        let sent = self.exchange(request);
        let response = match timeout {
            Some(timeout) => tokio::time::timeout(timeout, sent)
                .await
                .map_err(|_| Failure { timeout: true, ..Failure::new(format!("no answer came within {timeout:?}")) })?,
            None => sent.await,
        }?;
        if !response.status().is_success() {
            return self.read_whole(response).await;
        }
        let head = crate::stream::head_of(response.status(), response.version(), response.headers().clone());
        let body = crate::ByteStream::from_async(
            info.clone(),
            response,
            self.settings.timeout,
            self.settings.max_response_bytes,
        );
        Ok(crate::stream::with_live_body(head, body))
    }

    /// Reads the whole body of `response`, within the size limit.
    async fn read_whole(&self, mut response: reqwest::Response) -> Result<http::Response<Bytes>, Failure> {
        let limit = self.settings.max_response_bytes;
        if let Some(failure) = Failure::declared_too_large(response.content_length(), limit) {
            return Err(failure);
        }
        let mut body = BodyBuffer::new(limit);
        while let Some(chunk) = response.chunk().await.map_err(Failure::from_reqwest)? {
            body.push(chunk)?;
        }
        Ok(whole_response(response.status(), response.version(), std::mem::take(response.headers_mut()), body.finish()))
    }
}

impl<C: Credentials> fmt::Debug for Client<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.settings.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`] (and, with the `blocking` feature, a
/// `blocking::Client`).
#[must_use]
pub struct ClientBuilder {
    settings: BuilderSettings,
    hooks: Vec<Arc<dyn Hook>>,
    reqwest: Option<reqwest::ClientBuilder>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("settings", &self.settings)
            .field("hooks", &self.hooks.len())
            .field("reqwest_builder", &self.reqwest.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// The longest one request may take, response body included (default
    /// 30 s; `None` waits for ever). Each retry, and each request after a
    /// redirect, gets this long again, within the [`deadline`](Self::deadline).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// The longest a whole call of `send` may take: every attempt, every
    /// redirect and the waits between retries (default 60 s; `None` has no
    /// deadline). A call that is not over by then ends in
    /// [`Error::Transport`] with `timeout` set; a retry whose wait would end
    /// past it is not made, and the throttled answer is the answer.
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.settings.deadline = deadline;
        self
    }

    /// The most redirects followed in a row (default 10); more end in
    /// [`Error::Redirect`]. `0` follows none: a 3xx is then the answer,
    /// decoded as the endpoint's (a documented error, or
    /// [`Error::UnexpectedStatus`]).
    ///
    /// A redirect within the API's origin (scheme, host and port) is
    /// followed as the request was, credentials included. One to another
    /// origin is followed with no credentials and no header but `Accept`,
    /// `Accept-Language`, `Range` and `User-Agent`, and only when it sends
    /// no body (a 307 or 308 of a request with one ends in
    /// [`Error::Redirect`]). One from `https` to `http` is never followed.
    pub fn max_redirects(mut self, redirects: u32) -> Self {
        self.settings.max_redirects = redirects;
        self
    }

    /// The most pages that [`Client::pages`] and [`Client::items`] fetch
    /// in one go (default 10 000): a server that always says another page
    /// follows ends them with [`Error::Paging`] rather than never. They
    /// also end so when the next page's request is one already sent.
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.settings.max_pages = pages;
        self
    }

    /// Trusts the CA of this certificate (DER) besides the platform's: a
    /// private CA, or a test server's.
    pub fn root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.settings.root_certificates.push(der.into());
        self
    }

    /// The longest connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `endpointgen/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.settings.user_agent = user_agent.into();
        self
    }

    /// The largest response body that is read (default 16 MiB); a larger one
    /// ends in [`Error::Transport`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.settings.max_response_bytes = limit;
        self
    }

    /// How throttled requests are retried (default [`RetryPolicy::new`];
    /// [`RetryPolicy::never`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Where the endpoints of `server` (a constant of the generated
    /// `servers` module) are sent: `url` instead of the server's default
    /// URL, such as a test server's, or the server's URL with its
    /// variables set (`servers::UPLOAD.url_with(&[("region", "eu")])`).
    /// Checked by [`build`](Self::build), as the base URL is.
    ///
    /// Naming a server here is also saying that its endpoints may be sent
    /// the client's credentials and default headers, as the base URL's
    /// are. A server not named here is used at its default URL, and gets
    /// them only when it is at the base URL's origin: the client refuses
    /// to send an endpoint that needs credentials to another origin that
    /// it was not given (docs/security.md).
    pub fn server(mut self, server: crate::Server, url: impl Into<String>) -> Self {
        self.settings.servers.retain(|(known, _)| !known.is(&server));
        self.settings.servers.push((server, url.into()));
        self
    }

    /// A header sent with every request, unless the endpoint sets it itself
    /// (the portal's `X-Use-Timezone: true`, say). Checked by
    /// [`build`](Self::build). A `Cookie` goes along with an endpoint's
    /// cookie parameters, in one `Cookie` header.
    ///
    /// Its value is treated as a secret, since it can be one: it is shown
    /// by no `Debug` output (the header is marked sensitive), and it is not
    /// sent after a redirect to another origin.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.default_headers.push((name.into(), value.into()));
        self
    }

    /// Calls `hook` around every attempt of every request (metrics, logs,
    /// headers of one's own).
    pub fn hook(mut self, hook: impl Hook + 'static) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Sends through a reqwest client built from `builder` (with its TLS,
    /// proxy, connect timeout and user agent) instead of one built from
    /// these settings; [`timeout`](Self::timeout) and
    /// [`deadline`](Self::deadline) still apply to each request.
    ///
    /// The client turns reqwest's redirects off on it and follows them
    /// itself, as [`max_redirects`](Self::max_redirects) says: reqwest's
    /// own policy sends an API key's header to any host a server redirects
    /// to. Headers set with reqwest's `default_headers` are sent with every
    /// request, to other origins too: give credentials to this client
    /// (`.bearer`, `.api_key`, [`default_header`](Self::default_header))
    /// rather than to reqwest.
    pub fn reqwest_builder(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.reqwest = Some(builder);
        self
    }

    /// Hands every request to `mock` instead of sending it over the
    /// network: a client for tests, in process, without a port. Built with
    /// [`build`](Self::build) or [`build_blocking`](Self::build_blocking).
    ///
    /// The client is otherwise the one the code under test uses in
    /// production: its hooks, retries, redirects, deadline and timeout,
    /// credentials and streamed answers work as they do over HTTP, since
    /// only the step that sends one request and waits for the head of its
    /// answer is the mock's (a general transport hook would have let a
    /// program swap out that step in production too, and reqwest's
    /// `Request` does not let its body and timeout be read by one without
    /// copies; the mock is the one transport that needs it). The base URL
    /// is the client's own: the mock compares paths from its path on.
    /// Access tokens of a [token source](crate::auth::TokenSource) are still
    /// fetched from their own URL (point it at [`Mock::start_server`](crate::mock::Mock::start_server)).
    #[cfg(feature = "mock")]
    pub fn mock(mut self, mock: &crate::mock::Mock) -> Self {
        self.settings.mock = Some(mock.shared());
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// An invalid base URL, user agent or default header, or a TLS setup
    /// that cannot be built.
    pub fn build(self) -> Result<Client, ClientError> {
        let settings = self.settings.settings(self.hooks)?;
        let builder = match self.reqwest {
            Some(builder) => builder,
            None => {
                let mut builder = reqwest::Client::builder()
                    .tls_backend_preconfigured(tls_config(&self.settings.root_certificates)?)
                    .user_agent(self.settings.user_agent.as_str());
                if let Some(timeout) = self.settings.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(timeout) = self.settings.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder
            }
        };
        let http = builder
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| ClientError::Http(error.to_string()))?;
        Ok(Client { shared: Arc::new(Shared { http, settings }), credentials: Anonymous })
    }

    /// A blocking client with these settings, for code without an async
    /// runtime.
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build).
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, ClientError> {
        let settings = self.settings.settings(self.hooks)?;
        let mut builder = reqwest::blocking::Client::builder()
            .tls_backend_preconfigured(tls_config(&self.settings.root_certificates)?)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(self.settings.user_agent.as_str())
            .timeout(self.settings.timeout);
        if let Some(timeout) = self.settings.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        let http = builder.build().map_err(|error| ClientError::Http(error.to_string()))?;
        Ok(crate::blocking::Client::from_parts(http, settings))
    }
}

/// rustls with ring and the platform's certificate verifier (trusting
/// `extra_roots` too), built here rather than installed as the
/// process-wide default provider, so that the application's own rustls
/// setup is left alone.
pub(crate) fn tls_config(extra_roots: &[Vec<u8>]) -> Result<rustls::ClientConfig, ClientError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls_error = |error: rustls::Error| ClientError::Tls(error.to_string());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?;
    let verifier = if extra_roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider)
    } else {
        platform_verifier_with(extra_roots, provider)
    }
    .map_err(tls_error)?;
    Ok(builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier)).with_no_client_auth())
}

#[cfg(not(target_os = "android"))]
fn platform_verifier_with(
    extra_roots: &[Vec<u8>],
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> Result<rustls_platform_verifier::Verifier, rustls::Error> {
    let roots = extra_roots.iter().map(|der| rustls::pki_types::CertificateDer::from(der.clone()));
    rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider)
}

#[cfg(target_os = "android")]
fn platform_verifier_with(
    _: &[Vec<u8>],
    _: Arc<rustls::crypto::CryptoProvider>,
) -> Result<rustls_platform_verifier::Verifier, rustls::Error> {
    Err(rustls::Error::General("extra root certificates are not supported on Android".to_owned()))
}

/// A client that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// The base URL is not usable.
    BaseUrl(BaseUrlError),
    /// A default header is not valid.
    Header(String),
    /// TLS cannot be set up.
    Tls(String),
    /// The HTTP client cannot be built (an invalid user agent, say).
    Http(String),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseUrl(error) => error.fmt(f),
            Self::Header(error) => write!(f, "invalid default header: {error}"),
            Self::Tls(error) => write!(f, "TLS cannot be set up: {error}"),
            Self::Http(error) => write!(f, "the HTTP client cannot be built: {error}"),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::BaseUrl(error) => Some(error),
            _ => None,
        }
    }
}

/// Decodes an answer as `E`'s: a streamed one by `decode_stream`, with its
/// body still to arrive, any other whole.
pub(crate) fn decode_answer<E: Endpoint>(response: http::Response<Bytes>) -> Result<E::Output, Error<E::Error>> {
    match crate::stream::live_body(response) {
        crate::stream::Answer::Streamed(streamed) => E::decode_stream(streamed),
        crate::stream::Answer::Whole(whole) => E::decode(whole),
    }
}

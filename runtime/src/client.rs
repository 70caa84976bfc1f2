//! The async transport: reqwest over rustls with the ring provider.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tracing::Instrument as _;

use crate::auth::{Anonymous, ApiKey, BearerToken, Credentials, SatisfiedBy};
use crate::error::Error;
use crate::hook::Hook;
use crate::retry::RetryPolicy;
use crate::transport::{Attempts, BodyBuffer, BuilderSettings, Failure, Prepared, Settings};
use crate::{BaseUrl, BaseUrlError, Endpoint};

/// Sends endpoints over HTTP and decodes their responses.
///
/// `C` is what the client holds: [`Anonymous`] after [`Client::new`],
/// [`BearerToken`] after [`Client::bearer`], [`ApiKey`] after
/// [`Client::api_key`]. Sending an endpoint that needs credentials through a
/// client without them does not compile.
///
/// Throttled requests (409, 429) are sent again as its [`RetryPolicy`]
/// says; each request is a `tracing` span (`endpointgen.request`) with its
/// method, path template and status. Cloning is cheap and shares the
/// connection pool.
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
        ClientBuilder { settings: BuilderSettings::new(base_url), hooks: Vec::new(), http: None }
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

    /// The same client without credentials.
    #[must_use]
    pub fn anonymous(self) -> Client<Anonymous> {
        Client { shared: self.shared, credentials: Anonymous }
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
    /// The endpoint's documented errors as [`Error::Api`], and the other
    /// variants of [`Error`] for everything else.
    pub async fn send<E>(&self, endpoint: E) -> Result<E::Output, Error<E::Error>>
    where
        E: Endpoint,
        E::Auth: SatisfiedBy<C, E>,
    {
        // Three steps, and only the first and the last are generic: building
        // the request and decoding the response are synchronous and small,
        // while the async part (attempts, retries, hooks, tracing, reqwest)
        // is one function compiled once for every endpoint. A generic async
        // body would be compiled again, whole, for each endpoint a program
        // sends, which made release builds of large clients slow.
        let request = self.build_request(&endpoint)?;
        drop(endpoint);
        match self.shared.exchange(request, E::info()).await {
            Ok(response) => E::decode(response),
            Err(error) => Err(Error::Transport(error)),
        }
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
    /// query can hold a one-time token.
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
        Prepared::new(&self.shared.settings, endpoint, &self.credentials).map(into_reqwest)
    }
}

/// The reqwest request for a prepared one: no parsing, only moves.
fn into_reqwest(prepared: Prepared) -> reqwest::Request {
    let mut request = reqwest::Request::new(prepared.method, prepared.url);
    *request.headers_mut() = prepared.headers;
    *request.body_mut() = Some(prepared.body.into());
    request
}

impl Shared {
    /// Sends a request until it gets an answer that is not throttled, in the
    /// request's tracing span, and returns that answer.
    async fn exchange(
        &self,
        request: reqwest::Request,
        info: crate::error::RequestInfo,
    ) -> Result<http::Response<Bytes>, Box<crate::error::TransportError>> {
        let mut attempts = Attempts::new(&self.settings, info);
        let span = attempts.span().clone();
        async move {
            // Each attempt but the last possible one sends a copy (the URL,
            // the headers, and the body's reference count), so that a retry
            // has the request to send again; the last sends the request
            // itself.
            let mut request = request;
            loop {
                let (mut attempt, kept) = match attempts.may_retry().then(|| request.try_clone()).flatten() {
                    Some(copy) => (copy, Some(request)),
                    None => (request, None),
                };
                attempts.start(attempt.headers_mut());
                match self.execute(attempt).await {
                    Ok(response) => match (attempts.finish(Ok(&response)), kept) {
                        (Some(wait), Some(kept)) => {
                            tokio::time::sleep(wait).await;
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
        .instrument(span)
        .await
    }

    /// Sends one attempt and reads its whole body, within the size limit.
    /// Not generic over the endpoint, so it is compiled once.
    async fn execute(&self, request: reqwest::Request) -> Result<http::Response<Bytes>, Failure> {
        let mut response = self.http.execute(request).await.map_err(Failure::from_reqwest)?;
        let limit = self.settings.max_response_bytes;
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(Failure::too_large(limit));
        }
        let mut body = BodyBuffer::new(limit);
        while let Some(chunk) = response.chunk().await.map_err(Failure::from_reqwest)? {
            body.push(chunk)?;
        }
        let mut decoded = http::Response::new(body.finish());
        *decoded.status_mut() = response.status();
        *decoded.version_mut() = response.version();
        *decoded.headers_mut() = std::mem::take(response.headers_mut());
        Ok(decoded)
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
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("settings", &self.settings)
            .field("hooks", &self.hooks.len())
            .field("reqwest_client", &self.http.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// The longest a whole request may take, response body included
    /// (default 30 s; `None` waits for ever). Retries each get this long.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings.timeout = timeout;
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

    /// A header sent with every request, unless the endpoint sets it itself
    /// (the portal's `X-Use-Timezone: true`, say). Checked by
    /// [`build`](Self::build).
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

    /// Sends through this reqwest client instead of one built from these
    /// settings (the timeouts and user agent are then the given client's).
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
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
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder()
                    .tls_backend_preconfigured(tls_config()?)
                    .user_agent(self.settings.user_agent.as_str());
                if let Some(timeout) = self.settings.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(timeout) = self.settings.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(|error| ClientError::Http(error.to_string()))?
            }
        };
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
            .tls_backend_preconfigured(tls_config()?)
            .user_agent(self.settings.user_agent.as_str())
            .timeout(self.settings.timeout);
        if let Some(timeout) = self.settings.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        let http = builder.build().map_err(|error| ClientError::Http(error.to_string()))?;
        Ok(crate::blocking::Client::from_parts(http, settings))
    }
}

/// rustls with ring and the platform's certificate verifier, built here
/// rather than installed as the process-wide default provider, so that the
/// application's own rustls setup is left alone.
pub(crate) fn tls_config() -> Result<rustls::ClientConfig, ClientError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(BuilderVerifierExt::with_platform_verifier)
        .map(rustls::ConfigBuilder::<rustls::ClientConfig, rustls::client::WantsClientCert>::with_no_client_auth)
        .map_err(|error| ClientError::Tls(error.to_string()))
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

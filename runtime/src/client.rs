//! The async transport: reqwest over rustls with the ring provider.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use crate::auth::{Anonymous, BearerToken, Credentials, SatisfiedBy};
use crate::error::{Error, RequestInfo, TransportError};
use crate::{BaseUrl, BaseUrlError, Endpoint};

/// Sends endpoints over HTTP and decodes their responses.
///
/// `C` is what the client holds: [`Anonymous`] after [`Client::new`],
/// [`BearerToken`] after [`Client::bearer`]. Sending an endpoint that needs a
/// token through a client without one does not compile.
///
/// Cloning is cheap and shares the connection pool.
#[derive(Clone)]
pub struct Client<C: Credentials = Anonymous> {
    shared: Arc<Shared>,
    credentials: C,
}

struct Shared {
    http: reqwest::Client,
    base_url: BaseUrl,
    max_response_bytes: usize,
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
        ClientBuilder {
            base_url: base_url.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: concat!("endpointgen/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_response_bytes: 16 * 1024 * 1024,
            http: None,
        }
    }
}

impl<C: Credentials> Client<C> {
    /// The same client, sending `token` as `Authorization: Bearer <token>`.
    #[must_use]
    pub fn bearer(self, token: &str) -> Client<BearerToken> {
        Client { shared: self.shared, credentials: BearerToken::new(token) }
    }

    /// The same client without credentials.
    #[must_use]
    pub fn anonymous(self) -> Client<Anonymous> {
        Client { shared: self.shared, credentials: Anonymous }
    }

    /// The base URL requests go to.
    #[must_use]
    pub fn base_url(&self) -> &BaseUrl {
        &self.shared.base_url
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
        let mut request = endpoint.to_request(&self.shared.base_url)?;
        drop(endpoint);
        <E::Auth as SatisfiedBy<C, E>>::authorize(&self.credentials, request.headers_mut())
            .map_err(|reason| Error::invalid_request(E::info(), reason.to_owned()))?;
        let response =
            self.execute(request).await.map_err(|failure| Error::Transport(Box::new(failure.into_error(E::info()))))?;
        E::decode(response)
    }

    /// Sends a request and reads its whole body, within the size limit. Not
    /// generic over the endpoint, so it is compiled once.
    async fn execute(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Bytes>, Failure> {
        let request = reqwest::Request::try_from(request).map_err(Failure::from_reqwest)?;
        let mut response = self.shared.http.execute(request).await.map_err(Failure::from_reqwest)?;
        let limit = self.shared.max_response_bytes;
        let too_large = || Failure {
            message: format!("the response body is larger than the limit of {limit} bytes"),
            timeout: false,
            source: None,
        };
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Failure::from_reqwest)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let mut decoded = http::Response::new(Bytes::from(body));
        *decoded.status_mut() = response.status();
        *decoded.version_mut() = response.version();
        *decoded.headers_mut() = std::mem::take(response.headers_mut());
        Ok(decoded)
    }
}

impl<C: Credentials> fmt::Debug for Client<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// A transport failure before the endpoint it belongs to is known.
struct Failure {
    message: String,
    timeout: bool,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Failure {
    fn from_reqwest(error: reqwest::Error) -> Self {
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

    fn into_error(self, request: RequestInfo) -> TransportError {
        TransportError { request, message: self.message, timeout: self.timeout, source: self.source }
    }
}

/// Settings for a [`Client`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    max_response_bytes: usize,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The longest a whole request may take, response body included
    /// (default 30 s; `None` waits for ever).
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest connecting may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `endpointgen/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest response body that is read (default 16 MiB); a larger one
    /// ends in [`Error::Transport`].
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
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
    /// An invalid base URL or user agent, or a TLS setup that cannot be
    /// built.
    pub fn build(self) -> Result<Client, ClientError> {
        let base_url = BaseUrl::parse(&self.base_url).map_err(ClientError::BaseUrl)?;
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder =
                    reqwest::Client::builder().tls_backend_preconfigured(tls_config()?).user_agent(self.user_agent);
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(|error| ClientError::Http(error.to_string()))?
            }
        };
        Ok(Client {
            shared: Arc::new(Shared { http, base_url, max_response_bytes: self.max_response_bytes }),
            credentials: Anonymous,
        })
    }
}

/// rustls with ring and the platform's certificate verifier, built here
/// rather than installed as the process-wide default provider, so that the
/// application's own rustls setup is left alone.
fn tls_config() -> Result<rustls::ClientConfig, ClientError> {
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
    /// TLS cannot be set up.
    Tls(String),
    /// The HTTP client cannot be built (an invalid user agent, say).
    Http(String),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BaseUrl(error) => error.fmt(f),
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

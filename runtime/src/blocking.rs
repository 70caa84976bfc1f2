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

use crate::auth::{Anonymous, ApiKey, BasicCredentials, BearerToken, Credentials, SatisfiedBy};
use crate::error::Error;
use crate::paging::PageGuard;
use crate::transport::{Call, Failure, Next, Prepared, Settings, Stopped, whole_response};
use crate::{BaseUrl, ClientError, Endpoint, Paged};

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
        self.send_request::<E>(request)
    }

    /// Sends a request that [`build_request`](Self::build_request) built
    /// for `E`, and decodes the answer as `E`'s.
    fn send_request<E: Endpoint>(&self, request: reqwest::blocking::Request) -> Result<E::Output, Error<E::Error>> {
        match self.shared.call(request, E::info()) {
            Ok(response) => E::decode(response),
            Err(stopped) => Err(stopped.into()),
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
        let mut next = Some(first);
        let mut guard = PageGuard::new(self.shared.settings.max_pages);
        std::iter::from_fn(move || {
            let endpoint = next.take()?;
            let request = match self.build_request(&endpoint) {
                Ok(request) => request,
                Err(error) => return Some(Err(error)),
            };
            if let Err(error) = guard.admit(E::info(), &request) {
                return Some(Err(Error::Paging(error)));
            }
            let result = self.send_request::<E>(request);
            if let Ok(page) = &result {
                next = endpoint.next_page(page);
            }
            Some(result)
        })
    }
}

impl Shared {
    /// Sends a request (again when throttled, on when redirected) in its
    /// tracing span, and returns the answer: [`Call`] decides, this only
    /// sends and sleeps.
    fn call(
        &self,
        request: reqwest::blocking::Request,
        info: crate::error::RequestInfo,
    ) -> Result<http::Response<Bytes>, Stopped> {
        let (mut call, mut next) = Call::start(&self.settings, info, request);
        let span = call.span().clone();
        let _entered = span.enter();
        loop {
            next = match next {
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
        let mut response = self.http.execute(request).map_err(Failure::from_reqwest)?;
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

//! What the async and the blocking clients share: settings, preparing a
//! request, and each call's steps (attempts, retries, redirects, the
//! deadline, hooks, tracing). Each client only sends and sleeps its own way.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};

use crate::auth::{Credentials, Placement, SatisfiedBy, Secret};
use crate::error::{Error, RedirectError, RequestInfo, TransportError};
use crate::hook::{Exchange, Hook};
use crate::redirect::{self, Decision, Hop};
use crate::request::{Parts, push_encoded};
use crate::retry::{Retries, RetryPolicy};
use crate::{BaseUrl, Endpoint, RequestBuilder};

/// Settings common to both clients.
pub(crate) struct Settings {
    pub(crate) base_url: BaseUrl,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryPolicy,
    /// The longest one request (an attempt, or a hop after a redirect) may
    /// take.
    pub(crate) timeout: Option<Duration>,
    /// The longest a whole call of `send` may take.
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_redirects: u32,
    pub(crate) max_pages: u32,
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    /// Sent with every request unless the endpoint sets the same header.
    pub(crate) default_headers: HeaderMap,
    /// The base URL's scheme and authority, parsed once.
    pub(crate) origin: Option<Origin>,
    /// The servers the client was given URLs for
    /// ([`ClientBuilder::server`](crate::ClientBuilder::server)).
    pub(crate) servers: Vec<(crate::Server, BaseUrl)>,
    /// The mock that answers instead of the network
    /// ([`ClientBuilder::mock`](crate::ClientBuilder::mock)).
    #[cfg(feature = "mock")]
    pub(crate) mock: Option<Arc<crate::mock::Shared>>,
}

/// Where an endpoint is sent, and whether the client's credentials and
/// default headers may go there.
struct Destination<'s> {
    base_url: std::borrow::Cow<'s, BaseUrl>,
    /// The base URL's origin, parsed once, when it is the client's base URL.
    origin: Option<&'s Origin>,
    trusted: bool,
}

impl Settings {
    /// The client's base URL for an endpoint without a server of its own;
    /// the URL the client was given for its server; or the server's
    /// default URL, trusted with credentials only at the base URL's origin.
    fn destination(&self, server: Option<crate::Server>) -> Result<Destination<'_>, String> {
        let Some(server) = server else {
            return Ok(Destination {
                base_url: std::borrow::Cow::Borrowed(&self.base_url),
                origin: self.origin.as_ref(),
                trusted: true,
            });
        };
        if let Some((_, url)) = self.servers.iter().find(|(known, _)| known.is(&server)) {
            return Ok(Destination { base_url: std::borrow::Cow::Borrowed(url), origin: None, trusted: true });
        }
        let url = server.default_url();
        let base_url = BaseUrl::parse(&url)
            .map_err(|error| format!("the server `{}` has no usable default URL: {error}", server.name()))?;
        let trusted = same_origin(base_url.as_str(), self.base_url.as_str());
        Ok(Destination { base_url: std::borrow::Cow::Owned(base_url), origin: None, trusted })
    }
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
        let path_start = base.get(authority..)?.find('/').map_or(base.len(), |index| authority + index);
        let text = base.get(..path_start)?;
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

/// Whether two base URLs have one origin: scheme, host and port (a missing
/// port is the scheme's default).
fn same_origin(a: &str, b: &str) -> bool {
    match (reqwest::Url::parse(a), reqwest::Url::parse(b)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
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
    /// A multipart body, in place of `body`: each client makes a body of
    /// its own of it, read as it is sent.
    pub(crate) multipart: Option<crate::Multipart>,
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
        Self::new_at(settings, endpoint, credentials, None)
    }

    /// As [`new`](Self::new), sent to `url` instead of the endpoint's path
    /// and query when given: a next page's URL from a response, which the
    /// caller checked is at the origin of the endpoint's own URL. The
    /// credentials' query parameters replace any of the same name in it.
    pub(crate) fn new_at<E, C>(
        settings: &Settings,
        endpoint: &E,
        credentials: &C,
        url: Option<&reqwest::Url>,
    ) -> Result<Self, Error<E::Error>>
    where
        E: Endpoint,
        C: Credentials,
        E::Auth: SatisfiedBy<C, E>,
    {
        let destination =
            settings.destination(E::SERVER).map_err(|reason| Error::invalid_request(E::info(), reason))?;
        let mut builder = RequestBuilder::for_base(&destination.base_url);
        endpoint.write_request(&mut builder);
        let mut prepared = Self::from_parts(settings, &destination, E::METHOD, builder)
            .map_err(|reason| Error::invalid_request(E::info(), reason))?;
        if let Some(url) = url {
            prepared.url = url.clone();
        }
        if destination.trusted {
            let mut placement = Placement::new(&mut prepared.headers);
            <E::Auth as SatisfiedBy<C, E>>::authorize(credentials, &mut placement)
                .map_err(|reason| Error::invalid_request(E::info(), reason.to_owned()))?;
            let query: Vec<_> = placement.into_query().collect();
            // The mock leaves the API keys of the query out of matching
            // and out of its messages.
            #[cfg(feature = "mock")]
            if let Some(mock) = &settings.mock {
                mock.note_credential_query(query.iter().map(|(name, _)| *name));
            }
            if url.is_some() {
                let names: Vec<&str> = query.iter().map(|(name, _)| *name).collect();
                remove_query(&mut prepared.url, &names);
            }
            append_query(&mut prepared.url, query.into_iter());
        } else {
            // Another origin than the base URL's, which the client was not
            // given: the credentials do not go there, and an endpoint that
            // would send some (in a header or the query) is refused rather
            // than sent without them.
            let mut withheld_headers = HeaderMap::new();
            let mut withheld = Placement::new(&mut withheld_headers);
            <E::Auth as SatisfiedBy<C, E>>::authorize(credentials, &mut withheld)
                .map_err(|reason| Error::invalid_request(E::info(), reason.to_owned()))?;
            let fetches_token = withheld.token_source().is_some();
            if withheld.into_query().next().is_some() || !withheld_headers.is_empty() || fetches_token {
                let server = E::SERVER.map_or("", |server| server.name());
                return Err(Error::invalid_request(
                    E::info(),
                    format!(
                        "the endpoint is sent to the server `{server}`, at another origin than the base URL, which the \
                         client was not given: its credentials go there only once it is, with \
                         `ClientBuilder::server(servers::…, url)`"
                    ),
                ));
            }
        }
        Ok(prepared)
    }

    /// The URL parsed once, and the client's default headers where the
    /// endpoint set none of the same name.
    fn from_parts(
        settings: &Settings,
        destination: &Destination<'_>,
        method: Method,
        builder: RequestBuilder,
    ) -> Result<Self, String> {
        let Parts { url, mut headers, body, multipart } = builder.into_parts(&destination.base_url)?;
        let url = Origin::parse(destination.origin, &url)?;
        // Default headers are treated as credentials.
        if destination.trusted {
            for (name, value) in &settings.default_headers {
                match headers.get_mut(name) {
                    None => {
                        headers.insert(name.clone(), value.clone());
                    }
                    // The client's own cookies go along with the endpoint's
                    // cookie parameters, in the one `Cookie` header a
                    // request may have (RFC 6265, section 5.4).
                    Some(cookies) if name == http::header::COOKIE => {
                        let mut joined = value.as_bytes().to_vec();
                        joined.extend_from_slice(b"; ");
                        joined.extend_from_slice(cookies.as_bytes());
                        let mut joined = HeaderValue::from_bytes(&joined).map_err(|error| error.to_string())?;
                        joined.set_sensitive(true);
                        *cookies = joined;
                    }
                    Some(_) => {}
                }
            }
        }
        Ok(Self { method, url, headers, body: Bytes::from(body), multipart })
    }
}

/// Appends credentials to the query of `url`, percent-encoded as the
/// endpoint's own query parameters are.
/// Removes the query parameters named `names` from `url`: a next page's
/// URL may repeat the API key it was asked with, which is sent once.
fn remove_query(url: &mut reqwest::Url, names: &[&str]) {
    if names.is_empty() || url.query().is_none() {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !names.contains(&name.as_ref()))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

fn append_query(url: &mut reqwest::Url, parameters: impl Iterator<Item = (&'static str, Secret)>) {
    let mut query: Option<String> = None;
    for (name, value) in parameters {
        let query = query.get_or_insert_with(|| url.query().unwrap_or_default().to_owned());
        if !query.is_empty() {
            query.push('&');
        }
        push_encoded(query, name);
        query.push('=');
        push_encoded(query, value.expose());
    }
    if let Some(query) = query {
        url.set_query(Some(&query));
    }
}

/// What a request type must offer for [`Call`] to send it, retry it and
/// follow its redirects: reqwest's async and blocking requests, which have
/// the same methods.
pub(crate) trait Sendable: Sized {
    fn try_clone(&self) -> Option<Self>;
    fn method(&self) -> &Method;
    fn url(&self) -> &reqwest::Url;
    fn headers_mut(&mut self) -> &mut HeaderMap;
    fn timeout_mut(&mut self) -> &mut Option<Duration>;
    /// The body, when it is bytes (the prepared requests' always are).
    fn body_bytes(&self) -> Option<&[u8]>;
    /// The request after a redirect, with the headers it may take there.
    fn into_hop(self, hop: Hop) -> Self;
}

macro_rules! sendable {
    ($request:ty) => {
        impl Sendable for $request {
            fn try_clone(&self) -> Option<Self> {
                <$request>::try_clone(self)
            }
            fn method(&self) -> &Method {
                <$request>::method(self)
            }
            fn url(&self) -> &reqwest::Url {
                <$request>::url(self)
            }
            fn headers_mut(&mut self) -> &mut HeaderMap {
                <$request>::headers_mut(self)
            }
            fn timeout_mut(&mut self) -> &mut Option<Duration> {
                <$request>::timeout_mut(self)
            }
            fn body_bytes(&self) -> Option<&[u8]> {
                self.body().and_then(|body| body.as_bytes())
            }
            fn into_hop(mut self, hop: Hop) -> Self {
                redirect::headers_for(&hop, self.headers_mut());
                if hop.drop_body {
                    *self.body_mut() = None;
                }
                *self.method_mut() = hop.method;
                *self.url_mut() = hop.url;
                self
            }
        }
    };
}

sendable!(reqwest::Request);
#[cfg(feature = "blocking")]
sendable!(reqwest::blocking::Request);

/// The limits of one call: how it is retried, how long each request and
/// the whole call may take.
#[derive(Clone, Copy)]
pub(crate) struct Limits<'s> {
    pub(crate) retry: &'s RetryPolicy,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
}

/// What a client does next in a [`Call`].
pub(crate) enum Next<R> {
    /// Send this request (an attempt, or a hop after a redirect), and give
    /// the outcome to [`Call::outcome`].
    Send(R),
    /// Sleep this long before a retry, then call [`Call::resume`].
    Wait(Duration),
    /// The call is over.
    Done(Result<http::Response<Bytes>, Stopped>),
}

/// Why a call ended without an answer to decode. Not generic over the
/// endpoint: the caller makes it an [`Error`].
pub(crate) enum Stopped {
    Transport(Box<TransportError>),
    Redirect(Box<RedirectError>),
    /// No access token could be had from the client's token source.
    Token(Box<crate::auth::TokenError>),
}

impl<E> From<Stopped> for Error<E> {
    fn from(stopped: Stopped) -> Self {
        match stopped {
            Stopped::Transport(error) => Self::Transport(error),
            Stopped::Redirect(error) => Self::Redirect(error),
            Stopped::Token(error) => Self::Token(error),
        }
    }
}

/// One call of `send`, sans-IO: its attempts (retries of throttled
/// answers), the redirects of each attempt, the deadline over them all, the
/// hooks, and the tracing span. Both clients drive it the same way and only
/// send and sleep their own way:
///
/// ```text
/// let (call, next) = Call::start_with(settings, limits, info, request);
/// loop { next = match next { Send(r) => call.outcome(send(r)), Wait(d) => { sleep(d); call.resume() }, Done(r) => return r } }
/// ```
pub(crate) struct Call<'s, R> {
    settings: &'s Settings,
    info: RequestInfo,
    retries: Retries<'s>,
    /// The prepared request, kept while another attempt may need it.
    prepared: Option<R>,
    /// The request in flight, kept while a redirect may need it.
    in_flight: Option<R>,
    /// Redirects followed in this attempt.
    hops: u32,
    /// The longest one request may take: the client's, or the request's own
    /// ([`RequestOptions`](crate::RequestOptions)).
    timeout: Option<Duration>,
    /// The length of the deadline, for its message.
    deadline_length: Option<Duration>,
    attempt: u32,
    started: Instant,
    /// When the whole call must be over.
    deadline: Option<Instant>,
    /// The last throttled answer, while a retry is under way: the answer
    /// if the deadline ends the retry.
    throttled: Option<http::Response<Bytes>>,
    span: tracing::Span,
}

impl<'s, R: Sendable> Call<'s, R> {
    /// A call of `request` within `limits` (the client's settings, or a
    /// request's [`RequestOptions`](crate::RequestOptions)), and its first
    /// step.
    pub(crate) fn start_with(
        settings: &'s Settings,
        limits: Limits<'s>,
        info: RequestInfo,
        request: R,
    ) -> (Self, Next<R>) {
        // The method and the path template: never the URL, whose query can
        // carry a token, and never a header.
        let span = tracing::info_span!(
            "endpointgen.request",
            http.method = %info.method,
            url.template = info.path,
            http.status_code = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        let now = Instant::now();
        let mut call = Self {
            settings,
            retries: limits.retry.start(),
            timeout: limits.timeout,
            deadline_length: limits.deadline,
            info,
            prepared: Some(request),
            in_flight: None,
            hops: 0,
            attempt: 0,
            started: now,
            // A deadline too far to be an `Instant` is no deadline.
            deadline: limits.deadline.and_then(|deadline| now.checked_add(deadline)),
            throttled: None,
            span,
        };
        let next = call.next_attempt();
        (call, next)
    }

    /// The request, as errors name it.
    pub(crate) fn info(&self) -> &RequestInfo {
        &self.info
    }

    /// The span that the call's events belong to.
    pub(crate) fn span(&self) -> &tracing::Span {
        &self.span
    }

    /// The next step after the wait that [`Next::Wait`] asked for.
    pub(crate) fn resume(&mut self) -> Next<R> {
        self.next_attempt()
    }

    /// The next step after the outcome of the request last sent.
    pub(crate) fn outcome(&mut self, outcome: Result<http::Response<Bytes>, Failure>) -> Next<R> {
        let response = match outcome {
            Ok(response) => response,
            Err(failure) if failure.timeout && self.remaining() == Some(Duration::ZERO) => {
                // The deadline cut this request's time: a retry ends with
                // the throttled answer it was for, as when the retry budget
                // is spent.
                let failure = self.deadline_failure();
                return match self.throttled.take() {
                    Some(throttled) => {
                        self.record(Err(&failure));
                        Next::Done(Ok(throttled))
                    }
                    None => self.fail(failure),
                };
            }
            Err(failure) => return self.fail(failure),
        };
        if let Some(next) = self.redirect(&response) {
            return next;
        }
        self.throttled = None;
        self.record(Ok(&response));
        let Some(wait) = self.retries.after(&self.info.method, response.status(), response.headers()) else {
            return Next::Done(Ok(response));
        };
        // A wait that would end past the deadline is not waited: the
        // throttled answer is the answer, as when the retry budget is spent.
        if self.prepared.is_none() || self.remaining().is_some_and(|remaining| wait >= remaining) {
            return Next::Done(Ok(response));
        }
        tracing::info!(
            parent: &self.span,
            http.status_code = response.status().as_u16(),
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            retry = self.retries.count(),
            "throttled; sending again"
        );
        self.throttled = Some(response);
        Next::Wait(wait)
    }

    /// Starts an attempt: the prepared request (a copy when another attempt
    /// may follow), with the hooks' headers.
    fn next_attempt(&mut self) -> Next<R> {
        let Some(prepared) = self.prepared.take() else {
            return self.fail(Failure::new("the request cannot be sent again".to_owned()));
        };
        let mut request = if self.retries.may_retry(prepared.method()) {
            match prepared.try_clone() {
                Some(copy) => {
                    self.prepared = Some(prepared);
                    copy
                }
                None => prepared,
            }
        } else {
            prepared
        };
        self.attempt += 1;
        self.hops = 0;
        for hook in &self.settings.hooks {
            hook.on_request(&self.info, request.headers_mut());
        }
        self.started = Instant::now();
        self.send(request)
    }

    /// Sends `request` within the time left, keeping a copy while a
    /// redirect may need it.
    fn send(&mut self, mut request: R) -> Next<R> {
        let remaining = self.remaining();
        if remaining == Some(Duration::ZERO) {
            return self.outcome(Err(self.deadline_failure()));
        }
        let timeout = match (self.timeout, remaining) {
            (Some(timeout), Some(remaining)) => Some(timeout.min(remaining)),
            (timeout, remaining) => timeout.or(remaining),
        };
        if timeout.is_some() {
            *request.timeout_mut() = timeout;
        }
        self.in_flight = if self.settings.max_redirects > 0 { request.try_clone() } else { None };
        Next::Send(request)
    }

    /// The next hop when `response` is a redirect to follow, or the end of
    /// the call when it is one not to follow; `None` when it is the answer.
    fn redirect(&mut self, response: &http::Response<Bytes>) -> Option<Next<R>> {
        let sent = self.in_flight.take()?;
        let has_body = sent.body_bytes().is_some_and(|body| !body.is_empty());
        let decision = redirect::decide(
            &redirect::Sent { method: sent.method(), url: sent.url(), has_body, hops: self.hops },
            response.status(),
            response.headers(),
            self.settings.max_redirects,
        );
        match decision {
            Decision::Answer => None,
            Decision::Follow(hop) => {
                self.hops += 1;
                tracing::info!(
                    parent: &self.span,
                    http.status_code = response.status().as_u16(),
                    other_origin = hop.other_origin,
                    "redirected"
                );
                Some(self.send(sent.into_hop(hop)))
            }
            Decision::Refuse { reason, location } => {
                self.record(Ok(response));
                // A `Location` that is no URL to follow (an app's own
                // scheme, say) is kept as sent, for a caller who expects it.
                let sent_location = || {
                    let value = response.headers().get(http::header::LOCATION)?;
                    Some(String::from_utf8_lossy(value.as_bytes()).into())
                };
                let error = RedirectError {
                    request: self.info.clone(),
                    status: response.status(),
                    reason,
                    target_origin: location.as_ref().map(|url| redirect::origin_text(url).into()),
                    location: location.map(|url| String::from(url).into()).or_else(sent_location),
                };
                tracing::info!(parent: &self.span, error = %error, "redirect not followed");
                Some(Next::Done(Err(Stopped::Redirect(Box::new(error)))))
            }
        }
    }

    /// The time left before the deadline, if there is one.
    fn remaining(&self) -> Option<Duration> {
        self.deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()))
    }

    fn deadline_failure(&self) -> Failure {
        let deadline = self.deadline_length.unwrap_or_default();
        Failure {
            timeout: true,
            ..Failure::new(format!(
                "the call was not over within its deadline of {deadline:?} (attempts, redirects and the waits between them)"
            ))
        }
    }

    /// Records how an attempt ended: the hooks, the span.
    fn record(&self, outcome: Result<&http::Response<Bytes>, &Failure>) {
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
        if let Ok(response) = outcome {
            self.span.record("http.status_code", response.status().as_u16());
        }
    }

    /// Ends the call with a transport failure.
    fn fail(&self, failure: Failure) -> Next<R> {
        self.record(Err(&failure));
        tracing::info!(parent: &self.span, error = %failure.message, "no response");
        Next::Done(Err(Stopped::Transport(Box::new(TransportError {
            request: self.info.clone(),
            message: failure.message,
            timeout: failure.timeout,
            source: failure.source,
        }))))
    }
}

/// A transport failure before the endpoint it belongs to is known.
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) timeout: bool,
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Failure {
    pub(crate) fn new(message: String) -> Self {
        Self { message, timeout: false, source: None }
    }

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

    /// A failure to read a blocking response's body, whose reqwest error
    /// (stripped of its URL) comes wrapped in an I/O error.
    #[cfg(feature = "blocking")]
    pub(crate) fn from_io(error: std::io::Error) -> Self {
        let kind = error.kind();
        let timeout = kind == std::io::ErrorKind::TimedOut;
        match error.into_inner().map(<dyn std::error::Error + Send + Sync>::downcast::<reqwest::Error>) {
            Some(Ok(error)) => Self::from_reqwest(*error),
            Some(Err(other)) => {
                Self { message: format!("reading the body failed: {other}"), timeout, source: Some(other) }
            }
            None => Self { message: format!("reading the body failed: {kind}"), timeout, source: None },
        }
    }

    pub(crate) fn too_large(limit: usize) -> Self {
        Self::new(format!("the response body is larger than the limit of {limit} bytes"))
    }

    /// A `Content-Length` over `limit`: refused before reading, and never
    /// used to size a buffer (a server can claim any length).
    pub(crate) fn declared_too_large(content_length: Option<u64>, limit: usize) -> Option<Self> {
        let limit_u64 = u64::try_from(limit).unwrap_or(u64::MAX);
        content_length.is_some_and(|length| length > limit_u64).then(|| Self::too_large(limit))
    }
}

/// The answer to decode: a response's status, version and headers, and its
/// body read whole.
pub(crate) fn whole_response(
    status: http::StatusCode,
    version: http::Version,
    headers: HeaderMap,
    body: Bytes,
) -> http::Response<Bytes> {
    let mut response = http::Response::new(body);
    *response.status_mut() = status;
    *response.version_mut() = version;
    *response.headers_mut() = headers;
    response
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
        if length.checked_add(chunk.len()).is_none_or(|total| total > self.limit) {
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
pub(crate) struct BuilderSettings {
    pub(crate) base_url: String,
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) user_agent: String,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_redirects: u32,
    pub(crate) max_pages: u32,
    pub(crate) retry: RetryPolicy,
    pub(crate) default_headers: Vec<(String, String)>,
    /// Certificates of CAs trusted besides the platform's, DER.
    pub(crate) root_certificates: Vec<Vec<u8>>,
    /// The URLs given for servers of their own, checked when built.
    pub(crate) servers: Vec<(crate::Server, String)>,
    #[cfg(feature = "mock")]
    pub(crate) mock: Option<Arc<crate::mock::Shared>>,
}

/// Default headers can hold secrets (an API key set by hand, a tenant
/// token): their values are never shown, only their names. The base URL is
/// not checked yet, so it is shown as its error would show it.
impl std::fmt::Debug for BuilderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let header_names: Vec<&str> = self.default_headers.iter().map(|(name, _)| name.as_str()).collect();
        let mut debug = f.debug_struct("BuilderSettings");
        debug
            .field("base_url", &crate::base_url::shown(&self.base_url))
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_redirects", &self.max_redirects)
            .field("max_pages", &self.max_pages)
            .field("retry", &self.retry)
            .field("default_headers", &header_names)
            .field("root_certificates", &self.root_certificates.len())
            .field(
                "servers",
                &self
                    .servers
                    .iter()
                    .map(|(server, url)| (server.name(), crate::base_url::shown(url)))
                    .collect::<Vec<_>>(),
            );
        #[cfg(feature = "mock")]
        debug.field("mock", &self.mock.is_some());
        debug.finish()
    }
}

impl BuilderSettings {
    pub(crate) fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            deadline: Some(Duration::from_secs(60)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: concat!("endpointgen/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_response_bytes: 16 * 1024 * 1024,
            max_redirects: 10,
            max_pages: 10_000,
            retry: RetryPolicy::default(),
            default_headers: Vec::new(),
            root_certificates: Vec::new(),
            servers: Vec::new(),
            #[cfg(feature = "mock")]
            mock: None,
        }
    }

    /// The settings, checked.
    pub(crate) fn settings(&self, hooks: Vec<Arc<dyn Hook>>) -> Result<Settings, crate::ClientError> {
        let base_url = BaseUrl::parse(&self.base_url).map_err(crate::ClientError::BaseUrl)?;
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| crate::ClientError::Header(format!("`{name}` is not a valid header name")))?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| crate::ClientError::Header(format!("the value of `{name}` has a control character")))?;
            // Any default header may be a credential: hidden from the
            // `Debug` of requests and header maps, as the client's own are.
            value.set_sensitive(true);
            default_headers.append(name, value);
        }
        let servers = self
            .servers
            .iter()
            .map(|(server, url)| Ok((*server, BaseUrl::parse(url).map_err(crate::ClientError::BaseUrl)?)))
            .collect::<Result<_, crate::ClientError>>()?;
        Ok(Settings {
            servers,
            origin: Origin::new(&base_url),
            base_url,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry.clone(),
            timeout: self.timeout,
            deadline: self.deadline,
            max_redirects: self.max_redirects,
            max_pages: self.max_pages,
            hooks,
            default_headers,
            #[cfg(feature = "mock")]
            mock: self.mock.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "blocking")]
    use super::Failure;
    use super::Origin;
    use crate::BaseUrl;

    /// What the blocking client reads its body through: an I/O error,
    /// around reqwest's or not.
    #[cfg(feature = "blocking")]
    #[test]
    fn an_io_error_of_the_body_keeps_whether_it_timed_out() {
        let timed_out = Failure::from_io(std::io::Error::new(std::io::ErrorKind::TimedOut, "slow"));
        assert!(timed_out.timeout);
        assert_eq!(timed_out.message, "reading the body failed: slow");
        let reset = Failure::from_io(std::io::ErrorKind::ConnectionReset.into());
        assert!(!reset.timeout && reset.message.starts_with("reading the body failed: "), "{}", reset.message);
    }

    #[test]
    fn a_url_parsed_after_the_origin_is_the_url_parsed_whole() {
        let bases = [
            "https://api.example.com",
            "http://127.0.0.1:8080/portal/",
            "HTTPS://API.Example.com:443/v1/",
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

//! Access tokens that the client gets for itself: OAuth 2 client
//! credentials, a refresh token, or a source of one's own (the portal's
//! password login), held as [`TokenCredentials`].
//!
//! A [`TokenSource`] is sans-IO: it says which request gets a token and
//! reads the answer; the client (async or blocking) sends the request with
//! its own HTTP client. [`TokenCredentials`] caches the token: it is fetched
//! on first use, used until a margin before it expires, fetched once for
//! all the requests that need a new one at the same time (one request to
//! the token endpoint, whatever the number waiting), and fetched again when
//! the API answers 401 to it. A refresh token that an answer carries is
//! kept and handed to the source for the next fetch (a rotated one replaces
//! the last).
//!
//! Nothing here shows a secret: client secrets, access and refresh tokens
//! are hidden from every `Debug` and error message, the token endpoint's
//! answer is never logged nor quoted in an error, and it is read within
//! [`TokenCredentials::MAX_RESPONSE_BYTES`].

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use http::{Method, StatusCode};

use crate::auth::Secret;
use crate::request::push_encoded;

/// Where a client gets its access tokens: which request asks for one, and
/// how the answer is read. [`OAuth2ClientCredentials`] and [`RefreshToken`]
/// are the OAuth 2 grants; an API's own login (a password grant, say)
/// implements this trait.
///
/// The client sends the request itself, without following redirects, within
/// its timeout, and reads at most [`TokenCredentials::MAX_RESPONSE_BYTES`]
/// of the answer.
pub trait TokenSource: fmt::Debug + Send + Sync + 'static {
    /// The request for a new token. `refresh_token` is the one the last
    /// answer carried, if any: a source whose grant can renew with it sends
    /// it (the refresh grant), others start over.
    ///
    /// # Errors
    ///
    /// A request that cannot be made ([`TokenError::invalid_request`]).
    fn request(&self, refresh_token: Option<&str>) -> Result<http::Request<Vec<u8>>, TokenError>;

    /// Reads the token endpoint's answer, whatever its status. By default
    /// as RFC 6749 says ([`Token::from_oauth_response`]).
    ///
    /// # Errors
    ///
    /// A refusal, or an answer that holds no token.
    fn read(&self, response: http::Response<Bytes>) -> Result<Token, TokenError> {
        Token::from_oauth_response(&response)
    }
}

/// An access token, how long it lasts and the refresh token that renews it.
/// Its `Debug` output hides both tokens.
#[derive(Clone)]
pub struct Token {
    access: Secret,
    expires_in: Option<Duration>,
    refresh: Option<Secret>,
}

impl Token {
    /// An access token without a known lifetime: it is used until the API
    /// answers 401 to it.
    #[must_use]
    pub fn new(access_token: &str) -> Self {
        Self { access: Secret::new(access_token), expires_in: None, refresh: None }
    }

    /// The token's lifetime from now (`expires_in`).
    #[must_use]
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }

    /// The refresh token that came with it.
    #[must_use]
    pub fn refresh_token(mut self, refresh_token: &str) -> Self {
        self.refresh = Some(Secret::new(refresh_token));
        self
    }

    /// The token in an RFC 6749 answer: a 2xx with `access_token`,
    /// `token_type` `bearer` (any case; a missing one is taken as bearer),
    /// and optionally `expires_in` (seconds, a number or a string of
    /// digits) and `refresh_token`; any other status is a refusal, read as
    /// section 5.2's `error` and `error_description` when the body has them.
    ///
    /// # Errors
    ///
    /// A refusal, a redirect (not followed: the request carries a secret),
    /// or a body that is not such an answer. No error quotes the body.
    pub fn from_oauth_response(response: &http::Response<Bytes>) -> Result<Self, TokenError> {
        let status = response.status();
        let body: Result<serde_json::Value, _> = serde_json::from_slice(response.body());
        if !status.is_success() {
            let field = |name: &str| {
                body.as_ref().ok().and_then(|body| body.get(name)).and_then(serde_json::Value::as_str).map(printable)
            };
            return Err(match field("error") {
                Some(error) => {
                    TokenError::new(TokenErrorKind::Refused { status, error, description: field("error_description") })
                }
                None if status.is_redirection() => TokenError::new(TokenErrorKind::Status(status))
                    .with_note("a redirect, not followed: the token request carries secrets"),
                None => TokenError::new(TokenErrorKind::Status(status)),
            });
        }
        // serde_json's messages can quote the text they stopped at: only
        // the kind of problem and its place are kept.
        let body = body.map_err(|error| {
            TokenError::invalid_response(format!(
                "the answer is not JSON ({:?} error at line {}, column {})",
                error.classify(),
                error.line(),
                error.column()
            ))
        })?;
        let Some(access_token) = body.get("access_token").and_then(serde_json::Value::as_str) else {
            return Err(TokenError::invalid_response("the answer has no `access_token` string".to_owned()));
        };
        match body.get("token_type") {
            None => {}
            Some(serde_json::Value::String(kind)) if kind.eq_ignore_ascii_case("bearer") => {}
            Some(serde_json::Value::String(kind)) => {
                return Err(TokenError::invalid_response(format!(
                    "the token is of type `{}`, and this client sends bearer tokens only",
                    printable(kind)
                )));
            }
            Some(_) => return Err(TokenError::invalid_response("its `token_type` is not a string".to_owned())),
        }
        let mut token = Self::new(access_token);
        let seconds = match body.get("expires_in") {
            Some(serde_json::Value::Number(number)) => {
                // A negative or fractional lifetime is read as none left.
                Some(number.as_u64().unwrap_or_default())
            }
            Some(serde_json::Value::String(text)) => text.trim().parse::<u64>().ok(),
            _ => None,
        };
        token.expires_in = seconds.map(Duration::from_secs);
        token.refresh = body.get("refresh_token").and_then(serde_json::Value::as_str).map(Secret::new);
        Ok(token)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &self.access)
            .field("expires_in", &self.expires_in)
            .field("refresh_token", &self.refresh)
            .finish()
    }
}

/// At most this many characters of what a token endpoint says are kept,
/// control and direction-changing characters replaced: what it says ends
/// up in logs.
fn printable(text: &str) -> String {
    text.chars().take(200).map(|c| if crate::error::is_hidden(c) { '\u{fffd}' } else { c }).collect()
}

/// Why no token could be had.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenError {
    /// What went wrong.
    pub kind: TokenErrorKind,
    note: Option<String>,
}

/// What went wrong getting a token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenErrorKind {
    /// The token endpoint refused, with an OAuth 2 error (RFC 6749 section
    /// 5.2): `invalid_client`, `invalid_grant`, `invalid_scope`…
    Refused {
        /// The status of the answer (400 or 401, usually).
        status: StatusCode,
        /// The `error` code.
        error: String,
        /// The `error_description`, if any.
        description: Option<String>,
    },
    /// A status without an OAuth 2 error in the body.
    Status(StatusCode),
    /// A 2xx answer that holds no usable token.
    InvalidResponse,
    /// No complete answer came: the connection, a timeout, a body over the
    /// size limit.
    Transport {
        /// Whether a timeout ended it.
        timeout: bool,
    },
    /// The token request could not be made (a token URL that is not
    /// `https`, a source without what it needs).
    InvalidRequest,
}

impl TokenError {
    fn new(kind: TokenErrorKind) -> Self {
        Self { kind, note: None }
    }

    fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// A token request that cannot be made, and why (shown in messages:
    /// no secret in it).
    #[must_use]
    pub fn invalid_request(reason: impl Into<String>) -> Self {
        Self::new(TokenErrorKind::InvalidRequest).with_note(reason)
    }

    /// An answer that holds no token, and why (shown in messages: not the
    /// answer itself, which may hold one).
    #[must_use]
    pub fn invalid_response(reason: impl Into<String>) -> Self {
        Self::new(TokenErrorKind::InvalidResponse).with_note(reason)
    }

    /// A refusal with an OAuth 2 `error` code, for a source that reads its
    /// endpoint's errors itself.
    #[must_use]
    pub fn refused(status: StatusCode, error: &str, description: Option<&str>) -> Self {
        Self::new(TokenErrorKind::Refused { status, error: printable(error), description: description.map(printable) })
    }

    #[cfg(feature = "client")]
    pub(crate) fn transport(failure: crate::transport::Failure) -> Self {
        Self::new(TokenErrorKind::Transport { timeout: failure.timeout }).with_note(failure.message)
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no access token: ")?;
        match &self.kind {
            TokenErrorKind::Refused { status, error, description } => {
                write!(f, "the token endpoint refused ({}): {error}", status.as_u16())?;
                if let Some(description) = description {
                    write!(f, ": {description}")?;
                }
            }
            TokenErrorKind::Status(status) => write!(f, "the token endpoint answered {status}")?,
            TokenErrorKind::InvalidResponse => f.write_str("the token endpoint's answer holds no usable token")?,
            TokenErrorKind::Transport { .. } => f.write_str("the token endpoint did not answer")?,
            TokenErrorKind::InvalidRequest => f.write_str("the token request cannot be made")?,
        }
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenError").field("kind", &self.kind).field("note", &self.note).finish()
    }
}

impl std::error::Error for TokenError {}

/// A token URL must be `https`, or `http` to this machine (a test server):
/// the request carries a client secret or a refresh token.
fn check_token_url(url: &str) -> Result<http::Uri, TokenError> {
    let uri: http::Uri = url.parse().map_err(|_| TokenError::invalid_request("the token URL is not a valid URL"))?;
    let loopback = matches!(uri.host(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http") if loopback => Ok(uri),
        _ => Err(TokenError::invalid_request(
            "the token URL must be https (or http to 127.0.0.1, localhost or [::1]): the request carries secrets",
        )),
    }
}

/// A form-encoded `POST` to a token URL.
fn form_request(url: &str, fields: &[(&str, &str)]) -> Result<http::Request<Vec<u8>>, TokenError> {
    let uri = check_token_url(url)?;
    let mut body = String::new();
    for (name, value) in fields {
        if !body.is_empty() {
            body.push('&');
        }
        push_encoded(&mut body, name);
        body.push('=');
        push_encoded(&mut body, value);
    }
    http::Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(ACCEPT, "application/json")
        .body(body.into_bytes())
        .map_err(|_| TokenError::invalid_request("the token request is not valid"))
}

/// How a confidential client proves who it is to the token endpoint
/// (RFC 6749 section 2.3.1).
#[derive(Clone)]
struct ClientAuth {
    client_id: String,
    client_secret: Option<Secret>,
    /// In the form body (`client_secret_post`) rather than HTTP Basic
    /// (`client_secret_basic`, which every server must support).
    in_body: bool,
}

impl ClientAuth {
    /// Adds the client's id and secret to a token request's form fields,
    /// or returns the HTTP Basic header that carries them.
    fn apply<'a>(&'a self, fields: &mut Vec<(&'a str, &'a str)>) -> Option<HeaderValue> {
        match &self.client_secret {
            Some(secret) if !self.in_body => {
                use base64::Engine as _;
                // The id and the secret are form-encoded first, so that a
                // `:` in the id cannot end it (RFC 6749 section 2.3.1).
                let mut pair = String::new();
                push_encoded(&mut pair, &self.client_id);
                pair.push(':');
                push_encoded(&mut pair, secret.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                let mut header = HeaderValue::try_from(format!("Basic {encoded}")).ok()?;
                header.set_sensitive(true);
                Some(header)
            }
            secret => {
                fields.push(("client_id", &self.client_id));
                if let Some(secret) = secret {
                    fields.push(("client_secret", secret.expose()));
                }
                None
            }
        }
    }

    fn request<'a>(
        &'a self,
        url: &str,
        mut fields: Vec<(&'a str, &'a str)>,
    ) -> Result<http::Request<Vec<u8>>, TokenError> {
        let header = self.apply(&mut fields);
        let mut request = form_request(url, &fields)?;
        if let Some(header) = header {
            request.headers_mut().insert(AUTHORIZATION, header);
        }
        Ok(request)
    }
}

impl fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientAuth")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("in_body", &self.in_body)
            .finish()
    }
}

/// OAuth 2's client credentials grant (RFC 6749 section 4.4): the client
/// signs in as itself with its id and secret, sent with HTTP Basic unless
/// [`secret_in_body`](Self::secret_in_body) says otherwise.
#[derive(Clone)]
pub struct OAuth2ClientCredentials {
    token_url: String,
    client: ClientAuth,
    scopes: Vec<String>,
}

impl OAuth2ClientCredentials {
    /// The grant at `token_url` (which must be `https`, or `http` to
    /// 127.0.0.1 or localhost) for this client.
    #[must_use]
    pub fn new(token_url: &str, client_id: &str, client_secret: &str) -> Self {
        Self {
            token_url: token_url.to_owned(),
            client: ClientAuth {
                client_id: client_id.to_owned(),
                client_secret: Some(Secret::new(client_secret)),
                in_body: false,
            },
            scopes: Vec::new(),
        }
    }

    /// The scopes to ask for (`scope=a b`).
    #[must_use]
    pub fn scopes<S: AsRef<str>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(|scope| scope.as_ref().to_owned()).collect();
        self
    }

    /// Sends the id and secret as form fields (`client_secret_post`), for
    /// servers that do not take them as HTTP Basic.
    #[must_use]
    pub fn secret_in_body(mut self) -> Self {
        self.client.in_body = true;
        self
    }
}

impl TokenSource for OAuth2ClientCredentials {
    /// Always the client credentials grant: the client can sign in again
    /// at any time, and RFC 6749 says this grant should not give a refresh
    /// token.
    fn request(&self, _refresh_token: Option<&str>) -> Result<http::Request<Vec<u8>>, TokenError> {
        let scope = self.scopes.join(" ");
        let mut fields = vec![("grant_type", "client_credentials")];
        if !scope.is_empty() {
            fields.push(("scope", scope.as_str()));
        }
        self.client.request(&self.token_url, fields)
    }
}

impl fmt::Debug for OAuth2ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2ClientCredentials")
            .field("token_url", &crate::base_url::shown(&self.token_url))
            .field("client", &self.client)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// OAuth 2's refresh token grant (RFC 6749 section 6): access tokens from a
/// refresh token that the application already has. A refresh token that an
/// answer carries replaces it (servers that rotate them invalidate the one
/// spent).
#[derive(Clone)]
pub struct RefreshToken {
    token_url: String,
    /// The refresh token the application gave, for the first fetch.
    first: Secret,
    client: Option<ClientAuth>,
    scopes: Vec<String>,
}

impl RefreshToken {
    /// The grant at `token_url` (which must be `https`, or `http` to
    /// 127.0.0.1 or localhost), starting from `refresh_token`.
    #[must_use]
    pub fn new(token_url: &str, refresh_token: &str) -> Self {
        Self { token_url: token_url.to_owned(), first: Secret::new(refresh_token), client: None, scopes: Vec::new() }
    }

    /// The client the refresh token was issued to: its id, and its secret
    /// for a confidential client (sent with HTTP Basic), or `None` for a
    /// public one (the id goes in the form).
    #[must_use]
    pub fn client(mut self, client_id: &str, client_secret: Option<&str>) -> Self {
        self.client = Some(ClientAuth {
            client_id: client_id.to_owned(),
            client_secret: client_secret.map(Secret::new),
            in_body: false,
        });
        self
    }

    /// The scopes to ask for, when fewer than the refresh token grants.
    #[must_use]
    pub fn scopes<S: AsRef<str>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(|scope| scope.as_ref().to_owned()).collect();
        self
    }
}

impl TokenSource for RefreshToken {
    fn request(&self, refresh_token: Option<&str>) -> Result<http::Request<Vec<u8>>, TokenError> {
        let scope = self.scopes.join(" ");
        let refresh_token = refresh_token.unwrap_or(self.first.expose());
        let mut fields = vec![("grant_type", "refresh_token"), ("refresh_token", refresh_token)];
        if !scope.is_empty() {
            fields.push(("scope", scope.as_str()));
        }
        match &self.client {
            Some(client) => client.request(&self.token_url, fields),
            None => form_request(&self.token_url, &fields),
        }
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshToken")
            .field("token_url", &crate::base_url::shown(&self.token_url))
            .field("refresh_token", &self.first)
            .field("client", &self.client)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Credentials that get their access token from a [`TokenSource`], sent as
/// `Authorization: Bearer <token>`: they meet every bearer, OAuth 2 and
/// OpenID Connect scheme, as a [`BearerToken`](crate::auth::BearerToken)
/// does. Made by `Client::token_source`; clones share one cache.
///
/// - The token is fetched when a request first needs it, not before.
/// - It is used until a margin before its `expires_in` ends: a tenth of
///   its lifetime, at most [`REFRESH_MARGIN`](Self::REFRESH_MARGIN).
/// - When several requests need a new token at once, one of them fetches
///   it and the others wait for it: one request to the token endpoint. If
///   that fetch fails, the requests that waited for it fail with its error
///   (rather than each trying again).
/// - A request answered 401 is sent once more with a new token, unless the
///   token it was sent with was already replaced (then with that one).
/// - A refresh token that an answer carries is handed to the source for the
///   next fetch; a refused fetch forgets it, so that the next starts over.
/// - It meets bearer, OAuth 2 and OpenID Connect schemes (`Required`,
///   `Optional`, a choice), not yet a scheme of an
///   [`AllOf`](crate::auth::AllOf) requirement.
#[derive(Clone)]
pub struct TokenCredentials {
    cache: Arc<Cache>,
}

struct Cache {
    source: Box<dyn TokenSource>,
    state: Mutex<State>,
    /// Held by the one request that fetches a token: the others wait here,
    /// then find the token it fetched. A tokio mutex, so that an async
    /// request waits without blocking its thread; the blocking client
    /// locks it with `blocking_lock`.
    #[cfg(feature = "client")]
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    current: Option<Current>,
    refresh_token: Option<Secret>,
    /// Tokens fetched (or given) so far: each token's number.
    generation: u64,
    /// Fetches tried so far, and the error of the last if it failed.
    attempts: u64,
    failure: Option<TokenError>,
}

struct Current {
    header: HeaderValue,
    /// When a new token is fetched instead; `None` for a token without a
    /// lifetime.
    renew_at: Option<Instant>,
    generation: u64,
}

/// A token to send: its header, and its number (for
/// [`TokenCredentials::rejected`]).
#[derive(Clone)]
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) struct Issued {
    pub(crate) header: HeaderValue,
    pub(crate) generation: u64,
}

/// Where a fetch stands after the cache was looked at.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
enum Lookup {
    Fresh(Issued),
    /// No fresh token; the number of fetches tried so far.
    Stale(u64),
}

impl TokenCredentials {
    /// The longest margin before a token's expiry at which a new one is
    /// fetched.
    pub const REFRESH_MARGIN: Duration = Duration::from_secs(30);

    /// The largest token endpoint answer that is read.
    pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;

    /// Credentials that fetch their tokens from `source`.
    #[must_use]
    pub fn new(source: impl TokenSource) -> Self {
        Self {
            cache: Arc::new(Cache {
                source: Box::new(source),
                state: Mutex::new(State::default()),
                #[cfg(feature = "client")]
                fetching: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The same credentials, starting with `token` (one the application
    /// kept, say): it is used until it expires or the API refuses it, and
    /// its refresh token goes to the source for the next. A token that
    /// cannot be a header value (a line break) is not kept.
    #[must_use]
    pub fn with_token(self, token: Token) -> Self {
        // A token that cannot be a header value is not kept: the source
        // fetches one when a request needs it.
        let _ = self.store(token);
        self
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is whole after any panic: every change is one assignment.
        self.cache.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lookup(&self) -> Lookup {
        let state = self.lock();
        match &state.current {
            Some(current) if current.renew_at.is_none_or(|at| Instant::now() < at) => {
                Lookup::Fresh(Issued { header: current.header.clone(), generation: current.generation })
            }
            _ => Lookup::Stale(state.attempts),
        }
    }

    /// With the fetch lock held: the token another request fetched while
    /// this one waited, or the error of that fetch; `None` to fetch.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    fn after_wait(&self, seen_attempts: u64) -> Option<Result<Issued, TokenError>> {
        if let Lookup::Fresh(issued) = self.lookup() {
            return Some(Ok(issued));
        }
        let state = self.lock();
        if state.attempts != seen_attempts {
            return state.failure.clone().map(Err);
        }
        None
    }

    /// The request for the next token, or why there is none.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    fn next_request(&self) -> Result<http::Request<Vec<u8>>, TokenError> {
        let refresh_token = self.lock().refresh_token.clone();
        self.cache.source.request(refresh_token.as_ref().map(Secret::expose))
    }

    /// Reads the answer to [`next_request`](Self::next_request) and keeps
    /// its token, or its error for the requests that waited. A refused
    /// fetch forgets the refresh token it may have sent (expired, revoked
    /// or spent), so that the next fetch starts over: a source that can
    /// sign in again (a password login) does.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    fn finish(&self, answer: Result<http::Response<Bytes>, TokenError>) -> Result<Issued, TokenError> {
        let token = answer.and_then(|response| self.cache.source.read(response));
        if let Err(TokenError { kind: TokenErrorKind::Refused { .. }, .. }) = &token {
            self.lock().refresh_token = None;
        }
        match token {
            Ok(token) => {
                let issued = self.store(token)?;
                let mut state = self.lock();
                state.attempts += 1;
                state.failure = None;
                Ok(issued)
            }
            Err(error) => {
                let mut state = self.lock();
                state.attempts += 1;
                state.failure = Some(error.clone());
                Err(error)
            }
        }
    }

    /// Makes `token` the current one.
    fn store(&self, token: Token) -> Result<Issued, TokenError> {
        let mut header = HeaderValue::try_from(format!("Bearer {}", token.access.expose()))
            .map_err(|_| TokenError::invalid_response("the access token has a character that cannot go in a header"))?;
        header.set_sensitive(true);
        let renew_at = token.expires_in.and_then(|lifetime| {
            let margin = (lifetime / 10).min(Self::REFRESH_MARGIN);
            // A lifetime too long to be an `Instant` is no expiry.
            Instant::now().checked_add(lifetime.saturating_sub(margin))
        });
        let mut state = self.lock();
        state.generation += 1;
        let generation = state.generation;
        state.current = Some(Current { header: header.clone(), renew_at, generation });
        if let Some(refresh_token) = token.refresh {
            state.refresh_token = Some(refresh_token);
        }
        Ok(Issued { header, generation })
    }

    /// The API refused the token numbered `generation` (a 401): it is not
    /// used again. A token fetched since is kept.
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) fn rejected(&self, generation: u64) {
        let mut state = self.lock();
        if state.current.as_ref().is_some_and(|current| current.generation == generation) {
            state.current = None;
        }
    }

    /// A token to send, fetched with `send` when there is no fresh one:
    /// one fetch at a time, and those that waited take its result.
    #[cfg(feature = "client")]
    pub(crate) async fn token<F, Fut>(&self, send: F) -> Result<Issued, TokenError>
    where
        F: FnOnce(http::Request<Vec<u8>>) -> Fut,
        Fut: Future<Output = Result<http::Response<Bytes>, TokenError>>,
    {
        let seen = match self.lookup() {
            Lookup::Fresh(issued) => return Ok(issued),
            Lookup::Stale(attempts) => attempts,
        };
        let _fetching = self.cache.fetching.lock().await;
        if let Some(result) = self.after_wait(seen) {
            return result;
        }
        let request = match self.next_request() {
            Ok(request) => request,
            Err(error) => return self.finish(Err(error)),
        };
        let answer = send(request).await;
        self.finish(answer)
    }

    /// As [`token`](Self::token), for the blocking client.
    #[cfg(feature = "blocking")]
    pub(crate) fn token_blocking(
        &self,
        send: impl FnOnce(http::Request<Vec<u8>>) -> Result<http::Response<Bytes>, TokenError>,
    ) -> Result<Issued, TokenError> {
        let seen = match self.lookup() {
            Lookup::Fresh(issued) => return Ok(issued),
            Lookup::Stale(attempts) => attempts,
        };
        let _fetching = self.cache.fetching.blocking_lock();
        if let Some(result) = self.after_wait(seen) {
            return result;
        }
        let answer = self.next_request().and_then(send);
        self.finish(answer)
    }
}

impl fmt::Debug for TokenCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCredentials").field("source", &self.cache.source).finish_non_exhaustive()
    }
}

/// The token source of credentials `C` when endpoint `E` sends a token
/// from one: the client fetches the token (it may have to wait) after
/// building the request, which [`SatisfiedBy::authorize`] cannot.
#[cfg(feature = "client")]
pub(crate) fn source_for<E, C>(credentials: &C) -> Option<TokenCredentials>
where
    E: crate::Endpoint,
    C: crate::auth::Credentials,
    E::Auth: crate::auth::SatisfiedBy<C, E>,
{
    let mut headers = http::HeaderMap::new();
    let mut placement = crate::auth::Placement::new(&mut headers);
    // A failure here failed when the request was built: it is not sent.
    <E::Auth as crate::auth::SatisfiedBy<C, E>>::authorize(credentials, &mut placement).ok()?;
    placement.token_source().cloned()
}

/// A token request as reqwest sends it, within `timeout` (or the client's).
#[cfg(feature = "client")]
fn reqwest_request<R>(request: http::Request<Vec<u8>>, timeout: Option<Duration>) -> Result<R, TokenError>
where
    R: TryFrom<http::Request<Vec<u8>>> + crate::transport::Sendable,
{
    let mut request =
        R::try_from(request).map_err(|_| TokenError::invalid_request("the token request cannot be sent"))?;
    if timeout.is_some() {
        *request.timeout_mut() = timeout;
    }
    Ok(request)
}

/// Sends a token request and reads the answer within
/// [`TokenCredentials::MAX_RESPONSE_BYTES`]. Redirects are not followed
/// (the client's reqwest follows none): the request carries secrets.
#[cfg(feature = "client")]
pub(crate) async fn fetch(
    http: &reqwest::Client,
    timeout: Option<Duration>,
    request: http::Request<Vec<u8>>,
) -> Result<http::Response<Bytes>, TokenError> {
    use crate::transport::{BodyBuffer, Failure, whole_response};
    let request: reqwest::Request = reqwest_request(request, timeout)?;
    let failed = |error| TokenError::transport(Failure::from_reqwest(error));
    let mut response = http.execute(request).await.map_err(failed)?;
    let limit = TokenCredentials::MAX_RESPONSE_BYTES;
    if let Some(failure) = Failure::declared_too_large(response.content_length(), limit) {
        return Err(TokenError::transport(failure));
    }
    let mut body = BodyBuffer::new(limit);
    while let Some(chunk) = response.chunk().await.map_err(failed)? {
        body.push(chunk).map_err(TokenError::transport)?;
    }
    tracing::info!(http.status_code = response.status().as_u16(), "endpointgen.token: token endpoint answered");
    Ok(whole_response(response.status(), response.version(), std::mem::take(response.headers_mut()), body.finish()))
}

/// As [`fetch`], for the blocking client.
#[cfg(feature = "blocking")]
pub(crate) fn fetch_blocking(
    http: &reqwest::blocking::Client,
    timeout: Option<Duration>,
    request: http::Request<Vec<u8>>,
) -> Result<http::Response<Bytes>, TokenError> {
    use std::io::Read as _;

    use crate::transport::{Failure, whole_response};
    let request: reqwest::blocking::Request = reqwest_request(request, timeout)?;
    let mut response = http.execute(request).map_err(|error| TokenError::transport(Failure::from_reqwest(error)))?;
    let limit = TokenCredentials::MAX_RESPONSE_BYTES;
    if let Some(failure) = Failure::declared_too_large(response.content_length(), limit) {
        return Err(TokenError::transport(failure));
    }
    let mut body = Vec::new();
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    (&mut response).take(cap).read_to_end(&mut body).map_err(|error| TokenError::transport(Failure::from_io(error)))?;
    if body.len() > limit {
        return Err(TokenError::transport(Failure::too_large(limit)));
    }
    tracing::info!(http.status_code = response.status().as_u16(), "endpointgen.token: token endpoint answered");
    Ok(whole_response(response.status(), response.version(), std::mem::take(response.headers_mut()), Bytes::from(body)))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use bytes::Bytes;
    use http::StatusCode;

    use super::{OAuth2ClientCredentials, RefreshToken, Token, TokenCredentials, TokenErrorKind, TokenSource};

    fn answer(status: u16, body: &str) -> http::Response<Bytes> {
        let mut response = http::Response::new(Bytes::from(body.to_owned()));
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        response
    }

    #[test]
    fn what_a_token_endpoint_says_is_cut_and_cannot_forge_or_turn_text() {
        assert_eq!(
            super::printable("bad\ngrant\u{1b}[0m \u{202e}tpyrc\u{2066}"),
            "bad\u{fffd}grant\u{fffd}[0m \u{fffd}tpyrc\u{fffd}"
        );
        assert_eq!(super::printable(&"x".repeat(500)).len(), 200);
    }

    #[test]
    fn an_oauth_answer_gives_the_token_its_lifetime_and_refresh_token() {
        let token = Token::from_oauth_response(&answer(
            200,
            r#"{"access_token":"at-s3cr3t","token_type":"Bearer","expires_in":"3600","refresh_token":"rt-s3cr3t"}"#,
        ))
        .unwrap();
        assert_eq!(token.access.expose(), "at-s3cr3t");
        assert_eq!(token.expires_in, Some(Duration::from_secs(3600)));
        assert_eq!(token.refresh.as_ref().map(super::Secret::expose), Some("rt-s3cr3t"));
        let shown = format!("{token:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(
            shown,
            "Token { access_token: <redacted>, expires_in: Some(3600s), refresh_token: Some(<redacted>) }"
        );
    }

    #[test]
    fn refusals_and_broken_answers_are_errors_that_quote_no_body() {
        let refused = Token::from_oauth_response(&answer(
            400,
            r#"{"error":"invalid_client","error_description":"Unknown client\r\nX: 1"}"#,
        ))
        .unwrap_err();
        assert_eq!(
            refused.kind,
            TokenErrorKind::Refused {
                status: StatusCode::BAD_REQUEST,
                error: "invalid_client".to_owned(),
                description: Some("Unknown client\u{fffd}\u{fffd}X: 1".to_owned()),
            }
        );
        assert!(refused.to_string().contains("invalid_client: Unknown client"), "{refused}");
        for (status, body) in [
            (200, r#"{"access_token":1234,"token_type":"bearer"}"#),
            (200, r#"{"access_token":"s3cr3t","token_type":"mac"}"#),
            (200, r#"{"access_token":"s3cr3t""#),
            (200, r#"["s3cr3t"]"#),
            (503, "s3cr3t"),
            (302, ""),
        ] {
            let error = Token::from_oauth_response(&answer(status, body)).unwrap_err();
            assert!(!format!("{error} {error:?}").contains("s3cr3t"), "{error}");
        }
        let token_type = Token::from_oauth_response(&answer(200, r#"{"access_token":"a","token_type":"mac"}"#));
        assert!(token_type.unwrap_err().to_string().contains("`mac`"));
    }

    #[test]
    fn an_odd_expires_in_is_read_without_a_panic() {
        for (expires_in, lifetime) in [
            ("-5", Some(0)),
            ("1.5", Some(0)),
            ("18446744073709551615", Some(u64::MAX)),
            ("\"soon\"", None),
            ("null", None),
        ] {
            let body = format!(r#"{{"access_token":"a","expires_in":{expires_in}}}"#);
            let token = Token::from_oauth_response(&answer(200, &body)).unwrap();
            assert_eq!(token.expires_in, lifetime.map(Duration::from_secs), "{expires_in}");
            let credentials = TokenCredentials::new(RefreshToken::new("https://auth.example/token", "r"));
            // No time left is stale at once; a lifetime past any `Instant`
            // is kept as no expiry.
            let fresh = matches!(credentials.with_token(token).lookup(), super::Lookup::Fresh(_));
            assert_eq!(fresh, lifetime != Some(0), "{expires_in}");
        }
    }

    #[test]
    fn client_credentials_are_sent_with_http_basic_or_in_the_form() {
        let source = OAuth2ClientCredentials::new("https://auth.example/token", "app:1", "s3cr3t").scopes(["a", "b"]);
        let request = source.request(Some("ignored")).unwrap();
        assert_eq!(request.method(), "POST");
        assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
        // RFC 6749 2.3.1: the id and secret are form-encoded, then Basic.
        assert_eq!(request.headers()["authorization"], "Basic YXBwJTNBMTpzM2NyM3Q=");
        assert!(request.headers()["authorization"].is_sensitive());
        assert_eq!(String::from_utf8(request.body().clone()).unwrap(), "grant_type=client_credentials&scope=a%20b");
        let in_body = source.clone().secret_in_body().request(None).unwrap();
        assert!(!in_body.headers().contains_key("authorization"));
        assert_eq!(
            String::from_utf8(in_body.body().clone()).unwrap(),
            "grant_type=client_credentials&scope=a%20b&client_id=app%3A1&client_secret=s3cr3t"
        );
        let shown = format!("{source:?} {:?}", TokenCredentials::new(source.clone()));
        assert!(!shown.contains("s3cr3t") && shown.contains("app:1"), "{shown}");
    }

    #[test]
    fn a_refresh_token_grant_sends_the_latest_refresh_token() {
        let source = RefreshToken::new("http://127.0.0.1:9/token", "rt-first").client("app", None);
        let first = source.request(None).unwrap();
        assert_eq!(
            String::from_utf8(first.body().clone()).unwrap(),
            "grant_type=refresh_token&refresh_token=rt-first&client_id=app"
        );
        let rotated = source.request(Some("rt-second")).unwrap();
        assert!(String::from_utf8(rotated.body().clone()).unwrap().contains("refresh_token=rt-second"));
        assert!(!format!("{source:?}").contains("rt-first"));
    }

    #[test]
    fn a_token_url_must_be_https_unless_on_this_machine() {
        for url in ["http://auth.example/token", "ftp://127.0.0.1/token", "not a url", "http://127.0.0.1.evil/t"] {
            let error = OAuth2ClientCredentials::new(url, "a", "b").request(None).unwrap_err();
            assert_eq!(error.kind, TokenErrorKind::InvalidRequest, "{url}");
        }
        for url in ["https://auth.example/token", "http://localhost:8080/token", "http://[::1]:1/t"] {
            assert!(OAuth2ClientCredentials::new(url, "a", "b").request(None).is_ok(), "{url}");
        }
    }

    #[test]
    fn a_rejected_token_is_dropped_unless_another_replaced_it() {
        let credentials = TokenCredentials::new(RefreshToken::new("https://auth.example/token", "r"))
            .with_token(Token::new("first").expires_in(Duration::from_secs(3600)));
        let super::Lookup::Fresh(first) = credentials.lookup() else { panic!("the token given is fresh") };
        let second = credentials.store(Token::new("second")).unwrap();
        credentials.rejected(first.generation);
        let super::Lookup::Fresh(kept) = credentials.lookup() else { panic!("the newer token is kept") };
        assert_eq!(kept.header, "Bearer second");
        credentials.rejected(second.generation);
        assert!(matches!(credentials.lookup(), super::Lookup::Stale(0)));
        // A token about to expire (within the margin) is stale.
        let short = credentials.clone().with_token(Token::new("short").expires_in(Duration::ZERO));
        assert!(matches!(short.lookup(), super::Lookup::Stale(_)));
    }
}

//! Credentials, checked at compile time: an endpoint says what it needs
//! ([`Endpoint::Auth`](crate::Endpoint::Auth)), a client says what it holds,
//! and sending an endpoint through a client that lacks what it needs does not
//! compile.
//!
//! A spec's auth schemes become marker types (`portal::auth::Customer`) that
//! implement [`BearerScheme`] or [`ApiKeyScheme`]; an endpoint needs
//! [`Required<Scheme>`], [`Optional<Scheme>`] or nothing ([`Public`]). A client
//! holds [`Anonymous`], a [`BearerToken`] or an [`ApiKey`].

use std::fmt;
use std::marker::PhantomData;

use http::HeaderMap;
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};

mod sealed {
    pub trait Sealed {}
}

/// An auth scheme of a spec, generated as a marker type.
pub trait Scheme {
    /// The scheme's name in the spec.
    const NAME: &'static str;
}

/// A scheme that sends `Authorization: Bearer <token>`.
#[diagnostic::on_unimplemented(
    message = "the endpoint needs credentials of the `{Self}` scheme, and a bearer token is not those",
    label = "this endpoint needs other credentials than the client's bearer token",
    note = "make a client with the credentials that `{Self}` takes: `Client::new(base_url)?.api_key(key)` for an API key"
)]
pub trait BearerScheme: Scheme {}

/// A scheme that sends a key in a header of its own.
#[diagnostic::on_unimplemented(
    message = "the endpoint needs credentials of the `{Self}` scheme, and an API key is not those",
    label = "this endpoint needs other credentials than the client's API key",
    note = "make a client with the credentials that `{Self}` takes: `Client::new(base_url)?.bearer(token)` for a bearer token"
)]
pub trait ApiKeyScheme: Scheme {
    /// The header, such as `x-api-key`.
    const HEADER: &'static str;
}

/// What an endpoint needs to be sent: [`Public`], [`Required`] or
/// [`Optional`].
pub trait Requirement: sealed::Sealed {}

/// The endpoint needs no credentials.
#[derive(Debug, Clone, Copy)]
pub enum Public {}

/// The endpoint needs credentials of scheme `S`.
#[derive(Debug, Clone, Copy)]
pub struct Required<S>(PhantomData<S>);

/// The endpoint works without credentials, and sends those of scheme `S`
/// when the client has them (the answer may then say more).
#[derive(Debug, Clone, Copy)]
pub struct Optional<S>(PhantomData<S>);

impl sealed::Sealed for Public {}
impl Requirement for Public {}
impl<S: Scheme> sealed::Sealed for Required<S> {}
impl<S: Scheme> Requirement for Required<S> {}
impl<S: Scheme> sealed::Sealed for Optional<S> {}
impl<S: Scheme> Requirement for Optional<S> {}

/// Credentials a client holds: [`Anonymous`], [`BearerToken`] or [`ApiKey`].
pub trait Credentials: sealed::Sealed + fmt::Debug + Clone + Send + Sync {}

/// No credentials: only public endpoints (and those with optional auth) can
/// be sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymous;

impl sealed::Sealed for Anonymous {}
impl Credentials for Anonymous {}

/// A secret made into a header value once. Its `Debug` output hides it, and
/// the header is marked sensitive, so it shows up in no log.
#[derive(Clone)]
struct SecretHeader {
    /// `None` when the secret cannot be a header value (a line break in
    /// it); sending then fails with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    value: Option<HeaderValue>,
}

impl SecretHeader {
    fn new(value: String) -> Self {
        let value = HeaderValue::try_from(value).ok().map(|mut header| {
            header.set_sensitive(true);
            header
        });
        Self { value }
    }

    fn insert(&self, headers: &mut HeaderMap, name: HeaderName) -> Result<(), &'static str> {
        let value = self
            .value
            .clone()
            .ok_or("the credential has a character that cannot go in a header (such as a line break)")?;
        headers.insert(name, value);
        Ok(())
    }
}

/// A bearer token, sent as `Authorization: Bearer <token>`.
#[derive(Clone)]
pub struct BearerToken {
    header: SecretHeader,
}

impl BearerToken {
    /// Wraps `token`.
    #[must_use]
    pub fn new(token: &str) -> Self {
        Self { header: SecretHeader::new(format!("Bearer {token}")) }
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

impl sealed::Sealed for BearerToken {}
impl Credentials for BearerToken {}

/// An API key, sent in the header its scheme names.
#[derive(Clone)]
pub struct ApiKey {
    header: SecretHeader,
}

impl ApiKey {
    /// Wraps `key`.
    #[must_use]
    pub fn new(key: &str) -> Self {
        Self { header: SecretHeader::new(key.to_owned()) }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl sealed::Sealed for ApiKey {}
impl Credentials for ApiKey {}

/// A requirement that credentials `C` meet, for endpoint `E`.
///
/// The bound sits on the requirement, not on the credentials, so that the
/// compiler's message for a client without a token is the one below rather
/// than a type mismatch; `E` takes no part in the impls, and is there so that
/// the message names the endpoint.
#[diagnostic::on_unimplemented(
    message = "`{E}` needs credentials that this client does not have",
    label = "this endpoint needs `{Self}`",
    note = "the client holds `{C}`; give it the credentials first, such as `Client::new(base_url)?.bearer(token)`"
)]
pub trait SatisfiedBy<C: Credentials, E>: Requirement {
    /// Adds the credentials to a request's headers.
    ///
    /// # Errors
    ///
    /// A reason when they cannot be sent (a token with a line break).
    fn authorize(credentials: &C, headers: &mut HeaderMap) -> Result<(), &'static str>;
}

impl<C: Credentials, E> SatisfiedBy<C, E> for Public {
    fn authorize(_: &C, _: &mut HeaderMap) -> Result<(), &'static str> {
        Ok(())
    }
}

impl<S: BearerScheme, E> SatisfiedBy<BearerToken, E> for Required<S> {
    fn authorize(token: &BearerToken, headers: &mut HeaderMap) -> Result<(), &'static str> {
        token.header.insert(headers, AUTHORIZATION)
    }
}

impl<S: ApiKeyScheme, E> SatisfiedBy<ApiKey, E> for Required<S> {
    fn authorize(key: &ApiKey, headers: &mut HeaderMap) -> Result<(), &'static str> {
        key.header.insert(headers, api_key_header::<S>()?)
    }
}

impl<S: Scheme, E> SatisfiedBy<Anonymous, E> for Optional<S> {
    fn authorize(_: &Anonymous, _: &mut HeaderMap) -> Result<(), &'static str> {
        Ok(())
    }
}

impl<S: BearerScheme, E> SatisfiedBy<BearerToken, E> for Optional<S> {
    fn authorize(token: &BearerToken, headers: &mut HeaderMap) -> Result<(), &'static str> {
        token.header.insert(headers, AUTHORIZATION)
    }
}

impl<S: ApiKeyScheme, E> SatisfiedBy<ApiKey, E> for Optional<S> {
    fn authorize(key: &ApiKey, headers: &mut HeaderMap) -> Result<(), &'static str> {
        key.header.insert(headers, api_key_header::<S>()?)
    }
}

fn api_key_header<S: ApiKeyScheme>() -> Result<HeaderName, &'static str> {
    // The spec's validation allows only valid header names here.
    HeaderName::from_bytes(S::HEADER.as_bytes()).map_err(|_| "the API key scheme names an invalid header")
}

#[cfg(test)]
mod tests {
    use super::{ApiKey, ApiKeyScheme, BearerScheme, BearerToken, Optional, Required, SatisfiedBy, Scheme};

    enum Customer {}
    impl Scheme for Customer {
        const NAME: &'static str = "customer";
    }
    impl BearerScheme for Customer {}

    enum Partner {}
    impl Scheme for Partner {
        const NAME: &'static str = "partner";
    }
    impl ApiKeyScheme for Partner {
        // Not `X-Api-Key`: a runtime that sent every key there would pass.
        const HEADER: &'static str = "X-Partner-Key";
    }

    #[test]
    fn the_token_shows_in_no_debug_output() {
        let token = BearerToken::new("s3cr3t-token");
        assert!(!format!("{token:?}").contains("s3cr3t"));
        let mut headers = http::HeaderMap::new();
        <Required<Customer> as SatisfiedBy<_, ()>>::authorize(&token, &mut headers).unwrap();
        assert!(!format!("{headers:?}").contains("s3cr3t"));
        assert_eq!(headers["authorization"], "Bearer s3cr3t-token");
    }

    #[test]
    fn an_api_key_goes_in_its_schemes_header() {
        let key = ApiKey::new("k3y");
        assert!(!format!("{key:?}").contains("k3y"));
        let mut headers = http::HeaderMap::new();
        <Optional<Partner> as SatisfiedBy<_, ()>>::authorize(&key, &mut headers).unwrap();
        assert_eq!(headers.len(), 1);
        assert_eq!(headers["x-partner-key"], "k3y");
        assert!(headers["x-partner-key"].is_sensitive());
    }

    #[test]
    fn a_token_with_a_line_break_is_refused() {
        let token = BearerToken::new("abc\r\nX-Evil: 1");
        let mut headers = http::HeaderMap::new();
        assert!(<Required<Customer> as SatisfiedBy<_, ()>>::authorize(&token, &mut headers).is_err());
        assert!(headers.is_empty());
    }
}

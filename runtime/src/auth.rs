//! Credentials, checked at compile time: an endpoint says what it needs
//! ([`Endpoint::Auth`](crate::Endpoint::Auth)), a client says what it holds,
//! and sending an endpoint through a client that lacks what it needs does not
//! compile.

use std::fmt;

use http::HeaderMap;
use http::header::{AUTHORIZATION, HeaderValue};

mod sealed {
    pub trait Sealed {}
}

/// What an endpoint needs to be sent: [`Public`] or [`Bearer`].
pub trait Requirement: sealed::Sealed {}

/// The endpoint needs no credentials.
#[derive(Debug, Clone, Copy)]
pub enum Public {}

/// The endpoint needs a bearer token (`Authorization: Bearer …`).
#[derive(Debug, Clone, Copy)]
pub enum Bearer {}

impl sealed::Sealed for Public {}
impl Requirement for Public {}
impl sealed::Sealed for Bearer {}
impl Requirement for Bearer {}

/// Credentials a client holds: [`Anonymous`] or [`BearerToken`].
pub trait Credentials: sealed::Sealed + fmt::Debug + Clone + Send + Sync {}

/// No credentials: only public endpoints can be sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymous;

impl sealed::Sealed for Anonymous {}
impl Credentials for Anonymous {}

/// A bearer token. Its `Debug` output hides the token, and the header made
/// from it is marked sensitive, so it shows up in no log.
#[derive(Clone)]
pub struct BearerToken {
    /// `Bearer <token>`, or `None` when the token cannot be a header value
    /// (a line break in it); sending then fails with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    header: Option<HeaderValue>,
}

impl BearerToken {
    /// Wraps `token`.
    #[must_use]
    pub fn new(token: &str) -> Self {
        let header = HeaderValue::try_from(format!("Bearer {token}")).ok().map(|mut header| {
            header.set_sensitive(true);
            header
        });
        Self { header }
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

impl sealed::Sealed for BearerToken {}
impl Credentials for BearerToken {}

/// A requirement that credentials `C` meet, for endpoint `E`.
///
/// The bound sits on the requirement, not on the credentials, so that the
/// compiler's message for a client without a token is the one below rather
/// than a type mismatch; `E` takes no part in the impls, and is there so that
/// the message names the endpoint.
#[diagnostic::on_unimplemented(
    message = "`{E}` needs credentials (`{Self}`), and this client has none",
    label = "this endpoint needs a token",
    note = "the client holds `{C}`; give it a token first: `Client::new(base_url)?.bearer(token)`"
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

impl<E> SatisfiedBy<BearerToken, E> for Bearer {
    fn authorize(token: &BearerToken, headers: &mut HeaderMap) -> Result<(), &'static str> {
        let header = token
            .header
            .clone()
            .ok_or("the bearer token has a character that cannot go in a header (such as a line break)")?;
        headers.insert(AUTHORIZATION, header);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Bearer, BearerToken, SatisfiedBy};

    #[test]
    fn the_token_shows_in_no_debug_output() {
        let token = BearerToken::new("s3cr3t-token");
        assert!(!format!("{token:?}").contains("s3cr3t"));
        let mut headers = http::HeaderMap::new();
        <Bearer as SatisfiedBy<_, ()>>::authorize(&token, &mut headers).unwrap();
        assert!(!format!("{headers:?}").contains("s3cr3t"));
        assert_eq!(headers["authorization"], "Bearer s3cr3t-token");
    }

    #[test]
    fn a_token_with_a_line_break_is_refused() {
        let token = BearerToken::new("abc\r\nX-Evil: 1");
        let mut headers = http::HeaderMap::new();
        assert!(<Bearer as SatisfiedBy<_, ()>>::authorize(&token, &mut headers).is_err());
        assert!(headers.is_empty());
    }
}

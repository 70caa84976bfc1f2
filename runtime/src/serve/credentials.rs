//! The caller's credentials, as a generated server reads them from a
//! request for an endpoint's auth scheme, and hands them to the
//! implementation. Each kind of scheme ([`auth::Scheme::Kind`]) says how its
//! credentials are read: a bearer token from `Authorization: Bearer`, HTTP
//! Basic from `Authorization: Basic`, an API key from where its scheme
//! sends it. Their `Debug` output shows no secret.

use std::fmt;

use http::header::AUTHORIZATION;

use super::{Incoming, Problem};
use crate::auth::{self, ApiKeyIn, ApiKeyScheme, Scheme};

/// A bearer token the caller sent (`Authorization: Bearer <token>`): also
/// the access token of an OAuth 2 or OpenID Connect scheme.
#[derive(Clone, PartialEq, Eq)]
pub struct Bearer(String);

impl Bearer {
    /// The token. Compare it, look it up; do not log it.
    #[must_use]
    pub fn token(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bearer(<redacted>)")
    }
}

/// An API key the caller sent, where its scheme says.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// The key. Compare it, look it up; do not log it.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// A username and password the caller sent with HTTP Basic.
#[derive(Clone, PartialEq, Eq)]
pub struct Basic {
    username: String,
    password: String,
}

impl Basic {
    /// The username (shown by `Debug`: it is no secret).
    #[must_use]
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The password. Compare it; do not log it.
    #[must_use]
    pub fn password(&self) -> &str {
        &self.password
    }
}

impl fmt::Debug for Basic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Basic").field("username", &self.username).field("password", &"<redacted>").finish()
    }
}

/// The credentials of one scheme, for an endpoint that takes several
/// ([`Presented`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential {
    /// A bearer token.
    Bearer(Bearer),
    /// An API key.
    ApiKey(ApiKey),
    /// A username and password.
    Basic(Basic),
}

impl From<Bearer> for Credential {
    fn from(value: Bearer) -> Self {
        Self::Bearer(value)
    }
}

impl From<ApiKey> for Credential {
    fn from(value: ApiKey) -> Self {
        Self::ApiKey(value)
    }
}

impl From<Basic> for Credential {
    fn from(value: Basic) -> Self {
        Self::Basic(value)
    }
}

/// What the caller of an endpoint with a choice of schemes
/// (`auth: [a, b]`) sent: the credentials of each scheme of the choices
/// that it sent, by the scheme's name in the spec. A choice is met (the
/// server checked that one is, unless the endpoint is also public).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Presented {
    schemes: Vec<(&'static str, Credential)>,
}

impl Presented {
    /// The credentials of the scheme of this name in the spec, if sent.
    #[must_use]
    pub fn get(&self, scheme: &str) -> Option<&Credential> {
        self.schemes.iter().find(|(name, _)| *name == scheme).map(|(_, credential)| credential)
    }

    /// Whether the caller sent none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.schemes.is_empty()
    }
}

/// How the credentials of a kind of scheme are read from a request:
/// implemented by [`auth::kind::Bearer`], [`auth::kind::Basic`] and
/// [`auth::kind::ApiKey`].
pub trait Kind<S: Scheme> {
    /// What the implementation is given.
    type Credential: Into<Credential>;

    /// The credentials, `None` when the request has none of this kind.
    ///
    /// # Errors
    ///
    /// A 401 problem for credentials of this kind that cannot be read
    /// (`Authorization: Basic` that is not base64 of `user:password`).
    fn read(incoming: &Incoming) -> Result<Option<Self::Credential>, Problem>;

    /// The `WWW-Authenticate` challenge of a 401 answer, if the kind has one.
    const CHALLENGE: Option<&'static str>;
}

/// The credentials of scheme `S`, as the implementation is given them.
pub type CredentialOf<S> = <<S as Scheme>::Kind as Kind<S>>::Credential;

/// The text after `Authorization: <scheme> `, the scheme's name matched
/// without regard to case (RFC 9110, section 11.1); `None` without the
/// header or for another scheme.
fn authorization<'r>(incoming: &'r Incoming, scheme: &str) -> Option<&'r str> {
    let value = incoming.parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (name, rest) = value.split_once(' ')?;
    name.eq_ignore_ascii_case(scheme).then(|| rest.trim())
}

impl<S: Scheme> Kind<S> for auth::kind::Bearer {
    type Credential = Bearer;
    const CHALLENGE: Option<&'static str> = Some("Bearer");

    fn read(incoming: &Incoming) -> Result<Option<Bearer>, Problem> {
        Ok(authorization(incoming, "Bearer").filter(|token| !token.is_empty()).map(|token| Bearer(token.to_owned())))
    }
}

impl<S: Scheme> Kind<S> for auth::kind::Basic {
    type Credential = Basic;
    const CHALLENGE: Option<&'static str> = Some("Basic");

    fn read(incoming: &Incoming) -> Result<Option<Basic>, Problem> {
        use base64::Engine as _;
        let Some(encoded) = authorization(incoming, "Basic") else { return Ok(None) };
        let unreadable = || {
            Problem::unauthorized(
                Some("Basic"),
                "the `Authorization: Basic` header is not base64 of `username:password`",
            )
        };
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded).map_err(|_| unreadable())?;
        let text = String::from_utf8(decoded).map_err(|_| unreadable())?;
        let (username, password) = text.split_once(':').ok_or_else(unreadable)?;
        Ok(Some(Basic { username: username.to_owned(), password: password.to_owned() }))
    }
}

impl<S: ApiKeyScheme> Kind<S> for auth::kind::ApiKey<S> {
    type Credential = ApiKey;
    const CHALLENGE: Option<&'static str> = None;

    fn read(incoming: &Incoming) -> Result<Option<ApiKey>, Problem> {
        let key = match S::IN {
            ApiKeyIn::Header(name) => {
                incoming.parts.headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
            }
            ApiKeyIn::Query(name) => incoming.query_text(name)?,
            ApiKeyIn::Cookie(name) => incoming.cookie_text(name)?,
        };
        Ok(key.filter(|key| !key.is_empty()).map(ApiKey))
    }
}

impl Incoming {
    /// The credentials of scheme `S`, which the endpoint needs.
    ///
    /// # Errors
    ///
    /// A 401 problem (with a challenge for bearer and Basic schemes) when
    /// the request has none.
    pub fn required<S>(&self) -> Result<CredentialOf<S>, Problem>
    where
        S: Scheme,
        S::Kind: Kind<S>,
    {
        <S::Kind as Kind<S>>::read(self)?.ok_or_else(|| {
            Problem::unauthorized(
                <S::Kind as Kind<S>>::CHALLENGE,
                &format!("the endpoint needs credentials of the `{}` scheme", S::NAME),
            )
        })
    }

    /// The credentials of scheme `S`, if the caller sent them.
    ///
    /// # Errors
    ///
    /// A 401 problem for credentials that cannot be read.
    pub fn optional<S>(&self) -> Result<Option<CredentialOf<S>>, Problem>
    where
        S: Scheme,
        S::Kind: Kind<S>,
    {
        <S::Kind as Kind<S>>::read(self)
    }

    /// The credentials of scheme `S` as one of several: its name and them,
    /// if sent. Generated code lists these functions for
    /// [`any_of`](Self::any_of).
    ///
    /// # Errors
    ///
    /// A 401 problem for credentials that cannot be read.
    pub fn presented<S>(&self) -> Result<Option<(&'static str, Credential)>, Problem>
    where
        S: Scheme,
        S::Kind: Kind<S>,
    {
        Ok(<S::Kind as Kind<S>>::read(self)?.map(|credential| (S::NAME, credential.into())))
    }

    /// The credentials of an endpoint with a choice of schemes: `choices`
    /// lists, per choice, the readers ([`presented`](Self::presented)) of
    /// its schemes, all of which a choice needs.
    ///
    /// # Errors
    ///
    /// A 401 problem when no choice is met, unless `optional`.
    pub fn any_of(&self, choices: &[&[Reader]], optional: bool) -> Result<Presented, Problem> {
        let mut presented = Presented::default();
        let mut met = optional;
        for choice in choices {
            let mut all = true;
            for read in *choice {
                match read(self)? {
                    Some((name, credential)) => {
                        if presented.get(name).is_none() {
                            presented.schemes.push((name, credential));
                        }
                    }
                    None => all = false,
                }
            }
            met |= all;
        }
        if met {
            Ok(presented)
        } else {
            Err(Problem::unauthorized(None, "the endpoint needs credentials of one of its schemes"))
        }
    }
}

/// Reads the credentials of one scheme: [`Incoming::presented`].
pub type Reader = fn(&Incoming) -> Result<Option<(&'static str, Credential)>, Problem>;

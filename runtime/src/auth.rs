//! Credentials, checked at compile time: an endpoint says what it needs
//! ([`Endpoint::Auth`](crate::Endpoint::Auth)), a client says what it holds,
//! and sending an endpoint through a client that lacks what it needs does not
//! compile.
//!
//! A spec's auth schemes become marker types (`portal::auth::Customer`) that
//! implement [`BearerScheme`] (bearer tokens, and the access tokens of OAuth 2
//! and OpenID Connect), [`ApiKeyScheme`] or [`BasicScheme`]; an endpoint needs
//! [`Required<Scheme>`], [`Optional<Scheme>`], one of several ([`AnyOf`]),
//! several at once ([`AllOf`]) or nothing ([`Public`]). A client holds
//! [`Anonymous`], a [`BearerToken`], an [`ApiKey`], [`BasicCredentials`],
//! [`TokenCredentials`] (an access token that the client gets itself from a
//! [`TokenSource`]: OAuth 2's [`OAuth2ClientCredentials`] and
//! [`RefreshToken`] grants, or an API's own login), or for [`AllOf`] a tuple
//! of the credentials of each of its schemes.

use std::fmt;
use std::marker::PhantomData;

use http::HeaderMap;
use http::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};

pub use crate::tokens::{
    OAuth2ClientCredentials, RefreshToken, Token, TokenCredentials, TokenError, TokenErrorKind, TokenSource,
};

mod sealed {
    pub trait Sealed {}
}

/// An auth scheme of a spec, generated as a marker type.
pub trait Scheme {
    /// The scheme's name in the spec.
    const NAME: &'static str;
    /// How its credentials are sent: [`kind::Bearer`], [`kind::Basic`] or
    /// [`kind::ApiKey<Self>`](kind::ApiKey). The compiler matches it
    /// against a client's credentials for an [`AnyOf`] requirement.
    type Kind;
}

/// The kinds of schemes, as types ([`Scheme::Kind`]).
pub mod kind {
    use std::marker::PhantomData;

    /// A bearer token: also OAuth 2 and OpenID Connect.
    #[derive(Debug, Clone, Copy)]
    pub enum Bearer {}

    /// HTTP Basic: a username and password.
    #[derive(Debug, Clone, Copy)]
    pub enum Basic {}

    /// An API key, sent where scheme `S` says.
    #[derive(Debug, Clone, Copy)]
    pub struct ApiKey<S>(PhantomData<S>);
}

/// A scheme that sends `Authorization: Bearer <token>`: a bearer token, or
/// the access token of an OAuth 2 or OpenID Connect scheme.
#[diagnostic::on_unimplemented(
    message = "the endpoint needs credentials of the `{Self}` scheme, and a bearer token is not those",
    label = "this endpoint needs other credentials than the client's bearer token",
    note = "make a client with the credentials that `{Self}` takes: `Client::new(base_url)?.api_key(key)` for an API key, `.basic(username, password)` for HTTP Basic"
)]
pub trait BearerScheme: Scheme {}

/// A scheme that sends an API key in a header, the query or a cookie.
#[diagnostic::on_unimplemented(
    message = "the endpoint needs credentials of the `{Self}` scheme, and an API key is not those",
    label = "this endpoint needs other credentials than the client's API key",
    note = "make a client with the credentials that `{Self}` takes: `Client::new(base_url)?.bearer(token)` for a bearer token, `.basic(username, password)` for HTTP Basic"
)]
pub trait ApiKeyScheme: Scheme {
    /// Where the key goes, such as the header `x-api-key`.
    const IN: ApiKeyIn;
}

/// Where an API key scheme sends the key, and under which name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyIn {
    /// In this header (`X-Api-Key: <key>`).
    Header(&'static str),
    /// In this query parameter (`?api_key=<key>`).
    Query(&'static str),
    /// In this cookie (`Cookie: session=<key>`).
    Cookie(&'static str),
}

/// A scheme that sends `Authorization: Basic <base64 of username:password>`
/// (HTTP Basic, RFC 7617).
#[diagnostic::on_unimplemented(
    message = "the endpoint needs credentials of the `{Self}` scheme, and a username and password are not those",
    label = "this endpoint needs other credentials than the client's username and password",
    note = "make a client with the credentials that `{Self}` takes: `Client::new(base_url)?.bearer(token)` for a bearer token, `.api_key(key)` for an API key"
)]
pub trait BasicScheme: Scheme {}

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

/// The endpoint needs the credentials of one of the schemes of `T`, a
/// tuple of schemes (OpenAPI's `security: [{ a: [] }, { b: [] }]`): any
/// client that holds credentials of one of them can send it, and sends
/// those of the first it can. With [`Public`] last in the tuple, a client
/// without credentials can too.
#[derive(Debug, Clone, Copy)]
pub struct AnyOf<T>(PhantomData<T>);

/// The endpoint needs the credentials of every scheme of `T` at once, a
/// tuple of two to four schemes (OpenAPI's `security: [{ a: [], b: [] }]`,
/// such as an application id and an API key in two headers). A client
/// holds a tuple of their credentials, in the same order: for scheme `S`,
/// [`CredentialsOf<S>`] (a [`BearerToken`], [`BasicCredentials`], or the
/// [`SchemeKey<S>`] of an API key scheme, which goes where `S` says).
#[derive(Debug, Clone, Copy)]
pub struct AllOf<T>(PhantomData<T>);

impl sealed::Sealed for Public {}
impl<T> sealed::Sealed for AllOf<T> {}
impl<T> Requirement for AllOf<T> {}
impl<T> sealed::Sealed for AnyOf<T> {}
impl<T> Requirement for AnyOf<T> {}
impl Requirement for Public {}
impl<S: Scheme> sealed::Sealed for Required<S> {}
impl<S: Scheme> Requirement for Required<S> {}
impl<S: Scheme> sealed::Sealed for Optional<S> {}
impl<S: Scheme> Requirement for Optional<S> {}

/// Credentials a client holds: [`Anonymous`], [`BearerToken`], [`ApiKey`]
/// or [`BasicCredentials`].
pub trait Credentials: sealed::Sealed + fmt::Debug + Clone + Send + Sync {}

/// No credentials: only public endpoints (and those with optional auth) can
/// be sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymous;

impl sealed::Sealed for Anonymous {}
impl Credentials for Anonymous {}

/// Where the credentials of a request go: its headers, and query
/// parameters appended to its URL. Made by the clients for each request;
/// what it holds is shown by no `Debug` output.
pub struct Placement<'r> {
    headers: &'r mut HeaderMap,
    /// Query parameters to append, name and value not yet encoded.
    query: Vec<(&'static str, Secret)>,
    /// Credentials whose token the client fetches before sending (it may
    /// have to wait for it), and adds as `Authorization`.
    token: Option<TokenCredentials>,
}

// Used by the clients only.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
impl<'r> Placement<'r> {
    pub(crate) fn new(headers: &'r mut HeaderMap) -> Self {
        Self { headers, query: Vec::new(), token: None }
    }

    /// The credentials whose token goes in `Authorization`, if the request
    /// needs one from a token source.
    pub(crate) fn token_source(&self) -> Option<&TokenCredentials> {
        self.token.as_ref()
    }

    /// The query parameters to append to the URL, in order.
    pub(crate) fn into_query(self) -> impl Iterator<Item = (&'static str, Secret)> {
        self.query.into_iter()
    }
}

impl fmt::Debug for Placement<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Placement(<redacted>)")
    }
}

/// A secret as text, for a query parameter: its `Debug` hides it.
#[derive(Clone)]
pub(crate) struct Secret(Box<str>);

#[cfg_attr(not(feature = "client"), allow(dead_code))]
impl Secret {
    pub(crate) fn new(text: &str) -> Self {
        Self(text.into())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A secret made into a header value once. Its `Debug` output hides it, and
/// the header is marked sensitive, so it shows up in no log.
#[derive(Clone)]
struct SecretHeader {
    /// Why the secret cannot be sent (a line break in it, which could add
    /// a header of its own); sending then fails with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    value: Result<HeaderValue, &'static str>,
}

impl SecretHeader {
    const NOT_A_HEADER: &'static str =
        "the credential has a character that cannot go in a header (such as a line break)";

    fn new(value: String) -> Self {
        let value = HeaderValue::try_from(value).map_err(|_| Self::NOT_A_HEADER).map(|mut header| {
            header.set_sensitive(true);
            header
        });
        Self { value }
    }

    fn refused(reason: &'static str) -> Self {
        Self { value: Err(reason) }
    }

    fn insert(&self, headers: &mut HeaderMap, name: HeaderName) -> Result<(), &'static str> {
        headers.insert(name, self.value.clone()?);
        Ok(())
    }
}

/// A bearer token, sent as `Authorization: Bearer <token>`: also the access
/// token of an OAuth 2 or OpenID Connect scheme.
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

/// An API key, sent where its scheme says: a header, a query parameter or a
/// cookie.
#[derive(Clone)]
pub struct ApiKey {
    key: Secret,
    header: SecretHeader,
}

impl ApiKey {
    /// Wraps `key`.
    #[must_use]
    pub fn new(key: &str) -> Self {
        Self { key: Secret(key.into()), header: SecretHeader::new(key.to_owned()) }
    }

    fn place(&self, place: ApiKeyIn, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        match place {
            ApiKeyIn::Header(name) => self.header.insert(
                placement.headers,
                // The spec's validation allows only valid header names here.
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| "the API key scheme names an invalid header")?,
            ),
            ApiKeyIn::Query(name) => {
                placement.query.push((name, self.key.clone()));
                Ok(())
            }
            ApiKeyIn::Cookie(name) => add_cookie(placement.headers, name, self.key.expose()),
        }
    }
}

/// Adds `name=value` to the request's `Cookie` header, after the cookies
/// the endpoint set. A value that could end its cookie and start another
/// (`;`, `,`, a space, a quote, a control character: what RFC 6265's
/// `cookie-octet` leaves out) is refused rather than encoded, since the
/// server would not decode it.
fn add_cookie(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), &'static str> {
    let cookie_octet = |byte: u8| matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    if !value.bytes().all(cookie_octet) {
        return Err("the API key has a character that cannot go in a cookie (`;`, `,`, a space, a quote, `\\`)");
    }
    let mut cookie = match headers.get(COOKIE).map(HeaderValue::to_str) {
        Some(Ok(cookies)) if !cookies.is_empty() => format!("{cookies}; "),
        _ => String::new(),
    };
    cookie.push_str(name);
    cookie.push('=');
    cookie.push_str(value);
    let mut header = HeaderValue::try_from(cookie).map_err(|_| SecretHeader::NOT_A_HEADER)?;
    header.set_sensitive(true);
    headers.insert(COOKIE, header);
    Ok(())
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl sealed::Sealed for ApiKey {}
impl Credentials for ApiKey {}

/// The API key of scheme `S` alone, sent where `S` says: what a client
/// holds for an API key scheme of an [`AllOf`] requirement, where each of
/// several keys must go to its own scheme.
pub struct SchemeKey<S> {
    key: ApiKey,
    scheme: PhantomData<fn() -> S>,
}

impl<S> SchemeKey<S> {
    /// Wraps `key`.
    #[must_use]
    pub fn new(key: &str) -> Self {
        Self { key: ApiKey::new(key), scheme: PhantomData }
    }
}

// By hand: `S` is a marker type, which need not be `Clone`.
impl<S> Clone for SchemeKey<S> {
    fn clone(&self) -> Self {
        Self { key: self.key.clone(), scheme: PhantomData }
    }
}

impl<S> fmt::Debug for SchemeKey<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SchemeKey(<redacted>)")
    }
}

impl<S> sealed::Sealed for SchemeKey<S> {}
impl<S> Credentials for SchemeKey<S> {}

/// A username and password, sent as `Authorization: Basic <base64 of
/// username:password>` (HTTP Basic, RFC 7617).
#[derive(Clone)]
pub struct BasicCredentials {
    header: SecretHeader,
}

impl BasicCredentials {
    /// Wraps `username` and `password`. A username with a `:` cannot be
    /// told from the password by the server (RFC 7617), so sending with it
    /// fails with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
    #[must_use]
    pub fn new(username: &str, password: &str) -> Self {
        use base64::Engine as _;
        if username.contains(':') {
            return Self { header: SecretHeader::refused("the username of HTTP Basic credentials has a `:`") };
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
        Self { header: SecretHeader::new(format!("Basic {encoded}")) }
    }
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BasicCredentials(<redacted>)")
    }
}

impl sealed::Sealed for BasicCredentials {}
impl Credentials for BasicCredentials {}

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
    /// Adds the credentials to a request.
    ///
    /// # Errors
    ///
    /// A reason when they cannot be sent (a token with a line break).
    fn authorize(credentials: &C, placement: &mut Placement<'_>) -> Result<(), &'static str>;
}

impl<C: Credentials, E> SatisfiedBy<C, E> for Public {
    fn authorize(_: &C, _: &mut Placement<'_>) -> Result<(), &'static str> {
        Ok(())
    }
}

impl<S: Scheme, E> SatisfiedBy<Anonymous, E> for Optional<S> {
    fn authorize(_: &Anonymous, _: &mut Placement<'_>) -> Result<(), &'static str> {
        Ok(())
    }
}

/// A scheme whose endpoints a client without credentials could send:
/// implemented by no scheme (and sealed), so that sending an endpoint that
/// needs credentials through an [`Anonymous`] client fails with this
/// message. Without this impl, the compiler listed the impls for the
/// credentials that would do, pointing into this file.
#[diagnostic::on_unimplemented(
    message = "`{E}` needs credentials that this client does not have",
    label = "this endpoint needs credentials of the `{Self}` scheme",
    note = "the client holds `Anonymous`; give it the credentials first, such as `Client::new(base_url)?.bearer(token)`"
)]
pub trait SentWithoutCredentials<E>: sealed::Sealed {}

impl<S: Scheme + SentWithoutCredentials<E>, E> SatisfiedBy<Anonymous, E> for Required<S> {
    fn authorize(_: &Anonymous, _: &mut Placement<'_>) -> Result<(), &'static str> {
        Ok(())
    }
}

// Written out rather than by a macro: the compiler shows these impls'
// headers to a user whose client lacks the credentials.

impl<S: BearerScheme, E> SatisfiedBy<BearerToken, E> for Required<S> {
    fn authorize(token: &BearerToken, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        token.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl<S: ApiKeyScheme, E> SatisfiedBy<ApiKey, E> for Required<S> {
    fn authorize(key: &ApiKey, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        key.place(S::IN, placement)
    }
}

impl<S: BasicScheme, E> SatisfiedBy<BasicCredentials, E> for Required<S> {
    fn authorize(basic: &BasicCredentials, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        basic.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl<S: BearerScheme, E> SatisfiedBy<BearerToken, E> for Optional<S> {
    fn authorize(token: &BearerToken, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        token.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl<S: ApiKeyScheme, E> SatisfiedBy<ApiKey, E> for Optional<S> {
    fn authorize(key: &ApiKey, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        key.place(S::IN, placement)
    }
}

impl<S: BasicScheme, E> SatisfiedBy<BasicCredentials, E> for Optional<S> {
    fn authorize(basic: &BasicCredentials, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        basic.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl sealed::Sealed for TokenCredentials {}
impl Credentials for TokenCredentials {}

impl<S: BearerScheme, E> SatisfiedBy<TokenCredentials, E> for Required<S> {
    fn authorize(tokens: &TokenCredentials, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        placement.token = Some(tokens.clone());
        Ok(())
    }
}

impl<S: BearerScheme, E> SatisfiedBy<TokenCredentials, E> for Optional<S> {
    fn authorize(tokens: &TokenCredentials, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        placement.token = Some(tokens.clone());
        Ok(())
    }
}

/// A yes or a no that the compiler works out: whether a client's
/// credentials meet one of the choices of an [`AnyOf`].
pub trait Answer {
    /// The answer as a value.
    const YES: bool;
}

/// Yes.
#[derive(Debug, Clone, Copy)]
pub enum Yes {}

/// No.
#[derive(Debug, Clone, Copy)]
pub enum No {}

impl Answer for Yes {
    const YES: bool = true;
}

impl Answer for No {
    const YES: bool = false;
}

/// `Self` or `B`.
pub trait Or<B: Answer>: Answer {
    /// Yes when either is.
    type Out: Answer;
}

impl<B: Answer> Or<B> for Yes {
    type Out = Yes;
}

impl<B: Answer> Or<B> for No {
    type Out = B;
}

/// Whether a tuple of answers has a yes.
pub trait AnyYes {
    /// Yes when one of them is.
    type Out: Answer;
}

impl<A: Answer> AnyYes for (A,) {
    type Out = A;
}

/// `AnyYes` for tuples of two and more, one answer at a time.
macro_rules! any_yes {
    ($first:ident $(, $rest:ident)+) => {
        impl<$first, $($rest),+> AnyYes for ($first, $($rest),+)
        where
            ($($rest,)+): AnyYes,
            $first: Or<<($($rest,)+) as AnyYes>::Out>,
        {
            type Out = <$first as Or<<($($rest,)+) as AnyYes>::Out>>::Out;
        }
    };
}

any_yes!(A, B);
any_yes!(A, B, C);
any_yes!(A, B, C, D);
any_yes!(A, B, C, D, F);
any_yes!(A, B, C, D, F, G);
any_yes!(A, B, C, D, F, G, H);
any_yes!(A, B, C, D, F, G, H, I);

/// Whether credentials `Self` are those of schemes of kind `K`
/// ([`Scheme::Kind`]), and how they are placed in a request.
pub trait Holds<K>: Credentials {
    /// [`Yes`] or [`No`].
    type Met: Answer;

    /// Places the credentials; called only when `Met` is [`Yes`].
    ///
    /// # Errors
    ///
    /// A reason when they cannot be sent (a token with a line break).
    fn place(&self, placement: &mut Placement<'_>) -> Result<(), &'static str>;
}

impl Holds<kind::Bearer> for BearerToken {
    type Met = Yes;
    fn place(&self, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        self.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl Holds<kind::Bearer> for TokenCredentials {
    type Met = Yes;
    fn place(&self, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        placement.token = Some(self.clone());
        Ok(())
    }
}

impl Holds<kind::Basic> for BasicCredentials {
    type Met = Yes;
    fn place(&self, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        self.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl<S: ApiKeyScheme> Holds<kind::ApiKey<S>> for ApiKey {
    type Met = Yes;
    fn place(&self, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        ApiKey::place(self, S::IN, placement)
    }
}

/// Credentials that are not those of a kind of scheme: `Met` is [`No`], and
/// nothing is placed.
macro_rules! holds_not {
    ($credentials:ty => $kind:ty $(, $scheme:ident)? $(; $($held:ident),+)?) => {
        impl<$($scheme,)? $($($held: Credentials),+)?> Holds<$kind> for $credentials {
            type Met = No;
            fn place(&self, _: &mut Placement<'_>) -> Result<(), &'static str> {
                Ok(())
            }
        }
    };
}

holds_not!(Anonymous => kind::Bearer);
holds_not!(Anonymous => kind::Basic);
holds_not!(Anonymous => kind::ApiKey<S>, S);
holds_not!(BearerToken => kind::Basic);
holds_not!(BearerToken => kind::ApiKey<S>, S);
holds_not!(BasicCredentials => kind::Bearer);
holds_not!(BasicCredentials => kind::ApiKey<S>, S);
holds_not!(ApiKey => kind::Bearer);
holds_not!(ApiKey => kind::Basic);
holds_not!(TokenCredentials => kind::Basic);
holds_not!(TokenCredentials => kind::ApiKey<S>, S);

/// One choice of an [`AnyOf`]: a scheme, several schemes at once
/// ([`AllOf`]), or [`Public`].
#[diagnostic::on_unimplemented(
    message = "the client holds `{C}`, which meets no choice of this endpoint's credentials",
    label = "this endpoint needs the credentials of one of its choices",
    note = "a choice of several schemes at once, `{Self}`, takes the tuple of their credentials in its order: `client.credentials((SchemeKey::<AppId>::new(id), SchemeKey::<ApiKey>::new(key)))`, with `SchemeKey<S>` for an API key scheme `S`, `BearerToken` for bearer, OAuth 2 and OpenID Connect, `BasicCredentials` for HTTP Basic"
)]
pub trait Alternative<C: Credentials> {
    /// Whether credentials `C` meet it.
    type Met: Answer;

    /// Places the credentials; called only when `Met` is [`Yes`].
    ///
    /// # Errors
    ///
    /// A reason when they cannot be sent.
    fn place(credentials: &C, placement: &mut Placement<'_>) -> Result<(), &'static str>;
}

impl<S: Scheme, C: Holds<S::Kind>> Alternative<C> for S {
    type Met = <C as Holds<S::Kind>>::Met;
    fn place(credentials: &C, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        credentials.place(placement)
    }
}

impl<C: Credentials> Alternative<C> for Public {
    type Met = Yes;
    fn place(_: &C, _: &mut Placement<'_>) -> Result<(), &'static str> {
        Ok(())
    }
}

/// The answer, for endpoint `E`, to whether credentials `C` meet one of
/// the choices of requirement `R`: only [`Yes`] implements it, so that the
/// compiler's message for a client without them names the choices.
#[diagnostic::on_unimplemented(
    message = "`{E}` needs credentials that this client does not have",
    label = "this endpoint needs the credentials of one of the schemes of `{R}`",
    note = "the client holds `{C}`; give it the credentials of one of them, such as `Client::new(base_url)?.bearer(token)`, `.api_key(key)` or `.basic(username, password)`"
)]
pub trait Granted<R, C, E> {}

// Not named in the error for a client without any of the choices: that
// `Yes` implements it says nothing to the user.
#[diagnostic::do_not_recommend]
impl<R, C, E> Granted<R, C, E> for Yes {}

/// The credentials of a scheme of kind `Self` ([`Scheme::Kind`]) in an
/// [`AllOf`] requirement, and how they are placed.
pub trait KindCredentials<S> {
    /// [`BearerToken`], [`BasicCredentials`] or [`SchemeKey<S>`].
    type Credentials: Credentials;

    /// Places them in a request.
    ///
    /// # Errors
    ///
    /// A reason when they cannot be sent (a token with a line break).
    fn place(credentials: &Self::Credentials, placement: &mut Placement<'_>) -> Result<(), &'static str>;
}

impl<S> KindCredentials<S> for kind::Bearer {
    type Credentials = BearerToken;
    fn place(token: &BearerToken, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        token.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl<S> KindCredentials<S> for kind::Basic {
    type Credentials = BasicCredentials;
    fn place(basic: &BasicCredentials, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        basic.header.insert(placement.headers, AUTHORIZATION)
    }
}

impl<S: ApiKeyScheme> KindCredentials<S> for kind::ApiKey<S> {
    type Credentials = SchemeKey<S>;
    fn place(key: &SchemeKey<S>, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        key.key.place(S::IN, placement)
    }
}

/// The credentials a client holds for scheme `S` of an [`AllOf`]
/// requirement.
pub type CredentialsOf<S> = <<S as Scheme>::Kind as KindCredentials<S>>::Credentials;

/// Credentials that meet an [`AllOf`] requirement `R` for endpoint `E`:
/// the tuple of the credentials of its schemes, in the same order
/// ([`CredentialsOf`]). The bound sits here, on the credentials, so that
/// the compiler's message for a client without them is this one.
#[diagnostic::on_unimplemented(
    message = "`{E}` needs the credentials of several schemes at once, which this client does not hold",
    label = "this endpoint needs the credentials of every scheme of `{R}`, at once",
    note = "the client holds `{Self}`; give it a tuple of the credentials of each scheme, in the order of `{R}`: `client.credentials((SchemeKey::<AppId>::new(id), SchemeKey::<ApiKey>::new(key)))`, with `SchemeKey<S>` for an API key scheme `S`, `BearerToken` for bearer, OAuth 2 and OpenID Connect, `BasicCredentials` for HTTP Basic"
)]
pub trait HoldsAll<R, E>: Credentials {
    /// Places every credential.
    ///
    /// # Errors
    ///
    /// A reason when one cannot be sent (a token with a line break).
    fn place_all(&self, placement: &mut Placement<'_>) -> Result<(), &'static str>;
}

impl<T, C: HoldsAll<AllOf<T>, E>, E> SatisfiedBy<C, E> for AllOf<T> {
    fn authorize(credentials: &C, placement: &mut Placement<'_>) -> Result<(), &'static str> {
        credentials.place_all(placement)
    }
}

/// Tuples of credentials, for [`AllOf`], and which `AllOf` each meets:
/// that of the schemes whose credentials they are, in the same order, so a
/// client with other credentials, or the same in another order, does not
/// compile.
macro_rules! all_of {
    ($(($scheme:ident, $credentials:ident, $index:tt)),+) => {
        impl<$($credentials: Credentials),+> sealed::Sealed for ($($credentials,)+) {}
        impl<$($credentials: Credentials),+> Credentials for ($($credentials,)+) {}

        // Not recommended: the error for other credentials is then
        // `HoldsAll`'s message, rather than a type mismatch per scheme and a
        // list of these impls.
        #[diagnostic::do_not_recommend]
        // The credentials are parameters of their own, tied to the schemes
        // in the where-clause (not `CredentialsOf<A>` in the impl's type):
        // then a tuple of other credentials fails the bound once, rather
        // than with a type mismatch for each scheme.
        impl<E, $($scheme: Scheme, $credentials: Credentials),+> HoldsAll<AllOf<($($scheme,)+)>, E> for ($($credentials,)+)
        where
            $($scheme::Kind: KindCredentials<$scheme, Credentials = $credentials>,)+
        {
            fn place_all(&self, placement: &mut Placement<'_>) -> Result<(), &'static str> {
                $(<$scheme::Kind as KindCredentials<$scheme>>::place(&self.$index, placement)?;)+
                Ok(())
            }
        }
    };
}

all_of!((A, CA, 0), (B, CB, 1));
all_of!((A, CA, 0), (B, CB, 1), (D, CD, 2));
all_of!((A, CA, 0), (B, CB, 1), (D, CD, 2), (F, CF, 3));

/// Several schemes at once as one choice of an [`AnyOf`]
/// (`auth: [bot, { all: [app_id, api_key] }]`): met by the tuple of their
/// credentials in the same order, as [`HoldsAll`] says, and not by the
/// credentials of one scheme. A tuple for other schemes meets neither it
/// nor a choice of one scheme: such a client does not compile.
macro_rules! all_of_as_a_choice {
    ($(($scheme:ident, $index:tt)),+) => {
        // Not recommended, nor the impls below: the error for a tuple that
        // meets no choice is `Alternative`'s message without a list of them.
        #[diagnostic::do_not_recommend]
        impl<$($scheme: Scheme),+> Alternative<($(CredentialsOf<$scheme>,)+)> for AllOf<($($scheme,)+)>
        where
            $($scheme::Kind: KindCredentials<$scheme>,)+
        {
            type Met = Yes;
            fn place(credentials: &($(CredentialsOf<$scheme>,)+), placement: &mut Placement<'_>) -> Result<(), &'static str> {
                $(<$scheme::Kind as KindCredentials<$scheme>>::place(&credentials.$index, placement)?;)+
                Ok(())
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($scheme),+> Alternative<Anonymous> for AllOf<($($scheme,)+)> {
            type Met = No;
            fn place(_: &Anonymous, _: &mut Placement<'_>) -> Result<(), &'static str> {
                Ok(())
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($scheme),+> Alternative<BearerToken> for AllOf<($($scheme,)+)> {
            type Met = No;
            fn place(_: &BearerToken, _: &mut Placement<'_>) -> Result<(), &'static str> {
                Ok(())
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($scheme),+> Alternative<ApiKey> for AllOf<($($scheme,)+)> {
            type Met = No;
            fn place(_: &ApiKey, _: &mut Placement<'_>) -> Result<(), &'static str> {
                Ok(())
            }
        }

        #[diagnostic::do_not_recommend]
        impl<$($scheme),+> Alternative<BasicCredentials> for AllOf<($($scheme,)+)> {
            type Met = No;
            fn place(_: &BasicCredentials, _: &mut Placement<'_>) -> Result<(), &'static str> {
                Ok(())
            }
        }
    };
}

all_of_as_a_choice!((A, 0), (B, 1));
all_of_as_a_choice!((A, 0), (B, 1), (D, 2));
all_of_as_a_choice!((A, 0), (B, 1), (D, 2), (F, 3));

/// A tuple of credentials is not those of one scheme: in an [`AnyOf`], it
/// meets only a choice of several schemes at once.
macro_rules! tuple_holds_not {
    ($($credentials:ident),+) => {
        holds_not!(($($credentials,)+) => kind::Bearer; $($credentials),+);
        holds_not!(($($credentials,)+) => kind::Basic; $($credentials),+);
        holds_not!(($($credentials,)+) => kind::ApiKey<S>, S; $($credentials),+);
    };
}

tuple_holds_not!(CA, CB);
tuple_holds_not!(CA, CB, CD);
tuple_holds_not!(CA, CB, CD, CF);

/// `SatisfiedBy` for `AnyOf` of tuples of one and more choices: the
/// credentials of the first choice they meet are sent.
macro_rules! any_of {
    ($($choice:ident),+) => {
        impl<C: Credentials, E, $($choice: Alternative<C>),+> SatisfiedBy<C, E> for AnyOf<($($choice,)+)>
        where
            ($(<$choice as Alternative<C>>::Met,)+): AnyYes,
            <($(<$choice as Alternative<C>>::Met,)+) as AnyYes>::Out: Granted<Self, C, E>,
        {
            fn authorize(credentials: &C, placement: &mut Placement<'_>) -> Result<(), &'static str> {
                $(
                    if <<$choice as Alternative<C>>::Met as Answer>::YES {
                        return $choice::place(credentials, placement);
                    }
                )+
                Ok(())
            }
        }
    };
}

any_of!(A);
any_of!(A, B);
any_of!(A, B, D);
any_of!(A, B, D, F);
any_of!(A, B, D, F, G);
any_of!(A, B, D, F, G, H);
any_of!(A, B, D, F, G, H, I);
any_of!(A, B, D, F, G, H, I, J);

#[cfg(test)]
mod tests {
    use super::{
        AllOf, Anonymous, AnyOf, ApiKey, ApiKeyIn, ApiKeyScheme, BasicCredentials, BasicScheme, BearerScheme,
        BearerToken, Optional, Placement, Public, Required, SatisfiedBy, Scheme, SchemeKey, kind,
    };

    enum Customer {}
    impl Scheme for Customer {
        const NAME: &'static str = "customer";
        type Kind = kind::Bearer;
    }
    impl BearerScheme for Customer {}

    enum Partner {}
    impl Scheme for Partner {
        const NAME: &'static str = "partner";
        type Kind = kind::ApiKey<Self>;
    }
    impl ApiKeyScheme for Partner {
        // Not `X-Api-Key`: a runtime that sent every key there would pass.
        const IN: ApiKeyIn = ApiKeyIn::Header("X-Partner-Key");
    }

    enum QueryKey {}
    impl Scheme for QueryKey {
        const NAME: &'static str = "query_key";
        type Kind = kind::ApiKey<Self>;
    }
    impl ApiKeyScheme for QueryKey {
        const IN: ApiKeyIn = ApiKeyIn::Query("api_key");
    }

    enum Session {}
    impl Scheme for Session {
        const NAME: &'static str = "session";
        type Kind = kind::ApiKey<Self>;
    }
    impl ApiKeyScheme for Session {
        const IN: ApiKeyIn = ApiKeyIn::Cookie("session");
    }

    enum Account {}
    impl Scheme for Account {
        const NAME: &'static str = "account";
        type Kind = kind::Basic;
    }
    impl BasicScheme for Account {}

    /// The headers and query parameters that requirement `R` sends for
    /// `credentials`, or why it cannot.
    fn place<R: SatisfiedBy<C, ()>, C: super::Credentials>(
        credentials: &C,
        headers: &mut http::HeaderMap,
    ) -> Result<Vec<(&'static str, String)>, &'static str> {
        let mut placement = Placement::new(headers);
        R::authorize(credentials, &mut placement)?;
        assert!(!format!("{placement:?}").contains("s3cr3t"));
        Ok(placement.into_query().map(|(name, value)| (name, value.expose().to_owned())).collect())
    }

    #[test]
    fn several_schemes_at_once_each_get_their_own_credentials() {
        let keys = (SchemeKey::<Partner>::new("k3y-1"), SchemeKey::<QueryKey>::new("k3y-2"));
        assert_eq!(format!("{keys:?}"), "(SchemeKey(<redacted>), SchemeKey(<redacted>))");
        let mut headers = http::HeaderMap::new();
        let query = place::<AllOf<(Partner, QueryKey)>, _>(&keys, &mut headers).unwrap();
        assert_eq!(headers["x-partner-key"], "k3y-1");
        assert_eq!(query, [("api_key", "k3y-2".to_owned())]);

        let mixed = (
            BearerToken::new("s3cr3t"),
            SchemeKey::<Session>::new("k3y-3"),
            BasicCredentials::new("Aladdin", "open sesame"),
            SchemeKey::<Partner>::new("k3y-4"),
        );
        let mut headers = http::HeaderMap::new();
        assert!(place::<AllOf<(Customer, Session, Account, Partner)>, _>(&mixed, &mut headers).unwrap().is_empty());
        // Bearer and Basic both go in `Authorization`: the later wins, as
        // a server reads one.
        assert_eq!(headers["authorization"], "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(headers["cookie"], "session=k3y-3");
        assert_eq!(headers["x-partner-key"], "k3y-4");

        // One credential that cannot be sent refuses the request.
        let broken = (BearerToken::new("line\nbreak"), SchemeKey::<Partner>::new("k3y"));
        let mut headers = http::HeaderMap::new();
        assert!(place::<AllOf<(Customer, Partner)>, _>(&broken, &mut headers).is_err());
        let three = (SchemeKey::<Partner>::new("a"), SchemeKey::<QueryKey>::new("b"), SchemeKey::<Session>::new("c"));
        let mut headers = http::HeaderMap::new();
        let query = place::<AllOf<(Partner, QueryKey, Session)>, _>(&three, &mut headers).unwrap();
        assert_eq!(
            (headers["x-partner-key"].to_str().unwrap(), headers["cookie"].to_str().unwrap()),
            ("a", "session=c")
        );
        assert_eq!(query, [("api_key", "b".to_owned())]);
    }

    #[test]
    fn the_token_shows_in_no_debug_output() {
        let token = BearerToken::new("s3cr3t-token");
        assert!(!format!("{token:?}").contains("s3cr3t"));
        let mut headers = http::HeaderMap::new();
        place::<Required<Customer>, _>(&token, &mut headers).unwrap();
        assert!(!format!("{headers:?}").contains("s3cr3t"));
        assert_eq!(headers["authorization"], "Bearer s3cr3t-token");
    }

    #[test]
    fn an_api_key_goes_in_its_schemes_header() {
        let key = ApiKey::new("k3y");
        assert!(!format!("{key:?}").contains("k3y"));
        let mut headers = http::HeaderMap::new();
        assert!(place::<Optional<Partner>, _>(&key, &mut headers).unwrap().is_empty());
        assert_eq!(headers.len(), 1);
        assert_eq!(headers["x-partner-key"], "k3y");
        assert!(headers["x-partner-key"].is_sensitive());
    }

    #[test]
    fn an_api_key_in_the_query_is_a_parameter_to_append() {
        let key = ApiKey::new("s3cr3t key");
        let mut headers = http::HeaderMap::new();
        let query = place::<Required<QueryKey>, _>(&key, &mut headers).unwrap();
        assert!(headers.is_empty());
        assert_eq!(query, [("api_key", "s3cr3t key".to_owned())]);
    }

    #[test]
    fn an_api_key_in_a_cookie_joins_the_endpoints_cookies() {
        let key = ApiKey::new("s3cr3t");
        let mut headers = http::HeaderMap::new();
        place::<Required<Session>, _>(&key, &mut headers).unwrap();
        assert_eq!(headers["cookie"], "session=s3cr3t");
        assert!(headers["cookie"].is_sensitive());
        let mut headers = http::HeaderMap::new();
        headers.insert("cookie", http::HeaderValue::from_static("theme=dark"));
        place::<Required<Session>, _>(&key, &mut headers).unwrap();
        assert_eq!(headers["cookie"], "theme=dark; session=s3cr3t");
        assert_eq!(headers.get_all("cookie").iter().count(), 1);
    }

    #[test]
    fn a_cookie_key_that_would_start_another_cookie_is_refused() {
        for key in ["a; admin=1", "a,b", "a b", "a\"b", "a\r\nX-Evil: 1"] {
            let mut headers = http::HeaderMap::new();
            assert!(place::<Required<Session>, _>(&ApiKey::new(key), &mut headers).is_err(), "{key:?}");
            assert!(headers.is_empty());
        }
    }

    #[test]
    fn basic_credentials_are_base64_of_username_and_password() {
        let basic = BasicCredentials::new("Aladdin", "open sesame");
        assert!(!format!("{basic:?}").contains("open"));
        let mut headers = http::HeaderMap::new();
        place::<Required<Account>, _>(&basic, &mut headers).unwrap();
        // RFC 7617's example.
        assert_eq!(headers["authorization"], "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(headers["authorization"].is_sensitive());
        assert!(!format!("{headers:?}").contains("QWxh"));
    }

    #[test]
    fn a_basic_username_with_a_colon_is_refused() {
        let mut headers = http::HeaderMap::new();
        let refused = place::<Required<Account>, _>(&BasicCredentials::new("a:b", "s3cr3t"), &mut headers);
        assert!(refused.unwrap_err().contains('`'));
        assert!(headers.is_empty());
    }

    #[test]
    fn a_token_with_a_line_break_is_refused() {
        let token = BearerToken::new("abc\r\nX-Evil: 1");
        let mut headers = http::HeaderMap::new();
        assert!(place::<Required<Customer>, _>(&token, &mut headers).is_err());
        assert!(headers.is_empty());
    }

    #[test]
    fn a_choice_sends_the_first_credentials_the_client_holds() {
        type Choice = AnyOf<(Customer, Partner, Account)>;
        let mut headers = http::HeaderMap::new();
        place::<Choice, _>(&ApiKey::new("k3y"), &mut headers).unwrap();
        assert_eq!(headers["x-partner-key"], "k3y");
        assert!(!headers.contains_key("authorization"));

        let mut headers = http::HeaderMap::new();
        place::<Choice, _>(&BasicCredentials::new("a", "b"), &mut headers).unwrap();
        assert_eq!(headers["authorization"], "Basic YTpi");

        // Two schemes of one kind: the first is the one sent.
        let mut headers = http::HeaderMap::new();
        let query = place::<AnyOf<(QueryKey, Session)>, _>(&ApiKey::new("k3y"), &mut headers).unwrap();
        assert_eq!(query, [("api_key", "k3y".to_owned())]);
        assert!(headers.is_empty());

        // With `Public` among the choices, a client without credentials
        // sends none, and one with them sends them.
        let mut headers = http::HeaderMap::new();
        assert!(place::<AnyOf<(Customer, Public)>, _>(&Anonymous, &mut headers).unwrap().is_empty());
        assert!(headers.is_empty());
        place::<AnyOf<(Customer, Public)>, _>(&BearerToken::new("t"), &mut headers).unwrap();
        assert_eq!(headers["authorization"], "Bearer t");
    }

    #[test]
    fn several_schemes_at_once_can_be_one_choice_among_others() {
        type Choice = AnyOf<(Customer, AllOf<(Partner, QueryKey)>, Public)>;
        // The tuple meets the choice of both keys, each sent where its own
        // scheme says, and not the bearer scheme.
        let keys = (SchemeKey::<Partner>::new("k3y-1"), SchemeKey::<QueryKey>::new("k3y-2"));
        let mut headers = http::HeaderMap::new();
        let query = place::<Choice, _>(&keys, &mut headers).unwrap();
        assert_eq!(headers["x-partner-key"], "k3y-1");
        assert!(!headers.contains_key("authorization"));
        assert_eq!(query, [("api_key", "k3y-2".to_owned())]);

        // One credential meets only the choice of its own scheme.
        let mut headers = http::HeaderMap::new();
        assert!(place::<Choice, _>(&BearerToken::new("t"), &mut headers).unwrap().is_empty());
        assert_eq!(headers["authorization"], "Bearer t");
        assert!(!headers.contains_key("x-partner-key"));

        let mut headers = http::HeaderMap::new();
        assert!(place::<Choice, _>(&Anonymous, &mut headers).unwrap().is_empty());
        assert!(headers.is_empty());

        // A credential of the tuple that cannot be sent stops the request.
        let broken = (SchemeKey::<Partner>::new("k3y\n"), SchemeKey::<QueryKey>::new("k3y-2"));
        assert!(place::<Choice, _>(&broken, &mut http::HeaderMap::new()).is_err());
    }

    #[test]
    fn debug_output_names_the_type_and_hides_the_rest() {
        assert_eq!(format!("{:?}", BearerToken::new("s3cr3t")), "BearerToken(<redacted>)");
        assert_eq!(format!("{:?}", ApiKey::new("s3cr3t")), "ApiKey(<redacted>)");
        assert_eq!(format!("{:?}", BasicCredentials::new("ada", "s3cr3t")), "BasicCredentials(<redacted>)");
        let mut headers = http::HeaderMap::new();
        let mut placement = Placement::new(&mut headers);
        <Required<QueryKey> as SatisfiedBy<ApiKey, ()>>::authorize(&ApiKey::new("s3cr3t"), &mut placement).unwrap();
        assert_eq!(format!("{placement:?}"), "Placement(<redacted>)");
        let query: Vec<_> = placement.into_query().collect();
        assert_eq!(format!("{query:?}"), r#"[("api_key", <redacted>)]"#);
    }

    #[test]
    fn optional_auth_sends_the_credentials_a_client_has() {
        let mut headers = http::HeaderMap::new();
        assert!(place::<Optional<Customer>, _>(&Anonymous, &mut headers).unwrap().is_empty());
        assert!(headers.is_empty());
        place::<Optional<Customer>, _>(&BearerToken::new("t"), &mut headers).unwrap();
        assert_eq!(headers["authorization"], "Bearer t");

        let mut headers = http::HeaderMap::new();
        place::<Optional<Account>, _>(&BasicCredentials::new("a", "b"), &mut headers).unwrap();
        assert_eq!(headers["authorization"], "Basic YTpi");

        let mut headers = http::HeaderMap::new();
        assert_eq!(
            place::<Optional<QueryKey>, _>(&ApiKey::new("k"), &mut headers).unwrap(),
            [("api_key", "k".to_owned())]
        );
        place::<Required<Partner>, _>(&ApiKey::new("k"), &mut headers).unwrap();
        assert_eq!(headers["x-partner-key"], "k");
    }

    #[test]
    fn an_empty_cookie_header_gets_the_key_alone() {
        let mut headers = http::HeaderMap::new();
        headers.insert("cookie", http::HeaderValue::from_static(""));
        place::<Required<Session>, _>(&ApiKey::new("s3cr3t"), &mut headers).unwrap();
        assert_eq!(headers["cookie"], "session=s3cr3t");
    }
}

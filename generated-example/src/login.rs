//! The portal's own sign-in as a token source: the password grant on first
//! use, the refresh grant (with its `client_id` header) when the token
//! expires or the portal refuses it, both through the generated
//! `token::grant` endpoint, which builds the request and reads the answer.

use std::time::Duration;

use endpointgen::auth::{Token, TokenError, TokenSource};
use endpointgen::{BaseUrl, BaseUrlError, Bytes, Endpoint, Error, http};

use crate::portal::endpoints::token::{self, GrantError};
use crate::portal::{PasswordGrant, RefreshGrant, TokenGrant};

/// Signs in to the portal with an email address and a password:
/// `Client::token_source(PortalLogin::new(base_url, email, password)?)`.
/// Its `Debug` output hides the password.
#[derive(Clone)]
pub struct PortalLogin {
    base_url: BaseUrl,
    username: String,
    password: String,
    totp: Option<String>,
}

impl PortalLogin {
    /// The login of `username` (an email address) at the portal at
    /// `base_url`.
    ///
    /// # Errors
    ///
    /// An invalid base URL.
    pub fn new(base_url: &str, username: &str, password: &str) -> Result<Self, BaseUrlError> {
        Ok(Self {
            base_url: BaseUrl::parse(base_url)?,
            username: username.to_owned(),
            password: password.to_owned(),
            totp: None,
        })
    }

    /// The two-factor code, for a user with two-factor sign-in.
    #[must_use]
    pub fn totp(mut self, code: &str) -> Self {
        self.totp = Some(code.to_owned());
        self
    }

    /// The endpoint that gets the next token: a refresh with the refresh
    /// token the portal gave last, or a sign-in.
    fn grant(&self, refresh_token: Option<&str>) -> token::Grant {
        match refresh_token {
            // The portal wants the sign-in's client id (the email address
            // when none was given) in a header ([DOC]).
            Some(refresh_token) => {
                token::grant(TokenGrant::RefreshToken(RefreshGrant { refresh_token: refresh_token.to_owned() }))
                    .client_id(&self.username)
            }
            None => token::grant(TokenGrant::Password(PasswordGrant {
                username: self.username.clone(),
                password: self.password.clone(),
                totp: self.totp.clone(),
                client_id: None,
            })),
        }
    }
}

impl TokenSource for PortalLogin {
    fn request(&self, refresh_token: Option<&str>) -> Result<http::Request<Vec<u8>>, TokenError> {
        self.grant(refresh_token)
            .to_request(&self.base_url)
            .map_err(|error| TokenError::invalid_request(error.to_string()))
    }

    fn read(&self, response: http::Response<Bytes>) -> Result<Token, TokenError> {
        let status = response.status();
        match token::Grant::decode(response) {
            Ok(tokens) => Ok(Token::new(&tokens.access_token)
                .expires_in(Duration::from_secs(u64::try_from(tokens.expires_in).unwrap_or_default()))
                .refresh_token(&tokens.refresh_token)),
            // The description is left out: for `must_reset_password` it
            // carries a password-reset token ([RE]).
            Err(Error::Api(GrantError::Refused(refusal))) => {
                Err(TokenError::refused(status, refusal.error.as_str(), None))
            }
            Err(Error::Api(GrantError::Throttled(_))) => {
                Err(TokenError::invalid_response("the portal throttled the sign-in (409); try again shortly"))
            }
            // Not the error's text: a body that did not decode can hold a
            // token, and the error quotes the body.
            Err(_) => Err(TokenError::invalid_response(format!("the portal answered {status} without a token"))),
        }
    }
}

impl std::fmt::Debug for PortalLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PortalLogin")
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

//! `token`: the OAuth grants (form bodies, `snake_case` answers, the
//! `client_id` header) and the link token.

use endpointgen::{Client, Error};
use generated_example::fake_portal::{self, FakePortal, ids};
use generated_example::portal::endpoints::{coworkers, token};
use generated_example::portal::{OAuthErrorCode, PasswordGrant, RefreshGrant, TokenGrant, TokenResponse};

use super::{ada, as_ada, last};

fn password(username: &str, password: &str, totp: Option<&str>) -> token::Grant {
    token::grant(TokenGrant::Password(PasswordGrant {
        username: username.to_owned(),
        password: password.to_owned(),
        totp: totp.map(str::to_owned),
        client_id: None,
    }))
}

async fn sign_in(fake: &FakePortal) -> TokenResponse {
    let anonymous = Client::new(fake.base_url()).unwrap();
    anonymous.send(password(fake_portal::ADA_EMAIL, fake_portal::ADA_PASSWORD, None)).await.unwrap()
}

#[tokio::test]
async fn password_grant_signs_in_with_a_form_and_gives_a_token_that_works() {
    let fake = crate::prism_proxy::fake_portal().await;

    let tokens = sign_in(&fake).await;

    let request = last(&fake, "POST", "/api/token", None);
    assert_eq!(request.authorization, None);
    assert_eq!(request.header("content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    // A tagged union goes through a JSON object, whose keys are sorted.
    assert_eq!(request.text(), "grant_type=password&password=analytical-engine-1843&username=ada%40example.com");
    assert_eq!(tokens.token_type, "bearer");
    assert_eq!(tokens.expires_in, 604_799);
    assert!(tokens.access_token.starts_with("portal-at-"), "{}", tokens.access_token);
    let shown = format!("{tokens:?}");
    assert!(!shown.contains(&tokens.access_token) && !shown.contains(&tokens.refresh_token), "{shown}");

    let signed_in = Client::new(fake.base_url()).unwrap().bearer(&tokens.access_token);
    let profiles = signed_in.send(coworkers::profiles()).await.unwrap();
    assert_eq!(profiles.user.unwrap().email, "ada@example.com");
    assert_eq!(fake.active_profile(&tokens.access_token), Some(ids::ADA_PERSONAL));
}

#[tokio::test]
async fn password_refusals_are_typed_oauth_errors() {
    let fake = crate::prism_proxy::fake_portal().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    let wrong = anonymous.send(password(fake_portal::ADA_EMAIL, "guess", None)).await.unwrap_err();
    let Error::Api(token::GrantError::Refused(refusal)) = wrong else { panic!("expected Refused, got {wrong:?}") };
    assert_eq!(refusal.error, OAuthErrorCode::InvalidGrant);

    // Charles has two-factor sign-in: without the code, `two_factor_auth_check`.
    let grant = password(fake_portal::CHARLES_EMAIL, fake_portal::CHARLES_PASSWORD, None);
    let no_code = anonymous.send(grant).await.unwrap_err();
    let Error::Api(token::GrantError::Refused(refusal)) = no_code else { panic!("got {no_code:?}") };
    assert_eq!(refusal.error, OAuthErrorCode::TwoFactorAuthCheck);
    let grant = password(fake_portal::CHARLES_EMAIL, fake_portal::CHARLES_PASSWORD, Some(fake_portal::CHARLES_TOTP));
    anonymous.send(grant).await.unwrap();
    assert!(last(&fake, "POST", "/api/token", None).text().contains("&totp=314159"));
}

#[tokio::test]
async fn refresh_grant_sends_the_client_id_header_and_spends_the_old_refresh_token() {
    let fake = crate::prism_proxy::fake_portal().await;
    let first = sign_in(&fake).await;
    let anonymous = Client::new(fake.base_url()).unwrap();
    let grant = || {
        let grant = RefreshGrant { refresh_token: first.refresh_token.clone() };
        token::grant(TokenGrant::RefreshToken(grant)).client_id(fake_portal::ADA_EMAIL)
    };

    let renewed = anonymous.send(grant()).await.unwrap();

    let request = last(&fake, "POST", "/api/token", None);
    assert_eq!(request.header("client_id").as_deref(), Some("ada@example.com"));
    assert_eq!(request.header("content-type").as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(request.text(), format!("grant_type=refresh_token&refresh_token={}", first.refresh_token));
    assert_ne!(renewed.access_token, first.access_token);
    assert_ne!(renewed.refresh_token, first.refresh_token);
    let renewed_client = Client::new(fake.base_url()).unwrap().bearer(&renewed.access_token);
    renewed_client.send(coworkers::profiles()).await.unwrap();

    // The old refresh token is spent.
    let again = anonymous.send(grant()).await.unwrap_err();
    let Error::Api(token::GrantError::Refused(refusal)) = again else { panic!("expected Refused, got {again:?}") };
    assert_eq!(refusal.error, OAuthErrorCode::InvalidGrant);
}

#[tokio::test]
async fn download_token_is_a_confirmation_holding_the_link_token() {
    let (fake, client) = ada().await;

    let confirmation = client.send(token::download_token()).await.unwrap();

    let request = last(&fake, "POST", "/api/sys/users/token/refresh", None);
    as_ada(&request);
    assert!(request.body.is_empty());
    assert!(confirmation.was_successful);
    assert_eq!(confirmation.status, Some(200));
    let link_token = confirmation.into_value();
    assert!(link_token.0.starts_with("lnk"), "{}", link_token.0);
    // It authenticates a link on its own: `Debug` hides it.
    assert_eq!(format!("{link_token:?}"), "LinkToken(<redacted>)");
}

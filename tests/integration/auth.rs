//! Every kind of credential against a server on 127.0.0.1, which records
//! what it received: a bearer token (also for OAuth 2 and OpenID Connect),
//! HTTP Basic, API keys in a header, the query and a cookie. The
//! credentials follow no redirect to another origin, and show in no error
//! or `Debug` output.

use endpointgen::auth::{OAuth2ClientCredentials, RefreshToken, Token, TokenCredentials};
use endpointgen::{Client, Error};

use crate::misbehaving_server::{Received, ScriptedServer, http_response, scripted};

mod credentials {
    endpointgen::generate!("../api-spec/fixtures/valid/credentials.yaml");
}

mod imported {
    endpointgen::generate!(openapi = "../api-spec/openapi/credentials-3.1.yaml");
}

mod together {
    endpointgen::generate!("../api-spec/fixtures/valid/auth_all_at_once.yaml");
}

mod search {
    endpointgen::generate!(openapi = "../api-spec/openapi/all-of-auth-3.1.yaml");
}

use credentials::endpoints::{calls, choices};

const SECRET: &str = "s3cr3t";

/// Answers every request with the JSON string `"ok"`.
async fn ok_server() -> ScriptedServer {
    scripted(|_, _| http_response("200 OK", &[("content-type", "application/json")], b"\"ok\"")).await
}

fn only(server: &ScriptedServer) -> Received {
    let received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    received.into_iter().next().unwrap()
}

#[tokio::test]
async fn each_kind_of_credential_arrives_where_its_scheme_says() {
    let server = ok_server().await;
    let client = Client::new(&server.base_url).unwrap();

    let basic = client.clone().basic("AC123", SECRET);
    assert_eq!(basic.send(calls::with_account()).await.unwrap(), "ok");
    let received = only(&server);
    assert_eq!(received.target, "/account");
    // base64("AC123:s3cr3t")
    assert_eq!(received.header("authorization"), Some("Basic QUMxMjM6czNjcjN0"));

    let key = client.clone().api_key(SECRET);
    assert_eq!(key.send(calls::with_header_key()).await.unwrap(), "ok");
    assert_eq!(key.send(calls::with_query_key().page(2)).await.unwrap(), "ok");
    assert_eq!(key.send(calls::with_session()).await.unwrap(), "ok");
    let received = server.received();
    assert_eq!(received[1].target, "/header-key");
    assert_eq!(received[1].header("x-api-key"), Some(SECRET));
    // After the endpoint's own query, encoded as its values are.
    assert_eq!(received[2].target, "/query-key?page=2&api_key=s3cr3t");
    assert_eq!(received[3].target, "/session");
    assert_eq!(received[3].header("cookie"), Some("session_id=s3cr3t"));
    assert!(received[1..].iter().all(|request| request.header("authorization").is_none()));
    assert!(received[1..3].iter().all(|request| request.header("cookie").is_none()));
    // A key alone in the query starts it.
    key.send(calls::with_query_key()).await.unwrap();
    assert_eq!(server.received().pop().unwrap().target, "/query-key?api_key=s3cr3t");

    let token = client.clone().bearer(SECRET);
    token.send(calls::with_token()).await.unwrap();
    token.send(calls::with_oauth()).await.unwrap();
    token.send(calls::with_login()).await.unwrap();
    token.send(calls::with_oidc()).await.unwrap();
    let received = server.received();
    let bearer: Vec<_> =
        received[5..].iter().map(|request| (request.target.as_str(), request.header("authorization"))).collect();
    let expected = Some("Bearer s3cr3t");
    assert_eq!(bearer, [("/token", expected), ("/oauth", expected), ("/login", expected), ("/oidc", expected)]);
    // Optional OAuth 2: sent by a client without a token too.
    client.send(calls::with_login()).await.unwrap();
    assert_eq!(server.received().pop().unwrap().header("authorization"), None);
}

#[tokio::test]
async fn a_client_holding_several_credentials_sends_each_where_its_scheme_says() {
    use endpointgen::auth::{BearerToken, SchemeKey};
    use together::auth::{AppId, HeaderKey, QueryKey};
    use together::endpoints::calls;

    let server = ok_server().await;
    let client = Client::new(&server.base_url).unwrap();
    let keys = client.clone().credentials((SchemeKey::<AppId>::new("app-1"), SchemeKey::<HeaderKey>::new(SECRET)));
    assert_eq!(keys.send(calls::two_keys()).await.unwrap(), "ok");
    assert_eq!(keys.send(calls::public()).await.unwrap(), "ok");
    let received = server.received();
    assert_eq!(received[0].header("x-app-id"), Some("app-1"));
    assert_eq!(received[0].header("x-api-key"), Some(SECRET));
    // A public endpoint gets none of them.
    assert_eq!((received[1].header("x-app-id"), received[1].header("x-api-key")), (None, None));
    assert!(!format!("{keys:?}").contains(SECRET));

    // Both keys at once as one choice; the other, a bearer token, is not sent.
    keys.send(calls::token_or_two_keys()).await.unwrap();
    let received = server.received().pop().unwrap();
    assert_eq!(received.header("x-app-id"), Some("app-1"));
    assert_eq!(received.header("x-api-key"), Some(SECRET));
    assert_eq!(received.header("authorization"), None);
    let token = client.clone().bearer(SECRET);
    token.send(calls::token_or_two_keys()).await.unwrap();
    let received = server.received().pop().unwrap();
    assert_eq!(received.header("authorization"), Some("Bearer s3cr3t"));
    assert_eq!((received.header("x-app-id"), received.header("x-api-key")), (None, None));

    let mixed = client.credentials((BearerToken::new(SECRET), SchemeKey::<QueryKey>::new("k3y")));
    mixed.send(calls::token_and_key()).await.unwrap();
    let received = server.received().pop().unwrap();
    assert_eq!(received.target, "/token-and-key?api_key=k3y");
    assert_eq!(received.header("authorization"), Some("Bearer s3cr3t"));

    // Imported from OpenAPI's `security: [{ application_id: [], api_key: [] }]`.
    let search = Client::new(&server.base_url).unwrap().credentials((
        SchemeKey::<search::auth::ApplicationId>::new("app-2"),
        SchemeKey::<search::auth::ApiKey>::new(SECRET),
    ));
    search.send(search::endpoints::indexes::list_indexes()).await.unwrap_err();
    let received = server.received().pop().unwrap();
    assert_eq!(received.header("x-algolia-application-id"), Some("app-2"));
    assert_eq!(received.header("x-algolia-api-key"), Some(SECRET));
    // `security: [{ token: [] }, { application_id: [], api_key: [] }]`.
    assert_eq!(search.send(search::endpoints::indexes::get_index("products")).await.unwrap(), "ok");
    let received = server.received().pop().unwrap();
    assert_eq!(received.header("x-algolia-api-key"), Some(SECRET));
    assert_eq!(received.header("authorization"), None);
}

#[test]
fn the_blocking_client_sends_them_the_same_way() {
    let servers = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = servers.block_on(ok_server());
    let client = Client::builder(&server.base_url).build_blocking().unwrap();

    client.clone().basic("AC123", SECRET).send(calls::with_account()).unwrap();
    client.clone().api_key(SECRET).send(calls::with_query_key()).unwrap();
    client.api_key(SECRET).send(calls::with_session()).unwrap();

    let received = server.received();
    assert_eq!(received[0].header("authorization"), Some("Basic QUMxMjM6czNjcjN0"));
    assert_eq!(received[1].target, "/query-key?api_key=s3cr3t");
    assert_eq!(received[2].header("cookie"), Some("session_id=s3cr3t"));
}

#[tokio::test]
async fn an_imported_document_sends_each_kind_of_credential() {
    use imported::endpoints::{account, oauth, oidc, query_key, session};
    let server = ok_server().await;
    let client = Client::new(&server.base_url).unwrap();

    client.clone().basic("AC123", SECRET).send(account::get_account()).await.unwrap();
    client.clone().api_key(SECRET).send(query_key::get_query_key()).await.unwrap();
    client.clone().api_key(SECRET).send(session::get_session()).await.unwrap();
    client.clone().bearer(SECRET).send(oauth::get_oauth()).await.unwrap();
    client.bearer(SECRET).send(oidc::get_oidc()).await.unwrap();

    let received = server.received();
    assert_eq!(received[0].header("authorization"), Some("Basic QUMxMjM6czNjcjN0"));
    assert_eq!(received[1].target, "/query-key?key=s3cr3t");
    assert_eq!(received[2].header("cookie"), Some("session=s3cr3t"));
    assert_eq!(received[3].header("authorization"), Some("Bearer s3cr3t"));
    assert_eq!(received[4].header("authorization"), Some("Bearer s3cr3t"));
}

#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_origin() {
    let other = ok_server().await;
    let target = format!("{}/landing", other.base_url);
    let api = scripted(move |_, _| http_response("302 Found", &[("location", &target)], b"")).await;
    let client = Client::new(&api.base_url).unwrap();

    client.clone().basic("AC123", SECRET).send(calls::with_account()).await.unwrap();
    client.clone().api_key(SECRET).send(calls::with_query_key()).await.unwrap();
    client.api_key(SECRET).send(calls::with_session()).await.unwrap();

    let at_api = api.received();
    assert_eq!(at_api.len(), 3);
    assert!(at_api[0].header("authorization").is_some());
    assert!(at_api[1].target.contains(SECRET));
    assert!(at_api[2].header("cookie").is_some());
    let at_other = other.received();
    assert_eq!(at_other.len(), 3, "{at_other:?}");
    for request in &at_other {
        assert_eq!(request.target, "/landing");
        let shown = format!("{request:?}");
        assert!(!shown.contains(SECRET) && !shown.contains("QUMxMjM6czNjcjN0"), "{shown}");
    }
}

#[tokio::test]
async fn a_key_in_the_query_shows_in_no_error_or_debug_output() {
    // Nothing listens on port 9 of 127.0.0.1 (discard): the request fails
    // in transport, with reqwest's error that names the URL.
    let client = Client::new("http://127.0.0.1:9").unwrap().api_key(SECRET);
    let error = client.send(calls::with_query_key()).await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains(SECRET), "{shown}");

    // A redirect that is not followed shows only the origin it pointed to.
    let api = scripted(|_, request| {
        let location = format!("https://example.com{}", request.target);
        http_response("307 Temporary Redirect", &[("location", &location)], b"")
    })
    .await;
    let client = Client::builder(&api.base_url).max_redirects(0).build().unwrap().api_key(SECRET);
    let error = client.send(calls::with_query_key()).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn credentials_show_in_no_debug_output() {
    let client = Client::new("https://api.example.com").unwrap();
    for shown in [
        format!("{:?}", client.clone().basic("AC123", SECRET)),
        format!("{:?}", client.clone().api_key(SECRET)),
        format!("{:?}", client.clone().bearer(SECRET)),
        // Token sources: a client secret, a refresh token, a token given.
        format!(
            "{:?}",
            client.clone().token_source(OAuth2ClientCredentials::new("https://auth.example.com/token", "app", SECRET))
        ),
        format!("{:?}", client.clone().token_source(RefreshToken::new("https://auth.example.com/token", SECRET))),
        format!(
            "{:?}",
            client.credentials(
                TokenCredentials::new(RefreshToken::new("https://auth.example.com/token", "r"))
                    .with_token(Token::new(SECRET).refresh_token(SECRET))
            )
        ),
        format!("{:?}", Token::new(SECRET).refresh_token(SECRET)),
        format!("{:?}", endpointgen::RequestOptions::new().header("X-Tenant-Key", SECRET)),
    ] {
        assert!(!shown.contains(SECRET) && !shown.contains("QUMxMjM6czNjcjN0"), "{shown}");
    }
}

#[tokio::test]
async fn a_username_with_a_colon_or_a_cookie_key_with_a_semicolon_is_not_sent() {
    let server = ok_server().await;
    let client = Client::new(&server.base_url).unwrap();
    let basic = client.clone().basic("a:b", SECRET).send(calls::with_account()).await.unwrap_err();
    let cookie = client.api_key("a; admin=1").send(calls::with_session()).await.unwrap_err();
    for error in [basic, cookie] {
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert!(!format!("{error} {error:?}").contains(SECRET));
    }
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_choice_is_sent_with_whichever_of_its_credentials_the_client_holds() {
    let server = ok_server().await;
    let client = Client::new(&server.base_url).unwrap();

    client.clone().api_key(SECRET).send(choices::bot_or_oauth()).await.unwrap();
    client.clone().bearer(SECRET).send(choices::bot_or_oauth()).await.unwrap();
    client.clone().basic("AC123", SECRET).send(choices::any_or_none()).await.unwrap();
    client.clone().api_key(SECRET).send(choices::any_or_none()).await.unwrap();
    client.send(choices::any_or_none()).await.unwrap();

    let received = server.received();
    assert_eq!(received[0].header("x-api-key"), Some(SECRET));
    assert_eq!(received[0].header("authorization"), None);
    assert_eq!(received[1].header("authorization"), Some("Bearer s3cr3t"));
    assert_eq!(received[1].header("x-api-key"), None);
    assert_eq!(received[2].header("authorization"), Some("Basic QUMxMjM6czNjcjN0"));
    assert_eq!(received[3].target, "/choice-or-none?api_key=s3cr3t");
    assert_eq!((received[4].target.as_str(), received[4].header("authorization")), ("/choice-or-none", None));
}

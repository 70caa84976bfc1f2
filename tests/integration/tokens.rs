//! Token flows and per-request options over HTTP on 127.0.0.1.
//!
//! The token endpoint behaves as a real OAuth 2 server does: client
//! credentials with HTTP Basic, refresh tokens that rotate (the one spent
//! is invalid), RFC 6749 errors, and tokens that expire within a second;
//! the API answers 401 to a token that expired or was revoked. It counts
//! the tokens it issues, so that the tests can say how many requests
//! reached it when a hundred requests needed a token at once.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use endpointgen::auth::{OAuth2ClientCredentials, RefreshToken, TokenErrorKind};
use endpointgen::{Client, Error, RequestOptions, RetryPolicy};

use crate::misbehaving_server::{answer_slowly, http_response, scripted};

mod api {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: tokens
auth:
  oauth:
    oauth2:
      client_credentials: { token_url: "https://auth.example.com/token", scopes: { read: Read the orders. } }
endpoints:
  orders:
    read: { method: GET, path: /orders, response: string, auth: oauth }
    create: { method: POST, path: /orders, body: string, response: string, auth: oauth }
    public: { method: GET, path: /public, response: string }
    submit: { method: POST, path: /submit, body: string, response: string }
"#
    );
}

use api::endpoints::orders;

const CLIENT_ID: &str = "app";
const CLIENT_SECRET: &str = "s3cr3t";
/// base64("app:s3cr3t")
const CLIENT_BASIC: &str = "Basic YXBwOnMzY3IzdA==";

/// An OAuth 2 server and the API it guards, on one port.
struct Authority {
    /// `expires_in` of the tokens it issues, in seconds.
    lifetime: u64,
    /// How long the token endpoint takes to answer: long enough that a
    /// hundred requests that need a token all wait for the first fetch.
    delay: Duration,
    issued: AtomicUsize,
    token_requests: AtomicUsize,
    unauthorized: AtomicUsize,
    api_requests: AtomicUsize,
    /// Valid access tokens and when each expires.
    tokens: Mutex<Vec<(String, Instant)>>,
    /// The one valid refresh token, and those that were sent.
    refresh_token: Mutex<String>,
    refresh_tokens_sent: Mutex<Vec<String>>,
    /// The API refuses every token.
    refuse_all: AtomicBool,
}

impl Authority {
    fn new(lifetime: u64, delay: Duration) -> Arc<Self> {
        Arc::new(Self {
            lifetime,
            delay,
            issued: AtomicUsize::new(0),
            token_requests: AtomicUsize::new(0),
            unauthorized: AtomicUsize::new(0),
            api_requests: AtomicUsize::new(0),
            tokens: Mutex::new(Vec::new()),
            refresh_token: Mutex::new("rt-0".to_owned()),
            refresh_tokens_sent: Mutex::new(Vec::new()),
            refuse_all: AtomicBool::new(false),
        })
    }

    /// Revokes every access token issued so far.
    fn revoke_all(&self) {
        self.tokens.lock().unwrap().clear();
    }

    fn issued(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = serde_json::json!({ "error": error, "error_description": description });
    (status, axum::Json(body)).into_response()
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    String::from_utf8_lossy(body).split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        let decode = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned();
        (decode(key) == name).then(|| decode(value))
    })
}

async fn token_endpoint(State(authority): State<Arc<Authority>>, headers: HeaderMap, body: Bytes) -> Response {
    authority.token_requests.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(authority.delay).await;
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if header("content-type") != Some("application/x-www-form-urlencoded") {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "Send a form.");
    }
    let refresh_token = match form_field(&body, "grant_type").as_deref() {
        Some("client_credentials") => {
            if header("authorization") != Some(CLIENT_BASIC) {
                return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "Client authentication failed.");
            }
            None
        }
        Some("refresh_token") => {
            let sent = form_field(&body, "refresh_token").unwrap_or_default();
            authority.refresh_tokens_sent.lock().unwrap().push(sent.clone());
            let mut current = authority.refresh_token.lock().unwrap();
            if sent != *current || form_field(&body, "client_id").as_deref() != Some(CLIENT_ID) {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "The refresh token is invalid.");
            }
            // Rotated: the one spent is invalid from now on.
            let number = authority.issued.load(Ordering::SeqCst) + 1;
            *current = format!("rt-{number}");
            Some(current.clone())
        }
        _ => return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "No such grant."),
    };
    let number = authority.issued.fetch_add(1, Ordering::SeqCst) + 1;
    let access_token = format!("at-{number}");
    let expires_at = Instant::now() + Duration::from_secs(authority.lifetime);
    authority.tokens.lock().unwrap().push((access_token.clone(), expires_at));
    let mut answer = serde_json::json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": authority.lifetime,
    });
    if let Some(refresh_token) = refresh_token {
        answer["refresh_token"] = serde_json::Value::String(refresh_token);
    }
    axum::Json(answer).into_response()
}

async fn api_endpoint(State(authority): State<Arc<Authority>>, headers: HeaderMap) -> Response {
    authority.api_requests.fetch_add(1, Ordering::SeqCst);
    let token =
        headers.get("authorization").and_then(|value| value.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let valid = token.is_some_and(|token| {
        let now = Instant::now();
        authority.tokens.lock().unwrap().iter().any(|(known, expires_at)| known == token && now < *expires_at)
    });
    if !valid || authority.refuse_all.load(Ordering::SeqCst) {
        authority.unauthorized.fetch_add(1, Ordering::SeqCst);
        return StatusCode::UNAUTHORIZED.into_response();
    }
    axum::Json("ok").into_response()
}

/// The server, and its base URL (the token endpoint is `/token`).
async fn start(authority: Arc<Authority>) -> (String, tokio::task::JoinHandle<()>) {
    let app = Router::new()
        .route("/token", post(token_endpoint))
        .route("/orders", get(api_endpoint).post(api_endpoint))
        .route("/public", get(|| async { axum::Json("ok") }))
        .with_state(authority);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base_url, task)
}

fn client_credentials(base_url: &str, secret: &str) -> OAuth2ClientCredentials {
    OAuth2ClientCredentials::new(&format!("{base_url}/token"), CLIENT_ID, secret).scopes(["read"])
}

/// Sends `orders::read` from a hundred tasks at once; each must succeed.
async fn hundred_reads(client: &Client<endpointgen::auth::TokenCredentials>) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        tasks.spawn(async move { client.send(orders::read()).await });
    }
    while let Some(result) = tasks.join_next().await {
        assert_eq!(result.unwrap().unwrap(), "ok");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_requests_share_one_token_and_renew_it_before_it_expires() {
    let authority = Authority::new(1, Duration::from_millis(100));
    let (base_url, _server) = start(authority.clone()).await;
    let client = Client::new(&base_url).unwrap().token_source(client_credentials(&base_url, CLIENT_SECRET));

    // Nothing is fetched before a request needs a token, and a public
    // endpoint needs none.
    assert_eq!(client.send(orders::public()).await.unwrap(), "ok");
    assert_eq!(authority.token_requests.load(Ordering::SeqCst), 0);

    hundred_reads(&client).await;
    assert_eq!(authority.issued(), 1, "one token for a hundred requests");
    assert_eq!(authority.token_requests.load(Ordering::SeqCst), 1);

    // The token lasts a second, and is renewed a tenth of it before: never
    // sent expired, so the API refuses none.
    tokio::time::sleep(Duration::from_millis(950)).await;
    hundred_reads(&client).await;
    assert_eq!(authority.issued(), 2, "one renewal for a hundred requests");
    assert_eq!(authority.unauthorized.load(Ordering::SeqCst), 0);
    assert_eq!(authority.api_requests.load(Ordering::SeqCst), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_gets_a_new_token_and_the_request_is_sent_once_more() {
    let authority = Authority::new(3600, Duration::from_millis(50));
    let (base_url, _server) = start(authority.clone()).await;
    let client = Client::new(&base_url).unwrap().token_source(client_credentials(&base_url, CLIENT_SECRET));
    hundred_reads(&client).await;
    assert_eq!(authority.issued(), 1);

    // Revoked before it expires: the requests sent with it are refused
    // once, and one new token serves them all (a request that looks for a
    // token while it is fetched takes the new one at once).
    authority.revoke_all();
    hundred_reads(&client).await;
    assert_eq!(authority.issued(), 2);
    let refused = authority.unauthorized.load(Ordering::SeqCst);
    assert!((1..=100).contains(&refused), "{refused}");

    // A POST's body is sent again with the new token.
    authority.revoke_all();
    assert_eq!(client.send(orders::create("order".to_owned())).await.unwrap(), "ok");
    assert_eq!(authority.issued(), 3);

    // Once more only: an API that refuses every token gets two requests.
    let refused_before = authority.unauthorized.load(Ordering::SeqCst);
    authority.refuse_all.store(true, Ordering::SeqCst);
    let before = authority.api_requests.load(Ordering::SeqCst);
    let refused = client.send(orders::read()).await.unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(authority.api_requests.load(Ordering::SeqCst) - before, 2);
    assert_eq!(authority.unauthorized.load(Ordering::SeqCst) - refused_before, 2);
    assert_eq!(authority.issued(), 4);
}

#[tokio::test]
async fn a_rotated_refresh_token_replaces_the_one_spent() {
    let authority = Authority::new(3600, Duration::ZERO);
    let (base_url, _server) = start(authority.clone()).await;
    let source = RefreshToken::new(&format!("{base_url}/token"), "rt-0").client(CLIENT_ID, None);
    let client = Client::new(&base_url).unwrap().token_source(source);
    for _ in 0..3 {
        assert_eq!(client.send(orders::read()).await.unwrap(), "ok");
        authority.revoke_all();
    }
    assert_eq!(*authority.refresh_tokens_sent.lock().unwrap(), ["rt-0", "rt-1", "rt-2"]);
    let shown = format!("{client:?}");
    assert!(!shown.contains("rt-") && !shown.contains("at-"), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_grant_is_a_clear_error_without_the_secret_and_is_not_retried_by_each_waiter() {
    let authority = Authority::new(3600, Duration::from_millis(200));
    let (base_url, _server) = start(authority.clone()).await;
    let wrong = "wr0ng-s3cr3t";
    let client = Client::new(&base_url).unwrap().token_source(client_credentials(&base_url, wrong));

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let client = client.clone();
        tasks.spawn(async move { client.send(orders::read()).await });
    }
    while let Some(result) = tasks.join_next().await {
        let error = result.unwrap().unwrap_err();
        let Error::Token(token) = &error else { panic!("expected Error::Token, got {error:?}") };
        assert!(
            matches!(&token.kind, TokenErrorKind::Refused { error, status, .. }
                if error == "invalid_client" && *status == StatusCode::UNAUTHORIZED),
            "{token:?}"
        );
        let shown = format!("{error} {error:?} {client:?}");
        assert!(shown.contains("invalid_client: Client authentication failed."), "{shown}");
        assert!(!shown.contains(wrong), "{shown}");
    }
    // The requests that waited for the refused fetch took its answer.
    assert_eq!(authority.token_requests.load(Ordering::SeqCst), 1);
    assert_eq!(authority.api_requests.load(Ordering::SeqCst), 0);
}

#[test]
fn the_blocking_client_shares_one_token_between_a_hundred_threads() {
    let servers = crate::hostile_servers::server_runtime();
    let authority = Authority::new(3600, Duration::from_millis(100));
    let (base_url, _server) = servers.block_on(start(authority.clone()));
    let client =
        Client::builder(&base_url).build_blocking().unwrap().token_source(client_credentials(&base_url, CLIENT_SECRET));
    let read_from_a_hundred_threads = || {
        std::thread::scope(|scope| {
            let threads: Vec<_> = (0..100).map(|_| scope.spawn(|| client.send(orders::read()))).collect();
            for thread in threads {
                assert_eq!(thread.join().unwrap().unwrap(), "ok");
            }
        });
    };
    read_from_a_hundred_threads();
    assert_eq!(authority.issued(), 1);
    authority.revoke_all();
    read_from_a_hundred_threads();
    assert_eq!(authority.issued(), 2);
    let refused = authority.unauthorized.load(Ordering::SeqCst);
    assert!((1..=100).contains(&refused), "{refused}");
}

#[tokio::test]
async fn a_hostile_token_endpoint_gives_an_error_and_no_token() {
    let huge = "a".repeat(100 * 1024);
    let server = scripted(move |_, request| match request.target.as_str() {
        "/huge" => http_response("200 OK", &[("content-type", "application/json")], huge.as_bytes()),
        "/redirect" => http_response("302 Found", &[("location", "/elsewhere")], b""),
        "/header-breaking" => http_response(
            "200 OK",
            &[("content-type", "application/json")],
            br#"{"access_token":"at\r\nX-Evil: 1","token_type":"bearer"}"#,
        ),
        _ => http_response("200 OK", &[], b"\"must not be reached\""),
    })
    .await;
    let client = Client::new(&server.base_url).unwrap();
    for (path, expected) in [
        ("/huge", "larger than the limit of 65536 bytes"),
        ("/redirect", "302 Found"),
        ("/header-breaking", "cannot go in a header"),
    ] {
        let source = OAuth2ClientCredentials::new(&format!("{}{path}", server.base_url), CLIENT_ID, CLIENT_SECRET);
        let error = client.clone().token_source(source).send(orders::read()).await.unwrap_err();
        assert!(matches!(error, Error::Token(_)), "{path}: {error:?}");
        assert!(error.to_string().contains(expected), "{path}: {error}");
    }
    // The redirect was not followed, and the API was never sent a request.
    let targets: Vec<String> = server.received().into_iter().map(|request| request.target).collect();
    assert_eq!(targets, ["/huge", "/redirect", "/header-breaking"]);
}

#[tokio::test]
async fn a_token_url_in_clear_text_to_another_host_is_refused_before_sending() {
    let client = Client::new("http://127.0.0.1:9").unwrap();
    let source = OAuth2ClientCredentials::new("http://auth.example.com/token", CLIENT_ID, CLIENT_SECRET);
    let error = client.token_source(source).send(orders::read()).await.unwrap_err();
    let Error::Token(token) = &error else { panic!("{error:?}") };
    assert_eq!(token.kind, TokenErrorKind::InvalidRequest);
    assert!(error.to_string().contains("must be https"), "{error}");
}

/// A server that answers 409 (`Retry-After: 0`) to the requests numbered
/// in `throttled`, and `"ok"` to the others.
async fn throttling(throttled: &'static [usize]) -> crate::misbehaving_server::ScriptedServer {
    scripted(move |index, _| {
        if throttled.contains(&index) {
            http_response("409 Conflict", &[("retry-after", "0")], b"")
        } else {
            http_response("200 OK", &[("content-type", "application/json")], b"\"ok\"")
        }
    })
    .await
}

#[tokio::test]
async fn a_post_with_an_idempotency_key_is_retried_with_the_same_key() {
    let server = throttling(&[0, 1]).await;
    let client = Client::new(&server.base_url).unwrap();

    // Without a key a POST is not sent again: the server may have acted.
    let refused = client.send(orders::submit("order".to_owned())).await.unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::CONFLICT));
    assert_eq!(server.received().len(), 1);

    let options = RequestOptions::new().idempotency_key("order-42").header("X-Request-Id", "r-1");
    assert_eq!(client.send_with(orders::submit("order".to_owned()), &options).await.unwrap(), "ok");
    let received = server.received();
    assert_eq!(received.len(), 3);
    for request in &received[1..] {
        assert_eq!((request.method.as_str(), request.body.as_slice()), ("POST", &b"\"order\""[..]));
        assert_eq!(request.header("idempotency-key"), Some("order-42"));
        assert_eq!(request.header("x-request-id"), Some("r-1"));
    }
    assert_eq!(received[0].header("idempotency-key"), None);
}

#[tokio::test]
async fn a_request_has_its_own_retry_policy_timeout_and_headers() {
    let server = throttling(&[0, 1, 2, 3]).await;
    let client = Client::new(&server.base_url).unwrap();
    let never = RequestOptions::new().retry(RetryPolicy::never());
    let throttled = client.send_with(orders::public(), &never).await.unwrap_err();
    assert_eq!(throttled.status(), Some(StatusCode::CONFLICT));
    assert_eq!(server.received().len(), 1);
    // The client's own policy is untouched: three retries.
    assert_eq!(client.send(orders::public()).await.unwrap(), "ok");
    assert_eq!(server.received().len(), 5);

    // The credentials are the client's: a request cannot replace them,
    // nor send a header that would break the request.
    for options in [
        RequestOptions::new().header("Authorization", "Bearer other"),
        RequestOptions::new().header("X-Note", "a\r\nX-Evil: 1"),
    ] {
        let error = client.send_with(orders::public(), &options).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    assert_eq!(server.received().len(), 5);

    let slow = answer_slowly(Duration::from_secs(3)).await;
    let client = Client::new(&slow.base_url).unwrap();
    let started = Instant::now();
    let timeout = RequestOptions::new().timeout(Duration::from_millis(200));
    let error = client.send_with(orders::public(), &timeout).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(transport) if transport.timeout), "{error:?}");
    let deadline = RequestOptions::new().deadline(Some(Duration::from_millis(200)));
    let error = client.send_with(orders::public(), &deadline).await.unwrap_err();
    assert!(error.to_string().contains("deadline of 200ms"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[test]
fn the_blocking_client_takes_a_requests_options_too() {
    let servers = crate::hostile_servers::server_runtime();
    let server = servers.block_on(throttling(&[0]));
    let client = Client::builder(&server.base_url).build_blocking().unwrap();
    let options = RequestOptions::new().idempotency_key("order-7");
    assert_eq!(client.send_with(orders::submit("order".to_owned()), &options).unwrap(), "ok");
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(received.iter().all(|request| request.header("idempotency-key") == Some("order-7")));
    let refused = client.send_with(orders::public(), &RequestOptions::new().header("Host", "evil.example"));
    assert!(matches!(refused, Err(Error::InvalidRequest(_))));
}

/// The portal's own login as a token source: the password grant on first
/// use, and when the portal refuses the token, the refresh grant with the
/// `client_id` header its docs ask for.
#[tokio::test]
async fn the_portals_password_login_is_a_token_source() {
    use endpointgen::auth::{Token, TokenCredentials};
    use generated_example::fake_portal::{ADA_EMAIL, ADA_PASSWORD, FakePortal};
    use generated_example::login::PortalLogin;
    use generated_example::portal::endpoints::{coworkers, token};
    use generated_example::portal::{PasswordGrant, TokenGrant};

    let fake = crate::prism_proxy::fake_portal().await;
    let base_url = fake.base_url().to_owned();
    let grants = |fake: &FakePortal| -> Vec<(String, Option<String>)> {
        let requests = fake.requests().into_iter().filter(|request| request.path == "/api/token");
        requests
            .map(|request| (form_field(&request.body, "grant_type").unwrap(), request.header("client_id")))
            .collect()
    };

    let login = PortalLogin::new(&base_url, ADA_EMAIL, ADA_PASSWORD).unwrap();
    let client = Client::new(&base_url).unwrap().token_source(login.clone());
    for _ in 0..3 {
        assert_eq!(client.send(coworkers::profiles()).await.unwrap().profiles.len(), 3);
    }
    // Paging fetches no token of its own.
    let mut pages = client.pages(generated_example::portal::endpoints::bookings::my().size(3));
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(count, 3);
    assert_eq!(grants(&fake), [("password".to_owned(), None)]);
    assert!(!format!("{client:?} {login:?}").contains(ADA_PASSWORD));

    // A token the portal does not know (expired, say) with a refresh token
    // that it does: refused once, renewed with the refresh grant.
    let grant = PasswordGrant {
        username: ADA_EMAIL.to_owned(),
        password: ADA_PASSWORD.to_owned(),
        totp: None,
        client_id: None,
    };
    let tokens = Client::new(&base_url).unwrap().send(token::grant(TokenGrant::Password(grant))).await.unwrap();
    let kept = Token::new("portal-at-expired").refresh_token(&tokens.refresh_token);
    let client = Client::new(&base_url).unwrap().credentials(TokenCredentials::new(login).with_token(kept));
    assert_eq!(client.send(coworkers::profiles()).await.unwrap().profiles.len(), 3);
    let grants = grants(&fake);
    assert_eq!(grants.last().unwrap(), &("refresh_token".to_owned(), Some(ADA_EMAIL.to_owned())));
    assert_eq!(grants.len(), 3);

    // A wrong password: the portal's error code, and no password.
    let wrong = PortalLogin::new(&base_url, ADA_EMAIL, "wr0ng-password").unwrap();
    let error = Client::new(&base_url).unwrap().token_source(wrong).send(coworkers::profiles()).await.unwrap_err();
    let Error::Token(token) = &error else { panic!("{error:?}") };
    assert!(matches!(&token.kind, TokenErrorKind::Refused { error, .. } if error == "invalid_grant"), "{token:?}");
    assert!(!format!("{error} {error:?}").contains("wr0ng"), "{error}");
}

/// A spec's OAuth 2 scheme with a `client_credentials` flow gets a helper
/// that makes the token source at the flow's token URL.
#[test]
fn an_oauth2_scheme_makes_the_token_source_of_its_client_credentials_flow() {
    use endpointgen::auth::TokenSource;

    let source = api::auth::Oauth::client_credentials(CLIENT_ID, CLIENT_SECRET);
    let request = source.request(None).unwrap();
    assert_eq!(request.uri(), "https://auth.example.com/token");
    assert_eq!(request.headers()["authorization"], CLIENT_BASIC);
    assert!(!format!("{source:?}").contains(CLIENT_SECRET));
    // The scopes are the caller's to choose.
    let scoped = source.scopes(["read"]).request(None).unwrap();
    assert_eq!(scoped.body(), b"grant_type=client_credentials&scope=read");
}

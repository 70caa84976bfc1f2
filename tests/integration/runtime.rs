//! What the clients do around the request itself: retries of throttled
//! requests, hooks, default headers, tracing, and the blocking client, each
//! against a server on 127.0.0.1.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use endpointgen::{Client, Error, Exchange, Hook, RequestInfo, RetryPolicy};
use generated_example::fake_portal;
use generated_example::login::PortalLogin;
use generated_example::portal::endpoints::coworkers;

/// A server that answers the first `throttled` requests with 409 and
/// `Retry-After: 0`, then with an empty profile list; and counts requests.
async fn throttling_server(throttled: usize) -> (String, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    let app = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            if counter.fetch_add(1, Ordering::SeqCst) < throttled {
                (StatusCode::CONFLICT, [("retry-after", "0")], "").into_response()
            } else {
                axum::Json(serde_json::json!({ "Profiles": [] })).into_response()
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base_url, seen, task)
}

#[tokio::test]
async fn throttled_gets_are_sent_again_until_they_succeed() {
    let (base_url, seen, server) = throttling_server(2).await;
    let client = Client::new(&base_url).unwrap().bearer("t");

    let profiles = client.send(coworkers::profiles()).await.unwrap();

    assert!(profiles.profiles.is_empty());
    assert_eq!(seen.load(Ordering::SeqCst), 3);
    server.abort();
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_last_answer_is_the_error() {
    let (base_url, seen, server) = throttling_server(10).await;
    let client = Client::builder(&base_url).retry(RetryPolicy::new().max_retries(2)).build().unwrap().bearer("t");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::CONFLICT));
    assert_eq!(seen.load(Ordering::SeqCst), 3);
    server.abort();
}

#[tokio::test]
async fn throttling_longer_than_the_budget_is_not_waited_for() {
    let app = axum::Router::new()
        .fallback(|| async { (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "120")], "slow down").into_response() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::new(&base_url).unwrap().bearer("t");

    let started = std::time::Instant::now();
    let error = client.send(coworkers::profiles()).await.unwrap_err();

    assert!(started.elapsed() < Duration::from_secs(5));
    let Error::UnexpectedStatus(unexpected) = error else { panic!("expected UnexpectedStatus, got {error:?}") };
    assert_eq!(unexpected.status, StatusCode::TOO_MANY_REQUESTS);
    server.abort();
}

/// Records what it sees, and adds a header of its own.
#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<(String, u32, Option<u16>)>>,
}

impl Hook for Recorder {
    fn on_request(&self, _: &RequestInfo, headers: &mut HeaderMap) {
        headers.insert("x-correlation-id", "demo-42".parse().unwrap());
    }

    fn on_response(&self, exchange: &Exchange<'_>) {
        let mut seen = self.seen.lock().unwrap();
        seen.push((exchange.request.to_string(), exchange.attempt, exchange.status.map(|status| status.as_u16())));
    }
}

#[tokio::test]
async fn hooks_see_every_attempt_and_default_headers_are_sent() {
    struct Shared(Arc<Recorder>);
    impl Hook for Shared {
        fn on_request(&self, request: &RequestInfo, headers: &mut HeaderMap) {
            self.0.on_request(request, headers);
        }
        fn on_response(&self, exchange: &Exchange<'_>) {
            self.0.on_response(exchange);
        }
    }

    let fake = crate::prism_proxy::fake_portal().await;
    let recorder = Arc::new(Recorder::default());
    let client = Client::builder(fake.base_url())
        .default_header("X-Use-Timezone", "true")
        .hook(Shared(recorder.clone()))
        .build()
        .unwrap()
        .bearer(fake_portal::ADA_TOKEN);

    client.send(coworkers::profiles()).await.unwrap();

    let request = fake.last_request().unwrap();
    assert_eq!(request.header("x-use-timezone").as_deref(), Some("true"));
    assert_eq!(request.header("x-correlation-id").as_deref(), Some("demo-42"));
    assert_eq!(*recorder.seen.lock().unwrap(), [("GET /api/public/coworkers/profiles".to_owned(), 1, Some(200))]);
}

#[test]
fn the_token_is_in_no_debug_output_error_message_or_tracing_event() {
    use tracing_subscriber::fmt::MakeWriter;

    /// Everything the subscriber writes, kept.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Self;
        fn make_writer(&'a self) -> Self {
            self.clone()
        }
    }

    // A global subscriber, not a scoped one: tracing caches per call site
    // whether anyone listens, and call sites first reached by tests running
    // on other threads would stay silent for a scoped one. Other tests'
    // events land in the buffer too, which only makes the check wider.
    static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    let captured = CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(captured.clone())
            .with_ansi(false)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        captured
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let shown = runtime.block_on(async {
        let fake = crate::prism_proxy::fake_portal().await;
        let secret = "s3cr3t-t0ken";
        let good = Client::new(fake.base_url()).unwrap().bearer(fake_portal::ADA_TOKEN);
        let profiles = good.send(coworkers::profiles()).await.unwrap();
        let bad = Client::new(fake.base_url()).unwrap().bearer(secret);
        let error = bad.send(coworkers::profiles()).await.unwrap_err();
        // The portal's login as a token source: a password, access and
        // refresh tokens fetched, then a password refused.
        let login = PortalLogin::new(fake.base_url(), fake_portal::ADA_EMAIL, fake_portal::ADA_PASSWORD).unwrap();
        let signed_in = Client::new(fake.base_url()).unwrap().token_source(login);
        signed_in.send(coworkers::profiles()).await.unwrap();
        let wrong = PortalLogin::new(fake.base_url(), fake_portal::ADA_EMAIL, "s3cr3t-password").unwrap();
        let refused = Client::new(fake.base_url()).unwrap().token_source(wrong);
        let token_error = refused.send(coworkers::profiles()).await.unwrap_err();
        format!("{bad:?} {error} {error:?} {profiles:?} {signed_in:?} {refused:?} {token_error} {token_error:?}")
    });
    let events = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();

    for (what, text) in [("Debug output and errors", &shown), ("tracing events", &events)] {
        assert!(!text.contains("s3cr3t"), "the token shows in {what}:\n{text}");
        assert!(!text.contains(fake_portal::ADA_TOKEN), "the token shows in {what}:\n{text}");
        assert!(!text.contains("portal-session-token"), "a secret field shows in {what}:\n{text}");
        assert!(!text.contains(fake_portal::ADA_PASSWORD), "the password shows in {what}:\n{text}");
        // The fake portal's access and refresh tokens.
        assert!(!text.contains("portal-at-") && !text.contains("portal-rt-"), "a token shows in {what}:\n{text}");
    }
    // The spans are there, with method, path template and status.
    assert!(events.contains("endpointgen.request"), "{events}");
    assert!(
        events.contains("url.template=\"/api/public/coworkers/profiles\"")
            || events.contains("url.template=/api/public/coworkers/profiles"),
        "{events}"
    );
    assert!(events.contains("http.status_code=200"), "{events}");
    assert!(events.contains("http.status_code=401"), "{events}");
    assert!(events.contains("endpointgen.token"), "{events}");
}

#[test]
fn the_blocking_client_sends_the_same_endpoints() {
    // The fake portal runs on a runtime of its own; the blocking client
    // must not be used from inside one.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let fake = runtime.block_on(crate::prism_proxy::fake_portal());

    let client = Client::builder(fake.base_url()).build_blocking().unwrap().bearer(fake_portal::ADA_TOKEN);
    let profiles = client.send(coworkers::profiles()).unwrap();
    assert_eq!(profiles.profiles.len(), 3);
    assert_eq!(fake.last_request().unwrap().authorization.as_deref(), Some("Bearer demo-token-ada"));

    let stranger = endpointgen::blocking::Client::new(fake.base_url()).unwrap().bearer("nope");
    let error = stranger.send(coworkers::profiles()).unwrap_err();
    assert!(matches!(error, Error::Api(coworkers::ProfilesError::Unauthorized(_))), "{error:?}");
    drop(fake);
}

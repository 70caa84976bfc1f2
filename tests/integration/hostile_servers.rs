//! The clients against servers that try to hurt them: redirects that would
//! take credentials to other origins or over plain HTTP, numbers that
//! overflow, bodies that claim more than they send, pagers that never end,
//! calls that never end. Each case is a defect that a red-team run found
//! (issue 14), and its test failed before the fix. docs/security.md states
//! the promises these tests hold the clients to.

use std::time::{Duration, Instant};

use endpointgen::{
    Client, ClientError, Endpoint, Error, NextPage, Paged, PagingReason, RedirectReason, RequestBuilder,
};

use crate::misbehaving_server::{Received, ScriptedServer, TEST_CA, http_response, scripted, scripted_tls};

mod hostile {
    endpointgen::generate!(
        yaml = r#"
spec: 1
name: hostile
envelopes:
  Page:
    fields:
      Items: { type: list<T>, role: items }
      HasNext: { type: bool?, role: has_next }
auth:
  customer: { bearer: {} }
  partner: { api_key: { header: X-Partner-Key } }
endpoints:
  files:
    download:
      method: GET
      path: /files/{id}
      path_params: { id: i64 }
      response: bytes
      auth: partner
    mine:
      method: GET
      path: /mine
      response: bytes
      auth: customer
    upload:
      method: POST
      path: /files
      body: { type: bytes, content: text/plain }
      response: bytes
      auth: partner
    list:
      method: GET
      path: /files
      query: { page: { type: i32, default: 1 } }
      paging: page
      response: Page<string>
"#
    );
}

use hostile::endpoints::files;

const KEY: &str = "k3y-s3cr3t";
const TOKEN: &str = "t0ken-s3cr3t";
/// A default header's value, which may be a credential too.
const TENANT: &str = "tenant-s3cr3t";

/// Answers every request with 200 and `landed`.
async fn landing() -> ScriptedServer {
    scripted(|_, _| http_response("200 OK", &[("content-type", "application/octet-stream")], b"landed")).await
}

/// Answers every request with `status` and a `Location` of `target`.
async fn redirecting(status: &'static str, target: String) -> ScriptedServer {
    scripted(move |_, _| http_response(status, &[("location", &target)], b"")).await
}

/// A runtime for the servers of a blocking client's test: the client must
/// not run inside it.
pub(crate) fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap()
}

/// Whether a secret of these tests is anywhere in what `request` carried.
fn carries_a_secret(request: &Received) -> bool {
    let text = format!("{} {:?} {}", request.target, request.headers, String::from_utf8_lossy(&request.body));
    [KEY, TOKEN, TENANT].iter().any(|secret| text.contains(secret))
}

/// The API got the credentials; the other origin got the request, without
/// them or any other header of the API's.
fn assert_credentials_stayed_home(api: &ScriptedServer, other: &ScriptedServer) {
    let at_api = api.received();
    assert_eq!(at_api.len(), 2, "{at_api:?}");
    assert_eq!(at_api[0].header("x-partner-key"), Some(KEY));
    assert_eq!(at_api[1].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert!(at_api.iter().all(|request| request.header("x-tenant") == Some(TENANT)));
    let at_other = other.received();
    assert_eq!(at_other.len(), 2, "{at_other:?}");
    for request in &at_other {
        assert_eq!((request.method.as_str(), request.target.as_str()), ("GET", "/landing?from=api"));
        assert!(!carries_a_secret(request), "a secret went to another origin: {request:?}");
        assert_eq!(request.header("x-tenant"), None);
    }
}

#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_origin() {
    let other = landing().await;
    let api = redirecting("302 Found", format!("{}/landing?from=api", other.base_url)).await;
    let client = Client::builder(&api.base_url).default_header("X-Tenant", TENANT).build().unwrap();

    assert_eq!(&client.clone().api_key(KEY).send(files::download(1)).await.unwrap()[..], b"landed");
    assert_eq!(&client.bearer(TOKEN).send(files::mine()).await.unwrap()[..], b"landed");

    assert_credentials_stayed_home(&api, &other);
}

#[test]
fn credentials_do_not_follow_a_redirect_to_another_origin_from_the_blocking_client() {
    let servers = server_runtime();
    let other = servers.block_on(landing());
    let api = servers.block_on(redirecting("302 Found", format!("{}/landing?from=api", other.base_url)));
    let client = Client::builder(&api.base_url).default_header("X-Tenant", TENANT).build_blocking().unwrap();

    assert_eq!(&client.clone().api_key(KEY).send(files::download(1)).unwrap()[..], b"landed");
    assert_eq!(&client.bearer(TOKEN).send(files::mine()).unwrap()[..], b"landed");

    assert_credentials_stayed_home(&api, &other);
}

#[tokio::test]
async fn a_redirect_within_the_origin_keeps_the_credentials() {
    let api = scripted(|_, request| match request.target.as_str() {
        "/files/1" => http_response("301 Moved Permanently", &[("location", "/files/2")], b""),
        _ => http_response("200 OK", &[], b"two"),
    })
    .await;
    let client = Client::new(&api.base_url).unwrap().api_key(KEY);

    assert_eq!(&client.send(files::download(1)).await.unwrap()[..], b"two");

    let received = api.received();
    assert_eq!(received.iter().map(|request| request.target.as_str()).collect::<Vec<_>>(), ["/files/1", "/files/2"]);
    assert_eq!(received[1].header("x-partner-key"), Some(KEY));
}

/// Sends `files::download` through an async and a blocking client that
/// trust the test CA, and returns both results.
fn download_both_ways(base_url: &str) -> [Result<endpointgen::Bytes, Error<std::convert::Infallible>>; 2] {
    let builder = || Client::builder(base_url).root_certificate(TEST_CA);
    let blocking = builder().build_blocking().unwrap().api_key(KEY).send(files::download(1));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let async_result =
        runtime.block_on(async { builder().build().unwrap().api_key(KEY).send(files::download(1)).await });
    [async_result, blocking]
}

#[test]
fn a_redirect_from_https_to_http_is_not_followed() {
    let servers = server_runtime();
    let plain = servers.block_on(landing());
    let secure = servers.block_on(scripted_tls({
        let target = format!("{}/landing?from=api", plain.base_url);
        move |_, _| http_response("302 Found", &[("location", &target)], b"")
    }));
    // The https server itself works: its certificate is trusted.
    assert!(secure.base_url.starts_with("https://"));

    for result in download_both_ways(&secure.base_url) {
        let Err(Error::Redirect(redirect)) = result else { panic!("expected Error::Redirect, got {result:?}") };
        assert_eq!(redirect.reason, RedirectReason::Downgrade);
        assert_eq!(redirect.status, 302);
        assert_eq!(redirect.target_origin(), Some(plain.base_url.as_str()));
        assert_eq!(redirect.location(), Some(format!("{}/landing?from=api", plain.base_url).as_str()));
        // The messages name the origin, not the path and query.
        let (shown, debug) = (redirect.to_string(), format!("{redirect:?}"));
        assert!(shown.contains("from https to http") && shown.contains(&plain.base_url), "{shown}");
        assert!(debug.contains("Downgrade") && debug.contains(&plain.base_url), "{debug}");
        assert!(!shown.contains("from=api") && !debug.contains("from=api"), "{shown} {debug}");
    }
    assert_eq!(secure.received().len(), 2);
    assert!(plain.received().is_empty(), "a request went over plain HTTP: {:?}", plain.received());
}

#[tokio::test]
async fn a_body_is_not_sent_on_to_another_origin() {
    let other = landing().await;
    let client = |base_url: &str| Client::new(base_url).unwrap().api_key(KEY);

    for status in ["307 Temporary Redirect", "308 Permanent Redirect"] {
        let api = redirecting(status, format!("{}/landing?from=api", other.base_url)).await;
        let error = client(&api.base_url).send(files::upload(b"password=hunter2".to_vec())).await.unwrap_err();
        let Error::Redirect(redirect) = error else { panic!("expected Error::Redirect, got {error:?}") };
        assert_eq!(redirect.reason, RedirectReason::BodyToOtherOrigin);
        assert_eq!(api.received()[0].body, b"password=hunter2");
    }
    assert!(other.received().is_empty(), "{:?}", other.received());

    // A 303 asks for a GET of another resource: that goes, without the
    // body and without the credentials.
    let api = redirecting("303 See Other", format!("{}/landing?from=api", other.base_url)).await;
    assert_eq!(&client(&api.base_url).send(files::upload(b"password=hunter2".to_vec())).await.unwrap()[..], b"landed");
    let at_other = other.received();
    assert_eq!(at_other.len(), 1);
    assert_eq!(at_other[0].method, "GET");
    assert!(at_other[0].body.is_empty() && at_other[0].header("content-type").is_none());
    assert!(!carries_a_secret(&at_other[0]) && !String::from_utf8_lossy(&at_other[0].body).contains("hunter2"));
}

#[test]
fn a_body_is_not_sent_on_to_another_origin_by_the_blocking_client() {
    let servers = server_runtime();
    let other = servers.block_on(landing());
    let api = servers.block_on(redirecting("307 Temporary Redirect", format!("{}/landing", other.base_url)));
    let client = Client::builder(&api.base_url).build_blocking().unwrap().api_key(KEY);

    let error = client.send(files::upload(b"password=hunter2".to_vec())).unwrap_err();

    assert!(matches!(&error, Error::Redirect(redirect) if redirect.reason == RedirectReason::BodyToOtherOrigin));
    assert!(other.received().is_empty(), "{:?}", other.received());
}

/// Adds a header of its own, as a hook that signs requests would.
struct Signing;

impl endpointgen::Hook for Signing {
    fn on_request(&self, _: &endpointgen::RequestInfo, headers: &mut endpointgen::http::HeaderMap) {
        let mut signature = endpointgen::http::HeaderValue::from_static("sig-s3cr3t");
        signature.set_sensitive(true);
        headers.insert("x-signature", signature);
    }
}

#[tokio::test]
async fn credentials_do_not_come_back_after_a_hop_away_from_the_origin() {
    // The API sends the client away, and the other origin sends it back.
    let back = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let other = {
        let back = back.clone();
        scripted(move |_, _| http_response("302 Found", &[("location", &back.lock().unwrap())], b"")).await
    };
    let away = format!("{}/away", other.base_url);
    let api = scripted(move |_, request| match request.target.as_str() {
        "/files/1" => http_response("302 Found", &[("location", &away)], b""),
        _ => http_response("200 OK", &[], b"back"),
    })
    .await;
    *back.lock().unwrap() = format!("{}/files/2", api.base_url);
    let client = Client::builder(&api.base_url).hook(Signing).default_header("X-Tenant", TENANT).build().unwrap();

    assert_eq!(&client.api_key(KEY).send(files::download(1)).await.unwrap()[..], b"back");

    let at_api = api.received();
    assert_eq!(at_api.iter().map(|request| request.target.as_str()).collect::<Vec<_>>(), ["/files/1", "/files/2"]);
    let first = &at_api[0];
    assert_eq!((first.header("x-partner-key"), first.header("x-signature")), (Some(KEY), Some("sig-s3cr3t")));
    for request in other.received().iter().chain(api.received().iter().skip(1)) {
        assert!(!carries_a_secret(request) && request.header("x-signature").is_none(), "{request:?}");
    }
}

#[tokio::test]
async fn redirects_end_at_the_limit_or_are_not_followed_at_all() {
    let api = redirecting("302 Found", "/again".to_owned()).await;

    let error = Client::new(&api.base_url).unwrap().api_key(KEY).send(files::download(1)).await.unwrap_err();
    let Error::Redirect(redirect) = error else { panic!("expected Error::Redirect, got {error:?}") };
    assert_eq!(redirect.reason, RedirectReason::TooMany { limit: 10 });
    assert_eq!(api.received().len(), 11);

    let client = Client::builder(&api.base_url).max_redirects(0).build().unwrap().api_key(KEY);
    let error = client.send(files::download(1)).await.unwrap_err();
    let Error::UnexpectedStatus(unexpected) = error else { panic!("expected the 302 itself, got {error:?}") };
    assert_eq!(unexpected.status, 302);
    assert_eq!(api.received().len(), 12);
}

#[tokio::test]
async fn a_reqwest_builder_of_ones_own_gets_these_redirect_rules() {
    use tokio_rustls::rustls;
    let other = landing().await;
    let api = redirecting("302 Found", format!("{}/landing?from=api", other.base_url)).await;
    let tls =
        rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(rustls::RootCertStore::empty())
            .with_no_client_auth();
    // reqwest's default policy, which would send the key on.
    let reqwest =
        reqwest::Client::builder().tls_backend_preconfigured(tls).redirect(reqwest::redirect::Policy::default());

    let client = Client::builder(&api.base_url).reqwest_builder(reqwest).build().unwrap().api_key(KEY);

    assert_eq!(&client.send(files::download(1)).await.unwrap()[..], b"landed");
    let at_other = other.received();
    assert_eq!(at_other.len(), 1);
    assert!(!carries_a_secret(&at_other[0]), "{at_other:?}");
}

#[tokio::test]
async fn a_retry_after_past_any_duration_does_not_panic() {
    // The first answer sets a wait of a second, the second asks for one
    // that the sum of waits overflowed on.
    let api = scripted(|index, _| {
        let seconds = if index == 0 { "1" } else { "18446744073709551615" };
        http_response("429 Too Many Requests", &[("retry-after", seconds)], b"slow down")
    })
    .await;
    let client = Client::new(&api.base_url).unwrap().bearer(TOKEN);

    let error = client.send(files::mine()).await.unwrap_err();

    let Error::UnexpectedStatus(unexpected) = error else { panic!("expected the 429, got {error:?}") };
    assert_eq!(unexpected.status, 429);
    assert_eq!(api.received().len(), 2);
}

/// 200 with a body of `hello`, whose `Content-Length` is `declared`.
fn claiming(declared: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-length: {declared}\r\nconnection: close\r\n\r\nhello").into_bytes()
}

#[test]
fn the_body_is_read_as_it_arrives_whatever_its_length_claims() {
    let servers = server_runtime();
    let honest = servers.block_on(scripted(|_, _| claiming("5")));
    // A terabyte declared, five bytes sent: a buffer sized by the claim
    // aborted the process.
    let lying = servers.block_on(scripted(|_, _| claiming("1099511627776")));
    let blocking = |base_url: &str| Client::builder(base_url).max_response_bytes(usize::MAX).build_blocking().unwrap();

    // A limit of `usize::MAX` overflowed `limit + 1`: a panic, or an empty
    // body in a release build.
    assert_eq!(&blocking(&honest.base_url).api_key(KEY).send(files::download(1)).unwrap()[..], b"hello");
    let error = blocking(&lying.base_url).api_key(KEY).send(files::download(1)).unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let client =
            |base_url: &str| Client::builder(base_url).max_response_bytes(usize::MAX).build().unwrap().api_key(KEY);
        assert_eq!(&client(&honest.base_url).send(files::download(1)).await.unwrap()[..], b"hello");
        let error = client(&lying.base_url).send(files::download(1)).await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
    });
}

#[test]
fn a_body_of_exactly_the_limit_is_read_and_one_byte_more_is_not() {
    let servers = server_runtime();
    let sized = servers.block_on(scripted(|_, _| claiming("5")));
    let chunked = servers.block_on(scripted(|_, _| {
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n2\r\nhe\r\n3\r\nllo\r\n0\r\n\r\n".to_vec()
    }));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    for server in [&sized, &chunked] {
        for (limit, fits) in [(5, true), (4, false)] {
            let builder = || Client::builder(&server.base_url).max_response_bytes(limit);
            let blocking = builder().build_blocking().unwrap().api_key(KEY).send(files::download(1));
            let client = builder().build().unwrap().api_key(KEY);
            let async_result = runtime.block_on(client.send(files::download(1)));
            for result in [blocking, async_result] {
                match result {
                    Ok(body) if fits => assert_eq!(&body[..], b"hello"),
                    Err(Error::Transport(transport)) if !fits => {
                        assert!(transport.message.contains("larger than the limit of 4 bytes"), "{transport}");
                    }
                    other => panic!("limit {limit}, {}: {other:?}", server.base_url),
                }
            }
        }
    }
}

#[test]
fn a_declared_length_over_the_limit_is_refused_before_the_body_comes() {
    // The headers promise 1 000 bytes; the body never comes.
    let servers = server_runtime();
    let (base_url, server) = servers.block_on(async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                tokio::spawn(async move {
                    let mut request = [0; 4096];
                    let _ = socket.read(&mut request).await;
                    let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n").await;
                    tokio::time::sleep(Duration::from_secs(30)).await;
                });
            }
        });
        (base_url, task)
    });
    let builder = || Client::builder(&base_url).max_response_bytes(100).deadline(Some(Duration::from_secs(20)));
    let blocking = builder().build_blocking().unwrap().api_key(KEY);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = builder().build().unwrap().api_key(KEY);

    let started = Instant::now();
    let results = [blocking.send(files::download(1)), runtime.block_on(client.send(files::download(1)))];

    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    for result in results {
        let Err(Error::Transport(transport)) = result else { panic!("expected Error::Transport, got {result:?}") };
        assert!(!transport.timeout && transport.message.contains("larger than the limit of 100 bytes"), "{transport}");
    }
    server.abort();
}

#[test]
fn a_base_url_with_a_password_is_refused_without_showing_it() {
    let url = "https://ada:hunter2@api.example.com/v1";
    let async_error = Client::new(url).unwrap_err();
    let blocking_error = endpointgen::blocking::Client::new(url).unwrap_err();
    for error in [async_error, blocking_error] {
        assert!(matches!(error, ClientError::BaseUrl(_)), "{error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("https://***@api.example.com/v1"), "{shown}");
    }
}

#[test]
fn default_headers_show_in_no_debug_output() {
    let builder = Client::builder("https://api.example.com").default_header("X-Tenant", TENANT);
    let builder_shown = format!("{builder:?}");
    assert!(builder_shown.contains("X-Tenant"), "{builder_shown}");
    let client = builder.build().unwrap().api_key(KEY);
    let request = client.build_request(&files::download(1)).unwrap();
    assert_eq!(request.headers()["x-tenant"], TENANT);
    for shown in [builder_shown, format!("{client:?}"), format!("{request:?}"), format!("{:?}", request.headers())] {
        assert!(!shown.contains(TENANT) && !shown.contains(KEY), "{shown}");
    }
}

/// A page that always says another one follows.
fn endless_pages() -> impl Fn(usize, &Received) -> Vec<u8> + Send + Sync + 'static {
    |_, _| http_response("200 OK", &[("content-type", "application/json")], br#"{"Items": ["x"], "HasNext": true}"#)
}

#[tokio::test]
async fn a_pager_that_never_ends_is_ended() {
    let api = scripted(endless_pages()).await;
    let client = Client::builder(&api.base_url).max_pages(5).build().unwrap();

    let mut pages = client.pages(files::list());
    let mut fetched = 0;
    let error = loop {
        match pages.next().await.expect("the pages ended without an error") {
            Ok(_) => fetched += 1,
            Err(error) => break error,
        }
    };

    assert_eq!(fetched, 5);
    let Error::Paging(paging) = error else { panic!("expected Error::Paging, got {error:?}") };
    assert_eq!((paging.pages, paging.reason), (5, PagingReason::TooManyPages { limit: 5 }));
    assert_eq!(
        paging.to_string(),
        "GET /files: stopped after page 5: the server says more follow, and 5 pages is the most this client fetches"
    );
    assert!(pages.next().await.is_none());
    assert_eq!(api.received().len(), 5);

    // The items stream is the pages stream's: it ends the same way.
    let mut items = client.items(files::list());
    let mut count = 0;
    while let Some(item) = items.next().await {
        if item.is_err() {
            break;
        }
        count += 1;
    }
    assert_eq!(count, 5);
}

#[test]
fn a_pager_that_never_ends_is_ended_in_the_blocking_client() {
    let servers = server_runtime();
    let api = servers.block_on(scripted(endless_pages()));
    let client = Client::builder(&api.base_url).max_pages(3).build_blocking().unwrap();

    let results: Vec<_> = client.pages(files::list()).collect();

    assert_eq!(results.len(), 4);
    assert!(results[..3].iter().all(Result::is_ok));
    let Err(Error::Paging(paging)) = &results[3] else { panic!("expected Error::Paging, got {:?}", results[3]) };
    assert_eq!(paging.reason, PagingReason::TooManyPages { limit: 3 });
    assert_eq!(api.received().len(), 3);
}

/// A paged endpoint whose next page is the one it asked for: a server that
/// hands out the same cursor again.
#[derive(Clone)]
struct SamePageAgain;

impl Endpoint for SamePageAgain {
    type Output = <files::List as Endpoint>::Output;
    type Error = <files::List as Endpoint>::Error;
    type Auth = <files::List as Endpoint>::Auth;
    const METHOD: endpointgen::Method = files::List::METHOD;
    const PATH: &'static str = files::List::PATH;

    fn write_request(&self, request: &mut RequestBuilder) {
        files::list().page(7).write_request(request);
    }

    fn decode(response: endpointgen::http::Response<endpointgen::Bytes>) -> Result<Self::Output, Error<Self::Error>> {
        files::List::decode(response)
    }
}

impl Paged for SamePageAgain {
    type Item = String;

    fn next_page(&self, _: &Self::Output, _: &endpointgen::http::HeaderMap) -> Option<NextPage<Self>> {
        Some(NextPage::Endpoint(Self))
    }

    fn into_items(page: Self::Output) -> Vec<String> {
        files::List::into_items(page)
    }
}

#[test]
fn a_page_asked_for_twice_ends_the_pages() {
    let servers = server_runtime();
    let api = servers.block_on(scripted(endless_pages()));
    let blocking = Client::builder(&api.base_url).build_blocking().unwrap();
    let results: Vec<_> = blocking.pages(SamePageAgain).collect();
    assert_eq!(results.len(), 2);
    let Err(Error::Paging(paging)) = &results[1] else { panic!("expected Error::Paging, got {:?}", results[1]) };
    assert_eq!((paging.pages, paging.reason), (1, PagingReason::Repeated));
    assert!(
        paging
            .to_string()
            .ends_with("stopped after page 1: the next page is one already fetched, so the pages would never end")
    );

    let client = Client::new(&api.base_url).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let second = runtime.block_on(async {
        let mut pages = client.pages(SamePageAgain);
        pages.next().await.unwrap().unwrap();
        pages.next().await.unwrap()
    });
    assert!(matches!(second, Err(Error::Paging(ref paging)) if paging.reason == PagingReason::Repeated), "{second:?}");
    assert_eq!(api.received().len(), 2);
}

#[tokio::test]
async fn retries_end_at_the_deadline() {
    let api = scripted(|_, _| http_response("429 Too Many Requests", &[("retry-after", "1")], b"")).await;
    let client = Client::builder(&api.base_url)
        .retry(endpointgen::RetryPolicy::new().max_retries(100).budget(Duration::from_secs(600)))
        .deadline(Some(Duration::from_millis(1_900)))
        .build()
        .unwrap()
        .bearer(TOKEN);

    let started = Instant::now();
    let error = client.send(files::mine()).await.unwrap_err();

    // Sent at 0 s and 1 s; a wait to 2 s would end past the deadline, so
    // the second answer is the answer.
    assert!(started.elapsed() < Duration::from_millis(1_900), "{:?}", started.elapsed());
    assert_eq!(error.status(), Some(endpointgen::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(api.received().len(), 2);
}

#[test]
fn a_retry_cut_short_by_the_deadline_ends_with_the_throttled_answer() {
    // The first answer asks for no wait; the retry then gets no answer
    // before the deadline (the server's own runtime sleeps on it).
    let servers = server_runtime();
    let api = servers.block_on(scripted(|index, _| {
        if index > 0 {
            std::thread::sleep(Duration::from_millis(1_500));
        }
        http_response("429 Too Many Requests", &[("retry-after", "0")], b"slow down")
    }));
    let client =
        Client::builder(&api.base_url).deadline(Some(Duration::from_millis(700))).build().unwrap().bearer(TOKEN);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    let error = runtime.block_on(client.send(files::mine())).unwrap_err();

    let Error::UnexpectedStatus(unexpected) = error else { panic!("expected the first 429, got {error:?}") };
    assert_eq!((unexpected.status.as_u16(), unexpected.body.text()), (429, "slow down"));
    assert_eq!(api.received().len(), 2);
}

#[tokio::test]
async fn a_call_past_its_deadline_is_not_sent() {
    let api = landing().await;
    let client = Client::builder(&api.base_url).deadline(Some(Duration::ZERO)).build().unwrap().api_key(KEY);

    let error = client.send(files::download(1)).await.unwrap_err();

    let Error::Transport(transport) = error else { panic!("expected a timeout, got {error:?}") };
    assert!(transport.timeout && transport.message.contains("deadline of 0ns"), "{transport}");
    assert!(api.received().is_empty());
}

/// Answers with a header that promises 100 bytes, then sends one byte every
/// 100 ms.
async fn trickling() -> (String, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut request = [0; 4096];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n").await;
                for _ in 0..100 {
                    if socket.write_all(b"x").await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            });
        }
    });
    (base_url, task)
}

#[test]
fn a_call_ends_at_its_deadline_however_slowly_the_server_answers() {
    let servers = server_runtime();
    let (base_url, server) = servers.block_on(trickling());
    let builder = || Client::builder(&base_url).timeout(None).deadline(Some(Duration::from_secs(1)));
    let check = |result: Result<endpointgen::Bytes, Error<std::convert::Infallible>>, started: Instant| {
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
        let Err(Error::Transport(transport)) = result else { panic!("expected a timeout, got {result:?}") };
        assert!(transport.timeout && transport.message.contains("deadline of 1s"), "{transport}");
    };

    let blocking = builder().build_blocking().unwrap().api_key(KEY);
    let started = Instant::now();
    check(blocking.send(files::download(1)), started);

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let client = builder().build().unwrap().api_key(KEY);
    let started = Instant::now();
    check(runtime.block_on(client.send(files::download(1))), started);
    server.abort();
}

//! Every answer the fake portal gives in the whole test run, judged by
//! Stoplight Prism in proxy mode against the portal's OpenAPI export: a
//! tool nobody here wrote checks that the fake portal speaks the spec, so
//! that the tests of the client against it prove something about the API.
//!
//! Each fake portal records its exchanges. When one that a test started
//! with [`fake_portal`] is dropped at the end of a test that passed, its
//! exchanges are replayed through one Prism proxy (started once per test
//! binary) whose upstream is a replayer in this process: it gives back the
//! recorded answer of each request. Prism judges the answer against the
//! operation the request names and lists what it finds in the
//! `sl-violations` header; any response violation fails the test.
//!
//! Only answers are judged: some tests send odd requests on purpose, and
//! the requests' conformance is `prism.rs`'s job (mock mode). Replaying
//! after the test, rather than sending through the proxy, leaves what the
//! tests send and time exactly as it was.
//!
//! One thing OpenAPI cannot say is left out: that a successful answer may
//! have an empty body as well as a JSON one (an optional response,
//! `response: T?`, which the portal's basket checkout has), so an empty
//! successful answer of such an endpoint is not sent to Prism.

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse as _, Response};
use generated_example::fake_portal::{self, Exchange, FakePortal, RecordedAnswer};

use endpointgen_codegen::ir::{self, Group, Ty};

use crate::prism::{Prism, export_portal, portal_inputs};

/// The header that tells the replayer which recorded answer to give.
const REPLAY_ID: &str = "x-endpointgen-replay";

/// A fake portal on 127.0.0.1 whose answers are judged when it is dropped.
pub(crate) async fn fake_portal() -> FakePortal {
    fake_portal::check_answers_with(fail_on_violations);
    FakePortal::start().await.unwrap()
}

/// The check the fake portals run when dropped.
fn fail_on_violations(exchanges: &[Exchange]) {
    let violations = violations(exchanges);
    assert!(
        violations.is_empty(),
        "Prism (proxy mode) finds answers of the fake portal that the portal's OpenAPI export does not allow:\n{}",
        violations.join("\n")
    );
}

/// The Prism proxy and what its upstream gives back.
struct Proxy {
    prism: Prism,
    answers: Arc<Mutex<HashMap<u64, RecordedAnswer>>>,
    next_id: AtomicU64,
}

fn proxy() -> &'static Proxy {
    static PROXY: OnceLock<Proxy> = OnceLock::new();
    PROXY.get_or_init(|| {
        let answers = Arc::default();
        let upstream = start_replayer(Arc::clone(&answers));
        let prism = Prism::start(&export_portal("portal-proxy"), "portal-proxy", &["proxy"], &[&upstream]);
        Proxy { prism, answers, next_id: AtomicU64::new(0) }
    })
}

/// Serves the recorded answers on a thread of its own (the fake portals'
/// runtimes end with their tests), each once, to the request naming it.
fn start_replayer(answers: Arc<Mutex<HashMap<u64, RecordedAnswer>>>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let app = axum::Router::new().fallback(move |headers: HeaderMap| async move {
                let answer = headers
                    .get(REPLAY_ID)
                    .and_then(|id| id.to_str().ok()?.parse::<u64>().ok())
                    .and_then(|id| answers.lock().unwrap().remove(&id));
                answer.map_or_else(|| (StatusCode::IM_A_TEAPOT, "no such recorded answer").into_response(), replayed)
            });
            axum::serve(listener, app).await.unwrap();
        });
    });
    url
}

/// A recorded answer as a response again; the headers of the framing are
/// the server's to write.
fn replayed(answer: RecordedAnswer) -> Response {
    let mut response = Response::new(axum::body::Body::from(answer.body));
    *response.status_mut() = StatusCode::from_u16(answer.status).unwrap();
    for (name, value) in answer.headers {
        if !matches!(name.as_str(), "content-length" | "transfer-encoding" | "connection" | "date") {
            response.headers_mut().append(HeaderName::try_from(name).unwrap(), HeaderValue::try_from(value).unwrap());
        }
    }
    response
}

/// What Prism finds wrong with the answers of `exchanges`, one line each,
/// naming the request.
fn violations(exchanges: &[Exchange]) -> Vec<String> {
    let proxy = proxy();
    let mut found = Vec::new();
    for (request, answer) in exchanges {
        if answer.body.is_empty() && (200..300).contains(&answer.status) && may_be_empty(&request.method, &request.path)
        {
            continue;
        }
        let id = proxy.next_id.fetch_add(1, Ordering::Relaxed);
        proxy.answers.lock().unwrap().insert(id, answer.clone());
        let target = match &request.query {
            Some(query) => format!("{}?{query}", request.path),
            None => request.path.clone(),
        };
        let head = send(&proxy.prism.base_url, request, &target, id);
        let replayed = !proxy.answers.lock().unwrap().contains_key(&id);
        let shown = format!("{} {target} → {}", request.method, answer.status);
        if !replayed {
            // Prism answered itself: it found no operation for the
            // request (a path the spec does not have, asked on purpose).
            proxy.answers.lock().unwrap().remove(&id);
            continue;
        }
        for violation in response_violations(&head) {
            found.push(format!("{shown}: {violation}"));
        }
    }
    found
}

/// Whether the spec lets the endpoint at `method` and `path` answer an
/// empty body (its response is optional).
fn may_be_empty(method: &str, path: &str) -> bool {
    static OPTIONAL: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let optional = OPTIONAL.get_or_init(|| {
        fn walk(group: &Group, out: &mut Vec<(String, String)>) {
            for endpoint in &group.endpoints {
                if let ir::Response::Json(Ty::Option(_)) | ir::Response::Enveloped(Ty::Option(_)) = &endpoint.response {
                    out.push((endpoint.method.as_str().to_owned(), endpoint.path_template.clone()));
                }
            }
            group.groups.iter().for_each(|child| walk(child, out));
        }
        let (api, _) = endpointgen_codegen::load(&portal_inputs()).unwrap();
        let mut out = Vec::new();
        walk(&api.root, &mut out);
        out
    });
    let fits = |template: &str| {
        let (mut template, mut path) = (template.split('/'), path.split('/'));
        loop {
            match (template.next(), path.next()) {
                (None, None) => return true,
                (Some(expected), Some(segment)) if expected == segment || expected.starts_with('{') => {}
                _ => return false,
            }
        }
    };
    optional.iter().any(|(known_method, template)| known_method == method && fits(template))
}

/// Sends the recorded request to Prism over HTTP/1.1 and returns the head
/// of its answer (status line and headers): a test's blocking `Drop` cannot
/// run the async client, and this is all that is read.
fn send(base_url: &str, request: &fake_portal::RecordedRequest, target: &str, id: u64) -> String {
    let address = base_url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = Vec::new();
    write!(head, "{} {target} HTTP/1.1\r\nhost: {address}\r\n", request.method).unwrap();
    for (name, value) in &request.headers {
        if !matches!(name.as_str(), "host" | "content-length" | "transfer-encoding" | "connection") {
            write!(head, "{name}: {value}\r\n").unwrap();
        }
    }
    write!(head, "{REPLAY_ID}: {id}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", request.body.len()).unwrap();
    stream.write_all(&head).unwrap();
    stream.write_all(&request.body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer);
    answer.split("\r\n\r\n").next().unwrap_or_default().to_owned()
}

/// The response violations of Prism's `sl-violations` header (a JSON list
/// of `{ location, message }`, the location starting with `request` or
/// `response`).
fn response_violations(head: &str) -> Vec<String> {
    let Some(header) = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("sl-violations").then_some(value.trim())
    }) else {
        return Vec::new();
    };
    let listed: Vec<serde_json::Value> = serde_json::from_str(header).unwrap();
    listed
        .into_iter()
        .filter(|violation| violation["location"][0] == "response")
        .map(|violation| format!("{} ({})", violation["message"], violation["location"]))
        .collect()
}

/// The check can fail: an answer that breaks the document is reported, and
/// one that keeps it is not.
#[test]
fn prism_reports_an_answer_that_breaks_the_portal_document() {
    let request = fake_portal::RecordedRequest {
        method: "PUT".to_owned(),
        path: "/api/public/coworkers/profiles/current".to_owned(),
        query: Some("coworkerId=42".to_owned()),
        authorization: None,
        accept: None,
        headers: vec![("authorization".to_owned(), "Bearer demo".to_owned())],
        body: Vec::new(),
    };
    let answer = |body: &str| RecordedAnswer {
        status: 200,
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: body.as_bytes().to_vec(),
    };
    let wrong = answer(r#"{"WasSuccessful": "yes", "Value": null}"#);
    let right = answer(r#"{"WasSuccessful": true, "Value": null, "Status": 200, "Message": null, "Errors": null}"#);
    let found = violations(&[(request.clone(), wrong), (request, right)]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("PUT /api/public/coworkers/profiles/current?coworkerId=42 → 200: ")
            && found[0].contains("WasSuccessful"),
        "{found:#?}"
    );
}

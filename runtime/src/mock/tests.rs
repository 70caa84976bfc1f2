//! The mock with hand-written endpoints (generated ones are tested in the
//! tests package): matching, typed answers, counts, sequences, delays, a
//! dropped connection, verification messages, in process and over
//! loopback, with the async and the blocking client.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};

use super::Mock;
use crate::auth::{self, ApiKeyIn};
use crate::error::{ApiError, ErrorInfo, JsonError};
use crate::{Endpoint, Error, RequestBuilder, Respond, RetryPolicy};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Profile {
    id: i64,
    name: String,
}

#[derive(Debug, PartialEq)]
enum ProfileError {
    NotFound,
}

static NOT_FOUND: ErrorInfo = ErrorInfo { status: "404", name: "NotFound", description: "No such profile." };

impl ApiError for ProfileError {
    fn from_response(status: StatusCode, _: &[u8]) -> Option<Result<Self, JsonError>> {
        (status == StatusCode::NOT_FOUND).then_some(Ok(Self::NotFound))
    }
    fn info(&self) -> &'static ErrorInfo {
        &NOT_FOUND
    }
    fn status(&self) -> StatusCode {
        StatusCode::NOT_FOUND
    }
}

/// `PUT /api/profiles/{id}?notify=…` with a header and a JSON body.
#[derive(Clone)]
struct RenameProfile {
    id: i64,
    name: &'static str,
    notify: bool,
}

impl Endpoint for RenameProfile {
    type Output = Profile;
    type Error = ProfileError;
    type Auth = auth::Public;
    const METHOD: Method = Method::PUT;
    const PATH: &'static str = "/api/profiles/{id}";

    fn write_request(&self, request: &mut RequestBuilder) {
        request.path_literal("/api/profiles/");
        request.path_param("id", &self.id);
        request.query("notify", &self.notify);
        request.query("lang", "en");
        request.header("x-source", "tests");
        request.json_body(&serde_json::json!({ "name": self.name }));
    }

    fn decode(response: http::Response<Bytes>) -> Result<Profile, Error<ProfileError>> {
        crate::decode::decode_json::<Self>(response)
    }
}

impl Respond for RenameProfile {
    fn respond(output: &Profile) -> http::Response<Bytes> {
        let mut response = http::Response::new(Bytes::from(serde_json::to_vec(output).unwrap()));
        response.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        response
    }
    fn respond_error(error: &ProfileError) -> http::Response<Bytes> {
        let mut response = http::Response::new(Bytes::new());
        *response.status_mut() = error.status();
        response
    }
}

/// An API key scheme that sends the key in the query.
enum QueryKey {}

impl auth::Scheme for QueryKey {
    const NAME: &'static str = "queryKey";
    type Kind = auth::kind::ApiKey<Self>;
}

impl auth::ApiKeyScheme for QueryKey {
    const IN: ApiKeyIn = ApiKeyIn::Query("api_key");
}

/// A bearer scheme.
enum Bearer {}

impl auth::Scheme for Bearer {
    const NAME: &'static str = "bearer";
    type Kind = auth::kind::Bearer;
}

impl auth::BearerScheme for Bearer {}

/// `GET /api/count?since=…`, with an API key in the query.
struct Count {
    since: u32,
}

impl Endpoint for Count {
    type Output = u32;
    type Error = std::convert::Infallible;
    type Auth = auth::Required<QueryKey>;
    const METHOD: Method = Method::GET;
    const PATH: &'static str = "/api/count";

    fn write_request(&self, request: &mut RequestBuilder) {
        request.path_literal("/api/count");
        request.query("since", &self.since);
    }

    fn decode(response: http::Response<Bytes>) -> Result<u32, Error<std::convert::Infallible>> {
        crate::decode::decode_json::<Self>(response)
    }
}

impl Respond for Count {
    fn respond(output: &u32) -> http::Response<Bytes> {
        http::Response::new(Bytes::from(output.to_string()))
    }
    fn respond_error(error: &std::convert::Infallible) -> http::Response<Bytes> {
        match *error {}
    }
}

/// `DELETE /api/session`, with a bearer token.
struct Logout;

impl Endpoint for Logout {
    type Output = ();
    type Error = std::convert::Infallible;
    type Auth = auth::Required<Bearer>;
    const METHOD: Method = Method::DELETE;
    const PATH: &'static str = "/api/session";

    fn write_request(&self, request: &mut RequestBuilder) {
        request.path_literal("/api/session");
    }

    fn decode(response: http::Response<Bytes>) -> Result<(), Error<std::convert::Infallible>> {
        crate::decode::decode_empty::<Self>(response)
    }
}

/// `GET /api/export`, whose answer is streamed.
struct Export;

impl Endpoint for Export {
    type Output = crate::ByteStream;
    type Error = std::convert::Infallible;
    type Auth = auth::Public;
    const METHOD: Method = Method::GET;
    const PATH: &'static str = "/api/export";
    const STREAMED: bool = true;

    fn write_request(&self, request: &mut RequestBuilder) {
        request.path_literal("/api/export");
    }

    fn decode(response: http::Response<Bytes>) -> Result<crate::ByteStream, Error<std::convert::Infallible>> {
        crate::decode::decode_streamed::<Self>(response, crate::FromByteStream::from_byte_stream)
    }

    fn decode_stream(
        response: http::Response<crate::ByteStream>,
    ) -> Result<crate::ByteStream, Error<std::convert::Infallible>> {
        Ok(response.into_body())
    }
}

fn rename(id: i64, name: &'static str) -> RenameProfile {
    RenameProfile { id, name, notify: true }
}

fn ada() -> Profile {
    Profile { id: 7, name: "Ada".to_owned() }
}

/// A client of `mock`, in process, without retries unless asked.
fn client(mock: &Mock) -> crate::ClientBuilder {
    crate::Client::builder("https://api.example.com/v2").mock(mock).retry(RetryPolicy::never())
}

/// The problems of a mock's verification.
fn unmet(mock: &Mock) -> String {
    mock.check().expect_err("the verification should fail").to_string()
}

#[tokio::test]
async fn a_request_that_matches_gets_the_typed_answer_in_process() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).returns(ada());
    let client = client(&mock).build().unwrap();
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), ada());
    mock.verify();
}

#[tokio::test]
async fn a_documented_error_and_a_raw_status_are_answers() {
    let mock = Mock::new();
    mock.expect(rename(1, "Ada")).fails_with(ProfileError::NotFound);
    mock.expect(rename(2, "Ada")).status(StatusCode::SERVICE_UNAVAILABLE);
    let client = client(&mock).build().unwrap();
    assert!(matches!(client.send(rename(1, "Ada")).await, Err(Error::Api(ProfileError::NotFound))));
    match client.send(rename(2, "Ada")).await {
        Err(Error::UnexpectedStatus(error)) => assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE),
        other => panic!("{other:?}"),
    }
    mock.verify();
}

#[tokio::test]
async fn answers_come_in_order_and_the_last_one_stays() {
    let mock = Mock::new();
    let bob = Profile { id: 7, name: "Bob".to_owned() };
    mock.expect(rename(7, "Ada")).fails_with(ProfileError::NotFound).returns(ada()).returns(bob.clone());
    let client = client(&mock).build().unwrap();
    assert!(matches!(client.send(rename(7, "Ada")).await, Err(Error::Api(ProfileError::NotFound))));
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), ada());
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), bob);
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), bob);
    mock.verify();
}

/// Counts an attempt's answers, as a metrics hook would.
struct Attempts(Arc<AtomicU32>);

impl crate::Hook for Attempts {
    fn on_response(&self, _: &crate::Exchange<'_>) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

#[tokio::test]
async fn the_client_retries_and_calls_its_hooks_in_process_as_over_http() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).status(StatusCode::TOO_MANY_REQUESTS).returns(ada()).times(2);
    let attempts = Arc::new(AtomicU32::new(0));
    let client = crate::Client::builder("https://api.example.com")
        .mock(&mock)
        .retry(RetryPolicy::new().backoff(Duration::from_millis(1), Duration::from_millis(1)))
        .hook(Attempts(attempts.clone()))
        .build()
        .unwrap();
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), ada());
    assert_eq!(attempts.load(Ordering::Relaxed), 2);
    mock.verify();
}

#[tokio::test]
async fn redirects_are_followed_to_the_mock_and_streamed_answers_stream() {
    let mock = Mock::new();
    let mut redirect = http::Response::new(Bytes::new());
    *redirect.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    redirect.headers_mut().insert(
        http::header::LOCATION,
        http::HeaderValue::from_static("https://api.example.com/v2/api/profiles/8?notify=true&lang=en"),
    );
    mock.expect(rename(7, "Ada")).raw(redirect);
    mock.expect(rename(8, "Ada")).returns(ada());
    mock.expect(Export).raw(http::Response::new(Bytes::from_static(b"id,name\n7,Ada\n")));
    let client = client(&mock).build().unwrap();
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), ada());
    let mut export = client.send(Export).await.unwrap();
    assert_eq!(crate::ByteStream::collect(&mut export, 1024).await.unwrap(), "id,name\n7,Ada\n");
    mock.verify();
}

#[tokio::test]
async fn call_counts_are_verified() {
    let mock = Mock::new();
    let line = line!() + 1;
    mock.expect(rename(1, "Ada")).returns(ada()).times(2);
    mock.expect(rename(2, "Ada")).returns(ada()).at_least(2);
    mock.expect(rename(3, "Ada")).returns(ada()).at_most(1);
    mock.expect(rename(4, "Ada")).returns(ada()).never();
    mock.expect(rename(5, "Ada")).returns(ada());
    let client = client(&mock).build().unwrap();
    for id in [1, 1, 1, 2, 4] {
        let _ = client.send(rename(id, "Ada")).await;
    }
    let file = file!();
    assert_eq!(
        unmet(&mock),
        format!(
            "the mock's expectations were not met:\n\n\
             request 3 matched no expectation: PUT /api/profiles/1\n  \
             it matches expectation 1, PUT /api/profiles/{{id}} ({file}:{line}), which was already called the 2 times it allows\n\n\
             request 5 matched no expectation: PUT /api/profiles/4\n  \
             it matches expectation 4, PUT /api/profiles/{{id}} ({file}:{}), which wants no call\n\n\
             expectation 2, PUT /api/profiles/{{id}} ({file}:{}): called 1 time, expected at least 2\n\n\
             expectation 5, PUT /api/profiles/{{id}} ({file}:{}): called 0 times, expected at least 1",
            line + 3,
            line + 1,
            line + 4,
        )
    );
}

#[tokio::test]
async fn an_unmatched_request_is_shown_beside_the_nearest_expectation() {
    let mock = Mock::new();
    mock.expect(Logout).status(StatusCode::NO_CONTENT).never();
    let line = line!() + 1;
    mock.expect(rename(7, "Ada")).returns(ada());
    let client = client(&mock).build().unwrap();
    let sent = RenameProfile { id: 7, name: "Bob", notify: false };
    match client.send(sent).await {
        Err(Error::UnexpectedStatus(error)) => assert_eq!(error.status, StatusCode::NOT_IMPLEMENTED),
        other => panic!("{other:?}"),
    }
    let _ = client.send(rename(7, "Ada")).await.unwrap();
    let file = file!();
    assert_eq!(
        unmet(&mock),
        format!(
            "the mock's expectations were not met:\n\n\
             request 1 matched no expectation: PUT /api/profiles/7\n  \
             nearest: expectation 2, PUT /api/profiles/{{id}} ({file}:{line})\n    \
             method PUT\n    \
             path /api/profiles/7\n    \
             query lang=en\n  \
             - query notify=true\n  \
             + query notify=false\n    \
             header content-type: application/json\n    \
             header x-source: tests\n  \
             - body {{\"name\":\"Ada\"}}\n  \
             + body {{\"name\":\"Bob\"}}"
        )
    );
}

#[tokio::test]
async fn a_mock_without_expectations_says_so() {
    let mock = Mock::new();
    let client = client(&mock).build().unwrap();
    let _ = client.send(rename(7, "Ada")).await;
    assert_eq!(
        unmet(&mock),
        "the mock's expectations were not met:\n\n\
         request 1 matched no expectation: PUT /api/profiles/7\n  \
         the mock has no expectations"
    );
}

#[tokio::test]
async fn the_clients_credentials_are_not_shown() {
    let mock = Mock::new();
    let line = line!() + 1;
    mock.expect(Count { since: 1 }).returns(3);
    let client = client(&mock).build().unwrap().api_key("key-that-is-secret");
    let _ = client.send(Count { since: 2 }).await;
    let bearer = crate::Client::builder("https://api.example.com/v2")
        .mock(&mock)
        .default_header("x-tenant", "tenant-secret")
        .build()
        .unwrap()
        .bearer("token-that-is-secret");
    let _ = bearer.send(Logout).await;
    let message = unmet(&mock);
    for secret in ["key-that-is-secret", "token-that-is-secret", "tenant-secret"] {
        assert!(!message.contains(secret), "{message}");
    }
    let file = file!();
    assert_eq!(
        message,
        format!(
            "the mock's expectations were not met:\n\n\
             request 1 matched no expectation: GET /api/count\n  \
             nearest: expectation 1, GET /api/count ({file}:{line})\n    \
             method GET\n    \
             path /api/count\n  \
             - query since=1\n  \
             + query since=2\n    \
             body (empty)\n\n\
             request 2 matched no expectation: DELETE /api/session\n  \
             nearest: expectation 1, GET /api/count ({file}:{line})\n  \
             - method GET\n  \
             + method DELETE\n  \
             - path /api/count\n  \
             + path /api/session\n  \
             - query since=1\n    \
             body (empty)\n\n\
             expectation 1, GET /api/count ({file}:{line}): called 0 times, expected at least 1"
        )
    );
}

#[tokio::test]
async fn an_answer_later_than_the_timeout_is_a_timeout() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).returns(ada()).delay(Duration::from_millis(500));
    mock.expect(rename(8, "Ada")).delay(Duration::from_millis(10)).returns(ada());
    let client = client(&mock).timeout(Some(Duration::from_millis(100))).build().unwrap();
    match client.send(rename(7, "Ada")).await {
        Err(Error::Transport(error)) => assert!(error.timeout, "{error}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(client.send(rename(8, "Ada")).await.unwrap(), ada());
    mock.verify();
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).drop_connection().returns(ada());
    let client = client(&mock).build().unwrap();
    match client.send(rename(7, "Ada")).await {
        Err(Error::Transport(error)) => {
            assert!(!error.timeout);
            assert_eq!(error.message, "the connection was closed before an answer came (the mock dropped it)");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), ada());
    mock.verify();
}

#[tokio::test]
async fn over_loopback_with_the_async_client() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).returns(ada());
    mock.expect(rename(8, "Ada")).drop_connection();
    mock.expect(rename(9, "Ada")).returns(ada()).delay(Duration::from_millis(500));
    mock.credential_query("api_key");
    mock.expect(Count { since: 1 }).returns(3);
    let base_url = mock.start_server();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    assert_eq!(mock.start_server(), base_url);
    let client = crate::Client::builder(&base_url).timeout(Some(Duration::from_millis(200))).build().unwrap();
    assert_eq!(client.send(rename(7, "Ada")).await.unwrap(), ada());
    match client.send(rename(8, "Ada")).await {
        Err(Error::Transport(error)) => assert!(!error.timeout, "{error}"),
        other => panic!("{other:?}"),
    }
    match client.send(rename(9, "Ada")).await {
        Err(Error::Transport(error)) => assert!(error.timeout, "{error}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(client.clone().api_key("loopback-secret").send(Count { since: 1 }).await.unwrap(), 3);
    mock.verify();
}

#[tokio::test]
async fn over_loopback_a_query_parameter_the_expectation_lacks_is_shown_by_name_only() {
    let mock = Mock::new();
    let line = line!() + 1;
    mock.expect(Count { since: 1 }).returns(3);
    let client = crate::Client::new(&mock.start_server()).unwrap().api_key("loopback-secret");
    let _ = client.send(Count { since: 1 }).await;
    let file = file!();
    assert_eq!(
        unmet(&mock),
        format!(
            "the mock's expectations were not met:\n\n\
             request 1 matched no expectation: GET /api/count\n  \
             nearest: expectation 1, GET /api/count ({file}:{line})\n    \
             method GET\n    \
             path /api/count\n  \
             + query api_key=<not shown>\n    \
             query since=1\n    \
             body (empty)\n\n\
             expectation 1, GET /api/count ({file}:{line}): called 0 times, expected at least 1"
        )
    );
}

#[cfg(feature = "blocking")]
#[test]
fn in_process_with_the_blocking_client() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).returns(ada()).times(1);
    mock.expect(rename(8, "Ada")).returns(ada()).delay(Duration::from_millis(500));
    mock.expect(rename(9, "Ada")).drop_connection();
    mock.expect(Export).raw(http::Response::new(Bytes::from_static(b"id,name\n")));
    let client = client(&mock).timeout(Some(Duration::from_millis(100))).build_blocking().unwrap();
    assert_eq!(client.send(rename(7, "Ada")).unwrap(), ada());
    let mut export = Vec::new();
    client.send(Export).unwrap().copy_to(&mut export).unwrap();
    assert_eq!(export, b"id,name\n");
    match client.send(rename(8, "Ada")) {
        Err(Error::Transport(error)) => assert!(error.timeout, "{error}"),
        other => panic!("{other:?}"),
    }
    match client.send(rename(9, "Ada")) {
        Err(Error::Transport(error)) => assert!(!error.timeout, "{error}"),
        other => panic!("{other:?}"),
    }
    mock.verify();
}

#[cfg(feature = "blocking")]
#[test]
fn over_loopback_with_the_blocking_client() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).fails_with(ProfileError::NotFound).returns(ada());
    mock.expect(rename(8, "Ada")).drop_connection();
    let client = crate::blocking::Client::new(&mock.start_server()).unwrap();
    assert!(matches!(client.send(rename(7, "Ada")), Err(Error::Api(ProfileError::NotFound))));
    assert_eq!(client.send(rename(7, "Ada")).unwrap(), ada());
    assert!(matches!(client.send(rename(8, "Ada")), Err(Error::Transport(_))));
    mock.verify();
}

#[test]
#[should_panic(expected = "the mock's expectations were not met:")]
fn a_mock_verifies_itself_when_dropped() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).returns(ada());
}

#[test]
fn a_checked_mock_does_not_verify_itself_again() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).returns(ada());
    assert!(mock.check().is_err());
}

#[tokio::test]
async fn count_messages_say_what_was_wanted() {
    let mock = Mock::new();
    let line = line!() + 1;
    mock.expect(rename(1, "Ada")).returns(ada()).times(2);
    mock.expect(rename(2, "Ada")).returns(ada()).at_least(2).at_most(3);
    let client = client(&mock).build().unwrap();
    for id in [1, 2] {
        client.send(rename(id, "Ada")).await.unwrap();
    }
    let file = file!();
    assert_eq!(
        unmet(&mock),
        format!(
            "the mock's expectations were not met:\n\n\
             expectation 1, PUT /api/profiles/{{id}} ({file}:{line}): called 1 time, expected exactly 2\n\n\
             expectation 2, PUT /api/profiles/{{id}} ({file}:{}): called 1 time, expected between 2 and 3",
            line + 1
        )
    );
}

#[tokio::test]
async fn of_expectations_as_near_the_first_is_shown_even_one_with_a_call_count() {
    let mock = Mock::new();
    let line = line!() + 1;
    mock.expect(rename(7, "Ada")).returns(ada()).times(1);
    mock.expect(rename(7, "Bob")).returns(ada());
    let client = client(&mock).build().unwrap();
    let _ = client.send(rename(7, "Cy")).await;
    let report = mock.check().unwrap_err().to_string();
    let file = file!();
    assert!(report.contains(&format!("nearest: expectation 1, PUT /api/profiles/{{id}} ({file}:{line})")), "{report}");
}

#[tokio::test]
async fn a_delay_without_an_answer_delays_the_empty_answer() {
    let mock = Mock::new();
    mock.expect(rename(7, "Ada")).delay(Duration::from_millis(500));
    let client = client(&mock).timeout(Some(Duration::from_millis(100))).build().unwrap();
    match client.send(rename(7, "Ada")).await {
        Err(Error::Transport(error)) => assert!(error.timeout, "{error}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn debug_shows_counts_and_no_request() {
    let mock = Mock::new();
    let expectation = mock.expect(rename(7, "Ada"));
    assert_eq!(format!("{expectation:?}"), "Expectation { index: 0, .. }");
    let _ = expectation.never();
    assert_eq!(format!("{mock:?}"), "Mock { expectations: 1, requests: 0, .. }");
}

//! Typed mocks for the tests of code that calls an API (feature `mock`).
//!
//! An expectation is an endpoint value, and its answer is the endpoint's
//! own output or one of its documented errors, written as the API's server
//! writes them ([`Respond`]): an answer of another endpoint's type does not
//! compile, and what the code under test decodes is what it would decode
//! from the API.
//!
//! ```
//! # #[cfg(feature = "macros")] mod portal {
//! # endpointgen::generate!(yaml = r#"
//! # spec: 1
//! # name: portal
//! # types:
//! #   Profile: { fields: { name: string } }
//! # endpoints:
//! #   profile:
//! #     current:
//! #       method: GET
//! #       path: /api/public/profile
//! #       response: Profile
//! # "#, mocks = true);
//! # }
//! # #[cfg(feature = "macros")] {
//! # use portal::{Profile, endpoints};
//! use endpointgen::mock::Mock;
//!
//! let mock = Mock::new();
//! mock.expect(endpoints::profile::current()).returns(Profile { name: "Ada".into() });
//! let client = endpointgen::Client::builder("https://api.example.com").mock(&mock).build()?;
//! # let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! let profile = runtime.block_on(client.send(endpoints::profile::current()))?;
//! assert_eq!(profile.name, "Ada");
//! mock.verify();
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Matching
//!
//! [`Mock::expect`] builds the endpoint's request with
//! [`Endpoint::to_request`] and a request matches it when it has
//!
//! - the same method and path (from the base URL's path on);
//! - the same query parameters, in any order (the API keys the client adds
//!   to the query are left out: see [`Mock::credential_query`]);
//! - the same values for each header the endpoint sets (other headers, such
//!   as the client's `User-Agent`, its credentials and the hooks' headers,
//!   are not compared);
//! - the same body: JSON compared as JSON (the order of members and the
//!   spacing do not count), anything else byte for byte. A multipart body
//!   is not compared, since its boundary is new for every request.
//!
//! A request goes to the first expectation, in the order they were made,
//! that matches it and may still be called. A request that matches none is
//! answered `501 Not Implemented`, and verification reports it beside the
//! nearest expectation.
//!
//! # Answers and counts
//!
//! Each answer method adds an answer: the first call gets the first, the
//! second call the second, and once they are used up the last one answers
//! every further call (`.status(503).returns(output)`: one failure, then
//! success). An expectation without an answer answers `200 OK` with no
//! body. An expectation wants at least one call unless [`times`](Expectation::times),
//! [`at_least`](Expectation::at_least), [`at_most`](Expectation::at_most) or
//! [`never`](Expectation::never) says otherwise; a call beyond the most it
//! allows does not match it.
//!
//! # Verification
//!
//! [`Mock::verify`] panics with a message that lists every request that
//! matched no expectation (with a diff against the nearest one) and every
//! expectation called fewer times than it wants; [`Mock::check`] returns the
//! same as an error. A mock that was neither verified nor checked verifies
//! itself when dropped, unless the thread is already panicking, so that a
//! test cannot forget to. Values that may be credentials are not shown:
//! header values the client marks sensitive, `Authorization`,
//! `Proxy-Authorization` and `Cookie`, the API keys of the query, and the
//! values of query parameters the expectation does not have.
//!
//! # Two ways to use it
//!
//! - In process: [`ClientBuilder::mock`](crate::ClientBuilder::mock) makes
//!   a client (async, or blocking with
//!   [`build_blocking`](crate::ClientBuilder::build_blocking)) that hands
//!   its requests to the mock instead of the network. Everything else is
//!   as in production: the hooks, retries, redirects, the deadline and the
//!   timeout (an answer delayed past it ends in a timeout), credentials,
//!   streamed bodies. Only the access tokens of a
//!   [token source](crate::auth::TokenSource) are still fetched from
//!   their own URL.
//! - Over loopback: [`Mock::start_server`] serves the expectations on
//!   `127.0.0.1`, for code that only takes a base URL.

mod matching;
mod server;
#[cfg(test)]
mod tests;

use std::fmt::{self, Write as _};
use std::marker::PhantomData;
use std::panic::Location;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

use crate::{BaseUrl, Endpoint, Respond};
pub(crate) use matching::Received;
use matching::Wanted;

/// The base URL that expectations are built with: only the path, the query,
/// the headers and the body of their requests count.
const EXPECTATION_BASE: &str = "http://mock.invalid";

/// Expectations of the requests an API receives, with their typed answers.
/// See [the module](self).
pub struct Mock {
    shared: Arc<Shared>,
    server: Mutex<Option<server::Loopback>>,
    /// Set once verified or checked: the mock then does not verify itself
    /// again when dropped.
    checked: std::sync::atomic::AtomicBool,
}

/// What a mock's clients and its loopback server share.
pub(crate) struct Shared {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    expectations: Vec<Expected>,
    /// How many requests came, for the numbers in messages.
    requests: usize,
    /// What is reported of each request that matched no expectation.
    unmatched: Vec<String>,
    /// Query parameters that hold credentials: left out of matching and
    /// never shown.
    credential_query: Vec<String>,
}

/// One expectation.
struct Expected {
    /// `expectation 1, PUT /api/… (src/lib.rs:12)`.
    label: String,
    wanted: Wanted,
    answers: Vec<Answer>,
    /// A delay given before any answer, for the first answer.
    pending_delay: Option<Duration>,
    /// The fewest calls wanted, when given; otherwise one, or none when
    /// only the most is given.
    min: Option<usize>,
    max: Option<usize>,
    calls: usize,
}

impl Expected {
    fn min(&self) -> usize {
        self.min.unwrap_or(usize::from(self.max.is_none()))
    }

    fn may_be_called(&self) -> bool {
        self.max.is_none_or(|max| self.calls < max)
    }

    /// How many calls it wants, as messages say it.
    fn wanted_calls(&self) -> String {
        match (self.min(), self.max) {
            (0, Some(0)) => "no call".to_owned(),
            (min, Some(max)) if min == max => format!("exactly {min}"),
            (0, Some(max)) => format!("at most {max}"),
            (min, None) => format!("at least {min}"),
            (min, Some(max)) => format!("between {min} and {max}"),
        }
    }
}

/// An answer: a response, or a dropped connection, after a delay.
#[derive(Clone)]
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    drop_connection: bool,
    delay: Duration,
}

impl Answer {
    fn from_response(response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Self { status: parts.status, headers: parts.headers, body, drop_connection: false, delay: Duration::ZERO }
    }

    fn empty(status: StatusCode) -> Self {
        Self { status, headers: HeaderMap::new(), body: Bytes::new(), drop_connection: false, delay: Duration::ZERO }
    }
}

/// What the mock does with a request.
pub(crate) struct Reply {
    pub(crate) delay: Duration,
    /// `None`: the connection is dropped without an answer.
    pub(crate) response: Option<http::Response<Bytes>>,
}

impl Default for Mock {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Mock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.shared.lock();
        f.debug_struct("Mock")
            .field("expectations", &state.expectations.len())
            .field("requests", &state.requests)
            .finish_non_exhaustive()
    }
}

impl Mock {
    /// A mock without expectations.
    #[must_use]
    pub fn new() -> Self {
        Self {
            shared: Arc::new(Shared { state: Mutex::new(State::default()) }),
            server: Mutex::new(None),
            checked: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Expects the request that `endpoint` builds; answer it with the
    /// methods of the [`Expectation`].
    ///
    /// # Panics
    ///
    /// When the endpoint's request cannot be built (a value that cannot be
    /// sent safely), with the reason.
    #[track_caller]
    #[allow(clippy::needless_pass_by_value, reason = "taken as `Client::send` takes it")]
    pub fn expect<E: Endpoint>(&self, endpoint: E) -> Expectation<'_, E> {
        let caller = Location::caller();
        #[allow(clippy::expect_used, reason = "the base URL is a constant that parses")]
        let base = BaseUrl::parse(EXPECTATION_BASE).expect("the expectations' base URL parses");
        let request = match endpoint.to_request(&base) {
            Ok(request) => request,
            #[allow(clippy::panic, reason = "a test that expects a request that cannot be sent is wrong")]
            Err(error) => panic!("the expected endpoint's request cannot be built: {error}"),
        };
        let (parts, body) = request.into_parts();
        let target = parts.uri.path_and_query().map_or("/", http::uri::PathAndQuery::as_str);
        let (path, query) = matching::split_target(target);
        let wanted = Wanted { method: parts.method, path, query, headers: parts.headers, body: Bytes::from(body) };
        let mut state = self.shared.lock();
        let index = state.expectations.len();
        let label =
            format!("expectation {}, {} {} ({}:{})", index + 1, E::METHOD, E::PATH, caller.file(), caller.line());
        state.expectations.push(Expected {
            label,
            wanted,
            answers: Vec::new(),
            pending_delay: None,
            min: None,
            max: None,
            calls: 0,
        });
        Expectation { mock: self, index, endpoint: PhantomData }
    }

    /// Leaves the query parameter `name` out of matching and messages: an
    /// API key that the client sends in the query. Clients in process
    /// tell the mock their own; a client over loopback cannot, so name
    /// them here.
    pub fn credential_query(&self, name: &str) -> &Self {
        self.shared.note_credential_query([name]);
        self
    }

    /// Serves the expectations over HTTP on `127.0.0.1`, on a port of its
    /// own, in a thread of its own (so that async and blocking code can
    /// call it alike), and returns its base URL, such as
    /// `http://127.0.0.1:41234`. Called again, it returns the same server's
    /// URL. The server stops when the mock is dropped.
    ///
    /// # Panics
    ///
    /// When no port on `127.0.0.1` can be had, or no thread started.
    #[must_use]
    pub fn start_server(&self) -> String {
        let mut server = self.server.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(server) = &*server {
            return server.base_url.clone();
        }
        let started = match server::Loopback::start(self.shared.clone()) {
            Ok(started) => started,
            #[allow(clippy::panic, reason = "a test without a loopback server cannot go on")]
            Err(error) => panic!("the mock's loopback server cannot start: {error}"),
        };
        let base_url = started.base_url.clone();
        *server = Some(started);
        base_url
    }

    /// Whether every request matched an expectation and every expectation
    /// got the calls it wants.
    ///
    /// # Errors
    ///
    /// [`Unmet`], whose message lists what did not go as expected.
    pub fn check(&self) -> Result<(), Unmet> {
        self.checked.store(true, std::sync::atomic::Ordering::Relaxed);
        let state = self.shared.lock();
        let mut problems: Vec<String> = state.unmatched.clone();
        for expected in &state.expectations {
            if expected.calls < expected.min() {
                let times = if expected.calls == 1 { "time" } else { "times" };
                problems.push(format!(
                    "{}: called {} {times}, expected {}\n",
                    expected.label,
                    expected.calls,
                    expected.wanted_calls()
                ));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(Unmet { problems }) }
    }

    /// Panics with the message of [`check`](Self::check) when it fails.
    ///
    /// # Panics
    ///
    /// When a request matched no expectation, or an expectation was called
    /// fewer times than it wants.
    #[track_caller]
    pub fn verify(&self) {
        if let Err(unmet) = self.check() {
            #[allow(clippy::panic, reason = "a failed verification fails the test")]
            {
                panic!("{unmet}");
            }
        }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        if let Some(server) = self.server.get_mut().unwrap_or_else(PoisonError::into_inner).take() {
            server.stop();
        }
        if !std::thread::panicking() && !*self.checked.get_mut() {
            self.verify();
        }
    }
}

/// What [`Mock::check`] found: each request that matched no expectation,
/// with a diff against the nearest one (`-` expected, `+` received), and
/// each expectation called fewer times than it wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmet {
    problems: Vec<String>,
}

impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock's expectations were not met:")?;
        for problem in &self.problems {
            write!(f, "\n\n{}", problem.trim_end())?;
        }
        Ok(())
    }
}

impl std::error::Error for Unmet {}

/// An expectation of [`Mock::expect`], to give answers and call counts.
/// Each method changes the expectation in the mock at once: there is
/// nothing to finish.
pub struct Expectation<'m, E> {
    mock: &'m Mock,
    index: usize,
    endpoint: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for Expectation<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation").field("index", &self.index).finish_non_exhaustive()
    }
}

#[allow(
    clippy::return_self_not_must_use,
    clippy::must_use_candidate,
    clippy::needless_pass_by_value,
    reason = "each method changes the expectation in the mock at once: what it returns only lets calls go on; \
              answers are values, as the client returns them"
)]
impl<E: Endpoint> Expectation<'_, E> {
    fn with(self, change: impl FnOnce(&mut Expected)) -> Self {
        let mut state = self.mock.shared.lock();
        if let Some(expected) = state.expectations.get_mut(self.index) {
            change(expected);
        }
        drop(state);
        self
    }

    fn answer(self, mut answer: Answer) -> Self {
        self.with(|expected| {
            if let Some(delay) = expected.pending_delay.take() {
                answer.delay = delay;
            }
            expected.answers.push(answer);
        })
    }

    /// Answers with `output`, as the API's server would send it.
    pub fn returns(self, output: E::Output) -> Self
    where
        E: Respond,
    {
        self.answer(Answer::from_response(E::respond(&output)))
    }

    /// Answers with one of the endpoint's documented errors, as the API's
    /// server would send it: the client decodes it as
    /// [`Error::Api`](crate::Error::Api).
    pub fn fails_with(self, error: E::Error) -> Self
    where
        E: Respond,
    {
        self.answer(Answer::from_response(E::respond_error(&error)))
    }

    /// Answers with `status` and no body: an undocumented error, say, or a
    /// `429` that the client retries.
    pub fn status(self, status: StatusCode) -> Self {
        self.answer(Answer::empty(status))
    }

    /// Answers with `response` as it is: a redirect with its `Location`, a
    /// streamed endpoint's body, or anything else that no typed answer
    /// says. Nothing checks that the endpoint documents it.
    pub fn raw(self, response: http::Response<Bytes>) -> Self {
        self.answer(Answer::from_response(response))
    }

    /// Closes the connection without an answer: the client gets
    /// [`Error::Transport`](crate::Error::Transport).
    pub fn drop_connection(self) -> Self {
        self.answer(Answer { drop_connection: true, ..Answer::empty(StatusCode::OK) })
    }

    /// Sends the answer before this call this much later (or, before any
    /// answer, the first answer): past the client's timeout, the client
    /// gets a [`Error::Transport`](crate::Error::Transport) with `timeout`
    /// set.
    pub fn delay(self, delay: Duration) -> Self {
        self.with(|expected| match expected.answers.last_mut() {
            Some(answer) => answer.delay = delay,
            None => expected.pending_delay = Some(delay),
        })
    }

    /// Wants exactly `n` calls; a call after the `n`th does not match.
    pub fn times(self, n: usize) -> Self {
        self.with(|expected| (expected.min, expected.max) = (Some(n), Some(n)))
    }

    /// Wants `n` calls or more.
    pub fn at_least(self, n: usize) -> Self {
        self.with(|expected| expected.min = Some(n))
    }

    /// Wants no more than `n` calls (none is fine); a call after the `n`th
    /// does not match.
    pub fn at_most(self, n: usize) -> Self {
        self.with(|expected| expected.max = Some(n))
    }

    /// Wants no call at all: a request that matches it is reported.
    pub fn never(self) -> Self {
        self.times(0)
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock left a state that is
        // still whole: each change is made under the lock at once.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Notes query parameters that hold credentials.
    pub(crate) fn note_credential_query<'n>(&self, names: impl IntoIterator<Item = &'n str>) {
        let mut state = self.lock();
        for name in names {
            if !state.credential_query.iter().any(|known| known == name) {
                state.credential_query.push(name.to_owned());
            }
        }
    }

    /// The answer to `received`: the next answer of the first expectation
    /// that matches and may be called, or `501 Not Implemented` (reported
    /// by verification).
    pub(crate) fn answer(&self, received: &Received) -> Reply {
        let mut state = self.lock();
        state.requests += 1;
        let number = state.requests;
        let State { expectations, credential_query, unmatched, .. } = &mut *state;
        // The expectation with the fewest differences: its label, the most
        // calls it allows, and the diff.
        let mut nearest: Option<(&str, Option<usize>, matching::Diff)> = None;
        for expected in expectations.iter_mut() {
            let diff = matching::diff(&expected.wanted, received, credential_query);
            if diff.matches() && expected.may_be_called() {
                let answer =
                    expected.answers.get(expected.calls).or(expected.answers.last()).cloned().unwrap_or_else(|| {
                        Answer { delay: expected.pending_delay.unwrap_or_default(), ..Answer::empty(StatusCode::OK) }
                    });
                expected.calls += 1;
                return reply(answer);
            }
            if nearest.as_ref().is_none_or(|(_, _, best)| diff.differences < best.differences) {
                nearest = Some((&expected.label, expected.max, diff));
            }
        }
        let mut report = format!("request {number} matched no expectation: {}\n", received.summary());
        match nearest {
            None => report.push_str("  the mock has no expectations\n"),
            Some((label, Some(0) | None, diff)) if diff.matches() => {
                let _ = writeln!(report, "  it matches {label}, which wants no call");
            }
            Some((label, Some(max), diff)) if diff.matches() => {
                let times = if max == 1 { "time" } else { "times" };
                let _ = writeln!(report, "  it matches {label}, which was already called the {max} {times} it allows");
            }
            Some((label, _, diff)) => {
                let _ = writeln!(report, "  nearest: {label}");
                diff.write(&mut report, "  ");
            }
        }
        unmatched.push(report);
        let mut response = http::Response::new(Bytes::from_static(
            b"endpointgen mock: no expectation matches this request (the mock's verification says why)",
        ));
        *response.status_mut() = StatusCode::NOT_IMPLEMENTED;
        response
            .headers_mut()
            .insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/plain; charset=utf-8"));
        Reply { delay: Duration::ZERO, response: Some(response) }
    }
}

fn reply(answer: Answer) -> Reply {
    if answer.drop_connection {
        return Reply { delay: answer.delay, response: None };
    }
    let mut response = http::Response::new(answer.body);
    *response.status_mut() = answer.status;
    *response.headers_mut() = answer.headers;
    Reply { delay: answer.delay, response: Some(response) }
}

/// The in-process transport: the clients hand their requests here instead
/// of to reqwest when built with [`ClientBuilder::mock`](crate::ClientBuilder::mock).
pub(crate) mod in_process {
    use super::{Received, Reply, Shared, matching};
    use crate::BaseUrl;
    use crate::transport::Failure;

    /// The request as the mock sees it: its path from the base URL's path
    /// on, so that expectations built without a base URL match.
    pub(crate) fn received(
        method: &http::Method,
        url: &reqwest::Url,
        base_url: &BaseUrl,
        headers: &http::HeaderMap,
        body: bytes::Bytes,
    ) -> Received {
        let target = match url.as_str().strip_prefix(base_url.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?']) => rest.to_owned(),
            _ => match url.query() {
                Some(query) => format!("{}?{query}", url.path()),
                None => url.path().to_owned(),
            },
        };
        let (path, query) = matching::split_target(&target);
        Received { method: method.clone(), path, query, headers: headers.clone(), body }
    }

    /// The failure of an answer that did not come within `timeout`.
    pub(crate) fn timed_out(timeout: std::time::Duration) -> Failure {
        Failure { timeout: true, ..Failure::new(format!("no answer came within {timeout:?}")) }
    }

    /// The failure of a dropped connection.
    pub(crate) fn dropped() -> Failure {
        Failure::new("the connection was closed before an answer came (the mock dropped it)".to_owned())
    }

    /// Answers an async client's request, after the answer's delay, within
    /// the request's timeout.
    pub(crate) async fn answer_async(
        shared: &Shared,
        base_url: &BaseUrl,
        mut request: reqwest::Request,
    ) -> Result<reqwest::Response, Failure> {
        let body = match request.body_mut().take() {
            None => bytes::Bytes::new(),
            Some(body) => match body.as_bytes() {
                Some(bytes) => bytes::Bytes::copy_from_slice(bytes),
                // A multipart body read as it is sent.
                None => http_body_util::BodyExt::collect(body).await.map_err(Failure::from_reqwest)?.to_bytes(),
            },
        };
        let received = received(request.method(), request.url(), base_url, request.headers(), body);
        let Reply { delay, response } = shared.answer(&received);
        match request.timeout() {
            Some(&timeout) if delay >= timeout => {
                tokio::time::sleep(timeout).await;
                return Err(timed_out(timeout));
            }
            _ => tokio::time::sleep(delay).await,
        }
        response.map(reqwest::Response::from).ok_or_else(dropped)
    }

    /// Answers a blocking client's request, after the answer's delay,
    /// within `timeout`.
    #[cfg(feature = "blocking")]
    pub(crate) fn answer_blocking(
        shared: &Shared,
        base_url: &BaseUrl,
        mut request: reqwest::blocking::Request,
        timeout: Option<std::time::Duration>,
    ) -> Result<reqwest::blocking::Response, Failure> {
        let body = match request.body_mut() {
            None => bytes::Bytes::new(),
            Some(body) => bytes::Bytes::copy_from_slice(body.buffer().map_err(Failure::from_reqwest)?),
        };
        let received = received(request.method(), request.url(), base_url, request.headers(), body);
        let Reply { delay, response } = shared.answer(&received);
        match timeout {
            Some(timeout) if delay >= timeout => {
                std::thread::sleep(timeout);
                return Err(timed_out(timeout));
            }
            _ => std::thread::sleep(delay),
        }
        response.map(reqwest::blocking::Response::from).ok_or_else(dropped)
    }
}

impl Mock {
    /// What a client built with [`ClientBuilder::mock`](crate::ClientBuilder::mock) holds.
    pub(crate) fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }
}

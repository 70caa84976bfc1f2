//! Every endpoint of the portal client (`api-spec/portal.yaml` with its
//! includes, and `api-spec/portal-extras.yaml`), one test each, through the
//! generated client against the fake portal over HTTP on 127.0.0.1: each
//! checks the request the server received (method, path, query, headers,
//! body) and what the client decoded. `errors.rs` drives the documented
//! error paths, retries, paging and the blocking client.
//!
//! One file per group of endpoints, as in the spec.

use endpointgen::auth::BearerToken;
use endpointgen::{Client, DateTime};
use generated_example::fake_portal::{self, FakePortal, RecordedRequest};
use generated_example::portal::CoworkerId;

mod billing;
mod bookings;
mod coworkers;
mod deliveries;
mod errors;
mod events;
mod helpdesk;
mod live;
mod paging;
mod plans;
mod resources;
mod system;
mod teams;
mod token;
mod visitors;

/// A fake portal and a client signed in as Ada, acting as her personal
/// profile.
pub(crate) async fn ada() -> (FakePortal, Client<BearerToken>) {
    let fake = crate::prism_proxy::fake_portal().await;
    let client = Client::new(fake.base_url()).unwrap().bearer(fake_portal::ADA_TOKEN);
    (fake, client)
}

/// Ada's client, switched to another of her profiles.
pub(crate) async fn ada_as(profile: i64) -> (FakePortal, Client<BearerToken>) {
    let (fake, client) = ada().await;
    client
        .send(generated_example::portal::endpoints::coworkers::set_current_profile(CoworkerId(profile)))
        .await
        .unwrap();
    (fake, client)
}

/// The last request the fake portal received, checked for its method, path
/// and query string.
#[track_caller]
pub(crate) fn last(fake: &FakePortal, method: &str, path: &str, query: Option<&str>) -> RecordedRequest {
    let request = fake.last_request().expect("the fake portal received no request");
    assert_eq!(
        (request.method.as_str(), request.path.as_str(), request.query.as_deref()),
        (method, path, query),
        "the request line"
    );
    request
}

/// Checks that a request carried Ada's token.
#[track_caller]
pub(crate) fn as_ada(request: &RecordedRequest) {
    assert_eq!(request.authorization.as_deref(), Some("Bearer demo-token-ada"));
}

/// Checks that a request carried a JSON body, and returns it.
#[track_caller]
pub(crate) fn json_body(request: &RecordedRequest) -> serde_json::Value {
    assert_eq!(request.header("content-type").as_deref(), Some("application/json"));
    request.json().expect("the body is not JSON")
}

/// A date and time, as the spec's `datetime` holds it.
pub(crate) fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

//! The generated portal client against real HTTP servers on 127.0.0.1: the
//! fake portal, and servers that misbehave on purpose. Each test checks what
//! the server received and what the client decoded.

use std::time::Duration;

use endpointgen::{Client, Error};
use generated_example::fake_portal::{self, FakePortal, ids};
use generated_example::portal::endpoints::coworkers::{self, ProfilesError, SetCurrentProfileError};
use generated_example::portal::{CoworkerId, CoworkerType};

use crate::misbehaving_server::{answer_chunked, answer_slowly, answer_with};

async fn portal() -> (FakePortal, Client<endpointgen::auth::BearerToken>) {
    let fake = crate::prism_proxy::fake_portal().await;
    let client = Client::new(fake.base_url()).unwrap().bearer(fake_portal::ADA_TOKEN);
    (fake, client)
}

#[tokio::test]
async fn profiles_sends_the_token_and_decodes_every_field() {
    let (fake, client) = portal().await;

    let profiles = client.send(coworkers::profiles()).await.unwrap();

    let request = fake.last_request().unwrap();
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/api/public/coworkers/profiles");
    assert_eq!(request.query, None);
    assert_eq!(request.authorization.as_deref(), Some("Bearer demo-token-ada"));
    assert_eq!(request.accept.as_deref(), Some("application/json"));
    assert!(request.body.is_empty());

    let user = profiles.user.as_ref().unwrap();
    assert_eq!(user.full_name, "Ada Lovelace");
    assert_eq!(user.access_token.as_deref(), Some("portal-session-token-do-not-log"));
    assert!(!format!("{profiles:?}").contains("portal-session-token"), "a secret field shows in Debug");
    assert_eq!(profiles.default_business.as_ref().unwrap().name, "Harbour Works");
    let ids: Vec<i64> = profiles.profiles.iter().map(|profile| profile.id.0).collect();
    assert_eq!(ids, [ids::ADA_PERSONAL, ids::ADA_COMPANY, ids::ADA_DEACTIVATED]);
    let company = &profiles.profiles[1];
    assert_eq!(company.company_name.as_deref(), Some("Analytical Engines Ltd"));
    assert_eq!(company.coworker_type, Some(CoworkerType(2)));
    assert!(!company.active);
    assert!(profiles.profiles[0].active && profiles.profiles[0].is_default_profile);
}

/// The seed's flow, through one generated module: switch the profile, see
/// the change, read the new profile's benefits.
macro_rules! switch_profile_flow {
    ($module:ident) => {{
        use generated_example::$module::CoworkerId;
        use generated_example::$module::endpoints::coworkers;

        let (fake, client) = portal().await;

        let confirmation = client.send(coworkers::set_current_profile(CoworkerId(ids::ADA_COMPANY))).await.unwrap();

        let request = fake.last_request().unwrap();
        assert_eq!(request.method, "PUT");
        assert_eq!(request.path, "/api/public/coworkers/profiles/current");
        assert_eq!(request.query.as_deref(), Some("coworkerId=1004584588"));
        assert_eq!(request.authorization.as_deref(), Some("Bearer demo-token-ada"));
        assert!(confirmation.was_successful);
        assert_eq!(confirmation.status, Some(200));
        assert_eq!(confirmation.message, None);
        assert_eq!(confirmation.into_value(), None);
        assert_eq!(fake.active_profile(fake_portal::ADA_TOKEN), Some(ids::ADA_COMPANY));

        let profiles = client.send(coworkers::profiles()).await.unwrap();
        let active: Vec<i64> =
            profiles.profiles.iter().filter(|profile| profile.active).map(|profile| profile.id.0).collect();
        assert_eq!(active, [ids::ADA_COMPANY]);

        let benefits = client.send(coworkers::current_benefits()).await.unwrap();
        assert_eq!(fake.last_request().unwrap().path, "/api/public/coworkers/profiles/current/benefits");
        let credit = &benefits.personal.booking_credits[0];
        assert_eq!(credit.name, "Company credit");
        assert!((credit.remaining_credit - 180.0).abs() < f64::EPSILON);
        assert!(credit.cane_be_used_for_events);
        assert_eq!(benefits.personal.extra_services[0].extra_service.name, "Printing");
        assert!(benefits.personal.time_passes.is_empty());
        assert!(benefits.team.is_some());
    }};
}

#[tokio::test]
async fn switching_the_profile_changes_what_later_calls_see_build_rs_client() {
    switch_profile_flow!(portal);
}

#[tokio::test]
async fn switching_the_profile_changes_what_later_calls_see_macro_client() {
    switch_profile_flow!(portal_macro);
}

#[tokio::test]
async fn another_accounts_profile_is_the_documented_not_found() {
    let (fake, client) = portal().await;

    let error = client.send(coworkers::set_current_profile(CoworkerId(ids::CHARLES_PERSONAL))).await.unwrap_err();

    assert_eq!(fake.last_request().unwrap().query.as_deref(), Some("coworkerId=1009876543"));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    assert!(error.to_string().contains("404 NotFound"), "{error}");
    match error {
        Error::Api(SetCurrentProfileError::NotFound(body)) => {
            assert!(body.text().contains("Profile not found"), "{body}");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    assert_eq!(fake.active_profile(fake_portal::ADA_TOKEN), Some(ids::ADA_PERSONAL));
}

#[tokio::test]
async fn a_bad_token_is_the_documented_unauthorized() {
    let fake = crate::prism_proxy::fake_portal().await;
    let client = Client::new(fake.base_url()).unwrap().bearer("not-a-valid-token");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    assert_eq!(fake.last_request().unwrap().authorization.as_deref(), Some("Bearer not-a-valid-token"));
    match &error {
        Error::Api(ProfilesError::Unauthorized(body)) => assert_eq!(body.total_len(), 0),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("not-a-valid-token"), "the token shows in the error: {shown}");
}

#[tokio::test]
async fn was_successful_false_on_http_200_is_rejected_with_message_and_errors() {
    let (fake, client) = portal().await;

    let error = client.send(coworkers::set_current_profile(CoworkerId(ids::ADA_DEACTIVATED))).await.unwrap_err();

    let Error::Rejected(rejection) = error else { panic!("expected Rejected, got {error:?}") };
    assert_eq!(rejection.status.as_u16(), 200);
    assert_eq!(rejection.body_status, Some(400));
    assert_eq!(rejection.message.as_deref(), Some("This profile is no longer active and cannot be selected."));
    let errors = rejection.errors.as_ref().unwrap();
    assert_eq!(errors[0]["PropertyName"], "coworkerId");
    assert_eq!(rejection.request.to_string(), "PUT /api/public/coworkers/profiles/current");
    assert_eq!(fake.active_profile(fake_portal::ADA_TOKEN), Some(ids::ADA_PERSONAL));
}

#[tokio::test]
async fn an_undocumented_status_keeps_a_bounded_excerpt_of_the_body() {
    let body = format!("<html>{}</html>", "Service Unavailable ".repeat(250));
    let server = answer_with(503, "text/html", body.clone()).await;
    let client = Client::new(&server.base_url).unwrap().bearer("t");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    let Error::UnexpectedStatus(unexpected) = error else { panic!("expected UnexpectedStatus, got {error:?}") };
    assert_eq!(unexpected.status.as_u16(), 503);
    assert_eq!(unexpected.body.total_len(), body.len());
    assert!(unexpected.body.is_truncated());
    assert!(unexpected.body.text().len() <= endpointgen::BodyExcerpt::LIMIT);
    assert!(unexpected.to_string().starts_with("GET /api/public/coworkers/profiles: unexpected status 503"));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_not_a_panic() {
    let server = answer_with(200, "application/json", r#"{"Profiles": [{"Id": "not a number""#).await;
    let client = Client::new(&server.base_url).unwrap().bearer("t");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    let Error::Decode(decode) = error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(decode.status.as_u16(), 200);
    assert!(decode.body.text().contains("not a number"));
    assert!(decode.to_string().contains("does not match the spec"), "{decode}");
}

#[tokio::test]
async fn a_body_over_the_size_limit_is_refused() {
    let server = answer_with(200, "application/json", vec![b' '; 64 * 1024]).await;
    let client = Client::builder(&server.base_url).max_response_bytes(4096).build().unwrap().bearer("t");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    let Error::Transport(transport) = error else { panic!("expected Transport, got {error:?}") };
    assert!(transport.message.contains("larger than the limit of 4096 bytes"), "{}", transport.message);
}

#[tokio::test]
async fn a_chunked_body_over_the_size_limit_is_refused_too() {
    let server = answer_chunked(64, 1000).await;
    let client = Client::builder(&server.base_url).max_response_bytes(4096).build().unwrap().bearer("t");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    let Error::Transport(transport) = error else { panic!("expected Transport, got {error:?}") };
    assert!(transport.message.contains("larger than the limit of 4096 bytes"), "{}", transport.message);
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_is_a_timeout() {
    let server = answer_slowly(Duration::from_secs(5)).await;
    let client =
        Client::builder(&server.base_url).timeout(Some(Duration::from_millis(200))).build().unwrap().bearer("t");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    let Error::Transport(transport) = error else { panic!("expected Transport, got {error:?}") };
    assert!(transport.timeout, "{transport:?}");
    // The request's own timeout, not the call's deadline (60 s by default).
    assert!(!transport.message.contains("deadline"), "{transport}");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_without_the_token() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::new(&base_url).unwrap().bearer("s3cr3t-token");

    let error = client.send(coworkers::profiles()).await.unwrap_err();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let shown = format!("{error} {error:?} {client:?}");
    assert!(!shown.contains("s3cr3t"), "the token shows: {shown}");
}

#[tokio::test]
async fn our_own_endpoints_merged_into_the_vendor_client_use_its_types_and_auth() {
    use generated_example::portal::endpoints::{system, teams};
    let (fake, client) = portal().await;
    client.send(coworkers::set_current_profile(CoworkerId(ids::ADA_COMPANY))).await.unwrap();

    let all = client.send(teams::my()).await.unwrap();
    assert_eq!(fake.last_request().unwrap().query, None);
    let administered = client.send(teams::my().only_as_admin(true)).await.unwrap();
    assert_eq!(fake.last_request().unwrap().query.as_deref(), Some("isTeamAdmin=true"));
    assert_eq!(all.len(), 2);
    assert_eq!(administered.len(), 1);
    let admin: Vec<CoworkerId> =
        administered[0].members.iter().filter(|member| member.is_team_admin).map(|member| member.coworker_id).collect();
    assert_eq!(admin, [CoworkerId(ids::ADA_COMPANY)]);

    // A public endpoint: a client without a token sends it, and none is sent.
    let anonymous = Client::new(fake.base_url()).unwrap();
    let space = anonymous.send(system::business_by_host(fake_portal::SPACE_HOST)).await.unwrap();
    let request = fake.last_request().unwrap();
    assert_eq!(request.authorization, None);
    assert_eq!(request.query.as_deref(), Some("host=harbour-works.spaces.example.com"));
    assert_eq!(space.web_address, "harbour-works");
    let unknown = anonymous.send(system::business_by_host("elsewhere.example.com")).await.unwrap_err();
    assert!(matches!(unknown, Error::Api(system::BusinessByHostError::NotFound(_))), "{unknown:?}");
}

#[tokio::test]
async fn pages_are_fetched_until_the_last_one_says_so() {
    use axum::extract::Query;

    mod paged {
        endpointgen::generate!(
            yaml = r#"
spec: 1
name: paged
envelopes:
  ApiListResult:
    fields:
      Records: { type: list<T>, role: items }
      HasNextPage: { type: bool, role: has_next }
endpoints:
  bookings:
    my:
      method: GET
      path: /api/public/bookings/my
      query:
        page: { type: i32, default: 1 }
        size: { type: i32, default: 15 }
      paging: page
      response: ApiListResult<i64>
"#
        );
    }

    // Seven bookings, served three to a page.
    let app = axum::Router::new().route(
        "/api/public/bookings/my",
        axum::routing::get(|Query(query): Query<std::collections::HashMap<String, usize>>| async move {
            let (page, size) = (query.get("page").copied().unwrap_or(1), query.get("size").copied().unwrap_or(15));
            let records: Vec<usize> = (1..=7).skip((page - 1) * size).take(size).collect();
            axum::Json(serde_json::json!({ "Records": records, "HasNextPage": page * size < 7 }))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::new(&base_url).unwrap();
    let mut pages = client.pages(paged::endpoints::bookings::my().size(3));
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().records.len());
    }
    assert_eq!(sizes, [3, 3, 1]);

    let mut items = client.items(paged::endpoints::bookings::my().size(2));
    let mut all = Vec::new();
    while let Some(item) = items.next().await {
        all.push(item.unwrap());
    }
    assert_eq!(all, [1, 2, 3, 4, 5, 6, 7]);
    server.abort();
}

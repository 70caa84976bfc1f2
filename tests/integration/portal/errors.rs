//! The documented error paths through the fake portal, each ending in its
//! typed error: 401, 404, 400 with `Errors`, `WasSuccessful: false` on
//! HTTP 200, and 409 throttling, retried and exhausted.

use endpointgen::{Client, Error, RetryPolicy};
use generated_example::fake_portal::ids;
use generated_example::portal::endpoints::{bookings, helpdesk};
use generated_example::portal::{BookingId, NewHelpDeskMessage};

use super::{ada, last};

fn blank_message() -> NewHelpDeskMessage {
    NewHelpDeskMessage { subject: String::new(), message_text: " ".to_owned(), help_desk_department_id: None }
}

#[tokio::test]
async fn a_bad_token_is_unauthorized_with_an_empty_body() {
    let fake = crate::prism_proxy::fake_portal().await;
    let client = Client::new(fake.base_url()).unwrap().bearer("expired-token");

    let read = client.send(bookings::my()).await.unwrap_err();
    let write = client.send(helpdesk::create_message(blank_message())).await.unwrap_err();

    assert_eq!(
        last(&fake, "POST", "/api/public/helpdesk/messages", None).authorization.as_deref(),
        Some("Bearer expired-token")
    );
    let Error::Api(bookings::MyError::Unauthorized(body)) = &read else {
        panic!("expected Unauthorized, got {read:?}")
    };
    assert_eq!(body.total_len(), 0);
    assert_eq!(read.status().map(|status| status.as_u16()), Some(401));
    assert!(read.to_string().contains("401 Unauthorized"), "{read}");
    assert!(matches!(write, Error::Api(helpdesk::CreateMessageError::Unauthorized(_))), "{write:?}");
}

#[tokio::test]
async fn another_accounts_id_is_not_found() {
    let (fake, client) = ada().await;

    let error = client.send(bookings::get(BookingId(ids::CHARLES_BOOKING))).await.unwrap_err();

    last(&fake, "GET", "/api/public/bookings/1100000101", None);
    let Error::Api(bookings::GetError::NotFound(body)) = &error else { panic!("expected NotFound, got {error:?}") };
    assert!(body.text().contains("Booking not found"), "{body}");
    // The error names the path template, not the id sent.
    assert!(error.to_string().starts_with("the API answered 404 NotFound"), "{error}");
}

#[tokio::test]
async fn a_validation_failure_is_bad_request_with_the_envelopes_errors() {
    let (fake, client) = ada().await;

    let error = client.send(helpdesk::create_message(blank_message())).await.unwrap_err();

    last(&fake, "POST", "/api/public/helpdesk/messages", None);
    let Error::Api(helpdesk::CreateMessageError::BadRequest(confirmation)) = error else {
        panic!("expected BadRequest, got {error:?}")
    };
    assert!(!confirmation.was_successful);
    assert_eq!(confirmation.status, Some(400));
    assert_eq!(confirmation.message.as_deref(), Some("Subject: is a required field"));
    let errors = confirmation.errors.unwrap();
    let fields: Vec<&str> = errors.iter().filter_map(|error| error.property_name.as_deref()).collect();
    assert_eq!(fields, ["Subject", "MessageText"]);
    assert_eq!(errors[0].message.as_deref(), Some("is a required field"));
    assert_eq!(errors[0].attempted_value, Some(serde_json::json!("")));
}

#[tokio::test]
async fn was_successful_false_on_http_200_is_rejected() {
    let (fake, client) = ada().await;

    let error = client.send(bookings::cancel(BookingId(ids::ADA_PAST_BOOKING))).await.unwrap_err();

    last(&fake, "DELETE", "/api/public/bookings/1100000001", None);
    let Error::Rejected(rejection) = error else { panic!("expected Rejected, got {error:?}") };
    assert_eq!(rejection.status.as_u16(), 200);
    assert_eq!(rejection.body_status, Some(400));
    assert_eq!(rejection.message.as_deref(), Some("This booking has already started and can no longer be cancelled."));
    assert_eq!(rejection.request.to_string(), "DELETE /api/public/bookings/{id}");
    // Nothing changed.
    assert_eq!(client.send(bookings::my()).await.unwrap().total_items, Some(7));
}

#[tokio::test]
async fn throttled_requests_are_sent_again_after_retry_after() {
    let (fake, client) = ada().await;
    fake.throttle_next(2);

    let page = client.send(bookings::my()).await.unwrap();

    assert_eq!(page.total_items, Some(7));
    let sent: Vec<(String, String)> =
        fake.requests().into_iter().map(|request| (request.method, request.path)).collect();
    assert_eq!(sent, vec![("GET".to_owned(), "/api/public/bookings/my".to_owned()); 3]);
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_is_the_documented_throttled_error() {
    let fake = crate::prism_proxy::fake_portal().await;
    let client = Client::builder(fake.base_url())
        .retry(RetryPolicy::new().max_retries(1))
        .build()
        .unwrap()
        .bearer(generated_example::fake_portal::ADA_TOKEN);
    fake.throttle_next(5);

    let error = client.send(bookings::my()).await.unwrap_err();

    assert_eq!(fake.requests().len(), 2, "the first attempt and one retry");
    let Error::Api(bookings::MyError::Throttled(body)) = &error else { panic!("expected Throttled, got {error:?}") };
    assert_eq!(body.total_len(), 0);
    assert!(error.to_string().contains("409 Throttled"), "{error}");

    // A POST is not sent again unless the policy says so: the portal's 409
    // means it was not acted on, so for this API it may.
    fake.throttle_next(1);
    let post = client.send(helpdesk::create_message(blank_message())).await.unwrap_err();
    assert!(matches!(post, Error::Api(helpdesk::CreateMessageError::Throttled(_))), "{post:?}");
    assert_eq!(fake.requests().len(), 3);
    let retrying = Client::builder(fake.base_url())
        .retry(RetryPolicy::new().retry_non_idempotent(true))
        .build()
        .unwrap()
        .bearer(generated_example::fake_portal::ADA_TOKEN);
    fake.throttle_next(1);
    let validated = retrying.send(helpdesk::create_message(blank_message())).await.unwrap_err();
    assert!(matches!(validated, Error::Api(helpdesk::CreateMessageError::BadRequest(_))), "{validated:?}");
    assert_eq!(fake.requests().len(), 5);
}

//! `exports` and `live` (portal-extras.yaml): a streamed CSV download and
//! the occupancy as Server-Sent Events, resumed from `Last-Event-ID`.

use endpointgen::{Client, Error};
use generated_example::portal::endpoints::{exports, live};

use super::{ada, as_ada, last};

#[tokio::test]
async fn the_bookings_export_streams_and_needs_a_token() {
    let (fake, client) = ada().await;
    let mut csv = client.send(exports::bookings_csv()).await.unwrap();
    as_ada(&last(&fake, "GET", "/api/public/exports/bookings.csv", None));
    let mut written = Vec::new();
    csv.write_to(&mut written).await.unwrap();
    let text = String::from_utf8(written).unwrap();
    assert_eq!(text.lines().next(), Some("Id,Resource,From,To"));
    assert_eq!(text.lines().count(), 20_001);

    let anonymous = Client::new(fake.base_url()).unwrap().bearer("not-a-token");
    let error = anonymous.send(exports::bookings_csv()).await.unwrap_err();
    assert!(matches!(error, Error::Api(exports::BookingsCsvError::Unauthorized(_))), "{error:?}");
}

#[tokio::test]
async fn the_occupancy_resumes_after_the_last_event_id() {
    let (fake, client) = ada().await;
    let mut events = client.send(live::occupancy()).await.unwrap();
    let mut present = Vec::new();
    while let Some(event) = events.event().await {
        let event = event.unwrap();
        assert_eq!((event.event.as_str(), event.data.capacity), ("occupancy", 40));
        present.push(event.data.present);
    }
    assert_eq!(events.last_event_id(), Some("3"));
    let first = last(&fake, "GET", "/api/public/live/occupancy", None);
    assert_eq!(first.accept.as_deref(), Some("text/event-stream"));
    assert!(!first.headers.iter().any(|(name, _)| name == "last-event-id"));
    let mut events = client.resume(live::occupancy(), &events.resume_from()).await.unwrap();
    while let Some(event) = events.event().await {
        present.push(event.unwrap().data.present);
    }
    assert_eq!(present, [15, 18, 21, 24, 27]);
    let resumed = last(&fake, "GET", "/api/public/live/occupancy", None);
    let resumed_from = resumed.headers.iter().find(|(name, _)| name == "last-event-id").map(|(_, id)| id.as_str());
    assert_eq!(resumed_from, Some("3"));
}

//! `events`: the profile's tickets, paged with `_page`/`_pageSize`; giving
//! one back; emailing it; the calendar.

use endpointgen::{Client, Error};
use generated_example::fake_portal::ids;
use generated_example::portal::endpoints::events;
use generated_example::portal::{CalendarEventId, EventAttendeeId, SortDirection};

use super::{ada, as_ada, last};

#[tokio::test]
async fn my_pages_with_underscored_parameters() {
    let (fake, client) = ada().await;

    let page = client.send(events::my(true).page(2).page_size(1)).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/events/my", Some("showUpcoming=true&_page=2&_pageSize=1")));
    assert_eq!((page.total_items, page.current_page, page.has_next_page), (Some(2), Some(2), Some(false)));
    let ticket = &page.records[0];
    assert_eq!(ticket.id, EventAttendeeId(ids::ADA_MEETUP_TICKET));
    assert_eq!(ticket.calendar_event.name, "Rust meetup: typed clients");
    assert_eq!(ticket.calendar_event.start_date.as_str(), "2026-09-10T18:30:00");
    assert_eq!(ticket.event_product_price, Some(0.0));
    assert_eq!(ticket.coworker.as_ref().unwrap().full_name, "Ada Lovelace");

    // `paging: _page`: the stream asks for `_page=2`, `_page=3`…
    let mut items =
        client.items(events::my(false).page_size(2).order_by("CreatedOn").sort_direction(SortDirection::Asc));
    let mut codes = Vec::new();
    while let Some(ticket) = items.next().await {
        codes.push(ticket.unwrap().attendee_code.unwrap());
    }
    assert_eq!(codes, ["ATT-000003", "ATT-000001", "ATT-000002"]);
    last(
        &fake,
        "GET",
        "/api/public/events/my",
        Some("showUpcoming=false&_page=2&_pageSize=2&_orderBy=CreatedOn&_sortDirection=asc"),
    );
}

#[tokio::test]
async fn cancel_attendance_gives_the_ticket_back() {
    let (fake, client) = ada().await;

    let () = client.send(events::cancel_attendance(EventAttendeeId(ids::ADA_BREAKFAST_TICKET))).await.unwrap();

    as_ada(&last(&fake, "DELETE", "/api/public/events/my/1810000002", None));
    let left = client.send(events::my(false)).await.unwrap();
    assert_eq!(left.total_items, Some(2));
    let error = client.send(events::cancel_attendance(EventAttendeeId(ids::CHARLES_TICKET))).await.unwrap_err();
    assert!(matches!(error, Error::Api(events::CancelAttendanceError::NotFound(_))), "{error:?}");
}

#[tokio::test]
async fn send_ticket_emails_it_again() {
    let (fake, client) = ada().await;

    let () = client.send(events::send_ticket(EventAttendeeId(ids::ADA_MEETUP_TICKET))).await.unwrap();

    let request = last(&fake, "POST", "/api/public/events/my/1810000001/sendTicket", None);
    as_ada(&request);
    assert!(request.body.is_empty());
    assert_eq!(fake.outbox(), ["to ada@example.com: Your ticket ATT-000001 for Rust meetup: typed clients"]);
    let error = client.send(events::send_ticket(EventAttendeeId(ids::CHARLES_TICKET))).await.unwrap_err();
    assert!(matches!(error, Error::Api(events::SendTicketError::NotFound(_))), "{error:?}");
}

#[tokio::test]
async fn get_one_event() {
    let (fake, client) = ada().await;

    let event = client.send(events::get(CalendarEventId(ids::BREAKFAST))).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/events/1800000002", None));
    assert_eq!(event.name, "Members' breakfast");
    assert_eq!(event.end_date.as_str(), "2026-09-02T09:30:00");
    assert_eq!(event.business.unwrap().name, "Harbour Works");
    let error = client.send(events::get(CalendarEventId(1))).await.unwrap_err();
    assert!(matches!(error, Error::Api(events::GetError::NotFound(_))), "{error:?}");
}

#[tokio::test]
async fn published_is_public_and_filters_the_home_page() {
    let (fake, _) = ada().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    let upcoming = anonymous.send(events::published()).await.unwrap();

    assert_eq!(last(&fake, "GET", "/api/public/events", None).authorization, None);
    assert_eq!(upcoming.records.len(), 2);
    let featured = anonymous.send(events::published().only_home_page(true)).await.unwrap();
    last(&fake, "GET", "/api/public/events", Some("onlyHomePage=true"));
    let names: Vec<&str> = featured.records.iter().map(|event| event.name.as_str()).collect();
    assert_eq!(names, ["Rust meetup: typed clients"]);
}

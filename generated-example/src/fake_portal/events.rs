//! Events: the space's calendar (public), and the profile's tickets, paged
//! with `_page`/`_pageSize` unlike the rest of the API.

use std::cmp::Ordering;

use serde_json::{Value, json};

use super::{
    Caller, NOW, PortalState, Record, Reply, bad_request, ids, not_found, owned, page_of, serve, single_page, space,
    text, unique_id, utc,
};

/// The space's calendar: id, name, start, end, on the home page.
const CALENDAR: &[(i64, &str, &str, &str, bool)] = &[
    (ids::RUST_MEETUP, "Rust meetup: typed clients", "2026-09-10T18:30:00", "2026-09-10T21:00:00", true),
    (ids::BREAKFAST, "Members' breakfast", "2026-09-02T08:30:00", "2026-09-02T09:30:00", false),
    (ids::PAST_TALK, "Talk: the Difference Engine", "2026-08-20T18:00:00", "2026-08-20T19:30:00", true),
];

fn calendar_event(id: i64) -> Option<Value> {
    let (id, name, start, end, home_page) = CALENDAR.iter().find(|event| event.0 == id)?;
    Some(json!({
        "Id": id,
        "UniqueId": unique_id(*id),
        "Name": name,
        "ShortDescription": format!("{name}, at Harbour Works."),
        "LongDescription": null,
        "StartDate": start,
        "EndDate": end,
        "Location": if *home_page { "The big room" } else { "The kitchen" },
        "Allocation": if *home_page { 60 } else { 20 },
        "Business": space(),
    }))
}

/// A ticket as the portal answers it.
fn ticket(id: i64, owner: (i64, &str, &str), event: i64, created: &str) -> Record {
    let (product, price) = if event == ids::RUST_MEETUP { ("Free ticket", 0.0) } else { ("Member ticket", 5.0) };
    let json = json!({
        "Id": id,
        "AttendeeCode": format!("ATT-{:06}", id % 1_000_000),
        "FullName": owner.1,
        "Email": owner.2,
        "CalendarEvent": calendar_event(event),
        "EventProduct": { "Id": 4000 + event % 100, "Name": product, "Price": price },
        "EventProductName": product,
        "EventProductPrice": price,
        "Coworker": { "Id": owner.0, "FullName": owner.1 },
        "Business": space(),
        "CreatedOn": created,
        "CreatedOnUtc": utc(created),
        "UpdatedOn": created,
        "UpdatedOnUtc": utc(created),
    });
    Record { id, owner: owner.0, json }
}

pub(super) fn seed() -> Vec<Record> {
    let ada = (ids::ADA_PERSONAL, "Ada Lovelace", "ada@example.com");
    vec![
        ticket(ids::ADA_MEETUP_TICKET, ada, ids::RUST_MEETUP, "2026-08-28T16:45:00"),
        ticket(ids::ADA_BREAKFAST_TICKET, ada, ids::BREAKFAST, "2026-08-30T08:10:00"),
        ticket(ids::ADA_PAST_TICKET, ada, ids::PAST_TALK, "2026-08-10T12:00:00"),
        ticket(
            ids::CHARLES_TICKET,
            (ids::CHARLES_PERSONAL, "Charles Babbage", "charles@example.com"),
            ids::RUST_MEETUP,
            "2026-08-29T09:00:00",
        ),
    ]
}

/// Whether a ticket's event is still to come.
fn upcoming(record: &Record) -> bool {
    record.json.get("CalendarEvent").and_then(|event| text(event, "StartDate")).is_some_and(|start| start > NOW)
}

/// Compares two records by a field, texts and numbers alike.
fn by_field(a: &Value, b: &Value, field: &str) -> Ordering {
    match (a.get(field), b.get(field)) {
        (Some(Value::Number(a)), Some(Value::Number(b))) => {
            a.as_f64().partial_cmp(&b.as_f64()).unwrap_or(Ordering::Equal)
        }
        (a, b) => a.map(ToString::to_string).cmp(&b.map(ToString::to_string)),
    }
}

pub(super) fn my(state: &mut PortalState, caller: Caller, request: &serve::events::My) -> Reply {
    // `_pageSize` is at most 100.
    let (show_upcoming, size) = (request.show_upcoming, request.page_size.unwrap_or(25).clamp(1, 100));
    let order_by = request.order_by.as_deref().unwrap_or("CreatedOn");
    let descending = match request.sort_direction.as_ref().map(|direction| direction.as_str().to_ascii_lowercase()) {
        None => true,
        Some(direction) if direction == "desc" => true,
        Some(direction) if direction == "asc" => false,
        Some(other) => return Err(bad_request(&[("_sortDirection", "must be asc or desc", json!(other))])),
    };
    let mut mine: Vec<Value> = state
        .tickets
        .iter()
        .filter(|record| record.owner == caller.profile && (!show_upcoming || upcoming(record)))
        .map(|record| record.json.clone())
        .collect();
    mine.sort_by(|a, b| by_field(a, b, order_by));
    if descending {
        mine.reverse();
    }
    Ok(page_of(mine, request.page, size, order_by, if descending { "DESC" } else { "ASC" }))
}

pub(super) fn cancel_attendance(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::events::CancelAttendance,
) -> Reply {
    let id = request.id.0;
    owned(&state.tickets, caller, id, "Attendee")?;
    state.tickets.retain(|record| record.id != id);
    Ok(Value::Null)
}

pub(super) fn send_ticket(state: &mut PortalState, caller: Caller, request: &serve::events::SendTicket) -> Reply {
    let id = request.id.0;
    let record = owned(&state.tickets, caller, id, "Attendee")?;
    let email = text(&record.json, "Email").unwrap_or_default();
    let code = text(&record.json, "AttendeeCode").unwrap_or_default();
    let event = record.json.get("CalendarEvent").and_then(|event| text(event, "Name")).unwrap_or_default();
    let mail = format!("to {email}: Your ticket {code} for {event}");
    state.outbox.push(mail);
    Ok(Value::Null)
}

pub(super) fn one(_: &mut PortalState, _: Caller, request: &serve::events::Get) -> Reply {
    calendar_event(request.id.0).ok_or_else(|| not_found("Event"))
}

/// Public ([RE]): the events still to come.
pub(super) fn published(_: &mut PortalState, request: &serve::events::Published) -> Reply {
    let home_page_only = request.only_home_page.unwrap_or(false);
    let events: Vec<Value> = CALENDAR
        .iter()
        .filter(|(_, _, start, _, home_page)| *start > NOW && (*home_page || !home_page_only))
        .filter_map(|event| calendar_event(event.0))
        .collect();
    Ok(single_page(events, "StartDate"))
}

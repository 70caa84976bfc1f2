//! Bookings: the profile's bookings (paged), one booking, cancelling,
//! availability and price checks, the legacy cancellation-fee call, and
//! the checkout basket that makes bookings.
//!
//! Times are the space's wall-clock time without an offset, as booking
//! details return them ([RE]); times sent with a real offset are converted
//! to the space's zone, as the live portal does ([RE]).

use serde_json::{Value, json};

use endpointgen::DateTime;

use crate::portal_server::{Basket, BasketBooking, BasketItemType, ResourceId};

use super::{
    Caller, Failure, NOW, PortalState, Record, Reply, action, as_json, bad_request, billing, confirmed, currency, ids,
    minutes_between, not_found, owned, page_of, pounds, refused, resources, serve, text, unique_id, utc, wall_clock,
};

/// A booking as the portal answers it.
fn booking(id: i64, unique: &str, owner: i64, owner_name: &str, resource_id: i64, from: &str, to: &str) -> Record {
    let resource = resources::resource(resource_id);
    let field = |name: &str| resource.as_ref().and_then(|resource| resource.get(name).cloned()).unwrap_or(Value::Null);
    let desk = resource_id == ids::HOT_DESK;
    let json = json!({
        "Id": id,
        "UniqueId": unique,
        "BookingNumber": format!("BK-{:06}", id % 1_000_000),
        "ResourceId": resource_id,
        "ResourceName": field("Name"),
        "ResourceTypeId": if desk { 31 } else { 30 },
        "ResourceTypeName": field("ResourceTypeName"),
        "ResourceBusinessId": ids::SPACE,
        "ResourceBusinessName": "Harbour Works",
        "ResourceBusinessWebAddress": "harbour-works",
        "FloorPlanDeskId": if desk { json!(4004) } else { Value::Null },
        "FloorPlanDeskName": if desk { json!("Desk 4") } else { Value::Null },
        "FromTime": from,
        "ToTime": to,
        "FromTimeUtc": utc(from),
        "ToTimeUtc": utc(to),
        "CoworkerId": owner,
        "CoworkerFullName": owner_name,
        "Price": price_of(resource_id, from, to),
        "Invoiced": to <= NOW,
        "Tentative": false,
        "Notes": null,
        "CreatedOn": "2026-08-20T14:03:11",
        "CreatedOnUtc": "2026-08-20T13:03:11Z",
    });
    Record { id, owner, json }
}

/// The price of a booking: the resource's hourly rate for its length.
fn price_of(resource_id: i64, from: &str, to: &str) -> f64 {
    let rate = resources::hourly_rate(resource_id).unwrap_or(0.0);
    let minutes = minutes_between(from, to).and_then(|minutes| i32::try_from(minutes).ok()).unwrap_or(0);
    rate * f64::from(minutes) / 60.0
}

pub(super) fn seed() -> Vec<Record> {
    let seeded = |id: i64, (owner, name): (i64, &str), resource: i64, from: &str, to: &str| {
        booking(id, &unique_id(id), owner, name, resource, from, to)
    };
    let (ada, company) = ((ids::ADA_PERSONAL, "Ada Lovelace"), (ids::ADA_COMPANY, "Ada Lovelace"));
    let charles = (ids::CHARLES_PERSONAL, "Charles Babbage");
    vec![
        seeded(ids::ADA_PAST_BOOKING, ada, ids::MEETING_ROOM, "2026-08-25T10:00:00", "2026-08-25T12:00:00"),
        seeded(ids::ADA_BOOKING_TODAY, ada, ids::MEETING_ROOM, "2026-09-01T15:00:00", "2026-09-01T16:00:00"),
        seeded(ids::ADA_BOOKING, ada, ids::MEETING_ROOM, "2026-09-08T09:00:00", "2026-09-08T11:00:00"),
        seeded(1_100_000_004, ada, ids::HOT_DESK, "2026-09-02T09:00:00", "2026-09-02T17:00:00"),
        seeded(1_100_000_005, ada, ids::HOT_DESK, "2026-09-03T09:00:00", "2026-09-03T17:00:00"),
        seeded(1_100_000_006, ada, ids::HOT_DESK, "2026-09-09T09:00:00", "2026-09-09T13:00:00"),
        seeded(1_100_000_007, ada, ids::BOARDROOM, "2026-09-15T14:00:00", "2026-09-15T15:30:00"),
        seeded(ids::ADA_COMPANY_BOOKING, company, ids::BOARDROOM, "2026-09-04T10:00:00", "2026-09-04T12:00:00"),
        seeded(ids::CHARLES_BOOKING, charles, ids::MEETING_ROOM, "2026-09-02T10:00:00", "2026-09-02T11:00:00"),
    ]
}

fn from_time(record: &Record) -> &str {
    text(&record.json, "FromTime").unwrap_or_default()
}

pub(super) fn my(state: &mut PortalState, caller: Caller, request: &serve::bookings::My) -> Reply {
    let upcoming = request.show_upcoming.unwrap_or(false);
    let mut mine: Vec<&Record> = state
        .bookings
        .iter()
        .filter(|record| record.owner == caller.profile)
        .filter(|record| !upcoming || from_time(record) > NOW)
        .collect();
    mine.sort_by(|a, b| from_time(a).cmp(from_time(b)));
    let records = mine.into_iter().map(|record| record.json.clone()).collect();
    Ok(page_of(records, request.page, request.size.unwrap_or(15), "FromTime", "ASC"))
}

pub(super) fn details(state: &mut PortalState, caller: Caller, request: &serve::bookings::Get) -> Reply {
    let record = owned(&state.bookings, caller, request.id.0, "Booking")?;
    let resource = record.json.get("ResourceId").and_then(Value::as_i64).and_then(resources::resource);
    Ok(json!({ "Booking": record.json, "Resource": resource }))
}

pub(super) fn cancel(state: &mut PortalState, caller: Caller, request: &serve::bookings::Cancel) -> Reply {
    let id = request.id.0;
    let record = owned(&state.bookings, caller, id, "Booking")?;
    // The reason is optional ([RE]); its id must be the path's.
    if let Some(sent) = request.body.as_ref().and_then(|body| as_json(body).get("id").and_then(Value::as_i64))
        && sent != id
    {
        return Err(bad_request(&[("id", "does not match the booking in the path", json!(sent))]));
    }
    if from_time(record) <= NOW {
        // A business-rule failure: HTTP 200, and the body says so.
        return refused(400, "This booking has already started and can no longer be cancelled.");
    }
    state.bookings.retain(|record| record.id != id);
    confirmed(Value::Null)
}

/// A booking request's resource and times, checked.
struct Slot {
    resource_id: i64,
    from: String,
    to: String,
}

/// A booking request's resource and times, in the space's wall-clock time.
fn slot(resource_id: ResourceId, from: &DateTime, to: &DateTime) -> Slot {
    let wall = |time: &DateTime| wall_clock(time.as_str()).unwrap_or_default();
    Slot { resource_id: resource_id.0, from: wall(from), to: wall(to) }
}

/// Why a slot cannot be booked, as the availability check's error code.
fn unavailable(state: &PortalState, slot: &Slot, moving: Option<i64>) -> Option<&'static str> {
    if resources::resource(slot.resource_id).is_none() {
        return Some("NO_RESOURCE");
    }
    if slot.to <= slot.from {
        return Some("INVALID_INTERVAL");
    }
    if slot.from.as_str() < NOW {
        return Some("NO_PAST_BOOKINGS");
    }
    let conflict = state.bookings.iter().any(|record| {
        Some(record.id) != moving
            && record.json.get("ResourceId").and_then(Value::as_i64) == Some(slot.resource_id)
            && from_time(record) < slot.to.as_str()
            && text(&record.json, "ToTime").is_some_and(|to| slot.from.as_str() < to)
    });
    conflict.then_some("BOOKING_CONFLICT")
}

pub(super) fn availability(state: &mut PortalState, _: Caller, request: &serve::bookings::Availability) -> Reply {
    let body = &request.body;
    let slot = slot(body.resource_id, &body.from_time, &body.to_time);
    let (coworker, moving) = (body.coworker_id.map(|id| id.0), body.booking_id.map(|id| id.0));
    // [RE]: without a CoworkerId the answer is CUSTOM_MESSAGE.
    let error = if coworker.is_none() { Some("CUSTOM_MESSAGE") } else { unavailable(state, &slot, moving) };
    Ok(json!({
        "Available": error.is_none(),
        "ErrorCode": error,
        "CoworkerId": coworker.unwrap_or(0),
        "BookingId": moving,
    }))
}

/// Checks a slot for pricing or checkout: the 400 the portal sends for
/// dates it refuses ([DOC]: "Invalid booking date - start date cannot be in
/// the past").
fn priceable(slot: &Slot) -> Result<(), Failure> {
    if resources::resource(slot.resource_id).is_none() {
        return Err(bad_request(&[("ResourceId", "is not a published resource", json!(slot.resource_id))]));
    }
    if slot.to <= slot.from {
        return Err(bad_request(&[(
            "ToTime",
            "Invalid booking date - end date must be after the start date",
            json!(slot.to),
        )]));
    }
    if slot.from.as_str() < NOW {
        return Err(bad_request(&[(
            "FromTime",
            "Invalid booking date - start date cannot be in the past",
            json!(slot.from),
        )]));
    }
    Ok(())
}

pub(super) fn price(_: &mut PortalState, _: Caller, request: &serve::bookings::Price) -> Reply {
    let slot = slot(request.body.resource_id, &request.body.from_time, &request.body.to_time);
    priceable(&slot)?;
    let base = price_of(slot.resource_id, &slot.from, &slot.to);
    // Bookings that start within a day cost 10% more.
    let starts_soon = minutes_between(NOW, &slot.from).is_some_and(|minutes| minutes < 24 * 60);
    let last_minute = if starts_soon { base * 0.1 } else { 0.0 };
    Ok(json!({
        "Price": base + last_minute,
        "DynamicPriceAdjustment": 0.0,
        "LastMinutePriceAdjustment": last_minute,
        "PriceFactorDemand": 1.0,
    }))
}

pub(super) fn cancellation_fee(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::bookings::CancellationFee,
) -> Reply {
    let record = owned(&state.bookings, caller, request.booking_id.0, "Booking")?;
    // Cancelling within a day of the start costs half the price.
    let late = minutes_between(NOW, from_time(record)).is_some_and(|minutes| (0..24 * 60).contains(&minutes));
    let fee = late.then(|| record.json.get("Price").and_then(Value::as_f64).unwrap_or(0.0) / 2.0);
    // camelCase: the legacy surface ([RE]).
    Ok(json!({ "hasCancellationFee": fee.is_some(), "cancellationFee": fee }))
}

pub(super) fn cancellation_policies(
    _: &mut PortalState,
    _: Caller,
    request: &serve::bookings::CancellationPolicies,
) -> Reply {
    resources::resource(request.resource_id.0).ok_or_else(|| not_found("Resource"))?;
    // [RE] only, shape unknown: the fake's is plausible, no more.
    Ok(json!([{
        "Name": "Standard cancellation",
        "HoursBeforeStart": 24,
        "FeePercentage": 50,
        "Description": "Free until 24 hours before the start; half the price after that.",
    }]))
}

/// The booking lines of a basket, checked.
fn basket_bookings(basket: &Basket) -> Result<Vec<(Slot, &BasketBooking)>, Failure> {
    let mut bookings = Vec::new();
    for (index, item) in basket.basket.iter().enumerate() {
        let (BasketItemType::Booking, Some(booking)) = (&item.r#type, &item.booking) else {
            let property = format!("Basket[{index}].Type");
            return Err(bad_request(&[(&property, "only bookings can be checked out here", as_json(item))]));
        };
        let slot = slot(booking.resource_id, &booking.from_time, &booking.to_time);
        priceable(&slot)?;
        bookings.push((slot, booking));
    }
    Ok(bookings)
}

/// A basket line, and its amount.
fn line(slot: &Slot) -> (Value, f64) {
    let amount = price_of(slot.resource_id, &slot.from, &slot.to);
    let name = resources::resource(slot.resource_id).and_then(|resource| text(&resource, "Name").map(str::to_owned));
    let hours = minutes_between(&slot.from, &slot.to).and_then(|minutes| i32::try_from(minutes).ok()).unwrap_or(0);
    let description = format!(
        "{}, {} {}-{}",
        name.unwrap_or_default(),
        slot.from.get(..10).unwrap_or_default(),
        slot.from.get(11..16).unwrap_or_default(),
        slot.to.get(11..16).unwrap_or_default()
    );
    let quantity = f64::from(hours) / 60.0;
    let line = json!({
        "Description": description,
        "Quantity": quantity,
        "Price": resources::hourly_rate(slot.resource_id),
        "TotalFormated": pounds(amount),
    });
    (line, amount)
}

pub(super) fn preview_basket(_: &mut PortalState, _: Caller, request: &serve::bookings::PreviewBasket) -> Reply {
    let (mut lines, mut total): (Vec<Value>, f64) = (Vec::new(), 0.0);
    for (slot, _) in basket_bookings(&request.body)? {
        let (line, amount) = line(&slot);
        lines.push(line);
        total += amount;
    }
    if request.body.discount_code.as_deref() == Some("HARBOUR10") {
        let discount = -total * 0.1;
        lines.push(json!({
            "Description": "Discount HARBOUR10", "Quantity": 1.0, "Price": discount, "TotalFormated": pounds(discount)
        }));
        total += discount;
    }
    Ok(json!({ "Lines": lines, "TotalAmount": total, "TotalFormated": pounds(total), "Currency": currency() }))
}

pub(super) fn checkout_basket(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::bookings::CheckoutBasket,
) -> Reply {
    let basket = &request.body;
    if !basket.agreed_terms_and_conditions {
        let message = "You must agree to the terms and conditions";
        return Err(bad_request(&[("agreedTermsAndConditions", message, json!(false))]));
    }
    let bookings = basket_bookings(basket)?;
    if let Some((slot, code)) = bookings.iter().find_map(|(slot, _)| Some((slot, unavailable(state, slot, None)?))) {
        // A business-rule failure: HTTP 200, and the envelope says so ([RE]).
        let errors = json!([{ "AttemptedValue": slot.from, "Message": code, "PropertyName": "FromTime" }]);
        let message = format!("The booking could not be made: {code}");
        return Ok(action(false, 409, Some(&message), Value::Null, errors));
    }
    let name = state.caller_name(caller);
    let mut total = 0.0;
    for (slot, request) in bookings {
        let id = 1_100_001_000 + state.next();
        let unique = request.unique_id.to_string();
        total += price_of(slot.resource_id, &slot.from, &slot.to);
        state.bookings.push(booking(id, &unique, caller.profile, &name, slot.resource_id, &slot.from, &slot.to));
    }
    if total > 0.0 || basket.create_zero_value_invoice == Some(true) {
        let id = 1_600_001_000 + state.next();
        state.invoices.push(billing::invoice(id, caller.profile, total, false, NOW));
    }
    // Empty on success: the new bookings' ids are not returned ([RE]).
    Ok(Value::Null)
}

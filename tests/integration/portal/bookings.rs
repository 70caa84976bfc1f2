//! `bookings`: the profile's bookings, details, cancelling, availability and
//! price, the legacy `/en` cancellation fee, and the checkout basket.

use endpointgen::{Error, Uuid};
use generated_example::fake_portal::ids;
use generated_example::portal::endpoints::bookings;
use generated_example::portal::{
    AvailabilityErrorCode, AvailabilityRequest, Basket, BasketBooking, BasketItem, BasketItemType, BookingId,
    CancelBooking, CoworkerId, PriceRequest, ResourceId,
};
use serde_json::json;

use super::{ada, as_ada, at, json_body, last};

#[tokio::test]
async fn my_lists_the_profiles_bookings_soonest_first_as_wall_clock_times() {
    let (fake, client) = ada().await;

    let all = client.send(bookings::my()).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/bookings/my", None));
    assert_eq!((all.total_items, all.current_page, all.has_next_page), (Some(7), Some(1), Some(false)));
    let first = &all.records[0];
    assert_eq!(first.id, BookingId(ids::ADA_PAST_BOOKING));
    assert_eq!(first.resource_name, "Meeting Room Babbage");
    // Wall-clock time without an offset, kept as sent; the UTC variant has one.
    assert_eq!(first.from_time.as_str(), "2026-08-25T10:00:00");
    assert_eq!(first.from_time.offset_minutes(), None);
    assert_eq!(first.from_time_utc.as_ref().unwrap().as_str(), "2026-08-25T09:00:00Z");
    assert_eq!(first.price, Some(24.0));
    assert!(first.invoiced);

    let upcoming = client.send(bookings::my().show_upcoming(true).size(4).page(2)).await.unwrap();
    last(&fake, "GET", "/api/public/bookings/my", Some("showUpcoming=true&page=2&size=4"));
    assert_eq!((upcoming.total_items, upcoming.total_pages, upcoming.current_page), (Some(6), Some(2), Some(2)));
    assert_eq!(upcoming.has_previous_page, Some(true));
    let ids: Vec<i64> = upcoming.records.iter().map(|booking| booking.id.0).collect();
    assert_eq!(ids, [1_100_000_006, 1_100_000_007]);
}

#[tokio::test]
async fn get_answers_the_booking_and_its_resource() {
    let (fake, client) = ada().await;

    let details = client.send(bookings::get(BookingId(ids::ADA_BOOKING))).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/bookings/1100000003", None));
    assert_eq!(details.booking.id, BookingId(ids::ADA_BOOKING));
    assert_eq!(details.booking.to_time.as_str(), "2026-09-08T11:00:00");
    assert_eq!(details.booking.coworker_id, Some(CoworkerId(ids::ADA_PERSONAL)));
    let resource = details.resource.unwrap();
    assert_eq!((resource.id, resource.name.as_str()), (ResourceId(ids::MEETING_ROOM), "Meeting Room Babbage"));

    let shaped = client
        .send(
            bookings::get(BookingId(ids::ADA_BOOKING))
                .shape("Booking,Resource.Id,Resource.Name,Resource.UniqueId,Resource.BusinessId"),
        )
        .await
        .unwrap();
    assert_eq!(shaped.resource.unwrap().description, None, "projected away");
}

#[tokio::test]
async fn cancel_deletes_with_a_reason_and_the_booking_is_gone() {
    let (fake, client) = ada().await;
    let reason = CancelBooking {
        id: BookingId(ids::ADA_BOOKING),
        cancellation_reason: Some("Meeting moved online".to_owned()),
        cancellation_reason_details: None,
    };

    let confirmation = client.send(bookings::cancel(BookingId(ids::ADA_BOOKING)).body(reason)).await.unwrap();

    let request = last(&fake, "DELETE", "/api/public/bookings/1100000003", None);
    as_ada(&request);
    assert_eq!(json_body(&request), json!({ "id": 1_100_000_003, "cancellationReason": "Meeting moved online" }));
    assert!(confirmation.was_successful);
    let left = client.send(bookings::my()).await.unwrap();
    assert_eq!(left.total_items, Some(6));
    assert!(left.records.iter().all(|booking| booking.id.0 != ids::ADA_BOOKING));

    // Without a body, it is a bare DELETE.
    client.send(bookings::cancel(BookingId(1_100_000_006))).await.unwrap();
    assert!(last(&fake, "DELETE", "/api/public/bookings/1100000006", None).body.is_empty());
}

#[tokio::test]
async fn availability_posts_the_slot_and_says_why_not() {
    let (fake, client) = ada().await;
    let request = |from: &str, to: &str, coworker: Option<i64>| AvailabilityRequest {
        resource_id: ResourceId(ids::MEETING_ROOM),
        from_time: at(from),
        to_time: at(to),
        coworker_id: coworker.map(CoworkerId),
        booking_id: None,
    };

    let free = client
        .send(bookings::availability(request("2026-09-10T10:00:00", "2026-09-10T12:00:00", Some(ids::ADA_PERSONAL))))
        .await
        .unwrap();

    let sent = last(&fake, "POST", "/api/public/bookings/available", None);
    as_ada(&sent);
    assert_eq!(
        json_body(&sent),
        json!({
            "ResourceId": ids::MEETING_ROOM,
            "FromTime": "2026-09-10T10:00:00",
            "ToTime": "2026-09-10T12:00:00",
            "CoworkerId": ids::ADA_PERSONAL
        })
    );
    assert!(free.available);
    assert_eq!(free.error_code, None);

    // Charles has the room from 10 to 11 on the 2nd.
    let taken = request("2026-09-02T10:30:00", "2026-09-02T11:30:00", Some(ids::ADA_PERSONAL));
    let taken = client.send(bookings::availability(taken)).await.unwrap();
    assert_eq!((taken.available, taken.error_code), (false, Some(AvailabilityErrorCode::BookingConflict)));
    // [RE]: without a CoworkerId the portal says CUSTOM_MESSAGE.
    let anonymous =
        client.send(bookings::availability(request("2026-09-10T10:00:00", "2026-09-10T11:00:00", None))).await.unwrap();
    assert_eq!(anonymous.error_code, Some(AvailabilityErrorCode::CustomMessage));
}

fn price_request(from: &str, to: &str) -> PriceRequest {
    PriceRequest {
        resource_id: ResourceId(ids::MEETING_ROOM),
        from_time: at(from),
        to_time: at(to),
        charge_now: true,
        booking_visitors: None,
        booking_products: Some(vec![json!({ "ProductId": 2101, "Quantity": 1 })]),
        custom_fields: None,
    }
}

#[tokio::test]
async fn price_posts_the_booking_and_takes_a_shape() {
    let (fake, client) = ada().await;

    let price =
        client.send(bookings::price(price_request("2026-09-10T10:00:00", "2026-09-10T12:00:00"))).await.unwrap();

    let request = last(&fake, "POST", "/api/public/bookings/price", None);
    as_ada(&request);
    let body = json_body(&request);
    assert_eq!(body["ChargeNow"], true);
    assert_eq!(body["BookingProducts"], json!([{ "ProductId": 2101, "Quantity": 1 }]));
    assert_eq!(body.get("BookingVisitors"), None, "None is left out");
    assert!((price.price - 24.0).abs() < f64::EPSILON);
    assert_eq!(price.price_factor_demand, Some(1.0));

    // Within a day of the start: 10% more; `_shape` on a POST.
    let late = client
        .send(bookings::price(price_request("2026-09-01T18:00:00", "2026-09-01T19:00:00")).shape("Price"))
        .await
        .unwrap();
    last(&fake, "POST", "/api/public/bookings/price", Some("_shape=Price"));
    assert!((late.price - 13.2).abs() < 1e-9, "{}", late.price);
    assert_eq!(late.last_minute_price_adjustment, None, "projected away");
}

#[tokio::test]
async fn cancellation_fee_is_asked_on_the_legacy_prefix_and_answered_in_camel_case() {
    let (fake, client) = ada().await;

    let today = client.send(bookings::cancellation_fee(BookingId(ids::ADA_BOOKING_TODAY))).await.unwrap();

    let request = last(&fake, "GET", "/en/bookings/getCancellationFee", Some("bookingId=1100000002"));
    as_ada(&request);
    // `/en` answers HTML unless asked for JSON.
    assert_eq!(request.accept.as_deref(), Some("application/json"));
    assert!(today.has_cancellation_fee);
    assert_eq!(today.cancellation_fee, Some(6.0));

    let next_week = client.send(bookings::cancellation_fee(BookingId(ids::ADA_BOOKING))).await.unwrap();
    assert!(!next_week.has_cancellation_fee);
    assert_eq!(next_week.cancellation_fee, None);
}

#[tokio::test]
async fn cancellation_policies_are_kept_as_json() {
    let (fake, client) = ada().await;

    let policies = client.send(bookings::cancellation_policies(ResourceId(ids::MEETING_ROOM))).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/bookings/cancellation-policies/1200000001", None));
    assert_eq!(policies[0]["HoursBeforeStart"], 24);
    let error = client.send(bookings::cancellation_policies(ResourceId(42))).await.unwrap_err();
    assert!(matches!(error, Error::Api(bookings::CancellationPoliciesError::NotFound(_))), "{error:?}");
}

fn basket(unique_id: Uuid, from: &str, to: &str, agreed: bool) -> Basket {
    Basket {
        basket: vec![BasketItem {
            r#type: BasketItemType::Booking,
            booking: Some(BasketBooking {
                id: BookingId(0),
                unique_id,
                resource_id: ResourceId(ids::HOT_DESK),
                from_time: at(from),
                to_time: at(to),
                charge_now: true,
                booking_visitors: None,
                booking_products: None,
                custom_fields: None,
            }),
        }],
        agreed_terms_and_conditions: agreed,
        create_zero_value_invoice: Some(true),
        discount_code: None,
    }
}

#[tokio::test]
async fn preview_basket_prices_the_lines() {
    let (fake, client) = ada().await;
    let unique_id: Uuid = "0b3f5a7e-2c1d-4e8f-9a6b-5d4c3b2a1f00".parse().unwrap();
    let mut basket = basket(unique_id, "2026-09-10T09:00:00", "2026-09-10T12:00:00", false);
    basket.discount_code = Some("HARBOUR10".to_owned());

    let preview = client.send(bookings::preview_basket(basket)).await.unwrap();

    let request = last(&fake, "POST", "/api/public/checkout/basket/preview", None);
    as_ada(&request);
    let body = json_body(&request);
    // camelCase wrapper keys, PascalCase `Basket`, a lowercase item type.
    assert_eq!(body["agreedTermsAndConditions"], false);
    assert_eq!(body["discountCode"], "HARBOUR10");
    assert_eq!(body["Basket"][0]["Type"], "booking");
    assert_eq!(body["Basket"][0]["Booking"]["UniqueId"], "0b3f5a7e-2c1d-4e8f-9a6b-5d4c3b2a1f00");
    assert_eq!(body["Basket"][0]["Booking"]["Id"], 0);
    assert_eq!(preview.lines.len(), 2);
    assert_eq!(preview.lines[0].description, "Hot Desk 4, 2026-09-10 09:00-12:00");
    assert_eq!(preview.lines[0].total_formated.as_deref(), Some("£12.00"));
    assert_eq!(preview.total_formated.as_deref(), Some("£10.80"));
    assert_eq!(preview.currency.unwrap().code, "GBP");
}

#[tokio::test]
async fn checkout_basket_answers_an_empty_200_and_the_booking_appears() {
    let (fake, client) = ada().await;
    let unique_id: Uuid = "0b3f5a7e-2c1d-4e8f-9a6b-5d4c3b2a1f01".parse().unwrap();

    let answer = client
        .send(bookings::checkout_basket(basket(unique_id, "2026-09-11T09:00:00", "2026-09-11T17:00:00", true)))
        .await
        .unwrap();
    assert!(answer.is_none(), "an empty 200 is `None`: {answer:?}");

    let request = last(&fake, "POST", "/api/public/checkout/basket/invoice", None);
    as_ada(&request);
    assert_eq!(json_body(&request)["createZeroValueInvoice"], true);
    // The new booking's id is not returned: find it by the UniqueId the
    // basket gave it.
    let bookings = client.send(bookings::my().show_upcoming(true)).await.unwrap();
    let made = bookings.records.iter().find(|booking| booking.unique_id == unique_id).unwrap();
    assert_eq!(made.from_time.as_str(), "2026-09-11T09:00:00");
    assert_eq!(made.price, Some(32.0));

    // The same slot again: taken now, which the portal says in a 200.
    let taken = basket(unique_id, "2026-09-11T09:00:00", "2026-09-11T17:00:00", true);
    let error = client.send(bookings::checkout_basket(taken)).await.unwrap_err();
    let Error::Rejected(rejection) = error else { panic!("got {error:?}") };
    assert_eq!(rejection.status.as_u16(), 200);
    assert!(
        rejection.message.as_deref().unwrap_or_default().starts_with("The booking could not be made"),
        "{rejection}"
    );

    let unagreed = basket(unique_id, "2026-09-12T09:00:00", "2026-09-12T10:00:00", false);
    let error = client.send(bookings::checkout_basket(unagreed)).await.unwrap_err();
    let Error::Api(bookings::CheckoutBasketError::BadRequest(body)) = error else { panic!("got {error:?}") };
    assert_eq!(body.errors.unwrap()[0].property_name.as_deref(), Some("agreedTermsAndConditions"));
}

//! `deliveries`: mail and parcels; `showPending` is required, collecting is
//! a PUT without a body, saving is for operators.

use endpointgen::{Client, Error};
use generated_example::fake_portal::{self, ids};
use generated_example::portal::endpoints::deliveries;
use generated_example::portal::{CoworkerId, DeliveryId, DeliveryInput, DeliveryType};
use serde_json::json;

use super::{ada, as_ada, json_body, last};

#[tokio::test]
async fn my_needs_show_pending_and_filters() {
    let (fake, client) = ada().await;

    let pending = client.send(deliveries::my(true)).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/deliveries/my", Some("showPending=true")));
    let names: Vec<&str> = pending.records.iter().map(|delivery| delivery.name.as_str()).collect();
    assert_eq!(names, ["Letter from the Royal Society", "Parcel from Analytical Supplies"]);
    let parcel = &pending.records[1];
    assert_eq!(parcel.delivery_type, DeliveryType::Parcel);
    assert!(parcel.requires_signature && !parcel.collected);
    assert_eq!(parcel.tracking_number.as_deref(), Some("RM500000001GB"));

    let all = client.send(deliveries::my(false).delivery_type(DeliveryType::Parcel).size(1)).await.unwrap();
    last(&fake, "GET", "/api/public/deliveries/my", Some("showPending=false&deliveryType=Parcel&size=1"));
    assert_eq!((all.total_items, all.has_next_page), (Some(2), Some(true)));
    let found = client.send(deliveries::my(false).query("royal")).await.unwrap();
    last(&fake, "GET", "/api/public/deliveries/my", Some("showPending=false&query=royal"));
    assert_eq!(found.records[0].id, DeliveryId(ids::ADA_LETTER));
}

#[tokio::test]
async fn get_one_delivery() {
    let (fake, client) = ada().await;

    let collected = client.send(deliveries::get(DeliveryId(ids::ADA_COLLECTED))).await.unwrap();

    as_ada(&last(&fake, "GET", "/api/public/deliveries/1500000003", None));
    assert!(collected.collected);
    assert_eq!(collected.collected_on.unwrap().as_str(), "2026-08-24T17:05:00");
    assert_eq!(collected.recipient_id, Some(CoworkerId(ids::ADA_PERSONAL)));

    let error = client.send(deliveries::get(DeliveryId(ids::CHARLES_DELIVERY))).await.unwrap_err();
    assert!(matches!(error, Error::Api(deliveries::GetError::NotFound(_))), "{error:?}");
}

#[tokio::test]
async fn mark_as_collected_is_a_put_without_a_body() {
    let (fake, client) = ada().await;

    let () = client.send(deliveries::mark_as_collected(DeliveryId(ids::ADA_PARCEL))).await.unwrap();

    let request = last(&fake, "PUT", "/api/public/deliveries/1500000001/markAsCollected", None);
    as_ada(&request);
    assert!(request.body.is_empty());
    let parcel = client.send(deliveries::get(DeliveryId(ids::ADA_PARCEL))).await.unwrap();
    assert!(parcel.collected);
    assert_eq!(parcel.collected_on.unwrap().as_str(), fake_portal::NOW);
    let pending = client.send(deliveries::my(true)).await.unwrap();
    assert_eq!(pending.records.len(), 1);
}

#[tokio::test]
async fn save_is_for_operators_and_refused_to_members() {
    let (fake, ada) = ada().await;
    let input = DeliveryInput {
        id: None,
        name: Some("Parcel from Babbage & Sons".to_owned()),
        delivery_type: Some(DeliveryType::Parcel),
        recipient_id: Some(CoworkerId(ids::ADA_PERSONAL)),
        sender_name: Some("Babbage & Sons".to_owned()),
        tracking_number: None,
        location: Some("Front desk".to_owned()),
        notes: None,
        requires_signature: Some(false),
    };

    // Charles is an operator.
    let operator = Client::new(fake.base_url()).unwrap().bearer(fake_portal::CHARLES_TOKEN);
    let saved = operator.send(deliveries::save(input.clone())).await.unwrap();

    let request = last(&fake, "PUT", "/api/public/deliveries", None);
    assert_eq!(request.authorization.as_deref(), Some("Bearer demo-token-charles"));
    assert_eq!(
        json_body(&request),
        json!({
            "Name": "Parcel from Babbage & Sons",
            "DeliveryType": "Parcel",
            "RecipientId": ids::ADA_PERSONAL,
            "SenderName": "Babbage & Sons",
            "Location": "Front desk",
            "RequiresSignature": false
        })
    );
    let id = saved.into_value().and_then(|value| value.as_i64()).unwrap();
    let parcel = ada.send(deliveries::get(DeliveryId(id))).await.unwrap();
    assert_eq!(parcel.location.as_deref(), Some("Front desk"));

    // A member gets "Access Denied" on HTTP 200.
    let error = ada.send(deliveries::save(input)).await.unwrap_err();
    let Error::Rejected(rejection) = error else { panic!("expected Rejected, got {error:?}") };
    assert_eq!(rejection.message.as_deref(), Some("Access Denied"));
}

//! Deliveries: mail and parcels held for a profile. `showPending` is
//! required; collecting one is a PUT with no body and an empty 200.

use serde_json::{Value, json};

use super::coworkers::{access_denied, is_admin};
use super::{
    Caller, NOW, PortalState, Record, Reply, as_json, bad_request, confirmed, ids, owned, owned_mut, page_of, serve,
    set, text, unique_id,
};

/// A delivery as the portal answers it.
fn delivery(id: i64, owner: (i64, &str), name: &str, kind: &str, sender: &str, arrived: &str) -> Record {
    let json = json!({
        "Id": id,
        "UniqueId": unique_id(id),
        "Name": name,
        "Notes": null,
        "Location": if kind == "Parcel" { "Parcel shelf B" } else { "Pigeonhole 12" },
        "DeliveryType": kind,
        "CoworkerFullName": owner.1,
        "RecipientId": owner.0,
        "RecipientFullName": owner.1,
        "SenderName": sender,
        "TrackingNumber": if kind == "Parcel" { json!(format!("RM{:09}GB", id % 1_000_000_000)) } else { Value::Null },
        "RequiresSignature": kind == "Parcel",
        "Collected": false,
        "CollectedOn": null,
        "CreatedOn": arrived,
    });
    Record { id, owner: owner.0, json }
}

pub(super) fn seed() -> Vec<Record> {
    let (ada, company, charles) = (
        (ids::ADA_PERSONAL, "Ada Lovelace"),
        (ids::ADA_COMPANY, "Ada Lovelace"),
        (ids::CHARLES_PERSONAL, "Charles Babbage"),
    );
    let mut deliveries = vec![
        delivery(
            ids::ADA_PARCEL,
            ada,
            "Parcel from Analytical Supplies",
            "Parcel",
            "Analytical Supplies",
            "2026-08-31T10:12:00",
        ),
        delivery(
            ids::ADA_LETTER,
            ada,
            "Letter from the Royal Society",
            "Letter",
            "The Royal Society",
            "2026-09-01T08:55:00",
        ),
        delivery(
            ids::ADA_COLLECTED,
            ada,
            "Parcel from Jacquard Looms",
            "Parcel",
            "Jacquard Looms",
            "2026-08-24T09:40:00",
        ),
        delivery(ids::ADA_COMPANY_DELIVERY, company, "Letter from HMRC", "Letter", "HMRC", "2026-08-30T11:20:00"),
        delivery(ids::CHARLES_DELIVERY, charles, "Parcel of gears", "Parcel", "Brass & Co", "2026-08-31T15:00:00"),
    ];
    if let Some(collected) = deliveries.get_mut(2) {
        set(&mut collected.json, "Collected", json!(true));
        set(&mut collected.json, "CollectedOn", json!("2026-08-24T17:05:00"));
    }
    deliveries
}

pub(super) fn my(state: &mut PortalState, caller: Caller, request: &serve::deliveries::My) -> Reply {
    let pending = request.show_pending;
    let query = request.query.as_deref().map(str::to_lowercase);
    let kind = request.delivery_type.as_ref().map(crate::portal_server::DeliveryType::as_str);
    let mut mine: Vec<Value> = state
        .deliveries
        .iter()
        .filter(|record| record.owner == caller.profile)
        .filter(|record| !pending || record.json.get("Collected") == Some(&json!(false)))
        .filter(|record| kind.is_none_or(|kind| text(&record.json, "DeliveryType") == Some(kind)))
        .filter(|record| {
            query.as_deref().is_none_or(|query| {
                ["Name", "Notes", "SenderName"]
                    .iter()
                    .any(|name| text(&record.json, name).is_some_and(|value| value.to_lowercase().contains(query)))
            })
        })
        .map(|record| record.json.clone())
        .collect();
    // Newest first.
    mine.sort_by(|a, b| text(b, "CreatedOn").cmp(&text(a, "CreatedOn")));
    Ok(page_of(mine, request.page, request.size.unwrap_or(15), "CreatedOn", "DESC"))
}

pub(super) fn one(state: &mut PortalState, caller: Caller, request: &serve::deliveries::Get) -> Reply {
    let id = request.id.0;
    Ok(owned(&state.deliveries, caller, id, "Delivery")?.json.clone())
}

pub(super) fn mark_as_collected(
    state: &mut PortalState,
    caller: Caller,
    request: &serve::deliveries::MarkAsCollected,
) -> Reply {
    let id = request.id.0;
    let record = owned_mut(&mut state.deliveries, caller, id, "Delivery")?;
    set(&mut record.json, "Collected", json!(true));
    set(&mut record.json, "CollectedOn", json!(NOW));
    // No body ([DOC]).
    Ok(Value::Null)
}

/// Operators record deliveries; a member's token gets "Access Denied" on
/// HTTP 200 ([RE]).
pub(super) fn save(state: &mut PortalState, caller: Caller, request: &serve::deliveries::Save) -> Reply {
    if !state.account(caller).is_some_and(is_admin) {
        return access_denied();
    }
    let input = as_json(&request.body);
    if let Some(id) = input.get("Id").and_then(Value::as_i64) {
        let Some(record) = state.deliveries.iter_mut().find(|record| record.id == id) else {
            return Err(bad_request(&[("Id", "is not a delivery", json!(id))]));
        };
        for name in ["Name", "DeliveryType", "SenderName", "TrackingNumber", "Location", "Notes", "RequiresSignature"] {
            if let Some(value) = input.get(name) {
                set(&mut record.json, name, value.clone());
            }
        }
        return confirmed(json!(id));
    }
    let (Some(name), Some(recipient)) = (text(&input, "Name"), input.get("RecipientId").and_then(Value::as_i64)) else {
        return Err(bad_request(&[
            ("Name", "is a required field", Value::Null),
            ("RecipientId", "is a required field", Value::Null),
        ]));
    };
    let recipient_name = state
        .accounts
        .iter()
        .flat_map(|account| &account.profiles)
        .find(|profile| profile.id == recipient)
        .map(|profile| profile.full_name.clone());
    let Some(recipient_name) = recipient_name else {
        return Err(bad_request(&[("RecipientId", "is not a customer of this space", json!(recipient))]));
    };
    let id = 1_500_001_000 + state.next();
    let kind = text(&input, "DeliveryType").unwrap_or("Parcel");
    let sender = text(&input, "SenderName").unwrap_or_default();
    let mut record = delivery(id, (recipient, &recipient_name), name, kind, sender, NOW);
    for name in ["TrackingNumber", "Location", "Notes", "RequiresSignature"] {
        if let Some(value) = input.get(name) {
            set(&mut record.json, name, value.clone());
        }
    }
    state.deliveries.push(record);
    confirmed(json!(id))
}

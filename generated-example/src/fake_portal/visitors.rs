//! Visitors: the guests a profile expects. Registering takes a JSON array
//! and answers an empty 200.

use serde_json::{Value, json};

use super::{
    Caller, NOW, PortalState, Record, Reply, bad_request, ids, owned, serve, set, single_page, text, unique_id, utc,
    wall_clock,
};

/// A visitor as the portal answers it.
fn visitor(id: i64, owner: i64, full_name: &str, email: Option<&str>, expected: &str, notes: Option<&str>) -> Record {
    let arrived = expected < NOW;
    let json = json!({
        "Id": id,
        "UniqueId": unique_id(id),
        "FullName": full_name,
        "Email": email,
        "PhoneNumber": null,
        "Notes": notes,
        "ExpectedArrival": expected,
        "UtcExpectedArrival": utc(expected),
        "ArrivalDate": if arrived { json!(expected) } else { Value::Null },
        "UtcArrivalDate": if arrived { json!(utc(expected)) } else { Value::Null },
        "Arrived": arrived,
        "GravatarHashedEmail": null,
        "DefaultAvatarUrl": "https://harbour-works.spaces.example.com/images/visitor.png",
        "HostApprovalStatus": "Approved",
        "CreatedOn": "2026-08-20T09:15:00",
    });
    Record { id, owner, json }
}

pub(super) fn seed() -> Vec<Record> {
    vec![
        visitor(
            ids::ADA_VISITOR,
            ids::ADA_PERSONAL,
            "Mary Somerville",
            Some("mary@example.com"),
            "2026-09-02T10:30:00",
            Some("Here for the engine review."),
        ),
        visitor(ids::ADA_PAST_VISITOR, ids::ADA_PERSONAL, "Michael Faraday", None, "2026-08-27T14:00:00", None),
        visitor(ids::CHARLES_VISITOR, ids::CHARLES_PERSONAL, "John Herschel", None, "2026-09-03T11:00:00", None),
    ]
}

pub(super) fn my(state: &mut PortalState, caller: Caller, request: &serve::visitors::My) -> Reply {
    let upcoming = request.show_upcoming.unwrap_or(false);
    let mut mine: Vec<Value> = state
        .visitors
        .iter()
        .filter(|record| record.owner == caller.profile)
        .filter(|record| !upcoming || text(&record.json, "ExpectedArrival").is_some_and(|expected| expected > NOW))
        .map(|record| record.json.clone())
        .collect();
    mine.sort_by(|a, b| text(a, "ExpectedArrival").cmp(&text(b, "ExpectedArrival")));
    Ok(single_page(mine, "ExpectedArrival"))
}

pub(super) fn register(state: &mut PortalState, caller: Caller, request: &serve::visitors::Register) -> Reply {
    for (index, new) in request.body.iter().enumerate() {
        if new.business_id.0 != ids::SPACE {
            return Err(bad_request(&[(
                &format!("[{index}].BusinessId"),
                "is not this space",
                json!(new.business_id.0),
            )]));
        }
        if new.full_name.trim().is_empty() {
            return Err(bad_request(&[(&format!("[{index}].FullName"), "is a required field", Value::Null)]));
        }
    }
    for new in &request.body {
        let id = 1_400_001_000 + state.next();
        let expected = wall_clock(new.expected_arrival.as_str()).unwrap_or_default();
        let mut record = visitor(id, caller.profile, &new.full_name, new.email.as_deref(), &expected, None);
        set(&mut record.json, "PhoneNumber", json!(new.phone_number));
        set(&mut record.json, "Notes", json!(new.customer_notes));
        set(&mut record.json, "CreatedOn", json!(NOW));
        set(&mut record.json, "HostApprovalStatus", json!("Pending"));
        state.visitors.push(record);
    }
    // 200 with no documented body ([DOC]).
    Ok(Value::Null)
}

pub(super) fn remove(state: &mut PortalState, caller: Caller, request: &serve::visitors::Delete) -> Reply {
    let id = request.id.0;
    owned(&state.visitors, caller, id, "Visitor")?;
    state.visitors.retain(|record| record.id != id);
    Ok(Value::Null)
}

//! Resources: the rooms and desks the space publishes. The summary has
//! optional auth: members see members-only resources too.

use serde_json::{Value, json};

use super::{Caller, PortalState, Reply, ids, not_found, serve, unique_id};

/// A resource of the space: its summary, hourly rate, whether only members
/// see it, and its details beyond the summary.
struct Resource {
    id: i64,
    name: &'static str,
    description: &'static str,
    group: &'static str,
    kind: &'static str,
    order: i32,
    rate: f64,
    members_only: bool,
    allocation: i32,
    amenities: &'static [&'static str],
}

const RESOURCES: &[Resource] = &[
    Resource {
        id: ids::MEETING_ROOM,
        name: "Meeting Room Babbage",
        description: "A bright room for six, with a screen and a whiteboard.",
        group: "Ground floor",
        kind: "Meeting room",
        order: 1,
        rate: 12.0,
        members_only: false,
        allocation: 6,
        amenities: &["Screen", "Whiteboard", "Video calls"],
    },
    Resource {
        id: ids::HOT_DESK,
        name: "Hot Desk 4",
        description: "A desk by the window in the open-plan area.",
        group: "First floor",
        kind: "Desk",
        order: 2,
        rate: 4.0,
        members_only: false,
        allocation: 1,
        amenities: &["Monitor"],
    },
    Resource {
        id: ids::BOARDROOM,
        name: "Boardroom",
        description: "The boardroom, for twelve; members only.",
        group: "First floor",
        kind: "Meeting room",
        order: 3,
        rate: 30.0,
        members_only: true,
        allocation: 12,
        amenities: &["Screen", "Video calls", "Catering"],
    },
];

fn summary_of(resource: &Resource) -> Value {
    json!({
        "Id": resource.id,
        "UniqueId": unique_id(resource.id),
        "Name": resource.name,
        "Description": resource.description,
        "GroupName": resource.group,
        "ResourceTypeName": resource.kind,
        "Visible": true,
        "DisplayOrder": resource.order,
        "BusinessId": ids::SPACE,
        "BusinessName": "Harbour Works",
        "BusinessWebAddress": "harbour-works",
        "HasImage": resource.id != ids::HOT_DESK,
    })
}

/// A resource's summary, as bookings embed it.
pub(super) fn resource(id: i64) -> Option<Value> {
    RESOURCES.iter().find(|resource| resource.id == id).map(summary_of)
}

/// What an hour of a resource costs, in pounds.
pub(super) fn hourly_rate(id: i64) -> Option<f64> {
    RESOURCES.iter().find(|resource| resource.id == id).map(|resource| resource.rate)
}

pub(super) fn summary(_: &mut PortalState, caller: Option<Caller>, _: &serve::resources::Summary) -> Reply {
    let member = caller.is_some();
    let listed: Vec<Value> =
        RESOURCES.iter().filter(|resource| member || !resource.members_only).map(summary_of).collect();
    Ok(Value::Array(listed))
}

/// Public ([RE]): only the resources anyone may see.
pub(super) fn details() -> Value {
    let listed: Vec<Value> = RESOURCES
        .iter()
        .filter(|resource| !resource.members_only)
        .map(|resource| {
            json!({
                "Id": resource.id,
                "UniqueId": unique_id(resource.id),
                "Name": resource.name,
                "Description": resource.description,
                "ResourceTypeName": resource.kind,
                "GroupName": resource.group,
                "Allocation": resource.allocation,
                "Amenities": resource.amenities,
                "BusinessId": ids::SPACE,
                "HasImage": resource.id != ids::HOT_DESK,
            })
        })
        .collect();
    Value::Array(listed)
}

pub(super) fn products(_: &mut PortalState, _: Caller, request: &serve::resources::Products) -> Reply {
    match request.id.0 {
        ids::MEETING_ROOM => Ok(json!([
            { "Id": 2101, "Name": "Coffee for six", "Price": 9.0, "Description": "A pot of coffee and six cups." },
            { "Id": 2102, "Name": "Projector", "Price": 5.0, "Description": null }
        ])),
        ids::BOARDROOM => Ok(json!([
            { "Id": 2103, "Name": "Lunch platter", "Price": 48.0, "Description": "Sandwiches for twelve." }
        ])),
        ids::HOT_DESK => Ok(json!([])),
        _ => Err(not_found("Resource")),
    }
}

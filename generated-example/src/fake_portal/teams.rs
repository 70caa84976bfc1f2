//! Teams, from portal-extras.yaml: the teams of the active profile.

use serde_json::json;

use super::{Caller, PortalState, Reply, ids, serve};

pub(super) fn my(_: &mut PortalState, caller: Caller, request: &serve::teams::My) -> Reply {
    // Ada's company profile is in two teams; she administers the first.
    if caller.profile != ids::ADA_COMPANY {
        return Ok(json!([]));
    }
    let engines = json!({ "Id": 88_001, "Name": "Analytical Engines", "Members": [
        { "CoworkerId": ids::ADA_COMPANY, "FullName": "Ada Lovelace", "IsTeamAdmin": true },
        { "CoworkerId": ids::MARY, "FullName": "Mary Somerville", "IsTeamAdmin": false }
    ]});
    let readers = json!({ "Id": 88_002, "Name": "Reading group", "Members": [
        { "CoworkerId": ids::MARY, "FullName": "Mary Somerville", "IsTeamAdmin": true },
        { "CoworkerId": ids::ADA_COMPANY, "FullName": "Ada Lovelace", "IsTeamAdmin": false }
    ]});
    Ok(if request.only_as_admin == Some(true) { json!([engines]) } else { json!([engines, readers]) })
}
